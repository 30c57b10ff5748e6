//! Checks of option values made when the arguments are parsed (clap value parsers), so a bad
//! value is a usage error (exit 2) before any file is opened: `-C 0`, `--max-iter 0`,
//! `--jobs 100000`…

/// The most scoring threads `--jobs` accepts. More threads than cores only slow scoring down, and
/// each thread holds its own buffers: 1,024 threads take seconds to start.
pub const MAX_JOBS: usize = 256;

fn whole(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .map_err(|_| format!("`{s}` is not a whole number"))
}

/// A count of at least 1 (`--max-iter`, `--min-df`, `--max-features`…).
pub fn at_least_one(s: &str) -> Result<u64, String> {
    match whole(s)? {
        0 => Err("must be at least 1".into()),
        n => Ok(n),
    }
}

/// As [`at_least_one`], as a `usize`.
pub fn at_least_one_usize(s: &str) -> Result<usize, String> {
    usize::try_from(at_least_one(s)?).map_err(|_| format!("`{s}` is too large"))
}

/// An n-gram length: 1 to 3.
pub fn ngram_length(s: &str) -> Result<usize, String> {
    match whole(s)? {
        n @ 1..=3 => Ok(n as usize),
        _ => Err("an n-gram range must satisfy 1 <= min <= max <= 3".into()),
    }
}

/// A number of folds: at least 2.
pub fn folds(s: &str) -> Result<usize, String> {
    match whole(s)? {
        0 | 1 => Err("--folds must be at least 2".into()),
        n => usize::try_from(n).map_err(|_| format!("`{s}` is too large")),
    }
}

/// `--jobs`: 1 to [`MAX_JOBS`].
pub fn jobs(s: &str) -> Result<usize, String> {
    let too_many = || {
        format!(
            "at most {MAX_JOBS} scoring threads (this machine has {} cores)",
            cores()
        )
    };
    match s.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) if n <= MAX_JOBS as u64 => Ok(n as usize),
        Ok(_) => Err(too_many()),
        // Digits only, but beyond u64: too many as well.
        Err(_) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
            Err(too_many())
        }
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A number in [0, 1] (a probability or a band on the slant scale).
pub fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{s} is not within [0, 1]"))
    }
}

/// `-C`: a finite number above 0.
pub fn positive(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))?;
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err("C must be a finite number above 0".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_are_refused_and_good_ones_kept() {
        for bad in ["0", "-1", "nan", "NaN", "inf", "-inf", "x", ""] {
            assert!(positive(bad).is_err(), "{bad}");
        }
        assert_eq!(positive("0.5"), Ok(0.5));
        assert_eq!(positive("1e3"), Ok(1000.0));
        assert!(at_least_one("0").is_err());
        assert!(at_least_one("-3").is_err());
        assert_eq!(at_least_one("7"), Ok(7));
        assert!(ngram_length("4").is_err());
        assert!(ngram_length("0").is_err());
        assert_eq!(ngram_length("2"), Ok(2));
        assert!(folds("1").is_err());
        assert_eq!(folds("5"), Ok(5));
        for bad in [
            "0",
            "257",
            "100000",
            "18446744073709551615",
            "99999999999999999999999",
        ] {
            let e = jobs(bad).unwrap_err();
            assert!(bad == "0" || e.contains("at most 256"), "{bad}: {e}");
        }
        assert!(jobs("-1").is_err());
        assert_eq!(jobs("256"), Ok(256));
        assert_eq!(jobs("1"), Ok(1));
    }
}

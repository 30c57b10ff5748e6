//! Floats as the tables print them: six decimals, trailing zeros trimmed, "-0" as "0"
//! ([`format_float`], built on `format!`), and a fast twin writing the same digits into a reused
//! buffer ([`write_float`]); every probability of every sentence goes through it.

/// Six decimals, trailing zeros trimmed: stable, short and exact enough for probabilities.
pub fn format_float(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let s = format!("{f:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// Appends [`format_float`]`(f)` to `out` without allocating for the values tables hold.
pub fn write_float(f: f64, out: &mut String) {
    if !write_small(f, out) {
        out.push_str(&format_float(f));
    }
}

/// Below this magnitude `f * 1e6` is below 1e9, where an f64 has 2^-23 resolution: the product's
/// rounding error (half of that) cannot move it across a rounding boundary unless it lies within
/// [`TIE_BAND`] of one, and those few values go to the slow twin.
const SMALL: f64 = 1e3;
const TIE_BAND: f64 = 1e-6;

/// The fast path: false (writing nothing) when it cannot be sure of the digits.
fn write_small(f: f64, out: &mut String) -> bool {
    let x = f.abs();
    if x.is_nan() || x >= SMALL {
        return false; // large, infinite or NaN
    }
    let scaled = x * 1e6;
    let floor = scaled.floor();
    if ((scaled - floor) - 0.5).abs() < TIE_BAND {
        return false; // too near a half: exact rounding decides
    }
    let micros = scaled.round() as u64;
    if micros == 0 {
        out.push('0'); // also "-0" and tiny negatives, as format_float does
        return true;
    }
    if f < 0.0 {
        out.push('-');
    }
    push_u64(micros / 1_000_000, out);
    let mut frac = micros % 1_000_000;
    if frac > 0 {
        let mut digits = 6;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        out.push('.');
        let mut buf = [b'0'; 6];
        for slot in buf[..digits].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.push_str(std::str::from_utf8(&buf[..digits]).expect("ASCII digits"));
    }
    true
}

/// Appends the decimal digits of `v`.
pub fn push_u64(mut v: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[at..]).expect("ASCII digits"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fast(f: f64) -> String {
        let mut s = String::new();
        write_float(f, &mut s);
        s
    }

    #[test]
    fn floats_are_short_and_stable() {
        assert_eq!(format_float(1.0), "1");
        assert_eq!(format_float(0.1234567), "0.123457");
        assert_eq!(format_float(-0.0000001), "0");
        for f in [
            0.0,
            -0.0,
            1.0,
            10.0,
            0.5,
            0.0000005,
            0.0000015,
            0.1234565,
            -2.5e-7,
            999.9999995,
            1e3,
            1e20,
            -7.25,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(fast(f), format_float(f), "{f:e}");
        }
    }

    #[test]
    fn integers_print_all_their_digits() {
        for v in [0, 7, 10, 1234567890, u64::MAX] {
            let mut s = String::new();
            push_u64(v, &mut s);
            assert_eq!(s, v.to_string());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn fast_floats_print_what_format_float_prints(
            p in 0.0f64..1.0,
            wide in -2e3f64..2e3,
            bits in any::<u64>(),
            micros in 0u64..2_000_000_000,
        ) {
            // Probabilities, wider values, any bit pattern, and values at and near ties.
            let tie = (micros as f64 + 0.5) / 1e6;
            for f in [p, wide, f64::from_bits(bits), tie, -tie, micros as f64 / 1e6] {
                prop_assert_eq!(fast(f), format_float(f), "{:e}", f);
            }
        }
    }
}

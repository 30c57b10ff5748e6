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
    match small(f) {
        Some(digits) => out.push_str(digits.as_str()),
        None => out.push_str(&format_float(f)),
    }
}

/// As [`write_float`], onto bytes (the table writers' row buffers).
pub fn write_float_bytes(f: f64, out: &mut Vec<u8>) {
    match small(f) {
        Some(digits) => out.extend_from_slice(digits.as_bytes()),
        None => out.extend_from_slice(format_float(f).as_bytes()),
    }
}

/// Below this magnitude `f * 1e6` is below 1e9, where an f64 has 2^-23 resolution: the product's
/// rounding error (half of that) cannot move it across a rounding boundary unless it lies within
/// [`TIE_BAND`] of one, and those few values go to the slow twin.
const SMALL: f64 = 1e3;
const TIE_BAND: f64 = 1e-6;

/// The fast path: `None` when it cannot be sure of the digits.
fn small(f: f64) -> Option<Digits> {
    let x = f.abs();
    if x.is_nan() || x >= SMALL {
        return None; // large, infinite or NaN
    }
    let scaled = x * 1e6;
    // `as` truncates: the floor of a value in [0, 1e9); the difference is exact.
    let whole = scaled as u64;
    let fraction = scaled - whole as f64;
    if (fraction - 0.5).abs() < TIE_BAND {
        return None; // too near a half: exact rounding decides
    }
    let micros = whole + u64::from(fraction > 0.5);
    let mut digits = Digits::default();
    if micros == 0 {
        digits.push_front(b'0'); // also "-0" and tiny negatives, as format_float does
        return Some(digits);
    }
    let mut frac = micros % 1_000_000;
    if frac > 0 {
        let mut kept = 6;
        while frac % 10 == 0 {
            frac /= 10; // trailing zeros trimmed
            kept -= 1;
        }
        for _ in 0..kept {
            digits.push_front(b'0' + (frac % 10) as u8);
            frac /= 10;
        }
        digits.push_front(b'.');
    }
    digits.push_u64_front(micros / 1_000_000);
    if f < 0.0 {
        digits.push_front(b'-');
    }
    Some(digits)
}

/// A number's characters, written right to left into a fixed buffer: no allocation and one copy
/// into the output.
struct Digits {
    buf: [u8; 32],
    at: usize,
}

impl Default for Digits {
    fn default() -> Self {
        Digits {
            buf: [0; 32],
            at: 32,
        }
    }
}

impl Digits {
    fn push_front(&mut self, b: u8) {
        self.at -= 1;
        self.buf[self.at] = b;
    }

    fn push_u64_front(&mut self, mut v: u64) {
        loop {
            self.push_front(b'0' + (v % 10) as u8);
            v /= 10;
            if v == 0 {
                break;
            }
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[self.at..]
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).expect("ASCII digits")
    }
}

/// Appends the decimal digits of `v`.
pub fn push_u64(v: u64, out: &mut String) {
    let mut digits = Digits::default();
    digits.push_u64_front(v);
    out.push_str(digits.as_str());
}

/// As [`push_u64`], onto bytes.
pub fn push_u64_bytes(v: u64, out: &mut Vec<u8>) {
    let mut digits = Digits::default();
    digits.push_u64_front(v);
    out.extend_from_slice(digits.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path, through both writers (they must agree).
    fn fast(f: f64) -> String {
        let mut s = String::new();
        write_float(f, &mut s);
        let mut bytes = Vec::new();
        write_float_bytes(f, &mut bytes);
        assert_eq!(s.as_bytes(), bytes, "{f:e}");
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
            let mut bytes = b"x".to_vec();
            push_u64_bytes(v, &mut bytes);
            assert_eq!(bytes, format!("x{v}").as_bytes());
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

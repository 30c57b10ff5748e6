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
        Some(digits) => digits.push_to_string(out),
        None => out.push_str(&format_float(f)),
    }
}

/// As [`write_float`], onto bytes (the table writers' row buffers).
pub fn write_float_bytes(f: f64, out: &mut Vec<u8>) {
    match small(f) {
        Some(digits) => digits.push_to(out),
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
    if micros == 0 {
        return Some(Digits::of_u64(0)); // also "-0" and tiny negatives, as format_float does
    }
    // The length comes first (the digits are left-aligned): sign, units, then the fraction with
    // its trailing zeros trimmed.
    let units = micros / 1_000_000;
    let mut frac = micros % 1_000_000;
    let mut kept = 0;
    if frac > 0 {
        kept = 6;
        while frac % 10 == 0 {
            frac /= 10;
            kept -= 1;
        }
    }
    let negative = usize::from(f < 0.0);
    let unit_digits = decimal_len(units);
    let len = negative + unit_digits + if kept > 0 { 1 + kept } else { 0 };
    let mut digits = Digits {
        buf: [b'0'; WIDTH],
        len,
    };
    if negative == 1 {
        digits.buf[0] = b'-';
    }
    digits.put(negative, unit_digits, units);
    if kept > 0 {
        digits.buf[negative + unit_digits] = b'.';
        digits.put(negative + unit_digits + 1, kept, frac);
    }
    Some(digits)
}

/// "00", "01", .., "99": two digits per division.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        pairs[2 * i] = b'0' + (i / 10) as u8;
        pairs[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    pairs
};

/// Room for any number written here (a u64 has at most 20 digits).
const WIDTH: usize = 32;

/// Decimal digits of `v` (1 for 0).
fn decimal_len(v: u64) -> usize {
    v.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// A number's characters, left-aligned in a fixed buffer. The whole buffer is appended and then
/// cut to length: a fixed-size move instead of a variable-length `memcpy` call per number.
struct Digits {
    buf: [u8; WIDTH],
    len: usize,
}

impl Digits {
    fn of_u64(v: u64) -> Digits {
        let len = decimal_len(v);
        let mut digits = Digits {
            buf: [b'0'; WIDTH],
            len,
        };
        digits.put(0, len, v);
        digits
    }

    /// Writes the last `count` decimal digits of `v` at `buf[at..at + count]`, two at a time.
    fn put(&mut self, at: usize, count: usize, mut v: u64) {
        let mut k = at + count;
        while k >= at + 2 {
            let pair = 2 * (v % 100) as usize;
            v /= 100;
            k -= 2;
            self.buf[k..k + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
        }
        if k > at {
            self.buf[k - 1] = b'0' + (v % 10) as u8;
        }
    }

    fn push_to(&self, out: &mut Vec<u8>) {
        let start = out.len();
        out.extend_from_slice(&self.buf);
        out.truncate(start + self.len);
    }

    fn push_to_string(&self, out: &mut String) {
        let start = out.len();
        // The whole buffer is ASCII (digits over a background of '0's).
        out.push_str(std::str::from_utf8(&self.buf).expect("ASCII"));
        out.truncate(start + self.len);
    }
}

/// Appends the decimal digits of `v`.
pub fn push_u64(v: u64, out: &mut String) {
    Digits::of_u64(v).push_to_string(out);
}

/// As [`push_u64`], onto bytes.
pub fn push_u64_bytes(v: u64, out: &mut Vec<u8>) {
    Digits::of_u64(v).push_to(out);
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
        #[test]
        fn integers_print_what_to_string_prints(v in any::<u64>(), small in 0u64..100_000) {
            for v in [v, small, v >> (v % 64)] {
                let mut s = "x".to_string();
                push_u64(v, &mut s);
                let mut bytes = b"x".to_vec();
                push_u64_bytes(v, &mut bytes);
                prop_assert_eq!(&s, &format!("x{v}"));
                prop_assert_eq!(bytes, s.into_bytes());
            }
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

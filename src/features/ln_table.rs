//! `ln` of small counts from a table: term frequencies and lexicon counts are small integers, and
//! a `logf` call per feature was a visible share of featurizing. The table holds the very values
//! `f32::ln` returns, so features do not change by a bit.

use std::sync::OnceLock;

/// Counts below this come from the table.
const TABLE_LEN: usize = 64;

fn table() -> &'static [f32; TABLE_LEN] {
    static TABLE: OnceLock<[f32; TABLE_LEN]> = OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|n| (n as f32).ln()))
}

/// `(n as f32).ln()`.
pub fn ln_count(n: usize) -> f32 {
    match table().get(n) {
        Some(&v) => v,
        None => (n as f32).ln(),
    }
}

/// `(1.0 + n as f32).ln()`.
pub fn ln_1p_count(n: usize) -> f32 {
    match table().get(n + 1) {
        Some(&v) => v,
        None => (1.0 + n as f32).ln(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_values_are_bit_identical_to_ln() {
        for n in 0..TABLE_LEN * 2 {
            assert_eq!(ln_count(n).to_bits(), (n as f32).ln().to_bits(), "{n}");
            assert_eq!(
                ln_1p_count(n).to_bits(),
                (1.0 + n as f32).ln().to_bits(),
                "{n}"
            );
        }
    }
}

//! A quick, conservative test that a line cannot contain any of a set of literals, run before
//! the exact literal search (an Aho-Corasick DFA reads every byte; this reads a few words).
//!
//! 8-byte windows ("grams") of the literals of 8+ bytes go into a two-hash Bloom filter. An
//! occurrence of a literal of length `L` holds grams at `L - 7` consecutive offsets; the line is
//! probed at every `stride`-th offset (`stride` <= `L - 7` for all literals), so `stride`
//! consecutive grams of each literal (its rarest such run) are enough to meet every occurrence.
//! Bytes are compared with bit 5 set (`| 0x20`): ASCII letters of either case then agree, so the
//! filter needs no lower-cased copy of the line. Shorter literals are searched for directly.

use aho_corasick::AhoCorasick;

const GRAM: usize = 8;
/// Bloom filter of 2^16 bits per hash (8 KiB each: stays in the L1 cache).
const BLOOM_WORDS: usize = 1 << 10;
/// Largest probe stride (longer literals would allow more; the filter is cheap enough by then).
const MAX_STRIDE: usize = 8;
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// The Bloom filter of long literals and a direct search for short ones.
pub struct GramFilter {
    first: Box<[u64; BLOOM_WORDS]>,
    second: Box<[u64; BLOOM_WORDS]>,
    stride: usize,
    any_long: bool,
    /// Literals shorter than a gram with ASCII letters (case ignored).
    short: Option<AhoCorasick>,
    /// Literals shorter than a gram without ASCII letters.
    short_plain: Vec<String>,
}

/// The two Bloom bit positions of one gram.
fn hashes(gram: u64) -> (usize, usize) {
    let h = (gram | CASE_BITS).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((h >> 48) as usize, ((h >> 32) & 0xffff) as usize)
}

/// English letters from most to least frequent, after the space.
const BY_FREQUENCY: &[u8] = b" etaoinshrdlcumwfgypbvkjxqz";

/// How rare a gram is likely to be in news text: the sum of its bytes' frequency ranks (other
/// bytes count as rarest).
fn rarity(gram: &[u8]) -> usize {
    gram.iter()
        .map(|b| {
            BY_FREQUENCY
                .iter()
                .position(|f| *f == b.to_ascii_lowercase())
                .unwrap_or(BY_FREQUENCY.len())
        })
        .sum()
}

fn gram_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; GRAM];
    word.copy_from_slice(&bytes[at..at + GRAM]);
    u64::from_le_bytes(word)
}

fn has_bit(bits: &[u64; BLOOM_WORDS], k: usize) -> bool {
    bits[k >> 6] >> (k & 63) & 1 != 0
}

impl GramFilter {
    /// A filter for `literals` (folded as in `rule_literals`: ASCII lower case).
    pub fn new(literals: &[String]) -> Result<GramFilter, aho_corasick::BuildError> {
        let mut first = Box::new([0u64; BLOOM_WORDS]);
        let mut second = Box::new([0u64; BLOOM_WORDS]);
        let (long, short): (Vec<&String>, Vec<&String>) =
            literals.iter().partition(|lit| lit.len() >= GRAM);
        let stride = long
            .iter()
            .map(|lit| lit.len() - GRAM + 1)
            .min()
            .unwrap_or(1)
            .min(MAX_STRIDE);
        for lit in &long {
            let bytes = lit.as_bytes();
            // `stride` consecutive offsets suffice (one of them is probed); take the rarest run,
            // so common grams of a literal ("for any ", "ions of ") do not pass every line.
            let runs = bytes.len() - GRAM + 1 - (stride - 1);
            let run_rarity = |o: usize| {
                (o..o + stride)
                    .map(|at| rarity(&bytes[at..at + GRAM]))
                    .min()
            };
            let start = (0..runs).max_by_key(|&o| run_rarity(o)).unwrap_or(0);
            for at in start..start + stride {
                let (a, b) = hashes(gram_at(bytes, at));
                first[a >> 6] |= 1 << (a & 63);
                second[b >> 6] |= 1 << (b & 63);
            }
        }
        // Short literals without letters ("©") need no case folding: std's substring search
        // finds them fastest. Ones with letters go into one case-insensitive automaton.
        let (with_letters, plain): (Vec<&String>, Vec<&String>) = short
            .into_iter()
            .partition(|lit| lit.bytes().any(|b| b.is_ascii_alphabetic()));
        let short = if with_letters.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(with_letters)?,
            )
        };
        let short_plain = plain.into_iter().cloned().collect();
        Ok(GramFilter {
            first,
            second,
            stride,
            any_long: !long.is_empty(),
            short,
            short_plain,
        })
    }

    /// False only if `haystack` contains none of the literals (ASCII case ignored).
    pub fn may_contain(&self, haystack: &str) -> bool {
        if self
            .short_plain
            .iter()
            .any(|lit| haystack.contains(lit.as_str()))
            || self.short.as_ref().is_some_and(|ac| ac.is_match(haystack))
        {
            return true;
        }
        let bytes = haystack.as_bytes();
        if !self.any_long || bytes.len() < GRAM {
            return false;
        }
        // A plain loop: `step_by(..).any(..)` compiled to a slow generic fold.
        let mut at = 0;
        while at + GRAM <= bytes.len() {
            let (a, b) = hashes(gram_at(bytes, at));
            if has_bit(&self.first, a) && has_bit(&self.second, b) {
                return true;
            }
            at += self.stride;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn filter(lits: &[&str]) -> GramFilter {
        let lits: Vec<String> = lits.iter().map(|s| s.to_string()).collect();
        GramFilter::new(&lits).expect("small literal set")
    }

    #[test]
    fn literals_are_found_at_any_offset_and_case() {
        let f = filter(&["click here", "newsletter", "©", "ab"]);
        assert_eq!(f.stride, 3);
        for pad in 0..12 {
            let pre = "x".repeat(pad);
            assert!(f.may_contain(&format!("{pre}CLICK HERE now")), "{pad}");
            assert!(f.may_contain(&format!("{pre}our NewsLetter")), "{pad}");
        }
        assert!(f.may_contain("© 2024") && f.may_contain("xAB"));
        assert!(!f.may_contain("The council met on Monday to discuss the harbour."));
        assert!(!f.may_contain(""));
    }

    proptest! {
        /// Never a false "no": a line that holds a literal (any case, any offset) passes.
        #[test]
        fn a_line_with_a_literal_always_passes(
            lits in prop::collection::vec("[a-z ©]{1,16}|[0-9©]{1,4}", 1..6),
            pick in any::<prop::sample::Index>(),
            pre in "\\PC{0,20}",
            post in "\\PC{0,20}",
            upper in any::<bool>(),
        ) {
            let f = GramFilter::new(&lits).expect("small literal set");
            let lit = pick.get(&lits);
            let lit = if upper { lit.to_uppercase() } else { lit.clone() };
            let line = format!("{pre}{lit}{post}");
            prop_assert!(f.may_contain(&line), "{:?} in {:?}", lits, line);
        }
    }
}

//! Vocabulary look-up by word ids instead of n-gram strings: each lower-cased token is hashed once
//! to a word id, and n-grams are looked up by their packed ids. Hashing every n-gram string (and
//! comparing it on a hit) was the largest cost of featurizing.
//!
//! Exact: tokens hold no spaces, so an n-gram string equals a vocabulary term exactly when the
//! term, split at its spaces, is the same word sequence. Terms that no token sequence can spell
//! that way (an empty word, more than [`MAX_N`] words), or more distinct words than a packed key
//! holds (2^21), make [`NgramIndex::new`] refuse, and the featurizer then keeps its string look-up.

use rustc_hash::FxHashMap;

use crate::features::ngrams::NgramBuffer;

/// Longest n-gram the packed key holds (the feature spec allows up to 3).
pub const MAX_N: usize = 3;

/// No word id: the token appears in no vocabulary term, so no n-gram over it is in the vocabulary.
const NO_WORD: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq)]
pub struct NgramIndex {
    /// Words of up to [`SHORT_WORD`] bytes (nearly all), packed into an integer: no string
    /// hashing or `memcmp` on look-up.
    short_words: FxHashMap<u128, u32>,
    /// Longer words of vocabulary terms → their ids.
    long_words: FxHashMap<Box<str>, u32>,
    /// Per word id: the vocabulary index of the unigram, or `NO_WORD`.
    unigrams: Vec<u32>,
    /// Packed word ids of each longer n-gram (see [`gram_key`]) → vocabulary index.
    grams: FxHashMap<u64, u32>,
}

/// Longest word packed by [`short_key`].
const SHORT_WORD: usize = 15;

/// Bits per word id in a packed n-gram key: three ids (plus one, so that 0 is "no word") fit.
const ID_BITS: u32 = 21;

/// A word of at most [`SHORT_WORD`] bytes as one integer: its bytes (little-endian), then its
/// length in the top byte (one-to-one, so equal keys mean equal words). Built from overlapping
/// fixed-size loads instead of a variable-length copy (a `memcpy` call per token).
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    let len = b.len();
    let le64 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let le32 = |at: usize| {
        u64::from(u32::from_le_bytes(
            b[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    // The bytes from 8 (or 4) on are the top bytes of the last 8 (or 4): shift the rest out.
    let (lo, hi) = match len {
        n if n > SHORT_WORD => return None,
        8.. => (
            le64(0),
            le64(len - 8)
                .checked_shr(8 * (16 - len) as u32)
                .unwrap_or(0),
        ),
        4.. => (
            le32(0) | le32(len - 4).checked_shr(8 * (8 - len) as u32).unwrap_or(0) << 32,
            0,
        ),
        _ => (b.iter().rev().fold(0, |k, &x| k << 8 | u64::from(x)), 0),
    };
    Some(u128::from(lo) | u128::from(hi) << 64 | (len as u128) << 120)
}

/// The word ids of a 2- or 3-gram packed into one key (ids below `2^ID_BITS - 1`).
fn gram_key(ids: &[u32]) -> u64 {
    ids.iter().enumerate().fold(0, |k, (i, &id)| {
        k | (u64::from(id) + 1) << (ID_BITS * i as u32)
    })
}

impl NgramIndex {
    /// The index of vocabulary `terms` (index = position), or None when a term cannot be keyed.
    pub fn new(terms: &[String]) -> Option<NgramIndex> {
        let mut index = NgramIndex {
            short_words: FxHashMap::default(),
            long_words: FxHashMap::default(),
            unigrams: Vec::new(),
            grams: FxHashMap::default(),
        };
        let mut ids = Vec::with_capacity(MAX_N);
        for (at, term) in terms.iter().enumerate() {
            ids.clear();
            for word in term.split(' ') {
                if word.is_empty() || ids.len() == MAX_N {
                    return None;
                }
                ids.push(match index.word(word) {
                    Some(id) => id,
                    None => index.add_word(word)?,
                });
            }
            if let [id] = ids[..] {
                index.unigrams[id as usize] = at as u32;
            } else {
                index.grams.insert(gram_key(&ids), at as u32);
            }
        }
        Some(index)
    }

    /// A new word's id; None when ids run out of key bits.
    fn add_word(&mut self, word: &str) -> Option<u32> {
        let id = self.unigrams.len() as u32;
        if id + 1 >= 1 << ID_BITS {
            return None;
        }
        self.unigrams.push(NO_WORD);
        match short_key(word) {
            Some(key) => self.short_words.insert(key, id),
            None => self.long_words.insert(word.into(), id),
        };
        Some(id)
    }

    /// The id of `word`, if it is a word of some vocabulary term.
    fn word(&self, word: &str) -> Option<u32> {
        match short_key(word) {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(word),
        }
        .copied()
    }

    /// Calls `hit` with the vocabulary index of every n-gram of the loaded sentence that is in the
    /// vocabulary, n from `min` to `max` (at most [`MAX_N`]), in the order of
    /// [`NgramBuffer::for_each_ngram`]. `ids` is a reused buffer.
    pub fn for_each_hit(
        &self,
        buffer: &NgramBuffer,
        min: usize,
        max: usize,
        ids: &mut Vec<u32>,
        mut hit: impl FnMut(u32),
    ) {
        debug_assert!(max <= MAX_N);
        ids.clear();
        ids.extend(
            (0..buffer.token_count()).map(|i| self.word(buffer.lowered(i)).unwrap_or(NO_WORD)),
        );
        for n in min.max(1)..=max.min(MAX_N) {
            for window in ids.windows(n) {
                if window.contains(&NO_WORD) {
                    continue;
                }
                let found = match window {
                    [id] => Some(self.unigrams[*id as usize]).filter(|&i| i != NO_WORD),
                    _ => self.grams.get(&gram_key(window)).copied(),
                };
                if let Some(index) = found {
                    hit(index);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::vocabulary::Vocabulary;
    use proptest::prelude::*;

    fn terms(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn terms_no_token_sequence_can_spell_are_refused() {
        assert!(NgramIndex::new(&terms(&["a", "a b c"])).is_some());
        assert!(NgramIndex::new(&terms(&["a b c d"])).is_none());
        assert!(NgramIndex::new(&terms(&["a  b"])).is_none());
        assert!(NgramIndex::new(&terms(&[""])).is_none());
    }

    /// The plain form of [`short_key`]: the bytes copied into 16, the length last.
    fn short_key_by_copy(word: &str) -> Option<u128> {
        let bytes = word.as_bytes();
        (bytes.len() <= SHORT_WORD).then(|| {
            let mut packed = [0u8; 16];
            packed[..bytes.len()].copy_from_slice(bytes);
            packed[15] = bytes.len() as u8;
            u128::from_le_bytes(packed)
        })
    }

    #[test]
    fn packed_words_match_the_plain_packing() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
        ];
        for w in words
            .into_iter()
            .chain(["abcdefghijklmno", "abcdefghijklmnop", "ça", "ümitüm"])
        {
            assert_eq!(short_key(w), short_key_by_copy(w), "{w}");
        }
    }

    proptest! {
        #[test]
        fn packed_words_match_the_plain_packing_on_any_bytes(word in "\\PC{0,10}") {
            for end in 0..=word.len() {
                if let Some(w) = word.get(..end) {
                    prop_assert_eq!(short_key(w), short_key_by_copy(w));
                }
            }
        }
    }

    #[test]
    fn short_and_long_words_are_both_found() {
        let long = "internationalization";
        let index = NgramIndex::new(&terms(&["a", long, "a internationalization"])).unwrap();
        assert!(short_key(long).is_none() && short_key("a").is_some());
        assert_eq!(index.word(long), Some(1));
        assert_eq!(index.word("a"), Some(0));
        assert_eq!(index.word("internationalizatio"), None);
        assert_ne!(
            short_key("ab"),
            short_key("ab\0"),
            "the length is part of the key"
        );
    }

    /// Words that collide in interesting ways: shared prefixes, case, non-ASCII, hyphens.
    const WORDS: &[&str] = &[
        "the",
        "The",
        "us",
        "US",
        "u.s",
        "troops",
        "troop",
        "left",
        "so-called",
        "ümit",
        "ÜMIT",
        "iraq's",
        "Iraq’s",
        "2,500",
        "a",
        "b",
        "counterinsurgency",
        "Counter-Insurgency",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::sample::select(WORDS),
                prop::sample::select(&[" ", ", ", ". ", " - "][..]),
            ),
            0..14,
        )
        .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The id look-up finds exactly the vocabulary indices the string look-up finds, in order.
        #[test]
        fn id_lookup_agrees_with_string_lookup(
            fit in prop::collection::vec(sentence(), 1..8),
            text in sentence(),
            min in 1usize..=3,
            span in 0usize..=2,
        ) {
            let max = (min + span).min(MAX_N);
            let spec = crate::features::FeatureSpec {
                ngram_min: 1,
                ngram_max: 3,
                min_df: 1,
                ..Default::default()
            };
            let vocabulary = Vocabulary::fit(&spec, fit.iter().map(String::as_str));
            let index = NgramIndex::new(vocabulary.terms()).expect("fitted terms can be keyed");
            let mut buffer = NgramBuffer::default();
            buffer.load(&text);
            let mut slow = Vec::new();
            buffer.for_each_ngram(min, max, |g| slow.extend(vocabulary.get(g)));
            let mut fast = Vec::new();
            index.for_each_hit(&buffer, min, max, &mut Vec::new(), |i| fast.push(i));
            prop_assert_eq!(fast, slow);
        }
    }
}

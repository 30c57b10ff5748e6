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
use crate::features::word_table::{WordTable, EMPTY};
use crate::text::word_key::{self, SHORT_WORD};

/// Longest n-gram the packed key holds (the feature spec allows up to 3).
pub const MAX_N: usize = 3;

/// No word id: the token appears in no vocabulary term, so no n-gram over it is in the vocabulary.
const NO_WORD: u32 = u32::MAX;

#[derive(Debug, Clone, PartialEq)]
pub struct NgramIndex {
    /// Words of up to [`SHORT_WORD`] bytes (nearly all), packed into an integer: no string
    /// hashing or `memcmp` on look-up. The value of every word id (short or long) is the
    /// vocabulary index of its unigram, or `NO_WORD`.
    short_words: WordTable,
    /// Longer words of vocabulary terms → their ids.
    long_words: FxHashMap<Box<str>, u32>,
    /// Packed word ids of each longer n-gram (see [`gram_key`]) → vocabulary index.
    grams: FxHashMap<u64, u32>,
    /// Ids below this are words of vocabulary terms; the ids above belong to the extra words
    /// (see [`NgramIndex::with_extra_words`]), which are in no n-gram.
    term_words: u32,
}

/// Bits per word id in a packed n-gram key: three ids (plus one, so that 0 is "no word") fit.
const ID_BITS: u32 = 21;

/// The word ids of a 2- or 3-gram packed into one key (ids below `2^ID_BITS - 1`).
fn gram_key(ids: &[u32]) -> u64 {
    ids.iter().enumerate().fold(0, |k, (i, &id)| {
        k | (u64::from(id) + 1) << (ID_BITS * i as u32)
    })
}

/// The words of the vocabulary while the index is built, with provisional ids (in order of
/// first appearance).
#[derive(Default)]
struct WordIds {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    count: u32,
}

impl WordIds {
    fn get(&self, word: &str) -> Option<u32> {
        match word_key::key(word.as_bytes()) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
        .copied()
    }

    /// The id of `word`, a new one if it has none; None when ids run out of key bits.
    fn id(&mut self, word: &str) -> Option<u32> {
        if let Some(id) = self.get(word) {
            return Some(id);
        }
        let id = self.count;
        if id + 1 >= 1 << ID_BITS {
            return None;
        }
        self.count += 1;
        match word_key::key(word.as_bytes()) {
            Some(key) => self.short.insert(key, id),
            None => self.long.insert(word.into(), id),
        };
        Some(id)
    }
}

/// The words of a vocabulary term, or None when no token sequence can spell it.
fn term_words(term: &str) -> Option<impl Iterator<Item = &str>> {
    let spellable = term.split(' ').all(|w| !w.is_empty()) && term.split(' ').count() <= MAX_N;
    spellable.then(|| term.split(' '))
}

impl NgramIndex {
    /// The index of vocabulary `terms` (index = position), or None when a term cannot be keyed.
    pub fn new(terms: &[String]) -> Option<NgramIndex> {
        NgramIndex::with_idf(terms, &[])
    }

    /// [`NgramIndex::with_idf`], whose word ids also cover `extra` words (non-empty, without
    /// spaces): other look-ups by word, such as the lexicon's, can then reuse the ids of a
    /// sentence's tokens instead of hashing each token again.
    pub fn with_extra_words<'a>(
        terms: &[String],
        idf: &[f32],
        extra: impl IntoIterator<Item = &'a str>,
    ) -> Option<NgramIndex> {
        NgramIndex::build(terms, idf, extra)
    }

    /// [`NgramIndex::new`], with the terms' inverse document frequencies (or none): words get
    /// their ids most frequent first (lowest unigram idf), which packs the table entries of the
    /// common words into a few cache lines. Look-ups give the same answers in any order.
    pub fn with_idf(terms: &[String], idf: &[f32]) -> Option<NgramIndex> {
        NgramIndex::build(terms, idf, [])
    }

    fn build<'a>(
        terms: &[String],
        idf: &[f32],
        extra: impl IntoIterator<Item = &'a str>,
    ) -> Option<NgramIndex> {
        let mut words = WordIds::default();
        // Per provisional id: the idf of its unigram term (infinite if it has none).
        let mut word_idf = Vec::new();
        for (at, term) in terms.iter().enumerate() {
            let mut n = 0;
            let mut last = 0;
            for word in term_words(term)? {
                last = words.id(word)?;
                n += 1;
            }
            word_idf.resize(words.count as usize, f32::INFINITY);
            if n == 1 {
                word_idf[last as usize] = idf.get(at).copied().unwrap_or(f32::INFINITY);
            }
        }
        // Extra words come after every term word: their ids sort last (infinite idf, stable).
        let term_words = words.count;
        for word in extra {
            if word.is_empty() || word.contains(' ') {
                return None;
            }
            words.id(word)?;
        }
        word_idf.resize(words.count as usize, f32::INFINITY);
        let mut order: Vec<u32> = (0..words.count).collect();
        order.sort_by(|&a, &b| word_idf[a as usize].total_cmp(&word_idf[b as usize]));
        let mut final_id = vec![0; order.len()];
        for (rank, &id) in order.iter().enumerate() {
            final_id[id as usize] = rank as u32;
        }
        let id_of =
            |word: &str| final_id[words.get(word).expect("seen in the first pass") as usize];

        let mut unigrams = vec![NO_WORD; order.len()];
        let mut grams = FxHashMap::default();
        let mut ids = Vec::with_capacity(MAX_N);
        for (at, term) in terms.iter().enumerate() {
            ids.clear();
            ids.extend(term.split(' ').map(id_of));
            if let [id] = ids[..] {
                unigrams[id as usize] = at as u32;
            } else {
                grams.insert(gram_key(&ids), at as u32);
            }
        }
        // In id order, so that equal vocabularies give equal tables.
        let mut short: Vec<(u128, u32)> = words
            .short
            .iter()
            .map(|(&key, &id)| (key, final_id[id as usize]))
            .collect();
        short.sort_unstable_by_key(|&(_, id)| id);
        let long = words
            .long
            .iter()
            .map(|(w, &id)| (w.clone(), final_id[id as usize]))
            .collect();
        Some(NgramIndex {
            short_words: WordTable::new(&short, &unigrams),
            long_words: long,
            grams,
            term_words,
        })
    }

    /// The id of `word`, if it is a word of a term or an extra word.
    pub fn word_id(&self, word: &str) -> Option<u32> {
        match word_key::key(word.as_bytes()) {
            Some(key) => self.short_words.get(key).map(|(id, _)| id),
            None => self.long_words.get(word).copied(),
        }
    }

    /// Calls `f` with every word and its id.
    pub fn for_each_word(&self, mut f: impl FnMut(u32, &str)) {
        for (id, key) in self.short_words.keys() {
            if let Some(key) = key {
                let word = word_key::word_of(key);
                f(
                    id,
                    std::str::from_utf8(&word).expect("keys are made of words"),
                );
            }
        }
        for (word, &id) in &self.long_words {
            f(id, word);
        }
    }

    /// One more than the largest word id.
    pub fn word_count(&self) -> usize {
        self.short_words.len()
    }

    /// `(id, unigram index)` of `word`, if it is a word of some vocabulary term.
    #[cfg(test)]
    fn word(&self, word: &str) -> Option<(u32, u32)> {
        match word_key::key(word.as_bytes()) {
            Some(key) => self.short_words.get(key),
            None => {
                let id = *self.long_words.get(word)?;
                Some((id, self.short_words.value(id)))
            }
        }
    }

    /// Calls `hit` with the vocabulary index of every n-gram of the loaded sentence that is in the
    /// vocabulary, n from `min` to `max` (at most [`MAX_N`]), in the order of
    /// [`NgramBuffer::for_each_ngram`]. `ids` is left holding each token's word id, or
    /// [`u32::MAX`] for a token that is no word of the index.
    pub fn for_each_hit(
        &self,
        buffer: &NgramBuffer,
        min: usize,
        max: usize,
        ids: &mut Vec<u32>,
        mut hit: impl FnMut(u32),
    ) {
        debug_assert!(max <= MAX_N);
        let lowered = buffer.lowered_tokens();
        let min = min.max(1);
        let max = max.min(MAX_N);
        let table = &self.short_words;
        let short_key_of = |i: usize| {
            let (start, end) = lowered.span(i);
            let len = end - start;
            (len <= SHORT_WORD)
                .then(|| word_key::window_key(u128::from_le_bytes(*lowered.token_window(i)), len))
        };
        // First the home slot of every token: independent loads, so their cache misses overlap.
        ids.clear();
        ids.extend(
            (0..lowered.len()).map(|i| short_key_of(i).map_or(EMPTY, |k| table.first_slot(k))),
        );
        // Then each token's id, and the unigrams in the same pass.
        let unigrams = min == 1 && max >= 1;
        for (i, slot) in ids.iter_mut().enumerate() {
            let word = match short_key_of(i) {
                Some(key) => table.resolve(key, *slot),
                None => self
                    .long_words
                    .get(lowered.token(i))
                    .map(|&id| (id, table.value(id))),
            };
            let (id, unigram) = word.unwrap_or((NO_WORD, NO_WORD));
            *slot = id;
            if unigrams && unigram != NO_WORD {
                hit(unigram);
            }
        }
        for n in min.max(2)..=max {
            for window in ids.windows(n) {
                // A token outside the term words (an extra word or none) is in no n-gram.
                if window.iter().any(|&id| id >= self.term_words) {
                    continue;
                }
                if let Some(&index) = self.grams.get(&gram_key(window)) {
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

    #[test]
    fn short_and_long_words_are_both_found() {
        let long = "internationalization";
        let index = NgramIndex::new(&terms(&["a", long, "a internationalization"])).unwrap();
        assert!(word_key::key(long.as_bytes()).is_none());
        assert_eq!(index.word(long), Some((1, 1)));
        assert_eq!(index.word("a"), Some((0, 0)));
        assert_eq!(index.word("internationalizatio"), None);
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
            prop_assert_eq!(&fast, &slow);
            // Ids given by frequency (the fitted idf) answer the same.
            let ranked = NgramIndex::with_idf(vocabulary.terms(), vocabulary.idf())
                .expect("fitted terms can be keyed");
            fast.clear();
            ranked.for_each_hit(&buffer, min, max, &mut Vec::new(), |i| fast.push(i));
            prop_assert_eq!(&fast, &slow);
            // Extra words (some also term words) get ids but add no hits.
            let extra = ["troops", "ümit", "zzz", "counterinsurgency", "xyz-internationalization"];
            let wider = NgramIndex::with_extra_words(vocabulary.terms(), vocabulary.idf(), extra)
                .expect("fitted terms can be keyed");
            let mut ids = Vec::new();
            fast.clear();
            wider.for_each_hit(&buffer, min, max, &mut ids, |i| fast.push(i));
            prop_assert_eq!(fast, slow);
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(Some(*id).filter(|&id| id != NO_WORD), wider.word_id(buffer.lowered(i)));
            }
            for word in extra {
                prop_assert!(wider.word_id(word).is_some());
            }
            let mut seen = 0;
            wider.for_each_word(|id, word| {
                seen += 1;
                assert_eq!(wider.word_id(word), Some(id), "{word}");
            });
            prop_assert_eq!(seen, wider.word_count());
        }
    }
}

//! Character n-grams within word boundaries (scikit-learn's `char_wb` analyzer): the sentence is
//! lower-cased, cut at whitespace, each word padded with one space on both sides, and every run
//! of `min..=max` characters of the padded word is a feature; a padded word shorter than `n` gives
//! itself once and no longer grams. Words keep their punctuation ("#maga", "don't!"), so the block
//! sees spelling, affixes, hashtags and punctuation that the word n-grams drop.
//!
//! The char-gram block has its own vocabulary (document frequency, `max_features`, smooth idf as
//! the word block), is weighted as the word block ([`Weighting`]) and L2-normalised on its own:
//! the same as stacking scikit-learn's word and `char_wb` TF-IDF matrices side by side.

use serde::{Deserialize, Serialize};

use crate::features::spec::Weighting;
use crate::features::vocabulary::{DocumentFrequencies, Vocabulary};
use crate::features::weighted_block::push_weighted_block;
use crate::text::tokens::lower_into;

/// Longest character n-gram accepted.
pub const MAX_CHAR_NGRAM: usize = 8;

/// Which character n-grams are features (stored in the model's [`FeatureSpec`]).
///
/// [`FeatureSpec`]: crate::features::FeatureSpec
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharNgramSpec {
    pub min: usize,
    pub max: usize,
    /// A char-gram must occur in at least this many training sentences.
    pub min_df: usize,
    /// Keep at most this many char-grams, the most frequent (by document frequency) first.
    pub max_features: usize,
}

impl CharNgramSpec {
    pub const DEFAULT_MIN_DF: usize = 2;
    pub const DEFAULT_MAX_FEATURES: usize = 200_000;

    pub fn check(&self) -> Result<(), String> {
        if self.min == 0 || self.min > self.max || self.max > MAX_CHAR_NGRAM {
            return Err(format!(
                "char n-gram range {}-{} is invalid: use 1 <= min <= max <= {MAX_CHAR_NGRAM}",
                self.min, self.max
            ));
        }
        if self.min_df == 0 {
            return Err("char-min-df must be at least 1".into());
        }
        if self.max_features == 0 {
            return Err("char-max-features must be at least 1".into());
        }
        Ok(())
    }
}

/// Parses a range `MIN-MAX` (or a single `N`) of `--char-ngrams`.
pub fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{s}` is not a char n-gram range: use MIN-MAX, e.g. 3-5");
    let (lo, hi) = match s.split_once('-') {
        Some((lo, hi)) => (lo.trim(), hi.trim()),
        None => (s.trim(), s.trim()),
    };
    let lo: usize = lo.parse().map_err(|_| bad())?;
    let hi: usize = hi.parse().map_err(|_| bad())?;
    Ok((lo, hi))
}

/// Reused buffers that produce the char-grams of one sentence without allocating once warm.
#[derive(Debug, Default)]
pub struct CharNgramBuffer {
    /// The current word, lower-cased and padded: `" word "`.
    padded: String,
    /// Byte offset of every character of `padded`, then its length.
    bounds: Vec<usize>,
    word: String,
    hits: Vec<u32>,
}

impl CharNgramBuffer {
    /// Calls `f` with every char-gram of `sentence`, word by word, n from `min` to `max`.
    pub fn for_each(&mut self, sentence: &str, min: usize, max: usize, mut f: impl FnMut(&str)) {
        let min = min.max(1);
        for w in sentence.split_whitespace() {
            lower_into(w, &mut self.word);
            self.padded.clear();
            self.padded.push(' ');
            self.padded.push_str(&self.word);
            self.padded.push(' ');
            self.bounds.clear();
            self.bounds
                .extend(self.padded.char_indices().map(|(i, _)| i));
            self.bounds.push(self.padded.len());
            let len = self.bounds.len() - 1;
            for n in min..=max {
                if len <= n {
                    // The whole padded word, once, and no longer grams (as scikit-learn).
                    f(&self.padded);
                    break;
                }
                for start in 0..=len - n {
                    f(&self.padded[self.bounds[start]..self.bounds[start + n]]);
                }
            }
        }
    }
}

/// The straightforward version of [`CharNgramBuffer::for_each`], a line-by-line port of
/// scikit-learn's `_char_wb_ngrams`: the reference the fast path is tested against.
pub fn char_wb_ngrams_slow(sentence: &str, min: usize, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for w in sentence.split_whitespace() {
        let mut lowered = String::new();
        lower_into(w, &mut lowered);
        let w: Vec<char> = format!(" {lowered} ").chars().collect();
        let w_len = w.len();
        for n in min.max(1)..=max {
            let mut offset = 0;
            out.push(w[offset..(offset + n).min(w_len)].iter().collect());
            while offset + n < w_len {
                offset += 1;
                out.push(w[offset..offset + n].iter().collect());
            }
            if offset == 0 {
                break;
            }
        }
    }
    out
}

/// Fits the char-gram vocabulary on training sentences: document frequency ≥ `min_df`, the
/// `max_features` most frequent kept (ties alphabetically), indexed alphabetically, smooth idf
/// `ln((1 + n) / (1 + df)) + 1`, as the word vocabulary.
pub fn fit_vocabulary<'a>(
    spec: &CharNgramSpec,
    sentences: impl IntoIterator<Item = &'a str>,
) -> Vocabulary {
    let mut counts = DocumentFrequencies::default();
    let mut buffer = CharNgramBuffer::default();
    for sentence in sentences {
        counts.next_document();
        buffer.for_each(sentence, spec.min, spec.max, |gram| counts.add(gram));
    }
    counts.into_vocabulary(spec.min_df, spec.max_features)
}

/// Appends the char-gram block of `sentence` to `indices`/`values`: feature `base + i` for
/// vocabulary entry `i`, weighted by `weighting`, the block L2-normalised, indices ascending.
#[allow(clippy::too_many_arguments)]
pub fn push_block(
    sentence: &str,
    spec: &CharNgramSpec,
    vocabulary: &Vocabulary,
    weighting: Weighting,
    base: usize,
    buffer: &mut CharNgramBuffer,
    indices: &mut Vec<u32>,
    values: &mut Vec<f32>,
) {
    let mut hits = std::mem::take(&mut buffer.hits);
    hits.clear();
    buffer.for_each(sentence, spec.min, spec.max, |gram| {
        if let Some(i) = vocabulary.get(gram) {
            hits.push(i);
        }
    });
    hits.sort_unstable();
    push_weighted_block(&hits, vocabulary.idf(), weighting, base, indices, values);
    buffer.hits = hits;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(s: &str, min: usize, max: usize) -> Vec<String> {
        let mut out = Vec::new();
        CharNgramBuffer::default().for_each(s, min, max, |g| out.push(g.to_string()));
        out
    }

    #[test]
    fn words_are_padded_lowercased_and_cut_as_scikit_learn() {
        // sklearn: CountVectorizer(analyzer="char_wb", ngram_range=(2, 3)) on "Hi AB!" gives
        // " h", "hi", "i ", " hi", "hi ", " a", "ab", "b!", "! ", " ab", "ab!", "b! "
        assert_eq!(
            grams("Hi  AB!", 2, 3),
            [" h", "hi", "i ", " hi", "hi ", " a", "ab", "b!", "! ", " ab", "ab!", "b! "]
        );
    }

    #[test]
    fn a_short_word_is_emitted_once_and_stops_longer_grams() {
        // " a " has 3 chars: n=3 gives it once, n=4 and 5 give nothing more.
        assert_eq!(grams("a", 3, 5), [" a "]);
        // n=4 > 3 chars: the padded word once, then stop.
        assert_eq!(grams("a", 4, 5), [" a "]);
        assert_eq!(grams("ab", 3, 5), [" ab", "ab ", " ab "]);
    }

    #[test]
    fn multibyte_characters_are_whole_characters() {
        assert_eq!(grams("Ümit", 4, 4), [" ümi", "ümit", "mit "]);
        assert!(grams("", 2, 5).is_empty());
    }

    #[test]
    fn fast_and_slow_agree_on_examples() {
        for s in [
            "The so-called MISSION, #maga!!",
            "a bb ccc dddd",
            "ñ 日本語 x",
            "   ",
        ] {
            for (lo, hi) in [(1, 1), (2, 5), (3, 5), (4, 8)] {
                assert_eq!(
                    grams(s, lo, hi),
                    char_wb_ngrams_slow(s, lo, hi),
                    "{s} {lo}-{hi}"
                );
            }
        }
    }

    #[test]
    fn ranges_parse_and_are_checked() {
        assert_eq!(parse_range("3-5"), Ok((3, 5)));
        assert_eq!(parse_range("4"), Ok((4, 4)));
        assert!(parse_range("3..5").is_err());
        assert!(parse_range("a-b").is_err());
        let spec = |min, max| CharNgramSpec {
            min,
            max,
            min_df: 1,
            max_features: 10,
        };
        assert!(spec(3, 5).check().is_ok());
        assert!(spec(0, 5).check().is_err());
        assert!(spec(5, 3).check().is_err());
        assert!(spec(2, MAX_CHAR_NGRAM + 1).check().is_err());
    }

    #[test]
    fn vocabulary_keeps_frequent_grams_with_smooth_idf() {
        let spec = CharNgramSpec {
            min: 3,
            max: 3,
            min_df: 2,
            max_features: 100,
        };
        let v = fit_vocabulary(&spec, ["cat", "cats", "dog"]);
        // " ca", "cat" occur in two sentences; "at " only in "cat", "ats" only in "cats".
        assert_eq!(v.terms(), [" ca", "cat"]);
        // df 2 of n 3: ln(4 / 3) + 1.
        assert!((v.idf()[0] - ((4.0f32 / 3.0).ln() + 1.0)).abs() < 1e-6);
        let capped = fit_vocabulary(
            &CharNgramSpec {
                max_features: 1,
                ..spec
            },
            ["cat", "cats", "dog"],
        );
        assert_eq!(capped.terms(), [" ca"], "ties broken alphabetically");
    }

    #[test]
    fn block_is_unit_length_and_offset_by_base() {
        let spec = CharNgramSpec {
            min: 2,
            max: 3,
            min_df: 1,
            max_features: 1000,
        };
        let v = fit_vocabulary(&spec, ["the cat", "a dog"]);
        let mut buffer = CharNgramBuffer::default();
        let (mut idx, mut val) = (vec![7u32], vec![0.5f32]);
        push_block(
            "The cat, the cat",
            &spec,
            &v,
            Weighting::Tfidf,
            100,
            &mut buffer,
            &mut idx,
            &mut val,
        );
        assert_eq!((idx[0], val[0]), (7, 0.5), "what was there stays");
        assert!(idx[1..].iter().all(|&i| i >= 100));
        assert!(idx[1..].windows(2).all(|w| w[0] < w[1]));
        let norm: f32 = val[1..].iter().map(|v| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        // "cat," is a different word from "cat" (punctuation stays), but " ca" is shared.
        let ca = v.get(" ca").unwrap() + 100;
        assert!(idx.contains(&ca));
    }
}

#[cfg(test)]
mod twin_tests {
    //! Property test: the buffer-reusing fast path gives exactly the grams of the slow twin.
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::RngSeed;

    fn text_strategy() -> impl Strategy<Value = String> {
        // Short words of ASCII, accented and CJK letters, punctuation and odd whitespace.
        let piece = prop::sample::select(vec![
            "a", "B", "ç", "Ü", "日", "-", "'", "!", "#", " ", "  ", "\t", "\n", "x", "yz",
            "\u{2019}",
        ]);
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 500,
            rng_seed: RngSeed::Fixed(0xc4a7_9ba5),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn fast_path_agrees_with_slow_twin(
            texts in prop::collection::vec(text_strategy(), 1..4),
            min in 1usize..=MAX_CHAR_NGRAM,
            span in 0usize..4,
        ) {
            let max = (min + span).min(MAX_CHAR_NGRAM);
            let mut buffer = CharNgramBuffer::default();
            for text in &texts {
                let mut fast = Vec::new();
                buffer.for_each(text, min, max, |g| fast.push(g.to_string()));
                prop_assert_eq!(fast, char_wb_ngrams_slow(text, min, max), "{:?} {}-{}", text, min, max);
            }
        }
    }
}

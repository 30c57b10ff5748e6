//! Sentence → sparse feature vector: an L2-normalised n-gram block, then lexicon category
//! features, then lexicon term features. The layout is fixed by the vocabulary and the lexicon
//! stored in the model.

use crate::features::char_ngrams::{self, CharNgramBuffer};
use crate::features::hit_set::HitSet;
use crate::features::ln_table::ln_1p_count;
use crate::features::ngram_index::{NgramIndex, MAX_N};
use crate::features::ngrams::NgramBuffer;
use crate::features::spec::FeatureSpec;
use crate::features::vocabulary::Vocabulary;
use crate::features::weighted_block::WeightedBlock;
use crate::lexicon::{CategoryKind, Lexicon, Match, WordGroups};
use crate::model::sparse::{CsrBuilder, CsrMatrix};
use crate::text::canonical::{canonicalize, Canonical};

/// What a feature index stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeatureKind<'a> {
    Ngram(&'a str),
    /// A character n-gram within a word (padded with a space at each end of the word).
    CharNgram(&'a str),
    /// `ln(1 + matches)` of a lexicon category.
    CategoryCount(&'a str),
    /// Matches of a lexicon category per 10 words.
    CategoryDensity(&'a str),
    /// `1` when no term of a `topic` category occurs (so that the absence of the subject's words
    /// can count against a sentence being about it).
    TopicAbsent(&'a str),
    /// `ln(1 + matches)` of one lexicon entry (term, category).
    Term(&'a str, &'a str),
}

impl std::fmt::Display for FeatureKind<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeatureKind::Ngram(g) => write!(f, "\"{g}\""),
            FeatureKind::CharNgram(g) => write!(f, "chars \"{g}\""),
            FeatureKind::CategoryCount(c) => write!(f, "[{c}] count"),
            FeatureKind::CategoryDensity(c) => write!(f, "[{c}] per 10 words"),
            FeatureKind::TopicAbsent(c) => write!(f, "[{c}] absent"),
            FeatureKind::Term(t, c) => write!(f, "{t} [{c}]"),
        }
    }
}

/// The features of one sentence, with what the lexicon matched (for output and explanations).
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
    pub matches: Vec<Match>,
    pub n_tokens: usize,
    /// Features that are evidence of something (all but the topic-absent indicators): 0 when the
    /// sentence has no n-gram of the vocabulary and no lexicon term.
    pub evidence: usize,
}

impl SentenceFeatures {
    /// Lexicon matches in categories of kind `loaded`.
    pub fn loaded_matches<'a>(
        &'a self,
        lexicon: &'a Lexicon,
    ) -> impl Iterator<Item = &'a Match> + 'a {
        self.matches
            .iter()
            .filter(|m| lexicon.categories()[m.category].kind == CategoryKind::Loaded)
    }
}

/// Reusable buffers for [`Featurizer::transform_into`].
#[derive(Debug, Default)]
pub struct FeatureScratch {
    ngrams: NgramBuffer,
    hits: HitSet,
    word_ids: Vec<u32>,
    category_counts: Vec<u32>,
    term_hits: Vec<u32>,
    chars: CharNgramBuffer,
    canonical: Canonical,
}

impl FeatureScratch {
    /// The lower-cased tokens of the sentence last featurized (in canonical form when the spec
    /// asks for it).
    pub fn tokens(&self) -> &crate::text::lowered::LoweredTokens {
        self.ngrams.lowered_tokens()
    }
}

#[derive(Debug)]
pub struct Featurizer {
    spec: FeatureSpec,
    vocabulary: Vocabulary,
    lexicon: Lexicon,
    /// With `spec.canonical`: the lexicon with its terms in canonical form, which does the
    /// matching (same categories in the same order), and for each of its entries the index of the
    /// entry of `lexicon` it came from: terms that become one ("violation of Iraqi sovereignty",
    /// "violation of Syrian sovereignty") are one entry there, reported as the first of them.
    canonical_lexicon: Option<(Lexicon, Vec<usize>)>,
    /// The char-gram vocabulary, when `spec.char_ngrams` is on (its block follows the n-grams).
    char_vocabulary: Option<Vocabulary>,
    /// Word ids for the n-gram look-up and the lexicon (None: look n-grams up as strings).
    words: Option<WordIndex>,
    /// The `topic` categories, in category order: each has a [`FeatureKind::TopicAbsent`]
    /// feature after the category block (when category features are on).
    topics: Vec<usize>,
}

/// The lexicon with every term rewritten to its canonical form (same entries, same order).
fn canonical_lexicon(lexicon: &Lexicon) -> Result<(Lexicon, Vec<usize>), String> {
    let mut data = lexicon.to_data();
    for entry in &mut data.entries {
        entry.term = canonical_term(&entry.term);
    }
    let canonical = Lexicon::from_data(data).map_err(|e| {
        format!("the lexicon's terms in canonical form (country spellings, digits, days): {e}")
    })?;
    // Entries keep their origin (`file:line`), which is unique per entry of the original.
    let by_origin: rustc_hash::FxHashMap<&str, usize> = lexicon
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.origin.as_str(), i))
        .collect();
    let map = canonical
        .entries()
        .iter()
        .map(|e| {
            by_origin.get(e.origin.as_str()).copied().ok_or_else(|| {
                format!(
                    "lexicon entry {} lost its origin in canonical form",
                    e.origin
                )
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok((canonical, map))
}

/// A lexicon term in canonical form. Terms are written in any case ("american occupation"), and
/// the text is rewritten only where a form is capitalised as a name is: each word of the term is
/// tried capitalised (the exact-case "US" forms are not affected: "us" stays the pronoun).
fn canonical_term(term: &str) -> String {
    let words: Vec<String> = term
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) if first.is_ascii_lowercase() => {
                    first.to_ascii_uppercase().to_string() + c.as_str()
                }
                _ => w.to_string(),
            }
        })
        .collect();
    let rewritten = canonicalize(&words.join(" "));
    if rewritten == words.join(" ") {
        // Nothing to rewrite but perhaps digits: keep the term as written.
        return canonicalize(term);
    }
    rewritten
}

/// One word id per token serves both the n-gram look-up and the lexicon: each token is hashed
/// once, not once per table.
#[derive(Debug)]
struct WordIndex {
    /// The vocabulary by word ids; its words include the lexicon's first words.
    ngrams: NgramIndex,
    /// The lexicon's entries by the same ids (None: the lexicon looks tokens up itself).
    lexicon: Option<WordGroups>,
}

impl WordIndex {
    fn build(vocabulary: &Vocabulary, lexicon: &Lexicon) -> Option<WordIndex> {
        let (terms, idf) = (vocabulary.terms(), vocabulary.idf());
        if let Some(first_words) = lexicon.first_words() {
            if let Some(ngrams) = NgramIndex::with_extra_words(terms, idf, first_words) {
                let mut words = Vec::with_capacity(ngrams.word_count());
                ngrams.for_each_word(|id, word| words.push((id, word.to_string())));
                let groups = lexicon.word_groups(
                    ngrams.word_count(),
                    words.iter().map(|(id, w)| (*id, w.as_str())),
                );
                return Some(WordIndex {
                    ngrams,
                    lexicon: groups,
                });
            }
        }
        NgramIndex::with_idf(terms, idf).map(|ngrams| WordIndex {
            ngrams,
            lexicon: None,
        })
    }
}

impl Featurizer {
    /// A featurizer over a fitted vocabulary. Fails only when the spec asks for canonical forms
    /// and two lexicon entries of different categories become the same term (the message names
    /// them).
    pub fn new(
        spec: FeatureSpec,
        vocabulary: Vocabulary,
        lexicon: Lexicon,
    ) -> Result<Self, String> {
        let canonical_lexicon = if spec.canonical {
            Some(canonical_lexicon(&lexicon)?)
        } else {
            None
        };
        let matcher = canonical_lexicon.as_ref().map_or(&lexicon, |(l, _)| l);
        let words = WordIndex::build(&vocabulary, matcher);
        let topics = lexicon
            .categories()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind == CategoryKind::Topic)
            .map(|(i, _)| i)
            .collect();
        Ok(Featurizer {
            spec,
            vocabulary,
            lexicon,
            canonical_lexicon,
            char_vocabulary: None,
            words,
            topics,
        })
    }

    /// Adds the char-gram vocabulary (of a model file) to a featurizer made by [`Featurizer::new`].
    pub fn with_char_vocabulary(mut self, char_vocabulary: Option<Vocabulary>) -> Self {
        self.char_vocabulary = char_vocabulary;
        self
    }

    /// Fits the vocabulary on training sentences.
    pub fn fit<'a>(
        spec: FeatureSpec,
        lexicon: Lexicon,
        sentences: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, String> {
        let sentences: Vec<std::borrow::Cow<str>> = sentences
            .into_iter()
            .map(|s| match spec.canonical {
                true => canonicalize(s).into(),
                false => s.into(),
            })
            .collect();
        let vocabulary = Vocabulary::fit(&spec, sentences.iter().map(|s| s.as_ref()));
        let char_vocabulary = spec
            .char_ngrams
            .map(|c| char_ngrams::fit_vocabulary(&c, sentences.iter().map(|s| s.as_ref())));
        Ok(Featurizer {
            char_vocabulary,
            ..Featurizer::new(spec, vocabulary, lexicon)?
        })
    }

    pub fn spec(&self) -> &FeatureSpec {
        &self.spec
    }

    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The char-gram vocabulary (`None` when char n-grams are off).
    pub fn char_vocabulary(&self) -> Option<&Vocabulary> {
        self.char_vocabulary.as_ref()
    }

    fn char_base(&self) -> usize {
        self.vocabulary.len()
    }

    fn category_base(&self) -> usize {
        self.char_base() + self.char_vocabulary.as_ref().map_or(0, Vocabulary::len)
    }

    fn absent_base(&self) -> usize {
        let categories = if self.spec.lexicon_categories {
            2 * self.lexicon.categories().len()
        } else {
            0
        };
        self.category_base() + categories
    }

    fn term_base(&self) -> usize {
        let absent = if self.spec.lexicon_categories {
            self.topics.len()
        } else {
            0
        };
        self.absent_base() + absent
    }

    pub fn n_features(&self) -> usize {
        let terms = if self.spec.lexicon_terms {
            self.lexicon.entries().len()
        } else {
            0
        };
        self.term_base() + terms
    }

    /// What feature `index` stands for.
    pub fn feature(&self, index: usize) -> FeatureKind<'_> {
        let categories = self.lexicon.categories();
        if index < self.char_base() {
            FeatureKind::Ngram(self.vocabulary.term(index))
        } else if index < self.category_base() {
            let chars = self.char_vocabulary.as_ref().expect("a char block exists");
            FeatureKind::CharNgram(chars.term(index - self.char_base()))
        } else if index < self.absent_base() {
            let k = index - self.category_base();
            let name = categories[k / 2].name.as_str();
            if k % 2 == 0 {
                FeatureKind::CategoryCount(name)
            } else {
                FeatureKind::CategoryDensity(name)
            }
        } else if index < self.term_base() {
            let k = self.topics[index - self.absent_base()];
            FeatureKind::TopicAbsent(categories[k].name.as_str())
        } else {
            let entry = &self.lexicon.entries()[index - self.term_base()];
            FeatureKind::Term(
                entry.term.as_str(),
                categories[entry.category].name.as_str(),
            )
        }
    }

    /// Computes the features of one sentence into `out` (buffers reused).
    pub fn transform_into(
        &self,
        sentence: &str,
        scratch: &mut FeatureScratch,
        out: &mut SentenceFeatures,
    ) {
        out.indices.clear();
        out.values.clear();
        let FeatureScratch {
            ngrams,
            hits,
            word_ids,
            category_counts,
            term_hits,
            chars,
            canonical,
        } = scratch;
        let sentence = match self.spec.canonical {
            true => canonical.rewrite(sentence),
            false => sentence,
        };
        let matcher = self
            .canonical_lexicon
            .as_ref()
            .map_or(&self.lexicon, |(l, _)| l);
        ngrams.load(sentence);
        out.n_tokens = ngrams.token_count();

        let vocabulary = &self.vocabulary;
        hits.reserve(vocabulary.len());
        let (min, max) = (self.spec.ngram_min, self.spec.ngram_max);
        let idf = vocabulary.idf();
        // Each hit's idf is read as soon as the hit is found (and folded into `touched`, so the
        // read stays): the cache misses of these reads then overlap with the word look-ups
        // instead of stalling the weighting below one by one.
        let mut touched = 0u32;
        // Set when `word_ids` holds the ids of this sentence's tokens.
        let mut lexicon_groups = None;
        match &self.words {
            Some(words) if max <= MAX_N => {
                words.ngrams.for_each_hit(ngrams, min, max, word_ids, |i| {
                    touched |= idf[i as usize].to_bits();
                    hits.add(i)
                });
                lexicon_groups = words.lexicon.as_ref();
            }
            _ => ngrams.for_each_ngram(min, max, |gram| {
                if let Some(i) = vocabulary.get(gram) {
                    hits.add(i);
                }
            }),
        }
        std::hint::black_box(touched);
        let mut block = WeightedBlock::new(
            idf,
            self.spec.weighting,
            0,
            &mut out.indices,
            &mut out.values,
        );
        hits.drain(|index, count| block.push(index, count));
        block.finish();
        if let (Some(spec), Some(vocabulary)) = (&self.spec.char_ngrams, &self.char_vocabulary) {
            char_ngrams::push_block(
                sentence,
                spec,
                vocabulary,
                self.spec.weighting,
                self.char_base(),
                chars,
                &mut out.indices,
                &mut out.values,
            );
        }

        let (lowered, tokens) = (ngrams.lowered_tokens(), &ngrams.tokens);
        match lexicon_groups {
            Some(groups) => {
                matcher.find_by_word_ids(lowered, tokens, word_ids, groups, &mut out.matches)
            }
            None => matcher.find_lowered(lowered, tokens, &mut out.matches),
        }
        let mut absent_features = 0;
        if let Some((_, entries)) = &self.canonical_lexicon {
            // Matches are reported as entries of the lexicon as written, and against the
            // sentence as given.
            for m in &mut out.matches {
                m.entry = entries[m.entry];
            }
            if canonical.changed() {
                for m in &mut out.matches {
                    m.start = canonical.to_original(m.start);
                    m.end = canonical.to_original_end(m.end);
                }
            }
        }
        if self.spec.lexicon_categories && out.matches.is_empty() {
            // No match (most sentences): every topic is absent.
            let absent = self.absent_base();
            for k in 0..self.topics.len() {
                out.indices.push((absent + k) as u32);
                out.values.push(1.0);
            }
            absent_features = self.topics.len();
        } else if self.spec.lexicon_categories {
            category_counts.clear();
            category_counts.resize(self.lexicon.categories().len(), 0);
            for m in &out.matches {
                category_counts[m.category] += 1;
            }
            let words = out.n_tokens.max(1) as f32;
            let base = self.category_base();
            for (c, &count) in category_counts.iter().enumerate() {
                if count > 0 {
                    out.indices.push((base + 2 * c) as u32);
                    out.values.push(ln_1p_count(count as usize));
                    out.indices.push((base + 2 * c + 1) as u32);
                    out.values.push(10.0 * count as f32 / words);
                }
            }
            let absent = self.absent_base();
            for (k, &c) in self.topics.iter().enumerate() {
                if category_counts[c] == 0 {
                    out.indices.push((absent + k) as u32);
                    out.values.push(1.0);
                    absent_features += 1;
                }
            }
        }
        out.evidence = out.indices.len() - absent_features;
        if out.matches.is_empty() {
            return;
        }
        if self.spec.lexicon_terms {
            term_hits.clear();
            term_hits.extend(out.matches.iter().map(|m| m.entry as u32));
            term_hits.sort_unstable();
            let base = self.term_base();
            let mut i = 0;
            while i < term_hits.len() {
                let entry = term_hits[i];
                let start = i;
                while i < term_hits.len() && term_hits[i] == entry {
                    i += 1;
                }
                out.indices.push((base + entry as usize) as u32);
                out.values.push(ln_1p_count(i - start));
            }
            out.evidence = out.indices.len() - absent_features;
        }
    }

    /// The feature matrix of many sentences.
    pub fn transform_all<'a>(&self, sentences: impl IntoIterator<Item = &'a str>) -> CsrMatrix {
        let mut builder = CsrBuilder::new(self.n_features());
        let mut scratch = FeatureScratch::default();
        let mut features = SentenceFeatures::default();
        for sentence in sentences {
            self.transform_into(sentence, &mut scratch, &mut features);
            builder
                .push_row(
                    features
                        .indices
                        .iter()
                        .copied()
                        .zip(features.values.iter().copied()),
                )
                .expect("feature indices are below n_features");
        }
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        let src = "@category doubt_scare loaded Doubt\n@category hedge epistemic Hedges\n\
                   so-called | doubt_scare\npretext | doubt_scare\nreportedly | hedge\n";
        Lexicon::parse_sources(&[("test.txt".into(), src.into())])
            .unwrap()
            .0
    }

    fn featurizer() -> Featurizer {
        let spec = FeatureSpec::everything(1);
        Featurizer::fit(
            spec,
            lexicon(),
            ["the so-called mission", "the troops reportedly left"],
        )
        .unwrap()
    }

    #[test]
    fn canonical_terms_that_collide_keep_their_entries_and_lower_case_terms_match() {
        let src = "@category s loaded S\n@category d loaded D\n\
                   violation of Iraqi sovereignty | s\nviolation of Syrian sovereignty | s\n\
                   violation of our sovereignty | s\namerican occupation | d\n\
                   would have us believe | d\n";
        let lexicon = Lexicon::parse_sources(&[("t.txt".into(), src.into())])
            .unwrap()
            .0;
        let spec = FeatureSpec {
            lexicon_terms: true,
            ..FeatureSpec::everything(1)
        };
        let f = Featurizer::fit(spec, lexicon, ["a sentence"]).unwrap();
        let mut scratch = FeatureScratch::default();
        let mut out = SentenceFeatures::default();
        let terms = |out: &SentenceFeatures| -> Vec<String> {
            out.matches
                .iter()
                .map(|m| f.lexicon().entries()[m.entry].term.clone())
                .collect()
        };
        f.transform_into(
            "A violation of our sovereignty and of Syria's: a violation of Syrian sovereignty.",
            &mut scratch,
            &mut out,
        );
        // The two host-country terms are one in canonical form, reported as the first; the
        // entry after them is still itself.
        assert_eq!(
            terms(&out),
            [
                "violation of our sovereignty",
                "violation of Iraqi sovereignty"
            ]
        );
        for text in [
            "END THE AMERICAN OCCUPATION",
            "the US occupation",
            "the American occupation",
        ] {
            f.transform_into(text, &mut scratch, &mut out);
            assert_eq!(terms(&out), ["american occupation"], "{text}");
        }
        f.transform_into("They would have us believe it.", &mut scratch, &mut out);
        assert_eq!(terms(&out), ["would have us believe"]);
        // Every term feature is named by the entry it counts.
        f.transform_into("a violation of our sovereignty", &mut scratch, &mut out);
        let named: Vec<String> = out
            .indices
            .iter()
            .map(|&i| f.feature(i as usize).to_string())
            .filter(|n| n.contains("[s]"))
            .collect();
        assert!(
            named
                .iter()
                .any(|n| n.starts_with("violation of our sovereignty")),
            "{named:?}"
        );
    }

    #[test]
    fn layout_is_ngrams_then_categories_then_terms() {
        let f = featurizer();
        let n = f.vocabulary().len();
        assert_eq!(f.n_features(), n + 2 * 2 + 3);
        assert_eq!(f.feature(n), FeatureKind::CategoryCount("doubt_scare"));
        assert_eq!(f.feature(n + 3), FeatureKind::CategoryDensity("hedge"));
        assert_eq!(
            f.feature(n + 4),
            FeatureKind::Term("so-called", "doubt_scare")
        );
        assert_eq!(f.feature(0), FeatureKind::Ngram(f.vocabulary().term(0)));
    }

    #[test]
    fn ngram_block_is_unit_length_and_lexicon_features_follow() {
        let f = featurizer();
        let mut scratch = FeatureScratch::default();
        let mut out = SentenceFeatures::default();
        f.transform_into(
            "The so-called mission, the so-called pretext.",
            &mut scratch,
            &mut out,
        );
        let n = f.vocabulary().len() as u32;
        let norm: f32 = out
            .indices
            .iter()
            .zip(&out.values)
            .filter(|(i, _)| **i < n)
            .map(|(_, v)| v * v)
            .sum();
        assert!((norm - 1.0).abs() < 1e-5, "{norm}");
        assert_eq!(out.matches.len(), 3);
        assert_eq!(out.n_tokens, 6);
        let value_of = |i: usize| {
            out.indices
                .iter()
                .position(|&x| x as usize == i)
                .map(|p| out.values[p])
        };
        let base = f.vocabulary().len();
        assert_eq!(value_of(base), Some(4f32.ln()), "3 doubt_scare matches");
        assert_eq!(value_of(base + 1), Some(30.0 / 6.0));
        assert_eq!(value_of(base + 4), Some(3f32.ln()), "so-called twice");
        assert_eq!(value_of(base + 2), None, "no hedge");
        assert_eq!(out.loaded_matches(f.lexicon()).count(), 3);
    }

    proptest::proptest! {
        /// The featurizer matches the lexicon on its n-gram buffer's lower-cased tokens; the
        /// matches are the lexicon's own on the sentence.
        #[test]
        fn lexicon_matches_on_the_shared_tokens_are_the_lexicons(
            words in proptest::collection::vec(
                proptest::sample::select(&["The", "so-called", "SO-CALLED", "pretext", "pretexts",
                    "reportedly", "Ümit", "mission", ",", ".", "—"][..]),
                0..16,
            )
        ) {
            let f = featurizer();
            let sentence = words.join(" ");
            let mut out = SentenceFeatures::default();
            f.transform_into(&sentence, &mut FeatureScratch::default(), &mut out);
            proptest::prop_assert_eq!(out.matches, f.lexicon().find(&sentence));
        }
    }

    /// A lexicon with phrases, wildcards and a long word, and a vocabulary that holds some of
    /// their words and not others.
    fn phrase_featurizer() -> Featurizer {
        let src = "@category a loaded A\n@category b epistemic B\n\
                   so-called | a\nregime change | a\nregime | b\nact of aggression | a\n\
                   acts of aggression | a\naggressor* | a\nescalat* | b\nwar of aggress* | a\n\
                   counterinsurgencies | a\nillegal | b\nillegal aliens | a\n";
        let lexicon = Lexicon::parse_sources(&[("t.txt".into(), src.into())])
            .unwrap()
            .0;
        Featurizer::fit(
            FeatureSpec::everything(1),
            lexicon,
            [
                "the regime said",
                "an act of war",
                "illegal escalation of the war",
            ],
        )
        .unwrap()
    }

    const PHRASE_WORDS: &[&str] = &[
        "The",
        "regime",
        "REGIME",
        "change",
        "act",
        "acts",
        "of",
        "aggression",
        "aggressors",
        "war",
        "aggressive",
        "escalated",
        "escalation",
        "illegal",
        "aliens",
        "so-called",
        "said",
        "counterinsurgencies",
        "counterinsurgency",
        "Ümit",
        ",",
        ".",
    ];

    proptest::proptest! {
        /// Through the shared word ids (the path taken here), the matches are the lexicon's own:
        /// phrases, wildcards, long words, words in and out of the n-gram vocabulary.
        #[test]
        fn lexicon_matches_by_word_ids_are_the_lexicons(
            words in proptest::collection::vec(proptest::sample::select(PHRASE_WORDS), 0..16)
        ) {
            let f = phrase_featurizer();
            let index = f.words.as_ref().expect("a word index");
            proptest::prop_assert!(index.lexicon.is_some(), "the lexicon uses the word ids");
            let sentence = words.join(" ");
            let mut out = SentenceFeatures::default();
            f.transform_into(&sentence, &mut FeatureScratch::default(), &mut out);
            proptest::prop_assert_eq!(out.matches, f.lexicon().find(&sentence));
        }
    }

    #[test]
    fn unknown_words_give_an_empty_vector() {
        let f = featurizer();
        let m = f.transform_all(["zzz qqq", ""]);
        assert_eq!(m.nrows(), 2);
        assert_eq!(m.nnz(), 0);
    }
}

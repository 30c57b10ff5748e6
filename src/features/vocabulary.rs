//! The n-gram vocabulary: n-grams kept by document frequency, indexed in alphabetical order,
//! with their inverse document frequencies (stored in the model: no train/score skew).

use rustc_hash::FxHashMap;

use crate::features::ngrams::NgramBuffer;
use crate::features::spec::FeatureSpec;

#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    terms: Vec<String>,
    idf: Vec<f32>,
    index: FxHashMap<String, u32>,
}

impl Vocabulary {
    /// Builds the vocabulary from training sentences: document frequency ≥ `min_df`, the
    /// `max_features` most frequent kept (ties broken alphabetically), smooth idf
    /// `ln((1 + n) / (1 + df)) + 1`.
    pub fn fit<'a>(spec: &FeatureSpec, sentences: impl IntoIterator<Item = &'a str>) -> Vocabulary {
        let mut counts = DocumentFrequencies::default();
        let mut buffer = NgramBuffer::default();
        for sentence in sentences {
            counts.next_document();
            buffer.load(sentence);
            buffer.for_each_ngram(spec.ngram_min, spec.ngram_max, |gram| counts.add(gram));
        }
        counts.into_vocabulary(spec.min_df, spec.max_features)
    }

    /// Rebuilds a vocabulary from a model file's parts.
    pub fn from_parts(terms: Vec<String>, idf: Vec<f32>) -> Result<Vocabulary, String> {
        if terms.len() != idf.len() {
            return Err(format!(
                "vocabulary has {} terms but {} idf values",
                terms.len(),
                idf.len()
            ));
        }
        if let Some(bad) = idf.iter().find(|v| !v.is_finite()) {
            return Err(format!("vocabulary has a non-finite idf value {bad}"));
        }
        let mut index = FxHashMap::default();
        index.reserve(terms.len());
        for (i, t) in terms.iter().enumerate() {
            if index.insert(t.clone(), i as u32).is_some() {
                return Err(format!("vocabulary lists `{t}` twice"));
            }
        }
        Ok(Vocabulary { terms, idf, index })
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn get(&self, gram: &str) -> Option<u32> {
        self.index.get(gram).copied()
    }

    pub fn term(&self, i: usize) -> &str {
        &self.terms[i]
    }

    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    pub fn idf(&self) -> &[f32] {
        &self.idf
    }
}

/// Document frequencies of the terms of a training corpus, counted one document at a time: the
/// common first pass of every vocabulary (word n-grams, character n-grams).
#[derive(Debug, Default)]
pub(crate) struct DocumentFrequencies {
    ids: FxHashMap<String, u32>,
    df: Vec<u32>,
    /// The last document each term was counted in, so a term counts once per document.
    last_seen: Vec<u32>,
    n_docs: u32,
}

impl DocumentFrequencies {
    /// Starts the next document; the terms added after it belong to it.
    pub(crate) fn next_document(&mut self) {
        self.n_docs += 1;
    }

    pub(crate) fn add(&mut self, term: &str) {
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                let id = self.df.len() as u32;
                self.ids.insert(term.to_string(), id);
                self.df.push(0);
                self.last_seen.push(0);
                id
            }
        };
        if self.last_seen[id as usize] != self.n_docs {
            self.last_seen[id as usize] = self.n_docs;
            self.df[id as usize] += 1;
        }
    }

    /// The terms with document frequency ≥ `min_df`, the `max_features` most frequent kept (ties
    /// broken alphabetically), in alphabetical order with smooth idf `ln((1 + n) / (1 + df)) + 1`.
    pub(crate) fn into_vocabulary(self, min_df: usize, max_features: usize) -> Vocabulary {
        let df = self.df;
        let mut kept: Vec<(String, u32)> = self
            .ids
            .into_iter()
            .map(|(term, id)| (term, df[id as usize]))
            .filter(|&(_, d)| d as usize >= min_df)
            .collect();
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kept.truncate(max_features);
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let n = f64::from(self.n_docs);
        let idf = kept
            .iter()
            .map(|&(_, d)| (((1.0 + n) / (1.0 + f64::from(d))).ln() + 1.0) as f32)
            .collect();
        Vocabulary::from_parts(kept.into_iter().map(|(t, _)| t).collect(), idf)
            .expect("terms are distinct and idf values finite")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_frequent_ngrams_alphabetically_with_smooth_idf() {
        let spec = FeatureSpec::everything(2);
        let vocab = Vocabulary::fit(
            &spec,
            ["US troops left.", "US troops stayed.", "Troops, troops."],
        );
        assert_eq!(vocab.terms(), ["troops", "us", "us troops"]);
        // "troops" is in all 3 sentences: idf = ln(4/4) + 1 = 1; "us" in 2: ln(4/3) + 1.
        assert!((vocab.idf()[0] - 1.0).abs() < 1e-6);
        assert!((vocab.idf()[1] - ((4.0f32 / 3.0).ln() + 1.0)).abs() < 1e-6);
        assert_eq!(vocab.get("us troops"), Some(2));
        assert_eq!(vocab.get("left"), None);
    }

    #[test]
    fn max_features_keeps_the_most_frequent() {
        let spec = FeatureSpec {
            min_df: 1,
            max_features: 1,
            ngram_max: 1,
            ..Default::default()
        };
        let vocab = Vocabulary::fit(&spec, ["a b", "b c", "b"]);
        assert_eq!(vocab.terms(), ["b"]);
    }

    #[test]
    fn damaged_parts_are_rejected() {
        assert!(Vocabulary::from_parts(vec!["a".into()], vec![]).is_err());
        assert!(Vocabulary::from_parts(vec!["a".into(), "a".into()], vec![1.0, 1.0]).is_err());
        assert!(Vocabulary::from_parts(vec!["a".into()], vec![f32::NAN]).is_err());
    }
}

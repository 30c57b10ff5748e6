//! The feature specification: which n-grams, how they are weighted and which lexicon features are
//! used. It is stored in the model, so scoring computes exactly the features training saw.

use serde::{Deserialize, Serialize};

use crate::features::char_ngrams::CharNgramSpec;

/// How n-gram counts become feature values (the n-gram block is then L2-normalised per sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// `(1 + ln tf) · idf` (sublinear TF-IDF, smooth idf as scikit-learn's).
    Tfidf,
    /// `tf · idf` (raw term frequency).
    Tf,
    /// `1` for every n-gram present.
    Binary,
}

impl std::str::FromStr for Weighting {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "tfidf" | "sublinear-tfidf" => Ok(Weighting::Tfidf),
            "tf" => Ok(Weighting::Tf),
            "binary" => Ok(Weighting::Binary),
            _ => Err(format!(
                "unknown weighting `{s}` (expected tfidf, tf or binary)"
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureSpec {
    pub ngram_min: usize,
    pub ngram_max: usize,
    /// An n-gram must occur in at least this many training sentences.
    pub min_df: usize,
    /// Keep at most this many n-grams, the most frequent (by document frequency) first.
    pub max_features: usize,
    pub weighting: Weighting,
    /// Per lexicon category: `ln(1 + count)` and matches per 10 words.
    pub lexicon_categories: bool,
    /// Per lexicon entry: `ln(1 + count)`.
    pub lexicon_terms: bool,
    /// Character n-grams within words (a second, separately normalised block); off when `None`
    /// (and then absent from the model file, so older files load and re-train byte-identically).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub char_ngrams: Option<CharNgramSpec>,
    /// Rewrite surface variants to one form before features (see `text::canonical`): the country's
    /// spellings, digits, days. Absent from older model files, which keep their features.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub canonical: bool,
}

impl FeatureSpec {
    /// Every feature family on (1-2-grams, sublinear tf-idf, lexicon categories and terms), for
    /// tests of the feature layout that must not change when the defaults do.
    #[cfg(test)]
    pub(crate) fn everything(min_df: usize) -> FeatureSpec {
        FeatureSpec {
            ngram_max: 2,
            min_df,
            weighting: Weighting::Tfidf,
            lexicon_terms: true,
            ..FeatureSpec::default()
        }
    }
}

impl Default for FeatureSpec {
    fn default() -> Self {
        FeatureSpec {
            ngram_min: 1,
            ngram_max: 1,
            min_df: 1,
            max_features: 50_000,
            weighting: Weighting::Tf,
            lexicon_categories: true,
            lexicon_terms: false,
            char_ngrams: None,
            canonical: true,
        }
    }
}

impl FeatureSpec {
    /// Checks the values, in the manner of linfa's checked hyper-parameters.
    pub fn check(&self) -> Result<(), String> {
        if self.ngram_min == 0 || self.ngram_min > self.ngram_max || self.ngram_max > 3 {
            return Err(format!(
                "n-gram range {}..={} is invalid: use 1 <= min <= max <= 3",
                self.ngram_min, self.ngram_max
            ));
        }
        if self.min_df == 0 {
            return Err("min-df must be at least 1".into());
        }
        if self.max_features == 0 {
            return Err("max-features must be at least 1".into());
        }
        if let Some(c) = &self.char_ngrams {
            c.check()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_bad_ranges_are_rejected() {
        assert!(FeatureSpec::default().check().is_ok());
        let bad = |min, max| {
            FeatureSpec {
                ngram_min: min,
                ngram_max: max,
                ..Default::default()
            }
            .check()
        };
        assert!(bad(0, 2).is_err());
        assert!(bad(2, 1).is_err());
        assert!(bad(1, 4).is_err());
        assert!(FeatureSpec {
            min_df: 0,
            ..Default::default()
        }
        .check()
        .is_err());
    }

    #[test]
    fn char_ngrams_are_checked_and_absent_when_off() {
        let with = |min, max| FeatureSpec {
            char_ngrams: Some(CharNgramSpec {
                min,
                max,
                min_df: 2,
                max_features: 10,
            }),
            ..Default::default()
        };
        assert!(with(3, 5).check().is_ok());
        assert!(with(5, 3).check().is_err());
        let off = serde_json::to_string(&FeatureSpec::default()).unwrap();
        assert!(!off.contains("char"), "{off}");
        let on = serde_json::to_string(&with(3, 5)).unwrap();
        let back: FeatureSpec = serde_json::from_str(&on).unwrap();
        assert_eq!(back, with(3, 5));
        let old: FeatureSpec = serde_json::from_str(&off).unwrap();
        assert_eq!(
            old,
            FeatureSpec::default(),
            "a file without the field loads"
        );
    }

    #[test]
    fn weighting_parses_its_names() {
        assert_eq!("binary".parse::<Weighting>(), Ok(Weighting::Binary));
        assert!("bm25".parse::<Weighting>().is_err());
    }
}

//! Features of a sentence: word n-grams over a fitted vocabulary plus loaded-term lexicon hits.
//! The [`FeatureSpec`] and the vocabulary are part of the model.

pub mod char_ngrams;
pub mod featurizer;
mod hit_set;
mod ln_table;
pub mod ngram_index;
pub mod ngrams;
pub mod spec;
pub mod vocabulary;
mod weighted_block;
mod word_table;

pub use char_ngrams::CharNgramSpec;
pub use featurizer::{FeatureKind, FeatureScratch, Featurizer, SentenceFeatures};
pub use spec::{FeatureSpec, Weighting};
pub use vocabulary::Vocabulary;

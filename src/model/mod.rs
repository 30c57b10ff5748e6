//! The trained model: one feature pipeline shared by one classifier ("head") per label column,
//! plus everything needed to say where it came from. [`file`] reads and writes it.

pub mod explain;
pub mod file;
pub mod logistic;
mod logistic_objective;
mod logistic_params;
pub mod sparse;
#[cfg(test)]
pub(crate) mod test_support;

use linfa::traits::Fit;
use linfa::DatasetBase;
use ndarray::Array1;
use serde::{Deserialize, Serialize};

use crate::corpus::LabeledSet;
use crate::error::{Error, Result};
use crate::features::{FeatureSpec, Featurizer, SentenceFeatures};
use crate::lexicon::Lexicon;
use logistic::{FittedLogistic, LogisticParams};

/// One classifier: a label column, its classes and the fitted logistic regression.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    /// The label column it predicts (`stance`, `frame`, …): also its output column's name.
    pub label: String,
    /// Class names; class `i` is output `i` of the classifier.
    pub classes: Vec<String>,
    /// Training sentences per class.
    pub class_counts: Vec<usize>,
    pub params: LogisticParams,
    pub classifier: FittedLogistic,
}

/// Where the model came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// The training files, as named on the command line.
    pub files: Vec<String>,
    /// Sentences after merging duplicates.
    pub rows: usize,
    pub rows_read: usize,
    pub duplicates_merged: usize,
    pub label_conflicts: usize,
    /// SHA-256 of the merged training data (texts and labels).
    pub sha256: String,
}

#[derive(Debug)]
pub struct Model {
    pub featurizer: Featurizer,
    pub heads: Vec<Head>,
    pub training: TrainingInfo,
    /// The version of slant that trained it.
    pub slant_version: String,
    /// How sentences are gated and articles labelled.
    pub aggregation: Aggregation,
    /// The format of the file it was read from (the current one for a model just trained).
    pub format_version: u32,
}

/// How sentence scores become article and outlet figures; stored in the model, because its
/// thresholds belong to the probabilities of the model they were chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Aggregation {
    /// A sentence whose P(`relevant` = `yes`) is below this is off topic: flagged and left out of
    /// the aggregates (only when the model has a `relevant` head with classes `no` / `yes`).
    pub relevance_threshold: f64,
    /// An article whose mean P(`relevant` = `yes`) over its sentences is below this is off topic as
    /// a whole: every sentence is flagged. Older files have none (0: never).
    #[serde(default)]
    pub article_relevance_threshold: f64,
    /// An article whose slant (mean P(against) − mean P(favor) over its sentences in the
    /// aggregates) lies within ±this is `neutral` in `article_stance`.
    pub neutral_band: f64,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation {
            relevance_threshold: 0.2,
            article_relevance_threshold: 0.35,
            neutral_band: 0.06,
        }
    }
}

impl Aggregation {
    /// Checks the values (the message names the option).
    pub fn check(&self) -> std::result::Result<(), String> {
        for (what, p) in [
            ("relevance threshold", self.relevance_threshold),
            (
                "article relevance threshold",
                self.article_relevance_threshold,
            ),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("{what} {p} is not a probability in [0, 1]"));
            }
        }
        if !(0.0..=1.0).contains(&self.neutral_band) {
            return Err(format!(
                "neutral band {} is not within [0, 1] (slant lies in [-1, 1])",
                self.neutral_band
            ));
        }
        Ok(())
    }
}

/// The label of the relevance head.
pub const RELEVANCE_LABEL: &str = "relevant";

/// Options for [`Model::train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub features: FeatureSpec,
    pub params: LogisticParams,
    pub aggregation: Aggregation,
}

impl Model {
    /// Fits the feature pipeline on every training sentence, then one classifier per label column.
    pub fn train(
        set: &LabeledSet,
        lexicon: Lexicon,
        options: &TrainOptions,
        files: Vec<String>,
    ) -> Result<Model> {
        options.features.check().map_err(Error::Usage)?;
        options.aggregation.check().map_err(Error::Usage)?;
        let params = options.params.clone().check()?;
        if set.rows.is_empty() {
            return Err(Error::Usage("no labeled sentences to train on".into()));
        }
        let texts = || set.rows.iter().map(|r| r.text.as_str());
        let featurizer =
            Featurizer::fit(options.features.clone(), lexicon, texts()).map_err(Error::Usage)?;
        let x = featurizer.transform_all(texts());
        let mut heads = Vec::new();
        for (col, label) in set.label_columns.iter().enumerate() {
            let (rows, classes, targets) = set.column(col);
            if classes.len() < 2 {
                return Err(Error::Usage(format!(
                    "label column `{label}` has {} class{} ({}): a classifier needs at least two",
                    classes.len(),
                    if classes.len() == 1 { "" } else { "es" },
                    classes.join(", ")
                )));
            }
            let mut class_counts = vec![0; classes.len()];
            targets.iter().for_each(|&t| class_counts[t] += 1);
            let records = x.select_rows(&rows);
            let dataset = DatasetBase::new(records, Array1::from(targets));
            let mut classifier = params.clone().n_classes(classes.len()).fit(&dataset)?;
            classifier.round_to_f32();
            heads.push(Head {
                label: label.clone(),
                classes,
                class_counts,
                params: options.params.clone(),
                classifier,
            });
        }
        let training = TrainingInfo {
            files,
            rows: set.rows.len(),
            rows_read: set.report.rows_read,
            duplicates_merged: set.report.duplicates_merged,
            label_conflicts: set.report.conflicts.len(),
            sha256: set.content_hash(),
        };
        Ok(Model {
            featurizer,
            heads,
            training,
            slant_version: env!("CARGO_PKG_VERSION").to_string(),
            aggregation: options.aggregation,
            format_version: file::FORMAT_VERSION,
        })
    }

    /// The relevance head and the index of its `yes` class: a head labelled `relevant` with the
    /// classes `no` and `yes`.
    pub fn relevance_head(&self) -> Option<(usize, usize)> {
        self.heads.iter().enumerate().find_map(|(h, head)| {
            let find = |name: &str| head.classes.iter().position(|c| c == name);
            (head.label == RELEVANCE_LABEL && head.classes.len() == 2 && find("no").is_some())
                .then_some(())?;
            Some((h, find("yes")?))
        })
    }

    pub fn labels(&self) -> Vec<&str> {
        self.heads.iter().map(|h| h.label.as_str()).collect()
    }

    /// Class probabilities of one sentence for every head, into `out[head]` (resized as needed).
    pub fn predict_into(&self, features: &SentenceFeatures, out: &mut Vec<Vec<f64>>) {
        out.resize_with(self.heads.len(), Vec::new);
        for (head, probs) in self.heads.iter().zip(out.iter_mut()) {
            probs.resize(head.classes.len(), 0.0);
            head.classifier
                .proba_row(&features.indices, &features.values, probs);
        }
    }
}

/// The index of the largest probability (the first on ties).
pub fn argmax(probs: &[f64]) -> usize {
    let mut best = 0;
    for (i, &p) in probs.iter().enumerate() {
        if p > probs[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_prefers_the_first_on_ties() {
        assert_eq!(argmax(&[0.2, 0.5, 0.3]), 1);
        assert_eq!(argmax(&[0.5, 0.5]), 0);
    }
}

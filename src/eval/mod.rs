//! Evaluation: cross-validation of the feature pipeline and classifier on labeled sentences.
//!
//! [`data`] reads the rows and assigns them to folds ([`folds`], [`folds_file`]), [`cv`] fits
//! the featurizer and the classifier on each training fold only and predicts the test fold,
//! [`metrics`] scores the predictions and [`report`] writes `metrics.json`, `predictions.csv` and
//! the text summary.

pub mod compare;
pub mod cv;
pub mod data;
pub mod error;
pub mod folds;
pub mod folds_file;
pub mod metrics;
pub mod outlets;
pub mod report;
pub mod rng;
pub mod suggest;
pub mod summary;

pub use cv::{cross_validate, CvOutcome, FoldOutcome};
pub use data::{load, EvalData, EvalInput, EvalRow, Scheme};
pub use error::EvalError;
pub use report::EvalReport;

//! What an evaluation writes: `metrics.json` (every number) and `predictions.csv` (one row per
//! out-of-fold prediction), into the `--report` folder (built aside and
//! swapped in whole: [`crate::corpus::report_dir`]).
//!
//! # `metrics.json` (schema `slant-eval/1`)
//!
//! ```text
//! {
//!   "schema": "slant-eval/1",
//!   "slant_version": "0.1.0",
//!   "label": "stance",                      // the label column evaluated
//!   "classes": ["against", "favor", ...],   // sorted; class i is p_<class i> in predictions
//!   "class_counts": [120, 80, ...],         // rows per class among the rows used
//!   "scheme": {"kind": "stratified", "folds": 5, "seed": 13}
//!           | {"kind": "grouped", "column": "article_id", "folds": 5, "seed": 13}
//!           | {"kind": "leave_one_out", "column": "outlet"}
//!           | {"kind": "folds_file", "path": "folds.csv"}
//!           | {"kind": "held_out", "path": "test.csv"},
//!   "data": {
//!     "files": [...], "test_file": null | "test.csv",
//!     "rows_read": n,          // data rows in the files (and the test file)
//!     "rows_skipped": n,       // unusable rows (empty text or label)
//!     "rows_left_out": n,      // usable rows the scheme leaves out (no fold, no group value)
//!     "rows_used": n,          // rows in the evaluation (training pool + test rows)
//!     "rows_evaluated": n,     // rows predicted out of fold = rows of predictions.csv
//!     "duplicate_texts": n,    // texts occurring more than once among the rows used
//!     "rows_without_group": n, // grouped K-fold: rows with an empty group cell (own group)
//!     "folds_file_ids_unmatched": n,
//!     "left_out": [{"reason": "...", "rows": n, "first": "file:line"}]
//!   },
//!   "options": {"features": {FeatureSpec}, "classifier": {LogisticParams}},
//!   "folds": [{
//!     "index": 0, "name": "0",  // name: fold number, held-out value or "test"
//!     "n_train": n, "n_test": n, "train_seconds": s, "predict_seconds": s,
//!     "n_features": n, "iterations": n, "converged": bool,
//!     "n": n, "accuracy": x, "macro_f1": x, "log_loss": x, "brier": x, "ece": x,
//!     "confusion": [[n, ...], ...],          // rows = gold, columns = predicted
//!     "per_class": [{"precision": x, "recall": x, "f1": x, "support": n, "predicted": n}, ...]
//!                                            // this fold's test rows, in the order of "classes"
//!   }, ...],
//!   "summary": {                             // over folds: mean and sample std (null if 1 fold)
//!     "accuracy": {"mean": x, "std": x | null}, "macro_f1": {...}, "log_loss": {...},
//!     "brier": {...}, "ece": {...}, "train_seconds": {...}, "predict_seconds": {...}
//!   },
//!   "pooled": {                              // all out-of-fold predictions together
//!     "n": n, "accuracy": x, "macro_f1": x, "log_loss": x, "brier": x, "ece": x,
//!     "per_class": [{"class": "...", "precision": x, "recall": x, "f1": x,
//!                    "support": n, "predicted": n}, ...],
//!     "confusion": [[n, ...], ...]           // rows = gold, columns = predicted
//!   },
//!   "outlets": {...}                         // only with an `outlet` column: the per-outlet
//!                                            // report, schema `slant-outlets/1`
//!                                            // (src/report/outlets.rs)
//! }
//! ```
//!
//! Metrics: macro-F1 averages the classes present in the gold labels or the predictions
//! (scikit-learn's `average="macro"`); log loss uses the natural log with probabilities clipped
//! to `[1e-15, 1 - 1e-15]`; Brier is the multi-class score (sum over classes, mean over rows);
//! ECE uses the top-label confidence in 10 equal-width bins weighted by their size. Metrics that
//! are undefined are `null`.
//!
//! # `predictions.csv`
//!
//! `row,id,fold,text,gold,predicted,p_<class>...`: `row` is the 0-based data row (counted over
//! the `--data` files in order, or in the test file for a held-out test; skipped rows count), `id`
//! the id column's value (empty if none), `fold` the name of the fold that tested the row.

use std::io::Write;

use serde::Serialize;

use super::cv::CvOutcome;
use super::data::{DataCounts, EvalData, Scheme};
use super::metrics::{mean_std, MeanStd, Scores};
use crate::corpus::ReportDir;
use crate::error::{Error, Result};
use crate::eval::cv::FoldOutcome;
use crate::features::FeatureSpec;
use crate::model::logistic::LogisticParams;
use crate::model::TrainOptions;
use crate::report::{Cell, Format, TableWriter};

pub const SCHEMA: &str = "slant-eval/1";

#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub schema: &'static str,
    pub slant_version: String,
    pub label: String,
    pub classes: Vec<String>,
    pub class_counts: Vec<usize>,
    pub scheme: Scheme,
    pub data: DataCounts,
    pub options: OptionsReport,
    pub folds: Vec<FoldReport>,
    pub summary: Summary,
    pub pooled: PooledReport,
    /// Per-outlet evaluation (schema in [`crate::report::outlets`]), when the data has an
    /// `outlet` column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlets: Option<crate::report::outlets::OutletReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionsReport {
    pub features: FeatureSpec,
    pub classifier: LogisticParams,
}

/// One fold in `metrics.json`: its position, then the fold's outcome and scores, flattened.
#[derive(Debug, Clone, Serialize)]
pub struct FoldReport {
    pub index: usize,
    #[serde(flatten)]
    pub fold: FoldOutcome,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub accuracy: MeanStd,
    pub macro_f1: MeanStd,
    pub log_loss: MeanStd,
    pub brier: MeanStd,
    pub ece: MeanStd,
    pub train_seconds: MeanStd,
    pub predict_seconds: MeanStd,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassEntry {
    pub class: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
    pub predicted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PooledReport {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub log_loss: f64,
    pub brier: f64,
    pub ece: f64,
    pub per_class: Vec<ClassEntry>,
    pub confusion: Vec<Vec<usize>>,
}

impl EvalReport {
    pub fn new(
        scheme: &Scheme,
        data: &EvalData,
        outcome: &CvOutcome,
        options: &TrainOptions,
    ) -> Self {
        let folds: Vec<FoldReport> = outcome
            .folds
            .iter()
            .enumerate()
            .map(|(index, f)| FoldReport {
                index,
                fold: f.clone(),
            })
            .collect();
        let over_folds = |metric: fn(&FoldOutcome) -> f64| {
            mean_std(&outcome.folds.iter().map(metric).collect::<Vec<_>>())
        };
        let summary = Summary {
            accuracy: over_folds(|f| f.scores.accuracy),
            macro_f1: over_folds(|f| f.scores.macro_f1),
            log_loss: over_folds(|f| f.scores.log_loss),
            brier: over_folds(|f| f.scores.brier),
            ece: over_folds(|f| f.scores.ece),
            train_seconds: over_folds(|f| f.train_seconds),
            predict_seconds: over_folds(|f| f.predict_seconds),
        };
        let mut class_counts = vec![0; data.classes.len()];
        data.rows.iter().for_each(|r| class_counts[r.gold] += 1);
        EvalReport {
            schema: SCHEMA,
            slant_version: env!("CARGO_PKG_VERSION").to_string(),
            label: data.label.clone(),
            classes: data.classes.clone(),
            class_counts,
            scheme: scheme.clone(),
            data: data.counts.clone(),
            options: OptionsReport {
                features: options.features.clone(),
                classifier: options.params.clone(),
            },
            folds,
            summary,
            pooled: pooled_report(&outcome.pooled(data), &data.classes),
            outlets: None,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the report serialises");
        bytes.push(b'\n');
        bytes
    }
}

fn pooled_report(scores: &Scores, classes: &[String]) -> PooledReport {
    PooledReport {
        n: scores.n,
        accuracy: scores.accuracy,
        macro_f1: scores.macro_f1,
        log_loss: scores.log_loss,
        brier: scores.brier,
        ece: scores.ece,
        per_class: classes
            .iter()
            .zip(&scores.per_class)
            .map(|(class, s)| ClassEntry {
                class: class.clone(),
                precision: s.precision,
                recall: s.recall,
                f1: s.f1,
                support: s.support,
                predicted: s.predicted,
            })
            .collect(),
        confusion: scores.confusion.clone(),
    }
}

/// Writes `metrics.json` and `predictions.csv` into report folder `dir` (in place when it is
/// committed, with the rest of the report).
pub fn write_report_dir(
    dir: &mut ReportDir,
    report: &EvalReport,
    data: &EvalData,
    outcome: &CvOutcome,
) -> Result<()> {
    dir.write("metrics.json", &report.to_json())?;
    let predictions = write_predictions(Vec::new(), data, outcome)
        .map_err(|e| Error::io(&dir.path().join("predictions.csv"), e))?;
    dir.write("predictions.csv", &predictions)
}

/// One CSV row per out-of-fold prediction, in data order.
pub fn write_predictions<W: Write>(
    out: W,
    data: &EvalData,
    outcome: &CvOutcome,
) -> std::io::Result<W> {
    let k = data.classes.len();
    let mut columns: Vec<String> = ["row", "id", "fold", "text", "gold", "predicted"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    columns.extend(data.classes.iter().map(|c| format!("p_{c}")));
    let mut table = TableWriter::new(out, Format::Csv, columns)?;
    let mut cells: Vec<Cell<'_>> = Vec::with_capacity(6 + k);
    for (i, row) in data.rows.iter().enumerate() {
        let Some(fold) = outcome.fold_of_row[i] else {
            continue;
        };
        let probs = &outcome.probs[i * k..(i + 1) * k];
        cells.clear();
        cells.push(Cell::Int(row.row as u64));
        cells.push(row.id.as_deref().map_or(Cell::Empty, Cell::Text));
        cells.push(Cell::Text(&outcome.folds[fold].name));
        cells.push(Cell::Text(&row.text));
        cells.push(Cell::Text(&data.classes[row.gold]));
        cells.push(Cell::Text(&data.classes[crate::model::argmax(probs)]));
        cells.extend(probs.iter().map(|&p| Cell::Float(p)));
        table.write_row(&cells)?;
    }
    table.finish()
}

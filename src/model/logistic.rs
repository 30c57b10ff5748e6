//! Sparse logistic regression on linfa's traits. It minimises exactly linfa-logistic's objective
//! (see `logistic_objective`) with the same optimiser (argmin L-BFGS, m = 10, More-Thuente line
//! search), but trains on a [`CsrMatrix`], supports class and sample weights, and reports how
//! the optimisation ended. Two classes give a binary model (one sigmoid output, class 1
//! positive); three or more give a multinomial (softmax) model with one output per class.

use argmin::core::{Executor, State, TerminationReason};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use linfa::traits::{Fit, Predict, PredictInplace};
use linfa::DatasetBase;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::logistic_objective::{LogisticObjective, Params};
use super::sparse::CsrMatrix;

pub use super::logistic_params::{ClassWeight, LogisticParams, LogisticValidParams};

/// History length of L-BFGS, as linfa-logistic.
const LBFGS_MEMORY: usize = 10;

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("invalid hyper-parameter `{name}`: {reason}")]
    InvalidParameter { name: &'static str, reason: String },
    #[error("empty training data: {0}")]
    EmptyData(&'static str),
    #[error("mismatched shapes: {what}: expected {expected}, found {found}")]
    MismatchedShapes {
        what: &'static str,
        expected: usize,
        found: usize,
    },
    #[error("row {row}: label {label} is out of range for {n_classes} classes")]
    LabelOutOfRange {
        row: usize,
        label: usize,
        n_classes: usize,
    },
    #[error("training data has {found} class(es) with positive weight; at least 2 are needed")]
    TooFewClasses { found: usize },
    #[error("row {row}: sample weight {weight} must be finite and >= 0")]
    InvalidSampleWeight { row: usize, weight: f32 },
    #[error("optimiser failed: {0}")]
    Optimizer(String),
    #[error("inconsistent model: {0}")]
    InvalidModel(String),
    #[error(transparent)]
    Linfa(#[from] linfa::Error),
}

/// A trained model. `coef` is row-major `[n_outputs × n_features]`; `n_outputs` is 1 for two
/// classes (the logit of class 1) and `n_classes` otherwise. A class that had no training
/// samples (possible when `n_classes` was given) keeps zero weights and gets logit `-inf`,
/// i.e. probability 0, as scikit-learn's `cross_val_predict` does.
///
/// Fields are public for reading. Deserialising checks them; after changing them by hand call
/// [`FittedLogistic::check_shapes`], since scoring relies on the shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FittedLogisticData")]
pub struct FittedLogistic {
    pub n_classes: usize,
    pub n_features: usize,
    /// Written in single precision (see [`FittedLogistic::round_to_f32`]): half the file size.
    #[serde(serialize_with = "serialize_as_f32")]
    pub coef: Vec<f64>,
    pub intercept: Vec<f64>,
    /// Classes without training samples (multinomial only, increasing); probability 0.
    pub absent_classes: Vec<usize>,
    /// L-BFGS iterations performed.
    pub iterations: u64,
    /// True when the gradient norm at the returned weights is within the tolerance.
    pub converged: bool,
    /// Why the optimiser stopped, with the final gradient norm and the tolerance.
    pub stop_reason: String,
    /// Objective value (weighted log-loss sum + L2 term) at the returned weights.
    pub objective: f64,
    /// L2 norm of the objective's gradient at the returned weights.
    pub gradient_norm: f64,
}

/// The serialised form, checked before it becomes a [`FittedLogistic`].
#[derive(Deserialize)]
struct FittedLogisticData {
    n_classes: usize,
    n_features: usize,
    #[serde(deserialize_with = "deserialize_from_f32")]
    coef: Vec<f64>,
    intercept: Vec<f64>,
    #[serde(default)]
    absent_classes: Vec<usize>,
    iterations: u64,
    converged: bool,
    stop_reason: String,
    objective: f64,
    gradient_norm: f64,
}

/// Writes each value as the nearest `f32`: the shortest representation that reads back exactly
/// when the value was already rounded with [`FittedLogistic::round_to_f32`].
fn serialize_as_f32<S: serde::Serializer>(
    values: &[f64],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(values.len()))?;
    for &v in values {
        seq.serialize_element(&(v as f32))?;
    }
    seq.end()
}

/// Reads values written by [`serialize_as_f32`] back to exactly the rounded `f64`s (parsing the
/// short decimal as `f64` directly would give a slightly different number).
fn deserialize_from_f32<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<f64>, D::Error> {
    let values: Vec<f32> = Deserialize::deserialize(deserializer)?;
    Ok(values.into_iter().map(f64::from).collect())
}

fn n_outputs_for(n_classes: usize) -> usize {
    if n_classes == 2 {
        1
    } else {
        n_classes
    }
}

impl TryFrom<FittedLogisticData> for FittedLogistic {
    type Error = ModelError;

    fn try_from(d: FittedLogisticData) -> Result<Self, ModelError> {
        let model = Self {
            n_classes: d.n_classes,
            n_features: d.n_features,
            coef: d.coef,
            intercept: d.intercept,
            absent_classes: d.absent_classes,
            iterations: d.iterations,
            converged: d.converged,
            stop_reason: d.stop_reason,
            objective: d.objective,
            gradient_norm: d.gradient_norm,
        };
        model.check_shapes().map_err(ModelError::InvalidModel)?;
        Ok(model)
    }
}

impl FittedLogistic {
    /// Rounds the weights to single precision, as the model file stores them, so that a model
    /// scores the same before and after a save and load. (Intercepts stay in double precision.)
    pub fn round_to_f32(&mut self) {
        for w in &mut self.coef {
            *w = f64::from(*w as f32);
        }
    }

    /// Checks that the fields fit together (what scoring relies on) and are finite.
    pub fn check_shapes(&self) -> Result<(), String> {
        if self.n_classes < 2 {
            return Err(format!(
                "n_classes is {}, must be at least 2",
                self.n_classes
            ));
        }
        if self.n_features == 0 {
            return Err("n_features is 0".into());
        }
        let n_outputs = self.n_outputs();
        if n_outputs.checked_mul(self.n_features) != Some(self.coef.len()) {
            return Err(format!(
                "{} coefficients for {n_outputs} outputs × {} features",
                self.coef.len(),
                self.n_features
            ));
        }
        if self.intercept.len() != n_outputs {
            return Err(format!(
                "{} intercepts for {n_outputs} outputs",
                self.intercept.len()
            ));
        }
        if self
            .coef
            .iter()
            .chain(&self.intercept)
            .any(|v| !v.is_finite())
        {
            return Err("non-finite coefficient or intercept".into());
        }
        let absent = &self.absent_classes;
        let increasing = absent.windows(2).all(|w| w[0] < w[1]);
        let in_range = absent.iter().all(|&c| c < self.n_classes);
        if !increasing || !in_range || (n_outputs == 1 && !absent.is_empty()) {
            return Err("invalid absent_classes".into());
        }
        if self.n_classes - absent.len() < 2 {
            return Err("fewer than 2 trained classes".into());
        }
        Ok(())
    }

    /// 1 for a binary model, `n_classes` for a multinomial one.
    pub fn n_outputs(&self) -> usize {
        n_outputs_for(self.n_classes)
    }

    /// Weight of `feature` for `output`. Panics if either is out of range.
    pub fn weight(&self, output: usize, feature: usize) -> f64 {
        assert!(output < self.n_outputs() && feature < self.n_features);
        self.coef[output * self.n_features + feature]
    }

    /// Raw logits of one sparse row into `out[..n_outputs()]` (panics if `out` is shorter).
    /// Absent classes get `-inf`. Features `>= n_features` have no weight and are ignored.
    pub fn decision_row(&self, indices: &[u32], values: &[f32], out: &mut [f64]) {
        let out = &mut out[..self.n_outputs()];
        let rows = self.coef.chunks_exact(self.n_features);
        for ((logit, weights), &bias) in out.iter_mut().zip(rows).zip(&self.intercept) {
            // Same summation order as training: intercept, then entries in column order.
            let mut sum = bias;
            for (&j, &v) in indices.iter().zip(values) {
                if let Some(&w) = weights.get(j as usize) {
                    sum += f64::from(v) * w;
                }
            }
            *logit = sum;
        }
        for &class in &self.absent_classes {
            out[class] = f64::NEG_INFINITY;
        }
    }

    /// Class probabilities of one sparse row into `out[..n_classes()]` (panics if shorter).
    /// Binary: `[1 - p, p]` with `p = sigmoid(logit)`.
    pub fn proba_row(&self, indices: &[u32], values: &[f32], out: &mut [f64]) {
        let out = &mut out[..self.n_classes];
        if self.n_outputs() == 1 {
            let mut logit = [0.0];
            self.decision_row(indices, values, &mut logit);
            let p = sigmoid(logit[0]);
            out[0] = 1.0 - p;
            out[1] = p;
        } else {
            self.decision_row(indices, values, out);
            softmax_in_place(out);
        }
    }

    /// Class probabilities, `[nrows × n_classes]`.
    pub fn predict_proba(&self, x: &CsrMatrix) -> Array2<f64> {
        let k = self.n_classes;
        let mut probs = vec![0.0; x.nrows() * k];
        for ((indices, values), out) in x.rows().zip(probs.chunks_exact_mut(k)) {
            self.proba_row(indices, values, out);
        }
        Array2::from_shape_vec((x.nrows(), k), probs).expect("length is nrows × n_classes")
    }

    /// Most probable class of one row; `scratch` must hold `n_outputs()` values.
    fn predict_row(&self, indices: &[u32], values: &[f32], scratch: &mut [f64]) -> usize {
        self.decision_row(indices, values, scratch);
        if self.n_outputs() == 1 {
            // sigmoid(z) >= 0.5 exactly when z >= 0 (linfa's default threshold).
            return usize::from(scratch[0] >= 0.0);
        }
        let mut best = 0;
        for (class, &logit) in scratch.iter().enumerate() {
            if logit > scratch[best] {
                best = class;
            }
        }
        best
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

fn softmax_in_place(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for value in z.iter_mut() {
        *value = (*value - max).exp();
        sum += *value;
    }
    for value in z.iter_mut() {
        *value /= sum;
    }
}

impl PredictInplace<CsrMatrix, Array1<usize>> for FittedLogistic {
    /// Predicted class per row. Panics if `y` does not have one slot per row (API misuse).
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array1<usize>) {
        assert_eq!(x.nrows(), y.len(), "one target slot per row is needed");
        let mut scratch = vec![0.0; self.n_outputs()];
        for ((indices, values), slot) in x.rows().zip(y.iter_mut()) {
            *slot = self.predict_row(indices, values, &mut scratch);
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array1<usize> {
        Array1::zeros(x.nrows())
    }
}

/// linfa only provides `predict(&records)` for ndarray records; this adds it for CSR.
impl Predict<&CsrMatrix, Array1<usize>> for FittedLogistic {
    fn predict(&self, x: &CsrMatrix) -> Array1<usize> {
        let mut y = self.default_target(x);
        self.predict_inplace(x, &mut y);
        y
    }
}

/// scikit-learn's "balanced" weights: `n_samples / (n_present * count_c)` over the classes
/// that occur (`n_present` of them); classes that do not occur get 0.
pub fn balanced_class_weights(counts: &[usize]) -> Vec<f64> {
    let n_samples: usize = counts.iter().sum();
    let n_present = counts.iter().filter(|&&c| c > 0).count();
    counts
        .iter()
        .map(|&count| {
            if count == 0 {
                0.0
            } else {
                n_samples as f64 / (n_present as f64 * count as f64)
            }
        })
        .collect()
}

/// The training rows turned into what the objective needs.
struct Prepared {
    n_classes: usize,
    /// Optimiser output per row (binary: the label itself).
    targets: Vec<usize>,
    sample_weights: Vec<f64>,
    /// Multinomial: optimiser output of each class, `None` for classes without weight.
    output_of_class: Vec<Option<usize>>,
}

fn prepare(
    params: &LogisticValidParams,
    x: &CsrMatrix,
    labels: &Array1<usize>,
    dataset_weights: Option<&[f32]>,
) -> Result<Prepared, ModelError> {
    let n = x.nrows();
    if n == 0 {
        return Err(ModelError::EmptyData("no rows"));
    }
    if x.ncols() == 0 {
        return Err(ModelError::EmptyData("no feature columns"));
    }
    if labels.len() != n {
        return Err(ModelError::MismatchedShapes {
            what: "targets per row",
            expected: n,
            found: labels.len(),
        });
    }
    if let Some(w) = dataset_weights {
        if w.len() != n {
            return Err(ModelError::MismatchedShapes {
                what: "sample weights per row",
                expected: n,
                found: w.len(),
            });
        }
        if let Some((row, &weight)) = w
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(ModelError::InvalidSampleWeight { row, weight });
        }
    }
    let largest = labels.iter().copied().max().unwrap_or(0);
    let n_classes = params.n_classes_value().unwrap_or(largest + 1);
    if let Some((row, &label)) = labels.iter().enumerate().find(|(_, &l)| l >= n_classes) {
        return Err(ModelError::LabelOutOfRange {
            row,
            label,
            n_classes,
        });
    }
    if n_classes < 2 {
        return Err(ModelError::TooFewClasses { found: 1 });
    }
    let mut counts = vec![0usize; n_classes];
    for &label in labels {
        counts[label] += 1;
    }
    let class_weights = match params.class_weight_value() {
        ClassWeight::None => vec![1.0; n_classes],
        ClassWeight::Balanced => balanced_class_weights(&counts),
    };
    let sample_weights: Vec<f64> = labels
        .iter()
        .enumerate()
        .map(|(row, &label)| {
            let given = dataset_weights.map_or(1.0, |w| f64::from(w[row]));
            class_weights[label] * given
        })
        .collect();
    let mut class_totals = vec![0.0; n_classes];
    for (&label, &w) in labels.iter().zip(&sample_weights) {
        class_totals[label] += w;
    }
    let mut n_present = 0;
    let output_of_class: Vec<Option<usize>> = class_totals
        .iter()
        .map(|&total| {
            (total > 0.0).then(|| {
                n_present += 1;
                n_present - 1
            })
        })
        .collect();
    if n_present < 2 {
        return Err(ModelError::TooFewClasses { found: n_present });
    }
    let targets = if n_classes == 2 {
        labels.to_vec()
    } else {
        // Rows of a weightless class weigh 0 and are skipped; any output index will do.
        let output = |label: usize| output_of_class[label].unwrap_or(0);
        labels.iter().map(|&label| output(label)).collect()
    };
    Ok(Prepared {
        n_classes,
        targets,
        sample_weights,
        output_of_class,
    })
}

type Solver = LBFGS<MoreThuenteLineSearch<Params, Params, f64>, Params, Params, f64>;

impl Fit<CsrMatrix, Array1<usize>, ModelError> for LogisticValidParams {
    type Object = FittedLogistic;

    /// Fits on a dataset with class indices `0..k` as targets. Dataset weights, if set, are
    /// per-sample weights (multiplied by the class weights).
    fn fit(
        &self,
        dataset: &DatasetBase<CsrMatrix, Array1<usize>>,
    ) -> Result<FittedLogistic, ModelError> {
        self.recheck()?;
        let x = dataset.records();
        let prepared = prepare(self, x, dataset.targets(), dataset.weights())?;
        let n_opt_outputs = if prepared.n_classes == 2 {
            1
        } else {
            prepared.output_of_class.iter().flatten().count()
        };
        let objective = LogisticObjective::new(
            x,
            prepared.targets,
            prepared.sample_weights,
            self.alpha(),
            n_opt_outputs,
            self.fit_intercept_value(),
        );
        let initial = Params::zeros(objective.n_params());
        let solver: Solver = LBFGS::new(MoreThuenteLineSearch::new(), LBFGS_MEMORY)
            .with_tolerance_grad(self.gradient_tolerance_value())
            .map_err(|e| ModelError::Optimizer(e.to_string()))?;
        let mut result = Executor::new(objective, solver)
            .configure(|state| state.param(initial).max_iters(self.max_iterations_value()))
            .ctrlc(false)
            .timer(false)
            .run()
            .map_err(|e| ModelError::Optimizer(e.to_string()))?;
        let iterations = result.state.get_iter();
        let reason = result.state.get_termination_reason().cloned();
        let best = result
            .state
            .take_best_param()
            .or_else(|| result.state.take_param())
            .ok_or_else(|| ModelError::Optimizer("no parameters returned".into()))?;
        let objective = result
            .problem
            .take_problem()
            .ok_or_else(|| ModelError::Optimizer("objective not returned".into()))?;
        let mut gradient = vec![0.0; best.len()];
        let best = best.to_vec();
        let value = objective.evaluate(&best, &mut gradient);
        let gradient_norm = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
        let converged = gradient_norm <= self.gradient_tolerance_value();
        let mut model = unpack(
            &best,
            x.ncols(),
            n_opt_outputs,
            self.fit_intercept_value(),
            &prepared.output_of_class,
        );
        model.iterations = iterations;
        model.converged = converged;
        model.stop_reason = describe_stop(reason.as_ref(), converged, self, gradient_norm);
        model.objective = value;
        model.gradient_norm = gradient_norm;
        Ok(model)
    }
}

fn describe_stop(
    reason: Option<&TerminationReason>,
    converged: bool,
    params: &LogisticValidParams,
    gradient_norm: f64,
) -> String {
    let why = match reason {
        Some(TerminationReason::SolverConverged) if converged => {
            "gradient norm below tolerance".to_string()
        }
        Some(TerminationReason::SolverConverged) => {
            "objective changed by less than f64::EPSILON (stalled)".to_string()
        }
        Some(TerminationReason::MaxItersReached) => {
            format!("reached max_iterations ({})", params.max_iterations_value())
        }
        Some(TerminationReason::SolverExit(text)) => format!("solver stopped: {text}"),
        Some(other) => other.text().to_string(),
        None => "not terminated".to_string(),
    };
    format!(
        "{why}; gradient norm {gradient_norm:.3e}, tolerance {:e}",
        params.gradient_tolerance_value()
    )
}

/// Optimiser layout (feature-major, compact outputs) to the model's (row-major per class);
/// the fit report is filled in by the caller.
fn unpack(
    params: &[f64],
    n_features: usize,
    n_opt_outputs: usize,
    fit_intercept: bool,
    output_of_class: &[Option<usize>],
) -> FittedLogistic {
    let n_classes = output_of_class.len();
    // Binary: the single output is class 1's logit. Multinomial: class c -> its output.
    let sources: Vec<Option<usize>> = if n_classes == 2 {
        vec![Some(0)]
    } else {
        output_of_class.to_vec()
    };
    let mut coef = vec![0.0; sources.len() * n_features];
    let mut intercept = vec![0.0; sources.len()];
    for (out, source) in sources.iter().enumerate() {
        let Some(src) = *source else { continue };
        for (j, w) in coef[out * n_features..][..n_features]
            .iter_mut()
            .enumerate()
        {
            *w = params[j * n_opt_outputs + src];
        }
        if fit_intercept {
            intercept[out] = params[n_features * n_opt_outputs + src];
        }
    }
    let absent_classes = if n_classes == 2 {
        Vec::new()
    } else {
        (0..n_classes)
            .filter(|&c| output_of_class[c].is_none())
            .collect()
    };
    FittedLogistic {
        n_classes,
        n_features,
        coef,
        intercept,
        absent_classes,
        iterations: 0,
        converged: false,
        stop_reason: String::new(),
        objective: f64::NAN,
        gradient_norm: f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sparse::CsrBuilder;

    use crate::eval::rng::XorShift64Star as Rng;

    /// Rows with a few positive entries; the label is the argmax of planted logits + noise.
    fn planted(seed: u64, nrows: usize, ncols: usize, k: usize) -> (CsrMatrix, Array1<usize>) {
        let mut rng = Rng(seed);
        let truth: Vec<f64> = (0..ncols * k).map(|_| 4.0 * rng.uniform() - 2.0).collect();
        let mut builder = CsrBuilder::new(ncols);
        let mut labels = Vec::with_capacity(nrows);
        for _ in 0..nrows {
            let entries: Vec<(u32, f32)> = (0..4)
                .map(|_| (rng.below(ncols) as u32, (0.5 + rng.uniform()) as f32))
                .collect();
            let mut best = (0, f64::NEG_INFINITY);
            for c in 0..k {
                let noise = rng.uniform() - 0.5;
                let logit: f64 = entries
                    .iter()
                    .map(|&(j, v)| f64::from(v) * truth[c * ncols + j as usize])
                    .sum::<f64>()
                    + noise;
                if logit > best.1 {
                    best = (c, logit);
                }
            }
            labels.push(best.0);
            builder.push_row(entries).unwrap();
        }
        (builder.build(), Array1::from(labels))
    }

    fn fit(params: LogisticParams, x: CsrMatrix, y: Array1<usize>) -> FittedLogistic {
        params.fit(&DatasetBase::new(x, y)).unwrap()
    }

    fn fit_err(params: LogisticParams, x: CsrMatrix, y: Array1<usize>) -> ModelError {
        params.fit(&DatasetBase::new(x, y)).unwrap_err()
    }

    fn assert_close(a: &[f64], b: &[f64], tol: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= tol * y.abs().max(1.0), "[{i}] {x} vs {y}");
        }
    }

    fn tight() -> LogisticParams {
        LogisticParams::new()
            .gradient_tolerance(1e-9)
            .max_iterations(2000)
    }

    #[test]
    fn balanced_weights_follow_scikit_learn() {
        let w = balanced_class_weights(&[6, 3, 1]);
        assert_close(&w, &[10.0 / 18.0, 10.0 / 9.0, 10.0 / 3.0], 1e-15);
        // An absent class gets 0 and does not count as a class.
        assert_eq!(
            balanced_class_weights(&[2, 0, 6]),
            vec![2.0, 0.0, 8.0 / 12.0]
        );
    }

    #[test]
    fn binary_fit_converges_predicts_and_gives_probabilities() {
        let (x, y) = planted(1, 200, 12, 2);
        let model = fit(LogisticParams::new(), x.clone(), y.clone());
        assert_eq!((model.n_classes, model.n_outputs()), (2, 1));
        assert_eq!((model.coef.len(), model.intercept.len()), (12, 1));
        let report = &model;
        assert!(report.converged, "{report:?}");
        assert!(report.iterations > 0 && report.gradient_norm <= 1e-4);
        assert!(report.stop_reason.contains("below tolerance"), "{report:?}");
        let probs = model.predict_proba(&x);
        for row in probs.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
        let predicted = model.predict(&x);
        let accuracy = predicted.iter().zip(&y).filter(|(p, t)| p == t).count();
        assert!(accuracy > 170, "training accuracy {accuracy}/200");
        // Predicted class agrees with the larger probability.
        for (row, &p) in probs.rows().into_iter().zip(&predicted) {
            assert_eq!(p, usize::from(row[1] >= 0.5));
        }
        assert_eq!(model.predict(&DatasetBase::new(x, y)), predicted);
    }

    #[test]
    fn multinomial_probabilities_sum_to_one_and_match_logits() {
        let (x, y) = planted(2, 240, 10, 3);
        let model = fit(LogisticParams::new(), x.clone(), y);
        assert_eq!((model.n_outputs(), model.coef.len()), (3, 30));
        let probs = model.predict_proba(&x);
        let mut logits = [0.0; 3];
        for (i, row) in probs.rows().into_iter().enumerate() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
            let (indices, values) = x.row(i);
            model.decision_row(indices, values, &mut logits);
            // Ratios of probabilities are exp of logit differences.
            let expected = (logits[1] - logits[0]).exp();
            assert!((row[1] / row[0] - expected).abs() < 1e-9 * expected.max(1.0));
        }
        let expected_logit: f64 = model.intercept[2]
            + x.row(0)
                .0
                .iter()
                .zip(x.row(0).1)
                .map(|(&j, &v)| f64::from(v) * model.weight(2, j as usize))
                .sum::<f64>();
        model.decision_row(x.row(0).0, x.row(0).1, &mut logits);
        assert!((logits[2] - expected_logit).abs() < 1e-12);
    }

    #[test]
    fn separable_data_with_weak_regularisation_stays_finite() {
        let mut builder = CsrBuilder::new(2);
        let mut labels = Vec::new();
        for i in 0..40 {
            let label = i % 2;
            builder.push_row([(label as u32, 1.0)]).unwrap();
            labels.push(label);
        }
        let x = builder.build();
        let model = fit(
            LogisticParams::new().c(1e8),
            x.clone(),
            Array1::from(labels),
        );
        assert!(model
            .coef
            .iter()
            .chain(&model.intercept)
            .all(|v| v.is_finite()));
        assert!(model.objective.is_finite());
        let probs = model.predict_proba(&x);
        assert!(probs.iter().all(|p| p.is_finite()));
        assert!(probs[(1, 1)] > 0.99 && probs[(0, 0)] > 0.99);
    }

    #[test]
    fn fitting_twice_gives_identical_bits() {
        let (x, y) = planted(3, 150, 9, 3);
        let params = LogisticParams::new().class_weight(ClassWeight::Balanced);
        let a = fit(params.clone(), x.clone(), y.clone());
        let b = fit(params, x, y);
        let bits = |m: &FittedLogistic| -> Vec<u64> {
            m.coef
                .iter()
                .chain(&m.intercept)
                .map(|v| v.to_bits())
                .collect()
        };
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(a, b);
    }

    #[test]
    fn class_weights_act_as_sample_weights() {
        let (x, y) = planted(4, 160, 8, 3);
        let balanced = fit(
            tight().class_weight(ClassWeight::Balanced),
            x.clone(),
            y.clone(),
        );
        let mut counts = [0; 3];
        y.iter().for_each(|&c| counts[c] += 1);
        let per_class = balanced_class_weights(&counts);
        let weights = y.mapv(|c| per_class[c] as f32);
        let dataset = DatasetBase::new(x, y).with_weights(weights);
        let weighted = tight().fit(&dataset).unwrap();
        // Equal up to the f32 rounding of the dataset weights.
        assert_close(&balanced.coef, &weighted.coef, 1e-5);
        assert_close(&balanced.intercept, &weighted.intercept, 1e-5);
        let unweighted = fit(
            tight(),
            dataset.records().clone(),
            dataset.targets().clone(),
        );
        assert!((unweighted.intercept[0] - balanced.intercept[0]).abs() > 1e-3);
    }

    #[test]
    fn a_sample_weight_of_two_equals_a_duplicated_row() {
        let (x, y) = planted(5, 80, 6, 2);
        let mut weights = Array1::from_elem(80, 1.0f32);
        weights[7] = 2.0;
        let dataset = DatasetBase::new(x.clone(), y.clone()).with_weights(weights);
        let weighted = tight().fit(&dataset).unwrap();
        let rows: Vec<usize> = (0..80).chain([7]).collect();
        let labels = Array1::from_iter(rows.iter().map(|&i| y[i]));
        let duplicated = fit(tight(), x.select_rows(&rows), labels);
        assert_close(&weighted.coef, &duplicated.coef, 1e-7);
        assert_close(&weighted.intercept, &duplicated.intercept, 1e-7);
    }

    #[test]
    fn a_class_absent_from_the_training_fold_gets_probability_zero() {
        let (x, y) = planted(6, 200, 10, 4);
        let keep: Vec<usize> = (0..200).filter(|&i| y[i] != 2).collect();
        let fold_y = Array1::from_iter(keep.iter().map(|&i| y[i]));
        let model = fit(
            LogisticParams::new().n_classes(4),
            x.select_rows(&keep),
            fold_y,
        );
        assert_eq!((model.n_classes, model.n_outputs()), (4, 4));
        assert_eq!(model.absent_classes, &[2]);
        assert!(model.converged, "{:?}", model);
        assert!((0..10).all(|j| model.weight(2, j) == 0.0));
        let probs = model.predict_proba(&x);
        for row in probs.rows() {
            assert_eq!(row[2], 0.0);
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
        assert!(model.predict(&x).iter().all(|&c| c != 2));
        // Two classes present out of three declared: still a 3-output multinomial model.
        let two: Vec<usize> = (0..200).filter(|&i| y[i] < 2).collect();
        let two_y = Array1::from_iter(two.iter().map(|&i| y[i]));
        let model = fit(
            LogisticParams::new().n_classes(3),
            x.select_rows(&two),
            two_y,
        );
        assert_eq!(
            (model.n_outputs(), model.absent_classes.as_slice()),
            (3, &[2][..])
        );
    }

    #[test]
    fn reports_running_out_of_iterations() {
        let (x, y) = planted(7, 100, 8, 3);
        let model = fit(LogisticParams::new().max_iterations(2), x, y);
        let report = &model;
        assert!(!report.converged);
        assert!(
            report.stop_reason.contains("max_iterations (2)"),
            "{report:?}"
        );
        assert!(report.iterations <= 2);
    }

    #[test]
    fn bad_training_data_is_rejected_with_typed_errors() {
        let (x, y) = planted(8, 20, 5, 2);
        let empty = CsrBuilder::new(5).build();
        let err = fit_err(LogisticParams::new(), empty, Array1::zeros(0));
        assert!(matches!(err, ModelError::EmptyData(_)), "{err}");
        let err = fit_err(LogisticParams::new(), x.clone(), Array1::zeros(19));
        assert!(matches!(err, ModelError::MismatchedShapes { .. }), "{err}");
        let mut wrong = y.clone();
        wrong[4] = 3;
        let err = fit_err(LogisticParams::new().n_classes(2), x.clone(), wrong);
        assert!(
            matches!(
                err,
                ModelError::LabelOutOfRange {
                    row: 4,
                    label: 3,
                    n_classes: 2
                }
            ),
            "{err}"
        );
        let err = fit_err(LogisticParams::new(), x.clone(), Array1::zeros(20));
        assert!(
            matches!(err, ModelError::TooFewClasses { found: 1 }),
            "{err}"
        );
        let err = fit_err(
            LogisticParams::new().n_classes(3),
            x.clone(),
            Array1::ones(20),
        );
        assert!(
            matches!(err, ModelError::TooFewClasses { found: 1 }),
            "{err}"
        );
        let mut weights = Array1::from_elem(20, 1.0f32);
        weights[3] = -1.0;
        let dataset = DatasetBase::new(x.clone(), y.clone()).with_weights(weights);
        let err = LogisticParams::new().fit(&dataset).unwrap_err();
        assert!(
            matches!(err, ModelError::InvalidSampleWeight { row: 3, .. }),
            "{err}"
        );
        let dataset = DatasetBase::new(x.clone(), y.clone()).with_weights(Array1::ones(3));
        let err = LogisticParams::new().fit(&dataset).unwrap_err();
        assert!(matches!(err, ModelError::MismatchedShapes { .. }), "{err}");
        let err = fit_err(LogisticParams::new().c(0.0), x.clone(), y.clone());
        assert!(
            matches!(err, ModelError::InvalidParameter { name: "c", .. }),
            "{err}"
        );
        let checked = LogisticParams::new().check().unwrap().n_classes(1);
        let err = checked.fit(&DatasetBase::new(x, y)).unwrap_err();
        assert!(
            matches!(
                err,
                ModelError::InvalidParameter {
                    name: "n_classes",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn serde_round_trip_is_exact_and_inconsistent_models_are_rejected() {
        let (x, y) = planted(9, 120, 7, 3);
        let mut model = fit(LogisticParams::new(), x, y);
        let json = serde_json::to_string(&model).unwrap();
        let back: FittedLogistic = serde_json::from_str(&json).unwrap();
        assert_ne!(back, model, "weights are written in single precision");
        model.round_to_f32();
        assert_eq!(back, model, "a rounded model round-trips exactly");
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["intercept"].as_array_mut().unwrap().pop();
        let err = serde_json::from_value::<FittedLogistic>(value).unwrap_err();
        assert!(err.to_string().contains("intercepts"), "{err}");
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["absent_classes"] = serde_json::json!([0, 1]);
        assert!(serde_json::from_value::<FittedLogistic>(value).is_err());
        let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["coef"][0] = serde_json::json!(null);
        assert!(serde_json::from_value::<FittedLogistic>(value).is_err());
    }

    #[test]
    fn features_beyond_the_model_are_ignored_when_scoring() {
        let (x, y) = planted(10, 60, 5, 2);
        let checked = LogisticParams::new().check().unwrap();
        let model = checked.fit(&DatasetBase::new(x, y)).unwrap();
        let mut with_extra = [0.0];
        let mut without = [0.0];
        model.decision_row(&[1, 9], &[1.0, 5.0], &mut with_extra);
        model.decision_row(&[1], &[1.0], &mut without);
        assert_eq!(with_extra, without);
    }
}

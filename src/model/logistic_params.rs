//! Hyper-parameters of the sparse logistic regression, checked in linfa's `ParamGuard` style:
//! `LogisticParams` is the unchecked builder, `check()` turns it into `LogisticValidParams`,
//! the only type that can fit.

use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

use super::logistic::ModelError;

/// How the loss of each sample is weighted by its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    /// Every sample weighs 1 (times its dataset weight, if any).
    #[default]
    None,
    /// As scikit-learn's `class_weight="balanced"`: class `c` weighs
    /// `n_samples / (n_classes_present * count_c)`, so every class contributes the same total.
    Balanced,
}

/// The settings shared by the unchecked and the checked parameters (and stored in model files).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Settings {
    c: f64,
    max_iterations: u64,
    gradient_tolerance: f64,
    class_weight: ClassWeight,
    fit_intercept: bool,
    n_classes: Option<usize>,
}

/// Unchecked hyper-parameters; call `check()` (or fit directly, which checks first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "Settings", into = "Settings")]
pub struct LogisticParams(LogisticValidParams);

/// Checked hyper-parameters. Deserialising re-runs the checks, so a model file cannot smuggle
/// in invalid values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Settings", into = "Settings")]
pub struct LogisticValidParams(Settings);

impl Default for LogisticParams {
    fn default() -> Self {
        Self::new()
    }
}

impl LogisticParams {
    pub fn new() -> Self {
        Self(LogisticValidParams(Settings {
            c: 1.0,
            max_iterations: 500,
            gradient_tolerance: 1e-4,
            class_weight: ClassWeight::None,
            fit_intercept: true,
            n_classes: None,
        }))
    }

    /// Inverse regularisation strength (default 1.0): the objective's L2 term is
    /// `alpha/2 · ‖W‖²` with `alpha = 1/C`, as scikit-learn's `C` and linfa-logistic's `alpha`.
    pub fn c(mut self, c: f64) -> Self {
        self.0 .0.c = c;
        self
    }

    /// L-BFGS iteration limit (default 500; linfa-logistic's default of 100 is often too few).
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.0 .0.max_iterations = max_iterations;
        self
    }

    /// Stop when the L2 norm of the objective's full gradient (weights and intercepts) falls
    /// below this (default 1e-4). This is exactly linfa-logistic's `gradient_tolerance`: both
    /// hand it to argmin's `LBFGS::with_tolerance_grad`. It is absolute and the objective is a
    /// *sum* over samples, so it gets stricter as the data grows. argmin also stops when the
    /// objective changes by less than `f64::EPSILON` between iterations.
    pub fn gradient_tolerance(mut self, gradient_tolerance: f64) -> Self {
        self.0 .0.gradient_tolerance = gradient_tolerance;
        self
    }

    /// Per-class weighting of the loss (default [`ClassWeight::None`]).
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.0 .0.class_weight = class_weight;
        self
    }

    /// Fit an unpenalised intercept per output (default true).
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.0 .0.fit_intercept = fit_intercept;
        self
    }

    /// Number of classes `k` (labels are `0..k`). Without it `k` is the largest label + 1.
    /// Set it in cross-validation so a fold that lacks a class still yields `k` outputs.
    pub fn n_classes(mut self, n_classes: usize) -> Self {
        self.0 .0.n_classes = Some(n_classes);
        self
    }
}

/// Getters end in `_value` because the bare names are the builder methods.
impl LogisticParams {
    pub fn c_value(&self) -> f64 {
        self.0.c_value()
    }

    pub fn max_iterations_value(&self) -> u64 {
        self.0.max_iterations_value()
    }

    pub fn gradient_tolerance_value(&self) -> f64 {
        self.0.gradient_tolerance_value()
    }

    pub fn class_weight_value(&self) -> ClassWeight {
        self.0.class_weight_value()
    }

    pub fn fit_intercept_value(&self) -> bool {
        self.0.fit_intercept_value()
    }

    pub fn n_classes_value(&self) -> Option<usize> {
        self.0.n_classes_value()
    }

    /// `ParamGuard::check` without importing the trait.
    pub fn check(self) -> Result<LogisticValidParams, ModelError> {
        ParamGuard::check(self)
    }
}

impl LogisticValidParams {
    /// Sets the number of classes on already checked parameters (one check, then one fit per
    /// label column or fold). `fit` rejects `n_classes < 2` as an invalid hyper-parameter.
    pub fn n_classes(mut self, n_classes: usize) -> Self {
        self.0.n_classes = Some(n_classes);
        self
    }

    pub fn c_value(&self) -> f64 {
        self.0.c
    }

    /// The L2 penalty weight `alpha = 1/C`.
    pub fn alpha(&self) -> f64 {
        1.0 / self.0.c
    }

    pub fn max_iterations_value(&self) -> u64 {
        self.0.max_iterations
    }

    pub fn gradient_tolerance_value(&self) -> f64 {
        self.0.gradient_tolerance
    }

    pub fn class_weight_value(&self) -> ClassWeight {
        self.0.class_weight
    }

    pub fn fit_intercept_value(&self) -> bool {
        self.0.fit_intercept
    }

    pub fn n_classes_value(&self) -> Option<usize> {
        self.0.n_classes
    }

    /// Re-checks everything (the `n_classes` builder above bypasses `LogisticParams::check`).
    pub(crate) fn recheck(&self) -> Result<(), ModelError> {
        check_settings(&self.0)
    }
}

fn invalid(name: &'static str, reason: String) -> ModelError {
    ModelError::InvalidParameter { name, reason }
}

fn check_settings(s: &Settings) -> Result<(), ModelError> {
    if !(s.c.is_finite() && s.c > 0.0) {
        return Err(invalid("c", format!("must be finite and > 0, got {}", s.c)));
    }
    if s.max_iterations == 0 {
        return Err(invalid("max_iterations", "must be at least 1".into()));
    }
    let tol = s.gradient_tolerance;
    if !(tol.is_finite() && tol >= 0.0) {
        return Err(invalid(
            "gradient_tolerance",
            format!("must be finite and >= 0, got {tol}"),
        ));
    }
    if let Some(k) = s.n_classes.filter(|&k| k < 2) {
        return Err(invalid("n_classes", format!("must be at least 2, got {k}")));
    }
    Ok(())
}

impl ParamGuard for LogisticParams {
    type Checked = LogisticValidParams;
    type Error = ModelError;

    fn check_ref(&self) -> Result<&LogisticValidParams, ModelError> {
        check_settings(&self.0 .0)?;
        Ok(&self.0)
    }

    fn check(self) -> Result<LogisticValidParams, ModelError> {
        check_settings(&self.0 .0)?;
        Ok(self.0)
    }
}

impl TryFrom<Settings> for LogisticValidParams {
    type Error = ModelError;

    fn try_from(settings: Settings) -> Result<Self, ModelError> {
        LogisticParams::from(settings).check()
    }
}

impl From<Settings> for LogisticParams {
    fn from(settings: Settings) -> Self {
        Self(LogisticValidParams(settings))
    }
}

impl From<LogisticParams> for Settings {
    fn from(params: LogisticParams) -> Settings {
        params.0 .0
    }
}

impl From<LogisticValidParams> for Settings {
    fn from(params: LogisticValidParams) -> Settings {
        params.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(params: LogisticParams) -> &'static str {
        match params.check() {
            Err(ModelError::InvalidParameter { name, .. }) => name,
            other => panic!("expected an invalid-parameter error, got {other:?}"),
        }
    }

    #[test]
    fn defaults_pass_and_read_back() {
        let p = LogisticParams::default().check().unwrap();
        assert_eq!(p.c_value(), 1.0);
        assert_eq!(p.alpha(), 1.0);
        assert_eq!(p.max_iterations_value(), 500);
        assert_eq!(p.gradient_tolerance_value(), 1e-4);
        assert_eq!(p.class_weight_value(), ClassWeight::None);
        assert!(p.fit_intercept_value());
        assert_eq!(p.n_classes_value(), None);
        let unchecked = LogisticParams::new().c(4.0).n_classes(3);
        assert_eq!(
            (unchecked.c_value(), unchecked.n_classes_value()),
            (4.0, Some(3))
        );
        let p = unchecked.check().unwrap();
        assert_eq!((p.alpha(), p.n_classes_value()), (0.25, Some(3)));
        let p = p.n_classes(5);
        assert_eq!(p.n_classes_value(), Some(5));
        assert!(p.recheck().is_ok());
        assert!(p.n_classes(1).recheck().is_err());
    }

    #[test]
    fn check_rejects_bad_values() {
        for c in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(rejected(LogisticParams::new().c(c)), "c");
        }
        assert_eq!(
            rejected(LogisticParams::new().max_iterations(0)),
            "max_iterations"
        );
        for tol in [-1e-9, f64::NAN, f64::INFINITY] {
            assert_eq!(
                rejected(LogisticParams::new().gradient_tolerance(tol)),
                "gradient_tolerance"
            );
        }
        for k in [0, 1] {
            assert_eq!(rejected(LogisticParams::new().n_classes(k)), "n_classes");
        }
        assert!(LogisticParams::new()
            .gradient_tolerance(0.0)
            .check()
            .is_ok());
        assert!(LogisticParams::new().c(1.0).check_ref().is_ok());
        assert!(LogisticParams::new().c(-1.0).check_ref().is_err());
    }

    #[test]
    fn serde_round_trip_and_rechecks_on_load() {
        let p = LogisticParams::new()
            .c(0.3)
            .class_weight(ClassWeight::Balanced)
            .fit_intercept(false)
            .check()
            .unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"class_weight\":\"balanced\""), "{json}");
        let back: LogisticValidParams = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let bad = json.replace("\"c\":0.3", "\"c\":-0.3");
        assert!(serde_json::from_str::<LogisticValidParams>(&bad).is_err());
        // Unchecked parameters load as they are; checking them still fails.
        let unchecked: LogisticParams = serde_json::from_str(&bad).unwrap();
        assert_eq!(rejected(unchecked), "c");
    }
}

//! Parity with linfa-logistic: on small problems the sparse estimator must reach the same
//! optimum as linfa-logistic fitted on the densified matrix with `alpha = 1/C`.
//!
//! Agreement criterion for coefficients, intercepts and probabilities: `|ours - linfa| <=
//! 1e-4 · max(1, |linfa|)`, i.e. absolute 1e-4 for values up to 1 in magnitude, relative 1e-4
//! above.

use std::time::Instant;

use linfa::traits::Fit;
use linfa::DatasetBase;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use ndarray::Array1;
use slant::model::logistic::{FittedLogistic, LogisticParams};
use slant::model::sparse::{CsrBuilder, CsrMatrix};

const TOLERANCE: f64 = 1e-4;
/// Tight enough that both optimisers end within ~1e-6 of the optimum, loose enough to be
/// reachable before the objective stops changing in f64.
const GRADIENT_TOLERANCE: f64 = 1e-6;

use slant::eval::rng::XorShift64Star as Rng;

/// A sparse problem whose labels come from planted weights plus noise. `bias[c]` shifts class
/// `c`'s logit, which sets how frequent the class is.
fn planted(
    seed: u64,
    nrows: usize,
    ncols: usize,
    nnz_per_row: usize,
    bias: &[f64],
) -> (CsrMatrix, Array1<usize>) {
    let k = bias.len();
    let mut rng = Rng(seed);
    let truth: Vec<f64> = (0..ncols * k).map(|_| 3.0 * rng.uniform() - 1.5).collect();
    let mut builder = CsrBuilder::with_capacity(ncols, nrows, nrows * nnz_per_row);
    let mut labels = Vec::with_capacity(nrows);
    let mut entries = Vec::with_capacity(nnz_per_row);
    for _ in 0..nrows {
        entries.clear();
        for _ in 0..nnz_per_row {
            entries.push((rng.below(ncols) as u32, (0.2 + rng.uniform()) as f32));
        }
        let mut best = (0, f64::NEG_INFINITY);
        for (c, b) in bias.iter().enumerate() {
            let noise = 2.0 * rng.uniform() - 1.0;
            let logit = b
                + noise
                + entries
                    .iter()
                    .map(|&(j, v)| f64::from(v) * truth[c * ncols + j as usize])
                    .sum::<f64>();
            if logit > best.1 {
                best = (c, logit);
            }
        }
        labels.push(best.0);
        builder.push_row(entries.iter().copied()).unwrap();
    }
    (builder.build(), Array1::from(labels))
}

fn assert_agree(what: &str, ours: &[f64], linfa: &[f64]) -> f64 {
    assert_eq!(ours.len(), linfa.len(), "{what}: lengths differ");
    let mut worst: f64 = 0.0;
    for (i, (a, b)) in ours.iter().zip(linfa).enumerate() {
        let diff = (a - b).abs() / b.abs().max(1.0);
        assert!(diff <= TOLERANCE, "{what}[{i}]: ours {a} vs linfa {b}");
        worst = worst.max(diff);
    }
    worst
}

fn fit_ours(c: f64, fit_intercept: bool, x: &CsrMatrix, y: &Array1<usize>) -> FittedLogistic {
    let model = LogisticParams::new()
        .c(c)
        .fit_intercept(fit_intercept)
        .gradient_tolerance(GRADIENT_TOLERANCE)
        .max_iterations(5000)
        .fit(&DatasetBase::new(x.clone(), y.clone()))
        .unwrap();
    assert!(model.converged, "{model:?}");
    model
}

fn check_binary(seed: u64, bias: [f64; 2], c: f64, fit_intercept: bool, expected_positive: usize) {
    let (x, y) = planted(seed, 240, 40, 6, &bias);
    let dense = x.to_dense();
    let linfa = LogisticRegression::<f64>::default()
        .alpha(1.0 / c)
        .with_intercept(fit_intercept)
        .gradient_tolerance(GRADIENT_TOLERANCE)
        .max_iterations(5000)
        .fit(&DatasetBase::new(dense.clone(), y.clone()))
        .unwrap();
    let ours = fit_ours(c, fit_intercept, &x, &y);
    // linfa's positive class is the more frequent one; ours is always class 1.
    let positive = linfa.labels().pos.class;
    assert_eq!(
        positive, expected_positive,
        "the case does not test what it says"
    );
    let sign = if positive == 1 { 1.0 } else { -1.0 };
    let linfa_coef: Vec<f64> = linfa.params().iter().map(|w| sign * w).collect();
    let mut worst = assert_agree("coef", &ours.coef, &linfa_coef);
    worst = worst.max(assert_agree(
        "intercept",
        &ours.intercept,
        &[sign * linfa.intercept()],
    ));
    let linfa_p = linfa.predict_probabilities(&dense);
    let ours_p = ours.predict_proba(&x);
    let ours_positive: Vec<f64> = ours_p.column(positive).to_vec();
    worst = worst.max(assert_agree(
        "probability",
        &ours_positive,
        &linfa_p.to_vec(),
    ));
    eprintln!(
        "binary seed {seed} positive {positive} C {c} intercept {fit_intercept}: worst scaled diff {worst:.2e}, {} iterations",
        ours.iterations
    );
}

fn check_multinomial(seed: u64, c: f64, fit_intercept: bool) {
    let (x, y) = planted(seed, 300, 30, 5, &[0.0, 0.3, -0.2]);
    let dense = x.to_dense();
    let linfa = MultiLogisticRegression::<f64>::default()
        .alpha(1.0 / c)
        .with_intercept(fit_intercept)
        .gradient_tolerance(GRADIENT_TOLERANCE)
        .max_iterations(5000)
        .fit(&DatasetBase::new(dense.clone(), y.clone()))
        .unwrap();
    assert_eq!(linfa.classes(), &[0, 1, 2]);
    let ours = fit_ours(c, fit_intercept, &x, &y);
    // linfa stores [n_features × k]; ours is [k × n_features].
    let linfa_coef: Vec<f64> = linfa.params().t().iter().copied().collect();
    let mut worst = assert_agree("coef", &ours.coef, &linfa_coef);
    worst = worst.max(assert_agree(
        "intercept",
        &ours.intercept,
        &linfa.intercept().to_vec(),
    ));
    let linfa_p = linfa.predict_probabilities(&dense);
    let ours_p = ours.predict_proba(&x);
    worst = worst.max(assert_agree(
        "probability",
        &ours_p.iter().copied().collect::<Vec<_>>(),
        &linfa_p.iter().copied().collect::<Vec<_>>(),
    ));
    eprintln!(
        "multinomial seed {seed} C {c} intercept {fit_intercept}: worst scaled diff {worst:.2e}, {} iterations",
        ours.iterations
    );
}

#[test]
fn binary_matches_linfa_when_class_one_is_more_frequent() {
    check_binary(11, [0.0, 0.8], 1.0, true, 1);
}

#[test]
fn binary_matches_linfa_when_class_zero_is_more_frequent() {
    check_binary(12, [0.8, 0.0], 1.0, true, 0);
    check_binary(13, [0.8, 0.0], 10.0, true, 0);
}

#[test]
fn binary_matches_linfa_without_intercept() {
    check_binary(14, [0.5, 0.0], 1.0, false, 0);
    check_binary(15, [0.0, 0.5], 1.0, false, 1);
}

#[test]
fn multinomial_matches_linfa() {
    check_multinomial(21, 1.0, true);
    check_multinomial(22, 10.0, true);
}

#[test]
fn multinomial_matches_linfa_without_intercept() {
    check_multinomial(23, 1.0, false);
}

/// Not a correctness test: times the fit the tool needs to be fast at.
/// Run with `cargo test --release --test linfa_parity -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed_10k_rows_20k_features_3_classes() {
    let (x, y) = planted(99, 10_000, 20_000, 20, &[0.0, 0.2, -0.2]);
    let start = Instant::now();
    let model = LogisticParams::new().fit(&DatasetBase::new(x, y)).unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let report = &model;
    eprintln!(
        "10k x 20k, 3 classes: {seconds:.2} s, {} iterations, converged {}, {}",
        report.iterations, report.converged, report.stop_reason
    );
    assert!(report.converged, "{report:?}");
}

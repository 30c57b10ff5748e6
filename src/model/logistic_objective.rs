//! The L2-regularised logistic objective on a CSR matrix, as argmin's `CostFunction` and
//! `Gradient`. It is linfa-logistic's objective (and scikit-learn's with `C = 1/alpha`):
//!
//! `sum_i w_i · logloss_i + alpha/2 · ‖W‖²`, intercepts unpenalised,
//!
//! with a sigmoid over one output for two classes and a softmax over `m` outputs otherwise.
//! Cost and gradient come out of one pass over the rows; argmin asks for them separately at
//! the same point, so the last evaluation is cached.

use std::cell::RefCell;

use argmin::core::{CostFunction, Error as ArgminError, Gradient};
use ndarray::Array1;
use rayon::prelude::*;

use super::sparse::CsrMatrix;

/// The optimiser's parameter vector: weights feature-major (`params[j * m + c]` is feature `j`
/// of output `c`, so one sparse entry touches `m` adjacent numbers), then `m` intercepts if
/// they are fitted.
pub type Params = Array1<f64>;

/// One training problem. Rows, targets and weights are assumed validated by the caller.
pub struct LogisticObjective<'a> {
    x: &'a CsrMatrix,
    /// `x` by column, for the gradient pass.
    columns: ByColumn,
    /// Binary: 0 or 1 (1 is the positive class). Softmax: output index `< n_outputs`.
    targets: Vec<usize>,
    /// Per-sample weight (class weight × dataset weight); rows weighing 0 are skipped.
    weights: Vec<f64>,
    alpha: f64,
    n_outputs: usize,
    fit_intercept: bool,
    last: RefCell<Option<Evaluation>>,
}

struct Evaluation {
    params: Params,
    cost: f64,
    gradient: Params,
}

impl<'a> LogisticObjective<'a> {
    /// `n_outputs == 1` means binary (sigmoid); `n_outputs >= 2` means softmax.
    pub fn new(
        x: &'a CsrMatrix,
        targets: Vec<usize>,
        weights: Vec<f64>,
        alpha: f64,
        n_outputs: usize,
        fit_intercept: bool,
    ) -> Self {
        debug_assert_eq!(targets.len(), x.nrows());
        debug_assert_eq!(weights.len(), x.nrows());
        debug_assert!(n_outputs >= 1);
        Self {
            x,
            columns: ByColumn::of(x),
            targets,
            weights,
            alpha,
            n_outputs,
            fit_intercept,
            last: RefCell::new(None),
        }
    }

    pub fn n_params(&self) -> usize {
        (self.x.ncols() + usize::from(self.fit_intercept)) * self.n_outputs
    }

    /// Objective value at `params`; writes the gradient into `gradient`. Every sum runs in the
    /// order of the sequential pass over the rows ([`Self::evaluate_by_rows`], its slow twin):
    /// rows in order within fixed chunks of [`ROWS_PER_CHUNK`] rows, then the chunks in order. So
    /// the result is bit-for-bit the same on any number of threads, though both passes run in
    /// parallel: first over rows (each row's loss and residuals), then over features (each
    /// gradient entry sums its column's entries, which come in row order).
    pub fn evaluate(&self, params: &[f64], gradient: &mut [f64]) -> f64 {
        let m = self.n_outputs;
        let n_weights = self.x.ncols() * m;
        debug_assert_eq!(params.len(), self.n_params());
        debug_assert_eq!(gradient.len(), self.n_params());
        let (weights, intercepts) = params.split_at(n_weights);
        let rows = self.rows();
        let n = self.targets.len();
        let mut residuals = vec![0.0; n * m];
        let mut losses = vec![0.0; n];
        residuals
            .par_chunks_mut(m * BLOCK)
            .zip(losses.par_chunks_mut(BLOCK))
            .enumerate()
            .for_each(|(block, (residuals, losses))| {
                for (k, (r, loss)) in residuals.chunks_mut(m).zip(losses).enumerate() {
                    *loss = rows.residuals(block * BLOCK + k, weights, intercepts, r);
                }
            });
        let loss = chunked_sum((0..n).map(|row| (row, losses[row])));
        let (weight_gradient, intercept_gradient) = gradient.split_at_mut(n_weights);
        let (residuals, columns) = (&residuals, &self.columns);
        weight_gradient
            .par_chunks_mut(m * BLOCK)
            .enumerate()
            .for_each(|(block, gradient)| {
                for (k, g) in gradient.chunks_mut(m).enumerate() {
                    let (column_rows, values) = columns.column(block * BLOCK + k);
                    for (c, g) in g.iter_mut().enumerate() {
                        let terms = column_rows.iter().zip(values).map(|(&row, &v)| {
                            (row as usize, f64::from(v) * residuals[row as usize * m + c])
                        });
                        *g = chunked_sum(terms);
                    }
                }
            });
        for (c, g) in intercept_gradient.iter_mut().enumerate() {
            *g = chunked_sum((0..n).map(|row| (row, residuals[row * m + c])));
        }
        loss + self.add_penalty(weights, &mut gradient[..n_weights])
    }

    /// Adds the L2 penalty's gradient to the weights' and returns the penalty (intercepts are
    /// not penalised).
    fn add_penalty(&self, weights: &[f64], weight_gradient: &mut [f64]) -> f64 {
        let mut squared_norm = 0.0;
        for (g, &w) in weight_gradient.iter_mut().zip(weights) {
            squared_norm += w * w;
            *g += self.alpha * w;
        }
        0.5 * self.alpha * squared_norm
    }

    fn rows(&self) -> Rows<'_> {
        Rows {
            x: self.x,
            targets: &self.targets,
            weights: &self.weights,
            n_outputs: self.n_outputs,
            fit_intercept: self.fit_intercept,
        }
    }

    /// [`Self::evaluate`] as one sequential pass over the rows per chunk (chunks in parallel):
    /// its slow twin, which defines the order of every sum.
    #[cfg(test)]
    pub fn evaluate_by_rows(&self, params: &[f64], gradient: &mut [f64]) -> f64 {
        let m = self.n_outputs;
        let n_weights = self.x.ncols() * m;
        let (weights, intercepts) = params.split_at(n_weights);
        let rows = self.rows();
        let n = self.targets.len();
        gradient.fill(0.0);
        let loss = if n <= ROWS_PER_CHUNK {
            rows.accumulate(0..n, weights, intercepts, gradient)
        } else {
            let n_params = gradient.len();
            let chunks: Vec<(f64, Vec<f64>)> = (0..n.div_ceil(ROWS_PER_CHUNK))
                .into_par_iter()
                .map(|c| {
                    let mut partial = vec![0.0; n_params];
                    let range = c * ROWS_PER_CHUNK..n.min((c + 1) * ROWS_PER_CHUNK);
                    let loss = rows.accumulate(range, weights, intercepts, &mut partial);
                    (loss, partial)
                })
                .collect();
            let mut loss = 0.0;
            for (chunk_loss, partial) in &chunks {
                loss += chunk_loss;
                for (g, p) in gradient.iter_mut().zip(partial) {
                    *g += p;
                }
            }
            loss
        };
        loss + self.add_penalty(weights, &mut gradient[..n_weights])
    }

    /// Evaluates at `params` unless that was the last point evaluated.
    fn evaluate_cached<T>(&self, params: &Params, read: impl Fn(&Evaluation) -> T) -> T {
        let mut last = self.last.borrow_mut();
        if let Some(hit) = last.as_ref().filter(|e| e.params == *params) {
            return read(hit);
        }
        let params = params.clone();
        let mut gradient = Params::zeros(params.len());
        let cost = self.evaluate(
            params.as_slice().expect("owned 1-D array is contiguous"),
            gradient
                .as_slice_mut()
                .expect("owned 1-D array is contiguous"),
        );
        read(last.insert(Evaluation {
            params,
            cost,
            gradient,
        }))
    }
}

/// Rows per gradient chunk: fixed, not derived from the number of threads, so that the fitted
/// weights do not depend on it.
pub(crate) const ROWS_PER_CHUNK: usize = 8192;

/// Rows, or features, per parallel task (any size gives the same sums).
const BLOCK: usize = 256;

/// The sum of `(row, term)` terms given in row order, added as the sequential pass adds them:
/// rows within a chunk of [`ROWS_PER_CHUNK`] from 0.0, then the chunks' sums from 0.0. (Chunks
/// without terms add 0.0 there, which changes no sum: none of these sums is ever -0.0.)
fn chunked_sum(terms: impl Iterator<Item = (usize, f64)>) -> f64 {
    let (mut total, mut part, mut chunk) = (0.0, 0.0, 0);
    for (row, term) in terms {
        if row / ROWS_PER_CHUNK != chunk {
            total += part;
            part = 0.0;
            chunk = row / ROWS_PER_CHUNK;
        }
        part += term;
    }
    total + part
}

/// A CSR matrix by column: each column's entries as (row, value), in row order.
struct ByColumn {
    indptr: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f32>,
}

impl ByColumn {
    fn of(x: &CsrMatrix) -> ByColumn {
        let mut indptr = vec![0usize; x.ncols() + 1];
        for (indices, _) in x.rows() {
            for &j in indices {
                indptr[j as usize + 1] += 1;
            }
        }
        for j in 0..x.ncols() {
            indptr[j + 1] += indptr[j];
        }
        let mut next = indptr.clone();
        let mut rows = vec![0u32; x.nnz()];
        let mut values = vec![0f32; x.nnz()];
        for (i, (indices, row_values)) in x.rows().enumerate() {
            for (&j, &v) in indices.iter().zip(row_values) {
                let at = &mut next[j as usize];
                rows[*at] = i as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        ByColumn {
            indptr,
            rows,
            values,
        }
    }

    fn column(&self, j: usize) -> (&[u32], &[f32]) {
        let span = self.indptr[j]..self.indptr[j + 1];
        (&self.rows[span.clone()], &self.values[span])
    }
}

/// What one chunk of rows needs (shared read-only between threads).
struct Rows<'a> {
    x: &'a CsrMatrix,
    targets: &'a [usize],
    weights: &'a [f64],
    n_outputs: usize,
    fit_intercept: bool,
}

impl Rows<'_> {
    /// Row `row`'s weighted log-loss; writes its weighted residuals (dloss/dlogit) into `scores`
    /// (all zero, and a loss of 0, for a row weighing 0).
    fn residuals(
        &self,
        row: usize,
        weights: &[f64],
        intercepts: &[f64],
        scores: &mut [f64],
    ) -> f64 {
        let m = self.n_outputs;
        let (target, sample_weight) = (self.targets[row], self.weights[row]);
        if sample_weight == 0.0 {
            scores.fill(0.0);
            return 0.0;
        }
        let (indices, values) = self.x.row(row);
        if self.fit_intercept {
            scores.copy_from_slice(intercepts);
        } else {
            scores.fill(0.0);
        }
        for (&j, &v) in indices.iter().zip(values) {
            let column = &weights[j as usize * m..][..m];
            let v = f64::from(v);
            for (score, &w) in scores.iter_mut().zip(column) {
                *score += v * w;
            }
        }
        let loss = sample_weight
            * if m == 1 {
                binary_loss_and_residual(&mut scores[0], target)
            } else {
                softmax_loss_and_residuals(scores, target)
            };
        for residual in scores.iter_mut() {
            *residual *= sample_weight;
        }
        loss
    }

    /// Adds the weighted log-loss gradient of `range`'s rows to `gradient` (in row order) and
    /// returns their summed weighted log-loss.
    #[cfg(test)]
    fn accumulate(
        &self,
        range: std::ops::Range<usize>,
        weights: &[f64],
        intercepts: &[f64],
        gradient: &mut [f64],
    ) -> f64 {
        let m = self.n_outputs;
        let n_weights = weights.len();
        let mut scores = vec![0.0; m];
        let mut loss = 0.0;
        for row in range {
            if self.weights[row] == 0.0 {
                continue;
            }
            loss += self.residuals(row, weights, intercepts, &mut scores);
            let (indices, values) = self.x.row(row);
            for (&j, &v) in indices.iter().zip(values) {
                let column = &mut gradient[j as usize * m..][..m];
                let v = f64::from(v);
                for (g, &r) in column.iter_mut().zip(&scores) {
                    *g += v * r;
                }
            }
            if self.fit_intercept {
                for (g, &r) in gradient[n_weights..].iter_mut().zip(&scores) {
                    *g += r;
                }
            }
        }
        loss
    }
}

/// Log-loss of one binary sample with logit `z` and label `y`; `z` is replaced by
/// `sigmoid(z) - y`. Uses `softplus(s) = max(s, 0) + ln(1 + e^-|s|)` with `s = ±z`, which
/// neither overflows nor loses small losses.
fn binary_loss_and_residual(z: &mut f64, y: usize) -> f64 {
    // s is the logit of the wrong class: loss = softplus(s), residual = ±sigmoid(s).
    let (s, sign) = if y == 1 { (-*z, -1.0) } else { (*z, 1.0) };
    let e = (-s.abs()).exp();
    let sigmoid_s = if s >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    *z = sign * sigmoid_s;
    s.max(0.0) + e.ln_1p()
}

/// Cross-entropy of one sample with logits `z` and label `y`; `z` is replaced by
/// `softmax(z) - onehot(y)`. Log-sum-exp is shifted by the row's maximum.
fn softmax_loss_and_residuals(z: &mut [f64], y: usize) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let shifted_target = z[y] - max;
    let mut sum = 0.0;
    for value in z.iter_mut() {
        *value = (*value - max).exp();
        sum += *value;
    }
    for value in z.iter_mut() {
        *value /= sum;
    }
    z[y] -= 1.0;
    sum.ln() - shifted_target
}

impl CostFunction for LogisticObjective<'_> {
    type Param = Params;
    type Output = f64;

    fn cost(&self, params: &Params) -> Result<f64, ArgminError> {
        Ok(self.evaluate_cached(params, |e| e.cost))
    }
}

impl Gradient for LogisticObjective<'_> {
    type Param = Params;
    type Gradient = Params;

    fn gradient(&self, params: &Params) -> Result<Params, ArgminError> {
        Ok(self.evaluate_cached(params, |e| e.gradient.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sparse::CsrBuilder;

    use crate::eval::rng::XorShift64Star as Rng;

    fn random_matrix(rng: &mut Rng, nrows: usize, ncols: usize) -> CsrMatrix {
        let mut builder = CsrBuilder::new(ncols);
        for _ in 0..nrows {
            let entries: Vec<(u32, f32)> = (0..3)
                .map(|_| (rng.below(ncols) as u32, (rng.uniform() * 2.0 - 0.5) as f32))
                .collect();
            builder.push_row(entries).unwrap();
        }
        builder.build()
    }

    struct Case {
        x: CsrMatrix,
        targets: Vec<usize>,
        weights: Vec<f64>,
        params: Vec<f64>,
    }

    fn case(rng: &mut Rng, n_outputs: usize, fit_intercept: bool) -> Case {
        let (nrows, ncols) = (30, 6);
        let x = random_matrix(rng, nrows, ncols);
        let n_labels = n_outputs.max(2);
        let targets = (0..nrows).map(|_| rng.below(n_labels)).collect();
        // Uneven weights, as class weights × sample weights give, including a zero.
        let mut weights: Vec<f64> = (0..nrows).map(|_| 0.2 + 2.0 * rng.uniform()).collect();
        weights[3] = 0.0;
        let n_params = (ncols + usize::from(fit_intercept)) * n_outputs;
        let params = (0..n_params).map(|_| 2.0 * rng.uniform() - 1.0).collect();
        Case {
            x,
            targets,
            weights,
            params,
        }
    }

    fn objective(c: &Case, n_outputs: usize, fit_intercept: bool) -> LogisticObjective<'_> {
        LogisticObjective::new(
            &c.x,
            c.targets.clone(),
            c.weights.clone(),
            0.7,
            n_outputs,
            fit_intercept,
        )
    }

    fn assert_gradient_matches_finite_differences(n_outputs: usize, fit_intercept: bool) {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 + n_outputs as u64);
        let c = case(&mut rng, n_outputs, fit_intercept);
        let f = objective(&c, n_outputs, fit_intercept);
        let mut gradient = vec![0.0; f.n_params()];
        f.evaluate(&c.params, &mut gradient);
        let mut scratch = vec![0.0; f.n_params()];
        let h = 1e-5;
        for k in 0..f.n_params() {
            let mut plus = c.params.clone();
            plus[k] += h;
            let mut minus = c.params.clone();
            minus[k] -= h;
            let numeric =
                (f.evaluate(&plus, &mut scratch) - f.evaluate(&minus, &mut scratch)) / (2.0 * h);
            let scale = numeric.abs().max(1.0);
            assert!(
                (numeric - gradient[k]).abs() / scale < 1e-6,
                "param {k}: analytic {} vs numeric {numeric}",
                gradient[k]
            );
        }
    }

    #[test]
    fn binary_gradient_matches_finite_differences() {
        assert_gradient_matches_finite_differences(1, true);
        assert_gradient_matches_finite_differences(1, false);
    }

    #[test]
    fn softmax_gradient_matches_finite_differences() {
        assert_gradient_matches_finite_differences(3, true);
        assert_gradient_matches_finite_differences(4, false);
    }

    /// Straightforward dense formulas, to check the cost itself (not just its gradient).
    fn naive_cost(c: &Case, n_outputs: usize, fit_intercept: bool, alpha: f64) -> f64 {
        let dense = c.x.to_dense();
        let nf = dense.ncols();
        let weight = |j: usize, o: usize| c.params[j * n_outputs + o];
        let bias = |o: usize| {
            if fit_intercept {
                c.params[nf * n_outputs + o]
            } else {
                0.0
            }
        };
        let mut total = 0.0;
        for (i, row) in dense.rows().into_iter().enumerate() {
            let logits: Vec<f64> = (0..n_outputs)
                .map(|o| bias(o) + (0..nf).map(|j| row[j] * weight(j, o)).sum::<f64>())
                .collect();
            let loss = if n_outputs == 1 {
                let p = 1.0 / (1.0 + (-logits[0]).exp());
                if c.targets[i] == 1 {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            } else {
                let norm: f64 = logits.iter().map(|z| z.exp()).sum();
                -(logits[c.targets[i]].exp() / norm).ln()
            };
            total += c.weights[i] * loss;
        }
        let penalty: f64 = c.params[..nf * n_outputs].iter().map(|w| w * w).sum();
        total + 0.5 * alpha * penalty
    }

    #[test]
    fn cost_matches_naive_dense_formula() {
        for (n_outputs, fit_intercept) in [(1, true), (1, false), (3, true), (3, false)] {
            let mut rng = Rng(42 + n_outputs as u64);
            let c = case(&mut rng, n_outputs, fit_intercept);
            let f = objective(&c, n_outputs, fit_intercept);
            let mut gradient = vec![0.0; f.n_params()];
            let cost = f.evaluate(&c.params, &mut gradient);
            let expected = naive_cost(&c, n_outputs, fit_intercept, 0.7);
            assert!(
                (cost - expected).abs() < 1e-10 * expected,
                "{cost} vs {expected}"
            );
        }
    }

    #[test]
    fn at_zero_the_cost_is_weighted_log_of_class_count() {
        let mut rng = Rng(7);
        let c = case(&mut rng, 3, true);
        let total_weight: f64 = c.weights.iter().sum();
        let f = objective(&c, 3, true);
        let mut gradient = vec![0.0; f.n_params()];
        let cost = f.evaluate(&vec![0.0; f.n_params()], &mut gradient);
        assert!((cost - total_weight * 3f64.ln()).abs() < 1e-12);
        let f = objective(&c, 1, true);
        let mut gradient = vec![0.0; f.n_params()];
        let cost = f.evaluate(&vec![0.0; f.n_params()], &mut gradient);
        assert!((cost - total_weight * 2f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn extreme_logits_stay_finite() {
        let mut z = 800.0;
        let loss = binary_loss_and_residual(&mut z, 0);
        assert_eq!((loss, z), (800.0, 1.0));
        let mut z = 800.0;
        let loss = binary_loss_and_residual(&mut z, 1);
        assert_eq!((loss, z), (0.0, 0.0));
        let mut z = [1000.0, -1000.0, 0.0];
        let loss = softmax_loss_and_residuals(&mut z, 1);
        assert_eq!(loss, 2000.0);
        assert!(z.iter().all(|v| v.is_finite()));
        assert_eq!(z[1], -1.0);
    }

    #[test]
    fn the_column_pass_adds_in_the_order_of_the_row_pass_bit_for_bit() {
        let mut rng = Rng(41);
        for nrows in [1, 37, ROWS_PER_CHUNK, 2 * ROWS_PER_CHUNK + 301] {
            for (n_outputs, fit_intercept) in [(1, true), (1, false), (3, true), (4, false)] {
                let ncols = 25;
                let x = random_matrix(&mut rng, nrows, ncols);
                let n_labels = n_outputs.max(2);
                let targets: Vec<usize> = (0..nrows).map(|_| rng.below(n_labels)).collect();
                // Uneven weights with zeros (skipped rows), as class weights give.
                let weights: Vec<f64> = (0..nrows)
                    .map(|i| if i % 7 == 3 { 0.0 } else { 0.2 + rng.uniform() })
                    .collect();
                let f = LogisticObjective::new(&x, targets, weights, 0.4, n_outputs, fit_intercept);
                let params: Vec<f64> = (0..f.n_params())
                    .map(|_| 3.0 * rng.uniform() - 1.5)
                    .collect();
                let (mut fast, mut slow) = (vec![0.0; f.n_params()], vec![0.0; f.n_params()]);
                let bits = |v: &[f64]| v.iter().map(|g| g.to_bits()).collect::<Vec<_>>();
                let fast_cost = f.evaluate(&params, &mut fast);
                let slow_cost = f.evaluate_by_rows(&params, &mut slow);
                let what = format!("{nrows} rows, {n_outputs} outputs, intercept {fit_intercept}");
                assert_eq!(fast_cost.to_bits(), slow_cost.to_bits(), "{what}");
                assert_eq!(bits(&fast), bits(&slow), "{what}");
            }
        }
    }

    #[test]
    fn chunked_evaluation_is_the_same_on_any_number_of_threads() {
        let mut rng = Rng(23);
        let nrows = 2 * ROWS_PER_CHUNK + 100;
        let x = random_matrix(&mut rng, nrows, 40);
        let targets: Vec<usize> = (0..nrows).map(|_| rng.below(3)).collect();
        let weights: Vec<f64> = (0..nrows).map(|_| 0.5 + rng.uniform()).collect();
        let f = LogisticObjective::new(&x, targets.clone(), weights.clone(), 0.3, 3, true);
        let params: Vec<f64> = (0..f.n_params()).map(|_| rng.uniform() - 0.5).collect();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (targets, weights) = (targets.clone(), weights.clone());
            pool.install(|| {
                // Built inside the pool: the objective's cache is not shared between threads.
                let f = LogisticObjective::new(&x, targets, weights, 0.3, 3, true);
                let mut gradient = vec![0.0; f.n_params()];
                let cost = f.evaluate(&params, &mut gradient);
                (cost, gradient)
            })
        };
        let run = |threads: usize| {
            let (cost, gradient) = run(threads);
            (
                cost.to_bits(),
                gradient.iter().map(|g| g.to_bits()).collect::<Vec<_>>(),
            )
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        // And it is the same objective: chunks of one row each agree to rounding.
        let rows = Rows {
            x: &x,
            targets: &targets,
            weights: &weights,
            n_outputs: 3,
            fit_intercept: true,
        };
        let n_weights = x.ncols() * 3;
        let mut reference = vec![0.0; f.n_params()];
        let mut loss = 0.0;
        for row in 0..nrows {
            loss += rows.accumulate(
                row..row + 1,
                &params[..n_weights],
                &params[n_weights..],
                &mut reference,
            );
        }
        let penalty: f64 = params[..n_weights].iter().map(|w| w * w).sum();
        let expected = loss + 0.15 * penalty;
        assert!((f64::from_bits(one.0) - expected).abs() < 1e-9 * expected);
    }

    #[test]
    fn cached_cost_and_gradient_equal_a_fresh_evaluation() {
        let mut rng = Rng(11);
        let c = case(&mut rng, 3, true);
        let f = objective(&c, 3, true);
        let params = Params::from(c.params.clone());
        let cost = f.cost(&params).unwrap();
        let gradient = f.gradient(&params).unwrap();
        let mut fresh = vec![0.0; f.n_params()];
        assert_eq!(cost.to_bits(), f.evaluate(&c.params, &mut fresh).to_bits());
        assert_eq!(gradient.to_vec(), fresh);
        // A different point must not be served from the cache.
        let moved = params.mapv(|p| p + 0.5);
        assert_ne!(f.cost(&moved).unwrap(), cost);
    }
}

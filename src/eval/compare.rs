//! Paired comparison of two models' predictions on the same labelled rows: the macro-F1
//! difference with a paired bootstrap interval (resampling rows, or whole groups such as
//! articles, so that correlated sentences move together), McNemar's exact test on the rows one
//! model gets right and the other wrong, the same per class, and a plain-words verdict.
//!
//! Both models are judged on the same resampled units in every replicate, so the interval is
//! that of the difference itself (Koehn 2004; Dror et al. 2018), narrower than comparing two
//! separate intervals. McNemar's p-value is exact (two-sided binomial test with p = ½ on the
//! discordant rows), so it holds for small counts; the continuity-corrected χ² statistic is given
//! beside it for readers who expect it.

use serde::Serialize;
use thiserror::Error;

use super::metrics::per_class;
use super::rng::SplitMix64;

/// Bootstrap replicates used by `slant eval` when comparing models.
pub const DEFAULT_REPS: usize = 2000;

/// Why two sets of predictions cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CompareError {
    /// The gold labels and the predictions (or the groups) differ in length.
    #[error("{what} has {found} rows, the gold labels {expected}")]
    Length {
        /// Which sequence is off.
        what: &'static str,
        /// Rows of the gold labels.
        expected: usize,
        /// Rows found.
        found: usize,
    },
    /// A class index at or above the number of classes.
    #[error("row {row}: class {class} is out of range for {k} classes")]
    Class {
        /// Row (0-based).
        row: usize,
        /// The class index found.
        class: usize,
        /// Number of classes.
        k: usize,
    },
    /// No rows to compare.
    #[error("no rows to compare")]
    Empty,
    /// Fewer than 1 bootstrap replicate.
    #[error("the bootstrap needs at least 1 replicate")]
    NoReplicates,
}

/// A point estimate with a 95% percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The estimate on all rows.
    pub estimate: f64,
    /// 2.5% quantile of the bootstrap replicates.
    pub low: f64,
    /// 97.5% quantile of the bootstrap replicates.
    pub high: f64,
}

/// McNemar's test on paired correctness.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct McNemar {
    /// Rows model A gets right and model B wrong.
    pub a_only: usize,
    /// Rows model B gets right and model A wrong.
    pub b_only: usize,
    /// Continuity-corrected χ² statistic `(|a_only − b_only| − 1)² / (a_only + b_only)` (0 when
    /// there is no discordant row).
    pub statistic: f64,
    /// Exact two-sided p-value: `min(1, 2·P(X ≤ min(a_only, b_only)))` with `X ~ Binomial(a_only +
    /// b_only, ½)`; 1 when there is no discordant row.
    pub p_value: f64,
}

/// Which model is better, by the bootstrap interval of the macro-F1 difference (B − A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval is above 0.
    BBetter,
    /// The whole interval is below 0.
    ABetter,
    /// The interval contains 0.
    NoClearDifference,
}

/// One class: F1 of each model, the paired interval of the difference, and McNemar's test over
/// the rows of that gold class (that is, on recall).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassComparison {
    /// Class index.
    pub class: usize,
    /// Gold rows of the class.
    pub support: usize,
    /// F1 of model A.
    pub f1_a: f64,
    /// F1 of model B.
    pub f1_b: f64,
    /// F1 of B minus F1 of A, with its paired bootstrap interval.
    pub difference: Interval,
    /// McNemar's test on the rows whose gold class this is.
    pub mcnemar: McNemar,
}

/// The comparison of model B against model A on the same rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Rows compared.
    pub n: usize,
    /// Units resampled by the bootstrap (groups when given, else rows).
    pub units: usize,
    /// Bootstrap replicates.
    pub reps: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Macro-F1 of model A.
    pub macro_f1_a: f64,
    /// Macro-F1 of model B.
    pub macro_f1_b: f64,
    /// Accuracy of model A.
    pub accuracy_a: f64,
    /// Accuracy of model B.
    pub accuracy_b: f64,
    /// Macro-F1 of B minus macro-F1 of A, with its paired bootstrap interval.
    pub difference: Interval,
    /// McNemar's test on all rows.
    pub mcnemar: McNemar,
    /// Per class, in class order.
    pub per_class: Vec<ClassComparison>,
    /// Plain reading of `difference`.
    pub verdict: Verdict,
}

impl Comparison {
    /// The verdict in plain words, naming the models, e.g. `B is better than A: +0.041 [+0.012,
    /// +0.070] macro-F1 (McNemar p = 0.003)`.
    pub fn sentence(&self, name_a: &str, name_b: &str) -> String {
        let d = &self.difference;
        let numbers = format!(
            "{:+.3} [{:+.3}, {:+.3}] macro-F1 ({} minus {}; McNemar p = {})",
            d.estimate,
            d.low,
            d.high,
            name_b,
            name_a,
            p_value_text(self.mcnemar.p_value)
        );
        match self.verdict {
            Verdict::BBetter => format!("{name_b} is better than {name_a}: {numbers}"),
            Verdict::ABetter => format!("{name_a} is better than {name_b}: {numbers}"),
            Verdict::NoClearDifference => {
                format!("no clear difference between {name_a} and {name_b}: {numbers}")
            }
        }
    }
}

/// A p-value as people read it: 3 significant digits, `< 0.0001` below that.
pub fn p_value_text(p: f64) -> String {
    if p < 1e-4 {
        "< 0.0001".to_string()
    } else if p >= 0.1 {
        format!("{p:.2}")
    } else {
        format!("{p:.2e}")
            .parse::<f64>()
            .map(|x| format!("{x}"))
            .unwrap_or_else(|_| format!("{p}"))
    }
}

/// McNemar's exact test of A's against B's correctness on the rows (`gold`, `a`, `b` aligned).
pub fn mcnemar(gold: &[usize], a: &[usize], b: &[usize]) -> McNemar {
    let (mut a_only, mut b_only) = (0usize, 0usize);
    for ((&g, &x), &y) in gold.iter().zip(a).zip(b) {
        match (x == g, y == g) {
            (true, false) => a_only += 1,
            (false, true) => b_only += 1,
            _ => {}
        }
    }
    mcnemar_counts(a_only, b_only)
}

/// McNemar's test from the two discordant counts.
pub fn mcnemar_counts(a_only: usize, b_only: usize) -> McNemar {
    let n = a_only + b_only;
    if n == 0 {
        return McNemar {
            a_only,
            b_only,
            statistic: 0.0,
            p_value: 1.0,
        };
    }
    let diff = (a_only as f64 - b_only as f64).abs();
    let statistic = (diff - 1.0).max(0.0).powi(2) / n as f64;
    let p_value = (2.0 * binomial_half_cdf(a_only.min(b_only), n)).min(1.0);
    McNemar {
        a_only,
        b_only,
        statistic,
        p_value,
    }
}

/// `P(X ≤ m)` for `X ~ Binomial(n, ½)`, summed in log space (exact to rounding for any `n`).
fn binomial_half_cdf(m: usize, n: usize) -> f64 {
    let ln_half_n = -(n as f64) * std::f64::consts::LN_2;
    // ln C(n, i) by the recurrence C(n, i + 1) = C(n, i) · (n − i) / (i + 1).
    let mut ln_c = 0.0f64;
    let mut terms = Vec::with_capacity(m + 1);
    for i in 0..=m {
        terms.push(ln_c + ln_half_n);
        ln_c += ((n - i) as f64).ln() - ((i + 1) as f64).ln();
    }
    // log-sum-exp, largest term (the last: i ≤ n/2) first.
    let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = terms.iter().map(|t| (t - top).exp()).sum();
    (top + sum.ln()).exp().min(1.0)
}

/// Counts of one replicate: a confusion matrix per model, `k × k`, flattened.
struct Counts {
    k: usize,
    a: Vec<usize>,
    b: Vec<usize>,
}

impl Counts {
    fn new(k: usize) -> Self {
        Counts {
            k,
            a: vec![0; k * k],
            b: vec![0; k * k],
        }
    }

    fn clear(&mut self) {
        self.a.iter_mut().for_each(|x| *x = 0);
        self.b.iter_mut().for_each(|x| *x = 0);
    }

    fn add(&mut self, g: usize, x: usize, y: usize) {
        self.a[g * self.k + x] += 1;
        self.b[g * self.k + y] += 1;
    }

    fn matrix(&self, flat: &[usize]) -> Vec<Vec<usize>> {
        flat.chunks(self.k).map(<[usize]>::to_vec).collect()
    }

    /// Per-class F1 of both models, and their macro-F1 over the same classes: those that occur in
    /// the gold labels or in either model's predictions (so both averages cover one set).
    fn scores(&self) -> (Vec<f64>, Vec<f64>, f64, f64) {
        let pa = per_class(&self.matrix(&self.a));
        let pb = per_class(&self.matrix(&self.b));
        let (mut sa, mut sb, mut m) = (0.0, 0.0, 0usize);
        for (x, y) in pa.iter().zip(&pb) {
            // Gold support is the same for both; predictions differ.
            if x.support + x.predicted + y.predicted > 0 {
                sa += x.f1;
                sb += y.f1;
                m += 1;
            }
        }
        let (ma, mb) = if m == 0 {
            (f64::NAN, f64::NAN)
        } else {
            (sa / m as f64, sb / m as f64)
        };
        (
            pa.iter().map(|s| s.f1).collect(),
            pb.iter().map(|s| s.f1).collect(),
            ma,
            mb,
        )
    }
}

/// Compares model B's predictions with model A's on the same rows: `gold`, `a` and `b` are class
/// indices below `k`, aligned by row. With `groups` (one id per row, e.g. the article), the
/// bootstrap resamples whole groups; otherwise rows. `reps` replicates drawn with `seed`: the
/// same inputs give the same result on every machine.
pub fn compare(
    gold: &[usize],
    a: &[usize],
    b: &[usize],
    k: usize,
    groups: Option<&[usize]>,
    reps: usize,
    seed: u64,
) -> Result<Comparison, CompareError> {
    let n = gold.len();
    for (what, len) in [
        ("model A's predictions", a.len()),
        ("model B's predictions", b.len()),
    ]
    .into_iter()
    .chain(groups.map(|g| ("the groups", g.len())))
    {
        if len != n {
            return Err(CompareError::Length {
                what,
                expected: n,
                found: len,
            });
        }
    }
    if n == 0 {
        return Err(CompareError::Empty);
    }
    if reps == 0 {
        return Err(CompareError::NoReplicates);
    }
    for (row, ((&g, &x), &y)) in gold.iter().zip(a).zip(b).enumerate() {
        if let Some(class) = [g, x, y].into_iter().find(|&c| c >= k) {
            return Err(CompareError::Class { row, class, k });
        }
    }
    // Units: the rows of each group (first-seen order), or one row each.
    let units: Vec<Vec<usize>> = match groups {
        Some(ids) => {
            let mut index = std::collections::HashMap::new();
            let mut units: Vec<Vec<usize>> = Vec::new();
            for (row, &id) in ids.iter().enumerate() {
                let u = *index.entry(id).or_insert_with(|| {
                    units.push(Vec::new());
                    units.len() - 1
                });
                units[u].push(row);
            }
            units
        }
        None => (0..n).map(|r| vec![r]).collect(),
    };

    let mut counts = Counts::new(k);
    for r in 0..n {
        counts.add(gold[r], a[r], b[r]);
    }
    let (f1_a, f1_b, macro_a, macro_b) = counts.scores();
    let correct =
        |p: &[usize]| gold.iter().zip(p).filter(|(g, x)| g == x).count() as f64 / n as f64;

    let mut rng = SplitMix64::new(seed);
    let mut macro_diffs = Vec::with_capacity(reps);
    let mut class_diffs: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); k];
    for _ in 0..reps {
        counts.clear();
        for _ in 0..units.len() {
            for &r in &units[rng.below(units.len())] {
                counts.add(gold[r], a[r], b[r]);
            }
        }
        let (ca, cb, ma, mb) = counts.scores();
        macro_diffs.push(mb - ma);
        for c in 0..k {
            class_diffs[c].push(cb[c] - ca[c]);
        }
    }
    let interval = |estimate: f64, mut xs: Vec<f64>| {
        xs.retain(|x| !x.is_nan());
        xs.sort_by(f64::total_cmp);
        Interval {
            estimate,
            low: quantile(&xs, 0.025),
            high: quantile(&xs, 0.975),
        }
    };
    let difference = interval(macro_b - macro_a, macro_diffs);
    let per_class = class_diffs
        .into_iter()
        .enumerate()
        .map(|(c, diffs)| {
            let rows: Vec<usize> = (0..n).filter(|&r| gold[r] == c).collect();
            let pick = |p: &[usize]| rows.iter().map(|&r| p[r]).collect::<Vec<_>>();
            ClassComparison {
                class: c,
                support: rows.len(),
                f1_a: f1_a[c],
                f1_b: f1_b[c],
                difference: interval(f1_b[c] - f1_a[c], diffs),
                mcnemar: mcnemar(&vec![c; rows.len()], &pick(a), &pick(b)),
            }
        })
        .collect();
    let verdict = if difference.low > 0.0 {
        Verdict::BBetter
    } else if difference.high < 0.0 {
        Verdict::ABetter
    } else {
        Verdict::NoClearDifference
    };
    Ok(Comparison {
        n,
        units: units.len(),
        reps,
        seed,
        macro_f1_a: macro_a,
        macro_f1_b: macro_b,
        accuracy_a: correct(a),
        accuracy_b: correct(b),
        difference,
        mcnemar: mcnemar(gold, a, b),
        per_class,
        verdict,
    })
}

/// The `q`-quantile of sorted values, linearly interpolated (numpy's default); NaN when empty.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64, tol: f64) -> bool {
        (x - y).abs() <= tol
    }

    #[test]
    fn mcnemar_exact_by_hand() {
        // 7 rows only A gets right, 1 only B: p = 2 · (C(8,0) + C(8,1)) / 2⁸ = 18/256.
        let m = mcnemar_counts(7, 1);
        assert!(close(m.p_value, 18.0 / 256.0, 1e-12), "{}", m.p_value);
        // (|7 − 1| − 1)² / 8 = 25/8.
        assert!(close(m.statistic, 25.0 / 8.0, 1e-12));
        // Symmetric, and 1 when balanced or empty.
        assert_eq!(mcnemar_counts(1, 7).p_value, m.p_value);
        assert_eq!(mcnemar_counts(4, 4).p_value, 1.0);
        assert_eq!(mcnemar_counts(0, 0).p_value, 1.0);
        // 0 against 10: 2 / 2¹⁰.
        assert!(close(mcnemar_counts(0, 10).p_value, 2.0 / 1024.0, 1e-15));
        // Large n stays finite and matches the normal approximation roughly: 600 vs 400.
        let big = mcnemar_counts(600, 400);
        assert!(big.p_value > 1e-12 && big.p_value < 1e-9, "{}", big.p_value);
    }

    #[test]
    fn mcnemar_counts_discordant_rows() {
        let gold = [0, 0, 1, 1, 2, 2];
        let a = [0, 0, 1, 0, 2, 1]; // right on rows 0, 1, 2, 4
        let b = [0, 1, 0, 1, 2, 2]; // right on rows 0, 3, 4, 5
        let m = mcnemar(&gold, &a, &b);
        assert_eq!((m.a_only, m.b_only), (2, 2));
    }

    #[test]
    fn hand_computed_comparison() {
        // 3 classes, 8 rows. A: confusion [[2,1,0],[0,2,0],[0,1,2]]; B: all right but one.
        let gold = [0, 0, 0, 1, 1, 2, 2, 2];
        let a = [0, 0, 1, 1, 1, 1, 2, 2];
        let b = [0, 0, 0, 1, 1, 2, 2, 1];
        let c = compare(&gold, &a, &b, 3, None, 500, 7).unwrap();
        // A: class 0 P=1 R=2/3 F1=0.8; class 1 P=2/4 R=1 F1=2/3; class 2 P=1 R=2/3 F1=0.8.
        assert!(close(c.macro_f1_a, (0.8 + 2.0 / 3.0 + 0.8) / 3.0, 1e-12));
        // B: class 0 F1 1; class 1 P=2/3 R=1 F1=0.8; class 2 P=1 R=2/3 F1=0.8.
        assert!(close(c.macro_f1_b, (1.0 + 0.8 + 0.8) / 3.0, 1e-12));
        assert!(close(
            c.difference.estimate,
            c.macro_f1_b - c.macro_f1_a,
            1e-15
        ));
        assert!(
            c.difference.low <= c.difference.estimate && c.difference.estimate <= c.difference.high
        );
        assert_eq!((c.mcnemar.a_only, c.mcnemar.b_only), (1, 2));
        assert!(close(c.accuracy_a, 6.0 / 8.0, 1e-15));
        assert!(close(c.accuracy_b, 7.0 / 8.0, 1e-15));
        assert_eq!(c.per_class[0].support, 3);
        assert!(close(c.per_class[0].f1_a, 0.8, 1e-12));
        assert!(close(c.per_class[0].f1_b, 1.0, 1e-12));
        // Class 0 rows: A right on 2, B on 3: one row only B gets right.
        assert_eq!(
            (c.per_class[0].mcnemar.a_only, c.per_class[0].mcnemar.b_only),
            (0, 1)
        );
        // 8 rows cannot show a difference this small.
        assert_eq!(c.verdict, Verdict::NoClearDifference);
        assert!(c
            .sentence("A", "B")
            .starts_with("no clear difference between A and B: +0."));
    }

    #[test]
    fn a_clearly_better_model_is_called_better_and_sides_swap() {
        // 300 rows, 3 classes: B right on all, A right on two thirds.
        let gold: Vec<usize> = (0..300).map(|i| i % 3).collect();
        let a: Vec<usize> = (0..300)
            .map(|i| if i % 9 < 6 { i % 3 } else { (i + 1) % 3 })
            .collect();
        let b = gold.clone();
        let c = compare(&gold, &a, &b, 3, None, 1000, 1).unwrap();
        assert_eq!(c.verdict, Verdict::BBetter);
        assert!(c.difference.low > 0.2, "{:?}", c.difference);
        assert!(c.mcnemar.p_value < 1e-6);
        assert!(c
            .sentence("old.json", "new.json")
            .starts_with("new.json is better than old.json: +0."));
        let swapped = compare(&gold, &b, &a, 3, None, 1000, 1).unwrap();
        assert_eq!(swapped.verdict, Verdict::ABetter);
        assert!(close(
            swapped.difference.estimate,
            -c.difference.estimate,
            1e-15
        ));
    }

    #[test]
    fn identical_models_have_a_zero_interval() {
        let gold = [0, 1, 2, 0, 1, 2, 0];
        let a = [0, 1, 1, 0, 2, 2, 1];
        let c = compare(&gold, &a, &a, 3, None, 200, 3).unwrap();
        assert_eq!(
            c.difference,
            Interval {
                estimate: 0.0,
                low: 0.0,
                high: 0.0
            }
        );
        assert_eq!(c.mcnemar.p_value, 1.0);
        assert_eq!(c.verdict, Verdict::NoClearDifference);
    }

    #[test]
    fn groups_resample_whole_units_and_widen_the_interval() {
        // Rows come in groups of 10 that are all right or all wrong: the group bootstrap sees 20
        // units, the row bootstrap 200, so its interval must be wider.
        let gold: Vec<usize> = (0..200).map(|i| (i / 10) % 2).collect();
        let a: Vec<usize> = (0..200)
            .map(|i| {
                if (i / 10) % 4 == 0 {
                    1 - gold[i]
                } else {
                    gold[i]
                }
            })
            .collect();
        let b = gold.clone();
        let groups: Vec<usize> = (0..200).map(|i| i / 10).collect();
        let rows = compare(&gold, &a, &b, 2, None, 2000, 5).unwrap();
        let grouped = compare(&gold, &a, &b, 2, Some(&groups), 2000, 5).unwrap();
        assert_eq!(grouped.units, 20);
        assert_eq!(rows.units, 200);
        assert_eq!(rows.difference.estimate, grouped.difference.estimate);
        let width = |c: &Comparison| c.difference.high - c.difference.low;
        assert!(
            width(&grouped) > 1.5 * width(&rows),
            "{} vs {}",
            width(&grouped),
            width(&rows)
        );
        // Deterministic for a seed.
        assert_eq!(
            grouped,
            compare(&gold, &a, &b, 2, Some(&groups), 2000, 5).unwrap()
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(
            compare(&[0, 1], &[0], &[0, 1], 2, None, 10, 1),
            Err(CompareError::Length {
                what: "model A's predictions",
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            compare(&[0, 1], &[0, 1], &[0, 1], 2, Some(&[1]), 10, 1),
            Err(CompareError::Length {
                what: "the groups",
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            compare(&[0, 3], &[0, 1], &[0, 1], 2, None, 10, 1),
            Err(CompareError::Class {
                row: 1,
                class: 3,
                k: 2
            })
        );
        assert_eq!(
            compare(&[], &[], &[], 2, None, 10, 1),
            Err(CompareError::Empty)
        );
        assert_eq!(
            compare(&[0], &[0], &[0], 2, None, 0, 1),
            Err(CompareError::NoReplicates)
        );
    }

    #[test]
    fn p_values_read_well() {
        assert_eq!(p_value_text(0.5), "0.50");
        assert_eq!(p_value_text(0.0703125), "0.0703");
        assert_eq!(p_value_text(0.0031), "0.0031");
        assert_eq!(p_value_text(1e-9), "< 0.0001");
    }
}

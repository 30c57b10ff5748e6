//! Classification metrics over gold classes and predicted probabilities. Probabilities are
//! row-major: row `i` is `probs[i * k..(i + 1) * k]` for `k` classes; the predicted class is the
//! most probable one (the first on ties, as [`crate::model::argmax`]).

use serde::Serialize;

use crate::model::argmax;

/// Probabilities are clipped to `[EPS, 1 - EPS]` in the log loss.
pub const LOG_LOSS_EPS: f64 = 1e-15;
/// Equal-width confidence bins of the expected calibration error.
pub const ECE_BINS: usize = 10;

/// Precision, recall and F1 of one class (one-vs-rest).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold rows of the class.
    pub support: usize,
    /// Rows predicted as the class.
    pub predicted: usize,
}

/// The metrics of one set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub log_loss: f64,
    pub brier: f64,
    pub ece: f64,
    /// `confusion[gold][predicted]`.
    pub confusion: Vec<Vec<usize>>,
    pub per_class: Vec<ClassScores>,
}

impl Scores {
    /// All metrics of `gold` against `probs` (`gold.len() × k`). Empty input gives NaN metrics.
    pub fn compute(gold: &[usize], probs: &[f64], k: usize) -> Scores {
        let predicted = predictions(probs, k);
        let confusion = confusion_matrix(gold, &predicted, k);
        Scores {
            n: gold.len(),
            accuracy: accuracy(&confusion),
            macro_f1: macro_f1(&confusion),
            log_loss: log_loss(gold, probs, k),
            brier: brier(gold, probs, k),
            ece: expected_calibration_error(gold, probs, k, ECE_BINS),
            per_class: per_class(&confusion),
            confusion,
        }
    }
}

/// The most probable class of each row.
pub fn predictions(probs: &[f64], k: usize) -> Vec<usize> {
    probs.chunks_exact(k).map(argmax).collect()
}

/// `k × k` counts, rows = gold, columns = predicted.
pub fn confusion_matrix(gold: &[usize], predicted: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0; k]; k];
    for (&g, &p) in gold.iter().zip(predicted) {
        m[g][p] += 1;
    }
    m
}

fn total(confusion: &[Vec<usize>]) -> usize {
    confusion.iter().flatten().sum()
}

pub fn accuracy(confusion: &[Vec<usize>]) -> f64 {
    let correct: usize = (0..confusion.len()).map(|c| confusion[c][c]).sum();
    ratio(correct, total(confusion))
}

/// `a / b`, NaN when `b` is 0.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

/// `a / b`, 0 when `b` is 0 (scikit-learn's `zero_division=0`).
fn ratio_or_zero(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

pub fn per_class(confusion: &[Vec<usize>]) -> Vec<ClassScores> {
    let k = confusion.len();
    (0..k)
        .map(|c| {
            let tp = confusion[c][c];
            let support: usize = confusion[c].iter().sum();
            let predicted: usize = (0..k).map(|g| confusion[g][c]).sum();
            ClassScores {
                precision: ratio_or_zero(tp, predicted),
                recall: ratio_or_zero(tp, support),
                // 2TP / (2TP + FP + FN): the harmonic mean, and 0 where that is undefined.
                f1: ratio_or_zero(2 * tp, support + predicted),
                support,
                predicted,
            }
        })
        .collect()
}

/// Mean F1 over the classes that occur in the gold labels or the predictions, as scikit-learn's
/// `f1_score(average="macro")`.
pub fn macro_f1(confusion: &[Vec<usize>]) -> f64 {
    let scores = per_class(confusion);
    let present: Vec<f64> = scores
        .iter()
        .filter(|s| s.support + s.predicted > 0)
        .map(|s| s.f1)
        .collect();
    if present.is_empty() {
        return f64::NAN;
    }
    present.iter().sum::<f64>() / present.len() as f64
}

/// Mean of `-ln p(gold)`, with `p` clipped to `[1e-15, 1 - 1e-15]`.
pub fn log_loss(gold: &[usize], probs: &[f64], k: usize) -> f64 {
    let sum: f64 = gold
        .iter()
        .zip(probs.chunks_exact(k))
        .map(|(&g, p)| -p[g].clamp(LOG_LOSS_EPS, 1.0 - LOG_LOSS_EPS).ln())
        .sum();
    sum / gold.len() as f64
}

/// Multi-class Brier score: mean over rows of `Σ_c (p_c - [c = gold])²` (0 best, 2 worst).
pub fn brier(gold: &[usize], probs: &[f64], k: usize) -> f64 {
    let sum: f64 = gold
        .iter()
        .zip(probs.chunks_exact(k))
        .map(|(&g, p)| {
            p.iter()
                .enumerate()
                .map(|(c, &pc)| {
                    let target = if c == g { 1.0 } else { 0.0 };
                    (pc - target) * (pc - target)
                })
                .sum::<f64>()
        })
        .sum();
    sum / gold.len() as f64
}

/// Expected calibration error of the top label: rows go into `bins` equal-width bins of their
/// highest probability, bin `b` holding confidences in `(b/bins, (b+1)/bins]` (the first bin also
/// takes 0); ECE = Σ_bins (rows in bin / rows) · |accuracy in bin − mean confidence in bin|.
pub fn expected_calibration_error(gold: &[usize], probs: &[f64], k: usize, bins: usize) -> f64 {
    if gold.is_empty() {
        return f64::NAN;
    }
    let mut count = vec![0usize; bins];
    let mut correct = vec![0usize; bins];
    let mut confidence = vec![0.0f64; bins];
    for (&g, p) in gold.iter().zip(probs.chunks_exact(k)) {
        let top = argmax(p);
        let conf = p[top];
        let bin = (0..bins)
            .find(|&b| conf <= (b + 1) as f64 / bins as f64)
            .unwrap_or(bins - 1);
        count[bin] += 1;
        correct[bin] += usize::from(top == g);
        confidence[bin] += conf;
    }
    let n = gold.len() as f64;
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| {
            let size = count[b] as f64;
            (size / n) * (correct[b] as f64 / size - confidence[b] / size).abs()
        })
        .sum()
}

/// Mean and sample standard deviation (n − 1) over folds; `std` is `None` for fewer than 2.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanStd {
    pub mean: f64,
    pub std: Option<f64>,
}

pub fn mean_std(values: &[f64]) -> MeanStd {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let std = (values.len() >= 2).then(|| {
        let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
        (ss / (n - 1.0)).sqrt()
    });
    MeanStd { mean, std }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// gold [0, 0, 1, 1, 2], predicted [0, 1, 1, 1, 0] over 3 classes.
    fn example() -> Vec<Vec<usize>> {
        confusion_matrix(&[0, 0, 1, 1, 2], &[0, 1, 1, 1, 0], 3)
    }

    #[test]
    fn confusion_rows_are_gold_and_columns_predicted() {
        assert_eq!(example(), [[1, 1, 0], [0, 2, 0], [1, 0, 0]]);
    }

    #[test]
    fn accuracy_and_per_class_scores_by_hand() {
        let m = example();
        // 3 of 5 on the diagonal.
        assert!(close(accuracy(&m), 0.6));
        let s = per_class(&m);
        // Class 0: TP 1, FP 1 (gold 2 predicted 0), FN 1 => P 1/2, R 1/2, F1 1/2.
        assert!(close(s[0].precision, 0.5) && close(s[0].recall, 0.5) && close(s[0].f1, 0.5));
        // Class 1: TP 2, FP 1, FN 0 => P 2/3, R 1, F1 = 2·(2/3)·1 / (2/3 + 1) = 0.8.
        assert!(close(s[1].precision, 2.0 / 3.0) && close(s[1].recall, 1.0));
        assert!(close(s[1].f1, 0.8));
        // Class 2: never predicted, TP 0 => P 0 (zero division), R 0, F1 0.
        assert_eq!((s[2].precision, s[2].recall, s[2].f1), (0.0, 0.0, 0.0));
        assert_eq!((s[2].support, s[2].predicted), (1, 0));
        assert_eq!((s[1].support, s[1].predicted), (2, 3));
    }

    #[test]
    fn macro_f1_averages_classes_present_in_gold_or_predictions() {
        // (0.5 + 0.8 + 0) / 3 = 0.4333… (scikit-learn gives the same).
        assert!(close(macro_f1(&example()), 1.3 / 3.0));
        // A fourth class absent from both gold and predictions does not count.
        let m = confusion_matrix(&[0, 0, 1, 1, 2], &[0, 1, 1, 1, 0], 4);
        assert!(close(macro_f1(&m), 1.3 / 3.0));
        // A class only predicted (never gold) counts with F1 0:
        // gold [0, 0], predicted [0, 1] => class 0 F1 = 2·1/(2·1 + 0 + 1) = 2/3, class 1 F1 0.
        let m = confusion_matrix(&[0, 0], &[0, 1], 2);
        assert!(close(macro_f1(&m), 1.0 / 3.0));
    }

    #[test]
    fn log_loss_and_brier_by_hand() {
        let gold = [0, 1];
        let probs = [0.8, 0.2, 0.6, 0.4];
        // -(ln 0.8 + ln 0.4) / 2 = (0.2231436 + 0.9162907) / 2 = 0.5697171.
        assert!((log_loss(&gold, &probs, 2) - 0.569_717_1).abs() < 1e-7);
        // Row 1: 0.2² + 0.2² = 0.08; row 2: 0.6² + 0.6² = 0.72; mean 0.40.
        assert!(close(brier(&gold, &probs, 2), 0.40));
        // A gold probability of 0 is clipped to 1e-15: -ln 1e-15 = 34.5387764.
        assert!((log_loss(&[1], &[1.0, 0.0], 2) - 34.538_776_4).abs() < 1e-6);
        // Three classes: gold 2 with [0.2, 0.3, 0.5] => 0.04 + 0.09 + 0.25 = 0.38.
        assert!(close(brier(&[2], &[0.2, 0.3, 0.5], 3), 0.38));
    }

    #[test]
    fn expected_calibration_error_by_hand() {
        // Confidence / correct: 0.8 yes (bin 7), 0.6 no (bin 5: (0.5, 0.6]), 0.65 yes (bin 6),
        // 0.95 no (bin 9). Each bin holds one row:
        // (0.2 + 0.6 + 0.35 + 0.95) / 4 = 0.525.
        let gold = [0, 1, 0, 1];
        let probs = [0.8, 0.2, 0.6, 0.4, 0.65, 0.35, 0.95, 0.05];
        assert!(close(
            expected_calibration_error(&gold, &probs, 2, 10),
            0.525
        ));
        // Two rows in one bin: 0.62 correct and 0.68 wrong => accuracy 0.5, mean confidence
        // 0.65, |0.5 - 0.65| = 0.15, weight 2/2.
        let probs = [0.62, 0.38, 0.68, 0.32];
        assert!(close(
            expected_calibration_error(&[0, 1], &probs, 2, 10),
            0.15
        ));
        // Perfectly confident and right: 0.
        assert!(close(
            expected_calibration_error(&[1], &[0.0, 1.0], 2, 10),
            0.0
        ));
    }

    #[test]
    fn scores_bundle_everything_and_empty_input_is_nan() {
        let s = Scores::compute(&[0, 1], &[0.8, 0.2, 0.6, 0.4], 2);
        // Predicted [0, 0]: accuracy 1/2, F1 class 0 = 2/3, class 1 = 0 => macro 1/3.
        assert_eq!(s.confusion, [[1, 0], [1, 0]]);
        assert!(close(s.accuracy, 0.5) && close(s.macro_f1, 1.0 / 3.0));
        assert!(close(s.brier, 0.40));
        let empty = Scores::compute(&[], &[], 2);
        assert!(empty.accuracy.is_nan() && empty.log_loss.is_nan() && empty.ece.is_nan());
    }

    #[test]
    fn mean_and_sample_std() {
        // Mean 0.8; squared deviations 0.01 + 0 + 0.01 over n − 1 = 2 => std 0.1.
        let m = mean_std(&[0.7, 0.8, 0.9]);
        assert!(close(m.mean, 0.8) && close(m.std.unwrap(), 0.1));
        assert_eq!(mean_std(&[0.5]).std, None);
    }
}

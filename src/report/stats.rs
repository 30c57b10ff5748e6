//! Statistics of the outlet reports: seeded cluster-bootstrap confidence intervals and the
//! weighted log-odds ratio with an informative Dirichlet prior.
//!
//! # Bootstrap
//!
//! A share ("28% of the sentences are `against`") is a ratio of sums over clusters (articles, or
//! single sentences when no article ids are known): `sum(num) / sum(den)`. Sentences of one article
//! are not independent, so the bootstrap draws whole clusters with replacement ([`BOOTSTRAP_REPS`]
//! replicates, the generator of [`crate::eval::rng`] with a fixed seed) and the 95% interval is
//! the 2.5th and 97.5th percentile of the replicate ratios (linear interpolation between order
//! statistics, as numpy's default `percentile`).
//!
//! # Weighted log-odds (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5)
//!
//! For a word `w`, group `i` (count `y_iw`, total `n_i`) against all other groups together (`y_jw`,
//! `n_j`), with the prior from the whole corpus (`α_w = y_w`, the word's corpus count, and
//! `α_0 = n`, the corpus size, i.e. a prior as strong as the data):
//!
//! ```text
//! δ_w = ln((y_iw + α_w) / (n_i + α_0 − y_iw − α_w)) − ln((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))
//! σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)
//! z_w = δ_w / σ_w
//! ```
//!
//! A large positive `z` marks a word the group uses more than the others, beyond what its
//! frequency alone would make likely; rare words are shrunk toward zero by the prior.

use serde::Serialize;

use crate::eval::rng::SplitMix64;

/// Bootstrap replicates per interval.
pub const BOOTSTRAP_REPS: usize = 1000;

/// An estimate with its 95% bootstrap interval (NaN when undefined, e.g. no rows).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

/// One cluster: its numerators (one per quantity) and its denominator.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub num: Vec<f64>,
    pub den: f64,
}

/// The `q`-quantile (`0..=1`) of sorted values, linearly interpolated (numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Ratio estimates `sum(num[q]) / sum(den)` for every quantity `q` of the clusters, with 95%
/// percentile intervals from `reps` cluster-bootstrap replicates drawn with `seed`.
pub fn bootstrap_ratios(
    clusters: &[Cluster],
    dims: usize,
    reps: usize,
    seed: u64,
) -> Vec<Interval> {
    let point = ratios(clusters.iter(), dims);
    if clusters.is_empty() || reps == 0 {
        return point
            .into_iter()
            .map(|estimate| Interval {
                estimate,
                low: f64::NAN,
                high: f64::NAN,
            })
            .collect();
    }
    let mut rng = SplitMix64::new(seed);
    let mut replicates: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); dims];
    for _ in 0..reps {
        let draw = (0..clusters.len()).map(|_| &clusters[rng.below(clusters.len())]);
        for (q, r) in ratios(draw, dims).into_iter().enumerate() {
            if r.is_finite() {
                replicates[q].push(r);
            }
        }
    }
    point
        .into_iter()
        .zip(replicates)
        .map(|(estimate, mut reps)| {
            reps.sort_by(f64::total_cmp);
            Interval {
                estimate,
                low: quantile(&reps, 0.025),
                high: quantile(&reps, 0.975),
            }
        })
        .collect()
}

fn ratios<'a>(clusters: impl Iterator<Item = &'a Cluster>, dims: usize) -> Vec<f64> {
    let mut num = vec![0.0; dims];
    let mut den = 0.0;
    for c in clusters {
        for (n, v) in num.iter_mut().zip(&c.num) {
            *n += v;
        }
        den += c.den;
    }
    num.into_iter()
        .map(|n| if den > 0.0 { n / den } else { f64::NAN })
        .collect()
}

/// Class shares of `labels` (`0..k`) with clusters given per row (`cluster[i]` is row `i`'s
/// cluster id, any `usize`; rows with equal ids are drawn together).
pub fn bootstrap_shares(
    labels: &[usize],
    cluster: &[usize],
    k: usize,
    reps: usize,
    seed: u64,
) -> Vec<Interval> {
    let clusters = group_rows(cluster, |rows| {
        let mut num = vec![0.0; k];
        rows.iter().for_each(|&r| num[labels[r]] += 1.0);
        Cluster {
            num,
            den: rows.len() as f64,
        }
    });
    bootstrap_ratios(&clusters, k, reps, seed)
}

/// The mean of per-cluster values (each cluster weighs 1) with its bootstrap interval.
pub fn bootstrap_mean(values: &[f64], reps: usize, seed: u64) -> Interval {
    let clusters: Vec<Cluster> = values
        .iter()
        .map(|&v| Cluster {
            num: vec![v],
            den: 1.0,
        })
        .collect();
    bootstrap_ratios(&clusters, 1, reps, seed)[0]
}

/// Builds one cluster per distinct id, in order of first appearance.
pub fn group_rows(cluster: &[usize], make: impl Fn(&[usize]) -> Cluster) -> Vec<Cluster> {
    let mut order: Vec<usize> = Vec::new();
    let mut members: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    for (row, &id) in cluster.iter().enumerate() {
        members
            .entry(id)
            .or_insert_with(|| {
                order.push(id);
                Vec::new()
            })
            .push(row);
    }
    order.iter().map(|id| make(&members[id])).collect()
}

/// A seed for one group of a report, so each group's intervals depend only on the seed and the
/// group's name (not on which other groups are present).
pub fn group_seed(seed: u64, name: &str) -> u64 {
    // FNV-1a over the name, mixed with the seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    seed ^ h
}

/// The weighted log-odds `z` of one word: group counts `(y_i, n_i)`, the others' `(y_j, n_j)` and
/// the prior `(α_w, α_0)`. See the module documentation.
pub fn log_odds_z(y_i: f64, n_i: f64, y_j: f64, n_j: f64, alpha_w: f64, alpha_0: f64) -> f64 {
    let delta = ((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w)).ln()
        - ((y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w)).ln();
    let variance = 1.0 / (y_i + alpha_w) + 1.0 / (y_j + alpha_w);
    delta / variance.sqrt()
}

/// One distinguishing term of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermScore {
    pub term: String,
    /// Weighted log-odds z-score of the group against all other groups.
    pub z: f64,
    /// Occurrences in the group.
    pub count: usize,
    /// Occurrences in the other groups.
    pub count_others: usize,
}

/// For every group (count maps over the same vocabulary ids), the `top` terms with the highest
/// positive `z` against all other groups, the prior from the whole corpus. Terms occurring fewer
/// than `min_count` times in the group are skipped. Ties sort by term.
pub fn distinguishing_terms(
    vocabulary: &[String],
    counts: &[Vec<usize>],
    min_count: usize,
    top: usize,
) -> Vec<Vec<TermScore>> {
    let v = vocabulary.len();
    let mut corpus = vec![0usize; v];
    for group in counts {
        for (c, &n) in corpus.iter_mut().zip(group) {
            *c += n;
        }
    }
    let n: usize = corpus.iter().sum();
    let totals: Vec<usize> = counts.iter().map(|g| g.iter().sum()).collect();
    counts
        .iter()
        .zip(&totals)
        .map(|(group, &n_i)| {
            let mut scored: Vec<TermScore> = (0..v)
                .filter(|&w| group[w] >= min_count.max(1))
                .map(|w| {
                    let y_i = group[w];
                    let y_j = corpus[w] - y_i;
                    TermScore {
                        term: vocabulary[w].clone(),
                        z: log_odds_z(
                            y_i as f64,
                            n_i as f64,
                            y_j as f64,
                            (n - n_i) as f64,
                            corpus[w] as f64,
                            n as f64,
                        ),
                        count: y_i,
                        count_others: y_j,
                    }
                })
                .filter(|t| t.z > 0.0)
                .collect();
            scored.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| a.term.cmp(&b.term)));
            scored.truncate(top);
            scored
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        // numpy.percentile([1,2,3,4,10], [0, 2.5, 50, 97.5, 100]) = [1, 1.1, 3, 9.4, 10]
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert!((quantile(&v, 0.025) - 1.1).abs() < 1e-12);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.975) - 9.4).abs() < 1e-12);
        assert_eq!(quantile(&v, 1.0), 10.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn one_replicate_with_seed_zero_draws_the_reference_indices() {
        // SplitMix64(0) yields 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f; with
        // 3 clusters, `below(3)` = floor(x * 3 / 2^64) = 2, 1, 0 (x / 2^64 = 0.883, 0.432, 0.026).
        // With 2 clusters the first two draws are 1 and 0.
        // Clusters of 2 values [1, 3]: the replicate is {3, 1}, mean 2, so the interval is [2, 2].
        let m = bootstrap_mean(&[1.0, 3.0], 1, 0);
        assert_eq!((m.estimate, m.low, m.high), (2.0, 2.0, 2.0));
        // Ratio clusters (num, den): (1, 1), (0, 3), (2, 2): the estimate is 3/6; the replicate
        // draws clusters 2, 1, 0 = all of them: also 0.5.
        let clusters = [
            Cluster {
                num: vec![1.0],
                den: 1.0,
            },
            Cluster {
                num: vec![0.0],
                den: 3.0,
            },
            Cluster {
                num: vec![2.0],
                den: 2.0,
            },
        ];
        let r = bootstrap_ratios(&clusters, 1, 1, 0)[0];
        assert_eq!((r.estimate, r.low, r.high), (0.5, 0.5, 0.5));
        // With 4 clusters below(4) gives 3, 1, 0 first: values [0, 10, 20, 30] drawn 30, 10, 0, …
        let mut rng = SplitMix64::new(0);
        assert_eq!((rng.below(4), rng.below(4), rng.below(4)), (3, 1, 0));
    }

    #[test]
    fn the_same_seed_gives_the_same_interval_and_another_seed_another() {
        let values: Vec<f64> = (0..40).map(|i| f64::from(i % 7)).collect();
        let a = bootstrap_mean(&values, 200, 13);
        assert_eq!(a, bootstrap_mean(&values, 200, 13));
        assert_ne!(a, bootstrap_mean(&values, 200, 14));
        assert!(a.low < a.estimate && a.estimate < a.high, "{a:?}");
    }

    #[test]
    fn share_intervals_match_the_normal_approximation_for_independent_rows() {
        // 400 rows, 30% class 1: the standard error is sqrt(.3 * .7 / 400) = 0.0229, so the 95%
        // interval is about ±0.0449. The bootstrap's should be within 20% of that.
        let labels: Vec<usize> = (0..400).map(|i| usize::from(i % 10 < 3)).collect();
        let clusters: Vec<usize> = (0..400).collect();
        let s = bootstrap_shares(&labels, &clusters, 2, BOOTSTRAP_REPS, 13);
        assert!((s[1].estimate - 0.3).abs() < 1e-12);
        assert!((s[0].estimate - 0.7).abs() < 1e-12);
        let half = (s[1].high - s[1].low) / 2.0;
        assert!((half - 0.0449).abs() < 0.2 * 0.0449, "half width {half}");
        assert!(s[1].low < 0.3 && 0.3 < s[1].high);
    }

    #[test]
    fn whole_articles_are_drawn_so_clustered_labels_widen_the_interval() {
        // 20 articles of 20 sentences each, every sentence of an article with the same label:
        // effectively 20 observations, not 400, so the interval must be much wider.
        let labels: Vec<usize> = (0..400).map(|i| usize::from((i / 20) % 10 < 3)).collect();
        let articles: Vec<usize> = (0..400).map(|i| i / 20).collect();
        let rows: Vec<usize> = (0..400).collect();
        let clustered = bootstrap_shares(&labels, &articles, 2, BOOTSTRAP_REPS, 13)[1];
        let independent = bootstrap_shares(&labels, &rows, 2, BOOTSTRAP_REPS, 13)[1];
        assert_eq!(clustered.estimate, independent.estimate);
        let width = |i: Interval| i.high - i.low;
        assert!(
            width(clustered) > 3.0 * width(independent),
            "{clustered:?} vs {independent:?}"
        );
    }

    #[test]
    fn no_rows_give_nan_intervals() {
        let s = bootstrap_shares(&[], &[], 2, 10, 1);
        assert!(s.iter().all(|i| i.estimate.is_nan() && i.low.is_nan()));
    }

    #[test]
    fn log_odds_z_matches_a_hand_computed_case() {
        // y_i = 10 of n_i = 100, y_j = 5 of n_j = 200; prior α_w = 15 (corpus count), α_0 = 300:
        // δ = ln(25 / 375) − ln(20 / 480) = ln(0.0666667) − ln(0.0416667) = 0.4700036
        // σ² = 1/25 + 1/20 = 0.09, σ = 0.3; z = 1.5666787
        let z = log_odds_z(10.0, 100.0, 5.0, 200.0, 15.0, 300.0);
        assert!((z - 1.566_678_7).abs() < 1e-6, "{z}");
        // Symmetric: the other side gets −z.
        let z2 = log_odds_z(5.0, 200.0, 10.0, 100.0, 15.0, 300.0);
        assert!(z2 < 0.0);
    }

    #[test]
    fn distinguishing_terms_pick_each_groups_own_words() {
        let vocabulary: Vec<String> = ["the", "occupation", "security", "rare"]
            .map(String::from)
            .to_vec();
        let counts = vec![vec![50, 20, 2, 1], vec![50, 2, 20, 0]];
        let terms = distinguishing_terms(&vocabulary, &counts, 2, 5);
        assert_eq!(terms[0][0].term, "occupation");
        assert_eq!(terms[1][0].term, "security");
        assert_eq!((terms[0][0].count, terms[0][0].count_others), (20, 2));
        // `the` is used about equally (z = 0.13 by hand); `rare` is below the minimum count.
        assert!(terms.iter().flatten().all(|t| t.term != "rare"));
        assert!(terms
            .iter()
            .flatten()
            .all(|t| t.term != "the" || t.z.abs() < 0.2));
        // The z of `occupation` for group 0 by the formula: α_w = 22, α_0 = 145, n_i = 73,
        // n_j = 72.
        let z = log_odds_z(20.0, 73.0, 2.0, 72.0, 22.0, 145.0);
        assert!((terms[0][0].z - z).abs() < 1e-12);
    }
}

//! Per-outlet (or per any grouping column) analysis of scored or evaluated sentences: label shares
//! with bootstrap intervals, the slant score, loaded-term density, top loaded terms, distinguishing
//! words and phrases, small-n flags and label-leakage warnings. Used by `slant report` (predicted
//! labels of an unlabeled corpus) and `slant eval` (gold next to out-of-fold predicted labels).
//!
//! # JSON (schema `slant-outlets/1`)
//!
//! ```text
//! {
//!   "schema": "slant-outlets/1",
//!   "by": "outlet",                 // the grouping column
//!   "cluster": "article_id" | null, // what the bootstrap resamples (null: single sentences)
//!   "seed": 13, "bootstrap_reps": 1000,
//!   "small_n": {"sentences": 30, "articles": 5},   // flag thresholds (see SMALL_N_*)
//!   "n_sentences": n, "n_articles": n | null,
//!   "labels": [{"name": "stance", "classes": ["against", ...], "gold": bool}],
//!   "groups": [{
//!     "name": "Reuters", "n_sentences": n, "n_articles": n | null,
//!     "small_n": bool, "ci_unit": "article" | "sentence",
//!     "labels": [{"name": "stance",
//!                 "predicted": [{"estimate": x, "low": x, "high": x}, ...],  // per class
//!                 "gold": null | [{...}, ...],       // eval only
//!                 "macro_f1": null | x}],            // eval only
//!     "slant": null | {"estimate": x, "low": x, "high": x},  // mean P(against) - P(favor)
//!     "words": n, "loaded_terms": n, "loaded_per_100_words": x,
//!     "top_loaded_terms": [{"term": "...", "count": n}],
//!     "distinguishing_terms": [{"term": "...", "z": x, "count": n, "count_others": n}]
//!   }, ...],
//!   "warnings": ["..."]
//! }
//! ```
//!
//! Shares and their intervals are fractions (0–1); the slant of a group is the mean over its
//! articles of each article's mean per-sentence `P(against) − P(favor)` (over sentences when no
//! article ids are known).

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::{
    bootstrap_mean, bootstrap_shares, distinguishing_terms, group_seed, Interval, TermScore,
    BOOTSTRAP_REPS,
};
use crate::text::tokens::{lower, tokenize};

pub const SCHEMA: &str = "slant-outlets/1";

/// Groups with fewer sentences are flagged: a 95% interval on a share from fewer than 30
/// sentences is wider than ±18 points (1.96 · √(0.25 / 30) = 0.179) even for independent rows.
pub const SMALL_N_SENTENCES: usize = 30;
/// Groups with fewer articles are flagged, and their intervals resample sentences rather than
/// articles: 4 articles give only 35 distinct bootstrap samples, 1 article a single one.
pub const SMALL_N_ARTICLES: usize = 5;
/// Label leakage: a group with at least this many rows …
pub const LEAKAGE_MIN_N: usize = 30;
/// … whose gold labels are at least this share one class.
pub const LEAKAGE_SHARE: f64 = 0.9;
/// Distinguishing terms and top loaded terms shown per group.
pub const TOP_TERMS: usize = 10;
/// A distinguishing term must occur at least this often in its group.
pub const MIN_TERM_COUNT: usize = 2;

/// One label column of the input rows.
#[derive(Debug, Clone)]
pub struct LabelColumn {
    pub name: String,
    pub classes: Vec<String>,
    /// Per row: predicted class index.
    pub predicted: Vec<usize>,
    /// Per row: gold class index (evaluation only).
    pub gold: Option<Vec<usize>>,
}

/// The sentences to analyse, one entry per row in every vector.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub group: Vec<String>,
    /// Article id per row (`None`: unknown; the row is its own cluster).
    pub article: Vec<Option<String>>,
    pub text: Vec<String>,
    pub words: Vec<usize>,
    /// Loaded-term surfaces matched in the row.
    pub loaded: Vec<Vec<String>>,
    /// `P(against) − P(favor)` per row, when the data has a stance with those classes.
    pub slant: Option<Vec<f64>>,
    pub labels: Vec<LabelColumn>,
    /// Rows left out because `slant score` flagged them (column `flag`: off topic, no evidence,
    /// unsupported language), by flag.
    pub flagged: std::collections::BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelInfo {
    pub name: String,
    pub classes: Vec<String>,
    pub gold: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SmallN {
    pub sentences: usize,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupLabel {
    pub name: String,
    pub predicted: Vec<Interval>,
    pub gold: Option<Vec<Interval>>,
    pub macro_f1: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermCount {
    pub term: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    pub name: String,
    pub n_sentences: usize,
    pub n_articles: Option<usize>,
    pub small_n: bool,
    pub ci_unit: &'static str,
    pub labels: Vec<GroupLabel>,
    pub slant: Option<Interval>,
    pub words: usize,
    pub loaded_terms: usize,
    pub loaded_per_100_words: f64,
    pub top_loaded_terms: Vec<TermCount>,
    pub distinguishing_terms: Vec<TermScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutletReport {
    pub schema: &'static str,
    pub by: String,
    pub cluster: Option<String>,
    pub seed: u64,
    pub bootstrap_reps: usize,
    pub small_n: SmallN,
    pub n_sentences: usize,
    pub n_articles: Option<usize>,
    pub labels: Vec<LabelInfo>,
    pub groups: Vec<GroupStats>,
    pub warnings: Vec<String>,
}

/// Analyses `rows` grouped by their group value (groups sorted by name). `by` and `cluster` name
/// the columns for the report.
pub fn analyze(rows: &Rows, by: &str, cluster: Option<&str>, seed: u64) -> OutletReport {
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in rows.group.iter().enumerate() {
        members.entry(g.as_str()).or_default().push(i);
    }
    let names: Vec<&str> = members.keys().copied().collect();

    // Distinguishing terms: unigram and bigram counts per group over one vocabulary.
    let mut vocab: BTreeMap<String, usize> = BTreeMap::new();
    let mut group_counts: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); names.len()];
    for (g, name) in names.iter().enumerate() {
        for &i in &members[name] {
            for term in terms_of(&rows.text[i]) {
                let next = vocab.len();
                let id = *vocab.entry(term).or_insert(next);
                *group_counts[g].entry(id).or_default() += 1;
            }
        }
    }
    let mut vocabulary = vec![String::new(); vocab.len()];
    for (term, &id) in &vocab {
        vocabulary[id] = term.clone();
    }
    let dense: Vec<Vec<usize>> = group_counts
        .iter()
        .map(|m| {
            let mut v = vec![0; vocabulary.len()];
            m.iter().for_each(|(&id, &n)| v[id] = n);
            v
        })
        .collect();
    let distinguishing = distinguishing_terms(&vocabulary, &dense, MIN_TERM_COUNT, TOP_TERMS);

    let mut warnings = Vec::new();
    let groups: Vec<GroupStats> = names
        .iter()
        .zip(distinguishing)
        .map(|(&name, distinguishing_terms)| {
            let idx = &members[name];
            let stats = group_stats(rows, name, idx, seed, distinguishing_terms);
            leakage_warnings(rows, by, name, idx, &mut warnings);
            stats
        })
        .collect();
    let articles_known = rows.article.iter().any(Option::is_some);
    OutletReport {
        schema: SCHEMA,
        by: by.to_string(),
        cluster: cluster.filter(|_| articles_known).map(String::from),
        seed,
        bootstrap_reps: BOOTSTRAP_REPS,
        small_n: SmallN {
            sentences: SMALL_N_SENTENCES,
            articles: SMALL_N_ARTICLES,
        },
        n_sentences: rows.group.len(),
        n_articles: articles_known.then(|| count_articles(rows, 0..rows.group.len())),
        labels: rows
            .labels
            .iter()
            .map(|l| LabelInfo {
                name: l.name.clone(),
                classes: l.classes.clone(),
                gold: l.gold.is_some(),
            })
            .collect(),
        groups,
        warnings,
    }
}

fn count_articles(rows: &Rows, idx: impl Iterator<Item = usize>) -> usize {
    let mut seen = std::collections::HashSet::new();
    for i in idx {
        match &rows.article[i] {
            Some(a) => {
                seen.insert(a.as_str());
            }
            None => {
                // A row without an article id counts as an article of its own.
                seen.insert("");
            }
        }
    }
    seen.len()
}

fn group_stats(
    rows: &Rows,
    name: &str,
    idx: &[usize],
    seed: u64,
    distinguishing_terms: Vec<TermScore>,
) -> GroupStats {
    let seed = group_seed(seed, name);
    let articles_known = idx.iter().any(|&i| rows.article[i].is_some());
    let n_articles = articles_known.then(|| count_articles(rows, idx.iter().copied()));
    // Cluster ids: one per article (rows without an id are their own cluster).
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    let article_cluster: Vec<usize> = idx
        .iter()
        .enumerate()
        .map(|(pos, &i)| match &rows.article[i] {
            Some(a) => {
                let next = ids.len();
                *ids.entry(a.as_str()).or_insert(next)
            }
            None => usize::MAX - pos,
        })
        .collect();
    let by_article = n_articles.is_some_and(|n| n >= SMALL_N_ARTICLES);
    let cluster: Vec<usize> = if by_article {
        article_cluster.clone()
    } else {
        (0..idx.len()).collect()
    };
    let small_n = idx.len() < SMALL_N_SENTENCES || n_articles.is_some_and(|n| n < SMALL_N_ARTICLES);
    let labels = rows
        .labels
        .iter()
        .enumerate()
        .map(|(l, col)| {
            let k = col.classes.len();
            let pred: Vec<usize> = idx.iter().map(|&i| col.predicted[i]).collect();
            let lseed = seed.wrapping_add(l as u64);
            let predicted = bootstrap_shares(&pred, &cluster, k, BOOTSTRAP_REPS, lseed);
            let (gold, macro_f1) = match &col.gold {
                Some(g) => {
                    let gold: Vec<usize> = idx.iter().map(|&i| g[i]).collect();
                    let cm = crate::eval::metrics::confusion_matrix(&gold, &pred, k);
                    (
                        Some(bootstrap_shares(
                            &gold,
                            &cluster,
                            k,
                            BOOTSTRAP_REPS,
                            lseed ^ 0x9E37,
                        )),
                        Some(crate::eval::metrics::macro_f1(&cm)),
                    )
                }
                None => (None, None),
            };
            GroupLabel {
                name: col.name.clone(),
                predicted,
                gold,
                macro_f1,
            }
        })
        .collect();
    let slant = rows.slant.as_ref().map(|s| {
        // Mean per article, then the mean over articles (over sentences if ids are unknown).
        let mut sums: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
        for (pos, &i) in idx.iter().enumerate() {
            let e = sums.entry(article_cluster[pos]).or_default();
            e.0 += s[i];
            e.1 += 1;
        }
        let per_article: Vec<f64> = sums.values().map(|(sum, n)| sum / *n as f64).collect();
        if by_article || !articles_known {
            bootstrap_mean(&per_article, BOOTSTRAP_REPS, seed ^ 0x51A7)
        } else {
            // Too few articles to resample: the estimate stays the mean of article means; the
            // interval resamples sentences.
            let sentence: Vec<f64> = idx.iter().map(|&i| s[i]).collect();
            let mut iv = bootstrap_mean(&sentence, BOOTSTRAP_REPS, seed ^ 0x51A7);
            let estimate = per_article.iter().sum::<f64>() / per_article.len() as f64;
            iv.low += estimate - iv.estimate;
            iv.high += estimate - iv.estimate;
            iv.estimate = estimate;
            iv
        }
    });
    let words: usize = idx.iter().map(|&i| rows.words[i]).sum();
    let mut loaded: BTreeMap<String, usize> = BTreeMap::new();
    for &i in idx {
        for t in &rows.loaded[i] {
            *loaded.entry(lower(t)).or_default() += 1;
        }
    }
    let loaded_terms: usize = loaded.values().sum();
    let mut top: Vec<TermCount> = loaded
        .into_iter()
        .map(|(term, count)| TermCount { term, count })
        .collect();
    top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    top.truncate(TOP_TERMS);
    GroupStats {
        name: name.to_string(),
        n_sentences: idx.len(),
        n_articles,
        small_n,
        ci_unit: if by_article { "article" } else { "sentence" },
        labels,
        slant,
        words,
        loaded_terms,
        loaded_per_100_words: if words > 0 {
            100.0 * loaded_terms as f64 / words as f64
        } else {
            0.0
        },
        top_loaded_terms: top,
        distinguishing_terms,
    }
}

/// Warns when a group's gold labels are nearly all one class: a model can then score well by
/// learning the group's house style rather than the label.
fn leakage_warnings(rows: &Rows, by: &str, name: &str, idx: &[usize], out: &mut Vec<String>) {
    if idx.len() < LEAKAGE_MIN_N {
        return;
    }
    for col in &rows.labels {
        let Some(gold) = &col.gold else { continue };
        let mut counts = vec![0usize; col.classes.len()];
        idx.iter().for_each(|&i| counts[gold[i]] += 1);
        for (c, &n) in counts.iter().enumerate() {
            let share = n as f64 / idx.len() as f64;
            if share >= LEAKAGE_SHARE {
                out.push(format!(
                    "{by} `{name}`: {:.1}% of its {} rows are `{}` in `{}`: the label is nearly \
                     determined by the {by}, so a model may learn its house style rather than framing",
                    100.0 * share,
                    idx.len(),
                    col.classes[c],
                    col.name
                ));
            }
        }
    }
}

/// Common English function words, left out of the distinguishing unigrams (and of bigrams made
/// only of them).
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "during", "each", "even", "for", "from", "had", "has", "have", "he", "her", "him", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "it's", "its", "just", "may", "more",
    "most", "must", "my", "no", "not", "of", "on", "only", "or", "other", "our", "out", "over",
    "said", "says", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why",
    "will", "with", "would", "you",
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// Unigrams (not stopwords, not numbers) and bigrams (not two stopwords) of a sentence,
/// lower-cased.
pub fn terms_of(text: &str) -> Vec<String> {
    let words: Vec<String> = tokenize(text).iter().map(|t| lower(t.text(text))).collect();
    let mut out = Vec::with_capacity(words.len() * 2);
    for (i, w) in words.iter().enumerate() {
        let numeric = w.chars().all(|c| !c.is_alphabetic());
        if !is_stopword(w) && !numeric {
            out.push(w.clone());
        }
        if let Some(next) = words.get(i + 1) {
            let next_numeric = next.chars().all(|c| !c.is_alphabetic());
            if !(numeric || next_numeric || is_stopword(w) && is_stopword(next)) {
                out.push(format!("{w} {next}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn terms_skip_function_words_and_numbers() {
        assert_eq!(
            terms_of("The occupation of 2003 ended"),
            ["the occupation", "occupation", "occupation of", "ended"]
        );
    }

    fn rows() -> Rows {
        // Outlet A: 40 rows, all gold class 0, articles a0..a7 (5 rows each); outlet B: 4 rows.
        let mut r = Rows::default();
        let mut gold = Vec::new();
        let mut pred = Vec::new();
        for i in 0..44 {
            let a = i < 40;
            r.group.push(if a { "A" } else { "B" }.to_string());
            r.article
                .push(Some(format!("{}{}", if a { "a" } else { "b" }, i / 5)));
            r.text.push(if a {
                "troops occupation forces".to_string()
            } else {
                "security partners".to_string()
            });
            r.words.push(3);
            r.loaded
                .push(if a { vec!["Occupation".into()] } else { vec![] });
            gold.push(usize::from(!a));
            pred.push(usize::from(!a || i % 4 == 0));
        }
        r.slant = Some((0..44).map(|i| if i < 40 { 0.5 } else { -0.25 }).collect());
        r.labels.push(LabelColumn {
            name: "stance".into(),
            classes: vec!["against".into(), "favor".into()],
            predicted: pred,
            gold: Some(gold),
        });
        r
    }

    #[test]
    fn groups_get_shares_slant_density_terms_flags_and_warnings() {
        let rep = analyze(&rows(), "outlet", Some("article_id"), 13);
        assert_eq!(rep.groups.len(), 2);
        let a = &rep.groups[0];
        assert_eq!(
            (a.name.as_str(), a.n_sentences, a.n_articles),
            ("A", 40, Some(8))
        );
        assert!(!a.small_n);
        assert_eq!(a.ci_unit, "article");
        let l = &a.labels[0];
        // Predicted: rows 0, 4, …, 36 are `favor` = 10 of 40.
        assert!((l.predicted[1].estimate - 0.25).abs() < 1e-12);
        assert_eq!(l.gold.as_ref().unwrap()[0].estimate, 1.0);
        // Gold all `against`; predicted 30 against, 10 favor: F1(against) = 60/70, F1(favor) = 0.
        assert!((l.macro_f1.unwrap() - 30.0 / 70.0).abs() < 1e-12);
        assert_eq!(a.slant.unwrap().estimate, 0.5);
        assert!((a.loaded_per_100_words - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(a.top_loaded_terms[0].term, "occupation");
        assert_eq!(a.top_loaded_terms[0].count, 40);
        assert!(a
            .distinguishing_terms
            .iter()
            .any(|t| t.term == "occupation"));
        let b = &rep.groups[1];
        assert!(b.small_n, "4 sentences");
        assert_eq!(b.ci_unit, "sentence");
        assert!(b
            .distinguishing_terms
            .iter()
            .any(|t| t.term == "security partners"));
        // A is 100% one class with 40 rows: one leakage warning; B is too small.
        assert_eq!(rep.warnings.len(), 1, "{:?}", rep.warnings);
        assert!(rep.warnings[0].contains("outlet `A`: 100.0% of its 40 rows"));
        assert_eq!(rep.n_articles, Some(9));
    }
}

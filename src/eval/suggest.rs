//! Which sentences to label next: the model's least certain sentences, spread over outlets and
//! articles, without near-duplicates and without texts that are labelled already, plus a small
//! share drawn at random so the labels never follow the model's blind spots alone.
//!
//! The choice is greedy and deterministic for a seed. Candidates are ranked by uncertainty
//! (margin: `1 − (p₁ − p₂)` of the two most probable classes, or the entropy normalised to
//! `[0, 1]`). Outlets take turns — each round gives every outlet its most uncertain remaining
//! sentence, outlets with the most uncertain sentences first — so one prolific outlet cannot fill
//! the batch; an article gives at most `per_article` sentences; a sentence whose word shingles
//! overlap a chosen one's by at least `near_duplicate` (Jaccard) is skipped. Then `explore` of the
//! batch (rounded) is replaced by sentences drawn uniformly from the rest, under the same rules.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::rng::SplitMix64;

/// How uncertainty is measured from a sentence's class probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Uncertainty {
    /// `1 − (p₁ − p₂)`: 1 when the two most probable classes tie.
    Margin,
    /// Shannon entropy divided by `ln k`: 1 when all classes are equally probable.
    Entropy,
}

impl Uncertainty {
    /// The uncertainty of one probability row (NaN rows are the least uncertain: never chosen
    /// for uncertainty, only at random).
    pub fn of(self, probs: &[f64]) -> f64 {
        if probs.len() < 2 || probs.iter().any(|p| !p.is_finite()) {
            return 0.0;
        }
        match self {
            Uncertainty::Margin => {
                let (mut p1, mut p2) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
                for &p in probs {
                    if p > p1 {
                        p2 = p1;
                        p1 = p;
                    } else if p > p2 {
                        p2 = p;
                    }
                }
                (1.0 - (p1 - p2)).clamp(0.0, 1.0)
            }
            Uncertainty::Entropy => {
                let h: f64 = probs
                    .iter()
                    .filter(|&&p| p > 0.0)
                    .map(|&p| -p * p.ln())
                    .sum();
                (h / (probs.len() as f64).ln()).clamp(0.0, 1.0)
            }
        }
    }
}

/// One sentence that may be suggested.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    /// The sentence text (for near-duplicate checks).
    pub text: &'a str,
    /// Its article (any id; equal ids are one article).
    pub article: &'a str,
    /// Its outlet (empty: unknown, one group of its own).
    pub outlet: &'a str,
    /// Class probabilities of the head being labelled.
    pub probs: &'a [f64],
}

/// Settings of [`suggest`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestParams {
    /// How many sentences to suggest.
    pub n: usize,
    /// How uncertainty is measured.
    pub uncertainty: Uncertainty,
    /// At most this many sentences of one article (at least 1).
    pub per_article: usize,
    /// Jaccard overlap of word 3-shingles at or above which two sentences are near-duplicates
    /// (`0 < near_duplicate ≤ 1`).
    pub near_duplicate: f64,
    /// Share of the batch drawn at random instead of by uncertainty (`0 ≤ explore ≤ 1`).
    pub explore: f64,
    /// Seed of the random share.
    pub seed: u64,
}

impl Default for SuggestParams {
    fn default() -> Self {
        SuggestParams {
            n: 100,
            uncertainty: Uncertainty::Margin,
            per_article: 2,
            near_duplicate: 0.7,
            explore: 0.1,
            seed: 13,
        }
    }
}

/// Why a sentence was suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Among the most uncertain of its outlet's turn.
    Uncertain,
    /// Drawn at random (the `explore` share).
    Random,
}

/// One suggested sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Suggestion {
    /// Index into the candidates.
    pub index: usize,
    /// Its uncertainty.
    pub uncertainty: f64,
    /// Why it was chosen.
    pub reason: Reason,
}

/// Word 3-shingles of a text (lower-cased alphanumeric words; shorter texts: the whole word
/// sequence as one shingle), hashed.
fn shingles(text: &str) -> HashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let hash = |ws: &[String]| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ws.hash(&mut h);
        h.finish()
    };
    if words.len() < 3 {
        return std::iter::once(hash(&words)).collect();
    }
    words.windows(3).map(hash).collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// The normalised form used to recognise a text that is labelled already: lower-cased words
/// joined by single spaces.
pub fn text_key(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Chooses up to `params.n` candidates to label next (fewer when the rules leave fewer), leaving
/// out every candidate whose [`text_key`] is in `labelled`. The result is in the order chosen:
/// uncertain ones by turn, then the random share.
pub fn suggest<'a>(
    candidates: &[Candidate<'a>],
    labelled: &HashSet<String>,
    params: &SuggestParams,
) -> Vec<Suggestion> {
    let per_article = params.per_article.max(1);
    let n_random = ((params.n as f64) * params.explore.clamp(0.0, 1.0)).round() as usize;
    let n_uncertain = params.n.saturating_sub(n_random);

    // Eligible candidates: not labelled, first of their exact text.
    let mut seen_keys = HashSet::new();
    let eligible: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            let key = text_key(candidates[i].text);
            !key.is_empty() && !labelled.contains(&key) && seen_keys.insert(key)
        })
        .collect();
    let uncertainty: Vec<f64> = candidates
        .iter()
        .map(|c| params.uncertainty.of(c.probs))
        .collect();

    let mut state = Chosen {
        shingles: Vec::new(),
        per_article: HashMap::new(),
        taken: HashSet::new(),
        out: Vec::new(),
    };
    let admit = |state: &mut Chosen<'a>, i: usize, reason: Reason| -> bool {
        let c = &candidates[i];
        if state.taken.contains(&i)
            || state.per_article.get(c.article).copied().unwrap_or(0) >= per_article
        {
            return false;
        }
        let sh = shingles(c.text);
        if state
            .shingles
            .iter()
            .any(|s| jaccard(s, &sh) >= params.near_duplicate)
        {
            return false;
        }
        state.shingles.push(sh);
        *state.per_article.entry(c.article).or_insert(0) += 1;
        state.taken.insert(i);
        state.out.push(Suggestion {
            index: i,
            uncertainty: uncertainty[i],
            reason,
        });
        true
    };

    // Outlets' queues, most uncertain first (ties: input order).
    let mut queues: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut outlet_index: HashMap<&str, usize> = HashMap::new();
    for &i in &eligible {
        let o = candidates[i].outlet;
        let q = *outlet_index.entry(o).or_insert_with(|| {
            queues.push((o, Vec::new()));
            queues.len() - 1
        });
        queues[q].1.push(i);
    }
    for (_, q) in &mut queues {
        q.sort_by(|&a, &b| uncertainty[b].total_cmp(&uncertainty[a]).then(a.cmp(&b)));
    }
    // Outlets in order of their most uncertain sentence.
    queues.sort_by(|a, b| {
        uncertainty[b.1[0]]
            .total_cmp(&uncertainty[a.1[0]])
            .then(a.1[0].cmp(&b.1[0]))
    });
    let mut cursors = vec![0usize; queues.len()];
    while state.out.len() < n_uncertain {
        let mut progressed = false;
        for (q, (_, queue)) in queues.iter().enumerate() {
            if state.out.len() >= n_uncertain {
                break;
            }
            while cursors[q] < queue.len() {
                let i = queue[cursors[q]];
                cursors[q] += 1;
                if admit(&mut state, i, Reason::Uncertain) {
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            break;
        }
    }

    // The random share (and whatever the uncertain pass could not fill).
    let mut rest: Vec<usize> = eligible
        .iter()
        .copied()
        .filter(|i| !state.taken.contains(i))
        .collect();
    SplitMix64::new(params.seed).shuffle(&mut rest);
    for i in rest {
        if state.out.len() >= params.n {
            break;
        }
        admit(&mut state, i, Reason::Random);
    }
    state.out
}

/// What has been chosen so far.
struct Chosen<'a> {
    shingles: Vec<HashSet<u64>>,
    per_article: HashMap<&'a str, usize>,
    taken: HashSet<usize>,
    out: Vec<Suggestion>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand<'a>(
        text: &'a str,
        article: &'a str,
        outlet: &'a str,
        probs: &'a [f64],
    ) -> Candidate<'a> {
        Candidate {
            text,
            article,
            outlet,
            probs,
        }
    }

    fn params(n: usize) -> SuggestParams {
        SuggestParams {
            n,
            explore: 0.0,
            ..SuggestParams::default()
        }
    }

    #[test]
    fn uncertainty_measures() {
        assert_eq!(Uncertainty::Margin.of(&[0.5, 0.5, 0.0]), 1.0);
        assert!((Uncertainty::Margin.of(&[0.7, 0.2, 0.1]) - 0.5).abs() < 1e-12);
        assert_eq!(Uncertainty::Margin.of(&[1.0, 0.0]), 0.0);
        assert!((Uncertainty::Entropy.of(&[1.0 / 3.0; 3]) - 1.0).abs() < 1e-12);
        assert_eq!(Uncertainty::Entropy.of(&[1.0, 0.0, 0.0]), 0.0);
        assert_eq!(Uncertainty::Margin.of(&[f64::NAN, 0.5]), 0.0);
    }

    #[test]
    fn most_uncertain_first_within_the_rules() {
        let p_sure = [0.95, 0.05];
        let p_mid = [0.7, 0.3];
        let p_tie = [0.5, 0.5];
        let c = vec![
            cand("Troops will stay in the north for now.", "a1", "X", &p_sure),
            cand(
                "The talks on the base resumed on Monday.",
                "a1",
                "X",
                &p_tie,
            ),
            cand(
                "Protesters marched to the embassy gates.",
                "a2",
                "X",
                &p_mid,
            ),
        ];
        let s = suggest(&c, &HashSet::new(), &params(2));
        assert_eq!(s.iter().map(|s| s.index).collect::<Vec<_>>(), vec![1, 2]);
        assert!(s.iter().all(|s| s.reason == Reason::Uncertain));
    }

    #[test]
    fn outlets_take_turns_and_articles_are_capped() {
        let tie = [0.5, 0.5];
        let low = [0.8, 0.2];
        let texts: Vec<String> = (0..10)
            .map(|i| format!("Sentence number {i} about a different matter {}", i * 7))
            .collect();
        let mut c = Vec::new();
        // Outlet X: 8 very uncertain sentences in one article; outlet Y: 2 less uncertain.
        for t in &texts[..8] {
            c.push(cand(t, "x1", "X", &tie));
        }
        for (j, t) in texts[8..].iter().enumerate() {
            c.push(cand(t, if j == 0 { "y1" } else { "y2" }, "Y", &low));
        }
        let s = suggest(&c, &HashSet::new(), &params(4));
        let outlets: Vec<&str> = s.iter().map(|s| c[s.index].outlet).collect();
        // Per article at most 2: X gives 2, Y gives 2 (one from each article).
        assert_eq!(outlets.iter().filter(|&&o| o == "X").count(), 2);
        assert_eq!(outlets.iter().filter(|&&o| o == "Y").count(), 2);
        // Turns: X, Y, X, Y.
        assert_eq!(outlets, vec!["X", "Y", "X", "Y"]);
    }

    #[test]
    fn near_duplicates_and_labelled_texts_are_left_out() {
        let tie = [0.5, 0.5];
        let c = vec![
            cand(
                "U.S. troops must leave Iraq now, the minister said on Monday.",
                "a",
                "X",
                &tie,
            ),
            cand(
                "U.S. troops must leave Iraq now, the minister said on Tuesday.",
                "b",
                "Y",
                &tie,
            ),
            cand(
                "US troops must leave Iraq now the minister said on Monday",
                "c",
                "Z",
                &tie,
            ),
            cand("A new base opened near the border.", "d", "W", &tie),
        ];
        let mut labelled = HashSet::new();
        labelled.insert(text_key("A NEW base opened near the border!"));
        let s = suggest(&c, &labelled, &params(10));
        // Row 2 is the same text as row 0 up to punctuation and case ("U.S." vs "US" differ in
        // words, so it is a near-duplicate, not an exact one); row 1 a near-duplicate; row 3 labelled.
        assert_eq!(s.iter().map(|s| s.index).collect::<Vec<_>>(), vec![0]);
    }

    #[test]
    fn the_random_share_is_seeded_and_counted() {
        let probs: Vec<[f64; 2]> = (0..200)
            .map(|i| [0.5 + (i as f64) / 500.0, 0.5 - (i as f64) / 500.0])
            .collect();
        let texts: Vec<String> = (0..200)
            .map(|i| format!("distinct sentence {i} with words w{i} x{i} y{i}"))
            .collect();
        let arts: Vec<String> = (0..200).map(|i| format!("art{i}")).collect();
        let c: Vec<Candidate<'_>> = (0..200)
            .map(|i| cand(&texts[i], &arts[i], "", &probs[i]))
            .collect();
        let p = SuggestParams {
            n: 20,
            explore: 0.25,
            ..SuggestParams::default()
        };
        let s = suggest(&c, &HashSet::new(), &p);
        assert_eq!(s.len(), 20);
        assert_eq!(s.iter().filter(|s| s.reason == Reason::Random).count(), 5);
        // The uncertain 15 are the 15 most uncertain (rows 0..15).
        let mut unc: Vec<usize> = s
            .iter()
            .filter(|s| s.reason == Reason::Uncertain)
            .map(|s| s.index)
            .collect();
        unc.sort();
        assert_eq!(unc, (0..15).collect::<Vec<_>>());
        assert!(s
            .iter()
            .filter(|s| s.reason == Reason::Random)
            .all(|s| s.index >= 15));
        assert_eq!(s, suggest(&c, &HashSet::new(), &p));
        let other = suggest(
            &c,
            &HashSet::new(),
            &SuggestParams {
                seed: 99,
                ..p.clone()
            },
        );
        assert_ne!(s, other);
    }

    #[test]
    fn fewer_when_the_rules_leave_fewer() {
        let tie = [0.5, 0.5];
        let c = vec![
            cand("One sentence about the base.", "a", "X", &tie),
            cand("Another sentence about the troops.", "a", "X", &tie),
            cand("A third one in the same article.", "a", "X", &tie),
        ];
        assert_eq!(suggest(&c, &HashSet::new(), &params(3)).len(), 2);
        assert!(suggest(&[], &HashSet::new(), &params(3)).is_empty());
    }
}

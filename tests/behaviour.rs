//! Behavioural tests of the default model (CheckList-style, on the project's own templates in
//! tests/behaviour/cases.csv, made by tests/behaviour/make_cases.py):
//!
//! - invariance: changing only how the United States is spelled never changes the stance; over
//!   all invariance families (spelling, host country, numbers, days, names, quote style) at most
//!   1% of variants change it;
//! - direction: a sentence for leaving gets a higher P(against) than its twin for staying (at most
//!   a fifth of the pairs may fail; see the test).
//!
//! eval/REALTEXT.md reports the same flip rates for the model before and after.

mod common;

use std::collections::BTreeMap;

use slant::model::Model;
use slant::score::Scorer;
use slant::text::clean::Cleaner;

struct Case {
    family: String,
    group: u32,
    variant: u32,
    text: String,
}

fn cases() -> Vec<Case> {
    let path = common::root().join("tests/behaviour/cases.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Case {
                family: r[0].to_string(),
                group: r[1].parse().unwrap(),
                variant: r[2].parse().unwrap(),
                text: r[3].to_string(),
            }
        })
        .collect()
}

/// Per case: the predicted stance and P(against) under the default model.
fn predictions(cases: &[Case]) -> Vec<(String, f64)> {
    let model = Model::load(&common::default_model()).unwrap();
    let cleaner = Cleaner::builtin();
    let mut scorer = Scorer::new(&model, &cleaner);
    let head = model
        .heads
        .iter()
        .position(|h| h.label == "stance")
        .unwrap();
    let classes = &model.heads[head].classes;
    let against = classes.iter().position(|c| c == "against").unwrap();
    cases
        .iter()
        .map(|c| {
            let s = scorer.score_sentence(0, 0, &c.text);
            (classes[s.predicted[head]].clone(), s.probs[head][against])
        })
        .collect()
}

#[test]
fn stance_is_invariant_to_surface_variants_and_moves_in_the_right_direction() {
    let cases = cases();
    assert!(cases.len() > 500, "tests/behaviour/cases.csv is incomplete");
    let preds = predictions(&cases);
    let mut groups: BTreeMap<(String, u32), Vec<(u32, usize)>> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        groups
            .entry((c.family.clone(), c.group))
            .or_default()
            .push((c.variant, i));
    }
    // family -> (failures, comparisons, examples)
    let mut tally: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for ((family, _), mut members) in groups {
        members.sort();
        let t = tally.entry(family.clone()).or_default();
        let base = members[0].1;
        if family == "direction" {
            let (leave, stay) = (base, members[1].1);
            t.1 += 1;
            if preds[leave].1 <= preds[stay].1 {
                t.0 += 1;
                t.2.push(format!("{:?} vs {:?}", cases[leave].text, cases[stay].text));
            }
            continue;
        }
        for &(_, i) in &members[1..] {
            t.1 += 1;
            if preds[i].0 != preds[base].0 {
                t.0 += 1;
                t.2.push(format!(
                    "{:?} -> {} but {:?} -> {}",
                    cases[base].text, preds[base].0, cases[i].text, preds[i].0
                ));
            }
        }
    }
    for (family, (fail, total, examples)) in &tally {
        eprintln!(
            "{family}: {fail} of {total} ({:.2}%) {}",
            100.0 * *fail as f64 / *total as f64,
            examples.first().map(String::as_str).unwrap_or("")
        );
    }
    let spelling = &tally["invariance:spelling"];
    assert_eq!(
        spelling.0, 0,
        "the spelling of the country flips stance: {:?}",
        spelling.2
    );
    let (fail, total) = tally
        .iter()
        .filter(|(f, _)| f.starts_with("invariance"))
        .fold((0, 0), |(a, b), (_, t)| (a + t.0, b + t.1));
    assert!(
        fail * 100 <= total,
        "{fail} of {total} invariance variants change the stance (more than 1%)"
    );
    // Direction: the model before the real-text round failed 25% of the pairs. All of today's
    // failures are one template, "Parliament voted to expel / keep the … forces" (a bag of words
    // reads "parliament voted" as against whatever the verb; eval/REALTEXT.md): at most a fifth
    // may fail, so that a model that loses the leave/stay distinction fails this test.
    let direction = &tally["direction"];
    assert!(
        direction.0 * 5 <= direction.1,
        "{} of {} direction pairs fail (more than 20%): {:?}",
        direction.0,
        direction.1,
        direction.2
    );
}

#[test]
fn spelling_variants_give_identical_probabilities() {
    // Canonical forms make the features identical, not just the label.
    let model = Model::load(&common::default_model()).unwrap();
    let cleaner = Cleaner::builtin();
    let mut scorer = Scorer::new(&model, &cleaner);
    let base = scorer.score_sentence(0, 0, "US troops must stay in Iraq.");
    for variant in [
        "U.S. troops must stay in Iraq.",
        "United States troops must stay in Iraq.",
        "American troops must stay in Iraq.",
        "USA troops must stay in Syria.",
    ] {
        assert_eq!(
            scorer.score_sentence(0, 0, variant).probs,
            base.probs,
            "{variant}"
        );
    }
}

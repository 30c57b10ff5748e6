//! Acceptance on the five real seed articles in ../shared/seeds, scored with the bundled default
//! model. The seeds are read in place; without ../shared these tests say so and skip.

mod common;

use std::collections::HashMap;

use common::{csv_rows, root, shared, slant, Succeeds};

type Row = HashMap<String, String>;

/// Scores the seeds with the default model: (sentence rows, article rows).
fn score_seeds() -> Option<(Vec<Row>, Vec<Row>)> {
    let shared = shared()?;
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles.csv");
    let out = slant(&root())
        .arg("score")
        .arg("--outlets")
        .arg(shared.join("seeds/outlets.csv"))
        .arg(shared.join("seeds"))
        .arg("--articles")
        .arg(&articles)
        .succeeds();
    let sentences = csv_rows(&String::from_utf8(out.stdout).unwrap());
    let articles = csv_rows(&std::fs::read_to_string(articles).unwrap());
    Some((sentences, articles))
}

/// Scores the bundled sample articles.
fn score_samples() -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles.csv");
    slant(&root())
        .args(["score", "data/articles", "--out"])
        .arg(dir.path().join("s.csv"))
        .arg("--articles")
        .arg(&articles)
        .assert()
        .success();
    csv_rows(&std::fs::read_to_string(articles).unwrap())
}

#[test]
fn every_seed_yields_sentences_and_outlets() {
    let Some((sentences, articles)) = score_seeds() else {
        return;
    };
    assert_eq!(articles.len(), 5, "five seed articles");
    for a in &articles {
        assert!(
            a["sentences"].parse::<usize>().unwrap() >= 5,
            "{} has too few sentences",
            a["article_id"]
        );
        assert!(
            !a["outlet"].is_empty(),
            "{} has an outlet from outlets.csv",
            a["article_id"]
        );
    }
    assert!(sentences.len() > 100);
}

#[test]
fn no_boilerplate_is_scored_as_content() {
    let Some((sentences, _)) = score_seeds() else {
        return;
    };
    for s in &sentences {
        let text = s["text"].to_lowercase();
        for marker in [
            "click the share button",
            "follow us on instagram",
            "fair use",
            "copyright",
            "story code",
            "newsletter",
        ] {
            assert!(
                !text.contains(marker),
                "boilerplate scored as content: {}",
                s["text"]
            );
        }
    }
}

#[test]
fn words_hyphenated_across_line_breaks_come_out_whole() {
    let Some((sentences, _)) = score_seeds() else {
        return;
    };
    let all: String = sentences
        .iter()
        .map(|s| s["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("guaranteeing"), "\"guaranteeing\" is rejoined");
    assert!(
        !all.contains("guaran-") && !all.contains("guaran "),
        "no fragment left"
    );
    assert!(all.contains("timing of negotiations"));
}

#[test]
fn every_seed_is_against_the_presence_by_majority() {
    let Some((_, articles)) = score_seeds() else {
        return;
    };
    for a in &articles {
        assert_eq!(
            a["stance_majority"],
            "against",
            "{}: shares against {} favor {} neutral {}",
            a["article_id"],
            a["stance_share_against"],
            a["stance_share_favor"],
            a["stance_share_neutral"]
        );
    }
}

#[test]
fn seeds_use_loaded_terms_several_times_as_often_as_neutral_samples() {
    let Some((_, seeds)) = score_seeds() else {
        return;
    };
    let samples = score_samples();
    let rate = |rows: &[Row]| {
        let loaded: f64 = rows
            .iter()
            .map(|r| r["loaded_terms"].parse::<f64>().unwrap())
            .sum();
        let words: f64 = rows
            .iter()
            .map(|r| r["words"].parse::<f64>().unwrap())
            .sum();
        100.0 * loaded / words
    };
    let neutral: Vec<Row> = samples
        .into_iter()
        .filter(|r| r["article_id"].starts_with("wire-"))
        .collect();
    assert_eq!(neutral.len(), 3);
    let (seed_rate, neutral_rate) = (rate(&seeds), rate(&neutral));
    assert!(
        seed_rate >= 3.0 * neutral_rate.max(0.1),
        "seeds {seed_rate:.2} vs neutral samples {neutral_rate:.2} per 100 words"
    );
    for s in &seeds {
        assert!(
            s["loaded_per_100_words"].parse::<f64>().unwrap() > 2.0 * neutral_rate.max(0.1),
            "{}",
            s["article_id"]
        );
    }
}

#[test]
fn explain_on_a_seed_sentence_names_loaded_terms_and_sums_to_the_logit() {
    let Some(shared) = shared() else { return };
    let out = slant(&root())
        .args(["explain", "--json", "--file"])
        .arg(shared.join("seeds/000_1cf852d00daa61fe.txt"))
        .succeeds();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sentences = json.as_array().unwrap();
    assert!(sentences.len() > 10);
    let mut with_terms = 0;
    for s in sentences {
        for label in s["labels"].as_array().unwrap() {
            let contributions = label["contributions"].as_array().unwrap();
            let sum: f64 = contributions
                .iter()
                .map(|c| c["contribution"].as_f64().unwrap())
                .sum::<f64>()
                + label["intercept"].as_f64().unwrap();
            assert!(
                (sum - label["logit"].as_f64().unwrap()).abs() < 1e-9,
                "contributions sum to the logit"
            );
            // The default model's lexicon features are per category (per-term features are an
            // option: `--lexicon-terms`).
            if contributions.iter().any(|c| c["kind"] == "category")
                && contributions.iter().any(|c| c["kind"] == "ngram")
            {
                with_terms += 1;
            }
        }
    }
    assert!(
        with_terms > 5,
        "loaded-term categories and n-grams appear among the contributions"
    );
}

//! `--char-ngrams` end to end through the binary: train with character n-grams on the bundled
//! sentences, explain and inspect show the char-gram features readably, eval accepts the option,
//! and a bad range is a usage error.

mod common;

use common::{root, slant, Succeeds};
use predicates::prelude::*;

fn data() -> String {
    root().join("data/sentences.csv").display().to_string()
}

fn lexicons() -> String {
    root().join("data/lexicons").display().to_string()
}

#[test]
fn train_explain_inspect_with_char_ngrams() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    slant(d)
        .args(["train", "--data", &data(), "--label", "stance"])
        .args(["--lexicons", &lexicons(), "--out", "chars.json"])
        .args(["--char-ngrams", "3-5", "--char-min-df", "2"])
        .succeeds();
    slant(d)
        .args(["train", "--data", &data(), "--label", "stance"])
        .args(["--lexicons", &lexicons(), "--out", "words.json"])
        .succeeds();
    let chars: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("chars.json")).unwrap()).unwrap();
    let words: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("words.json")).unwrap()).unwrap();
    let n_chars = chars["features"]["char_vocabulary"]
        .as_array()
        .unwrap()
        .len();
    assert!(n_chars > 1000, "{n_chars} char-grams");
    assert_eq!(
        chars["features"]["n_features"].as_u64().unwrap(),
        words["features"]["n_features"].as_u64().unwrap() + n_chars as u64,
        "the char block is added, nothing else changes"
    );
    assert!(words["features"].get("char_vocabulary").is_none());
    assert!(words["features"]["spec"].get("char_ngrams").is_none());

    let sentence = "The so-called coalition occupiers must leave Iraq.";
    let out = slant(d)
        .args(["explain", "--model", "chars.json", "--json", sentence])
        .succeeds();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stance = &json[0]["labels"][0];
    let contributions = stance["contributions"].as_array().unwrap();
    let char_features: Vec<&str> = contributions
        .iter()
        .filter(|c| c["kind"] == "chargram")
        .map(|c| c["feature"].as_str().unwrap())
        .collect();
    assert!(!char_features.is_empty());
    assert!(
        char_features.iter().all(|f| f.starts_with("chars \"")),
        "{char_features:?}"
    );
    let sum: f64 = contributions
        .iter()
        .map(|c| c["contribution"].as_f64().unwrap())
        .sum::<f64>()
        + stance["intercept"].as_f64().unwrap();
    assert!((sum - stance["logit"].as_f64().unwrap()).abs() < 1e-9);

    slant(d)
        .args(["explain", "--model", "chars.json", "--top", "50", sentence])
        .assert()
        .success()
        .stdout(predicate::str::contains("chars \""));
    slant(d)
        .args(["inspect", "chars.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "char n-grams: {n_chars} (3-5 within words, min_df 2"
        )));
}

#[test]
fn eval_takes_char_ngrams_and_bad_ranges_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    slant(d)
        .args([
            "eval",
            "--data",
            &data(),
            "--label",
            "stance",
            "--folds",
            "3",
        ])
        .args(["--lexicons", &lexicons(), "--char-ngrams", "2-4", "--json"])
        .args(["--report", "rep"])
        .succeeds();
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("rep/metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["folds"].as_array().unwrap().len(), 3);
    for bad in ["5-3", "0-2", "3..5", "2-99"] {
        slant(d)
            .args([
                "train",
                "--data",
                &data(),
                "--label",
                "stance",
                "--out",
                "x.json",
            ])
            .args(["--lexicons", &lexicons(), "--char-ngrams", bad])
            .assert()
            .code(2);
    }
}

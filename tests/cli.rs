//! The binary end to end in a temp dir, on small synthetic data: train → score → explain →
//! inspect, and the answers to bad input.

mod common;

use std::fs;
use std::path::Path;

use common::{csv_rows, slant, Succeeds};
use predicates::prelude::*;

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\n\
occupation | delegitimizing\noccupier* | delegitimizing\nso-called | delegitimizing\nreportedly | hedge\n";

/// A small labeled set: three stances, two frames, built from varied phrases.
fn labeled_csv() -> String {
    let against = [
        "The occupation must end now",
        "Occupiers plunder the country",
        "The so-called mission is an occupation",
        "Foreign troops should withdraw at once",
        "Occupying forces humiliate the people",
        "End the occupation of our land",
    ];
    let favor = [
        "Our partners need the troops to stay",
        "The mission keeps the region stable",
        "Allied forces protect civilians",
        "Leaving would hand victory to terrorists",
        "The troops help partners fight extremists",
        "Staying keeps the peace",
    ];
    let neutral = [
        "Officials met on Tuesday in the capital",
        "The talks will resume next week",
        "A spokesman said the meeting ended",
        "The committee published a schedule",
        "Delegations discussed the timeline",
        "The ministry issued a statement",
    ];
    let mut s = String::from("text,stance,frame\n");
    for (i, (group, stance)) in [(against, "against"), (favor, "favor"), (neutral, "neutral")]
        .iter()
        .enumerate()
    {
        for (j, t) in group.iter().enumerate() {
            for k in 0..3 {
                let frame = if (i + j) % 2 == 0 {
                    "security"
                } else {
                    "diplomacy"
                };
                s.push_str(&format!("\"{t}, version {k} of {j}.\",{stance},{frame}\n"));
            }
        }
    }
    s
}

fn setup(dir: &Path) {
    fs::create_dir_all(dir.join("lex")).unwrap();
    fs::write(dir.join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.join("train.csv"), labeled_csv()).unwrap();
    fs::create_dir_all(dir.join("articles")).unwrap();
    fs::write(
        dir.join("articles/a1.txt"),
        "Troops out now\n\nThe occupation must end, and the occupiers must go.\n\nShare this article on Facebook\n\nFollow us on Telegram\n",
    )
    .unwrap();
    fs::write(
        dir.join("articles/a2.txt"),
        "Officials met on Tuesday. The talks will resume next week.\n",
    )
    .unwrap();
}

fn train(dir: &Path) {
    slant(dir)
        .args([
            "train",
            "--data",
            "train.csv",
            "--label",
            "stance",
            "--label",
            "frame",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .args(["--min-df", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("stance: against 18"));
}

#[test]
fn train_score_explain_inspect_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    train(d);

    let out = slant(d)
        .args([
            "score",
            "--model",
            "m.json",
            "articles",
            "--articles",
            "art.csv",
        ])
        .succeeds();
    let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
    let first = &rows[0];
    for col in [
        "article_id",
        "outlet",
        "sentence_index",
        "start",
        "end",
        "text",
        "stance",
        "stance_p_against",
        "stance_p_favor",
        "stance_p_neutral",
        "frame",
        "frame_p_security",
        "loaded_terms",
        "matched_terms",
    ] {
        assert!(first.contains_key(col), "missing column {col}");
    }
    assert!(rows
        .iter()
        .all(|r| !r["text"].contains("Share this") && !r["text"].contains("Follow us")));
    let loaded: Vec<&str> = rows.iter().map(|r| r["loaded_terms"].as_str()).collect();
    assert_eq!(
        rows[1]["matched_terms"], "occupation (delegitimizing); occupiers (delegitimizing)",
        "{loaded:?}"
    );
    assert_eq!(rows[1]["stance"], "against");
    for r in &rows {
        let p: f64 = ["against", "favor", "neutral"]
            .iter()
            .map(|c| r[&format!("stance_p_{c}")].parse::<f64>().unwrap())
            .sum();
        assert!((p - 1.0).abs() < 1e-4, "probabilities sum to {p}");
    }

    let articles = csv_rows(&fs::read_to_string(d.join("art.csv")).unwrap());
    assert_eq!(articles.len(), 2);
    assert_eq!(articles[0]["article_id"], "a1");
    assert_eq!(articles[0]["boilerplate_lines_dropped"], "2");
    assert_eq!(articles[0]["stance_majority"], "against");
    assert!(articles[0]["slant"].parse::<f64>().unwrap() > 0.0);

    let out = slant(d)
        .args([
            "explain",
            "--model",
            "m.json",
            "--json",
            "The occupation must end.",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stance = &json[0]["labels"][0];
    assert_eq!(stance["predicted"], "against");
    let sum: f64 = stance["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contribution"].as_f64().unwrap())
        .sum::<f64>()
        + stance["intercept"].as_f64().unwrap();
    assert!((sum - stance["logit"].as_f64().unwrap()).abs() < 1e-9);
    assert!(stance["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["feature"] == "[delegitimizing] count"));

    slant(d)
        .args(["explain", "--model", "m.json", "The occupation must end."])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("[occupation]")
                .and(predicate::str::contains("logit(against)")),
        );

    slant(d)
        .args(["inspect", "m.json"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("labels: stance, frame")
                .and(predicate::str::contains("against:")),
        );
}

#[test]
fn jsonl_output_and_csv_input_with_named_columns() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    train(d);
    fs::write(
        d.join("in.csv"),
        "doc,body,outlet\nx1,\"The occupation must end.\",Paper A\nx2,,Paper B\n",
    )
    .unwrap();
    let out = slant(d)
        .args([
            "score",
            "--model",
            "m.json",
            "--format",
            "jsonl",
            "--text-column",
            "body",
            "--id-column",
            "doc",
            "in.csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in.csv:3: empty text cell"), "{stderr}");
    let line: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["article_id"], "x1");
    assert_eq!(line["outlet"], "Paper A");
    assert_eq!(line["stance"], "against");
}

#[test]
fn a_failed_train_leaves_the_existing_model_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    train(d);
    let before = fs::read(d.join("m.json")).unwrap();
    fs::write(d.join("bad.csv"), "text,stance\n\"unclosed,favor\n").unwrap();
    slant(d)
        .args([
            "train",
            "--data",
            "bad.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .assert()
        .failure();
    fs::write(d.join("one.csv"), "text,stance\na b c,favor\nd e f,favor\n").unwrap();
    slant(d)
        .args([
            "train",
            "--data",
            "one.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`stance` has 1 class"));
    assert_eq!(fs::read(d.join("m.json")).unwrap(), before);
    assert_eq!(
        fs::read_dir(d)
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("tmp"))
            .count(),
        0
    );
}

#[test]
fn bad_inputs_name_the_file_and_line_with_distinct_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    fs::write(d.join("ragged.csv"), "text,stance\na,favor\nb,favor,x\n").unwrap();
    slant(d)
        .args([
            "train",
            "--data",
            "ragged.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("ragged.csv:3"));
    slant(d)
        .args([
            "train",
            "--data",
            "train.csv",
            "--label",
            "nope",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "train.csv:1: no label column `nope`",
        ));
    fs::write(d.join("lex/broken.txt"), "so-called doubt\n").unwrap();
    slant(d)
        .args([
            "train",
            "--data",
            "train.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("broken.txt:1"));
    fs::write(d.join("not-a-model.json"), "{\"hello\": 1}").unwrap();
    slant(d)
        .args(["score", "--model", "not-a-model.json", "articles"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not a slant model"));
    slant(d)
        .args(["score", "--model", "missing.json", "articles"])
        .assert()
        .code(4);
    slant(d).args(["score", "--bogus-flag"]).assert().code(2);
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["train", "score", "explain", "inspect", "lexicon"] {
        slant(dir.path())
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

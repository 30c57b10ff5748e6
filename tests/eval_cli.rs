//! `slant eval` end to end on small synthetic data: the fold schemes, metrics.json,
//! predictions.csv and the answers to bad options. One test runs on the shared BABE data when it
//! is present.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::{csv_rows, slant, Succeeds};
use serde_json::Value;

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
occupation | delegitimizing\noccupier* | delegitimizing\n";

const CLASSES: [&str; 3] = ["against", "favor", "neutral"];

/// 36 rows: 3 stances × 12 phrases; articles of 3 sentences (one stance each), 3 outlets, and
/// two rows without an article id. Row `i` has id `r{i}`.
fn labeled_csv() -> String {
    let words = [
        ["occupation", "occupiers", "withdraw", "plunder"],
        ["partners", "stability", "protect", "allies"],
        ["officials", "schedule", "statement", "meeting"],
    ];
    let mut s = String::from("id,text,stance,article_id,outlet\n");
    let mut i = 0;
    for (c, stance) in CLASSES.iter().enumerate() {
        for j in 0..12 {
            let (a, b) = (words[c][j % 4], words[c][(j + 1) % 4]);
            let article = if i == 5 || i == 20 {
                String::new()
            } else {
                format!("art{}", i / 3)
            };
            let outlet = ["north", "south", "west"][j % 3];
            s.push_str(&format!(
                "r{i},\"The {a} and the {b}, item {j}.\",{stance},{article},{outlet}\n"
            ));
            i += 1;
        }
    }
    s
}

const ROWS: usize = 36;

fn setup(dir: &Path) {
    fs::create_dir_all(dir.join("lex")).unwrap();
    fs::write(dir.join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.join("d.csv"), labeled_csv()).unwrap();
}

/// Runs `slant eval --data d.csv --label stance --lexicons lex --min-df 1 <args>`; returns
/// stdout, panicking with stderr on failure.
fn eval(dir: &Path, args: &[&str]) -> String {
    let out = slant(dir)
        .args(["eval", "--data", "d.csv", "--label", "stance"])
        .args(["--lexicons", "lex", "--min-df", "1"])
        .args(args)
        .succeeds();
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a failing eval; returns (exit code, stderr).
fn eval_fails(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = slant(dir)
        .args(["eval", "--lexicons", "lex"])
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "expected a failure for {args:?}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn predictions(dir: &Path) -> Vec<std::collections::HashMap<String, String>> {
    csv_rows(&fs::read_to_string(dir.join("predictions.csv")).unwrap())
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn stratified_json_has_the_documented_schema_and_one_prediction_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let stdout = eval(d, &["--folds", "3", "--json", "--report", "out"]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        keys(&json),
        BTreeSet::from([
            "schema",
            "slant_version",
            "label",
            "classes",
            "class_counts",
            "scheme",
            "data",
            "options",
            "folds",
            "summary",
            "pooled",
            // The data has an `outlet` column: the per-outlet evaluation.
            "outlets"
        ])
    );
    assert_eq!(json["schema"], "slant-eval/1");
    assert_eq!(json["classes"], serde_json::json!(CLASSES));
    assert_eq!(json["class_counts"], serde_json::json!([12, 12, 12]));
    assert_eq!(
        json["scheme"],
        serde_json::json!({"kind": "stratified", "folds": 3, "seed": 13})
    );
    assert_eq!(json["data"]["rows_evaluated"], ROWS);
    assert_eq!(json["data"]["rows_left_out"], 0);
    let folds = json["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 3);
    for fold in folds {
        for key in [
            "name",
            "n_train",
            "n_test",
            "train_seconds",
            "accuracy",
            "macro_f1",
            "log_loss",
            "brier",
            "ece",
            "confusion",
        ] {
            assert!(!fold[key].is_null(), "fold lacks {key}: {fold}");
        }
        assert_eq!(fold["n_test"], 12, "stratified folds of 4 per class");
    }
    for metric in ["accuracy", "macro_f1", "log_loss", "brier", "ece"] {
        let m = &json["summary"][metric];
        assert!(
            m["mean"].is_f64() && m["std"].is_f64(),
            "summary.{metric}: {m}"
        );
        assert!(json["pooled"][metric].is_f64(), "pooled.{metric}");
    }
    assert!(
        json["pooled"]["macro_f1"].as_f64().unwrap() > 0.5,
        "{stdout}"
    );
    let per_class = json["pooled"]["per_class"].as_array().unwrap();
    assert_eq!(
        keys(&per_class[0]),
        BTreeSet::from(["class", "precision", "recall", "f1", "support", "predicted"])
    );
    let confusion_total: u64 = json["pooled"]["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(confusion_total, ROWS as u64);

    // metrics.json holds the same report; predictions.csv one row per evaluated row.
    let written: Value =
        serde_json::from_str(&fs::read_to_string(d.join("out/metrics.json")).unwrap()).unwrap();
    assert_eq!(written, json);
    let text = fs::read_to_string(d.join("out/predictions.csv")).unwrap();
    assert!(
        text.starts_with("row,id,fold,text,gold,predicted,p_against,p_favor,p_neutral\n"),
        "{text}"
    );
    let rows = predictions(&d.join("out"));
    assert_eq!(rows.len(), ROWS);
    let ids: BTreeSet<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), ROWS);
    for r in &rows {
        let sum: f64 = CLASSES
            .iter()
            .map(|c| r[&format!("p_{c}")].parse::<f64>().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-4, "{r:?}");
        assert_eq!(r["id"], format!("r{}", r["row"]));
    }
}

#[test]
fn grouped_folds_keep_each_article_in_one_fold() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    eval(
        d,
        &["--group", "article_id", "--folds", "4", "--report", "rep"],
    );
    let article_of: BTreeMap<String, String> = csv_rows(&labeled_csv())
        .into_iter()
        .map(|r| (r["id"].clone(), r["article_id"].clone()))
        .collect();
    let rows = predictions(&d.join("rep"));
    assert_eq!(
        rows.len(),
        ROWS,
        "rows without an article are their own group"
    );
    let mut fold_of_article: BTreeMap<&str, &str> = BTreeMap::new();
    let mut folds = BTreeSet::new();
    for r in &rows {
        folds.insert(r["fold"].as_str());
        let article = article_of[&r["id"]].as_str();
        if article.is_empty() {
            continue;
        }
        let first = fold_of_article.entry(article).or_insert(r["fold"].as_str());
        assert_eq!(*first, r["fold"], "article {article} straddles folds");
    }
    assert_eq!(folds, BTreeSet::from(["0", "1", "2", "3"]));
    let json: Value =
        serde_json::from_str(&fs::read_to_string(d.join("rep/metrics.json")).unwrap()).unwrap();
    assert_eq!(json["data"]["rows_without_group"], 2);
    assert_eq!(json["scheme"]["kind"], "grouped");
}

#[test]
fn leave_one_out_names_folds_by_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let json: Value =
        serde_json::from_str(&eval(d, &["--leave-one-out", "outlet", "--json"])).unwrap();
    let names: Vec<&str> = json["folds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["north", "south", "west"]);
    assert!(json["folds"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["n_test"] == 12 && f["n_train"] == 24));
}

#[test]
fn a_folds_file_is_joined_on_ids_and_absent_rows_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    // Rows r0 and r1 are absent; r2.. go to folds 0, 1, 2 by row number; one id matches nothing.
    let mut folds = String::from("row,id,fold\n");
    for i in 2..ROWS {
        folds.push_str(&format!("{i},r{i},{}\n", i % 3));
    }
    folds.push_str("99,ghost,1\n");
    fs::write(d.join("folds.csv"), folds).unwrap();
    let json: Value = serde_json::from_str(&eval(
        d,
        &["--folds-file", "folds.csv", "--json", "--report", "out"],
    ))
    .unwrap();
    assert_eq!(json["data"]["rows_evaluated"], ROWS - 2);
    assert_eq!(json["data"]["rows_left_out"], 2);
    assert_eq!(json["data"]["folds_file_ids_unmatched"], 1);
    assert_eq!(json["folds"].as_array().unwrap().len(), 3);
    let rows = predictions(&d.join("out"));
    assert_eq!(rows.len(), ROWS - 2);
    for r in &rows {
        let row: usize = r["row"].parse().unwrap();
        assert!(row >= 2);
        assert_eq!(r["fold"], (row % 3).to_string(), "{r:?}");
    }
}

#[test]
fn a_held_out_test_file_is_one_fold_without_a_std() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    fs::write(
        d.join("t.csv"),
        "id,text,stance\nt1,The occupiers must withdraw.,against\nt2,The allies protect partners.,favor\nt3,Officials issued a statement.,neutral\n",
    )
    .unwrap();
    let json: Value =
        serde_json::from_str(&eval(d, &["--test", "t.csv", "--json", "--report", "o"])).unwrap();
    let folds = json["folds"].as_array().unwrap();
    assert_eq!(folds.len(), 1);
    assert_eq!(folds[0]["name"], "test");
    assert_eq!(
        (&folds[0]["n_train"], &folds[0]["n_test"]),
        (&36.into(), &3.into())
    );
    assert!(json["summary"]["accuracy"]["std"].is_null());
    assert_eq!(json["pooled"]["accuracy"], 1.0, "easy held-out rows");
    let rows = predictions(&d.join("o"));
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "t3"]);
}

#[test]
fn the_text_summary_has_folds_means_classes_and_the_confusion_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    let text = eval(d, &["--folds", "2", "--seed", "7"]);
    for needle in [
        "2-fold stratified cross-validation (seed 7)",
        "36 rows evaluated",
        "mean ± std over 2 fold(s)",
        "pooled out-of-fold (36 rows)",
        "precision",
        "confusion matrix (rows = gold, columns = predicted)",
        "favor",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn bad_options_fail_with_usage_or_input_codes_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    setup(d);
    fs::write(d.join("badfolds.csv"), "row,id,fold\n0,r0,0\n1,r1,one\n").unwrap();
    fs::write(d.join("noid.csv"), "text,stance\nx,favor\ny,against\n").unwrap();
    let base = ["--data", "d.csv", "--label", "stance"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    let cases: Vec<(Vec<&str>, i32, Vec<String>)> = vec![
        (
            with(&["--folds", "1"]),
            2,
            vec!["--folds must be at least 2".into()],
        ),
        (
            with(&["--folds", "37"]),
            2,
            vec!["37".into(), "36 rows".into()],
        ),
        (
            with(&["--group", "article_id", "--folds", "20"]),
            2,
            vec!["groups".into()],
        ),
        (
            with(&["--group", "section"]),
            3,
            vec!["d.csv:1".into(), "`section`".into()],
        ),
        (
            with(&["--folds-file", "badfolds.csv"]),
            3,
            vec!["badfolds.csv:3".into(), "fold `one`".into()],
        ),
        (
            with(&["--folds", "3", "--folds-file", "badfolds.csv"]),
            2,
            vec!["--folds-file".into()],
        ),
        (
            with(&["--test", "d.csv", "--group", "outlet"]),
            2,
            vec!["--group".into()],
        ),
        (
            vec!["--data", "d.csv", "--label", "frame"],
            3,
            vec!["d.csv:1".into(), "`frame`".into()],
        ),
        (
            vec![
                "--data",
                "noid.csv",
                "--label",
                "stance",
                "--folds-file",
                "badfolds.csv",
            ],
            3,
            vec!["noid.csv:1".into(), "`id`".into()],
        ),
        (
            with(&["-C", "0"]),
            2,
            vec!["C must be a finite number above 0".into()],
        ),
    ];
    for (args, code, needles) in cases {
        let (got, stderr) = eval_fails(d, &args);
        assert_eq!(got, code, "{args:?}: {stderr}");
        for needle in needles {
            assert!(
                stderr.contains(&needle),
                "{args:?}: {needle:?} not in {stderr}"
            );
        }
    }
}

/// BABE on the peers' fold file: 3,673 rows (its one `no-agreement` row is not in the file).
#[test]
fn babe_on_the_shared_folds_scores_plausibly() {
    let Some(shared) = common::shared() else {
        return;
    };
    let data = shared.join("datasets/babe/sentences.csv");
    let folds = shared.join("bench/folds/babe_all.csv");
    if !data.is_file() || !folds.is_file() {
        eprintln!("skipped: {} or {} missing", data.display(), folds.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = slant(dir.path())
        .args(["eval", "--label", "label", "--json"])
        .arg("--data")
        .arg(&data)
        .arg("--folds-file")
        .arg(&folds)
        .succeeds();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["data"]["rows_evaluated"], 3673);
    assert_eq!(json["data"]["rows_left_out"], 1);
    assert_eq!(json["classes"], serde_json::json!(["biased", "non-biased"]));
    assert_eq!(json["folds"].as_array().unwrap().len(), 5);
    let macro_f1 = json["summary"]["macro_f1"]["mean"].as_f64().unwrap();
    assert!(macro_f1 > 0.6 && macro_f1 < 0.95, "macro-F1 {macro_f1}");
}

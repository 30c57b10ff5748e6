//! Labelled sentences by reference: `train` and `eval` resolve (data set, record id, byte span,
//! sha256) against the shared data folder, say how many were resolved where, and name every
//! reference that could not be resolved and why.

mod common;

use std::fs;
use std::path::Path;

use common::slant;
use sha2::{Digest, Sha256};

const RECORD: &str = "The occupation must end now. Foreign troops are partners in our security. Talks resume on Monday.";

fn sha(s: &str) -> String {
    format!("{:x}", Sha256::digest(s.as_bytes()))
}

/// A shared folder with one data set `toy` of one record, and a reference file into it.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ds = dir.path().join("shared/datasets/toy");
    fs::create_dir_all(&ds).unwrap();
    fs::write(
        ds.join("sentences.csv"),
        format!("id,text,label\nr1,\"{RECORD}\",x\n"),
    )
    .unwrap();
    let mut refs = String::from("dataset,record_id,start,end,sha256,stance,article_id\n");
    let mut start = 0;
    for (sentence, stance) in RECORD
        .split_inclusive(". ")
        .zip(["against", "favor", "neutral"])
    {
        let s = sentence.trim_end();
        refs.push_str(&format!(
            "toy,r1,{start},{},{},{stance},toy:r1\n",
            start + s.len(),
            sha(s)
        ));
        start += sentence.len();
    }
    // Three that cannot be resolved: a changed text, a missing record, a missing data set.
    refs.push_str(&format!(
        "toy,r1,0,28,{},favor,toy:r1\n",
        sha("something else")
    ));
    refs.push_str("toy,r9,0,5,00,favor,toy:r9\n");
    refs.push_str("nope,r1,0,5,00,favor,nope:r1\n");
    fs::write(dir.path().join("refs.csv"), refs).unwrap();
    // Ordinary labelled rows, so that every class has enough examples.
    let mut plain = String::from("text,stance\n");
    for i in 0..6 {
        plain.push_str(&format!("\"End the occupation, round {i}.\",against\n"));
        plain.push_str(&format!(
            "\"Our partners keep us secure, round {i}.\",favor\n"
        ));
        plain.push_str(&format!("\"Officials met on day {i}.\",neutral\n"));
    }
    fs::write(dir.path().join("plain.csv"), plain).unwrap();
    dir
}

fn train(dir: &Path, shared: &Path, extra: &[&str]) -> std::process::Output {
    slant(dir)
        .env("SLANT_SHARED", shared)
        .args([
            "train",
            "--data",
            "refs.csv",
            "--data",
            "plain.csv",
            "--label",
            "stance",
            "--out",
            "m.json",
        ])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn references_resolve_and_the_unresolvable_are_named() {
    let dir = setup();
    let out = train(dir.path(), &dir.path().join("shared"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("refs.csv: resolved 3 references"),
        "{stderr}"
    );
    assert!(stderr.contains("refs.csv:5"), "{stderr}");
    assert!(stderr.contains("the text there has sha256"), "{stderr}");
    assert!(
        stderr.contains("no record `r9` in data set `toy`"),
        "{stderr}"
    );
    assert!(stderr.contains("nope"), "{stderr}");
    assert!(stderr.contains("read 24 rows"), "{stderr}");
    assert!(stderr.contains("21 sentences"), "{stderr}");
    // The model was trained on the resolved texts.
    let model = fs::read_to_string(dir.path().join("m.json")).unwrap();
    assert!(
        model.contains("\"rows\":21") || model.contains("\"rows\": 21"),
        "rows"
    );

    // --strict: an unresolvable reference is an error naming the line, and no model is written.
    fs::remove_file(dir.path().join("m.json")).unwrap();
    let out = train(dir.path(), &dir.path().join("shared"), &["--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("refs.csv:5"), "{stderr}");
    assert!(!dir.path().join("m.json").exists());
}

#[test]
fn without_the_shared_folder_the_error_says_where_it_looked() {
    let dir = setup();
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let out = train(dir.path(), &empty, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("refs.csv"), "{stderr}");
    assert!(stderr.contains("SLANT_SHARED"), "{stderr}");
    assert!(stderr.contains(&empty.display().to_string()), "{stderr}");
}

#[test]
fn eval_tests_on_references_too() {
    let dir = setup();
    let out = slant(dir.path())
        .env("SLANT_SHARED", dir.path().join("shared"))
        .args([
            "eval",
            "--data",
            "plain.csv",
            "--test",
            "refs.csv",
            "--label",
            "stance",
            "--min-df",
            "1",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("3 rows evaluated"), "{stdout}");
}

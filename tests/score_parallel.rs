//! `slant score` streams in batches over a thread pool: the output must not depend on the number
//! of threads or on the batch size.

mod common;

use std::fs;

use common::{default_model, slant};

/// Many small articles (CSV), some empty after cleaning, so batches and chunks split them.
fn corpus() -> String {
    let lines = [
        "The occupation must end, and the occupiers must go home now.",
        "Officials met on Tuesday; the talks will resume next week in Baghdad.",
        "Our partners need the troops to stay and keep the region stable.",
        "Share this article",
        "The so-called advisory mission is a pretext for staying. Reportedly, talks stalled.",
        "Iran-backed militias attacked U.S. bases twice, officials said.",
    ];
    let mut s = String::from("id,outlet,text\n");
    for i in 0..600 {
        let text = lines[i % lines.len()];
        s.push_str(&format!("a{i},Outlet {},\"{text} Item {i}.\"\n", i % 7));
    }
    s
}

#[test]
fn output_is_identical_for_any_number_of_jobs_and_batch_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("corpus.csv"), corpus()).unwrap();
    let model = default_model();
    let run = |jobs: &str, batch: &str, tag: &str| {
        let out = slant(d)
            .args(["score", "--model"])
            .arg(&model)
            .args(["--jobs", jobs, "--batch-bytes", batch, "corpus.csv"])
            .args(["--articles", &format!("articles-{tag}.csv")])
            .assert()
            .success()
            .get_output()
            .clone();
        let articles = fs::read(d.join(format!("articles-{tag}.csv"))).unwrap();
        (out.stdout, articles, String::from_utf8(out.stderr).unwrap())
    };
    let (one, one_articles, one_err) = run("1", "4194304", "one");
    let (two, two_articles, two_err) = run("2", "4194304", "two");
    let (small, small_articles, small_err) = run("2", "200", "small");
    let rows = one.iter().filter(|&&b| b == b'\n').count();
    assert!(rows > 600, "one row per sentence plus the header: {rows}");
    assert_eq!(one, two, "--jobs 1 and --jobs 2 give the same bytes");
    assert_eq!(one, small, "small batches give the same bytes");
    assert_eq!(one_articles, two_articles);
    assert_eq!(one_articles, small_articles);
    assert_eq!(one_err, two_err, "the same summary and warnings, in order");
    assert_eq!(one_err, small_err);
    assert!(one_err.contains("in 600 articles"), "{one_err}");
}

#[test]
fn zero_jobs_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("corpus.csv"), corpus()).unwrap();
    slant(dir.path())
        .args(["score", "--model"])
        .arg(default_model())
        .args(["--jobs", "0", "corpus.csv"])
        .assert()
        .code(2);
}

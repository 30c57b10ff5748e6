//! The same data and options give a byte-identical model file on 1 or 2 threads, run after run.

mod common;

use std::fs;

#[test]
fn train_is_byte_identical_on_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = common::root().join("data/sentences.csv");
    let lexicons = common::root().join("data/lexicons");
    let jobs_supported = {
        let help = common::slant(d).args(["train", "--help"]).output().unwrap();
        String::from_utf8_lossy(&help.stdout).contains("--jobs")
    };
    let mut models = Vec::new();
    for threads in ["1", "2", "1"] {
        let out = format!("m{}.json", models.len());
        let mut cmd = common::slant(d);
        cmd.env("RAYON_NUM_THREADS", threads).args([
            "train",
            "--data",
            data.to_str().unwrap(),
            "--label",
            "stance",
            "--label",
            "frame",
            "--lexicons",
            lexicons.to_str().unwrap(),
            "--out",
            &out,
        ]);
        if jobs_supported {
            cmd.args(["--jobs", threads]);
        }
        cmd.assert().success();
        models.push(fs::read(d.join(&out)).unwrap());
    }
    assert!(models[0].len() > 1000);
    assert!(
        models[0] == models[1],
        "1 and 2 threads give different models"
    );
    assert!(models[0] == models[2], "two runs on 1 thread differ");
}

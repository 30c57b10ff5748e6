//! The bundled default model is reproducible: re-running the documented training command gives a
//! byte-identical file.

mod common;

use common::{root, shared, slant};

/// The `slant train …` arguments documented in models/README.md.
fn documented_train_args() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("models/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("-- train "))
        .expect("models/README.md documents the training command");
    let args = line.split("-- ").nth(1).unwrap();
    args.split_whitespace().map(String::from).collect()
}

#[test]
fn documented_command_reproduces_the_default_model() {
    // The training data includes real sentences by reference into ../shared.
    let Some(shared) = shared() else { return };
    let mut args = documented_train_args();
    let out_at = args
        .iter()
        .position(|a| a == "--out")
        .expect("the command names --out")
        + 1;
    assert_eq!(args[out_at], "models/default.slant.json");
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("retrained.json");
    args[out_at] = fresh.display().to_string();
    slant(&root())
        .env("SLANT_SHARED", &shared)
        .args(&args)
        .assert()
        .success();
    let committed = std::fs::read(root().join("models/default.slant.json")).unwrap();
    let retrained = std::fs::read(&fresh).unwrap();
    assert!(
        committed == retrained,
        "retraining gave a different model: re-run the command in models/README.md"
    );
}

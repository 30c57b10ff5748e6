//! Ctrl-C / SIGTERM midway: no partial output file and no temporary file is left, an existing
//! model stays as it was, and the exit code is 130.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} {pid}");
}

fn leftovers(d: &Path) -> Vec<String> {
    fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("slant-tmp"))
        .collect()
}

/// Starts slant, waits until its temporary output file exists (it is mid-write), then signals it.
fn interrupt(d: &Path, args: &[&str], sig: &str) -> i32 {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .current_dir(d)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while leftovers(d).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "slant never started writing"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("slant ended before it could be interrupted: {status}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(child.id(), sig);
    child.wait().unwrap().code().unwrap_or(-1)
}

#[test]
fn an_interrupted_score_leaves_no_output_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Large enough that scoring takes seconds: many articles in one CSV.
    let mut csv = String::from("id,text\n");
    for i in 0..40_000 {
        csv.push_str(&format!(
            "a{i},\"The occupation must end, said officials on Tuesday. The talks resumed in the capital. Troops {i} stayed.\"\n"
        ));
    }
    fs::write(d.join("big.csv"), csv).unwrap();
    let model = common::default_model();
    for sig in ["-INT", "-TERM"] {
        let code = interrupt(
            d,
            &[
                "score",
                "--model",
                model.to_str().unwrap(),
                "--out",
                "s.csv",
                "--articles",
                "a.csv",
                "big.csv",
            ],
            sig,
        );
        assert_eq!(code, 130, "{sig}");
        assert!(
            !d.join("s.csv").exists() && !d.join("a.csv").exists(),
            "{sig}"
        );
        assert!(leftovers(d).is_empty(), "{sig}: {:?}", leftovers(d));
    }
}

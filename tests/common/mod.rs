//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The crate root (where Cargo.toml, data/ and models/ are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` (or $SLANT_SHARED) when present. Absent, the test says so and is skipped — unless
/// SLANT_REQUIRE_SHARED is set (as CI does), where its absence is a failure.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("SLANT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if dir.join("seeds").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("SLANT_REQUIRE_SHARED").is_some() {
        panic!(
            "SLANT_REQUIRE_SHARED is set but {} has no seeds/",
            dir.display()
        );
    }
    eprintln!(
        "skipped: {} not found (set SLANT_SHARED to run this test)",
        dir.display()
    );
    None
}

/// The slant binary, run in `dir`, with the default-model variable cleared.
pub fn slant(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("slant").unwrap();
    cmd.current_dir(dir)
        .env_remove("SLANT_MODEL")
        .env("NO_COLOR", "1");
    cmd
}

/// Running a command that must succeed, with its stderr in the failure message.
pub trait Succeeds {
    fn succeeds(&mut self) -> std::process::Output;
}

impl Succeeds for assert_cmd::Command {
    fn succeeds(&mut self) -> std::process::Output {
        let out = self.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// The bundled default model.
pub fn default_model() -> PathBuf {
    root().join("models/default.slant.json")
}

/// Parses CSV text into header-keyed rows.
pub fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .map(String::from)
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

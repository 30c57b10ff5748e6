//! Replays every input kept in `fuzz/regressions/text/` and `fuzz/regressions/model/` (crashes and
//! interesting inputs found by the fuzzers, see fuzz/README.md) through the fuzz targets' checks.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

fn replay(dir: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(dir);
    let mut n = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| check(&bytes));
        assert!(result.is_ok(), "{} fails its check", path.display());
        n += 1;
    }
    n
}

#[test]
fn text_regressions_replay() {
    assert!(replay("text", checks::check_text) > 0);
}

#[test]
fn model_regressions_replay() {
    assert!(replay("model", checks::check_model) > 0);
}

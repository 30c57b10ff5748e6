//! Where the bundled defaults live: the default model in `models/` and the lexicons in
//! `data/lexicons/`, looked up in the working directory first, then in the source tree slant was
//! built from (so `cargo run` and an installed binary both find them).

use std::path::{Path, PathBuf};

pub const DEFAULT_MODEL: &str = "models/default.slant.json";
pub const DEFAULT_LEXICONS: &str = "data/lexicons";
/// Overrides the default model path.
pub const MODEL_ENV: &str = "SLANT_MODEL";

fn bundled(relative: &str) -> PathBuf {
    let local = Path::new(relative);
    if local.exists() {
        return local.to_path_buf();
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if built_from.exists() {
        built_from
    } else {
        local.to_path_buf()
    }
}

/// The model to use when `--model` is not given.
pub fn model_path() -> PathBuf {
    match std::env::var_os(MODEL_ENV) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => bundled(DEFAULT_MODEL),
    }
}

/// The lexicon folder to train with when `--lexicons` is not given.
pub fn lexicon_dir() -> PathBuf {
    bundled(DEFAULT_LEXICONS)
}

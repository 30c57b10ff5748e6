//! The commands behind the binary. `src/main.rs` only parses arguments and maps errors to exit
//! codes; everything else is here, testable as a library.

pub mod args;
pub mod eval;
pub mod explain;
pub mod inspect;
pub mod lexicon;
pub mod report;
pub mod score;
pub mod train;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::Model;

/// Messages for the user, on stderr; `--quiet` silences the informational ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct Console {
    pub quiet: bool,
}

impl Console {
    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("slant: {message}");
        }
    }

    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("slant: warning: {message}");
        }
    }
}

/// The `--model` option, defaulting to the bundled model.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArg {
    /// Model file (default: $SLANT_MODEL, else models/default.slant.json).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

impl ModelArg {
    /// The model file and how it was named (for messages): `--model`, `$SLANT_MODEL` or the
    /// bundled default.
    pub fn path(&self) -> (PathBuf, &'static str) {
        match &self.model {
            Some(p) => (p.clone(), "--model"),
            None => match std::env::var_os(crate::defaults::MODEL_ENV) {
                Some(p) if !p.is_empty() => (PathBuf::from(p), "$SLANT_MODEL"),
                _ => (crate::defaults::model_path(), "the default model"),
            },
        }
    }

    /// Loads the model. A missing or unreadable file is the same error (exit 4) however it was
    /// named; only the bundled default adds how to get one.
    pub fn load(&self) -> Result<Model> {
        let (path, named) = self.path();
        if named == "the default model" && !path.exists() {
            return Err(Error::io(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the default model is missing: train it (see README.md) or pass --model PATH",
                ),
            ));
        }
        Model::load(&path)
    }
}

/// Standard output, buffered, named `<stdout>` in errors.
pub fn stdout_path() -> &'static Path {
    Path::new("<stdout>")
}

/// Writes `bytes` to `out` (a file, atomically) or to stdout (`None` or `-`).
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out.filter(|p| *p != Path::new(crate::corpus::atomic::STDOUT_NAME)) {
        Some(path) => {
            let mut f = crate::corpus::AtomicFile::create(path)?;
            f.write_all(bytes).map_err(|e| Error::io(path, e))?;
            f.commit()
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|_| stdout.flush())
                .map_err(|e| Error::io(stdout_path(), e))
        }
    }
}

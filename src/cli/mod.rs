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
use crate::warnings::{Warnings, SHOWN_PER_KIND};

/// Messages for the user, on stderr; `--quiet` silences the informational ones and the warnings.
///
/// Writing to stderr never fails the run and never panics: a full disk or a closed pipe behind
/// stderr loses the message, not the result (`eprintln!` would panic, exit 101). Repeated
/// warnings of one kind are summarised: the first [`SHOWN_PER_KIND`] are printed, the rest
/// counted and reported by [`Console::finish`] as "… and N more <kind> warnings".
#[derive(Debug, Default)]
pub struct Console {
    pub quiet: bool,
    /// Warnings of each kind printed so far (for [`Console::warn_of`]).
    tally: std::sync::Mutex<Vec<(&'static str, usize)>>,
}

impl Console {
    pub fn new(quiet: bool) -> Console {
        Console {
            quiet,
            ..Console::default()
        }
    }

    pub fn info(&self, message: &str) {
        if !self.quiet {
            write_stderr(&format!("slant: {message}\n"));
        }
    }

    /// A one-off warning, always printed (unless `--quiet`).
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            write_stderr(&format!("slant: warning: {message}\n"));
        }
    }

    /// A warning of a kind that may repeat: the first [`SHOWN_PER_KIND`] of each kind are
    /// printed, the others counted for [`Console::finish`].
    pub fn warn_of(&self, kind: &'static str, message: &str) {
        let shown = {
            let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
            let n = match tally.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => n,
                None => {
                    tally.push((kind, 0));
                    &mut tally.last_mut().expect("just pushed").1
                }
            };
            *n += 1;
            *n <= SHOWN_PER_KIND
        };
        if shown {
            self.warn(message);
        }
    }

    /// Prints warnings gathered by a reader: their kept messages, then per kind a line for the
    /// ones not kept. Counted with [`Console::warn_of`]'s, so a kind printed in several batches
    /// still shows at most [`SHOWN_PER_KIND`] messages.
    pub fn warnings(&self, warnings: &Warnings) {
        for kind in warnings.kinds() {
            for message in &kind.shown {
                self.warn_of(kind.name, message);
            }
            if kind.more() > 0 {
                let mut tally = self.tally.lock().unwrap_or_else(|p| p.into_inner());
                if let Some((_, n)) = tally.iter_mut().find(|(k, _)| *k == kind.name) {
                    *n += kind.more();
                }
            }
        }
    }

    /// Prints "… and N more <kind> warnings" for every kind that went over the limit, and resets
    /// the counts. Called before the process ends (and may be called after a batch).
    pub fn finish(&self) {
        let tally = std::mem::take(&mut *self.tally.lock().unwrap_or_else(|p| p.into_inner()));
        for (kind, n) in tally {
            let more = n.saturating_sub(SHOWN_PER_KIND);
            if more > 0 {
                self.warn(&format!(
                    "… and {more} more {kind} warning{}",
                    if more == 1 { "" } else { "s" }
                ));
            }
        }
    }

    /// The error that ends the run (printed even with `--quiet`).
    pub fn error(&self, message: &str) {
        write_stderr(&format!("slant: error: {message}\n"));
    }
}

/// Writes `text` to stderr in one call, ignoring failures (a full device, a closed pipe): there
/// is nowhere left to report them.
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
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

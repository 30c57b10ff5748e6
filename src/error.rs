//! The library's error type. Every variant that comes from user input names where: the file and,
//! where it applies, the line or record. The binary maps [`Error::exit_code`] to its exit status.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem was found: a file, optionally a 1-based line and record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<u64>,
    pub record: Option<u64>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            record: None,
        }
    }

    pub fn line(path: impl Into<PathBuf>, line: u64) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            record: None,
        }
    }

    /// A CSV/JSONL record: `record` is 1-based, counting data rows after any header.
    pub fn record(path: impl Into<PathBuf>, line: Option<u64>, record: u64) -> Self {
        Location {
            path: path.into(),
            line,
            record: Some(record),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(record) = self.record {
            write!(f, " (record {record})")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// Input data that cannot be used as it is (CSV, JSONL, articles, outlet maps).
    #[error("{location}: {message}")]
    Input { location: Location, message: String },

    /// A model file that is missing, damaged, of another version or not a slant model.
    #[error("{}: {message}", path.display())]
    ModelFile { path: PathBuf, message: String },

    /// Boxed: lexicon errors carry two origins and would bloat every `Result`.
    #[error(transparent)]
    Lexicon(Box<crate::lexicon::LexiconError>),

    #[error(transparent)]
    Clean(#[from] crate::text::clean::CleanError),

    #[error("training failed: {0}")]
    Model(#[from] crate::model::logistic::ModelError),

    /// Options that contradict each other or name something that does not exist.
    #[error("{0}")]
    Usage(String),
}

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const INTERNAL: i32 = 1;
    pub const USAGE: i32 = 2;
    pub const INPUT: i32 = 3;
    pub const IO: i32 = 4;
    /// Ended by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
    pub const INTERRUPTED: i32 = 130;
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    pub fn model_file(path: &Path, message: impl Into<String>) -> Self {
        Error::ModelFile {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Io { .. } => exit::IO,
            Error::Input { .. } | Error::ModelFile { .. } | Error::Lexicon(_) | Error::Clean(_) => {
                exit::INPUT
            }
            Error::Model(_) => exit::INPUT,
            Error::Usage(_) => exit::USAGE,
        }
    }

    /// True when this is a write to a closed pipe (`slant score … | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<crate::lexicon::LexiconError> for Error {
    fn from(e: crate::lexicon::LexiconError) -> Self {
        Error::Lexicon(Box::new(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_render_file_line_and_record() {
        assert_eq!(Location::file("a.csv").to_string(), "a.csv");
        assert_eq!(Location::line("a.csv", 7).to_string(), "a.csv:7");
        assert_eq!(
            Location::record("a.csv", Some(9), 8).to_string(),
            "a.csv:9 (record 8)"
        );
    }

    #[test]
    fn exit_codes_separate_usage_input_and_io() {
        let usage = Error::Usage("x".into());
        let input = Error::input(Location::line("a.csv", 2), "bad");
        let io = Error::io(Path::new("a"), std::io::Error::other("x"));
        assert_eq!(usage.exit_code(), exit::USAGE);
        assert_eq!(input.exit_code(), exit::INPUT);
        assert_eq!(io.exit_code(), exit::IO);
        assert_eq!(input.to_string(), "a.csv:2: bad");
    }

    #[test]
    fn broken_pipe_is_recognised() {
        let e = Error::io(
            Path::new("-"),
            std::io::Error::from(std::io::ErrorKind::BrokenPipe),
        );
        assert!(e.is_broken_pipe());
        assert!(!Error::Usage("x".into()).is_broken_pipe());
    }
}

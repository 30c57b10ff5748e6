//! What can go wrong while setting up an evaluation. Converted into the crate's [`Error`] so the
//! binary maps it to an exit code: option problems are usage errors (2), data problems are
//! input errors (3) and name their file and line.

use crate::error::{Error, Location};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("--folds must be at least 2, got {0}")]
    TooFewFolds(usize),

    #[error("--folds {folds} is more than the {available} {what} to split")]
    TooManyFolds {
        folds: usize,
        available: usize,
        what: &'static str,
    },

    #[error("--leave-one-out {column}: {found} distinct value(s); at least 2 are needed")]
    TooFewGroups { column: String, found: usize },

    #[error("{location}: no {what} column `{column}` (found: {found})")]
    MissingColumn {
        location: Location,
        what: &'static str,
        column: String,
        found: String,
    },

    /// A problem in a data or folds file at a known place.
    #[error("{location}: {message}")]
    BadInput { location: Location, message: String },

    #[error("no rows left to evaluate: {0}")]
    NothingToEvaluate(String),

    #[error("fold {fold}: training failed: {source}")]
    Fit {
        fold: String,
        source: crate::model::logistic::ModelError,
    },
}

impl EvalError {
    /// A problem at `origin` (`file:line`, as [`crate::corpus::LabeledRow::origin`]).
    pub fn at_origin(origin: &str, message: impl Into<String>) -> Self {
        EvalError::BadInput {
            location: location_of(origin),
            message: message.into(),
        }
    }
}

/// Parses `file:line` back into a [`Location`] (the whole string is the path if it has no line).
pub fn location_of(origin: &str) -> Location {
    match origin.rsplit_once(':') {
        Some((path, line)) => match line.parse() {
            Ok(line) => Location::line(path, line),
            Err(_) => Location::file(origin),
        },
        None => Location::file(origin),
    }
}

impl From<EvalError> for Error {
    fn from(e: EvalError) -> Self {
        match e {
            EvalError::MissingColumn {
                location,
                what,
                column,
                found,
            } => Error::input(
                location,
                format!("no {what} column `{column}` (found: {found})"),
            ),
            EvalError::BadInput { location, message } => Error::input(location, message),
            EvalError::Fit { .. } => Error::Usage(format!(
                "{e} (every training fold needs at least two classes: try fewer folds)"
            )),
            other => Error::Usage(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit;

    #[test]
    fn options_are_usage_errors_and_data_problems_name_their_place() {
        let usage: Error = EvalError::TooFewFolds(1).into();
        assert_eq!(usage.exit_code(), exit::USAGE);
        assert!(usage.to_string().contains("--folds"), "{usage}");
        let input: Error = EvalError::at_origin("dir/a.csv:7", "duplicate id `x`").into();
        assert_eq!(input.exit_code(), exit::INPUT);
        assert_eq!(input.to_string(), "dir/a.csv:7: duplicate id `x`");
    }

    #[test]
    fn origins_parse_back_into_locations() {
        assert_eq!(location_of("a.csv:12"), Location::line("a.csv", 12));
        assert_eq!(location_of("a.csv"), Location::file("a.csv"));
        assert_eq!(location_of("c:dir"), Location::file("c:dir"));
    }
}

//! Errors (the lexicon cannot be used) and warnings (an entry is suspicious or can never match).

use std::fmt;
use std::path::PathBuf;

/// Why a lexicon could not be loaded or rebuilt. Input problems name the file and line.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: the file is not valid UTF-8", path.display())]
    NotUtf8 { path: PathBuf, line: usize },
    /// A file that is not lexicon text: binary data, another encoding, past the size limit.
    #[error("{origin}: {message}")]
    File { origin: String, message: String },
    #[error("no lexicon files (*.txt) in {}", dir.display())]
    NoFiles { dir: PathBuf },
    /// A malformed line: `origin` is `file:line`.
    #[error("{origin}: {message}")]
    Syntax { origin: String, message: String },
    #[error("{origin}: unknown category \"{name}\" (declare it with `@category {name} loaded|epistemic DESCRIPTION`)")]
    UnknownCategory { origin: String, name: String },
    #[error("{origin}: category \"{name}\" is declared as {kind}, but {first_origin} declares it as {first_kind}")]
    CategoryKindConflict {
        origin: String,
        name: String,
        kind: String,
        first_origin: String,
        first_kind: String,
    },
    #[error("{origin}: term \"{term}\" is in category \"{category}\", but {first_origin} already puts it in \"{first_category}\" (a term may belong to one category only)")]
    TermInTwoCategories {
        origin: String,
        term: String,
        category: String,
        first_origin: String,
        first_category: String,
    },
    /// The automaton could not be built (e.g. the patterns exceed its size limits).
    #[error("cannot build the lexicon matcher: {0}")]
    Build(String),
}

/// An entry or declaration that loads but deserves the author's attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconWarning {
    /// `file:line` of the offending line.
    pub origin: String,
    pub message: String,
}

impl fmt::Display for LexiconWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

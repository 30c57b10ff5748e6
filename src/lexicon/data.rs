//! The serialisable form of a lexicon (embedded in trained model files) and its content hash.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::LexiconError;
use super::parse::{split_term, RawCategory, RawEntry, RawLexicon};
use super::{Category, Lexicon};
use crate::corpus::limits::MAX_LEXICON_TERMS;

/// Everything needed to rebuild a [`Lexicon`] exactly (categories keep their order and indices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconData {
    pub categories: Vec<Category>,
    pub entries: Vec<EntryData>,
}

/// One entry with its category by name, so the data stays readable and self-checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryData {
    /// As written, without the `*`.
    pub term: String,
    pub wildcard: bool,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `file:line` where the entry came from.
    pub origin: String,
}

/// Origin given to categories rebuilt from data (they carry no line of their own).
const DATA_ORIGIN: &str = "<lexicon data>";

/// Bumped whenever the canonical text below or the matching rules change.
const HASH_FORMAT: &str = "slant-lexicon-v1";

impl Lexicon {
    pub fn to_data(&self) -> LexiconData {
        LexiconData {
            categories: self.categories.clone(),
            entries: self
                .entries
                .iter()
                .map(|e| EntryData {
                    term: e.term.clone(),
                    wildcard: e.wildcard,
                    category: self.categories[e.category].name.clone(),
                    note: e.note.clone(),
                    origin: e.origin.clone(),
                })
                .collect(),
        }
    }

    /// Rebuilds a lexicon from [`Lexicon::to_data`] output, re-running every check (the data may
    /// come from an edited model file). Warnings are dropped: they were reported at load time.
    pub fn from_data(data: LexiconData) -> Result<Lexicon, LexiconError> {
        // Bounded before anything is built from the entries.
        if data.entries.len() > MAX_LEXICON_TERMS {
            return Err(LexiconError::Syntax {
                origin: DATA_ORIGIN.to_string(),
                message: super::parse::too_many_terms(),
            });
        }
        let mut names = std::collections::HashSet::new();
        if let Some(twice) = data.categories.iter().find(|c| !names.insert(&c.name)) {
            return Err(LexiconError::Syntax {
                origin: DATA_ORIGIN.to_string(),
                message: format!("category \"{}\" is listed twice", twice.name),
            });
        }
        let categories = data
            .categories
            .into_iter()
            .map(|c| RawCategory {
                name: c.name,
                kind: c.kind,
                description: c.description,
                origin: DATA_ORIGIN.to_string(),
            })
            .collect();
        let entries = data
            .entries
            .into_iter()
            .map(|e| {
                let star = if e.wildcard { "*" } else { "" };
                let (body, wildcard) =
                    split_term(&format!("{}{star}", e.term)).map_err(|message| {
                        LexiconError::Syntax {
                            origin: e.origin.clone(),
                            message,
                        }
                    })?;
                Ok(RawEntry {
                    body,
                    wildcard,
                    category: e.category,
                    note: e.note,
                    origin: e.origin,
                })
            })
            .collect::<Result<Vec<_>, LexiconError>>()?;
        Lexicon::from_raw(RawLexicon {
            categories,
            entries,
        })
        .map(|(lexicon, _warnings)| lexicon)
    }

    /// Hex SHA-256 of a canonical text of what affects matching and features: category names and
    /// kinds, and each entry's normalised term, wildcard flag and category name, all sorted.
    /// Independent of file order, comments, spacing, letter case, notes and descriptions.
    pub fn content_hash(&self) -> String {
        let mut categories: Vec<String> = self
            .categories
            .iter()
            .map(|c| format!("category\t{}\t{}\n", c.name, c.kind.as_str()))
            .collect();
        categories.sort();
        let mut entries: Vec<String> = self
            .entries
            .iter()
            .map(|e| {
                let star = if e.wildcard { "*" } else { "" };
                let category = &self.categories[e.category].name;
                format!("entry\t{}{star}\t{category}\n", e.normalized)
            })
            .collect();
        entries.sort();
        let mut hasher = Sha256::new();
        hasher.update(HASH_FORMAT.as_bytes());
        hasher.update(b"\n");
        for line in categories.iter().chain(&entries) {
            hasher.update(line.as_bytes());
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

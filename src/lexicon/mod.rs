//! Hand-edited lexicons of loaded and epistemic terms (format: `data/lexicons/*.txt`, one
//! `term | category | note` per line, `@category NAME KIND DESCRIPTION` directives) and a fast
//! whole-token, case-insensitive matcher over them.
//!
//! Load with [`Lexicon::load_dir`]; match with [`Lexicon::find_into`] (no allocation per call once
//! the [`MatchScratch`] buffers have grown). Matches are leftmost-longest and non-overlapping.

mod assemble;
mod automaton;
mod data;
mod error;
mod matcher;
mod parse;
mod stem_trie;
mod term;
mod word_table;
mod words;

#[cfg(test)]
mod matcher_twin_tests;
#[cfg(test)]
mod speed_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod twin_tests;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::input::{Input, InputError};
use crate::corpus::limits::MAX_LEXICON_FILE_BYTES;
use crate::text::lowered::LoweredTokens;
use crate::text::tokens::{tokenize, Token};

pub use data::{EntryData, LexiconData};
pub use error::{LexiconError, LexiconWarning};
pub use matcher::{Match, MatchScratch};

use matcher::Matcher;
use parse::{parse_source, RawLexicon};

/// The lexicon's entries by the word ids of another word index (see [`Lexicon::word_groups`]).
#[derive(Debug, Clone)]
pub struct WordGroups(words::GroupsById);

/// A named group of terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    pub kind: CategoryKind,
    pub description: String,
}

/// Whether a category's terms count toward the loaded-term density.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CategoryKind {
    /// Loaded language: counts toward the loaded-term density.
    Loaded,
    /// Hedges, report verbs and the like: features, but not "loaded".
    Epistemic,
}

impl CategoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryKind::Loaded => "loaded",
            CategoryKind::Epistemic => "epistemic",
        }
    }

    /// Parses the lower-case name used in lexicon files.
    pub fn parse(s: &str) -> Option<CategoryKind> {
        match s {
            "loaded" => Some(CategoryKind::Loaded),
            "epistemic" => Some(CategoryKind::Epistemic),
            _ => None,
        }
    }
}

/// One lexicon term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// As written, without the trailing `*`.
    pub term: String,
    /// What is matched: the term's lower-cased tokens joined by single spaces (without `*`).
    pub normalized: String,
    /// Index into [`Lexicon::categories`].
    pub category: usize,
    /// The last token is a prefix ("assassinat*").
    pub wildcard: bool,
    pub note: Option<String>,
    /// `file:line`.
    pub origin: String,
}

/// Parsed, checked entries and categories plus the matcher automaton (built once).
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Sorted by name, so indices do not depend on file order.
    categories: Vec<Category>,
    /// In source order (files in the order given, lines in file order).
    entries: Vec<Entry>,
    matcher: Matcher,
}

impl Lexicon {
    /// Loads every `*.txt` file in `dir`, in file-name order.
    pub fn load_dir(dir: &Path) -> Result<(Lexicon, Vec<LexiconWarning>), LexiconError> {
        let io_error = |source| LexiconError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut paths = Vec::new();
        let mut skipped = Vec::new();
        for item in fs::read_dir(dir).map_err(io_error)? {
            let path = item.map_err(io_error)?.path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                // Only regular files (or links to them): a FIFO would block, a device never end.
                match fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => paths.push(path),
                    Ok(meta) if meta.is_dir() => {}
                    _ => skipped.push(LexiconWarning {
                        origin: path.display().to_string(),
                        message: "not a regular file: skipped, not read".into(),
                    }),
                }
            }
        }
        if paths.is_empty() {
            return Err(LexiconError::NoFiles {
                dir: dir.to_path_buf(),
            });
        }
        paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        skipped.sort_by(|a, b| a.origin.cmp(&b.origin));
        let (lexicon, warnings) = Lexicon::load_files(&paths)?;
        skipped.extend(warnings);
        Ok((lexicon, skipped))
    }

    /// Loads the given files in the given order; origins use each path as given.
    pub fn load_files(paths: &[PathBuf]) -> Result<(Lexicon, Vec<LexiconWarning>), LexiconError> {
        let mut sources = Vec::with_capacity(paths.len());
        for path in paths {
            // Read whole within its limit, after a look at the first block for binary data.
            let bytes = Input::open_text(path)
                .and_then(|input| input.read_all(MAX_LEXICON_FILE_BYTES))
                .map_err(|e| match e {
                    InputError::Io(source) => LexiconError::Io {
                        path: path.clone(),
                        source,
                    },
                    e => LexiconError::File {
                        origin: e.origin(path),
                        message: e.message("a lexicon (text)"),
                    },
                })?;
            let content = String::from_utf8(bytes).map_err(|e| {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                LexiconError::NotUtf8 {
                    path: path.clone(),
                    line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
                }
            })?;
            sources.push((path.display().to_string(), content));
        }
        Lexicon::parse_sources(&sources)
    }

    /// Parses `(origin file name, content)` pairs, in order.
    pub fn parse_sources(
        sources: &[(String, String)],
    ) -> Result<(Lexicon, Vec<LexiconWarning>), LexiconError> {
        let mut raw = RawLexicon::default();
        for (file, content) in sources {
            parse_source(file, content, &mut raw)?;
        }
        Lexicon::from_raw(raw)
    }

    fn from_raw(raw: RawLexicon) -> Result<(Lexicon, Vec<LexiconWarning>), LexiconError> {
        let assembled = assemble::assemble(raw)?;
        let matcher =
            Matcher::build(&assembled.entries).map_err(|e| LexiconError::Build(e.to_string()))?;
        let lexicon = Lexicon {
            categories: assembled.categories,
            entries: assembled.entries,
            matcher,
        };
        Ok((lexicon, assembled.warnings))
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The index of the category called `name`.
    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.categories
            .binary_search_by(|c| c.name.as_str().cmp(name))
            .ok()
    }

    /// Bytes held by the matcher (word tables and the automaton kept for odd token streams).
    pub fn matcher_memory_usage(&self) -> usize {
        self.matcher.memory_usage()
    }

    /// Finds matches in `text`, given its tokens (from `tokens::tokenize_into` on the same text).
    /// Non-overlapping, leftmost-longest (most tokens, then exact before wildcard, then the longer
    /// stem), in text order. `out` is cleared and reused; `scratch` holds the reusable buffers.
    pub fn find_into(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        self.matcher.find_into(text, tokens, scratch, out);
    }

    /// As [`Lexicon::find_into`], on tokens already lower-cased (the featurizer's n-gram buffer),
    /// so a sentence is lower-cased once.
    pub fn find_lowered(&self, lowered: &LoweredTokens, tokens: &[Token], out: &mut Vec<Match>) {
        self.matcher.find_lowered(lowered, tokens, out);
    }

    /// The words that start an entry, when the lexicon matches whole tokens (it does unless an
    /// entry has an empty word): give them ids in a word index to use [`Self::find_by_word_ids`].
    pub fn first_words(&self) -> Option<Vec<&str>> {
        self.matcher.first_words().map(Iterator::collect)
    }

    /// What the words of another word index (`(id, word)`, ids below `ids`) can match, by id;
    /// None if a first word is not among them.
    pub fn word_groups<'a>(
        &self,
        ids: usize,
        words: impl IntoIterator<Item = (u32, &'a str)>,
    ) -> Option<WordGroups> {
        self.matcher.groups_by_id(ids, words).map(WordGroups)
    }

    /// [`Self::find_lowered`] given each token's id in the word index `groups` was made for
    /// (`u32::MAX` for a token outside it): the same matches, with no look-up of the tokens.
    pub fn find_by_word_ids(
        &self,
        lowered: &LoweredTokens,
        tokens: &[Token],
        ids: &[u32],
        groups: &WordGroups,
        out: &mut Vec<Match>,
    ) {
        self.matcher
            .find_by_ids(lowered, tokens, ids, &groups.0, out);
    }

    /// Convenience form of [`Lexicon::find_into`] that tokenizes and allocates.
    pub fn find(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        self.find_into(text, &tokenize(text), &mut MatchScratch::new(), &mut out);
        out
    }
}

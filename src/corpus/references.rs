//! Labelled rows that point into third-party data sets instead of carrying their text.
//!
//! Real news is third-party text: the project stores, for each labelled sentence, a reference —
//! data set, record id, byte span of the record's text, SHA-256 of those bytes — and its labels,
//! never the text. A labelled CSV whose header has the columns `dataset`, `record_id`, `start`,
//! `end` and `sha256` (and no text column) is such a file; [`Resolver`] turns each reference back
//! into its sentence by reading the data set in place:
//!
//! - `seeds`: record `ID` is the file `seeds/ID.txt`, the span is of its bytes;
//! - any other name: record `ID` is the row with `id` = `ID` of `datasets/NAME/sentences.csv`, the
//!   span is of its `text` cell.
//!
//! The folder holding `datasets/` and `seeds/` is `$SLANT_SHARED` when set, else the first folder
//! named `shared` beside the current directory or beside any folder above the labelled file (so
//! `../shared` seen from the repository). A reference that cannot be resolved (data set or record
//! missing, span out of range or not on character boundaries, hash mismatch) is reported with its
//! reason; when no data-set folder is found at all, reading fails with a message saying where it
//! looked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::corpus::csv_header::open_with_header;
use crate::error::{Error, Result};

/// The columns that make a labelled file a reference file.
pub const REFERENCE_COLUMNS: [&str; 5] = ["dataset", "record_id", "start", "end", "sha256"];

/// Positions of the reference columns in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceColumns {
    pub dataset: usize,
    pub record_id: usize,
    pub start: usize,
    pub end: usize,
    pub sha256: usize,
}

impl ReferenceColumns {
    /// The reference columns of `names`, when all five are present.
    pub fn find(names: &[String]) -> Option<ReferenceColumns> {
        let at = |n: &str| names.iter().position(|h| h == n);
        Some(ReferenceColumns {
            dataset: at(REFERENCE_COLUMNS[0])?,
            record_id: at(REFERENCE_COLUMNS[1])?,
            start: at(REFERENCE_COLUMNS[2])?,
            end: at(REFERENCE_COLUMNS[3])?,
            sha256: at(REFERENCE_COLUMNS[4])?,
        })
    }
}

/// One data set's records, loaded on first use: record id -> its text, or why it cannot be read
/// (a seed file that is not text, or too large).
type Records = FxHashMap<String, std::result::Result<String, String>>;

/// A data set as loaded, or why it could not be.
type Loaded = std::sync::Arc<std::result::Result<Records, String>>;

/// Data sets already read in this process, by shared folder and name: a data set that several
/// reference files point into (train and off-topic files both into `babe`) is read once.
fn loaded(root: &Path, dataset: &str) -> Loaded {
    type Cache = std::sync::Mutex<FxHashMap<(PathBuf, String), Loaded>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (root.to_path_buf(), dataset.to_string());
    if let Some(hit) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return hit.clone();
    }
    let data = Loaded::new(load(root, dataset));
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, data.clone());
    data
}

/// Resolves references against the shared data-set folder; each data set is read once.
#[derive(Debug, Default)]
pub struct Resolver {
    root: Option<PathBuf>,
    searched: Vec<PathBuf>,
    datasets: BTreeMap<String, Loaded>,
    /// Resolved references per data set.
    pub resolved: BTreeMap<String, usize>,
}

/// Whether `dir` looks like the shared data folder.
fn is_shared(dir: &Path) -> bool {
    dir.join("datasets").is_dir() || dir.join("seeds").is_dir()
}

impl Resolver {
    /// A resolver for references read from `file`: see the module doc for where it looks.
    pub fn for_file(file: &Path) -> Resolver {
        let mut searched = Vec::new();
        let mut candidates = Vec::new();
        if let Some(env) = std::env::var_os("SLANT_SHARED") {
            candidates.push(PathBuf::from(env));
        } else {
            if let Ok(cwd) = std::env::current_dir() {
                candidates.push(cwd.join("shared"));
                if let Some(parent) = cwd.parent() {
                    candidates.push(parent.join("shared"));
                }
            }
            if let Ok(abs) = std::path::absolute(file) {
                for dir in abs.ancestors().skip(1) {
                    candidates.push(dir.join("shared"));
                }
            }
        }
        let mut root = None;
        for c in candidates {
            if searched.contains(&c) {
                continue;
            }
            searched.push(c.clone());
            if is_shared(&c) {
                root = Some(c);
                break;
            }
        }
        Resolver {
            root,
            searched,
            ..Resolver::default()
        }
    }

    /// The data folder found, if any.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// The error for a reference file when no data folder was found.
    pub fn missing_root_error(&self, file: &Path) -> Error {
        let looked: Vec<String> = self
            .searched
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        Error::io(
            file,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "the file holds references into shared data sets (columns {}), but no data \
                     folder with datasets/ or seeds/ was found; set SLANT_SHARED to it (looked in: {})",
                    REFERENCE_COLUMNS.join(", "),
                    looked.join(", ")
                ),
            ),
        )
    }

    /// The sentence a reference points to, or why it cannot be resolved.
    pub fn resolve(
        &mut self,
        dataset: &str,
        record_id: &str,
        start: &str,
        end: &str,
        sha256: &str,
    ) -> std::result::Result<String, String> {
        let what = format!("reference {dataset}/{record_id} [{start}..{end}]");
        let (Ok(start), Ok(end)) = (start.trim().parse::<usize>(), end.trim().parse::<usize>())
        else {
            return Err(format!("{what}: start and end must be byte offsets"));
        };
        let Some(root) = self.root.clone() else {
            return Err(format!("{what}: no shared data folder"));
        };
        let records = self
            .datasets
            .entry(dataset.to_string())
            .or_insert_with(|| loaded(&root, dataset));
        let records = records
            .as_ref()
            .as_ref()
            .map_err(|e| format!("{what}: {e}"))?;
        let text = match records.get(record_id) {
            Some(Ok(text)) => text,
            Some(Err(why)) => return Err(format!("{what}: {why}")),
            None => {
                return Err(format!(
                    "{what}: no record `{record_id}` in data set `{dataset}`"
                ))
            }
        };
        let Some(span) = text.get(start..end).filter(|_| start < end) else {
            return Err(format!(
                "{what}: the span is not within the record's {} bytes on character boundaries",
                text.len()
            ));
        };
        let digest = format!("{:x}", Sha256::digest(span.as_bytes()));
        if !digest.eq_ignore_ascii_case(sha256.trim()) {
            return Err(format!(
                "{what}: the text there has sha256 {digest}, not {}: the data set differs from \
                 the one the reference was made from",
                sha256.trim()
            ));
        }
        *self.resolved.entry(dataset.to_string()).or_default() += 1;
        Ok(span.to_string())
    }
}

/// Reads one data set's records.
fn load(root: &Path, dataset: &str) -> std::result::Result<Records, String> {
    let valid = !dataset.is_empty()
        && dataset
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return Err(format!("`{dataset}` is not a data-set name"));
    }
    if dataset == "seeds" {
        let dir = root.join("seeds");
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut records = Records::default();
        for entry in entries.flatten() {
            let path = entry.path();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let stem = path.file_stem().and_then(|s| s.to_str());
            if let (true, true, Some(stem)) =
                (path.extension().is_some_and(|e| e == "txt"), is_file, stem)
            {
                // Within the article limits, as every article file is read.
                let text = crate::corpus::input::Input::open_text(&path)
                    .and_then(|i| i.read_all(crate::corpus::limits::MAX_ARTICLE_BYTES))
                    .map_err(|e| e.message("seed article"))
                    .and_then(|bytes| {
                        String::from_utf8(bytes)
                            .map_err(|_| format!("{}: not valid UTF-8", path.display()))
                    });
                records.insert(stem.to_string(), text);
            }
        }
        return Ok(records);
    }
    let path = root.join("datasets").join(dataset).join("sentences.csv");
    if !path.is_file() {
        return Err(format!("data set file {} not found", path.display()));
    }
    read_records(&path).map_err(|e| e.to_string())
}

/// The `id` and `text` cells of a data set's sentences.csv.
fn read_records(path: &Path) -> Result<Records> {
    let (mut reader, names) = open_with_header(path)?;
    let col = |n: &str| {
        names.iter().position(|h| h == n).ok_or_else(|| {
            Error::input(
                crate::error::Location::line(path, 1),
                format!("no `{n}` column"),
            )
        })
    };
    let (id, text) = (col("id")?, col("text")?);
    let mut records = Records::default();
    let mut record = crate::corpus::csv_table::TableRow::default();
    while reader.read(&mut record)? {
        if let (Some(i), Some(t)) = (record.get(id), record.get(text)) {
            records.insert(i.to_string(), Ok(t.to_string()));
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(s: &str) -> String {
        format!("{:x}", Sha256::digest(s.as_bytes()))
    }

    fn shared() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let ds = dir.path().join("datasets/toy");
        std::fs::create_dir_all(&ds).unwrap();
        std::fs::write(
            ds.join("sentences.csv"),
            "id,text,label\nr1,\"First sentence. Second one, with ’quotes’.\",x\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
        std::fs::write(dir.path().join("seeds/s1.txt"), "Alpha beta.\nGamma.").unwrap();
        dir
    }

    fn resolver(root: &Path) -> Resolver {
        Resolver {
            root: Some(root.to_path_buf()),
            ..Resolver::default()
        }
    }

    #[test]
    fn references_resolve_to_their_span_and_check_the_hash() {
        let dir = shared();
        let mut r = resolver(dir.path());
        let text = "First sentence. Second one, with ’quotes’.";
        let second = &text[16..];
        assert_eq!(
            r.resolve("toy", "r1", "16", &text.len().to_string(), &sha(second)),
            Ok(second.to_string())
        );
        assert_eq!(
            r.resolve("seeds", "s1", "12", "18", &sha("Gamma.")),
            Ok("Gamma.".into())
        );
        assert_eq!(r.resolved.get("toy"), Some(&1));
        let bad = r.resolve("toy", "r1", "0", "5", &sha("other")).unwrap_err();
        assert!(bad.contains("sha256"), "{bad}");
        let missing = r.resolve("toy", "r9", "0", "5", "x").unwrap_err();
        assert!(missing.contains("no record `r9`"), "{missing}");
        // Inside the curly quote's three bytes: not a character boundary.
        let q = text.find('’').unwrap();
        let cut = r
            .resolve("toy", "r1", "0", &(q + 1).to_string(), "x")
            .unwrap_err();
        assert!(cut.contains("character boundaries"), "{cut}");
        let nods = r.resolve("nope", "r1", "0", "5", "x").unwrap_err();
        assert!(nods.contains("not found"), "{nods}");
        let evil = r.resolve("../x", "r1", "0", "5", "x").unwrap_err();
        assert!(evil.contains("not a data-set name"), "{evil}");
    }

    #[test]
    fn the_five_columns_make_a_reference_file() {
        let names: Vec<String> = ["dataset", "record_id", "start", "end", "sha256", "stance"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(ReferenceColumns::find(&names).is_some());
        assert!(ReferenceColumns::find(&names[1..]).is_none());
    }
}

//! The outlet map: a CSV with `file,outlet` (more columns are ignored) that names the outlet of
//! each article file, for scraped `.txt` folders whose text does not carry it.
//!
//! A `file` cell is a file name (`story.txt`), a path relative to any folder above the file
//! (`a/story.txt`), or an article id (`story`, or a CSV/JSONL record's id). An article matches
//! the row whose `file` is the longest trailing part of its file's path; failing that, the row
//! whose `file` (or `file` without its extension) is the article's id.
//!
//! Nothing is merged silently: a file named in two rows with two outlets (the first row is used),
//! a row repeated, a row that matches several input files (`story.txt` for `a/story.txt` and
//! `b/story.txt`), a row that matches no input, articles the map has no outlet for, and records
//! whose own outlet (CSV/JSONL `outlet`, which is kept) the map contradicts are each warned about
//! with the map's file and line; under `--strict` they are errors.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::corpus::csv_table::{CsvTable, TableRow};
use crate::corpus::input::Input;
use crate::corpus::limits::MAX_OUTLET_MAP_BYTES;
use crate::corpus::Article;
use crate::error::{Error, Location, Result};
use crate::warnings::Warnings;

/// Warning kinds of the outlet map.
pub const CONFLICTING_ROW: &str = "conflicting outlet-map row";
pub const REPEATED_ROW: &str = "repeated outlet-map row";
pub const UNUSED_ROW: &str = "unused outlet-map row";
pub const AMBIGUOUS_ROW: &str = "ambiguous outlet-map row";
pub const UNMAPPED_ARTICLE: &str = "unmapped article";
pub const RECORD_CONFLICT: &str = "record and outlet map disagree";

/// Articles without an outlet named in the summary warning.
const UNMAPPED_EXAMPLES: usize = 5;

#[derive(Debug, Clone)]
struct MapRow {
    /// The `file` cell, trimmed, `\\` as `/`, without a leading `./`.
    file: String,
    outlet: String,
    line: u64,
}

#[derive(Debug, Clone, Default)]
pub struct OutletMap {
    rows: Vec<MapRow>,
    /// `file` cells -> the first row naming them.
    by_file: HashMap<String, usize>,
    /// `file` cells without their extension (`a/story.txt` -> `a/story`) -> the first such row,
    /// for matching article ids.
    by_stem: HashMap<String, usize>,
    path: PathBuf,
    /// Conflicting and repeated rows (see the module docs).
    pub warnings: Warnings,
}

impl OutletMap {
    /// Reads a map; conflicting or repeated rows are warnings.
    pub fn from_path(path: &Path) -> Result<Self> {
        OutletMap::read(path, false)
    }

    /// Reads a map; under `strict`, conflicting or repeated rows (and repeated column names) are
    /// errors.
    pub fn read(path: &Path, strict: bool) -> Result<Self> {
        // Read whole within its limit (a device or an endless pipe fails at the limit).
        let bytes = Input::open_text(path)
            .and_then(|input| input.read_all(MAX_OUTLET_MAP_BYTES))
            .map_err(|e| e.into_error(path, "an outlet map (CSV text)"))?;
        let mut reader = CsvTable::from_bytes(path, bytes)?;
        let headers = reader.names().to_vec();
        let mut map = OutletMap {
            path: path.to_path_buf(),
            ..Default::default()
        };
        crate::corpus::csv_header::check_repeated_names(
            path,
            &headers,
            true,
            strict,
            &mut map.warnings,
        )?;
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| crate::corpus::csv_header::column_name(h).eq_ignore_ascii_case(name))
        };
        let (Some(file_col), Some(outlet_col)) = (col("file"), col("outlet")) else {
            return Err(Error::input(
                Location::line(path, 1),
                format!(
                    "an outlet map needs the columns `file` and `outlet`; found: {}",
                    join(&headers)
                ),
            ));
        };
        let mut record = TableRow::default();
        while reader.read(&mut record)? {
            let (line, i) = (record.line(), record.record() - 1);
            let file = normalize(record.get(file_col).unwrap_or(""));
            let outlet = record.get(outlet_col).unwrap_or("").trim();
            if file.is_empty() || outlet.is_empty() {
                return Err(Error::input(
                    Location::record(path, Some(line), i + 1),
                    "empty `file` or `outlet` cell",
                ));
            }
            if let Some(&first) = map.by_file.get(&file) {
                let earlier = &map.rows[first];
                let (kind, message) = if earlier.outlet == outlet {
                    (
                        REPEATED_ROW,
                        format!(
                            "`{file}` repeats line {} (same outlet `{outlet}`): read once",
                            earlier.line
                        ),
                    )
                } else {
                    (
                        CONFLICTING_ROW,
                        format!(
                            "`{file}` has outlet `{outlet}` here but `{}` at line {}: line {} is used",
                            earlier.outlet, earlier.line, earlier.line
                        ),
                    )
                };
                if strict {
                    return Err(Error::input(
                        Location::line(path, line),
                        format!("{message} (--strict)"),
                    ));
                }
                map.warnings
                    .push(kind, format!("{}:{line}: {message}", path.display()));
                continue;
            }
            let row = map.rows.len();
            map.by_file.insert(file.clone(), row);
            if let Some(without) = without_extension(&file) {
                map.by_stem.entry(without.to_string()).or_insert(row);
            }
            map.rows.push(MapRow {
                file,
                outlet: outlet.to_string(),
                line,
            });
        }
        Ok(map)
    }

    /// The row an article read from `file` (its path as read; may be empty) with id `id`
    /// matches: the row naming the longest trailing part of the path, else the row naming the id.
    pub fn lookup_row(&self, file: &str, id: &str) -> Option<usize> {
        if !file.is_empty() {
            let parts: Vec<&str> = file
                .split(['/', '\\'])
                .filter(|p| !p.is_empty() && *p != ".")
                .collect();
            for start in 0..parts.len() {
                if let Some(&row) = self.by_file.get(&parts[start..].join("/")) {
                    return Some(row);
                }
            }
        }
        self.by_file
            .get(id)
            .or_else(|| self.by_stem.get(id))
            .copied()
    }

    /// The outlet for an article read from `file` with id `id` (see [`Self::lookup_row`]).
    pub fn lookup(&self, file: &str, id: &str) -> Option<&str> {
        self.lookup_row(file, id)
            .map(|row| self.rows[row].outlet.as_str())
    }

    /// The map file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Applies an outlet map to the articles of one run, and keeps what is needed to report rows that
/// matched nothing or several files, and articles without an outlet.
#[derive(Debug)]
pub struct OutletLookup<'a> {
    map: &'a OutletMap,
    /// Per row: the first file that matched it.
    first_file: Vec<Option<String>>,
    /// Per row: another file matched it too (the row is ambiguous).
    other_file: Vec<Option<String>>,
    /// The last file looked up and its row (records of one CSV file share them).
    last: Option<(String, Option<usize>)>,
    unmapped: usize,
    unmapped_examples: Vec<String>,
    /// Records whose own outlet the map contradicts.
    conflicts: Warnings,
}

impl<'a> OutletLookup<'a> {
    pub fn new(map: &'a OutletMap) -> OutletLookup<'a> {
        OutletLookup {
            map,
            first_file: vec![None; map.rows.len()],
            other_file: vec![None; map.rows.len()],
            last: None,
            unmapped: 0,
            unmapped_examples: Vec::new(),
            conflicts: Warnings::default(),
        }
    }

    /// Fills in the article's outlet from the map unless it has one; an article left without one
    /// is counted, or under `strict` an error.
    pub fn apply(&mut self, article: &mut Article, strict: bool) -> Result<()> {
        let by_file = match &self.last {
            Some((file, row)) if *file == article.file_name => *row,
            _ => {
                let row = self.map.lookup_row(&article.file_name, "");
                self.last = Some((article.file_name.clone(), row));
                row
            }
        };
        let row = by_file.or_else(|| self.map.lookup_row("", &article.id));
        if let Some(row) = row {
            match &self.first_file[row] {
                None => self.first_file[row] = Some(article.file_name.clone()),
                Some(first) if *first != article.file_name && self.other_file[row].is_none() => {
                    // Only a row that matched by file name can match two files wrongly: a row
                    // naming an id matches the records of its id wherever they are.
                    if by_file == Some(row) {
                        self.other_file[row] = Some(article.file_name.clone());
                    }
                }
                Some(_) => {}
            }
        }
        match (&article.outlet, row) {
            (None, _) => article.outlet = row.map(|r| self.map.rows[r].outlet.clone()),
            // The record names its outlet: it is kept, but a map that says otherwise is told.
            (Some(own), Some(r)) if *own != self.map.rows[r].outlet => {
                let map_row = &self.map.rows[r];
                let message = format!(
                    "the record's outlet `{own}` differs from `{}` given by {}:{}: the record's is kept",
                    map_row.outlet,
                    self.map.path().display(),
                    map_row.line
                );
                if strict {
                    return Err(Error::input(
                        Location::file(article.origin.as_str()),
                        format!("{message} (--strict)"),
                    ));
                }
                let origin = &article.origin;
                self.conflicts
                    .push_with(RECORD_CONFLICT, || format!("{origin}: {message}"));
            }
            (Some(_), _) => {}
        }
        if article.outlet.is_none() {
            if strict {
                return Err(Error::input(
                    Location::file(self.map.path()),
                    format!(
                        "article `{}` ({}) has no outlet: the map names neither its file nor its id (--strict)",
                        article.id, article.origin
                    ),
                ));
            }
            self.unmapped += 1;
            if self.unmapped_examples.len() < UNMAPPED_EXAMPLES {
                self.unmapped_examples.push(article.origin.clone());
            }
        }
        Ok(())
    }

    /// Rows that matched no article: (file cell, line).
    pub fn unused_rows(&self) -> Vec<(&str, u64)> {
        self.map
            .rows
            .iter()
            .zip(&self.first_file)
            .filter(|(_, used)| used.is_none())
            .map(|(row, _)| (row.file.as_str(), row.line))
            .collect()
    }

    /// Problems found while applying the map, as warnings naming its file and line; under
    /// `strict`, the first of them as an error.
    pub fn finish(&self, strict: bool) -> Result<Warnings> {
        let map = self.map.path().display();
        let mut warnings = self.conflicts.clone();
        for (row, other) in self.map.rows.iter().zip(&self.other_file) {
            let Some(other) = other else { continue };
            let first = self.first_file[self.row_index(row)]
                .as_deref()
                .unwrap_or("");
            let message = format!(
                "`{}` matches several input files ({first}, {other}): name each by its path, e.g. `{}`",
                row.file,
                suffix_naming(first)
            );
            if strict {
                return Err(Error::input(
                    Location::line(self.map.path(), row.line),
                    format!("{message} (--strict)"),
                ));
            }
            warnings.push(AMBIGUOUS_ROW, format!("{map}:{}: {message}", row.line));
        }
        for (file, line) in self.unused_rows() {
            let message = format!("outlet map names `{file}`, which is not among the inputs");
            if strict {
                return Err(Error::input(
                    Location::line(self.map.path(), line),
                    format!("{message} (--strict)"),
                ));
            }
            warnings.push(UNUSED_ROW, format!("{map}:{line}: {message}"));
        }
        if self.unmapped > 0 {
            warnings.push(
                UNMAPPED_ARTICLE,
                format!(
                    "{map}: {} article(s) have no outlet: the map names neither their file nor their id (first: {}{})",
                    self.unmapped,
                    self.unmapped_examples.join(", "),
                    if self.unmapped > self.unmapped_examples.len() { ", …" } else { "" }
                ),
            );
        }
        Ok(warnings)
    }

    fn row_index(&self, row: &MapRow) -> usize {
        self.map.by_file[&row.file]
    }
}

/// A `file` cell as compared: trimmed, `\\` as `/`, without leading `./`.
fn normalize(cell: &str) -> String {
    let mut file = cell.trim().replace('\\', "/");
    while let Some(rest) = file.strip_prefix("./") {
        file = rest.to_string();
    }
    file
}

/// `a/story.txt` -> `a/story`; `None` without an extension.
fn without_extension(file: &str) -> Option<&str> {
    let name_start = file.rfind('/').map_or(0, |i| i + 1);
    let dot = file[name_start..].rfind('.')?;
    (dot > 0).then(|| &file[..name_start + dot])
}

/// The last two components of a path, to suggest as a map cell.
fn suffix_naming(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts[parts.len().saturating_sub(2)..].join("/")
}

fn join(headers: &[String]) -> String {
    headers.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(file: &str, id: &str) -> Article {
        Article {
            id: id.into(),
            file_name: file.into(),
            origin: file.into(),
            ..Article::default()
        }
    }

    #[test]
    fn looks_up_by_path_suffix_file_name_or_id_and_reports_unused_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outlets.csv");
        std::fs::write(
            &path,
            "file,outlet,evidence\na.txt,Alpha,x\nb.txt,Beta,y\n./x/story.txt,Xs,z\ny\\story.txt,Ys,w\n",
        )
        .unwrap();
        let map = OutletMap::from_path(&path).unwrap();
        assert!(map.warnings.is_empty());
        assert_eq!(map.lookup("corpus/a.txt", "a"), Some("Alpha"));
        assert_eq!(map.lookup("", "b"), Some("Beta"));
        assert_eq!(map.lookup("c.txt", "c"), None);
        assert_eq!(map.lookup("corpus/x/story.txt", "x/story"), Some("Xs"));
        assert_eq!(map.lookup("corpus/y/story.txt", "y/story"), Some("Ys"));
        assert_eq!(
            map.lookup("", "y/story"),
            Some("Ys"),
            "an id made from a path"
        );
        let mut lookup = OutletLookup::new(&map);
        let mut a = article("in/a.txt", "a");
        lookup.apply(&mut a, false).unwrap();
        assert_eq!(a.outlet.as_deref(), Some("Alpha"));
        let mut c = article("in/c.txt", "c");
        lookup.apply(&mut c, false).unwrap();
        assert_eq!(c.outlet, None);
        assert!(lookup.apply(&mut article("in/c.txt", "c"), true).is_err());
        let warnings = lookup.finish(false).unwrap();
        let all: Vec<&str> = warnings.messages().collect();
        assert_eq!(warnings.count(UNUSED_ROW), 3, "{all:?}");
        assert!(
            all.iter().any(|w| w.contains("b.txt") && w.contains(":3:")),
            "{all:?}"
        );
        assert!(
            all.iter()
                .any(|w| w.contains("1 article(s) have no outlet") && w.contains("in/c.txt")),
            "{all:?}"
        );
        let err = lookup.finish(true).unwrap_err().to_string();
        assert!(
            err.contains("outlets.csv:3") && err.contains("b.txt"),
            "{err}"
        );
    }

    #[test]
    fn conflicting_repeated_and_ambiguous_rows_are_warned_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(
            &path,
            "file,outlet\nstory.txt,A\nstory.txt,A\n./story.txt,B\nother.txt,C\n",
        )
        .unwrap();
        let map = OutletMap::from_path(&path).unwrap();
        let all: Vec<&str> = map.warnings.messages().collect();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(
            all[0].contains("m.csv:3:") && all[0].contains("repeats line 2"),
            "{all:?}"
        );
        assert!(
            all[1].contains("m.csv:4:") && all[1].contains("`B` here but `A` at line 2"),
            "{all:?}"
        );
        let err = OutletMap::read(&path, true).unwrap_err().to_string();
        assert!(err.contains("m.csv:3") && err.contains("--strict"), "{err}");
        // One row, two files of that name.
        let mut lookup = OutletLookup::new(&map);
        for file in ["in/a/story.txt", "in/b/story.txt"] {
            let mut a = article(file, "story");
            lookup.apply(&mut a, false).unwrap();
            assert_eq!(a.outlet.as_deref(), Some("A"));
        }
        let warnings = lookup.finish(false).unwrap();
        assert_eq!(warnings.count(AMBIGUOUS_ROW), 1);
        let message = warnings.messages().next().unwrap();
        assert!(
            message.contains("m.csv:2:") && message.contains("in/b/story.txt"),
            "{message}"
        );
        std::fs::write(&path, "file,outlet,File\na.txt,A,x\n").unwrap();
        let map = OutletMap::from_path(&path).unwrap();
        assert_eq!(
            map.warnings
                .count(crate::corpus::csv_header::REPEATED_COLUMN),
            1
        );
        assert!(OutletMap::read(&path, true).is_err());
    }

    #[test]
    fn missing_columns_and_empty_cells_name_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.csv");
        std::fs::write(&path, "name,site\na,b\n").unwrap();
        let err = OutletMap::from_path(&path).unwrap_err().to_string();
        assert!(err.contains("m.csv:1") && err.contains("`file`"), "{err}");
        std::fs::write(&path, "file,outlet\na.txt,\n").unwrap();
        let err = OutletMap::from_path(&path).unwrap_err().to_string();
        assert!(err.contains("m.csv:2"), "{err}");
    }
}

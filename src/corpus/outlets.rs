//! The outlet map: a CSV with `file,outlet` (more columns are ignored) that names the outlet of
//! each article file, for scraped `.txt` folders whose text does not carry it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Result};

#[derive(Debug, Clone, Default)]
pub struct OutletMap {
    /// Keyed by file name ("000_x.txt") and by stem ("000_x"), so ids match too.
    by_key: BTreeMap<String, String>,
    /// The map's own rows, to report files it names that were never read.
    rows: Vec<(String, u64)>,
    path: PathBuf,
}

impl OutletMap {
    pub fn from_path(path: &Path) -> Result<Self> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_path(path)
            .map_err(|e| csv_error(path, e))?;
        let headers = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
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
        let mut map = OutletMap {
            path: path.to_path_buf(),
            ..Default::default()
        };
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| csv_error(path, e))?;
            let line = record.position().map(|p| p.line()).unwrap_or(i as u64 + 2);
            let file = record.get(file_col).unwrap_or("").trim();
            let outlet = record.get(outlet_col).unwrap_or("").trim();
            if file.is_empty() || outlet.is_empty() {
                return Err(Error::input(
                    Location::record(path, Some(line), i as u64 + 1),
                    "empty `file` or `outlet` cell",
                ));
            }
            let stem = Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned());
            map.by_key.insert(file.to_string(), outlet.to_string());
            if let Some(stem) = stem {
                map.by_key.entry(stem).or_insert_with(|| outlet.to_string());
            }
            map.rows.push((file.to_string(), line));
        }
        Ok(map)
    }

    /// The outlet for an article read from `file_name` (may be empty) with id `id`.
    pub fn lookup(&self, file_name: &str, id: &str) -> Option<&str> {
        self.by_key
            .get(file_name)
            .or_else(|| self.by_key.get(id))
            .map(String::as_str)
    }

    /// The map file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rows of the map (file name, line) that matched none of the given file names or ids.
    pub fn unused_rows(&self, seen: &std::collections::BTreeSet<String>) -> Vec<(&str, u64)> {
        self.rows
            .iter()
            .filter(|(file, _)| {
                let stem = Path::new(file)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                !seen.contains(file) && !stem.is_some_and(|s| seen.contains(&s))
            })
            .map(|(file, line)| (file.as_str(), *line))
            .collect()
    }

    /// [`OutletMap::unused_rows`] as warnings naming the map's file and line.
    pub fn unused(&self, seen: &std::collections::BTreeSet<String>) -> Vec<String> {
        self.unused_rows(seen)
            .into_iter()
            .map(|(file, line)| {
                format!(
                    "{}:{line}: outlet map names `{file}`, which is not among the inputs",
                    self.path.display()
                )
            })
            .collect()
    }
}

fn join(headers: &csv::StringRecord) -> String {
    headers.iter().collect::<Vec<_>>().join(", ")
}

/// Turns a csv error into an input error that names the file and line.
pub(crate) fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line());
    let record = e.position().map(|p| p.record());
    let message = match e.kind() {
        csv::ErrorKind::Io(_) => {
            if let csv::ErrorKind::Io(io) = e.into_kind() {
                return Error::io(path, io);
            }
            unreachable!()
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields, but the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    let location = Location {
        path: path.to_path_buf(),
        line,
        record: record.filter(|&r| r > 0),
    };
    Error::input(location, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_up_by_file_name_or_stem_and_reports_unused_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outlets.csv");
        std::fs::write(&path, "file,outlet,evidence\na.txt,Alpha,x\nb.txt,Beta,y\n").unwrap();
        let map = OutletMap::from_path(&path).unwrap();
        assert_eq!(map.lookup("a.txt", "a"), Some("Alpha"));
        assert_eq!(map.lookup("", "b"), Some("Beta"));
        assert_eq!(map.lookup("c.txt", "c"), None);
        let seen = ["a.txt".to_string()].into_iter().collect();
        let unused = map.unused(&seen);
        assert_eq!(unused.len(), 1);
        assert!(
            unused[0].contains("b.txt") && unused[0].contains(":3:"),
            "{unused:?}"
        );
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

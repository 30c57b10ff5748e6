//! The outlet map: a CSV with `file,outlet` (more columns are ignored) that names the outlet of
//! each article file, for scraped `.txt` folders whose text does not carry it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::csv_table::{CsvTable, TableRow};
use crate::corpus::input::Input;
use crate::corpus::limits::MAX_OUTLET_MAP_BYTES;
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
        // Read whole within its limit (a device or an endless pipe fails at the limit).
        let bytes = Input::open_text(path)
            .and_then(|input| input.read_all(MAX_OUTLET_MAP_BYTES))
            .map_err(|e| e.into_error(path, "an outlet map (CSV text)"))?;
        let mut reader = CsvTable::from_bytes(path, bytes)?;
        let headers = reader.names().to_vec();
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
        let mut record = TableRow::default();
        while reader.read(&mut record)? {
            let (line, i) = (record.line(), record.record() - 1);
            let file = record.get(file_col).unwrap_or("").trim();
            let outlet = record.get(outlet_col).unwrap_or("").trim();
            if file.is_empty() || outlet.is_empty() {
                return Err(Error::input(
                    Location::record(path, Some(line), i + 1),
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

fn join(headers: &[String]) -> String {
    headers.join(", ")
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

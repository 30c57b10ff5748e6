//! CSV tables read row by row as text: training and evaluation data, outlet maps, fold files,
//! scored sentence and article tables. One parser for all ([`super::csv_records`], as the article
//! reader), so every table gets the same answers: the physical line of each record (right after
//! `\r\n` line ends and blank lines), a quote left open flagged on its record (no second read of
//! the file, which a pipe would not allow), records bounded in length, and the first block
//! checked for binary data and other encodings before anything is parsed.

use std::io::Read;
use std::ops::Index;
use std::path::{Path, PathBuf};

use super::csv_header::column_name;
use super::csv_records::{CsvError, CsvRecord, CsvRecords};
use super::input::Input;
use crate::error::{Error, Location, Result};

/// What a table file is, in messages about binary data.
const WHAT: &str = "CSV text";

/// A CSV file with a header row, read one data row at a time.
pub struct CsvTable {
    path: PathBuf,
    records: CsvRecords<Box<dyn Read + Send>>,
    names: Vec<String>,
    raw: CsvRecord,
}

/// One data row, its fields valid UTF-8.
#[derive(Debug, Default, Clone)]
pub struct TableRow {
    text: String,
    ends: Vec<usize>,
    line: u64,
    record: u64,
}

impl TableRow {
    /// Field `i`, if the row has it.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The physical line of the row's first byte (1-based).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The row's 1-based index among the data rows.
    pub fn record(&self) -> u64 {
        self.record
    }

    /// Where the row is, as errors name it: `file:line (record n)`.
    pub fn location(&self, path: &Path) -> Location {
        Location::record(path, Some(self.line), self.record)
    }
}

impl Index<usize> for TableRow {
    type Output = str;

    /// Field `i`; panics past the row's end (every row has the header's length).
    fn index(&self, i: usize) -> &str {
        self.get(i).expect("a field within the header's length")
    }
}

impl CsvTable {
    /// Opens `path` and reads its header (an empty file has no columns).
    pub fn open(path: &Path) -> Result<CsvTable> {
        let input = Input::open_text(path).map_err(|e| e.into_error(path, WHAT))?;
        CsvTable::from_reader(path, Box::new(input.into_stream()))
    }

    /// A table over bytes already read from `path` (which names it in messages).
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<CsvTable> {
        CsvTable::from_reader(path, Box::new(std::io::Cursor::new(bytes)))
    }

    fn from_reader(path: &Path, source: Box<dyn Read + Send>) -> Result<CsvTable> {
        let mut records = CsvRecords::with_capacity(source, 64 << 10);
        let mut raw = CsvRecord::default();
        let has_header = records
            .read(&mut raw)
            .map_err(|e| table_error(path, e, &raw))?;
        if raw.unclosed() {
            return Err(unclosed(path, &raw));
        }
        let mut names = Vec::new();
        if has_header {
            for (i, name) in raw.iter().enumerate() {
                let name = std::str::from_utf8(name).map_err(|_| {
                    Error::input(
                        Location::line(path, raw.position().line),
                        format!("invalid UTF-8 in the name of column {}", i + 1),
                    )
                })?;
                names.push(column_name(name).to_string());
            }
        }
        Ok(CsvTable {
            path: path.to_path_buf(),
            records,
            names,
            raw,
        })
    }

    /// The column names, without a byte-order mark or surrounding spaces.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Reads the next data row into `row`; false at the end of the file.
    pub fn read(&mut self, row: &mut TableRow) -> Result<bool> {
        let path = &self.path;
        let raw = &mut self.raw;
        if !self
            .records
            .read(raw)
            .map_err(|e| table_error(path, e, raw))?
        {
            return Ok(false);
        }
        if raw.unclosed() {
            return Err(unclosed(path, raw));
        }
        let position = raw.position();
        row.line = position.line;
        row.record = position.record;
        row.text.clear();
        row.ends.clear();
        for (i, field) in raw.iter().enumerate() {
            let field = std::str::from_utf8(field).map_err(|_| {
                Error::input(
                    row.location(path),
                    format!("invalid UTF-8 in field {}", i + 1),
                )
            })?;
            row.text.push_str(field);
            row.ends.push(row.text.len());
        }
        Ok(true)
    }
}

/// A read error as an input error at the record's line (a quote left open is named as such:
/// its swallowed rows made it ragged).
fn table_error(path: &Path, e: CsvError, raw: &CsvRecord) -> Error {
    match e {
        CsvError::Io(e) => Error::io(path, e),
        CsvError::UnequalLengths { .. } if raw.unclosed() => unclosed(path, raw),
        CsvError::UnequalLengths { position, .. } | CsvError::TooLong { position, .. } => {
            Error::input(
                Location {
                    path: path.to_path_buf(),
                    line: Some(position.line),
                    record: Some(position.record).filter(|&r| r > 0),
                },
                e.to_string(),
            )
        }
    }
}

/// A quoted field that runs to the end of the file, at the record that opens it.
fn unclosed(path: &Path, raw: &CsvRecord) -> Error {
    let position = raw.position();
    Error::input(
        Location {
            path: path.to_path_buf(),
            line: Some(position.line),
            record: Some(position.record).filter(|&r| r > 0),
        },
        "unclosed quote: a quoted field runs to the end of the file",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(content: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, content).unwrap();
        (dir, path)
    }

    fn first_error(content: &[u8]) -> String {
        let (_dir, path) = table(content);
        let mut t = match CsvTable::open(&path) {
            Ok(t) => t,
            Err(e) => return e.to_string(),
        };
        let mut row = TableRow::default();
        loop {
            match t.read(&mut row) {
                Ok(true) => {}
                Ok(false) => panic!("no error in {:?}", String::from_utf8_lossy(content)),
                Err(e) => return e.to_string(),
            }
        }
    }

    #[test]
    fn rows_carry_fields_and_physical_lines() {
        let (_dir, path) = table(b"\xEF\xBB\xBFid , text\r\n1,\"two\r\nlines\"\r\n\r\n2,b\r\n");
        let mut t = CsvTable::open(&path).unwrap();
        assert_eq!(t.names(), ["id", "text"]);
        let mut row = TableRow::default();
        assert!(t.read(&mut row).unwrap());
        assert_eq!(
            (&row[0], &row[1], row.line(), row.record()),
            ("1", "two\r\nlines", 2, 1)
        );
        assert!(t.read(&mut row).unwrap());
        assert_eq!((row.get(1), row.line(), row.record()), (Some("b"), 5, 2));
        assert!(!t.read(&mut row).unwrap());
    }

    #[test]
    fn errors_name_the_physical_line() {
        for (content, expect) in [
            (
                &b"a,b\r\n1,\"x\r\ny\"\r\n2,3,4\r\n"[..],
                "t.csv:4 (record 2): row has 3 fields",
            ),
            (
                b"a,b\r\n1,2\r\n2,\"open\r\n3,4\r\n",
                "t.csv:3 (record 2): unclosed quote",
            ),
            (
                b"a,b\r\n1,2\r\n2,bad \xff\r\n",
                "t.csv:3 (record 2): invalid UTF-8 in field 2",
            ),
            (b"a,b\n1,\x00\n", "t.csv:2: NUL byte"),
        ] {
            let error = first_error(content);
            assert!(error.contains(expect), "{error}");
        }
    }
}

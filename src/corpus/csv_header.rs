//! Opening a CSV file and reading its column names the same way everywhere: a byte-order mark
//! and surrounding spaces are not part of a name (spreadsheets add both).

use std::path::Path;

use super::csv_table::CsvTable;
use crate::error::Result;

/// A header name as written, without a byte-order mark or surrounding white space.
pub(crate) fn column_name(raw: &str) -> &str {
    raw.trim_start_matches('\u{feff}').trim()
}

/// A strict (equal-length rows) reader over `path` and its cleaned column names.
pub(crate) fn open_with_header(path: &Path) -> Result<(CsvTable, Vec<String>)> {
    let table = CsvTable::open(path)?;
    let names = table.names().to_vec();
    Ok((table, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_a_byte_order_mark_and_spaces() {
        assert_eq!(column_name("\u{feff}text "), "text");
        assert_eq!(column_name(" stance"), "stance");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "\u{feff}id, fold\n1,0\n").unwrap();
        let (_, names) = open_with_header(&path).unwrap();
        assert_eq!(names, ["id", "fold"]);
    }
}

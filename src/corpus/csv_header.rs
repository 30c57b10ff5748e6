//! Opening a CSV file and reading its column names the same way everywhere: a byte-order mark
//! and surrounding spaces are not part of a name (spreadsheets add both). Two columns with one
//! name are found here too: a reader would silently take the first of them.

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

/// Header names that occur more than once, with the 0-based positions of every occurrence, in
/// the order of their first occurrence. `ignore_case`: for readers that match names so.
pub fn repeated_names<S: AsRef<str>>(names: &[S], ignore_case: bool) -> Vec<(String, Vec<usize>)> {
    let same = |a: &str, b: &str| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let name = column_name(name.as_ref());
        if name.is_empty() || out.iter().any(|(n, _)| same(n, name)) {
            continue;
        }
        let at: Vec<usize> = (i..names.len())
            .filter(|&j| same(column_name(names[j].as_ref()), name))
            .collect();
        if at.len() > 1 {
            out.push((name.to_string(), at));
        }
    }
    out
}

/// The warning (or, under `--strict`, the error message) for a repeated header name: which
/// columns carry it and which one the reader uses (the first).
pub fn repeated_name_message(name: &str, at: &[usize]) -> String {
    let columns: Vec<String> = at.iter().map(|i| (i + 1).to_string()).collect();
    format!(
        "column name `{name}` appears {} times (columns {}): column {} is read, the others are ignored; rename them",
        at.len(),
        columns.join(", "),
        at[0] + 1
    )
}

/// Checks a header for repeated names: each is a warning at line 1 of `path`, pushed to
/// `warnings`, or under `strict` an error.
pub fn check_repeated_names<S: AsRef<str>>(
    path: &Path,
    names: &[S],
    ignore_case: bool,
    strict: bool,
    warnings: &mut crate::warnings::Warnings,
) -> Result<()> {
    for (name, at) in repeated_names(names, ignore_case) {
        let message = repeated_name_message(&name, &at);
        if strict {
            return Err(crate::error::Error::input(
                crate::error::Location::line(path, 1),
                format!("{message} (--strict)"),
            ));
        }
        warnings.push(REPEATED_COLUMN, format!("{}:1: {message}", path.display()));
    }
    Ok(())
}

/// Warning kind of a repeated header name.
pub const REPEATED_COLUMN: &str = "repeated column name";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_are_found_with_or_without_case() {
        let names = ["id", "text", "Text", " text", "outlet", "id"];
        assert_eq!(
            repeated_names(&names, false),
            [
                ("id".to_string(), vec![0, 5]),
                ("text".to_string(), vec![1, 3])
            ]
        );
        assert_eq!(
            repeated_names(&names, true),
            [
                ("id".to_string(), vec![0, 5]),
                ("text".to_string(), vec![1, 2, 3])
            ]
        );
        assert!(repeated_names(&["a", "", ""], false).is_empty());
        assert!(repeated_name_message("text", &[1, 3]).contains("columns 2, 4): column 2 is read"));
    }

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

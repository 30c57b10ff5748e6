//! Fold files: a CSV with columns `id` and `fold` (and usually `row`, which is not used) that
//! assigns rows of a data set to folds, so runs can be compared fold for fold with other
//! systems. Joined on the data's id column.

use crate::corpus::csv_header::open_with_header;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::error::EvalError;
use crate::error::{Location, Result};

/// `id -> fold`, with the line each id came from.
#[derive(Debug, Default)]
pub struct FoldsFile {
    folds: FxHashMap<String, (u32, u64)>,
}

impl FoldsFile {
    pub fn read(path: &Path) -> Result<FoldsFile> {
        FoldsFile::read_checked(path, false, &mut Default::default())
    }

    /// As [`FoldsFile::read`]; repeated column names are warnings (errors under `strict`).
    pub fn read_checked(
        path: &Path,
        strict: bool,
        warnings: &mut crate::warnings::Warnings,
    ) -> Result<FoldsFile> {
        let (mut reader, names) = open_with_header(path)?;
        crate::corpus::csv_header::check_repeated_names(path, &names, false, strict, warnings)?;
        let column = |name: &str| {
            names
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| EvalError::MissingColumn {
                    location: Location::line(path, 1),
                    what: "folds-file",
                    column: name.to_string(),
                    found: names.join(", "),
                })
        };
        let id_col = column("id")?;
        let fold_col = column("fold")?;
        let mut folds = FxHashMap::default();
        let mut record = crate::corpus::csv_table::TableRow::default();
        while reader.read(&mut record)? {
            let line = record.line();
            let bad = |message: String| EvalError::BadInput {
                location: Location::line(path, line),
                message,
            };
            let id = record.get(id_col).map(str::trim).unwrap_or("");
            if id.is_empty() {
                return Err(bad("empty id".into()).into());
            }
            let fold_text = record.get(fold_col).map(str::trim).unwrap_or("");
            let fold: u32 = fold_text.parse().map_err(|_| {
                bad(format!(
                    "fold `{fold_text}` is not a whole number >= 0 (id `{id}`)"
                ))
            })?;
            if let Some((_, first)) = folds.insert(id.to_string(), (fold, line)) {
                return Err(bad(format!("id `{id}` repeats line {first}")).into());
            }
        }
        if folds.is_empty() {
            return Err(EvalError::BadInput {
                location: Location::file(path),
                message: "no rows: expected a header `row,id,fold` and one row per data row".into(),
            }
            .into());
        }
        Ok(FoldsFile { folds })
    }

    /// The fold of `id`, if the file assigns it.
    pub fn fold(&self, id: &str) -> Option<u32> {
        self.folds.get(id).map(|&(fold, _)| fold)
    }

    pub fn len(&self) -> usize {
        self.folds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folds.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit;

    fn read(content: &str) -> Result<FoldsFile> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folds.csv");
        std::fs::write(&path, content).unwrap();
        FoldsFile::read(&path)
    }

    #[test]
    fn reads_ids_and_folds() {
        let f = read("row,id,fold\n0,a,1\n1,b,0\n").unwrap();
        assert_eq!(
            (f.fold("a"), f.fold("b"), f.fold("c")),
            (Some(1), Some(0), None)
        );
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn bad_files_name_the_line() {
        let err = read("row,id,fold\n0,a,1\n1,a,0\n").unwrap_err();
        assert!(
            err.to_string()
                .ends_with("folds.csv:3: id `a` repeats line 2"),
            "{err}"
        );
        assert_eq!(err.exit_code(), exit::INPUT);
        let err = read("row,id,fold\n0,a,x\n").unwrap_err().to_string();
        assert!(
            err.contains("folds.csv:2") && err.contains("fold `x`"),
            "{err}"
        );
        let err = read("row,ident,fold\n0,a,1\n").unwrap_err().to_string();
        assert!(err.contains("folds.csv:1") && err.contains("`id`"), "{err}");
        let err = read("row,id,fold\n0,,1\n").unwrap_err().to_string();
        assert!(err.contains("folds.csv:2: empty id"), "{err}");
        assert!(read("row,id,fold\n").is_err());
    }
}

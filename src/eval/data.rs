//! The rows under evaluation: labeled sentences read without merging duplicates (so row counts
//! match the files and fold files), their class indices and the train/test splits of the chosen
//! fold scheme.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::EvalError;
use super::folds::{self, Split};
use super::folds_file::FoldsFile;
use crate::corpus::csv_header::open_with_header;
use crate::corpus::labeled::read_labeled_rows;
use crate::corpus::{LabeledColumns, LabeledRow};
use crate::error::{Location, Result};

/// How rows are split into training and test folds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scheme {
    /// Stratified K-fold over the labels.
    Stratified { folds: usize, seed: u64 },
    /// K-fold keeping rows with the same value of `column` in one fold.
    Grouped {
        column: String,
        folds: usize,
        seed: u64,
    },
    /// One fold per distinct value of `column`.
    LeaveOneOut { column: String },
    /// Folds read from a file (`id,fold`), joined on the id column.
    FoldsFile { path: PathBuf },
    /// Train on all the data, test on another file.
    HeldOut { path: PathBuf },
}

impl Scheme {
    /// Checks what can be checked before reading any data.
    pub fn check(&self) -> Result<(), EvalError> {
        match self {
            Scheme::Stratified { folds, .. } | Scheme::Grouped { folds, .. } if *folds < 2 => {
                Err(EvalError::TooFewFolds(*folds))
            }
            _ => Ok(()),
        }
    }

    /// The column whose value groups rows, if any.
    fn group_column(&self) -> Option<&str> {
        match self {
            Scheme::Grouped { column, .. } | Scheme::LeaveOneOut { column } => Some(column),
            _ => None,
        }
    }

    /// One line for the summary.
    pub fn describe(&self) -> String {
        match self {
            Scheme::Stratified { folds, seed } => {
                format!("{folds}-fold stratified cross-validation (seed {seed})")
            }
            Scheme::Grouped {
                column,
                folds,
                seed,
            } => format!("{folds}-fold cross-validation grouped by `{column}` (seed {seed})"),
            Scheme::LeaveOneOut { column } => format!("leave-one-`{column}`-out cross-validation"),
            Scheme::FoldsFile { path } => {
                format!("cross-validation on the folds of {}", path.display())
            }
            Scheme::HeldOut { path } => format!("held-out test on {}", path.display()),
        }
    }
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvalInput {
    pub data: Vec<PathBuf>,
    pub label: String,
    pub text_column: String,
    pub id_column: String,
    /// Whether the user named the id column (then it must exist in every data file).
    pub id_column_given: bool,
    /// Warnings about the data (labels folded, files named twice, repeated columns) are errors.
    pub strict: bool,
    pub scheme: Scheme,
}

/// One evaluated row.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRow {
    pub text: String,
    /// Index into [`EvalData::classes`].
    pub gold: usize,
    pub id: Option<String>,
    /// 0-based data row of its file(s) (of the test file for a held-out test).
    pub row: usize,
    /// `file:line`.
    pub origin: String,
}

/// Rows not evaluated for one reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeftOut {
    pub reason: String,
    pub rows: usize,
    /// `file:line` of the first such row.
    pub first: String,
}

/// Where the rows came from and how many were used.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataCounts {
    pub files: Vec<String>,
    pub test_file: Option<String>,
    /// Data rows in the files (and the test file).
    pub rows_read: usize,
    /// Rows the reader could not use (empty text or label), see the warnings.
    pub rows_skipped: usize,
    /// Readable rows the fold scheme leaves out (not in the folds file, no group value).
    pub rows_left_out: usize,
    /// Rows with a fold: the training pool of the folds (the test rows too for a held-out test).
    pub rows_used: usize,
    /// Rows predicted out of fold.
    pub rows_evaluated: usize,
    /// Texts that occur more than once among the used rows (copies may fall in different folds).
    pub duplicate_texts: usize,
    /// Rows with an empty group cell under grouped K-fold: each is a group of its own.
    pub rows_without_group: usize,
    /// Ids of the folds file that match no usable data row.
    pub folds_file_ids_unmatched: usize,
    pub left_out: Vec<LeftOut>,
}

#[derive(Debug, Clone)]
pub struct EvalData {
    pub label: String,
    /// Sorted class names over all used rows.
    pub classes: Vec<String>,
    pub rows: Vec<EvalRow>,
    pub splits: Vec<Split>,
    pub counts: DataCounts,
    /// Reader messages (`file:line: reason`) for skipped rows.
    pub skipped: Vec<String>,
    /// Files named twice, repeated columns, labels folded across case or spacing.
    pub warnings: crate::warnings::Warnings,
}

/// Reads the data and builds the splits of `input.scheme`.
pub fn load(input: &EvalInput) -> Result<EvalData> {
    input.scheme.check()?;
    let mut columns = LabeledColumns {
        text: input.text_column.clone(),
        id: input.id_column.clone(),
        ..LabeledColumns::new(vec![input.label.clone()])
    };
    if let Some(column) = input.scheme.group_column() {
        let what = match input.scheme {
            Scheme::LeaveOneOut { .. } => "group (--leave-one-out)",
            _ => "group (--group)",
        };
        for path in &input.data {
            require_column(path, column, what)?;
        }
        // The reader keeps this column per row; it holds the group value.
        columns.article_id = column.to_string();
    }
    if input.id_column_given {
        for path in &input.data {
            require_column(path, &input.id_column, "id (--id-column)")?;
        }
    }
    if let Scheme::HeldOut { path } = &input.scheme {
        if let Some(same) = input.data.iter().find(|d| {
            crate::corpus::repeats::file_id(d)
                .is_some_and(|id| crate::corpus::repeats::file_id(path) == Some(id))
        }) {
            return Err(crate::error::Error::Usage(format!(
                "--test {} is the same file as --data {}: a model would be tested on its own training rows",
                path.display(),
                same.display()
            )));
        }
    }
    let mut warnings = crate::warnings::Warnings::default();
    let folds_file = match &input.scheme {
        Scheme::FoldsFile { path } => {
            for data in &input.data {
                require_column(data, &input.id_column, "id (for --folds-file)")?;
            }
            let file = FoldsFile::read_checked(path, input.strict, &mut warnings)?;
            Some((path, file))
        }
        _ => None,
    };
    let mut set = read_labeled_rows(&input.data, &columns, input.strict)?;
    warnings.extend(std::mem::take(&mut set.report.warnings));
    let test_set = match &input.scheme {
        Scheme::HeldOut { path } => {
            let mut test = read_labeled_rows(std::slice::from_ref(path), &columns, input.strict)?;
            warnings.extend(std::mem::take(&mut test.report.warnings));
            fold_across(&mut set, &mut test, input.strict, &mut warnings)?;
            Some((path, test))
        }
        _ => None,
    };
    let mut counts = DataCounts {
        files: input.data.iter().map(|p| p.display().to_string()).collect(),
        rows_read: set.report.rows_read,
        rows_skipped: set.report.skipped.len(),
        ..DataCounts::default()
    };
    let mut skipped = set.report.skipped.clone();
    if let Some((path, test)) = &test_set {
        counts.test_file = Some(path.display().to_string());
        counts.rows_read += test.report.rows_read;
        counts.rows_skipped += test.report.skipped.len();
        skipped.extend(test.report.skipped.iter().cloned());
    }
    let test_set = test_set.map(|(_, test)| test);
    let mut left_out = LeftOutTally::default();

    // Which rows take part, each with its fold key (group value or folds-file fold).
    let mut kept: Vec<(&LabeledRow, Option<String>)> = Vec::new();
    for row in &set.rows {
        let key = match (&input.scheme, &folds_file) {
            (_, Some((path, file))) => match row.id.as_deref() {
                None => {
                    left_out.add(&format!("empty `{}` cell", input.id_column), row);
                    continue;
                }
                Some(id) => match file.fold(id) {
                    Some(fold) => Some(fold.to_string()),
                    None => {
                        left_out.add(&format!("id not in {}", path.display()), row);
                        continue;
                    }
                },
            },
            (scheme, None) => match scheme.group_column() {
                Some(column) => match row.article_id.as_deref() {
                    Some(group) => Some(group.to_string()),
                    // Grouped K-fold: a row without a group value is a group of its own (no
                    // data value starts with NUL). Leave-one-out cannot name its fold.
                    None if matches!(scheme, Scheme::Grouped { .. }) => {
                        counts.rows_without_group += 1;
                        Some(format!("\0row{}", row.row))
                    }
                    None => {
                        left_out.add(&format!("empty `{column}` cell"), row);
                        continue;
                    }
                },
                None => None,
            },
        };
        kept.push((row, key));
    }
    if let Some((_, file)) = &folds_file {
        check_unique_ids(&kept, &input.id_column)?;
        // Ids are unique on both sides, so every kept row matched one id of the file.
        counts.folds_file_ids_unmatched = file.len().saturating_sub(kept.len());
    }

    let test_rows: Vec<&LabeledRow> = test_set.iter().flat_map(|s| &s.rows).collect();
    if kept.is_empty() {
        return Err(EvalError::NothingToEvaluate(
            left_out.describe_or("the data has no labeled rows"),
        )
        .into());
    }

    let label_of = |row: &LabeledRow| row.labels[0].clone().unwrap_or_default();
    let classes: Vec<String> = kept
        .iter()
        .map(|(row, _)| label_of(row))
        .chain(test_rows.iter().map(|row| label_of(row)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let class_index: BTreeMap<&str, usize> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let to_eval = |row: &LabeledRow| EvalRow {
        text: row.text.clone(),
        gold: class_index[label_of(row).as_str()],
        id: row.id.clone(),
        row: row.row,
        origin: row.origin.clone(),
    };
    let mut rows: Vec<EvalRow> = kept.iter().map(|(row, _)| to_eval(row)).collect();
    let keys: Vec<&str> = kept
        .iter()
        .map(|(_, k)| k.as_deref().unwrap_or(""))
        .collect();

    let splits = match &input.scheme {
        Scheme::Stratified { folds, seed } => {
            let targets: Vec<usize> = rows.iter().map(|r| r.gold).collect();
            let assignment = folds::stratified(&targets, *folds, *seed)?;
            folds::splits(&assignment, &folds::numbered(*folds))
        }
        Scheme::Grouped { folds, seed, .. } => {
            let assignment = folds::grouped(&keys, *folds, *seed)?;
            folds::splits(&assignment, &folds::numbered(*folds))
        }
        Scheme::LeaveOneOut { column } => {
            let (assignment, names) = folds::leave_one_out(&keys, column)?;
            folds::splits(&assignment, &names)
        }
        Scheme::FoldsFile { path } => splits_of_numbered_folds(&keys, path)?,
        Scheme::HeldOut { path } => {
            if test_rows.is_empty() {
                return Err(EvalError::NothingToEvaluate(format!(
                    "{} has no labeled rows",
                    path.display()
                ))
                .into());
            }
            let n_train = rows.len();
            rows.extend(test_rows.iter().map(|row| to_eval(row)));
            vec![Split {
                name: "test".into(),
                train: (0..n_train).collect(),
                test: (n_train..rows.len()).collect(),
            }]
        }
    };

    counts.rows_used = rows.len();
    counts.rows_evaluated = splits.iter().map(|s| s.test.len()).sum();
    counts.duplicate_texts = duplicate_texts(&rows);
    counts.left_out = left_out.into_list();
    counts.rows_left_out = counts.left_out.iter().map(|l| l.rows).sum();
    Ok(EvalData {
        label: input.label.clone(),
        classes,
        rows,
        splits,
        counts,
        skipped,
        warnings,
    })
}

/// Labels of the training and the test file that differ only in case or spacing are one class
/// (as within one file, see [`crate::corpus::labeled::fold_plan`]).
fn fold_across(
    train: &mut crate::corpus::LabeledSet,
    test: &mut crate::corpus::LabeledSet,
    strict: bool,
    warnings: &mut crate::warnings::Warnings,
) -> Result<()> {
    use crate::corpus::labeled::{fold_plan, Spelling};
    let mut spellings: Vec<Spelling> = Vec::new();
    for row in train.rows.iter().chain(&test.rows) {
        let Some(label) = &row.labels[0] else {
            continue;
        };
        match spellings.iter_mut().find(|s| s.label == *label) {
            Some(s) => s.count += 1,
            None => spellings.push(Spelling {
                label: label.clone(),
                count: 1,
                first: row.origin.clone(),
            }),
        }
    }
    let plan: BTreeMap<String, String> =
        fold_plan(&train.label_columns[0], &spellings, strict, warnings)?
            .into_iter()
            .collect();
    for row in train.rows.iter_mut().chain(test.rows.iter_mut()) {
        if let Some(to) = row.labels[0].as_ref().and_then(|l| plan.get(l)) {
            row.labels[0] = Some(to.clone());
        }
    }
    Ok(())
}

/// Folds-file folds, named by their numbers; at least two are needed.
fn splits_of_numbered_folds(keys: &[&str], path: &Path) -> Result<Vec<Split>> {
    let numbers: BTreeSet<u32> = keys.iter().filter_map(|k| k.parse().ok()).collect();
    if numbers.len() < 2 {
        return Err(EvalError::NothingToEvaluate(format!(
            "{} puts the data's rows in {} fold(s); at least 2 are needed",
            path.display(),
            numbers.len()
        ))
        .into());
    }
    let names: Vec<String> = numbers.iter().map(u32::to_string).collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let assignment: Vec<usize> = keys.iter().map(|k| index[k]).collect();
    Ok(folds::splits(&assignment, &names))
}

/// The join on ids is ambiguous if two data rows share one.
fn check_unique_ids(kept: &[(&LabeledRow, Option<String>)], column: &str) -> Result<(), EvalError> {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (row, _) in kept {
        if let Some(id) = row.id.as_deref() {
            if let Some(first) = seen.insert(id, &row.origin) {
                return Err(EvalError::at_origin(
                    &row.origin,
                    format!("`{column}` value `{id}` repeats {first}: ids must be unique to join a folds file"),
                ));
            }
        }
    }
    Ok(())
}

fn duplicate_texts(rows: &[EvalRow]) -> usize {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *counts.entry(&row.text).or_default() += 1;
    }
    counts.values().filter(|&&n| n > 1).count()
}

/// Fails with `file:1` unless `path`'s header has `column`.
fn require_column(path: &Path, column: &str, what: &'static str) -> Result<()> {
    let (_, names) = open_with_header(path)?;
    if names.iter().any(|n| n == column) {
        return Ok(());
    }
    Err(EvalError::MissingColumn {
        location: Location::line(path, 1),
        what,
        column: column.to_string(),
        found: names.join(", "),
    }
    .into())
}

/// Left-out rows counted by reason, in the order reasons first occur.
#[derive(Default)]
struct LeftOutTally {
    reasons: Vec<LeftOut>,
}

impl LeftOutTally {
    fn add(&mut self, reason: &str, row: &LabeledRow) {
        match self.reasons.iter_mut().find(|l| l.reason == reason) {
            Some(l) => l.rows += 1,
            None => self.reasons.push(LeftOut {
                reason: reason.to_string(),
                rows: 1,
                first: row.origin.clone(),
            }),
        }
    }

    fn describe_or(&self, otherwise: &str) -> String {
        if self.reasons.is_empty() {
            return otherwise.to_string();
        }
        let parts: Vec<String> = self
            .reasons
            .iter()
            .map(|l| {
                format!(
                    "{} row(s) left out: {} (first at {})",
                    l.rows, l.reason, l.first
                )
            })
            .collect();
        parts.join("; ")
    }

    fn into_list(self) -> Vec<LeftOut> {
        self.reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    fn input(data: PathBuf, scheme: Scheme) -> EvalInput {
        EvalInput {
            data: vec![data],
            label: "stance".into(),
            text_column: "text".into(),
            id_column: "id".into(),
            id_column_given: false,
            strict: false,
            scheme,
        }
    }

    const DATA: &str = "id,text,stance,article_id\n\
a,One.,favor,x\nb,Two.,against,x\nc,Three.,favor,\nd,Four.,against,y\ne,Five.,odd,y\n";

    #[test]
    fn a_folds_file_joins_on_ids_and_counts_what_it_leaves_out() {
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), "d.csv", DATA);
        // `e` (the only `odd` row) is absent, `zz` matches nothing.
        let folds = write(
            dir.path(),
            "f.csv",
            "row,id,fold\n0,a,0\n1,b,1\n2,c,0\n3,d,1\n9,zz,0\n",
        );
        let d = load(&input(data, Scheme::FoldsFile { path: folds })).unwrap();
        assert_eq!(
            d.classes,
            ["against", "favor"],
            "classes of the used rows only"
        );
        let ids: Vec<_> = d.rows.iter().map(|r| r.id.as_deref().unwrap()).collect();
        assert_eq!(ids, ["a", "b", "c", "d"]);
        assert_eq!(d.splits.len(), 2);
        assert_eq!(
            (d.splits[0].test.clone(), d.splits[0].train.clone()),
            (vec![0, 2], vec![1, 3])
        );
        assert_eq!(
            (
                d.counts.rows_left_out,
                d.counts.rows_evaluated,
                d.counts.folds_file_ids_unmatched
            ),
            (1, 4, 1)
        );
        assert!(
            d.counts.left_out[0].first.ends_with("d.csv:6"),
            "{:?}",
            d.counts.left_out
        );
    }

    #[test]
    fn duplicate_ids_cannot_join_a_folds_file() {
        let dir = tempfile::tempdir().unwrap();
        let data = write(
            dir.path(),
            "d.csv",
            "id,text,stance\na,One.,favor\na,Two.,against\n",
        );
        let folds = write(dir.path(), "f.csv", "row,id,fold\n0,a,0\n");
        let err = load(&input(data, Scheme::FoldsFile { path: folds })).unwrap_err();
        assert_eq!(err.exit_code(), exit::INPUT);
        assert!(
            err.to_string().contains("d.csv:3: `id` value `a` repeats"),
            "{err}"
        );
    }

    #[test]
    fn empty_group_cells_are_own_groups_or_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), "d.csv", DATA);
        let grouped = Scheme::Grouped {
            column: "article_id".into(),
            folds: 2,
            seed: 1,
        };
        let d = load(&input(data.clone(), grouped)).unwrap();
        assert_eq!((d.rows.len(), d.counts.rows_without_group), (5, 1));
        let fold_of = |row: usize| d.splits.iter().position(|s| s.test.contains(&row));
        assert_eq!(fold_of(0), fold_of(1), "article x stays together");
        assert_eq!(fold_of(3), fold_of(4), "article y stays together");
        let loo = Scheme::LeaveOneOut {
            column: "article_id".into(),
        };
        let d = load(&input(data, loo)).unwrap();
        assert_eq!(d.rows.len(), 4);
        assert_eq!(d.counts.rows_left_out, 1);
        let names: Vec<_> = d.splits.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["x", "y"]);
    }

    #[test]
    fn a_held_out_file_is_tested_with_the_classes_of_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), "d.csv", DATA);
        let test = write(
            dir.path(),
            "t.csv",
            "text,stance\nSix.,neutral\nSeven.,favor\n",
        );
        let d = load(&input(data, Scheme::HeldOut { path: test })).unwrap();
        assert_eq!(d.classes, ["against", "favor", "neutral", "odd"]);
        assert_eq!(d.splits.len(), 1);
        assert_eq!(d.splits[0].train, [0, 1, 2, 3, 4]);
        assert_eq!(d.splits[0].test, [5, 6]);
        assert_eq!((d.rows[5].row, d.rows[5].gold), (0, 2));
        assert_eq!(d.counts.rows_read, 7);
    }

    #[test]
    fn missing_columns_and_bad_fold_counts_are_refused_before_training() {
        let dir = tempfile::tempdir().unwrap();
        let data = write(dir.path(), "d.csv", DATA);
        let err = load(&input(
            data.clone(),
            Scheme::LeaveOneOut {
                column: "outlet".into(),
            },
        ))
        .unwrap_err();
        assert_eq!(err.exit_code(), exit::INPUT);
        assert!(
            err.to_string()
                .contains("d.csv:1: no group (--leave-one-out) column `outlet`"),
            "{err}"
        );
        let err = load(&input(data, Scheme::Stratified { folds: 6, seed: 1 })).unwrap_err();
        assert_eq!(err.exit_code(), exit::USAGE);
        assert!(err.to_string().contains("more than the 5 rows"), "{err}");
    }
}

//! Labeled sentences for training and evaluation: one or more CSV files with a text column, one
//! or more label columns and optional `outlet` and `article_id` columns.
//!
//! Retraining means training over the old and the new files together, so identical texts are
//! merged. The rule for a text that carries different labels in one label column: the majority
//! label wins; on a tie the text gets no label in that column (it still trains the other columns),
//! and every such conflict is reported with the places it came from.
//!
//! Labels that differ only in case or spacing (`Against`, `against`, ` against`) are one class:
//! they are read as the spelling that occurs most often (trimmed; on a tie the lower-case one,
//! else the first in sort order), with a warning naming each spelling and where it first occurs
//! (an error under `--strict`). A file named twice is read once, with a warning; a label column
//! named twice is a usage error; repeated header names are warned about (errors under `--strict`).

use crate::corpus::csv_header::open_with_header;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};

use crate::corpus::references::{ReferenceColumns, Resolver};
use crate::error::{Error, Location, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct LabeledRow {
    pub text: String,
    /// One entry per label column of the set; `None` where the row has no label there.
    pub labels: Vec<Option<String>>,
    pub outlet: Option<String>,
    pub article_id: Option<String>,
    /// The id column's value (see [`LabeledColumns::id`]) at the row's first occurrence.
    pub id: Option<String>,
    /// 0-based index of the row's first occurrence among all data rows read, counted over the
    /// files in order (skipped rows count too), so it matches a row number in the input.
    pub row: usize,
    /// `file:line` of the row's first occurrence.
    pub origin: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LabeledReport {
    pub files: Vec<String>,
    pub rows_read: usize,
    /// Rows that repeated an earlier text and were merged into it.
    pub duplicates_merged: usize,
    /// One message per (text, label column) whose copies disagreed.
    pub conflicts: Vec<String>,
    /// `origin: reason` for every row not used.
    pub skipped: Vec<String>,
    /// Files named twice, repeated header names, labels folded across case or spacing.
    pub warnings: crate::warnings::Warnings,
    /// Per reference file (see [`crate::corpus::references`]): how many references were resolved
    /// where.
    pub references: Vec<String>,
}

/// Where a labelled file's texts come from.
enum TextSource {
    Column(usize),
    Reference(ReferenceColumns, Box<Resolver>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabeledSet {
    pub label_columns: Vec<String>,
    pub rows: Vec<LabeledRow>,
    pub report: LabeledReport,
}

/// Which columns to read.
#[derive(Debug, Clone)]
pub struct LabeledColumns {
    pub text: String,
    pub labels: Vec<String>,
    pub outlet: String,
    pub article_id: String,
    /// Optional column of row ids (default `id`), kept per row for joining fold files.
    pub id: String,
}

impl LabeledColumns {
    pub fn new(labels: Vec<String>) -> Self {
        LabeledColumns {
            text: "text".into(),
            labels,
            outlet: "outlet".into(),
            article_id: "article_id".into(),
            id: "id".into(),
        }
    }
}

/// Collapses runs of white space so that copies differing only in spacing merge.
fn merge_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Per-row votes while merging: for each label column, label -> (count, first origin).
struct Pending {
    row: LabeledRow,
    votes: Vec<BTreeMap<String, Vec<String>>>,
}

pub fn read_labeled(
    paths: &[PathBuf],
    columns: &LabeledColumns,
    strict: bool,
) -> Result<LabeledSet> {
    read_labeled_with(paths, columns, strict, Merge::Duplicates)
}

/// As [`read_labeled`] but keeps every row as read, duplicates included (no merging, so no
/// conflicts): evaluation counts rows as the files and fold files do.
pub fn read_labeled_rows(
    paths: &[PathBuf],
    columns: &LabeledColumns,
    strict: bool,
) -> Result<LabeledSet> {
    read_labeled_with(paths, columns, strict, Merge::Never)
}

/// Whether identical texts become one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    Duplicates,
    Never,
}

fn read_labeled_with(
    paths: &[PathBuf],
    columns: &LabeledColumns,
    strict: bool,
    merge: Merge,
) -> Result<LabeledSet> {
    check_label_options(&columns.labels)?;
    let mut report = LabeledReport::default();
    let (paths, repeats) = crate::corpus::repeats::drop_repeated_paths(paths);
    for repeat in repeats {
        if strict {
            return Err(Error::Usage(format!("{} (--strict)", repeat.message())));
        }
        report
            .warnings
            .push(crate::corpus::repeats::NAMED_TWICE, repeat.message());
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    for path in &paths {
        read_file(
            path,
            columns,
            strict,
            merge,
            &mut report,
            &mut pending,
            &mut index,
        )?;
    }
    for (col, column) in columns.labels.iter().enumerate() {
        fold_spellings(col, column, &mut pending, strict, &mut report)?;
    }
    let mut rows = Vec::with_capacity(pending.len());
    for mut p in pending {
        for (col, votes) in p.votes.iter().enumerate() {
            p.row.labels[col] = resolve(&p.row, &columns.labels[col], votes, &mut report);
        }
        if p.row.labels.iter().all(Option::is_none) {
            report.skipped.push(format!(
                "{}: no label left after resolving conflicts",
                p.row.origin
            ));
            continue;
        }
        rows.push(p.row);
    }
    if strict && !report.conflicts.is_empty() {
        return Err(Error::Usage(format!("{} (--strict)", report.conflicts[0])));
    }
    Ok(LabeledSet {
        label_columns: columns.labels.clone(),
        rows,
        report,
    })
}

/// A label column named twice would train two heads on the same column: a usage error.
pub fn check_label_options(labels: &[String]) -> Result<()> {
    if labels.is_empty() {
        return Err(Error::Usage(
            "name at least one label column with --label".into(),
        ));
    }
    for (i, label) in labels.iter().enumerate() {
        if labels[..i].contains(label) {
            return Err(Error::Usage(format!(
                "--label {label} is given twice: each label column trains one classifier"
            )));
        }
    }
    Ok(())
}

/// Warning kind of labels folded across case or spacing.
pub const FOLDED_LABELS: &str = "label spelling";

/// What labels that differ only in case or spacing have in common.
fn fold_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One spelling of a label: how often it occurs and where first.
#[derive(Debug, Clone)]
pub struct Spelling {
    pub label: String,
    pub count: usize,
    pub first: String,
}

/// For each group of spellings that differ only in case or spacing, the spelling they are read
/// as and the warning (or strict error) naming them: the most frequent spelling, trimmed; on a tie
/// the lower-case one, else the least in sort order. Groups of one spelling are read as it,
/// trimmed, without a word. Returns `(spelling, read as)` for every spelling that changes.
pub fn fold_plan(
    column: &str,
    spellings: &[Spelling],
    strict: bool,
    warnings: &mut crate::warnings::Warnings,
) -> Result<Vec<(String, String)>> {
    let mut groups: BTreeMap<String, Vec<&Spelling>> = BTreeMap::new();
    for s in spellings {
        groups.entry(fold_key(&s.label)).or_default().push(s);
    }
    let mut plan = Vec::new();
    for group in groups.values() {
        let best = group
            .iter()
            .max_by(|a, b| {
                a.count
                    .cmp(&b.count)
                    .then_with(|| {
                        let lower = |s: &Spelling| s.label.trim() == s.label.trim().to_lowercase();
                        lower(a).cmp(&lower(b))
                    })
                    .then_with(|| b.label.cmp(&a.label))
            })
            .expect("groups are not empty");
        let target = best.label.trim().to_string();
        for s in group {
            if s.label != target {
                plan.push((s.label.clone(), target.clone()));
            }
        }
        if group.len() > 1 {
            // In the order they were first read.
            let sorted = group;
            let listed: Vec<String> = sorted
                .iter()
                .map(|s| format!("`{}` ({} row(s), first at {})", s.label, s.count, s.first))
                .collect();
            let message = format!(
                "`{column}` labels differ only in case or spacing: {}; all read as `{target}`",
                listed.join(", ")
            );
            if strict {
                let odd = sorted
                    .iter()
                    .find(|s| s.label != target)
                    .expect("two spellings, one target");
                return Err(Error::input(
                    crate::eval::error::location_of(&odd.first),
                    format!("{message} (--strict)"),
                ));
            }
            warnings.push(FOLDED_LABELS, message);
        }
    }
    Ok(plan)
}

/// Folds the spellings of label column `col` of the pending rows (see [`fold_plan`]).
fn fold_spellings(
    col: usize,
    column: &str,
    pending: &mut [Pending],
    strict: bool,
    report: &mut LabeledReport,
) -> Result<()> {
    let mut spellings: Vec<Spelling> = Vec::new();
    let mut at: FxHashMap<&str, usize> = FxHashMap::default();
    for p in pending.iter() {
        for (label, places) in &p.votes[col] {
            match at.get(label.as_str()) {
                Some(&i) => spellings[i].count += places.len(),
                None => {
                    at.insert(label, spellings.len());
                    spellings.push(Spelling {
                        label: label.clone(),
                        count: places.len(),
                        first: places[0].clone(),
                    });
                }
            }
        }
    }
    let plan = fold_plan(column, &spellings, strict, &mut report.warnings)?;
    if plan.is_empty() {
        return Ok(());
    }
    let plan: FxHashMap<String, String> = plan.into_iter().collect();
    for p in pending.iter_mut() {
        let votes = std::mem::take(&mut p.votes[col]);
        for (label, places) in votes {
            let label = plan.get(&label).cloned().unwrap_or(label);
            p.votes[col].entry(label).or_default().extend(places);
        }
    }
    Ok(())
}

/// The documented merge rule: majority wins; a tie leaves the text unlabeled in this column.
fn resolve(
    row: &LabeledRow,
    column: &str,
    votes: &BTreeMap<String, Vec<String>>,
    report: &mut LabeledReport,
) -> Option<String> {
    if votes.len() <= 1 {
        return votes.keys().next().cloned();
    }
    let max = votes.values().map(Vec::len).max().unwrap_or(0);
    let winners: Vec<_> = votes.iter().filter(|(_, v)| v.len() == max).collect();
    let detail: Vec<String> = votes
        .iter()
        .map(|(label, places)| format!("`{label}` at {}", places.join(", ")))
        .collect();
    let excerpt: String = row.text.chars().take(60).collect();
    let outcome = if winners.len() == 1 {
        format!("kept the majority label `{}`", winners[0].0)
    } else {
        "tie: left unlabeled in this column".to_string()
    };
    report.conflicts.push(format!(
        "`{column}` conflict for \"{excerpt}…\": {}; {outcome}",
        detail.join("; ")
    ));
    (winners.len() == 1).then(|| winners[0].0.clone())
}

fn read_file(
    path: &Path,
    columns: &LabeledColumns,
    strict: bool,
    merge: Merge,
    report: &mut LabeledReport,
    pending: &mut Vec<Pending>,
    index: &mut FxHashMap<String, usize>,
) -> Result<()> {
    let (mut reader, names) = open_with_header(path)?;
    crate::corpus::csv_header::check_repeated_names(
        path,
        &names,
        false,
        strict,
        &mut report.warnings,
    )?;
    let find = |name: &str| names.iter().position(|h| h == name);
    let missing = |what: &str, name: &str| {
        let hint = if what == "text" {
            "; choose one with --text-column"
        } else {
            ""
        };
        Error::input(
            Location::line(path, 1),
            format!(
                "no {what} column `{name}` (found: {}){hint}",
                names.join(", ")
            ),
        )
    };
    if names.iter().all(String::is_empty) {
        return Err(Error::input(
            Location::file(path),
            "empty file: expected a header row",
        ));
    }
    // The text is a column, or a reference into a shared data set (see `references`).
    let mut source = match find(&columns.text) {
        Some(col) => TextSource::Column(col),
        None => match ReferenceColumns::find(&names) {
            Some(refs) => {
                let resolver = Resolver::for_file(path);
                if resolver.root().is_none() {
                    return Err(resolver.missing_root_error(path));
                }
                TextSource::Reference(refs, Box::new(resolver))
            }
            None => return Err(missing("text", &columns.text)),
        },
    };
    let label_cols = columns
        .labels
        .iter()
        .map(|l| find(l).ok_or_else(|| missing("label", l)))
        .collect::<Result<Vec<_>>>()?;
    let outlet_col = find(&columns.outlet);
    let article_col = find(&columns.article_id);
    let id_col = find(&columns.id);
    report.files.push(path.display().to_string());

    let mut record = crate::corpus::csv_table::TableRow::default();
    let mut n = 0u64;
    while reader.read(&mut record)? {
        n += 1;
        let row = report.rows_read;
        report.rows_read += 1;
        let line = record.line();
        let origin = format!("{}:{line}", path.display());
        let cell = |i: usize| record.get(i).map(str::trim).filter(|s| !s.is_empty());
        let skip = |report: &mut LabeledReport, why: &str| {
            if strict {
                Err(Error::input(
                    Location::record(path, Some(line), n),
                    format!("{why} (--strict)"),
                ))
            } else {
                report.skipped.push(format!("{origin}: {why}"));
                Ok(())
            }
        };
        let resolved;
        let text = match &mut source {
            TextSource::Column(col) => match cell(*col) {
                Some(text) => text,
                None => {
                    skip(report, "empty text cell")?;
                    continue;
                }
            },
            TextSource::Reference(refs, resolver) => {
                let at = |i: usize| record.get(i).unwrap_or("");
                match resolver.resolve(
                    at(refs.dataset),
                    at(refs.record_id),
                    at(refs.start),
                    at(refs.end),
                    at(refs.sha256),
                ) {
                    Ok(text) => {
                        resolved = text;
                        resolved.trim()
                    }
                    Err(why) => {
                        skip(report, &why)?;
                        continue;
                    }
                }
            }
        };
        if text.contains('\0') {
            return Err(Error::input(
                Location::record(path, Some(line), n),
                "NUL byte in the text cell: is this a binary file?",
            ));
        }
        // Labels as written (spacing included): folded across spellings after reading.
        let labels: Vec<Option<String>> = label_cols
            .iter()
            .map(|&i| {
                record
                    .get(i)
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string)
            })
            .collect();
        if labels.iter().all(Option::is_none) {
            skip(report, "no label in any of the label columns")?;
            continue;
        }
        let key = merge_key(text);
        let earlier = match merge {
            Merge::Duplicates => index.get(&key).copied(),
            Merge::Never => None,
        };
        let slot = match earlier {
            Some(slot) => {
                report.duplicates_merged += 1;
                slot
            }
            None => {
                if merge == Merge::Duplicates {
                    index.insert(key.clone(), pending.len());
                }
                pending.push(Pending {
                    row: LabeledRow {
                        text: key,
                        labels: vec![None; labels.len()],
                        outlet: outlet_col.and_then(cell).map(str::to_string),
                        article_id: article_col.and_then(cell).map(str::to_string),
                        id: id_col.and_then(cell).map(str::to_string),
                        row,
                        origin: origin.clone(),
                    },
                    votes: vec![BTreeMap::new(); labels.len()],
                });
                pending.len() - 1
            }
        };
        for (col, label) in labels.into_iter().enumerate() {
            if let Some(label) = label {
                pending[slot].votes[col]
                    .entry(label)
                    .or_default()
                    .push(origin.clone());
            }
        }
    }
    if let TextSource::Reference(_, resolver) = &source {
        let counts: Vec<String> = resolver
            .resolved
            .iter()
            .map(|(dataset, n)| format!("{dataset} {n}"))
            .collect();
        report.references.push(format!(
            "{}: resolved {} references in {} ({})",
            path.display(),
            resolver.resolved.values().sum::<usize>(),
            resolver
                .root()
                .map(|r| r.display().to_string())
                .unwrap_or_default(),
            counts.join(", ")
        ));
    }
    if n == 0 {
        return Err(Error::input(
            Location::file(path),
            "no data rows: the file has a header only",
        ));
    }
    Ok(())
}

impl LabeledSet {
    /// Rows and their class index for one label column: (row indices, class names, targets).
    pub fn column(&self, col: usize) -> (Vec<usize>, Vec<String>, Vec<usize>) {
        let mut classes: Vec<String> = self
            .rows
            .iter()
            .filter_map(|r| r.labels[col].clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        classes.sort();
        let class_index: BTreeMap<&str, usize> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut rows = Vec::new();
        let mut targets = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(label) = &r.labels[col] {
                rows.push(i);
                targets.push(class_index[label.as_str()]);
            }
        }
        (rows, classes, targets)
    }

    /// A content hash of the merged training data (texts and labels, in order).
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.label_columns.join("\u{1f}").as_bytes());
        for row in &self.rows {
            h.update(b"\x1e");
            h.update(row.text.as_bytes());
            for label in &row.labels {
                h.update(b"\x1f");
                h.update(label.as_deref().unwrap_or("").as_bytes());
            }
        }
        format!("{:x}", h.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, content).unwrap();
        p
    }

    fn cols(labels: &[&str]) -> LabeledColumns {
        LabeledColumns::new(labels.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn reads_several_label_columns_and_optional_fields() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(
            dir.path(),
            "a.csv",
            "text,stance,frame,outlet\nOne.,against,security,X\nTwo.,favor,,Y\n",
        );
        let set = read_labeled(&[a], &cols(&["stance", "frame"]), false).unwrap();
        assert_eq!(set.rows.len(), 2);
        assert_eq!(set.rows[1].labels, [Some("favor".into()), None]);
        assert_eq!(set.rows[0].outlet.as_deref(), Some("X"));
        let (rows, classes, targets) = set.column(1);
        assert_eq!(
            (rows, classes, targets),
            (vec![0], vec!["security".to_string()], vec![0])
        );
    }

    #[test]
    fn duplicates_merge_and_conflicts_follow_the_majority_or_tie_rule() {
        let dir = tempfile::tempdir().unwrap();
        let old = write(
            dir.path(),
            "old.csv",
            "text,stance\nSame text.,against\nTie  text.,favor\n",
        );
        let new = write(
            dir.path(),
            "new.csv",
            "text,stance\nSame text.,against\nSame text.,neutral\nTie text.,against\n",
        );
        let set = read_labeled(&[old, new], &cols(&["stance"]), false).unwrap();
        assert_eq!(set.report.duplicates_merged, 3);
        assert_eq!(set.rows.len(), 1, "the tied text has no label left");
        assert_eq!(set.rows[0].labels[0].as_deref(), Some("against"));
        assert_eq!(set.report.conflicts.len(), 2);
        let (first, second) = (&set.report.conflicts[0], &set.report.conflicts[1]);
        assert!(
            first.contains("old.csv:2")
                && first.contains("new.csv:3")
                && first.contains("majority"),
            "{first}"
        );
        assert!(
            second.contains("new.csv:4") && second.contains("tie"),
            "{second}"
        );
        assert!(set.report.skipped.iter().any(|s| s.contains("old.csv:3")));
    }

    #[test]
    fn unmerged_reading_keeps_every_row_with_its_id_and_row_number() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(
            dir.path(),
            "a.csv",
            "id,text,stance\nr1,Same text.,against\nr2,,favor\nr3,Same  text.,favor\n",
        );
        let b = write(dir.path(), "b.csv", "text,stance\nOther.,favor\n");
        let paths = [a, b];
        let set = read_labeled_rows(&paths, &cols(&["stance"]), false).unwrap();
        let got: Vec<_> = set
            .rows
            .iter()
            .map(|r| (r.id.as_deref(), r.row, r.labels[0].as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("r1"), 0, Some("against")),
                (Some("r3"), 2, Some("favor")),
                (None, 3, Some("favor"))
            ]
        );
        assert_eq!(set.report.duplicates_merged, 0);
        assert!(set.report.conflicts.is_empty());
        let merged = read_labeled(&paths, &cols(&["stance"]), false).unwrap();
        assert_eq!(merged.rows.len(), 1, "the tie leaves only `Other.`");
        assert_eq!(
            (merged.rows[0].row, merged.rows[0].id.as_deref()),
            (3, None)
        );
    }

    #[test]
    fn bad_files_fail_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let no_label = write(dir.path(), "n.csv", "text,frame\nx,y\n");
        let err = read_labeled(&[no_label], &cols(&["stance"]), false)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(&format!("{}:1:", dir.path().join("n.csv").display())),
            "{err}"
        );
        let ragged = write(dir.path(), "r.csv", "text,stance\na,favor\nb,favor,extra\n");
        let err = read_labeled(&[ragged], &cols(&["stance"]), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("r.csv:3") && err.contains("3 fields"), "{err}");
        let bad_utf8 = dir.path().join("u.csv");
        fs::write(&bad_utf8, b"text,stance\nok,favor\nbad \xff,favor\n").unwrap();
        let err = read_labeled(&[bad_utf8], &cols(&["stance"]), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("u.csv:3") && err.contains("UTF-8"), "{err}");
        let empty = write(dir.path(), "e.csv", "");
        assert!(read_labeled(&[empty], &cols(&["stance"]), false).is_err());
    }

    #[test]
    fn empty_text_is_skipped_or_refused_under_strict() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.csv", "text,stance\n,favor\nok,favor\n");
        let set = read_labeled(std::slice::from_ref(&a), &cols(&["stance"]), false).unwrap();
        assert_eq!(set.rows.len(), 1);
        assert_eq!(set.report.skipped.len(), 1);
        assert!(read_labeled(&[a], &cols(&["stance"]), true).is_err());
    }

    #[test]
    fn content_hash_changes_with_labels() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a.csv", "text,stance\nx,favor\n");
        let b = write(dir.path(), "b.csv", "text,stance\nx,against\n");
        let ha = read_labeled(std::slice::from_ref(&a), &cols(&["stance"]), false)
            .unwrap()
            .content_hash();
        let hb = read_labeled(&[b], &cols(&["stance"]), false)
            .unwrap()
            .content_hash();
        assert_ne!(ha, hb);
        assert_eq!(
            ha,
            read_labeled(&[a], &cols(&["stance"]), false)
                .unwrap()
                .content_hash()
        );
    }
}

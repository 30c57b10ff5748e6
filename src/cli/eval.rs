//! `slant eval`: cross-validate the feature pipeline and classifier on labeled sentences.

use std::path::PathBuf;
use std::time::Instant;

use crate::cli::train::ModelOptions;
use crate::cli::{write_output, Console};
use crate::corpus::{IoPlan, ReportDir};
use crate::error::Result;
use crate::eval::report::write_report_dir;
use crate::eval::{cross_validate, load, summary, EvalInput, EvalReport, Scheme};

/// Default number of folds.
pub const DEFAULT_FOLDS: usize = 5;

#[derive(Debug, clap::Args)]
#[command(
    about = "Cross-validate a model configuration on labeled sentences and report its metrics.",
    after_help = "Examples:\n  slant eval --data data/sentences.csv --label stance\n  \
slant eval --data s.csv --label stance --group article_id --report eval/\n  \
slant eval --data s.csv --label stance --folds-file folds.csv --json\n  \
slant eval --data train.csv --label stance --test test.csv\n\n\
Folds: stratified by label (default, 5 folds, seed 13); --group COL keeps rows sharing COL's \n\
value in one fold; --leave-one-out COL makes one fold per value of COL; --folds-file F reads\n\
`row,id,fold` and joins on --id-column (data rows absent from F are left out and counted);\n\
--test FILE trains on all of --data and tests on FILE. The featurizer and the classifier are fit\n\
on each training fold only. Rows are evaluated as read: duplicates are not merged."
)]
pub struct EvalArgs {
    /// Labeled sentences (CSV with a text column and the label column); repeat for more files.
    #[arg(long = "data", required = true, value_name = "FILE.csv")]
    pub data: Vec<PathBuf>,
    /// The label column to evaluate.
    #[arg(long, value_name = "COLUMN")]
    pub label: String,
    /// Train on all of --data and test on this file instead of cross-validating.
    #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["folds", "folds_file", "group", "leave_one_out"])]
    pub test: Option<PathBuf>,
    /// Number of folds (default 5).
    #[arg(long, value_name = "K", conflicts_with_all = ["folds_file", "leave_one_out"],
          value_parser = crate::cli::args::folds)]
    pub folds: Option<usize>,
    /// Folds to use: a CSV with columns `id` and `fold` (and `row`), joined on --id-column.
    #[arg(long, value_name = "F.csv", conflicts_with_all = ["group", "leave_one_out"])]
    pub folds_file: Option<PathBuf>,
    /// Keep rows with the same value of this column in one fold (e.g. article_id).
    #[arg(long, value_name = "COLUMN", conflicts_with = "leave_one_out")]
    pub group: Option<String>,
    /// One fold per distinct value of this column (e.g. outlet).
    #[arg(long, value_name = "COLUMN")]
    pub leave_one_out: Option<String>,
    /// Seed of the fold shuffles.
    #[arg(long, default_value_t = 13, value_name = "N")]
    pub seed: u64,
    /// Folder to write metrics.json, predictions.csv, report.md, report.html and CSV tables into
    /// (created if missing; replaced whole; refused if it holds files slant did not write).
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Name of the text column.
    #[arg(long, default_value = "text", value_name = "COLUMN")]
    pub text_column: String,
    /// Name of the id column (joins --folds-file; copied to predictions.csv) [default: id;
    /// optional unless given or --folds-file is used].
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,
    /// Make skipped rows, labels that differ only in case or spacing, files named twice and
    /// repeated column names errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the metrics JSON on stdout instead of the text summary.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub model: ModelOptions,
}

impl EvalArgs {
    pub fn scheme(&self) -> Scheme {
        let folds = self.folds.unwrap_or(DEFAULT_FOLDS);
        let seed = self.seed;
        if let Some(path) = &self.test {
            Scheme::HeldOut { path: path.clone() }
        } else if let Some(path) = &self.folds_file {
            Scheme::FoldsFile { path: path.clone() }
        } else if let Some(column) = &self.leave_one_out {
            Scheme::LeaveOneOut {
                column: column.clone(),
            }
        } else if let Some(column) = &self.group {
            Scheme::Grouped {
                column: column.clone(),
                folds,
                seed,
            }
        } else {
            Scheme::Stratified { folds, seed }
        }
    }
}

pub fn run(args: &EvalArgs, console: &Console) -> Result<()> {
    let started = Instant::now();
    let scheme = args.scheme();
    scheme.check()?;
    // Bad hyper-parameters are option mistakes: usage errors, before any data is read.
    args.model.check()?;
    // A pipe cannot be read twice: refused now, not blocked on at the second read.
    let test_file = match &scheme {
        Scheme::HeldOut { path } => Some(path.as_path()),
        _ => None,
    };
    let data_files = args.data.iter().map(PathBuf::as_path).chain(test_file);
    crate::corpus::input::refuse_pipes(data_files, "eval reads its data files twice")?;
    let options = args.model.train_options();
    // Before anything is read: the report must not replace an input.
    let mut plan = IoPlan::new();
    plan.stdout();
    if let Some(dir) = &args.report {
        plan.report_dir("--report", dir)?;
    }
    plan.inputs("--data", &args.data)
        .lexicon_dir("--lexicons", &args.model.lexicon_dir());
    if let Some(test) = &args.test {
        plan.input("--test", test);
    }
    if let Some(folds) = &args.folds_file {
        plan.input("--folds-file", folds);
    }
    for note in plan.check()? {
        console.info(&note);
    }
    let lexicon = args.model.load_lexicon(console)?;
    let input = EvalInput {
        data: args.data.clone(),
        label: args.label.clone(),
        text_column: args.text_column.clone(),
        id_column: args.id_column.clone().unwrap_or_else(|| "id".into()),
        id_column_given: args.id_column.is_some(),
        strict: args.strict,
        scheme: scheme.clone(),
    };
    let data = load(&input)?;
    console.warnings(&data.warnings);
    for skip in &data.skipped {
        console.warn_of("skipped row", &format!("skipped {skip}"));
    }
    for l in &data.counts.left_out {
        console.warn(&format!(
            "left out {} row(s): {} (first at {})",
            l.rows, l.reason, l.first
        ));
    }
    if let (n @ 1.., Scheme::Grouped { column, .. }) = (data.counts.rows_without_group, &scheme) {
        console.warn(&format!(
            "{n} row(s) have an empty `{column}` cell: each is a group of its own"
        ));
    }
    if data.counts.folds_file_ids_unmatched > 0 {
        console.warn(&format!(
            "{} id(s) of the folds file match no usable data row",
            data.counts.folds_file_ids_unmatched
        ));
    }
    if data.counts.duplicate_texts > 0 {
        console.warn(&format!(
            "{} text(s) occur more than once; their copies may fall in different folds",
            data.counts.duplicate_texts
        ));
    }
    warn_about_rare_classes(&data, &scheme, console);
    console.info(&format!(
        "{}: {} rows, {} fold(s)",
        scheme.describe(),
        data.rows.len(),
        data.splits.len()
    ));
    let total = data.splits.len();
    let outcome = cross_validate(&data, &lexicon, &options, |index, fold| {
        console.info(&format!(
            "fold {} ({} of {total}): trained on {} rows in {:.2} s, macro-F1 {:.4} on {} rows",
            fold.name,
            index + 1,
            fold.n_train,
            fold.train_seconds,
            fold.scores.macro_f1,
            fold.n_test
        ));
    })?;
    let mut report = EvalReport::new(&scheme, &data, &outcome, &options);
    // Per-outlet evaluation when the data has an `outlet` column.
    report.outlets =
        crate::eval::outlets::evaluate_outlets(&input, &data, &outcome, &lexicon, args.seed)?;
    if let Some(o) = &report.outlets {
        for w in &o.warnings {
            console.warn_of("outlet leakage", w);
        }
    }
    if let Some(dir) = &args.report {
        // Built aside and swapped in whole: all files new, or (after an error) all old.
        let mut folder = ReportDir::create("--report", dir)?;
        write_report_dir(&mut folder, &report, &data, &outcome)?;
        write_eval_documents(&mut folder, &report, &data, &outcome, &scheme)?;
        folder.commit()?;
        console.info(&format!(
            "wrote {}, {}, report.md, report.html and CSV tables",
            dir.join("metrics.json").display(),
            dir.join("predictions.csv").display()
        ));
    }
    if args.json {
        write_output(None, &report.to_json())?;
    } else {
        let mut text = summary::render(&report, &scheme.describe());
        if let Some(o) = &report.outlets {
            text.push_str(&crate::eval::outlets::render_text(o, &report.classes));
        }
        write_output(None, text.as_bytes())?;
    }
    console.info(&format!("done in {:.1} s", started.elapsed().as_secs_f64()));
    Ok(())
}

/// A class with fewer rows than folds is missing from some test folds (or training folds).
fn warn_about_rare_classes(data: &crate::eval::EvalData, scheme: &Scheme, console: &Console) {
    let folds = data.splits.len();
    if let (Scheme::HeldOut { .. }, Some(split)) = (scheme, data.splits.first()) {
        warn_about_unseen_test_classes(data, split, console);
        return;
    }
    if folds < 2 {
        return;
    }
    let mut counts = vec![0usize; data.classes.len()];
    data.rows.iter().for_each(|r| counts[r.gold] += 1);
    for (class, &n) in data.classes.iter().zip(&counts) {
        if n < folds {
            console.warn_of(
                "rare class",
                &format!(
                    "class `{class}` has {n} row(s), fewer than the {folds} folds: some folds lack it"
                ),
            );
        }
    }
}

/// Test labels that never occur in the training data can only be predicted wrong: name them and
/// where they first occur.
fn warn_about_unseen_test_classes(
    data: &crate::eval::EvalData,
    split: &crate::eval::folds::Split,
    console: &Console,
) {
    let mut trained = vec![false; data.classes.len()];
    split
        .train
        .iter()
        .for_each(|&i| trained[data.rows[i].gold] = true);
    let mut unseen: Vec<(usize, &str)> = vec![(0, ""); data.classes.len()];
    for &i in &split.test {
        let row = &data.rows[i];
        if !trained[row.gold] {
            let entry = &mut unseen[row.gold];
            if entry.0 == 0 {
                entry.1 = &row.origin;
            }
            entry.0 += 1;
        }
    }
    for (class, (n, first)) in data.classes.iter().zip(unseen) {
        if n > 0 {
            console.warn(&format!(
                "{first}: test label `{class}` does not occur in the training data ({n} row(s)); they count as errors"
            ));
        }
    }
}

/// `report.md`, `report.html` and the CSV tables of an evaluation.
fn write_eval_documents(
    dir: &mut ReportDir,
    report: &EvalReport,
    data: &crate::eval::EvalData,
    outcome: &crate::eval::CvOutcome,
    scheme: &Scheme,
) -> Result<()> {
    use crate::report::render::{write_dir, Document, EvalSection};
    let (gold, probs) = outcome.out_of_fold(data);
    let files = report
        .data
        .files
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = Document {
        title: format!("slant eval: `{}`", report.label),
        about: vec![
            format!("data: {files} ({} rows read)", report.data.rows_read),
            format!("classes: {}", report.classes.join(", ")),
        ],
        outlets: report.outlets.as_ref(),
        eval: Some(EvalSection {
            report,
            scheme: scheme.describe(),
            reliability: crate::eval::outlets::reliability(&gold, &probs, data.classes.len()),
        }),
    };
    write_dir(dir, &doc, Vec::new())
}

//! `slant score`: score articles sentence by sentence, and optionally per article.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::cli::{Console, ModelArg};
use crate::corpus::articles::ArticleColumns;
use crate::corpus::atomic::Output;
use crate::corpus::{ArticleReader, OutletMap};
use crate::error::{Error, Result};
use crate::report::rows;
use crate::report::{Format, TableWriter};
use crate::score::Scorer;
use crate::text::clean::Cleaner;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  slant score data/articles\n  \
slant score --outlets ../shared/seeds/outlets.csv ../shared/seeds --out sentences.csv --articles articles.csv\n  \
slant score --format jsonl --text-column body articles.jsonl | head")]
pub struct ScoreArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Articles: .txt files (one article each, id = file stem), folders of them, .csv or .jsonl files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Outlet map: CSV with columns `file,outlet` (default: `outlets.csv` inside an input folder).
    #[arg(long, value_name = "MAP.csv")]
    pub outlets: Option<PathBuf>,
    /// Output format of the tables.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
    /// Sentence table file (default: standard output). Written atomically.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write one row per article to FILE.
    #[arg(long, value_name = "FILE")]
    pub articles: Option<PathBuf>,
    /// Boilerplate rule file replacing the built-in one (data/boilerplate.txt).
    #[arg(long, value_name = "FILE")]
    pub boilerplate: Option<PathBuf>,
    /// Column / field holding the text in CSV and JSONL input.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,
    /// Column / field holding the article id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_column: String,
    /// Column / field holding the outlet.
    #[arg(long, default_value = "outlet", value_name = "NAME")]
    pub outlet_column: String,
    /// Column / field holding the date.
    #[arg(long, default_value = "date", value_name = "NAME")]
    pub date_column: String,
    /// Make every skipped file or record, and invalid UTF-8, an error.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(args: &ScoreArgs, console: &Console) -> Result<()> {
    for out in args.out.iter().chain(&args.articles) {
        crate::corpus::atomic::check_not_an_input(out, &args.inputs)?;
    }
    if args.out.is_some() && args.out == args.articles {
        return Err(Error::Usage(
            "--out and --articles name the same file".into(),
        ));
    }
    let model = args.model.load()?;
    let cleaner = match &args.boilerplate {
        Some(path) => Cleaner::from_file(path)?,
        None => Cleaner::builtin(),
    };
    let outlets = match &args.outlets {
        Some(path) => Some(OutletMap::from_path(path)?),
        None => match crate::corpus::articles::folder_outlet_maps(&args.inputs).as_slice() {
            [] => None,
            [one] => {
                console.info(&format!("outlets from {}", one.display()));
                Some(OutletMap::from_path(one)?)
            }
            _ => {
                return Err(Error::Usage(
                    "several input folders carry an outlets.csv: merge them and pass --outlets"
                        .into(),
                ))
            }
        },
    };
    let columns = ArticleColumns {
        id: args.id_column.clone(),
        text: args.text_column.clone(),
        outlet: args.outlet_column.clone(),
        date: args.date_column.clone(),
        ..Default::default()
    };
    let mut reader = ArticleReader::open(&args.inputs, columns, args.strict)?;

    // Outputs: files are written to temporaries and renamed only after success.
    let out = Output::open(args.out.as_deref())?;
    let out_path = out.path().to_path_buf();
    let mut sentences = rows::open(out, args.format, rows::sentence_columns(&model))
        .map_err(|e| Error::io(&out_path, e))?;
    let mut articles_out = match &args.articles {
        Some(path) => {
            let f = Output::open(Some(path))?;
            Some(
                rows::open(f, args.format, rows::article_columns(&model))
                    .map_err(|e| Error::io(path, e))?,
            )
        }
        None => None,
    };

    let mut scorer = Scorer::new(&model, &cleaner);
    let mut seen = BTreeSet::new();
    let (mut n_articles, mut n_sentences, mut n_dropped, mut n_joins, mut no_sentences) =
        (0, 0, 0, 0, 0);
    for article in reader.by_ref() {
        let mut article = article?;
        seen.insert(article.file_name.clone());
        seen.insert(article.id.clone());
        if article.outlet.is_none() {
            article.outlet = outlets
                .as_ref()
                .and_then(|m| m.lookup(&article.file_name, &article.id))
                .map(String::from);
        }
        let scored = scorer.score(&article);
        n_articles += 1;
        n_sentences += scored.sentences.len();
        n_dropped += scored.cleaned.dropped.len();
        n_joins += scored.cleaned.hyphen_joins;
        if scored.sentences.is_empty() {
            if args.strict {
                return Err(Error::input(
                    crate::error::Location::file(&scored.origin),
                    "no sentences left after cleaning (--strict)",
                ));
            }
            no_sentences += 1;
            console.warn(&format!(
                "{}: no sentences left after cleaning",
                scored.origin
            ));
        }
        rows::write_sentences(&mut sentences, &model, &scored)
            .map_err(|e| Error::io(&out_path, e))?;
        if let (Some(table), Some(path)) = (articles_out.as_mut(), args.articles.as_ref()) {
            rows::write_article(table, &model, &scored).map_err(|e| Error::io(path, e))?;
        }
    }
    let report = reader.into_report();
    finish(sentences, &out_path)?;
    if let (Some(table), Some(path)) = (articles_out, args.articles.as_ref()) {
        finish(table, path)?;
    }

    for skip in &report.skipped {
        console.warn(&format!("skipped {skip}"));
    }
    for lossy in &report.lossy_utf8 {
        console.warn(lossy);
    }
    if let Some(map) = &outlets {
        for unused in map.unused(&seen) {
            console.warn(&unused);
        }
    }
    console.info(&format!(
        "scored {n_sentences} sentences in {n_articles} articles ({} records from {} files; {} skipped, {no_sentences} without sentences); \
         dropped {n_dropped} boilerplate lines, rejoined {n_joins} hyphenated words",
        report.records,
        report.files,
        report.skipped.len(),
    ));
    Ok(())
}

/// Flushes a table; a file output is committed (renamed into place) only now.
fn finish(table: TableWriter<Output>, path: &std::path::Path) -> Result<()> {
    table.finish().map_err(|e| Error::io(path, e))?.commit()
}

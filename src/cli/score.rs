//! `slant score`: score articles sentence by sentence, and optionally per article.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{mpsc, Mutex};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::{Console, ModelArg};
use crate::corpus::articles::{ArticleColumns, ReadReport};
use crate::corpus::atomic::{commit_all, Output};
use crate::corpus::outlets::OutletLookup;
use crate::corpus::IoPlan;
use crate::corpus::{Article, ArticleReader, OutletMap};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::rows;
use crate::report::{Format, TableWriter};
use crate::score::{Flag, ScoredArticle, Scorer};
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
    /// Sentence table file (default, or `-`: standard output). Written atomically.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write one row per article to FILE (`-`: standard output, when --out is a file).
    #[arg(long, value_name = "FILE")]
    pub articles: Option<PathBuf>,
    /// Boilerplate rule file replacing the built-in one (data/boilerplate.txt).
    #[arg(long, value_name = "FILE")]
    pub boilerplate: Option<PathBuf>,
    /// Column / field holding the text in CSV and JSONL input [default: text].
    #[arg(long, value_name = "NAME")]
    pub text_column: Option<String>,
    /// Column / field holding the article id [default: id; optional unless given].
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Column / field holding the outlet [default: outlet; optional unless given].
    #[arg(long, value_name = "NAME")]
    pub outlet_column: Option<String>,
    /// Column / field holding the date [default: date; optional unless given].
    #[arg(long, value_name = "NAME")]
    pub date_column: Option<String>,
    /// Make every skipped file or record, invalid UTF-8, and every warning about merged or
    /// unmatched data (duplicate ids, outlet-map problems, repeated columns or keys) an error.
    #[arg(long)]
    pub strict: bool,
    /// Scoring threads (default: all cores; at most 256). The output is identical for any number.
    #[arg(long, short = 'j', value_name = "N", value_parser = crate::cli::args::jobs)]
    pub jobs: Option<usize>,
    /// Articles are read, scored and written in batches of about this many bytes of text, so
    /// memory stays flat whatever the input size.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES", hide_short_help = true,
          value_parser = crate::cli::args::at_least_one_usize)]
    pub batch_bytes: usize,
}

pub fn run(args: &ScoreArgs, console: &Console) -> Result<()> {
    for note in plan(args)?.check()? {
        console.info(&note);
    }
    let outlets = match &args.outlets {
        Some(path) => Some(OutletMap::read(path, args.strict)?),
        None => match crate::corpus::articles::folder_outlet_maps(&args.inputs).as_slice() {
            [] => None,
            [one] => {
                console.info(&format!("outlets from {}", one.display()));
                Some(OutletMap::read(one, args.strict)?)
            }
            _ => {
                return Err(Error::Usage(
                    "several input folders carry an outlets.csv: merge them and pass --outlets"
                        .into(),
                ))
            }
        },
    };
    let columns = article_columns(args);
    let reader = ArticleReader::open(&args.inputs, columns, args.strict)?;
    let (streamed, read) = std::thread::scope(|scope| {
        // Stage 1 (its own thread): read articles lazily, in batches of bounded size. Reading
        // starts now, while the model and the boilerplate rules load.
        let (batches, received) = mpsc::sync_channel::<Result<Batch>>(READ_AHEAD);
        // Scored batches go back to the reader, which reads the next ones into their strings.
        let (recycle, recycled) = mpsc::channel::<Batch>();
        let (batch_bytes, strict) = (args.batch_bytes, args.strict);
        let lookup = outlets.as_ref().map(OutletLookup::new);
        let read = scope
            .spawn(move || read_batches(reader, lookup, strict, batch_bytes, batches, recycled));
        // Returning drops `received`: a reader still running then stops at its next batch.
        let streamed = score_batches(args, console, received, recycle);
        let read = read
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (streamed, read)
    });
    let Streamed {
        out,
        articles_out,
        totals,
        progress,
    } = streamed?;
    let (report, lookup) = read;
    progress.finish();
    // Outlet-map rows that matched nothing or several files: errors under --strict, before any
    // output is committed.
    let map_warnings = match &lookup {
        Some(lookup) => lookup.finish(args.strict)?,
        None => Default::default(),
    };
    // Both outputs are written and synced before either replaces an older file.
    let mut outputs = vec![out];
    outputs.extend(articles_out.map(|(f, _)| f));
    commit_all(outputs)?;

    for note in &report.notes {
        console.info(note);
    }
    for skip in &report.skipped {
        console.warn_of("skipped input", &format!("skipped {skip}"));
    }
    for lossy in &report.lossy_utf8 {
        console.warn_of("invalid UTF-8", lossy);
    }
    console.warnings(&report.warnings);
    if let Some(map) = &outlets {
        console.warnings(&map.warnings);
    }
    console.warnings(&map_warnings);
    console.finish();
    let Totals {
        articles: n_articles,
        sentences: n_sentences,
        dropped: n_dropped,
        cut: n_cut,
        joins: n_joins,
        no_sentences,
        off_topic,
        no_evidence,
        language,
        foreign_articles,
        relevance,
    } = totals;
    // Boilerplate sentences cut from lines whose other sentences were kept are counted apart.
    let cut = if n_cut > 0 {
        format!(" and cut {n_cut} boilerplate sentence(s) out of lines kept")
    } else {
        String::new()
    };
    console.info(&format!(
        "scored {n_sentences} sentences in {n_articles} articles ({} records from {} files; {} skipped, {no_sentences} without sentences); \
         dropped {} boilerplate lines{cut}, rejoined {n_joins} hyphenated words",
        report.records,
        report.files,
        report.skipped.len(),
        n_dropped - n_cut,
    ));
    let flagged = off_topic + no_evidence + language;
    if flagged > 0 {
        let mut parts = Vec::new();
        if language > 0 {
            parts.push(format!(
                "{language} in {foreign_articles} article(s) in a language the model was not trained for"
            ));
        }
        if off_topic > 0 {
            parts.push(format!(
                "{off_topic} off topic (P(relevant) < {}, or in an article whose mean P(relevant) < {})",
                relevance.relevance_threshold, relevance.article_relevance_threshold
            ));
        }
        if no_evidence > 0 {
            parts.push(format!("{no_evidence} with no feature the model knows"));
        }
        console.warn(&format!(
            "{flagged} of {n_sentences} sentences flagged and left out of the article figures: {} (column `flag`)",
            parts.join("; ")
        ));
    }
    Ok(())
}

/// Every output and input of a run, resolved before anything is read (see [`IoPlan`]).
fn plan(args: &ScoreArgs) -> Result<IoPlan> {
    let mut plan = IoPlan::new();
    plan.output("--out", args.out.as_deref())?;
    if let Some(path) = &args.articles {
        plan.output("--articles", Some(path))?;
    }
    plan.article_inputs(&args.inputs)?;
    let (model, named) = args.model.path();
    plan.input(named, &model);
    match &args.outlets {
        Some(map) => plan.input("--outlets", map),
        None => plan.inputs(
            "the outlet map",
            &crate::corpus::articles::folder_outlet_maps(&args.inputs),
        ),
    };
    if let Some(rules) = &args.boilerplate {
        plan.input("--boilerplate", rules);
    }
    Ok(plan)
}

/// What scoring leaves for [`run`] to finish: the outputs (committed only after the last checks)
/// and the totals.
struct Streamed {
    out: Output,
    articles_out: Option<(Output, PathBuf)>,
    totals: Totals,
    progress: Progress,
}

/// Stages 2 and 3: loads the model and the rules, then scores the batches read by stage 1 and
/// writes their rows in input order.
fn score_batches(
    args: &ScoreArgs,
    console: &Console,
    received: mpsc::Receiver<Result<Batch>>,
    recycle: mpsc::Sender<Batch>,
) -> Result<Streamed> {
    // The model and the boilerplate rules are independent: built side by side (start-up).
    let (model, cleaner) = std::thread::scope(|s| {
        let cleaner = s.spawn(|| match &args.boilerplate {
            Some(path) => Cleaner::from_file(path),
            None => Ok(Cleaner::builtin()),
        });
        let model = args.model.load();
        let cleaner = cleaner
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (model, cleaner)
    });
    let (model, cleaner) = (model?, cleaner?);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .thread_name(|i| format!("slant-score-{i}"))
        .build()
        .map_err(|e| {
            Error::io(
                std::path::Path::new("<scoring threads>"),
                std::io::Error::other(e),
            )
        })?;

    // Outputs: files are written to temporaries and renamed only after success.
    let mut out = Output::open(args.out.as_deref())?;
    let out_path = out.path().to_path_buf();
    let sentence_columns = rows::sentence_columns(&model);
    let article_columns = rows::article_columns(&model);
    let sentence_header = header(args.format, &sentence_columns);
    let article_header = header(args.format, &article_columns);
    out.write_all(&sentence_header)
        .map_err(|e| Error::io(&out_path, e))?;
    let mut articles_out = match &args.articles {
        Some(path) => {
            let mut f = Output::open(Some(path))?;
            f.write_all(&article_header)
                .map_err(|e| Error::io(path, e))?;
            Some((f, path.clone()))
        }
        None => None,
    };

    let progress = Progress::new(console);
    let layout = Layout {
        model: &model,
        format: args.format,
        sentence_columns: &sentence_columns,
        article_columns: &article_columns,
        with_articles: articles_out.is_some(),
    };
    let scorers: Vec<Mutex<Scorer>> = (0..pool.current_num_threads())
        .map(|_| Mutex::new(Scorer::new(&model, &cleaner)))
        .collect();
    let mut totals = Totals {
        relevance: model.aggregation,
        ..Totals::default()
    };
    let batch_bytes = args.batch_bytes;
    // A block: `write` borrows the outputs and the totals until it ends.
    {
        // Stage 2: each batch is scored and rendered on the pool, as a job of its own, so the
        // next batch starts while the last one's stragglers finish; stage 3 (this thread) writes
        // the rendered batches in input order.
        let mut write = |rendered: Vec<Rendered>| -> Result<()> {
            for chunk in &rendered {
                for meta in &chunk.meta {
                    totals.add(meta);
                    if meta.sentences == 0 {
                        let origin = meta.origin.as_deref().unwrap_or_default();
                        if args.strict {
                            return Err(Error::input(
                                crate::error::Location::file(origin),
                                "no sentences left after cleaning (--strict)",
                            ));
                        }
                        progress.suspend(|| {
                            console.warn_of(
                                "no sentences",
                                &format!("{origin}: no sentences left after cleaning"),
                            )
                        });
                    }
                }
                out.write_all(&chunk.sentences)
                    .map_err(|e| Error::io(&out_path, e))?;
                if let Some((f, path)) = articles_out.as_mut() {
                    f.write_all(&chunk.articles)
                        .map_err(|e| Error::io(path.as_path(), e))?;
                }
            }
            progress.update(&totals);
            Ok(())
        };
        let (layout, scorers) = (&layout, &scorers);
        pool.in_place_scope(|jobs| -> Result<()> {
            let (done, finished) = mpsc::channel::<(usize, Vec<Rendered>)>();
            let mut ordered = InOrder::default();
            for (seq, batch) in received.iter().enumerate() {
                let mut batch = batch?;
                let (done, recycle) = (done.clone(), recycle.clone());
                jobs.spawn(move |_| {
                    let rendered = render_batch(batch.articles(), layout, scorers);
                    batch.recycle(2 * batch_bytes);
                    let _ = recycle.send(batch); // the reader may have finished
                    let _ = done.send((seq, rendered)); // the receiver is gone only after an error
                });
                ordered.submitted += 1;
                // Bounded memory: at most MAX_BATCHES_IN_FLIGHT batches scored at once.
                while ordered.in_flight() >= MAX_BATCHES_IN_FLIGHT {
                    let (seq, rendered) = finished.recv().expect("a spawned job always sends");
                    ordered.put(seq, rendered, &mut write)?;
                }
                while let Ok((seq, rendered)) = finished.try_recv() {
                    ordered.put(seq, rendered, &mut write)?;
                }
            }
            while ordered.in_flight() > 0 {
                let (seq, rendered) = finished.recv().expect("a spawned job always sends");
                ordered.put(seq, rendered, &mut write)?;
            }
            Ok(())
        })?;
    }
    Ok(Streamed {
        out,
        articles_out,
        totals,
        progress,
    })
}

/// The article columns of the options; those the user gave must exist.
fn article_columns(args: &ScoreArgs) -> ArticleColumns {
    let mut columns = ArticleColumns::default();
    for (option, value, field) in [
        ("--text-column", &args.text_column, &mut columns.text),
        ("--id-column", &args.id_column, &mut columns.id),
        ("--outlet-column", &args.outlet_column, &mut columns.outlet),
        ("--date-column", &args.date_column, &mut columns.date),
    ] {
        if let Some(name) = value {
            field.clone_from(name);
            columns.given.push((option, name.clone()));
        }
    }
    columns
}

/// Stage 1: reads articles (filling in outlets from the map) and sends them in batches of about
/// `batch_bytes` of text. Returns the read report and the outlet map's lookup (for its unused
/// rows and unmapped articles). Stops at the first error, which it sends on.
fn read_batches<'m>(
    mut reader: ArticleReader,
    mut outlets: Option<OutletLookup<'m>>,
    strict: bool,
    batch_bytes: usize,
    batches: mpsc::SyncSender<Result<Batch>>,
    recycled: mpsc::Receiver<Batch>,
) -> (ReadReport, Option<OutletLookup<'m>>) {
    let mut batch = recycled.try_recv().unwrap_or_default();
    let mut bytes = 0;
    loop {
        if batch.len == batch.articles.len() {
            batch.articles.push(Article::default());
        }
        let article = &mut batch.articles[batch.len];
        match reader.next_into(article) {
            None => break,
            Some(Ok(())) => {}
            Some(Err(e)) => {
                if batch.len > 0 && batches.send(Ok(std::mem::take(&mut batch))).is_err() {
                    break;
                }
                let _ = batches.send(Err(e));
                break;
            }
        }
        if let Some(lookup) = outlets.as_mut() {
            if let Err(e) = lookup.apply(article, strict) {
                if batch.len > 0 && batches.send(Ok(std::mem::take(&mut batch))).is_err() {
                    break;
                }
                let _ = batches.send(Err(e));
                break;
            }
        }
        bytes += article.text.len() + 64;
        batch.len += 1;
        if bytes >= batch_bytes || batch.len >= MAX_BATCH_ARTICLES {
            bytes = 0;
            // A scored batch if one is back; else a new one, sized up front like this one.
            let next = recycled
                .try_recv()
                .unwrap_or_else(|_| Batch::with_capacity(batch.len));
            let full = std::mem::replace(&mut batch, next);
            if batches.send(Ok(full)).is_err() {
                break; // the consumer stopped (an error or a closed pipe)
            }
        }
    }
    if batch.len > 0 {
        let _ = batches.send(Ok(batch));
    }
    (reader.into_report(), outlets)
}

/// The articles of one batch. Slots past `len` are spare: a batch that comes back after scoring
/// is read into again, so the reader reuses the strings instead of allocating new ones per record
/// (and the scorers do not free them).
#[derive(Default)]
struct Batch {
    articles: Vec<Article>,
    len: usize,
}

impl Batch {
    fn with_capacity(n: usize) -> Batch {
        Batch {
            articles: Vec::with_capacity(n),
            len: 0,
        }
    }

    fn articles(&self) -> &[Article] {
        &self.articles[..self.len]
    }

    /// Empties the batch for reuse, keeping its strings unless their texts hold more than
    /// `max_text_bytes` together (memory stays bounded whatever the article sizes were).
    fn recycle(&mut self, max_text_bytes: usize) {
        self.len = 0;
        let kept: usize = self.articles.iter().map(|a| a.text.capacity()).sum();
        if kept > max_text_bytes {
            self.articles
                .iter_mut()
                .for_each(|a| a.text = String::new());
        }
    }
}

/// At most this many articles per batch, whatever their size (bounds per-article overhead).
const MAX_BATCH_ARTICLES: usize = 16_384;

/// Batches being scored or waiting to be written at once. With the reader's channel
/// ([`READ_AHEAD`]) this bounds memory (about 10 batches of `--batch-bytes` of text); enough slack
/// that the reader, which shares the cores with the scorers, stays ahead of them.
const MAX_BATCHES_IN_FLIGHT: usize = 6;

/// Batches the reader may have read ahead, waiting in its channel.
const READ_AHEAD: usize = 3;

/// Rendered batches that finish out of order wait here until their turn to be written.
#[derive(Default)]
struct InOrder {
    submitted: usize,
    written: usize,
    waiting: std::collections::BTreeMap<usize, Vec<Rendered>>,
}

impl InOrder {
    /// Batches submitted and not yet written.
    fn in_flight(&self) -> usize {
        self.submitted - self.written
    }

    /// Takes batch `seq` and writes every batch whose turn has come.
    fn put(
        &mut self,
        seq: usize,
        rendered: Vec<Rendered>,
        write: &mut impl FnMut(Vec<Rendered>) -> Result<()>,
    ) -> Result<()> {
        self.waiting.insert(seq, rendered);
        while let Some(next) = self.waiting.remove(&self.written) {
            self.written += 1;
            write(next)?;
        }
        Ok(())
    }
}

/// What the writer needs to render rows.
struct Layout<'a> {
    model: &'a Model,
    format: Format,
    sentence_columns: &'a [String],
    article_columns: &'a [String],
    with_articles: bool,
}

/// The rows of a run of consecutive articles, rendered, and what the summary counts.
struct Rendered {
    sentences: Vec<u8>,
    articles: Vec<u8>,
    meta: Vec<ArticleMeta>,
}

struct ArticleMeta {
    /// Only for articles without sentences (warned about).
    origin: Option<String>,
    sentences: usize,
    dropped: usize,
    /// Of `dropped`, sentences cut from lines that kept their other sentences.
    cut: usize,
    joins: usize,
    /// Flagged sentences: off topic, without evidence, in an unsupported language.
    off_topic: usize,
    no_evidence: usize,
    language: usize,
}

#[derive(Default)]
struct Totals {
    articles: usize,
    sentences: usize,
    dropped: usize,
    cut: usize,
    joins: usize,
    no_sentences: usize,
    off_topic: usize,
    no_evidence: usize,
    language: usize,
    /// Articles in an unsupported language.
    foreign_articles: usize,
    /// The model's relevance thresholds (for the summary).
    relevance: crate::model::Aggregation,
}

impl Totals {
    fn add(&mut self, meta: &ArticleMeta) {
        self.articles += 1;
        self.sentences += meta.sentences;
        self.dropped += meta.dropped;
        self.cut += meta.cut;
        self.joins += meta.joins;
        self.no_sentences += usize::from(meta.sentences == 0);
        self.off_topic += meta.off_topic;
        self.no_evidence += meta.no_evidence;
        self.language += meta.language;
        self.foreign_articles += usize::from(meta.language > 0);
    }
}

/// Scores and renders one batch on the pool: split into runs of consecutive articles, each
/// scored by the worker's own [`Scorer`] and rendered to bytes; returned in input order, so the
/// output does not depend on the number of threads.
fn render_batch(
    batch: &[Article],
    layout: &Layout<'_>,
    scorers: &[Mutex<Scorer<'_>>],
) -> Vec<Rendered> {
    let threads = rayon::current_num_threads().max(1);
    let chunk = batch.len().div_ceil(threads * 8).max(1);
    batch
        .par_chunks(chunk)
        .map(|articles| {
            let slot = rayon::current_thread_index().unwrap_or(0) % scorers.len();
            // Each worker has its own slot: the lock is never contended.
            let mut scorer = scorers[slot]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            render_chunk(articles, layout, &mut scorer).expect("writing to memory cannot fail")
        })
        .collect()
}

fn render_chunk(
    articles: &[Article],
    layout: &Layout<'_>,
    scorer: &mut Scorer<'_>,
) -> std::io::Result<Rendered> {
    // The header is written once, by the writer stage: these rows continue its table.
    let mut sentences = TableWriter::continuing(
        Vec::with_capacity(512 * articles.len()),
        layout.format,
        layout.sentence_columns.to_vec(),
    );
    let mut table = layout.with_articles.then(|| {
        TableWriter::continuing(Vec::new(), layout.format, layout.article_columns.to_vec())
    });
    let mut meta = Vec::with_capacity(articles.len());
    let mut scored = ScoredArticle::default(); // reused: its buffers outlive each article
    for article in articles {
        scorer.score_into(article, &mut scored);
        rows::write_sentences(&mut sentences, layout.model, &scored)?;
        if let Some(t) = table.as_mut() {
            rows::write_article(t, layout.model, &scored)?;
        }
        meta.push(ArticleMeta {
            origin: scored.sentences.is_empty().then(|| scored.origin.clone()),
            sentences: scored.sentences.len(),
            dropped: scored.cleaned.dropped.len(),
            cut: scored.cleaned.dropped.iter().filter(|d| d.partial).count(),
            joins: scored.cleaned.hyphen_joins,
            off_topic: flagged(&scored, Flag::OffTopic),
            no_evidence: flagged(&scored, Flag::NoEvidence),
            language: flagged(&scored, Flag::Language),
        });
    }
    Ok(Rendered {
        sentences: sentences.finish()?,
        articles: match table {
            Some(t) => t.finish()?,
            None => Vec::new(),
        },
        meta,
    })
}

fn flagged(article: &ScoredArticle, flag: Flag) -> usize {
    article.sentences.iter().filter(|s| s.flag == flag).count()
}

/// The bytes a table starts with (the CSV header line; nothing for JSONL).
fn header(format: Format, columns: &[String]) -> Vec<u8> {
    TableWriter::new(Vec::new(), format, columns.to_vec())
        .and_then(TableWriter::finish)
        .expect("writing to memory cannot fail")
}

/// A progress line on stderr for long runs: only when stderr is a terminal and not `--quiet`.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new(console: &Console) -> Progress {
        if console.quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template(
                "slant: {spinner} {human_pos} articles, {msg} sentences [{elapsed}, {per_sec}]",
            )
            .expect("valid template"),
        );
        Progress { bar: Some(bar) }
    }

    fn update(&self, totals: &Totals) {
        if let Some(bar) = &self.bar {
            bar.set_position(totals.articles as u64);
            bar.set_message(totals.sentences.to_string());
        }
    }

    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

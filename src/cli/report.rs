//! `slant report`: per-outlet (or per any column) stance balance, frame mix, slant score,
//! loaded-term density and distinguishing terms of a scored corpus (the sentence table of
//! `slant score`).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::cli::{write_output, Console};
use crate::corpus::csv_table::{CsvTable, TableRow};
use crate::corpus::{IoPlan, ReportDir};
use crate::error::{Error, Location, Result};
use crate::lexicon::{CategoryKind, Lexicon};
use crate::report::outlets::{analyze, LabelColumn, OutletReport, Rows};
use crate::report::render::{self, Document};

#[derive(Debug, clap::Args)]
#[command(
    about = "Report stance balance, frame mix, slant and distinguishing terms per outlet of a scored corpus.",
    after_help = "Examples:\n  slant score --outlets seeds/outlets.csv seeds > scored.csv\n  \
slant report --scores scored.csv --report seeds-report/\n  \
slant report --scores scored.csv --by date\n\n\
Input: the sentence table of `slant score` (CSV). Every column `L` with columns `L_p_<class>` is a\n\
label. Shares are of sentences with 95% bootstrap intervals that resample articles (seeded).\n\
Writes report.md, report.html, report.json and CSV tables into --report DIR; without --report,\n\
prints report.md."
)]
pub struct ReportArgs {
    /// Scored sentences: the output of `slant score` (CSV).
    #[arg(long, value_name = "SCORED.csv")]
    pub scores: PathBuf,
    /// The article table of `slant score --articles`: fills the --by column where the sentence
    /// table lacks it (joined on article_id).
    #[arg(long, value_name = "ARTICLES.csv")]
    pub articles: Option<PathBuf>,
    /// Group by this column.
    #[arg(long, default_value = "outlet", value_name = "COLUMN")]
    pub by: String,
    /// Folder to write the report into (created if missing; replaced whole; refused if it holds
    /// files slant did not write).
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 13, value_name = "N")]
    pub seed: u64,
    /// Lexicon folder that tells which matched terms are loaded. Default: data/lexicons.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
}

/// Name of a group whose cell is empty.
pub const NO_VALUE: &str = "(none)";

fn open(path: &Path) -> Result<CsvTable> {
    CsvTable::open(path)
}

/// Reads the `--by` column of an article table, keyed by article_id.
fn article_groups(path: &Path, by: &str) -> Result<HashMap<String, String>> {
    let mut reader = open(path)?;
    let headers = reader.names().to_vec();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                Location::line(path, 1),
                format!("no `{name}` column in the article table"),
            )
        })
    };
    let (id, group) = (col("article_id")?, col(by)?);
    let mut out = HashMap::new();
    let mut r = TableRow::default();
    while reader.read(&mut r)? {
        out.insert(r[id].to_string(), r[group].to_string());
    }
    Ok(out)
}

/// The lexicon folder: `--lexicons`, else the bundled one.
fn lexicon_dir(args: &ReportArgs) -> PathBuf {
    args.lexicons
        .clone()
        .unwrap_or_else(crate::defaults::lexicon_dir)
}

/// Which lexicon categories are loaded (`None`: unknown, count every match).
fn loaded_categories(args: &ReportArgs, console: &Console) -> Option<BTreeSet<String>> {
    let dir = lexicon_dir(args);
    match Lexicon::load_dir(&dir) {
        Ok((lexicon, _)) => Some(
            lexicon
                .categories()
                .iter()
                .filter(|c| c.kind == CategoryKind::Loaded)
                .map(|c| c.name.clone())
                .collect(),
        ),
        Err(e) => {
            console.warn(&format!(
                "cannot read the lexicons in {} ({e}): every matched term counts as loaded",
                dir.display()
            ));
            None
        }
    }
}

/// Reads the scored sentence table into [`Rows`].
pub fn read_scores(
    path: &Path,
    by: &str,
    article_groups: Option<&HashMap<String, String>>,
    loaded: Option<&BTreeSet<String>>,
) -> Result<Rows> {
    let mut reader = open(path)?;
    let headers = reader.names().to_vec();
    let find = |name: &str| headers.iter().position(|h| h == name);
    let need = |name: &str| {
        find(name).ok_or_else(|| {
            Error::input(
                Location::line(path, 1),
                format!("no `{name}` column: expected the sentence table of `slant score`"),
            )
        })
    };
    let text = need("text")?;
    let article = find("article_id");
    let words = find("words");
    let matched = find("matched_terms");
    let flag = find("flag");
    let group = find(by);
    if group.is_none() && article_groups.is_none() {
        return Err(Error::input(
            Location::line(path, 1),
            format!("no `{by}` column (pass --articles to take it from the article table)"),
        ));
    }
    // Labels: columns L with at least one column L_p_<class> (in file order).
    // (name, column, [(class, probability column)])
    type LabelColumns = Vec<(String, usize, Vec<(String, usize)>)>;
    let mut labels: LabelColumns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let prefix = format!("{h}_p_");
        let classes: Vec<(String, usize)> = headers
            .iter()
            .enumerate()
            .filter_map(|(j, c)| c.strip_prefix(&prefix).map(|class| (class.to_string(), j)))
            .collect();
        // The relevance head gates rows (through `flag`); it is not a label to report on.
        if !classes.is_empty() && h != crate::model::RELEVANCE_LABEL {
            labels.push((h.to_string(), i, classes));
        }
    }
    if labels.is_empty() {
        return Err(Error::input(
            Location::line(path, 1),
            "no label columns (a column `L` with columns `L_p_<class>`)",
        ));
    }
    let slant_label = labels
        .iter()
        .position(|(name, ..)| name == "stance")
        .or_else(|| {
            labels.iter().position(|(_, _, c)| {
                c.iter().any(|(n, _)| n == "against") && c.iter().any(|(n, _)| n == "favor")
            })
        })
        .and_then(|l| {
            let c = &labels[l].2;
            let col = |name: &str| c.iter().find(|(n, _)| n == name).map(|(_, j)| *j);
            Some((col("against")?, col("favor")?))
        });
    let mut rows = Rows {
        slant: slant_label.map(|_| Vec::new()),
        ..Rows::default()
    };
    let mut predicted: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
    let mut r = TableRow::default();
    while reader.read(&mut r)? {
        let line = r.line();
        let at = || Location::line(path, line);
        if let Some(f) = flag.filter(|&f| !r[f].is_empty()) {
            *rows.flagged.entry(r[f].to_string()).or_default() += 1;
            continue;
        }
        let article_id = article.map(|a| r[a].to_string()).filter(|s| !s.is_empty());
        let mut g = group.map(|g| r[g].to_string()).unwrap_or_default();
        if g.is_empty() {
            if let (Some(map), Some(a)) = (article_groups, &article_id) {
                g = map.get(a).cloned().unwrap_or_default();
            }
        }
        if g.is_empty() {
            g = NO_VALUE.to_string();
        }
        rows.group.push(g);
        rows.article.push(article_id);
        rows.text.push(r[text].to_string());
        let w = match words {
            Some(w) => r[w]
                .parse()
                .map_err(|_| Error::input(at(), format!("`words` is not a count: `{}`", &r[w])))?,
            None => crate::text::tokens::tokenize(&r[text]).len(),
        };
        rows.words.push(w);
        let mut terms = Vec::new();
        if let Some(m) = matched {
            for item in r[m].split("; ").filter(|s| !s.is_empty()) {
                let (surface, category) = match item.rsplit_once(" (") {
                    Some((s, c)) => (s, c.trim_end_matches(')')),
                    None => (item, ""),
                };
                if loaded.is_none_or(|l| l.contains(category)) {
                    terms.push(surface.to_string());
                }
            }
        }
        rows.loaded.push(terms);
        for (l, (name, col, classes)) in labels.iter().enumerate() {
            let prob = |j: usize| -> Result<f64> {
                r[j].parse().map_err(|_| {
                    Error::input(at(), format!("`{}` is not a probability", &headers[j]))
                })
            };
            let cell = &r[*col];
            let class = match classes.iter().position(|(c, _)| c == cell) {
                Some(c) => c,
                None if cell.is_empty() => {
                    // No predicted class written: the most probable one.
                    let mut best = (0, f64::NEG_INFINITY);
                    for (c, (_, j)) in classes.iter().enumerate() {
                        let p = prob(*j)?;
                        if p > best.1 {
                            best = (c, p);
                        }
                    }
                    best.0
                }
                None => {
                    return Err(Error::input(
                        at(),
                        format!("`{name}` is `{cell}`, which has no `{name}_p_{cell}` column"),
                    ))
                }
            };
            predicted[l].push(class);
        }
        if let (Some((a, f)), Some(s)) = (slant_label, rows.slant.as_mut()) {
            let p = |j: usize| -> Result<f64> {
                r[j].parse().map_err(|_| {
                    Error::input(at(), format!("`{}` is not a probability", &headers[j]))
                })
            };
            s.push(p(a)? - p(f)?);
        }
    }
    rows.labels = labels
        .into_iter()
        .zip(predicted)
        .map(|((name, _, classes), predicted)| LabelColumn {
            name,
            classes: classes.into_iter().map(|(c, _)| c).collect(),
            predicted,
            gold: None,
        })
        .collect();
    Ok(rows)
}

pub fn run(args: &ReportArgs, console: &Console) -> Result<()> {
    // Before anything is read: the report must not replace an input.
    let mut plan = IoPlan::new();
    match &args.report {
        Some(dir) => plan.report_dir("--report", dir)?,
        None => plan.output("--report", None)?,
    };
    plan.input("--scores", &args.scores)
        .lexicon_dir("--lexicons", &lexicon_dir(args));
    if let Some(articles) = &args.articles {
        plan.input("--articles", articles);
    }
    for note in plan.check()? {
        console.info(&note);
    }
    let groups = match &args.articles {
        Some(p) => Some(article_groups(p, &args.by)?),
        None => None,
    };
    let loaded = loaded_categories(args, console);
    let rows = read_scores(&args.scores, &args.by, groups.as_ref(), loaded.as_ref())?;
    if rows.group.is_empty() {
        return Err(Error::input(
            Location::file(&args.scores),
            "no scored sentences",
        ));
    }
    if !rows.flagged.is_empty() {
        let parts: Vec<String> = rows
            .flagged
            .iter()
            .map(|(flag, n)| format!("{n} {flag}"))
            .collect();
        console.info(&format!(
            "left out {} sentences that `slant score` flagged ({}; column `flag`)",
            rows.flagged.values().sum::<usize>(),
            parts.join(", ")
        ));
    }
    let report = analyze(&rows, &args.by, Some("article_id"), args.seed);
    for w in &report.warnings {
        console.warn(w);
    }
    for g in report.groups.iter().filter(|g| g.small_n) {
        console.warn(&format!(
            "{} `{}` has small n ({} sentences, {} articles): read its shares with care",
            args.by,
            g.name,
            g.n_sentences,
            g.n_articles.map_or("unknown".into(), |n| n.to_string())
        ));
    }
    let doc = document(args, &report);
    match &args.report {
        Some(dir) => {
            let mut json = serde_json::to_vec_pretty(&report).expect("the report serialises");
            json.push(b'\n');
            // Built aside and swapped in whole: all files new, or (after an error) all old.
            let mut folder = ReportDir::create("--report", dir)?;
            render::write_dir(&mut folder, &doc, vec![("report.json".into(), json)])?;
            folder.commit()?;
            console.info(&format!(
                "{} sentences in {} {} group(s); wrote report.md, report.html, report.json and CSV tables to {}",
                report.n_sentences,
                report.groups.len(),
                args.by,
                dir.display()
            ));
        }
        None => write_output(None, render::markdown(&doc).as_bytes())?,
    }
    Ok(())
}

fn document<'a>(args: &ReportArgs, report: &'a OutletReport) -> Document<'a> {
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
    };
    let mut about = vec![format!(
        "scored sentences: `{}` (grouped by `{}`)",
        name(&args.scores),
        args.by
    )];
    if let Some(a) = &args.articles {
        about.push(format!("article table: `{}`", name(a)));
    }
    about.push(format!(
        "labels: {}",
        report
            .labels
            .iter()
            .map(|l| format!("`{}` ({})", l.name, l.classes.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    Document {
        title: format!("slant report by {}", args.by),
        about,
        outlets: Some(report),
        eval: None,
    }
}

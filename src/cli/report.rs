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
use crate::warnings::Warnings;

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
    /// Make repeated column names and repeated article ids of the article table errors.
    #[arg(long)]
    pub strict: bool,
}

/// Warning kinds of `report`.
pub const REPEATED_ARTICLE: &str = "repeated article id";
pub const REPEATED_SENTENCE: &str = "repeated scored sentence";

/// How far a label's probabilities may sum from 1 (they are written with 6 decimals).
pub const PROBABILITY_SUM_TOLERANCE: f64 = 0.01;

/// Name of a group whose cell is empty.
pub const NO_VALUE: &str = "(none)";

fn open(path: &Path) -> Result<CsvTable> {
    CsvTable::open(path)
}

/// Reads the `--by` column of an article table, keyed by article_id. An article id given twice
/// is a warning (the first row is used), or under `strict` an error.
fn article_groups(
    path: &Path,
    by: &str,
    strict: bool,
    warnings: &mut Warnings,
) -> Result<HashMap<String, String>> {
    let mut reader = open(path)?;
    let headers = reader.names().to_vec();
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    crate::corpus::csv_header::check_repeated_names(path, &names, false, strict, warnings)?;
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                Location::line(path, 1),
                format!(
                    "no `{name}` column in the article table (found: {})",
                    names.join(", ")
                ),
            )
        })
    };
    let (id, group) = (col("article_id")?, col(by)?);
    let mut out: HashMap<String, (String, u64)> = HashMap::new();
    let mut r = TableRow::default();
    while reader.read(&mut r)? {
        let line = r.line();
        match out.get(&r[id]) {
            None => {
                out.insert(r[id].to_string(), (r[group].to_string(), line));
            }
            Some((first_group, first_line)) => {
                let message = if *first_group == r[group] {
                    format!(
                        "article_id `{}` repeats line {first_line}: read once",
                        &r[id]
                    )
                } else {
                    format!(
                        "article_id `{}` has {by} `{}` here but `{first_group}` at line {first_line}: line {first_line} is used",
                        &r[id], &r[group]
                    )
                };
                if strict {
                    return Err(Error::input(
                        Location::line(path, line),
                        format!("{message} (--strict)"),
                    ));
                }
                warnings.push(
                    REPEATED_ARTICLE,
                    format!("{}:{line}: {message}", path.display()),
                );
            }
        }
    }
    Ok(out.into_iter().map(|(k, (g, _))| (k, g)).collect())
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

/// Reads the scored sentence table into [`Rows`]. Every probability must be a number from 0 to 1
/// and each label's must sum to 1 (within [`PROBABILITY_SUM_TOLERANCE`]): anything else is an
/// error naming the line and column. Repeated column names are warnings (errors under `strict`).
pub fn read_scores(
    path: &Path,
    by: &str,
    article_groups: Option<&HashMap<String, String>>,
    loaded: Option<&BTreeSet<String>>,
    strict: bool,
    warnings: &mut Warnings,
) -> Result<Rows> {
    let mut reader = open(path)?;
    let headers = reader.names().to_vec();
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    crate::corpus::csv_header::check_repeated_names(path, &names, false, strict, warnings)?;
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
            format!(
                "no `{by}` column for --by (found: {}); pass --articles to take it from the article table",
                names.join(", ")
            ),
        ));
    }
    // Labels: columns L with at least one column L_p_<class> (in file order).
    // (name, column, [(class, probability column)])
    type LabelColumns = Vec<(String, usize, Vec<(String, usize)>)>;
    let mut labels: LabelColumns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        // A repeated name (warned about above): its first column is the one read.
        if names[..i].contains(&h.as_str()) {
            continue;
        }
        let prefix = format!("{h}_p_");
        let mut classes: Vec<(String, usize)> = Vec::new();
        for (j, c) in headers.iter().enumerate() {
            if let Some(class) = c.strip_prefix(&prefix) {
                if !classes.iter().any(|(k, _)| k == class) {
                    classes.push((class.to_string(), j));
                }
            }
        }
        // The relevance head gates rows (through `flag`); it is not a label to report on. The
        // rule is `Model::relevance_head`'s: the label `relevant` with the classes `no` and `yes`.
        let gate = h == crate::model::RELEVANCE_LABEL
            && classes.len() == 2
            && classes.iter().any(|(c, _)| c == "no")
            && classes.iter().any(|(c, _)| c == "yes");
        if !classes.is_empty() && !gate {
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
    // (article_id, sentence_index) -> (hash of the text, line): a table given twice (two scored
    // tables concatenated) would count its sentences twice.
    let index = find("sentence_index");
    let mut seen: HashMap<(String, String), (u64, u64)> = HashMap::new();
    let mut r = TableRow::default();
    while reader.read(&mut r)? {
        let line = r.line();
        let at = || Location::line(path, line);
        if let (Some(a), Some(i)) = (article, index) {
            if !r[a].is_empty() {
                let text_hash = {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::hash::DefaultHasher::new();
                    r[text].hash(&mut h);
                    h.finish()
                };
                match seen.get(&(r[a].to_string(), r[i].to_string())) {
                    None => {
                        seen.insert((r[a].to_string(), r[i].to_string()), (text_hash, line));
                    }
                    Some(&(first_hash, first_line)) => {
                        let same = first_hash == text_hash;
                        let message = if same {
                            format!(
                                "sentence {} of article `{}` repeats line {first_line}: read once",
                                &r[i], &r[a]
                            )
                        } else {
                            format!(
                                "sentence {} of article `{}` is also at line {first_line} with another text: two articles share the id (both are read, as one article)",
                                &r[i], &r[a]
                            )
                        };
                        if strict {
                            return Err(Error::input(at(), format!("{message} (--strict)")));
                        }
                        warnings.push(
                            REPEATED_SENTENCE,
                            format!("{}:{line}: {message}", path.display()),
                        );
                        if same {
                            continue;
                        }
                    }
                }
            }
        }
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
            let prob = |j: usize| -> Result<f64> { probability(&r[j], &headers[j], j, at()) };
            let mut sum = 0.0;
            for (_, j) in classes {
                sum += prob(*j)?;
            }
            if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
                let columns: Vec<&str> =
                    classes.iter().map(|(_, j)| headers[*j].as_str()).collect();
                return Err(Error::input(
                    at(),
                    format!(
                        "the `{name}` probabilities sum to {}, not 1 (columns {})",
                        format!("{sum:.6}")
                            .trim_end_matches('0')
                            .trim_end_matches('.'),
                        columns.join(", ")
                    ),
                ));
            }
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
            let p = |j: usize| -> Result<f64> { probability(&r[j], &headers[j], j, at()) };
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

/// A probability cell: a number from 0 to 1 (NaN, infinities, negative numbers and numbers above 1
/// are errors naming the line and column).
fn probability(cell: &str, header: &str, column: usize, at: Location) -> Result<f64> {
    let problem = match cell.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => return Ok(p),
        Ok(p) if p.is_nan() => "is not a number".to_string(),
        Ok(p) if p.is_infinite() => "is infinite".to_string(),
        Ok(_) => "is outside 0–1".to_string(),
        Err(_) => "is not a number".to_string(),
    };
    Err(Error::input(
        at,
        format!(
            "`{header}` (column {}) is `{cell}`, which {problem}: not a probability",
            column + 1
        ),
    ))
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
    let mut warnings = Warnings::default();
    let groups = match &args.articles {
        Some(p) => Some(article_groups(p, &args.by, args.strict, &mut warnings)?),
        None => None,
    };
    let loaded = loaded_categories(args, console);
    let rows = read_scores(
        &args.scores,
        &args.by,
        groups.as_ref(),
        loaded.as_ref(),
        args.strict,
        &mut warnings,
    )?;
    console.warnings(&warnings);
    let flagged = (!rows.flagged.is_empty()).then(|| {
        let parts: Vec<String> = rows
            .flagged
            .iter()
            .map(|(flag, n)| format!("{n} {flag}"))
            .collect();
        format!(
            "{} sentences that `slant score` flagged ({}; column `flag`)",
            rows.flagged.values().sum::<usize>(),
            parts.join(", ")
        )
    });
    if rows.group.is_empty() {
        let why = match &flagged {
            Some(f) => format!("no scored sentence left to report on: all are {f}"),
            None => "no scored sentences".into(),
        };
        return Err(Error::input(Location::file(&args.scores), why));
    }
    if let Some(f) = &flagged {
        console.info(&format!("left out {f}"));
    }
    let report = analyze(&rows, &args.by, Some("article_id"), args.seed);
    for w in &report.warnings {
        console.warn_of("leakage", w);
    }
    for g in report.groups.iter().filter(|g| g.small_n) {
        console.warn_of(
            "small n",
            &format!(
                "{} `{}` has small n ({} sentences, {} articles): read its shares with care",
                args.by,
                g.name,
                g.n_sentences,
                g.n_articles.map_or("unknown".into(), |n| n.to_string())
            ),
        );
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

//! The report folder of `slant eval --report DIR` and `slant report --report DIR`: `report.md`,
//! `report.html` (self-contained: inline SVG charts and CSS, no scripts, no network), CSV tables
//! and the JSON of all metrics, in a folder built aside and swapped in whole
//! ([`crate::corpus::report_dir`]).
//!
//! CSV tables (one row per group unless said otherwise):
//! - `outlets.csv`: `group,n_articles,n_sentences,small_n,ci_unit,slant,slant_low,slant_high,words,loaded_terms,loaded_per_100_words`
//! - `outlet_shares.csv`: `group,label,source,class,share,low,high,n_sentences` (`source` is
//!   `predicted` or `gold`; one row per group, label, source and class)
//! - `outlet_terms.csv`: `group,kind,rank,term,z,count,count_others` (`kind` is `distinguishing`
//!   or `loaded`; `z` empty for loaded terms)
//! - eval only: `per_class.csv` (`class,precision,recall,f1,support,predicted`) and
//!   `confusion.csv` (`gold,<predicted class>...`).

use super::charts::{self, IntervalSeries, ReliabilityBin};
use super::outlets::{OutletReport, SMALL_N_ARTICLES, SMALL_N_SENTENCES};
use super::stats::Interval;
use super::table::{Cell, Format, TableWriter};
use crate::corpus::ReportDir;
use crate::error::{Error, Result};
use crate::eval::EvalReport;

/// What an evaluation adds to a report.
pub struct EvalSection<'a> {
    pub report: &'a EvalReport,
    pub scheme: String,
    pub reliability: Vec<ReliabilityBin>,
}

/// Everything a report shows.
pub struct Document<'a> {
    pub title: String,
    /// Lines describing the input and the command.
    pub about: Vec<String>,
    pub outlets: Option<&'a OutletReport>,
    pub eval: Option<EvalSection<'a>>,
}

/// A piece of the report, rendered to Markdown or HTML.
enum Block {
    Heading(u8, String),
    Para(String),
    List(Vec<String>),
    Table(Vec<String>, Vec<Vec<String>>),
    Chart(String),
}

fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", 100.0 * x)
    } else {
        "–".into()
    }
}

fn interval_pct(iv: &Interval) -> String {
    if iv.low.is_finite() {
        format!(
            "{} [{}, {}]",
            pct(iv.estimate),
            pct(iv.low).trim_end_matches('%'),
            pct(iv.high)
        )
    } else {
        pct(iv.estimate)
    }
}

fn num(x: f64, digits: usize) -> String {
    if x.is_finite() {
        format!("{x:.digits$}")
    } else {
        "–".into()
    }
}

fn signed_interval(iv: &Interval) -> String {
    if !iv.estimate.is_finite() {
        return "–".into();
    }
    if iv.low.is_finite() {
        format!("{:+.3} [{:+.3}, {:+.3}]", iv.estimate, iv.low, iv.high)
    } else {
        format!("{:+.3}", iv.estimate)
    }
}

fn blocks(doc: &Document<'_>) -> Vec<Block> {
    let mut out = vec![Block::Heading(1, doc.title.clone())];
    if !doc.about.is_empty() {
        out.push(Block::List(doc.about.clone()));
    }
    let mut warnings: Vec<String> = Vec::new();
    if let Some(o) = doc.outlets {
        warnings.extend(o.warnings.iter().cloned());
    }
    if !warnings.is_empty() {
        out.push(Block::Heading(2, "Warnings".into()));
        out.push(Block::List(warnings));
    }
    if let Some(e) = &doc.eval {
        eval_blocks(e, &mut out);
    }
    if let Some(o) = doc.outlets {
        outlet_blocks(o, doc.eval.is_some(), &mut out);
    }
    out
}

fn eval_blocks(e: &EvalSection<'_>, out: &mut Vec<Block>) {
    let r = e.report;
    out.push(Block::Heading(2, format!("Evaluation of `{}`", r.label)));
    out.push(Block::Para(format!(
        "{}; {} rows evaluated out of fold, {} classes.",
        e.scheme,
        r.pooled.n,
        r.classes.len()
    )));
    let ms = |m: &crate::eval::metrics::MeanStd| match m.std {
        Some(s) => format!("{} ± {}", num(m.mean, 4), num(s, 4)),
        None => num(m.mean, 4),
    };
    let s = &r.summary;
    let p = &r.pooled;
    out.push(Block::Table(
        vec![
            "metric".into(),
            format!("mean ± std over {} fold(s)", r.folds.len()),
            format!("pooled (n = {})", p.n),
        ],
        vec![
            vec!["accuracy".into(), ms(&s.accuracy), num(p.accuracy, 4)],
            vec!["macro-F1".into(), ms(&s.macro_f1), num(p.macro_f1, 4)],
            vec!["log loss".into(), ms(&s.log_loss), num(p.log_loss, 4)],
            vec!["Brier".into(), ms(&s.brier), num(p.brier, 4)],
            vec!["ECE".into(), ms(&s.ece), num(p.ece, 4)],
        ],
    ));
    out.push(Block::Heading(3, "Per class (pooled)".into()));
    out.push(Block::Table(
        ["class", "precision", "recall", "F1", "support", "predicted"]
            .map(String::from)
            .to_vec(),
        p.per_class
            .iter()
            .map(|c| {
                vec![
                    c.class.clone(),
                    num(c.precision, 4),
                    num(c.recall, 4),
                    num(c.f1, 4),
                    c.support.to_string(),
                    c.predicted.to_string(),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(
        3,
        "Confusion matrix (rows gold, columns predicted)".into(),
    ));
    let mut header = vec!["gold \\ predicted".to_string()];
    header.extend(r.classes.iter().cloned());
    out.push(Block::Table(
        header,
        r.classes
            .iter()
            .zip(&p.confusion)
            .map(|(c, row)| {
                let mut cells = vec![c.clone()];
                cells.extend(row.iter().map(|n| n.to_string()));
                cells
            })
            .collect(),
    ));
    out.push(Block::Chart(charts::confusion_heatmap(
        "Confusion matrix (shaded by row share)",
        &r.classes,
        &p.confusion,
    )));
    out.push(Block::Heading(
        3,
        "Reliability (top-label confidence)".into(),
    ));
    out.push(Block::Table(
        ["confidence", "n", "mean confidence", "accuracy"]
            .map(String::from)
            .to_vec(),
        e.reliability
            .iter()
            .filter(|b| b.n > 0)
            .map(|b| {
                vec![
                    format!("{:.1}–{:.1}", b.low, b.high),
                    b.n.to_string(),
                    num(b.confidence, 3),
                    num(b.accuracy, 3),
                ]
            })
            .collect(),
    ));
    out.push(Block::Chart(charts::reliability_diagram(
        "Reliability diagram",
        &e.reliability,
    )));
}

fn outlet_blocks(o: &OutletReport, eval: bool, out: &mut Vec<Block>) {
    let by = &o.by;
    out.push(Block::Heading(2, format!("By {by}")));
    let articles = o
        .n_articles
        .map(|n| format!(", {n} articles"))
        .unwrap_or_default();
    out.push(Block::Para(format!(
        "n = {} sentences{articles} in {} group(s). Shares are of sentences; 95% intervals from \
         {} bootstrap resamples of {} (seed {}). Small n (*): fewer than {SMALL_N_SENTENCES} \
         sentences or fewer than {SMALL_N_ARTICLES} articles; such groups' intervals resample \
         sentences and are too narrow if sentences of one article are alike.",
        o.n_sentences,
        o.groups.len(),
        o.bootstrap_reps,
        if o.cluster.is_some() {
            "articles"
        } else {
            "sentences"
        },
        o.seed
    )));
    let name = |g: &super::outlets::GroupStats| {
        if g.small_n {
            format!("{} *", g.name)
        } else {
            g.name.clone()
        }
    };
    let names: Vec<String> = o.groups.iter().map(|g| g.name.clone()).collect();
    let mut header = vec![
        by.clone(),
        "articles".into(),
        "sentences".into(),
        "slant (95% CI)".into(),
        "loaded / 100 words".into(),
    ];
    if eval {
        header.extend(o.labels.iter().map(|l| format!("macro-F1 ({})", l.name)));
    }
    out.push(Block::Table(
        header,
        o.groups
            .iter()
            .map(|g| {
                let mut cells = vec![
                    name(g),
                    g.n_articles.map_or("–".into(), |n| n.to_string()),
                    g.n_sentences.to_string(),
                    g.slant.as_ref().map_or("–".into(), signed_interval),
                    num(g.loaded_per_100_words, 2),
                ];
                if eval {
                    cells.extend(
                        g.labels
                            .iter()
                            .map(|l| l.macro_f1.map_or("–".into(), |f| num(f, 3))),
                    );
                }
                cells
            })
            .collect(),
    ));
    if o.groups.iter().any(|g| g.slant.is_some()) {
        out.push(Block::Para(
            "slant: mean P(against) − mean P(favor) per sentence, averaged per article; positive \
             leans against, negative in favour."
                .into(),
        ));
    }
    for (l, label) in o.labels.iter().enumerate() {
        out.push(Block::Heading(
            3,
            if label.gold {
                format!("`{}`: gold and predicted (out-of-fold) shares", label.name)
            } else {
                format!("`{}`: predicted shares", label.name)
            },
        ));
        let mut header = vec![by.clone(), "n".into()];
        if label.gold {
            header.push("source".into());
        }
        header.extend(label.classes.iter().cloned());
        let mut rows = Vec::new();
        for g in &o.groups {
            let gl = &g.labels[l];
            let mut sources = vec![("predicted", &gl.predicted)];
            if let Some(gold) = &gl.gold {
                sources.insert(0, ("gold", gold));
            }
            for (source, shares) in sources {
                let mut cells = vec![name(g), g.n_sentences.to_string()];
                if label.gold {
                    cells.push(source.into());
                }
                cells.extend(shares.iter().map(interval_pct));
                rows.push(cells);
            }
        }
        out.push(Block::Table(header, rows));
        let predicted: Vec<Vec<f64>> = o
            .groups
            .iter()
            .map(|g| g.labels[l].predicted.iter().map(|i| i.estimate).collect())
            .collect();
        out.push(Block::Chart(charts::stacked_shares(
            &format!("{}: predicted mix per {by}", label.name),
            &names,
            &label.classes,
            &predicted,
        )));
        let mut series = Vec::new();
        for (c, class) in label.classes.iter().enumerate() {
            if label.gold {
                series.push(IntervalSeries {
                    name: format!("{class} (gold)"),
                    color: charts::class_color(c, class),
                    values: o
                        .groups
                        .iter()
                        .map(|g| g.labels[l].gold.as_ref().expect("gold")[c])
                        .collect(),
                    light: true,
                });
            }
            series.push(IntervalSeries {
                name: if label.gold {
                    format!("{class} (predicted)")
                } else {
                    class.clone()
                },
                color: charts::class_color(c, class),
                values: o.groups.iter().map(|g| g.labels[l].predicted[c]).collect(),
                light: false,
            });
        }
        // The balance chart for stance-like labels (few classes); the stacked bars carry the rest.
        if label.classes.len() <= 4 {
            out.push(Block::Chart(charts::shares_with_intervals(
                &format!("{}: balance per {by} with 95% CIs", label.name),
                &names,
                &series,
            )));
        }
    }
    out.push(Block::Heading(3, "Top loaded terms".into()));
    out.push(Block::Table(
        vec![by.clone(), "n".into(), "loaded terms (count)".into()],
        o.groups
            .iter()
            .map(|g| {
                vec![
                    name(g),
                    g.n_sentences.to_string(),
                    g.top_loaded_terms
                        .iter()
                        .map(|t| format!("{} ({})", t.term, t.count))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    ));
    out.push(Block::Heading(
        3,
        format!("Words and phrases that distinguish each {by}"),
    ));
    out.push(Block::Para(format!(
        "Weighted log-odds ratio with an informative Dirichlet prior from the whole corpus \
         (Monroe, Colaresi & Quinn 2008): z-score of each {by} against all others; shown with its \
         count in the {by} / in the others."
    )));
    out.push(Block::Table(
        vec![by.clone(), "n".into(), "terms (z; count / others)".into()],
        o.groups
            .iter()
            .map(|g| {
                vec![
                    name(g),
                    g.n_sentences.to_string(),
                    g.distinguishing_terms
                        .iter()
                        .map(|t| format!("{} ({:.2}; {}/{})", t.term, t.z, t.count, t.count_others))
                        .collect::<Vec<_>>()
                        .join(", "),
                ]
            })
            .collect(),
    ));
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// `report.md`.
pub fn markdown(doc: &Document<'_>) -> String {
    let mut s = String::new();
    for b in blocks(doc) {
        match b {
            Block::Heading(level, text) => {
                s.push_str(&"#".repeat(level as usize));
                s.push(' ');
                s.push_str(&text);
                s.push_str("\n\n");
            }
            Block::Para(text) => {
                s.push_str(&text);
                s.push_str("\n\n");
            }
            Block::List(items) => {
                for i in items {
                    s.push_str("- ");
                    s.push_str(&i);
                    s.push('\n');
                }
                s.push('\n');
            }
            Block::Table(header, rows) => {
                let line = |cells: &[String]| {
                    format!(
                        "| {} |\n",
                        cells
                            .iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                s.push_str(&line(&header));
                s.push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for r in &rows {
                    s.push_str(&line(r));
                }
                s.push('\n');
            }
            Block::Chart(_) => {}
        }
    }
    s.truncate(s.trim_end().len());
    s.push('\n');
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline code spans of the Markdown text as HTML.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", esc(part)));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;\
padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}code{background:#f3f3f3;padding:0 .2em}\
figure{margin:0 0 1.5em;overflow-x:auto}.warn li{color:#8a3b00}";

/// `report.html`: one file, no scripts, no external resources.
pub fn html(doc: &Document<'_>) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n",
        esc(&doc.title)
    );
    let mut in_warnings = false;
    for b in blocks(doc) {
        match b {
            Block::Heading(level, text) => {
                in_warnings = text == "Warnings";
                s.push_str(&format!("<h{level}>{}</h{level}>\n", inline(&text)));
            }
            Block::Para(text) => s.push_str(&format!("<p>{}</p>\n", inline(&text))),
            Block::List(items) => {
                s.push_str(if in_warnings {
                    "<ul class=\"warn\">\n"
                } else {
                    "<ul>\n"
                });
                for i in items {
                    s.push_str(&format!("<li>{}</li>\n", inline(&i)));
                }
                s.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                s.push_str("<table>\n<tr>");
                for h in &header {
                    s.push_str(&format!("<th>{}</th>", inline(h)));
                }
                s.push_str("</tr>\n");
                for r in &rows {
                    s.push_str("<tr>");
                    for c in r {
                        s.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
            Block::Chart(svg) => {
                s.push_str("<figure class=\"chart\">\n");
                s.push_str(&svg);
                s.push_str("\n</figure>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

fn csv_table(columns: &[&str], rows: Vec<Vec<Cell<'_>>>) -> std::io::Result<Vec<u8>> {
    let mut t = TableWriter::new(
        Vec::new(),
        Format::Csv,
        columns.iter().map(|c| c.to_string()).collect(),
    )?;
    for r in &rows {
        t.write_row(r)?;
    }
    t.finish()
}

fn iv_cells(iv: &Interval) -> [Cell<'static>; 3] {
    [
        Cell::Float(iv.estimate),
        Cell::Float(iv.low),
        Cell::Float(iv.high),
    ]
}

/// The CSV tables of a document, as `(file name, bytes)`.
pub fn csv_tables(doc: &Document<'_>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    if let Some(o) = doc.outlets {
        let rows = o
            .groups
            .iter()
            .map(|g| {
                let mut r = vec![
                    Cell::Text(&g.name),
                    g.n_articles.map_or(Cell::Empty, |n| Cell::Int(n as u64)),
                    Cell::Int(g.n_sentences as u64),
                    Cell::Text(if g.small_n { "true" } else { "false" }),
                    Cell::Text(g.ci_unit),
                ];
                match &g.slant {
                    Some(iv) => r.extend(iv_cells(iv)),
                    None => r.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                }
                r.extend([
                    Cell::Int(g.words as u64),
                    Cell::Int(g.loaded_terms as u64),
                    Cell::Float(g.loaded_per_100_words),
                ]);
                r
            })
            .collect();
        files.push((
            "outlets.csv".to_string(),
            csv_table(
                &[
                    "group",
                    "n_articles",
                    "n_sentences",
                    "small_n",
                    "ci_unit",
                    "slant",
                    "slant_low",
                    "slant_high",
                    "words",
                    "loaded_terms",
                    "loaded_per_100_words",
                ],
                rows,
            )?,
        ));
        let mut rows = Vec::new();
        for g in &o.groups {
            for (l, label) in o.labels.iter().enumerate() {
                let gl = &g.labels[l];
                let mut sources = vec![("predicted", &gl.predicted)];
                if let Some(gold) = &gl.gold {
                    sources.insert(0, ("gold", gold));
                }
                for (source, shares) in sources {
                    for (class, iv) in label.classes.iter().zip(shares.iter()) {
                        let mut r = vec![
                            Cell::Text(&g.name),
                            Cell::Text(&label.name),
                            Cell::Text(source),
                            Cell::Text(class),
                        ];
                        r.extend(iv_cells(iv));
                        r.push(Cell::Int(g.n_sentences as u64));
                        rows.push(r);
                    }
                }
            }
        }
        files.push((
            "outlet_shares.csv".to_string(),
            csv_table(
                &[
                    "group",
                    "label",
                    "source",
                    "class",
                    "share",
                    "low",
                    "high",
                    "n_sentences",
                ],
                rows,
            )?,
        ));
        let mut rows = Vec::new();
        for g in &o.groups {
            for (i, t) in g.distinguishing_terms.iter().enumerate() {
                rows.push(vec![
                    Cell::Text(&g.name),
                    Cell::Text("distinguishing"),
                    Cell::Int(i as u64 + 1),
                    Cell::Text(&t.term),
                    Cell::Float(t.z),
                    Cell::Int(t.count as u64),
                    Cell::Int(t.count_others as u64),
                ]);
            }
            for (i, t) in g.top_loaded_terms.iter().enumerate() {
                rows.push(vec![
                    Cell::Text(&g.name),
                    Cell::Text("loaded"),
                    Cell::Int(i as u64 + 1),
                    Cell::Text(&t.term),
                    Cell::Empty,
                    Cell::Int(t.count as u64),
                    Cell::Empty,
                ]);
            }
        }
        files.push((
            "outlet_terms.csv".to_string(),
            csv_table(
                &[
                    "group",
                    "kind",
                    "rank",
                    "term",
                    "z",
                    "count",
                    "count_others",
                ],
                rows,
            )?,
        ));
    }
    if let Some(e) = &doc.eval {
        let p = &e.report.pooled;
        let rows = p
            .per_class
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(&c.class),
                    Cell::Float(c.precision),
                    Cell::Float(c.recall),
                    Cell::Float(c.f1),
                    Cell::Int(c.support as u64),
                    Cell::Int(c.predicted as u64),
                ]
            })
            .collect();
        files.push((
            "per_class.csv".to_string(),
            csv_table(
                &["class", "precision", "recall", "f1", "support", "predicted"],
                rows,
            )?,
        ));
        let mut columns = vec!["gold"];
        columns.extend(e.report.classes.iter().map(String::as_str));
        let rows = e
            .report
            .classes
            .iter()
            .zip(&p.confusion)
            .map(|(c, row)| {
                let mut r = vec![Cell::Text(c)];
                r.extend(row.iter().map(|&n| Cell::Int(n as u64)));
                r
            })
            .collect();
        files.push(("confusion.csv".to_string(), csv_table(&columns, rows)?));
    }
    Ok(files)
}

/// Writes `report.md`, `report.html`, the CSV tables and `extra` files (e.g. the JSON) into
/// report folder `dir` (in place only when it is committed).
pub fn write_dir(
    dir: &mut ReportDir,
    doc: &Document<'_>,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<()> {
    let mut files = vec![
        ("report.md".to_string(), markdown(doc).into_bytes()),
        ("report.html".to_string(), html(doc).into_bytes()),
    ];
    files.extend(csv_tables(doc).map_err(|e| Error::io(dir.path(), e))?);
    files.extend(extra);
    for (name, bytes) in files {
        dir.write(&name, &bytes)?;
    }
    Ok(())
}

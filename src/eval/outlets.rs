//! Per-outlet evaluation: when the data has an `outlet` column, the out-of-fold predictions are
//! grouped by outlet ([`crate::report::outlets`]): gold next to predicted label shares with
//! bootstrap intervals (resampling `article_id` groups when the column exists), per-outlet
//! macro-F1, loaded-term density and top loaded terms, small-n flags and a warning when an
//! outlet's gold labels are nearly all one class (outlet leakage).

use std::path::PathBuf;

use super::cv::CvOutcome;
use super::data::{EvalData, EvalInput, Scheme};
use super::metrics::ECE_BINS;
use crate::corpus::csv_table::{CsvTable, TableRow};
use crate::error::{Error, Location, Result};
use crate::lexicon::{CategoryKind, Lexicon};
use crate::model::argmax;
use crate::report::charts::ReliabilityBin;
use crate::report::outlets::{analyze, LabelColumn, OutletReport, Rows};
use crate::text::tokens::tokenize;

/// The grouping column of the per-outlet evaluation.
pub const OUTLET_COLUMN: &str = "outlet";
/// The column whose groups the bootstrap resamples, when present.
pub const ARTICLE_COLUMN: &str = "article_id";

/// Values of `outlet` and `article_id` per data row of `files` (rows counted over the files in
/// order, as [`crate::eval::EvalRow::row`]); `None` when no file has an `outlet` column.
/// Per data row: outlet, article id; and whether any file has an article column.
type SideColumns = (Vec<String>, Vec<Option<String>>, bool);

fn side_columns(files: &[PathBuf]) -> Result<Option<SideColumns>> {
    let mut outlets = Vec::new();
    let mut articles = Vec::new();
    let mut any_outlet = false;
    let mut any_article = false;
    for path in files {
        let mut reader = CsvTable::open(path)?;
        let headers = reader.names().to_vec();
        let o = headers.iter().position(|h| h == OUTLET_COLUMN);
        let a = headers.iter().position(|h| h == ARTICLE_COLUMN);
        any_outlet |= o.is_some();
        any_article |= a.is_some();
        let mut r = TableRow::default();
        while reader.read(&mut r)? {
            outlets.push(o.and_then(|i| r.get(i)).unwrap_or("").to_string());
            articles.push(
                a.and_then(|i| r.get(i))
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
        }
    }
    Ok(any_outlet.then_some((outlets, articles, any_article)))
}

/// The per-outlet report of the out-of-fold predictions, or `None` without an `outlet` column.
pub fn evaluate_outlets(
    input: &EvalInput,
    data: &EvalData,
    outcome: &CvOutcome,
    lexicon: &Lexicon,
    seed: u64,
) -> Result<Option<OutletReport>> {
    let files: Vec<PathBuf> = match &input.scheme {
        Scheme::HeldOut { path } => vec![path.clone()],
        _ => input.data.clone(),
    };
    let Some((outlets, articles, has_articles)) = side_columns(&files)? else {
        return Ok(None);
    };
    let k = data.classes.len();
    let class = |name: &str| data.classes.iter().position(|c| c == name);
    let slant_classes = class("against").zip(class("favor"));
    let mut rows = Rows {
        slant: slant_classes.map(|_| Vec::new()),
        ..Rows::default()
    };
    let mut gold = Vec::new();
    let mut predicted = Vec::new();
    for (i, row) in data.rows.iter().enumerate() {
        if outcome.fold_of_row[i].is_none() {
            continue;
        }
        let Some(outlet) = outlets.get(row.row) else {
            return Err(Error::input(
                Location::file(&files[0]),
                format!(
                    "data row {} has no `{OUTLET_COLUMN}` entry ({} rows read again)",
                    row.row,
                    outlets.len()
                ),
            ));
        };
        let probs = &outcome.probs[i * k..(i + 1) * k];
        rows.group.push(if outlet.is_empty() {
            "(none)".into()
        } else {
            outlet.clone()
        });
        rows.article.push(articles[row.row].clone());
        rows.words.push(tokenize(&row.text).len());
        rows.loaded.push(
            lexicon
                .find(&row.text)
                .iter()
                .filter(|m| lexicon.categories()[m.category].kind == CategoryKind::Loaded)
                .map(|m| row.text[m.start..m.end].to_string())
                .collect(),
        );
        rows.text.push(row.text.clone());
        if let (Some((a, f)), Some(s)) = (slant_classes, rows.slant.as_mut()) {
            s.push(probs[a] - probs[f]);
        }
        gold.push(row.gold);
        predicted.push(argmax(probs));
    }
    rows.labels.push(LabelColumn {
        name: data.label.clone(),
        classes: data.classes.clone(),
        predicted,
        gold: Some(gold),
    });
    let cluster = has_articles.then_some(ARTICLE_COLUMN);
    Ok(Some(analyze(&rows, OUTLET_COLUMN, cluster, seed)))
}

/// Reliability bins of the out-of-fold predictions: the bins of the expected calibration error
/// (equal width, top-label confidence).
pub fn reliability(gold: &[usize], probs: &[f64], k: usize) -> Vec<ReliabilityBin> {
    let bins = ECE_BINS;
    let mut out: Vec<ReliabilityBin> = (0..bins)
        .map(|b| ReliabilityBin {
            low: b as f64 / bins as f64,
            high: (b + 1) as f64 / bins as f64,
            n: 0,
            confidence: 0.0,
            accuracy: 0.0,
        })
        .collect();
    for (&g, p) in gold.iter().zip(probs.chunks_exact(k)) {
        let top = argmax(p);
        let conf = p[top];
        let b = (0..bins)
            .find(|&b| conf <= (b + 1) as f64 / bins as f64)
            .unwrap_or(bins - 1);
        out[b].n += 1;
        out[b].confidence += conf;
        out[b].accuracy += f64::from(u8::from(top == g));
    }
    for b in &mut out {
        if b.n > 0 {
            b.confidence /= b.n as f64;
            b.accuracy /= b.n as f64;
        }
    }
    out
}

/// The per-outlet table of the text summary.
pub fn render_text(report: &OutletReport, label_classes: &[String]) -> String {
    let mut s = format!(
        "\nper {} (out-of-fold; shares gold -> predicted with 95% bootstrap CI over {}; * small n):\n",
        report.by,
        if report.cluster.is_some() {
            "articles"
        } else {
            "sentences"
        }
    );
    let width = report
        .groups
        .iter()
        .map(|g| g.name.chars().count() + 2)
        .max()
        .unwrap_or(6)
        .clamp(6, 28);
    s.push_str(&format!(
        "  {:<width$} {:>6} {:>8}  {:>11}",
        report.by, "n", "macro-F1", "loaded/100w"
    ));
    for c in label_classes {
        s.push_str(&format!("  {c}"));
    }
    s.push('\n');
    for g in &report.groups {
        let name = if g.small_n {
            format!("{} *", g.name)
        } else {
            g.name.clone()
        };
        let l = &g.labels[0];
        s.push_str(&format!(
            "  {:<width$} {:>6} {:>8.4}  {:>11.2}",
            name,
            g.n_sentences,
            l.macro_f1.unwrap_or(f64::NAN),
            g.loaded_per_100_words
        ));
        let gold = l.gold.as_ref().expect("eval has gold labels");
        for (gi, pi) in gold.iter().zip(&l.predicted) {
            s.push_str(&format!(
                "  {:.0}% -> {:.0}% [{:.0}-{:.0}]",
                100.0 * gi.estimate,
                100.0 * pi.estimate,
                100.0 * pi.low,
                100.0 * pi.high
            ));
        }
        s.push('\n');
    }
    for w in &report.warnings {
        s.push_str(&format!("  warning: {w}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reliability_bins_hold_mean_confidence_and_accuracy() {
        // Rows: p = (0.95, 0.05) gold 0 (right), (0.92, 0.08) gold 1 (wrong), (0.4, 0.6) gold 1.
        let probs = [0.95, 0.05, 0.92, 0.08, 0.4, 0.6];
        let bins = reliability(&[0, 1, 1], &probs, 2);
        assert_eq!(bins.len(), 10);
        let top = &bins[9];
        assert_eq!(top.n, 2);
        assert!((top.confidence - 0.935).abs() < 1e-12);
        assert!((top.accuracy - 0.5).abs() < 1e-12);
        assert_eq!((bins[5].n, bins[5].accuracy), (1, 1.0));
        assert_eq!(bins.iter().map(|b| b.n).sum::<usize>(), 3);
    }
}

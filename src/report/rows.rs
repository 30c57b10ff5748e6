//! The row layouts of `slant score`: one row per sentence, and with `--articles` one per article.
//! Column names are an interface (scripts read them): add columns, never rename them.

use std::io::Write;

use crate::model::Model;
use crate::report::table::{Cell, Format, TableWriter};
use crate::score::{summarize, ScoredArticle};

/// Columns of the sentence table for a model.
pub fn sentence_columns(model: &Model) -> Vec<String> {
    let mut cols: Vec<String> = [
        "article_id",
        "outlet",
        "date",
        "sentence_index",
        "start",
        "end",
        "text",
    ]
    .map(String::from)
    .to_vec();
    for head in &model.heads {
        cols.push(head.label.clone());
        cols.extend(head.classes.iter().map(|c| format!("{}_p_{c}", head.label)));
    }
    cols.extend(["words", "loaded_terms", "matched_terms", "flag"].map(String::from));
    cols
}

/// The heads with article-level columns: all but the relevance head (which gates sentences
/// instead; its effect is the `off_topic` count).
fn article_heads(model: &Model) -> impl Iterator<Item = (usize, &crate::model::Head)> {
    let gate = model.relevance_head().map(|(h, _)| h);
    model
        .heads
        .iter()
        .enumerate()
        .filter(move |(h, _)| Some(*h) != gate)
}

/// Columns of the article table for a model.
pub fn article_columns(model: &Model) -> Vec<String> {
    let mut cols: Vec<String> = [
        "article_id",
        "outlet",
        "date",
        "source",
        "sentences",
        "words",
    ]
    .map(String::from)
    .to_vec();
    for (_, head) in article_heads(model) {
        cols.push(format!("{}_majority", head.label));
        cols.extend(
            head.classes
                .iter()
                .map(|c| format!("{}_share_{c}", head.label)),
        );
        cols.extend(
            head.classes
                .iter()
                .map(|c| format!("{}_mean_p_{c}", head.label)),
        );
    }
    cols.extend(
        [
            "slant",
            "loaded_terms",
            "loaded_per_100_words",
            "boilerplate_lines_dropped",
            "hyphen_joins",
            "language",
            "sentences_used",
            "off_topic",
            "no_evidence",
        ]
        .map(String::from),
    );
    if crate::score::slant_head(model).is_some() {
        cols.push("article_stance".into());
    }
    cols
}

/// Writes every sentence of an article (cell by cell: nothing is allocated per row).
pub fn write_sentences<W: Write>(
    out: &mut TableWriter<W>,
    model: &Model,
    article: &ScoredArticle,
) -> std::io::Result<()> {
    for s in &article.sentences {
        for cell in [
            Cell::Text(&article.id),
            opt(&article.outlet),
            opt(&article.date),
            Cell::Int(s.index as u64),
            Cell::Int(s.start as u64),
            Cell::Int(s.end as u64),
            Cell::Text(&s.text),
        ] {
            out.cell(&cell);
        }
        for (h, head) in model.heads.iter().enumerate() {
            out.cell(&Cell::Text(&head.classes[s.predicted[h]]));
            for &p in &s.probs[h] {
                out.cell(&Cell::Float(p));
            }
        }
        out.cell(&Cell::Int(s.words as u64));
        out.cell(&Cell::Int(s.loaded_terms() as u64));
        out.text_cell_with(|terms| {
            for (i, t) in s.terms.iter().enumerate() {
                if i > 0 {
                    terms.push_str("; ");
                }
                terms.push_str(&t.surface);
                terms.push_str(" (");
                terms.push_str(&t.category);
                terms.push(')');
            }
        });
        out.cell(&match s.flag {
            crate::score::Flag::None => Cell::Empty,
            flag => Cell::Text(flag.as_str()),
        });
        out.end_row()?;
    }
    Ok(())
}

/// Writes an article's summary row.
pub fn write_article<W: Write>(
    out: &mut TableWriter<W>,
    model: &Model,
    article: &ScoredArticle,
) -> std::io::Result<()> {
    let summary = summarize(model, article);
    let mut cells = vec![
        Cell::Text(&article.id),
        opt(&article.outlet),
        opt(&article.date),
        Cell::Text(&article.origin),
        Cell::Int(summary.sentences as u64),
        Cell::Int(summary.words as u64),
    ];
    for (h, head) in article_heads(model) {
        cells.push(match summary.majority[h] {
            Some(c) => Cell::Text(&head.classes[c]),
            None => Cell::Empty,
        });
        cells.extend(summary.shares[h].iter().map(|&v| Cell::Float(v)));
        cells.extend(summary.mean_probs[h].iter().map(|&v| Cell::Float(v)));
    }
    cells.extend([
        summary.slant.map_or(Cell::Empty, Cell::Float),
        Cell::Int(summary.loaded_terms as u64),
        Cell::Float(summary.loaded_per_100_words),
        Cell::Int(article.cleaned.dropped.len() as u64),
        Cell::Int(article.cleaned.hyphen_joins as u64),
        article.language.map_or(Cell::Empty, |l| Cell::Text(l.code)),
        Cell::Int(summary.used as u64),
        Cell::Int(summary.off_topic as u64),
        Cell::Int(summary.no_evidence as u64),
    ]);
    if crate::score::slant_head(model).is_some() {
        cells.push(summary.article_stance.map_or(Cell::Empty, Cell::Text));
    }
    out.write_row(&cells)
}

fn opt(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Empty, Cell::Text)
}

/// Opens a table writer for the sentence or article layout.
pub fn open<W: Write>(
    out: W,
    format: Format,
    columns: Vec<String>,
) -> std::io::Result<TableWriter<W>> {
    TableWriter::new(out, format, columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::model::test_support::tiny_model;
    use crate::score::Scorer;
    use crate::text::clean::Cleaner;

    /// Compares with a golden file; `UPDATE_GOLDEN=1 cargo test` rewrites it after a deliberate change.
    fn golden(name: &str, actual: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(
            actual,
            expected,
            "{} differs (UPDATE_GOLDEN=1 to accept)",
            path.display()
        );
    }

    fn tables(format: Format) -> (String, String) {
        let model = tiny_model();
        let cleaner = Cleaner::builtin();
        let mut scorer = Scorer::new(&model, &cleaner);
        let article = Article {
            id: "a1".into(),
            outlet: Some("Paper, \"Daily\"".into()),
            date: Some("2024-01-05".into()),
            title: None,
            text: "Troops out\n\nEnd the occupation now. Officials reportedly met on Monday.\n\nFollow us on Telegram\n".into(),
            origin: "a1.txt".into(),
            file_name: "a1.txt".into(),
        };
        let scored = scorer.score(&article);
        let mut s = open(Vec::new(), format, sentence_columns(&model)).unwrap();
        write_sentences(&mut s, &model, &scored).unwrap();
        let mut a = open(Vec::new(), format, article_columns(&model)).unwrap();
        write_article(&mut a, &model, &scored).unwrap();
        let text = |w: TableWriter<Vec<u8>>| String::from_utf8(w.finish().unwrap()).unwrap();
        (text(s), text(a))
    }

    #[test]
    fn sentence_and_article_tables_match_their_golden_files() {
        let (sentences, articles) = tables(Format::Csv);
        golden("sentences.csv", &sentences);
        golden("articles.csv", &articles);
        let (sentences, articles) = tables(Format::Jsonl);
        golden("sentences.jsonl", &sentences);
        golden("articles.jsonl", &articles);
    }
}

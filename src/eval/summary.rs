//! The readable summary of an evaluation: one line per fold, mean ± std, the pooled per-class
//! table and the pooled confusion matrix.

use std::fmt::Write;

use super::metrics::MeanStd;
use super::report::EvalReport;

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        "-".into()
    }
}

fn spread(m: &MeanStd) -> String {
    match m.std {
        Some(std) => format!("{} ± {}", num(m.mean), num(std)),
        None => num(m.mean),
    }
}

/// Renders `report` as text (ends with a newline).
pub fn render(report: &EvalReport, scheme_description: &str) -> String {
    let mut s = String::new();
    let d = &report.data;
    let _ = writeln!(
        s,
        "label `{}`: {scheme_description}; {} rows evaluated, {} used, {} left out, {} skipped",
        report.label, d.rows_evaluated, d.rows_used, d.rows_left_out, d.rows_skipped
    );
    let classes: Vec<String> = report
        .classes
        .iter()
        .zip(&report.class_counts)
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    let _ = writeln!(s, "classes: {}\n", classes.join(", "));

    let name_width = report
        .folds
        .iter()
        .map(|f| f.fold.name.chars().count())
        .chain([6])
        .max()
        .unwrap_or(6);
    let _ = writeln!(
        s,
        "{:<name_width$} {:>7} {:>7} {:>9} {:>9} {:>9} {:>7} {:>7} {:>8}",
        "fold", "train", "test", "accuracy", "macro-F1", "log-loss", "Brier", "ECE", "train s"
    );
    for f in report.folds.iter().map(|f| &f.fold) {
        let _ = writeln!(
            s,
            "{:<name_width$} {:>7} {:>7} {:>9} {:>9} {:>9} {:>7.4} {:>7.4} {:>8.2}{}",
            f.name,
            f.n_train,
            f.n_test,
            num(f.scores.accuracy),
            num(f.scores.macro_f1),
            num(f.scores.log_loss),
            f.scores.brier,
            f.scores.ece,
            f.train_seconds,
            if f.converged { "" } else { "  (not converged)" }
        );
    }
    let m = &report.summary;
    let _ = writeln!(
        s,
        "\nmean ± std over {} fold(s): accuracy {}, macro-F1 {}, log-loss {}, Brier {}, ECE {}, \
train {:.2} s/fold",
        report.folds.len(),
        spread(&m.accuracy),
        spread(&m.macro_f1),
        spread(&m.log_loss),
        spread(&m.brier),
        spread(&m.ece),
        m.train_seconds.mean
    );
    let p = &report.pooled;
    let _ = writeln!(
        s,
        "pooled out-of-fold ({} rows): accuracy {}, macro-F1 {}, log-loss {}, Brier {}, ECE {}\n",
        p.n,
        num(p.accuracy),
        num(p.macro_f1),
        num(p.log_loss),
        num(p.brier),
        num(p.ece)
    );

    let class_width = report
        .classes
        .iter()
        .map(|c| c.chars().count())
        .chain([5])
        .max()
        .unwrap_or(5);
    let _ = writeln!(
        s,
        "{:<class_width$} {:>9} {:>7} {:>7} {:>8} {:>9}",
        "class", "precision", "recall", "F1", "support", "predicted"
    );
    for c in &p.per_class {
        let _ = writeln!(
            s,
            "{:<class_width$} {:>9.4} {:>7.4} {:>7.4} {:>8} {:>9}",
            c.class, c.precision, c.recall, c.f1, c.support, c.predicted
        );
    }

    let _ = writeln!(s, "\nconfusion matrix (rows = gold, columns = predicted)");
    let cell_width = report
        .classes
        .iter()
        .map(|c| c.chars().count())
        .chain(p.confusion.iter().flatten().map(|n| n.to_string().len()))
        .max()
        .unwrap_or(1);
    let _ = write!(s, "{:<class_width$}", "");
    for c in &report.classes {
        let _ = write!(s, " {c:>cell_width$}");
    }
    s.push('\n');
    for (class, row) in report.classes.iter().zip(&p.confusion) {
        let _ = write!(s, "{class:<class_width$}");
        for n in row {
            let _ = write!(s, " {n:>cell_width$}");
        }
        s.push('\n');
    }
    s
}

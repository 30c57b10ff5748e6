//! `slant inspect`: a model's metadata and its most influential features per class.

use std::fmt::Write;
use std::path::PathBuf;

use crate::cli::{write_output, Console};
use crate::error::Result;
use crate::model::Model;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  slant inspect models/default.slant.json --top 10")]
pub struct InspectArgs {
    /// The model file.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Features to list per class.
    #[arg(long, default_value_t = 15, value_name = "N")]
    pub top: usize,
}

pub fn run(args: &InspectArgs, _console: &Console) -> Result<()> {
    crate::corpus::IoPlan::new()
        .stdout()
        .input("the model", &args.path)
        .check()?;
    let model = Model::load(&args.path)?;
    write_output(None, report(&model, args.top).as_bytes())
}

/// The class-specific weight of each feature: for binary heads, class 1 gets +w and class 0 gets −w.
fn class_weights(model: &Model, head: usize, class: usize) -> Vec<(usize, f64)> {
    let h = &model.heads[head];
    let clf = &h.classifier;
    let (output, sign) = if clf.n_outputs() == 1 {
        (0, if class == 1 { 1.0 } else { -1.0 })
    } else {
        (class, 1.0)
    };
    (0..clf.n_features)
        .map(|f| (f, sign * clf.weight(output, f)))
        .collect()
}

pub fn report(model: &Model, top: usize) -> String {
    let mut s = String::new();
    let f = &model.featurizer;
    let spec = f.spec();
    let t = &model.training;
    let _ = writeln!(
        s,
        "slant model (format {}, slant {})",
        model.format_version, model.slant_version
    );
    let _ = writeln!(s, "labels: {}", model.labels().join(", "));
    let _ = writeln!(
        s,
        "training data: {} sentences ({} rows read, {} duplicates merged, {} label conflicts) from {}",
        t.rows,
        t.rows_read,
        t.duplicates_merged,
        t.label_conflicts,
        t.files.join(", ")
    );
    let _ = writeln!(s, "training data sha256: {}", t.sha256);
    let _ = writeln!(
        s,
        "features: {} ({} n-grams {}..={}, min_df {}, max {}, {:?} weighting; lexicon categories {}, terms {}; canonical forms {})",
        f.n_features(),
        f.vocabulary().len(),
        spec.ngram_min,
        spec.ngram_max,
        spec.min_df,
        spec.max_features,
        spec.weighting,
        spec.lexicon_categories,
        spec.lexicon_terms,
        spec.canonical
    );
    let a = &model.aggregation;
    match model.relevance_head() {
        Some(_) => {
            let _ = writeln!(
                s,
                "aggregation: sentences with P(relevant) < {} are off topic, and so are whole articles whose mean P(relevant) < {}; article_stance neutral within slant ±{}",
                a.relevance_threshold, a.article_relevance_threshold, a.neutral_band
            );
        }
        None => {
            let _ = writeln!(
                s,
                "aggregation: no relevance head; article_stance neutral within slant ±{}",
                a.neutral_band
            );
        }
    }
    if let (Some(c), Some(v)) = (&spec.char_ngrams, f.char_vocabulary()) {
        let _ = writeln!(
            s,
            "char n-grams: {} ({}-{} within words, min_df {}, max {})",
            v.len(),
            c.min,
            c.max,
            c.min_df,
            c.max_features
        );
    }
    let lex = f.lexicon();
    let _ = writeln!(
        s,
        "lexicon: {} entries in {} categories, sha256 {}",
        lex.entries().len(),
        lex.categories().len(),
        lex.content_hash()
    );
    for (h, head) in model.heads.iter().enumerate() {
        let clf = &head.classifier;
        let counts: Vec<String> = head
            .classes
            .iter()
            .zip(&head.class_counts)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "\n{}: {} classes ({}), {}; C = {}, class weight {:?}; {} iterations, {}",
            head.label,
            head.classes.len(),
            counts.join(", "),
            if clf.n_outputs() == 1 {
                "binary logistic"
            } else {
                "multinomial logistic"
            },
            head.params.c_value(),
            head.params.class_weight_value(),
            clf.iterations,
            if clf.converged {
                "converged".to_string()
            } else {
                format!("not converged ({})", clf.stop_reason)
            }
        );
        for (c, class) in head.classes.iter().enumerate() {
            let mut weights = class_weights(model, h, c);
            weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let shown: Vec<String> = weights
                .iter()
                .take(top)
                .map(|&(i, w)| format!("{} {w:+.3}", f.feature(i)))
                .collect();
            let _ = writeln!(s, "  {class}: {}", shown.join(", "));
        }
    }
    s
}

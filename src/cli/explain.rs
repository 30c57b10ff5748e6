//! `slant explain`: per sentence, the predicted labels and the features that drove them, with
//! exact contributions that add up (with the intercept) to the logit shown.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{write_output, Console, ModelArg};
use crate::error::{Error, Result};
use crate::model::explain::{explain, Explanation};
use crate::score::Scorer;
use crate::text::clean::Cleaner;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  slant explain \"The so-called advisory mission is an occupation under another name.\"\n  \
slant explain --file data/articles/opinion-favor-presence.txt --top 5\n  \
slant explain --json \"US troops remain in Iraq at the government's invitation.\""
)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Text to explain (one or more sentences).
    #[arg(
        value_name = "TEXT",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub text: Option<String>,
    /// Explain the text of this file (cleaned as `score` cleans articles).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Write JSON instead of the readable report.
    #[arg(long)]
    pub json: bool,
    /// Features to list per label (the rest are summed in one line).
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub top: usize,
    /// Only this label column (default: all).
    #[arg(long, value_name = "COLUMN")]
    pub label: Option<String>,
}

#[derive(serde::Serialize)]
struct SentenceExplanation<'a> {
    sentence_index: usize,
    start: usize,
    end: usize,
    text: &'a str,
    matched_terms: Vec<String>,
    labels: Vec<Explanation>,
}

pub fn run(args: &ExplainArgs, _console: &Console) -> Result<()> {
    let mut plan = crate::corpus::IoPlan::new();
    let (model, named) = args.model.path();
    plan.stdout().input(named, &model);
    if let Some(file) = &args.file {
        plan.input("--file", file);
    }
    plan.check()?;
    let model = args.model.load()?;
    if let Some(label) = &args.label {
        if !model.heads.iter().any(|h| &h.label == label) {
            return Err(Error::Usage(format!(
                "the model has no label `{label}` (it has: {})",
                model.labels().join(", ")
            )));
        }
    }
    let raw = match (&args.text, &args.file) {
        (Some(t), _) => t.clone(),
        (None, Some(path)) => crate::corpus::articles::read_text(path)?,
        (None, None) => unreachable!("clap requires one"),
    };
    let cleaner = Cleaner::builtin();
    let cleaned = cleaner.clean(&raw);
    let spans = crate::text::sentences::SentenceSplitter::new().split(&cleaned.text);
    let mut scorer = Scorer::new(&model, &cleaner);
    let mut results = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let text = &cleaned.text[span.start..span.end];
        let scored = scorer.score_sentence(i, span.start, text);
        let labels = model
            .heads
            .iter()
            .filter(|h| args.label.as_ref().is_none_or(|l| l == &h.label))
            .map(|h| explain(h, &model.featurizer, scorer.last_features()))
            .collect();
        let matched_terms = scored
            .terms
            .iter()
            .map(|t| format!("{} ({})", t.surface, t.category))
            .collect();
        results.push((
            scored,
            SentenceExplanation {
                sentence_index: i,
                start: span.start,
                end: span.end,
                text,
                matched_terms,
                labels,
            },
        ));
    }
    let out = if args.json {
        let list: Vec<_> = results.iter().map(|(_, e)| e).collect();
        let mut bytes = serde_json::to_vec_pretty(&list).expect("explanations serialise");
        bytes.push(b'\n');
        bytes
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let mut s = String::new();
        for (scored, e) in &results {
            render(&mut s, scored, e, args.top, color);
        }
        if results.is_empty() {
            s.push_str("(no sentences in the text)\n");
        }
        s.into_bytes()
    };
    write_output(None, &out)
}

const BOLD_RED: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

fn render(
    s: &mut String,
    scored: &crate::score::ScoredSentence,
    e: &SentenceExplanation<'_>,
    top: usize,
    color: bool,
) {
    use std::fmt::Write;
    // The sentence, with lexicon matches highlighted (or [bracketed] without colour).
    let _ = write!(s, "[{}] ", e.sentence_index);
    let mut last = 0;
    let mut matches: Vec<_> = scored.terms.iter().collect();
    matches.sort_by_key(|t| t.surface.len());
    let text = e.text;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for t in &scored.terms {
        if let Some(pos) = text[last..].find(&t.surface) {
            spans.push((last + pos, last + pos + t.surface.len()));
            last += pos + t.surface.len();
        }
    }
    let mut at = 0;
    for (a, b) in spans {
        s.push_str(&text[at..a]);
        if color {
            let _ = write!(s, "{BOLD_RED}{}{RESET}", &text[a..b]);
        } else {
            let _ = write!(s, "[{}]", &text[a..b]);
        }
        at = b;
    }
    s.push_str(&text[at..]);
    s.push('\n');
    if !e.matched_terms.is_empty() {
        let _ = writeln!(s, "    lexicon: {}", e.matched_terms.join("; "));
    }
    for x in &e.labels {
        let probs: Vec<String> = x
            .probabilities
            .iter()
            .map(|(c, p)| format!("{c} {p:.3}"))
            .collect();
        let _ = writeln!(
            s,
            "  {}: {}  (p = {:.3}; {})",
            x.label,
            x.predicted,
            x.probability,
            probs.join(", ")
        );
        let _ = writeln!(
            s,
            "    logit({}) = {:+.4} = intercept {:+.4}",
            x.logit_of, x.logit, x.intercept
        );
        for c in x.contributions.iter().take(top) {
            let _ = writeln!(
                s,
                "      {:+.4}  {:<40} weight {:+.4} x value {:.4}",
                c.contribution, c.feature, c.weight, c.value
            );
        }
        let rest = &x.contributions[top.min(x.contributions.len())..];
        if !rest.is_empty() {
            let sum: f64 = rest.iter().map(|c| c.contribution).sum();
            let dim = if color { DIM } else { "" };
            let reset = if color { RESET } else { "" };
            let _ = writeln!(
                s,
                "      {dim}{sum:+.4}  ({} more features){reset}",
                rest.len()
            );
        }
    }
    s.push('\n');
}

//! `slant train`: fit the feature pipeline and one classifier per label column, write the model.

use std::path::PathBuf;
use std::time::Instant;

use crate::cli::{args, write_output, Console};
use crate::corpus::{read_labeled, LabeledColumns};
use crate::corpus::{Dest, IoPlan};
use crate::error::{Error, Result};
use crate::features::{CharNgramSpec, FeatureSpec, Weighting};
use crate::lexicon::Lexicon;
use crate::model::logistic::{ClassWeight, LogisticParams};
use crate::model::{Model, TrainOptions};

/// Feature and classifier options shared by `train` and `eval`. The defaults are the
/// configuration chosen by cross-validation on tuning data only (`eval/tuning/README.md`).
#[derive(Debug, Clone, clap::Args)]
pub struct ModelOptions {
    /// Smallest word n-gram.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = args::ngram_length)]
    pub ngram_min: usize,
    /// Largest word n-gram (1–3).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = args::ngram_length)]
    pub ngram_max: usize,
    /// Keep n-grams found in at least this many training sentences.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = args::at_least_one_usize)]
    pub min_df: usize,
    /// Keep at most this many n-grams (most frequent first).
    #[arg(long, default_value_t = 50_000, value_name = "N", value_parser = args::at_least_one_usize)]
    pub max_features: usize,
    /// N-gram weighting: tfidf (sublinear), tf or binary.
    #[arg(long, default_value = "tf", value_name = "W")]
    pub weighting: Weighting,
    /// Character n-grams within words, e.g. 3-5 (a second feature block; default off).
    #[arg(long, value_name = "MIN-MAX", value_parser = parse_char_range)]
    pub char_ngrams: Option<(usize, usize)>,
    /// Keep char n-grams found in at least this many training sentences.
    #[arg(long, default_value_t = CharNgramSpec::DEFAULT_MIN_DF, value_name = "N", value_parser = args::at_least_one_usize)]
    pub char_min_df: usize,
    /// Keep at most this many char n-grams (most frequent first).
    #[arg(long, default_value_t = CharNgramSpec::DEFAULT_MAX_FEATURES, value_name = "N", value_parser = args::at_least_one_usize)]
    pub char_max_features: usize,
    /// Leave out the per-category lexicon features.
    #[arg(long)]
    pub no_lexicon_categories: bool,
    /// Keep surface variants as written: the country's spellings (US, U.S., United States,
    /// America, American), digits and days are otherwise rewritten to one form before features.
    #[arg(long)]
    pub no_canonical: bool,
    /// Add one feature per lexicon entry (off by default: it scored lower in the tuning search).
    #[arg(long, overrides_with = "no_lexicon_terms")]
    pub lexicon_terms: bool,
    /// Leave out the per-term lexicon features (the default; kept for scripts that pass it).
    #[arg(long, overrides_with = "lexicon_terms")]
    pub no_lexicon_terms: bool,
    /// Inverse L2 regularisation strength (larger = weaker penalty), as scikit-learn's C.
    #[arg(short = 'C', long = "c", default_value_t = 5.0, value_name = "C", value_parser = args::positive,
          allow_negative_numbers = true)]
    pub c: f64,
    /// Class weights: none, or balanced (n / (k · count of the class)).
    #[arg(long, default_value = "balanced", value_name = "W")]
    pub class_weight: ClassWeightArg,
    /// L-BFGS iteration limit.
    #[arg(long, default_value_t = 1000, value_name = "N", value_parser = args::at_least_one)]
    pub max_iter: u64,
    /// Lexicon folder (all *.txt files). Default: data/lexicons.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// Sentences whose P(relevant = yes) is below this are off topic: flagged in `slant score`
    /// and left out of article and outlet figures (models with a `relevant` label only). The
    /// default was chosen for the default model on the real-text dev articles (eval/REALTEXT.md).
    #[arg(long, default_value_t = 0.2, value_name = "P", value_parser = args::unit_interval)]
    pub relevance_threshold: f64,
    /// An article whose mean P(relevant = yes) is below this is off topic as a whole: all its
    /// sentences are flagged (models with a `relevant` label only).
    #[arg(long, default_value_t = 0.35, value_name = "P", value_parser = args::unit_interval)]
    pub article_relevance_threshold: f64,
    /// An article whose slant lies within ±B is `neutral` in `article_stance`. The default is the
    /// band cross-validation chose for the default model on labelled real articles
    /// (eval/REALTEXT.md).
    #[arg(long, default_value_t = 0.06, value_name = "B", value_parser = args::unit_interval)]
    pub neutral_band: f64,
}

fn parse_char_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let (min, max) = crate::features::char_ngrams::parse_range(s)?;
    CharNgramSpec {
        min,
        max,
        min_df: 1,
        max_features: 1,
    }
    .check()?;
    Ok((min, max))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClassWeightArg {
    None,
    Balanced,
}

impl ModelOptions {
    pub fn train_options(&self) -> TrainOptions {
        TrainOptions {
            features: FeatureSpec {
                ngram_min: self.ngram_min,
                ngram_max: self.ngram_max,
                min_df: self.min_df,
                max_features: self.max_features,
                weighting: self.weighting,
                lexicon_categories: !self.no_lexicon_categories,
                lexicon_terms: self.lexicon_terms && !self.no_lexicon_terms,
                char_ngrams: self.char_ngrams.map(|(min, max)| CharNgramSpec {
                    min,
                    max,
                    min_df: self.char_min_df,
                    max_features: self.char_max_features,
                }),
                canonical: !self.no_canonical,
            },
            aggregation: crate::model::Aggregation {
                relevance_threshold: self.relevance_threshold,
                article_relevance_threshold: self.article_relevance_threshold,
                neutral_band: self.neutral_band,
            },
            params: LogisticParams::default()
                .c(self.c)
                .max_iterations(self.max_iter)
                .class_weight(match self.class_weight {
                    ClassWeightArg::None => ClassWeight::None,
                    ClassWeightArg::Balanced => ClassWeight::Balanced,
                }),
        }
    }

    /// Checks the values together (the n-gram range…): a usage error, before anything is read.
    pub fn check(&self) -> Result<()> {
        let options = self.train_options();
        options.features.check().map_err(Error::Usage)?;
        options
            .params
            .check()
            .map_err(|e| Error::Usage(e.to_string()))?;
        Ok(())
    }

    /// The lexicon folder: `--lexicons`, else the bundled one.
    pub fn lexicon_dir(&self) -> PathBuf {
        self.lexicons
            .clone()
            .unwrap_or_else(crate::defaults::lexicon_dir)
    }

    /// Loads the lexicon, printing warnings about entries that can never match.
    pub fn load_lexicon(&self, console: &Console) -> Result<Lexicon> {
        let dir = self.lexicon_dir();
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "lexicon folder {} not found (use --lexicons DIR)",
                dir.display()
            )));
        }
        let (lexicon, warnings) = Lexicon::load_dir(&dir)?;
        for w in &warnings {
            console.warn_of("lexicon entry", &format!("{}: {}", w.origin, w.message));
        }
        Ok(lexicon)
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  slant train --data data/sentences.csv --label stance --label frame --out models/my.slant.json\n\n\
Retraining on new labels: pass the old and the new files together (--data old.csv --data new.csv).\n\
Identical texts are merged; where copies disagree the majority label wins, a tie leaves the text\n\
unlabeled for that column, and every conflict is reported."
)]
pub struct TrainArgs {
    /// Labeled sentences (CSV with a text column and the label columns); repeat for more files.
    #[arg(long = "data", required = true, value_name = "FILE.csv")]
    pub data: Vec<PathBuf>,
    /// A label column to learn; repeat for more (one classifier each).
    #[arg(long = "label", required = true, value_name = "COLUMN")]
    pub labels: Vec<String>,
    /// Where to write the model (replaced only when training succeeds; `-`: standard output).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Name of the text column.
    #[arg(long, default_value = "text", value_name = "COLUMN")]
    pub text_column: String,
    /// Treat skipped rows, label conflicts, labels that differ only in case or spacing, files
    /// named twice and repeated column names as errors.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub model: ModelOptions,
}

pub fn run(args: &TrainArgs, console: &Console) -> Result<()> {
    let started = Instant::now();
    crate::corpus::labeled::check_label_options(&args.labels)?;
    args.model.check()?;
    // Before anything is read: the model must not overwrite an input.
    let mut plan = IoPlan::new();
    let out = plan.output("--out", Some(&args.out))?;
    plan.inputs("--data", &args.data)
        .lexicon_dir("--lexicons", &args.model.lexicon_dir());
    for note in plan.check()? {
        console.info(&note);
    }
    let lexicon = args.model.load_lexicon(console)?;
    let columns = LabeledColumns {
        text: args.text_column.clone(),
        ..LabeledColumns::new(args.labels.clone())
    };
    let set = read_labeled(&args.data, &columns, args.strict)?;
    let r = &set.report;
    console.info(&format!(
        "read {} rows from {} file(s): {} sentences after merging {} duplicate(s)",
        r.rows_read,
        r.files.len(),
        set.rows.len(),
        r.duplicates_merged
    ));
    for resolved in &r.references {
        console.info(resolved);
    }
    console.warnings(&r.warnings);
    for skip in &r.skipped {
        console.warn_of("skipped row", &format!("skipped {skip}"));
    }
    for conflict in &r.conflicts {
        console.warn_of("label conflict", conflict);
    }
    check_classes(&set, &args.data, console)?;
    let files = args.data.iter().map(|p| p.display().to_string()).collect();
    let model = Model::train(&set, lexicon, &args.model.train_options(), files)?;
    for head in &model.heads {
        let fit = &head.classifier;
        let counts: Vec<String> = head
            .classes
            .iter()
            .zip(&head.class_counts)
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        console.info(&format!(
            "{}: {} ({}); {} iterations, {}",
            head.label,
            counts.join(", "),
            if fit.n_outputs() == 1 {
                "binary"
            } else {
                "multinomial"
            },
            fit.iterations,
            if fit.converged {
                "converged".to_string()
            } else {
                format!("NOT converged ({})", fit.stop_reason)
            },
        ));
    }
    match &out {
        Dest::File(path) => model.save(path)?,
        _ => write_output(None, &model.to_json())?,
    }
    console.info(&format!(
        "wrote {} ({} features) in {:.1} s",
        out.path().unwrap_or(crate::cli::stdout_path()).display(),
        model.featurizer.n_features(),
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// A label column needs two classes (a usage error naming the files); a class with a single
/// example trains, with a warning naming its row.
fn check_classes(
    set: &crate::corpus::LabeledSet,
    files: &[PathBuf],
    console: &Console,
) -> Result<()> {
    for (col, label) in set.label_columns.iter().enumerate() {
        let (rows, classes, targets) = set.column(col);
        if classes.len() < 2 && !set.rows.is_empty() {
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::Usage(format!(
                "{}: label column `{label}` has {} class{} ({}): a classifier needs at least two",
                names.join(", "),
                classes.len(),
                if classes.len() == 1 { "" } else { "es" },
                classes.join(", ")
            )));
        }
        let mut counts = vec![0usize; classes.len()];
        targets.iter().for_each(|&t| counts[t] += 1);
        for (class, &count) in classes.iter().zip(&counts) {
            if count == 1 {
                let row = rows
                    .iter()
                    .zip(&targets)
                    .find(|(_, &t)| classes[t] == *class)
                    .map(|(&r, _)| set.rows[r].origin.as_str())
                    .unwrap_or("");
                console.warn(&format!(
                    "{row}: class `{class}` of `{label}` has 1 example: too few to learn it"
                ));
            }
        }
    }
    Ok(())
}

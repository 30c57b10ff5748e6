//! Cross-validation: for each split, fit the featurizer (vocabulary, idf) and the classifier on
//! the training rows only, then predict the test rows. Every fold's classifier has one output
//! per class of the whole evaluation (`n_classes(k)`), so a fold missing a class still yields
//! `k` probabilities (0 for the missing class).

use std::time::Instant;

use linfa::traits::Fit;
use linfa::DatasetBase;
use ndarray::Array1;

use super::data::EvalData;
use super::error::EvalError;
use super::folds::Split;
use super::metrics::Scores;
use crate::error::{Error, Result};
use crate::features::Featurizer;
use crate::lexicon::Lexicon;
use crate::model::logistic::LogisticValidParams;
use crate::model::TrainOptions;

/// The result of one fold.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FoldOutcome {
    pub name: String,
    pub n_train: usize,
    pub n_test: usize,
    /// Fitting the featurizer, building the training matrix and fitting the classifier.
    pub train_seconds: f64,
    /// Featurizing and predicting the test rows.
    pub predict_seconds: f64,
    pub n_features: usize,
    pub iterations: u64,
    pub converged: bool,
    #[serde(flatten)]
    pub scores: Scores,
}

/// All folds plus the out-of-fold predictions.
#[derive(Debug, Clone)]
pub struct CvOutcome {
    pub folds: Vec<FoldOutcome>,
    /// Per evaluated row: the split that tested it (`None` for rows only trained on).
    pub fold_of_row: Vec<Option<usize>>,
    /// Row-major `rows × k` probabilities (0 for rows never tested).
    pub probs: Vec<f64>,
}

impl CvOutcome {
    /// Gold classes and probabilities of every tested row, in row order.
    pub fn out_of_fold(&self, data: &EvalData) -> (Vec<usize>, Vec<f64>) {
        let k = data.classes.len();
        let mut gold = Vec::new();
        let mut probs = Vec::new();
        for (i, fold) in self.fold_of_row.iter().enumerate() {
            if fold.is_some() {
                gold.push(data.rows[i].gold);
                probs.extend_from_slice(&self.probs[i * k..(i + 1) * k]);
            }
        }
        (gold, probs)
    }

    /// Scores of all out-of-fold predictions together.
    pub fn pooled(&self, data: &EvalData) -> Scores {
        let (gold, probs) = self.out_of_fold(data);
        Scores::compute(&gold, &probs, data.classes.len())
    }
}

/// Runs every split of `data`; `on_fold(index, fold)` hears of each fold as it finishes.
pub fn cross_validate(
    data: &EvalData,
    lexicon: &Lexicon,
    options: &TrainOptions,
    mut on_fold: impl FnMut(usize, &FoldOutcome),
) -> Result<CvOutcome> {
    options.features.check().map_err(Error::Usage)?;
    let params = options.params.clone().check()?;
    let k = data.classes.len();
    if k < 2 {
        return Err(Error::Usage(format!(
            "label column `{}` has {} class ({}): a classifier needs at least two",
            data.label,
            k,
            data.classes.join(", ")
        )));
    }
    let mut outcome = CvOutcome {
        folds: Vec::with_capacity(data.splits.len()),
        fold_of_row: vec![None; data.rows.len()],
        probs: vec![0.0; data.rows.len() * k],
    };
    for (index, split) in data.splits.iter().enumerate() {
        let fold = run_fold(data, split, lexicon, options, &params, &mut outcome.probs)?;
        for &row in &split.test {
            outcome.fold_of_row[row] = Some(index);
        }
        on_fold(index, &fold);
        outcome.folds.push(fold);
    }
    Ok(outcome)
}

fn run_fold(
    data: &EvalData,
    split: &Split,
    lexicon: &Lexicon,
    options: &TrainOptions,
    params: &LogisticValidParams,
    oof_probs: &mut [f64],
) -> Result<FoldOutcome> {
    let k = data.classes.len();
    let text = |&row: &usize| data.rows[row].text.as_str();

    let started = Instant::now();
    let featurizer = Featurizer::fit(
        options.features.clone(),
        lexicon.clone(),
        split.train.iter().map(text),
    )
    .map_err(crate::error::Error::Usage)?;
    let x = featurizer.transform_all(split.train.iter().map(text));
    let y: Array1<usize> = split.train.iter().map(|&row| data.rows[row].gold).collect();
    let classifier = params
        .clone()
        .n_classes(k)
        .fit(&DatasetBase::new(x, y))
        .map_err(|source| EvalError::Fit {
            fold: split.name.clone(),
            source,
        })?;
    let train_seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let x_test = featurizer.transform_all(split.test.iter().map(text));
    let probs = classifier.predict_proba(&x_test);
    let predict_seconds = started.elapsed().as_secs_f64();

    let mut fold_probs = Vec::with_capacity(split.test.len() * k);
    for (&row, p) in split.test.iter().zip(probs.rows()) {
        let out = &mut oof_probs[row * k..(row + 1) * k];
        for (o, &v) in out.iter_mut().zip(p.iter()) {
            *o = v;
        }
        fold_probs.extend_from_slice(out);
    }
    let gold: Vec<usize> = split.test.iter().map(|&row| data.rows[row].gold).collect();
    Ok(FoldOutcome {
        name: split.name.clone(),
        n_train: split.train.len(),
        n_test: split.test.len(),
        train_seconds,
        predict_seconds,
        n_features: featurizer.n_features(),
        iterations: classifier.iterations,
        converged: classifier.converged,
        scores: Scores::compute(&gold, &fold_probs, k),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::{DataCounts, EvalRow};
    use crate::eval::folds;
    use crate::features::FeatureSpec;
    use crate::model::logistic::LogisticParams;

    fn tiny_lexicon() -> Lexicon {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.txt");
        std::fs::write(
            &path,
            "@category hedge epistemic Hedges\nreportedly | hedge\n",
        )
        .unwrap();
        Lexicon::load_dir(dir.path()).unwrap().0
    }

    fn data(texts: &[(&str, usize)], classes: &[&str], assignment: &[usize]) -> EvalData {
        let rows: Vec<EvalRow> = texts
            .iter()
            .enumerate()
            .map(|(i, &(text, gold))| EvalRow {
                text: text.to_string(),
                gold,
                id: None,
                row: i,
                origin: format!("t.csv:{}", i + 2),
            })
            .collect();
        let n_folds = assignment.iter().max().unwrap() + 1;
        EvalData {
            label: "stance".into(),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            splits: folds::splits(assignment, &folds::numbered(n_folds)),
            rows,
            counts: DataCounts::default(),
            skipped: Vec::new(),
            warnings: Default::default(),
        }
    }

    fn options() -> TrainOptions {
        TrainOptions {
            features: FeatureSpec {
                min_df: 1,
                ..FeatureSpec::default()
            },
            params: LogisticParams::default(),
            aggregation: crate::model::Aggregation::default(),
        }
    }

    #[test]
    fn the_test_fold_vocabulary_never_reaches_training() {
        // alpha/beta occur only in fold 0 and gamma/delta only in fold 1, so each fold's
        // featurizer, fit on the other fold, must lack the test fold's words.
        let rows = [
            ("alpha good", 0),
            ("alpha fine", 0),
            ("beta bad", 1),
            ("beta awful", 1),
            ("gamma good", 0),
            ("gamma nice", 0),
            ("delta bad", 1),
            ("delta poor", 1),
        ];
        let d = data(&rows, &["neg", "pos"], &[0, 0, 0, 0, 1, 1, 1, 1]);
        let mut heard = Vec::new();
        let out = cross_validate(&d, &tiny_lexicon(), &options(), |i, f| {
            heard.push((i, f.name.clone()))
        })
        .unwrap();
        assert_eq!(heard, [(0, "0".to_string()), (1, "1".to_string())]);
        // Fit on all rows, the featurizer would know more n-grams than either fold's.
        let all =
            Featurizer::fit(options().features, tiny_lexicon(), rows.iter().map(|r| r.0)).unwrap();
        assert!(out.folds.iter().all(|f| f.n_features < all.n_features()));
        assert_eq!(out.folds[0].n_train, 4);
        assert!(out.fold_of_row.iter().all(Option::is_some));
        for p in out.probs.chunks_exact(2) {
            assert!((p[0] + p[1] - 1.0).abs() < 1e-9);
        }
        assert_eq!(out.pooled(&d).n, 8);
    }

    #[test]
    fn a_class_missing_from_a_training_fold_gets_probability_zero() {
        // Class 2 occurs only in fold 1: fold 1 trains without it and must still give 3 outputs.
        let rows = [
            ("a a", 0),
            ("b b", 1),
            ("a c", 0),
            ("b d", 1),
            ("a e", 0),
            ("b f", 1),
            ("z z", 2),
            ("z y", 2),
        ];
        let d = data(&rows, &["x", "y", "z"], &[0, 0, 0, 1, 1, 1, 1, 1]);
        let out = cross_validate(&d, &tiny_lexicon(), &options(), |_, _| {}).unwrap();
        let row6 = &out.probs[6 * 3..7 * 3];
        assert_eq!(row6[2], 0.0, "{row6:?}");
        assert!((row6.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn a_training_fold_with_one_class_fails_naming_the_fold() {
        let rows = [("a", 0), ("b", 0), ("c", 1), ("d", 1)];
        let d = data(&rows, &["x", "y"], &[0, 0, 1, 1]);
        let err = cross_validate(&d, &tiny_lexicon(), &options(), |_, _| {}).unwrap_err();
        assert!(
            err.to_string().starts_with("fold 0: training failed"),
            "{err}"
        );
    }
}

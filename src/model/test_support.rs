//! A tiny trained model for unit tests of the model file, explanations and scoring.

use crate::corpus::{read_labeled, LabeledColumns};
use crate::features::FeatureSpec;
use crate::lexicon::Lexicon;
use crate::model::logistic::LogisticParams;
use crate::model::{Model, TrainOptions};

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\noccupation | delegitimizing\nreportedly | hedge\n";

/// Trains a two-label model (3-class `stance`, binary `tone`) on a few synthetic sentences.
pub fn tiny_model() -> Model {
    tiny_model_with(FeatureSpec::everything(1))
}

/// [`tiny_model`] with other feature options.
pub fn tiny_model_with(features: FeatureSpec) -> Model {
    let mut csv = String::from("text,stance,tone\n");
    let groups = [
        (
            "against",
            "loaded",
            [
                "end the occupation now",
                "the occupation must end",
                "occupation forces out",
            ],
        ),
        (
            "favor",
            "loaded",
            [
                "troops keep us safe",
                "our partners need troops",
                "stay and keep the peace",
            ],
        ),
        (
            "neutral",
            "plain",
            [
                "officials met on monday",
                "talks resume next week",
                "reportedly the meeting ended",
            ],
        ),
    ];
    for (stance, tone, texts) in groups {
        for (i, t) in texts.iter().enumerate() {
            for k in 0..2 {
                csv.push_str(&format!("{t} {i} {k},{stance},{tone}\n"));
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("train.csv");
    std::fs::write(&path, csv).unwrap();
    let set = read_labeled(
        &[path],
        &LabeledColumns::new(vec!["stance".into(), "tone".into()]),
        false,
    )
    .unwrap();
    let (lexicon, _) = Lexicon::parse_sources(&[("test.txt".into(), LEXICON.into())]).unwrap();
    let options = TrainOptions {
        features,
        params: LogisticParams::default(),
        aggregation: crate::model::Aggregation::default(),
    };
    Model::train(&set, lexicon, &options, vec!["train.csv".into()]).unwrap()
}

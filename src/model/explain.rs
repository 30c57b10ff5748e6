//! Exact explanations of one prediction: for the predicted class, every feature's contribution
//! (weight × value) to that class's logit. The contributions plus the intercept add up to the logit
//! shown, to rounding.
//!
//! Binary heads have one logit, for class 1 against class 0; when class 0 is predicted the logit
//! and the contributions are shown for class 0 (signs flipped), so that positive always means
//! "towards the predicted class". Multinomial heads show the predicted class's softmax logit.

use serde::Serialize;

use crate::features::{Featurizer, SentenceFeatures};
use crate::model::{argmax, Head};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub feature: String,
    /// `ngram`, `category` or `term`.
    pub kind: &'static str,
    pub value: f64,
    pub weight: f64,
    pub contribution: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub label: String,
    pub predicted: String,
    pub probability: f64,
    pub probabilities: Vec<(String, f64)>,
    /// What `logit` is the logit of (e.g. "favor" or "favor vs against").
    pub logit_of: String,
    pub logit: f64,
    pub intercept: f64,
    /// Every non-zero contribution, largest magnitude first.
    pub contributions: Vec<Contribution>,
}

impl Explanation {
    /// Intercept plus all contributions: equals `logit` to rounding.
    pub fn sum(&self) -> f64 {
        self.intercept
            + self
                .contributions
                .iter()
                .map(|c| c.contribution)
                .sum::<f64>()
    }
}

pub fn explain(head: &Head, featurizer: &Featurizer, features: &SentenceFeatures) -> Explanation {
    let clf = &head.classifier;
    let mut probs = vec![0.0; head.classes.len()];
    clf.proba_row(&features.indices, &features.values, &mut probs);
    let predicted = argmax(&probs);
    let binary = clf.n_outputs() == 1;
    // Output row and sign that make "positive" mean "towards the predicted class".
    let (output, sign) = match (binary, predicted) {
        (true, 0) => (0, -1.0),
        (true, _) => (0, 1.0),
        (false, c) => (c, 1.0),
    };
    let logit_of = if binary {
        format!(
            "{} vs {}",
            head.classes[predicted],
            head.classes[1 - predicted]
        )
    } else {
        head.classes[predicted].clone()
    };
    let mut contributions: Vec<Contribution> = features
        .indices
        .iter()
        .zip(&features.values)
        .map(|(&i, &v)| {
            let weight = sign * clf.weight(output, i as usize);
            let kind = match featurizer.feature(i as usize) {
                crate::features::FeatureKind::Ngram(_) => "ngram",
                crate::features::FeatureKind::CharNgram(_) => "chargram",
                crate::features::FeatureKind::Term(..) => "term",
                crate::features::FeatureKind::TopicAbsent(_) => "topic_absent",
                crate::features::FeatureKind::CategoryCount(_)
                | crate::features::FeatureKind::CategoryDensity(_) => "category",
            };
            Contribution {
                feature: featurizer.feature(i as usize).to_string(),
                kind,
                value: f64::from(v),
                weight,
                contribution: weight * f64::from(v),
            }
        })
        .filter(|c| c.contribution != 0.0)
        .collect();
    contributions.sort_by(|a, b| {
        b.contribution
            .abs()
            .total_cmp(&a.contribution.abs())
            .then(a.feature.cmp(&b.feature))
    });
    let intercept = sign * clf.intercept[output];
    let mut logits = vec![0.0; clf.n_outputs()];
    clf.decision_row(&features.indices, &features.values, &mut logits);
    Explanation {
        label: head.label.clone(),
        predicted: head.classes[predicted].clone(),
        probability: probs[predicted],
        probabilities: head
            .classes
            .iter()
            .cloned()
            .zip(probs.iter().copied())
            .collect(),
        logit_of,
        logit: sign * logits[output],
        intercept,
        contributions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{FeatureScratch, SentenceFeatures};
    use crate::model::test_support::tiny_model;

    fn explain_text(text: &str) -> Vec<Explanation> {
        let model = tiny_model();
        let mut features = SentenceFeatures::default();
        model
            .featurizer
            .transform_into(text, &mut FeatureScratch::default(), &mut features);
        model
            .heads
            .iter()
            .map(|h| explain(h, &model.featurizer, &features))
            .collect()
    }

    #[test]
    fn contributions_add_up_to_the_logit_for_binary_and_multinomial_heads() {
        for text in [
            "End the occupation now!",
            "Officials met on Monday.",
            "Our partners need troops",
            "zzz",
        ] {
            for e in explain_text(text) {
                assert!(
                    (e.sum() - e.logit).abs() < 1e-9,
                    "{text}: {} vs {}",
                    e.sum(),
                    e.logit
                );
                let best = e.probabilities.iter().map(|p| p.1).fold(0.0, f64::max);
                assert_eq!(e.probability, best);
            }
        }
    }

    #[test]
    fn binary_heads_explain_toward_the_predicted_class() {
        let e = &explain_text("officials met on monday")[1];
        assert_eq!(e.label, "tone");
        assert_eq!(e.predicted, "plain");
        assert_eq!(e.logit_of, "plain vs loaded");
        assert!(
            e.logit > 0.0,
            "positive logit means toward the predicted class"
        );
        let e = &explain_text("end the occupation now")[1];
        assert_eq!(
            (e.predicted.as_str(), e.logit_of.as_str()),
            ("loaded", "loaded vs plain")
        );
        assert!(e.logit > 0.0);
    }

    #[test]
    fn lexicon_terms_appear_among_contributions_sorted_by_magnitude() {
        let e = &explain_text("End the occupation now")[0];
        assert_eq!(e.predicted, "against");
        assert!(e
            .contributions
            .iter()
            .any(|c| c.kind == "term" && c.feature == "occupation [delegitimizing]"));
        let mags: Vec<f64> = e
            .contributions
            .iter()
            .map(|c| c.contribution.abs())
            .collect();
        assert!(mags.windows(2).all(|w| w[0] >= w[1]));
    }
}

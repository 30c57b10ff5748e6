//! Property tests: token offsets slice the cleaned text, sentence splitting loses no non-space
//! character, lexicon matches lie on token boundaries, and scoring any text never panics.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::sync::OnceLock;

use proptest::prelude::*;
use slant::model::Model;
use slant::text::clean::Cleaner;
use slant::text::sentences::SentenceSplitter;
use slant::text::tokens::tokenize;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default.slant.json"),
        )
        .unwrap()
    })
}

/// News-like text: words, abbreviations, punctuation, HTML, hyphens, line breaks, any Unicode.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("U.S.".to_string()),
        Just("Lt. Gen.".to_string()),
        Just("so-called".to_string()),
        Just("occupation".to_string()),
        Just("Iran-backed".to_string()),
        Just("<p>".to_string()),
        Just("&amp;".to_string()),
        Just("-\n".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        Just("\"".to_string()),
        "[a-zA-Z]{1,8}",
        "\\PC{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn token_offsets_slice_the_cleaned_text(raw in texty()) {
        let clean = Cleaner::builtin().clean(&raw).text;
        let mut last = 0;
        for t in tokenize(&clean) {
            prop_assert!(t.start >= last && t.start < t.end && t.end <= clean.len());
            prop_assert!(clean.is_char_boundary(t.start) && clean.is_char_boundary(t.end));
            prop_assert!(t.text(&clean).chars().next().unwrap().is_alphanumeric());
            last = t.end;
        }
    }

    #[test]
    fn splitting_loses_no_non_space_character(raw in texty()) {
        let clean = Cleaner::builtin().clean(&raw).text;
        let spans = SentenceSplitter::new().split(&clean);
        let kept: String = spans.iter().flat_map(|s| s.text(&clean).chars()).filter(|c| !c.is_whitespace()).collect();
        let all: String = clean.chars().filter(|c| !c.is_whitespace()).collect();
        prop_assert_eq!(kept, all);
    }

    #[test]
    fn lexicon_matches_lie_on_token_boundaries(raw in texty()) {
        // Offsets, trimming, coverage and token-aligned matches with the bundled lexicon.
        checks::check_text(raw.as_bytes());
    }

    #[test]
    fn scoring_any_text_never_panics(raw in texty(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let model = model();
        for text in [raw, String::from_utf8_lossy(&bytes).into_owned()] {
            let clean = Cleaner::builtin().clean(&text).text;
            let mut scratch = Default::default();
            let mut features = Default::default();
            let mut probs = Vec::new();
            for span in SentenceSplitter::new().split(&clean) {
                model.featurizer.transform_into(span.text(&clean), &mut scratch, &mut features);
                model.predict_into(&features, &mut probs);
                for p in &probs {
                    let sum: f64 = p.iter().sum();
                    prop_assert!((sum - 1.0).abs() < 1e-6 && p.iter().all(|x| x.is_finite()));
                }
            }
        }
    }
}

#![allow(dead_code)]
//! The checks the fuzz targets run, shared with `tests/fuzz_regressions.rs` (which replays every
//! file in `fuzz/regressions/`), so that a crash input stays a regression test on stable Rust.
//! Each function panics when an invariant breaks.

use std::sync::OnceLock;

use slant::lexicon::{Lexicon, MatchScratch};
use slant::model::Model;
use slant::text::clean::Cleaner;
use slant::text::sentences::SentenceSplitter;
use slant::text::tokens::tokenize_into;

fn bundled_lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/lexicons")
            .canonicalize()
            .or_else(|_| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("data/lexicons")
                    .canonicalize()
            })
            .expect("data/lexicons");
        Lexicon::load_dir(&dir).expect("bundled lexicon").0
    })
}

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(Cleaner::builtin)
}

fn splitter() -> &'static SentenceSplitter {
    static SPLITTER: OnceLock<SentenceSplitter> = OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::new)
}

/// `LEXICON \0 TEXT`: parses LEXICON as a lexicon file; without a NUL the bundled lexicon is used.
/// Cleans TEXT, splits it, tokenizes and matches every sentence, and checks the offsets.
pub fn check_text(data: &[u8]) {
    let (own, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => {
            let src = String::from_utf8_lossy(&data[..i]).into_owned();
            let parsed = Lexicon::parse_sources(&[("fuzz.txt".to_string(), src)]);
            (parsed.ok().map(|(l, _)| l), &data[i + 1..])
        }
        None => (None, data),
    };
    let lexicon = own.as_ref().unwrap_or_else(|| bundled_lexicon());
    let raw = String::from_utf8_lossy(text);
    let cleaned = cleaner().clean(&raw);
    let clean = cleaned.text.as_str();
    let spans = splitter().split(clean);
    let mut last_end = 0;
    for s in &spans {
        assert!(s.start >= last_end && s.start < s.end && s.end <= clean.len());
        let sentence = s.text(clean);
        assert_eq!(sentence, sentence.trim(), "sentence not trimmed");
        assert!(
            clean[last_end..s.start].chars().all(char::is_whitespace),
            "non-space character lost between sentences"
        );
        last_end = s.end;
    }
    assert!(
        clean[last_end..].chars().all(char::is_whitespace),
        "non-space character lost after the last sentence"
    );
    let mut tokens = Vec::new();
    let mut scratch = MatchScratch::new();
    let mut matches = Vec::new();
    for s in &spans {
        let sentence = s.text(clean);
        tokenize_into(sentence, &mut tokens);
        for t in &tokens {
            assert!(t.start < t.end && sentence.is_char_boundary(t.start));
            let _ = t.text(sentence);
        }
        lexicon.find_into(sentence, &tokens, &mut scratch, &mut matches);
        for m in &matches {
            assert!(m.token_count >= 1 && m.first_token + m.token_count <= tokens.len());
            assert_eq!(
                m.start, tokens[m.first_token].start,
                "match starts off a token"
            );
            assert_eq!(
                m.end,
                tokens[m.first_token + m.token_count - 1].end,
                "match ends off a token"
            );
            assert!(m.entry < lexicon.entries().len());
            assert!(m.category < lexicon.categories().len());
        }
    }
}

/// Loads arbitrary bytes as a model; when they load, featurizes, predicts and explains a sentence.
pub fn check_model(data: &[u8]) {
    let Ok(model) = Model::from_json(data) else {
        return;
    };
    let mut scratch = Default::default();
    let mut features = Default::default();
    model.featurizer.transform_into(
        "The occupation must end, officials said on Tuesday.",
        &mut scratch,
        &mut features,
    );
    let mut probs = Vec::new();
    model.predict_into(&features, &mut probs);
    for (head, p) in model.heads.iter().zip(&probs) {
        assert_eq!(p.len(), head.classes.len());
        let _ = slant::model::explain::explain(head, &model.featurizer, &features);
    }
    let again = Model::from_json(&model.to_json()).expect("a loaded model re-loads");
    assert_eq!(again.to_json(), model.to_json());
}

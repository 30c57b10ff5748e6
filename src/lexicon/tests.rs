//! Behaviour of the whole lexicon: matching semantics, loading files, hashing and round-trips.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::text::tokens::tokenize_into;

fn lexicon(content: &str) -> Lexicon {
    match Lexicon::parse_sources(&[("t.txt".to_string(), content.to_string())]) {
        Ok((lexicon, _warnings)) => lexicon,
        Err(e) => panic!("test lexicon does not load: {e}"),
    }
}

/// Each match as (matched text, entry term, category name).
fn hits<'a>(lex: &'a Lexicon, text: &'a str) -> Vec<(&'a str, &'a str, &'a str)> {
    lex.find(text)
        .iter()
        .map(|m| {
            (
                &text[m.start..m.end],
                lex.entries()[m.entry].term.as_str(),
                lex.categories()[m.category].name.as_str(),
            )
        })
        .collect()
}

const SAMPLE: &str = "\
@category atrocity loaded Atrocity words
@category doubt_scare loaded Doubt and scare markers
@category hedge epistemic Hedges
@category proxy loaded Proxy labels
assassinat* | atrocity
war crime* | atrocity
so-called | doubt_scare
under the guise of | doubt_scare
Iran-backed militias | proxy
militias | proxy
claim | hedge
claim* | doubt_scare
claimed responsibility* | hedge
anti-* | doubt_scare
Iraq's proxies | proxy
İstanbul | proxy
";

#[test]
fn wildcard_matches_any_continuation_of_the_last_word() {
    let lex = lexicon(SAMPLE);
    assert_eq!(
        hits(&lex, "Assassinations and an assassinat plot."),
        [
            ("Assassinations", "assassinat", "atrocity"),
            ("assassinat", "assassinat", "atrocity")
        ]
    );
    assert_eq!(
        hits(&lex, "alleged War Crimes"),
        [("War Crimes", "war crime", "atrocity")]
    );
    assert_eq!(
        hits(&lex, "a war crime"),
        [("war crime", "war crime", "atrocity")]
    );
    assert!(hits(&lex, "warcrimes, war, crim").is_empty());
}

#[test]
fn only_whole_tokens_match() {
    let lex = lexicon(SAMPLE);
    assert!(hits(&lex, "reclaim the militiaman so called").is_empty());
    assert_eq!(
        hits(&lex, "the So-Called advisers"),
        [("So-Called", "so-called", "doubt_scare")]
    );
    // A hyphenated compound is one token, so its parts do not match on their own.
    assert!(hits(&lex, "pro-militias").is_empty());
}

#[test]
fn longest_match_wins_and_matches_do_not_overlap() {
    let lex = lexicon(SAMPLE);
    assert_eq!(
        hits(&lex, "Iran-backed militias attacked; militias fled."),
        [
            ("Iran-backed militias", "Iran-backed militias", "proxy"),
            ("militias", "militias", "proxy")
        ]
    );
    assert_eq!(
        hits(&lex, "They claimed responsibility."),
        [("claimed responsibility", "claimed responsibility", "hedge")]
    );
}

#[test]
fn exact_beats_wildcard_and_longer_stem_beats_shorter() {
    let lex = lexicon(SAMPLE);
    assert_eq!(
        hits(&lex, "a claim, two claims"),
        [
            ("claim", "claim", "hedge"),
            ("claims", "claim", "doubt_scare")
        ]
    );
    let lex =
        lexicon("@category a loaded A\n@category b loaded B\nassassin* | a\nassassinat* | b\n");
    assert_eq!(
        hits(&lex, "assassination"),
        [("assassination", "assassinat", "b")]
    );
    assert_eq!(hits(&lex, "assassins"), [("assassins", "assassin", "a")]);
}

#[test]
fn leftmost_match_wins_over_a_later_longer_one() {
    let lex = lexicon("@category a loaded A\nso-called war | a\nwar crimes against humanity | a\n");
    assert_eq!(
        hits(&lex, "so-called war crimes against humanity"),
        [("so-called war", "so-called war", "a")]
    );
}

#[test]
fn wildcard_stem_ending_in_hyphen_matches_compounds_only() {
    let lex = lexicon(SAMPLE);
    assert_eq!(
        hits(&lex, "anti-American anti war"),
        [("anti-American", "anti-", "doubt_scare")]
    );
}

#[test]
fn typographic_marks_case_and_punctuation_between_tokens() {
    let lex = lexicon(SAMPLE);
    assert_eq!(
        hits(&lex, "IRAQ’S proxies"),
        [("IRAQ’S proxies", "Iraq's proxies", "proxy")]
    );
    // Punctuation is not a token, so a phrase matches across it.
    assert_eq!(
        hits(&lex, "under the guise, of"),
        [("under the guise, of", "under the guise of", "doubt_scare")]
    );
}

#[test]
fn offsets_point_into_the_original_text_when_lowercasing_changes_lengths() {
    let lex = lexicon(SAMPLE);
    // "İ" lower-cases to two characters (3 bytes instead of 2).
    let text = "İSTANBUL İstanbul, war crimes";
    let found = lex.find(text);
    let spans: Vec<_> = found.iter().map(|m| &text[m.start..m.end]).collect();
    assert_eq!(spans, ["İSTANBUL", "İstanbul", "war crimes"]);
    assert_eq!((found[2].first_token, found[2].token_count), (2, 2));
}

#[test]
fn find_into_reuses_its_buffers_and_clears_output() {
    let lex = lexicon(SAMPLE);
    let (mut tokens, mut scratch, mut out) = (Vec::new(), MatchScratch::new(), Vec::new());
    let first = "so-called militias";
    tokenize_into(first, &mut tokens);
    lex.find_into(first, &tokens, &mut scratch, &mut out);
    assert_eq!(out.len(), 2);
    let second = "nothing here";
    tokenize_into(second, &mut tokens);
    lex.find_into(second, &tokens, &mut scratch, &mut out);
    assert!(out.is_empty());
    lex.find_into("", &[], &mut scratch, &mut out);
    assert!(out.is_empty());
}

#[test]
fn every_exact_entry_matches_its_own_term() {
    assert_self_matches(&lexicon(SAMPLE));
}

/// Each exact entry, as written, is found as a single match of itself covering all its tokens.
fn assert_self_matches(lex: &Lexicon) {
    for (i, entry) in lex.entries().iter().enumerate() {
        if entry.wildcard {
            continue;
        }
        let found = lex.find(&entry.term);
        let expected = entry.normalized.split(' ').count();
        assert!(
            found.len() == 1 && found[0].entry == i && found[0].token_count == expected,
            "{}: \"{}\" does not match itself: {found:?}",
            entry.origin,
            entry.term
        );
    }
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

#[test]
fn load_dir_reads_txt_files_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.txt", b"thugs | a\n");
    write(dir.path(), "a.txt", b"@category a loaded A\nmilitias | a\n");
    write(dir.path(), "notes.md", b"not | a | lexicon\n");
    let (lex, warnings) = Lexicon::load_dir(dir.path()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let origins: Vec<_> = lex.entries().iter().map(|e| e.origin.clone()).collect();
    let a = dir.path().join("a.txt").display().to_string();
    let b = dir.path().join("b.txt").display().to_string();
    assert_eq!(origins, [format!("{a}:2"), format!("{b}:1")]);
}

#[test]
fn io_and_encoding_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let err = Lexicon::load_dir(&missing).err().unwrap();
    assert!(
        matches!(&err, LexiconError::Io { path, .. } if *path == missing),
        "{err}"
    );
    assert!(matches!(
        Lexicon::load_dir(dir.path()),
        Err(LexiconError::NoFiles { .. })
    ));
    let bad = write(
        dir.path(),
        "bad.txt",
        b"@category a loaded A\nthugs | a\nbad \xff | a\n",
    );
    let err = Lexicon::load_files(std::slice::from_ref(&bad))
        .err()
        .unwrap();
    assert!(
        matches!(&err, LexiconError::NotUtf8 { path, line: 3 } if *path == bad),
        "{err}"
    );
}

#[test]
fn syntax_errors_carry_file_and_line() {
    let sources = [
        ("one.txt".to_string(), "@category a loaded A\n".to_string()),
        ("two.txt".to_string(), "# c\nthugs a\n".to_string()),
    ];
    let err = Lexicon::parse_sources(&sources).err().unwrap();
    assert!(err.to_string().starts_with("two.txt:2: "), "{err}");
}

#[test]
fn content_hash_ignores_order_comments_spacing_and_case() {
    let one =
        lexicon("@category a loaded A\n@category b epistemic B\nwar crime* | a\nperhaps | b\n");
    let reordered = Lexicon::parse_sources(&[
        (
            "x.txt".to_string(),
            "# hedges\nPerhaps |b| a note\n@category b epistemic Other text\n".to_string(),
        ),
        (
            "y.txt".to_string(),
            "  War   Crime*   | a\n@category a loaded A\n".to_string(),
        ),
    ])
    .unwrap()
    .0;
    assert_eq!(one.content_hash(), reordered.content_hash());
    assert_eq!(one.content_hash().len(), 64);
    let changed =
        lexicon("@category a loaded A\n@category b epistemic B\nwar crime | a\nperhaps | b\n");
    assert_ne!(one.content_hash(), changed.content_hash());
    let recategorised =
        lexicon("@category a loaded A\n@category b loaded B\nwar crime* | a\nperhaps | b\n");
    assert_ne!(one.content_hash(), recategorised.content_hash());
}

#[test]
fn data_round_trip_rebuilds_the_same_lexicon() {
    let lex = lexicon(SAMPLE);
    let json = serde_json::to_string(&lex.to_data()).unwrap();
    assert!(json.contains("\"kind\":\"epistemic\""), "{json}");
    let data: LexiconData = serde_json::from_str(&json).unwrap();
    let rebuilt = Lexicon::from_data(data).unwrap();
    assert_eq!(rebuilt.categories(), lex.categories());
    assert_eq!(rebuilt.entries(), lex.entries());
    assert_eq!(rebuilt.content_hash(), lex.content_hash());
    let text = "So-called Iran-backed militias claimed responsibility for assassinations.";
    assert_eq!(rebuilt.find(text), lex.find(text));
}

#[test]
fn from_data_rechecks_its_input() {
    let mut data = lexicon(SAMPLE).to_data();
    data.entries[0].category = "nope".to_string();
    assert!(matches!(
        Lexicon::from_data(data),
        Err(LexiconError::UnknownCategory { .. })
    ));
    let mut data = lexicon(SAMPLE).to_data();
    data.entries[0].term = "war* crimes".to_string();
    assert!(matches!(
        Lexicon::from_data(data),
        Err(LexiconError::Syntax { .. })
    ));
}

#[test]
fn category_index_finds_by_name() {
    let lex = lexicon(SAMPLE);
    assert_eq!(lex.category_index("hedge"), Some(2));
    assert_eq!(lex.category_index("missing"), None);
}

#[test]
fn bundled_lexicons_load_and_match_themselves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicons");
    let has_files = fs::read_dir(&dir).is_ok_and(|items| {
        items
            .flatten()
            .any(|i| i.path().extension().is_some_and(|e| e == "txt"))
    });
    if !has_files {
        eprintln!("skipping: no bundled lexicon files in {}", dir.display());
        return;
    }
    let (lex, warnings) = match Lexicon::load_dir(&dir) {
        Ok(loaded) => loaded,
        Err(e) => panic!("bundled lexicons do not load: {e}"),
    };
    eprintln!(
        "bundled lexicons: {} categories, {} entries, {} warnings, hash {}",
        lex.categories().len(),
        lex.entries().len(),
        warnings.len(),
        lex.content_hash()
    );
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    assert!(!lex.entries().is_empty());
    assert_self_matches(&lex);
}

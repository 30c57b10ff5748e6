//! Property test: the word matcher agrees with the automaton (the reference semantics) on random
//! lexicons and token streams made of the lexicon's own words, stems with continuations, joined
//! and overlapping phrases, other words, empty tokens and token lists shorter than the stream.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;

use super::matcher::Matcher;
use super::twin_tests::{source_for, SEPARATORS};
use super::*;
use crate::text::tokens::tokenize_into;

const VOCABULARY: &[&str] = &[
    "war",
    "warlord",
    "crimes",
    "crime",
    "so-called",
    "anti-war",
    "anti",
    "assassination",
    "assassinated",
    "the",
    "of",
    "it",
    "is",
    "under",
    "guise",
    "claimed",
    "responsibility",
    "Iran-backed",
    "militias",
    "Iraq’s",
    "İstanbul",
    "ÇA",
    "U.S",
    "2,500",
    "a",
    "disproportionately",
    "counter-terrorism",
];
const CONTINUATIONS: &[&str] = &["", "s", "ed", "ation", "-war", "’s", "ü", "x"];

/// A term of 1-4 vocabulary words; a wildcard one cuts its last word to a prefix (which may end
/// with a joiner: "anti-*").
fn term_strategy() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0..VOCABULARY.len(), 1..=4),
        any::<bool>(),
        1usize..10,
    )
        .prop_map(|(words, wildcard, cut)| {
            let mut term: Vec<String> = words.iter().map(|&w| VOCABULARY[w].to_string()).collect();
            if wildcard {
                let last = term.last_mut().expect("at least one word");
                let keep: String = last.chars().take(cut).collect();
                *last = format!("{keep}*");
            }
            term.join(" ")
        })
}

/// One piece of text, chosen when the lexicon is known (indices are taken modulo its size).
#[derive(Debug, Clone)]
enum Piece {
    /// A whole term as written (phrases and their overlaps).
    Term(usize),
    Word(usize),
    /// A term's stem (its last word, cut) and a continuation.
    Stem(usize, usize),
    Other(String),
}

fn piece_strategy() -> impl Strategy<Value = (Piece, usize, bool)> {
    let piece = prop_oneof![
        3 => any::<usize>().prop_map(Piece::Term),
        3 => (0..VOCABULARY.len()).prop_map(Piece::Word),
        2 => (any::<usize>(), 0..CONTINUATIONS.len()).prop_map(|(t, c)| Piece::Stem(t, c)),
        2 => "[a-zé]{1,6}([-'][a-z]{1,3})?".prop_map(Piece::Other),
    ];
    (piece, 0..SEPARATORS.len(), any::<bool>())
}

fn text_of(terms: &[String], pieces: &[(Piece, usize, bool)]) -> String {
    let mut text = String::new();
    for (piece, separator, upper) in pieces {
        let body = match piece {
            Piece::Term(t) => terms[t % terms.len()].trim_end_matches('*').to_string(),
            Piece::Word(w) => VOCABULARY[*w].to_string(),
            Piece::Stem(t, c) => {
                let term = terms[t % terms.len()].trim_end_matches('*');
                let stem = term.rsplit(' ').next().unwrap_or(term);
                format!("{stem}{}", CONTINUATIONS[*c])
            }
            Piece::Other(word) => word.clone(),
        };
        text.push_str(&if *upper { body.to_uppercase() } else { body });
        text.push_str(SEPARATORS[*separator]);
    }
    text
}

/// Both matchers and the dispatcher on one stream; returns the matches.
fn assert_agree(
    matcher: &Matcher,
    lowered: &LoweredTokens,
    tokens: &[Token],
) -> Result<Vec<Match>, TestCaseError> {
    let (words, automaton) = matcher.parts();
    let words = words.ok_or_else(|| TestCaseError::fail("no word matcher"))?;
    let (mut fast, mut slow, mut chosen) = (Vec::new(), Vec::new(), Vec::new());
    words.find_lowered(lowered, tokens, &mut fast);
    automaton.find_lowered(lowered, tokens, &mut slow);
    matcher.find_lowered(lowered, tokens, &mut chosen);
    prop_assert_eq!(&fast, &slow, "stream {:?}", lowered.stream());
    prop_assert_eq!(&chosen, &slow);
    Ok(slow)
}

proptest! {
    // Fixed seed: reproducible runs; no regression files written into the repository.
    #![proptest_config(ProptestConfig {
        cases: 500,
        rng_seed: RngSeed::Fixed(0x1e8_3a7c),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn word_matcher_agrees_with_automaton(
        terms in prop::collection::vec(term_strategy(), 1..30),
        // Up to 80 pieces: long streams too.
        pieces in prop::collection::vec(piece_strategy(), 0..80),
        empty_at in prop::collection::vec(any::<usize>(), 0..3),
        keep in any::<usize>(),
    ) {
        let (lex, _warnings) = Lexicon::parse_sources(&[("p.txt".to_string(), source_for(&terms))])
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = text_of(&terms, &pieces);
        let mut tokens = Vec::new();
        tokenize_into(&text, &mut tokens);
        let mut lowered = LoweredTokens::default();
        lowered.load(&text, &tokens);
        assert_agree(&lex.matcher, &lowered, &tokens)?;

        // Tokens that do not slice the text become empty stream words.
        for &at in &empty_at {
            let at = at % (tokens.len() + 1);
            tokens.insert(at, Token { start: usize::MAX, end: 0 });
        }
        lowered.load(&text, &tokens);
        assert_agree(&lex.matcher, &lowered, &tokens)?;
        // Fewer tokens than the stream has: both stop at the first match past the end.
        let keep = keep % (tokens.len() + 1);
        assert_agree(&lex.matcher, &lowered, &tokens[..keep])?;
    }
}

#[test]
fn generated_streams_do_match() {
    // Guards the generator: agreement on streams with no matches would prove little.
    let terms = [
        "war crime*".to_string(),
        "anti-*".to_string(),
        "the".to_string(),
    ];
    let (lex, _) = Lexicon::parse_sources(&[("p.txt".to_string(), source_for(&terms))]).unwrap();
    let pieces = [
        (Piece::Term(0), 0, true),
        (Piece::Stem(1, 7), 3, false),
        (Piece::Word(9), 0, false),
    ];
    let text = text_of(&terms, &pieces);
    assert_eq!(text, "WAR CRIME anti-x, the ");
    let tokens = crate::text::tokens::tokenize(&text);
    let mut lowered = LoweredTokens::default();
    lowered.load(&text, &tokens);
    let found = assert_agree(&lex.matcher, &lowered, &tokens).unwrap();
    let entries: Vec<usize> = found.iter().map(|m| m.entry).collect();
    assert_eq!(entries, [0, 1, 2]);
}

#[test]
fn tokens_holding_a_space_go_to_the_automaton() {
    // Tokens of another text can span several words; the automaton sees words, not tokens.
    let (lex, _) = Lexicon::parse_sources(&[(
        "p.txt".to_string(),
        "@category c loaded C\nwar | c\ncrimes of war | c\n".to_string(),
    )])
    .unwrap();
    let text = "crimes of war crimes war";
    let tokens = [
        Token { start: 0, end: 13 },
        Token { start: 14, end: 20 },
        Token { start: 21, end: 24 },
    ];
    let mut lowered = LoweredTokens::default();
    lowered.load(text, &tokens);
    let (mut chosen, mut slow, mut fast) = (Vec::new(), Vec::new(), Vec::new());
    lex.matcher.find_lowered(&lowered, &tokens, &mut chosen);
    let (words, automaton) = lex.matcher.parts();
    automaton.find_lowered(&lowered, &tokens, &mut slow);
    words.unwrap().find_lowered(&lowered, &tokens, &mut fast);
    assert_eq!(chosen, slow);
    assert_eq!(
        slow[0].entry, 1,
        "the automaton finds the phrase inside the first token"
    );
    assert_ne!(fast, slow, "so the word matcher would differ here");
}

#[test]
fn bundled_lexicon_on_bundled_sentences() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (Ok((lex, _)), Ok(mut reader)) = (
        Lexicon::load_dir(&root.join("data/lexicons")),
        csv::Reader::from_path(root.join("data/sentences.csv")),
    ) else {
        eprintln!("skipping: bundled lexicons or sentences missing");
        return;
    };
    let sentences: Vec<String> = reader
        .records()
        .map(|r| r.expect("csv record")[0].to_string())
        .collect();
    // Each sentence, then paragraphs of eight (streams of hundreds of tokens).
    let paragraphs = sentences.chunks(8).map(|p| p.join(" "));
    let (mut tokens, mut lowered, mut matches) = (Vec::new(), LoweredTokens::default(), 0);
    for text in sentences.iter().cloned().chain(paragraphs) {
        tokenize_into(&text, &mut tokens);
        lowered.load(&text, &tokens);
        matches += assert_agree(&lex.matcher, &lowered, &tokens).unwrap().len();
    }
    assert!(matches > 100, "only {matches} matches");
}

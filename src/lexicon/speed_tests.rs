//! Scan-speed check (ignored by default; run with
//! `cargo test --release speed -- --ignored --nocapture`): 5,000 patterns over 50 MB of text.

use std::time::Instant;

use super::*;
use crate::text::tokens::tokenize_into;

/// A matcher's `find_lowered`.
type FindLowered<'a> = dyn Fn(&LoweredTokens, &[Token], &mut Vec<Match>) + 'a;

/// Small seeded generator so that the synthetic lexicon and text are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn pseudo_word(rng: &mut Lcg) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "ri", "mo", "ten", "sar", "lo", "qu", "dra", "vin", "el", "ost", "ab", "ur", "ni",
        "pha", "ge", "tor", "sim",
    ];
    (0..2 + rng.next(3))
        .map(|_| SYLLABLES[rng.next(SYLLABLES.len())])
        .collect()
}

#[test]
#[ignore = "speed measurement; run in release"]
fn speed_5000_patterns_over_50_mb() {
    let mut rng = Lcg(42);
    let vocabulary: Vec<String> = (0..20_000).map(|_| pseudo_word(&mut rng)).collect();
    let mut source = String::from("@category a loaded A\n");
    for _ in 0..5_000 {
        let words: Vec<&str> = (0..1 + rng.next(3))
            .map(|_| vocabulary[rng.next(vocabulary.len())].as_str())
            .collect();
        let star = if rng.next(5) == 0 { "*" } else { "" };
        source.push_str(&format!("{}{star} | a\n", words.join(" ")));
    }
    let (lex, _) = Lexicon::parse_sources(&[("speed.txt".to_string(), source)]).unwrap();

    let mut sentences = Vec::new();
    let mut total = 0;
    while total < 50_000_000 {
        let words: Vec<String> = (0..25)
            .map(|i| {
                let w = &vocabulary[rng.next(vocabulary.len())];
                if i == 0 {
                    w.to_uppercase()
                } else {
                    w.clone()
                }
            })
            .collect();
        let sentence = format!("{}.", words.join(" "));
        total += sentence.len();
        sentences.push(sentence);
    }

    let (mut tokens, mut scratch, mut out) = (Vec::new(), MatchScratch::new(), Vec::new());
    let mut token_lists = Vec::with_capacity(sentences.len());
    let started = Instant::now();
    for s in &sentences {
        tokenize_into(s, &mut tokens);
        token_lists.push(tokens.clone());
    }
    let tokenize_time = started.elapsed();
    let started = Instant::now();
    let mut matches = 0;
    for (s, t) in sentences.iter().zip(&token_lists) {
        lex.find_into(s, t, &mut scratch, &mut out);
        matches += out.len();
    }
    let match_time = started.elapsed();
    let (load_only, with_words, with_automaton) = compare_matchers(&lex, &sentences, &token_lists);
    let mb = total as f64 / 1e6;
    eprintln!(
        "{} entries, matcher {:.1} MB; {mb:.0} MB in {} sentences: tokenize {:.2}s, match {:.2}s ({:.0} MB/s), {matches} matches; lower-case only {load_only:.2}s, word matcher +{:.2}s, automaton +{:.2}s",
        lex.entries().len(),
        lex.matcher_memory_usage() as f64 / 1e6,
        sentences.len(),
        tokenize_time.as_secs_f64(),
        match_time.as_secs_f64(),
        mb / match_time.as_secs_f64(),
        with_words - load_only,
        with_automaton - load_only,
    );
    assert!(matches > 0);
}

/// Seconds for a pass that lower-cases every sentence, and for passes that also run the word
/// matcher and the automaton (whose results must agree).
fn compare_matchers(lex: &Lexicon, sentences: &[String], tokens: &[Vec<Token>]) -> (f64, f64, f64) {
    let (words, automaton) = lex.matcher.parts();
    let words = words.expect("word matcher");
    let (mut lowered, mut out) = (LoweredTokens::default(), Vec::new());
    let mut pass = |matcher: &FindLowered| {
        let started = Instant::now();
        let mut found = 0;
        for (s, t) in sentences.iter().zip(tokens) {
            lowered.load(s, t);
            matcher(&lowered, t, &mut out);
            found += out.len();
        }
        (started.elapsed().as_secs_f64(), found)
    };
    let (load_only, _) = pass(&|_, _, out| out.clear());
    let (with_words, words_found) = pass(&|l, t, out| words.find_lowered(l, t, out));
    let (with_automaton, automaton_found) = pass(&|l, t, out| automaton.find_lowered(l, t, out));
    assert_eq!(words_found, automaton_found);
    (load_only, with_words, with_automaton)
}

#[test]
#[ignore = "speed measurement; run in release"]
fn speed_bundled_lexicon_on_news_sentences() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (lex, _) = Lexicon::load_dir(&root.join("data/lexicons")).expect("bundled lexicons");
    let mut reader = csv::Reader::from_path(root.join("data/sentences.csv")).expect("sentences");
    let once: Vec<String> = reader
        .records()
        .map(|r| r.expect("csv record")[0].to_string())
        .collect();
    // Fifty copies: long enough to time, with the sentences' real mix of words and hits.
    let sentences: Vec<String> = (0..50).flat_map(|_| once.iter().cloned()).collect();
    let tokens: Vec<Vec<Token>> = sentences.iter().map(|s| tokenize(s)).collect();
    let count: usize = tokens.iter().map(Vec::len).sum();
    let (load_only, with_words, with_automaton) = compare_matchers(&lex, &sentences, &tokens);
    let per_token = |secs: f64| secs * 1e9 / count as f64;
    eprintln!(
        "{} entries; {count} tokens: lower-case only {:.1} ns/token, word matcher +{:.1}, automaton +{:.1}",
        lex.entries().len(),
        per_token(load_only),
        per_token(with_words - load_only),
        per_token(with_automaton - load_only),
    );
}

//! Scan-speed check (ignored by default; run with
//! `cargo test --release speed -- --ignored --nocapture`): 5,000 patterns over 50 MB of text.

use std::time::Instant;

use super::*;
use crate::text::tokens::tokenize_into;

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
    let mb = total as f64 / 1e6;
    eprintln!(
        "{} entries, automaton {:.1} MB; {mb:.0} MB in {} sentences: tokenize {:.2}s, match {:.2}s ({:.0} MB/s), {matches} matches",
        lex.entries().len(),
        lex.matcher_memory_usage() as f64 / 1e6,
        sentences.len(),
        tokenize_time.as_secs_f64(),
        match_time.as_secs_f64(),
        mb / match_time.as_secs_f64()
    );
    assert!(matches > 0);
}

//! The byte-level matcher: one aho-corasick automaton over the `" tok0 tok1 ... tokN "` stream.
//! An exact term is the pattern `" a b "` and a wildcard term `" a b"` (open at the end), so every
//! automaton hit starts at a token start and, for exact terms, ends at a token end.
//!
//! With such patterns, byte length orders the hits that start at the same token exactly as the
//! lexicon's rule does (more tokens; at equal tokens exact before wildcard, since an exact pattern
//! covers its whole last token plus a space; then the longer stem). So aho-corasick's
//! leftmost-longest search yields the wanted match directly; after each hit the scan resumes at
//! the space that ends the hit's last token, which the next pattern needs as its leading space.
//!
//! This is the reference semantics: [`super::words::WordMatcher`] must agree with it, and it still
//! serves the streams that one cannot (tokens holding a space, see [`super::matcher`]).

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use super::matcher::Match;
use super::Entry;
use crate::text::lowered::LoweredTokens;
use crate::text::tokens::Token;

/// What the matcher needs to know about each entry (the automaton's pattern id is the entry index).
#[derive(Debug, Clone)]
struct PatternInfo {
    category: usize,
    token_count: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct AutomatonMatcher {
    automaton: AhoCorasick,
    patterns: Vec<PatternInfo>,
}

impl AutomatonMatcher {
    pub fn build(entries: &[Entry]) -> Result<AutomatonMatcher, aho_corasick::BuildError> {
        let patterns: Vec<PatternInfo> = entries
            .iter()
            .map(|e| PatternInfo {
                category: e.category,
                token_count: e.normalized.split(' ').count(),
            })
            .collect();
        let texts = entries.iter().map(|e| {
            let close = if e.wildcard { "" } else { " " };
            format!(" {}{close}", e.normalized)
        });
        // The automaton kind is left to aho-corasick: with thousands of patterns its contiguous
        // NFA scanned faster than a full DFA here (5,000 patterns: 0.7 MB vs 7 MB, fewer cache
        // misses).
        // Always the contiguous NFA, which aho-corasick picks anyway past 100 patterns: for fewer
        // it would build a DFA, whose construction follows failure links once per state and byte
        // class, quadratic in a long repetitive pattern (one term "war war war …" of 20,000 words
        // took 6-8 s, 99% of it in that DFA build). Terms are also bounded (20 words, 200 bytes).
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::LeftmostLongest)
            // Every pattern starts with a space, so a start-byte prefilter would stop at every word.
            .prefilter(false)
            .build(texts)?;
        Ok(AutomatonMatcher {
            automaton,
            patterns,
        })
    }

    /// Leftmost-longest, non-overlapping matches of the entries in `lowered` (see the module doc).
    pub fn find_lowered(&self, lowered: &LoweredTokens, tokens: &[Token], out: &mut Vec<Match>) {
        out.clear();
        if tokens.is_empty() || self.patterns.is_empty() {
            return;
        }
        let stream = lowered.stream();
        let mut input = Input::new(stream);
        let mut first_token = 0;
        while let Some(hit) = self.automaton.find(input.clone()) {
            // Hits come in text order, so the token cursor only moves forward. The pattern's
            // leading space sits just before its first token.
            while first_token < lowered.len() && lowered.span(first_token).0 <= hit.start() {
                first_token += 1;
            }
            let p = &self.patterns[hit.pattern().as_usize()];
            let last_token = first_token + p.token_count - 1;
            if last_token >= tokens.len() {
                break; // unreachable with well-formed tokens; stops instead of panicking
            }
            out.push(Match {
                entry: hit.pattern().as_usize(),
                category: p.category,
                start: tokens[first_token].start,
                end: tokens[last_token].end,
                first_token,
                token_count: p.token_count,
            });
            // Resume at the space after the last token (the stream ends with one).
            input.set_start(lowered.span(last_token).1);
        }
    }

    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_repetitive_term_builds_in_linear_time() {
        // Past the term limits (checked before a matcher is built), to time the build itself:
        // a DFA took seconds here (quadratic), the contiguous NFA milliseconds.
        let entry = Entry {
            term: String::new(),
            normalized: vec!["war"; 20_000].join(" "),
            category: 0,
            wildcard: false,
            note: None,
            origin: "t.txt:1".into(),
        };
        let started = std::time::Instant::now();
        let matcher = AutomatonMatcher::build(&[entry]).unwrap();
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(matcher.memory_usage() < 50 << 20);
    }
}

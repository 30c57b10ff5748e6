//! The one-pass matcher. The text's lower-cased tokens are joined into one buffer as
//! `" tok0 tok1 ... tokN "`; an exact term is the pattern `" a b "` and a wildcard term `" a b"`
//! (open at the end), so every automaton hit starts at a token start and, for exact terms, ends at
//! a token end.
//!
//! With such patterns, byte length orders the hits that start at the same token exactly as the
//! lexicon's rule does (more tokens; at equal tokens exact before wildcard, since an exact pattern
//! covers its whole last token plus a space; then the longer stem). So aho-corasick's
//! leftmost-longest search yields the wanted match directly; after each hit the scan resumes at
//! the space that ends the hit's last token, which the next pattern needs as its leading space.

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::Entry;
use crate::text::lowered::LoweredTokens;
use crate::text::tokens::Token;

/// One lexicon hit in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match {
    /// Index into [`Lexicon::entries`](super::Lexicon::entries).
    pub entry: usize,
    /// Index into [`Lexicon::categories`](super::Lexicon::categories).
    pub category: usize,
    /// Byte offsets into the matched text: from the first token's start to the last token's end.
    pub start: usize,
    pub end: usize,
    /// Index of the first matched token in the token slice.
    pub first_token: usize,
    pub token_count: usize,
}

/// Reusable buffers for [`Lexicon::find_into`](super::Lexicon::find_into): keep one per thread.
#[derive(Debug, Default, Clone)]
pub struct MatchScratch {
    /// The joined lower-case token stream.
    lowered: LoweredTokens,
}

impl MatchScratch {
    pub fn new() -> MatchScratch {
        MatchScratch::default()
    }
}

/// What the matcher needs to know about each entry (the automaton's pattern id is the entry index).
#[derive(Debug, Clone)]
struct PatternInfo {
    category: usize,
    token_count: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<PatternInfo>,
}

impl Matcher {
    pub fn build(entries: &[Entry]) -> Result<Matcher, aho_corasick::BuildError> {
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
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Every pattern starts with a space, so a start-byte prefilter would stop at every word.
            .prefilter(false)
            .build(texts)?;
        Ok(Matcher {
            automaton,
            patterns,
        })
    }

    /// Leftmost-longest, non-overlapping matches of the entries in `text` (see the module doc).
    pub fn find_into(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut MatchScratch,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        if tokens.is_empty() || self.patterns.is_empty() {
            return;
        }
        scratch.lowered.load(text, tokens);
        self.find_lowered(&scratch.lowered, tokens, out);
    }

    /// As [`Self::find_into`], on `tokens` already lower-cased into `lowered`.
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

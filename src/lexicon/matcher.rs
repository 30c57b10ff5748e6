//! Matching a text against the lexicon: the [`Match`] type, the reusable scratch buffers and the
//! choice between the two matchers that share one semantics (non-overlapping; at the leftmost
//! token, most tokens, then exact before wildcard, then the longer stem; resume after the hit's
//! last token). [`WordMatcher`] looks whole tokens up and serves every well-formed text; the
//! byte-level [`AutomatonMatcher`] defines the semantics and takes the streams whose tokens hold
//! a space (tokens that do not come from tokenizing the text), where words and tokens differ.

use super::automaton::AutomatonMatcher;
use super::words::{GroupsById, WordMatcher};
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

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// `None` when some entry word cannot be looked up as a whole token (an empty word).
    words: Option<WordMatcher>,
    automaton: AutomatonMatcher,
}

impl Matcher {
    pub fn build(entries: &[Entry]) -> Result<Matcher, aho_corasick::BuildError> {
        Ok(Matcher {
            words: WordMatcher::build(entries),
            automaton: AutomatonMatcher::build(entries)?,
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
        if tokens.is_empty() {
            return;
        }
        scratch.lowered.load(text, tokens);
        self.find_lowered(&scratch.lowered, tokens, out);
    }

    /// As [`Self::find_into`], on `tokens` already lower-cased into `lowered`.
    pub fn find_lowered(&self, lowered: &LoweredTokens, tokens: &[Token], out: &mut Vec<Match>) {
        match &self.words {
            Some(words) if tokens_are_words(lowered) => words.find_lowered(lowered, tokens, out),
            _ => self.automaton.find_lowered(lowered, tokens, out),
        }
    }

    /// The words that start an entry, if tokens are matched by whole words (see
    /// [`Self::find_by_ids`]).
    pub fn first_words(&self) -> Option<impl Iterator<Item = &str>> {
        self.words.as_ref().map(WordMatcher::first_words)
    }

    /// What each word of another index can match, by its id; None if it lacks a first word.
    pub fn groups_by_id<'a>(
        &self,
        ids: usize,
        words: impl IntoIterator<Item = (u32, &'a str)>,
    ) -> Option<GroupsById> {
        self.words.as_ref()?.groups_by_id(ids, words)
    }

    /// As [`Self::find_lowered`], given each token's word id (`ids`, one per token) in the
    /// index that `groups` was built for.
    pub fn find_by_ids(
        &self,
        lowered: &LoweredTokens,
        tokens: &[Token],
        ids: &[u32],
        groups: &GroupsById,
        out: &mut Vec<Match>,
    ) {
        match &self.words {
            Some(words) if ids.len() == lowered.len() && tokens_are_words(lowered) => {
                words.find_by_ids(lowered, tokens, ids, groups, out)
            }
            _ => self.find_lowered(lowered, tokens, out),
        }
    }

    /// Bytes held by the word matcher and by the automaton kept for odd token streams.
    pub fn memory_usage(&self) -> usize {
        self.words.as_ref().map_or(0, WordMatcher::memory_usage) + self.automaton.memory_usage()
    }

    #[cfg(test)]
    pub fn parts(&self) -> (Option<&WordMatcher>, &AutomatonMatcher) {
        (self.words.as_ref(), &self.automaton)
    }
}

/// Whether the stream's space-separated words are exactly its tokens, i.e. no token holds a
/// space: then matching whole tokens is matching the automaton's patterns.
fn tokens_are_words(lowered: &LoweredTokens) -> bool {
    // Counted per 32-byte chunk in a u8 (vectorises; a chunk holds at most 32 spaces).
    let bytes = lowered.stream().as_bytes();
    let chunks = bytes.chunks_exact(32);
    let tail = chunks.remainder();
    let count = |chunk: &[u8]| chunk.iter().map(|&b| u8::from(b == b' ')).sum::<u8>() as usize;
    let spaces: usize = chunks.map(count).sum::<usize>() + count(tail);
    spaces == lowered.len() + 1
}

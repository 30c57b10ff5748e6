//! The token-level matcher: per token, one hash look-up of the lower-cased token finds the entries
//! that start with it (its exact single-word entry and its phrases), and a walk of the stem trie
//! finds the longest single-word wildcard stem it begins with. Same results as the automaton over
//! the joined stream (see [`super::automaton`]) whenever every token is one stream word, for a
//! fraction of the work: most tokens cost one table probe and one bitmap test (see
//! [`super::word_table`], [`super::stem_trie`]).

use rustc_hash::FxHashMap;

use super::matcher::Match;
use super::stem_trie::StemTrie;
use super::word_table::WordTable;
use super::Entry;
use crate::text::lowered::LoweredTokens;
use crate::text::tokens::Token;
use crate::text::word_key::window_at;

const NONE: u32 = u32::MAX;

/// The entries whose first word is one token.
#[derive(Debug, Clone, Copy, Default)]
struct Group {
    /// The exact single-word entry, or [`NONE`].
    exact: u32,
    /// Its phrases: `phrases[start..end]`, the longest automaton pattern first.
    phrases: (u32, u32),
}

/// An entry of two or more words.
#[derive(Debug, Clone)]
struct Phrase {
    entry: u32,
    /// The words after the first; the last is a prefix for a wildcard entry.
    rest: Box<[Box<str>]>,
    wildcard: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct WordMatcher {
    /// Groups by first word.
    groups: WordTable<Group>,
    phrases: Vec<Phrase>,
    stems: StemTrie,
    /// Category of each entry.
    categories: Vec<u32>,
}

impl WordMatcher {
    /// `None` if an entry has an empty word: it would match an empty token between two spaces,
    /// which a whole-token look-up does not model (the tokenizer never yields such entries).
    pub fn build(entries: &[Entry]) -> Option<WordMatcher> {
        let mut groups: FxHashMap<&str, (u32, Vec<u32>)> = FxHashMap::default();
        let mut stems = Vec::new();
        let mut phrases = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let index = u32::try_from(index).ok().filter(|&i| i != NONE)?;
            let words: Vec<&str> = entry.normalized.split(' ').collect();
            if words.iter().any(|w| w.is_empty()) {
                return None;
            }
            match (words.as_slice(), entry.wildcard) {
                ([stem], true) => stems.push((*stem, index)),
                ([word], false) => {
                    let group = groups.entry(word).or_insert((NONE, Vec::new()));
                    if group.0 == NONE {
                        group.0 = index; // of equal entries the first, as in the automaton
                    }
                }
                (words, wildcard) => {
                    groups
                        .entry(words[0])
                        .or_insert((NONE, Vec::new()))
                        .1
                        .push(index);
                    phrases.push(Phrase {
                        entry: index,
                        rest: words[1..].iter().map(|&w| w.into()).collect(),
                        wildcard,
                    });
                }
            }
        }
        // Phrase positions by entry, to lay each group's phrases out together.
        let mut phrase_of: FxHashMap<u32, usize> = FxHashMap::default();
        for (k, p) in phrases.iter().enumerate() {
            phrase_of.insert(p.entry, k);
        }
        let pattern_len = |entry: u32| {
            let e = &entries[entry as usize];
            e.normalized.len() + usize::from(!e.wildcard)
        };
        let mut laid_out = Vec::with_capacity(phrases.len());
        let mut by_word = Vec::with_capacity(groups.len());
        for (word, (exact, mut members)) in groups {
            // Of the phrases that match at one token, the automaton reports the longest pattern
            // (which is also the lexicon's order); stable, so equal ones keep entry order.
            members.sort_by_key(|&entry| std::cmp::Reverse(pattern_len(entry)));
            let start = laid_out.len() as u32;
            laid_out.extend(
                members
                    .iter()
                    .map(|entry| phrases[phrase_of[entry]].clone()),
            );
            let group = Group {
                exact,
                phrases: (start, laid_out.len() as u32),
            };
            by_word.push((word, group));
        }
        Some(WordMatcher {
            groups: WordTable::build(by_word),
            phrases: laid_out,
            stems: StemTrie::build(stems),
            categories: entries.iter().map(|e| e.category as u32).collect(),
        })
    }

    /// Leftmost-longest, non-overlapping matches; `lowered` must hold no token with a space.
    pub fn find_lowered(&self, lowered: &LoweredTokens, tokens: &[Token], out: &mut Vec<Match>) {
        out.clear();
        if tokens.is_empty() {
            return;
        }
        let mut i = 0;
        while i < lowered.len() {
            let Some((entry, count)) = self.best_at(lowered, i) else {
                i += 1;
                continue;
            };
            let last = i + count - 1;
            if last >= tokens.len() {
                break; // as the automaton: only when `lowered` has more tokens than `tokens`
            }
            out.push(Match {
                entry: entry as usize,
                category: self.categories[entry as usize] as usize,
                start: tokens[i].start,
                end: tokens[last].end,
                first_token: i,
                token_count: count,
            });
            i = last + 1;
        }
    }

    /// The preferred entry that starts at token `i`, with its token count.
    #[inline]
    fn best_at(&self, lowered: &LoweredTokens, i: usize) -> Option<(u32, usize)> {
        let stream = lowered.stream().as_bytes();
        let (start, end) = lowered.span(i);
        let head = window_at(stream, start);
        if let Some(group) = self.groups.get(stream, start, end, head) {
            // A phrase covers more tokens, and an exact word all of its token: each beats a stem.
            let (first, past) = group.phrases;
            for phrase in &self.phrases[first as usize..past as usize] {
                if phrase_matches(phrase, lowered, i) {
                    return Some((phrase.entry, 1 + phrase.rest.len()));
                }
            }
            if group.exact != NONE {
                return Some((group.exact, 1));
            }
        }
        if !self.stems.may_start(head as u32) {
            return None;
        }
        self.stems
            .longest_prefix(stream.get(start..end)?)
            .map(|entry| (entry, 1))
    }

    pub fn memory_usage(&self) -> usize {
        let words: usize = self
            .phrases
            .iter()
            .flat_map(|p| p.rest.iter())
            .map(|w| w.len() + std::mem::size_of::<Box<str>>())
            .sum();
        self.groups.memory_usage()
            + self.phrases.capacity() * std::mem::size_of::<Phrase>()
            + words
            + self.stems.memory_usage()
            + self.categories.capacity() * 4
    }
}

/// Whether the words after the first of `phrase` follow token `i`.
fn phrase_matches(phrase: &Phrase, lowered: &LoweredTokens, i: usize) -> bool {
    if i + phrase.rest.len() >= lowered.len() {
        return false;
    }
    let last = phrase.rest.len() - 1;
    phrase.rest.iter().enumerate().all(|(k, word)| {
        let token = lowered.token(i + 1 + k);
        if k == last && phrase.wildcard {
            token.starts_with(&**word)
        } else {
            token == &**word
        }
    })
}

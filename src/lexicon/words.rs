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

/// What a token that is a known word can match, worked out once per word: its phrases, and the
/// entry it matches alone (its exact entry, else the longest stem it starts with).
#[derive(Debug, Clone, Copy)]
struct KnownWord {
    alone: u32,
    phrases: (u32, u32),
}

/// [`KnownWord`]s by the word ids of another word index that holds every first word: a token
/// whose id is known needs no look-up of its own, and most tokens are settled by one load.
#[derive(Debug, Clone)]
pub(crate) struct GroupsById(Vec<KnownWord>);

#[derive(Debug, Clone)]
pub(crate) struct WordMatcher {
    /// Groups by first word.
    groups: WordTable<Group>,
    /// The same, as a list (for [`GroupsById`]).
    first_words: Vec<(Box<str>, Group)>,
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
        let mut by_word: Vec<(&str, Group)> = Vec::with_capacity(groups.len());
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
        by_word.sort_unstable_by_key(|&(word, _)| word); // a deterministic order
        let first_words = by_word.iter().map(|&(w, g)| (w.into(), g)).collect();
        Some(WordMatcher {
            groups: WordTable::build(by_word),
            first_words,
            phrases: laid_out,
            stems: StemTrie::build(stems),
            categories: entries.iter().map(|e| e.category as u32).collect(),
        })
    }

    /// The words that start an entry.
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        self.first_words.iter().map(|(w, _)| &**w)
    }

    /// What each of `words` (`(id, word)`, ids below `ids`) can match; None if a first word is
    /// not among them (or an id is out of range).
    pub fn groups_by_id<'a>(
        &self,
        ids: usize,
        words: impl IntoIterator<Item = (u32, &'a str)>,
    ) -> Option<GroupsById> {
        let nothing = KnownWord {
            alone: NONE,
            phrases: (0, 0),
        };
        let mut known = vec![nothing; ids];
        let mut first_words = 0;
        for (id, word) in words {
            let group = self
                .first_words
                .binary_search_by(|(w, _)| (**w).cmp(word))
                .ok()
                .map(|at| self.first_words[at].1);
            first_words += usize::from(group.is_some());
            let group = group.unwrap_or(Group {
                exact: NONE,
                phrases: (0, 0),
            });
            let alone = if group.exact != NONE {
                group.exact
            } else {
                self.stems.longest_prefix(word.as_bytes()).unwrap_or(NONE)
            };
            *known.get_mut(id as usize)? = KnownWord {
                alone,
                phrases: group.phrases,
            };
        }
        (first_words == self.first_words.len()).then_some(GroupsById(known))
    }

    /// Leftmost-longest, non-overlapping matches; `lowered` must hold no token with a space.
    pub fn find_lowered(&self, lowered: &LoweredTokens, tokens: &[Token], out: &mut Vec<Match>) {
        out.clear();
        if tokens.is_empty() {
            return;
        }
        let mut i = 0;
        while i < lowered.len() {
            match self.best_at(lowered, i) {
                Some((entry, count)) => {
                    if !self.push_match(entry, count, i, tokens, out) {
                        break;
                    }
                    i += count;
                }
                None => i += 1,
            }
        }
    }

    /// [`Self::find_lowered`] given each token's id in the word index `groups` was made for
    /// (`u32::MAX`, or any id past them, for a token outside it): the same matches, without
    /// looking the tokens up. The phrase loop is [`Self::best_at`]'s, written out here: shared
    /// through a helper, it added 200 M instructions (2.5%) to `slant score` on the 50 MB corpus.
    pub fn find_by_ids(
        &self,
        lowered: &LoweredTokens,
        tokens: &[Token],
        ids: &[u32],
        groups: &GroupsById,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        if tokens.is_empty() {
            return;
        }
        let mut i = 0;
        while i < lowered.len() {
            let best = match groups.0.get(ids[i] as usize) {
                Some(known) => {
                    let (first, past) = known.phrases;
                    let phrase = self.phrases[first as usize..past as usize]
                        .iter()
                        .find(|phrase| phrase_matches(phrase, lowered, i));
                    match phrase {
                        Some(phrase) => Some((phrase.entry, 1 + phrase.rest.len())),
                        None => (known.alone != NONE).then_some((known.alone, 1)),
                    }
                }
                // No word of the index: no phrase or exact entry starts with it, a stem may.
                None => self.stem_at(lowered, i),
            };
            match best {
                Some((entry, count)) => {
                    if !self.push_match(entry, count, i, tokens, out) {
                        break;
                    }
                    i += count;
                }
                None => i += 1,
            }
        }
    }

    /// Adds the match of `entry` over `count` tokens from token `i`; false (and nothing added)
    /// when it would end past `tokens`, as the automaton (only when `lowered` has more tokens).
    #[inline]
    fn push_match(
        &self,
        entry: u32,
        count: usize,
        i: usize,
        tokens: &[Token],
        out: &mut Vec<Match>,
    ) -> bool {
        let last = i + count - 1;
        if last >= tokens.len() {
            return false;
        }
        out.push(Match {
            entry: entry as usize,
            category: self.categories[entry as usize] as usize,
            start: tokens[i].start,
            end: tokens[last].end,
            first_token: i,
            token_count: count,
        });
        true
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
        self.stem_after_head(stream, start, end, head)
    }

    /// The longest stem that token `i` starts with (as an entry of one token).
    #[inline]
    fn stem_at(&self, lowered: &LoweredTokens, i: usize) -> Option<(u32, usize)> {
        let stream = lowered.stream().as_bytes();
        let (start, end) = lowered.span(i);
        self.stem_after_head(stream, start, end, window_at(stream, start))
    }

    /// [`Self::stem_at`] for the token `stream[start..end]`, whose first 16 bytes are `head`.
    #[inline]
    fn stem_after_head(
        &self,
        stream: &[u8],
        start: usize,
        end: usize,
        head: u128,
    ) -> Option<(u32, usize)> {
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
            + self
                .first_words
                .iter()
                .map(|(w, _)| w.len() + std::mem::size_of::<(Box<str>, Group)>())
                .sum::<usize>()
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

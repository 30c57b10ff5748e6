//! Lower-cased tokens of one sentence and the word n-grams over them, built in reused buffers so
//! that the hot path allocates nothing once warm.

use crate::text::lowered::LoweredTokens;
use crate::text::tokens::Token;

#[derive(Debug, Default)]
pub struct NgramBuffer {
    /// Tokens of the loaded sentence (byte offsets into it).
    pub tokens: Vec<Token>,
    /// The lower-cased tokens, space-joined: every n-gram is a slice of it.
    lowered: LoweredTokens,
}

impl NgramBuffer {
    /// Tokenizes and lower-cases `sentence`, replacing what was loaded before.
    pub fn load(&mut self, sentence: &str) {
        self.lowered.tokenize_load(sentence, &mut self.tokens);
    }

    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The lower-cased form of token `i`.
    pub fn lowered(&self, i: usize) -> &str {
        self.lowered.token(i)
    }

    /// All lower-cased tokens (the lexicon matcher scans them).
    pub fn lowered_tokens(&self) -> &LoweredTokens {
        &self.lowered
    }

    /// Calls `f` with every n-gram (tokens joined by one space), n from `min` to `max`, in order.
    /// Tokens hold no spaces, so each n-gram is a slice of the joined buffer: nothing is copied.
    pub fn for_each_ngram(&mut self, min: usize, max: usize, mut f: impl FnMut(&str)) {
        let n_tokens = self.lowered.len();
        let stream = self.lowered.stream();
        for n in min.max(1)..=max {
            for start in 0..n_tokens.saturating_sub(n - 1) {
                let first = self.lowered.span(start).0;
                let last = self.lowered.span(start + n - 1).1;
                f(&stream[first..last]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ngrams_are_lowercased_and_space_joined() {
        let mut b = NgramBuffer::default();
        b.load("The US-led Coalition left.");
        let mut grams = Vec::new();
        b.for_each_ngram(1, 2, |g| grams.push(g.to_string()));
        assert_eq!(
            grams,
            [
                "the",
                "us-led",
                "coalition",
                "left",
                "the us-led",
                "us-led coalition",
                "coalition left"
            ]
        );
        assert_eq!(b.lowered(1), "us-led");
        b.load("Ümit  SAID");
        let mut grams = Vec::new();
        b.for_each_ngram(1, 3, |g| grams.push(g.to_string()));
        assert_eq!(grams, ["ümit", "said", "ümit said"], "reloading replaces");
    }

    #[test]
    fn short_sentences_have_no_long_ngrams() {
        let mut b = NgramBuffer::default();
        b.load("Troops");
        let mut count = 0;
        b.for_each_ngram(2, 3, |_| count += 1);
        assert_eq!(count, 0);
    }
}

//! Lower-cased tokens of one sentence and the word n-grams over them, built in reused buffers so
//! that the hot path allocates nothing once warm.

use crate::text::tokens::{lower_into, tokenize_into, Token};

#[derive(Debug, Default)]
pub struct NgramBuffer {
    /// Tokens of the loaded sentence (byte offsets into it).
    pub tokens: Vec<Token>,
    /// All lower-cased tokens, joined by single spaces: every n-gram is a slice of it.
    lowered: String,
    /// Byte ranges of each lower-cased token in `lowered`.
    spans: Vec<(u32, u32)>,
    word: String,
}

impl NgramBuffer {
    /// Tokenizes and lower-cases `sentence`, replacing what was loaded before.
    pub fn load(&mut self, sentence: &str) {
        tokenize_into(sentence, &mut self.tokens);
        self.lowered.clear();
        self.spans.clear();
        for t in &self.tokens {
            lower_into(t.text(sentence), &mut self.word);
            if !self.lowered.is_empty() {
                self.lowered.push(' ');
            }
            let start = self.lowered.len() as u32;
            self.lowered.push_str(&self.word);
            self.spans.push((start, self.lowered.len() as u32));
        }
    }

    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }

    /// The lower-cased form of token `i`.
    pub fn lowered(&self, i: usize) -> &str {
        let (s, e) = self.spans[i];
        &self.lowered[s as usize..e as usize]
    }

    /// Calls `f` with every n-gram (tokens joined by one space), n from `min` to `max`, in order.
    /// Tokens hold no spaces, so each n-gram is a slice of the joined buffer: nothing is copied.
    pub fn for_each_ngram(&mut self, min: usize, max: usize, mut f: impl FnMut(&str)) {
        let n_tokens = self.spans.len();
        for n in min.max(1)..=max {
            for start in 0..n_tokens.saturating_sub(n - 1) {
                let first = self.spans[start].0 as usize;
                let last = self.spans[start + n - 1].1 as usize;
                f(&self.lowered[first..last]);
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

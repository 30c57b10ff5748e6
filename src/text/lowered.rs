//! The lower-cased tokens of one text in one buffer, `" tok0 tok1 ... tokN "`: word n-grams are
//! slices of it and the lexicon matcher scans it, so a sentence is lower-cased once for both.

use crate::text::tokens::{lower_into, Token};

#[derive(Debug, Default, Clone)]
pub struct LoweredTokens {
    /// A space, then each lower-cased token followed by a space.
    stream: String,
    /// Byte range of each token in `stream`.
    spans: Vec<(u32, u32)>,
    /// Lower-casing buffer for non-ASCII tokens.
    word: String,
}

impl LoweredTokens {
    /// Lower-cases `tokens` of `text`, replacing what was loaded before. A token that does not
    /// slice `text` (tokens of another text) becomes empty instead of panicking.
    pub fn load(&mut self, text: &str, tokens: &[Token]) {
        self.stream.clear();
        self.spans.clear();
        self.stream.push(' ');
        for token in tokens {
            let surface = text.get(token.start..token.end).unwrap_or("");
            let start = self.stream.len();
            if surface.is_ascii() {
                self.stream.push_str(surface);
                self.stream[start..].make_ascii_lowercase();
            } else {
                lower_into(surface, &mut self.word);
                self.stream.push_str(&self.word);
            }
            self.spans.push((start as u32, self.stream.len() as u32));
            self.stream.push(' ');
        }
    }

    /// `" tok0 tok1 ... tokN "` (just `" "` without tokens).
    pub fn stream(&self) -> &str {
        &self.stream
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Byte range of token `i` in [`Self::stream`].
    pub fn span(&self, i: usize) -> (usize, usize) {
        let (s, e) = self.spans[i];
        (s as usize, e as usize)
    }

    /// The lower-cased token `i`.
    pub fn token(&self, i: usize) -> &str {
        let (s, e) = self.span(i);
        &self.stream[s..e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::{lower, tokenize};

    #[test]
    fn tokens_are_lowered_and_space_framed() {
        let text = "The US-led Ümit’s  TROOPS";
        let tokens = tokenize(text);
        let mut l = LoweredTokens::default();
        l.load(text, &tokens);
        assert_eq!(l.stream(), " the us-led ümit's troops ");
        assert_eq!(l.len(), 4);
        for (i, t) in tokens.iter().enumerate() {
            assert_eq!(l.token(i), lower(t.text(text)));
        }
        l.load("", &[]);
        assert_eq!((l.stream(), l.len()), (" ", 0), "reloading replaces");
    }
}

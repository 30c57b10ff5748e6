//! The lower-cased tokens of one text in one buffer, `" tok0 tok1 ... tokN "`: word n-grams are
//! slices of it and the lexicon matcher scans it, so a sentence is lower-cased once for both.

use crate::text::tokens::{lower_into, scan_padded, tokenize_into, Token, SCAN_PAD};

/// Bytes kept readable after the stream and after the lowered text, so that 16 bytes can be
/// loaded or copied from any token start without a length-dependent branch or `memcpy` call.
pub const PAD: usize = 16;
const _: () = assert!(PAD >= SCAN_PAD);

#[derive(Debug, Default, Clone)]
pub struct LoweredTokens {
    /// A space, then each lower-cased token followed by a space; then [`PAD`] bytes of padding
    /// (any ASCII), not part of the stream.
    stream: String,
    /// Length of the stream proper in `stream`.
    stream_len: usize,
    /// Byte range of each token in `stream`.
    spans: Vec<(u32, u32)>,
    /// Lower-casing buffer for non-ASCII tokens.
    word: String,
    /// The whole ASCII text lower-cased, then [`PAD`] zero bytes (see [`Self::tokenize_load`]).
    lowered_text: Vec<u8>,
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
        self.stream_len = self.stream.len();
        self.stream.push_str(&" ".repeat(PAD));
    }

    /// Tokenizes `text` into `tokens` and loads them: the same as [`tokenize_into`] then
    /// [`Self::load`]. ASCII text (most sentences) takes one pass that finds the tokens and copies
    /// their lower-cased bytes in fixed 16-byte chunks.
    pub fn tokenize_load(&mut self, text: &str, tokens: &mut Vec<Token>) {
        if !text.is_ascii() {
            tokenize_into(text, tokens);
            self.load(text, tokens);
            return;
        }
        let n = text.len();
        let lowered = &mut self.lowered_text;
        lowered.clear();
        lowered.extend_from_slice(text.as_bytes());
        lowered.make_ascii_lowercase();
        lowered.resize(n + PAD, 0);
        // The stream is at most `n + 2` bytes: tokens are separated by at least one byte.
        let mut out = std::mem::take(&mut self.stream).into_bytes();
        out.clear();
        out.resize(n + 2 + PAD, b' ');
        tokens.clear();
        self.spans.clear();
        let spans = &mut self.spans;
        let mut pos = 1;
        scan_padded(lowered, n, |start, end| {
            tokens.push(Token { start, end });
            let len = end - start;
            let mut k = 0;
            while k < len {
                out[pos + k..pos + k + PAD].copy_from_slice(&lowered[start + k..start + k + PAD]);
                k += PAD;
            }
            spans.push((pos as u32, (pos + len) as u32));
            pos += len;
            out[pos] = b' ';
            pos += 1;
        });
        self.stream_len = pos;
        out.truncate(pos + PAD);
        self.stream = String::from_utf8(out).expect("lower-cased ASCII is UTF-8");
    }

    /// `" tok0 tok1 ... tokN "` (just `" "` without tokens).
    pub fn stream(&self) -> &str {
        &self.stream[..self.stream_len]
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

    /// The 16 bytes of the stream from the start of token `i` on: the token's bytes, then
    /// whatever follows (a space, the next tokens, padding).
    pub fn token_window(&self, i: usize) -> &[u8; 16] {
        let s = self.spans[i].0 as usize;
        self.stream.as_bytes()[s..s + 16]
            .try_into()
            .expect("16 bytes")
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

    /// Loads `text` both ways and checks they agree on everything a reader can see.
    fn assert_fused_load_agrees(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut tokens = Vec::new();
        let mut fused = LoweredTokens::default();
        fused.tokenize_load(text, &mut tokens);
        let slow_tokens = tokenize(text);
        let mut slow = LoweredTokens::default();
        slow.load(text, &slow_tokens);
        proptest::prop_assert_eq!(&tokens, &slow_tokens);
        proptest::prop_assert_eq!(fused.stream(), slow.stream());
        proptest::prop_assert_eq!(&fused.spans, &slow.spans);
        for i in 0..fused.len() {
            let token = fused.token(i).as_bytes();
            let n = token.len().min(16);
            proptest::prop_assert_eq!(&fused.token_window(i)[..n], &token[..n]);
        }
        Ok(())
    }

    #[test]
    fn fused_load_handles_long_tokens_and_reuse() {
        let long = "Counter-Insurgency-Operations-Were-Reportedly-Ended";
        for text in [
            long,
            "A",
            "",
            " ,. ",
            "The U.S. sent 2,500 troops.",
            "Ümit SAID",
            long,
        ] {
            assert_fused_load_agrees(text).unwrap();
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn fused_load_agrees_with_tokenize_then_load(
            text in "([a-zA-Z]{1,20}|[0-9]{1,3}|[ .,'_\\-]|[\\x00-\\x7f]|Ü|’){0,24}"
        ) {
            assert_fused_load_agrees(&text)?;
        }
    }
}

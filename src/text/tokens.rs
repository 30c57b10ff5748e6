//! Word tokens with byte offsets.
//!
//! A token is a run of letters and digits that may contain internal connectors: hyphens
//! ("Iran-backed", "al-Sudani", "F-16"), apostrophes ("Iraq's"), periods inside abbreviations and
//! decimals ("U.S", "3.5") and thousands separators ("2,500"). Punctuation and spaces are never part
//! of a token. Offsets are byte offsets into the text that was tokenized, so `&text[t.start..t.end]`
//! is always the token's surface form.

/// One word token: a byte span into the tokenized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's surface text in `text` (the string it was cut from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Hyphen-like and apostrophe-like characters that join two word parts.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}' | '_' | '\u{00AD}'
    )
}

/// Cuts `text` into tokens, replacing the contents of `out` (its allocation is reused).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    if text.is_ascii() {
        tokenize_ascii(text.as_bytes(), out);
    } else {
        tokenize_chars(text, out);
    }
}

/// [`tokenize_chars`] for ASCII text, on bytes: the same rules, without decoding characters
/// (two thirds of news sentences are pure ASCII).
fn tokenize_ascii(text: &[u8], out: &mut Vec<Token>) {
    out.clear();
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut segment_chars = 1usize;
        let mut segment_digits = text[i].is_ascii_digit();
        i += 1;
        let mut end = i;
        while let Some(&c) = text.get(i) {
            if c.is_ascii_alphanumeric() {
                segment_chars += 1;
                segment_digits &= c.is_ascii_digit();
                i += 1;
                end = i;
                continue;
            }
            let next = text.get(i + 1);
            let next_alnum = next.is_some_and(u8::is_ascii_alphanumeric);
            let next_digit = next.is_some_and(u8::is_ascii_digit);
            let joins = next_alnum
                && (is_joiner(char::from(c))
                    || (c == b'.' && (segment_chars == 1 || (segment_digits && next_digit)))
                    || (c == b',' && segment_digits && next_digit));
            if !joins {
                break;
            }
            i += 1;
            if c == b'.' || c == b',' {
                segment_chars = 0;
                segment_digits = true;
            }
        }
        out.push(Token { start, end });
    }
}

/// The tokenizer on characters (any text; the slow twin of [`tokenize_ascii`]).
fn tokenize_chars(text: &str, out: &mut Vec<Token>) {
    out.clear();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        // Length (in chars) of the current segment since the token start or the last '.'.
        let mut segment_chars = 1usize;
        let mut segment_digits = c.is_ascii_digit();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                segment_chars += 1;
                segment_digits &= c.is_ascii_digit();
                end = i + c.len_utf8();
                chars.next();
                continue;
            }
            // A connector joins only when an alphanumeric character follows it.
            let next = text[i + c.len_utf8()..].chars().next();
            let next_alnum = next.is_some_and(char::is_alphanumeric);
            let next_digit = next.is_some_and(|n| n.is_ascii_digit());
            let joins = next_alnum
                && (is_joiner(c)
                    // "U.S", "e.g": periods after one-letter segments; "3.5": decimals.
                    || (c == '.' && (segment_chars == 1 || (segment_digits && next_digit)))
                    // "2,500": thousands separators between digits.
                    || (c == ',' && segment_digits && next_digit));
            if !joins {
                break;
            }
            chars.next();
            if c == '.' || c == ',' {
                segment_chars = 0;
                segment_digits = true;
            }
        }
        out.push(Token { start, end });
    }
}

/// Cuts `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Writes the Unicode lower-case form of `s` into `buf` (cleared first; allocation reused).
/// Typographic apostrophes and hyphens are folded to ASCII so "Iraq’s" and "Iraq's" agree.
pub fn lower_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        match c {
            '\u{2019}' => buf.push('\''),
            '\u{2010}' | '\u{2011}' => buf.push('-'),
            '\u{00AD}' => {}
            c => buf.extend(c.to_lowercase()),
        }
    }
}

/// The lower-case form of `s` (see [`lower_into`]).
pub fn lower(s: &str) -> String {
    let mut buf = String::with_capacity(s.len());
    lower_into(s, &mut buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn hyphenated_compounds_stay_whole() {
        assert_eq!(
            words("Iran-backed militias, so-called advisers and al-Sudani's F-16s."),
            [
                "Iran-backed",
                "militias",
                "so-called",
                "advisers",
                "and",
                "al-Sudani's",
                "F-16s"
            ]
        );
    }

    #[test]
    fn abbreviations_numbers_and_decimals() {
        assert_eq!(
            words("The U.S. sent 2,500 troops (3.5% of them) on Jan. 5."),
            ["The", "U.S", "sent", "2,500", "troops", "3.5", "of", "them", "on", "Jan", "5"]
        );
    }

    #[test]
    fn sentence_periods_do_not_join_words() {
        assert_eq!(words("left.Then they"), ["left", "Then", "they"]);
        assert_eq!(
            words("a trailing hyphen- and 'quotes'"),
            ["a", "trailing", "hyphen", "and", "quotes"]
        );
    }

    #[test]
    fn offsets_slice_the_text_including_non_ascii() {
        let text = "Ümit said «Ça va» — İstanbul’s ñandú.";
        let toks = tokenize(text);
        assert_eq!(
            words(text),
            ["Ümit", "said", "Ça", "va", "İstanbul’s", "ñandú"]
        );
        for t in toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn unicode_lowercasing_folds_typographic_marks() {
        assert_eq!(lower("İstanbul’s ÇA"), "i\u{307}stanbul's ça");
        assert_eq!(lower("U.S-Led"), "u.s-led");
        let mut buf = String::from("old");
        lower_into("NEW", &mut buf);
        assert_eq!(buf, "new");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn ascii_fast_path_agrees_with_the_character_tokenizer(
            text in "([a-zA-Z]{1,4}|[0-9]{1,3}|[ .,'_\\-]|[\\x00-\\x7f]){0,24}"
        ) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            tokenize_ascii(text.as_bytes(), &mut fast);
            tokenize_chars(&text, &mut slow);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn empty_and_punctuation_only_inputs_give_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ... -- !? ").is_empty());
    }
}

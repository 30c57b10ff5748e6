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
    out.clear();
    if text.is_ascii() {
        scan_ascii(text.as_bytes(), |start, end| out.push(Token { start, end }));
    } else {
        tokenize_words(text, out);
    }
}

/// Text with some non-ASCII characters (curly quotes, dashes, accented names): no token spans ASCII
/// whitespace (it is neither part of a token nor a connector), so each whitespace-separated word
/// is tokenized alone, the pure-ASCII words (most of them) by the byte scanner and the others by
/// characters. Appends to `out`.
fn tokenize_words(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if bytes[start].is_ascii_whitespace() {
            start += 1;
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |n| start + n);
        // ASCII whitespace is a character boundary, so `start..end` slices `text`.
        let word = &text[start..end];
        if word.is_ascii() {
            scan_ascii(word.as_bytes(), |s, e| {
                out.push(Token {
                    start: start + s,
                    end: start + e,
                })
            });
        } else {
            tokenize_chars_at(word, start, out);
        }
        start = end;
    }
}

/// Byte classes of the ASCII tokenizer, one table look-up per byte instead of a chain of compares.
const ALNUM: u8 = 1;
const DIGIT: u8 = 2;
/// '-', '\'' and '_': join two word parts.
const JOINER: u8 = 4;
/// '.' and ',': join under conditions on the segment before them.
const POINT: u8 = 8;

const CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        class[b] = if c.is_ascii_digit() {
            ALNUM | DIGIT
        } else if c.is_ascii_alphabetic() {
            ALNUM
        } else if c == b'-' || c == b'\'' || c == b'_' {
            JOINER
        } else if c == b'.' || c == b',' {
            POINT
        } else {
            0
        };
        b += 1;
    }
    class
};

fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// The ASCII tokenizer: calls `token(start, end)` for each token of `text` (ASCII bytes), in order.
/// The same rules as [`tokenize_chars`], on bytes; the segment conditions of '.' and ',' are
/// worked out only when one of them sits between two alphanumerics (rare), not per byte.
pub(crate) fn scan_ascii(text: &[u8], mut token: impl FnMut(usize, usize)) {
    let n = text.len();
    let mut i = 0;
    loop {
        while i < n && class(text[i]) & ALNUM == 0 {
            i += 1;
        }
        if i == n {
            return;
        }
        let start = i;
        // Start of the current segment: the token start or just after its last '.' or ','.
        let mut segment = i;
        i += 1;
        loop {
            while i < n && class(text[i]) & ALNUM != 0 {
                i += 1;
            }
            // Most tokens end at a space: decided before looking at the byte after it.
            let (Some(&c), Some(&next)) = (text.get(i), text.get(i + 1)) else {
                break;
            };
            match connector(&text[segment..i], c, next) {
                Connector::End => break,
                Connector::Joiner => i += 2,
                Connector::Point => {
                    i += 1;
                    segment = i;
                }
            }
        }
        token(start, i);
    }
}

/// What the byte `c` after a run of alphanumerics does to the token, given the byte `next` after
/// it and the token's current `segment` (since its start or its last joining '.' or ',').
enum Connector {
    /// The token ends before `c`.
    End,
    /// `c` joins word parts ("US-led", "it's"): the token goes on after `next`.
    Joiner,
    /// `c` is a joining '.' or ',' ("U.S", "2,500"): a new segment starts at `next`.
    Point,
}

#[inline]
fn connector(segment: &[u8], c: u8, next: u8) -> Connector {
    let c_class = class(c);
    // Most tokens end at a space: decided before looking at the byte after it (a predictable
    // branch).
    if c_class & (JOINER | POINT) == 0 {
        return Connector::End;
    }
    // A connector joins only when an alphanumeric follows it.
    let next = class(next);
    if next & ALNUM == 0 {
        Connector::End
    } else if c_class & JOINER != 0 {
        Connector::Joiner
    } else if point_joins(segment, c, next & DIGIT != 0) {
        Connector::Point
    } else {
        Connector::End
    }
}

/// Zero bytes that [`scan_padded`] needs after the text.
pub(crate) const SCAN_PAD: usize = 8;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of `x` (eight ASCII bytes) set where the byte is alphanumeric. Each
/// `x + (0x80 - lo)` sets bit 7 exactly in the bytes `>= lo` (ASCII bytes cannot carry).
fn alnum_bits(x: u64) -> u64 {
    let at_least = |x: u64, lo: u8| x.wrapping_add(ONES * u64::from(0x80 - lo));
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    // `| 0x20` maps 'A'..='Z' onto 'a'..='z' and nothing else into that range.
    let folded = x | (ONES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    (digit | letter) & HIGH
}

/// The first position from `i` (`<= n`) on whose byte is (`alnum`) or is not (`!alnum`)
/// alphanumeric, eight bytes per step; `n` or a little beyond when there is none before `n`.
/// Reads only bytes before `n + 8`.
fn find(text: &[u8], mut i: usize, n: usize, alnum: bool) -> usize {
    loop {
        let word = u64::from_le_bytes(text[i..i + 8].try_into().expect("8 bytes"));
        let bits = alnum_bits(word) ^ if alnum { 0 } else { HIGH };
        if bits != 0 {
            return i + (bits.trailing_zeros() / 8) as usize;
        }
        i += 8;
        if i >= n {
            return i;
        }
    }
}

/// [`scan_ascii`] on `text[..n]` (ASCII) followed by at least [`SCAN_PAD`] zero bytes: runs of
/// alphanumerics and separators are found eight bytes at a time, with no per-byte branch (whose
/// mispredictions at every token end were most of the byte loop's cost).
pub(crate) fn scan_padded(text: &[u8], n: usize, mut token: impl FnMut(usize, usize)) {
    assert!(text.len() >= n + SCAN_PAD && text[n..n + SCAN_PAD].iter().all(|&b| b == 0));
    let mut i = 0;
    while i < n {
        i = find(text, i, n, true);
        if i >= n {
            return;
        }
        let start = i;
        // Start of the current segment: the token start or just after its last '.' or ','.
        let mut segment = i;
        loop {
            // At most `n`: the padding's zeros end every run of alphanumerics.
            i = find(text, i, n, false);
            match connector(&text[segment..i], text[i], text[i + 1]) {
                Connector::End => break,
                Connector::Joiner => i += 2,
                Connector::Point => {
                    i += 1;
                    segment = i;
                }
            }
        }
        token(start, i);
    }
}

/// Whether '.' or ',' (`point`) after `segment` (alphanumerics and joiners) and before an
/// alphanumeric joins: "U.S", "e.g" (a period after one letter), "3.5", "2,500" (digits on
/// both sides).
fn point_joins(segment: &[u8], point: u8, next_digit: bool) -> bool {
    let mut chars = 0;
    let mut digits = true;
    for &b in segment {
        let c = class(b);
        if c & ALNUM != 0 {
            chars += 1;
            digits &= c & DIGIT != 0;
        }
    }
    (point == b'.' && chars == 1) || (digits && next_digit)
}

/// The byte tokenizer before [`scan_ascii`] (its slow twin).
#[cfg(test)]
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

/// The tokenizer on characters (any text; the slow twin of [`scan_ascii`] and [`tokenize_words`]).
#[cfg(test)]
fn tokenize_chars(text: &str, out: &mut Vec<Token>) {
    out.clear();
    tokenize_chars_at(text, 0, out);
}

/// [`tokenize_chars`] of `text`, which starts at byte `offset` of the text tokenized, appended.
fn tokenize_chars_at(text: &str, offset: usize, out: &mut Vec<Token>) {
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
        out.push(Token {
            start: offset + start,
            end: offset + end,
        });
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
            proptest::prop_assert_eq!(&fast, &slow);
            let mut scanned = Vec::new();
            scan_ascii(text.as_bytes(), |start, end| scanned.push(Token { start, end }));
            proptest::prop_assert_eq!(&scanned, &slow);
            let mut padded = text.clone().into_bytes();
            padded.extend([0; SCAN_PAD]);
            scanned.clear();
            scan_padded(&padded, text.len(), |start, end| scanned.push(Token { start, end }));
            proptest::prop_assert_eq!(scanned, slow);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn word_by_word_tokenizing_agrees_with_the_character_tokenizer(
            text in "([a-zA-Z]{1,4}|[0-9]{1,3}|[ .,'_\\-]|[\\x00-\\x7f]|Ü|é|’|“|—|\u{a0}|\u{2009}|\u{85}){0,24}"
        ) {
            let (mut words, mut slow) = (Vec::new(), Vec::new());
            tokenize_words(&text, &mut words);
            tokenize_chars(&text, &mut slow);
            proptest::prop_assert_eq!(words, slow);
        }
    }

    #[test]
    fn empty_and_punctuation_only_inputs_give_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ... -- !? ").is_empty());
    }
}

//! Which language an article is written in, so that text the models were not trained for (they
//! are English-only) is flagged instead of being scored as if it were English.
//!
//! The guess looks at the first [`SAMPLE_BYTES`] of the cleaned text. Most articles are plainly
//! English, and for them a cheap test decides: enough words, nearly all ASCII, and a share of the
//! commonest English function words that no other language reaches. Everything else goes to the
//! `whatlang` crate (trigram profiles of 69 languages, MIT licence), whose answer is taken when
//! it is reliable or the script is not Latin. Texts too short to tell (headlines, captions) are
//! not flagged.

/// How much of the text is looked at.
pub const SAMPLE_BYTES: usize = 2048;
/// How much of it `whatlang` scores, when the quick test leaves the answer open.
const WHATLANG_BYTES: usize = 600;

/// The language guess for one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-3 code (`eng`, `fra`, `ara`, `rus`…), or `und` when the text is too short to tell.
    pub code: &'static str,
    /// Whether slant's models apply: English, or too short to tell.
    pub supported: bool,
}

impl Language {
    const ENGLISH: Language = Language {
        code: "eng",
        supported: true,
    };
    const UNDETERMINED: Language = Language {
        code: "und",
        supported: true,
    };
}

/// Function words that make up a large share of any English text (and little of any other); none
/// is longer than 5 letters. [`profile`] tests them packed into integers ([`FUNCTION_KEYS`]).
const ENGLISH_FUNCTION_WORDS: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "his",
    "in", "is", "it", "its", "not", "of", "on", "said", "that", "the", "their", "they", "this",
    "to", "was", "were", "will", "with",
];

/// A word of up to 8 bytes packed into a `u64` (first byte lowest), for the function-word test.
const fn pack(w: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < w.len() && i < 8 {
        key |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// [`ENGLISH_FUNCTION_WORDS`] packed, in ascending order (for a binary search).
const FUNCTION_KEYS: [u64; 32] = {
    let mut keys = [0u64; 32];
    let mut i = 0;
    while i < 32 {
        keys[i] = pack(ENGLISH_FUNCTION_WORDS[i].as_bytes());
        i += 1;
    }
    // Insertion sort, at compile time.
    let mut i = 1;
    while i < 32 {
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j - 1];
            keys[j - 1] = keys[j];
            keys[j] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Whether a lower-cased word is one of [`ENGLISH_FUNCTION_WORDS`] (the slow twin of the packed
/// test in [`profile`]).
#[cfg(test)]
fn is_function_word(w: &[u8]) -> bool {
    matches!(
        w,
        b"a" | b"an"
            | b"and"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"by"
            | b"for"
            | b"from"
            | b"has"
            | b"have"
            | b"he"
            | b"his"
            | b"in"
            | b"is"
            | b"it"
            | b"its"
            | b"not"
            | b"of"
            | b"on"
            | b"said"
            | b"that"
            | b"the"
            | b"their"
            | b"they"
            | b"this"
            | b"to"
            | b"was"
            | b"were"
            | b"will"
            | b"with"
    )
}

/// Word and function-word counts of the sample, its letters and how many of them are not ASCII.
struct Profile {
    words: usize,
    function_words: usize,
    letters: usize,
    /// Letters beyond ASCII (accented Latin, Greek, Cyrillic, Hebrew, Arabic, CJK…); dashes,
    /// quotation marks and other punctuation beyond ASCII are not letters.
    foreign_letters: usize,
}

/// Whether a UTF-8 lead byte starts punctuation rather than a letter: U+0080–U+00BF (no-break
/// space, guillemets, `§`…) and U+2000–U+2FFF (dashes, quotation marks, ellipsis, symbols).
const fn is_punctuation_lead(b: u8) -> bool {
    b == 0xC2 || b == 0xE2
}

/// What a byte is to [`profile`]: part of a word (an ASCII letter, or a byte of a letter beyond
/// ASCII), the lead byte of a letter beyond ASCII, the lead byte of punctuation beyond ASCII, a
/// continuation byte, or a separator.
const SEPARATOR: u8 = 0;
const ASCII_LETTER: u8 = 1;
const FOREIGN_LEAD: u8 = 2;
const PUNCTUATION_LEAD: u8 = 3;
const CONTINUATION: u8 = 4;

const BYTE_CLASS: [u8; 256] = {
    let mut t = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            ASCII_LETTER
        } else if c >= 0xC0 {
            if is_punctuation_lead(c) {
                PUNCTUATION_LEAD
            } else {
                FOREIGN_LEAD
            }
        } else if c >= 0x80 {
            CONTINUATION
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

fn profile(sample: &str) -> Profile {
    if sample.is_ascii() {
        return profile_ascii(sample.as_bytes());
    }
    profile_bytes(sample)
}

/// [`profile`] of ASCII text (most articles): letters are `a-z` after folding case, nothing is
/// foreign. [`profile_bytes`] is its slow twin (it gives the same counts on ASCII text).
fn profile_ascii(bytes: &[u8]) -> Profile {
    let mut p = Profile {
        words: 0,
        function_words: 0,
        letters: 0,
        foreign_letters: 0,
    };
    let mut key = 0u64;
    let mut len = 0usize;
    for &b in bytes {
        let lower = b | 0x20;
        if lower.wrapping_sub(b'a') < 26 {
            key |= u64::from(lower) << (8 * (len & 7));
            len += 1;
        } else if len > 0 {
            p.words += 1;
            p.letters += len;
            p.function_words += usize::from(len <= 5 && FUNCTION_KEYS.binary_search(&key).is_ok());
            len = 0;
            key = 0;
        }
    }
    if len > 0 {
        p.words += 1;
        p.letters += len;
        p.function_words += usize::from(len <= 5 && FUNCTION_KEYS.binary_search(&key).is_ok());
    }
    p
}

/// [`profile`] of any text, byte by byte through [`BYTE_CLASS`].
fn profile_bytes(sample: &str) -> Profile {
    let mut p = Profile {
        words: 0,
        function_words: 0,
        letters: 0,
        foreign_letters: 0,
    };
    // Whether the current multi-byte character is punctuation (its continuation bytes follow it).
    let mut punctuation = false;
    // The word being read: its first bytes packed, and its length.
    let mut key = 0u64;
    let mut len = 0usize;
    let mut finish = |len: usize, key: u64| {
        if len > 0 {
            p.words += 1;
            p.function_words += usize::from(len <= 5 && FUNCTION_KEYS.binary_search(&key).is_ok());
        }
    };
    for &b in sample.as_bytes() {
        let word_byte = match BYTE_CLASS[b as usize] {
            ASCII_LETTER => {
                p.letters += 1;
                true
            }
            FOREIGN_LEAD => {
                punctuation = false;
                p.letters += 1;
                p.foreign_letters += 1;
                true
            }
            PUNCTUATION_LEAD => {
                punctuation = true;
                false
            }
            CONTINUATION => !punctuation,
            _ => false,
        };
        if word_byte {
            if len < 8 {
                key |= u64::from(b.to_ascii_lowercase()) << (8 * len);
            }
            len += 1;
        } else if len > 0 {
            finish(len, key);
            len = 0;
            key = 0;
        }
    }
    finish(len, key);
    p
}

/// The first `max` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether a lower-cased token is one of the English function words the quick test counts.
pub fn is_function_token(token: &str) -> bool {
    let w = token.as_bytes();
    if w.len() > 5 {
        return false;
    }
    let mut bytes = [0u8; 8];
    bytes[..w.len()].copy_from_slice(w);
    FUNCTION_KEYS
        .binary_search(&u64::from_le_bytes(bytes))
        .is_ok()
}

/// The quick test from counts the tokenizer already has: the article's word tokens, how many of
/// them are English function words, and whether its text is all ASCII. `None` when the counts do
/// not settle it and [`detect`] must read the text (text beyond ASCII, or long ASCII text with
/// too few function words). Scoring calls this per article instead of scanning the text again;
/// on ASCII text it gives [`detect`]'s answer (the unit test checks both on the bundled data).
pub fn from_token_counts(tokens: usize, function_words: usize, ascii: bool) -> Option<Language> {
    if !ascii {
        return None;
    }
    if tokens < 6 {
        return Some(Language::UNDETERMINED);
    }
    let share = function_words as f64 / tokens as f64;
    if share >= 0.05 {
        return Some(Language::ENGLISH);
    }
    (tokens < 30).then_some(Language::UNDETERMINED)
}

/// Guesses the language of `text` (see the module doc).
pub fn detect(text: &str) -> Language {
    let sample = prefix(text, SAMPLE_BYTES);
    let p = profile(sample);
    if p.letters < 40 || p.words < 6 {
        return Language::UNDETERMINED;
    }
    if quick_english(&p) {
        return Language::ENGLISH;
    }
    if p.foreign_letters * 100 < p.letters && p.words < 30 {
        // Short ASCII text with few function words: a headline or a list, not enough for a
        // trigram guess to be trusted (and scoring one costs more than the whole sentence).
        return Language::UNDETERMINED;
    }
    detect_slow(sample, &p)
}

/// The quick test: enough of English's function words, and (nearly) only ASCII letters. Plain
/// prose passes with 12% function words; ASCII-only text already with 5% (a headline, a list):
/// other languages either use letters beyond ASCII or have almost none of these words.
fn quick_english(p: &Profile) -> bool {
    let function_share = p.function_words as f64 / p.words.max(1) as f64;
    let foreign_share = p.foreign_letters as f64 / p.letters.max(1) as f64;
    (function_share >= 0.12 && foreign_share < 0.05)
        || (function_share >= 0.05 && foreign_share < 0.01)
}

/// The `whatlang` path, for texts the quick test does not call English.
fn detect_slow(sample: &str, p: &Profile) -> Language {
    let function_share = p.function_words as f64 / p.words.max(1) as f64;
    // Trigram scoring costs in proportion to the text; its first part is enough.
    let Some(info) = whatlang::detect(prefix(sample, WHATLANG_BYTES)) else {
        return Language::UNDETERMINED;
    };
    if info.lang() == whatlang::Lang::Eng {
        return Language::ENGLISH;
    }
    let latin = info.script() == whatlang::Script::Latin;
    let ascii_letters = p.foreign_letters * 100 < p.letters;
    if latin && !info.is_reliable() && (function_share >= 0.08 || ascii_letters) {
        // An unreliable guess for Latin-script text that has English's function words, or no
        // letters beyond ASCII (English headlines have few function words).
        return Language::ENGLISH;
    }
    Language {
        code: info.lang().code(),
        supported: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_function_words_are_the_list() {
        for w in ENGLISH_FUNCTION_WORDS {
            assert!(w.len() <= 5, "{w}");
            assert!(
                FUNCTION_KEYS.binary_search(&pack(w.as_bytes())).is_ok(),
                "{w}"
            );
        }
        assert!(FUNCTION_KEYS.windows(2).all(|k| k[0] < k[1]));
        // The profile counts exactly the words its slow twin would.
        let text = "The troops of the US, and THEIR allies: 'is' it thE end? Them, ands, x, a.";
        let p = profile(text);
        let words: Vec<String> = text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        assert_eq!(p.words, words.len());
        let slow = words
            .iter()
            .filter(|w| is_function_word(w.as_bytes()))
            .count();
        assert_eq!(p.function_words, slow);
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_profile_counts_as_the_byte_profile(text in "[ -~]{0,300}") {
            let (a, b) = (profile_ascii(text.as_bytes()), profile_bytes(&text));
            proptest::prop_assert_eq!(
                (a.words, a.function_words, a.letters, a.foreign_letters),
                (b.words, b.function_words, b.letters, b.foreign_letters)
            );
        }
    }

    #[test]
    fn english_news_is_english_and_other_languages_are_flagged() {
        let english = "The United States will keep about 900 troops in Syria, officials said on \
                       Tuesday, after a review of the mission against the Islamic State group.";
        assert_eq!(detect(english), Language::ENGLISH);
        let cases = [
            (
                "Le ministère des Affaires étrangères a convoqué l'ambassadeur pour protester \
                 contre la présence des troupes étrangères sur le territoire national.",
                "fra",
            ),
            (
                "Министерство иностранных дел заявило, что присутствие иностранных войск на \
                 территории страны является нарушением её суверенитета.",
                "rus",
            ),
            (
                "قالت وزارة الخارجية إن وجود القوات الأجنبية على أراضي البلاد يشكل انتهاكا \
                 لسيادتها ويجب أن ينتهي فورا.",
                "ara",
            ),
            (
                "Das Außenministerium bestellte den Botschafter ein und forderte den Abzug der \
                 ausländischen Truppen aus dem Land.",
                "deu",
            ),
        ];
        for (text, code) in cases {
            let lang = detect(text);
            assert_eq!(lang.code, code, "{text}");
            assert!(!lang.supported, "{text}");
        }
    }

    #[test]
    fn too_short_to_tell_is_not_flagged() {
        for text in ["", "Troops out", "Photo: AP", "Irak: retrait"] {
            assert!(detect(text).supported, "{text}");
        }
    }

    #[test]
    fn the_quick_test_agrees_with_whatlang_on_english() {
        // The slow twin: whatlang alone. Wherever the quick test says English, so does whatlang.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(root.join("data/articles")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let sentences = std::fs::read_to_string(root.join("data/sentences.csv")).unwrap();
        let lines: Vec<&str> = sentences.lines().skip(1).collect();
        texts.extend(lines.chunks(12).map(|c| c.join(" ")));
        let mut quick = 0;
        for text in &texts {
            let sample = prefix(text, SAMPLE_BYTES);
            assert_eq!(detect(text), Language::ENGLISH, "{sample}");
            if quick_english(&profile(sample)) {
                quick += 1;
                let info = whatlang::detect(sample).expect("a guess");
                assert_eq!(info.lang(), whatlang::Lang::Eng, "{sample}");
            }
        }
        assert!(quick * 10 >= texts.len() * 9, "{quick} of {}", texts.len());
    }

    #[test]
    fn token_counts_give_detects_answer_on_ascii_text() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sentences = std::fs::read_to_string(root.join("data/sentences.csv")).unwrap();
        let lines: Vec<&str> = sentences.lines().skip(1).collect();
        let texts: Vec<String> = lines
            .chunks(7)
            .map(|c| c.join(" "))
            .chain(lines.iter().map(|l| l.to_string()))
            .filter(|t| t.is_ascii())
            .collect();
        let mut settled = 0;
        for text in &texts {
            let tokens = crate::text::tokens::tokenize(text);
            let words: Vec<String> = tokens
                .iter()
                .map(|t| text[t.start..t.end].to_lowercase())
                .collect();
            let function = words.iter().filter(|w| is_function_token(w)).count();
            if let Some(lang) = from_token_counts(words.len(), function, true) {
                settled += 1;
                let full = detect(text);
                // Both call the text English, or neither flags it.
                assert_eq!(lang.supported, full.supported, "{text}");
                if full.code == "eng" && words.len() >= 30 {
                    assert_eq!(lang.code, "eng", "{text}");
                }
            }
        }
        assert!(
            settled * 10 >= texts.len() * 9,
            "{settled} of {}",
            texts.len()
        );
    }

    #[test]
    fn prefix_cuts_at_a_character_boundary() {
        let text = "é".repeat(3000);
        let p = prefix(&text, SAMPLE_BYTES);
        assert!(p.len() <= SAMPLE_BYTES && p.len() >= SAMPLE_BYTES - 1);
    }
}

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

/// Function words that make up a large share of any English text (and little of any other).
const ENGLISH_FUNCTION_WORDS: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "he", "his",
    "in", "is", "it", "its", "not", "of", "on", "said", "that", "the", "their", "they", "this",
    "to", "was", "were", "will", "with",
];

/// Word and function-word counts of the sample, and its share of non-ASCII bytes.
struct Profile {
    words: usize,
    function_words: usize,
    letters: usize,
    non_ascii: usize,
    bytes: usize,
}

fn profile(sample: &str) -> Profile {
    let mut p = Profile {
        words: 0,
        function_words: 0,
        letters: 0,
        non_ascii: 0,
        bytes: sample.len(),
    };
    let mut word = [0u8; 5];
    let mut len = 0usize;
    let finish = |len: usize, word: &[u8; 5], p: &mut Profile| {
        if len == 0 {
            return;
        }
        p.words += 1;
        if len <= word.len() {
            let w = &word[..len];
            if ENGLISH_FUNCTION_WORDS.iter().any(|f| f.as_bytes() == w) {
                p.function_words += 1;
            }
        }
    };
    for &b in sample.as_bytes() {
        if b >= 0x80 {
            p.non_ascii += 1;
        }
        if b.is_ascii_alphabetic() || b >= 0x80 {
            if b.is_ascii_alphabetic() || b >= 0xC0 {
                p.letters += 1;
            }
            if len < word.len() {
                word[len] = b.to_ascii_lowercase();
            }
            len += 1;
        } else {
            finish(len, &word, &mut p);
            len = 0;
        }
    }
    finish(len, &word, &mut p);
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

/// Guesses the language of `text` (see the module doc).
pub fn detect(text: &str) -> Language {
    let sample = prefix(text, SAMPLE_BYTES);
    let p = profile(sample);
    if p.letters < 40 || p.words < 6 {
        return Language::UNDETERMINED;
    }
    let function_share = p.function_words as f64 / p.words as f64;
    let non_ascii_share = p.non_ascii as f64 / p.bytes.max(1) as f64;
    if function_share >= 0.12 && non_ascii_share < 0.05 {
        return Language::ENGLISH;
    }
    detect_slow(sample, function_share)
}

/// The `whatlang` path, for texts the quick test does not call English.
fn detect_slow(sample: &str, function_share: f64) -> Language {
    let Some(info) = whatlang::detect(sample) else {
        return Language::UNDETERMINED;
    };
    if info.lang() == whatlang::Lang::Eng {
        return Language::ENGLISH;
    }
    let latin = info.script() == whatlang::Script::Latin;
    if latin && !info.is_reliable() && function_share >= 0.08 {
        // An unreliable guess for Latin-script text with English's function words.
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
            let p = profile(sample);
            if p.function_words as f64 / p.words as f64 >= 0.12 {
                quick += 1;
                let info = whatlang::detect(sample).expect("a guess");
                assert_eq!(info.lang(), whatlang::Lang::Eng, "{sample}");
            }
        }
        assert!(quick * 10 >= texts.len() * 9, "{quick} of {}", texts.len());
    }

    #[test]
    fn prefix_cuts_at_a_character_boundary() {
        let text = "é".repeat(3000);
        let p = prefix(&text, SAMPLE_BYTES);
        assert!(p.len() <= SAMPLE_BYTES && p.len() >= SAMPLE_BYTES - 1);
    }
}

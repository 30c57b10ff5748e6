//! A built-in English word list, used to judge whether a word broken by a line-end hyphen
//! ("guaran-" + "teeing") rejoins into a real word. See `english_words.txt` for its source.

use std::sync::OnceLock;

/// Sorted lower-case English words (borrowed from the embedded list, so no per-word allocation).
pub struct EnglishWords {
    words: Vec<&'static str>,
}

static BUILTIN: OnceLock<EnglishWords> = OnceLock::new();

impl EnglishWords {
    /// The embedded list, parsed once per process.
    pub fn builtin() -> &'static EnglishWords {
        BUILTIN.get_or_init(|| EnglishWords::parse(include_str!("english_words.txt")))
    }

    /// Parses one word per line; '#' lines and blank lines are skipped.
    fn parse(src: &'static str) -> EnglishWords {
        let mut words: Vec<&'static str> = src
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        // The shipped file is sorted, but sorting here keeps lookups right if someone edits it.
        words.sort_unstable();
        words.dedup();
        EnglishWords { words }
    }

    /// Whether `lower` (already lower-case) is a known word.
    pub fn contains(&self, lower: &str) -> bool {
        self.words.binary_search(&lower).is_ok()
    }

    /// Number of words in the list.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the list is empty (never, for the built-in list).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Words that cannot end a sentence or a heading: articles, determiners, possessives,
/// prepositions, conjunctions, relatives and auxiliaries. A line ending in one continues.
const CONTINUATION_WORDS: &[&str] = &[
    "a", "about", "across", "after", "against", "am", "among", "an", "and", "are", "as", "at",
    "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "during", "each", "every", "for", "from", "had", "has", "have", "her",
    "his", "if", "in", "into", "is", "its", "may", "might", "must", "my", "nor", "of", "on",
    "onto", "or", "our", "shall", "should", "than", "that", "the", "their", "these", "this",
    "those", "through", "to", "toward", "towards", "under", "upon", "was", "were", "whether",
    "which", "while", "who", "whom", "whose", "will", "with", "within", "without", "would", "your",
];

/// Other very common stand-alone words (pronouns, adverbs, determiners) that are normal
/// anywhere in a sentence, so they are never taken for the tail of a broken word.
const OTHER_FUNCTION_WORDS: &[&str] = &[
    "all", "also", "any", "even", "he", "here", "him", "i", "it", "just", "me", "more", "most",
    "much", "no", "not", "now", "only", "over", "she", "so", "some", "such", "then", "there",
    "they", "them", "too", "up", "us", "very", "we", "what", "when", "where", "why", "yet", "you",
];

/// Whether `lower` (lower-case) is a word that cannot end a sentence or heading.
pub fn is_continuation_word(lower: &str) -> bool {
    CONTINUATION_WORDS.contains(&lower)
}

/// Whether `lower` (lower-case) is a closed-class or very common stand-alone word.
pub fn is_function_word(lower: &str) -> bool {
    is_continuation_word(lower) || OTHER_FUNCTION_WORDS.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_knows_common_and_inflected_words() {
        let words = EnglishWords::builtin();
        assert!(words.len() > 30_000);
        for w in ["guaranteeing", "timing", "security", "backed", "led"] {
            assert!(words.contains(w), "{w} should be known");
        }
    }

    #[test]
    fn fragments_and_proper_nouns_are_not_words() {
        let words = EnglishWords::builtin();
        for w in ["guaran", "tim", "iranbacked", "slaught", "#"] {
            assert!(!words.contains(w), "{w} should not be known");
        }
    }

    #[test]
    fn function_word_lists_separate_dangling_from_final_words() {
        assert!(
            is_continuation_word("the")
                && is_continuation_word("of")
                && is_continuation_word("and")
        );
        assert!(!is_continuation_word("either") && !is_continuation_word("it"));
        assert!(is_function_word("it") && is_function_word("the"));
        assert!(!is_function_word("teeing") && !is_function_word("security"));
    }
}

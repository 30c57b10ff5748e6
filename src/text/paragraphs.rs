//! Paragraph repairs on cleaned lines (each non-empty line is a paragraph until joined).
//!
//! - [`merge_page_break_overlaps`]: page-layout extraction sometimes repeats the end of a line at
//!   the start of the next block ("..the downpour over the valley has" / "pour over the valley
//!   has flooded .."). When a lower-case paragraph starts with 3+ words (15+ bytes) that
//!   repeat the end of the previous, unfinished paragraph, the two are merged without the repeat.
//! - [`rejoin_broken_paragraphs`]: a paragraph broken mid-sentence is re-joined with a space when
//!   the first part does not end a sentence (no . ! ? … : ;) and
//!   (a) it ends in a word that cannot end a sentence ("in", "the", "of", "and", ..), a comma or
//!   a spaced dash, or (b) the next paragraph starts in lower case, or (c) it is prose (8+ words,
//!   ending in a lower-case word) and the next paragraph starts with a fragment "sentence" of at
//!   most 2 words ("..the harbour of old" / "Tallinn. Then ..").
//!   Otherwise every line break stays a boundary, so headlines, datelines and captions stay alone.

use super::hyphens::ends_sentence;
use super::words::is_continuation_word;

/// Shortest repeated text (bytes) taken as a page-break overlap.
const MIN_OVERLAP_BYTES: usize = 15;
/// Fewest repeated words taken as a page-break overlap.
const MIN_OVERLAP_WORDS: usize = 3;
/// Fewest words for a paragraph to count as prose in rule (c).
const MIN_PROSE_WORDS: usize = 8;

/// Whether `s` ends a sentence or a clause that introduces what follows (':' ';').
fn ends_unit(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['"', '\'', ')', ']', '»']);
    ends_sentence(s) || t.ends_with([':', ';'])
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Length of the longest prefix of `next` (ending at a word boundary) that `prev` ends with.
fn overlap_len(prev: &str, next: &str) -> Option<usize> {
    let max = prev.len().min(next.len());
    let mut best = None;
    for (k, _) in next
        .match_indices(' ')
        .chain(std::iter::once((next.len(), "")))
    {
        if k > max || k < MIN_OVERLAP_BYTES {
            continue;
        }
        let candidate = &next[..k];
        if candidate.matches(' ').count() + 1 >= MIN_OVERLAP_WORDS && prev.ends_with(candidate) {
            best = Some(k);
        }
    }
    best
}

/// Merges paragraphs whose start repeats the end of the previous one; returns the count.
pub fn merge_page_break_overlaps(paras: &mut Vec<String>) -> usize {
    let mut merged = 0;
    let mut i = 0;
    while i + 1 < paras.len() {
        let (prev, next) = (&paras[i], &paras[i + 1]);
        let overlap = if starts_lowercase(next) && !ends_unit(prev) {
            overlap_len(prev, next)
        } else {
            None
        };
        match overlap {
            Some(k) => {
                let next = paras.remove(i + 1);
                paras[i].push_str(&next[k..]);
                merged += 1;
            }
            None => i += 1,
        }
    }
    merged
}

/// The last word of `s`, lower-cased ASCII letters only (empty if it ends otherwise).
fn last_word_lower(s: &str) -> String {
    let t = s.trim_end();
    let start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(t.len(), |(i, _)| i);
    t[start..].to_lowercase()
}

/// Number of words in the first sentence of `s`, if it ends with '.', '!' or '?' before the end.
fn first_sentence_words(s: &str) -> Option<usize> {
    let end = s.find(['.', '!', '?'])?;
    let after = s[end + 1..].chars().next();
    if after.is_some_and(|c| c != ' ') {
        return None;
    }
    Some(s[..end].split_whitespace().count())
}

/// Whether paragraph `next` continues the unfinished sentence of `prev` (see module docs).
fn continues(prev: &str, next: &str) -> bool {
    let Some(first) = next.chars().next() else {
        return false;
    };
    if prev.is_empty()
        || ends_unit(prev)
        || !(first.is_alphanumeric() || matches!(first, '"' | '\'' | '('))
    {
        return false;
    }
    let prev_t = prev.trim_end();
    if prev_t.ends_with(',')
        || prev_t.ends_with(" -")
        || prev_t.ends_with(" –")
        || prev_t.ends_with(" —")
    {
        return true;
    }
    let last = last_word_lower(prev_t);
    if is_continuation_word(&last) || first.is_lowercase() {
        return true;
    }
    let last_word_is_lowercase = prev_t
        .split_whitespace()
        .next_back()
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_lowercase);
    let prose = prev_t.split_whitespace().count() >= MIN_PROSE_WORDS && last_word_is_lowercase;
    prose && first.is_uppercase() && first_sentence_words(next).is_some_and(|n| n <= 2)
}

/// Re-joins paragraphs broken mid-sentence; returns how many joins were made.
pub fn rejoin_broken_paragraphs(paras: &mut Vec<String>) -> usize {
    let mut joins = 0;
    let mut i = 0;
    while i + 1 < paras.len() {
        if continues(&paras[i], &paras[i + 1]) {
            let next = paras.remove(i + 1);
            paras[i].push(' ');
            paras[i].push_str(&next);
            joins += 1;
        } else {
            i += 1;
        }
    }
    joins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn page_break_overlap_is_merged_once() {
        let mut p = paras(&[
            "The heavy downpour over the valley has",
            "pour over the valley has flooded three farms.",
        ]);
        assert_eq!(merge_page_break_overlaps(&mut p), 1);
        assert_eq!(
            p,
            ["The heavy downpour over the valley has flooded three farms."]
        );
    }

    #[test]
    fn short_or_finished_overlaps_are_not_merged() {
        // Only two repeated words.
        let lines = ["They went to the city", "the city was calm."];
        let mut p = paras(&lines);
        assert_eq!(merge_page_break_overlaps(&mut p), 0);
        // The first paragraph is finished.
        let lines = [
            "It was presented to the whole council.",
            "presented to the whole council again.",
        ];
        let mut p = paras(&lines);
        assert_eq!(merge_page_break_overlaps(&mut p), 0);
        assert_eq!(p, lines);
    }

    fn rejoined(lines: &[&str]) -> (Vec<String>, usize) {
        let mut p = paras(lines);
        let n = rejoin_broken_paragraphs(&mut p);
        (p, n)
    }

    #[test]
    fn sentence_broken_after_a_function_word_or_comma_is_rejoined() {
        let (p, n) = rejoined(&[
            "The ferry carries forty cars across the",
            "Velmar strait every morning.",
            "The mayor has promised to",
            "rebuild the pier.",
            "The council agreed,",
            "after a long debate, to wait.",
        ]);
        assert_eq!(
            p,
            [
                "The ferry carries forty cars across the Velmar strait every morning.",
                "The mayor has promised to rebuild the pier.",
                "The council agreed, after a long debate, to wait.",
            ]
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn lowercase_continuation_is_rejoined() {
        let (p, _) = rejoined(&["The orchestra played", "until midnight on Friday."]);
        assert_eq!(p, ["The orchestra played until midnight on Friday."]);
    }

    #[test]
    fn short_fragment_sentence_rejoins_long_prose() {
        let (p, _) = rejoined(&[
            "Last spring, the club opened a small bakery near the harbour of old",
            "Tallinn. Then the queues began at dawn.",
        ]);
        assert_eq!(
            p,
            ["Last spring, the club opened a small bakery near the harbour of old Tallinn. Then the queues began at dawn."]
        );
    }

    #[test]
    fn headlines_captions_and_finished_paragraphs_stay_apart() {
        let lines = [
            "Bakers hope for a quieter winter",
            "Finally, the ovens were repaired in March.",
            "Still waiting for rain, too",
            "Farmers have asked twice for help.",
            "What comes next?",
            "\"The flour arrives on Tuesday,\" she said",
            "Meanwhile, the market stays closed.",
            "The notice read:",
            "the shop is closed.",
        ];
        let (p, n) = rejoined(&lines);
        assert_eq!(n, 0);
        assert_eq!(p, lines);
    }
}

//! Words hyphenated across line breaks, and their layout-displaced continuations.
//!
//! Works on paragraphs (non-empty lines, blank lines already removed). Two repairs:
//!
//! 1. [`join_line_end_hyphens`]: a paragraph ending in `letters-` continues in the next one.
//!    - Lower-case continuation ("guaran-" + "teeing the ..."): a soft hyphen, removed
//!      ("guaranteeing"), unless the pieces form a compound: the document itself writes the
//!      hyphenated form in-line, or the joined form is not an English word while the
//!      continuation is one and the fragment is a word or a name ("long-" + "awaited",
//!      "Iran-" + "backed", "US-" + "led" keep their hyphen).
//!    - Upper-case continuation ("al-" + "Sudani"): a real hyphen, kept and joined without a
//!      space, only when the fragment is a name particle or prefix (al, bin, anti, ..) or itself
//!      capitalised ("US-" + "Iraqi"), and the continuation is not a sentence opener ("They").
//!    - Digit continuation ("F-" + "16"): joined, hyphen kept, when the fragment is an acronym.
//!    - Anything else is left alone: the fragment is then "dangling".
//! 2. [`move_spliced_continuations`]: page-layout extraction sometimes moves the rest of a
//!    hyphenated paragraph elsewhere, splicing it onto the end of an unrelated line ("..the owner
//!    of Kestrel Mills teeing free passage for all ships."). For a dangling `fragment-`, we look in
//!    the whole document for the tail that continues it and move that tail back. A candidate
//!    tail must, conservatively:
//!    - start at a splice point: the start of a paragraph that begins in lower case, or a
//!      lower-case word right after a plain space inside a paragraph (no punctuation before it,
//!      i.e. mid-sentence, where a line of another column could have been glued on);
//!    - begin with a lower-case ASCII word `w` of 2+ letters that ends at a space or punctuation
//!      other than '-' / '\'' (not part of a compound or contraction);
//!    - not begin with a function word ("the", "of", "it", ..), which is normal in any position;
//!    - rejoin: `fragment + w` must be an English word (built-in list), while the fragment alone
//!      must NOT be one (so "guaran-" qualifies, but "re-"/"some-" style real words do not);
//!    - run to the end of its paragraph and end a sentence (. ! ? …, closing quotes allowed),
//!      since it is the rest of the interrupted paragraph;
//!    - be the ONLY such candidate in the document: two or more and nothing is moved.
//!
//!    In clean text no paragraph ends in a dangling `fragment-`, so this never fires there.

use super::words::{is_function_word, EnglishWords};

/// Name particles and prefixes that are written with a hyphen before a capitalised word.
const HYPHEN_PREFIXES: &[&str] = &[
    "abu", "ad", "al", "an", "anti", "ar", "as", "ash", "at", "az", "ben", "bin", "bint", "co",
    "counter", "cross", "da", "de", "di", "du", "el", "ex", "ibn", "inter", "intra", "mid",
    "multi", "neo", "non", "pan", "post", "pre", "pro", "pseudo", "quasi", "self", "semi", "sub",
    "super", "trans", "ul", "ultra", "van", "vice", "von",
];

/// How a paragraph ending in `fragment-` joins the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Drop the hyphen and glue: "guaran-" + "teeing" -> "guaranteeing".
    Soft,
    /// Keep the hyphen and glue: "al-" + "Sudani" -> "al-Sudani".
    Compound,
    /// Not a continuation.
    None,
}

/// The letters directly before a final '-' ("aims at guaran-" -> "guaran").
pub fn trailing_fragment(para: &str) -> Option<&str> {
    let body = para.strip_suffix('-')?;
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    Some(&body[start..])
}

/// Leading run of letters of `s`.
fn leading_letters(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// Whether `needle` occurs in `hay` with no letter directly before or after it.
fn contains_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, m)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + m.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

fn decide(frag: &str, next: &str, doc_lower: &str, words: &EnglishWords) -> Join {
    let Some(first) = next.chars().next() else {
        return Join::None;
    };
    let frag_lower = frag.to_lowercase();
    let frag_capitalised = frag.chars().next().is_some_and(char::is_uppercase);
    if first.is_lowercase() {
        let w = leading_letters(next);
        let joined = format!("{frag_lower}{w}");
        let hyphenated = format!("{frag_lower}-{w}");
        // The document's own spelling elsewhere is the best evidence.
        let doc_has_joined = contains_word(doc_lower, &joined);
        if contains_word(doc_lower, &hyphenated) && !doc_has_joined {
            return Join::Compound;
        }
        if doc_has_joined || words.contains(&joined) {
            return Join::Soft;
        }
        if words.contains(w) && (frag_capitalised || words.contains(&frag_lower)) {
            return Join::Compound;
        }
        return Join::Soft;
    }
    if first.is_uppercase() {
        let w = leading_letters(next).to_lowercase();
        if is_function_word(&w) {
            return Join::None;
        }
        if frag_capitalised || HYPHEN_PREFIXES.contains(&frag_lower.as_str()) {
            return Join::Compound;
        }
        return Join::None;
    }
    let acronym = frag.len() <= 6 && frag.chars().all(|c| c.is_ascii_uppercase());
    if first.is_ascii_digit() && acronym {
        return Join::Compound;
    }
    Join::None
}

/// Joins paragraphs broken after a line-end hyphen; returns how many joins were made.
pub fn join_line_end_hyphens(paras: &mut Vec<String>, words: &EnglishWords) -> usize {
    if !paras.iter().any(|p| trailing_fragment(p).is_some()) {
        return 0;
    }
    let doc_lower = paras.join("\n").to_lowercase();
    let mut joins = 0;
    let mut i = 0;
    while i + 1 < paras.len() {
        let join = match trailing_fragment(&paras[i]) {
            Some(frag) => decide(frag, &paras[i + 1], &doc_lower, words),
            None => Join::None,
        };
        if join == Join::None {
            i += 1;
            continue;
        }
        let next = paras.remove(i + 1);
        if join == Join::Soft {
            paras[i].pop();
        }
        paras[i].push_str(&next);
        joins += 1;
        // Stay on `i`: the joined paragraph may itself end in a hyphen.
    }
    joins
}

/// A place where a displaced continuation starts: paragraph `para`, byte `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Splice {
    para: usize,
    start: usize,
}

/// Whether `s` ends a sentence, allowing closing quotes and brackets after the stop.
pub fn ends_sentence(s: &str) -> bool {
    let s = s
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']', '»', '”', '’']);
    s.ends_with(['.', '!', '?', '…'])
}

/// Byte offsets in `para` where a displaced continuation could start (see module docs).
fn splice_points(para: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = para.as_bytes();
    (0..bytes.len()).filter(move |&p| {
        if !bytes[p].is_ascii_lowercase() {
            return false;
        }
        if p == 0 {
            return true;
        }
        bytes[p - 1] == b' '
            && para[..p - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    })
}

/// The unique splice that continues `frag`, if there is exactly one (see module docs).
fn find_continuation(
    paras: &[String],
    dangling: usize,
    frag: &str,
    words: &EnglishWords,
) -> Option<Splice> {
    if !frag.is_ascii() {
        return None;
    }
    let frag_lower = frag.to_ascii_lowercase();
    if frag_lower.len() < 2 || words.contains(&frag_lower) {
        return None;
    }
    let mut joined = String::new();
    let mut found: Option<Splice> = None;
    for (h, para) in paras.iter().enumerate() {
        if h == dangling || !ends_sentence(para) {
            continue;
        }
        for start in splice_points(para) {
            let rest = &para[start..];
            let w_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
            let w = &rest[..w_len];
            let after = rest[w_len..].chars().next();
            if w_len < 2 || after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '\'') {
                continue;
            }
            if is_function_word(w) {
                continue;
            }
            joined.clear();
            joined.push_str(&frag_lower);
            joined.push_str(w);
            if !words.contains(&joined) {
                continue;
            }
            if found.is_some() {
                return None; // ambiguous: leave the text as it is
            }
            found = Some(Splice { para: h, start });
        }
    }
    found
}

/// Moves displaced continuations back onto dangling `fragment-` paragraphs; returns the count.
pub fn move_spliced_continuations(paras: &mut Vec<String>, words: &EnglishWords) -> usize {
    let mut moved = 0;
    // Each repair removes one dangling fragment; ambiguous ones are skipped, so this terminates.
    let mut from = 0;
    while let Some((dangling, splice)) = (from..paras.len()).find_map(|d| {
        let frag = trailing_fragment(&paras[d])?;
        find_continuation(paras, d, frag, words).map(|s| (d, s))
    }) {
        let tail = paras[splice.para][splice.start..].to_string();
        let host_len = paras[splice.para][..splice.start].trim_end().len();
        paras[splice.para].truncate(host_len);
        paras[dangling].pop();
        paras[dangling].push_str(&tail);
        if paras[splice.para].is_empty() {
            paras.remove(splice.para);
        }
        moved += 1;
        // Removing the host may shift the dangling paragraph down by one.
        from = dangling.saturating_sub(1);
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    fn joined(lines: &[&str]) -> (Vec<String>, usize) {
        let mut p = paras(lines);
        let n = join_line_end_hyphens(&mut p, EnglishWords::builtin());
        (p, n)
    }

    #[test]
    fn trailing_fragment_needs_letters_right_before_the_hyphen() {
        assert_eq!(trailing_fragment("aims at guaran-"), Some("guaran"));
        assert_eq!(trailing_fragment("the al-"), Some("al"));
        assert_eq!(trailing_fragment("a dash -"), None);
        assert_eq!(trailing_fragment("in 1998-"), None);
        assert_eq!(trailing_fragment("no hyphen"), None);
    }

    #[test]
    fn soft_hyphen_with_lowercase_continuation_is_removed() {
        let (p, n) = joined(&["The pact aims at guaran-", "teeing free passage."]);
        assert_eq!(p, ["The pact aims at guaranteeing free passage."]);
        assert_eq!(n, 1);
        let (p, _) = joined(&["The choir rehearsed the tim-", "ing of each verse."]);
        assert_eq!(p, ["The choir rehearsed the timing of each verse."]);
    }

    #[test]
    fn unknown_words_split_by_hyphenation_are_joined() {
        let (p, _) = joined(&["The Norwe-", "gian side agreed."]);
        assert_eq!(p, ["The Norwegian side agreed."]);
    }

    #[test]
    fn compounds_keep_their_hyphen() {
        let (p, n) = joined(&[
            "a long-",
            "awaited concert by Oslo-",
            "based and EU-",
            "funded players",
        ]);
        assert_eq!(
            p,
            ["a long-awaited concert by Oslo-based and EU-funded players"]
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn document_spelling_decides_between_compound_and_soft_hyphen() {
        // "co-operation" is written hyphenated in-line, so the line-end hyphen is kept.
        let (p, _) = joined(&["Some co-operation now and more co-", "operation later."]);
        assert_eq!(p, ["Some co-operation now and more co-operation later."]);
    }

    #[test]
    fn uppercase_continuation_keeps_real_hyphens() {
        let (p, n) = joined(&["The poet Nizar al-", "Hakim read first."]);
        assert_eq!(p, ["The poet Nizar al-Hakim read first."]);
        assert_eq!(n, 1);
        let (p, _) = joined(&["the EU-", "Nordic games"]);
        assert_eq!(p, ["the EU-Nordic games"]);
        let (p, _) = joined(&["an F-", "16 jet"]);
        assert_eq!(p, ["an F-16 jet"]);
    }

    #[test]
    fn unrelated_next_paragraph_is_not_joined() {
        let lines = ["The pact aims at guaran-", "They planted trees in May."];
        let (p, n) = joined(&lines);
        assert_eq!(p, lines);
        assert_eq!(n, 0);
        // A sentence opener after a name particle is not a name either.
        let lines = ["a poem by al-", "The reading began."];
        assert_eq!(joined(&lines).0, lines);
    }

    #[test]
    fn inline_hyphens_are_never_touched() {
        let lines = ["The long-awaited show with al-Hakim began.", "next line"];
        let (p, n) = joined(&lines);
        assert_eq!(p, lines);
        assert_eq!(n, 0);
    }

    fn moved(lines: &[&str]) -> (Vec<String>, usize) {
        let mut p = paras(lines);
        let n = move_spliced_continuations(&mut p, EnglishWords::builtin());
        (p, n)
    }

    #[test]
    fn spliced_continuation_is_moved_back_to_its_fragment() {
        let (p, n) = moved(&[
            "A visit to the owner of Kestrel Mills teeing free passage for all river barges.",
            "The fair opened on Monday.",
            "The new lock aims at guaran-",
            "Other stalls followed.",
        ]);
        assert_eq!(n, 1);
        assert_eq!(
            p,
            [
                "A visit to the owner of Kestrel Mills",
                "The fair opened on Monday.",
                "The new lock aims at guaranteeing free passage for all river barges.",
                "Other stalls followed.",
            ]
        );
    }

    #[test]
    fn orphan_lowercase_paragraph_can_be_the_continuation() {
        let (p, n) = moved(&[
            "The choir discussed the tim-",
            "Something else.",
            "ing of the final hymn.",
        ]);
        assert_eq!(n, 1);
        assert_eq!(
            p,
            [
                "The choir discussed the timing of the final hymn.",
                "Something else."
            ]
        );
    }

    #[test]
    fn ambiguous_continuations_are_left_alone() {
        let lines = [
            "The baker of Foo teeing the one thing.",
            "The tailor of Bar teeing the other thing.",
            "The new lock aims at guaran-",
        ];
        let (p, n) = moved(&lines);
        assert_eq!(n, 0);
        assert_eq!(p, lines);
    }

    #[test]
    fn candidates_must_end_a_sentence_and_follow_a_plain_space() {
        // Tail does not end a sentence / word follows a comma: no candidate.
        let lines = [
            "The owner of Kestrel Mills teeing free passage for barges",
            "The golfer, teeing off, smiled.",
            "The new lock aims at guaran-",
        ];
        assert_eq!(moved(&lines).1, 0);
    }

    #[test]
    fn whole_word_fragments_and_function_word_tails_never_move() {
        // "some-" is a word on its own.
        let lines = ["He saw times change in Oslo.", "It happens some-"];
        assert_eq!(moved(&lines).1, 0);
        // "progr" + "am" makes "program", but "am" is normal after any subject.
        let lines = ["They said Marta am going.", "They started the progr-"];
        assert_eq!(moved(&lines).1, 0);
        // Control: the same shape with a non-function word tail does move.
        let lines = ["They said Marta ammes going.", "They started the progr-"];
        assert_eq!(moved(&lines).1, 1);
    }

    #[test]
    fn clean_text_is_never_touched() {
        let lines = [
            "The fair began on Saturday, organisers said.",
            "Oslo's long-awaited bridge was timed with the al-Hakim visit.",
            "An EU-funded choir was formed in 1998.",
        ];
        let mut p = paras(&lines);
        let words = EnglishWords::builtin();
        assert_eq!(join_line_end_hyphens(&mut p, words), 0);
        assert_eq!(move_spliced_continuations(&mut p, words), 0);
        assert_eq!(p, lines);
    }
}

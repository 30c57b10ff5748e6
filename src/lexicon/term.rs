//! How a written term becomes what the matcher looks for: its tokens, cut by the same tokenizer as
//! the text and lower-cased the same way, plus what the tokenizer silently dropped.

use crate::text::tokens::{lower_into, tokenize};

/// The matchable form of a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermForm {
    /// Lower-cased tokens; for a wildcard term the last one is the prefix (stem).
    pub tokens: Vec<String>,
    /// Non-space characters of the term that belong to no token, so matching ignores them.
    pub dropped: String,
}

/// Characters that join word parts inside a token. A wildcard stem may end with one ("anti-*"
/// matches "anti-war"), since the continuation supplies the letter that makes it join.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}' | '_')
}

impl TermForm {
    /// Tokenizes `body` (the term without its `*`).
    pub fn new(body: &str, wildcard: bool) -> TermForm {
        let spans = tokenize(body);
        let mut tokens: Vec<String> = spans.iter().map(|t| lower(t.text(body))).collect();
        let mut dropped = String::new();
        let mut pos = 0;
        for span in &spans {
            push_non_space(&body[pos..span.start], &mut dropped);
            pos = span.end;
        }
        let tail = &body[pos..];
        let mut tail_chars = tail.chars();
        let single_joiner =
            matches!((tail_chars.next(), tail_chars.next()), (Some(c), None) if is_joiner(c));
        match tokens.last_mut() {
            Some(stem) if wildcard && single_joiner => stem.push_str(&lower(tail)),
            // A final period ("U.S.", "etc.") is harmless: text tokens never end with one either.
            Some(_) if tail.chars().all(|c| c == '.') => {}
            _ => push_non_space(tail, &mut dropped),
        }
        TermForm { tokens, dropped }
    }

    /// The tokens joined by single spaces: the term's identity for duplicates and hashing.
    pub fn normalized(&self) -> String {
        self.tokens.join(" ")
    }

    /// Letters and digits in the last token (the stem of a wildcard term).
    pub fn last_token_alphanumerics(&self) -> usize {
        self.tokens
            .last()
            .map_or(0, |t| t.chars().filter(|c| c.is_alphanumeric()).count())
    }
}

fn lower(s: &str) -> String {
    let mut buf = String::with_capacity(s.len());
    lower_into(s, &mut buf);
    buf
}

fn push_non_space(s: &str, out: &mut String) {
    out.extend(s.chars().filter(|c| !c.is_whitespace()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(body: &str, wildcard: bool) -> (Vec<String>, String) {
        let f = TermForm::new(body, wildcard);
        (f.tokens, f.dropped)
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn phrases_are_lowercased_tokens() {
        assert_eq!(
            form("Iran-backed  Militias", false),
            (strings(&["iran-backed", "militias"]), String::new())
        );
        assert_eq!(
            TermForm::new("Under the  GUISE of", false).normalized(),
            "under the guise of"
        );
        assert_eq!(form("Iraq’s", false).0, strings(&["iraq's"]));
    }

    #[test]
    fn dropped_characters_are_reported() {
        assert_eq!(
            form("'terrorists'", false),
            (strings(&["terrorists"]), "''".to_string())
        );
        assert_eq!(form("anti-", false), (strings(&["anti"]), "-".to_string()));
        assert_eq!(
            form("so - called", false),
            (strings(&["so", "called"]), "-".to_string())
        );
        assert_eq!(form("--", false), (Vec::new(), "--".to_string()));
    }

    #[test]
    fn final_period_is_not_dropped_content() {
        assert_eq!(form("U.S.", false), (strings(&["u.s"]), String::new()));
    }

    #[test]
    fn wildcard_stem_may_end_with_one_joiner() {
        assert_eq!(form("anti-", true), (strings(&["anti-"]), String::new()));
        assert_eq!(form("Iraq’", true), (strings(&["iraq'"]), String::new()));
        assert_eq!(form("anti--", true), (strings(&["anti"]), "--".to_string()));
    }

    #[test]
    fn counts_stem_letters() {
        assert_eq!(TermForm::new("war cr", true).last_token_alphanumerics(), 2);
        assert_eq!(TermForm::new("anti-", true).last_token_alphanumerics(), 4);
    }
}

//! Line-level parsing of lexicon files into raw declarations and entries. Checks that need the
//! whole lexicon (unknown categories, duplicates) happen later, in `assemble`.

use super::error::LexiconError;
use super::CategoryKind;
use crate::corpus::limits::MAX_LEXICON_TERMS;

/// The message for a lexicon past [`MAX_LEXICON_TERMS`].
pub(crate) fn too_many_terms() -> String {
    format!("more than {MAX_LEXICON_TERMS} terms: a lexicon may have at most {MAX_LEXICON_TERMS} (see docs/bad-inputs.md)")
}

/// A `@category NAME KIND DESCRIPTION` line.
#[derive(Debug, Clone)]
pub(crate) struct RawCategory {
    pub name: String,
    pub kind: CategoryKind,
    pub description: String,
    pub origin: String,
}

/// A `term | category | note` line, with the term split into its body and wildcard flag.
#[derive(Debug, Clone)]
pub(crate) struct RawEntry {
    /// The term as written, trimmed, without the trailing `*`.
    pub body: String,
    pub wildcard: bool,
    pub category: String,
    pub note: Option<String>,
    pub origin: String,
}

/// Everything read from the sources, in source order.
#[derive(Debug, Default)]
pub(crate) struct RawLexicon {
    pub categories: Vec<RawCategory>,
    pub entries: Vec<RawEntry>,
}

/// Parses one file's content (`file` names it in origins) and appends to `into`.
pub(crate) fn parse_source(
    file: &str,
    content: &str,
    into: &mut RawLexicon,
) -> Result<(), LexiconError> {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    for (index, line) in content.lines().enumerate() {
        let origin = format!("{file}:{}", index + 1);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let syntax = |message: String| LexiconError::Syntax {
            origin: origin.clone(),
            message,
        };
        if let Some(directive) = trimmed.strip_prefix('@') {
            let category = parse_directive(directive).map_err(syntax)?;
            into.categories.push(RawCategory { origin, ..category });
        } else {
            if into.entries.len() >= MAX_LEXICON_TERMS {
                return Err(syntax(too_many_terms()));
            }
            let entry = parse_entry_line(trimmed).map_err(syntax)?;
            into.entries.push(RawEntry { origin, ..entry });
        }
    }
    Ok(())
}

/// Parses what follows the `@` of a directive line.
fn parse_directive(directive: &str) -> Result<RawCategory, String> {
    let (keyword, rest) = split_word(directive);
    if keyword != "category" {
        return Err(format!(
            "unknown directive \"@{keyword}\" (expected `@category NAME KIND DESCRIPTION`)"
        ));
    }
    let (name, rest) = split_word(rest);
    let (kind, description) = split_word(rest);
    if name.is_empty() || kind.is_empty() {
        return Err("expected `@category NAME KIND DESCRIPTION`".to_string());
    }
    if !is_lower_snake_case(name) {
        return Err(format!(
            "category name \"{name}\" must be lower_snake_case (a-z, 0-9, '_', starting with a letter)"
        ));
    }
    let kind = CategoryKind::parse(kind).ok_or_else(|| {
        format!("bad category kind \"{kind}\" for \"{name}\" (expected loaded or epistemic)")
    })?;
    Ok(RawCategory {
        name: name.to_string(),
        kind,
        description: description.trim().to_string(),
        origin: String::new(),
    })
}

/// Parses `term | category | optional note` (the note is everything after the second `|`).
fn parse_entry_line(line: &str) -> Result<RawEntry, String> {
    let Some((term, rest)) = line.split_once('|') else {
        return Err(format!(
            "expected `term | category | optional note` or a `@category` directive, found \"{line}\""
        ));
    };
    let (category, note) = match rest.split_once('|') {
        Some((category, note)) => (category, note.trim()),
        None => (rest, ""),
    };
    let (body, wildcard) = split_term(term)?;
    Ok(RawEntry {
        body,
        wildcard,
        category: category.trim().to_string(),
        note: (!note.is_empty()).then(|| note.to_string()),
        origin: String::new(),
    })
}

/// Splits a written term into its trimmed body and whether it ends with the wildcard `*`.
pub(crate) fn split_term(term: &str) -> Result<(String, bool), String> {
    let term = term.trim();
    let (body, wildcard) = match term.strip_suffix('*') {
        Some(body) => (body, true),
        None => (term, false),
    };
    if body.trim().is_empty() {
        return Err("empty term".to_string());
    }
    if body.contains('*') {
        return Err(format!(
            "term \"{term}\": '*' is only allowed once, at the end of the last word"
        ));
    }
    if wildcard && body.ends_with(char::is_whitespace) {
        return Err(format!(
            "term \"{term}\": '*' must directly follow the last word (\"war crime*\")"
        ));
    }
    Ok((body.to_string(), wildcard))
}

/// The first whitespace-separated word of `s` and the rest after it.
fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

fn is_lower_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(content: &str) -> Result<RawLexicon, LexiconError> {
        let mut raw = RawLexicon::default();
        parse_source("t.txt", content, &mut raw).map(|()| raw)
    }

    fn syntax_error(content: &str) -> (String, String) {
        match parse(content) {
            Err(LexiconError::Syntax { origin, message }) => (origin, message),
            other => panic!("expected a syntax error for {content:?}, got {other:?}"),
        }
    }

    #[test]
    fn reads_directives_entries_comments_and_notes() {
        let raw = parse(
            "\u{FEFF}# comment\n\n@category doubt_scare loaded Markers that  cast doubt\r\n\
             so-called | doubt_scare | scare marker | with a pipe\n  under the guise of|doubt_scare\n\
             assassinat* | atrocity |   \n",
        )
        .unwrap();
        assert_eq!(raw.categories.len(), 1);
        let cat = &raw.categories[0];
        assert_eq!(
            (
                cat.name.as_str(),
                cat.kind,
                cat.description.as_str(),
                cat.origin.as_str()
            ),
            (
                "doubt_scare",
                CategoryKind::Loaded,
                "Markers that  cast doubt",
                "t.txt:3"
            )
        );
        let e: Vec<_> = raw
            .entries
            .iter()
            .map(|e| {
                (
                    e.body.as_str(),
                    e.wildcard,
                    e.category.as_str(),
                    e.note.as_deref(),
                    e.origin.as_str(),
                )
            })
            .collect();
        assert_eq!(
            e,
            [
                (
                    "so-called",
                    false,
                    "doubt_scare",
                    Some("scare marker | with a pipe"),
                    "t.txt:4"
                ),
                ("under the guise of", false, "doubt_scare", None, "t.txt:5"),
                ("assassinat", true, "atrocity", None, "t.txt:6"),
            ]
        );
    }

    #[test]
    fn line_without_pipe_is_an_error_with_its_line() {
        let (origin, message) = syntax_error("# c\nso-called doubt_scare\n");
        assert_eq!(origin, "t.txt:2");
        assert!(message.contains("term | category"), "{message}");
    }

    #[test]
    fn empty_term_is_an_error() {
        assert_eq!(syntax_error(" | cat").1, "empty term");
        assert_eq!(syntax_error("* | cat").1, "empty term");
    }

    #[test]
    fn misplaced_stars_are_errors() {
        assert!(syntax_error("war* crimes | cat")
            .1
            .contains("only allowed once"));
        assert!(syntax_error("war** | cat").1.contains("only allowed once"));
        assert!(syntax_error("*war | cat").1.contains("only allowed once"));
        assert!(syntax_error("war * | cat").1.contains("directly follow"));
    }

    #[test]
    fn bad_directives_are_errors() {
        assert!(syntax_error("@category hedge vague Hedges")
            .1
            .contains("bad category kind"));
        assert!(syntax_error("@category hedge")
            .1
            .contains("expected `@category"));
        assert!(syntax_error("@category Hedge loaded x")
            .1
            .contains("lower_snake_case"));
        assert!(syntax_error("@categry hedge loaded x")
            .1
            .contains("unknown directive"));
    }

    #[test]
    fn description_may_be_empty() {
        let raw = parse("@category hedge epistemic").unwrap();
        assert_eq!(raw.categories[0].kind, CategoryKind::Epistemic);
        assert_eq!(raw.categories[0].description, "");
    }
}

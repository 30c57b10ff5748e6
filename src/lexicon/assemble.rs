//! Whole-lexicon checks on the parsed lines: resolves categories, finds conflicting and duplicate
//! terms, and collects warnings for entries that can never match or would over-match.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::error::{LexiconError, LexiconWarning};
use super::parse::RawLexicon;
use super::term::TermForm;
use super::{Category, Entry};
use crate::corpus::limits::{MAX_TERM_BYTES, MAX_TERM_WORDS};

/// Wildcard stems shorter than this match too many unrelated words ("wa*": war, wave, was...).
const MIN_WILDCARD_STEM: usize = 3;

/// Categories (sorted by name, so indices do not depend on file order) and entries (in source
/// order), checked.
pub(crate) struct Assembled {
    pub categories: Vec<Category>,
    pub entries: Vec<Entry>,
    pub warnings: Vec<LexiconWarning>,
}

pub(crate) fn assemble(raw: RawLexicon) -> Result<Assembled, LexiconError> {
    let mut warnings = Vec::new();
    let (categories, category_origins) = resolve_categories(&raw, &mut warnings)?;
    let index_of: BTreeMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();

    let mut entries: Vec<Entry> = Vec::with_capacity(raw.entries.len());
    // (normalized term, wildcard) -> index in `entries`.
    let mut seen: FxHashMap<(String, bool), usize> = FxHashMap::default();
    for raw_entry in raw.entries {
        let Some(&category) = index_of.get(raw_entry.category.as_str()) else {
            return Err(LexiconError::UnknownCategory {
                origin: raw_entry.origin,
                name: raw_entry.category,
            });
        };
        let written = written_term(&raw_entry.body, raw_entry.wildcard);
        // Bounded before the term is tokenized or goes into the matcher.
        if raw_entry.body.len() > MAX_TERM_BYTES {
            return Err(LexiconError::Syntax {
                origin: raw_entry.origin,
                message: format!(
                    "term \"{}\" has {} bytes: a term may have at most {MAX_TERM_BYTES}",
                    excerpt(&written),
                    raw_entry.body.len()
                ),
            });
        }
        let form = TermForm::new(&raw_entry.body, raw_entry.wildcard);
        if form.tokens.len() > MAX_TERM_WORDS {
            return Err(LexiconError::Syntax {
                origin: raw_entry.origin,
                message: format!(
                    "term \"{}\" has {} words: a term may have at most {MAX_TERM_WORDS}",
                    excerpt(&written),
                    form.tokens.len()
                ),
            });
        }
        let warn = |warnings: &mut Vec<LexiconWarning>, message: String| {
            warnings.push(LexiconWarning {
                origin: raw_entry.origin.clone(),
                message,
            })
        };
        if form.tokens.is_empty() {
            warn(
                &mut warnings,
                format!(
                    "term \"{written}\" has no letter or digit, so it can never match; ignored"
                ),
            );
            continue;
        }
        let normalized = form.normalized();
        let key = (normalized.clone(), raw_entry.wildcard);
        if let Some(&first) = seen.get(&key) {
            let first = &entries[first];
            if first.category != category {
                return Err(LexiconError::TermInTwoCategories {
                    origin: raw_entry.origin,
                    term: written,
                    category: raw_entry.category,
                    first_origin: first.origin.clone(),
                    first_category: categories[first.category].name.clone(),
                });
            }
            warn(
                &mut warnings,
                format!(
                    "term \"{written}\" duplicates {} (same term, same category); ignored",
                    first.origin
                ),
            );
            continue;
        }
        if !form.dropped.is_empty() {
            warn(
                &mut warnings,
                dropped_message(&written, &form, raw_entry.wildcard),
            );
        }
        if raw_entry.wildcard && form.last_token_alphanumerics() < MIN_WILDCARD_STEM {
            warn(
                &mut warnings,
                format!(
                    "wildcard term \"{written}\": the stem \"{}\" has fewer than {MIN_WILDCARD_STEM} letters and would match too many words",
                    form.tokens.last().map_or("", String::as_str)
                ),
            );
        }
        seen.insert(key, entries.len());
        entries.push(Entry {
            term: raw_entry.body,
            normalized,
            category,
            wildcard: raw_entry.wildcard,
            note: raw_entry.note,
            origin: raw_entry.origin,
        });
    }

    let mut used = vec![false; categories.len()];
    for entry in &entries {
        used[entry.category] = true;
    }
    for (i, category) in categories.iter().enumerate() {
        if !used[i] {
            warnings.push(LexiconWarning {
                origin: category_origins[i].clone(),
                message: format!(
                    "category \"{}\" is declared but has no entries",
                    category.name
                ),
            });
        }
    }
    Ok(Assembled {
        categories,
        entries,
        warnings,
    })
}

/// Merges the declarations into one category per name, sorted by name, with each one's first
/// declaring line.
fn resolve_categories(
    raw: &RawLexicon,
    warnings: &mut Vec<LexiconWarning>,
) -> Result<(Vec<Category>, Vec<String>), LexiconError> {
    let mut by_name: BTreeMap<&str, (Category, &str)> = BTreeMap::new();
    for decl in &raw.categories {
        match by_name.get(decl.name.as_str()) {
            Some((first, first_origin)) if first.kind != decl.kind => {
                return Err(LexiconError::CategoryKindConflict {
                    origin: decl.origin.clone(),
                    name: decl.name.clone(),
                    kind: decl.kind.as_str().to_string(),
                    first_origin: first_origin.to_string(),
                    first_kind: first.kind.as_str().to_string(),
                });
            }
            Some((first, first_origin)) => {
                if first.description != decl.description {
                    warnings.push(LexiconWarning {
                        origin: decl.origin.clone(),
                        message: format!(
                            "category \"{}\" is declared again with another description; keeping the one from {first_origin}",
                            decl.name
                        ),
                    });
                }
            }
            None => {
                let category = Category {
                    name: decl.name.clone(),
                    kind: decl.kind,
                    description: decl.description.clone(),
                };
                by_name.insert(&decl.name, (category, &decl.origin));
            }
        }
    }
    Ok(by_name
        .into_values()
        .map(|(category, origin)| (category, origin.to_string()))
        .unzip())
}

/// The start of a long term, for messages.
fn excerpt(term: &str) -> String {
    match term.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &term[..cut]),
        None => term.to_string(),
    }
}

fn written_term(body: &str, wildcard: bool) -> String {
    if wildcard {
        format!("{body}*")
    } else {
        body.to_string()
    }
}

fn dropped_message(written: &str, form: &TermForm, wildcard: bool) -> String {
    let star = if wildcard { "*" } else { "" };
    let mut message = format!(
        "term \"{written}\": the tokenizer drops \"{}\", so it matches only as \"{}{star}\"",
        form.dropped,
        form.normalized()
    );
    let trailing_hyphen = written
        .trim_end_matches('*')
        .ends_with(['-', '\u{2010}', '\u{2011}']);
    if trailing_hyphen && !wildcard {
        message.push_str(&format!(
            " (to match compounds such as \"{}war\", write \"{written}*\")",
            written
        ));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse::parse_source;

    fn assemble_text(content: &str) -> Result<Assembled, LexiconError> {
        let mut raw = RawLexicon::default();
        parse_source("a.txt", content, &mut raw)?;
        assemble(raw)
    }

    fn warnings_of(content: &str) -> Vec<String> {
        assemble_text(content)
            .unwrap()
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const CATS: &str = "@category loaded_x loaded X\n@category hedge epistemic H\n";

    #[test]
    fn categories_are_sorted_by_name_and_entries_point_to_them() {
        let a =
            assemble_text(&format!("{CATS}perhaps | hedge\nthugs | loaded_x | note\n")).unwrap();
        let names: Vec<_> = a.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["hedge", "loaded_x"]);
        assert_eq!(a.entries[0].category, 0);
        assert_eq!(a.entries[1].category, 1);
        assert_eq!(a.entries[1].note.as_deref(), Some("note"));
        assert!(a.warnings.is_empty(), "{:?}", a.warnings);
    }

    #[test]
    fn category_may_be_declared_after_use() {
        let a = assemble_text("thugs | late\n@category late loaded L\n").unwrap();
        assert_eq!(a.entries.len(), 1);
    }

    #[test]
    fn unknown_category_is_an_error() {
        let err = assemble_text(&format!("{CATS}thugs | loadd_x\n"))
            .err()
            .unwrap();
        assert!(
            matches!(&err, LexiconError::UnknownCategory { origin, name } if origin == "a.txt:3" && name == "loadd_x"),
            "{err}"
        );
    }

    #[test]
    fn conflicting_kinds_are_an_error() {
        let err = assemble_text("@category x loaded A\n@category x epistemic A\n")
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "a.txt:2: category \"x\" is declared as epistemic, but a.txt:1 declares it as loaded"
        );
    }

    #[test]
    fn same_normalised_term_in_two_categories_names_both_lines() {
        let err = assemble_text(&format!("{CATS}So-called | loaded_x\nso-CALLED | hedge\n"))
            .err()
            .unwrap();
        let text = err.to_string();
        assert!(
            text.starts_with("a.txt:4:") && text.contains("a.txt:3"),
            "{text}"
        );
        // A wildcard and an exact term with the same stem are different terms.
        assert!(assemble_text(&format!("{CATS}claim | hedge\nclaim* | loaded_x\n")).is_ok());
    }

    #[test]
    fn duplicates_are_reported_and_kept_once() {
        let a = assemble_text(&format!(
            "{CATS}thugs | loaded_x\nTHUGS  | loaded_x | again\nperhaps | hedge\n"
        ))
        .unwrap();
        let terms: Vec<_> = a.entries.iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["thugs", "perhaps"]);
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0]
            .to_string()
            .starts_with("a.txt:4: term \"THUGS\" duplicates a.txt:3"));
    }

    #[test]
    fn entries_that_cannot_match_or_over_match_are_warned_about() {
        let w = warnings_of(&format!(
            "{CATS}... | loaded_x\nanti- | loaded_x\n'terrorists' | loaded_x\nwa* | loaded_x\nperhaps | hedge\n"
        ));
        assert_eq!(w.len(), 4, "{w:#?}");
        assert!(w[0].starts_with("a.txt:3:") && w[0].contains("no letter or digit"));
        assert!(
            w[1].starts_with("a.txt:4:") && w[1].contains("write \"anti-*\""),
            "{}",
            w[1]
        );
        assert!(w[2].starts_with("a.txt:5:") && w[2].contains("matches only as \"terrorists\""));
        assert!(w[3].starts_with("a.txt:6:") && w[3].contains("fewer than 3 letters"));
    }

    #[test]
    fn terms_past_the_word_and_byte_limits_are_refused_with_their_line() {
        let words = vec!["war"; MAX_TERM_WORDS + 1].join(" ");
        let err = assemble_text(&format!("{CATS}{words} | loaded_x\n"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("a.txt:3: term \"war war") && err.contains("has 21 words"),
            "{err}"
        );
        assert!(
            err.len() < 200,
            "the term is cut short in the message: {err}"
        );
        let long = "x".repeat(MAX_TERM_BYTES + 1);
        let err = assemble_text(&format!("{CATS}{long}* | loaded_x\n"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("has 201 bytes"), "{err}");
        let most = vec!["war"; MAX_TERM_WORDS].join(" ");
        assert!(assemble_text(&format!("{CATS}{most} | loaded_x\n")).is_ok());
    }

    #[test]
    fn unused_and_redescribed_categories_are_warned_about() {
        let w = warnings_of(
            "@category a loaded A\n@category a loaded B\n@category b epistemic\nx | a\n",
        );
        assert_eq!(
            w,
            [
                "a.txt:2: category \"a\" is declared again with another description; keeping the one from a.txt:1",
                "a.txt:3: category \"b\" is declared but has no entries",
            ]
        );
    }
}

//! Cleaning of raw scraped article text into paragraphs of prose.
//!
//! Pipeline (each step is its own module):
//! 1. `html`: strip tags (script/style with content, comments), decode entities, split lines
//!    (CRLF/CR/LF and block tags), remembering each line's raw line number.
//! 2. `normalize`: Unicode spaces, invisible characters, curly quotes; collapse spaces, trim.
//!    En/em dashes are kept as they are.
//! 3. `boilerplate`: remove what the rule list (data/boilerplate.txt or an analyst's file)
//!    matches, and exact repeats of an earlier line of 4+ words (rule "duplicate_line"), recording
//!    each removal. Boilerplate never takes content with it: in a line that a rule matches, only
//!    the sentences the match spans are cut and the line's other sentences are kept (checked
//!    again, for more boilerplate); the whole line goes only when nothing else is left (a line
//!    that is one sentence, or all boilerplate). Lines no rule matches cost nothing extra. Blank
//!    lines go too: every remaining line is a paragraph.
//! 4. `paragraphs::merge_page_break_overlaps`: text repeated across a page break.
//! 5. `hyphens::join_line_end_hyphens`: "guaran-" + "teeing" -> "guaranteeing", "al-" + "Sudani".
//! 6. `hyphens::move_spliced_continuations`: continuations displaced by page-layout extraction.
//! 7. `paragraphs::rejoin_broken_paragraphs`: sentences broken across a (blank) line.
//!
//! Output paragraphs are separated by exactly "\n\n".

use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::boilerplate::{BoilerplateRules, Compile};
use super::html::{is_plain_line, strip_html};
use super::hyphens::{join_line_end_hyphens, move_spliced_continuations};
use super::normalize::normalize_line_into;
use super::paragraphs::{merge_page_break_overlaps, rejoin_broken_paragraphs};
use super::sentences::{SentenceSplitter, Span};
use super::words::EnglishWords;

/// Rule name reported for a line dropped because it repeats an earlier line.
pub const DUPLICATE_LINE_RULE: &str = "duplicate_line";

/// Lines with fewer words than this may repeat (e.g. short labels); longer repeats are dropped.
const MIN_DUPLICATE_WORDS: usize = 4;

/// The built-in boilerplate rules.
const BUILTIN_RULES: &str = include_str!("../../data/boilerplate.txt");

/// A bad boilerplate rule file.
#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    #[error("cannot read boilerplate rules {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A rule file that is not rule text: binary data, another encoding, past its size limit.
    #[error("{origin}: {message}")]
    File { origin: String, message: String },
    #[error("{origin}:{line}: {reason}")]
    BadRule {
        origin: String,
        line: usize,
        reason: String,
    },
    #[error("{origin}:{line}: invalid regex in rule '{name}': {source}")]
    BadRegex {
        origin: String,
        line: usize,
        name: String,
        #[source]
        source: regex::Error,
    },
    #[error("{origin}: rules cannot be compiled together: {source}")]
    RuleSet {
        origin: String,
        #[source]
        source: regex::Error,
    },
    #[error("{origin}: the rules' required literals cannot be compiled: {source}")]
    RuleLiterals {
        origin: String,
        #[source]
        source: aho_corasick::BuildError,
    },
}

/// A line (or the boilerplate sentences of a line) removed by cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DroppedLine {
    /// 1-based line in the raw input.
    pub line: usize,
    /// Name of the rule that matched (or [`DUPLICATE_LINE_RULE`]).
    pub rule: String,
    /// What was removed, after HTML stripping and normalisation: the whole line, or (when
    /// `partial`) the sentences cut out of it.
    pub text: String,
    /// Only `text` was cut from the line; the line's other sentences were kept.
    pub partial: bool,
}

/// The result of cleaning one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CleanedText {
    /// Paragraphs separated by "\n\n".
    pub text: String,
    /// Lines dropped as boilerplate or repeats, and boilerplate sentences cut from lines that
    /// kept their other sentences, in input order.
    pub dropped: Vec<DroppedLine>,
    /// Words rejoined across a line-end hyphen (soft hyphens removed, compounds like
    /// "al-" + "Sudani" joined, and displaced continuations moved back).
    pub hyphen_joins: usize,
    /// HTML tags and comments removed.
    pub html_tags_removed: usize,
    /// Of `hyphen_joins`, continuations moved back from elsewhere in the document.
    pub continuations_moved: usize,
    /// Page-break repeats removed.
    pub overlaps_merged: usize,
    /// Paragraphs re-joined because a sentence was broken across lines.
    pub paragraph_joins: usize,
}

/// Cleans raw article text. Build once (rules are compiled), reuse for every article.
pub struct Cleaner {
    rules: BoilerplateRules,
    words: &'static EnglishWords,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::builtin()
    }
}

impl Cleaner {
    /// A cleaner with the built-in boilerplate rules (data/boilerplate.txt).
    pub fn builtin() -> Cleaner {
        // The built-in file is part of the crate and checked by a unit test, which also compiles
        // every rule: here the literal-filtered ones wait for a line that may need them.
        Cleaner {
            rules: BoilerplateRules::parse_compiling(
                BUILTIN_RULES,
                "data/boilerplate.txt",
                Compile::OnFirstUse,
            )
            .expect("built-in boilerplate rules are valid"),
            words: EnglishWords::builtin(),
        }
    }

    /// A cleaner with an analyst's own rule file (same format as data/boilerplate.txt).
    pub fn from_file(path: &Path) -> Result<Cleaner, CleanError> {
        use crate::corpus::input::{Input, InputError};
        // Read whole within its limit, after a look at the first block for binary data.
        let bytes = Input::open_text(path)
            .and_then(|input| input.read_all(crate::corpus::limits::MAX_BOILERPLATE_BYTES))
            .map_err(|e| match e {
                InputError::Io(source) => CleanError::Io {
                    path: path.to_path_buf(),
                    source,
                },
                e => CleanError::File {
                    origin: e.origin(path),
                    message: e.message("a boilerplate rule file (text)"),
                },
            })?;
        let src = String::from_utf8(bytes).map_err(|e| CleanError::File {
            origin: path.display().to_string(),
            message: format!(
                "invalid UTF-8 at byte {}: rule files are UTF-8 text",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
        Cleaner::parse(src, &path.display().to_string())
    }

    /// A cleaner from rule text; `origin` (a file name) is used in error messages.
    pub fn parse(src: &str, origin: &str) -> Result<Cleaner, CleanError> {
        Ok(Cleaner {
            rules: BoilerplateRules::parse(src, origin)?,
            words: EnglishWords::builtin(),
        })
    }

    /// Number of boilerplate rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// Cleans one article (see the module docs for the steps).
    pub fn clean(&self, raw: &str) -> CleanedText {
        let mut out = CleanedText::default();
        self.clean_into(raw, &mut out, &mut CleanScratch::default());
        out
    }

    /// As [`Self::clean`], into `out`, reusing its buffers and `scratch`'s: cleaning a stream of
    /// one-line records allocates nothing once warm.
    pub fn clean_into(&self, raw: &str, out: &mut CleanedText, scratch: &mut CleanScratch) {
        if is_plain_line(raw) {
            // One line without markup (most records of a sentence CSV): stripping would return
            // it as it is, so it is not copied for that.
            return self.clean_lines(std::iter::once((1, raw)), 0, out, scratch);
        }
        let stripped = strip_html(raw);
        let lines = stripped.lines.iter().map(|l| (l.raw_line, l.text.as_str()));
        self.clean_lines(lines, stripped.tags_removed, out, scratch)
    }

    /// Steps 2 to 7 over the lines left by HTML stripping (with their raw line numbers).
    fn clean_lines<'a>(
        &self,
        lines: impl ExactSizeIterator<Item = (usize, &'a str)>,
        html_tags_removed: usize,
        out: &mut CleanedText,
        scratch: &mut CleanScratch,
    ) {
        // The last paragraph's buffer is the previous text's: the two take turns.
        let mut spare = std::mem::take(&mut out.text);
        let mut dropped = std::mem::take(&mut out.dropped);
        dropped.clear();
        *out = CleanedText {
            html_tags_removed,
            dropped,
            ..CleanedText::default()
        };
        let CleanScratch {
            paras,
            seen,
            line,
            folded,
        } = scratch;
        paras.clear();
        if seen.capacity() > MAX_KEPT_LINES {
            *seen = FxHashSet::default();
        }
        seen.clear();
        let last = lines.len().saturating_sub(1);
        for (at, (raw_line, raw_text)) in lines.enumerate() {
            normalize_line_into(raw_text, line);
            if line.is_empty() {
                continue;
            }
            // A boilerplate match: its sentences go, the rest of the line (if any) stays.
            if let Some(rule) = self.rules.first_match_in(line, folded) {
                if self.cut_boilerplate(rule, raw_line, line, folded, &mut out.dropped) {
                    paras.push(line.clone());
                }
                continue;
            }
            // The last line is only looked up, not remembered: no later line can repeat it (this
            // saves work per one-line record, the common case of sentence CSVs).
            let may_repeat = at != last || !seen.is_empty();
            let repeated = may_repeat
                && line.split(' ').nth(MIN_DUPLICATE_WORDS - 1).is_some()
                && if at == last {
                    seen.contains(line.as_str())
                } else {
                    !seen.insert(line.clone())
                };
            if repeated {
                out.dropped.push(DroppedLine {
                    line: raw_line,
                    rule: DUPLICATE_LINE_RULE.to_string(),
                    text: line.clone(),
                    partial: false,
                });
            } else if at == last {
                paras.push(std::mem::replace(line, std::mem::take(&mut spare)));
            } else {
                paras.push(line.clone());
            }
        }
        out.overlaps_merged = merge_page_break_overlaps(paras);
        out.hyphen_joins = join_line_end_hyphens(paras, self.words);
        out.continuations_moved = move_spliced_continuations(paras, self.words);
        out.hyphen_joins += out.continuations_moved;
        out.paragraph_joins = rejoin_broken_paragraphs(paras);
        out.text = match paras.len() {
            1 => paras.pop().unwrap_or_default(),
            _ => paras.join("\n\n"),
        };
    }
}

impl Cleaner {
    /// Removes what rule `rule` (the first that matches `line`) and any later matching rule
    /// match: the sentences each match spans. True when sentences are left, in `line`, with a
    /// [`DroppedLine`] per cut; false when nothing is (the whole line is recorded as dropped).
    fn cut_boilerplate(
        &self,
        rule: usize,
        raw_line: usize,
        line: &mut String,
        folded: &mut String,
        dropped: &mut Vec<DroppedLine>,
    ) -> bool {
        let first = rule;
        let mut cuts: Vec<(usize, String)> = Vec::new();
        let mut text = line.clone();
        let mut rule = Some(rule);
        let mut spans = Vec::new();
        let kept = loop {
            let Some(r) = rule else { break true };
            // One sentence (most matching lines): it goes whole, no need to find the match.
            sentence_splitter().split_into(&text, &mut spans);
            if spans.len() < 2 {
                break false;
            }
            let Some(hit) = self.rules.span(r, &text) else {
                break false;
            };
            // An empty match (an anchor) belongs to the sentence it stands in.
            let hit_end = hit.end.max(hit.start + 1);
            let (cut, rest): (Vec<&Span>, Vec<&Span>) = spans
                .iter()
                .partition(|s| s.start < hit_end && hit.start < s.end);
            if cut.is_empty() || rest.is_empty() {
                break false;
            }
            let join = |parts: &[&Span]| {
                parts
                    .iter()
                    .map(|s| s.text(&text))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            cuts.push((r, join(&cut)));
            text = join(&rest);
            rule = self.rules.first_match_in(&text, folded);
        };
        if !kept {
            dropped.push(DroppedLine {
                line: raw_line,
                rule: self.rules.rule_name(first).to_string(),
                text: line.clone(),
                partial: false,
            });
            return false;
        }
        for (r, cut) in cuts {
            dropped.push(DroppedLine {
                line: raw_line,
                rule: self.rules.rule_name(r).to_string(),
                text: cut,
                partial: true,
            });
        }
        *line = text;
        true
    }
}

/// The sentence splitter used to cut boilerplate sentences out of a line (built on first use:
/// most articles have no line that needs it).
fn sentence_splitter() -> &'static SentenceSplitter {
    static SPLITTER: std::sync::OnceLock<SentenceSplitter> = std::sync::OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::new)
}

/// Reusable buffers for [`Cleaner::clean_into`]: keep one per thread.
#[derive(Debug, Default)]
pub struct CleanScratch {
    paras: Vec<String>,
    /// Lines seen in the article (repeats are dropped).
    seen: FxHashSet<String>,
    line: String,
    folded: String,
}

/// A set of seen lines grown larger than this by a long article is not kept for the next one.
const MAX_KEPT_LINES: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaner() -> Cleaner {
        Cleaner::builtin()
    }

    fn dropped_rules(c: &CleanedText) -> Vec<(usize, &str)> {
        c.dropped
            .iter()
            .map(|d| (d.line, d.rule.as_str()))
            .collect()
    }

    #[test]
    fn builtin_rules_parse() {
        assert!(cleaner().rule_count() > 40);
    }

    #[test]
    fn html_is_stripped_and_entities_decoded() {
        let c = cleaner().clean("<p>Guests met <u>al-Hakim</u> &amp; friends&nbsp;in <a href=\"/x\">Oslo</a>.</p><script>var x=1;</script>");
        assert_eq!(c.text, "Guests met al-Hakim & friends in Oslo.");
        assert_eq!(c.html_tags_removed, 8);
    }

    #[test]
    fn normalisation_straightens_quotes_and_collapses_spaces() {
        let c = cleaner()
            .clean("  \u{201c}We won\u{2019}t\u{201d}   he\u{200b} said\u{a0}\u{a0}today.  \r\n");
        assert_eq!(c.text, "\"We won't\" he said today.");
    }

    #[test]
    fn boilerplate_lines_are_dropped_with_line_numbers_and_rules() {
        let raw = "Harbour Fair Opens\n\nStory Code : 123456\n4\nThe stalls opened on Monday.\n\nShare this article\nFollow us on Twitter and subscribe to our channel.\nCopyright © 2024 Example News. All rights reserved.\nRelated: Other fairs\nRead more about the fair\nClick here to get our Daily Newsletter.\nThe original source of this article is Example News\nPhoto: Reuters\n";
        let c = cleaner().clean(raw);
        assert_eq!(c.text, "Harbour Fair Opens\n\nThe stalls opened on Monday.");
        assert_eq!(
            dropped_rules(&c),
            [
                (3, "story_code"),
                (4, "page_number"),
                (7, "share"),
                (8, "follow_us"),
                (9, "copyright"),
                (10, "related"),
                (11, "related"),
                (12, "click_here"),
                (13, "republished"),
                (14, "image_credit"),
            ]
        );
        assert_eq!(c.dropped[0].text, "Story Code : 123456");
    }

    #[test]
    fn a_boilerplate_sentence_is_cut_and_the_rest_of_its_line_kept() {
        let raw = "The troops left the base on Monday. Subscribe today! Officials said talks would resume.\n";
        let c = cleaner().clean(raw);
        assert_eq!(
            c.text,
            "The troops left the base on Monday. Officials said talks would resume."
        );
        assert_eq!(
            c.dropped,
            [DroppedLine {
                line: 1,
                rule: "subscribe".into(),
                text: "Subscribe today!".into(),
                partial: true,
            }]
        );
        // Several boilerplate sentences, one after another, at the start and the end.
        let raw = "Follow us on Telegram. Copyright 2024 Example. The talks resumed. Click here to donate.";
        let c = cleaner().clean(raw);
        assert_eq!(c.text, "The talks resumed.");
        let cut: Vec<(&str, bool)> = c
            .dropped
            .iter()
            .map(|d| (d.rule.as_str(), d.partial))
            .collect();
        assert_eq!(
            cut,
            [
                ("follow_us", true),
                ("click_here", true),
                ("copyright", true)
            ]
        );
        // A line that is all boilerplate goes whole, named by its first rule, as before.
        let c = cleaner().clean("Subscribe today! Follow us on X.\nThe talks resumed.");
        assert_eq!(c.text, "The talks resumed.");
        assert_eq!(dropped_rules(&c), [(1, "follow_us")]);
        assert!(!c.dropped[0].partial);
        assert_eq!(c.dropped[0].text, "Subscribe today! Follow us on X.");
    }

    #[test]
    fn cutting_keeps_a_subset_of_what_whole_line_dropping_dropped_and_nothing_else_changes() {
        // Lines built from boilerplate and content sentences: a line no rule matches is kept as
        // it was; a line a rule matches keeps only sentences of its own, none with a match.
        let boiler = [
            "Subscribe today!",
            "Follow us on Telegram.",
            "Copyright 2024 Example News.",
            "Click here to read more.",
            "Share this article.",
            "Sign up for our newsletter.",
        ];
        let content = [
            "The troops left the base on Monday.",
            "Officials said talks would resume.",
            "The ministry denied the report.",
            "Protesters gathered near the embassy.",
        ];
        let c = cleaner();
        let rules = &c.rules;
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let n = 1 + (next() % 5) as usize;
            let parts: Vec<&str> = (0..n)
                .map(|_| {
                    if next() % 3 == 0 {
                        boiler[(next() % boiler.len() as u64) as usize]
                    } else {
                        content[(next() % content.len() as u64) as usize]
                    }
                })
                .collect();
            let line = parts.join(" ");
            let out = c.clean(&line);
            match rules.matching_rule(&line) {
                None => assert_eq!(out.text, line),
                Some(_) => {
                    for sentence in sentence_splitter().split(&out.text) {
                        let s = sentence.text(&out.text);
                        assert!(parts.contains(&s), "{line:?} -> {s:?}");
                        assert_eq!(rules.matching_rule(s), None, "{line:?} kept {s:?}");
                    }
                    assert!(!out.dropped.is_empty());
                }
            }
        }
    }

    #[test]
    fn content_that_merely_mentions_boilerplate_words_survives() {
        let raw = "The twins ate their share of the cake.\nMany bakers subscribe to the view that rye is best.\nPhotos by the club showed the new ovens.\nA donation drive for flood victims raised $5 million.\nThe court heard a copyright case.\nThe mill has 4 wheels.";
        let c = cleaner().clean(raw);
        assert!(c.dropped.is_empty(), "{:?}", c.dropped);
        assert_eq!(c.text.split("\n\n").count(), 6);
    }

    #[test]
    fn repeated_lines_are_dropped_once_seen() {
        let c = cleaner().clean("Will the old mill reopen soon?\n\nStory Code : 1\nWill the old mill reopen soon?\nYes.\nYes.");
        assert_eq!(c.text, "Will the old mill reopen soon?\n\nYes.\n\nYes.");
        assert_eq!(
            dropped_rules(&c),
            [(3, "story_code"), (4, DUPLICATE_LINE_RULE)]
        );
    }

    #[test]
    fn hyphenation_across_blank_lines_and_layout_debris_is_rejoined() {
        let raw = "The choir rehearsed the tim-\n\n\n7\n\ning of each verse twice.\n\nA poem by al-\nHakim's pupil was read.";
        let c = cleaner().clean(raw);
        assert_eq!(c.text, "The choir rehearsed the timing of each verse twice.\n\nA poem by al-Hakim's pupil was read.");
        assert_eq!(c.hyphen_joins, 2);
        assert_eq!(dropped_rules(&c), [(4, "page_number")]);
    }

    #[test]
    fn displaced_continuation_is_moved_back() {
        let raw = "Headline Here\n\nA visit to the owner of Kestrel Mills teeing free passage for all river barges.\n\nThe new lock aims at guaran-\n\nOther stalls followed.";
        let c = cleaner().clean(raw);
        assert_eq!(
            c.text,
            "Headline Here\n\nA visit to the owner of Kestrel Mills\n\nThe new lock aims at guaranteeing free passage for all river barges.\n\nOther stalls followed."
        );
        assert_eq!((c.hyphen_joins, c.continuations_moved), (1, 1));
    }

    #[test]
    fn paragraphs_are_separated_by_exactly_one_blank_line() {
        let c = cleaner().clean("\n\nTitle\n\n\n\nFirst para.\nSecond para.\n\n\n");
        assert_eq!(c.text, "Title\n\nFirst para.\n\nSecond para.");
        let c = cleaner().clean("The ferry sails twice a day from\n\nBergen now.");
        assert_eq!(
            (c.text.as_str(), c.paragraph_joins),
            ("The ferry sails twice a day from Bergen now.", 1)
        );
    }

    #[test]
    fn analyst_rule_file_is_used_and_errors_name_file_and_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("my_rules.txt");
        std::fs::write(&path, "# mine\npromo: ^buy now$\n").expect("write");
        let c = Cleaner::from_file(&path).expect("valid file");
        let out = c.clean("Buy now\nShare this article");
        assert_eq!(out.text, "Share this article");
        assert_eq!(dropped_rules(&out), [(1, "promo")]);

        std::fs::write(&path, "ok: x\nbad: [z\n").expect("write");
        let msg = Cleaner::from_file(&path)
            .err()
            .expect("bad regex")
            .to_string();
        assert!(
            msg.contains("my_rules.txt:2:") && msg.contains("'bad'"),
            "{msg}"
        );

        let missing = dir.path().join("missing.txt");
        let err = Cleaner::from_file(&missing).err().expect("missing file");
        assert!(matches!(err, CleanError::Io { .. }));
        assert!(err.to_string().contains("missing.txt"));
    }

    #[test]
    fn empty_input_gives_empty_text() {
        let c = cleaner().clean("");
        assert_eq!(c, CleanedText::default());
    }

    #[test]
    fn arbitrary_input_never_panics_and_keeps_the_output_shape() {
        let pieces = [
            "<",
            ">",
            "<p>",
            "</u>",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "&amp;",
            "&#",
            ";",
            "-",
            "fra-",
            "teeing",
            "tim-",
            "ing",
            "al-",
            "Hakim",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            " ",
            "\u{a0}",
            "é",
            "\u{201c}",
            "Share this",
            "4",
            ".",
            "the",
            "x",
            "Follow us on X",
            "\u{200b}",
            ",",
        ];
        let c = cleaner();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..400 {
            let len = (next() % 60) as usize;
            let raw: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let out = c.clean(&raw);
            let raw_lines = raw.split(['\n', '\r']).count();
            assert!(
                !out.text.contains("\n\n\n") && !out.text.contains('\r'),
                "{raw:?}"
            );
            for para in out.text.split("\n\n").filter(|_| !out.text.is_empty()) {
                assert!(
                    !para.is_empty() && para.trim() == para && !para.contains('\n'),
                    "{raw:?} -> {para:?}"
                );
            }
            assert!(
                out.dropped
                    .iter()
                    .all(|d| d.line >= 1 && d.line <= raw_lines),
                "{raw:?}"
            );
        }
    }

    /// Directory of shared project data: $SLANT_SHARED or <crate>/../shared.
    fn shared_dir() -> PathBuf {
        std::env::var_os("SLANT_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
    }

    /// Cleaned seed article whose file name starts with `prefix`, or None (with a message).
    fn cleaned_seed(prefix: &str) -> Option<CleanedText> {
        let dir = shared_dir().join("seeds");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipping: no seed articles at {}", dir.display());
            return None;
        };
        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        let path = names.into_iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })?;
        let raw = std::fs::read_to_string(&path).ok()?;
        Some(cleaner().clean(&raw))
    }

    #[test]
    fn seed_000_guaranteeing_comes_out_whole() {
        let Some(c) = cleaned_seed("000_") else {
            return;
        };
        assert!(c.text.contains("guaranteeing"), "{}", c.text);
        assert!(!c.text.contains("guaran-"));
        // The displaced tail left its host line: "teeing" now only appears inside "guaranteeing".
        assert_eq!(c.text.matches("teeing").count(), 1);
        assert!(c.text.contains("timing") && !c.text.contains("tim-"));
        // The page-break repeat of a word ending in "slaught" is gone.
        assert_eq!(c.text.matches("slaught").count(), 1);
        assert!(c
            .dropped
            .iter()
            .any(|d| d.rule == "page_number" && d.text == "4"));
    }

    #[test]
    fn seed_003_site_header_and_repeated_headline_are_dropped() {
        let Some(c) = cleaned_seed("003_") else {
            return;
        };
        assert!(!c.text.contains("Story Code"));
        assert!(c.dropped.iter().any(|d| d.rule == DUPLICATE_LINE_RULE));
        assert!(!c.text.lines().any(|l| l == "0" || l == "Comment"));
    }

    #[test]
    fn seed_004_footer_boilerplate_goes_and_content_stays() {
        let Some(c) = cleaned_seed("004_") else {
            return;
        };
        for gone in [
            "<u>",
            "Follow us",
            "fair use",
            "©",
            "click here",
            "Newsletter",
            "share button",
            "Featured image",
        ] {
            assert!(!c.text.contains(gone), "{gone:?} survived");
        }
        // A content sentence that merely uses the word "share" survives.
        assert!(c.text.contains(" share of "));
        assert!(c.html_tags_removed > 0);
    }

    #[test]
    fn seeds_have_no_lone_digit_lines_or_tags() {
        for prefix in ["000_", "001_", "002_", "003_", "004_"] {
            let Some(c) = cleaned_seed(prefix) else {
                return;
            };
            for para in c.text.split("\n\n") {
                assert!(
                    !para.is_empty() && para.trim() == para,
                    "{prefix}: bad paragraph {para:?}"
                );
                assert!(
                    !para.chars().all(|ch| ch.is_ascii_digit()),
                    "{prefix}: lone digits {para:?}"
                );
                assert!(
                    !para.contains("<u>") && !para.contains('\u{a0}'),
                    "{prefix}: {para:?}"
                );
            }
        }
    }
}

//! Boilerplate line rules: a list of named regexes, kept as data (data/boilerplate.txt).
//!
//! File format, one rule per line:
//!
//! ```text
//! # comment (a '#' as the first non-blank character)
//! rule_name: regex
//! ```
//!
//! Names are letters, digits, '_' or '-'. Several lines may share a name. Regexes use the Rust
//! `regex` syntax and are matched case-insensitively against one cleaned line (`(?-i:..)` makes a
//! part case-sensitive). When several rules match, the first one in the file names the drop.

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};

use super::clean::CleanError;

/// Compiled rules: one `RegexSet` pass per line.
pub struct BoilerplateRules {
    names: Vec<String>,
    set: RegexSet,
}

/// Size limit per compiled regex program (the default 10 MB is plenty for line rules; keep it
/// explicit so a pathological analyst rule fails with a clear error instead of exhausting memory).
const REGEX_SIZE_LIMIT: usize = 10 << 20;

/// Lazy DFA cache per thread. The union of all rules has many states; with the default 2 MB the
/// cache filled and was rebuilt over and over (a tenth of scoring time went to determinizing).
const DFA_CACHE_LIMIT: usize = 32 << 20;

impl BoilerplateRules {
    /// Parses a rule file; `origin` names it in errors.
    pub fn parse(src: &str, origin: &str) -> Result<BoilerplateRules, CleanError> {
        let mut names = Vec::new();
        let mut patterns = Vec::new();
        for (idx, raw) in src.lines().enumerate() {
            let line_no = idx + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| CleanError::BadRule {
                origin: origin.to_string(),
                line: line_no,
                reason: reason.to_string(),
            };
            let (name, pattern) = line
                .split_once(':')
                .ok_or_else(|| bad("expected `rule_name: regex`"))?;
            let name = name.trim();
            let pattern = pattern.trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(bad("rule name must be letters, digits, '_' or '-'"));
            }
            if pattern.is_empty() {
                return Err(bad("empty regex"));
            }
            // Compile alone first, so an error can point at its line.
            RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|source| CleanError::BadRegex {
                    origin: origin.to_string(),
                    line: line_no,
                    name: name.to_string(),
                    source,
                })?;
            names.push(name.to_string());
            patterns.push(ascii_word_boundaries(pattern));
        }
        let set = RegexSetBuilder::new(&patterns)
            .case_insensitive(true)
            .size_limit(REGEX_SIZE_LIMIT.saturating_mul(patterns.len().max(1)))
            .dfa_size_limit(DFA_CACHE_LIMIT)
            .build()
            .map_err(|source| CleanError::RuleSet {
                origin: origin.to_string(),
                source,
            })?;
        Ok(BoilerplateRules { names, set })
    }

    /// The name of the first rule that matches `line`, if any.
    pub fn matching_rule(&self, line: &str) -> Option<&str> {
        // Nearly every line matches no rule: a plain match test stops early and keeps the lazy
        // DFA small; only lines that do match pay for the overlapping search naming the rule.
        if !self.set.is_match(line) {
            return None;
        }
        self.first_matching_rule(line)
    }

    /// The slow twin of [`Self::matching_rule`]: always the full overlapping search.
    pub(crate) fn first_matching_rule(&self, line: &str) -> Option<&str> {
        let first = self.set.matches(line).into_iter().next()?;
        self.names.get(first).map(String::as_str)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Rewrites `\b` as the ASCII word boundary `(?-u:\b)`. A Unicode `\b` stops the regex engine's
/// fast DFA on any line with a non-ASCII character (a third of real news lines), which made
/// boilerplate matching the largest cost of scoring; for boilerplate phrases the two agree.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(next) => {
                    out.push(c);
                    out.push(next);
                }
                None => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The `is_match` prefilter names the same rule as the full overlapping search, on lines
        /// built from the built-in rules' own words and any other text.
        #[test]
        fn prefiltered_rule_is_the_full_searchs_rule(
            words in prop::collection::vec(prop_oneof![
                prop::sample::select(&["share", "this", "article", "Follow", "us", "on",
                    "Copyright", "©", "2024", "All", "rights", "reserved", "Photo:", "Reuters",
                    "Related:", "newsletter", "subscribe", "to", "our", "page", "3", "By",
                    "John", "Smith", "click", "here", "Ümit", "—", "|", "fair", "use"][..])
                    .prop_map(String::from),
                "\\PC{1,6}",
            ], 0..10)
        ) {
            static RULES: std::sync::OnceLock<BoilerplateRules> = std::sync::OnceLock::new();
            let rules = RULES.get_or_init(|| {
                BoilerplateRules::parse(
                    include_str!("../../data/boilerplate.txt"),
                    "data/boilerplate.txt",
                )
                .unwrap()
            });
            let line = words.join(" ");
            prop_assert_eq!(rules.matching_rule(&line), rules.first_matching_rule(&line));
        }
    }

    #[test]
    fn word_boundaries_become_ascii_and_escapes_survive() {
        assert_eq!(
            ascii_word_boundaries(r"\bclick here\b"),
            r"(?-u:\b)click here(?-u:\b)"
        );
        assert_eq!(ascii_word_boundaries(r"a\\b \d+ \B"), r"a\\b \d+ \B");
    }

    #[test]
    fn parses_comments_blank_lines_and_shared_names() {
        let rules = BoilerplateRules::parse(
            "# header\n\nshare: ^share this$\n  # indented comment\nshare: ^tweet$\npage_number: ^\\d+$\n",
            "t.txt",
        )
        .expect("valid rules");
        assert_eq!(rules.len(), 3);
        assert_eq!(rules.matching_rule("SHARE THIS"), Some("share"));
        assert_eq!(rules.matching_rule("tweet"), Some("share"));
        assert_eq!(rules.matching_rule("42"), Some("page_number"));
        assert_eq!(rules.matching_rule("Share this with care"), None);
    }

    #[test]
    fn first_rule_in_file_order_names_the_match() {
        let rules = BoilerplateRules::parse("b: foo\na: foo bar\n", "t").expect("valid");
        assert_eq!(rules.matching_rule("foo bar"), Some("b"));
    }

    #[test]
    fn regex_may_contain_colons_and_hashes() {
        let rules =
            BoilerplateRules::parse("story_code: ^story code\\s*:\\s*#?\\d+$", "t").expect("valid");
        assert_eq!(rules.matching_rule("Story Code : 123"), Some("story_code"));
        assert_eq!(rules.matching_rule("Story code: #9"), Some("story_code"));
    }

    #[test]
    fn bad_regex_reports_file_and_line() {
        let err = BoilerplateRules::parse("# c\nok: fine\nbroken: (unclosed\n", "rules.txt")
            .err()
            .expect("must fail");
        let msg = err.to_string();
        assert!(msg.starts_with("rules.txt:3:"), "{msg}");
        assert!(msg.contains("broken"), "{msg}");
    }

    #[test]
    fn missing_colon_bad_name_and_empty_regex_are_errors() {
        for (src, want) in [
            ("no colon here", "t:1: expected"),
            ("bad name!: x", "t:1: rule name"),
            ("\nname:   ", "t:2: empty regex"),
        ] {
            let msg = BoilerplateRules::parse(src, "t")
                .err()
                .expect("must fail")
                .to_string();
            assert!(msg.starts_with(want), "{src:?} gave {msg}");
        }
    }

    #[test]
    fn empty_file_gives_no_rules() {
        let rules = BoilerplateRules::parse("# nothing\n", "t").expect("valid");
        assert!(rules.is_empty());
        assert_eq!(rules.matching_rule("anything"), None);
    }
}

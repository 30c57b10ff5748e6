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
//!
//! A match is found by the grouped search below; where in the line it is ([`BoilerplateRules::span`])
//! only for the few lines that match, with the rule's own regex compiled on first use: the cleaner
//! then cuts the sentences the match spans and keeps the rest of the line.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::Look;

use super::clean::CleanError;
use super::gram_filter::GramFilter;
use super::rule_literals::{fold_into, needs_full_fold, required_literals};

/// Compiled rules, in three groups that together name the same first matching rule as one
/// `RegexSet` of all rules (the slow twin, [`Self::first_matching_rule`]) at a fraction of the
/// cost: nearly no line matches, and an unanchored set scans every byte of every line.
pub struct BoilerplateRules {
    names: Vec<String>,
    /// Rules anchored at the line start: the set's search is anchored and dies a few bytes in.
    anchored: RuleGroup,
    /// Unanchored rules with no known required literal: always searched.
    unfiltered: RuleGroup,
    /// Required literals of the other unanchored rules (folded, see `rule_literals`); only the
    /// rules whose literal occurs in a line run their regex on it.
    literals: Option<AhoCorasick>,
    /// A cheaper test that rules out most lines before `literals` reads every byte.
    literal_filter: Option<GramFilter>,
    /// For each literal, the rules that require it.
    literal_rules: Vec<Vec<usize>>,
    /// The regex of each literal-filtered rule (None for the other rules).
    filtered: Vec<Option<FilteredRegex>>,
    /// Every rule's own regex, compiled on first use, to find where a matching rule matches.
    spans: Vec<SpanRegex>,
    /// All rules in one set: the slow twin.
    #[cfg(test)]
    full: RegexSet,
}

/// When the literal-filtered rules are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compile {
    /// While parsing: a rule that does not compile is an error at its line.
    Now,
    /// On the first line that holds the rule's literal; for rules known to compile (the built-in
    /// file, compiled by a unit test). Most never run, and compiling them was a third of start-up.
    OnFirstUse,
}

/// A literal-filtered rule's regex, compiled now or on first use (see [`Compile`]).
struct FilteredRegex {
    pattern: String,
    regex: std::sync::OnceLock<Regex>,
}

impl FilteredRegex {
    fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile_one(&self.pattern).expect("rules compiled on first use are known to compile")
        })
    }
}

/// A rule's regex for finding where it matches, compiled on the first line that needs it (`None`
/// if it does not compile alone: the caller then drops the whole line, as a match of the set).
struct SpanRegex {
    pattern: String,
    regex: std::sync::OnceLock<Option<Regex>>,
}

impl SpanRegex {
    fn get(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| compile_one(&self.pattern).ok())
            .as_ref()
    }
}

/// Some of the rules as one `RegexSet`, with each pattern's index among all rules.
struct RuleGroup {
    set: Option<RegexSet>,
    rules: Vec<usize>,
}

impl RuleGroup {
    fn build(patterns: &[String], rules: Vec<usize>, origin: &str) -> Result<Self, CleanError> {
        let set = if rules.is_empty() {
            None
        } else {
            Some(build_set(rules.iter().map(|&r| &patterns[r]), origin)?)
        };
        Ok(RuleGroup { set, rules })
    }

    /// The first rule of the group (its index among all rules) that matches `line`.
    fn first_match(&self, line: &str) -> Option<usize> {
        let set = self.set.as_ref()?;
        // A plain match test stops early; only matching lines pay for the overlapping search.
        if !set.is_match(line) {
            return None;
        }
        let first = set.matches(line).into_iter().next()?;
        self.rules.get(first).copied()
    }
}

/// Size limit per compiled regex program (the default 10 MB is plenty for line rules; keep it
/// explicit so a pathological analyst rule fails with a clear error instead of exhausting memory).
const REGEX_SIZE_LIMIT: usize = 10 << 20;

/// Lazy DFA cache per thread. The union of all rules has many states; with the default 2 MB the
/// cache filled and was rebuilt over and over (a tenth of scoring time went to determinizing).
const DFA_CACHE_LIMIT: usize = 32 << 20;

fn build_set<'a>(
    patterns: impl ExactSizeIterator<Item = &'a String>,
    origin: &str,
) -> Result<RegexSet, CleanError> {
    let count = patterns.len();
    RegexSetBuilder::new(patterns)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT.saturating_mul(count.max(1)))
        .dfa_size_limit(DFA_CACHE_LIMIT)
        .build()
        .map_err(|source| CleanError::RuleSet {
            origin: origin.to_string(),
            source,
        })
}

/// How one rule is matched.
enum Kind {
    Anchored,
    Unfiltered,
    Filtered(Vec<String>),
}

/// Sorts a rule (its pattern after [`ascii_word_boundaries`]) into its group. A pattern that
/// regex-syntax cannot parse alone (never expected: it compiled) is always searched.
fn kind_of(pattern: &str) -> Kind {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
    else {
        return Kind::Unfiltered;
    };
    if hir.properties().look_set_prefix().contains(Look::Start) {
        return Kind::Anchored;
    }
    required_literals(&hir).map_or(Kind::Unfiltered, Kind::Filtered)
}

impl BoilerplateRules {
    /// Parses a rule file; `origin` names it in errors.
    pub fn parse(src: &str, origin: &str) -> Result<BoilerplateRules, CleanError> {
        BoilerplateRules::parse_compiling(src, origin, Compile::Now)
    }

    /// [`Self::parse`], compiling the literal-filtered rules as `compile` says.
    pub fn parse_compiling(
        src: &str,
        origin: &str,
        compile: Compile,
    ) -> Result<BoilerplateRules, CleanError> {
        let mut names = Vec::new();
        let mut patterns = Vec::new();
        let mut sources = Vec::new();
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
            let regex_error = |source| CleanError::BadRegex {
                origin: origin.to_string(),
                line: line_no,
                name: name.to_string(),
                source,
            };
            // A syntax check is cheap; compiling every rule alone just to validate it was most of
            // start-up. A rule is compiled alone only when the check fails (for the regex crate's
            // own message at its line), or below when a group fails to build.
            if !parses(pattern) {
                compile_one(pattern).map_err(regex_error)?;
            }
            sources.push((line_no, name.to_string(), pattern.to_string()));
            let pattern = ascii_word_boundaries(pattern);
            let kind = kind_of(&pattern);
            let filtered_regex = match kind {
                Kind::Filtered(_) => {
                    let regex = std::sync::OnceLock::new();
                    if compile == Compile::Now {
                        let _ = regex.set(compile_one(&pattern).map_err(regex_error)?);
                    }
                    Some(FilteredRegex {
                        pattern: pattern.clone(),
                        regex,
                    })
                }
                _ => None,
            };
            names.push((name.to_string(), kind, filtered_regex));
            patterns.push(pattern);
        }
        let (mut anchored, mut unfiltered) = (Vec::new(), Vec::new());
        let mut literal_ids: rustc_hash::FxHashMap<String, usize> = Default::default();
        let mut literal_rules: Vec<Vec<usize>> = Vec::new();
        let mut filtered = Vec::with_capacity(names.len());
        let mut rule_names = Vec::with_capacity(names.len());
        for (rule, (name, kind, regex)) in names.into_iter().enumerate() {
            match kind {
                Kind::Anchored => anchored.push(rule),
                Kind::Unfiltered => unfiltered.push(rule),
                Kind::Filtered(lits) => {
                    for lit in lits {
                        let next = literal_ids.len();
                        let id = *literal_ids.entry(lit).or_insert(next);
                        if id == literal_rules.len() {
                            literal_rules.push(Vec::new());
                        }
                        literal_rules[id].push(rule);
                    }
                }
            }
            filtered.push(regex);
            rule_names.push(name);
        }
        let mut lits: Vec<(String, usize)> = literal_ids.into_iter().collect();
        lits.sort_by_key(|&(_, id)| id);
        let literal_list: Vec<String> = lits.iter().map(|(lit, _)| lit.clone()).collect();
        let literal_filter = if lits.is_empty() {
            None
        } else {
            Some(
                GramFilter::new(&literal_list).map_err(|source| CleanError::RuleLiterals {
                    origin: origin.to_string(),
                    source,
                })?,
            )
        };
        let literals = if lits.is_empty() {
            None
        } else {
            // A DFA with ASCII case folding: measured faster on news lines than lower-casing a
            // copy of each line for the packed (Teddy) prefilter, whose fingerprints hit often.
            let built = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(&literal_list);
            Some(built.map_err(|source| CleanError::RuleLiterals {
                origin: origin.to_string(),
                source,
            })?)
        };
        let groups = RuleGroup::build(&patterns, anchored, origin)
            .and_then(|a| Ok((a, RuleGroup::build(&patterns, unfiltered, origin)?)));
        let (anchored, unfiltered) = match groups {
            Ok(groups) => groups,
            Err(group_error) => {
                // Name the first rule that fails alone (e.g. over the size limit), if one does.
                for (line, name, pattern) in &sources {
                    compile_one(pattern).map_err(|source| CleanError::BadRegex {
                        origin: origin.to_string(),
                        line: *line,
                        name: name.clone(),
                        source,
                    })?;
                }
                return Err(group_error);
            }
        };
        let spans = patterns
            .iter()
            .map(|pattern| SpanRegex {
                pattern: pattern.clone(),
                regex: std::sync::OnceLock::new(),
            })
            .collect();
        Ok(BoilerplateRules {
            anchored,
            unfiltered,
            literals,
            literal_filter,
            literal_rules,
            filtered,
            spans,
            #[cfg(test)]
            full: build_set(patterns.iter(), origin)?,
            names: rule_names,
        })
    }

    /// The name of the first rule that matches `line`, if any.
    pub fn matching_rule(&self, line: &str) -> Option<&str> {
        self.matching_rule_in(line, &mut String::new())
    }

    /// [`Self::matching_rule`] with a scratch buffer for the folded line (allocation reused).
    pub fn matching_rule_in(&self, line: &str, folded: &mut String) -> Option<&str> {
        self.first_match_in(line, folded)
            .and_then(|rule| self.names.get(rule).map(String::as_str))
    }

    /// The name of rule `rule` (an index from [`Self::first_match_in`]).
    pub fn rule_name(&self, rule: usize) -> &str {
        &self.names[rule]
    }

    /// Where rule `rule` matches in `line`: its leftmost match (`None` if it does not match, or
    /// cannot be compiled alone).
    pub fn span(&self, rule: usize, line: &str) -> Option<std::ops::Range<usize>> {
        self.spans.get(rule)?.get()?.find(line).map(|m| m.range())
    }

    /// The index of the first rule (in file order) that matches `line`, if any.
    pub fn first_match_in(&self, line: &str, folded: &mut String) -> Option<usize> {
        let mut best = self.anchored.first_match(line);
        if let Some(rule) = self.unfiltered.first_match(line) {
            best = Some(best.map_or(rule, |b| b.min(rule)));
        }
        if let Some(literals) = &self.literals {
            // The automaton ignores ASCII case; only lines with a character that folds to an
            // ASCII letter outside ASCII (rare) are folded first.
            let haystack = if needs_full_fold(line) {
                fold_into(line, folded);
                folded.as_str()
            } else {
                line
            };
            // Most lines hold no literal: the filter and a plain search settle that before the
            // overlapping search.
            let may_hold = self
                .literal_filter
                .as_ref()
                .is_none_or(|f| f.may_contain(haystack));
            if !may_hold || !literals.is_match(haystack) {
                return best;
            }
            let mut candidates: Vec<usize> = Vec::new();
            for hit in literals.find_overlapping_iter(haystack) {
                for &rule in &self.literal_rules[hit.pattern().as_usize()] {
                    if best.is_none_or(|b| rule < b) && !candidates.contains(&rule) {
                        candidates.push(rule);
                    }
                }
            }
            candidates.sort_unstable();
            let first = candidates.into_iter().find(|&rule| {
                best.is_none_or(|b| rule < b)
                    && self.filtered[rule]
                        .as_ref()
                        .is_some_and(|re| re.get().is_match(line))
            });
            best = first.or(best);
        }
        best
    }

    /// The slow twin of [`Self::matching_rule`]: one overlapping search of all rules.
    #[cfg(test)]
    pub(crate) fn first_matching_rule(&self, line: &str) -> Option<&str> {
        let first = self.full.matches(line).into_iter().next()?;
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

/// Whether `pattern` is valid regex syntax under the flags the sets use.
fn parses(pattern: &str) -> bool {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .is_ok()
}

/// One rule compiled alone, with the flags the sets use.
fn compile_one(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
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

    fn builtin() -> &'static BoilerplateRules {
        static RULES: std::sync::OnceLock<BoilerplateRules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            BoilerplateRules::parse(
                include_str!("../../data/boilerplate.txt"),
                "data/boilerplate.txt",
            )
            .unwrap()
        })
    }

    /// The words of the built-in rules (letters only) and some other line material.
    fn rule_words() -> Vec<String> {
        let src = include_str!("../../data/boilerplate.txt");
        let mut words: Vec<String> = src
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
            .filter(|w| w.len() > 1)
            .map(String::from)
            .collect();
        words.extend(
            [
                "©", "2024", "(c)", "3", "\"", ":", "|", "—", "Ümit", "John", "Smith", "e-mail",
                "a@b.org", ".", "...", "Photo:",
            ]
            .map(String::from),
        );
        words.sort();
        words.dedup();
        words
    }

    /// `word` in one of several spellings: as it is, upper case, capitalised, or with 'k'/'s'
    /// written as KELVIN SIGN / LONG S (which case-insensitive rules also match).
    fn respell(word: &str, how: u8) -> String {
        match how % 5 {
            0 => word.to_string(),
            1 => word.to_uppercase(),
            2 => {
                let mut chars = word.chars();
                chars
                    .next()
                    .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
            }
            3 => word.replace(['k', 'K'], "\u{212a}"),
            _ => word.replace('s', "\u{17f}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// The grouped, literal-filtered search names the same rule as one overlapping search of
        /// all rules, on lines built from the built-in rules' own words and any other text.
        #[test]
        fn grouped_search_names_the_full_searchs_rule(
            parts in prop::collection::vec(prop_oneof![
                4 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, how)| {
                    let words = rule_words();
                    respell(&words[i.index(words.len())], how)
                }),
                1 => "\\PC{1,6}",
            ], 0..12),
            seps in prop::collection::vec(prop::sample::select(&[" ", " ", " ", "", "  ", ": "][..]), 12),
        ) {
            let mut line = String::new();
            for (part, sep) in parts.iter().zip(&seps) {
                line.push_str(part);
                line.push_str(sep);
            }
            let line = line.trim();
            let rules = builtin();
            prop_assert_eq!(rules.matching_rule(line), rules.first_matching_rule(line));
        }
    }

    #[test]
    fn every_kind_of_rule_names_the_first_match_in_file_order() {
        let rules = BoilerplateRules::parse(
            "phone: \\d{7}\ncaps: (?-i:KISS)\nkiss: kiss\nmulti: (?m)^kis\\b\nstart: ^ki\n",
            "t",
        )
        .expect("valid");
        assert!(matches!(kind_of("\\d{7}"), Kind::Unfiltered));
        assert!(matches!(kind_of("(?m)^kis"), Kind::Filtered(_)));
        assert!(matches!(kind_of("^ki"), Kind::Anchored));
        for (line, want) in [
            ("call 5551234 to kiss", Some("phone")),
            ("KISSES", Some("caps")),
            ("a Kiss here", Some("kiss")),
            ("a \u{212a}I\u{17f}S here", Some("kiss")),
            ("kis x", Some("multi")),
            ("kin", Some("start")),
            ("no match", None),
        ] {
            assert_eq!(rules.matching_rule(line), want, "{line:?}");
            assert_eq!(rules.first_matching_rule(line), want, "{line:?}");
        }
    }

    #[test]
    fn builtin_rules_are_mostly_anchored_or_filtered() {
        let rules = builtin();
        assert!(rules.unfiltered.rules.is_empty());
        assert!(rules.anchored.rules.len() > 20);
        assert!(rules.filtered.iter().flatten().count() > 20);
        // `builtin()` compiled every rule now: `Cleaner::builtin` may wait for first use.
        assert!(rules
            .filtered
            .iter()
            .flatten()
            .all(|f| f.regex.get().is_some()));
    }

    #[test]
    fn builtin_literals_keep_the_line_filter_cheap() {
        // A literal with letters shorter than 8 bytes would be searched for in every line, and a
        // long one shorter than 9 (`copyright`) would make the gram filter probe more offsets (src/text/gram_filter.rs).
        let src = include_str!("../../data/boilerplate.txt");
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (_, pattern) = line.split_once(':').unwrap();
            if let Kind::Filtered(literals) = kind_of(&ascii_word_boundaries(pattern.trim())) {
                for lit in literals {
                    let has_letters = lit.bytes().any(|b| b.is_ascii_alphabetic());
                    assert!(!has_letters || lit.len() >= 9, "{line}: literal {lit:?}");
                }
            }
        }
    }

    #[test]
    fn rules_compiled_on_first_use_match_as_rules_compiled_now() {
        let src = include_str!("../../data/boilerplate.txt");
        let lazy = BoilerplateRules::parse_compiling(src, "b.txt", Compile::OnFirstUse).unwrap();
        assert!(lazy
            .filtered
            .iter()
            .flatten()
            .all(|f| f.regex.get().is_none()));
        let words = rule_words();
        let mut compiled_on_use = false;
        for (i, w) in words.iter().enumerate() {
            // Each word alone and in a few phrases with its neighbours.
            let next = &words[(i + 1) % words.len()];
            let after = &words[(i + 7) % words.len()];
            for line in [
                w.clone(),
                format!("{w} {next}"),
                format!("Please {w} {next} {after} now"),
            ] {
                assert_eq!(
                    lazy.matching_rule(&line),
                    builtin().matching_rule(&line),
                    "{line}"
                );
            }
            compiled_on_use |= lazy
                .filtered
                .iter()
                .flatten()
                .any(|f| f.regex.get().is_some());
        }
        assert!(compiled_on_use, "some line needed a filtered rule");
        for line in [
            "Click here to subscribe to our newsletter",
            "Copyright 2024 Example",
        ] {
            assert_eq!(
                lazy.matching_rule(line),
                builtin().matching_rule(line),
                "{line}"
            );
            assert!(lazy.matching_rule(line).is_some(), "{line}");
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
    fn a_rule_too_big_to_compile_is_named_with_its_line() {
        // Valid syntax, so only compiling finds the problem (the program exceeds the size limit).
        // Anchored (built only as part of its group) and literal-filtered (also built alone).
        for huge in ["^(\\w{50}){50}", "(\\w{50}){50}x{1000}"] {
            let src = format!("ok: fine\nhuge: {huge}\nlater: also fine\n");
            let err = BoilerplateRules::parse(&src, "rules.txt")
                .err()
                .expect("must fail");
            let msg = err.to_string();
            assert!(msg.starts_with("rules.txt:2:"), "{huge}: {msg}");
            assert!(msg.contains("huge"), "{msg}");
        }
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

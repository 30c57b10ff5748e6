//! Required literals of a boilerplate rule: a set of strings one of which occurs (after
//! [`fold_char`]) in every line the rule matches. Lines that contain none of them cannot match,
//! so the rule's regex need not run on them (most lines contain none).
//!
//! Derived from the rule's parsed regex (`regex_syntax::hir::Hir`, parsed case-insensitively like
//! the rule itself). A class counts as a literal character only when every character in it folds
//! to one of a few characters, so case-insensitive letters (`[Kk\u{212A}]`) become one folded
//! letter; anything not understood gives no requirement (the rule then always runs).

use regex_syntax::hir::{Class, Hir, HirKind};

/// Larger sets of exact strings (alternation and class products) are not tracked.
const MAX_EXACT: usize = 64;
/// Larger classes are not turned into literal alternatives.
const MAX_CLASS_CHARS: u32 = 8;
/// Literal length beyond which a longer literal filters no better (for choosing a requirement).
/// Shorter literals are common words ("share ", "writer"): with 8, a tenth as many news lines
/// held a literal as with 5; long literals also let `gram_filter` probe fewer offsets.
const ENOUGH_LEN: usize = 12;

/// The non-ASCII characters that Unicode case folding joins with an ASCII letter (KELVIN SIGN,
/// LATIN SMALL LETTER LONG S), and that letter.
const NON_ASCII_FOLDS: [(char, char); 2] = [('\u{212a}', 'k'), ('\u{17f}', 's')];

/// Folds one character as the prefilter folds lines: ASCII letters to lower case and
/// [`NON_ASCII_FOLDS`] to their letter. Other characters stay as they are.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    NON_ASCII_FOLDS
        .iter()
        .find(|&&(from, _)| from == c)
        .map_or(c, |&(_, to)| to)
}

/// Whether `line` holds a character that [`fold_char`] folds but ASCII case folding does not.
pub fn needs_full_fold(line: &str) -> bool {
    !line.is_ascii() && NON_ASCII_FOLDS.iter().any(|&(c, _)| line.contains(c))
}

/// `line` folded character by character with [`fold_char`], written into `out`.
pub fn fold_into(line: &str, out: &mut String) {
    out.clear();
    out.extend(line.chars().map(fold_char));
}

/// The strings one of which every match of `hir` contains, or None if none are known.
pub fn required_literals(hir: &Hir) -> Option<Vec<String>> {
    let set = analyze(hir).best()?;
    // A literal that contains another one of the set adds nothing to the filter.
    let keep = |s: &String| !set.iter().any(|o| o != s && s.contains(o.as_str()));
    Some(set.iter().filter(|s| keep(s)).cloned().collect())
}

/// What is known about one sub-expression.
struct Info {
    /// Every string it can match (folded), if few enough.
    exact: Option<Vec<String>>,
    /// Strings one of which every match contains (never containing "").
    required: Option<Vec<String>>,
}

impl Info {
    fn unknown() -> Info {
        Info {
            exact: None,
            required: None,
        }
    }

    fn exact(set: Vec<String>) -> Info {
        Info {
            exact: Some(set),
            required: None,
        }
    }

    /// The better of the exact set (when it cannot be empty) and the required set.
    fn best(&self) -> Option<Vec<String>> {
        let exact = self.exact.as_ref().filter(|set| usable(set));
        better(exact, self.required.as_ref()).cloned()
    }
}

/// A set can serve as a requirement when it is non-empty and holds no empty string.
fn usable(set: &[String]) -> bool {
    !set.is_empty() && set.iter().all(|s| !s.is_empty())
}

/// Ranks a requirement: longer shortest literal (up to [`ENOUGH_LEN`]), then fewer literals,
/// then longer (rarer) literals.
fn rank(set: &[String]) -> (usize, std::cmp::Reverse<usize>, usize) {
    let min_len = set.iter().map(String::len).min().unwrap_or(0);
    (
        min_len.min(ENOUGH_LEN),
        std::cmp::Reverse(set.len()),
        min_len,
    )
}

fn better<'a>(a: Option<&'a Vec<String>>, b: Option<&'a Vec<String>>) -> Option<&'a Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if rank(b) > rank(a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn analyze(hir: &Hir) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Info::exact(vec![String::new()]),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Info::exact(vec![s.chars().map(fold_char).collect()]),
            Err(_) => Info::unknown(),
        },
        HirKind::Class(class) => class_chars(class).map_or_else(Info::unknown, |chars| {
            Info::exact(chars.into_iter().map(String::from).collect())
        }),
        HirKind::Capture(cap) => analyze(&cap.sub),
        HirKind::Repetition(rep) => {
            let sub = analyze(&rep.sub);
            let exact = match (rep.min, rep.max, &sub.exact) {
                (0, Some(1), Some(set)) => union(&[String::new()], set),
                (n, Some(max), Some(set)) if n == max && n <= 4 => {
                    (0..n).try_fold(vec![String::new()], |acc, _| product(&acc, set))
                }
                _ => None,
            };
            Info {
                exact,
                required: if rep.min >= 1 { sub.best() } else { None },
            }
        }
        HirKind::Concat(subs) => concat(subs),
        HirKind::Alternation(subs) => {
            let infos: Vec<Info> = subs.iter().map(analyze).collect();
            let mut exact = Some(Vec::new());
            let mut required = Some(Vec::new());
            for info in &infos {
                exact = match (exact, &info.exact) {
                    (Some(acc), Some(set)) => union(&acc, set),
                    _ => None,
                };
                required = match (required, info.best()) {
                    (Some(acc), Some(set)) => union(&acc, &set),
                    _ => None,
                };
            }
            Info {
                exact,
                required: required.filter(|set| usable(set)),
            }
        }
    }
}

/// A concatenation: runs of exact parts multiply into longer literals; the best of those runs, of
/// the runs of single-string parts (one literal, not a product) and of each part's own
/// requirement is required of the whole.
fn concat(subs: &[Hir]) -> Info {
    let mut run = Some(vec![String::new()]);
    let mut single = String::new();
    let mut whole = Some(vec![String::new()]);
    let mut best: Option<Vec<String>> = None;
    let consider = |set: Option<Vec<String>>, best: &mut Option<Vec<String>>| {
        if let Some(set) = set.filter(|s| usable(s)) {
            *best = better(best.as_ref(), Some(&set)).cloned();
        }
    };
    for sub in subs {
        let info = analyze(sub);
        consider(info.best(), &mut best);
        match info.exact.as_deref() {
            Some([one]) => single.push_str(one),
            _ => consider(Some(vec![std::mem::take(&mut single)]), &mut best),
        }
        whole = match (&whole, &info.exact) {
            (Some(acc), Some(set)) => product(acc, set),
            _ => None,
        };
        let extended = match (&run, &info.exact) {
            (Some(acc), Some(set)) => product(acc, set),
            _ => None,
        };
        if extended.is_none() {
            consider(run.take(), &mut best);
        }
        run = extended.or_else(|| info.exact.clone());
    }
    consider(run, &mut best);
    consider(Some(vec![single]), &mut best);
    Info {
        exact: whole,
        required: best,
    }
}

/// The folded characters of a small class, or None for a large one or one with non-ASCII bytes.
fn class_chars(class: &Class) -> Option<Vec<char>> {
    let mut out: Vec<char> = Vec::new();
    let mut push = |c: char| {
        let f = fold_char(c);
        if !out.contains(&f) {
            out.push(f);
        }
    };
    let mut total = 0u32;
    match class {
        Class::Unicode(cls) => {
            for r in cls.iter() {
                total += u32::from(r.end()) - u32::from(r.start()) + 1;
                if total > MAX_CLASS_CHARS {
                    return None;
                }
                for c in r.start()..=r.end() {
                    push(c);
                }
            }
        }
        Class::Bytes(cls) => {
            for r in cls.iter() {
                total += u32::from(r.end()) - u32::from(r.start()) + 1;
                if total > MAX_CLASS_CHARS || !r.end().is_ascii() {
                    return None;
                }
                for b in r.start()..=r.end() {
                    push(char::from(b));
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Every `a` followed by every `b`, or None if there would be more than [`MAX_EXACT`].
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len().saturating_mul(b.len()) > MAX_EXACT {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            let s = format!("{x}{y}");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    Some(out)
}

/// `a` and `b` without repeats, or None if there would be more than [`MAX_EXACT`].
fn union(a: &[String], b: &[String]) -> Option<Vec<String>> {
    let mut out = a.to_vec();
    for s in b {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    (out.len() <= MAX_EXACT).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(pattern: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .expect("valid pattern");
        required_literals(&hir).map(|mut set| {
            set.sort();
            set
        })
    }

    fn strs(set: &[&str]) -> Option<Vec<String>> {
        let mut v: Vec<String> = set.iter().map(|s| s.to_string()).collect();
        v.sort();
        Some(v)
    }

    #[test]
    fn case_insensitive_words_become_folded_literals() {
        assert_eq!(required(r"\bClick Here\b"), strs(&["click here"]));
        // 'k' and 's' classes include KELVIN SIGN and LONG S; they still fold to one letter.
        assert_eq!(required("kiss"), strs(&["kiss"]));
        assert_eq!(required("©"), strs(&["©"]));
    }

    #[test]
    fn alternations_multiply_and_optional_parts_branch() {
        assert_eq!(
            required(r"\b(to|on) (our|my)\b"),
            strs(&["to our", "to my", "on our", "on my"])
        );
        // A long enough single literal beats a product; a short one does not.
        assert_eq!(
            required(r"\bsubscribe to our (site|list)\b"),
            strs(&["subscribe to our "])
        );
        assert_eq!(
            required(r"\bsubscribe (to|on) (our|my)\b"),
            strs(&[
                "subscribe to our",
                "subscribe to my",
                "subscribe on our",
                "subscribe on my"
            ])
        );
        // "newsletters" contains "newsletter".
        assert_eq!(required(r"\bnewsletters?\b"), strs(&["newsletter"]));
    }

    #[test]
    fn gaps_split_runs_and_the_better_side_is_required() {
        assert_eq!(
            required(r"\b(sign up|subscribe|signup)\b.{0,60}\bnewsletters?\b"),
            strs(&["newsletter"])
        );
        assert_eq!(
            required(r"\bcopyright\s*(\(c\)|\d{4})"),
            strs(&["copyright"])
        );
    }

    #[test]
    fn nothing_is_required_of_optional_or_open_patterns() {
        assert_eq!(required(r"(foo)?\d+"), None);
        assert_eq!(required(r"\w+ \w+"), strs(&[" "]));
        assert_eq!(required(r"\d+"), None);
        assert_eq!(required(r"foo|\d"), None);
        // Characters outside the fold table keep their case variants as alternatives.
        assert_eq!(required(r"[éf]x"), strs(&["Éx", "éx", "fx"]));
        assert_eq!(required(r"(?-i:É)"), strs(&["É"]));
    }

    #[test]
    fn folding_matches_the_table() {
        let mut out = String::new();
        fold_into("A\u{212a}\u{17f}É", &mut out);
        assert_eq!(out, "aksÉ");
        assert!(needs_full_fold("\u{212a}") && !needs_full_fold("ÉABC"));
    }
}

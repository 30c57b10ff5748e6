//! Character-level normalisation of one line of article text.
//!
//! - Unicode spaces (NBSP, thin, em, ideographic, ..), tabs and line/paragraph separators become
//!   a plain space; runs of spaces collapse to one; the line is trimmed.
//! - Invisible characters are removed: zero-width space/joiners, word joiner, BOM, soft hyphen,
//!   bidi marks and control characters.
//! - Curly single quotes/apostrophes become `'`, curly double quotes become `"`.
//! - Unicode hyphens (U+2010, U+2011) and the minus sign become `-`, so line-end hyphens are seen.
//! - En and em dashes are KEPT as they are: they are real punctuation (the sentence splitter and
//!   tokenizer treat them as such), and turning "2014–2017" into "2014 - 2017" would add noise.
//!   Guillemets and ellipsis characters are kept too.

/// What to do with one input character.
enum Action {
    Keep,
    Space,
    Drop,
    Replace(char),
}

fn classify(c: char) -> Action {
    match c {
        ' ' => Action::Space,
        '\t'
        | '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}' => Action::Space,
        '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{b}' | '\u{c}' => Action::Space,
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}' | '\u{180e}' => {
            Action::Drop
        }
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Action::Drop,
        c if c.is_control() => Action::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' => Action::Replace('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => Action::Replace('"'),
        '\u{2010}' | '\u{2011}' | '\u{2212}' => Action::Replace('-'),
        _ => Action::Keep,
    }
}

/// Writes the normalised form of `line` into `out` (cleared first; its allocation is reused).
pub fn normalize_line_into(line: &str, out: &mut String) {
    out.clear();
    // The output is never longer than the line: one allocation at most.
    out.reserve(line.len());
    let bytes = line.as_bytes();
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let run = plain_run_len(&bytes[i..]);
        if run > 0 {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(&line[i..i + run]);
            i += run;
            continue;
        }
        let c = line[i..].chars().next().expect("a char starts at i");
        i += c.len_utf8();
        push_char(c, &mut pending_space, out);
    }
}

/// Length of the prefix of `bytes` that normalises to itself: printable ASCII that starts and
/// ends with a non-space and whose spaces stand alone. Most lines are one such run, so they are
/// copied at once instead of word by word.
fn plain_run_len(bytes: &[u8]) -> usize {
    const BLOCK: usize = 16;
    // As if a space came before: a leading space ends the run at once.
    let mut prev_space = true;
    let mut j = 0;
    // Whole blocks with branch-free checks (a branch per byte mispredicts at every space).
    while let Some(block) = bytes.get(j..j + BLOCK) {
        let mut bad = false;
        for &b in block {
            bad |= !(b' '..=b'~').contains(&b);
        }
        bad |= prev_space & (block[0] == b' ');
        for pair in block.windows(2) {
            bad |= (pair[0] == b' ') & (pair[1] == b' ');
        }
        if bad {
            break;
        }
        prev_space = block[BLOCK - 1] == b' ';
        j += BLOCK;
    }
    while let Some(&b) = bytes.get(j) {
        if b.is_ascii_graphic() || (b == b' ' && !prev_space) {
            prev_space = b == b' ';
            j += 1;
        } else {
            break;
        }
    }
    // A final space may start a longer run of spaces: it is not part of the run.
    if j > 0 && prev_space {
        j -= 1;
    }
    j
}

/// The slow twin of [`normalize_line_into`]: every character through [`classify`].
#[cfg(test)]
fn normalize_line_by_char(line: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    for c in line.chars() {
        push_char(c, &mut pending_space, out);
    }
}

/// Normalises one character onto `out`.
fn push_char(c: char, pending_space: &mut bool, out: &mut String) {
    let c = match classify(c) {
        Action::Keep => c,
        Action::Replace(r) => r,
        Action::Drop => return,
        Action::Space => {
            *pending_space = true;
            return;
        }
    };
    // Leading spaces are never written; inner runs become one space.
    if *pending_space && !out.is_empty() {
        out.push(' ');
    }
    *pending_space = false;
    out.push(c);
}

/// The normalised form of `line` (see [`normalize_line_into`]).
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    normalize_line_into(line, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_spaces_collapse_and_lines_are_trimmed() {
        assert_eq!(
            normalize_line("\u{a0} a\u{a0}\u{a0}b\t c\u{2009}d\u{3000} "),
            "a b c d"
        );
        assert_eq!(normalize_line("   "), "");
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(
            normalize_line("zero\u{200b}width\u{feff} soft\u{ad}hyphen\u{200e}"),
            "zerowidth softhyphen"
        );
        assert_eq!(normalize_line("bell\u{7}ring"), "bellring");
    }

    #[test]
    fn curly_quotes_become_straight() {
        assert_eq!(
            normalize_line("\u{201c}It\u{2019}s\u{201d} \u{2018}x\u{2019}"),
            "\"It's\" 'x'"
        );
    }

    #[test]
    fn dashes_are_kept_but_unicode_hyphens_fold() {
        assert_eq!(
            normalize_line("2014\u{2013}2017 \u{2014} al\u{2011}Sudani guaran\u{2010}"),
            "2014–2017 — al-Sudani guaran-"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn fast_path_agrees_with_the_per_character_twin(
            line in "([a-zA-Z.,'\"-]{0,20}| {1,2}|[ \t\u{0}-\u{1f}\u{7f}\u{85}\u{a0}\u{ad}\u{2000}-\u{206f}\u{3000}\u{feff}]{0,3}|\\PC{0,2}){0,24}"
        ) {
            let (mut fast, mut slow) = (String::new(), String::new());
            normalize_line_into(&line, &mut fast);
            normalize_line_by_char(&line, &mut slow);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn buffer_is_reused_and_cleared() {
        let mut buf = String::from("old text");
        normalize_line_into(" new ", &mut buf);
        assert_eq!(buf, "new");
    }
}

//! News-aware sentence splitting with byte offsets.
//!
//! One linear pass over the bytes; only at '.', '?', '!', '…' and line breaks is any decision
//! made. Rules:
//! - Every line break is a hard boundary (headlines, datelines and captions are their own lines).
//! - A stop must be followed by whitespace or the end of the line; closing quotes and brackets
//!   right after it belong to the sentence (`He said "no." Then` splits after the quote). Stops
//!   separated only by spaces (". .") are read as one.
//! - '?' and '!' end a sentence unless a lower-case word follows (`"Why?" he asked`).
//! - An ellipsis ("..." or "…") ends a sentence only before a capitalised word.
//! - After a closing quote/bracket, '.' ends a sentence unless a lower-case word follows.
//! - A '.' after a plain word ends a sentence. After an abbreviation (data/abbreviations.txt):
//!   `[never]` ones ("Mr.", "Gen.", "e.g.", "vs.") never end one; `[before_number]` ones ("No.",
//!   "Jan.") don't before a number; `[ambiguous]` ones ("U.S.", "Inc.", "a.m."), single-letter
//!   initials ("W.") and other dotted acronyms ("U.N.") end one only when the next word is a
//!   common sentence starter ("The", "But", "It", ..): "the U.S. Senate" stays whole, "..in the
//!   U.S. The talks.." splits.
//! - A number of up to 3 digits that opens a sentence ("1. First item") is a list marker.
//!
//! Spans are trimmed of whitespace and never empty; no non-space character is lost.

use rustc_hash::{FxHashMap, FxHashSet};

/// A sentence: byte offsets into the split text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The sentence's text in `text` (the string it was cut from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbrevKind {
    Never,
    BeforeNumber,
    Ambiguous,
}

/// The built-in abbreviation and starter tables.
const BUILTIN_TABLES: &str = include_str!("../../data/abbreviations.txt");

/// Longest word looked up in the tables (longer words are never abbreviations or starters).
const MAX_LOOKUP_LEN: usize = 24;

/// Splits text into sentences. Build once (tables are parsed), reuse for every text.
pub struct SentenceSplitter {
    abbrevs: FxHashMap<String, AbbrevKind>,
    starters: FxHashSet<String>,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        SentenceSplitter::new()
    }
}

/// What follows a stop, after spaces and opening quotes/brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next<'a> {
    /// End of the line or text.
    End,
    Lower,
    /// A capitalised word (its ASCII letters; empty if it starts non-ASCII) and whether a '.'
    /// directly follows it (an initial such as "A.").
    Upper(&'a str, bool),
    Digit,
    Other,
}

/// Result of looking at one run of stops.
enum Decision {
    /// The sentence ends at this byte offset (after the stops and closers).
    Boundary(usize),
    /// Not a boundary; continue scanning here.
    Continue(usize),
}

/// Whether [`SentenceSplitter::split_into`] must stop and look at byte `c`: a line break, a stop
/// or the first byte of '…' (E2 80 A6). [`next_may_end`] finds the first such byte.
#[cfg(test)]
fn may_end(c: u8) -> bool {
    (c == b'\n') | (c == b'.') | (c == b'?') | (c == b'!') | (c == 0xE2)
}

/// The position of the first byte of `rest` that [`may_end`] a sentence: two vectorised
/// `memchr` searches, the second only up to the first's hit (a table look-up per byte was 4% of
/// `slant score`).
fn next_may_end(rest: &[u8]) -> Option<usize> {
    let stop = memchr::memchr3(b'.', b'?', b'!', rest);
    let before = &rest[..stop.unwrap_or(rest.len())];
    memchr::memchr2(b'\n', 0xE2, before).or(stop)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// Length of the ellipsis character '…' (E2 80 A6) at `i`, or 0.
fn ellipsis_len(b: &[u8], i: usize) -> usize {
    if b[i..].starts_with(&[0xE2, 0x80, 0xA6]) {
        3
    } else {
        0
    }
}

/// Length of a closing quote/bracket at `i` (ASCII or ” ’ »), or 0.
fn closer_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"' | b'\'' | b')' | b']' | b'}') => 1,
        Some(0xE2)
            if b[i..].starts_with(&[0xE2, 0x80, 0x9D])
                || b[i..].starts_with(&[0xE2, 0x80, 0x99]) =>
        {
            3
        }
        Some(0xC2) if b[i..].starts_with(&[0xC2, 0xBB]) => 2,
        _ => 0,
    }
}

/// Length of an opening quote/bracket at `i` (ASCII or “ ‘ «), or 0.
fn opener_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"' | b'\'' | b'(' | b'[' | b'{') => 1,
        Some(0xE2)
            if b[i..].starts_with(&[0xE2, 0x80, 0x9C])
                || b[i..].starts_with(&[0xE2, 0x80, 0x98]) =>
        {
            3
        }
        Some(0xC2) if b[i..].starts_with(&[0xC2, 0xAB]) => 2,
        _ => 0,
    }
}

fn is_stop_start(b: &[u8], i: usize) -> bool {
    matches!(b[i], b'.' | b'?' | b'!') || ellipsis_len(b, i) > 0
}

/// ASCII-lower-cases `word` into `buf` and returns it, or None if too long.
fn lower_in<'b>(word: &str, buf: &'b mut [u8; MAX_LOOKUP_LEN]) -> Option<&'b str> {
    let n = word.len();
    if n > MAX_LOOKUP_LEN {
        return None;
    }
    buf[..n].copy_from_slice(word.as_bytes());
    buf[..n].make_ascii_lowercase();
    std::str::from_utf8(&buf[..n]).ok()
}

/// "U.S", "a.m", "Ph.D": letters and inner dots, every segment 1-3 letters.
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|seg| (1..=3).contains(&seg.len()) && seg.bytes().all(|c| c.is_ascii_alphabetic()))
}

impl SentenceSplitter {
    /// A splitter with the built-in tables (data/abbreviations.txt).
    pub fn new() -> Self {
        Self::from_tables(BUILTIN_TABLES)
    }

    /// Parses the table format described in data/abbreviations.txt. Words outside a known
    /// section are ignored.
    fn from_tables(src: &str) -> Self {
        let mut abbrevs = FxHashMap::default();
        let mut starters = FxHashSet::default();
        let mut section = "";
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name;
                continue;
            }
            for word in line.split_whitespace().map(str::to_ascii_lowercase) {
                match section {
                    "never" => {
                        abbrevs.insert(word, AbbrevKind::Never);
                    }
                    "before_number" => {
                        abbrevs.insert(word, AbbrevKind::BeforeNumber);
                    }
                    "ambiguous" => {
                        abbrevs.insert(word, AbbrevKind::Ambiguous);
                    }
                    "starters" => {
                        starters.insert(word);
                    }
                    _ => {}
                }
            }
        }
        SentenceSplitter { abbrevs, starters }
    }

    /// Splits `text` into sentence spans.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        self.split_into(text, &mut out);
        out
    }

    /// Splits `text` into sentence spans, replacing the contents of `out` (allocation reused).
    pub fn split_into(&self, text: &str, out: &mut Vec<Span>) {
        // Jump to the next byte that can end a sentence: most bytes are letters and spaces.
        self.split_with(text, out, next_may_end);
    }

    /// The slow twin of [`Self::split_into`]: looks at every byte.
    #[cfg(test)]
    fn split_into_by_byte(&self, text: &str, out: &mut Vec<Span>) {
        self.split_with(text, out, |rest| (!rest.is_empty()).then_some(0));
    }

    /// The splitting loop; `skip` gives how many bytes of the rest surely end no sentence (None:
    /// all of them).
    fn split_with(&self, text: &str, out: &mut Vec<Span>, skip: impl Fn(&[u8]) -> Option<usize>) {
        out.clear();
        let b = text.as_bytes();
        let mut sent_start = 0;
        let mut i = 0;
        while i < b.len() {
            match skip(&b[i..]) {
                Some(n) => i += n,
                None => break,
            }
            let c = b[i];
            if c == b'\n' {
                push_trimmed(text, sent_start, i, out);
                sent_start = i + 1;
                i += 1;
            } else if c == b'.' || c == b'?' || c == b'!' || (c == 0xE2 && ellipsis_len(b, i) > 0) {
                match self.decide(text, i, sent_start) {
                    Decision::Boundary(end) => {
                        push_trimmed(text, sent_start, end, out);
                        sent_start = end;
                        i = end;
                    }
                    Decision::Continue(next) => i = next,
                }
            } else {
                i += 1;
            }
        }
        push_trimmed(text, sent_start, b.len(), out);
    }

    /// Decides whether the run of stops starting at `i` ends the sentence begun at `sent_start`.
    fn decide(&self, text: &str, i: usize, sent_start: usize) -> Decision {
        let b = text.as_bytes();
        let n = b.len();
        let (mut dots, mut question, mut ellipsis) = (0usize, false, false);
        let mut j = i;
        let (k, m, closers) = loop {
            while j < n {
                match b[j] {
                    b'.' => dots += 1,
                    b'?' | b'!' => question = true,
                    _ if ellipsis_len(b, j) > 0 => {
                        ellipsis = true;
                        j += 3;
                        continue;
                    }
                    _ => break,
                }
                j += 1;
            }
            let mut k = j;
            while closer_len(b, k) > 0 {
                k += closer_len(b, k);
            }
            let mut m = k;
            while m < n && is_space(b[m]) {
                m += 1;
            }
            // ". ." reads as one run of stops.
            if m > k && m < n && is_stop_start(b, m) {
                j = m;
                continue;
            }
            break (k, m, k > j);
        };
        // The stop must be followed by whitespace or the end ("U.S.-led", "e.g.,", "3.5").
        if k < n && !is_space(b[k]) && b[k] != b'\n' {
            return Decision::Continue(k.max(i + 1));
        }
        let next = next_word(b, m);
        if next == Next::End {
            return Decision::Boundary(k);
        }
        let lower_follows = next == Next::Lower;
        let ends = if ellipsis || dots >= 2 {
            matches!(next, Next::Upper(..))
        } else if question || closers {
            !lower_follows
        } else {
            self.period_ends_sentence(text, i, sent_start, next)
        };
        if ends {
            Decision::Boundary(k)
        } else {
            Decision::Continue(k)
        }
    }

    /// A single '.' at `i` directly after a word (no closers): does it end the sentence?
    fn period_ends_sentence(&self, text: &str, i: usize, sent_start: usize, next: Next) -> bool {
        let b = text.as_bytes();
        let mut w = i;
        while w > sent_start && !is_space(b[w - 1]) && b[w - 1] != b'\n' {
            w -= 1;
        }
        let mut word_start = w;
        while word_start < i && opener_len(b, word_start) > 0 {
            word_start += opener_len(b, word_start);
        }
        let word = &text[word_start..i];
        if word.is_empty() {
            return true;
        }
        // "1. First item": a short number opening the sentence is a list marker.
        let opens_sentence = text[sent_start..w].trim().is_empty();
        if opens_sentence && word.len() <= 3 && word.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
        let mut buf = [0u8; MAX_LOOKUP_LEN];
        let kind = lower_in(word, &mut buf).and_then(|lw| self.abbrevs.get(lw).copied());
        let ambiguous = match kind {
            Some(AbbrevKind::Never) => return false,
            Some(AbbrevKind::BeforeNumber) if next == Next::Digit => return false,
            Some(_) => true,
            None => {
                let initial = word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic();
                initial || is_dotted_acronym(word)
            }
        };
        if !ambiguous {
            return true;
        }
        self.is_starter(next)
    }

    /// Whether `next` is a capitalised common sentence starter (and not an initial like "A.").
    fn is_starter(&self, next: Next) -> bool {
        let Next::Upper(word, initial) = next else {
            return false;
        };
        if initial {
            return false;
        }
        let mut buf = [0u8; MAX_LOOKUP_LEN];
        lower_in(word, &mut buf).is_some_and(|lw| self.starters.contains(lw))
    }
}

/// Classifies the word starting at `m` (after spaces), skipping opening quotes/brackets.
fn next_word(b: &[u8], m: usize) -> Next<'_> {
    if m >= b.len() || b[m] == b'\n' {
        return Next::End;
    }
    let mut q = m;
    while q < b.len() && opener_len(b, q) > 0 {
        q += opener_len(b, q);
    }
    let Some(&c) = b.get(q) else {
        return Next::Other;
    };
    if c.is_ascii_lowercase() {
        return Next::Lower;
    }
    if c.is_ascii_digit() {
        return Next::Digit;
    }
    if c.is_ascii_uppercase() {
        let len = b[q..]
            .iter()
            .take_while(|x| x.is_ascii_alphabetic())
            .count();
        let word = std::str::from_utf8(&b[q..q + len]).unwrap_or("");
        return Next::Upper(word, len == 1 && b.get(q + 1) == Some(&b'.'));
    }
    if c.is_ascii() {
        return Next::Other;
    }
    // Non-ASCII: decode the one character (at most 4 bytes) to see its case.
    let end = (q + 4).min(b.len());
    let ch = (q + 1..=end)
        .find_map(|e| std::str::from_utf8(&b[q..e]).ok())
        .and_then(|s| s.chars().next());
    match ch {
        Some(ch) if ch.is_lowercase() => Next::Lower,
        Some(ch) if ch.is_uppercase() => Next::Upper("", false),
        _ => Next::Other,
    }
}

/// Pushes `text[start..end]` trimmed of whitespace, if anything is left.
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &text[start..end];
    let trimmed_start = slice.trim_start();
    let s = start + (slice.len() - trimmed_start.len());
    let e = s + trimmed_start.trim_end().len();
    if e > s {
        out.push(Span { start: s, end: e });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        SentenceSplitter::new()
            .split(text)
            .iter()
            .map(|s| s.text(text))
            .collect()
    }

    #[test]
    fn us_inside_a_sentence_does_not_split() {
        assert_eq!(
            sents("U.S. troops left. Then they came back."),
            ["U.S. troops left.", "Then they came back."]
        );
        assert_eq!(
            sents("He addressed the U.S. Senate on Monday."),
            ["He addressed the U.S. Senate on Monday."]
        );
    }

    #[test]
    fn us_at_a_sentence_end_splits_before_a_sentence_starter() {
        assert_eq!(
            sents(
                "The band toured the U.S. The tour was long. It ended in the U.S. But not for long."
            ),
            [
                "The band toured the U.S.",
                "The tour was long.",
                "It ended in the U.S.",
                "But not for long."
            ]
        );
    }

    #[test]
    fn titles_and_ranks_never_end_a_sentence() {
        assert_eq!(
            sents("Lt. Gen. Arne Dahl met Mr. Smith, Dr. Jones, Sen. Lee, Rep. Diaz, Gov. Hall and Gen. Ray."),
            ["Lt. Gen. Arne Dahl met Mr. Smith, Dr. Jones, Sen. Lee, Rep. Diaz, Gov. Hall and Gen. Ray."]
        );
        assert_eq!(sents("Mr. The-Name spoke."), ["Mr. The-Name spoke."]);
    }

    #[test]
    fn saint_splits_only_before_a_starter() {
        assert_eq!(
            sents("He flew to St. Louis. It rained."),
            ["He flew to St. Louis.", "It rained."]
        );
        assert_eq!(
            sents("He lives on Main St. The house is old."),
            ["He lives on Main St.", "The house is old."]
        );
    }

    #[test]
    fn months_before_days_do_not_split() {
        for m in [
            "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        ] {
            let text = format!("It began on {m}. 5 in Oslo. Talks followed.");
            assert_eq!(
                sents(&text),
                [
                    format!("It began on {m}. 5 in Oslo."),
                    "Talks followed.".to_string()
                ],
                "{m}"
            );
        }
        assert_eq!(
            sents("It ended in Jan. The talks resumed."),
            ["It ended in Jan.", "The talks resumed."]
        );
    }

    #[test]
    fn number_abbreviation_before_a_number() {
        assert_eq!(
            sents("He is No. 2 in the party. Next."),
            ["He is No. 2 in the party.", "Next."]
        );
    }

    #[test]
    fn vs_eg_ie_never_split() {
        assert_eq!(
            sents("Oslo vs. Bergen, e.g. The Hague case, i.e. The court ruled."),
            ["Oslo vs. Bergen, e.g. The Hague case, i.e. The court ruled."]
        );
    }

    #[test]
    fn am_pm_split_only_before_a_starter() {
        assert_eq!(
            sents("They met at 5 p.m. Monday in Oslo."),
            ["They met at 5 p.m. Monday in Oslo."]
        );
        assert_eq!(
            sents("They met at 9 a.m. The talks lasted."),
            ["They met at 9 a.m.", "The talks lasted."]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            sents("George W. Bush met J. K. Rowling. They talked."),
            ["George W. Bush met J. K. Rowling.", "They talked."]
        );
        assert_eq!(
            sents("Plan B. A new plan began."),
            ["Plan B.", "A new plan began."]
        );
        assert_eq!(sents("Mr. J. A. Smith spoke."), ["Mr. J. A. Smith spoke."]);
    }

    #[test]
    fn decimals_do_not_split() {
        assert_eq!(
            sents("Growth was 3.5 percent. Prices rose 0.2."),
            ["Growth was 3.5 percent.", "Prices rose 0.2."]
        );
    }

    #[test]
    fn ellipses_split_only_before_a_capital() {
        assert_eq!(
            sents("hours of rehearsal... at a small hall. She paused... Then she sang… and bowed… It ended..."),
            ["hours of rehearsal... at a small hall.", "She paused...", "Then she sang… and bowed…", "It ended..."]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sents("He said \"no.\" Then he left."),
            ["He said \"no.\"", "Then he left."]
        );
        assert_eq!(
            sents("It was clear (see above.) Next came the vote."),
            ["It was clear (see above.)", "Next came the vote."]
        );
        assert_eq!(
            sents("\u{201c}It is over.\u{201d} he said."),
            ["\u{201c}It is over.\u{201d} he said."]
        );
        assert_eq!(
            sents("\"Why?\" he asked. \"Now!\" She left."),
            ["\"Why?\" he asked.", "\"Now!\"", "She left."]
        );
    }

    #[test]
    fn question_and_exclamation_marks_split() {
        assert_eq!(
            sents("Any questions? The guide says yes! Really?! Yes."),
            ["Any questions?", "The guide says yes!", "Really?!", "Yes."]
        );
    }

    #[test]
    fn line_breaks_are_hard_boundaries() {
        assert_eq!(
            sents("Bakers hope for a quiet winter\n\nFriday 3 May 1998 - 08:00\nThe shop opened. Buyers came."),
            ["Bakers hope for a quiet winter", "Friday 3 May 1998 - 08:00", "The shop opened.", "Buyers came."]
        );
    }

    #[test]
    fn numbered_lists_keep_their_markers() {
        assert_eq!(
            sents("1. First item.\n2. Second item. 3. Third item.\nIt was 1998. 150 guests came."),
            [
                "1. First item.",
                "2. Second item.",
                "3. Third item.",
                "It was 1998.",
                "150 guests came."
            ]
        );
    }

    #[test]
    fn multiple_spaces_and_repeated_stops() {
        assert_eq!(
            sents("  The talks   began.    Buyers came.  The mayor. .\nNext."),
            [
                "The talks   began.",
                "Buyers came.",
                "The mayor. .",
                "Next."
            ]
        );
    }

    #[test]
    fn lowercase_after_a_plain_word_period_still_splits() {
        // Machine-translated text drops capitals; a plain word + '.' is still a stop.
        assert_eq!(
            sents("The band played. the crowd cheered."),
            ["The band played.", "the crowd cheered."]
        );
    }

    #[test]
    fn empty_and_blank_inputs_give_no_spans() {
        assert!(sents("").is_empty());
        assert!(sents(" \n\n \t ").is_empty());
    }

    #[test]
    fn split_into_reuses_the_buffer() {
        let splitter = SentenceSplitter::new();
        let mut out = vec![Span { start: 9, end: 9 }];
        splitter.split_into("One. Two.", &mut out);
        assert_eq!(out, [Span { start: 0, end: 4 }, Span { start: 5, end: 9 }]);
    }

    /// Deterministic pseudo-random generator (xorshift) for the property test.
    fn next_rand(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    fn non_space(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn no_text_is_lost_and_spans_are_trimmed_and_ordered() {
        let pieces = [
            "U.S.",
            "troops",
            "Mr.",
            "The",
            "the",
            "said",
            "\"no.\"",
            "(see above.)",
            "...",
            "…",
            "?",
            "!",
            "3.5",
            "Jan.",
            "5",
            "1.",
            "e.g.",
            "W.",
            "Bush",
            "\n",
            "\n\n",
            "  ",
            ".",
            "»",
            "«",
            "’",
            "“",
            "Ärger",
            "élan",
            "—",
            "İ",
            "\u{a0}",
            "x.",
            "?!",
            ". .",
        ];
        let splitter = SentenceSplitter::new();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..500 {
            let len = (next_rand(&mut state) % 40) as usize;
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(pieces[(next_rand(&mut state) % pieces.len() as u64) as usize]);
                if next_rand(&mut state) % 3 != 0 {
                    text.push(' ');
                }
            }
            let spans = splitter.split(&text);
            let joined: String = spans.iter().map(|s| s.text(&text)).collect();
            assert_eq!(
                non_space(&joined),
                non_space(&text),
                "lost text in {text:?}"
            );
            let mut prev_end = 0;
            for s in &spans {
                let t = s.text(&text);
                assert!(
                    !t.is_empty() && t.trim() == t,
                    "untrimmed span {t:?} in {text:?}"
                );
                assert!(s.start >= prev_end, "overlap in {text:?}");
                prev_end = s.end;
            }
        }
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// The chunked scan finds the first byte a plain scan finds.
        #[test]
        fn chunked_scan_finds_the_first_stop(
            bytes in prop::collection::vec(
                prop::sample::select(&[b'a', b' ', b'.', b'?', b'!', b'\n', 0xE2, 0x80][..]),
                0..100,
            ),
            fill in 0usize..100,
        ) {
            // Mostly letters, with the interesting bytes after `fill` of them.
            let mut text = vec![b'x'; fill];
            text.extend(&bytes);
            prop_assert_eq!(next_may_end(&text), text.iter().position(|&c| may_end(c)));
        }

        /// The skipping main loop cuts the same spans as the byte-by-byte twin.
        #[test]
        fn skipping_loop_agrees_with_the_byte_twin(
            pieces in prop::collection::vec(prop_oneof![
                prop::sample::select(&[
                    "U.S.", "Mr.", "The", "the", "said", "\"no.\"", "(see", "above.)", "...", "…",
                    "?", "!", "3.5", "Jan.", "5", "1.", "e.g.", "W.", "\n", "\n\n", ".", "»",
                    "«", "’", "“", "Ärger", "—", "–", "\u{a0}", "?!", ". .", "\t", "\r",
                ][..]).prop_map(String::from),
                "\\PC{1,5}",
            ], 0..30),
            seps in prop::collection::vec(prop::sample::select(&[" ", "", "  "][..]), 30),
        ) {
            let mut text = String::new();
            for (piece, sep) in pieces.iter().zip(&seps) {
                text.push_str(piece);
                text.push_str(sep);
            }
            let splitter = SentenceSplitter::new();
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            splitter.split_into(&text, &mut fast);
            splitter.split_into_by_byte(&text, &mut slow);
            prop_assert_eq!(fast, slow);
        }
    }

    /// Cleaned seed articles from $SLANT_SHARED/seeds or <crate>/../shared/seeds (empty if absent).
    fn cleaned_seeds() -> Vec<(String, String)> {
        let shared = std::env::var_os("SLANT_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
        let dir = shared.join("seeds");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipping: no seed articles at {}", dir.display());
            return Vec::new();
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let cleaner = crate::text::clean::Cleaner::builtin();
        paths
            .iter()
            .filter_map(|p| {
                let raw = std::fs::read_to_string(p).ok()?;
                Some((p.display().to_string(), cleaner.clean(&raw).text))
            })
            .collect()
    }

    #[test]
    fn seed_articles_split_without_loss_or_abbreviation_breaks() {
        let splitter = SentenceSplitter::new();
        for (name, text) in cleaned_seeds() {
            let spans = splitter.split(&text);
            let joined: String = spans.iter().map(|s| s.text(&text)).collect();
            assert_eq!(non_space(&joined), non_space(&text), "{name}: text lost");
            assert!(
                spans.len() >= text.split("\n\n").count(),
                "{name}: too few sentences"
            );
            for pair in spans.windows(2) {
                let (a, b) = (pair[0].text(&text), pair[1].text(&text));
                let last = a.rsplit(' ').next().unwrap_or("").trim_end_matches('.');
                let mut buf = [0u8; MAX_LOOKUP_LEN];
                let kind = lower_in(last, &mut buf).and_then(|w| splitter.abbrevs.get(w).copied());
                assert_ne!(kind, Some(AbbrevKind::Never), "{name}: split after {a:?}");
                if is_dotted_acronym(last) && text[pair[0].end..pair[1].start].contains(' ') {
                    let first = b.split(' ').next().unwrap_or("");
                    assert!(
                        splitter.is_starter(Next::Upper(first, false)),
                        "{name}: split {a:?} | {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    #[ignore = "timing; run with --release -- --ignored"]
    fn splits_50_megabytes_quickly() {
        let para = "Lt. Gen. Dahl met U.S. bankers on Jan. 5 at 3 p.m. in Oslo. The talks, e.g. on rates, \
                    went on... \"Why?\" he asked. It cost 3.5 percent.\n";
        let text = para.repeat(50_000_000 / para.len());
        let splitter = SentenceSplitter::new();
        let mut out = Vec::new();
        let t0 = std::time::Instant::now();
        splitter.split_into(&text, &mut out);
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "{} MB, {} sentences in {secs:.3}s",
            text.len() >> 20,
            out.len()
        );
        assert!(secs < 1.0, "too slow: {secs}s");
    }
}

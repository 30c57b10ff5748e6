//! Surface variants that must not carry stance, rewritten to one form before features are computed.
//!
//! A bag of words learns whatever separates its training classes, including how a country's name
//! is spelled: "US troops must stay" and "U.S. troops must stay" once got opposite stances. So,
//! when a model's feature spec asks for it, every sentence is rewritten before tokenizing:
//!
//! - the United States in any spelling — `US`, `U.S.`, `U.S`, `USA`, `U.S.A.`, `United States (of
//!   America)`, `America`, `American(s)` (not `Latin/South/North/Central America(n)`) — becomes
//!   `U.S.`;
//! - the names of host countries become `Landia`, their demonyms `Landian` / `Landians` (the
//!   stance toward a presence does not depend on where it is; the great powers that send troops,
//!   and non-state actors such as the Kurds, keep their names);
//! - every ASCII digit becomes `0`, so numbers keep their shape (`1,500` → `0,000`) but not their
//!   value;
//! - the days of the week become `Monday`.
//!
//! The lexicon's terms are rewritten the same way (see `features::featurizer`), so "US occupation"
//! matches the entry "American occupation". [`Canonical::to_original`] maps a byte offset of the
//! rewritten text back to the sentence as given, so matched terms are reported as written.
//! Sentences with nothing to rewrite (most) are not copied.

use std::sync::OnceLock;

/// The country's canonical spelling.
pub const COUNTRY: &str = "U.S.";
/// The canonical day.
pub const DAY: &str = "Monday";
/// The canonical host country, its demonym and the demonym's plural.
pub const HOST: &str = "Landia";
pub const HOST_DEMONYM: &str = "Landian";
pub const HOST_DEMONYMS: &str = "Landians";

/// Countries that host or have hosted foreign troops (not the powers that send them). Names that
/// are also common first names or US states (Jordan, Chad, Georgia) are left out.
const HOSTS: [&str; 62] = [
    "Afghanistan",
    "Armenia",
    "Azerbaijan",
    "Bahrain",
    "Belarus",
    "Bosnia",
    "Bulgaria",
    "Burkina Faso",
    "Colombia",
    "Cyprus",
    "Djibouti",
    "Egypt",
    "Eritrea",
    "Estonia",
    "Ethiopia",
    "Germany",
    "Greece",
    "Grenada",
    "Haiti",
    "Honduras",
    "Hungary",
    "Iraq",
    "Italy",
    "Japan",
    "Kazakhstan",
    "Kenya",
    "Korea",
    "Kosovo",
    "Kuwait",
    "Kyrgyzstan",
    "Latvia",
    "Lebanon",
    "Libya",
    "Lithuania",
    "Mali",
    "Moldova",
    "Mozambique",
    "Niger",
    "Nigeria",
    "Norway",
    "Okinawa",
    "Oman",
    "Pakistan",
    "Panama",
    "Philippines",
    "Poland",
    "Qatar",
    "Romania",
    "Serbia",
    "Somalia",
    "Spain",
    "Sudan",
    "Syria",
    "Taiwan",
    "Tajikistan",
    "Ukraine",
    "Uzbekistan",
    "Vietnam",
    "Yemen",
    "Kurdistan Region",
    "Djibouti City",
    "Kuwait City",
];
/// Their demonyms: singular (and adjective), plural.
const DEMONYMS: [(&str, &str); 40] = [
    ("Afghan", "Afghans"),
    ("Armenian", "Armenians"),
    ("Azerbaijani", "Azerbaijanis"),
    ("Bahraini", "Bahrainis"),
    ("Bosnian", "Bosnians"),
    ("Cypriot", "Cypriots"),
    ("Djiboutian", "Djiboutians"),
    ("Egyptian", "Egyptians"),
    ("Estonian", "Estonians"),
    ("Ethiopian", "Ethiopians"),
    ("German", "Germans"),
    ("Greek", "Greeks"),
    ("Iraqi", "Iraqis"),
    ("Italian", "Italians"),
    ("Japanese", "Japanese"),
    ("Kenyan", "Kenyans"),
    ("Korean", "Koreans"),
    ("Kuwaiti", "Kuwaitis"),
    ("Latvian", "Latvians"),
    ("Lebanese", "Lebanese"),
    ("Libyan", "Libyans"),
    ("Lithuanian", "Lithuanians"),
    ("Malian", "Malians"),
    ("Moldovan", "Moldovans"),
    ("Nigerien", "Nigeriens"),
    ("Nigerian", "Nigerians"),
    ("Omani", "Omanis"),
    ("Pakistani", "Pakistanis"),
    ("Filipino", "Filipinos"),
    ("Polish", "Poles"),
    ("Qatari", "Qataris"),
    ("Romanian", "Romanians"),
    ("Serbian", "Serbians"),
    ("Somali", "Somalis"),
    ("Sudanese", "Sudanese"),
    ("Syrian", "Syrians"),
    ("Taiwanese", "Taiwanese"),
    ("Ukrainian", "Ukrainians"),
    ("Vietnamese", "Vietnamese"),
    ("Yemeni", "Yemenis"),
];

/// What a pattern of the automaton becomes.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Country,
    Day,
    Host,
    Demonym,
    Demonyms,
}

/// The patterns in automaton order, with their kinds.
fn patterns() -> &'static [(String, Kind)] {
    static PATTERNS: OnceLock<Vec<(String, Kind)>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut p: Vec<(String, Kind)> = Vec::new();
        p.extend(COUNTRY_FORMS.iter().map(|s| (s.to_string(), Kind::Country)));
        p.extend(DAYS.iter().map(|s| (s.to_string(), Kind::Day)));
        p.extend(HOSTS.iter().map(|s| (s.to_string(), Kind::Host)));
        for (one, many) in DEMONYMS {
            p.push((one.to_string(), Kind::Demonym));
            if many != one {
                p.push((many.to_string(), Kind::Demonyms));
            }
        }
        p
    })
}

const COUNTRY_FORMS: [&str; 11] = [
    "U.S.A.",
    "U.S.A",
    "U.S.",
    "U.S",
    "USA",
    "US",
    "United States of America",
    "United States",
    "Americans",
    "American",
    "America",
];
const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// Words before "America(n)" that make it another continent.
const CONTINENT_QUALIFIERS: [&str; 5] = ["Latin", "South", "North", "Central", "Native"];

/// The forms that must match in their exact case: "US" is not "us" (nor "Us" at the start of a
/// sentence). Every other form matches as written or in capitals ("AMERICAN", "IRAQ").
fn exact_case(form: &str) -> bool {
    form.starts_with("US") || form.starts_with("U.S")
}

/// The forms by their first word, lower-cased: the scanner looks each capitalised word up here.
struct Table {
    /// Lower-cased first word -> indices into [`patterns`], longest form first.
    by_first_word: rustc_hash::FxHashMap<Vec<u8>, Vec<usize>>,
    /// The longest first word (longer words are not looked up).
    longest_first_word: usize,
    /// Per first letter (`a`–`z`), bit `n` is set when some first word has `n` letters: most
    /// capitalised words ("The", names) are turned away here, before any hashing.
    lengths: [u32; 26],
}

/// The leading run of ASCII letters of `s`.
fn first_word(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    &s[..n]
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut by_first_word: rustc_hash::FxHashMap<Vec<u8>, Vec<usize>> = Default::default();
        for (i, (form, _)) in patterns().iter().enumerate() {
            by_first_word
                .entry(first_word(form.as_bytes()).to_ascii_lowercase())
                .or_default()
                .push(i);
        }
        for forms in by_first_word.values_mut() {
            forms.sort_by_key(|&i| std::cmp::Reverse(patterns()[i].0.len()));
        }
        let longest_first_word = by_first_word.keys().map(Vec::len).max().unwrap_or(0);
        assert!(
            longest_first_word < 32,
            "a first word of 32 letters or more"
        );
        let mut lengths = [0u32; 26];
        for key in by_first_word.keys() {
            lengths[usize::from(key[0] - b'a')] |= 1 << key.len();
        }
        Table {
            by_first_word,
            longest_first_word,
            lengths,
        }
    })
}

/// A sentence rewritten to canonical forms, with the map back to the original offsets. Reused
/// across sentences (its buffers are kept).
#[derive(Debug, Default, Clone)]
pub struct Canonical {
    text: String,
    /// Replaced segments, in order: (start in the new text, its length, start in the original,
    /// its length).
    segments: Vec<(usize, usize, usize, usize)>,
    /// Replacements found by the scan: (start, end, replacement), in order.
    found: Vec<(usize, usize, &'static str)>,
    changed: bool,
}

/// The bytes of `x` (8 bytes, little-endian) that the scan must look at — digits, capital letters
/// and bytes beyond ASCII — as a mask whose lowest set bit is in the first such byte (a bit trick
/// on the whole word, `hasbetween` of "Bit Twiddling Hacks"; only the lowest bit is exact).
fn mattering(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & (ONES * 127);
    // Bytes c with m < c < n (exact for the lowest one; valid for 0 <= m < n <= 128).
    let between = |m: u64, n: u64| (ONES * (127 + n) - low) & !x & (low + ONES * (127 - m)) & HIGH;
    (x & HIGH)
        | between(u64::from(b'0') - 1, u64::from(b'9') + 1)
        | between(u64::from(b'A') - 1, u64::from(b'Z') + 1)
}

/// Whether any byte of `x` matters (see [`mattering`]).
#[cfg(test)]
fn may_matter(x: u64) -> bool {
    mattering(x) != 0
}

/// Whether the character before byte `i` of `s` is a letter or digit (any script).
fn word_before(s: &str, i: usize) -> bool {
    match s.as_bytes()[..i].last() {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => s[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric),
    }
}

/// Whether the form `form` (of kind `kind`) matches `s` at byte `i`, a word start; its end if so.
fn form_at(s: &str, i: usize, form: &str, kind: Kind) -> Option<usize> {
    let end = i + form.len();
    let candidate = s.as_bytes().get(i..end)?;
    let same = if exact_case(form) {
        candidate == form.as_bytes()
    } else {
        candidate.eq_ignore_ascii_case(form.as_bytes())
    };
    // The form must end a word: "USAF", "Americana", "Syriac" are other words.
    if !same || s.as_bytes().get(end).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    if matches!(kind, Kind::Country) && form.starts_with("America") && after_qualifier(s, i) {
        return None;
    }
    Some(end)
}

fn replacement(kind: Kind) -> &'static str {
    match kind {
        Kind::Country => COUNTRY,
        Kind::Day => DAY,
        Kind::Host => HOST,
        Kind::Demonym => HOST_DEMONYM,
        Kind::Demonyms => HOST_DEMONYMS,
    }
}

/// Whether the word before byte `start` of `s` (skipping one space) is a continent qualifier.
fn after_qualifier(s: &str, start: usize) -> bool {
    let before = s[..start].trim_end_matches(' ');
    if before.len() == s[..start].len() {
        return false;
    }
    CONTINENT_QUALIFIERS.iter().any(|q| {
        before.len() >= q.len()
            && before.as_bytes()[before.len() - q.len()..].eq_ignore_ascii_case(q.as_bytes())
            && !word_before(before, before.len() - q.len())
    })
}

impl Canonical {
    /// Rewrites `sentence` and returns its canonical form: `sentence` itself when nothing changes
    /// (no copy), else the rewritten text held in `self`.
    ///
    /// The scan visits each byte once and looks up only words that start with a capital letter
    /// (every form does): a hash look-up of their first word, lower-cased. Its slow twin in the
    /// tests finds the same forms with an Aho-Corasick automaton over the whole sentence.
    pub fn rewrite<'a>(&'a mut self, sentence: &'a str) -> &'a str {
        self.found.clear();
        let bytes = sentence.as_bytes();
        let table = table();
        let mut has_digit = false;
        let mut key = [0u8; 32];
        let mut i = 0;
        'scan: while i < bytes.len() {
            // Most of a sentence is lower-case letters, spaces and punctuation: skip 8 bytes at a
            // time while none is a digit, a capital or non-ASCII.
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mask = mattering(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
                if mask == 0 {
                    i += 8;
                    continue;
                }
                // Straight to the first byte that matters.
                let skip = (mask.trailing_zeros() / 8) as usize;
                if skip > 0 {
                    i += skip;
                    continue;
                }
            }
            let b = bytes[i];
            if b.is_ascii_digit() {
                has_digit = true;
            } else if b.is_ascii_uppercase() && !word_before(sentence, i) {
                let word = first_word(&bytes[i..]);
                let possible = word.len() <= table.longest_first_word
                    && table.lengths[usize::from(b - b'A')] & (1 << word.len()) != 0;
                if possible {
                    let key = &mut key[..word.len()];
                    key.copy_from_slice(word);
                    key.make_ascii_lowercase();
                    if let Some(forms) = table.by_first_word.get(&key[..]) {
                        for &f in forms {
                            let (form, kind) = &patterns()[f];
                            if let Some(end) = form_at(sentence, i, form, *kind) {
                                self.found.push((i, end, replacement(*kind)));
                                i = end;
                                continue 'scan;
                            }
                        }
                    }
                }
                i += word.len();
                continue;
            }
            i += 1;
        }
        self.build(sentence, has_digit)
    }

    /// Writes the rewritten text from the replacements found (nothing when there are none and
    /// the sentence has no digit).
    fn build<'a>(&'a mut self, sentence: &'a str, has_digit: bool) -> &'a str {
        self.segments.clear();
        self.text.clear();
        // A form already in canonical spelling ("U.S.", "Monday") is not a change.
        self.found
            .retain(|&(start, end, repl)| &sentence[start..end] != repl);
        self.changed = !self.found.is_empty() || has_digit;
        if !self.changed {
            return sentence;
        }
        let mut last = 0;
        for &(start, end, repl) in &self.found {
            push_digits_mapped(&mut self.text, &sentence[last..start]);
            self.segments
                .push((self.text.len(), repl.len(), start, end - start));
            self.text.push_str(repl);
            last = end;
        }
        push_digits_mapped(&mut self.text, &sentence[last..]);
        &self.text
    }

    /// The slow twin of [`Self::rewrite`]: at every capital letter that starts a word, every form
    /// is tried, longest first (no table, no skipping).
    #[cfg(test)]
    fn rewrite_slow<'a>(&'a mut self, sentence: &'a str) -> &'a str {
        self.found.clear();
        let has_digit = sentence.bytes().any(|b| b.is_ascii_digit());
        let mut by_length: Vec<usize> = (0..patterns().len()).collect();
        by_length.sort_by_key(|&f| std::cmp::Reverse(patterns()[f].0.len()));
        let mut next = 0;
        for start in 0..sentence.len() {
            if start < next
                || !sentence.as_bytes()[start].is_ascii_uppercase()
                || word_before(sentence, start)
            {
                continue;
            }
            for &f in &by_length {
                let (form, kind) = &patterns()[f];
                if let Some(end) = form_at(sentence, start, form, *kind) {
                    self.found.push((start, end, replacement(*kind)));
                    next = end;
                    break;
                }
            }
        }
        self.build(sentence, has_digit)
    }

    /// Whether the last [`Self::rewrite`] changed the sentence.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The original byte offset of `pos` in the rewritten text, for the start of a span: a
    /// position inside a replaced segment maps to the segment's start.
    pub fn to_original(&self, pos: usize) -> usize {
        self.map(pos, false)
    }

    /// As [`Self::to_original`], for the end of a span: a position inside a replaced segment maps
    /// to the segment's end ("U.S." is tokenized as `U.S`, ending inside the four bytes).
    pub fn to_original_end(&self, pos: usize) -> usize {
        self.map(pos, true)
    }

    fn map(&self, pos: usize, end: bool) -> usize {
        // The last segment that starts at or before `pos`.
        let k = self.segments.partition_point(|s| s.0 <= pos);
        let Some(&(new_start, new_len, old_start, old_len)) =
            k.checked_sub(1).map(|k| &self.segments[k])
        else {
            return pos;
        };
        if pos < new_start + new_len {
            return if end && pos > new_start {
                old_start + old_len
            } else {
                old_start
            };
        }
        pos - (new_start + new_len) + old_start + old_len
    }
}

/// Appends `s` with every ASCII digit turned into `0` (one byte for one: the text stays UTF-8).
fn push_digits_mapped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if b.is_ascii_digit() && b != b'0' {
            out.push_str(&s[last..i]);
            out.push('0');
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
}

/// The canonical form of `text` (for lexicon terms and tests).
pub fn canonicalize(text: &str) -> String {
    Canonical::default().rewrite(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_country_has_one_spelling() {
        for s in [
            "US troops must stay in Iraq.",
            "U.S. troops must stay in Iraq.",
            "American troops must stay in Iraq.",
            "United States troops must stay in Iraq.",
            "USA troops must stay in Iraq.",
            "U.S.A. troops must stay in Iraq.",
        ] {
            assert_eq!(canonicalize(s), "U.S. troops must stay in Landia.", "{s}");
        }
        assert_eq!(
            canonicalize("Americans and the United States of America"),
            "U.S. and the U.S."
        );
        assert_eq!(
            canonicalize("the US-led coalition"),
            "the U.S.-led coalition"
        );
        assert_eq!(canonicalize("America's wars"), "U.S.'s wars");
    }

    #[test]
    fn host_countries_and_their_people_have_one_name() {
        assert_eq!(
            canonicalize("Iraqi officials said the troops in Syria and Niger would stay."),
            "Landian officials said the troops in Landia and Landia would stay."
        );
        assert_eq!(canonicalize("Iraqis and Afghans"), "Landians and Landians");
        assert_eq!(
            canonicalize("Russia, Iran and the Kurds; Jordan Peterson"),
            "Russia, Iran and the Kurds; Jordan Peterson"
        );
        assert_eq!(canonicalize("Nigeria's army"), "Landia's army");
        assert_eq!(canonicalize("Syriac"), "Syriac");
    }

    #[test]
    fn other_words_are_left_alone() {
        for s in [
            "Let us go.",
            "Latin American leaders met.",
            "South America and North American markets",
            "USAID and USAF and BUS and MUSIC",
            "Americana",
        ] {
            assert_eq!(canonicalize(s), s, "{s}");
        }
    }

    #[test]
    fn numbers_keep_their_shape_and_days_become_monday() {
        assert_eq!(
            canonicalize("About 2,500 troops left on Friday, 3 days early."),
            "About 0,000 troops left on Monday, 0 days early."
        );
        assert_eq!(canonicalize("On Wednesday"), "On Monday");
        assert_eq!(canonicalize("Wednesdays"), "Wednesdays");
    }

    #[test]
    fn offsets_map_back_to_the_sentence_as_written() {
        let sentence = "The American occupation began on Wednesday in 2003.";
        let mut c = Canonical::default();
        let text = c.rewrite(sentence).to_string();
        assert_eq!(text, "The U.S. occupation began on Monday in 0000.");
        let at = |needle: &str| text.find(needle).unwrap();
        let span = |a: usize, b: usize| &sentence[c.to_original(a)..c.to_original(b)];
        assert_eq!(span(at("U.S."), at("U.S.") + 4), "American");
        assert_eq!(span(at("occupation"), at("occupation") + 10), "occupation");
        assert_eq!(span(at("Monday"), at("Monday") + 6), "Wednesday");
        assert_eq!(span(at("0000"), text.len()), "2003.");
        assert_eq!(c.to_original(0), 0);
    }

    #[test]
    fn capitals_and_dashes_do_not_hide_a_form() {
        assert_eq!(
            canonicalize("END THE AMERICAN OCCUPATION OF IRAQ"),
            "END THE U.S. OCCUPATION OF Landia"
        );
        assert_eq!(
            canonicalize("troops\u{2014}US officials said; the Iraq\u{2013}Syria border"),
            "troops\u{2014}U.S. officials said; the Landia\u{2013}Landia border"
        );
        // The pronoun, capitalised or not, is not the country; nor are words inside others.
        assert_eq!(
            canonicalize("Us and them; let us go"),
            "Us and them; let us go"
        );
        assert_eq!(canonicalize("anti-American"), "anti-U.S.");
        assert_eq!(
            canonicalize("the U.S.A! and latin America"),
            "the U.S.! and latin America"
        );
        assert_eq!(canonicalize("Él dijo: América"), "Él dijo: América");
    }

    #[test]
    fn span_ends_inside_a_replacement_map_to_its_end() {
        let sentence = "They are anti-American, said 12 officers.";
        let mut c = Canonical::default();
        let text = c.rewrite(sentence).to_string();
        assert_eq!(text, "They are anti-U.S., said 00 officers.");
        // The tokenizer reads "U.S." as `U.S`: a match of "anti-U.S" ends one byte into it.
        let start = text.find("anti").unwrap();
        let end = text.find("U.S.").unwrap() + 3;
        assert_eq!(
            &sentence[c.to_original(start)..c.to_original_end(end)],
            "anti-American"
        );
        let n = text.find("00").unwrap();
        assert_eq!(&sentence[c.to_original(n)..c.to_original_end(n + 2)], "12");
    }

    #[test]
    fn unchanged_sentences_are_not_copied() {
        let mut c = Canonical::default();
        let s = "Officials met in Baghdad.";
        let out = c.rewrite(s);
        assert!(std::ptr::eq(out, s));
        assert!(!c.changed());
    }

    #[test]
    fn the_word_trick_sees_every_byte_that_matters() {
        for b in 0u8..=255 {
            for pos in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[pos] = b;
                let matters = b.is_ascii_digit() || b.is_ascii_uppercase() || b >= 0x80;
                let x = u64::from_le_bytes(chunk);
                assert_eq!(may_matter(x), matters, "{b} at {pos}");
                if matters {
                    assert_eq!(
                        mattering(x).trailing_zeros() / 8,
                        pos as u32,
                        "{b} at {pos}"
                    );
                }
            }
        }
        assert!(!may_matter(u64::from_le_bytes(*b" .,;:!?-")));
        // The first of several bytes that matter is found even after another one.
        assert_eq!(
            mattering(u64::from_le_bytes(*b"ab1Z\xc3xyz")).trailing_zeros() / 8,
            2
        );
    }

    proptest! {
        #[test]
        fn the_scan_finds_what_trying_every_form_everywhere_finds(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("US"), Just("U.S."), Just("U.S"), Just("USA"), Just("U.S.A."), Just("Us"),
                    Just("us"), Just("American"), Just("AMERICANS"), Just("america"),
                    Just("America's"), Just("United"), Just("States"), Just("of"), Just("Latin"),
                    Just("Iraq"), Just("IRAQI"), Just("Iraqis"), Just("Syriac"), Just("Burkina"),
                    Just("Faso"), Just("Friday"), Just("FRIDAYS"), Just("é"), Just("\u{2014}"),
                    Just("12"), Just("-"), Just(","), Just("USAF"), Just("Monday")
                ],
                0..14,
            ),
            joins in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("-")], 14),
        ) {
            let mut sentence = String::new();
            for (w, j) in words.iter().zip(&joins) {
                sentence.push_str(w);
                sentence.push_str(j);
            }
            let mut fast = Canonical::default();
            let mut slow = Canonical::default();
            let a = fast.rewrite(&sentence).to_string();
            let b = slow.rewrite_slow(&sentence).to_string();
            prop_assert_eq!(&a, &b, "{:?}", sentence);
            prop_assert_eq!(&fast.segments, &slow.segments);
        }

        #[test]
        fn rewriting_is_idempotent_and_offsets_stay_on_boundaries(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("US"), Just("U.S."), Just("American"), Just("us"), Just("Friday"),
                    Just("12"), Just("Latin"), Just("America"), Just("troops"), Just("é"),
                    Just(","), Just("USAF"), Just("United States")
                ],
                0..12,
            )
        ) {
            let sentence = words.join(" ");
            let mut c = Canonical::default();
            let once = c.rewrite(&sentence).to_string();
            prop_assert_eq!(canonicalize(&once), once.clone());
            for (i, _) in once.char_indices().chain([(once.len(), ' ')]) {
                for o in [c.to_original(i), c.to_original_end(i)] {
                    prop_assert!(o <= sentence.len() && sentence.is_char_boundary(o));
                }
                prop_assert!(c.to_original(i) <= c.to_original_end(i));
            }
        }
    }
}

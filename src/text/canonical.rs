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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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

const COUNTRY_FORMS: [&str; 10] = [
    "U.S.A.",
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

fn automaton() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns().iter().map(|(s, _)| s))
            .expect("the canonical forms build an automaton")
    })
}

/// A sentence rewritten to canonical forms, with the map back to the original offsets. Reused
/// across sentences (its buffers are kept).
#[derive(Debug, Default, Clone)]
pub struct Canonical {
    text: String,
    /// Replaced segments: (start in the new text, its length, start in the original, its length).
    segments: Vec<(usize, usize, usize, usize)>,
    changed: bool,
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Whether the word before byte `start` of `s` (skipping one space) is a continent qualifier.
fn after_qualifier(s: &str, start: usize) -> bool {
    let before = s[..start].trim_end_matches(' ');
    if before.len() == s[..start].len() {
        return false;
    }
    CONTINENT_QUALIFIERS.iter().any(|q| {
        before.ends_with(q)
            && before[..before.len() - q.len()]
                .bytes()
                .next_back()
                .is_none_or(|b| !is_word_byte(b))
    })
}

impl Canonical {
    /// Rewrites `sentence` and returns its canonical form: `sentence` itself when nothing changes
    /// (no copy), else the rewritten text held in `self`.
    pub fn rewrite<'a>(&'a mut self, sentence: &'a str) -> &'a str {
        self.segments.clear();
        self.text.clear();
        self.changed = false;
        let bytes = sentence.as_bytes();
        let has_digit = bytes.iter().any(u8::is_ascii_digit);
        let mut last = 0;
        for m in automaton().find_iter(sentence) {
            let (start, end) = (m.start(), m.end());
            let before_ok = start == 0 || !is_word_byte(bytes[start - 1]);
            let after = bytes.get(end).copied();
            // "U.S" must not be the start of a longer token ("U.S.A" is matched whole; "USAF").
            let after_ok = after.is_none_or(|b| !b.is_ascii_alphabetic());
            if !before_ok || !after_ok {
                continue;
            }
            let (form, kind) = &patterns()[m.pattern().as_usize()];
            let replacement = match kind {
                Kind::Country => {
                    if form.starts_with("America") && after_qualifier(sentence, start) {
                        continue;
                    }
                    COUNTRY
                }
                Kind::Day => DAY,
                Kind::Host => HOST,
                Kind::Demonym => HOST_DEMONYM,
                Kind::Demonyms => HOST_DEMONYMS,
            };
            if &sentence[start..end] == replacement {
                continue;
            }
            push_digits_mapped(&mut self.text, &sentence[last..start]);
            self.segments
                .push((self.text.len(), replacement.len(), start, end - start));
            self.text.push_str(replacement);
            last = end;
            self.changed = true;
        }
        if !self.changed && !has_digit {
            return sentence;
        }
        push_digits_mapped(&mut self.text, &sentence[last..]);
        self.changed = true;
        &self.text
    }

    /// Whether the last [`Self::rewrite`] changed the sentence.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The original byte offset of `pos` in the rewritten text (a position inside a replaced
    /// segment maps to the segment's start, its end to the end of the original segment).
    pub fn to_original(&self, pos: usize) -> usize {
        let mut shift: isize = 0;
        for &(new_start, new_len, old_start, old_len) in &self.segments {
            if pos < new_start {
                break;
            }
            if pos < new_start + new_len {
                return old_start;
            }
            shift = (old_start + old_len) as isize - (new_start + new_len) as isize;
        }
        (pos as isize + shift) as usize
    }
}

/// Appends `s` with every ASCII digit turned into `0`.
fn push_digits_mapped(out: &mut String, s: &str) {
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        out.push_str(s);
        return;
    }
    out.extend(s.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }));
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
    fn unchanged_sentences_are_not_copied() {
        let mut c = Canonical::default();
        let s = "Officials met in Baghdad.";
        let out = c.rewrite(s);
        assert!(std::ptr::eq(out, s));
        assert!(!c.changed());
    }

    proptest! {
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
                let o = c.to_original(i);
                prop_assert!(o <= sentence.len() && sentence.is_char_boundary(o));
            }
        }
    }
}

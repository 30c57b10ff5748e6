//! HTML tag stripping and entity decoding for scraped article text, keeping track of which raw
//! input line every output line came from.
//!
//! Only real markup is removed: a '<' starts a tag only when it is followed by a known HTML
//! element name (or a custom element with a '-'), a comment `<!-- -->`, or a declaration
//! `<!DOCTYPE ..>`, and the tag closes with '>' within a short distance. Tags with attributes must
//! have an '=' among them. So prose such as "a < b", "<3 troops" or "x <y and z> w" is kept.
//! `<script>`, `<style>`, `<noscript>` and `<template>` lose their content too. Block-level tags
//! (`<p>`, `<br>`, `<div>`, `<li>`, headings, ..) end the current output line.

/// One output line and the 1-based raw input line on which it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrippedLine {
    pub raw_line: usize,
    pub text: String,
}

/// Text with markup removed, as lines, plus how many tags (comments included) were removed.
#[derive(Debug, Default)]
pub struct Stripped {
    pub lines: Vec<StrippedLine>,
    pub tags_removed: usize,
}

/// Longest tag we accept; a '<' whose '>' is further away is prose.
const MAX_TAG_LEN: usize = 2048;

/// Known HTML element names (sorted, for binary search).
const KNOWN_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "big",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "path",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements whose content is code or fallback, not article text.
const RAW_CONTENT_TAGS: &[&str] = &["noscript", "script", "style", "template"];

/// Elements that end a line of text (sorted).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "details",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "title",
    "tr",
    "ul",
];

/// Table cells separate words without ending the line.
const SPACE_TAGS: &[&str] = &["td", "th"];

enum Markup {
    /// A comment or a declaration: removed, no other effect.
    Comment,
    Element {
        name: NameBuf,
        closing: bool,
        self_closing: bool,
    },
}

struct Tag {
    /// Byte index just past the closing '>'.
    end: usize,
    markup: Markup,
}

/// A lower-cased tag name on the stack (names are short; longer ones are rejected).
#[derive(Clone, Copy)]
struct NameBuf {
    bytes: [u8; 16],
    len: usize,
}

impl NameBuf {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// Whether `input` holds no byte that starts markup, an entity or a line break: then
/// [`strip_html`] would return it unchanged as one line. No early exit, so the check compiles to a
/// few vector compares per 32 bytes.
pub fn is_plain_line(input: &str) -> bool {
    !input.bytes().fold(false, |seen, b| {
        seen | matches!(b, b'<' | b'&' | b'\n' | b'\r')
    })
}

/// Strips markup from `input` and decodes entities. CRLF and lone CR count as line breaks.
pub fn strip_html(input: &str) -> Stripped {
    let mut out = Stripped::default();
    let bytes = input.as_bytes();
    let mut cur = String::new();
    let mut raw_line = 1usize;
    let mut cur_line = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        let run_end = bytes[i..]
            .iter()
            .position(|b| matches!(b, b'<' | b'&' | b'\n' | b'\r'))
            .map_or(bytes.len(), |p| i + p);
        cur.push_str(&input[i..run_end]);
        i = run_end;
        if i >= bytes.len() {
            break;
        }
        match bytes[i] {
            b'\n' | b'\r' => {
                i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                out.lines.push(StrippedLine {
                    raw_line: cur_line,
                    text: std::mem::take(&mut cur),
                });
                raw_line += 1;
                cur_line = raw_line;
            }
            b'&' => match decode_entity(input, i) {
                Some((decoded, end)) => {
                    cur.push_str(decoded.as_str());
                    i = end;
                }
                None => {
                    cur.push('&');
                    i += 1;
                }
            },
            _ => match parse_markup(input, i) {
                None => {
                    cur.push('<');
                    i += 1;
                }
                Some(tag) => {
                    let mut end = tag.end;
                    out.tags_removed += 1;
                    let mut breaks_line = false;
                    if let Markup::Element {
                        name,
                        closing,
                        self_closing,
                    } = &tag.markup
                    {
                        let name = name.as_str();
                        if !closing && !self_closing && RAW_CONTENT_TAGS.contains(&name) {
                            if let Some(close_end) = find_closing_tag(input, end, name) {
                                end = close_end;
                                out.tags_removed += 1;
                            }
                        }
                        breaks_line = BLOCK_TAGS.binary_search(&name).is_ok();
                        if SPACE_TAGS.contains(&name) {
                            cur.push(' ');
                        }
                    }
                    raw_line += count_line_breaks(&input[i..end]);
                    if breaks_line {
                        out.lines.push(StrippedLine {
                            raw_line: cur_line,
                            text: std::mem::take(&mut cur),
                        });
                    }
                    // Text that starts after a multi-line tag is reported on the line where it starts.
                    if cur.trim().is_empty() {
                        cur_line = raw_line;
                    }
                    i = end;
                }
            },
        }
    }
    out.lines.push(StrippedLine {
        raw_line: cur_line,
        text: cur,
    });
    out
}

/// Number of line breaks in `s`, counting CRLF once.
fn count_line_breaks(s: &str) -> usize {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|&(k, &c)| c == b'\n' || (c == b'\r' && b.get(k + 1) != Some(&b'\n')))
        .count()
}

/// Recognises a tag, comment or declaration starting at `input[i] == '<'`.
fn parse_markup(input: &str, i: usize) -> Option<Tag> {
    let b = input.as_bytes();
    let rest = &input[i..];
    if let Some(body) = rest.strip_prefix("<!--") {
        let close = body.find("-->")?;
        return Some(Tag {
            end: i + 4 + close + 3,
            markup: Markup::Comment,
        });
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        // <!DOCTYPE html>, <![CDATA[..]]>, <?xml ..?>: a letter or '[' must follow.
        if !b
            .get(i + 2)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'[')
        {
            return None;
        }
        let close = find_tag_end(input, i + 2)?;
        return Some(Tag {
            end: close,
            markup: Markup::Comment,
        });
    }
    let mut j = i + 1;
    let closing = b.get(j) == Some(&b'/');
    if closing {
        j += 1;
    }
    let name_start = j;
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        j += 1;
    }
    let mut name = NameBuf {
        bytes: [0; 16],
        len: j - name_start,
    };
    if name.len > name.bytes.len() {
        return None;
    }
    name.bytes[..name.len].copy_from_slice(&b[name_start..j]);
    name.bytes[..name.len].make_ascii_lowercase();
    let name_str = name.as_str();
    if KNOWN_TAGS.binary_search(&name_str).is_err() && !name_str.contains('-') {
        return None;
    }
    // The name must end at '>', '/' or whitespace ("<br2" and "<b:" are not tags).
    if !b
        .get(j)
        .is_some_and(|c| matches!(c, b'>' | b'/') || c.is_ascii_whitespace())
    {
        return None;
    }
    let end = find_tag_end(input, j)?;
    let inner = input[j..end - 1].trim();
    let self_closing = inner.ends_with('/');
    let attrs = inner.trim_end_matches('/').trim();
    // Real attributes carry '='; a closing tag has none. "<b and c>" is prose.
    if !attrs.is_empty() && (closing || !attrs.contains('=')) {
        return None;
    }
    Some(Tag {
        end,
        markup: Markup::Element {
            name,
            closing,
            self_closing,
        },
    })
}

/// Index just past the '>' that closes a tag whose attributes start at `from`, honouring quotes.
/// None if a '<' comes first, the input ends, or the tag would be too long.
fn find_tag_end(input: &str, from: usize) -> Option<usize> {
    let b = input.as_bytes();
    let limit = (from + MAX_TAG_LEN).min(b.len());
    let mut quote: Option<u8> = None;
    for (k, &c) in b.iter().enumerate().take(limit).skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'"' | b'\'' => quote = Some(c),
                b'>' => return Some(k + 1),
                b'<' => return None,
                _ => {}
            },
        }
    }
    None
}

/// Index just past `</name ...>` (ASCII case-insensitive) at or after `from`.
fn find_closing_tag(input: &str, from: usize, name: &str) -> Option<usize> {
    let b = input.as_bytes();
    let mut k = from;
    while let Some(p) = input[k..].find("</") {
        let s = k + p + 2;
        let e = s + name.len();
        if e <= b.len()
            && b[s..e].eq_ignore_ascii_case(name.as_bytes())
            && b.get(e)
                .is_some_and(|c| *c == b'>' || c.is_ascii_whitespace())
        {
            return find_tag_end(input, e);
        }
        k = s;
    }
    None
}

/// A decoded entity: at most a few chars, kept on the stack.
pub struct Decoded {
    buf: [u8; 8],
    len: usize,
}

impl Decoded {
    fn from_str(s: &str) -> Option<Decoded> {
        let mut buf = [0u8; 8];
        let len = s.len();
        if len > buf.len() {
            return None;
        }
        buf[..len].copy_from_slice(s.as_bytes());
        Some(Decoded { buf, len })
    }

    fn from_char(c: char) -> Decoded {
        let mut buf = [0u8; 8];
        let len = c.encode_utf8(&mut buf).len();
        Decoded { buf, len }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// Decodes `&name;`, `&#123;` or `&#x1F;` at `input[i] == '&'`; returns it and the index after ';'.
/// Anything else (e.g. "AT&T", "R&D", an unknown name, a missing ';') is not an entity.
pub fn decode_entity(input: &str, i: usize) -> Option<(Decoded, usize)> {
    let b = input.as_bytes();
    let mut j = i + 1;
    if b.get(j) == Some(&b'#') {
        j += 1;
        let hex = matches!(b.get(j), Some(b'x' | b'X'));
        if hex {
            j += 1;
        }
        let start = j;
        while j < b.len()
            && j - start < 8
            && (if hex {
                b[j].is_ascii_hexdigit()
            } else {
                b[j].is_ascii_digit()
            })
        {
            j += 1;
        }
        if j == start || b.get(j) != Some(&b';') {
            return None;
        }
        let value = u32::from_str_radix(&input[start..j], if hex { 16 } else { 10 }).ok()?;
        let c = windows_1252(value)
            .or_else(|| char::from_u32(value))
            .filter(|c| *c != '\0')?;
        return Some((Decoded::from_char(c), j + 1));
    }
    let start = j;
    while j < b.len() && j - start < 32 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == start || b.get(j) != Some(&b';') {
        return None;
    }
    let decoded = named_entity(&input[start..j]).and_then(Decoded::from_str)?;
    Some((decoded, j + 1))
}

/// Scraped pages often encode Windows-1252 punctuation as `&#146;` etc.; HTML maps these too.
fn windows_1252(value: u32) -> Option<char> {
    Some(match value {
        0x80 => '€',
        0x82 => '‚',
        0x84 => '„',
        0x85 => '…',
        0x86 => '†',
        0x87 => '‡',
        0x89 => '‰',
        0x8B => '‹',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x99 => '™',
        0x9B => '›',
        _ => return None,
    })
}

/// Common named entities (the ones seen in news pages; unknown names are left as text).
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "lrm" => "\u{200e}",
        "rlm" => "\u{200f}",
        "shy" => "\u{ad}",
        "mdash" => "—",
        "ndash" => "–",
        "minus" => "−",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "laquo" => "«",
        "raquo" => "»",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "hellip" => "…",
        "bull" => "•",
        "middot" => "·",
        "prime" => "′",
        "Prime" => "″",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "frac12" => "½",
        "frac14" => "¼",
        "frac34" => "¾",
        "sup2" => "²",
        "sup3" => "³",
        "micro" => "µ",
        "para" => "¶",
        "sect" => "§",
        "cent" => "¢",
        "pound" => "£",
        "yen" => "¥",
        "euro" => "€",
        "iexcl" => "¡",
        "iquest" => "¿",
        "dagger" => "†",
        "Agrave" => "À",
        "Aacute" => "Á",
        "Acirc" => "Â",
        "Atilde" => "Ã",
        "Auml" => "Ä",
        "Aring" => "Å",
        "AElig" => "Æ",
        "Ccedil" => "Ç",
        "Egrave" => "È",
        "Eacute" => "É",
        "Ecirc" => "Ê",
        "Euml" => "Ë",
        "Igrave" => "Ì",
        "Iacute" => "Í",
        "Icirc" => "Î",
        "Iuml" => "Ï",
        "Ntilde" => "Ñ",
        "Ograve" => "Ò",
        "Oacute" => "Ó",
        "Ocirc" => "Ô",
        "Otilde" => "Õ",
        "Ouml" => "Ö",
        "Oslash" => "Ø",
        "Ugrave" => "Ù",
        "Uacute" => "Ú",
        "Ucirc" => "Û",
        "Uuml" => "Ü",
        "Yacute" => "Ý",
        "agrave" => "à",
        "aacute" => "á",
        "acirc" => "â",
        "atilde" => "ã",
        "auml" => "ä",
        "aring" => "å",
        "aelig" => "æ",
        "ccedil" => "ç",
        "egrave" => "è",
        "eacute" => "é",
        "ecirc" => "ê",
        "euml" => "ë",
        "igrave" => "ì",
        "iacute" => "í",
        "icirc" => "î",
        "iuml" => "ï",
        "ntilde" => "ñ",
        "ograve" => "ò",
        "oacute" => "ó",
        "ocirc" => "ô",
        "otilde" => "õ",
        "ouml" => "ö",
        "oslash" => "ø",
        "ugrave" => "ù",
        "uacute" => "ú",
        "ucirc" => "û",
        "uuml" => "ü",
        "yacute" => "ý",
        "yuml" => "ÿ",
        "szlig" => "ß",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// The cleaner skips HTML stripping for plain lines: stripping would return them as they are.
        #[test]
        fn plain_lines_strip_to_themselves(text in "([a-z <>&;/]|\\PC|[\r\n]){0,40}") {
            let plain = is_plain_line(&text);
            proptest::prop_assert_eq!(plain, !text.contains(['<', '&', '\n', '\r']));
            if plain {
                let stripped = strip_html(&text);
                proptest::prop_assert_eq!(stripped.tags_removed, 0);
                proptest::prop_assert_eq!(
                    stripped.lines,
                    vec![StrippedLine { raw_line: 1, text: text.clone() }]
                );
            }
        }
    }

    fn texts(input: &str) -> Vec<String> {
        strip_html(input)
            .lines
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn inline_tags_are_removed_and_counted() {
        let out =
            strip_html("Follow <u>Alpha</u> and <a href=\"http://x.test/?a=1&b=2\">Beta</a>.");
        assert_eq!(out.lines.len(), 1);
        assert_eq!(out.lines[0].text, "Follow Alpha and Beta.");
        assert_eq!(out.tags_removed, 4);
    }

    #[test]
    fn block_tags_break_lines_and_keep_raw_line_numbers() {
        let out = strip_html("<p>One</p><p>Two<br>Three</p>\nFour");
        let got: Vec<(usize, &str)> = out
            .lines
            .iter()
            .map(|l| (l.raw_line, l.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, ""),
                (1, "One"),
                (1, ""),
                (1, "Two"),
                (1, "Three"),
                (1, ""),
                (2, "Four")
            ]
        );
    }

    #[test]
    fn script_style_and_comments_vanish_with_their_content() {
        let input =
            "A<script type=\"x\">\nvar a = 1 < 2;\n</script>B<style>p{}</style>C<!-- gone\n-->D";
        let out = strip_html(input);
        assert_eq!(out.lines.len(), 1);
        assert_eq!(out.lines[0].text, "ABCD");
        assert_eq!(out.tags_removed, 5);
        // Text after a multi-line script keeps counting raw lines.
        let out = strip_html("<script>\n\n</script>x\ny");
        let got: Vec<(usize, &str)> = out
            .lines
            .iter()
            .map(|l| (l.raw_line, l.text.as_str()))
            .collect();
        assert_eq!(got, [(3, "x"), (4, "y")]);
    }

    #[test]
    fn literal_less_than_in_prose_is_kept() {
        assert_eq!(texts("a < b and <3 troops"), ["a < b and <3 troops"]);
        assert_eq!(texts("x <y and z> w"), ["x <y and z> w"]);
        assert_eq!(texts("if a <b and c> d"), ["if a <b and c> d"]);
        assert_eq!(texts("an open <!-- comment"), ["an open <!-- comment"]);
        assert_eq!(texts("<b>bold</b> <br2>"), ["bold <br2>"]);
    }

    #[test]
    fn named_and_numeric_entities_decode() {
        assert_eq!(
            texts("AT&amp;T &lt;b&gt; &quot;q&quot; it&rsquo;s &#8212; &#x2026; &#146; &eacute;"),
            ["AT&T <b> \"q\" it’s — … ’ é"]
        );
        // Decoded '<' does not start a tag.
        assert_eq!(texts("&lt;u&gt;x&lt;/u&gt;"), ["<u>x</u>"]);
    }

    #[test]
    fn non_entities_stay_literal() {
        assert_eq!(
            texts("R&D, AT&T, &bogus; &#; &#0; &amp"),
            ["R&D, AT&T, &bogus; &#; &#0; &amp"]
        );
    }

    #[test]
    fn crlf_and_cr_count_as_single_line_breaks() {
        let out = strip_html("a\r\nb\rc\n\nd");
        let got: Vec<(usize, &str)> = out
            .lines
            .iter()
            .map(|l| (l.raw_line, l.text.as_str()))
            .collect();
        assert_eq!(got, [(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }
}

//! CSV fields written the way the `csv` crate writes them with its defaults (`,` delimiter, `"`
//! quote doubled, `\n` terminator, quoting only where necessary), without its per-byte state
//! machine: that was ~4% of `slant score`. A property test holds it to the crate byte for byte.

/// Appends `field`, quoted when it holds a delimiter, a quote or a line break.
pub fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if !needs_quotes(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    let mut rest = field;
    while let Some(at) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=at]);
        out.push(b'"'); // a quote inside a quoted field is doubled
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Appends a record of `fields` and its terminator.
pub fn push_record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a [u8]>) {
    let start = out.len();
    let mut count = 0;
    for field in fields {
        if count > 0 {
            out.push(b',');
        }
        push_field(out, field);
        count += 1;
    }
    if count == 1 && out.len() == start {
        // A lone empty field would read back as an empty line: the crate quotes it.
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

/// Whether any byte is `,`, `"`, `\r` or `\n`. Whole 16-byte chunks are tested without an early
/// exit per byte, which the compiler turns into vector compares.
fn needs_quotes(field: &[u8]) -> bool {
    let special = |b: u8| (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r');
    let mut chunks = field.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, &b| any | special(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| special(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the `csv` crate writes for one record (the slow twin).
    fn by_the_crate(fields: &[Vec<u8>]) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(fields).unwrap();
        w.into_inner().unwrap()
    }

    fn ours(fields: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        push_record(&mut out, fields.iter().map(Vec::as_slice));
        out
    }

    #[test]
    fn quotes_only_where_needed_and_doubles_quotes() {
        let fields: Vec<Vec<u8>> = ["a", "He said, \"no\".", "", "x\ny", "\r", "0.25"]
            .map(|s| s.as_bytes().to_vec())
            .to_vec();
        assert_eq!(
            ours(&fields),
            b"a,\"He said, \"\"no\"\".\",,\"x\ny\",\"\r\",0.25\n".to_vec()
        );
        assert_eq!(
            ours(&[Vec::new()]),
            b"\"\"\n".to_vec(),
            "a lone empty field"
        );
        assert_eq!(ours(&fields), by_the_crate(&fields));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn records_are_byte_identical_to_the_csv_crate(
            fields in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        4 => proptest::sample::select(b"ab ,\"\r\n#'\t-".to_vec()),
                        1 => any::<u8>(),
                    ],
                    0..40,
                ),
                1..6,
            )
        ) {
            prop_assert_eq!(ours(&fields), by_the_crate(&fields));
        }
    }
}

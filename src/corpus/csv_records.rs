//! CSV records read the way the `csv` crate reads them with the settings article files use
//! (`,` delimiter, `"` quotes doubled inside quoted fields, `\r`, `\n` or `\r\n` ending a record,
//! blank lines skipped, a UTF-8 BOM at the start dropped, every record as long as the header),
//! with the same fields and the same positions, but with `memchr` jumps over field contents
//! instead of the crate's byte-by-byte state machine: that machine was ~7% of `slant score`.
//! A property test holds it to the crate field for field and position for position.
//!
//! Differences, on purpose: a quoted field still open at the end of the file is flagged on its
//! record ([`CsvRecord::unclosed`]); the crate returns it as if closed (it swallows every row
//! after it), which callers had to detect by re-reading the last record. A record's line is the
//! physical line of its first byte, as an editor shows it (`\r\n`, `\n` and a lone `\r` each end
//! a line); the crate gives the line where its reader stood, one line early after a `\r\n` or a
//! blank line. And a record longer than a limit ([`MAX_RECORD_BYTES`] unless set) is an error as
//! soon as its bytes pass it, so a device or a binary file cannot grow the buffer without end.

use std::io::Read;

use memchr::memchr3;

use super::limits::{human, MAX_RECORD_BYTES};

/// Where a record starts: its byte offset and 0-based index (the header is 0) as `csv::Position`
/// reports them (a record after `\r\n` starts at the `\n`), and the 1-based physical line of its
/// first byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecordPosition {
    pub byte: u64,
    pub line: u64,
    pub record: u64,
}

/// One record's fields, in one reused buffer.
#[derive(Debug, Default, Clone)]
pub struct CsvRecord {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    position: RecordPosition,
    unclosed: bool,
}

impl CsvRecord {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, if the record has it.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.bytes[start..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn position(&self) -> RecordPosition {
        self.position
    }

    /// Whether the record ends inside a quoted field that the file never closes.
    pub fn unclosed(&self) -> bool {
        self.unclosed
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
        self.unclosed = false;
    }

    fn end_field(&mut self) {
        self.ends.push(self.bytes.len());
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A record whose field count differs from the header's.
    #[error("row has {found} fields, but the header has {expected}")]
    UnequalLengths {
        position: RecordPosition,
        expected: usize,
        found: usize,
    },
    /// A record that passed the length limit before it ended.
    #[error("a record longer than {}, the limit for one CSV record (see docs/bad-inputs.md): is this a CSV file?", human(*limit as u64))]
    TooLong {
        position: RecordPosition,
        limit: usize,
    },
}

/// What parsing the buffered bytes gave.
enum Parsed {
    /// A record, the bytes and line breaks it took, and the line breaks before its first byte.
    Record {
        used: usize,
        lines: u64,
        lead: u64,
        cr: bool,
    },
    /// The input ended before another record started.
    End,
    /// More input is needed to finish the record.
    NeedMore,
}

pub struct CsvRecords<R> {
    source: R,
    buf: Vec<u8>,
    /// Unread bytes are `buf[pos..end]`.
    pos: usize,
    end: usize,
    eof: bool,
    /// Whether the BOM check at the start of the input is done.
    started: bool,
    /// The last record ended with `\r` (a `\n` right after it belongs to no record).
    after_cr: bool,
    next: RecordPosition,
    /// Fields per record: the header's.
    expected: Option<usize>,
    /// The longest record read, in bytes.
    max_record: usize,
}

impl<R: Read> CsvRecords<R> {
    /// A reader whose buffer starts at `capacity` bytes (it grows to hold the longest record).
    pub fn with_capacity(source: R, capacity: usize) -> CsvRecords<R> {
        CsvRecords {
            source,
            buf: vec![0; capacity.max(1)],
            pos: 0,
            end: 0,
            eof: false,
            started: false,
            after_cr: false,
            next: RecordPosition {
                byte: 0,
                line: 1,
                record: 0,
            },
            expected: None,
            max_record: MAX_RECORD_BYTES,
        }
    }

    /// Sets the longest record accepted (default [`MAX_RECORD_BYTES`]).
    pub fn with_limit(mut self, max_record: usize) -> CsvRecords<R> {
        self.max_record = max_record.max(1);
        self
    }

    /// Reads the next record into `record`; false at the end of the input. The first record is
    /// the header: every later one must have as many fields.
    pub fn read(&mut self, record: &mut CsvRecord) -> Result<bool, CsvError> {
        record.clear();
        record.position = self.next;
        if !self.started {
            while self.end - self.pos < 3 && !self.eof {
                self.fill()?;
            }
            if self.buf[self.pos..self.end].starts_with(b"\xEF\xBB\xBF") {
                self.pos += 3;
                self.next.byte += 3;
            }
            self.started = true;
        }
        loop {
            let data = &self.buf[self.pos..self.end];
            match parse_record(data, self.eof, self.after_cr, record) {
                Parsed::NeedMore => {
                    if data.len() > self.max_record {
                        let lead = skip_breaks(data, self.after_cr, true).map_or(0, |(_, l)| l);
                        return Err(CsvError::TooLong {
                            position: RecordPosition {
                                line: self.next.line + lead,
                                ..record.position
                            },
                            limit: self.max_record,
                        });
                    }
                    record.clear();
                    self.fill()?;
                }
                Parsed::End => {
                    self.next.byte += data.len() as u64;
                    self.pos = self.end;
                    self.after_cr = false;
                    return Ok(false);
                }
                Parsed::Record {
                    used,
                    lines,
                    lead,
                    cr,
                } => {
                    record.position.line = self.next.line + lead;
                    self.pos += used;
                    self.after_cr = cr;
                    self.next.byte += used as u64;
                    self.next.line += lines;
                    self.next.record += 1;
                    return match self.expected {
                        None => {
                            self.expected = Some(record.len());
                            Ok(true)
                        }
                        Some(expected) if expected != record.len() => {
                            Err(CsvError::UnequalLengths {
                                position: record.position,
                                expected,
                                found: record.len(),
                            })
                        }
                        Some(_) => Ok(true),
                    };
                }
            }
        }
    }

    /// Moves the unread bytes to the front (growing the buffer when they fill it) and reads more.
    fn fill(&mut self) -> std::io::Result<()> {
        if self.eof {
            return Ok(());
        }
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            // Room for one byte past the record limit, which proves a record too long.
            let len = self.buf.len();
            let grown = (2 * len)
                .min(self.max_record.saturating_add(1))
                .max(len + 1);
            self.buf.resize(grown, 0);
        }
        loop {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
}

/// Whether the `\r` at `data[i]` ends a line by itself (no `\n` follows); `None` when the next
/// byte is not read yet.
#[inline]
fn lone_cr(data: &[u8], i: usize, eof: bool) -> Option<bool> {
    match data.get(i + 1) {
        Some(&b) => Some(b != b'\n'),
        None => eof.then_some(true),
    }
}

/// Skips the line breaks at the start of `data`: the `\n` completing the last record's `\r\n`
/// (`after_cr`), then blank lines. The index of the first other byte and the line breaks passed
/// (the last record's `\r` counts as one); `None` when more input is needed to tell.
fn skip_breaks(data: &[u8], after_cr: bool, eof: bool) -> Option<(usize, u64)> {
    let mut lines = 0;
    let mut i = 0;
    if after_cr {
        match data.first() {
            None if !eof => return None,
            Some(b'\n') => i = 1,
            _ => {}
        }
        lines = 1;
    }
    while i < data.len() && matches!(data[i], b'\r' | b'\n') {
        lines += u64::from(data[i] == b'\n' || lone_cr(data, i, eof)?);
        i += 1;
    }
    Some((i, lines))
}

/// Parses one record from the start of `data` into `record` (`eof`: nothing follows `data`).
fn parse_record(data: &[u8], eof: bool, after_cr: bool, record: &mut CsvRecord) -> Parsed {
    let n = data.len();
    let Some((mut i, lead)) = skip_breaks(data, after_cr, eof) else {
        return Parsed::NeedMore;
    };
    let mut lines = lead;
    if i == n {
        return if eof { Parsed::End } else { Parsed::NeedMore };
    }
    // One field per turn, from its first byte at `i`.
    loop {
        if data[i] == b'"' {
            i += 1;
            // Inside quotes: up to the next quote, counting line breaks on the way.
            loop {
                let Some(j) = memchr3(b'"', b'\n', b'\r', &data[i..]).map(|j| i + j) else {
                    if !eof {
                        return Parsed::NeedMore;
                    }
                    record.bytes.extend_from_slice(&data[i..]);
                    record.unclosed = true;
                    record.end_field();
                    return Parsed::Record {
                        used: n,
                        lines,
                        lead,
                        cr: false,
                    };
                };
                if data[j] != b'"' {
                    let Some(lone) = lone_cr(data, j, eof) else {
                        return Parsed::NeedMore;
                    };
                    record.bytes.extend_from_slice(&data[i..=j]);
                    lines += u64::from(data[j] == b'\n' || lone);
                    i = j + 1;
                    continue;
                }
                record.bytes.extend_from_slice(&data[i..j]);
                match data.get(j + 1) {
                    None if !eof => return Parsed::NeedMore,
                    Some(b'"') => {
                        record.bytes.push(b'"'); // a doubled quote stands for one
                        i = j + 2;
                    }
                    _ => {
                        i = j + 1; // closed: the rest of the field is read as unquoted
                        break;
                    }
                }
            }
        }
        // Unquoted bytes (a quote among them is an ordinary byte) up to the field's end.
        let Some(j) = memchr3(b',', b'\n', b'\r', &data[i..]).map(|j| i + j) else {
            if !eof {
                return Parsed::NeedMore;
            }
            record.bytes.extend_from_slice(&data[i..]);
            record.end_field();
            return Parsed::Record {
                used: n,
                lines,
                lead,
                cr: false,
            };
        };
        record.bytes.extend_from_slice(&data[i..j]);
        record.end_field();
        match data[j] {
            b',' => {
                i = j + 1;
                if i == n {
                    if !eof {
                        return Parsed::NeedMore;
                    }
                    record.end_field(); // a trailing comma: one more, empty field
                    return Parsed::Record {
                        used: n,
                        lines,
                        lead,
                        cr: false,
                    };
                }
            }
            terminator => {
                return Parsed::Record {
                    used: j + 1,
                    lines: lines + u64::from(terminator == b'\n'),
                    lead,
                    cr: terminator == b'\r',
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A record's fields and its position as (byte, line, record).
    type Row = (Vec<Vec<u8>>, (u64, u64, u64));

    /// Everything a reader reports: each record's fields and position, then the outcome.
    #[derive(Debug, PartialEq)]
    struct Seen {
        records: Vec<Row>,
        error: Option<String>,
    }

    /// The physical line of the first byte at or after `byte` that is not a line break (nor the
    /// BOM at the start): one plus the line breaks before it (`\r\n`, `\n` or a lone `\r`).
    fn physical_line(input: &[u8], byte: u64) -> u64 {
        let mut start = byte as usize;
        if start == 0 && input.starts_with(b"\xEF\xBB\xBF") {
            start = 3;
        }
        while start < input.len() && matches!(input[start], b'\r' | b'\n') {
            start += 1;
        }
        let breaks = (0..start)
            .filter(|&k| {
                input[k] == b'\n' || (input[k] == b'\r' && input.get(k + 1) != Some(&b'\n'))
            })
            .count();
        1 + breaks as u64
    }

    /// The slow twin: the `csv` crate, set up as article files were read before (with physical
    /// lines, which the crate does not give).
    fn by_the_crate(input: &[u8]) -> Seen {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .has_headers(false)
            .from_reader(input);
        let mut seen = Seen {
            records: Vec::new(),
            error: None,
        };
        let mut row = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut row) {
                Ok(true) => {
                    let p = row.position().expect("a position");
                    seen.records.push((
                        row.iter().map(<[u8]>::to_vec).collect(),
                        (p.byte(), physical_line(input, p.byte()), p.record()),
                    ));
                }
                Ok(false) => return seen,
                Err(e) => {
                    seen.error = Some(match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            pos: Some(p),
                            expected_len,
                            len,
                        } => format!(
                            "{} {} {expected_len} {len}",
                            physical_line(input, p.byte()),
                            p.record()
                        ),
                        _ => e.to_string(),
                    });
                    return seen;
                }
            }
        }
    }

    fn by_the_fast_reader(input: &[u8], capacity: usize) -> (Seen, bool) {
        let mut reader = CsvRecords::with_capacity(input, capacity);
        let mut seen = Seen {
            records: Vec::new(),
            error: None,
        };
        let mut unclosed = false;
        let mut row = CsvRecord::default();
        loop {
            match reader.read(&mut row) {
                Ok(true) => {
                    let p = row.position();
                    unclosed |= row.unclosed();
                    seen.records.push((
                        row.iter().map(<[u8]>::to_vec).collect(),
                        (p.byte, p.line, p.record),
                    ));
                }
                Ok(false) => return (seen, unclosed),
                Err(CsvError::UnequalLengths {
                    position,
                    expected,
                    found,
                }) => {
                    seen.error = Some(format!(
                        "{} {} {expected} {found}",
                        position.line, position.record
                    ));
                    return (seen, unclosed);
                }
                Err(e) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn lines_are_physical_after_crlf_blank_lines_and_multi_line_fields() {
        let input = b"id,text\r\n1,a\r\n\r\n2,\"two\r\nlines\"\r\n3,b\r4,c\n";
        let (seen, _) = by_the_fast_reader(input, 4);
        let lines: Vec<u64> = seen.records.iter().map(|(_, p)| p.1).collect();
        assert_eq!(lines, [1, 2, 4, 6, 7]);
        let (seen, _) = by_the_fast_reader(b"a,b\r\n1,2\r\n\r\n3,4,5\r\n", 64);
        assert_eq!(seen.error.as_deref(), Some("4 2 2 3"));
    }

    #[test]
    fn a_record_past_the_limit_fails_as_its_bytes_arrive() {
        let mut input = b"id,text\n1,short\n2,".to_vec();
        input.extend(std::iter::repeat_n(b'x', 10_000));
        for capacity in [1, 64, 1 << 16] {
            let mut reader = CsvRecords::with_capacity(&input[..], capacity).with_limit(4096);
            let mut row = CsvRecord::default();
            assert!(reader.read(&mut row).unwrap());
            assert!(reader.read(&mut row).unwrap());
            match reader.read(&mut row) {
                Err(CsvError::TooLong { position, limit }) => {
                    assert_eq!((position.line, position.record, limit), (3, 2, 4096));
                }
                other => panic!("{other:?}"),
            }
            // The buffer grows past its start only up to one byte past the limit.
            assert!(reader.buf.len() <= capacity.max(4097));
        }
    }

    fn assert_agrees(input: &[u8]) {
        let slow = by_the_crate(input);
        for capacity in [1, 2, 3, 7, 64, 1 << 16] {
            let (fast, unclosed) = by_the_fast_reader(input, capacity);
            assert_eq!(
                fast,
                slow,
                "capacity {capacity}: {:?}",
                String::from_utf8_lossy(input)
            );
            // The last record, from its first byte (its position is before the blank lines).
            let expect_unclosed = slow.records.last().is_some_and(|(_, p)| {
                let rest = &input[p.0 as usize..];
                let rest = rest
                    .strip_prefix(b"\xEF\xBB\xBF")
                    .filter(|_| p.0 == 0)
                    .unwrap_or(rest);
                let first = rest.iter().position(|b| !matches!(b, b'\r' | b'\n'));
                crate::corpus::quotes::has_unclosed_quote(&rest[first.unwrap_or(rest.len())..])
            });
            if slow.error.is_none() {
                assert_eq!(
                    unclosed,
                    expect_unclosed,
                    "{:?}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    #[test]
    fn reads_what_the_csv_crate_reads() {
        for input in [
            &b""[..],
            b"\n\n",
            b"id,text\n1,plain\n2,\"quoted, with comma\"\n",
            b"id,text\r\n1,a\r\n\r\n2,b\r\n",
            b"id,text\r1,a\r2,b",
            b"\xEF\xBB\xBFid,text\n1,\"say \"\"no\"\"\"\n",
            b"\xEF\xBB\xBF",
            b"\xEF\xBB",
            b"a,b\n1,\"multi\nline\r\nfield\"\n2,x",
            b"a,b\n1,\"closed\"then more,\n",
            b"a,b\n1,\"closed\"then more\n",
            b"a,b\n1,x\"y\"z\n",
            b"a,b\n1,2,3\n",
            b"a,b\n1\n",
            b"a,b\n1,\"never closed\n2,x\n",
            b"a,b\n1,",
            b"a,b\n1,\"\"",
            b"a,b\n,\n",
            b"\"unclosed header",
            b" ,\n",
        ] {
            assert_agrees(input);
        }
    }

    #[test]
    fn flags_a_quote_left_open() {
        let (seen, unclosed) = by_the_fast_reader(b"a,b\n1,\"open\n2,x\n", 8);
        assert!(unclosed);
        assert_eq!(seen.records[1].0, [b"1".to_vec(), b"open\n2,x\n".to_vec()]);
        let (_, unclosed) = by_the_fast_reader(b"a,b\n1,\"closed\"\n", 8);
        assert!(!unclosed);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn agrees_with_the_csv_crate(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(&b","[..]), Just(&b"\""[..]), Just(&b"\n"[..]), Just(&b"\r"[..]),
                    Just(&b"\r\n"[..]), Just(&b"\"\""[..]), Just(&b"ab"[..]), Just(&b" "[..]),
                    Just(&b"\xEF\xBB\xBF"[..]), Just("é".as_bytes()), Just(&b"x,y\n"[..]),
                ],
                0..40,
            ),
        ) {
            let input: Vec<u8> = parts.concat();
            assert_agrees(&input);
        }
    }
}

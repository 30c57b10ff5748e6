//! Unclosed quotes in CSV files. The csv parser accepts a quote that is never closed: the field
//! silently runs to the end of the file, swallowing the rows after it. Such a field can only be in
//! the last record, so after reading a file we re-scan its last record from its first byte.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Error, Location, Result};

/// Where the last record of a CSV file starts: its byte offset and 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordStart {
    pub byte: u64,
    pub line: u64,
    pub record: u64,
}

impl RecordStart {
    pub fn of(pos: Option<&csv::Position>, record: u64) -> Option<RecordStart> {
        pos.map(|p| RecordStart {
            byte: p.byte(),
            line: p.line(),
            record,
        })
    }
}

/// True when `bytes` (one record and what follows it) opens a quoted field that is never closed.
pub fn has_unclosed_quote(bytes: &[u8]) -> bool {
    let mut i = 0;
    let n = bytes.len();
    loop {
        // At the start of a field.
        if i < n && bytes[i] == b'"' {
            i += 1;
            loop {
                match bytes[i..].iter().position(|&b| b == b'"') {
                    None => return true,
                    Some(j) => {
                        i += j + 1;
                        if i < n && bytes[i] == b'"' {
                            i += 1; // an escaped quote
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        // The rest of the field, up to a separator or the end of the record.
        while i < n && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        if i >= n || bytes[i] != b',' {
            return false;
        }
        i += 1;
    }
}

/// Fails when the record starting at `start` in `path` opens a quote it never closes.
pub fn check_last_record(path: &Path, start: RecordStart) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    file.seek(SeekFrom::Start(start.byte))
        .map_err(|e| Error::io(path, e))?;
    let mut rest = Vec::new();
    file.read_to_end(&mut rest)
        .map_err(|e| Error::io(path, e))?;
    // A record's position is where the reader stood before it: blank lines may come first.
    let first = rest.iter().position(|b| !matches!(b, b'\r' | b'\n'));
    if has_unclosed_quote(&rest[first.unwrap_or(rest.len())..]) {
        return Err(Error::input(
            Location::record(path, Some(start.line), start.record),
            "unclosed quote: a quoted field runs to the end of the file",
        ));
    }
    Ok(())
}

/// A ragged-row error caused by an unclosed quote (the quoted field swallowed the next rows) is
/// reported as such; any other error goes to `fallback`.
pub fn unclosed_or(
    path: &Path,
    e: csv::Error,
    fallback: impl FnOnce(&Path, csv::Error) -> Error,
) -> Error {
    if let csv::ErrorKind::UnequalLengths { pos: Some(pos), .. } = e.kind() {
        let start = RecordStart {
            byte: pos.byte(),
            line: pos.line(),
            record: pos.record(),
        };
        if let Err(quote) = check_last_record(path, start) {
            return quote;
        }
    }
    fallback(path, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quotes_that_never_close() {
        assert!(has_unclosed_quote(b"\"never closed,against\nmore,favor\n"));
        assert!(has_unclosed_quote(b"fine,\"favor\nmore,against\n"));
        assert!(has_unclosed_quote(b"a,\"b \"\" c\n"));
        assert!(!has_unclosed_quote(b"\"closed, with comma\",favor\n"));
        assert!(!has_unclosed_quote(b"a,\"b \"\" c\"\n"));
        assert!(!has_unclosed_quote(b"a 5\" gun,favor\n"));
        assert!(!has_unclosed_quote(b"\"multi\nline\",x\r\n"));
        assert!(!has_unclosed_quote(b""));
    }
}

//! Unclosed quotes in CSV files: a quote that is never closed silently runs to the end of the
//! file, swallowing the rows after it. The CSV readers flag it on its record as they parse
//! ([`super::csv_records`]); this plain scan of one record is the oracle their tests check against.

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

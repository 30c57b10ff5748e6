//! Opening an input file the same way for every reader: its first block (8 KiB) is read and checked
//! before anything else — binary data and UTF-16/UTF-32 text are named at once, without reading
//! the rest — and the rest is read as a stream (CSV, JSONL) or whole within a limit (articles,
//! models, lexicons, outlet maps, rule files; see [`super::limits`]). Devices and pipes named on the
//! command line are read the same way: nothing is sized by what a file claims, and nothing grows
//! past its limit in memory (a failed allocation is an error, not an abort).

use std::fs::File;
use std::io::{Chain, Cursor, Read};
use std::path::{Path, PathBuf};

use super::limits::{human, SNIFF_BYTES};
use crate::error::{Error, Location};

/// What the first block of a file looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Text slant can read (UTF-8, or another 8-bit encoding decoded with replacements).
    Text,
    /// Binary data: a NUL byte at this offset of the block, or (`None`) mostly control bytes.
    Binary { nul_at: Option<usize> },
    /// UTF-16 text (with a byte-order mark, or recognised by its zero bytes).
    Utf16 { big_endian: bool },
    /// UTF-32 text.
    Utf32 { big_endian: bool },
}

/// Classifies the first block of a file (see [`Content`]).
pub fn sniff(block: &[u8]) -> Content {
    if block.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Content::Utf32 { big_endian: false };
    }
    if block.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Content::Utf32 { big_endian: true };
    }
    if block.starts_with(&[0xFF, 0xFE]) {
        return Content::Utf16 { big_endian: false };
    }
    if block.starts_with(&[0xFE, 0xFF]) {
        return Content::Utf16 { big_endian: true };
    }
    let Some(nul_at) = memchr::memchr(0, block) else {
        // Text has line breaks and tabs among its control bytes, and little else; text in an
        // 8-bit encoding other than UTF-8 (decoded with replacements) has few invalid bytes.
        let control = block
            .iter()
            .filter(|&&b| {
                (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1b)) || b == 0x7f
            })
            .count();
        let invalid = || -> usize { block.utf8_chunks().map(|c| c.invalid().len()).sum() };
        let len = block.len();
        let binary =
            control >= 4 && (control * 10 > len || (control * 33 > len && invalid() * 5 > len));
        return if binary {
            Content::Binary { nul_at: None }
        } else {
            Content::Text
        };
    };
    // Without a byte-order mark, UTF-16 and UTF-32 text shows its zero bytes in a pattern.
    let whole = block.len() - block.len() % 4;
    if whole >= 8 {
        let block = &block[..whole];
        let zero_share = |phase: usize, step: usize| {
            let lane = block.iter().skip(phase).step_by(step);
            let n = lane.clone().count();
            lane.filter(|&&b| b == 0).count() as f64 / n as f64
        };
        let (z0, z1, z2, z3) = (
            zero_share(0, 4),
            zero_share(1, 4),
            zero_share(2, 4),
            zero_share(3, 4),
        );
        if z2 >= 0.95 && z3 >= 0.95 && z0 <= 0.05 {
            return Content::Utf32 { big_endian: false };
        }
        if z0 >= 0.95 && z1 >= 0.95 && z3 <= 0.05 {
            return Content::Utf32 { big_endian: true };
        }
        let (even, odd) = (zero_share(0, 2), zero_share(1, 2));
        if odd >= 0.5 && even <= 0.05 {
            return Content::Utf16 { big_endian: false };
        }
        if even >= 0.5 && odd <= 0.05 {
            return Content::Utf16 { big_endian: true };
        }
    }
    Content::Binary {
        nul_at: Some(nul_at),
    }
}

/// Why an input cannot be read as text of the kind wanted.
#[derive(Debug)]
pub enum InputError {
    Io(std::io::Error),
    /// Binary data; `line` of the first NUL byte when there is one.
    Binary {
        line: Option<u64>,
    },
    /// Text in an encoding slant does not read: "UTF-16 (little-endian)".
    Encoding(String),
    /// More than `limit` bytes.
    TooLarge {
        limit: u64,
    },
}

impl InputError {
    /// The message, for a file of the kind `what` ("CSV text", "an article", "a slant model").
    pub fn message(&self, what: &str) -> String {
        match self {
            InputError::Io(e) => e.to_string(),
            InputError::Binary { line: Some(_) } => {
                format!("NUL byte: a binary file, not {what}")
            }
            InputError::Binary { line: None } => format!(
                "binary data (mostly control bytes in the first {}), not {what}",
                human(SNIFF_BYTES as u64)
            ),
            InputError::Encoding(name) => {
                let family = name.split(' ').next().unwrap_or(name);
                format!(
                    "the file is {name}; slant reads UTF-8: convert it, e.g. iconv -f {family} -t UTF-8"
                )
            }
            InputError::TooLarge { limit } => format!(
                "larger than {}, the limit for {what} (see docs/bad-inputs.md): is this the right file?",
                human(*limit)
            ),
        }
    }

    /// Where the problem is, as messages name it: `path`, or `path:line` for a NUL byte.
    pub fn origin(&self, path: &Path) -> String {
        match self {
            InputError::Binary { line: Some(line) } => format!("{}:{line}", path.display()),
            _ => path.display().to_string(),
        }
    }

    /// As a crate error: I/O errors exit 4, the others 3 (with the line of a NUL byte).
    pub fn into_error(self, path: &Path, what: &str) -> Error {
        let message = self.message(what);
        match self {
            InputError::Io(e) => Error::io(path, e),
            InputError::Binary { line: Some(line) } => {
                Error::input(Location::line(path, line), message)
            }
            _ => Error::input(Location::file(path), message),
        }
    }
}

impl From<std::io::Error> for InputError {
    fn from(e: std::io::Error) -> Self {
        InputError::Io(e)
    }
}

/// An open input whose first block has been read.
#[derive(Debug)]
pub struct Input {
    path: PathBuf,
    head: Vec<u8>,
    file: File,
    /// The size of a regular file (`None` for a pipe or device).
    len: Option<u64>,
}

/// The rest of an input after its first block: the block, then the file.
pub type Stream = Chain<Cursor<Vec<u8>>, File>;

impl Input {
    /// Opens `path` and reads its first block.
    pub fn open(path: &Path) -> Result<Input, InputError> {
        let mut file = File::open(path)?;
        let meta = file.metadata()?;
        let len = meta.is_file().then_some(meta.len());
        let mut block = [0; SNIFF_BYTES];
        let mut filled = 0;
        while filled < block.len() {
            match file.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Exactly as long as it is: a short article holds no more memory than its bytes.
        let head = block[..filled].to_vec();
        Ok(Input {
            path: path.to_path_buf(),
            head,
            file,
            len,
        })
    }

    /// Opens `path` and checks that its first block is text (see [`Input::check_text`]).
    pub fn open_text(path: &Path) -> Result<Input, InputError> {
        let input = Input::open(path)?;
        input.check_text()?;
        Ok(input)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The first block (all of a short file).
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// Whether this is a regular file (not a pipe, socket or device).
    pub fn is_regular(&self) -> bool {
        self.len.is_some()
    }

    /// Fails unless the first block is text: binary data or another encoding is named.
    pub fn check_text(&self) -> Result<(), InputError> {
        match sniff(&self.head) {
            Content::Text => Ok(()),
            Content::Binary { nul_at } => Err(InputError::Binary {
                line: nul_at.map(|at| line_of(&self.head, at)),
            }),
            Content::Utf16 { big_endian } => Err(InputError::Encoding(format!(
                "UTF-16 ({})",
                endian(big_endian)
            ))),
            Content::Utf32 { big_endian } => Err(InputError::Encoding(format!(
                "UTF-32 ({})",
                endian(big_endian)
            ))),
        }
    }

    /// The whole input, as a stream (the first block first).
    pub fn into_stream(self) -> Stream {
        Cursor::new(self.head).chain(self.file)
    }

    /// Reads the whole input, failing once it passes `limit` bytes (a regular file larger than
    /// that fails before any more is read). Memory is reserved as the bytes arrive, and a failed
    /// reservation is an error.
    pub fn read_all(self, limit: u64) -> Result<Vec<u8>, InputError> {
        let too_large = InputError::TooLarge { limit };
        if self.len.is_some_and(|len| len > limit) || self.head.len() as u64 > limit {
            return Err(too_large);
        }
        let mut bytes = self.head;
        let mut file = self.file;
        if let Some(len) = self.len {
            // Exactly, plus one byte to see the end of a file that did not grow: the bytes become
            // the article's text, kept while its batch is scored.
            let rest = (len + 1).saturating_sub(bytes.len() as u64);
            bytes
                .try_reserve_exact(rest as usize)
                .map_err(|_| out_of_memory(len))?;
        }
        loop {
            let room = bytes.capacity() - bytes.len();
            let chunk = if room > 0 {
                room
            } else {
                let chunk = bytes.len().clamp(64 << 10, 64 << 20);
                reserve(&mut bytes, chunk)?;
                chunk
            };
            // At most one byte past the limit is read: that byte is the proof.
            let allowed = (limit + 1).saturating_sub(bytes.len() as u64);
            let want = (chunk as u64).min(allowed);
            let got = (&mut file).take(want).read_to_end(&mut bytes)?;
            if bytes.len() as u64 > limit {
                return Err(too_large);
            }
            if (got as u64) < want {
                return Ok(bytes);
            }
        }
    }
}

/// Refuses pipes (FIFOs) and sockets among `paths`, for a command that reads its files more than
/// once (`why` says so): a pipe's bytes can be read only once. A usage error, before any reading.
pub fn refuse_pipes<'a>(paths: impl IntoIterator<Item = &'a Path>, why: &str) -> Result<(), Error> {
    #[cfg(unix)]
    for path in paths {
        use std::os::unix::fs::FileTypeExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let ft = meta.file_type();
            if ft.is_fifo() || ft.is_socket() {
                return Err(Error::Usage(format!(
                    "{}: a pipe can be read only once, and {why}: save it to a file first",
                    path.display()
                )));
            }
        }
    }
    Ok(())
}

/// Reserves room for `more` bytes, or fails as an I/O error (out of memory), never aborts.
fn reserve(bytes: &mut Vec<u8>, more: usize) -> Result<(), InputError> {
    let total = bytes.len().saturating_add(more) as u64;
    bytes.try_reserve(more).map_err(|_| out_of_memory(total))
}

fn out_of_memory(bytes: u64) -> InputError {
    InputError::Io(std::io::Error::new(
        std::io::ErrorKind::OutOfMemory,
        format!("not enough memory to read {bytes} bytes"),
    ))
}

fn endian(big: bool) -> &'static str {
    if big {
        "big-endian"
    } else {
        "little-endian"
    }
}

/// The 1-based line of byte `at` of `bytes`.
fn line_of(bytes: &[u8], at: usize) -> u64 {
    1 + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        for u in units {
            out.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    }

    fn utf32(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for c in bom.then_some('\u{feff}').into_iter().chain(text.chars()) {
            let c = c as u32;
            out.extend(if big_endian {
                c.to_be_bytes()
            } else {
                c.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn names_binary_data_and_other_encodings() {
        let text = "id,text\r\n1,\"The talks resumed, officials said.\"\r\n";
        assert_eq!(sniff(text.as_bytes()), Content::Text);
        assert_eq!(sniff(b"\xEF\xBB\xBFid,text\n"), Content::Text);
        assert_eq!(sniff(b"Caf\xe9 \x1b[1mbold\x1b[0m\tok\x0c"), Content::Text);
        assert_eq!(sniff(b""), Content::Text);
        for big in [false, true] {
            for bom in [false, true] {
                assert_eq!(
                    sniff(&utf16(text, big, bom)),
                    Content::Utf16 { big_endian: big },
                    "{big} {bom}"
                );
                assert_eq!(
                    sniff(&utf32(text, big, bom)),
                    Content::Utf32 { big_endian: big },
                    "{big} {bom}"
                );
            }
        }
        assert_eq!(
            sniff(b"text\nnul\x00here\n"),
            Content::Binary { nul_at: Some(8) }
        );
        assert_eq!(sniff(&[0u8; 8192]), Content::Binary { nul_at: Some(0) });
        assert_eq!(
            sniff(b"\x01\x02\x03\x04\x05 abc"),
            Content::Binary { nul_at: None }
        );
        // Random bytes (a fixed xorshift stream) are binary.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let random: Vec<u8> = (0..8192)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        assert!(matches!(sniff(&random), Content::Binary { .. }));
        // Without its NUL bytes too (a random device's block nearly always has some).
        let no_nul: Vec<u8> = random.iter().map(|&b| b.max(1)).collect();
        assert_eq!(sniff(&no_nul), Content::Binary { nul_at: None });
        // Latin-1 text with its accents is text (decoded with replacements, as before).
        let latin1: Vec<u8> =
            "Le d\u{e9}p\u{f4}t a \u{e9}t\u{e9} ferm\u{e9} \u{e0} l'\u{e9}t\u{e9}. "
                .repeat(100)
                .chars()
                .map(|c| c as u32 as u8)
                .collect();
        assert_eq!(sniff(&latin1), Content::Text);
    }

    #[test]
    fn reads_whole_files_within_their_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let body: Vec<u8> = (0..100_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(&path, &body).unwrap();
        let input = Input::open_text(&path).unwrap();
        assert!(input.is_regular());
        assert_eq!(input.read_all(100_000).unwrap(), body);
        let err = Input::open(&path).unwrap().read_all(99_999).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { limit: 99_999 }));
        assert!(err
            .message("an article")
            .contains("the limit for an article"));
        // A stream (no known length) is cut at the limit too.
        let file = File::open(&path).unwrap();
        let stream = Input {
            path: path.clone(),
            head: Vec::new(),
            file,
            len: None,
        };
        assert!(matches!(
            stream.read_all(5_000),
            Err(InputError::TooLarge { limit: 5_000 })
        ));
    }

    #[test]
    fn messages_name_the_encoding_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.csv");
        std::fs::write(&path, utf16("id,text\n1,x\n", false, true)).unwrap();
        let err = Input::open_text(&path)
            .unwrap_err()
            .into_error(&path, "CSV text");
        assert!(
            err.to_string().ends_with(
                "bad.csv: the file is UTF-16 (little-endian); slant reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8"
            ),
            "{err}"
        );
        std::fs::write(&path, b"a,b\n1,2\n3,\x00\n").unwrap();
        let err = Input::open_text(&path)
            .unwrap_err()
            .into_error(&path, "CSV text");
        assert!(err.to_string().contains("bad.csv:3: NUL byte"), "{err}");
        assert_eq!(err.exit_code(), crate::error::exit::INPUT);
    }
}

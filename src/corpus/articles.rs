//! Articles to score, read lazily from `.txt` files (one article per file, id = file stem),
//! folders of them, CSV files and JSONL files. Column names are configurable.
//!
//! Nothing is merged or dropped silently:
//! - a file named twice (two spellings, or a file and the folder holding it) is read once, with a
//!   warning;
//! - `.txt` files that share a stem (`a/story.txt`, `b/story.txt`) get ids that carry their paths:
//!   the fewest trailing path components that tell them apart, without the extension (`a/story`,
//!   `b/story`); every other `.txt` file keeps its stem as id;
//! - an id already used by an earlier article (two CSV records with one `id`, a record whose id
//!   is a `.txt` file's stem, …) is kept apart: the later article's id gets the suffix `#2` (`#3`,
//!   … for more copies), with a warning naming its file and line;
//! - repeated CSV column names and repeated JSON keys, and JSONL `id`/`outlet`/`date`/`title`
//!   fields of the wrong type are warned about (naming file and line);
//! - a column named by an option the user gave (`--id-column uid`) must exist.
//!
//! Under `--strict` every such warning is an error instead.

use crate::corpus::csv_header::column_name;
use crate::corpus::csv_records::{CsvError, CsvRecord, CsvRecords};
use crate::corpus::input::{Input, InputError, Stream};
use crate::corpus::limits::{human, MAX_ARTICLE_BYTES, MAX_RECORD_BYTES};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::corpus::json_object::{describe, JsonObject, NotAnObject};
use crate::corpus::repeats::{drop_repeats, NAMED_TWICE};
use crate::error::{Error, Location, Result};
use crate::warnings::Warnings;

/// Warning kinds of the article reader (see [`crate::warnings`]).
pub const DUPLICATE_ID: &str = "duplicate article id";
pub const REPEATED_KEY: &str = "repeated JSON key";
pub const WRONG_TYPE: &str = "wrongly typed JSON field";

/// One article as read, before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// Where it came from: `path` or `path:line`.
    pub origin: String,
    /// The file it was read from, as named on the command line or found in a folder (for the
    /// outlet map, which matches the trailing part of this path).
    pub file_name: String,
}

/// Names of the fields of CSV and JSONL article records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleColumns {
    pub id: String,
    pub text: String,
    pub outlet: String,
    pub date: String,
    pub title: String,
    /// Columns named by options the user gave, as (option, column): each must exist in every
    /// CSV file (and in the first record of every JSONL file). The defaults stay optional.
    pub given: Vec<(&'static str, String)>,
}

impl Default for ArticleColumns {
    fn default() -> Self {
        ArticleColumns {
            id: "id".into(),
            text: "text".into(),
            outlet: "outlet".into(),
            date: "date".into(),
            title: "title".into(),
            given: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Text,
    Csv,
    Jsonl,
}

impl InputKind {
    /// The kind of a file named explicitly on the command line, by its extension.
    pub fn of(path: &Path) -> Option<InputKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputKind::Text),
            "csv" => Some(InputKind::Csv),
            "jsonl" | "ndjson" => Some(InputKind::Jsonl),
            _ => None,
        }
    }
}

/// What reading found that is not an article: every skip has a reason, nothing is dropped
/// silently.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadReport {
    pub files: usize,
    pub records: usize,
    pub articles: usize,
    /// `origin: reason` for every file or record that was skipped.
    pub skipped: Vec<String>,
    /// Articles whose bytes were not valid UTF-8 and were decoded lossily.
    pub lossy_utf8: Vec<String>,
    /// Files named twice, duplicate ids, repeated column names and JSON keys, wrongly typed
    /// fields (each naming its file and line).
    pub warnings: Warnings,
    /// What the reader did that the user should know but is no problem (ids made from paths).
    pub notes: Vec<String>,
}

/// Expands the command-line inputs into files to read: folders are walked recursively (sorted,
/// hidden entries skipped) for `.txt` files; other files in folders are reported as skipped.
pub fn expand_inputs(
    inputs: &[PathBuf],
    report: &mut ReadReport,
) -> Result<Vec<(PathBuf, InputKind)>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            walk_dir(input, &mut files, report)?;
        } else {
            let kind = InputKind::of(input).ok_or_else(|| {
                Error::Usage(format!(
                    "{}: unknown input type (use .txt for one article, .csv or .jsonl for many)",
                    input.display()
                ))
            })?;
            files.push((input.clone(), kind));
        }
    }
    Ok(files)
}

fn walk_dir(
    dir: &Path,
    files: &mut Vec<(PathBuf, InputKind)>,
    report: &mut ReadReport,
) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if ft.is_dir() {
            walk_dir(&path, files, report)?;
        } else if let Some(reason) = not_regular(&path, ft) {
            // Never opened: opening a FIFO waits for a writer, a device may never end.
            report.skipped.push(format!("{}: {reason}", path.display()));
        } else if InputKind::of(&path) == Some(InputKind::Text) {
            files.push((path, InputKind::Text));
        } else if entry.file_name() == OUTLET_MAP_NAME && path.parent() == Some(dir) {
            // A folder's own outlet map (see `folder_outlet_map`), not an unread article.
        } else {
            report
                .skipped
                .push(format!("{}: not a .txt article file", path.display()));
        }
    }
    Ok(())
}

/// Why a folder entry that is not a folder is not read (`None` for a regular file, or a link to
/// one): pipes, sockets, devices and links to them or to folders are skipped.
fn not_regular(path: &Path, ft: std::fs::FileType) -> Option<String> {
    let ft = if ft.is_symlink() {
        match std::fs::metadata(path) {
            Ok(meta) => meta.file_type(),
            Err(e) => return Some(format!("a link that cannot be followed ({e})")),
        }
    } else {
        ft
    };
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a link to a folder, not followed".into());
    }
    Some(format!(
        "not a regular file ({}), not read",
        file_type_name(ft)
    ))
}

/// "a FIFO", "a socket", "a character device"…
fn file_type_name(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    let _ = ft;
    "a special file"
}

/// The outlet map a folder of articles may carry, used when no `--outlets` is given.
pub const OUTLET_MAP_NAME: &str = "outlets.csv";

/// The outlet maps found in the input folders (`<folder>/outlets.csv`).
pub fn folder_outlet_maps(inputs: &[PathBuf]) -> Vec<PathBuf> {
    inputs
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| p.join(OUTLET_MAP_NAME))
        .filter(|p| p.is_file())
        .collect()
}

/// Decodes article bytes: valid UTF-8 as is (a BOM dropped), anything else lossily (counted), or
/// an error under `strict`.
fn decode(bytes: Vec<u8>, origin: &str, strict: bool, report: &mut ReadReport) -> Result<String> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => lossy(e.as_bytes(), e.utf8_error(), origin, strict, report),
    }
}

/// As [`decode`], into `out` (its buffer reused).
fn decode_into(
    bytes: &[u8],
    out: &mut String,
    origin: &str,
    strict: bool,
    report: &mut ReadReport,
) -> Result<()> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            out.clear();
            // Exact: a reused buffer grows only to the longest text it held (see `Batch::recycle`).
            out.reserve_exact(s.len());
            out.push_str(s);
        }
        Err(e) => *out = lossy(bytes, e, origin, strict, report)?,
    }
    Ok(())
}

/// Invalid UTF-8: decoded with replacement characters (and counted), or an error under `strict`.
fn lossy(
    bytes: &[u8],
    error: std::str::Utf8Error,
    origin: &str,
    strict: bool,
    report: &mut ReadReport,
) -> Result<String> {
    let message = format!("invalid UTF-8 at byte {}", error.valid_up_to());
    if strict {
        return Err(Error::input(
            Location::file(origin),
            message + " (--strict)",
        ));
    }
    report.lossy_utf8.push(format!(
        "{origin}: {message}, decoded with replacement characters"
    ));
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Reads articles one at a time from a list of files.
pub struct ArticleReader {
    files: VecDeque<(PathBuf, InputKind)>,
    current: Option<Records>,
    columns: ArticleColumns,
    strict: bool,
    report: ReadReport,
    /// Ids of `.txt` files whose stem another input `.txt` file shares (see the module docs).
    path_ids: std::collections::HashMap<PathBuf, String>,
    /// Every id given so far, to keep ids unique.
    ids: IdSet,
}

#[allow(clippy::large_enum_variant)] // one per open file
enum Records {
    Csv {
        path: PathBuf,
        reader: CsvRecords<Stream>,
        cols: CsvColumns,
        record: u64,
        /// The record buffer, reused for every row.
        row: CsvRecord,
        /// `path` as shown in origins, its file name and stem: made once, not per record.
        shown: String,
        name: String,
        stem: String,
    },
    Jsonl {
        path: PathBuf,
        reader: BufReader<Stream>,
        /// The current line, its buffer reused.
        buf: Vec<u8>,
        line: u64,
        /// No record read yet: the fields named by options are checked on the first.
        first: bool,
    },
}

struct CsvColumns {
    id: Option<usize>,
    text: usize,
    outlet: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
}

impl ArticleReader {
    pub fn open(inputs: &[PathBuf], columns: ArticleColumns, strict: bool) -> Result<Self> {
        let mut report = ReadReport::default();
        let files = expand_inputs(inputs, &mut report)?;
        let (files, repeats) = drop_repeats(files);
        let path_ids = path_ids(&files);
        if !path_ids.is_empty() {
            let mut examples: Vec<&String> = path_ids.values().collect();
            examples.sort();
            examples.truncate(3);
            let examples: Vec<String> = examples.iter().map(|id| format!("`{id}`")).collect();
            report.notes.push(format!(
                "{} .txt files share their file stem with another: their ids carry their paths ({}{})",
                path_ids.len(),
                examples.join(", "),
                if path_ids.len() > 3 { ", …" } else { "" }
            ));
        }
        if strict {
            if let Some(skip) = report.skipped.first() {
                return Err(Error::input(
                    Location::file(skip.split(": ").next().unwrap_or_default()),
                    format!(
                        "{} (--strict)",
                        skip.split_once(": ").map_or(skip.as_str(), |s| s.1)
                    ),
                ));
            }
        }
        // Under --strict, a skipped file is named first (it is what the user must fix).
        for repeat in repeats {
            if strict {
                return Err(Error::Usage(format!("{} (--strict)", repeat.message())));
            }
            report.warnings.push(NAMED_TWICE, repeat.message());
        }
        let mut reader = ArticleReader {
            files: VecDeque::new(),
            current: None,
            columns,
            strict,
            report,
            path_ids,
            ids: IdSet::default(),
        };
        // The columns the user named are checked in every file before any article is read (and
        // any output written); for files that are not regular (a pipe) only as they are read.
        if !reader.columns.given.is_empty() {
            let kept = std::mem::take(&mut reader.report.warnings);
            for (path, kind) in &files {
                if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
                    continue;
                }
                match kind {
                    InputKind::Csv => drop(reader.open_csv(path)?),
                    InputKind::Jsonl => reader.check_first_json_record(path)?,
                    InputKind::Text => {}
                }
            }
            reader.report.warnings = kept; // the headers' warnings are found again when read
        }
        reader.files = files.into();
        Ok(reader)
    }

    /// Checks that the first record of a JSONL file has the fields named by options.
    fn check_first_json_record(&self, path: &Path) -> Result<()> {
        let input = Input::open_text(path).map_err(|e| e.into_error(path, "JSONL text"))?;
        let mut reader = BufReader::with_capacity(64 << 10, input.into_stream());
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            let got = reader
                .by_ref()
                .take(MAX_RECORD_BYTES as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| Error::io(path, e))?;
            line += 1;
            // The end, or a line too long: reading the file reports what is wrong.
            if got == 0 || buf.len() > MAX_RECORD_BYTES {
                return Ok(());
            }
            let mut bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
            if line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Not an object: reading the file reports it, at its line.
            if let Ok(obj) = JsonObject::parse(bytes) {
                check_given_fields(&self.columns, &obj, Location::line(path, line))?;
            }
            return Ok(());
        }
    }

    pub fn report(&self) -> &ReadReport {
        &self.report
    }

    pub fn into_report(self) -> ReadReport {
        self.report
    }

    /// Stops reading after an error: an iterator that failed yields nothing more.
    fn fail(&mut self, e: Error) -> Error {
        self.current = None;
        self.files.clear();
        e
    }

    /// Keeps `slot`'s id unique: an id given before gets the suffix `#2` (`#3`, …), with a
    /// warning, or is an error under `--strict`.
    fn unique_id(&mut self, slot: &mut Article) -> Result<()> {
        if self.ids.insert(&slot.id) {
            return Ok(());
        }
        if self.strict {
            return Err(Error::input(
                Location::file(slot.origin.as_str()),
                format!(
                    "article id `{}` was already given to an earlier article (--strict)",
                    slot.id
                ),
            ));
        }
        let original = std::mem::take(&mut slot.id);
        for n in 2u64.. {
            let candidate = format!("{original}#{n}");
            if self.ids.insert(&candidate) {
                slot.id = candidate;
                break;
            }
        }
        let origin = &slot.origin;
        let renamed = &slot.id;
        self.report.warnings.push_with(DUPLICATE_ID, || {
            format!(
                "{origin}: article id `{original}` was already given to an earlier article: this one is `{renamed}`"
            )
        });
        Ok(())
    }

    fn skip(&mut self, origin: String, reason: &str) -> Result<()> {
        if self.strict {
            return Err(Error::input(
                Location::file(origin),
                format!("{reason} (--strict)"),
            ));
        }
        self.report.skipped.push(format!("{origin}: {reason}"));
        Ok(())
    }

    fn read_text_file(&mut self, path: &Path) -> Result<Option<Article>> {
        let input = Input::open(path).map_err(|e| e.into_error(path, ARTICLE))?;
        let origin = path.display().to_string();
        // Binary data is found in the first block, before the rest is read.
        match input.check_text() {
            Ok(()) => {}
            Err(InputError::Binary { line: None }) => {
                let reason = InputError::Binary { line: None }.message(ARTICLE);
                self.skip(origin, &reason)?;
                return Ok(None);
            }
            Err(InputError::Binary { .. }) => {
                self.skip(origin, "binary file (contains NUL bytes), not an article")?;
                return Ok(None);
            }
            Err(e) => return Err(e.into_error(path, ARTICLE)),
        }
        let bytes = input
            .read_all(MAX_ARTICLE_BYTES)
            .map_err(|e| e.into_error(path, ARTICLE))?;
        if bytes.contains(&0) {
            self.skip(origin, "binary file (contains NUL bytes), not an article")?;
            return Ok(None);
        }
        let text = decode(bytes, &origin, self.strict, &mut self.report)?;
        if text.trim().is_empty() {
            self.skip(origin, "empty article")?;
            return Ok(None);
        }
        Ok(Some(Article {
            id: self.path_ids.remove(path).unwrap_or_else(|| stem(path)),
            outlet: None,
            date: None,
            title: None,
            text,
            origin,
            file_name: file_name(path),
        }))
    }

    fn open_csv(&mut self, path: &Path) -> Result<Records> {
        let file = Input::open_text(path)
            .map_err(|e| e.into_error(path, "CSV text"))?
            .into_stream();
        // Large reads straight into the parser's buffer (no second buffer to copy through).
        let mut reader = CsvRecords::with_capacity(file, CSV_BUFFER);
        let mut headers = CsvRecord::default();
        reader
            .read(&mut headers)
            .map_err(|e| csv_records_error(path, e, &headers))?;
        if headers.unclosed() {
            return Err(unclosed_quote(path, &headers));
        }
        let find = |name: &str| {
            headers.iter().position(|h| {
                let h = String::from_utf8_lossy(h);
                column_name(&h).eq_ignore_ascii_case(name)
            })
        };
        let names: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let c = &self.columns;
        for (option, name) in &c.given {
            if find(name).is_none() {
                return Err(Error::input(
                    Location::line(path, 1),
                    format!(
                        "{option} `{name}`: no such column (found: {})",
                        names.join(", ")
                    ),
                ));
            }
        }
        let mut warnings = Warnings::default();
        crate::corpus::csv_header::check_repeated_names(
            path,
            &names,
            true,
            self.strict,
            &mut warnings,
        )?;
        let text = find(&c.text).ok_or_else(|| {
            let found: Vec<_> = headers
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect();
            Error::input(
                Location::line(path, 1),
                format!(
                    "no text column `{}` (found: {}); choose one with --text-column",
                    c.text,
                    found.join(", ")
                ),
            )
        })?;
        self.report.warnings.extend(warnings);
        let cols = CsvColumns {
            id: find(&c.id),
            text,
            outlet: find(&c.outlet),
            date: find(&c.date),
            title: find(&c.title),
        };
        Ok(Records::Csv {
            path: path.to_path_buf(),
            reader,
            cols,
            record: 0,
            row: CsvRecord::default(),
            shown: path.display().to_string(),
            name: file_name(path),
            stem: stem(path),
        })
    }

    /// Reads the next record; a CSV record is read into `slot`, whose strings are reused.
    fn next_record(&mut self, slot: &mut Article) -> Result<Step> {
        let strict = self.strict;
        let columns = &self.columns;
        let report = &mut self.report;
        let Some(current) = self.current.as_mut() else {
            return Ok(Step::End);
        };
        match current {
            Records::Csv {
                path,
                reader,
                cols,
                record,
                row,
                shown,
                name,
                stem,
            } => {
                let more = reader
                    .read(row)
                    .map_err(|e| csv_records_error(path, e, row))?;
                if !more {
                    return Ok(Step::End);
                }
                if row.unclosed() {
                    return Err(unclosed_quote(path, row));
                }
                *record += 1;
                report.records += 1;
                let origin = &mut slot.origin;
                origin.clear();
                origin.push_str(shown);
                origin.push(':');
                crate::report::float::push_u64(row.position().line, origin);
                let text = row.get(cols.text).unwrap_or_default();
                decode_into(text, &mut slot.text, &slot.origin, strict, report)?;
                if slot.text.trim().is_empty() {
                    return Ok(Step::Skip(slot.origin.clone(), "empty text cell"));
                }
                let field = |i: Option<usize>| i.and_then(|i| row.get(i));
                if !fill_trimmed(field(cols.id), &mut slot.id) {
                    slot.id.clear();
                    slot.id.push_str(stem);
                    slot.id.push('-');
                    crate::report::float::push_u64(*record, &mut slot.id);
                }
                fill_optional(field(cols.outlet), &mut slot.outlet);
                fill_optional(field(cols.date), &mut slot.date);
                fill_optional(field(cols.title), &mut slot.title);
                slot.file_name.clone_from(name);
                Ok(Step::Filled)
            }
            Records::Jsonl {
                path,
                reader,
                buf,
                line,
                first,
            } => {
                buf.clear();
                // One byte past the limit proves a line too long; nothing more is buffered.
                let got = reader
                    .by_ref()
                    .take(MAX_RECORD_BYTES as u64 + 1)
                    .read_until(b'\n', buf)
                    .map_err(|e| Error::io(path, e))?;
                if got == 0 {
                    return Ok(Step::End);
                }
                *line += 1;
                if buf.len() > MAX_RECORD_BYTES && buf.last() != Some(&b'\n') {
                    return Err(Error::input(
                        Location::line(path.clone(), *line),
                        format!(
                            "a line longer than {}, the limit for one JSONL line (see docs/bad-inputs.md): is this a JSONL file?",
                            human(MAX_RECORD_BYTES as u64)
                        ),
                    ));
                }
                let mut bytes = buf.strip_suffix(b"\n").unwrap_or(buf);
                if *line == 1 {
                    // A byte-order mark, as some editors write it.
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    return Ok(Step::Continue);
                }
                report.records += 1;
                let location = Location::line(path.clone(), *line);
                let obj = match JsonObject::parse(bytes) {
                    Ok(obj) => obj,
                    Err(NotAnObject::Invalid(e)) => {
                        return Err(Error::input(location, format!("not valid JSON: {e}")))
                    }
                    Err(NotAnObject::Other(what)) => {
                        return Err(Error::input(
                            location,
                            format!("each line must be a JSON object, found {what}"),
                        ))
                    }
                };
                if std::mem::take(first) {
                    check_given_fields(columns, &obj, location.clone())?;
                }
                let origin = location.to_string();
                let mut warn = |kind: &'static str, message: String| -> Result<()> {
                    if strict {
                        return Err(Error::input(
                            location.clone(),
                            format!("{message} (--strict)"),
                        ));
                    }
                    report.warnings.push(kind, format!("{origin}: {message}"));
                    Ok(())
                };
                for key in obj.repeated_keys() {
                    warn(
                        REPEATED_KEY,
                        format!("key `{key}` appears more than once in the object: the last value is read"),
                    )?;
                }
                let text = match obj.get(&columns.text) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(_) => {
                        return Err(Error::input(
                            location,
                            format!("`{}` must be a string", columns.text),
                        ))
                    }
                };
                // A string, trimmed; an integer id as written; a number elsewhere is read as
                // written with a warning; a bool, array or object is warned about and ignored.
                let mut scalar = |key: &str, integer_ok: bool| -> Result<Option<String>> {
                    match obj.get(key) {
                        None | Some(serde_json::Value::Null) => Ok(None),
                        Some(serde_json::Value::String(s)) => {
                            Ok(Some(s.trim()).filter(|s| !s.is_empty()).map(String::from))
                        }
                        Some(serde_json::Value::Number(n)) => {
                            if !(integer_ok && (n.is_i64() || n.is_u64())) {
                                warn(
                                    WRONG_TYPE,
                                    format!("`{key}` is a number ({n}), expected a string: read as `{n}`"),
                                )?;
                            }
                            Ok(Some(n.to_string()))
                        }
                        Some(other) => {
                            warn(
                                WRONG_TYPE,
                                format!(
                                    "`{key}` is {}, expected a string: ignored (read as missing)",
                                    describe(other)
                                ),
                            )?;
                            Ok(None)
                        }
                    }
                };
                let id = scalar(&columns.id, true)?;
                let outlet = scalar(&columns.outlet, false)?;
                let date = scalar(&columns.date, false)?;
                let title = scalar(&columns.title, false)?;
                if text.trim().is_empty() {
                    return Ok(Step::Skip(origin, "empty or missing text"));
                }
                Ok(Step::Article(Article {
                    id: id.unwrap_or_else(|| format!("{}-{line}", stem(path))),
                    outlet,
                    date,
                    title,
                    text,
                    origin,
                    file_name: file_name(path),
                }))
            }
        }
    }
}

/// Fails unless `obj` (a file's first record) has every field named by an option.
fn check_given_fields(columns: &ArticleColumns, obj: &JsonObject, at: Location) -> Result<()> {
    for (option, name) in &columns.given {
        if obj.get(name).is_none() {
            return Err(Error::input(
                at,
                format!(
                    "{option} `{name}`: no such field in the first record (found: {})",
                    obj.keys().join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// A CSV cell, lossily decoded and trimmed, into `out` when not blank; false when blank or absent.
fn fill_trimmed(cell: Option<&[u8]>, out: &mut String) -> bool {
    let Some(cell) = cell else { return false };
    // Most cells (ids, outlets, dates) are ASCII at both ends once ASCII blanks are cut: then no
    // Unicode blank is left to trim either.
    let cut = cell.trim_ascii();
    if let (Some(first), Some(last)) = (cut.first(), cut.last()) {
        let plain = |b: &u8| b.is_ascii() && !char::from(*b).is_whitespace(); // not even \x0b
        if plain(first) && plain(last) {
            if let Ok(s) = std::str::from_utf8(cut) {
                out.clear();
                out.push_str(s);
                return true;
            }
        }
    }
    let decoded = String::from_utf8_lossy(cell);
    let trimmed = decoded.trim();
    if trimmed.is_empty() {
        return false;
    }
    out.clear();
    out.push_str(trimmed);
    true
}

/// As [`fill_trimmed`], for an optional field (`None` when blank or absent).
fn fill_optional(cell: Option<&[u8]>, out: &mut Option<String>) {
    let mut value = out.take().unwrap_or_default();
    if fill_trimmed(cell, &mut value) {
        *out = Some(value);
    }
}

/// A read error of a CSV file as an input error at its line and record. A record that opened a
/// quote and never closed it is reported as that (its swallowed rows made it ragged).
fn csv_records_error(path: &Path, e: CsvError, row: &CsvRecord) -> Error {
    match e {
        CsvError::Io(e) => Error::io(path, e),
        CsvError::UnequalLengths { .. } if row.unclosed() => unclosed_quote(path, row),
        CsvError::UnequalLengths { position, .. } | CsvError::TooLong { position, .. } => {
            Error::input(
                Location {
                    path: path.to_path_buf(),
                    line: Some(position.line),
                    record: Some(position.record).filter(|&r| r > 0),
                },
                e.to_string(),
            )
        }
    }
}

/// A quoted field that runs to the end of the file, at the record that opens it.
fn unclosed_quote(path: &Path, row: &CsvRecord) -> Error {
    let position = row.position();
    Error::input(
        Location {
            path: path.to_path_buf(),
            line: Some(position.line),
            record: Some(position.record).filter(|&r| r > 0),
        },
        "unclosed quote: a quoted field runs to the end of the file",
    )
}

/// The CSV parser's read buffer.
const CSV_BUFFER: usize = 256 << 10;

/// One step of reading a CSV or JSONL file.
enum Step {
    Article(Article),
    /// The record was read into the caller's slot.
    Filled,
    Skip(String, &'static str),
    Continue,
    End,
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The path an article was read from, for the outlet map (see [`Article::file_name`]).
fn file_name(path: &Path) -> String {
    path.display().to_string()
}

impl ArticleReader {
    /// Reads the next article into `slot`, reusing its strings where it can (a stream of CSV
    /// records read into the same slots allocates nearly nothing); `None` at the end.
    pub fn next_into(&mut self, slot: &mut Article) -> Option<Result<()>> {
        loop {
            if self.current.is_some() {
                match self.next_record(slot) {
                    Ok(Step::Article(article)) => {
                        *slot = article;
                        return Some(self.give(slot));
                    }
                    Ok(Step::Filled) => return Some(self.give(slot)),
                    Ok(Step::Skip(origin, reason)) => match self.skip(origin, reason) {
                        Ok(()) => continue,
                        Err(e) => return Some(Err(self.fail(e))),
                    },
                    Ok(Step::Continue) => continue,
                    Ok(Step::End) => self.current = None,
                    Err(e) => return Some(Err(self.fail(e))),
                }
                continue;
            }
            let (path, kind) = self.files.pop_front()?;
            self.report.files += 1;
            let step = match kind {
                InputKind::Text => self.read_text_file(&path),
                InputKind::Csv => self.open_csv(&path).map(|r| {
                    self.current = Some(r);
                    None
                }),
                InputKind::Jsonl => Input::open_text(&path)
                    .map_err(|e| e.into_error(&path, "JSONL text"))
                    .map(|input| {
                        self.current = Some(Records::Jsonl {
                            path: path.clone(),
                            reader: BufReader::with_capacity(64 << 10, input.into_stream()),
                            buf: Vec::new(),
                            line: 0,
                            first: true,
                        });
                        None
                    }),
            };
            match step {
                Ok(Some(article)) => {
                    self.report.records += 1;
                    *slot = article;
                    return Some(self.give(slot));
                }
                Ok(None) => continue,
                Err(e) => return Some(Err(self.fail(e))),
            }
        }
    }
}

impl ArticleReader {
    /// Hands out the article read into `slot`: counted, its id made unique.
    fn give(&mut self, slot: &mut Article) -> Result<()> {
        self.report.articles += 1;
        self.unique_id(slot).map_err(|e| self.fail(e))
    }
}

/// Ids of the `.txt` files whose stem another `.txt` file of `files` shares: the fewest trailing
/// components of their paths (without the extension) that tell the files of one stem apart.
fn path_ids(files: &[(PathBuf, InputKind)]) -> std::collections::HashMap<PathBuf, String> {
    let mut by_stem: std::collections::BTreeMap<String, Vec<&Path>> = Default::default();
    for (path, kind) in files {
        if *kind == InputKind::Text {
            by_stem.entry(stem(path)).or_default().push(path);
        }
    }
    let mut ids = std::collections::HashMap::new();
    for paths in by_stem.into_values().filter(|p| p.len() > 1) {
        let parts: Vec<Vec<String>> = paths
            .iter()
            .map(|p| {
                let mut parts: Vec<String> = p
                    .parent()
                    .into_iter()
                    .flat_map(|d| d.components())
                    .filter_map(|c| match c {
                        std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                        _ => None,
                    })
                    .collect();
                parts.push(stem(p));
                parts
            })
            .collect();
        let longest = parts.iter().map(Vec::len).max().unwrap_or(1);
        let suffix = |p: &Vec<String>, k: usize| p[p.len().saturating_sub(k)..].join("/");
        let k = (2..=longest)
            .find(|&k| {
                let ids: std::collections::HashSet<String> =
                    parts.iter().map(|p| suffix(p, k)).collect();
                ids.len() == parts.len()
            })
            .unwrap_or(longest);
        for (path, p) in paths.iter().zip(&parts) {
            ids.insert(path.to_path_buf(), suffix(p, k));
        }
    }
    ids
}

/// The ids given so far. Canonical decimal ids below 2^24 (the common `0, 1, 2, …`) cost a bit
/// each; any other id a 64-bit hash (8 bytes plus the table's slack), not its text: memory stays
/// small even for millions of records. Two different ids share a hash with a probability of about
/// n²/2^65 (3·10^-8 for a million ids): then the later one would be renamed as a duplicate.
#[derive(Default)]
struct IdSet {
    small: Vec<u64>,
    hashes: rustc_hash::FxHashSet<u64>,
}

impl IdSet {
    /// Adds `id`; false if it was there.
    fn insert(&mut self, id: &str) -> bool {
        if let Some(n) = small_number(id) {
            let (word, bit) = (n / 64, 1u64 << (n % 64));
            if word >= self.small.len() {
                self.small.resize((word + 1).next_power_of_two(), 0);
            }
            let fresh = self.small[word] & bit == 0;
            self.small[word] |= bit;
            return fresh;
        }
        use std::hash::Hasher;
        // SipHash with fixed keys: the same ids give the same result on every run.
        let mut h = std::hash::DefaultHasher::new();
        h.write(id.as_bytes());
        self.hashes.insert(h.finish())
    }
}

/// `id` as a number, if it is written the one way a number below 2^24 is (no sign, no leading
/// zero: `7` but not `07`, which is another id).
fn small_number(id: &str) -> Option<usize> {
    let b = id.as_bytes();
    if b.is_empty() || b.len() > 8 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    let mut n = 0usize;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + usize::from(c - b'0');
    }
    (n < 1 << 24).then_some(n)
}

impl Iterator for ArticleReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut article = Article::default();
        Some(self.next_into(&mut article)?.map(|()| article))
    }
}

/// What an article file is, in messages about binary data and limits.
const ARTICLE: &str = "an article";

/// Reads a whole article file (used by `explain --file`): binary data, another encoding or more
/// than [`MAX_ARTICLE_BYTES`] is an error.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = Input::open_text(path)
        .and_then(|input| input.read_all(MAX_ARTICLE_BYTES))
        .map_err(|e| e.into_error(path, ARTICLE))?;
    let mut report = ReadReport::default();
    decode(bytes, &path.display().to_string(), false, &mut report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    proptest::proptest! {
        #[test]
        fn cells_are_decoded_and_trimmed_as_by_lossy_decoding(
            cell in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b'\t', 0x0b, 0x0c, b'a', b'7', 0xc2, 0xa0, 0xff]),
                0..8,
            )
        ) {
            let mut out = "old".to_string();
            let filled = fill_trimmed(Some(&cell), &mut out);
            let slow = String::from_utf8_lossy(&cell).trim().to_string();
            proptest::prop_assert_eq!(filled, !slow.is_empty());
            if filled {
                proptest::prop_assert_eq!(out, slow);
            }
        }
    }

    fn read_all(inputs: &[PathBuf]) -> (Vec<Article>, ReadReport) {
        let mut reader = ArticleReader::open(inputs, ArticleColumns::default(), false).unwrap();
        let articles = reader.by_ref().collect::<Result<Vec<_>>>().unwrap();
        (articles, reader.into_report())
    }

    /// The first error reading `csv` as an articles file.
    fn csv_read_error(csv: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        fs::write(&path, csv).unwrap();
        let reader = ArticleReader::open(&[path], ArticleColumns::default(), false).unwrap();
        match reader.collect::<Result<Vec<_>>>() {
            Ok(articles) => panic!("read {} articles from {csv:?}", articles.len()),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_quote_left_open_is_reported_at_its_record_wherever_it_is() {
        // Right field count, wrong field count, after a blank line, in the header.
        for (csv, at) in [
            ("id,text\n1,fine\n2,\"open\n3,more\n", "in.csv:3 (record 2)"),
            (
                "id,text,outlet\n1,fine,x\n2,\"open\n3,more\n",
                "in.csv:3 (record 2)",
            ),
            // The physical line of the record, after the blank line.
            ("id,text\n1,fine\n\n2,\"open,x\n", "in.csv:4 (record 2)"),
            ("id,\"text\n1,fine\n", "in.csv:1"),
        ] {
            let error = csv_read_error(csv);
            assert!(
                error.contains(at) && error.contains("unclosed quote"),
                "{csv:?}: {error}"
            );
        }
        let error = csv_read_error("id,text\n1,fine\n2,x,y\n");
        assert!(
            error.contains("in.csv:3 (record 2)")
                && error.contains("row has 3 fields, but the header has 2"),
            "{error}"
        );
    }

    #[test]
    fn shared_stems_get_the_fewest_path_components_that_tell_them_apart() {
        let files: Vec<(PathBuf, InputKind)> = [
            "in/a/story.txt",
            "in/b/story.txt",
            "x/a/s.txt",
            "y/a/s.txt",
            "s.txt",
            "other.txt",
            "other.csv",
        ]
        .iter()
        .map(|p| (PathBuf::from(p), InputKind::of(Path::new(p)).unwrap()))
        .collect();
        let ids = path_ids(&files);
        let id = |p: &str| ids.get(Path::new(p)).map(String::as_str);
        assert_eq!(id("in/a/story.txt"), Some("a/story"));
        assert_eq!(id("in/b/story.txt"), Some("b/story"));
        assert_eq!(id("x/a/s.txt"), Some("x/a/s"));
        assert_eq!(id("y/a/s.txt"), Some("y/a/s"));
        assert_eq!(id("s.txt"), Some("s"));
        assert_eq!(id("other.txt"), None, "a stem of its own stays the id");
        assert_eq!(ids.len(), 5);
    }

    #[test]
    fn ids_are_told_apart_exactly_as_written() {
        let mut ids = IdSet::default();
        for id in [
            "0",
            "7",
            "07",
            "16777215",
            "16777216",
            "x",
            "",
            "12345678",
            "123456789",
        ] {
            assert!(ids.insert(id), "{id:?} is new");
        }
        for id in [
            "0",
            "7",
            "07",
            "16777215",
            "16777216",
            "x",
            "",
            "12345678",
            "123456789",
        ] {
            assert!(!ids.insert(id), "{id:?} was given");
        }
        assert_eq!(small_number("42"), Some(42));
        assert_eq!(small_number("042"), None);
        assert_eq!(small_number("4a"), None);
        assert_eq!(small_number("-4"), None);
    }

    #[test]
    fn folder_of_txt_files_uses_stems_as_ids_and_reports_other_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.txt"), "Second article.").unwrap();
        fs::write(dir.path().join("a.txt"), "\u{feff}First article.").unwrap();
        fs::write(dir.path().join("README.md"), "not an article").unwrap();
        fs::write(dir.path().join("blob.txt"), b"\x00\x01binary").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/c.txt"), "Nested article.").unwrap();
        let (articles, report) = read_all(&[dir.path().to_path_buf()]);
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(articles[0].text, "First article.", "BOM removed");
        assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
        assert!(report.skipped.iter().any(|s| s.contains("README.md")));
        assert!(report
            .skipped
            .iter()
            .any(|s| s.contains("blob.txt") && s.contains("binary")));
    }

    #[test]
    fn csv_and_jsonl_records_with_configurable_columns() {
        let dir = tempfile::tempdir().unwrap();
        let csv_path = dir.path().join("a.csv");
        fs::write(
            &csv_path,
            "id,body,outlet\nx1,\"Text, one.\",Alpha\nx2,,Beta\n,Third.,\n",
        )
        .unwrap();
        let jsonl = dir.path().join("b.jsonl");
        fs::write(
            &jsonl,
            "{\"id\": 7, \"body\": \"Json text.\", \"date\": \"2024-01-05\"}\n\n",
        )
        .unwrap();
        let columns = ArticleColumns {
            text: "body".into(),
            ..Default::default()
        };
        let mut reader = ArticleReader::open(&[csv_path, jsonl], columns, false).unwrap();
        let articles = reader.by_ref().collect::<Result<Vec<_>>>().unwrap();
        let report = reader.into_report();
        assert_eq!(articles.len(), 3);
        assert_eq!(
            (articles[0].id.as_str(), articles[0].outlet.as_deref()),
            ("x1", Some("Alpha"))
        );
        assert_eq!(
            articles[1].id, "a-3",
            "missing id falls back to file stem and record"
        );
        assert_eq!(
            (articles[2].id.as_str(), articles[2].date.as_deref()),
            ("7", Some("2024-01-05"))
        );
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].contains("a.csv:3") && report.skipped[0].contains("empty text"));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily_or_refused_under_strict() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        fs::write(&path, b"Caf\xe9 attack.").unwrap();
        let (articles, report) = read_all(std::slice::from_ref(&path));
        assert_eq!(articles[0].text, "Caf\u{fffd} attack.");
        assert_eq!(report.lossy_utf8.len(), 1);
        let mut strict = ArticleReader::open(&[path], ArticleColumns::default(), true).unwrap();
        let err = strict.next().unwrap().unwrap_err().to_string();
        assert!(err.contains("bad.txt") && err.contains("UTF-8"), "{err}");
    }

    #[test]
    fn broken_jsonl_names_the_line_and_csv_without_text_column_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("b.jsonl");
        fs::write(&jsonl, "{\"text\": \"ok\"}\n{broken\n").unwrap();
        let mut reader = ArticleReader::open(&[jsonl], ArticleColumns::default(), false).unwrap();
        assert!(reader.next().unwrap().is_ok());
        let err = reader.next().unwrap().unwrap_err().to_string();
        assert!(err.contains("b.jsonl:2"), "{err}");
        let csv_path = dir.path().join("c.csv");
        fs::write(&csv_path, "id,body\n1,x\n").unwrap();
        let mut reader =
            ArticleReader::open(&[csv_path], ArticleColumns::default(), false).unwrap();
        let err = reader.next().unwrap().unwrap_err().to_string();
        assert!(err.contains("c.csv:1") && err.contains("text"), "{err}");
    }
}

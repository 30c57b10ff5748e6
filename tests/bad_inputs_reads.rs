//! The bad-input table, part "Reading: limits, encodings, hostile files" (docs/bad-inputs.md,
//! t54–t69): special files in folders and named as inputs (FIFOs fed by a writer, zero devices
//! made in the temp dir), first-block checks for binary data and UTF-16/32, size limits,
//! physical line numbers in CRLF files, JSONL with a BOM, hostile model and lexicon files.
//! Every test runs the binary with a timeout (a regression fails instead of hanging), checks the
//! exit code, that the message names the file (and line) and the problem, that no output or
//! temporary file is left, and that the inputs are untouched.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::{default_model, slant};

/// Generous for a debug build on a loaded machine; every case here takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\n\
occupation | delegitimizing\noccupier* | delegitimizing\nso-called | delegitimizing\nreportedly | hedge\n";

/// Labeled rows (three stances), with an `id` column, lines joined by `eol`.
fn labeled_csv(eol: &str) -> String {
    let mut s = format!("id,text,stance{eol}");
    let words = [
        ("against", "occupation"),
        ("favor", "partners"),
        ("neutral", "officials"),
    ];
    for (i, (stance, w)) in words.iter().enumerate() {
        for j in 0..8 {
            s.push_str(&format!(
                "r{i}-{j},\"The {w} matter {j}, said {w} {i}.\",{stance}{eol}"
            ));
        }
    }
    s
}

fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lex")).unwrap();
    fs::write(dir.path().join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.path().join("good.csv"), labeled_csv("\n")).unwrap();
    fs::write(
        dir.path().join("art.txt"),
        "The talks resumed on Tuesday.\n",
    )
    .unwrap();
    dir
}

fn put(d: &tempfile::TempDir, name: &str, contents: impl AsRef<[u8]>) {
    let path = d.path().join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, contents).unwrap();
}

fn run(d: &Path, args: &[&str]) -> Output {
    slant(d).args(args).timeout(TIMEOUT).output().unwrap()
}

fn model_arg() -> String {
    default_model().display().to_string()
}

/// `slant score --model <default> --out s.csv --articles a.csv ARGS…`.
fn score(d: &Path, args: &[&str]) -> Output {
    let model = model_arg();
    let mut all = vec![
        "score",
        "--model",
        &model,
        "--out",
        "s.csv",
        "--articles",
        "a.csv",
    ];
    all.extend_from_slice(args);
    run(d, &all)
}

/// Asserts the exit code and that stderr contains every needle; returns stderr.
#[track_caller]
fn expect(out: &Output, code: i32, needles: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code (None: killed at the timeout); stderr:\n{stderr}"
    );
    for n in needles {
        assert!(stderr.contains(n), "stderr lacks {n:?}:\n{stderr}");
    }
    stderr
}

/// The regular files under `d` and their bytes; special files by their kind.
fn snapshot(d: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        let meta = fs::symlink_metadata(&p).unwrap();
        if meta.is_dir() {
            out.extend(snapshot(&p));
        } else if meta.is_file() && meta.len() < (1 << 20) {
            out.insert(p.clone(), fs::read(&p).unwrap());
        } else {
            out.insert(
                p.clone(),
                format!("{:?} {}", meta.file_type(), meta.len()).into_bytes(),
            );
        }
    }
    out
}

/// A failed run leaves no output, no temporary file, and the inputs as they were.
#[track_caller]
fn left_clean(d: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = snapshot(d);
    let temps: Vec<_> = after
        .keys()
        .filter(|p| p.to_string_lossy().contains("slant-tmp"))
        .collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
    for out in ["s.csv", "a.csv", "m.json", "report"] {
        assert!(!d.join(out).exists(), "{out} written");
    }
    assert_eq!(&after, before, "inputs changed");
}

/// Runs `args` expecting failure with `code` and `needles`, and that nothing was written.
#[track_caller]
fn fails(d: &Path, args: &[&str], code: i32, needles: &[&str]) -> String {
    let before = snapshot(d);
    let stderr = expect(&run(d, args), code, needles);
    left_clean(d, &before);
    stderr
}

/// As [`fails`] for `slant score` (with both outputs).
#[track_caller]
fn score_fails(d: &Path, args: &[&str], code: i32, needles: &[&str]) -> String {
    let before = snapshot(d);
    let stderr = expect(&score(d, args), code, needles);
    left_clean(d, &before);
    stderr
}

fn make_fifo(path: &Path) -> bool {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo {} failed", path.display());
    }
    made
}

/// A zero device (`mknod PATH c 1 5`), as root only.
fn make_zero_device(path: &Path) -> bool {
    let made = std::process::Command::new("mknod")
        .arg(path)
        .args(["c", "1", "5"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mknod {} failed (not root?)", path.display());
    }
    made
}

/// A FIFO at `path` fed by a writer thread: `head` once, then `unit` until the reader goes away.
fn endless_fifo(path: &Path, head: &[u8], unit: &[u8]) -> bool {
    if !make_fifo(path) {
        return false;
    }
    let (path, head) = (path.to_path_buf(), head.to_vec());
    let chunk = unit.repeat((64 << 10) / unit.len().max(1));
    std::thread::spawn(move || {
        // Blocks until slant opens the FIFO; ends with a broken pipe when slant closes it.
        let Ok(mut f) = fs::OpenOptions::new().write(true).open(&path) else {
            return;
        };
        if f.write_all(&head).is_err() {
            return;
        }
        while f.write_all(&chunk).is_ok() {}
    });
    true
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    units
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn utf32_le_with_bom(text: &str) -> Vec<u8> {
    std::iter::once('\u{feff}')
        .chain(text.chars())
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect()
}

// ---- special files: folders skip them, named ones are read as bounded streams ----------------

#[test]
fn t54_fifos_devices_and_links_to_them_in_an_input_folder_are_skipped_unopened() {
    let d = dir();
    put(&d, "arts/a.txt", "The talks resumed on Tuesday.\n");
    put(&d, "arts/sub/b.txt", "The occupation must end.\n");
    let arts = d.path().join("arts");
    // A FIFO without a writer: opening it would block forever.
    if !make_fifo(&arts.join("pipe.txt")) || !make_zero_device(&arts.join("sub/zero.txt")) {
        return;
    }
    std::os::unix::fs::symlink("pipe.txt", arts.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("a.txt", arts.join("alias.txt")).unwrap();
    make_fifo(&arts.join("outlets.csv"));
    let before = snapshot(d.path());
    let out = score(d.path(), &["arts"]);
    expect(
        &out,
        0,
        &[
            "pipe.txt: not a regular file (a FIFO), not read",
            "zero.txt: not a regular file (a character device), not read",
            "link.txt: not a regular file (a FIFO)",
            "outlets.csv: not a regular file (a FIFO)",
            "in 2 articles",
            "4 skipped",
            // The link to a regular file of the folder is that file: read once (t74).
            "arts/alias.txt is the same file as arts/a.txt (named twice): read once",
        ],
    );
    let articles = fs::read_to_string(d.path().join("a.csv")).unwrap();
    assert!(!articles.contains("\nalias,"), "{articles}");
    for f in ["s.csv", "a.csv"] {
        fs::remove_file(d.path().join(f)).unwrap();
    }
    assert_eq!(snapshot(d.path()), before, "inputs changed");
    // Under --strict the first one is an error.
    score_fails(
        d.path(),
        &["--strict", "arts"],
        3,
        &["link.txt", "not a regular file", "--strict"],
    );
}

#[test]
fn t55_a_fifo_in_a_lexicon_folder_is_skipped_with_a_warning() {
    let d = dir();
    if !make_fifo(&d.path().join("lex/pipe.txt")) {
        return;
    }
    expect(
        &run(d.path(), &["lexicon", "lex"]),
        0,
        &["lex/pipe.txt: not a regular file: skipped, not read"],
    );
    let out = run(
        d.path(),
        &[
            "train",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ],
    );
    expect(&out, 0, &["pipe.txt: not a regular file"]);
}

#[test]
fn t56_a_zero_device_named_as_an_input_of_score() {
    let d = dir();
    for name in ["zero.txt", "zero.csv", "zero.jsonl", "zero.json"] {
        if !make_zero_device(&d.path().join(name)) {
            return;
        }
    }
    // Each is found binary in its first block: at once, whatever its size.
    let started = Instant::now();
    score_fails(
        d.path(),
        &["zero.csv"],
        3,
        &["zero.csv:1: NUL byte", "not CSV text"],
    );
    score_fails(
        d.path(),
        &["zero.jsonl"],
        3,
        &["zero.jsonl:1: NUL byte", "not JSONL text"],
    );
    score_fails(
        d.path(),
        &["--outlets", "zero.csv", "art.txt"],
        3,
        &["zero.csv:1: NUL byte"],
    );
    let model = ["score", "--model", "zero.json", "--out", "s.csv", "art.txt"];
    fails(
        d.path(),
        &model,
        3,
        &["zero.json", "NUL byte", "not a slant model"],
    );
    fails(
        d.path(),
        &["inspect", "zero.json"],
        3,
        &["zero.json", "not a slant model"],
    );
    let explain = ["explain", "--model", "zero.json", "Some text."];
    fails(d.path(), &explain, 3, &["zero.json", "not a slant model"]);
    // A random device (`c 1 9`): binary too, with or without a NUL byte in its first block.
    let random = d.path().join("random.csv");
    let made = std::process::Command::new("mknod")
        .arg(&random)
        .args(["c", "1", "9"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        score_fails(
            d.path(),
            &["random.csv"],
            3,
            &["random.csv", "binary", "not CSV text"],
        );
        let model = ["inspect", "random.csv"];
        fails(
            d.path(),
            &model,
            3,
            &["random.csv", "binary", "not a slant model"],
        );
    }
    // A binary .txt article is skipped and counted (an error under --strict), as a file with NULs.
    expect(
        &score(d.path(), &["zero.txt", "art.txt"]),
        0,
        &["zero.txt", "binary", "1 skipped"],
    );
    for f in ["s.csv", "a.csv"] {
        fs::remove_file(d.path().join(f)).unwrap();
    }
    score_fails(
        d.path(),
        &["--strict", "zero.txt"],
        3,
        &["zero.txt", "binary"],
    );
    let explain = ["explain", "--model", &model_arg(), "--file", "zero.txt"];
    fails(
        d.path(),
        &explain,
        3,
        &["zero.txt:1: NUL byte", "not an article"],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn t57_a_zero_device_named_as_training_evaluation_or_report_data() {
    let d = dir();
    if !make_zero_device(&d.path().join("zero.csv")) {
        return;
    }
    let train = [
        "train",
        "--data",
        "zero.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--out",
        "m.json",
    ];
    fails(d.path(), &train, 3, &["zero.csv:1: NUL byte"]);
    let eval = [
        "eval",
        "--data",
        "zero.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
    ];
    fails(d.path(), &eval, 3, &["zero.csv:1: NUL byte"]);
    let folds = [
        "eval",
        "--data",
        "good.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--folds-file",
        "zero.csv",
    ];
    fails(d.path(), &folds, 3, &["zero.csv:1: NUL byte"]);
    let held_out = [
        "eval",
        "--data",
        "good.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--test",
        "zero.csv",
    ];
    fails(d.path(), &held_out, 3, &["zero.csv:1: NUL byte"]);
    fails(
        d.path(),
        &["report", "--scores", "zero.csv"],
        3,
        &["zero.csv:1: NUL byte"],
    );
}

#[test]
fn t58_an_endless_pipe_stops_at_the_limit() {
    let d = dir();
    let p = |name: &str| d.path().join(name);
    // Text without a line break, for ever: each reader stops at its documented limit.
    if !endless_fifo(&p("endless.txt"), b"", b"word ")
        || !endless_fifo(&p("endless.csv"), b"id,text\n1,", b"word ")
        || !endless_fifo(&p("endless.jsonl"), b"{\"text\": \"", b"word ")
        || !endless_fifo(&p("train.csv"), b"text,stance\n\"", b"word ")
    {
        return;
    }
    let started = Instant::now();
    score_fails(
        d.path(),
        &["endless.txt"],
        3,
        &["endless.txt: larger than 64 MiB, the limit for an article"],
    );
    score_fails(
        d.path(),
        &["endless.csv"],
        3,
        &["endless.csv:2 (record 1): a record longer than 64 MiB"],
    );
    score_fails(
        d.path(),
        &["endless.jsonl"],
        3,
        &["endless.jsonl:1: a line longer than 64 MiB"],
    );
    let train = [
        "train",
        "--data",
        "train.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--out",
        "m.json",
    ];
    fails(
        d.path(),
        &train,
        3,
        &["train.csv:2 (record 1): a record longer than 64 MiB"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(50),
        "{:?}",
        started.elapsed()
    );
}

// ---- physical line numbers in CRLF files -----------------------------------------------------

#[test]
fn t59_crlf_line_numbers_in_articles_csvs_and_outlet_maps() {
    let d = dir();
    // A quoted field over two lines, then the bad row on physical line 5.
    put(
        &d,
        "in.csv",
        "id,text\r\na,\"First line.\r\nSecond line.\"\r\nb,The talks resumed.\r\nc,bad,extra\r\n",
    );
    score_fails(
        d.path(),
        &["in.csv"],
        3,
        &["in.csv:5 (record 3)", "row has 3 fields"],
    );
    // An unclosed quote after a blank line: the record's own line.
    put(
        &d,
        "open.csv",
        "id,text\r\na,ok\r\n\r\nb,\"never closed\r\nc,x\r\n",
    );
    score_fails(
        d.path(),
        &["open.csv"],
        3,
        &["open.csv:4 (record 2)", "unclosed quote"],
    );
    put(&d, "arts/a.txt", "The talks resumed.\n");
    put(&d, "arts/b.txt", "Officials met.\n");
    put(
        &d,
        "map.csv",
        "file,outlet\r\na.txt,\"Paper\r\nA\"\r\nb.txt,\r\n",
    );
    score_fails(
        d.path(),
        &["--outlets", "map.csv", "arts"],
        3,
        &["map.csv:4 (record 2)", "empty `file` or `outlet` cell"],
    );
    // The warning for a row naming no input, too.
    put(
        &d,
        "map2.csv",
        "file,outlet\r\n\"a.txt\",\"Paper\r\nA\"\r\nghost.txt,G\r\n",
    );
    let out = score(d.path(), &["--outlets", "map2.csv", "arts"]);
    expect(&out, 0, &["map2.csv:4", "ghost.txt"]);
}

#[test]
fn t60_crlf_line_numbers_in_training_data_and_fold_files() {
    let d = dir();
    put(
        &d,
        "bad.csv",
        "text,stance\r\n\"Multi\r\nline text\",favor\r\nok,against\r\nbad,favor,extra\r\n",
    );
    let train = [
        "train",
        "--data",
        "bad.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--out",
        "m.json",
    ];
    fails(d.path(), &train, 3, &["bad.csv:5 (record 3)", "3 fields"]);
    // Skipped rows are named by their physical line too.
    let mut gaps = labeled_csv("\r\n");
    gaps.push_str("x1,,favor\r\nx2,\"two\r\nlines\",\r\nx3,,against\r\n");
    put(&d, "gaps.csv", gaps);
    let out = run(
        d.path(),
        &[
            "train",
            "--data",
            "gaps.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "g.json",
        ],
    );
    expect(
        &out,
        0,
        &[
            "gaps.csv:26: empty text cell",
            "gaps.csv:27: no label",
            "gaps.csv:29: empty text cell",
        ],
    );
    put(&d, "ids.csv", labeled_csv("\r\n"));
    let mut folds = String::from("row,id,fold\r\n");
    for (i, id) in ["r0-0", "r0-1"].iter().enumerate() {
        folds.push_str(&format!("{i},\"{id}\",{}\r\n", i % 2));
    }
    folds.push_str("2,\"odd\r\nid\",0\r\n3,r0-2,x\r\n");
    put(&d, "folds.csv", folds);
    let eval = [
        "eval",
        "--data",
        "ids.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--folds-file",
        "folds.csv",
    ];
    fails(d.path(), &eval, 3, &["folds.csv:6", "fold `x`"]);
}

#[test]
fn t61_crlf_line_numbers_in_scores_and_article_tables() {
    let d = dir();
    expect(&score(d.path(), &["art.txt"]), 0, &[]);
    let scored = fs::read_to_string(d.path().join("s.csv")).unwrap();
    for f in ["s.csv", "a.csv"] {
        fs::remove_file(d.path().join(f)).unwrap();
    }
    // Rewritten with CRLF, a sentence over two lines, then a row whose `words` is not a count.
    let mut reader = csv::Reader::from_reader(scored.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let text = header.iter().position(|h| h == "text").unwrap();
    let words = header.iter().position(|h| h == "words").unwrap();
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(&header).unwrap();
    let mut two_lines: Vec<String> = row.iter().map(String::from).collect();
    two_lines[text] = "The talks\r\nresumed.".into();
    out.write_record(&two_lines).unwrap();
    let mut bad = two_lines.clone();
    bad[text] = "Officials met.".into();
    bad[words] = "many".into();
    out.write_record(&bad).unwrap();
    put(&d, "scores.csv", out.into_inner().unwrap());
    fails(
        d.path(),
        &["report", "--scores", "scores.csv"],
        3,
        &["scores.csv:4", "`words` is not a count"],
    );
    // The article table of `report --articles`: a ragged row after a two-line cell.
    put(&d, "good_scores.csv", &scored);
    put(
        &d,
        "arts.csv",
        "article_id,outlet\r\nart,\"Paper\r\nA\"\r\nx,y,z\r\n",
    );
    fails(
        d.path(),
        &[
            "report",
            "--scores",
            "good_scores.csv",
            "--articles",
            "arts.csv",
            "--by",
            "outlet",
        ],
        3,
        &["arts.csv:4 (record 2)", "3 fields"],
    );
}

// ---- encodings -------------------------------------------------------------------------------

#[test]
fn t62_a_jsonl_file_with_a_byte_order_mark_is_read() {
    let d = dir();
    put(
        &d,
        "in.jsonl",
        "\u{feff}{\"id\": \"a\", \"text\": \"The talks resumed.\"}\r\n{\"id\": \"b\", \"text\": \"Officials met.\"}\r\n",
    );
    let out = score(d.path(), &["in.jsonl"]);
    expect(&out, 0, &["in 2 articles"]);
    let articles = fs::read_to_string(d.path().join("a.csv")).unwrap();
    assert!(
        articles.contains("\na,") && articles.contains("\nb,"),
        "{articles}"
    );
}

#[test]
fn t63_utf16_and_utf32_inputs_are_named() {
    let d = dir();
    let iconv16 = "slant reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8";
    put(&d, "bad.csv", utf16(&labeled_csv("\r\n"), false, true));
    let train = [
        "train",
        "--data",
        "bad.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--out",
        "m.json",
    ];
    fails(
        d.path(),
        &train,
        3,
        &[&format!(
            "bad.csv: the file is UTF-16 (little-endian); {iconv16}"
        )],
    );
    put(
        &d,
        "be.csv",
        utf16("id,text\na,The talks resumed.\n", true, false),
    );
    score_fails(
        d.path(),
        &["be.csv"],
        3,
        &["be.csv: the file is UTF-16 (big-endian)", iconv16],
    );
    put(&d, "u32.txt", utf32_le_with_bom("The talks resumed.\n"));
    score_fails(
        d.path(),
        &["u32.txt"],
        3,
        &[
            "u32.txt: the file is UTF-32 (little-endian)",
            "iconv -f UTF-32 -t UTF-8",
        ],
    );
    put(
        &d,
        "in.jsonl",
        utf16("{\"text\": \"The talks resumed.\"}\n", false, true),
    );
    score_fails(
        d.path(),
        &["in.jsonl"],
        3,
        &["in.jsonl: the file is UTF-16"],
    );
    put(
        &d,
        "map.csv",
        utf16("file,outlet\nart.txt,A\n", false, true),
    );
    score_fails(
        d.path(),
        &["--outlets", "map.csv", "art.txt"],
        3,
        &["map.csv: the file is UTF-16"],
    );
    put(
        &d,
        "u16.json",
        utf16("{\"format\": \"slant-model\"}", false, true),
    );
    fails(
        d.path(),
        &["inspect", "u16.json"],
        3,
        &["u16.json: the file is UTF-16", iconv16],
    );
    put(&d, "lexu/terms.txt", utf16(LEXICON, false, true));
    fails(
        d.path(),
        &["lexicon", "lexu"],
        3,
        &["lexu/terms.txt: the file is UTF-16"],
    );
    put(&d, "scores.csv", utf16("text,outlet\nx,y\n", false, false));
    fails(
        d.path(),
        &["report", "--scores", "scores.csv"],
        3,
        &["scores.csv: the file is UTF-16"],
    );
}

#[test]
fn t64_binary_data_is_found_in_the_first_block_at_once() {
    let d = dir();
    // 10 GiB of zeros (a sparse file: no disk used), as each kind of input.
    for name in [
        "huge.csv",
        "huge.jsonl",
        "huge.txt",
        "huge.json",
        "lex2/huge.txt",
    ] {
        put(&d, name, b"");
        let f = fs::OpenOptions::new()
            .write(true)
            .open(d.path().join(name))
            .unwrap();
        f.set_len(10 << 30).unwrap();
    }
    let started = Instant::now();
    score_fails(d.path(), &["huge.csv"], 3, &["huge.csv:1: NUL byte"]);
    score_fails(d.path(), &["huge.jsonl"], 3, &["huge.jsonl:1: NUL byte"]);
    expect(
        &score(d.path(), &["huge.txt", "art.txt"]),
        0,
        &["huge.txt", "binary", "1 skipped"],
    );
    for f in ["s.csv", "a.csv"] {
        fs::remove_file(d.path().join(f)).unwrap();
    }
    fails(
        d.path(),
        &["inspect", "huge.json"],
        3,
        &["huge.json", "not a slant model"],
    );
    fails(
        d.path(),
        &["lexicon", "lex2"],
        3,
        &["lex2/huge.txt", "NUL byte", "not a lexicon"],
    );
    let train = [
        "train",
        "--data",
        "huge.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--out",
        "m.json",
    ];
    fails(d.path(), &train, 3, &["huge.csv:1: NUL byte"]);
    // Mostly control bytes, no NUL: binary too.
    let noise: Vec<u8> = (0..4096u32).map(|i| (i % 31 + 1) as u8).collect();
    put(&d, "noise.csv", &noise);
    score_fails(d.path(), &["noise.csv"], 3, &["noise.csv", "binary data"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

// ---- hostile model and lexicon files ---------------------------------------------------------

fn default_model_json() -> serde_json::Value {
    serde_json::from_slice(&fs::read(default_model()).unwrap()).unwrap()
}

/// Every command that loads `model` fails with `needles`, leaving nothing behind.
#[track_caller]
fn model_refused(d: &Path, model: &str, needles: &[&str]) {
    fails(
        d,
        &["score", "--model", model, "--out", "s.csv", "art.txt"],
        3,
        needles,
    );
    fails(d, &["inspect", model], 3, needles);
    fails(d, &["explain", "--model", model, "Some text."], 3, needles);
}

/// An edit of a model's JSON.
type Edit = dyn Fn(&mut serde_json::Value);

#[test]
fn t65_hostile_model_values_are_refused_with_their_field() {
    let d = dir();
    let cases: Vec<(&str, Box<Edit>, &str)> = vec![
        (
            "idf0.json",
            Box::new(|v| v["features"]["idf"][0] = 0.0.into()),
            "features.idf[0] is 0",
        ),
        (
            "idfneg.json",
            Box::new(|v| v["features"]["idf"][5] = (-2.0).into()),
            "features.idf[5] is -2",
        ),
        (
            "idfbig.json",
            Box::new(|v| v["features"]["idf"][1] = 1e30.into()),
            "features.idf[1]",
        ),
        (
            "intercept.json",
            Box::new(|v| v["heads"][0]["classifier"]["intercept"][0] = 1e308.into()),
            "heads[0].classifier.intercept[0]",
        ),
        (
            "coef.json",
            Box::new(|v| v["heads"][1]["classifier"]["coef"][7] = (-1e12).into()),
            "heads[1].classifier.coef[7]",
        ),
        (
            "coef308.json",
            Box::new(|v| v["heads"][0]["classifier"]["coef"][2] = 1e308.into()),
            "heads[0].classifier.coef[2]",
        ),
        (
            "classes.json",
            Box::new(|v| v["heads"][0]["classes"][1] = v["heads"][0]["classes"][0].clone()),
            "heads[0].classes: class `against` of `stance` is listed twice",
        ),
        (
            "labels.json",
            Box::new(|v| {
                v["labels"][1] = v["labels"][0].clone();
                v["heads"][1] = v["heads"][0].clone();
            }),
            "labels: `stance` is listed twice",
        ),
        (
            "counts.json",
            Box::new(|v| v["heads"][0]["class_counts"][1] = (-5).into()),
            "heads[0].class_counts[1]",
        ),
        (
            "rows.json",
            Box::new(|v| v["training"]["rows"] = (-1).into()),
            "training.rows",
        ),
        (
            "vocab.json",
            Box::new(|v| v["features"]["vocabulary"][1] = v["features"]["vocabulary"][0].clone()),
            "twice",
        ),
    ];
    for (name, edit, needle) in cases {
        let mut v = default_model_json();
        edit(&mut v);
        put(&d, name, serde_json::to_vec(&v).unwrap());
        model_refused(d.path(), name, &[name, needle]);
    }
}

#[test]
fn t66_lexicon_terms_past_the_limits_are_refused_at_once() {
    let d = dir();
    let long_term = vec!["war"; 20_000].join(" ");
    // In a model (the embedded lexicon): refused before its hash is checked or a matcher built.
    let mut v = default_model_json();
    v["lexicon"]["entries"][0]["term"] = long_term.clone().into();
    put(&d, "long.json", serde_json::to_vec(&v).unwrap());
    let started = Instant::now();
    model_refused(
        d.path(),
        "long.json",
        &[
            "long.json",
            "term \"war war war",
            "a term may have at most 200",
        ],
    );
    // 21 words in 200 bytes: the word limit.
    v["lexicon"]["entries"][0]["term"] = vec!["war"; 21].join(" ").into();
    put(&d, "words.json", serde_json::to_vec(&v).unwrap());
    model_refused(
        d.path(),
        "words.json",
        &["words.json", "has 21 words: a term may have at most 20"],
    );
    // In lexicon files, for `slant lexicon` and `train --lexicons`.
    put(
        &d,
        "lexl/terms.txt",
        format!("{LEXICON}{long_term} | hedge\n"),
    );
    fails(
        d.path(),
        &["lexicon", "lexl"],
        3,
        &["lexl/terms.txt:7: term \"war war", "at most 200"],
    );
    let train = [
        "train",
        "--data",
        "good.csv",
        "--label",
        "stance",
        "--lexicons",
        "lexl",
        "--out",
        "m.json",
    ];
    fails(d.path(), &train, 3, &["lexl/terms.txt:7", "at most 200"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    // More terms than a lexicon may have.
    let mut many = String::from("@category hedge epistemic Hedges\n");
    for i in 0..200_001 {
        many.push_str(&format!("term{i} | hedge\n"));
    }
    put(&d, "lexm/terms.txt", many);
    fails(
        d.path(),
        &["lexicon", "lexm"],
        3,
        &["lexm/terms.txt:200002", "more than 200000 terms"],
    );
}

// ---- size limits of regular files ------------------------------------------------------------

#[test]
fn t67_files_past_their_size_limit() {
    let d = dir();
    // An article of 65 MiB of text: refused before it is read.
    let text = "the troops stayed near the base ".repeat((65 << 20) / 32 + 1);
    put(&d, "big.txt", &text);
    score_fails(
        d.path(),
        &["big.txt"],
        3,
        &["big.txt: larger than 64 MiB, the limit for an article"],
    );
    // One CSV record of 65 MiB.
    put(&d, "big.csv", format!("id,text\na,\"{text}\"\n"));
    score_fails(
        d.path(),
        &["big.csv"],
        3,
        &["big.csv:2 (record 1): a record longer than 64 MiB"],
    );
    fs::remove_file(d.path().join("big.csv")).unwrap();
    fs::remove_file(d.path().join("big.txt")).unwrap();
    // A model of 3 GiB (JSON white space, sparse after its first block).
    let mut head = b"{".to_vec();
    head.resize(8192, b' ');
    put(&d, "big.json", &head);
    fs::OpenOptions::new()
        .write(true)
        .open(d.path().join("big.json"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    fails(
        d.path(),
        &["inspect", "big.json"],
        3,
        &["big.json: larger than 2 GiB, the limit for a slant model"],
    );
}

#[test]
fn t68_eval_refuses_a_pipe_it_would_read_twice() {
    let d = dir();
    if !make_fifo(&d.path().join("pipe.csv")) {
        return;
    }
    let eval = [
        "eval",
        "--data",
        "pipe.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
    ];
    fails(
        d.path(),
        &eval,
        2,
        &[
            "pipe.csv: a pipe can be read only once",
            "save it to a file first",
        ],
    );
    let held_out = [
        "eval",
        "--data",
        "good.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--test",
        "pipe.csv",
    ];
    fails(
        d.path(),
        &held_out,
        2,
        &["pipe.csv: a pipe can be read only once"],
    );
    // `train` reads its data once: a pipe fed by a writer is read like a file.
    let fed = d.path().join("fed.csv");
    if !make_fifo(&fed) {
        return;
    }
    let data = labeled_csv("\n");
    std::thread::spawn(move || {
        if let Ok(mut f) = fs::OpenOptions::new().write(true).open(&fed) {
            let _ = f.write_all(data.as_bytes());
        }
    });
    let out = run(
        d.path(),
        &[
            "train",
            "--data",
            "fed.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "m.json",
        ],
    );
    expect(&out, 0, &["read 24 rows"]);
}

#[test]
fn t69_a_boilerplate_file_that_is_not_rule_text() {
    let d = dir();
    put(
        &d,
        "rules16.txt",
        utf16("cookie | (?i)cookies\n", false, true),
    );
    score_fails(
        d.path(),
        &["--boilerplate", "rules16.txt", "art.txt"],
        3,
        &["rules16.txt: the file is UTF-16"],
    );
    put(&d, "rules.bin", [0x89, b'P', b'N', b'G', 0, 0, 0, 13]);
    score_fails(
        d.path(),
        &["--boilerplate", "rules.bin", "art.txt"],
        3,
        &["rules.bin:1: NUL byte", "not a boilerplate rule file"],
    );
    if make_zero_device(&d.path().join("zero.txt")) {
        score_fails(
            d.path(),
            &["--boilerplate", "zero.txt", "art.txt"],
            3,
            &["zero.txt:1: NUL byte"],
        );
    }
}

//! The bad-input table (docs/bad-inputs.md): every row runs the real binary in a temp dir and
//! checks the exit code, that stderr names the file (and line or record) and the problem, that no
//! partial output or temporary file is left, and that an existing model survives a failed `train`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{default_model, slant};

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\n\
occupation | delegitimizing\noccupier* | delegitimizing\nso-called | delegitimizing\nreportedly | hedge\n";

/// 36 labeled rows, three stances, two frames.
fn labeled_csv() -> String {
    let mut s = String::from("text,stance,frame\n");
    let stances = ["against", "favor", "neutral"];
    let words = [
        ["occupation", "occupiers", "withdraw", "plunder"],
        ["partners", "stability", "protect", "allies"],
        ["officials", "talks", "schedule", "statement"],
    ];
    for (i, stance) in stances.iter().enumerate() {
        for j in 0..12 {
            let w = words[i][j % 4];
            let frame = if j % 2 == 0 { "security" } else { "diplomacy" };
            s.push_str(&format!(
                "\"The {w} matter {j}, said {w} {i}.\",{stance},{frame}\n"
            ));
        }
    }
    s
}

fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lex")).unwrap();
    fs::write(dir.path().join("lex/terms.txt"), LEXICON).unwrap();
    fs::create_dir_all(dir.path().join("lex0")).unwrap();
    fs::write(dir.path().join("lex0/terms.txt"), LEXICON).unwrap();
    fs::write(dir.path().join("good.csv"), labeled_csv()).unwrap();
    dir
}

/// Writes `contents` to `name` in the temp dir.
fn put(d: &tempfile::TempDir, name: &str, contents: impl AsRef<[u8]>) {
    fs::write(d.path().join(name), contents).unwrap();
}

fn run(d: &Path, args: &[&str]) -> Output {
    slant(d).args(args).output().unwrap()
}

fn train_args<'a>(data: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "train",
        "--data",
        data,
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--min-df",
        "1",
        "--out",
        out,
    ]
}

fn train(d: &Path, data: &str, out: &str) -> Output {
    run(d, &train_args(data, out))
}

fn score(d: &Path, extra: &[&str]) -> Output {
    let model = default_model();
    let mut args = vec!["score", "--model", model.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(d, &args)
}

/// Asserts the exit code and that stderr contains every needle; returns stderr.
#[track_caller]
fn expect(out: &Output, code: i32, needles: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code; stderr:\n{stderr}"
    );
    for n in needles {
        assert!(stderr.contains(n), "stderr lacks {n:?}:\n{stderr}");
    }
    stderr
}

/// Every file under `d`, recursively.
fn files(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[track_caller]
fn no_temp_files(d: &Path) {
    let temps: Vec<_> = files(d)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("slant-tmp"))
        .collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
}

/// A failed train leaves no model (or the previous one, byte for byte) and no temp file.
#[track_caller]
fn failed_train(d: &Path, data: &str, code: i32, needles: &[&str]) -> String {
    let fresh = train(d, data, "new.json");
    let stderr = expect(&fresh, code, needles);
    assert!(!d.join("new.json").exists(), "partial model written");
    // And an existing model is never replaced.
    let model = d.join("old.json");
    if !model.exists() {
        let mut args = train_args("good.csv", "old.json");
        args[6] = "lex0";
        expect(&run(d, &args), 0, &[]);
    }
    let before = fs::read(&model).unwrap();
    expect(&train(d, data, "old.json"), code, needles);
    assert_eq!(fs::read(&model).unwrap(), before, "existing model changed");
    no_temp_files(d);
    stderr
}

/// A failed score leaves neither output file.
#[track_caller]
fn failed_score(d: &Path, inputs: &[&str], code: i32, needles: &[&str]) -> String {
    let mut args = vec!["--out", "s.csv", "--articles", "a.csv"];
    args.extend_from_slice(inputs);
    let stderr = expect(&score(d, &args), code, needles);
    assert!(!d.join("s.csv").exists() && !d.join("a.csv").exists());
    no_temp_files(d);
    stderr
}

// ---- labeled training data -------------------------------------------------------------------

#[test]
fn t01_csv_with_an_unclosed_quote() {
    let d = dir();
    // The quote swallows the rest of the file: the csv parser alone would accept it.
    put(
        &d,
        "bad.csv",
        "text,stance\nfine text,favor\n\"never closed,against\nmore text,favor\n",
    );
    failed_train(d.path(), "bad.csv", 3, &["bad.csv:3", "unclosed quote"]);
    put(
        &d,
        "bad2.csv",
        "text,stance\nfine text,\"favor\nmore text,against\n",
    );
    failed_train(d.path(), "bad2.csv", 3, &["bad2.csv:2", "unclosed quote"]);
    // After a blank line: the record's physical line, past the blank line.
    put(
        &d,
        "bad3.csv",
        "text,stance\nfine text,favor\n\n\"never closed,against\n",
    );
    failed_train(d.path(), "bad3.csv", 3, &["bad3.csv:4", "unclosed quote"]);
}

#[test]
fn t02_ragged_rows() {
    let d = dir();
    put(&d, "bad.csv", "text,stance\na,favor\nb,favor,x\n");
    failed_train(
        d.path(),
        "bad.csv",
        3,
        &["bad.csv:3", "3 fields", "header has 2"],
    );
}

#[test]
fn t03_missing_text_column() {
    let d = dir();
    put(&d, "bad.csv", "body,stance\na,favor\n");
    failed_train(
        d.path(),
        "bad.csv",
        3,
        &["bad.csv:1", "no text column `text`"],
    );
}

#[test]
fn t04_missing_label_column() {
    let d = dir();
    put(&d, "bad.csv", "text,side\na,favor\n");
    failed_train(
        d.path(),
        "bad.csv",
        3,
        &["bad.csv:1", "no label column `stance`"],
    );
}

#[test]
fn t05_empty_text_cells_are_skipped_with_their_line_and_refused_under_strict() {
    let d = dir();
    let mut csv = labeled_csv();
    csv.push_str(",favor,security\n  ,against,diplomacy\n");
    put(&d, "gaps.csv", csv);
    let out = train(d.path(), "gaps.csv", "m.json");
    expect(
        &out,
        0,
        &[
            "gaps.csv:38: empty text cell",
            "gaps.csv:39: empty text cell",
        ],
    );
    let mut args = train_args("gaps.csv", "strict.json");
    args.push("--strict");
    expect(
        &run(d.path(), &args),
        3,
        &["gaps.csv:38", "empty text cell"],
    );
    assert!(!d.path().join("strict.json").exists());
}

#[test]
fn t06_header_only() {
    let d = dir();
    put(&d, "bad.csv", "text,stance\n");
    failed_train(d.path(), "bad.csv", 3, &["bad.csv", "no data rows"]);
}

#[test]
fn t07_empty_file() {
    let d = dir();
    put(&d, "bad.csv", "");
    failed_train(d.path(), "bad.csv", 3, &["bad.csv", "empty file"]);
}

#[test]
fn t08_invalid_utf8_in_training_data() {
    let d = dir();
    put(
        &d,
        "bad.csv",
        b"text,stance\nfine,favor\nbad \xff\xfe byte,against\n",
    );
    failed_train(d.path(), "bad.csv", 3, &["bad.csv:3", "invalid UTF-8"]);
}

#[test]
fn t09_nul_bytes_in_training_data() {
    let d = dir();
    put(
        &d,
        "bad.csv",
        b"text,stance\nfine,favor\nnul\x00here,against\n",
    );
    failed_train(d.path(), "bad.csv", 3, &["bad.csv:3", "NUL byte"]);
}

#[test]
fn t10_crlf_and_bom_are_read_as_plain_csv() {
    let d = dir();
    let csv = format!("\u{feff}{}", labeled_csv().replace('\n', "\r\n"));
    put(&d, "crlf.csv", csv);
    expect(
        &train(d.path(), "crlf.csv", "crlf.json"),
        0,
        &["read 36 rows"],
    );
    expect(&train(d.path(), "good.csv", "plain.json"), 0, &[]);
    // The same data gives the same model, but for the recorded file name and hash.
    let strip = |p: &str| {
        let mut v: serde_json::Value =
            serde_json::from_slice(&fs::read(d.path().join(p)).unwrap()).unwrap();
        v["training"]["files"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip("crlf.json"), strip("plain.json"));
    // An article with CRLF line ends and a BOM.
    put(
        &d,
        "crlf.txt",
        "\u{feff}Troops out now.\r\n\r\nThe occupation must end.\r\n",
    );
    let out = score(d.path(), &["crlf.txt"]);
    expect(&out, 0, &["scored 2 sentences"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains('\r') && !stdout.contains('\u{feff}'),
        "{stdout}"
    );
}

#[test]
fn t11_a_single_50_mb_line() {
    let d = dir();
    // One article of 50 MB without a line break: scored, no crash, no memory blow-up.
    let unit = "the troops stayed near the base and the talks went on ";
    let line = unit.repeat(50_000_000 / unit.len() + 1);
    put(&d, "huge.txt", &line);
    let out = score(d.path(), &["--out", "s.csv", "huge.txt"]);
    expect(&out, 0, &["in 1 articles"]);
    assert!(fs::metadata(d.path().join("s.csv")).unwrap().len() > 1_000_000);
}

#[test]
fn t12_a_million_tiny_rows() {
    let d = dir();
    let mut csv = String::from("text,stance\n");
    let texts = [
        "occupation now",
        "partners stay",
        "talks resume",
        "occupiers out",
    ];
    let labels = ["against", "favor", "neutral", "against"];
    for i in 0..1_000_000 {
        csv.push_str(&format!("{} {},{}\n", texts[i % 4], i % 50, labels[i % 4]));
    }
    put(&d, "many.csv", csv);
    let out = train(d.path(), "many.csv", "m.json");
    expect(
        &out,
        0,
        &[
            "read 1000000 rows",
            "100 sentences after merging 999900 duplicate(s)",
        ],
    );
}

#[test]
fn t13_a_label_column_with_one_class() {
    let d = dir();
    put(&d, "one.csv", "text,stance\na b c,favor\nd e f,favor\n");
    failed_train(
        d.path(),
        "one.csv",
        2,
        &["one.csv", "`stance` has 1 class (favor)"],
    );
}

#[test]
fn t14_a_class_with_one_example_trains_with_a_warning() {
    let d = dir();
    let mut csv = labeled_csv();
    csv.push_str("\"A lone sentence about mediation.\",mediation,none\n");
    put(&d, "lone.csv", csv);
    expect(
        &train(d.path(), "lone.csv", "m.json"),
        0,
        &[
            "warning",
            "class `mediation` of `stance` has 1 example",
            "lone.csv:38",
        ],
    );
    assert!(d.path().join("m.json").exists());
}

#[test]
fn t15_labels_at_test_time_unseen_in_training() {
    let d = dir();
    put(&d, "test.csv", "text,stance\n\"The occupation matter 1, said occupation 0.\",against\n\"A truce was mediated.\",mediation\n");
    let out = run(
        d.path(),
        &[
            "eval",
            "--data",
            "good.csv",
            "--test",
            "test.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--min-df",
            "1",
        ],
    );
    // Evaluated, not dropped: the unseen class is listed with its support and zero recall, and
    // counts as an error in accuracy and macro-F1.
    expect(&out, 0, &["held-out test on test.csv", "on 2 rows"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout
        .lines()
        .find(|l| l.starts_with("mediation "))
        .unwrap_or_else(|| panic!("no row for the unseen class:\n{stdout}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[2], "0.0000", "recall of the unseen class: {row}");
    assert_eq!(&cells[4..], ["1", "0"], "support 1, predicted 0: {row}");
    assert!(stdout.contains("accuracy"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("test.csv:3: test label `mediation` does not occur in the training data"),
        "the unseen label is named with its place: {stderr}"
    );
}

// ---- articles to score -----------------------------------------------------------------------

#[test]
fn t16_invalid_utf8_in_articles_is_decoded_with_a_counted_warning_or_refused_under_strict() {
    let d = dir();
    put(&d, "bad.txt", b"The occupation \xff must end.\n");
    let out = score(d.path(), &["bad.txt"]);
    expect(
        &out,
        0,
        &[
            "bad.txt: invalid UTF-8 at byte 15",
            "replacement characters",
        ],
    );
    failed_score(
        d.path(),
        &["--strict", "bad.txt"],
        3,
        &["bad.txt", "invalid UTF-8", "--strict"],
    );
    // In a CSV of articles: the line is named.
    put(&d, "bad.csv", b"id,text\na,fine text.\nb,bad \xff text.\n");
    expect(
        &score(d.path(), &["bad.csv"]),
        0,
        &["bad.csv:3", "invalid UTF-8"],
    );
    failed_score(
        d.path(),
        &["--strict", "bad.csv"],
        3,
        &["bad.csv:3", "invalid UTF-8"],
    );
}

#[test]
fn t17_nul_bytes_in_an_article_are_binary_and_skipped() {
    let d = dir();
    put(&d, "ok.txt", "The talks resumed.\n");
    put(&d, "nul.txt", b"The occupation\x00\x00 must end.\n");
    let out = score(d.path(), &["ok.txt", "nul.txt"]);
    expect(&out, 0, &["nul.txt", "binary", "1 skipped"]);
    failed_score(
        d.path(),
        &["--strict", "ok.txt", "nul.txt"],
        3,
        &["nul.txt", "binary"],
    );
}

#[test]
fn t18_a_txt_folder_with_binary_files_and_sub_folders() {
    let d = dir();
    let f = d.path().join("folder");
    fs::create_dir_all(f.join("sub/deeper")).unwrap();
    fs::write(f.join("a.txt"), "The talks resumed on Tuesday.\n").unwrap();
    fs::write(f.join("sub/b.txt"), "The occupation must end.\n").unwrap();
    fs::write(f.join("sub/deeper/c.txt"), "Officials met.\n").unwrap();
    fs::write(f.join("image.png"), [0x89, b'P', b'N', b'G', 0, 0, 1]).unwrap();
    fs::write(f.join("sub/blob.txt"), [0u8, 1, 2, 3, 0xff, 0]).unwrap();
    let out = score(d.path(), &["folder"]);
    expect(
        &out,
        0,
        &[
            "image.png: not a .txt article file",
            "blob.txt",
            "binary",
            "in 3 articles",
            "2 skipped",
        ],
    );
    failed_score(d.path(), &["--strict", "folder"], 3, &["image.png"]);
}

#[test]
fn t19_an_outlet_map_naming_missing_files() {
    let d = dir();
    fs::create_dir_all(d.path().join("arts")).unwrap();
    put(&d, "arts/a.txt", "The talks resumed.\n");
    put(
        &d,
        "map.csv",
        "file,outlet\na.txt,Paper A\nghost.txt,Paper G\n",
    );
    expect(
        &score(d.path(), &["--outlets", "map.csv", "arts"]),
        0,
        &["map.csv:3", "ghost.txt"],
    );
}

#[test]
fn t20_a_jsonl_line_that_is_not_json() {
    let d = dir();
    put(
        &d,
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"The talks resumed.\"}\n{\"id\": \"b\", \"text\": \n",
    );
    failed_score(
        d.path(),
        &["in.jsonl"],
        3,
        &["in.jsonl:2", "not valid JSON"],
    );
}

#[test]
fn t21_an_articles_csv_with_an_unclosed_quote() {
    let d = dir();
    put(
        &d,
        "in.csv",
        "id,text\na,\"The talks resumed.\"\nb,\"The occupation must end.\nc,Officials met.\n",
    );
    failed_score(d.path(), &["in.csv"], 3, &["in.csv:3", "unclosed quote"]);
}

#[test]
fn t22_a_missing_input_file() {
    let d = dir();
    failed_score(
        d.path(),
        &["nowhere.txt"],
        4,
        &["nowhere.txt", "No such file"],
    );
}

// ---- model files -----------------------------------------------------------------------------

fn model_bytes() -> Vec<u8> {
    fs::read(default_model()).unwrap()
}

#[test]
fn t23_a_truncated_model() {
    let d = dir();
    let bytes = model_bytes();
    put(&d, "cut.json", &bytes[..bytes.len() / 2]);
    failed_score_with_model(d.path(), "cut.json", &["cut.json", "truncated model file"]);
}

#[test]
fn t24_a_corrupted_model() {
    let d = dir();
    let mut bytes = model_bytes();
    let mid = bytes.len() / 2;
    bytes[mid..mid + 8].copy_from_slice(b"\x00garbage");
    put(&d, "bad.json", &bytes);
    failed_score_with_model(
        d.path(),
        "bad.json",
        &["bad.json", "invalid JSON at line 1"],
    );
    // Valid JSON, altered content: the lexicon no longer matches its hash.
    let mut text = String::from_utf8(model_bytes()).unwrap();
    let at = text.rfind("\"term\":\"").unwrap() + "\"term\":\"".len();
    text.replace_range(at..at + 1, "Q");
    put(&d, "edited.json", text);
    failed_score_with_model(d.path(), "edited.json", &["edited.json", "altered"]);
}

#[test]
fn t25_a_model_from_a_newer_format_version() {
    let d = dir();
    let text = String::from_utf8(model_bytes()).unwrap();
    let newer = text.replacen("\"format_version\":1", "\"format_version\":99", 1);
    assert_ne!(newer, text);
    put(&d, "new.json", newer);
    failed_score_with_model(
        d.path(),
        "new.json",
        &["new.json", "model format 99", "upgrade slant"],
    );
}

#[test]
fn t26_not_a_slant_model() {
    let d = dir();
    put(&d, "a.json", "{\"hello\": 1}");
    failed_score_with_model(d.path(), "a.json", &["a.json", "not a slant model"]);
    put(&d, "b.json", [0x7f, b'E', b'L', b'F', 2, 1, 1, 0]);
    failed_score_with_model(d.path(), "b.json", &["b.json", "not a slant model"]);
    failed_score_with_model(d.path(), "missing.json", &["missing.json", "No such file"]);
}

#[track_caller]
fn failed_score_with_model(d: &Path, model: &str, needles: &[&str]) {
    fs::write(d.join("art.txt"), "The talks resumed.\n").unwrap();
    let code = if d.join(model).exists() { 3 } else { 4 };
    let out = run(
        d,
        &[
            "score",
            "--model",
            model,
            "--out",
            "s.csv",
            "--articles",
            "a.csv",
            "art.txt",
        ],
    );
    expect(&out, code, needles);
    assert!(!d.join("s.csv").exists() && !d.join("a.csv").exists());
    for cmd in [
        vec!["inspect", model],
        vec!["explain", "--model", model, "Some text."],
    ] {
        expect(&run(d, &cmd), code, needles);
    }
}

// ---- lexicons --------------------------------------------------------------------------------

#[test]
fn t27_a_lexicon_with_a_syntax_error() {
    let d = dir();
    put(&d, "lex/broken.txt", "so-called doubt\n");
    failed_train(d.path(), "good.csv", 3, &["broken.txt:1"]);
    expect(&run(d.path(), &["lexicon", "lex"]), 3, &["broken.txt:1"]);
}

#[test]
fn t28_a_lexicon_with_an_empty_term() {
    let d = dir();
    put(&d, "lex/empty.txt", "occupied | delegitimizing\n | hedge\n");
    failed_train(d.path(), "good.csv", 3, &["empty.txt:2", "empty term"]);
}

#[test]
fn t29_one_term_in_two_categories() {
    let d = dir();
    put(&d, "lex/twice.txt", "reportedly | delegitimizing\n");
    failed_train(
        d.path(),
        "good.csv",
        3,
        &["twice.txt:1", "reportedly", "terms.txt:6"],
    );
}

// ---- output ----------------------------------------------------------------------------------

#[test]
fn t30_an_unwritable_out() {
    let d = dir();
    put(&d, "art.txt", "The talks resumed.\n");
    expect(
        &score(d.path(), &["--out", "no/such/dir/s.csv", "art.txt"]),
        4,
        &["no/such/dir/s.csv"],
    );
    let out = train(d.path(), "good.csv", "no/such/dir/m.json");
    expect(&out, 4, &["no/such/dir/m.json"]);
    no_temp_files(d.path());
    // A directory where the file should be.
    fs::create_dir_all(d.path().join("isdir")).unwrap();
    expect(
        &train(d.path(), "good.csv", "isdir"),
        4,
        &["isdir", "is a directory"],
    );
}

#[test]
fn t31_out_equal_to_an_input() {
    let d = dir();
    put(&d, "art.txt", "The talks resumed.\n");
    let before = fs::read(d.path().join("art.txt")).unwrap();
    let out = score(d.path(), &["--out", "art.txt", "art.txt"]);
    expect(&out, 2, &["--out art.txt is also an input"]);
    assert_eq!(fs::read(d.path().join("art.txt")).unwrap(), before);
    expect(
        &train(d.path(), "good.csv", "good.csv"),
        2,
        &["is also an input"],
    );
    assert_eq!(
        fs::read_to_string(d.path().join("good.csv")).unwrap(),
        labeled_csv()
    );
}

#[test]
fn t32_output_to_a_closed_pipe_exits_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let d = dir();
    let art = d.path().join("arts");
    fs::create_dir_all(&art).unwrap();
    for i in 0..200 {
        fs::write(
            art.join(format!("{i:03}.txt")),
            "The occupation must end. The talks resumed on Tuesday. Officials met.\n".repeat(20),
        )
        .unwrap();
    }
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .current_dir(d.path())
        .args([
            "score",
            "--model",
            default_model().to_str().unwrap(),
            "arts",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // as `| head -c 100` does
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn t33_usage_errors() {
    let d = dir();
    expect(
        &run(d.path(), &["score", "--bogus-flag"]),
        2,
        &["--bogus-flag"],
    );
    expect(
        &run(d.path(), &["train", "--data", "good.csv"]),
        2,
        &["--label"],
    );
    let out = score(
        d.path(),
        &["--out", "x.csv", "--articles", "x.csv", "good.csv"],
    );
    expect(&out, 2, &["--out and --articles name the same file"]);
    let mut args = train_args("good.csv", "m.json");
    args.extend(["--ngram-max", "7"]);
    expect(&run(d.path(), &args), 2, &["n-gram range"]);
    assert!(!d.path().join("m.json").exists());
}

#[test]
fn t19_strict_an_outlet_map_naming_missing_files_is_an_error() {
    let d = dir();
    fs::create_dir_all(d.path().join("arts")).unwrap();
    put(&d, "arts/a.txt", "The talks resumed.\n");
    put(
        &d,
        "map.csv",
        "file,outlet\na.txt,Paper A\nghost.txt,Paper G\n",
    );
    failed_score(
        d.path(),
        &["--strict", "--outlets", "map.csv", "arts"],
        3,
        &["map.csv:3", "ghost.txt"],
    );
}

//! The bad-input table, part "Merges, drops and warnings" (docs/bad-inputs.md, t74–t99): nothing
//! is merged or dropped silently, boilerplate never takes content with it, and a failed write to
//! stderr never panics. Every test runs the real binary in a temp dir and checks the exit code,
//! that stderr names the file (and line) and the problem, that no partial output or temporary
//! file is left, and that the inputs are untouched.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{csv_rows, default_model, root, slant};

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\n\
occupation | delegitimizing\noccupier* | delegitimizing\nso-called | delegitimizing\nreportedly | hedge\n";

/// A run never takes longer than this (a regression fails instead of hanging).
const TIMEOUT: Duration = Duration::from_secs(120);

/// 36 labeled rows, three stances (spelled `against`, `favor`, `neutral`), two frames.
fn labeled_csv() -> String {
    labeled_csv_spelled(["against", "favor", "neutral"])
}

/// As [`labeled_csv`], the stances spelled as given for every third row of each.
fn labeled_csv_spelled(odd: [&str; 3]) -> String {
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
            let label = if j % 3 == 1 { odd[i] } else { stance };
            s.push_str(&format!(
                "\"The {w} matter {j}, said {w} {i}.\",\"{label}\",{frame}\n"
            ));
        }
    }
    s
}

fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lex")).unwrap();
    fs::write(dir.path().join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.path().join("good.csv"), labeled_csv()).unwrap();
    dir
}

/// Writes `contents` to `name` in the temp dir (creating folders).
fn put(d: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = d.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

fn run(d: &Path, args: &[&str]) -> Output {
    slant(d).args(args).timeout(TIMEOUT).output().unwrap()
}

fn score(d: &Path, extra: &[&str]) -> Output {
    let model = default_model();
    let mut args = vec!["score", "--model", model.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(d, &args)
}

fn train(d: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["train", "--lexicons", "lex", "--out", "m.json"];
    args.extend_from_slice(extra);
    run(d, &args)
}

fn eval(d: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["eval", "--lexicons", "lex", "--label", "stance"];
    args.extend_from_slice(extra);
    run(d, &args)
}

fn report(d: &Path, extra: &[&str]) -> Output {
    let lexicons = root().join("data/lexicons");
    let mut args = vec!["report", "--lexicons", lexicons.to_str().unwrap()];
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

/// Every file under `d` with its bytes.
fn snapshot(d: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else if p.is_file() {
            out.insert(p.clone(), fs::read(&p).unwrap());
        }
    }
    out
}

/// The files of `before` are unchanged, no other file appeared but `outputs`, and no temporary
/// file is left.
#[track_caller]
fn untouched_but(d: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, outputs: &[&str]) {
    let after = snapshot(d);
    for (path, bytes) in before {
        let name = path.strip_prefix(d).unwrap().to_string_lossy().into_owned();
        if outputs.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    for path in after.keys() {
        let name = path.strip_prefix(d).unwrap().to_string_lossy().into_owned();
        assert!(
            before.contains_key(path) || outputs.contains(&name.as_str()),
            "unexpected file {name}"
        );
        assert!(!name.contains("slant-tmp"), "temporary file left: {name}");
    }
}

/// A failed `score --out s.csv --articles a.csv INPUTS`: exit code, messages, no output, inputs
/// untouched. Returns stderr.
#[track_caller]
fn failed_score(d: &Path, inputs: &[&str], code: i32, needles: &[&str]) -> String {
    let before = snapshot(d);
    let mut args = vec!["--out", "s.csv", "--articles", "a.csv"];
    args.extend_from_slice(inputs);
    let stderr = expect(&score(d, &args), code, needles);
    untouched_but(d, &before, &[]);
    stderr
}

/// A successful `score --out s.csv --articles a.csv INPUTS` with the needles on stderr: the
/// sentence and article rows.
#[track_caller]
fn scored(d: &Path, inputs: &[&str], needles: &[&str]) -> (Vec<Row>, Vec<Row>, String) {
    let before = snapshot(d);
    let mut args = vec!["--out", "s.csv", "--articles", "a.csv"];
    args.extend_from_slice(inputs);
    let stderr = expect(&score(d, &args), 0, needles);
    untouched_but(d, &before, &["s.csv", "a.csv"]);
    let rows = |name: &str| csv_rows(&fs::read_to_string(d.join(name)).unwrap());
    (rows("s.csv"), rows("a.csv"), stderr)
}

type Row = std::collections::HashMap<String, String>;

fn ids(articles: &[Row]) -> Vec<&str> {
    articles.iter().map(|a| a["article_id"].as_str()).collect()
}

// ---- inputs named twice, article ids -----------------------------------------------------------

#[test]
fn t74_the_same_input_named_twice_is_read_once() {
    let d = dir();
    let d = d.path();
    put(d, "arts/a.txt", "The talks resumed on Tuesday.\n");
    put(d, "arts/b.txt", "The occupation must end.\n");
    put(d, "in.csv", "id,text\nx,Officials met.\n");
    // Two spellings of one file.
    let (_, articles, _) = scored(
        d,
        &["arts/a.txt", "./arts/a.txt"],
        &[
            "./arts/a.txt is the same file as arts/a.txt",
            "read once",
            "in 1 articles",
        ],
    );
    assert_eq!(ids(&articles), ["a"]);
    // A file and the folder that holds it; a CSV under two spellings; a symlink in the folder.
    std::os::unix::fs::symlink("a.txt", d.join("arts/link.txt")).unwrap();
    let (_, articles, _) = scored(
        d,
        &["arts", "arts/b.txt", "in.csv", "arts/../in.csv"],
        &[
            "arts/link.txt is the same file as arts/a.txt",
            "arts/b.txt is named twice",
            "arts/../in.csv is the same file as in.csv",
            "in 3 articles",
        ],
    );
    assert_eq!(ids(&articles), ["a", "b", "x"]);
    // --strict: an error before anything is read.
    failed_score(
        d,
        &["--strict", "arts/a.txt", "./arts/a.txt"],
        2,
        &["./arts/a.txt is the same file as arts/a.txt", "--strict"],
    );
}

#[test]
fn t75_txt_files_sharing_a_stem_get_ids_with_their_paths() {
    let d = dir();
    let d = d.path();
    put(d, "c/a/story.txt", "The talks resumed on Tuesday.\n");
    put(d, "c/b/story.txt", "The occupation must end.\n");
    put(d, "c/other.txt", "Officials met.\n");
    put(
        d,
        "map.csv",
        "file,outlet\na/story.txt,Paper A\nc/b/story.txt,Paper B\nother.txt,Paper O\n",
    );
    let (sentences, articles, _) = scored(
        d,
        &["--outlets", "map.csv", "c"],
        &["share their file stem", "`a/story`"],
    );
    let got: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a["article_id"].as_str(), a["outlet"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("a/story", "Paper A"),
            ("b/story", "Paper B"),
            ("other", "Paper O")
        ]
    );
    assert!(sentences.iter().any(|s| s["article_id"] == "b/story"));
    // A map row naming only `story.txt` matches both: warned, an error under --strict.
    put(
        d,
        "map2.csv",
        "file,outlet\nstory.txt,Paper S\nother.txt,Paper O\n",
    );
    scored(
        d,
        &["--outlets", "map2.csv", "c"],
        &[
            "map2.csv:2: `story.txt` matches several input files",
            "c/a/story.txt",
            "c/b/story.txt",
        ],
    );
    failed_score(
        d,
        &["--strict", "--outlets", "map2.csv", "c"],
        3,
        &["map2.csv:2", "matches several input files"],
    );
}

#[test]
fn t76_duplicate_article_ids_are_kept_apart_and_warned() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "in.csv",
        "id,text\nx,The talks resumed.\nx,The occupation must end.\ny,Officials met.\nx,A third one.\n",
    );
    let (_, articles, _) = scored(
        d,
        &["in.csv"],
        &[
            "in.csv:3: article id `x` was already given to an earlier article: this one is `x#2`",
            "in.csv:5",
            "`x#3`",
        ],
    );
    assert_eq!(ids(&articles), ["x", "x#2", "y", "x#3"]);
    failed_score(
        d,
        &["--strict", "in.csv"],
        3,
        &["in.csv:3", "article id `x`", "--strict"],
    );
    // JSONL, and a record whose id is a .txt file's stem.
    put(
        d,
        "in.jsonl",
        "{\"id\": \"k\", \"text\": \"The talks resumed.\"}\n{\"id\": \"k\", \"text\": \"Officials met.\"}\n",
    );
    put(d, "y.txt", "The occupation must end.\n");
    let (_, articles, _) = scored(
        d,
        &["in.jsonl", "y.txt", "in.csv"],
        &["in.jsonl:2: article id `k`", "in.csv:4: article id `y`"],
    );
    assert_eq!(ids(&articles), ["k", "k#2", "y", "x", "x#2", "y#2", "x#3"]);
    failed_score(d, &["--strict", "in.jsonl"], 3, &["in.jsonl:2", "`k`"]);
}

// ---- outlet maps -------------------------------------------------------------------------------

#[test]
fn t77_conflicting_and_repeated_outlet_map_rows() {
    let d = dir();
    let d = d.path();
    put(d, "arts/a.txt", "The talks resumed.\n");
    put(d, "arts/b.txt", "The occupation must end.\n");
    put(
        d,
        "map.csv",
        "file,outlet\na.txt,Paper A\nb.txt,Paper B\na.txt,Paper Z\nb.txt,Paper B\n",
    );
    let (_, articles, _) = scored(
        d,
        &["--outlets", "map.csv", "arts"],
        &[
            "map.csv:4: `a.txt` has outlet `Paper Z` here but `Paper A` at line 2: line 2 is used",
            "map.csv:5: `b.txt` repeats line 3",
        ],
    );
    assert_eq!(articles[0]["outlet"], "Paper A");
    failed_score(
        d,
        &["--strict", "--outlets", "map.csv", "arts"],
        3,
        &["map.csv:4", "Paper Z", "--strict"],
    );
}

#[test]
fn t78_articles_missing_from_the_outlet_map() {
    let d = dir();
    let d = d.path();
    for name in ["a", "b", "c", "d", "e", "f", "g"] {
        put(d, &format!("arts/{name}.txt"), "The talks resumed.\n");
    }
    put(d, "map.csv", "file,outlet\na.txt,Paper A\n");
    let (_, articles, stderr) = scored(
        d,
        &["--outlets", "map.csv", "arts"],
        &[
            "map.csv: 6 article(s) have no outlet",
            "arts/b.txt",
            "arts/f.txt, …",
        ],
    );
    assert!(!stderr.contains("arts/g.txt"), "first few only: {stderr}");
    assert_eq!(articles[1]["outlet"], "");
    failed_score(
        d,
        &["--strict", "--outlets", "map.csv", "arts"],
        3,
        &["map.csv", "article `b`", "arts/b.txt", "no outlet"],
    );
    // The folder's own outlets.csv is a map too.
    put(
        d,
        "arts/outlets.csv",
        "file,outlet\na.txt,Paper A\nb.txt,Paper B\n",
    );
    scored(d, &["arts"], &["5 article(s) have no outlet"]);
}

#[test]
fn t92_a_record_outlet_that_the_outlet_map_contradicts() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "in.csv",
        "id,text,outlet\na,The talks resumed.,Paper A\nb,Officials met.,\nc,The occupation must end.,Paper C\n",
    );
    put(
        d,
        "map.csv",
        "file,outlet\na,Paper Z\nb,Paper B\nc,Paper C\n",
    );
    let (_, articles, stderr) = scored(
        d,
        &["--outlets", "map.csv", "in.csv"],
        &["in.csv:2: the record's outlet `Paper A` differs from `Paper Z` given by map.csv:2: the record's is kept"],
    );
    assert!(
        !stderr.contains("in.csv:4"),
        "agreeing outlets are fine: {stderr}"
    );
    let got: Vec<&str> = articles.iter().map(|a| a["outlet"].as_str()).collect();
    assert_eq!(got, ["Paper A", "Paper B", "Paper C"]);
    failed_score(
        d,
        &["--strict", "--outlets", "map.csv", "in.csv"],
        3,
        &["in.csv:2", "Paper Z", "--strict"],
    );
}

// ---- report ------------------------------------------------------------------------------------

/// A scored sentence table (the shape of `slant score`'s), two outlets.
fn scores_csv() -> String {
    let mut s = String::from(
        "article_id,outlet,date,sentence_index,start,end,text,stance,stance_p_against,stance_p_favor,stance_p_neutral,words,loaded_terms,matched_terms\n",
    );
    for a in 0..4 {
        for i in 0..3 {
            let (outlet, p) = if a < 2 {
                ("Anvil", "0.7,0.2,0.1")
            } else {
                ("Beacon", "0.1,0.8,0.1")
            };
            let stance = if a < 2 { "against" } else { "favor" };
            s.push_str(&format!(
                "art{a},{outlet},,{i},0,20,The talks went on {i}.,{stance},{p},5,0,\n"
            ));
        }
    }
    s
}

#[test]
fn t79_report_articles_with_repeated_article_ids() {
    let d = dir();
    let d = d.path();
    let no_outlet = scores_csv()
        .replace(",Anvil,", ",,")
        .replace(",Beacon,", ",,");
    put(d, "scores.csv", no_outlet);
    put(
        d,
        "arts.csv",
        "article_id,outlet\nart0,Anvil\nart1,Anvil\nart2,Beacon\nart0,Beacon\nart3,Beacon\nart3,Beacon\n",
    );
    let before = snapshot(d);
    let out = report(
        d,
        &[
            "--scores",
            "scores.csv",
            "--articles",
            "arts.csv",
            "--report",
            "rep",
        ],
    );
    expect(
        &out,
        0,
        &[
            "arts.csv:5: article_id `art0` has outlet `Beacon` here but `Anvil` at line 2: line 2 is used",
            "arts.csv:7: article_id `art3` repeats line 6",
        ],
    );
    let json = fs::read_to_string(d.join("rep/report.json")).unwrap();
    assert!(json.contains("\"Anvil\""), "{json}");
    fs::remove_dir_all(d.join("rep")).unwrap();
    untouched_but(d, &before, &[]);
    let out = report(
        d,
        &[
            "--strict",
            "--scores",
            "scores.csv",
            "--articles",
            "arts.csv",
            "--report",
            "rep",
        ],
    );
    expect(&out, 3, &["arts.csv:5", "art0", "--strict"]);
    assert!(!d.join("rep").exists());
    untouched_but(d, &before, &[]);
}

#[test]
fn t93_report_on_a_scored_table_given_twice() {
    let d = dir();
    let d = d.path();
    let table = scores_csv();
    let body: String = table.lines().skip(1).map(|l| format!("{l}\n")).collect();
    put(d, "twice.csv", format!("{table}{body}"));
    // Two articles that share an id: read, and said.
    let clash = table.replacen(
        "art1,Anvil,,0,0,20,The talks went on 0.",
        "art0,Anvil,,0,0,20,Another text.",
        1,
    );
    put(d, "clash.csv", clash);
    let before = snapshot(d);
    let out = report(d, &["--scores", "twice.csv", "--report", "rep"]);
    expect(
        &out,
        0,
        &[
            "twice.csv:14: sentence 0 of article `art0` repeats line 2: read once",
            "… and 7 more repeated scored sentence warnings",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("rep/report.json")).unwrap()).unwrap();
    assert_eq!(json["n_sentences"], 12, "counted once");
    fs::remove_dir_all(d.join("rep")).unwrap();
    expect(
        &report(d, &["--scores", "clash.csv"]),
        0,
        &["clash.csv:5: sentence 0 of article `art0` is also at line 2 with another text"],
    );
    expect(
        &report(d, &["--strict", "--scores", "twice.csv", "--report", "rep"]),
        3,
        &["twice.csv:14", "--strict"],
    );
    assert!(!d.join("rep").exists());
    untouched_but(d, &before, &[]);
}

#[test]
fn t85_report_refuses_impossible_probabilities() {
    let d = dir();
    let d = d.path();
    let good = scores_csv();
    for (bad, needles) in [
        ("NaN", vec!["is not a number"]),
        ("inf", vec!["is infinite"]),
        ("-5", vec!["outside 0–1"]),
        ("1e308", vec!["outside 0–1"]),
        ("0.9", vec!["the `stance` probabilities sum to 1.7, not 1"]),
        ("", vec!["is not a number"]),
    ] {
        // Line 5 (4th data row), the `stance_p_favor` cell (column 10).
        let text: String = good
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 4 {
                    let mut cells: Vec<&str> = l.split(',').collect();
                    cells[9] = bad;
                    cells.join(",") + "\n"
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        put(d, "scores.csv", &text);
        let before = snapshot(d);
        let out = report(d, &["--scores", "scores.csv", "--report", "rep"]);
        let mut all = vec!["scores.csv:5"];
        all.extend(needles.iter());
        if !bad.is_empty() && bad != "0.9" {
            all.push("`stance_p_favor` (column 10)");
        }
        expect(&out, 3, &all);
        assert!(!d.join("rep").exists(), "{bad}: report written");
        untouched_but(d, &before, &[]);
    }
    put(d, "scores.csv", &good);
    expect(&report(d, &["--scores", "scores.csv"]), 0, &[]);
}

// ---- repeated column names, JSON keys, JSONL types -------------------------------------------

#[test]
fn t80_repeated_column_names_in_every_csv_reader() {
    let d = dir();
    let d = d.path();
    // Articles to score: `Text` and `text` are one name to this reader.
    put(
        d,
        "in.csv",
        "id,text,Text\na,The talks resumed.,Other text.\n",
    );
    let (sentences, _, _) = scored(
        d,
        &["in.csv"],
        &["in.csv:1: column name `text` appears 2 times (columns 2, 3): column 2 is read"],
    );
    assert_eq!(sentences[0]["text"], "The talks resumed.");
    failed_score(
        d,
        &["--strict", "in.csv"],
        3,
        &["in.csv:1", "`text`", "--strict"],
    );
    // Training data.
    let twice = labeled_csv().replacen("text,stance,frame", "text,stance,stance", 1);
    put(d, "twice.csv", twice);
    let before = snapshot(d);
    expect(
        &train(d, &["--data", "twice.csv", "--label", "stance"]),
        0,
        &["twice.csv:1: column name `stance` appears 2 times"],
    );
    fs::remove_file(d.join("m.json")).unwrap();
    expect(
        &train(d, &["--strict", "--data", "twice.csv", "--label", "stance"]),
        3,
        &["twice.csv:1", "`stance`", "--strict"],
    );
    untouched_but(d, &before, &[]);
    // An outlet map.
    put(d, "arts/a.txt", "The talks resumed.\n");
    put(d, "map.csv", "file,outlet,outlet\na.txt,Paper A,Paper Z\n");
    let (_, articles, _) = scored(
        d,
        &["--outlets", "map.csv", "arts"],
        &["map.csv:1: column name `outlet` appears 2 times"],
    );
    assert_eq!(articles[0]["outlet"], "Paper A");
    failed_score(
        d,
        &["--strict", "--outlets", "map.csv", "arts"],
        3,
        &["map.csv:1", "`outlet`"],
    );
    // A scored table for `report`.
    let scores = scores_csv().replacen("words,loaded_terms", "outlet,loaded_terms", 1);
    put(d, "scores.csv", scores);
    expect(
        &report(d, &["--scores", "scores.csv"]),
        0,
        &["scores.csv:1: column name `outlet` appears 2 times"],
    );
    expect(
        &report(d, &["--strict", "--scores", "scores.csv"]),
        3,
        &["scores.csv:1", "`outlet`"],
    );
    // A folds file for `eval`.
    let mut with_ids = String::from("id,text,stance\n");
    let mut folds = String::from("row,id,fold,fold\n");
    for (i, line) in labeled_csv().lines().skip(1).enumerate() {
        let (text_and_stance, _) = line.rsplit_once(',').unwrap();
        with_ids.push_str(&format!("r{i},{text_and_stance}\n"));
        folds.push_str(&format!("{i},r{i},{},9\n", i % 2));
    }
    put(d, "ids.csv", with_ids);
    put(d, "folds.csv", folds);
    let before = snapshot(d);
    expect(
        &eval(d, &["--data", "ids.csv", "--folds-file", "folds.csv"]),
        0,
        &["folds.csv:1: column name `fold` appears 2 times"],
    );
    expect(
        &eval(
            d,
            &["--strict", "--data", "ids.csv", "--folds-file", "folds.csv"],
        ),
        3,
        &["folds.csv:1", "`fold`"],
    );
    untouched_but(d, &before, &[]);
}

#[test]
fn t81_json_objects_with_repeated_keys() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"The talks resumed.\"}\n{\"id\": \"b\", \"text\": \"The occupation must end.\", \"text\": \"Officials met.\"}\n",
    );
    let (sentences, _, _) = scored(
        d,
        &["in.jsonl"],
        &["in.jsonl:2: key `text` appears more than once in the object: the last value is read"],
    );
    assert_eq!(sentences[1]["text"], "Officials met.");
    failed_score(
        d,
        &["--strict", "in.jsonl"],
        3,
        &["in.jsonl:2", "`text`", "--strict"],
    );
}

#[test]
fn t82_jsonl_fields_of_the_wrong_type() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "in.jsonl",
        concat!(
            "{\"id\": 17, \"text\": \"The talks resumed.\", \"outlet\": null, \"date\": \"2024-01-05\"}\n",
            "{\"id\": true, \"text\": \"Officials met.\", \"outlet\": 5}\n",
            "{\"id\": \"c\", \"text\": \"The occupation must end.\", \"date\": [2024, 1], \"title\": {\"a\": 1}}\n",
            "{\"id\": 2.5, \"text\": \"Troops left.\", \"outlet\": false}\n",
        ),
    );
    let (_, articles, stderr) = scored(
        d,
        &["in.jsonl"],
        &[
            "in.jsonl:2: `id` is a bool (true), expected a string: ignored",
            "in.jsonl:2: `outlet` is a number (5), expected a string: read as `5`",
            "in.jsonl:3: `date` is an array",
            "in.jsonl:3: `title` is an object",
            "in.jsonl:4: `id` is a number (2.5)",
            "… and 1 more wrongly typed JSON field warning",
        ],
    );
    assert!(
        !stderr.contains("in.jsonl:1"),
        "an integer id and a null are fine: {stderr}"
    );
    let got: Vec<(&str, &str, &str)> = articles
        .iter()
        .map(|a| {
            (
                a["article_id"].as_str(),
                a["outlet"].as_str(),
                a["date"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("17", "", "2024-01-05"),
            ("in-2", "5", ""),
            ("c", "", ""),
            ("2.5", "", "")
        ]
    );
    failed_score(
        d,
        &["--strict", "in.jsonl"],
        3,
        &["in.jsonl:2", "`id` is a bool (true)", "--strict"],
    );
}

// ---- labels and label options ------------------------------------------------------------------

#[test]
fn t83_labels_that_differ_only_in_case_or_spacing_are_one_class() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "mixed.csv",
        labeled_csv_spelled(["Against", " favor", "NEUTRAL "]),
    );
    let before = snapshot(d);
    let out = train(d, &["--data", "mixed.csv", "--label", "stance"]);
    expect(
        &out,
        0,
        &[
            "`stance` labels differ only in case or spacing",
            "`Against` (4 row(s), first at mixed.csv:3)",
            "all read as `against`",
            "` favor`",
            "all read as `favor`",
            "all read as `neutral`",
        ],
    );
    let inspect = run(d, &["inspect", "m.json"]);
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(
        text.contains("stance: 3 classes (against 12, favor 12, neutral 12)"),
        "{text}"
    );
    untouched_but(d, &before, &["m.json"]);
    fs::remove_file(d.join("m.json")).unwrap();
    expect(
        &train(d, &["--strict", "--data", "mixed.csv", "--label", "stance"]),
        3,
        &["mixed.csv:3", "differ only in case or spacing", "--strict"],
    );
    untouched_but(d, &before, &[]);
    // eval: across the data and the test file.
    put(
        d,
        "test.csv",
        "text,stance\n\"The occupation matter 1, said occupation 0.\",Against\n\"Officials met.\",neutral\n",
    );
    let out = eval(d, &["--data", "good.csv", "--test", "test.csv"]);
    expect(
        &out,
        0,
        &[
            "`Against` (1 row(s), first at test.csv:2)",
            "all read as `against`",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Against"), "{stdout}");
    expect(
        &eval(d, &["--strict", "--data", "good.csv", "--test", "test.csv"]),
        3,
        &["test.csv:2", "--strict"],
    );
}

#[test]
fn t84_a_label_named_twice_is_a_usage_error_before_reading() {
    let d = dir();
    let d = d.path();
    let before = snapshot(d);
    for data in ["good.csv", "missing.csv"] {
        expect(
            &train(
                d,
                &["--data", data, "--label", "stance", "--label", "stance"],
            ),
            2,
            &["--label stance is given twice"],
        );
    }
    untouched_but(d, &before, &[]);
}

#[test]
fn t91_training_data_named_twice_is_read_once() {
    let d = dir();
    let d = d.path();
    let before = snapshot(d);
    let out = train(
        d,
        &[
            "--data",
            "good.csv",
            "--data",
            "./good.csv",
            "--label",
            "stance",
        ],
    );
    expect(
        &out,
        0,
        &[
            "./good.csv is the same file as good.csv (named twice): read once",
            "read 36 rows from 1 file(s)",
        ],
    );
    untouched_but(d, &before, &["m.json"]);
    fs::remove_file(d.join("m.json")).unwrap();
    expect(
        &train(
            d,
            &[
                "--strict",
                "--data",
                "good.csv",
                "--data",
                "./good.csv",
                "--label",
                "stance",
            ],
        ),
        2,
        &["./good.csv is the same file as good.csv", "--strict"],
    );
    // eval: the test file is the training file.
    expect(
        &eval(d, &["--data", "good.csv", "--test", "./good.csv"]),
        2,
        &["--test ./good.csv is the same file as --data good.csv"],
    );
    // eval rows are not counted twice either.
    let out = eval(d, &["--data", "good.csv", "--data", "good.csv"]);
    expect(&out, 0, &["good.csv is named twice", ": 36 rows"]);
    untouched_but(d, &before, &[]);
}

// ---- options naming columns --------------------------------------------------------------------

#[test]
fn t86_a_column_named_by_an_option_must_exist() {
    let d = dir();
    let d = d.path();
    put(d, "in.csv", "id,text\na,The talks resumed.\n");
    put(
        d,
        "in.jsonl",
        "{\"id\": \"a\", \"text\": \"The talks resumed.\"}\n",
    );
    for (option, input, file) in [
        ("--id-column", "in.csv", "in.csv:1"),
        ("--outlet-column", "in.csv", "in.csv:1"),
        ("--date-column", "in.csv", "in.csv:1"),
        ("--text-column", "in.csv", "in.csv:1"),
        ("--id-column", "in.jsonl", "in.jsonl:1"),
        ("--outlet-column", "in.jsonl", "in.jsonl:1"),
    ] {
        let stderr = failed_score(
            d,
            &[option, "nosuch", input],
            3,
            &[file, &format!("{option} `nosuch`"), "found: id, text"],
        );
        assert!(!stderr.contains("scored"), "{stderr}");
        // Written to stdout: not even the header is printed.
        let out = score(d, &[option, "nosuch", input]);
        assert_eq!(out.status.code(), Some(3));
        assert!(out.stdout.is_empty(), "partial output on stdout");
    }
    // The defaults stay optional: no outlet or date column is fine.
    scored(d, &["in.csv", "in.jsonl"], &["in 2 articles"]);
    // Columns that are there, with other warnings (kept while the headers are checked).
    scored(
        d,
        &["--id-column", "id", "in.csv", "./in.csv"],
        &["./in.csv is the same file as in.csv", "in 1 articles"],
    );
    // report --by, eval --group / --leave-one-out / --id-column.
    put(d, "scores.csv", scores_csv());
    let before = snapshot(d);
    expect(
        &report(
            d,
            &[
                "--scores",
                "scores.csv",
                "--by",
                "outelt",
                "--report",
                "rep",
            ],
        ),
        3,
        &[
            "scores.csv:1",
            "no `outelt` column for --by (found: article_id, outlet",
        ],
    );
    for (option, needle) in [
        ("--group", "no group (--group) column `nosuch`"),
        (
            "--leave-one-out",
            "no group (--leave-one-out) column `nosuch`",
        ),
        ("--id-column", "no id (--id-column) column `nosuch`"),
    ] {
        expect(
            &eval(d, &["--data", "good.csv", option, "nosuch"]),
            3,
            &["good.csv:1", needle, "found: text, stance, frame"],
        );
    }
    untouched_but(d, &before, &[]);
}

// ---- warnings are summarised -------------------------------------------------------------------

#[test]
fn t87_repeated_warnings_are_summarised() {
    let d = dir();
    let d = d.path();
    let mut csv = String::from("id,text\n");
    for i in 0..30 {
        csv.push_str(&format!("same,The talks resumed on day {i}.\n"));
    }
    put(d, "in.csv", csv);
    let (_, articles, stderr) = scored(
        d,
        &["in.csv"],
        &[
            "in.csv:3: article id `same`",
            "… and 24 more duplicate article id warnings",
        ],
    );
    assert_eq!(articles.len(), 30);
    assert_eq!(stderr.matches("was already given").count(), 5, "{stderr}");
    // Skipped files too.
    for i in 0..12 {
        put(d, &format!("arts/n{i:02}.md"), "not an article");
    }
    put(d, "arts/a.txt", "The talks resumed.\n");
    let (_, _, stderr) = scored(d, &["arts"], &["… and 7 more skipped input warnings"]);
    assert_eq!(
        stderr.matches("not a .txt article file").count(),
        5,
        "{stderr}"
    );
}

// ---- boilerplate -------------------------------------------------------------------------------

#[test]
fn t88_a_boilerplate_sentence_does_not_take_its_paragraph_with_it() {
    let d = dir();
    let d = d.path();
    put(
        d,
        "one.txt",
        "The troops left the base on Monday. Subscribe today! Officials said the talks would resume next week.\n",
    );
    put(
        d,
        "two.txt",
        "Talks resume\n\nThe occupation must end, the speaker said. © 2024 Example News. All rights reserved.\n\nFollow us on Telegram\n",
    );
    let (sentences, articles, _) = scored(
        d,
        &["one.txt", "two.txt"],
        &["dropped 1 boilerplate lines and cut 3 boilerplate sentence(s) out of lines kept"],
    );
    let texts: Vec<&str> = sentences.iter().map(|s| s["text"].as_str()).collect();
    assert_eq!(
        texts,
        [
            "The troops left the base on Monday.",
            "Officials said the talks would resume next week.",
            "Talks resume",
            "The occupation must end, the speaker said."
        ]
    );
    assert_eq!(articles[0]["boilerplate_lines_dropped"], "1");
    assert_eq!(articles[1]["boilerplate_lines_dropped"], "3");
    // --strict: the article still has sentences, so nothing to refuse.
    scored(d, &["--strict", "one.txt"], &["in 1 articles"]);
}

// ---- stderr that cannot be written -------------------------------------------------------------

/// Runs slant in `d` with stderr sent to `stderr` (`None`: a pipe whose reading end is closed
/// at once), stopping it after [`TIMEOUT`].
fn run_with_stderr(d: &Path, args: &[&str], stderr: Option<Stdio>) -> std::process::ExitStatus {
    let closed_pipe = stderr.is_none();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .current_dir(d)
        .env_remove("SLANT_MODEL")
        .args(args)
        .stdout(Stdio::null())
        .stderr(stderr.unwrap_or_else(Stdio::piped))
        .spawn()
        .unwrap();
    if closed_pipe {
        drop(child.stderr.take());
    }
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("slant {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Commands that write warnings and errors to stderr, with their exit codes.
fn noisy_commands(d: &Path) -> Vec<(Vec<String>, i32)> {
    put(d, "arts/a.txt", "The talks resumed.\n");
    for i in 0..8 {
        put(d, &format!("arts/n{i}.md"), "not an article");
    }
    let model = default_model().display().to_string();
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            args(&["score", "--model", &model, "--out", "s.csv", "arts"]),
            0,
        ),
        (args(&["score", "--model", &model, "missing.txt"]), 4),
        (
            args(&[
                "train",
                "--data",
                "good.csv",
                "--label",
                "stance",
                "--lexicons",
                "lex",
                "--out",
                "m.json",
            ]),
            0,
        ),
        (args(&["score", "--bogus-flag"]), 2),
    ]
}

#[test]
fn t89_stderr_on_a_full_device_never_panics() {
    let d = dir();
    let d = d.path();
    let full = d.join("full");
    // A full device (writes fail with ENOSPC), made inside the temp dir.
    let made = Command::new("mknod")
        .arg(&full)
        .args(["c", "1", "7"])
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: cannot make a device node (not root?)");
        return;
    }
    for (args, code) in noisy_commands(d) {
        let stderr = fs::OpenOptions::new().write(true).open(&full).unwrap();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let status = run_with_stderr(d, &args, Some(Stdio::from(stderr)));
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
    assert!(d.join("s.csv").is_file() && d.join("m.json").is_file());
    assert!(
        fs::metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device_like(),
        "the device node stays a device"
    );
}

#[test]
fn t90_stderr_on_a_closed_pipe_never_panics() {
    let d = dir();
    let d = d.path();
    for (args, code) in noisy_commands(d) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let status = run_with_stderr(d, &args, None);
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
    assert!(d.join("s.csv").is_file() && d.join("m.json").is_file());
}

/// `FileType::is_char_device` under a name that reads well in the assertion.
trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

impl CharDevice for fs::FileType {
    fn is_char_device_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_char_device()
    }
}

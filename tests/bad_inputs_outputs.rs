//! The bad-input table, part "Outputs and arguments" (docs/bad-inputs.md, t34–t49): outputs that
//! would destroy inputs, two outputs that are one file, outputs that are not regular files,
//! temporary files, outputs that must commit together, report folders, and option values that
//! must fail before any data is read. Every test runs the real binary in a temp dir and checks
//! the exit code, that stderr names the files and the problem, that no partial output or
//! temporary file is left, and that the inputs are untouched (byte for byte). FIFOs and device
//! nodes are made inside the temp dir, never a real /dev path; runs that could hang have a timeout.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{symlink, FileTypeExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{default_model, slant};

/// Long enough for any run of these tests; a hang fails instead of blocking CI.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What an argument error may take at most (it must not read anything).
const AT_ONCE: Duration = Duration::from_secs(15);

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
@category hedge epistemic Hedges\n\
occupation | delegitimizing\noccupier* | delegitimizing\nso-called | delegitimizing\nreportedly | hedge\n";

/// 36 labeled rows, three stances.
fn labeled_csv() -> String {
    let mut s = String::from("id,text,stance\n");
    let stances = ["against", "favor", "neutral"];
    let words = [
        ["occupation", "occupiers", "withdraw", "plunder"],
        ["partners", "stability", "protect", "allies"],
        ["officials", "talks", "schedule", "statement"],
    ];
    for (i, stance) in stances.iter().enumerate() {
        for j in 0..12 {
            let w = words[i][j % 4];
            s.push_str(&format!(
                "r{i}_{j},\"The {w} matter {j}, said {w} {i}.\",{stance}\n"
            ));
        }
    }
    s
}

/// A temp dir with a copy of the default model (`m.json`), a corpus folder with its hand-made
/// outlet map, boilerplate rules, a lexicon folder and labelled data.
fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy(default_model(), d.join("m.json")).unwrap();
    fs::create_dir_all(d.join("corpus")).unwrap();
    fs::write(
        d.join("corpus/a.txt"),
        "The occupation must end. The talks resumed on Tuesday.\n",
    )
    .unwrap();
    fs::write(
        d.join("corpus/b.txt"),
        "Officials met in the capital. Troops stayed.\n",
    )
    .unwrap();
    fs::write(
        d.join("corpus/outlets.csv"),
        "file,outlet\na.txt,Paper A\nb.txt,Paper B\n",
    )
    .unwrap();
    fs::write(d.join("rules.txt"), "promo: ^subscribe today\n").unwrap();
    fs::create_dir_all(d.join("lex")).unwrap();
    fs::write(d.join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(d.join("good.csv"), labeled_csv()).unwrap();
    dir
}

fn run(d: &Path, args: &[&str]) -> Output {
    slant(d).args(args).timeout(TIMEOUT).output().unwrap()
}

fn score(d: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["score", "--model", "m.json"];
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

/// Every entry under `d`, recursively: files with their bytes, symlinks with their targets,
/// folders, FIFOs and devices by kind.
fn snapshot(d: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![d.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            // A file may go while a run is under way.
            let Ok(meta) = fs::symlink_metadata(&p) else {
                continue;
            };
            let t = meta.file_type();
            let what = if t.is_symlink() {
                format!("symlink -> {}", fs::read_link(&p).unwrap().display())
            } else if t.is_dir() {
                stack.push(p.clone());
                "dir".into()
            } else if t.is_file() {
                format!("file {:?}", fs::read(&p).unwrap_or_default())
            } else if t.is_fifo() {
                "fifo".into()
            } else if t.is_char_device() {
                "char device".into()
            } else {
                "other".into()
            };
            out.insert(p.strip_prefix(d).unwrap().to_path_buf(), what);
        }
    }
    out
}

/// Nothing in `d` changed: inputs untouched, no output, no temporary file.
#[track_caller]
fn unchanged(d: &Path, before: &BTreeMap<PathBuf, String>) {
    let after = snapshot(d);
    for (path, what) in before {
        match after.get(path) {
            Some(now) => assert!(now == what, "{} changed", path.display()),
            None => panic!("{} is gone", path.display()),
        }
    }
    let new: Vec<_> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(new.is_empty(), "new files: {new:?}");
}

/// Every temporary file or folder of slant under `d`.
fn temps(d: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![d.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p.clone());
            }
            if p.to_string_lossy().contains("slant-tmp") {
                out.push(p.strip_prefix(d).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn mkfifo(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
}

/// A null device (char 1:3), made inside the temp dir (tests run as root).
fn mknull(path: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        path,
        rustix::fs::FileType::CharacterDevice,
        rustix::fs::Mode::from_raw_mode(0o666),
        rustix::fs::makedev(1, 3),
    )
    .unwrap();
}

// ---- outputs that are inputs -----------------------------------------------------------------

#[test]
fn t34_score_outputs_that_are_inputs_are_refused() {
    let d = dir();
    let p = d.path();
    symlink("m.json", p.join("model-link.json")).unwrap();
    fs::hard_link(p.join("m.json"), p.join("model-hard.json")).unwrap();
    let before = snapshot(p);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        // The model, under its own name, a symlink and a hard link.
        (
            vec!["--out", "m.json", "corpus"],
            vec!["--out m.json is also an input", "--model m.json"],
        ),
        (
            vec!["--out", "model-link.json", "corpus"],
            vec!["--out model-link.json is also an input", "--model m.json"],
        ),
        (
            vec!["--articles", "model-hard.json", "--out", "s.csv", "corpus"],
            vec!["--articles model-hard.json is also an input", "m.json"],
        ),
        // The outlet map: named, and found in the input folder.
        (
            vec![
                "--out",
                "corpus/outlets.csv",
                "--outlets",
                "corpus/outlets.csv",
                "corpus/a.txt",
            ],
            vec!["--out corpus/outlets.csv is also an input", "--outlets"],
        ),
        (
            vec!["--out", "./corpus/outlets.csv", "corpus"],
            vec![
                "--out ./corpus/outlets.csv is also an input",
                "corpus/outlets.csv",
            ],
        ),
        // The boilerplate rules.
        (
            vec![
                "--out",
                "s.csv",
                "--articles",
                "rules.txt",
                "--boilerplate",
                "rules.txt",
                "corpus",
            ],
            vec![
                "--articles rules.txt is also an input",
                "--boilerplate rules.txt",
            ],
        ),
        // An article inside an input folder.
        (
            vec!["--out", "corpus/b.txt", "corpus"],
            vec!["--out corpus/b.txt is also an input", "corpus/b.txt"],
        ),
    ];
    for (args, needles) in cases {
        expect(&score(p, &args), 2, &needles);
        unchanged(p, &before);
    }
    // The model named by $SLANT_MODEL.
    let out = slant(p)
        .env("SLANT_MODEL", "m.json")
        .args(["score", "--out", "m.json", "corpus"])
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    expect(
        &out,
        2,
        &["--out m.json is also an input", "$SLANT_MODEL m.json"],
    );
    unchanged(p, &before);
}

#[test]
fn t35_train_outputs_that_are_inputs_are_refused() {
    let d = dir();
    let p = d.path();
    fs::hard_link(p.join("good.csv"), p.join("hard.csv")).unwrap();
    let before = snapshot(p);
    let train = |out: &str| {
        run(
            p,
            &[
                "train",
                "--data",
                "good.csv",
                "--label",
                "stance",
                "--lexicons",
                "lex",
                "--out",
                out,
            ],
        )
    };
    expect(
        &train("./good.csv"),
        2,
        &["--out ./good.csv is also an input", "--data good.csv"],
    );
    expect(
        &train("hard.csv"),
        2,
        &["--out hard.csv is also an input", "--data good.csv"],
    );
    expect(
        &train("lex/terms.txt"),
        2,
        &[
            "--out lex/terms.txt is also an input",
            "--lexicons lex/terms.txt",
        ],
    );
    unchanged(p, &before);
}

#[test]
fn t36_two_outputs_that_are_one_file_are_refused() {
    let d = dir();
    let p = d.path();
    fs::write(p.join("same.csv"), "old\n").unwrap();
    symlink("same.csv", p.join("same-link.csv")).unwrap();
    fs::hard_link(p.join("same.csv"), p.join("same-hard.csv")).unwrap();
    fs::create_dir(p.join("sub")).unwrap();
    let before = snapshot(p);
    for other in [
        "./same.csv",
        "same-link.csv",
        "same-hard.csv",
        "sub/../same.csv",
    ] {
        let out = score(p, &["--out", "same.csv", "--articles", other, "corpus"]);
        expect(
            &out,
            2,
            &["--out and --articles name the same file", "same.csv", other],
        );
        unchanged(p, &before);
    }
    // Not there yet, under two spellings.
    let out = score(
        p,
        &["--out", "new.csv", "--articles", "./new.csv", "corpus"],
    );
    expect(
        &out,
        2,
        &["--out and --articles name the same file", "./new.csv"],
    );
    unchanged(p, &before);
}

// ---- outputs that are not regular files ------------------------------------------------------

#[test]
fn t37_outputs_that_are_fifos_or_devices_are_refused_and_left_as_they_are() {
    let d = dir();
    let p = d.path();
    mkfifo(&p.join("pipe"));
    mknull(&p.join("null"));
    symlink("pipe", p.join("to-pipe")).unwrap();
    fs::create_dir(p.join("folder")).unwrap();
    let before = snapshot(p);
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["score", "--model", "m.json", "--out", "pipe", "corpus"],
            vec!["pipe: is a FIFO"],
        ),
        (
            vec![
                "score",
                "--model",
                "m.json",
                "--out",
                "s.csv",
                "--articles",
                "null",
                "corpus",
            ],
            vec!["null: is a character device"],
        ),
        (
            vec!["score", "--model", "m.json", "--out", "to-pipe", "corpus"],
            vec!["to-pipe: is a FIFO"],
        ),
        (
            vec![
                "train",
                "--data",
                "good.csv",
                "--label",
                "stance",
                "--lexicons",
                "lex",
                "--out",
                "null",
            ],
            vec!["null: is a character device"],
        ),
        (
            vec!["score", "--model", "m.json", "--out", "folder", "corpus"],
            vec!["folder: is a directory"],
        ),
        (
            vec![
                "eval",
                "--data",
                "good.csv",
                "--label",
                "stance",
                "--lexicons",
                "lex",
                "--report",
                "pipe",
            ],
            vec!["pipe: is a FIFO (named pipe), not a folder"],
        ),
    ];
    for (args, mut needles) in cases {
        needles.push("not a");
        expect(&run(p, &args), 4, &needles);
        unchanged(p, &before);
    }
}

#[test]
fn t38_a_dash_is_standard_output() {
    let d = dir();
    let p = d.path();
    // `--out -`: the sentence table on stdout.
    let out = score(p, &["--out", "-", "corpus"]);
    expect(&out, 0, &[]);
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("article_id,outlet,date,sentence_index")
    );
    // `--articles -` with a file for the sentences.
    let out = score(p, &["--out", "s.csv", "--articles", "-", "corpus"]);
    expect(&out, 0, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("article_id,outlet,date,source,sentences"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 3, "a header and two articles");
    assert!(fs::read_to_string(p.join("s.csv"))
        .unwrap()
        .starts_with("article_id,outlet,date,sentence_index"));
    fs::remove_file(p.join("s.csv")).unwrap();
    // Both tables on stdout: refused.
    let before = snapshot(p);
    for args in [
        vec!["--articles", "-", "corpus"],
        vec!["--out", "-", "--articles", "-", "corpus"],
    ] {
        expect(
            &score(p, &args),
            2,
            &["--out and --articles both go to standard output"],
        );
        unchanged(p, &before);
    }
    // A report folder is not a stream.
    let out = run(
        p,
        &[
            "eval",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--report",
            "-",
        ],
    );
    expect(&out, 2, &["--report needs a folder"]);
    unchanged(p, &before);
    // train --out -: the model on stdout.
    let out = run(
        p,
        &[
            "train",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--out",
            "-",
        ],
    );
    expect(&out, 0, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"slant-model\""));
    unchanged(p, &before);
}

// ---- temporary files -------------------------------------------------------------------------

/// Plants, in the child between fork and exec (when its pid is known), a symlink at the
/// temporary name older slant versions used (`.s.csv.slant-tmp-PID`), pointing at `victim`.
fn plant_temp_symlink(cmd: &mut Command, dir: &Path, victim: &Path) {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let target = CString::new(victim.as_os_str().as_bytes()).unwrap();
    let mut prefix = dir.as_os_str().as_bytes().to_vec();
    prefix.extend_from_slice(b"/.s.csv.slant-tmp-");
    // SAFETY: only async-signal-safe calls after fork: getpid, symlink, and stack buffers.
    unsafe {
        cmd.pre_exec(move || {
            let mut buf = [0u8; 4096];
            let n = prefix.len();
            buf[..n].copy_from_slice(&prefix);
            let mut pid = libc::getpid() as u32;
            let mut digits = [0u8; 12];
            let mut k = 0;
            loop {
                digits[k] = b'0' + (pid % 10) as u8;
                k += 1;
                pid /= 10;
                if pid == 0 {
                    break;
                }
            }
            for i in 0..k {
                buf[n + i] = digits[k - 1 - i];
            }
            libc::symlink(target.as_ptr(), buf.as_ptr().cast());
            Ok(())
        });
    }
}

#[test]
fn t39_a_symlink_planted_at_a_temporary_name_is_never_followed() {
    let d = dir();
    let p = d.path();
    fs::write(p.join("victim.txt"), "precious\n").unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("slant"));
    cmd.current_dir(p)
        .env_remove("SLANT_MODEL")
        .args(["score", "--model", "m.json", "--out", "s.csv", "corpus"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    plant_temp_symlink(&mut cmd, p, &p.join("victim.txt"));
    let out = cmd.output().unwrap();
    expect(&out, 0, &[]);
    assert_eq!(
        fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious\n"
    );
    let s = fs::symlink_metadata(p.join("s.csv")).unwrap();
    assert!(s.is_file(), "s.csv is a regular file, not the planted link");
    assert!(fs::read_to_string(p.join("s.csv"))
        .unwrap()
        .starts_with("article_id,"));
    // The planted link is still there (its "owner" was the run itself); nothing else is.
    let left = temps(p);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(fs::symlink_metadata(p.join(&left[0]))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn t40_temporary_files_of_a_killed_run_are_removed_by_the_next_run() {
    let d = dir();
    let p = d.path();
    let mut csv = String::from("id,text\n");
    for i in 0..150_000 {
        csv.push_str(&format!(
            "a{i},\"The occupation must end, said officials on Tuesday. The talks resumed. Troops {i} stayed.\"\n"
        ));
    }
    fs::write(p.join("big.csv"), csv).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("slant"))
        .current_dir(p)
        .args([
            "score",
            "--model",
            "m.json",
            "--out",
            "s.csv",
            "--articles",
            "a.csv",
            "big.csv",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while temps(p).len() < 2 {
        assert!(start.elapsed() < TIMEOUT, "slant never started writing");
        assert!(child.try_wait().unwrap().is_none(), "slant ended too soon");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL: no handler runs
    child.wait().unwrap();
    let stale = temps(p);
    assert_eq!(stale.len(), 2, "{stale:?}");
    // A live process's temporary file (this test's pid) is kept.
    let live = format!(".s.csv.slant-tmp-{}-LiVe01", std::process::id());
    fs::write(p.join(&live), "being written").unwrap();
    let out = score(p, &["--out", "s.csv", "corpus"]);
    let stderr = expect(
        &out,
        0,
        &["removed", "no longer runs", &child.id().to_string()],
    );
    for s in &stale {
        assert!(stderr.contains(&*s.to_string_lossy()), "{stderr}");
    }
    assert_eq!(temps(p), [PathBuf::from(&live)]);
    assert!(fs::read_to_string(p.join("s.csv"))
        .unwrap()
        .contains("Paper A"));
}

// ---- outputs that commit together ------------------------------------------------------------

/// Runs slant with a file-size limit (RLIMIT_FSIZE) of `bytes`: a write past it fails (EFBIG).
fn run_with_file_limit(d: &Path, args: &[&str], bytes: u64) -> Output {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("slant"));
    cmd.current_dir(d).env_remove("SLANT_MODEL").args(args);
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    finish(cmd.stdout(Stdio::piped()))
}

/// Runs `cmd` to its end (at most [`TIMEOUT`]) with stderr captured.
fn finish(cmd: &mut Command) -> Output {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("slant hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

/// The slant binary as a plain `Command`, run in `d`.
fn plain(d: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("slant"));
    cmd.current_dir(d).env_remove("SLANT_MODEL");
    cmd
}

#[test]
fn t41_when_the_second_output_cannot_be_written_the_first_is_not_replaced() {
    let d = dir();
    let p = d.path();
    // One tiny sentence per article: the article table is the larger output.
    let mut csv = String::from("id,text\n");
    for i in 0..100 {
        csv.push_str(&format!("a{i},Troops stayed.\n"));
    }
    fs::write(p.join("tiny.csv"), csv).unwrap();
    let args = [
        "score",
        "--model",
        "m.json",
        "--out",
        "s.csv",
        "--articles",
        "a.csv",
        "tiny.csv",
    ];
    expect(&run(p, &args), 0, &[]);
    let (s, a) = (
        fs::metadata(p.join("s.csv")).unwrap().len(),
        fs::metadata(p.join("a.csv")).unwrap().len(),
    );
    assert!(a > s + 1000, "article table {a} bytes, sentence table {s}");
    fs::write(p.join("s.csv"), "old sentences\n").unwrap();
    fs::write(p.join("a.csv"), "old articles\n").unwrap();
    let before = snapshot(p);
    // The sentence table fits under the limit, the article table does not.
    let out = run_with_file_limit(p, &args, (s + a) / 2);
    expect(&out, 4, &["a.csv", "File too large"]);
    unchanged(p, &before);
}

#[test]
fn t42_a_report_into_the_corpus_folder_is_refused_and_the_outlet_map_kept() {
    let d = dir();
    let p = d.path();
    expect(&score(p, &["--out", "scored.csv", "corpus"]), 0, &[]);
    let before = snapshot(p);
    let out = run(
        p,
        &[
            "report",
            "--scores",
            "scored.csv",
            "--lexicons",
            "lex",
            "--report",
            "corpus/",
        ],
    );
    expect(
        &out,
        2,
        &[
            "--report corpus/",
            "corpus/outlets.csv",
            "was not written by a slant report",
        ],
    );
    unchanged(p, &before);
    // The next score still finds the outlet map.
    let out = score(p, &["corpus"]);
    expect(&out, 0, &["outlets from corpus/outlets.csv"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Paper A"));
    // eval into a folder with a file of the user's: refused as well.
    fs::create_dir(p.join("mine")).unwrap();
    fs::write(p.join("mine/notes.md"), "my notes\n").unwrap();
    let before = snapshot(p);
    let out = run(
        p,
        &[
            "eval",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--folds",
            "3",
            "--report",
            "mine",
        ],
    );
    expect(
        &out,
        2,
        &["mine/notes.md", "was not written by a slant report"],
    );
    unchanged(p, &before);
}

#[test]
fn t43_a_report_folder_holding_an_input_is_refused() {
    let d = dir();
    let p = d.path();
    let eval = |data: &str, dir: &str| {
        run(
            p,
            &[
                "eval",
                "--data",
                data,
                "--label",
                "stance",
                "--lexicons",
                "lex",
                "--folds",
                "3",
                "--report",
                dir,
            ],
        )
    };
    // A first report, then its predictions.csv replaced by the labelled data and given as input.
    expect(&eval("good.csv", "ev"), 0, &[]);
    fs::copy(p.join("good.csv"), p.join("ev/predictions.csv")).unwrap();
    let before = snapshot(p);
    expect(
        &eval("ev/predictions.csv", "ev"),
        2,
        &["--report ev holds an input", "--data ev/predictions.csv"],
    );
    unchanged(p, &before);
    // A folder of the user's with the labelled data in it.
    fs::create_dir(p.join("work")).unwrap();
    fs::copy(p.join("good.csv"), p.join("work/predictions.csv")).unwrap();
    let before = snapshot(p);
    expect(
        &eval("work/predictions.csv", "work"),
        2,
        &[
            "--report work holds an input",
            "--data work/predictions.csv",
        ],
    );
    unchanged(p, &before);
    // report: the scores inside the report folder.
    expect(&score(p, &["--out", "scored.csv", "corpus"]), 0, &[]);
    fs::create_dir(p.join("rep")).unwrap();
    fs::rename(p.join("scored.csv"), p.join("rep/scored.csv")).unwrap();
    let before = snapshot(p);
    let out = run(
        p,
        &[
            "report",
            "--scores",
            "rep/scored.csv",
            "--lexicons",
            "lex",
            "--report",
            "rep",
        ],
    );
    expect(
        &out,
        2,
        &["--report rep holds an input", "--scores rep/scored.csv"],
    );
    unchanged(p, &before);
}

#[test]
fn t44_a_report_folder_is_replaced_whole_or_not_at_all() {
    let d = dir();
    let p = d.path();
    let eval = |folds: &'static str| {
        vec![
            "eval",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--folds",
            folds,
            "--report",
            "ev",
        ]
    };
    expect(&run(p, &eval("3")), 0, &[]);
    assert!(p.join("ev/.slant-report").is_file());
    // Again: slant's own files are replaced.
    expect(&run(p, &eval("4")), 0, &[]);
    let metrics = fs::read_to_string(p.join("ev/metrics.json")).unwrap();
    assert!(metrics.contains("\"folds\": 4"), "{metrics}");
    // A run that fails while writing (a file-size limit stops the largest file, report.html)
    // leaves the old report whole, and no temporary folder.
    let sizes: Vec<u64> = fs::read_dir(p.join("ev"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    let html = fs::metadata(p.join("ev/report.html")).unwrap().len();
    let second = sizes.iter().copied().filter(|&s| s < html).max().unwrap();
    let before = snapshot(p);
    let out = run_with_file_limit(p, &eval("3"), (html + second) / 2);
    expect(&out, 4, &["report.html", "File too large"]);
    unchanged(p, &before);
    assert!(temps(p).is_empty());
    // report --report: the same, its own files replaced.
    expect(&score(p, &["--out", "scored.csv", "corpus"]), 0, &[]);
    for _ in 0..2 {
        let out = run(
            p,
            &[
                "report",
                "--scores",
                "scored.csv",
                "--lexicons",
                "lex",
                "--report",
                "rep",
            ],
        );
        expect(&out, 0, &[]);
    }
    assert!(p.join("rep/report.md").is_file());
    assert!(temps(p).is_empty());
}

// ---- argument errors -------------------------------------------------------------------------

/// Runs and checks that an argument error comes at once, without opening the FIFO inputs.
#[track_caller]
fn refused_at_once(d: &Path, args: &[&str], needles: &[&str]) {
    let started = Instant::now();
    let out = slant(d).args(args).timeout(AT_ONCE).output().unwrap();
    expect(&out, 2, needles);
    assert!(started.elapsed() < AT_ONCE);
}

#[test]
fn t45_bad_hyper_parameters_exit_2_before_any_data_is_read() {
    let d = dir();
    let p = d.path();
    // Nothing ever writes to this FIFO: reading it would block until the timeout.
    mkfifo(&p.join("slow.csv"));
    let before = snapshot(p);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["-C", "0"], "C must be a finite number above 0"),
        (vec!["-C", "-1"], "C must be a finite number above 0"),
        (vec!["-C", "nan"], "C must be a finite number above 0"),
        (vec!["-C", "inf"], "C must be a finite number above 0"),
        (vec!["--max-iter", "0"], "--max-iter"),
        (vec!["--min-df", "0"], "--min-df"),
        (vec!["--max-features", "0"], "--max-features"),
        (vec!["--ngram-max", "4"], "n-gram range"),
        (vec!["--ngram-min", "3", "--ngram-max", "2"], "n-gram range"),
        (vec!["--char-ngrams", "0-3"], "char n-gram range"),
        (vec!["--char-ngrams", "5-2"], "char n-gram range"),
    ];
    for command in ["train", "eval"] {
        for (extra, needle) in &cases {
            let mut args = vec![
                command,
                "--data",
                "slow.csv",
                "--label",
                "stance",
                "--lexicons",
                "lex",
            ];
            if command == "train" {
                args.extend(["--out", "m2.json"]);
            }
            args.extend(extra);
            refused_at_once(p, &args, &[needle]);
            unchanged(p, &before);
        }
    }
    refused_at_once(
        p,
        &[
            "eval", "--data", "slow.csv", "--label", "stance", "--folds", "1",
        ],
        &["--folds must be at least 2"],
    );
    unchanged(p, &before);
}

#[test]
fn t46_jobs_is_capped() {
    let d = dir();
    let p = d.path();
    mkfifo(&p.join("slow.txt"));
    let before = snapshot(p);
    for jobs in [
        "18446744073709551615",
        "100000",
        "257",
        "99999999999999999999999",
    ] {
        refused_at_once(
            p,
            &["score", "--model", "m.json", "-j", jobs, "slow.txt"],
            &["--jobs", "at most 256"],
        );
        unchanged(p, &before);
    }
    refused_at_once(
        p,
        &["score", "--model", "m.json", "--jobs", "0", "slow.txt"],
        &["--jobs", "at least 1"],
    );
    refused_at_once(
        p,
        &[
            "score",
            "--model",
            "m.json",
            "--batch-bytes",
            "0",
            "slow.txt",
        ],
        &["--batch-bytes", "at least 1"],
    );
    unchanged(p, &before);
    let out = score(p, &["-j", "256", "corpus"]);
    expect(&out, 0, &[]);
}

#[test]
fn t47_a_missing_model_is_the_same_error_however_it_is_named() {
    let d = dir();
    let p = d.path();
    fs::create_dir(p.join("folder.json")).unwrap();
    let before = snapshot(p);
    for model in ["missing.json", "folder.json"] {
        for cmd in [vec!["score", "corpus"], vec!["explain", "Some text."]] {
            let mut by_flag = vec![cmd[0], "--model", model];
            by_flag.extend(&cmd[1..]);
            let flag = run(p, &by_flag);
            let env = slant(p)
                .env("SLANT_MODEL", model)
                .args(&cmd)
                .timeout(TIMEOUT)
                .output()
                .unwrap();
            let a = expect(&flag, 4, &[model]);
            let b = expect(&env, 4, &[model]);
            let error = |s: &str| {
                s.lines()
                    .filter(|l| l.contains("error"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(error(&a), error(&b));
            unchanged(p, &before);
        }
    }
}

#[test]
fn t48_standard_output_redirected_to_an_input_or_an_output_is_refused() {
    let d = dir();
    let p = d.path();
    let before = snapshot(p);
    let appending = |name: &str| {
        Stdio::from(
            fs::OpenOptions::new()
                .append(true)
                .open(p.join(name))
                .unwrap(),
        )
    };
    // `slant score corpus >> corpus/a.txt`
    let out = finish(
        plain(p)
            .args(["score", "--model", "m.json", "corpus"])
            .stdout(appending("corpus/a.txt")),
    );
    expect(
        &out,
        2,
        &["standard output", "corpus/a.txt", "which is an input"],
    );
    unchanged(p, &before);
    // `slant explain --file corpus/b.txt >> corpus/b.txt`
    let out = finish(
        plain(p)
            .args(["explain", "--model", "m.json", "--file", "corpus/b.txt"])
            .stdout(appending("corpus/b.txt")),
    );
    expect(&out, 2, &["standard output", "corpus/b.txt"]);
    unchanged(p, &before);
    // `slant score --articles x.csv corpus >> x.csv`
    fs::write(p.join("x.csv"), "").unwrap();
    let before = snapshot(p);
    let out = finish(
        plain(p)
            .args([
                "score",
                "--model",
                "m.json",
                "--articles",
                "x.csv",
                "corpus",
            ])
            .stdout(appending("x.csv")),
    );
    expect(&out, 2, &["standard output", "x.csv", "--articles"]);
    unchanged(p, &before);
}

#[test]
fn t49_symlinked_outputs_are_written_through_and_report_folders_made_with_their_parents() {
    let d = dir();
    let p = d.path();
    fs::create_dir(p.join("results")).unwrap();
    fs::write(p.join("results/s.csv"), "old\n").unwrap();
    symlink("results/s.csv", p.join("latest.csv")).unwrap();
    symlink("results/new.csv", p.join("dangling.csv")).unwrap();
    expect(
        &score(
            p,
            &[
                "--out",
                "latest.csv",
                "--articles",
                "dangling.csv",
                "corpus",
            ],
        ),
        0,
        &[],
    );
    // The links stay links; the files they point to hold the new tables.
    for (link, file, head) in [
        (
            "latest.csv",
            "results/s.csv",
            "article_id,outlet,date,sentence_index",
        ),
        (
            "dangling.csv",
            "results/new.csv",
            "article_id,outlet,date,source",
        ),
    ] {
        assert!(fs::symlink_metadata(p.join(link))
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(
            fs::read_to_string(p.join(file)).unwrap().starts_with(head),
            "{file}"
        );
    }
    assert!(temps(p).is_empty());
    // A report folder whose parent folders are missing: all made.
    let out = run(
        p,
        &[
            "eval",
            "--data",
            "good.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
            "--folds",
            "3",
            "--report",
            "out/eval/stance",
        ],
    );
    expect(&out, 0, &[]);
    assert!(p.join("out/eval/stance/metrics.json").is_file());
    // A report folder that is a file: refused.
    let before = snapshot(p);
    let out = run(
        p,
        &[
            "report",
            "--scores",
            "results/s.csv",
            "--lexicons",
            "lex",
            "--report",
            "good.csv",
        ],
    );
    expect(&out, 4, &["good.csv", "not a folder"]);
    unchanged(p, &before);
}

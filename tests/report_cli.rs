//! `slant report` and the report folder of `slant eval --report`, end to end: the golden
//! `report.md` of small fixed inputs, the JSON, CSV and HTML files, errors, and runs on the shared
//! seeds and BABE when present.

mod common;

use std::fs;
use std::path::Path;

use common::{csv_rows, shared, slant, Succeeds};
use serde_json::Value;

const LEXICON: &str = "@category delegitimizing loaded Labels that deny legitimacy\n\
occupation | delegitimizing\noccupiers | delegitimizing\n\
@category hedge epistemic Hedges\nreportedly | hedge\n";

/// A scored sentence table as `slant score` writes it: outlet `Anvil` (6 articles of 6 sentences,
/// leaning against, occupation frame), `Beacon` (2 articles of 5, leaning in favour, security) and
/// `Cinder` (1 article of 4, neutral), plus one sentence without an outlet.
pub fn scored_csv() -> String {
    let mut s = String::from(
        "article_id,outlet,date,sentence_index,start,end,text,stance,stance_p_against,\
stance_p_favor,stance_p_neutral,frame,frame_p_occupation,frame_p_security,frame_p_none,words,\
loaded_terms,matched_terms\n",
    );
    let mut row = |article: &str,
                   outlet: &str,
                   i: usize,
                   text: &str,
                   stance: [f64; 3],
                   frame: [f64; 3],
                   terms: &[(&str, &str)]| {
        let name = |p: [f64; 3], classes: [&'static str; 3]| {
            let best = (0..3).fold(0, |b, c| if p[c] > p[b] { c } else { b });
            classes[best]
        };
        let words = text.split_whitespace().count();
        let loaded = terms.iter().filter(|(_, c)| *c != "hedge").count();
        let matched: Vec<String> = terms.iter().map(|(t, c)| format!("{t} ({c})")).collect();
        s.push_str(&format!(
            "{article},{outlet},,{i},0,{},\"{text}\",{},{},{},{},{},{},{},{},{words},{loaded},{}\n",
            text.len(),
            name(stance, ["against", "favor", "neutral"]),
            stance[0],
            stance[1],
            stance[2],
            name(frame, ["occupation", "security", "none"]),
            frame[0],
            frame[1],
            frame[2],
            matched.join("; ")
        ));
    };
    for a in 0..6 {
        for i in 0..6 {
            let against = i < 2 + a % 4;
            row(
                &format!("anvil-{a}"),
                "Anvil",
                i,
                if against {
                    "End the occupation and expel the occupiers now"
                } else {
                    "Officials reportedly met about the base"
                },
                if against {
                    [0.7, 0.1, 0.2]
                } else {
                    [0.2, 0.2, 0.6]
                },
                if against {
                    [0.8, 0.1, 0.1]
                } else {
                    [0.2, 0.3, 0.5]
                },
                if against {
                    &[
                        ("occupation", "delegitimizing"),
                        ("occupiers", "delegitimizing"),
                    ]
                } else {
                    &[("reportedly", "hedge")]
                },
            );
        }
    }
    for a in 0..2 {
        for i in 0..5 {
            let favor = i != 4;
            row(
                &format!("beacon-{a}"),
                "Beacon",
                i,
                if favor {
                    "Our partners keep the region secure against terror"
                } else {
                    "The occupation label is unfair say partners"
                },
                if favor {
                    [0.1, 0.8, 0.1]
                } else {
                    [0.3, 0.4, 0.3]
                },
                [0.1, 0.8, 0.1],
                if favor {
                    &[]
                } else {
                    &[("occupation", "delegitimizing")]
                },
            );
        }
    }
    for i in 0..4 {
        row(
            "cinder-0",
            "Cinder",
            i,
            "The ministry published the schedule of talks",
            [0.1, 0.2, 0.7],
            [0.1, 0.1, 0.8],
            &[],
        );
    }
    row(
        "stray",
        "",
        0,
        "A sentence of unknown origin",
        [0.4, 0.3, 0.3],
        [0.1, 0.1, 0.8],
        &[],
    );
    s
}

/// Compares with a golden file; `UPDATE_GOLDEN=1 cargo test` rewrites it after a deliberate change.
fn golden(name: &str, actual: &str) {
    let path = common::root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual,
        expected,
        "{} differs (UPDATE_GOLDEN=1 to accept)",
        path.display()
    );
}

fn setup(dir: &Path) {
    fs::create_dir_all(dir.join("lex")).unwrap();
    fs::write(dir.join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.join("scored.csv"), scored_csv()).unwrap();
}

#[test]
fn report_md_matches_its_golden_file_and_every_format_is_written() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = slant(dir.path())
        .args(["report", "--scores", "scored.csv", "--lexicons", "lex"])
        .args(["--report", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Beacon has 2 articles and Cinder 1: both flagged.
    assert!(
        stderr.contains("outlet `Beacon` has small n (10 sentences, 2 articles)"),
        "{stderr}"
    );
    assert!(stderr.contains("outlet `Cinder` has small n"), "{stderr}");
    let md = fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    golden("report.md", &md);

    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema"], "slant-outlets/1");
    let groups = json["groups"].as_array().unwrap();
    let names: Vec<&str> = groups.iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["(none)", "Anvil", "Beacon", "Cinder"]);
    let anvil = &groups[1];
    assert_eq!(
        (anvil["n_sentences"].as_u64(), anvil["n_articles"].as_u64()),
        (Some(36), Some(6))
    );
    assert_eq!(anvil["ci_unit"], "article");
    // Anvil: article a has 2 + a % 4 `against` sentences of 6: 2+3+4+5+2+3 = 19 of 36.
    let against = &anvil["labels"][0]["predicted"][0];
    let share = |v: &Value| v.as_f64().unwrap();
    assert!((share(&against["estimate"]) - 19.0 / 36.0).abs() < 1e-9);
    assert!(share(&against["low"]) < 19.0 / 36.0 && 19.0 / 36.0 < share(&against["high"]));
    // Article shares lie in [2/6, 5/6]: so do the resampled ones.
    assert!(share(&against["low"]) >= 2.0 / 6.0 && share(&against["high"]) <= 5.0 / 6.0);
    // Hedges are not loaded: 38 loaded terms in 19 × 8 + 17 × 6 = 254 words.
    assert_eq!(anvil["loaded_terms"].as_u64(), Some(38));
    assert!((share(&anvil["loaded_per_100_words"]) - 3800.0 / 254.0).abs() < 1e-9);
    let top = &anvil["distinguishing_terms"][0];
    assert!(
        top["count"].as_u64() > top["count_others"].as_u64(),
        "{top}"
    );

    let shares = csv_rows(&fs::read_to_string(dir.path().join("out/outlet_shares.csv")).unwrap());
    assert_eq!(
        shares.len(),
        4 * 6,
        "4 groups × (3 stance + 3 frame classes)"
    );
    let terms = fs::read_to_string(dir.path().join("out/outlet_terms.csv")).unwrap();
    assert!(terms.starts_with("group,kind,rank,term,z,count,count_others\n"));
    let outlets = csv_rows(&fs::read_to_string(dir.path().join("out/outlets.csv")).unwrap());
    assert_eq!(outlets[3]["group"], "Cinder");
    assert_eq!(outlets[3]["small_n"], "true");

    let html = fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    // Stacked bars for both labels and the stance balance with intervals (frame has 3 classes
    // too, so it also gets one).
    assert_eq!(html.matches("<svg").count(), 4);
    for external in ["<script", "<link", "src=\"http", "href=\"http", "url(http"] {
        assert!(!html.contains(external), "{external} in report.html");
    }
    // No temporary files left behind (only the list of the files the report wrote).
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".slant-report")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn report_without_a_folder_prints_markdown_and_groups_by_any_column() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let out = slant(dir.path())
        .args([
            "report",
            "--scores",
            "scored.csv",
            "--lexicons",
            "lex",
            "--by",
            "article_id",
        ])
        .succeeds();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# slant report by article_id\n"), "{md}");
    assert!(md.contains("| anvil-0 * | 1 | 6 |"), "{md}");
}

#[test]
fn report_refuses_a_table_without_labels_or_group_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plain.csv"),
        "article_id,outlet,text\na,X,Hello there\n",
    )
    .unwrap();
    let out = slant(dir.path())
        .args(["report", "--scores", "plain.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("plain.csv:1: no label columns"));
    fs::write(dir.path().join("s.csv"), scored_csv()).unwrap();
    let out = slant(dir.path())
        .args(["report", "--scores", "s.csv", "--by", "desk"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no `desk` column"));
    let out = slant(dir.path())
        .args(["report", "--scores", "missing.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
}

/// 60 labeled sentences of 3 outlets; `Quill` is all `neutral` (leakage), `Reed` has 6 rows.
pub fn labeled_csv() -> String {
    let mut s = String::from("id,text,stance,article_id,outlet\n");
    let words = [
        ["occupation", "occupiers", "withdraw", "plunder"],
        ["partners", "stability", "protect", "allies"],
        ["officials", "schedule", "statement", "meeting"],
    ];
    let classes = ["against", "favor", "neutral"];
    for i in 0..60 {
        let (c, outlet) = match i {
            0..=29 => (2, "Quill"),
            30..=53 => (i % 2, "Press"),
            _ => (i % 3, "Reed"),
        };
        let (a, b) = (words[c][i % 4], words[c][(i + 1) % 4]);
        s.push_str(&format!(
            "r{i},\"The {a} and the {b}, item {i}.\",{},art{},{outlet}\n",
            classes[c],
            i / 3
        ));
    }
    s
}

#[test]
fn eval_report_md_matches_its_golden_file_and_warns_of_outlet_leakage() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lex")).unwrap();
    fs::write(dir.path().join("lex/terms.txt"), LEXICON).unwrap();
    fs::write(dir.path().join("d.csv"), labeled_csv()).unwrap();
    let out = slant(dir.path())
        .args([
            "eval",
            "--data",
            "d.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
        ])
        .args([
            "--min-df",
            "1",
            "--folds",
            "3",
            "--group",
            "article_id",
            "--report",
            "out",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: outlet `Quill`: 100.0% of its 30 rows are `neutral`"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("per outlet (out-of-fold"), "{stdout}");
    assert!(stdout.contains("Reed *"), "{stdout}");
    let md = fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    golden("eval_report.md", &md);
    let metrics: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/metrics.json")).unwrap())
            .unwrap();
    assert_eq!(metrics["outlets"]["schema"], "slant-outlets/1");
    assert_eq!(metrics["outlets"]["warnings"].as_array().unwrap().len(), 1);
    let html = fs::read_to_string(dir.path().join("out/report.html")).unwrap();
    // Heat map, reliability diagram, stacked bars, gold/predicted balance.
    assert_eq!(html.matches("<svg").count(), 4);
    let confusion = csv_rows(&fs::read_to_string(dir.path().join("out/confusion.csv")).unwrap());
    assert_eq!(confusion.len(), 3);
}

#[test]
fn eval_without_an_outlet_column_has_no_outlet_section() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("lex")).unwrap();
    fs::write(dir.path().join("lex/terms.txt"), LEXICON).unwrap();
    let data: String = labeled_csv()
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    fs::write(dir.path().join("d.csv"), data).unwrap();
    let out = slant(dir.path())
        .args([
            "eval",
            "--data",
            "d.csv",
            "--label",
            "stance",
            "--lexicons",
            "lex",
        ])
        .args(["--min-df", "1", "--folds", "3", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let metrics: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(metrics.get("outlets").is_none());
}

#[test]
fn babe_eval_shows_per_outlet_metrics_and_the_reuters_leakage_warning() {
    let Some(shared) = shared() else { return };
    let data = shared.join("datasets/babe/sentences.csv");
    let folds = shared.join("bench/folds/babe_all.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = slant(dir.path())
        .args(["eval", "--label", "label", "--report", "out", "--data"])
        .arg(&data)
        .arg("--folds-file")
        .arg(&folds)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: outlet `Reuters`: 90.") && stderr.contains("are `non-biased`"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    for outlet in ["Reuters", "Breitbart", "Alternet", "Fox News"] {
        assert!(
            stdout.contains(&format!("\n  {outlet} ")),
            "{outlet}: {stdout}"
        );
    }
    let metrics: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/metrics.json")).unwrap())
            .unwrap();
    let groups = metrics["outlets"]["groups"].as_array().unwrap();
    assert!(groups.len() >= 10);
    let n: u64 = groups
        .iter()
        .map(|g| g["n_sentences"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(n), metrics["pooled"]["n"].as_u64());
    let md = fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    assert!(md.contains("## Warnings") && md.contains("Reuters"));
}

#[test]
fn seeds_report_shows_each_outlets_stance_frame_mix_and_terms() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let dir = tempfile::tempdir().unwrap();
    slant(dir.path())
        .args(["score", "--out", "scored.csv", "--model"])
        .arg(common::default_model())
        .arg("--outlets")
        .arg(seeds.join("outlets.csv"))
        .arg(&seeds)
        .succeeds();
    slant(dir.path())
        .args(["report", "--scores", "scored.csv", "--report", "out"])
        .succeeds();
    let md = fs::read_to_string(dir.path().join("out/report.md")).unwrap();
    let outlets = fs::read_to_string(seeds.join("outlets.csv")).unwrap();
    let names: Vec<String> = csv_rows(&outlets)
        .iter()
        .map(|r| r["outlet"].clone())
        .collect();
    assert!(names.len() >= 5);
    for section in [
        "### `stance`: predicted shares",
        "### `frame`: predicted shares",
        "distinguish each outlet",
    ] {
        assert!(md.contains(section), "{section}");
    }
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out/report.json")).unwrap())
            .unwrap();
    for name in &names {
        let g = json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name.as_str())
            .unwrap_or_else(|| panic!("no group {name}"));
        assert_eq!(g["labels"][0]["predicted"].as_array().unwrap().len(), 3);
        assert_eq!(g["labels"][1]["predicted"].as_array().unwrap().len(), 8);
        assert!(
            !g["distinguishing_terms"].as_array().unwrap().is_empty(),
            "{name}"
        );
        assert!(md.contains(&format!("| {name} *")), "{name} in report.md");
    }
}

/// Headless Chromium (`chromium`, or $SLANT_CHROMIUM), or `None` with a message; with
/// SLANT_REQUIRE_CHROMIUM set (as CI does) its absence is a failure.
fn chromium() -> Option<std::path::PathBuf> {
    let candidates = std::env::var_os("SLANT_CHROMIUM")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain(["chromium", "chromium-browser"].map(std::path::PathBuf::from));
    for c in candidates {
        let ok = std::process::Command::new(&c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(c);
        }
    }
    if std::env::var_os("SLANT_REQUIRE_CHROMIUM").is_some() {
        panic!("SLANT_REQUIRE_CHROMIUM is set but chromium was not found");
    }
    eprintln!("skipped: chromium not found (apt-get install chromium, or set SLANT_CHROMIUM)");
    None
}

/// Runs headless Chromium on `html` with `args` (no network, a fresh profile), with a timeout.
fn headless(chromium: &Path, html: &Path, args: &[&str]) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", html.canonicalize().unwrap().display());
    std::process::Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap()
}

/// Pixels of an RGB(A) PNG as RGB triples.
fn png_pixels(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let step = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(step)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn report_html_renders_its_charts_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    fs::write(dir.path().join("d.csv"), labeled_csv()).unwrap();
    let run = |args: &[&str]| {
        slant(dir.path()).args(args).succeeds();
    };
    run(&[
        "report",
        "--scores",
        "scored.csv",
        "--lexicons",
        "lex",
        "--report",
        "rep",
    ]);
    run(&[
        "eval",
        "--data",
        "d.csv",
        "--label",
        "stance",
        "--lexicons",
        "lex",
        "--min-df",
        "1",
        "--folds",
        "3",
        "--report",
        "ev",
    ]);
    for (folder, charts) in [("rep", 4), ("ev", 4)] {
        let html = dir.path().join(folder).join("report.html");
        // The DOM after load: every chart is an <svg> with its bars / cells / points drawn.
        let out = headless(&chromium, &html, &["--dump-dom"]);
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && dom.contains("</html>"),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            dom.matches("<svg").count(),
            charts,
            "{folder}: svg elements"
        );
        let rects = dom.matches("<rect").count();
        assert!(rects >= 20, "{folder}: only {rects} <rect> elements");
        // A screenshot: not blank, and the chart colours are on screen.
        let shot = dir.path().join(format!("{folder}.png"));
        let arg = format!("--screenshot={}", shot.display());
        let out = headless(&chromium, &html, &[&arg, "--window-size=1280,2600"]);
        assert!(
            shot.exists(),
            "no screenshot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (w, h, pixels) = png_pixels(&shot);
        assert_eq!((w, h), (1280, 2600));
        let non_white = pixels.iter().filter(|p| p.iter().any(|&c| c < 240)).count();
        assert!(
            non_white > pixels.len() / 50,
            "{folder}: screenshot nearly blank ({non_white} of {} pixels)",
            pixels.len()
        );
        // Tableau blue (#4e79a7): the first class's bars / the heat map, within a few levels.
        let near = |p: &[u8; 3], c: [u8; 3]| p.iter().zip(c).all(|(&a, b)| a.abs_diff(b) <= 6);
        let blue = pixels
            .iter()
            .filter(|p| near(p, [0x4e, 0x79, 0xa7]))
            .count();
        assert!(blue > 2000, "{folder}: {blue} chart-blue pixels");
        if let Some(keep) = std::env::var_os("SLANT_KEEP_SCREENSHOTS") {
            fs::copy(&shot, Path::new(&keep).join(format!("{folder}.png"))).unwrap();
        }
    }
}

#[test]
fn articles_table_supplies_the_group_column_the_sentences_lack() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    // Drop the `outlet` column (the second) from the sentence table.
    let scored = scored_csv();
    let mut reader = csv::Reader::from_reader(scored.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    let drop = |r: &csv::StringRecord| {
        r.iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, f)| f.to_string())
            .collect::<Vec<_>>()
    };
    writer
        .write_record(drop(reader.headers().unwrap()))
        .unwrap();
    for r in reader.records() {
        writer.write_record(drop(&r.unwrap())).unwrap();
    }
    fs::write(dir.path().join("bare.csv"), writer.into_inner().unwrap()).unwrap();
    let mut articles = String::from("article_id,outlet\n");
    for a in 0..6 {
        articles.push_str(&format!("anvil-{a},Anvil\n"));
    }
    articles.push_str("beacon-0,Beacon\nbeacon-1,Beacon\ncinder-0,Cinder\n");
    fs::write(dir.path().join("articles.csv"), articles).unwrap();
    let run = |args: &[&str]| {
        slant(dir.path())
            .args(["report", "--lexicons", "lex", "--report"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["a", "--scores", "bare.csv", "--articles", "articles.csv"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["b", "--scores", "scored.csv"]);
    assert!(out.status.success());
    let read = |d: &str| fs::read_to_string(dir.path().join(d).join("outlet_shares.csv")).unwrap();
    assert_eq!(
        read("a"),
        read("b"),
        "the same groups and shares either way"
    );
    // Without --articles the column is missing.
    let out = slant(dir.path())
        .args(["report", "--scores", "bare.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

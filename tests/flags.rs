//! Text the model cannot judge is flagged, never silently scored: articles in other languages,
//! off-topic sentences and sentences without a known feature get a `flag`, are counted in the
//! summary, and are left out of the article figures (and of `slant report`).

mod common;

use std::fs;

use common::{csv_rows, slant, Succeeds};

const ENGLISH_ON_TOPIC: &str =
    "Parliament voted on Sunday to expel all foreign troops from the country. \
The occupation forces must leave our land, the militia said in a statement. \
The Pentagon said the troops would stay to fight the remnants of the Islamic State group.";

/// Domestic news on another subject (written for this test).
const OFF_TOPIC: &str = "The state legislature passed a bill on Thursday that would expand health coverage to about 200,000 low-income residents. \
The measure, which the governor is expected to sign, would be paid for by a new tax on hospital revenue. \
Supporters said it would reduce the number of uninsured people in the state by a third. \
Opponents argued that the tax would be passed on to patients in the form of higher bills. \
The bill now goes to the governor, who has ten days to act on it. \
Hospital associations said they were still studying the details of the plan.";

/// A sports report: its words (strike, defense, victory, attack) are also war reporting's.
const SPORTS: &str = "The home team extended its winning streak to five games on Sunday with a 31-17 victory over its division rivals. \
The rookie quarterback threw for 287 yards and three touchdowns, including a 45-yard strike in the third quarter. \
The defense held the visitors scoreless in the second half and recorded four sacks. \
\"We played a complete game today,\" the coach told reporters after the win. \
The team travels to Denver next week before a two-game home stand.";

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    put(
        "fr.txt",
        "Le ministère des Affaires étrangères a convoqué l'ambassadeur pour protester contre la \
         présence des troupes étrangères. Les manifestants ont exigé le départ immédiat des soldats \
         de la base aérienne, selon les organisateurs de la marche.",
    );
    put(
        "ru.txt",
        "Министерство иностранных дел заявило, что присутствие иностранных войск на территории \
         страны является нарушением её суверенитета. Протестующие потребовали немедленного \
         вывода войск с военной базы.",
    );
    put(
        "ar.txt",
        "قالت وزارة الخارجية إن وجود القوات الأجنبية على أراضي البلاد يشكل انتهاكا لسيادتها. \
         وطالب المتظاهرون بانسحاب القوات الأجنبية من القاعدة العسكرية فورا.",
    );
    put("mixed.txt", &format!("{ENGLISH_ON_TOPIC}\n\n{OFF_TOPIC}"));
    put("offtopic.txt", OFF_TOPIC);
    put("sports.txt", SPORTS);
    put("gibberish.txt", "Zxqvb blorft qwrtz.");
    dir
}

#[test]
fn other_languages_off_topic_text_and_no_evidence_are_flagged_and_left_out() {
    let dir = corpus();
    let out = slant(dir.path())
        .args(["score", ".", "--out", "s.csv", "--articles", "a.csv"])
        .succeeds();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in 3 article(s) in a language the model was not trained for"),
        "{stderr}"
    );
    assert!(stderr.contains("off topic"), "{stderr}");
    assert!(
        stderr.contains("with no feature the model knows"),
        "{stderr}"
    );

    let sentences = csv_rows(&fs::read_to_string(dir.path().join("s.csv")).unwrap());
    let articles = csv_rows(&fs::read_to_string(dir.path().join("a.csv")).unwrap());
    let article = |id: &str| articles.iter().find(|a| a["article_id"] == id).unwrap();
    let flags = |id: &str| -> Vec<&str> {
        sentences
            .iter()
            .filter(|s| s["article_id"] == id)
            .map(|s| s["flag"].as_str())
            .collect()
    };
    for (id, code) in [("fr", "fra"), ("ru", "rus"), ("ar", "ara")] {
        assert!(
            flags(id).iter().all(|f| *f == "language"),
            "{id}: {:?}",
            flags(id)
        );
        let a = article(id);
        assert_eq!(a["language"], code);
        assert_eq!(a["sentences_used"], "0");
        // Nothing to aggregate: no slant and no article stance, rather than a made-up neutral.
        assert_eq!(a["slant"], "", "{id}");
        assert_eq!(a["article_stance"], "", "{id}");
    }
    assert_eq!(flags("gibberish"), ["no_evidence"]);
    assert_eq!(article("gibberish")["no_evidence"], "1");

    // Off-topic articles are off topic as a whole; inside an on-topic article, most off-topic
    // sentences are caught one by one (the sentence gate is stricter, to keep relevant ones).
    for id in ["offtopic", "sports"] {
        assert!(
            flags(id).iter().all(|f| *f == "off_topic"),
            "{id}: {:?}",
            flags(id)
        );
        assert_eq!(article(id)["article_stance"], "", "{id}");
    }
    let mixed = flags("mixed");
    assert_eq!(&mixed[..3], ["", "", ""], "the on-topic sentences count");
    assert!(
        mixed[3..].iter().filter(|f| **f == "off_topic").count() >= 3,
        "{mixed:?}"
    );

    // The article figures are over the sentences that count, and only those.
    let m = article("mixed");
    let used: Vec<_> = sentences
        .iter()
        .filter(|s| s["article_id"] == "mixed" && s["flag"].is_empty())
        .collect();
    assert_eq!(m["sentences"], "9");
    assert_eq!(m["sentences_used"], used.len().to_string());
    let mean = |col: &str| {
        used.iter()
            .map(|s| s[col].parse::<f64>().unwrap())
            .sum::<f64>()
            / used.len() as f64
    };
    let slant: f64 = m["slant"].parse().unwrap();
    assert!(
        (slant - (mean("stance_p_against") - mean("stance_p_favor"))).abs() < 1e-5,
        "slant {slant} is not over the used sentences"
    );
    let against_share: f64 = m["stance_share_against"].parse().unwrap();
    let expected =
        used.iter().filter(|s| s["stance"] == "against").count() as f64 / used.len() as f64;
    assert!((against_share - expected).abs() < 1e-5);
}

#[test]
fn report_leaves_flagged_sentences_out_and_says_so() {
    let dir = corpus();
    slant(dir.path())
        .args(["score", ".", "--out", "s.csv"])
        .succeeds();
    let out = slant(dir.path())
        .args(["report", "--scores", "s.csv", "--by", "article_id"])
        .succeeds();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("that `slant score` flagged"), "{stderr}");
    assert!(stderr.contains("language"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("| fr "),
        "a fully flagged article has no group: {stdout}"
    );
}

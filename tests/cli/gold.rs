//! Scores `run all` on the seeds against our hand annotation
//! (`tests/fixtures/gold_seeds.jsonl`, described in `gold_README.md`).
//! The floors only go up.

use crate::harness::Project;
use std::collections::BTreeMap;

type Row = BTreeMap<String, String>;

fn gold() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gold_seeds.jsonl"
    ))
    .expect("gold file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold json"))
        .collect()
}

fn file_of(row: &Row) -> String {
    format!("{}.txt", row["doc_id"])
}

/// Passages the annotation leaves out on purpose (gold_README.md): the block in
/// 003 that quotes another report, whose speaker the article does not give. The
/// quotes nested inside it do have speakers and are annotated.
const NOT_ANNOTATED: &[(&str, &str)] = &[(
    "003_48523cab25893e0d.txt",
    "Just before their appearance ended",
)];

fn annotated(row: &Row) -> bool {
    let file = file_of(row);
    !NOT_ANNOTATED
        .iter()
        .any(|(excluded_file, opening)| *excluded_file == file && row["text"].starts_with(opening))
}

struct Score {
    gold: usize,
    predicted: usize,
    matched: usize,
    right: usize,
}

impl Score {
    fn recall(&self) -> f64 {
        self.matched as f64 / self.gold as f64
    }
    fn precision(&self) -> f64 {
        self.matched as f64 / self.predicted.max(1) as f64
    }
    fn accuracy(&self) -> f64 {
        self.right as f64 / self.matched.max(1) as f64
    }
}

#[test]
fn quotes_and_speakers_match_the_gold_annotation() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let mut predicted: Vec<Row> = project
        .csv("output", "quotes")
        .into_iter()
        .filter(annotated)
        .collect();
    let gold: Vec<_> = gold()
        .into_iter()
        .filter(|g| g["kind"] == "quote")
        .collect();
    let total_predicted = predicted.len();
    let mut score = Score {
        gold: gold.len(),
        predicted: total_predicted,
        matched: 0,
        right: 0,
    };
    let mut misses = Vec::new();
    let mut wrong = Vec::new();
    for g in &gold {
        let text = g["quote"].as_str().expect("quote").trim();
        let position = predicted
            .iter()
            .position(|p| file_of(p) == g["file"] && p["text"].trim() == text);
        let Some(position) = position else {
            misses.push(format!("{} {text}", g["file"]));
            continue;
        };
        let p = predicted.remove(position);
        score.matched += 1;
        let gold_speaker = g["speaker"].as_str().unwrap_or("");
        let speech_agrees = (p["is_speech"] == "true") != g["speaker"].is_null();
        if p["speaker"] == gold_speaker && speech_agrees {
            score.right += 1;
        } else {
            wrong.push(format!(
                "{text:?}: gold {gold_speaker:?}, got {:?} ({})",
                p["speaker"], p["attribution"]
            ));
        }
    }
    let extra: Vec<String> = predicted
        .iter()
        .map(|p| format!("{} {}", file_of(p), p["text"]))
        .collect();
    eprintln!("missed: {misses:#?}\nwrong speaker: {wrong:#?}");
    eprintln!(
        "quotes: recall {:.3} precision {:.3} speaker accuracy {:.3} (gold {}, predicted {}, matched {})",
        score.recall(),
        score.precision(),
        score.accuracy(),
        score.gold,
        score.predicted,
        score.matched
    );
    assert!(
        score.recall() >= 0.95,
        "recall {:.3}; missed {misses:#?}",
        score.recall()
    );
    assert!(
        score.precision() >= 0.95,
        "precision {:.3}; extra {extra:#?}",
        score.precision()
    );
    assert!(
        score.accuracy() >= 0.95,
        "speaker accuracy {:.3}; wrong {wrong:#?}",
        score.accuracy()
    );
}

#[test]
fn numeric_claims_match_the_gold_annotation() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let mut predicted = project.csv("output", "claims");
    let gold: Vec<_> = gold()
        .into_iter()
        .filter(|g| g["kind"] != "quote" && g["kind"] != "person")
        .collect();
    let mut score = Score {
        gold: gold.len(),
        predicted: predicted.len(),
        matched: 0,
        right: 0,
    };
    let mut misses = Vec::new();
    let mut wrong = Vec::new();
    let mut wrong_values = Vec::new();
    for g in &gold {
        let span = g["span"].as_str().expect("span");
        // The claim's text is the gold span, or holds it (an outlet's wording around it).
        let position = predicted.iter().position(|p| {
            file_of(p) == g["file"]
                && (p["text"] == span
                    || p["text"].contains(span)
                    || span.contains(p["text"].as_str()) && p["text"].len() * 2 > span.len())
        });
        let Some(position) = position else {
            misses.push(format!("{} {span}", g["file"]));
            continue;
        };
        let p = predicted.remove(position);
        score.matched += 1;
        if p["qualifier"] == g["qualifier"].as_str().expect("qualifier") {
            score.right += 1;
        } else {
            wrong.push(format!(
                "{span:?}: gold {}, got {}",
                g["qualifier"], p["qualifier"]
            ));
        }
        let expected = g
            .get("seconds")
            .or_else(|| g.get("value"))
            .and_then(|v| v.as_f64())
            .expect("a value");
        let value: f64 = p["value"].parse().unwrap_or(f64::NAN);
        if value != expected || p["kind"] != g["kind"].as_str().expect("kind") {
            wrong_values.push(format!(
                "{span:?}: gold {} {expected}, got {} {value}",
                g["kind"], p["kind"]
            ));
        }
    }
    eprintln!(
        "claims: recall {:.3} qualifier accuracy {:.3} (gold {}, predicted {}, matched {}); values off: {}",
        score.recall(),
        score.accuracy(),
        score.gold,
        score.predicted,
        score.matched,
        wrong_values.len()
    );
    assert!(
        score.recall() >= 0.95,
        "recall {:.3}; missed {misses:#?}",
        score.recall()
    );
    assert!(
        score.accuracy() >= 0.95,
        "qualifier accuracy {:.3}; wrong {wrong:#?}",
        score.accuracy()
    );
    assert!(
        wrong_values.is_empty(),
        "values must be exact: {wrong_values:#?}"
    );

    // The motivating case: the meeting's length is one group over all five
    // outlets, 9,000 to 10,800 seconds, and they do not agree.
    let groups = project.csv("output", "claim_groups");
    let meeting = groups
        .iter()
        .find(|g| g["kind"] == "duration" && g["subject"] == "meeting")
        .expect("a meeting group");
    assert_eq!(meeting["n_sources"], "5", "{meeting:?}");
    assert_eq!(
        (meeting["min_value"].as_str(), meeting["max_value"].as_str()),
        ("9000", "10800")
    );
    assert_eq!(meeting["agree"], "false");
}

#[test]
fn people_are_canonical_across_outlets() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let people = project.csv("output", "people");
    let names: std::collections::BTreeSet<&str> =
        people.iter().map(|p| p["person"].as_str()).collect();
    let mut missing = Vec::new();
    for g in gold().into_iter().filter(|g| g["kind"] == "person") {
        let name = g["name"].as_str().expect("name").to_string();
        if !names.contains(name.as_str()) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "people missing: {missing:?}; found {names:?}"
    );
    // Spelling variants merge; people sharing a surname stay apart.
    assert!(!names.contains("Volodymyr Zelensky"), "{names:?}");
    assert!(names.contains("Melania Trump") && names.contains("Donald Trump"));
    let zelenskyy: std::collections::BTreeSet<String> = people
        .iter()
        .filter(|p| p["person"] == "Volodymyr Zelenskyy")
        .flat_map(|p| serde_json::from_str::<Vec<String>>(&p["variants"]).expect("json list"))
        .collect();
    assert!(
        zelenskyy.contains("Zelensky") || zelenskyy.iter().any(|v| v.ends_with("Zelensky")),
        "{zelenskyy:?}"
    );
}

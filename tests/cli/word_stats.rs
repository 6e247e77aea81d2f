//! word_stats and term_stats against figures counted by hand on a tiny text,
//! and the seeds against an independent word count.

use crate::harness::Project;

const TINY: &str = "id,source,event_id,text\n\
a1,Alpha,e1,\"The cat sat on the mat. \"\"We ran home,\"\" said Tom.\"\n\
b1,Beta,e1,\"Two cats ran away. A dog sat.\"\n";

fn close(actual: &str, expected: f64) -> bool {
    let actual: f64 = actual.parse().expect("a number");
    (actual - expected).abs() < 1e-9 * expected.abs().max(1.0)
}

#[test]
fn word_stats_match_a_hand_count() {
    let project = Project::new();
    project.write("tiny/articles.csv", TINY.as_bytes());
    project.ok(&["run", "all", "--quiet", "--input", "tiny"]);
    let stats = project.csv("output", "word_stats");
    assert_eq!(stats.len(), 2);
    let alpha = &stats[0];
    let beta = &stats[1];
    assert_eq!(alpha["source"], "Alpha");
    // Alpha: 2 sentences; words The cat sat on the mat / We ran home said Tom = 11;
    // distinct lower-cased: the cat sat on mat we ran home said tom = 10;
    // one speech quote of 3 words; no numbers; 11 syllables (home and said: one each).
    for (column, expected) in [
        ("n_docs", "1"),
        ("n_sentences", "2"),
        ("n_words", "11"),
        ("n_unique_words", "10"),
        ("n_quotes", "1"),
        ("n_claims", "0"),
    ] {
        assert_eq!(alpha[column], expected, "Alpha {column}: {alpha:?}");
    }
    assert!(close(&alpha["type_token_ratio"], 10.0 / 11.0), "{alpha:?}");
    assert!(close(&alpha["mean_sentence_words"], 5.5), "{alpha:?}");
    assert!(close(&alpha["quoted_word_share"], 3.0 / 11.0), "{alpha:?}");
    assert!(
        close(
            &alpha["flesch_reading_ease"],
            206.835 - 1.015 * 5.5 - 84.6 * 1.0
        ),
        "{alpha:?}"
    );
    assert!(
        close(
            &alpha["flesch_kincaid_grade"],
            0.39 * 5.5 + 11.8 * 1.0 - 15.59
        ),
        "{alpha:?}"
    );
    // Beta: 2 sentences; Two cats ran away / A dog sat = 7 words, all distinct;
    // "Two cats" is one count claim; syllables 1+1+1+2 (a-way)+1+1+1 = 8.
    for (column, expected) in [
        ("n_sentences", "2"),
        ("n_words", "7"),
        ("n_unique_words", "7"),
        ("n_quotes", "0"),
        ("n_claims", "1"),
    ] {
        assert_eq!(beta[column], expected, "Beta {column}: {beta:?}");
    }
    assert!(close(&beta["quoted_word_share"], 0.0));
    assert!(
        close(
            &beta["flesch_reading_ease"],
            206.835 - 1.015 * 3.5 - 84.6 * 8.0 / 7.0
        ),
        "{beta:?}"
    );
}

/// Monroe, Colaresi and Quinn (2008), eq. 22 and 24, written out for the test.
fn fightin_words(y: f64, n: f64, r: f64, m: f64, a: f64, a0: f64) -> f64 {
    let delta = ((y + a) / (n + a0 - y - a)).ln() - ((r + a) / (m + a0 - r - a)).ln();
    delta / (1.0 / (y + a) + 1.0 / (r + a)).sqrt()
}

#[test]
fn term_stats_match_a_hand_count() {
    let project = Project::new();
    project.write("tiny/articles.csv", TINY.as_bytes());
    project.ok(&["run", "all", "--quiet", "--input", "tiny"]);
    let terms = project.csv("output", "term_stats");
    let term = |source: &str, term: &str| {
        terms
            .iter()
            .find(|t| t["source"] == source && t["term"] == term)
            .unwrap_or_else(|| panic!("{source} {term} in {terms:#?}"))
    };
    // Stop words (the, on, we, a) are out: Alpha keeps cat sat mat ran home said tom (7),
    // Beta keeps two cats ran away dog sat (6); 13 in all.
    let alpha: Vec<&str> = terms
        .iter()
        .filter(|t| t["source"] == "Alpha")
        .map(|t| t["term"].as_str())
        .collect();
    assert_eq!(alpha.len(), 7, "{alpha:?}");
    assert!(!alpha.contains(&"the") && !alpha.contains(&"we"));
    let sat = term("Alpha", "sat");
    assert_eq!(sat["count"], "1");
    assert!(close(&sat["per_1k"], 1000.0 / 11.0), "{sat:?}");
    // prior: 0.01 x run-wide count; sat occurs twice in the run, 13 terms in all.
    let expected = fightin_words(1.0, 7.0, 1.0, 6.0, 0.02, 0.13);
    assert!(
        close(&sat["distinctiveness"], expected),
        "{sat:?} vs {expected}"
    );
    let mat = term("Alpha", "mat");
    let expected = fightin_words(1.0, 7.0, 0.0, 6.0, 0.01, 0.13);
    assert!(
        close(&mat["distinctiveness"], expected),
        "{mat:?} vs {expected}"
    );
    // A word only Alpha uses sets it apart more than one both use.
    assert!(mat["rank"].parse::<u32>().expect("rank") < sat["rank"].parse::<u32>().expect("rank"));
}

#[test]
fn one_source_has_null_distinctiveness_not_an_error() {
    let project = Project::new();
    project.write(
        "solo/one.csv",
        b"id,source,text\nx,Solo,\"The summit ended. The leaders left.\"\n",
    );
    project.ok(&["run", "all", "--quiet", "--input", "solo"]);
    let terms = project.csv("output", "term_stats");
    assert!(!terms.is_empty());
    assert!(
        terms.iter().all(|t| t["distinctiveness"].is_empty()),
        "{terms:#?}"
    );
    let ranks: Vec<&str> = terms.iter().map(|t| t["rank"].as_str()).collect();
    assert_eq!(ranks[0], "1");
}

#[test]
fn seed_word_counts_agree_with_an_independent_count() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let documents = project.csv("output", "documents");
    let stats = project.csv("output", "word_stats");
    let word = regex::Regex::new(r"[\p{L}\p{N}]+(?:['’.\-/][\p{L}\p{N}]+)*").expect("regex");
    for document in &documents {
        let independent = word.find_iter(&document["text"]).count() as f64;
        let row = stats
            .iter()
            .find(|s| s["source"] == document["source"])
            .expect("a row per source");
        let ours: f64 = row["n_words"].parse().expect("count");
        let off = (ours - independent).abs() / independent;
        assert!(
            off <= 0.03,
            "{}: ours {ours}, regex {independent} ({:.1}% off)",
            document["doc_id"],
            off * 100.0
        );
    }
}

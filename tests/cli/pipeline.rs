//! The pipeline as a user drives it: run all, single stages, bad input,
//! failures that must leave the previous output alone, the lock, the
//! up-to-date check, thread-count independence and the data dictionary.

use crate::harness::{Project, stderr};

const ALL_TABLES: &[&str] = &[
    "documents",
    "sentences",
    "tokens",
    "quotes",
    "claims",
    "people",
    "word_stats",
    "term_stats",
    "quote_groups",
    "claim_groups",
    "rejects",
];

#[test]
fn run_all_on_the_seeds_writes_every_table_manifest_and_datapackage() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    for table in ALL_TABLES {
        for ext in ["parquet", "csv"] {
            assert!(
                project
                    .path("output")
                    .join(format!("{table}.{ext}"))
                    .is_file(),
                "{table}.{ext} missing"
            );
        }
    }
    let documents = project.csv("output", "documents");
    assert_eq!(documents.len(), 5);
    assert!(
        documents
            .iter()
            .all(|d| d["encoding"] == "UTF-8" && d["event"] == "seeds")
    );
    let first = &documents[0];
    assert_eq!(first["doc_id"], "000_df02566f73be5ba6");
    assert_eq!(first["n_chars"], first["text"].chars().count().to_string());

    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.path("output/manifest.json")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["tables"]["documents"], 5);
    assert_eq!(manifest["inputs"].as_array().expect("inputs").len(), 5);
    let stages: Vec<&str> = manifest["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| s["stage"].as_str().expect("name"))
        .collect();
    assert_eq!(
        stages,
        ["ingest", "tokenise", "extract", "normalise", "aggregate"]
    );

    let package: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.path("output/datapackage.json")).expect("package"),
    )
    .expect("json");
    let resources = package["resources"].as_array().expect("resources");
    let quotes = resources
        .iter()
        .find(|r| r["name"] == "quotes")
        .expect("quotes resource");
    let speaker = quotes["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "speaker")
        .expect("speaker");
    assert!(
        speaker["description"]
            .as_str()
            .expect("text")
            .contains("Canonical full name")
    );
    // No leftovers of the staging folder or part files.
    let leftovers: Vec<_> = std::fs::read_dir(project.dir.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn offsets_slice_the_document_text() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let documents = project.csv("output", "documents");
    let text_of = |doc_id: &str| -> Vec<char> {
        documents
            .iter()
            .find(|d| d["doc_id"] == doc_id)
            .expect("doc")["text"]
            .chars()
            .collect()
    };
    for table in ["sentences", "tokens", "quotes", "claims"] {
        let rows = project.csv("output", table);
        assert!(!rows.is_empty(), "{table} is empty");
        for row in rows {
            let text = text_of(&row["doc_id"]);
            let start: usize = row["char_start"].parse().expect("int");
            let end: usize = row["char_end"].parse().expect("int");
            let slice: String = text[start..end].iter().collect();
            assert_eq!(slice, row["text"], "{table} row {row:?}");
        }
    }
}

#[test]
fn bad_inputs_become_rejects_and_the_run_goes_on() {
    let project = Project::new();
    project.write("bad/binary.txt", &[0x00, 0x01, 0x02, 0xff, 0x00, 0x10]);
    project.write("bad/empty.txt", b"   \n");
    project.write(
        "bad/records.jsonl",
        b"{\"id\": \"r1\", \"source\": \"Wire\", \"text\": \"Officials said 3 people were hurt.\"}\n{not json\n{\"id\": \"r2\", \"source\": \"Wire\"}\n",
    );
    project.write(
        "bad/table.csv",
        b"id,source,text\nc1,Paper,\"The talks lasted three hours.\"\nc2,Paper,\n",
    );
    // Walked in sorted order, after records.jsonl: the later r1 is the duplicate.
    project.write("bad/zz-dup/r1.txt", b"A second document claiming id r1.");
    let output = project.ok(&["run", "all", "--quiet", "--input", "bad"]);
    assert!(
        stderr(&output).is_empty(),
        "quiet means no warnings: {}",
        stderr(&output)
    );
    let documents = project.csv("output", "documents");
    let ids: Vec<&str> = documents.iter().map(|d| d["doc_id"].as_str()).collect();
    assert_eq!(ids, ["c1", "r1"]);
    let rejects = project.csv("output", "rejects");
    let reasons: Vec<String> = rejects
        .iter()
        .map(|r| format!("{} {} {}", r["path"], r["line"], r["reason"]))
        .collect();
    assert_eq!(rejects.len(), 6, "{reasons:#?}");
    let has = |path_part: &str, line: &str| {
        rejects
            .iter()
            .any(|r| r["path"].contains(path_part) && r["line"] == line)
    };
    assert!(has("binary.txt", ""), "{reasons:#?}");
    assert!(has("empty.txt", ""), "{reasons:#?}");
    assert!(has("records.jsonl", "2"), "{reasons:#?}");
    assert!(has("records.jsonl", "3"), "{reasons:#?}");
    assert!(has("table.csv", "3"), "{reasons:#?}");
    assert!(
        rejects
            .iter()
            .any(|r| r["path"].contains("r1.txt") && r["reason"].contains("records.jsonl")),
        "{reasons:#?}"
    );

    let strict = project.run(&[
        "run", "all", "--quiet", "--input", "bad", "--strict", "--force",
    ]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("rejected"), "{}", stderr(&strict));
}

#[test]
fn a_failed_run_leaves_the_previous_output_exactly_as_it_was() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    let before = project.snapshot("output");

    let missing = project.run(&["run", "all", "--quiet", "--input", "no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2));
    let message = stderr(&missing);
    assert!(
        message.contains("no-such-folder") && message.contains("--input"),
        "{message}"
    );
    assert_eq!(
        message.trim().lines().count(),
        2,
        "one line and a hint: {message}"
    );
    assert_eq!(project.snapshot("output"), before);

    // A stage that fails half-way: a corrupt table the next stage must read.
    std::fs::write(project.path("output/tokens.parquet"), b"not parquet").expect("corrupt");
    let corrupted = project.snapshot("output");
    let failed = project.run(&["run", "aggregate", "--quiet"]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(project.snapshot("output"), corrupted);

    let bad_pipeline = project.write("pipelines/bad.toml", b"[run]\noutptu = \"x\"\n");
    let failed = project.run(&[
        "run",
        "all",
        "--quiet",
        "--pipeline",
        bad_pipeline.to_str().expect("utf8"),
    ]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(stderr(&failed).contains("outptu"), "{}", stderr(&failed));
    assert_eq!(project.snapshot("output"), corrupted);
}

#[test]
fn output_is_the_same_bytes_for_one_or_two_threads() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet", "--jobs", "1", "--output", "one"]);
    project.ok(&["run", "all", "--quiet", "--jobs", "2", "--output", "two"]);
    let tables = |output: &str| -> Vec<(String, Vec<u8>)> {
        project
            .snapshot(output)
            .into_iter()
            .filter(|(name, _)| name.ends_with(".parquet") || name.ends_with(".csv"))
            .collect()
    };
    let (one, two) = (tables("one"), tables("two"));
    assert_eq!(one.len(), two.len());
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert!(a == b, "{name} differs between --jobs 1 and --jobs 2");
    }
}

#[test]
fn one_stage_reruns_from_the_persisted_tables() {
    let project = Project::new();
    let needs = project.run(&["run", "extract", "--quiet"]);
    assert_eq!(needs.status.code(), Some(2));
    let message = stderr(&needs);
    assert!(
        message.contains("stage extract needs") && message.contains("parallax run"),
        "{message}"
    );

    project.ok(&["run", "all", "--quiet"]);
    let before = project.snapshot("output");
    project.ok(&["run", "tokenise", "--quiet", "--force"]);
    let after = project.snapshot("output");
    for ((name, a), (_, b)) in before.iter().zip(&after) {
        if name.ends_with(".parquet") || name.ends_with(".csv") {
            assert!(a == b, "{name} changed on a rerun of tokenise");
        }
    }
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.path("output/manifest.json")).expect("manifest"),
    )
    .expect("json");
    let tokenise = stage_report(&manifest, "tokenise");
    assert_eq!(tokenise["status"], "ran");
    // Its peak memory is the process's, a stage alone: more than the
    // program's own few MiB, far less than a gigabyte for five articles.
    if cfg!(target_os = "linux") {
        let peak = tokenise["peak_memory_mib"]
            .as_f64()
            .expect("a peak on Linux");
        assert!((2.0..1024.0).contains(&peak), "tokenise peak {peak} MiB");
    }
    let extract = stage_report(&manifest, "extract");
    assert_eq!(extract["status"], "up_to_date");
    assert!(extract["peak_memory_mib"].is_null(), "{extract}");
}

/// A stage's line of a manifest.
fn stage_report<'a>(manifest: &'a serde_json::Value, stage: &str) -> &'a serde_json::Value {
    manifest["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .find(|report| report["stage"] == stage)
        .unwrap_or_else(|| panic!("no {stage} in the manifest"))
}

/// `parallax bench` times segmentation in repeated passes, then every stage
/// in one process and each alone, with the peak memory of each: the
/// tokenise stage's own, not the whole run's.
#[test]
fn bench_reports_each_stage_alone_with_its_peak_memory() {
    let project = Project::new();
    let output = project.ok(&["bench", "--input", "seeds"]);
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    // The segmentation passes are repeated, and both of them count the
    // same tokens (the second also works out each token's cells).
    let tokens_of = |label: &str| -> u64 {
        let line = stdout
            .lines()
            .find(|line| line.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in:\n{stdout}"));
        assert!(
            line.contains("median") && line.contains("best of 15"),
            "{line}"
        );
        line.rsplit(", ")
            .next()
            .and_then(|tail| tail.strip_suffix(" tokens"))
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("no token count in {line}"))
    };
    let tokens = tokens_of("segmentation");
    assert!(tokens > 1000, "{tokens} tokens in the seeds");
    assert_eq!(tokens_of("with norms"), tokens);
    let alone = stdout
        .split("each stage alone")
        .nth(1)
        .unwrap_or_else(|| panic!("no per-stage runs in:\n{stdout}"));
    for stage in ["ingest", "tokenise", "extract", "normalise", "aggregate"] {
        let line = alone
            .lines()
            .find(|line| line.trim_start().starts_with(stage))
            .unwrap_or_else(|| panic!("no line for {stage} in:\n{alone}"));
        assert!(line.contains("MB/s"), "{line}");
        if cfg!(target_os = "linux") {
            let peak: f64 = line
                .split("peak ")
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|number| number.parse().ok())
                .unwrap_or_else(|| panic!("no peak in {line}"));
            assert!((2.0..1024.0).contains(&peak), "{line}");
        }
    }
}

#[test]
fn an_unchanged_rerun_skips_every_stage_and_force_runs_them() {
    let project = Project::new();
    project.ok(&["run", "all", "--quiet"]);
    project.ok(&["run", "all", "--quiet"]);
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.path("output/manifest.json")).expect("manifest"),
    )
    .expect("json");
    for stage in manifest["stages"].as_array().expect("stages") {
        assert_eq!(stage["status"], "up_to_date", "{stage}");
    }
    assert_eq!(manifest["tables"]["documents"], 5);

    // A changed input reruns ingest and, through changed tables, what follows.
    let seed = project.path("seeds/000_df02566f73be5ba6.txt");
    let mut text = std::fs::read_to_string(&seed).expect("seed");
    text.push_str("\nThe talks lasted 45 minutes, an aide said.\n");
    std::fs::write(&seed, text).expect("write");
    project.ok(&["run", "all", "--quiet"]);
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.path("output/manifest.json")).expect("manifest"),
    )
    .expect("json");
    for stage in manifest["stages"].as_array().expect("stages") {
        assert_eq!(stage["status"], "ran", "{stage}");
    }
}

#[test]
fn a_second_run_on_the_same_output_refuses_while_the_first_holds_the_lock() {
    let project = Project::new();
    let lock = std::fs::File::create(project.path("output.lock")).expect("lock file");
    lock.try_lock().expect("the test takes the lock first");
    let refused = project.run(&["run", "all", "--quiet"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("another parallax run"),
        "{}",
        stderr(&refused)
    );
    assert!(!project.path("output").exists());
    lock.unlock().expect("unlock");
    project.ok(&["run", "all", "--quiet"]);
}

#[test]
fn readme_data_dictionary_is_generated_from_the_table_declarations() {
    let project = Project::new();
    let schema = String::from_utf8(project.ok(&["schema"]).stdout).expect("utf8");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let begin = "<!-- data dictionary: generated by `parallax schema`, do not edit -->\n";
    let end = "<!-- end of data dictionary -->";
    let start = readme
        .find(begin)
        .expect("README has the data dictionary marker")
        + begin.len();
    let stop = readme[start..].find(end).expect("end marker") + start;
    assert_eq!(
        readme[start..stop].trim(),
        schema.trim(),
        "run `cargo run -- schema` and paste it into README"
    );
    let one = String::from_utf8(project.ok(&["schema", "claims"]).stdout).expect("utf8");
    assert!(one.contains("| qualifier | string | no |"), "{one}");
    assert_eq!(project.run(&["schema", "nope"]).status.code(), Some(2));
}

#[test]
fn gzip_jsonl_with_events_and_a_latin1_text_file_are_read() {
    use std::io::Write;
    let project = Project::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\": 1, \"source\": \"Fox News\", \"event_id\": \"e1\", \"text\": \"He said the meeting lasted 3 hours.\"}\n{\"id\": 2, \"source\": \"NYT\", \"event_id\": \"e1\", \"text\": \"The meeting lasted about two hours.\"}\n").expect("gz");
    project.write("in/batch.jsonl.gz", &gz.finish().expect("gz"));
    project.write(
        "in/latin.txt",
        b"Caf\xe9 owners paid \xa3200 in fees.\r\nThey said so.\r\n",
    );
    project.ok(&["run", "all", "--quiet", "--input", "in"]);
    let documents = project.csv("output", "documents");
    let latin = documents
        .iter()
        .find(|d| d["doc_id"] == "latin")
        .expect("latin");
    assert_eq!(latin["encoding"], "windows-1252");
    assert_eq!(
        latin["text"],
        "Café owners paid £200 in fees.\nThey said so."
    );
    let one = documents
        .iter()
        .find(|d| d["doc_id"] == "1")
        .expect("record 1");
    assert_eq!(
        (one["source"].as_str(), one["event"].as_str()),
        ("Fox News", "e1")
    );
}

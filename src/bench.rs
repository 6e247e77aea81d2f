//! `parallax bench`: throughput in MB/s of input text, and peak memory, on a
//! corpus. It times the pure segmentation (fifteen passes: median and best)
//! and extraction functions alone, then the whole pipeline with its tables
//! written (in a temporary folder), so the ratios between stages come from
//! one run on one noisy machine, and then each stage again in a process of
//! its own, for the memory that stage itself needs.

use crate::cli::BenchArgs;
use crate::config::{self, Overrides};
use crate::error::{Error, Result};
use crate::pipeline::{self, Manifest, Stage, StageReport, StageStatus};
use crate::stages::ingest_read;
use crate::stages::tokenise::count_tokens;
use crate::text::numbers::find_claims;
use crate::text::people::find_people;
use crate::text::quotes::find_quotes;
use crate::text::segment::{Tokenizer, split_sentences};
use rayon::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs the benchmark and prints its figures.
pub fn run(args: &BenchArgs) -> Result<()> {
    let pipeline_file = config::load_pipeline(&args.pipeline).unwrap_or_default();
    let default_event = ingest_read::default_event(&args.inputs);
    let (documents, _) =
        ingest_read::read_inputs(&args.inputs, &pipeline_file.ingest.fields, &default_event)?;
    let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "corpus: {} documents, {:.2} MB of text, {} threads",
        documents.len(),
        megabytes,
        rayon::current_num_threads()
    );
    let rate = |seconds: f64| megabytes / seconds.max(1e-9);

    // Each segmentation pass takes a few hundredths of a second, where a
    // neighbour on a shared machine can take a third of it: the passes are
    // repeated, the two kinds in turn so that both meet the same moments of
    // load, and both the median and the best are printed.
    let (boundaries, with_cells) = alternated_passes(
        || {
            documents
                .par_iter()
                .map(|d| {
                    let mut tokenizer = Tokenizer::default();
                    split_sentences(&d.text)
                        .iter()
                        .map(|s| tokenizer.tokens(&d.text, s.start, s.end).len())
                        .sum::<usize>()
                })
                .sum()
        },
        // The same with every cell the tokens table takes from the walk
        // (norms, character offsets), still before any column is built.
        || documents.par_iter().map(|d| count_tokens(&d.text)).sum(),
    );
    println!(
        "segmentation (sentences + tokens, no writing): {}",
        boundaries.describe(rate)
    );
    println!(
        "  with norms and character offsets: {}",
        with_cells.describe(rate)
    );

    let settings = &pipeline_file.claims;
    let sentences: Vec<_> = documents
        .par_iter()
        .map(|d| split_sentences(&d.text))
        .collect();
    let clock = Instant::now();
    let found: (usize, usize) = documents
        .par_iter()
        .zip(&sentences)
        .map(|(d, sentences)| {
            let people = find_people(&d.text, sentences);
            let quotes = find_quotes(&d.text, sentences, &people).len();
            (quotes, find_claims(&d.text, sentences, settings).len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let extraction = clock.elapsed().as_secs_f64();
    println!(
        "quotes + people + claims (no writing, on those sentences): {extraction:.3} s, {:.1} MB/s, {} quotes, {} claims",
        rate(extraction),
        found.0,
        found.1
    );

    let scratch = tempfile::tempdir()
        .map_err(|e| crate::error::Error::io("create", std::env::temp_dir(), e))?;
    let config = config::resolve(
        &args.pipeline,
        Overrides {
            inputs: args.inputs.clone(),
            output: Some(scratch.path().join("output")),
            force: true,
            jobs: args.jobs,
            quiet: true,
            strict: false,
        },
    )?;
    // A stage's (or the run's) line: seconds, MB/s and peak memory.
    let stage_line = |name: &str, seconds: f64, peak_mib: Option<f64>| {
        let peak = match peak_mib {
            Some(peak) => format!("peak {peak:.1} MiB"),
            None => "peak unknown on this system".to_string(),
        };
        println!(
            "  {name:<10} {seconds:>8.3} s  {:>8.1} MB/s  {peak}",
            rate(seconds)
        );
    };
    let report = pipeline::run(&config, &Stage::ALL)?;
    println!(
        "pipeline with tables written ({}), in one process:",
        config.pipeline.run.formats.join(" + ")
    );
    for stage in &report.manifest.stages {
        if stage.status == StageStatus::Ran {
            stage_line(stage.stage.name(), stage.seconds, stage.peak_memory_mib);
        }
    }
    // The run's peak is its hungriest stage's.
    let run_peak = report
        .manifest
        .stages
        .iter()
        .filter_map(|stage| stage.peak_memory_mib)
        .reduce(f64::max);
    stage_line("total", report.manifest.seconds, run_peak);

    // In one process a stage's peak includes what earlier stages left
    // resident (the allocator keeps freed memory for reuse): each stage
    // again in a process of its own, as `parallax run <stage>` runs it, for
    // the memory the stage itself needs.
    let alone = scratch.path().join("alone");
    println!("each stage alone (`parallax run <stage>`, a process of its own):");
    for stage in Stage::ALL {
        let report = run_stage_alone(args, stage, &alone)?;
        stage_line(stage.name(), report.seconds, report.peak_memory_mib);
    }
    Ok(())
}

/// Runs `parallax run <stage>` into `output` as a child process, and
/// returns the stage's line of the manifest it wrote.
fn run_stage_alone(args: &BenchArgs, stage: Stage, output: &Path) -> Result<StageReport> {
    let failed = |detail: String| Error::BenchStage {
        stage: stage.name(),
        detail,
    };
    let program = std::env::current_exe()
        .map_err(|e| failed(format!("the running executable was not found: {e}")))?;
    let mut command = Command::new(program);
    command
        .args(["run", stage.name(), "--force", "--quiet", "--output"])
        .arg(output)
        .arg("--pipeline")
        .arg(&args.pipeline)
        .stdout(Stdio::null());
    if stage == Stage::Ingest {
        for input in &args.inputs {
            command.arg("--input").arg(input);
        }
    }
    if let Some(jobs) = args.jobs {
        command.arg("--jobs").arg(jobs.to_string());
    }
    let status = command
        .status()
        .map_err(|e| failed(format!("it could not be started: {e}")))?;
    if !status.success() {
        return Err(failed(format!("it exited with {status}")));
    }
    Manifest::read(output)
        .and_then(|manifest| {
            manifest
                .stages
                .into_iter()
                .find(|report| report.stage == stage && report.status == StageStatus::Ran)
        })
        .ok_or_else(|| failed("its manifest does not say it ran".into()))
}

/// How many times `parallax bench` repeats each segmentation pass.
const SEGMENTATION_PASSES: usize = 15;

/// The times of repeated passes over the corpus, and what each counted.
#[derive(Default)]
struct Passes {
    /// Seconds of each pass, fastest first.
    seconds: Vec<f64>,
    tokens: usize,
}

impl Passes {
    /// "median 0.034 s, 148.2 MB/s (best of 5 0.030 s, 168.0 MB/s), N tokens".
    fn describe(&self, rate: impl Fn(f64) -> f64) -> String {
        let median = self.seconds[self.seconds.len() / 2];
        let best = self.seconds[0];
        format!(
            "median {median:.3} s, {:.1} MB/s (best of {} {best:.3} s, {:.1} MB/s), {} tokens",
            rate(median),
            self.seconds.len(),
            rate(best),
            self.tokens
        )
    }
}

/// Runs `first` and `second` in turn, `SEGMENTATION_PASSES` times each, and
/// times each run.
fn alternated_passes(first: impl Fn() -> usize, second: impl Fn() -> usize) -> (Passes, Passes) {
    let time = |pass: &dyn Fn() -> usize, passes: &mut Passes| {
        let clock = Instant::now();
        passes.tokens = std::hint::black_box(pass());
        passes.seconds.push(clock.elapsed().as_secs_f64());
    };
    let (mut a, mut b) = (Passes::default(), Passes::default());
    for _ in 0..SEGMENTATION_PASSES {
        time(&first, &mut a);
        time(&second, &mut b);
    }
    for passes in [&mut a, &mut b] {
        passes.seconds.sort_by(f64::total_cmp);
    }
    (a, b)
}

//! The command line, as clap derive types only. Each doc comment here is the
//! `--help` text users read.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// parallax: news articles about one event, from many outlets, turned into
/// analytical tables (sentences, tokens, quotes, claims, people, word
/// statistics and where the outlets agree).
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every stage (`all`) or one stage from the previous stage's persisted tables.
    Run(RunArgs),
    /// Print the data dictionary: every table's columns, types and meanings.
    Schema(SchemaArgs),
    /// Run the stages in memory on one text and print its sentences, quotes and claims as JSON.
    Inspect(InspectArgs),
    /// Measure throughput (MB/s of input text) and peak memory of the stages on a corpus.
    Bench(BenchArgs),
}

/// Which stage to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageChoice {
    /// Every stage, in order.
    All,
    /// Read the inputs into the documents and rejects tables.
    Ingest,
    /// Split documents into sentences and tokens.
    Tokenise,
    /// Find quotes, person mentions and numeric claims.
    Extract,
    /// Canonical speakers and people across outlets.
    Normalise,
    /// Word and term statistics, quote and claim groups across outlets.
    Aggregate,
}

/// Flags of `parallax run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The stage to run.
    #[arg(value_enum)]
    pub stage: StageChoice,
    /// An input file or folder (repeatable); overrides the pipeline file's `input`.
    #[arg(long = "input", value_name = "DIR_OR_FILE")]
    pub inputs: Vec<PathBuf>,
    /// The output folder; overrides the pipeline file's `output`.
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The pipeline definition (TOML).
    #[arg(long, value_name = "FILE", default_value = "pipelines/default.toml")]
    pub pipeline: PathBuf,
    /// Run stages even when their inputs, configuration and program are unchanged.
    #[arg(long)]
    pub force: bool,
    /// Worker threads (default: one per core); the output is the same for any number.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// Exit with status 1 when any input was rejected.
    #[arg(long)]
    pub strict: bool,
}

/// Flags of `parallax schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// One table to describe (default: all).
    pub table: Option<String>,
}

/// Flags of `parallax inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The text to read; use --file for a file.
    #[arg(conflicts_with = "file", required_unless_present = "file")]
    pub text: Option<String>,
    /// A UTF-8 text file to read instead.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The pipeline definition whose parameters apply.
    #[arg(long, value_name = "FILE", default_value = "pipelines/default.toml")]
    pub pipeline: PathBuf,
}

/// Flags of `parallax bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Corpus files or folders (repeatable), e.g. a folder of news articles.
    #[arg(long = "input", value_name = "DIR_OR_FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// The pipeline definition whose parameters apply.
    #[arg(long, value_name = "FILE", default_value = "pipelines/default.toml")]
    pub pipeline: PathBuf,
}

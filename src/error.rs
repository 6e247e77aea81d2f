//! The one error type of the library, grouped by who must act: the user's
//! command or configuration (exit 2), or the run itself (exit 1). Every
//! message names the thing and the place, then says what to do.

use std::path::PathBuf;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // --- the user must change the command or the pipeline file (exit 2) ---
    /// The pipeline file cannot be read or has wrong content.
    #[error(
        "pipeline file {path}: {detail}\n  hint: fix the file; `parallax run all --help` lists the flags that override it"
    )]
    Pipeline { path: PathBuf, detail: String },

    /// An input path does not exist.
    #[error("input {path} does not exist\n  hint: pass an existing file or folder with --input")]
    MissingInput { path: PathBuf },

    /// A flag has a value that cannot be used.
    #[error("{detail}")]
    Usage { detail: String },

    /// A stage was asked to run before the tables it reads exist.
    #[error(
        "stage {stage} needs {path}, which does not exist\n  hint: run `parallax run {previous}` first, or `parallax run all`"
    )]
    NeedsStage {
        stage: &'static str,
        path: PathBuf,
        previous: &'static str,
    },

    /// Another run holds the output folder.
    #[error(
        "another parallax run is writing {output} (lock {lock} is held)\n  hint: wait for it to finish; runs on the same output never interleave"
    )]
    Locked { output: PathBuf, lock: PathBuf },

    /// `--strict` was given and some input was rejected.
    #[error("{count} input(s) rejected and --strict is set; see {path}")]
    StrictRejects { count: usize, path: PathBuf },

    // --- the run failed (exit 1) ---
    /// A file or folder could not be read or written.
    #[error("{action} {path}: {source}\n  hint: check that the path exists and is writable")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    /// A persisted table has unexpected columns, e.g. from an older version.
    #[error(
        "table {table} does not have the expected shape: {detail}\n  hint: rebuild it with `parallax run all --force`"
    )]
    TableShape { table: String, detail: String },

    /// One cell or row is larger than a string column of a record batch holds.
    #[error(
        "table {table}: {what} is too large for a table's string column (at most 2 GiB)\n  hint: split the document into smaller ones before ingest"
    )]
    TooLarge { table: String, what: String },

    /// Parquet or Arrow failed to encode or decode a table.
    #[error("table {table}: {detail}\n  hint: rebuild it with `parallax run all --force`")]
    Format { table: String, detail: String },

    /// Reading the inputs failed as a whole.
    #[error("{0}")]
    Read(#[from] crate::stages::ingest_read::ReadError),

    /// `parallax bench` could not run a stage in a process of its own.
    #[error(
        "bench: `parallax run {stage}` in a process of its own failed: {detail}\n  hint: any error of the stage is printed above; `parallax run {stage}` alone shows it again"
    )]
    BenchStage { stage: &'static str, detail: String },

    /// The aggregate stage's polars query failed.
    #[error("aggregate query for {table} failed: {detail}")]
    Query { table: String, detail: String },
}

impl Error {
    /// The process exit status: 2 when the user must change the command or configuration, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Pipeline { .. }
            | Error::MissingInput { .. }
            | Error::Usage { .. }
            | Error::NeedsStage { .. }
            | Error::Locked { .. } => 2,
            Error::StrictRejects { .. }
            | Error::Io { .. }
            | Error::TableShape { .. }
            | Error::Format { .. }
            | Error::TooLarge { .. }
            | Error::Read(_)
            | Error::BenchStage { .. }
            | Error::Query { .. } => 1,
        }
    }

    /// An I/O error with the action and path it concerns.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

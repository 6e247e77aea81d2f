//! Running stages: the run context, the output folder's life cycle and the
//! run report. This is the only code that knows where files go.
//!
//! A run never writes into the output folder directly. It takes a lock beside
//! it, fills a staging folder beside it (starting from hard links to the
//! previous output, so stages not run keep their tables), and swaps the
//! staging folder in only when every stage has succeeded. A failed run leaves
//! the previous output exactly as it was.

mod manifest;
pub mod memory;
mod progress;
mod stage;

pub use manifest::{InputFile, Manifest, StageReport, StageStatus};
pub use progress::Progress;
pub use stage::{Stage, TableCounts};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::tables::io::parquet_path;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a stage gets to work with.
pub struct Context<'a> {
    /// The resolved configuration.
    pub config: &'a Config,
    /// The folder the stage reads its tables from and writes its tables to.
    pub dir: &'a Path,
    /// Progress display (hidden for cron and --quiet).
    pub progress: &'a Progress,
}

/// The outcome of a run, for the summary and the exit status.
#[derive(Debug)]
pub struct RunReport {
    /// The manifest written to the output folder.
    pub manifest: Manifest,
    /// Where the output went.
    pub output: PathBuf,
}

/// Runs `stages` (in order) under `config`, swapping the result into the output folder.
pub fn run(config: &Config, stages: &[Stage]) -> Result<RunReport> {
    let started = Instant::now();
    let output = config.output().to_path_buf();
    let inputs = if stages.contains(&Stage::Ingest) {
        list_inputs(config.inputs())?
    } else {
        Vec::new()
    };
    let parent = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
    let _lock = OutputLock::acquire(&output)?;

    let staging = tempfile::Builder::new()
        .prefix(&format!(".{}.staging-", file_name(&output)))
        .tempdir_in(&parent)
        .map_err(|e| Error::io("create staging folder in", &parent, e))?;
    link_previous_output(&output, staging.path())?;
    let previous = Manifest::read(&output);

    let progress = Progress::new(config.show_progress);
    let context = Context {
        config,
        dir: staging.path(),
        progress: &progress,
    };
    let mut reports = Vec::new();
    let mut table_rows: BTreeMap<String, u64> = previous
        .as_ref()
        .map(|manifest| manifest.tables.clone())
        .unwrap_or_default();
    for &stage in stages {
        for table in stage.reads() {
            let path = parquet_path(staging.path(), table.name);
            if !path.exists() {
                let previous_stage = Stage::producer_of(table.name).unwrap_or(Stage::Ingest);
                return Err(Error::NeedsStage {
                    stage: stage.name(),
                    path: output.join(format!("{}.parquet", table.name)),
                    previous: previous_stage.name(),
                });
            }
        }
        let fingerprint = fingerprint(stage, config, staging.path(), &inputs)?;
        let up_to_date = !config.force
            && previous
                .as_ref()
                .is_some_and(|manifest| manifest.fingerprint_of(stage) == Some(&fingerprint))
            && stage
                .writes()
                .iter()
                .all(|table| parquet_path(staging.path(), table.name).exists());
        if up_to_date {
            reports.push(StageReport {
                stage,
                status: StageStatus::UpToDate,
                seconds: 0.0,
                peak_memory_mib: None,
                fingerprint,
            });
            continue;
        }
        let peak_was_reset = memory::reset_peak();
        let clock = Instant::now();
        let counts = stage.run(&context)?;
        let seconds = clock.elapsed().as_secs_f64();
        for (table, rows) in counts {
            table_rows.insert(table.to_string(), rows);
        }
        reports.push(StageReport {
            stage,
            status: StageStatus::Ran,
            seconds,
            // Without the reset the reading would be the whole process's
            // peak so far, not the stage's: better none than a wrong one.
            peak_memory_mib: peak_was_reset.then(memory::peak_mib).flatten(),
            fingerprint,
        });
    }
    progress.clear();

    let manifest = Manifest::new(
        config,
        inputs,
        table_rows,
        reports,
        started.elapsed().as_secs_f64(),
    );
    manifest.write(staging.path())?;
    manifest::write_datapackage(staging.path(), config.with_csv())?;
    swap_into_place(staging.keep(), &output, &parent)?;
    Ok(RunReport { manifest, output })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

/// An exclusive lock on `<output>.lock`, held for the life of the run.
struct OutputLock {
    _file: File,
}

impl OutputLock {
    fn acquire(output: &Path) -> Result<Self> {
        let mut lock_name = output.as_os_str().to_owned();
        lock_name.push(".lock");
        let lock = PathBuf::from(lock_name);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|e| Error::io("open lock file", &lock, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
                output: output.to_path_buf(),
                lock,
            }),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io("lock", &lock, e)),
        }
    }
}

/// Starts the staging folder from the previous output's files: hard links cost
/// nothing, and every table is rewritten through a rename, never in place, so
/// the previous output's files are never changed.
fn link_previous_output(output: &Path, staging: &Path) -> Result<()> {
    let entries = match std::fs::read_dir(output) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("read", output, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read", output, e))?;
        let path = entry.path();
        if !path.is_file() || path.extension().is_some_and(|ext| ext == "part") {
            continue;
        }
        let target = staging.join(entry.file_name());
        if std::fs::hard_link(&path, &target).is_err() {
            std::fs::copy(&path, &target).map_err(|e| Error::io("copy", &path, e))?;
        }
    }
    Ok(())
}

/// Replaces the output folder with the staging folder.
fn swap_into_place(staging: PathBuf, output: &Path, parent: &Path) -> Result<()> {
    if output.exists() {
        let retired = parent.join(format!(".{}.old-{}", file_name(output), std::process::id()));
        std::fs::rename(output, &retired).map_err(|e| Error::io("move aside", output, e))?;
        if let Err(e) = std::fs::rename(&staging, output) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&retired, output);
            return Err(Error::io("move into place", &staging, e));
        }
        std::fs::remove_dir_all(&retired).map_err(|e| Error::io("remove", &retired, e))?;
    } else {
        std::fs::rename(&staging, output).map_err(|e| Error::io("move into place", &staging, e))?;
    }
    Ok(())
}

/// Every input file below the input paths, sorted, with its size and hash.
fn list_inputs(inputs: &[PathBuf]) -> Result<Vec<InputFile>> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for input in inputs {
        if !input.exists() {
            return Err(Error::MissingInput {
                path: input.clone(),
            });
        }
        walk(input, &mut files)?;
    }
    files
        .into_par_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
            Ok(InputFile {
                path,
                bytes: bytes.len() as u64,
                sha256: hex_sha256(&bytes),
            })
        })
        .collect()
}

fn walk(path: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries = std::fs::read_dir(path)
        .map_err(|e| Error::io("read folder", path, e))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| Error::io("read folder", path, e))?;
    entries.sort();
    for entry in entries {
        let hidden = entry
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if !hidden {
            walk(&entry, files)?;
        }
    }
    Ok(())
}

/// Hex SHA-256 of bytes.
pub fn hex_sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// What decides whether a stage must run again: the program version, the
/// stage's settings, and the content of everything it reads.
fn fingerprint(stage: Stage, config: &Config, dir: &Path, inputs: &[InputFile]) -> Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(program_identity());
    hasher.update(stage.name());
    hasher.update(stage.settings_json(config).to_string());
    if stage == Stage::Ingest {
        for input in inputs {
            hasher.update(input.path.to_string_lossy().as_bytes());
            hasher.update(&input.sha256);
        }
    }
    for table in stage.reads() {
        let path = parquet_path(dir, table.name);
        let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
        hasher.update(table.name);
        hasher.update(Sha256::digest(&bytes));
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// The program's identity for the up-to-date check: its version and the size
/// and modification time of its executable, so that a rebuilt binary reruns
/// every stage. Metadata rather than a hash of the file: a debug build's
/// executable runs to hundreds of megabytes, and hashing it on every run cost
/// more than the run.
fn program_identity() -> &'static str {
    static IDENTITY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    IDENTITY.get_or_init(|| {
        let stamp = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|meta| {
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}-{modified}", meta.len())
            })
            .unwrap_or_default();
        format!("{}+{stamp}", env!("CARGO_PKG_VERSION"))
    })
}

/// The one-screen summary printed after a run at a terminal.
pub fn summary(report: &RunReport) -> String {
    let manifest = &report.manifest;
    let mut out = format!(
        "parallax {} → {}\n",
        manifest.version,
        report.output.display()
    );
    for stage in &manifest.stages {
        let status = match stage.status {
            StageStatus::Ran => match stage.peak_memory_mib {
                Some(peak) => format!("{:>8.2} s  peak {peak:.0} MiB", stage.seconds),
                None => format!("{:>8.2} s", stage.seconds),
            },
            StageStatus::UpToDate => "up to date, skipped".to_string(),
        };
        out.push_str(&format!("  {:<10} {status}\n", stage.stage.name()));
    }
    out.push_str("  rows:");
    for (table, rows) in &manifest.tables {
        out.push_str(&format!(" {table} {rows} ·"));
    }
    out.pop();
    out.push('\n');
    let rejects = manifest.tables.get("rejects").copied().unwrap_or(0);
    if rejects > 0 {
        out.push_str(&format!(
            "  {rejects} input(s) rejected: see {}\n",
            report.output.join("rejects.csv").display()
        ));
    }
    out.push_str(&format!("  total {:.2} s\n", manifest.seconds));
    out
}

//! The pipeline file (TOML) and the command line resolved into one `Config`,
//! validated before any work starts. Unknown keys are an error, so a typo in
//! a nightly job's pipeline file fails loudly instead of being ignored.
//! Relative paths in the pipeline file are relative to the current folder.

use crate::error::{Error, Result};
use crate::stages::ingest_read::FieldNames;
use crate::text::numbers::ClaimSettings;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The pipeline file as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PipelineFile {
    /// What to read and where to write.
    pub run: RunSection,
    /// How inputs are read.
    pub ingest: IngestSettings,
    /// How numbers are read and normalised.
    pub claims: ClaimSettings,
    /// How claims are compared across outlets.
    pub claim_groups: ClaimGroupSettings,
    /// How terms are counted and compared.
    pub terms: TermSettings,
}

/// `[run]`: inputs, output and formats.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunSection {
    /// Input files or folders.
    pub input: Vec<PathBuf>,
    /// The output folder.
    pub output: PathBuf,
    /// Table formats: `parquet` (always written: stages read it back) and `csv`.
    pub formats: Vec<String>,
}

impl Default for RunSection {
    fn default() -> Self {
        Self {
            input: vec![PathBuf::from("seeds")],
            output: PathBuf::from("output"),
            formats: vec!["parquet".into(), "csv".into()],
        }
    }
}

/// `[ingest]`: record field names and the default event.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestSettings {
    /// The event of documents whose input names none; when unset, the name of
    /// the single input folder or file ("seeds"), or "default" for several.
    pub default_event: Option<String>,
    /// Field names of JSONL/CSV records.
    pub fields: FieldNames,
}

/// `[claim_groups]`: how strictly outlets must agree.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClaimGroupSettings {
    /// Relative tolerance added to each claim's interval before testing overlap (0.05 = 5%).
    pub tolerance: f64,
}

impl Default for ClaimGroupSettings {
    fn default() -> Self {
        Self { tolerance: 0.0 }
    }
}

/// `[terms]`: term statistics.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TermSettings {
    /// Terms an outlet used fewer times than this are left out of term_stats.
    pub min_count: u64,
    /// Strength of the informative Dirichlet prior: a term's prior pseudo-count is
    /// this times the term's count over the whole run (Monroe et al. 2008).
    pub prior_scale: f64,
}

impl Default for TermSettings {
    fn default() -> Self {
        Self {
            min_count: 1,
            prior_scale: 0.01,
        }
    }
}

/// Everything a run needs, resolved and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The pipeline file it came from.
    pub pipeline_path: PathBuf,
    /// The pipeline, with the command line's overrides applied.
    pub pipeline: PipelineFile,
    /// Run stages even when up to date.
    pub force: bool,
    /// Worker threads; None for one per core.
    pub jobs: Option<usize>,
    /// Show progress and the summary.
    pub show_progress: bool,
    /// Rejects make the run fail.
    pub strict: bool,
}

impl Config {
    /// The input paths.
    pub fn inputs(&self) -> &[PathBuf] {
        &self.pipeline.run.input
    }

    /// The output folder.
    pub fn output(&self) -> &Path {
        &self.pipeline.run.output
    }

    /// Whether CSV copies are written.
    pub fn with_csv(&self) -> bool {
        self.pipeline.run.formats.iter().any(|f| f == "csv")
    }
}

/// Reads and checks a pipeline file.
pub fn load_pipeline(path: &Path) -> Result<PipelineFile> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Pipeline {
        path: path.to_path_buf(),
        detail: format!("cannot be read ({e})"),
    })?;
    let pipeline: PipelineFile = toml::from_str(&text).map_err(|e| Error::Pipeline {
        path: path.to_path_buf(),
        detail: e.message().to_string(),
    })?;
    validate(&pipeline).map_err(|detail| Error::Pipeline {
        path: path.to_path_buf(),
        detail,
    })?;
    Ok(pipeline)
}

fn validate(pipeline: &PipelineFile) -> Result<(), String> {
    for format in &pipeline.run.formats {
        if format != "parquet" && format != "csv" {
            return Err(format!(
                "[run] formats: unknown format `{format}` (use \"parquet\" and \"csv\")"
            ));
        }
    }
    if pipeline.run.output.as_os_str().is_empty() {
        return Err("[run] output must not be empty".into());
    }
    if !(0.0..1.0).contains(&pipeline.claims.approx_tolerance) {
        return Err("[claims] approx_tolerance must be at least 0 and below 1".into());
    }
    if !(0.0..1.0).contains(&pipeline.claim_groups.tolerance) {
        return Err("[claim_groups] tolerance must be at least 0 and below 1".into());
    }
    if pipeline.terms.prior_scale <= 0.0 {
        return Err("[terms] prior_scale must be above 0".into());
    }
    Ok(())
}

/// The command line's part of a run.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// --input, repeatable.
    pub inputs: Vec<PathBuf>,
    /// --output.
    pub output: Option<PathBuf>,
    /// --force.
    pub force: bool,
    /// --jobs.
    pub jobs: Option<usize>,
    /// --quiet.
    pub quiet: bool,
    /// --strict.
    pub strict: bool,
}

/// The pipeline file with the command line applied on top.
pub fn resolve(pipeline_path: &Path, overrides: Overrides) -> Result<Config> {
    let mut pipeline = load_pipeline(pipeline_path)?;
    if !overrides.inputs.is_empty() {
        pipeline.run.input = overrides.inputs;
    }
    if let Some(output) = overrides.output {
        pipeline.run.output = output;
    }
    if overrides.jobs == Some(0) {
        return Err(Error::Usage {
            detail: "--jobs must be at least 1".into(),
        });
    }
    // Progress bars and the summary are for people at a terminal; cron gets errors only.
    let show_progress = !overrides.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    Ok(Config {
        pipeline_path: pipeline_path.to_path_buf(),
        pipeline,
        force: overrides.force,
        jobs: overrides.jobs,
        show_progress,
        strict: overrides.strict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_in_the_pipeline_file_are_an_error() {
        let error = toml::from_str::<PipelineFile>("[run]\noutptu = \"x\"\n").expect_err("a typo");
        assert!(error.message().contains("outptu"), "{error}");
    }

    #[test]
    fn the_default_pipeline_file_matches_the_defaults() {
        let shipped = load_pipeline(Path::new("pipelines/default.toml")).expect("ships valid");
        assert_eq!(shipped.run.output, PathBuf::from("output"));
        assert_eq!(shipped.run.input, vec![PathBuf::from("seeds")]);
    }
}

//! `manifest.json` (what ran, on what, with which settings, producing how many
//! rows) and `datapackage.json` (a Frictionless data package describing every
//! table, generated from the table declarations).

use super::Stage;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::tables::schema::ALL_TABLES;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An input file and its content hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputFile {
    /// The path as given or found by walking.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
}

/// Whether a stage ran in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    /// It ran.
    Ran,
    /// Its inputs, settings and program were unchanged, so its tables were kept.
    UpToDate,
}

/// One stage's line in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StageReport {
    /// The stage.
    #[serde(with = "stage_name")]
    pub stage: Stage,
    /// Ran or kept.
    pub status: StageStatus,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The process's highest resident memory while the stage ran, in MiB
    /// (Linux's VmHWM, set back at the stage's start): memory the process
    /// kept from earlier stages of the same run counts too. None for a
    /// stage kept up to date, or where the system does not tell.
    #[serde(default)]
    pub peak_memory_mib: Option<f64>,
    /// What the up-to-date check compares.
    pub fingerprint: String,
}

mod stage_name {
    use super::Stage;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(stage: &Stage, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(stage.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Stage, D::Error> {
        let name = String::deserialize(deserializer)?;
        Stage::ALL
            .into_iter()
            .find(|stage| stage.name() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown stage {name}")))
    }
}

/// The record of a run, written as `manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// A name for this run: its start time and process id.
    pub run_id: String,
    /// When the run started (RFC 3339, UTC).
    pub started_at: String,
    /// The parallax version.
    pub version: String,
    /// The pipeline file and the resolved configuration.
    pub pipeline_file: PathBuf,
    /// The configuration the run used.
    pub config: serde_json::Value,
    /// The input files with their hashes (when ingest ran).
    pub inputs: Vec<InputFile>,
    /// Rows per table in the output.
    pub tables: BTreeMap<String, u64>,
    /// Each stage's outcome in this run.
    pub stages: Vec<StageReport>,
    /// Seconds for the whole run.
    pub seconds: f64,
}

impl Manifest {
    /// The manifest of a finished run.
    pub fn new(
        config: &Config,
        inputs: Vec<InputFile>,
        tables: BTreeMap<String, u64>,
        stages: Vec<StageReport>,
        seconds: f64,
    ) -> Self {
        let now = std::time::SystemTime::now();
        let started = now - std::time::Duration::from_secs_f64(seconds);
        let started_at = humantime::format_rfc3339_seconds(started).to_string();
        Self {
            run_id: format!("{}-{}", started_at.replace(':', ""), std::process::id()),
            started_at,
            version: env!("CARGO_PKG_VERSION").to_string(),
            pipeline_file: config.pipeline_path.clone(),
            config: serde_json::to_value(&config.pipeline).unwrap_or_default(),
            inputs,
            tables,
            stages,
            seconds,
        }
    }

    /// The previous run's manifest in `output`, if there is a readable one.
    pub fn read(output: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(output.join("manifest.json")).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// The fingerprint the stage had when it last ran or was kept.
    pub fn fingerprint_of(&self, stage: Stage) -> Option<&String> {
        self.stages
            .iter()
            .rev()
            .find(|report| report.stage == stage)
            .map(|report| &report.fingerprint)
    }

    /// Writes `manifest.json` into `dir`, keeping the fingerprints of stages not run this time.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let mut manifest = self.clone();
        if let Some(previous) = Manifest::read(dir) {
            for report in previous.stages {
                if !manifest.stages.iter().any(|r| r.stage == report.stage) {
                    manifest.stages.push(StageReport {
                        status: StageStatus::UpToDate,
                        seconds: 0.0,
                        peak_memory_mib: None,
                        ..report
                    });
                }
            }
            manifest.stages.sort_by_key(|report| report.stage);
            if manifest.inputs.is_empty() {
                manifest.inputs = previous.inputs;
            }
        }
        write_json(&dir.join("manifest.json"), &manifest)
    }
}

/// Writes JSON beside the target and renames it over: the staging folder holds
/// hard links to the previous output, which must never be written through.
fn write_json(path: &Path, value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("manifest values always serialise");
    let part = path.with_extension("json.part");
    std::fs::write(&part, text + "\n").map_err(|e| Error::io("write", &part, e))?;
    std::fs::rename(&part, path).map_err(|e| Error::io("rename", &part, e))
}

/// Writes `datapackage.json`: every table as a Frictionless resource.
pub fn write_datapackage(dir: &Path, with_csv: bool) -> Result<()> {
    let resources: Vec<serde_json::Value> = ALL_TABLES
        .iter()
        .filter(|table| dir.join(format!("{}.parquet", table.name)).exists())
        .flat_map(|table| {
            let fields: Vec<serde_json::Value> = table
                .columns
                .iter()
                .map(|column| {
                    serde_json::json!({
                        "name": column.name,
                        "type": column.kind.frictionless_type(),
                        "description": column.doc.trim(),
                        "constraints": { "required": !column.nullable },
                    })
                })
                .collect();
            let schema = serde_json::json!({ "fields": fields, "primaryKey": table.key });
            let mut resources = vec![serde_json::json!({
                "name": table.name,
                "path": format!("{}.parquet", table.name),
                "format": "parquet",
                "description": table.doc,
                "schema": schema,
            })];
            if with_csv {
                resources.push(serde_json::json!({
                    "name": format!("{}_csv", table.name),
                    "path": format!("{}.csv", table.name),
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "description": format!("{} (CSV; list columns as JSON arrays)", table.doc),
                    "schema": schema,
                }));
            }
            resources
        })
        .collect();
    let package = serde_json::json!({
        "profile": "data-package",
        "name": "parallax-output",
        "title": "parallax: news articles about one event, as tables",
        "resources": resources,
    });
    write_json(&dir.join("datapackage.json"), &package)
}

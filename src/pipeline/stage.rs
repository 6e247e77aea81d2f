//! The closed set of stages, in run order, with what each reads and writes.
//! Adding a stage breaks every match here, which is where it must be wired.

use crate::error::Result;
use crate::pipeline::Context;
use crate::stages;
use crate::tables::TableInfo;
use crate::tables::schema::*;

/// A stage of the pipeline; the declaration order is the run order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Inputs into documents and rejects.
    Ingest,
    /// Documents into sentences and tokens.
    Tokenise,
    /// Quotes, person mentions and claims per document.
    Extract,
    /// Canonical speakers and people across outlets.
    Normalise,
    /// Statistics and groups across outlets (the barrier).
    Aggregate,
}

/// The rows a stage wrote, per table.
pub type TableCounts = Vec<(&'static str, u64)>;

impl Stage {
    /// Every stage in run order.
    pub const ALL: [Stage; 5] = [
        Stage::Ingest,
        Stage::Tokenise,
        Stage::Extract,
        Stage::Normalise,
        Stage::Aggregate,
    ];

    /// The stage's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Tokenise => "tokenise",
            Stage::Extract => "extract",
            Stage::Normalise => "normalise",
            Stage::Aggregate => "aggregate",
        }
    }

    /// The persisted tables the stage reads (ingest reads the input files instead).
    pub fn reads(self) -> Vec<TableInfo> {
        match self {
            Stage::Ingest => vec![],
            Stage::Tokenise => vec![DOCUMENTS.info()],
            Stage::Extract => vec![DOCUMENTS.info(), SENTENCES.info()],
            Stage::Normalise => vec![DOCUMENTS.info(), RAW_QUOTES.info(), MENTIONS.info()],
            Stage::Aggregate => vec![
                DOCUMENTS.info(),
                SENTENCES.info(),
                TOKENS.info(),
                QUOTES.info(),
                CLAIMS.info(),
            ],
        }
    }

    /// The tables the stage writes.
    pub fn writes(self) -> Vec<TableInfo> {
        match self {
            Stage::Ingest => vec![DOCUMENTS.info(), REJECTS.info()],
            Stage::Tokenise => vec![SENTENCES.info(), TOKENS.info()],
            Stage::Extract => vec![RAW_QUOTES.info(), MENTIONS.info(), CLAIMS.info()],
            Stage::Normalise => vec![QUOTES.info(), PEOPLE.info()],
            Stage::Aggregate => vec![
                WORD_STATS.info(),
                TERM_STATS.info(),
                QUOTE_GROUPS.info(),
                CLAIM_GROUPS.info(),
            ],
        }
    }

    /// The stage that writes what this one reads first, for error hints.
    pub fn producer_of(table: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.writes().iter().any(|info| info.name == table))
    }

    /// Runs the stage over the context's folder.
    pub fn run(self, context: &Context) -> Result<TableCounts> {
        match self {
            Stage::Ingest => stages::ingest::run(context),
            Stage::Tokenise => stages::tokenise::run(context),
            Stage::Extract => stages::extract::run(context),
            Stage::Normalise => stages::normalise::run(context),
            Stage::Aggregate => stages::aggregate::run(context),
        }
    }

    /// The configuration the stage depends on, for the up-to-date check.
    pub fn settings_json(self, config: &crate::config::Config) -> serde_json::Value {
        let pipeline = &config.pipeline;
        match self {
            Stage::Ingest => serde_json::json!({
                "inputs": pipeline.run.input, "ingest": pipeline.ingest, "formats": pipeline.run.formats,
            }),
            Stage::Tokenise => serde_json::json!({ "formats": pipeline.run.formats }),
            Stage::Extract => {
                serde_json::json!({ "claims": pipeline.claims, "formats": pipeline.run.formats })
            }
            Stage::Normalise => serde_json::json!({ "formats": pipeline.run.formats }),
            Stage::Aggregate => serde_json::json!({
                "claim_groups": pipeline.claim_groups, "terms": pipeline.terms, "formats": pipeline.run.formats,
            }),
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

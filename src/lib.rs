//! parallax turns news articles about one event, from many outlets, into
//! analytical tables. The pipeline, stage by stage (`src/stages/`), each
//! reading the tables the stage before persisted in the output folder:
//!
//! 1. **ingest** reads the input files (text, Markdown, JSONL, CSV, gzipped or
//!    not, any detectable encoding) and writes `documents` and `rejects`.
//! 2. **tokenise** reads `documents` and writes `sentences` and `tokens`
//!    (`text::segment`).
//! 3. **extract** reads `documents` and `sentences` and writes `raw_quotes`,
//!    `mentions` and `claims` (`text::quotes`, `text::people`, `text::numbers`).
//! 4. **normalise** reads `raw_quotes` and `mentions` and writes `quotes`
//!    (canonical speakers) and `people`.
//! 5. **aggregate** reads `documents`, `sentences`, `tokens`, `quotes` and
//!    `claims` and writes `word_stats`, `term_stats`, `quote_groups` and
//!    `claim_groups` (polars).
//!
//! Every table is declared once in `tables::schema`. A run writes to a
//! staging folder and swaps it in on success (`pipeline`).

pub mod allocator;
pub mod bench;
pub mod cli;
pub mod config;
pub mod error;
pub mod inspect;
pub mod pipeline;
pub mod stages;
pub mod tables;
pub mod text;

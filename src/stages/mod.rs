//! One module per stage. Each is a thin `run(&Context)` shell that reads
//! tables, maps pure per-document functions over them in parallel (in order),
//! and writes its tables; the domain logic lives in `crate::text`.

pub mod aggregate;
pub mod extract;
pub mod ingest;
pub mod ingest_read;
pub mod normalise;
pub mod tokenise;

use crate::error::Result;
use crate::pipeline::Context;
use crate::tables::io::{RowBatches, open_table_batched};
use crate::tables::{Row, Table};

/// Documents per batch in per-document stages: enough to keep every core
/// busy, few enough that memory stays flat however large the corpus.
pub const DOCUMENTS_PER_BATCH: usize = 512;

/// Opens a table a stage needs; the pipeline checked that it exists.
pub fn open_required<R: Row>(
    context: &Context,
    table: &Table<R>,
    rows_per_batch: usize,
) -> Result<RowBatches<R>> {
    open_table_batched(table, context.dir, rows_per_batch)?.ok_or_else(|| {
        crate::error::Error::NeedsStage {
            stage: "this stage",
            path: crate::tables::io::parquet_path(context.dir, table.name),
            previous: crate::pipeline::Stage::producer_of(table.name)
                .map_or("all", |stage| stage.name()),
        }
    })
}

/// Rows in a table's Parquet file, from its footer, for progress bars.
pub fn row_count<R: Row>(context: &Context, table: &Table<R>) -> u64 {
    crate::tables::io::parquet_rows(&crate::tables::io::parquet_path(context.dir, table.name))
        .unwrap_or(0)
}

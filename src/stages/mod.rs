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
use crate::tables::io::{
    BATCH_TEXT_BYTES, RowBatches, column_max_u64, open_table_batched, parquet_path,
};
use crate::tables::schema::{self, DOCUMENTS, DocumentRow};
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

/// Opens the documents table for a per-document stage, `DOCUMENTS_PER_BATCH`
/// documents at a time, or fewer when the documents are very long.
pub fn open_documents(context: &Context) -> Result<RowBatches<DocumentRow>> {
    open_required(
        context,
        &DOCUMENTS,
        rows_per_batch(context, DOCUMENTS_PER_BATCH),
    )
}

/// Rows per batch for reading a table whose text cells are each at most a
/// document long: `most`, or fewer when the longest document is so long
/// that a batch could hold more than `BATCH_TEXT_BYTES` of text (a string
/// column of a record batch holds at most 2 GiB, and memory follows the
/// batch). The longest document comes from the documents table's footer.
pub fn rows_per_batch(context: &Context, most: usize) -> usize {
    let path = parquet_path(context.dir, DOCUMENTS.name);
    // parallax writes statistics for every number column; a documents table
    // without them (written by something else) is read as before.
    let longest = column_max_u64(&path, schema::documents_cols::n_chars).unwrap_or(0);
    rows_within_text_budget(longest, most)
}

/// `most`, or as many cells of `longest_chars` characters (each at most four
/// bytes of UTF-8) as fit in `BATCH_TEXT_BYTES`, at least one.
fn rows_within_text_budget(longest_chars: u64, most: usize) -> usize {
    let longest_bytes = longest_chars.saturating_mul(4).max(1);
    (BATCH_TEXT_BYTES as u64 / longest_bytes).clamp(1, most as u64) as usize
}

/// Rows in a table's Parquet file, from its footer, for progress bars.
pub fn row_count<R: Row>(context: &Context, table: &Table<R>) -> u64 {
    crate::tables::io::parquet_rows(&parquet_path(context.dir, table.name)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::ingest_read::document_from_text;
    use crate::tables::io::write_table;

    #[test]
    fn long_documents_come_fewer_to_a_batch() {
        let most = DOCUMENTS_PER_BATCH;
        assert_eq!(rows_within_text_budget(0, most), most);
        assert_eq!(rows_within_text_budget(30_000, most), most);
        // 64 MiB of text, as much as ingest admits: one document at a time.
        assert_eq!(rows_within_text_budget(64 << 20, most), 1);
        assert_eq!(rows_within_text_budget(8 << 20, most), 8);
        assert_eq!(rows_within_text_budget(u64::MAX, most), 1);
        assert_eq!(rows_within_text_budget(30_000, 8192), 2236);
    }

    /// The longest document is read from the footer's statistics.
    #[test]
    fn the_longest_document_is_known_without_reading_the_texts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let documents: Vec<DocumentRow> =
            [("a", "Short."), ("b", "Somewhat longer, é."), ("c", "Mid.")]
                .into_iter()
                .map(|(id, text)| DocumentRow::from(document_from_text(id, "e", text)))
                .collect();
        write_table(&DOCUMENTS, dir.path(), false, documents).expect("write");
        let path = parquet_path(dir.path(), DOCUMENTS.name);
        assert_eq!(
            column_max_u64(&path, schema::documents_cols::n_chars),
            Some(19)
        );
        assert_eq!(column_max_u64(&path, "no such column"), None);
        assert_eq!(
            column_max_u64(&dir.path().join("missing.parquet"), "n_chars"),
            None
        );
    }
}

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
    BATCH_TEXT_BYTES, RowBatches, open_table_batched, parquet_path, row_group_max_u64,
};
use crate::tables::schema::{self, DOCUMENTS, DocumentRow};
use crate::tables::{Row, Table};
use parquet::file::metadata::RowGroupMetaData;

/// Documents per batch in per-document stages: enough to keep every core
/// busy, few enough that memory stays flat however large the corpus.
pub const DOCUMENTS_PER_BATCH: usize = 512;

/// Opens a table a stage needs, each row group in batches of
/// `batch_rows(row group)` rows; the pipeline checked that it exists.
pub fn open_required<R: Row>(
    context: &Context,
    table: &Table<R>,
    batch_rows: impl Fn(&RowGroupMetaData) -> usize,
) -> Result<RowBatches<R>> {
    open_table_batched(table, context.dir, batch_rows)?.ok_or_else(|| {
        crate::error::Error::NeedsStage {
            stage: "this stage",
            path: crate::tables::io::parquet_path(context.dir, table.name),
            previous: crate::pipeline::Stage::producer_of(table.name)
                .map_or("all", |stage| stage.name()),
        }
    })
}

/// Opens the documents table for a per-document stage, `DOCUMENTS_PER_BATCH`
/// documents at a time, or fewer from a row group of very long documents.
pub fn open_documents(context: &Context) -> Result<RowBatches<DocumentRow>> {
    open_required(
        context,
        &DOCUMENTS,
        rows_within_text_budget(schema::documents_cols::n_chars, DOCUMENTS_PER_BATCH),
    )
}

/// Rows per batch for each row group of a table whose text cells are each
/// at most as many characters as `chars_column` holds in the row group
/// (documents' `n_chars`; sentences' `char_end`, which bounds a sentence's
/// length as it bounds where it ends): `most`, or fewer when a batch could
/// hold more than `BATCH_TEXT_BYTES` of text (a string column of a record
/// batch holds at most 2 GiB, and memory follows the batch). The bound comes
/// from the row group's statistics in the footer; a table without them
/// (written by something else) is read `most` rows at a time, as before.
pub fn rows_within_text_budget(
    chars_column: &'static str,
    most: usize,
) -> impl Fn(&RowGroupMetaData) -> usize {
    move |row_group| {
        let longest = row_group_max_u64(row_group, chars_column).unwrap_or(0);
        rows_for_longest(longest, most)
    }
}

/// `most`, or as many cells of `longest_chars` characters (each at most four
/// bytes of UTF-8) as fit in `BATCH_TEXT_BYTES`, at least one.
fn rows_for_longest(longest_chars: u64, most: usize) -> usize {
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

    #[test]
    fn long_documents_come_fewer_to_a_batch() {
        let most = DOCUMENTS_PER_BATCH;
        assert_eq!(rows_for_longest(0, most), most);
        assert_eq!(rows_for_longest(30_000, most), most);
        // 64 MiB of text, as much as ingest admits: one document at a time.
        assert_eq!(rows_for_longest(64 << 20, most), 1);
        assert_eq!(rows_for_longest(8 << 20, most), 8);
        assert_eq!(rows_for_longest(u64::MAX, most), 1);
        assert_eq!(rows_for_longest(30_000, 8192), 2236);
    }

    /// Each row group is batched by its own longest document, read from
    /// the footer's statistics: one very long document makes only its own
    /// row group come a document at a time.
    #[test]
    fn each_row_group_is_batched_by_its_own_longest_document() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Row groups of two documents; the third claims 64 MiB of text
        // (the statistics, not the text, decide the batches).
        let documents: Vec<DocumentRow> = ["a", "b", "c", "d", "e", "f"]
            .into_iter()
            .map(|id| {
                let mut row = DocumentRow::from(document_from_text(id, "e", "Short."));
                if id == "c" {
                    row.n_chars = 64 << 20;
                }
                row
            })
            .collect();
        let batch = arrow::record_batch::RecordBatch::try_new(
            DocumentRow::arrow_schema(),
            DocumentRow::to_arrays(&documents),
        )
        .expect("a batch");
        let file = std::fs::File::create(dir.path().join("documents.parquet")).expect("file");
        let properties = parquet::file::properties::WriterProperties::builder()
            .set_max_row_group_row_count(Some(2))
            .build();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(properties))
                .expect("writer");
        writer.write(&batch).expect("written");
        writer.close().expect("closed");

        let sizes: Vec<usize> = open_table_batched(
            &DOCUMENTS,
            dir.path(),
            rows_within_text_budget(schema::documents_cols::n_chars, DOCUMENTS_PER_BATCH),
        )
        .expect("readable")
        .expect("present")
        .map(|batch| batch.expect("rows").len())
        .collect();
        assert_eq!(sizes, vec![2, 1, 1, 2]);

        // Without statistics for the column, every row group takes `most`.
        let sizes: Vec<usize> = open_table_batched(
            &DOCUMENTS,
            dir.path(),
            rows_within_text_budget("no such column", 3),
        )
        .expect("readable")
        .expect("present")
        .map(|batch| batch.expect("rows").len())
        .collect();
        assert_eq!(sizes, vec![2, 2, 2]);
    }
}

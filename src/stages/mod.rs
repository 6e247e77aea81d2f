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
use crate::tables::io::{BATCH_TEXT_BYTES, RowBatches, open_table_batched, row_group_max_u64};
use crate::tables::schema::{self, DOCUMENTS, DocumentRow};
use crate::tables::{Row, Table};
use parquet::file::metadata::RowGroupMetaData;

/// Documents per batch in per-document stages: 32 for each core of the run
/// (two of tokenise's tasks of 16 a core), at least 64. Enough to keep every
/// core busy; few enough that memory stays flat however large the corpus,
/// and that the first batch, read on one core before anything else can
/// run, is short. At 256 documents that read took about a tenth of
/// tokenise on BASIL: at 64, its median over 20 alternated runs went from
/// 0.047 to 0.044 s (BBC's stayed at 0.163 s, extract's did not change).
pub fn documents_per_batch() -> usize {
    (32 * rayon::current_num_threads()).max(64)
}

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

/// Opens the documents table for a per-document stage, `documents_per_batch()`
/// documents at a time, or fewer from a row group of very long documents.
pub fn open_documents(context: &Context) -> Result<RowBatches<DocumentRow>> {
    open_required(
        context,
        &DOCUMENTS,
        rows_within_text_budget(schema::documents_cols::n_chars, documents_per_batch()),
    )
}

/// Rows per batch for each row group of a table whose text cells are each
/// at most as many characters as `chars_column` holds in the row group
/// (documents' `n_chars`; sentences' `char_end`, which bounds a sentence's
/// length as it bounds where it ends): `most`, or fewer when a batch could
/// hold more than `BATCH_TEXT_BYTES` of text (a string column of a record
/// batch holds at most 2 GiB, and memory follows the batch). The bound comes
/// from the row group's statistics in the footer; for a table without them
/// (written by something else), from the row group's whole size, which no
/// cell can pass.
pub fn rows_within_text_budget(
    chars_column: &'static str,
    most: usize,
) -> impl Fn(&RowGroupMetaData) -> usize {
    move |row_group| match row_group_max_u64(row_group, chars_column) {
        Some(longest_chars) => rows_for_longest(longest_chars, most),
        None => {
            let group_bytes = u64::try_from(row_group.total_byte_size()).unwrap_or(u64::MAX);
            rows_for_bytes(group_bytes, most)
        }
    }
}

/// `most`, or as many cells of at most `cell_bytes` as fit in
/// `BATCH_TEXT_BYTES`, at least one.
fn rows_for_bytes(cell_bytes: u64, most: usize) -> usize {
    (BATCH_TEXT_BYTES as u64 / cell_bytes.max(1)).clamp(1, most as u64) as usize
}

/// `most`, or as many cells of `longest_chars` characters (each at most four
/// bytes of UTF-8) as fit in `BATCH_TEXT_BYTES`, at least one.
fn rows_for_longest(longest_chars: u64, most: usize) -> usize {
    rows_for_bytes(longest_chars.saturating_mul(4), most)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::ingest_read::document_from_text;
    use crate::tables::io::parquet_path;

    #[test]
    fn long_documents_come_fewer_to_a_batch() {
        let most = documents_per_batch();
        assert_eq!(rows_for_longest(0, most), most);
        assert_eq!(rows_for_longest(30_000, most), most);
        // 64 MiB of text, as much as ingest admits: one document at a time.
        assert_eq!(rows_for_longest(64 << 20, most), 1);
        assert_eq!(rows_for_longest(8 << 20, most), 8);
        assert_eq!(rows_for_longest(u64::MAX, most), 1);
        assert_eq!(rows_for_longest(30_000, 8192), 2236);
    }

    /// Our writer gives a document too long to share a row group a row
    /// group of its own, and each row group is batched by its own longest
    /// document (from the footer's statistics, or without them from the row
    /// group's size): one long document makes only its own row group come a
    /// document at a time.
    #[test]
    fn each_row_group_is_batched_by_its_own_longest_document() {
        let dir = tempfile::tempdir().expect("temp dir");
        // "c" is longer than a row group's text (its other cells are those
        // of a short document: only its text and length matter here).
        let documents: Vec<DocumentRow> = ["a", "b", "c", "d", "e", "f", "g", "h"]
            .into_iter()
            .map(|id| {
                let mut row = DocumentRow::from(document_from_text(id, "e", "Short."));
                if id == "c" {
                    row.text = "word ".repeat(3_400_000);
                    row.n_chars = row.text.len() as u64;
                }
                row
            })
            .collect();
        crate::tables::io::write_table(&DOCUMENTS, dir.path(), false, documents).expect("write");
        let path = parquet_path(dir.path(), DOCUMENTS.name);
        let file = std::fs::File::open(&path).expect("written");
        let footer = parquet::file::reader::SerializedFileReader::new(file).expect("parquet");
        let rows: Vec<i64> = parquet::file::reader::FileReader::metadata(&footer)
            .row_groups()
            .iter()
            .map(|row_group| row_group.num_rows())
            .collect();
        assert_eq!(rows, vec![2, 1, 5]);

        let batch_sizes = |batch_rows| -> Vec<usize> {
            open_table_batched(&DOCUMENTS, dir.path(), batch_rows)
                .expect("readable")
                .expect("present")
                .map(|batch| batch.expect("rows").len())
                .collect()
        };
        // 17 million characters: three such documents to a batch, and the
        // row group holds one; the others come whole.
        let by_statistics =
            rows_within_text_budget(schema::documents_cols::n_chars, documents_per_batch());
        assert_eq!(batch_sizes(by_statistics), vec![2, 1, 5]);
        // Without statistics for the column, the row groups' sizes bound
        // the cells; at most three rows a batch here.
        let by_size = rows_within_text_budget("no such column", 3);
        assert_eq!(batch_sizes(by_size), vec![2, 1, 3, 2]);
        assert_eq!(rows_for_bytes(BATCH_TEXT_BYTES as u64 / 2, 512), 2);
        assert_eq!(rows_for_bytes(0, 512), 512);
    }
}

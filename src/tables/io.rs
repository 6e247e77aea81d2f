//! Reading and writing tables. A table is always written as Parquet (the
//! format the stages read back) and, when the pipeline asks, as CSV; both go
//! to `<name>.<ext>.part` first and are renamed into place when complete, so a
//! reader never sees half a table. Reading streams record batches, so a stage
//! can walk a table document by document without holding it whole.

use super::{Row, Table};
use crate::error::{Error, Result};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Rows per record batch when reading a table back.
const READ_BATCH_ROWS: usize = 8192;

/// Where a table's files live in a folder.
pub fn parquet_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.parquet"))
}

/// The CSV file of a table in a folder.
pub fn csv_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.csv"))
}

fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

fn format_error(table: &str, error: impl std::fmt::Display) -> Error {
    Error::Format {
        table: table.to_string(),
        detail: error.to_string(),
    }
}

/// Writes one table, batch after batch, to Parquet and optionally CSV.
pub struct TableWriter<R: Row> {
    name: &'static str,
    parquet: ArrowWriter<BufWriter<File>>,
    csv: Option<csv::Writer<BufWriter<File>>>,
    finals: Vec<PathBuf>,
    rows: u64,
    _rows: std::marker::PhantomData<fn(R)>,
}

impl<R: Row> TableWriter<R> {
    /// Starts writing `table` into `dir`.
    pub fn create(table: &Table<R>, dir: &Path, with_csv: bool) -> Result<Self> {
        let parquet_final = parquet_path(dir, table.name);
        let parquet_part = part_path(&parquet_final);
        let file =
            File::create(&parquet_part).map_err(|e| Error::io("create", &parquet_part, e))?;
        // Descriptions also go into the file's key-value metadata, which DuckDB's
        // parquet_kv_metadata() shows; Arrow readers get them from the field metadata.
        let mut key_values = vec![KeyValue::new(
            "parallax.table".to_string(),
            table.doc.to_string(),
        )];
        key_values.extend(R::COLUMNS.iter().map(|column| {
            KeyValue::new(
                format!("parallax.column.{}", column.name),
                column.doc.trim().to_string(),
            )
        }));
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_key_value_metadata(Some(key_values))
            .build();
        let parquet =
            ArrowWriter::try_new(BufWriter::new(file), R::arrow_schema(), Some(properties))
                .map_err(|e| format_error(table.name, e))?;
        let mut finals = vec![parquet_final];
        let csv = if with_csv {
            let csv_final = csv_path(dir, table.name);
            let csv_part = part_path(&csv_final);
            let file = File::create(&csv_part).map_err(|e| Error::io("create", &csv_part, e))?;
            let mut writer = csv::Writer::from_writer(BufWriter::new(file));
            writer
                .write_record(R::COLUMNS.iter().map(|c| c.name))
                .map_err(|e| format_error(table.name, e))?;
            finals.push(csv_final);
            Some(writer)
        } else {
            None
        };
        Ok(Self {
            name: table.name,
            parquet,
            csv,
            finals,
            rows: 0,
            _rows: std::marker::PhantomData,
        })
    }

    /// Appends rows, which must already be in key order after those written before.
    pub fn write(&mut self, rows: &[R]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let name = self.name;
        let parquet = &mut self.parquet;
        let csv = &mut self.csv;
        // Parquet and CSV encode the same rows independently: do both at once.
        let (parquet_result, csv_result) = rayon::join(
            || {
                let batch = arrow::record_batch::RecordBatch::try_new(
                    R::arrow_schema(),
                    R::to_arrays(rows),
                )
                .map_err(|e| format_error(name, e))?;
                parquet.write(&batch).map_err(|e| format_error(name, e))
            },
            || -> Result<()> {
                if let Some(writer) = csv {
                    for row in rows {
                        row.write_csv(writer).map_err(|e| format_error(name, e))?;
                    }
                }
                Ok(())
            },
        );
        parquet_result?;
        csv_result?;
        self.rows += rows.len() as u64;
        Ok(())
    }

    /// Completes the files and moves them into place; returns the number of rows.
    pub fn finish(self) -> Result<u64> {
        let name = self.name;
        self.parquet.close().map_err(|e| format_error(name, e))?;
        if let Some(writer) = self.csv {
            let inner = writer
                .into_inner()
                .map_err(|e| format_error(name, e.error()))?;
            inner
                .into_inner()
                .map_err(|e| format_error(name, e.error()))?;
        }
        for path in &self.finals {
            let part = part_path(path);
            std::fs::rename(&part, path).map_err(|e| Error::io("rename", &part, e))?;
        }
        Ok(self.rows)
    }
}

/// Writes a whole table at once, sorting the rows by the declared key first.
pub fn write_table<R: Row>(
    table: &Table<R>,
    dir: &Path,
    with_csv: bool,
    mut rows: Vec<R>,
) -> Result<u64> {
    R::sort_rows(&mut rows);
    let mut writer = TableWriter::create(table, dir, with_csv)?;
    writer.write(&rows)?;
    writer.finish()
}

/// Streams a table's rows back from its Parquet file, a batch at a time.
pub struct RowBatches<R: Row> {
    name: &'static str,
    reader: ParquetRecordBatchReader,
    _rows: std::marker::PhantomData<fn() -> R>,
}

impl<R: Row> Iterator for RowBatches<R> {
    type Item = Result<Vec<R>>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.reader.next()?;
        Some(
            batch
                .map_err(|e| format_error(self.name, e))
                .and_then(|batch| R::from_batch(&batch, self.name)),
        )
    }
}

/// Opens a table for streaming; None when its file does not exist.
pub fn open_table<R: Row>(table: &Table<R>, dir: &Path) -> Result<Option<RowBatches<R>>> {
    open_table_batched(table, dir, READ_BATCH_ROWS)
}

/// Rows in a Parquet file, from its footer.
pub fn parquet_rows(path: &Path) -> Option<u64> {
    let file = File::open(path).ok()?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).ok()?;
    u64::try_from(builder.metadata().file_metadata().num_rows()).ok()
}

/// Opens a table for streaming `rows_per_batch` rows at a time; None when its file does not exist.
pub fn open_table_batched<R: Row>(
    table: &Table<R>,
    dir: &Path,
    rows_per_batch: usize,
) -> Result<Option<RowBatches<R>>> {
    let path = parquet_path(dir, table.name);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("open", &path, e)),
    };
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|builder| builder.with_batch_size(rows_per_batch).build())
        .map_err(|e| format_error(table.name, e))?;
    Ok(Some(RowBatches {
        name: table.name,
        reader,
        _rows: std::marker::PhantomData,
    }))
}

/// Reads a whole table; None when its file does not exist.
pub fn read_table<R: Row>(table: &Table<R>, dir: &Path) -> Result<Option<Vec<R>>> {
    let Some(batches) = open_table(table, dir)? else {
        return Ok(None);
    };
    let mut rows = Vec::new();
    for batch in batches {
        rows.extend(batch?);
    }
    Ok(Some(rows))
}

/// Walks a table sorted by doc_id alongside the documents, handing out each
/// document's rows in turn without reading the table whole.
pub struct DocCursor<R: Row> {
    batches: Option<RowBatches<R>>,
    pending: std::collections::VecDeque<R>,
    doc_id_of: fn(&R) -> &str,
}

impl<R: Row> DocCursor<R> {
    /// A cursor over `batches`, whose rows name their document through `doc_id_of`.
    pub fn new(batches: RowBatches<R>, doc_id_of: fn(&R) -> &str) -> Self {
        Self {
            batches: Some(batches),
            pending: Default::default(),
            doc_id_of,
        }
    }

    /// The rows of `doc_id`, which must come after every document asked for before.
    pub fn rows_for(&mut self, doc_id: &str) -> Result<Vec<R>> {
        let mut rows = Vec::new();
        loop {
            while let Some(row) = self.pending.front() {
                let row_doc = (self.doc_id_of)(row);
                if row_doc < doc_id {
                    // A row whose document is gone (e.g. a rerun ingest dropped it): skip.
                    self.pending.pop_front();
                } else if row_doc == doc_id {
                    rows.push(self.pending.pop_front().expect("front was just seen"));
                } else {
                    return Ok(rows);
                }
            }
            match self.batches.as_mut().and_then(Iterator::next) {
                Some(batch) => self.pending.extend(batch?),
                None => {
                    self.batches = None;
                    return Ok(rows);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::schema::{CLAIMS, ClaimRow, PEOPLE, PersonRow};
    use proptest::prelude::*;

    fn claim_strategy() -> impl Strategy<Value = ClaimRow> {
        (
            "[a-z0-9_]{1,8}",
            ".{0,20}",
            any::<u32>(),
            any::<u64>(),
            proptest::option::of(any::<f64>().prop_filter("finite", |v| v.is_finite())),
            proptest::option::of("[a-z%]{0,4}"),
            proptest::option::of(-1e12f64..1e12),
        )
            .prop_map(
                |(doc_id, text, sentence_idx, char_start, value, unit, low)| ClaimRow {
                    claim_id: format!("{doc_id}#c0"),
                    doc_id,
                    source: "Fox News, \"quoted\"".into(),
                    sentence_idx,
                    char_start,
                    char_end: char_start.saturating_add(1),
                    text,
                    kind: "duration".into(),
                    value,
                    unit,
                    low,
                    high: None,
                    qualifier: "nearly".into(),
                    subject: Some("news conference".into()),
                    quote_id: None,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn claims_round_trip_through_parquet_and_csv(rows in proptest::collection::vec(claim_strategy(), 0..20)) {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut expected = rows.clone();
            ClaimRow::sort_rows(&mut expected);
            write_table(&CLAIMS, dir.path(), true, rows).expect("write");
            let back = read_table(&CLAIMS, dir.path()).expect("read").expect("exists");
            prop_assert_eq!(&back, &expected);

            let mut reader = csv::Reader::from_path(csv_path(dir.path(), CLAIMS.name)).expect("csv");
            for (record, row) in reader.records().zip(&expected) {
                // The row on its own, as the writer renders it, must read back the same.
                let mut alone = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
                row.write_csv(&mut alone).expect("write in memory");
                let alone = alone.into_inner().expect("flush in memory");
                let single = csv::ReaderBuilder::new().has_headers(false).from_reader(alone.as_slice())
                    .records().next().expect("one record").expect("valid record");
                let record = record.expect("record");
                prop_assert_eq!(record.len(), ClaimRow::COLUMNS.len());
                prop_assert_eq!(record.iter().collect::<Vec<_>>(), single.iter().collect::<Vec<_>>());
                let value: Option<f64> = record.get(8).filter(|v| !v.is_empty()).map(|v| v.parse().expect("float"));
                prop_assert_eq!(value, row.value);
            }
        }

        #[test]
        fn list_columns_round_trip(variants in proptest::collection::vec(".{0,12}", 0..5)) {
            let dir = tempfile::tempdir().expect("temp dir");
            let row = PersonRow { event: "e".into(), source: "s".into(), person: "p".into(), mentions: 3, variants };
            write_table(&PEOPLE, dir.path(), true, vec![row.clone()]).expect("write");
            prop_assert_eq!(read_table(&PEOPLE, dir.path()).expect("read").expect("exists"), vec![row.clone()]);
            let mut reader = csv::Reader::from_path(csv_path(dir.path(), PEOPLE.name)).expect("csv");
            let record = reader.records().next().expect("one row").expect("record");
            let listed: Vec<String> = serde_json::from_str(&record[4]).expect("a JSON list");
            prop_assert_eq!(listed, row.variants);
        }
    }

    #[test]
    fn a_reader_never_sees_a_half_written_table() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = TableWriter::create(&PEOPLE, dir.path(), true).expect("create");
        writer
            .write(&[PersonRow {
                event: "e".into(),
                source: "s".into(),
                person: "p".into(),
                mentions: 1,
                variants: vec![],
            }])
            .expect("write");
        assert!(!parquet_path(dir.path(), PEOPLE.name).exists());
        assert!(read_table(&PEOPLE, dir.path()).expect("read").is_none());
        writer.finish().expect("finish");
        assert_eq!(
            read_table(&PEOPLE, dir.path())
                .expect("read")
                .expect("exists")
                .len(),
            1
        );
    }
}

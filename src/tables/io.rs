//! Reading and writing tables. A table is always written as Parquet (the
//! format the stages read back) and, when the pipeline asks, as CSV; both go
//! to `<name>.<ext>.part` first and are renamed into place when complete, so a
//! reader never sees half a table. Reading streams record batches, so a stage
//! can walk a table document by document without holding it whole.

use super::text_column::{TextColumn, is_text};
use super::{Row, Table, ValueKind, column_chunk, csv_out};
use crate::error::{Error, Result};
use arrow::array::{Array, ArrayRef};
use arrow::datatypes::DataType;
use arrow::datatypes::{FieldRef, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, ArrowRowGroupWriterFactory, compute_leaves};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::file::metadata::{KeyValue, RowGroupMetaData};
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufWriter, IoSlice, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rows per record batch when reading a table back.
const READ_BATCH_ROWS: usize = 8192;

/// The most bytes a string column of a record batch holds: its offsets are i32.
pub const MAX_COLUMN_BYTES: usize = i32::MAX as usize;

/// Text gathered into one record batch when rows are written or documents
/// read back: far below `MAX_COLUMN_BYTES`, so that the documents of a large
/// corpus (a few GiB of text) go in several batches instead of overflowing one.
pub const BATCH_TEXT_BYTES: usize = 256 * 1024 * 1024;

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

/// What `TableWriter::append` does after adding its batches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Nothing more: the rows wait for their row group to fill.
    Continue,
    /// Encodes the rows gathered so far as a row group.
    EndRowGroup,
    /// Encodes the last row group and completes both files.
    Finish,
}

/// Writes one table, batch after batch, to Parquet and optionally CSV.
pub struct TableWriter<R: Row> {
    name: &'static str,
    parquet: ParquetColumns,
    csv: Option<BufWriter<File>>,
    /// CSV lines of the pieces being written, kept for the next ones' reuse.
    csv_pieces: Vec<Vec<u8>>,
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
        let parquet = ParquetColumns::create(file, R::arrow_schema(), writer_properties(table))
            .map_err(|e| format_error(table.name, e))?;
        let mut finals = vec![parquet_final];
        let csv = if with_csv {
            let csv_final = csv_path(dir, table.name);
            let csv_part = part_path(&csv_final);
            let file = File::create(&csv_part).map_err(|e| Error::io("create", &csv_part, e))?;
            let mut writer = BufWriter::new(file);
            writer
                .write_all(&csv_out::header(R::COLUMNS.iter().map(|c| c.name)))
                .map_err(|e| Error::io("write", &csv_part, e))?;
            finals.push(csv_final);
            Some(writer)
        } else {
            None
        };
        Ok(Self {
            name: table.name,
            parquet,
            csv,
            csv_pieces: Vec::new(),
            finals,
            rows: 0,
            _rows: std::marker::PhantomData,
        })
    }

    /// Appends rows, which must already be in key order after those written before.
    pub fn write(&mut self, rows: &[R]) -> Result<()> {
        self.write_within(rows, BATCH_TEXT_BYTES, MAX_COLUMN_BYTES)
    }

    /// As `write`, in record batches of at most `batch_bytes` of text (more
    /// only for a single row), refusing a row of more than `column_bytes`.
    fn write_within(&mut self, rows: &[R], batch_bytes: usize, column_bytes: usize) -> Result<()> {
        let runs = runs_of_bounded_text(rows, batch_bytes, column_bytes).map_err(|index| {
            Error::TooLarge {
                table: self.name.to_string(),
                what: format!(
                    "row {} ({} bytes of text)",
                    self.rows + index as u64,
                    rows[index].text_bytes()
                ),
            }
        })?;
        for run in runs {
            self.write_rows(run)?;
        }
        Ok(())
    }

    /// Appends rows as one record batch.
    fn write_rows(&mut self, rows: &[R]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_new(Arc::clone(&self.parquet.schema), R::to_arrays(rows))
            .map_err(|e| format_error(self.name, e))?;
        self.write_batch(&batch)
    }

    /// Appends a record batch of the table's schema, for stages that build
    /// their columns directly instead of through row structs.
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<()> {
        self.write_batches(&[batch])
    }

    /// Appends record batches of the table's schema, in order; many small
    /// batches (one per parallel task, say) cost about what one large one does.
    pub fn write_batches(&mut self, batches: &[&RecordBatch]) -> Result<()> {
        self.append(batches, Then::Continue)
    }

    /// As `write_batches`, then encodes the rows gathered for Parquet as a
    /// row group, however few: a streaming stage calls it before its last
    /// batch, so that what comes before is encoded while that batch is
    /// segmented, and only the last batch is left to encode at the end.
    pub fn write_batches_ending_row_group(&mut self, batches: &[&RecordBatch]) -> Result<()> {
        self.append(batches, Then::EndRowGroup)
    }

    /// As `write_batches`, then completes the files, as `complete`: the
    /// batches' CSV is encoded while the last row group is.
    pub fn complete_with(mut self, batches: &[&RecordBatch]) -> Result<Completed> {
        self.append(batches, Then::Finish)?;
        self.completed()
    }

    fn append(&mut self, batches: &[&RecordBatch], then: Then) -> Result<()> {
        let batches: Vec<&RecordBatch> = batches
            .iter()
            .copied()
            .filter(|batch| batch.num_rows() > 0)
            .collect();
        if let Some(batch) = batches
            .iter()
            .find(|batch| !fits_schema(&batch.schema(), &self.parquet.schema))
        {
            return Err(format_error(
                self.name,
                format!(
                    "a batch with columns {:?} does not fit the table's schema",
                    batch
                        .schema()
                        .fields()
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                ),
            ));
        }
        if batches.is_empty() && then == Then::Continue {
            return Ok(());
        }
        let cast = batches
            .iter()
            .map(|batch| with_text_read(batch, &self.parquet.schema))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| format_error(self.name, e))?;
        let batches: Vec<&RecordBatch> = batches
            .iter()
            .zip(&cast)
            .map(|(&batch, cast)| cast.as_ref().unwrap_or(batch))
            .collect();
        let name = self.name;
        let parquet = &mut self.parquet;
        let csv = &mut self.csv;
        let pieces = &mut self.csv_pieces;
        let csv_path = self.finals.get(1).map(|path| part_path(path));
        // Parquet and CSV encode the same arrays independently: do both at once.
        let (parquet_result, csv_result) = rayon::join(
            || -> parquet::errors::Result<()> {
                parquet.write(&batches)?;
                match then {
                    Then::Continue => Ok(()),
                    Then::EndRowGroup => parquet.flush_row_group(),
                    Then::Finish => parquet.finish(),
                }
            },
            || -> Result<()> {
                let (Some(writer), Some(path)) = (csv, csv_path) else {
                    return Ok(());
                };
                let plan = csv_out::Pieces::of(&batches).map_err(|e| format_error(name, e))?;
                // A few pieces per core at a time, written out before the
                // next are encoded: the buffers hold those few, not the
                // batch's whole CSV. A wave goes out in one system call:
                // the kernel's cost per call, not only per byte, showed in
                // tokenise (15 MB of BASIL's tokens in 140 KB pieces).
                let wave = 2 * rayon::current_num_threads();
                for start in (0..plan.len()).step_by(wave) {
                    plan.encode(start..(start + wave).min(plan.len()), pieces);
                    write_all_vectored(writer, pieces).map_err(|e| Error::io("write", &path, e))?;
                }
                Ok(())
            },
        );
        parquet_result.map_err(|e| format_error(name, e))?;
        csv_result?;
        self.rows += batches
            .iter()
            .map(|batch| batch.num_rows() as u64)
            .sum::<u64>();
        Ok(())
    }

    /// Completes the files and moves them into place; returns the number of rows.
    pub fn finish(self) -> Result<u64> {
        self.complete()?.publish()
    }

    /// Completes the files under their temporary names, so that a stage
    /// writing several tables can move them into place only once all are
    /// complete.
    pub fn complete(self) -> Result<Completed> {
        self.complete_with(&[])
    }

    /// The files, once `append` has finished them.
    fn completed(self) -> Result<Completed> {
        if let Some(writer) = self.csv {
            writer
                .into_inner()
                .map_err(|e| format_error(self.name, e.error()))?;
        }
        Ok(Completed {
            finals: self.finals,
            rows: self.rows,
        })
    }
}

/// Writes every byte of `pieces`, in order, in as few calls as the writer
/// takes them (`Write::write_all_vectored` is not yet stable).
fn write_all_vectored(writer: &mut impl Write, pieces: &[Vec<u8>]) -> std::io::Result<()> {
    let mut slices: Vec<IoSlice> = pieces.iter().map(|piece| IoSlice::new(piece)).collect();
    let mut slices = slices.as_mut_slice();
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match writer.write_vectored(slices) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Whether a batch of `batch` columns can be written as a table of `table`
/// columns: the same names and nullability, and each column of the
/// table's type or, for text, a dictionary of it (`text_column`), or for
/// 64-bit unsigned numbers, 32-bit ones (a stage that knows its values are
/// small builds them in half the memory). Field metadata (the columns'
/// descriptions) is the table's, whatever the batch's.
fn fits_schema(batch: &Schema, table: &Schema) -> bool {
    batch.fields().len() == table.fields().len()
        && batch
            .fields()
            .iter()
            .zip(table.fields())
            .all(|(given, declared)| {
                given.name() == declared.name()
                    && given.is_nullable() == declared.is_nullable()
                    && match (given.data_type(), declared.data_type()) {
                        (DataType::Dictionary(..), declared) => {
                            is_text(given.data_type()) && declared == &DataType::Utf8
                        }
                        (DataType::UInt32, DataType::UInt64) => true,
                        (given, declared) => given == declared,
                    }
            })
}

/// `batch` (which fits `table`) with each dictionary column that the writers
/// do not read as it is (nulls, signed or 64-bit keys) cast to the table's
/// strings, or `None` where there is none.
fn with_text_read(
    batch: &RecordBatch,
    table: &Schema,
) -> std::result::Result<Option<RecordBatch>, arrow::error::ArrowError> {
    let unread = |column: &ArrayRef| {
        matches!(column.data_type(), DataType::Dictionary(..))
            && TextColumn::of(column.as_ref()).is_none()
    };
    if !batch.columns().iter().any(unread) {
        return Ok(None);
    }
    let mut fields: Vec<FieldRef> = batch.schema().fields().iter().cloned().collect();
    let mut columns = batch.columns().to_vec();
    for (index, column) in batch.columns().iter().enumerate() {
        if unread(column) {
            columns[index] = arrow::compute::cast(column, table.field(index).data_type())?;
            fields[index] = Arc::new(table.field(index).clone());
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map(Some)
}

/// A table's files, complete under their temporary names.
pub struct Completed {
    finals: Vec<PathBuf>,
    rows: u64,
}

impl Completed {
    /// Moves the files into place; returns the number of rows.
    pub fn publish(self) -> Result<u64> {
        for path in &self.finals {
            let part = part_path(path);
            // The previous file (in a run, the staging folder's link to the
            // last output) goes first: renaming over an existing file makes
            // ext4 write the new one's data out there and then (its guard
            // against empty files after a crash), which cost tokenise 3-20 ms
            // on BBC; without the old file the data is written back later,
            // outside the run. Nothing reads the folder between the two
            // steps: a run's folder is swapped into place whole when it is done.
            match std::fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("replace", path, e)),
            }
            std::fs::rename(&part, path).map_err(|e| Error::io("rename", &part, e))?;
        }
        Ok(self.rows)
    }
}

/// `rows` cut into runs of at most `batch_bytes` of text each (a row with
/// more is a run alone); the index of the first row with more than
/// `column_bytes`, which no record batch can hold, is the error.
fn runs_of_bounded_text<R: Row>(
    rows: &[R],
    batch_bytes: usize,
    column_bytes: usize,
) -> std::result::Result<Vec<&[R]>, usize> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, row) in rows.iter().enumerate() {
        let row_bytes = row.text_bytes();
        if row_bytes > column_bytes {
            return Err(index);
        }
        if index > start && bytes + row_bytes > batch_bytes {
            runs.push(&rows[start..index]);
            (start, bytes) = (index, 0);
        }
        bytes += row_bytes;
    }
    if start < rows.len() {
        runs.push(&rows[start..]);
    }
    Ok(runs)
}

/// Bytes of a data page before the next begins, a quarter of the crate's
/// default: it bounds the pages of long texts (documents, sentences), whose
/// other pages are cut at the crate's 20,000 rows first. A stage streaming
/// documents decompresses a whole page before its first batch, on one core
/// while the other waits: on BASIL that first batch took 0.9-1.0 ms instead
/// of 1.5-2.3, tokenise 2.7% less time, and the documents and sentences
/// files came out 0.2-1.1% smaller (BBC and BASIL). The sentences' text at
/// the end of tokenise also compresses in more pages at once.
const DATA_PAGE_BYTES: usize = 256 * 1024;

/// Parquet settings. zstd throughout. Integer columns (offsets, indices,
/// counts) are delta-encoded without a dictionary: their values climb
/// through a document, which deltas store in a few bits, while a dictionary
/// of near-unique offsets is built only to be abandoned (a sixth smaller and
/// faster on the tokens table). Min/max statistics are kept for the sort key
/// and numbers, which readers use to skip row groups, and left out for free
/// text, where they prune nothing and cost a comparison per value. The
/// descriptions also go into the file's key-value metadata, which DuckDB's
/// parquet_kv_metadata() shows (Arrow readers get them from the field metadata).
fn writer_properties<R: Row>(table: &Table<R>) -> WriterProperties {
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
    let mut builder = WriterProperties::builder()
        .set_data_page_size_limit(DATA_PAGE_BYTES)
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_key_value_metadata(Some(key_values));
    for column in R::COLUMNS {
        let path = ColumnPath::from(column.name);
        match column.kind {
            ValueKind::UInt32 | ValueKind::UInt64 => {
                builder = builder
                    .set_column_dictionary_enabled(path.clone(), false)
                    .set_column_encoding(path, Encoding::DELTA_BINARY_PACKED);
            }
            ValueKind::Text | ValueKind::TextList if !R::KEY.contains(&column.name) => {
                builder = builder.set_column_statistics_enabled(path, EnabledStatistics::None);
            }
            _ => {}
        }
    }
    builder.build()
}

/// Rows gathered before they are encoded as one Parquet row group: row groups
/// far smaller compress worse (each has its own dictionaries: BBC's
/// term_stats in row groups of 128 Ki rows took 17% more space than in one),
/// far larger hold more of a table in memory while it is written.
const ROW_GROUP_ROWS: usize = 256 * 1024;

/// Bytes of text in any one column gathered before a row group is encoded,
/// whatever the rows: a table of whole texts (documents, sentences) reaches
/// it long before `ROW_GROUP_ROWS`, which keeps its memory bounded, spreads its encoding
/// over the run instead of leaving it all to the end, and gives a document
/// longer than this a row group of its own. The last row group is encoded
/// after everything else, with nothing to overlap it: at 16 MiB all of
/// BBC's sentences (5 MB) were one row group encoded at the end of tokenise,
/// and the stage's final step took 30 ms instead of 15. Text compresses in
/// pages of its own either way, so the size stays.
const ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;

/// The Parquet file's write buffer. The crate copies each finished column
/// chunk into the file 8 KiB at a time, which a buffer of the same size
/// (`BufWriter`'s default) passed on as one system call each: some 160 for
/// BASIL's tokens, a cost per call the kernel charges beside its cost per
/// byte.
const PARQUET_BUFFER_BYTES: usize = 256 * 1024;

/// A Parquet file written a row group at a time, the row group's columns
/// encoded in parallel (`ArrowWriter` encodes them one after another, which
/// made it the slowest part of the tokenise stage).
struct ParquetColumns {
    file: SerializedFileWriter<BufWriter<File>>,
    columns: ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    properties: WriterProperties,
    pending: Vec<RecordBatch>,
    pending_rows: usize,
    pending_bytes: usize,
}

impl ParquetColumns {
    fn create(
        file: File,
        schema: SchemaRef,
        properties: WriterProperties,
    ) -> parquet::errors::Result<Self> {
        // ArrowWriter sets up the Parquet schema and embeds the Arrow schema in
        // the footer, as readers expect; after that the columns are ours to write.
        let (file, columns) = ArrowWriter::try_new(
            BufWriter::with_capacity(PARQUET_BUFFER_BYTES, file),
            Arc::clone(&schema),
            Some(properties.clone()),
        )?
        .into_serialized_writer()?;
        Ok(Self {
            file,
            columns,
            schema,
            properties,
            pending: Vec::new(),
            pending_rows: 0,
            pending_bytes: 0,
        })
    }

    /// Takes the batches' rows into row groups of at most `ROW_GROUP_ROWS`
    /// rows and `ROW_GROUP_BYTES` of text in a column (more only for a single row),
    /// encoding each row group as it fills. A batch is cut where a row group
    /// fills (a slice shares the batch's buffers), so that a table written
    /// in large batches (ingest's, of up to 256 MiB of text) still has row
    /// groups of bounded size, and one very long document has a row group
    /// of its own, which readers then batch apart from the rest.
    fn write(&mut self, batches: &[&RecordBatch]) -> parquet::errors::Result<()> {
        for &batch in batches {
            let mut rest = batch.clone();
            while rest.num_rows() > 0 {
                let (rows, bytes) = self.rows_that_fit(&rest);
                if rows == 0 {
                    self.flush_row_group()?;
                    continue;
                }
                self.pending.push(rest.slice(0, rows));
                self.pending_rows += rows;
                self.pending_bytes += bytes;
                rest = rest.slice(rows, rest.num_rows() - rows);
                if self.pending_rows >= ROW_GROUP_ROWS || self.pending_bytes >= ROW_GROUP_BYTES {
                    self.flush_row_group()?;
                }
            }
        }
        Ok(())
    }

    /// How many of `batch`'s first rows the pending row group has room for,
    /// and their bytes: none when the group has rows and the first does not
    /// fit, at least one when the group is empty.
    fn rows_that_fit(&self, batch: &RecordBatch) -> (usize, usize) {
        let room_rows = ROW_GROUP_ROWS.saturating_sub(self.pending_rows);
        let room_bytes = ROW_GROUP_BYTES.saturating_sub(self.pending_bytes);
        let sizes = RowSizes::of(batch);
        let rows = batch.num_rows().min(room_rows);
        let all = sizes.of_rows(0, rows);
        if all <= room_bytes {
            return (rows, all);
        }
        let mut bytes = 0;
        for row in 0..rows {
            let next = sizes.of_rows(row, row + 1);
            if bytes + next > room_bytes {
                return match (row, self.pending_rows) {
                    (0, 0) => (1, next),
                    _ => (row, bytes),
                };
            }
            bytes += next;
        }
        (rows, bytes)
    }

    fn flush_row_group(&mut self) -> parquet::errors::Result<()> {
        if self.pending_rows == 0 {
            return Ok(());
        }
        let index = self.file.flushed_row_groups().len();
        let pending = &self.pending;
        let schema = &self.schema;
        let properties = &self.properties;
        let descriptors = self.file.schema_descr();
        // The tables' columns are all flat, so column i of the schema is
        // leaf i. String and unsigned columns are encoded by `column_chunk`,
        // a column per task; the rest, and any chunk it declines, by the
        // crate's writers, made only then: each holds a pair of zstd
        // contexts, and making them for every column of every row group
        // took 1.5% of tokenise's CPU on BASIL for writers never used.
        let ours = (0..schema.fields().len())
            .into_par_iter()
            .map(|index| {
                let arrays: Vec<&dyn Array> = pending
                    .iter()
                    .map(|batch| batch.column(index).as_ref())
                    .collect();
                let descriptor = descriptors.column(index);
                match schema.field(index).data_type() {
                    DataType::Utf8 => column_chunk::strings(&descriptor, &arrays, properties),
                    DataType::UInt32 | DataType::UInt64 => {
                        column_chunk::unsigned(&descriptor, &arrays, properties)
                    }
                    _ => Ok(None),
                }
            })
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        let chunks = if ours.iter().all(Option::is_some) {
            ours.into_iter()
                .flatten()
                .map(EncodedColumn::Ours)
                .collect()
        } else {
            let writers = self.columns.create_column_writers(index)?;
            writers
                .into_par_iter()
                .zip(ours)
                .enumerate()
                .map(|(index, (mut writer, ours))| {
                    if let Some(chunk) = ours {
                        return Ok(EncodedColumn::Ours(chunk));
                    }
                    let field = schema.field(index);
                    for batch in pending {
                        // A text column built as a dictionary goes in as the
                        // strings it stands for (the crate's writer takes a
                        // dictionary through other paths: it chunks it and
                        // falls back from its dictionary at other points),
                        // 32-bit values of a 64-bit column as 64-bit ones.
                        let column = batch.column(index);
                        let column = if column.data_type() == field.data_type() {
                            Arc::clone(column)
                        } else {
                            arrow::compute::cast(column, field.data_type())?
                        };
                        for leaf in compute_leaves(field, &column)? {
                            writer.write(&leaf)?;
                        }
                    }
                    writer.close().map(EncodedColumn::Crate)
                })
                .collect::<parquet::errors::Result<Vec<_>>>()?
        };
        let mut row_group = self.file.next_row_group()?;
        for chunk in chunks {
            match chunk {
                EncodedColumn::Crate(chunk) => chunk.append_to_row_group(&mut row_group)?,
                EncodedColumn::Ours(chunk) => row_group.append_column(&chunk.bytes, chunk.close)?,
            }
        }
        row_group.close()?;
        self.pending.clear();
        self.pending_rows = 0;
        self.pending_bytes = 0;
        Ok(())
    }

    /// Encodes the rows still gathered and writes the footer.
    fn finish(&mut self) -> parquet::errors::Result<()> {
        self.flush_row_group()?;
        self.file.finish()?;
        Ok(())
    }
}

/// Text of a batch's rows as a row group holds it: the bytes of the string
/// column with the most of them. The longest column is what a row group's
/// text bound is about: a table of whole texts (documents, sentences) is
/// bounded by that text, while the tokens' short strings, a few bytes in
/// each of four columns, stay within the row limit (counted together they
/// cut BBC's tokens into row groups of 64 Ki rows, whose dictionaries made
/// the file 6% larger).
///
/// A column built as a dictionary counts its keys, the bytes its rows hold:
/// its values are held once per batch and written once per row group, in
/// the chunk's dictionary page. Counting each row's value instead cut
/// BASIL's tokens into row groups of 110k rows by their 38-byte document
/// ids: one row group more and a file 3.8% larger, and a round of
/// tokenise that encoded 110k rows beside one batch to segment.
struct RowSizes<'a> {
    text_columns: Vec<TextColumn<'a>>,
}

impl<'a> RowSizes<'a> {
    fn of(batch: &'a RecordBatch) -> Self {
        Self {
            text_columns: batch
                .columns()
                .iter()
                .filter_map(|column| TextColumn::of(column.as_ref()))
                .collect(),
        }
    }

    /// Bytes of rows `start..end` in the string column with the most.
    fn of_rows(&self, start: usize, end: usize) -> usize {
        self.text_columns
            .iter()
            .map(|column| column.bytes_of_rows(start, end))
            .max()
            .unwrap_or(0)
    }
}

/// A row group's column, encoded by the crate or by `column_chunk`.
enum EncodedColumn {
    Crate(ArrowColumnChunk),
    Ours(column_chunk::EncodedChunk),
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

/// A table's record batches, row group by row group: each row group is
/// read in batches of its own size, so that one row group of very long
/// texts does not make every other one come a row at a time.
pub struct RecordBatches {
    name: &'static str,
    path: PathBuf,
    file: File,
    metadata: ArrowReaderMetadata,
    /// Rows per batch for each row group, in file order.
    batch_rows: Vec<usize>,
    /// The columns read: all, unless `RowBatches::only_columns` chose.
    projection: ProjectionMask,
    next_row_group: usize,
    reader: Option<ParquetRecordBatchReader>,
    /// Rows the reader has yielded from its row group (`next_row_group - 1`).
    yielded_in_row_group: usize,
}

impl RecordBatches {
    /// Rows of row group `index`, from the footer.
    fn rows_of(&self, index: usize) -> usize {
        let rows = self.metadata.metadata().row_group(index).num_rows();
        usize::try_from(rows).unwrap_or(0)
    }

    /// Rows left in each row group not yet read to its end, in file order.
    fn rows_left_by_row_group(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let current = self.reader.as_ref().map(|_| {
            let index = self.next_row_group - 1;
            let left = self
                .rows_of(index)
                .saturating_sub(self.yielded_in_row_group);
            (index, left)
        });
        let later =
            (self.next_row_group..self.batch_rows.len()).map(|index| (index, self.rows_of(index)));
        current
            .into_iter()
            .chain(later)
            .filter(|&(_, rows)| rows > 0)
    }

    /// Rows not yet yielded, as the footer counts them.
    pub fn rows_left(&self) -> u64 {
        self.rows_left_by_row_group()
            .map(|(_, rows)| rows as u64)
            .sum()
    }

    /// Whether the next batch, if any, is the last: the rows left lie in
    /// one row group and fit one of its batches.
    pub fn at_most_one_batch_left(&self) -> bool {
        let mut left = self.rows_left_by_row_group();
        match (left.next(), left.next()) {
            (None, _) => true,
            (Some((index, rows)), None) => rows <= self.batch_rows[index],
            (Some(_), Some(_)) => false,
        }
    }

    /// A reader of the next row group, if there is one.
    fn open_next_row_group(&mut self) -> Option<Result<ParquetRecordBatchReader>> {
        let row_group = self.next_row_group;
        let batch_rows = *self.batch_rows.get(row_group)?;
        let reader = self
            .file
            .try_clone()
            .map_err(|e| Error::io("read", &self.path, e))
            .and_then(|file| {
                ParquetRecordBatchReaderBuilder::new_with_metadata(file, self.metadata.clone())
                    .with_row_groups(vec![row_group])
                    .with_projection(self.projection.clone())
                    .with_batch_size(batch_rows)
                    .build()
                    .map_err(|e| format_error(self.name, e))
            });
        // After a row group fails to open the stream ends: its error was the
        // last item, and no later row group is read as if it had been next.
        self.next_row_group = match reader {
            Ok(_) => row_group + 1,
            Err(_) => self.batch_rows.len(),
        };
        Some(reader)
    }
}

impl Iterator for RecordBatches {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(reader) = &mut self.reader {
                if let Some(batch) = reader.next() {
                    self.yielded_in_row_group += batch.as_ref().map_or(0, RecordBatch::num_rows);
                    return Some(batch.map_err(|e| format_error(self.name, e)));
                }
                self.reader = None;
            }
            match self.open_next_row_group()? {
                Ok(reader) => {
                    self.reader = Some(reader);
                    self.yielded_in_row_group = 0;
                }
                Err(error) => return Some(Err(error)),
            }
        }
    }
}

/// A table's rows, streamed in batches as `RecordBatches` reads them.
pub struct RowBatches<R: Row> {
    batches: RecordBatches,
    _rows: std::marker::PhantomData<fn() -> R>,
}

impl<R: Row> RowBatches<R> {
    /// Rows not yet yielded, as the footer counts them.
    pub fn rows_left(&self) -> u64 {
        self.batches.rows_left()
    }

    /// Whether the next batch, if any, is the last.
    pub fn at_most_one_batch_left(&self) -> bool {
        self.batches.at_most_one_batch_left()
    }

    /// The same batches with only `columns` read, as record batches: for a
    /// stage that needs a few columns of a wide table, which then neither
    /// decompresses the others nor copies every cell into a row. An error
    /// names a column the table does not have.
    pub fn only_columns(mut self, columns: &[&str]) -> Result<RecordBatches> {
        let schema = self.batches.metadata.schema();
        if let Some(missing) = columns
            .iter()
            .find(|&&name| schema.column_with_name(name).is_none())
        {
            return Err(format_error(
                self.batches.name,
                format!("the file has no column {missing}"),
            ));
        }
        let parquet_schema = self
            .batches
            .metadata
            .metadata()
            .file_metadata()
            .schema_descr();
        self.batches.projection = ProjectionMask::columns(parquet_schema, columns.iter().copied());
        Ok(self.batches)
    }
}

impl<R: Row> Iterator for RowBatches<R> {
    type Item = Result<Vec<R>>;

    fn next(&mut self) -> Option<Self::Item> {
        let name = self.batches.name;
        self.batches
            .next()
            .map(|batch| batch.and_then(|batch| R::from_batch(&batch, name)))
    }
}

/// Opens a table for streaming; None when its file does not exist.
pub fn open_table<R: Row>(table: &Table<R>, dir: &Path) -> Result<Option<RowBatches<R>>> {
    open_table_batched(table, dir, |_| READ_BATCH_ROWS)
}

/// The largest value of an unsigned integer column in a row group, from
/// its statistics (no data is read); None when the column or its
/// statistics are missing.
pub fn row_group_max_u64(row_group: &RowGroupMetaData, column: &str) -> Option<u64> {
    let chunk = row_group
        .columns()
        .iter()
        .find(|chunk| chunk.column_path().string() == column)?;
    // Unsigned 64-bit values are stored as INT64 bit patterns.
    match chunk.statistics()? {
        parquet::file::statistics::Statistics::Int64(typed) => Some(*typed.max_opt()? as u64),
        _ => None,
    }
}

/// Opens a table for streaming, each row group in batches of
/// `batch_rows(row group)` rows; None when its file does not exist.
pub fn open_table_batched<R: Row>(
    table: &Table<R>,
    dir: &Path,
    batch_rows: impl Fn(&RowGroupMetaData) -> usize,
) -> Result<Option<RowBatches<R>>> {
    let path = parquet_path(dir, table.name);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("open", &path, e)),
    };
    let metadata = ArrowReaderMetadata::load(&file, Default::default())
        .map_err(|e| format_error(table.name, e))?;
    let batch_rows = metadata
        .metadata()
        .row_groups()
        .iter()
        .map(|row_group| batch_rows(row_group).max(1))
        .collect();
    Ok(Some(RowBatches {
        batches: RecordBatches {
            name: table.name,
            path,
            file,
            metadata,
            batch_rows,
            projection: ProjectionMask::all(),
            next_row_group: 0,
            reader: None,
            yielded_in_row_group: 0,
        },
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
            prop_oneof![".{0,20}", "[a-z ,\"\n\r]{0,20}"],
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

            // The CSV, read by an independent reader, carries the same values.
            let mut reader = csv::Reader::from_path(csv_path(dir.path(), CLAIMS.name)).expect("csv");
            let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("valid CSV");
            prop_assert_eq!(records.len(), expected.len());
            let float = |cell: &str| -> Option<f64> { (!cell.is_empty()).then(|| cell.parse().expect("a float")) };
            for (record, row) in records.iter().zip(&expected) {
                prop_assert_eq!(record.len(), ClaimRow::COLUMNS.len());
                prop_assert_eq!(&record[0], row.claim_id.as_str());
                prop_assert_eq!(&record[2], row.source.as_str());
                prop_assert_eq!(record[3].parse::<u32>().expect("u32"), row.sentence_idx);
                prop_assert_eq!(record[4].parse::<u64>().expect("u64"), row.char_start);
                prop_assert_eq!(&record[6], row.text.as_str());
                prop_assert_eq!(float(&record[8]), row.value);
                prop_assert_eq!(&record[9], row.unit.as_deref().unwrap_or(""));
                prop_assert_eq!(float(&record[10]), row.low);
                prop_assert_eq!(float(&record[11]), row.high);
                prop_assert_eq!(&record[13], row.subject.as_deref().unwrap_or(""));
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

    /// Rows are written in batches of bounded text, so that a corpus of more
    /// text than one Arrow string column holds is written, not a panic; a
    /// row that alone exceeds a column is an error naming it.
    #[test]
    fn rows_are_written_in_batches_of_bounded_text() {
        let person = |name: &str, variants: &[&str]| PersonRow {
            event: "e".into(),
            source: "s".into(),
            person: name.into(),
            mentions: 1,
            variants: variants.iter().map(|v| v.to_string()).collect(),
        };
        let rows = vec![
            person("Ann Lee", &["Lee", "Ms Lee"]),
            person("Bo Chan", &[]),
            person("Cy Diaz", &["Diaz"]),
            person("Di Ek", &["Ek"]),
        ];
        // event + source + person + variants
        let bytes: Vec<usize> = rows.iter().map(PersonRow::text_bytes).collect();
        assert_eq!(bytes, [18, 9, 13, 9]);
        let lengths =
            |runs: Vec<&[PersonRow]>| runs.iter().map(|run| run.len()).collect::<Vec<_>>();
        assert_eq!(
            lengths(runs_of_bounded_text(&rows, 22, 100).expect("runs")),
            [1, 2, 1]
        );
        assert_eq!(
            lengths(runs_of_bounded_text(&rows, 10, 100).expect("runs")),
            [1, 1, 1, 1]
        );
        assert_eq!(
            lengths(runs_of_bounded_text(&rows, 49, 100).expect("runs")),
            [4]
        );
        assert_eq!(
            runs_of_bounded_text(&rows, 22, 12).expect_err("row 0 is too large"),
            0
        );
        assert!(
            runs_of_bounded_text::<PersonRow>(&[], 22, 12)
                .expect("runs")
                .is_empty()
        );

        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = TableWriter::create(&PEOPLE, dir.path(), true).expect("create");
        writer.write_within(&rows, 10, 100).expect("write");
        writer.finish().expect("finish");
        assert_eq!(
            read_table(&PEOPLE, dir.path()).expect("read"),
            Some(rows.clone())
        );
        let csv = std::fs::read_to_string(csv_path(dir.path(), PEOPLE.name)).expect("csv");
        assert_eq!(csv.lines().count(), 1 + rows.len(), "{csv}");

        let mut writer = TableWriter::create(&PEOPLE, dir.path(), true).expect("create");
        match writer.write_within(&rows, 20, 17) {
            Err(error @ Error::TooLarge { .. }) => {
                assert!(error.to_string().contains("row 0 (18 bytes"), "{error}")
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }

    /// A row group ends where a writer is told to, however few its rows,
    /// and the last rows go in as the files are completed; a reader knows
    /// before each batch how many rows are left and whether the next batch
    /// is the last, across row groups.
    #[test]
    fn row_groups_end_where_asked_and_readers_count_what_is_left() {
        let rows: Vec<PersonRow> = (0..13)
            .map(|n| PersonRow {
                event: "e".into(),
                source: "s".into(),
                person: format!("p{n:02}"),
                mentions: n,
                variants: vec![format!("v{n}")],
            })
            .collect();
        let batch = |range: std::ops::Range<usize>| {
            RecordBatch::try_new(
                PersonRow::arrow_schema(),
                PersonRow::to_arrays(&rows[range]),
            )
            .expect("a batch")
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = TableWriter::create(&PEOPLE, dir.path(), true).expect("create");
        writer.write_batches(&[&batch(0..6)]).expect("written");
        writer
            .write_batches_ending_row_group(&[&batch(6..10)])
            .expect("written");
        // Nothing gathered: no empty row group.
        writer.write_batches_ending_row_group(&[]).expect("written");
        let written = writer
            .complete_with(&[&batch(10..13)])
            .expect("completed")
            .publish()
            .expect("published");
        assert_eq!(written, 13);
        let footer = footer(&parquet_path(dir.path(), PEOPLE.name)).expect("a footer");
        let group_rows: Vec<i64> = footer.row_groups().iter().map(|g| g.num_rows()).collect();
        assert_eq!(group_rows, [10, 3]);

        let mut batches = open_table_batched(&PEOPLE, dir.path(), |_| 4)
            .expect("opened")
            .expect("exists");
        let (mut steps, mut read) = (Vec::new(), Vec::new());
        loop {
            let before = (batches.rows_left(), batches.at_most_one_batch_left());
            let Some(batch) = batches.next() else {
                steps.push((before, 0));
                break;
            };
            let batch = batch.expect("a batch");
            steps.push((before, batch.len()));
            read.extend(batch);
        }
        assert_eq!(
            steps,
            [
                ((13, false), 4),
                ((9, false), 4),
                // Two rows of the first group and three of the second: two batches.
                ((5, false), 2),
                ((3, true), 3),
                ((0, true), 0),
            ]
        );
        assert_eq!(read, rows);
        let csv = std::fs::read_to_string(csv_path(dir.path(), PEOPLE.name)).expect("csv");
        assert_eq!(csv.lines().count(), 1 + rows.len(), "{csv}");
        assert!(
            csv.lines().last().is_some_and(|line| line.contains("p12")),
            "{csv}"
        );
    }

    /// A reader asked for some columns yields only those, row group by row
    /// group as before, and a column the table lacks is an error naming it.
    #[test]
    fn readers_read_only_the_columns_asked_for() {
        let rows: Vec<PersonRow> = (0..7)
            .map(|n| PersonRow {
                event: format!("e{n}"),
                source: "s".into(),
                person: format!("p{n:02}"),
                mentions: n,
                variants: vec![format!("v{n}")],
            })
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        write_table(&PEOPLE, dir.path(), false, rows.clone()).expect("written");
        let open = || {
            open_table_batched(&PEOPLE, dir.path(), |_| 3)
                .expect("opened")
                .expect("exists")
        };
        let batches = open()
            .only_columns(&["person", "mentions"])
            .expect("columns");
        assert_eq!(batches.rows_left(), 7);
        let (mut people, mut mentions) = (Vec::new(), Vec::new());
        for batch in batches {
            let batch = batch.expect("a batch");
            let names: Vec<&str> = batch
                .schema_ref()
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect();
            assert_eq!(names, ["person", "mentions"]);
            people.extend(
                batch
                    .column(0)
                    .as_any()
                    .downcast_ref::<arrow::array::StringArray>()
                    .expect("text")
                    .iter()
                    .flatten()
                    .map(str::to_string),
            );
            mentions.extend(
                batch
                    .column(1)
                    .as_any()
                    .downcast_ref::<arrow::array::UInt64Array>()
                    .expect("numbers")
                    .values()
                    .iter()
                    .copied(),
            );
        }
        assert_eq!(
            people,
            rows.iter().map(|r| r.person.clone()).collect::<Vec<_>>()
        );
        assert_eq!(
            mentions,
            rows.iter().map(|r| r.mentions).collect::<Vec<_>>()
        );
        let error = open()
            .only_columns(&["person", "age"])
            .err()
            .expect("no such column");
        assert!(error.to_string().contains("no column age"), "{error}");
    }

    /// Pieces written in one call go out whole and in order even through a
    /// writer that takes a few bytes at a time (as a pipe or a full disk
    /// may), empty pieces included; a writer that takes nothing is an error.
    #[test]
    fn vectored_writes_go_out_whole_through_short_writes() {
        struct Trickle(Vec<u8>, usize);
        impl Write for Trickle {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                let taken = bytes.len().min(self.1);
                self.0.extend_from_slice(&bytes[..taken]);
                Ok(taken)
            }
            fn write_vectored(&mut self, slices: &[IoSlice]) -> std::io::Result<usize> {
                // Takes from the first non-empty slice only, as a short writev can.
                let first = slices.iter().find(|slice| !slice.is_empty());
                first.map_or(Ok(0), |slice| self.write(slice))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let pieces = vec![
            b"doc_id,text\n".to_vec(),
            Vec::new(),
            b"a,\"quoted, cell\"\n".to_vec(),
            b"b,plain\n".to_vec(),
        ];
        for per_call in [1, 3, 7, 1000] {
            let mut writer = Trickle(Vec::new(), per_call);
            write_all_vectored(&mut writer, &pieces).expect("written");
            assert_eq!(writer.0, pieces.concat(), "{per_call} bytes a call");
        }
        let mut stuck = Trickle(Vec::new(), 0);
        let error = write_all_vectored(&mut stuck, &pieces).expect_err("nothing taken");
        assert_eq!(error.kind(), std::io::ErrorKind::WriteZero);
    }

    /// Long texts go into pages of at most `DATA_PAGE_BYTES`: a reader
    /// decompresses no more than that before the first rows of a chunk.
    #[test]
    fn long_texts_are_cut_into_small_pages() {
        use crate::tables::schema::{SENTENCES, SentenceRow};
        use parquet::column::page::Page;
        use parquet::file::reader::{FileReader, SerializedFileReader};
        // 2,400 distinct sentences of some 500 bytes: 1.2 MB of text, past
        // the dictionary's limit, so written as plain pages.
        let rows: Vec<SentenceRow> = (0..2_400u32)
            .map(|n| SentenceRow {
                doc_id: "d".into(),
                source: "s".into(),
                sentence_idx: n,
                paragraph_idx: 0,
                char_start: u64::from(n) * 500,
                char_end: u64::from(n + 1) * 500,
                text: format!("{n:06} {}", "word ".repeat(99)),
            })
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        write_table(&SENTENCES, dir.path(), false, rows.clone()).expect("written");
        assert_eq!(
            read_table(&SENTENCES, dir.path()).expect("read"),
            Some(rows)
        );
        let file = File::open(parquet_path(dir.path(), SENTENCES.name)).expect("file");
        let reader = SerializedFileReader::new(file).expect("parquet");
        let row_group = reader.get_row_group(0).expect("a row group");
        let text = SentenceRow::COLUMNS
            .iter()
            .position(|c| c.name == "text")
            .expect("text");
        let pages: Vec<usize> = row_group
            .get_column_page_reader(text)
            .expect("pages")
            .map(|page| page.expect("a page"))
            .filter_map(|page| match page {
                Page::DataPage { buf, .. } | Page::DataPageV2 { buf, .. } => Some(buf.len()),
                Page::DictionaryPage { .. } => None,
            })
            .collect();
        assert!(pages.len() >= 5, "{pages:?}");
        assert!(
            pages.iter().all(|&bytes| bytes <= DATA_PAGE_BYTES),
            "{pages:?}"
        );
    }

    /// A Parquet file's footer (schema, row groups, statistics); None when the
    /// file is missing or not Parquet.
    fn footer(path: &Path) -> Option<Arc<parquet::file::metadata::ParquetMetaData>> {
        let file = File::open(path).ok()?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).ok()?;
        Some(Arc::clone(builder.metadata()))
    }

    /// The Parquet and CSV files of `table` written from `batch`.
    fn files_of<R: Row>(table: &Table<R>, batch: &RecordBatch) -> [Vec<u8>; 2] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = TableWriter::create(table, dir.path(), true).expect("create");
        writer.write_batch(batch).expect("written");
        writer.finish().expect("finished");
        [
            parquet_path(dir.path(), table.name),
            csv_path(dir.path(), table.name),
        ]
        .map(|path| std::fs::read(path).expect("a file"))
    }

    /// `batch` with the named text columns as dictionaries with `keys`.
    fn with_dictionaries(batch: &RecordBatch, columns: &[(&str, DataType)]) -> RecordBatch {
        let (fields, arrays): (Vec<FieldRef>, Vec<ArrayRef>) = batch
            .schema()
            .fields()
            .iter()
            .zip(batch.columns())
            .map(
                |(field, array)| match columns.iter().find(|(name, _)| name == field.name()) {
                    Some((_, keys)) => {
                        let dictionary =
                            DataType::Dictionary(Box::new(keys.clone()), Box::new(DataType::Utf8));
                        let array = arrow::compute::cast(array, &dictionary).expect("cast");
                        (
                            Arc::new(field.as_ref().clone().with_data_type(dictionary)),
                            array,
                        )
                    }
                    None => (Arc::clone(field), Arc::clone(array)),
                },
            )
            .unzip();
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).expect("a batch")
    }

    /// A batch whose text columns were built as dictionaries gives the files
    /// the same rows as plain strings give, byte for byte: through this
    /// crate's encoder and through the `parquet` crate's where ours declines
    /// (ids longer than the statistics keep), with few ids and with more
    /// than the dictionary's page limit holds (a mebibyte).
    #[test]
    fn text_columns_built_as_dictionaries_are_written_as_declared() {
        use crate::tables::schema::{TOKENS, TokenRow, tokens_cols};
        let short = |n: usize| format!("doc-{n:026}");
        let long = |n: usize| format!("{}-{n:08}", "long-id-".repeat(11));
        let cases: [(&str, Vec<String>); 4] = [
            ("two short ids", (0..2).map(short).collect()),
            ("two long ids", (0..2).map(long).collect()),
            ("short ids past the limit", (0..40_000).map(short).collect()),
            ("long ids past the limit", (0..12_000).map(long).collect()),
        ];
        for (case, ids) in cases {
            let rows: Vec<TokenRow> = ids
                .iter()
                .flat_map(|id| {
                    ["Putin", ",", "2.5", "“"]
                        .iter()
                        .take(2)
                        .map(move |text| (id, text))
                })
                .enumerate()
                .map(|(index, (id, text))| TokenRow {
                    doc_id: id.clone(),
                    sentence_idx: 0,
                    token_idx: (index % 2) as u32,
                    char_start: index as u64,
                    char_end: index as u64 + 1,
                    text: text.to_string(),
                    norm: text.to_lowercase(),
                    kind: ["word", "punct"][index % 2].into(),
                })
                .collect();
            let plain = RecordBatch::try_new(TokenRow::arrow_schema(), TokenRow::to_arrays(&rows))
                .expect("a batch");
            let built = with_dictionaries(
                &plain,
                &[
                    (tokens_cols::doc_id, DataType::UInt32),
                    (tokens_cols::kind, DataType::UInt8),
                ],
            );
            let [parquet, csv] = files_of(&TOKENS, &built);
            let [plain_parquet, plain_csv] = files_of(&TOKENS, &plain);
            assert!(parquet == plain_parquet, "{case}: Parquet differs");
            assert!(csv == plain_csv, "{case}: CSV differs");
        }
    }

    /// A row group's text bound counts what its rows hold: a long id
    /// repeated down a column of plain strings fills it, the same id as a
    /// dictionary (a key a row) does not, and both files hold the same rows.
    #[test]
    fn dictionary_columns_count_their_keys_toward_a_row_group() {
        use crate::tables::schema::{TOKENS, TokenRow, tokens_cols};
        let id = "long-id-".repeat(12);
        let rows: Vec<TokenRow> = (0..50_000u32)
            .map(|index| TokenRow {
                doc_id: id.clone(),
                sentence_idx: 0,
                token_idx: index,
                char_start: u64::from(index),
                char_end: u64::from(index) + 1,
                text: "a".into(),
                norm: "a".into(),
                kind: "word".into(),
            })
            .collect();
        assert!(
            rows.len() * id.len() > ROW_GROUP_BYTES,
            "the ids alone fill a row group"
        );
        let plain = RecordBatch::try_new(TokenRow::arrow_schema(), TokenRow::to_arrays(&rows))
            .expect("a batch");
        let built = with_dictionaries(&plain, &[(tokens_cols::doc_id, DataType::UInt32)]);
        let group_rows = |batch: &RecordBatch| {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut writer = TableWriter::create(&TOKENS, dir.path(), false).expect("create");
            writer.write_batch(batch).expect("written");
            writer.finish().expect("finished");
            assert_eq!(
                read_table(&TOKENS, dir.path()).expect("read").as_ref(),
                Some(&rows)
            );
            let footer = footer(&parquet_path(dir.path(), TOKENS.name)).expect("a footer");
            footer
                .row_groups()
                .iter()
                .map(|group| group.num_rows())
                .collect::<Vec<_>>()
        };
        let ids_per_group = (ROW_GROUP_BYTES / id.len()) as i64;
        assert_eq!(group_rows(&plain), [ids_per_group, 50_000 - ids_per_group]);
        assert_eq!(group_rows(&built), [50_000]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// A dictionary the writers do not read as it is (nulls, signed
        /// keys) is written as its strings too.
        #[test]
        fn other_dictionaries_of_text_are_written_as_their_strings(
            rows in proptest::collection::vec(claim_strategy(), 1..20),
            signed: bool,
        ) {
            use crate::tables::schema::claims_cols;
            let mut rows = rows;
            ClaimRow::sort_rows(&mut rows);
            let plain = RecordBatch::try_new(ClaimRow::arrow_schema(), ClaimRow::to_arrays(&rows))
                .expect("a batch");
            let keys = if signed { DataType::Int32 } else { DataType::UInt16 };
            // `unit` has nulls; `text` has quotes, commas and line breaks.
            let built = with_dictionaries(
                &plain,
                &[(claims_cols::unit, keys), (claims_cols::text, DataType::UInt8)],
            );
            prop_assert!(files_of(&CLAIMS, &built) == files_of(&CLAIMS, &plain));
        }
    }

    /// A dictionary is taken only for a text column, and only of text.
    #[test]
    fn batches_of_other_columns_are_refused() {
        use crate::tables::schema::{TOKENS, TokenRow};
        let declared = TokenRow::arrow_schema();
        assert!(fits_schema(&declared, &declared));
        let rows = vec![TokenRow {
            doc_id: "a1".into(),
            sentence_idx: 0,
            token_idx: 0,
            char_start: 0,
            char_end: 1,
            text: "A".into(),
            norm: "a".into(),
            kind: "word".into(),
        }];
        let mut columns = TokenRow::to_arrays(&rows);
        let mut fields: Vec<arrow::datatypes::Field> = declared
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        // The document's id as a dictionary of numbers.
        let numbers = arrow::array::DictionaryArray::new(
            arrow::array::UInt8Array::from(vec![0]),
            Arc::new(arrow::array::UInt32Array::from(vec![7])),
        );
        fields[0] = fields[0]
            .clone()
            .with_data_type(numbers.data_type().clone());
        columns[0] = Arc::new(numbers);
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut writer = TableWriter::create(&TOKENS, dir.path(), true).expect("create");
        let error = writer
            .write_batch(&batch)
            .expect_err("a dictionary of numbers is not text");
        assert!(
            error
                .to_string()
                .contains("does not fit the table's schema"),
            "{error}"
        );
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

//! A Parquet column chunk of strings, dictionary-encoded here instead of by
//! the `parquet` crate. The crate interns every value through a general hash
//! table, which was a fifth of the tokenise stage's instructions (a million
//! words and norms per BBC run, each hashed with a keyed hash and compared
//! through a library call). Here a value equal to the one before it (a
//! document's id down its tokens, a token's kind) costs one comparison, and
//! the others one fast hash; the pages are those the crate writes: a PLAIN
//! dictionary page, then one data page of RLE/bit-packed indices, both
//! compressed as the table's properties say.
//!
//! A chunk that does not suit a dictionary (more distinct bytes than the
//! properties' dictionary page limit, nulls, min/max statistics that would
//! be truncated, a codec other than zstd) is `None`, and the caller writes
//! it with the crate as before: the file is the same either way to a reader.

use arrow::array::{Array, StringArray};
use bytes::Bytes;
use parquet::basic::{Compression, Encoding};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::errors::{ParquetError, Result};
use parquet::file::metadata::ColumnChunkMetaData;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::statistics::Statistics;
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;
use std::collections::HashMap;

/// A column chunk's bytes and the metadata that places them in a row group
/// (`SerializedRowGroupWriter::append_column`).
pub struct EncodedChunk {
    pub bytes: Bytes,
    pub close: ColumnCloseResult,
}

/// The values of `arrays`, in order, as one dictionary-encoded column chunk,
/// or `None` where the crate's writer should write them (see the module).
pub fn encode(
    descr: &ColumnDescPtr,
    arrays: &[&StringArray],
    properties: &WriterProperties,
) -> Result<Option<EncodedChunk>> {
    let path = descr.path();
    let Compression::ZSTD(level) = properties.compression(path) else {
        return Ok(None);
    };
    if arrays.iter().any(|array| array.null_count() > 0) {
        return Ok(None);
    }
    let Some(dictionary) = Dictionary::of(arrays, properties.dictionary_page_size_limit()) else {
        return Ok(None);
    };
    let statistics = match properties.statistics_enabled(path) {
        EnabledStatistics::None => None,
        _ => match dictionary.min_max() {
            Some((min, max))
                if properties
                    .statistics_truncate_length()
                    .is_some_and(|limit| min.len() > limit || max.len() > limit) =>
            {
                return Ok(None);
            }
            Some((min, max)) => Some(Statistics::byte_array(
                Some(min.to_vec().into()),
                Some(max.to_vec().into()),
                None,
                Some(0),
                false,
            )),
            None => None,
        },
    };

    let rows = dictionary.indices.len();
    let mut data = Vec::with_capacity(rows * 2 + 16);
    if descr.max_def_level() > 0 {
        // Every value is present: the definition levels are one run of 1s,
        // preceded (in a version 1 data page) by their length in bytes.
        let mut levels = Vec::with_capacity(8);
        push_run(&mut levels, rows, 1, 1);
        data.extend_from_slice(&(levels.len() as u32).to_le_bytes());
        data.extend_from_slice(&levels);
    }
    let bit_width = bits_for(dictionary.values.len().saturating_sub(1) as u32);
    data.push(bit_width);
    push_hybrid(&mut data, &dictionary.indices, bit_width);

    let mut plain = Vec::with_capacity(dictionary.bytes + 4 * dictionary.values.len());
    for value in &dictionary.values {
        plain.extend_from_slice(&(value.len() as u32).to_le_bytes());
        plain.extend_from_slice(value);
    }

    let level = level.compression_level();
    let compress = |bytes: &[u8]| -> Result<Bytes> {
        zstd::bulk::compress(bytes, level)
            .map(Bytes::from)
            .map_err(|e| ParquetError::External(Box::new(e)))
    };
    let dictionary_page = CompressedPage::new(
        Page::DictionaryPage {
            buf: compress(&plain)?,
            num_values: dictionary.values.len() as u32,
            encoding: Encoding::PLAIN,
            is_sorted: false,
        },
        plain.len(),
    );
    let data_page = CompressedPage::new(
        Page::DataPage {
            buf: compress(&data)?,
            num_values: rows as u32,
            encoding: Encoding::RLE_DICTIONARY,
            def_level_encoding: Encoding::RLE,
            rep_level_encoding: Encoding::RLE,
            statistics: None,
        },
        data.len(),
    );

    let mut sink = TrackedWrite::new(Vec::new());
    let (dictionary_spec, data_spec) = {
        let mut pages = SerializedPageWriter::new(&mut sink);
        let dictionary_spec = pages.write_page(dictionary_page)?;
        let data_spec = pages.write_page(data_page)?;
        pages.close()?;
        (dictionary_spec, data_spec)
    };
    let bytes = Bytes::from(sink.into_inner()?);
    let mut metadata = ColumnChunkMetaData::builder(descr.clone())
        .set_compression(Compression::ZSTD(parquet::basic::ZstdLevel::try_new(
            level,
        )?))
        .set_encodings(vec![
            Encoding::PLAIN,
            Encoding::RLE,
            Encoding::RLE_DICTIONARY,
        ])
        .set_num_values(rows as i64)
        .set_total_compressed_size(bytes.len() as i64)
        .set_total_uncompressed_size(
            (dictionary_spec.uncompressed_size + data_spec.uncompressed_size) as i64,
        )
        .set_dictionary_page_offset(Some(dictionary_spec.offset as i64))
        .set_data_page_offset(data_spec.offset as i64)
        .set_unencoded_byte_array_data_bytes(Some(dictionary.unencoded_bytes as i64));
    if let Some(statistics) = statistics {
        metadata = metadata.set_statistics(statistics);
    }
    Ok(Some(EncodedChunk {
        close: ColumnCloseResult {
            bytes_written: bytes.len() as u64,
            rows_written: rows as u64,
            metadata: metadata.build()?,
            bloom_filter: None,
            column_index: None,
            offset_index: None,
        },
        bytes,
    }))
}

/// Distinct values in first-seen order and each row's index among them.
struct Dictionary<'a> {
    values: Vec<&'a [u8]>,
    indices: Vec<u32>,
    /// Bytes of the distinct values.
    bytes: usize,
    /// Bytes of all the rows' values.
    unencoded_bytes: usize,
}

impl<'a> Dictionary<'a> {
    /// `None` once the distinct values pass `byte_limit` bytes: the rows are
    /// then too varied for a dictionary to pay (the crate falls back to
    /// plain pages at the same limit).
    fn of(arrays: &[&'a StringArray], byte_limit: usize) -> Option<Self> {
        let rows: usize = arrays.iter().map(|array| array.len()).sum();
        let mut dictionary = Self {
            values: Vec::new(),
            indices: Vec::with_capacity(rows),
            bytes: 0,
            unencoded_bytes: 0,
        };
        let mut index_of: HashMap<&[u8], u32, rustc_hash::FxBuildHasher> = HashMap::default();
        let mut previous: Option<(&[u8], u32)> = None;
        for array in arrays {
            let offsets = array.value_offsets();
            let values = array.value_data();
            dictionary.unencoded_bytes += (offsets[array.len()] - offsets[0]) as usize;
            for pair in offsets.windows(2) {
                let value = &values[pair[0] as usize..pair[1] as usize];
                let index = match previous {
                    Some((last, index)) if last == value => index,
                    _ => {
                        let next = dictionary.values.len() as u32;
                        let index = *index_of.entry(value).or_insert(next);
                        if index == next {
                            dictionary.values.push(value);
                            dictionary.bytes += value.len();
                            if dictionary.bytes > byte_limit {
                                return None;
                            }
                        }
                        previous = Some((value, index));
                        index
                    }
                };
                dictionary.indices.push(index);
            }
        }
        Some(dictionary)
    }

    /// The least and greatest value in byte order, as Parquet orders UTF-8.
    fn min_max(&self) -> Option<(&'a [u8], &'a [u8])> {
        let min = self.values.iter().min()?;
        let max = self.values.iter().max()?;
        Some((min, max))
    }
}

/// Bits needed for values up to `max`; at least one, which every reader
/// takes (a zero width, though valid, is a corner not all of them handle).
fn bits_for(max: u32) -> u8 {
    (32 - max.leading_zeros()).max(1) as u8
}

/// Bit-packed groups per run header: 63 keeps the header one byte.
const GROUPS_PER_RUN: usize = 63;

/// Appends `values` in the RLE/bit-packed hybrid encoding at `bit_width`: a
/// run of eight or more equal values as one repeated value, everything else
/// bit-packed eight at a time (only the last group may be padded, which the
/// page's value count makes harmless).
fn push_hybrid(out: &mut Vec<u8>, values: &[u32], bit_width: u8) {
    let mut literal_start = 0;
    let mut at = 0;
    while at < values.len() {
        let value = values[at];
        let run = values[at..].iter().take_while(|&&v| v == value).count();
        if run >= 8 {
            // Literals pending before the run are whole groups of eight:
            // `at` only moves by eight between runs.
            push_packed(out, &values[literal_start..at], bit_width);
            push_run(out, run, value, bit_width);
            at += run;
            literal_start = at;
        } else {
            at = (at + 8).min(values.len());
        }
    }
    push_packed(out, &values[literal_start..], bit_width);
}

/// An RLE run: its length, then the value in whole bytes.
fn push_run(out: &mut Vec<u8>, length: usize, value: u32, bit_width: u8) {
    push_uleb128(out, (length as u64) << 1);
    let bytes = usize::from(bit_width).div_ceil(8);
    out.extend_from_slice(&value.to_le_bytes()[..bytes]);
}

/// Bit-packed runs of `values`, least significant bit first, in groups of
/// eight (the last padded with zeros).
fn push_packed(out: &mut Vec<u8>, values: &[u32], bit_width: u8) {
    for run in values.chunks(GROUPS_PER_RUN * 8) {
        let groups = run.len().div_ceil(8);
        push_uleb128(out, ((groups as u64) << 1) | 1);
        let mut accumulator: u64 = 0;
        let mut filled = 0u32;
        for position in 0..groups * 8 {
            let value = run.get(position).copied().unwrap_or(0);
            accumulator |= u64::from(value) << filled;
            filled += u32::from(bit_width);
            while filled >= 8 {
                out.push(accumulator as u8);
                accumulator >>= 8;
                filled -= 8;
            }
        }
    }
}

fn push_uleb128(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow::record_batch::RecordBatch;
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use proptest::prelude::*;
    use std::sync::Arc;

    /// Writes `arrays` as one row group of a one-column file through
    /// `encode` (which must accept them) and reads the file back with the
    /// crate's reader, an independent decoder of the pages.
    fn write_and_read(arrays: &[StringArray], nullable: bool) -> (Vec<String>, Bytes) {
        let schema = Arc::new(Schema::new(vec![Field::new(
            "text",
            DataType::Utf8,
            nullable,
        )]));
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(Default::default()))
            .build();
        let (mut file, _) =
            ArrowWriter::try_new(Vec::new(), Arc::clone(&schema), Some(properties.clone()))
                .expect("a writer")
                .into_serialized_writer()
                .expect("a file writer");
        let descriptor = file.schema_descr().column(0);
        let arrays: Vec<&StringArray> = arrays.iter().collect();
        let chunk = encode(&descriptor, &arrays, &properties)
            .expect("encodable")
            .expect("values without nulls take a dictionary");
        let mut row_group = file.next_row_group().expect("a row group");
        row_group
            .append_column(&chunk.bytes, chunk.close)
            .expect("the chunk fits the row group");
        row_group.close().expect("closed");
        let bytes = Bytes::from(file.into_inner().expect("the file"));
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes.clone())
            .expect("readable")
            .build()
            .expect("a reader");
        let mut values = Vec::new();
        for batch in reader {
            let batch: RecordBatch = batch.expect("a batch");
            let column = batch
                .column(0)
                .as_any()
                .downcast_ref::<StringArray>()
                .expect("strings");
            values.extend(
                column
                    .iter()
                    .map(|value| value.expect("no nulls").to_string()),
            );
        }
        (values, bytes)
    }

    /// Values drawn from a few distinct words, in runs of any length, so
    /// that rows mix repeated runs and bit-packed groups.
    fn runs() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(("[a-c]{0,3}", 1usize..20), 0..60).prop_map(|runs| {
            runs.into_iter()
                .flat_map(|(word, length)| std::iter::repeat_n(word, length))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the runs, split over however many arrays, nullable
        /// column or not, the crate's reader reads back the same values.
        #[test]
        fn chunks_read_back_as_written(values in runs(), split in 0usize..100, nullable: bool) {
            let split = split.min(values.len());
            let arrays = [
                StringArray::from_iter_values(&values[..split]),
                StringArray::from_iter_values(&values[split..]),
            ];
            let (read, _) = write_and_read(&arrays, nullable);
            prop_assert_eq!(read, values);
        }
    }

    /// Bit widths across byte boundaries: one distinct value, 256 (eight
    /// bits), 257 (nine, whose repeated runs take two bytes), and 70,000
    /// (seventeen bits, three bytes), in literal groups and runs, with more
    /// than one run header's 504 literals.
    #[test]
    fn every_bit_width_reads_back() {
        for distinct in [1usize, 2, 255, 256, 257, 70_000] {
            let mut values: Vec<String> = (0..distinct).map(|n| format!("w{n}")).collect();
            values.extend(std::iter::repeat_n(format!("w{}", distinct - 1), 9));
            values.extend((0..distinct).rev().map(|n| format!("w{n}")));
            let (read, _) = write_and_read(&[StringArray::from_iter_values(&values)], false);
            assert_eq!(read, values, "{distinct} distinct values");
        }
    }

    /// The chunk's statistics hold the least and greatest value, as the
    /// crate's writer would record them, so readers can skip row groups.
    #[test]
    fn statistics_hold_the_least_and_greatest_value() {
        let values = ["politics/2", "business/10", "tech/1", "business/10"];
        let (_, bytes) = write_and_read(&[StringArray::from_iter_values(values)], false);
        let reader = SerializedFileReader::new(bytes).expect("readable");
        let column = reader.metadata().row_group(0).column(0);
        let statistics = column.statistics().expect("statistics");
        assert_eq!(statistics.min_bytes_opt(), Some("business/10".as_bytes()));
        assert_eq!(statistics.max_bytes_opt(), Some("tech/1".as_bytes()));
        assert_eq!(statistics.null_count_opt(), Some(0));
        assert!(column.dictionary_page_offset().is_some());
    }

    /// Chunks a dictionary would not suit are left to the crate's writer.
    #[test]
    fn unsuitable_chunks_are_declined() {
        let schema = Arc::new(Schema::new(vec![Field::new("text", DataType::Utf8, true)]));
        let descriptor = ArrowWriter::try_new(Vec::new(), schema, None)
            .expect("a writer")
            .into_serialized_writer()
            .expect("a file writer")
            .0
            .schema_descr()
            .column(0);
        let zstd =
            || WriterProperties::builder().set_compression(Compression::ZSTD(Default::default()));
        let with_null = StringArray::from(vec![Some("a"), None]);
        assert!(
            encode(&descriptor, &[&with_null], &zstd().build())
                .unwrap()
                .is_none()
        );
        let varied = StringArray::from_iter_values((0..100).map(|n| format!("value {n}")));
        let small_limit = zstd().set_dictionary_page_size_limit(64).build();
        assert!(
            encode(&descriptor, &[&varied], &small_limit)
                .unwrap()
                .is_none()
        );
        let long = StringArray::from_iter_values(["x".repeat(65)]);
        assert!(
            encode(&descriptor, &[&long], &zstd().build())
                .unwrap()
                .is_none()
        );
        let uncompressed = WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build();
        let plain = StringArray::from_iter_values(["a"]);
        assert!(
            encode(&descriptor, &[&plain], &uncompressed)
                .unwrap()
                .is_none()
        );
        assert!(
            encode(&descriptor, &[&plain], &zstd().build())
                .unwrap()
                .is_some()
        );
    }
}

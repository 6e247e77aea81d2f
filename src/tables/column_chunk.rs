//! Parquet column chunks of the tables' two commonest kinds of column,
//! encoded here instead of by the `parquet` crate, whose general writers
//! were most of the tokenise stage's Parquet time.
//!
//! Strings: the crate interns every value through a general hash table (a
//! fifth of the stage's instructions: a million words and norms per BBC run,
//! each hashed with a keyed hash and compared through a library call). Here a
//! value equal to the one before it (a document's id down its tokens, a
//! token's kind) costs one comparison, and the others one fast hash. The
//! pages are those the crate writes: a PLAIN dictionary page, then a data
//! page of RLE/bit-packed indices.
//!
//! Unsigned integers (offsets, indices, counts): DELTA_BINARY_PACKED, as the
//! table properties ask, in one pass that also finds the minimum and maximum
//! (the crate's encoder cost about 55 instructions a value, and a second pass
//! for the statistics).
//!
//! Every chunk is one data page, compressed as the properties say. A chunk
//! these encoders do not suit (nulls, more distinct bytes than the
//! dictionary page limit, string statistics that would be truncated, a codec
//! other than zstd, other encodings) is `None`, and the caller writes it with
//! the crate as before: to a reader the file is the same either way.

use arrow::array::{Array, StringArray, UInt32Array, UInt64Array};
use bytes::Bytes;
use parquet::basic::{Compression, Encoding, Type as PhysicalType, ZstdLevel};
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
pub fn strings(
    descr: &ColumnDescPtr,
    arrays: &[&StringArray],
    properties: &WriterProperties,
) -> Result<Option<EncodedChunk>> {
    let path = descr.path();
    let Some(level) = zstd_level(properties.compression(path)) else {
        return Ok(None);
    };
    if !properties.dictionary_enabled(path) || arrays.iter().any(|array| array.null_count() > 0) {
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
    push_definition_levels(&mut data, descr, rows);
    let bit_width = bits_for(dictionary.values.len().saturating_sub(1) as u32);
    data.push(bit_width);
    push_hybrid(&mut data, &dictionary.indices, bit_width);

    let mut plain = Vec::with_capacity(dictionary.bytes + 4 * dictionary.values.len());
    for value in &dictionary.values {
        plain.extend_from_slice(&(value.len() as u32).to_le_bytes());
        plain.extend_from_slice(value);
    }
    let chunk = Chunk {
        rows,
        dictionary: Some((plain, dictionary.values.len())),
        data,
        encoding: Encoding::RLE_DICTIONARY,
        statistics,
        unencoded_bytes: Some(dictionary.unencoded_bytes),
    };
    chunk.write(descr, level).map(Some)
}

/// The values of `arrays` (all `UInt32Array` or all `UInt64Array`, as the
/// column's physical type INT32 or INT64 stores them), in order, as one
/// DELTA_BINARY_PACKED column chunk, or `None` as for `strings`.
pub fn unsigned(
    descr: &ColumnDescPtr,
    arrays: &[&dyn Array],
    properties: &WriterProperties,
) -> Result<Option<EncodedChunk>> {
    let path = descr.path();
    let Some(level) = zstd_level(properties.compression(path)) else {
        return Ok(None);
    };
    if properties.dictionary_enabled(path)
        || properties.encoding(path) != Some(Encoding::DELTA_BINARY_PACKED)
        || arrays.iter().any(|array| array.null_count() > 0)
    {
        return Ok(None);
    }
    // Each value as the physical type's bits, widened: deltas wrap within
    // the physical type, as readers add them back.
    let (values, width): (Vec<u64>, u32) = match descr.physical_type() {
        PhysicalType::INT32 => {
            let Some(arrays) = downcast::<UInt32Array>(arrays) else {
                return Ok(None);
            };
            let values = arrays
                .iter()
                .flat_map(|a| a.values().iter().map(|&v| u64::from(v)));
            (values.collect(), 32)
        }
        PhysicalType::INT64 => {
            let Some(arrays) = downcast::<UInt64Array>(arrays) else {
                return Ok(None);
            };
            (
                arrays
                    .iter()
                    .flat_map(|a| a.values().iter().copied())
                    .collect(),
                64,
            )
        }
        _ => return Ok(None),
    };
    let rows = values.len();
    let statistics = match properties.statistics_enabled(path) {
        EnabledStatistics::None => None,
        // Unsigned logical types order as unsigned; the statistics hold the
        // physical type's bits of the least and greatest value.
        _ => match (values.iter().min(), values.iter().max()) {
            (Some(&min), Some(&max)) if width == 32 => Some(Statistics::int32(
                Some(min as u32 as i32),
                Some(max as u32 as i32),
                None,
                Some(0),
                false,
            )),
            (Some(&min), Some(&max)) => Some(Statistics::int64(
                Some(min as i64),
                Some(max as i64),
                None,
                Some(0),
                false,
            )),
            _ => None,
        },
    };
    let mut data = Vec::with_capacity(rows + 64);
    push_definition_levels(&mut data, descr, rows);
    push_delta_binary_packed(&mut data, &values, width);
    let chunk = Chunk {
        rows,
        dictionary: None,
        data,
        encoding: Encoding::DELTA_BINARY_PACKED,
        statistics,
        unencoded_bytes: None,
    };
    chunk.write(descr, level).map(Some)
}

fn downcast<'a, T: 'static>(arrays: &[&'a dyn Array]) -> Option<Vec<&'a T>> {
    arrays
        .iter()
        .map(|array| array.as_any().downcast_ref::<T>())
        .collect()
}

/// The zstd level of a codec, or `None` for any other codec.
fn zstd_level(compression: Compression) -> Option<i32> {
    match compression {
        Compression::ZSTD(level) => Some(level.compression_level()),
        _ => None,
    }
}

/// A chunk's encoded pages before compression.
struct Chunk {
    rows: usize,
    /// The PLAIN dictionary page's bytes and number of values.
    dictionary: Option<(Vec<u8>, usize)>,
    /// The data page's bytes: definition levels, then the values.
    data: Vec<u8>,
    encoding: Encoding,
    statistics: Option<Statistics>,
    /// Bytes of all string values, for the size statistics.
    unencoded_bytes: Option<usize>,
}

impl Chunk {
    /// Compresses the pages and writes them with their headers, the
    /// dictionary first, as the crate's writer lays a chunk out.
    fn write(self, descr: &ColumnDescPtr, level: i32) -> Result<EncodedChunk> {
        let compress = |bytes: &[u8]| -> Result<Bytes> {
            zstd::bulk::compress(bytes, level)
                .map(Bytes::from)
                .map_err(|e| ParquetError::External(Box::new(e)))
        };
        let mut sink = TrackedWrite::new(Vec::new());
        let mut pages = SerializedPageWriter::new(&mut sink);
        let dictionary_spec = match &self.dictionary {
            Some((plain, values)) => Some(pages.write_page(CompressedPage::new(
                Page::DictionaryPage {
                    buf: compress(plain)?,
                    num_values: *values as u32,
                    encoding: Encoding::PLAIN,
                    is_sorted: false,
                },
                plain.len(),
            ))?),
            None => None,
        };
        let data_spec = pages.write_page(CompressedPage::new(
            Page::DataPage {
                buf: compress(&self.data)?,
                num_values: self.rows as u32,
                encoding: self.encoding,
                def_level_encoding: Encoding::RLE,
                rep_level_encoding: Encoding::RLE,
                statistics: None,
            },
            self.data.len(),
        ))?;
        pages.close()?;
        let bytes = Bytes::from(sink.into_inner()?);
        let mut encodings = vec![Encoding::RLE, self.encoding];
        if self.dictionary.is_some() {
            encodings.insert(0, Encoding::PLAIN);
        }
        let uncompressed = data_spec.uncompressed_size
            + dictionary_spec
                .as_ref()
                .map_or(0, |spec| spec.uncompressed_size);
        let mut metadata = ColumnChunkMetaData::builder(descr.clone())
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(level)?))
            .set_encodings(encodings)
            .set_num_values(self.rows as i64)
            .set_total_compressed_size(bytes.len() as i64)
            .set_total_uncompressed_size(uncompressed as i64)
            .set_dictionary_page_offset(dictionary_spec.map(|spec| spec.offset as i64))
            .set_data_page_offset(data_spec.offset as i64)
            .set_unencoded_byte_array_data_bytes(self.unencoded_bytes.map(|bytes| bytes as i64));
        if let Some(statistics) = self.statistics {
            metadata = metadata.set_statistics(statistics);
        }
        Ok(EncodedChunk {
            close: ColumnCloseResult {
                bytes_written: bytes.len() as u64,
                rows_written: self.rows as u64,
                metadata: metadata.build()?,
                bloom_filter: None,
                column_index: None,
                offset_index: None,
            },
            bytes,
        })
    }
}

/// A nullable column's definition levels for rows that are all present: one
/// run of 1s, preceded (in a version 1 data page) by its length in bytes.
fn push_definition_levels(data: &mut Vec<u8>, descr: &ColumnDescPtr, rows: usize) {
    if descr.max_def_level() > 0 {
        let mut levels = Vec::with_capacity(8);
        push_run(&mut levels, rows, 1, 1);
        data.extend_from_slice(&(levels.len() as u32).to_le_bytes());
        data.extend_from_slice(&levels);
    }
}

/// Values per DELTA_BINARY_PACKED block, and miniblocks per block (the
/// crate's own choice: 128 values in four bit-packed runs of 32).
const DELTA_BLOCK: usize = 128;
const DELTA_MINIBLOCKS: usize = 4;
const MINIBLOCK: usize = DELTA_BLOCK / DELTA_MINIBLOCKS;

/// Appends `values` (each the physical type's bits, of `width` 32 or 64) in
/// the DELTA_BINARY_PACKED encoding: a header with the first value, then per
/// block of 128 the least delta and each miniblock's deltas above it,
/// bit-packed at the miniblock's width. Deltas wrap within the physical type.
fn push_delta_binary_packed(out: &mut Vec<u8>, values: &[u64], width: u32) {
    let mask = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    // A physical value as the signed integer readers see.
    let signed = |value: u64| -> i64 {
        if width == 64 {
            value as i64
        } else {
            i64::from(value as u32 as i32)
        }
    };
    push_uleb128(out, DELTA_BLOCK as u64);
    push_uleb128(out, DELTA_MINIBLOCKS as u64);
    push_uleb128(out, values.len() as u64);
    push_uleb128(out, zigzag(values.first().map_or(0, |&v| signed(v))));
    let mut deltas = [0i64; DELTA_BLOCK];
    for block_start in (1..values.len().max(1)).step_by(DELTA_BLOCK) {
        let block = &values[block_start - 1..(block_start + DELTA_BLOCK).min(values.len())];
        // Each delta, wrapped to the physical type, as a signed integer.
        for (delta, pair) in deltas.iter_mut().zip(block.windows(2)) {
            *delta = signed(pair[1].wrapping_sub(pair[0]) & mask);
        }
        let deltas = &deltas[..block.len() - 1];
        let least = deltas.iter().copied().min().unwrap_or(0);
        push_uleb128(out, zigzag(least));
        // Above the least delta, each fits in the physical width; a short
        // last miniblock is padded with zeros to a whole one.
        let mut lanes = [[0u64; MINIBLOCK]; DELTA_MINIBLOCKS];
        let mut widths = [0u8; DELTA_MINIBLOCKS];
        for ((lane, width), miniblock) in lanes
            .iter_mut()
            .zip(&mut widths)
            .zip(deltas.chunks(MINIBLOCK))
        {
            for (slot, &delta) in lane.iter_mut().zip(miniblock) {
                *slot = (delta.wrapping_sub(least) as u64) & mask;
            }
            *width = (64 - lane.iter().fold(0, |most, &v| most | v).leading_zeros()) as u8;
        }
        out.extend_from_slice(&widths);
        let used = deltas.len().div_ceil(MINIBLOCK);
        for (lane, &width) in lanes.iter().zip(&widths).take(used) {
            let mut packer = BitPacker::new(out, width);
            for &value in lane {
                packer.put(value);
            }
            packer.finish();
        }
    }
}

/// Bits packed least significant first, a 64-bit word at a time.
struct BitPacker<'a> {
    out: &'a mut Vec<u8>,
    word: u64,
    /// Bits of `word` in use, always under 64 between calls.
    filled: u32,
    width: u32,
}

impl<'a> BitPacker<'a> {
    fn new(out: &'a mut Vec<u8>, width: u8) -> Self {
        Self {
            out,
            word: 0,
            filled: 0,
            width: u32::from(width),
        }
    }

    /// Appends the low `width` bits of `value` (the rest must be zero).
    #[inline]
    fn put(&mut self, value: u64) {
        if self.width == 0 {
            return;
        }
        self.word |= value << self.filled;
        self.filled += self.width;
        if self.filled >= 64 {
            self.out.extend_from_slice(&self.word.to_le_bytes());
            self.filled -= 64;
            // The bits of `value` that did not fit start the next word.
            self.word = if self.filled == 0 {
                0
            } else {
                value >> (self.width - self.filled)
            };
        }
    }

    /// Writes the last bits, padded with zeros to a whole byte.
    fn finish(self) {
        let bytes = self.filled.div_ceil(8) as usize;
        self.out
            .extend_from_slice(&self.word.to_le_bytes()[..bytes]);
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
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
        let mut packer = BitPacker::new(out, bit_width);
        for &value in run {
            packer.put(u64::from(value));
        }
        for _ in run.len()..groups * 8 {
            packer.put(0);
        }
        packer.finish();
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
    use arrow::array::ArrayRef;
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow::record_batch::RecordBatch;
    use parquet::arrow::ArrowWriter;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use proptest::prelude::*;
    use std::sync::Arc;

    /// Writes `arrays` as one row group of a one-column file of `data_type`
    /// through this module's encoder for it (which must accept them), with
    /// the properties the tables use, and reads the file back with the
    /// crate's reader, an independent decoder of the pages.
    fn write_and_read(
        arrays: &[ArrayRef],
        data_type: DataType,
        nullable: bool,
    ) -> (ArrayRef, Bytes) {
        let schema = Arc::new(Schema::new(vec![Field::new(
            "column",
            data_type.clone(),
            nullable,
        )]));
        let mut properties =
            WriterProperties::builder().set_compression(Compression::ZSTD(Default::default()));
        if data_type != DataType::Utf8 {
            properties = properties
                .set_dictionary_enabled(false)
                .set_encoding(Encoding::DELTA_BINARY_PACKED);
        }
        let properties = properties.build();
        let (mut file, _) =
            ArrowWriter::try_new(Vec::new(), Arc::clone(&schema), Some(properties.clone()))
                .expect("a writer")
                .into_serialized_writer()
                .expect("a file writer");
        let descriptor = file.schema_descr().column(0);
        let chunk = if data_type == DataType::Utf8 {
            let arrays: Vec<&StringArray> = arrays
                .iter()
                .map(|a| a.as_any().downcast_ref().expect("strings"))
                .collect();
            strings(&descriptor, &arrays, &properties)
        } else {
            let arrays: Vec<&dyn Array> = arrays.iter().map(|a| a.as_ref()).collect();
            unsigned(&descriptor, &arrays, &properties)
        };
        let chunk = chunk
            .expect("encodable")
            .expect("values without nulls are taken");
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
        let batches: Vec<RecordBatch> = reader
            .collect::<std::result::Result<_, _>>()
            .expect("batches");
        let columns: Vec<&dyn Array> = batches
            .iter()
            .map(|batch| batch.column(0).as_ref())
            .collect();
        let read = if columns.is_empty() {
            arrow::array::new_empty_array(&data_type)
        } else {
            arrow::compute::concat(&columns).expect("one type")
        };
        (read, bytes)
    }

    /// `write_and_read` of string arrays, as strings.
    fn strings_read_back(arrays: &[StringArray], nullable: bool) -> (Vec<String>, Bytes) {
        let arrays: Vec<ArrayRef> = arrays
            .iter()
            .map(|a| Arc::new(a.clone()) as ArrayRef)
            .collect();
        let (read, bytes) = write_and_read(&arrays, DataType::Utf8, nullable);
        let read = read
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("strings");
        (
            read.iter()
                .map(|value| value.expect("no nulls").to_string())
                .collect(),
            bytes,
        )
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
            let (read, _) = strings_read_back(&arrays, nullable);
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
            let (read, _) = strings_read_back(&[StringArray::from_iter_values(&values)], false);
            assert_eq!(read, values, "{distinct} distinct values");
        }
    }

    /// The chunk's statistics hold the least and greatest value, as the
    /// crate's writer would record them, so readers can skip row groups.
    #[test]
    fn statistics_hold_the_least_and_greatest_value() {
        let values = ["politics/2", "business/10", "tech/1", "business/10"];
        let (_, bytes) = strings_read_back(&[StringArray::from_iter_values(values)], false);
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
            strings(&descriptor, &[&with_null], &zstd().build())
                .unwrap()
                .is_none()
        );
        let varied = StringArray::from_iter_values((0..100).map(|n| format!("value {n}")));
        let small_limit = zstd().set_dictionary_page_size_limit(64).build();
        assert!(
            strings(&descriptor, &[&varied], &small_limit)
                .unwrap()
                .is_none()
        );
        let long = StringArray::from_iter_values(["x".repeat(65)]);
        assert!(
            strings(&descriptor, &[&long], &zstd().build())
                .unwrap()
                .is_none()
        );
        let uncompressed = WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build();
        let plain = StringArray::from_iter_values(["a"]);
        assert!(
            strings(&descriptor, &[&plain], &uncompressed)
                .unwrap()
                .is_none()
        );
        assert!(
            strings(&descriptor, &[&plain], &zstd().build())
                .unwrap()
                .is_some()
        );
    }

    /// Integers near where deltas wrap or need many bits: small steps up and
    /// down, jumps across the whole range.
    fn unsigned_values() -> impl Strategy<Value = Vec<u64>> {
        proptest::collection::vec(
            prop_oneof![
                0u64..300,
                Just(u64::MAX),
                Just(u64::from(u32::MAX)),
                any::<u64>()
            ],
            0..700,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any run of unsigned values, 32 or 64 bits, over however many
        /// arrays and blocks (a block is 128 deltas), reads back as written.
        #[test]
        fn unsigned_chunks_read_back_as_written(values in unsigned_values(), split in 0usize..700, nullable: bool) {
            let split = split.min(values.len());
            let wide: Vec<ArrayRef> = [&values[..split], &values[split..]]
                .iter()
                .map(|part| Arc::new(UInt64Array::from(part.to_vec())) as ArrayRef)
                .collect();
            let (read, _) = write_and_read(&wide, DataType::UInt64, nullable);
            let read = read.as_any().downcast_ref::<UInt64Array>().expect("u64");
            prop_assert_eq!(read.values().to_vec(), values.clone());

            let narrow_values: Vec<u32> = values.iter().map(|&v| v as u32).collect();
            let narrow: Vec<ArrayRef> = [&narrow_values[..split], &narrow_values[split..]]
                .iter()
                .map(|part| Arc::new(UInt32Array::from(part.to_vec())) as ArrayRef)
                .collect();
            let (read, _) = write_and_read(&narrow, DataType::UInt32, nullable);
            let read = read.as_any().downcast_ref::<UInt32Array>().expect("u32");
            prop_assert_eq!(read.values().to_vec(), narrow_values);
        }
    }

    /// Unsigned statistics order as unsigned: a value past the signed range
    /// is the greatest, and readers comparing as unsigned skip correctly.
    #[test]
    fn unsigned_statistics_order_as_unsigned() {
        let values: ArrayRef = Arc::new(UInt32Array::from(vec![7, u32::MAX, 3]));
        let (_, bytes) = write_and_read(&[values], DataType::UInt32, false);
        let reader = SerializedFileReader::new(bytes).expect("readable");
        let statistics = reader
            .metadata()
            .row_group(0)
            .column(0)
            .statistics()
            .expect("statistics")
            .clone();
        let Statistics::Int32(statistics) = statistics else {
            panic!("INT32 statistics expected, got {statistics:?}");
        };
        assert_eq!(statistics.min_opt(), Some(&3));
        assert_eq!(statistics.max_opt(), Some(&(u32::MAX as i32)));
    }
}

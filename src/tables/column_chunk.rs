//! Parquet column chunks of the tables' two commonest kinds of column,
//! encoded here instead of by the `parquet` crate, whose general writers
//! were most of the tokenise stage's Parquet time.
//!
//! Strings: the crate interns every value through a general hash table (a
//! fifth of the stage's instructions: a million words and norms per BBC run,
//! each hashed with a keyed hash and compared through a library call). Here a
//! value equal to the one before it (a document's id down its tokens, a
//! token's kind) costs one comparison, a value of up to seven bytes one
//! integer hash, and the others one fast hash of their bytes. The pages are
//! those the crate writes: a PLAIN dictionary page, then data pages of
//! RLE/bit-packed indices; or, past the dictionary's size limit (sentence
//! and document texts), PLAIN data pages (the crate writes its first pages
//! with the dictionary before it falls back to PLAIN; readers read both
//! alike). A text column built as a dictionary (`text_column`) is written
//! as the same rows in plain strings would be, byte for byte.
//!
//! Unsigned integers (offsets, indices, counts): DELTA_BINARY_PACKED, as the
//! table properties ask, in one pass per page that also finds the page's
//! least and greatest value (the crate's encoder cost about 55 instructions
//! a value, with a second pass for the statistics).
//!
//! A chunk of more than a mebibyte of pages has them compressed in parallel:
//! a row group of long texts is otherwise one core's work, and the last one
//! of a table is encoded when nothing else is left to run beside it.
//!
//! Data pages hold at most the properties' row limit, and the chunk carries
//! what readers use of the crate's: statistics, page encoding counts, the
//! offset index, and the column index where page statistics are asked for,
//! so a reader reads and prunes the file alike either way (left out: the
//! per-page sizes of unencoded strings and the level histograms, which only
//! size estimates use). A chunk these encoders do not suit
//! (nulls, nesting, statistics that would be truncated, a codec other than
//! zstd, another encoding or format version, bloom filters) is `None`, and
//! the caller writes it with the crate.

use super::text_column::{Keys, TextColumn};
use arrow::array::{Array, StringArray, UInt32Array, UInt64Array};
use bytes::Bytes;
use parquet::basic::{
    BoundaryOrder, Compression, Encoding, PageType, Type as PhysicalType, ZstdLevel,
};
use parquet::column::page::{CompressedPage, Page, PageWriter};
use parquet::column::writer::ColumnCloseResult;
use parquet::errors::{ParquetError, Result};
use parquet::file::metadata::{
    ColumnChunkMetaData, ColumnIndexBuilder, OffsetIndexBuilder, PageEncodingStats,
};
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterVersion};
use parquet::file::statistics::Statistics;
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;
use rayon::prelude::*;
use std::collections::HashMap;

/// A column chunk's bytes and the metadata that places them in a row group
/// (`SerializedRowGroupWriter::append_column`).
pub struct EncodedChunk {
    /// The pages with their headers, the dictionary first.
    pub bytes: Bytes,
    /// Sizes, statistics and page indexes, with offsets into `bytes`.
    pub close: ColumnCloseResult,
}

/// The values of `arrays` (string arrays), in order, as one column chunk,
/// dictionary-encoded or, past the dictionary's limit or without one, in
/// PLAIN pages; `None` where the crate's writer should write them (see the
/// module).
pub fn strings(
    descr: &ColumnDescPtr,
    arrays: &[&dyn Array],
    properties: &WriterProperties,
) -> Result<Option<EncodedChunk>> {
    let Some(level) = suitable(descr, arrays, properties) else {
        return Ok(None);
    };
    let path = descr.path();
    let Some(columns) = arrays
        .iter()
        .map(|array| TextColumn::of(*array))
        .collect::<Option<Vec<_>>>()
    else {
        return Ok(None);
    };
    let statistics_level = properties.statistics_enabled(path);
    // The crate counts each value's four-byte length in the page limit too.
    let limit = properties.dictionary_page_size_limit().min(MAX_PAGE_BYTES);
    let dictionary = if properties.dictionary_enabled(path) {
        Dictionary::of(&columns, limit)
    } else {
        None
    };
    let Some(dictionary) = dictionary else {
        // Without a dictionary, or past its limit, the column's own
        // encoding; PLAIN (the default) is the one written here.
        if properties
            .encoding(path)
            .is_some_and(|encoding| encoding != Encoding::PLAIN)
        {
            return Ok(None);
        }
        return plain_strings(descr, &columns, properties, level);
    };
    let longest = dictionary.values.iter().map(|value| value.len()).max();
    if statistics_would_be_cut(properties, path, longest) {
        return Ok(None);
    }
    let values = &dictionary.values;
    let bit_width = bits_for(values.len().saturating_sub(1) as u32);
    let mut pages = Vec::new();
    for indices in dictionary.indices.chunks(rows_per_page(properties)) {
        let mut bytes = Vec::with_capacity(indices.len() * 2 + 16);
        push_definition_levels(&mut bytes, descr, indices.len());
        bytes.push(bit_width);
        push_hybrid(&mut bytes, indices, bit_width);
        // The least and greatest value of the page: a run of one index is
        // compared once.
        let min_max = (statistics_level != EnabledStatistics::None).then(|| {
            let (mut least, mut most) = (indices[0], indices[0]);
            let mut previous = indices[0];
            for &index in &indices[1..] {
                if index != previous {
                    if values[index as usize] < values[least as usize] {
                        least = index;
                    }
                    if values[index as usize] > values[most as usize] {
                        most = index;
                    }
                    previous = index;
                }
            }
            (values[least as usize], values[most as usize])
        });
        pages.push(DataPage {
            rows: indices.len(),
            bytes,
            min_max,
        });
    }
    let mut plain = Vec::with_capacity(dictionary.bytes);
    for value in values {
        plain.extend_from_slice(&(value.len() as u32).to_le_bytes());
        plain.extend_from_slice(value);
    }
    let pages = string_pages(
        pages,
        statistics_level,
        Some((plain, values.len())),
        dictionary.unencoded_bytes,
    );
    pages.write(descr, properties, level).map(Some)
}

/// The values of `arrays` as PLAIN data pages (each value's length, then
/// its bytes), for string columns too varied for a dictionary (sentences,
/// documents). Pages end at the properties' byte and row limits, or after a
/// single value larger than the byte limit.
fn plain_strings(
    descr: &ColumnDescPtr,
    columns: &[TextColumn],
    properties: &WriterProperties,
    level: i32,
) -> Result<Option<EncodedChunk>> {
    let path = descr.path();
    let statistics_level = properties.statistics_enabled(path);
    let values: Vec<&[u8]> = columns
        .iter()
        .flat_map(|column| (0..column.len()).map(|row| column.value(row)))
        .collect();
    let longest = values.iter().map(|value| value.len()).max();
    if statistics_would_be_cut(properties, path, longest) {
        return Ok(None);
    }
    let page_bytes = properties.data_page_size_limit().clamp(1, MAX_PAGE_BYTES);
    let page_rows = properties.data_page_row_count_limit().max(1);
    let mut pages = Vec::new();
    let mut rest = values.as_slice();
    while !rest.is_empty() {
        let mut rows = 0;
        let mut bytes = 0;
        while let Some(value) = rest.get(rows)
            && rows < page_rows
            && (rows == 0 || bytes + 4 + value.len() <= page_bytes)
        {
            bytes += 4 + value.len();
            rows += 1;
        }
        let (page, after) = rest.split_at(rows);
        rest = after;
        let mut data = Vec::with_capacity(bytes + 16);
        push_definition_levels(&mut data, descr, page.len());
        for value in page {
            data.extend_from_slice(&(value.len() as u32).to_le_bytes());
            data.extend_from_slice(value);
        }
        let min_max = (statistics_level != EnabledStatistics::None).then(|| {
            let least = page.iter().min().copied().unwrap_or_default();
            let most = page.iter().max().copied().unwrap_or_default();
            (least, most)
        });
        pages.push(DataPage {
            rows: page.len(),
            bytes: data,
            min_max,
        });
    }
    let unencoded_bytes = values.iter().map(|value| value.len()).sum();
    string_pages(pages, statistics_level, None, unencoded_bytes)
        .write(descr, properties, level)
        .map(Some)
}

/// Whether statistics are kept for the column and a value of `longest`
/// bytes would pass the truncation limits: the statistics would then have
/// to be cut (and a maximum's last byte raised), which the crate does.
fn statistics_would_be_cut(
    properties: &WriterProperties,
    path: &parquet::schema::types::ColumnPath,
    longest: Option<usize>,
) -> bool {
    if properties.statistics_enabled(path) == EnabledStatistics::None {
        return false;
    }
    let limit = [
        properties.statistics_truncate_length(),
        properties.column_index_truncate_length(),
    ]
    .into_iter()
    .flatten()
    .min();
    limit.is_some_and(|limit| longest.is_some_and(|longest| longest > limit))
}

/// A string chunk's pages with their statistics and column index: after a
/// PLAIN `dictionary` page (its bytes and values) data pages of its indices,
/// or without one PLAIN data pages. `unencoded_bytes`: of all the values.
fn string_pages(
    pages: Vec<DataPage<&[u8]>>,
    statistics_level: EnabledStatistics,
    dictionary: Option<(Vec<u8>, usize)>,
    unencoded_bytes: usize,
) -> Pages {
    let statistics = chunk_min_max(&pages).map(|(min, max)| {
        Statistics::byte_array(
            Some(min.to_vec().into()),
            Some(max.to_vec().into()),
            None,
            Some(0),
            false,
        )
    });
    let page_index = statistics_level == EnabledStatistics::Page;
    let (data, column_index) = data_and_index(pages, page_index, |value: &&[u8]| value.to_vec());
    Pages {
        encoding: if dictionary.is_some() {
            Encoding::RLE_DICTIONARY
        } else {
            Encoding::PLAIN
        },
        dictionary,
        column_index,
        data,
        statistics,
        unencoded_bytes: Some(unencoded_bytes),
    }
}

/// The values of `arrays` (all `UInt32Array` or all `UInt64Array`, as the
/// column's physical type INT32 or INT64 stores them; an INT64 column's may
/// also be all `UInt32Array`), in order, as one DELTA_BINARY_PACKED column
/// chunk, or `None` as for `strings`.
pub fn unsigned(
    descr: &ColumnDescPtr,
    arrays: &[&dyn Array],
    properties: &WriterProperties,
) -> Result<Option<EncodedChunk>> {
    let Some(level) = suitable(descr, arrays, properties) else {
        return Ok(None);
    };
    let path = descr.path();
    if properties.dictionary_enabled(path)
        || properties.encoding(path) != Some(Encoding::DELTA_BINARY_PACKED)
    {
        return Ok(None);
    }
    let statistics_level = properties.statistics_enabled(path);
    let mut pages = Vec::new();
    let mut encode_page = |page: &[u64], width: u32| {
        let mut bytes = Vec::with_capacity(page.len() + 64);
        push_definition_levels(&mut bytes, descr, page.len());
        push_delta_binary_packed(&mut bytes, page, width);
        // Unsigned logical types order as unsigned.
        let min_max = (statistics_level != EnabledStatistics::None).then(|| least_and_most(page));
        pages.push(DataPage {
            rows: page.len(),
            bytes,
            min_max,
        });
    };
    // Each value as the physical type's bits, widened a page at a time:
    // deltas wrap within the physical type, as readers add them back.
    let rows = rows_per_page(properties);
    let width = match descr.physical_type() {
        PhysicalType::INT32 => {
            let Some(arrays) = downcast::<UInt32Array>(arrays) else {
                return Ok(None);
            };
            let arrays: Vec<&[u32]> = arrays.iter().map(|array| array.values().as_ref()).collect();
            for_each_page(&arrays, rows, |page| encode_page(page, 32));
            32
        }
        PhysicalType::INT64 => {
            // A 64-bit column may come as 32-bit values (tokenise's
            // character offsets: half the memory), widened as they go.
            if let Some(arrays) = downcast::<UInt64Array>(arrays) {
                let arrays: Vec<&[u64]> =
                    arrays.iter().map(|array| array.values().as_ref()).collect();
                for_each_page(&arrays, rows, |page| encode_page(page, 64));
            } else if let Some(arrays) = downcast::<UInt32Array>(arrays) {
                let arrays: Vec<&[u32]> =
                    arrays.iter().map(|array| array.values().as_ref()).collect();
                for_each_page(&arrays, rows, |page| encode_page(page, 64));
            } else {
                return Ok(None);
            }
            64
        }
        _ => return Ok(None),
    };
    // The statistics hold the physical type's bits of the least and
    // greatest value (plain encoded, in the column index).
    let statistics = chunk_min_max(&pages).map(|(min, max)| match width {
        32 => Statistics::int32(
            Some(min as u32 as i32),
            Some(max as u32 as i32),
            None,
            Some(0),
            false,
        ),
        _ => Statistics::int64(Some(min as i64), Some(max as i64), None, Some(0), false),
    });
    let plain = |value: &u64| value.to_le_bytes()[..width as usize / 8].to_vec();
    let page_index = statistics_level == EnabledStatistics::Page;
    let (data, column_index) = data_and_index(pages, page_index, plain);
    let pages = Pages {
        dictionary: None,
        column_index,
        data,
        encoding: Encoding::DELTA_BINARY_PACKED,
        statistics,
        unencoded_bytes: None,
    };
    pages.write(descr, properties, level).map(Some)
}

/// Calls `page` with the values of `arrays`, in order and widened, in runs
/// of `rows` (the last may be shorter): one page's values at a time in a
/// reused buffer, rather than the whole chunk's copied first.
fn for_each_page<T: Copy + Into<u64>>(arrays: &[&[T]], rows: usize, mut page: impl FnMut(&[u64])) {
    let total: usize = arrays.iter().map(|array| array.len()).sum();
    let mut buffer = Vec::with_capacity(rows.min(total));
    for array in arrays {
        let mut rest = *array;
        while !rest.is_empty() {
            let take = (rows - buffer.len()).min(rest.len());
            buffer.extend(rest[..take].iter().map(|&value| value.into()));
            rest = &rest[take..];
            if buffer.len() == rows {
                page(&buffer);
                buffer.clear();
            }
        }
    }
    if !buffer.is_empty() {
        page(&buffer);
    }
}

/// The least and greatest of `values` (zeros when empty), in one pass with
/// plain comparisons: `Iterator::min` and `max` went through `Ord::cmp`
/// twice over every value, over 1% of the tokenise stage's instructions.
fn least_and_most(values: &[u64]) -> (u64, u64) {
    if values.is_empty() {
        return (0, 0);
    }
    values
        .iter()
        .fold((u64::MAX, u64::MIN), |(least, most), &value| {
            (
                if value < least { value } else { least },
                if value > most { value } else { most },
            )
        })
}

/// The most bytes a page may hold here: page sizes are i32 in the format,
/// and a dictionary this large would not pay anyway.
const MAX_PAGE_BYTES: usize = 1 << 30;

/// The zstd level for a chunk this module can write as the crate would
/// (flat, no nulls, version 1 pages, no bloom filter, zstd), or `None`.
fn suitable(
    descr: &ColumnDescPtr,
    arrays: &[&dyn Array],
    properties: &WriterProperties,
) -> Option<i32> {
    let path = descr.path();
    let flat = descr.max_rep_level() == 0 && descr.max_def_level() <= 1;
    let plain_pages = properties.writer_version() == WriterVersion::PARQUET_1_0
        && properties.bloom_filter_properties(path).is_none();
    if !flat || !plain_pages || arrays.iter().any(|array| array.null_count() > 0) {
        return None;
    }
    match properties.compression(path) {
        Compression::ZSTD(level) => Some(level.compression_level()),
        _ => None,
    }
}

/// Rows per data page: the properties' row limit, and few enough that a
/// page of the widest values (nine bytes a value, with headers) stays under
/// their page size limit.
fn rows_per_page(properties: &WriterProperties) -> usize {
    properties
        .data_page_row_count_limit()
        .min(properties.data_page_size_limit() / 9)
        .clamp(1, MAX_PAGE_BYTES / 9)
}

fn downcast<'a, T: 'static>(arrays: &[&'a dyn Array]) -> Option<Vec<&'a T>> {
    arrays
        .iter()
        .map(|array| array.as_any().downcast_ref::<T>())
        .collect()
}

/// A data page's rows and bytes before compression, with the least and
/// greatest value where statistics are kept.
struct DataPage<T> {
    rows: usize,
    bytes: Vec<u8>,
    min_max: Option<(T, T)>,
}

/// The least and greatest value over all pages.
fn chunk_min_max<T: Ord + Copy>(pages: &[DataPage<T>]) -> Option<(T, T)> {
    let bounds = pages.iter().filter_map(|page| page.min_max);
    let min = bounds.clone().map(|(min, _)| min).min()?;
    let max = bounds.map(|(_, max)| max).max()?;
    Some((min, max))
}

/// The column index entries: each page's plain-encoded bounds, and whether
/// the pages' bounds ascend or descend (readers then search them).
fn page_bounds<T: Ord + Copy>(pages: &[DataPage<T>], plain: impl Fn(&T) -> Vec<u8>) -> ColumnIndex {
    let bounds: Vec<(T, T)> = pages.iter().filter_map(|page| page.min_max).collect();
    let ascending = bounds
        .windows(2)
        .all(|pair| pair[0].0 <= pair[1].0 && pair[0].1 <= pair[1].1);
    let descending = bounds
        .windows(2)
        .all(|pair| pair[0].0 >= pair[1].0 && pair[0].1 >= pair[1].1);
    ColumnIndex {
        bounds: bounds
            .iter()
            .map(|(min, max)| (plain(min), plain(max)))
            .collect(),
        order: if ascending {
            BoundaryOrder::ASCENDING
        } else if descending {
            BoundaryOrder::DESCENDING
        } else {
            BoundaryOrder::UNORDERED
        },
    }
}

/// The pages' rows and bytes, and their column index where `page_index`
/// asks for one (bounds plain-encoded by `plain`).
fn data_and_index<T: Ord + Copy>(
    pages: Vec<DataPage<T>>,
    page_index: bool,
    plain: impl Fn(&T) -> Vec<u8>,
) -> (Vec<(usize, Vec<u8>)>, Option<ColumnIndex>) {
    let column_index = page_index.then(|| page_bounds(&pages, plain));
    let data = pages
        .into_iter()
        .map(|page| (page.rows, page.bytes))
        .collect();
    (data, column_index)
}

/// Each data page's plain-encoded least and greatest value, in page order.
struct ColumnIndex {
    bounds: Vec<(Vec<u8>, Vec<u8>)>,
    order: BoundaryOrder,
}

/// A chunk's pages before compression.
struct Pages {
    /// The PLAIN dictionary page's bytes and number of values.
    dictionary: Option<(Vec<u8>, usize)>,
    /// Each data page's rows and bytes: definition levels, then the values.
    data: Vec<(usize, Vec<u8>)>,
    encoding: Encoding,
    statistics: Option<Statistics>,
    column_index: Option<ColumnIndex>,
    /// Bytes of all string values, for the size statistics.
    unencoded_bytes: Option<usize>,
}

/// Room for one page's Thrift header in a chunk's buffer: a few dozen
/// bytes without statistics, as ours are.
const PAGE_HEADER_BYTES: usize = 64;

impl Pages {
    /// Compresses the pages and writes them with their headers, the
    /// dictionary first, as the crate's writer lays a chunk out.
    fn write(
        self,
        descr: &ColumnDescPtr,
        properties: &WriterProperties,
        level: i32,
    ) -> Result<EncodedChunk> {
        let path = descr.path();
        let plain_pages: Vec<&[u8]> = self
            .dictionary
            .iter()
            .map(|(plain, _)| plain.as_slice())
            .chain(self.data.iter().map(|(_, bytes)| bytes.as_slice()))
            .collect();
        // One compressed page for each page, the dictionary first.
        let compressed = compress_pages(&plain_pages, level).map_err(|e| zstd_error(path, e))?;
        // The chunk's bytes are sized once: grown by doubling, the buffer
        // was copied over and over and its fresh pages faulted in each time.
        let chunk_bytes: usize = compressed
            .iter()
            .map(|page| page.len() + PAGE_HEADER_BYTES)
            .sum();
        let mut compressed = compressed.into_iter();
        let mut sink = TrackedWrite::new(Vec::with_capacity(chunk_bytes));
        let mut pages = SerializedPageWriter::new(&mut sink);
        let mut uncompressed = 0;
        let mut encoding_counts = Vec::new();
        let dictionary_offset = match &self.dictionary {
            Some((plain, values)) => {
                let spec = pages.write_page(CompressedPage::new(
                    Page::DictionaryPage {
                        buf: compressed.next().expect("the dictionary compressed"),
                        num_values: *values as u32,
                        encoding: Encoding::PLAIN,
                        is_sorted: false,
                    },
                    plain.len(),
                ))?;
                uncompressed += spec.uncompressed_size;
                encoding_counts.push(PageEncodingStats {
                    page_type: PageType::DICTIONARY_PAGE,
                    encoding: Encoding::PLAIN,
                    count: 1,
                });
                Some(spec.offset as i64)
            }
            None => None,
        };
        let mut offset_index = OffsetIndexBuilder::new();
        let mut data_offset = None;
        for (rows, bytes) in &self.data {
            let spec = pages.write_page(CompressedPage::new(
                Page::DataPage {
                    buf: compressed.next().expect("each data page compressed"),
                    num_values: *rows as u32,
                    encoding: self.encoding,
                    def_level_encoding: Encoding::RLE,
                    rep_level_encoding: Encoding::RLE,
                    statistics: None,
                },
                bytes.len(),
            ))?;
            uncompressed += spec.uncompressed_size;
            data_offset.get_or_insert(spec.offset as i64);
            offset_index.append_offset_and_size(spec.offset as i64, spec.compressed_size as i32);
            offset_index.append_row_count(*rows as i64);
        }
        pages.close()?;
        encoding_counts.push(PageEncodingStats {
            page_type: PageType::DATA_PAGE,
            encoding: self.encoding,
            count: self.data.len() as i32,
        });
        let bytes = Bytes::from(sink.into_inner()?);
        let rows: usize = self.data.iter().map(|(rows, _)| rows).sum();
        let mut encodings = vec![Encoding::RLE, self.encoding];
        if self.dictionary.is_some() {
            encodings.insert(0, Encoding::PLAIN);
        }
        let mut metadata = ColumnChunkMetaData::builder(descr.clone())
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(level)?))
            .set_encodings(encodings)
            .set_page_encoding_stats(encoding_counts)
            .set_num_values(rows as i64)
            .set_total_compressed_size(bytes.len() as i64)
            .set_total_uncompressed_size(uncompressed as i64)
            .set_dictionary_page_offset(dictionary_offset)
            .set_data_page_offset(data_offset.unwrap_or(0))
            .set_unencoded_byte_array_data_bytes(self.unencoded_bytes.map(|bytes| bytes as i64));
        if let Some(statistics) = self.statistics {
            metadata = metadata.set_statistics(statistics);
        }
        let column_index = match self.column_index {
            Some(index) => {
                let mut builder = ColumnIndexBuilder::new(descr.physical_type());
                for (min, max) in index.bounds {
                    builder.append(false, min, max, 0, None);
                }
                builder.set_boundary_order(index.order);
                Some(builder.build()?)
            }
            None => None,
        };
        // The crate writes the offset index unless told not to, and always
        // beside a column index.
        let offset_index = (!properties.offset_index_disabled() || column_index.is_some())
            .then(|| offset_index.build());
        Ok(EncodedChunk {
            close: ColumnCloseResult {
                bytes_written: bytes.len() as u64,
                rows_written: rows as u64,
                metadata: metadata.build()?,
                bloom_filter: None,
                column_index,
                offset_index,
            },
            bytes,
        })
    }
}

/// Bytes of pages from which a chunk's pages are compressed in parallel:
/// a chunk of long texts (the sentences of a row group) is otherwise one
/// core's work while the other waits, at the end of a stage where nothing
/// else is left to do. Smaller chunks are compressed in one go.
const PARALLEL_COMPRESSION_BYTES: usize = 1 << 20;

/// Each page compressed with zstd at `level`, in order.
fn compress_pages(pages: &[&[u8]], level: i32) -> std::io::Result<Vec<Bytes>> {
    let total: usize = pages.iter().map(|page| page.len()).sum();
    if pages.len() < 2 || total < PARALLEL_COMPRESSION_BYTES {
        return pages
            .iter()
            .map(|page| compress_page(page, level))
            .collect();
    }
    pages
        .par_iter()
        .map(|page| compress_page(page, level))
        .collect()
}

thread_local! {
    /// Each thread's zstd context, kept from page to page and chunk to
    /// chunk: a context made for every chunk of every row group had its
    /// workspace allocated anew each time (ZSTD_createCCtx alone took 1% of
    /// tokenise's samples). Kept, BASIL's tokenise ran 2-3% faster, with
    /// the same bytes written.
    static COMPRESSOR: std::cell::RefCell<Option<(i32, zstd::bulk::Compressor<'static>)>> =
        const { std::cell::RefCell::new(None) };
}

/// One page compressed with zstd at `level`, by this thread's context.
fn compress_page(page: &[u8], level: i32) -> std::io::Result<Bytes> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = match &mut *slot {
            Some((kept, compressor)) if *kept == level => compressor,
            _ => &mut slot.insert((level, zstd::bulk::Compressor::new(level)?)).1,
        };
        compressor.compress(page).map(Bytes::from)
    })
}

fn zstd_error(column: &parquet::schema::types::ColumnPath, error: std::io::Error) -> ParquetError {
    ParquetError::General(format!(
        "zstd could not compress a page of column {column}: {error}"
    ))
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
    match width {
        32 => push_deltas::<32>(out, values),
        _ => push_deltas::<64>(out, values),
    }
}

/// `push_delta_binary_packed` for a physical type of `WIDTH` bits, which
/// the compiler then knows in the loops over each value.
fn push_deltas<const WIDTH: u32>(out: &mut Vec<u8>, values: &[u64]) {
    let mask = if WIDTH == 64 {
        u64::MAX
    } else {
        (1u64 << WIDTH) - 1
    };
    // A physical value as the signed integer readers see.
    let signed = |value: u64| -> i64 {
        if WIDTH == 64 {
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
        let deltas = &mut deltas[..block.len() - 1];
        // Each delta, wrapped to the physical type, as a signed integer,
        // and the least of them.
        let mut least = i64::MAX;
        for (delta, pair) in deltas.iter_mut().zip(block.windows(2)) {
            *delta = signed(pair[1].wrapping_sub(pair[0]) & mask);
            least = least.min(*delta);
        }
        push_uleb128(out, zigzag(least));
        // Above the least delta, each fits in the physical width. The
        // widths of the block's four miniblocks come first (zero for those
        // past the last value), then each used miniblock's bits; a short
        // last miniblock is padded with zeros to a whole one.
        let widths_at = out.len();
        out.extend_from_slice(&[0; DELTA_MINIBLOCKS]);
        for (index, miniblock) in deltas.chunks(MINIBLOCK).enumerate() {
            let mut lane = [0u64; MINIBLOCK];
            let mut bits = 0;
            for (slot, &delta) in lane.iter_mut().zip(miniblock) {
                *slot = (delta.wrapping_sub(least) as u64) & mask;
                bits |= *slot;
            }
            let bits = 64 - bits.leading_zeros();
            out[widths_at + index] = bits as u8;
            pack_miniblock(out, &lane, bits);
        }
    }
}

/// Appends the 32 values of a miniblock, `bits` bits each (the rest of each
/// value zero), least significant bit first: exactly `4 * bits` bytes.
fn pack_miniblock(out: &mut Vec<u8>, lane: &[u64; MINIBLOCK], bits: u32) {
    MINIBLOCK_PACKERS[bits as usize](out, lane)
}

/// Packs `N` values at one width: `pack_at` for that width.
type Packer<const N: usize> = fn(&mut Vec<u8>, &[u64; N]);

/// The packers of `$count` values for each width listed, at its place.
macro_rules! packers {
    ($count:expr; $($bits:literal)*) => { [$(pack_at::<$bits, { $count }> as Packer<{ $count }>),*] };
}

/// A miniblock packer for each width from 0 to 64 bits.
const MINIBLOCK_PACKERS: [Packer<MINIBLOCK>; 65] = packers!(MINIBLOCK;
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
    33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64
);

/// Appends `N` (at most 32) values of `BITS` bits each (the rest of each
/// value zero), least significant bit first: exactly `N * BITS / 8` bytes,
/// `N` being a multiple of eight. With the width and count known when
/// compiling, every value's word and shift are constants, and the values
/// become straight shifts and ORs with no test of whether a value
/// straddles two words.
fn pack_at<const BITS: u32, const N: usize>(out: &mut Vec<u8>, values: &[u64; N]) {
    if BITS == 0 {
        return;
    }
    // `N` values of at most 64 bits fill at most `N` words.
    let mut words = [0u64; N];
    // Written out place by place: the compiler kept a loop over the 32
    // values (a test and a variable shift each), 38 M instructions of the
    // BBC tokenise stage against 16 M written out.
    macro_rules! place {
        ($($index:literal)*) => {$(
            if $index < N {
                let at = $index * BITS;
                let (word, shift) = ((at / 64) as usize, at % 64);
                words[word] |= values[$index] << shift;
                if shift + BITS > 64 {
                    words[word + 1] |= values[$index] >> (64 - shift);
                }
            }
        )*};
    }
    place!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31);
    let mut bytes = [0u8; 8 * MINIBLOCK];
    for (chunk, word) in bytes.chunks_exact_mut(8).zip(&words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&bytes[..N * BITS as usize / 8]);
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

/// Distinct values in first-seen order and each row's index among them.
struct Dictionary<'a> {
    values: Vec<&'a [u8]>,
    indices: Vec<u32>,
    /// Bytes of the PLAIN dictionary page: each distinct value and its length.
    bytes: usize,
    /// Bytes of all the rows' values.
    unencoded_bytes: usize,
}

impl<'a> Dictionary<'a> {
    /// `None` once the dictionary page would pass `byte_limit` bytes: the
    /// rows are then too varied for a dictionary to pay (the crate falls
    /// back to plain pages at the same limit).
    fn of(columns: &[TextColumn<'a>], byte_limit: usize) -> Option<Self> {
        let rows: usize = columns.iter().map(TextColumn::len).sum();
        let mut dictionary = Self {
            values: Vec::new(),
            indices: Vec::with_capacity(rows),
            bytes: 0,
            unencoded_bytes: 0,
        };
        let mut interner = Interner::default();
        for column in columns {
            match column {
                TextColumn::Plain(array) => {
                    let offsets = array.value_offsets();
                    let values = array.value_data();
                    dictionary.unencoded_bytes += (offsets[array.len()] - offsets[0]) as usize;
                    for pair in offsets.windows(2) {
                        let (start, end) = (pair[0] as usize, pair[1] as usize);
                        let index =
                            dictionary.index_of(&mut interner, values, start, end, byte_limit)?;
                        dictionary.indices.push(index);
                    }
                }
                TextColumn::Dictionary { keys, values } => match keys {
                    Keys::U8(keys) => {
                        dictionary.dictionary_rows(&mut interner, keys, values, byte_limit)?
                    }
                    Keys::U16(keys) => {
                        dictionary.dictionary_rows(&mut interner, keys, values, byte_limit)?
                    }
                    Keys::U32(keys) => {
                        dictionary.dictionary_rows(&mut interner, keys, values, byte_limit)?
                    }
                },
            }
        }
        Some(dictionary)
    }

    /// Adds the rows of a dictionary column: each of its values is looked
    /// up once, when a row first uses it, so that the chunk's values stay in
    /// the order rows first use them, as for plain strings, and values no
    /// row uses stay out. `None` as for `of`.
    fn dictionary_rows<K: Copy + Into<u64>>(
        &mut self,
        interner: &mut Interner<'a>,
        keys: &[K],
        values: &'a StringArray,
        byte_limit: usize,
    ) -> Option<()> {
        let offsets = values.value_offsets();
        let bytes = values.value_data();
        // A chunk's index for each value, once used (no chunk reaches
        // u32::MAX values: each takes at least four bytes of its page).
        let mut indices = vec![u32::MAX; values.len()];
        let mut rows_of = vec![0usize; values.len()];
        for &key in keys {
            let key = key.into() as usize;
            let mut index = indices[key];
            if index == u32::MAX {
                let (start, end) = (offsets[key] as usize, offsets[key + 1] as usize);
                index = self.index_of(interner, bytes, start, end, byte_limit)?;
                indices[key] = index;
            }
            rows_of[key] += 1;
            self.indices.push(index);
        }
        self.unencoded_bytes += rows_of
            .iter()
            .zip(offsets.windows(2))
            .map(|(rows, value)| rows * (value[1] - value[0]) as usize)
            .sum::<usize>();
        Some(())
    }

    /// The index of `values[start..end]`, added if new; `None` once the
    /// dictionary page would pass `byte_limit`, or once its first
    /// `TRIAL_VALUES` distinct values came in barely more rows.
    #[inline(always)]
    fn index_of(
        &mut self,
        interner: &mut Interner<'a>,
        values: &'a [u8],
        start: usize,
        end: usize,
        byte_limit: usize,
    ) -> Option<u32> {
        let next = self.values.len() as u32;
        let (index, new) = interner.index_of(values, start, end, next);
        if new {
            self.values.push(&values[start..end]);
            self.bytes += 4 + (end - start);
            if self.bytes > byte_limit {
                return None;
            }
            let rows = self.indices.len() + 1;
            if self.values.len() == TRIAL_VALUES && rows * 9 <= TRIAL_VALUES * 10 {
                return None;
            }
        }
        Some(index)
    }
}

/// Distinct values a dictionary is given before it is judged: if nine rows
/// in ten so far brought a new value (sentences, ids, URLs), the column is
/// written as PLAIN pages, which hold such rows in fewer bytes than a
/// dictionary of them all and an index per row, without interning the rest
/// of the chunk only to give up at the page limit (on BASIL, 7,061
/// sentences hashed for nothing). A column of words repeats far more: news
/// text brings a new word in about one row in two of its first thousand.
const TRIAL_VALUES: usize = 1_000;

/// Each distinct value's index in first-seen order. Most values of a
/// tokens table are words of a few bytes, and hashing and comparing them as
/// byte slices was most of a dictionary's cost: a value of up to seven
/// bytes is keyed by its bytes and length packed into one integer (a
/// multiply to hash, one comparison to match), a longer one by its bytes.
/// A short value seen lately (the common words of a text, a document's id
/// down its rows) is matched in a small table in front of the map, and a
/// long value equal to the one before it without a lookup.
struct Interner<'a> {
    short: HashMap<u64, u32, rustc_hash::FxBuildHasher>,
    long: HashMap<&'a [u8], u32, rustc_hash::FxBuildHasher>,
    /// Short keys and their indices, each in the slot a few bits of its
    /// hash pick, the last to land there kept; `NO_KEY` marks an empty slot.
    recent: Vec<(u64, u32)>,
    /// Long values and their indices likewise, slotted by their first and
    /// last eight bytes; an empty slice marks an empty slot.
    recent_long: Vec<(&'a [u8], u32)>,
}

/// Bits of a short key's hash that pick its slot among the recent ones:
/// 2,048 slots, 32 KiB, near the processor whatever the column.
const RECENT_BITS: u32 = 11;

/// No short key: their top byte holds a length of at most seven.
const NO_KEY: u64 = u64::MAX;

/// Bits that pick a long value's slot: 1,024 slots, 24 KiB. A fifth of a
/// tokens column's values are eight bytes or longer, most of them repeats.
const RECENT_LONG_BITS: u32 = 10;

impl Default for Interner<'_> {
    fn default() -> Self {
        Self {
            short: HashMap::default(),
            long: HashMap::default(),
            recent: vec![(NO_KEY, 0); 1 << RECENT_BITS],
            recent_long: vec![(&[][..], 0); 1 << RECENT_LONG_BITS],
        }
    }
}

/// Longest value keyed as an integer: its length takes the eighth byte.
const SHORT_VALUE_BYTES: usize = 7;

impl<'a> Interner<'a> {
    /// The index of `values[start..end]`, and whether it is new (given index
    /// `next`). Inlined: the call cost a fifth of a short value's lookup.
    #[inline(always)]
    fn index_of(&mut self, values: &'a [u8], start: usize, end: usize, next: u32) -> (u32, bool) {
        let len = end - start;
        if len <= SHORT_VALUE_BYTES {
            let key = short_key(values, start, len);
            // The value before, if equal, has just taken its slot: a miss
            // there needs no check against it.
            let slot = slot_of(key, RECENT_BITS);
            recent_or_mapped(&mut self.recent, slot, &mut self.short, key, next)
        } else {
            self.long_index_of(&values[start..end], next)
        }
    }

    /// `index_of` for a value longer than `SHORT_VALUE_BYTES`.
    #[inline(never)]
    fn long_index_of(&mut self, value: &'a [u8], next: u32) -> (u32, bool) {
        let word =
            |at: usize| u64::from_le_bytes(value[at..at + 8].try_into().expect("eight bytes"));
        let mix = word(0) ^ word(value.len() - 8).rotate_left(29) ^ value.len() as u64;
        let slot = slot_of(mix, RECENT_LONG_BITS);
        recent_or_mapped(&mut self.recent_long, slot, &mut self.long, value, next)
    }
}

/// A recent-value slot for a key's hash: the top `bits` of the hash times
/// 2^64 over the golden ratio.
#[inline(always)]
fn slot_of(hash: u64, bits: u32) -> usize {
    (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// The index of `key`, met in its slot of `recent` or else found in `map`
/// (given index `next` if new) and left in the slot; and whether it is new.
#[inline(always)]
fn recent_or_mapped<K: Copy + Eq + std::hash::Hash>(
    recent: &mut [(K, u32)],
    slot: usize,
    map: &mut HashMap<K, u32, rustc_hash::FxBuildHasher>,
    key: K,
    next: u32,
) -> (u32, bool) {
    let (seen, index) = recent[slot];
    if seen == key {
        return (index, false);
    }
    let index = *map.entry(key).or_insert(next);
    recent[slot] = (key, index);
    (index, index == next)
}

/// `values[start..start + len]` (at most seven bytes) and its length as one
/// integer: the bytes in the low seven bytes, the length in the top one, so
/// that values differing only by trailing zero bytes still differ.
fn short_key(values: &[u8], start: usize, len: usize) -> u64 {
    let bytes = match values.get(start..start + 8) {
        Some(word) => u64::from_le_bytes(word.try_into().expect("eight bytes")),
        None => {
            let mut word = [0u8; 8];
            word[..len].copy_from_slice(&values[start..start + len]);
            u64::from_le_bytes(word)
        }
    };
    let mask = (1u64 << (len * 8)) - 1;
    (bytes & mask) | ((len as u64) << 56)
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
    // Widths come from `bits_for`, at most 32.
    let pack = GROUP_PACKERS[usize::from(bit_width)];
    for run in values.chunks(GROUPS_PER_RUN * 8) {
        let groups = run.len().div_ceil(8);
        push_uleb128(out, ((groups as u64) << 1) | 1);
        for group in run.chunks(8) {
            let mut padded = [0u64; 8];
            for (slot, &value) in padded.iter_mut().zip(group) {
                *slot = u64::from(value);
            }
            pack(out, &padded);
        }
    }
}

/// A packer of eight values for each width from 0 to 32 bits.
const GROUP_PACKERS: [Packer<8>; 33] = packers!(8;
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
);

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
    use parquet::file::page_index::column_index::ColumnIndexMetaData;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::file::serialized_reader::ReadOptionsBuilder;
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
        let mut properties =
            WriterProperties::builder().set_compression(Compression::ZSTD(Default::default()));
        if data_type != DataType::Utf8 {
            properties = properties
                .set_dictionary_enabled(false)
                .set_encoding(Encoding::DELTA_BINARY_PACKED);
        }
        write_and_read_with(arrays, data_type, nullable, properties.build())
    }

    /// `write_and_read` with the given writer properties.
    fn write_and_read_with(
        arrays: &[ArrayRef],
        data_type: DataType,
        nullable: bool,
        properties: WriterProperties,
    ) -> (ArrayRef, Bytes) {
        let schema = Arc::new(Schema::new(vec![Field::new(
            "column",
            data_type.clone(),
            nullable,
        )]));
        let (mut file, _) =
            ArrowWriter::try_new(Vec::new(), Arc::clone(&schema), Some(properties.clone()))
                .expect("a writer")
                .into_serialized_writer()
                .expect("a file writer");
        let descriptor = file.schema_descr().column(0);
        let arrays: Vec<&dyn Array> = arrays.iter().map(|a| a.as_ref()).collect();
        let chunk = if data_type == DataType::Utf8 {
            strings(&descriptor, &arrays, &properties)
        } else {
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

    /// The first page of the first column of a file's first row group: the
    /// dictionary page, where the chunk has one.
    fn first_page(file: Bytes) -> parquet::column::page::Page {
        SerializedFileReader::new(file)
            .expect("readable")
            .get_row_group(0)
            .expect("a row group")
            .get_column_page_reader(0)
            .expect("pages")
            .next()
            .expect("a page")
            .expect("readable")
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
    /// that rows mix repeated runs and bit-packed groups. Some words are
    /// letters and zero bytes up to nine long, which differ only in their
    /// length or their trailing zeros, on both sides of the seven bytes
    /// that are keyed as an integer.
    fn runs() -> impl Strategy<Value = Vec<String>> {
        let word = prop_oneof!["[a-c]{0,3}", "[a\\x00]{0,9}"];
        proptest::collection::vec((word, 1usize..20), 0..60).prop_map(|runs| {
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

        /// Rows built as dictionaries (keys of 32 and 16 bits, values in
        /// another order than the rows use them, one used by no row) are
        /// written byte for byte as the same rows as plain strings.
        #[test]
        fn dictionary_rows_are_written_as_their_strings(
            values in runs(),
            split in 0usize..100,
            nullable: bool,
            unused in "[a-z]{1,4}",
        ) {
            let split = split.min(values.len());
            let parts = [&values[..split], &values[split..]];
            let plain: Vec<ArrayRef> = parts
                .iter()
                .map(|part| Arc::new(StringArray::from_iter_values(part.iter())) as ArrayRef)
                .collect();
            let dictionaries: Vec<ArrayRef> = parts
                .iter()
                .enumerate()
                .map(|(index, part)| {
                    // Distinct values, greatest first, then one no row uses.
                    let mut distinct: Vec<&str> = part.iter().map(String::as_str).collect();
                    distinct.sort_unstable_by(|a, b| b.cmp(a));
                    distinct.dedup();
                    distinct.push(&unused);
                    let key = |value: &String| {
                        distinct.iter().position(|d| d == value).expect("a distinct value")
                    };
                    let strings = Arc::new(StringArray::from_iter_values(distinct.iter()));
                    if index == 0 {
                        let keys = UInt32Array::from_iter_values(part.iter().map(|v| key(v) as u32));
                        Arc::new(arrow::array::DictionaryArray::new(keys, strings)) as ArrayRef
                    } else {
                        let keys = arrow::array::UInt16Array::from_iter_values(
                            part.iter().map(|v| key(v) as u16),
                        );
                        Arc::new(arrow::array::DictionaryArray::new(keys, strings)) as ArrayRef
                    }
                })
                .collect();
            let (_, plain_bytes) = write_and_read(&plain, DataType::Utf8, nullable);
            let (read, dictionary_bytes) = write_and_read(&dictionaries, DataType::Utf8, nullable);
            prop_assert_eq!(dictionary_bytes, plain_bytes);
            let read = read.as_any().downcast_ref::<StringArray>().expect("strings");
            let read: Vec<&str> = read.iter().map(|value| value.expect("no nulls")).collect();
            prop_assert_eq!(read, values.iter().map(String::as_str).collect::<Vec<_>>());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Values too varied for the dictionary go in PLAIN pages that end at
        /// the byte and row limits (a value longer than the byte limit alone
        /// in its page) and read back as written, with the page bounds of
        /// the column index where statistics are kept per page.
        #[test]
        fn plain_pages_read_back_as_written(
            values in proptest::collection::vec("[a-z ,é]{0,40}", 0..60),
            split in 0usize..60,
            nullable: bool,
            summarised: bool,
        ) {
            const PAGE_BYTES: usize = 64;
            const PAGE_ROWS: usize = 7;
            let split = split.min(values.len());
            let arrays: Vec<ArrayRef> = vec![
                Arc::new(StringArray::from_iter_values(&values[..split])),
                Arc::new(StringArray::from_iter_values(&values[split..])),
            ];
            let properties = WriterProperties::builder()
                .set_compression(Compression::ZSTD(Default::default()))
                .set_dictionary_enabled(false)
                .set_data_page_size_limit(PAGE_BYTES)
                .set_data_page_row_count_limit(PAGE_ROWS)
                .set_statistics_enabled(if summarised {
                    EnabledStatistics::Page
                } else {
                    EnabledStatistics::None
                })
                .build();
            let (read, bytes) = write_and_read_with(&arrays, DataType::Utf8, nullable, properties);
            let read = read.as_any().downcast_ref::<StringArray>().expect("strings");
            let read: Vec<&str> = read.iter().map(|value| value.expect("no nulls")).collect();
            prop_assert_eq!(&read, &values);
            let options = ReadOptionsBuilder::new().with_page_index().build();
            let reader = SerializedFileReader::new_with_options(bytes, options).expect("readable");
            let metadata = reader.metadata();
            if values.is_empty() {
                return Ok(());
            }
            let page_index = metadata.page_index_for_row_group(0);
            let pages = page_index.offset_index(0).expect("an offset index").page_locations();
            let column_index = page_index.column_index(0);
            let mut first = 0;
            for (page_number, page) in pages.iter().enumerate() {
                let end = pages
                    .get(page_number + 1)
                    .map_or(values.len(), |next| next.first_row_index as usize);
                prop_assert_eq!(page.first_row_index as usize, first);
                let rows = &values[first..end];
                let page_bytes: usize = rows.iter().map(|value| 4 + value.len()).sum();
                prop_assert!(rows.len() <= PAGE_ROWS);
                prop_assert!(rows.len() == 1 || page_bytes <= PAGE_BYTES);
                if let Some(next) = values.get(end) {
                    // A page ends only when the next value would not fit.
                    prop_assert!(rows.len() == PAGE_ROWS || page_bytes + 4 + next.len() > PAGE_BYTES);
                }
                match column_index {
                    Some(ColumnIndexMetaData::BYTE_ARRAY(bounds)) => {
                        let least = rows.iter().min().expect("rows").as_bytes();
                        let most = rows.iter().max().expect("rows").as_bytes();
                        prop_assert_eq!(bounds.min_value(page_number), Some(least));
                        prop_assert_eq!(bounds.max_value(page_number), Some(most));
                    }
                    None if !summarised => {}
                    other => panic!("page bounds expected where summarised, got {other:?}"),
                }
                first = end;
            }
            prop_assert_eq!(first, values.len());
        }
    }

    /// A thread's kept zstd context compresses at the level asked for each
    /// time, whatever level it compressed at before.
    #[test]
    fn kept_contexts_follow_the_level() {
        let page: Vec<u8> = (0..50_000u32)
            .flat_map(|n| (n % 251).to_le_bytes())
            .collect();
        let sizes: Vec<usize> = [1, 19, 1]
            .into_iter()
            .map(|level| {
                let compressed = compress_page(&page, level).expect("compressed");
                let back = zstd::bulk::decompress(&compressed, page.len()).expect("zstd");
                assert_eq!(back, page);
                let fresh = zstd::bulk::compress(&page, level).expect("compressed");
                assert_eq!(compressed.as_ref(), fresh.as_slice(), "level {level}");
                compressed.len()
            })
            .collect();
        assert_eq!(sizes[0], sizes[2]);
    }

    /// A chunk of more than `PARALLEL_COMPRESSION_BYTES` has its pages
    /// compressed in parallel, and they still come in order.
    #[test]
    fn pages_compressed_in_parallel_keep_their_order() {
        let values: Vec<String> = (0..60_000)
            .map(|n| format!("sentence {n} of a long run of distinct texts"))
            .collect();
        assert!(
            values.iter().map(|value| value.len()).sum::<usize>() > 2 * PARALLEL_COMPRESSION_BYTES
        );
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(Default::default()))
            .set_dictionary_enabled(false)
            .build();
        let arrays: Vec<ArrayRef> = vec![Arc::new(StringArray::from_iter_values(&values))];
        let (read, _) = write_and_read_with(&arrays, DataType::Utf8, false, properties);
        let read = read
            .as_any()
            .downcast_ref::<StringArray>()
            .expect("strings");
        assert!(
            read.iter()
                .map(|value| value.expect("no nulls"))
                .eq(values.iter().map(String::as_str))
        );
    }

    proptest! {
        /// The interner gives each value its index in first-seen order and
        /// says when it is new, whatever the order of repeats: thousands of
        /// short values share the 2,048 recent slots, so slots are taken over
        /// and looked up again after; long values take the map alone.
        #[test]
        fn interned_indices_are_first_seen_order(picks in proptest::collection::vec(0usize..6_000, 0..20_000)) {
            let values: Vec<String> = (0..6_000)
                .map(|n| if n % 5 == 0 { format!("long value {n}") } else { format!("{n}") })
                .collect();
            let buffer: String = picks.iter().map(|&pick| values[pick].as_str()).collect();
            let mut interner = Interner::default();
            let mut expected: HashMap<&str, u32> = HashMap::new();
            let mut start = 0;
            for &pick in &picks {
                let value = values[pick].as_str();
                let next = expected.len() as u32;
                let (index, new) = interner.index_of(buffer.as_bytes(), start, start + value.len(), next);
                let seen = expected.len();
                let want = *expected.entry(value).or_insert(next);
                prop_assert_eq!(index, want, "{}", value);
                prop_assert_eq!(new, expected.len() > seen, "{}", value);
                start += value.len();
            }
        }
    }

    /// Long values that share a recent slot (the same first and last eight
    /// bytes and length, another middle) stay distinct, each with its index.
    #[test]
    fn long_values_sharing_a_slot_stay_distinct() {
        let values = [
            "abcdefgh-1-stuvwxyz",
            "abcdefgh-2-stuvwxyz",
            "abcdefgh-1-stuvwxyz",
            "abcdefgh-2-stuvwxyz",
        ];
        let buffer: String = values.concat();
        let mut interner = Interner::default();
        let (mut start, mut got) = (0, Vec::new());
        for value in values {
            let next = got.iter().filter(|(_, new)| *new).count() as u32;
            got.push(interner.index_of(buffer.as_bytes(), start, start + value.len(), next));
            start += value.len();
        }
        assert_eq!(got, [(0, true), (1, true), (0, false), (1, false)]);
    }

    /// A chunk whose first thousand distinct values came in at most 1,111
    /// rows (nine in ten new) is written as PLAIN pages; one row more and it
    /// keeps its dictionary, as does a column of repeated words. Either
    /// reads back as written.
    #[test]
    fn mostly_distinct_values_give_up_the_dictionary_early() {
        let column = |repeats: usize| -> Vec<String> {
            let mut values = vec!["v0".to_string(); repeats + 1];
            values.extend((1..1_000).map(|n| format!("value number {n}")));
            values
        };
        // Each word twice over: a thousand distinct ones take two thousand rows.
        let words: Vec<String> = (0..3_000).map(|n| format!("w{}", n / 2)).collect();
        for (values, dictionary) in [(column(111), false), (column(112), true), (words, true)] {
            let (read, bytes) = strings_read_back(&[StringArray::from_iter_values(&values)], false);
            assert_eq!(read, values);
            let has_dictionary = first_page(bytes).page_type() == PageType::DICTIONARY_PAGE;
            assert_eq!(has_dictionary, dictionary, "{} rows", values.len());
        }
    }

    /// Values that an integer key could confuse are distinct entries of the
    /// dictionary: a trailing zero byte, seven bytes against eight, and a
    /// short value at the very end of the column's buffer, with no eight
    /// bytes after its start.
    #[test]
    fn short_values_keep_their_length_and_zero_bytes() {
        let values = [
            "a",
            "a\0",
            "",
            "\0",
            "abcdefg",
            "abcdefg\0",
            "abcdefgh",
            "a",
            "a\0",
            "ab",
        ];
        let (read, bytes) = strings_read_back(&[StringArray::from_iter_values(values)], false);
        assert_eq!(read, values);
        assert_eq!(
            first_page(bytes).num_values(),
            8,
            "distinct values in the dictionary"
        );
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

    /// `values` of `bits` bits each, packed one bit at a time, least
    /// significant first, into whole bytes: what the packers must write.
    fn packed_bit_by_bit(values: &[u64], bits: u32) -> Vec<u8> {
        let mut out = vec![0u8; (values.len() * bits as usize).div_ceil(8)];
        for (index, &value) in values.iter().enumerate() {
            for bit in 0..bits as usize {
                if value >> bit & 1 == 1 {
                    let at = index * bits as usize + bit;
                    out[at / 8] |= 1 << (at % 8);
                }
            }
        }
        out
    }

    proptest! {
        /// Every width's miniblock and group packer writes the bits a
        /// bit-by-bit packer writes (values of the width, its top bit often set).
        #[test]
        fn packers_of_every_width_match_bit_by_bit(seeds in proptest::array::uniform32(any::<u64>())) {
            for bits in 0..=64u32 {
                let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
                let lane = seeds.map(|seed| seed & mask);
                let mut out = Vec::new();
                pack_miniblock(&mut out, &lane, bits);
                prop_assert_eq!(&out, &packed_bit_by_bit(&lane, bits), "miniblock of {} bits", bits);
                if bits <= 32 {
                    let group: [u64; 8] = std::array::from_fn(|index| lane[index]);
                    let mut out = Vec::new();
                    GROUP_PACKERS[bits as usize](&mut out, &group);
                    prop_assert_eq!(&out, &packed_bit_by_bit(&group, bits), "group of {} bits", bits);
                }
            }
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

    /// The descriptor of a one-column file's column of `data_type`.
    fn descriptor(data_type: DataType, nullable: bool) -> ColumnDescPtr {
        let schema = Arc::new(Schema::new(vec![Field::new("column", data_type, nullable)]));
        ArrowWriter::try_new(Vec::new(), schema, None)
            .expect("a writer")
            .into_serialized_writer()
            .expect("a file writer")
            .0
            .schema_descr()
            .column(0)
    }

    /// Chunks these encoders would not write as the crate does are left to
    /// the crate's writer; the same arrays with plain settings are taken.
    #[test]
    fn unsuitable_chunks_are_declined() {
        let zstd =
            || WriterProperties::builder().set_compression(Compression::ZSTD(Default::default()));
        let delta = || {
            zstd()
                .set_dictionary_enabled(false)
                .set_encoding(Encoding::DELTA_BINARY_PACKED)
        };
        let taken =
            |descriptor: &ColumnDescPtr, array: &dyn Array, properties: &WriterProperties| {
                let encoded = match descriptor.physical_type() {
                    PhysicalType::BYTE_ARRAY => strings(descriptor, &[array], properties),
                    _ => unsigned(descriptor, &[array], properties),
                };
                encoded.expect("no error").is_some()
            };
        let text = descriptor(DataType::Utf8, true);
        let word = StringArray::from_iter_values(["a"]);
        assert!(taken(&text, &word, &zstd().build()));
        let with_null = StringArray::from(vec![Some("a"), None]);
        assert!(!taken(&text, &with_null, &zstd().build()));
        // Past the dictionary's limit the values go in PLAIN pages, as the
        // crate falls back to them, unless the column asks for another encoding.
        let varied = StringArray::from_iter_values((0..100).map(|n| format!("value {n}")));
        assert!(taken(
            &text,
            &varied,
            &zstd().set_dictionary_page_size_limit(64).build()
        ));
        let other_encoding = || zstd().set_encoding(Encoding::DELTA_LENGTH_BYTE_ARRAY);
        assert!(!taken(
            &text,
            &varied,
            &other_encoding().set_dictionary_enabled(false).build()
        ));
        // A dictionary that fits is written whatever the fallback encoding.
        assert!(taken(&text, &word, &other_encoding().build()));
        let long = StringArray::from_iter_values(["x".repeat(65)]);
        assert!(!taken(&text, &long, &zstd().build()));
        let long_unsummarised = zstd()
            .set_statistics_enabled(EnabledStatistics::None)
            .build();
        assert!(taken(&text, &long, &long_unsummarised));
        let uncompressed = WriterProperties::builder()
            .set_compression(Compression::UNCOMPRESSED)
            .build();
        assert!(!taken(&text, &word, &uncompressed));
        assert!(!taken(
            &text,
            &word,
            &zstd().set_bloom_filter_enabled(true).build()
        ));
        let version_2 = zstd()
            .set_writer_version(WriterVersion::PARQUET_2_0)
            .build();
        assert!(!taken(&text, &word, &version_2));

        let number = descriptor(DataType::UInt64, true);
        let numbers = UInt64Array::from(vec![1, 2, 3]);
        assert!(taken(&number, &numbers, &delta().build()));
        let with_null = UInt64Array::from(vec![Some(1), None]);
        assert!(!taken(&number, &with_null, &delta().build()));
        assert!(!taken(&number, &numbers, &zstd().build()));
        let plain = zstd()
            .set_dictionary_enabled(false)
            .set_encoding(Encoding::PLAIN)
            .build();
        assert!(!taken(&number, &numbers, &plain));
        // 32-bit values of a 64-bit column are widened; 64-bit values do
        // not go into a 32-bit column.
        let narrow = UInt32Array::from(vec![1, 2, 3]);
        assert!(taken(&number, &narrow, &delta().build()));
        let narrow_column = descriptor(DataType::UInt32, true);
        assert!(!taken(&narrow_column, &numbers, &delta().build()));
    }

    /// A chunk of many pages carries what the crate's would: the offset
    /// index (a reader that requires it opens the file), the column index
    /// with each page's bounds, and the count of pages by encoding.
    #[test]
    fn chunks_carry_page_indexes_and_encoding_counts() {
        let rows = 50_000usize;
        let ids: ArrayRef = Arc::new(StringArray::from_iter_values(
            (0..rows).map(|n| format!("doc{:03}", n / 1000)),
        ));
        let offsets: ArrayRef = Arc::new(UInt64Array::from_iter_values(
            (0..rows as u64).map(|n| n * 3),
        ));
        for (array, data_type) in [(ids, DataType::Utf8), (offsets, DataType::UInt64)] {
            let (read, bytes) =
                write_and_read(std::slice::from_ref(&array), data_type.clone(), false);
            assert_eq!(read.as_ref(), array.as_ref());
            let options = ReadOptionsBuilder::new()
                .with_page_index()
                .with_encoding_stats_as_mask(false)
                .build();
            let reader =
                SerializedFileReader::new_with_options(bytes, options).expect("a page index");
            let metadata = reader.metadata();
            let page_index = metadata.page_index_for_row_group(0);
            let offset_index = page_index.offset_index(0).expect("an offset index");
            let firsts: Vec<i64> = offset_index
                .page_locations()
                .iter()
                .map(|page| page.first_row_index)
                .collect();
            assert_eq!(firsts, vec![0, 20_000, 40_000], "{data_type}");
            let column_index = page_index.column_index(0).expect("a column index");
            assert!(
                matches!(
                    column_index,
                    ColumnIndexMetaData::BYTE_ARRAY(_) | ColumnIndexMetaData::INT64(_)
                ),
                "{data_type}"
            );
            let counts = metadata
                .row_group(0)
                .column(0)
                .page_encoding_stats()
                .expect("encoding counts");
            let data_pages: i32 = counts
                .iter()
                .filter(|count| count.page_type == PageType::DATA_PAGE)
                .map(|count| count.count)
                .sum();
            assert_eq!(data_pages, 3, "{data_type}");
        }
    }

    /// Arrays that are slices of larger ones are read from their own rows.
    #[test]
    fn sliced_arrays_are_written_from_their_own_rows() {
        let words = StringArray::from_iter_values(["skip", "a", "b", "b", "skip"]).slice(1, 3);
        let (read, _) = write_and_read(
            &[Arc::new(words.clone()) as ArrayRef],
            DataType::Utf8,
            false,
        );
        assert_eq!(read.as_ref(), &words as &dyn Array);
        let numbers = UInt32Array::from(vec![9, 1, 2, 3, 9]).slice(1, 3);
        let (read, _) = write_and_read(
            &[Arc::new(numbers.clone()) as ArrayRef],
            DataType::UInt32,
            true,
        );
        assert_eq!(read.as_ref(), &numbers as &dyn Array);
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

    proptest! {
        /// The one-pass bounds are the iterator's least and greatest value.
        #[test]
        fn least_and_most_are_min_and_max(values in unsigned_values()) {
            let expected = (
                values.iter().copied().min().unwrap_or(0),
                values.iter().copied().max().unwrap_or(0),
            );
            prop_assert_eq!(least_and_most(&values), expected);
        }
    }

    /// The metadata of a one-column file of `array` written by `write_and_read`.
    fn metadata_of(array: ArrayRef) -> parquet::file::metadata::ParquetMetaData {
        let data_type = array.data_type().clone();
        let (_, bytes) = write_and_read(&[array], data_type, false);
        let options = ReadOptionsBuilder::new().with_page_index().build();
        let reader = SerializedFileReader::new_with_options(bytes, options).expect("readable");
        reader.metadata().clone()
    }

    /// Unsigned statistics order as unsigned: a value past the signed range
    /// is the greatest, in the chunk's statistics (as the physical type's
    /// bits) and in the order of its pages' bounds, so readers comparing as
    /// unsigned skip correctly.
    #[test]
    fn unsigned_statistics_order_as_unsigned() {
        let metadata = metadata_of(Arc::new(UInt32Array::from(vec![7, u32::MAX, 3])));
        match metadata.row_group(0).column(0).statistics() {
            Some(Statistics::Int32(statistics)) => {
                assert_eq!(statistics.min_opt(), Some(&3));
                assert_eq!(statistics.max_opt(), Some(&(u32::MAX as i32)));
            }
            other => panic!("INT32 statistics expected, got {other:?}"),
        }
        let metadata = metadata_of(Arc::new(UInt64Array::from(vec![7, u64::MAX, 3])));
        match metadata.row_group(0).column(0).statistics() {
            Some(Statistics::Int64(statistics)) => {
                assert_eq!(statistics.min_opt(), Some(&3));
                assert_eq!(statistics.max_opt(), Some(&(u64::MAX as i64)));
            }
            other => panic!("INT64 statistics expected, got {other:?}"),
        }

        // Two pages of 20,000 rows: small values, then values past i32::MAX
        // (negative as signed bits); then the same pages the other way round.
        let page = 20_000;
        let low_then_high: Vec<u32> = (0..2 * page)
            .map(|row| if row < page { 5 } else { u32::MAX - 1 })
            .collect();
        let high_then_low: Vec<u32> = low_then_high.iter().rev().copied().collect();
        for (values, order) in [
            (low_then_high, BoundaryOrder::ASCENDING),
            (high_then_low, BoundaryOrder::DESCENDING),
        ] {
            let metadata = metadata_of(Arc::new(UInt32Array::from(values)));
            let index = metadata.page_index_for_row_group(0);
            match index.column_index(0) {
                Some(pages @ ColumnIndexMetaData::INT32(_)) => {
                    assert_eq!(pages.get_boundary_order(), Some(order));
                }
                other => panic!("an INT32 column index expected, got {other:?}"),
            }
        }
    }
}

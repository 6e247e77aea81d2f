//! CSV straight from Arrow record batches, column by column. Every table is
//! written from the same arrays as its Parquet file, so the two formats can
//! never disagree, and a stage that builds its arrays directly (tokenise) does
//! not need row structs at all. Cells follow RFC 4180 as the `csv` crate
//! writes them: a text cell is quoted only when it holds a comma, a quote or a
//! line break; null is an empty cell; lists are JSON arrays; floats are the
//! shortest text that reads back to the same number.
//!
//! Hand-rolled rather than `arrow::csv` because that writer has no list
//! columns, prints floats differently from our Parquet-equal rule, and walks
//! rows through dynamic formatters that made CSV the slowest part of tokenise.

use super::text_column::{Keys, TextColumn};
use super::value::push_float;
use arrow::array::{
    Array, BooleanArray, Float64Array, ListArray, StringArray, UInt32Array, UInt64Array,
};
use arrow::buffer::NullBuffer;
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;

/// Rows encoded per parallel piece: large enough that a piece's buffer
/// amortises the hand-off, small enough that both cores share a batch and
/// that the few pieces' buffers a writer keeps stay small. At 16,384 rows a
/// piece of tokens was about 1 MB, and the first batch's pieces faulted in
/// 4-5 MB of fresh pages; at 2,048, BASIL's tokenise took 1.1k fewer page
/// faults and 5% less time (BBC's did not change).
const ROWS_PER_PIECE: usize = 2_048;

/// The header line of a table with these column names.
pub fn header<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut out = Vec::new();
    for (index, name) in names.into_iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        push_text(&mut out, name);
    }
    out.push(b'\n');
    out
}

/// Record batches' rows cut into pieces of at most `ROWS_PER_PIECE` rows of
/// one batch, for encoding in parallel a range of pieces at a time: a
/// writer that encodes a few pieces per core and writes them out before the
/// next keeps a few pieces' buffers, reused, rather than a whole batch's CSV
/// in fresh memory (BASIL's first batch of tokens is 13 MB of CSV).
pub struct Pieces<'a> {
    /// Each batch's columns, typed.
    columns: Vec<Vec<Cells<'a>>>,
    /// Each piece: its batch and rows.
    pieces: Vec<(usize, std::ops::Range<usize>)>,
}

impl<'a> Pieces<'a> {
    /// The pieces of `batches`; an error names a column type with no CSV form.
    pub fn of(batches: &[&'a RecordBatch]) -> Result<Self, String> {
        let columns = batches
            .iter()
            .map(|batch| {
                batch
                    .columns()
                    .iter()
                    .map(|array| Cells::of(array.as_ref()))
                    .collect::<Result<Vec<_>, _>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut pieces = Vec::new();
        for (index, batch) in batches.iter().enumerate() {
            let rows = batch.num_rows();
            for start in (0..rows).step_by(ROWS_PER_PIECE) {
                pieces.push((index, start..(start + ROWS_PER_PIECE).min(rows)));
            }
        }
        Ok(Self { columns, pieces })
    }

    /// How many pieces there are.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Encodes the pieces `range` in parallel into `out`, one buffer per
    /// piece in order (buffers beyond are dropped). The caller keeps `out`
    /// from call to call: reusing the buffers' memory spares the kernel
    /// zeroing fresh pages every time, which cost more than the encoding.
    pub fn encode(&self, range: std::ops::Range<usize>, out: &mut Vec<Vec<u8>>) {
        let pieces = &self.pieces[range];
        out.resize_with(pieces.len(), Vec::new);
        out.par_iter_mut()
            .zip(pieces)
            .for_each(|(out, (batch, rows))| {
                out.clear();
                let columns = &self.columns[*batch];
                let mut quoting: Vec<QuotingBytes> = columns
                    .iter()
                    .map(|column| column.quoting_bytes(rows))
                    .collect();
                for row in rows.clone() {
                    for (index, (column, quoting)) in columns.iter().zip(&mut quoting).enumerate() {
                        if index > 0 {
                            out.push(b',');
                        }
                        column.push_cell(row, out, quoting);
                    }
                    out.push(b'\n');
                }
            });
    }
}

/// A column of a batch, typed once so that each cell is a plain match on
/// slices of the array's buffers (a cell is written seven million times for
/// the tokens of a few megabytes of news).
struct Cells<'a> {
    values: Values<'a>,
    nulls: Option<&'a NullBuffer>,
}

enum Values<'a> {
    Text {
        offsets: &'a [i32],
        bytes: &'a [u8],
    },
    /// A dictionary column: each row's key, and each value's cell ready-made.
    Dictionary {
        keys: Keys<'a>,
        cells: Vec<Vec<u8>>,
    },
    UInt32(&'a [u32]),
    UInt64(&'a [u64]),
    Float64(&'a [f64]),
    Boolean(&'a BooleanArray),
    TextList(&'a ListArray),
}

impl<'a> Cells<'a> {
    fn of(array: &'a dyn Array) -> Result<Self, String> {
        let any = array.as_any();
        let values = if let Some(column) = TextColumn::of(array) {
            match column {
                TextColumn::Plain(array) => Values::Text {
                    offsets: array.value_offsets(),
                    bytes: array.value_data(),
                },
                TextColumn::Dictionary { keys, values } => Values::Dictionary {
                    keys,
                    cells: values
                        .iter()
                        .map(|value| {
                            let mut cell = Vec::new();
                            push_text(&mut cell, value.unwrap_or_default());
                            cell
                        })
                        .collect(),
                },
            }
        } else if let Some(array) = any.downcast_ref::<UInt32Array>() {
            Values::UInt32(array.values())
        } else if let Some(array) = any.downcast_ref::<UInt64Array>() {
            Values::UInt64(array.values())
        } else if let Some(array) = any.downcast_ref::<Float64Array>() {
            Values::Float64(array.values())
        } else if let Some(array) = any.downcast_ref::<BooleanArray>() {
            Values::Boolean(array)
        } else if let Some(array) = any.downcast_ref::<ListArray>() {
            Values::TextList(array)
        } else {
            return Err(format!(
                "a column of type {} has no CSV form",
                array.data_type()
            ));
        };
        Ok(Self {
            values,
            nulls: array.nulls(),
        })
    }

    /// The quoting bytes of a text column's cells in `rows` (none for other
    /// columns). The search stops at the rows' last byte: the pieces of a
    /// batch would otherwise each scan on to the end of the column.
    fn quoting_bytes(&self, rows: &std::ops::Range<usize>) -> QuotingBytes<'a> {
        match self.values {
            Values::Text { offsets, bytes } => QuotingBytes::new(
                &bytes[..offsets[rows.end] as usize],
                offsets[rows.start] as usize,
            ),
            _ => QuotingBytes::new(&[], 0),
        }
    }

    /// Writes the cell of `row`; rows come in increasing order, with
    /// `quoting` the column's own cursor.
    fn push_cell(&self, row: usize, out: &mut Vec<u8>, quoting: &mut QuotingBytes) {
        if self.nulls.is_some_and(|nulls| nulls.is_null(row)) {
            return;
        }
        match &self.values {
            Values::Text { offsets, bytes } => push_text_cell(
                out,
                bytes,
                offsets[row] as usize,
                offsets[row + 1] as usize,
                quoting,
            ),
            Values::Dictionary { keys, cells } => out.extend_from_slice(&cells[keys.get(row)]),
            Values::UInt32(values) => push_unsigned(out, u64::from(values[row])),
            Values::UInt64(values) => push_unsigned(out, values[row]),
            Values::Float64(values) => push_float(out, values[row]),
            Values::Boolean(array) => {
                out.extend_from_slice(if array.value(row) { b"true" } else { b"false" })
            }
            Values::TextList(array) => {
                let items = array.value(row);
                let texts: Vec<&str> = items
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .map(|strings| strings.iter().map(Option::unwrap_or_default).collect())
                    .unwrap_or_default();
                let json =
                    serde_json::to_string(&texts).expect("a list of strings always serialises");
                push_text(out, &json);
            }
        }
    }
}

/// An unsigned integer cell. Most are indices and character offsets of up
/// to four digits, written two digits at a time from a table as fixed-size
/// arrays (a few stores), rather than through the general formatter and a
/// copy of its buffer.
fn push_unsigned(out: &mut Vec<u8>, value: u64) {
    let pair = |n: u64| {
        let at = 2 * n as usize;
        [DIGIT_PAIRS[at], DIGIT_PAIRS[at + 1]]
    };
    if value < 10 {
        out.push(b'0' + value as u8);
    } else if value < 100 {
        out.extend_from_slice(&pair(value));
    } else if value < 1_000 {
        let [tens, units] = pair(value % 100);
        out.extend_from_slice(&[b'0' + (value / 100) as u8, tens, units]);
    } else if value < 10_000 {
        let ([a, b], [c, d]) = (pair(value / 100), pair(value % 100));
        out.extend_from_slice(&[a, b, c, d]);
    } else {
        out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }
}

/// "00" to "99", each number's two digits at twice its place.
const DIGIT_PAIRS: [u8; 200] = {
    let mut pairs = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        pairs[2 * n] = b'0' + (n / 10) as u8;
        pairs[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    pairs
};

/// Bytes that make a text cell need quotes.
const NEEDS_QUOTES: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// Where the bytes that make a cell need quotes lie in a text column's
/// buffer, found ahead of the cells by memchr's vector scans rather than
/// tested cell by cell: a token cell then costs one comparison. A search
/// starts again only once a cell has passed what it found, so the bytes are
/// scanned once whatever the rows.
struct QuotingBytes<'a> {
    bytes: &'a [u8],
    /// The first comma, quote or line feed at or after the last search's start.
    comma_quote_or_line_feed: usize,
    /// The first carriage return likewise (the fourth byte; memchr seeks three at once).
    carriage_return: usize,
}

impl<'a> QuotingBytes<'a> {
    fn new(bytes: &'a [u8], from: usize) -> Self {
        let rest = bytes.get(from..).unwrap_or_default();
        Self {
            bytes,
            comma_quote_or_line_feed: Self::first(memchr::memchr3(b',', b'"', b'\n', rest), from),
            carriage_return: Self::first(memchr::memchr(b'\r', rest), from),
        }
    }

    fn first(found: Option<usize>, from: usize) -> usize {
        found.map_or(usize::MAX, |at| from + at)
    }

    /// Whether `bytes[start..end]` holds a quoting byte; cells are asked
    /// about in increasing order.
    fn within(&mut self, start: usize, end: usize) -> bool {
        let rest = || self.bytes.get(start..).unwrap_or_default();
        if self.comma_quote_or_line_feed < start {
            self.comma_quote_or_line_feed =
                Self::first(memchr::memchr3(b',', b'"', b'\n', rest()), start);
        }
        if self.carriage_return < start {
            self.carriage_return = Self::first(memchr::memchr(b'\r', rest()), start);
        }
        self.comma_quote_or_line_feed.min(self.carriage_return) < end
    }
}

/// The text cell `values[start..end]`, with `quoting` the cursor over `values`.
fn push_text_cell(
    out: &mut Vec<u8>,
    values: &[u8],
    start: usize,
    end: usize,
    quoting: &mut QuotingBytes,
) {
    if quoting.within(start, end) {
        push_quoted(out, &values[start..end]);
    } else {
        push_unquoted(out, values, start, end);
    }
}

/// The text cell `values[start..end]`, known to need no quotes. Cells are
/// mostly a few bytes (words, marks, ids): one of up to eight bytes is
/// copied as one word from the column's buffer where the buffer has the
/// bytes after it, without a copy loop whose length the processor must guess.
fn push_unquoted(out: &mut Vec<u8>, values: &[u8], start: usize, end: usize) {
    let len = end - start;
    match values.get(start..start + 8) {
        Some(word) if len <= 8 => {
            out.extend_from_slice(word);
            out.truncate(out.len() - (8 - len));
        }
        _ => out.extend_from_slice(&values[start..end]),
    }
}

/// A text cell, quoted (with inner quotes doubled) only when it must be.
fn push_text(out: &mut Vec<u8>, text: &str) {
    push_text_bytes(out, text.as_bytes())
}

/// `push_text` of a string's UTF-8 bytes.
fn push_text_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.iter().any(|&byte| NEEDS_QUOTES[byte as usize]) {
        push_quoted(out, bytes);
    } else {
        out.extend_from_slice(bytes);
    }
}

/// A text cell in quotes, its own quotes doubled.
fn push_quoted(out: &mut Vec<u8>, bytes: &[u8]) {
    if memchr::memchr(b'"', bytes).is_none() {
        // Most quoted cells are quoted for a comma (the tokens table's
        // comma tokens) or a line break: nothing to double, the cell goes
        // in whole rather than split at quotes.
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    out.push(b'"');
    for piece in bytes.split_inclusive(|&byte| byte == b'"') {
        out.extend_from_slice(piece);
        if piece.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::datatypes::{DataType, Field, Schema};
    use proptest::prelude::*;
    use std::sync::Arc;

    /// The batches' rows as CSV lines, every piece encoded at once into
    /// `pieces`; the pieces, written one after another, are the rows in order.
    fn encode_batches(batches: &[&RecordBatch], pieces: &mut Vec<Vec<u8>>) -> Result<(), String> {
        let plan = Pieces::of(batches)?;
        plan.encode(0..plan.len(), pieces);
        Ok(())
    }

    fn text_batch(values: &[Option<String>]) -> RecordBatch {
        let schema = Schema::new(vec![
            Field::new("text", DataType::Utf8, true),
            Field::new("n", DataType::UInt64, false),
        ]);
        RecordBatch::try_new(
            Arc::new(schema),
            vec![
                Arc::new(values.iter().map(Option::as_deref).collect::<StringArray>()),
                Arc::new((0..values.len() as u64).collect::<UInt64Array>()),
            ],
        )
        .expect("a valid batch")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any text, read back by an independent CSV reader, is the text again;
        /// the row count survives however many pieces the rows are split into.
        #[test]
        fn text_cells_read_back_as_written(
            values in proptest::collection::vec(proptest::option::of("[a-z ,\"\n\r'é“”]{0,12}"), 0..40)
        ) {
            let batch = text_batch(&values);
            let mut bytes = header(["text", "n"]);
            let mut pieces = vec![b"left over from a batch before".to_vec(); 3];
            encode_batches(&[&batch], &mut pieces).expect("encodable");
            for piece in pieces {
                bytes.extend(piece);
            }
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let records: Vec<csv::StringRecord> =
                reader.records().collect::<Result<_, _>>().expect("valid CSV");
            prop_assert_eq!(records.len(), values.len());
            for (index, (record, value)) in records.iter().zip(&values).enumerate() {
                prop_assert_eq!(&record[0], value.as_deref().unwrap_or(""));
                prop_assert_eq!(&record[1], index.to_string());
            }
        }
    }

    proptest! {
        /// Cells of a column's buffer are written as the byte-by-byte path
        /// writes them: short and long cells, cells with quoting bytes
        /// anywhere, runs of cells without any between those with them, and
        /// cells at the buffer's end with no word after them.
        #[test]
        fn text_cells_from_a_buffer_match_the_plain_path(
            cells in proptest::collection::vec("[a-z,\"\n\ré“”]{0,20}", 0..12)
        ) {
            let buffer: String = cells.concat();
            let (mut fast, mut plain) = (Vec::new(), Vec::new());
            let mut start = 0;
            let mut quoting = QuotingBytes::new(buffer.as_bytes(), 0);
            for cell in &cells {
                push_text_cell(&mut fast, buffer.as_bytes(), start, start + cell.len(), &mut quoting);
                push_text(&mut plain, cell);
                fast.push(b'|');
                plain.push(b'|');
                start += cell.len();
            }
            prop_assert_eq!(fast, plain);
        }
    }

    proptest! {
        /// Unsigned cells are their decimal digits at every magnitude the
        /// short paths cover and beyond.
        #[test]
        fn unsigned_cells_are_their_digits(digits in 1u32..20, seed: u64) {
            let value = seed % 10u64.pow(digits);
            let mut out = Vec::new();
            push_unsigned(&mut out, value);
            prop_assert_eq!(String::from_utf8(out).expect("digits"), value.to_string());
        }
    }

    #[test]
    fn unsigned_cells_at_the_edges_of_the_short_paths() {
        for value in [0, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, u64::MAX] {
            let mut out = Vec::new();
            push_unsigned(&mut out, value);
            assert_eq!(String::from_utf8(out).expect("digits"), value.to_string());
        }
    }

    #[test]
    fn quoting_only_where_needed() {
        let mut out = Vec::new();
        push_text(&mut out, "plain words");
        out.push(b'|');
        push_text(&mut out, "a, b");
        out.push(b'|');
        push_text(&mut out, "say \"no\"");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "plain words|\"a, b\"|\"say \"\"no\"\"\""
        );
    }

    /// Pieces encoded a few at a time, each range into the same reused
    /// buffers, are the bytes of all of them encoded at once.
    #[test]
    fn pieces_encoded_in_waves_are_the_pieces_encoded_at_once() {
        let values: Vec<Option<String>> = (0..ROWS_PER_PIECE * 3 + 5)
            .map(|i| Some(format!("w{i}, \"{i}\"")))
            .collect();
        let (first, second) = (
            text_batch(&values[..ROWS_PER_PIECE + 7]),
            text_batch(&values[ROWS_PER_PIECE + 7..]),
        );
        let batches = [&first, &second];
        let mut all = Vec::new();
        encode_batches(&batches, &mut all).expect("encodable");
        let plan = Pieces::of(&batches).expect("encodable");
        assert_eq!(plan.len(), 4, "two pieces of each batch");
        let mut waves: Vec<u8> = Vec::new();
        let mut buffers: Vec<Vec<u8>> = Vec::new();
        // Waves of three: one across the two batches, then a short last one.
        for start in (0..plan.len()).step_by(3) {
            plan.encode(start..(start + 3).min(plan.len()), &mut buffers);
            waves.extend(buffers.iter().flatten());
        }
        assert_eq!(waves, all.concat());
    }

    /// A text column built as a dictionary is written as its rows' strings,
    /// quoted where a value must be.
    #[test]
    fn dictionary_cells_are_their_strings() {
        let rows = [
            Some("word"),
            Some("a, b"),
            Some(""),
            Some("say \"no\""),
            Some("word"),
        ];
        let values = StringArray::from(vec!["unused", "say \"no\"", "a, b", "word", ""]);
        let keys = arrow::array::UInt8Array::from(vec![3, 2, 4, 1, 3]);
        let dictionary = arrow::array::DictionaryArray::new(keys, Arc::new(values));
        let schema = |data_type| {
            Arc::new(Schema::new(vec![
                Field::new("text", data_type, true),
                Field::new("n", DataType::UInt64, false),
            ]))
        };
        let numbers = Arc::new(UInt64Array::from(vec![1, 2, 3, 4, 5]));
        let plain = RecordBatch::try_new(
            schema(DataType::Utf8),
            vec![Arc::new(StringArray::from(rows.to_vec())), numbers.clone()],
        )
        .expect("a valid batch");
        let built = RecordBatch::try_new(
            schema(dictionary.data_type().clone()),
            vec![Arc::new(dictionary), numbers],
        )
        .expect("a valid batch");
        let (mut from_plain, mut from_dictionary) = (Vec::new(), Vec::new());
        encode_batches(&[&plain], &mut from_plain).expect("encodable");
        encode_batches(&[&built], &mut from_dictionary).expect("encodable");
        let text = String::from_utf8(from_dictionary.concat()).expect("utf-8");
        assert_eq!(
            text,
            "word,1\n\"a, b\",2\n,3\n\"say \"\"no\"\"\",4\nword,5\n"
        );
        assert_eq!(from_dictionary, from_plain);
    }

    #[test]
    fn batches_larger_than_a_piece_keep_their_order() {
        let values: Vec<Option<String>> = (0..ROWS_PER_PIECE * 2 + 5)
            .map(|i| Some(format!("w{i}")))
            .collect();
        let mut pieces = Vec::new();
        encode_batches(&[&text_batch(&values)], &mut pieces).expect("encodable");
        assert_eq!(pieces.len(), 3);
        let joined: Vec<u8> = pieces.concat();
        let lines: Vec<&str> = std::str::from_utf8(&joined)
            .expect("utf-8")
            .lines()
            .collect();
        assert_eq!(lines.len(), values.len());
        assert_eq!(lines[ROWS_PER_PIECE], format!("w{0},{0}", ROWS_PER_PIECE));
    }
}

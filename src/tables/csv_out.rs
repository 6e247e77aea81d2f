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

use super::value::push_float;
use arrow::array::{
    Array, BooleanArray, Float64Array, ListArray, StringArray, UInt32Array, UInt64Array,
};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;

/// Rows encoded per parallel piece: large enough that a piece's buffer
/// amortises the hand-off, small enough that both cores share a batch.
const ROWS_PER_PIECE: usize = 16_384;

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

/// The batch's rows as CSV lines, encoded in pieces in parallel into
/// `pieces` (cleared first); the pieces, written one after another, are the
/// rows in order. The caller keeps `pieces` from batch to batch: reusing the
/// buffers' memory spares the kernel zeroing fresh pages for every batch,
/// which cost more than the encoding.
pub fn encode_batch(batch: &RecordBatch, pieces: &mut Vec<Vec<u8>>) -> Result<(), String> {
    let columns = batch
        .columns()
        .iter()
        .map(|array| Cells::of(array.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let rows = batch.num_rows();
    pieces.resize_with(rows.div_ceil(ROWS_PER_PIECE), Vec::new);
    pieces.par_iter_mut().enumerate().for_each(|(piece, out)| {
        out.clear();
        let start = piece * ROWS_PER_PIECE;
        let end = (start + ROWS_PER_PIECE).min(rows);
        for row in start..end {
            for (index, column) in columns.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                column.push_cell(row, out);
            }
            out.push(b'\n');
        }
    });
    Ok(())
}

/// A column of a batch, typed once so that each cell is a plain match.
enum Cells<'a> {
    Text(&'a StringArray),
    UInt32(&'a UInt32Array),
    UInt64(&'a UInt64Array),
    Float64(&'a Float64Array),
    Boolean(&'a BooleanArray),
    TextList(&'a ListArray),
}

impl<'a> Cells<'a> {
    fn of(array: &'a dyn Array) -> Result<Self, String> {
        let any = array.as_any();
        if let Some(array) = any.downcast_ref::<StringArray>() {
            Ok(Cells::Text(array))
        } else if let Some(array) = any.downcast_ref::<UInt32Array>() {
            Ok(Cells::UInt32(array))
        } else if let Some(array) = any.downcast_ref::<UInt64Array>() {
            Ok(Cells::UInt64(array))
        } else if let Some(array) = any.downcast_ref::<Float64Array>() {
            Ok(Cells::Float64(array))
        } else if let Some(array) = any.downcast_ref::<BooleanArray>() {
            Ok(Cells::Boolean(array))
        } else if let Some(array) = any.downcast_ref::<ListArray>() {
            Ok(Cells::TextList(array))
        } else {
            Err(format!(
                "a column of type {} has no CSV form",
                array.data_type()
            ))
        }
    }

    fn is_null(&self, row: usize) -> bool {
        match self {
            Cells::Text(array) => array.is_null(row),
            Cells::UInt32(array) => array.is_null(row),
            Cells::UInt64(array) => array.is_null(row),
            Cells::Float64(array) => array.is_null(row),
            Cells::Boolean(array) => array.is_null(row),
            Cells::TextList(array) => array.is_null(row),
        }
    }

    fn push_cell(&self, row: usize, out: &mut Vec<u8>) {
        if self.is_null(row) {
            return;
        }
        match self {
            Cells::Text(array) => push_text(out, array.value(row)),
            Cells::UInt32(array) => {
                out.extend_from_slice(itoa::Buffer::new().format(array.value(row)).as_bytes())
            }
            Cells::UInt64(array) => {
                out.extend_from_slice(itoa::Buffer::new().format(array.value(row)).as_bytes())
            }
            Cells::Float64(array) => push_float(out, array.value(row)),
            Cells::Boolean(array) => {
                out.extend_from_slice(if array.value(row) { b"true" } else { b"false" })
            }
            Cells::TextList(array) => {
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

/// A text cell, quoted (with inner quotes doubled) only when it must be.
fn push_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|&byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'))
    {
        out.extend_from_slice(bytes);
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
            encode_batch(&batch, &mut pieces).expect("encodable");
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

    #[test]
    fn batches_larger_than_a_piece_keep_their_order() {
        let values: Vec<Option<String>> = (0..ROWS_PER_PIECE * 2 + 5)
            .map(|i| Some(format!("w{i}")))
            .collect();
        let mut pieces = Vec::new();
        encode_batch(&text_batch(&values), &mut pieces).expect("encodable");
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

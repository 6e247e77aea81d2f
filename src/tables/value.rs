//! The Rust types a table column may hold, and how each one becomes an Arrow
//! array and comes back from one. CSV is written from the arrays
//! (`csv_out`), with floats printed by `format_float` here.

use arrow::array::{
    Array, ArrayRef, BooleanArray, Float64Array, ListArray, ListBuilder, StringArray,
    StringBuilder, UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Field};
use std::sync::Arc;

/// The closed set of column value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// UTF-8 text.
    Text,
    /// Unsigned 32-bit integer (indices).
    UInt32,
    /// Unsigned 64-bit integer (counts, offsets).
    UInt64,
    /// 64-bit float.
    Float64,
    /// true or false.
    Boolean,
    /// A list of texts.
    TextList,
}

impl ValueKind {
    /// The Arrow type the column is written as.
    pub fn arrow_type(self) -> DataType {
        match self {
            ValueKind::Text => DataType::Utf8,
            ValueKind::UInt32 => DataType::UInt32,
            ValueKind::UInt64 => DataType::UInt64,
            ValueKind::Float64 => DataType::Float64,
            ValueKind::Boolean => DataType::Boolean,
            ValueKind::TextList => {
                DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
            }
        }
    }

    /// The type's name in the data dictionary.
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::Text => "string",
            ValueKind::UInt32 => "uint32",
            ValueKind::UInt64 => "uint64",
            ValueKind::Float64 => "float64",
            ValueKind::Boolean => "boolean",
            ValueKind::TextList => "list<string>",
        }
    }

    /// The Frictionless Table Schema type.
    pub fn frictionless_type(self) -> &'static str {
        match self {
            ValueKind::Text => "string",
            ValueKind::UInt32 | ValueKind::UInt64 => "integer",
            ValueKind::Float64 => "number",
            ValueKind::Boolean => "boolean",
            ValueKind::TextList => "array",
        }
    }
}

/// A Rust type that can be a table column.
pub trait ColumnValue: Sized {
    /// The column's value type.
    const KIND: ValueKind;
    /// Whether the column may be null.
    const NULLABLE: bool;
    /// The values as one Arrow array.
    fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef
    where
        Self: 'a;
    /// The values back from an Arrow array; None when the array has another type.
    fn from_array(array: &ArrayRef) -> Option<Vec<Self>>;
    /// Bytes the value adds to its column's string data (none for numbers):
    /// an Arrow string column holds at most 2 GiB.
    fn text_bytes(&self) -> usize {
        0
    }
}

/// Implements ColumnValue for a plain Arrow primitive and its Option.
macro_rules! primitive_column {
    ($ty:ty, $kind:expr, $array:ty) => {
        impl ColumnValue for $ty {
            const KIND: ValueKind = $kind;
            const NULLABLE: bool = false;
            fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef {
                Arc::new(values.copied().map(Some).collect::<$array>())
            }
            fn from_array(array: &ArrayRef) -> Option<Vec<Self>> {
                let typed = array.as_any().downcast_ref::<$array>()?;
                if typed.null_count() > 0 {
                    return None;
                }
                Some(
                    typed
                        .iter()
                        .map(|value| value.unwrap_or_default())
                        .collect(),
                )
            }
        }

        impl ColumnValue for Option<$ty> {
            const KIND: ValueKind = $kind;
            const NULLABLE: bool = true;
            fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef {
                Arc::new(values.copied().collect::<$array>())
            }
            fn from_array(array: &ArrayRef) -> Option<Vec<Self>> {
                let typed = array.as_any().downcast_ref::<$array>()?;
                Some(typed.iter().collect())
            }
        }
    };
}

primitive_column!(u32, ValueKind::UInt32, UInt32Array);
primitive_column!(u64, ValueKind::UInt64, UInt64Array);
primitive_column!(f64, ValueKind::Float64, Float64Array);
primitive_column!(bool, ValueKind::Boolean, BooleanArray);

/// Floats in CSV: shortest text that reads back to the same number (ryu's
/// digits), so CSV and Parquet agree; integral values print without a
/// fraction. Written straight into the CSV buffer, without the standard
/// formatter: term_stats has two float cells per row, and formatting them
/// was the largest part of writing it.
pub(super) fn push_float(out: &mut Vec<u8>, value: f64) {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        if value == 0.0 && value.is_sign_negative() {
            out.push(b'-');
        }
        // Exact: an integral float below 1e15 fits an i64.
        out.extend_from_slice(itoa::Buffer::new().format(value as i64).as_bytes());
    } else {
        // Non-finite values come out as NaN, inf and -inf.
        out.extend_from_slice(ryu::Buffer::new().format(value).as_bytes());
    }
}

impl ColumnValue for String {
    const KIND: ValueKind = ValueKind::Text;
    const NULLABLE: bool = false;
    fn text_bytes(&self) -> usize {
        self.len()
    }
    fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef {
        Arc::new(values.map(|v| Some(v.as_str())).collect::<StringArray>())
    }
    fn from_array(array: &ArrayRef) -> Option<Vec<Self>> {
        let typed = array.as_any().downcast_ref::<StringArray>()?;
        if typed.null_count() > 0 {
            return None;
        }
        Some(
            typed
                .iter()
                .map(|v| v.unwrap_or_default().to_string())
                .collect(),
        )
    }
}

impl ColumnValue for Option<String> {
    const KIND: ValueKind = ValueKind::Text;
    const NULLABLE: bool = true;
    fn text_bytes(&self) -> usize {
        self.as_ref().map_or(0, String::len)
    }
    fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef {
        Arc::new(values.map(|v| v.as_deref()).collect::<StringArray>())
    }
    fn from_array(array: &ArrayRef) -> Option<Vec<Self>> {
        let typed = array.as_any().downcast_ref::<StringArray>()?;
        Some(typed.iter().map(|v| v.map(str::to_string)).collect())
    }
}

impl ColumnValue for Vec<String> {
    const KIND: ValueKind = ValueKind::TextList;
    const NULLABLE: bool = false;
    fn text_bytes(&self) -> usize {
        self.iter().map(String::len).sum()
    }
    fn to_array<'a>(values: impl Iterator<Item = &'a Self>) -> ArrayRef {
        let mut builder = ListBuilder::new(StringBuilder::new());
        for list in values {
            for item in list {
                builder.values().append_value(item);
            }
            builder.append(true);
        }
        Arc::new(builder.finish())
    }
    fn from_array(array: &ArrayRef) -> Option<Vec<Self>> {
        let lists = array.as_any().downcast_ref::<ListArray>()?;
        let mut out = Vec::with_capacity(lists.len());
        for index in 0..lists.len() {
            let items = lists.value(index);
            let strings = items.as_any().downcast_ref::<StringArray>()?;
            out.push(
                strings
                    .iter()
                    .map(|s| s.unwrap_or_default().to_string())
                    .collect(),
            );
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_in_csv_read_back_exactly() {
        for value in [
            9000.0,
            0.1,
            2.5,
            94672800.0,
            1e-7,
            -3.25,
            1e300,
            -0.0,
            2.347417840375587,
        ] {
            let mut text = Vec::new();
            push_float(&mut text, value);
            let text = String::from_utf8(text).expect("utf-8");
            let back = text.parse::<f64>().expect("a float");
            assert_eq!(back.to_bits(), value.to_bits(), "{text}");
        }
        let mut text = Vec::new();
        push_float(&mut text, 9000.0);
        assert_eq!(text, b"9000");
    }

    #[test]
    fn text_lists_round_trip_through_arrow() {
        let lists = vec![vec!["Fox News".to_string(), "NYT".to_string()], vec![]];
        let array = <Vec<String>>::to_array(lists.iter());
        assert_eq!(<Vec<String>>::from_array(&array), Some(lists));
    }
}

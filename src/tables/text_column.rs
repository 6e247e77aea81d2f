//! A text column as the writers read it: Arrow's plain strings, or a
//! dictionary of strings with a key per row. A stage may build a column of
//! few distinct values (a document's id down its tokens, a token's kind) as
//! a dictionary: a key per row instead of the value's bytes, and the
//! writers then look each distinct value up once instead of hashing it on
//! every row. Either way the files hold the table's declared text column:
//! the dictionary is how the rows travel in memory, not a column type.
//!
//! The writers read a dictionary here only with unsigned keys of up to 32
//! bits and no nulls (keys or values); `TableWriter` casts any other
//! dictionary of strings to plain strings before writing it.

use arrow::array::{
    Array, AsArray, DictionaryArray, PrimitiveArray, StringArray, UInt8Array, UInt16Array,
    UInt32Array,
};
use arrow::datatypes::{ArrowDictionaryKeyType, DataType, UInt8Type, UInt16Type, UInt32Type};

/// A text column's rows, typed once.
pub enum TextColumn<'a> {
    /// Each row's string in the array's buffer.
    Plain(&'a StringArray),
    /// Each row's key into `values`.
    Dictionary {
        keys: Keys<'a>,
        values: &'a StringArray,
    },
}

/// A dictionary column's keys, by their width.
pub enum Keys<'a> {
    /// Keys of eight bits (a token's kind).
    U8(&'a [u8]),
    /// Keys of sixteen bits.
    U16(&'a [u16]),
    /// Keys of thirty-two bits (a document's id).
    U32(&'a [u32]),
}

/// Whether a column of `data_type` can be written as a text column: strings,
/// or a dictionary of strings (those `TextColumn` does not read are cast).
pub fn is_text(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8 => true,
        DataType::Dictionary(_, values) => **values == DataType::Utf8,
        _ => false,
    }
}

impl<'a> TextColumn<'a> {
    /// The column of `array`, or `None` for an array that is not text or is
    /// a dictionary the writers do not read as it is (see the module).
    pub fn of(array: &'a dyn Array) -> Option<Self> {
        if let Some(strings) = array.as_any().downcast_ref::<StringArray>() {
            return Some(Self::Plain(strings));
        }
        let DataType::Dictionary(key_type, value_type) = array.data_type() else {
            return None;
        };
        if **value_type != DataType::Utf8 || array.null_count() > 0 {
            return None;
        }
        fn parts<K: ArrowDictionaryKeyType>(
            array: &dyn Array,
        ) -> (&PrimitiveArray<K>, &StringArray) {
            let dictionary: &DictionaryArray<K> = array.as_dictionary();
            (dictionary.keys(), dictionary.values().as_string())
        }
        let (keys, values) = match **key_type {
            DataType::UInt8 => {
                let (keys, values) = parts::<UInt8Type>(array);
                (Keys::U8(UInt8Array::values(keys)), values)
            }
            DataType::UInt16 => {
                let (keys, values) = parts::<UInt16Type>(array);
                (Keys::U16(UInt16Array::values(keys)), values)
            }
            DataType::UInt32 => {
                let (keys, values) = parts::<UInt32Type>(array);
                (Keys::U32(UInt32Array::values(keys)), values)
            }
            _ => return None,
        };
        if values.null_count() > 0 {
            return None;
        }
        Some(Self::Dictionary { keys, values })
    }

    /// The bytes of `row`'s value.
    pub fn value(&self, row: usize) -> &'a [u8] {
        let (strings, index) = match self {
            Self::Plain(strings) => (*strings, row),
            Self::Dictionary { keys, values } => (*values, keys.get(row)),
        };
        let offsets = strings.value_offsets();
        &strings.value_data()[offsets[index] as usize..offsets[index + 1] as usize]
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        match self {
            Self::Plain(strings) => strings.len(),
            Self::Dictionary { keys, .. } => keys.len(),
        }
    }

    /// Bytes that rows `start..end` hold in the column: a plain column's
    /// strings, a dictionary column's keys (its values are held once for
    /// all of an array's rows, however many rows use them).
    pub fn bytes_of_rows(&self, start: usize, end: usize) -> usize {
        match self {
            Self::Plain(strings) => {
                let offsets = strings.value_offsets();
                (offsets[end] - offsets[start]) as usize
            }
            Self::Dictionary { keys, .. } => (end - start) * keys.width(),
        }
    }
}

impl Keys<'_> {
    /// The key of `row`.
    #[inline]
    pub fn get(&self, row: usize) -> usize {
        match self {
            Self::U8(keys) => usize::from(keys[row]),
            Self::U16(keys) => usize::from(keys[row]),
            Self::U32(keys) => keys[row] as usize,
        }
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        match self {
            Self::U8(keys) => keys.len(),
            Self::U16(keys) => keys.len(),
            Self::U32(keys) => keys.len(),
        }
    }

    /// Bytes of one key.
    pub fn width(&self) -> usize {
        match self {
            Self::U8(_) => 1,
            Self::U16(_) => 2,
            Self::U32(_) => 4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn dictionary_rows_are_their_values() {
        let values = StringArray::from(vec!["word", "number", "punct"]);
        let keys = UInt8Array::from(vec![0, 0, 2, 1]);
        let array = DictionaryArray::<UInt8Type>::try_new(keys, Arc::new(values))
            .expect("keys within the values");
        let Some(TextColumn::Dictionary { keys, values }) = TextColumn::of(&array) else {
            panic!("a dictionary of strings is a text column");
        };
        let rows: Vec<&str> = (0..keys.len())
            .map(|row| values.value(keys.get(row)))
            .collect();
        assert_eq!(rows, ["word", "word", "punct", "number"]);
        let column = TextColumn::of(&array).expect("text");
        assert_eq!(column.bytes_of_rows(1, 4), 3, "a byte of key a row");
        let plain = StringArray::from(vec!["a", "bc", "def"]);
        assert_eq!(TextColumn::of(&plain).expect("text").bytes_of_rows(1, 3), 5);
    }

    #[test]
    fn other_arrays_are_not_text() {
        assert!(TextColumn::of(&UInt32Array::from(vec![1, 2])).is_none());
        let signed = DictionaryArray::<arrow::datatypes::Int32Type>::try_new(
            arrow::array::Int32Array::from(vec![0]),
            Arc::new(StringArray::from(vec!["a"])),
        )
        .expect("a dictionary");
        assert!(TextColumn::of(&signed).is_none());
    }
}

//! Every table parallax writes is declared once, in `schema.rs`, with the
//! `declare_rows!` macro defined here. From that one declaration come the row
//! struct the stages fill, the Arrow schema (with each column's description in
//! the field metadata), the CSV header, the sort key, `parallax schema`,
//! `datapackage.json` and README's data dictionary.

mod column_chunk;
mod csv_out;
pub mod io;
pub mod schema;
mod text_column;
mod value;

pub use value::{ColumnValue, ValueKind};

use arrow::array::ArrayRef;
use arrow::datatypes::{Field, Schema};
use arrow::record_batch::RecordBatch;
use std::collections::HashMap;
use std::sync::Arc;

/// One column of a table: its name, type and one-line meaning.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column name, as users see it in Parquet, CSV and polars.
    pub name: &'static str,
    /// The value type and whether it may be null.
    pub kind: ValueKind,
    /// Whether the column may hold nulls.
    pub nullable: bool,
    /// One line saying what the column holds, with its unit.
    pub doc: &'static str,
}

impl Column {
    /// The Arrow field, carrying the description in its metadata.
    pub fn arrow_field(&self) -> Field {
        Field::new(self.name, self.kind.arrow_type(), self.nullable).with_metadata(HashMap::from([
            ("description".to_string(), self.doc.trim().to_string()),
        ]))
    }
}

/// A struct whose fields are the columns of one or more tables.
pub trait Row: Sized + Send + Sync + 'static {
    /// The columns, in order.
    const COLUMNS: &'static [Column];
    /// The columns whose values order the rows in a written table.
    const KEY: &'static [&'static str];
    /// Sorts rows by the declared key, so that output is the same bytes for any thread count.
    fn sort_rows(rows: &mut [Self]);
    /// The rows as Arrow arrays, one per column.
    fn to_arrays(rows: &[Self]) -> Vec<ArrayRef>;
    /// Bytes of text the row holds, over all its columns: rows are written
    /// in record batches small enough that no string column passes 2 GiB.
    fn text_bytes(&self) -> usize;
    /// Rows back from a record batch written by `to_arrays`.
    fn from_batch(batch: &RecordBatch, table: &str) -> Result<Vec<Self>, crate::error::Error>;

    /// The Arrow schema of the row's columns.
    fn arrow_schema() -> Arc<Schema> {
        Arc::new(Schema::new(
            Self::COLUMNS
                .iter()
                .map(Column::arrow_field)
                .collect::<Vec<_>>(),
        ))
    }
}

/// A named table whose rows are `R`.
pub struct Table<R: Row> {
    /// The file name stem and the name users load.
    pub name: &'static str,
    /// What one row is.
    pub doc: &'static str,
    _rows: std::marker::PhantomData<fn() -> R>,
}

impl<R: Row> Table<R> {
    /// Declares a table of rows `R`.
    pub const fn new(name: &'static str, doc: &'static str) -> Self {
        Self {
            name,
            doc,
            _rows: std::marker::PhantomData,
        }
    }

    /// The type-erased description used by listings.
    pub const fn info(&self) -> TableInfo {
        TableInfo {
            name: self.name,
            doc: self.doc,
            columns: R::COLUMNS,
            key: R::KEY,
        }
    }
}

/// What listings need of a table, whatever its row type.
#[derive(Debug, Clone, Copy)]
pub struct TableInfo {
    /// The table's name.
    pub name: &'static str,
    /// What one row is.
    pub doc: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// The sort key.
    pub key: &'static [&'static str],
}

/// Declares a row struct and its columns at once. Each field carries a `///`
/// doc that becomes the column's description; the key lists the fields that
/// order the rows. A module of the same name as `cols` holds the column names
/// as constants, for polars expressions.
#[macro_export]
macro_rules! declare_rows {
    (
        $(#[doc = $doc:literal])*
        pub struct $row:ident, columns $cols:ident, key($($key:ident),* $(,)?) {
            $( #[doc = $cdoc:literal] $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        pub struct $row {
            $( #[doc = $cdoc] pub $field: $ty ),*
        }

        #[doc = concat!("Column names of [`", stringify!($row), "`], for polars expressions.")]
        #[allow(non_upper_case_globals, dead_code)]
        pub mod $cols {
            $( #[doc = $cdoc] pub const $field: &str = stringify!($field); )*
        }

        impl $crate::tables::Row for $row {
            const COLUMNS: &'static [$crate::tables::Column] = &[
                $( $crate::tables::Column {
                    name: stringify!($field),
                    kind: <$ty as $crate::tables::ColumnValue>::KIND,
                    nullable: <$ty as $crate::tables::ColumnValue>::NULLABLE,
                    doc: $cdoc,
                } ),*
            ];
            const KEY: &'static [&'static str] = &[$(stringify!($key)),*];

            fn sort_rows(rows: &mut [Self]) {
                rows.sort_by(|a, b| ($(&a.$key,)*).cmp(&($(&b.$key,)*)));
            }

            fn to_arrays(rows: &[Self]) -> Vec<arrow::array::ArrayRef> {
                vec![ $( <$ty as $crate::tables::ColumnValue>::to_array(rows.iter().map(|r| &r.$field)) ),* ]
            }

            fn text_bytes(&self) -> usize {
                0 $( + <$ty as $crate::tables::ColumnValue>::text_bytes(&self.$field) )*
            }

            fn from_batch(
                batch: &arrow::record_batch::RecordBatch,
                table: &str,
            ) -> Result<Vec<Self>, $crate::error::Error> {
                $(
                    let $field = {
                        let array = batch.column_by_name(stringify!($field)).ok_or_else(|| {
                            $crate::error::Error::TableShape {
                                table: table.to_string(),
                                detail: format!("column {} is missing", stringify!($field)),
                            }
                        })?;
                        <$ty as $crate::tables::ColumnValue>::from_array(array).ok_or_else(|| {
                            $crate::error::Error::TableShape {
                                table: table.to_string(),
                                detail: format!("column {} has type {}", stringify!($field), array.data_type()),
                            }
                        })?
                    };
                    let mut $field = $field.into_iter();
                )*
                let mut rows = Vec::with_capacity(batch.num_rows());
                for _ in 0..batch.num_rows() {
                    rows.push($row {
                        $( $field: $field.next().expect("every column has one value per batch row") ),*
                    });
                }
                Ok(rows)
            }
        }
    };
}

/// The data dictionary of every table as Markdown, as README carries it.
pub fn data_dictionary_markdown() -> String {
    let mut out = String::new();
    for info in schema::ALL_TABLES {
        out.push_str(&table_markdown(info));
        out.push('\n');
    }
    out
}

/// One table's entry of the data dictionary as Markdown.
pub fn table_markdown(info: &TableInfo) -> String {
    let mut out = format!(
        "### `{}`\n\n{}\nSorted by: {}.\n\n| column | type | null | meaning |\n|---|---|---|---|\n",
        info.name,
        info.doc.trim(),
        info.key.join(", ")
    );
    for column in info.columns {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            column.name,
            column.kind.name(),
            if column.nullable { "yes" } else { "no" },
            column.doc.trim().replace('|', "\\|")
        ));
    }
    out
}

/// Finds a table's description by name.
pub fn find_table(name: &str) -> Option<&'static TableInfo> {
    schema::ALL_TABLES.iter().find(|info| info.name == name)
}

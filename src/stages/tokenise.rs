//! Stage 2, tokenise: documents into `sentences` and `tokens`. The
//! segmentation is `text::segment`; this shell streams documents in batches
//! and keeps both cores busy with two things at once: while one batch's
//! tables are encoded and written, the next batch is read and segmented.
//! Memory stays at about two batches, whatever the corpus.
//!
//! The tokens table has a row per word and mark, about one per five bytes of
//! text, so each run of documents is segmented straight into Arrow columns,
//! with no row struct of owned strings per token: the strings, not the
//! segmentation, were most of the stage's time.

use super::open_documents;
use crate::error::{Error, Result};
use crate::pipeline::{Context, TableCounts};
use crate::tables::Row;
use crate::tables::io::{MAX_COLUMN_BYTES, TableWriter};
use crate::tables::schema::{
    DOCUMENTS, DocumentRow, SENTENCES, SentenceRow, TOKENS, TokenRow, documents_cols,
    sentences_cols, tokens_cols,
};
use crate::text::segment::{Tokenizer, folded_norm, split_sentences};
use crate::text::{CharOffsets, TokenKind};
use arrow::array::{
    ArrayBuilder, ArrayRef, DictionaryArray, StringArray, StringBuilder, UInt8Array, UInt32Array,
};
use arrow::datatypes::{DataType, UInt8Type, UInt32Type};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;
use std::sync::Arc;

/// Documents segmented by one parallel task: small enough that a batch
/// splits into many tasks for the two cores to share, large enough that a
/// task's record batches are not mostly overhead.
const DOCUMENTS_PER_TASK: usize = 16;

/// The most bytes reserved up front for a column of repeated ids.
const PRESIZED_ID_BYTES: usize = 64 << 20;

/// Segments every document and writes sentences and tokens.
pub fn run(context: &Context) -> Result<TableCounts> {
    let with_csv = context.config.with_csv();
    let mut batches = open_documents(context)?.only_columns(&Document::COLUMNS)?;
    let bar = context.progress.bar("tokenise", batches.rows_left());
    let mut sentences = TableWriter::create(&SENTENCES, context.dir, with_csv)?;
    let mut tokens = TableWriter::create(&TOKENS, context.dir, with_csv)?;
    let mut segmented: Vec<Tokenised> = Vec::new();
    while batches.rows_left() > 0 {
        // Write what the last round segmented while reading and segmenting
        // the next batch: the writers' parallel work and the segmenter's
        // fill each other's idle time. Before the last batch, the rows
        // gathered for Parquet are encoded as a row group, so that the end
        // of the stage, with nothing left to overlap, encodes only the last
        // batch (on BASIL that end took a quarter of the stage).
        let end_row_groups = batches.at_most_one_batch_left();
        let (written, next) = rayon::join(
            || write_both(&mut sentences, &mut tokens, &segmented, end_row_groups),
            || -> Result<Option<Vec<Tokenised>>> {
                let Some(batch) = batches.next().transpose()? else {
                    return Ok(None);
                };
                let documents = Document::all_of(&batch)?;
                let next = tokenise_batch(&documents)?;
                bar.inc(documents.len() as u64);
                Ok(Some(next))
            },
        );
        written?;
        match next? {
            Some(next) => segmented = next,
            None => {
                // The footer counted rows the reader did not find.
                segmented = Vec::new();
                break;
            }
        }
    }
    bar.finish_and_clear();
    // The last batch is written as both tables are completed, its CSV
    // encoded beside the last row groups. Both tables are completed before
    // either is moved into place: a failure in one leaves neither
    // half-replaced.
    let (sentence_batches, token_batches) = batches_of(&segmented);
    let (sentences, tokens) = rayon::join(
        || sentences.complete_with(&sentence_batches),
        || tokens.complete_with(&token_batches),
    );
    let (sentences, tokens) = (sentences?, tokens?);
    Ok(vec![
        (SENTENCES.name, sentences.publish()?),
        (TOKENS.name, tokens.publish()?),
    ])
}

/// The record batches of both tables, in order.
fn batches_of(segmented: &[Tokenised]) -> (Vec<&RecordBatch>, Vec<&RecordBatch>) {
    (
        segmented.iter().flat_map(|s| &s.sentences).collect(),
        segmented.iter().flat_map(|s| &s.tokens).collect(),
    )
}

/// Appends a round's record batches to both tables, then, if
/// `end_row_groups`, encodes the rows each has gathered as a row group.
fn write_both(
    sentences: &mut TableWriter<SentenceRow>,
    tokens: &mut TableWriter<TokenRow>,
    segmented: &[Tokenised],
    end_row_groups: bool,
) -> Result<()> {
    let (sentence_batches, token_batches) = batches_of(segmented);
    let (written_sentences, written_tokens) = rayon::join(
        || {
            if end_row_groups {
                sentences.write_batches_ending_row_group(&sentence_batches)
            } else {
                sentences.write_batches(&sentence_batches)
            }
        },
        || {
            if end_row_groups {
                tokens.write_batches_ending_row_group(&token_batches)
            } else {
                tokens.write_batches(&token_batches)
            }
        },
    );
    written_sentences?;
    written_tokens
}

/// A batch of documents segmented in parallel, a run of documents per task,
/// in document order.
fn tokenise_batch(documents: &[Document]) -> Result<Vec<Tokenised>> {
    documents
        .par_chunks(DOCUMENTS_PER_TASK)
        .map(Tokenised::of)
        .collect()
}

/// What tokenise reads of a document: its id, its source and its text,
/// borrowed from the record batch they were read in (the stage reads no
/// other column of `documents`, and copies none of these).
struct Document<'a> {
    doc_id: &'a str,
    source: &'a str,
    text: &'a str,
}

impl<'a> Document<'a> {
    /// The columns of `documents` a document's fields come from.
    const COLUMNS: [&'static str; 3] = [
        documents_cols::doc_id,
        documents_cols::source,
        documents_cols::text,
    ];

    /// The documents of a batch of those columns, in order; an error for a
    /// column that is missing, not text, or has an empty cell.
    fn all_of(batch: &'a RecordBatch) -> Result<Vec<Self>> {
        let column = |name: &str| -> Result<&'a StringArray> {
            batch
                .column_by_name(name)
                .and_then(|column| column.as_any().downcast_ref::<StringArray>())
                .filter(|column| arrow::array::Array::null_count(*column) == 0)
                .ok_or_else(|| Error::Format {
                    table: DOCUMENTS.name.to_string(),
                    detail: format!("column {name} is missing, not text, or has empty cells"),
                })
        };
        let [doc_id, source, text] = Self::COLUMNS.map(column);
        let (doc_id, source, text) = (doc_id?, source?, text?);
        Ok((0..batch.num_rows())
            .map(|row| Self {
                doc_id: doc_id.value(row),
                source: source.value(row),
                text: text.value(row),
            })
            .collect())
    }
}

/// The sentences and tokens of one document as rows, for `parallax inspect`.
pub fn segment_document(document: &DocumentRow) -> (Vec<SentenceRow>, Vec<TokenRow>) {
    let text = document.text.as_str();
    let (mut sentences, mut tokens) = (Vec::new(), Vec::new());
    walk(
        text,
        |sentence| {
            sentences.push(SentenceRow {
                doc_id: document.doc_id.clone(),
                source: document.source.clone(),
                sentence_idx: sentence.sentence_idx,
                paragraph_idx: sentence.paragraph_idx,
                char_start: sentence.char_start,
                char_end: sentence.char_end,
                text: text[sentence.start..sentence.end].to_string(),
            })
        },
        |token, norm| {
            tokens.push(TokenRow {
                doc_id: document.doc_id.clone(),
                sentence_idx: token.sentence_idx,
                token_idx: token.token_idx,
                char_start: token.char_start,
                char_end: token.char_end,
                text: text[token.start..token.end].to_string(),
                norm: norm.unwrap_or(&text[token.start..token.end]).to_string(),
                kind: token_kind_name(token.kind).to_string(),
            })
        },
    );
    (sentences, tokens)
}

/// The number of tokens of `text`, each with its norm and character
/// offsets worked out as for the table but nothing kept: what `parallax
/// bench` times as segmentation with norms and character offsets.
pub fn count_tokens(text: &str) -> usize {
    let mut tokens = 0;
    walk(
        text,
        |_| {},
        |token, norm| {
            tokens += 1;
            std::hint::black_box((
                token.char_end,
                norm.map_or(token.end - token.start, str::len),
            ));
        },
    );
    tokens
}

/// The `kind` column's word for a token kind.
pub fn token_kind_name(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Word => "word",
        TokenKind::Number => "number",
        TokenKind::Punct => "punct",
        TokenKind::Symbol => "symbol",
    }
}

/// A sentence's cells: byte offsets (to slice the text) and the table's values.
struct SentenceCells {
    start: usize,
    end: usize,
    sentence_idx: u32,
    paragraph_idx: u32,
    char_start: u64,
    char_end: u64,
}

/// A token's cells, as `SentenceCells`; its norm comes beside it, None
/// where the norm is the token's text.
struct TokenCells {
    start: usize,
    end: usize,
    sentence_idx: u32,
    token_idx: u32,
    char_start: u64,
    char_end: u64,
    kind: TokenKind,
}

/// Segments one document and hands each sentence, then its tokens with their
/// norms, to the callbacks: the one walk behind both the table columns and
/// `inspect`'s rows, so the two cannot disagree.
fn walk(
    text: &str,
    mut on_sentence: impl FnMut(SentenceCells),
    mut on_token: impl FnMut(TokenCells, Option<&str>),
) {
    let mut offsets = CharOffsets::new(text);
    let mut scratch = String::new();
    let mut tokenizer = Tokenizer::default();
    for (sentence_idx, span) in split_sentences(text).into_iter().enumerate() {
        let sentence_idx = sentence_idx as u32;
        let char_start = offsets.char_offset(span.start);
        for (token_idx, token) in tokenizer
            .tokens(text, span.start, span.end)
            .iter()
            .enumerate()
        {
            let norm = folded_norm(text, token.start, token.end, &mut scratch);
            let (char_start, char_end) = offsets.char_span(token.start, token.end);
            on_token(
                TokenCells {
                    start: token.start,
                    end: token.end,
                    sentence_idx,
                    token_idx: token_idx as u32,
                    char_start,
                    char_end,
                    kind: token.kind,
                },
                norm,
            );
        }
        on_sentence(SentenceCells {
            start: span.start,
            end: span.end,
            sentence_idx,
            paragraph_idx: span.paragraph_idx,
            char_start,
            char_end: offsets.char_offset(span.end),
        });
    }
}

/// A run of documents' two tables, as record batches in row order.
struct Tokenised {
    sentences: Vec<RecordBatch>,
    tokens: Vec<RecordBatch>,
}

impl Tokenised {
    /// Segments `documents` straight into the tables' columns.
    fn of(documents: &[Document]) -> Result<Self> {
        Self::within(documents, MAX_COLUMN_BYTES)
    }

    /// As `of`, with at most `column_bytes` in any string column of a batch.
    fn within(documents: &[Document], column_bytes: usize) -> Result<Self> {
        let bytes: usize = documents.iter().map(|d| d.text.len()).sum();
        // About one token per five bytes of news text (four, to be safe) and one sentence per
        // hundred: the columns are sized once rather than regrown (each
        // regrowth copies the column, and a document's id is repeated on every row).
        let rows =
            |document: &Document, bytes_per_row: usize| document.text.len() / bytes_per_row + 1;
        let repeated =
            |bytes_per_row: usize, cell: for<'d> fn(&Document<'d>) -> &'d str| -> usize {
                let bytes: usize = documents
                    .iter()
                    .map(|document| rows(document, bytes_per_row) * cell(document).len())
                    .sum();
                // A very long document's column grows by doubling past this
                // rather than reserving for the most tokens it could have.
                bytes.min(PRESIZED_ID_BYTES)
            };
        let mut sentences = SentenceColumns::with_capacity(
            bytes / 100 + documents.len(),
            bytes,
            [repeated(100, |d| d.doc_id), repeated(100, |d| d.source)],
            column_bytes,
        );
        let doc_id_bytes = documents.iter().map(|d| d.doc_id.len()).sum();
        let mut tokens = TokenColumns::with_capacity(
            bytes / 4 + documents.len(),
            bytes,
            [documents.len(), doc_id_bytes],
            column_bytes,
        );
        for document in documents {
            // A string column's offsets are 32-bit: when a column would pass
            // 2 GiB, its batch is closed and the rows go on in a new one
            // (documents of a few hundred MiB can fill one). Sentences are
            // few and checked one by one. Tokens are many: their `norm`
            // (which NFKC can make longer than the text) is checked token by
            // token, the other columns only for a document that could fill
            // them at the most it can add (a row per byte of text).
            tokens.start_document(document);
            walk(
                document.text,
                |cells| sentences.push(document, cells),
                |cells, norm| tokens.push(document, cells, norm),
            );
            for (table, oversized) in [
                (SENTENCES.name, sentences.oversized),
                (TOKENS.name, tokens.oversized),
            ] {
                if oversized {
                    return Err(Error::TooLarge {
                        table: table.to_string(),
                        what: format!("a sentence or token of document {}", document.doc_id),
                    });
                }
            }
        }
        Ok(Self {
            sentences: sentences.finish()?,
            tokens: tokens.finish()?,
        })
    }
}

/// The sentences table's columns, in the order `SentenceRow` declares them.
struct SentenceColumns {
    doc_id: StringBuilder,
    source: StringBuilder,
    sentence_idx: Vec<u32>,
    paragraph_idx: Vec<u32>,
    char_start: Vec<u32>,
    char_end: Vec<u32>,
    text: StringBuilder,
    /// Batches already closed because a column was full.
    closed: Vec<Vec<ArrayRef>>,
    /// The most bytes a string column may hold (MAX_COLUMN_BYTES but in tests).
    column_bytes: usize,
    /// Set once a sentence did not fit even in empty columns; the run is then an error.
    oversized: bool,
}

impl SentenceColumns {
    fn with_capacity(
        rows: usize,
        text_bytes: usize,
        [doc_id_bytes, source_bytes]: [usize; 2],
        column_bytes: usize,
    ) -> Self {
        Self {
            doc_id: StringBuilder::with_capacity(rows, doc_id_bytes),
            source: StringBuilder::with_capacity(rows, source_bytes),
            sentence_idx: Vec::with_capacity(rows),
            paragraph_idx: Vec::with_capacity(rows),
            char_start: Vec::with_capacity(rows),
            char_end: Vec::with_capacity(rows),
            text: StringBuilder::with_capacity(rows, text_bytes),
            closed: Vec::new(),
            column_bytes,
            oversized: false,
        }
    }

    fn has_room(&self, document: &Document, text: &str) -> bool {
        has_room(&self.doc_id, document.doc_id.len(), self.column_bytes)
            && has_room(&self.source, document.source.len(), self.column_bytes)
            && has_room(&self.text, text.len(), self.column_bytes)
    }

    fn push(&mut self, document: &Document, cells: SentenceCells) {
        let text = &document.text[cells.start..cells.end];
        if self.oversized {
            return;
        }
        if !self.make_room(|columns| columns.has_room(document, text)) {
            self.oversized = true;
            return;
        }
        self.doc_id.append_value(document.doc_id);
        self.source.append_value(document.source);
        self.sentence_idx.push(cells.sentence_idx);
        self.paragraph_idx.push(cells.paragraph_idx);
        self.char_start.push(offset_cell(cells.char_start));
        self.char_end.push(offset_cell(cells.char_end));
        self.text.append_value(text);
    }

    fn finish(mut self) -> Result<Vec<RecordBatch>> {
        self.close_batch();
        record_batches(SENTENCES.name, sentence_batch_schema(), self.closed)
    }
}

/// The tokens table's columns, in the order `TokenRow` declares them.
/// `doc_id` and `kind` are built as dictionaries: a key per token, and the
/// batch's document ids and the four kinds once each (see `text_column`).
/// A token's cells are then two keys and its text and norm, where its
/// document's id and kind name were two more strings to copy and, in the
/// writers, to look up again on every row.
struct TokenColumns {
    doc_id: Vec<u32>,
    /// The ids of the documents with tokens in the batch, keyed by `doc_id`.
    doc_ids: StringBuilder,
    /// The key of the document being walked, once it has a token in the batch.
    document_key: Option<u32>,
    sentence_idx: Vec<u32>,
    token_idx: Vec<u32>,
    char_start: Vec<u32>,
    char_end: Vec<u32>,
    text: StringBuilder,
    norm: StringBuilder,
    /// Each token's kind, as its place in `TokenKind::ALL`.
    kind: Vec<u8>,
    /// Batches already closed because a column was full.
    closed: Vec<Vec<ArrayRef>>,
    /// The most bytes a string column may hold (MAX_COLUMN_BYTES but in tests).
    column_bytes: usize,
    /// Whether every cell of the document being walked is checked for room,
    /// not only `norm`: set for a document that could fill a column.
    check_every_cell: bool,
    /// Set once a token did not fit even in empty columns; the run is then an error.
    oversized: bool,
}

impl TokenColumns {
    fn with_capacity(
        rows: usize,
        text_bytes: usize,
        [documents, doc_id_bytes]: [usize; 2],
        column_bytes: usize,
    ) -> Self {
        Self {
            doc_id: Vec::with_capacity(rows),
            doc_ids: StringBuilder::with_capacity(documents, doc_id_bytes),
            document_key: None,
            sentence_idx: Vec::with_capacity(rows),
            token_idx: Vec::with_capacity(rows),
            char_start: Vec::with_capacity(rows),
            char_end: Vec::with_capacity(rows),
            text: StringBuilder::with_capacity(rows, text_bytes),
            norm: StringBuilder::with_capacity(rows, text_bytes),
            kind: Vec::with_capacity(rows),
            closed: Vec::new(),
            column_bytes,
            check_every_cell: false,
            oversized: false,
        }
    }

    /// Readies the columns for `document`'s tokens: a document that could
    /// fill them starts a new batch, and if it could fill even that one,
    /// its cells are checked one by one.
    fn start_document(&mut self, document: &Document) {
        if !self.has_room_for(document) && !self.is_empty() {
            self.close_batch();
        }
        self.check_every_cell = !self.has_room_for(document);
        self.document_key = None;
    }

    /// Whether the string columns but `norm` have room for every token
    /// `document` could have (its id once, no more text than the document),
    /// so that its cells need no check one by one.
    fn has_room_for(&self, document: &Document) -> bool {
        has_room(&self.doc_ids, document.doc_id.len(), self.column_bytes)
            && has_room(&self.text, document.text.len(), self.column_bytes)
    }

    /// Whether a token's cells fit, checked as `start_document` decided
    /// (the document's id only while the batch does not hold it yet).
    fn has_room(&self, document: &Document, text: &str, norm: &str) -> bool {
        has_room(&self.norm, norm.len(), self.column_bytes)
            && (!self.check_every_cell
                || ((self.document_key.is_some()
                    || has_room(&self.doc_ids, document.doc_id.len(), self.column_bytes))
                    && has_room(&self.text, text.len(), self.column_bytes)))
    }

    /// Appends a token's row; `norm` None is a token that is its own norm.
    fn push(&mut self, document: &Document, cells: TokenCells, norm: Option<&str>) {
        let text = &document.text[cells.start..cells.end];
        let norm = norm.unwrap_or(text);
        if self.oversized {
            return;
        }
        if !self.make_room(|columns| columns.has_room(document, text, norm)) {
            self.oversized = true;
            return;
        }
        let document_key = match self.document_key {
            Some(key) => key,
            None => {
                // The document's first token in this batch (a batch closed
                // mid-document starts its own list of ids).
                self.doc_ids.append_value(document.doc_id);
                let key = u32::try_from(self.doc_ids.len() - 1)
                    .expect("a batch holds fewer documents than a u32 counts");
                self.document_key = Some(key);
                key
            }
        };
        self.doc_id.push(document_key);
        self.sentence_idx.push(cells.sentence_idx);
        self.token_idx.push(cells.token_idx);
        self.char_start.push(offset_cell(cells.char_start));
        self.char_end.push(offset_cell(cells.char_end));
        self.text.append_value(text);
        self.norm.append_value(norm);
        self.kind.push(cells.kind as u8);
    }

    fn finish(mut self) -> Result<Vec<RecordBatch>> {
        self.close_batch();
        record_batches(TOKENS.name, token_batch_schema(), self.closed)
    }
}

/// The tokens table's schema as `TokenColumns` builds its batches: `doc_id`
/// with `UInt32` keys and `kind` with `UInt8` keys into their strings, and
/// character offsets as `UInt32`.
fn token_batch_schema() -> arrow::datatypes::SchemaRef {
    let dictionary = |keys| DataType::Dictionary(Box::new(keys), Box::new(DataType::Utf8));
    batch_schema(
        &TokenRow::arrow_schema(),
        &[
            (tokens_cols::doc_id, dictionary(DataType::UInt32)),
            (tokens_cols::kind, dictionary(DataType::UInt8)),
            (tokens_cols::char_start, DataType::UInt32),
            (tokens_cols::char_end, DataType::UInt32),
        ],
    )
}

/// The sentences table's schema as `SentenceColumns` builds its batches:
/// character offsets as `UInt32`.
fn sentence_batch_schema() -> arrow::datatypes::SchemaRef {
    batch_schema(
        &SentenceRow::arrow_schema(),
        &[
            (sentences_cols::char_start, DataType::UInt32),
            (sentences_cols::char_end, DataType::UInt32),
        ],
    )
}

/// A table's declared schema with some columns' types replaced by those the
/// stage builds them as (which the writers take as the declared types).
fn batch_schema(
    declared: &arrow::datatypes::Schema,
    built_as: &[(&str, DataType)],
) -> arrow::datatypes::SchemaRef {
    let fields: Vec<arrow::datatypes::Field> = declared
        .fields()
        .iter()
        .map(|field| {
            let built = built_as.iter().find(|(name, _)| name == field.name());
            match built {
                Some((_, data_type)) => field.as_ref().clone().with_data_type(data_type.clone()),
                None => field.as_ref().clone(),
            }
        })
        .collect();
    Arc::new(arrow::datatypes::Schema::new_with_metadata(
        fields,
        declared.metadata().clone(),
    ))
}

/// A character offset as the columns hold it. A document's text is one
/// string cell, under 2 GiB, so its offsets fit 32 bits: the columns hold
/// half the bytes the table's 64-bit type would take, and the writers widen
/// them.
fn offset_cell(offset: u64) -> u32 {
    u32::try_from(offset).expect("a document's text is one string cell, under 2 GiB")
}

/// The `kind` dictionary's values: each kind's name at its place in `TokenKind::ALL`.
fn kind_names() -> StringArray {
    TokenKind::ALL
        .iter()
        .map(|&kind| Some(token_kind_name(kind)))
        .collect()
}

/// What the two tables' column builders share: closing their rows into a
/// batch when a row does not fit.
trait Columns {
    fn is_empty(&self) -> bool;
    /// Moves the rows so far into a closed batch and empties the columns.
    fn close_batch(&mut self);

    /// Whether a row that `fits` the columns can be appended, after closing
    /// the batch if it must; false for a row too large even for empty columns.
    fn make_room(&mut self, fits: impl Fn(&Self) -> bool) -> bool {
        if fits(self) {
            return true;
        }
        if !self.is_empty() {
            self.close_batch();
        }
        fits(self)
    }
}

impl Columns for SentenceColumns {
    fn is_empty(&self) -> bool {
        self.sentence_idx.is_empty()
    }

    fn close_batch(&mut self) {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.source.finish()),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.sentence_idx))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.paragraph_idx))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.char_start))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.char_end))),
            Arc::new(self.text.finish()),
        ];
        self.closed.push(columns);
    }
}

impl Columns for TokenColumns {
    fn is_empty(&self) -> bool {
        self.sentence_idx.is_empty()
    }

    fn close_batch(&mut self) {
        let doc_id = DictionaryArray::<UInt32Type>::new(
            UInt32Array::from(std::mem::take(&mut self.doc_id)),
            Arc::new(self.doc_ids.finish()),
        );
        let kind = DictionaryArray::<UInt8Type>::new(
            UInt8Array::from(std::mem::take(&mut self.kind)),
            Arc::new(kind_names()),
        );
        self.document_key = None;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(doc_id),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.sentence_idx))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.token_idx))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.char_start))),
            Arc::new(UInt32Array::from(std::mem::take(&mut self.char_end))),
            Arc::new(self.text.finish()),
            Arc::new(self.norm.finish()),
            Arc::new(kind),
        ];
        self.closed.push(columns);
    }
}

/// Closed batches' columns as record batches of a table.
fn record_batches(
    table: &str,
    schema: arrow::datatypes::SchemaRef,
    closed: Vec<Vec<ArrayRef>>,
) -> Result<Vec<RecordBatch>> {
    closed
        .into_iter()
        .map(|columns| record_batch(table, Arc::clone(&schema), columns))
        .collect()
}

/// Whether `more` bytes still fit in a string column being built.
fn has_room(column: &StringBuilder, more: usize, column_bytes: usize) -> bool {
    column.values_slice().len() + more <= column_bytes
}

/// A record batch of a table's schema; an error names the table.
fn record_batch(
    table: &str,
    schema: arrow::datatypes::SchemaRef,
    columns: Vec<ArrayRef>,
) -> Result<RecordBatch> {
    RecordBatch::try_new(schema, columns).map_err(|e| Error::Format {
        table: table.to_string(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::ingest_read::document_from_text;
    use arrow::array::AsArray;

    fn documents() -> Vec<DocumentRow> {
        [
            (
                "a",
                "“It’s 2.5 times,” said Dr. Smith.\nNew paragraph here! And one more.",
            ),
            ("b", ""),
            (
                "c",
                "Zelenskyy’s e-mail: press@example.org. Café costs €3,000.",
            ),
        ]
        .into_iter()
        .map(|(doc_id, text)| DocumentRow::from(document_from_text(doc_id, "src", text)))
        .collect()
    }

    /// The stage's view of each document row.
    fn views(rows: &[DocumentRow]) -> Vec<Document<'_>> {
        rows.iter()
            .map(|row| Document {
                doc_id: &row.doc_id,
                source: &row.source,
                text: &row.text,
            })
            .collect()
    }

    /// The documents' rows as `parallax inspect` builds them, one by one.
    fn rows_of(documents: &[DocumentRow]) -> (Vec<SentenceRow>, Vec<TokenRow>) {
        let (mut sentence_rows, mut token_rows) = (Vec::new(), Vec::new());
        for document in documents {
            let (sentences, tokens) = segment_document(document);
            sentence_rows.extend(sentences);
            token_rows.extend(tokens);
        }
        (sentence_rows, token_rows)
    }

    /// The rows of a run's batches, and the most bytes any string column of
    /// any of its batches holds.
    fn rows_and_widest_column(tokenised: &Tokenised) -> (Vec<SentenceRow>, Vec<TokenRow>, usize) {
        let (mut sentences, mut tokens, mut widest) = (Vec::new(), Vec::new(), 0);
        for batch in tokenised.sentences.iter().chain(&tokenised.tokens) {
            for column in batch.columns() {
                // A dictionary's strings are a column of their own.
                let strings = match column.as_any_dictionary_opt() {
                    Some(dictionary) => dictionary.values().as_string_opt::<i32>(),
                    None => column.as_string_opt::<i32>(),
                };
                if let Some(strings) = strings {
                    widest = widest.max(strings.value_data().len());
                }
            }
        }
        // As the writers take them: the dictionaries' values and the
        // offsets widened, row by row.
        let declared = |batch: &RecordBatch, declared: arrow::datatypes::SchemaRef| {
            let columns = batch
                .columns()
                .iter()
                .zip(declared.fields())
                .map(|(column, field)| arrow::compute::cast(column, field.data_type()))
                .collect::<std::result::Result<Vec<_>, _>>()
                .expect("columns cast to the declared types");
            RecordBatch::try_new(declared, columns).expect("the declared columns")
        };
        for batch in &tokenised.sentences {
            let batch = declared(batch, SentenceRow::arrow_schema());
            sentences.extend(SentenceRow::from_batch(&batch, "sentences").expect("rows"));
        }
        for batch in &tokenised.tokens {
            let batch = declared(batch, TokenRow::arrow_schema());
            tokens.extend(TokenRow::from_batch(&batch, "tokens").expect("rows"));
        }
        (sentences, tokens, widest)
    }

    /// The columns built directly are the declared columns of the rows, in
    /// order, however the documents are split between tasks.
    #[test]
    fn batches_hold_the_same_rows_as_the_row_structs() {
        let documents = documents();
        let (sentence_rows, token_rows) = rows_of(&documents);
        assert!(token_rows.iter().any(|row| row.norm == "it's"));
        assert!(
            token_rows
                .iter()
                .any(|row| row.text == "€3,000" && row.kind == "number")
        );
        for per_task in [1, 2, documents.len()] {
            let (mut sentences, mut tokens) = (Vec::new(), Vec::new());
            for chunk in documents.chunks(per_task) {
                let tokenised = Tokenised::of(&views(chunk)).expect("columns");
                let (chunk_sentences, chunk_tokens, _) = rows_and_widest_column(&tokenised);
                sentences.extend(chunk_sentences);
                tokens.extend(chunk_tokens);
            }
            assert_eq!(sentences, sentence_rows, "{per_task} documents per task");
            assert_eq!(tokens, token_rows, "{per_task} documents per task");
        }
    }

    /// The stage reads a document's id, source and text from a batch of
    /// those columns; a batch missing one, or with an empty cell, is an
    /// error naming the column rather than documents with no text.
    #[test]
    fn documents_come_from_their_three_columns() {
        use arrow::datatypes::{Field, Schema};
        let batch = |texts: StringArray, with_source: bool| {
            let mut fields = vec![Field::new("doc_id", DataType::Utf8, false)];
            let mut columns: Vec<ArrayRef> = vec![Arc::new(StringArray::from(vec!["a", "b"]))];
            if with_source {
                fields.push(Field::new("source", DataType::Utf8, false));
                columns.push(Arc::new(StringArray::from(vec!["s", "t"])));
            }
            fields.push(Field::new("text", DataType::Utf8, true));
            columns.push(Arc::new(texts));
            RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).expect("a batch")
        };
        let whole = batch(StringArray::from(vec!["One.", "Two."]), true);
        let documents = Document::all_of(&whole).expect("documents");
        let read: Vec<(&str, &str, &str)> = documents
            .iter()
            .map(|d| (d.doc_id, d.source, d.text))
            .collect();
        assert_eq!(read, [("a", "s", "One."), ("b", "t", "Two.")]);
        let no_source = batch(StringArray::from(vec!["One.", "Two."]), false);
        let error = Document::all_of(&no_source).err().expect("no source");
        assert!(error.to_string().contains("column source"), "{error}");
        let empty_text = batch(StringArray::from(vec![Some("One."), None]), true);
        let error = Document::all_of(&empty_text).err().expect("a null text");
        assert!(error.to_string().contains("column text"), "{error}");
    }

    /// The stage streams documents in batches, writes all but the last
    /// batch while the next is segmented, ends a row group before the last
    /// and writes that one as it completes the files: whatever the batches,
    /// the tables hold every document's rows in order, as `inspect` gives
    /// them one document at a time, in Parquet and in CSV.
    #[test]
    fn the_stage_writes_every_batch_in_order() {
        use crate::config::{Overrides, resolve};
        use crate::pipeline::Progress;
        use crate::tables::io::{csv_path, read_table, write_table};
        use crate::tables::schema::DOCUMENTS;
        // Three batches and then some, the last one short.
        let count = 2 * super::super::documents_per_batch() + 11;
        let documents: Vec<DocumentRow> = (0..count)
            .map(|n| {
                let text = format!(
                    "Report {n}: Mr. Smith said “it’s {n}.5% more” on Jan. 3.\n\
                     A second paragraph, number {n}! Costs rose to $1,{n:03}."
                );
                DocumentRow::from(document_from_text(&format!("d{n:04}"), "src", &text))
            })
            .collect();
        let (sentence_rows, token_rows) = rows_of(&documents);
        let dir = tempfile::tempdir().expect("temp dir");
        write_table(&DOCUMENTS, dir.path(), false, documents).expect("documents written");
        let pipeline =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/default.toml");
        let overrides = Overrides {
            output: Some(dir.path().to_path_buf()),
            quiet: true,
            ..Overrides::default()
        };
        let config = resolve(&pipeline, overrides).expect("the default pipeline");
        let progress = Progress::new(false);
        let context = Context {
            config: &config,
            dir: dir.path(),
            progress: &progress,
        };
        let counts = run(&context).expect("tokenised");
        assert_eq!(
            counts,
            [
                (SENTENCES.name, sentence_rows.len() as u64),
                (TOKENS.name, token_rows.len() as u64)
            ]
        );
        let sentences = read_table(&SENTENCES, dir.path())
            .expect("read")
            .expect("exists");
        assert_eq!(sentences, sentence_rows);
        let tokens = read_table(&TOKENS, dir.path())
            .expect("read")
            .expect("exists");
        assert_eq!(tokens, token_rows);
        for (table, rows) in [
            (SENTENCES.name, sentence_rows.len()),
            (TOKENS.name, token_rows.len()),
        ] {
            let mut reader = csv::Reader::from_path(csv_path(dir.path(), table)).expect("csv");
            assert_eq!(reader.records().count(), rows, "{table}.csv");
        }
    }

    /// Rows that would take a string column past its limit go on in a new
    /// record batch, in order, so a large run of documents is never an
    /// error; only a single cell larger than the limit is, and the error
    /// names its document.
    #[test]
    fn full_columns_go_on_in_a_new_batch() {
        let documents = documents();
        let (sentence_rows, token_rows) = rows_of(&documents);
        let mut cells: Vec<(usize, &str)> = Vec::new();
        for row in &sentence_rows {
            for cell in [&row.doc_id, &row.source, &row.text] {
                cells.push((cell.len(), &row.doc_id));
            }
        }
        for row in &token_rows {
            for cell in [&row.doc_id, &row.text, &row.norm, &row.kind] {
                cells.push((cell.len(), &row.doc_id));
            }
        }
        let (largest_cell, its_document) = cells.iter().max().copied().expect("cells");
        let whole = Tokenised::of(&views(&documents)).expect("columns");
        assert_eq!((whole.sentences.len(), whole.tokens.len()), (1, 1));
        let (_, _, widest) = rows_and_widest_column(&whole);
        for limit in [widest, widest - 1, 40, largest_cell] {
            let tokenised = Tokenised::within(&views(&documents), limit).expect("fits");
            let (sentences, tokens, widest_now) = rows_and_widest_column(&tokenised);
            assert!(
                widest_now <= limit,
                "limit {limit}: a column of {widest_now} bytes"
            );
            assert_eq!(sentences, sentence_rows, "limit {limit}");
            assert_eq!(tokens, token_rows, "limit {limit}");
            if limit < widest {
                assert!(tokenised.sentences.len() + tokenised.tokens.len() > 2);
            }
        }
        match Tokenised::within(&views(&documents), largest_cell - 1) {
            Err(error @ Error::TooLarge { .. }) => {
                let message = error.to_string();
                assert!(message.contains("split the document"), "{message}");
                assert!(
                    message.contains(&format!("document {its_document} ")),
                    "{message}"
                );
            }
            other => panic!("expected TooLarge, got {:?}", other.map(|_| ())),
        }
    }
}

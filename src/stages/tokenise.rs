//! Stage 2, tokenise: documents into `sentences` and `tokens`. The
//! segmentation is `text::segment`; this shell streams documents in batches,
//! segments each batch in parallel (collected in document order), and writes
//! both tables before the next batch is read, so memory stays flat.
//!
//! The tokens table has a row per word and mark, about one per five bytes of
//! text, so the stage builds its Arrow columns straight from the offsets,
//! without a row struct of owned strings per token: the strings, not the
//! segmentation, were most of the stage's time.

use super::{DOCUMENTS_PER_BATCH, open_required, row_count};
use crate::error::{Error, Result};
use crate::pipeline::{Context, TableCounts};
use crate::tables::Row;
use crate::tables::io::TableWriter;
use crate::tables::schema::{DOCUMENTS, DocumentRow, SENTENCES, SentenceRow, TOKENS, TokenRow};
use crate::text::segment::{normalize_token_into, split_sentences, tokenize};
use crate::text::{CharOffsets, TokenKind};
use arrow::array::{ArrayRef, StringArray, UInt32Array, UInt64Array};
use arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;
use std::sync::Arc;

/// Segments every document and writes sentences and tokens.
pub fn run(context: &Context) -> Result<TableCounts> {
    let with_csv = context.config.with_csv();
    let bar = context
        .progress
        .bar("tokenise", row_count(context, &DOCUMENTS));
    let mut sentences = TableWriter::create(&SENTENCES, context.dir, with_csv)?;
    let mut tokens = TableWriter::create(&TOKENS, context.dir, with_csv)?;
    for batch in open_required(context, &DOCUMENTS, DOCUMENTS_PER_BATCH)? {
        let documents = batch?;
        let segmented: Vec<Segmented> = documents
            .par_iter()
            .map(|document| Segmented::of(&document.text))
            .collect();
        let (sentence_batch, token_batch) = rayon::join(
            || sentence_batch(&documents, &segmented),
            || token_batch(&documents, &segmented),
        );
        let (written_sentences, written_tokens) = rayon::join(
            || sentences.write_batch(&sentence_batch?),
            || tokens.write_batch(&token_batch?),
        );
        written_sentences?;
        written_tokens?;
        bar.inc(documents.len() as u64);
    }
    bar.finish_and_clear();
    Ok(vec![
        (SENTENCES.name, sentences.finish()?),
        (TOKENS.name, tokens.finish()?),
    ])
}

/// The sentences and tokens of one document as rows, for `parallax inspect`.
pub fn segment_document(document: &DocumentRow) -> (Vec<SentenceRow>, Vec<TokenRow>) {
    let segmented = Segmented::of(&document.text);
    let text = document.text.as_str();
    let sentences = segmented
        .sentences
        .iter()
        .enumerate()
        .map(|(sentence_idx, sentence)| SentenceRow {
            doc_id: document.doc_id.clone(),
            source: document.source.clone(),
            sentence_idx: sentence_idx as u32,
            paragraph_idx: sentence.paragraph_idx,
            char_start: sentence.char_start,
            char_end: sentence.char_end,
            text: text[sentence.start..sentence.end].to_string(),
        })
        .collect();
    let tokens = segmented
        .tokens
        .iter()
        .enumerate()
        .map(|(index, token)| TokenRow {
            doc_id: document.doc_id.clone(),
            sentence_idx: token.sentence_idx,
            token_idx: token.token_idx,
            char_start: token.char_start,
            char_end: token.char_end,
            text: text[token.start..token.end].to_string(),
            norm: segmented.norm(index).to_string(),
            kind: token_kind_name(token.kind).to_string(),
        })
        .collect();
    (sentences, tokens)
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

/// One document's segmentation as offsets: everything the table columns are
/// built from, with no string of its own but the token norms, which sit back
/// to back in one buffer.
struct Segmented {
    sentences: Vec<SentenceCells>,
    tokens: Vec<TokenCells>,
    norms: String,
}

/// A sentence: byte offsets (to slice the text) and character offsets (for the table).
struct SentenceCells {
    start: usize,
    end: usize,
    paragraph_idx: u32,
    char_start: u64,
    char_end: u64,
}

/// A token, as `SentenceCells`, plus where its norm ends in `Segmented::norms`.
struct TokenCells {
    start: usize,
    end: usize,
    sentence_idx: u32,
    token_idx: u32,
    char_start: u64,
    char_end: u64,
    norm_end: usize,
    kind: TokenKind,
}

impl Segmented {
    fn of(text: &str) -> Self {
        let mut offsets = CharOffsets::new(text);
        let mut sentences = Vec::new();
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut norms = String::with_capacity(text.len());
        for (sentence_idx, span) in split_sentences(text).into_iter().enumerate() {
            let char_start = offsets.char_offset(span.start);
            for (token_idx, token) in tokenize(text, span.start, span.end).into_iter().enumerate() {
                normalize_token_into(&text[token.start..token.end], &mut norms);
                tokens.push(TokenCells {
                    start: token.start,
                    end: token.end,
                    sentence_idx: sentence_idx as u32,
                    token_idx: token_idx as u32,
                    char_start: offsets.char_offset(token.start),
                    char_end: offsets.char_offset(token.end),
                    norm_end: norms.len(),
                    kind: token.kind,
                });
            }
            sentences.push(SentenceCells {
                start: span.start,
                end: span.end,
                paragraph_idx: span.paragraph_idx,
                char_start,
                char_end: offsets.char_offset(span.end),
            });
        }
        Self {
            sentences,
            tokens,
            norms,
        }
    }

    /// The norm of token `index`.
    fn norm(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.tokens[i].norm_end);
        &self.norms[start..self.tokens[index].norm_end]
    }
}

/// The sentences table's columns for a batch of documents, in the order
/// `SentenceRow` declares them, built in parallel.
fn sentence_batch(documents: &[DocumentRow], segmented: &[Segmented]) -> Result<RecordBatch> {
    let per_document = || documents.iter().zip(segmented);
    let repeated = |column: fn(&DocumentRow) -> &str| {
        strings(per_document().flat_map(|(document, segmented)| {
            std::iter::repeat_n(column(document), segmented.sentences.len())
        }))
    };
    let cells = || {
        per_document().flat_map(|(document, segmented)| {
            segmented
                .sentences
                .iter()
                .enumerate()
                .map(move |(index, cells)| (document, index, cells))
        })
    };
    let columns: Vec<ArrayRef> = (0..SentenceRow::COLUMNS.len())
        .into_par_iter()
        .map(|column| -> ArrayRef {
            match column {
                0 => repeated(|document| &document.doc_id),
                1 => repeated(|document| &document.source),
                2 => Arc::new(UInt32Array::from_iter_values(
                    cells().map(|(_, index, _)| index as u32),
                )),
                3 => Arc::new(UInt32Array::from_iter_values(
                    cells().map(|(_, _, cells)| cells.paragraph_idx),
                )),
                4 => Arc::new(UInt64Array::from_iter_values(
                    cells().map(|(_, _, cells)| cells.char_start),
                )),
                5 => Arc::new(UInt64Array::from_iter_values(
                    cells().map(|(_, _, cells)| cells.char_end),
                )),
                _ => strings(
                    cells().map(|(document, _, cells)| &document.text[cells.start..cells.end]),
                ),
            }
        })
        .collect();
    RecordBatch::try_new(SentenceRow::arrow_schema(), columns).map_err(|e| Error::Format {
        table: SENTENCES.name.to_string(),
        detail: e.to_string(),
    })
}

/// The tokens table's columns for a batch of documents, in the order
/// `TokenRow` declares them, built in parallel.
fn token_batch(documents: &[DocumentRow], segmented: &[Segmented]) -> Result<RecordBatch> {
    let per_document = || documents.iter().zip(segmented);
    let cells = || {
        per_document().flat_map(|(document, segmented)| {
            segmented.tokens.iter().map(move |cells| (document, cells))
        })
    };
    let columns = (0..TokenRow::COLUMNS.len())
        .into_par_iter()
        .map(|column| -> Result<ArrayRef> {
            Ok(match column {
                0 => strings(cells().map(|(document, _)| document.doc_id.as_str())),
                1 => Arc::new(UInt32Array::from_iter_values(
                    cells().map(|(_, cells)| cells.sentence_idx),
                )),
                2 => Arc::new(UInt32Array::from_iter_values(
                    cells().map(|(_, cells)| cells.token_idx),
                )),
                3 => Arc::new(UInt64Array::from_iter_values(
                    cells().map(|(_, cells)| cells.char_start),
                )),
                4 => Arc::new(UInt64Array::from_iter_values(
                    cells().map(|(_, cells)| cells.char_end),
                )),
                5 => {
                    strings(cells().map(|(document, cells)| &document.text[cells.start..cells.end]))
                }
                6 => Arc::new(norms(segmented)?),
                _ => strings(cells().map(|(_, cells)| token_kind_name(cells.kind))),
            })
        })
        .collect::<Result<Vec<ArrayRef>>>()?;
    RecordBatch::try_new(TokenRow::arrow_schema(), columns).map_err(|e| Error::Format {
        table: TOKENS.name.to_string(),
        detail: e.to_string(),
    })
}

/// The norm column of a batch: the documents' norm buffers back to back.
fn norms(segmented: &[Segmented]) -> Result<StringArray> {
    let tokens: usize = segmented.iter().map(|s| s.tokens.len()).sum();
    let mut offsets: Vec<i32> = Vec::with_capacity(tokens + 1);
    offsets.push(0);
    let mut bytes: Vec<u8> = Vec::with_capacity(segmented.iter().map(|s| s.norms.len()).sum());
    for segmented in segmented {
        let base = bytes.len();
        bytes.extend_from_slice(segmented.norms.as_bytes());
        for cells in &segmented.tokens {
            offsets.push(offset_i32(base + cells.norm_end)?);
        }
    }
    StringArray::try_new(
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        Buffer::from_vec(bytes),
        None,
    )
    .map_err(|e| Error::Format {
        table: TOKENS.name.to_string(),
        detail: e.to_string(),
    })
}

/// A string column from borrowed strings, sized in one pass before copying.
fn strings<'a>(values: impl Iterator<Item = &'a str> + Clone) -> ArrayRef {
    let (count, bytes) = values.clone().fold((0, 0), |(count, bytes), value| {
        (count + 1, bytes + value.len())
    });
    let mut builder = arrow::array::StringBuilder::with_capacity(count, bytes);
    for value in values {
        builder.append_value(value);
    }
    Arc::new(builder.finish())
}

/// An Arrow string offset; a batch's text stays far below 2 GiB, and saying so
/// beats a silent wrap if a caller ever sends one whole corpus.
fn offset_i32(offset: usize) -> Result<i32> {
    i32::try_from(offset).map_err(|_| Error::Format {
        table: TOKENS.name.to_string(),
        detail: "a batch's token norms exceed 2 GiB; lower the documents per batch".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::ingest_read::document_from_text;

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

    /// The columns built directly are the declared columns of the rows, in order.
    #[test]
    fn batches_hold_the_same_rows_as_the_row_structs() {
        let documents = documents();
        let segmented: Vec<Segmented> = documents
            .iter()
            .map(|document| Segmented::of(&document.text))
            .collect();
        let (mut sentence_rows, mut token_rows) = (Vec::new(), Vec::new());
        for document in &documents {
            let (sentences, tokens) = segment_document(document);
            sentence_rows.extend(sentences);
            token_rows.extend(tokens);
        }
        assert!(token_rows.iter().any(|row| row.norm == "it's"));
        let sentences = sentence_batch(&documents, &segmented).expect("sentences");
        let tokens = token_batch(&documents, &segmented).expect("tokens");
        assert_eq!(
            SentenceRow::from_batch(&sentences, "sentences").expect("rows"),
            sentence_rows
        );
        assert_eq!(
            TokenRow::from_batch(&tokens, "tokens").expect("rows"),
            token_rows
        );
    }
}

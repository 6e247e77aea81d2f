//! Stage 2, tokenise: documents into `sentences` and `tokens`. The
//! segmentation is `text::segment`; this shell streams documents in batches,
//! segments each batch in parallel (collected in document order), and writes
//! both tables while the next batch waits, so memory stays flat.

use super::{DOCUMENTS_PER_BATCH, open_required, row_count};
use crate::error::Result;
use crate::pipeline::{Context, TableCounts};
use crate::tables::io::TableWriter;
use crate::tables::schema::{DOCUMENTS, DocumentRow, SENTENCES, SentenceRow, TOKENS, TokenRow};
use crate::text::segment::{normalize_token, split_sentences, tokenize};
use crate::text::{CharOffsets, TokenKind};
use rayon::prelude::*;

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
        let segmented: Vec<(Vec<SentenceRow>, Vec<TokenRow>)> =
            documents.par_iter().map(segment_document).collect();
        // Concatenated into vectors sized up front: rows are moved once, not again
        // each time a growing vector reallocates.
        let mut sentence_rows: Vec<SentenceRow> =
            Vec::with_capacity(segmented.iter().map(|(s, _)| s.len()).sum());
        let mut token_rows: Vec<TokenRow> =
            Vec::with_capacity(segmented.iter().map(|(_, t)| t.len()).sum());
        for (sentences_of_document, tokens_of_document) in segmented {
            sentence_rows.extend(sentences_of_document);
            token_rows.extend(tokens_of_document);
        }
        let (written_sentences, written_tokens) = rayon::join(
            || sentences.write(&sentence_rows),
            || tokens.write(&token_rows),
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

/// The sentences and tokens of one document, in order.
pub fn segment_document(document: &DocumentRow) -> (Vec<SentenceRow>, Vec<TokenRow>) {
    let text = document.text.as_str();
    let mut offsets = CharOffsets::new(text);
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    for (sentence_idx, span) in split_sentences(text).into_iter().enumerate() {
        let sentence_idx = sentence_idx as u32;
        let char_start = offsets.char_offset(span.start);
        for (token_idx, token) in tokenize(text, span.start, span.end).into_iter().enumerate() {
            let token_text = &text[token.start..token.end];
            tokens.push(TokenRow {
                doc_id: document.doc_id.clone(),
                sentence_idx,
                token_idx: token_idx as u32,
                char_start: offsets.char_offset(token.start),
                char_end: offsets.char_offset(token.end),
                text: token_text.to_string(),
                norm: normalize_token(token_text),
                kind: token_kind_name(token.kind).to_string(),
            });
        }
        sentences.push(SentenceRow {
            doc_id: document.doc_id.clone(),
            source: document.source.clone(),
            sentence_idx,
            paragraph_idx: span.paragraph_idx,
            char_start,
            char_end: offsets.char_offset(span.end),
            text: text[span.start..span.end].to_string(),
        });
    }
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

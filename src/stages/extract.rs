//! Stage 3, extract: per document, the person mentions, quoted passages (with
//! speakers as named within the document) and numeric claims. It reads the
//! sentences tokenise persisted, so every later offset stands on the same
//! boundaries; the domain logic is `text::people`, `text::quotes` and
//! `text::numbers`.

use super::{open_documents, open_required, rows_within_text_budget};
use crate::error::Result;
use crate::pipeline::{Context, TableCounts};
use crate::tables::io::{DocCursor, TableWriter};
use crate::tables::schema::{
    CLAIMS, ClaimRow, DocumentRow, MENTIONS, MentionRow, QuoteRow, RAW_QUOTES, SENTENCES,
    SentenceRow, sentences_cols,
};
use crate::text::numbers::{ClaimSettings, find_claims};
use crate::text::people::find_people;
use crate::text::quotes::find_quotes;
use crate::text::segment::tokenize;
use crate::text::{CharOffsets, SentenceSpan, TokenKind, byte_offsets};
use rayon::prelude::*;

/// What extract finds in one document.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Quoted passages, speakers as named within the document.
    pub quotes: Vec<QuoteRow>,
    /// Person mentions.
    pub mentions: Vec<MentionRow>,
    /// Numeric claims.
    pub claims: Vec<ClaimRow>,
}

/// Extracts quotes, mentions and claims from every document.
pub fn run(context: &Context) -> Result<TableCounts> {
    let with_csv = context.config.with_csv();
    let settings = &context.config.pipeline.claims;
    let documents = open_documents(context)?;
    let bar = context.progress.bar("extract", documents.rows_left());
    let mut quotes = TableWriter::create(&RAW_QUOTES, context.dir, with_csv)?;
    let mut mentions = TableWriter::create(&MENTIONS, context.dir, with_csv)?;
    let mut claims = TableWriter::create(&CLAIMS, context.dir, with_csv)?;
    let mut sentences = DocCursor::new(
        open_required(
            context,
            &SENTENCES,
            rows_within_text_budget(sentences_cols::char_end, 8192),
        )?,
        |row: &SentenceRow| row.doc_id.as_str(),
    );
    for batch in documents {
        let documents = batch?;
        let mut with_sentences = Vec::with_capacity(documents.len());
        for document in &documents {
            with_sentences.push((document, sentences.rows_for(&document.doc_id)?));
        }
        let extracted: Vec<Extracted> = with_sentences
            .par_iter()
            .map(|(document, sentences)| extract_document(document, sentences, settings))
            .collect();
        let mut batch_quotes = Vec::new();
        let mut batch_mentions = Vec::new();
        let mut batch_claims = Vec::new();
        for found in extracted {
            batch_quotes.extend(found.quotes);
            batch_mentions.extend(found.mentions);
            batch_claims.extend(found.claims);
        }
        quotes.write(&batch_quotes)?;
        mentions.write(&batch_mentions)?;
        claims.write(&batch_claims)?;
        bar.inc(documents.len() as u64);
    }
    bar.finish_and_clear();
    Ok(vec![
        (RAW_QUOTES.name, quotes.finish()?),
        (MENTIONS.name, mentions.finish()?),
        (CLAIMS.name, claims.finish()?),
    ])
}

/// Word and number tokens in text[start..end], as tokenise counts them.
fn count_words(text: &str, start: usize, end: usize) -> u64 {
    tokenize(text, start, end)
        .iter()
        .filter(|token| matches!(token.kind, TokenKind::Word | TokenKind::Number))
        .count() as u64
}

/// Sentence rows (character offsets) back to byte spans of the document text.
pub fn sentence_spans(text: &str, sentences: &[SentenceRow]) -> Vec<SentenceSpan> {
    let bytes = byte_offsets(text);
    let byte_at = |char_offset: u64| {
        bytes
            .get(char_offset as usize)
            .copied()
            .unwrap_or(text.len())
    };
    sentences
        .iter()
        .map(|row| SentenceSpan {
            start: byte_at(row.char_start),
            end: byte_at(row.char_end),
            paragraph_idx: row.paragraph_idx,
        })
        .collect()
}

/// For spans sorted by (start, end): whether each lies inside another span
/// (one that differs from it). One pass, so a document of many thousand
/// quotes costs no more than it holds.
fn nested_spans(spans: &[(usize, usize)]) -> Vec<bool> {
    let mut nested = Vec::with_capacity(spans.len());
    // The furthest end of the spans that start before the current group.
    let mut reach_before: Option<usize> = None;
    for group in spans.chunk_by(|a, b| a.0 == b.0) {
        // Sorted by end within a start: the last reaches furthest.
        let group_end = group.last().map_or(0, |span| span.1);
        for &(_, end) in group {
            nested.push(reach_before.is_some_and(|reach| reach >= end) || end < group_end);
        }
        reach_before = reach_before.max(Some(group_end));
    }
    nested
}

/// Spans sorted by (start, end), each with an index, to find the shortest
/// one holding a range without trying them all.
struct Innermost {
    spans: Vec<(usize, usize, usize)>,
    /// `reach[i]`: the furthest end among `spans[..=i]`.
    reach: Vec<usize>,
}

impl Innermost {
    fn new(spans: Vec<(usize, usize, usize)>) -> Self {
        let reach = spans
            .iter()
            .scan(0, |furthest, span| {
                *furthest = (*furthest).max(span.1);
                Some(*furthest)
            })
            .collect();
        Self { spans, reach }
    }

    /// The index of the shortest span holding `start..end` (the first in
    /// order of several as short).
    fn holding(&self, start: usize, end: usize) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        let candidates = self.spans.partition_point(|span| span.0 <= start);
        // Walking back from the last span that starts in time, until no
        // earlier span reaches the range's end.
        for i in (0..candidates).rev() {
            let (span_start, span_end, index) = self.spans[i];
            // Spans before start no later, so none can be shorter than the
            // best once even reaching `end` from here would be longer.
            if self.reach[i] < end || best.is_some_and(|(length, _)| end - span_start > length) {
                break;
            }
            if end <= span_end && best.is_none_or(|(length, _)| span_end - span_start <= length) {
                best = Some((span_end - span_start, index));
            }
        }
        best.map(|(_, index)| index)
    }
}

/// Quotes, mentions and claims of one document, each in text order.
pub fn extract_document(
    document: &DocumentRow,
    sentences: &[SentenceRow],
    settings: &ClaimSettings,
) -> Extracted {
    let text = document.text.as_str();
    let spans = sentence_spans(text, sentences);
    let people = find_people(text, &spans);
    let found_quotes = find_quotes(text, &spans, &people);
    let found_claims = find_claims(text, &spans, settings);

    let mut offsets = CharOffsets::new(text);
    let mut mentions: Vec<MentionRow> = people
        .iter()
        .map(|mention| MentionRow {
            doc_id: document.doc_id.clone(),
            source: document.source.clone(),
            event: document.event.clone(),
            sentence_idx: mention.sentence_idx,
            char_start: offsets.char_offset(mention.start),
            char_end: offsets.char_offset(mention.end),
            surface: mention.surface.clone(),
            name: mention.name.clone(),
            role: mention.role.clone(),
        })
        .collect();
    mentions.sort_by_key(|row| row.char_start);

    let mut quote_spans: Vec<_> = found_quotes.iter().collect();
    quote_spans.sort_by_key(|quote| (quote.start, quote.end));
    let spans: Vec<(usize, usize)> = quote_spans.iter().map(|q| (q.start, q.end)).collect();
    let nested = nested_spans(&spans);
    let quotes: Vec<QuoteRow> = quote_spans
        .iter()
        .enumerate()
        .map(|(index, quote)| QuoteRow {
            quote_id: format!("{}#q{index}", document.doc_id),
            doc_id: document.doc_id.clone(),
            source: document.source.clone(),
            sentence_idx: quote.sentence_idx,
            char_start: offsets.char_offset(quote.start),
            char_end: offsets.char_offset(quote.end),
            text: text[quote.start..quote.end].to_string(),
            is_speech: quote.is_speech,
            is_partial: quote.is_partial,
            speaker: quote.speaker.clone(),
            speaker_text: quote.speaker_text.clone(),
            cue: quote.cue.clone(),
            attribution: quote.attribution.as_str().to_string(),
            n_words: count_words(text, quote.start, quote.end),
            is_nested: nested[index],
        })
        .collect();

    let speech = Innermost::new(
        quote_spans
            .iter()
            .enumerate()
            .filter(|(_, quote)| quote.is_speech)
            .map(|(index, quote)| (quote.start, quote.end, index))
            .collect(),
    );
    let mut claim_spans: Vec<_> = found_claims.iter().collect();
    claim_spans.sort_by_key(|claim| (claim.start, claim.end));
    let claims = claim_spans
        .iter()
        .enumerate()
        .map(|(index, claim)| {
            // The innermost quote holding the number makes it someone's words.
            let quote_id = speech
                .holding(claim.start, claim.end)
                .map(|quote_index| quotes[quote_index].quote_id.clone());
            ClaimRow {
                claim_id: format!("{}#c{index}", document.doc_id),
                doc_id: document.doc_id.clone(),
                source: document.source.clone(),
                sentence_idx: claim.sentence_idx,
                char_start: offsets.char_offset(claim.start),
                char_end: offsets.char_offset(claim.end),
                text: text[claim.start..claim.end].to_string(),
                kind: claim.kind.as_str().to_string(),
                value: claim.value,
                unit: claim.unit.clone(),
                low: claim.low,
                high: claim.high,
                qualifier: claim.qualifier.as_str().to_string(),
                subject: claim.subject.clone(),
                quote_id,
            }
        })
        .collect();
    Extracted {
        quotes,
        mentions,
        claims,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sorted_spans(raw: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = raw
            .into_iter()
            .map(|(start, length)| (start, start + length))
            .collect();
        spans.sort();
        spans
    }

    proptest! {
        /// The one-pass answers are those of trying every pair.
        #[test]
        fn sweeps_agree_with_trying_every_span(
            raw in proptest::collection::vec((0usize..40, 0usize..15), 0..30),
            ranges in proptest::collection::vec((0usize..50, 0usize..6), 1..10),
        ) {
            let spans = sorted_spans(raw);
            let every_pair: Vec<bool> = spans
                .iter()
                .map(|&(start, end)| {
                    spans.iter().any(|&(s, e)| s <= start && end <= e && (s, e) != (start, end))
                })
                .collect();
            prop_assert_eq!(nested_spans(&spans), every_pair);

            let indexed: Vec<(usize, usize, usize)> =
                spans.iter().enumerate().map(|(i, &(s, e))| (s, e, i)).collect();
            let innermost = Innermost::new(indexed);
            for (start, length) in ranges {
                let end = start + length;
                let tried = spans
                    .iter()
                    .enumerate()
                    .filter(|&(_, &(s, e))| s <= start && end <= e)
                    .min_by_key(|&(_, &(s, e))| e - s)
                    .map(|(i, _)| i);
                prop_assert_eq!(innermost.holding(start, end), tried, "{}..{}", start, end);
            }
        }
    }
}

//! Stage 1, ingest: input files into the `documents` and `rejects` tables.
//! Reading and decoding live in `ingest_read`; this shell orders the rows and
//! writes them. Problems with single inputs are rejects, never errors.

use super::ingest_read::{self, Document, Reject};
use crate::error::Result;
use crate::pipeline::{Context, TableCounts};
use crate::tables::io::write_table;
use crate::tables::schema::{DOCUMENTS, DocumentRow, REJECTS, RejectRow};

/// Reads every input and writes documents and rejects.
pub fn run(context: &Context) -> Result<TableCounts> {
    let config = context.config;
    let bar = context.progress.bar("ingest", config.inputs().len() as u64);
    let settings = &config.pipeline.ingest;
    let default_event = settings
        .default_event
        .clone()
        .unwrap_or_else(|| ingest_read::default_event(config.inputs()));
    let (documents, rejects) =
        ingest_read::read_inputs(config.inputs(), &settings.fields, &default_event)?;
    bar.finish_and_clear();
    for reject in &rejects {
        context.progress.warn(&format!(
            "rejected {}{}: {}",
            reject.path,
            reject
                .line
                .map(|line| format!(":{line}"))
                .unwrap_or_default(),
            reject.reason
        ));
    }
    let with_csv = config.with_csv();
    let documents = write_table(
        &DOCUMENTS,
        context.dir,
        with_csv,
        documents.into_iter().map(DocumentRow::from).collect(),
    )?;
    let rejects = write_table(
        &REJECTS,
        context.dir,
        with_csv,
        rejects.into_iter().map(reject_row).collect(),
    )?;
    Ok(vec![(DOCUMENTS.name, documents), (REJECTS.name, rejects)])
}

/// A read document as its `documents` row; `inspect` builds its one row the same way.
impl From<Document> for DocumentRow {
    fn from(document: Document) -> Self {
        DocumentRow {
            doc_id: document.doc_id,
            source: document.source,
            event: document.event,
            path: document.path,
            title: document.title,
            url: document.url,
            published: document.published,
            text: document.text,
            n_chars: document.n_chars,
            content_hash: document.content_hash,
            encoding: document.encoding,
        }
    }
}

fn reject_row(reject: Reject) -> RejectRow {
    RejectRow {
        path: reject.path,
        line: reject.line,
        reason: reject.reason,
    }
}

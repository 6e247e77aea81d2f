//! `parallax inspect`: the per-document stages in memory on one text, for
//! users checking how a sentence is read. Prints sentences, tokens, quotes,
//! people and claims as the tables would hold them.

use crate::cli::InspectArgs;
use crate::config::load_pipeline;
use crate::error::{Error, Result};
use crate::stages::extract::extract_document;
use crate::stages::ingest_read::document_from_text;
use crate::stages::normalise::{canonical_for, canonical_speaker};
use crate::stages::tokenise::segment_document;
use crate::tables::schema::DocumentRow;

/// The reading of one text as pretty JSON.
pub fn run(args: &InspectArgs) -> Result<String> {
    let text = match (&args.text, &args.file) {
        (_, Some(path)) => std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?,
        (Some(text), None) => text.clone(),
        (None, None) => {
            return Err(Error::Usage {
                detail: "give a text or --file FILE".into(),
            });
        }
    };
    let settings = if args.pipeline.exists() {
        load_pipeline(&args.pipeline)?.claims
    } else {
        Default::default()
    };
    let document = document_from_text("inspect", "inspect", &text);
    let row = DocumentRow::from(document);
    let (sentences, tokens) = segment_document(&row);
    let extracted = extract_document(&row, &sentences, &settings);
    let canonical = canonical_for(&extracted.mentions);
    let quotes: Vec<_> = extracted
        .quotes
        .into_iter()
        .map(|quote| canonical_speaker(quote, &canonical))
        .collect();
    let json = serde_json::json!({
        "sentences": sentences,
        "tokens": tokens,
        "quotes": quotes,
        "people": extracted.mentions,
        "claims": extracted.claims,
    });
    Ok(serde_json::to_string_pretty(&json).expect("rows always serialise"))
}

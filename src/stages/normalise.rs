//! Stage 4, normalise: one canonical name per person across every document of
//! the run (Zelensky and Zelenskyy are one person; Melania Trump and Donald
//! Trump are two), applied to the quotes' speakers, and the `people` table of
//! each outlet's mentions per event. It needs all mentions at once: a barrier
//! over names, but names are few, so it holds only them, not the documents.

use crate::error::Result;
use crate::pipeline::{Context, TableCounts};
use crate::tables::io::{TableWriter, read_table, write_table};
use crate::tables::schema::{
    MENTIONS, MentionRow, PEOPLE, PersonRow, QUOTES, QuoteRow, RAW_QUOTES,
};
use crate::text::people::canonical_names;
use std::collections::{BTreeMap, BTreeSet};

/// Canonicalises names, rewrites quotes with canonical speakers, and writes people.
pub fn run(context: &Context) -> Result<TableCounts> {
    let with_csv = context.config.with_csv();
    let mentions = read_table(&MENTIONS, context.dir)?.unwrap_or_default();
    let canonical = canonical_for(&mentions);

    let people = write_table(
        &PEOPLE,
        context.dir,
        with_csv,
        people_rows(&mentions, &canonical),
    )?;

    let mut quotes = TableWriter::create(&QUOTES, context.dir, with_csv)?;
    let raw = crate::stages::open_required(context, &RAW_QUOTES, |_| 8192)?;
    for batch in raw {
        let rows: Vec<QuoteRow> = batch?
            .into_iter()
            .map(|quote| canonical_speaker(quote, &canonical))
            .collect();
        quotes.write(&rows)?;
    }
    Ok(vec![(PEOPLE.name, people), (QUOTES.name, quotes.finish()?)])
}

/// Every within-document name mapped to its canonical name across the run.
pub fn canonical_for(mentions: &[MentionRow]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for mention in mentions {
        *counts.entry(mention.name.as_str()).or_default() += 1;
    }
    let names: Vec<(String, u64)> = counts
        .into_iter()
        .map(|(name, count)| (name.to_string(), count))
        .collect();
    canonical_names(&names)
}

/// The quote with its speaker's canonical name; groups ("reporters") stay as they are.
pub fn canonical_speaker(mut quote: QuoteRow, canonical: &BTreeMap<String, String>) -> QuoteRow {
    if let Some(speaker) = &quote.speaker
        && let Some(name) = canonical.get(speaker)
    {
        quote.speaker = Some(name.clone());
    }
    quote
}

/// Mentions counted per event, outlet and canonical person, with the spellings used.
pub fn people_rows(
    mentions: &[MentionRow],
    canonical: &BTreeMap<String, String>,
) -> Vec<PersonRow> {
    let mut people: BTreeMap<(&str, &str, &str), (u64, BTreeSet<&str>)> = BTreeMap::new();
    for mention in mentions {
        let person = canonical
            .get(&mention.name)
            .map_or(mention.name.as_str(), String::as_str);
        let entry = people
            .entry((&mention.event, &mention.source, person))
            .or_default();
        entry.0 += 1;
        entry.1.insert(mention.surface.as_str());
    }
    people
        .into_iter()
        .map(
            |((event, source, person), (mentions, variants))| PersonRow {
                event: event.to_string(),
                source: source.to_string(),
                person: person.to_string(),
                mentions,
                variants: variants.into_iter().map(str::to_string).collect(),
            },
        )
        .collect()
}

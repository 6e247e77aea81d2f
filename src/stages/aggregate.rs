//! Stage 5, aggregate: the barrier. Everything here compares across
//! documents, so it runs once over the persisted tables instead of per
//! document. Word and term statistics are polars lazy queries over the
//! Parquet files (memory grows with the vocabulary and the number of outlets,
//! not with the corpus); quote and claim groups are built per event by
//! `text::people` and `text::claim_groups`.

use crate::error::{Error, Result};
use crate::pipeline::{Context, TableCounts};
use crate::tables::io::{parquet_path, read_table, write_table};
use crate::tables::schema::*;
use crate::text::claim_groups::{ClaimForGroup, group_claims};
use crate::text::people::group_quotes;
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// Computes word_stats, term_stats, quote_groups and claim_groups.
pub fn run(context: &Context) -> Result<TableCounts> {
    let with_csv = context.config.with_csv();
    let dir = context.dir;
    let bar = context.progress.bar("aggregate", 4);
    let word_stats_rows = word_stats(dir)?;
    // term_stats' rates are per thousand of these words; counted once, here.
    let words_of_source: BTreeMap<&str, u64> = word_stats_rows
        .iter()
        .map(|row| (row.source.as_str(), row.n_words))
        .collect();
    bar.inc(1);
    let terms = &context.config.pipeline.terms;
    let term_rows = term_stats(dir, &words_of_source, terms.min_count, terms.prior_scale)?;
    let term_stats = write_table(&TERM_STATS, dir, with_csv, term_rows)?;
    let word_stats = write_table(&WORD_STATS, dir, with_csv, word_stats_rows)?;
    bar.inc(1);
    let events = document_events(dir)?;
    let quote_groups = write_table(&QUOTE_GROUPS, dir, with_csv, quote_groups(dir, &events)?)?;
    bar.inc(1);
    let tolerance = context.config.pipeline.claim_groups.tolerance;
    let claim_groups = write_table(
        &CLAIM_GROUPS,
        dir,
        with_csv,
        claim_groups(dir, &events, tolerance)?,
    )?;
    bar.finish_and_clear();
    Ok(vec![
        (WORD_STATS.name, word_stats),
        (TERM_STATS.name, term_stats),
        (QUOTE_GROUPS.name, quote_groups),
        (CLAIM_GROUPS.name, claim_groups),
    ])
}

fn query_error(table: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Query {
        table: table.to_string(),
        detail: e.to_string(),
    }
}

fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let path = parquet_path(dir, table);
    LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
    .map_err(query_error(table))
}

/// Word and number tokens with their document's outlet.
fn words_by_source(dir: &Path) -> Result<LazyFrame> {
    let documents = scan(dir, DOCUMENTS.name)?
        .select([col(documents_cols::doc_id), col(documents_cols::source)]);
    Ok(scan(dir, TOKENS.name)?
        .filter(
            col(tokens_cols::kind)
                .eq(lit("word"))
                .or(col(tokens_cols::kind).eq(lit("number"))),
        )
        .join(
            documents,
            [col(tokens_cols::doc_id)],
            [col(documents_cols::doc_id)],
            JoinArgs::new(JoinType::Inner),
        ))
}

/// Syllables of a lower-case word: groups of vowels (a, e, i, o, u, y), less a
/// final silent e (but not -le), at least one. The usual heuristic of
/// readability tools; it is right for most English words and never far off.
fn syllables(word: Expr) -> Expr {
    let groups = word
        .clone()
        .str()
        .count_matches(lit("[aeiouy]+"), false)
        .cast(DataType::Int64);
    let silent_e = word
        .clone()
        .str()
        .ends_with(lit("e"))
        .and(word.str().ends_with(lit("le")).not())
        .and(groups.clone().gt(lit(1)));
    let adjusted = when(silent_e)
        .then(groups.clone() - lit(1))
        .otherwise(groups);
    when(adjusted.clone().lt(lit(1)))
        .then(lit(1i64))
        .otherwise(adjusted)
}

const SYLLABLES: &str = "syllables";
const IS_WORD: &str = "is_word";

/// Per outlet: documents, sentences, words, vocabulary, quotes, claims, readability.
fn word_stats(dir: &Path) -> Result<Vec<WordStatsRow>> {
    let table = WORD_STATS.name;
    let documents = scan(dir, DOCUMENTS.name)?
        .group_by([col(documents_cols::source)])
        .agg([len().cast(DataType::UInt64).alias(word_stats_cols::n_docs)]);
    let sentences = scan(dir, SENTENCES.name)?
        .group_by([col(sentences_cols::source)])
        .agg([len()
            .cast(DataType::UInt64)
            .alias(word_stats_cols::n_sentences)]);
    // Counted per outlet and distinct word first, so that syllables are counted once
    // per vocabulary entry rather than once per token, and memory follows the
    // vocabulary, not the corpus.
    const OCCURRENCES: &str = "occurrences";
    let is_word = col(tokens_cols::kind).eq(lit("word"));
    let words = words_by_source(dir)?
        .group_by([
            col(documents_cols::source),
            col(tokens_cols::norm),
            col(tokens_cols::kind),
        ])
        .agg([len().cast(DataType::Float64).alias(OCCURRENCES)])
        .with_columns([
            when(is_word.clone())
                .then(col(OCCURRENCES))
                .otherwise(lit(0.0))
                .alias(IS_WORD),
            when(is_word)
                .then(syllables(col(tokens_cols::norm)).cast(DataType::Float64) * col(OCCURRENCES))
                .otherwise(lit(0.0))
                .alias(SYLLABLES),
        ])
        .group_by([col(documents_cols::source)])
        .agg([
            col(OCCURRENCES)
                .sum()
                .cast(DataType::UInt64)
                .alias(word_stats_cols::n_words),
            col(tokens_cols::norm)
                .n_unique()
                .cast(DataType::UInt64)
                .alias(word_stats_cols::n_unique_words),
            col(IS_WORD).sum().alias(IS_WORD),
            col(SYLLABLES).sum().alias(SYLLABLES),
        ]);
    let speech = col(quotes_cols::is_speech);
    let quotes = scan(dir, QUOTES.name)?
        .group_by([col(quotes_cols::source)])
        .agg([
            speech
                .clone()
                .sum()
                .cast(DataType::UInt64)
                .alias(word_stats_cols::n_quotes),
            // Words of quotes within quotes are already inside the outer quote.
            when(speech.and(col(quotes_cols::is_nested).not()))
                .then(col(quotes_cols::n_words))
                .otherwise(lit(0u64))
                .sum()
                .cast(DataType::Float64)
                .alias(word_stats_cols::quoted_word_share),
        ]);
    let claims = scan(dir, CLAIMS.name)?
        .group_by([col(claims_cols::source)])
        .agg([len()
            .cast(DataType::UInt64)
            .alias(word_stats_cols::n_claims)]);
    let left = |right: LazyFrame, frame: LazyFrame| {
        frame.join(
            right,
            [col(documents_cols::source)],
            [col(documents_cols::source)],
            JoinArgs::new(JoinType::Left),
        )
    };
    let frame = [sentences, words, quotes, claims]
        .into_iter()
        .fold(documents, |frame, right| left(right, frame))
        .sort([documents_cols::source], SortMultipleOptions::default())
        .collect()
        .map_err(query_error(table))?;

    let get = |name: &str| frame.column(name).map_err(query_error(table));
    let sources = get(word_stats_cols::source)?
        .str()
        .map_err(query_error(table))?
        .clone();
    let u64s = |name: &str| -> Result<Vec<u64>> {
        let column = get(name)?
            .cast(&DataType::UInt64)
            .map_err(query_error(table))?;
        Ok(column
            .u64()
            .map_err(query_error(table))?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let f64s = |name: &str| -> Result<Vec<f64>> {
        let column = get(name)?
            .cast(&DataType::Float64)
            .map_err(query_error(table))?;
        Ok(column
            .f64()
            .map_err(query_error(table))?
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .collect())
    };
    let (n_docs, n_sentences, n_words, n_unique) = (
        u64s(word_stats_cols::n_docs)?,
        u64s(word_stats_cols::n_sentences)?,
        u64s(word_stats_cols::n_words)?,
        u64s(word_stats_cols::n_unique_words)?,
    );
    let (n_quotes, n_claims) = (
        u64s(word_stats_cols::n_quotes)?,
        u64s(word_stats_cols::n_claims)?,
    );
    let (quoted_words, word_tokens, syllable_counts) = (
        f64s(word_stats_cols::quoted_word_share)?,
        f64s(IS_WORD)?,
        f64s(SYLLABLES)?,
    );
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    Ok((0..frame.height())
        .map(|i| {
            let words_per_sentence = ratio(word_tokens[i], n_sentences[i] as f64);
            let syllables_per_word = ratio(syllable_counts[i], word_tokens[i]);
            WordStatsRow {
                source: sources.get(i).unwrap_or_default().to_string(),
                n_docs: n_docs[i],
                n_sentences: n_sentences[i],
                n_words: n_words[i],
                n_unique_words: n_unique[i],
                type_token_ratio: ratio(n_unique[i] as f64, n_words[i] as f64),
                mean_sentence_words: ratio(n_words[i] as f64, n_sentences[i] as f64),
                n_quotes: n_quotes[i],
                quoted_word_share: ratio(quoted_words[i], n_words[i] as f64),
                n_claims: n_claims[i],
                flesch_reading_ease: 206.835
                    - 1.015 * words_per_sentence
                    - 84.6 * syllables_per_word,
                flesch_kincaid_grade: 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            }
        })
        .collect())
}

const OWN: &str = "own";

/// The English stop words (NLTK's list, from the stop-words crate).
fn stop_words() -> Series {
    let words = stop_words::lookup("en").unwrap_or_default();
    Series::new("stop".into(), words)
}

/// Per outlet and term: counts, rate, and the Monroe et al. (2008) log-odds
/// with an informative Dirichlet prior against the other outlets covering the
/// same events. With y the outlet's count of the term and n its total, r and m
/// the same over the other outlets of its events, and a prior a = prior_scale x
/// the term's count over the whole run (a0 its total):
/// delta = ln((y+a)/(n+a0-y-a)) - ln((r+a)/(m+a0-r-a)),
/// var = 1/(y+a) + 1/(r+a), distinctiveness = delta / sqrt(var).
fn term_stats(
    dir: &Path,
    words_of_source: &BTreeMap<&str, u64>,
    min_count: u64,
    prior_scale: f64,
) -> Result<Vec<TermStatsRow>> {
    let table = TERM_STATS.name;
    let documents = scan(dir, DOCUMENTS.name)?.select([
        col(documents_cols::doc_id),
        col(documents_cols::source),
        col(documents_cols::event),
    ]);
    let terms = scan(dir, TOKENS.name)?
        .filter(col(tokens_cols::kind).eq(lit("word")))
        .join(
            documents,
            [col(tokens_cols::doc_id)],
            [col(documents_cols::doc_id)],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col(documents_cols::event),
            col(documents_cols::source),
            col(tokens_cols::norm).alias(term_stats_cols::term),
        ]);
    // Counts per event, outlet and term: the unit everything else sums.
    let by_event = terms
        .group_by([
            col(documents_cols::event),
            col(documents_cols::source),
            col(term_stats_cols::term),
        ])
        .agg([len().cast(DataType::Float64).alias(OWN)])
        // Terms are words with a letter, stop words out; tested once per distinct
        // (event, outlet, term) rather than once per token.
        .filter(
            col(term_stats_cols::term)
                .str()
                .count_matches(lit("[[:alpha:]]"), false)
                .gt(lit(0)),
        )
        .filter(
            col(term_stats_cols::term)
                .is_in(lit(stop_words()).implode(false), false)
                .not(),
        )
        .collect()
        .map_err(query_error(table))?;
    let strings = |name: &str| -> Result<Vec<&str>> {
        Ok(by_event
            .column(name)
            .map_err(query_error(table))?
            .str()
            .map_err(query_error(table))?
            .iter()
            .map(Option::unwrap_or_default)
            .collect())
    };
    let (events, sources, terms) = (
        strings(documents_cols::event)?,
        strings(documents_cols::source)?,
        strings(term_stats_cols::term)?,
    );
    let counts: Vec<f64> = by_event
        .column(OWN)
        .map_err(query_error(table))?
        .f64()
        .map_err(query_error(table))?
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();

    // The log-odds arithmetic over these counts (one row per event, outlet and
    // term, so the size of the vocabulary, not of the corpus) is plain sums.
    let mut event_terms: HashMap<(&str, &str), f64> = HashMap::new();
    let mut event_totals: HashMap<&str, f64> = HashMap::new();
    let mut source_events: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut own: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    let mut own_totals: HashMap<&str, f64> = HashMap::new();
    let mut prior: HashMap<&str, f64> = HashMap::new();
    for i in 0..counts.len() {
        let (event, source, term, count) = (events[i], sources[i], terms[i], counts[i]);
        *event_terms.entry((event, term)).or_default() += count;
        *event_totals.entry(event).or_default() += count;
        source_events.entry(source).or_default().insert(event);
        *own.entry((source, term)).or_default() += count;
        *own_totals.entry(source).or_default() += count;
        *prior.entry(term).or_default() += count;
    }
    let prior_total = prior_scale * prior.values().sum::<f64>();
    let n_sources = source_events.len();
    // Outlets covering the same events share one table of everything said about
    // them (usually there is one such set for the whole run).
    let mut event_vocabulary: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for (&(event, term), &count) in &event_terms {
        event_vocabulary
            .entry(event)
            .or_default()
            .push((term, count));
    }
    let mut covered_by_set: BTreeMap<&BTreeSet<&str>, (HashMap<&str, f64>, f64)> = BTreeMap::new();
    for covered_events in source_events.values() {
        covered_by_set.entry(covered_events).or_insert_with(|| {
            let mut covered: HashMap<&str, f64> = HashMap::new();
            for event in covered_events {
                for &(term, count) in &event_vocabulary[event] {
                    *covered.entry(term).or_default() += count;
                }
            }
            let total = covered_events.iter().map(|event| event_totals[event]).sum();
            (covered, total)
        });
    }

    let mut by_source: BTreeMap<String, Vec<TermStatsRow>> = BTreeMap::new();
    for ((source, term), y) in own {
        if y < min_count as f64 {
            continue;
        }
        // Everything said about the events this outlet covers (its own words included).
        let (covered_terms, covered_total) = &covered_by_set[&source_events[source]];
        let covered = covered_terms.get(term).copied().unwrap_or(0.0);
        let covered_total = *covered_total;
        let n = own_totals[source];
        let (a, a0) = (prior_scale * prior[term], prior_total);
        let (r, m) = (covered - y, covered_total - n);
        // One outlet, or an outlet alone on its events: nothing to compare against.
        let distinctiveness = (n_sources > 1 && m > 0.0).then(|| {
            let delta = ((y + a) / (n + a0 - y - a)).ln() - ((r + a) / (m + a0 - r - a)).ln();
            delta / (1.0 / (y + a) + 1.0 / (r + a)).sqrt()
        });
        // Per thousand words of the outlet, stop words included, as in word_stats.
        let per_1k = match words_of_source.get(source) {
            Some(&words) if words > 0 => 1000.0 * y / words as f64,
            _ => 0.0,
        };
        by_source
            .entry(source.to_string())
            .or_default()
            .push(TermStatsRow {
                source: source.to_string(),
                term: term.to_string(),
                count: y as u64,
                per_1k,
                distinctiveness,
                rank: 0,
            });
    }
    let mut rows = Vec::new();
    for (_, mut terms) in by_source {
        terms.sort_by(|a, b| {
            let by_score = match (a.distinctiveness, b.distinctiveness) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                _ => std::cmp::Ordering::Equal,
            };
            by_score
                .then(b.count.cmp(&a.count))
                .then(a.term.cmp(&b.term))
        });
        for (rank, term) in terms.iter_mut().enumerate() {
            term.rank = rank as u32 + 1;
        }
        rows.extend(terms);
    }
    Ok(rows)
}

/// Each document's event and outlet.
fn document_events(dir: &Path) -> Result<BTreeMap<String, (String, String)>> {
    let table = DOCUMENTS.name;
    let frame = scan(dir, table)?
        .select([
            col(documents_cols::doc_id),
            col(documents_cols::event),
            col(documents_cols::source),
        ])
        .collect()
        .map_err(query_error(table))?;
    let column = |name: &str| -> Result<StringChunked> {
        Ok(frame
            .column(name)
            .map_err(query_error(table))?
            .str()
            .map_err(query_error(table))?
            .clone())
    };
    let (ids, events, sources) = (
        column(documents_cols::doc_id)?,
        column(documents_cols::event)?,
        column(documents_cols::source)?,
    );
    Ok((0..frame.height())
        .map(|i| {
            let text = |c: &StringChunked| c.get(i).unwrap_or_default().to_string();
            (text(&ids), (text(&events), text(&sources)))
        })
        .collect())
}

/// Speech quotes grouped per event by speaker and wording.
fn quote_groups(
    dir: &Path,
    events: &BTreeMap<String, (String, String)>,
) -> Result<Vec<QuoteGroupRow>> {
    let quotes = read_table(&QUOTES, dir)?.unwrap_or_default();
    let mut by_event: BTreeMap<&str, Vec<&QuoteRow>> = BTreeMap::new();
    for quote in quotes
        .iter()
        .filter(|quote| quote.is_speech && !quote.is_nested)
    {
        if let Some((event, _)) = events.get(&quote.doc_id) {
            by_event.entry(event.as_str()).or_default().push(quote);
        }
    }
    let mut rows = Vec::new();
    for (event, quotes) in by_event {
        let members: Vec<(Option<&str>, &str, &str)> = quotes
            .iter()
            .map(|quote| {
                (
                    quote.speaker.as_deref(),
                    quote.text.as_str(),
                    quote.source.as_str(),
                )
            })
            .collect();
        for (index, group) in group_quotes(&members).into_iter().enumerate() {
            let mut wordings: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for &member in &group {
                wordings
                    .entry(quotes[member].text.as_str())
                    .or_default()
                    .insert(quotes[member].source.as_str());
            }
            let sources: BTreeSet<&str> = wordings.values().flatten().copied().collect();
            let longest = wordings
                .keys()
                .max_by_key(|text| (text.chars().count(), std::cmp::Reverse(**text)));
            let variants: Vec<serde_json::Value> = wordings
                .iter()
                .map(|(text, sources)| serde_json::json!({ "text": text, "sources": sources }))
                .collect();
            rows.push(QuoteGroupRow {
                group_id: format!("{event}#g{index}"),
                event: event.to_string(),
                speaker: group
                    .first()
                    .and_then(|&member| quotes[member].speaker.clone()),
                text: longest.map(|text| text.to_string()).unwrap_or_default(),
                n_sources: sources.len() as u32,
                sources: sources.iter().map(|s| s.to_string()).collect(),
                n_variants: wordings.len() as u32,
                variants: serde_json::Value::Array(variants).to_string(),
            });
        }
    }
    Ok(rows)
}

/// Claims grouped per event by kind, subject and unit, with their agreement.
fn claim_groups(
    dir: &Path,
    events: &BTreeMap<String, (String, String)>,
    tolerance: f64,
) -> Result<Vec<ClaimGroupRow>> {
    let claims = read_table(&CLAIMS, dir)?.unwrap_or_default();
    let mut by_event: BTreeMap<&str, Vec<&ClaimRow>> = BTreeMap::new();
    for claim in &claims {
        if let Some((event, _)) = events.get(&claim.doc_id) {
            by_event.entry(event.as_str()).or_default().push(claim);
        }
    }
    let mut rows = Vec::new();
    for (event, claims) in by_event {
        let members: Vec<ClaimForGroup> = claims
            .iter()
            .map(|claim| ClaimForGroup {
                source: &claim.source,
                kind: &claim.kind,
                subject: claim.subject.as_deref(),
                unit: claim.unit.as_deref(),
                value: claim.value,
                low: claim.low,
                high: claim.high,
            })
            .collect();
        for (index, group) in group_claims(&members, tolerance).into_iter().enumerate() {
            rows.push(ClaimGroupRow {
                group_id: format!("{event}#m{index}"),
                event: event.to_string(),
                kind: group.kind,
                subject: group.subject,
                unit: group.unit,
                n_sources: group.sources.len() as u32,
                sources: group.sources,
                min_value: group.min_value,
                max_value: group.max_value,
                consensus_low: group.consensus_low,
                consensus_high: group.consensus_high,
                agree: group.agree,
            });
        }
    }
    Ok(rows)
}

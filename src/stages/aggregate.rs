//! Stage 5, aggregate: the barrier. Everything here compares across
//! documents, so it runs once over the persisted tables instead of per
//! document. Word and term statistics are polars lazy queries over the
//! Parquet files (memory grows with the vocabulary and the number of outlets,
//! not with the corpus); quote and claim groups are built per event by
//! `text::people` and `text::claim_groups`.

use crate::error::{Error, Result};
use crate::pipeline::{Context, TableCounts};
use crate::tables::Row;
use crate::tables::io::{TableWriter, parquet_path, read_table, write_table};
use crate::tables::schema::*;
use crate::text::claim_groups::{ClaimForGroup, group_claims};
use crate::text::people::group_quotes;
use arrow::array::{ArrayRef, Float64Array, StringBuilder, UInt32Array, UInt64Array};
use arrow::record_batch::RecordBatch;
use polars::prelude::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// Computes word_stats, term_stats, quote_groups and claim_groups.
pub fn run(context: &Context) -> Result<TableCounts> {
    let bar = context.progress.bar("aggregate", 4);
    let events = document_events(context.dir)?;
    // The word statistics and the groups read different tables and share
    // only the documents' events and outlets: on two cores they run side by side.
    let (statistics, groups) = rayon::join(
        || -> Result<TableCounts> {
            let counts = word_and_term_stats(context, &events)?;
            bar.inc(2);
            Ok(counts)
        },
        || -> Result<TableCounts> {
            let counts = quote_and_claim_groups(context, &events)?;
            bar.inc(2);
            Ok(counts)
        },
    );
    bar.finish_and_clear();
    let mut counts = statistics?;
    counts.extend(groups?);
    Ok(counts)
}

/// word_stats and term_stats, both sums over one count of the run's vocabulary.
fn word_and_term_stats(context: &Context, events: &DocumentEvents) -> Result<TableCounts> {
    let (dir, with_csv) = (context.dir, context.config.with_csv());
    let vocabulary = Vocabulary::count(dir, events)?;
    let word_counts = word_counts(&vocabulary);
    // term_stats' rates are per thousand of the outlet's words, as word_stats counts them.
    let words_of_source: Vec<u64> = word_counts.iter().map(|counts| counts.words).collect();
    let terms = &context.config.pipeline.terms;
    let (word_stats, term_stats) = rayon::join(
        || -> Result<u64> {
            let rows = word_stats(dir, &vocabulary, &word_counts)?;
            write_table(&WORD_STATS, dir, with_csv, rows)
        },
        || -> Result<u64> {
            let batch = term_stats(
                &vocabulary,
                &words_of_source,
                terms.min_count,
                terms.prior_scale,
            )?;
            let mut writer = TableWriter::create(&TERM_STATS, dir, with_csv)?;
            writer.write_batch(&batch)?;
            writer.finish()
        },
    );
    Ok(vec![
        (WORD_STATS.name, word_stats?),
        (TERM_STATS.name, term_stats?),
    ])
}

/// quote_groups and claim_groups, per event.
fn quote_and_claim_groups(context: &Context, events: &DocumentEvents) -> Result<TableCounts> {
    let (dir, with_csv) = (context.dir, context.config.with_csv());
    let quote_groups = write_table(&QUOTE_GROUPS, dir, with_csv, quote_groups(dir, events)?)?;
    let tolerance = context.config.pipeline.claim_groups.tolerance;
    let claim_groups = claim_groups(dir, events, tolerance)?;
    Ok(vec![
        (QUOTE_GROUPS.name, quote_groups),
        (
            CLAIM_GROUPS.name,
            write_table(&CLAIM_GROUPS, dir, with_csv, claim_groups)?,
        ),
    ])
}

fn query_error(table: &str) -> impl Fn(PolarsError) -> Error + '_ {
    move |e| Error::Query {
        table: table.to_string(),
        detail: e.to_string(),
    }
}

/// A text column of a collected frame; `table` names the table in errors.
fn text_column(frame: &DataFrame, table: &str, name: &str) -> Result<StringChunked> {
    Ok(frame
        .column(name)
        .map_err(query_error(table))?
        .str()
        .map_err(query_error(table))?
        .clone())
}

fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let path = parquet_path(dir, table);
    LazyFrame::scan_parquet(
        PlRefPath::new(path.to_string_lossy().as_ref()),
        ScanArgsParquet::default(),
    )
    .map_err(query_error(table))
}

const IS_WORD: &str = "is_word";

/// The run's word and number tokens counted per event, outlet, norm and
/// whether the token is a word (not a number): the one table word_stats and
/// term_stats are both sums over. polars scans the tokens once, joins each
/// token's document and groups; what comes back has a row per distinct
/// (event, outlet, norm), the size of the outlets' vocabularies rather than
/// of the corpus. Strings are interned to ids so that the sums that follow
/// index vectors instead of hashing text.
struct Vocabulary {
    /// Outlets in name order: an outlet's id is its place here.
    sources: Vec<String>,
    /// Distinct norms, in first-seen order.
    norms: Vec<String>,
    /// Number of distinct events.
    n_events: usize,
    rows: Vec<VocabularyRow>,
}

struct VocabularyRow {
    event: u32,
    source: u32,
    norm: u32,
    is_word: bool,
    count: u64,
}

impl Vocabulary {
    fn count(dir: &Path, events: &DocumentEvents) -> Result<Self> {
        let table = TOKENS.name;
        let strings = |frame: &DataFrame, name: &str| text_column(frame, table, name);
        // Outlet ids are places in the name-sorted list of outlets, given
        // before counting, so that the counted rows come out already in
        // term_stats' key order (outlet, then norm) for a single event.
        let sources: Vec<String> = events
            .values()
            .map(|(_, source)| source.as_str())
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(str::to_string)
            .collect();
        let (mut event_ids, mut norm_ids) = (Interner::default(), Interner::default());
        let outlet_of: PlHashMap<&str, (u32, u32)> = events
            .iter()
            .map(|(doc_id, (event, source))| {
                let source = sources
                    .binary_search_by(|name| name.as_str().cmp(source))
                    .expect("every document's outlet is listed")
                    as u32;
                (doc_id.as_str(), (source, event_ids.id(event)))
            })
            .collect();

        // Counting is a pass in Rust rather than a polars group-by: polars
        // groups several string keys by encoding every row's keys, which took
        // longer than the whole tokenise stage. Tokens come sorted by
        // document, and a document has one outlet and event, so each
        // document's norms are counted in a scratch array indexed by norm id
        // (2 x id, + 1 for words) and emitted when the document ends. The
        // tokens are read a slice at a time and the emitted rows merged as
        // they grow, so memory follows the vocabulary, not the corpus.
        let mut rows: Vec<VocabularyRow> = Vec::new();
        // Rows are merged once they have doubled since the last merge, and once
        // at the end: merging after every slice would sort the whole
        // vocabulary again for each million tokens.
        let mut merge_at = MERGE_AT_LEAST;
        // The row count from polars, not from the footer alone: a table that
        // cannot be read must fail the stage, not count as empty.
        let n_tokens = scan(dir, table)?
            .select([len().cast(DataType::UInt64).alias("rows")])
            .collect()
            .map_err(query_error(table))?
            .column("rows")
            .and_then(|rows| rows.u64().map(|rows| rows.get(0).unwrap_or(0)))
            .map_err(query_error(table))? as usize;
        for offset in (0..n_tokens).step_by(TOKENS_PER_SLICE) {
            let slice = scan(dir, table)?
                .slice(offset as i64, TOKENS_PER_SLICE as IdxSize)
                .filter(
                    col(tokens_cols::kind)
                        .eq(lit("word"))
                        .or(col(tokens_cols::kind).eq(lit("number"))),
                )
                .select([
                    col(tokens_cols::doc_id),
                    col(tokens_cols::norm),
                    col(tokens_cols::kind).eq(lit("word")).alias(IS_WORD),
                ])
                .collect()
                .map_err(query_error(table))?;
            let (doc_ids, norms) = (
                strings(&slice, tokens_cols::doc_id)?,
                strings(&slice, tokens_cols::norm)?,
            );
            let is_word = slice
                .column(IS_WORD)
                .map_err(query_error(table))?
                .bool()
                .map_err(query_error(table))?
                .clone();
            // The slice is counted in one part per core, each with its own
            // norm ids; a document cut between parts yields two partial rows,
            // which the merge sums like any other. The parts' norms then get
            // the run's ids in part order, which is the order they were first seen.
            let part_rows = slice.height().div_ceil(rayon::current_num_threads()).max(1);
            let parts: Vec<(Vec<VocabularyRow>, Interner)> = (0..slice.height())
                .step_by(part_rows)
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|start| {
                    let (mut counting, mut part_norms) = (Counting::default(), Interner::default());
                    let length = part_rows.min(slice.height() - start);
                    let (doc_ids, norms, is_word) = (
                        doc_ids.slice(start as i64, length),
                        norms.slice(start as i64, length),
                        is_word.slice(start as i64, length),
                    );
                    for ((doc_id, norm), is_word) in
                        doc_ids.iter().zip(norms.iter()).zip(is_word.iter())
                    {
                        let doc_id = doc_id.unwrap_or_default();
                        if counting.document.as_deref() != Some(doc_id) {
                            counting.end_document();
                            counting.document = Some(doc_id.to_string());
                            counting.outlet = outlet_of.get(doc_id).copied();
                        }
                        let slot = 2 * part_norms.id(norm.unwrap_or_default())
                            + u32::from(is_word.unwrap_or(false));
                        counting.add(slot);
                    }
                    counting.end_document();
                    (counting.rows, part_norms)
                })
                .collect();
            for (mut part, part_norms) in parts {
                let run_ids: Vec<u32> = part_norms
                    .into_strings()
                    .iter()
                    .map(|norm| norm_ids.id(norm))
                    .collect();
                for row in &mut part {
                    row.norm = run_ids[row.norm as usize];
                }
                rows.append(&mut part);
            }
            merge_when_doubled(&mut rows, &mut merge_at);
        }
        merge_rows(&mut rows);

        Ok(Self {
            sources,
            n_events: event_ids.ids.len(),
            norms: norm_ids.into_strings(),
            rows,
        })
    }
}

/// Ids for strings in first-seen order.
#[derive(Default)]
struct Interner {
    ids: PlHashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(text.to_string(), id);
        id
    }

    /// The strings, each at the place of its id.
    fn into_strings(self) -> Vec<String> {
        let mut by_id: Vec<(u32, String)> =
            self.ids.into_iter().map(|(text, id)| (id, text)).collect();
        by_id.sort_unstable_by_key(|&(id, _)| id);
        by_id.into_iter().map(|(_, text)| text).collect()
    }
}

/// Sorts by `key` and sums the items of equal key into the first of them.
fn sum_by_key<T: Send, K: Ord + Send>(
    items: &mut Vec<T>,
    key: impl Fn(&T) -> K + Sync,
    add: impl Fn(&mut T, &T),
) {
    items.par_sort_unstable_by_key(&key);
    items.dedup_by(|later, kept| {
        let same = key(later) == key(kept);
        if same {
            add(kept, later);
        }
        same
    });
}

/// Tokens read per slice of the tokens table when counting the vocabulary:
/// a bound on the memory the count takes whatever the corpus (three
/// columns of a million tokens are some 40 MB), large enough that each
/// slice's scan of the Parquet file costs little beside the counting.
const TOKENS_PER_SLICE: usize = 1 << 20;

/// The state of the vocabulary count between tokens: the document being
/// counted, its norms' counts by slot, and the rows emitted so far.
#[derive(Default)]
struct Counting {
    /// None before the first token, so that no document id, not even an
    /// empty one, is taken for the one being counted.
    document: Option<String>,
    /// The document's (outlet, event); None for a document that is gone
    /// (a rerun ingest dropped it), whose tokens count nowhere.
    outlet: Option<(u32, u32)>,
    scratch: Vec<u64>,
    touched: Vec<u32>,
    rows: Vec<VocabularyRow>,
    /// Row count at which the rows are next merged.
    merge_at: usize,
}

impl Counting {
    fn add(&mut self, slot: u32) {
        let slot = slot as usize;
        if self.scratch.len() <= slot {
            self.scratch.resize(2 * slot + 2, 0);
        }
        if self.scratch[slot] == 0 {
            self.touched.push(slot as u32);
        }
        self.scratch[slot] += 1;
    }

    fn end_document(&mut self) {
        for &slot in &self.touched {
            let count = std::mem::take(&mut self.scratch[slot as usize]);
            if let Some((source, event)) = self.outlet {
                self.rows.push(VocabularyRow {
                    event,
                    source,
                    norm: slot / 2,
                    is_word: slot % 2 == 1,
                    count,
                });
            }
        }
        self.touched.clear();
        // An outlet's documents repeat its words: merge before the rows grow
        // with the corpus rather than with the outlets' vocabularies.
        merge_when_doubled(&mut self.rows, &mut self.merge_at);
    }
}

/// The fewest rows worth a merge before the count's end.
const MERGE_AT_LEAST: usize = 1 << 20;

/// Merges `rows` once they reach `merge_at`, then waits until they have
/// doubled: memory follows the vocabulary, and each row is sorted a few
/// times at most.
fn merge_when_doubled(rows: &mut Vec<VocabularyRow>, merge_at: &mut usize) {
    if rows.len() >= *merge_at {
        merge_rows(rows);
        *merge_at = (2 * rows.len()).max(MERGE_AT_LEAST);
    }
}

/// Sums rows of the same (event, outlet, norm, kind) into one, sorted.
fn merge_rows(rows: &mut Vec<VocabularyRow>) {
    sum_by_key(
        rows,
        |row| (row.event, row.source, row.norm, row.is_word),
        |kept, later| kept.count += later.count,
    );
}

/// Syllables of a lower-case word: groups of vowels (a, e, i, o, u, y), less a
/// final silent e (but not -le), at least one. The usual heuristic of
/// readability tools; it is right for most English words and never far off.
/// Letters outside a-z (é, ø) count as consonants.
pub fn syllables(word: &str) -> u64 {
    let is_vowel = |byte: u8| matches!(byte, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut groups = 0u64;
    let mut in_group = false;
    for &byte in word.as_bytes() {
        let vowel = is_vowel(byte);
        if vowel && !in_group {
            groups += 1;
        }
        in_group = vowel;
    }
    if groups > 1 && word.ends_with('e') && !word.ends_with("le") {
        groups -= 1;
    }
    groups.max(1)
}

/// What word_stats adds up from the vocabulary, per outlet.
#[derive(Default, Clone)]
struct WordCounts {
    /// Word and number tokens.
    words: u64,
    /// Word tokens only (the readability formulas' words).
    word_tokens: u64,
    /// Syllables of the word tokens.
    syllables: u64,
    /// Distinct norms of word and number tokens.
    unique: u64,
}

/// Word counts per outlet id.
fn word_counts(vocabulary: &Vocabulary) -> Vec<WordCounts> {
    let mut counts = vec![WordCounts::default(); vocabulary.sources.len()];
    // Syllables once per distinct norm, not once per outlet that used it.
    let mut syllables_of: Vec<Option<u64>> = vec![None; vocabulary.norms.len()];
    let mut distinct: Vec<(u32, u32)> = Vec::with_capacity(vocabulary.rows.len());
    for row in &vocabulary.rows {
        let outlet = &mut counts[row.source as usize];
        outlet.words += row.count;
        if row.is_word {
            let syllables = *syllables_of[row.norm as usize]
                .get_or_insert_with(|| syllables(&vocabulary.norms[row.norm as usize]));
            outlet.word_tokens += row.count;
            outlet.syllables += syllables * row.count;
        }
        distinct.push((row.source, row.norm));
    }
    // A norm counts once per outlet, across events and kinds.
    distinct.sort_unstable();
    distinct.dedup();
    for (source, _) in distinct {
        counts[source as usize].unique += 1;
    }
    counts
}

/// Per outlet: documents, sentences, words, vocabulary, quotes, claims, readability.
fn word_stats(
    dir: &Path,
    vocabulary: &Vocabulary,
    words: &[WordCounts],
) -> Result<Vec<WordStatsRow>> {
    let table = WORD_STATS.name;
    let documents = scan(dir, DOCUMENTS.name)?
        .group_by([col(documents_cols::source)])
        .agg([len().cast(DataType::UInt64).alias(word_stats_cols::n_docs)]);
    let sentences = scan(dir, SENTENCES.name)?
        .group_by([col(sentences_cols::source)])
        .agg([len()
            .cast(DataType::UInt64)
            .alias(word_stats_cols::n_sentences)]);
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
                .cast(DataType::UInt64)
                .alias(QUOTED_WORDS),
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
    let frame = [sentences, quotes, claims]
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
    let counts = |name: &str| -> Result<Vec<u64>> {
        Ok(get(name)?
            .u64()
            .map_err(query_error(table))?
            .iter()
            .map(|v| v.unwrap_or(0))
            .collect())
    };
    let (n_docs, n_sentences, n_quotes, quoted_words, n_claims) = (
        counts(word_stats_cols::n_docs)?,
        counts(word_stats_cols::n_sentences)?,
        counts(word_stats_cols::n_quotes)?,
        counts(QUOTED_WORDS)?,
        counts(word_stats_cols::n_claims)?,
    );
    let no_words = WordCounts::default();
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    Ok((0..frame.height())
        .map(|i| {
            let source = sources.get(i).unwrap_or_default();
            // Outlet ids are places in the name-sorted list of outlets with words.
            let counted = vocabulary
                .sources
                .binary_search_by(|name| name.as_str().cmp(source))
                .map_or(&no_words, |id| &words[id]);
            let n_words = counted.words as f64;
            let n_sentences_f = n_sentences[i] as f64;
            let words_per_sentence = ratio(counted.word_tokens as f64, n_sentences_f);
            let syllables_per_word = ratio(counted.syllables as f64, counted.word_tokens as f64);
            WordStatsRow {
                source: source.to_string(),
                n_docs: n_docs[i],
                n_sentences: n_sentences[i],
                n_words: counted.words,
                n_unique_words: counted.unique,
                type_token_ratio: ratio(counted.unique as f64, n_words),
                mean_sentence_words: ratio(n_words, n_sentences_f),
                n_quotes: n_quotes[i],
                quoted_word_share: ratio(quoted_words[i] as f64, n_words),
                n_claims: n_claims[i],
                flesch_reading_ease: 206.835
                    - 1.015 * words_per_sentence
                    - 84.6 * syllables_per_word,
                flesch_kincaid_grade: 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            }
        })
        .collect())
}

const QUOTED_WORDS: &str = "quoted_words";

/// Everything said about a set of events: each term's count, sorted by term
/// id, and the total.
type Covered = (Vec<(u32, f64)>, f64);

/// Whether a norm is a term of term_stats: a word with a letter, not a stop
/// word (NLTK's English list, from the stop-words crate).
fn term_filter(vocabulary: &Vocabulary) -> Vec<bool> {
    let stop: std::collections::HashSet<&str> = stop_words::lookup("en")
        .unwrap_or_default()
        .iter()
        .copied()
        .collect();
    vocabulary
        .norms
        .iter()
        .map(|norm| norm.chars().any(char::is_alphabetic) && !stop.contains(norm.as_str()))
        .collect()
}

/// Per outlet and term: counts, rate, and the Monroe et al. (2008) log-odds
/// with an informative Dirichlet prior against the other outlets covering the
/// same events. With y the outlet's count of the term and n its total, r and m
/// the same over the other outlets of its events, and a prior a = prior_scale x
/// the term's count over the whole run (a0 its total):
/// delta = ln((y+a)/(n+a0-y-a)) - ln((r+a)/(m+a0-r-a)),
/// var = 1/(y+a) + 1/(r+a), distinctiveness = delta / sqrt(var).
///
/// The rows come out in the table's key order (outlet, rank), as one record batch.
fn term_stats(
    vocabulary: &Vocabulary,
    words_of_source: &[u64],
    min_count: u64,
    prior_scale: f64,
) -> Result<RecordBatch> {
    let is_term = term_filter(vocabulary);
    // (outlet, term, event, count) for the terms only.
    let mut entries: Vec<(u32, u32, u32, f64)> = vocabulary
        .rows
        .iter()
        .filter(|row| row.is_word && is_term[row.norm as usize])
        .map(|row| (row.source, row.norm, row.event, row.count as f64))
        .collect();
    let mut prior = vec![0.0; vocabulary.norms.len()];
    let mut event_totals = vec![0.0; vocabulary.n_events];
    for &(_, term, event, count) in &entries {
        prior[term as usize] += count;
        event_totals[event as usize] += count;
    }
    let prior_total = prior_scale * prior.iter().sum::<f64>();

    // Each event's terms with their counts, sorted by term for merging and
    // lookup. The counted rows are sorted by event first (merge_rows), so each event's terms
    // are summed in a scratch array indexed by term (sorting every entry by
    // (event, term) cost more than the rest of the table).
    let mut event_terms: Vec<Vec<(u32, f64)>> = vec![Vec::new(); vocabulary.n_events];
    let mut scratch = vec![0.0; vocabulary.norms.len()];
    debug_assert!(entries.is_sorted_by_key(|&(_, _, event, _)| event));
    for same_event in entries.chunk_by(|a, b| a.2 == b.2) {
        let terms = &mut event_terms[same_event[0].2 as usize];
        let first = terms.len();
        for &(_, term, _, count) in same_event {
            if scratch[term as usize] == 0.0 {
                terms.push((term, 0.0));
            }
            scratch[term as usize] += count;
        }
        for (term, total) in &mut terms[first..] {
            *total = std::mem::take(&mut scratch[*term as usize]);
        }
        // Sorted by term; should the rows not be grouped by event after all, an
        // event that comes back in a second run has its terms summed, not lost.
        sum_by_key(terms, |&(term, _)| term, |kept, later| kept.1 += later.1);
    }
    // Each outlet's own counts summed over its events, and the events it covers.
    entries.par_sort_unstable_by_key(|&(source, term, event, _)| (source, term, event));
    let mut own: Vec<(u32, u32, f64)> = Vec::new();
    let mut own_totals = vec![0.0; vocabulary.sources.len()];
    let mut source_events: Vec<Vec<u32>> = vec![Vec::new(); vocabulary.sources.len()];
    for &(source, term, event, count) in &entries {
        own_totals[source as usize] += count;
        source_events[source as usize].push(event);
        match own.last_mut() {
            Some((last_source, last_term, total))
                if (*last_source, *last_term) == (source, term) =>
            {
                *total += count
            }
            _ => own.push((source, term, count)),
        }
    }
    drop(entries);
    for events in &mut source_events {
        events.sort_unstable();
        events.dedup();
    }
    let n_sources = source_events
        .iter()
        .filter(|events| !events.is_empty())
        .count();
    // Outlets covering the same events share one table of everything said about
    // them (usually there is one such set for the whole run).
    let mut covered_by_set: HashMap<&[u32], usize> = HashMap::new();
    let mut covered_sets: Vec<Covered> = Vec::new();
    let covered_of_source: Vec<usize> = source_events
        .iter()
        .map(|events| {
            *covered_by_set.entry(events.as_slice()).or_insert_with(|| {
                let mut covered: Vec<(u32, f64)> = events
                    .iter()
                    .flat_map(|&event| event_terms[event as usize].iter().copied())
                    .collect();
                if events.len() > 1 {
                    sum_by_key(
                        &mut covered,
                        |&(term, _)| term,
                        |kept, later| kept.1 += later.1,
                    );
                }
                let total = events
                    .iter()
                    .map(|&event| event_totals[event as usize])
                    .sum();
                covered_sets.push((covered, total));
                covered_sets.len() - 1
            })
        })
        .collect();

    let mut rows: Vec<(u32, u32, f64, Option<f64>)> = own
        .into_par_iter()
        .filter(|&(_, _, y)| y >= min_count as f64)
        .map(|(source, term, y)| {
            // Everything said about the events this outlet covers (its own words included).
            let (covered_terms, covered_total) = &covered_sets[covered_of_source[source as usize]];
            let covered = covered_terms
                .binary_search_by_key(&term, |&(t, _)| t)
                .map_or(0.0, |at| covered_terms[at].1);
            let n = own_totals[source as usize];
            let (a, a0) = (prior_scale * prior[term as usize], prior_total);
            let (r, m) = (covered - y, covered_total - n);
            // One outlet, or an outlet alone on its events: nothing to compare against.
            let distinctiveness = (n_sources > 1 && m > 0.0).then(|| {
                let delta = ((y + a) / (n + a0 - y - a)).ln() - ((r + a) / (m + a0 - r - a)).ln();
                delta / (1.0 / (y + a) + 1.0 / (r + a)).sqrt()
            });
            (source, term, y, distinctiveness)
        })
        .collect();
    // Rank within each outlet: most distinctive first, then most used, then by term.
    let norms = &vocabulary.norms;
    // The rows come grouped by outlet (from `own`): each outlet's are sorted on their own, in parallel.
    rows.par_chunk_by_mut(|a, b| a.0 == b.0)
        .for_each(|outlet_rows| {
            outlet_rows.sort_unstable_by(|a, b| {
                let by_score = match (a.3, b.3) {
                    (Some(x), Some(y)) => y.total_cmp(&x),
                    _ => std::cmp::Ordering::Equal,
                };
                by_score
                    .then(b.2.total_cmp(&a.2))
                    .then_with(|| norms[a.1 as usize].cmp(&norms[b.1 as usize]))
            })
        });
    let mut ranks: Vec<u32> = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let same_source = index > 0 && rows[index - 1].0 == row.0;
        ranks.push(if same_source { ranks[index - 1] + 1 } else { 1 });
    }

    // The two string columns are the slow ones to build: one per core.
    let (source_column, term_column) = rayon::join(
        || {
            string_column(
                rows.iter()
                    .map(|row| vocabulary.sources[row.0 as usize].as_str()),
            )
        },
        || string_column(rows.iter().map(|row| norms[row.1 as usize].as_str())),
    );
    let columns: Vec<ArrayRef> = vec![
        source_column,
        term_column,
        Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(|row| row.2 as u64),
        )),
        Arc::new(Float64Array::from_iter_values(rows.iter().map(|row| {
            // Per thousand words of the outlet, stop words included, as in word_stats.
            match words_of_source[row.0 as usize] {
                0 => 0.0,
                words => 1000.0 * row.2 / words as f64,
            }
        }))),
        Arc::new(rows.iter().map(|row| row.3).collect::<Float64Array>()),
        Arc::new(UInt32Array::from(ranks)),
    ];
    RecordBatch::try_new(TermStatsRow::arrow_schema(), columns).map_err(|e| Error::Format {
        table: TERM_STATS.name.to_string(),
        detail: e.to_string(),
    })
}

/// A string column of these values.
fn string_column<'a>(values: impl ExactSizeIterator<Item = &'a str>) -> ArrayRef {
    let mut column = StringBuilder::with_capacity(values.len(), 8 * values.len());
    for value in values {
        column.append_value(value);
    }
    Arc::new(column.finish())
}

/// Each document's event and outlet, by doc_id.
type DocumentEvents = BTreeMap<String, (String, String)>;

/// Each document's event and outlet.
fn document_events(dir: &Path) -> Result<DocumentEvents> {
    let table = DOCUMENTS.name;
    let frame = scan(dir, table)?
        .select([
            col(documents_cols::doc_id),
            col(documents_cols::event),
            col(documents_cols::source),
        ])
        .collect()
        .map_err(query_error(table))?;
    let column = |name: &str| text_column(&frame, table, name);
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
fn quote_groups(dir: &Path, events: &DocumentEvents) -> Result<Vec<QuoteGroupRow>> {
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
fn claim_groups(dir: &Path, events: &DocumentEvents, tolerance: f64) -> Result<Vec<ClaimGroupRow>> {
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

//! The declaration of every table: its rows, columns, units and sort key.
//! This file is the data dictionary; README's copy is generated from it
//! (`parallax schema --markdown`) and a test keeps the two equal.

use super::{Table, TableInfo};
use crate::declare_rows;

declare_rows! {
    /// One input document.
    pub struct DocumentRow, columns documents_cols, key(doc_id) {
        /// The file stem (or path below the input folder when stems collide), or the record's `id` field.
        doc_id: String,
        /// The outlet: the record's `source` field or `sources.csv`, else the doc_id.
        source: String,
        /// The story the document covers: the record's `event`/`event_id` field or `sources.csv`, else the run's default event.
        event: String,
        /// The input file the document came from.
        path: String,
        /// The headline, when the input gives one.
        title: Option<String>,
        /// The article's address, when the input gives one.
        url: Option<String>,
        /// The publication date as the input gives it.
        published: Option<String>,
        /// The decoded text: NFC, `\n` line endings, no BOM. Every offset in every table points into it.
        text: String,
        /// Length of `text` in characters (Unicode scalar values).
        n_chars: u64,
        /// Hex SHA-256 of `text`; equal texts under different doc_ids share it.
        content_hash: String,
        /// The encoding the input was decoded from (`UTF-8`, `windows-1252`, `UTF-16LE`, ...).
        encoding: String,
    }
}

declare_rows! {
    /// One sentence of a document.
    pub struct SentenceRow, columns sentences_cols, key(doc_id, sentence_idx) {
        /// The document.
        doc_id: String,
        /// The document's outlet.
        source: String,
        /// Position of the sentence in the document, from 0.
        sentence_idx: u32,
        /// Position of the sentence's paragraph in the document, from 0 (a line break ends a paragraph, unless it only wraps a sentence mid-way).
        paragraph_idx: u32,
        /// Character offset of the sentence's first character in `documents.text`.
        char_start: u64,
        /// Character offset one past the sentence's last character (`text[char_start:char_end]` in Python).
        char_end: u64,
        /// The sentence, trimmed of surrounding white space.
        text: String,
    }
}

declare_rows! {
    /// One token (word, number, punctuation mark or symbol) of a sentence.
    pub struct TokenRow, columns tokens_cols, key(doc_id, sentence_idx, token_idx) {
        /// The document.
        doc_id: String,
        /// The sentence the token is in.
        sentence_idx: u32,
        /// Position of the token in its sentence, from 0.
        token_idx: u32,
        /// Character offset of the token in `documents.text`.
        char_start: u64,
        /// Character offset one past the token's end.
        char_end: u64,
        /// The token as written.
        text: String,
        /// Lower case, NFKC, curly apostrophes straightened.
        norm: String,
        /// word, number, punct or symbol.
        kind: String,
    }
}

declare_rows! {
    /// One quoted passage: the words between a pair of quotation marks.
    pub struct QuoteRow, columns quotes_cols, key(doc_id, char_start) {
        /// `<doc_id>#q<n>`, n counting the document's quotes from 0 in text order.
        quote_id: String,
        /// The document.
        doc_id: String,
        /// The document's outlet.
        source: String,
        /// The sentence where the quote opens.
        sentence_idx: u32,
        /// Character offset of the first character inside the opening mark.
        char_start: u64,
        /// Character offset of the closing mark (end exclusive), or of the paragraph's end when unclosed.
        char_end: u64,
        /// The quoted words, without the marks.
        text: String,
        /// false for quoted words that are not speech: names, nicknames, titles, printed words, scare quotes.
        is_speech: bool,
        /// A fragment quoted inside the reporter's own sentence.
        is_partial: bool,
        /// Canonical full name of who said it, or a group (`reporters`); null when not speech or not found. In `raw_quotes`, the name as resolved within the document.
        speaker: Option<String>,
        /// The words that named the speaker (`he`, `the Russian leader`, `Trump`).
        speaker_text: Option<String>,
        /// The lemma of the speech verb (say, tell, add, warn, ...).
        cue: Option<String>,
        /// How the speaker was found: explicit, pronoun, role, continuation or none.
        attribution: String,
        /// Word and number tokens inside the marks (the tokenise stage's rules).
        n_words: u64,
        /// The passage lies inside another quoted passage (a quote within a quote).
        is_nested: bool,
    }
}

declare_rows! {
    /// A person named in a document (intermediate: written by extract, read by normalise).
    pub struct MentionRow, columns mentions_cols, key(doc_id, char_start) {
        /// The document.
        doc_id: String,
        /// The document's outlet.
        source: String,
        /// The document's event.
        event: String,
        /// The sentence of the mention.
        sentence_idx: u32,
        /// Character offset of the mention in `documents.text`.
        char_start: u64,
        /// Character offset one past the mention's end.
        char_end: u64,
        /// The words as written, title included (`President Donald Trump`, `Putin`).
        surface: String,
        /// The full name the mention resolves to within the document.
        name: String,
        /// The title or role written with the name (`President`, `spokesman`), if any.
        role: Option<String>,
    }
}

declare_rows! {
    /// One numeric expression, normalised.
    pub struct ClaimRow, columns claims_cols, key(doc_id, char_start) {
        /// `<doc_id>#c<n>`, n counting the document's claims from 0 in text order.
        claim_id: String,
        /// The document.
        doc_id: String,
        /// The document's outlet.
        source: String,
        /// The sentence of the claim.
        sentence_idx: u32,
        /// Character offset of the expression, qualifier words included.
        char_start: u64,
        /// Character offset one past the expression's end.
        char_end: u64,
        /// The expression as written (`nearly two and a half hours`).
        text: String,
        /// duration, count, percent, money, year, date, time, age or number.
        kind: String,
        /// The value in the canonical unit: seconds for durations, the plain number otherwise.
        value: Option<f64>,
        /// `s` for durations, `%`, an ISO currency code, or the counted noun.
        unit: Option<String>,
        /// Lowest value the words allow, in the canonical unit; null when open.
        low: Option<f64>,
        /// Highest value the words allow, in the canonical unit; null when open.
        high: Option<f64>,
        /// exact, approx, nearly, more_than, at_least, less_than, at_most or range.
        qualifier: String,
        /// What is measured (`meeting`, `news conference`, `war`), after the pipeline file's synonyms; null if unknown.
        subject: Option<String>,
        /// The quote the number stands in (someone's words); null in the reporter's own voice.
        quote_id: Option<String>,
    }
}

declare_rows! {
    /// A person as one outlet names them within one event.
    pub struct PersonRow, columns people_cols, key(event, source, person) {
        /// The event.
        event: String,
        /// The outlet.
        source: String,
        /// Canonical full name, the same across outlets and runs.
        person: String,
        /// How many times the outlet's documents of this event name the person.
        mentions: u64,
        /// The distinct ways the outlet wrote the name, sorted.
        variants: Vec<String>,
    }
}

declare_rows! {
    /// How one outlet writes, over all its documents.
    pub struct WordStatsRow, columns word_stats_cols, key(source) {
        /// The outlet.
        source: String,
        /// Documents from the outlet.
        n_docs: u64,
        /// Sentences in them.
        n_sentences: u64,
        /// Word and number tokens.
        n_words: u64,
        /// Distinct `norm` of word and number tokens.
        n_unique_words: u64,
        /// n_unique_words / n_words.
        type_token_ratio: f64,
        /// n_words / n_sentences.
        mean_sentence_words: f64,
        /// Quoted passages that are speech.
        n_quotes: u64,
        /// Share of the outlet's words that lie inside speech quotes.
        quoted_word_share: f64,
        /// Numeric claims.
        n_claims: u64,
        /// Flesch reading ease: 206.835 - 1.015 words/sentence - 84.6 syllables/word, over word tokens, syllables counted by vowel groups.
        flesch_reading_ease: f64,
        /// Flesch-Kincaid grade: 0.39 words/sentence + 11.8 syllables/word - 15.59.
        flesch_kincaid_grade: f64,
    }
}

declare_rows! {
    /// A term (a word's `norm`, stop words out) as one outlet uses it.
    pub struct TermStatsRow, columns term_stats_cols, key(source, rank, term) {
        /// The outlet.
        source: String,
        /// The term: the lower-cased word.
        term: String,
        /// Times the outlet used it.
        count: u64,
        /// Uses per thousand words of the outlet.
        per_1k: f64,
        /// Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008), z-scored, of the term in this outlet against the other outlets covering the same events; null with one outlet.
        distinctiveness: Option<f64>,
        /// 1 for the outlet's most distinctive term (by count when distinctiveness is null).
        rank: u32,
    }
}

declare_rows! {
    /// The same quote as several outlets give it, within one event.
    pub struct QuoteGroupRow, columns quote_groups_cols, key(event, group_id) {
        /// `<event>#g<n>`, n counting the event's groups from 0.
        group_id: String,
        /// The event.
        event: String,
        /// The speaker shared by the group's quotes.
        speaker: Option<String>,
        /// The longest wording in the group.
        text: String,
        /// Outlets that carry the quote.
        n_sources: u32,
        /// Those outlets, sorted.
        sources: Vec<String>,
        /// Distinct wordings.
        n_variants: u32,
        /// Each distinct wording with the outlets that used it, as JSON: `[{"text": ..., "sources": [...]}]`.
        variants: String,
    }
}

declare_rows! {
    /// The same measured thing across outlets, within one event.
    pub struct ClaimGroupRow, columns claim_groups_cols, key(event, group_id) {
        /// `<event>#m<n>`, n counting the event's groups from 0.
        group_id: String,
        /// The event.
        event: String,
        /// The claims' kind.
        kind: String,
        /// What they measure.
        subject: String,
        /// Their unit.
        unit: Option<String>,
        /// Outlets that state it.
        n_sources: u32,
        /// Those outlets, sorted.
        sources: Vec<String>,
        /// Smallest stated value, canonical unit.
        min_value: f64,
        /// Largest stated value, canonical unit.
        max_value: f64,
        /// Lowest value every claim allows (the intersection of the intervals); null when open or empty.
        consensus_low: Option<f64>,
        /// Highest value every claim allows; null when open or empty.
        consensus_high: Option<f64>,
        /// false when two claims' intervals do not overlap after the configured tolerance.
        agree: bool,
    }
}

declare_rows! {
    /// Input that could not be used, and why.
    pub struct RejectRow, columns rejects_cols, key(path, line) {
        /// The input file.
        path: String,
        /// The 1-based line of a record file; null for whole files.
        line: Option<u64>,
        /// Why it was not used.
        reason: String,
    }
}

/// Input documents.
pub const DOCUMENTS: Table<DocumentRow> = Table::new("documents", "One row per input document.");
/// Sentences.
pub const SENTENCES: Table<SentenceRow> = Table::new("sentences", "One row per sentence.");
/// Tokens.
pub const TOKENS: Table<TokenRow> = Table::new("tokens", "One row per token of a sentence.");
/// Quotes as found within each document (intermediate).
pub const RAW_QUOTES: Table<QuoteRow> = Table::new(
    "raw_quotes",
    "Intermediate, written by extract and read by normalise: quotes with speakers as named within each document.",
);
/// Person mentions (intermediate).
pub const MENTIONS: Table<MentionRow> = Table::new(
    "mentions",
    "Intermediate, written by extract and read by normalise: one row per person mention.",
);
/// Quotes with canonical speakers.
pub const QUOTES: Table<QuoteRow> = Table::new(
    "quotes",
    "One row per quoted passage, speakers canonical across outlets.",
);
/// Numeric claims.
pub const CLAIMS: Table<ClaimRow> = Table::new("claims", "One row per numeric expression.");
/// People per outlet.
pub const PEOPLE: Table<PersonRow> = Table::new("people", "One row per person, outlet and event.");
/// Word statistics per outlet.
pub const WORD_STATS: Table<WordStatsRow> = Table::new("word_stats", "One row per outlet.");
/// Term statistics per outlet.
pub const TERM_STATS: Table<TermStatsRow> =
    Table::new("term_stats", "One row per term and outlet.");
/// The same quote across outlets.
pub const QUOTE_GROUPS: Table<QuoteGroupRow> = Table::new(
    "quote_groups",
    "One row per quote shared (or not) across outlets of an event.",
);
/// The same measured thing across outlets.
pub const CLAIM_GROUPS: Table<ClaimGroupRow> = Table::new(
    "claim_groups",
    "One row per measured thing (kind, subject, unit) across outlets of an event.",
);
/// Unusable input.
pub const REJECTS: Table<RejectRow> =
    Table::new("rejects", "One row per input that could not be used.");

/// Every table, in the order the stages write them.
pub const ALL_TABLES: &[TableInfo] = &[
    DOCUMENTS.info(),
    REJECTS.info(),
    SENTENCES.info(),
    TOKENS.info(),
    RAW_QUOTES.info(),
    MENTIONS.info(),
    CLAIMS.info(),
    QUOTES.info(),
    PEOPLE.info(),
    WORD_STATS.info(),
    TERM_STATS.info(),
    QUOTE_GROUPS.info(),
    CLAIM_GROUPS.info(),
];

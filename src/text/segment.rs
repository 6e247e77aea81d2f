//! Sentence and word segmentation of news text: the boundaries every later
//! stage stands on (a quote split in the wrong place loses its speaker, a number
//! split from its unit loses its meaning).
//!
//! Sentences, step by step:
//! 1. A line break ends a paragraph (news carries one paragraph per line), and
//!    `paragraph_idx` counts the non-empty ones, so a line without final
//!    punctuation (a heading) is a sentence of its own. The exception is a line
//!    wrapped mid-sentence, as in hard-wrapped text or PDF extracts: a line that
//!    stops mid-phrase (no final mark; or a comma, "and", "the" at its end), then
//!    lines that continue it (a lower-case word; after a comma or "and", any
//!    word; blank lines between are passed over, as web extracts leave them
//!    around removed names) and reach a final mark within a few lines. Headings
//!    before a capitalised paragraph and lists of short lines keep their breaks.
//! 2. A paragraph that opens with a list marker ("1.", "a)", "• 9.", "⁃10.") is cut
//!    before each later marker of the same style and the next number or letter.
//! 3. Each terminal mark (`.` `?` `!` `…` and friends) is read as a cluster: the
//!    marks themselves ("?!", "....", ". . . .") and the closing quotes and
//!    brackets after them (`.”` `?’` `.)`). A cluster that is not followed by
//!    white space does not end a sentence (2.5, U.S.A, Jr.'s, example.com,
//!    Yahoo!Inc), except a period between a lower-case word and a capitalised
//!    one outside a link, where scraped text lost the space ("dangerous.The").
//! 4. The word before a period decides how it is read: a title (Mr., Gen., Mt.)
//!    never ends a sentence; an initialism (U.S., E.U.) ends one only before a
//!    sentence opener ("He", "The", "But"…); a.m./p.m. before a capital that is not
//!    a weekday, month or time zone; a company or name suffix (Inc., Co., Jr.)
//!    before an opener; a reference (No., p., Jan.) not before a number; a single
//!    initial (E., I.) only after a lower-case word or before an opener; a list
//!    number at the start of a sentence never; any other word before anything but
//!    a lower-case word. `?` and `!` end a sentence unless a lower-case word
//!    follows ("Yahoo! in", "great!' she said"); an ellipsis ends one before a
//!    capital, but not between a stammer's two "I"s ("I... I don't"); a spaced
//!    three-dot ellipsis never does. No sentence ends inside a bracket that
//!    closes later with no other mark ("(5th Cir. 2019)"), inside a short quoted
//!    title in capitals ('"Yahoo! The Inside Story"'), or before a bracket with
//!    no sentence in it that the line's end or punctuation follows ('"Who
//!    Framed Roger Rabbit?" (Disney+)'); an ellipsis or emoji with nothing but
//!    closing marks or white space after it stays with the sentence before.
//! 5. A closing quote after the final mark followed by a speaker and a speech verb
//!    that closes the attribution (`“Why?” Trump asked.`) keeps it in the sentence;
//!    `Mr Blair said: “…”` or `He said …` after a closed quote starts a new one.
//! 6. A stretch with no letter or digit (a lone "..." between sentences) joins
//!    the next sentence. Sentences are trimmed of white space; empty ones dropped.
//!
//! A sentence boundary inside a multi-sentence quotation splits the quote's
//! sentences, as readers count them.
//!
//! Tokens, step by step:
//! 1. The sentence is cut into runs of non-white space; a run that is a URL or an
//!    e-mail address (trailing punctuation aside) is one token.
//! 2. Other runs are cut into UAX #29 word-boundary pieces: a hand-written scanner
//!    reproduces the Unicode rules for ASCII and the common curly quotes and dashes
//!    (property-tested against `unicode-segmentation`), which is several times
//!    faster; a run with any other non-ASCII character goes to
//!    `split_word_bound_indices` itself.
//! 3. Pieces are merged the way news reads them: currency with its amount
//!    ($1.2bn, US$5), fractions (1/2, 2 1/2, 2½), percentages, degrees (10°C),
//!    decades ('90s) and elided years ('08), clock and race times (10:30,
//!    1:50.87), rock 'n' roll's 'n', words clipped in front ('em, 'tis, 'cause),
//!    two single quotes typed for a double (''),
//!    the period of an abbreviation (U.S., Mr.), ellipses and "?!" runs,
//!    possessives (Jr.'s, G20's, analysts'), initials joined by "&" (AT&T,
//!    R&B), hyphenated compounds (feel-out, B-2s, 10-year-old), hashtags,
//!    codes with a version (JN.1, XBB.1.5), heights (5'11").
//! 4. Each token gets a kind: number (starts with a digit or currency), word (has
//!    letters; a rule of underscores is punct), punct (punctuation marks),
//!    symbol (the rest).

use super::lanes::{LANE_HIGH, LANE_LOW7, LANE_ONES, ascii_lanes_between, u64_at};
use super::{SentenceSpan, TokenKind, TokenSpan};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

// ---------------------------------------------------------------------------
// Closed sets. Every list is sorted (a test checks it) so lookups are binary
// searches over static data.
// ---------------------------------------------------------------------------

/// How an abbreviation's period reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Abbrev {
    /// A title or prepositive abbreviation (Mr., Gen., Mt., St.): never ends a
    /// sentence. Only when capitalised, so "St. Michael's" differs from "5th st.".
    Title,
    /// Always leads on to more of the sentence (vs., approx.).
    NeverFinal,
    /// Refers to a number or date (No., p., Jan.): no boundary before a digit.
    Numbered,
    /// Suffix of a name or company (Inc., Co., Jr.): ends a sentence only before a
    /// sentence opener ("Pitt, Briggs & Co. It closed", not "Apple Inc. Chief").
    NameSuffix,
    /// AP-style U.S. state (Calif., Wash.), capitalised only: closes a place
    /// ("Concord, Calif.") or a party tag ("R-Ariz."), where a comma follows
    /// it when the sentence goes on, or stands before a title ("Ariz. Gov.").
    State,
    /// Any other abbreviation (etc., dept.): the token keeps its period, and as a
    /// sentence end it reads like an ordinary word.
    Plain,
}

use Abbrev::{NameSuffix, NeverFinal, Numbered, Plain, State, Title};

/// Abbreviations whose period is not (necessarily) a full stop, lower case keys
/// sorted by bytes for binary search.
const ABBREVIATIONS: &[(&str, Abbrev)] = &[
    ("adm", Title),
    ("al", Plain),
    ("ala", State),
    ("ald", Title),
    ("alta", State),
    ("amb", Title),
    ("approx", NeverFinal),
    ("apr", Numbered),
    ("ariz", State),
    ("ark", State),
    ("art", Numbered),
    ("assn", NameSuffix),
    ("assoc", Title),
    ("asst", Title),
    ("atty", Title),
    ("aug", Numbered),
    ("ave", Plain),
    ("blvd", Plain),
    ("brig", Title),
    ("bros", NameSuffix),
    ("ca", NeverFinal),
    ("calif", State),
    ("capt", Title),
    ("cdr", Title),
    ("cf", NeverFinal),
    ("ch", Numbered),
    ("cir", Plain),
    ("civ", Plain),
    ("cmdr", Title),
    ("co", NameSuffix),
    ("col", Title),
    ("colo", State),
    ("cong", Title),
    ("conn", State),
    ("corp", NameSuffix),
    ("cos", NameSuffix),
    ("cpl", Title),
    ("crim", Plain),
    ("dec", Numbered),
    ("def", NeverFinal),
    ("del", State),
    ("dept", Plain),
    ("det", Title),
    ("dist", Plain),
    ("dr", Title),
    ("drs", Title),
    ("esp", NeverFinal),
    ("est", Plain),
    ("etc", Plain),
    ("ext", Numbered),
    ("feb", Numbered),
    ("fig", Numbered),
    ("figs", Numbered),
    ("fla", State),
    ("fr", Title),
    ("ft", Title),
    ("ga", State),
    ("gen", Title),
    ("gens", Title),
    ("gov", Title),
    ("govs", Title),
    ("govt", Plain),
    ("hon", Title),
    ("hrs", Plain),
    ("hwy", Plain),
    ("ill", State),
    ("inc", NameSuffix),
    ("incl", NeverFinal),
    ("ind", State),
    ("insp", Title),
    ("intl", Plain),
    ("jan", Numbered),
    ("jr", NameSuffix),
    ("jul", Numbered),
    ("jun", Numbered),
    ("kan", State),
    ("kans", State),
    ("kum", Title),
    ("ky", State),
    ("la", State),
    ("lb", Plain),
    ("lbs", Plain),
    ("llc", NameSuffix),
    ("llp", NameSuffix),
    ("lt", Title),
    ("ltd", NameSuffix),
    ("maj", Title),
    ("mar", Numbered),
    ("mass", State),
    ("md", State),
    ("messrs", Title),
    ("mich", State),
    ("minn", State),
    ("mins", Plain),
    ("misc", Plain),
    ("miss", State),
    ("mlle", Title),
    ("mme", Title),
    ("mo", State),
    ("mont", State),
    ("mr", Title),
    ("mrs", Title),
    ("ms", Title),
    ("msgr", Title),
    ("mt", Title),
    ("natl", Plain),
    ("neb", State),
    ("nev", State),
    ("no", Numbered),
    ("nos", Numbered),
    ("nov", Numbered),
    ("nr", Numbered),
    ("n°", Numbered),
    ("nº", Numbered),
    ("oct", Numbered),
    ("okla", State),
    ("ont", State),
    ("op", Numbered),
    ("ore", State),
    ("oz", Plain),
    ("p", Numbered),
    ("pa", State),
    ("para", Numbered),
    ("penn", State),
    ("pfc", Title),
    ("plc", NameSuffix),
    ("pp", Numbered),
    ("pres", Title),
    ("prof", Title),
    ("pvt", Title),
    ("que", State),
    ("rd", Plain),
    ("rep", Title),
    ("reps", Title),
    ("rev", Title),
    ("sask", State),
    ("sec", Numbered),
    ("sen", Title),
    ("sens", Title),
    ("sep", Numbered),
    ("sept", Numbered),
    ("servs", Plain),
    ("sgt", Title),
    ("sgts", Title),
    ("smt", Title),
    ("spc", Title),
    ("sq", Plain),
    ("sr", NameSuffix),
    ("st", Title),
    ("supp", Plain),
    ("supt", Title),
    ("tel", Numbered),
    ("tenn", State),
    ("tex", State),
    ("univ", NameSuffix),
    ("va", State),
    ("viz", NeverFinal),
    ("vol", Numbered),
    ("vols", Numbered),
    ("vs", NeverFinal),
    ("vt", State),
    ("wash", State),
    ("wis", State),
    ("wyo", State),
    ("yrs", Plain),
];

/// `ABBREVIATIONS`' keys packed into integers that sort as the strings do, so
/// the lookup compares integers rather than strings.
static ABBREVIATION_KEYS: [u64; ABBREVIATIONS.len()] = abbreviation_keys();

/// Builds `ABBREVIATION_KEYS`.
const fn abbreviation_keys() -> [u64; ABBREVIATIONS.len()] {
    let mut keys = [0u64; ABBREVIATIONS.len()];
    let mut k = 0;
    while k < ABBREVIATIONS.len() {
        keys[k] = packed_key(ABBREVIATIONS[k].0.as_bytes(), false);
        k += 1;
    }
    keys
}

/// Up to 8 bytes, big-endian and zero-padded (so integer order is byte order),
/// ASCII letters lower-cased if asked; longer input packs to `u64::MAX`, which no
/// key equals.
const fn packed_key(bytes: &[u8], lower: bool) -> u64 {
    if bytes.len() > 8 {
        return u64::MAX;
    }
    let mut key = 0u64;
    let mut k = 0;
    while k < 8 {
        let b = if k < bytes.len() {
            if lower {
                bytes[k].to_ascii_lowercase()
            } else {
                bytes[k]
            }
        } else {
            0
        };
        key = (key << 8) | b as u64;
        k += 1;
    }
    key
}

/// Courtesy titles: after an initialism they begin a new sentence ("in the U.S.
/// Mr. Trump said"), where a rank would not ("U.S. Rep. John Lewis").
const COURTESY_TITLES: &[&str] = &["Messrs", "Mme", "Mr", "Mrs", "Ms"];

/// Initialisms that never end a sentence (lower case keys).
const NEVER_FINAL_INITIALISMS: &[&str] = &["a.k.a", "e.g", "i.e"];

/// Capitalised words that commonly open a sentence: after an initialism ("U.S.")
/// or a name suffix ("Co.") they signal a boundary, where a name would not.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Ahead",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "Anyone",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Everybody",
    "Everyone",
    "Everything",
    "Few",
    "For",
    "From",
    "Given",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Moreover",
    "Most",
    "Much",
    "My",
    "Neither",
    "Nevertheless",
    "Next",
    "No",
    "Nobody",
    "None",
    "Nor",
    "Not",
    "Nothing",
    "Now",
    "Of",
    "Often",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Otherwise",
    "Our",
    "Over",
    "Perhaps",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Somebody",
    "Someone",
    "Something",
    "Sometimes",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Units of measure whose abbreviation goes on to a second, smaller unit:
/// "5 ft. 10 in.", "5 lbs. 3 oz.", "2 hrs. 15 mins.".
const MEASURE_UNITS: &[&str] = &["ft", "hrs", "lb", "lbs", "mins", "oz", "yrs"];

/// Capitalised words that continue a time after "a.m."/"p.m." ("10 a.m. Friday").
const TIME_CONTINUATIONS: &[&str] = &[
    "AEST",
    "April",
    "August",
    "BST",
    "CDT",
    "CET",
    "CST",
    "CT",
    "Central",
    "December",
    "EDT",
    "EST",
    "ET",
    "Eastern",
    "February",
    "Friday",
    "GMT",
    "January",
    "July",
    "June",
    "MDT",
    "MST",
    "MT",
    "March",
    "May",
    "Monday",
    "Mountain",
    "November",
    "October",
    "PDT",
    "PST",
    "PT",
    "Pacific",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "UTC",
    "Wednesday",
];

/// Months as AP abbreviates them before a date, read after a time.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "Apr", "Aug", "Dec", "Feb", "Jan", "Jul", "Jun", "Mar", "Nov", "Oct", "Sep", "Sept",
];

/// Prepositions that open a fronted time phrase ("At 5 a.m. Mr. Smith went").
const FRONTING_PREPOSITIONS: &[&str] = &[
    "after", "around", "at", "before", "by", "from", "since", "till", "until",
];

/// Prepositions that open a phrase of place, time or manner after a speech
/// verb that attributes a question or exclamation ("asked in the New Year",
/// "said at a news conference", "said with a smile").
const ATTRIBUTION_PREPOSITIONS: &[&str] = &[
    "after", "as", "at", "before", "during", "in", "on", "outside", "through", "to", "via",
    "while", "with",
];

/// Speech verbs of telling someone, whose object may come before such a
/// phrase ("told Jorge Ramos in an interview", "asked her followers on Facebook").
const ADDRESSING_VERBS: &[&str] = &["asked", "asks", "pressed", "tells", "told", "urged"];

/// Verbs that attribute a quote with "back" after them ("fired back").
const REPLY_VERBS: &[&str] = &["fired", "hit", "shot"];

/// Speech verbs that attribute a quote ending in `?` or `!` (lower case keys).
const SPEECH_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "admitted",
    "announced",
    "answered",
    "argued",
    "asked",
    "asks",
    "asserted",
    "barked",
    "boasted",
    "chimed",
    "claimed",
    "commented",
    "complained",
    "conceded",
    "concluded",
    "confirmed",
    "continued",
    "countered",
    "cried",
    "declared",
    "demanded",
    "denied",
    "exclaimed",
    "explained",
    "explains",
    "insisted",
    "insists",
    "interjected",
    "joked",
    "laughed",
    "mused",
    "noted",
    "notes",
    "observed",
    "posted",
    "pressed",
    "proclaimed",
    "protested",
    "quipped",
    "recalled",
    "remarked",
    "replied",
    "reported",
    "responded",
    "retorted",
    "said",
    "says",
    "scoffed",
    "screamed",
    "shouted",
    "snapped",
    "stated",
    "stressed",
    "suggested",
    "tells",
    "thought",
    "told",
    "tweeted",
    "urged",
    "warned",
    "wondered",
    "writes",
    "wrote",
    "yelled",
];

/// Marks that may close a sentence after its final punctuation.
const CLOSERS: &[char] = &[
    '"', '\'', ')', ']', '}', '»', '›', '’', '”', '」', '』', '）',
];

/// Marks that may open a sentence before its first word.
const OPENERS: &[char] = &[
    '"', '\'', '(', '[', '{', '¡', '«', '¿', '‘', '‹', '“', '「', '『', '（',
];

/// List bullets that may precede a list number.
const BULLETS: &[char] = &['*', '-', '·', '•', '‣', '⁃', '▪', '◦'];

/// Currency signs that join the amount after them.
const CURRENCY_SIGNS: &[char] = &[
    '$', '¢', '£', '¥', '₦', '₩', '₪', '₫', '€', '₱', '₴', '₹', '₺', '₽',
];

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

/// Splits a document into sentences (byte offsets, trimmed, end exclusive) with paragraph indices.
pub fn split_sentences(text: &str) -> Vec<SentenceSpan> {
    let mut sentences = Vec::with_capacity(text.len() / 128 + 1);
    let mut paragraph_idx = 0u32;
    let bytes = text.as_bytes();
    let mut paragraph_start = 0;
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match find_scan_byte(bytes, i, bytes.len(), LINE_LEAD) {
            Some(k) => i = k,
            None => break,
        }
        let Some(break_len) = line_break_at(bytes, i) else {
            i += 1;
            continue;
        };
        let next_line = i + break_len;
        match wrapped_line_start(text, line_start, i, next_line) {
            // The paragraph goes on, over any blank lines, at the continuing line.
            Some(continuation) => i = continuation,
            None => {
                let before = sentences.len();
                split_paragraph(text, paragraph_start, i, paragraph_idx, &mut sentences);
                if sentences.len() > before {
                    paragraph_idx += 1;
                }
                paragraph_start = next_line;
                i = next_line;
            }
        }
        line_start = i;
    }
    split_paragraph(
        text,
        paragraph_start,
        text.len(),
        paragraph_idx,
        &mut sentences,
    );
    sentences
}

/// The length of the line break starting at byte `i`, if one does: LF, CR,
/// CR LF, vertical tab, form feed, NEL, or the Unicode line and paragraph
/// separators.
fn line_break_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(2),
        b'\n' | b'\r' | 0x0B | 0x0C => Some(1),
        0xC2 if bytes.get(i + 1) == Some(&0x85) => Some(2),
        0xE2 if bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
        {
            Some(3)
        }
        _ => None,
    }
}

/// The line starting at byte `start` (without its break) and where the next
/// line starts, or None at the end of the text.
fn line_from(text: &str, start: usize) -> Option<(&str, usize)> {
    if start >= text.len() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(k) = find_scan_byte(bytes, i, bytes.len(), LINE_LEAD) {
        if let Some(break_len) = line_break_at(bytes, k) {
            return Some((&text[start..k], k + break_len));
        }
        i = k + 1;
    }
    Some((&text[start..], text.len()))
}

/// How a line may run on into the next one, as hard-wrapped text does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RunOn {
    /// The line ends its sentence or holds nothing: the break is a paragraph's end.
    Never,
    /// The line stops mid-phrase (no final mark): it runs on only into a lower-case word.
    IntoLowerCase,
    /// The line stops after a comma or a word that cannot end a sentence ("and",
    /// "the", "of"): it runs on into any word.
    IntoAnyWord,
}

/// Words that leave a phrase open: a line that ends in one was wrapped.
/// Articles, conjunctions and the like only: prepositions also end phrasal
/// verbs, and so headlines ("Putin buoyed as time drags on").
const RUN_ON_WORDS: &[&str] = &[
    "a", "an", "and", "but", "into", "its", "nor", "of", "or", "our", "than", "the", "their",
    "whose",
];

/// How `line` may run on into the next line, read from its end.
fn run_on(line: &str) -> RunOn {
    let line = line.trim_end();
    // Most lines end with a plain mark: decided on the last byte.
    match line.as_bytes().last() {
        None | Some(b'.' | b'?' | b'!' | b':' | b';') => return RunOn::Never,
        Some(b',') => return RunOn::IntoAnyWord,
        Some(_) => {}
    }
    let before_closers = line.trim_end_matches(CLOSERS);
    if before_closers.ends_with(['.', '?', '!', ':', ';', '…', '‼', '⁇', '⁈', '⁉']) {
        return RunOn::Never;
    }
    let last_word = line.rsplit(char::is_whitespace).next().unwrap_or(line);
    if RUN_ON_WORDS.contains(&last_word) {
        RunOn::IntoAnyWord
    } else {
        RunOn::IntoLowerCase
    }
}

/// Whether `line` can continue a line that runs on as `run_on` says: it
/// starts with a word of the right case, not with a list marker or bullet.
fn continues(line: &str, run_on: RunOn) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let word = match run_on {
        RunOn::Never => false,
        RunOn::IntoAnyWord => first.is_alphanumeric() || OPENERS.contains(&first),
        // "iPhone" and "eBay" start with a lower-case letter but not a sentence's middle.
        RunOn::IntoLowerCase => {
            first.is_lowercase() && !chars.next().is_some_and(char::is_uppercase)
        }
    };
    word && !BULLETS.contains(&first) && parse_list_marker(line).is_none()
}

/// Lines read ahead for the final mark that shows a wrapped line is prose.
const WRAP_LOOKAHEAD: usize = 8;

/// Where the sentence goes on, if the line break after `line_start..break_at`
/// only wraps it (the Golden Rules' "This is a sentence\ncut off in the middle
/// because pdf."): the start of the line that continues it. The line must stop
/// mid-phrase, the next non-blank line must continue it, and the lines from
/// there must reach a final mark within a few lines. Blank lines in between
/// are passed over: text extracted from web pages breaks sentences around
/// removed links and names ("Promising 60m hurdler\n\nclocked a new UK
/// record"). Headings ("Putin buoyed as time drags on" before a capitalised
/// paragraph) and lists of short lines ("features\ncontact manager") have no
/// such continuation and keep their breaks.
pub(crate) fn wrapped_line_start(
    text: &str,
    line_start: usize,
    break_at: usize,
    next_line: usize,
) -> Option<usize> {
    // Blank lines and lines that end with a period, the most common, are
    // settled before any slicing.
    if break_at == line_start || text.as_bytes()[break_at - 1] == b'.' {
        return None;
    }
    let mut how = run_on(&text[line_start..break_at]);
    let mut from = next_line;
    let mut continuation = None;
    for _ in 0..WRAP_LOOKAHEAD {
        // Most lines end their sentence: the next line is not read at all.
        if how == RunOn::Never {
            return None;
        }
        let mut over_blank_lines = false;
        loop {
            let rest = text.get(from..)?;
            let at = from + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            match (at < text.len()).then(|| line_break_at(text.as_bytes(), at)) {
                None => return None,
                Some(Some(break_len)) => {
                    over_blank_lines = true;
                    from = at + break_len;
                }
                Some(None) => break,
            }
        }
        continuation.get_or_insert(from);
        // Across a blank line only a lower-case word goes on: a capital there
        // more likely starts a paragraph after one cut short ("in 2003,\n\nThe").
        if over_blank_lines && how == RunOn::IntoAnyWord {
            how = RunOn::IntoLowerCase;
        }
        // The line's first word decides before the line is read to its end.
        if !continues(&text[from..], how) {
            return None;
        }
        let (line, after) = line_from(text, from)?;
        if line.contains(['.', '?', '!', '…']) {
            return continuation;
        }
        how = run_on(line);
        from = after;
    }
    None
}

/// `SCAN_BYTES` flag: the byte may start a line break.
const LINE_LEAD: u8 = 1;
/// `SCAN_BYTES` flag: the byte may start a terminal mark.
const TERMINAL_LEAD: u8 = 2;

/// Which bytes the sentence scanner must stop at; all others are skipped.
static SCAN_BYTES: [u8; 256] = scan_bytes();

/// Builds `SCAN_BYTES`.
const fn scan_bytes() -> [u8; 256] {
    let mut table = [0u8; 256];
    table[b'\n' as usize] = LINE_LEAD;
    table[b'\r' as usize] = LINE_LEAD;
    table[0x0B] = LINE_LEAD;
    table[0x0C] = LINE_LEAD;
    table[0xC2] = LINE_LEAD;
    table[0xE2] = LINE_LEAD | TERMINAL_LEAD;
    table[b'.' as usize] = TERMINAL_LEAD;
    table[b'?' as usize] = TERMINAL_LEAD;
    table[b'!' as usize] = TERMINAL_LEAD;
    table[0xE3] = TERMINAL_LEAD;
    table[0xEF] = TERMINAL_LEAD;
    table
}

/// The first byte in `from..end` with `flag` in `SCAN_BYTES`. Skips 32-byte
/// blocks that cannot hold one with comparisons the compiler vectorises: most of
/// a document is plain ASCII between the stops. Inlined so that each caller's
/// constant flag picks its block test at compile time.
#[inline(always)]
fn find_scan_byte(bytes: &[u8], from: usize, end: usize, flag: u8) -> Option<usize> {
    const BLOCK: usize = 32;
    let lines = flag == LINE_LEAD;
    let mut i = from;
    while i < end {
        let block_end = (i + BLOCK).min(end);
        let block = &bytes[i..block_end];
        if block.len() == BLOCK {
            let may_stop = if lines {
                block
                    .iter()
                    .fold(false, |any, &b| any | !(0x20..0x80).contains(&b))
            } else {
                block.iter().fold(false, |any, &b| {
                    any | (b >= 0x80) | (b == b'.') | (b == b'?') | (b == b'!')
                })
            };
            if !may_stop {
                i = block_end;
                continue;
            }
        }
        if let Some(k) = block
            .iter()
            .position(|&b| SCAN_BYTES[usize::from(b)] & flag != 0)
        {
            return Some(i + k);
        }
        i = block_end;
    }
    None
}

/// A terminal mark: how it reads and how many bytes it takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Terminal {
    Period,
    QuestionOrExclamation,
    Ellipsis,
    /// CJK and full-width stops end a sentence with no space after them.
    Wide,
}

/// The terminal mark starting at byte `i`, if any.
fn terminal_at(bytes: &[u8], i: usize) -> Option<(Terminal, usize)> {
    match bytes[i] {
        b'.' => Some((Terminal::Period, 1)),
        b'?' | b'!' => Some((Terminal::QuestionOrExclamation, 1)),
        0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(0xA6)) => Some((Terminal::Ellipsis, 3)),
            (Some(0x80), Some(0xBC)) | (Some(0x81), Some(0x87..=0x89)) => {
                Some((Terminal::QuestionOrExclamation, 3))
            }
            _ => None,
        },
        0xE3 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x82) => {
            Some((Terminal::Wide, 3))
        }
        0xEF => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0xBC), Some(0x81 | 0x9F | 0x8E)) | (Some(0xBD), Some(0xA1)) => {
                Some((Terminal::Wide, 3))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Pushes the trimmed span `start..end` as a sentence if it holds anything.
fn push_sentence(
    text: &str,
    start: usize,
    end: usize,
    paragraph_idx: u32,
    out: &mut Vec<SentenceSpan>,
) {
    if start >= end {
        return;
    }
    let Some(span) = text.get(start..end) else {
        return;
    };
    let trimmed_start = span.trim_start();
    let lead = span.len() - trimmed_start.len();
    let trimmed = trimmed_start.trim_end();
    if trimmed.is_empty() {
        return;
    }
    out.push(SentenceSpan {
        start: start + lead,
        end: start + lead + trimmed.len(),
        paragraph_idx,
    });
}

/// Splits one paragraph (`start..end`; a line break inside only wraps a sentence) into sentences.
fn split_paragraph(
    text: &str,
    start: usize,
    end: usize,
    paragraph_idx: u32,
    out: &mut Vec<SentenceSpan>,
) {
    let bytes = text.as_bytes();
    let list_starts = list_item_starts(text, start, end);
    let mut forced = list_starts.iter().copied().peekable();
    let mut sentence_start = start;
    let mut i = start;
    while i < end {
        match find_scan_byte(bytes, i, end, TERMINAL_LEAD) {
            Some(k) => i = k,
            None => break,
        }
        let Some((terminal, len)) = terminal_at(bytes, i) else {
            i += 1;
            continue;
        };
        while let Some(&f) = forced.peek() {
            if f > i {
                break;
            }
            push_sentence(text, sentence_start, f, paragraph_idx, out);
            sentence_start = f;
            forced.next();
        }
        let (boundary, resume) = read_terminal(text, start, end, sentence_start, i, terminal);
        // A stretch with no letter or digit (a lone "..." between sentences) joins
        // the sentence after it rather than standing alone.
        let boundary = boundary.filter(|&at| {
            text.get(sentence_start..at)
                .is_some_and(|s| s.chars().any(char::is_alphanumeric))
        });
        if let Some(at) = boundary {
            push_sentence(text, sentence_start, at, paragraph_idx, out);
            sentence_start = at;
        }
        i = resume.max(i + len);
    }
    for f in forced {
        push_sentence(text, sentence_start, f, paragraph_idx, out);
        sentence_start = f;
    }
    push_sentence(text, sentence_start, end, paragraph_idx, out);
}

/// What follows a terminal cluster: the first character after white space and
/// opening marks, and the word it begins.
struct Following<'a> {
    /// The first character after the white space, openers skipped.
    first: Option<char>,
    /// The letters of the word that begins there.
    word: &'a str,
    /// Byte offset where `word` starts.
    word_start: usize,
    /// Whether an opening quote or bracket came first.
    opener: bool,
    /// Whether that opener was a parenthesis: after "Jr." or "N.Y." it opens
    /// an aside ("(D-Ill.)"), not a sentence.
    paren: bool,
    /// Whether a dash comes first ("(D-N.Y.) ― for giving"): a sentence
    /// goes on after a dash.
    dash: bool,
    /// Whether the word is directly followed by a period ("Mr.").
    word_has_period: bool,
}

impl Following<'_> {
    /// Starts with an upper-case letter, or a lower-case one followed by a capital
    /// (iPhone, eBay), as sentences do.
    fn capital(&self) -> bool {
        match self.first {
            Some(c) if c.is_uppercase() => true,
            Some(c) if c.is_lowercase() => {
                let mut rest = self.word.chars().skip(1);
                rest.next().is_some_and(char::is_uppercase)
            }
            _ => false,
        }
    }

    /// Starts with a lower-case letter (and is not an iPhone-style name).
    fn lower(&self) -> bool {
        self.first.is_some_and(char::is_lowercase) && !self.capital()
    }

    /// Is a label of capitals and digits ("S2", "A3"), as a figure or page
    /// is numbered after "Fig." or "p.".
    fn labels_with_digits(&self, text: &str) -> bool {
        let rest = text.get(self.word_start..).unwrap_or("").as_bytes();
        let capitals = rest.iter().take_while(|b| b.is_ascii_uppercase()).count();
        (1..=2).contains(&capitals) && rest.get(capitals).is_some_and(u8::is_ascii_digit)
    }

    /// Starts with a digit.
    fn digit(&self) -> bool {
        self.first.is_some_and(|c| c.is_ascii_digit())
    }

    /// A word that usually opens a sentence, or a courtesy title ("Mr.") that
    /// cannot continue an initialism's noun phrase ("U.S. Rep." can).
    fn opens_sentence(&self) -> bool {
        in_set(SENTENCE_OPENERS, self.word)
            || (self.word_has_period && in_set(COURTESY_TITLES, self.word))
            || (self.opener && !self.paren && self.capital())
    }

    /// A capitalised "-ing" word before a lower-case one ("Jr. Reaching
    /// that"): a participle opening a sentence, where a name or a company
    /// would go on in capitals ("Jr. Day", "Inc. Trading Co.").
    fn opens_with_participle(&self, text: &str) -> bool {
        self.word.len() > 4
            && self.word.ends_with("ing")
            && self.first.is_some_and(char::is_uppercase)
            && text
                .get(self.word_start + self.word.len()..)
                .and_then(|rest| rest.strip_prefix(' '))
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_lowercase)
    }

    /// Whether the word after this one is capitalised too ("W. Douglas
    /// Parker"): a name going on, not a sentence starting.
    fn followed_by_capital(&self, text: &str) -> bool {
        text.get(self.word_start + self.word.len()..)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// Reads what follows `pos` (which must be white space or the end of the line).
fn following(text: &str, pos: usize, end: usize) -> Following<'_> {
    let rest = text.get(pos..end).unwrap_or("");
    let trimmed = rest.trim_start();
    let mut offset = pos + (rest.len() - trimmed.len());
    let mut opener = false;
    let mut paren = false;
    let mut chars = trimmed.chars();
    let mut first = None;
    for c in chars.by_ref() {
        if OPENERS.contains(&c) {
            opener = true;
            paren |= c == '(';
            offset += c.len_utf8();
            continue;
        }
        first = Some(c);
        break;
    }
    let dash = matches!(first, Some('—' | '–' | '―')) || trimmed.starts_with("--");
    let word_start = offset;
    let tail = text.get(word_start..end).unwrap_or("");
    let word_len = tail
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(tail.len(), |(k, _)| k);
    let word = &tail[..word_len];
    let word_has_period = tail[word_len..].starts_with('.');
    Following {
        first,
        word,
        word_start,
        opener,
        paren,
        dash,
        word_has_period,
    }
}

/// Reads the terminal cluster starting at `i` and decides whether a sentence ends
/// after it. Returns the boundary (byte offset) if any, and where to resume scanning.
fn read_terminal(
    text: &str,
    line_start: usize,
    line_end: usize,
    sentence_start: usize,
    i: usize,
    terminal: Terminal,
) -> (Option<usize>, usize) {
    let bytes = text.as_bytes();
    let attached = i > line_start && !is_space_before(text, i);

    // Spaced ellipses (". . ." and ". . . ."), with or without a period attached to
    // the word before.
    if terminal == Terminal::Period
        && bytes.get(i + 1) == Some(&b' ')
        && bytes.get(i + 2) == Some(&b'.')
    {
        let mut dots = 1;
        let mut j = i + 1;
        while bytes.get(j) == Some(&b' ') && bytes.get(j + 1) == Some(&b'.') {
            dots += 1;
            j += 2;
        }
        if dots >= 3 {
            let run_end = j;
            let cluster_end = skip_closers(text, run_end, line_end);
            let at_space = cluster_end >= line_end || is_space_at(text, cluster_end);
            if !at_space {
                return (None, cluster_end);
            }
            let next = following(text, cluster_end, line_end);
            if attached && dots >= 4 && cluster_end == run_end {
                // "compounds. . . . The": the word's own period ends the sentence and
                // the ellipsis opens the next one.
                if next.capital() && word_period_ends(text, line_start, sentence_start, i, &next) {
                    return (Some(i + 1), run_end);
                }
                return (None, run_end);
            }
            if !attached && dots == 3 {
                return (None, run_end);
            }
            let ends = ellipsis_ends(text, line_start, i, &next, line_end);
            return (ends.then_some(cluster_end), cluster_end);
        }
    }

    // The cluster: terminal marks, then closing marks (possibly mixed).
    let mut j = i;
    let mut periods = 0usize;
    let mut question = false;
    let mut ellipsis = false;
    let mut wide = false;
    while j < line_end {
        if let Some((t, l)) = terminal_at(bytes, j) {
            match t {
                Terminal::Period => periods += 1,
                Terminal::QuestionOrExclamation => question = true,
                Terminal::Ellipsis => ellipsis = true,
                Terminal::Wide => wide = true,
            }
            j += l;
        } else {
            break;
        }
    }
    let marks_end = j;
    let cluster_end = skip_closers(text, marks_end, line_end);
    let cluster_end = skip_spaced_straight_closer(text, line_start, line_end, i, cluster_end);
    let closing_quote = text.get(marks_end..cluster_end).is_some_and(|s| {
        s.chars()
            .any(|c| matches!(c, '"' | '\'' | '’' | '”' | '»' | '›'))
    });
    if cluster_end >= line_end {
        return (None, cluster_end);
    }
    if wide {
        return (Some(cluster_end), cluster_end);
    }
    if !is_space_at(text, cluster_end) {
        // A period, or a period and the quote it closes, before a capital.
        let run_together = terminal == Terminal::Period
            && periods == 1
            && (cluster_end == marks_end || closing_quote)
            && sentences_run_together(text, line_start, line_end, i, cluster_end);
        return (run_together.then_some(cluster_end), cluster_end);
    }
    // Editorial marks: "[...]", "(?)", "(!)".
    if i > line_start && matches!(bytes[i - 1], b'[' | b'(') {
        return (None, cluster_end);
    }
    let next = following(text, cluster_end, line_end);
    if next.first.is_none() {
        return (None, cluster_end);
    }
    let ends = if next.dash {
        false
    } else if question {
        !next.lower()
    } else if ellipsis || periods == 3 {
        ellipsis_ends(text, line_start, i, &next, line_end)
    } else if periods >= 4 || !attached {
        !next.lower()
    } else {
        word_period_ends(text, line_start, sentence_start, i, &next)
    };
    if ends && closing_quote && attributes_quote(text, &next, line_end, question) {
        return (None, cluster_end);
    }
    // Read only where the next character is an ellipsis's or an emoji's.
    let trailing = match next.first {
        Some('.' | '…') => trailing_ellipsis(text, cluster_end, line_end),
        Some(c) if is_emoji_part(c) => trailing_emoji(text, cluster_end, line_end),
        _ => None,
    };
    if ends && let Some(after) = trailing {
        return (Some(after), after);
    }
    if ends
        && (inside_open_bracket(text, sentence_start, i, cluster_end, line_end)
            || next.paren && bracket_reads_on(text, next.word_start, line_end)
            || question && next.word_has_period && abbreviation(next.word) == Some(NameSuffix)
            || question && !closing_quote && inside_quoted_title(text, sentence_start, i, line_end))
    {
        return (None, cluster_end);
    }
    (ends.then_some(cluster_end), cluster_end)
}

/// The end of a run of emoji after a sentence's end, before white space or
/// the line's end ("We love our fans!! 😊 Check out", "this team. 👏🏽👏🏽"):
/// a post's emoji close the sentence they follow rather than open the next.
fn trailing_emoji(text: &str, cluster_end: usize, line_end: usize) -> Option<usize> {
    let rest = text.get(cluster_end..line_end)?;
    let mut end = None;
    for (offset, c) in rest.char_indices() {
        if is_emoji_part(c) {
            end = Some(cluster_end + offset + c.len_utf8());
        } else if c == ' ' {
            continue;
        } else {
            break;
        }
    }
    let end = end?;
    (end >= line_end || is_space_at(text, end)).then_some(end)
}

/// Whether `c` is part of an emoji: a pictograph, a dingbat or symbol
/// often drawn as one, a skin tone, the joiner and the emoji variation
/// selector.
fn is_emoji_part(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B50}'..='\u{2B55}'
        | '\u{200D}'
        | '\u{FE0F}')
}

/// Small words a title leaves in lower case.
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "nor", "of", "on", "or", "the",
    "to", "vs", "with",
];

/// Whether the "?" or "!" at `mark` stands inside a short quoted title in
/// capitals that ends without a mark of its own ('"Yahoo! The Inside
/// Story"', '"Scoob! Holiday Haunt"', '"Oh, Hello! On Broadway"'): speech
/// closes on its mark or a comma, and its words are not all capitalised
/// ('"Stop! Come back," he said' splits).
fn inside_quoted_title(text: &str, sentence_start: usize, mark: usize, line_end: usize) -> bool {
    let is_quote = |c: char| matches!(c, '"' | '“' | '”');
    let before = text.get(sentence_start..mark).unwrap_or("");
    let Some(open) = before.rfind(is_quote) else {
        return false;
    };
    let open = sentence_start + open;
    let opens = text[..open]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || OPENERS.contains(&c));
    if !opens || text[open..].starts_with('”') {
        return false;
    }
    let open_end = open + text[open..].chars().next().map_or(1, char::len_utf8);
    let after = text.get(mark..line_end).unwrap_or("");
    let Some(close) = after.find(is_quote) else {
        return false;
    };
    let title = &text[open_end..mark + close];
    if title.len() > 60 || title.ends_with(|c: char| !c.is_alphanumeric()) {
        return false;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    words.len() <= 8
        && words.iter().all(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            bare.chars().next().is_none_or(|c| !c.is_lowercase()) || in_set(TITLE_SMALL_WORDS, bare)
        })
}

/// Whether the terminal mark at `mark` stands inside a bracket opened in its
/// sentence that closes later on the line with no other terminal mark
/// before it ("(5th Cir. 2019)", "(see Fig. 2)"): the sentence cannot end
/// before its bracket closes. A bracket holding two sentences ("(He left.
/// She stayed.)") still splits at the first.
fn inside_open_bracket(
    text: &str,
    sentence_start: usize,
    mark: usize,
    cluster_end: usize,
    line_end: usize,
) -> bool {
    let before = text.get(sentence_start..mark).unwrap_or("").as_bytes();
    // Most sentences hold no bracket: one vector search rules them out.
    let Some(first_open) = memchr::memchr(b'(', before) else {
        return false;
    };
    let mut depth = 0i32;
    for &byte in &before[first_open..] {
        match byte {
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            _ => {}
        }
    }
    if depth == 0 {
        return false;
    }
    let after = text.get(cluster_end..line_end).unwrap_or("").as_bytes();
    after
        .iter()
        .find(|&&byte| matches!(byte, b')' | b'.' | b'?' | b'!' | b'(' | b'"'))
        .is_some_and(|&byte| byte == b')')
}

/// Whether the bracket opening at `inside` (its first word) holds no
/// sentence and the sentence goes on after it: a credit or an aside with
/// no terminal mark before its close, followed by the line's end, a
/// lower-case word or punctuation ('"Who Framed Roger Rabbit?" (Disney+)',
/// '"Rabbit?" (1988) is a classic', 'He won. (Reuters)'). A bracket with a
/// sentence in it ("(He declined to comment.)"), or one a capital follows,
/// begins a sentence, as does a bracket of words before a lower-case word.
fn bracket_reads_on(text: &str, inside: usize, line_end: usize) -> bool {
    let Some((content, after)) = closed_bracket(text.get(inside..line_end).unwrap_or("")) else {
        return false;
    };
    if content.contains(['.', '?', '!', '(']) || content.len() > 40 {
        return false;
    }
    match after.chars().next() {
        None => true,
        // A bracket of words before a lower-case one may stand for the
        // next sentence's subject ('state. (The lawsuit) certainly was');
        // a year or figure there is an aside.
        Some(c) if c.is_lowercase() => content.starts_with(|c: char| c.is_ascii_digit()),
        Some(c) => matches!(c, ',' | ';' | ':' | '.'),
    }
}

/// The end of an ellipsis standing alone after a sentence's end when only
/// closing marks or the line's end follow it ('win. ..." Then', 'win. …' at
/// a paragraph's end): a sentence of "..." and a closing quote would start
/// nothing. An ellipsis before a word opens that word's sentence ("win. ...
/// And we will."), as the Golden Rules' "compounds. . . . The practice" has
/// it; the BASIL annotators put such an ellipsis on either side about as
/// often.
fn trailing_ellipsis(text: &str, cluster_end: usize, line_end: usize) -> Option<usize> {
    let rest = text.get(cluster_end..line_end)?;
    let after_space = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    if after_space.len() == rest.len() {
        return None;
    }
    let dots = after_space.len() - after_space.trim_start_matches('.').len();
    let marks = if dots == 3 {
        3
    } else if dots == 0 && after_space.starts_with('…') {
        '…'.len_utf8()
    } else {
        return None;
    };
    let ellipsis_end = cluster_end + (rest.len() - after_space.len()) + marks;
    let end = skip_closers(text, ellipsis_end, line_end);
    if end >= line_end {
        return Some(line_end);
    }
    (end > ellipsis_end && is_space_at(text, end)).then_some(end)
}

/// Whether an ellipsis starting at `ellipsis` ends a sentence, given what
/// follows: before a capital it does, as news elides between sentences
/// ("has been a blast... I predict", "going to hell... The world"), unless
/// a speaker's "I" is said twice across it, a stammer ("I... I don't
/// know", "I'm… I'm sure"). Any other word said twice is no stammer: its
/// capital marks a new sentence ("I attribute it to God... God acted").
fn ellipsis_ends(
    text: &str,
    line_start: usize,
    ellipsis: usize,
    next: &Following,
    line_end: usize,
) -> bool {
    if next.first.is_none() || !next.capital() {
        return false;
    }
    if next.word != "I" {
        return true;
    }
    // The words without their quotes and marks; the word after starts with
    // "I", so the two match only where their letters match but for case.
    fn bare(word: &str) -> &str {
        word.trim_matches(|c: char| !c.is_alphanumeric())
    }
    let before = bare(previous_word(text, line_start, ellipsis));
    let tail = text.get(next.word_start..line_end).unwrap_or("");
    let after = bare(tail.split_whitespace().next().unwrap_or(""));
    // "I... I'd have to check", "I'm... I'm not": either "I" may take a
    // contraction.
    fn stem(word: &str) -> &str {
        word.split(['\'', '’']).next().unwrap_or(word)
    }
    before.is_empty() || !stem(before).eq_ignore_ascii_case(stem(after))
}

/// Whether the period at `dot`, attached to the word before it, ends the sentence
/// given what follows.
fn word_period_ends(
    text: &str,
    line_start: usize,
    sentence_start: usize,
    dot: usize,
    next: &Following,
) -> bool {
    let (word, word_start) = period_word(text, line_start, dot);
    // Letters and digits alone (most words before a period) hold no
    // hyphen and no period: the tests for those are skipped.
    let plain = word.bytes().all(|b| b.is_ascii_alphanumeric());
    let lower = next.lower();
    if word.is_empty() {
        return !lower;
    }
    let first = word.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || CURRENCY_SIGNS.contains(&first) {
        // A list number opening the sentence ("1. The first item"), or an
        // item of a list run into it ("top four: 1. Arsenal 52 pts; 2. …").
        let list_number = word.len() <= 3
            && word.bytes().all(|b| b.is_ascii_digit())
            && (opens_its_sentence(text, sentence_start, word_start)
                || inline_list_item(text, line_start, word_start, dot, word));
        return !list_number && !lower;
    }
    // "then-Rep.", "post-Sept.", "ex-Gov.", "Ex-Gov." opening a sentence:
    // the abbreviation after a prefix.
    let abbrev = abbreviation(word).or_else(|| {
        if plain {
            return None;
        }
        word.rsplit_once('-')
            .filter(|(prefix, _)| is_prefix(prefix))
            .and_then(|(_, last)| abbreviation(last))
    });
    // "St." after a capitalised name is a street ("on Main St. The house"):
    // it ends a sentence before an opener, where a saint's name would
    // follow ("Mount St. Helens").
    if abbrev == Some(Title)
        && word == "St"
        && next.opens_sentence()
        && previous_word(text, line_start, word_start)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        return true;
    }
    if abbrev == Some(Title) {
        return false;
    }
    // An abbreviation before a bracket that credits a news agency, as a
    // dateline runs on ("BOSTON, Mass. (AP) — A storm"), or that opens with
    // a number ("et al. (2021)").
    if abbrev.is_some() && next.paren && (next.digit() || credit_and_dash(text, next)) {
        return false;
    }
    // A title in capitals before a word in capitals ("ST. LOUIS (Reuters)").
    if plain && is_all_caps_title(word) && is_all_caps(next.word) {
        return false;
    }
    if !plain && word.contains('.') && is_initialism(word) {
        let mut buf = [0u8; 24];
        let key = ascii_lower(word, &mut buf);
        if in_set(NEVER_FINAL_INITIALISMS, key) {
            return false;
        }
        if key == "a.m" || key == "p.m" {
            // A bracket after a time converts or qualifies it ("11 a.m.
            // (1500 GMT)", "6 a.m. (see Fig. 2)").
            if (!next.capital() && !next.opener) || next.paren {
                return false;
            }
            // AP puts the time before the date: "at 7 p.m. Jan. 7".
            let month = next.word_has_period && in_set(MONTH_ABBREVIATIONS, next.word);
            if month || in_set(TIME_CONTINUATIONS, next.word) || followed_by_time(text, next) {
                return false;
            }
            return !fronted_time_phrase(text, sentence_start, word_start);
        }
        return next.opens_sentence();
    }
    match abbrev {
        Some(NeverFinal) => return false,
        Some(Numbered) => {
            return !next.digit() && !next.labels_with_digits(text) && !lower && word.len() > 1;
        }
        Some(NameSuffix) if in_capitals(word) => return !lower,
        Some(NameSuffix) => return next.opens_sentence() || next.opens_with_participle(text),
        Some(State) => {
            // After a place ("Concord, Calif.") or in a party tag ("R-Tenn.")
            // a state is followed by a comma when the sentence goes on (AP
            // style), so a capital after it starts a sentence, unless it is
            // a title ("Calif. Gov. Newsom"). Standing alone ("for Ariz.
            // Gov. Jan Brewer") a state ends a sentence only before an opener.
            let placed =
                word.contains('-') || previous_word(text, line_start, word_start).ends_with(',');
            let title_next = next.word_has_period && abbreviation(next.word) == Some(Title);
            return next.opens_sentence() || (placed && next.capital() && !title_next);
        }
        // A figure after an abbreviation reads on from it ("est. $70
        // million", "Sch. Dist. 5"): news seldom opens a sentence with one.
        // A unit is the exception, read below.
        Some(Plain)
            if (next.digit() || next.first.is_some_and(|c| CURRENCY_SIGNS.contains(&c)))
                && !in_set(MEASURE_UNITS, word) =>
        {
            return false;
        }
        Some(Title | Plain) | None => {}
    }
    // A measure in two units goes on: "5 ft. 10 in. tall".
    if next.digit()
        && in_set(MEASURE_UNITS, word)
        && is_number(previous_word(text, line_start, word_start))
    {
        return false;
    }
    let mut chars = word.chars();
    // A single letter: an initial ("Jonas E. Smith", "p. 55") unless it follows a
    // lower-case word ("you and I. Did") or precedes a sentence opener.
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        if !c.is_uppercase() || !next.capital() {
            return false;
        }
        // A letter opening the sentence labels what follows, as an interview's
        // "Q." and "A." or a list's "B.": a letter alone is no sentence.
        if opens_its_sentence(text, sentence_start, word_start) {
            return false;
        }
        // Another initial ("C. A. Dutch Ruppersberger"), or a name of two
        // capitalised words that is no sentence opener ("and W. Douglas Parker").
        if (next.word_has_period && next.word.chars().count() == 1)
            || (!next.opens_sentence() && next.followed_by_capital(text))
        {
            return false;
        }
        let previous = previous_word(text, line_start, word_start);
        // After a label or a byline ("Man of the match: H. Kane", "Photo
        // by J. Smith") a capitalised word after the initial is a surname.
        if previous.ends_with([':', ',']) || matches!(previous, "by" | "with") {
            return next.opens_sentence();
        }
        let prev_lower = previous.chars().next().is_some_and(char::is_lowercase);
        return prev_lower || next.opens_sentence();
    }
    !lower
}

/// Whether the bracket that `next` opens is a news agency's credit, a few
/// words closed and followed by a dash, as a dateline runs on: "(AP) —",
/// "(Reuters) -".
fn credit_and_dash(text: &str, next: &Following) -> bool {
    let Some((credit, after)) = closed_bracket(text.get(next.word_start..).unwrap_or("")) else {
        return false;
    };
    let words = credit.split_whitespace().count();
    (1..=3).contains(&words)
        && credit
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        && (after.starts_with(['-', '—', '–', '―']))
}

/// A bracket's content from `rest` (the text after its opening mark) up to
/// the first ")", and what follows the ")" after any spaces; `None` if
/// `rest` holds no ")".
fn closed_bracket(rest: &str) -> Option<(&str, &str)> {
    let close = rest.find(')')?;
    Some((&rest[..close], rest[close + 1..].trim_start_matches(' ')))
}

/// Whether `word` is a title's abbreviation in capitals ("ST", "FT", "MT"),
/// as all-capital datelines and headlines write "ST. LOUIS".
fn is_all_caps_title(word: &str) -> bool {
    is_all_caps(word)
        && ABBREVIATION_KEYS
            .binary_search(&packed_key(word.as_bytes(), true))
            .is_ok_and(|k| ABBREVIATIONS[k].1 == Title)
}

/// Whether `word` is two or more letters, all capitals.
fn is_all_caps(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether the number `word`, a period after it at `dot`, numbers an item of
/// a list run into a sentence ("Table: 1. Arsenal 52 pts; 2. Liverpool 51",
/// "Results: 1. Kenya 2:05:12, 2. Ethiopia", "Steps: 1. Open the box. 2.
/// Remove it."): it follows a colon, semicolon or comma, and the line
/// numbers the next item after a semicolon, comma or period, or the item
/// before after a colon, semicolon or comma. A number ending a sentence
/// ("Deaths: 3. Police said") has no such neighbour.
fn inline_list_item(
    text: &str,
    line_start: usize,
    word_start: usize,
    dot: usize,
    word: &str,
) -> bool {
    let Ok(number) = word.parse::<u32>() else {
        return false;
    };
    let before = text.get(line_start..word_start).unwrap_or("").trim_end();
    if !before.ends_with([':', ';', ',']) {
        return false;
    }
    let line_end = text
        .get(dot..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |at| dot + at);
    let after = text.get(dot..line_end).unwrap_or("");
    let item = |separator: char, number: u32| format!("{separator} {number}. ");
    // The next item after a semicolon, a comma or a sentence of its own
    // ("Steps: 1. Open the box. 2. Remove the tray.").
    [';', ',', '.']
        .iter()
        .any(|&separator| after.contains(&item(separator, number + 1)))
        || (number > 1
            && [':', ';', ',']
                .iter()
                .any(|&separator| before.contains(&item(separator, number - 1))))
}

/// The word a period at `dot` is attached to, and where it starts: the
/// characters since the last white space on the line, without the marks
/// that open a sentence or close a quotation ("(Jan.", "U.S.”.").
fn period_word(text: &str, line_start: usize, dot: usize) -> (&str, usize) {
    // Most such words are ASCII letters and digits after an ASCII space:
    // read back byte by byte, nothing to trim.
    let bytes = text.as_bytes();
    let mut start = dot.min(bytes.len());
    while start > line_start && bytes[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    if start == line_start || BYTE_CLASS[usize::from(bytes[start - 1])] == WordBreak::Space {
        return (text.get(start..dot).unwrap_or(""), start);
    }
    let head = text.get(line_start..dot).unwrap_or("");
    let raw_start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let raw = &head[raw_start..];
    let opened = raw.trim_start_matches(|c: char| OPENERS.contains(&c) || BULLETS.contains(&c));
    let word = opened.trim_end_matches(|c: char| CLOSERS.contains(&c));
    (word, line_start + raw_start + (raw.len() - opened.len()))
}

/// The last word before `word_start` on its line (empty if none).
fn previous_word(text: &str, line_start: usize, word_start: usize) -> &str {
    text.get(line_start..word_start)
        .unwrap_or("")
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
}

/// Whether `word` is a plain number (5, 5.5).
fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// Whether `prefix`, before a hyphen, is a prefix such as "then", "ex" or
/// "Ex" (a word in lower case but perhaps its first letter), not a name.
fn is_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.all(char::is_lowercase)
}

/// Whether the word at `word_start` opens its sentence: only white space and
/// bullets come before it.
fn opens_its_sentence(text: &str, sentence_start: usize, word_start: usize) -> bool {
    text.get(sentence_start..word_start)
        .unwrap_or("")
        .chars()
        .all(|c| c.is_whitespace() || BULLETS.contains(&c))
}

/// Whether the capitalised word after "a.m."/"p.m." is followed by "time".
fn followed_by_time(text: &str, next: &Following) -> bool {
    text.get(next.word_start + next.word.len()..)
        .is_some_and(|rest| rest.starts_with(" time"))
}

/// Whether the sentence so far is a short fronted time phrase ("At 5").
fn fronted_time_phrase(text: &str, sentence_start: usize, word_start: usize) -> bool {
    let before = text.get(sentence_start..word_start).unwrap_or("");
    let mut words = before.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let mut buf = [0u8; 24];
    in_set(FRONTING_PREPOSITIONS, ascii_lower(first, &mut buf)) && words.count() <= 2
}

/// Whether what follows a closed quote is its attribution (`“Why?” Trump asked.`):
/// a subject that is not a sentence opener, then a speech verb within a few words
/// that closes the sentence or a clause. After a question or exclamation up to
/// three more words may follow the verb (`asked reporters on Friday.`), or a phrase
/// that a preposition opens, right after the verb or after up to three words of
/// its object (`asked in the New Year`, `told Jorge Ramos in an interview`);
/// after a period the verb must be followed by "," or "." (`“Fine.” Trump said.`), since a verb
/// with a colon or a clause after it starts a sentence of its own ("Mr Blair
/// said: “…”", "Mr Kennedy said students…").
fn attributes_quote(text: &str, next: &Following, line_end: usize, question: bool) -> bool {
    // A sentence opener ("He", "And") starts a new sentence; "The president
    // asked" still attributes, as does a first person's speech verb ('"Why?"
    // I asked him.').
    let rest = text.get(next.word_start..line_end).unwrap_or("");
    let first_person_speaks = next.word == "I"
        && rest.split(' ').nth(1).is_some_and(|verb| {
            let mut buf = [0u8; 24];
            let key = ascii_lower(verb.trim_end_matches([',', '.']), &mut buf);
            in_set(SPEECH_VERBS, key) || in_set(REPLY_VERBS, key)
        });
    if next.opener
        || !next.capital()
        || (in_set(SENTENCE_OPENERS, next.word) && next.word != "The" && !first_person_speaks)
    {
        return false;
    }
    let mut words = rest.split(' ').peekable();
    // The speaker: names, titles, initials, suffixes and party tags, and
    // phrases set off by commas ("Sen. Chris Murphy, D-Conn., wrote",
    // "Smith, 45, asked", "Harold J. Brenner Jr. said"): six words with
    // the verb, ten with a phrase set off.
    let (mut scanned, mut set_off) = (0, false);
    while let Some(raw) = words.next() {
        scanned += 1;
        if scanned > if set_off { 10 } else { 6 } {
            return false;
        }
        let word = raw.trim_end_matches([',', '.', ';', ':']);
        if word.is_empty()
            || !word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.'))
        {
            return false;
        }
        let mut buf = [0u8; 24];
        let key = ascii_lower(word, &mut buf);
        // "Díaz shot back.": the verb ends with its "back".
        let replied = in_set(REPLY_VERBS, key)
            && words
                .peek()
                .is_some_and(|after| after.trim_end_matches([',', '.']) == "back");
        let raw = if replied {
            words.next().unwrap_or(raw)
        } else {
            raw
        };
        if replied || in_set(SPEECH_VERBS, key) {
            // "The savings, she said, do not": a speaker set off by commas
            // inside a sentence of its own.
            if set_off && raw.ends_with(',') {
                return false;
            }
            let closes = raw.ends_with([',', '.']) || words.peek().is_none();
            if closes || !question {
                return closes;
            }
            // After a question: up to three more words, then the end of the
            // sentence; or a preposition's phrase, after the verb or its object.
            let addressing = in_set(ADDRESSING_VERBS, key);
            for (index, more) in words.by_ref().take(4).enumerate() {
                let mut buf = [0u8; 24];
                let key = ascii_lower(more, &mut buf);
                // "asked a crowd of about 3,000 supporters."
                let phrase = in_set(ATTRIBUTION_PREPOSITIONS, key) || (addressing && key == "of");
                if phrase && (index == 0 || addressing) {
                    return true;
                }
                if index == 3 {
                    return false;
                }
                if more.ends_with(['.', ',']) {
                    return true;
                }
                if !more.chars().all(char::is_alphanumeric) {
                    return false;
                }
            }
            return false;
        }
        if word.len() < raw.len() && !raw.ends_with(',') && !goes_on_in_a_name(word) {
            return false;
        }
        set_off |= raw.ends_with(',');
    }
    false
}

/// Whether `word`, a period after it, goes on in a speaker's name: a title
/// ("Sen."), a name's suffix ("Jr."), an initial ("J.") or a party tag
/// ("D-Conn.").
fn goes_on_in_a_name(word: &str) -> bool {
    let mut chars = word.chars();
    let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    initial
        || matches!(abbreviation(word), Some(Title | NameSuffix))
        || word
            .rsplit_once('-')
            .is_some_and(|(_, state)| abbreviation(state) == Some(State))
}

/// Whether `word` is letters separated by periods, each part one or two letters
/// (U.S, a.m, U.S.A, Ph.D).
fn is_initialism(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let n = part.chars().count();
        if n == 0 || n > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Skips closing quotes and brackets from `pos`, and a closing double quote
/// set off by a space that nothing follows but white space (`law.’ ”`, a
/// nested quote closed, then the outer one).
#[inline]
fn skip_closers(text: &str, pos: usize, end: usize) -> usize {
    let rest = text.get(pos..end).unwrap_or("");
    // A space or the line's end follows most terminal marks: no closer there.
    let mut at = if rest.as_bytes().first().is_none_or(u8::is_ascii_whitespace) {
        pos
    } else {
        pos + rest.len() - rest.trim_start_matches(CLOSERS).len()
    };
    // Read as bytes: this runs at every terminal mark, and a space follows most.
    let bytes = text.as_bytes();
    while bytes.get(at) == Some(&b' ') && matches!(bytes.get(at + 1), Some(0xE2 | 0xC2)) {
        let mark_len = match (bytes.get(at + 1), bytes.get(at + 2), bytes.get(at + 3)) {
            (Some(0xE2), Some(0x80), Some(0x9D)) => 3, // ”
            (Some(0xC2), Some(0xBB), _) => 2,          // »
            _ => break,
        };
        let after = at + 1 + mark_len;
        if after > end || (after < end && !is_space_at(text, after)) {
            break;
        }
        at = after;
    }
    at
}

/// Past a straight double quote set off by spaces after the terminal cluster
/// that ends at `cluster_end` (`the community. " A spokesman said`), when it
/// closes a quote: an odd number of straight double quotes before the
/// terminal mark at `mark` in the line leaves one open. Typed so, the quote
/// belongs to the sentence it closes, not to the next one; an even count
/// makes it an opening quote, which stays with the next.
fn skip_spaced_straight_closer(
    text: &str,
    line_start: usize,
    line_end: usize,
    mark: usize,
    cluster_end: usize,
) -> usize {
    let bytes = text.as_bytes();
    let quote = cluster_end + 1;
    let set_off = bytes.get(cluster_end) == Some(&b' ')
        && bytes.get(quote) == Some(&b'"')
        && (quote + 1 >= line_end || bytes[quote + 1].is_ascii_whitespace());
    if !set_off {
        return cluster_end;
    }
    let open = bytes[line_start..mark]
        .iter()
        .filter(|&&b| b == b'"')
        .count()
        % 2
        == 1;
    if open { quote + 1 } else { cluster_end }
}

/// Whether the character at `pos` is white space.
fn is_space_at(text: &str, pos: usize) -> bool {
    text.get(pos..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_whitespace)
}

/// Whether the period at `i`, with no space after it (or after the quote it
/// closes, which ends at `after`), ends a sentence whose space was lost
/// ("always dangerous.The man", "for the challenge."Earlier", as scraped
/// news runs paragraphs together): a lower-case word of two letters or more
/// that is not an abbreviation before it, a capitalised word at `after`, and
/// no link around it (example.com, www.Example.Com, a.b@c.com, St.Louis
/// stay whole).
fn sentences_run_together(
    text: &str,
    line_start: usize,
    line_end: usize,
    i: usize,
    after: usize,
) -> bool {
    let bytes = text.as_bytes();
    // Checked first: a number's or initialism's period (2.5, U.S.) fails here.
    let capitalised_after = bytes.get(after).is_some_and(u8::is_ascii_uppercase)
        && bytes.get(after + 1).is_some_and(u8::is_ascii_lowercase);
    if !capitalised_after {
        return false;
    }
    let word_start = bytes[line_start..i]
        .iter()
        .rposition(|b| !b.is_ascii_alphabetic())
        .map_or(line_start, |at| line_start + at + 1);
    let word = &text[word_start..i];
    if word.len() < 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    if abbreviation(word).is_some() {
        return false;
    }
    // The run of non-white space around the period: inside a link as the
    // tokenizer finds links, the period is the link's.
    let run_start = bytes[line_start..i]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(line_start, |at| line_start + at + 1);
    let run_end = bytes[i..line_end]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(line_end, |at| i + at);
    let has_at = bytes[run_start..run_end].contains(&b'@');
    !link_span(text, run_start, run_end, has_at).is_some_and(|(start, end)| start <= i && i < end)
}

/// Whether the character before `pos` is white space.
fn is_space_before(text: &str, pos: usize) -> bool {
    text.get(..pos)
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_whitespace)
}

/// A list marker at the start of a paragraph: bullet, enumerator, punctuation.
struct ListMarker<'a> {
    /// The bullet and the spaces after it ("• ", "⁃"), possibly empty.
    bullet: &'a str,
    /// The number, or the letter as a number (a = 1).
    value: u32,
    /// Whether the enumerator is a letter.
    letter: bool,
    /// The punctuation after the enumerator: ".)", "." or ")".
    punct: &'a str,
}

/// Parses a list marker at the start of `s`, if it has one.
fn parse_list_marker(s: &str) -> Option<(ListMarker<'_>, usize)> {
    let after_bullet = s.trim_start_matches(BULLETS);
    let after_bullet = if after_bullet.len() < s.len() {
        after_bullet.trim_start_matches(' ')
    } else {
        s
    };
    let bullet = &s[..s.len() - after_bullet.len()];
    let bytes = after_bullet.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let (value, letter, n) = if (1..=3).contains(&digits) {
        let v: u32 = after_bullet[..digits].parse().ok()?;
        (v, false, digits)
    } else if digits == 0 && bytes.first().is_some_and(u8::is_ascii_lowercase) {
        (u32::from(bytes[0] - b'a') + 1, true, 1)
    } else {
        return None;
    };
    let rest = &after_bullet[n..];
    let punct = [".)", ".", ")"].into_iter().find(|p| rest.starts_with(p))?;
    let after = &rest[punct.len()..];
    if !after.starts_with(' ') {
        return None;
    }
    let len = s.len() - after.len();
    Some((
        ListMarker {
            bullet,
            value,
            letter,
            punct,
        },
        len,
    ))
}

/// Byte offsets where later items of a list paragraph begin ("1) The first item
/// 2) The second item"): only for a paragraph that opens with a marker, and only
/// at the next number or letter in sequence, so prose numbers stay put.
fn list_item_starts(text: &str, start: usize, end: usize) -> Vec<usize> {
    let Some(line) = text.get(start..end) else {
        return Vec::new();
    };
    let trimmed = line.trim_start();
    let first = trimmed.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit()
        || first.is_ascii_lowercase()
        || !first.is_ascii()
        || first == b'*'
        || first == b'-')
    {
        return Vec::new();
    }
    let Some((marker, marker_len)) = parse_list_marker(trimmed) else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let mut value = marker.value;
    let mut from = start + (line.len() - trimmed.len()) + marker_len;
    while value < 999 {
        value += 1;
        let enumerator = if marker.letter {
            match u8::try_from(value - 1 + u32::from(b'a')) {
                Ok(b) if b.is_ascii_lowercase() => char::from(b).to_string(),
                _ => break,
            }
        } else {
            value.to_string()
        };
        let needle = format!(" {}{}{} ", marker.bullet, enumerator, marker.punct);
        let Some(found) = text.get(from..end).and_then(|s| s.find(&needle)) else {
            break;
        };
        let at = from + found + 1;
        starts.push(at);
        from = at + needle.len() - 2;
    }
    starts
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/// The shape of a word-boundary piece, as the merge step needs it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// Starts with a letter or connector: a word piece.
    Alpha,
    /// Starts with a digit (or other numeric character such as ½).
    Numeric,
    /// A single character that is neither.
    Mark(char),
    /// Several characters that are neither (emoji sequences, marks with accents).
    Cluster(char),
    /// A whole URL or e-mail address.
    Link,
}

/// A word-boundary piece of a sentence.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    shape: Shape,
}

/// Tokens of text[start..end] (a sentence), offsets absolute into `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<TokenSpan> {
    let mut tokenizer = Tokenizer::default();
    tokenizer.tokens(text, start, end);
    tokenizer.tokens
}

/// [`tokenize`] for many sentences in a row, reusing its working memory
/// instead of allocating and freeing two vectors a sentence.
#[derive(Default)]
pub struct Tokenizer {
    pieces: Vec<Piece>,
    tokens: Vec<TokenSpan>,
}

impl Tokenizer {
    /// Tokens of text[start..end] (a sentence), offsets absolute into `text`.
    pub fn tokens(&mut self, text: &str, start: usize, end: usize) -> &[TokenSpan] {
        self.pieces.clear();
        self.tokens.clear();
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = end.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if start >= end {
            return &self.tokens;
        }
        // About a piece (and a token) per four bytes: reserved once (a no-op
        // when reused).
        self.pieces.reserve((end - start) / 4 + 4);
        self.tokens.reserve((end - start) / 4 + 4);
        let bytes = text.as_bytes();
        let mut open_single_quotes = 0;
        let mut i = start;
        while i < end {
            let (space, len) = space_at(text, bytes, i);
            if space {
                i += len;
                continue;
            }
            // Three runs in four of news text are a plain word between white
            // spaces, a token as it stands: it skips the cutting into pieces
            // and their merging, which then need only take the pieces since
            // the last plain word. No merge joins pieces across white space
            // but a mixed fraction's ("2 1/2"), and a plain word is none.
            let word_end = plain_word_end(bytes, i, end);
            if let Some(word_end) = word_end.filter(|&at| ends_run(bytes, at, end)) {
                if self.pieces.is_empty() {
                    self.tokens.push(TokenSpan {
                        start: i,
                        end: word_end,
                        kind: TokenKind::Word,
                    });
                } else {
                    // The word goes in with the pieces before it, whose merge
                    // may ask whether anything follows them ("plan B." ends
                    // a sentence, "B. Smith" does not).
                    self.pieces.push(Piece {
                        start: i,
                        end: word_end,
                        shape: Shape::Alpha,
                    });
                    merge_pieces(
                        text,
                        &self.pieces,
                        &mut open_single_quotes,
                        &mut self.tokens,
                    );
                    self.pieces.clear();
                }
                i = word_end;
                continue;
            }
            // A plain word and one mark that ends its run: a comma or
            // semicolon before white space ("said, she"; one run in twenty),
            // which no merge joins to a word, or the sentence's final period
            // ("on Tuesday."), which stays with the word only where
            // `keeps_last_period` says ("Apple Inc."). Once the pieces before
            // are merged, the tokens stand as they are.
            if let Some(word_end) = word_end
                && self.pieces.is_empty()
                && match bytes[word_end] {
                    b',' | b';' => ends_run(bytes, word_end + 1, end),
                    b'.' => word_end + 1 == end,
                    _ => false,
                }
            {
                let mark_end = word_end + 1;
                let kept = bytes[word_end] == b'.' && keeps_last_period(&text[i..word_end]);
                self.tokens.push(TokenSpan {
                    start: i,
                    end: if kept { mark_end } else { word_end },
                    kind: TokenKind::Word,
                });
                if !kept {
                    self.tokens.push(TokenSpan {
                        start: word_end,
                        end: mark_end,
                        kind: TokenKind::Punct,
                    });
                }
                i = mark_end;
                continue;
            }
            i = split_run(text, i, end, &mut self.pieces);
        }
        merge_pieces(
            text,
            &self.pieces,
            &mut open_single_quotes,
            &mut self.tokens,
        );
        &self.tokens
    }
}

/// The end of the plain word at `i`: an ASCII letter, then ASCII letters,
/// digits and underscores (one UAX #29 word). None if `i` holds no letter.
/// Up to ASCII white space or `end` (`ends_run`), it has nothing to merge.
#[inline]
fn plain_word_end(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    if !bytes[i].is_ascii_alphabetic() {
        return None;
    }
    Some(skip_ascii_wordy(bytes, i + 1, end))
}

/// Whether a run of non-white space ends at `at`: `end`, or ASCII white space.
#[inline]
fn ends_run(bytes: &[u8], at: usize, end: usize) -> bool {
    at >= end || BYTE_CLASS[usize::from(bytes[at])] == WordBreak::Space
}

/// The UAX #29 word-break classes the fast scanner knows, plus two of its own:
/// white space (which ends a run) and bytes it must look at more closely.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordBreak {
    ALetter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    SingleQuote,
    Other,
    /// ASCII white space: not a UAX class here, it ends a run.
    Space,
    /// The lead or continuation byte of a non-ASCII character.
    NonAscii,
}

/// Word-break class of every byte, so the scanner's inner loop is a table lookup.
static BYTE_CLASS: [WordBreak; 256] = byte_classes();

/// Builds `BYTE_CLASS`.
const fn byte_classes() -> [WordBreak; 256] {
    let mut table = [WordBreak::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = match byte {
            b'a'..=b'z' | b'A'..=b'Z' => WordBreak::ALetter,
            b'0'..=b'9' => WordBreak::Numeric,
            b'_' => WordBreak::ExtendNumLet,
            b':' => WordBreak::MidLetter,
            b'.' => WordBreak::MidNumLet,
            b',' | b';' => WordBreak::MidNum,
            b'\'' => WordBreak::SingleQuote,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => WordBreak::Space,
            _ => WordBreak::Other,
        };
        b += 1;
    }
    table
}

/// Word-break class, character and length at `i`, for the characters the fast
/// scanner knows (ASCII, curly quotes, dashes, ellipsis); None otherwise.
#[inline]
fn fast_word_break(bytes: &[u8], i: usize) -> Option<(WordBreak, char, usize)> {
    let b = bytes[i];
    let class = BYTE_CLASS[usize::from(b)];
    if class != WordBreak::NonAscii {
        return Some((class, char::from(b), 1));
    }
    if b == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
        let (class, c) = match bytes.get(i + 2)? {
            0x98 => (WordBreak::MidNumLet, '‘'),
            0x99 => (WordBreak::MidNumLet, '’'),
            0x9C => (WordBreak::Other, '“'),
            0x9D => (WordBreak::Other, '”'),
            0x93 => (WordBreak::Other, '–'),
            0x94 => (WordBreak::Other, '—'),
            0xA6 => (WordBreak::Other, '…'),
            _ => return None,
        };
        return Some((class, c, 3));
    }
    None
}

/// Whether the character at `i` (a char boundary) is white space, and its length.
#[inline]
fn space_at(text: &str, bytes: &[u8], i: usize) -> (bool, usize) {
    let b = bytes[i];
    if b < 0x80 {
        return (BYTE_CLASS[usize::from(b)] == WordBreak::Space, 1);
    }
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

/// Cuts the run of non-white space at `start` (up to `end` at most) into
/// pieces: URLs and e-mail addresses kept whole, the rest cut at UAX #29
/// word boundaries. Returns where the run ends.
fn split_run(text: &str, start: usize, end: usize, pieces: &mut Vec<Piece>) -> usize {
    let mark = pieces.len();
    let run = fast_run(text, start, end, pieces);
    if run.maybe_link {
        let has_at = text.as_bytes()[start..run.end].contains(&b'@');
        if let Some((link_start, link_end)) = link_span(text, start, run.end, has_at) {
            pieces.truncate(mark);
            uax_pieces(text, start, link_start, pieces);
            pieces.push(Piece {
                start: link_start,
                end: link_end,
                shape: Shape::Link,
            });
            uax_pieces(text, link_end, run.end, pieces);
            return run.end;
        }
    }
    if !run.complete {
        pieces.truncate(mark);
        uax_pieces(text, start, run.end, pieces);
    }
    run.end
}

/// What the fast scanner made of a run of non-white space.
struct FastRun {
    /// Byte offset where the run ends (white space or the end of the range).
    end: usize,
    /// Whether the scanner cut the whole run (no character it does not know).
    complete: bool,
    /// Whether the run may hold a URL or an e-mail address ("@", "://", "www.").
    maybe_link: bool,
}

/// The UAX #29 rules for the characters `fast_word_break` knows, over the run of
/// non-white space starting at `start`. At any other character it stops cutting
/// (the caller drops its partial output) and only finds the run's end.
fn fast_run(text: &str, start: usize, end: usize, pieces: &mut Vec<Piece>) -> FastRun {
    let bytes = text.as_bytes();
    let mut maybe_link = starts_with_www(bytes, start, end);
    let mut i = start;
    let is_wordy = |c: WordBreak| {
        matches!(
            c,
            WordBreak::ALetter | WordBreak::Numeric | WordBreak::ExtendNumLet
        )
    };
    while i < end {
        let Some((class, c, len)) = fast_word_break(bytes, i) else {
            return finish_run(text, i, end, maybe_link);
        };
        if class == WordBreak::Space {
            break;
        }
        if !is_wordy(class) {
            maybe_link |= matches!(c, '@' | ':' | '/');
            pieces.push(Piece {
                start: i,
                end: i + len,
                shape: Shape::Mark(c),
            });
            i += len;
            continue;
        }
        let piece_start = i;
        i += len;
        loop {
            // Letters, digits and connectors are all ASCII here: skip them eight at a time.
            i = skip_ascii_wordy(bytes, i, end);
            if i >= end {
                break;
            }
            let last = BYTE_CLASS[usize::from(bytes[i - 1])];
            let Some((next, _, next_len)) = fast_word_break(bytes, i) else {
                break;
            };
            let want = match (last, next) {
                (
                    WordBreak::ALetter,
                    WordBreak::MidLetter | WordBreak::MidNumLet | WordBreak::SingleQuote,
                ) => WordBreak::ALetter,
                (
                    WordBreak::Numeric,
                    WordBreak::MidNum | WordBreak::MidNumLet | WordBreak::SingleQuote,
                ) => WordBreak::Numeric,
                _ => break,
            };
            if next == WordBreak::MidNum && !separates_thousands(bytes, i, end) {
                break;
            }
            let after = i + next_len;
            if after >= end {
                break;
            }
            match fast_word_break(bytes, after) {
                Some((after_class, _, after_len)) if after_class == want => {
                    maybe_link |= next == WordBreak::MidLetter;
                    i = after + after_len;
                }
                Some(_) => break,
                // An unknown character after a middle mark may join: let UAX #29 decide.
                None => return finish_run(text, i, end, maybe_link),
            }
        }
        if i < end && fast_word_break(bytes, i).is_none() && !space_at(text, bytes, i).0 {
            // An unknown character right after a word piece may extend it (accents).
            return finish_run(text, i, end, maybe_link);
        }
        let shape = if class == WordBreak::Numeric {
            Shape::Numeric
        } else {
            Shape::Alpha
        };
        pieces.push(Piece {
            start: piece_start,
            end: i,
            shape,
        });
    }
    FastRun {
        end: i.min(end),
        complete: true,
        maybe_link,
    }
}

/// The end of the run of ASCII letters, digits and underscores from `i`: eight
/// bytes per step with exact per-byte range tests on a `u64` (no carry crosses
/// bytes since every lane is masked to seven bits first).
#[inline]
fn skip_ascii_wordy(bytes: &[u8], mut i: usize, end: usize) -> usize {
    // Lanes where x is zero.
    const fn zero(x: u64) -> u64 {
        ((LANE_ONES * 128) - (x & LANE_LOW7)) & !x & LANE_HIGH
    }
    while i + 8 <= end {
        let x = u64_at(bytes, i);
        let letters = ascii_lanes_between(x | (LANE_ONES * 0x20), b'a' - 1, b'z' + 1);
        let digits = ascii_lanes_between(x, b'0' - 1, b'9' + 1);
        let underscores = zero(x ^ (LANE_ONES * u64::from(b'_')));
        let stops = !(letters | digits | underscores) & LANE_HIGH;
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end
        && matches!(
            BYTE_CLASS[usize::from(bytes[i])],
            WordBreak::ALetter | WordBreak::Numeric | WordBreak::ExtendNumLet
        )
    {
        i += 1;
    }
    i
}

/// Ends a run the fast scanner cannot cut: finds where it stops. A non-ASCII
/// white space character ends a run the scanner could cut after all.
fn finish_run(text: &str, from: usize, end: usize, maybe_link: bool) -> FastRun {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut maybe_link = maybe_link;
    while i < end {
        let (space, len) = space_at(text, bytes, i);
        if space {
            break;
        }
        maybe_link |= matches!(bytes[i], b'@' | b':' | b'/');
        i += len;
    }
    // Stopping right away means the unknown character was white space: the run
    // was cut in full up to it.
    FastRun {
        end: i.min(end),
        complete: i == from,
        maybe_link,
    }
}

/// Whether the run at `start` begins (after opening marks) with "www." or a scheme.
fn starts_with_www(bytes: &[u8], start: usize, end: usize) -> bool {
    let mut i = start;
    while i < end {
        match bytes[i] {
            b'"' | b'\'' | b'(' | b'[' | b'<' => i += 1,
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x98 | 0x9C)) =>
            {
                i += 3
            }
            _ => break,
        }
    }
    let head = &bytes[i.min(end)..end.min(i + 4)];
    head.eq_ignore_ascii_case(b"www.")
}

/// Cuts a span of non-white space at UAX #29 word boundaries, and where a
/// comma or semicolon joins digits without `separates_thousands`.
fn uax_pieces(text: &str, start: usize, end: usize, pieces: &mut Vec<Piece>) {
    let Some(run) = text.get(start..end) else {
        return;
    };
    let bytes = text.as_bytes();
    let mut push = |from: usize, to: usize| {
        pieces.push(Piece {
            start: from,
            end: to,
            shape: shape_of(&text[from..to]),
        })
    };
    for (offset, piece) in run.split_word_bound_indices() {
        if piece.chars().all(char::is_whitespace) {
            continue;
        }
        let (piece_start, piece_end) = (start + offset, start + offset + piece.len());
        let mut from = piece_start;
        // Inside a word, UAX #29 puts a comma or semicolon only between digits.
        for at in memchr::memchr2_iter(b',', b';', piece.as_bytes()).map(|at| piece_start + at) {
            if at > from && !separates_thousands(bytes, at, piece_end) {
                push(from, at);
                push(at, at + 1);
                from = at + 1;
            }
        }
        push(from, piece_end);
    }
}

/// Whether the comma or semicolon at `at`, between digits, joins them into
/// one number: a comma before a group of exactly three digits (1,000 and
/// 1,250,000, but the scores of "1-6,4-6" and the list "3,4,5" apart); a
/// semicolon never does in English ("&#163;8m" is "&#163;" and "8m"),
/// although UAX #29 joins digits across both. `end` bounds the digits read.
fn separates_thousands(bytes: &[u8], at: usize, end: usize) -> bool {
    let digit = |i: usize| i < end && bytes[i].is_ascii_digit();
    bytes[at] == b',' && digit(at + 1) && digit(at + 2) && digit(at + 3) && !digit(at + 4)
}

/// The URL or e-mail address inside a run of non-white space, without the quotes
/// or brackets around it and the punctuation after it.
fn link_span(text: &str, start: usize, end: usize, has_at: bool) -> Option<(usize, usize)> {
    let run = text.get(start..end)?;
    // Angle brackets open a link too (<jane.doe@example.com>); the closing
    // one is trimmed with the punctuation after it.
    let body = run.trim_start_matches(|c: char| OPENERS.contains(&c) || c == '<');
    let body_start = start + (run.len() - body.len());
    let lower_prefix = |p: &str| {
        body.len() >= p.len() && body.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    let url = lower_prefix("http://")
        || lower_prefix("https://")
        || lower_prefix("ftp://")
        || (lower_prefix("www.") && body.len() > 4)
        || is_domain_with_path(body);
    let email = !url && has_at && is_email(body);
    if !url && !email {
        return None;
    }
    let opens = body.matches('(').count();
    let mut trimmed = body;
    loop {
        let before = trimmed.len();
        trimmed = trimmed.trim_end_matches([
            '.', ',', ';', ':', '!', '?', '"', '\'', '’', '”', ']', '>', '»',
        ]);
        if trimmed.ends_with(')') && trimmed.matches(')').count() > opens {
            trimmed = &trimmed[..trimmed.len() - 1];
        }
        if trimmed.len() == before {
            break;
        }
    }
    if trimmed.len() <= 4 {
        return None;
    }
    Some((body_start, body_start + trimmed.len()))
}

/// Whether `s` starts with a domain name and a path, written without a
/// scheme or "www." (example.com/news, bbc.co.uk/sport): two or more labels
/// of letters, digits and hyphens, the last of at least two letters (a
/// top-level domain, so "U.S/UK" and "No.10/11" are not), then a slash.
fn is_domain_with_path(s: &str) -> bool {
    let Some(slash) = s.find('/') else {
        return false;
    };
    let domain = &s[..slash];
    let mut labels = domain.split('.');
    let Some(top) = labels.next_back() else {
        return false;
    };
    let label =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    top.len() >= 2
        && top.bytes().all(|b| b.is_ascii_alphabetic())
        && domain.contains('.')
        && labels.all(label)
        && s.len() > slash + 1
}

/// Whether `s` (trailing punctuation allowed) starts with an e-mail address.
fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else {
        return false;
    };
    let local = &s[..at];
    let domain = s[at + 1..].trim_end_matches(|c: char| !c.is_alphanumeric());
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
        && domain.contains('.')
        && !domain.starts_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && !tld.is_empty())
}

/// The shape of a piece from its text.
fn shape_of(piece: &str) -> Shape {
    let mut chars = piece.chars();
    let Some(c) = chars.next() else {
        return Shape::Cluster(' ');
    };
    if c.is_alphabetic() || c == '_' {
        Shape::Alpha
    } else if c.is_numeric() {
        Shape::Numeric
    } else if chars.next().is_none() {
        Shape::Mark(c)
    } else if piece.chars().skip(1).any(char::is_alphanumeric) {
        Shape::Alpha
    } else {
        Shape::Cluster(c)
    }
}

/// Merges word pieces into news tokens. `open_single_quotes` counts the
/// single quotes the sentence has opened and not closed, from one call to
/// the next.
fn merge_pieces(
    text: &str,
    pieces: &[Piece],
    open_single_quotes: &mut u32,
    tokens: &mut Vec<TokenSpan>,
) {
    let mut k = 0;
    while k < pieces.len() {
        // Most pieces stand alone: a word or a mark with white space after it.
        let piece = pieces[k];
        if !adjacent(pieces, k + 1) {
            let kind = match piece.shape {
                Shape::Alpha
                    if text.as_bytes()[piece.start] == b'_'
                        && is_rule(text, piece.start, piece.end) =>
                {
                    Some(TokenKind::Punct)
                }
                Shape::Alpha | Shape::Link => Some(TokenKind::Word),
                Shape::Mark(c) if !matches!(c, '\'' | '’' | '‘') => {
                    Some(if is_punctuation(c) {
                        TokenKind::Punct
                    } else {
                        TokenKind::Symbol
                    })
                }
                _ => None,
            };
            if let Some(kind) = kind {
                tokens.push(TokenSpan {
                    start: piece.start,
                    end: piece.end,
                    kind,
                });
                k += 1;
                continue;
            }
        }
        let (mut next_k, mut kind) = core_token(text, pieces, k, open_single_quotes);
        // Hyphenated compounds: feel-out, B-2s, 10-year-old, U.S.-led.
        let mut has_letter =
            kind == TokenKind::Word || has_alpha(text, pieces[k].start, pieces[next_k - 1].end);
        while next_k + 1 < pieces.len()
            && kind != TokenKind::Punct
            && kind != TokenKind::Symbol
            && matches!(pieces[next_k].shape, Shape::Mark('-' | '‐' | '‑'))
            && adjacent(pieces, next_k)
            && adjacent(pieces, next_k + 1)
            && matches!(pieces[next_k + 1].shape, Shape::Alpha | Shape::Numeric)
        {
            // A number, then one with its unit, is a range: "5-10mph" as "10-15%".
            if !has_letter && pieces[next_k + 1].shape == Shape::Numeric {
                break;
            }
            let (after, right_kind) = core_token(text, pieces, next_k + 1, open_single_quotes);
            let right_letter = right_kind == TokenKind::Word
                || has_alpha(text, pieces[next_k + 1].start, pieces[after - 1].end);
            if !has_letter && !right_letter {
                break;
            }
            has_letter = true;
            kind = TokenKind::Word;
            next_k = after;
        }
        // Plural possessive: analysts' (when no single quote is open).
        if kind == TokenKind::Word
            && next_k < pieces.len()
            && *open_single_quotes == 0
            && matches!(pieces[next_k].shape, Shape::Mark('\'' | '’'))
            && adjacent(pieces, next_k)
            && text[pieces[k].start..pieces[next_k - 1].end].ends_with(['s', 'S'])
            && (next_k + 1 >= pieces.len()
                || !adjacent(pieces, next_k + 1)
                || matches!(pieces[next_k + 1].shape, Shape::Mark(_)))
        {
            next_k += 1;
        }
        let (start, end) = (pieces[k].start, pieces[next_k - 1].end);
        if kind == TokenKind::Word && is_rule(text, start, end) {
            kind = TokenKind::Punct;
        }
        tokens.push(TokenSpan { start, end, kind });
        k = next_k;
    }
}

/// Whether `text[start..end]` is a rule of underscores ("___", AP's
/// separator line), which UAX #29 reads as a word: it is punctuation.
fn is_rule(text: &str, start: usize, end: usize) -> bool {
    let bytes = &text.as_bytes()[start..end];
    bytes[0] == b'_' && bytes.iter().all(|&b| b == b'_')
}

/// Whether piece `k` touches the piece before it (no white space between).
#[inline]
fn adjacent(pieces: &[Piece], k: usize) -> bool {
    k > 0 && k < pieces.len() && pieces[k - 1].end == pieces[k].start
}

/// Whether `text[start..end]` holds a letter.
fn has_alpha(text: &str, start: usize, end: usize) -> bool {
    text.get(start..end).is_some_and(|s| {
        s.bytes().any(|b| b.is_ascii_alphabetic())
            || (!s.is_ascii() && s.chars().any(char::is_alphabetic))
    })
}

/// Whether piece `k` is a plain integer (ASCII digits only).
fn is_integer(text: &str, piece: &Piece) -> bool {
    matches!(piece.shape, Shape::Numeric)
        && text[piece.start..piece.end]
            .bytes()
            .all(|b| b.is_ascii_digit())
}

/// The token that starts at piece `k`, hyphen compounds aside: returns the index
/// past its last piece and its kind.
fn core_token(
    text: &str,
    pieces: &[Piece],
    k: usize,
    open_single_quotes: &mut u32,
) -> (usize, TokenKind) {
    let piece = pieces[k];
    let n = pieces.len();
    let starts_run = !adjacent(pieces, k);
    match piece.shape {
        Shape::Link => (k + 1, TokenKind::Word),
        Shape::Numeric => (extend_number(text, pieces, k + 1), TokenKind::Number),
        Shape::Alpha => {
            let word = &text[piece.start..piece.end];
            // US$5, A$10
            if k + 2 < n
                && word.len() <= 3
                && is_initials(word)
                && matches!(pieces[k + 1].shape, Shape::Mark('$'))
                && adjacent(pieces, k + 1)
                && adjacent(pieces, k + 2)
                && matches!(pieces[k + 2].shape, Shape::Numeric)
            {
                return (extend_number(text, pieces, k + 3), TokenKind::Number);
            }
            // Initials joined by an ampersand: AT&T, S&P, R&B, M&S's.
            if k + 2 < n
                && is_initials(word)
                && matches!(pieces[k + 1].shape, Shape::Mark('&'))
                && adjacent(pieces, k + 1)
                && adjacent(pieces, k + 2)
                && matches!(pieces[k + 2].shape, Shape::Alpha)
                && is_initials(strip_clitic_s(
                    &text[pieces[k + 2].start..pieces[k + 2].end],
                ))
            {
                return (k + 3, TokenKind::Word);
            }
            // A code of capitals, a period and a number: a virus variant
            // (JN.1, XBB.1.5, BA.2.86), which UAX #29 cuts at the period.
            if k + 2 < n
                && matches!(pieces[k + 2].shape, Shape::Numeric)
                && matches!(pieces[k + 1].shape, Shape::Mark('.'))
                && adjacent(pieces, k + 1)
                && adjacent(pieces, k + 2)
                && (1..=5).contains(&word.len())
                && word.bytes().all(|b| b.is_ascii_uppercase())
                && text[pieces[k + 2].start..pieces[k + 2].end]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.')
                && !(k + 3 < n
                    && adjacent(pieces, k + 3)
                    && matches!(pieces[k + 3].shape, Shape::Alpha | Shape::Numeric))
            {
                return (k + 3, TokenKind::Word);
            }
            let mut next = k + 1;
            if next < n
                && matches!(pieces[next].shape, Shape::Mark('.'))
                && adjacent(pieces, next)
                && keeps_period(text, pieces, k)
            {
                next += 1;
            }
            // Clitic 's after a period (Jr.'s) or a final digit (G20's,
            // MP3’s), where UAX #29 breaks at the apostrophe; after a final
            // letter it keeps "Russia’s" whole itself.
            if next + 1 < n
                && (next > k + 1 || word.ends_with(|c: char| c.is_ascii_digit()))
                && matches!(pieces[next].shape, Shape::Mark('\'' | '’'))
                && adjacent(pieces, next)
                && adjacent(pieces, next + 1)
                && matches!(
                    &text[pieces[next + 1].start..pieces[next + 1].end],
                    "s" | "S"
                )
            {
                next += 2;
            }
            (next, TokenKind::Word)
        }
        Shape::Mark(c) => {
            if CURRENCY_SIGNS.contains(&c)
                && k + 1 < n
                && matches!(pieces[k + 1].shape, Shape::Numeric)
                && adjacent(pieces, k + 1)
            {
                return (extend_number(text, pieces, k + 2), TokenKind::Number);
            }
            // A signed number: -5C, (−0.1%), +44, -$5bn; not a dash that
            // joins two numbers (3-2).
            let after_opener = k > 0
                && adjacent(pieces, k)
                && matches!(pieces[k - 1].shape, Shape::Mark(o) if OPENERS.contains(&o));
            if matches!(c, '-' | '−' | '+') && (starts_run || after_opener) {
                let digits_at = |j: usize| {
                    j < n && adjacent(pieces, j) && matches!(pieces[j].shape, Shape::Numeric)
                };
                if digits_at(k + 1) {
                    return (extend_number(text, pieces, k + 2), TokenKind::Number);
                }
                if k + 1 < n
                    && adjacent(pieces, k + 1)
                    && matches!(pieces[k + 1].shape, Shape::Mark(sign) if CURRENCY_SIGNS.contains(&sign))
                    && digits_at(k + 2)
                {
                    return (extend_number(text, pieces, k + 3), TokenKind::Number);
                }
            }
            // Two straight single quotes typed for a double one: ''Even so,''
            if c == '\''
                && k + 1 < n
                && adjacent(pieces, k + 1)
                && matches!(pieces[k + 1].shape, Shape::Mark('\''))
            {
                return (k + 2, TokenKind::Punct);
            }
            if matches!(c, '\'' | '’' | '‘') && starts_run && k + 1 < n && adjacent(pieces, k + 1)
            {
                let next = &text[pieces[k + 1].start..pieces[k + 1].end];
                let b = next.as_bytes();
                if b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b's' {
                    return (k + 2, TokenKind::Number);
                }
                // The quote mark after the next piece, if it closes on it.
                let closed = k + 2 < n
                    && adjacent(pieces, k + 2)
                    && matches!(pieces[k + 2].shape, Shape::Mark('\'' | '’'));
                // An elided year: the class of '08, in ’94 (not a quoted '10').
                if b.len() == 2 && b.iter().all(u8::is_ascii_digit) && !closed {
                    return (k + 2, TokenKind::Number);
                }
                // Rock 'n' roll: the "and" between two elisions is one word.
                if closed
                    && matches!(next, "n" | "N")
                    && !(k + 3 < n
                        && adjacent(pieces, k + 3)
                        && matches!(pieces[k + 3].shape, Shape::Alpha | Shape::Numeric))
                {
                    return (k + 3, TokenKind::Word);
                }
                // A word clipped in front: let 'em, 'tis, 'cause (not a quoted 'em').
                if !closed
                    && matches!(pieces[k + 1].shape, Shape::Alpha)
                    && is_front_clipped_word(next)
                {
                    return (k + 2, TokenKind::Word);
                }
                if matches!(pieces[k + 1].shape, Shape::Alpha) {
                    *open_single_quotes += 1;
                }
            } else if c == '‘' {
                *open_single_quotes += 1;
            } else if matches!(c, '\'' | '’') && *open_single_quotes > 0 {
                *open_single_quotes -= 1;
            }
            // A sign opening what follows it, also inside brackets or
            // quotes: a rank (#1, (#10)), a hashtag or a handle ((#MAGA),
            // #10DowningSt, @BBCNews).
            if matches!(c, '#' | '@')
                && (starts_run || after_opener)
                && k + 1 < n
                && adjacent(pieces, k + 1)
            {
                let next = &pieces[k + 1];
                if c == '#' && is_integer(text, next) {
                    return (extend_number(text, pieces, k + 2), TokenKind::Number);
                }
                if matches!(next.shape, Shape::Alpha)
                    || (matches!(next.shape, Shape::Numeric)
                        && has_alpha(text, next.start, next.end))
                {
                    return (k + 2, TokenKind::Word);
                }
            }
            if matches!(c, '.' | '?' | '!' | '-') {
                let mut next = k + 1;
                while next < n
                    && adjacent(pieces, next)
                    && matches!(pieces[next].shape, Shape::Mark(d) if d == c || (c != '-' && matches!(d, '?' | '!') && c != '.'))
                {
                    next += 1;
                }
                return (next, TokenKind::Punct);
            }
            (
                k + 1,
                if is_punctuation(c) {
                    TokenKind::Punct
                } else {
                    TokenKind::Symbol
                },
            )
        }
        Shape::Cluster(c) => (
            k + 1,
            if is_punctuation(c) {
                TokenKind::Punct
            } else {
                TokenKind::Symbol
            },
        ),
    }
}

/// Whether the word piece `k` keeps the period after it as part of the token
/// (U.S., Mr., etc., E.); a period that begins an ellipsis stays apart.
fn keeps_period(text: &str, pieces: &[Piece], k: usize) -> bool {
    let dot = k + 1;
    if dot + 1 < pieces.len()
        && adjacent(pieces, dot + 1)
        && matches!(pieces[dot + 1].shape, Shape::Mark('.'))
    {
        return false;
    }
    let word = &text[pieces[k].start..pieces[k].end];
    if word.contains('.') {
        return is_initialism(word);
    }
    if dot + 1 >= pieces.len() {
        return keeps_last_period(word);
    }
    // A period a comma follows ends no sentence: it is an abbreviation's
    // ("Hamilton, Ont., said"), whatever list it is missing from.
    if adjacent(pieces, dot + 1)
        && matches!(pieces[dot + 1].shape, Shape::Mark(','))
        && word.len() <= 6
        && word.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return true;
    }
    match abbreviation(word) {
        // "LLC. and": a lower-case word after it shows the period its own.
        Some(NameSuffix) if in_capitals(word) => {
            text[pieces[dot + 1].start..].starts_with(|c: char| c.is_lowercase())
        }
        // "P." in a name is an initial, where "p." is a page before its number.
        Some(Numbered) if word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() => true,
        // "No. 5", and "Case No. CR2024-118842" before a label with digits.
        Some(Numbered) => {
            let next = &pieces[dot + 1];
            matches!(next.shape, Shape::Numeric)
                || (matches!(next.shape, Shape::Alpha)
                    && text[next.start..next.end]
                        .bytes()
                        .any(|b| b.is_ascii_digit()))
        }
        Some(_) => true,
        None => {
            let mut chars = word.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        }
    }
}

/// `keeps_period` for a word without periods whose period is the last piece
/// (nothing follows it before white space): only an abbreviation that needs
/// no number after it keeps it ("Apple Inc."); an initial there ends the
/// sentence ("plan B.").
fn keeps_last_period(word: &str) -> bool {
    match abbreviation(word) {
        Some(NameSuffix) if in_capitals(word) => false,
        Some(kind) => kind != Numbered,
        None => false,
    }
}

/// Whether a name suffix is written in capitals ("LLP", "LLC", "PLC"), which
/// take no period: one after them is the sentence's.
fn in_capitals(suffix: &str) -> bool {
    suffix.len() == 3 && is_initials(suffix)
}

/// Extends a number from piece `k` on: fractions (1/2, 2 1/2, 2½), dates with
/// slashes, a percent sign.
fn extend_number(text: &str, pieces: &[Piece], mut k: usize) -> usize {
    let n = pieces.len();
    let first = k - 1;
    loop {
        if k >= n {
            return k;
        }
        let piece = pieces[k];
        if !adjacent(pieces, k) {
            // Mixed fraction: "2 1/2", "2 ½".
            let gap = &text[pieces[k - 1].end..piece.start];
            let whole = k - 1 == first && is_integer(text, &pieces[first]);
            if whole && gap == " " {
                if is_vulgar_fraction(text, &piece) {
                    return k + 1;
                }
                if k + 2 < n
                    && is_integer(text, &piece)
                    && matches!(pieces[k + 1].shape, Shape::Mark('/'))
                    && adjacent(pieces, k + 1)
                    && adjacent(pieces, k + 2)
                    && is_integer(text, &pieces[k + 2])
                    && !(k + 3 < n
                        && adjacent(pieces, k + 3)
                        && matches!(pieces[k + 3].shape, Shape::Mark('/')))
                {
                    let numerator: u64 = text[piece.start..piece.end].parse().unwrap_or(u64::MAX);
                    let denominator: u64 = text[pieces[k + 2].start..pieces[k + 2].end]
                        .parse()
                        .unwrap_or(0);
                    if numerator < denominator && denominator <= 100 {
                        k += 3;
                        continue;
                    }
                }
            }
            return k;
        }
        match piece.shape {
            Shape::Mark('/')
                if k + 1 < n
                    && adjacent(pieces, k + 1)
                    && matches!(pieces[k + 1].shape, Shape::Numeric) =>
            {
                k += 2;
            }
            // Three or more groups of digits joined by hyphens are one
            // number: a telephone number (1-800-555-0199), an ISO date
            // (2020-01-15), a formation (4-4-2). Two groups are a range or
            // a score (1990-91, 2-1) and stay apart.
            Shape::Mark('-') if k - 1 == first => {
                let groups = hyphenated_groups(text, pieces, first);
                return if groups >= 3 {
                    first + 2 * groups - 1
                } else {
                    k
                };
            }
            // Clock times and race times: 10:30, 1:05:30, 1:50.87 (a score
            // or ratio, 2:1, has one digit after the colon and stays apart).
            Shape::Mark(':')
                if k + 1 < n
                    && adjacent(pieces, k + 1)
                    && is_integer(text, &pieces[k - 1])
                    && pieces[k - 1].end - pieces[k - 1].start <= 2
                    && starts_with_two_digits(&text[pieces[k + 1].start..pieces[k + 1].end]) =>
            {
                k += 2;
            }
            Shape::Mark('%') => return k + 1,
            // A height in feet and inches: 5'11", 5’11”, 5′11″. UAX #29
            // joins "5'11" across the apostrophe; the inch mark after it
            // belongs to the number, not to a quotation.
            Shape::Mark('"' | '”' | '″') if feet_and_inches(text, pieces, first, k) => {
                return k + 1;
            }
            Shape::Mark('′')
                if k - 1 == first
                    && is_integer(text, &pieces[first])
                    && k + 1 < n
                    && adjacent(pieces, k + 1)
                    && is_integer(text, &pieces[k + 1]) =>
            {
                k += 2;
            }
            // Degrees, with the scale written against them: 45°, 10°C, 50°F.
            Shape::Mark('°') => {
                let scale = k + 1 < n
                    && adjacent(pieces, k + 1)
                    && matches!(&text[pieces[k + 1].start..pieces[k + 1].end], "C" | "F");
                return k + 1 + usize::from(scale);
            }
            Shape::Numeric => k += 1,
            Shape::Mark('\'' | '’')
                if k + 1 < n
                    && adjacent(pieces, k + 1)
                    && matches!(&text[pieces[k + 1].start..pieces[k + 1].end], "s" | "S") =>
            {
                return k + 2;
            }
            _ => return k,
        }
    }
}

/// Whether pieces `first..k` are feet and inches before an inch mark at
/// `k`: "5'11" (one piece, its apostrophe between digits) or "5", "′",
/// "11"; a foot or inch count of at most two digits each.
fn feet_and_inches(text: &str, pieces: &[Piece], first: usize, k: usize) -> bool {
    let number = &text[pieces[first].start..pieces[k - 1].end];
    let Some((feet, inches)) = number.split_once(['\'', '’', '′']) else {
        return false;
    };
    let short_digits =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    short_digits(feet) && short_digits(inches)
}

/// How many groups of ASCII digits, joined by single hyphens with nothing
/// between, run from piece `first` on (none if it is no such group).
fn hyphenated_groups(text: &str, pieces: &[Piece], first: usize) -> usize {
    if !is_integer(text, &pieces[first]) {
        return 0;
    }
    let mut groups = 1;
    let mut k = first + 1;
    while k + 1 < pieces.len()
        && matches!(pieces[k].shape, Shape::Mark('-'))
        && adjacent(pieces, k)
        && adjacent(pieces, k + 1)
        && is_integer(text, &pieces[k + 1])
    {
        groups += 1;
        k += 2;
    }
    groups
}

/// Whether `word` is one to four capital ASCII letters, as each side of
/// "AT&T" or "R&B" is.
fn is_initials(word: &str) -> bool {
    (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// `word` without a final 's or ’s (the UAX #29 word "T's" of "AT&T's").
fn strip_clitic_s(word: &str) -> &str {
    ["'s", "’s"]
        .iter()
        .find_map(|clitic| word.strip_suffix(clitic))
        .unwrap_or(word)
}

/// Whether `number` starts with exactly two digits (the minutes of "10:30",
/// the seconds of "1:50.87"); a suffix after them (.87, pm) may follow.
fn starts_with_two_digits(number: &str) -> bool {
    let bytes = number.as_bytes();
    bytes.len() >= 2
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && !bytes.get(2).is_some_and(u8::is_ascii_digit)
}

/// Whether the piece is a single vulgar fraction character (½, ¾, ⅓).
fn is_vulgar_fraction(text: &str, piece: &Piece) -> bool {
    let mut chars = text[piece.start..piece.end].chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if matches!(c, '¼' | '½' | '¾' | '\u{2150}'..='\u{215E}'))
}

/// Whether `c` is a punctuation mark (Unicode general category P*), for the
/// scripts news is written in; other non-alphanumeric characters are symbols.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return matches!(
            c,
            '!' | '"'
                | '#'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '?'
                | '@'
                | '['
                | '\\'
                | ']'
                | '_'
                | '{'
                | '}'
        );
    }
    matches!(c,
        '\u{A1}' | '\u{A7}' | '\u{AB}' | '\u{B6}' | '\u{B7}' | '\u{BB}' | '\u{BF}'
        | '\u{37E}' | '\u{387}' | '\u{55A}'..='\u{55F}' | '\u{589}' | '\u{58A}'
        | '\u{5BE}' | '\u{5C0}' | '\u{5C3}' | '\u{5C6}' | '\u{5F3}' | '\u{5F4}'
        | '\u{609}' | '\u{60A}' | '\u{60C}' | '\u{60D}' | '\u{61B}' | '\u{61D}'..='\u{61F}'
        | '\u{66A}'..='\u{66D}' | '\u{6D4}' | '\u{964}' | '\u{965}' | '\u{970}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}' | '\u{207D}' | '\u{207E}' | '\u{208D}' | '\u{208E}'
        | '\u{2308}'..='\u{230B}' | '\u{2329}' | '\u{232A}' | '\u{2768}'..='\u{2775}'
        | '\u{27C5}' | '\u{27C6}' | '\u{27E6}'..='\u{27EF}' | '\u{2983}'..='\u{2998}'
        | '\u{29D8}'..='\u{29DB}' | '\u{29FC}' | '\u{29FD}' | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}'
        | '\u{3030}' | '\u{303D}' | '\u{30A0}' | '\u{30FB}' | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE52}' | '\u{FE54}'..='\u{FE61}' | '\u{FE63}' | '\u{FE68}'
        | '\u{FE6A}' | '\u{FE6B}' | '\u{FF01}'..='\u{FF03}' | '\u{FF05}'..='\u{FF0A}'
        | '\u{FF0C}'..='\u{FF0F}' | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}'
        | '\u{FF3B}'..='\u{FF3D}' | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}' | '\u{FF5F}'..='\u{FF65}'
    )
}

/// The `norm` column: lower case, NFKC, curly apostrophes straightened.
pub fn normalize_token(token: &str) -> String {
    token_norm(token, &mut String::new()).to_string()
}

/// [`normalize_token`] without a string per token: most tokens (ASCII
/// words in lower case, numbers, marks) are their own norm and are returned
/// as they are, after a check of a few word-sized reads; the others are
/// normalised into `scratch`, which the tokenise stage reuses from token to
/// token. Inlined into the caller's loop: the check is most of the work,
/// and a call per token cost more than it.
#[inline]
pub fn token_norm<'a>(token: &'a str, scratch: &'a mut String) -> &'a str {
    folded_norm(token, 0, token.len(), scratch).unwrap_or(token)
}

/// The norm of the token `text[start..end]` where it is not the token
/// itself, None where it is (most tokens): the tokenise stage has the
/// token's text at hand already, and taking it out of `text` a second time,
/// with the checks of character boundaries that slicing a `str` makes, cost
/// more than the check of the norm.
#[inline(always)]
pub fn folded_norm<'a>(
    text: &str,
    start: usize,
    end: usize,
    scratch: &'a mut String,
) -> Option<&'a str> {
    let Some((token, len)) = token_window(text.as_bytes(), start, end) else {
        return long_folded_norm(&text[start..end], scratch);
    };
    let (low, high) = (token as u64, (token >> 64) as u64);
    if (low | high) & LANE_HIGH != 0 {
        return Some(fold_into(&text[start..end], scratch));
    }
    let capitals_low = ascii_lanes_between(low, b'A' - 1, b'Z' + 1);
    let capitals_high = ascii_lanes_between(high, b'A' - 1, b'Z' + 1);
    if (capitals_low | capitals_high) == 0 {
        return None;
    }
    // ASCII with capitals (a word opening a sentence, a name): each
    // capital's lane bit, moved from 0x80 to 0x20, lowers it, with no loop
    // over the token's bytes.
    let lowered =
        u128::from(low | (capitals_low >> 2)) | (u128::from(high | (capitals_high >> 2)) << 64);
    let lowered = lowered.to_le_bytes();
    scratch.clear();
    scratch.push_str(std::str::from_utf8(&lowered[..len]).unwrap_or_default());
    Some(scratch)
}

/// A token of up to sixteen bytes, with sixteen bytes of text from its
/// start (nearly every token), as one little-endian window with the bytes
/// past its end masked off to zero, and its length. A token's length
/// differs from the last one's more often than not, so a branch on it is
/// mispredicted at many tokens: the window takes the same instructions
/// whatever the length.
#[inline(always)]
fn token_window(text: &[u8], start: usize, end: usize) -> Option<(u128, usize)> {
    let len = end.saturating_sub(start);
    let window = text
        .get(start..start + 16)
        .filter(|_| (1..=16).contains(&len))?;
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(window);
    Some((
        u128::from_le_bytes(bytes) & (u128::MAX >> (128 - 8 * len)),
        len,
    ))
}

/// `folded_norm` of a token `token_window` cannot read (long, or at the
/// text's very end), out of line so that the inlined part stays small.
#[inline(never)]
fn long_folded_norm<'a>(token: &str, scratch: &'a mut String) -> Option<&'a str> {
    if is_own_norm(token.as_bytes()) {
        return None;
    }
    Some(fold_into(token, scratch))
}

/// Whether `bytes` has no upper-case ASCII letter and no non-ASCII byte,
/// for the tokens `token_window` cannot read (longer than sixteen bytes, or
/// at the text's very end).
fn is_own_norm(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| b.is_ascii() && !b.is_ascii_uppercase())
}

/// The norm of a token that is not its own norm, made in `scratch`.
#[inline(never)]
fn fold_into<'a>(token: &str, scratch: &'a mut String) -> &'a str {
    scratch.clear();
    // Plain ASCII (a capitalised word, most of these) is copied whole and
    // lower-cased in place, quicker than `fold_ascii_and_quotes`' byte by byte.
    if token.is_ascii() {
        scratch.push_str(token);
        scratch.make_ascii_lowercase();
        return scratch;
    }
    if fold_ascii_and_quotes(token, scratch) {
        return scratch;
    }
    scratch.clear();
    // A token already in NFKC (nearly all: curly quotes and apostrophes,
    // accented letters, currency signs) is its own NFKC, so its fold is its
    // lower case with straight apostrophes, made straight into the scratch
    // string rather than through NFKC's pass and two new strings.
    if is_nfkc(token) {
        scratch.extend(
            token
                .chars()
                .flat_map(char::to_lowercase)
                .map(straight_apostrophe),
        );
        if !is_nfkc(scratch) {
            // Lower case left text that NFKC changes (rare): fold it once
            // more, as `normalize_non_ascii` does.
            *scratch = fold(scratch);
        }
        return scratch;
    }
    scratch.push_str(&normalize_non_ascii(token));
    scratch
}

/// Folds into `scratch`, byte by byte, a token of ASCII and the curly
/// quotes and dashes of news text (‘ ’ “ ” – —), the commonest non-ASCII
/// tokens: each of these is its own NFKC and its own lower case, so the fold
/// is ASCII lower case with the single quotes straightened. False, with
/// `scratch` part-filled, at any other character.
fn fold_ascii_and_quotes(token: &str, scratch: &mut String) -> bool {
    let bytes = token.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            scratch.push(char::from(b.to_ascii_lowercase()));
            i += 1;
            continue;
        }
        match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (0xE2, Some(0x80), Some(0x98 | 0x99)) => scratch.push('\''),
            (0xE2, Some(0x80), Some(0x9C | 0x9D | 0x93 | 0x94)) => {
                scratch.push_str(&token[i..i + 3]);
            }
            _ => return false,
        }
        i += 3;
    }
    true
}

/// Whether `text` is certainly in NFKC (the quick check's "yes").
fn is_nfkc(text: &str) -> bool {
    unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

fn normalize_non_ascii(token: &str) -> String {
    let once = fold(token);
    // Lower-casing can, rarely, leave text that NFKC changes again; fold once more
    // so that the norm of a norm is itself.
    if is_nfkc(&once) { once } else { fold(&once) }
}

/// NFKC, then lower case, then straight apostrophes.
fn fold(token: &str) -> String {
    let nfkc: String = token.nfkc().collect();
    nfkc.chars()
        .flat_map(char::to_lowercase)
        .map(straight_apostrophe)
        .collect()
}

/// An apostrophe or single quote mark as the straight apostrophe.
fn straight_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' => '\'',
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/// Words written with their first letters dropped and an apostrophe in their
/// place (them, it is, it was, until, because, about): the apostrophe is part
/// of the word, not a quote opening.
fn is_front_clipped_word(word: &str) -> bool {
    const CLIPPED: [&str; 7] = ["em", "tis", "twas", "til", "cause", "bout", "cos"];
    CLIPPED
        .iter()
        .any(|clipped| word.eq_ignore_ascii_case(clipped))
}

/// How the period after `word` reads, if `word` is a known abbreviation. Titles
/// and states count only when capitalised; a lower-case title is a plain
/// abbreviation ("5th st.").
fn abbreviation(word: &str) -> Option<Abbrev> {
    if word.is_empty() || word.len() > 7 {
        return None;
    }
    let key = packed_key(word.as_bytes(), true);
    let k = ABBREVIATION_KEYS.binary_search(&key).ok()?;
    // "Gen", not "GEN" or "MS" (multiple sclerosis).
    let capitalised = word.as_bytes()[0].is_ascii_uppercase()
        && !word.as_bytes()[1..].iter().any(u8::is_ascii_uppercase);
    match ABBREVIATIONS[k].1 {
        // Parliament's "my hon. Friend", "the right hon. Gentleman".
        Title if !capitalised && word != "hon" => Some(Plain),
        State if !capitalised => None,
        class => Some(class),
    }
}

/// Whether `word` is in the sorted closed set.
fn in_set(set: &[&str], word: &str) -> bool {
    set.binary_search(&word).is_ok()
}

/// `word` with ASCII letters lower-cased, in `buf` (empty if it does not fit).
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 24]) -> &'b str {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() {
        return "";
    }
    for (slot, b) in buf.iter_mut().zip(bytes) {
        *slot = b.to_ascii_lowercase();
    }
    // Lower-casing ASCII bytes keeps valid UTF-8 valid.
    std::str::from_utf8(&buf[..bytes.len()]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sents(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    /// Each text is one sentence, whole.
    fn each_one_sentence(texts: &[&str]) {
        for text in texts {
            assert_eq!(sents(text), [*text]);
        }
    }

    /// Each sentence with its paragraph's index.
    fn sents_in_paragraphs(text: &str) -> Vec<(&str, u32)> {
        split_sentences(text)
            .iter()
            .map(|s| (&text[s.start..s.end], s.paragraph_idx))
            .collect()
    }

    fn toks(text: &str) -> Vec<(&str, TokenKind)> {
        tokenize(text, 0, text.len())
            .iter()
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    fn tok_texts(text: &str) -> Vec<&str> {
        toks(text).into_iter().map(|(t, _)| t).collect()
    }

    /// The English Golden Rules of the Pragmatic Segmenter, with pySBD's expected
    /// splits (including the one pySBD itself marks as failing).
    const GOLDEN_RULES: &[(&str, &[&str])] = &[
        (
            "Hello World. My name is Jonas.",
            &["Hello World.", "My name is Jonas."],
        ),
        (
            "What is your name? My name is Jonas.",
            &["What is your name?", "My name is Jonas."],
        ),
        ("There it is! I found it.", &["There it is!", "I found it."]),
        (
            "My name is Jonas E. Smith.",
            &["My name is Jonas E. Smith."],
        ),
        ("Please turn to p. 55.", &["Please turn to p. 55."]),
        (
            "Were Jane and co. at the party?",
            &["Were Jane and co. at the party?"],
        ),
        (
            "They closed the deal with Pitt, Briggs & Co. at noon.",
            &["They closed the deal with Pitt, Briggs & Co. at noon."],
        ),
        (
            "Let's ask Jane and co. They should know.",
            &["Let's ask Jane and co.", "They should know."],
        ),
        (
            "They closed the deal with Pitt, Briggs & Co. It closed yesterday.",
            &[
                "They closed the deal with Pitt, Briggs & Co.",
                "It closed yesterday.",
            ],
        ),
        (
            "I can see Mt. Fuji from here.",
            &["I can see Mt. Fuji from here."],
        ),
        (
            "St. Michael's Church is on 5th st. near the light.",
            &["St. Michael's Church is on 5th st. near the light."],
        ),
        ("That is JFK Jr.'s book.", &["That is JFK Jr.'s book."]),
        (
            "I visited the U.S.A. last year.",
            &["I visited the U.S.A. last year."],
        ),
        (
            "I live in the E.U. How about you?",
            &["I live in the E.U.", "How about you?"],
        ),
        (
            "I live in the U.S. How about you?",
            &["I live in the U.S.", "How about you?"],
        ),
        (
            "I work for the U.S. Government in Virginia.",
            &["I work for the U.S. Government in Virginia."],
        ),
        (
            "I have lived in the U.S. for 20 years.",
            &["I have lived in the U.S. for 20 years."],
        ),
        (
            "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store.",
            &[
                "At 5 a.m. Mr. Smith went to the bank.",
                "He left the bank at 6 P.M.",
                "Mr. Smith then went to the store.",
            ],
        ),
        (
            "She has $100.00 in her bag.",
            &["She has $100.00 in her bag."],
        ),
        (
            "She has $100.00. It is in her bag.",
            &["She has $100.00.", "It is in her bag."],
        ),
        (
            "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
            &[
                "He teaches science (He previously worked for 5 years as an engineer.) at the local University.",
            ],
        ),
        (
            "Her email is Jane.Doe@example.com. I sent her an email.",
            &["Her email is Jane.Doe@example.com.", "I sent her an email."],
        ),
        (
            "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out.",
            &[
                "The site is: https://www.example.50.com/new-site/awesome_content.html.",
                "Please check it out.",
            ],
        ),
        (
            "She turned to him, 'This is great.' she said.",
            &["She turned to him, 'This is great.' she said."],
        ),
        (
            "She turned to him, \"This is great.\" she said.",
            &["She turned to him, \"This is great.\" she said."],
        ),
        (
            "She turned to him, \"This is great.\" She held the book out to show him.",
            &[
                "She turned to him, \"This is great.\"",
                "She held the book out to show him.",
            ],
        ),
        (
            "Hello!! Long time no see.",
            &["Hello!!", "Long time no see."],
        ),
        ("Hello?? Who is there?", &["Hello??", "Who is there?"]),
        ("Hello!? Is that you?", &["Hello!?", "Is that you?"]),
        ("Hello?! Is that you?", &["Hello?!", "Is that you?"]),
        (
            "1.) The first item 2.) The second item",
            &["1.) The first item", "2.) The second item"],
        ),
        (
            "1.) The first item. 2.) The second item.",
            &["1.) The first item.", "2.) The second item."],
        ),
        (
            "1) The first item 2) The second item",
            &["1) The first item", "2) The second item"],
        ),
        (
            "1) The first item. 2) The second item.",
            &["1) The first item.", "2) The second item."],
        ),
        (
            "1. The first item 2. The second item",
            &["1. The first item", "2. The second item"],
        ),
        (
            "1. The first item. 2. The second item.",
            &["1. The first item.", "2. The second item."],
        ),
        (
            "• 9. The first item • 10. The second item",
            &["• 9. The first item", "• 10. The second item"],
        ),
        (
            "⁃9. The first item ⁃10. The second item",
            &["⁃9. The first item", "⁃10. The second item"],
        ),
        (
            "a. The first item b. The second item c. The third list item",
            &[
                "a. The first item",
                "b. The second item",
                "c. The third list item",
            ],
        ),
        (
            "You can find it at N°. 1026.253.553. That is where the treasure is.",
            &[
                "You can find it at N°. 1026.253.553.",
                "That is where the treasure is.",
            ],
        ),
        (
            "She works at Yahoo! in the accounting department.",
            &["She works at Yahoo! in the accounting department."],
        ),
        (
            "We make a good team, you and I. Did you see Albert I. Jones yesterday?",
            &[
                "We make a good team, you and I.",
                "Did you see Albert I. Jones yesterday?",
            ],
        ),
        (
            "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”",
            &[
                "Thoreau argues that by simplifying one’s life, “the laws of the universe will appear less complex. . . .”",
            ],
        ),
        (
            "\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55).",
            &["\"Bohr [...] used the analogy of parallel stairways [...]\" (Smith 55)."],
        ),
        (
            "If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with a period . . . . Next sentence.",
            &[
                "If words are left off at the end of a sentence, and that is all that is omitted, indicate the omission with ellipsis marks (preceded and followed by a space) and then indicate the end of the sentence with a period . . . .",
                "Next sentence.",
            ],
        ),
        (
            "I never meant that.... She left the store.",
            &["I never meant that....", "She left the store."],
        ),
        (
            "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
            &[
                "I wasn’t really ... well, what I mean...see . . . what I'm saying, the thing is . . . I didn’t mean it.",
            ],
        ),
        (
            "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds. . . . The practice was not abandoned. . . .",
            &[
                "One further habit which was somewhat weakened . . . was that of combining words into self-interpreting compounds.",
                ". . . The practice was not abandoned. . . .",
            ],
        ),
    ];

    #[test]
    fn golden_rules_all_pass() {
        let mut failures = Vec::new();
        for (input, expected) in GOLDEN_RULES {
            let got = sents(input);
            if got != *expected {
                failures.push(format!("{input:?}\n  want {expected:?}\n  got  {got:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {} golden rules fail:\n{}",
            failures.len(),
            GOLDEN_RULES.len(),
            failures.join("\n")
        );
    }

    /// The word before a period, read back byte by byte where it is plain
    /// letters and digits after ASCII white space or the line's start, and
    /// by characters, trimmed of openers and closers, where it is not.
    #[test]
    fn period_words_with_and_without_marks_around_them() {
        let word_before = |text: &str, line_start: usize| {
            let dot = text.rfind('.').expect("a period");
            let (word, start) = period_word(text, line_start, dot);
            assert_eq!(&text[start..start + word.len()], word);
            word.to_string()
        };
        assert_eq!(word_before("He met Gen. Smith on Jan.", 0), "Jan");
        assert_eq!(word_before("Jan.", 0), "Jan");
        assert_eq!(word_before("Line one\nNo.", 9), "No");
        assert_eq!(word_before("It ended\tin 2019.", 0), "2019");
        assert_eq!(word_before("It ended (Jan.", 0), "Jan");
        assert_eq!(word_before("He said “Mr.", 0), "Mr");
        assert_eq!(word_before("in the U.S.", 0), "U.S");
        assert_eq!(word_before("a then-Rep.", 0), "then-Rep");
        assert_eq!(word_before("au café.", 0), "café");
        assert_eq!(word_before("at\u{a0}Jan.", 0), "Jan");
        assert_eq!(word_before("It fell 5%.", 0), "5%");
        assert_eq!(word_before("It ended .", 0), "");
        // The line's start bounds the word, as white space would.
        assert_eq!(word_before("xxJan.", 2), "Jan");
    }

    /// The Golden Rules with errant line breaks: a sentence wrapped mid-way
    /// stays whole, a list of short lines stays a list.
    #[test]
    fn golden_rules_line_breaks() {
        assert_eq!(
            sents("This is a sentence\ncut off in the middle because pdf."),
            ["This is a sentence\ncut off in the middle because pdf."]
        );
        assert_eq!(
            sents("It was a cold \nnight in the city."),
            ["It was a cold \nnight in the city."]
        );
        assert_eq!(
            sents("features\ncontact manager\nevents, activities\n"),
            ["features", "contact manager", "events, activities"]
        );
    }

    /// Hard-wrapped prose is read as paragraphs of sentences; the breaks that
    /// end a heading, a list item or a paragraph stay breaks.
    #[test]
    fn wrapped_lines_join_their_sentence() {
        let text = "Each event\nis covered by three articles, one each from Fox News, The New York Times and\nHuffPost. That makes 300 articles.\r\nthe wrap may be CR LF,\r\nas Windows writes it.\n\nNext paragraph.";
        assert_eq!(
            sents_in_paragraphs(text),
            [
                (
                    "Each event\nis covered by three articles, one each from Fox News, The New York Times and\nHuffPost.",
                    0
                ),
                ("That makes 300 articles.", 0),
                ("the wrap may be CR LF,\r\nas Windows writes it.", 1),
                ("Next paragraph.", 2),
            ]
        );
        // A heading before a capitalised paragraph, or before a line that
        // never reaches a final mark, keeps its break.
        assert_eq!(
            sents("Putin buoyed as time drags on\nThe two met. They talked."),
            [
                "Putin buoyed as time drags on",
                "The two met.",
                "They talked."
            ]
        );
        assert_eq!(
            sents("Trump and Putin meet in Helsinki\nlive updates"),
            ["Trump and Putin meet in Helsinki", "live updates"]
        );
        // "iPhone" starts with a lower-case letter but not mid-sentence.
        assert_eq!(
            sents("Apple results\niPhone sales rose."),
            ["Apple results", "iPhone sales rose."]
        );
        // Lines after a colon, and list items, keep their breaks.
        assert_eq!(
            sents("They agreed on these points:\nthe talks go on."),
            ["They agreed on these points:", "the talks go on."]
        );
        assert_eq!(
            sents("The plan has two parts,\n- a ceasefire,\n- and talks."),
            ["The plan has two parts,", "- a ceasefire,", "- and talks."]
        );
        // Web extracts break sentences with blank lines around removed names or
        // links; a lower-case continuation that ends the sentence joins it.
        let text = "A new record\n\nFast times\n\nThe young sprinter\n\nset a new record of 6.5 seconds in Oslo. Another line.";
        assert_eq!(
            sents_in_paragraphs(text),
            [
                ("A new record", 0),
                ("Fast times", 1),
                (
                    "The young sprinter\n\nset a new record of 6.5 seconds in Oslo.",
                    2
                ),
                ("Another line.", 2),
            ]
        );
        // After a comma, a capital across a blank line starts a new paragraph.
        assert_eq!(
            sents("Sales stopped in 2003,\n\nThe firm said so."),
            ["Sales stopped in 2003,", "The firm said so."]
        );
        // A final mark more lines on than the look-ahead does not join the
        // first line; the lines within reach of it join.
        let long = format!("{}.", ["start"].repeat(WRAP_LOOKAHEAD + 2).join("\nword "));
        let got = sents(&long);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], "start");
    }

    #[test]
    fn paragraphs_count_non_empty_lines() {
        let text = "Putin buoyed as time drags on\n\nHere are key takeaways from Trump, Putin meet:\nThe two met. They talked.\n  \n";
        assert_eq!(
            sents_in_paragraphs(text),
            [
                ("Putin buoyed as time drags on", 0),
                ("Here are key takeaways from Trump, Putin meet:", 1),
                ("The two met.", 2),
                ("They talked.", 2),
            ]
        );
    }

    #[test]
    fn quote_inner_boundary_splits_the_quote() {
        let text = "“We’re not there yet, but we’ve made progress. There’s no deal until there’s a deal,” Trump told reporters.";
        assert_eq!(
            sents(text),
            [
                "“We’re not there yet, but we’ve made progress.",
                "There’s no deal until there’s a deal,” Trump told reporters."
            ]
        );
    }

    #[test]
    fn quote_at_sentence_end_stays_whole() {
        let text = "Trump said, “Because of what happened today, I think I don’t have to think about that now.” Putin smiled.";
        assert_eq!(
            sents(text),
            [
                "Trump said, “Because of what happened today, I think I don’t have to think about that now.”",
                "Putin smiled."
            ]
        );
        assert_eq!(sents("Trump said, “Because of what happened today, I think I don’t have to think about that now.”").len(), 1);
    }

    /// Abbreviations and initials in the middle of names and asides, as real
    /// news writes them; the sentence still ends where it does.
    #[test]
    fn names_and_asides_after_abbreviations_do_not_end_a_sentence() {
        for text in [
            "She met the chairman, and W. Douglas Parker of the airline agreed.",
            "He wrote to Representative C. A. Dutch Ruppersberger of Maryland.",
            "It was the first visit since the shooting of then-Rep. Gabrielle Giffords in Tucson.",
            "The post-Sept. 11 law expired on Friday.",
            "Former Rep. Jesse Jackson Jr. (D-Ill.) pleaded guilty on Wednesday.",
            "He praised Chuck Schumer (D-N.Y.) ― for giving away leverage.",
            "She loves the American Revolution “& all things pink!” — whose fans agree.",
        ] {
            assert_eq!(sents(text), [text], "{text}");
        }
        assert_eq!(
            sents("The bill was written by Thomas J. Bliley Jr. Reaching that goal took years."),
            [
                "The bill was written by Thomas J. Bliley Jr.",
                "Reaching that goal took years."
            ]
        );
        for text in [
            "They marked Martin Luther King Jr. Day with a march.",
            "Shares of Acme Inc. Trading Co. rose.",
        ] {
            assert_eq!(sents(text), [text], "{text}");
        }
        assert_eq!(
            sents("Take vitamin C. The doctor said so."),
            ["Take vitamin C.", "The doctor said so."]
        );
        assert_eq!(
            sents("It was you and I. Did they know?"),
            ["It was you and I.", "Did they know?"]
        );
    }

    /// A closing double quote set off by a space still closes the sentence
    /// before it, whether the sentence goes on in the paragraph or not.
    #[test]
    fn spaced_closing_quote_stays_with_its_sentence() {
        assert_eq!(
            sents("“They relied on ‘secret law.’ ” Officials denied it."),
            ["“They relied on ‘secret law.’ ”", "Officials denied it."]
        );
        assert_eq!(
            sents("“It is ‘wrong.’ ”\nNext."),
            ["“It is ‘wrong.’ ”", "Next."]
        );
        // An opening mark after a space is not a closer.
        assert_eq!(
            sents("He said no. “Never.” Then he left."),
            ["He said no.", "“Never.”", "Then he left."]
        );
    }

    #[test]
    fn question_quote_keeps_its_attribution() {
        assert_eq!(
            sents("“Is there a deal?” Trump asked. Nobody answered."),
            ["“Is there a deal?” Trump asked.", "Nobody answered."]
        );
        assert_eq!(
            sents("“Why now?” Kremlin spokesman Dmitry Peskov said on Friday."),
            ["“Why now?” Kremlin spokesman Dmitry Peskov said on Friday."]
        );
        assert_eq!(sents("“Why now?” he asked."), ["“Why now?” he asked."]);
        // A phrase after the verb, or after whom it addressed, still attributes.
        each_one_sentence(&[
            "\"Will I have as much commitment?\" Holmes asked in the New Year.",
            "“Have I not been clear on a wall?” Ms. Pelosi said at a news conference with Senator Chuck Schumer.",
            "“I'm not going to pay for that wall!” Fox told Jorge Ramos in an interview for Fusion.",
        ]);
        // A speaker named with a title, a party tag, an age, an initial or a
        // suffix, and verbs of reply.
        each_one_sentence(&[
            "\"Is anyone surprised?\" Sen. Chris Murphy, D-Conn., wrote on X.",
            "\"Why?\" Smith, 45, asked.",
            "\"Why?\" Harold J. Brenner Jr. said.",
            "“Which consultants?” Díaz shot back.",
            "\"Why?\" Smith countered.",
        ]);
        // A speaker set off by commas inside a sentence: a sentence of its own.
        assert_eq!(
            sents("“It is dishonest.” The savings, she said, “do not cut a benefit.”"),
            [
                "“It is dishonest.”",
                "The savings, she said, “do not cut a benefit.”"
            ]
        );
        assert_eq!(
            sents("\"Is it?\" Already, he said, friends had bought one."),
            ["\"Is it?\"", "Already, he said, friends had bought one."]
        );
        // A verb further on than a speaker's name runs is another sentence's.
        assert_eq!(
            sents(
                "Will it ask: \"Should we approve the treaty?\" The government unveiled the question which will be asked earlier in the week."
            ),
            [
                "Will it ask: \"Should we approve the treaty?\"",
                "The government unveiled the question which will be asked earlier in the week."
            ]
        );
        // No speech verb among the words after the quote: a sentence of its own.
        assert_eq!(
            sents("\"Run!\" Police fired at the car."),
            ["\"Run!\"", "Police fired at the car."]
        );
        assert_eq!(
            sents("\"Stop!\" Police, firefighters and paramedics rushed in."),
            [
                "\"Stop!\"",
                "Police, firefighters and paramedics rushed in."
            ]
        );
        // A verb of telling's object may go on with "of".
        assert_eq!(
            sents("“Why?” Trump asked a crowd of about 3,000 supporters. Nobody answered."),
            [
                "“Why?” Trump asked a crowd of about 3,000 supporters.",
                "Nobody answered."
            ]
        );
        // What was told, a clause, is a sentence of its own.
        assert_eq!(
            sents("\"Enough!\" Smith told reporters the deal was dead."),
            ["\"Enough!\"", "Smith told reporters the deal was dead."]
        );
        // A clause after "said" is a sentence of its own, phrase or not.
        assert_eq!(
            sents("“Who pays?” Mr Kennedy said students would pay more in 2005."),
            [
                "“Who pays?”",
                "Mr Kennedy said students would pay more in 2005."
            ]
        );
        // "Nobody" opens a sentence: no speaker of the question before it.
        assert_eq!(
            sents("She asked, “Why now?” Nobody answered."),
            ["She asked, “Why now?”", "Nobody answered."]
        );
        assert_eq!(
            sents("“We won.” He said the talks went well."),
            ["“We won.”", "He said the talks went well."]
        );
        assert_eq!(
            sents("He said it was “great.” Then he left."),
            ["He said it was “great.”", "Then he left."]
        );
    }

    #[test]
    fn quote_then_colon_attribution_starts_a_sentence() {
        assert_eq!(
            sents("\"It's a social phenomenon.\" Mr Babinet said: \"Today you use it.\""),
            [
                "\"It's a social phenomenon.\"",
                "Mr Babinet said: \"Today you use it.\""
            ]
        );
        assert_eq!(
            sents("\"Who pays?\" Mr Kennedy also said students would pay more."),
            [
                "\"Who pays?\"",
                "Mr Kennedy also said students would pay more."
            ]
        );
        assert_eq!(
            sents("\"Who pays?\" Mr Lewis asked reporters on Friday."),
            ["\"Who pays?\" Mr Lewis asked reporters on Friday."]
        );
        assert_eq!(
            sents("‘Bullies don’t win.’ And I said, ‘Baby, they do.’"),
            ["‘Bullies don’t win.’", "And I said, ‘Baby, they do.’"]
        );
    }

    #[test]
    fn capitals_are_not_titles() {
        assert_eq!(
            sents("It treats multiple sclerosis (MS). A trial follows."),
            ["It treats multiple sclerosis (MS).", "A trial follows."]
        );
        assert_eq!(
            sents("It helps patients with MS. Approval is due."),
            ["It helps patients with MS.", "Approval is due."]
        );
    }

    #[test]
    fn a_letter_opening_a_sentence_labels_it() {
        assert_eq!(
            sents("Q. What happened next? A. Nobody knows. Q. Why? A. We lost."),
            [
                "Q. What happened next?",
                "A. Nobody knows.",
                "Q. Why?",
                "A. We lost."
            ]
        );
        assert_eq!(
            sents("The plan has two parts. A. The talks. B. The vote."),
            ["The plan has two parts.", "A. The talks.", "B. The vote."]
        );
        // After a lower-case word the letter still ends its sentence.
        assert_eq!(
            sents("He chose plan B. The vote was held."),
            ["He chose plan B.", "The vote was held."]
        );
    }

    #[test]
    fn lone_ellipsis_opens_the_next_sentence_unless_it_closes_one() {
        assert_eq!(
            sents("We must win. ... And we will."),
            ["We must win.", "... And we will."]
        );
        assert_eq!(
            sents("We must win. ... and we will."),
            ["We must win.", "... and we will."]
        );
        // Only closing marks or the paragraph's end after it: it trails.
        assert_eq!(
            sents("He said: \"We must win. ...\" Then he left."),
            ["He said: \"We must win. ...\"", "Then he left."]
        );
        assert_eq!(
            sents("He said: “Is it over? …” Nobody knew."),
            ["He said: “Is it over? …”", "Nobody knew."]
        );
        assert_eq!(
            sents("We must win. …\n\nNext."),
            ["We must win. …", "Next."]
        );
    }

    #[test]
    fn honorifics_first_person_speakers_and_stammers() {
        each_one_sentence(&[
            "Smt. Kamla Devi, who runs the shop, spoke first.",
            "I thank my hon. Friend, and the right hon. Gentleman too.",
            "\"Why do people still want these?\" I asked him.",
            "\"Stop!\" I shouted at him.",
            "A. I... I'd have to check the log.",
            "It weighs 4,000 lb. (1,814 kg) in all.",
        ]);
        // "I" opening a sentence of its own after a question, or after an
        // ellipsis with no stammer, starts it.
        assert_eq!(
            sents("\"Why?\" I think it is money."),
            ["\"Why?\"", "I think it is money."]
        );
        assert_eq!(sents("It was me... I left."), ["It was me...", "I left."]);
        assert_eq!(
            tok_texts("Case No. CR2024-118842 from Que. into Ont."),
            [
                "Case",
                "No.",
                "CR2024-118842",
                "from",
                "Que.",
                "into",
                "Ont."
            ]
        );
    }

    #[test]
    fn dates_after_times_and_results_lines_go_on() {
        each_one_sentence(&[
            "The council next meets at 7 p.m. Jan. 7 in the library.",
            "Navarro (14), U.S., def. Daria Kasatkina (12), Russia, 6-3, 6-1.",
        ]);
        // A time that ends its sentence still ends it.
        assert_eq!(
            sents("He left at 7 p.m. No one came."),
            ["He left at 7 p.m.", "No one came."]
        );
        assert_eq!(
            toks("Daniel P. O'Rourke Jr. won, def. ___")
                .iter()
                .map(|&(text, kind)| (text, kind == TokenKind::Punct))
                .collect::<Vec<_>>(),
            [
                ("Daniel", false),
                ("P.", false),
                ("O'Rourke", false),
                ("Jr.", false),
                ("won", false),
                (",", true),
                ("def.", false),
                ("___", true)
            ]
        );
        // A page keeps its period before its number, and a word of
        // underscores and letters stays a word.
        assert_eq!(
            tok_texts("p. 5 and __init__"),
            ["p.", "5", "and", "__init__"]
        );
    }

    #[test]
    fn emoji_after_a_sentence_close_it() {
        assert_eq!(
            sents("We love our fans!! 😊 Check out our website."),
            ["We love our fans!! 😊", "Check out our website."]
        );
        assert_eq!(
            sents("So proud of this team. 👏🏽👏🏽 #GoBlue"),
            ["So proud of this team. 👏🏽👏🏽", "#GoBlue"]
        );
        assert_eq!(
            sents("Thank you all! ❤️\n\nNext."),
            ["Thank you all! ❤️", "Next."]
        );
        // An emoji inside the next word's run is no run of its own.
        assert_eq!(sents("We won! 🏀Next game."), ["We won!", "🏀Next game."]);
    }

    #[test]
    fn titles_credits_and_brackets_that_read_on() {
        each_one_sentence(&[
            // A short quoted title in capitals, with its own "!" or "?".
            "2. \"Yahoo! The Inside Story\" (Netflix)",
            "We watched \"Scoob! Holiday Haunt\" and \"Jeopardy! Masters\" last night.",
            // A bracket with no sentence in it, then the line's end or a figure's aside.
            "1. \"Who Framed Roger Rabbit?\" (Disney+)",
            "\"Rabbit?\" (1988) is a classic.",
            "A resident watches smoke rise. (AP Photo/Jane Roe)",
            // Inside a bracket that closes later, a sentence cannot end.
            "The case, 921 F.3d 484 (5th Cir. 2019), was cited.",
            // A company's suffix after a name's "!", a figure after an abbreviation.
            "Yahoo! Inc., now owned by Apollo, said so.",
            "\"Coyote vs. Acme\" (2023) cost est. $70 million to make.",
            "He studied at Boston Univ. School of Theology.",
        ]);
        // Speech closes on its mark, or its words are not all capitals.
        assert_eq!(
            sents("\"Stop! Come back,\" he said."),
            ["\"Stop!", "Come back,\" he said."]
        );
        assert_eq!(
            sents("He shouted \"Stop! Come back\" and ran."),
            ["He shouted \"Stop!", "Come back\" and ran."]
        );
        // A bracket holding a sentence, or words before a lower-case word
        // (a subject put in by the editor), begins a sentence.
        assert_eq!(
            sents("He left. (He declined to comment.) She stayed."),
            ["He left.", "(He declined to comment.)", "She stayed."]
        );
        assert_eq!(
            sents("It is unusual. (The lawsuit) certainly was a surprise."),
            ["It is unusual.", "(The lawsuit) certainly was a surprise."]
        );
        assert_eq!(
            sents("It closed (He left. She stayed.) today."),
            ["It closed (He left.", "She stayed.) today."]
        );
        // A department ends an attribution more often than it names a unit.
        assert_eq!(
            sents("said Lt. Mark Cole of the Police Dept. Two suspects fled."),
            [
                "said Lt. Mark Cole of the Police Dept.",
                "Two suspects fled."
            ]
        );
    }

    #[test]
    fn comma_inside_quote_is_no_boundary() {
        assert_eq!(
            sents("\"It was productive,\" Putin said. \"We agreed.\""),
            ["\"It was productive,\" Putin said.", "\"We agreed.\""]
        );
    }

    #[test]
    fn us_abbreviation_as_boundary_and_not() {
        assert_eq!(
            sents("He has lived in the U.S. He said so."),
            ["He has lived in the U.S.", "He said so."]
        );
        assert_eq!(
            sents("He met the U.S. president in Alaska."),
            ["He met the U.S. president in Alaska."]
        );
        assert_eq!(
            sents("The U.K. and the U.N. agreed. The U.S. Senate did not."),
            ["The U.K. and the U.N. agreed.", "The U.S. Senate did not."]
        );
        assert_eq!(
            sents("It happened in the U.S. Mr. Trump disagreed."),
            ["It happened in the U.S.", "Mr. Trump disagreed."]
        );
        assert_eq!(
            sents("He lied to the F.B.I. Nothing happened to him."),
            ["He lied to the F.B.I.", "Nothing happened to him."]
        );
    }

    #[test]
    fn titles_never_end_sentences() {
        for title in [
            "Mr.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "St.", "Prof.", "Lt.", "Asst.", "Assoc.",
            "Spc.", "Ald.", "Ft.",
        ] {
            let text = format!("They met {title} Smith in Anchorage. It went well.");
            assert_eq!(sents(&text).len(), 2, "{text}");
        }
    }

    #[test]
    fn a_title_after_a_prefix_never_ends_a_sentence() {
        assert_eq!(
            sents("In 2008, then-Sen. Barack Obama won. He became president."),
            [
                "In 2008, then-Sen. Barack Obama won.",
                "He became president."
            ]
        );
        // Capitalised as the sentence's first word.
        assert_eq!(
            sents("Ex-Gov. Jan Brewer spoke. She left."),
            ["Ex-Gov. Jan Brewer spoke.", "She left."]
        );
        // A word with a capital inside is a name, not a prefix.
        assert_eq!(
            sents("It was built by McCain-Gov. Then it fell."),
            ["It was built by McCain-Gov.", "Then it fell."]
        );
    }

    #[test]
    fn states_end_a_sentence_after_a_place_or_a_party_tag() {
        assert_eq!(
            sents("He works in Concord, Calif. Dukes is a greeter."),
            ["He works in Concord, Calif.", "Dukes is a greeter."]
        );
        assert_eq!(
            sents("It was backed by Rep. Stephen Fincher, R-Tenn. Fincher spoke."),
            [
                "It was backed by Rep. Stephen Fincher, R-Tenn.",
                "Fincher spoke."
            ]
        );
        // A comma goes on; so does a title after the state.
        each_one_sentence(&[
            "He was born in Hope, Ark., and raised there.",
            "Rep. Adam Schiff, D-Calif., disagreed.",
            "They called on Ariz. Gov. Jan Brewer to veto it.",
            "He lives in Sacramento, Calif. Gov. Gavin Newsom does too.",
        ]);
        // A state standing alone ends a sentence only before an opener.
        assert_eq!(
            sents("The ads ran in Ariz. The governor objected."),
            ["The ads ran in Ariz.", "The governor objected."]
        );
    }

    #[test]
    fn fort_is_a_title_and_ft_a_unit() {
        assert_eq!(
            sents("He lives in Ft. Worth, Texas. He left."),
            ["He lives in Ft. Worth, Texas.", "He left."]
        );
        // A measure in two units goes on after the first unit's period.
        assert_eq!(
            sents("The 5 ft. 10 in. suspect fled. Police said so."),
            ["The 5 ft. 10 in. suspect fled.", "Police said so."]
        );
        assert_eq!(
            sents("It took 2 hrs. 15 mins. to finish. He was tired."),
            ["It took 2 hrs. 15 mins. to finish.", "He was tired."]
        );
        // Without a number before the unit, a number after it starts a sentence.
        assert_eq!(
            sents("The wall was many ft. 20 of them fell."),
            ["The wall was many ft.", "20 of them fell."]
        );
        // A unit that really ends the sentence.
        assert_eq!(
            sents("The wall was 5 ft. The door was wider."),
            ["The wall was 5 ft.", "The door was wider."]
        );
    }

    #[test]
    fn references_before_numbers_are_no_boundary() {
        assert_eq!(
            sents("He lives at No. 10 Downing Street."),
            ["He lives at No. 10 Downing Street."]
        );
        assert_eq!(
            sents("The summit was on Aug. 15 in Alaska. Feb. 3 is next."),
            ["The summit was on Aug. 15 in Alaska.", "Feb. 3 is next."]
        );
        assert_eq!(
            sents("He said no. The talks ended."),
            ["He said no.", "The talks ended."]
        );
    }

    #[test]
    fn company_suffixes_and_etc() {
        assert_eq!(
            sents("Apple Inc. Chief Executive Tim Cook spoke."),
            ["Apple Inc. Chief Executive Tim Cook spoke."]
        );
        assert_eq!(
            sents("They sold oil, gas, etc. The deal fell through."),
            ["They sold oil, gas, etc.", "The deal fell through."]
        );
        assert_eq!(
            sents("Obama vs. Romney was close."),
            ["Obama vs. Romney was close."]
        );
        assert_eq!(
            sents("Time Warner Inc. said profits rose."),
            ["Time Warner Inc. said profits rose."]
        );
    }

    #[test]
    fn initials_are_no_boundary() {
        assert_eq!(
            sents("J. R. R. Tolkien wrote it."),
            ["J. R. R. Tolkien wrote it."]
        );
        assert_eq!(
            sents("President George W. Bush spoke."),
            ["President George W. Bush spoke."]
        );
        assert_eq!(
            sents("They took vitamin D. It helped."),
            ["They took vitamin D.", "It helped."]
        );
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            sents("The talks began at 11 a.m. Friday in Anchorage."),
            ["The talks began at 11 a.m. Friday in Anchorage."]
        );
        assert_eq!(
            sents("They met at 3 p.m. local time."),
            ["They met at 3 p.m. local time."]
        );
        assert_eq!(
            sents("They met at 3 p.m. ET at the base."),
            ["They met at 3 p.m. ET at the base."]
        );
        assert_eq!(
            sents("They met at 10 a.m. Moscow time."),
            ["They met at 10 a.m. Moscow time."]
        );
        assert_eq!(
            sents("The jet landed at 10 a.m. Putin emerged soon after."),
            ["The jet landed at 10 a.m.", "Putin emerged soon after."]
        );
    }

    #[test]
    fn numbers_urls_and_emails_are_no_boundary() {
        assert_eq!(
            sents("Profits rose 2.5% to $1.2bn, or 3.14 times 1,000 units."),
            ["Profits rose 2.5% to $1.2bn, or 3.14 times 1,000 units."]
        );
        assert_eq!(
            sents("See https://example.com/a.b?c=d. Write to jane.doe@example.com for more."),
            [
                "See https://example.com/a.b?c=d.",
                "Write to jane.doe@example.com for more."
            ]
        );
        assert_eq!(
            sents("Visit bbc.co.uk for more."),
            ["Visit bbc.co.uk for more."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sents("We will see… We will see."),
            ["We will see…", "We will see."]
        );
        // Before "I" as before any capital: in BBC and BASIL news every
        // such ellipsis elides between two sentences.
        assert_eq!(
            sents("Working on the show has been a blast... I predict series two will be better."),
            [
                "Working on the show has been a blast...",
                "I predict series two will be better."
            ]
        );
        assert_eq!(
            sents("They are responsible for the win… I ran on our principles."),
            [
                "They are responsible for the win…",
                "I ran on our principles."
            ]
        );
        // "I" said twice across the ellipsis is a stammer, one sentence.
        assert_eq!(sents("I… I don’t know."), ["I… I don’t know."]);
        assert_eq!(
            sents("I attribute the win to God... God acted through the people."),
            [
                "I attribute the win to God...",
                "God acted through the people."
            ]
        );
        assert_eq!(sents("I’m... I’m not sure."), ["I’m... I’m not sure."]);
        assert_eq!(
            sents("It was... fine, he said."),
            ["It was... fine, he said."]
        );
    }

    #[test]
    fn closers_after_final_punctuation() {
        assert_eq!(
            sents("He left. (He was late.) She stayed."),
            ["He left.", "(He was late.)", "She stayed."]
        );
        assert_eq!(
            sents("She said ‘no.’ He agreed."),
            ["She said ‘no.’", "He agreed."]
        );
        assert_eq!(
            sents("Is it over?’ she asked."),
            ["Is it over?’ she asked."]
        );
    }

    #[test]
    fn question_and_exclamation() {
        assert_eq!(
            sents("Will they meet again? Maybe! Nobody knows."),
            ["Will they meet again?", "Maybe!", "Nobody knows."]
        );
        assert_eq!(sents("Is that a “yes”? Yes."), ["Is that a “yes”?", "Yes."]);
    }

    #[test]
    fn inline_numbered_lists_stay_in_their_sentence() {
        assert_eq!(
            sents(
                "Table (top four): 1. Arsenal 52 pts; 2. Liverpool 51; 3. Man City 49; 4. Aston Villa 46. Next week is key."
            ),
            [
                "Table (top four): 1. Arsenal 52 pts; 2. Liverpool 51; 3. Man City 49; 4. Aston Villa 46.",
                "Next week is key."
            ]
        );
        assert_eq!(
            sents("Results: 1. Kenya 2:05:12, 2. Ethiopia 2:06:01. Rain fell."),
            [
                "Results: 1. Kenya 2:05:12, 2. Ethiopia 2:06:01.",
                "Rain fell."
            ]
        );
        // Items that are sentences of their own.
        assert_eq!(
            sents("Steps: 1. Open the box. 2. Remove the tray."),
            ["Steps: 1. Open the box.", "2. Remove the tray."]
        );
        // A number with no item beside it ends its sentence.
        assert_eq!(
            sents("Deaths: 3. Police said more."),
            ["Deaths: 3.", "Police said more."]
        );
        assert_eq!(
            sents("They won 2, 1. Then they lost."),
            ["They won 2, 1.", "Then they lost."]
        );
    }

    #[test]
    fn abbreviations_before_brackets_labels_and_streets() {
        // A bracket after a time or a citation qualifies it.
        each_one_sentence(&[
            "The vote is at 11 a.m. (1500 GMT) on Monday.",
            "It peaked between 6 a.m. and 11 a.m. (see Fig. 2).",
            "The study by Lee et al. (2021) found nothing.",
            "See Fig. S2 for details.",
        ]);
        assert_eq!(
            sents("It ended at 6 a.m. The next day was calm."),
            ["It ended at 6 a.m.", "The next day was calm."]
        );
        assert_eq!(sents("See p. 5. Then stop."), ["See p. 5.", "Then stop."]);
        // "St." after a name is a street, which may end a sentence; before a
        // name it is a saint.
        assert_eq!(
            sents("She lives on Main St. The house is blue."),
            ["She lives on Main St.", "The house is blue."]
        );
        assert_eq!(
            sents("He climbed Mount St. Helens in May."),
            ["He climbed Mount St. Helens in May."]
        );
    }

    #[test]
    fn datelines_go_on_after_an_abbreviation() {
        each_one_sentence(&[
            "BOSTON, Mass. (AP) — A powerful storm hit the coast.",
            "SPRINGFIELD, Ill. (Reuters) - Lawmakers met.",
            "ST. LOUIS (Reuters) - The Cardinals won.",
            "The ST. LOUIS Cardinals won.",
            "FT. WORTH, Texas (AP) — A plane landed.",
        ]);
        // A bracket that is no credit before a dash is an aside of its own.
        assert_eq!(
            sents("He lives in Boston, Mass. (He moved in 2010.)"),
            ["He lives in Boston, Mass.", "(He moved in 2010.)"]
        );
    }

    #[test]
    fn initials_after_a_label_or_byline_are_names() {
        assert_eq!(
            sents("Man of the match: H. Kane (Bayern). Next up is Spain."),
            ["Man of the match: H. Kane (Bayern).", "Next up is Spain."]
        );
        assert_eq!(
            sents("Edited by M. Thompson. Photo by J. Smith."),
            ["Edited by M. Thompson.", "Photo by J. Smith."]
        );
        // After other words a letter still ends a sentence before a capital.
        assert_eq!(
            sents("Take vitamin C. The doctor said so."),
            ["Take vitamin C.", "The doctor said so."]
        );
        assert_eq!(
            sents("It was you and I. Did it work?"),
            ["It was you and I.", "Did it work?"]
        );
    }

    #[test]
    fn a_spaced_straight_quote_closes_the_quote_left_open() {
        assert_eq!(
            sents("\"We will bring peace to the community. \" A spokesman declined to comment."),
            [
                "\"We will bring peace to the community. \"",
                "A spokesman declined to comment."
            ]
        );
        // After a closed quote the same mark opens the next one.
        assert_eq!(
            sents("He said \"yes\" to peace. \" We will win,\" he added."),
            ["He said \"yes\" to peace.", "\" We will win,\" he added."]
        );
        // A quote left open and closed by a spaced mark keeps its attribution.
        assert_eq!(
            sents("\"Why now? \" Mr Smith asked. Nobody knew."),
            ["\"Why now? \" Mr Smith asked.", "Nobody knew."]
        );
    }

    #[test]
    fn sentences_run_together_without_a_space_are_split() {
        assert_eq!(
            sents("Hello world.Today is Tuesday."),
            ["Hello world.", "Today is Tuesday."]
        );
        assert_eq!(
            sents("That is always dangerous.The man has an ego."),
            ["That is always dangerous.", "The man has an ego."]
        );
        // The quote the period closes stays with its sentence.
        assert_eq!(
            sents(
                "He said: \"I'm up for the challenge.\"Earlier he lost. 'It was fun.'Then he left."
            ),
            [
                "He said: \"I'm up for the challenge.\"",
                "Earlier he lost.",
                "'It was fun.'",
                "Then he left."
            ]
        );
        // Links, names, abbreviations and initials stay whole.
        for text in [
            "Buy it at Amazon.com today.",
            "See www.Example.Com for more.",
            "Go to https://example.com/Foo.Bar now.",
            "Go to https://example.com/news.Today now.",
            "Write to jo.Smith@example.com now.",
            "He moved to St.Louis last year.",
            "One.Tel collapsed in 2001.",
            "It was Chelsea vs.Arsenal on Sunday.",
            "The U.S.Army said so.",
            "It came from e.g.The Times.",
        ] {
            assert_eq!(sents(text), [text], "{text}");
        }
    }

    #[test]
    fn tokens_news_units() {
        use TokenKind::*;
        let cases: &[(&str, TokenKind)] = &[
            ("$1.2bn", Number),
            ("2.5", Number),
            ("1,000", Number),
            ("2 1/2", Number),
            ("1/2", Number),
            ("25%", Number),
            ("£600m", Number),
            ("US$5", Number),
            ("2½", Number),
            ("'90s", Number),
            ("1990s", Number),
            ("Russia’s", Word),
            ("Russia's", Word),
            ("There’s", Word),
            ("don't", Word),
            ("feel-out", Word),
            ("three-way", Word),
            ("B-2s", Word),
            ("F-22s", Word),
            ("10-year-old", Word),
            ("COVID-19", Word),
            ("U.S.-led", Word),
            ("https://example.com/a.b", Word),
            ("jane.doe@example.com", Word),
            ("#MeToo", Word),
            ("“", Punct),
            ("”", Punct),
            ("—", Punct),
            ("...", Punct),
            ("?!", Punct),
            ("+", Symbol),
            ("©", Symbol),
        ];
        for (text, kind) in cases {
            assert_eq!(toks(text), [(*text, *kind)], "{text}");
        }
    }

    #[test]
    fn tokens_of_a_news_sentence() {
        let text = "“There’s no deal until there’s a deal,” Trump said of the U.S. talks — nearly 2 1/2 hours.";
        assert_eq!(
            tok_texts(text),
            [
                "“",
                "There’s",
                "no",
                "deal",
                "until",
                "there’s",
                "a",
                "deal",
                ",",
                "”",
                "Trump",
                "said",
                "of",
                "the",
                "U.S.",
                "talks",
                "—",
                "nearly",
                "2 1/2",
                "hours",
                "."
            ]
        );
    }

    #[test]
    fn tokens_mixed_fraction_duration() {
        assert_eq!(
            toks("met for 2 1/2 half hours"),
            [
                ("met", TokenKind::Word),
                ("for", TokenKind::Word),
                ("2 1/2", TokenKind::Number),
                ("half", TokenKind::Word),
                ("hours", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn tokens_abbreviations_keep_their_period() {
        assert_eq!(
            tok_texts("Mr. Smith met Gen. Jones at 5 a.m. in the U.S."),
            [
                "Mr.", "Smith", "met", "Gen.", "Jones", "at", "5", "a.m.", "in", "the", "U.S."
            ]
        );
        assert_eq!(tok_texts("JFK Jr.'s book"), ["JFK", "Jr.'s", "book"]);
        assert_eq!(
            tok_texts("Jonas E. Smith and I."),
            ["Jonas", "E.", "Smith", "and", "I", "."]
        );
        assert_eq!(tok_texts("He said no."), ["He", "said", "no", "."]);
        assert_eq!(tok_texts("It is No. 1."), ["It", "is", "No.", "1", "."]);
        assert_eq!(tok_texts("etc..."), ["etc", "..."]);
    }

    #[test]
    fn tokens_possessives_and_quotes() {
        assert_eq!(
            tok_texts("the analysts' view"),
            ["the", "analysts'", "view"]
        );
        assert_eq!(
            tok_texts("‘the talks’ he said"),
            ["‘", "the", "talks", "’", "he", "said"]
        );
        assert_eq!(tok_texts("in the 1990's"), ["in", "the", "1990's"]);
        // A word ending in a digit, where UAX #29 breaks at the apostrophe.
        assert_eq!(
            tok_texts("the G20's summit, MP3’s sales and NY1's report"),
            [
                "the", "G20's", "summit", ",", "MP3’s", "sales", "and", "NY1's", "report"
            ]
        );
        // Not a clitic: a quote closed after the word, or more letters after the s.
        assert_eq!(tok_texts("‘G20’ s"), ["‘", "G20", "’", "s"]);
        assert_eq!(tok_texts("G20'sx"), ["G20", "'", "sx"]);
    }

    /// Plain words skip the merge, and the pieces before one are merged as
    /// they reach it: what the merge knows from earlier in the sentence (a
    /// single quote left open) or later (whether anything follows a period)
    /// must not be lost there.
    #[test]
    fn tokens_around_plain_words_keep_what_the_sentence_says() {
        assert_eq!(
            tok_texts("‘the top analysts’ view"),
            ["‘", "the", "top", "analysts", "’", "view"]
        );
        assert_eq!(
            tok_texts("the top analysts' view"),
            ["the", "top", "analysts'", "view"]
        );
        assert_eq!(
            tok_texts("J. Smith backed plan B."),
            ["J.", "Smith", "backed", "plan", "B", "."]
        );
    }

    /// A plain word before a comma or semicolon: two tokens, with their
    /// kinds, where the word starts a run and after pieces still to merge.
    #[test]
    fn tokens_words_before_commas_and_semicolons() {
        use TokenKind::{Number, Punct, Word};
        assert_eq!(
            toks("Officials said, however; that 1,000 jobs, 2,500 in all,"),
            [
                ("Officials", Word),
                ("said", Word),
                (",", Punct),
                ("however", Word),
                (";", Punct),
                ("that", Word),
                ("1,000", Number),
                ("jobs", Word),
                (",", Punct),
                ("2,500", Number),
                ("in", Word),
                ("all", Word),
                (",", Punct)
            ]
        );
        // After a piece still to merge (a quote mark), and before a mark
        // that is not white space.
        assert_eq!(
            tok_texts("‘Russia, China’ and Iran,” he said"),
            [
                "‘", "Russia", ",", "China", "’", "and", "Iran", ",", "”", "he", "said"
            ]
        );
    }

    /// A plain word and the sentence's final period: the period stands
    /// alone unless the word is an abbreviation that keeps it.
    #[test]
    fn tokens_final_periods_after_words_and_abbreviations() {
        let last_two = |sentence: &str| {
            let texts = tok_texts(sentence);
            texts[texts.len().saturating_sub(2)..].join(" ")
        };
        assert_eq!(last_two("Shares rose on Tuesday."), "Tuesday .");
        assert_eq!(last_two("He works at Apple Inc."), "Apple Inc.");
        assert_eq!(last_two("She met Lt. Col. Smith and Sgt."), "and Sgt.");
        // A numbered abbreviation needs its number; a letter ends the sentence.
        assert_eq!(last_two("The vote was No."), "No .");
        assert_eq!(last_two("It backed plan B."), "B .");
        // Not the sentence's end, or not a plain word: as before.
        assert_eq!(tok_texts("Apple Inc. said"), ["Apple", "Inc.", "said"]);
        assert_eq!(last_two("It was in the U.S."), "the U.S.");
    }

    #[test]
    fn tokens_elisions_and_doubled_single_quotes() {
        assert_eq!(
            tok_texts("the class of '08 and ’94, rock 'n' roll, ''Even so,'' he said"),
            [
                "the", "class", "of", "'08", "and", "’94", ",", "rock", "'n'", "roll", ",", "''",
                "Even", "so", ",", "''", "he", "said"
            ]
        );
        // A quoted number, a quoted letter run on, and a lone quote stay apart.
        assert_eq!(
            tok_texts("'10' and 'n'5"),
            ["'", "10", "'", "and", "'", "n", "'", "5"]
        );
        assert_eq!(tok_texts("'the talks'"), ["'", "the", "talks", "'"]);
    }

    #[test]
    fn tokens_front_clipped_words_keep_their_apostrophe() {
        assert_eq!(
            tok_texts("Let 'em wait, ’Tis the season, 'cause we said so."),
            [
                "Let", "'em", "wait", ",", "’Tis", "the", "season", ",", "'cause", "we", "said",
                "so", "."
            ]
        );
        // Quoted, the same letters stay apart from their quotes.
        assert_eq!(
            tok_texts("the word 'em' is short"),
            ["the", "word", "'", "em", "'", "is", "short"]
        );
        assert_eq!(
            tok_texts("'embargo' and 'Tisdale"),
            ["'", "embargo", "'", "and", "'", "Tisdale"]
        );
    }

    #[test]
    fn tokens_domains_with_a_path_and_bracketed_hashtags() {
        assert_eq!(
            tok_texts("Visit example.com/path?q=1, bbc.co.uk/news. (#MAGA) and (@user)"),
            [
                "Visit",
                "example.com/path?q=1",
                ",",
                "bbc.co.uk/news",
                ".",
                "(",
                "#MAGA",
                ")",
                "and",
                "(",
                "@user",
                ")"
            ]
        );
        // No top-level domain before the slash, or nothing after it: not a link.
        assert_eq!(tok_texts("U.S/UK"), ["U.S", "/", "UK"]);
        assert_eq!(tok_texts("and/or 24/7"), ["and", "/", "or", "24/7"]);
        assert_eq!(tok_texts("example.com/"), ["example.com", "/"]);
        assert_eq!(tok_texts("a 2.5/3 score"), ["a", "2.5/3", "score"]);
    }

    #[test]
    fn tokens_initials_joined_by_an_ampersand() {
        assert_eq!(
            tok_texts("AT&T, S&P 500 and R&B at M&S's store"),
            [
                "AT&T", ",", "S&P", "500", "and", "R&B", "at", "M&S's", "store"
            ]
        );
        // Not initials on both sides, or not joined: the ampersand stands apart.
        assert_eq!(tok_texts("Barnes&Noble"), ["Barnes", "&", "Noble"]);
        assert_eq!(tok_texts("AT & T"), ["AT", "&", "T"]);
        assert_eq!(tok_texts("ABCDE&F"), ["ABCDE", "&", "F"]);
    }

    #[test]
    fn tokens_variant_codes_and_heights_are_whole() {
        assert_eq!(
            toks("the JN.1 and XBB.1.5 strains, BA.2.86."),
            [
                ("the", TokenKind::Word),
                ("JN.1", TokenKind::Word),
                ("and", TokenKind::Word),
                ("XBB.1.5", TokenKind::Word),
                ("strains", TokenKind::Word),
                (",", TokenKind::Punct),
                ("BA.2.86", TokenKind::Word),
                (".", TokenKind::Punct)
            ]
        );
        // A company suffix written in capitals has no period of its own: one
        // after it ends the sentence.
        assert_eq!(
            sents("It hired Sullivan & Cromwell LLP. Apple Inc. Chief Tim Cook said so."),
            [
                "It hired Sullivan & Cromwell LLP.",
                "Apple Inc. Chief Tim Cook said so."
            ]
        );
        assert_eq!(
            tok_texts("advised by Sullivan & Cromwell LLP. Apple Inc."),
            [
                "advised", "by", "Sullivan", "&", "Cromwell", "LLP", ".", "Apple", "Inc."
            ]
        );
        assert_eq!(
            tok_texts("Leadplex LLC. and Acme LLC., with"),
            ["Leadplex", "LLC.", "and", "Acme", "LLC.", ",", "with"]
        );
        // A period a comma follows is an abbreviation's, listed or not.
        assert_eq!(
            tok_texts("Hamilton, Ont., and Assocs., Inc."),
            ["Hamilton", ",", "Ont.", ",", "and", "Assocs.", ",", "Inc."]
        );
        // Not capitals, or a word after the number: the period stands apart.
        assert_eq!(
            tok_texts("Fig.1 and No.1"),
            ["Fig.", "1", "and", "No.", "1"]
        );
        assert_eq!(tok_texts("ABCDEF.1"), ["ABCDEF", ".", "1"]);
        assert_eq!(tok_texts("UK.5bn"), ["UK", ".", "5bn"]);
        assert_eq!(
            toks("He is 5'11\" and she 5′4″, a 6’2” guard."),
            [
                ("He", TokenKind::Word),
                ("is", TokenKind::Word),
                ("5'11\"", TokenKind::Number),
                ("and", TokenKind::Word),
                ("she", TokenKind::Word),
                ("5′4″", TokenKind::Number),
                (",", TokenKind::Punct),
                ("a", TokenKind::Word),
                ("6’2”", TokenKind::Number),
                ("guard", TokenKind::Word),
                (".", TokenKind::Punct)
            ]
        );
        // A quotation closing on a number keeps its mark apart.
        assert_eq!(tok_texts("\"Add 2.5\""), ["\"", "Add", "2.5", "\""]);
        assert_eq!(tok_texts("\"in '95\""), ["\"", "in", "'95", "\""]);
        assert_eq!(tok_texts("the 1'234\""), ["the", "1'234", "\""]);
    }

    #[test]
    fn tokens_keep_ranges_and_scores_apart() {
        assert_eq!(tok_texts("1990-91"), ["1990", "-", "91"]);
        assert_eq!(tok_texts("won 2-1"), ["won", "2", "-", "1"]);
        assert_eq!(tok_texts("page 3 45"), ["page", "3", "45"]);
        assert_eq!(tok_texts("about 2 3/2"), ["about", "2", "3/2"]);
        assert_eq!(tok_texts("a 2:1 win"), ["a", "2", ":", "1", "win"]);
        assert_eq!(tok_texts("won 3 - 2"), ["won", "3", "-", "2"]);
        assert_eq!(tok_texts("a - 5 drop"), ["a", "-", "5", "drop"]);
        // Two groups and a word stay a compound, not a number.
        assert_eq!(tok_texts("a 2-1-win"), ["a", "2", "-", "1-win"]);
        // A range whose second number carries the unit, as "10-15%" does.
        assert_eq!(
            tok_texts("winds of 5-10mph and $10-25m"),
            ["winds", "of", "5", "-", "10mph", "and", "$10", "-", "25m"]
        );
    }

    #[test]
    fn tokens_telephone_numbers_dates_and_ranks_are_one_number() {
        assert_eq!(
            toks("Call 1-800-555-0199 now"),
            [
                ("Call", TokenKind::Word),
                ("1-800-555-0199", TokenKind::Number),
                ("now", TokenKind::Word)
            ]
        );
        assert_eq!(
            tok_texts("on 2020-01-15, and"),
            ["on", "2020-01-15", ",", "and"]
        );
        assert_eq!(tok_texts("a 4-4-2 formation"), ["a", "4-4-2", "formation"]);
        assert_eq!(
            toks("the #1 hit (#10)"),
            [
                ("the", TokenKind::Word),
                ("#1", TokenKind::Number),
                ("hit", TokenKind::Word),
                ("(", TokenKind::Punct),
                ("#10", TokenKind::Number),
                (")", TokenKind::Punct)
            ]
        );
        // A hashtag that starts with digits is still a hashtag.
        assert_eq!(toks("#10DowningSt")[0], ("#10DowningSt", TokenKind::Word));
    }

    #[test]
    fn tokens_signed_numbers_keep_their_sign() {
        assert_eq!(
            toks("It hit -5°C, (−0.1%) and -$5bn; dial +44 now."),
            [
                ("It", TokenKind::Word),
                ("hit", TokenKind::Word),
                ("-5°C", TokenKind::Number),
                (",", TokenKind::Punct),
                ("(", TokenKind::Punct),
                ("−0.1%", TokenKind::Number),
                (")", TokenKind::Punct),
                ("and", TokenKind::Word),
                ("-$5bn", TokenKind::Number),
                (";", TokenKind::Punct),
                ("dial", TokenKind::Word),
                ("+44", TokenKind::Number),
                ("now", TokenKind::Word),
                (".", TokenKind::Punct),
            ]
        );
    }

    #[test]
    fn tokens_clock_and_race_times_are_one_number() {
        assert_eq!(
            tok_texts("At 10:30 she ran 1:50.87, then 2:04:45 at 9:52pm."),
            [
                "At", "10:30", "she", "ran", "1:50.87", ",", "then", "2:04:45", "at", "9:52pm", "."
            ]
        );
        // Three digits before the colon, or one or three after: not a time.
        assert_eq!(tok_texts("at 100:30"), ["at", "100", ":", "30"]);
        assert_eq!(tok_texts("John 3:5"), ["John", "3", ":", "5"]);
        assert_eq!(tok_texts("in 10:300"), ["in", "10", ":", "300"]);
        assert_eq!(tok_texts("Note: 10 people"), ["Note", ":", "10", "people"]);
    }

    #[test]
    fn tokens_degrees_stay_with_their_number() {
        assert_eq!(
            tok_texts("It hit 40°C (104°F), a 45° slope, -5°Celsius."),
            [
                "It", "hit", "40°C", "(", "104°F", ")", ",", "a", "45°", "slope", ",", "-5°",
                "Celsius", "."
            ]
        );
    }

    #[test]
    fn tokens_url_without_trailing_punctuation() {
        assert_eq!(
            tok_texts("(see https://en.wikipedia.org/wiki/Foo_(bar)). Done"),
            [
                "(",
                "see",
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                ")",
                ".",
                "Done"
            ]
        );
        assert_eq!(
            tok_texts("“www.bbc.co.uk/news,”"),
            ["“", "www.bbc.co.uk/news", ",", "”"]
        );
    }

    #[test]
    fn tokens_non_ascii_words_fall_back_to_uax29() {
        assert_eq!(
            tok_texts("Zelenskyy’s café in Kyiv — naïve"),
            ["Zelenskyy’s", "café", "in", "Kyiv", "—", "naïve"]
        );
    }

    #[test]
    fn tokenize_offsets_are_absolute() {
        let text = "Intro. Putin’s 25% claim.";
        let spans = split_sentences(text);
        let second = spans[1];
        let tokens = tokenize(text, second.start, second.end);
        let got: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(got, ["Putin’s", "25%", "claim", "."]);
    }

    #[test]
    fn normalize_lowercases_folds_and_straightens() {
        assert_eq!(normalize_token("Russia’s"), "russia's");
        assert_eq!(normalize_token("U.S."), "u.s.");
        assert_eq!(normalize_token("ＡＢＣ"), "abc");
        assert_eq!(normalize_token("ﬁnal"), "final");
        assert_eq!(normalize_token("‘90s"), "'90s");
    }

    /// A non-ASCII token already in NFKC, folded directly, has the norm the
    /// full fold gives it; so does one NFKC rewrites.
    #[test]
    fn token_norm_folds_tokens_already_in_nfkc_as_the_full_path_does() {
        let mut scratch = String::new();
        // Already NFKC (the direct fold) and not (the full path): curly
        // marks, accents, a dotted capital I whose lower case needs a
        // combining dot, a ligature and full-width letters NFKC rewrites.
        for token in [
            "“",
            "Obama’s",
            "‘Café’",
            "İstanbul",
            "ΣΟΦΊΑ",
            "ﬁnance",
            "Ｎｅｗｓ",
            "½",
        ] {
            assert_eq!(
                token_norm(token, &mut scratch),
                normalize_non_ascii(token),
                "{token}"
            );
        }
        assert_eq!(token_norm("Obama’s", &mut scratch), "obama's");
        assert_eq!(token_norm("ﬁnance", &mut scratch), "finance");
    }

    /// A token that is its own norm comes back as itself, not copied; any
    /// other is normalised into the scratch string, whatever it held before.
    #[test]
    fn token_norm_borrows_tokens_that_are_their_own_norm() {
        let mut scratch = String::from("left over from the last token");
        for token in ["said", "2.5", ",", "e-mail", "u.s."] {
            let norm = token_norm(token, &mut scratch);
            assert!(std::ptr::eq(norm, token), "{token} was copied");
        }
        assert_eq!(token_norm("Said", &mut scratch), "said");
        assert_eq!(token_norm("It’s", &mut scratch), "it's");
        assert_eq!(token_norm("£35bn", &mut scratch), "£35bn");
    }

    #[test]
    fn tokens_links_in_angle_brackets_are_whole() {
        assert_eq!(
            tok_texts("Contact <derek.greene@ucd.ie> or <https://example.com/a>."),
            [
                "Contact",
                "<",
                "derek.greene@ucd.ie",
                ">",
                "or",
                "<",
                "https://example.com/a",
                ">",
                "."
            ]
        );
    }

    #[test]
    fn tokens_commas_join_only_thousands() {
        assert_eq!(
            tok_texts("1,000 fans paid $1,250,000.50 or 12,500"),
            ["1,000", "fans", "paid", "$1,250,000.50", "or", "12,500"]
        );
        // Scores, lists and groups of other sizes stay apart.
        assert_eq!(
            tok_texts("won 6-4, 1-6,4-6 in sets 3,4,5 of 1,0000"),
            [
                "won", "6", "-", "4", ",", "1", "-", "6", ",", "4", "-", "6", "in", "sets", "3",
                ",", "4", ",", "5", "of", "1", ",", "0000"
            ]
        );
        // A semicolon never joins digits.
        assert_eq!(
            tok_texts("163;8 and 1;000"),
            ["163", ";", "8", "and", "1", ";", "000"]
        );
        // The same where the run holds characters the fast scanner leaves
        // to UAX #29 (curly quotes).
        assert_eq!(
            tok_texts("“6,4” and “1,000” or “2;3”"),
            [
                "“", "6", ",", "4", "”", "and", "“", "1,000", "”", "or", "“", "2", ";", "3", "”"
            ]
        );
    }

    #[test]
    fn closed_sets_are_sorted() {
        for set in [
            NEVER_FINAL_INITIALISMS,
            COURTESY_TITLES,
            SENTENCE_OPENERS,
            TIME_CONTINUATIONS,
            MONTH_ABBREVIATIONS,
            TITLE_SMALL_WORDS,
            MEASURE_UNITS,
            FRONTING_PREPOSITIONS,
            ATTRIBUTION_PREPOSITIONS,
            REPLY_VERBS,
            ADDRESSING_VERBS,
            SPEECH_VERBS,
        ] {
            assert!(set.windows(2).all(|w| w[0] < w[1]), "not sorted: {set:?}");
        }
        assert!(
            ABBREVIATIONS
                .windows(2)
                .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes())
        );
        assert!(ABBREVIATION_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|(k, _)| k.len() <= 7 && *k == k.to_lowercase())
        );
    }

    /// Checks the sentence and token invariants on `text`.
    fn check_invariants(text: &str) -> Result<(), TestCaseError> {
        let spans = split_sentences(text);
        let mut last_end = 0;
        let mut last_paragraph = 0;
        for s in &spans {
            prop_assert!(s.start < s.end && s.end <= text.len());
            prop_assert!(s.start >= last_end, "overlap or decrease");
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            let sentence = &text[s.start..s.end];
            prop_assert_eq!(sentence.trim(), sentence);
            prop_assert!(
                s.paragraph_idx >= last_paragraph && s.paragraph_idx <= last_paragraph + 1
            );
            last_paragraph = s.paragraph_idx;
            last_end = s.end;
            let mut token_end = s.start;
            for t in tokenize(text, s.start, s.end) {
                prop_assert!(t.start >= token_end && t.start < t.end && t.end <= s.end);
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                let token = &text[t.start..t.end];
                prop_assert_eq!(token.trim(), token);
                token_end = t.end;
            }
        }
        // Nothing but white space is left out of the sentences.
        let mut covered = 0;
        for s in &spans {
            prop_assert!(text[covered..s.start].trim().is_empty());
            covered = s.end;
        }
        prop_assert!(text[covered..].trim().is_empty());
        Ok(())
    }

    proptest! {
        #[test]
        fn invariants_on_any_string(text in any::<String>()) {
            check_invariants(&text)?;
        }

        #[test]
        fn invariants_on_news_alphabet(text in "[a-zA-Z0-9.?!\"“”’‘'()\\[\\] \n,;:$%/@#&…—–½-]{0,120}") {
            check_invariants(&text)?;
        }

        #[test]
        fn tokenize_any_range_never_panics(text in any::<String>(), a in 0usize..200, b in 0usize..200) {
            for t in tokenize(&text, a, b) {
                prop_assert!(t.start < t.end && t.end <= text.len());
            }
        }

        #[test]
        fn fast_scanner_matches_uax29(text in "[a-zA-Z0-9_.,;:'\"’‘“”—–…!?$%/@#()-]{1,40}") {
            let mut fast = Vec::new();
            let run = fast_run(&text, 0, text.len(), &mut fast);
            prop_assert!(run.complete && run.end == text.len());
            let fast: Vec<(usize, usize)> = fast.iter().map(|p| (p.start, p.end)).collect();
            // UAX #29's pieces, cut again where a comma or semicolon joins digits
            // and `separates_thousands` says no, as the fast scanner cuts them.
            let mut uax = Vec::new();
            uax_pieces(&text, 0, text.len(), &mut uax);
            let uax: Vec<(usize, usize)> = uax.iter().map(|p| (p.start, p.end)).collect();
            prop_assert_eq!(fast, uax);
        }

        #[test]
        fn word_skipping_matches_byte_loop(text in "[a-zA-Z0-9_@`\\[{/:\\x00-\\x1f\\x7f.,é ]{0,40}") {
            let bytes = text.as_bytes();
            for from in 0..bytes.len() {
                let slow = from + bytes[from..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
                prop_assert_eq!(skip_ascii_wordy(bytes, from, bytes.len()), slow);
            }
        }

        /// The norm is the ASCII lower case of an ASCII token and the fold
        /// of any other, with the scratch string's old content never leaking in.
        #[test]
        fn token_norm_is_lower_case_or_the_fold(token in "[a-zA-Z0-9.,'’-]{0,20}|[a-zA-Z0-9'‘’“”–—…‐é\u{301}ﬁ.-]{0,12}|\\PC{0,12}") {
            let mut scratch = String::from("OLD");
            let expected = if token.is_ascii() {
                token.to_ascii_lowercase()
            } else {
                normalize_non_ascii(&token)
            };
            prop_assert_eq!(token_norm(&token, &mut scratch), &expected);
            // In a text, where the check reads the token in one window with
            // the text after it (capitals and non-ASCII) masked off.
            scratch.replace_range(.., "OLD");
            let text = format!("{token} After IT é");
            let in_text = folded_norm(&text, 0, token.len(), &mut scratch).unwrap_or(&token);
            prop_assert_eq!(in_text, expected);
        }

        /// The check of a token's norm finds an upper-case or non-ASCII
        /// byte at any place in tokens of any length, in the window of
        /// sixteen bytes (whatever follows the token in the text) or, for
        /// longer tokens and near the text's end, byte by byte.
        #[test]
        fn own_norm_check_is_the_byte_by_byte_one(token in "[a-z0-9.,'-]{0,24}", place in any::<prop::sample::Index>(), odd in "[@-Z\u{80}-\u{10FFFF}]", before in "[a-zA-Zé ]{0,3}", after in "[a-zA-Z’ ]{0,20}") {
            let byte_by_byte = |s: &str| s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
            // The odd character (a capital, "@", or any non-ASCII) put at a
            // place drawn for each case, so that over the cases every
            // position of every length is tried.
            let mut at = if token.is_empty() { 0 } else { place.index(token.len() + 1) };
            while !token.is_char_boundary(at) {
                at -= 1;
            }
            let mut changed = token.clone();
            changed.insert_str(at, &odd);
            for token in [&token, &changed] {
                let text = format!("{before}{token}{after}");
                let end = before.len() + token.len();
                let own = folded_norm(&text, before.len(), end, &mut String::new()).is_none();
                prop_assert_eq!(own, byte_by_byte(token));
            }
        }

        #[test]
        fn normalize_is_idempotent(token in any::<String>()) {
            let once = normalize_token(&token);
            prop_assert_eq!(normalize_token(&once), once);
        }
    }
}

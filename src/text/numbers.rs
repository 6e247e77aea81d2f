//! Numeric claims: every number of a news sentence found and normalised — its kind (duration,
//! count, percent, money, year, date, time, age, plain number), its value in a canonical unit
//! (seconds for durations), the qualifier the reporter put on it ("nearly", "more than",
//! "about") and the interval the words allow, plus what it measures (`subject`). This is what
//! lets the aggregate stage say that "nearly two and a half hours" and "more than three hours"
//! cannot both be right.
//!
//! The parser is written here rather than taken from a crate (text2num and friends): those turn
//! number words into digits but know nothing of spans, qualifiers, fractions typed as "2 1/2 half",
//! vague plurals with honest bounds, currencies, or model names such as "B-2s" that must not count,
//! and the main crate's dependency list is fixed.
//!
//! How it works, per sentence:
//! 1. A cheap pre-filter skips every sentence with no ASCII digit, no vulgar fraction and no number
//!    word (one Aho-Corasick pass, word boundaries checked).
//! 2. The sentence is cut into small tokens (words, digit runs, single punctuation marks), each
//!    knowing whether white space precedes it, on one ASCII-lowercased copy of the sentence.
//! 3. A left-to-right scan tries, at each token, an optional qualifier phrase and then a numeric
//!    expression: month dates, currency prefix, the number itself (digits, words or both, fraction,
//!    scale), a range continuation, and the unit or counted noun that follows. Each token is looked
//!    at a bounded number of times, so the scan is linear in the sentence.
//! 4. The subject comes from the noun a compound adjective qualifies ("a three-hour meeting"), else
//!    from the nearest subject phrase of the settings' synonym list within a few words.
//!
//! Bounds (`low`/`high`, `None` where open): exact → [v, v]; approx → [v·(1−t), v·(1+t)] with
//! t = `approx_tolerance`; nearly / less_than / at_most → (open, v]; more_than / at_least →
//! [v, open); range → [x, y] with value the midpoint. Vague plurals are `at_least`: "thousands"
//! has value = low = 1,000 and an open top; "tens of thousands" has low 10,000, high 100,000 and
//! value 20,000 — the fewest the plural multiplier can name ("two tens of thousands").

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use super::SentenceSpan;

/// What a numeric expression measures, as the `claims.kind` column spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    /// A length of time; value in seconds.
    Duration,
    /// A number of things; the counted noun is the unit.
    Count,
    /// A percentage (unit `%`) or percentage points (unit `pp`).
    Percent,
    /// An amount of money; the ISO currency code is the unit.
    Money,
    /// A calendar year ("since 2019"); decades ("the 1990s") are a year range.
    Year,
    /// A day of a month ("August 15"); value is the day of the month.
    Date,
    /// A clock time ("8pm", "2.15pm"); value is seconds after midnight.
    Time,
    /// A person's or thing's age ("a 45-year-old man"); value in years.
    Age,
    /// Any other number.
    Number,
}

impl ClaimKind {
    /// The name the tables use.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Duration => "duration",
            ClaimKind::Count => "count",
            ClaimKind::Percent => "percent",
            ClaimKind::Money => "money",
            ClaimKind::Year => "year",
            ClaimKind::Date => "date",
            ClaimKind::Time => "time",
            ClaimKind::Age => "age",
            ClaimKind::Number => "number",
        }
    }
}

/// How the words bound the number ("nearly", "more than", ...), as `claims.qualifier` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    /// No hedge: the value itself.
    Exact,
    /// about, around, roughly, some, approximately, an estimated, or so.
    Approx,
    /// nearly, almost, just under, close to: at most the value, a little below it.
    Nearly,
    /// more than, over, upwards of, in excess of, longer than.
    MoreThan,
    /// at least, no fewer than, or more; also vague plurals ("thousands").
    AtLeast,
    /// under, less than, fewer than, shy of.
    LessThan,
    /// up to, at most, no more than, as many as.
    AtMost,
    /// between X and Y, X to Y, X-Y, X or Y.
    Range,
}

impl Qualifier {
    /// The name the tables use.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::Nearly => "nearly",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }
}

/// Settings from the pipeline file's `[claims]` table.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimSettings {
    /// Relative half-width that "about/around/approximately" allows around the value: with the
    /// default 0.1, "about 2.5 hours" allows 2.25–2.75 hours (low = v·(1−t), high = v·(1+t)).
    pub approx_tolerance: f64,
    /// Subject synonyms: canonical subject → the words and phrases that name it in text
    /// ("meeting" → "talks", "summit", "closed-door meeting", "met", ...).
    pub subject_synonyms: BTreeMap<String, Vec<String>>,
}

/// The subject synonyms a fresh pipeline file starts with: generic news vocabulary.
const DEFAULT_SUBJECT_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "meeting",
        &[
            "meeting",
            "meetings",
            "talks",
            "summit",
            "closed-door meeting",
            "closed-door talks",
            "closed doors",
            "met",
            "meet",
        ],
    ),
    (
        "news conference",
        &[
            "news conference",
            "press conference",
            "press appearance",
            "media availability",
            "press briefing",
            "news briefing",
        ],
    ),
    ("war", &["war", "conflict", "invasion", "fighting"]),
    ("ceasefire", &["ceasefire", "truce"]),
    ("election", &["election", "elections"]),
    ("flight", &["flight", "flew"]),
    ("speech", &["speech", "address"]),
];

impl Default for ClaimSettings {
    fn default() -> Self {
        let subject_synonyms = DEFAULT_SUBJECT_SYNONYMS
            .iter()
            .map(|(canon, words)| {
                (
                    (*canon).to_string(),
                    words.iter().map(|w| (*w).to_string()).collect(),
                )
            })
            .collect();
        ClaimSettings {
            approx_tolerance: 0.1,
            subject_synonyms,
        }
    }
}

/// A numeric expression as found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Byte offset of the expression's start, qualifier words included.
    pub start: usize,
    /// Byte offset one past the expression's end (unit and trailing qualifier included).
    pub end: usize,
    /// Index of the sentence in the `sentences` slice given to [`find_claims`].
    pub sentence_idx: u32,
    /// What the number measures.
    pub kind: ClaimKind,
    /// The value in the canonical unit (seconds for durations), `None` if unparseable.
    pub value: Option<f64>,
    /// `s`, `%`, `pp`, an ISO currency code, the counted noun, `years` for ages, or `None`.
    pub unit: Option<String>,
    /// The lowest value the words allow, `None` where open.
    pub low: Option<f64>,
    /// The highest value the words allow, `None` where open.
    pub high: Option<f64>,
    /// The hedge the words put on the number.
    pub qualifier: Qualifier,
    /// What is measured, canonicalised through the synonyms, `None` when unknown.
    pub subject: Option<String>,
}

/// Finds every numeric claim of the given sentences of `text`.
///
/// Builds a [`ClaimFinder`] each call; a stage that runs many documents should keep one.
pub fn find_claims(text: &str, sentences: &[SentenceSpan], settings: &ClaimSettings) -> Vec<Claim> {
    ClaimFinder::new(settings).find(text, sentences)
}

// ---------------------------------------------------------------------------------------------
// Closed word sets, declared once.

/// Cardinal words below twenty.
const UNIT_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
];

/// Multiples of ten, as words.
const TENS_WORDS: &[(&str, f64)] = &[
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

/// Scale words that multiply what precedes them, as a power of ten.
const SCALE_WORDS: &[(&str, i32)] = &[
    ("hundred", 2),
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
];

/// Scale suffixes glued to digits ("1.2m", "$3bn", "5k"), as a power of ten.
const SCALE_SUFFIXES: &[(&str, i32)] = &[
    ("k", 3),
    ("m", 6),
    ("mn", 6),
    ("mln", 6),
    ("b", 9),
    ("bn", 9),
    ("bln", 9),
    ("tn", 12),
    ("trn", 12),
];

/// Words after a distance in metres that name a race or its result ("60m
/// hurdles", "400m title"), where a glued "m" is metres, not millions.
const RACE_WORDS: &[&str] = &[
    "backstroke",
    "breaststroke",
    "butterfly",
    "dash",
    "final",
    "freestyle",
    "heat",
    "heats",
    "hurdle",
    "hurdler",
    "hurdles",
    "medley",
    "race",
    "relay",
    "runner",
    "sprint",
    "sprinter",
    "steeplechase",
    "title",
];

/// Words shortly before a height, length or throw in metres ("cleared
/// 4.88m", "a throw of 15.27m"); words a business story also uses for
/// figures ("jumped", "leap", "clear") count only as "a jump of" or "a leap
/// of" (`MARK_NOUNS`).
const METRE_CUES_BEFORE: &[&str] = &[
    "clearance",
    "cleared",
    "landed",
    "threw",
    "throw",
    "thrown",
    "throws",
    "vault",
    "vaulted",
];

/// Nouns of an athlete's mark, right before "of" and the number ("a leap of
/// 17.30m", "a jump of 7.95m"; not "a leap in profits to 40m").
const MARK_NOUNS: &[&str] = &["jump", "jumps", "leap", "leaps"];

/// Words before "best" that make it an athlete's mark ("a personal best of
/// 7.96m"), not a count; "life-time" ends in "time".
const MARK_BESTS: &[&str] = &["lifetime", "personal", "season's", "season’s", "time"];

/// Words right after a length in metres ("2.5m high", "the 10m line").
const METRE_WORDS_AFTER: &[&str] = &["deep", "high", "line", "long", "tall", "wide"];

/// Distances run on a track, in metres ("the 800m and 1500m").
const TRACK_DISTANCES: &[f64] = &[
    60.0, 100.0, 110.0, 200.0, 300.0, 400.0, 800.0, 1000.0, 1500.0, 3000.0, 5000.0, 10000.0,
];

/// Words after a track distance that name its race or its result ("800m
/// gold", "400m champion"), beside `RACE_WORDS`.
const TRACK_RESULT_WORDS: &[&str] = &[
    "bronze",
    "champion",
    "champions",
    "gold",
    "hope",
    "legend",
    "mark",
    "medal",
    "qualifying",
    "ranking",
    "rankings",
    "record",
    "silver",
    "stage",
    "victory",
];

/// Fraction words after "and a" / "and one" / "and three" ("two and a half").
const FRACTION_WORDS: &[(&str, f64)] = &[
    ("half", 0.5),
    ("quarter", 0.25),
    ("quarters", 0.25),
    ("third", 1.0 / 3.0),
    ("thirds", 1.0 / 3.0),
];

/// Vulgar fraction characters.
const VULGAR_FRACTIONS: &[(char, f64)] = &[
    ('½', 0.5),
    ('¼', 0.25),
    ('¾', 0.75),
    ('⅓', 1.0 / 3.0),
    ('⅔', 2.0 / 3.0),
    ('⅛', 0.125),
    ('⅜', 0.375),
    ('⅝', 0.625),
    ('⅞', 0.875),
    ('⅕', 0.2),
];

/// Vague plurals: "thousands", "tens of thousands"; the value is the scale of one.
const VAGUE_PLURALS: &[(&str, f64)] = &[
    ("tens", 10.0),
    ("dozens", 12.0),
    ("scores", 20.0),
    ("hundreds", 100.0),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];

/// A year of 365.25 days, in seconds.
const YEAR_SECONDS: f64 = 31_557_600.0;

/// Duration units in seconds, singular and plural spellings.
const DURATION_UNITS: &[(&str, f64)] = &[
    ("second", 1.0),
    ("seconds", 1.0),
    ("sec", 1.0),
    ("secs", 1.0),
    ("minute", 60.0),
    ("minutes", 60.0),
    ("min", 60.0),
    ("mins", 60.0),
    ("hour", 3600.0),
    ("hours", 3600.0),
    ("hr", 3600.0),
    ("hrs", 3600.0),
    ("day", 86_400.0),
    ("days", 86_400.0),
    ("week", 604_800.0),
    ("weeks", 604_800.0),
    ("fortnight", 1_209_600.0),
    ("fortnights", 1_209_600.0),
    ("month", YEAR_SECONDS / 12.0),
    ("months", YEAR_SECONDS / 12.0),
    ("year", YEAR_SECONDS),
    ("years", YEAR_SECONDS),
    ("yr", YEAR_SECONDS),
    ("yrs", YEAR_SECONDS),
    ("decade", YEAR_SECONDS * 10.0),
    ("decades", YEAR_SECONDS * 10.0),
    ("century", YEAR_SECONDS * 100.0),
    ("centuries", YEAR_SECONDS * 100.0),
];

/// Words before "a"/"an" + unit that make it a duration ("in a decade", "for a week");
/// without one, "a week" is usually a rate ("thousands of people a week").
const DURATION_LEAD_WORDS: &[&str] = &[
    "for", "in", "within", "after", "than", "lasting", "lasted", "last", "took", "spent", "past",
    "of",
];

/// Qualifier phrases, as lowercase token sequences; the longest match wins.
const QUALIFIER_PHRASES: &[(&[&str], Qualifier)] = &[
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["more", "than"], Qualifier::MoreThan),
    (&["longer", "than"], Qualifier::MoreThan),
    (&["greater", "than"], Qualifier::MoreThan),
    (&["just", "over"], Qualifier::MoreThan),
    (&["well", "over"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["just", "under"], Qualifier::Nearly),
    (&["just", "below"], Qualifier::Nearly),
    (&["just", "shy", "of"], Qualifier::Nearly),
    (&["close", "to"], Qualifier::Nearly),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["not", "quite"], Qualifier::Nearly),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["shorter", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
    (&["shy", "of"], Qualifier::LessThan),
    (&["below"], Qualifier::LessThan),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["an", "estimated"], Qualifier::Approx),
    (&["approximately"], Qualifier::Approx),
    (&["approx"], Qualifier::Approx),
    (&["about"], Qualifier::Approx),
    (&["around"], Qualifier::Approx),
    (&["roughly"], Qualifier::Approx),
    (&["some"], Qualifier::Approx),
    (&["circa"], Qualifier::Approx),
    (&["estimated"], Qualifier::Approx),
    (&["more", "or", "less"], Qualifier::Approx),
    (&["between"], Qualifier::Range),
    (&["from"], Qualifier::Range),
];

/// Qualifier phrases after the number ("50 or more", "an hour or so").
const TRAILING_QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["or", "so"], Qualifier::Approx),
    (&["or", "more"], Qualifier::AtLeast),
    (&["or", "longer"], Qualifier::AtLeast),
    (&["or", "less"], Qualifier::AtMost),
    (&["or", "fewer"], Qualifier::AtMost),
    (&["-", "plus"], Qualifier::AtLeast),
    (&["plus"], Qualifier::AtLeast),
    (&["+"], Qualifier::AtLeast),
];

/// Currency symbols before the number.
const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₽", "RUB"),
    ("₴", "UAH"),
];

/// Country letters glued before "$" ("US$", "A$").
const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("us", "USD"),
    ("a", "AUD"),
    ("au", "AUD"),
    ("c", "CAD"),
    ("ca", "CAD"),
    ("hk", "HKD"),
    ("nz", "NZD"),
    ("s", "SGD"),
    ("r", "BRL"),
];

/// Currency words and codes after (or, for codes, before) the number.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
    ("hryvnias", "UAH"),
    ("hryvnia", "UAH"),
    ("francs", "CHF"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
    ("jpy", "JPY"),
    ("cny", "CNY"),
    ("inr", "INR"),
    ("rub", "RUB"),
    ("uah", "UAH"),
    ("chf", "CHF"),
    ("cad", "CAD"),
    ("aud", "AUD"),
];

/// Month names and abbreviations, with the month number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// Capitalised words that may stand right before a number without making it a label
/// ("Friday 15 August", "In 2019"), unlike "Article 5" or "Boeing 737".
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Words after which a four-digit number is a year ("since 2019", "the 1945 treaty").
const YEAR_LEAD_WORDS: &[&str] = &[
    "in", "since", "by", "of", "from", "until", "till", "before", "after", "year", "during",
    "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter", "the", "a", "an",
    "through", "between", "and", "to", "season", "fiscal", "election", "their", "its", "his",
    "her", "our", "my", "your", "this", "last", "next", "that", "whose",
];

/// Word prefixes that may be hyphenated to a year ("mid-2020", "pre-2019").
const YEAR_HYPHEN_PREFIXES: &[&str] = &["mid", "pre", "post", "early", "late"];

/// Words that are never the counted noun after a number: function words, verbs, adverbs.
const NOT_COUNTED: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "shall",
    "should",
    "said",
    "says",
    "say",
    "told",
    "more",
    "less",
    "most",
    "least",
    "fewer",
    "other",
    "others",
    "times",
    "later",
    "earlier",
    "ago",
    "each",
    "apiece",
    "also",
    "too",
    "so",
    "then",
    "now",
    "here",
    "there",
    "into",
    "onto",
    "over",
    "under",
    "after",
    "before",
    "since",
    "until",
    "about",
    "around",
    "per",
    "cent",
    "percent",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "him",
    "her",
    "them",
    "us",
    "me",
    "my",
    "our",
    "their",
    "his",
    "if",
    "when",
    "while",
    "where",
    "why",
    "how",
    "what",
    "not",
    "no",
    "yes",
    "all",
    "both",
    "either",
    "neither",
    "any",
    "some",
    "such",
    "up",
    "down",
    "out",
    "off",
    "away",
    "back",
    "again",
    "still",
    "just",
    "only",
    "even",
    "very",
    "ever",
    "never",
    "already",
    "yet",
    "against",
    "during",
    "without",
    "within",
    "between",
    "among",
    "through",
    "across",
    "behind",
    "beyond",
    "near",
    "like",
    "via",
    "vs",
    "versus",
    "respectively",
    "apart",
    "together",
    "alone",
    "ahead",
    "aside",
    "abroad",
    "overall",
    "straight",
    "running",
    "consecutive",
    "in",
    "more",
    "plus",
    "minus",
    "percentage",
    "points",
    "point",
    "o'clock",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "are",
    "got",
    "get",
    "went",
    "came",
    "made",
    "took",
    "make",
    "take",
    "go",
    "come",
    "see",
    "saw",
    "met",
    "left",
    "remain",
    "remained",
    "remains",
    "lead",
    "led",
    "leads",
    "won",
    "lost",
];

/// Plural nouns that do not end in "s".
const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "men",
    "women",
    "children",
    "police",
    "staff",
    "personnel",
    "cattle",
    "sheep",
    "fish",
    "feet",
    "teeth",
    "mice",
    "geese",
    "aircraft",
    "troops",
    "crew",
    "livestock",
    "data",
    "media",
    "offspring",
    "deer",
    "youth",
];

/// Pre-filter vocabulary: a sentence with none of these words (and no digit) has no claim.
const PREFILTER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "dozen",
    "dozens",
    "scores",
    "tens",
    "half",
    "quarter",
    "third",
    "thirds",
    "quarters",
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "fortnight",
    "month",
    "year",
    "decade",
    "century",
];

// ---------------------------------------------------------------------------------------------
// Tokens.

/// What a small token of a sentence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    /// Letters (with inner apostrophes, or dotted single letters: "U.S.", "p.m.").
    Word,
    /// Digits, with thousands commas and one decimal point.
    Num,
    /// Letters and digits mixed with letters first ("G7", "MH17"): a label, never a number.
    Code,
    /// A vulgar fraction character ("½").
    Frac,
    /// Any other single non-space character.
    Punct,
}

/// A token: byte offsets into the sentence, its kind, and whether white space precedes it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    s: usize,
    e: usize,
    kind: Tk,
    space: bool,
}

/// Cuts a sentence into tokens; every offset is a char boundary.
fn tokenise(s: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(s.len() / 4);
    tokenise_into(s, &mut toks);
    toks
}

/// [`tokenise`] into a reused buffer.
fn tokenise_into(s: &str, toks: &mut Vec<Tok>) {
    toks.clear();
    let b = s.as_bytes();
    let mut i = 0;
    let mut space = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        let st = i;
        let kind;
        if c.is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // Thousands groups: a comma followed by exactly three digits.
            while i + 3 < b.len() + 1
                && b.get(i) == Some(&b',')
                && b.get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            {
                i += 4;
            }
            if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 1;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            kind = Tk::Num;
        } else if c.is_ascii_alphabetic() || (c >= 0x80 && char_at(s, i).is_alphabetic()) {
            let mut letters = 0usize;
            let mut code = false;
            while i < b.len() {
                let ch = char_at(s, i);
                if ch.is_alphabetic() {
                    letters += 1;
                    i += ch.len_utf8();
                } else if ch.is_ascii_digit() {
                    code = true;
                    i += 1;
                } else if (ch == '\'' || ch == '’')
                    && i + ch.len_utf8() < b.len()
                    && char_at(s, i + ch.len_utf8()).is_alphabetic()
                {
                    i += ch.len_utf8();
                } else if ch == '.'
                    && letters == 1
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                    && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic)
                {
                    // Dotted abbreviation: "U.S.", "p.m.".
                    i += 2;
                    letters = 1;
                    if b.get(i) == Some(&b'.') {
                        i += 1;
                        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                            break;
                        }
                    }
                } else {
                    break;
                }
            }
            kind = if code { Tk::Code } else { Tk::Word };
        } else {
            let ch = char_at(s, i);
            i += ch.len_utf8();
            if ch.is_whitespace() {
                space = true;
                continue;
            }
            kind = if VULGAR_FRACTIONS.iter().any(|(f, _)| *f == ch) {
                Tk::Frac
            } else {
                Tk::Punct
            };
        }
        toks.push(Tok {
            s: st,
            e: i,
            kind,
            space,
        });
        space = false;
    }
}

/// The char starting at byte `i` (a char boundary); a replacement char if there is none.
fn char_at(s: &str, i: usize) -> char {
    s.get(i..)
        .and_then(|t| t.chars().next())
        .unwrap_or('\u{fffd}')
}

fn lookup<T: Copy>(table: &[(&str, T)], w: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// Rounds away binary noise (8100.000000000001 → 8100) to 12 significant digits, so that
/// bounds computed with the approx tolerance compare exactly.
fn tidy(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let digits = 12 - x.abs().log10().ceil() as i32;
    if !(-300..=300).contains(&digits) {
        return x;
    }
    let scale = 10f64.powi(digits);
    let r = (x * scale).round() / scale;
    if r.is_finite() { r } else { x }
}

/// Parses a digit run ("1,200", "2.5") optionally scaled by 10^exp, exactly.
fn parse_digits(t: &str, exp: i32) -> Option<f64> {
    let plain: String = t.chars().filter(|c| *c != ',').collect();
    if exp == 0 {
        plain.parse().ok()
    } else {
        format!("{plain}e{exp}").parse().ok()
    }
}

/// Lowercase words at which a claim may start: number words, qualifier openers, months,
/// currency words and codes, "a"/"an"/"half". Every other word is passed over at once.
static START_WORDS: LazyLock<HashSet<&'static str, FnvBuild>> = LazyLock::new(|| {
    let mut set: HashSet<&'static str, FnvBuild> = HashSet::default();
    set.extend(UNIT_WORDS.iter().map(|(w, _)| *w));
    set.extend(TENS_WORDS.iter().map(|(w, _)| *w));
    set.extend(VAGUE_PLURALS.iter().map(|(w, _)| *w));
    set.extend(MONTHS.iter().map(|(w, _)| *w));
    set.extend(DOLLAR_PREFIXES.iter().map(|(w, _)| *w));
    set.extend(CURRENCY_WORDS.iter().map(|(w, _)| *w));
    set.extend(
        QUALIFIER_PHRASES
            .iter()
            .filter_map(|(ws, _)| ws.first().copied()),
    );
    set.extend(["a", "an", "half"]);
    set
});

/// [`QUALIFIER_PHRASES`] indexed by their first word.
static QUALIFIERS_BY_FIRST: LazyLock<HashMap<&'static str, Vec<usize>, FnvBuild>> =
    LazyLock::new(|| {
        let mut map: HashMap<&'static str, Vec<usize>, FnvBuild> = HashMap::default();
        for (id, (words, _)) in QUALIFIER_PHRASES.iter().enumerate() {
            if let Some(first) = words.first() {
                map.entry(*first).or_default().push(id);
            }
        }
        map
    });

/// [`NOT_COUNTED`] as a set.
static NOT_COUNTED_SET: LazyLock<HashSet<&'static str, FnvBuild>> =
    LazyLock::new(|| NOT_COUNTED.iter().copied().collect());

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(PREFILTER_WORDS)
        .expect("the pre-filter word list is a valid automaton")
});

/// FNV-1a: the word sets are looked up once per token, and SipHash's DoS resistance buys
/// nothing for a fixed, trusted key set.
#[derive(Default, Clone, Copy)]
struct FnvBuild;

/// The running FNV-1a state.
struct Fnv(u64);

impl std::hash::BuildHasher for FnvBuild {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Whether a sentence may hold a claim: a digit, a vulgar fraction, or a number word.
fn may_hold_claim(s: &str) -> bool {
    let b = s.as_bytes();
    if b.iter().any(u8::is_ascii_digit) {
        return true;
    }
    // Vulgar fractions are U+00BC..U+00BE (C2 BC..BE) and U+2150..U+215F (E2 85 90..9F).
    if b.windows(2)
        .any(|w| (w[0] == 0xC2 && (0xBC..=0xBE).contains(&w[1])) || (w[0] == 0xE2 && w[1] == 0x85))
    {
        return true;
    }
    PREFILTER.find_iter(s).any(|m| {
        let before = m.start() == 0 || !b[m.start() - 1].is_ascii_alphabetic();
        let after = m.end() >= b.len() || !b[m.end()].is_ascii_alphabetic();
        // "years", "hours", "days": a plural unit is still a hit.
        let plural = b.get(m.end()) == Some(&b's')
            && (m.end() + 1 >= b.len() || !b[m.end() + 1].is_ascii_alphabetic());
        before && (after || plural)
    })
}

// ---------------------------------------------------------------------------------------------
// The finder.

/// A claim finder with its synonym index built once; reuse it across documents.
#[derive(Debug, Clone)]
pub struct ClaimFinder {
    tolerance: f64,
    /// Each subject phrase as lowercase tokens, with its canonical subject.
    phrases: Vec<(Vec<String>, String)>,
    /// Phrase indices by their first token.
    by_first: HashMap<String, Vec<usize>, FnvBuild>,
}

impl ClaimFinder {
    /// Builds the finder from the pipeline settings.
    pub fn new(settings: &ClaimSettings) -> Self {
        let mut phrases = Vec::new();
        let mut by_first: HashMap<String, Vec<usize>, FnvBuild> = HashMap::default();
        for (canon, words) in &settings.subject_synonyms {
            let canon_lc = canon.to_lowercase();
            for w in words.iter().chain(std::iter::once(canon)) {
                let lc = w.to_lowercase();
                let toks: Vec<String> = tokenise(&lc)
                    .iter()
                    .map(|t| lc[t.s..t.e].to_string())
                    .collect();
                if let Some(first) = toks.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push(phrases.len());
                    phrases.push((toks, canon_lc.clone()));
                }
            }
        }
        ClaimFinder {
            tolerance: if settings.approx_tolerance.is_finite() {
                settings.approx_tolerance.abs()
            } else {
                0.0
            },
            phrases,
            by_first,
        }
    }

    /// Finds every numeric claim of the given sentences of `text`, in text order.
    pub fn find(&self, text: &str, sentences: &[SentenceSpan]) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut lc = String::new();
        let mut toks = Vec::new();
        for (idx, span) in sentences.iter().enumerate() {
            let Some(sentence) = text.get(span.start..span.end) else {
                continue;
            };
            if !may_hold_claim(sentence) {
                continue;
            }
            let sentence_idx = u32::try_from(idx).unwrap_or(u32::MAX);
            lc.clear();
            lc.push_str(sentence);
            lc.make_ascii_lowercase();
            tokenise_into(sentence, &mut toks);
            self.find_in_sentence(sentence, &lc, &toks, span.start, sentence_idx, &mut out);
        }
        out
    }

    fn find_in_sentence(
        &self,
        sentence: &str,
        lc: &str,
        toks: &[Tok],
        base: usize,
        sentence_idx: u32,
        out: &mut Vec<Claim>,
    ) {
        let p = Sentence {
            src: sentence,
            lc,
            toks,
        };
        let mut subjects: Option<Vec<(usize, usize, String)>> = None;
        let mut i = 0;
        while i < toks.len() {
            match p.claim_at(i) {
                Step::Found(f) => {
                    let next = f.end.max(i + 1);
                    let subject = match f.kind {
                        ClaimKind::Year | ClaimKind::Date | ClaimKind::Time => None,
                        ClaimKind::Age => f.noun.map(|n| p.lc_tok(n).to_string()),
                        _ => match f.noun {
                            Some(n) if f.kind == ClaimKind::Duration => {
                                Some(self.canonical(p.lc_tok(n)))
                            }
                            _ => {
                                let occ = subjects.get_or_insert_with(|| self.subject_spans(&p));
                                let window = if f.kind == ClaimKind::Duration {
                                    SUBJECT_WINDOW
                                } else {
                                    SUBJECT_WINDOW_NEAR
                                };
                                nearest_subject(occ, f.start, f.end, window)
                            }
                        },
                    };
                    out.push(self.claim_from(&p, f, base, sentence_idx, subject));
                    i = next;
                }
                Step::Skip(next) => i = next.max(i + 1),
                Step::Nothing => i += 1,
            }
        }
    }

    /// The canonical subject of a raw noun: its synonym group, else the noun itself.
    fn canonical(&self, noun: &str) -> String {
        self.by_first
            .get(noun)
            .and_then(|ids| ids.iter().find(|&&id| self.phrases[id].0.len() == 1))
            .map_or_else(|| noun.to_string(), |&id| self.phrases[id].1.clone())
    }

    /// Every subject phrase of the sentence: (first token, end token, canonical subject).
    fn subject_spans(&self, p: &Sentence) -> Vec<(usize, usize, String)> {
        let mut occ = Vec::new();
        for t in 0..p.toks.len() {
            let Some(ids) = self.by_first.get(p.lc_tok(t)) else {
                continue;
            };
            let mut best: Option<(usize, &str)> = None;
            for &id in ids {
                let (words, canon) = &self.phrases[id];
                let fits = words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| t + k < p.toks.len() && p.lc_tok(t + k) == w);
                if fits && best.is_none_or(|(n, _)| words.len() > n) {
                    best = Some((words.len(), canon));
                }
            }
            if let Some((n, canon)) = best {
                occ.push((t, t + n, canon.to_string()));
            }
        }
        occ
    }

    fn claim_from(
        &self,
        p: &Sentence,
        f: Found,
        base: usize,
        sentence_idx: u32,
        subject: Option<String>,
    ) -> Claim {
        let start = base + p.toks[f.start].s;
        let end = base + p.toks[f.end.saturating_sub(1).max(f.start)].e;
        let t = self.tolerance;
        let (low, high) = match (f.bounds, f.value) {
            (Some(b), _) => b,
            (None, None) => (None, None),
            (None, Some(v)) => match f.qualifier {
                Qualifier::Exact => (Some(v), Some(v)),
                Qualifier::Approx => (Some(tidy(v - v.abs() * t)), Some(tidy(v + v.abs() * t))),
                Qualifier::Nearly | Qualifier::LessThan | Qualifier::AtMost => (None, Some(v)),
                Qualifier::MoreThan | Qualifier::AtLeast => (Some(v), None),
                Qualifier::Range => (Some(v), Some(v)),
            },
        };
        Claim {
            start,
            end,
            sentence_idx,
            kind: f.kind,
            value: f.value,
            unit: f.unit,
            low,
            high,
            qualifier: f.qualifier,
            subject,
        }
    }
}

/// How far (in tokens) a subject phrase may stand from the duration it measures ("The talks,
/// held at Joint Base Elmendorf-Richardson in Anchorage, lasted around two and a half hours").
const SUBJECT_WINDOW: usize = 15;

/// The same for counts, money, percentages and plain numbers, whose link to an event noun is
/// looser: only a close one counts.
const SUBJECT_WINDOW_NEAR: usize = 12;

/// The subject phrase nearest the claim (tokens `start..end`), preferring one before it on ties.
fn nearest_subject(
    occ: &[(usize, usize, String)],
    start: usize,
    end: usize,
    window: usize,
) -> Option<String> {
    occ.iter()
        .filter(|(s, e, _)| *e <= start || *s >= end)
        .map(|(s, e, canon)| {
            let (dist, after) = if *e <= start {
                (start - e, 0)
            } else {
                (s - end, 1)
            };
            (dist, after, canon)
        })
        .filter(|(d, _, _)| *d <= window)
        .min_by_key(|(d, after, _)| (*d, *after))
        .map(|(_, _, c)| c.clone())
}

/// The outcome of trying a claim at one token.
enum Step {
    /// A claim.
    Found(Found),
    /// Not a claim, and the tokens up to this index must not be read as one either ("B-2s").
    Skip(usize),
    /// Nothing here.
    Nothing,
}

/// A claim in token terms, before offsets and bounds are filled in.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    kind: ClaimKind,
    value: Option<f64>,
    unit: Option<String>,
    qualifier: Qualifier,
    /// Explicit bounds (ranges, vague plurals); `None` to derive them from the qualifier.
    bounds: Option<(Option<f64>, Option<f64>)>,
    /// The noun a compound adjective qualifies ("three-hour meeting"), or the aged noun.
    noun: Option<usize>,
}

impl Found {
    /// An exact value with no unit, bounds or qualified noun: years and dates.
    fn exact(start: usize, end: usize, kind: ClaimKind, value: f64) -> Self {
        Found {
            start,
            end,
            kind,
            value: Some(value),
            unit: None,
            qualifier: Qualifier::Exact,
            bounds: None,
            noun: None,
        }
    }
}

/// The number itself, before units.
#[derive(Debug, Clone, Copy)]
struct Core {
    value: f64,
    /// Token index one past the number.
    end: usize,
    /// Written in words (no digits).
    words: bool,
    /// A plain digit run with no separators, decimals, fraction or scale, and its digit count.
    plain_digits: Option<usize>,
    /// A vague plural: (low, high) bounds.
    vague: Option<(f64, Option<f64>)>,
    /// Glued percent suffix ("25pc").
    percent: bool,
}

/// One sentence, tokenised, with its lowercase copy.
struct Sentence<'a> {
    src: &'a str,
    lc: &'a str,
    toks: &'a [Tok],
}

impl Sentence<'_> {
    fn lc_tok(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.lc[t.s..t.e])
    }

    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.src[t.s..t.e])
    }

    fn kind(&self, i: usize) -> Option<Tk> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Tk::Word)
    }

    /// Whether digits `k` with the glued "m" at `suffix` are metres, not
    /// millions. Never after a currency ("£60m"). Metres when a men's or
    /// women's event comes before or an event word after ("the women's
    /// 60m", "60m hurdles"). Otherwise, in a sentence that names no currency:
    /// when a throw, clearance or athlete's best comes shortly before
    /// ("cleared 4.88m", "a season's best of 7.95m"); when a dimension or
    /// "/s" follows ("2.5m high", "17m/s"); or when a track distance names
    /// its race ("400m champion") or stands alone after "the" or "and" ("the
    /// 800m and 1500m"). A count keeps its noun ("400m people"), and a
    /// figure after a verb stays millions ("its population is 200m").
    fn is_metres(&self, k: usize, suffix: usize) -> bool {
        if k >= 1 && lookup(CURRENCY_SYMBOLS, self.lc_tok(k - 1)).is_some() {
            return false;
        }
        let before = self.toks.get(k).map_or("", |t| self.lc[..t.s].trim_end());
        let after = self.lc_tok(suffix + 1);
        if ["men's", "men’s"].iter().any(|w| before.ends_with(w)) || RACE_WORDS.contains(&after) {
            return true;
        }
        let money = (0..self.toks.len()).any(|j| {
            let word = self.lc_tok(j);
            lookup(CURRENCY_SYMBOLS, word).is_some() || lookup(CURRENCY_WORDS, word).is_some()
        });
        if money {
            return false;
        }
        let previous = if k >= 1 { self.lc_tok(k - 1) } else { "" };
        let cue_before =
            (k.saturating_sub(4)..k).any(|j| {
                let word = self.lc_tok(j);
                METRE_CUES_BEFORE.contains(&word)
                    || (word == "best" && j >= 1 && MARK_BESTS.contains(&self.lc_tok(j - 1)))
            }) || (previous == "of" && k >= 2 && MARK_NOUNS.contains(&self.lc_tok(k - 2)));
        let per_second_or_hour = after == "/"
            && self.glued(suffix + 1)
            && self.glued(suffix + 2)
            && matches!(self.lc_tok(suffix + 2), "s" | "h");
        // "a 5m high" is a record count, "2.5m high" a height.
        let dimension = METRE_WORDS_AFTER.contains(&after) && !matches!(previous, "a" | "an");
        if cue_before || per_second_or_hour || dimension {
            return true;
        }
        let track = parse_digits(self.raw(k), 0).is_some_and(|v| TRACK_DISTANCES.contains(&v));
        let after_article = matches!(previous, "the" | "and" | "or");
        let alone = self.kind(suffix + 1) != Some(Tk::Word)
            || matches!(after, "and" | "or" | "at" | "in" | "on");
        track && (TRACK_RESULT_WORDS.contains(&after) || (after_article && alone))
    }

    /// Token `i` exists and touches the token before it.
    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.space)
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.lc_tok(i) == w
    }

    fn is_hyphen(&self, i: usize) -> bool {
        matches!(self.lc_tok(i), "-" | "–" | "‑")
    }

    fn capitalised(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Token `i` opens the sentence, possibly after quotes, brackets or dashes.
    fn at_sentence_start(&self, i: usize) -> bool {
        (0..i).all(|k| {
            self.kind(k) == Some(Tk::Punct)
                && matches!(
                    self.lc_tok(k),
                    "\"" | "“" | "‘" | "'" | "(" | "[" | "-" | "–" | "—" | ":" | "…"
                )
        }) || (i > 0 && matches!(self.lc_tok(i - 1), ":" | "“" | "\"" | "(" | "—" | "–"))
    }

    /// A qualifier phrase starting at `i`: its qualifier and length in tokens.
    fn qualifier_at(&self, i: usize) -> Option<(Qualifier, usize)> {
        let mut best: Option<(Qualifier, usize)> = None;
        let ids = QUALIFIERS_BY_FIRST.get(self.lc_tok(i))?;
        for (words, q) in ids.iter().map(|&id| &QUALIFIER_PHRASES[id]) {
            if words.iter().enumerate().all(|(k, w)| self.is(i + k, w))
                && best.is_none_or(|(_, n)| words.len() > n)
            {
                best = Some((*q, words.len()));
            }
        }
        best
    }

    fn claim_at(&self, i: usize) -> Step {
        let kind = match self.kind(i) {
            Some(k) => k,
            None => return Step::Nothing,
        };
        if kind == Tk::Code {
            return Step::Skip(i + 1);
        }
        if kind == Tk::Word && !START_WORDS.contains(self.lc_tok(i)) {
            return Step::Nothing;
        }
        if kind == Tk::Punct && lookup(CURRENCY_SYMBOLS, self.lc_tok(i)).is_none() {
            return Step::Nothing;
        }
        if let Some((q, n)) = self.qualifier_at(i) {
            match self.expression_at(i + n, Some(q), i) {
                Step::Found(f) => return Step::Found(f),
                Step::Skip(k) => return Step::Skip(k),
                Step::Nothing => {}
            }
        }
        self.expression_at(i, None, i)
    }

    /// A numeric expression at `j`, under the qualifier `q` that starts at `qstart`.
    fn expression_at(&self, j: usize, q: Option<Qualifier>, qstart: usize) -> Step {
        if let Some(step) = self.date_at(j) {
            return step;
        }
        // Currency before the number: "$", "US$", "USD".
        let mut k = j;
        let mut currency: Option<&'static str> = None;
        if let Some(c) = lookup(CURRENCY_SYMBOLS, self.lc_tok(k)) {
            currency = Some(c);
            k += 1;
        } else if self.is_word(k) && self.is(k + 1, "$") && self.glued(k + 1) {
            if let Some(c) = lookup(DOLLAR_PREFIXES, self.lc_tok(k)) {
                currency = Some(c);
                k += 2;
            }
        } else if self.is_word(k)
            && self.raw(k).len() == 3
            && self.raw(k).chars().all(|c| c.is_ascii_uppercase())
            && self.kind(k + 1) == Some(Tk::Num)
            && let Some(c) = lookup(CURRENCY_WORDS, self.lc_tok(k))
        {
            currency = Some(c);
            k += 1;
        }
        let core = match self.core_at(k, q.is_some() || currency.is_some()) {
            CoreStep::Core(c) => c,
            CoreStep::Skip(n) => return Step::Skip(n),
            CoreStep::Nothing => return Step::Nothing,
        };
        if currency.is_none()
            && let Some(step) = self.time_after(j, &core)
        {
            return step;
        }
        let mut f = Found {
            start: if q.is_some() { qstart } else { j },
            end: core.end,
            kind: ClaimKind::Number,
            value: Some(core.value),
            unit: None,
            qualifier: q.unwrap_or(Qualifier::Exact),
            bounds: None,
            noun: None,
        };
        // Ranges: "2-3", "two to three", "between 2 and 3", "two or three".
        let mut e = core.end;
        let mut range: Option<(f64, f64)> = None;
        let joiner = self.lc_tok(e);
        let is_joiner = self.is_hyphen(e) && !core.words && self.glued(e)
            || joiner == "to"
            || (joiner == "and" && q == Some(Qualifier::Range))
            || (joiner == "or" && !self.is(e + 1, "so") && !self.is(e + 1, "more"));
        if is_joiner {
            let mut k2 = e + 1;
            if lookup(CURRENCY_SYMBOLS, self.lc_tok(k2)).is_some() {
                k2 += 1;
            }
            let glued_pair = self.is_hyphen(e) && self.glued(e + 1);
            if let CoreStep::Core(c2) = self.core_at(k2, true)
                && c2.vague.is_none()
                && core.vague.is_none()
                && (c2.words == core.words || !glued_pair)
            {
                if c2.value > core.value {
                    range = Some((core.value, c2.value));
                    e = c2.end;
                } else if glued_pair {
                    // "3-1", "50-50": a score or a split, not a quantity.
                    return Step::Skip(c2.end);
                }
            }
        }
        if range.is_none() && q == Some(Qualifier::Range) {
            f.qualifier = Qualifier::Exact;
            f.start = j;
        }
        // A fraction word repeated by mistake: "2 1/2 half hours".
        if core.value.fract() != 0.0
            && matches!(self.lc_tok(e), "half" | "halves")
            && lookup(DURATION_UNITS, self.lc_tok(e + 1)).is_some()
        {
            e += 1;
        }
        f.end = e;
        // A trailing hedge before the noun: "fifty or more people", "a 50-plus crowd".
        f = self.trailing(f);
        e = f.end;
        let (lo, hi) = range.unwrap_or((core.value, core.value));
        if let Some((l, h)) = range {
            f.value = Some((l + h) / 2.0);
            f.qualifier = Qualifier::Range;
            f.bounds = Some((Some(l), Some(h)));
        }
        if let Some((vl, vh)) = core.vague {
            f.qualifier = match q {
                Some(q) if q != Qualifier::Range => q,
                _ => Qualifier::AtLeast,
            };
            f.bounds = Some((Some(vl), vh));
        }
        let scale_bounds = |f: &mut Found, m: f64| {
            f.value = f.value.map(|v| v * m);
            if let Some((l, h)) = f.bounds {
                f.bounds = Some((l.map(|x| x * m), h.map(|x| x * m)));
            }
        };

        // Units.
        let w = self.lc_tok(e);
        if self.is_hyphen(e) && self.glued(e) && self.glued(e + 1) && self.is_word(e + 1) {
            // Compound adjectives: "three-hour meeting", "45-year-old", "three-way", "one-on-one".
            let hw = self.lc_tok(e + 1);
            if let Some(secs) = lookup(DURATION_UNITS, hw) {
                if self.is_hyphen(e + 2) && self.is(e + 3, "old") {
                    f.kind = ClaimKind::Age;
                    f.unit = Some("years".to_string());
                    f.end = e + 4;
                    f.noun = self.noun_after(e + 4);
                    if secs != YEAR_SECONDS {
                        // "a six-month-old baby": age in years still.
                        scale_bounds(&mut f, secs / YEAR_SECONDS);
                    }
                    return Step::Found(f);
                }
                f.kind = ClaimKind::Duration;
                f.unit = Some("s".to_string());
                let mut end = e + 2;
                if self.is_hyphen(end) && self.is(end + 1, "long") {
                    end += 2;
                }
                f.end = end;
                f.noun = self.noun_after(end);
                scale_bounds(&mut f, secs);
                return Step::Found(f);
            }
            if matches!(hw, "plus") {
                f.end = e + 2;
                f.qualifier = Qualifier::AtLeast;
            } else if matches!(hw, "percent") {
                f.kind = ClaimKind::Percent;
                f.unit = Some("%".to_string());
                f.end = e + 2;
                return Step::Found(self.trailing(f));
            } else {
                return Step::Skip(e + 2);
            }
        }
        let w = if f.end != e { self.lc_tok(f.end) } else { w };
        let e = f.end;
        if core.percent
            || w == "%"
            || w == "percent"
            || w == "pct"
            || (w == "per" && self.is(e + 1, "cent"))
        {
            f.kind = ClaimKind::Percent;
            f.unit = Some("%".to_string());
            f.end = if core.percent {
                e
            } else if w == "per" {
                e + 2
            } else {
                e + 1
            };
            return Step::Found(self.trailing(f));
        }
        if w == "percentage" && matches!(self.lc_tok(e + 1), "point" | "points") {
            f.kind = ClaimKind::Percent;
            f.unit = Some("pp".to_string());
            f.end = e + 2;
            return Step::Found(self.trailing(f));
        }
        if let Some(secs) = lookup(DURATION_UNITS, w) {
            if (w == "year" || w == "years") && self.is(e + 1, "old") {
                f.kind = ClaimKind::Age;
                f.unit = Some("years".to_string());
                f.end = e + 2;
                return Step::Found(f);
            }
            f.kind = ClaimKind::Duration;
            f.unit = Some("s".to_string());
            f.end = e + 1;
            // "an hour and a half".
            if self.is(e + 1, "and")
                && matches!(self.lc_tok(e + 2), "a" | "one")
                && let Some(fr) = lookup(FRACTION_WORDS, self.lc_tok(e + 3))
                && core.value.fract() == 0.0
                && range.is_none()
            {
                f.value = f.value.map(|v| v + fr);
                f.end = e + 4;
            }
            scale_bounds(&mut f, secs);
            if f.kind == ClaimKind::Duration && self.is_word(f.end) && self.is(f.end, "old") {
                f.kind = ClaimKind::Age;
            }
            return Step::Found(self.trailing(f));
        }
        if let Some(c) = lookup(CURRENCY_WORDS, w)
            && currency.is_none()
            && !(w == "dollar" && self.is_word(e + 1))
        {
            currency = Some(c);
            f.end = e + 1;
        }
        if let Some(c) = currency {
            f.kind = ClaimKind::Money;
            f.unit = Some(c.to_string());
            return Step::Found(self.trailing(f));
        }
        // Vague plurals and "a dozen": "thousands of people", "millions of dollars".
        if core.vague.is_some() && w == "of" {
            if let Some(c) = lookup(CURRENCY_WORDS, self.lc_tok(e + 1)) {
                f.kind = ClaimKind::Money;
                f.unit = Some(c.to_string());
                f.end = e + 2;
                return Step::Found(f);
            }
            if let Some(n) = self.counted_noun(e + 1, 2.0) {
                f.kind = ClaimKind::Count;
                f.unit = Some(self.lc_tok(n).to_string());
                f.end = n + 1;
                return Step::Found(f);
            }
            f.kind = ClaimKind::Count;
            return Step::Found(f);
        }
        // Years.
        if core.plain_digits == Some(4) && !core.words && range.is_none_or(|(l, h)| h - l < 200.0) {
            let y = lo;
            let prev = if j > 0 { self.lc_tok(j - 1) } else { "" };
            let led = YEAR_LEAD_WORDS.contains(&prev)
                || lookup(MONTHS, prev).is_some()
                || (j > 1
                    && self.is_hyphen(j - 1)
                    && YEAR_HYPHEN_PREFIXES.contains(&self.lc_tok(j - 2)));
            let plural_noun_follows = self
                .counted_noun(e, 2.0)
                .is_some_and(|n| n == e && is_plural(self.lc_tok(n)));
            let in_range = if led {
                (1000.0..=2100.0).contains(&y)
            } else {
                (1900.0..=2100.0).contains(&y)
            };
            let hedged = q.is_some_and(|q| q != Qualifier::Range);
            if in_range
                && hi <= 2100.0
                && (led || !plural_noun_follows)
                && !(hedged && plural_noun_follows)
            {
                f.kind = ClaimKind::Year;
                if range.is_none() && q.is_some_and(|q| !matches!(q, Qualifier::Approx)) {
                    // "over 2019", "from 2019", "under 2020": prepositions, not hedges.
                    f.qualifier = Qualifier::Exact;
                    f.start = j;
                } else if range.is_none() && q.is_some() {
                    f.qualifier = Qualifier::Approx;
                }
                return Step::Found(f);
            }
        }
        let prev = if j > 0 { self.lc_tok(j - 1) } else { "" };
        // "aged 45", "age 45"; in words only after "aged" ("age one" is rarely an age).
        if prev == "aged" || (prev == "age" && !core.words) {
            f.kind = ClaimKind::Age;
            f.unit = Some("years".to_string());
            return Step::Found(f);
        }
        // Appositive ages: "Jonathan Smith, 45, said"; "Emily, 16, and Pelham, 14".
        if q.is_none()
            && range.is_none()
            && core.plain_digits.is_some_and(|n| n <= 3)
            && (1.0..=120.0).contains(&core.value)
            && j >= 2
            && self.is(j - 1, ",")
            && self.is_word(j - 2)
            && self.capitalised(j - 2)
            && !self.at_sentence_start(j - 2)
            && (matches!(self.lc_tok(e), "," | "." | ")" | ";") || e >= self.toks.len())
            && lookup(MONTHS, self.lc_tok(j - 2)).is_none()
            && !WEEKDAYS.contains(&self.lc_tok(j - 2))
        {
            f.kind = ClaimKind::Age;
            f.unit = Some("years".to_string());
            return Step::Found(f);
        }
        // Ranks: "at number three", "the number one side".
        if q.is_none() && matches!(prev, "number" | "no") {
            return Step::Skip(e);
        }
        // Labels: "Article 5", "Boeing 737", "Air Force One"; digits after a hyphenated name: "B-2".
        if self.is_label(j, &core) {
            return Step::Skip(e);
        }
        // Counted nouns.
        if let Some(n) = self.counted_noun(e, lo) {
            f.kind = ClaimKind::Count;
            f.unit = Some(self.lc_tok(n).to_string());
            f.end = n + 1;
            return Step::Found(self.trailing(f));
        }
        if core.words && range.is_none() && q.is_none() {
            let prev = if j > 0 { self.lc_tok(j - 1) } else { "" };
            // "One is probably...", "the two would...", "one of the most": pronouns, not quantities.
            if core.value == 1.0
                || matches!(
                    prev,
                    "the" | "these" | "those" | "all" | "both" | "every" | "each"
                )
                || (self.is(e, "of") && core.value.fract() == 0.0)
            {
                return Step::Skip(e);
            }
        }
        if core.words && core.value == 1.0 && q.is_none() {
            return Step::Skip(e);
        }
        Step::Found(self.trailing(f))
    }

    /// Appends a trailing qualifier ("or more", "or so", "+") to an exact claim.
    fn trailing(&self, mut f: Found) -> Found {
        if f.qualifier != Qualifier::Exact {
            return f;
        }
        for (words, q) in TRAILING_QUALIFIERS {
            if words.iter().enumerate().all(|(k, w)| self.is(f.end + k, w))
                && (words[0] != "+" || self.glued(f.end))
            {
                f.qualifier = *q;
                f.end += words.len();
                break;
            }
        }
        f
    }

    /// The number at `k`: digits, words, or both, with fractions and scales.
    fn core_at(&self, k: usize, hedged: bool) -> CoreStep {
        match self.kind(k) {
            Some(Tk::Num) => self.digits_core(k),
            Some(Tk::Word) => self.words_core(k, hedged),
            Some(Tk::Frac) => {
                let v = self.raw(k).chars().next().and_then(|c| {
                    VULGAR_FRACTIONS
                        .iter()
                        .find(|(f, _)| *f == c)
                        .map(|(_, v)| *v)
                });
                match v {
                    Some(v) => CoreStep::Core(Core {
                        value: v,
                        end: k + 1,
                        words: false,
                        plain_digits: None,
                        vague: None,
                        percent: false,
                    }),
                    None => CoreStep::Nothing,
                }
            }
            _ => CoreStep::Nothing,
        }
    }

    fn digits_core(&self, k: usize) -> CoreStep {
        let raw = self.raw(k);
        // A digit run hyphenated to a name ("B-2", "COVID-19", "F-22s"), not to "mid"/"pre".
        if k >= 2
            && self.is_hyphen(k - 1)
            && self.glued(k)
            && self.glued(k - 1)
            && matches!(self.kind(k - 2), Some(Tk::Word | Tk::Code))
            && !YEAR_HYPHEN_PREFIXES.contains(&self.lc_tok(k - 2))
        {
            let mut end = k + 1;
            if self.is_word(end) && self.glued(end) {
                end += 1;
            }
            return CoreStep::Skip(end);
        }
        // Part of a dotted or slashed code: "1.2.3", "24/7" is handled below.
        if k >= 1 && self.glued(k) && matches!(self.lc_tok(k - 1), "." | "#" | "/") {
            return CoreStep::Skip(k + 1);
        }
        let Some(mut value) = parse_digits(raw, 0) else {
            return CoreStep::Nothing;
        };
        let plain = !raw.contains([',', '.']);
        let mut plain_digits = plain.then_some(raw.len());
        let mut end = k + 1;
        let mut percent = false;
        // Slashes: "1/2" fraction, "15/08/2025" date, "24/7" and "9/11" idioms.
        if self.is(end, "/")
            && self.glued(end)
            && self.kind(end + 1) == Some(Tk::Num)
            && self.glued(end + 1)
        {
            let den = parse_digits(self.raw(end + 1), 0).unwrap_or(0.0);
            if self.is(end + 2, "/") && self.glued(end + 2) && self.kind(end + 3) == Some(Tk::Num) {
                return CoreStep::Skip(end + 4);
            }
            if plain && den > value && [2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 16.0].contains(&den) {
                value /= den;
                end += 2;
                plain_digits = None;
            } else {
                return CoreStep::Skip(end + 2);
            }
        } else if self.kind(end) == Some(Tk::Frac) && self.glued(end) {
            // "3½".
            value += self.frac_value(end);
            end += 1;
            plain_digits = None;
        } else if self.kind(end) == Some(Tk::Num)
            && self.is(end + 1, "/")
            && self.glued(end + 1)
            && self.glued(end + 2)
            && self.kind(end + 2) == Some(Tk::Num)
        {
            // "2 1/2".
            let num = parse_digits(self.raw(end), 0).unwrap_or(0.0);
            let den = parse_digits(self.raw(end + 2), 0).unwrap_or(0.0);
            if plain && den > num && num > 0.0 && [2.0, 3.0, 4.0, 8.0].contains(&den) {
                value += num / den;
                end += 3;
                plain_digits = None;
            }
        } else if self.kind(end) == Some(Tk::Frac) {
            // "2 ½".
            value += self.frac_value(end);
            end += 1;
            plain_digits = None;
        }
        // Glued suffixes: "1.2m", "5bn", "25pc", "8pm", "15th", "1990s".
        if self.is_word(end) && self.glued(end) {
            let suf = self.lc_tok(end);
            if let Some(exp) = lookup(SCALE_SUFFIXES, suf) {
                if suf == "m" && self.is_metres(k, end) {
                    // "the women's 60m", "cleared 4.88m": metres, not millions.
                    return CoreStep::Skip(end + 1);
                }
                value = parse_digits(raw, exp).unwrap_or(value);
                end += 1;
                plain_digits = None;
            } else if suf == "pc" {
                percent = true;
                end += 1;
            } else if matches!(
                suf,
                "pm" | "am" | "p.m." | "a.m." | "gmt" | "bst" | "et" | "h" | "hrs"
            ) || (suf == "s" && plain_digits == Some(4))
            {
                // Clock times and decades: handled by the caller.
            } else if matches!(suf, "th" | "st" | "nd" | "rd") {
                return CoreStep::Skip(end + 1);
            } else {
                // "4G", "3D", "5km": a label or a measure this finder does not cover.
                return CoreStep::Skip(end + 1);
            }
        }
        // Spaced scale words: "1.2 million", "20 thousand".
        if (plain_digits != Some(4) || !self.is(end, "hundred"))
            && let Some(exp) = lookup(SCALE_WORDS, self.lc_tok(end))
            && !self.glued(end)
        {
            value = parse_digits(raw, exp).unwrap_or(value * 10f64.powi(exp));
            end += 1;
            plain_digits = None;
        }
        CoreStep::Core(Core {
            value,
            end,
            words: false,
            plain_digits,
            vague: None,
            percent,
        })
    }

    fn frac_value(&self, k: usize) -> f64 {
        self.raw(k)
            .chars()
            .next()
            .and_then(|c| {
                VULGAR_FRACTIONS
                    .iter()
                    .find(|(f, _)| *f == c)
                    .map(|(_, v)| *v)
            })
            .unwrap_or(0.0)
    }

    fn words_core(&self, k: usize, hedged: bool) -> CoreStep {
        let w0 = self.lc_tok(k);
        // Capitalised number words inside a sentence are names: "Air Force One", "Formula One".
        if self.capitalised(k) && !self.at_sentence_start(k) && !hedged {
            let numberish = lookup(UNIT_WORDS, w0).is_some() || lookup(TENS_WORDS, w0).is_some();
            if numberish {
                return CoreStep::Skip(k + 1);
            }
        }
        // "one-on-one", "three-on-three".
        if self.is_hyphen(k + 1) && self.is(k + 2, "on") && self.is_hyphen(k + 3) {
            return CoreStep::Skip(k + 5);
        }
        // Vague plurals: "thousands", "tens of thousands", "hundreds of millions".
        if let Some(m) = lookup(VAGUE_PLURALS, w0) {
            if self.is(k + 1, "of")
                && let Some(s) = lookup(VAGUE_PLURALS, self.lc_tok(k + 2)).filter(|s| *s >= 1e3)
            {
                return CoreStep::Core(Core {
                    value: 2.0 * m * s,
                    end: k + 3,
                    words: true,
                    plain_digits: None,
                    vague: Some((m * s, Some(10.0 * m * s))),
                    percent: false,
                });
            }
            if (w0 == "tens" || w0 == "scores") && !self.is(k + 1, "of") {
                return CoreStep::Nothing;
            }
            return CoreStep::Core(Core {
                value: m,
                end: k + 1,
                words: true,
                plain_digits: None,
                vague: Some((m, None)),
                percent: false,
            });
        }
        // "a"/"an" + scale, fraction, dozen or unit.
        if matches!(w0, "a" | "an") {
            let w1 = self.lc_tok(k + 1);
            if let Some(exp) = lookup(SCALE_WORDS, w1) {
                let mut end = k + 2;
                let mut value = 10f64.powi(exp);
                if let Some(exp2) = lookup(SCALE_WORDS, self.lc_tok(end)).filter(|e2| *e2 > exp) {
                    value *= 10f64.powi(exp2);
                    end += 1;
                }
                return self.words_tail(value, end, k);
            }
            if w1 == "dozen" {
                return self.words_tail(12.0, k + 2, k);
            }
            if matches!(w1, "half" | "quarter") {
                let v = if w1 == "half" { 0.5 } else { 0.25 };
                // "a half hour", "a quarter century", "a quarter of the vote".
                return self.words_tail(v, k + 2, k);
            }
            if let Some(_secs) = lookup(DURATION_UNITS, w1) {
                let prev = if k > 0 { self.lc_tok(k - 1) } else { "" };
                let singular = !w1.ends_with('s') || w1 == "hrs";
                if singular
                    && w1 != "second"
                    && w1 != "sec"
                    && (hedged || DURATION_LEAD_WORDS.contains(&prev))
                {
                    return CoreStep::Core(Core {
                        value: 1.0,
                        end: k + 1,
                        words: true,
                        plain_digits: None,
                        vague: None,
                        percent: false,
                    });
                }
            }
            return CoreStep::Nothing;
        }
        // "half an hour", "half a million".
        if w0 == "half" && matches!(self.lc_tok(k + 1), "a" | "an") {
            let w2 = self.lc_tok(k + 2);
            if let Some(exp) = lookup(SCALE_WORDS, w2) {
                return self.words_tail(0.5 * 10f64.powi(exp), k + 3, k);
            }
            if lookup(DURATION_UNITS, w2).is_some() && !w2.ends_with('s') {
                // The article goes: "half an hour" is 0.5 hour.
                return CoreStep::Core(Core {
                    value: 0.5,
                    end: k + 2,
                    words: true,
                    plain_digits: None,
                    vague: None,
                    percent: false,
                });
            }
            return CoreStep::Nothing;
        }
        // Cardinal words: "twenty-one thousand", "two hundred and fifty", "three".
        let mut total = 0.0;
        let mut current = 0.0;
        let mut any = false;
        let mut last_small = false; // the last word was below a hundred (no scale yet after it)
        let mut j = k;
        loop {
            let w = self.lc_tok(j);
            if !self.is_word(j) {
                break;
            }
            if let Some(u) = lookup(UNIT_WORDS, w) {
                // After a word below a hundred only "twenty one" continues the number.
                let bare_tens = current % 10.0 == 0.0 && current % 100.0 >= 20.0;
                if last_small && !(bare_tens && (1.0..10.0).contains(&u)) {
                    break;
                }
                current += u;
                any = true;
                last_small = true;
                j += 1;
            } else if let Some(t) = lookup(TENS_WORDS, w) {
                if last_small {
                    break;
                }
                current += t;
                any = true;
                last_small = true;
                j += 1;
                // "twenty-one".
                if self.is_hyphen(j)
                    && self.glued(j)
                    && self.glued(j + 1)
                    && let Some(u) =
                        lookup(UNIT_WORDS, self.lc_tok(j + 1)).filter(|u| *u >= 1.0 && *u < 10.0)
                {
                    current += u;
                    j += 2;
                }
            } else if w == "hundred" && any {
                current = current.max(1.0) * 100.0;
                last_small = false;
                j += 1;
            } else if let Some(exp) = lookup(SCALE_WORDS, w).filter(|_| any) {
                total += current.max(1.0) * 10f64.powi(exp);
                current = 0.0;
                last_small = false;
                j += 1;
            } else if w == "dozen" && any {
                current = current.max(1.0) * 12.0;
                last_small = false;
                j += 1;
            } else if w == "and"
                && any
                && !last_small
                && (lookup(UNIT_WORDS, self.lc_tok(j + 1)).is_some()
                    || lookup(TENS_WORDS, self.lc_tok(j + 1)).is_some())
                && !matches!(
                    self.lc_tok(j + 2),
                    "half" | "quarter" | "quarters" | "thirds"
                )
            {
                j += 1;
            } else {
                break;
            }
        }
        if !any {
            return CoreStep::Nothing;
        }
        let value = total + current;
        // "two-thirds", "three quarters".
        if self.is_word(j) || self.is_hyphen(j) {
            let (fw, step) = if self.is_hyphen(j) && self.glued(j) && self.glued(j + 1) {
                (self.lc_tok(j + 1), 2)
            } else {
                (self.lc_tok(j), 1)
            };
            if matches!(fw, "thirds" | "quarters" | "third" | "quarter")
                && value < 10.0
                && (fw.ends_with('s') == (value > 1.0))
                && (fw.starts_with('q') || value > 1.0 || self.is(j + step, "of"))
            {
                let d = if fw.starts_with('q') { 4.0 } else { 3.0 };
                return CoreStep::Core(Core {
                    value: value / d,
                    end: j + step,
                    words: true,
                    plain_digits: None,
                    vague: None,
                    percent: false,
                });
            }
        }
        self.words_tail(value, j, k)
    }

    /// Fraction tails after a cardinal: "two and a half", "2 1/2", "one and a half million".
    fn words_tail(&self, mut value: f64, mut end: usize, _start: usize) -> CoreStep {
        if self.is(end, "and") && matches!(self.lc_tok(end + 1), "a" | "one" | "three") {
            let num = if self.is(end + 1, "three") { 3.0 } else { 1.0 };
            let mut fw_at = end + 2;
            if self.is_hyphen(fw_at) {
                fw_at += 1;
            }
            if let Some(fr) = lookup(FRACTION_WORDS, self.lc_tok(fw_at)) {
                let plural_ok = (num > 1.0) == self.lc_tok(fw_at).ends_with('s');
                if plural_ok {
                    value += num * fr;
                    end = fw_at + 1;
                }
            }
        } else if self.kind(end) == Some(Tk::Num)
            && self.is(end + 1, "/")
            && self.glued(end + 1)
            && self.glued(end + 2)
        {
            let num = parse_digits(self.raw(end), 0).unwrap_or(0.0);
            let den = parse_digits(self.raw(end + 2), 0).unwrap_or(0.0);
            if den > num && num > 0.0 && [2.0, 3.0, 4.0, 8.0].contains(&den) {
                value += num / den;
                end += 3;
            }
        }
        // "one and a half million".
        if let Some(exp) = lookup(SCALE_WORDS, self.lc_tok(end)).filter(|e| *e >= 3)
            && value.fract() != 0.0
        {
            value *= 10f64.powi(exp);
            end += 1;
        }
        CoreStep::Core(Core {
            value,
            end,
            words: true,
            plain_digits: None,
            vague: None,
            percent: false,
        })
    }

    /// Month dates: "August 15", "Aug. 15, 2025", "15 August", "February 2022".
    fn date_at(&self, j: usize) -> Option<Step> {
        let w = self.lc_tok(j);
        if let Some(_m) = lookup(MONTHS, w) {
            if !self.capitalised(j) {
                return None;
            }
            let mut k = j + 1;
            if self.is(k, ".") && self.glued(k) && w.len() <= 4 {
                k += 1;
            }
            if self.kind(k) != Some(Tk::Num) {
                return None;
            }
            let raw = self.raw(k);
            let n = parse_digits(raw, 0)?;
            if raw.len() == 4 && !raw.contains([',', '.']) && (1000.0..=2100.0).contains(&n) {
                return Some(Step::Found(Found::exact(j, k + 1, ClaimKind::Year, n)));
            }
            if raw.len() <= 2 && (1.0..=31.0).contains(&n) {
                let mut end = k + 1;
                if self.is_word(end)
                    && self.glued(end)
                    && matches!(self.lc_tok(end), "th" | "st" | "nd" | "rd")
                {
                    end += 1;
                }
                if self.is(end, ",")
                    && self.kind(end + 1) == Some(Tk::Num)
                    && self.raw(end + 1).len() == 4
                {
                    end += 2;
                } else if self.kind(end) == Some(Tk::Num) && self.raw(end).len() == 4 {
                    end += 1;
                }
                return Some(Step::Found(Found::exact(j, end, ClaimKind::Date, n)));
            }
            return None;
        }
        if self.kind(j) == Some(Tk::Num) && self.raw(j).len() <= 2 {
            let n = parse_digits(self.raw(j), 0)?;
            // "on Thursday 9": a day of the month after a weekday.
            if j > 0
                && WEEKDAYS.contains(&self.lc_tok(j - 1))
                && self.capitalised(j - 1)
                && (1.0..=31.0).contains(&n)
                && lookup(MONTHS, self.lc_tok(j + 1)).is_none()
                && !self.raw(j).contains('.')
            {
                let mut end = j + 1;
                if self.is_word(end)
                    && self.glued(end)
                    && matches!(self.lc_tok(end), "th" | "st" | "nd" | "rd")
                {
                    end += 1;
                }
                return Some(Step::Found(Found::exact(j, end, ClaimKind::Date, n)));
            }
            let mut k = j + 1;
            if self.is_word(k)
                && self.glued(k)
                && matches!(self.lc_tok(k), "th" | "st" | "nd" | "rd")
            {
                k += 1;
            }
            if self.is(k, "of") {
                k += 1;
            }
            if (1.0..=31.0).contains(&n)
                && lookup(MONTHS, self.lc_tok(k)).is_some()
                && self.capitalised(k)
            {
                let mut end = k + 1;
                if self.is(end, ".")
                    && self.glued(end)
                    && self.lc_tok(k).len() <= 4
                    && self.kind(end + 1) == Some(Tk::Num)
                {
                    end += 1;
                }
                if self.kind(end) == Some(Tk::Num) && self.raw(end).len() == 4 {
                    end += 1;
                }
                return Some(Step::Found(Found::exact(j, end, ClaimKind::Date, n)));
            }
        }
        None
    }

    /// Clock times: "8pm", "8 p.m.", "2.15pm", "10:30", "8 o'clock"; and decades "1990s".
    fn time_after(&self, j: usize, core: &Core) -> Option<Step> {
        if core.words || self.kind(j) != Some(Tk::Num) {
            return None;
        }
        let raw = self.raw(j);
        let mut end = core.end;
        // Decades: "the 1990s".
        if core.plain_digits == Some(4)
            && self.is(end, "s")
            && self.glued(end)
            && raw.ends_with('0')
        {
            let y = core.value;
            return Some(Step::Found(Found {
                start: j,
                end: end + 1,
                kind: ClaimKind::Year,
                value: Some(y),
                unit: None,
                qualifier: Qualifier::Range,
                bounds: Some((Some(y), Some(y + 9.0))),
                noun: None,
            }));
        }
        let (mut h, mut m) = match raw.split_once('.') {
            Some((a, b)) if b.len() == 2 => (a.parse::<f64>().ok()?, b.parse::<f64>().ok()?),
            Some(_) => return None,
            None => (core.value, 0.0),
        };
        let mut clock = false;
        if self.is(end, ":")
            && self.glued(end)
            && self.kind(end + 1) == Some(Tk::Num)
            && self.glued(end + 1)
        {
            let mm = self.raw(end + 1);
            if mm.len() == 2 && core.plain_digits.is_some() {
                m = mm.parse::<f64>().ok()?;
                end += 2;
                clock = true;
            } else {
                return None;
            }
        }
        let suf = self.lc_tok(end);
        let mut pm = false;
        if matches!(suf, "pm" | "p.m." | "am" | "a.m.") {
            pm = suf.starts_with('p');
            end += 1;
            clock = true;
        } else if suf == "o'clock" || suf == "o’clock" {
            end += 1;
            clock = true;
        } else if matches!(
            suf,
            "gmt" | "bst" | "et" | "est" | "edt" | "pst" | "utc" | "cet" | "msk"
        ) {
            if !clock && core.plain_digits == Some(4) {
                // "1200 GMT": hhmm.
                h = (core.value / 100.0).floor();
                m = core.value % 100.0;
                clock = true;
            }
            if clock {
                end += 1;
            }
        }
        if !clock || h > 24.0 || m >= 60.0 {
            return None;
        }
        if pm && h < 12.0 {
            h += 12.0;
        }
        Some(Step::Found(Found::exact(
            j,
            end,
            ClaimKind::Time,
            h * 3600.0 + m * 60.0,
        )))
    }

    /// Whether the number at `j` is a label: right after a capitalised name that is not the
    /// sentence's first word ("Article 5", "Boeing 737", "No 10").
    fn is_label(&self, j: usize, core: &Core) -> bool {
        if core.words || j == 0 || !self.is_word(j - 1) || !self.capitalised(j - 1) {
            return false;
        }
        let prev = self.lc_tok(j - 1);
        // A sentence's first word before a number is a function word ("In 2019", "Some 300")
        // unless it is a name ("Article 5 binds...").
        if NOT_COUNTED_SET.contains(prev)
            || YEAR_LEAD_WORDS.contains(&prev)
            || prev.ends_with("ly")
            || lookup(MONTHS, prev).is_some()
            || WEEKDAYS.contains(&prev)
            || lookup(CURRENCY_WORDS, prev).is_some()
            || self.qualifier_at(j - 1).is_some()
        {
            return false;
        }
        true
    }

    /// The counted noun after a number at `e`: the first plural (or, for one, singular) noun
    /// within three words, over modifiers ("three senior officials", "two Ukrainian soldiers").
    fn counted_noun(&self, e: usize, value: f64) -> Option<usize> {
        let mut k = e;
        for _ in 0..3 {
            if !self.is_word(k) {
                return None;
            }
            let w = self.lc_tok(k);
            if NOT_COUNTED_SET.contains(w)
                || w.ends_with("ly")
                || lookup(MONTHS, w).is_some() && self.capitalised(k)
                || WEEKDAYS.contains(&w)
                || lookup(DURATION_UNITS, w).is_some()
            {
                return None;
            }
            let next_is_word = self.is_word(k + 1) && !NOT_COUNTED_SET.contains(self.lc_tok(k + 1));
            if is_plural(w) && !self.capitalised(k) {
                // "three senior officials": "senior" is not plural, "officials" is.
                return Some(k);
            }
            if self.capitalised(k) {
                if is_plural(w) && !next_is_word {
                    return Some(k); // "three Republicans"
                }
                if !next_is_word {
                    return None;
                }
            } else if value == 1.0 && !next_is_word {
                return Some(k); // "one man"
            } else if !next_is_word {
                return None;
            }
            k += 1;
            // Hyphenated modifiers: "two closed-door meetings".
            while self.is_hyphen(k) && self.glued(k) && self.is_word(k + 1) && self.glued(k + 1) {
                k += 2;
            }
        }
        None
    }

    /// The noun a compound adjective qualifies ("three-hour meeting", "a 24-year-old man"): the
    /// next word, past hyphenated modifiers ("a three-hour closed-door meeting"); not a function
    /// word, adverb or past-tense verb ("the 66-year-old criticised").
    fn noun_after(&self, e: usize) -> Option<usize> {
        let mut k = e;
        while self.is_word(k)
            && self.is_hyphen(k + 1)
            && self.glued(k + 1)
            && self.is_word(k + 2)
            && self.glued(k + 2)
        {
            k += 2;
            while self.is_hyphen(k + 1)
                && self.glued(k + 1)
                && self.is_word(k + 2)
                && self.glued(k + 2)
            {
                k += 2;
            }
            k += 1;
        }
        if !self.is_word(k) {
            return None;
        }
        let w = self.lc_tok(k);
        if NOT_COUNTED_SET.contains(w)
            || w.ends_with("ly")
            || w.ends_with("ed")
            || (w.ends_with('s')
                && !self.capitalised(k)
                && self.is_word(k + 1)
                && !NOT_COUNTED_SET.contains(self.lc_tok(k + 1)))
        {
            return None;
        }
        Some(k)
    }
}

/// The outcome of reading the number itself.
enum CoreStep {
    Core(Core),
    Skip(usize),
    Nothing,
}

/// Whether a lowercase word looks like a plural noun.
fn is_plural(w: &str) -> bool {
    IRREGULAR_PLURALS.contains(&w)
        || (w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
            && !w.ends_with("'s")
            && !w.ends_with("’s"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::split_sentences;

    fn claims(text: &str) -> Vec<Claim> {
        find_claims(text, &split_sentences(text), &ClaimSettings::default())
    }

    fn one(text: &str) -> Claim {
        let c = claims(text);
        assert_eq!(c.len(), 1, "{text}: {c:#?}");
        c.into_iter().next().expect("one claim")
    }

    fn span<'a>(text: &'a str, c: &Claim) -> &'a str {
        &text[c.start..c.end]
    }

    #[test]
    fn nearly_two_and_a_half_hours_is_a_nearly_duration() {
        let t = "Trump and Putin met for nearly two and a half hours on Friday.";
        let c = one(t);
        assert_eq!(span(t, &c), "nearly two and a half hours");
        assert_eq!(c.kind, ClaimKind::Duration);
        assert_eq!(c.value, Some(9000.0));
        assert_eq!(c.qualifier, Qualifier::Nearly);
        assert_eq!((c.low, c.high), (None, Some(9000.0)));
        assert_eq!(c.subject.as_deref(), Some("meeting"));
    }

    #[test]
    fn repeated_fraction_word_about_2_1_2_half_hours() {
        let t = "Trump and Putin met for about 2 1/2 half hours at a summit in Alaska.";
        let c = one(t);
        assert_eq!(span(t, &c), "about 2 1/2 half hours");
        assert_eq!(c.value, Some(9000.0));
        assert_eq!(c.qualifier, Qualifier::Approx);
        assert_eq!((c.low, c.high), (Some(8100.0), Some(9900.0)));
        assert_eq!(c.subject.as_deref(), Some("meeting"));
    }

    #[test]
    fn qualifiers_and_bounds() {
        let cases: &[(&str, Qualifier, Option<f64>, Option<f64>)] = &[
            (
                "The talks lasted more than three hours.",
                Qualifier::MoreThan,
                Some(10800.0),
                None,
            ),
            (
                "The talks lasted over 3 hours.",
                Qualifier::MoreThan,
                Some(10800.0),
                None,
            ),
            (
                "The talks lasted at least an hour.",
                Qualifier::AtLeast,
                Some(3600.0),
                None,
            ),
            (
                "The briefing lasted under 15 minutes.",
                Qualifier::LessThan,
                None,
                Some(900.0),
            ),
            (
                "The briefing lasted up to 15 minutes.",
                Qualifier::AtMost,
                None,
                Some(900.0),
            ),
            (
                "The briefing lasted just under 15 minutes.",
                Qualifier::Nearly,
                None,
                Some(900.0),
            ),
            (
                "The summit lasted almost 3 hours.",
                Qualifier::Nearly,
                None,
                Some(10800.0),
            ),
            (
                "The talks lasted between two and three hours.",
                Qualifier::Range,
                Some(7200.0),
                Some(10800.0),
            ),
            (
                "The talks lasted 2-3 hours.",
                Qualifier::Range,
                Some(7200.0),
                Some(10800.0),
            ),
            (
                "The talks lasted two to three hours.",
                Qualifier::Range,
                Some(7200.0),
                Some(10800.0),
            ),
            (
                "The talks lasted three hours.",
                Qualifier::Exact,
                Some(10800.0),
                Some(10800.0),
            ),
            (
                "The talks lasted roughly 2 hours.",
                Qualifier::Approx,
                Some(6480.0),
                Some(7920.0),
            ),
        ];
        for (t, q, lo, hi) in cases {
            let c = one(t);
            assert_eq!(c.kind, ClaimKind::Duration, "{t}");
            assert_eq!(c.qualifier, *q, "{t}");
            assert_eq!((c.low, c.high), (*lo, *hi), "{t}");
        }
    }

    #[test]
    fn numbers_in_digits_words_and_both() {
        let cases: &[(&str, f64)] = &[
            ("Police said 3 cars burned.", 3.0),
            ("Inflation rose to 2.5 points, the bank said.", 2.5),
            ("Some 1,200 troops arrived.", 1200.0),
            (
                "Officials said twenty-one thousand ballots were lost.",
                21000.0,
            ),
            ("Officials counted two hundred and fifty ballots.", 250.0),
            ("The army sent a dozen tanks.", 12.0),
            ("The city has 1.2m residents.", 1.2e6),
            ("The city has 1.2 million residents.", 1.2e6),
            ("Officials said three people died.", 3.0),
        ];
        for (t, v) in cases {
            let c = claims(t);
            assert!(c.iter().any(|c| c.value == Some(*v)), "{t}: {c:#?}");
        }
    }

    /// A glued "m" after a race's distance is metres: no claim of millions;
    /// with a currency, or before an ordinary noun, it is still millions.
    #[test]
    fn metres_are_not_millions() {
        for t in [
            "She won the women's 60m title in Sheffield.",
            "The promising 60m hurdler set a record.",
            "He finished third in the men’s 800m.",
        ] {
            assert!(
                claims(t)
                    .iter()
                    .all(|c| c.value != Some(6e7) && c.value != Some(8e8)),
                "{t}: {:#?}",
                claims(t)
            );
        }
        for t in [
            "She cleared 4.88m at the indoor meeting.",
            "He won with a throw of 15.27m, a season's best of 15.27m.",
            "His leap of 17.30m leads the world, after a life-time best of 16.76m.",
            "She cleared 2.16m; he landed 7.91m with a jump of 7.91m.",
            "The picture would be 2.5m high and 6m long.",
            "The lifts travel at 17m/s to the top.",
            "She won the 800m and 1500m in Athens.",
            "He is the world 400m champion and took 200m gold.",
        ] {
            assert!(
                claims(t)
                    .iter()
                    .all(|c| c.unit.is_some() || c.value.is_none_or(|v| v < 1e6)),
                "{t}: {:#?}",
                claims(t)
            );
        }
        for (t, value) in [
            ("The city has 400m people.", 4e8),
            ("Profits rose to 100m euros, from 800m.", 8e8),
            ("Sales reached 4.25m in March.", 4.25e6),
            ("Viewing figures peaked at 11.9m.", 1.19e7),
            ("Profits jumped to 100m euros last year.", 1e8),
            ("Profits cleared 60m dollars.", 6e7),
            ("Subscribers jumped to 14m in March.", 1.4e7),
            ("Sales jumped 10% to 3.4m.", 3.4e6),
            ("A leap in profits to 40m.", 4e7),
            ("Shares leapt to a 5m high.", 5e6),
            ("Its population is 200m.", 2e8),
            ("The final drew 800m.", 8e8),
        ] {
            assert!(
                claims(t).iter().any(|c| c.value == Some(value)),
                "{t}: {:#?}",
                claims(t)
            );
        }
        let c = one("The club paid £60m for the sprinter.");
        assert_eq!((c.kind, c.value), (ClaimKind::Money, Some(6e7)));
        assert!(
            claims("The city has 60m residents.")
                .iter()
                .any(|c| c.value == Some(6e7))
        );
    }

    #[test]
    fn money_and_percent() {
        let t = "The deal is worth $1.2bn, and fees rose 25 per cent to £300,000.";
        let c = claims(t);
        assert_eq!(c.len(), 3, "{c:#?}");
        assert_eq!(
            (c[0].kind, c[0].value, c[0].unit.as_deref()),
            (ClaimKind::Money, Some(1.2e9), Some("USD"))
        );
        assert_eq!(
            (c[1].kind, c[1].value, c[1].unit.as_deref()),
            (ClaimKind::Percent, Some(25.0), Some("%"))
        );
        assert_eq!(
            (c[2].kind, c[2].value, c[2].unit.as_deref()),
            (ClaimKind::Money, Some(300000.0), Some("GBP"))
        );
        let p = one("Turnout fell to 25%.");
        assert_eq!((p.kind, p.value), (ClaimKind::Percent, Some(25.0)));
        let e = one("The EU pledged €5 billion.");
        assert_eq!(
            (e.kind, e.value, e.unit.as_deref()),
            (ClaimKind::Money, Some(5e9), Some("EUR"))
        );
    }

    #[test]
    fn vague_quantities_have_honest_bounds() {
        let t = "The war has claimed tens of thousands of lives.";
        let c = one(t);
        assert_eq!(span(t, &c), "tens of thousands of lives");
        assert_eq!(
            (c.kind, c.value, c.qualifier),
            (ClaimKind::Count, Some(20000.0), Qualifier::AtLeast)
        );
        assert_eq!((c.low, c.high), (Some(10000.0), Some(100000.0)));
        assert_eq!(c.unit.as_deref(), Some("lives"));
        assert_eq!(c.subject.as_deref(), Some("war"));
        let c = one("It would stop thousands of people a week from being killed.");
        assert_eq!(
            (c.value, c.low, c.high, c.qualifier),
            (Some(1000.0), Some(1000.0), None, Qualifier::AtLeast)
        );
        assert_eq!(c.unit.as_deref(), Some("people"));
        let c = one("Dozens of villages were shelled.");
        assert_eq!((c.value, c.unit.as_deref()), (Some(12.0), Some("villages")));
        let c = one("Hundreds of millions of dollars were lost.");
        assert_eq!(
            (c.kind, c.low, c.high),
            (ClaimKind::Money, Some(1e8), Some(1e9))
        );
    }

    #[test]
    fn years_are_not_counts() {
        for (t, y) in [
            ("They have not met since 2019.", 2019.0),
            ("Russia invaded in 2022.", 2022.0),
            ("It recalled a 2018 meeting in Helsinki.", 2018.0),
            ("The largest land war in Europe since 1945.", 1945.0),
        ] {
            let c = one(t);
            assert_eq!(
                (c.kind, c.value, c.qualifier),
                (ClaimKind::Year, Some(y), Qualifier::Exact),
                "{t}"
            );
        }
        let c = one("The war began in February 2022.");
        assert_eq!((c.kind, c.value), (ClaimKind::Year, Some(2022.0)));
        let c = one("Some 2000 troops arrived.");
        assert_eq!(c.kind, ClaimKind::Count);
    }

    #[test]
    fn clock_times_and_dates_are_not_quantities() {
        let c = one("The meeting began at 8pm local time.");
        assert_eq!((c.kind, c.value), (ClaimKind::Time, Some(72000.0)));
        let c = one("Air Force One landed at 2.15pm.");
        assert_eq!((c.kind, c.value), (ClaimKind::Time, Some(51300.0)));
        let c = one("They met on August 15 in Anchorage.");
        assert_eq!((c.kind, c.value), (ClaimKind::Date, Some(15.0)));
        let c = one("They met on 15 August 2025.");
        assert_eq!(c.kind, ClaimKind::Date);
        assert!(claims("It was his first trip and the second summit.").is_empty());
        assert!(claims("He placed 21st in the race.").is_empty());
    }

    #[test]
    fn compound_adjectives_and_ages() {
        let t = "After a nearly three-hour meeting, they left.";
        let c = one(t);
        assert_eq!(span(t, &c), "nearly three-hour");
        assert_eq!(
            (c.kind, c.value, c.qualifier),
            (ClaimKind::Duration, Some(10800.0), Qualifier::Nearly)
        );
        assert_eq!(c.subject.as_deref(), Some("meeting"));
        let c = one("The 3½-year war has no end in sight.");
        assert_eq!(
            (c.kind, c.value),
            (ClaimKind::Duration, Some(3.5 * YEAR_SECONDS))
        );
        assert_eq!(c.subject.as_deref(), Some("war"));
        let c = one("A 45-year-old man was arrested.");
        assert_eq!(
            (c.kind, c.value, c.unit.as_deref()),
            (ClaimKind::Age, Some(45.0), Some("years"))
        );
    }

    #[test]
    fn names_and_idioms_are_not_claims() {
        for t in [
            "B-2s and F-22s flew overhead.",
            "The G7 met after COVID-19.",
            "Air Force One touched down.",
            "The one-on-one meeting became a three-on-three discussion.",
            "Recalling World War II missions, he spoke.",
            "One is probably the most significant.",
            "It was one of the most closely watched encounters.",
            "Trump pushed for a three-way meeting.",
            "He said the two would stop the fighting.",
            "She joked, half in jest, about Moscow.",
            "Article 5 binds the allies.",
            "England were still the number one side.",
        ] {
            let c = claims(t);
            assert!(c.is_empty(), "{t}: {c:#?}");
        }
    }

    #[test]
    fn subjects_from_the_sentence() {
        let t = "The post-meeting news conference lasted under 15 minutes.";
        assert_eq!(one(t).subject.as_deref(), Some("news conference"));
        let t = "Russia kept grinding down defences more than three years into the conflict.";
        let c = one(t);
        assert_eq!(span(t, &c), "more than three years");
        assert_eq!(c.subject.as_deref(), Some("war"));
        let t = "The leaders met behind closed doors for more than three hours, the U.S. said.";
        assert_eq!(one(t).subject.as_deref(), Some("meeting"));
        let t = "His appearance was his first in a decade.";
        let c = one(t);
        assert_eq!(
            (c.kind, c.value),
            (ClaimKind::Duration, Some(315_576_000.0))
        );
    }

    #[test]
    fn curly_quotes_and_counts() {
        let t = "“We met for two hours,” he said of the two leaders’ talks.";
        let c = claims(t);
        assert_eq!(c[0].value, Some(7200.0));
        let t = "The two leaders spoke.";
        let c = one(t);
        assert_eq!(
            (c.kind, c.unit.as_deref()),
            (ClaimKind::Count, Some("leaders"))
        );
    }

    #[test]
    fn normaliser_style_cases() {
        // (sentence, kind, value, qualifier), in the spirit of Duckling / text2num / SUTime tests.
        let cases: &[(&str, ClaimKind, f64, Qualifier)] = &[
            (
                "The vote took an hour and a half.",
                ClaimKind::Duration,
                5400.0,
                Qualifier::Exact,
            ),
            (
                "The vote took half an hour.",
                ClaimKind::Duration,
                1800.0,
                Qualifier::Exact,
            ),
            (
                "Talks resumed after two weeks.",
                ClaimKind::Duration,
                1_209_600.0,
                Qualifier::Exact,
            ),
            (
                "The strike lasted 3 days.",
                ClaimKind::Duration,
                259_200.0,
                Qualifier::Exact,
            ),
            (
                "He served ninety-nine days.",
                ClaimKind::Duration,
                99.0 * 86_400.0,
                Qualifier::Exact,
            ),
            (
                "He was jailed for six months.",
                ClaimKind::Duration,
                YEAR_SECONDS / 2.0,
                Qualifier::Exact,
            ),
            (
                "The fund holds $3.5 trillion.",
                ClaimKind::Money,
                3.5e12,
                Qualifier::Exact,
            ),
            (
                "Fifty or more people were hurt.",
                ClaimKind::Count,
                50.0,
                Qualifier::AtLeast,
            ),
            (
                "Prices rose 20-25%.",
                ClaimKind::Percent,
                22.5,
                Qualifier::Range,
            ),
            (
                "Polls open at 10:30 a.m. on the day.",
                ClaimKind::Time,
                37_800.0,
                Qualifier::Exact,
            ),
            (
                "It was built in the 1990s.",
                ClaimKind::Year,
                1990.0,
                Qualifier::Range,
            ),
            (
                "It sold two thousand and five copies.",
                ClaimKind::Count,
                2005.0,
                Qualifier::Exact,
            ),
            (
                "The bill passed with two-thirds of the vote.",
                ClaimKind::Number,
                2.0 / 3.0,
                Qualifier::Exact,
            ),
            (
                "Nearly half a million people fled.",
                ClaimKind::Count,
                500_000.0,
                Qualifier::Nearly,
            ),
            (
                "Some 300 troops arrived.",
                ClaimKind::Count,
                300.0,
                Qualifier::Approx,
            ),
            (
                "The jet was delayed by 2½ hours.",
                ClaimKind::Duration,
                9000.0,
                Qualifier::Exact,
            ),
            (
                "Rates rose by 0.25 percentage points.",
                ClaimKind::Percent,
                0.25,
                Qualifier::Exact,
            ),
            (
                "Jonathan Smith, 45, said he was angry.",
                ClaimKind::Age,
                45.0,
                Qualifier::Exact,
            ),
        ];
        for (t, kind, v, q) in cases {
            let c = one(t);
            assert_eq!((c.kind, c.qualifier), (*kind, *q), "{t}: {c:#?}");
            let got = c.value.expect("a value");
            assert!(
                (got - v).abs() <= 1e-9 * v.abs().max(1.0),
                "{t}: {got} vs {v}"
            );
        }
    }

    #[test]
    fn settings_parse_from_toml_with_defaults() {
        let s: ClaimSettings = toml::from_str("approx_tolerance = 0.2").expect("valid settings");
        assert_eq!(s.approx_tolerance, 0.2);
        assert!(s.subject_synonyms.contains_key("meeting"));
        assert!(toml::from_str::<ClaimSettings>("tolerance = 1").is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_slice(s in "\\PC{0,200}") {
            let spans = split_sentences(&s);
            for c in find_claims(&s, &spans, &ClaimSettings::default()) {
                proptest::prop_assert!(c.start < c.end && c.end <= s.len());
                proptest::prop_assert!(s.get(c.start..c.end).is_some());
            }
        }

        #[test]
        fn never_panics_on_number_soup(s in "([0-9]{1,5}|[,./:½-]|half|and|a|two|hundred|thousands|of|hours|per|cent|\\$|more than|between|to| ){0,30}") {
            let spans = split_sentences(&s);
            for c in find_claims(&s, &spans, &ClaimSettings::default()) {
                proptest::prop_assert!(s.get(c.start..c.end).is_some());
            }
        }
    }
}

//! People: person mentions within one document (capitalised names with their titles,
//! surnames resolved to the full name used earlier), canonical names across documents
//! (spelling variants merged, namesakes kept apart), and the grouping of one quote as
//! several outlets worded it. Names are found from capitalisation patterns and closed
//! lists of titles and non-name words, never from a list of particular people, so the
//! rules carry over to any English news article.

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::SentenceSpan;
use super::segment::wrapped_line_start;

/// A person named in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset where the mention starts (its capitalised title included).
    pub start: usize,
    /// Byte offset one past the mention (a possessive "'s" excluded).
    pub end: usize,
    /// Index into the sentences slice of the sentence holding `start`.
    pub sentence_idx: u32,
    /// The words as written: "President Donald Trump", "Putin".
    pub surface: String,
    /// Full name resolved within the document: "Donald Trump".
    pub name: String,
    /// Title or role given with this mention: "President", "spokesman", "Secretary of State".
    pub role: Option<String>,
    /// Country or body the role belongs to, as written before it: "Russian", "U.S.", "Kremlin".
    pub affiliation: Option<String>,
}

/// Titles and roles that stand before a name, lower-case as matched, with the form
/// reported in `Mention::role` (None for honorifics, which say nothing of a role).
const TITLES: &[(&str, Option<&str>)] = &[
    ("president", Some("President")),
    ("vice president", Some("Vice President")),
    ("president-elect", Some("President-elect")),
    ("former president", Some("President")),
    ("prime minister", Some("Prime Minister")),
    ("deputy prime minister", Some("Deputy Prime Minister")),
    ("foreign minister", Some("Foreign Minister")),
    ("defence minister", Some("Defence Minister")),
    ("defense minister", Some("Defense Minister")),
    ("finance minister", Some("Finance Minister")),
    ("interior minister", Some("Interior Minister")),
    ("health minister", Some("Health Minister")),
    ("minister", Some("Minister")),
    ("secretary of state", Some("Secretary of State")),
    ("defense secretary", Some("Defense Secretary")),
    ("defence secretary", Some("Defence Secretary")),
    ("foreign secretary", Some("Foreign Secretary")),
    ("home secretary", Some("Home Secretary")),
    ("treasury secretary", Some("Treasury Secretary")),
    ("secretary-general", Some("Secretary-General")),
    ("secretary general", Some("Secretary-General")),
    ("secretary", Some("Secretary")),
    ("press secretary", Some("press secretary")),
    ("attorney general", Some("Attorney General")),
    ("chancellor", Some("Chancellor")),
    ("premier", Some("Premier")),
    ("leader", Some("leader")),
    ("supreme leader", Some("Supreme Leader")),
    ("opposition leader", Some("opposition leader")),
    ("spokesman", Some("spokesman")),
    ("spokeswoman", Some("spokeswoman")),
    ("spokesperson", Some("spokesperson")),
    ("special envoy", Some("special envoy")),
    ("envoy", Some("envoy")),
    (
        "national security adviser",
        Some("national security adviser"),
    ),
    (
        "national security advisor",
        Some("national security adviser"),
    ),
    ("foreign policy adviser", Some("foreign policy adviser")),
    ("foreign affairs adviser", Some("foreign affairs adviser")),
    ("adviser", Some("adviser")),
    ("advisor", Some("adviser")),
    ("aide", Some("aide")),
    ("ambassador", Some("Ambassador")),
    ("senator", Some("Senator")),
    ("sen.", Some("Senator")),
    ("state senator", Some("state senator")),
    ("representative", Some("Representative")),
    ("rep.", Some("Representative")),
    ("congressman", Some("congressman")),
    ("congresswoman", Some("congresswoman")),
    ("governor", Some("Governor")),
    ("gov.", Some("Governor")),
    ("mayor", Some("Mayor")),
    ("king", Some("King")),
    ("queen", Some("Queen")),
    ("prince", Some("Prince")),
    ("princess", Some("Princess")),
    ("crown prince", Some("Crown Prince")),
    ("pope", Some("Pope")),
    ("first lady", Some("First Lady")),
    ("general", Some("General")),
    ("gen.", Some("General")),
    ("lt.", Some("Lieutenant")),
    ("col.", Some("Colonel")),
    ("colonel", Some("Colonel")),
    ("capt.", Some("Captain")),
    ("captain", Some("Captain")),
    ("sgt.", Some("Sergeant")),
    ("adm.", Some("Admiral")),
    ("admiral", Some("Admiral")),
    ("commander", Some("commander")),
    ("judge", Some("Judge")),
    ("justice", Some("Justice")),
    ("chief justice", Some("Chief Justice")),
    ("chairman", Some("chairman")),
    ("chairwoman", Some("chairwoman")),
    ("speaker", Some("Speaker")),
    ("director", Some("director")),
    ("chief executive", Some("chief executive")),
    ("ceo", Some("CEO")),
    ("commissioner", Some("Commissioner")),
    ("professor", Some("Professor")),
    ("prof.", Some("Professor")),
    ("coach", Some("coach")),
    ("manager", Some("manager")),
    ("dr.", Some("Dr.")),
    ("dr", Some("Dr.")),
    ("rev.", None),
    ("mr.", None),
    ("mr", None),
    ("mrs.", None),
    ("mrs", None),
    ("ms.", None),
    ("ms", None),
    ("sir", None),
    ("dame", None),
    ("lord", None),
    ("lady", None),
    ("sheikh", None),
];

/// Capitalised words that begin or join sentences and never belong to a name.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "me",
    "and",
    "but",
    "or",
    "nor",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "as",
    "at",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "after",
    "before",
    "during",
    "despite",
    "although",
    "though",
    "however",
    "meanwhile",
    "also",
    "both",
    "neither",
    "either",
    "here",
    "there",
    "what",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "where",
    "which",
    "since",
    "until",
    "unless",
    "because",
    "than",
    "then",
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "earlier",
    "later",
    "according",
    "amid",
    "among",
    "about",
    "above",
    "across",
    "against",
    "along",
    "around",
    "behind",
    "below",
    "beside",
    "between",
    "beyond",
    "into",
    "like",
    "near",
    "off",
    "onto",
    "out",
    "over",
    "past",
    "per",
    "through",
    "throughout",
    "toward",
    "towards",
    "under",
    "upon",
    "via",
    "within",
    "without",
    "instead",
    "still",
    "even",
    "just",
    "only",
    "not",
    "no",
    "yes",
    "all",
    "any",
    "each",
    "every",
    "some",
    "many",
    "most",
    "more",
    "much",
    "few",
    "several",
    "such",
    "other",
    "another",
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
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
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
    "should",
    "may",
    "might",
    "must",
    "shall",
    "let",
    "thanks",
    "please",
    "dear",
    "oh",
    "well",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "whether",
    "once",
    "again",
    "ahead",
    "asked",
    "read",
    "watch",
    "see",
    "photo",
    "video",
    "image",
    "getty",
    "reuters",
];

/// Months: not names when next to a day number ("May 5"), possibly names otherwise ("Theresa May").
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words that make a run of capitals an organisation, place, event or thing, not a person.
const NON_PERSON_HEADS: &[&str] = &[
    "house",
    "ministry",
    "base",
    "court",
    "council",
    "department",
    "party",
    "union",
    "news",
    "times",
    "post",
    "force",
    "forces",
    "army",
    "navy",
    "bank",
    "university",
    "college",
    "school",
    "committee",
    "commission",
    "agency",
    "office",
    "street",
    "road",
    "avenue",
    "square",
    "island",
    "islands",
    "sea",
    "ocean",
    "river",
    "mountain",
    "mountains",
    "valley",
    "city",
    "county",
    "state",
    "states",
    "republic",
    "kingdom",
    "nations",
    "organization",
    "organisation",
    "association",
    "institute",
    "foundation",
    "group",
    "company",
    "inc",
    "corp",
    "ltd",
    "club",
    "airport",
    "hotel",
    "hall",
    "center",
    "centre",
    "museum",
    "church",
    "cathedral",
    "prize",
    "award",
    "awards",
    "cup",
    "league",
    "games",
    "olympics",
    "war",
    "day",
    "week",
    "summit",
    "conference",
    "act",
    "bill",
    "treaty",
    "agreement",
    "accord",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "cabinet",
    "guard",
    "police",
    "service",
    "services",
    "airlines",
    "airways",
    "festival",
    "show",
    "network",
    "radio",
    "tv",
    "television",
    "channel",
    "press",
    "journal",
    "herald",
    "tribune",
    "review",
    "magazine",
    "media",
    "stadium",
    "bridge",
    "palace",
    "tower",
    "building",
    "station",
    "port",
    "international",
    "global",
    "federal",
    "national",
    "central",
    "capitol",
    "pentagon",
    "fund",
    "trust",
    "system",
    "project",
    "program",
    "programme",
    "plan",
    "initiative",
    "index",
    "exchange",
    "market",
    "markets",
    "province",
    "region",
    "district",
    "coast",
    "gulf",
    "bay",
    "strait",
    "peninsula",
    "desert",
    "forest",
    "lake",
    "world",
    "mall",
    "brothers",
    "partners",
    "holdings",
    "motors",
    "studios",
    "records",
    "pictures",
    "labs",
    "technologies",
    "systems",
    "energy",
    "oil",
    "gas",
    "airline",
    "authority",
    "board",
    "bureau",
    "division",
    "unit",
    "corps",
    "regiment",
    "brigade",
    "battalion",
    "fleet",
    "alliance",
    "coalition",
    "front",
    "movement",
    "church",
    "mosque",
    "temple",
    "hospital",
    "clinic",
    "prison",
    "jail",
    "embassy",
    "consulate",
    "parliamentary",
    "reserve",
    "constitution",
    "amendment",
    "law",
    "order",
    "declaration",
    "charter",
    "protocol",
    "one",
];

/// First words of place and body names ("New York", "North Korea", "Western Europe").
const PLACE_PREFIXES: &[&str] = &[
    "new",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "greater",
    "middle",
    "saint",
    "st.",
    "san",
    "santa",
    "los",
    "las",
    "fort",
    "mount",
    "mt.",
    "lake",
    "port",
    "cape",
    "united",
    "royal",
    "democratic",
    "european",
    "islamic",
    "supreme",
    "joint",
    "air",
    "white",
    "red",
    "holy",
    "grand",
    "world",
    "high",
];

/// Lower-case particles that may join the parts of a name ("Ursula von der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "la",
    "le", "dos", "das", "ter", "ten",
];

/// Prepositions after which a capitalised word is a place ("in Alaska", "at Anchorage").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "near",
    "across",
    "outside",
    "inside",
    "throughout",
];

/// Quoted speech verbs are also the words that most often cut a headline's names short
/// ("Putin Says ..."): reused from the quote lexicon.
fn is_speech_word(lower: &str) -> bool {
    super::quotes::speech_lemma(lower).is_some()
}

static TITLE_MAP: LazyLock<FxMap<&'static str, Option<&'static str>>> =
    LazyLock::new(|| TITLES.iter().copied().collect());
static TITLE_MAX_WORDS: LazyLock<usize> = LazyLock::new(|| {
    TITLES
        .iter()
        .map(|(t, _)| t.split(' ').count())
        .max()
        .unwrap_or(1)
});
static FUNCTION_SET: LazyLock<FxSet<&'static str>> =
    LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
static NON_PERSON_SET: LazyLock<FxSet<&'static str>> =
    LazyLock::new(|| NON_PERSON_HEADS.iter().copied().collect());
static PLACE_PREFIX_SET: LazyLock<FxSet<&'static str>> =
    LazyLock::new(|| PLACE_PREFIXES.iter().copied().collect());

/// A small fast hasher for short string keys of closed lists and per-document sets
/// (std's SipHash costs more than the scan itself here; no keys come from an adversary
/// who could exploit collisions beyond slowing one document).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.hash = (self.hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds `FxHasher`s.
pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
/// A hash set with the fast hasher.
pub(crate) type FxSet<T> = HashSet<T, FxBuild>;
/// A hash map with the fast hasher.
pub(crate) type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// A word of the text as byte offsets; `core_end` drops a possessive "'s".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub core_end: usize,
}

impl Word {
    /// The word without its possessive ending.
    pub fn core<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.core_end]
    }
    /// Whether the word ends in a possessive "'s".
    pub fn possessive(&self) -> bool {
        self.core_end != self.end
    }
}

/// Abbreviations whose final period belongs to the word ("Mr." "Sen.").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "adm", "st",
    "mt", "jr", "sr", "prof", "rev", "no", "vs", "gov",
];

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.')
}

/// The character at byte `i` of `text` (a char boundary) and its length; ASCII fast.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 128 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Splits `text[from..to]` into words: letters and digits with inner apostrophes,
/// hyphens and periods ("Russia's", "feel-out", "U.S."), periods of abbreviations kept.
pub(crate) fn words_in(text: &str, from: usize, to: usize, out: &mut Vec<Word>) {
    let to = to.min(text.len());
    if from >= to || !text.is_char_boundary(from) || !text.is_char_boundary(to) {
        return;
    }
    let mut i = from;
    while i < to {
        let Some((c, n)) = char_at(text, i) else {
            break;
        };
        if !c.is_alphanumeric() {
            i += n;
            continue;
        }
        let start = i;
        let mut end = i + n;
        let mut has_inner_period = false;
        while end < to {
            let Some((c, n)) = char_at(text, end) else {
                break;
            };
            if c.is_alphanumeric() {
                end += n;
            } else if is_joiner(c)
                && end + n < to
                && char_at(text, end + n).is_some_and(|(a, _)| a.is_alphanumeric())
            {
                has_inner_period |= c == '.';
                end += n;
            } else {
                break;
            }
        }
        // A trailing period belongs to "U.S." and "Mr." but not to a sentence's last word.
        if end < to && text.as_bytes()[end] == b'.' {
            let w = &text[start..end];
            let single_initial = w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase();
            let abbrev = w.len() <= 4 && ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a));
            if has_inner_period || single_initial || abbrev {
                end += 1;
            }
        }
        let w = &text[start..end];
        let core_end = if w.ends_with("'s") {
            end - 2
        } else if w.ends_with("’s") {
            end - 4
        } else {
            end
        };
        let core_end = if core_end > start { core_end } else { end };
        out.push(Word {
            start,
            end,
            core_end,
        });
        i = end;
    }
}

/// ASCII-lowercases `s` into `buf`; None when `s` is not ASCII or too long, which
/// rules it out of every closed list here without allocating.
pub(crate) fn ascii_lower<'b>(s: &str, buf: &'b mut [u8; 40]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    for (d, b) in buf.iter_mut().zip(s.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..s.len()]).ok()
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// "NATO", "U.S.", "AP": upper-case letters only (periods allowed).
fn is_acronym(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars() {
        if c.is_lowercase() || c.is_numeric() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// "W." or "J.D." inside a name.
fn is_initial(w: &str) -> bool {
    w.ends_with('.') && w.len() <= 4 && w.chars().all(|c| c.is_uppercase() || c == '.')
}

/// "We’ll", "Don't": a contraction is never part of a name.
fn is_contraction(lower: &str) -> bool {
    let l = lower.replace('’', "'");
    ["'ll", "'re", "'ve", "'d", "n't", "'m"]
        .iter()
        .any(|e| l.ends_with(e))
}

/// What a capitalised word can be inside a run of capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordClass {
    Name,
    Title,
    NonPerson,
    Skip,
}

/// One document's learnt vocabulary: which sentence-initial or heading capitals also
/// occur in lower case, and which capitals follow place prepositions or "the".
struct DocLexicon<'t> {
    lower: FxSet<String>,
    places: FxSet<&'t str>,
    after_the: FxSet<&'t str>,
}

/// Where each word stands: its line, and whether it opens a sentence or sits in a heading.
struct WordPlace {
    sentence_initial: bool,
    heading: bool,
}

fn learn_lexicon<'t>(text: &'t str, words: &[Word], places: &[WordPlace]) -> DocLexicon<'t> {
    let mut lex = DocLexicon {
        lower: FxSet::default(),
        places: FxSet::default(),
        after_the: FxSet::default(),
    };
    // Capitals whose case says nothing (sentence starts, headings): ask about them only.
    let mut asked: FxSet<String> = FxSet::default();
    let mut first_letters = 0u32;
    let mut lengths = 0u64;
    for (i, w) in words.iter().enumerate() {
        let s = w.core(text);
        if !is_capitalised(s) {
            continue;
        }
        if places[i].sentence_initial || places[i].heading {
            let l = s.to_lowercase();
            if let Some(b) = l.bytes().next().filter(u8::is_ascii_lowercase) {
                first_letters |= 1 << (b - b'a');
            }
            lengths |= 1u64 << l.len().min(63);
            asked.insert(l);
        }
        if i > 0 {
            let p = words[i - 1].core(text);
            let gap_plain = text[words[i - 1].end..w.start].bytes().all(|b| b == b' ');
            if gap_plain && !w.possessive() && PLACE_PREPOSITIONS.contains(&p) {
                lex.places.insert(s);
            }
            if gap_plain && p == "the" {
                lex.after_the.insert(s);
            }
        }
    }
    if asked.is_empty() {
        return lex;
    }
    for w in words {
        let s = w.core(text);
        let Some(b) = s.bytes().next() else { continue };
        if b.is_ascii_lowercase()
            && first_letters & (1 << (b - b'a')) != 0
            && lengths & (1u64 << s.len().min(63)) != 0
            && asked.contains(s)
        {
            lex.lower.insert(s.to_string());
        }
    }
    lex
}

/// Index of the sentence holding `pos`: the last sentence starting at or before it.
pub(crate) fn sentence_index(sentences: &[SentenceSpan], pos: usize) -> u32 {
    let i = sentences.partition_point(|s| s.start <= pos);
    u32::try_from(i.saturating_sub(1)).unwrap_or(u32::MAX)
}

/// Byte offsets where lines start; a line is a paragraph for names and quotes
/// alike. A line break that only wraps a sentence (the segmenter's rule, over
/// any blank lines) starts no line, so that a quote or name wrapped mid-way is
/// read as one.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut physical_line = 0;
    for (at, _) in text.match_indices('\n') {
        if at < physical_line {
            continue; // a blank line inside a wrapped sentence
        }
        match wrapped_line_start(text, physical_line, at, at + 1) {
            Some(continuation) => physical_line = continuation,
            None => {
                starts.push(at + 1);
                physical_line = at + 1;
            }
        }
    }
    starts
}

/// A run of name words between two non-name words, before resolution.
struct NameSegment {
    first: usize,
    last: usize,
    title: Option<(usize, Option<&'static str>)>,
    affiliation: Option<(usize, usize)>,
}

/// Finds the people named in `text`: every mention with its full name resolved within
/// the document ("Putin" -> "Vladimir Putin") and the title or role given with it.
pub fn find_people(text: &str, sentences: &[SentenceSpan]) -> Vec<Mention> {
    let mut words = Vec::with_capacity(text.len() / 5);
    words_in(text, 0, text.len(), &mut words);
    let lines = line_starts(text);
    let title_lines = title_case_lines(text, &words, &lines);
    let mut starts: Vec<usize> = sentences
        .iter()
        .map(|s| s.start)
        .chain(lines.iter().copied())
        .collect();
    starts.sort_unstable();
    let mut line = 0usize;
    let places: Vec<WordPlace> = words
        .iter()
        .map(|w| {
            while line + 1 < lines.len() && lines[line + 1] <= w.start {
                line += 1;
            }
            let cap = is_capitalised(w.core(text));
            WordPlace {
                sentence_initial: cap && starts_sentence(text, w, &starts),
                heading: title_lines[line],
            }
        })
        .collect();
    let lex = learn_lexicon(text, &words, &places);
    let classes: Vec<WordClass> = (0..words.len())
        .map(|i| classify(text, &words, i, &lex, &places[i]))
        .collect();
    let segments = name_segments(text, &words, &classes);
    resolve_segments(text, sentences, &words, &segments, &lex)
}

/// Lines written in Title Case (headings), where capitals say nothing of names.
fn title_case_lines(text: &str, words: &[Word], lines: &[usize]) -> Vec<bool> {
    let mut caps = vec![0u32; lines.len()];
    let mut total = vec![0u32; lines.len()];
    let mut line = 0usize;
    for w in words {
        while line + 1 < lines.len() && lines[line + 1] <= w.start {
            line += 1;
        }
        let s = w.core(text);
        if s.len() < 4
            || !s.as_bytes()[0].is_ascii_alphabetic()
                && !s.chars().next().is_some_and(char::is_alphabetic)
        {
            continue;
        }
        total[line] += 1;
        if is_capitalised(s) {
            caps[line] += 1;
        }
    }
    caps.iter()
        .zip(&total)
        .map(|(&c, &t)| t >= 3 && c * 10 >= t * 7)
        .collect()
}

fn starts_sentence(text: &str, w: &Word, starts: &[usize]) -> bool {
    // Walk back over opening marks and spaces to the sentence start, or a colon.
    let before = &text[..w.start];
    let trimmed = before.trim_end_matches(|c: char| {
        c == ' ' || c == '\t' || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[')
    });
    trimmed.is_empty()
        || starts.binary_search(&w.start).is_ok()
        || starts.binary_search(&trimmed.len()).is_ok()
        || trimmed.ends_with(['\n', ':', '.', '?', '!', '—', '–', '|'])
}

fn classify(
    text: &str,
    words: &[Word],
    i: usize,
    lex: &DocLexicon<'_>,
    place: &WordPlace,
) -> WordClass {
    let w = &words[i];
    let s = w.core(text);
    if !is_capitalised(s) {
        if s.len() > 4 {
            return WordClass::Skip;
        }
        let mut buf = [0u8; 40];
        return match ascii_lower(s, &mut buf) {
            Some(l) if NAME_PARTICLES.contains(&l) => WordClass::Name,
            _ => WordClass::Skip,
        };
    }
    if is_initial(s) && s.len() <= 2 {
        return WordClass::Name;
    }
    let mut buf = [0u8; 40];
    let lower_owned;
    let lower: &str = match ascii_lower(s, &mut buf) {
        Some(l) => l,
        None => {
            lower_owned = s.to_lowercase();
            &lower_owned
        }
    };
    if TITLE_MAP.contains_key(lower) {
        return WordClass::Title;
    }
    if is_contraction(lower)
        || is_acronym(s)
        || FUNCTION_SET.contains(lower)
        || is_speech_word(lower)
    {
        return WordClass::Skip;
    }
    if MONTHS.contains(&lower) {
        let next_num = words
            .get(i + 1)
            .is_some_and(|n| text[n.start..].starts_with(|c: char| c.is_ascii_digit()));
        let prev_num =
            i > 0 && text[words[i - 1].start..].starts_with(|c: char| c.is_ascii_digit());
        if next_num || prev_num || lower != "may" {
            return WordClass::Skip;
        }
    }
    if NON_PERSON_SET.contains(lower) || PLACE_PREFIX_SET.contains(lower) || lex.places.contains(s)
    {
        return WordClass::NonPerson;
    }
    // A capitalised common word: its lower-case form appears elsewhere in the document.
    if (place.heading || place.sentence_initial)
        && (lex.lower.contains(lower) || lower.ends_with("ly"))
    {
        return WordClass::Skip;
    }
    WordClass::Name
}

/// Groups name words into segments, with the title and affiliation written before each.
fn name_segments(text: &str, words: &[Word], classes: &[WordClass]) -> Vec<NameSegment> {
    let mut segments = Vec::new();
    let plain_gap =
        |a: &Word, b: &Word| text[a.end..b.start].bytes().all(|c| c == b' ') && a.end < b.start;
    let mut i = 0;
    while i < words.len() {
        if classes[i] != WordClass::Name || !is_capitalised(words[i].core(text)) {
            i += 1;
            continue;
        }
        // Extend over name words joined by single spaces; a possessive closes the run.
        let first = i;
        let mut last = i;
        while !words[last].possessive()
            && last + 1 < words.len()
            && classes[last + 1] == WordClass::Name
            && plain_gap(&words[last], &words[last + 1])
        {
            last += 1;
        }
        // Trailing particles are not part of the name.
        while last > first && !is_capitalised(words[last].core(text)) {
            last -= 1;
        }
        i = last + 1;
        // A segment that modifies a following organisation or title word is no person.
        if let Some(next) = words.get(last + 1)
            && !words[last].possessive()
            && plain_gap(&words[last], next)
            && matches!(classes[last + 1], WordClass::NonPerson | WordClass::Title)
        {
            continue;
        }
        // A segment continuing a place or organisation ("Alaska Meeting Update") is none.
        if first > 0
            && plain_gap(&words[first - 1], &words[first])
            && classes[first - 1] == WordClass::NonPerson
            && !words[first - 1].possessive()
        {
            continue;
        }
        // A headline's verb in -ing is no first name ("Pursuing Peace").
        let first = if last > first
            && words[first].core(text).ends_with("ing")
            && words[first].core(text).len() >= 6
        {
            first + 1
        } else {
            first
        };
        let title = match_title_before(text, words, first);
        let affiliation = title
            .and_then(|(t, _)| affiliation_before(text, words, t))
            .or_else(|| {
                // "Russia's Vladimir Putin"
                let p = first.checked_sub(1)?;
                let pw = &words[p];
                (pw.possessive() && is_capitalised(pw.core(text)) && plain_gap(pw, &words[first]))
                    .then_some((pw.start, pw.core_end))
            });
        segments.push(NameSegment {
            first,
            last,
            title,
            affiliation,
        });
    }
    segments
}

/// The longest title phrase ending right before word `first`: (index of its first word, role).
fn match_title_before(
    text: &str,
    words: &[Word],
    first: usize,
) -> Option<(usize, Option<&'static str>)> {
    let max = (*TITLE_MAX_WORDS).min(first);
    let mut best = None;
    let mut phrase = [0u8; 64];
    let mut len = 0usize;
    for n in 1..=max {
        let j = first - n;
        let gap = &text[words[j].end..words[j + 1].start];
        if !gap.bytes().all(|b| b == b' ') || words[j].possessive() {
            break;
        }
        let w = words[j].core(text);
        if n == 1 && !is_capitalised(w) && w.len() < 4 {
            break;
        }
        // Prepend the lower-cased word to the phrase built so far.
        let add = w.len() + usize::from(len > 0);
        if !w.is_ascii() || len + add > phrase.len() {
            break;
        }
        phrase.copy_within(0..len, add);
        for (d, b) in phrase.iter_mut().zip(w.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        if len > 0 {
            phrase[w.len()] = b' ';
        }
        len += add;
        let Ok(p) = std::str::from_utf8(&phrase[..len]) else {
            break;
        };
        if let Some(&role) = TITLE_MAP.get(p) {
            best = Some((j, role));
        }
    }
    best
}

/// Capitalised words (or a possessive) right before a title: "Russian", "U.S.", "White House".
fn affiliation_before(text: &str, words: &[Word], title_first: usize) -> Option<(usize, usize)> {
    let mut j = title_first;
    let end_word = title_first.checked_sub(1)?;
    let mut start = None;
    while j > 0 && title_first - j < 4 {
        let w = &words[j - 1];
        let gap = &text[w.end..words[j].start];
        if !gap.bytes().all(|b| b == b' ') {
            break;
        }
        let s = w.core(text);
        let mut buf = [0u8; 40];
        let lower = ascii_lower(s, &mut buf).unwrap_or("");
        if !is_capitalised(s) || (FUNCTION_SET.contains(lower) && !is_acronym(s)) {
            break;
        }
        start = Some(w.start);
        j -= 1;
        if w.possessive() {
            break;
        }
    }
    start.map(|s| (s, words[end_word].core_end))
}

/// A full name known in the document and how often it has been used so far.
struct KnownName {
    name: String,
    first_word: String,
    last_word: String,
    uses: u32,
    introduced: usize,
}

fn resolve_segments(
    text: &str,
    sentences: &[SentenceSpan],
    words: &[Word],
    segments: &[NameSegment],
    lex: &DocLexicon<'_>,
) -> Vec<Mention> {
    let name_of = |seg: &NameSegment| -> String {
        let mut s = String::new();
        for w in &words[seg.first..=seg.last] {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(w.core(text));
        }
        s
    };
    // Pass 1: full names (two words or more) in order of first use.
    let mut known: Vec<KnownName> = Vec::new();
    let mut by_name: FxMap<String, usize> = FxMap::default();
    for seg in segments.iter().filter(|s| s.last > s.first) {
        let name = name_of(seg);
        if !by_name.contains_key(&name) {
            by_name.insert(name.clone(), known.len());
            known.push(KnownName {
                first_word: words[seg.first].core(text).to_string(),
                last_word: words[seg.last].core(text).to_string(),
                name,
                uses: 0,
                introduced: words[seg.first].start,
            });
        }
    }
    // Single names given with a title ("Mr. Steele") stand for themselves when no full
    // name carries them, so that a later bare "Steele" resolves too.
    let mut last_words: FxSet<String> = known.iter().map(|k| k.last_word.clone()).collect();
    for seg in segments
        .iter()
        .filter(|s| s.last == s.first && s.title.is_some())
    {
        let word = words[seg.first].core(text);
        if !last_words.contains(word) {
            last_words.insert(word.to_string());
            by_name.insert(word.to_string(), known.len());
            known.push(KnownName {
                name: word.to_string(),
                first_word: String::new(),
                last_word: word.to_string(),
                uses: 0,
                introduced: words[seg.first].start,
            });
        }
    }
    // Pass 2: every segment in order; single words resolve to the most used full name so far.
    let index = KnownIndex::new(&known);
    let mut out = Vec::new();
    for seg in segments {
        let first = &words[seg.first];
        let last = &words[seg.last];
        let resolved = if seg.last > seg.first {
            by_name.get(&name_of(seg)).copied()
        } else {
            let word = first.core(text);
            resolve_single(&known, &index, word)
        };
        let name = match resolved {
            Some(k) => {
                known[k].uses += 1;
                known[k].name.clone()
            }
            None => {
                let word = first.core(text);
                let adjacent_speech = speech_verb_adjacent(text, words, seg.first);
                let before_the = seg.first > 0 && words[seg.first - 1].core(text) == "the";
                let ok = seg.title.is_some()
                    || (adjacent_speech && !before_the && !lex.after_the.contains(word));
                if !ok {
                    continue;
                }
                word.to_string()
            }
        };
        let title_cap = seg
            .title
            .filter(|&(t, _)| is_capitalised(words[t].core(text)));
        let start = title_cap.map_or(first.start, |(t, _)| words[t].start);
        out.push(Mention {
            start,
            end: last.core_end,
            sentence_idx: sentence_index(sentences, start),
            surface: text[start..last.core_end].to_string(),
            name,
            role: seg.title.and_then(|(_, r)| r).map(str::to_string),
            affiliation: seg.affiliation.map(|(a, b)| {
                let s = &text[a..b];
                s.strip_suffix("'s")
                    .or_else(|| s.strip_suffix("’s"))
                    .unwrap_or(s)
                    .to_string()
            }),
        });
    }
    out
}

/// The known names by their last word, its one-character spelling variants
/// and their first word, so that resolving a lone word tries the names that
/// could match it rather than every name of the document (a long document
/// names thousands of people).
struct KnownIndex {
    by_last: FxMap<String, Vec<usize>>,
    /// Last words of six characters or more, under themselves and under each
    /// of their one-character deletions: two words one edit apart share a key.
    by_variant: FxMap<String, Vec<usize>>,
    by_first: FxMap<String, Vec<usize>>,
}

impl KnownIndex {
    fn new(known: &[KnownName]) -> Self {
        let mut index = Self {
            by_last: FxMap::default(),
            by_variant: FxMap::default(),
            by_first: FxMap::default(),
        };
        for (i, name) in known.iter().enumerate() {
            index
                .by_last
                .entry(name.last_word.clone())
                .or_default()
                .push(i);
            index
                .by_first
                .entry(name.first_word.clone())
                .or_default()
                .push(i);
            if name.last_word.chars().count() >= 6 {
                for key in with_one_deletion(&name.last_word) {
                    index.by_variant.entry(key).or_default().push(i);
                }
            }
        }
        index
    }

    /// The names that may be one edit from `word`, in order, each once.
    fn near(&self, word: &str) -> Vec<usize> {
        let mut candidates: Vec<usize> = with_one_deletion(word)
            .filter_map(|key| self.by_variant.get(&key))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }
}

/// `word` itself, then `word` with each of its characters left out in turn.
fn with_one_deletion(word: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(word.to_string()).chain(word.char_indices().map(|(at, c)| {
        let mut variant = String::with_capacity(word.len());
        variant.push_str(&word[..at]);
        variant.push_str(&word[at + c.len_utf8()..]);
        variant
    }))
}

/// The known full name a lone word stands for: same last name (or a one-letter spelling
/// variant of it), the most used so far, ties to the earliest introduced.
fn resolve_single(known: &[KnownName], index: &KnownIndex, word: &str) -> Option<usize> {
    let pick = |candidates: &[usize], pred: &dyn Fn(&KnownName) -> bool| {
        candidates
            .iter()
            .map(|&i| (i, &known[i]))
            .filter(|(_, k)| pred(k))
            .max_by(|(_, a), (_, b)| a.uses.cmp(&b.uses).then(b.introduced.cmp(&a.introduced)))
            .map(|(i, _)| i)
    };
    let exact = index.by_last.get(word).map_or(&[][..], Vec::as_slice);
    pick(exact, &|_| true)
        .or_else(|| {
            (word.chars().count() >= 6)
                .then(|| {
                    pick(&index.near(word), &|k| {
                        edit_distance_le1(&k.last_word, word)
                    })
                })
                .flatten()
        })
        .or_else(|| match index.by_first.get(word).map(Vec::as_slice) {
            // A first name alone, when only one known person carries it.
            Some([only]) => Some(*only),
            _ => None,
        })
}

fn speech_verb_adjacent(text: &str, words: &[Word], i: usize) -> bool {
    // Only "Smith said": after a verb ("told Interfax", "warned Europe") stands an object.
    let mut buf = [0u8; 40];
    i + 1 < words.len()
        && text[words[i].end..words[i + 1].start]
            .bytes()
            .all(|b| b == b' ')
        && ascii_lower(words[i + 1].core(text), &mut buf).is_some_and(is_speech_word)
}

/// Whether two words differ by at most one inserted, deleted or replaced character.
fn edit_distance_le1(a: &str, b: &str) -> bool {
    edit_distance_bounded(a, b, 1)
}

/// Levenshtein distance of `a` and `b` on characters is at most `k` (banded, cheap).
fn edit_distance_bounded(a: &str, b: &str, k: usize) -> bool {
    // Names are nearly always short ASCII: compare bytes in stack rows then, since
    // canonical_names makes this call for many pairs of a large corpus.
    const SHORT: usize = 48;
    if a.is_ascii() && b.is_ascii() && a.len() < SHORT && b.len() < SHORT {
        return within_edit_distance(
            a.as_bytes(),
            b.as_bytes(),
            k,
            &mut [0; SHORT],
            &mut [0; SHORT],
        );
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within_edit_distance(
        &a,
        &b,
        k,
        &mut vec![0; b.len() + 1],
        &mut vec![0; b.len() + 1],
    )
}

/// Levenshtein distance at most `k`, row by row with early exit; `prev` and `cur`
/// are scratch rows of at least `b.len() + 1` cells.
fn within_edit_distance<T: PartialEq>(
    a: &[T],
    b: &[T],
    k: usize,
    prev: &mut [usize],
    cur: &mut [usize],
) -> bool {
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let (mut prev, mut cur) = (&mut prev[..=b.len()], &mut cur[..=b.len()]);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            row_min = row_min.min(cur[j]);
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= k
}

/// A name folded for comparison: lower case, accents and punctuation dropped.
fn fold_name(name: &str) -> Vec<String> {
    name.split_whitespace()
        .map(|t| {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .map(strip_accent)
                .collect::<String>()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// Common Latin letters with diacritics mapped to their base letter ("Zelenskyy" spellings).
fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' | 'č' | 'ć' => 'c',
        'ñ' | 'ń' => 'n',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ř' => 'r',
        'ł' => 'l',
        _ => c,
    }
}

/// Whether two folded name parts are spellings of one another (Zelensky/Zelenskyy,
/// Sergey/Sergei): equal, or a small edit apart for long enough parts.
fn similar_part(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    (n >= 5 && edit_distance_bounded(a, b, 1)) || (n >= 8 && edit_distance_bounded(a, b, 2))
}

/// Canonical names across documents: maps every (document-level) full name to one canonical name.
/// Spelling variants of one person merge (the most frequent spelling wins, ties broken by
/// the fuller then the alphabetically first form); people sharing only a surname stay apart.
pub fn canonical_names(names_with_counts: &[(String, u64)]) -> BTreeMap<String, String> {
    // Sum counts per exact spelling; BTreeMap keeps every later step independent of input order.
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for (n, c) in names_with_counts {
        *counts.entry(n.as_str()).or_default() += c;
    }
    let names: Vec<(&str, u64, Vec<String>)> =
        counts.iter().map(|(&n, &c)| (n, c, fold_name(n))).collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Multi-word names merge when first and last parts are spellings of one another;
    // bucket by the first letters so the pairwise check stays small.
    let mut buckets: BTreeMap<(char, char), Vec<usize>> = BTreeMap::new();
    for (i, (_, _, f)) in names.iter().enumerate() {
        if f.len() >= 2 {
            let a = f[0].chars().next().unwrap_or(' ');
            let b = f[f.len() - 1].chars().next().unwrap_or(' ');
            buckets.entry((a, b)).or_default().push(i);
        }
    }
    for members in buckets.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                let (fi, fj) = (&names[i].2, &names[j].2);
                let same_first = similar_part(&fi[0], &fj[0]);
                let same_last = similar_part(&fi[fi.len() - 1], &fj[fj.len() - 1]);
                if same_first && same_last {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    // Cluster totals and canonical spelling: multi-word first, then count, then fewer
    // characters never matter: ties go to the alphabetically first spelling.
    let mut best: BTreeMap<usize, usize> = BTreeMap::new();
    let mut totals: BTreeMap<usize, u64> = BTreeMap::new();
    for i in 0..names.len() {
        let r = find(&mut parent, i);
        *totals.entry(r).or_default() += names[i].1;
        let better = match best.get(&r) {
            None => true,
            Some(&b) => {
                let key = |k: usize| (names[k].2.len() >= 2, names[k].1);
                key(i) > key(b)
            }
        };
        if better {
            best.insert(r, i);
        }
    }
    // Lone names (a surname only) join the most used multi-word person with that surname.
    // Surnames within edit distance 2 differ in length by at most 2, so clusters are
    // indexed by the length of their surname: a lone name is compared with a few
    // hundred clusters, not with every person of a large corpus.
    let mut by_surname_length: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (&r, &b) in &best {
        let fb = &names[b].2;
        if fb.len() >= 2 {
            let length = fb[fb.len() - 1].chars().count();
            by_surname_length.entry(length).or_default().push((r, b));
        }
    }
    let mut out = BTreeMap::new();
    for i in 0..names.len() {
        let r = find(&mut parent, i);
        let f = &names[i].2;
        let target = if f.len() == 1 {
            let length = f[0].chars().count();
            let candidates = by_surname_length
                .range(length.saturating_sub(2)..=length + 2)
                .flat_map(|(_, clusters)| clusters)
                .filter(|&&(_, b)| {
                    let fb = &names[b].2;
                    similar_part(&fb[fb.len() - 1], &f[0])
                });
            candidates
                .max_by(|(ra, _), (rb, _)| totals[ra].cmp(&totals[rb]).then(rb.cmp(ra)))
                .map_or(best[&r], |&(_, b)| b)
        } else {
            best[&r]
        };
        out.insert(names[i].0.to_string(), names[target].0.to_string());
    }
    // Names given only with zero counts still map (to themselves or their cluster).
    for (n, _) in names_with_counts {
        out.entry(n.clone()).or_insert_with(|| n.clone());
    }
    out
}

/// The normalised form of a quote's words used to compare quotes across outlets
/// (case, quote marks, apostrophes, punctuation and white space folded).
pub fn quote_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            // Only the letters of the lower case: "İ" lower-cases to "i" and a
            // combining dot, which a second pass would drop as a separator.
            out.extend(c.to_lowercase().filter(|lower| lower.is_alphanumeric()));
        } else if matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´') {
            // "there’s" and "there's" and "theres" are one word.
        } else {
            pending_space = true;
        }
    }
    out
}

/// Fewest tokens a quote needs before a cut or reworded version of it may join its group.
const MIN_NEAR_TOKENS: usize = 4;
/// Share of the shorter quote's tokens that must appear, in order, in the longer one.
const NEAR_SHARE: f64 = 0.8;

/// Groups quotes of one event: input (speaker, text, source) triples; output groups of indices.
/// Same speaker and same `quote_key` make one group; near-identical wordings of the same
/// speaker (a word changed, one outlet's cut of another's) join it. Groups are listed by
/// their first index, indices ascending, whatever the sources.
pub fn group_quotes(quotes: &[(Option<&str>, &str, &str)]) -> Vec<Vec<usize>> {
    let keys: Vec<String> = quotes.iter().map(|(_, t, _)| quote_key(t)).collect();
    // Each distinct word of the keys gets a number: trigrams then hash and
    // compare as three integers, and the LCS compares integers, not strings.
    let mut word_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let tokens: Vec<Vec<u32>> = keys
        .iter()
        .map(|k| {
            k.split(' ')
                .filter(|t| !t.is_empty())
                .map(|word| {
                    let next = word_ids.len() as u32;
                    *word_ids.entry(word).or_insert(next)
                })
                .collect()
        })
        .collect();
    let mut parent: Vec<usize> = (0..quotes.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    fn union(p: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[ra.max(rb)] = ra.min(rb);
        }
    }
    // Exact keys per speaker.
    // FxHash: these maps hash every quote's key (a short string) and its trigrams (of word ids),
    // for which SipHash's start-up cost dominated the grouping.
    let mut exact: FxHashMap<(Option<&str>, &str), usize> = FxHashMap::default();
    for (i, (speaker, _, _)) in quotes.iter().enumerate() {
        match exact.get(&(*speaker, keys[i].as_str())) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                exact.insert((*speaker, keys[i].as_str()), i);
            }
        }
    }
    // Near matches: only pairs of one speaker sharing a token trigram are compared.
    let mut by_trigram: FxHashMap<(Option<&str>, [u32; 3]), Vec<usize>> = FxHashMap::default();
    let mut trigrams: Vec<[u32; 3]> = Vec::new();
    for (i, toks) in tokens.iter().enumerate() {
        if toks.len() < MIN_NEAR_TOKENS {
            continue;
        }
        trigrams.clear();
        trigrams.extend(toks.windows(3).map(|w| [w[0], w[1], w[2]]));
        trigrams.sort_unstable();
        trigrams.dedup();
        for &tri in &trigrams {
            by_trigram.entry((quotes[i].0, tri)).or_default().push(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for list in by_trigram.values() {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for (i, j) in pairs {
        if find(&mut parent, i) == find(&mut parent, j) {
            continue;
        }
        let (a, b) = (&tokens[i], &tokens[j]);
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let common = lcs_len(short, long);
        if common as f64 >= NEAR_SHARE * short.len() as f64 {
            union(&mut parent, i, j);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..quotes.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}

/// Length of the longest common subsequence of two token lists.
fn lcs_len<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment::split_sentences;

    #[test]
    fn bounded_edit_distance_agrees_for_ascii_and_other_text() {
        for (a, b, k, within) in [
            ("zelensky", "zelenskyy", 1, true),
            ("zelensky", "zelenskiy", 1, true),
            ("zelenskyy", "zelenskiy", 1, true),
            ("trump", "trumps", 0, false),
            ("navalny", "nawalnyj", 2, true),
            ("navalny", "nawalnyj", 1, false),
            ("putin", "", 2, false),
        ] {
            assert_eq!(edit_distance_bounded(a, b, k), within, "{a} {b} {k}");
            // The same pairs with a non-ASCII letter on both ends take the char path.
            let (wide_a, wide_b) = (format!("é{a}é"), format!("é{b}é"));
            assert_eq!(
                edit_distance_bounded(&wide_a, &wide_b, k),
                within,
                "{wide_a} {wide_b}"
            );
        }
    }

    fn people(text: &str) -> Vec<(String, String, Option<String>)> {
        find_people(text, &split_sentences(text))
            .into_iter()
            .map(|m| (m.surface, m.name, m.role))
            .collect()
    }

    #[test]
    fn titles_roles_and_surnames_resolve() {
        let text = "U.S. President Donald Trump met Kremlin spokesman Dmitry Peskov in Alaska. Melania Trump stayed home.\nTrump said the talks went well. Peskov agreed.\n";
        let p = people(text);
        assert!(
            p.contains(&(
                "President Donald Trump".into(),
                "Donald Trump".into(),
                Some("President".into())
            )),
            "{p:?}"
        );
        assert!(
            p.contains(&(
                "Dmitry Peskov".into(),
                "Dmitry Peskov".into(),
                Some("spokesman".into())
            )),
            "{p:?}"
        );
        assert!(
            p.contains(&("Melania Trump".into(), "Melania Trump".into(), None)),
            "{p:?}"
        );
        assert!(
            p.contains(&("Trump".into(), "Donald Trump".into(), None)),
            "{p:?}"
        );
        assert!(
            p.contains(&("Peskov".into(), "Dmitry Peskov".into(), None)),
            "{p:?}"
        );
        assert!(!p.iter().any(|(s, _, _)| s.contains("Alaska")), "{p:?}");
    }

    #[test]
    fn organisations_and_headings_are_no_people() {
        let text = "Talks At Joint Base Elmendorf-Richardson End\nThe International Criminal Court and Fox News reported on the White House meeting with the United States.\n";
        assert!(people(text).is_empty(), "{:?}", people(text));
    }

    #[test]
    fn affiliation_from_nationality_and_acronym() {
        let text = "Russian President Vladimir Putin and US President Joe Biden spoke.\n";
        let m = find_people(text, &split_sentences(text));
        assert_eq!(m[0].affiliation.as_deref(), Some("Russian"));
        assert_eq!(m[1].affiliation.as_deref(), Some("US"));
    }

    #[test]
    fn canonical_names_merge_spellings_not_namesakes() {
        let input = vec![
            ("Volodymyr Zelensky".to_string(), 4),
            ("Volodymyr Zelenskyy".to_string(), 7),
            ("Donald Trump".to_string(), 30),
            ("Melania Trump".to_string(), 1),
            ("Trump".to_string(), 2),
            ("Sergei Lavrov".to_string(), 2),
            ("Sergey Lavrov".to_string(), 2),
        ];
        let c = canonical_names(&input);
        assert_eq!(c["Volodymyr Zelensky"], "Volodymyr Zelenskyy");
        assert_eq!(c["Melania Trump"], "Melania Trump");
        assert_eq!(c["Donald Trump"], "Donald Trump");
        assert_eq!(c["Trump"], "Donald Trump");
        assert_eq!(c["Sergei Lavrov"], c["Sergey Lavrov"]);
        // Deterministic whatever the input order.
        let mut rev = input.clone();
        rev.reverse();
        assert_eq!(canonical_names(&rev), c);
    }

    #[test]
    fn quote_key_folds_marks_case_and_space() {
        assert_eq!(
            quote_key("\u{201c}There\u{2019}s no deal  until there's a deal,\u{201d}"),
            "theres no deal until theres a deal"
        );
        assert_eq!(
            quote_key("So, there's NO deal."),
            quote_key("so there\u{2019}s no deal")
        );
        // Found by the idempotence property: a capital with a dot above.
        assert_eq!(quote_key("İstanbul"), "istanbul");
    }

    #[test]
    fn group_quotes_joins_cuts_and_one_word_changes() {
        let q = vec![
            (
                Some("Donald Trump"),
                "We haven\u{2019}t quite got there, but we\u{2019}ve made some headway.",
                "a",
            ),
            (
                Some("Donald Trump"),
                "we haven't quite gotten there, but we've made some headway",
                "b",
            ),
            (
                Some("Donald Trump"),
                "No deal until there\u{2019}s a deal",
                "c",
            ),
            (
                Some("Donald Trump"),
                "There's no deal until there's a deal,",
                "d",
            ),
            (
                Some("Vladimir Putin"),
                "There's no deal until there's a deal,",
                "e",
            ),
            (
                Some("Donald Trump"),
                "I believe we had a very productive meeting,",
                "f",
            ),
        ];
        assert_eq!(
            group_quotes(&q),
            vec![vec![0, 1], vec![2, 3], vec![4], vec![5]]
        );
    }

    proptest::proptest! {
        #[test]
        fn quote_key_is_idempotent(s in "\\PC{0,80}") {
            let k = quote_key(&s);
            proptest::prop_assert_eq!(quote_key(&k), k);
        }

        /// The index offers every known last name one edit from a word
        /// (those trying every name would find), in order.
        #[test]
        fn the_name_index_misses_no_spelling_variant(
            lasts in proptest::collection::vec("[abcé]{4,9}", 1..20),
            word in "[abcé]{5,9}",
        ) {
            let known: Vec<KnownName> = lasts
                .iter()
                .enumerate()
                .map(|(i, last)| KnownName {
                    name: format!("Al {last}"),
                    first_word: "Al".into(),
                    last_word: last.clone(),
                    uses: 0,
                    introduced: i,
                })
                .collect();
            let index = KnownIndex::new(&known);
            let near: Vec<usize> = index
                .near(&word)
                .into_iter()
                .filter(|&i| edit_distance_le1(&known[i].last_word, &word))
                .collect();
            let every: Vec<usize> = (0..known.len())
                .filter(|&i| {
                    known[i].last_word.chars().count() >= 6
                        && edit_distance_le1(&known[i].last_word, &word)
                })
                .collect();
            proptest::prop_assert_eq!(near, every);
        }
    }
}

//! Quoted passages of one document and who said them. Quote marks are paired per
//! paragraph by scanning characters (curly and straight double quotes, single quotes
//! nested in them or standing alone, quotes running over several paragraphs); then each
//! passage is judged speech or not (names, printed words, scare quotes), partial or
//! whole, and attributed to a speaker from the words around it: a speech verb with a
//! name, pronoun, role or group on either side, a colon introduction, a dash line, or
//! a continuation of the previous quote. Sentences only bound the context looked at and
//! give `sentence_idx`; paragraph structure and the marks themselves do the rest.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::SentenceSpan;
use super::people::{FxMap, Mention, Word, ascii_lower, line_starts, sentence_index, words_in};

/// How a speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Attribution {
    /// A speech verb next to a name ("Trump said", "said Kremlin spokesman Dmitry Peskov").
    Explicit,
    /// A speech verb next to "he"/"she", resolved to the person it refers to.
    Pronoun,
    /// A speech verb next to a role or group ("the Russian leader", "reporters").
    Role,
    /// No cue of its own: a following quote or paragraph of the previous speaker.
    Continuation,
    /// No speaker found, or not speech.
    None,
}

impl Attribution {
    /// The name used in the `quotes.attribution` column.
    pub fn as_str(&self) -> &'static str {
        match self {
            Attribution::Explicit => "explicit",
            Attribution::Pronoun => "pronoun",
            Attribution::Role => "role",
            Attribution::Continuation => "continuation",
            Attribution::None => "none",
        }
    }
}

/// A quoted passage of one document, as found in the extract stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteDraft {
    /// Byte offset of the first character inside the opening mark.
    pub start: usize,
    /// Byte offset of the closing mark (or the paragraph's end when unclosed).
    pub end: usize,
    /// Index into the sentences slice of the sentence holding `start`.
    pub sentence_idx: u32,
    /// Whether the passage is someone's words (not a name, title or printed words).
    pub is_speech: bool,
    /// Whether the passage is a fragment inside the reporter's own sentence.
    pub is_partial: bool,
    /// Full name as resolved within the document, or a group ("reporters").
    pub speaker: Option<String>,
    /// The words that named the speaker ("he", "the Russian leader", "Trump").
    pub speaker_text: Option<String>,
    /// Lemma of the speech verb (say, tell, add, stress, warn, ...).
    pub cue: Option<String>,
    /// How the speaker was found.
    pub attribution: Attribution,
}

/// Speech verbs by lemma; forms listed where English is irregular, generated otherwise.
const SPEECH_VERBS: &[(&str, &[&str])] = &[
    ("say", &["says", "said", "saying"]),
    ("tell", &["tells", "told", "telling"]),
    ("write", &["writes", "wrote", "written", "writing"]),
    ("speak", &["speaks", "spoke", "spoken", "speaking"]),
    ("admit", &["admits", "admitted", "admitting"]),
    ("quip", &["quips", "quipped", "quipping"]),
    ("testify", &["testifies", "testified", "testifying"]),
    ("deny", &["denies", "denied", "denying"]),
    ("reply", &["replies", "replied", "replying"]),
    ("cry", &["cries", "cried"]),
    ("add", &[]),
    ("stress", &[]),
    ("warn", &[]),
    ("urge", &[]),
    ("respond", &[]),
    ("describe", &[]),
    ("claim", &[]),
    ("insist", &[]),
    ("state", &[]),
    ("declare", &[]),
    ("announce", &[]),
    ("explain", &[]),
    ("note", &[]),
    ("remark", &[]),
    ("ask", &[]),
    ("yell", &[]),
    ("shout", &[]),
    ("scream", &[]),
    ("whisper", &[]),
    ("exclaim", &[]),
    ("praise", &[]),
    ("highlight", &[]),
    ("emphasize", &[]),
    ("emphasise", &[]),
    ("acknowledge", &[]),
    ("vow", &[]),
    ("pledge", &[]),
    ("promise", &[]),
    ("suggest", &[]),
    ("argue", &[]),
    ("reiterate", &[]),
    ("recall", &[]),
    ("tweet", &[]),
    ("joke", &[]),
    ("boast", &[]),
    ("brag", &["brags", "bragged", "bragging"]),
    ("complain", &[]),
    ("concede", &[]),
    ("confirm", &[]),
    ("predict", &[]),
    ("threaten", &[]),
    ("demand", &[]),
    ("express", &[]),
    ("call", &[]),
    ("tout", &[]),
    ("hail", &[]),
    ("comment", &[]),
    ("accuse", &[]),
    ("criticize", &[]),
    ("criticise", &[]),
    ("condemn", &[]),
    ("thank", &[]),
    ("conclude", &[]),
    ("characterize", &[]),
    ("characterise", &[]),
    ("mention", &[]),
    ("caution", &[]),
    ("assert", &[]),
    ("contend", &[]),
    ("maintain", &[]),
    ("recount", &[]),
    ("report", &[]),
    ("plead", &[]),
    ("lament", &[]),
    ("repeat", &[]),
    ("counter", &[]),
    ("retort", &[]),
    ("answer", &[]),
    ("dismiss", &[]),
    ("allege", &[]),
    ("observe", &[]),
    ("agree", &[]),
    ("chant", &[]),
    ("proclaim", &[]),
];

/// Nouns that carry speech as a verb would ("Trump's earlier warnings of ...").
const CUE_NOUNS: &[(&str, &str)] = &[
    ("warning", "warn"),
    ("warnings", "warn"),
    ("remark", "remark"),
    ("remarks", "remark"),
    ("comment", "comment"),
    ("comments", "comment"),
    ("statement", "state"),
    ("statements", "state"),
    ("promise", "promise"),
    ("promises", "promise"),
    ("pledge", "pledge"),
    ("vow", "vow"),
    ("description", "describe"),
    ("words", "say"),
    ("message", "say"),
    ("speech", "say"),
    ("interview", "say"),
    ("threat", "threaten"),
    ("threats", "threaten"),
    ("plea", "plead"),
    ("appeal", "appeal"),
    ("assurance", "assure"),
    ("assurances", "assure"),
    ("insistence", "insist"),
    ("claim", "claim"),
    ("call", "call"),
    ("calls", "call"),
    ("demand", "demand"),
    ("demands", "demand"),
    ("praise", "praise"),
    ("criticism", "criticise"),
];

/// Words right before an opening mark that make the passage a name or printed words.
const NAMING_CUES: &[&str] = &[
    "known as",
    "dubbed",
    "nicknamed",
    "titled",
    "entitled",
    "reading",
    "reads",
    "printed with",
    "emblazoned with",
    "labelled",
    "labeled",
    "branded",
    "slogan",
    "hashtag",
    "headline",
    "sign",
    "signs",
    "banner",
    "marked",
    "captioned",
    "billed as",
    "so-called",
    "bearing",
    "inscribed",
    "inscribed with",
    "the motto",
    "motto",
    "the logo",
    "alias",
    "aka",
    "the title",
    "called the",
    "film",
    "book",
    "song",
    "album",
    "show",
    "series",
    "movie",
    "novel",
    "the word",
    "the words",
    "the term",
    "the phrase",
];

/// Weak naming cues: only a Title Case passage after them is a name ("a dog called "Rex"").
const WEAK_NAMING_CUES: &[&str] = &["called", "named", "name"];

/// Role nouns that can name a speaker when written with "the", a possessive or a nationality.
const ROLE_NOUNS: &[&str] = &[
    "president",
    "leader",
    "minister",
    "premier",
    "chancellor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "senator",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "adviser",
    "advisor",
    "aide",
    "general",
    "commander",
    "chief",
    "director",
    "judge",
    "chairman",
    "chairwoman",
    "diplomat",
    "negotiator",
    "lawmaker",
    "prosecutor",
    "lawyer",
    "attorney",
    "doctor",
    "official",
    "president-elect",
    "monarch",
    "dictator",
    "candidate",
    "nominee",
    "host",
    "coach",
    "manager",
    "captain",
    "ceo",
    "founder",
    "owner",
    "economist",
    "analyst",
    "expert",
    "witness",
    "spokesmen",
];

/// Words between a determiner and a role noun ("the former U.S. president").
const ROLE_MODIFIERS: &[&str] = &[
    "former",
    "top",
    "senior",
    "chief",
    "press",
    "foreign",
    "prime",
    "deputy",
    "special",
    "national",
    "security",
    "vice",
    "defence",
    "defense",
    "interior",
    "finance",
    "health",
    "state",
    "affairs",
    "policy",
    "current",
    "new",
    "outgoing",
    "incoming",
    "then",
    "acting",
    "military",
    "veteran",
    "longtime",
    "american",
    "russian",
    "ukrainian",
    "european",
    "british",
    "chinese",
    "french",
    "german",
    "israeli",
    "iranian",
    "indian",
    "white",
    "house",
    "supreme",
    "opposition",
    "party",
    "regional",
    "local",
    "federal",
    "government",
    "kremlin",
    "year-old",
    "presidential",
    "elected",
    "democratic",
    "republican",
    "conservative",
    "liberal",
    "labour",
    "labor",
];

/// Plural speakers reported as a group ("reporters", "officials").
const GROUP_NOUNS: &[&str] = &[
    "reporters",
    "journalists",
    "officials",
    "protesters",
    "protestors",
    "demonstrators",
    "critics",
    "analysts",
    "experts",
    "witnesses",
    "residents",
    "supporters",
    "lawmakers",
    "activists",
    "observers",
    "aides",
    "diplomats",
    "voters",
    "crowd",
    "fans",
    "organisers",
    "organizers",
    "police",
    "investigators",
    "prosecutors",
    "doctors",
    "scientists",
    "researchers",
    "economists",
    "leaders",
    "spokesmen",
    "sources",
    "authorities",
    "ministers",
    "negotiators",
    "campaigners",
    "opponents",
    "allies",
    "advisers",
    "advisors",
    "senators",
];

/// Determiners that make a role noun point at a known person ("the", "his").
const DETERMINERS: &[&str] = &[
    "the", "his", "her", "their", "its", "our", "a", "an", "this", "that",
];

/// Words allowed between a speaker and the speech verb ("Trump later said").
const GLUE_WORDS: &[&str] = &[
    "also",
    "later",
    "then",
    "meanwhile",
    "again",
    "nearby",
    "once",
    "previously",
    "earlier",
    "further",
    "has",
    "had",
    "have",
    "would",
    "will",
    "could",
    "did",
    "does",
    "was",
    "is",
    "were",
    "reportedly",
    "today",
    "yesterday",
    "afterwards",
    "afterward",
    "too",
    "too,",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "week",
    "night",
    "himself",
    "herself",
    "themselves",
    "simply",
    "just",
    "only",
    "first",
    "finally",
    "recently",
    "privately",
    "publicly",
    "subsequently",
    "immediately",
    "quickly",
    "repeatedly",
    "separately",
    "however",
    "not",
    "never",
    "always",
    "often",
    "been",
    "be",
    "might",
    "may",
    "can",
    "should",
    "must",
    "shall",
];

/// First words of a sentence's leading phrase, which holds no subject ("Despite ..., he").
const LEAD_WORDS: &[&str] = &[
    "after",
    "before",
    "despite",
    "during",
    "following",
    "when",
    "while",
    "although",
    "though",
    "as",
    "since",
    "if",
    "in",
    "on",
    "at",
    "with",
    "without",
    "unlike",
    "like",
    "amid",
    "ahead",
    "according",
    "once",
    "because",
    "until",
    "given",
    "upon",
    "asked",
    "for",
    "from",
    "by",
    "to",
    "under",
    "over",
    "instead",
    "meanwhile",
    "however",
    "still",
    "also",
    "later",
    "earlier",
    "yet",
    "but",
    "and",
    "so",
    "then",
    "now",
    "just",
    "even",
];

static SPEECH_FORMS: LazyLock<FxMap<String, &'static str>> = LazyLock::new(|| {
    let mut m = FxMap::default();
    for &(lemma, forms) in SPEECH_VERBS {
        m.insert(lemma.to_string(), lemma);
        if forms.is_empty() {
            for f in regular_forms(lemma) {
                m.insert(f, lemma);
            }
        } else {
            for f in forms {
                m.insert((*f).to_string(), lemma);
            }
        }
    }
    m
});

fn regular_forms(l: &str) -> [String; 3] {
    if let Some(stem) = l.strip_suffix('e') {
        [format!("{l}s"), format!("{l}d"), format!("{stem}ing")]
    } else if l.ends_with(['s', 'x', 'z']) || l.ends_with("sh") || l.ends_with("ch") {
        [format!("{l}es"), format!("{l}ed"), format!("{l}ing")]
    } else {
        [format!("{l}s"), format!("{l}ed"), format!("{l}ing")]
    }
}

/// The lemma of a lower-case speech verb form ("said" -> "say"), if it is one.
pub(crate) fn speech_lemma(lower: &str) -> Option<&'static str> {
    SPEECH_FORMS.get(lower).copied()
}

static ROLE_INDEX: LazyLock<FxMap<&'static str, usize>> = LazyLock::new(|| {
    ROLE_NOUNS
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, i))
        .collect()
});
static GROUP_INDEX: LazyLock<FxMap<&'static str, usize>> = LazyLock::new(|| {
    GROUP_NOUNS
        .iter()
        .enumerate()
        .map(|(i, &r)| (r, i))
        .collect()
});
static CUE_NOUN_INDEX: LazyLock<FxMap<&'static str, &'static str>> =
    LazyLock::new(|| CUE_NOUNS.iter().copied().collect());

fn lower_in(w: &str, list: &[&str]) -> bool {
    let mut buf = [0u8; 40];
    ascii_lower(w, &mut buf).is_some_and(|l| list.contains(&l))
}

/// A speech verb or cue noun: (lemma, is_noun).
fn cue_of(w: &str) -> Option<(&'static str, bool)> {
    let mut buf = [0u8; 40];
    let l = ascii_lower(w, &mut buf)?;
    if let Some(v) = speech_lemma(l) {
        return Some((v, false));
    }
    CUE_NOUN_INDEX.get(l).map(|&v| (v, true))
}

fn is_glue(w: &str) -> bool {
    let mut buf = [0u8; 40];
    match ascii_lower(w, &mut buf) {
        Some(l) => GLUE_WORDS.contains(&l) || (l.len() > 4 && l.ends_with("ly") && l != "italy"),
        None => false,
    }
}

const OPEN_DOUBLE: &[char] = &['“', '„', '«'];
const CLOSE_DOUBLE: &[char] = &['”', '»'];

/// A pair of quote marks: `start..end` is the text inside, `open..close_end` the marks too.
#[derive(Debug, Clone, Copy)]
struct Span {
    open: usize,
    start: usize,
    end: usize,
    close_end: usize,
    parent: Option<usize>,
}

/// Finds double-quoted passages paragraph by paragraph; an opening mark at the start of a
/// paragraph left open continues into the next paragraph that opens with a mark.
fn pair_double_quotes(text: &str, lines: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    // (open mark, inner start, end of the paragraph it was left open in)
    let mut pending: Option<(usize, usize, usize)> = None;
    for (li, &ls) in lines.iter().enumerate() {
        let le_raw = lines.get(li + 1).map_or(text.len(), |&n| n - 1);
        let line = text[ls..le_raw].trim_end_matches('\r');
        let le = ls + line.len();
        if line.trim().is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let mut open: Option<(usize, usize)> = None;
        let mut skip_first_mark = false;
        if let Some((o, s, pe)) = pending.take() {
            let first = line[lead..].chars().next();
            if first.is_some_and(|c| OPEN_DOUBLE.contains(&c) || c == '"') {
                open = Some((o, s));
                skip_first_mark = true;
            } else {
                push_unclosed(text, &mut out, o, s, pe);
            }
        }
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let is_open = OPEN_DOUBLE.contains(&c);
            let is_close = CLOSE_DOUBLE.contains(&c);
            if !(is_open || is_close || c == '"') {
                continue;
            }
            let pos = ls + i;
            let after = pos + c.len_utf8();
            if skip_first_mark {
                skip_first_mark = false;
                continue;
            }
            let next = chars.peek().map(|&(_, n)| n);
            match open {
                None => {
                    let opens = is_open || (c == '"' && next.is_some_and(|n| !n.is_whitespace()));
                    if opens {
                        open = Some((pos, after));
                    }
                }
                Some((o, s)) => {
                    if is_open {
                        push_unclosed(text, &mut out, o, s, pos);
                        open = Some((pos, after));
                    } else {
                        out.push(Span {
                            open: o,
                            start: s,
                            end: pos,
                            close_end: after,
                            parent: None,
                        });
                        open = None;
                    }
                }
            }
        }
        if let Some((o, s)) = open {
            // Left open at the paragraph's end: a mark that opened the paragraph may run on.
            if o < ls || text[ls..o].trim().is_empty() {
                pending = Some((o, s, le));
            } else {
                push_unclosed(text, &mut out, o, s, le);
            }
        }
    }
    if let Some((o, s, pe)) = pending {
        push_unclosed(text, &mut out, o, s, pe);
    }
    out
}

fn push_unclosed(text: &str, out: &mut Vec<Span>, open: usize, start: usize, limit: usize) {
    let end = start + text[start..limit.max(start)].trim_end().len();
    if end > start {
        out.push(Span {
            open,
            start,
            end,
            close_end: end,
            parent: None,
        });
    }
}

/// Finds single-quoted passages in `lo..hi`, never across a line break: an opening mark
/// after a space or an opening sign and before a letter, a closing mark after a non-space
/// and before a non-letter (so that "there's" and "haven't" are no marks).
fn pair_single_quotes(
    text: &str,
    lo: usize,
    hi: usize,
    parent: Option<usize>,
    out: &mut Vec<Span>,
) {
    let Some(region) = text.get(lo..hi) else {
        return;
    };
    let mut open: Option<(usize, usize)> = None;
    let mut prev: Option<char> = None;
    let mut chars = region.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let pos = lo + i;
        if c == '\n' {
            open = None;
        } else if c == '‘' || c == '\'' || c == '’' {
            let can_open = c != '’'
                && prev.is_none_or(|p| p.is_whitespace() || "“\"([—–-/:".contains(p))
                && next.is_some_and(char::is_alphabetic);
            let can_close = c != '‘'
                && prev.is_some_and(|p| !p.is_whitespace())
                && next.is_none_or(|n| !n.is_alphanumeric());
            match open {
                Some((o, s)) if can_close => {
                    if text[s..pos].chars().count() >= 2 {
                        out.push(Span {
                            open: o,
                            start: s,
                            end: pos,
                            close_end: pos + c.len_utf8(),
                            parent,
                        });
                    }
                    open = None;
                }
                None if can_open => open = Some((pos, pos + c.len_utf8())),
                _ => {}
            }
        }
        prev = Some(c);
    }
}

/// All quoted passages, outer double quotes with their nested single quotes, and single
/// quotes standing outside double quotes, sorted by start.
fn find_spans(text: &str, lines: &[usize]) -> Vec<Span> {
    let doubles = pair_double_quotes(text, lines);
    let mut spans = Vec::with_capacity(doubles.len());
    let mut top_singles = Vec::new();
    let mut cursor = 0;
    for d in &doubles {
        if d.open > cursor {
            pair_single_quotes(text, cursor, d.open, None, &mut top_singles);
        }
        cursor = cursor.max(d.close_end);
    }
    if cursor < text.len() {
        pair_single_quotes(text, cursor, text.len(), None, &mut top_singles);
    }
    // Merge doubles and top-level singles by position; nested singles follow their parent.
    let mut top: Vec<Span> = doubles.into_iter().chain(top_singles).collect();
    top.sort_by_key(|s| s.open);
    for d in top {
        let idx = spans.len();
        spans.push(d);
        let mut nested = Vec::new();
        pair_single_quotes(text, d.start, d.end, Some(idx), &mut nested);
        spans.extend(nested);
    }
    spans
}

/// The words of a stretch of text with quoted passages left out, and what the words are.
struct Analysis {
    words: Vec<Word>,
    /// A left-out quote lies just before word i.
    barrier: Vec<bool>,
    cands: Vec<Cand>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone, Copy)]
enum CandKind {
    Person(usize),
    Pronoun(Option<Gender>),
    Role {
        noun: usize,
        affiliation: Option<(usize, usize)>,
        definite: bool,
    },
    Group(usize),
}

/// Something that can name a speaker: words `first..=last` of an analysis.
#[derive(Debug, Clone, Copy)]
struct Cand {
    first: usize,
    last: usize,
    kind: CandKind,
}

/// A resolved speaker: name, how found, and the words that named it.
#[derive(Debug, Clone)]
struct Speaker {
    name: Option<String>,
    attribution: Attribution,
    text: String,
}

/// The part of the document a quote is read in: the whole text, or the inside of the
/// quote that holds it; `skips` are the passages quoted at that level.
struct Level<'s> {
    lo: usize,
    hi: usize,
    /// Sorted by opening mark.
    skips: std::borrow::Cow<'s, [(usize, usize)]>,
}

struct Doc<'a> {
    text: &'a str,
    sentences: &'a [SentenceSpan],
    people: Vec<Mention>,
    lines: Vec<usize>,
    genders: HashMap<String, Gender>,
}

impl<'a> Doc<'a> {
    fn paragraph(&self, pos: usize) -> (usize, usize) {
        let i = self.lines.partition_point(|&l| l <= pos).saturating_sub(1);
        let lo = self.lines[i];
        let hi = self.lines.get(i + 1).map_or(self.text.len(), |&n| n - 1);
        (lo, hi.max(lo))
    }

    /// The sentence holding `pos`, clipped to its paragraph and level.
    fn sentence(&self, pos: usize, level: &Level<'_>) -> (usize, usize) {
        let (plo, phi) = self.paragraph(pos);
        let (mut lo, mut hi) = (plo, phi);
        let i = self.sentences.partition_point(|s| s.start <= pos);
        if i > 0 {
            let s = self.sentences[i - 1];
            if s.end > pos || s.end >= phi {
                lo = lo.max(s.start);
                hi = hi.min(s.end.max(pos));
            } else if s.end <= pos {
                lo = lo.max(s.end);
                if let Some(n) = self.sentences.get(i) {
                    hi = hi.min(n.start);
                }
            }
        } else if let Some(n) = self.sentences.first() {
            hi = hi.min(n.start.max(pos));
        }
        (lo.max(level.lo), hi.min(level.hi).max(lo.max(level.lo)))
    }

    /// Start of the sentence holding `pos`; a sentence that starts inside a quoted passage
    /// (a segmenter may split inside one) is taken from the sentence holding the opening mark.
    fn sentence_start_outside_quotes(&self, pos: usize, level: &Level<'_>) -> usize {
        let (mut lo, _) = self.sentence(pos, level);
        for _ in 0..4 {
            match level.skips.get(
                level
                    .skips
                    .partition_point(|&(a, _)| a < lo)
                    .wrapping_sub(1),
            ) {
                Some(&(a, b)) if a < lo && lo < b => lo = self.sentence(a, level).0.min(a),
                _ => break,
            }
        }
        lo
    }

    /// The sentence before the one starting at `lo`, within the level.
    fn previous_sentence(&self, lo: usize, level: &Level<'_>) -> Option<(usize, usize)> {
        let before = self.text[level.lo..lo].trim_end();
        if before.is_empty() {
            return None;
        }
        let p = level.lo + before.len() - 1;
        let p = (0..=p).rev().find(|&i| self.text.is_char_boundary(i))?;
        Some(self.sentence(p, level))
    }

    fn analyse(&self, lo: usize, hi: usize, level: &Level<'_>) -> Analysis {
        let mut words = Vec::new();
        let mut barrier = Vec::new();
        let mut cursor = lo;
        let mut pending_barrier = false;
        let from = level.skips.partition_point(|&(_, b)| b <= lo);
        for &(a, b) in &level.skips[from..] {
            if a >= hi {
                break;
            }
            if b <= lo {
                continue;
            }
            if a > cursor {
                let n = words.len();
                words_in(self.text, cursor, a, &mut words);
                barrier.resize(words.len(), false);
                if pending_barrier && words.len() > n {
                    barrier[n] = true;
                }
            }
            pending_barrier = true;
            cursor = cursor.max(b);
        }
        if cursor < hi {
            let n = words.len();
            words_in(self.text, cursor, hi, &mut words);
            barrier.resize(words.len(), false);
            if pending_barrier && words.len() > n {
                barrier[n] = true;
            }
        }
        let cands = self.candidates(&words, &barrier);
        Analysis {
            words,
            barrier,
            cands,
        }
    }

    fn mention_at(&self, start: usize) -> Option<usize> {
        let i = self.people.partition_point(|m| m.start < start);
        (self.people.get(i)?.start == start).then_some(i)
    }

    fn candidates(&self, words: &[Word], barrier: &[bool]) -> Vec<Cand> {
        let text = self.text;
        let mut cands: Vec<Cand> = Vec::new();
        let joined = |a: usize, b: usize| {
            !barrier[b]
                && text[words[a].end..words[b].start]
                    .bytes()
                    .all(|c| c == b' ')
        };
        let mut i = 0;
        while i < words.len() {
            let w = words[i].core(text);
            let floor = cands.last().map_or(0, |c| c.last + 1);
            if let Some(m) = self.mention_at(words[i].start) {
                let end = self.people[m].end;
                let mut last = i;
                while last + 1 < words.len() && words[last].core_end < end {
                    last += 1;
                }
                // Take in the designation written before the name ("Kremlin spokesman").
                let mut first = i;
                while first > floor && joined(first - 1, first) && i - first < 4 {
                    let p = words[first - 1].core(text);
                    let cap = p.chars().next().is_some_and(char::is_uppercase);
                    if (cap
                        && !lower_in(p, DETERMINERS)
                        && !lower_in(p, super::people::FUNCTION_WORDS))
                        || lower_in(p, ROLE_NOUNS)
                        || lower_in(p, ROLE_MODIFIERS)
                    {
                        first -= 1;
                    } else {
                        break;
                    }
                }
                cands.push(Cand {
                    first,
                    last,
                    kind: CandKind::Person(m),
                });
                i = last + 1;
                continue;
            }
            let mut buf = [0u8; 40];
            let lower = ascii_lower(w, &mut buf).unwrap_or("");
            if matches!(lower, "he" | "she" | "they") {
                let g = match lower {
                    "he" => Some(Gender::Male),
                    "she" => Some(Gender::Female),
                    _ => None,
                };
                cands.push(Cand {
                    first: i,
                    last: i,
                    kind: CandKind::Pronoun(g),
                });
            } else if let Some(&g) = GROUP_INDEX.get(lower) {
                let mut first = i;
                while first > floor && joined(first - 1, first) && i - first < 2 {
                    let p = words[first - 1].core(text);
                    if p.chars().next().is_some_and(char::is_uppercase) && !lower_in(p, DETERMINERS)
                    {
                        first -= 1;
                    } else {
                        break;
                    }
                }
                cands.push(Cand {
                    first,
                    last: i,
                    kind: CandKind::Group(g),
                });
            } else if let Some(&r) = ROLE_INDEX.get(lower) {
                let followed_by_name = i + 1 < words.len()
                    && joined(i, i + 1)
                    && words[i + 1]
                        .core(text)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                if !followed_by_name && let Some(c) = self.role_phrase(words, barrier, i, r, floor)
                {
                    cands.push(c);
                }
            }
            i += 1;
        }
        cands
    }

    /// "the Russian leader", "Ukraine's president", "American president": a role noun at
    /// word `i` with a determiner or an affiliation before it.
    fn role_phrase(
        &self,
        words: &[Word],
        barrier: &[bool],
        i: usize,
        noun: usize,
        floor: usize,
    ) -> Option<Cand> {
        let text = self.text;
        let mut first = i;
        let mut aff: Option<(usize, usize)> = None;
        let mut definite = false;
        let mut has_det = false;
        while first > floor && i - first < 5 {
            let pw = &words[first - 1];
            if barrier[first] || !text[pw.end..words[first].start].bytes().all(|c| c == b' ') {
                break;
            }
            let p = pw.core(text);
            let mut buf = [0u8; 40];
            let lp = ascii_lower(p, &mut buf).unwrap_or("");
            if DETERMINERS.contains(&lp) {
                first -= 1;
                has_det = true;
                definite = !matches!(lp, "a" | "an");
                break;
            }
            let cap = p.chars().next().is_some_and(char::is_uppercase);
            if cap && !lower_in(p, super::people::FUNCTION_WORDS) {
                aff = Some((pw.start, aff.map_or(pw.core_end, |(_, e)| e)));
                first -= 1;
                if pw.possessive() {
                    definite = true;
                    break;
                }
            } else if ROLE_MODIFIERS.contains(&lp) || lp.ends_with("-old") {
                first -= 1;
            } else {
                break;
            }
        }
        if !has_det && aff.is_none() {
            return None;
        }
        Some(Cand {
            first,
            last: i,
            kind: CandKind::Role {
                noun,
                affiliation: aff,
                definite: definite || aff.is_some(),
            },
        })
    }

    fn gap_has(&self, an: &Analysis, k: usize, pat: &[char]) -> bool {
        k > 0
            && k < an.words.len()
            && self.text[an.words[k - 1].end..an.words[k].start].contains(pat)
    }

    fn cand_ending_at(an: &Analysis, w: usize) -> Option<usize> {
        an.cands.iter().position(|c| c.last == w)
    }

    /// The candidate that is the subject of the verb at word `v`: right before it, past
    /// adverbs, auxiliaries and one parenthetical ("Putin, in a brief appearance, said").
    fn subject_before(&self, an: &Analysis, v: usize, allow_possessive: bool) -> Option<usize> {
        let mut k = v;
        loop {
            if k == 0 || an.barrier[k] {
                return None;
            }
            if self.gap_has(an, k, &[',', '(', ')', '—', '–']) {
                let lo = k.saturating_sub(25).max(1);
                let j = (lo..k - 1)
                    .rev()
                    .find(|&j| an.barrier[j] || self.gap_has(an, j, &[',', '(', '—', '–']))?;
                if an.barrier[j] {
                    return None;
                }
                return Self::cand_ending_at(an, j - 1)
                    .filter(|&c| allow_possessive || !an.words[an.cands[c].last].possessive());
            }
            let w = k - 1;
            if let Some(c) = Self::cand_ending_at(an, w) {
                if allow_possessive || !an.words[w].possessive() {
                    return Some(c);
                }
                return None;
            }
            if is_glue(an.words[w].core(self.text)) {
                k = w;
                continue;
            }
            return None;
        }
    }

    /// The subject of a sentence: its first candidate past a leading phrase, possessives aside.
    fn sentence_subject(
        &self,
        an: &Analysis,
        before: usize,
        allow_possessive: bool,
    ) -> Option<usize> {
        let start = self.lead_end(an);
        an.cands.iter().position(|c| {
            c.first >= start
                && an.words[c.first].start < before
                && (allow_possessive || !an.words[c.last].possessive())
        })
    }

    fn lead_end(&self, an: &Analysis) -> usize {
        let Some(w0) = an.words.first() else {
            return 0;
        };
        let first = w0.core(self.text);
        let leads = lower_in(first, LEAD_WORDS)
            || (first.ends_with("ing") && an.cands.first().is_none_or(|c| c.first != 0));
        if !leads {
            return 0;
        }
        (1..an.words.len().min(30))
            .find(|&k| self.gap_has(an, k, &[',']))
            .unwrap_or(0)
    }

    fn cand_text(&self, an: &Analysis, c: &Cand) -> String {
        self.text[an.words[c.first].start..an.words[c.last].core_end].to_string()
    }

    fn resolve(&self, an: &Analysis, ci: usize, level: &Level<'_>, depth: u32) -> Speaker {
        let c = an.cands[ci];
        let text = self.cand_text(an, &c);
        let pos = an.words[c.first].start;
        match c.kind {
            CandKind::Person(m) => Speaker {
                name: Some(self.people[m].name.clone()),
                attribution: Attribution::Explicit,
                text,
            },
            CandKind::Pronoun(g) => {
                let name = if g.is_some() {
                    self.resolve_pronoun(pos, g, level, depth)
                } else {
                    None
                };
                Speaker {
                    attribution: if name.is_some() {
                        Attribution::Pronoun
                    } else {
                        Attribution::None
                    },
                    name,
                    text,
                }
            }
            CandKind::Role {
                noun,
                affiliation,
                definite,
            } => {
                let name = if definite {
                    self.resolve_role(ROLE_NOUNS[noun], affiliation, pos)
                } else {
                    None
                };
                Speaker {
                    attribution: if name.is_some() {
                        Attribution::Role
                    } else {
                        Attribution::None
                    },
                    name,
                    text,
                }
            }
            CandKind::Group(g) => Speaker {
                name: Some(GROUP_NOUNS[g].to_string()),
                attribution: Attribution::Role,
                text,
            },
        }
    }

    /// "he"/"she" at `pos`: the subject earlier in its sentence, else the subject of the
    /// previous sentence, else the most recent person mentioned outside quotes.
    fn resolve_pronoun(
        &self,
        pos: usize,
        g: Option<Gender>,
        level: &Level<'_>,
        depth: u32,
    ) -> Option<String> {
        if depth > 4 {
            return None;
        }
        let compatible = |name: &str| match (g, self.genders.get(name)) {
            (Some(a), Some(b)) => a == *b,
            _ => true,
        };
        let lo = self.sentence_start_outside_quotes(pos, level);
        let an = self.analyse(lo, pos, level);
        if let Some(ci) = self.sentence_subject(&an, pos, false) {
            let s = self.resolve(&an, ci, level, depth + 1);
            if let Some(n) = s.name.filter(|n| compatible(n)) {
                return Some(n);
            }
        }
        // Previous sentences, passing over those wholly inside quoted passages.
        let mut cur = lo;
        let mut looked = 0;
        for _ in 0..8 {
            let Some((plo, phi)) = self.previous_sentence(cur, level) else {
                break;
            };
            let plo = self.sentence_start_outside_quotes(plo, level).min(plo);
            let an = self.analyse(plo, phi, level);
            if !an.words.is_empty() {
                looked += 1;
                if let Some(ci) = self.sentence_subject(&an, phi, false) {
                    let s = self.resolve(&an, ci, level, depth + 1);
                    if let Some(n) = s
                        .name
                        .filter(|n| compatible(n) && !GROUP_NOUNS.contains(&n.as_str()))
                    {
                        return Some(n);
                    }
                }
            }
            if plo >= cur || looked >= 2 {
                break;
            }
            cur = plo;
        }
        // The most recent person mentioned at this level, outside quoted passages.
        let i = self.people.partition_point(|m| m.start < pos);
        self.people[..i]
            .iter()
            .rev()
            .take(40)
            .filter(|m| m.start >= level.lo && !inside_skip(&level.skips, m.start))
            .find(|m| compatible(&m.name))
            .map(|m| m.name.clone())
    }

    /// "the Russian leader" at `pos`: the person named earlier with that role and
    /// affiliation; else the most recent person of that role whose affiliation does not clash.
    fn resolve_role(
        &self,
        noun: &str,
        affiliation: Option<(usize, usize)>,
        pos: usize,
    ) -> Option<String> {
        let aff = affiliation.map(|(a, b)| country_key(&self.text[a..b]));
        let before = self.people.partition_point(|m| m.start < pos);
        let earlier = &self.people[..before];
        let qualifies = |strict: bool| -> Vec<&str> {
            let mut names: Vec<&str> = Vec::new();
            for m in earlier {
                let role_ok = m.role.as_deref().is_some_and(|r| role_matches(noun, r));
                if !role_ok {
                    continue;
                }
                let m_aff = m.affiliation.as_deref().map(country_key);
                let aff_ok = match (&aff, &m_aff) {
                    (Some(a), Some(b)) => a == b,
                    (Some(_), None) => !strict,
                    (None, _) => true,
                };
                if aff_ok && !names.contains(&m.name.as_str()) {
                    names.push(m.name.as_str());
                }
            }
            names
        };
        let mut names = qualifies(true);
        if names.is_empty() {
            names = qualifies(false);
        }
        // Of several, the one mentioned most recently.
        earlier
            .iter()
            .rev()
            .find(|m| names.contains(&m.name.as_str()))
            .map(|m| m.name.clone())
    }
}

/// Whether `pos` lies inside one of the sorted, non-overlapping skipped passages.
fn inside_skip(skips: &[(usize, usize)], pos: usize) -> bool {
    let i = skips.partition_point(|&(a, _)| a <= pos);
    i > 0 && pos < skips[i - 1].1
}

/// Whether a role noun written in prose fits a title given with a name.
fn role_matches(noun: &str, role: &str) -> bool {
    const HEADS: &[&str] = &[
        "president",
        "leader",
        "prime minister",
        "premier",
        "chancellor",
        "king",
        "queen",
        "supreme leader",
    ];
    let r = role.to_ascii_lowercase();
    let noun = if noun == "advisor" { "adviser" } else { noun };
    r == noun
        || r.ends_with(&format!(" {noun}"))
        || (noun == "leader" && HEADS.iter().any(|h| r == *h))
        || (HEADS.contains(&noun) && r == "leader")
        || (noun.starts_with("spokes") && r.starts_with("spokes"))
}

/// Country names, demonyms and abbreviations that do not share a stem.
const COUNTRY_ALIASES: &[(&str, &[&str])] = &[
    (
        "us",
        &[
            "us",
            "u.s.",
            "u.s",
            "usa",
            "u.s.a.",
            "america",
            "american",
            "united states",
            "washington",
            "white house",
        ],
    ),
    (
        "uk",
        &[
            "uk",
            "u.k.",
            "britain",
            "british",
            "united kingdom",
            "england",
            "english",
            "london",
        ],
    ),
    ("russia", &["kremlin", "moscow"]),
    ("ukraine", &["kyiv", "kiev"]),
    ("china", &["beijing"]),
    ("france", &["french", "paris", "elysee"]),
    ("netherlands", &["dutch"]),
    ("spain", &["spanish"]),
    ("poland", &["polish"]),
    ("ireland", &["irish"]),
    ("switzerland", &["swiss"]),
    ("sweden", &["swedish"]),
    ("finland", &["finnish"]),
    ("denmark", &["danish"]),
    ("scotland", &["scottish"]),
    ("wales", &["welsh"]),
    ("philippines", &["filipino"]),
    ("israel", &["israeli"]),
];

/// A key under which "Russian", "Russia's" and "Kremlin" meet; other demonyms meet
/// their country by sharing all but a short ending ("Ukrainian"/"Ukraine").
fn country_key(s: &str) -> String {
    let l = s.trim().to_lowercase();
    let l = l
        .strip_suffix("'s")
        .or_else(|| l.strip_suffix("’s"))
        .unwrap_or(&l)
        .to_string();
    for (key, forms) in COUNTRY_ALIASES {
        if l == *key || forms.contains(&l.as_str()) {
            return (*key).to_string();
        }
    }
    // Multi-word affiliations ("Russian Foreign Ministry") key on their first word.
    let first = l.split_whitespace().next().unwrap_or("").to_string();
    for (key, forms) in COUNTRY_ALIASES {
        if first == *key || forms.contains(&first.as_str()) {
            return (*key).to_string();
        }
    }
    let stem_len = first.chars().count().saturating_sub(3).max(4);
    first.chars().take(stem_len).collect()
}

/// Whether a quoted passage reads as a name or title: short and in Title Case.
fn is_title_case(inner: &str) -> bool {
    let mut n = 0;
    for (k, w) in inner.split_whitespace().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        n += 1;
        let cap = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        if !cap && (k == 0 || w.chars().count() > 3) {
            return false;
        }
    }
    (1..=6).contains(&n)
}

fn word_count(inner: &str) -> usize {
    inner
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// What the quote's own context says about it before continuations are filled in.
struct Reading {
    is_speech: bool,
    is_partial: bool,
    speaker: Option<Speaker>,
    cue: Option<&'static str>,
    at_sentence_start: bool,
}

/// Finds every quoted passage of `text`, judges whether it is speech and partial, and
/// attributes it to a speaker from the words around it.
pub fn find_quotes(text: &str, sentences: &[SentenceSpan], people: &[Mention]) -> Vec<QuoteDraft> {
    let lines = line_starts(text);
    let spans = find_spans(text, &lines);
    if spans.is_empty() {
        return Vec::new();
    }
    let mut people = people.to_vec();
    people.sort_by_key(|m| (m.start, m.end));
    let genders = genders_of(&people);
    let doc = Doc {
        text,
        sentences,
        people,
        lines,
        genders,
    };

    let top_skips: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| (s.open, s.close_end))
        .collect();
    let mut readings: Vec<Reading> = Vec::with_capacity(spans.len());
    for (qi, q) in spans.iter().enumerate() {
        let level = match q.parent {
            None => Level {
                lo: 0,
                hi: text.len(),
                skips: std::borrow::Cow::Borrowed(&top_skips),
            },
            Some(p) => Level {
                lo: spans[p].start,
                hi: spans[p].end,
                skips: std::borrow::Cow::Owned(
                    spans
                        .iter()
                        .filter(|s| s.parent == Some(p))
                        .map(|s| (s.open, s.close_end))
                        .collect(),
                ),
            },
        };
        let r = read_quote(&doc, &spans, qi, &level, &readings);
        readings.push(r);
    }
    fill_continuations(&doc, &spans, &mut readings);

    spans
        .iter()
        .zip(readings)
        .filter(|(q, _)| !text[q.start..q.end].trim().is_empty())
        .map(|(q, r)| {
            let speaker = r.speaker.filter(|_| r.is_speech);
            let (name, attribution, speaker_text) = match speaker {
                Some(s) => {
                    let a = if s.name.is_some() {
                        s.attribution
                    } else {
                        Attribution::None
                    };
                    (s.name, a, Some(s.text).filter(|t| !t.is_empty()))
                }
                None => (None, Attribution::None, None),
            };
            QuoteDraft {
                start: q.start,
                end: q.end,
                sentence_idx: sentence_index(sentences, q.start),
                is_speech: r.is_speech,
                is_partial: r.is_partial,
                speaker: name,
                speaker_text,
                cue: r.cue.filter(|_| r.is_speech).map(str::to_string),
                attribution,
            }
        })
        .collect()
}

fn genders_of(people: &[Mention]) -> HashMap<String, Gender> {
    let mut g = HashMap::new();
    for m in people {
        let s = m.surface.to_ascii_lowercase();
        let r = m.role.as_deref().unwrap_or("").to_ascii_lowercase();
        let female = ["mrs", "ms", "miss", "dame", "lady"]
            .iter()
            .any(|t| s.starts_with(t) && s[t.len()..].starts_with(['.', ' ']))
            || r.contains("woman")
            || ["queen", "princess", "first lady"].contains(&r.as_str());
        let male = ["mr", "sir", "lord"]
            .iter()
            .any(|t| s.starts_with(t) && s[t.len()..].starts_with(['.', ' ']))
            || (r.ends_with("man") && !r.ends_with("woman"))
            || ["king", "prince", "pope"].contains(&r.as_str());
        if female {
            g.insert(m.name.clone(), Gender::Female);
        } else if male {
            g.insert(m.name.clone(), Gender::Male);
        }
    }
    g
}

fn read_quote(
    doc: &Doc<'_>,
    spans: &[Span],
    qi: usize,
    level: &Level<'_>,
    done: &[Reading],
) -> Reading {
    let text = doc.text;
    let q = spans[qi];
    let inner = &text[q.start..q.end];
    // Siblings: quotes at the same level.
    let prev_sib = (0..qi).rev().find(|&j| spans[j].parent == q.parent);
    let next_sib = (qi + 1..spans.len()).find(|&j| spans[j].parent == q.parent);

    // B: the sentence before the opening mark, from the previous quote of the sentence on.
    let (s_lo, _) = doc.sentence(q.open, level);
    let (p_lo, _) = doc.paragraph(q.open);
    let mut b_lo = s_lo.max(p_lo);
    let same_sentence_prev =
        prev_sib.filter(|&j| spans[j].close_end > b_lo && spans[j].close_end <= q.open);
    if let Some(j) = same_sentence_prev {
        b_lo = spans[j].close_end;
    }
    let b_text = &text[b_lo..q.open];
    let b_trim = b_text.trim();
    let at_sentence_start = b_trim.is_empty();

    // A: after the closing mark, to the sentence's end or the next quote.
    let (_, p_hi) = doc.paragraph(q.close_end.saturating_sub(1).max(q.start));
    let close_probe = q.end.min(text.len());
    let (_, mut s_hi) = doc.sentence(close_probe, level);
    if s_hi <= q.close_end {
        // The sentence ended at the closing mark; a lower-case word after it continues
        // it, and so does a dash naming the speaker ("” — Olaf Brandt").
        let rest = &text[q.close_end..p_hi.max(q.close_end)];
        let t = rest.trim_start_matches([' ', ',']);
        if t.chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || matches!(c, '—' | '–' | '―'))
        {
            let (_, h) = doc.sentence(q.close_end + (rest.len() - t.len()), level);
            s_hi = h;
        }
    }
    let mut a_hi = s_hi
        .min(p_hi.max(q.close_end))
        .min(level.hi)
        .max(q.close_end);
    if let Some(n) = next_sib {
        a_hi = a_hi.min(spans[n].open.max(q.close_end));
    }

    let sentence_an = doc.analyse(s_lo.max(p_lo), a_hi.max(q.close_end), level);
    let open_w = sentence_an.words.partition_point(|w| w.start < q.open);
    let b_first_w = sentence_an.words.partition_point(|w| w.start < b_lo);

    // Naming cues right before the mark.
    let naming = naming_cue_before(text, b_text);
    let title = is_title_case(inner);
    let b_cue = (b_first_w..open_w)
        .rev()
        .find_map(|k| cue_of(sentence_an.words[k].core(text)).map(|c| (k, c)));
    let after = after_pattern(doc, &sentence_an, q.close_end, a_hi, level);
    let prev_non_speech_joined = same_sentence_prev.is_some_and(|j| {
        !done[j].is_speech
            && matches!(
                b_trim,
                "and" | "or" | "," | "and the" | "or the" | "/" | "&" | ""
            )
    });
    let sentence_has_cue = sentence_an
        .words
        .iter()
        .any(|w| cue_of(w.core(text)).is_some());

    let non_speech = match naming {
        Some(true) => word_count(inner) <= 12,
        Some(false) => title,
        None => {
            // "told "Today."": a title in the listener's place names a programme or outlet.
            let last_b = b_text
                .split_whitespace()
                .next_back()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
            let told_title =
                title && last_b.is_some_and(|w| cue_of(w).is_some_and(|(l, _)| l == "tell"));
            let last_b_is_cue = b_text
                .split_whitespace()
                .next_back()
                .is_some_and(|w| cue_of(w.trim_matches(|c: char| !c.is_alphanumeric())).is_some());
            prev_non_speech_joined
                || told_title
                || (title && b_cue.is_none() && after.is_none() && !at_sentence_start_of_paragraph(text, q.open))
                // A title inside the reporter's clause ("on NBC's "Today" show").
                || (title && after.is_none() && !at_sentence_start && !last_b_is_cue && !b_trim.ends_with([',', ':', '—', '–']))
                || (word_count(inner) <= 2
                    && inner.trim_start().chars().next().is_some_and(char::is_lowercase)
                    && !sentence_has_cue
                    && after.is_none())
        }
    };
    if non_speech {
        return Reading {
            is_speech: false,
            is_partial: false,
            speaker: None,
            cue: None,
            at_sentence_start,
        };
    }

    let is_partial =
        !at_sentence_start && !b_trim.ends_with([',', ':', '—', '–', '-', ';', '(', '|']);

    if let Some((sp, cue)) = after {
        return Reading {
            is_speech: true,
            is_partial,
            speaker: Some(sp),
            cue,
            at_sentence_start,
        };
    }
    // Before the quote: the rightmost cue and its subject.
    if let Some((v, (lemma, noun))) = b_cue {
        let subj = doc.subject_before(&sentence_an, v, noun);
        let speaker = match subj {
            Some(ci) => Some(doc.resolve(&sentence_an, ci, level, 0)),
            None => clause_subject(
                doc,
                &sentence_an,
                same_sentence_prev.or(prev_in_sentence(spans, qi, s_lo)),
                done,
                level,
                q.open,
            ),
        };
        return Reading {
            is_speech: true,
            is_partial,
            speaker,
            cue: Some(lemma),
            at_sentence_start,
        };
    }
    // No cue of its own: a quote later in the same sentence shares the earlier one's speaker.
    if let Some(j) = same_sentence_prev.or(prev_in_sentence(spans, qi, s_lo))
        && done[j].is_speech
        && done[j].speaker.is_some()
        && !at_sentence_start
    {
        return Reading {
            is_speech: true,
            is_partial,
            speaker: done[j].speaker.clone(),
            cue: done[j].cue,
            at_sentence_start,
        };
    }
    // A colon ending the previous paragraph introduces a quote that opens a paragraph.
    if at_sentence_start && text[p_lo..q.open].trim().is_empty() {
        let before = text[level.lo..p_lo].trim_end();
        if before.ends_with(':') && !before.is_empty() {
            let colon = level.lo + before.len() - 1;
            let (clo, chi) = doc.sentence(colon, level);
            let an = doc.analyse(clo, chi, level);
            let cue = an
                .words
                .iter()
                .enumerate()
                .rev()
                .find_map(|(k, w)| cue_of(w.core(text)).map(|c| (k, c)));
            let subj = match cue {
                Some((v, (_, noun))) => doc
                    .subject_before(&an, v, noun)
                    .or_else(|| doc.sentence_subject(&an, chi, false)),
                None => doc.sentence_subject(&an, chi, false),
            };
            if let Some(ci) = subj {
                let sp = doc.resolve(&an, ci, level, 0);
                return Reading {
                    is_speech: true,
                    is_partial: false,
                    speaker: Some(sp),
                    cue: cue.map(|(_, (l, _))| l),
                    at_sentence_start,
                };
            }
        }
    }
    // A fragment with no cue: the subject of its sentence.
    if is_partial && let Some(ci) = doc.sentence_subject(&sentence_an, q.open, true) {
        let sp = doc.resolve(&sentence_an, ci, level, 0);
        return Reading {
            is_speech: true,
            is_partial,
            speaker: Some(sp),
            cue: None,
            at_sentence_start,
        };
    }
    Reading {
        is_speech: true,
        is_partial,
        speaker: None,
        cue: None,
        at_sentence_start,
    }
}

fn at_sentence_start_of_paragraph(text: &str, open: usize) -> bool {
    let ls = text[..open].rfind('\n').map_or(0, |n| n + 1);
    text[ls..open].trim().is_empty()
}

/// The previous quote at the same level whose closing mark lies in the same sentence.
fn prev_in_sentence(spans: &[Span], qi: usize, s_lo: usize) -> Option<usize> {
    let q = spans[qi];
    (0..qi).rev().find(|&j| {
        spans[j].parent == q.parent && spans[j].close_end > s_lo && spans[j].close_end <= q.open
    })
}

/// Subject of a clause whose verb has none of its own ("..., adding: “...”", "and saying
/// “...”"): the speaker of the sentence's earlier quote, else the sentence's subject.
fn clause_subject(
    doc: &Doc<'_>,
    an: &Analysis,
    prev: Option<usize>,
    done: &[Reading],
    level: &Level<'_>,
    open: usize,
) -> Option<Speaker> {
    if let Some(j) = prev
        && let Some(sp) = done[j].speaker.clone().filter(|_| done[j].is_speech)
    {
        return Some(sp);
    }
    let ci = doc
        .sentence_subject(an, open, false)
        .or_else(|| doc.sentence_subject(an, open, true))?;
    Some(doc.resolve(an, ci, level, 0))
}

/// Whether the words right before an opening mark are a naming cue: Some(true) for a
/// strong cue ("known as"), Some(false) for a weak one ("called").
fn naming_cue_before(text: &str, b: &str) -> Option<bool> {
    let _ = text;
    let tail = b.trim_end().trim_end_matches([',', ':']).trim_end();
    let mut ws: Vec<&str> = tail.rsplit(char::is_whitespace).take(3).collect();
    ws.reverse();
    let lower: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
    for n in (1..=lower.len()).rev() {
        let phrase = lower[lower.len() - n..].join(" ");
        if NAMING_CUES.contains(&phrase.as_str()) {
            return Some(true);
        }
        if WEAK_NAMING_CUES.contains(&phrase.as_str()) {
            return Some(false);
        }
    }
    None
}

/// After the closing mark: "he said", "Trump told reporters", "said the senator",
/// "Hugh Hill, a doctor, said", or a dash line naming the speaker.
fn after_pattern(
    doc: &Doc<'_>,
    an: &Analysis,
    close_end: usize,
    a_hi: usize,
    level: &Level<'_>,
) -> Option<(Speaker, Option<&'static str>)> {
    let text = doc.text;
    let w0 = an.words.partition_point(|w| w.start < close_end);
    let first = an.words.get(w0).filter(|w| w.start < a_hi)?;
    let lead = &text[close_end..first.start];
    if lead.contains(['.', '?', '!', '\n', '(', ';'])
        || an.barrier[w0] && w0 > 0 && an.words[w0 - 1].end > close_end
    {
        return None;
    }
    let dashed = lead.contains(['—', '–', '-', '―']);
    // A full stop inside the marks ends the sentence, and when the words after the mark
    // run on to a further quote (“… an understanding.” Trump stressed, “…”) they
    // introduce that quote, not this one. Without a further quote, a full stop where a
    // comma belongs ("….” Durbin said.) is a slip the attribution survives.
    let ends_sentence = text[..close_end]
        .trim_end_matches(['”', '"', '’', '\'', '»'])
        .ends_with('.');
    let introduces_next_quote = text[a_hi..].starts_with(['“', '"', '‘', '«'])
        && !text[close_end..a_hi].contains(['.', '?', '!', '\n']);
    if ends_sentence && !dashed && introduces_next_quote {
        return None;
    }
    let in_a = |k: usize| k < an.words.len() && an.words[k].start < a_hi;
    // Candidate first, possibly after its designation words.
    if let Some(ci) = an.cands.iter().position(|c| {
        c.first >= w0
            && c.first <= w0 + 4
            && (w0..c.first).all(|k| {
                let w = an.words[k].core(text);
                w.chars().next().is_some_and(char::is_uppercase)
                    || lower_in(w, ROLE_NOUNS)
                    || lower_in(w, ROLE_MODIFIERS)
            })
    }) {
        let c = an.cands[ci];
        if c.first == w0 || matches!(c.kind, CandKind::Person(_)) {
            if dashed && matches!(c.kind, CandKind::Person(_)) {
                return Some((doc.resolve(an, ci, level, 0), None));
            }
            // Past adverbs and an apposition to the verb.
            let mut k = c.last + 1;
            let mut hops = 0;
            while in_a(k) && hops < 20 {
                let w = an.words[k].core(text);
                if doc.gap_has(an, k, &[',']) && k > c.last + 1 {
                    // End of an apposition: the verb must follow.
                } else if doc.gap_has(an, k, &[',']) {
                    // Start of an apposition ("Hugh Hill, a doctor, said"): skip to its end.
                    let end =
                        (k + 1..(k + 15).min(an.words.len())).find(|&j| doc.gap_has(an, j, &[',']));
                    match end {
                        Some(j) if in_a(j) => {
                            k = j;
                            hops += 1;
                            continue;
                        }
                        _ => break,
                    }
                }
                if let Some((lemma, false)) = cue_of(w) {
                    return Some((doc.resolve(an, ci, level, 0), Some(lemma)));
                }
                if !is_glue(w) {
                    break;
                }
                k += 1;
                hops += 1;
            }
        }
    }
    // Verb first: "said Trump", "added the senator".
    let mut k = w0;
    while in_a(k) && is_glue(an.words[k].core(text)) && k < w0 + 2 {
        k += 1;
    }
    if in_a(k)
        && let Some((lemma, false)) = cue_of(an.words[k].core(text))
        && let Some(ci) = an.cands.iter().position(|c| {
            c.first > k
                && c.first <= k + 4
                && in_a(c.first)
                && (k + 1..c.first).all(|j| {
                    let w = an.words[j].core(text);
                    w.chars().next().is_some_and(char::is_uppercase)
                        || lower_in(w, ROLE_NOUNS)
                        || lower_in(w, ROLE_MODIFIERS)
                        || lower_in(w, DETERMINERS)
                })
        })
        && !doc.gap_has(an, an.cands[ci].first, &[',', ':'])
    {
        let c = an.cands[ci];
        if !matches!(c.kind, CandKind::Pronoun(None)) {
            return Some((doc.resolve(an, ci, level, 0), Some(lemma)));
        }
    }
    None
}

/// Second pass: quotes with no cue of their own take the speaker of an adjacent quote
/// (the previous one in the same or the previous paragraph, or the next one right after).
fn fill_continuations(doc: &Doc<'_>, spans: &[Span], readings: &mut [Reading]) {
    let text = doc.text;
    for qi in 0..spans.len() {
        let r = &readings[qi];
        if !r.is_speech
            || r.speaker.as_ref().is_some_and(|s| s.name.is_some())
            || !r.at_sentence_start
        {
            continue;
        }
        let q = spans[qi];
        // The next quote of the same paragraph, with only white space between.
        if let Some(n) = (qi + 1..spans.len()).find(|&j| spans[j].parent == q.parent)
            && text[q.close_end..spans[n].open].trim().is_empty()
            && let Some(sp) = readings[n]
                .speaker
                .clone()
                .filter(|s| s.name.is_some() && s.attribution != Attribution::Continuation)
        {
            readings[qi].speaker = Some(Speaker {
                attribution: Attribution::Continuation,
                text: String::new(),
                ..sp
            });
            continue;
        }
        let Some(p) = (0..qi).rev().find(|&j| spans[j].parent == q.parent) else {
            continue;
        };
        let (this_para, _) = doc.paragraph(q.open);
        let (prev_para, _) = doc.paragraph(spans[p].end.saturating_sub(1).max(spans[p].start));
        let near = prev_para == this_para || {
            // The previous non-blank paragraph.
            let before = text[..this_para].trim_end();
            let (pp, _) = doc.paragraph(before.len().saturating_sub(1));
            pp == prev_para || spans[p].end >= pp
        };
        if near
            && readings[p].is_speech
            && let Some(sp) = readings[p].speaker.clone().filter(|s| s.name.is_some())
        {
            readings[qi].speaker = Some(Speaker {
                attribution: Attribution::Continuation,
                text: String::new(),
                ..sp
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::people::find_people;
    use crate::text::segment::split_sentences;

    /// (text, speaker, attribution, is_speech, is_partial, cue)
    type Row = (
        String,
        Option<String>,
        &'static str,
        bool,
        bool,
        Option<String>,
    );

    fn quotes_of(text: &str) -> Vec<Row> {
        let sentences = split_sentences(text);
        let people = find_people(text, &sentences);
        find_quotes(text, &sentences, &people)
            .into_iter()
            .map(|q| {
                (
                    text[q.start..q.end].to_string(),
                    q.speaker,
                    q.attribution.as_str(),
                    q.is_speech,
                    q.is_partial,
                    q.cue,
                )
            })
            .collect()
    }

    /// Hard-wrapped text: a quote and its attribution wrapped mid-sentence are
    /// read as in one paragraph; a heading's break still ends one.
    #[test]
    fn a_quote_wrapped_mid_sentence_is_one_quote() {
        let text = "Talks resume in Geneva\n\nForeign Minister Anna Berg said the talks would \u{201c}go on as long as\nthey must,\u{201d} and added that she\nexpected no deal before Friday.";
        let qs = quotes_of(text);
        assert_eq!(qs.len(), 1, "{qs:?}");
        assert_eq!(qs[0].0, "go on as long as\nthey must,");
        assert_eq!(qs[0].1.as_deref(), Some("Anna Berg"));
        // Over a blank line, as web extracts leave them.
        let qs =
            quotes_of("\u{201c}We will go on\n\nfor as long as it takes,\u{201d} said Anna Berg.");
        assert_eq!(qs.len(), 1, "{qs:?}");
        assert_eq!(qs[0].0, "We will go on\n\nfor as long as it takes,");
        assert_eq!(qs[0].1.as_deref(), Some("Anna Berg"));
    }

    fn speaker_of(qs: &[Row], starts: &str) -> (Option<String>, &'static str) {
        let q = qs
            .iter()
            .find(|q| q.0.starts_with(starts))
            .unwrap_or_else(|| panic!("no quote {starts:?} in {qs:?}"));
        (q.1.clone(), q.2)
    }

    const INVENTED: &str = "German Chancellor Olaf Brandt met Canadian Prime Minister Claire Dubois in Ottawa on Tuesday. \
Brandt said the talks were \u{201c}frank and useful,\u{201d} but gave no details. \u{201c}We will keep talking,\u{201d} he told reporters.\n\
Dubois struck a cautious tone. She warned that the tariffs would \u{201c}hurt workers on both sides of the Atlantic.\u{201d} \
\u{201c}Nobody wins a trade war,\u{201d} the Canadian prime minister added.\n\
Hugh Hill, a doctor, said: \u{201c}The clinics are full.\u{201d}\n\
\u{201c}We have waited long enough,\u{201d} said Sen. Maria Lopez. The senator later added, \u{201c}It is time.\u{201d}\n\
Brandt responded:\n\
\u{201c}Germany is ready to help.\n\
\u{201c}But we need partners.\u{201d}\n\
\u{201c}Trade must stay open.\u{201d}\n\
\u{201c}Markets reward patience.\u{201d} \u{2014} Olaf Brandt\n\
The two leaders rode in a motorcade known as \u{201c}The Convoy\u{201d} to a hall with a banner reading \"Partners in Trade.\"\n";

    #[test]
    fn a_full_stop_inside_the_marks_leaves_the_next_attribution_to_the_next_quote() {
        let text = "Mayor Ana Ruiz met Governor Tom Hale on Monday. Hale said nothing had been agreed, \
despite Ruiz claiming the two had reached \u{201c}a framework.\u{201d} Hale stressed, \u{201c}There is no plan yet,\u{201d} \
and left.\n\u{201c}We offered them a meeting.\u{201d} Ruiz said. \u{201c}They said no.\u{201d}\n";
        let qs = quotes_of(text);
        assert_eq!(
            speaker_of(&qs, "a framework"),
            (Some("Ana Ruiz".into()), "explicit")
        );
        assert_eq!(
            speaker_of(&qs, "There is no plan"),
            (Some("Tom Hale".into()), "explicit")
        );
        // A full stop where the comma belongs, with no further quote in the sentence.
        assert_eq!(
            speaker_of(&qs, "We offered"),
            (Some("Ana Ruiz".into()), "explicit")
        );
    }

    #[test]
    fn invented_article_speakers_and_kinds() {
        let qs = quotes_of(INVENTED);
        assert_eq!(
            speaker_of(&qs, "frank and useful"),
            (Some("Olaf Brandt".into()), "explicit")
        );
        assert!(
            qs.iter()
                .find(|q| q.0.starts_with("frank"))
                .is_some_and(|q| q.4),
            "fragment is partial"
        );
        assert_eq!(
            speaker_of(&qs, "We will keep"),
            (Some("Olaf Brandt".into()), "pronoun")
        );
        assert_eq!(
            speaker_of(&qs, "hurt workers"),
            (Some("Claire Dubois".into()), "pronoun")
        );
        assert_eq!(
            speaker_of(&qs, "Nobody wins"),
            (Some("Claire Dubois".into()), "role")
        );
        assert_eq!(
            speaker_of(&qs, "The clinics"),
            (Some("Hugh Hill".into()), "explicit")
        );
        assert_eq!(
            speaker_of(&qs, "We have waited"),
            (Some("Maria Lopez".into()), "explicit")
        );
        assert_eq!(
            speaker_of(&qs, "It is time"),
            (Some("Maria Lopez".into()), "role")
        );
        // A quote running over two paragraphs after a colon introduction.
        let multi = qs
            .iter()
            .find(|q| q.0.starts_with("Germany is ready"))
            .expect("multi-paragraph quote");
        assert!(multi.0.ends_with("we need partners."), "{multi:?}");
        assert_eq!(
            (multi.1.clone(), multi.2),
            (Some("Olaf Brandt".into()), "explicit")
        );
        assert_eq!(
            speaker_of(&qs, "Trade must"),
            (Some("Olaf Brandt".into()), "continuation")
        );
        assert_eq!(
            speaker_of(&qs, "Markets reward"),
            (Some("Olaf Brandt".into()), "explicit")
        );
        for name in ["The Convoy", "Partners in Trade."] {
            let q = qs.iter().find(|q| q.0 == name).expect(name);
            assert!(!q.3 && q.1.is_none(), "{q:?}");
        }
    }

    #[test]
    fn apposition_and_inverted_verbs() {
        let text = "\"The river is rising fast,\" said Anna Berg, a hydrologist at the institute.\n\
Mayor Tom Reed, who toured the area, said, \"We are evacuating the lower town.\"\n";
        let qs = quotes_of(text);
        assert_eq!(
            speaker_of(&qs, "The river"),
            (Some("Anna Berg".into()), "explicit")
        );
        assert_eq!(
            speaker_of(&qs, "We are evacuating"),
            (Some("Tom Reed".into()), "explicit")
        );
    }

    #[test]
    fn nested_single_quotes_and_apostrophes() {
        let text = "\u{201c}He told me \u{2018}we\u{2019}re not leaving\u{2019} and I believed him,\u{201d} said Jo Park. It\u{2019}s the U.S. view.\n";
        let sentences = split_sentences(text);
        let people = find_people(text, &sentences);
        let qs = find_quotes(text, &sentences, &people);
        let texts: Vec<&str> = qs.iter().map(|q| &text[q.start..q.end]).collect();
        assert_eq!(
            texts,
            vec![
                "He told me \u{2018}we\u{2019}re not leaving\u{2019} and I believed him,",
                "we\u{2019}re not leaving"
            ]
        );
        assert_eq!(qs[0].speaker.as_deref(), Some("Jo Park"));
    }

    #[test]
    fn unclosed_mark_stays_in_its_paragraph() {
        let text = "Officials said the plan was \"still under review.\nThe next paragraph has \"its own quote\" here.\n";
        let qs = find_quotes(text, &split_sentences(text), &[]);
        assert_eq!(qs.len(), 2);
        assert_eq!(&text[qs[0].start..qs[0].end], "still under review.");
        assert_eq!(&text[qs[1].start..qs[1].end], "its own quote");
    }

    #[test]
    fn scare_quotes_and_descriptions() {
        let text = "The so-called \u{201c}peace dividend\u{201d} never came. Lee Chan described the deal as \u{201c}historic\u{201d} on Monday.\n";
        let qs = quotes_of(text);
        assert!(!qs[0].3, "{qs:?}");
        assert_eq!(
            (qs[1].1.as_deref(), qs[1].3, qs[1].4),
            (Some("Lee Chan"), true, true)
        );
        assert_eq!(qs[1].5.as_deref(), Some("describe"));
    }

    #[test]
    fn works_without_sentence_spans() {
        let text = "\u{201c}No comment,\u{201d} Kremlin spokesman Dmitry Ivanov told Interfax.\n";
        let people = find_people(text, &[]);
        let qs = find_quotes(text, &[], &people);
        assert_eq!(qs[0].speaker.as_deref(), Some("Dmitry Ivanov"));
        assert_eq!(qs[0].cue.as_deref(), Some("tell"));
        assert_eq!(qs[0].sentence_idx, 0);
    }

    #[test]
    fn attribution_names() {
        assert_eq!(Attribution::Continuation.as_str(), "continuation");
        assert_eq!(Attribution::None.as_str(), "none");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,200}", t in "[ a-zA-Z.,:\"\u{201c}\u{201d}\u{2018}\u{2019}'\n\u{2014}-]{0,200}") {
            for text in [s.as_str(), t.as_str()] {
                let sentences = split_sentences(text);
                let people = find_people(text, &sentences);
                for m in &people {
                    proptest::prop_assert!(m.start <= m.end && m.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                }
                let qs = find_quotes(text, &sentences, &people);
                let mut last = 0;
                for q in &qs {
                    proptest::prop_assert!(q.start <= q.end && q.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
                    proptest::prop_assert!(q.start >= last || q.start > 0);
                    last = q.start;
                }
                // Also with no sentence spans at all.
                let _ = find_quotes(text, &[], &people);
            }
        }
    }
}

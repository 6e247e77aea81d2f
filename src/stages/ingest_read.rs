//! The reading half of the ingest stage: walk the inputs, read each file format
//! (`.txt`/`.md`, `.jsonl`/`.ndjson`, `.csv`, each optionally `.gz`), detect and
//! decode the text encoding, normalise the text and return documents plus rejects.
//!
//! It is kept apart from the stage shell (which writes the `documents` and `rejects`
//! tables) so that every decision about what an input *is* can be unit-tested on
//! temp dirs without Arrow or Parquet. Its contract, step by step:
//!
//! 1. Resolve every input before reading any file: a missing path or an unreadable
//!    folder is fatal ([`ReadError`]); a folder is walked recursively in sorted
//!    order (byte order of names, depth first), skipping hidden entries (`.x`),
//!    files with unknown extensions and `sources.csv`. A file named explicitly is
//!    read even with an unknown extension, as text.
//! 2. Name each file: `doc_id` of a text file is its stem (`x` for `x.txt.gz`).
//!    When one walked folder holds the same stem in several subfolders
//!    (`business/001.txt`, `sport/001.txt`) all of them are named by their path
//!    relative to that folder without extension (`business/001`), so corpora laid
//!    out by topic do not lose documents to duplicate rejects.
//! 3. Read one file at a time: gunzip, reject binary content (NUL in the first
//!    8 KiB, unless it is UTF-16), decode (BOM, else valid UTF-8, else chardetng's
//!    guess, hinted towards Western encodings) and normalise ([`normalise_text`]: BOM stripped, `\n` line endings,
//!    NFC, trailing white space trimmed — nothing else, since offsets into this
//!    text are the contract of every later table).
//! 4. Record files are decoded as a whole, then split into records: one document
//!    per JSON line or CSV row. A record without `id` gets `<name>:<line>`, where
//!    name is the file's stem named as in step 2 (`feed:12` for `feed.jsonl.gz`).
//! 5. Metadata: a record's own fields win, then the row for the file in a
//!    `sources.csv` beside it, then the defaults (`source` = doc_id, `event` = the
//!    run's default event).
//! 6. Anything unusable becomes a [`Reject`] (path, 1-based line for records,
//!    reason) and the other documents go on; a later document whose doc_id was
//!    already taken is rejected with a reason naming where the first one came from.
//!    Identical texts under different doc_ids are kept: `content_hash` finds them.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// How many leading bytes are searched for NUL to tell binary files from text.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Top-level domain hinted to chardetng. parallax reads English news; without a
/// Western hint a lone legacy byte such as 0xA3 ("£15.8m") is guessed windows-1250
/// ("Ł15.8m"). Cyrillic, Greek and CJK texts are still detected as such; only
/// Central European single-byte texts lose out to windows-1252.
const DETECTION_TLD: &[u8] = b"uk";

/// Bytes of a file that is not UTF-8 shown to the encoding detector.
const DETECTION_SAMPLE_BYTES: usize = 1024 * 1024;

/// The file name of the metadata table beside text files; never a document.
const SOURCES_FILE: &str = "sources.csv";

/// Extensions (lower case, after any `.gz`) and the format each one is read as.
const FORMAT_BY_EXTENSION: &[(&str, Format)] = &[
    ("txt", Format::Text),
    ("md", Format::Text),
    ("jsonl", Format::JsonLines),
    ("ndjson", Format::JsonLines),
    ("csv", Format::Csv),
];

/// Where the fields of a JSONL/CSV record are found (pipeline file `[ingest.fields]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldNames {
    /// Field holding the document id; a string or a number.
    pub id: String,
    /// Field holding the outlet name.
    pub source: String,
    /// Fields holding the event, tried in order; the first non-empty one wins.
    /// `event_id` comes first: where a data set has both (BASIL), `event` is each
    /// outlet's own headline for the story and would split one event into several.
    #[serde(deserialize_with = "one_or_many")]
    pub event: Vec<String>,
    /// Field holding the headline.
    pub title: String,
    /// Field holding the article's address.
    pub url: String,
    /// Field holding the publication date, kept as written.
    pub published: String,
    /// Field holding the article text; a record without it is rejected.
    pub text: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        Self {
            id: "id".to_owned(),
            source: "source".to_owned(),
            event: vec!["event_id".to_owned(), "event".to_owned()],
            title: "title".to_owned(),
            url: "url".to_owned(),
            published: "published".to_owned(),
            text: "text".to_owned(),
        }
    }
}

/// Lets the pipeline file say `event = "story"` as well as `event = ["story", "event_id"]`.
fn one_or_many<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(de)? {
        OneOrMany::One(name) => vec![name],
        OneOrMany::Many(names) => names,
    })
}

/// A document as ingested: one row of the `documents` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// File stem (or path relative to the walked folder), or the record's id.
    pub doc_id: String,
    /// The outlet: from the record or `sources.csv`, else the doc_id.
    pub source: String,
    /// The story covered: from the record or `sources.csv`, else the run's default.
    pub event: String,
    /// The file the document was read from, as reached from the input path.
    pub path: String,
    /// Headline, when the metadata has one.
    pub title: Option<String>,
    /// Address of the article, when the metadata has one.
    pub url: Option<String>,
    /// Publication date as written in the metadata.
    pub published: Option<String>,
    /// The decoded, normalised text; every later offset points into it.
    pub text: String,
    /// Length of `text` in Unicode scalar values.
    pub n_chars: u64,
    /// Hex SHA-256 of `text`'s UTF-8 bytes.
    pub content_hash: String,
    /// Encoding the bytes were decoded from, as encoding_rs names it ("UTF-8", "windows-1252").
    pub encoding: String,
}

/// Input that could not be used: one row of the `rejects` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// The file the input came from.
    pub path: String,
    /// 1-based line of the record in a JSONL/CSV file, or of the row in `sources.csv`.
    pub line: Option<u64>,
    /// Why it was not used, in words a user can act on.
    pub reason: String,
}

/// A fatal problem with the inputs: the run cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An input path that does not exist.
    #[error("input {path} does not exist; pass an existing file or folder with --input")]
    InputMissing {
        /// The path as given.
        path: String,
    },
    /// An input (or a folder below it) that exists but cannot be listed or examined.
    #[error(
        "cannot read folder {path}: {source}; check its permissions or leave it out of --input"
    )]
    UnreadableFolder {
        /// The folder that could not be read.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// An input whose file type cannot even be examined.
    #[error(
        "cannot examine input {path}: {source}; check its permissions or leave it out of --input"
    )]
    UnreadableInput {
        /// The path as given.
        path: String,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// A sensible `default_event` for [`read_inputs`]: the name of the single input
/// (folder name, or file stem), else "default" — all documents of a run are one event.
pub fn default_event(inputs: &[PathBuf]) -> String {
    match inputs {
        [single] => single
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .filter(|stem| !stem.is_empty() && stem != "." && stem != "..")
            .unwrap_or_else(|| "default".to_owned()),
        _ => "default".to_owned(),
    }
}

/// Reads every input (files, or folders walked recursively in sorted order) into
/// documents and rejects, in input order.
///
/// `default_event` is the event of every document whose record and `sources.csv`
/// name none; the caller chooses it once per run ([`default_event`] proposes the
/// input folder's name), so that such documents form one event as DESIGN.md says.
/// Only a missing input or an unreadable folder is an error; all inputs are
/// resolved before any file is read, so an error leaves no partial work behind.
pub fn read_inputs(
    inputs: &[PathBuf],
    fields: &FieldNames,
    default_event: &str,
) -> Result<(Vec<Document>, Vec<Reject>), ReadError> {
    read_inputs_within(inputs, fields, default_event, MAX_DOCUMENT_BYTES)
}

/// The most text a document may hold, in bytes of UTF-8. A news article is
/// a few KiB; a document of many MiB is a whole archive or a file read as
/// the wrong format, and one of several hundred MiB would make a single
/// row of the tokens table's columns pass what an Arrow record batch holds.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// As `read_inputs`, rejecting documents of more than `max_document_bytes`.
fn read_inputs_within(
    inputs: &[PathBuf],
    fields: &FieldNames,
    default_event: &str,
    max_document_bytes: usize,
) -> Result<(Vec<Document>, Vec<Reject>), ReadError> {
    let mut files = Vec::new();
    for input in inputs {
        files.extend(resolve_input(input)?);
    }
    let mut intake = Intake {
        fields,
        default_event,
        max_document_bytes,
        documents: Vec::new(),
        rejects: Vec::new(),
        first_seen: HashMap::new(),
        sources_by_folder: HashMap::new(),
    };
    for file in &files {
        intake.read_file(file);
    }
    Ok((intake.documents, intake.rejects))
}

/// Decodes, normalises and hashes one text held in memory (`parallax inspect`).
pub fn document_from_text(doc_id: &str, event: &str, text: &str) -> Document {
    let text = normalise_text(text);
    Document {
        doc_id: doc_id.to_owned(),
        source: doc_id.to_owned(),
        event: event.to_owned(),
        path: String::new(),
        title: None,
        url: None,
        published: None,
        n_chars: text.chars().count() as u64,
        content_hash: content_hash(&text),
        encoding: "UTF-8".to_owned(),
        text,
    }
}

/// Normalises decoded text: strips leading BOMs, turns `\r\n` and lone `\r` into
/// `\n`, composes to NFC and trims white space at the end; nothing else changes.
pub fn normalise_text(raw: &str) -> String {
    let without_bom = raw.trim_start_matches('\u{FEFF}');
    let mut unix = String::with_capacity(without_bom.len());
    let mut chars = without_bom.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            unix.push('\n');
        } else {
            unix.push(c);
        }
    }
    let mut composed = if is_nfc(&unix) {
        unix
    } else {
        unix.nfc().collect()
    };
    // White space never composes with what precedes it, so this cut keeps NFC.
    let kept = composed.trim_end().len();
    composed.truncate(kept);
    composed
}

/// Hex SHA-256 of a text's UTF-8 bytes: the `content_hash` column.
pub fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// How the bytes of a file are turned into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// The whole file is one document.
    Text,
    /// One JSON object per line.
    JsonLines,
    /// A header row, then one document per row.
    Csv,
}

/// A file to read, with the name its documents are known by.
#[derive(Debug)]
struct InputFile {
    path: PathBuf,
    format: Format,
    gzipped: bool,
    /// doc_id of a text file; prefix of `<name>:<line>` for records without id.
    name: String,
}

/// What a file name says about a file: its format (if known), gzip and stem.
struct FileKind {
    format: Option<Format>,
    gzipped: bool,
    stem: String,
}

fn file_kind(file_name: &str) -> FileKind {
    let gzipped = file_name.to_ascii_lowercase().ends_with(".gz") && file_name.len() > 3;
    // ".gz" is ASCII, so cutting three bytes stays on a char boundary.
    let base = if gzipped {
        &file_name[..file_name.len() - 3]
    } else {
        file_name
    };
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (base, ""),
    };
    let format = FORMAT_BY_EXTENSION
        .iter()
        .find(|(known, _)| extension.eq_ignore_ascii_case(known))
        .map(|&(_, format)| format);
    FileKind {
        format,
        gzipped,
        stem: stem.to_owned(),
    }
}

fn is_sources_file(file_name: &str) -> bool {
    file_name == SOURCES_FILE
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Turns one input path into the files to read, walking folders.
fn resolve_input(input: &Path) -> Result<Vec<InputFile>, ReadError> {
    let meta = match fs::metadata(input) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(ReadError::InputMissing {
                path: display(input),
            });
        }
        Err(source) => {
            return Err(ReadError::UnreadableInput {
                path: display(input),
                source,
            });
        }
    };
    if !meta.is_dir() {
        let file_name = input
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_sources_file(&file_name) {
            // Metadata, applied to the files beside it; never a document.
            return Ok(Vec::new());
        }
        let kind = file_kind(&file_name);
        return Ok(vec![InputFile {
            path: input.to_path_buf(),
            format: kind.format.unwrap_or(Format::Text),
            gzipped: kind.gzipped,
            name: kind.stem,
        }]);
    }

    let mut found = Vec::new();
    let mut visited = HashSet::new();
    walk_folder(input, &[], &mut found, &mut visited)?;

    let mut stem_count: HashMap<&str, usize> = HashMap::new();
    for (_, _, kind) in &found {
        *stem_count.entry(kind.stem.as_str()).or_default() += 1;
    }
    let colliding: HashSet<String> = stem_count
        .into_iter()
        .filter(|&(_, count)| count > 1)
        .map(|(stem, _)| stem.to_owned())
        .collect();
    Ok(found
        .into_iter()
        .map(|(path, folders, kind)| {
            let name = if colliding.contains(&kind.stem) {
                let mut parts = folders;
                parts.push(kind.stem.clone());
                parts.join("/")
            } else {
                kind.stem.clone()
            };
            InputFile {
                path,
                format: kind.format.unwrap_or(Format::Text),
                gzipped: kind.gzipped,
                name,
            }
        })
        .collect())
}

/// Collects the readable files below `folder` in sorted, depth-first order, with
/// the folder names leading to each (relative to the walked input).
fn walk_folder(
    folder: &Path,
    folders: &[String],
    found: &mut Vec<(PathBuf, Vec<String>, FileKind)>,
    visited: &mut HashSet<PathBuf>,
) -> Result<(), ReadError> {
    let unreadable = |source| ReadError::UnreadableFolder {
        path: display(folder),
        source,
    };
    // A symlink back up the tree would otherwise be walked forever.
    let canonical = fs::canonicalize(folder).map_err(unreadable)?;
    if !visited.insert(canonical) {
        return Ok(());
    }
    let mut entries = fs::read_dir(folder)
        .map_err(unreadable)?
        .map(|entry| entry.map(|entry| entry.file_name()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    entries.sort();
    for os_name in entries {
        let name = os_name.to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = folder.join(&os_name);
        // Follows symlinks; a broken one is left to the read, which rejects it.
        let is_dir = fs::metadata(&path)
            .map(|meta| meta.is_dir())
            .unwrap_or(false);
        if is_dir {
            let mut below = folders.to_vec();
            below.push(name);
            walk_folder(&path, &below, found, visited)?;
            continue;
        }
        if is_sources_file(&name) {
            continue;
        }
        let kind = file_kind(&name);
        if kind.format.is_some() {
            found.push((path, folders.to_vec(), kind));
        }
    }
    Ok(())
}

/// Metadata for one file from a `sources.csv` row.
#[derive(Debug, Clone, Default)]
struct SourceRow {
    source: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    event: Option<String>,
}

/// The columns of `sources.csv` besides the required `file`.
const SOURCES_COLUMNS: &[&str] = &["source", "title", "url", "published", "event"];

/// The fields of one record before defaults are applied.
#[derive(Debug, Default)]
struct RecordFields {
    id: Option<String>,
    source: Option<String>,
    event: Option<String>,
    title: Option<String>,
    url: Option<String>,
    published: Option<String>,
    text: Option<String>,
}

/// A document not yet admitted: its text is normalised, defaults are not applied.
struct Draft<'a> {
    doc_id: String,
    path: &'a str,
    line: Option<u64>,
    fields: RecordFields,
    text: String,
    encoding: &'static str,
}

/// The state of one `read_inputs` run.
struct Intake<'a> {
    fields: &'a FieldNames,
    default_event: &'a str,
    /// Longer documents are rejected (`MAX_DOCUMENT_BYTES` but in tests).
    max_document_bytes: usize,
    documents: Vec<Document>,
    rejects: Vec<Reject>,
    /// Where each doc_id was first seen ("a/x.txt" or "a/x.jsonl line 3").
    first_seen: HashMap<String, String>,
    /// `sources.csv` of each folder met so far (file name → row), loaded once.
    sources_by_folder: HashMap<PathBuf, HashMap<String, SourceRow>>,
}

impl Intake<'_> {
    fn reject(&mut self, path: &str, line: Option<u64>, reason: String) {
        self.rejects.push(Reject {
            path: path.to_owned(),
            line,
            reason,
        });
    }

    fn read_file(&mut self, file: &InputFile) {
        let path = display(&file.path);
        let raw = match fs::read(&file.path) {
            Ok(raw) => raw,
            Err(err) => return self.reject(&path, None, format!("cannot read file: {err}")),
        };
        let bytes = if file.gzipped {
            match gunzip(&raw) {
                Ok(bytes) => bytes,
                Err(err) => return self.reject(&path, None, format!("invalid gzip data: {err}")),
            }
        } else {
            raw
        };
        let (text, encoding) = match decode(bytes) {
            Ok(decoded) => decoded,
            Err(reason) => return self.reject(&path, None, reason.to_owned()),
        };
        let beside = self.source_row(&file.path);
        match file.format {
            Format::Text => {
                let text = normalise_text(&text);
                if text.is_empty() {
                    return self.reject(
                        &path,
                        None,
                        "empty document: no text after decoding".to_owned(),
                    );
                }
                self.admit(
                    Draft {
                        doc_id: file.name.clone(),
                        path: &path,
                        line: None,
                        fields: RecordFields::default(),
                        text,
                        encoding,
                    },
                    beside.as_ref(),
                );
            }
            Format::JsonLines | Format::Csv => {
                let seen = self.documents.len() + self.rejects.len();
                if file.format == Format::Csv {
                    self.read_csv(file, &path, &text, encoding, beside.as_ref());
                } else {
                    self.read_json_lines(file, &path, &text, encoding, beside.as_ref());
                }
                if self.documents.len() + self.rejects.len() == seen {
                    self.reject(&path, None, "no records in file".to_owned());
                }
            }
        }
    }

    fn read_json_lines(
        &mut self,
        file: &InputFile,
        path: &str,
        text: &str,
        encoding: &'static str,
        beside: Option<&SourceRow>,
    ) {
        for (index, line) in physical_lines(text).enumerate() {
            let line_no = index as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = match serde_json::from_str(line) {
                Ok(value) => value,
                Err(err) => {
                    // serde's "at line 1 column N" would point into the line, not the file.
                    let message = err.to_string();
                    let message = message
                        .rsplit_once(" at line ")
                        .map_or(message.as_str(), |(head, _)| head);
                    let reason = format!("malformed JSON: {message} (column {})", err.column());
                    self.reject(path, Some(line_no), reason);
                    continue;
                }
            };
            let Value::Object(object) = value else {
                let reason = format!("JSON line is {}, not an object", json_kind(&value));
                self.reject(path, Some(line_no), reason);
                continue;
            };
            let text = match object.get(&self.fields.text) {
                Some(Value::String(text)) => Some(text.clone()),
                None | Some(Value::Null) => None,
                Some(other) => {
                    let reason = format!(
                        "field '{}' is {}, not a string",
                        self.fields.text,
                        json_kind(other)
                    );
                    self.reject(path, Some(line_no), reason);
                    continue;
                }
            };
            let get = |name: &str| object.get(name).and_then(json_scalar);
            let record = RecordFields {
                id: get(&self.fields.id),
                source: get(&self.fields.source),
                event: self.fields.event.iter().find_map(|name| get(name)),
                title: get(&self.fields.title),
                url: get(&self.fields.url),
                published: get(&self.fields.published),
                text,
            };
            self.admit_record(file, path, line_no, record, encoding, beside);
        }
    }

    fn read_csv(
        &mut self,
        file: &InputFile,
        path: &str,
        text: &str,
        encoding: &'static str,
        beside: Option<&SourceRow>,
    ) {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(err) => return self.reject(path, Some(1), format!("unreadable CSV header: {err}")),
        };
        let column = |name: &str| {
            header
                .iter()
                .position(|cell| cell.trim().eq_ignore_ascii_case(name))
        };
        let Some(text_column) = column(&self.fields.text) else {
            let reason = format!(
                "no column '{}' in the CSV header (columns: {}); name the text column in [ingest.fields]",
                self.fields.text,
                header.iter().collect::<Vec<_>>().join(", ")
            );
            return self.reject(path, Some(1), reason);
        };
        let id_column = column(&self.fields.id);
        let source_column = column(&self.fields.source);
        let event_columns: Vec<usize> = self
            .fields
            .event
            .iter()
            .filter_map(|name| column(name))
            .collect();
        let title_column = column(&self.fields.title);
        let url_column = column(&self.fields.url);
        let published_column = column(&self.fields.published);
        let mut lines = LineCounter::new(text);
        for row in reader.records() {
            let row = match row {
                Ok(row) => row,
                Err(err) => {
                    let line = err
                        .position()
                        .map(|position| lines.line_at(position.byte()));
                    self.reject(path, line, format!("malformed CSV row: {err}"));
                    continue;
                }
            };
            let line_no = row
                .position()
                .map_or(0, |position| lines.line_at(position.byte()));
            let cell = |column: Option<usize>| {
                column
                    .and_then(|column| row.get(column))
                    .and_then(non_empty)
            };
            let record = RecordFields {
                id: cell(id_column),
                source: cell(source_column),
                event: event_columns.iter().find_map(|&column| cell(Some(column))),
                title: cell(title_column),
                url: cell(url_column),
                published: cell(published_column),
                text: row.get(text_column).map(str::to_owned),
            };
            self.admit_record(file, path, line_no, record, encoding, beside);
        }
    }

    fn admit_record(
        &mut self,
        file: &InputFile,
        path: &str,
        line_no: u64,
        mut record: RecordFields,
        encoding: &'static str,
        beside: Option<&SourceRow>,
    ) {
        let Some(raw_text) = record.text.take() else {
            let reason = format!("record has no text field '{}'", self.fields.text);
            return self.reject(path, Some(line_no), reason);
        };
        let text = normalise_text(&raw_text);
        if text.is_empty() {
            let reason = format!("record has empty text in field '{}'", self.fields.text);
            return self.reject(path, Some(line_no), reason);
        }
        let doc_id = record
            .id
            .clone()
            .unwrap_or_else(|| format!("{}:{line_no}", file.name));
        self.admit(
            Draft {
                doc_id,
                path,
                line: Some(line_no),
                fields: record,
                text,
                encoding,
            },
            beside,
        );
    }

    /// Applies the metadata defaults and keeps the document unless its doc_id is taken.
    fn admit(&mut self, draft: Draft<'_>, beside: Option<&SourceRow>) {
        let Draft {
            doc_id,
            path,
            line,
            fields,
            text,
            encoding,
        } = draft;
        if text.len() > self.max_document_bytes {
            let reason = format!(
                "document too large: {} bytes of text, more than the {} MiB a document may hold; split it into articles",
                text.len(),
                self.max_document_bytes >> 20
            );
            return self.reject(path, line, reason);
        }
        let here = match line {
            Some(line) => format!("{path} line {line}"),
            None => path.to_owned(),
        };
        if let Some(first) = self.first_seen.get(&doc_id) {
            let reason = format!("duplicate doc_id '{doc_id}', first seen in {first}");
            return self.reject(path, line, reason);
        }
        self.first_seen.insert(doc_id.clone(), here);
        let beside = beside.cloned().unwrap_or_default();
        let source = fields
            .source
            .or(beside.source)
            .unwrap_or_else(|| doc_id.clone());
        let event = fields
            .event
            .or(beside.event)
            .unwrap_or_else(|| self.default_event.to_owned());
        self.documents.push(Document {
            source,
            event,
            path: path.to_owned(),
            title: fields.title.or(beside.title),
            url: fields.url.or(beside.url),
            published: fields.published.or(beside.published),
            n_chars: text.chars().count() as u64,
            content_hash: content_hash(&text),
            encoding: encoding.to_owned(),
            text,
            doc_id,
        });
    }

    /// The `sources.csv` row for a file, loading its folder's table on first use.
    fn source_row(&mut self, file: &Path) -> Option<SourceRow> {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        if !self.sources_by_folder.contains_key(&folder) {
            let table = self.load_sources(&folder.join(SOURCES_FILE));
            self.sources_by_folder.insert(folder.clone(), table);
        }
        let table = self.sources_by_folder.get(&folder)?;
        let file_name = file.file_name()?.to_string_lossy();
        let kind = file_kind(&file_name);
        let unzipped = if kind.gzipped {
            &file_name[..file_name.len() - 3]
        } else {
            &file_name[..]
        };
        table
            .get(file_name.as_ref())
            .or_else(|| table.get(unzipped))
            .cloned()
    }

    /// Reads a `sources.csv` (absent is fine), rejecting rows it cannot use.
    fn load_sources(&mut self, csv_path: &Path) -> HashMap<String, SourceRow> {
        let mut table = HashMap::new();
        if !csv_path.is_file() {
            return table;
        }
        let path = display(csv_path);
        let text = match fs::read(csv_path) {
            Ok(bytes) => match decode(bytes) {
                Ok((text, _)) => text,
                Err(reason) => {
                    self.reject(&path, None, reason.to_owned());
                    return table;
                }
            },
            Err(err) => {
                self.reject(&path, None, format!("cannot read file: {err}"));
                return table;
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(header) => header.clone(),
            Err(err) => {
                self.reject(&path, Some(1), format!("unreadable CSV header: {err}"));
                return table;
            }
        };
        let column = |name: &str| {
            header
                .iter()
                .position(|cell| cell.trim().eq_ignore_ascii_case(name))
        };
        let Some(file_column) = column("file") else {
            let reason = format!(
                "sources.csv has no 'file' column (columns: {}); add one naming each file beside it",
                header.iter().collect::<Vec<_>>().join(", ")
            );
            self.reject(&path, Some(1), reason);
            return table;
        };
        let columns: Vec<Option<usize>> = SOURCES_COLUMNS.iter().map(|name| column(name)).collect();
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let mut lines = LineCounter::new(&text);
        for row in reader.records() {
            let row = match row {
                Ok(row) => row,
                Err(err) => {
                    let line = err
                        .position()
                        .map(|position| lines.line_at(position.byte()));
                    self.reject(&path, line, format!("malformed CSV row: {err}"));
                    continue;
                }
            };
            let line_no = row
                .position()
                .map_or(0, |position| lines.line_at(position.byte()));
            let Some(file_cell) = row.get(file_column).and_then(non_empty) else {
                self.reject(
                    &path,
                    Some(line_no),
                    "sources.csv row has no file name".to_owned(),
                );
                continue;
            };
            // "file is the file name": a path in the cell is reduced to its last part.
            let file_name = file_cell
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or(&file_cell)
                .to_owned();
            if let Some(first) = first_line.get(&file_name) {
                let reason =
                    format!("duplicate sources.csv row for '{file_name}', first on line {first}");
                self.reject(&path, Some(line_no), reason);
                continue;
            }
            let cell = |index: usize| {
                columns[index]
                    .and_then(|column| row.get(column))
                    .and_then(non_empty)
            };
            first_line.insert(file_name.clone(), line_no);
            table.insert(
                file_name,
                SourceRow {
                    source: cell(0),
                    title: cell(1),
                    url: cell(2),
                    published: cell(3),
                    event: cell(4),
                },
            );
        }
        table
    }
}

/// The lines of a JSONL file, ended by `\n`, `\r\n` or a lone `\r` (JSON strings
/// cannot hold a raw `\r`, so splitting there never cuts a record).
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(end) => {
                let terminator = if current[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[end + terminator..]);
                Some(&current[..end])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// 1-based line numbers of CSV records from their byte offsets. csv's own line
/// count (csv-core 0.1) misses the newlines inside quoted fields, so multi-line articles would
/// shift every later line number.
struct LineCounter<'a> {
    bytes: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The line holding `byte`; records come in order, so counting resumes where it stopped.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        // A record's position may point at the end of the previous terminator, and
        // blank lines before a record are skipped by csv: the record starts after them.
        while matches!(self.bytes.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target < self.byte {
            self.byte = 0;
            self.line = 1;
        }
        let newlines = self.bytes[self.byte..target]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.byte = target;
        self.line
    }
}

/// A metadata value normalised like text and trimmed; `None` when empty.
fn non_empty(value: &str) -> Option<String> {
    let value = normalise_text(value);
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A JSON scalar as metadata text (ids and dates may be numbers); `None` otherwise.
fn json_scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => non_empty(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn gunzip(compressed: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(compressed).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Decodes a file's bytes: BOM first, then NUL sniffing (binary unless it looks
/// like UTF-16 without BOM), then valid UTF-8, then chardetng's guess. Returns the
/// text (BOM removed) and the encoding's name, or why the bytes are not text.
fn decode(bytes: Vec<u8>) -> Result<(String, &'static str), &'static str> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(&bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return Ok((text.into_owned(), encoding.name()));
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if head.contains(&0) {
        let Some(encoding) = utf16_without_bom(head) else {
            return Err("binary file: NUL bytes in the first 8 KiB");
        };
        let (text, _) = encoding.decode_without_bom_handling(&bytes);
        if !mostly_printable(&text) {
            return Err("binary file: NUL bytes and control characters, not UTF-16 text");
        }
        return Ok((text.into_owned(), encoding.name()));
    }
    // Taking the bytes lets valid UTF-8 (nearly every file) become text without a copy.
    let (valid_up_to, bytes) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, encoding_rs::UTF_8.name())),
        Err(err) => (err.utf8_error().valid_up_to(), err.into_bytes()),
    };
    // The detector reads a few MB a second: it is shown the bytes from the
    // first one that is not UTF-8 on, as many as it needs to tell encodings
    // apart, not the whole file (a long file took minutes).
    let sample_end = bytes.len().min(valid_up_to + DETECTION_SAMPLE_BYTES);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // A sample cut inside a multi-byte character is not the end of the input:
    // told it is, the detector would rule out GBK, Big5 or Shift_JIS.
    detector.feed(&bytes[valid_up_to..sample_end], sample_end == bytes.len());
    let encoding = detector.guess(Some(DETECTION_TLD), chardetng::Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(&bytes);
    Ok((text.into_owned(), encoding.name()))
}

/// Whether decoded text reads as text: at most 1% control characters besides
/// white space. Random bytes with NULs in a regular pattern can pass the UTF-16
/// sniff; what they decode to is mostly controls and unassigned code points.
fn mostly_printable(text: &str) -> bool {
    let (mut total, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{fffd}' {
            controls += 1;
        }
    }
    controls * 100 <= total
}

/// UTF-16 without BOM, recognised by NULs in every other byte (Latin-script text):
/// the high bytes of ASCII code units. Anything less regular is binary.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut nul_even, mut nul_odd) = (0, 0);
    for (index, &byte) in head[..units * 2].iter().enumerate() {
        if byte == 0 {
            if index % 2 == 0 {
                nul_even += 1;
            } else {
                nul_odd += 1;
            }
        }
    }
    if nul_even == 0 && nul_odd * 2 >= units {
        Some(encoding_rs::UTF_16LE)
    } else if nul_odd == 0 && nul_even * 2 >= units {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const ARTICLE: &str = "Trump and Putin met for nearly 2 1/2 hours in Anchorage.\n\n\u{201C}We made progress,\u{201D} Trump said of the U.S. talks.\n";

    fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create test folder");
        }
        fs::write(&path, bytes).expect("write test file");
        path
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).expect("gzip in memory");
        encoder.finish().expect("gzip in memory")
    }

    fn read(inputs: &[PathBuf]) -> (Vec<Document>, Vec<Reject>) {
        read_inputs(inputs, &FieldNames::default(), "default").expect("inputs exist")
    }

    fn read_dir(dir: &Path) -> (Vec<Document>, Vec<Reject>) {
        read(&[dir.to_path_buf()])
    }

    fn ids(documents: &[Document]) -> Vec<&str> {
        documents.iter().map(|doc| doc.doc_id.as_str()).collect()
    }

    #[test]
    fn text_file_is_one_document_named_by_stem() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "cnn.txt", ARTICLE.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        let doc = &documents[0];
        assert_eq!(doc.doc_id, "cnn");
        assert_eq!(doc.source, "cnn");
        assert_eq!(doc.event, "default");
        assert_eq!(doc.text, ARTICLE.trim_end());
        assert_eq!(doc.n_chars, ARTICLE.trim_end().chars().count() as u64);
        assert_eq!(doc.encoding, "UTF-8");
        assert_eq!(doc.content_hash, content_hash(ARTICLE.trim_end()));
        assert_eq!(doc.content_hash.len(), 64);
        assert!(doc.path.ends_with("cnn.txt"));
        assert_eq!(doc.title, None);
    }

    /// A document past the size limit is a reject naming it, as a file or
    /// as a record, and the documents beside it are kept.
    #[test]
    fn documents_too_large_are_rejected() {
        let dir = tempfile::tempdir().expect("temp dir");
        let long = "word ".repeat(200);
        write(dir.path(), "long.txt", long.as_bytes());
        write(dir.path(), "short.txt", b"A short article.");
        let records = format!(
            "{}\n{}\n",
            serde_json::json!({"id": "r1", "text": long}),
            serde_json::json!({"id": "r2", "text": "Short."})
        );
        write(dir.path(), "feed.jsonl", records.as_bytes());
        let (documents, rejects) = read_inputs_within(
            &[dir.path().to_path_buf()],
            &FieldNames::default(),
            "default",
            998,
        )
        .expect("inputs exist");
        assert_eq!(ids(&documents), ["r2", "short"]);
        let rejected: Vec<(bool, Option<u64>)> = rejects
            .iter()
            .map(|reject| (reject.path.ends_with("long.txt"), reject.line))
            .collect();
        assert_eq!(rejected, [(false, Some(1)), (true, None)], "{rejects:?}");
        assert!(
            rejects
                .iter()
                .all(|reject| reject.reason.starts_with("document too large: 999 bytes")),
            "{rejects:?}"
        );
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!((documents.len(), rejects.len()), (4, 0));
    }

    #[test]
    fn markdown_and_gzipped_text_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "ap.md", ARTICLE.as_bytes());
        write(dir.path(), "bbc.txt.gz", &gzip(ARTICLE.as_bytes()));
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(ids(&documents), ["ap", "bbc"]);
        assert_eq!(documents[1].text, ARTICLE.trim_end());
    }

    const JSONL: &str = concat!(
        r#"{"id": "a1", "source": "Fox News", "event": "summit", "title": "Talks", "url": "http://x", "published": "2025-08-15", "text": "Putin spoke first.", "extra": 1}"#,
        "\n",
        r#"{"id": 7, "source": "CNN", "event_id": "e9", "text": "Trump said \"no deal\"."}"#,
        "\n\n",
        r#"{"source": "AP", "text": "The U.S. side left."}"#,
        "\n",
    );

    fn check_jsonl(documents: &[Document], stem: &str) {
        assert_eq!(ids(documents), ["a1", "7", &format!("{stem}:4")]);
        assert_eq!(documents[0].source, "Fox News");
        assert_eq!(documents[0].event, "summit");
        assert_eq!(documents[0].title.as_deref(), Some("Talks"));
        assert_eq!(documents[0].url.as_deref(), Some("http://x"));
        assert_eq!(documents[0].published.as_deref(), Some("2025-08-15"));
        assert_eq!(documents[1].event, "e9");
        assert_eq!(documents[1].text, "Trump said \"no deal\".");
        assert_eq!(documents[2].source, "AP");
        assert_eq!(documents[2].event, "default");
    }

    #[test]
    fn jsonl_records_with_number_ids_event_id_and_missing_id() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "feed.jsonl", JSONL.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        check_jsonl(&documents, "feed");
    }

    #[test]
    fn gzipped_ndjson_is_read_like_jsonl() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "feed.ndjson.gz", &gzip(JSONL.as_bytes()));
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        check_jsonl(&documents, "feed");
    }

    const CSV: &str = "id,Source,title,text,unused\r\nr1,Reuters,Summit,\"Putin arrived.\r\n\r\nTrump followed.\",x\r\n,AP,,\"He said \"\"yes\"\".\",\r\n";

    fn check_csv(documents: &[Document], stem: &str) {
        assert_eq!(ids(documents), ["r1", &format!("{stem}:5")]);
        assert_eq!(documents[0].source, "Reuters");
        assert_eq!(documents[0].title.as_deref(), Some("Summit"));
        assert_eq!(documents[0].text, "Putin arrived.\n\nTrump followed.");
        assert_eq!(documents[1].text, "He said \"yes\".");
        assert_eq!(documents[1].title, None);
    }

    #[test]
    fn csv_rows_with_quoted_multiline_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "wire.csv", CSV.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        check_csv(&documents, "wire");
    }

    #[test]
    fn gzipped_csv() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "wire.csv.gz", &gzip(CSV.as_bytes()));
        let (documents, rejects) = read(&[file]);
        assert!(rejects.is_empty(), "{rejects:?}");
        check_csv(&documents, "wire");
    }

    #[test]
    fn configured_field_names() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "a.jsonl",
            br#"{"uid": "z", "outlet": "NPR", "story": "s1", "body": "Words here."}"#,
        );
        let fields: FieldNames = serde_json::from_str(
            r#"{"id": "uid", "source": "outlet", "event": "story", "text": "body"}"#,
        )
        .expect("valid fields");
        let (documents, rejects) =
            read_inputs(&[dir.path().to_path_buf()], &fields, "default").expect("inputs exist");
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(
            (documents[0].doc_id.as_str(), documents[0].source.as_str()),
            ("z", "NPR")
        );
        assert_eq!(documents[0].event, "s1");
        assert_eq!(fields.title, "title");
    }

    #[test]
    fn field_names_reject_unknown_keys() {
        let result: Result<FieldNames, _> = serde_json::from_str(r#"{"body": "text"}"#);
        assert!(result.is_err());
        let fields: FieldNames = serde_json::from_str("{}").expect("defaults");
        assert_eq!(fields, FieldNames::default());
    }

    #[test]
    fn windows_1252_cafe_is_detected_and_decoded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut bytes = b"The minister met reporters at a small caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b" near the summit venue, where the d");
        bytes.push(0xE9);
        bytes.extend_from_slice(b"cor was modest.\n");
        write(dir.path(), "latin.txt", &bytes);
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert!(
            documents[0].text.contains("small café near"),
            "{}",
            documents[0].text
        );
        assert!(documents[0].text.contains("décor"));
        assert_eq!(documents[0].encoding, "windows-1252");
    }

    #[test]
    fn lone_latin1_pound_sign_is_not_guessed_central_european() {
        let (text, encoding) =
            decode(b"Mutu, a \xA315.8m signing from Parma.".to_vec()).expect("text");
        assert_eq!(text, "Mutu, a \u{A3}15.8m signing from Parma.");
        assert_eq!(encoding, "windows-1252");
    }

    /// The detector sees a sample from the first byte that is not UTF-8 on:
    /// legacy bytes after megabytes of ASCII, or megabytes of them, are
    /// detected as in a short text.
    #[test]
    fn long_legacy_texts_are_detected_from_a_sample() {
        let ascii = "The talks went on. ".repeat(150_000);
        let mut late = ascii.clone().into_bytes();
        late.extend_from_slice(b"Mutu, a \xA315.8m signing, met a d\xE9cor expert.");
        let (text, encoding) = decode(late).expect("text");
        assert_eq!(encoding, "windows-1252");
        assert!(text.ends_with("a \u{A3}15.8m signing, met a décor expert."));

        let russian = "Президент России Владимир Путин прибыл на Аляску. ".repeat(40_000);
        // Two-byte encodings, with an ASCII byte or none after each sentence so
        // that the sample ends inside a character in some of the texts.
        for (encoding, sentence) in [
            (
                encoding_rs::GBK,
                "中国国家主席习近平周二抵达莫斯科进行国事访问。",
            ),
            (
                encoding_rs::SHIFT_JIS,
                "日本の首相は火曜日にワシントンで大統領と会談した。",
            ),
        ] {
            for pad in ["", " ", "  ", "   "] {
                let text = format!("{sentence}{pad}").repeat(25_000);
                let (bytes, _, _) = encoding.encode(&text);
                assert!(bytes.len() > DETECTION_SAMPLE_BYTES);
                let (decoded, detected) = decode(bytes.into_owned()).expect("text");
                assert_eq!(detected, encoding.name(), "pad {pad:?}");
                assert_eq!(decoded, text);
            }
        }

        let mixed = format!("{ascii}{russian}");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&mixed);
        assert!(bytes.len() > 2 * DETECTION_SAMPLE_BYTES);
        let (text, encoding) = decode(bytes.into_owned()).expect("text");
        assert_eq!(encoding, "windows-1251");
        assert!(text.ends_with("прибыл на Аляску. "));
    }

    #[test]
    fn cyrillic_windows_1251_is_still_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("Президент России Владимир Путин прибыл на Аляску для переговоров.");
        let (text, encoding) = decode(bytes.into_owned()).expect("text");
        assert_eq!(encoding, "windows-1251");
        assert!(text.starts_with("Президент"));
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice(if little_endian {
                &[0xFF, 0xFE]
            } else {
                &[0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "le.txt",
            &utf16("Zelenskyy’s “peace” plan", true, true),
        );
        write(
            dir.path(),
            "be.txt",
            &utf16("Zelenskyy’s “peace” plan", false, true),
        );
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(documents[0].encoding, "UTF-16BE");
        assert_eq!(documents[1].encoding, "UTF-16LE");
        for doc in &documents {
            assert_eq!(doc.text, "Zelenskyy’s “peace” plan");
        }
    }

    #[test]
    fn utf16_without_bom_is_text_not_binary() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "le.txt",
            &utf16("The talks lasted 3 hours.", true, false),
        );
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(documents[0].text, "The talks lasted 3 hours.");
        assert_eq!(documents[0].encoding, "UTF-16LE");
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(
            normalise_text("One.\r\n\r\nTwo.\rThree.\r\n"),
            "One.\n\nTwo.\nThree."
        );
    }

    #[test]
    fn nfd_is_composed_to_nfc() {
        let text = normalise_text("Cafe\u{301} talks in Zu\u{308}rich");
        assert_eq!(text, "Caf\u{E9} talks in Z\u{FC}rich");
        assert_eq!(text.chars().count(), 20);
    }

    #[test]
    fn utf8_bom_is_stripped_and_trailing_space_trimmed() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "bom.txt",
            "\u{FEFF}  Indented lede.\n\n  \n".as_bytes(),
        );
        let (documents, _) = read_dir(dir.path());
        assert_eq!(documents[0].text, "  Indented lede.");
        assert_eq!(documents[0].encoding, "UTF-8");
    }

    #[test]
    fn binary_and_invalid_gzip_are_rejected() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "a.txt",
            b"PNG\x89\x00\x00\x01\x02\x03binary\x00\x00\x00\xff",
        );
        write(dir.path(), "b.txt.gz", b"this is not gzip");
        write(dir.path(), "c.txt", ARTICLE.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["c"]);
        assert_eq!(rejects.len(), 2);
        assert!(rejects[0].reason.starts_with("binary file"), "{rejects:?}");
        assert!(rejects[1].reason.starts_with("invalid gzip"), "{rejects:?}");
        assert!(rejects[1].path.ends_with("b.txt.gz"));
    }

    #[test]
    fn nuls_in_a_regular_pattern_are_not_taken_for_utf16() {
        // NULs at even offsets only pass the UTF-16 sniff, but decode to controls.
        assert!(decode(vec![0x00, 0x01, 0x02, 0xff, 0x00, 0x10]).is_err());
        let utf16: Vec<u8> = "Talks ended."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            decode(utf16).map(|(t, _)| t),
            Ok("Talks ended.".to_string())
        );
    }

    #[test]
    fn empty_and_blank_files_are_rejected() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "empty.txt", b"");
        write(dir.path(), "blank.md", b" \r\n\t\n");
        let (documents, rejects) = read_dir(dir.path());
        assert!(documents.is_empty());
        assert_eq!(rejects.len(), 2);
        assert!(
            rejects
                .iter()
                .all(|reject| reject.reason.starts_with("empty document"))
        );
    }

    #[test]
    fn malformed_json_line_is_rejected_with_its_line_and_others_go_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lines = "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"\n[1, 2]\n{\"id\": \"c\", \"text\": \"Three.\"}\n{\"id\": \"d\"}\n{\"id\": \"e\", \"text\": \"  \"}\n{\"id\": \"f\", \"text\": 5}\n";
        write(dir.path(), "f.jsonl", lines.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["a", "c"]);
        let lines: Vec<Option<u64>> = rejects.iter().map(|reject| reject.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(5), Some(6), Some(7)]);
        assert!(
            rejects[0]
                .reason
                .starts_with("malformed JSON: EOF while parsing"),
            "{rejects:?}"
        );
        assert!(!rejects[0].reason.contains("line 1"), "{rejects:?}");
        assert_eq!(rejects[1].reason, "JSON line is an array, not an object");
        assert_eq!(rejects[2].reason, "record has no text field 'text'");
        assert_eq!(rejects[3].reason, "record has empty text in field 'text'");
        assert_eq!(rejects[4].reason, "field 'text' is a number, not a string");
    }

    #[test]
    fn csv_row_without_text_is_rejected() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "w.csv", b"id,text\nx,Fine text.\ny\nz,\n");
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["x"]);
        assert_eq!(rejects.len(), 2);
        assert_eq!(
            (rejects[0].line, rejects[0].reason.as_str()),
            (Some(3), "record has no text field 'text'")
        );
        assert_eq!(rejects[1].line, Some(4));
    }

    #[test]
    fn jsonl_line_numbers_count_crlf_and_lone_cr_endings() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "a.jsonl",
            b"{\"text\": \"One.\"}\r\n{\"text\": \"Two.\"}\r{bad\n",
        );
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["a:1", "a:2"]);
        assert_eq!(rejects[0].line, Some(3));
        let lines: Vec<&str> = physical_lines("a\r\nb\rc\n").collect();
        assert_eq!(lines, ["a", "b", "c", ""]);
    }

    #[test]
    fn record_file_without_records_is_a_reject() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.jsonl", b"\n\n");
        write(dir.path(), "b.csv", b"id,text\n");
        let (documents, rejects) = read_dir(dir.path());
        assert!(documents.is_empty());
        let reasons: Vec<&str> = rejects
            .iter()
            .map(|reject| reject.reason.as_str())
            .collect();
        assert_eq!(reasons, ["no records in file", "no records in file"]);
    }

    #[test]
    fn csv_without_text_column_is_one_reject() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "w.csv", b"id,body\nx,Fine text.\ny,More.\n");
        let (documents, rejects) = read_dir(dir.path());
        assert!(documents.is_empty());
        assert_eq!(rejects.len(), 1);
        assert!(
            rejects[0].reason.contains("no column 'text'"),
            "{rejects:?}"
        );
    }

    #[test]
    fn duplicate_doc_ids_keep_the_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a/x.txt", b"First.");
        write(
            dir.path(),
            "b.jsonl",
            b"{\"id\": \"y\", \"text\": \"One.\"}\n{\"id\": \"y\", \"text\": \"Two.\"}\n",
        );
        let other = tempfile::tempdir().expect("temp dir");
        let second = write(other.path(), "x.txt", b"Second.");
        let (documents, rejects) = read(&[dir.path().to_path_buf(), second]);
        assert_eq!(ids(&documents), ["x", "y"]);
        assert_eq!(documents[0].text, "First.");
        assert_eq!(rejects.len(), 2);
        let first_x = display(&dir.path().join("a/x.txt"));
        let first_y = display(&dir.path().join("b.jsonl"));
        assert_eq!(
            rejects[0].reason,
            format!("duplicate doc_id 'y', first seen in {first_y} line 1")
        );
        assert_eq!(rejects[0].line, Some(2));
        assert_eq!(
            rejects[1].reason,
            format!("duplicate doc_id 'x', first seen in {first_x}")
        );
    }

    #[test]
    fn identical_texts_under_different_ids_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a.txt", ARTICLE.as_bytes());
        write(dir.path(), "b.txt", ARTICLE.as_bytes());
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty());
        assert_eq!(documents[0].content_hash, documents[1].content_hash);
    }

    #[test]
    fn same_stem_in_topic_folders_is_named_by_relative_path() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "business/001.txt", b"Shares fell.");
        write(dir.path(), "sport/001.txt", b"United won.");
        write(dir.path(), "sport/002.txt", b"City lost.");
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(ids(&documents), ["business/001", "sport/001", "002"]);
    }

    #[test]
    fn sources_csv_maps_files_to_metadata() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "cnn.txt", b"Text one.");
        write(dir.path(), "fox.txt.gz", &gzip(b"Text two."));
        write(dir.path(), "blog.txt", b"Text three.");
        write(dir.path(), "feed.jsonl", b"{\"id\": \"r\", \"text\": \"Four.\"}\n{\"id\": \"s\", \"source\": \"Own\", \"text\": \"Five.\"}\n");
        write(
            dir.path(),
            "sources.csv",
            "file,source,title,url,published,event\ncnn.txt,CNN,Summit ends,https://cnn.example/a,2025-08-15,alaska\nfox.txt,Fox News,,,,\nfeed.jsonl,Wire,,,,\n,Nobody,,,,\n".as_bytes(),
        );
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["blog", "cnn", "r", "s", "fox"]);
        assert_eq!(documents[0].source, "blog");
        assert_eq!(documents[1].source, "CNN");
        assert_eq!(documents[1].title.as_deref(), Some("Summit ends"));
        assert_eq!(documents[1].url.as_deref(), Some("https://cnn.example/a"));
        assert_eq!(documents[1].published.as_deref(), Some("2025-08-15"));
        assert_eq!(documents[1].event, "alaska");
        assert_eq!(documents[2].source, "Wire");
        assert_eq!(documents[3].source, "Own");
        assert_eq!(documents[4].source, "Fox News");
        assert_eq!(documents[4].event, "default");
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!(rejects[0].line, Some(5));
        assert!(rejects[0].path.ends_with("sources.csv"));
    }

    #[test]
    fn sources_csv_applies_to_an_explicit_file_and_is_no_document_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "cnn.txt", b"Text one.");
        let sources = write(dir.path(), "sources.csv", b"file,source\ncnn.txt,CNN\n");
        let (documents, rejects) = read(&[file, sources]);
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].source, "CNN");
    }

    #[test]
    fn walk_is_sorted_depth_first_and_skips_hidden_and_unknown_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        for rel in [
            "b.txt",
            "a/z.md",
            "a/y/x.txt",
            "c.TXT",
            ".hidden.txt",
            ".git/d.txt",
            "e.json",
            "f.pdf",
        ] {
            write(dir.path(), rel, b"Words.");
        }
        let (documents, rejects) = read_dir(dir.path());
        assert!(rejects.is_empty(), "{rejects:?}");
        assert_eq!(ids(&documents), ["x", "z", "b", "c"]);
    }

    #[test]
    fn event_id_wins_over_a_per_article_event_title() {
        let dir = tempfile::tempdir().expect("temp dir");
        let lines = "{\"id\": \"1\", \"event_id\": \"e1\", \"event\": \"Putin lands\", \"text\": \"A.\"}\n{\"id\": \"2\", \"event_id\": \"e1\", \"event\": \"Summit opens\", \"text\": \"B.\"}\n";
        write(dir.path(), "basil.jsonl", lines.as_bytes());
        let (documents, _) = read_dir(dir.path());
        assert!(
            documents.iter().all(|doc| doc.event == "e1"),
            "{documents:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn broken_symlink_is_a_reject_and_a_symlink_loop_is_walked_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), "a/ok.txt", b"Words.");
        std::os::unix::fs::symlink(
            dir.path().join("nowhere.txt"),
            dir.path().join("a/gone.txt"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).expect("symlink");
        let (documents, rejects) = read_dir(dir.path());
        assert_eq!(ids(&documents), ["ok"]);
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert!(
            rejects[0].reason.starts_with("cannot read file"),
            "{rejects:?}"
        );
    }

    #[test]
    fn explicit_file_with_unknown_extension_is_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = write(dir.path(), "notes.article", b"Plain words.");
        let (documents, _) = read(&[file]);
        assert_eq!(ids(&documents), ["notes"]);
    }

    #[test]
    fn missing_input_is_fatal_with_a_hint() {
        let err = read_inputs(
            &[PathBuf::from("seeds/x")],
            &FieldNames::default(),
            "default",
        )
        .expect_err("missing input");
        assert!(matches!(err, ReadError::InputMissing { .. }));
        assert_eq!(
            err.to_string(),
            "input seeds/x does not exist; pass an existing file or folder with --input"
        );
    }

    #[test]
    fn default_event_is_the_single_input_name() {
        assert_eq!(default_event(&[PathBuf::from("corpus/alaska/")]), "alaska");
        assert_eq!(default_event(&[PathBuf::from("feed.jsonl")]), "feed");
        assert_eq!(
            default_event(&[PathBuf::from("a"), PathBuf::from("b")]),
            "default"
        );
        assert_eq!(default_event(&[PathBuf::from("/")]), "default");
    }

    #[test]
    fn document_from_text_normalises_and_hashes() {
        let doc = document_from_text("inline", "default", "He said: \u{201C}Go.\u{201D}\r\n");
        assert_eq!(doc.text, "He said: \u{201C}Go.\u{201D}");
        assert_eq!(doc.n_chars, 14);
    }

    proptest::proptest! {
        #[test]
        fn normalise_is_idempotent_and_never_panics(text in "\\PC*|[\r\n \u{FEFF}e\u{301}\u{308}a]*") {
            let once = normalise_text(&text);
            proptest::prop_assert_eq!(normalise_text(&once), once.clone());
            proptest::prop_assert!(!once.contains('\r'));
        }

        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = gunzip(&bytes);
            let _ = decode(bytes);
        }

        #[test]
        fn arbitrary_record_files_never_panic(text in "\\PC*|[{}\",:\n\r a-z0-9]*") {
            let dir = tempfile::tempdir().expect("temp dir");
            write(dir.path(), "a.jsonl", text.as_bytes());
            write(dir.path(), "b.csv", text.as_bytes());
            write(dir.path(), "sources.csv", text.as_bytes());
            let _ = read_dir(dir.path());
        }
    }

    /// Run with `cargo test --release -- --ignored --nocapture real_corpora`.
    #[test]
    #[ignore = "reads the shared corpora outside the repository"]
    fn real_corpora() {
        for input in [
            "/work/main/seeds",
            "/work/shared/corpus/bbc-news-2225",
            "/work/shared/corpus/basil-100x3/basil.jsonl",
        ] {
            let started = std::time::Instant::now();
            let inputs = [PathBuf::from(input)];
            let (documents, rejects) =
                read_inputs(&inputs, &FieldNames::default(), &default_event(&inputs))
                    .expect("corpus exists");
            let seconds = started.elapsed().as_secs_f64();
            let mut encodings: HashMap<&str, usize> = HashMap::new();
            for doc in &documents {
                *encodings.entry(doc.encoding.as_str()).or_default() += 1;
            }
            let hashes: HashSet<&str> = documents
                .iter()
                .map(|doc| doc.content_hash.as_str())
                .collect();
            let sources: HashSet<&str> = documents.iter().map(|doc| doc.source.as_str()).collect();
            let events: HashSet<&str> = documents.iter().map(|doc| doc.event.as_str()).collect();
            println!(
                "{input}: {} documents, {} rejects, {} distinct texts, {} sources, {} events, {:.3} s, encodings {encodings:?}",
                documents.len(),
                rejects.len(),
                hashes.len(),
                sources.len(),
                events.len(),
                seconds
            );
            for doc in documents.iter().filter(|doc| doc.encoding != "UTF-8") {
                let at = doc.text.find(|c: char| !c.is_ascii()).unwrap_or(0);
                let start = doc.text[..at]
                    .char_indices()
                    .rev()
                    .nth(30)
                    .map_or(0, |(i, _)| i);
                let end = doc.text[at..]
                    .char_indices()
                    .nth(30)
                    .map_or(doc.text.len(), |(i, _)| at + i);
                println!(
                    "  {} {} {}: …{}…",
                    doc.doc_id,
                    doc.path,
                    doc.encoding,
                    &doc.text[start..end]
                );
            }
            for reject in &rejects {
                println!(
                    "  reject {} {:?}: {}",
                    reject.path, reject.line, reject.reason
                );
            }
        }
    }
}

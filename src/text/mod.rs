//! Pure domain code: text in, spans and values out. No I/O, no globals that
//! change, no knowledge of tables or files; the stages in `crate::stages` wrap
//! these functions. All offsets here are byte offsets into the document text;
//! the stage shells turn them into the character offsets the tables carry.

pub mod claim_groups;
mod lanes;
pub mod numbers;
pub mod people;
pub mod quotes;
pub mod segment;

/// A sentence of a document, as byte offsets into the document text
/// (trimmed of surrounding white space, end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte offset of the first character of the sentence.
    pub start: usize,
    /// Byte offset one past the last character of the sentence.
    pub end: usize,
    /// Index of the paragraph the sentence belongs to, counted from 0.
    pub paragraph_idx: u32,
}

/// The closed set of token kinds the `tokens` table carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// Letters, with any inner apostrophes, hyphens or periods (Russia's, feel-out, U.S.).
    Word,
    /// Digits, with separators, decimals, fractions, currency or percent (1,000 2.5 1/2 $1.2bn 25%).
    Number,
    /// Punctuation marks, including quote marks and dashes.
    Punct,
    /// Everything else that is not white space: symbols, emoji, URLs' stray signs.
    Symbol,
}

impl TokenKind {
    /// Every kind, each at the place of its discriminant (`kind as u8`).
    pub const ALL: [TokenKind; 4] = [Self::Word, Self::Number, Self::Punct, Self::Symbol];
}

// The tokens table keys each token's kind by `kind as u8` into `ALL`: a
// reordered enum must not mislabel kinds.
const _: () = {
    let mut place = 0;
    while place < TokenKind::ALL.len() {
        assert!(TokenKind::ALL[place] as usize == place);
        place += 1;
    }
};

/// A token, as byte offsets into the document text (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    /// Byte offset of the first character of the token.
    pub start: usize,
    /// Byte offset one past the last character of the token.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
}

/// Turns byte offsets into character offsets (Unicode scalar values), as the
/// tables carry them. Each offset costs O(distance) from the one asked
/// before, forwards or backwards: overlapping spans (a quote inside a quote)
/// step back a little, never to the start of a long document.
///
/// News text is ASCII but for a curly quote or a pound sign here and there:
/// between two non-ASCII characters a byte is a character, so an offset there
/// is a known one plus the distance to it, with nothing counted. Offsets are
/// asked twice a token, so this is most of what the tokens table's offsets cost.
pub struct CharOffsets<'a> {
    text: &'a str,
    /// A byte offset whose character offset is known, and that offset.
    byte: usize,
    char: u64,
    /// The first non-ASCII byte at or after `byte` (`text.len()` if none).
    ascii_end: usize,
}

impl<'a> CharOffsets<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            char: 0,
            ascii_end: next_non_ascii(text.as_bytes(), 0),
        }
    }

    /// The character offset of byte offset `byte` (a char boundary, at most `text.len()`).
    /// Inlined: it is asked twice a token, and the call cost more than the count.
    #[inline]
    pub fn char_offset(&mut self, byte: usize) -> u64 {
        let end = byte.min(self.text.len());
        if (self.byte..=self.ascii_end).contains(&end) {
            return self.char + (end - self.byte) as u64;
        }
        self.counted_char_offset(end)
    }

    /// The character offsets of `start..end` (`start <= end`, both char
    /// boundaries), as two `char_offset`s: a token's span in ASCII text is
    /// one range check rather than two.
    #[inline]
    pub fn char_span(&mut self, start: usize, end: usize) -> (u64, u64) {
        if self.byte <= start && start <= end && end <= self.ascii_end {
            let char_start = self.char + (start - self.byte) as u64;
            return (char_start, char_start + (end - start) as u64);
        }
        (self.char_offset(start), self.char_offset(end))
    }

    /// `char_offset` of a byte before `byte` or past `ascii_end`: counts the
    /// characters between, and takes `end` as the new known offset.
    #[inline(never)]
    fn counted_char_offset(&mut self, end: usize) -> u64 {
        debug_assert!(
            self.text.is_char_boundary(end),
            "byte {end} inside a character"
        );
        let bytes = self.text.as_bytes();
        if end < self.byte {
            // Saturating: a byte inside a character (against the contract)
            // gives a wrong offset, not an overflow.
            self.char = self
                .char
                .saturating_sub(character_starts(bytes, end, self.byte));
        } else {
            // Up to `ascii_end` every byte is a character.
            self.char +=
                (self.ascii_end - self.byte) as u64 + character_starts(bytes, self.ascii_end, end);
        }
        self.byte = end;
        self.ascii_end = next_non_ascii(bytes, end);
        self.char
    }
}

/// The first non-ASCII byte of `bytes` at or after `from`, or `bytes.len()`;
/// eight bytes a step.
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i + 8 <= bytes.len() {
        let high = lanes::u64_at(bytes, i) & lanes::LANE_HIGH;
        if high != 0 {
            return i + (high.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes[i.min(bytes.len())..]
        .iter()
        .position(|&b| b >= 0x80)
        .map_or(bytes.len(), |k| i + k)
}

/// Characters that start in `bytes[from..to]`: the bytes that are not UTF-8
/// continuation bytes (`10xxxxxx`). Offsets are asked token by token, so
/// most spans are a word or the space after one: a span of up to eight bytes
/// is counted from one eight-byte read where the text has the bytes, without
/// a loop whose exit (at a different length each time) the processor
/// mispredicts; longer spans in a plain loop.
#[inline]
fn character_starts(bytes: &[u8], from: usize, to: usize) -> u64 {
    let span = to - from;
    if span <= 8
        && let Some(word) = bytes.get(from..from + 8)
    {
        let x = lanes::u64_at(word, 0);
        let within = if span == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * span)) - 1
        };
        // A continuation byte has its top bit set and the one below clear.
        let continuations = x & !(x << 1) & lanes::LANE_HIGH & within;
        return (span - continuations.count_ones() as usize) as u64;
    }
    character_starts_counted(&bytes[from..to])
}

/// `character_starts` of a long span (or one at the end of the text), byte by byte.
#[inline(never)]
fn character_starts_counted(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count() as u64
}

/// Byte offsets of the character offsets of `text`: `byte_offsets(text)[c]` is
/// where character `c` starts (and the last entry is `text.len()`).
pub fn byte_offsets(text: &str) -> Vec<usize> {
    let mut offsets: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    offsets.push(text.len());
    offsets
}

#[cfg(test)]
mod offset_tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values_not_bytes() {
        let text = "“We’re here,” he said.";
        let mut offsets = CharOffsets::new(text);
        let said = text.find("said").expect("present");
        assert_eq!(
            offsets.char_offset(said),
            text[..said].chars().count() as u64
        );
        assert_eq!(offsets.char_offset(0), 0);
        let bytes = byte_offsets(text);
        assert_eq!(bytes[text[..said].chars().count()], said);
    }

    /// Offsets asked in any order agree with counting from the start.
    #[test]
    fn char_offsets_step_back_and_forth() {
        let text = "“A—b” é “c ‘d’ e” 中文 😀f";
        let mut offsets = CharOffsets::new(text);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        for &byte in boundaries.iter().rev().chain(&boundaries).step_by(3) {
            assert_eq!(
                offsets.char_offset(byte),
                text[..byte].chars().count() as u64,
                "byte {byte}"
            );
        }
        for &byte in &[7, 2, 30, 11, 11, 0, text.len()] {
            let byte = boundaries[boundaries.partition_point(|&b| b < byte)];
            assert_eq!(
                offsets.char_offset(byte),
                text[..byte].chars().count() as u64
            );
        }
    }

    /// The first character boundary of `text` at or after `byte` (at most its end).
    fn boundary_from(text: &str, byte: usize) -> usize {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte += 1;
        }
        byte
    }

    /// The characters before byte `byte` of `text`, counted from the start.
    fn chars_before(text: &str, byte: usize) -> u64 {
        text[..byte].chars().count() as u64
    }

    proptest::proptest! {
        /// Offsets asked at increasing steps of 0 to 12 bytes (the eight-byte
        /// read and the loop, near the end of the text too) agree with
        /// counting from the start.
        #[test]
        fn char_offsets_of_short_steps_count_from_the_start(
            text in "[a-z é“”’—中😀]{0,40}",
            steps in proptest::collection::vec(0usize..13, 1..40),
        ) {
            let mut offsets = CharOffsets::new(&text);
            let mut byte = 0;
            for step in steps {
                byte = boundary_from(&text, byte + step);
                proptest::prop_assert_eq!(offsets.char_offset(byte), chars_before(&text, byte));
            }
        }

        /// In long, mostly ASCII text (as news is), offsets and spans asked
        /// in any order, far apart or close, agree with counting from the
        /// start: a span's offsets are its two ends' offsets.
        #[test]
        fn char_offsets_and_spans_in_mostly_ascii_text_in_any_order(
            text in "([a-z .,]{0,30}[é“’—😀]?){0,12}",
            asked in proptest::collection::vec((0usize..400, 0usize..400, 0usize..20), 1..40),
        ) {
            let mut offsets = CharOffsets::new(&text);
            for (byte, start, length) in asked {
                let byte = boundary_from(&text, byte);
                proptest::prop_assert_eq!(offsets.char_offset(byte), chars_before(&text, byte));
                let (start, end) = (boundary_from(&text, start), boundary_from(&text, start + length));
                proptest::prop_assert_eq!(
                    offsets.char_span(start, end),
                    (chars_before(&text, start), chars_before(&text, end))
                );
            }
        }
    }

    #[test]
    fn ascii_text_takes_the_shortcut_and_agrees() {
        let text = "He said: \"no deal\" at 3 p.m.";
        let mut offsets = CharOffsets::new(text);
        for byte in [0, 3, 9, text.len(), text.len() + 5] {
            assert_eq!(offsets.char_offset(byte), byte.min(text.len()) as u64);
        }
    }
}

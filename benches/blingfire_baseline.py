"""The yardstick of issue 3: the tokenise stage's work done in Python with
blingfire and pyarrow, timed the same way `parallax bench` times its stage.

It splits each document into sentences and words with blingfire, builds the
same two tables (sentences: doc_id, sentence_idx, char_start, char_end,
text; tokens: doc_id, sentence_idx, token_idx, char_start, char_end, text,
norm), and writes each as zstd Parquet and as CSV. Reading the input files is
not timed, as in `parallax bench`.

It is written to be as fast as Python with blingfire gets, so that the
comparison flatters nobody: blingfire's C entry points are called once per
document for sentences and once for words, and their UTF-8 byte offsets are
turned into character offsets with numpy. Going through blingfire's own
`text_to_words_with_offsets`, which maps offsets in a Python loop over every
byte, a sentence at a time, ran at a third of this speed (1.1 MB/s on BBC).

    pip install blingfire pyarrow numpy
    python benches/blingfire_baseline.py ../shared/corpus/bbc-news-2225

Not run in CI: it is a measurement, and blingfire is not a dependency.
"""

import ctypes
import json
import pathlib
import sys
import tempfile
import time

import blingfire
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

LIBRARY = blingfire.blingfire


def read_corpus(path):
    path = pathlib.Path(path)
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            if file.name.upper() != "README.TXT":
                yield str(file.relative_to(path)), file.read_bytes().decode("utf-8", "replace")
    else:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                record = json.loads(line)
                yield str(record.get("id", number)), record.get("text") or ""


def byte_spans(function, separator, data):
    """Start and inclusive end byte offsets of the pieces blingfire finds."""
    size = len(data) * 2 + 1
    output = ctypes.create_string_buffer(size)
    starts = (ctypes.c_int32 * size)()
    ends = (ctypes.c_int32 * size)()
    written = function(
        ctypes.c_char_p(data), ctypes.c_int(len(data)),
        ctypes.byref(output), ctypes.byref(starts), ctypes.byref(ends), ctypes.c_int(size),
    )
    if written <= 0 or written > size:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    count = output.raw[:written].count(separator) + 1
    return (
        np.frombuffer(starts, np.int32, count).astype(np.int64),
        np.frombuffer(ends, np.int32, count).astype(np.int64),
    )


def main(corpus):
    documents = list(read_corpus(corpus))
    megabytes = sum(len(text.encode("utf-8")) for _, text in documents) / 1e6
    started = time.perf_counter()
    sentences = {k: [] for k in ("doc_id", "sentence_idx", "char_start", "char_end", "text")}
    tokens = {k: [] for k in ("doc_id", "sentence_idx", "token_idx", "char_start", "char_end", "text", "norm")}
    for doc_id, text in documents:
        data = text.encode("utf-8")
        sentence_starts, sentence_ends = byte_spans(LIBRARY.TextToSentencesWithOffsets, b"\n", data)
        word_starts, word_ends = byte_spans(LIBRARY.TextToWordsWithOffsets, b" ", data)
        if len(sentence_starts) == 0:
            continue
        # The character offset of each byte offset: the bytes before it that start a character.
        starts_character = (np.frombuffer(data, np.uint8) & 0xC0) != 0x80
        character_at = np.concatenate(([0], np.cumsum(starts_character)))
        starts = character_at[sentence_starts].tolist()
        ends = character_at[sentence_ends + 1].tolist()
        count = len(starts)
        sentences["doc_id"].extend([doc_id] * count)
        sentences["sentence_idx"].extend(range(count))
        sentences["char_start"].extend(starts)
        sentences["char_end"].extend(ends)
        sentences["text"].extend(text[a:b] for a, b in zip(starts, ends))
        # Each word belongs to the sentence it starts in.
        sentence_of = np.searchsorted(sentence_starts, word_starts, side="right") - 1
        first_word = np.searchsorted(sentence_of, np.arange(count))
        token_idx = np.arange(len(word_starts)) - first_word[sentence_of]
        starts = character_at[word_starts].tolist()
        ends = character_at[word_ends + 1].tolist()
        words = [text[a:b] for a, b in zip(starts, ends)]
        tokens["doc_id"].extend([doc_id] * len(words))
        tokens["sentence_idx"].extend(sentence_of.tolist())
        tokens["token_idx"].extend(token_idx.tolist())
        tokens["char_start"].extend(starts)
        tokens["char_end"].extend(ends)
        tokens["text"].extend(words)
        tokens["norm"].extend(word.lower() for word in words)
    segmented = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for name, columns in (("sentences", sentences), ("tokens", tokens)):
            table = pa.table(columns)
            pq.write_table(table, f"{out}/{name}.parquet", compression="zstd")
            pacsv.write_csv(table, f"{out}/{name}.csv")
    seconds = time.perf_counter() - started
    print(
        f"blingfire + pyarrow: {len(documents)} documents, {megabytes:.2f} MB, "
        f"{len(tokens['text'])} tokens, {seconds:.3f} s, {megabytes / seconds:.1f} MB/s "
        f"(segmentation {segmented - started:.3f} s, writing {seconds - (segmented - started):.3f} s)"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "seeds")

"""The yardstick of issue 3: the tokenise stage's work done in Python with
blingfire and pyarrow, timed the same way `parallax bench` times its stage.

It splits each document into sentences and each sentence into tokens with
blingfire, builds the same two tables (sentences: doc_id, sentence_idx,
char_start, char_end, text; tokens: doc_id, sentence_idx, token_idx,
char_start, char_end, text, norm), and writes each as zstd Parquet and as
CSV. Reading the input files is not timed, as in `parallax bench`.

    pip install blingfire pyarrow numpy
    python benches/blingfire_baseline.py ../shared/corpus/bbc-news-2225

Not run in CI: it is a measurement, and blingfire is not a dependency.
"""

import json
import pathlib
import sys
import tempfile
import time

import blingfire
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq


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


def main(corpus):
    documents = list(read_corpus(corpus))
    megabytes = sum(len(text.encode("utf-8")) for _, text in documents) / 1e6
    started = time.perf_counter()
    sentences = {k: [] for k in ("doc_id", "sentence_idx", "char_start", "char_end", "text")}
    tokens = {k: [] for k in ("doc_id", "sentence_idx", "token_idx", "char_start", "char_end", "text", "norm")}
    # Columns grow by list extends, not appends per token: the fastest plain
    # Python, so that the yardstick is not slowed by the way it is written.
    for doc_id, text in documents:
        _, sentence_offsets = blingfire.text_to_sentences_and_offsets(text)
        count = len(sentence_offsets)
        sentences["doc_id"].extend([doc_id] * count)
        sentences["sentence_idx"].extend(range(count))
        sentences["char_start"].extend(start for start, _ in sentence_offsets)
        sentences["char_end"].extend(end for _, end in sentence_offsets)
        sentences["text"].extend(text[start:end] for start, end in sentence_offsets)
        for sentence_idx, (start, end) in enumerate(sentence_offsets):
            sentence = text[start:end]
            _, word_offsets = blingfire.text_to_words_with_offsets(sentence)
            words = [sentence[a:b] for a, b in word_offsets]
            count = len(words)
            tokens["doc_id"].extend([doc_id] * count)
            tokens["sentence_idx"].extend([sentence_idx] * count)
            tokens["token_idx"].extend(range(count))
            tokens["char_start"].extend(start + a for a, _ in word_offsets)
            tokens["char_end"].extend(start + b for _, b in word_offsets)
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

"""Sentence boundaries of the tokenise stage against the BASIL authors' own
sentence lists: a check of segmentation on real news that nobody tuned the
rules on. Not run in CI: the corpus is not ours to ship.

BASIL's article files give each body paragraph as a list of sentences, split
by the dataset's authors; its `basil.jsonl` joins them with one space into
the `text` parallax reads. Both sides are compared as positions in the text
with white space removed, so spacing never counts. Boundaries the authors
have and parallax does not are misses; boundaries parallax adds are counted
apart when they fall inside a quotation, which the tokenise issue asks to
split ("A sentence boundary inside a multi-sentence quotation splits the
quote's sentences, as readers count them") and the authors mostly did not.

    cargo run --release -- run all --input ../shared/corpus/basil-100x3 --output /tmp/basil
    python benches/basil_sentence_agreement.py ../shared/corpus/basil-100x3 /tmp/basil [N]

N (default 20) examples of each kind of disagreement are printed.
"""

import json
import pathlib
import re
import sys

import polars as pl

WHITE = re.compile(r"\s")


def squeeze(text):
    return WHITE.sub("", text)


def main(corpus, output, examples):
    reference = {}
    for path in sorted(pathlib.Path(corpus, "articles").rglob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        reference[path.stem] = [
            sentence.strip()
            for paragraph in article["body-paragraphs"]
            for sentence in paragraph
            if sentence.strip()
        ]
    documents = pl.read_parquet(f"{output}/documents.parquet")
    texts = dict(zip(documents["doc_id"], documents["text"]))
    sentences = pl.read_parquet(f"{output}/sentences.parquet")
    ends = {}
    for doc_id, end in zip(sentences["doc_id"], sentences["char_end"]):
        ends.setdefault(doc_id, []).append(end)

    agreed = misses = extra_in_quotes = extra = 0
    missed, added = [], []
    for doc_id, theirs in reference.items():
        text = texts.get(doc_id)
        if text is None:
            continue
        # Position of each character in the text without white space.
        squeezed_at, count = [], 0
        for character in text:
            squeezed_at.append(count)
            count += not character.isspace()
        squeezed_at.append(count)
        squeezed = squeeze(text)
        body = "".join(squeeze(s) for s in theirs)
        # The body follows the title; the first paragraph may repeat it.
        offset = squeezed.rfind(body)
        if offset < 0:
            continue
        their_ends, position = set(), offset
        for sentence in theirs:
            position += len(squeeze(sentence))
            their_ends.add(position)
        our_ends = {}
        for end in ends.get(doc_id, []):
            if squeezed_at[end] > offset:
                our_ends[squeezed_at[end]] = end
        agreed += len(their_ends & our_ends.keys())
        for position in sorted(their_ends - our_ends.keys()):
            misses += 1
            missed.append(squeezed[max(0, position - 50) : position] + " || " + squeezed[position : position + 30])
        for position in sorted(our_ends.keys() - their_ends):
            end = our_ends[position]
            paragraph = text[text.rfind("\n", 0, end) + 1 : end]
            open_quote = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
            if open_quote:
                extra_in_quotes += 1
            else:
                extra += 1
                added.append(text[max(0, end - 60) : end] + " || " + text[end : end + 30])
    total = agreed + misses
    print(f"BASIL authors' sentence boundaries: {total} in {len(reference)} articles")
    print(f"  found by parallax: {agreed} (recall {agreed / total:.4f})")
    print(f"  added inside quotations (split as readers count them): {extra_in_quotes}")
    print(f"  added elsewhere: {extra} (precision without quotation splits {agreed / (agreed + extra):.4f})")
    print(f"--- missed (authors' boundary, first {examples})")
    for line in missed[:examples]:
        print("  ", line)
    print(f"--- added outside quotations (first {examples})")
    for line in added[:examples]:
        print("  ", repr(line))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 20)

"""Issue 3's yardstick, round by round: the blingfire script and parallax's
tokenise stage alternated on one corpus, with each round's ratio and the
medians. A shared machine's speed drifts from minute to minute (the script
took 1.4 s on BBC in one hour and 2.3 s in another); a ratio taken within a
round compares the two under the same load, where figures from separate
runs do not.

    pip install blingfire pyarrow numpy
    cargo build --release
    python benches/yardstick.py ../shared/corpus/bbc-news-2225 --rounds 5

Each round runs `benches/blingfire_baseline.py`, then `parallax run
tokenise` in a process of its own on the documents that one `parallax run
ingest` wrote first, and reads the stage's seconds and peak memory from the
manifest. Neither side counts its start or reading its input: the script
times from its documents in memory, the manifest from the stage's start.
Not run in CI: it is a measurement, and blingfire is not a dependency.
"""

import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT_LINE = re.compile(r"([\d.]+) MB, \d+ tokens, ([\d.]+) s,")


def run_script(python, corpus):
    """The script's megabytes of text and seconds."""
    result = subprocess.run(
        [python, str(ROOT / "benches" / "blingfire_baseline.py"), corpus],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(
            f"the blingfire script failed:\n{result.stderr.strip()}\n"
            f"  hint: `{python} -m pip install blingfire pyarrow numpy`, or pass "
            "--python with a Python that has them"
        )
    found = SCRIPT_LINE.search(result.stdout)
    if found is None:
        sys.exit(f"cannot read the script's timing from: {result.stdout!r}")
    return float(found.group(1)), float(found.group(2))


def run_stage(parallax, stage, output, extra=()):
    """The stage's seconds and peak MiB from the manifest it wrote."""
    subprocess.run(
        [parallax, "run", stage, "--output", output, "--force", "--quiet", *extra],
        cwd=ROOT,
        check=True,
    )
    manifest = json.loads((pathlib.Path(output) / "manifest.json").read_text())
    report = next(s for s in manifest["stages"] if s["stage"] == stage)
    return report["seconds"], report.get("peak_memory_mib")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a folder of articles or a JSONL file")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--parallax", default=str(ROOT / "target" / "release" / "parallax")
    )
    parser.add_argument(
        "--python", default=sys.executable, help="the Python that has blingfire"
    )
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    corpus = str(pathlib.Path(args.corpus).resolve())
    # Resolved here: the stages run from the repository's root (for its
    # pipelines/default.toml), where a relative path would mean another file.
    parallax = pathlib.Path(args.parallax).resolve()
    if not parallax.is_file():
        sys.exit(
            f"no parallax binary at {parallax}: run `cargo build --release` "
            "first, or pass --parallax"
        )
    parallax = str(parallax)

    with tempfile.TemporaryDirectory() as scratch:
        output = str(pathlib.Path(scratch) / "output")
        run_stage(parallax, "ingest", output, ["--input", corpus])
        ratios, stage_rates = [], []
        for round_number in range(1, args.rounds + 1):
            megabytes, script_seconds = run_script(args.python, corpus)
            stage_seconds, peak = run_stage(parallax, "tokenise", output)
            ratio = script_seconds / stage_seconds
            ratios.append(ratio)
            stage_rates.append(megabytes / stage_seconds)
            peak_text = f", peak {peak:.1f} MiB" if peak is not None else ""
            print(
                f"round {round_number}: script {script_seconds:.3f} s "
                f"({megabytes / script_seconds:.1f} MB/s), tokenise {stage_seconds:.3f} s "
                f"({megabytes / stage_seconds:.1f} MB/s{peak_text}), {ratio:.1f}x"
            )
        print(
            f"{args.rounds} rounds: ratio median {statistics.median(ratios):.1f}x "
            f"(range {min(ratios):.1f}-{max(ratios):.1f}x, 10x or more in "
            f"{sum(r >= 10 for r in ratios)}), tokenise median "
            f"{statistics.median(stage_rates):.1f} MB/s"
        )


if __name__ == "__main__":
    main()

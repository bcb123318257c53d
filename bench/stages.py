"""Benchmark: wall time and peak memory of each stage, on raw/, on one document repeated and on a generated corpus.

Each stage runs as its own process (``python -m pipeline <stage>``), as the
Makefile runs it, so its peak resident memory is its own: together they are
the single run (no ``--workers``), report included. ``--generated N`` adds N
documents generated as ``bench/corpus.py`` generates them (Meng-shaped by
default, 2% damaged), the scale at which a stage that grows faster than its
input shows (issue 19: the report's legend-code lookup). Prints a table;
asserts nothing.

    python bench/stages.py [--copies 1000] [--generated 2000 [--shapes meng,hane]]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpus import generate  # noqa: E402
from pipeline import config  # noqa: E402
from pipeline.stages.shell import STAGES  # noqa: E402

REVIEW = "000_513c70c52d57c45f.txt"


def run_stage(stage: str, raw: Path, out: Path) -> tuple[float, float]:
    """Given a stage and folders, run it in a child process; return (seconds, peak RSS in MiB)."""
    command = [sys.executable, "-m", "pipeline", stage, "--out", str(out), "--quiet"]
    if stage in ("extract", "audit"):
        command += ["--raw", str(raw)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{stage} failed on {raw}")
    return elapsed, usage.ru_maxrss / 1024


def corpus_of_copies(copies: int, folder: Path) -> Path:
    """Given a count, return a raw folder holding that many copies of the review, each in the manifest."""
    manifest = pd.read_csv(config.RAW_DIR / config.MANIFEST_NAME, dtype=str).set_index("file")
    review = manifest.loc[REVIEW]
    entries = []
    for number in range(copies):
        name = f"review_{number:05d}.txt"
        shutil.copyfile(config.RAW_DIR / REVIEW, folder / name)
        entries.append(review.rename(name).to_dict() | {"file": name, "document": f"review_{number:05d}"})
    pd.DataFrame(entries).to_csv(folder / config.MANIFEST_NAME, index=False)
    return folder


def bench(label: str, raw: Path) -> None:
    """Given a raw folder, print each stage's time and peak memory."""
    documents = len(list(raw.glob("*.txt")))
    with tempfile.TemporaryDirectory() as out:
        total = 0.0
        for stage in STAGES:
            seconds, peak = run_stage(stage, raw, Path(out))
            total += seconds
            print(f"{label:<22} {documents:>6} {stage:<10} {seconds:>8.2f} {peak:>10.1f}")
        print(f"{label:<22} {documents:>6} {'total':<10} {total:>8.2f} {'':>10}  ({documents / total:,.0f} documents/s)")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies of the review document (default: %(default)s)")
    parser.add_argument("--generated", type=int, default=0, help="also run on this many generated documents (default: none)")
    parser.add_argument("--shapes", type=lambda text: tuple(text.split(",")), default=("meng",), help="their table shapes, of meng,hane (default: meng)")
    args = parser.parse_args(argv)
    print(f"{'input':<22} {'docs':>6} {'stage':<10} {'seconds':>8} {'peak MiB':>10}")
    bench("raw/", config.RAW_DIR)
    with tempfile.TemporaryDirectory() as folder:
        bench(f"review x {args.copies}", corpus_of_copies(args.copies, Path(folder)))
    if args.generated:
        with tempfile.TemporaryDirectory() as folder:
            generate(Path(folder), args.generated, shapes=args.shapes)
            bench(f"generated {'+'.join(args.shapes)}", Path(folder))


if __name__ == "__main__":
    main()

"""Benchmark: our PDF table extraction beside pdfplumber's own ``extract_tables()``, same files, same run.

Writes the test fixture PDFs (both Meng variants and the Hane tables) N times
into a temporary folder, then reads all of them in a child process per reader,
so each peak resident memory is its own. Prints pages per second, peak memory,
the tables each reader found, and the ratio of the two. Asserts nothing.

    python bench/pdf.py [--copies 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from pipeline.captions import caption_match  # noqa: E402
from pipeline.sources.pdf import pdf_to_lines  # noqa: E402
from tests import pdf_fixtures  # noqa: E402

READERS = ("ours", "pdfplumber")


def tables_found(reader: str, path: Path) -> int:
    """Given a reader and a PDF, read every page and return how many tables it found."""
    if reader == "ours":
        lines, _ = pdf_to_lines(path)
        return sum(1 for line in lines if caption_match(line))
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)


def child(reader: str, paths: list[Path]) -> None:
    """Read every file with one reader and print what was found as JSON (run in its own process)."""
    print(json.dumps({"tables": sum(tables_found(reader, path) for path in paths)}))


def measure(reader: str, folder: Path) -> tuple[float, float, int]:
    """Given a reader and a folder of PDFs, return (seconds, peak RSS in MiB, tables found) of a child reading them all."""
    paths = sorted(str(path) for path in folder.glob("*.pdf"))
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", reader, *paths], stdout=subprocess.PIPE)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{reader} failed")
    return elapsed, usage.ru_maxrss / 1024, json.loads(output)["tables"]


def fixture_folder(copies: int, folder: Path) -> int:
    """Given a count, write that many copies of each fixture PDF into the folder; return the number of pages."""
    originals = {name: write(folder / f"{name}.pdf") for name, write in (
        ("booktabs", pdf_fixtures.write_booktabs), ("grid", pdf_fixtures.write_grid), ("hane", pdf_fixtures.write_hane))}
    pages = 0
    for name, original in originals.items():
        with pdfplumber.open(original) as pdf:
            pages += len(pdf.pages) * copies
        for number in range(1, copies):
            shutil.copyfile(original, folder / f"{name}_{number:04d}.pdf")
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of each fixture PDF (default: %(default)s)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], [Path(path) for path in args.child[1:]])
        return
    with tempfile.TemporaryDirectory() as folder:
        pages = fixture_folder(args.copies, Path(folder))
        files = len(list(Path(folder).glob("*.pdf")))
        print(f"{files} PDFs, {pages} pages (Meng booktabs and grid, 2 pages each; Hane, 1 page)")
        print(f"{'reader':<26} {'seconds':>8} {'pages/s':>8} {'peak MiB':>9} {'tables found':>13}")
        results = {reader: measure(reader, Path(folder)) for reader in READERS}
        for reader, (seconds, peak, tables) in results.items():
            label = "pipeline.sources.pdf (ours)" if reader == "ours" else "pdfplumber extract_tables"
            print(f"{label:<26} {seconds:>8.2f} {pages / seconds:>8.1f} {peak:>9.0f} {tables:>13}")
        ratio = results["ours"][0] / results["pdfplumber"][0]
        print(f"time ratio ours / extract_tables(): {ratio:.2f}; tables expected: {files // 3 * 4}")


if __name__ == "__main__":
    main()

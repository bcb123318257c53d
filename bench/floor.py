"""The floor of the corpus benchmark: read every file of a folder and run one regex pass over it, nothing else.

Run as its own process by ``bench/corpus.py``, with as many worker processes
as the pipeline gets, and importing no more than the regex module, so its
time is what the machine takes to get the corpus's text through Python once.
Prints the number of cell lines found.

    python bench/floor.py DIR [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import regex

# Every tab-led cell line: what a word-processor export is made of.
CELL_LINE = regex.compile(r"(?m)^\t.*$")


def cell_lines(paths: list[str]) -> int:
    """Given file paths, read and decode each and count its cell lines with one regex pass; return the total."""
    return sum(len(CELL_LINE.findall(Path(path).read_bytes().decode("utf-8", "replace"))) for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: %(default)s)")
    args = parser.parse_args()
    paths = sorted(str(path) for path in args.folder.iterdir())
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        print(sum(pool.map(cell_lines, [paths[start :: args.workers] for start in range(args.workers)])))


if __name__ == "__main__":
    main()

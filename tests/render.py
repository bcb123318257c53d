"""Renderers: a grid of cell strings → document text in each supported layout.

The property tests render random tables of the seed shapes and parse them
back; the synthetic corpus of the benchmarks renders with the same functions.
"""

from __future__ import annotations

import random
from typing import Sequence

from pipeline.headers import PATH_SEPARATOR
from pipeline.spec import TableSpec

# The seed shape of Meng et al.'s Table 1: its caption and column paths.
MENG_CAPTION = "Table 1 Summary of published colorectal cancer-derived anal metastasis cases"
MENG_PATHS = (
    "Ref.", "Sex", "Age", "Anal disease history", "Primary tumor / Location", "Primary tumor / Surgery",
    "Primary tumor / Stage", "Primary tumor / Pathology", "BVI", "Lymph nodes", "Anal metastasis / Symptoms",
    "Anal metastasis / Time after primary surgery", "Anal metastasis / Surgery", "Anal metastasis / Pathology",
    "Anal metastasis / Chemo or radiotherapy", "Follow-up time (mo) and recurrence",
)


def header_rows(paths: Sequence[str]) -> list[list[str]]:
    """Given column paths, return the header rows as a word processor exports them.

    One path level gives one row. With two levels the upper row writes each
    spanning label once ("Primary tumor" over its four columns) and the lower
    row is full width, blank under the columns without a sub-label.
    """
    split = [path.split(PATH_SEPARATOR) for path in paths]
    if all(len(parts) == 1 for parts in split):
        return [[parts[0] for parts in split]]
    upper: list[str] = []
    for index, parts in enumerate(split):
        if index == 0 or len(parts) == 1 or parts[0] != split[index - 1][0]:
            upper.append(parts[0])
    lower = [parts[1] if len(parts) > 1 else "" for parts in split]
    return [upper, lower]


def cell_per_line(caption: str, paths: Sequence[str], rows: Sequence[Sequence[str]], legend: str = "", prose: str = "") -> str:
    """Given a caption, column paths, body rows and a legend, return a document in the one-cell-per-line layout."""
    lines = [prose, caption] if prose else [caption]
    for row in [*header_rows(paths), *rows]:
        lines += [f"\t{cell}" for cell in row] + [""]
    if legend:
        lines.append(legend)
    return "\n".join(lines) + "\n"


def wrap(text: str, rng: random.Random, share: float = 0.3) -> str:
    """Given a cell's text, return it with some of its spaces turned into line breaks, as a narrow PDF column wraps."""
    return "".join("\n" if character == " " and rng.random() < share else character for character in text)


def text_stream(
    caption: str,
    labels: Sequence[str],
    rows: Sequence[Sequence[str]],
    rng: random.Random,
    free_text: Sequence[bool] = (),
    displaced: tuple[int, int] | None = None,
) -> str:
    """Given a caption, header labels and body rows, return the table as PDF text extraction emits it.

    Header labels come first, then each row's cells in column order; a cell may
    wrap over lines, cells of one row may share a line, and a free-text cell is
    closed by a blank line (its own line breaks are single). A ``displaced``
    (row, column) cell is emitted last, on its own line, as Hane et al.'s
    Table 2 prints Kobayashi's 38.
    """
    header = "\n\n".join(wrap(label, rng) for label in labels if label)
    body = []
    for row_number, row in enumerate(rows):
        for column, cell in enumerate(row):
            if (row_number, column) == displaced:
                continue
            closes_free_text = column < len(free_text) and free_text[column]
            last = column == len(row) - 1
            separator = "\n\n" if last or closes_free_text else rng.choice(["\n\n", "\n", " "])
            body.append(wrap(cell, rng) + separator)
    if displaced is not None:
        body.append(rows[displaced[0]][displaced[1]] + "\n")
    return f"{caption}\n{header}\n\n" + "".join(body)


def spec_stream(number: int, spec: TableSpec, rows: Sequence[Sequence[str]], rng: random.Random, displaced: tuple[int, int] | None = None) -> str:
    """Given a table number, a stream table's spec and body rows, return "Table N" of the spec's shape as PDF text extraction emits it."""
    columns = spec.layout_options["columns"]
    return text_stream(f"Table {number} {spec.caption}", [c.label for c in columns], rows, rng, [c.free_text for c in columns], displaced)

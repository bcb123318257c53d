"""PDF text stream of a summary table: one line a row, a label followed by statistic-shaped cells.

A characteristics or association table exported as text keeps one line per
row, its cells separated by single spaces, and drops blank cells. Such a
block is a summary stream when most of its rows end in summary-statistic
cells ("30 (62.5)", "57.4 ± 8.0", "1.23 (0.98–1.54)", "<0.001": the shapes
of ``values.statistics``). It is read in three steps:

- **columns**: a cell may hold spaces ("30 (62.5)", "29.7, 49.5"); words
  split at ordinary spaces only, so a thousand grouped by a thin space is
  one word. The header's lines (each line's labels, one perhaps the label
  column's) and the rows printing most cells say how many value columns
  there may be; the count that places most rows wins.
- **header**: the lines above the first row, split into labels by
  ``layouts.stream_header``: the line naming the columns, lines above it
  spanning them evenly ("Goats Sheep" over two runs of "n Seroprevalence
  (%) 95% C.I."), lines below it of group sizes or statistic names
  ("n = 4924 n = 335 924") their lower level.
- **rows**: one per line, a blank line a spacer row. A row's label is the
  shortest run of leading words after which the rest is placed, or one word
  more ("ECOG status 0"), never more, so no value hides in a label. A row
  whose next word may open a space-grouped number ("ECOG 1 288 (69.9)") is
  ambiguous. A row of fewer cells than columns is placed only by a declared
  rule: as many cells as the non-p-value columns (the p-values blank), or
  only p-values (a group row with its test); with none, a label row. Any other row, or one that two
  splits of its words read differently, keeps its cells as one text cell
  and the grid's notes name it; the cell carries the repair
  ``UNPLACED_REPAIR``, so the long form keeps it unread and reports it.

The block ends at the first line after a row that opens a legend ("SD:
standard deviation; …", "* Reference category", "Values are …"); the legend
stays the table's (``extract``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Mapping, Sequence

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.header_text import GROUP_SIZE
from pipeline.kinds.labels import path_to_group
from pipeline.kinds.summary import DEFAULT_MISSING, UNPLACED_REPAIR
from pipeline.layouts import text_stream
from pipeline.layouts.stream_header import header_labels, header_to_paths
from pipeline.legend import starts_legend
from pipeline.values.statistics import shape_of, split_marker

NAME = "pdf-summary-stream"
# The most words one cell spans ("12/100 (12.0)" is two, "1.23 (0.98 – 1.54)" four).
MAX_CELL_WORDS = 5
# Enough rows reading as summary cells to call the block a summary table, and the share of its rows they must be.
MIN_ROWS, MIN_SHARE = 3, 0.5
# The lines from a block's top that must look like a summary table before all of it is read.
SNIFF_LINES = 20


@lru_cache(maxsize=65536)
def is_value(text: str) -> bool:
    """Given a run of words, return whether it is one value cell: a summary shape (markers aside) or a missing code ("NR", "–")."""
    return shape_of(text) is not None or split_marker(text)[0] in DEFAULT_MISSING


def is_p_cell(text: str) -> bool:
    """Given a value cell, return whether a p-value column can hold it ("0.04*", "<0.001", "NS", "–")."""
    value = split_marker(text)[0]
    shape = shape_of(text)
    return value in DEFAULT_MISSING or value.casefold() in ("ns", "n.s.") or (shape is not None and "p_value" in shape.candidates)


def splits(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Given words, return every way to read all of them as value cells, each cell's words joined by single spaces (at most 64)."""
    return list(_splits(words))[:64]


@lru_cache(maxsize=16384)
def _splits(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    if not words:
        return ((),)
    found: list[tuple[str, ...]] = []
    for size in range(1, min(MAX_CELL_WORDS, len(words)) + 1):
        cell = " ".join(words[:size])
        if is_value(cell):
            found.extend((cell, *rest) for rest in _splits(words[size:]))
    return tuple(found[:64])


def words_of(text: str) -> tuple[str, ...]:
    """Given a line, return its words: split at ordinary spaces only, so a number grouped by a thin space ("335\u2009924") stays one word."""
    return tuple(word for word in text.strip().split(" ") if word)


def row_readings(words: Sequence[str], start: int = 1) -> tuple[int, list[tuple[str, ...]]]:
    """Given a line's words, return where its label ends (the shortest leading run, from ``start`` words, after which the rest reads as cells)
    and the ways to read the rest."""
    if not any(is_value(" ".join(words[-size:])) for size in range(1, min(MAX_CELL_WORDS, len(words)) + 1)):
        return len(words), [()]  # a line that ends in no value (prose, a label) is read at once, not split every way
    for end in range(start, len(words)):
        found = splits(tuple(words[end:]))
        if found:
            return end, found
    return len(words), [()]


def fewest_cells(words: Sequence[str]) -> int:
    """Given a line's words, return the fewest value cells its shortest label leaves (0 for a label row)."""
    return min(len(cells) for cells in row_readings(words)[1])


def place(cells: tuple[str, ...], width: int, p_columns: frozenset[int]) -> tuple[str, ...] | None:
    """Given a row's value cells, the number of value columns and which hold p-values, return the cells by column, or None when no rule places them."""
    others = [column for column in range(width) if column not in p_columns]
    if len(cells) == width:
        placed = cells
    elif cells and len(cells) == len(others) and p_columns:
        placed = tuple(cells[others.index(column)] if column in others else "" for column in range(width))
    elif cells and len(cells) == len(p_columns):
        ordered = sorted(p_columns)
        placed = tuple(cells[ordered.index(column)] if column in p_columns else "" for column in range(width))
    elif not cells:
        return ("",) * width
    else:
        return None
    return placed if all(not placed[column] or is_p_cell(placed[column]) for column in p_columns) else None


def _grouped_start(word: str, cells: Sequence[str]) -> bool:
    """Given the word after a label and the cells placed after it, return whether the first cell opens with that word as a space-grouped number."""
    first = next((cell for cell in cells if cell), "")
    rest = first[len(word) + 1:]
    return word.isdigit() and len(word) <= 3 and first.startswith(word + " ") and rest[:3].isdigit() and not rest[3:4].isdigit()


def lines_to_block(lines: Sequence[Line]) -> list[Line]:
    """Given the lines after a caption, return the table's: up to the first line after a row that opens a legend, without trailing blank lines.

    A header line may look like a legend's start ("n Seroprevalence (%)" as "a Values …"), so only a line after a row can end the table.
    """
    block: list[Line] = []
    rows_seen = False
    for number, text in lines:
        if rows_seen and text.strip() and starts_legend(text):
            break
        block.append((number, text))
        rows_seen = rows_seen or bool(text.strip() and fewest_cells(words_of(text)))
    while block and not block[-1][1].strip():
        block.pop()
    return block


def sniff(lines: Sequence[Line]) -> bool:
    """Given the lines after a caption, return whether they read as a summary stream (rows of a label and summary cells, and a header that fits)."""
    # Most rows of a summary table print two cells or more from its top on: its first lines decide before the whole block is read.
    first = [text for _, text in lines if text.strip()][:SNIFF_LINES]
    rows = sum(fewest_cells(words_of(text)) >= 2 for text in first)
    if rows < min(MIN_ROWS, len(first)) or rows < MIN_SHARE * len(first) / 2:
        return False
    try:
        lines_to_grid(lines, {})
    except InputError:
        return False
    return True


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object] | None = None) -> Grid:
    """Given the lines after a caption, return the summary table's grid; InputError if it is not one.

    A spec that declares stream columns reads the block as the text stream it then is (``text_stream``).
    """
    if options and "columns" in options:
        return text_stream.lines_to_grid(lines, options)
    block = lines_to_block(lines)
    filled = [(number, text) for number, text in block if text.strip()]
    fewest = [fewest_cells(words_of(text)) for _, text in filled]
    # The body starts at the first line of two cells or more: a header line may end in a number ("Grade 3 or 4"), and where the
    # header proves shorter the lines left are rows.
    body_start = next((index for least in (2, 1) for index, (_, text) in enumerate(filled) if fewest[index] >= least and not GROUP_SIZE.search(text)), None)
    rows_read = sum(count >= 2 for count in fewest)
    if body_start is None or rows_read < MIN_ROWS or rows_read < MIN_SHARE * len(filled):
        raise InputError("not a summary table stream: too few rows of a label followed by summary-statistic cells")
    header = [text for _, text in filled[:body_start]]
    # The header says how many value columns there may be (each line's labels, one of them perhaps the label column's), and so do the
    # rows printing most cells; the body says which fits.
    widest = Counter(count for count in fewest[body_start:] if count >= 2).most_common(1)
    candidates = sorted({len(header_labels(text)) - stub for text in header for stub in (0, 1)} - {0} | {count for count, _ in widest}, reverse=True)
    best: tuple[int, int, tuple[str, ...], int] | None = None
    for width in candidates:
        # Label rows right above the first row ("Goats", "Sex") are group rows, not header: the header ends where its columns fit.
        used, paths = next(((end, found) for end in range(len(header), 0, -1) if (found := header_to_paths(header[:end], width))), (0, None))
        if paths is None:
            continue
        p_columns = frozenset(index - 1 for index, path in enumerate(paths) if index and path_to_group(path).p_value)
        placed = sum(line_to_row(number, text, width, p_columns)[1] is None for number, text in filled[used:])
        if best is None or placed > best[0]:
            best = (placed, width, paths, used)
    if best is None or best[0] < MIN_SHARE * (len(filled) - best[3]):
        raise InputError("not a summary table stream: no header line splits into value columns that most rows fill")
    _, width, paths, used = best
    body = block[block.index(filled[used - 1]) + 1:]
    while body and not body[0][1].strip():
        body.pop(0)
    p_columns = frozenset(index - 1 for index, path in enumerate(paths) if index and path_to_group(path).p_value)
    rows, notes = [], []
    for number, text in body:
        row, note = line_to_row(number, text, width, p_columns)
        rows.append(row)
        if note:
            notes.append(note)
    return Grid(paths=paths, rows=tuple(rows), notes=tuple(notes))


def line_to_row(number: int, text: str, width: int, p_columns: frozenset[int]) -> tuple[tuple[Cell, ...], str | None]:
    """Given a body line, its document line and the table's columns, return its row of cells and a note when no rule places them.

    The label is the shortest leading run of words after which the rest is placed by a rule; a line of no cells is a label row.
    """
    blank = tuple(Cell("", number) for _ in range(width))
    if not text.strip():
        return (Cell("", number), *blank), None
    indent = len(text) - len(text.lstrip(" "))
    words = words_of(text)
    shortest, readings = row_readings(words)
    if shortest == len(words):
        return (Cell(" ".join(words), number, indent=indent), *blank), None
    placed = {found for cells in readings if (found := place(cells, width, p_columns)) is not None}
    end = shortest
    if not placed and shortest + 1 < len(words):
        # A label may end in a number ("ECOG status 0"): one more word of label, no more, so values never hide in a label.
        end = shortest + 1
        placed = {found for cells in splits(words[end:]) if (found := place(cells, width, p_columns)) is not None}
    elif len(placed) == 1 and _grouped_start(words[end], next(iter(placed))) \
            and any(place(cells, width, p_columns) for cells in splits(words[end + 1:])):
        placed.add(blank)  # "ECOG 1 288 (69.9)": a label "ECOG 1" and 288, or a count of 1,288? Either may be meant.
    if len(placed) == 1:
        [cells] = placed
        return (Cell(" ".join(words[:end]), number, indent=indent), *(Cell(cell, number) for cell in cells)), None
    label = " ".join(words[:shortest])
    rest = " ".join(words[shortest:])
    why = "two splits of its words read differently" if placed else f"no split of its words into cells fits a rule for {width} columns"
    note = f"line {number} ({label!r}): its cells {rest!r} are kept as one text cell: {why}"
    return (Cell(label, number, indent=indent), Cell(rest, number, UNPLACED_REPAIR), *blank[1:]), note

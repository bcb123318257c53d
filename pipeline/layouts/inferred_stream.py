"""PDF text stream without a spec: infer the header, the column types and the placement together.

A curated spec gives the stream parser a pattern per column. Auto mode has
none, so it reads the stream as a grid whose first row is the header and
whose columns are typed by the generic value types of ``pipeline.auto``:

- the reading-order rules of ``text_stream`` hold: a row's cells come in
  column order, a column's cells in row order (so a column's header precedes
  its cells), words sharing a line belong to one row, and no cell crosses a
  blank line;
- a header cell is a label: a capitalised word, the lower-case words and
  numbers after it and a parenthesised unit ("Tumor size (mm)"), with no
  value type of its own;
- every body cell of a column reads as one value type (or is a missing code
  such as a lone dash): a column is numeric, or a citation, or plain text,
  never a mix; the first column has no missing cells;
- the table ends at a blank line where every row is complete and what follows
  cannot start another row.


Readings are searched row-major first: the header, then one row at a time.
Only when that cannot read as far as the text allows are more rows let open
at once (Hane's Table 1 interleaves its header and all three rows, as a PDF
laid out in two column groups does). Of the readings found, the one that
reads most of the block wins, then the one with the fewest rows open, then
the fewest plain-text columns, the most columns and the fewest switches
between rows; if readings that differ in a cell tie, the grid says so in its
notes. A table whose first column has no header is read with an unnamed
first column when that reads better. A table whose rows cannot be completed
is read again with the block's last line as a cell displaced to the end of
the text (as PDF extraction does), placed in the row and column its type
fits; the placement is recorded as a repair and a note, never made silently.

The reader is in three modules: ``inferred_cells`` finds the cells that may
start at each word (header labels, typed body cells), ``inferred_search``
searches for the best placement of them, and this one tries the ways to read
a block (first column named or not, last line in place or displaced) and
turns the best reading into a grid.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.headers import unnamed_column
from pipeline.layouts.inferred_cells import Stream, Word, stream_words
from pipeline.layouts.inferred_search import MAX_OPEN_ROWS, Placed, Reader, Reading, SearchBound, cyclic_collection_paused

DISPLACED_REPAIR = "displaced-last-line"
DISPLACED_REASON = (
    "No reading completes this row, so the block's last line, standing alone after the table, is read as its missing "
    "cell (PDF text extraction pushes a cell past the table); the column is the one its type fits: check it in the source."
)


def displaced_line(lines: Sequence[Line]) -> Word | None:
    """Given block lines, return their last line as one word, if it stands alone (a blank line before it)."""
    filled = [index for index, (_, text) in enumerate(lines) if text.strip()]
    if len(filled) < 2 or filled[-1] - filled[-2] < 2:
        return None
    number, text = lines[filled[-1]]
    return Word(" ".join(text.split()), number, -1, -1)


def best_reading(lines: Sequence[Line]) -> tuple[Reader, Reading, str | None, tuple[Reader, Reading] | None] | None:
    """Given block lines, return the reader, the best reading over the ways to read them, a note if the search was
    cut short, and the best reading of another way that reads as much with as few rows open, if any.

    The first column is named or unnamed, and the block's last line is in
    place or displaced from a row. Every way is searched with one row open
    at a time, then every way with two, and so on up to ``MAX_OPEN_ROWS``,
    until a reading reads as far as the text allows (its readable end). A way
    drops out when the limit held no row back (more rows open would read the
    same) or its search hits its bound. The reading that reads most of the
    block wins; on a tie, the one with fewer rows open, then no displaced
    cell, then the better score, then a named first column.
    """
    whole = Stream.of(stream_words(lines))
    ways: list[tuple[Stream, Word | None, bool]] = [(whole, None, False), (whole, None, True)]
    if displaced := displaced_line(lines):
        kept = whole.head(len(whole.words) - len(displaced.text.split()))
        ways += [(kept, displaced, False), (kept, displaced, True)]
    limit = whole.readable_end()
    searching, cut, found = list(range(len(ways))), None, []
    for open_rows in range(1, MAX_OPEN_ROWS + 1):
        for order in list(searching):
            stream, displaced, unnamed_first = ways[order]
            reader = Reader(stream, unnamed_first, displaced, open_rows)
            try:
                reading = reader.read()
            except SearchBound:
                cut = cut or open_rows
                searching.remove(order)
                continue
            if reading is not None:
                words_read = -reading.score[0] + len(whole.words) - len(stream.words)  # a displaced line is read too
                found.append(((-words_read, open_rows, displaced is not None, *reading.score[1:], order), reader, reading))
            if not reader.held_back:
                searching.remove(order)
        if not searching or any(-key[0] >= limit for key, _, _ in found):
            break
    cut_short = f"readings with {cut} or more rows open at once were not searched (too many)" if cut else None
    if not found:
        if cut_short:
            raise InputError(f"auto mode found too many ways to read the table text: {cut_short}; a table spec with column patterns can read it")
        return None
    found.sort(key=lambda item: item[0])
    (best, reader, reading), rivals = found[0], found[1:]
    # The last line displaced or in place, read as far with as few rows open: both fit the text, and only the order
    # of preference picked one (a named first column over an unnamed one is the header's own evidence, not a tie).
    rival = next(
        ((other, read) for key, other, read in rivals if key[:2] == best[:2] and other.unnamed_first == reader.unnamed_first),
        None,
    )
    return reader, reading, cut_short, rival


def reading_to_grid(reader: Reader, cells: Sequence[Placed]) -> Grid:
    """Given a reader and the cells of a reading, return its grid: header labels as paths, body cells with their lines."""
    labels = {cell.column: reader.text(cell) for cell in cells if cell.row == 0}
    width = max(cell.column for cell in cells) + 1
    paths = tuple(labels.get(column, unnamed_column(column)) for column in range(width))
    body: dict[int, dict[int, Cell]] = {}
    for cell in cells:
        if cell.row:
            displaced = cell.first < 0
            line = reader.displaced.line if displaced else reader.words[cell.first].line
            body.setdefault(cell.row, {})[cell.column] = Cell(reader.text(cell), line, DISPLACED_REPAIR if displaced else None)
    rows = tuple(tuple(body[row][column] for column in range(width)) for row in sorted(body))
    return Grid(paths=paths, rows=rows, repairs=(DISPLACED_REPAIR,) if reader.displaced else ())


def lines_to_grid(lines: Sequence[Line]) -> Grid:
    """Given the lines after a caption, return the grid auto mode reads, with notes on a displaced cell and on ties."""
    with cyclic_collection_paused():
        found = best_reading(list(lines))
    if found is None:
        raise InputError("auto mode found no reading of the table text as a header followed by rows of typed cells")
    reader, reading, cut_short, rival = found
    grid = reading_to_grid(reader, reading.cells())
    notes = [cut_short] if cut_short else []
    if reader.displaced is not None:
        row, column = next((r, c) for r, cells in enumerate(grid.rows, 1) for c, cell in enumerate(cells) if cell.repair)
        notes.append(
            f"line {reader.displaced.line} ({reader.displaced.text!r}), the block's last line, is read as the cell "
            f"displaced from row {row}, column {grid.paths[column]!r}: without it that row is one cell short"
        )
    other = reading_to_grid(reader, reading.tied.cells()) if reading.tied is not None else None
    if other is None and rival is not None and differences(grid, candidate := reading_to_grid(rival[0], rival[1].cells())):
        other = candidate
    if other is not None:
        notes.append("another reading fits the text as well; it differs in " + differences(grid, other))
    return Grid(paths=grid.paths, rows=grid.rows, repairs=grid.repairs, notes=tuple(notes))


def differences(grid: Grid, other: Grid) -> str:
    """Given the chosen grid and another reading, return where they differ, briefly."""
    if grid.paths != other.paths or len(grid.rows) != len(other.rows):
        return f"its header {list(other.paths)} and {len(other.rows)} rows"
    return ", ".join(
        f"row {number} {grid.paths[column]!r} ({cell.text!r} or {other.rows[number - 1][column].text!r})"
        for number, row in enumerate(grid.rows, 1)
        for column, cell in enumerate(row)
        if cell.text != other.rows[number - 1][column].text
    )

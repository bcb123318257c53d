"""Word-processor export: one cell per line after a tab, a blank line between rows.

The header is the first row plus the rows after it that read as header rows
(``continues_header``); spanning labels may be padded with blank cells or
written once, and ``pipeline.headers`` spreads them over their columns.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping, Sequence

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.header_text import is_header_text, is_header_token
from pipeline.headers import PATH_SEPARATOR, HeaderError, TiedHeaderError, header_rows_to_paths
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import shape_of

NAME = "cell-per-line"
CELL_PREFIX = "\t"
# The first rows, among which a header's lowest row, naming every column, lies.
HEADER_ROWS_SEEN = 3


def sniff(lines: Sequence[Line]) -> bool:
    """Given a table block, return whether its first non-blank line is a tab-led cell."""
    first = next((text for _, text in lines if text.strip()), "")
    return first.startswith(CELL_PREFIX)


def lines_to_block(lines: Sequence[Line]) -> list[Line]:
    """Given the lines after a caption, return those of the table body (tab-led or blank)."""
    block: list[Line] = []
    for number, text in lines:
        if text.strip() and not text.startswith(CELL_PREFIX):
            break
        block.append((number, text))
    # Trailing blank lines end the block; a tab-only line is an empty cell, so it stays.
    while block and not block[-1][1].startswith(CELL_PREFIX) and not block[-1][1].strip():
        block.pop()
    return block


def block_to_rows(block: Sequence[Line]) -> list[list[Cell]]:
    """Given body lines, return rows of cells split at lines without a tab.

    A line holding only the tab is an empty cell, not a row break.
    """
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    for number, text in block:
        if text.startswith(CELL_PREFIX):
            printed = text[len(CELL_PREFIX):]
            current.append(Cell(printed.strip(), number, None, len(printed) - len(printed.lstrip())))
        elif current:
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def open_columns(header: Sequence[Sequence[Cell]], width: int) -> list[int] | None:
    """Given the header rows so far and the table's width, return the columns the last row leaves for a row below to name:
    blank cells right of a label in it that no row above names (a padded span's), or all of them (None) when its spanning
    labels are written once (it is shorter than the table) or it is a title over the whole table (a first cell alone).
    A full row under rows written once names every column itself: it leaves none."""
    texts = [cell.text for cell in header[-1]]
    if len(texts) < width or (texts[0] and not any(texts[1:])):
        return None
    if any(len(row) < width for row in header[:-1]):
        return []
    named_above = {position for row in header[:-1] for position, cell in enumerate(row) if cell.text}
    return [position for position in range(2, width) if not texts[position] and any(texts[1:position]) and position not in named_above]


def continues_header(header: Sequence[Sequence[Cell]], row: Sequence[Cell], width: int) -> bool:
    """Given the header rows so far, the row after them and the table's width, return whether that row is a header row too.

    It is when, with something printed after its first cell (a label alone
    is a group row), every cell after the first is a group size or a
    statistic's name ("n = 4924", "n (%)", "95% C.I."), filling half the
    columns or more where its first cell is printed; or, its first cell
    blank, every cell is header text (no value: "Intervention n = 558",
    "Model 1a"); or the row above leaves columns open (``open_columns``) and
    every cell is header text ("Subgroup", "Total", "<1 year"), or its first
    cell is blank and it names every column left open ("1995", "1999").
    """
    texts = [cell.text for cell in row]
    rest = [text for text in texts[1:] if text]
    if not rest:
        return False
    # Under a printed first cell, statistic names fill most columns: a row printing a label and one "%" is a body row.
    if all(is_header_token(text) for text in rest) and (not texts[0] or 2 * len(rest) >= len(texts) - 1):
        return True
    if not texts[0] and all(is_header_text(text) for text in rest):
        return True
    left_open = open_columns(header, width)
    if left_open == []:
        return False
    if all(is_header_text(text) for text in texts):
        return True
    if left_open is None:  # the row above is written once: the row naming its columns leaves blank only the stub's, on the left
        first = next(position for position, text in enumerate(texts) if text)
        left_open = list(range(first, width))
    return not texts[0] and len(texts) == width and all(texts[position] for position in left_open)


def label_columns(body: Sequence[Sequence[Cell]], width: int) -> int:
    """Given the body rows and the table's width, return how many leading columns hold labels (at most three, the first always):
    columns whose first printed cells are mostly words, not values (a level may be "0" or "1 to 2")."""
    count = 1
    while count < min(3, width - 1):
        # Its first dozen printed cells tell a column of labels from one of values.
        texts = [row[count].text for row in body if len(row) == width and row[count].text][:12]
        if not texts or sum(is_header_text(text) for text in texts) * 2 <= len(texts):
            break
        count += 1
    return count


def pad_group_row(row: Sequence[Cell], width: int) -> Sequence[Cell]:
    """Given a body row and the table's width, return a lone label (a spanning group row the export wrote as one cell) padded with blanks.

    The caller weighs a short last row, which may mean the table was cut off.
    """
    if len(row) == 1 and width > 1 and row[0].text:
        return [row[0], *(Cell("", row[0].line) for _ in range(width - 1))]
    return row


def spread_over_groups(row: Sequence[Cell], paths: Sequence[str], labels: int) -> Sequence[Cell]:
    """Given a body row shorter than the table, its header paths and its label columns, return the row with one value for all
    the value columns, or one per top-level column group where every group spans columns, each under its group's first column,
    as a word processor writes a cell spanning a group's columns once ("HR 0.50 (0.39, 0.63)" across an arm's two columns).
    Any other short row is left alone: with a single column among the groups, one cell fewer may be a cell lost."""
    values = row[labels:]
    tops = [path.split(PATH_SEPARATOR)[0] for path in paths[labels:]]
    starts = [index for index, top in enumerate(tops) if index == 0 or top != tops[index - 1]]
    spanning = all(end - start > 1 for start, end in zip(starts, [*starts[1:], len(tops)]))
    if len(row) <= labels or len(row) >= len(paths) or (len(values) > 1 and (len(values) != len(starts) or not spanning)):
        return row
    spread = [Cell("", values[0].line) for _ in tops]
    for start, cell in zip(starts, values):
        spread[start] = cell
    return [*row[:labels], *spread]


def column_statistics(body: Sequence[Sequence[Cell]], width: int, labels: int) -> list[frozenset[str]]:
    """Given the body rows, the table's width and its label columns, return the statistics each column's first printed cells can be
    (none for a label column), which a header laid over it must not contradict."""
    statistics: list[frozenset[str]] = [frozenset()] * labels
    for column in range(labels, width):
        shapes = [shape_of(row[column].text) for row in body if len(row) == width and row[column].text][:12]
        statistics.append(frozenset(candidate for shape in shapes if shape is not None for candidate in shape.candidates))
    return statistics


def table_width(rows: Sequence[Sequence[Cell]]) -> int:
    """Given a table's rows, return its width: the commonest number of cells of a row of more than one (the widest on a tie),
    since header rows and group rows written once are shorter, and a row with a cell too many is an error, not the width;
    but a wider count the header's rows print and another row too is the width, where rows spanning column groups outnumber
    the full ones (hazard ratios written once across each arm pair, under four arms)."""
    counts = Counter(len(row) for row in rows if len(row) > 1)
    if not counts:
        return max(len(row) for row in rows)
    commonest = max(counts, key=lambda count: (counts[count], count))
    header = {len(row) for row in rows[:HEADER_ROWS_SEEN]}
    return max((count for count in counts if count > commonest and counts[count] >= 2 and count in header), default=commonest)


def written_once_to_paths(texts: tuple[tuple[str, ...], ...], width: int, labels: int, body: Sequence[Sequence[Cell]]) -> list[str]:
    """Given the header rows' texts, the table's width, its label columns and body rows, return the columns' paths.

    What the body's cells can be weighs only where a header is written once: at once where it names a statistic a column
    could contradict, else only to settle spans the labels leave tied (sibling spans over no sub-labels told apart by what
    their columns print: each arm's count, then its bracketed share). Reading the body's shapes is a tenth of a table's time.
    """
    if all(len(row) == width for row in texts):
        return header_rows_to_paths(texts, width, labels, ())
    if any(statistic_named(text) for row in texts for text in row):
        return header_rows_to_paths(texts, width, labels, tuple(column_statistics(body, width, labels)))
    try:
        return header_rows_to_paths(texts, width, labels, ())
    except TiedHeaderError:
        return header_rows_to_paths(texts, width, labels, tuple(column_statistics(body, width, labels)))


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object]) -> Grid:
    """Given the lines after a caption, return the grid with header paths and body rows."""
    rows = block_to_rows(lines_to_block(lines))
    if not rows:
        raise InputError("table has no tab-led cell lines", line=lines[0][0] if lines else None)
    width = table_width(rows)
    header_count = options.get("header_rows")
    if header_count is None:
        header_count = 1
        while header_count < len(rows) and continues_header(rows[:header_count], rows[header_count], width):
            header_count += 1
    header, body = rows[:header_count], rows[header_count:]
    try:
        labels = label_columns(body, width)
        texts = tuple(tuple(cell.text for cell in row) for row in header)
        paths = written_once_to_paths(texts, width, labels, body)
    except HeaderError as err:
        raise InputError(str(err), line=header[0][0].line) from err
    body, notes = list(body), []
    groups = sum(len(row) == 1 for row in body[:-1])
    spread = 0
    for position, row in enumerate(body[:-1]):  # a short last row is weighed below: there it may mean the table was cut off
        padded = pad_group_row(row, len(paths))
        body[position] = spread_over_groups(padded, paths, labels)
        if body[position] is not padded:
            spread += 1
            notes.append(f"line {row[0].line}: {len(row) - labels} value cells read as spanning the column groups, each under its group's first column")
    if body and spread and (last := spread_over_groups(body[-1], paths, labels)) is not body[-1]:
        # A last row spanning the groups as rows above it do ("Interaction … P = 0.15" across an arm's columns) is one more of them.
        notes.append(f"line {body[-1][0].line}: the last row's {len(body[-1]) - labels} value cells read as spanning the column groups, "
                     f"as {spread} rows above do; if the table was cut off there, they are its first cells instead")
        body[-1] = last
    if body and len(body[-1]) == 1 < len(paths) and groups:
        # A lone label last, in a table of group rows written as lone labels, is one of them (a transcript stopping at a group's label).
        body[-1] = pad_group_row(body[-1], len(paths))
        notes.append(f"line {body[-1][0].line}: the last row prints a label only and is read as a group row, as are the "
                     f"{groups} written so above it; if the table was cut off there, its values are missing")
    for position, row in enumerate(body):
        if len(row) != len(paths):
            cut_off = position == len(body) - 1 and len(row) < len(paths)
            raise InputError(
                f"body row has {len(row)} cells but the header has {len(paths)} columns"
                + ("; it is the table's last row, so the table may be cut off" if cut_off else ""),
                line=row[0].line,
                value=next((cell.text for cell in row if cell.text), ""),
            )
    return Grid(paths=tuple(paths), rows=tuple(tuple(row) for row in body), notes=tuple(notes))

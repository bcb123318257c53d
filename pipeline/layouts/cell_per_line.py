"""Word-processor export: one cell per line after a tab, a blank line between rows.

The header is the first row plus any following rows that look like header
rows (blank first cell, no digits); spanning labels of the upper header row
are written once, so ``pipeline.headers`` spreads them over their columns.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import regex

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.headers import HeaderError, header_rows_to_paths, is_header_token

NAME = "cell-per-line"
CELL_PREFIX = "\t"
DIGIT = regex.compile(r"\d")


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
            current.append(Cell(printed.strip(), number, indent=len(printed) - len(printed.lstrip())))
        elif current:
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def is_header_row(row: Sequence[Cell]) -> bool:
    """Given a row after the first, return whether it continues the header: a blank first cell and no digits,
    or, after any first cell, nothing but header text (group sizes "n = 4924", statistic names "n (%)", "95% C.I.")."""
    if not row[0].text and not any(DIGIT.search(cell.text) for cell in row):
        return True
    rest = [cell.text for cell in row[1:] if cell.text]
    return bool(rest) and all(is_header_token(text) for text in rest)


def pad_group_row(row: Sequence[Cell], width: int) -> Sequence[Cell]:
    """Given a body row and the table's width, return a lone label (a spanning group row the export wrote as one cell) padded with blanks.

    A short last row is left alone: there it more likely means the table was cut off.
    """
    if len(row) == 1 and width > 1 and row[0].text:
        return [row[0], *(Cell("", row[0].line) for _ in range(width - 1))]
    return row


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object]) -> Grid:
    """Given the lines after a caption, return the grid with header paths and body rows."""
    rows = block_to_rows(lines_to_block(lines))
    if not rows:
        raise InputError("table has no tab-led cell lines", line=lines[0][0] if lines else None)
    header_count = options.get("header_rows")
    if header_count is None:
        header_count = 1
        while header_count < len(rows) and is_header_row(rows[header_count]):
            header_count += 1
    header, body = rows[:header_count], rows[header_count:]
    try:
        paths = header_rows_to_paths([[cell.text for cell in row] for row in header])
    except HeaderError as err:
        raise InputError(str(err), line=header[0][0].line) from err
    body = [pad_group_row(row, len(paths)) if position < len(body) - 1 else row for position, row in enumerate(body)]
    for position, row in enumerate(body):
        if len(row) != len(paths):
            cut_off = position == len(body) - 1 and len(row) < len(paths)
            raise InputError(
                f"body row has {len(row)} cells but the header has {len(paths)} columns"
                + ("; it is the table's last row, so the table may be cut off" if cut_off else ""),
                line=row[0].line,
                value=next((cell.text for cell in row if cell.text), ""),
            )
    return Grid(paths=tuple(paths), rows=tuple(tuple(row) for row in body))

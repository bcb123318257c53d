"""Structured sources (JATS XML, HTML, DOCX): the table's own cells, serialised one JSON object per line.

A structured reader knows each cell's row, column, row and column span,
whether it is a header cell, its text as printed (footnote markers
included) and where it was printed. Extract keeps that as the table's body,
one cell per line, so ``tables.parquet`` stays readable and a spec's header
labels are found in it as in any body text; this parser spreads every span
over the cells it covers (a spanning header label over each of its columns,
a row-spanning value down each of its rows, as ``pandas.read_html`` does),
but for a body cell spanning columns, which stands in its first (a group's
label across the row, a value printed once across two arms' columns), and
returns the same ``Grid`` as the text layouts.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Mapping, Sequence

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.headers import HeaderError, spread_rows_to_paths

if TYPE_CHECKING:
    from pipeline.sources.model import SourceCell

NAME = "structured"
# A table printed only as an image: inventoried, with nothing to read.
GRAPHIC = "graphic"
FIELDS = ("row", "column", "rowspan", "colspan", "header", "text", "markers", "line", "where")


def cells_to_body(cells: Sequence[SourceCell]) -> str:
    """Given a table's placed cells, return its body text: one JSON object per cell, in reading order."""
    return "\n".join(json.dumps({name: getattr(cell, name) for name in FIELDS}, ensure_ascii=False) for cell in cells)


def lines_to_cells(lines: Sequence[Line]) -> list[dict]:
    """Given a structured body's lines, return its cells as dicts, or raise an InputError naming the line that is not one."""
    cells = []
    for number, text in lines:
        if not text.strip():
            continue
        try:
            cell = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"not a structured cell ({err.msg})", line=number, value=text[:40]) from err
        if not isinstance(cell, dict) or set(FIELDS) - set(cell):
            raise InputError(f"a structured cell needs {', '.join(FIELDS)}", line=number, value=text[:40])
        cells.append(cell)
    return cells


def cells_to_matrix(cells: Sequence[Mapping]) -> list[list[Mapping | None]]:
    """Given placed cells, return the grid with each cell repeated over every slot its spans cover (None where no cell is printed).

    Raises an InputError naming the cell when two cells claim one slot.
    """
    if not cells:
        return []
    height = max(cell["row"] + cell["rowspan"] for cell in cells)
    width = max(cell["column"] + cell["colspan"] for cell in cells)
    matrix: list[list[Mapping | None]] = [[None] * width for _ in range(height)]
    for cell in cells:
        for row in range(cell["row"], cell["row"] + cell["rowspan"]):
            for column in range(cell["column"], cell["column"] + cell["colspan"]):
                if matrix[row][column] is not None:
                    raise InputError(f"cells overlap at row {row + 1}, column {column + 1}", line=cell["line"], value=cell["text"])
                matrix[row][column] = cell
    return matrix


def header_count(matrix: Sequence[Sequence[Mapping | None]], options: Mapping[str, object]) -> int:
    """Given the spread grid and the spec's layout options, return how many leading rows are header rows.

    The spec's ``header_rows`` wins; else the source's own header rows (JATS
    ``thead``, HTML ``th``/``thead``, a DOCX row marked as repeated header).
    """
    declared = options.get("header_rows")
    if declared is not None:
        return int(declared)
    count = 0
    while count < len(matrix) and all(cell is None or cell["header"] for cell in matrix[count]) and any(matrix[count]):
        count += 1
    return count


def row_line(row: Sequence[Mapping | None], index: int) -> int:
    """Given a spread row and its index, return the line of its first cell printed in it, else of any cell over it
    (where an empty slot of the row is said to be)."""
    printed = [cell for cell in row if cell is not None]
    return next((cell["line"] for cell in printed if cell["row"] == index), printed[0]["line"])


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object]) -> Grid:
    """Given a structured table's body lines, return the grid: header paths from the spread header rows, body rows of cells."""
    # A row that prints no cell at all (an empty <tr/>) holds nothing to read.
    indexed = [(index, row) for index, row in enumerate(cells_to_matrix(lines_to_cells(lines))) if any(row)]
    if not indexed:
        raise InputError("table has no cells", line=lines[0][0] if lines else None)
    count = header_count([row for _, row in indexed], options)
    header, body = indexed[:count], indexed[count:]
    try:
        paths = spread_rows_to_paths([[cell["text"] if cell else "" for cell in row] for _, row in header])
    except HeaderError as err:
        raise InputError(str(err), line=row_line(indexed[0][1], indexed[0][0])) from err
    rows = tuple(body_row(row, index) for index, row in body)
    return Grid(paths=tuple(paths), rows=rows)


def body_row(row: Sequence[Mapping | None], index: int) -> tuple[Cell, ...]:
    """Given a spread body row and its index, return its cells: a cell spanning columns stands in its first, blanks after, as a
    text export writes it. Spread, a group's label across the row would read as a row printing it under every column, and a
    value printed once across two arms' columns ("HR 0.50 (0.39, 0.63)") as two values. A value spanning rows goes down each."""
    return tuple(
        Cell(cell["text"], cell["line"]) if cell and cell["column"] == column else Cell("", cell["line"] if cell else row_line(row, index))
        for column, cell in enumerate(row)
    )


def graphic_to_grid(lines: Sequence[Line], options: Mapping[str, object]) -> Grid:
    """Given a table printed only as an image, raise: there are no cells to read."""
    where = next((text for _, text in lines if text.strip()), "")
    raise InputError("the table is printed as an image only (no cells in the source)", line=lines[0][0] if lines else None, value=where or None)

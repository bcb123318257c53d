"""Property: any grid of spanning cells written as HTML or JATS reads back, spread, slot for slot."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.layouts import structured
from pipeline.sources import html as html_source
from pipeline.sources import jats
from pipeline.sources.model import table_records

Owner = tuple[int, int, int, int]  # top row, left column, rowspan, colspan


@st.composite
def spanning_grids(draw) -> tuple[int, int, list[Owner]]:
    """A grid's size and the cells covering it, each with its spans, none overlapping, every slot covered."""
    rows, columns = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken: set[tuple[int, int]] = set()
    owners: list[Owner] = []
    for row in range(rows):
        for column in range(columns):
            if (row, column) in taken:
                continue
            free = next((width for width in range(1, columns - column + 1) if (row, column + width) in taken or column + width == columns), 1)
            rowspan, colspan = draw(st.integers(1, rows - row)), draw(st.integers(1, free))
            # A row span may not cross a slot already taken below (by an earlier cell spanning down).
            while any((row + down, column + across) in taken for down in range(rowspan) for across in range(colspan)):
                rowspan -= 1
            taken |= {(row + down, column + across) for down in range(rowspan) for across in range(colspan)}
            owners.append((row, column, rowspan, colspan))
    return rows, columns, owners


def expected_matrix(rows: int, columns: int, owners: list[Owner]) -> list[list[str]]:
    """Given the cells, return each slot's text: that of the cell covering it."""
    matrix = [[""] * columns for _ in range(rows)]
    for top, left, rowspan, colspan in owners:
        for row in range(top, top + rowspan):
            for column in range(left, left + colspan):
                matrix[row][column] = f"r{top}c{left}"
    return matrix


def table_markup(rows: int, owners: list[Owner]) -> str:
    """Given the cells, return a ``<table>`` printing each in its top row, in column order, with its spans."""
    lines = []
    for row in range(rows):
        cells = sorted((left, rowspan, colspan) for top, left, rowspan, colspan in owners if top == row)
        lines.append("<tr>" + "".join(f'<td rowspan="{rowspan}" colspan="{colspan}">r{row}c{left}</td>' for left, rowspan, colspan in cells) + "</tr>")
    return "<table><tbody>\n" + "\n".join(lines) + "\n</tbody></table>"


def spread(source, file: str) -> list[list[str]]:
    [record] = table_records(source.tables, file)
    matrix = structured.cells_to_matrix(structured.lines_to_cells(list(enumerate(record["body"].split("\n"), start=1))))
    return [[cell["text"] if cell else "" for cell in row] for row in matrix]


@settings(max_examples=60, deadline=None)
@given(spanning_grids())
def test_an_html_table_reads_back_slot_for_slot(grid):
    rows, columns, owners = grid
    source = html_source.read(Path("t.html"), f"<html><body>{table_markup(rows, owners)}</body></html>".encode())
    assert spread(source, "t.html") == expected_matrix(rows, columns, owners)


@settings(max_examples=60, deadline=None)
@given(spanning_grids())
def test_a_jats_table_reads_back_slot_for_slot(grid):
    rows, columns, owners = grid
    article = f"<article><body><table-wrap><label>Table 1</label><caption><p>T</p></caption>{table_markup(rows, owners)}</table-wrap></body></article>"
    assert spread(jats.read(Path("t.xml"), article.encode()), "t.xml") == expected_matrix(rows, columns, owners)

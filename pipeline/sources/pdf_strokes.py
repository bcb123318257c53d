"""A table drawn as a full grid, read by the page's own strokes: its rows and columns where its rules are, not where its words fall.

Word gaps cannot part a row label from the cell beside it when both are set
tight against their rules ("Allergy problems" | "Count"), nor tell a cell's
wrapped lines from the next row's without rules. A grid says where both are.
The page's horizontal rules and vertical strokes (``pdf_pages``) become
pdfplumber's edges, and pdfplumber's own steps (``merge_edges``,
``edges_to_intersections``, ``intersections_to_cells``) give the cells, so the
page is read once. A grid is used only where it frames the table and the
word gaps find no more cells than it has (``pdf_lattice.acceptable``);
booktabs tables, with no column rules, keep the word-gap reading.
"""

from __future__ import annotations

from typing import Sequence

from pdfplumber import table as plumber_table

from pipeline.header_text import is_header_text, names_group_or_statistic
from pipeline.sources import pdf_lattice
from pipeline.sources.pdf_grid import PlacedCell, placed_cell
from pipeline.sources.pdf_pages import Page, Position, TextLine, Word, words_to_lines
from pipeline.sources.pdf_regions import words_to_cells

SNAP = 3.0  # points: strokes this close are one grid line, or meet (pdfplumber's default snap, join and intersection tolerances)
SLACK = 8.0  # points: strokes this far outside the box of a table's words are still its own (a cell's padding)


def stroke_edges(page: Page, box: tuple[float, float, float, float]) -> list[dict]:
    """Given a page and a table's box (x0, top, x1, bottom), return its strokes as pdfplumber edges."""
    x0, top, x1, bottom = box
    edges = [{"orientation": "h", "x0": rule.x0, "x1": rule.x1, "top": rule.y, "bottom": rule.y, "width": rule.x1 - rule.x0, "height": 0.0}
             for rule in page.rules if top - SLACK <= rule.y <= bottom + SLACK and rule.x1 > x0 and rule.x0 < x1]
    edges += [{"orientation": "v", "x0": x, "x1": x, "top": upper, "bottom": lower, "width": 0.0, "height": lower - upper}
              for x, upper, lower in page.uprights if x0 - SLACK <= x <= x1 + SLACK and lower > top and upper < bottom]
    return edges


def stroke_cells(page: Page, box: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """Given a page and a table's box, return the cells of the grid its strokes draw over most of the box, or none."""
    edges = stroke_edges(page, box)
    if not any(edge["orientation"] == "v" for edge in edges):
        return []
    merged = plumber_table.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
    cells = plumber_table.intersections_to_cells(plumber_table.edges_to_intersections(merged, SNAP, SNAP))
    grids = [cells for cells in plumber_table.cells_to_tables(cells) if len(cells) > 1]
    if not grids:
        return []
    cells = max(grids, key=lambda cells: pdf_lattice.box_share(box, _bounds(cells)))
    if pdf_lattice.box_share(box, _bounds(cells)) < pdf_lattice.FRAMES:
        return []
    return [tuple(float(value) for value in cell) for cell in cells]


def line_box(page: Page, line: TextLine) -> Position:
    """Given a page and a line on it, return its box."""
    return Position(page.number, line.x0, line.top, line.x1, line.bottom)


def _bounds(cells: Sequence[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)


def header_depth(cells: Sequence[tuple[int, int, int, str]], heads: int, height: int) -> int:
    """Given a grid's cells as (row, first column, last column, text), the rows its header rule closes and its row count, return
    the header's rows: also each next row that prints no value and names columns, though a full grid rules it off like a body
    row: every label of it a group size or a statistic, its label column blank ("No. of patients (%)" across two arms) unless
    they stand under a label spanning columns above ("Premenopausal women" over "Cases, n=71" and "Controls, n=370"; "HR*"
    and "95 % CI" under each arm)."""
    while 0 < heads < height - 1:
        below = {first: text for row, first, _, text in cells if row == heads}
        labels = [text for text in below.values() if text]
        if not labels or not all(is_header_text(text) for text in below.values()):
            return heads
        spans = [(first, last) for row, first, last, _ in cells if row < heads and last > first]
        named = [text for first, last in spans for column in range(first, last + 1) if (text := below.get(column, ""))]
        under_span = len(named) >= 2 and all(names_group_or_statistic(text) for text in named)
        # A group row's label, naming its statistic ("Stroke types, n (%)"), stands in the label column: no header's.
        if not under_span and (below.get(0) or not all(names_group_or_statistic(text) for text in labels)):
            return heads
        heads += 1
    return heads


def grid_rows(
    page: Page, box: tuple[float, float, float, float], header: float | None
) -> tuple[list[list[PlacedCell]], list[list[PlacedCell]], list[tuple[float, float]]] | None:
    """Given a page, a table's box and where its header ends (None: no header), return its header rows, its body rows full
    width and its columns' x-ranges from the grid its strokes draw, or None where they draw none that reads it better than
    its word gaps.

    A header cell spanning columns or rows stands in each place it covers, so each column's labels read top down; a body
    cell stands in its first row and column, blanks after it, as a text export writes a spanning cell.
    """
    x0, top, x1, bottom = box
    cells = stroke_cells(page, box)
    if not cells:
        return None
    inner = _bounds(cells)
    # The grid's words; lines of the box over or under it (a title, a note) lead or close the rows as lone labels.
    words: list[Word] = [word for word in page.words if inner[0] <= (word.x0 + word.x1) / 2 <= inner[2] and inner[1] <= (word.top + word.bottom) / 2 <= inner[3]]
    boxed = [word for word in page.words if x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= (word.top + word.bottom) / 2 <= bottom]
    level = [word for word in boxed if inner[1] <= (word.top + word.bottom) / 2 <= inner[3]]
    grid = pdf_lattice.cells_to_grid(page, cells)
    # Words of the table level with the grid but beside it: its rules frame only part of the table.
    beside = any(not inner[0] <= (word.x0 + word.x1) / 2 <= inner[2] for word in level)
    if not grid or beside or not pdf_lattice.acceptable(grid, len(words_to_cells(page, words)), words):
        return None
    outside = [word for word in boxed if word not in level]
    width = max(cell[3] for cell in grid) + 1
    height = max(cell[2] for cell in grid) + 1
    # The grid's lines, as ``cells_to_grid`` numbers its rows and columns: the header's rows end at or above its rule.
    xs, ys = pdf_lattice.grid_lines(cells)
    placed_cells = [placed_cell(page.number, words_to_lines([
        word for word in words if position.x0 <= (word.x0 + word.x1) / 2 <= position.x1 and position.top <= (word.top + word.bottom) / 2 <= position.bottom
    ]), position) for *_, position in grid]
    heads = 0 if header is None else sum(1 for y in ys[1:] if y <= header + SNAP)
    heads = header_depth([(row, column, last_column, cell.text) for (row, column, _, last_column, _, _), cell in zip(grid, placed_cells)], heads, height)
    rows = [[PlacedCell("", Position(page.number, x0, top, x1, bottom)) for _ in range(width)] for _ in range(height)]
    for (row, column, last_row, last_column, _, position), placed in zip(grid, placed_cells):
        for place_row in range(row, last_row + 1 if row < heads else row + 1):
            for place_column in range(column, last_column + 1 if row < heads else column + 1):
                rows[place_row][place_column] = placed
    header_rows = [row for number, row in enumerate(rows) if number < heads and any(cell.text for cell in row)]
    body = [row for number, row in enumerate(rows) if number >= heads and any(cell.text for cell in row)]
    lone = [[placed_cell(page.number, [line], rows[0][0].position)] + [PlacedCell("", line_box(page, line)) for _ in range(width - 1)]
            for line in words_to_lines(outside)]
    body = [row for row in lone if row[0].position.bottom <= inner[1]] + body + [row for row in lone if row[0].position.top >= inner[3]]
    return header_rows, body, list(zip(xs, xs[1:]))[:width]  # a column no cell prints in has its place too

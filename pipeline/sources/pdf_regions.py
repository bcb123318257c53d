"""A given region of a PDF page read as one table's grid, without caption or rules to go by (camelot's ``table_areas``).

Areas are in PDF coordinates, points with the origin bottom-left, as camelot
and the ICDAR 2013 ground truth give them; pdfplumber's words are top-down, so
an area is turned over once, on entry.

The grid is rebuilt from the words alone, reusing the page functions of the
captioned path (``pdf_pages``: lines and phrases; ``pdf_grid``: a column's
wrapped lines as cells, overlapping cells as rows):

- columns are where the region's lines put text: an x-range most lines leave
  empty separates two columns, even when a few lines (spanning header labels,
  a long title row) run across it; a phrase that does run across one spans
  the columns on both sides;
- a column's lines closer than a row gap (and crossing no rule) are one
  wrapped cell; cells whose vertical extents overlap share a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import regex

from pipeline.sources.pdf_grid import PlacedCell, blocks_to_rows, cell_lines, lines_to_blocks, placed_cell, ranges_to_columns, union
from pipeline.sources.pdf_pages import Page, Position, TextLine, Word, line_to_phrases, overlap, read_pages, words_to_lines

AREA = regex.compile(r"^\s*(?P<page>\d+)\s*:\s*(?P<box>[-+\d.eE]+(?:\s*,\s*[-+\d.eE]+){3})\s*$")
SPARSE_LINES = 0.1  # an x-range at most this share of the region's lines reach is a gap between columns
EDGE_SLACK = 1.0  # points: a word whose middle lies this close outside the area is still in it


@dataclass(frozen=True)
class Area:
    """A region of a 1-based page in PDF points, origin bottom-left: x0 < x1, y0 (bottom) < y1 (top)."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class RegionCell:
    """One cell of a region's grid: row, first and last column (0-based), text and where it sits."""

    row: int
    column: int
    last_column: int
    text: str
    position: Position


def parse_area(text: str) -> Area:
    """Given ``PAGE:x0,y0,x1,y1`` (PDF points, origin bottom-left), return the area, or raise ValueError saying what is wrong."""
    match = AREA.match(text)
    if not match:
        raise ValueError(f"area {text!r} is not PAGE:x0,y0,x1,y1 (PDF points, origin bottom-left)")
    x0, y0, x1, y1 = (float(value) for value in match["box"].split(","))
    page = int(match["page"])
    if page < 1 or x0 >= x1 or y0 >= y1:
        raise ValueError(f"area {text!r} needs page ≥ 1, x0 < x1 and y0 < y1 (y grows upwards from the page's foot)")
    return Area(page, x0, y0, x1, y1)


def area_words(page: Page, area: Area) -> list[Word]:
    """Given a page and an area on it, return the page's words whose middle lies inside the area."""
    top, bottom = page.height - area.y1, page.height - area.y0
    return [
        word
        for word in page.words
        if area.x0 - EDGE_SLACK <= (word.x0 + word.x1) / 2 <= area.x1 + EDGE_SLACK
        and top - EDGE_SLACK <= (word.top + word.bottom) / 2 <= bottom + EDGE_SLACK
    ]


def line_coverage(lines: Sequence[Sequence[TextLine]], x0: float, x1: float) -> int:
    """Given lines as their phrases and an x-range, return how many lines have a phrase over all of it."""
    return sum(1 for phrases in lines if any(phrase.x0 <= x0 and x1 <= phrase.x1 for phrase in phrases))


def phrases_to_columns(lines: Sequence[Sequence[TextLine]]) -> list[tuple[float, float]]:
    """Given a region's lines as their phrases, return its columns, left to right.

    An x-range no phrase covers separates columns; so does one covered by at
    most ``SPARSE_LINES`` of the lines (at least one) when more lines reach
    both sides of it: those few lines run across columns.
    """
    phrases = [phrase for line in lines for phrase in line]
    limit = max(1, int(SPARSE_LINES * len(lines)))
    columns: list[tuple[float, float]] = []
    for start, end in ranges_to_columns((phrase.x0, phrase.x1) for phrase in phrases):
        edges = sorted({start, end, *(x for phrase in phrases for x in (phrase.x0, phrase.x1) if start < x < end)})
        pieces = [(a, b, line_coverage(lines, a, b)) for a, b in zip(edges, edges[1:])]
        dense = [index for index, (_, _, count) in enumerate(pieces) if count > limit]
        if len(dense) < 2:
            columns.append((start, end))
            continue
        run_start = pieces[dense[0]][0]
        for previous, index in zip(dense, dense[1:]):
            if index > previous + 1:  # sparse pieces between two dense ones: a gap
                columns.append((run_start, pieces[previous][1]))
                run_start = pieces[index][0]
        columns.append((run_start, pieces[dense[-1]][1]))
    # Sparse pieces at a group's ends belong to the column they flank: widening takes them in.
    return widen(columns, phrases)


def widen(columns: Sequence[tuple[float, float]], phrases: Sequence[TextLine]) -> list[tuple[float, float]]:
    """Given columns and the phrases, return each column widened to the phrases that lie mostly inside it and cross no other."""
    widened = [list(column) for column in columns]
    for phrase in phrases:
        crossed = spanned(phrase, columns)
        if len(crossed) == 1:
            index = crossed[0]
            widened[index] = [min(widened[index][0], phrase.x0), max(widened[index][1], phrase.x1)]
    return [(x0, x1) for x0, x1 in widened]


def spanned(phrase: TextLine, columns: Sequence[tuple[float, float]]) -> list[int]:
    """Given a phrase and the columns, return the columns it lies over (the nearest one when it lies over none)."""
    over = [index for index, column in enumerate(columns) if overlap(phrase.x0, phrase.x1, *column) > 0]
    if over:
        return over
    middle = (phrase.x0 + phrase.x1) / 2
    return [min(range(len(columns)), key=lambda index: abs(middle - sum(columns[index]) / 2))]


def words_to_cells(page: Page, words: Sequence[Word]) -> list[RegionCell]:
    """Given a page and the words of one table on it, return the table's grid cells, row by row."""
    lines = [line_to_phrases(line) for line in words_to_lines(words)]
    if not lines:
        return []
    columns = phrases_to_columns(lines)
    by_column: list[list[TextLine]] = [[] for _ in columns]
    last_of: dict[TextLine, int] = {}
    for phrase in (phrase for line in lines for phrase in line):
        crossed = spanned(phrase, columns)
        by_column[crossed[0]].append(phrase)
        last_of[phrase] = crossed[-1]
    rules = page.rules
    blocks = [
        (index, block)
        for index, phrases in enumerate(by_column)
        for block in lines_to_blocks(cell_lines(phrases), rules, columns[index])
    ]
    cells = []
    for number, (_, _, members) in enumerate(blocks_to_rows(blocks)):
        for index, block in sorted(members, key=lambda member: member[0]):
            lines_in = sorted(block, key=lambda line: line.top)
            last = max(last_of.get(phrase, index) for line in lines_in for phrase in line_to_phrases(line))
            cell = placed_cell(page.number, lines_in, union(page.number, lines_in))
            cells.append(RegionCell(number, index, max(index, last), cell.text, cell.position))
    return cells


def cells_to_rows(cells: Sequence[RegionCell], page: int) -> list[list[PlacedCell]]:
    """Given a region's grid cells, return its rows full width in the cell-per-line way: a spanning cell's text in its first column, blanks after."""
    if not cells:
        return []
    width = max(cell.last_column for cell in cells) + 1
    rows: list[list[PlacedCell]] = []
    for number in range(max(cell.row for cell in cells) + 1):
        members = [cell for cell in cells if cell.row == number]
        placed = {cell.column: PlacedCell(cell.text, cell.position) for cell in members}
        band = Position(page, min(c.position.x0 for c in members), min(c.position.top for c in members),
                        max(c.position.x1 for c in members), max(c.position.bottom for c in members))
        rows.append([placed.get(index, PlacedCell("", band)) for index in range(width)])
    return rows


def read_areas(path: Path, areas: Sequence[Area]) -> list[list[RegionCell]]:
    """Given a PDF and areas on its pages, return each area's grid cells, or raise InputError when the file or a page is unreadable."""
    pages = read_pages(Path(path))
    found = []
    for area in areas:
        if area.page > len(pages):
            raise ValueError(f"area on page {area.page}, but the PDF has {len(pages)} pages")
        page = pages[area.page - 1]
        found.append(words_to_cells(page, area_words(page, area)))
    return found

"""A given region of a PDF page read as one table's grid, without caption or rules to go by (camelot's ``table_areas``).

Areas are in PDF coordinates, points with the origin bottom-left, as camelot
and the ICDAR 2013 ground truth give them; pdfplumber's words are top-down, so
an area is turned over once, on entry.

The grid is rebuilt from the words, reusing the page functions of the
captioned path (``pdf_pages``: lines and phrases; ``pdf_grid``: columns from
x-ranges, a cell's lines joined), unless a clean ruled grid frames the area
(``pdf_lattice``):

- columns are set by the lines with the commonest number of phrases, and
  cut against each column's aligned edge; a phrase covering half of the next
  column spans it;
- lines whose extents overlap are one band; a band continues the row above
  only where that row's lines wrapped (see ``continues``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pdfplumber
import regex

from pipeline.sources import pdf_lattice
from pipeline.sources.pdf_grid import CELL_LINE_GAP, PlacedCell, cell_lines, fits_after, placed_cell, ranges_to_columns, union
from pipeline.sources.pdf_turned import box_on_page, box_upright
from pipeline.sources.pdf_pages import PHRASE_GAP, Page, Position, Rule, TextLine, Word, line_to_phrases, overlap, read_pages, words_to_lines

AREA = regex.compile(r"^\s*(?P<page>\d+)\s*:\s*(?P<box>[-+\d.eE]+(?:\s*,\s*[-+\d.eE]+){3})\s*$")
SPAN_SHARE = 0.5  # a phrase spans a further column when it covers this share of its x-range
CUT_MARGIN = 1.0  # points left between a cut and the aligned edge it goes against
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
    """One cell of a region's grid: first row and column, last row and column (0-based), text and where it sits."""

    row: int
    column: int
    last_row: int
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


def upright_area(page: Page, area: Area) -> Area:
    """Given a page and an area in its printed PDF coordinates, return the area in the frame its words are in: the same,
    unless the page's text is set sideways and read turned upright (``pdf_turned``)."""
    if not page.turn:
        return area
    printed_width, printed_height = page.height, page.width
    x0, top, x1, bottom = box_upright(area.x0, printed_height - area.y1, area.x1, printed_height - area.y0, page.turn, printed_width, printed_height)
    return Area(area.page, x0, page.height - bottom, x1, page.height - top)


def printed_box(page: Page, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
    """Given a page and a box (top-down) in its words' frame, return it as (x0, y0, x1, y1) in the printed page's PDF
    coordinates, origin bottom-left: ``upright_area`` undone."""
    if page.turn:
        printed_width, printed_height = page.height, page.width
        x0, top, x1, bottom = box_on_page(x0, top, x1, bottom, page.turn, printed_width, printed_height)
        return x0, printed_height - bottom, x1, printed_height - top
    return x0, page.height - bottom, x1, page.height - top


def area_words(page: Page, area: Area) -> list[Word]:
    """Given a page and an area on it, return the page's words whose middle lies inside the area."""
    top, bottom = page.height - area.y1, page.height - area.y0
    return [
        word
        for word in page.words
        if area.x0 - EDGE_SLACK <= (word.x0 + word.x1) / 2 <= area.x1 + EDGE_SLACK
        and top - EDGE_SLACK <= (word.top + word.bottom) / 2 <= bottom + EDGE_SLACK
    ]


def body_lines(lines: Sequence[Sequence[TextLine]]) -> list[Sequence[TextLine]]:
    """Given a region's lines as their phrases, return the lines that set its columns: those with the commonest count of phrases.

    Lines of one phrase (titles, notes, wrapped labels) do not vote; among
    equally common counts the larger wins, as a full row shows every column.
    """
    counts = Counter(len(line) for line in lines if len(line) > 1)
    if not counts:
        return list(lines)
    best = max(counts, key=lambda count: (counts[count], count))
    return [line for line in lines if len(line) == best]


def phrases_to_columns(lines: Sequence[Sequence[TextLine]]) -> list[tuple[float, float]]:
    """Given a region's lines as their phrases, return its columns' x-ranges, left to right.

    The body lines' phrases set the columns, each where two of them or more
    put text (or the only line does); text elsewhere adds a column only where
    no column is and at least two lines put text there (a sparse column), not
    for one stray word of a justified header line.
    """
    voting = body_lines(lines)
    body = [phrase for line in voting for phrase in line]
    columns = ranges_to_columns((phrase.x0, phrase.x1) for phrase in body)
    if len(voting) >= 3:  # a column one line alone sets is a word its justified line spread there ("Fraction     of")
        columns = [column for column in columns
                   if sum(any(column[0] <= phrase.x0 and phrase.x1 <= column[1] for phrase in line) for line in voting) >= 2]
    clear = [
        (number, phrase)
        for number, line in enumerate(lines)
        for phrase in line
        if all(overlap(phrase.x0, phrase.x1, *column) <= 0 for column in columns)
    ]
    for x0, x1 in ranges_to_columns((phrase.x0, phrase.x1) for _, phrase in clear):
        if len({number for number, phrase in clear if x0 <= phrase.x0 and phrase.x1 <= x1}) >= 2:
            columns.append((x0, x1))
    return sorted(columns)


def spread(values: Sequence[float]) -> float:
    """Given positions, return how far apart the outermost two are."""
    return max(values) - min(values) if values else 0.0


def alignment(column: tuple[float, float], phrases: Sequence[TextLine]) -> str:
    """Given a column and the region's phrases, return how its text is aligned: "left", "right" or "centre" (the edge that varies least)."""
    inside = [phrase for phrase in phrases if column[0] <= phrase.x0 and phrase.x1 <= column[1]]
    if len(inside) < 2:
        return "centre"
    edges = {
        "left": spread([phrase.x0 for phrase in inside]),
        "right": spread([phrase.x1 for phrase in inside]),
        "centre": spread([(phrase.x0 + phrase.x1) / 2 for phrase in inside]),
    }
    return min(edges, key=lambda side: (edges[side], side != "left"))


def separators(columns: Sequence[tuple[float, float]], phrases: Sequence[TextLine]) -> list[float]:
    """Given the columns and the region's phrases, return the x where each column ends and the next begins.

    The cut goes against the aligned edge: just before a left-aligned
    column's common start, just after a right-aligned one's common end, so a
    header word set apart by justified spacing stays with its column.
    """
    aligned = [alignment(column, phrases) for column in columns]
    cuts = []
    for index, ((_, left_end), (right_start, _)) in enumerate(zip(columns, columns[1:])):
        if aligned[index + 1] == "left" and aligned[index] != "right":
            cuts.append(right_start - CUT_MARGIN)
        elif aligned[index] == "right" and aligned[index + 1] != "left":
            cuts.append(left_end + CUT_MARGIN)
        else:
            cuts.append((left_end + right_start) / 2)
    return cuts


def columns_of(phrase: TextLine, cuts: Sequence[float], columns: Sequence[tuple[float, float]]) -> tuple[int, int]:
    """Given a phrase, the column cuts and the columns' x-ranges, return the first and last column it lies over.

    It starts in the column its left edge (less a word space) falls in, and
    spans on over each next column whose x-range it covers at least half of:
    a centred spanning label does, a long label that strays over a cut does not.
    """
    first = sum(1 for cut in cuts if cut <= phrase.x0 + PHRASE_GAP * phrase.height)
    last = first
    while last + 1 < len(columns) and overlap(phrase.x0, phrase.x1, *columns[last + 1]) >= SPAN_SHARE * (columns[last + 1][1] - columns[last + 1][0]):
        last += 1
    return first, last


def lines_to_bands(lines: Sequence[Sequence[TextLine]]) -> list[list[Sequence[TextLine]]]:
    """Given a region's lines as their phrases, top to bottom, return them in bands: lines whose vertical extents overlap or touch.

    A cell set in the middle of its row overlaps the gap between its wrapped
    neighbours' lines, which binds the row's lines together.
    """
    bands: list[list[Sequence[TextLine]]] = []
    bottom = 0.0
    for line in lines:
        if bands and min(phrase.top for phrase in line) < bottom:
            bands[-1].append(line)
            bottom = max(bottom, max(phrase.bottom for phrase in line))
        else:
            bands.append([line])
            bottom = max(phrase.bottom for phrase in line)
    return bands


def wrapped(upper: Sequence[TextLine], lower: TextLine, right: float) -> bool:
    """Given a column's phrases on one line, the first phrase below them and the column's right edge, return whether the line wrapped there.

    A line wraps when its next word would not have fitted, or when the next
    line goes on in lower case.
    """
    if lower.text[:1].islower():
        return True
    if lower.text[:1].isdigit():
        return False  # a number is not the rest of a wrapped word run
    return not fits_after(max(upper, key=lambda phrase: phrase.x1), lower.words[0], right)


def _goes_on(text: str) -> bool:
    """Given a phrase's text, return whether it reads as the rest of a label wrapped above it: lower case, or a bracketed unit or
    statistic with no number ("(%)", "(years)", "(*)")."""
    return text[:1].islower() or (text[:1] in "([" and not any(char.isdigit() for char in text))


def continues(row: dict[int, list[TextLine]], band: dict[int, list[TextLine]], rules: Sequence[Rule], rights: Sequence[float]) -> bool:
    """Given a row so far and the next band, both by column, and each column's right edge, return whether the band continues the row's cells.

    It must follow closer than a row gap with no rule between and fill only
    columns the row fills: one, going on from a line that wrapped, or
    several, each going on in lower case or as a bracketed unit ("(%)").
    """
    above = [phrase for phrases in row.values() for phrase in phrases]
    below = [phrase for phrases in band.values() for phrase in phrases]
    top, bottom = max(phrase.bottom for phrase in above), min(phrase.top for phrase in below)
    height = min(max(phrase.height for phrase in above), max(phrase.height for phrase in below))
    if bottom - top >= CELL_LINE_GAP * height or any(top <= rule.y <= bottom for rule in rules):
        return False
    if not set(band) <= set(row):
        return False
    if len(band) > 1:  # several columns go on together as wrapped words, or as text under a row's label
        if all(_goes_on(phrase.text) for phrase in below):
            return True
        return min(band) > min(row) and not any(phrase.text[:1].isdigit() for phrase in below)
    [(column, phrases)] = band.items()
    last_line = max(phrase.top for phrase in row[column])
    upper = [phrase for phrase in row[column] if phrase.top >= last_line - 1]
    return wrapped(upper, min(phrases, key=lambda phrase: (phrase.top, phrase.x0)), rights[column])


def words_to_cells(page: Page, words: Sequence[Word]) -> list[RegionCell]:
    """Given a page and the words of one table on it, return the table's grid cells, row by row."""
    lines = [line_to_phrases(line) for line in words_to_lines(words)]
    if not lines:
        return []
    phrases = [phrase for line in lines for phrase in line]
    columns = phrases_to_columns(lines)
    cuts = separators(columns, phrases)
    placed = {phrase: columns_of(phrase, cuts, columns) for phrase in phrases}
    rights = [
        max([phrase.x1 for phrase, (first, last) in placed.items() if first == last == index] or [columns[index][1]])
        for index in range(len(columns))
    ]
    rules = [rule for rule in page.rules if overlap(rule.x0, rule.x1, min(p.x0 for p in phrases), max(p.x1 for p in phrases)) > 0]
    rows: list[dict[int, list[TextLine]]] = []
    for band in lines_to_bands(lines):
        by_column: dict[int, list[TextLine]] = {}
        for phrase in (phrase for line in band for phrase in line):
            by_column.setdefault(placed[phrase][0], []).append(phrase)
        if rows and continues(rows[-1], by_column, rules, rights):
            for column, found in by_column.items():
                rows[-1][column].extend(found)
        else:
            rows.append(by_column)
    cells = []
    for number, row in enumerate(rows):
        for column in sorted(row):
            found = row[column]
            cell = placed_cell(page.number, cell_lines(found), union(page.number, found))
            cells.append(RegionCell(number, column, number, max(column, *(placed[phrase][1] for phrase in found)), cell.text, cell.position))
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
    """Given a PDF and areas on its pages, return each area's grid cells, or raise InputError when the file or a page is unreadable.

    A ruled grid framing the area is read by its rules (``pdf_lattice``) when
    it is the better reading; otherwise the words' gaps give the grid.
    """
    pages = read_pages(Path(path))
    found = []
    with pdfplumber.open(Path(path)) as pdf:
        for area in areas:
            if area.page > len(pages):
                raise ValueError(f"area on page {area.page}, but the PDF has {len(pages)} pages")
            page = pages[area.page - 1]
            words = area_words(page, upright_area(page, area))
            cells = words_to_cells(page, words)
            box = (area.x0, page.height - area.y1, area.x1, page.height - area.y0)
            # pdfplumber's lines finder sees the printed page: on a page read turned upright, the word gaps give the grid.
            grid = [] if page.turn else pdf_lattice.cells_to_grid(page, pdf_lattice.ruled_cells(pdf.pages[area.page - 1], box))
            if grid and pdf_lattice.acceptable(grid, len(cells), words):
                cells = [RegionCell(*cell) for cell in sorted(grid, key=lambda cell: (cell[0], cell[1]))]
            found.append(cells)
    return found

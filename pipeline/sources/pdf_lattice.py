"""A ruled table ("lattice": a full grid of horizontal and vertical lines) read by its rules, for a page region.

The word-gap method of ``pdf_regions`` guesses rows and columns from where
text sits; a grid of rules says where they are. pdfplumber's own table finder
(lines strategy) turns the page's strokes and rect edges into cells; the
cells' edges, clustered, give the grid's row and column lines, so a cell
drawn over several of them spans. Its text is our words whose middle lies in it.

Rules are often drawn between the columns of the header only, the body's
rows framed by horizontal rules alone: such a row is one ruled cell over the
whole width. Its words, each phrase inside one of the header's columns,
belong to those columns, so the row is cut at the grid's column lines; a
phrase lying across a column line is a label spanning them and keeps its cell.

A grid is taken only when it frames the region, and only when it has cells
for the region's text: rules round the columns alone (no rule between rows),
or between the rows alone, would make one cell of many, which the word-gap
method reads better.
"""

from __future__ import annotations

from typing import Sequence

import pdfplumber

from pipeline.sources.pdf_pages import Page, Position, Word, line_to_phrases, words_to_lines

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
EDGE_CLUSTER = 3.0  # points: cell edges this close are one grid line (double rules, strokes drawn cell by cell)
MIN_CELL = 6.0  # points: a cell narrower or lower than this is a sliver between strokes, not a cell
FRAMES = 0.5  # share of the region a ruled table must cover to be its table
UNDER_SEGMENTED = 1.5  # the word-gap method finding this many times the grid's cells: rules between cells are missing
OUTSIDE = 0.05  # share of the region's words outside every ruled cell past which the rules frame only part of the table


def cluster(values: Sequence[float], within: float = EDGE_CLUSTER) -> list[float]:
    """Given coordinates, return them merged where closer than ``within``, each group at its first value, ascending."""
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > within:
            lines.append(value)
    return lines


def index_of(value: float, lines: Sequence[float]) -> int:
    """Given a coordinate and the grid lines, return the index of the nearest line."""
    return min(range(len(lines)), key=lambda index: abs(lines[index] - value))


def box_share(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> float:
    """Given two boxes (x0, top, x1, bottom), return the share of the first that lies inside the second."""
    width = min(inner[2], outer[2]) - max(inner[0], outer[0])
    height = min(inner[3], outer[3]) - max(inner[1], outer[1])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return max(0.0, width) * max(0.0, height) / area if area > 0 else 0.0


def hidden_fill(rect: dict, fills: Sequence[dict]) -> bool:
    """Given a filled rect and the page's filled rects, return whether it lies inside another of the same colour (its edges
    cannot be seen)."""
    return any(
        other is not rect and other["non_stroking_color"] == rect["non_stroking_color"]
        and other["x0"] <= rect["x0"] and rect["x1"] <= other["x1"] and other["top"] <= rect["top"] and rect["bottom"] <= other["bottom"]
        for other in fills
    )


def without_hidden_fills(plumber_page: pdfplumber.page.Page, box: tuple[float, float, float, float]) -> pdfplumber.page.Page:
    """Given a pdfplumber page and a region's box (top-down), return the page without the region's filled rects drawn inside a
    fill of their own colour.

    Shading is often laid down in pieces, a cell's fill over its row's; the
    pieces' edges are no rules, but pdfplumber's lines strategy takes every
    rect's edges, and they would cut a cell spanning rows in two.
    """
    fills = [rect for rect in plumber_page.rects if rect.get("fill") and box_share((rect["x0"], rect["top"], rect["x1"], rect["bottom"]), box) > 0]
    hidden = {id(rect) for rect in fills if hidden_fill(rect, fills)}
    return plumber_page.filter(lambda obj: id(obj) not in hidden) if hidden else plumber_page


def ruled_cells(plumber_page: pdfplumber.page.Page, box: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """Given a pdfplumber page and a region's box (top-down), return the cell boxes of the ruled table framing it, or none.

    None, too, when the strokes leave slivers: that is shading and padding, not a grid.
    """
    tables = [table for table in without_hidden_fills(plumber_page, box).find_tables(LINES) if box_share(box, table.bbox) >= FRAMES]
    if not tables:
        return []
    cells = list(max(tables, key=lambda table: box_share(box, table.bbox)).cells)
    # Shaded cells and padding drawn as rects leave slivers between the strokes. Slivers holding text mean no grid of rules, no
    # lattice; empty ones are a rule drawn as two strokes a hair apart (a band of white between shaded cells), and go.
    slivers = [cell for cell in cells if min(cell[2] - cell[0], cell[3] - cell[1]) < MIN_CELL]
    if not slivers:
        return cells
    if any(x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and top <= (char["top"] + char["bottom"]) / 2 <= bottom
           for x0, top, x1, bottom in slivers for char in plumber_page.chars):
        return []
    return _snapped([cell for cell in cells if cell not in slivers])


def _snapped(cells: Sequence[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Given cell boxes left once the slivers between strokes are gone, return them with each edge on the grid line a sliver's
    width about it: a cell inset by its padding (a shaded cell inside white strokes) still lies on the grid's lines."""
    xs, ys = grid_lines(cells, MIN_CELL)
    return [(xs[index_of(x0, xs)], ys[index_of(top, ys)], xs[index_of(x1, xs)], ys[index_of(bottom, ys)]) for x0, top, x1, bottom in cells]


def open_row_parts(words: Sequence[Word], xs: Sequence[float], column: int, last_column: int) -> list[tuple[int, list[Word]]]:
    """Given the words of a ruled cell spanning columns, the grid's column lines and the cell's columns, return the words by
    the column each lies in when every phrase lies inside one column and they fill several; otherwise the cell whole.
    """
    whole = [(column, list(words))]
    phrases = [phrase for line in words_to_lines(words) for phrase in line_to_phrases(line)]
    inner = xs[column + 1:last_column + 1]
    if any(phrase.x0 + EDGE_CLUSTER < x < phrase.x1 - EDGE_CLUSTER for phrase in phrases for x in inner):
        return whole
    by_column: dict[int, list[Word]] = {}
    for phrase in phrases:
        by_column.setdefault(column + sum(1 for x in inner if x <= (phrase.x0 + phrase.x1) / 2), []).extend(phrase.words)
    return sorted(by_column.items()) if len(by_column) > 1 else whole


def grid_lines(cells: Sequence[tuple[float, float, float, float]], within: float = EDGE_CLUSTER) -> tuple[list[float], list[float]]:
    """Given a ruled table's cell boxes, return its column lines and row lines: the cells' edges, clustered ``within`` apart."""
    return (cluster([x for cell in cells for x in (cell[0], cell[2])], within),
            cluster([y for cell in cells for y in (cell[1], cell[3])], within))


def cells_to_grid(page: Page, cells: Sequence[tuple[float, float, float, float]]) -> list[tuple[int, int, int, int, str, Position]]:
    """Given a page and a ruled table's cell boxes, return each cell with text as (row, column, last row, last column, text, box)."""
    xs, ys = grid_lines(cells)
    grid = []
    for x0, top, x1, bottom in cells:
        words: list[Word] = [
            word for word in page.words if x0 <= (word.x0 + word.x1) / 2 <= x1 and top <= (word.top + word.bottom) / 2 <= bottom
        ]
        if not words:
            continue
        column, last_column = index_of(x0, xs), index_of(x1, xs) - 1
        row, last_row = index_of(top, ys), index_of(bottom, ys) - 1
        if last_column < column or last_row < row:
            continue  # a sliver between two rules drawn a hair apart
        parts = open_row_parts(words, xs, column, last_column)
        for part_column, part_words in parts:
            part_last = last_column if len(parts) == 1 else part_column
            box = Position(page.number, max(x0, xs[part_column]), top, min(x1, xs[part_last + 1]), bottom)
            text = " ".join(line.text for line in words_to_lines(part_words))
            grid.append((row, part_column, last_row, part_last, text, box))
    return grid


def acceptable(grid: Sequence[tuple[int, int, int, int, str, Position]], word_gap_cells: int, words: Sequence[Word] = ()) -> bool:
    """Given a ruled grid, how many cells with text the word-gap method reads in the region and the region's words, return
    whether the grid is the better reading.

    Where the word-gap method finds many more cells, rules between some rows
    or columns are missing and the grid's cells hold several of them; where
    the region's words lie outside the grid, its rules frame only part of the
    table (a row label column and a last column drawn without them).
    """
    rows = {row for row, *_ in grid}
    columns = {column for _, column, *_ in grid}
    boxes = [cell[5] for cell in grid]
    outside = sum(not any(box.x0 <= (word.x0 + word.x1) / 2 <= box.x1 and box.top <= (word.top + word.bottom) / 2 <= box.bottom for box in boxes)
                  for word in words)
    return len(rows) >= 2 and len(columns) >= 2 and word_gap_cells <= UNDER_SEGMENTED * len(grid) and outside <= OUTSIDE * len(words)

"""The ICDAR 2013 Table Competition's measures: adjacency relations of non-empty cells, and region overlap.

Göbel, Hassan, Oro and Orsi, "A methodology for evaluating algorithms for
table understanding in PDF documents" (DocEng 2012) and "ICDAR 2013 Table
Competition" (ICDAR 2013): a table's structure is the set of its adjacency
relations. Each non-empty cell is related to its nearest non-empty cell to
the right (in every row it spans) and below (in every column it spans); a
relation is (text, neighbour's text, direction), texts compared with
whitespace removed, as the measure's public implementations compare them
(SciTSR's, Chi et al. 2019; Namysl et al.'s for their ICDAR 2013 and PubMed
evaluations) and as the ground truth needs: it writes the same printed label
"Air passengers rights" in one region of eu-015 and "Airpassengersrights" in
another. Empty cells are skipped over, so blanks a tool adds or drops do not
count; a split or merged cell, a shifted row or column does.

Pure functions only: the ground-truth files are parsed from text, grids are
plain Python values.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import regex

# A table region: a 1-based page and a box in PDF points, origin bottom-left (as ICDAR, camelot and the reader give it).
from pipeline.sources.pdf_regions import Area as Region

WHITESPACE = regex.compile(r"\s+")
RIGHT, BELOW = "right", "below"


@dataclass(frozen=True)
class GridCell:
    """One cell of a table's grid: its first and last row and column (0-based, inclusive) and its text."""

    row: int
    column: int
    last_row: int
    last_column: int
    text: str


@dataclass(frozen=True)
class Counts:
    """Relations a tool found, the ground truth holds, and both share."""

    found: int
    truth: int
    correct: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.found + other.found, self.truth + other.truth, self.correct + other.correct)


def normalise(text: str | None) -> str:
    """Given a cell's text (None for a tool's merged-away cell), return it without whitespace."""
    return WHITESPACE.sub("", text or "")


def rows_to_cells(rows: Sequence[Sequence[str | None]]) -> list[GridCell]:
    """Given a tool's table as rows of texts (no spans), return its grid cells, one per position."""
    return [GridCell(r, c, r, c, text or "") for r, row in enumerate(rows) for c, text in enumerate(row)]


def nearest(cell: GridCell, others: Sequence[GridCell], direction: str) -> set[GridCell]:
    """Given a non-empty cell, the table's non-empty cells and a direction, return its nearest neighbours that way.

    A spanning cell has one nearest neighbour per row (right) or column (below) it spans.
    """
    found: set[GridCell] = set()
    if direction == RIGHT:
        for row in range(cell.row, cell.last_row + 1):
            after = [other for other in others if other.row <= row <= other.last_row and other.column > cell.last_column]
            if after:
                found.add(min(after, key=lambda other: other.column))
    else:
        for column in range(cell.column, cell.last_column + 1):
            after = [other for other in others if other.column <= column <= other.last_column and other.row > cell.last_row]
            if after:
                found.add(min(after, key=lambda other: other.row))
    return found


def adjacency_relations(cells: Iterable[GridCell]) -> Counter[tuple[str, str, str]]:
    """Given a table's grid cells, return its adjacency relations of non-empty cells as a multiset of (text, text, direction)."""
    filled = [cell for cell in cells if normalise(cell.text)]
    relations: Counter[tuple[str, str, str]] = Counter()
    for cell in filled:
        for direction in (RIGHT, BELOW):
            for other in nearest(cell, filled, direction):
                relations[(normalise(cell.text), normalise(other.text), direction)] += 1
    return relations


def compare(truth: Iterable[GridCell], found: Iterable[GridCell]) -> Counts:
    """Given the ground truth's cells and a tool's, return the relations each holds and how many they share."""
    expected, got = adjacency_relations(truth), adjacency_relations(found)
    return Counts(sum(got.values()), sum(expected.values()), sum((expected & got).values()))


def precision_recall_f1(counts: Counts) -> tuple[float, float, float]:
    """Given relation counts, return precision, recall and their harmonic mean (0 where undefined)."""
    precision = counts.correct / counts.found if counts.found else 0.0
    recall = counts.correct / counts.truth if counts.truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def per_document_average(documents: Sequence[Counts]) -> tuple[float, float, float]:
    """Given each document's summed counts, return precision, recall and F1 averaged over documents (the competition's way)."""
    if not documents:
        return 0.0, 0.0, 0.0
    scores = [precision_recall_f1(counts) for counts in documents]
    precision = sum(score[0] for score in scores) / len(scores)
    recall = sum(score[1] for score in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- regions -------------------------------------------------------------------------------------------


def area(region: Region) -> float:
    """Given a region, return its area in square points."""
    return max(0.0, region.x1 - region.x0) * max(0.0, region.y1 - region.y0)


def intersection(a: Region, b: Region) -> float:
    """Given two regions, return the area they share (0 on different pages or apart)."""
    if a.page != b.page:
        return 0.0
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


def detection_counts(truth: Sequence[Region], found: Sequence[Region], share: float = 0.5) -> tuple[int, int]:
    """Given the true and the found regions of a document, return (true regions found, found regions that are true).

    A true region is found when found regions cover at least ``share`` of it;
    a found region is true when at least ``share`` of it lies in true regions
    (the competition's completeness and purity, by area, not by character).
    """
    recalled = sum(1 for region in truth if area(region) and sum(intersection(region, other) for other in found) >= share * area(region))
    precise = sum(1 for region in found if area(region) and sum(intersection(region, other) for other in truth) >= share * area(region))
    return recalled, precise


# --- ground truth files ------------------------------------------------------------------------------


def matched(truth: Region, found: Sequence[tuple[Region, list[GridCell]]], share: float = 0.5) -> list[GridCell]:
    """Given a true region and the tables a tool found (region and grid), return the grid of the found table covering most
    of it, if it covers at least ``share`` (none: an empty grid, every true relation missed)."""
    best = max(found, key=lambda table: intersection(truth, table[0]), default=None)
    return best[1] if best is not None and area(truth) and intersection(truth, best[0]) >= share * area(truth) else []


def paths_to_cells(paths: Sequence[str], separator: str) -> list[GridCell]:
    """Given a table's header paths ("Arm / n", "Arm / %"), return its header rows as grid cells: a level shared by
    neighbouring columns one cell spanning them, each path's levels top down."""
    levels = [path.split(separator) for path in paths]
    cells = []
    for depth in range(max((len(level) for level in levels), default=0)):
        column = 0
        while column < len(levels):
            if len(levels[column]) <= depth:
                column += 1
                continue
            last = column
            while last + 1 < len(levels) and len(levels[last + 1]) > depth and levels[last + 1][: depth + 1] == levels[column][: depth + 1]:
                last += 1
            cells.append(GridCell(depth, column, depth, last, levels[column][depth]))
            column = last + 1
    return cells


def regions_of(xml_text: str) -> list[list[Region]]:
    """Given a ``NAME-reg.xml`` text, return each table's regions (a table may run over pages)."""
    tables = []
    for table in ElementTree.fromstring(xml_text).iter("table"):
        regions = []
        for region in table.iter("region"):
            box = region.find("bounding-box")
            x0, y0, x1, y1 = (float(box.get(key)) for key in ("x1", "y1", "x2", "y2"))
            regions.append(Region(int(region.get("page")), min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        tables.append(regions)
    return tables


def structures_of(xml_text: str) -> list[list[list[GridCell]]]:
    """Given a ``NAME-str.xml`` text, return each table's regions' ground-truth cells, in the order of ``regions_of``.

    Cells without ``end-row``/``end-col`` span one row or column.
    """
    tables = []
    for table in ElementTree.fromstring(xml_text).iter("table"):
        parts = []
        for region in table.iter("region"):
            cells = []
            for cell in region.iter("cell"):
                row, column = int(cell.get("start-row")), int(cell.get("start-col"))
                last_row, last_column = int(cell.get("end-row", row)), int(cell.get("end-col", column))
                cells.append(GridCell(row, column, last_row, last_column, cell.findtext("content") or ""))
            parts.append(cells)
        tables.append(parts)
    return tables

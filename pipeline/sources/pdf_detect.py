"""Tables no caption claims, found on a page from column alignment: the fallback when ``pdf_tables`` finds no caption.

Prose sets a line as one phrase (words a space apart); a table's lines break
into phrases at its column gaps. So a run of at least ``MIN_ROWS`` lines of
two or more phrases each, close together and sharing at least two columns,
is a table.
What a captioned table's part already covers is left to it. Each table found
this way is flagged as found without a caption where it is emitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from pipeline.sources.pdf_columns import page_lines, page_regions, region_words
from pipeline.sources.pdf_grid import PlacedCell, ranges_to_columns
from pipeline.sources.pdf_pages import Page, TextLine, drop_running_lines, line_to_phrases, overlap, read_pages, words_to_lines
from pipeline.sources.pdf_regions import cells_to_rows, words_to_cells
from pipeline.sources.pdf_tables import TableLayout, find_tables

MIN_ROWS = 3  # fewer aligned lines than this are a list or a formula, not a table
ROW_GAP = 2.0  # in em: a run of table lines breaks at a wider vertical gap


@dataclass(frozen=True)
class Found:
    """A table region found without a caption: page index, and its box in pdfplumber's top-down points."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


def claimed_bands(tables: Sequence[TableLayout], index: int) -> list[tuple[float, float]]:
    """Given the captioned tables and a page index, return the vertical bands their parts take on that page."""
    return [
        (min([segment.top.y, *(line.top for line in segment.above)]), segment.bottom)
        for table in tables
        for segment in table.segments
        if segment.page == index
    ]


def runs_of_rows(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Given a page's lines top to bottom, return the runs of tabular lines: several phrases each, close together.

    A line of one phrase ends a run: a caption, a title or prose between two
    tables keeps them apart.
    """
    runs: list[list[TextLine]] = []
    for line in lines:
        if len(line_to_phrases(line)) < 2:
            runs.append([])
        elif runs and runs[-1] and line.top - runs[-1][-1].bottom <= ROW_GAP * line.height:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [run for run in runs if run]


def is_table(run: Sequence[TextLine]) -> bool:
    """Given a run of tabular lines, return whether it holds ``MIN_ROWS`` of them over at least two shared columns."""
    if len(run) < MIN_ROWS:
        return False
    return len(ranges_to_columns((phrase.x0, phrase.x1) for line in run for phrase in line_to_phrases(line))) >= 2


def page_uncaptioned(page: Page, index: int, tables: Sequence[TableLayout]) -> list[Found]:
    """Given a page, its index and the captioned tables, return the tables on it no caption claims."""
    bands = claimed_bands(tables, index)
    found = []
    for words in region_words(page, page_regions(page)):  # two columns of prose side by side look like rows of two cells
        free = [line for line in words_to_lines(words) if not any(top - 1 <= line.middle <= bottom + 1 for top, bottom in bands)]
        for run in runs_of_rows(free):
            if not is_table(run):
                continue
            top, bottom = min(line.top for line in run), max(line.bottom for line in run)
            found.append(Found(index, min(line.x0 for line in run), top, max(line.x1 for line in run), bottom))
    return found


def uncaptioned(pages: Sequence[Page], tables: Sequence[TableLayout]) -> list[Found]:
    """Given the pages and their captioned tables, return the tables found without a caption, page by page."""
    return [found for index, page in enumerate(pages) for found in page_uncaptioned(page, index, tables)]


def table_regions(path: Path) -> list[tuple[int, float, float, float, float]]:
    """Given a PDF, return every table region the reader finds, captioned or not, as (page, x0, y0, x1, y1), origin bottom-left."""
    pages = drop_running_lines(read_pages(Path(path)))
    tables = find_tables(pages)
    boxes = []
    for table in tables:
        for segment in table.segments:
            page = pages[segment.page]
            boxes.append((page.number, segment.top.x0, page.height - segment.bottom, segment.top.x1, page.height - segment.top.y))
    for found in uncaptioned(pages, tables):
        page = pages[found.page]
        boxes.append((page.number, found.x0, page.height - found.bottom, found.x1, page.height - found.top))
    return boxes


def found_lines(pages: Sequence[Page], found: Sequence[Found]) -> set[tuple[int, TextLine]]:
    """Given the pages and the tables found without a caption, return the (page index, line) pairs those tables take."""
    return {
        (table.page, line)
        for table in found
        for line in page_lines(pages[table.page])
        if table.top <= line.middle <= table.bottom and overlap(line.x0, line.x1, table.x0, table.x1) > 0
    }


def numbered(tables: Sequence[TableLayout], found: Sequence[Found]) -> dict[Found, str]:
    """Given the captioned tables and those found without one, return each found table's caption line.

    It is numbered after the document's highest caption number, so no
    captioned table's number is taken, and says it was found without a caption.
    """
    numbers = [table.number for table in tables if table.number is not None]
    start = max(numbers, default=0) + 1
    return {table: f"Table {start + offset} Found without a caption on page {table.page + 1}" for offset, table in enumerate(found)}


def found_rows(page: Page, table: Found) -> list[list[PlacedCell]]:
    """Given a page and a table found on it without a caption, return its rows full width, as the region reader reads them."""
    words = [word for word in page.words if table.top <= (word.top + word.bottom) / 2 <= table.bottom and table.x0 <= (word.x0 + word.x1) / 2 <= table.x1]
    return cells_to_rows(words_to_cells(page, words), page.number)

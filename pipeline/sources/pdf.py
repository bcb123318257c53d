"""PDF → text lines in the cell-per-line convention, with where each line came from on the page.

Journal tables are typeset with horizontal rules only (booktabs: a top rule,
a short rule under each spanning label, a rule under the header, a bottom
rule), so pdfplumber's line-based table finder sees no cells. This module
rebuilds tables from the words' coordinates instead:

- a table starts at the first rule under a caption line ``Table N Title`` and
  ends at its last rule as wide as the top rule (its bottom rule);
- columns are the x-ranges covered by the body's phrases (runs of words a
  space apart), since cells of adjacent columns are further apart than words;
- a cell's lines wrap closer together than rows sit apart, which rebuilds
  rows; cells whose vertical extents overlap share a row;
- short rules inside the header (or labels wider than one column) mark
  spanning labels, which give the header its upper row;
- a next page that opens with the same header continues the table.

Everything else is emitted as plain lines in reading order, a blank line
between paragraphs. Single-column pages are assumed.

The modules, in the order a page is read:

- ``pdf_pages``: the pages' words and rules, lines and phrases, running heads and feet;
- ``pdf_tables``: where each captioned table is, part by part across pages;
- ``pdf_grid``: a table's columns and body rows of cells;
- ``pdf_header``: its header rows and spanning labels;
- this module: a table's rows put together, and the text emitted around them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from pipeline.layouts.cell_per_line import CELL_PREFIX
from pipeline.sources.pdf_detect import Found, found_lines, found_rows, numbered, uncaptioned
from pipeline.sources.pdf_grid import PlacedCell, body_columns, body_rows, union
from pipeline.sources.pdf_header import add_header_columns, header_phrases, header_rows, ruled_spans, unruled_spans
from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Position, TextLine, between, drop_running_lines, read_pages, words_to_lines
from pipeline.sources.pdf_tables import TableLayout, find_tables

PARAGRAPH_GAP = 0.5  # prose lines further apart than this start a new paragraph (in em, the text height)


def table_rows(pages: Sequence[Page], table: TableLayout) -> list[list[PlacedCell]]:
    """Given the pages and a table found on them, return its header rows then its body rows, all full width.

    The header is read from the first part only; the parts after a page
    break repeat it.
    """
    first = table.segments[0]
    page = pages[first.page]
    phrases = header_phrases(page, first)
    spans = ruled_spans(phrases, page, first) if phrases else []
    labelled = {phrase for span in spans for phrase in span.label}
    rest = [phrase for phrase in phrases if phrase not in labelled]
    columns = add_header_columns(body_columns(pages, table), rest)
    if not columns:
        return []
    spans += unruled_spans(rest, columns, spans, first.top)
    header = header_rows(page, first, phrases, spans, columns) if phrases else []
    return header + [row for segment in table.segments for row in body_rows(pages[segment.page], segment, columns)]


# --- emitting --------------------------------------------------------------------------------------


def consumed_lines(pages: Sequence[Page], tables: Sequence[TableLayout]) -> set[tuple[int, TextLine]]:
    """Given the pages and their tables, return the (page index, line) pairs the tables account for."""
    taken: set[tuple[int, TextLine]] = set()
    for table in tables:
        for segment in table.segments:
            taken.update((segment.page, line) for line in segment.above)
            for line in words_to_lines(pages[segment.page].words):
                if between(line, segment.top.y, segment.bottom + RULE_Y_TOLERANCE):
                    taken.add((segment.page, line))
    return taken


def pdf_to_lines(path: Path) -> tuple[list[str], dict[int, Position]]:
    """Given a PDF path, return its text as lines in the cell-per-line convention and where each line came from.

    Plain text comes out line by line, a blank line between paragraphs; a
    table comes out as its caption line, then a tab-led line per cell and a
    blank line after each row. Positions are keyed by 1-based line number;
    an empty cell's box is its column within its row.
    """
    pages = drop_running_lines(read_pages(Path(path)))
    tables = find_tables(pages)
    found = uncaptioned(pages, tables)
    captions = numbered(tables, found)
    taken = consumed_lines(pages, tables) | found_lines(pages, found)
    starts = {(table.segments[0].page, table.caption_top): table for table in tables}
    out: list[str] = []
    positions: dict[int, Position] = {}
    previous: TextLine | None = None

    def emit(text: str, position: Position | None = None) -> None:
        out.append(text)
        if position is not None:
            positions[len(out)] = position

    for index, page in enumerate(pages):
        lines = words_to_lines(page.words)
        anchors: list[tuple[float, TableLayout | Found]] = [(top, table) for (page_index, top), table in starts.items() if page_index == index]
        anchors += [(table.top, table) for table in found if table.page == index]
        items = sorted(
            [(line.top, 1, line) for line in lines if (index, line) not in taken] + [(top, 0, table) for top, table in anchors],
            key=lambda item: (item[0], item[1]),
        )
        for _, _, item in items:
            if isinstance(item, Found):  # no caption: one is made that says so
                if out and out[-1]:
                    emit("")
                rows = found_rows(page, item)
                emit(captions[item], rows[0][0].position)
                for row in rows:
                    for value in row:
                        emit(f"{CELL_PREFIX}{value.text}", value.position)
                    emit("")
                previous = None
                continue
            if isinstance(item, TableLayout):
                if out and out[-1]:
                    emit("")
                first = item.segments[0]
                emit(item.caption, union(page.number, first.above))
                for row in table_rows(pages, item):
                    for value in row:
                        emit(f"{CELL_PREFIX}{value.text}", value.position)
                    emit("")
                previous = None
                continue
            if previous is not None and item.top - previous.bottom > PARAGRAPH_GAP * previous.height and out[-1]:
                emit("")
            emit(item.text, union(page.number, [item]))
            previous = item
    return out, positions

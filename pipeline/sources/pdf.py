"""PDF → text lines in the cell-per-line convention, with where each line came from on the page.

Journal tables are typeset with horizontal rules only (booktabs: a top rule,
a short rule under each spanning label, a rule under the header, a bottom
rule), so pdfplumber's line-based table finder sees no cells. This module
rebuilds tables from the words' coordinates instead:

- a table is a frame of rules as wide as its top rule, paired by position
  with the caption above or below it ("Table 1.", "TABLE I", the number
  alone on its line: ``pdf_captions``);
- columns are the x-ranges covered by the body's phrases (runs of words a
  space apart), since cells of adjacent columns are further apart than words;
- a cell's lines wrap closer together than rows sit apart, which rebuilds
  rows; cells whose vertical extents overlap share a row;
- short rules inside the header (or labels wider than one column) mark
  spanning labels, which give the header its upper row;
- a next page that opens with a frame as wide, with or without the header
  repeated or a "(continued)" caption, continues the table;
- a wrapped cell's lines are joined with a space, without one, or with the
  hyphen dropped, as the words say (``pdf_joins``).

Everything else is emitted as plain lines in reading order (column by
column on a two-column page: ``pdf_columns``), a blank line between
paragraphs. A table that cannot be rebuilt is set aside with a notice;
so is every caption, or mention of a "Table N", with no table read.

The modules, in the order a page is read:

- ``pdf_pages``: the pages' words and rules, lines and phrases, running heads and feet;
- ``pdf_columns``: a page's text columns and its lines in reading order;
- ``pdf_captions``: caption lines and the tables the text names;
- ``pdf_tables``: where each captioned table is, part by part across pages;
- ``pdf_grid``: a table's columns and body rows of cells (``pdf_joins``: a cell's lines joined);
- ``pdf_strokes``: a table drawn as a full grid, its cells where its strokes are;
- ``pdf_header``: its header rows and spanning labels;
- this module: a table's rows put together, and the text emitted around them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from pipeline.layouts.cell_per_line import CELL_PREFIX
from pipeline.captions import table_id
from pipeline.sources.pdf_captions import mentioned_numbers
from pipeline.sources.pdf_columns import page_lines, page_regions, region_of
from pipeline.sources.pdf_detect import Found, found_lines, found_rows, locate_all, located_regions, numbered
from pipeline.sources.pdf_grid import PlacedCell, body_columns, union
from pipeline.sources.pdf_rows import body_rows
from pipeline.sources.pdf_joins import join_rows
from pipeline.sources.pdf_header import add_header_columns, header_paths, header_phrases, header_rows, ruled_spans, title_span, unruled_spans
from pipeline.sources.pdf_row_labels import raise_centred_labels
from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Position, TextLine, between, drop_running_lines, overlap, read_pages
from pipeline.sources.pdf_strokes import grid_rows
from pipeline.sources.pdf_tables import Located, TableLayout

PARAGRAPH_GAP = 0.5  # prose lines further apart than this start a new paragraph (in em, the text height)


@dataclass(frozen=True)
class PdfText:
    """A PDF rebuilt as text: its lines, where each came from, and notices on what was not read and why."""

    lines: list[str]
    positions: dict[int, Position]
    notices: list[str]


class RebuildError(ValueError):
    """A table whose rows cannot be rebuilt from its rules and words; it is set aside, the others go on."""


def table_rows(pages: Sequence[Page], table: TableLayout) -> list[list[PlacedCell]]:
    """Given the pages and a table found on them, return its header rows then its body rows, all full width (see ``rebuilt_table``)."""
    return rebuilt_table(pages, table)[0]


def grid_parts(pages: Sequence[Page], table: TableLayout) -> tuple[list[list[PlacedCell]], list[list[PlacedCell]], list[tuple[float, float]]] | None:
    """Given the pages and a table, return its header rows, body rows and columns where each of its parts is a full grid of
    as many columns (``pdf_strokes.grid_rows``): the header the first part's, a later part's first rows dropped where they
    print its labels again (a header repeated over a page break, under a header rule or ruled as body rows); else None."""
    parts = []
    for number, segment in enumerate(table.segments):
        box = (segment.top.x0, segment.top.y, segment.top.x1, segment.bottom)
        # A later part's rows are all read as body: those repeating the first part's header are dropped below.
        part = grid_rows(pages[segment.page], box, segment.header.y if segment.header and not number else None)
        if part is None or (parts and len(part[2]) != len(parts[0][2])):
            return None
        parts.append(part)
    header, _, columns = parts[0]
    printed = [_labels(row) for row in header]
    body = list(parts[0][1])
    for _, rows, _ in parts[1:]:
        start = next((index for index, row in enumerate(rows) if not any(_repeats(_labels(row), labels) for labels in printed)), len(rows))
        body += rows[start:]
    return header, body, columns


def _labels(row: Sequence[PlacedCell]) -> tuple[str, ...]:
    """Given a grid row, return its labels left to right, a cell spread over several columns once."""
    texts = [cell.text for cell in row]
    return tuple(text for index, text in enumerate(texts) if text and (not index or text != texts[index - 1]))


def _repeats(labels: tuple[str, ...], header: tuple[str, ...]) -> bool:
    """Given a row's labels and a header row's, return whether the row prints the header row again: its labels in the header
    row's order, those of cells spanning rows down from above perhaps left out (a body row prints a spanning cell once)."""
    remaining = iter(header)
    return bool(labels) and all(label in remaining for label in labels)


def rebuilt_table(pages: Sequence[Page], table: TableLayout) -> tuple[list[list[PlacedCell]], list[str]]:
    """Given the pages and a table found on them, return its header rows then its body rows, all full width, and each
    line break inside a cell that stayed ambiguous.

    The header is read from the first part only; the parts after a page
    break repeat it or go without it. Raises RebuildError when no words lie
    between its rules.
    """
    first = table.segments[0]
    page = pages[first.page]
    ruled = grid_parts(pages, table)
    if ruled is not None:  # a full grid of rules: its rows and columns are where its strokes are
        header, body, columns = ruled
        joined, ambiguous = join_rows(header + body, columns, len(header))
        return ([header_paths(joined[: len(header)])] if header else []) + joined[len(header):], ambiguous
    phrases = header_phrases(page, first)
    spans = title_span(phrases, page, first) if phrases else []
    spans += ruled_spans([phrase for phrase in phrases if all(phrase not in span.label for span in spans)], page, first) if phrases else []
    labelled = {phrase for span in spans for phrase in span.label}
    rest = [phrase for phrase in phrases if phrase not in labelled]
    columns = add_header_columns(body_columns(pages, table), rest)
    if not columns:
        raise RebuildError("no words between its rules")
    spans += unruled_spans(rest, columns, spans, first.top)
    header = header_rows(page, first, phrases, spans, columns) if phrases else []
    body: list[list[PlacedCell]] = []
    moved: list[str] = []
    for segment in table.segments:
        rows, messages = raise_centred_labels(body_rows(pages[segment.page], segment, columns))
        body.extend(rows)
        moved.extend(messages)
    joined, ambiguous = join_rows(header + body, columns, len(header))
    return ([header_paths(joined[: len(header)])] if header else []) + joined[len(header):], moved + ambiguous


def indented(rows: Sequence[Sequence[PlacedCell]]) -> list[list[PlacedCell]]:
    """Given a table's rows, return them with each first cell led by a space per em it is indented from the column's
    left edge, as a text export indents a summary table's levels (``cell_per_line`` reads the spaces as ``Cell.indent``)."""
    edge = min((row[0].position.x0 for row in rows if row and row[0].text), default=0.0)
    out = []
    for row in rows:
        first = row[0]
        height = max((line.height for line in first.lines), default=0.0)
        steps = round((first.position.x0 - edge) / height) if first.text and height else 0
        out.append([replace(first, text=" " * steps + first.text), *row[1:]] if steps > 0 else list(row))
    return out


# --- emitting --------------------------------------------------------------------------------------


def consumed_lines(pages: Sequence[Page], tables: Sequence[TableLayout]) -> set[tuple[int, TextLine]]:
    """Given the pages and their tables, return the (page index, line) pairs the tables account for.

    Only lines across the table's own width: on a two-column page the
    neighbouring column's prose level with the table stays text.
    """
    taken: set[tuple[int, TextLine]] = set()
    for table in tables:
        for segment in table.segments:
            taken.update((segment.page, line) for line in segment.above)
            for line in page_lines(pages[segment.page]):
                if between(line, segment.top.y, segment.bottom + RULE_Y_TOLERANCE) and overlap(line.x0, line.x1, segment.top.x0, segment.top.x1) > 0:
                    taken.add((segment.page, line))
    return taken


def rebuilt_tables(pages: Sequence[Page], located: Located, file: str) -> tuple[dict[int, list[list[PlacedCell]]], list[str]]:
    """Given the pages and the tables located on them, return the rows of each table rebuilt (by its index) and a
    notice for each set aside: one that cannot be rebuilt, or a second table of the same number."""
    rows: dict[int, list[list[PlacedCell]]] = {}
    notices: list[str] = []
    first_page: dict[str | None, int] = {}
    for index, table in enumerate(located.tables):
        page = table.segments[0].page + 1
        where = f"{file}: {table_id(table.number or '')}: page {page}"
        if table.number in first_page:
            notices.append(f"{where}: set aside: a second table captioned Table {table.number} (the first is on page {first_page[table.number]})")
            continue
        try:
            rows[index], ambiguous = rebuilt_table(pages, table)
        except RebuildError as err:
            notices.append(f"{where}: set aside, the document's other tables go on: {err}")
            continue
        except Exception as err:  # noqa: BLE001 - one table the reader trips on must not cost the document's others
            notices.append(f"{where}: set aside, the document's other tables go on: cannot rebuild it ({type(err).__name__}: {err})")
            continue
        first_page[table.number] = page
        notices += [f"{where}: {break_}" for break_ in ambiguous]
    return rows, notices


def missing_notices(located: Located, read: set[str | None], texts: Sequence[tuple[int, str]], file: str) -> list[str]:
    """Given what was located, the numbers of the tables read and the text's (page, line) pairs, return a notice for
    each caption with no table, and each table the text names that was not read, saying why."""
    notices = [
        f"{file}: {table_id(caption.number)}: page {caption.page + 1}: caption {caption.text!r}, but no table rebuilt "
        f"({why}); its lines stay text"
        for caption, why in located.unpaired
        if caption.number not in read
    ]
    captioned = {caption.number for caption in located.captions}
    for number, page in sorted(mentioned_numbers(texts).items()):
        if number not in read and number not in captioned:
            notices.append(
                f"{file}: {table_id(number)}: the text names Table {number} (page {page}) but no table was read: "
                f"no caption line 'Table {number} ...' on any page (a table printed as an image, or in a supplement?)"
            )
    return notices


def table_grids(path: Path) -> list[tuple[tuple[int, float, float, float, float], list[list[str]]]]:
    """Given a PDF, return every table the reader finds, captioned or not, part by part: its region (page, x0, y0, x1, y1,
    origin bottom-left) and its rows as ``read_pdf`` prints them (a captioned table's header paths first, all its rows on
    its first part, none on the parts after; none for a table set aside)."""
    pages = drop_running_lines(read_pages(Path(path)))
    located, found = locate_all(pages)
    rows, _ = rebuilt_tables(pages, located, Path(path).name)
    parts, found_regions = located_regions(pages, located, found)
    texts = {index: [[cell.text for cell in row] for row in table] for index, table in rows.items()}
    grids = [(region, texts.get(index, []) if number == 0 else []) for index, regions in enumerate(parts) for number, region in enumerate(regions)]
    return grids + [(region, [[cell.text for cell in row] for row in found_rows(pages[table.page], table)]) for region, table in zip(found_regions, found)]


def read_pdf(path: Path) -> PdfText:
    """Given a PDF path, return its text as lines in the cell-per-line convention, where each line came from, and notices.

    Plain text comes out line by line, a blank line between paragraphs; a
    table comes out as its caption line ("Table N Title"), then a tab-led
    line per cell and a blank line after each row. Positions are keyed by
    1-based line number; an empty cell's box is its column within its row.
    """
    path = Path(path)
    pages = drop_running_lines(read_pages(path))
    located, found = locate_all(pages)
    rows, notices = rebuilt_tables(pages, located, path.name)
    # A table set aside takes its lines with it: left as text, its caption would be read as a table's.
    taken = consumed_lines(pages, located.tables)
    found_captions = numbered(located.captions, found)
    notices += [
        f"{path.name}: table_{caption.split()[1]}: page {table.page + 1}: found without a caption, from the alignment of "
        "its columns; read as a table no spec claims, its caption made up"
        for table, caption in found_captions.items()
    ]
    taken |= found_lines(pages, found)
    out: list[str] = []
    positions: dict[int, Position] = {}
    texts: list[tuple[int, str]] = []
    previous: TextLine | None = None

    def emit(text: str, position: Position | None = None) -> None:
        out.append(text)
        if position is not None:
            positions[len(out)] = position

    for index, page in enumerate(pages):
        regions = page_regions(page)
        anchors: list[tuple[tuple[int, float, int], int | Found]] = [
            ((region_of(regions, (table.segments[0].top.x0 + table.segments[0].top.x1) / 2, table.caption_top), table.caption_top, 0), number)
            for number, table in enumerate(located.tables)
            if table.segments[0].page == index and number in rows
        ]
        anchors += [((region_of(regions, (table.x0 + table.x1) / 2, table.top), table.top, 0), table) for table in found if table.page == index]
        lines = [
            ((region_of(regions, (line.x0 + line.x1) / 2, line.middle), line.top, 1), line)
            for line in page_lines(page, regions)
            if (index, line) not in taken
        ]
        for _, item in sorted([*anchors, *lines], key=lambda entry: entry[0]):
            if isinstance(item, Found):  # no caption: one is made that says so
                if out and out[-1]:
                    emit("")
                found_table = found_rows(page, item)
                emit(found_captions[item], found_table[0][0].position)
                for row in found_table:
                    for value in row:
                        emit(f"{CELL_PREFIX}{value.text}", value.position)
                    emit("")
                previous = None
                continue
            if isinstance(item, int):
                table = located.tables[item]
                if out and out[-1]:
                    emit("")
                emit(table.caption, union(page.number, table.segments[0].above))
                for row in indented(rows[item]):
                    for value in row:
                        emit(f"{CELL_PREFIX}{value.text}", value.position)
                    emit("")
                previous = None
                continue
            if previous is not None and item.top - previous.bottom > PARAGRAPH_GAP * previous.height and out[-1]:
                emit("")
            emit(item.text, union(page.number, [item]))
            texts.append((page.number, item.text))
            previous = item
    read = {located.tables[number].number for number in rows}
    return PdfText(out, positions, notices + missing_notices(located, read, texts, path.name))


def pdf_to_lines(path: Path) -> tuple[list[str], dict[int, Position]]:
    """Given a PDF path, return its text as lines in the cell-per-line convention and where each line came from (see ``read_pdf``)."""
    text = read_pdf(path)
    return text.lines, text.positions

"""Tables no caption claims, found on a page from column alignment (``pdf_runs``): the fallback when ``pdf_tables`` finds no caption.

A run of aligned lines is a table where it lies in no caption's table; grown
to the frame of rules it lies in, and a frame of rules no run found is one
too. What a captioned table's part already covers is left to it. Each table
found this way is flagged as found without a caption where it is emitted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from pipeline.sources.pdf_captions import Caption
from pipeline.sources.pdf_columns import page_lines, page_regions, region_of, region_words
from pipeline.sources.pdf_grid import PlacedCell, ranges_to_columns
from pipeline.sources.pdf_header_end import header_bottom
from pipeline.sources.pdf_pages import Page, Rule, TextLine, drop_running_lines, line_to_phrases, overlap, read_pages, words_to_lines
from pipeline.sources.pdf_regions import cells_to_rows, printed_box, words_to_cells
from pipeline.sources.pdf_runs import is_prose, is_table, runs_of_rows
from pipeline.sources.pdf_strokes import grid_rows
from pipeline.sources.pdf_tables import FIGURE_CAPTION, Frame, Located, Segment, TableLayout, locate_tables

CAPTION_GAP = 3.0  # in em of the caption's line: a table set without rules starts (or ends) this close to its caption
SPACER_GAP = 4.0  # in em: a captioned table's run goes on past a gap this wide (a spacer row) when the next run is as wide


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


def page_uncaptioned(page: Page, index: int, located: Located, labels_inside: bool = False) -> list[Found]:
    """Given a page, its index and what was located, return the tables on it no caption claims (``runs_of_rows``), each run
    grown to the frame of rules it lies in, with the frames no caption took holding rows no run found (``in_frames``)."""
    bands = claimed_bands(located.tables, index)
    regions = page_regions(page)
    found = []
    for words in region_words(page, regions):  # two columns of prose side by side look like rows of two cells
        free = [line for line in words_to_lines(words) if not any(top - 1 <= line.middle <= bottom + 1 for top, bottom in bands)]
        for run in runs_of_rows(free, labels_inside):
            if not is_table(run):
                continue
            top, bottom = min(line.top for line in run), max(line.bottom for line in run)
            found.append(Found(index, min(line.x0 for line in run), top, max(line.x1 for line in run), bottom))
    frames = located.loose[index]
    # In reading order: a grid found from its rules alone comes after the runs.
    return sorted(in_frames(page, found, frames), key=lambda table: (region_of(regions, (table.x0 + table.x1) / 2, table.top), table.top))


def frame_box(frame: Frame) -> Found:
    """Given a frame of rules, return the region it frames."""
    return Found(frame.page, frame.top.x0, frame.top.y, frame.top.x1, frame.bottom)


def in_frames(page: Page, found: Sequence[Found], frames: Sequence[Frame]) -> list[Found]:
    """Given a page, the tables found on it from their alignment and its frames of rules no caption claims, return the tables:
    a table lying in a frame is the whole frame (rows set as justified text, too far from aligned to be found, are its own),
    and a frame of three rules or more round rows of several cells that no run found is a table too (a ruled grid without
    caption); neither is a table where a figure's caption is printed right over or under it (a chart's labels, its grid lines)."""
    boxes = [frame_box(frame) for frame in frames]
    lines = page_lines(page)
    figures = [line for line in lines if FIGURE_CAPTION.match(line.text)]
    tables: list[Found] = []
    for table in (table for table in found if not by_figure_caption(table, figures)):
        for box in boxes:
            if overlap(box.top, box.bottom, table.top, table.bottom) > 0 and overlap(box.x0, box.x1, table.x0, table.x1) > 0:
                table = Found(table.page, min(table.x0, box.x0), min(table.top, box.top), max(table.x1, box.x1), max(table.bottom, box.bottom))
        if not any(within(table, other) for other in tables):
            tables = [other for other in tables if not within(other, table)] + [table]
    for frame, box in zip(frames, boxes):
        rows = [line for line in lines_in(lines, box) if len(phrases := line_to_phrases(line)) > 1 and not is_prose(phrases, box.x1 - box.x0)]
        if len(frame.rules) >= 3 and len(rows) >= 2 and not by_figure_caption(box, figures) and not any(overlap(box.top, box.bottom, table.top, table.bottom) > 0 for table in tables):
            tables.append(box)
    return tables


def by_figure_caption(table: Found, figures: Sequence[TextLine]) -> bool:
    """Given a table found without a caption and its page's figure captions, return whether one is printed right over or
    under it: the labels or grid lines of a chart."""
    return any(-CAPTION_GAP * line.height <= gap <= CAPTION_GAP * line.height and overlap(line.x0, line.x1, table.x0, table.x1) > 0
               for line in figures for gap in (table.top - line.bottom, line.top - table.bottom))


def uncaptioned(pages: Sequence[Page], located: Located, labels_inside: bool = False) -> list[Found]:
    """Given the pages and what was located on them (``locate_tables``), return the tables found without a caption, page by page."""
    return [found for index, page in enumerate(pages) for found in page_uncaptioned(page, index, located, labels_inside)]


def locate_all(pages: Sequence[Page]) -> tuple[Located, list[Found]]:
    """Given the pages, return every captioned table (framed by rules, or set without them and found from its alignment right
    by its caption, with its parts on later pages) with the captions left without one, and the tables found without a caption.

    A captioned table set without rules (shading, white space) is read as a
    ruled one is, its rules drawn where the typesetter left them out; a part on
    the next page, where it runs on, is the first table found there (its header
    repeated or not).
    """
    located = locate_tables(pages)
    unpaired = [caption for caption, _ in located.unpaired]
    runs = uncaptioned(pages, located, labels_inside=True)
    paired = pair_found(pages, unpaired, runs)
    parts = [table_parts(pages, table, [run for run in runs if run not in paired], unpaired, caption) for table, caption in paired.items()]
    labelled = {label for table in parts for _, label in table if label is not None}
    found = uncaptioned(pages, located)
    located = replace(
        located,
        tables=located.tables + tuple(found_layout(pages, table) for table in parts),
        unpaired=tuple((caption, why) for caption, why in located.unpaired if caption not in labelled),
    )
    grown = [part for table in parts for part, _ in table]
    return located, [table for table in found if not any(within(table, other) for other in grown)]


def table_regions(path: Path) -> list[tuple[int, float, float, float, float]]:
    """Given a PDF, return every table region the reader finds, captioned or not, as (page, x0, y0, x1, y1), origin bottom-left."""
    pages = drop_running_lines(read_pages(Path(path)))
    parts, found = located_regions(pages, *locate_all(pages))
    return [region for table in parts for region in table] + found


def located_regions(pages: Sequence[Page], located: Located, found: Sequence[Found]) -> tuple[list[list[tuple[int, float, float, float, float]]], list[tuple[int, float, float, float, float]]]:
    """Given the pages, the tables located on them and those found without a caption, return the regions of each located
    table's parts and of each found table, as (page, x0, y0, x1, y1), origin bottom-left."""
    parts = [[(pages[segment.page].number, *printed_box(pages[segment.page], segment.top.x0, segment.top.y, segment.top.x1, segment.bottom))
              for segment in table.segments] for table in located.tables]
    return parts, [(pages[table.page].number, *printed_box(pages[table.page], table.x0, table.top, table.x1, table.bottom)) for table in found]


def found_lines(pages: Sequence[Page], found: Sequence[Found]) -> set[tuple[int, TextLine]]:
    """Given the pages and the tables found without a caption, return the (page index, line) pairs those tables take."""
    return {(table.page, line) for table in found for line in table_lines(pages[table.page], table)}


def pair_found(pages: Sequence[Page], captions: Sequence[Caption], found: Sequence[Found]) -> dict[Found, Caption]:
    """Given the pages, the captions no frame of rules claims and the tables found from alignment, return the caption of each
    found table that has one: a table set without rules (shading, white space) starts right under its caption, or ends right
    over a caption printed below it, in the same text column; nearest first, each paired once."""
    paired: dict[Found, Caption] = {}
    lines: dict[int, list[TextLine]] = {}  # each page's lines, read once for all its captions
    for caption in sorted((caption for caption in captions if not caption.continued), key=lambda caption: (caption.page, caption.top)):
        height = caption.lines[0].height
        regions = page_regions(pages[caption.page])
        column = region_of(regions, (caption.x0 + caption.x1) / 2, caption.top)
        near = [  # in the caption's text column: a short caption at the margin may stand clear of a narrow table centred under it
            (gap, table)
            for table in found
            if table.page == caption.page and table not in paired and region_of(regions, (table.x0 + table.x1) / 2, table.top) == column
            for gap in (table.top - caption.bottom, caption.top - table.bottom)
            if 0 <= gap <= CAPTION_GAP * height
        ]
        if near:
            table = min(near, key=lambda item: item[0])[1]
            # Lines between the caption and the run are the table's own (a title row over it, a header line of one label).
            top, bottom = (caption.bottom + 0.5, table.bottom) if table.top >= caption.bottom else (table.top, caption.top - 0.5)
            table = Found(table.page, table.x0, top, table.x1, bottom)
            if caption.page not in lines:
                lines[caption.page] = page_lines(pages[caption.page])
            paired[_continued(table, lines[caption.page], caption.lines[0].height, captions)] = caption
    return paired


def within(table: Found, other: Found) -> bool:
    """Given two tables found on pages, return whether the first lies inside the second (a run the second grew over)."""
    return table.page == other.page and other.top <= table.top and table.bottom <= other.bottom and overlap(table.x0, table.x1, other.x0, other.x1) > 0


def _continued(table: Found, lines: Sequence[TextLine], height: float, captions: Sequence[Caption]) -> Found:
    """Given a table found from its alignment, its page's lines, a line's height and the captions, return it grown over the rows
    that follow it: lines of several cells inside its width, each after the first in one of its columns (a run cut by a spacer
    row's gap, or too short to be found alone),
    and lone labels between them (a group row's, "Education, n (%)"), while no gap is wider than a spacer's and no caption
    comes; a lone line after its last row is not its own (a note under the table)."""
    stops = {line for caption in captions for line in caption.lines}
    own = [line for line in lines if table.top <= line.middle <= table.bottom and overlap(line.x0, line.x1, table.x0, table.x1) > 0]
    columns = ranges_to_columns((phrase.x0, phrase.x1) for line in own for phrase in line_to_phrases(line)[1:])
    edge, x0, x1, bottom, labels = table.bottom, table.x0, table.x1, table.bottom, 0
    for line in sorted((line for line in lines if line.top > table.bottom and overlap(line.x0, line.x1, table.x0, table.x1) > 0),
                       key=lambda line: line.top):
        inside = overlap(line.x0, line.x1, x0, x1) >= 0.8 * (line.x1 - line.x0)
        if line.top - edge > SPACER_GAP * height or not inside or line in stops or labels > 3:
            break
        phrases = line_to_phrases(line)
        # A row's cells each sit in one of the table's value columns; justified prose set wide apart crosses them.
        if len(phrases) > 1 and all(sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) == 1 for phrase in phrases[1:]):
            x0, x1, bottom, labels = min(x0, line.x0), max(x1, line.x1), line.bottom, 0
        else:
            labels += 1
        edge = line.bottom
    return Found(table.page, x0, table.top, x1, bottom)


def table_parts(pages: Sequence[Page], table: Found, found: Sequence[Found], captions: Sequence[Caption], caption: Caption) -> list[tuple[Found, Caption | None]]:
    """Given the pages, a captioned table found from its alignment, every other table so found, the captions and the table's
    caption, return its parts page by page, each with its caption ("(continued)" on later pages, if printed).

    The table goes on when nothing but its own lines (rows too few to be found as a table, a group label) follows it on its
    page and the first table found on the next page is as wide, with nothing over it but its own lines (its header repeated)
    and that caption.
    """
    parts: list[tuple[Found, Caption | None]] = [(table, caption)]
    captioned = {line for other in captions if other is not caption for line in other.lines}
    while parts[-1][0].page + 1 < len(pages):
        last = parts[-1][0]
        below = [line for line in page_lines(pages[last.page]) if line.top > last.bottom and overlap(line.x0, line.x1, last.x0, last.x1) > 0]
        following = sorted((other for other in found if other.page == last.page + 1), key=lambda other: other.top)
        # Another table's caption under it, or over the next page's first table, is no line of its own.
        if not following or not _own(below, last, upward=False) or any(line in captioned for line in below):
            break
        part = following[0]
        label = next((other for other in captions if other.page == part.page and other.continued and other.number == caption.number), None)
        over = [line for line in page_lines(pages[part.page])
                if line.bottom < part.top and overlap(line.x0, line.x1, part.x0, part.x1) > 0 and not (label and line in label.lines)]
        # Its repeated header may reach past its rows, as the first part's does: its own lines lie within either part's width.
        wide = Found(part.page, min(part.x0, last.x0), part.top, max(part.x1, last.x1), part.bottom)
        if (overlap(part.x0, part.x1, last.x0, last.x1) < 0.8 * max(part.x1 - part.x0, last.x1 - last.x0) or not _own(over, wide, upward=True)
                or any(line in captioned for line in over)):
            break
        parts[-1] = (Found(last.page, last.x0, last.top, last.x1, max([last.bottom, *(line.bottom for line in below)])), parts[-1][1])
        part = Found(part.page, part.x0, min([part.top, *(line.top for line in over)]), part.x1, part.bottom)
        part_lines = table_lines(pages[part.page], part)
        parts.append((_continued(part, page_lines(pages[part.page]), part_lines[0].height, captions) if part_lines else part, label))
    return parts


def _own(lines: Sequence[TextLine], part: Found, upward: bool) -> bool:
    """Given the lines under (or over) a table found on a page and the table, return whether they are its own: rows too few
    to be found as a table, a group label, its header repeated; inside its width and close to it, line after line."""
    edge = part.top if upward else part.bottom
    for line in sorted(lines, key=lambda line: line.top, reverse=upward):
        gap = edge - line.bottom if upward else line.top - edge
        if gap > SPACER_GAP * line.height or line.x0 < part.x0 - line.height or line.x1 > part.x1 + line.height:
            return False
        edge = line.top if upward else line.bottom
    return True


def found_layout(pages: Sequence[Page], parts: Sequence[tuple[Found, Caption | None]]) -> TableLayout:
    """Given the pages and the parts of a table found without rules, each with its caption (the first's its own), return it as a
    table framed by rules the typesetter left out: a top rule over each part, a bottom rule under it, and a header rule under
    the first part's last header line (``header_bottom``), and under a later part's when it repeats that header
    (``repeated_header``); so the same reading as a ruled table's rebuilds its header, at any depth, and its rows."""
    (table, caption), segments, first = parts[0], [], None
    for part, label in parts:
        lines = table_lines(pages[part.page], part)
        header = header_bottom(lines) if first is None else repeated_header(first, lines)
        first = lines if first is None else first
        segments.append(Segment(part.page, Rule(part.x0, part.x1, part.top - 1), Rule(part.x0, part.x1, header) if header is not None else None,
                                part.bottom + 1, label.lines if label else ()))
    return TableLayout(caption.text, min(caption.top, table.top), tuple(segments), caption.number)


def repeated_header(first: Sequence[TextLine], lines: Sequence[TextLine]) -> float | None:
    """Given a table's first part's lines and a later part's, return where the later part's header ends: under the lines that
    print the first part's first lines again (its header, repeated on the next page, whether or not ``header_bottom`` found
    it there: rows set close leave it none); None where the later part starts with rows."""
    repeated = next((index for index, (line, other) in enumerate(zip(lines, first)) if line.text != other.text), min(len(lines), len(first)))
    if not repeated or repeated == len(lines):
        return None
    return (lines[repeated - 1].bottom + lines[repeated].top) / 2


def table_lines(page: Page, table: Found) -> list[TextLine]:
    """Given a page and a table found on it, return the table's lines, top to bottom."""
    return lines_in(page_lines(page), table)


def lines_in(lines: Sequence[TextLine], table: Found) -> list[TextLine]:
    """Given a page's lines and a table found on it, return the lines that are the table's."""
    return [line for line in lines if table.top <= line.middle <= table.bottom and overlap(line.x0, line.x1, table.x0, table.x1) > 0]


def numbered(captions: Sequence[Caption], found: Sequence[Found]) -> dict[Found, str]:
    """Given every caption of the document and the tables found without one, return each found table's caption line.

    It is numbered after the document's highest caption number, so no
    caption's number is taken, and says it was found without a caption.
    """
    start = max((int(caption.number) for caption in captions if caption.number.isdigit()), default=0) + 1
    return {table: f"Table {start + offset} Found without a caption on page {table.page + 1}" for offset, table in enumerate(found)}


def found_rows(page: Page, table: Found) -> list[list[PlacedCell]]:
    """Given a page and a table found on it without a caption, return its rows full width: by the grid its strokes draw
    (``pdf_strokes``), or as the region reader reads them."""
    ruled = grid_rows(page, (table.x0, table.top, table.x1, table.bottom), None)
    if ruled is not None:
        return ruled[1]
    words = [word for word in page.words if table.top <= (word.top + word.bottom) / 2 <= table.bottom and table.x0 <= (word.x0 + word.x1) / 2 <= table.x1]
    return cells_to_rows(words_to_cells(page, words), page.number)

"""What every reader returns: a ``Source`` (numbered lines, and for a structured format its tables cell by cell).

Text and PDF readers give lines only; extract then finds each table by its
caption and sniffs its layout. A structured reader (JATS, HTML, DOCX) knows
the table's real grid, so it gives each table as ``SourceTable``: caption,
cells with their spans, header flag, footnote markers and where each was
printed. Extract turns those into the same table records as for text, with
the ``structured`` layout, so the stages after it never learn the format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, NamedTuple, Sequence

import regex

from pipeline.errors import InputError
from pipeline.grid import Line
from pipeline.layouts import structured

if TYPE_CHECKING:
    from pipeline.sources.pdf import Position

# "Table 1", "Table 2.", "TABLE 3:" in a label or at the start of a caption paragraph.
CAPTION = regex.compile(r"^\s*Table\s+(?P<number>\d+)\b[.:]?\s*(?P<title>.*?)\s*$", regex.IGNORECASE | regex.DOTALL)
WHITESPACE = regex.compile(r"\s+")


class PrintedCell(NamedTuple):
    """A cell as a reader meets it in its row, before placement: text as printed, markers, line, where, spans."""

    text: str
    markers: tuple[str, ...]
    line: int
    where: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class SourceCell:
    """One printed cell: where its top-left corner sits in the grid, its spans, whether it is a header, its text and markers."""

    row: int
    column: int
    rowspan: int
    colspan: int
    header: bool
    text: str
    markers: tuple[str, ...]
    line: int
    where: str


@dataclass(frozen=True)
class SourceTable:
    """One table of a structured document: label, caption, cells, the text under it and its footnotes by marker."""

    label: str
    caption: str
    caption_line: int
    cells: tuple[SourceCell, ...]
    legend: str = ""
    legend_line: int | None = None
    footnotes: Mapping[str, str] = field(default_factory=dict)
    graphic_only: bool = False
    where: str = ""


@dataclass(frozen=True)
class Source:
    """A file as its reader read it.

    ``lines`` are what a cell's ``line`` points into (the text, the rebuilt
    PDF text, the XML or HTML source, a DOCX's paragraphs and cells);
    ``tables`` is None when tables are still to be found by caption in the
    lines; ``metadata`` is what the file says of itself (title, first
    author, year, citation), which a manifest entry overrides.
    """

    lines: tuple[Line, ...]
    encoding: str
    positions: Mapping[int, Position] = field(default_factory=dict)
    tables: tuple[SourceTable, ...] | None = None
    metadata: Mapping[str, object] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # what the reader could not read and why ("file: table_2: ..."), shown with extract's


def clean(text: str) -> str:
    """Given text as a markup parser gives it, return it with runs of whitespace as single spaces, trimmed."""
    return WHITESPACE.sub(" ", text).strip()


def label_and_caption(label: str, caption: str) -> tuple[str, str]:
    """Given a table's label and caption as printed (either may hold "Table N"), return the label and the caption's title."""
    match = CAPTION.match(caption)
    if not label and match:
        return f"Table {match['number']}", match["title"]
    if match and CAPTION.match(label) and match["number"] == CAPTION.match(label)["number"]:
        return label, match["title"]
    return label, caption


def table_id(label: str, position: int) -> tuple[str, int | None]:
    """Given a table's label and its 1-based position in the document, return its id ("table_2") and number.

    A label without a number ("Table S1", "Appendix") is slugged; no label at
    all gives the table's position.
    """
    match = CAPTION.match(label)
    if match:
        return f"table_{match['number']}", int(match["number"])
    slug = regex.sub(r"[^\p{L}\p{N}]+", "_", label.casefold()).strip("_")
    return (slug if slug.startswith("table") else f"table_{slug or position}"), None


def rows_to_cells(rows: Sequence[Sequence[PrintedCell]], header_rows: int, file: str, table: str) -> list[SourceCell]:
    """Given a table's rows of printed cells and how many rows lead as header,
    return the cells placed in the grid, or raise an InputError naming the cell whose span overruns it.

    Placement is HTML's: each cell takes the first column its row has free
    (cells spanning down from rows above hold theirs). The grid is as wide as
    its widest row; a row span may not reach below the last row.
    """
    taken: set[tuple[int, int]] = set()
    placed: list[SourceCell] = []
    for row_number, row in enumerate(rows):
        column = 0
        for text, markers, line, where, rowspan, colspan in row:
            while (row_number, column) in taken:
                column += 1
            if row_number + rowspan > len(rows):
                raise InputError(
                    f"cell in row {row_number + 1} spans {rowspan} rows, but the table has {len(rows)}",
                    file=file, table=table, line=line, value=text,
                )
            for down in range(rowspan):
                for across in range(colspan):
                    taken.add((row_number + down, column + across))
            placed.append(SourceCell(row_number, column, rowspan, colspan, row_number < header_rows, text, markers, line, where))
            column += colspan
    return placed


def check_width(cells: Sequence[SourceCell], columns: int, file: str, table: str) -> None:
    """Given placed cells and the column count the table declares, raise an InputError naming a cell that reaches past it."""
    for cell in cells:
        if cell.column + cell.colspan > columns:
            raise InputError(
                f"cell in row {cell.row + 1} spans to column {cell.column + cell.colspan}, but the table declares {columns} columns",
                file=file, table=table, line=cell.line, value=cell.text,
            )


def table_records(tables: Sequence[SourceTable], file: str) -> list[dict]:
    """Given a structured document's tables, return extract's record of each (layout ``structured``, or ``graphic`` for an image),
    or raise an InputError when two tables would share an id."""
    records, seen = [], {}
    for position, table in enumerate(tables, start=1):
        identifier, number = table_id(table.label, position)
        if identifier in seen:
            raise InputError(f"two tables are labelled {table.label!r} (the other starts on line {seen[identifier]})",
                             file=file, table=identifier, line=table.caption_line, value=table.caption)
        seen[identifier] = table.caption_line
        layout = structured.GRAPHIC if table.graphic_only else structured.NAME
        records.append({
            "table_id": identifier,
            "table_number": number,
            "caption": table.caption,
            "caption_line": table.caption_line,
            "layout": layout,
            "body_first_line": table.caption_line,
            "body": structured.cells_to_body(table.cells) if not table.graphic_only else table.where,
            "legend": table.legend,
            "legend_line": table.legend_line,
        })
    return records

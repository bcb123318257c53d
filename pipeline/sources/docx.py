"""DOCX (``.docx``): every table of a Word document cell by cell, through python-docx.

A cell spanning columns (``gridSpan``) or rows (``vMerge``) keeps its
span; rows marked as repeated header rows (``tblHeader``) are the header,
else the first row and the rows its cells merge down over. The non-empty
paragraph just before a table is its caption; the paragraphs just after
it, up to an empty one, a heading, a table or the next caption, are its
legend. A superscript run is a footnote marker when it is a symbol or a
legend paragraph starts with it (Word also raises ordinals' "nd"). The document's lines are
its paragraphs and table cells in order, one each, so a cell's ``line`` is
its index there (``where`` says "table 1, row 2, column 3").

A DOCX is a zip archive: it is refused before python-docx opens it when it
is not one (a renamed text file), lacks ``word/document.xml``, or would
inflate past ``MAX_INFLATED`` bytes, or past ``RATIO_FLOOR`` at more than
``MAX_RATIO`` times its size (a zip bomb).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from pipeline.errors import InputError
from pipeline.sources.markup import FOOTNOTE, SYMBOL_MARKER, superscript
from pipeline.sources.model import CAPTION, Source, SourceCell, SourceTable, clean, label_and_caption

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.table import CT_Tbl, CT_Tc
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

SUFFIXES = (".docx",)
ENCODING = "docx"
MAX_INFLATED = 200 * 1024 * 1024  # far above any article; a bomb inflates to gigabytes
MAX_RATIO = 100  # XML compresses about 10:1; a bomb's ratio is in the thousands
RATIO_FLOOR = 10 * 1024 * 1024  # below this inflated size the ratio does not matter (a tiny, repetitive document)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_archive(data: bytes, file: str) -> None:
    """Given a DOCX's bytes, raise an InputError unless they are a zip holding a Word document of sane inflated size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise InputError("not a DOCX: not a zip archive (a renamed text or .doc file?)", file=file, value=data[:8].hex(" ")) from err
    with archive:
        entries = archive.infolist()
        if "word/document.xml" not in {entry.filename for entry in entries}:
            raise InputError("not a DOCX: the archive holds no word/document.xml", file=file)
        inflated = sum(entry.file_size for entry in entries)
        # zipfile stops reading an entry at its declared size, so these sizes bound what python-docx can inflate.
        if inflated > MAX_INFLATED or (inflated > RATIO_FLOOR and inflated > MAX_RATIO * len(data)):
            raise InputError(
                f"refused: the archive would inflate to {inflated:,} bytes from {len(data):,} (a zip bomb?)", file=file,
            )


def paragraph_text(paragraph: Paragraph) -> tuple[str, tuple[str, ...]]:
    """Given a python-docx paragraph, return its text (superscript runs raised) and the superscripts as markers."""
    parts, markers = [], []
    for run in paragraph.runs:
        if run.font.superscript and run.text.strip():
            markers.append(run.text.strip())
            parts.append(superscript(run.text))
        else:
            parts.append(run.text)
    return clean("".join(parts)), tuple(markers)


def cell_text(cell_element: CT_Tc, document: Document) -> tuple[str, tuple[str, ...]]:
    """Given a ``w:tc`` element, return its paragraphs' text joined by spaces and their markers."""
    from docx.text.paragraph import Paragraph  # python-docx is imported only when a DOCX is read

    texts, markers = [], []
    for element in cell_element.iterchildren(f"{W}p"):
        text, found = paragraph_text(Paragraph(element, document))
        texts.append(text)
        markers.extend(found)
    return clean(" ".join(texts)), tuple(markers)


def table_cells(table_element: CT_Tbl, document: Document, lines: list[str], number: int) -> tuple[SourceCell, ...]:
    """Given a ``w:tbl`` element and its number in the document, return its cells placed in the grid (header flags set);
    add a line per cell to ``lines``."""
    open_cells: dict[int, SourceCell] = {}  # grid column → the cell merging down from above
    cells: list[SourceCell] = []
    marked_header = 0
    rows = list(table_element.iterchildren(f"{W}tr"))
    for row_number, row in enumerate(rows):
        properties = row.find(f"{W}trPr")
        if properties is not None and properties.find(f"{W}tblHeader") is not None and marked_header == row_number:
            marked_header += 1
        before = row.find(f"{W}trPr/{W}gridBefore")
        column = int(before.get(f"{W}val", "0")) if before is not None else 0
        for element in row.iterchildren(f"{W}tc"):
            width = element.grid_span
            merge = element.vMerge
            text, markers = cell_text(element, document)
            lines.append(text)
            if merge == "continue" and column in open_cells:
                above = open_cells[column]
                grown = SourceCell(above.row, above.column, above.rowspan + 1, above.colspan, above.header, above.text, above.markers, above.line, above.where)
                cells[cells.index(above)] = grown
                open_cells[column] = grown
            else:
                cell = SourceCell(row_number, column, 1, width, False, text, markers, len(lines), f"table {number}, row {row_number + 1}, column {column + 1}")
                cells.append(cell)
                if merge == "restart":
                    open_cells[column] = cell
                else:
                    open_cells.pop(column, None)
            column += width
    first_row = [cell for cell in cells if cell.row == 0]
    header = marked_header or max((cell.rowspan for cell in first_row), default=1)
    return tuple(SourceCell(cell.row, cell.column, cell.rowspan, cell.colspan, cell.row < header, cell.text, cell.markers, cell.line, cell.where) for cell in cells)


def is_heading(paragraph: Paragraph) -> bool:
    """Given a python-docx paragraph, return whether its style makes it a heading or title."""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.startswith("Heading") or name == "Title"


def caption_before(blocks: list[tuple[str, object, int]], index: int, lines: list[str]) -> tuple[str, int] | None:
    """Given the document's blocks, a table's index among them and the lines, return the non-empty paragraph just before it and its line."""
    for kind, _, line in reversed(blocks[:index]):
        if kind != "p":
            return None
        if lines[line - 1]:
            return lines[line - 1], line
    return None


def legend_after(blocks: list[tuple[str, object, int]], index: int, lines: list[str]) -> list[tuple[int, Paragraph]]:
    """Given the document's blocks, a table's index among them and the lines, return the paragraphs after it that form its legend."""
    legend = []
    for kind, paragraph, line in blocks[index + 1 :]:
        if kind != "p" or not lines[line - 1] or is_heading(paragraph) or CAPTION.match(lines[line - 1]):
            break
        legend.append((line, paragraph))
    return legend


def legend_footnotes(legend: list[tuple[int, Paragraph]]) -> dict[str, str]:
    """Given the legend's paragraphs, return each footnote's text by its marker (raised or not: "ᵃ Unconfirmed", "* P < 0.05")."""
    notes = {}
    for _, paragraph in legend:
        text, markers = paragraph_text(paragraph)
        if markers and text.startswith(superscript(markers[0])):
            notes[markers[0]] = text[len(superscript(markers[0])) :].strip()
        elif match := FOOTNOTE.match(text):
            notes[match["marker"]] = match["text"]
    return notes


def with_markers(cells: tuple[SourceCell, ...], notes: dict[str, str]) -> tuple[SourceCell, ...]:
    """Given a table's cells and its footnotes, return the cells keeping as markers only the raised symbols and footnotes' markers
    (Word raises the "nd" of "2nd" too; it stays raised in the text)."""
    return tuple(
        replace(cell, markers=tuple(marker for marker in cell.markers if marker in notes or SYMBOL_MARKER.match(marker)))
        for cell in cells
    )


def body_elements(body: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """Given the document body, return its paragraphs and tables in order, those inside content controls (``w:sdt``) included."""
    for element in body.iterchildren():
        if element.tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            yield from body_elements(content) if content is not None else ()
        else:
            yield element


def read(path: Path, data: bytes) -> Source:
    """Given a DOCX's path and bytes, return its paragraphs and cells as lines, its tables and its title."""
    check_archive(data, path.name)
    import docx
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - python-docx raises many kinds on a damaged package
        raise InputError(f"not a readable DOCX ({type(err).__name__}: {err})", file=path.name) from err
    lines: list[str] = []
    blocks: list[tuple[str, object, int]] = []  # ("p", paragraph, its line) or ("t", cells, the line of its first cell)
    for element in body_elements(document.element.body):
        if element.tag == f"{W}p":
            paragraph = Paragraph(element, document)
            lines.append(paragraph_text(paragraph)[0])
            blocks.append(("p", paragraph, len(lines)))
        elif element.tag == f"{W}tbl":
            first_line = len(lines) + 1
            cells = table_cells(element, document, lines, 1 + sum(kind == "t" for kind, _, _ in blocks))
            blocks.append(("t", cells, first_line))
    found = []
    for index, (kind, cells, first_line) in enumerate(blocks):
        if kind != "t":
            continue
        caption_text, caption_line = caption_before(blocks, index, lines) or ("", first_line)
        label, caption = label_and_caption("", caption_text)
        legend = legend_after(blocks, index, lines)
        notes = legend_footnotes(legend)
        kept = with_markers(cells, notes)
        footnotes = {marker: notes.get(marker, "") for cell in kept for marker in cell.markers}
        found.append(SourceTable(label, caption, caption_line, kept, " ".join(lines[line - 1] for line, _ in legend),
                                 legend[0][0] if legend else None, footnotes))
    title = clean(document.core_properties.title or "") or next((text for text in lines if text), path.stem)
    return Source(lines=tuple(enumerate(lines, start=1)), encoding=ENCODING, tables=tuple(found), metadata={"title": title})

"""Tables as journals print them, spans and all: written as small HTML files, rendered in each layout a user meets.

A printed table is its caption, header rows and body rows of cells that may
span columns or rows (``colspan``/``rowspan``), row labels indented
(``data-indent``), markers raised (``<sup>``) and the text under it
(``<tfoot>``). From one such file this module makes what a user would feed
the pipeline: a word processor's one-cell-per-line export with spanning
cells padded by blank cells or written once (with or without the labels'
indentation), a journal-style PDF, a journal's HTML page and PubMed
Central's JATS XML. It also says what each must read
back as: the header paths and the body grid. The summary-table fixtures of
``tests/fixtures/printed/`` and ``bench/printed_tables.py`` go through here.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

import lxml.html
import pandas as pd
import regex
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, Table, TableStyle

from pipeline import auto
from pipeline.grid import Grid
from pipeline.headers import PATH_SEPARATOR, unnamed_column
from pipeline.layouts import cell_per_line
from pipeline.sources.pdf import pdf_to_lines
from pipeline.sources.text import text_to_lines
from pipeline.stages import extract, parse
from pipeline.values.statistics import NUMERIC_FIELDS
from tests import pdf_fixtures

# How a text export writes a spanning cell: padded with a blank cell per column (or row) it covers, or written once.
PADDED, ONCE = "padded", "once"
# The forms a table reaches a user in: text exports with spans padded, written once, padded with the labels' indentation kept;
# a journal PDF with booktabs rules, and one set without rules, every other row shaded.
FORMS = ("padded", "once", "indented", "pdf", "pdf-unruled", "html", "jats", "docx")
# Journal HTML: the table's own cells and spans, markers in ``<sup>``, notes in paragraphs after it; read by the HTML reader.
HTML = "html"
# PubMed Central's JATS XML: a ``table-wrap`` with its label, caption, cells and spans, and its notes in ``table-wrap-foot``.
JATS = "jats"
# A Word document: merged cells, the header rows marked to repeat, raised markers as superscript runs, notes as paragraphs.
DOCX = "docx"
STRUCTURED = {HTML: ".html", JATS: ".nxml", DOCX: ".docx"}
# A PDF's text as pdfplumber's ``extract_text`` gives it: a row a line, its cells joined by single spaces, blank cells gone.
# Blank cells leave some rows no placement can recover, so it is measured (bench/printed_tables.py), not one of the forms tested.
STREAM = "stream"
PROSE = "The characteristics of the participants are summarised in the table below."
# The table typeset by a second engine: a browser printing a journal's page (headless Chromium), column widths set by the
# content, rules drawn cell by cell, a superscript raising its line. With booktabs rules; boxed as a word processor sets a
# table, cells centred vertically; without rules, every other row shaded, rows padded by a point; and with booktabs rules and
# rows not padded at all, a row's lines as close as a cell's wrapped ones (many journals' style).
_PAGE_CSS = "body{margin:0} caption{text-align:left;font-weight:bold;margin-bottom:4pt} th[colspan]{text-align:center} p.note{font-size:8pt}"
BROWSER_FORMS = {
    "pdf-browser": "table{border-collapse:collapse;font:9pt 'DejaVu Serif',serif;border-top:1.2pt solid;border-bottom:1.2pt solid}"
                   " thead{border-bottom:.6pt solid} td,th{padding:2pt 6pt;text-align:left;vertical-align:top}",
    "pdf-browser-grid": "table{border-collapse:collapse;font:9pt 'Liberation Sans',Arial,sans-serif}"
                        " td,th{border:.5pt solid;padding:2pt 4pt;text-align:left;vertical-align:middle}",
    "pdf-browser-tight": "table{border-collapse:collapse;font:10pt 'Liberation Serif',serif} td,th{padding:1pt 8pt;text-align:left;"
                         "vertical-align:top} tbody tr:nth-child(even){background:#dde8f0}",
    "pdf-browser-dense": "table{border-collapse:collapse;font:9pt 'Liberation Serif',serif;border-top:1pt solid;border-bottom:1pt solid}"
                         " thead{border-bottom:.5pt solid} td,th{padding:0 6pt;text-align:left;vertical-align:top}",
}
# A printed number: thousands grouped by a space, thin space or comma, a point or mid-dot decimal, a minus where no number precedes it
# (a Unicode minus perhaps a space apart: "− 0.8").
NUMBER = regex.compile(
    r"(?:(?<![\d.·)\]])(?:[-–]|−\s?)(?=[\d.·]))?(?:(?<![\d.·])\d{1,3}(?:[ \u2009\u202f\u00a0,]\d{3})+(?![\d])(?:[.·]\d+)?|(?<![\d])\d+(?:[.·]\d+)?"
    r"|(?<![\d])[.·]\d+)(?:\s?[×xX]\s?10\^?[-−+]?\d+|[eE][-−+]?\d+)?"  # and a power of ten: "3.2 × 10^−8", "2.3E-05"
)


def number_value(printed: str) -> float:
    """Given a number ``NUMBER`` matched, return its value."""
    text = regex.sub(r"[ \u2009\u202f\u00a0,]", "", printed).replace("·", ".").replace("−", "-").replace("–", "-")
    return float(regex.sub(r"[×xX]10\^?", "e", text))


@dataclass(frozen=True)
class PrintedCell:
    """One cell as printed: its text with raised markers flattened ("6.9ab"), the markers raised apart, its spans and indent (in levels)."""

    text: str
    raised: tuple[tuple[str, bool], ...]  # the text in pieces, each raised or not
    colspan: int = 1
    rowspan: int = 1
    indent: int = 0


@dataclass(frozen=True)
class PrintedTable:
    """A table as printed: its number and title, header and body rows of cells, and the paragraphs under it."""

    name: str
    number: int
    title: str
    header: tuple[tuple[PrintedCell, ...], ...]
    body: tuple[tuple[PrintedCell, ...], ...]
    legend: tuple[str, ...]

    @property
    def width(self) -> int:
        """The number of columns, as the first header row's spans add up."""
        return sum(cell.colspan for cell in self.header[0])


def _element_to_cell(element: lxml.html.HtmlElement) -> PrintedCell:
    """Given a ``td`` or ``th``, return the cell it prints."""
    pieces: list[tuple[str, bool]] = []

    def walk(node: lxml.html.HtmlElement, raised: bool) -> None:
        if node.text:
            pieces.append((node.text, raised))
        for child in node:
            if child.tag == "br":
                pieces.append((" ", raised))
            else:
                walk(child, raised or child.tag == "sup")
            if child.tail:
                pieces.append((child.tail, raised))

    walk(element, False)
    text = " ".join("".join(piece for piece, _ in pieces).split())
    return PrintedCell(text, tuple(pieces), int(element.get("colspan", 1)), int(element.get("rowspan", 1)), int(element.get("data-indent", 0)))


def html_to_table(path: Path) -> PrintedTable:
    """Given an HTML file holding one ``<table>``, return the table it prints; its caption must read "Table N. Title" or "Table N Title"."""
    [table] = lxml.html.document_fromstring(Path(path).read_text(encoding="utf-8")).iter("table")
    caption = " ".join(table.findtext("caption", "").split()) or "Table 1"
    label, _, title = caption.partition(" ")
    number, _, title = title.partition(" ")
    if label.casefold() != "table" or not number.rstrip(".:").isdigit():
        raise ValueError(f"{path.name}: caption {caption!r} does not start 'Table N'")

    def rows(section: str) -> tuple[tuple[PrintedCell, ...], ...]:
        return tuple(tuple(_element_to_cell(cell) for cell in row.iter("td", "th")) for row in table.iterfind(f"{section}/tr"))

    legend = tuple(" ".join(row.text_content().split()) for row in table.iterfind("tfoot/tr"))
    return PrintedTable(path.stem, int(number.rstrip(".:")), title.strip(), rows("thead"), rows("tbody"), legend)


@dataclass(frozen=True)
class Slot:
    """One position of the grid: the cell covering it, and whether the cell starts here, or only spans over it from the left or above."""

    cell: PrintedCell
    starts: bool
    from_above: bool


def rows_to_slots(rows: Sequence[Sequence[PrintedCell]], width: int) -> list[list[Slot]]:
    """Given rows of printed cells and the table's width, return the grid of slots their spans cover (a row-spanning cell fills the rows below)."""
    grid: list[list[Slot | None]] = [[None] * width for _ in rows]
    for number, row in enumerate(rows):
        column = 0
        for cell in row:
            while column < width and grid[number][column] is not None:
                column += 1
            if column + cell.colspan > width:
                raise ValueError(f"row {number + 1} spans past the table's {width} columns at {cell.text!r}")
            for down in range(min(cell.rowspan, len(rows) - number)):
                for right in range(cell.colspan):
                    grid[number + down][column + right] = Slot(cell, down == 0 and right == 0, down > 0)
            column += cell.colspan
    blank = PrintedCell("", ())
    return [[slot or Slot(blank, True, False) for slot in row] for row in grid]


def expected_paths(table: PrintedTable) -> tuple[str, ...]:
    """Given a printed table, return the header path of each column: its spanning labels top down, a repeat once."""
    slots = rows_to_slots(table.header, table.width)
    paths = []
    for column in range(table.width):
        parts: list[str] = []
        for row in slots:
            text = row[column].cell.text
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        paths.append(PATH_SEPARATOR.join(parts) or unnamed_column(column))
    return tuple(paths)


def expected_rows(table: PrintedTable) -> list[tuple[str, ...]]:
    """Given a printed table, return its body rows as the grid should read them: a cell's text where it starts, blank where it spans."""
    return [tuple(slot.cell.text if slot.starts else "" for slot in row) for row in rows_to_slots(table.body, table.width)]


def _row_lines(row: Sequence[Slot], spans: str, indent: bool) -> list[str]:
    """Given a row of slots, return its cell lines: each cell where it starts, then, if padded, a blank cell per slot it covers to
    its right; written once, as a word processor exports a merged cell, a cell spanning columns is one cell, and a row a cell
    spans from above keeps an empty cell under it."""
    lines = []
    for slot in row:
        if slot.starts:
            lines.append("\t" + ("  " * slot.cell.indent if indent else "") + slot.cell.text)
        elif spans == PADDED or slot.from_above:
            lines.append("\t")
    return lines


def to_cell_per_line(table: PrintedTable, spans: str = PADDED, indent: bool = False, prose: str = "") -> str:
    """Given a printed table, return a document holding it as a word processor exports it: one cell per line after a tab,
    a blank line between rows, spanning cells padded or written once, raised markers flattened, the legend after it."""
    lines = [prose, ""] if prose else []
    lines.append(f"Table {table.number} {table.title}")
    for row in [*rows_to_slots(table.header, table.width), *rows_to_slots(table.body, table.width)]:
        lines += [*_row_lines(row, spans, indent), ""]
    lines += list(table.legend)
    return "\n".join(lines) + "\n"


def _markup(cell: PrintedCell) -> str:
    """Given a cell, return its reportlab paragraph markup: raised markers set as superscripts."""
    return "".join(f"<super>{escape(piece)}</super>" if raised else escape(piece) for piece, raised in cell.raised).strip()


def _widths(table: PrintedTable, slots: list[list[Slot]], fonts: tuple[str, str], page_width: float) -> list[float]:
    """Given a table, return column widths: each fits its one-column cells' longest word, and the rest of the page is shared by text length."""
    regular, _ = fonts
    size = pdf_fixtures.BODY_SIZE
    words, lengths = [0.0] * table.width, [0.0] * table.width
    for row in slots:
        for column, slot in enumerate(row):
            if slot.starts and slot.cell.colspan == 1 and slot.cell.text:
                words[column] = max(words[column], pdf_fixtures.longest_word(slot.cell.text, fonts[1], size) + slot.cell.indent * size)
                lengths[column] = max(lengths[column], pdfmetrics.stringWidth(slot.cell.text, regular, size))
    minimum = [word + 2 * pdf_fixtures.CELL_PADDING + 2 for word in words]
    spare = max(0.0, page_width - sum(minimum))
    wanted = [max(0.0, length - word) for length, word in zip(lengths, words)]
    share = min(1.0, spare / sum(wanted)) if sum(wanted) else 0.0
    return [low + want * share for low, want in zip(minimum, wanted)]


def to_pdf(table: PrintedTable, path: Path, prose: str = "", ruled: bool = True, turned: bool = False) -> Path:
    """Given a printed table, typeset it as a journal does (booktabs rules, a short rule under each spanning header label,
    labels indented, markers raised; or, not ``ruled``, no rule at all and every other body row shaded, as JAMA sets them)
    on a portrait or landscape A4 page (``turned``: a landscape page set sideways on a portrait one) with its caption above
    and its legend below, and return the path."""
    texts = [table.title, *table.legend, prose, *(cell.text for row in (*table.header, *table.body) for cell in row)]
    fonts = pdf_fixtures.fonts_for(texts)
    regular, bold = fonts
    header_slots, body_slots = rows_to_slots(table.header, table.width), rows_to_slots(table.body, table.width)
    pagesize = A4 if table.width <= 5 else landscape(A4)
    widths = _widths(table, header_slots + body_slots, fonts, pagesize[0] - 80)
    head_style, body_style = pdf_fixtures.cell_style(bold), pdf_fixtures.cell_style(regular)
    centred = ParagraphStyle(f"centred-{bold}", parent=head_style, alignment=1)

    def paragraphs(slots: list[list[Slot]], header: bool) -> list[list[Paragraph | str]]:
        out = []
        for row in slots:
            cells: list[Paragraph | str] = []
            for slot in row:
                if not slot.starts or not slot.cell.text:
                    cells.append("")
                    continue
                style = (centred if slot.cell.colspan > 1 else head_style) if header else body_style
                if slot.cell.indent:
                    style = ParagraphStyle(f"{style.name}-in{slot.cell.indent}", parent=style, leftIndent=slot.cell.indent * pdf_fixtures.BODY_SIZE)
                cells.append(Paragraph(_markup(slot.cell), style))
            out.append(cells)
        return out

    commands: list[tuple] = [
        ("LEFTPADDING", (0, 0), (-1, -1), pdf_fixtures.CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), pdf_fixtures.CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if ruled:
        commands += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, "black"),
            ("LINEBELOW", (0, len(header_slots) - 1), (-1, len(header_slots) - 1), 0.5, "black"),
            ("LINEBELOW", (0, -1), (-1, -1), 1.0, "black"),
        ]
    else:
        commands.append(("ROWBACKGROUNDS", (0, len(header_slots)), (-1, -1), ["white", "#e6eef5"]))
    for offset, slots in ((0, header_slots), (len(header_slots), body_slots)):
        for number, row in enumerate(slots):
            for column, slot in enumerate(row):
                if slot.starts and (slot.cell.colspan > 1 or slot.cell.rowspan > 1):
                    last = (column + slot.cell.colspan - 1, offset + number + slot.cell.rowspan - 1)
                    commands.append(("SPAN", (column, offset + number), last))
                    if ruled and offset == 0 and slot.cell.colspan > 1 and last[1] < len(header_slots) - 1:
                        commands.append(("LINEBELOW", (column, last[1]), (last[0], last[1]), 0.5, "black"))
    flowable = Table(paragraphs(header_slots, True) + paragraphs(body_slots, False), colWidths=widths, repeatRows=len(header_slots),
                     style=TableStyle(commands), hAlign="CENTER")
    caption = Paragraph(escape(f"Table {table.number} {table.title}"), pdf_fixtures.text_style(bold))
    story = [Paragraph(escape(prose), pdf_fixtures.text_style(regular))] if prose else []
    story += [caption, flowable, *(Paragraph(escape(text), pdf_fixtures.text_style(regular, pdf_fixtures.BODY_SIZE, 2)) for text in table.legend)]
    return pdf_fixtures.build(Path(path), story, pagesize, "Printed table (test fixture)", turned=turned)


def to_browser_pdf(table: PrintedTable, path: Path, prose: str = "", form: str = "pdf-browser") -> Path:
    """Given a table, a PDF path and one of ``BROWSER_FORMS``, print the table's page (caption, cells, notes) to the PDF with
    headless Chromium, on A4 turned sideways for a table of more than five columns, and return the path."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("the browser forms are typeset by Chromium, which is not installed (Debian: apt-get install chromium)")
    size = "A4 landscape" if table.width > 5 else "A4"
    notes = "".join(f"<p class='note'>{escape(text)}</p>" for text in table.legend)
    page = (f"<html><head><meta charset='utf-8'><style>@page{{size:{size};margin:15mm}} {_PAGE_CSS} {BROWSER_FORMS[form]}</style>"
            f"</head><body><p>{escape(prose)}</p><table><caption>Table {table.number} {escape(table.title)}</caption>"
            f"{table_markup(table)}</table>{notes}</body></html>")
    source = Path(path).with_suffix(".page.html")
    source.write_text(page, encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={path}",
                    source.resolve().as_uri()], check=True, capture_output=True, timeout=120)
    return Path(path)


def normalized(text: str) -> str:
    """Given a cell's text, return it as compared: raised markers as plain letters, whitespace runs as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def as_stream(text: str) -> str:
    """Given a one-cell-per-line document of one table, return it as a PDF text export: each row a line of its printed cells, a spacer a blank line."""
    lines = text_to_lines(text)
    [record] = extract.lines_to_tables(lines, "doc")
    caption = next(index for index, (number, _) in enumerate(lines) if number == record["caption_line"])
    block = cell_per_line.lines_to_block(lines[caption + 1:])
    rows = [" ".join(cell.text for cell in row if cell.text.strip()) for row in cell_per_line.block_to_rows(block)]
    return "\n".join([*(line for _, line in lines[: caption + 1]), *rows, record["legend"]]) + "\n"


def table_markup(table: PrintedTable) -> str:
    """Given a table, return its ``thead`` and ``tbody`` as HTML and JATS both write them: cells with their spans, raised
    markers in ``<sup>``, a level's indentation as no-break spaces."""

    def cell(tag: str, printed: PrintedCell) -> str:
        spans = "".join(f' {name}="{value}"' for name, value in (("colspan", printed.colspan), ("rowspan", printed.rowspan)) if value > 1)
        text = "".join(f"<sup>{escape(piece)}</sup>" if raised else escape(piece) for piece, raised in printed.raised)
        return f"<{tag}{spans}>{chr(0xA0) * 2 * printed.indent}{text}</{tag}>"

    def rows(tag: str, section: Sequence[Sequence[PrintedCell]]) -> str:
        return "".join("<tr>" + "".join(cell(tag, printed) for printed in row) + "</tr>" for row in section)

    return f"<thead>{rows('th', table.header)}</thead><tbody>{rows('td', table.body)}</tbody>"


def to_html(table: PrintedTable, path: Path, prose: str = "") -> Path:
    """Given a table, write it as a journal's HTML page does (caption, its cells, the notes as paragraphs after it, no charset
    declared) and return the path."""
    notes = "".join(f"<p>{escape(text)}</p>" for text in table.legend)
    page = (f"<html><body><p>{escape(prose)}</p><table><caption>Table {table.number}. {escape(table.title)}</caption>"
            f"{table_markup(table)}</table>{notes}</body></html>")
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


def to_jats(table: PrintedTable, path: Path, prose: str = "") -> Path:
    """Given a table, write it as PubMed Central's JATS XML holds it (a ``table-wrap``: label, caption, its cells, the notes as
    ``fn`` in ``table-wrap-foot``) and return the path."""
    notes = "".join(f"<fn><p>{escape(text)}</p></fn>" for text in table.legend)
    article = ('<?xml version="1.0" encoding="UTF-8"?>\n<article><front><article-meta><title-group><article-title>Printed table'
               f"</article-title></title-group></article-meta></front><body><p>{escape(prose)}</p><table-wrap>"
               f"<label>Table {table.number}</label><caption><p>{escape(table.title)}</p></caption><table>{table_markup(table)}</table>"
               f"<table-wrap-foot>{notes}</table-wrap-foot></table-wrap></body></article>")
    Path(path).write_text(article.replace(chr(0xA0), "&#160;"), encoding="utf-8")
    return Path(path)


def to_docx(table: PrintedTable, path: Path, prose: str = "") -> Path:
    """Given a table, write it as a Word document holds it (the caption a paragraph before it, spanning cells merged, the
    header rows marked to repeat on each page, markers as superscript runs, the notes as paragraphs after it); return the path."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph(prose)
    document.add_paragraph(f"Table {table.number} {table.title}")
    sections = [rows_to_slots(table.header, table.width), rows_to_slots(table.body, table.width)]
    grid = document.add_table(rows=len(table.header) + len(table.body), cols=table.width)
    for offset, slots in ((0, sections[0]), (len(table.header), sections[1])):
        for number, row in enumerate(slots):
            for column, slot in enumerate(row):
                if not slot.starts or not slot.cell.text:
                    continue
                cell = grid.cell(offset + number, column)
                if slot.cell.rowspan > 1 or slot.cell.colspan > 1:
                    last = offset + number + min(slot.cell.rowspan, len(slots) - number) - 1
                    cell = cell.merge(grid.cell(last, column + slot.cell.colspan - 1))
                for piece, raised in slot.cell.raised:
                    cell.paragraphs[0].add_run(piece).font.superscript = raised
    for row in grid.rows[: len(table.header)]:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(repeat)
    for text in table.legend:
        document.add_paragraph(text)
    document.save(str(path))
    return Path(path)


def read_form(table: PrintedTable, form: str, folder: Path) -> tuple[Grid | None, auto.AutoTable | None, str]:
    """Given a table, one of ``FORMS`` or ``STREAM`` and a folder for the files, return the grid of the table rendered so as auto
    mode reads it, the auto-mode table, and why nothing was read."""
    if form not in STRUCTURED:
        return read_back(render(table, form, folder), table.name)
    return read_structured(write_structured(table, form, folder))


def write_structured(table: PrintedTable, form: str, folder: Path) -> Path:
    """Given a table, one of ``STRUCTURED``'s forms and a folder, write the table's document in that form and return its path."""
    return {HTML: to_html, JATS: to_jats, DOCX: to_docx}[form](table, Path(folder) / f"{table.name}{STRUCTURED[form]}", PROSE)


def read_structured(path: Path) -> tuple[Grid | None, auto.AutoTable | None, str]:
    """Given a structured document (HTML, JATS, DOCX), return its first table's grid as auto mode reads it, the auto-mode
    table, and why nothing was read."""
    _, records = extract.read_document(path, pd.DataFrame(columns=["file", "document"]).set_index("file"))
    if not records:
        return None, None, "no table found"
    record = pd.Series(records[0])
    grid, why = parse.parse_unclaimed(record)
    if grid is None:
        return None, None, why or "unread"
    return grid, auto.read_table(record, grid), ""


def render(table: PrintedTable, form: str, folder: Path) -> str:
    """Given a table and one of ``FORMS`` or ``STREAM``, return the text auto mode reads: the export itself, or the PDF reader's text of the typeset page."""
    if form in ("pdf", "pdf-unruled"):
        lines, _ = pdf_to_lines(to_pdf(table, Path(folder) / f"{table.name}.pdf", PROSE, ruled=form == "pdf"))
        return "\n".join(lines)
    if form in BROWSER_FORMS:
        lines, _ = pdf_to_lines(to_browser_pdf(table, Path(folder) / f"{table.name}.{form}.pdf", PROSE, form))
        return "\n".join(lines)
    if form == STREAM:
        return as_stream(to_cell_per_line(table, PADDED, prose=PROSE))
    return to_cell_per_line(table, ONCE if form == "once" else PADDED, indent=form == "indented", prose=PROSE)


def read_back(text: str, name: str) -> tuple[Grid | None, auto.AutoTable | None, str]:
    """Given a document's text, return the grid of its first table as auto mode reads it, the auto-mode table, and why nothing was read."""
    records = extract.lines_to_tables(text_to_lines(text), name)
    if not records:
        return None, None, "no table found"
    record = pd.Series({**records[0], "file": f"{name}.txt"})
    grid, why = parse.parse_unclaimed(record)
    if grid is None:
        return None, None, why or "unread"
    return grid, auto.read_table(record, grid), ""


def printed_numbers(cell: PrintedCell) -> list[float]:
    """Given a printed cell, return the numbers it prints (raised markers aside, a raised exponent of ten kept: "3.2×10⁻⁸")."""
    text = ""
    for piece, raised in cell.raised:
        if not raised or (text.endswith("10") and regex.fullmatch(r"[-\u2212+]?\d+", piece)):
            text += f"^{piece}" if raised else piece
    return [number_value(match) for match in NUMBER.findall(text)]


def record_numbers(record: pd.Series) -> list[float]:
    """Given a long-form record, return the numbers it holds."""
    return [float(record[name]) for name in NUMERIC_FIELDS if name in record and not pd.isna(record[name])]


def same_numbers(printed: Sequence[float], held: Sequence[float]) -> bool:
    """Given the numbers a cell prints and those its record holds, return whether they are the same, in any order."""
    return sorted(round(value, 9) for value in printed) == sorted(round(value, 9) for value in held)


def grid_difference(table: PrintedTable, grid: Grid, spacers_dropped: bool) -> tuple[bool, bool, str]:
    """Given a table, the grid read back and whether its spacer rows were dropped (a PDF prints nothing for them), return whether
    the header paths and the body rows are exact, and the first difference in words ("" when none)."""
    paths = tuple(normalized(path) for path in grid.paths)
    printed_paths = tuple(normalized(path) for path in expected_paths(table))
    rows = [tuple(normalized(cell.text) for cell in row) for row in grid.rows]
    expected = [tuple(normalized(text) for text in row) for row in expected_rows(table)]
    if spacers_dropped:
        expected, rows = [row for row in expected if any(row)], [row for row in rows if any(row)]
    if paths != printed_paths:
        return False, rows == expected, f"paths {list(paths)} != {list(printed_paths)}"
    for number, (want, got) in enumerate(zip(expected, rows), start=1):
        if want != got:
            return True, False, f"row {number}: {list(got)} != {list(want)}"
    return True, len(rows) == len(expected), "" if len(rows) == len(expected) else f"{len(rows)} rows read, {len(expected)} printed"


TYPED = "typed"


def number_cells(table: PrintedTable, read: auto.AutoTable, spacers_dropped: bool) -> dict[tuple[int, int], str]:
    """Given a table, its long form as read and whether its spacer rows were dropped, return for each body cell printing a number
    (by row and column) ``TYPED`` when one record holds exactly its printed numbers, else what went wrong."""
    frame = read.frame
    stubs = max(1, min((index for index, name in enumerate(read.names) if (frame["source_column"] == name).any()), default=1))
    slots = rows_to_slots(table.body, table.width)
    printed = [row for row in slots if any(slot.cell.text for slot in row)] if spacers_dropped else slots
    verdicts: dict[tuple[int, int], str] = {}
    for number, row in enumerate(printed, start=1):
        for column, slot in enumerate(row[stubs:], start=stubs):
            if not slot.starts or not printed_numbers(slot.cell):
                continue
            if column >= len(read.names):
                verdicts[(number, column)] = "column not read"
                continue
            chosen = frame[(frame["source_column"] == read.names[column]) & (frame["source_row"] == number)]
            chosen = chosen[chosen["raw_text"].map(normalized) == normalized(slot.cell.text)]
            if len(chosen) != 1:
                verdicts[(number, column)] = "no record" if chosen.empty else "duplicated"
            elif pd.isna(chosen.iloc[0]["statistic"]):
                verdicts[(number, column)] = f"kept as text ({chosen.iloc[0]['missing_reason']})"
            elif not same_numbers(printed_numbers(slot.cell), record_numbers(chosen.iloc[0])):
                verdicts[(number, column)] = "other numbers"
            else:
                verdicts[(number, column)] = TYPED
    return verdicts


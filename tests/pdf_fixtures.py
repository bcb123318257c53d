"""Journal-style PDFs of the seed tables, typeset with reportlab, for the PDF reader's tests.

The grids come from the pipeline's own text path, so a PDF read back must
give the same grid cell for cell. ``python tests/pdf_fixtures.py OUTDIR``
writes every variant; the tests call the writers into a temporary folder.
Generated PDFs are not committed.

Wrapping is left to reportlab's Paragraph, which breaks lines only at spaces
once long-word splitting and hyphenation are off; ``check_fits`` makes sure
no word is wider than its column, so no word is ever split or overflows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence
from xml.sax.saxutils import escape

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from pipeline import config
from pipeline.stages import extract, parse
from pipeline.headers import PATH_SEPARATOR, unnamed_column
from pipeline.tables import load_specs, spec_for

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
CELL_PADDING = 3.0  # points each side: 6 pt between columns, a journal's narrow setting
BODY_SIZE = 7.0
TEXT_SIZE = 9.0

PROSE = (
    "Metastasis of colorectal cancer to the anal canal is rare, and most of what is known comes from "
    "single case reports. We collected the published cases to compare the primary tumour, the interval "
    "to the anal lesion and the treatment given.",
    "The cases were retrieved from PubMed with the terms anal metastasis, implantation and fistula. "
    "Reports without the site of the primary tumour were excluded, and the characteristics of every "
    "case are summarised in the table below, one row per patient.",
)


@dataclass(frozen=True)
class SeedTable:
    """One table as the text path reads it: caption title, column paths, body rows and legend."""

    document: str
    table_id: str
    caption: str
    paths: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    legend: str
    indents: tuple[int, ...] = ()  # per body row, its first cell's indent in em (a summary table's levels)

    @property
    def title(self) -> str:
        """The caption as printed, "Table 1 Summary of ..."."""
        return f"Table {self.table_id.removeprefix('table_')} {self.caption}"


@lru_cache(maxsize=1)
def seed_tables(raw: Path = config.RAW_DIR) -> dict[tuple[str, str], SeedTable]:
    """Given the raw folder, return its tables read by the text path, keyed by (document, table id)."""
    found = extract.extract(raw)
    tables, errors = found.tables, found.errors
    if errors:
        raise RuntimeError(f"the text path fails on the seed documents: {errors}")
    specs = load_specs()
    seeds = {}
    for _, row in tables.iterrows():
        grid = parse.parse_table(row, spec_for(row.caption, row.body, specs))
        seeds[(row.document, row.table_id)] = SeedTable(
            document=row.document,
            table_id=row.table_id,
            caption=row.caption,
            paths=grid.paths,
            rows=tuple(tuple(cell.text for cell in cells) for cells in grid.rows),
            legend=row.legend or "",
        )
    return seeds


def seed(document: str, table_id: str) -> SeedTable:
    """Given a document and table id, return that seed table."""
    return seed_tables()[(document, table_id)]


# --- fonts ---------------------------------------------------------------------------------------


def standard_font_misses(texts: Sequence[str]) -> set[str]:
    """Given texts, return the characters the standard 14 fonts cannot draw.

    reportlab writes those fonts in WinAnsiEncoding (cp1252); anything outside
    it would print as a blank box and read back as something else.
    """
    misses = set()
    for text in texts:
        for char in text:
            try:
                char.encode("cp1252")
            except UnicodeEncodeError:
                misses.add(char)
    return misses


def fonts_for(texts: Sequence[str]) -> tuple[str, str]:
    """Given every text to typeset, return the (regular, bold) font names that can draw all of it.

    Helvetica when cp1252 covers the texts, else DejaVu Sans registered from
    its TTF; raises naming the characters when neither can.
    """
    misses = standard_font_misses(texts)
    if not misses:
        return "Helvetica", "Helvetica-Bold"
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        raise RuntimeError(f"no font for {sorted(misses)}: Helvetica lacks them and {regular} is missing")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    face = pdfmetrics.getFont("DejaVuSans").face
    lacking = {char for char in misses if ord(char) not in face.charToGlyph}
    if lacking:
        raise RuntimeError(f"no font for {sorted(lacking)}: neither Helvetica nor DejaVu Sans has them")
    return "DejaVuSans", "DejaVuSans-Bold"


def table_texts(table: SeedTable) -> list[str]:
    """Given a seed table, return every string it prints."""
    return [table.title, table.legend, *table.paths, *(cell for row in table.rows for cell in row)]


# --- the table flowable --------------------------------------------------------------------------


def header_levels(paths: Sequence[str]) -> list[tuple[str, str | None]]:
    """Given column paths, return (upper, lower) labels per column; lower is None for a one-level column.

    A column without header text, "(column 1)", prints an empty header cell.
    """
    levels: list[tuple[str, str | None]] = []
    for index, path in enumerate(paths):
        if path == unnamed_column(index):
            levels.append(("", None))
            continue
        upper, _, lower = path.partition(PATH_SEPARATOR)
        levels.append((upper, lower or None))
    return levels


def spans(levels: Sequence[tuple[str, str | None]]) -> list[tuple[int, int]]:
    """Given the header labels per column, return (first, last) column of each spanning label."""
    runs: list[tuple[int, int]] = []
    for index, (upper, lower) in enumerate(levels):
        if lower is None:
            continue
        if runs and runs[-1][1] == index - 1 and levels[index - 1][0] == upper and levels[index - 1][1] is not None:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def cell_style(font: str, size: float = BODY_SIZE) -> ParagraphStyle:
    """Given a font, return a cell paragraph style that wraps at spaces only."""
    return ParagraphStyle(
        f"cell-{font}-{size}",
        fontName=font,
        fontSize=size,
        leading=size * 1.2,
        splitLongWords=0,
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
    )


def longest_word(text: str, font: str, size: float) -> float:
    """Given a cell text, return the width of its widest word in points."""
    return max((pdfmetrics.stringWidth(word, font, size) for word in text.split()), default=0.0)


def column_widths(table: SeedTable, fonts: tuple[str, str], wrap_ratio: float | None) -> list[float]:
    """Given a table, return each column's width in points.

    With a wrap ratio a column is as wide as its widest word, or that share
    of its longest cell if wider, so long cells wrap onto two or three lines;
    without one every column fits its longest cell.
    """
    regular, bold = fonts
    widths = []
    for index, (upper, lower) in enumerate(header_levels(table.paths)):
        header = lower if lower is not None else upper
        body = [row[index] for row in table.rows]
        word = max([longest_word(header, bold, BODY_SIZE), *(longest_word(cell, regular, BODY_SIZE) for cell in body)])
        longest = max(
            [pdfmetrics.stringWidth(header, bold, BODY_SIZE)]
            + [pdfmetrics.stringWidth(cell, regular, BODY_SIZE) for cell in body]
        )
        text_width = max(word, longest * wrap_ratio) if wrap_ratio else longest
        indent = max(table.indents, default=0) * BODY_SIZE if index == 0 else 0.0  # an indented label keeps its room
        widths.append(text_width + indent + 2 * CELL_PADDING + 1.0)
    levels = header_levels(table.paths)
    for first, last in spans(levels):  # a spanning label wider than its columns widens the last of them
        room = sum(widths[first : last + 1]) - 2 * CELL_PADDING
        widths[last] += max(0.0, longest_word(levels[first][0], bold, BODY_SIZE) - room + 1.0)
    return widths


def break_cell(text: str, font: str, room: float, size: float = BODY_SIZE) -> list[str]:
    """Given a cell text, its font and its column's text width, return its lines as a narrow journal setting breaks them.

    Words fill each line; a word of six letters or more that does not fit
    the rest of a line is hyphenated there (three letters at least each
    side); a word wider than the column itself is broken without a hyphen
    where the line is full, as word processors and overfull TeX boxes do.
    """

    def width(piece: str) -> float:
        return pdfmetrics.stringWidth(piece, font, size)

    lines: list[str] = []
    current = ""
    queue = text.split()
    while queue:
        word = queue.pop(0)
        prefix = f"{current} " if current else ""
        if width(prefix + word) <= room:
            current = prefix + word
            continue
        if width(word) > room:
            cut = max((n for n in range(2, len(word)) if width(prefix + word[:n]) <= room), default=None)
            if cut is None:  # not two letters fit after the line's words: the word starts the next line
                lines.append(current)
                current = ""
                queue.insert(0, word)
                continue
            lines.append(prefix + word[:cut])
            current = ""
            queue.insert(0, word[cut:])
            continue
        cut = max((n for n in range(3, len(word) - 2) if width(prefix + word[:n] + "-") <= room), default=None)
        if word.isalpha() and len(word) >= 6 and cut is not None:
            lines.append(prefix + word[:cut] + "-")
            current = ""
            queue.insert(0, word[cut:])
            continue
        lines.append(current)
        current = word
    return [*lines, current] if current else lines


def narrow_widths(table: SeedTable, fonts: tuple[str, str], word_share: float = 0.6, wrap_ratio: float = 0.3) -> list[float]:
    """Given a table, return column widths for a narrow setting: every header word fits, but the widest body words
    do not (a column is ``word_share`` of its widest body word, or ``wrap_ratio`` of its longest cell, if wider).

    The first column, of names, fits its widest: names are hyphenated, never broken bare.
    """
    regular, bold = fonts
    widths = []
    for index, (upper, lower) in enumerate(header_levels(table.paths)):
        body = [row[index] for row in table.rows]
        header = longest_word(lower if lower is not None else upper, bold, BODY_SIZE)
        word = max(longest_word(cell, regular, BODY_SIZE) for cell in body) * (1.0 / word_share if index == 0 else 1.0)
        longest = max(pdfmetrics.stringWidth(cell, regular, BODY_SIZE) for cell in body)
        widths.append(max(header, word_share * word, wrap_ratio * longest, 2 * pdfmetrics.stringWidth("00", regular, BODY_SIZE))
                      + 2 * CELL_PADDING + 1.0)
    levels = header_levels(table.paths)
    for first, last in spans(levels):
        room = sum(widths[first : last + 1]) - 2 * CELL_PADDING
        widths[last] += max(0.0, longest_word(levels[first][0], bold, BODY_SIZE) - room + 1.0)
    return widths


def check_fits(table: SeedTable, widths: Sequence[float], fonts: tuple[str, str]) -> None:
    """Given a table and its column widths, raise if any word is wider than its column's text width."""
    regular, bold = fonts
    levels = header_levels(table.paths)
    for index, width in enumerate(widths):
        room = width - 2 * CELL_PADDING
        header = levels[index][1] if levels[index][1] is not None else levels[index][0]
        cells = [(header, bold), *((row[index], regular) for row in table.rows)]
        for text, font in cells:
            if longest_word(text, font, BODY_SIZE) > room:
                raise ValueError(f"a word of {text!r} is wider than column {index + 1} ({room:.1f} pt)")
    for first, last in spans(levels):
        room = sum(widths[first : last + 1]) - 2 * CELL_PADDING
        if longest_word(levels[first][0], bold, BODY_SIZE) > room:
            raise ValueError(f"spanning label {levels[first][0]!r} is wider than its columns")


def table_flowable(
    table: SeedTable,
    fonts: tuple[str, str],
    widths: Sequence[float],
    grid: bool,
    repeat_header: bool = True,
    narrow: bool = False,
) -> LongTable:
    """Given a seed table, its fonts and column widths, return it typeset as a journal table.

    Booktabs style (``grid`` false): a heavy top and bottom rule, a light rule
    under each spanning label and under the header, none between rows; a page
    break closes the part with a light rule and repeats the header (or, with
    ``repeat_header`` false, opens the next part with a top rule alone).
    ``narrow`` breaks body cells as ``break_cell`` does, mid-word too. With
    ``grid`` every cell is boxed and cells are centred vertically, to vary
    the geometry the reader must cope with.
    """
    regular, bold = fonts
    body_style, head_style = cell_style(regular), cell_style(bold)
    # A Paragraph ignores the cell's ALIGN, so a spanning label is centred by its style.
    span_style = ParagraphStyle(f"span-{bold}", parent=head_style, alignment=1)
    levels = header_levels(table.paths)
    runs = spans(levels)
    two_rows = bool(runs)

    def para(text: str, style: ParagraphStyle) -> Paragraph | str:
        return Paragraph(escape(text), style) if text else ""

    upper = [para(label, head_style) for label, _ in levels]
    for first, last in runs:
        upper[first : last + 1] = [para(levels[first][0], span_style)] + [""] * (last - first)
    header = [upper]
    if two_rows:
        header.append([para(lower or "", head_style) for _, lower in levels])
    if narrow:
        rooms = [width - 2 * CELL_PADDING - 0.5 for width in widths]
        body = [
            [Paragraph("<br/>".join(escape(line) for line in break_cell(cell, regular, rooms[index])), body_style) if cell else ""
             for index, cell in enumerate(row)]
            for row in table.rows
        ]
    else:
        indents = table.indents or (0,) * len(table.rows)
        body = [
            [para(cell, ParagraphStyle(f"{body_style.name}-in{indents[number]}", parent=body_style,
                                       leftIndent=indents[number] * BODY_SIZE) if index == 0 and indents[number] else body_style)
             for index, cell in enumerate(row)]
            for number, row in enumerate(table.rows)
        ]
    n_header = len(header)

    commands: list[tuple] = [
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if two_rows:
        for first, last in runs:
            commands.append(("SPAN", (first, 0), (last, 0)))
        for index, (_, lower) in enumerate(levels):
            if lower is None:
                commands.append(("SPAN", (index, 0), (index, 1)))
    if grid:
        commands += [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    else:
        commands += [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
            ("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.5, colors.black),
            ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, n_header - 1), "BOTTOM"),
            ("VALIGN", (0, n_header), (-1, -1), "TOP"),
        ]
        for first, last in runs:
            commands.append(("LINEBELOW", (first, 0), (last, 0), 0.5, colors.black))
        if not repeat_header:
            commands.append(("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), 1.0, colors.black))
    repeat = n_header if repeat_header else 0
    return LongTable(header + body, colWidths=list(widths), repeatRows=repeat, style=TableStyle(commands), hAlign="CENTER")


# --- documents -----------------------------------------------------------------------------------


def text_style(font: str, size: float = TEXT_SIZE, space_before: float = 6.0) -> ParagraphStyle:
    """Given a font, return a prose paragraph style."""
    return ParagraphStyle(f"text-{font}-{size}", fontName=font, fontSize=size, leading=size * 1.25, spaceBefore=space_before)


def running_lines(journal: str, later: str | None = None) -> Callable:
    """Given the journal line (and a line to print atop page 2), return a page callback that prints
    the journal line as a running footer with the page number."""

    def draw(canvas, document) -> None:  # noqa: ANN001 - reportlab's callback signature
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(document.leftMargin, 20, f"{journal} | Page {document.page}")
        if later and document.page == 2:  # "Table 1 (continued)", just above where the second page's story starts
            canvas.setFont("Helvetica", TEXT_SIZE)
            canvas.drawString(document.leftMargin + 120, document.pagesize[1] - document.topMargin + 6, later)
        canvas.restoreState()

    return draw


@dataclass(frozen=True)
class CaptionStyle:
    """How a journal prints a caption: the label's form, the title on its own line or not, above or below the table."""

    label: str = "Table {n}"  # {n} the number, {roman} it in roman numerals
    title_apart: bool = False  # the label alone on its line, the title on the next
    below: bool = False


CAPTION_STYLES = {
    "plain": CaptionStyle(),
    "dot": CaptionStyle("Table {n}."),
    "colon": CaptionStyle("Table {n}:"),
    "upper": CaptionStyle("TABLE {n}"),
    "roman": CaptionStyle("TABLE {roman}"),
    "roman-colon": CaptionStyle("Table {roman}:"),
    "apart": CaptionStyle("Table {n}", title_apart=True),
    "below": CaptionStyle("Table {n}.", below=True),
    "below-apart": CaptionStyle("TABLE {roman}", title_apart=True, below=True),
}


def roman(number: int) -> str:
    """Given a table number, return it in roman numerals, as IEEE captions print it."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def caption_block(table: SeedTable, fonts: tuple[str, str], style: CaptionStyle = CaptionStyle()) -> list[Flowable]:
    """Given a table, its fonts and a caption style, return its caption paragraph(s)."""
    number = int(table.table_id.removeprefix("table_"))
    label = style.label.format(n=number, roman=roman(number))
    paragraph = ParagraphStyle("caption", parent=text_style(fonts[0]), spaceBefore=10 if not style.below else 4, spaceAfter=4)
    if not style.title_apart:
        return [Paragraph(escape(f"{label} {table.caption}"), paragraph)]
    title = ParagraphStyle("caption-title", parent=paragraph, spaceBefore=0)
    return [Paragraph(escape(label), ParagraphStyle("caption-label", parent=paragraph, spaceAfter=0)), Paragraph(escape(table.caption), title)]


class TurnedCanvas(Canvas):
    """A canvas that sets each (landscape) page a quarter turn counter-clockwise on a portrait page, as a journal sets a wide
    table sideways: its text reads bottom to top, its rules are vertical."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setPageSize(self._pagesize)
        self._turn()

    def setPageSize(self, size: tuple[float, float]) -> None:
        super().setPageSize((min(size), max(size)))  # laid out landscape, printed portrait

    def _turn(self) -> None:
        self.translate(min(self._pagesize), 0)
        self.rotate(90)

    def showPage(self) -> None:
        super().showPage()
        self._turn()


def build(path: Path, story: list[Flowable], pagesize: tuple[float, float], journal: str, later: str | None = None,
          turned: bool = False) -> Path:
    """Given a story and page size (and a line atop page 2, and whether to set the pages sideways), write it to path as a PDF
    and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    footer = running_lines(journal, later)
    document = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=36,
        rightMargin=36,
        topMargin=36 if later is None else 72,
        bottomMargin=40,
        title=path.stem,
        author="clinical-tables test fixtures",
        invariant=1,  # same bytes on every run: no timestamps or random ids
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=TurnedCanvas if turned else Canvas)
    return path


def table_story(
    table: SeedTable, grid: bool, heading: str, prose: Sequence[str] = PROSE, repeat_header: bool = True
) -> list[Flowable]:
    """Given a table, whether to box every cell, a heading and prose, return a page story with the table and its legend."""
    fonts = fonts_for(table_texts(table) + list(prose) + [heading])
    regular, bold = fonts
    widths = column_widths(table, fonts, wrap_ratio=0.55)
    check_fits(table, widths, fonts)
    story: list[Flowable] = [
        Paragraph(escape(heading), text_style(bold, 14, 0)),
        *(Paragraph(escape(text), text_style(regular)) for text in prose),
        *caption_block(table, fonts),
        table_flowable(table, fonts, widths, grid, repeat_header),
    ]
    if table.legend:
        story.append(Paragraph(escape(table.legend), text_style(regular, BODY_SIZE, 4)))
    return story + [Paragraph(escape(prose[0]), text_style(regular))] if prose else story


def meng_story(grid: bool) -> list[Flowable]:
    """Given whether to box every cell, return the review page with its Table 1 and legend."""
    heading = "Recurrence of sigmoid colon cancer-derived anal metastasis: a review of literature"
    return table_story(seed("meng2022", "table_1"), grid, heading)


def write_table(path: Path, table: SeedTable, grid: bool = False) -> Path:
    """Given an output path and any table, typeset it as the review's table is (landscape A4, journal running lines)."""
    return build(Path(path), table_story(table, grid, "A generated table"), landscape(A4), "Generated journal (test fixture)")


def write_booktabs(path: Path) -> Path:
    """Given an output path, write the Meng 2022 Table 1 with booktabs rules over two landscape pages."""
    return build(Path(path), meng_story(grid=False), landscape(A4), "World J Clin Cases (test fixture)")


def write_continued(path: Path, repeat_header: bool, later: str | None) -> Path:
    """Given an output path, whether the second page repeats the header and the line atop it ("Table 1 (continued)"
    or none), write the Meng 2022 Table 1 (booktabs) running onto a second landscape page."""
    heading = "Recurrence of sigmoid colon cancer-derived anal metastasis: a review of literature"
    story = table_story(seed("meng2022", "table_1"), False, heading, repeat_header=repeat_header)
    return build(Path(path), story, landscape(A4), "World J Clin Cases (test fixture)", later)


def write_narrow(path: Path, table: SeedTable | None = None) -> Path:
    """Given an output path (and a table: the Meng 2022 Table 1 if none), write it in narrow columns on portrait A4:
    cells hyphenated and broken mid-word."""
    table = table or seed("meng2022", "table_1")
    heading = "Recurrence of sigmoid colon cancer-derived anal metastasis: a review of literature"
    fonts = fonts_for(table_texts(table) + list(PROSE) + [heading])
    regular, bold = fonts
    story: list[Flowable] = [
        Paragraph(escape(heading), text_style(bold, 14, 0)),
        *(Paragraph(escape(text), text_style(regular)) for text in PROSE),
        *caption_block(table, fonts),
        table_flowable(table, fonts, narrow_widths(table, fonts), False, narrow=True),
        Paragraph(escape(table.legend), text_style(regular, BODY_SIZE, 4)),
    ]
    return build(Path(path), story, A4, "World J Clin Cases (test fixture)")


def write_grid(path: Path) -> Path:
    """Given an output path, write the Meng 2022 Table 1 with every cell boxed over two landscape pages."""
    return build(Path(path), meng_story(grid=True), landscape(A4), "World J Clin Cases (test fixture)")


def hane_story(style: CaptionStyle = CaptionStyle()) -> tuple[list[Flowable], tuple[str, str]]:
    """Given a caption style, return the Hane 2020 page story (Tables 1 and 2, booktabs, prose around them) and its fonts."""
    tables = [seed("hane2020", "table_1"), seed("hane2020", "table_2")]
    fonts = fonts_for([text for table in tables for text in table_texts(table)] + list(PROSE))
    regular, bold = fonts
    story: list[Flowable] = [
        Paragraph(
            "Metachronous liver metastases after endoscopic resection of rectal neuroendocrine neoplasms",
            text_style(bold, 13, 0),
        ),
        Paragraph(escape(PROSE[0]), text_style(regular)),
    ]
    for table in tables:
        widths = column_widths(table, fonts, wrap_ratio=0.6)
        check_fits(table, widths, fonts)
        flowable = table_flowable(table, fonts, widths, grid=False)
        caption = caption_block(table, fonts, style)
        story += [*caption, flowable] if not style.below else [flowable, *caption]
        story.append(Spacer(1, 4))
        story.append(Paragraph(escape(PROSE[1]), text_style(regular)))
    return story, fonts


def write_hane(path: Path, style: CaptionStyle = CaptionStyle()) -> Path:
    """Given an output path (and a caption style), write Hane 2020 Tables 1 and 2 (booktabs) with prose around them on portrait A4."""
    return build(Path(path), hane_story(style)[0], A4, "Surg Case Rep (test fixture)")


def ruled(rows: list[list[str]], font: str) -> LongTable:
    """Given rows of cell texts, return them as a small booktabs table (a top and a bottom rule)."""
    style = TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black),
                        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE)])
    return LongTable(rows, colWidths=[60.0] * len(rows[0]), style=style, hAlign="LEFT")


MARKED_ROWS = (("Age, years<super>a</super>", "61.2 ± 8.1", "−0.4 (−1.1 to 0.3)"), ("Weight, kg", "71.5 ± 12.0<super>b</super>", "1.2 (0.2 to 2.2)"))
MARKED_LEGEND = "<super>a</super>At enrolment. <super>b</super>Two missing."


def write_marked(path: Path) -> Path:
    """Given an output path, write a small table whose labels and values carry superscript footnote markers and
    print "±" and "−" (U+2212), with the footnotes under it."""
    texts = ["Table 1 Outcomes by arm", *(cell for row in MARKED_ROWS for cell in row)]
    regular, bold = fonts_for(texts)
    body, head = cell_style(regular), cell_style(bold)
    rows = [[Paragraph(text, head) for text in ("Characteristic", "Mean ± SD", "Difference (95% CI)")]]
    rows += [[Paragraph(text, body) for text in row] for row in MARKED_ROWS]
    style = TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                        ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)])
    story = [
        Paragraph("Table 1 Outcomes by arm", text_style(regular)),
        LongTable(rows, colWidths=[110.0, 90.0, 110.0], style=style, hAlign="LEFT"),
        Paragraph(MARKED_LEGEND, text_style(regular, BODY_SIZE, 4)),
    ]
    return build(Path(path), story, A4, "Generated journal (test fixture)")


TIGHT_HEADER = ("Characteristic", "Surgery (n = 48)", "Observation (n = 51)")
# Rows as printed: a narrow label column wraps its longer labels, a group label stands alone over its indented levels, and rows
# are set as close as a cell's wrapped lines.
TIGHT_ROWS = (
    ("Age, years, mean (SD)", "61.2 (8.1)", "60.4 (7.9)"),
    ("Sex", "", ""),
    ("  Female", "21 (43.8)", "25 (49.0)"),
    ("  Male", "27 (56.3)", "26 (51.0)"),
    ("Previous myocardial infarction", "4 (8.3)", "6 (11.8)"),
    ("Congestive heart failure", "2 (4.2)", "1 (2.0)"),
    ("Tumour stage", "", ""),
    ("  I–II", "30 (62.5)", "33 (64.7)"),
    ("  III", "18 (37.5)", "18 (35.3)"),
    ("Chronic obstructive pulmonary disease", "5 (10.4)", "3 (5.9)"),
)


# Groups' labels not indented from their levels: one in title case after a row, one wrapping in title case, in a stub
# whose rows' labels are in sentence case, but for a name wrapped onto a line of its own ("American" / "Indian").
TIGHT_GROUP_ROWS = (
    ("Patient Characteristics", "", ""),
    ("Age, years, mean (SD)", "61.2 (8.1)", "60.4 (7.9)"),
    ("Tumour stage", "", ""),
    ("Stage I–II", "30 (62.5)", "33 (64.7)"),
    ("Stage III", "18 (37.5)", "18 (35.3)"),
    ("Previous Cardiovascular Interventions", "", ""),
    ("Coronary bypass surgery", "4 (8.3)", "6 (11.8)"),
    ("Percutaneous intervention", "2 (4.2)", "1 (2.0)"),
    ("Treatment received", "", ""),
    ("Chemotherapy only", "25 (52.1)", "27 (52.9)"),
    ("Chemotherapy and radiotherapy", "23 (47.9)", "24 (47.1)"),
    ("Self-reported ethnicity", "", ""),
    ("White", "40 (83.3)", "44 (86.3)"),
    ("Non-Hispanic American Indian", "8 (16.7)", "7 (13.7)"),
)


def write_tight(path: Path, body_rows: Sequence[Sequence[str]] = TIGHT_ROWS, padding: float = 0.5, stub: float = 62.0) -> Path:
    """Given an output path, write a booktabs table whose rows are set with ``padding`` (half a point, or none), so a row's
    first line stands as close under the row above as a wrapped label's second line under its first; levels indented by
    padding; the labels' column ``stub`` points wide."""
    texts = ["Table 1 Baseline characteristics", *TIGHT_HEADER, *(cell for row in body_rows for cell in row)]
    regular, bold = fonts_for(texts)
    body, head = cell_style(regular), cell_style(bold)
    level = ParagraphStyle("tight-level", parent=body, leftIndent=BODY_SIZE)
    rows = [[Paragraph(text, head) for text in TIGHT_HEADER]]
    rows += [[Paragraph(label.strip(), level if label.startswith(" ") else body), *(Paragraph(value, body) for value in values)]
             for label, *values in body_rows]
    style = TableStyle([("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                        ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black), ("TOPPADDING", (0, 1), (-1, -1), padding),
                        ("BOTTOMPADDING", (0, 1), (-1, -1), padding), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [Paragraph("Table 1 Baseline characteristics", text_style(regular)),
             LongTable(rows, colWidths=[stub, 70.0, 70.0], style=style, hAlign="LEFT")]
    return build(Path(path), story, A4, "Generated journal (test fixture)")


CENTRED_HEADER = ("Year", "Sex", "Agriculture", "Industry", "Services")
# Row groups of odd and even length whose year is one cell spanning its rows: centred on them, it lies on a middle row or between two.
CENTRED_GROUPS = (
    ("1991", (("Men", "11.0", "40.7", "48.4"), ("Women", "6.6", "16.0", "77.4"), ("Total", "8.9", "28.7", "62.4"))),
    ("1996", (("Men", "9.5", "39.4", "51.0"), ("Women", "5.3", "13.9", "80.9"), ("Other", "1.5", "3.9", "8.9"), ("Total", "7.5", "27.3", "65.2"))),
    ("2001", (("Men", "7.5", "39.4", "53.1"), ("Total", "5.7", "27.2", "67.1"))),
)


def write_centred(path: Path, valign: str = "MIDDLE") -> Path:
    """Given an output path, write a booktabs table whose first column's cells each span a group of rows, set ``valign``
    (a word processor's vertically centred merged cell, or "TOP")."""
    texts = ["Table 1 Employment by sector", *CENTRED_HEADER, *(text for year, rows in CENTRED_GROUPS for row in rows for text in (year, *row))]
    regular, bold = fonts_for(texts)
    body, head = cell_style(regular), cell_style(bold)
    rows = [[Paragraph(text, head) for text in CENTRED_HEADER]]
    commands = [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black), ("VALIGN", (0, 0), (-1, -1), valign)]
    for year, group in CENTRED_GROUPS:
        commands.append(("SPAN", (0, len(rows)), (0, len(rows) + len(group) - 1)))
        rows += [[Paragraph(year if number == 0 else "", body), *(Paragraph(text, body) for text in row)] for number, row in enumerate(group)]
    story = [Paragraph("Table 1 Employment by sector", text_style(regular)),
             LongTable(rows, colWidths=[40.0, 50.0, 60.0, 60.0, 60.0], style=TableStyle(commands), hAlign="LEFT")]
    return build(Path(path), story, A4, "Generated journal (test fixture)")


COLUMN_TABLE = SeedTable(
    "generated", "table_3", "Cases by site", ("Case", "Year", "Size (mm)", "Site"),
    tuple((f"Case {n}", str(2000 + n), str(10 + 3 * n), site) for n, site in enumerate(["Liver", "Lung", "Bone", "Liver", "Peritoneum", "Lung", "Liver", "Brain"], start=1)),
    "",
)
COLUMN_PROSE = tuple(
    f"Paragraph {n} of the body text, set in two columns as the journal does, runs level with the table in the other column. "
    + PROSE[n % 2] for n in range(1, 14)
)
# Page 2's prose differs line by line from page 1's, so its top lines are not taken for running heads.
SPANNING_PROSE = tuple(" ".join(reversed(text.split())) for text in COLUMN_PROSE[:4])


def write_two_column(path: Path) -> Path:
    """Given an output path, write a two-column journal page with a table inside the left column (prose beside it
    in the right) and, on page 2, Hane's Table 1 spanning both columns between two-column prose."""
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, NextPageTemplate, PageTemplate

    hane = seed("hane2020", "table_1")
    fonts = fonts_for(table_texts(COLUMN_TABLE) + table_texts(hane) + list(COLUMN_PROSE) + list(SPANNING_PROSE))
    regular, _ = fonts
    width, height = A4
    gutter, margin = 18.0, 36.0
    column = (width - 2 * margin - gutter) / 2

    def columns(top: float, bottom: float, name: str) -> list[Frame]:
        return [Frame(margin + index * (column + gutter), bottom, column, top - bottom, id=f"{name}{index}", showBoundary=0)
                for index in range(2)]

    two = PageTemplate("two", columns(height - margin, 40, "c"), onPage=running_lines("Two-column journal (test fixture)"))
    spanning = PageTemplate(
        "spanning",
        [*columns(height - margin, height - 250, "t"), Frame(margin, height - 500, width - 2 * margin, 250, id="mid"),
         *columns(height - 500, 40, "b")],
        onPage=running_lines("Two-column journal (test fixture)"),
    )
    document = BaseDocTemplate(str(path), pagesize=A4, pageTemplates=[two, spanning], invariant=1, title=Path(path).stem)
    small = column_widths(COLUMN_TABLE, fonts, wrap_ratio=None)
    story: list[Flowable] = [
        *(Paragraph(escape(text), text_style(regular)) for text in COLUMN_PROSE[:3]),
        *caption_block(COLUMN_TABLE, fonts),
        table_flowable(COLUMN_TABLE, fonts, small, grid=False),
        *(Paragraph(escape(text), text_style(regular)) for text in COLUMN_PROSE[3:]),
        NextPageTemplate("spanning"),
        FrameBreak(),  # onto page 2
    ]
    wide = column_widths(hane, fonts, wrap_ratio=0.6)
    story += [
        Paragraph(escape(SPANNING_PROSE[0]), text_style(regular)), FrameBreak(),
        Paragraph(escape(SPANNING_PROSE[1]), text_style(regular)), FrameBreak(),
        *caption_block(hane, fonts), table_flowable(hane, fonts, wide, grid=False), FrameBreak(),
        Paragraph(escape(SPANNING_PROSE[2]), text_style(regular)), FrameBreak(),
        Paragraph(escape(SPANNING_PROSE[3]), text_style(regular)),
    ]
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    document.build(story)
    return Path(path)


def write_hane_strays(path: Path) -> Path:
    """Given an output path, write the Hane page followed by what the reader must not pass over in silence:
    prose naming a Table 3 printed nowhere, a Table 4 caption with no rules, a Table 5 whose rules frame no words,
    and a second table captioned Table 2."""
    story, (regular, _) = hane_story()
    caption = ParagraphStyle("stray-caption", parent=text_style(regular), spaceBefore=10, spaceAfter=4)
    story += [
        Paragraph("Survival after resection is compared in Table 3, and the doses in Table 5.", text_style(regular)),
        Paragraph("Table 4 Survival by stage", caption),
        Paragraph(escape(PROSE[0]), text_style(regular)),
        Paragraph("Table 5 Doses", caption),
        ruled([["", ""], ["", ""]], regular),
        Paragraph("Table 2 Cases by year", caption),
        ruled([["Year", "Cases"], ["2019", "4"]], regular),
        Paragraph(escape(PROSE[1]), text_style(regular)),
    ]
    return build(Path(path), story, A4, "Surg Case Rep (test fixture)")


VARIANTS: dict[str, Callable[[Path], Path]] = {
    "meng2022_booktabs.pdf": write_booktabs,
    "meng2022_grid.pdf": write_grid,
    "hane2020_booktabs.pdf": write_hane,
    "meng2022_narrow.pdf": write_narrow,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Given the command-line arguments (an output folder), write every variant there; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python tests/pdf_fixtures.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[0])
    for name, write in VARIANTS.items():
        print(write(out / name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pdfplumber
import regex
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import InputError
from pipeline.layouts.cell_per_line import CELL_PREFIX

CAPTION = regex.compile(r"^Table\s+(?P<number>\d+)\s+\p{Lu}")

# Thresholds relative to the text height ("em") adapt to any font size.
WORD_GAP_RATIO = 0.15  # letters closer than this share a word, for PDFs that draw no space characters
PHRASE_GAP = 0.5  # a word space is ~0.25-0.33 em; cells of adjacent columns sit further apart
CELL_LINE_GAP = 0.5  # wrapped lines of a cell have ~0.2 em of leading between them; rows are padded more
PARAGRAPH_GAP = 0.5  # prose lines further apart than this start a new paragraph
# Thresholds in points.
RULE_Y_TOLERANCE = 1.0  # strokes this close vertically are one rule (a thin filled rect has two edges)
RULE_X_JOIN = 0.5  # collinear segments this close join: a grid draws a rule cell by cell
MAX_RULE_THICKNESS = 2.0  # a filled rect thinner than this is a rule, thicker is a shaded area
FULL_WIDTH = 0.9  # share of the top rule a rule must cover to be the table's, not a spanning label's
MARGIN_BAND = 0.1  # share of the page height at top and bottom where running heads and feet sit


@dataclass(frozen=True)
class Position:
    """Where an emitted line came from: 1-based page and bounding box in PDF points (top-down y)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Word:
    """One word as pdfplumber extracts it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Rule:
    """One horizontal rule, joined from collinear strokes."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True)
class TextLine:
    """Words on one line (or one phrase of it), left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return min(word.x0 for word in self.words)

    @property
    def x1(self) -> float:
        return max(word.x1 for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def height(self) -> float:
        return max(word.height for word in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Page:
    """One page's words and horizontal rules; ``number`` is 1-based."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Segment:
    """The part of a table on one page: its rules, where its body ends, and the lines it swallows above it."""

    page: int  # index into the page list
    top: Rule
    header: Rule | None
    bottom: float
    above: tuple[TextLine, ...]  # the caption, or a "Table N (continued)" line


@dataclass(frozen=True)
class TableLayout:
    """A captioned table found on the pages: its caption text and its parts, page by page."""

    caption: str
    caption_top: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class PlacedCell:
    """One rebuilt cell: its text (lines joined by a space) and where it sits."""

    text: str
    position: Position


# --- reading ---------------------------------------------------------------------------------------


def page_words(page: pdfplumber.page.Page) -> list[Word]:
    """Given a pdfplumber page, return its upright words."""
    words = page.extract_words(x_tolerance_ratio=WORD_GAP_RATIO, keep_blank_chars=False)
    return [
        Word(word["text"], float(word["x0"]), float(word["top"]), float(word["x1"]), float(word["bottom"]))
        for word in words
        if word.get("upright", True)
    ]


def join_rules(rules: Iterable[Rule]) -> list[Rule]:
    """Given horizontal strokes, return them joined into rules where collinear and touching, top to bottom."""
    rows: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda rule: rule.y):
        if rows and rule.y - rows[-1][-1].y <= RULE_Y_TOLERANCE:
            rows[-1].append(rule)
        else:
            rows.append([rule])
    joined: list[Rule] = []
    for row in rows:
        y = row[0].y
        start = len(joined)
        for rule in sorted(row, key=lambda rule: rule.x0):
            if len(joined) > start and rule.x0 <= joined[-1].x1 + RULE_X_JOIN:
                joined[-1] = Rule(joined[-1].x0, max(joined[-1].x1, rule.x1), y)
            else:
                joined.append(Rule(rule.x0, rule.x1, y))
    return joined


def page_rules(page: pdfplumber.page.Page) -> list[Rule]:
    """Given a pdfplumber page, return its horizontal rules: stroked lines and hairline rects."""
    strokes = [
        Rule(float(line["x0"]), float(line["x1"]), (float(line["top"]) + float(line["bottom"])) / 2)
        for line in page.lines
        if abs(float(line["bottom"]) - float(line["top"])) <= RULE_Y_TOLERANCE and line["x1"] > line["x0"]
    ]
    strokes += [
        Rule(float(rect["x0"]), float(rect["x1"]), (float(rect["top"]) + float(rect["bottom"])) / 2)
        for rect in page.rects
        if float(rect["height"]) <= MAX_RULE_THICKNESS and float(rect["width"]) > 4 * float(rect["height"])
    ]
    return join_rules(strokes)


def open_error(path: Path, err: Exception) -> InputError:
    """Given a file pdfplumber could not open and its error, return an InputError saying why."""
    inner = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if "Password" in type(inner).__name__ or "Encrypt" in type(inner).__name__:
        return InputError("encrypted PDF: it needs a password to open", file=path.name)
    return InputError(f"damaged PDF: {type(inner).__name__} ({inner})", file=path.name)


def read_pages(path: Path) -> list[Page]:
    """Given a PDF path, return its pages' words and rules, or raise InputError when it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})", file=path.name) from err
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF- header in its first 1024 bytes)", file=path.name, value=head[:8].hex(" "))
    pages: list[Page] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                try:
                    words, rules = tuple(page_words(page)), tuple(page_rules(page))
                    pages.append(Page(page.page_number, float(page.width), float(page.height), words, rules))
                except Exception as err:  # noqa: BLE001 - name the page, whatever pdfminer tripped on
                    raise InputError(
                        f"page {page.page_number}: cannot read it ({type(err).__name__}: {err})", file=path.name
                    ) from err
    except InputError:
        raise
    except Exception as err:  # noqa: BLE001 - pdfminer raises many types for a file it cannot parse
        raise open_error(path, err) from err
    if not any(page.words for page in pages):
        raise InputError(f"no text layer (scanned image?): none of its {len(pages)} pages holds any text", file=path.name)
    return pages


# --- lines and phrases -----------------------------------------------------------------------------


def words_to_lines(words: Iterable[Word]) -> list[TextLine]:
    """Given words, return them grouped into lines, top to bottom.

    A word joins a line when its middle falls within the band of the line's
    first word, so words of one line printed in different sizes stay together.
    """
    bands: list[tuple[float, float, list[Word]]] = []
    for word in sorted(words, key=lambda word: (word.top, word.x0)):
        middle = (word.top + word.bottom) / 2
        for top, bottom, members in reversed(bands[-4:]):
            if top <= middle <= bottom:
                members.append(word)
                break
        else:
            bands.append((word.top, word.bottom, [word]))
    lines = [TextLine(tuple(sorted(members, key=lambda word: word.x0))) for _, _, members in bands]
    return sorted(lines, key=lambda line: (line.top, line.x0))


def line_to_phrases(line: TextLine) -> list[TextLine]:
    """Given a line, return its phrases: runs of words no further apart than a word space."""
    phrases: list[list[Word]] = []
    for word in line.words:
        if phrases and word.x0 - phrases[-1][-1].x1 <= PHRASE_GAP * max(word.height, phrases[-1][-1].height):
            phrases[-1].append(word)
        else:
            phrases.append([word])
    return [TextLine(tuple(words)) for words in phrases]


def words_to_phrases(words: Iterable[Word]) -> list[TextLine]:
    """Given words, return their phrases, top to bottom and left to right."""
    return [phrase for line in words_to_lines(words) for phrase in line_to_phrases(line)]


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Given two x-ranges, return the length they share (negative when apart)."""
    return min(a1, b1) - max(a0, b0)


def between(line: TextLine, top: float, bottom: float) -> bool:
    """Given a line and a vertical band, return whether the line's middle lies inside the band."""
    return top < line.middle < bottom


def in_margin(line: TextLine, page: Page) -> str | None:
    """Given a line and its page, return "head" or "foot" when it sits in the top or bottom margin band, else None.

    A line with a rule between it and the page's edge is no running line: it
    is the header of a table that opens the page.
    """
    if line.bottom <= MARGIN_BAND * page.height and not any(rule.y < line.top for rule in page.rules):
        return "head"
    if line.top >= (1 - MARGIN_BAND) * page.height and not any(rule.y > line.bottom for rule in page.rules):
        return "foot"
    return None


def running_key(line: TextLine) -> str:
    """Given a line, return its text with numbers masked, so "Page 1" and "Page 2" compare equal."""
    return regex.sub(r"\d+", "#", line.text)


def drop_running_lines(pages: Sequence[Page]) -> list[Page]:
    """Given the pages, return them without running heads and feet.

    A line in the top or bottom margin band is a running line when the same
    text, numbers aside, sits in that band on another page, or when it is a
    bare page number. Left in, a page foot would land between a table that
    runs onto the next page and its legend.
    """
    bands: dict[tuple[str, str], set[int]] = {}
    candidates: list[tuple[int, TextLine, str]] = []
    for index, page in enumerate(pages):
        for line in words_to_lines(page.words):
            band = in_margin(line, page)
            if band:
                candidates.append((index, line, band))
                bands.setdefault((band, running_key(line)), set()).add(index)
    drop: dict[int, set[Word]] = {}
    for index, line, band in candidates:
        if len(bands[(band, running_key(line))]) > 1 or regex.fullmatch(r"\d+", line.text):
            drop.setdefault(index, set()).update(line.words)
    return [
        Page(page.number, page.width, page.height, tuple(word for word in page.words if word not in drop.get(index, ())), page.rules)
        for index, page in enumerate(pages)
    ]


# --- finding tables --------------------------------------------------------------------------------


def covers(rule: Rule, top: Rule) -> bool:
    """Given a rule and a table's top rule, return whether the rule spans the table's width."""
    return overlap(rule.x0, rule.x1, top.x0, top.x1) >= FULL_WIDTH * (top.x1 - top.x0)


def full_rules(page: Page, top: Rule, end: float) -> list[Rule]:
    """Given a page, a table's top rule and where its zone ends, return the table-wide rules from the top rule down."""
    return [rule for rule in page.rules if top.y - RULE_Y_TOLERANCE <= rule.y < end and covers(rule, top)]


def header_words(page: Page, top: Rule, header: Rule) -> list[str]:
    """Given a page and a table's top and header rules, return the header's words, sorted, to compare repeats."""
    return sorted(
        word.text
        for word in page.words
        if top.y < (word.top + word.bottom) / 2 < header.y and top.x0 - 2 <= (word.x0 + word.x1) / 2 <= top.x1 + 2
    )


def continuation(page: Page, index: int, number: str, header: list[str]) -> tuple[Segment, list[Rule]] | None:
    """Given the page after a table's part, the table's number and header words, return the part it continues on, if any.

    The page must open with a rule, above which there is nothing but
    perhaps a "Table N (continued)" line, and repeat the header under it.
    """
    if not page.rules:
        return None
    top = page.rules[0]
    lines = words_to_lines(page.words)
    above = [line for line in lines if line.middle < top.y]
    if any(not regex.match(rf"^Table\s+{number}\b", line.text) for line in above):
        return None
    end = next((line.top for line in lines if line.top > top.y and CAPTION.match(line.text)), page.height)
    full = full_rules(page, top, end)
    if len(full) < 2 or header_words(page, top, full[1]) != header:
        return None
    return Segment(index, top, full[1], end, tuple(above)), full


def find_tables(pages: Sequence[Page]) -> list[TableLayout]:
    """Given the pages, return each captioned table with its parts, in reading order.

    A caption without a rule under it (before the next caption) is not a
    table here; its lines stay plain text.
    """
    tables: list[TableLayout] = []
    claimed: set[tuple[int, TextLine]] = set()
    for index, page in enumerate(pages):
        lines = words_to_lines(page.words)
        captions = [line for line in lines if CAPTION.match(line.text) and (index, line) not in claimed]
        for position, caption in enumerate(captions):
            end = captions[position + 1].top if position + 1 < len(captions) else page.height
            rules = [rule for rule in page.rules if caption.bottom < rule.y < end]
            if not rules:
                continue
            top = rules[0]
            full = full_rules(page, top, end)
            above = tuple(line for line in lines if caption.top <= line.top and line.middle < top.y)
            first = Segment(index, top, full[1] if len(full) > 1 else None, end, above)
            parts: list[tuple[Segment, list[Rule]]] = [(first, full)]
            number = CAPTION.match(caption.text)["number"]
            # Only a part with a header rule can be matched against the next page's repeat.
            repeat = header_words(page, first.top, first.header) if first.header else None
            while repeat is not None and parts[-1][0].page + 1 < len(pages):
                following = continuation(pages[parts[-1][0].page + 1], parts[-1][0].page + 1, number, repeat)
                if following is None:
                    break
                parts.append(following)
                claimed.update((following[0].page, line) for line in following[0].above)
            last, last_full = parts[-1]
            continued = len(parts) > 1
            if not continued and len(last_full) < 2:
                continue  # a lone rule under a caption frames no table
            # The last part ends at its bottom rule. A table of two rules has
            # no header rule: its first row is the header, as in the text export.
            bottom = last_full[-1].y if len(last_full) > (2 if continued else 1) else last.bottom
            header = last.header if continued or len(last_full) > 2 else None
            parts[-1] = (Segment(last.page, last.top, header, bottom, last.above), last_full)
            tables.append(
                TableLayout(" ".join(line.text for line in above), caption.top, tuple(segment for segment, _ in parts))
            )
    return tables


# --- columns, rows and header ----------------------------------------------------------------------


def segment_words(page: Page, segment: Segment, top: float, bottom: float) -> list[Word]:
    """Given a page, a table part and a band, return the part's words whose middle lies in the band."""
    return [
        word
        for word in page.words
        if top < (word.top + word.bottom) / 2 < bottom
        and segment.top.x0 - 2 <= (word.x0 + word.x1) / 2 <= segment.top.x1 + 2
    ]


def body_band(segment: Segment) -> tuple[float, float]:
    """Given a table part, return the vertical band of its body rows."""
    return (segment.header.y if segment.header else segment.top.y), segment.bottom


def ranges_to_columns(ranges: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Given x-ranges, return the columns they cover: overlapping ranges merged, left to right."""
    columns: list[list[float]] = []
    for x0, x1 in sorted(ranges):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(x0, x1) for x0, x1 in columns]


def column_of(phrase: TextLine, columns: Sequence[tuple[float, float]]) -> int:
    """Given a phrase and the columns, return the index of the column it overlaps most, or the nearest one."""
    middle = (phrase.x0 + phrase.x1) / 2
    return max(
        range(len(columns)),
        key=lambda index: (overlap(phrase.x0, phrase.x1, *columns[index]), -abs(middle - sum(columns[index]) / 2)),
    )


def cell_lines(phrases: Iterable[TextLine]) -> list[TextLine]:
    """Given the phrases of one column, return its text lines: phrases side by side joined, top to bottom."""
    return words_to_lines(word for phrase in phrases for word in phrase.words)


def rule_between(rules: Sequence[Rule], upper: TextLine, lower: TextLine, x0: float, x1: float) -> bool:
    """Given rules, two lines of a column and its x-range, return whether a rule crossing the column runs between the lines."""
    return any(upper.bottom <= rule.y <= lower.top and overlap(rule.x0, rule.x1, x0, x1) > 0 for rule in rules)


def lines_to_blocks(lines: Sequence[TextLine], rules: Sequence[Rule], column: tuple[float, float]) -> list[list[TextLine]]:
    """Given a column's lines top to bottom, return them grouped into cells.

    A wrapped line follows closer than a row gap and crosses no rule.
    """
    blocks: list[list[TextLine]] = []
    for line in lines:
        if blocks:
            previous = blocks[-1][-1]
            gap = line.top - previous.bottom
            if gap < CELL_LINE_GAP * min(line.height, previous.height) and not rule_between(rules, previous, line, *column):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def union(page: int, lines: Sequence[TextLine]) -> Position:
    """Given a page number and lines, return the box around all their words."""
    return Position(
        page,
        min(line.x0 for line in lines),
        min(line.top for line in lines),
        max(line.x1 for line in lines),
        max(line.bottom for line in lines),
    )


def placed_cell(page: int, lines: Sequence[TextLine], empty: Position) -> PlacedCell:
    """Given a cell's lines top to bottom, return the cell, its lines joined by a space.

    An empty cell has no words to place it, so it takes the box given.
    """
    if not lines:
        return PlacedCell("", empty)
    return PlacedCell(" ".join(line.text for line in lines), union(page, lines))


def blocks_to_rows(blocks: Iterable[tuple[int, list[TextLine]]]) -> list[tuple[float, float, list[tuple[int, list[TextLine]]]]]:
    """Given (column, cell lines) blocks, return rows as (top, bottom, blocks): blocks whose vertical extents overlap share a row.

    So top-, middle- and bottom-aligned cells beside a wrapped one all land in its row.
    """
    rows: list[tuple[float, float, list[tuple[int, list[TextLine]]]]] = []
    for column, block in sorted(blocks, key=lambda item: item[1][0].top):
        top, bottom = block[0].top, block[-1].bottom
        if rows and top < rows[-1][1]:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom), [*rows[-1][2], (column, block)])
        else:
            rows.append((top, bottom, [(column, block)]))
    return rows


def body_rows(page: Page, segment: Segment, columns: Sequence[tuple[float, float]]) -> list[list[PlacedCell]]:
    """Given a page, a table part and the columns, return its body rows of cells."""
    top, bottom = body_band(segment)
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for phrase in words_to_phrases(segment_words(page, segment, top, bottom)):
        by_column[column_of(phrase, columns)].append(phrase)
    rules = [rule for rule in page.rules if top < rule.y < bottom]
    blocks = [
        (index, block)
        for index, phrases in enumerate(by_column)
        for block in lines_to_blocks(cell_lines(phrases), rules, columns[index])
    ]
    rows = []
    for row_top, row_bottom, members in blocks_to_rows(blocks):
        row = []
        for index, (x0, x1) in enumerate(columns):
            lines = sorted((line for column, block in members if column == index for line in block), key=lambda line: line.top)
            row.append(placed_cell(page.number, lines, Position(page.number, x0, row_top, x1, row_bottom)))
        rows.append(row)
    return rows


def body_columns(pages: Sequence[Page], table: TableLayout) -> list[tuple[float, float]]:
    """Given the pages and a table, return the columns its body phrases cover, from all its parts at once.

    Read together, a column empty on one page still lines up with the others.
    """
    return ranges_to_columns(
        (phrase.x0, phrase.x1)
        for segment in table.segments
        for phrase in words_to_phrases(segment_words(pages[segment.page], segment, *body_band(segment)))
    )


# --- the header ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A spanning header label and the x-range of the columns it spans."""

    label: tuple[TextLine, ...]
    x0: float
    x1: float


def header_phrases(page: Page, segment: Segment) -> list[TextLine]:
    """Given a table's first part, return the phrases between its top and header rules (none without a header rule)."""
    if segment.header is None:
        return []
    return words_to_phrases(segment_words(page, segment, segment.top.y, segment.header.y))


def ruled_spans(phrases: Sequence[TextLine], page: Page, segment: Segment) -> list[Span]:
    """Given the header phrases and the table's first part, return the spans marked by a short rule under their label."""
    short = [
        rule
        for rule in page.rules
        if segment.top.y + RULE_Y_TOLERANCE < rule.y < segment.header.y - RULE_Y_TOLERANCE and not covers(rule, segment.top)
    ]
    spans: list[Span] = []
    used: set[TextLine] = set()
    for rule in short:
        label = [
            phrase
            for phrase in phrases
            if phrase not in used
            and phrase.bottom <= rule.y + RULE_Y_TOLERANCE
            and rule.x0 <= (phrase.x0 + phrase.x1) / 2 <= rule.x1
        ]
        if label:
            spans.append(Span(tuple(label), rule.x0, rule.x1))
            used.update(label)
    return spans


def add_header_columns(columns: Sequence[tuple[float, float]], labels: Sequence[TextLine]) -> list[tuple[float, float]]:
    """Given the body's columns and the header labels, return the columns plus those only the header names.

    A label must stand a text height clear of every body column to make one:
    a centred label over short left-aligned values may miss them by a point
    or two and is no column of its own.
    """
    extra = [
        (label.x0, label.x1)
        for label in labels
        if all(overlap(label.x0, label.x1, *column) <= -label.height for column in columns)
    ]
    return sorted([*columns, *ranges_to_columns(extra)]) if extra else list(columns)


def centred_run(
    label: TextLine,
    crossed: Sequence[int],
    columns: Sequence[tuple[float, float]],
    blocked: set[int],
    table: tuple[float, float],
) -> tuple[int, int]:
    """Given an unruled spanning label, the columns its text crosses and those it cannot span, return its first and last column.

    A centred label may be narrower than its columns, so the run is widened
    to the one, of up to three more columns each side, whose middle is
    nearest the label's; a column's edge is taken halfway across the gap to
    its neighbour, the table's outer edges at the top rule's ends.
    """

    def edge(index: int, side: int) -> float:
        neighbour = index + side
        if not 0 <= neighbour < len(columns):
            return table[0] if side < 0 else table[1]
        if side < 0:
            return (columns[index][0] + columns[neighbour][1]) / 2
        return (columns[index][1] + columns[neighbour][0]) / 2

    lefts = [crossed[0]]
    while len(lefts) < 4 and lefts[-1] - 1 >= 0 and lefts[-1] - 1 not in blocked:
        lefts.append(lefts[-1] - 1)
    rights = [crossed[-1]]
    while len(rights) < 4 and rights[-1] + 1 < len(columns) and rights[-1] + 1 not in blocked:
        rights.append(rights[-1] + 1)
    middle = (label.x0 + label.x1) / 2
    return min(
        ((first, last) for first in lefts for last in rights),
        key=lambda run: (abs((edge(run[0], -1) + edge(run[1], 1)) / 2 - middle), run[1] - run[0]),
    )


def unruled_spans(
    phrases: Sequence[TextLine], columns: Sequence[tuple[float, float]], ruled: Sequence[Span], top: Rule
) -> list[Span]:
    """Given the header phrases outside ruled spans, the columns, those spans and the top rule, return the unruled spans.

    Without a rule, a label whose text crosses two or more columns spans
    them; its run is settled by ``centred_run``. A column's extent there
    includes its own header label, as body values are often short.
    """
    widened = [list(column) for column in columns]
    for phrase in phrases:
        if sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) <= 1:
            index = column_of(phrase, columns)
            widened[index] = [min(widened[index][0], phrase.x0), max(widened[index][1], phrase.x1)]
    spans: list[Span] = []
    for phrase in phrases:
        crossed = [index for index, column in enumerate(columns) if overlap(phrase.x0, phrase.x1, *column) > 0]
        if len(crossed) < 2 or any(span.x0 <= (phrase.x0 + phrase.x1) / 2 <= span.x1 for span in [*ruled, *spans]):
            continue
        # Columns with other header text level with the label, or under another span, are not under this one.
        level = [other for other in phrases if other is not phrase and other.top < phrase.bottom and phrase.top < other.bottom]
        blocked = {column_of(other, columns) for other in level}
        blocked |= {
            index for index, column in enumerate(columns) for span in [*ruled, *spans] if overlap(span.x0, span.x1, *column) > 0
        }
        first, last = centred_run(phrase, crossed, [(x0, x1) for x0, x1 in widened], blocked, (top.x0, top.x1))
        spans.append(Span((phrase,), columns[first][0], columns[last][1]))
    return spans


def header_rows(
    page: Page, segment: Segment, phrases: Sequence[TextLine], spans: Sequence[Span], columns: Sequence[tuple[float, float]]
) -> list[list[PlacedCell]]:
    """Given a table's first part, its header phrases, spans and columns, return its header rows (one or two), full width.

    A span gives the upper row its label in the first spanned column and
    blanks in the others; the labels under it form the lower row. A column
    under no span keeps its whole label in the upper row, blank below, so
    ``pipeline.headers.fill_right`` spreads no span onto it.
    """
    top, bottom = segment.top.y, segment.header.y
    spanned: dict[int, int] = {}  # column → its span
    for number, span in enumerate(spans):
        for index, (x0, x1) in enumerate(columns):
            if overlap(span.x0, span.x1, x0, x1) >= 0.5 * min(x1 - x0, span.x1 - span.x0):
                spanned.setdefault(index, number)
    labelled = {phrase for span in spans for phrase in span.label}
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for phrase in phrases:
        if phrase not in labelled:
            by_column[column_of(phrase, columns)].append(phrase)

    def blank(index: int) -> PlacedCell:
        return PlacedCell("", Position(page.number, columns[index][0], top, columns[index][1], bottom))

    labels = [placed_cell(page.number, cell_lines(found), blank(index).position) for index, found in enumerate(by_column)]
    if not spans:
        return [labels]
    upper = [blank(index) if index in spanned else labels[index] for index in range(len(columns))]
    lower = [labels[index] if index in spanned else blank(index) for index in range(len(columns))]
    for number, span in enumerate(spans):
        members = [index for index, owner in spanned.items() if owner == number]
        if members:
            upper[min(members)] = placed_cell(page.number, cell_lines(span.label), blank(min(members)).position)
    return [upper, lower]


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
    taken = consumed_lines(pages, tables)
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
        anchors = [(top, table) for (page_index, top), table in starts.items() if page_index == index]
        items = sorted(
            [(line.top, 1, line) for line in lines if (index, line) not in taken] + [(top, 0, table) for top, table in anchors],
            key=lambda item: (item[0], item[1]),
        )
        for _, _, item in items:
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

"""A PDF's pages as words and horizontal rules, the words grouped into lines and phrases, running heads and feet dropped."""

from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pdfplumber
import regex
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import LIGATURES, extract_words

from pipeline.errors import InputError
from pipeline.sources.pdf_turned import chars_upright, page_turn, strokes_upright


# Thresholds relative to the text height ("em") adapt to any font size.
WORD_GAP_RATIO = 0.15  # letters closer than this share a word, for PDFs that draw no space characters
PHRASE_GAP = 0.5  # a word space is ~0.25-0.33 em; cells of adjacent columns sit further apart
# Thresholds in points.
RULE_Y_TOLERANCE = 1.0  # strokes this close vertically are one rule (a thin filled rect has two edges)
RULE_X_JOIN = 1.5  # collinear segments this close join: a grid draws a rule cell by cell, leaving a vertical rule's width between
MAX_RULE_THICKNESS = 2.0  # a filled rect thinner than this is a rule, thicker is a shaded area
MARGIN_BAND = 0.1  # share of the page height at top and bottom where running heads and feet sit
SUPERSCRIPT_SIZE = 0.85  # a char this much smaller than its word's largest ...
SUPERSCRIPT_RISE = 0.2  # ... and raised this share of that size above their baseline is a superscript
SUPERSCRIPTS = str.maketrans(
    "abcdefghijklmnoprstuvwxyz0123456789+-\u2212", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻"
)  # symbols (*, †, ‡) are markers as printed; a raised minus sign is the exponent's ("10⁻⁵")


@dataclass(frozen=True)
class Position:
    """Where an emitted line came from: 1-based page and bounding box in PDF points (top-down y), and how its text was read."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    note: str | None = None  # a wrapped cell's line breaks, when read as anything but a space


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
    """One horizontal rule, joined from collinear strokes; ``joints``: where one stroke ended and the next began (a rule
    drawn cell by cell, or two spanning labels' rules drawn end to end)."""

    x0: float
    x1: float
    y: float
    joints: tuple[float, ...] = ()


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
    """One page's words, horizontal rules and vertical strokes; ``number`` is 1-based; ``turn``: how its text was set
    (``pdf_turned``), the words and rules then in the frame turned upright (a turned page's strokes across are its rules)."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]
    turn: int = 0
    uprights: tuple[tuple[float, float, float], ...] = ()  # vertical strokes as (x, top, bottom): a grid's column rules


# --- reading ---------------------------------------------------------------------------------------


def word_text(word: dict) -> str:
    """Given a pdfplumber word with its chars, return its text with superscript letters and digits (smaller, raised)
    as Unicode superscripts, the footnote markers the text path reads ("years" + raised "a" → "yearsᵃ")."""
    chars = word.get("chars") or []
    if not chars:
        return word["text"]
    size = max(float(char["size"]) for char in chars)
    baseline = max(float(char["bottom"]) for char in chars if float(char["size"]) == size)
    raised = [
        float(char["size"]) < SUPERSCRIPT_SIZE * size and float(char["bottom"]) < baseline - SUPERSCRIPT_RISE * size
        for char in chars
    ]
    if not any(raised) or all(raised):
        return word["text"]
    # Rebuilt from its chars, a word's ligatures ("ﬁ" of "conﬁdence") are expanded as pdfplumber's own word text expands them.
    return "".join(char["text"].translate(SUPERSCRIPTS) if up else LIGATURES.get(char["text"], char["text"]) for char, up in zip(chars, raised))


def page_words(page: pdfplumber.page.Page, turn: int = 0) -> list[Word]:
    """Given a pdfplumber page and how its text is turned (``pdf_turned``), return its upright words (a turned page's turned
    upright), a marker set apart in small raised type joined to its word."""
    chars = chars_upright(page.chars, turn, float(page.width), float(page.height)) if turn else page.chars
    words = [word for word in extract_words(chars, x_tolerance_ratio=WORD_GAP_RATIO, keep_blank_chars=False, return_chars=True)
             if word.get("upright", True)]
    return attach_raised([(word_text(word), *word_box(word)) for word in words])


def word_box(word: dict) -> tuple[float, float, float, float, float, float]:
    """Given a pdfplumber word with its chars, return its x0, top, x1, bottom, type size and baseline.

    Top and bottom are those of its largest chars: a raised marker ("useᶜ") would make the line look taller and closer
    to the next, as a wrapped line is.
    """
    chars = word.get("chars") or []
    size = max((float(char["size"]) for char in chars), default=float(word["bottom"]) - float(word["top"]))
    body = [char for char in chars if float(char["size"]) == size]
    top = min((float(char["top"]) for char in body), default=float(word["top"]))
    baseline = max((float(char["bottom"]) for char in body), default=float(word["bottom"]))
    return float(word["x0"]), top, float(word["x1"]), baseline, size, baseline


def attach_raised(words: Sequence[tuple[str, float, float, float, float, float, float]]) -> list[Word]:
    """Given words as (text, x0, top, x1, bottom, size, baseline) in reading order, return them as Words, each marker set
    apart in smaller raised type ("Cancer ᵇ", "61.0 ± 6.1 ⁴") joined to the word before it on its line, as a Unicode
    superscript (a space kept where one was printed), so it stays in that word's cell and row."""
    out: list[Word] = []
    kept: list[tuple[float, float]] = []  # each kept word's size and baseline
    for text, x0, top, x1, bottom, size, baseline in words:
        if out and kept:
            previous, (major, line) = out[-1], kept[-1]
            raised = size < SUPERSCRIPT_SIZE * major and bottom < line - SUPERSCRIPT_RISE * major and previous.top - major < top
            if raised and 0 <= x0 - previous.x1 < major and len(text) <= 3:
                gap = " " if x0 - previous.x1 > WORD_GAP_RATIO * major else ""
                out[-1] = Word(f"{previous.text}{gap}{text.translate(SUPERSCRIPTS)}", previous.x0, previous.top, x1, previous.bottom)
                continue
        out.append(Word(text, x0, top, x1, bottom))
        kept.append((size, baseline))
    return out


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
                last = joined[-1]
                joints = last.joints + ((rule.x0,) if rule.x1 > last.x1 and rule.x0 > last.x0 else ())
                joined[-1] = Rule(last.x0, max(last.x1, rule.x1), y, joints)
            else:
                joined.append(Rule(rule.x0, rule.x1, y))
    return joined


def page_rules(page: pdfplumber.page.Page, turn: int = 0) -> list[Rule]:
    """Given a pdfplumber page and how its text is turned, return its horizontal rules: stroked lines and hairline rects
    (a turned page's vertical ones, turned upright)."""
    if turn:
        vertical = [(float(line["x0"]), float(line["top"]), float(line["x1"]), float(line["bottom"])) for line in page.lines
                    if abs(float(line["x1"]) - float(line["x0"])) <= RULE_Y_TOLERANCE and line["bottom"] > line["top"]]
        vertical += [(float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"])) for rect in page.rects
                     if float(rect["width"]) <= MAX_RULE_THICKNESS and float(rect["height"]) > 4 * float(rect["width"])]
        return join_rules(Rule(*rule) for rule in strokes_upright(vertical, turn, float(page.width), float(page.height)))
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


def page_uprights(page: pdfplumber.page.Page) -> list[tuple[float, float, float]]:
    """Given a pdfplumber page (set upright), return its vertical strokes as (x, top, bottom): stroked lines and hairline rects."""
    strokes = [(float(line["x0"]), float(line["top"]), float(line["bottom"])) for line in page.lines
               if abs(float(line["x1"]) - float(line["x0"])) <= RULE_Y_TOLERANCE and line["bottom"] > line["top"]]
    return strokes + [((float(rect["x0"]) + float(rect["x1"])) / 2, float(rect["top"]), float(rect["bottom"])) for rect in page.rects
                      if float(rect["width"]) <= MAX_RULE_THICKNESS and float(rect["height"]) > 4 * float(rect["width"])]


def open_error(path: Path, err: Exception) -> InputError:
    """Given a file pdfplumber could not open and its error, return an InputError saying why."""
    inner = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if "Password" in type(inner).__name__ or "Encrypt" in type(inner).__name__:
        return InputError("encrypted PDF: it needs a password to open", file=path.name)
    return InputError(f"damaged PDF: {type(inner).__name__} ({inner})", file=path.name)


@contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """Within the block, keep pdfminer's warnings about the file ("CropBox missing", bad fonts) off the terminal.

    What matters to the user is said by the reader's own errors and notices.
    """
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


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
        with quiet_pdfminer(), pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                try:
                    turn = page_turn(page.chars)
                    words, rules = tuple(page_words(page, turn)), tuple(page_rules(page, turn))
                    width, height = (float(page.height), float(page.width)) if turn else (float(page.width), float(page.height))
                    pages.append(Page(page.page_number, width, height, words, rules, turn, () if turn else tuple(page_uprights(page))))
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
    text, numbers aside, sits at the same height on other pages and nowhere
    else on them, or when it is a bare page number. Left in, a page
    foot would land between a table that runs onto the next page and its
    legend. A table's header, repeated at the top of each page it runs on to,
    sits lower on the page the table starts on.
    """
    places: dict[str, list[tuple[int, float]]] = {}
    candidates: list[tuple[int, TextLine]] = []
    for index, page in enumerate(pages):
        for line in words_to_lines(page.words):
            places.setdefault(running_key(line), []).append((index, line.top))
            if in_margin(line, page):
                candidates.append((index, line))
    drop: dict[int, set[Word]] = {}
    for index, line in candidates:
        twins = [top for other, top in places[running_key(line)] if other != index]
        if (twins and all(abs(top - line.top) <= line.height for top in twins)) or regex.fullmatch(r"\d+", line.text):
            drop.setdefault(index, set()).update(line.words)
    return [
        replace(page, words=tuple(word for word in page.words if word not in drop.get(index, ())))
        for index, page in enumerate(pages)
    ]

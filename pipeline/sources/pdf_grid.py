"""A PDF table's body as a grid: columns from the phrases' x-ranges, cells from wrapped lines, rows from overlapping cells."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Callable, Iterable, NamedTuple, Sequence

import regex

from pipeline.header_text import leaves_label_open
from pipeline.sources.pdf_pages import PHRASE_GAP, SUPERSCRIPTS, Page, Position, Rule, TextLine, Word, line_to_phrases, overlap, words_to_lines
from pipeline.sources.pdf_tables import Segment, TableLayout
from pipeline.values.statistics import shape_of


# Relative to the text height ("em"), like the thresholds in pdf_pages.
CELL_LINE_GAP = 0.5  # wrapped lines of a cell have ~0.2 em of leading between them; rows are padded more
# In text heights: how much room a line's first word must leave to have fitted above it; a no-break space may tie it to the next
# ("95% CI"), which the text does not show.
ROOM_SLACK = 1.0
_CAPITALISED = regex.compile(r"\p{Lu}\p{Ll}+")
_LAST_WORD = regex.compile(r"\p{L}+(?=\P{L}*$)")
# A label's first word: capitalised, or an abbreviation standing as a word ("BMI (kg/m²)", "MI as categorical variable"),
# not one closing a bracket ("CI) — %", a wrapped line's).
_OPENS_LABEL = regex.compile(r"\p{Lu}\p{Ll}+|\p{Lu}{2,}(?![\p{L}\p{N})\]])")
_RAISED = frozenset(map(chr, SUPERSCRIPTS.values()))
# Footnote symbols, usually set raised though the text shows them on the line: like a raised marker, one may push its line down.
_MARKS = _RAISED | frozenset("*†‡§¶")


@dataclass(frozen=True)
class PlacedCell:
    """One rebuilt cell: its text (lines joined by a space, until ``pdf_joins`` reads the breaks), where it sits, and its lines."""

    text: str
    position: Position
    lines: tuple[TextLine, ...] = ()


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
    """Given a phrase and the columns, return the index of the column it overlaps most, or the nearest one;
    a phrase crossing several columns belongs to the one it starts in (a group row's label, set from the stub's edge)."""
    middle = (phrase.x0 + phrase.x1) / 2
    crossed = [index for index, column in enumerate(columns) if overlap(phrase.x0, phrase.x1, *column) > 0]
    if len(crossed) > 1:
        return next((index for index in crossed if columns[index][0] - 1 <= phrase.x0 <= columns[index][1]), crossed[0])
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


def fits_after(line: TextLine, word: Word, right: float, slack: float = 0.0) -> bool:
    """Given a line, a word and the right edge of the line's column, return whether the word, a word space after the line,
    would have fitted before the edge with ``slack`` to spare: where it would, no typesetter wrapped it onto the next line."""
    return line.x1 + PHRASE_GAP * line.height + (word.x1 - word.x0) + slack <= right


def indented_under(outer: TextLine, inner: TextLine) -> bool:
    """Given two lines of a column, return whether the inner one starts deeper in than the outer by a word's gap or more (a
    level under its variable's or group's label, whichever of the two is above)."""
    return inner.x0 - outer.x0 >= PHRASE_GAP * outer.height


def starts_a_cell(previous: TextLine, line: TextLine, column: tuple[float, float], row_pitch: float | None = None,
                  heads_group: bool = False) -> bool:
    """Given a body column's line, the line under it, the column's x-range and the table's row pitch (``row_pitch``), return
    whether the lower line starts a cell of its own however close it is (rows set with little padding are as close as a
    cell's wrapped lines). It does where its first word would have fitted at the end of the upper line, so no typesetter
    wrapped it there; where it runs on past the column's edge (a group's label spanning the columns to its right: a wrapped
    line keeps within its column); where it opens with a capitalised word at the column's edge under an indented line (a
    variable after a level; indented by spaces, a level's wrapped line starts at the edge too: "(pemetrexed versus" or
    "CI) — %"); where its baseline is a row's pitch below (given only for a line alone on its baseline, a group's label;
    see ``RowPitch``); where it heads a group (``heads_group``: alone on its baseline, and the line under it indented deeper
    or, nothing at all beside it, the stub's labels in sentence case) and opens with a capitalised word (a group's label
    after a variable's row: "Medications — no. (%)" under "Current smoker — no. (%)", over "  Lipid-lowering"; a
    subgroup's under its group); and
    where each line reads as a value and the two together do not ("508 (4.6%)" over "4611 (42.2%)"), or only as a number
    whose digits are grouped ("353" over "505"). A line opening in lower case goes on a sentence, wherever it starts, unless
    it reads as a value apart from the one above ("p for trend = 0.976" under "0.99 (0.63–1.54), p = 0.952")."""
    first = line.words[0]
    # A footnote's letter or sign alone, set smaller: a cell printing only its marker, which never wraps apart from its word.
    marker = line.text.strip()
    if len(marker) <= 2 and all(char.isalpha() or char in _MARKS for char in marker) and line.height < 0.9 * previous.height:
        return True
    if first.text[:1].islower():
        return _values_apart(previous, line)
    # A line of one word had nothing tied to its word by a no-break space: no room to spare is needed ("85+" / "Sex").
    slack = ROOM_SLACK * line.height if len(line.words) > 1 else 0.0
    if fits_after(previous, first, column[1], slack) or line.x1 > column[1] + PHRASE_GAP * line.height:
        return True
    # A line opening as a label does, under one that reads finished (not "Interaction effect between treatment and" / "ASBI
    # subgroup", "Age, yr, mean ±" / "SD").
    opens_label = _OPENS_LABEL.match(first.text) and not leaves_label_open(previous.text)
    if opens_label and line.x0 - column[0] < PHRASE_GAP * line.height and indented_under(line, previous):
        return True
    if heads_group and opens_label:
        return True
    if row_pitch is not None and line.bottom - previous.bottom >= row_pitch:
        return True
    return _values_apart(previous, line)


def _values_apart(upper: TextLine, lower: TextLine) -> bool:
    """Given two close lines of a column, return whether each reads as a value and the two together do not, or only as a
    number whose digits are grouped ("353" over "505"): no typesetter breaks a number."""
    if shape_of(upper.text) is None or shape_of(lower.text) is None:
        return False
    joined = shape_of(f"{upper.text} {lower.text}")
    return joined is None or joined.summary.statistic == "value"


def in_sentence_case(rows: Sequence[TextLine], others: Sequence[TextLine]) -> bool:
    """Given a column's lines with values beside them (rows' labels) and its other lines, return whether its labels are set
    in sentence case: of the words after a line's first, in lower case or capitalised (abbreviations aside: "AE", "HR"),
    four or more, 85 in 100 or more in lower case (a name or two aside: "American Indian"). There a label's wrapped line
    goes on in lower case, and a close line opening with a capitalised word alone on its baseline is a group's label
    ("Causes of death"). The rows' labels are counted where they have four such words: a group's own label may be in title
    case ("Patient Characteristics") where its levels are not."""
    def case_words(lines: Sequence[TextLine]) -> list[str]:
        return [word.text for line in lines for word in line.words[1:] if word.text.islower() or _CAPITALISED.fullmatch(word.text)]

    words = case_words(rows)
    if len(words) < 4:
        words += case_words(others)
    return len(words) >= 4 and sum(word.islower() for word in words) >= 0.85 * len(words)


def ends_in_name(text: str) -> bool:
    """Given a line, return whether it ends in a capitalised word that does not open it: a name, which a capitalised line under
    it may go on, sentence case or not ("Hispanic/American" / "Indian"; not "Eastern" / "Tumor stage")."""
    last = _LAST_WORD.search(text)
    return last is not None and last.start() > 0 and bool(_CAPITALISED.fullmatch(last.group()))


def stub_width(lines: Sequence[Sequence[TextLine]]) -> int:
    """Given each body column's lines, return how many columns from the first print the rows' labels: the first, and each
    next one whose lines mostly read as no value where the one before prints fewer than half as many lines (it groups
    them: "OS" over "Treatment", "Surgery", "Non-surgery", "Country", ...). A case series' text columns print as many
    lines as its first."""
    width = 1
    while (width < len(lines) and 2 * len(lines[width - 1]) < len(lines[width])
           and 2 * sum(shape_of(line.text) is None for line in lines[width]) > len(lines[width])):
        width += 1
    return width


def close_pairs(lines: Sequence[TextLine], rules: Sequence[Rule], column: tuple[float, float]) -> list[tuple[TextLine, TextLine]]:
    """Given a column's lines top to bottom, the rules and its x-range, return each line with the next where it follows
    closer than a row gap, no rule between: a wrapped line, or the next row's where rows are set close."""
    return [(previous, line) for previous, line in zip(lines, lines[1:])
            if line.top - previous.bottom < CELL_LINE_GAP * min(line.height, previous.height) and not rule_between(rules, previous, line, *column)]


class RowPitch(NamedTuple):
    """The distances between baselines from which close lines are rows, not a cell's wrapped lines: for a plain line, and for
    one carrying a footnote marker (set raised, a marker pushes its line down: "Could not be" / "evaluated‡"); None where the
    table gives no evidence."""

    plain: float | None
    marked: float | None

    def of(self, line: TextLine) -> float | None:
        """Given a line, return the pitch from which it starts a row."""
        return self.marked if marked(line.text) else self.plain


def marked(text: str) -> bool:
    """Given a line's text, return whether it carries a footnote marker, raised or not."""
    return any(char in _MARKS for char in text)


def row_pitch(columns: Sequence[tuple[Sequence[TextLine], tuple[float, float]]], rules: Sequence[Rule],
              alone: Callable[[int, TextLine], bool]) -> RowPitch:
    """Given each body column's lines and x-range, the rules and whether a column's line is alone on its baseline, return the
    row pitches: the narrowest pitch of lines ``starts_a_cell`` parts, where a cell's wrapped lines stand a tenth of a line
    short of it (by their median: a header's bolder lines, read with the body where no rule parts them, wrap a little
    wider); for a marked line, also a tenth of a line beyond every marked line's wrap.

    A wrapped line here goes on in lower case, alone on its baseline (a lower-case line with values beside it is a row's
    label: "cT2" under "cT1"); marked lines count for plain ones only where no plain line wraps.
    A typesetter sets a cell's lines at its leading and pads rows, so the pitches part cleanly on the baselines, where the
    lines' tops, ragged with ascenders and capitals, do not.
    """
    wraps: dict[bool, list[float]] = {False: [], True: []}  # by whether the lines carry a marker
    rows: list[float] = []
    height = 0.0
    for index, (lines, column) in enumerate(columns):
        for previous, line in close_pairs(lines, rules, column):
            height = max(height, line.height)
            if line.words[0].text[:1].islower():
                if alone(index, line):
                    wraps[marked(previous.text + line.text)].append(line.bottom - previous.bottom)
            elif starts_a_cell(previous, line, column):
                rows.append(line.bottom - previous.bottom)
    wrapped = wraps[False] or wraps[True]
    if not wrapped or not rows or min(rows) - median(wrapped) < 0.1 * height:
        return RowPitch(None, None)
    plain = min(rows) - 0.05 * height
    return RowPitch(plain, max(plain, max(wraps[True]) + 0.1 * height) if wraps[True] else None)


def lines_to_blocks(lines: Sequence[TextLine], rules: Sequence[Rule], column: tuple[float, float],
                    starts: Callable[[TextLine, TextLine], bool] | None = None) -> list[list[TextLine]]:
    """Given a column's lines top to bottom, return them grouped into cells.

    A wrapped line follows closer than a row gap and crosses no rule; given ``starts``, it must not start a cell by that test.
    """
    blocks: list[list[TextLine]] = []
    for line in lines:
        if blocks:
            previous = blocks[-1][-1]
            gap = line.top - previous.bottom
            if (gap < CELL_LINE_GAP * min(line.height, previous.height) and not rule_between(rules, previous, line, *column)
                    and not (starts and starts(previous, line))):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def split_at_row_starts(blocks: Sequence[tuple[int, list[TextLine]]]) -> list[tuple[int, list[TextLine]]]:
    """Given the (column, cell lines) blocks of rows no rule parts, return them with each block cut where one of its lines
    stands on the baseline a cell of another column starts on, or below it nearer it than the line above (a raised marker
    pushes its own line down: "Body mass index (kg/m²)", "502 (95.8)ᵇ"): set close, a column of labels reads as one
    wrapped cell where its values part ("480 (53 %)" over "421 (47 %)"), and its rows start where theirs do. (Ruled rows
    need no such cut, and a word processor centres their cells: a value beside a label's middle line starts no row there.)"""
    starts = [(column, block[0].bottom) for column, block in blocks]
    out: list[tuple[int, list[TextLine]]] = []
    for column, block in blocks:
        cells = [[block[0]]]
        for previous, line in zip(block, block[1:]):
            if any(other != column and (previous.bottom + line.bottom) / 2 < baseline <= line.bottom + 0.2 * line.height
                   for other, baseline in starts):
                cells.append([line])
            else:
                cells[-1].append(line)
        out.extend((column, cell) for cell in cells)
    return out


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
    return PlacedCell(" ".join(line.text for line in lines), union(page, lines), tuple(lines))


def blocks_to_rows(blocks: Iterable[tuple[int, list[TextLine]]]) -> list[tuple[float, float, list[tuple[int, list[TextLine]]]]]:
    """Given (column, cell lines) blocks, return rows as (top, bottom, blocks): blocks whose vertical extents overlap share a row.

    So top-, middle- and bottom-aligned cells beside a wrapped one all land in its row. A block beside two cells or more in
    most of the other columns beside it spans their rows (a label set once for two: "Age at randomisation (years)" beside
    "Median (IQR)" / "Range" and their values): it lands in the first, the rows part as those cells do. (Beside one column's
    two it is that column's cell that was cut: "24" / "877".)
    """
    ordered = sorted(blocks, key=lambda item: item[1][0].top)
    tops = [block[0].top for _, block in ordered]
    tallest = max((block[-1].bottom - block[0].top for _, block in ordered), default=0.0)

    def spans_rows(column: int, block: list[TextLine]) -> bool:
        # Only blocks starting less than the tallest block's height above this one can reach down beside it.
        near = ordered[bisect_left(tops, block[0].top - tallest):bisect_left(tops, block[-1].bottom)]
        beside = Counter(other for other, cell in near if other != column and block[0].top < cell[-1].bottom)
        return sum(count > 1 for count in beside.values()) > len(beside) / 2

    spans = [spans_rows(column, block) for column, block in ordered]
    spanning = [item for item, spans_them in zip(ordered, spans) if spans_them]
    rows: list[tuple[float, float, list[tuple[int, list[TextLine]]]]] = []
    for column, block in (item for item, spans_them in zip(ordered, spans) if not spans_them):
        top, bottom = block[0].top, block[-1].bottom
        if rows and top < rows[-1][1]:
            rows[-1] = (rows[-1][0], max(rows[-1][1], bottom), [*rows[-1][2], (column, block)])
        else:
            rows.append((top, bottom, [(column, block)]))
    bottoms = [bottom for _, bottom, _ in rows]  # rows are built top down and do not overlap: their bottoms ascend
    for column, block in spanning:
        first = bisect_right(bottoms, block[0].top)
        if first < len(bottoms) and rows[first][0] < block[-1].bottom:
            rows[first][2].append((column, block))
            continue
        # Beside no row of the others: with a row a spanning block opened before it, or one of its own.
        own = next((row for row in rows[len(bottoms):] if row[0] < block[-1].bottom and block[0].top < row[1]), None)
        if own is None:
            rows.append((block[0].top, block[-1].bottom, [(column, block)]))
        else:
            own[2].append((column, block))
    return sorted(rows, key=lambda row: row[0])


def body_columns(pages: Sequence[Page], table: TableLayout) -> list[tuple[float, float]]:
    """Given the pages and a table, return the columns its body phrases cover, from all its parts at once.

    Read together, a column empty on one page still lines up with the others.
    A phrase alone on its line sets no column where lines of several phrases
    set them: it is a group row's label running across the columns to its
    right ("Cumulative treatment duration, y"), or a wrapped label's last line.
    """
    lines = [
        line_to_phrases(line)
        for segment in table.segments
        for line in words_to_lines(segment_words(pages[segment.page], segment, *body_band(segment)))
    ]
    shared = [phrase for phrases in lines if len(phrases) > 1 for phrase in phrases]
    lone = [phrase for phrases in lines if len(phrases) == 1 for phrase in phrases]
    if not shared:
        return ranges_to_columns((phrase.x0, phrase.x1) for phrase in lone)
    # The fullest rows, where two or more print them, set the columns; a phrase of another row across two of them is a cell
    # spanning them ("0.50 (0.39, 0.63), P < 0.0001" across an arm's two columns), setting nothing.
    fullest = max(len(phrases) for phrases in lines)
    if sum(len(phrases) == fullest for phrases in lines) >= 2:
        columns = ranges_to_columns((phrase.x0, phrase.x1) for phrases in lines if len(phrases) == fullest for phrase in phrases)
        shared = [phrase for phrase in shared if sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) <= 1]
        columns = ranges_to_columns([*columns, *((phrase.x0, phrase.x1) for phrase in shared)])
    else:
        columns = ranges_to_columns((phrase.x0, phrase.x1) for phrase in shared)
    # A lone phrase within one column (a wrapped cell's last line) still widens it; one crossing columns sets nothing.
    within = [phrase for phrase in lone if sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) <= 1]
    return ranges_to_columns([*columns, *((phrase.x0, phrase.x1) for phrase in within)])

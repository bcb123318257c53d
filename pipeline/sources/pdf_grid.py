"""A PDF table's body as a grid: columns from the phrases' x-ranges, cells from wrapped lines, rows from overlapping cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from pipeline.sources.pdf_pages import Page, Position, Rule, TextLine, Word, line_to_phrases, overlap, words_to_lines, words_to_phrases
from pipeline.sources.pdf_tables import Segment, TableLayout


# Relative to the text height ("em"), like the thresholds in pdf_pages.
CELL_LINE_GAP = 0.5  # wrapped lines of a cell have ~0.2 em of leading between them; rows are padded more


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
    return PlacedCell(" ".join(line.text for line in lines), union(page, lines), tuple(lines))


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

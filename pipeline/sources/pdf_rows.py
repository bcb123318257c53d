"""A PDF table's body rows: where each column's cells start, decided line by line, and the rows the cells make.

Rows set close are as close as a cell's wrapped lines, so where a cell starts
is read from what the lines print and stand beside (``RowStarts``): a line
level with cells other columns start, under a cell that stood beside one
too, is a row's; values stand level with a label's first line; a group's
label heads the lines under it; and the rules of ``pdf_grid.starts_a_cell``
(room, indentation, sentence case, the row pitch, values apart).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import partial
from typing import Sequence

from pipeline.sources.pdf_grid import (PlacedCell, blocks_to_rows, body_band, cell_lines, close_pairs, column_of, ends_in_name, in_sentence_case,
                                       indented_under, lines_to_blocks, placed_cell, row_pitch, segment_words, split_at_row_starts, starts_a_cell,
                                       stub_width)
from pipeline.sources.pdf_pages import Page, Position, Rule, TextLine, words_to_phrases
from pipeline.sources.pdf_tables import Segment


class RowStarts:
    """A table body's lines by column and what decides where each column's cells start, read top to bottom."""

    def __init__(self, lines: Sequence[Sequence[TextLine]], rules: Sequence[Rule], columns: Sequence[tuple[float, float]]) -> None:
        self.lines, self.columns = lines, columns
        self.following = {line: below for column_lines in lines for line, below in zip(column_lines, column_lines[1:])}
        # Where cells start by what they print: a line with no close line above it, or one that starts a cell however close.
        self.above = [dict((line, previous) for previous, line in close_pairs(column_lines, rules, column))
                      for column_lines, column in zip(lines, columns)]
        self.cell_starts = sorted((line.bottom, index) for index, column_lines in enumerate(lines) for line in column_lines
                                  if line not in self.above[index] or starts_a_cell(self.above[index][line], line, columns[index]))
        self.every_line = sorted((line.bottom, index) for index, column_lines in enumerate(lines) for line in column_lines)
        self.pitch = row_pitch(list(zip(lines, columns)), rules, self.alone)
        self.stub = stub_width(lines)
        # Group labels stand in the stub (the first column, and the label columns right after it): only there does sentence
        # case make a capitalised line one.
        self.sentence_case = [index < self.stub and self.labels_in_sentence_case(index) for index in range(len(lines))]
        self.opened: set[TextLine] = set()  # the close lines found to start a cell, top to bottom as lines_to_blocks asks

    def level_with(self, index: int, line: TextLine, baselines: Sequence[tuple[float, int]], within: float = 0.2) -> bool:
        """Whether another column has one of the (baseline, column) given, sorted, level with the line, ``within`` a share of
        its height."""
        near = baselines[bisect_left(baselines, (line.bottom - within * line.height, -1)):
                         bisect_right(baselines, (line.bottom + within * line.height, len(self.lines)))]
        return any(other != index for _, other in near)

    def alone(self, index: int, line: TextLine) -> bool:
        """Whether no other column starts a cell on the line's baseline (a wrapped value's last line, "<" / "0.001", starts none)."""
        return not self.level_with(index, line, self.cell_starts)

    def labels_in_sentence_case(self, index: int) -> bool:
        """Whether the column's labels with values beside them are set in sentence case (``pdf_grid.in_sentence_case``)."""
        beside = [self.level_with(index, line, self.every_line) for line in self.lines[index]]
        return in_sentence_case([line for line, level in zip(self.lines[index], beside) if level],
                                [line for line, level in zip(self.lines[index], beside) if not level])

    def cell_ending(self, index: int, previous: TextLine) -> list[TextLine]:
        """The lines of the cell the line ends, bottom up: it and the lines it continues, up to the one found to start a cell."""
        cell = [previous]
        while cell[-1] in self.above[index] and cell[-1] not in self.opened:
            cell.append(self.above[index][cell[-1]])
        return cell

    def after_row(self, index: int, previous: TextLine) -> bool:
        """Whether the cell the line ends has values beside it: a row's label, not a group's (whose wrapped line, in title
        case, opens with a capital too: "Previous Cardiovascular" / "Interventions"). Beside within half a line: a raised
        marker in the label ("(kg/m²)") pushes its line down."""
        return any(self.level_with(index, line, self.every_line, within=0.5) for line in self.cell_ending(index, previous))

    def starts(self, index: int, previous: TextLine, line: TextLine) -> bool:
        """Given a column, a line and the close line above it, return whether the line starts a cell of its own."""
        if self._starts(index, previous, line):
            self.opened.add(line)
            return True
        return False

    def _starts(self, index: int, previous: TextLine, line: TextLine) -> bool:
        lone = self.alone(index, line)
        if not lone and not all(self.alone(index, other) for other in self.cell_ending(index, previous)):
            # Both the line and the cell above it level with cells other columns start: each is a row's, however close ("I/we
            # kept the assets" / "I/we sold some of the assets", 344 / 53 beside them; "<" / "0.001" over the next row's "<");
            # a wrapped label's next line has no cell of its own beside it.
            return True
        if not lone and index < self.stub and not self.after_row(index, previous):
            # A label's values stand level with its first line: a stub line with cells beside it under a cell with nothing
            # beside it starts its row, and the cell above is a label of its own ("Demographics", "Operative" /
            # "characteristics" over "Age (yr), median" beside 65.0, rows set close).
            return True
        below = self.following.get(line)
        # Nothing at all beside it, not even another column's wrapped line (a header's, read with the body where no rule
        # parts them: "Type of" / "Infection" beside "Animal" / "Species").
        bare = not self.level_with(index, line, self.every_line)
        # A group's label heads the lines under it: the column's last line heads none ("mm" / "Hg" ending the table's last row).
        heads_group = lone and below is not None and ((self.sentence_case[index] and bare and self.after_row(index, previous)
                                                       and not ends_in_name(previous.text)) or indented_under(line, below))
        return starts_a_cell(previous, line, self.columns[index], self.pitch.of(line) if lone else None, heads_group)


def body_rows(page: Page, segment: Segment, columns: Sequence[tuple[float, float]]) -> list[list[PlacedCell]]:
    """Given a page, a table part and the columns, return its body rows of cells."""
    top, bottom = body_band(segment)
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for phrase in words_to_phrases(segment_words(page, segment, top, bottom)):
        by_column[column_of(phrase, columns)].append(phrase)
    rules = [rule for rule in page.rules if top < rule.y < bottom]
    lines = [cell_lines(phrases) for phrases in by_column]
    deciding = RowStarts(lines, rules, columns)
    blocks = [
        (index, block)
        for index, column in enumerate(columns)
        for block in lines_to_blocks(lines[index], rules, column, partial(deciding.starts, index))
    ]
    if not rules:
        blocks = split_at_row_starts(blocks)
    rows = []
    for row_top, row_bottom, members in blocks_to_rows(blocks):
        row = []
        for index, (x0, x1) in enumerate(columns):
            cell = sorted((line for column, block in members if column == index for line in block), key=lambda line: line.top)
            row.append(placed_cell(page.number, cell, Position(page.number, x0, row_top, x1, row_bottom)))
        rows.append(row)
    return rows

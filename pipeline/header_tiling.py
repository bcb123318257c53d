"""Header rows written once → each cell's columns and rows, which the text no longer prints.

A text export that writes each spanning header cell once (no blank cell for
the columns, or the rows, it covers) prints header rows of different lengths.
Every slot of the header is still covered by exactly one printed cell (an
empty one too), so the spans form a tiling: the cells in reading order,
each starting at the first slot of its row that no cell above covers,
spanning free slots to its right and, if it is a stub's or a lone label,
the rows below. Of all the tilings the rows allow, the most plausible is
kept (``tiling_score``); a tie is an error, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from pipeline.header_text import GROUP_SIZE, OVERALL, group_name
from pipeline.values.statistic_names import statistic_named

# Past this many tilings, or this many partial ones tried, the header is refused rather than weighed for ever.
MOST_TILINGS = 10_000
MOST_STEPS = 500_000


class TilingError(ValueError):
    """Header rows whose cells tile the header in no way, or in more than one equally plausible way."""


class TiedTiling(TilingError):
    """Header rows whose cells tile the header in more than one equally plausible way."""


@dataclass(frozen=True)
class Placed:
    """A header cell as laid: its text, the row and column it starts in, and how many columns and rows it covers."""

    text: str
    row: int
    column: int
    colspan: int
    rowspan: int


def tilings(rows: Sequence[Sequence[str]], width: int, label_columns: int = 1) -> Iterator[list[Placed]]:
    """Given header rows of cells written once, the table's width and its leading label columns, yield every way they tile the
    header that ``tiling_score`` could accept: no blank cell spans columns, the stub's label spans no column of values (unless it
    is its row's only cell, a title), a cell spanning columns spans no rows (but the stub's over the label columns) and has a
    printed sub-label under each of them (in the lowest row it has none), and no cell lies across two cells of the row above."""
    height = len(rows)
    covered: list[list[Placed | None]] = [[None] * width for _ in range(height)]
    free = [width] * height  # each row's slots no cell covers yet
    placed: list[Placed] = []
    # Under a row whose next row is printed in full, each column's sub-label is known at once: a span may cover no blank one.
    blank_below = [[row + 1 < height and len(rows[row + 1]) == width and not rows[row + 1][column] for column in range(width)]
                   for row in range(height)]

    def spans_named(row: int) -> bool:
        """Whether every cell spanning columns over the finished ``row`` has a printed sub-label in each of them."""
        return all(covered[row][across] is not None and covered[row][across].text
                   for cell in placed if cell.colspan > 1 and cell.row + cell.rowspan == row
                   for across in range(cell.column, cell.column + cell.colspan))

    steps = 0

    def place(row: int, index: int, start: int) -> Iterator[list[Placed]]:
        nonlocal steps
        steps += 1
        if steps > MOST_STEPS:
            raise TilingError(f"{sum(map(len, rows))} header cells over {width} columns: too many ways to try to lay them")
        cells = rows[row]
        if index == len(cells):
            if free[row] or not spans_named(row):
                return
            if row + 1 == height:
                yield list(placed)
            else:
                yield from place(row + 1, 0, 0)
            return
        column = start
        while column < width and covered[row][column] is not None:
            column += 1
        if column == width or free[row] < len(cells) - index:
            return
        run = 0
        while column + run < width and covered[row][column + run] is None:
            run += 1
        text = cells[index]
        for colspan in range(1, run - (len(cells) - index - 1) + 1):
            if colspan > 1 and (not text or (column == 0 and colspan > label_columns and len(cells) > 1)):
                break
            if row and covered[row - 1][column + colspan - 1] is not covered[row - 1][column]:
                break  # a sub-label lies under one label of the row above, never across two
            if colspan > 1 and (blank_below[row][column] or blank_below[row][column + colspan - 1]):
                break
            tall = colspan == 1 or (column == 0 and colspan <= label_columns)
            for rowspan in range(1, (height - row if tall else 1) + 1):
                last = row + rowspan - 1
                if any(covered[last][across] is not None for across in range(column, column + colspan)):
                    break
                cell = Placed(text, row, column, colspan, rowspan)
                for across in range(column, column + colspan):
                    covered[last][across] = cell
                free[last] -= colspan
                if rowspan == 1:
                    for across in range(column, column + colspan):
                        covered[row][across] = cell
                # Each row below must keep a free slot for every cell it prints.
                if all(free[below] >= len(rows[below]) for below in range(row + 1, height)):
                    placed.append(cell)
                    yield from place(row, index + 1, column + colspan)
                    placed.pop()
            for down in range(row, row + rowspan):  # undo this colspan's every rowspan tried
                for across in range(column, column + colspan):
                    if covered[down][across] is not None and covered[down][across].column == column and covered[down][across].row == row:
                        covered[down][across] = None
                        free[down] += 1

    yield from place(0, 0, 0)


@dataclass(frozen=True)
class LabelFacts:
    """What a header label says, worked out once per text: a group's size, the statistics it names, and its name without a size."""

    size: bool
    named: frozenset[str]
    first: tuple[str, ...] | str  # the first statistic it names, else its name without a size: what sibling spans compare

    @classmethod
    def of(cls, text: str) -> LabelFacts:
        named = statistic_named(text)
        return cls(bool(GROUP_SIZE.fullmatch(" ".join(text.split()))), frozenset(named), named[:1] or group_name(text))


def _clash(label: LabelFacts, sub: LabelFacts) -> bool:
    """Given a label and one under it, return whether both name statistics and none in common ("P value" over "Number (%)";
    not "Hazard ratio (95% CI)" over "HR" and "95% CI")."""
    return bool(label.named and sub.named and not label.named & sub.named)


def tiling_score(tiling: Sequence[Placed], height: int, width: int, label_columns: int,
                 body: Sequence[frozenset[str]] = (), facts: dict[str, LabelFacts] | None = None) -> float | None:
    """Given a tiling of the header, return how plausible it is (higher is better), or None when it cannot be.

    It cannot be when a blank cell spans columns, when the stub's label spans a
    column of values (unless it is its row's only cell: a title), or when a
    spanning label sits over a blank sub-column. Plausible: a column's labels
    name no statistic its body's cells cannot be (``body``: the statistics
    each column's cells can be, none for a column of labels); a label over no
    sub-label sits over one column; a spanning label sits over sub-labels of
    one kind told apart by their text (a size beside a name is not, nor a
    size under a size, nor a statistic's name under another's, nor a size
    over the row labels, nor sub-groups under "Overall"); sibling spans repeat the same sub-labels, or
    statistics, and are as wide as each other; a p-value follows the
    estimate it tests; a span in the lowest header row (a label over an
    estimate and its interval) is rare, but for the stub's over the label
    columns; there, sibling spans over columns printing alike (a count, then
    its share, under each arm) are as plausible as spans over sub-labels alike.
    """
    facts = facts if facts is not None else {cell.text: LabelFacts.of(cell.text) for cell in tiling}
    grid: list[list[Placed | None]] = [[None] * width for _ in range(height)]
    for cell in tiling:
        for down in range(cell.row, cell.row + cell.rowspan):
            for across in range(cell.column, cell.column + cell.colspan):
                grid[down][across] = cell
    alone = {row: sum(cell.row == row for cell in tiling) == 1 for row in range(height)}
    score = 0.0
    patterns: dict[int, list[list]] = {}
    for cell in tiling:
        bottom = cell.row + cell.rowspan
        under = [grid[bottom][across] for across in range(cell.column, cell.column + cell.colspan)] if bottom < height else []
        if cell.colspan == 1:
            sub = under[0] if under else None
            score += 1 if sub is None or not sub.text else 0
            if sub is not None and sub.text and (facts[sub.text].size and facts[cell.text].size or _clash(facts[cell.text], facts[sub.text])):
                score -= 3  # a group's size under another's, a statistic's name under another's ("Number (%)" under "P value")
            if cell.column < label_columns and (facts[cell.text].size or (cell.row and facts[cell.text].named)):
                score -= 3  # a group's size, or a statistic under the stub's label, over the labels of the rows
            continue
        if not cell.text or (cell.column == 0 and cell.colspan > label_columns and not alone[cell.row]):
            return None
        if cell.rowspan > 1:
            score -= 2
        if not under:  # the stub's label over the level column beside it, not a label over two columns of values
            score -= 0 if cell.column == 0 and cell.colspan == label_columns else 2
            if body and cell.column >= label_columns:
                # Over no sub-labels, what the columns print tells sibling spans apart: each arm's count and its bracketed share.
                patterns.setdefault(cell.row, []).append([body[across] for across in range(cell.column, cell.column + cell.colspan)])
            continue
        if any(sub is None or not sub.text for sub in under):
            return None
        score -= 3 * sum(_clash(facts[cell.text], facts[sub.text]) for sub in dict.fromkeys(under))  # "P for Q test" under "OR (95% CI)"
        sizes = [facts[sub.text].size for sub in under]
        score -= 3 if any(sizes) and not all(sizes) else 0
        score -= 2 if all(sizes) else 0
        score -= 3 * sum(left is not right and left.text == right.text for left, right in zip(under, under[1:]))
        named = [facts[sub.text].first for sub in under]
        if OVERALL.match(cell.text) and all(isinstance(name, str) for name in named):
            score -= 2  # "Overall" or "Total" over sub-groups: the whole has none of its own
        score -= 1 if ("p_value",) in named[:-1] else 0
        score -= 1 if len({isinstance(name, tuple) for name in named}) > 1 else 0
        patterns.setdefault(cell.row, []).append(named)
    labels = tiling_to_labels(tiling, height, width) if body else []
    for column, statistics in enumerate(body):
        # The lowest label naming a statistic names the column's ("% per yr" under "Hazard ratio" is not the ratio's).
        named = next((facts[label].named for label in reversed(labels[column]) if facts[label].named), frozenset())
        if named and not named & statistics:
            score -= 3  # "HR (95% CI)" over a column of labels, "no. (%)" over hazard ratios
    for siblings in patterns.values():
        for index, pattern in enumerate(siblings):
            for other in siblings[index + 1 :]:
                if pattern == other:
                    score += 4
                elif pattern[: len(other)] == other or other[: len(pattern)] == pattern:
                    score -= 4
                score += 1 if len(pattern) == len(other) else 0
    return score


def tile(rows: Sequence[Sequence[str]], width: int, label_columns: int = 1, body: Sequence[frozenset[str]] = ()) -> list[Placed]:
    """Given header rows of cells written once, the table's width, its leading label columns and the statistics each column's
    cells can be, return the most plausible tiling."""
    best: tuple[float, list[Placed]] | None = None
    tied = False
    facts = {text: LabelFacts.of(text) for row in rows for text in row}
    for examined, tiling in enumerate(tilings(rows, width, label_columns)):
        if examined >= MOST_TILINGS:
            raise TilingError(f"{sum(map(len, rows))} header cells over {width} columns: too many ways to lay them to weigh")
        score = tiling_score(tiling, len(rows), width, label_columns, body, facts)
        if score is None:
            continue
        if best is None or score > best[0]:
            best, tied = (score, tiling), False
        elif score == best[0]:
            tied = True
    if best is None:
        raise TilingError(f"header rows of {[len(row) for row in rows]} cells cannot lay over {width} columns with every spanning label "
                          "over named sub-columns")
    if tied:
        raise TiedTiling(f"header rows of {[len(row) for row in rows]} cells cover {width} columns in more than one plausible way; "
                          "spans are ambiguous")
    return best[1]


def tiling_to_labels(tiling: Sequence[Placed], height: int, width: int) -> list[list[str]]:
    """Given a tiling, return each column's labels top down, a cell spanning rows once."""
    columns: list[list[str]] = [[] for _ in range(width)]
    for cell in sorted(tiling, key=lambda cell: cell.row):
        for across in range(cell.column, cell.column + cell.colspan):
            if cell.text:
                columns[across].append(cell.text)
    return columns

"""Header rows with spanning cells → one column path per body column.

A text export writes a spanning header label either padded (the label, then
a blank cell for each further column or row it covers) or once (its rows are
then shorter than the table). Both are read back to the label over each
column it covers: a padded label spreads over the blank cells right of it
(``fill_right``), rows written once are laid by the most plausible tiling
of their cells (``header_tiling``). A column no header row names takes its left
neighbour's path (the blank beside "HR (95% CI)" over an estimate and its
interval), except that the stub's label never spans a column of values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from pipeline.header_text import group_name
from pipeline.header_tiling import TiedTiling, TilingError, tile, tiling_to_labels
from pipeline.values.statistic_names import names_p_value, statistic_named

PATH_SEPARATOR = " / "


class HeaderError(ValueError):
    """Header rows whose spans cannot be settled by the rules below."""


class TiedHeaderError(HeaderError):
    """Header rows written once that tile the header in more than one equally plausible way."""


def unnamed_column(index: int) -> str:
    """Given a 0-based column index, return the path of a column without header text."""
    return f"(column {index + 1})"


@dataclass(frozen=True)
class Level:
    """One header row spread over the columns: each column's label and the column its printed cell starts in."""

    labels: tuple[str, ...]
    starts: tuple[int, ...]

    @classmethod
    def printed(cls, labels: Sequence[str]) -> Level:
        """Given a full-width row as printed, return it as a level whose every cell covers one column."""
        return cls(tuple(labels), tuple(range(len(labels))))


def fill_right(upper: Sequence[str], below: Sequence[Level], label_columns: int = 1) -> Level:
    """Given a full-width upper row and the levels below it, return it with each spanning label spread over its blank cells.

    A blank upper cell right of a label is that label's padding, except that
    the stub's label never spans a column of values (unless it stands alone in
    its row, a title over the whole table), and that a span whose sub-labels
    repeat a sibling span's and then go on ("Controls" over "Mean/N, SD/%";
    "Cases" over "Mean/N, SD/%" and then "P") stops where the sibling's do.
    """
    labels: list[str] = []
    starts: list[int] = []
    title = not any(upper[1:])  # a label alone in the row is the title over the whole table
    for column, label in enumerate(upper):
        if not label and labels and labels[-1] and (title or starts[-1] > 0 or column < label_columns):
            labels.append(labels[-1])
            starts.append(starts[-1])
            continue
        labels.append(label)
        starts.append(column)
    if below:
        _stop_at_sibling_pattern(labels, starts, below[0].labels)
        _stop_before_lone_p_value(labels, starts, below[0].labels)
    return Level(tuple(labels), tuple(starts))


def _stop_before_lone_p_value(labels: list[str], starts: list[int], lower: Sequence[str]) -> None:
    """Given an upper row spread, where each column's cell starts and the labels below, cut the one span's padding off a p-value
    column it ends on, unless that column repeats a label printed outside the span: "Colorectal cancer" over "Cases, Non-cases"
    beside the "P-value" comparing them, but "All stages" over "Expected deaths, Relative change, P value" as printed left of it."""
    spans = {start for column, start in enumerate(starts) if labels[column] and 0 < start < column}
    if len(spans) != 1:
        return
    [start] = spans
    last = max(column for column, begun in enumerate(starts) if begun == start)
    outside = {group_name(text) for column, text in enumerate((*labels, *lower)) if text and starts[column % len(starts)] != start}
    if names_p_value(lower[last]) and group_name(lower[last]) not in outside:
        labels[last], starts[last] = "", last


def _cut_across_upper_labels(levels: list[Level]) -> None:
    """Given the levels spread top down, cut each padded span where it would lie across two labels of the row above: a sub-label
    lies under one label, so the blank under a "P value" printed over three rows is that label's, not its left neighbour's padding."""
    for upper_index, upper in enumerate(levels[:-1]):
        level = levels[upper_index + 1]
        labels, starts = list(level.labels), list(level.starts)
        for column, start in enumerate(starts):
            if start < column and labels[column] and upper.labels[column] and upper.starts[column] != upper.starts[start]:
                for rest in range(column, len(starts)):
                    if starts[rest] != start:
                        break
                    labels[rest], starts[rest] = "", rest
        levels[upper_index + 1] = Level(tuple(labels), tuple(starts))


def _statistic_under_each_group(lowest: Level, upper: Level) -> Level:
    """Given the lowest header row and the row over it, spread, return the lowest with a statistic's name printed under one
    group and blank under the next groups to its right ("No. of patients (%)" under the first of two arms) under each of those
    too, up to a column under a p-value or a statistic's name ("P value") or one with a label of its own."""
    labels = list(lowest.labels)
    for column in range(1, len(labels)):
        left = labels[column - 1]
        if not labels[column] and left and statistic_named(left) and upper.labels[column] and not statistic_named(upper.labels[column]) \
                and upper.starts[column] != upper.starts[column - 1]:
            labels[column] = left
    return Level(tuple(labels), lowest.starts)


def _stop_at_sibling_pattern(labels: list[str], starts: list[int], lower: Sequence[str]) -> None:
    """Given an upper row spread, where each column's cell starts and the labels below, cut each span back to a shorter sibling's pattern."""
    spans: dict[int, list[int]] = {}
    for column, start in enumerate(starts):
        if labels[column]:
            spans.setdefault(start, []).append(column)
    patterns = {start: [group_name(lower[column]) for column in columns] for start, columns in spans.items() if len(columns) > 1}
    for start, pattern in patterns.items():
        shorter = [other for key, other in patterns.items() if key != start and len(other) < len(pattern) and pattern[: len(other)] == other]
        if shorter:
            for column in spans[start][len(shorter[0]):]:
                labels[column], starts[column] = "", column


def header_rows_to_paths(rows: Sequence[Sequence[str]], width: int | None = None, label_columns: int = 1,
                         body: Sequence[frozenset[str]] = ()) -> list[str]:
    """Given the header rows top to bottom (the table's width, its leading label columns and the statistics each column's cells
    can be, if known), return one path per column ("Primary tumor / Surgery"): see ``paths_of``, which a corpus's repeated
    headers read once."""
    if not rows:
        raise HeaderError("table has no header row")
    return list(paths_of(tuple(map(tuple, rows)), width or len(rows[-1]), label_columns, tuple(body)))


@lru_cache(maxsize=4096)
def paths_of(rows: tuple[tuple[str, ...], ...], width: int, label_columns: int, body: tuple[frozenset[str], ...]) -> tuple[str, ...]:
    """Given the header rows top to bottom, the table's width, its leading label columns and the statistics each column's cells
    can be (none if unknown), return one path per column.

    Rows as wide as the table spread their padded labels (``fill_right``);
    rows written once, some shorter than the table, are laid by the most
    plausible tiling of their cells (``header_tiling``). Paths may repeat
    ("SD" under two unlabelled columns): auto mode numbers the names it makes
    of them, and a spec naming a repeated path is refused there.
    """
    for row in rows:
        if len(row) > width:
            raise HeaderError(f"header row {list(row)} has no column below some of its {len(row)} labels")
    if any(len(row) < width for row in rows):
        try:
            tiling = tile(rows, width, label_columns, body)
        except TiedTiling as err:
            raise TiedHeaderError(str(err)) from err
        except TilingError as err:
            raise HeaderError(str(err)) from err
        columns = [_deduplicated(labels) for labels in tiling_to_labels(tiling, len(rows), width)]
    else:
        levels: list[Level] = [Level.printed(rows[-1])]
        for upper in reversed(rows[:-1]):
            levels.insert(0, fill_right(upper, levels, label_columns))
        if len(levels) > 1:
            levels[-1] = _statistic_under_each_group(levels[-1], levels[-2])
        _cut_across_upper_labels(levels)
        columns = [_deduplicated([level.labels[column].strip() for level in levels]) for column in range(width)]
    for column in range(1, width):
        # A column whose labels stop short of its left neighbour's is that label's padding ("HR (95% CI)" over an estimate and its interval).
        parts, left = columns[column], columns[column - 1]
        if len(parts) < len(left) and left[: len(parts)] == parts and not (column - 1 < label_columns <= column):
            columns[column] = left
    return tuple(PATH_SEPARATOR.join(parts) or unnamed_column(column) for column, parts in enumerate(columns))


def spread_rows_to_paths(rows: Sequence[Sequence[str]]) -> list[str]:
    """Given header rows whose spans the source states and are spread over every column they cover (a structured source's),
    return one path per column: its labels top down. A blank is blank: no neighbour's label is guessed over it, as
    ``paths_of`` must for a text export that cannot say what a blank cell is."""
    if not rows:
        raise HeaderError("table has no header row")
    return [PATH_SEPARATOR.join(_deduplicated([row[column].strip() for row in rows])) or unnamed_column(column) for column in range(len(rows[-1]))]


def _deduplicated(labels: Sequence[str]) -> list[str]:
    """Given a column's labels top down, return the printed ones, a label repeated by the row below it once."""
    parts: list[str] = []
    for label in labels:
        if label and (not parts or parts[-1] != label):
            parts.append(label)
    return parts

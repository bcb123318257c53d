"""Header rows with spanning cells → one column path per body column.

A text export writes a spanning header label either padded (the label, then
a blank cell for each further column it covers) or once (the row is then
shorter than the table). Both are read back to the label over each column
it covers, from the rows below it: a padded label spreads over the blank
cells that the rows below name (``fill_right``), a row written once is laid
over the columns in the way the rows below make most plausible
(``spans_written_once``). A column no header row names takes its left
neighbour's path (the blank beside "HR (95% CI)" over an estimate and its
interval), except that the stub's label never spans a column of values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, Sequence

import regex

from pipeline.values.numbers import NUMBER
from pipeline.values.statistics import read_shape, shape_of, statistic_named

PATH_SEPARATOR = " / "
# "(n = 48)", "n=335 924", "N: 12", "(N=1,204)": a group's size, alone or after its name.
GROUP_SIZE = regex.compile(rf"[(\[]?\s*\b[nN]\s*[=:]\s*(?P<n>{NUMBER})\s*[)\]]?")
# Codes a cell prints for no value: never header text.
_NO_VALUE = frozenset(("–", "—", "-", "NR", "NA", "N/A", "n/a", "NE", "ND", "NS", "..", "…"))
# Upper rows written once are laid over the columns by trying every way; past this many the table's header is refused.
_MOST_LAYINGS = 50_000


class HeaderError(ValueError):
    """Header rows whose spans cannot be settled by the rules below."""


def is_header_token(text: str) -> bool:
    """Given a cell below the first header row, return whether it is header text, not a value: a group's size ("n = 4924")
    or the name of a statistic ("n (%)", "Mean (SD)", "95% C.I.", "P", "Seroprevalence (%)")."""
    cell = " ".join(text.split())
    if GROUP_SIZE.fullmatch(cell):
        return True
    if not statistic_named(cell) or len(cell) > 40:
        return False
    try:
        read_shape(cell)
    except ValueError:
        return True
    return False


def is_header_text(text: str) -> bool:
    """Given a cell, return whether it can be header text: blank, a group size or statistic name, or words that read as no value
    ("Cases, n=71", "Model 1a", "<1 year"; not "62 (55–70)", "0.04" or a dash)."""
    cell = " ".join(text.split())
    if not cell or is_header_token(cell):
        return True
    return cell not in _NO_VALUE and shape_of(cell) is None


def _group_name(label: str) -> str:
    """Given a header label, return it without its group size ("Cases, n=71" → "Cases"): sibling groups repeat names, not sizes."""
    return GROUP_SIZE.sub("", label).strip(" ,;")


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
        if not label and labels and labels[-1] and (title or not starts[-1] < label_columns <= column):
            labels.append(labels[-1])
            starts.append(starts[-1])
            continue
        labels.append(label)
        starts.append(column)
    if below:
        _stop_at_sibling_pattern(labels, starts, below[0].labels)
    return Level(tuple(labels), tuple(starts))


def _stop_at_sibling_pattern(labels: list[str], starts: list[int], lower: Sequence[str]) -> None:
    """Given an upper row spread, where each column's cell starts and the labels below, cut each span back to a shorter sibling's pattern."""
    spans: dict[int, list[int]] = {}
    for column, start in enumerate(starts):
        if labels[column]:
            spans.setdefault(start, []).append(column)
    patterns = {start: [_group_name(lower[column]) for column in columns] for start, columns in spans.items() if len(columns) > 1}
    for start, pattern in patterns.items():
        shorter = [other for key, other in patterns.items() if key != start and len(other) < len(pattern) and pattern[: len(other)] == other]
        if shorter:
            for column in spans[start][len(shorter[0]):]:
                labels[column], starts[column] = "", column


def spans_written_once(upper: Sequence[str], below: Sequence[Level], width: int, label_columns: int = 1) -> Level:
    """Given an upper row shorter than the table (each spanning label written once) and the levels below it (full width),
    return the upper label over each column.

    Every way of laying the labels over the columns in order is weighed and
    the most plausible kept: a label over a blank cell below sits over that
    column alone; a spanning label sits over named sub-columns told apart by
    their labels, not a group's size beside a name; sibling spans repeat the
    same sub-labels, or statistics ("Goats" and "Sheep" over "n,
    Seroprevalence (%), 95% C.I." each; "Model 1" over "HR (95% CI), P",
    "Model 2" over "aHR (95% CI), P"), and are mostly as wide as each other;
    a p-value comes after the estimate it tests, and a statistic comparing
    sub-groups stands beside them, not under one; a blank label, and the
    stub's (unless it is the only label: a title), span nothing. A tie
    between layings is an error.
    """
    count = len(upper)
    if count > width:
        raise HeaderError(f"header row {list(upper)} has no column below some of its {count} labels")
    best: tuple[float, list[int]] | None = None
    tied = False
    for examined, widths in enumerate(_layings(count, width)):
        if examined >= _MOST_LAYINGS:
            raise HeaderError(f"{count} upper header labels over {width} columns: too many ways to lay them to weigh")
        score = _laying_score(upper, widths, below[0], label_columns)
        if score is None:
            continue
        if best is None or score > best[0]:
            best, tied = (score, widths), False
        elif score == best[0]:
            tied = True
    if best is None:
        raise HeaderError(f"{count} upper header labels cannot lay over {width} columns with every spanning label over named sub-columns")
    if tied:
        raise HeaderError(f"{count} upper header labels cover {width} columns in more than one plausible way; spans are ambiguous")
    edges = list(itertools.accumulate(best[1], initial=0))
    return Level(tuple(label for label, span in zip(upper, best[1]) for _ in range(span)),
                 tuple(start for start, span in zip(edges, best[1]) for _ in range(span)))


def _layings(count: int, width: int) -> Iterator[list[int]]:
    """Given a number of labels and of columns, yield every way to give each label one or more consecutive columns."""
    for cuts in itertools.combinations(range(1, width), count - 1):
        edges = (0, *cuts, width)
        yield [end - start for start, end in zip(edges, edges[1:])]


def _laying_score(upper: Sequence[str], widths: Sequence[int], lower: Level, label_columns: int) -> float | None:
    """Given upper labels, a width for each and the level below, return how plausible that laying is (higher is better),
    or None when it cannot be: a blank label or the stub's spanning columns of values, a label spanning a blank sub-column
    (nothing would tell those columns apart)."""
    score, start, patterns, count = 0.0, 0, [], len(upper)
    for position, (label, span) in enumerate(zip(upper, widths)):
        under = lower.labels[start : start + span]
        if span == 1:
            score += 1 if not under[0] else 0
        elif not label or (position == 0 and span > label_columns and count > 1) or not all(under):
            return None
        else:
            sizes = [bool(GROUP_SIZE.fullmatch(" ".join(text.split()))) for text in under]
            score -= 3 if any(sizes) and not all(sizes) else 0  # a sub-group's size beside a sub-group's name
            score -= 2 if all(sizes) else 0  # sizes alone name no sub-group: they are the label's own
            cells = lower.starts[start : start + span]
            score -= 3 * sum(left == right and one != other for left, right, one, other in zip(under, under[1:], cells, cells[1:]))
            named = [statistic_named(text)[:1] or _group_name(text) for text in under]
            score -= 1 if ("p_value",) in named[:-1] else 0  # a p-value follows the estimate it tests
            score -= 1 if len({isinstance(name, tuple) for name in named}) > 1 else 0  # sub-groups beside a statistic comparing them
            patterns.append(named)
        start += span
    for index, pattern in enumerate(patterns):
        for other in patterns[index + 1 :]:
            if pattern == other:
                score += 4
            elif pattern[: len(other)] == other or other[: len(pattern)] == pattern:
                score -= 4
            score += 1 if len(pattern) == len(other) else 0  # sibling spans are mostly as wide as each other
    return score


def header_rows_to_paths(rows: Sequence[Sequence[str]], width: int | None = None, label_columns: int = 1) -> list[str]:
    """Given the header rows top to bottom (the table's width and its leading label columns, if known), return one path per column
    ("Primary tumor / Surgery").

    A row as wide as the table spreads its padded labels (``fill_right``); a
    shorter one lays its labels written once (``spans_written_once``); a
    lowest row shorter than the table spans its stub label over the label
    columns when that makes it full, else (its stub's cell covered from above
    and not written) sits over the rightmost columns. Paths may repeat ("SD"
    under two unlabelled columns): auto mode numbers the names it makes of
    them, and a spec naming a repeated path is refused there.
    """
    if not rows:
        raise HeaderError("table has no header row")
    width = width or len(rows[-1])
    for row in rows:
        if len(row) > width:
            raise HeaderError(f"header row {list(row)} has no column below some of its {len(row)} labels")
    levels: list[Level] = [Level.printed(_lowest_row(rows[-1], width, label_columns))]
    for upper in reversed(rows[:-1]):
        spread = fill_right(upper, levels, label_columns) if len(upper) == width else spans_written_once(upper, levels, width, label_columns)
        levels.insert(0, spread)
    columns: list[list[str]] = []
    for column in range(width):
        parts: list[str] = []
        for level in levels:
            part = level.labels[column].strip()
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        # A column whose labels stop short of its left neighbour's is that label's padding ("HR (95% CI)" over an estimate and its interval).
        left = columns[-1] if columns else []
        if len(parts) < len(left) and left[: len(parts)] == parts and not (column - 1 < label_columns <= column):
            parts = left
        columns.append(parts)
    return [PATH_SEPARATOR.join(parts) or unnamed_column(column) for column, parts in enumerate(columns)]


def _lowest_row(row: Sequence[str], width: int, label_columns: int) -> list[str]:
    """Given the lowest header row and the table's width, return it full width: a row short by the label columns' number less one
    has its stub label written once over them; another short row has its stub's cell covered from above, so it sits to the right."""
    if len(row) < width and len(row) + label_columns - 1 == width:
        return [row[0]] * label_columns + list(row[1:])
    return [""] * (width - len(row)) + list(row)

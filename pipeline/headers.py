"""Header rows with spanning cells → one column path per body column."""

from __future__ import annotations

from typing import Sequence

import regex

from pipeline.values.numbers import NUMBER
from pipeline.values.statistics import read_shape, statistic_named

PATH_SEPARATOR = " / "
# "(n = 48)", "n=335 924", "N: 12", "(N=1,204)": a group's size, alone or after its name.
GROUP_SIZE = regex.compile(rf"[(\[]?\s*\b[nN]\s*[=:]\s*(?P<n>{NUMBER})\s*[)\]]?")


class HeaderError(ValueError):
    """Header rows whose spans cannot be settled by the rules below."""


def spans_from_lower_row(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """Given a short upper row and the full-width row below it, return the upper label over each column.

    A word-processor export writes a spanning cell once. An upper label sits
    over a single column when the cell below it is blank, and spans the whole
    run of consecutive filled cells below it otherwise ("Primary tumor" over
    Location/Surgery/Stage/Pathology).
    """
    labels: list[str] = []
    position = 0
    for label in upper:
        if position >= len(lower):
            return _repeating_or_fail(upper, lower, label)
        width = 1
        if lower[position]:
            while position + width < len(lower) and lower[position + width]:
                width += 1
        labels.extend([label] * width)
        position += width
    if position != len(lower):
        raise HeaderError(
            f"{len(upper)} upper header labels cover {position} of {len(lower)} columns; "
            "spans are ambiguous"
        )
    return labels


def _repeating_or_fail(upper: Sequence[str], lower: Sequence[str], label: str) -> list[str]:
    """Given header rows the run rule cannot settle, return the spans ``repeating_spans`` finds, or raise naming the label left without a column."""
    spread = repeating_spans(upper, lower)
    if spread is None:
        raise HeaderError(f"header label {label!r} has no column below it")
    return spread


def repeating_spans(upper: Sequence[str], lower: Sequence[str]) -> list[str] | None:
    """Given a short upper row over a full lower row, return the upper label over each column when the lower labels repeat once per group.

    "Goats" and "Sheep" written once over "n / Seroprevalence (%) / 95% C.I." twice:
    the leading labels over a blank lower cell (the stub) take one column each,
    the others split the remaining columns equally, which must repeat the same
    lower labels under each; None when they do not.
    """
    stub = 0
    while stub < len(upper) and stub < len(lower) and not lower[stub]:
        stub += 1
    groups, rest = len(upper) - stub, list(lower[stub:])
    if groups < 2 or not rest or len(rest) % groups or not all(rest):
        return None
    width = len(rest) // groups
    if any(rest[start : start + width] != rest[:width] for start in range(0, len(rest), width)):
        return None
    return [*upper[:stub], *(label for label in upper[stub:] for _ in range(width))]


def fill_right(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """Given a full-width upper row, return it with each spanning label repeated over its blank cells.

    An upper cell is blank under a span only where the row below names a sub-column.
    """
    labels: list[str] = []
    for label, sub in zip(upper, lower):
        labels.append(label if label or not sub or not labels else labels[-1])
    return labels


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


def unnamed_column(index: int) -> str:
    """Given a 0-based column index, return the path of a column without header text."""
    return f"(column {index + 1})"


def header_rows_to_paths(rows: Sequence[Sequence[str]]) -> list[str]:
    """Given the header rows top to bottom, return one path per column ("Primary tumor / Surgery").

    Paths may repeat ("SD" under two unlabelled columns): auto mode numbers the
    names it makes of them, and a spec naming a repeated path is refused there.
    """
    if not rows:
        raise HeaderError("table has no header row")
    width = len(rows[-1])
    for upper in rows[:-1]:
        if len(upper) > width:
            raise HeaderError(f"header row {list(upper)} has no column below some of its {len(upper)} labels")
    levels: list[list[str]] = [list(rows[-1])]
    for upper in reversed(rows[:-1]):
        lower = levels[0]
        spread = fill_right(upper, lower) if len(upper) == width else spans_from_lower_row(upper, lower)
        levels.insert(0, spread)
    paths = []
    for column in range(width):
        parts: list[str] = []
        for level in levels:
            part = level[column].strip() if column < len(level) else ""
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        paths.append(PATH_SEPARATOR.join(parts) or unnamed_column(column))
    return paths

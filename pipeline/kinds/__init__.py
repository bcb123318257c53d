"""Table kinds, chosen from a table's own content: a case series stays wide, summary tables go long.

- ``case_series``: one row per patient or study, each column a variable (``pipeline.auto``).
- ``characteristics``: variables and their levels by row, groups by column, cells such as "n (%)" or "mean (SD)" (``summary``).
- ``association``: estimates with intervals, p-values and reference rows ("HR (95% CI)") (``summary``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import regex

from pipeline.grid import Cell
from pipeline.header_text import GROUP_SIZE
from pipeline.headers import PATH_SEPARATOR
from pipeline.kinds.labels import path_to_group
from pipeline.kinds.rows import stub_columns
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import read_shape, shape_of

CASE_SERIES, CHARACTERISTICS, ASSOCIATION = "case_series", "characteristics", "association"
KINDS = {
    CASE_SERIES: "one row per patient or study; each column a variable",
    CHARACTERISTICS: "variables and levels by row, groups by column; one row per (variable, level, group, statistic)",
    ASSOCIATION: "estimates with intervals and p-values by row; one row per (variable, level, model or group, statistic)",
}
LONG_KINDS = (CHARACTERISTICS, ASSOCIATION)
# Shapes only a summary statistic prints: a number with its spread, share or interval.
_SUMMARY_SHAPES = ("count_percent", "count_denominator_percent", "count_denominator", "mean_sd", "median_iqr", "estimate_ci", "interval", "percent")
# Abbreviations are matched in capitals only: "Chemo or radiotherapy" names no odds ratio.
_ESTIMATE_HEADER = regex.compile(
    r"(?:^|[\s(/])(?:a?HR|a?OR|a?RR|IRR|β|(?i:coefficient|estimate))(?=$|[\s(),])|(?i:\b(?:odds|hazards?|risk|rate)\s+ratios?\b|\brelative\s+risk\b)"
)


@lru_cache(maxsize=65536)
def shape_family(text: str) -> str | None:
    """Given a cell's text, return the summary shape it prints first (None for a plain number, text or a blank)."""
    try:
        candidates = read_shape(text).candidates
    except ValueError:
        return None
    return candidates[0] if candidates[0] in _SUMMARY_SHAPES or candidates[0] == "reference" else None


def is_numeric(text: str) -> bool:
    """Given a printed cell, return whether it reads as a number or a summary statistic (markers aside)."""
    return shape_of(text) is not None


def classify(rows: Sequence[Sequence[Cell]], paths: Sequence[str], caption: str = "") -> str:
    """Given a table's body rows and header paths (and its caption), return its kind: association, characteristics or case_series.

    A header or the caption naming an effect measure ("OR (95% CI)", "Hazard ratios for death by model") makes a summary
    table an association table: its "1.05 (1.01–1.09)" are estimates with their intervals, not medians with their IQR.
    """
    if len(paths) < 2 or not rows:
        return CASE_SERIES
    families = [[shape_family(row[index].text) for row in rows] for index in range(1, len(paths))]
    cells = [family for column in families for family in column]
    printed = [row[index].text for row in rows for index in range(1, len(paths)) if row[index].text.strip()]
    summary_share = sum(family is not None for family in cells) / max(len(printed), 1)
    if any(_ESTIMATE_HEADER.search(path) for path in paths[1:]) or "reference" in cells:
        return ASSOCIATION
    if _ESTIMATE_HEADER.search(caption) and summary_share >= 0.3:
        return ASSOCIATION
    groups = [path_to_group(path) for path in paths]
    group_sizes = any(GROUP_SIZE.search(path) for path in paths[1:])
    named_rows = sum(bool(statistic_named(row[0].text)) for row in rows)
    group_rows = sum(bool(row[0].text.strip()) and not any(row[index].text.strip() for index in range(1, len(paths)) if not groups[index].p_value)
                     for row in rows)
    mixed_columns = sum(len({family for family in column if family}) > 1 for column in families)
    numeric_share = sum(is_numeric(text) for text in printed) / max(len(printed), 1)
    if group_sizes or named_rows or any(group.p_value for group in groups[1:]):
        # Group sizes, a p-value column or a statistic in a row label: a summary table, if its cells print numbers ("47.4" under "Male sex, %").
        return CHARACTERISTICS if summary_share >= 0.3 or numeric_share >= 0.5 else CASE_SERIES
    # Most columns naming what they count or estimate ("Farms tested (n)", "Proportion [95% CI]"), and every column printing numbers:
    # a review's table of studies has columns of words too ("Recurrence site").
    by_column = [[row[index].text for row in rows if row[index].text.strip()] for index in range(1, len(paths))]
    numeric_columns = all(sum(is_numeric(text) for text in column) * 2 > len(column) for column in by_column if column)
    named_columns = sum(bool(group.named) for group in groups[1:])
    if named_columns >= 2 and named_columns * 2 >= len(families) and numeric_columns:
        return CHARACTERISTICS
    # A spanning group over columns each naming a statistic ("Goats / n", "Goats / 95% C.I.") is a summary of that group.
    statistic_columns = sum(bool(group.named) and PATH_SEPARATOR in path for group, path in zip(groups[1:], paths[1:]))
    if (group_rows and (summary_share >= 0.5 or numeric_share >= 0.5)) or statistic_columns * 2 >= len(families):
        return CHARACTERISTICS
    # Label columns whose first leaves blanks under a label ("Goats" over its rows, then "Sex" over its levels) nest variables.
    stubs = stub_columns(rows, groups, {})
    nested = stubs >= 2 and any(not row[0].text.strip() and row[1].text.strip() for row in rows[1:])
    measured = [row[index].text for row in rows for index in range(stubs, len(paths)) if row[index].text.strip()]
    if nested and measured and sum(is_numeric(text) for text in measured) * 2 >= len(measured):
        return CHARACTERISTICS
    if mixed_columns * 2 >= len(families) or (summary_share >= 0.6 and len(families) >= 2):
        return CHARACTERISTICS
    return CASE_SERIES

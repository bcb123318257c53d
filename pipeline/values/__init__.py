"""The value-type library: one parser per kind of cell value.

Every parser takes the text of one cell (or one part of a cell) and returns a
typed Python value, or raises ``ValueError`` with a message that quotes the
text. Parsers know value shapes, never papers: which parser a column uses is
declared in that table's spec (``pipeline/tables/``).

The parsers live in submodules by concern and are all importable from here,
which is the name specs and drafted declarations use (``values.count_percent``):

- ``core``: ``Missing``, cleaning, integers, decimals, percentages, text, printed precision;
- ``clinical``: durations, citations, age/sex, numbered labels, percentages with a grade, years of a history;
- ``summary``: counts with percentages, mean ± SD, ranges, medians with their spread, p-values;
- ``combinators``: choices, codes, lists, pairs, alternatives, tags, flattening.
"""

from __future__ import annotations

from pipeline.values.clinical import (
    DAYS_PER_MONTH,
    MONTHS_PER_UNIT,
    Citation,
    Duration,
    age_sex,
    citation,
    duration,
    duration_months,
    labelled_integer,
    percent_with_grade,
    years_of,
)
from pipeline.values.combinators import (
    choice,
    code,
    either,
    flat,
    joined_list,
    or_missing,
    parenthesised,
    plus_minus,
    split_pair,
    tagged,
    text_list,
    yes_no,
)
from pipeline.values.core import (
    DASHES,
    NOT_APPLICABLE,
    NOT_REPORTED,
    Missing,
    Parser,
    Percent,
    clean,
    decimal,
    decimals,
    integer,
    lower_first,
    percent,
    round_half_up,
    text,
)
from pipeline.values.summary import MeanSd, MedianSpread, PValue, Range, count_percent, mean_sd, median_spread, p_value, value_range

__all__ = [
    "DASHES",
    "DAYS_PER_MONTH",
    "MONTHS_PER_UNIT",
    "NOT_APPLICABLE",
    "NOT_REPORTED",
    "Citation",
    "Duration",
    "MeanSd",
    "MedianSpread",
    "Missing",
    "PValue",
    "Parser",
    "Percent",
    "Range",
    "age_sex",
    "choice",
    "citation",
    "clean",
    "code",
    "count_percent",
    "decimal",
    "decimals",
    "duration",
    "duration_months",
    "either",
    "flat",
    "integer",
    "joined_list",
    "labelled_integer",
    "lower_first",
    "mean_sd",
    "median_spread",
    "or_missing",
    "p_value",
    "parenthesised",
    "percent",
    "percent_with_grade",
    "plus_minus",
    "round_half_up",
    "split_pair",
    "tagged",
    "text",
    "text_list",
    "value_range",
    "yes_no",
    "years_of",
]

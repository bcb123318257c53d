"""A table's Pandera checks in words, checked again on the file as written, and its references that point at no row."""

from __future__ import annotations

from typing import Mapping

import pandas as pd
import pandera.errors

from pipeline.frames import failure_reason
from pipeline.spec import Output


CHECK_SYMBOLS = {
    "greater_than_or_equal_to": ("≥", "min_value"),
    "greater_than": (">", "min_value"),
    "less_than_or_equal_to": ("≤", "max_value"),
    "less_than": ("<", "max_value"),
    "equal_to": ("=", "value"),
    "not_equal_to": ("≠", "value"),
}


def check_text(check: object) -> str:
    """Given a Pandera check, return it in words: "≥ 1", "one of A, B", "matches ^x$", else its error message."""
    name, statistics = getattr(check, "name", ""), getattr(check, "statistics", {}) or {}
    if name in CHECK_SYMBOLS:
        symbol, key = CHECK_SYMBOLS[name]
        return f"{symbol} {statistics.get(key)}"
    if name == "isin":
        return "one of " + ", ".join(str(value) for value in statistics.get("allowed_values", []))
    if name == "notin":
        return "none of " + ", ".join(str(value) for value in statistics.get("forbidden_values", []))
    if name == "str_matches":
        return f"matches {statistics.get('pattern')}"
    if name == "in_range":
        return f"between {statistics.get('min_value')} and {statistics.get('max_value')}"
    return str(getattr(check, "error", None) or name)


def column_checks(column: object) -> list[str]:
    """Given a Pandera column, return all it requires in words: presence, uniqueness and each check."""
    required = ["may be missing" if column.nullable else "required"]
    unique = ["unique"] if column.unique else []
    return required + unique + [check_text(check) for check in column.checks]


def revalidate(schema: type, frame: pd.DataFrame) -> list[str]:
    """Given a Pandera model and a table as written, return each failure of the schema (none when it passes)."""
    try:
        schema.validate(frame.copy(), lazy=True)
    except pandera.errors.SchemaErrors as err:
        return [failure_reason(failure) for failure in err.failure_cases.itertuples(index=False)]
    except pandera.errors.SchemaError as err:
        return [str(err)]
    return []


def dangling(output: Output, frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """Given an output and the tables written, return for each declared reference how many rows point at no row."""
    counts = {}
    for target, columns in output.references.items():
        known = set(tables[target][list(columns)].itertuples(index=False, name=None)) if target in tables else set()
        counts[f"{target} on ({', '.join(columns)})"] = sum(key not in known for key in frame[list(columns)].itertuples(index=False, name=None))
    return counts

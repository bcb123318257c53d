"""Stage 6, audit: check the papers' prose claims against the tables extracted from them.

A claim is data (``pipeline/claims/``): the quoted fragment, the number the
paper prints, and a small computation over the normalized tables that should
reproduce it. The computation language is a handful of frozen dataclasses
(count, distinct count, mean, with a conjunction of simple conditions), so a
claim never runs arbitrary code.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

import pandas as pd

from pipeline.values import decimals, round_half_up

Condition = tuple[str, str, object]
OPERATORS = ("==", "!=", "in", "not in", "is missing", "is not missing", "starts with")


class ClaimError(Exception):
    """A claim that cannot be checked: its quote is not in the document or its computation fails."""


@dataclass(frozen=True)
class Rows:
    """The rows of a table (or of a table joined to the one it references) meeting every condition."""

    table: str
    where: tuple[Condition, ...] = ()
    join: str | None = None

    def __post_init__(self) -> None:
        for column, operator, _ in self.where:
            if operator not in OPERATORS:
                raise ValueError(f"condition on {column!r}: unknown operator {operator!r}; use one of {OPERATORS}")

    def describe(self) -> str:
        """Return the selection as one readable line."""
        source = f"{self.table} ⋈ {self.join}" if self.join else self.table
        conditions = " and ".join(
            f"{column} {operator}" + ("" if operator.startswith("is") else f" {value!r}") for column, operator, value in self.where
        )
        return f"{source} where {conditions}" if conditions else source


AGGREGATES = ("count", "count distinct", "mean", "min", "max")


@dataclass(frozen=True)
class Aggregate:
    """One number over the selected rows: their count, or the distinct count, mean, min or max of a column.

    Missing values are left out of every aggregate but the row count.
    """

    function: str
    rows: Rows
    column: str | None = None

    def __post_init__(self) -> None:
        if self.function not in AGGREGATES:
            raise ValueError(f"unknown aggregate {self.function!r}; use one of {AGGREGATES}")
        if (self.column is None) != (self.function == "count"):
            raise ValueError(f"{self.function!r} {'takes no' if self.function == 'count' else 'needs a'} column")

    def describe(self) -> str:
        """Return the computation as one readable line."""
        column = f" {self.column}" if self.column else ""
        return f"{self.function}{column} ({self.rows.describe()})"


def Count(rows: Rows) -> Aggregate:  # noqa: N802 - reads as the claim language's keyword
    """Given a selection, return its row count."""
    return Aggregate("count", rows)


def CountDistinct(rows: Rows, column: str) -> Aggregate:  # noqa: N802
    """Given a selection and a column, return its number of distinct values."""
    return Aggregate("count distinct", rows, column)


def Mean(rows: Rows, column: str) -> Aggregate:  # noqa: N802
    """Given a selection and a column, return its mean."""
    return Aggregate("mean", rows, column)


def Minimum(rows: Rows, column: str) -> Aggregate:  # noqa: N802
    """Given a selection and a column, return its smallest value."""
    return Aggregate("min", rows, column)


def Maximum(rows: Rows, column: str) -> Aggregate:  # noqa: N802
    """Given a selection and a column, return its largest value."""
    return Aggregate("max", rows, column)


@dataclass(frozen=True)
class Claim:
    """A number a document states about its own table, and how to recompute it.

    ``reported`` and ``reported_percent`` are as printed ("60.2", "56.7"); their
    decimals set the precision of the comparison. ``percent_of`` is the
    denominator of the printed percentage.
    """

    id: str
    document: str
    quote: str
    reported: str
    computation: Aggregate
    reported_percent: str | None = None
    percent_of: Aggregate | None = None
    note: str = ""


def select(rows: Rows, tables: Mapping[str, pd.DataFrame], references: Mapping[str, Mapping[str, tuple[str, ...]]]) -> pd.DataFrame:
    """Given a selection and the tables, return the selected rows."""
    if rows.table not in tables:
        raise ClaimError(f"table {rows.table!r} is not among the outputs ({sorted(tables)})")
    frame = tables[rows.table]
    if rows.join:
        keys = references.get(rows.table, {}).get(rows.join)
        if not keys:
            raise ClaimError(f"{rows.table} does not reference {rows.join}; cannot join")
        frame = frame.merge(tables[rows.join], on=list(keys), how="left", suffixes=("", f"__{rows.join}"))
    mask = pd.Series(True, index=frame.index)
    for column, operator, value in rows.where:
        if column not in frame:
            raise ClaimError(f"column {column!r} is not in {rows.describe()}")
        series = frame[column]
        tests = {
            "==": lambda: series == value,
            "!=": lambda: series != value,
            "in": lambda: series.isin(list(value)),
            "not in": lambda: ~series.isin(list(value)),
            "is missing": lambda: series.isna(),
            "is not missing": lambda: series.notna(),
            "starts with": lambda: series.str.startswith(str(value)),
        }
        mask &= tests[operator]().fillna(False).astype(bool)
    return frame[mask]


def compute(computation: Aggregate, tables: Mapping[str, pd.DataFrame], references: Mapping[str, Mapping[str, tuple[str, ...]]]) -> float | None:
    """Given a computation and the tables, return its value (None when there is nothing to aggregate)."""
    selected = select(computation.rows, tables, references)
    if computation.function == "count":
        return float(len(selected))
    if computation.column not in selected:
        raise ClaimError(f"column {computation.column!r} is not in {computation.rows.describe()}")
    values = selected[computation.column].dropna()
    if computation.function == "count distinct":
        return float(values.nunique())
    if values.empty:
        return None
    return float({"mean": values.mean, "min": values.min, "max": values.max}[computation.function]())


def find_quote(quote: str, text: str) -> int:
    """Given a quote and a document's text, return the line it starts on; any whitespace run matches any other."""
    words, starts, lines = [], [], []
    offset = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for word in line.split():
            words.append(word)
            starts.append(offset)
            lines.append(number)
            offset += len(word) + 1
    position = " ".join(words).find(" ".join(quote.split()))
    if position < 0 or not quote.strip():
        raise ClaimError(f"quote not found verbatim: {quote!r}")
    return lines[bisect.bisect_right(starts, position) - 1]


def check_claim(
    claim: Claim,
    text: str,
    tables: Mapping[str, pd.DataFrame],
    references: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> dict:
    """Given a claim, its document's text and the tables, return its audit record or raise ClaimError."""
    line = find_quote(claim.quote, text)
    # A paper's claims are about its own table, whatever else the dataset holds.
    own = {name: frame[frame["document"] == claim.document] for name, frame in tables.items()}
    try:
        computed = compute(claim.computation, own, references)
        denominator = compute(claim.percent_of, own, references) if claim.percent_of else None
    except (KeyError, TypeError, ValueError) as err:
        raise ClaimError(f"claim {claim.id}: computation failed: {err}") from err
    computed_percent = 100 * computed / denominator if computed is not None and denominator else None
    status, difference = "unverifiable", None
    if computed is not None:
        rounded = round_half_up(computed, decimals(claim.reported))
        difference = float(rounded - Decimal(claim.reported))
        agrees = difference == 0
        if claim.reported_percent is not None:
            agrees = agrees and computed_percent is not None and (
                round_half_up(computed_percent, decimals(claim.reported_percent)) == Decimal(claim.reported_percent)
            )
        status = "match" if agrees else "mismatch"
    return {
        "document": claim.document,
        "claim_id": claim.id,
        "quote": claim.quote,
        "line": line,
        "reported": float(claim.reported),
        "reported_percent": None if claim.reported_percent is None else float(claim.reported_percent),
        "computed": computed,
        "computed_percent": computed_percent,
        "difference": difference,
        "status": status,
        "computation": claim.computation.describe()
        + (f"; percent of {claim.percent_of.describe()}" if claim.percent_of else ""),
        "note": claim.note or None,
    }


def audit(
    claims: Sequence[Claim],
    texts: Mapping[str, str],
    tables: Mapping[str, pd.DataFrame],
    references: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> tuple[pd.DataFrame, list[ClaimError]]:
    """Given the claims of the documents present, return the audit table and the claims that could not be checked."""
    records, errors = [], []
    for claim in claims:
        if claim.document not in texts:
            continue
        try:
            records.append(check_claim(claim, texts[claim.document], tables, references))
        except ClaimError as err:
            errors.append(ClaimError(f"{claim.document}: claim {claim.id}: {err}"))
    return pd.DataFrame(records, columns=list(CLAIM_DTYPES)).astype(CLAIM_DTYPES), errors


CLAIM_DTYPES = {
    "document": "string",
    "claim_id": "string",
    "quote": "string",
    "line": "Int64",
    "reported": "Float64",
    "reported_percent": "Float64",
    "computed": "Float64",
    "computed_percent": "Float64",
    "difference": "Float64",
    "status": "string",
    "computation": "string",
    "note": "string",
}

"""Stage 4, validate: check every output table against its Pandera schema, row by row.

A row that fails its schema, or points at a row that does not exist, takes
its whole document out of every table by default (strict): a document goes
in complete or not at all, and the other documents still do. Lenient mode
drops only the failing rows and returns them, with Pandera's reasons, as
rejected rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd
import pandera.errors

from pipeline.frames import REJECTED_REASON, failure_reason, with_na_strings
from pipeline.spec import Output

MAX_REPORTED_FAILURES = 10


class ValidationFailure(Exception):
    """Rows or a table that do not meet the schema; the message lists each failing value."""


@dataclass
class Validated:
    """The outcome of validation: tables to write, rows rejected (with reasons) and what failed."""

    passed: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)
    failures: list[ValidationFailure] = field(default_factory=list)
    failed_documents: set[str] = field(default_factory=set)


def row_label(frame: pd.DataFrame, index: object) -> str:
    """Given a frame and a row index, return the row's document and source row."""
    row = frame.loc[index]
    return f"document {row.get('document', '?')}, source row {row.get('source_row', '?')}"


def failing_rows(name: str, schema: type, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """Given a table and its Pandera model, return the rows that pass (coerced) and the reasons of each failing row.

    A failure Pandera cannot tie to a row (a missing column, a wrong dtype for
    the whole column) fails the table: that is a spec problem, not a document's.
    """
    frame = frame.reset_index(drop=True)
    try:
        return with_na_strings(schema.validate(frame, lazy=True)), {}
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
    untied = cases[cases["index"].isna()]
    if len(untied):
        raise ValidationFailure(
            "\n".join(f"{name}: {failure_reason(failure)} (whole table)" for failure in untied.head(MAX_REPORTED_FAILURES).itertuples())
        )
    reasons: dict[int, list[str]] = {}
    for failure in cases.itertuples(index=False):
        reasons.setdefault(int(failure.index), []).append(failure_reason(failure))
    remaining = frame.drop(index=list(reasons))
    return with_na_strings(schema.validate(remaining, lazy=True)), reasons


def describe_rows(name: str, frame: pd.DataFrame, reasons: dict[int, list[str]]) -> str:
    """Given failing rows and their reasons, return one line per failing value naming table, row and value."""
    lines = [
        f"{name}: {reason} ({row_label(frame, index)})"
        for index, row_reasons in reasons.items()
        for reason in row_reasons
    ]
    extra = len(lines) - MAX_REPORTED_FAILURES
    return "\n".join(lines[:MAX_REPORTED_FAILURES] + ([f"{name}: … and {extra} more failing values"] if extra > 0 else []))


def dangling_rows(output: Output, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> dict[int, list[str]]:
    """Given an output and the tables that passed, return the rows whose reference points at no row, with the reason."""
    reasons: dict[int, list[str]] = {}
    for target, columns in output.references.items():
        known = set(tables[target][list(columns)].itertuples(index=False, name=None)) if target in tables else set()
        for index, key in zip(frame.index, frame[list(columns)].itertuples(index=False, name=None)):
            if key not in known:
                reasons.setdefault(index, []).append(f"{columns} = {key} has no row in {target}")
    return reasons


def reject(frame: pd.DataFrame, reasons: dict[int, list[str]]) -> pd.DataFrame:
    """Given a table and the reasons of its failing rows, return those rows with a column of their reasons."""
    rows = frame.loc[list(reasons)].copy()
    rows[REJECTED_REASON] = pd.array(["; ".join(reasons[index]) for index in reasons], dtype="string")
    return rows.reset_index(drop=True)


def without_documents(frame: pd.DataFrame, documents: set[str]) -> pd.DataFrame:
    """Given a table with a document column, return it without the rows of those documents."""
    return frame[~frame["document"].isin(documents)].reset_index(drop=True)


def validate(frames: dict[str, pd.DataFrame], outputs: Iterable[Output], lenient: bool = False) -> Validated:
    """Given the normalized frames and their output declarations, return what passes, what is rejected and why.

    References are checked after the schema, so in strict mode the rows of a
    document already failed do not show up again as dangling references.
    """
    declared = {output.name: output for output in outputs if output.name in frames}
    result = Validated()

    def set_aside(name: str, frame: pd.DataFrame, reasons: dict[int, list[str]]) -> pd.DataFrame:
        rejected = reject(frame, reasons)
        result.failures.append(ValidationFailure(describe_rows(name, frame, reasons)))
        result.rejected[name] = pd.concat([result.rejected[name], rejected], ignore_index=True) if name in result.rejected else rejected
        if not lenient:
            result.failed_documents |= set(rejected["document"])
        return frame.drop(index=list(reasons)).reset_index(drop=True)

    for name, output in declared.items():
        try:
            passed, reasons = failing_rows(name, output.schema, frames[name])
        except ValidationFailure as failure:
            result.failures.append(failure)
            continue
        if reasons:
            set_aside(name, frames[name].reset_index(drop=True), reasons)
        result.passed[name] = passed
    result.passed = {name: without_documents(frame, result.failed_documents) for name, frame in result.passed.items()}
    for name, output in declared.items():
        if name in result.passed:
            dangling = dangling_rows(output, result.passed[name], result.passed)
            if dangling:
                result.passed[name] = set_aside(name, result.passed[name], dangling)
    result.passed = {name: without_documents(frame, result.failed_documents) for name, frame in result.passed.items()}
    return result


def validate_companion(name: str, schema: type, frame: pd.DataFrame) -> pd.DataFrame:
    """Given a table that travels with the dataset, return it validated or raise: it has no rows to spare."""
    validated, reasons = failing_rows(name, schema, frame)
    if reasons:
        raise ValidationFailure(describe_rows(name, frame.reset_index(drop=True), reasons))
    return validated

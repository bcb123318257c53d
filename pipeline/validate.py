"""Stage 4, validate: check every output table against its Pandera schema.

A table that fails is reported with table, column, row and value, and is not
passed on to the writer; the other tables still are.
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd
import pandera.errors

from pipeline.frames import with_na_strings
from pipeline.spec import Output

MAX_REPORTED_FAILURES = 10


class ValidationFailure(Exception):
    """An output table that does not meet its schema; the message lists each failing value."""


def describe_failures(output: str, frame: pd.DataFrame, failures: pd.DataFrame) -> str:
    """Given Pandera's failure cases, return one line per failing value naming table, column, row and value."""
    lines = []
    for failure in failures.head(MAX_REPORTED_FAILURES).itertuples(index=False):
        where = ""
        if failure.index is not None and not pd.isna(failure.index) and failure.index in frame.index:
            row = frame.loc[failure.index]
            where = f" (document {row.get('document', '?')}, source row {row.get('source_row', '?')})"
        lines.append(
            f"{output}: column {failure.column!r} fails {failure.check}: value {failure.failure_case!r}{where}"
        )
    extra = len(failures) - MAX_REPORTED_FAILURES
    if extra > 0:
        lines.append(f"{output}: … and {extra} more failing values")
    return "\n".join(lines)


def validate_output(output: Output, frame: pd.DataFrame) -> pd.DataFrame:
    """Given an output's frame, return it validated (and coerced) or raise ValidationFailure."""
    try:
        return with_na_strings(output.schema.validate(frame.reset_index(drop=True), lazy=True))
    except pandera.errors.SchemaErrors as err:
        raise ValidationFailure(describe_failures(output.name, frame.reset_index(drop=True), err.failure_cases)) from err


def check_foreign_keys(output: Output, frame: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> None:
    """Given an output and the validated tables, raise if a reference points at no row."""
    for target, columns in output.references.items():
        if target not in tables:
            raise ValidationFailure(f"{output.name}: references {target}, which did not validate")
        keys = pd.MultiIndex.from_frame(frame[list(columns)])
        known = pd.MultiIndex.from_frame(tables[target][list(columns)])
        dangling = sorted(set(keys[~keys.isin(known)]))
        if dangling:
            raise ValidationFailure(
                f"{output.name}: {columns} values {dangling[:MAX_REPORTED_FAILURES]} have no row in {target}"
            )


def validate(frames: dict[str, pd.DataFrame], outputs: Iterable[Output]) -> tuple[dict[str, pd.DataFrame], list[ValidationFailure]]:
    """Given the normalized frames and their output declarations, return the frames that pass and the failures."""
    declared = {output.name: output for output in outputs if output.name in frames}
    passed: dict[str, pd.DataFrame] = {}
    failures: list[ValidationFailure] = []
    for name, output in declared.items():
        try:
            passed[name] = validate_output(output, frames[name])
        except ValidationFailure as failure:
            failures.append(failure)
    for name, output in declared.items():
        if name not in passed:
            continue
        try:
            check_foreign_keys(output, passed[name], passed)
        except ValidationFailure as failure:
            failures.append(failure)
            del passed[name]
    return passed, failures

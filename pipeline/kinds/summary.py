"""Characteristics, outcome and association tables → one row per (variable, level, group, statistic).

Rows are variables, a variable's levels are the rows under a group row (a
label with no value in any group column) until a spacer row, the next group
row or a row whose label names its own statistic or unit. Columns are groups
(``labels.path_to_group``), with an optional p-value column. Each cell's
statistic comes from the most specific place naming one: the cell's own
shape, its row label, its variable's group row, its column header, the
table's footnotes ("Values are n (%) unless stated otherwise"). A cell that
fits no shape, or contradicts the statistic named for it, keeps its text and
is listed in a finding; no number is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import regex

from pipeline.grid import Cell
from pipeline.kinds.checks import record_findings
from pipeline.kinds.labels import Group, Label, label_to_parts, path_to_group
from pipeline.values import Missing
from schemas.provenance import MISSING_REASONS
from pipeline.values.statistics import NUMERIC_FIELDS, Summary, read_shape, resolve, split_marker, statistic_named

# The long form's columns, in order, with their dtypes.
LONG_DTYPES = {
    "document": "string", "table_id": "string", "source_row": "Int64", "source_line": "Int64", "source_column": "string",
    "variable": "string", "level": "string", "group": "string", "group_n": "Int64", "overall": "boolean", "statistic": "string",
    "count": "Int64", "denominator": "Int64", "percent": "Float64", "mean": "Float64", "sd": "Float64", "median": "Float64",
    "lower": "Float64", "upper": "Float64", "estimate": "Float64", "p_value": "Float64", "value": "Float64",
    "qualifier": "string", "measure": "string", "unit": "string", "marker": "string", "footnote": "string",
    "missing_reason": "string", "raw_text": "string",
}
# Codes that stand for no value in summary tables, whatever the legend says, and the reason each gives.
DEFAULT_MISSING = {"–": "not_applicable", "—": "not_applicable", "-": "not_applicable", "NR": "not_reported", "NA": "not_available",
                   "N/A": "not_available", "n/a": "not_available", "NE": "not_reported", "ND": "not_reported", "NS": "not_specified"}
# A footnote stating the default statistic of the table: "Values are n (%) unless stated otherwise", "Data are mean (SD)".
_DEFAULT_STATEMENT = regex.compile(r"(?i)\b(?:values|data|results|numbers)\s+(?:are|were|is|given as|presented as|expressed as|shown as)\b[^.;]*")


@dataclass
class LongTable:
    """A summary table in long form: its records, the lineage of each cell and the findings of its checks."""

    records: list[dict] = field(default_factory=list)
    lineage: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


@dataclass
class _Variable:
    """The variable rows are being read under: its label and the statistics its group row names."""

    label: Label
    open_for_levels: bool
    counted: dict[int, int] = field(default_factory=dict)

    def complete(self, groups: Sequence[Group]) -> bool:
        """Given the table's groups, return whether the levels read so far count every group of known n in full: the next row is a new variable."""
        sized = [index for index, group in enumerate(groups) if group.n and index in self.counted]
        return bool(sized) and all(self.counted[index] == groups[index].n for index in sized)


def default_statistic(legend_text: str) -> tuple[str, ...]:
    """Given the text under a table, return the statistics its "Values are …" statement names (empty if none)."""
    statement = _DEFAULT_STATEMENT.search(legend_text or "")
    return statistic_named(statement.group(0)) if statement else ()


def is_group_row(row: Sequence[Cell], value_columns: Sequence[int], groups: Sequence[Group]) -> bool:
    """Given a row, return whether it is a group row: a label and nothing in any group column (a p-value may stand beside it)."""
    return bool(row[0].text.strip()) and all(not row[index].text.strip() for index in value_columns if not groups[index].p_value)


def is_blank_row(row: Sequence[Cell]) -> bool:
    """Given a row, return whether it prints nothing (a spacer between groups)."""
    return not any(cell.text.strip() for cell in row)


def grid_to_long(rows: Sequence[Sequence[Cell]], paths: Sequence[str], columns: Sequence[str], legend: Mapping[str, Missing],
                 footnotes: Mapping[str, str], legend_text: str, document: str, table_id: str, association: bool) -> LongTable:
    """Given a summary table's body rows, header paths and snake_case column names, its missing codes and footnotes, return it in long form."""
    groups = [path_to_group(path) for path in paths]
    value_columns = range(1, len(paths))
    table_default = default_statistic(legend_text)
    long = LongTable()
    variable: _Variable | None = None
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            long.lineage.append(_lineage(document, table_id, number, columns[index], paths[index], cell))
        if is_blank_row(row):
            variable = None
            continue
        label = label_to_parts(row[0].text.strip()) if row[0].text.strip() else (variable.label if variable else Label("", None, ()))
        if is_group_row(row, value_columns, groups):
            variable = _Variable(label, True)
            level_label, variable_label = None, label
        elif variable and variable.open_for_levels and not label.named and not label.unit and row[0].text.strip() and not variable.complete(groups):
            level_label, variable_label = label, variable.label
        else:
            variable = _Variable(label, False)
            level_label, variable_label = None, label
        for index in value_columns:
            text = row[index].text.strip()
            if not text:
                continue
            named = label.named or variable_label.named or groups[index].named or table_default
            if groups[index].p_value:
                named = ("p_value",)
            elif not named and variable_label.unit:
                named = ("mean_sd", "median_spread", "mean", "median", "value")  # a unit means a continuous variable, not a count
            record = {
                "document": document, "table_id": table_id, "source_row": number, "source_line": row[index].line,
                "source_column": columns[index], "variable": variable_label.name, "level": level_label.name if level_label else None,
                "group": groups[index].name, "group_n": groups[index].n, "overall": groups[index].overall,
                "unit": None if groups[index].p_value else (level_label.unit if level_label else None) or variable_label.unit,
                "raw_text": row[index].text,
            }
            summary, marker, missing_reason, problem = read_cell(text, named, legend, association)
            _explain(long.lineage[-len(row) + index], missing_reason, problem)
            record.update(_summary_fields(summary))
            record["measure"] = (summary.measure if summary else None) or groups[index].measure
            record.update(marker=marker, footnote=footnotes.get(marker) if marker else None, missing_reason=missing_reason)
            long.records.append(record)
            if variable and level_label and record["count"] is not None:
                variable.counted[index] = variable.counted.get(index, 0) + record["count"]
            if problem:
                long.findings.append(finding(document, table_id, paths[index], row[index], problem[0], problem[1]))
    long.findings.extend(check_records(long.records, paths, columns, document, table_id))
    for record in long.records:
        record.pop("_percent_places", None)
    return long


def read_cell(text: str, named: tuple[str, ...], legend: Mapping[str, Missing], association: bool) -> tuple[Summary | None, str | None, str | None, tuple[str, str] | None]:
    """Given a cell's text and the statistics named for it, return its summary (None if unread), marker, missing reason and the problem (kind, detail) if any."""
    value, marker = split_marker(text)
    code = legend.get(value)
    if code is not None:
        return None, marker, code.reason, None
    if value.casefold() in ("ns", "n.s.") and named == ("p_value",):
        return Summary("p_value", qualifier="not significant"), marker, "not_significant", None
    if value in DEFAULT_MISSING:
        return None, marker, DEFAULT_MISSING[value], None
    try:
        shape = read_shape(value)
    except ValueError:
        return None, marker, "unread_shape", ("unread_cell", f"{text!r} fits no summary-statistic shape; kept as text")
    summary = resolve(shape, named, association)
    if summary is None:
        return None, marker, "contradicts_label", (
            "statistic_contradicts_label",
            f"{text!r} reads as {' or '.join(shape.candidates)}, but its label or header names {named[0]}; kept as text",
        )
    return summary, marker, None, None


def _explain(lineage: dict, missing_reason: str | None, problem: tuple[str, str] | None) -> None:
    """Given a cell's lineage record, set why its value is missing: a reason of the legend's vocabulary, or the problem that kept it as text."""
    if missing_reason in MISSING_REASONS:
        lineage["missing_reason"] = missing_reason
    elif problem:
        lineage["note"] = problem[1]


def _summary_fields(summary: Summary | None) -> dict[str, object]:
    """Given a cell's summary (or None), return its statistic, numbers and qualifier as record fields."""
    if summary is None:
        return {"statistic": None, **dict.fromkeys(NUMERIC_FIELDS), "qualifier": None}
    return {"statistic": summary.statistic, **{name: getattr(summary, name) for name in NUMERIC_FIELDS}, "qualifier": summary.qualifier,
            "_percent_places": summary.percent_places}


def _lineage(document: str, table_id: str, number: int, column: str, path: str, cell: Cell) -> dict:
    """Given a cell and where it sits, return its lineage record."""
    return {"document": document, "table_id": table_id, "source_row": number, "column": column, "table_column": path, "raw_text": cell.text,
            "line": cell.line, "missing_reason": None if cell.text.strip() else "blank", "repair": cell.repair, "note": None}


def finding(document: str, table_id: str, column: str, cell: Cell, kind: str, detail: str) -> dict:
    """Given a cell and what is wrong with it, return a finding record."""
    return {"document": document, "table_id": table_id, "kind": kind, "column": column, "value": cell.text, "line": cell.line, "detail": detail}


def check_records(records: list[dict], paths: Sequence[str], columns: Sequence[str], document: str, table_id: str) -> list[dict]:
    """Given the long records of a table, return a finding for each piece of its arithmetic that does not hold (``checks.record_findings``)."""
    path_of = dict(zip(columns, paths))
    return [{"document": document, "table_id": table_id, "column": path_of[column], **rest} for column, rest in record_findings(records)]

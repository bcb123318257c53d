"""What normalize reports about a curated table's source, never fixes: codes its legend lacks, percentages that disagree, repairs applied."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

import pandas as pd
import regex

from pipeline.errors import SpecError
from pipeline.layouts import LAYOUT_REPAIRS
from pipeline.spec import Output, TableSpec
from pipeline.values import decimals, round_half_up

if TYPE_CHECKING:  # normalize imports this module; its row types are named here only in annotations
    from pipeline.stages.normalize import DocumentInfo, RowContext, SourceCell

# A code in a cell: a run of capitals standing alone ("MDA", "W", "MLD").
_CODE = regex.compile(r"(?<![\p{L}\d])\p{Lu}{1,6}(?![\p{L}\d])")


def legend_gaps(rows: list[dict[str, SourceCell]], legend: Mapping[str, str], table_id: str, document: DocumentInfo) -> list[dict]:
    """Given body rows and the table's legend, return a finding per code used in a column but not in the legend."""
    if not legend:
        return []
    first_use: dict[tuple[str, str], tuple[int, int]] = {}
    for row in rows:
        for cell in row.values():
            for code in _CODE.findall(cell.text):
                if code not in legend:
                    line, count = first_use.get((cell.path, code), (cell.line, 0))
                    first_use[(cell.path, code)] = (line, count + 1)
    return [
        {
            "document": document.document,
            "table_id": table_id,
            "kind": "code_not_in_legend",
            "column": path,
            "value": code,
            "line": line,
            "detail": f"code {code!r} is used {count} time(s) in column {path!r} but the table's legend does not define it",
        }
        for (path, code), (line, count) in sorted(first_use.items(), key=lambda item: item[1][0])
    ]


def check_percentages(output: Output, rows: list[RowContext], records: list[dict], document: DocumentInfo, table_id: str) -> list[dict]:
    """Given an output's rows and records, return a finding per printed percentage that its count and total contradict.

    Raises SpecError where the contradicted row holds a repaired cell: the
    check was that repair's confirmation.
    """
    sources = {column.name: column.source for column in output.columns}
    findings = []
    for check in output.checks:
        for row, record in zip(rows, records):
            percent, count, total = (record[check.percent], record[check.count], record[check.total])
            if any(value is pd.NA or value is None for value in (percent, count, total)) or not total:
                continue
            cell = row.cells[sources[check.percent]]
            expected = round_half_up(100 * count / total, decimals(cell.text))
            if expected == round_half_up(percent, decimals(cell.text)):
                continue
            repairs = sorted({c.repair for c in row.cells.values() if c.repair})
            if repairs:
                raise SpecError(
                    f"repair {repairs} is not confirmed by check {check.id!r}: {count}/{total} = {expected}% "
                    f"but the table prints {cell.text!r} (line {cell.line})"
                )
            findings.append(
                {
                    "document": document.document,
                    "table_id": table_id,
                    "kind": "inconsistent_percentage",
                    "column": check.percent,
                    "value": cell.text,
                    "line": cell.line,
                    "detail": f"{check.id}: printed {percent:g}% but {count}/{total} = {100 * count / total:.2f}%, "
                    f"{expected}% at the printed precision (source row {row.source_row})",
                }
            )
    return findings


def repair_finding(document: str, table_id: str, column: str, value: str, line: int, repair: str, reason: str) -> dict:
    """Given a repaired value, where it is printed, the repair's id and its reason, return its repair_applied finding."""
    return {"document": document, "table_id": table_id, "kind": "repair_applied", "column": column, "value": value, "line": line,
            "detail": f"{repair}: {reason}"}


def repair_findings(rows: list[dict[str, SourceCell]], spec: TableSpec, document: DocumentInfo, table_id: str) -> list[dict]:
    """Given the body rows, return a finding per repair applied to them (declared, or made by the layout), with its reason."""
    reasons = LAYOUT_REPAIRS | spec.repair_reasons()
    return [
        repair_finding(document.document, table_id, cell.path, cell.printed or cell.text, cell.line, cell.repair, reasons[cell.repair])
        for row in rows
        for cell in row.values()
        if cell.repair
    ]

"""Stage 3, normalize: raw cells → typed tidy tables, by each table's declarative spec.

Given the cells of one table, its spec, the document's citation and the
table's legend, return the spec's output tables, the lineage of every value
(source line, raw text, missing reason, repair) and the findings about the
source (codes used but absent from the legend).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Mapping, NamedTuple

import pandas as pd
import regex

from pipeline import auto, kinds
from pipeline.errors import InputError, SpecError
from pipeline.frames import with_na_strings
from pipeline.grid import Cell, Grid
from pipeline.spec import Column, Output, TableSpec, compiled, pick
from pipeline.values import NOT_APPLICABLE, NOT_REPORTED, Citation, Missing
from pipeline.stages.normalize_checks import check_percentages, legend_gaps, repair_findings

_NOT_LETTER_OR_DIGIT = regex.compile(r"[^\p{L}\d]+")


@dataclass(frozen=True)
class DocumentInfo:
    """What normalize needs to know of a document: its id, file and own citation."""

    document: str
    file: str
    first_author: str | None = None
    year: int | None = None


class SourceCell(NamedTuple):
    """A cell as normalize sees it: text after repairs, its line and what was done to it.

    A named tuple, not a dataclass: one is built per cell, and a tuple builds in a third of the time.
    """

    text: str
    line: int
    path: str
    repair: str | None = None
    note: str | None = None
    printed: str | None = None
    indent: int = 0


@dataclass
class RowContext:
    """A body row placed in the table's row structure."""

    source_row: int
    cells: dict[str, SourceCell]
    unit_id: str = ""
    observation_number: int = 1
    is_self: bool = False
    is_repeat: bool = False
    key_cell: SourceCell | None = None


@dataclass
class Normalized:
    """Everything normalize produces for one table, as records; ``frames`` types a batch at once."""

    outputs: dict[str, list[dict]] = field(default_factory=dict)
    lineage: list[tuple] = field(default_factory=list)  # in LINEAGE_RECORD order
    findings: list[dict] = field(default_factory=list)


def cells_to_rows(cells: pd.DataFrame) -> list[dict[str, SourceCell]]:
    """Given one table's long cells, return its body rows as {header path: cell}."""
    rows: dict[int, dict[str, SourceCell]] = {}
    for cell in cells.sort_values(["row", "column"]).itertuples(index=False):
        repair = None if pd.isna(cell.repair) else str(cell.repair)
        rows.setdefault(int(cell.row), {})[str(cell.path)] = SourceCell(str(cell.text), int(cell.line), str(cell.path), repair, indent=int(cell.indent))
    return [rows[number] for number in sorted(rows)]


def grid_to_rows(grid: Grid) -> list[dict[str, SourceCell]]:
    """Given a parsed grid, return its body rows as {header path: cell}, as ``cells_to_rows`` reads them back from cells."""
    return [
        {path: SourceCell(cell.text, cell.line, path, cell.repair, indent=cell.indent) for path, cell in zip(grid.paths, row)}
        for row in grid.rows
    ]


def check_sources(spec: TableSpec, paths: set[str]) -> None:
    """Given a spec and the table's header paths, raise if the spec names a path the table lacks."""
    named = {spec.rows.key} | {repair.source for repair in spec.cell_repairs}
    named |= {column.source for output in spec.outputs for column in output.columns if not column.source.startswith("@")}
    unknown = sorted(named - paths)
    if unknown:
        raise SpecError(f"spec {spec.name!r} names header paths the table does not have: {unknown}; table has {sorted(paths)}")


def apply_cell_repairs(rows: list[dict[str, SourceCell]], spec: TableSpec) -> list[dict[str, SourceCell]]:
    """Given body rows, return them with the spec's declared cell repairs applied, each exactly once."""
    repaired = [dict(row) for row in rows]
    for repair in spec.cell_repairs:
        hits = [row for row in repaired if repair.find in row[repair.source].text]
        if len(hits) != 1:
            raise SpecError(
                f"repair {repair.id!r} expects {repair.find!r} in exactly one {repair.source!r} cell, found {len(hits)}"
            )
        cell = hits[0][repair.source]
        hits[0][repair.source] = SourceCell(
            cell.text.replace(repair.find, repair.replace), cell.line, cell.path, repair=repair.id, printed=cell.text
        )
    return repaired


def slug(value: object) -> str:
    """Given a name or number, return it lower-cased with only letters and digits."""
    return _NOT_LETTER_OR_DIGIT.sub("", str(value)).lower()


def place_rows(rows: list[dict[str, SourceCell]], spec: TableSpec, document: DocumentInfo) -> list[RowContext]:
    """Given body rows, return them placed in units and observations by the spec's row rules."""
    rules = spec.rows
    placed: list[RowContext] = []
    units_per_prefix: dict[str, int] = {}
    group_cell: SourceCell | None = None
    for number, cells in enumerate(rows, start=1):
        key_cell = cells[rules.key]
        row = RowContext(source_row=number, cells=cells)
        if rules.repeat_marker and compiled(rules.repeat_marker).search(key_cell.text):
            if not placed:
                raise InputError("the first body row cannot repeat the row above", line=key_cell.line, value=key_cell.text)
            previous = placed[-1]
            row.unit_id, row.is_self, row.key_cell = previous.unit_id, previous.is_self, previous.key_cell
            row.observation_number, row.is_repeat = previous.observation_number + 1, True
            placed.append(row)
            continue
        if not key_cell.text:
            if not rules.continuation or group_cell is None:
                raise InputError(f"blank {rules.key!r} cell: the row names no group", line=key_cell.line)
            row.key_cell = group_cell._replace(note=f"filled down from line {group_cell.line}")
        else:
            group_cell = key_cell
            row.key_cell = key_cell
        row.is_self = bool(rules.self_marker and compiled(rules.self_marker).search(row.key_cell.text))
        key_value = self_citation(document, spec) if row.is_self else parse_key(row.key_cell, spec)
        parts = [getattr(key_value, part) for part in rules.id_parts] if rules.id_parts else [row.key_cell.text]
        prefix = "".join(slug(part) for part in parts if not isinstance(part, Missing) and part is not None)
        units_per_prefix[prefix] = units_per_prefix.get(prefix, 0) + 1
        row.unit_id = f"{prefix}-{units_per_prefix[prefix]}"
        placed.append(row)
    return placed


def self_citation(document: DocumentInfo, spec: TableSpec) -> Citation:
    """Given the document and the spec, return the citation its own case stands for.

    The manifest names the document's first author and year; where it has no
    entry for the file (a PDF dropped into raw/ under any name), the paper the
    spec declares for its table does.
    """
    paper = spec.paper
    return Citation(
        author=document.first_author or (paper.first_author if paper else NOT_REPORTED),
        et_al=True,
        ref_number=NOT_APPLICABLE,
        year=document.year or (paper.year if paper else None),
    )


def parse_key(cell: SourceCell, spec: TableSpec) -> object:
    """Given a key cell, return its parsed value."""
    try:
        return spec.rows.key_parse(cell.text)
    except ValueError as err:
        raise InputError(f"column {cell.path!r}: {err}", line=cell.line, value=cell.text) from err


def row_fields(row: RowContext, document: DocumentInfo) -> dict[str, object]:
    """Given a placed row, return the values of the engine's row fields (``@source_row`` …)."""
    return {
        "@document": document.document,
        "@source_row": row.source_row,
        "@source_line": min(cell.line for cell in row.cells.values()),
        "@unit_id": row.unit_id,
        "@observation_number": row.observation_number,
        "@is_self": row.is_self,
    }


@lru_cache(maxsize=1 << 16)
def parsed_text(parse: Callable[[str], object], text: str) -> object:
    """Given a parser and a cell's text, return what it parses to (raises ValueError as the parser does).

    Parsers are pure, so a text is parsed once per parser across the tables
    and documents of a process (a corpus batch repeats "NS", "APR", "No" in
    every document); the bound keeps a long run's memory flat.
    """
    return parse(text)


def text_value(column: Column, text: str, missing_codes: Mapping[str, Missing]) -> object:
    """Given an output column, a cell's text and the column's missing-value codes, return its value (a Missing for none)."""
    if text in missing_codes:
        return missing_codes[text]
    if not text:
        return Missing("blank")
    if column.parse is None:
        return text
    return pick(parsed_text(column.parse, text), column.part)


def output_rows(output: Output, placed: list[RowContext]) -> list[RowContext]:
    """Given an output and the placed rows, return the rows at the output's grain."""
    return [row for row in placed if output.grain == "observation" or not row.is_repeat]


def build_output(output: Output, placed: list[RowContext], spec: TableSpec, document: DocumentInfo) -> tuple[list[dict], list[tuple]]:
    """Given an output and the placed rows, return its records and the lineage of its values (LINEAGE_RECORD tuples).

    What a column makes of a text is looked up once per distinct text
    (``values``), so the loop over cells only fetches it and notes the lineage.
    """
    records, lineage = [], []
    key = spec.rows.key
    columns = [(column, column.source == key, {**spec.missing_codes, **column.missing}, {}) for column in output.columns]
    needs_fields = any(column.source.startswith("@") for column in output.columns)
    for row in output_rows(output, placed):
        fields = row_fields(row, document) if needs_fields else {}
        record = {}
        for column, is_key, missing_codes, values in columns:
            if column.source in fields:
                record[column.name] = fields[column.source]
                continue
            cell = row.key_cell if is_key else row.cells[column.source]
            if is_key and row.is_self:
                value = pick(self_citation(document, spec), column.part)
            elif cell.text in values:
                value = values[cell.text]
            else:
                try:
                    value = values[cell.text] = text_value(column, cell.text, missing_codes)
                except ValueError as err:
                    raise InputError(f"column {cell.path!r} → {column.name}: {err}", line=cell.line, value=cell.text) from err
            missing = isinstance(value, Missing)
            record[column.name] = pd.NA if missing else value
            lineage.append((output.name, document.document, row.source_row, column.name, cell.path, cell.printed or cell.text, cell.line,
                            value.reason if missing else None, cell.repair, cell.note))
        records.append(record)
    return records, lineage


def typed_frame(records: list[dict], output: Output) -> pd.DataFrame:
    """Given records, return a frame with the output schema's column order and dtypes."""
    schema = output.schema.to_schema()
    return with_na_strings(schema.coerce_dtype(pd.DataFrame(records, columns=list(schema.columns))))


def normalize_table(
    cells: pd.DataFrame, spec: TableSpec, document: DocumentInfo, legend: Mapping[str, str], table_id: str, legend_text: str = ""
) -> Normalized:
    """Given one table's cells and its spec (and for a summary table the text under it), return its typed outputs, lineage and findings."""
    if spec.kind in kinds.LONG_KINDS:
        return normalize_summary(cells_to_rows(cells), spec, document, legend, table_id, legend_text)
    return normalize_rows(cells_to_rows(cells), spec, document, legend, table_id)


def normalize_summary(
    rows: list[dict[str, SourceCell]], spec: TableSpec, document: DocumentInfo, legend: Mapping[str, str], table_id: str, legend_text: str = ""
) -> Normalized:
    """Given a summary table's body rows, its spec and the text under it, return its long form with the spec's variable names, lineage and findings.

    The text under the table gives its markers' footnotes and its "Values are …" statement, as in auto mode.

    A printed variable the spec does not name keeps its printed name and is a finding.
    The legend's codes are missing values here, not abbreviations to check: "HR" or "CI" need no entry.
    """
    if not rows:
        raise InputError("table has no body rows", table=table_id)
    paths = list(rows[0])
    grid_rows = [[Cell(row[path].text, row[path].line, row[path].repair, row[path].indent) for path in paths] for row in rows]
    [output] = spec.outputs
    table = auto.summary_table(grid_rows, paths, legend, legend_text, document.document, table_id, spec.kind, spec.missing_codes)
    records = table.frame.to_dict("records")
    findings = list(table.findings)
    for variable in dict.fromkeys(record["variable"] for record in records):
        if variable not in spec.variables:
            line = next(record["source_line"] for record in records if record["variable"] == variable)
            findings.append({"document": document.document, "table_id": table_id, "kind": "variable_not_declared", "column": paths[0],
                             "value": variable, "line": line, "detail": f"spec {spec.name} names no variable {variable!r}; kept as printed"})
    for record in records:
        record["variable"] = spec.variables.get(record["variable"], record["variable"])
    lineage = [(output.name, *(entry[field] for field in LINEAGE_RECORD[1:])) for entry in table.lineage]
    return Normalized(outputs={output.name: records}, lineage=lineage, findings=findings)


def normalize_rows(
    rows: list[dict[str, SourceCell]], spec: TableSpec, document: DocumentInfo, legend: Mapping[str, str], table_id: str
) -> Normalized:
    """Given one table's body rows and its spec, return its typed outputs, lineage and findings."""
    if not rows:
        raise InputError("table has no body rows", table=table_id)
    check_sources(spec, set(rows[0]))
    rows = apply_cell_repairs(rows, spec)
    placed = place_rows(rows, spec, document)
    result = Normalized(findings=legend_gaps(rows, legend, table_id, document))
    for output in spec.outputs:
        records, lineage = build_output(output, placed, spec, document)
        result.outputs[output.name] = records
        result.lineage.extend(lineage)
        result.findings.extend(check_percentages(output, output_rows(output, placed), records, document, table_id))
    result.findings.extend(repair_findings(rows, spec, document, table_id))
    return result


def frames(results: list[Normalized], outputs: Mapping[str, Output]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Given the results of many tables, return each output typed once, the lineage and the findings."""
    typed = {
        name: typed_frame([record for result in results for record in result.outputs.get(name, [])], output)
        for name, output in outputs.items()
        if any(name in result.outputs for result in results)
    }
    lineage = [record for result in results for record in result.lineage]
    findings = [record for result in results for record in result.findings]
    return (
        typed,
        pd.DataFrame.from_records(lineage, columns=LINEAGE_RECORD).reindex(columns=list(LINEAGE_DTYPES)).astype(LINEAGE_DTYPES),
        pd.DataFrame(findings, columns=list(FINDING_DTYPES)).astype(FINDING_DTYPES),
    )


def with_positions(lineage: pd.DataFrame, positions: pd.DataFrame) -> pd.DataFrame:
    """Given the lineage and the PDF line positions, return the lineage with each value's page and box (null for text files),
    and how a PDF cell's line breaks were read where normalize left no note."""
    boxes = positions[["document", "line", *PAGE_BOX, "note"]].rename(columns={"note": "read_note"})
    located = lineage[[column for column in lineage.columns if column not in PAGE_BOX]].merge(boxes, on=["document", "line"], how="left")
    # A PDF cell's note says how its wrapped lines were joined, unless normalize has a note of its own for the value.
    located["note"] = located["note"].astype("string").fillna(located["read_note"].astype("string"))
    return located[list(LINEAGE_DTYPES)].astype(LINEAGE_DTYPES)


PAGE_BOX = ("page", "x0", "top", "x1", "bottom")
# A value's lineage as normalize records it, as tuples: a third of a dict's memory, and framed faster.
LINEAGE_RECORD = ("output", "document", "source_row", "column", "table_column", "raw_text", "line", "missing_reason", "repair", "note")
LINEAGE_DTYPES = {
    "output": "string",
    "document": "string",
    "source_row": "Int64",
    "column": "string",
    "table_column": "string",
    "raw_text": "string",
    "line": "Int64",
    "missing_reason": "string",
    "repair": "string",
    "note": "string",
    "page": "Int64",
    "x0": "Float64",
    "top": "Float64",
    "x1": "Float64",
    "bottom": "Float64",
}
FINDING_DTYPES = {
    "document": "string",
    "table_id": "string",
    "kind": "string",
    "column": "string",
    "value": "string",
    "line": "Int64",
    "detail": "string",
}

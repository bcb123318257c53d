"""Describe the dataset from its Pandera schemas: a data dictionary and a Frictionless Data Package.

Both are generated, never hand-written, so they cannot drift from the
schemas the tables were validated with. The Data Package descriptor
(https://specs.frictionlessdata.io/data-package/) lets tools outside pandas
read the Parquet files with their types, keys and constraints.

A table read in auto mode has no schema: it is described from its own file,
its types being the ones auto mode inferred, each column with the header path
it came from, and marked unreviewed wherever it appears.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
import pyarrow as pa

from pipeline import auto, kinds
from pipeline.values import Missing
from schemas.statistics import SummaryStatistics

# Pandera dtype names → Table Schema field types.
FIELD_TYPES = {"string": "string", "Int64": "integer", "Float64": "number", "boolean": "boolean", "object": "array"}
# Pandera built-in checks → Table Schema constraints, with the statistic each one reads.
CONSTRAINTS = {
    "isin": ("enum", "allowed_values"),
    "greater_than_or_equal_to": ("minimum", "min_value"),
    "less_than_or_equal_to": ("maximum", "max_value"),
    "str_matches": ("pattern", "pattern"),
}


@dataclass(frozen=True)
class FieldInfo:
    """One column as the schema declares it (or, for an auto-mode table, as its file and auto mode describe it)."""

    name: str
    type: str
    required: bool
    unit: str
    description: str
    constraints: dict
    header_path: str = ""  # auto mode only: the printed header the column came from
    inferred_type: str = ""  # auto mode only: the value type inferred from the column's cells


@dataclass(frozen=True)
class TableInfo:
    """What the catalog needs of one table: its columns, its key and the declarations around it.

    The file of a table named ``name`` is ``<name>.parquet`` in the output folder.
    """

    name: str
    description: str
    columns: tuple[FieldInfo, ...]
    key: tuple[str, ...] = ()
    grain: str = ""
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unreviewed: bool = False  # read in auto mode: types inferred, no schema a person wrote
    kind: str = ""  # auto mode only: the table kind read (case_series, characteristics, association)


def field_type(dtype: object) -> str:
    """Given a Pandera dtype, return its Table Schema type (any string flavour is "string")."""
    name = str(dtype)
    return "string" if name.startswith("string") else FIELD_TYPES.get(name, "any")


def schema_fields(schema: type) -> list[FieldInfo]:
    """Given a Pandera model, return its columns with type, unit, description and constraints."""
    fields = []
    for name, column in schema.to_schema().columns.items():
        constraints: dict = {"required": not column.nullable}
        for check in column.checks:
            if check.name in CONSTRAINTS:
                key, statistic = CONSTRAINTS[check.name]
                constraints[key] = check.statistics[statistic]
        if column.unique:
            constraints["unique"] = True
        fields.append(
            FieldInfo(
                name=name,
                type=field_type(column.dtype),
                required=not column.nullable,
                unit=str((column.metadata or {}).get("unit", "")),
                description=column.description or "",
                constraints=constraints,
            )
        )
    return fields


def primary_key(schema: type) -> list[str]:
    """Given a Pandera model, return the columns that identify a row (its unique combination or unique column)."""
    compiled = schema.to_schema()
    if compiled.unique:
        return list(compiled.unique)
    return [name for name, column in compiled.columns.items() if column.unique][:1]


def schema_table(name: str, schema: type, description: str, grain: str = "", references: Mapping[str, tuple[str, ...]] | None = None) -> TableInfo:
    """Given a table's Pandera model and what its spec declares around it, return the table as the catalog describes it."""
    return TableInfo(name, description, tuple(schema_fields(schema)), tuple(primary_key(schema)), grain, dict(references or {}))


def auto_table(name: str, schema: pa.Schema) -> TableInfo:
    """Given an auto-mode table's name and its file's Arrow schema, return the table as the catalog describes it.

    The types are the file's own, which are the ones auto mode inferred; the
    value type and header path of each column come from the file's metadata.
    """
    metadata = {key.decode(): value.decode() for key, value in (schema.metadata or {}).items()}
    kind = metadata.get("kind", kinds.CASE_SERIES)
    if kind in kinds.LONG_KINDS:
        return TableInfo(name, metadata.get("description", ""), tuple(schema_fields(SummaryStatistics)), tuple(primary_key(SummaryStatistics)), "observation", unreviewed=True, kind=kind)
    inferred = auto.inferred_columns(metadata)
    dtypes = schema.empty_table().to_pandas().dtypes
    columns = tuple(auto_field(column, dtypes[column], inferred.get(column, auto.Inferred("", ""))) for column in schema.names)
    return TableInfo(name, metadata.get("description", ""), columns, auto.ROW_KEY, unreviewed=True, kind=kind)


def auto_field(name: str, dtype: object, inferred: auto.Inferred) -> FieldInfo:
    """Given an auto-mode column's name, dtype and what auto mode inferred of it, return it as a field.

    The row fields are always filled; a column read from the table may be
    missing in any row, since no person has said otherwise.
    """
    if name in auto.ROW_FIELDS:
        return FieldInfo(name, field_type(dtype), True, "", auto.ROW_FIELDS[name], {"required": True})
    description = f"Printed under “{inferred.header_path}”; value type {inferred.value_type}, inferred by auto mode"
    return FieldInfo(name, field_type(dtype), False, "", description, {"required": False}, inferred.header_path, inferred.value_type)


def foreign_keys(table: TableInfo, present: set[str]) -> list[dict]:
    """Given a table and the tables present, return its foreign keys: declared references, and document → documents."""
    keys = [
        {"fields": list(columns), "reference": {"resource": target, "fields": list(columns)}}
        for target, columns in table.references.items()
        if target in present
    ]
    if table.name != "documents" and "documents" in present and any(column.name == "document" for column in table.columns):
        keys.append({"fields": ["document"], "reference": {"resource": "documents", "fields": ["document"]}})
    return keys


def code_meanings(codes: pd.DataFrame) -> dict[str, str]:
    """Given the legend codes of the run, return each code's meaning (the first printed, where papers differ)."""
    meanings: dict[str, str] = {}
    for code, meaning in zip(codes["code"], codes["meaning"]):
        meanings.setdefault(str(code), str(meaning))
    return meanings


def missing_codes(missing: Mapping[str, Missing]) -> dict[str, str]:
    """Given the specs' missing-value codes, return each printed code's missing reason."""
    return {code: reason.reason for code, reason in sorted(missing.items())}


def sha256(path: Path) -> str:
    """Given a file, return the hex SHA-256 of its bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_package(tables: Sequence[TableInfo], out: Path, missing: Mapping[str, Missing], reasons: Sequence[str]) -> dict:
    """Given the tables written to ``out``, return the Frictionless Data Package descriptor of the dataset.

    Values are real Parquet nulls, so ``missingValues`` is the empty string
    only; why a value is missing is in ``cell_lineage.missing_reason``, and the
    printed codes that map to each reason are listed under ``x-missingReasons``.
    """
    present = {table.name for table in tables if (out / f"{table.name}.parquet").exists()}
    resources = []
    for table in sorted(tables, key=listed_order):
        if table.name not in present:
            continue
        path = out / f"{table.name}.parquet"
        schema: dict = {
            "fields": [
                {
                    "name": column.name,
                    "type": column.type,
                    "description": column.description,
                    **({"unit": column.unit} if column.unit else {}),
                    "constraints": column.constraints,
                    **({"x-headerPath": column.header_path} if column.header_path else {}),
                    **({"x-inferredType": column.inferred_type} if column.inferred_type else {}),
                }
                for column in table.columns
            ],
            "missingValues": [""],
        }
        if table.key:
            schema["primaryKey"] = list(table.key)
        keys = foreign_keys(table, present)
        if keys:
            schema["foreignKeys"] = keys
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "bytes": path.stat().st_size,
                "hash": f"sha256:{sha256(path)}",
                "description": table.description,
                **({"x-grain": table.grain} if table.grain else {}),
                **({"x-unreviewed": True} if table.unreviewed else {}),
                **({"x-kind": table.kind} if table.kind else {}),
                "schema": schema,
            }
        )
    return {
        "name": "clinical-tables",
        "title": "Tables of clinical case reports and reviews, normalized",
        "description": "Tidy, typed, validated tables extracted from the documents in raw/, with the lineage of every value.",
        "profile": "data-package",
        "x-missingReasons": {"reasons": list(reasons), "printedCodes": missing_codes(missing), "lineage": "cell_lineage.missing_reason"},
        "resources": resources,
    }


def listed_order(table: TableInfo) -> tuple[bool, str]:
    """Given a table, return where it is listed: the reviewed tables by name, then the ones read in auto mode."""
    return table.unreviewed, table.name


def markdown_cell(value: object) -> str:
    """Given a value, return it safe inside a Markdown table cell."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def constraint_text(column: FieldInfo, meanings: Mapping[str, str]) -> str:
    """Given a column and the legend's code meanings, return its constraints in words."""
    parts = []
    if "enum" in column.constraints:
        values = [f"`{value}`" + (f" ({meanings[value]})" if value in meanings else "") for value in column.constraints["enum"]]
        parts.append("one of " + ", ".join(values))
    if "minimum" in column.constraints:
        parts.append(f"≥ {column.constraints['minimum']}")
    if "maximum" in column.constraints:
        parts.append(f"≤ {column.constraints['maximum']}")
    if "pattern" in column.constraints:
        parts.append(f"matches `{column.constraints['pattern']}`")
    if column.constraints.get("unique"):
        parts.append("unique")
    return "; ".join(parts)


def data_dictionary(tables: Sequence[TableInfo], codes: pd.DataFrame, missing: Mapping[str, Missing], reasons: Sequence[str]) -> str:
    """Given the tables and the legend codes of the run, return the data dictionary as Markdown."""
    meanings = code_meanings(codes)
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Pandera schemas in `schemas/` (a table read in auto mode, from its file) by `python -m pipeline report`; do not edit.",
        "Every table is a Parquet file in this folder; load one with `pandas.read_parquet(path)`.",
        "",
        "## Missing values",
        "",
        "A missing value is a null. Why it is missing is in `cell_lineage.missing_reason`: "
        + ", ".join(f"`{reason}`" for reason in reasons)
        + ". Codes printed in the papers map to reasons as follows: "
        + ", ".join(f"`{code}` → `{reason}`" for code, reason in missing_codes(missing).items())
        + ".",
        "",
    ]
    for table in sorted(tables, key=listed_order):
        lines += [f"## `{table.name}`" + (" (unreviewed, inferred types)" if table.unreviewed else ""), "", table.description, ""]
        if table.kind:
            lines.append(f"- Kind: {table.kind} ({kinds.KINDS[table.kind]})")
        if table.unreviewed:
            lines.append("- To curate it: `python -m pipeline spec draft <document> --table N` drafts a spec from what auto mode read")
        if table.grain:
            lines.append(f"- Grain: one row per {'observation unit' if table.grain == 'unit' else 'observation'}")
        if table.key:
            lines.append(f"- Primary key: {', '.join(f'`{column}`' for column in table.key)}")
        for target, columns in table.references.items():
            lines.append(f"- References `{target}` on {', '.join(f'`{column}`' for column in columns)}")
        lines += ["", "| column | type | unit | required | constraints | description |", "|---|---|---|---|---|---|"]
        for column in table.columns:
            lines.append(
                "| "
                + " | ".join(
                    markdown_cell(value)
                    for value in (
                        f"`{column.name}`",
                        column.type,
                        column.unit,
                        "yes" if column.required else "no",
                        constraint_text(column, meanings),
                        column.description,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)

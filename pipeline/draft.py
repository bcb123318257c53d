"""``spec draft``: write a table spec module prefilled from auto mode, for a person to finish.

The draft is the curated format itself (``pipeline/spec.py``): a Pandera
model and a ``TableSpec`` with one ``Column`` per value part, the inferred
parser of each column (``values.code`` where a column holds only legend
codes), the legend's missing codes, whether blank first cells continue the
row above, and every row rule spelled out with its default; where a few key
cells keep the key column from a sharper type, a TODO names them as
candidate repairs or row markers. Saved under ``pipeline/tables/`` it claims
the table from the next run on; names, grain and semantics are the person's
to edit (each is marked TODO).

Every string that comes from the document (its id, the caption, header
labels, legend codes and meanings) is written as a Python literal by
``repr``, never pasted into the source, so no caption can break out of its
string (issue 19): the drafted module imports, and its strings are the
document's. Names built from the document are made identifiers.
"""

from __future__ import annotations

import keyword
import re

import regex

from pipeline import auto, values
from pipeline.grid import Grid
from pipeline.captions import table_id
from pipeline.headers import PATH_SEPARATOR

PANDERA_DTYPES = {"Int64": "pd.Int64Dtype", "Float64": "pd.Float64Dtype", "boolean": "pd.BooleanDtype", "string": "pd.StringDtype"}


def class_name(name: str) -> str:
    """Given a snake_case spec name, return a CamelCase model name ("hane2020_table1" → "Hane2020Table1"; "Table" first if it starts with a digit)."""
    model = "".join(part[:1].upper() + part[1:] for part in regex.split(r"[^\p{L}\p{N}]+", name) if part)
    return model if model.isidentifier() else f"Table{model}"


def field_name(name: str) -> str:
    """Given an auto-mode column name, return it as a model attribute: "5_fu" → "column_5_fu", "class" → "class_"."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name}_"
    return name if name.isidentifier() else f"column_{name}"


def header_labels(paths: tuple[str, ...]) -> list[str]:
    """Given column paths, return the distinct top-level labels a spec matches the table by (unnamed columns left out)."""
    labels: list[str] = []
    for path in paths:
        label = path.split(PATH_SEPARATOR)[0]
        if not label.startswith("(column ") and label not in labels:
            labels.append(label)
    return labels


def key_hint(grid: Grid, table: auto.AutoTable) -> str:
    """Given a table's grid and auto reading, return the TODO over its row rules.

    When a few key cells alone keep the key column from a sharper type (a
    misprinted citation, "Our case", "Recurrence"), the TODO names them: each
    is a repair or a row marker for the person to declare.
    """
    texts = [auto.split_marker(values.clean(row[0].text))[0] for row in grid.rows]
    present = [text for text in texts if text and text not in table.missing]
    closest, unread = auto.closest_type(present)
    if not unread or 2 * len(unread) > len(present):
        return "# TODO: a key cell marking a repeated observation (repeat_marker) or the document's own case (self_marker)?"
    listed = ", ".join(repr(text) for text in dict.fromkeys(unread))
    return (
        f"# TODO: {closest.source} reads every key cell but {listed}:\n"
        "    # repair a misprint (cell_repairs), or mark a repeated observation (repeat_marker) or the document's\n"
        f"    # own case (self_marker); then use key_parse={closest.source}."
    )


def parser_source(column: str, table: auto.AutoTable) -> str:
    """Given a column of an auto reading, return how the spec names its parser.

    A text column holding only codes the legend defines gets ``values.code``
    with those codes and their meanings, so a value outside them is an error.
    """
    value_type = auto.TYPES_BY_NAME[table.types[column]]
    used = set(table.frame[column].dropna()) if value_type.name == "text" else set()
    if not used or not used <= table.legend.keys():
        return value_type.source
    return f"values.code({ {code: meaning for code, meaning in table.legend.items() if code in used}!r})"


def draft_spec(document: str, table_number: int | str, caption: str, grid: Grid, table: auto.AutoTable) -> str:
    """Given a table's number or label ("1", "S1", "6.7"), caption, grid and auto-mode reading, return a spec module's source."""
    name = f"{document}_table{table_id(str(table_number)).removeprefix('table_')}"
    model = class_name(name)
    names, continuation = table.names, table.continuation
    fields, columns = [], []
    for column, path in zip(names, grid.paths):
        value_type, parser = auto.TYPES_BY_NAME[table.types[column]], parser_source(column, table)
        for suffix, dtype, part in value_type.fields:
            output = field_name(f"{column}__{suffix}" if suffix else column)
            fields.append(f'    {output}: Series[{PANDERA_DTYPES[dtype]}] = pa.Field(nullable=True, description={path!r})  # TODO: describe; required?')
            part_text = "" if part is None else f", {part!r}"
            columns.append(f"                Column({output!r}, {path!r}, {parser}{part_text}),")
    missing_lines = "".join(f"        {code!r}: Missing({reason.reason!r}),\n" for code, reason in sorted(table.missing.items()))
    return f'''{f"{document}, Table {table_number}: {caption}"!r}
# Drafted by `python -m pipeline spec draft {document!r} --table {table_number}` from auto mode.
# TODO: check each column's parser and name, the grain, and the row rules; then
# save this file in pipeline/tables/, named as SPEC.name is ({name!r}) with ".py".

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline import values
from pipeline.spec import Column, Output, Rows, TableSpec
from pipeline.values import Missing


class {model}(pa.DataFrameModel):
    """TODO: one row per ..."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Body row of the source table")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Document line where that row starts")
{chr(10).join(fields)}

    class Config:
        strict = True
        coerce = True
        ordered = True


SPEC = TableSpec(
    name={name!r},
    caption={re.escape(caption)!r},
    headers={tuple(header_labels(grid.paths))!r},
    {key_hint(grid, table)}
    rows=Rows(
        key={grid.paths[0]!r},
        key_parse={auto.TYPES_BY_NAME[table.types[names[0]]].source},
        continuation={continuation},
        repeat_marker=None,
        self_marker=None,
        id_parts=(),  # TODO: attributes of the parsed key naming a unit, e.g. ("author", "year") of a citation
    ),
    missing_codes={{
{missing_lines}    }},
    cell_repairs=(),  # TODO: a pipeline.spec.CellRepair(id, source, find, replace, reason) per misprinted cell
    outputs=(
        Output(
            name={name!r},
            grain="unit",  # TODO: "observation" when a unit spans several rows
            description={caption!r},  # TODO: "One row per ..."
            schema={model},
            columns=(
                Column("document", "@document"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
{chr(10).join(columns)}
            ),
        ),
    ),
)
'''

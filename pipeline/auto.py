"""Auto mode: a table no spec claims still comes out typed, from its own header and legend.

Generic normalization of a parsed grid, with no knowledge of the paper:
header paths become snake_case names (``primary_tumor__surgery``), a blank
first cell under an identifier column is filled down, footnote markers are
split off and linked to their footnote, the legend's own missing-value codes
(and a lone dash) become missing values with their reason, and each column
takes the most specific value type of ``GENERIC_TYPES`` that reads every one
of its other cells. The result is flagged unreviewed; ``spec draft`` turns it
into a curated spec.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import pandas as pd
import regex

from pipeline import kinds, values
from pipeline.frames import columns_to_frame
from pipeline.grid import Cell, Grid
from pipeline.kinds.frame import records_to_frame
from pipeline.kinds.rows import is_blank_row
from pipeline.kinds.summary import grid_to_long, letter_footnotes
from pipeline.headers import PATH_SEPARATOR
from pipeline.legend import ENTRY_VERB, text_to_codes
from pipeline.spec import Part, pick
from pipeline.values import Missing

# Printed words of a legend meaning → missing reason.
MISSING_MEANINGS = {
    "not specified": "not_specified",
    "not available": "not_available",
    "not applicable": "not_applicable",
    "not reported": "not_reported",
    "not done": "not_reported",
    "unknown": "not_reported",
    "not reached": "not_reached",  # a median survival the follow-up did not reach: no number exists yet
    "not estimable": "not_estimable",
    "not evaluable": "not_estimable",
    "not calculable": "not_estimable",
}
# A code's entry as clinical papers print abbreviations under a table, not "Code: meaning" alone: "NR, not reached",
# "NE = not estimable", "NA denotes not available". Only meanings that say a value is missing are looked for.
_MISSING_ENTRY = regex.compile(
    rf"(?<![\w/.-])(?P<code>\p{{Lu}}[\p{{L}}/.]{{0,4}}|[\u2013\u2014-]|\.\.)\s*(?:[,=:]|{ENTRY_VERB})\s*"
    rf"(?P<meaning>(?i:{'|'.join(MISSING_MEANINGS)}))\b"
)
# A lone dash is the usual "nothing to report here"; a hyphen alone is a negative finding (+/-), not missing.
DASH_MISSING = {"\u2013": Missing("not_applicable"), "\u2014": Missing("not_applicable")}
FOOTNOTE_MARKER = regex.compile(r"(?<=\S)\s*(?P<marker>[\u1d43-\u1d5b\u02b0-\u02b8\u2020\u2021\u00a7\u00b6*]+)$")
FOOTNOTE_TEXT = regex.compile(r"(?:^|(?<=[.;]\s))(?P<marker>[\u1d43-\u1d5b\u02b0-\u02b8\u2020\u2021\u00a7\u00b6*]+)\s*(?P<text>[^;]+?)(?=\s*(?:;|$|[\u1d43-\u1d5b\u2020\u2021\u00a7\u00b6*]))")


@dataclass(frozen=True)
class ValueType:
    """A generic value type: its parser, how a spec names that parser, and the columns its value spreads into.

    Each field is (name suffix, dtype, part): the part picks from the parsed
    value as a spec ``Column``'s part does (``spec.pick``). ``max_words`` is
    the most whitespace-separated words a text the parser reads can have
    ("55.5 ( 34 to 81 )" is six), None where a name or label makes it any
    number: the stream reader tries a longer span against the unbounded
    types alone (``tests/test_auto.py`` checks each bound against its parser).
    """

    name: str
    parse: Callable[[str], object]
    source: str
    fields: tuple[tuple[str, str, Part], ...]
    max_words: int | None = None


def _one(dtype: str) -> tuple[tuple[str, str, None], ...]:
    return (("", dtype, None),)


# Most specific first: a column takes the first type that reads all its cells.
GENERIC_TYPES: tuple[ValueType, ...] = (
    ValueType("yes_no", values.yes_no, "values.yes_no", _one("boolean"), max_words=1),
    ValueType("plus_minus", values.plus_minus, "values.plus_minus", _one("boolean"), max_words=1),
    ValueType("integer", values.integer, "values.integer", _one("Int64"), max_words=1),
    ValueType("decimal", values.decimal, "values.decimal", _one("Float64"), max_words=1),
    ValueType("percent", values.percent, "values.percent", (("value", "Float64", "value"), ("qualifier", "string", "qualifier")), max_words=3),
    ValueType("count_percent", values.count_percent, "values.count_percent", (("count", "Int64", 0), ("percent", "Float64", 1)), max_words=3),
    ValueType("mean_sd", values.mean_sd, "values.mean_sd", (("mean", "Float64", "mean"), ("sd", "Float64", "sd")), max_words=3),
    ValueType(
        "median_spread",
        values.median_spread,
        "values.median_spread",
        (("median", "Float64", "median"), ("low", "Float64", "low"), ("high", "Float64", "high"), ("spread", "string", "spread")),
        max_words=6,
    ),
    ValueType("p_value", values.p_value, "values.p_value", (("value", "Float64", "value"), ("qualifier", "string", "qualifier")), max_words=3),
    ValueType("range", values.value_range, "values.value_range", (("low", "Float64", "low"), ("high", "Float64", "high")), max_words=3),
    ValueType("duration", values.duration_months(), "values.duration_months()", (("months", "Float64", None),), max_words=2),
    ValueType("labelled_integer", values.labelled_integer, "values.labelled_integer", _one("Int64"), max_words=2),
    ValueType(
        "percent_with_grade",
        values.flat(values.percent_with_grade),
        "values.flat(values.percent_with_grade)",
        (("percent", "Float64", 0), ("qualifier", "string", 1), ("grade", "string", 2)),
        max_words=4,
    ),
    ValueType(
        "label_with_percent",
        values.flat(values.parenthesised(values.text, values.percent)),
        "values.flat(values.parenthesised(values.text, values.percent))",
        (("label", "string", 0), ("percent", "Float64", 1), ("qualifier", "string", 2)),
    ),
    ValueType("age_sex", values.age_sex, "values.age_sex", (("age", "Int64", 0), ("sex", "string", 1)), max_words=3),
    ValueType(
        "citation",
        values.citation,
        "values.citation",
        (("author", "string", "author"), ("ref_number", "Int64", "ref_number"), ("year", "Int64", "year")),
    ),
    ValueType("text", values.text, "values.text", _one("string")),
)
TYPES_BY_NAME = {value_type.name: value_type for value_type in GENERIC_TYPES}


def snake_case(path: str) -> str:
    """Given a header path "Primary tumor / Surgery", return "primary_tumor__surgery"; a level printing only "%" is "percent"."""
    levels = [regex.sub(r"[^\p{L}\p{N}]+", "_", level.casefold()).strip("_") or ("percent" if "%" in level else "")
              for level in path.split(PATH_SEPARATOR)]
    return "__".join(level for level in levels if level) or "column"


def column_names(paths: Sequence[str]) -> list[str]:
    """Given header paths, return unique snake_case names (a repeat gets _2, _3)."""
    names: list[str] = []
    for path in paths:
        name, number = snake_case(path), 2
        while name in names or name in ROW_FIELDS:
            name, number = f"{snake_case(path)}_{number}", number + 1
        names.append(name)
    return names


def missing_codes(legend: Mapping[str, str], legend_text: str = "") -> dict[str, Missing]:
    """Given the table's legend (and the text under it), return the codes that mean a missing value: its own ("NS: Not
    specified", "NR, not reached" in a list of abbreviations) and a lone dash."""
    found = dict(DASH_MISSING)
    for match in _MISSING_ENTRY.finditer(legend_text or ""):
        found[match["code"]] = Missing(MISSING_MEANINGS[match["meaning"].casefold()])
    for code, meaning in legend.items():
        reason = MISSING_MEANINGS.get(values.clean(meaning).casefold().rstrip("."))
        if reason:
            found[code] = Missing(reason)
    return found


def footnotes(legend_text: str) -> dict[str, str]:
    """Given the text under a table, return each footnote marker's text ("ᵃ Patients over 80" → {"ᵃ": ...})."""
    return {match["marker"]: match["text"].strip() for match in FOOTNOTE_TEXT.finditer(legend_text or "")}


def split_marker(text: str) -> tuple[str, str | None]:
    """Given a cell's text, return it without a trailing footnote marker, and the marker."""
    match = FOOTNOTE_MARKER.search(text)
    return (text[: match.start()].rstrip(), match["marker"]) if match else (text, None)


def reads(value_type: ValueType, text: str) -> bool:
    """Given a value type and a cell's text, return whether the type's parser reads it."""
    try:
        value_type.parse(text)
    except ValueError:
        return False
    return True


def infer_type(texts: Sequence[str]) -> ValueType:
    """Given a column's present (non-missing) cell texts, return the most specific type that reads all of them."""
    return next((value_type for value_type in GENERIC_TYPES if all(reads(value_type, text) for text in texts)), TYPES_BY_NAME["text"])


def closest_type(texts: Sequence[str]) -> tuple[ValueType, list[str]]:
    """Given a column's present cell texts, return the type other than text that reads most of them, and those it does not read.

    On a tie the more specific type wins. A column typed as text only because
    of a few cells (a misprint, a row marker) shows here what it could be.
    """
    unread = {value_type.name: [text for text in texts if not reads(value_type, text)] for value_type in GENERIC_TYPES if value_type.name != "text"}
    closest = min(unread, key=lambda name: len(unread[name]))
    return TYPES_BY_NAME[closest], unread[closest]


def is_identifier_column(texts: Sequence[str]) -> bool:
    """Given the first column's texts, return whether it names row groups: text in row 1, some blanks below."""
    return bool(texts) and bool(texts[0]) and any(not text for text in texts[1:]) and infer_type([t for t in texts if t]).name in ("text", "citation")


# The columns every auto-mode table starts with, and what each holds.
ROW_FIELDS = {
    "document": "Document id (from raw/manifest.csv, else the file stem)",
    "table_id": "Table of the document, e.g. table_1",
    "source_row": "Body row of the printed table, from 1",
    "source_line": "Line of the document the row's first cell is printed on",
}
# One row per printed body row, so these identify a row (and join it to cell_lineage).
ROW_KEY = ("document", "table_id", "source_row")
# The type named for a column of footnote texts split off another column's cells.
FOOTNOTE_TYPE = "footnote"


@dataclass
class AutoTable:
    """A table normalized in auto mode: typed frame, its column types and where each column came from.

    ``types`` names a ``GENERIC_TYPES`` type per column (``FOOTNOTE_TYPE`` for
    footnote columns), ``paths`` the header path each column came from,
    ``legend`` the table's own codes and their meanings.
    """

    frame: pd.DataFrame
    types: dict[str, str]
    paths: dict[str, str]
    lineage: list[dict]
    names: list[str]
    continuation: bool
    missing: dict[str, Missing]
    legend: dict[str, str]
    kind: str = kinds.CASE_SERIES
    findings: list[dict] = field(default_factory=list)


def normalize_table(grid_rows: Sequence[Sequence[Cell]], paths: Sequence[str], legend: Mapping[str, str], legend_text: str,
                    document: str, table_id: str, caption: str = "") -> AutoTable:
    """Given a table's body rows of cells, its header paths and legend, return it typed in auto mode, wide or long as its kind asks.

    Each value's lineage keeps the cell's line and the layout's repair, if one placed it.
    """
    kind = kinds.classify(grid_rows, paths, caption)
    if kind in kinds.LONG_KINDS:
        return summary_table(grid_rows, paths, legend, legend_text, document, table_id, kind, caption=caption)
    return case_series(grid_rows, paths, legend, legend_text, document, table_id)


def summary_table(grid_rows: Sequence[Sequence[Cell]], paths: Sequence[str], legend: Mapping[str, str], legend_text: str,
                  document: str, table_id: str, kind: str, declared: Mapping[str, Missing] | None = None, caption: str = "") -> AutoTable:
    """Given a characteristics or association table's rows, header paths and legend (and a spec's own missing codes and the
    table's caption), return it in long form."""
    names = column_names(paths)
    missing = {**missing_codes(legend, legend_text), **(declared or {})}
    notes = {**letter_footnotes(legend_text), **footnotes(legend_text)}
    long = grid_to_long(grid_rows, paths, names, missing, notes, legend_text, document, table_id, kind == kinds.ASSOCIATION, caption)
    return AutoTable(records_to_frame(long.records), {}, dict(zip(names, paths)), long.lineage, names, False, missing, dict(legend), kind, long.findings)


def case_series(grid_rows: Sequence[Sequence[Cell]], paths: Sequence[str], legend: Mapping[str, str], legend_text: str,
                document: str, table_id: str) -> AutoTable:
    """Given a case series' rows (one per patient or study), header paths and legend, return it wide: one column per header path.

    A row that prints nothing (a spacer) gives no output row and is never filled down.
    """
    names = column_names(paths)
    missing = missing_codes(legend, legend_text)
    notes = footnotes(legend_text)
    printed = [number for number, row in enumerate(grid_rows) if not is_blank_row(row)]
    grid_rows = [grid_rows[number] for number in printed]
    texts = [[values.clean(cell.text) for cell in row] for row in grid_rows]
    filled_down: set[int] = set()
    continuation = is_identifier_column([row[0] for row in texts])
    if continuation:
        for number in range(1, len(texts)):
            if not texts[number][0]:
                texts[number][0] = texts[number - 1][0]
                filled_down.add(number)
    split = [[split_marker(text) for text in row] for row in texts]
    columns: dict[str, list] = {"document": [document] * len(texts), "table_id": [table_id] * len(texts),
                                "source_row": [number + 1 for number in printed], "source_line": [row[0].line for row in grid_rows]}
    dtypes = {"document": "string", "table_id": "string", "source_row": "Int64", "source_line": "Int64"}
    types, origins, lineage = {}, {}, []
    for index, (name, path) in enumerate(zip(names, paths)):
        cells = [row[index][0] for row in split]
        present = [text for text in cells if text and text not in missing]
        value_type = infer_type(present)
        types[name], origins[name] = value_type.name, path
        parsed = [None if not text or text in missing else value_type.parse(text) for text in cells]
        for suffix, dtype, part in value_type.fields:
            column = f"{name}__{suffix}" if suffix else name
            columns[column] = [None if value is None else pick(value, part) for value in parsed]
            dtypes[column] = dtype
            types[column], origins[column] = value_type.name, path
        markers = [row[index][1] for row in split]
        if any(markers):
            columns[f"{name}__footnote"] = [notes.get(marker, marker) if marker else None for marker in markers]
            dtypes[f"{name}__footnote"] = "string"
            types[f"{name}__footnote"], origins[f"{name}__footnote"] = FOOTNOTE_TYPE, path
        for position, (row, text) in enumerate(zip(grid_rows, cells)):
            reason = "blank" if not text else (missing[text].reason if text in missing else None)
            note = "filled down from the row above" if index == 0 and position in filled_down else None
            lineage.append({"document": document, "table_id": table_id, "source_row": printed[position] + 1, "column": name,
                            "table_column": path, "raw_text": row[index].text, "line": row[index].line,
                            "missing_reason": reason, "repair": row[index].repair, "note": note})
    frame = columns_to_frame(columns, dtypes)
    return AutoTable(frame, types, origins, lineage, names, continuation, missing, dict(legend))


def read_table(table: Mapping[str, object], grid: Grid) -> AutoTable:
    """Given a table record from extract and its grid, return it typed in auto mode with its own legend's codes and footnotes.

    The one way into auto mode for the staged run, the corpus path and ``spec draft``.
    """
    legend_text = "" if pd.isna(table["legend"]) else str(table["legend"])
    caption = "" if pd.isna(table.get("caption")) else str(table.get("caption"))
    return normalize_table(grid.rows, grid.paths, dict(text_to_codes(legend_text)), legend_text, str(table["document"]), str(table["table_id"]), caption)


def file_metadata(table: AutoTable) -> dict[str, str]:
    """Given an auto-mode table, return the metadata its Parquet file carries: unreviewed, inferred types, source header paths.

    Only the file's own columns are listed: a source column whose type spreads
    its value over several (``age_sex__age``, ``age_sex__sex``) is not one.
    """
    columns = set(table.frame.columns)
    if table.kind in kinds.LONG_KINDS:
        return {
            "description": f"Unreviewed, read in auto mode as {'an' if table.kind[0] in 'aeiou' else 'a'} {table.kind.replace('_', ' ')} table: "
                           f"{kinds.KINDS[table.kind]}.",
            "unreviewed": "true",
            "kind": table.kind,
            "source_columns": json.dumps(table.paths),
        }
    return {
        "description": "Unreviewed, inferred types: read in auto mode, as no table spec claims this table; column names come from its header.",
        "unreviewed": "true",
        "kind": table.kind,
        "inferred_types": json.dumps({name: kind for name, kind in table.types.items() if name in columns}),
        "header_paths": json.dumps({name: path for name, path in table.paths.items() if name in columns}),
    }


def is_unreviewed(metadata: Mapping[str, str]) -> bool:
    """Given a Parquet file's table metadata, return whether auto mode wrote it (no person has reviewed it)."""
    return metadata.get("unreviewed") == "true"


@dataclass(frozen=True)
class Inferred:
    """What an auto-mode file says of one of its columns: the value type inferred and the header path the column came from."""

    value_type: str
    header_path: str


def inferred_columns(metadata: Mapping[str, str]) -> dict[str, Inferred]:
    """Given an auto-mode file's table metadata, return each column's inferred value type and header path (row fields have none)."""
    types, paths = json.loads(metadata.get("inferred_types", "{}")), json.loads(metadata.get("header_paths", "{}"))
    return {column: Inferred(types.get(column, ""), path) for column, path in paths.items()}

"""Stage 2, parse: rebuild each table's grid of raw cell strings.

Given the table blocks from extract, write ``cells.parquet`` (one row per
body cell: document, table, row, column, header path, text, line),
``parsed_tables.parquet`` (which spec claimed each table, its shape and the
repairs applied) and ``legend_codes.parquet`` into the interim folder.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd
import regex

from pipeline.errors import InputError, SpecError, unexpected
from pipeline.frames import concat
from pipeline.grid import Cell, Grid, Line
from pipeline.layouts import LAYOUTS
from pipeline.legend import text_to_codes
from pipeline.spec import TableSpec
from pipeline.tables import spec_for


# A table record from extract: a row of ``tables.parquet`` or the dict it is made from.
TableRecord = Mapping[str, object]


def table_to_lines(table: TableRecord) -> list[Line]:
    """Given a table record from extract, return its body lines numbered as in the document."""
    return list(enumerate(str(table["body"]).split("\n"), start=int(table["body_first_line"])))


def grid_to_cells(grid: Grid, document: str, table_id: str) -> pd.DataFrame:
    """Given a grid, return its body cells in long form with their provenance."""
    records = [
        {
            "document": document,
            "table_id": table_id,
            "row": row_number,
            "column": column_number,
            "path": grid.paths[column_number],
            "text": cell.text,
            "line": cell.line,
            "repair": cell.repair,
            "indent": cell.indent,
        }
        for row_number, row in enumerate(grid.rows, start=1)
        for column_number, cell in enumerate(row)
    ]
    return pd.DataFrame(records, columns=list(CELL_DTYPES)).astype(CELL_DTYPES)


def cells_to_grid(cells: pd.DataFrame, paths: Sequence[str]) -> Grid:
    """Given one table's cells in long form (as ``grid_to_cells`` wrote them) and its header paths, return its grid."""
    ordered = cells.sort_values(["row", "column"])
    rows = tuple(
        tuple(Cell(text, int(line), None if pd.isna(repair) else repair, int(indent))
              for text, line, repair, indent in zip(row["text"], row["line"], row["repair"], row["indent"]))
        for _, row in ordered.groupby("row", sort=True)
    )
    return Grid(tuple(paths), rows)


def parse_table(table: TableRecord, spec: TableSpec) -> Grid:
    """Given a table record and the spec that claims it, return its grid.

    The layout is the one extract sniffed, not one the spec fixes: the same
    table may arrive as a word-processor export, a PDF text stream or a PDF.
    Every failure is an InputError naming the file and table, so one table
    cannot stop the others.
    """
    file, table_id = str(table["file"]), str(table["table_id"])
    try:
        grid = LAYOUTS[str(table["layout"])](table_to_lines(table), spec.layout_options)
        repeated = sorted({path for path in grid.paths if grid.paths.count(path) > 1})
        if repeated:
            raise SpecError(f"header paths repeat: {repeated}; spec {spec.name} cannot tell those columns apart")
        return grid
    except InputError as err:
        raise err.located(file=file, table=table_id) from err
    except SpecError as err:
        raise InputError(str(err), file=file, table=table_id) from err
    except Exception as err:  # noqa: BLE001 - one table must not stop the others
        raise unexpected(err, file=file, table=table_id) from err


def parsed_record(table: TableRecord, spec: TableSpec | None, grid: Grid | None, error: InputError | None, why_unread: str | None = None) -> dict:
    """Given a table, the spec that claims it (if any) and its grid or parse error, return its parsed-table record.

    Its note says why auto mode could not read it, or what the layout noticed
    while reading it (a displaced cell, a tie between readings).
    """
    return {
        "document": table["document"],
        "file": table["file"],
        "table_id": table["table_id"],
        "spec": spec.name if spec else None,
        "layout": table["layout"],
        "n_rows": len(grid.rows) if grid else None,
        "n_columns": len(grid.paths) if grid else None,
        "paths": list(grid.paths) if grid else [],
        "repairs": list(grid.repairs) if grid else [],
        "error": str(error) if error else None,
        "note": why_unread or (grid.note if grid else None),
    }


def parse_unclaimed(table: TableRecord) -> tuple[Grid | None, str | None]:
    """Given a table no spec claims, return its grid for auto mode, or why auto mode cannot read it.

    Nothing here fails the run: the table is inventoried either way.
    """
    try:
        return LAYOUTS[str(table["layout"])](table_to_lines(table), {}), None
    except (SpecError, InputError) as err:
        return None, f"auto mode cannot read it: {err}"
    except Exception as err:  # noqa: BLE001 - auto mode is best effort; the run goes on
        return None, f"auto mode cannot read it: {unexpected(err)}"


def near_misses(table: TableRecord, specs: Sequence[TableSpec]) -> list[str]:
    """Given a table no spec claims, return why each spec with a matching caption passed it over."""
    return [
        f"caption matches spec {spec.name}, but the header lacks {spec.missing_headers(str(table['body']))}"
        for spec in specs
        if regex.search(spec.caption, str(table["caption"]))
    ]


def unclaimed_notice(table: TableRecord, specs: Sequence[TableSpec], outcome: str = "inventoried, not parsed") -> str:
    """Given a table no spec claims and what became of it, return the notice that names the near misses."""
    why = "; ".join(near_misses(table, specs)) or "no spec's caption matches"
    return f"{table['file']}: {table['table_id']}: no table spec claims it ({why}); {outcome}"


def reading_notice(table: TableRecord, note: str) -> str:
    """Given a table and what its layout noticed reading it, return the notice that says so."""
    return f"{table['file']}: {table['table_id']}: {note}"


def legend_records(table: TableRecord) -> list[dict]:
    """Given a table record, return one record per code of its legend."""
    codes = text_to_codes(str(table["legend"])) if not pd.isna(table["legend"]) else []
    return [
        {
            "document": table["document"],
            "table_id": table["table_id"],
            "code": code,
            "meaning": meaning,
            "line": table["legend_line"],
        }
        for code, meaning in codes
    ]


def legend_to_codes(table: TableRecord) -> pd.DataFrame:
    """Given a table record, return the codes of its legend."""
    return pd.DataFrame(legend_records(table), columns=list(CODE_DTYPES)).astype(CODE_DTYPES)


def parse(tables: pd.DataFrame, specs: Sequence[TableSpec]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[InputError]]:
    """Given extract's table blocks and the specs, return cells, parsed-table records, legend codes and failures."""
    cells, parsed, codes, errors = [], [], [], []
    for _, table in tables.iterrows():
        spec = spec_for(str(table["caption"]), str(table["body"]), tuple(specs))
        if spec is None:
            grid, why = parse_unclaimed(table)
            if grid is not None:
                cells.append(grid_to_cells(grid, str(table["document"]), str(table["table_id"])))
                codes.append(legend_to_codes(table))
            parsed.append(parsed_record(table, None, grid, None, why))
            continue
        try:
            grid = parse_table(table, spec)
        except InputError as err:
            errors.append(err)
            parsed.append(parsed_record(table, spec, None, err))
            continue
        cells.append(grid_to_cells(grid, str(table["document"]), str(table["table_id"])))
        codes.append(legend_to_codes(table))
        parsed.append(parsed_record(table, spec, grid, None))
    return (
        concat(cells, CELL_DTYPES),
        pd.DataFrame(parsed, columns=list(PARSED_DTYPES)).astype(PARSED_DTYPES),
        concat(codes, CODE_DTYPES),
        errors,
    )


CELL_DTYPES = {
    "document": "string",
    "table_id": "string",
    "row": "Int64",
    "column": "Int64",
    "path": "string",
    "text": "string",
    "line": "Int64",
    "repair": "string",
    "indent": "Int64",
}
PARSED_DTYPES = {
    "document": "string",
    "file": "string",
    "table_id": "string",
    "spec": "string",
    "layout": "string",
    "n_rows": "Int64",
    "n_columns": "Int64",
    "paths": "object",
    "repairs": "object",
    "error": "string",
    "note": "string",
}
CODE_DTYPES = {
    "document": "string",
    "table_id": "string",
    "code": "string",
    "meaning": "string",
    "line": "Int64",
}

"""The I/O around auto mode: the tables no spec claims, read, named, persisted, and their lineage and findings framed.

The staged run (``shell``) and the corpus path (``pipeline.corpus.batch``) share these.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import pandas as pd

from pipeline import auto, config, outputs
from pipeline.frames import concat, from_records
from pipeline.layouts import LAYOUT_REPAIRS
from pipeline.stages import normalize, parse, write
from pipeline.stages.normalize_checks import repair_finding


def auto_outcome(table: parse.TableRecord, read: bool, note: str | None) -> str:
    """Given a table no spec claims, whether auto mode read it and its note (why not, or what the reading noticed), return its notice's outcome."""
    if not read:
        return f"{note}; inventoried only"
    return f"read in auto mode as auto/{auto_name(str(table['document']), str(table['table_id']))}" + (f" ({note})" if note else "")


def cells_of(cells: Mapping[tuple[str, str], pd.DataFrame], key: tuple[str, str]) -> pd.DataFrame:
    """Given the cells by (document, table) and a table's key, return its cells.

    A header with no body row under it leaves the table without cells: it
    gets none, and normalize says so (auto mode reads no rows).
    """
    return cells[key] if key in cells else concat([], parse.CELL_DTYPES)


def normalize_unclaimed(parsed: pd.DataFrame, cells: dict[tuple[str, str], pd.DataFrame], tables: pd.DataFrame) -> dict[str, auto.AutoTable]:
    """Given the parsed tables, their cells and extract's table records, return every table no spec claims but the parser could read, typed in auto mode."""
    records = {(str(table["document"]), str(table["table_id"])): table for _, table in tables.iterrows()}
    automatic = {}
    for row in parsed[parsed["spec"].isna() & parsed["n_rows"].notna()].itertuples(index=False):
        key = (str(row.document), str(row.table_id))
        automatic[auto_name(*key)] = auto.read_table(records[key], parse.cells_to_grid(cells_of(cells, key), row.paths))
    return automatic


def auto_name(document: str, table_id: str) -> str:
    """Given a document and table id, return the name of its auto-mode table: "<document>__<table>"."""
    return f"{document}__{table_id}"


def write_auto_table(table: auto.AutoTable, path: Path) -> Path:
    """Given an auto-mode table, write it at ``path`` with the metadata that flags it unreviewed; return the path."""
    return write.write_frame(table.frame, path, table_metadata=auto.file_metadata(table))


def save_auto_tables(automatic: dict[str, auto.AutoTable], out: Path) -> None:
    """Given the auto-mode tables, persist them (with their metadata) and remove stale ones."""
    folder = config.auto_dir(config.interim_dir(out))
    for stale in folder.glob("*.parquet") if folder.exists() else ():
        if stale.stem not in automatic:
            stale.unlink()
    for name, table in automatic.items():
        write_auto_table(table, outputs.inside(out, folder / f"{name}.parquet"))


def auto_lineage(automatic: dict[str, auto.AutoTable]) -> pd.DataFrame:
    """Given the auto-mode tables, return the lineage of their values, output named "auto/<document>__<table>"."""
    records = [
        {**{key: value for key, value in entry.items() if key != "table_id"}, "output": f"auto/{name}"}
        for name, table in automatic.items()
        for entry in table.lineage
    ]
    return pd.DataFrame(records, columns=list(normalize.LINEAGE_DTYPES)).astype(normalize.LINEAGE_DTYPES)


def auto_findings(automatic: dict[str, auto.AutoTable]) -> pd.DataFrame:
    """Given the auto-mode tables, return a finding per value a layout repair placed (the displaced cell), as for a curated table, and their checks' findings."""
    records = [
        repair_finding(entry["document"], entry["table_id"], entry["table_column"], entry["raw_text"], entry["line"],
                                 entry["repair"], LAYOUT_REPAIRS[entry["repair"]])
        for table in automatic.values()
        for entry in table.lineage
        if entry["repair"]
    ] + [record for table in automatic.values() for record in table.findings]
    return from_records(records, normalize.FINDING_DTYPES)

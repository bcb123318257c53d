"""Stage 5, write: validated frames → Parquet, atomically and byte-for-byte reproducibly.

Each column's description and unit travel in the Parquet field metadata, the
table's description in the schema metadata, and pandas' own metadata keeps
the nullable dtypes (Int64, boolean, Float64, string) on a round trip.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def field_metadata(schema: type | None) -> dict[str, dict[bytes, bytes]]:
    """Given a Pandera model (or none), return each column's description and unit as Parquet field metadata."""
    if schema is None:
        return {}
    metadata = {}
    for name, column in schema.to_schema().columns.items():
        entry = {b"description": (column.description or "").encode()}
        unit = (column.metadata or {}).get("unit")
        if unit:
            entry[b"unit"] = str(unit).encode()
        metadata[name] = entry
    return metadata


def frame_to_arrow(frame: pd.DataFrame, schema: type | None = None, table_metadata: Mapping[str, str] | None = None) -> pa.Table:
    """Given a frame and its Pandera model, return an Arrow table carrying the column and table metadata."""
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    columns = field_metadata(schema)
    fields = [field.with_metadata(columns[field.name]) if field.name in columns else field for field in table.schema]
    # A list column empty in every row gives Arrow no item type to infer; the
    # schemas' lists hold strings, and the batch files of one table must agree.
    fields = [field.with_type(pa.list_(pa.string())) if field.type == pa.list_(pa.null()) else field for field in fields]
    metadata = dict(table.schema.metadata or {})
    metadata.update({key.encode(): value.encode() for key, value in (table_metadata or {}).items()})
    arrays = [column if column.type == field.type else column.cast(field.type) for column, field in zip(table.columns, fields)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))


def temporary_beside(path: Path) -> str:
    """Given a target path, create an empty temporary file beside it and return its name.

    Created with mode 0666 less the umask, as ``open`` would create the file
    itself (``tempfile.mkstemp`` makes it 0600 whatever the umask).
    """
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return str(temporary)
        except FileExistsError:
            continue


def write_atomic(path: Path, write_to: Callable[[str], object]) -> Path:
    """Given a target path and a function writing a file at a given name, write it through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_beside(path)
    try:
        write_to(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_text(text: str, path: Path) -> Path:
    """Given text, write it at ``path`` as UTF-8, atomically."""
    return write_atomic(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def write_frame(frame: pd.DataFrame, path: Path, schema: type | None = None, table_metadata: Mapping[str, str] | None = None) -> Path:
    """Given a frame, write it as Parquet at ``path`` with its schema's metadata, atomically."""
    table = frame_to_arrow(frame, schema, table_metadata)
    return write_atomic(path, lambda temporary: pq.write_table(table, temporary, compression="zstd"))

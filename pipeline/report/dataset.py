"""What the report reads: an output folder's tables with their Parquet metadata, and lookups into them (lineage, legends, findings)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline import auto
from pipeline.report.html import is_missing
from schemas.provenance import MISSING_REASONS

# A word character, as the whole-word test of a legend code, (?<!\w)code(?!\w), counts one.
WORD = re.compile(r"\w")


@dataclass(frozen=True)
class TableMetadata:
    """What a Parquet file says about itself: the table's description, its schema's name, each column's description and unit,
    and for a table auto mode wrote, that it is unreviewed and what was inferred of each column."""

    description: str = ""
    schema: str = ""
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    unreviewed: bool = False
    inferred: Mapping[str, auto.Inferred] = field(default_factory=dict)
    kind: str = ""  # for a table auto mode wrote: case_series, characteristics or association


@dataclass(frozen=True)
class Dataset:
    """What the report reads from an output folder: its tables, their Parquet metadata and the rows set aside."""

    tables: Mapping[str, pd.DataFrame]
    metadata: Mapping[str, TableMetadata] = field(default_factory=dict)
    rejected: Mapping[str, pd.DataFrame] = field(default_factory=dict)


def lineage_of(dataset: Dataset, output: str) -> pd.DataFrame:
    """Given the dataset and an output's name, return the lineage rows of its values (none when there is no lineage)."""
    lineage = dataset.tables.get("cell_lineage")
    if lineage is None:
        return pd.DataFrame(columns=["output", "document", "source_row", "column", "table_column", "raw_text", "missing_reason"])
    return lineage[lineage["output"] == output]


def missing_counts(frame: pd.DataFrame, lineage: pd.DataFrame) -> pd.DataFrame:
    """Given an output and its lineage, return per column with a missing value: the count per reason and the nulls in the table.

    ``unexplained`` is the nulls the lineage gives no reason for; it should be 0.
    """
    reasons = list(MISSING_REASONS)
    missing = lineage[lineage["missing_reason"].notna()]
    counts = missing.groupby(["column", "missing_reason"]).size().unstack(fill_value=0) if len(missing) else pd.DataFrame()
    counts = counts.reindex(columns=reasons, fill_value=0)
    nulls = pd.Series({name: int(sum(is_missing(value) for value in frame[name])) for name in frame.columns}, dtype="int64")
    columns = [name for name in frame.columns if nulls[name] or (name in counts.index and counts.loc[name].sum())]
    result = counts.reindex(index=columns, fill_value=0).astype("int64")
    result["nulls in table"] = nulls.reindex(columns).to_numpy()
    result["unexplained"] = result["nulls in table"] - result[reasons].sum(axis=1)
    return result


def source_columns(lineage: pd.DataFrame) -> dict[str, list[str]]:
    """Given an output's lineage, return each output column's source header paths, in order of first use."""
    pairs = lineage[["column", "table_column"]].drop_duplicates()
    found: dict[str, list[str]] = {}
    for column, header in zip(pairs["column"], pairs["table_column"]):
        found.setdefault(str(column), []).append(str(header))
    return found


def legends(codes: pd.DataFrame | None, documents: Iterable[str]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Given the legend codes and documents, return each of their tables' legend as (code, meaning) pairs in printed order."""
    if codes is None or codes.empty:
        return {}
    mine = codes[codes["document"].isin(list(documents))]
    return {
        (str(document), str(table_id)): list(zip(frame["code"].astype(str), frame["meaning"].astype(str)))
        for (document, table_id), frame in mine.groupby(["document", "table_id"], sort=True)
    }


def codes_in(text: str, codes: Iterable[str]) -> set[str]:
    """Given text and codes, return the codes that occur in it as whole words (not inside a longer word), in one pass.

    One search per code made the report quadratic at corpus scale, since a
    corpus's legend repeats its codes once per document (issue 19: 26 minutes
    at 2,000 documents). Here one alternation of the distinct codes, longest
    first, is tried at each word start inside a lookahead, so overlapping
    codes are all found ("SCR + LR" holds "SCR + LR", "SCR" and "LR"); a
    shorter code starting where a longer one matched is its prefix, found
    from the match itself.
    """
    distinct = sorted(set(codes), key=lambda code: (-len(code), code))
    if not distinct:
        return set()
    pattern = re.compile(r"(?<!\w)(?=(" + "|".join(re.escape(code) for code in distinct) + r")(?!\w))")
    longest = {match.group(1) for match in pattern.finditer(text)}
    known = set(distinct)
    return longest | {
        found[:end] for found in longest for end in range(len(found)) if found[:end] in known and not WORD.match(found[end])
    }


def codes_used(texts: Iterable[str], legend: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Given a column's printed cells and header, return the legend codes that occur in them as whole words, in legend order."""
    found = codes_in("\n".join(texts), (code for code, _ in legend))
    return [(code, meaning) for code, meaning in legend if code in found]


def dtype_text(series: pd.Series) -> str:
    """Given a column as read back, return its dtype as a reader would name it (lists as "list")."""
    if series.dtype == object and any(isinstance(value, (list, tuple, np.ndarray)) for value in series):
        return "list of string"
    return str(series.dtype)


def mentions(text: object, name: str) -> bool:
    """Given a claim's computation and a table name, return whether the computation reads that table."""
    return bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", str(text)))


def findings_for(findings: pd.DataFrame | None, documents: Iterable[str], columns: Iterable[str]) -> pd.DataFrame | None:
    """Given the findings, an output's documents and its column names and header paths, return the findings about it."""
    if findings is None:
        return None
    return findings[findings["document"].isin(list(documents)) & findings["column"].isin(list(columns))]


def parquet_metadata(schema: pa.Schema) -> TableMetadata:
    """Given a Parquet file's Arrow schema, return the table and column descriptions (and units) it carries."""
    table = {key.decode(): value.decode() for key, value in (schema.metadata or {}).items() if key != b"pandas"}
    columns = {
        item.name: {key.decode(): value.decode() for key, value in (item.metadata or {}).items()}
        for item in schema
    }
    return TableMetadata(
        description=table.get("description", ""),
        schema=table.get("schema", ""),
        columns=columns,
        unreviewed=auto.is_unreviewed(table),
        inferred=auto.inferred_columns(table),
        kind=table.get("kind", ""),
    )

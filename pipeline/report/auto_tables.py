"""The report's section on the tables auto mode read: each marked unreviewed, its columns with the value type inferred."""

from __future__ import annotations

import pandas as pd

from pipeline import auto, kinds
from pipeline.report.dataset import Dataset, TableMetadata, dtype_text, lineage_of
from pipeline.report.html import esc, facts_html, table_anchor, table_html
from pipeline.report.tables import PREVIEW_ROWS, preview_html
from schemas.statistics import SummaryStatistics


def auto_tables(dataset: Dataset) -> list[str]:
    """Given the dataset, return the names of the tables auto mode wrote, in name order."""
    return sorted(name for name in dataset.tables if dataset.metadata.get(name, TableMetadata()).unreviewed)


def long_columns_html(frame: pd.DataFrame) -> str:
    """Given a summary table in long form, return its columns with dtype and what each holds (from its schema)."""
    described = SummaryStatistics.to_schema().columns
    rows = [(f"<code>{esc(column)}</code>", esc(dtype_text(frame[column])), esc(described[column].description or "") if column in described else "")
            for column in frame.columns]
    return table_html(("column", "dtype", "holds"), rows)


def auto_columns_html(frame: pd.DataFrame, metadata: TableMetadata) -> str:
    """Given a table auto mode wrote and its file's metadata, return its columns with dtype, inferred value type and header path."""
    if metadata.kind in kinds.LONG_KINDS:
        return long_columns_html(frame)
    rows = []
    for column in frame.columns:
        inferred = metadata.inferred.get(column)
        rows.append(
            (
                f"<code>{esc(column)}</code>",
                esc(dtype_text(frame[column])),
                esc(inferred.value_type) if inferred else '<span class="na">row field</span>',
                esc(inferred.header_path) if inferred else f'<span class="na">{esc(auto.ROW_FIELDS.get(column, ""))}</span>',
            )
        )
    return table_html(("column", "dtype", "inferred value type", "header path"), rows)


def auto_table_html(name: str, dataset: Dataset) -> str:
    """Given the name of a table auto mode wrote, return its part of the auto-mode section: facts, columns and preview."""
    frame, metadata = dataset.tables[name], dataset.metadata[name]
    sources = frame[["document", "table_id"]].drop_duplicates().astype(str).itertuples(index=False, name=None)
    long = metadata.kind in kinds.LONG_KINDS
    how = "variables, levels, groups and statistics read by the summary-table model" if long else "names from the header, types inferred"
    facts = [
        ("status", f'<span class="bad">unreviewed</span>: {how}'),
        *([("kind", f"<code>{esc(metadata.kind)}</code>: {esc(kinds.KINDS[metadata.kind])}")] if metadata.kind in kinds.KINDS else []),
        ("rows", str(len(frame))),
        ("read from", ", ".join(f"<code>{esc(document)}</code> {esc(table_id)}" for document, table_id in sources) or "none"),
    ]
    return "\n".join(
        [
            f'<h3 id="{esc(table_anchor(name))}">Table <code>{esc(name)}</code> (unreviewed, inferred types)</h3>',
            f'<p class="lead">{esc(metadata.description)}</p>',
            facts_html(facts),
            "<h4>Columns</h4>",
            auto_columns_html(frame, metadata),
            f"<h4>Preview (first {min(PREVIEW_ROWS, len(frame))} of {len(frame)} rows)</h4>",
            preview_html(frame, lineage_of(dataset, name)),
        ]
    )


def auto_section(dataset: Dataset) -> str:
    """Given the dataset, return the section on the tables read in auto mode (it says so when there are none)."""
    parts = ['<section id="auto">', "<h2>Tables read in auto mode (unreviewed, inferred types)</h2>"]
    names = auto_tables(dataset)
    if not names:
        parts += ["<p>None: a table spec claims every table this run read.</p>", "</section>"]
        return "\n".join(parts)
    parts.append(
        "<p>No table spec claims these tables, so auto mode read them from their own header and legend: column names come "
        "from the header paths, each column takes the most specific value type that reads all its cells, and the legend's "
        "missing-value codes are missing values (with their reason in <code>cell_lineage</code>; hover a missing value in the preview). "
        "Nobody has reviewed them; <code>python -m pipeline spec draft DOCUMENT --table N</code> drafts a spec that makes one a curated table.</p>"
    )
    parts += [auto_table_html(name, dataset) for name in names]
    parts.append("</section>")
    return "\n".join(parts)

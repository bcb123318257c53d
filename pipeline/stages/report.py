"""Stage 7, report (the HTML part): one self-contained page describing what a run wrote.

The page is read straight from the output folder's Parquet files, so it shows
what a user gets, not what a stage meant to write: each output table's grain,
columns (with units, checks and the codes of the paper's legend), a preview,
why values are missing, whether it still meets its Pandera schema, rows a
lenient run set aside, the findings about its source, and the audit of the
papers' claims; then the tables read in auto mode, marked unreviewed, each
column with the value type inferred and the header it came from. It carries
its CSS and figures inline, loads nothing at view time (its
Content-Security-Policy forbids it) and prints no clock time, so a rerun on
the same outputs gives the same bytes.

Why matplotlib: it draws static SVG that goes inline into the page, so the
report needs no JavaScript, no network and no plotting server to be read,
archived or diffed. With a fixed ``svg.hashsalt``, text kept as text and no
date in the metadata its output is byte-for-byte reproducible, which lets the
tests compare two runs. It is the most widely used and longest maintained
Python plotting library, packaged everywhere the pipeline runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import pandera.errors
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import auto, config
from pipeline.report.html import code_list, esc, facts_html, is_missing, missing_labels, number_text, plural, slug, table_html, value_html
from pipeline.stages import write
from pipeline.spec import Output
from pipeline.tables import all_outputs, load_specs
from pipeline.stages.validate import REJECTED_REASON, failure_reason
from schemas.provenance import COMPANION_TABLES, MISSING_REASONS, Claims

REPORT_NAME = "report.html"
PREVIEW_ROWS = 10
GRAINS = {"unit": "one row per observation unit", "observation": "one row per observation"}
CHECK_SYMBOLS = {
    "greater_than_or_equal_to": ("≥", "min_value"),
    "greater_than": (">", "min_value"),
    "less_than_or_equal_to": ("≤", "max_value"),
    "less_than": ("<", "max_value"),
    "equal_to": ("=", "value"),
    "not_equal_to": ("≠", "value"),
}
AUTO_ROLE = "auto mode, unreviewed"
ROLE_ORDER = {"output": 0, AUTO_ROLE: 1, "companion": 2, "audit": 3, "other": 4}

STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 1320px; padding: 1rem 2rem 4rem; color: #1b1b1b; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem; margin-top: 2.5rem; }
h3 { margin-top: 1.6rem; }
section { scroll-margin-top: 1rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
.lead { color: #444; margin-top: 0; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.82rem; }
.na { color: #767676; font-style: italic; }
.list { color: #0b5394; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
tr.mismatch td { background: #fde8e8; }
tr.unverifiable td { background: #fff6d6; }
.badge { display: inline-block; border-radius: 0.6rem; padding: 0 0.5rem; font-size: 0.78rem; font-weight: 600; }
.badge.match { background: #dafbe1; color: #116329; }
.badge.mismatch { background: #b42318; color: #fff; }
.badge.unverifiable { background: #f5d76e; color: #4d3800; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 0.9rem; max-width: 60rem; }
.legend-codes { font-size: 0.85rem; }
table.claims td:nth-child(3) { min-width: 14rem; }
table.claims td:nth-child(9) { max-width: 24rem; font-size: 0.75rem; }
table.claims td:nth-child(10) { min-width: 18rem; }
table.claims td:nth-child(4), table.claims td:nth-child(5), table.claims td:nth-child(6) { white-space: nowrap; }
"""


@dataclass(frozen=True)
class TableMetadata:
    """What a Parquet file says about itself: the table's description, its schema's name, each column's description and unit,
    and for a table auto mode wrote, that it is unreviewed and what was inferred of each column."""

    description: str = ""
    schema: str = ""
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    unreviewed: bool = False
    inferred: Mapping[str, auto.Inferred] = field(default_factory=dict)


@dataclass(frozen=True)
class Dataset:
    """What the report reads from an output folder: its tables, their Parquet metadata and the rows set aside."""

    tables: Mapping[str, pd.DataFrame]
    metadata: Mapping[str, TableMetadata] = field(default_factory=dict)
    rejected: Mapping[str, pd.DataFrame] = field(default_factory=dict)


# ---------------------------------------------------------------- what the tables say


def table_role(name: str, outputs: Mapping[str, Output], companions: Mapping[str, type], unreviewed: bool = False) -> str:
    """Given a table's name and whether auto mode wrote it, return whether it is an output, a table read in auto mode,
    a companion table, the claims audit or other."""
    if name in outputs:
        return "output"
    if unreviewed:
        return AUTO_ROLE
    if name == "claims":
        return "audit"
    return "companion" if name in companions else "other"


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


def codes_used(texts: Iterable[str], legend: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Given a column's printed cells and header, return the legend codes that occur in them as whole words."""
    text = "\n".join(texts)
    return [(code, meaning) for code, meaning in legend if re.search(rf"(?<!\w){re.escape(code)}(?!\w)", text)]


def check_text(check: object) -> str:
    """Given a Pandera check, return it in words: "≥ 1", "one of A, B", "matches ^x$", else its error message."""
    name, statistics = getattr(check, "name", ""), getattr(check, "statistics", {}) or {}
    if name in CHECK_SYMBOLS:
        symbol, key = CHECK_SYMBOLS[name]
        return f"{symbol} {statistics.get(key)}"
    if name == "isin":
        return "one of " + ", ".join(str(value) for value in statistics.get("allowed_values", []))
    if name == "notin":
        return "none of " + ", ".join(str(value) for value in statistics.get("forbidden_values", []))
    if name == "str_matches":
        return f"matches {statistics.get('pattern')}"
    if name == "in_range":
        return f"between {statistics.get('min_value')} and {statistics.get('max_value')}"
    return str(getattr(check, "error", None) or name)


def column_checks(column: object) -> list[str]:
    """Given a Pandera column, return all it requires in words: presence, uniqueness and each check."""
    required = ["may be missing" if column.nullable else "required"]
    unique = ["unique"] if column.unique else []
    return required + unique + [check_text(check) for check in column.checks]


def dtype_text(series: pd.Series) -> str:
    """Given a column as read back, return its dtype as a reader would name it (lists as "list")."""
    if series.dtype == object and any(isinstance(value, (list, tuple, np.ndarray)) for value in series):
        return "list of string"
    return str(series.dtype)


def revalidate(schema: type, frame: pd.DataFrame) -> list[str]:
    """Given a Pandera model and a table as written, return each failure of the schema (none when it passes)."""
    try:
        schema.validate(frame.copy(), lazy=True)
    except pandera.errors.SchemaErrors as err:
        return [failure_reason(failure) for failure in err.failure_cases.itertuples(index=False)]
    except pandera.errors.SchemaError as err:
        return [str(err)]
    return []


def dangling(output: Output, frame: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> dict[str, int]:
    """Given an output and the tables written, return for each declared reference how many rows point at no row."""
    counts = {}
    for target, columns in output.references.items():
        known = set(tables[target][list(columns)].itertuples(index=False, name=None)) if target in tables else set()
        counts[f"{target} on ({', '.join(columns)})"] = sum(key not in known for key in frame[list(columns)].itertuples(index=False, name=None))
    return counts


def mentions(text: object, name: str) -> bool:
    """Given a claim's computation and a table name, return whether the computation reads that table."""
    return bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", str(text)))


def findings_for(findings: pd.DataFrame | None, documents: Iterable[str], columns: Iterable[str]) -> pd.DataFrame | None:
    """Given the findings, an output's documents and its column names and header paths, return the findings about it."""
    if findings is None:
        return None
    return findings[findings["document"].isin(list(documents)) & findings["column"].isin(list(columns))]


# ---------------------------------------------------------------- sections


def overview_section(dataset: Dataset, outputs: Mapping[str, Output], companions: Mapping[str, type]) -> str:
    """Given the dataset, return the overview: the source documents and every table written with its row count and schema check."""
    parts = ['<section id="overview">', "<h2>Overview</h2>"]
    documents = dataset.tables.get("documents")
    if documents is not None:
        parts.append(f"<h3>Source documents ({len(documents)})</h3>")
        rows = []
        for row in documents.itertuples(index=False):
            tables = ", ".join(str(table) for table in row.tables) if not is_missing(row.tables) else ""
            sha = str(row.sha256)
            rows.append(
                (
                    f"<code>{esc(row.document)}</code>",
                    esc(row.file),
                    esc(row.title),
                    value_html(row.first_author, ("not in manifest", "")),
                    value_html(row.year, ("not in manifest", "")),
                    value_html(row.n_lines),
                    esc(row.encoding),
                    esc(tables) if tables else '<span class="na">none</span>',
                    f'<code title="{esc(sha)}">{esc(sha[:12])}…</code>',
                )
            )
        parts.append(table_html(("document", "file", "title", "first author", "year", "lines", "encoding", "tables found", "sha256"), rows, numeric=(4, 5)))
    parts.append("<h3>Tables in this folder</h3>")
    rows = []
    roles = {name: table_role(name, outputs, companions, dataset.metadata.get(name, TableMetadata()).unreviewed) for name in dataset.tables}
    names = sorted(dataset.tables, key=lambda name: (ROLE_ORDER[roles[name]], name))
    for name in names:
        role = roles[name]
        schema = outputs[name].schema if name in outputs else companions.get(name)
        failures = revalidate(schema, dataset.tables[name]) if schema is not None else None
        check = "not checked" if failures is None else ('<span class="ok">passes</span>' if not failures else f'<span class="bad">{len(failures)} failures</span>')
        label = f'<a href="#{esc(table_anchor(name))}"><code>{esc(name)}</code></a>' if role in ("output", AUTO_ROLE) else f"<code>{esc(name)}</code>"
        metadata = dataset.metadata.get(name, TableMetadata())
        rejected = len(dataset.rejected[name]) if name in dataset.rejected else 0
        rows.append((label, role, esc(metadata.schema or getattr(schema, "__name__", "")), str(len(dataset.tables[name])), str(rejected), check, esc(metadata.description)))
    parts.append(table_html(("table", "role", "schema", "rows", "rejected rows", "schema check", "description"), rows, numeric=(3, 4)))
    findings, claims = dataset.tables.get("findings"), dataset.tables.get("claims")
    summary = []
    if findings is not None:
        kinds = findings["kind"].value_counts().sort_index()
        summary.append(("findings", f'<a href="#findings">{len(findings)}</a>' + (": " + ", ".join(f"{esc(kind)} {count}" for kind, count in kinds.items()) if len(kinds) else "")))
    if claims is not None:
        statuses = claims["status"].value_counts().sort_index()
        summary.append(("claims checked", f'<a href="#claims">{len(claims)}</a>' + (": " + ", ".join(f"{esc(status)} {count}" for status, count in statuses.items()) if len(statuses) else "")))
    rejected_total = sum(len(frame) for frame in dataset.rejected.values())
    summary.append(("rows set aside", f"{rejected_total} (in <code>_rejected/</code>)" if rejected_total else "none"))
    parts.append(facts_html(summary))
    parts.append("</section>")
    return "\n".join(parts)


def columns_html(
    frame: pd.DataFrame, output: Output, metadata: TableMetadata, lineage: pd.DataFrame, legend: Sequence[tuple[str, str]], undefined: Mapping[str, list[str]]
) -> str:
    """Given an output, its legend and the codes its source uses undefined (by header path), return the table of its columns.

    Each column shows its dtype, unit, checks, source header, the legend codes
    found in its printed cells and the codes printed there that the legend lacks.
    """
    schema = output.schema.to_schema()
    headers = source_columns(lineage)
    printed = lineage.groupby("column")["raw_text"].agg(lambda texts: sorted(set(texts.astype(str)))).to_dict() if len(lineage) else {}
    rows = []
    for column in frame.columns:
        declared = schema.columns.get(column)
        field_metadata = metadata.columns.get(column, {})
        unit = field_metadata.get("unit") or ((declared.metadata or {}).get("unit", "") if declared is not None else "")
        description = field_metadata.get("description") or (declared.description if declared is not None else "") or ""
        sources = headers.get(column, [])
        used = code_list(codes_used(list(printed.get(column, [])) + sources, legend))
        lacking = sorted({code for source in sources for code in undefined.get(source, [])})
        if lacking:
            used += ("; " if used else "") + f'<span class="bad">not in the legend: {esc(", ".join(lacking))}</span>'
        rows.append(
            (
                f"<code>{esc(column)}</code>",
                esc(dtype_text(frame[column])),
                esc(unit),
                esc("; ".join(column_checks(declared))) if declared is not None else '<span class="bad">not in schema</span>',
                esc(" · ".join(sources)) if sources else '<span class="na">derived from the row</span>',
                used,
                esc(description),
            )
        )
    return table_html(("column", "dtype", "unit", "schema checks", "source column", "legend codes in its cells", "description"), rows)


def preview_html(frame: pd.DataFrame, lineage: pd.DataFrame) -> str:
    """Given an output and its lineage, return its first rows with each missing value's reason and printed text."""
    labels = missing_labels(lineage)
    keyed = {"document", "source_row"} <= set(frame.columns)
    rows = []
    for _, row in frame.head(PREVIEW_ROWS).iterrows():
        cells = []
        for column in frame.columns:
            reason = labels.get((str(row["document"]), int(row["source_row"]), column)) if keyed else None
            cells.append(value_html(row[column], reason))
        rows.append(cells)
    return table_html(list(frame.columns), rows)


def missing_html(name: str, frame: pd.DataFrame, lineage: pd.DataFrame) -> str:
    """Given an output and its lineage, return the count of missing values per column and reason."""
    counts = missing_counts(frame, lineage)
    if counts.empty:
        return "<p>No value is missing.</p>"
    reasons = [reason for reason in MISSING_REASONS if counts[reason].any()]
    rows = []
    for column, row in counts.iterrows():
        unexplained = int(row["unexplained"])
        rows.append(
            [f"<code>{esc(column)}</code>"]
            + [f'<span data-reason="{esc(reason)}">{int(row[reason])}</span>' for reason in reasons]
            + [str(int(row["nulls in table"])), f'<span class="bad">{unexplained}</span>' if unexplained else "0"]
        )
    note = (
        "<p>Counts of <code>cell_lineage.missing_reason</code> for this table's values; "
        "<em>unexplained</em> is a null in the table without a reason in the lineage (it should be 0).</p>"
    )
    attributes = [f'id="missing-{esc(slug(name))}-{esc(slug(str(column)))}"' for column in counts.index]
    return note + table_html(["column", *reasons, "nulls in table", "unexplained"], rows, attributes, numeric=range(1, len(reasons) + 3))


def validation_html(name: str, frame: pd.DataFrame, output: Output, dataset: Dataset) -> str:
    """Given an output as written, return whether it still meets its schema and references, and the rows set aside."""
    schema = output.schema.to_schema()
    failures = revalidate(output.schema, frame)
    parts = []
    if failures:
        parts.append(f'<p class="bad">{len(failures)} failures of the Pandera schema <code>{esc(output.schema.__name__)}</code>:</p>')
        parts.append("<ul>" + "".join(f"<li>{esc(failure)}</li>" for failure in failures[:20]) + "</ul>")
    else:
        parts.append(
            f'<p><span class="ok">Passes</span>: all {len(frame)} rows meet the Pandera schema <code>{esc(output.schema.__name__)}</code> '
            "(checked again on the written file). Its column checks are listed under Columns; besides them it requires:</p>"
        )
    table_checks = [f"columns exactly as declared{', in order' if schema.ordered else ''}" if schema.strict else "declared columns present"]
    if schema.unique:
        table_checks.append("each (" + ", ".join(schema.unique) + ") unique")
    table_checks += [check_text(check) for check in schema.checks]
    for reference, count in dangling(output, frame, dataset.tables).items():
        table_checks.append(f"references {reference}: " + ("every row found" if not count else f"{count} rows point at no row"))
    parts.append("<ul>" + "".join(f"<li>{esc(check)}</li>" for check in table_checks) + "</ul>")
    rejected = dataset.rejected.get(name)
    if rejected is None or rejected.empty:
        parts.append("<p>No rows were set aside (<code>_rejected/</code> holds none for this table).</p>")
    else:
        parts.append(f'<p class="bad">{plural(len(rejected), "row")} set aside by a lenient run (<code>_rejected/{esc(name)}.parquet</code>):</p>')
        columns = [REJECTED_REASON] + [column for column in rejected.columns if column != REJECTED_REASON]
        parts.append(table_html(columns, ([value_html(row[column]) for column in columns] for _, row in rejected.iterrows())))
    return "\n".join(parts)


def findings_html(findings: pd.DataFrame, concerns: Sequence[str] | None = None) -> str:
    """Given findings (and, in the findings section, the HTML naming the tables each concerns), return them as a table."""
    rows = [
        (esc(row.document), esc(row.table_id), f"<code>{esc(row.kind)}</code>", value_html(row.column), value_html(row.value), value_html(row.line), esc(row.detail))
        for row in findings.itertuples(index=False)
    ]
    headers = ("document", "table", "kind", "column", "value as printed", "line", "detail")
    if concerns is not None:
        rows, headers = [(*row, concern) for row, concern in zip(rows, concerns)], (*headers, "concerns")
    return table_html(headers, rows, numeric=(5,))


def output_section(name: str, output: Output, dataset: Dataset) -> str:
    """Given a declared output, return its section: facts, legend, columns, preview, missing values, validation, findings, claims, figures."""
    parts = [f'<section id="table-{esc(name)}">', f"<h2>Table <code>{esc(name)}</code></h2>"]
    frame = dataset.tables.get(name)
    if frame is None:
        parts += [f"<p>{esc(output.description)}</p>", "<p class=\"bad\">Not written in this run: no rows of it passed validation.</p>", "</section>"]
        return "\n".join(parts)
    metadata = dataset.metadata.get(name, TableMetadata())
    lineage = lineage_of(dataset, name)
    documents = sorted(set(frame["document"].astype(str))) if "document" in frame else []
    parts.append(f'<p class="lead">{esc(metadata.description or output.description)}</p>')
    facts = [
        ("grain", f"{esc(output.grain)}: {esc(GRAINS.get(output.grain, output.grain))}"),
        ("rows", str(len(frame))),
        ("documents", ", ".join(f"<code>{esc(document)}</code>" for document in documents) or "none"),
        ("schema", f"<code>{esc(metadata.schema or output.schema.__name__)}</code>"),
    ]
    facts += [("references", f"<code>{esc(target)}</code> on {esc(', '.join(columns))}") for target, columns in output.references.items()]
    parts.append(facts_html(facts))
    table_legends = legends(dataset.tables.get("codes"), documents)
    parts.append("<h3>Legend of the source table</h3>")
    if table_legends:
        for (document, table_id), codes in table_legends.items():
            parts.append(f'<p class="legend-codes"><strong>{esc(document)}, {esc(table_id)}:</strong> {code_list(codes)}</p>')
        parts.append("<p>The column table below names the codes of this legend that occur in each column's printed cells or header; "
                     "a code a column uses but the legend lacks is a finding (below).</p>")
    else:
        parts.append("<p>The source table prints no legend of abbreviations.</p>")
    legend = [pair for codes in table_legends.values() for pair in codes]
    headers = [header for sources in source_columns(lineage).values() for header in sources]
    findings = findings_for(dataset.tables.get("findings"), documents, list(frame.columns) + headers)
    undefined: dict[str, list[str]] = {}
    if findings is not None:
        for row in findings[findings["kind"] == "code_not_in_legend"].itertuples(index=False):
            undefined.setdefault(str(row.column), []).append(str(row.value))
    parts += ["<h3>Columns</h3>", columns_html(frame, output, metadata, lineage, legend, undefined)]
    parts += [f"<h3>Preview (first {min(PREVIEW_ROWS, len(frame))} of {len(frame)} rows)</h3>",
              "<p>Missing values show their reason (hover for the printed cell); lists are bracketed; numbers are trimmed to 4 significant digits.</p>",
              preview_html(frame, lineage)]
    parts += ["<h3>Missing values by reason</h3>", missing_html(name, frame, lineage)]
    parts += ["<h3>Validation</h3>", validation_html(name, frame, output, dataset)]
    parts.append("<h3>Findings about its source</h3>")
    parts.append(findings_html(findings) if findings is not None and len(findings) else "<p>None.</p>")
    claims = dataset.tables.get("claims")
    if claims is not None:
        # A boolean array, not a list: an empty list would select no columns instead of no rows.
        about = claims[np.array([mentions(computation, name) for computation in claims["computation"]], dtype=bool)]
        bad = about[about["status"] != "match"]
        if about.empty:
            line = "No claim of the papers is computed from this table"
        else:
            line = f"{plural(len(about), 'claim')} of the papers {'is' if len(about) == 1 else 'are'} computed from this table; "
            line += (f"{len(bad)} {'does' if len(bad) == 1 else 'do'} not match: " + ", ".join(
                f'<a href="#claim-{esc(slug(f"{row.document}-{row.claim_id}"))}">{esc(row.claim_id)}</a>' for row in bad.itertuples(index=False)
            )) if len(bad) else "all match"
        parts += ["<h3>Claims</h3>", f'<p>{line} (see <a href="#claims">claims audit</a>).</p>']
    plots = [plot for draw in output.figures if len(frame) and (plot := draw(frame, lineage)) is not None]
    if plots:
        parts.append("<h3>Figures</h3>")
        parts += [f'<figure id="{esc(plot.id)}">{plot.svg}<figcaption>{plot.caption}</figcaption></figure>' for plot in plots]
    parts.append("</section>")
    return "\n".join(parts)


def table_anchor(name: str) -> str:
    """Given a table's name, return the id of its part of the page ("auto/x" → "table-auto-x")."""
    return f"table-{slug(name)}"


def auto_tables(dataset: Dataset) -> list[str]:
    """Given the dataset, return the names of the tables auto mode wrote, in name order."""
    return sorted(name for name in dataset.tables if dataset.metadata.get(name, TableMetadata()).unreviewed)


def auto_columns_html(frame: pd.DataFrame, metadata: TableMetadata) -> str:
    """Given a table auto mode wrote and its file's metadata, return its columns with dtype, inferred value type and header path."""
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
    facts = [
        ("status", '<span class="bad">unreviewed</span>: names from the header, types inferred'),
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


def findings_section(dataset: Dataset, outputs: Mapping[str, Output]) -> str:
    """Given the dataset, return every finding about the sources, with the table section each one concerns."""
    parts = ['<section id="findings">', "<h2>Findings about the sources</h2>"]
    findings = dataset.tables.get("findings")
    if findings is None or findings.empty:
        parts += ["<p>No findings.</p>", "</section>"]
        return "\n".join(parts)
    parts.append("<p>Gaps in the tables' legends, declared repairs of the printed text and internal inconsistencies, "
                 "as found while reading the tables (<code>findings.parquet</code>).</p>")
    lineage = dataset.tables.get("cell_lineage")
    written = [name for name in outputs if name in dataset.tables]
    # Looked up once, not per finding: a corpus has thousands of findings and a long lineage.
    output_columns = {name: set(dataset.tables[name].columns) for name in written}
    output_documents = {name: set(dataset.tables[name]["document"]) for name in written}
    source_columns: dict[tuple[str, str], set[str]] = {}
    if lineage is not None:
        pairs = lineage[["output", "document", "table_column"]].astype(str).drop_duplicates()
        for output, document, path in pairs.itertuples(index=False, name=None):
            source_columns.setdefault((output, document), set()).add(path)
    owners = []
    for row in findings.itertuples(index=False):
        names = [
            name
            for name in written
            if not is_missing(row.column)
            and row.document in output_documents[name]
            and (row.column in output_columns[name] or row.column in source_columns.get((name, str(row.document)), set()))
        ]
        owners.append(", ".join(f'<a href="#table-{esc(name)}"><code>{esc(name)}</code></a>' for name in names) or '<span class="na">no output</span>')
    parts.append(findings_html(findings, owners))
    parts.append("</section>")
    return "\n".join(parts)


def claim_number(value: object, percent: object) -> str:
    """Given a claim's number and its percentage, return "13 (43.3%)", or a dash when missing."""
    if is_missing(value):
        return '<span class="na">–</span>'
    return esc(number_text(value) + ("" if is_missing(percent) else f" ({number_text(percent)}%)"))


def claims_section(dataset: Dataset) -> str:
    """Given the dataset, return the audit of the papers' claims, mismatches highlighted and listed first."""
    parts = ['<section id="claims">', "<h2>Claims audit</h2>"]
    claims = dataset.tables.get("claims")
    if claims is None or claims.empty:
        parts += ["<p>No claims were checked (no <code>claims.parquet</code>, or no claims for the documents written).</p>", "</section>"]
        return "\n".join(parts)
    statuses = claims["status"].value_counts().sort_index()
    parts.append(
        f"<p>{len(claims)} numbers the papers state in their text, recomputed from the extracted tables: "
        + ", ".join(f'<span class="badge {esc(status)}">{esc(status)}</span> {count}' for status, count in statuses.items())
        + ". A mismatch is a finding about the paper, not a failure of the extraction; its note says what reproduces the printed figure.</p>"
    )
    bad = claims[claims["status"] != "match"]
    if len(bad):
        parts.append("<ul>" + "".join(
            f'<li><a href="#claim-{esc(slug(f"{row.document}-{row.claim_id}"))}">{esc(row.document)} {esc(row.claim_id)}</a>: '
            f"“{esc(row.quote)}” — reported {claim_number(row.reported, row.reported_percent)}, computed {claim_number(row.computed, row.computed_percent)}</li>"
            for row in bad.itertuples(index=False)
        ) + "</ul>")
    rows = [
        (
            f"<code>{esc(row.document)}</code>",
            f"<code>{esc(row.claim_id)}</code>",
            f"“{esc(row.quote)}”",
            value_html(row.line),
            claim_number(row.reported, row.reported_percent),
            claim_number(row.computed, row.computed_percent),
            value_html(row.difference),
            f'<span class="badge {esc(row.status)}">{esc(row.status)}</span>',
            f"<code>{esc(row.computation)}</code>",
            value_html(row.note, ("—", "")),
        )
        for row in claims.itertuples(index=False)
    ]
    attributes = [f'id="claim-{esc(slug(f"{row.document}-{row.claim_id}"))}" class="{esc(row.status)}"' for row in claims.itertuples(index=False)]
    parts.append(table_html(("document", "claim", "quote", "line", "reported", "computed", "difference", "status", "computation", "note"), rows, attributes, numeric=(3, 4, 5, 6), css_class="claims"))
    parts.append("</section>")
    return "\n".join(parts)


def declared_tables() -> tuple[dict[str, Output], dict[str, type]]:
    """Return the declared outputs by name and the schemas of the tables that travel with them (claims included)."""
    return all_outputs(load_specs()), {**COMPANION_TABLES, "claims": Claims}


def build_report(dataset: Dataset, outputs: Mapping[str, Output] | None = None, companions: Mapping[str, type] | None = None) -> str:
    """Given the tables of an output folder (and the declared outputs and companion schemas), return the report as one HTML page.

    Outputs and companions default to the ones the specs and stages declare.
    The page is a pure function of its arguments: no clock, no paths, no network.
    """
    if outputs is None or companions is None:
        declared_outputs, declared_companions = declared_tables()
        outputs = declared_outputs if outputs is None else outputs
        companions = declared_companions if companions is None else companions
    names = sorted(outputs)
    navigation = (
        ['<li><a href="#overview">Overview</a></li>']
        + [f'<li><a href="#table-{esc(name)}">Table <code>{esc(name)}</code></a></li>' for name in names]
        + ['<li><a href="#auto">Tables read in auto mode (unreviewed)</a></li>']
        + ['<li><a href="#findings">Findings about the sources</a></li>', '<li><a href="#claims">Claims audit</a></li>']
    )
    body = [
        "<header>",
        "<h1>Clinical tables: report</h1>",
        '<p class="lead">What the pipeline wrote: tidy tables read from the papers\' tables, each value traced to its printed cell. '
        "Generated by <code>python -m pipeline report</code> from the Parquet files beside this page.</p>",
        f'<nav><ul>{"".join(navigation)}</ul></nav>',
        "</header>",
        "<main>",
        overview_section(dataset, outputs, companions),
        *(output_section(name, outputs[name], dataset) for name in names),
        auto_section(dataset),
        findings_section(dataset, outputs),
        claims_section(dataset),
        "</main>",
    ]
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may load at view time; a violation would show in the browser console.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Clinical tables: report</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join(head + body + ["</body>", "</html>", ""])


# ---------------------------------------------------------------- I/O edge


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
    )


def read_dataset(out: Path) -> Dataset:
    """Given an output folder, return its Parquet tables (those auto mode wrote named "auto/<document>__<table>"), their metadata
    and the rows in ``_rejected/``."""
    files = sorted([*out.glob("*.parquet"), *config.auto_dir(out).glob("*.parquet")])
    paths = {config.table_name(out, path): path for path in files}
    rejected = sorted(config.rejected_dir(out).glob("*.parquet"))
    return Dataset(
        tables={name: pd.read_parquet(path) for name, path in paths.items()},
        metadata={name: parquet_metadata(pq.read_schema(path)) for name, path in paths.items()},
        rejected={path.stem: pd.read_parquet(path) for path in rejected},
    )


def write_report(out: Path) -> Path:
    """Given an output folder, write its report as ``out/report.html`` atomically; return the path."""
    return write.write_text(build_report(read_dataset(out)), out / REPORT_NAME)

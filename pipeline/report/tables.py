"""A declared output's part of the report: facts, legend, columns, preview, missing values, validation, findings, claims, figures."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from pipeline.frames import REJECTED_REASON
from pipeline.report.checks import check_text, column_checks, dangling, revalidate
from pipeline.report.dataset import Dataset, TableMetadata, codes_used, dtype_text, findings_for, legends, lineage_of, mentions, missing_counts, source_columns
from pipeline.report.html import code_list, esc, facts_html, missing_labels, plural, slug, table_html, value_html
from pipeline.spec import Output
from schemas.provenance import MISSING_REASONS


PREVIEW_ROWS = 10
GRAINS = {"unit": "one row per observation unit", "observation": "one row per observation"}


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

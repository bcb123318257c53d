"""The report's sections around the tables: the overview, every finding about the sources, the audit of the papers' claims."""

from __future__ import annotations

from typing import Mapping

from pipeline.report.checks import revalidate
from pipeline.report.dataset import Dataset, TableMetadata
from pipeline.report.html import esc, facts_html, is_missing, number_text, slug, table_anchor, table_html, value_html
from pipeline.report.tables import findings_html
from pipeline.spec import Output


AUTO_ROLE = "auto mode, unreviewed"
ROLE_ORDER = {"output": 0, AUTO_ROLE: 1, "companion": 2, "audit": 3, "other": 4}


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

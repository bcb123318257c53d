"""The I/O shell around each stage: read what the stage before persisted, run it, persist.

Intermediate tables live in ``<out>/_interim/`` so one stage can be rerun and
inspected alone; the final tables are written to ``<out>/`` by ``write``.
"""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd
import pyarrow.parquet as pq

from pipeline import auto, captions, catalog, config, draft, outputs, sources
from pipeline.stages import audit, extract, normalize, parse, validate, write
from pipeline.stages.auto_tables import auto_findings, auto_lineage, auto_outcome, cells_of, normalize_unclaimed, save_auto_tables
from pipeline.claims import load_claims
from pipeline.errors import InputError, SpecError, unexpected
from pipeline.frames import concat
from pipeline.stages.normalize import DocumentInfo, Normalized
from pipeline.sources import text as text_source
from pipeline.stages.report import write_report
from pipeline.spec import Output, TableSpec
from pipeline.tables import all_outputs, load_specs
from schemas.provenance import COMPANION_TABLES, MISSING_REASONS, Claims

STAGES = ("extract", "parse", "normalize", "validate", "write", "audit", "report")


@dataclass
class StageReport:
    """What a stage did: counts to show the user and the problems it met."""

    stage: str
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[Exception] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    verbose_details: list[str] = field(default_factory=list)  # shown instead of details with --verbose
    rows_written: dict[str, int] = field(default_factory=dict)  # output table → rows, for the run summary
    automatic: dict[str, int] = field(default_factory=dict)  # auto-mode table → rows


def interim(out: Path, name: str) -> Path:
    """Given the output folder and an intermediate table's name, return its path."""
    return config.interim_dir(out) / f"{name}.parquet"


def save(frame: pd.DataFrame, path: Path) -> None:
    """Given an intermediate frame, persist it atomically."""
    write.write_frame(frame, path)


def load(out: Path, name: str, stage: str) -> pd.DataFrame:
    """Given the output folder and an intermediate table, return it or say which stage to run first."""
    path = interim(out, name)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the {stage} stage first")
    return pd.read_parquet(path)


def run_extract(raw: Path, out: Path, progress: extract.Progress | None = None, follow_symlinks: bool = False) -> StageReport:
    """Given the raw folder, inventory its documents and persist their table blocks."""
    found = extract.extract(raw, progress, follow_symlinks)
    documents, tables = found.documents, found.tables
    save(documents, interim(out, "documents"))
    save(tables, interim(out, "tables"))
    save(found.positions, interim(out, "pdf_lines"))
    report = StageReport("extract", {"documents": len(documents), "tables": len(tables)}, list(found.errors))
    report.notices = list(found.notices) + [
        f"{row.file}: not UTF-8; read as {row.encoding}"
        for row in documents.itertuples(index=False)
        if row.encoding in text_source.NOT_UTF8
    ]
    report.verbose_details = [
        f"  {row.file}: {row.document}, {row.n_lines} lines, tables: {', '.join(row.tables) or 'none'}"
        for row in documents.itertuples(index=False)
    ]
    return report


def run_parse(out: Path, auto_only: bool = False) -> StageReport:
    """Rebuild the grid of every extracted table and persist its cells and legend codes.

    With ``auto_only`` no curated spec claims anything, so every table goes
    through auto mode (to see what auto mode makes of a curated table).
    """
    specs = () if auto_only else load_specs()
    tables = load(out, "tables", "extract")
    cells, parsed, codes, errors = parse.parse(tables, specs)
    save(cells, interim(out, "cells"))
    save(parsed, interim(out, "parsed_tables"))
    save(codes, interim(out, "legend_codes"))
    unclaimed = parsed["spec"].isna()
    report = StageReport("parse", {"tables": len(parsed), "cells": len(cells), "tables without a spec": int(unclaimed.sum())}, list(errors))
    for (_, table), (_, outcome) in zip(tables.iterrows(), parsed.iterrows()):
        note = None if pd.isna(outcome["note"]) else str(outcome["note"])
        if pd.isna(outcome["spec"]):
            report.notices.append(parse.unclaimed_notice(table, specs, auto_outcome(table, not pd.isna(outcome["n_rows"]), note)))
        elif note:
            report.notices.append(parse.reading_notice(table, note))
    return report


def document_infos(documents: pd.DataFrame) -> dict[str, DocumentInfo]:
    """Given the document inventory, return what normalize needs of each document."""
    return {
        str(row.document): DocumentInfo(
            document=str(row.document),
            file=str(row.file),
            first_author=None if pd.isna(row.first_author) else str(row.first_author),
            year=None if pd.isna(row.year) else int(row.year),
        )
        for row in documents.itertuples(index=False)
    }


@contextmanager
def located(file: str, table_id: str, spec_name: str) -> Iterator[None]:
    """Within the block, turn any error into an InputError naming the file and table, so one document cannot stop the others."""
    try:
        yield
    except InputError as err:
        raise err.located(file=file, table=table_id) from err
    except SpecError as err:
        raise InputError(f"spec {spec_name}: {err}", file=file, table=table_id) from err
    except Exception as err:  # noqa: BLE001 - one document must not stop the others
        raise unexpected(err, file=file, table=table_id) from err


def normalize_document(
    document: DocumentInfo,
    parsed: pd.DataFrame,
    cells: dict[tuple[str, str], pd.DataFrame],
    legends: dict[tuple[str, str], dict[str, str]],
    specs: dict[str, TableSpec],
    legend_texts: Mapping[tuple[str, str], str] | None = None,
) -> list[Normalized]:
    """Given one document's parsed tables (and the text under each), return each claimed table normalized, or raise for the document."""
    results = []
    for table in parsed.itertuples(index=False):
        if pd.isna(table.spec):
            continue
        key = (document.document, str(table.table_id))
        with located(document.file, key[1], table.spec):
            results.append(normalize.normalize_table(cells_of(cells, key), specs[table.spec], document, legends.get(key, {}), key[1],
                                                     (legend_texts or {}).get(key, "")))
    return results


def run_normalize(out: Path, progress: extract.Progress | None = None) -> StageReport:
    """Normalize every claimed table, and in auto mode every table no spec claims; a document with a failing table contributes nothing."""
    specs = {spec.name: spec for spec in load_specs()}
    documents = document_infos(load(out, "documents", "extract"))
    parsed, cells, codes = (load(out, name, "parse") for name in ("parsed_tables", "cells", "legend_codes"))
    cells_by_table = {key: frame for key, frame in cells.groupby(["document", "table_id"], sort=False)}
    legends = {key: dict(zip(frame["code"], frame["meaning"])) for key, frame in codes.groupby(["document", "table_id"], sort=False)}
    parsed_by_document = {name: frame for name, frame in parsed.groupby("document", sort=False)}
    tables = load(out, "tables", "extract")
    legend_texts = {(str(document), str(table_id)): "" if pd.isna(text) else str(text)
                    for document, table_id, text in zip(tables["document"], tables["table_id"], tables["legend"])}
    results: list[Normalized] = []
    normalized_documents: set[str] = set()
    report = StageReport("normalize")
    failed_tables = parsed[parsed["error"].notna()]
    failed_documents = set(failed_tables["document"])
    for done, (name, document) in enumerate(documents.items(), start=1):
        if progress:
            progress(done, len(documents))
        failed = failed_tables[failed_tables["document"] == name]
        if len(failed):
            report.notices.append(f"{document.file}: skipped, because {', '.join(failed['table_id'])} did not parse")
            continue
        try:
            found = normalize_document(document, parsed_by_document.get(name, parsed.iloc[0:0]), cells_by_table, legends, specs, legend_texts)
        except InputError as err:
            report.errors.append(err)
            failed_documents.add(name)
            continue
        results.extend(found)
        if found:
            normalized_documents.add(name)
    outputs = all_outputs(tuple(specs.values()))
    typed, lineage, findings = normalize.frames(results, outputs)
    automatic = normalize_unclaimed(parsed[~parsed["document"].isin(failed_documents)], cells_by_table, tables)
    save_auto_tables(automatic, out)
    report.counts.update({f"auto {key}": len(table.frame) for key, table in automatic.items()})
    normalized_documents |= {table.frame["document"].iloc[0] for table in automatic.values() if len(table.frame)}
    lineage = concat([lineage, auto_lineage(automatic)], normalize.LINEAGE_DTYPES)
    findings = concat([findings, auto_findings(automatic)], normalize.FINDING_DTYPES)
    for name in outputs:
        target = interim(out, f"normalized/{name}")
        if name in typed:
            save(typed[name], target)
            report.counts[name] = len(typed[name])
        else:
            target.unlink(missing_ok=True)
    save(normalize.with_positions(lineage, load(out, "pdf_lines", "extract")), interim(out, "cell_lineage"))
    save(findings, interim(out, "findings"))
    save(codes[codes["document"].isin(normalized_documents)].reset_index(drop=True), interim(out, "codes"))
    return report


def run_validate(out: Path, lenient: bool = False) -> StageReport:
    """Validate every normalized table and the tables that travel with it; persist what passes and what is rejected."""
    outputs = all_outputs(load_specs())
    frames = {
        name: pd.read_parquet(interim(out, f"normalized/{name}"))
        for name in outputs
        if interim(out, f"normalized/{name}").exists()
    }
    companions = {name: load(out, name, "normalize" if name != "documents" else "extract") for name in COMPANION_TABLES}
    passed, rejected, report = validate_dataset(frames, companions, outputs, lenient)
    kept = {"validated": passed, "rejected": rejected}
    for folder, tables in kept.items():
        for name in set(outputs) | set(COMPANION_TABLES):
            if name in tables:
                save(tables[name], interim(out, f"{folder}/{name}"))
            else:
                interim(out, f"{folder}/{name}").unlink(missing_ok=True)
    return report


def validate_dataset(
    frames: Mapping[str, pd.DataFrame], companions: Mapping[str, pd.DataFrame], outputs: Mapping[str, Output], lenient: bool
) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame], StageReport]:
    """Given normalized tables and the tables that travel with them, return what passes, what is rejected and the report.

    Strict (the default) leaves a document with any failing row out of every
    table; lenient leaves out only the failing rows, kept with their reasons.
    """
    result = validate.validate(dict(frames), outputs.values(), lenient)
    report = StageReport("validate", {name: len(frame) for name, frame in result.passed.items()}, list(result.failures))
    still_output = {name: rows_still_output(name, frame, result) for name, frame in companions.items()}
    passed = dict(result.passed)
    for name, schema in COMPANION_TABLES.items():
        try:
            passed[name] = validate.validate_companion(name, schema, still_output[name])
        except validate.ValidationFailure as failure:
            report.errors.append(failure)
    if result.failed_documents:
        report.notices.append(f"left out of every table, because rows failed validation: {', '.join(sorted(result.failed_documents))}")
    # An output no document contributes rows to is not written (nor left stale).
    passed = {name: frame for name, frame in passed.items() if name in COMPANION_TABLES or len(frame)}
    return passed, result.rejected if lenient else {}, report


def rows_still_output(name: str, frame: pd.DataFrame, result: validate.Validated) -> pd.DataFrame:
    """Given a companion table, return it without the documents that failed and the lineage of rejected rows."""
    if name == "documents":
        return frame
    frame = validate.without_documents(frame, result.failed_documents)
    if name != "cell_lineage" or not result.rejected:
        return frame
    key = ["output", "document", "source_row"]
    rejected = pd.concat([rows[key[1:]].assign(output=output)[key] for output, rows in result.rejected.items()])
    kept = ~pd.MultiIndex.from_frame(frame[key]).isin(pd.MultiIndex.from_frame(rejected))
    return frame[kept].reset_index(drop=True)


def written_tables(specs: tuple[TableSpec, ...]) -> dict[str, tuple[type, dict[str, str]]]:
    """Given the specs, return every table write may write, with its schema and the table metadata its file carries."""
    outputs = all_outputs(specs)
    schemas = {name: output.schema for name, output in outputs.items()} | COMPANION_TABLES

    def description(name: str, schema: type) -> str:
        return (outputs[name].description if name in outputs else "") or (schema.__doc__ or "").strip()

    return {name: (schema, {"description": description(name, schema), "schema": schema.__name__}) for name, schema in schemas.items()}


REJECTED_METADATA = {"rejected": "rows that failed validation, with their reasons"}


def run_write(out: Path) -> StageReport:
    """Write every validated table to the output folder and rejected rows to ``_rejected/``; remove stale outputs."""
    report = StageReport("write")
    for name, (schema, metadata) in sorted(written_tables(load_specs()).items()):
        source, target = interim(out, f"validated/{name}"), out / f"{name}.parquet"
        if source.exists():
            frame = pd.read_parquet(source)
            write.write_frame(frame, target, schema, metadata)
            report.counts[name] = len(frame)
            if name not in COMPANION_TABLES:
                report.rows_written[name] = len(frame)
            if name == "findings":
                report.details = [f"  finding: {row.document} {row.table_id} {row.kind}: {row.detail}" for row in frame.itertuples(index=False)]
        elif target.exists():
            target.unlink()
            report.notices.append(f"{target}: removed, because no rows of {name} passed validation in this run")
        source, target = interim(out, f"rejected/{name}"), config.rejected_dir(out) / f"{name}.parquet"
        if source.exists():
            rejected = pd.read_parquet(source)
            write.write_frame(rejected, target, table_metadata={**metadata, **REJECTED_METADATA})
            report.counts[f"rejected {name}"] = len(rejected)
        else:
            target.unlink(missing_ok=True)
    write_auto_tables(out, report)
    return report


def write_auto_tables(out: Path, report: StageReport) -> None:
    """Copy the auto-mode tables to ``OUT/auto/`` with their metadata; remove ones no longer produced."""
    source, target = config.auto_dir(config.interim_dir(out)), config.auto_dir(out)
    produced = {path.name: path for path in source.glob("*.parquet")} if source.exists() else {}
    for stale in target.glob("*.parquet") if target.exists() else ():
        if stale.name not in produced:
            stale.unlink()
    for name, path in sorted(produced.items()):
        target.mkdir(parents=True, exist_ok=True)
        write.write_atomic(outputs.inside(out, target / name), lambda temporary, path=path: shutil.copyfile(path, temporary))
        report.automatic[f"auto/{path.stem}"] = pq.read_metadata(path).num_rows
        report.counts[f"auto/{path.stem} (unreviewed)"] = report.automatic[f"auto/{path.stem}"]


def document_texts(raw: Path, documents: pd.DataFrame, pdf_lines: pd.DataFrame) -> dict[str, str]:
    """Given documents and the lines extract rebuilt from PDFs, return each document's text, line numbers kept.

    Any other file is read again by its reader (cheap); a PDF is not parsed a second time:
    its rebuilt lines are in ``pdf_lines`` (blank lines, which have no
    position, come back empty).
    """
    rebuilt = {document: dict(zip(frame["line"], frame["text"])) for document, frame in pdf_lines.groupby("document")}
    texts = {}
    for row in documents.itertuples(index=False):
        if row.encoding == "pdf":
            lines = rebuilt.get(row.document, {})
            texts[str(row.document)] = "\n".join(str(lines.get(number, "")) for number in range(1, int(row.n_lines) + 1))
        else:
            texts[str(row.document)] = "\n".join(text for _, text in sources.read(raw / str(row.file)).lines)
    return texts


def run_audit(raw: Path, out: Path) -> StageReport:
    """Check every claim of the documents present against the written tables; write claims.parquet."""
    specs = load_specs()
    outputs = all_outputs(specs)
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in outputs if (out / f"{name}.parquet").exists()}
    # A document left out of the tables has had its error reported; its claims have nothing to check.
    written = {document for frame in tables.values() for document in frame["document"].unique()}
    documents = load(out, "documents", "extract")
    texts = document_texts(raw, documents[documents["document"].isin(written)], load(out, "pdf_lines", "extract"))
    references = {name: output.references for name, output in outputs.items()}
    claims, errors = audit.audit(load_claims(), texts, tables, references)
    target = out / "claims.parquet"
    report = StageReport("audit", claims["status"].value_counts().to_dict())
    if errors:
        target.unlink(missing_ok=True)
        report.errors = list(errors)
        return report
    write.write_frame(claims, target, Claims, {"description": (Claims.__doc__ or "").strip(), "schema": Claims.__name__})
    mismatches = claims[claims["status"] != "match"]
    report.details = claims_table(mismatches) if len(mismatches) else []
    report.verbose_details = claims_table(claims)
    return report


def claims_table(claims: pd.DataFrame) -> list[str]:
    """Given the audited claims, return them as aligned text lines, one per claim."""
    def number(value: object, percent: object) -> str:
        if pd.isna(value):
            return "–"
        return f"{value:.4g}" + ("" if pd.isna(percent) else f" ({percent:.3g}%)")

    if claims.empty:
        return ["  no claims are declared for the documents written"]
    lines = [f"  {'document':<10} {'claim':<30} {'reported':>14} {'computed':>14}  status"]
    for row in claims.itertuples(index=False):
        lines.append(
            f"  {row.document:<10} {row.claim_id:<30} {number(row.reported, row.reported_percent):>14} "
            f"{number(row.computed, row.computed_percent):>14}  {row.status}"
        )
    return lines


def table_infos(specs: tuple[TableSpec, ...]) -> list[catalog.TableInfo]:
    """Given the specs, return every table the dataset can hold: outputs, companions and claims."""
    outputs = [
        catalog.schema_table(output.name, output.schema, output.description, output.grain, output.references)
        for output in all_outputs(specs).values()
    ]
    travelling = {**COMPANION_TABLES, "claims": Claims}
    return outputs + [catalog.schema_table(name, schema, (schema.__doc__ or "").strip()) for name, schema in travelling.items()]


def auto_table_infos(out: Path) -> list[catalog.TableInfo]:
    """Given the output folder, return the tables auto mode wrote there, each described from its file and named by its path."""
    paths = sorted(config.auto_dir(out).glob("*.parquet"))
    return [catalog.auto_table(config.table_name(out, path), pq.read_schema(path)) for path in paths]


def run_report(out: Path) -> StageReport:
    """Describe the written dataset: the data dictionary, the Frictionless Data Package descriptor and the HTML report."""
    specs = load_specs()
    tables = table_infos(specs) + auto_table_infos(out)
    missing = {code: reason for spec in specs for code, reason in spec.missing_codes.items()}
    codes = pd.read_parquet(out / "codes.parquet") if (out / "codes.parquet").exists() else pd.DataFrame(columns=["code", "meaning"])
    dictionary = catalog.data_dictionary(tables, codes, missing, MISSING_REASONS)
    write.write_text(dictionary, out / "DATA_DICTIONARY.md")
    package = catalog.data_package(tables, out, missing, MISSING_REASONS)
    write.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", out / "datapackage.json")
    write_report(out)
    return StageReport("report", {"tables described": len(package["resources"]), "report": 1})


def draft_table(raw: Path, document: str, number: int | str) -> str:
    """Given the raw folder, a document id and a table's number or label ("2", "S1", "6.7"), return a drafted spec module for
    that table.

    The table is read as auto mode reads it, whether or not a curated spec claims it.
    """
    stock = extract.take_inventory(raw)
    paths = [path for path in stock.paths if stock.ids[path.name] == document]
    if not paths:
        raise InputError(f"no document {document!r} in {raw} (ids come from {config.MANIFEST_NAME}, else the file stem)")
    found = extract.load_document(paths[0], stock.manifest)
    records = {record["table_id"]: record for record in extract.document_tables(found)}
    label = captions.label_of(number)
    if label is None or captions.table_id(label) not in records:
        printed = ", ".join(f"Table {captions.id_to_label(identifier)}" for identifier in records)
        raise InputError(f"no Table {number} in it; its tables are {printed or 'none'}", file=found.file)
    record = pd.Series({**records[captions.table_id(label)], "file": found.file})
    grid, why = parse.parse_unclaimed(record)
    if grid is None:
        raise InputError(str(why), file=found.file, table=str(record["table_id"]))
    return draft.draft_spec(found.document, label, str(record["caption"]), grid, auto.read_table(record, grid))

"""The corpus path: documents in batches, each batch through every stage's pure core at once, into a Parquet dataset.

``python -m pipeline run --batch-size B`` (or ``--workers N``, ``--engine dask``)
cuts the raw folder, in name order, into batches of B documents. A batch goes
through extract, parse, normalize and validate in one process, typed and
validated once per table kind, and is written as
``OUT/<table>/batch-NNNNN.parquet``, so ``pd.read_parquet(OUT/<table>)`` reads
the table whole and memory follows the batch size, not the corpus size.
A table no spec claims is read in auto mode, as in the single run, and written
as ``OUT/auto/<document>__<table>/batch-NNNNN.parquet``: a folder per table
like the curated ones (its one file is in the batch of its document), so it
reads the same way and a rerun's stale files go the same way.
Documents are still in or out whole, and each problem names its file, table,
line and value. Nothing intermediate is persisted, and audit and report do not
run: they are for reading a few documents closely, which the single run does.

``run_batch`` is the one function the engines (``pipeline/corpus/engines.py``) run,
in local processes or on a Dask cluster; everything it needs travels in its
``Task`` and everything it returns is small.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from pipeline import auto, config, inventory, outputs
from pipeline.stages import auto_tables, extract, normalize, parse, shell, write
from pipeline.errors import InputError
from pipeline.frames import concat, from_records
from pipeline.grid import Grid
from pipeline.spec import TableSpec
from pipeline.tables import load_specs, spec_for

BATCH_FILE = "batch-{number:05d}.parquet"
BATCH_GLOB = "batch-*.parquet"


@dataclass(frozen=True)
class Task:
    """One batch to run: its number, its documents, their manifest rows, where to write and how strictly."""

    number: int
    paths: tuple[str, ...]
    manifest: pd.DataFrame
    out: str
    lenient: bool = False
    auto_only: bool = False


@dataclass(frozen=True)
class Problem:
    """A document, table or output that failed: the stage, the message (one line per value) and its traceback for --debug."""

    stage: str
    message: str
    traceback: str = ""

    @classmethod
    def of(cls, stage: str, error: Exception) -> Problem:
        """Given a stage and the error it raised, return the problem as text, which any process can send back."""
        return cls(stage, str(error), "".join(traceback.format_exception(error)))


@dataclass
class Processed:
    """A batch after validate: the tables to write, the rows set aside, the tables read in auto mode, and what to report."""

    passed: dict[str, pd.DataFrame] = field(default_factory=dict)
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)
    automatic: dict[str, auto.AutoTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    documents: int = 0
    tables: int = 0


@dataclass(frozen=True)
class Summary:
    """What a written batch reports to the driver: counts, the files it wrote, its problems and notices."""

    number: int
    documents: int
    tables: int
    rows: dict[str, int]
    automatic: dict[str, int]  # "auto/<document>__<table>" → rows
    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    notices: tuple[str, ...]


def tasks(stock: inventory.Inventory, out: Path, batch_size: int, lenient: bool = False, auto_only: bool = False) -> list[Task]:
    """Given the raw folder's inventory and a batch size, return the batches in document-name order, each with its manifest rows.

    The inventory has refused a second file with an id already taken: the
    batches are validated apart, so only there can the corpus-wide key be checked.
    """
    paths, manifest = stock.paths, stock.manifest
    batches = [paths[start : start + batch_size] for start in range(0, len(paths), batch_size)]
    return [
        Task(number, tuple(str(path) for path in batch), manifest[manifest.index.isin([path.name for path in batch])], str(out), lenient, auto_only)
        for number, batch in enumerate(batches)
    ]


def parse_tables(
    tables: Sequence[dict], specs: tuple[TableSpec, ...], batch: Processed
) -> tuple[list[tuple[dict, TableSpec, Grid]], list[tuple[dict, Grid]]] | None:
    """Given a document's table records, return each claimed table with its spec and grid and each table auto mode can read
    with its grid, or None when a claimed table did not parse.

    Parse problems and what became of each table no spec claims are added to the batch's report.
    """
    claimed, unclaimed, failed = [], [], []
    for table in tables:
        spec = spec_for(str(table["caption"]), str(table["body"]), specs)
        if spec is None:
            grid, why_unread = parse.parse_unclaimed(table)
            note = why_unread or grid.note
            batch.notices.append(parse.unclaimed_notice(table, specs, auto_tables.auto_outcome(table, grid is not None, note)))
            if grid is not None:
                unclaimed.append((table, grid))
            continue
        try:
            grid = parse.parse_table(table, spec)
        except InputError as err:
            batch.problems.append(Problem.of("parse", err))
            failed.append(str(table["table_id"]))
            continue
        claimed.append((table, spec, grid))
        if grid.note:
            batch.notices.append(parse.reading_notice(table, grid.note))
    if failed:
        batch.notices.append(f"{tables[0]['file']}: skipped, because {', '.join(failed)} did not parse")
        return None
    return claimed, unclaimed


def normalize_claimed(
    document: extract.Document, claimed: Iterable[tuple[dict, TableSpec, Grid]], legends: Iterable[list[dict]]
) -> list[normalize.Normalized]:
    """Given a document, its parsed tables and their legends' codes, return each table normalized, or raise an InputError for the document."""
    info = normalize.DocumentInfo(document.document, document.file, document.first_author, document.year)
    results = []
    for (table, spec, grid), codes in zip(claimed, legends):
        legend = {record["code"]: record["meaning"] for record in codes}
        with shell.located(document.file, str(table["table_id"]), spec.name):
            results.append(normalize.normalize_rows(normalize.grid_to_rows(grid), spec, info, legend, str(table["table_id"])))
    return results


def process_batch(paths: Sequence[str | Path], manifest: pd.DataFrame, specs: tuple[TableSpec, ...], lenient: bool = False) -> Processed:
    """Given a batch's document paths, the manifest and the specs, return its validated tables, rows set aside and problems.

    Each document is read, parsed and normalized alone, so a damaged one is
    reported and left out; the batch is then typed and validated at once.
    """
    batch = Processed()
    documents, positions, codes, results = [], [], [], []
    for path in map(Path, paths):
        try:
            document, tables = extract.read_document(path, manifest)
        except InputError as err:
            batch.problems.append(Problem.of("extract", err))
            continue
        batch.documents += 1
        batch.tables += len(tables)
        documents.append(extract.document_record(document, tables))
        positions.extend(extract.position_records(document))
        parsed = parse_tables(tables, specs, batch)
        if parsed is None:
            continue
        claimed, unclaimed = parsed
        legends = [parse.legend_records(table) for table, _, _ in claimed]
        try:
            results.extend(normalize_claimed(document, claimed, legends))
        except InputError as err:
            batch.problems.append(Problem.of("normalize", err))
            continue
        # As in the single run: a document whose claimed tables failed contributes no auto-mode table either.
        batch.automatic.update({auto_tables.auto_name(document.document, str(table["table_id"])): auto.read_table(table, grid) for table, grid in unclaimed})
        codes.extend(record for legend in legends for record in legend)
        codes.extend(record for table, _ in unclaimed for record in parse.legend_records(table))
    outputs = shell.all_outputs(specs)
    typed, lineage, findings = normalize.frames(results, outputs)
    lineage = concat([lineage, auto_tables.auto_lineage(batch.automatic)], normalize.LINEAGE_DTYPES)
    findings = concat([findings, auto_tables.auto_findings(batch.automatic)], normalize.FINDING_DTYPES)
    companions = {
        "documents": from_records(documents, extract.DOCUMENT_DTYPES),
        "codes": from_records(codes, parse.CODE_DTYPES),
        "cell_lineage": normalize.with_positions(lineage, from_records(positions, extract.POSITION_DTYPES)),
        "findings": findings,
    }
    batch.passed, batch.rejected, report = shell.validate_dataset(typed, companions, outputs, lenient)
    batch.problems.extend(Problem.of("validate", error) for error in report.errors)
    batch.notices.extend(report.notices)
    return batch


def write_batch(batch: Processed, out: Path, number: int, specs: tuple[TableSpec, ...]) -> list[Path]:
    """Given a processed batch, write each table as ``OUT/<table>/batch-NNNNN.parquet`` (rejected rows under ``_rejected/``,
    auto-mode tables under ``auto/``); return the files."""
    tables = shell.written_tables(specs)
    name = BATCH_FILE.format(number=number)
    written = []
    for table, frame in sorted(batch.passed.items()):
        schema, metadata = tables[table]
        written.append(write.write_frame(frame, out / table / name, schema, metadata))
    for table, frame in sorted(batch.rejected.items()):
        _, metadata = tables[table]
        written.append(write.write_frame(frame, config.rejected_dir(out) / table / name, table_metadata={**metadata, **shell.REJECTED_METADATA}))
    for table, automatic in sorted(batch.automatic.items()):
        written.append(auto_tables.write_auto_table(automatic, outputs.inside(out, config.auto_dir(out) / table / name)))
    return written


def run_batch(task: Task) -> Summary:
    """Given a task, process its batch and write it; return the summary the driver reports."""
    specs = () if task.auto_only else load_specs()
    batch = process_batch(task.paths, task.manifest, specs, task.lenient)
    files = write_batch(batch, Path(task.out), task.number, specs)
    return Summary(
        number=task.number,
        documents=batch.documents,
        tables=batch.tables,
        rows={name: len(frame) for name, frame in batch.passed.items()},
        automatic={f"auto/{name}": len(table.frame) for name, table in batch.automatic.items()},
        files=tuple(str(path) for path in files),
        problems=tuple(batch.problems),
        notices=tuple(batch.notices),
    )


def remove_stale(out: Path, written: set[str], specs: tuple[TableSpec, ...]) -> list[Path]:
    """Given the output folder and the files this run wrote, remove the batch files an earlier run left; return them.

    An auto-mode table's folder left empty goes too: unlike a curated table's,
    its name is a document's table, and an empty folder would still list it.
    """
    folders = [root / table for table in shell.written_tables(specs) for root in (out, config.rejected_dir(out))]
    automatic = sorted(path for path in config.auto_dir(out).glob("*") if path.is_dir())
    stale = [path for folder in folders + automatic for path in sorted(folder.glob(BATCH_GLOB)) if str(path) not in written]
    for path in stale:
        path.unlink()
    for folder in automatic:
        if not any(folder.iterdir()):
            folder.rmdir()
    return stale

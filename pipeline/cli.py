"""Command line: ``python -m pipeline run`` runs every stage; each stage also runs alone.

Exit status: 0 when every document and table went through (or, with
``--lenient``, when the failures were set aside as warnings); 1 when any
document, table or output failed (the rest are still written); 2 for a usage
error (a missing folder, a stage run before the one it reads); 3 for a bug
(an exception no input check anticipated; ``--debug`` shows its traceback).
Usage and environment errors are one line each: a raw folder that is
missing or holds a folder named like a document, an ``--out`` that is a file
or cannot be written, an output folder another run holds.

``run`` writes the whole output set into a staging folder and swaps it in at
the end (``pipeline/outputs.py``): a run that stops on a bug, a usage error
or a kill leaves the previous set as it was.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Mapping, Sequence, TextIO

from pipeline import config, inventory, outputs, region_command, sources
from pipeline.corpus import batch
from pipeline.stages import extract, shell
from pipeline.corpus.engines import ENGINES
from pipeline.errors import InputError, UsageError
from pipeline.tables import load_specs

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
# Fewer documents than this finish before a progress line would help.
PROGRESS_THRESHOLD = 50
# Documents per batch on the corpus path: 250 documents of 32 rows keep a
# worker under 450 MiB, and the per-batch costs (a Pandera validation per
# table kind, a file per table) stay a few percent of the documents'.
DEFAULT_BATCH_SIZE = 250
CORPUS_OPTIONS = ("batch_size", "workers", "engine", "scheduler")
# The summary is one line: a corpus may have thousands of tables in auto mode, so past this many they are counted, not named.
AUTO_TABLES_NAMED = 10


def positive_int(text: str) -> int:
    """Given a command-line value, return it as a positive integer or raise argparse's error."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive integer")
    return value


def available_cpus() -> int:
    """Return how many CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per stage plus ``run``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn flattened clinical-literature tables into tidy, typed, validated Parquet.",
        epilog="Stages: extract → parse → normalize → validate → write → audit → report. "
        "Intermediate tables go to OUT/_interim/. "
        "Exit status: 0 ok (or failures set aside by --lenient), 1 some input failed, 2 usage or environment error, 3 bug.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {
        "run": "run every stage (extract, parse, normalize, validate, write, audit, report)",
        "extract": "find tables in the raw documents and inventory the documents",
        "parse": "rebuild each table's grid of raw cells with header paths and line numbers",
        "normalize": "turn raw cells into typed tidy tables by each table's spec",
        "validate": "check every table against its Pandera schema",
        "write": "write the validated tables as Parquet",
        "audit": "check the papers' prose claims against their tables; write claims.parquet",
        "report": "describe the dataset: DATA_DICTIONARY.md, datapackage.json and report.html",
    }
    spec = commands.add_parser(
        "spec",
        help="draft a table spec for a table, prefilled from auto mode",
        description="Print a table spec module (pipeline/spec.py's format) prefilled from auto mode: columns, inferred "
        "parsers, the legend's missing codes, continuation rows. Edit names and semantics, save it under pipeline/tables/.",
    )
    spec.add_argument("action", choices=["draft"], help="what to do (draft)")
    spec.add_argument("document", help="document id (from raw/manifest.csv, else the file stem)")
    spec.add_argument("--table", required=True, help="table number or label, as in its caption: 'Table 2', 'Table S1', 'Table 6.7'")
    spec.add_argument("--raw", type=Path, default=config.RAW_DIR, help="folder of source documents (default: %(default)s)")
    spec.add_argument("--output", type=Path, help="write the draft to this file instead of printing it")
    region_command.add_parser(commands)
    for name, text in helps.items():
        command = commands.add_parser(name, help=text, description=text)
        if name in ("run", "extract", "audit"):
            command.add_argument("--raw", type=Path, default=config.RAW_DIR, help="folder of source documents (default: %(default)s)")
        if name in ("run", "extract"):
            command.add_argument(
                "--follow-symlinks",
                action="store_true",
                help="read documents in the raw folder that are symbolic links (default: refused with a notice, since a link can point at any file)",
            )
        command.add_argument("--out", type=Path, default=config.NORMALIZED_DIR, help="output folder (default: %(default)s)")
        if name in ("run", "parse"):
            command.add_argument(
                "--auto-only",
                action="store_true",
                help="ignore the curated table specs: read every table in auto mode into OUT/auto/",
            )
        if name in ("run", "validate"):
            command.add_argument(
                "--lenient",
                action="store_true",
                help="write the rows that pass, put rejected rows with their reasons in OUT/_rejected/, "
                "and exit 0 with warnings (default: strict, a document with a failing row is left out and the exit status is 1)",
            )
        if name == "run":
            corpus = command.add_argument_group(
                "corpus scale",
                "Any of these runs extract → parse → normalize → validate → write on batches of documents, in "
                "parallel, into a Parquet dataset: OUT/<table>/batch-NNNNN.parquet (pd.read_parquet(OUT/<table>) "
                "reads a table whole; rejected rows under OUT/_rejected/<table>/, tables no spec claims under "
                "OUT/auto/<document>__<table>/). No interim tables, no audit or "
                "report. See README, 'Corpus scale'.",
            )
            corpus.add_argument("--batch-size", type=positive_int, metavar="B", help=f"documents per batch (default {DEFAULT_BATCH_SIZE})")
            corpus.add_argument(
                "--workers", type=positive_int, metavar="N",
                help="worker processes on this machine, for the local engine or Dask's local cluster (default: the CPUs available)",
            )
            corpus.add_argument("--engine", choices=sorted(ENGINES), help="local: a process pool on this machine (default); dask: a dask.distributed cluster")
            corpus.add_argument(
                "--scheduler", metavar="ADDRESS",
                help="with --engine dask, the scheduler to use, e.g. tcp://10.0.0.5:8786 (default: a local cluster of --workers processes)",
            )
        loudness = command.add_mutually_exclusive_group()
        loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
        loudness.add_argument("-v", "--verbose", action="store_true", help="also print each stage's time and each document's tables")
        command.add_argument("--debug", action="store_true", help="print the Python traceback behind each error")
    return parser


class Progress:
    """Shows how many documents a stage has done, once there are enough for the wait to be felt.

    On a terminal the line is redrawn in place; in a log it is printed at each
    tenth, so CI output stays short.
    """

    def __init__(self, stage: str, stream: TextIO = sys.stderr, threshold: int = PROGRESS_THRESHOLD) -> None:
        self.stage = stage
        self.stream = stream
        self.threshold = threshold
        self.interactive = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if self.interactive:
            end = "\n" if done == total else ""
            print(f"\r{self.stage}: {done}/{total} documents", end=end, file=self.stream, flush=True)
        elif done == total or done % max(1, total // 10) == 0:
            print(f"{self.stage}: {done}/{total} documents", file=self.stream, flush=True)


def stage_runners(args: argparse.Namespace, out: Path) -> list[tuple[str, Callable[[], shell.StageReport]]]:
    """Given parsed arguments and the folder to write in (``run``'s staging folder), return the stages to run in order."""

    def progress(stage: str) -> Progress | None:
        return None if args.quiet else Progress(stage)

    runners = {
        "extract": lambda: shell.run_extract(args.raw, out, progress("extract"), args.follow_symlinks),
        "parse": lambda: shell.run_parse(out, args.auto_only),
        "normalize": lambda: shell.run_normalize(out, progress("normalize")),
        "validate": lambda: shell.run_validate(out, args.lenient),
        "write": lambda: shell.run_write(out),
        "audit": lambda: shell.run_audit(args.raw, out),
        "report": lambda: shell.run_report(out),
    }
    names = shell.STAGES if args.command == "run" else (args.command,)
    return [(name, runners[name]) for name in names]


def print_error(error: Exception, stage: str, label: str, debug: bool) -> None:
    """Given an error of a stage, print each of its lines prefixed, and its traceback with --debug."""
    print_problem(batch.Problem.of(stage, error), label, debug)


def print_problem(problem: batch.Problem, label: str, debug: bool) -> None:
    """Given a problem, print each line of its message prefixed with its stage, and its traceback with --debug."""
    for line in problem.message.splitlines():
        print(f"{label}: {problem.stage}: {line}", file=sys.stderr)
    if debug:
        print(problem.traceback, file=sys.stderr)


def print_bug(error: Exception, stage: str, debug: bool) -> int:
    """Given an exception no input check anticipated, print it on one line (and its traceback with --debug); return the exit status."""
    print(f"bug: {stage}: unexpected {type(error).__name__}: {error} (please report it; --debug shows the traceback)", file=sys.stderr)
    if debug:
        print("".join(traceback.format_exception(error)), file=sys.stderr)
    return EXIT_BUG


def summary(reports: dict[str, shell.StageReport], seconds: float) -> str:
    """Given the reports of the stages run, return the one-line summary of the run."""
    failed = sum(len(report.errors) for report in reports.values())
    parts = []
    if "extract" in reports:
        parts.append(f"{reports['extract'].counts.get('documents', 0)} documents read")
    if "parse" in reports:
        parts.append(f"{reports['parse'].counts.get('tables', 0)} tables")
    if "write" in reports:
        written, automatic = reports["write"].rows_written, reports["write"].automatic
        parts.append("rows " + ", ".join(f"{name} {rows}" for name, rows in written.items()) if written else "no rows written")
        if automatic:
            parts.append(auto_summary(automatic))
        parts.append(f"{reports['write'].counts.get('findings', 0)} findings")
    if "audit" in reports:
        parts.append(", ".join(f"{count} claims {status}" for status, count in reports["audit"].counts.items()) or "no claims")
    parts.append(f"{failed} problems" if failed else "no problems")
    return f"summary: {'; '.join(parts)}; {seconds:.2f} s"


def auto_summary(automatic: Mapping[str, int]) -> str:
    """Given the tables written in auto mode (name → rows), return the summary's words about them."""
    names = sorted(automatic)
    more = f", and {len(names) - AUTO_TABLES_NAMED} more" if len(names) > AUTO_TABLES_NAMED else ""
    return f"{len(names)} tables in auto mode, unreviewed ({', '.join(names[:AUTO_TABLES_NAMED])}{more})"


def draft_command(args: argparse.Namespace) -> int:
    """Run ``spec draft``: print or write the drafted spec; an input problem is one line and exit 1, a usage problem exit 2."""
    try:
        inventory.check_raw_folder(args.raw)
        text = shell.draft_table(args.raw, args.document, args.table)
    except InputError as err:
        print(f"error: spec draft: {err}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except UsageError as err:
        print(f"error: spec draft: {err}", file=sys.stderr)
        return EXIT_USAGE
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as err:
            print(f"error: spec draft: cannot write {args.output} ({err.strerror})", file=sys.stderr)
            return EXIT_USAGE
        print(f"drafted {args.output}; edit it, then save it under pipeline/tables/", file=sys.stderr)
    else:
        print(text, end="")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "spec":
        return draft_command(args)
    if args.command == "region":
        return region_command.region_command(args, EXIT_USAGE, EXIT_INPUT_ERRORS)
    try:
        if getattr(args, "raw", None) is not None:
            inventory.check_raw_folder(args.raw)
        with outputs.locked(args.out) as out:
            if args.command != "run":
                return run_stages(args, out)
            with outputs.staged(out) as staging:
                corpus = any(getattr(args, option, None) is not None for option in CORPUS_OPTIONS)
                status = run_corpus(args, staging.path) if corpus else run_stages(args, staging.path)
                # A run that stopped short (a bug, a usage error) leaves the previous set; one that ran through is the new set.
                if status in (EXIT_OK, EXIT_INPUT_ERRORS):
                    staging.commit()
                return status
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as err:  # no document can be trusted (an unreadable manifest): nothing is written
        print(f"error: extract: {err}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    except OSError as err:  # the machine, outside any stage: staging or swapping the set (a full disk, --out a mount point)
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE


def shown(text: str, written: Path, out: Path) -> str:
    """Given a message about a file the run wrote, return it naming the output folder rather than the staging folder."""
    return text.replace(str(written), str(out)) if written != out else text


def run_stages(args: argparse.Namespace, written: Path) -> int:
    """Run the stages asked for, writing in ``written`` (``--out`` itself, or ``run``'s staging folder); return the exit status."""
    lenient = getattr(args, "lenient", False)
    started = time.perf_counter()
    reports: dict[str, shell.StageReport] = {}
    for name, runner in stage_runners(args, written):
        stage_started = time.perf_counter()
        try:
            report = reports[name] = runner()
        except InputError:
            raise
        except UsageError as err:
            raise UsageError(shown(str(err), written, args.out)) from err
        except FileNotFoundError as err:
            print(f"error: {shown(str(err), written, args.out)}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as err:  # the machine, not the input or the code: a full disk, a folder we may not write
            print(f"error: {name}: {shown(str(err), written, args.out)}", file=sys.stderr)
            return EXIT_USAGE
        except Exception as err:  # noqa: BLE001 - a bug is reported in one line, not as a traceback
            return print_bug(err, name, args.debug)
        for error in report.errors:
            print_error(error, name, "warning" if lenient else "error", args.debug)
        if not args.quiet:
            for notice in report.notices:
                print(f"notice: {name}: {shown(notice, written, args.out)}", file=sys.stderr)
            counts = ", ".join(f"{key} {value}" for key, value in report.counts.items()) or "no curated table"
            timing = f" ({time.perf_counter() - stage_started:.2f} s)" if args.verbose else ""
            print(f"{name:<9} {counts}{timing}")
            for detail in (report.verbose_details or report.details) if args.verbose else report.details:
                print(detail)
    failed = any(report.errors for report in reports.values())
    if failed and lenient:
        print(f"warning: some input failed and was set aside (--lenient); rejected rows are in {config.rejected_dir(args.out)}", file=sys.stderr)
    if not args.quiet:
        print(summary(reports, time.perf_counter() - started))
        print(f"outputs in {args.out}")
    return EXIT_INPUT_ERRORS if failed and not lenient else EXIT_OK


def run_corpus(args: argparse.Namespace, written: Path) -> int:
    """Run the corpus path with the engine asked for, writing in ``written``; print each batch's problems as it ends, then a summary;
    return the exit status."""
    try:
        return corpus_batches(args, written)
    except InputError:
        raise
    except UsageError as err:
        raise UsageError(shown(str(err), written, args.out)) from err
    except OSError as err:  # the machine, not the input or the code
        print(f"error: run: {shown(str(err), written, args.out)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - a bug is reported in one line, not as a traceback
        return print_bug(err, "run", args.debug)


def corpus_batches(args: argparse.Namespace, written: Path) -> int:
    """Run the corpus path's batches, writing in ``written``; return the exit status."""
    started = time.perf_counter()
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if args.engine == "dask" and importlib.util.find_spec("distributed") is None:
        raise UsageError("--engine dask needs dask.distributed: pip install 'clinical-tables[dask]'")
    stock = extract.take_inventory(args.raw, args.follow_symlinks)
    for error in stock.errors:
        print_error(error, "extract", "warning" if args.lenient else "error", args.debug)
    if not args.quiet:
        for notice in [*sources.unread_notices(args.raw), *stock.notices]:
            print(f"notice: extract: {notice}", file=sys.stderr)
    tasks = batch.tasks(stock, written, args.batch_size or DEFAULT_BATCH_SIZE, args.lenient, args.auto_only)
    progress = None if args.quiet else Progress("run")
    total = sum(len(task.paths) for task in tasks)
    summaries: list[batch.Summary] = []
    for summary in ENGINES[args.engine or "local"](tasks, args.workers or available_cpus(), args.scheduler):
        for problem in summary.problems:
            print_problem(problem, "warning" if args.lenient else "error", args.debug)
        if not args.quiet:
            for notice in summary.notices:
                print(f"notice: run: {notice}", file=sys.stderr)
        if args.verbose:
            print(f"batch {summary.number:05d}: {summary.documents} documents read, {len(summary.problems)} problems")
        summaries.append(summary)
        if progress:
            progress(sum(len(tasks[done.number].paths) for done in summaries), total)
    for path in batch.remove_stale(written, {file for summary in summaries for file in summary.files}, load_specs()):
        if not args.quiet:
            print(f"notice: run: {shown(str(path), written, args.out)}: removed, an earlier run's batch", file=sys.stderr)
    failed = bool(stock.errors) or any(summary.problems for summary in summaries)
    if failed and args.lenient:
        print(f"warning: some input failed and was set aside (--lenient); rejected rows are in {config.rejected_dir(args.out)}", file=sys.stderr)
    if not args.quiet:
        print(corpus_summary(summaries, total, time.perf_counter() - started))
        print(f"outputs in {args.out}/<table>/, one Parquet file per batch")
    return EXIT_INPUT_ERRORS if failed and not args.lenient else EXIT_OK


def corpus_summary(summaries: Sequence[batch.Summary], total: int, seconds: float) -> str:
    """Given the batches' summaries, the documents in all and the time taken, return the one-line summary of a corpus run."""
    rows: dict[str, int] = {}
    for summary in summaries:
        for name, count in summary.rows.items():
            rows[name] = rows.get(name, 0) + count
    outputs = ", ".join(f"{name} {count}" for name, count in rows.items() if name not in shell.COMPANION_TABLES)
    automatic = {name: count for summary in summaries for name, count in summary.automatic.items()}
    problems = sum(len(summary.problems) for summary in summaries)
    return (
        f"summary: {sum(summary.documents for summary in summaries)} documents read in {len(summaries)} batches; "
        f"{sum(summary.tables for summary in summaries)} tables; {f'rows {outputs}' if outputs else 'no rows written'}; "
        f"{f'{auto_summary(automatic)}; ' if automatic else ''}"
        f"{rows.get('findings', 0)} findings; {f'{problems} problems' if problems else 'no problems'}; "
        f"{seconds:.2f} s ({total / seconds:,.0f} documents/s)"
    )

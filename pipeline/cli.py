"""Command line: ``python -m pipeline run`` runs every stage; each stage also runs alone.

Exit status: 0 when every document and table went through (or, with
``--lenient``, when the failures were set aside as warnings); 1 when any
document, table or output failed (the rest are still written); 2 for a usage
error (a missing folder, a stage run before the one it reads); 3 for a bug
(an exception no input check anticipated; ``--debug`` shows its traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Sequence, TextIO

from pipeline import config, stages
from pipeline.errors import InputError

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
# Fewer documents than this finish before a progress line would help.
PROGRESS_THRESHOLD = 50


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per stage plus ``run``."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Turn flattened clinical-literature tables into tidy, typed, validated Parquet.",
        epilog="Stages: extract → parse → normalize → validate → write → audit → report. "
        "Intermediate tables go to OUT/_interim/. "
        "Exit status: 0 ok (or failures set aside by --lenient), 1 some input failed, 2 usage error, 3 bug.",
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
    spec.add_argument("--table", type=int, required=True, help="table number, as in its caption 'Table N'")
    spec.add_argument("--raw", type=Path, default=config.RAW_DIR, help="folder of source documents (default: %(default)s)")
    spec.add_argument("--output", type=Path, help="write the draft to this file instead of printing it")
    for name, text in helps.items():
        command = commands.add_parser(name, help=text, description=text)
        if name in ("run", "extract", "audit"):
            command.add_argument("--raw", type=Path, default=config.RAW_DIR, help="folder of source documents (default: %(default)s)")
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


def stage_runners(args: argparse.Namespace) -> list[tuple[str, Callable[[], stages.StageReport]]]:
    """Given parsed arguments, return the stages to run in order."""

    def progress(stage: str) -> Progress | None:
        return None if args.quiet else Progress(stage)

    runners = {
        "extract": lambda: stages.run_extract(args.raw, args.out, progress("extract")),
        "parse": lambda: stages.run_parse(args.out, args.auto_only),
        "normalize": lambda: stages.run_normalize(args.out, progress("normalize")),
        "validate": lambda: stages.run_validate(args.out, args.lenient),
        "write": lambda: stages.run_write(args.out),
        "audit": lambda: stages.run_audit(args.raw, args.out),
        "report": lambda: stages.run_report(args.out),
    }
    names = stages.STAGES if args.command == "run" else (args.command,)
    return [(name, runners[name]) for name in names]


def print_error(error: Exception, stage: str, label: str, debug: bool) -> None:
    """Given an error of a stage, print each of its lines prefixed, and its traceback with --debug."""
    for line in str(error).splitlines():
        print(f"{label}: {stage}: {line}", file=sys.stderr)
    if debug:
        print("".join(traceback.format_exception(error)), file=sys.stderr)


def summary(reports: dict[str, stages.StageReport], seconds: float) -> str:
    """Given the reports of the stages run, return the one-line summary of the run."""
    failed = sum(len(report.errors) for report in reports.values())
    parts = []
    if "extract" in reports:
        parts.append(f"{reports['extract'].counts.get('documents', 0)} documents read")
    if "parse" in reports:
        parts.append(f"{reports['parse'].counts.get('tables', 0)} tables")
    if "write" in reports:
        written = {
            name: rows
            for name, rows in reports["write"].counts.items()
            if name not in stages.COMPANION_TABLES and not name.startswith(("rejected", "auto/"))
        }
        parts.append("rows " + ", ".join(f"{name} {rows}" for name, rows in written.items()) if written else "no rows written")
        automatic = [name for name in reports["write"].counts if name.startswith("auto/")]
        if automatic:
            parts.append(f"{len(automatic)} tables in auto mode, unreviewed ({', '.join(name.split(' ')[0] for name in automatic)})")
        parts.append(f"{reports['write'].counts.get('findings', 0)} findings")
    if "audit" in reports:
        parts.append(", ".join(f"{count} claims {status}" for status, count in reports["audit"].counts.items()) or "no claims")
    parts.append(f"{failed} problems" if failed else "no problems")
    return f"summary: {'; '.join(parts)}; {seconds:.2f} s"


def draft_command(args: argparse.Namespace) -> int:
    """Run ``spec draft``: print or write the drafted spec; an input problem is one line and exit 1."""
    try:
        text = stages.draft_table(args.raw, args.document, args.table)
    except InputError as err:
        print(f"error: spec draft: {err}", file=sys.stderr)
        return EXIT_INPUT_ERRORS
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"drafted {args.output}; edit it, then save it under pipeline/tables/", file=sys.stderr)
    else:
        print(text, end="")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "spec":
        return draft_command(args)
    if getattr(args, "raw", None) is not None and not args.raw.is_dir():
        print(f"error: raw folder {args.raw} does not exist", file=sys.stderr)
        return EXIT_USAGE
    lenient = getattr(args, "lenient", False)
    started = time.perf_counter()
    reports: dict[str, stages.StageReport] = {}
    for name, runner in stage_runners(args):
        stage_started = time.perf_counter()
        try:
            report = reports[name] = runner()
        except FileNotFoundError as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
        except Exception as err:  # noqa: BLE001 - a bug is reported in one line, not as a traceback
            print(f"bug: {name}: unexpected {type(err).__name__}: {err} (please report it; --debug shows the traceback)", file=sys.stderr)
            if args.debug:
                print("".join(traceback.format_exception(err)), file=sys.stderr)
            return EXIT_BUG
        for error in report.errors:
            print_error(error, name, "warning" if lenient else "error", args.debug)
        if not args.quiet:
            for notice in report.notices:
                print(f"notice: {name}: {notice}", file=sys.stderr)
            counts = ", ".join(f"{key} {value}" for key, value in report.counts.items())
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

"""Measure auto mode on printed tables: each table rendered as a user meets it, read back, grid and numbers compared.

Every ``*.html`` table of the folder (``tests/printed_tables.py`` says the
form: spans, indentation, raised markers, the legend) is rendered as a
one-cell-per-line export with spanning cells padded, written once, padded
with the labels' indentation kept, as a journal-style PDF with rules and
without, as a journal's HTML page, as PubMed Central's JATS XML and as a
Word document (each read by its own reader), and as the PDF's text a row a
line (``stream``); each is read
with no spec, as the staged run reads a table no spec claims. Printed per
form: tables read, header paths exact, body grid exact; and, for the tables
read as characteristics or association tables, how many of the cells
printing a number come back as one long-form record whose numbers are
exactly the printed ones (none missing, none extra, none duplicated).
``--show`` prints each table's first difference. Asserts nothing.
The forms ``pdf-browser``, ``pdf-browser-grid``, ``pdf-browser-tight`` and
``pdf-browser-dense`` (not run unless named) have a second typesetter set the
PDF: the table's page printed by headless Chromium, with booktabs rules, boxed
with cells centred vertically, without rules with rows a point apart, and with
booktabs rules and rows not padded at all.

    python bench/printed_tables.py [--folder tests/fixtures/printed] [--forms padded,once,indented,pdf,pdf-unruled,html,jats,docx,stream] [--show]
    python bench/printed_tables.py --forms pdf-browser,pdf-browser-grid,pdf-browser-tight,pdf-browser-dense   # typeset by headless Chromium
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import kinds  # noqa: E402
from tests import printed_tables  # noqa: E402
from tests.printed_tables import FORMS, STREAM, STRUCTURED, read_back, read_structured, render, write_structured  # noqa: E402



@dataclass
class Outcome:
    """What one table in one form read back as."""

    read: bool = False
    paths: bool = False
    rows: bool = False
    kind: str = ""
    cells: int = 0
    typed: int = 0
    problems: Counter = field(default_factory=Counter)
    difference: str = ""
    body_rows: int = 0
    seconds: float = 0.0


def evaluate(table: printed_tables.PrintedTable, form: str, folder: Path) -> Outcome:
    """Given a table and a form, render it, read it back and compare."""
    outcome = Outcome()
    written = write_structured(table, form, folder) if form in STRUCTURED else render(table, form, folder)
    started = time.perf_counter()
    grid, read, why = read_structured(written) if form in STRUCTURED else read_back(written, table.name)
    outcome.seconds = time.perf_counter() - started
    if grid is None:
        outcome.difference = why
        return outcome
    outcome.read, outcome.kind, outcome.body_rows = True, read.kind, len(grid.rows)
    outcome.paths, outcome.rows, outcome.difference = printed_tables.grid_difference(table, grid, form.startswith("pdf"))
    if read.kind in kinds.LONG_KINDS:
        cells = printed_tables.number_cells(table, read, form.startswith("pdf"))
        outcome.cells, outcome.typed = len(cells), sum(verdict == printed_tables.TYPED for verdict in cells.values())
        outcome.problems = Counter(verdict for verdict in cells.values() if verdict != printed_tables.TYPED)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "printed")
    parser.add_argument("--forms", default=",".join((*FORMS, STREAM)))
    parser.add_argument("--show", action="store_true", help="print each table's first difference and unread numbers")
    args = parser.parse_args(argv)
    tables = [printed_tables.html_to_table(path) for path in sorted(args.folder.glob("*.html"))]
    forms = args.forms.split(",")
    print(f"{len(tables)} printed tables from {args.folder}")
    print(f"{'form':10} {'read':>6} {'paths':>6} {'rows':>6} {'grid':>6}   {'numbers typed':>15}  {'rows/s':>7}  problems")
    with tempfile.TemporaryDirectory() as folder:
        for form in forms:
            outcomes = {}
            for table in tables:
                try:
                    outcomes[table.name] = evaluate(table, form, Path(folder))
                except Exception as err:  # noqa: BLE001 - a benchmark reports a crash and goes on
                    outcomes[table.name] = Outcome(difference=f"crashed: {type(err).__name__}: {err}")
            done = outcomes.values()
            cells, typed = sum(o.cells for o in done), sum(o.typed for o in done)
            problems = sum((o.problems for o in done), Counter())
            rate = sum(o.body_rows for o in done) / max(sum(o.seconds for o in done), 1e-9)
            print(f"{form:10} {sum(o.read for o in done):>6} {sum(o.paths for o in done):>6} {sum(o.rows for o in done):>6} "
                  f"{sum(o.paths and o.rows for o in done):>6}   {typed:>6}/{cells:<6} {100 * typed / max(cells, 1):3.0f}%  {rate:7.0f}  "
                  + ", ".join(f"{kind} {count}" for kind, count in problems.most_common()))
            if args.show:
                for name, outcome in outcomes.items():
                    if outcome.difference or outcome.problems:
                        print(f"    {name} [{outcome.kind}] {outcome.difference} {dict(outcome.problems) or ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

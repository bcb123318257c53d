"""``python -m pipeline region``: read given regions of a PDF's pages as tables and print each as CSV.

The command-line face of ``pipeline.sources.pdf_regions.read_areas`` (the
function the ICDAR benchmark calls): for a table no caption marks, or one
the caption path misreads, say where it is and get its grid.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from pipeline.errors import InputError
from pipeline.sources import pdf_regions

AREA_HELP = (
    "a table's region as PAGE:x0,y0,x1,y1 in PDF points with the origin at the page's bottom-left corner "
    "(y grows upwards), as camelot's table_areas; repeat for more tables"
)


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Given the command line's sub-parsers, add ``region`` to them."""
    text = "read given regions of a PDF's pages as tables and print each as CSV"
    command = commands.add_parser("region", help=text, description=text + ": rows as printed, a spanning cell's text in its first column.")
    command.add_argument("pdf", type=Path, help="the PDF file")
    command.add_argument("--area", action="append", required=True, metavar="PAGE:x0,y0,x1,y1", help=AREA_HELP)


def region_command(args: argparse.Namespace, usage_exit: int, input_exit: int) -> int:
    """Run ``region``: print each area's grid as CSV, a blank line between; a bad area is a usage error, an unreadable PDF an input error."""
    try:
        areas = [pdf_regions.parse_area(text) for text in args.area]
        grids = pdf_regions.read_areas(args.pdf, areas)
    except ValueError as err:
        print(f"error: region: {args.pdf.name}: {err}", file=sys.stderr)
        return usage_exit
    except InputError as err:
        print(f"error: region: {err.located(file=args.pdf.name)}", file=sys.stderr)
        return input_exit
    writer = csv.writer(sys.stdout, lineterminator="\n")
    for number, (area, cells) in enumerate(zip(areas, grids)):
        if number:
            print()
        if not cells:
            print(f"notice: region: {args.pdf.name}: no words in area {area.page}:{area.x0:g},{area.y0:g},{area.x1:g},{area.y1:g}", file=sys.stderr)
            continue
        writer.writerows([[cell.text for cell in row] for row in pdf_regions.cells_to_rows(cells, area.page)])
    return 0

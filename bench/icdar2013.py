"""Benchmark: the ICDAR 2013 Table Competition (EU half) read by our PDF reader, pdfplumber and camelot, same files, same run.

For every document: structure with the regions given (each tool reads each
ground-truth region; adjacency relations of non-empty cells against the
ground truth, ``bench/icdar_metric.py``), then detection without them (which
regions each tool finds on the pages, by overlap). Prints per tool the
relations micro-averaged over all tables and averaged per document (the
competition's way), the detection figures and the seconds each pass took.
A tool that fails on a file scores zero for its tables and the failure is
printed. Asserts nothing; not a test.

    make bench-icdar                       # camelot installed in .venv-bench
    python bench/icdar2013.py [--data DIR] [--tools ours,pdfplumber,...] [--show-errors N]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
import warnings
from pathlib import Path
from typing import Callable, Sequence

import pdfplumber

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from bench.icdar_metric import (  # noqa: E402
    Counts, GridCell, Region, compare, detection_counts, intersection, matched, paths_to_cells, per_document_average, precision_recall_f1,
    regions_of, rows_to_cells, structures_of,
)
from pipeline.headers import PATH_SEPARATOR  # noqa: E402
from pipeline.sources import pdf, pdf_regions  # noqa: E402

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "icdar2013-eu"
TOOLS = ("ours", "pdfplumber", "camelot-lattice", "camelot-stream")


# --- each tool, with regions given -------------------------------------------------------------------


def ours_structure(path: Path, regions: Sequence[Region]) -> list[list[GridCell]]:
    """Given a PDF and regions, return our region reader's grid of each."""
    areas = [pdf_regions.Area(region.page, region.x0, region.y0, region.x1, region.y1) for region in regions]
    return [
        [GridCell(cell.row, cell.column, cell.last_row, cell.last_column, cell.text) for cell in cells]
        for cells in pdf_regions.read_areas(path, areas)
    ]


def largest(tables: Sequence[Sequence[Sequence[str | None]]]) -> list[list[str | None]]:
    """Given the tables a tool found in one region, return the one with most non-empty cells (none: an empty table)."""
    if not tables:
        return []
    return max(tables, key=lambda rows: sum(1 for row in rows for text in row if text))


def pdfplumber_structure(path: Path, regions: Sequence[Region]) -> list[list[GridCell]]:
    """Given a PDF and regions, return pdfplumber's ``extract_tables()`` of each page cropped to the region."""
    grids = []
    with pdfplumber.open(path) as pdf:
        for region in regions:
            page = pdf.pages[region.page - 1]
            box = (max(0, region.x0 - 1), max(0, page.height - region.y1 - 1), min(page.width, region.x1 + 1), min(page.height, page.height - region.y0 + 1))
            grids.append(rows_to_cells(largest(page.crop(box).extract_tables())))
    return grids


def camelot_structure(flavor: str) -> Callable[[Path, Sequence[Region]], list[list[GridCell]]]:
    """Given a camelot flavour, return the function reading each region with it.

    Stream gets the region as ``table_areas`` (left, top, right, bottom).
    Lattice given the region as an area finds no table in most of them (the
    regions hug the text, the rules lie outside), so it reads the whole page
    and the table overlapping the region most is taken.
    """

    def read(path: Path, regions: Sequence[Region]) -> list[list[GridCell]]:
        import camelot

        grids = []
        pages: dict[int, list] = {}
        for region in regions:
            if flavor == "lattice":
                if region.page not in pages:
                    pages[region.page] = list(camelot.read_pdf(str(path), pages=str(region.page), flavor=flavor))
                tables = sorted(pages[region.page], key=lambda table: -intersection(region, Region(region.page, *table._bbox)))[:1]
                tables = [table for table in tables if intersection(region, Region(region.page, *table._bbox)) > 0]
            else:
                area = f"{region.x0},{region.y1},{region.x1},{region.y0}"
                tables = camelot.read_pdf(str(path), pages=str(region.page), flavor=flavor, table_areas=[area])
            grids.append(rows_to_cells(largest([table.df.values.tolist() for table in tables])))
        return grids

    return read


# --- each tool, without regions ------------------------------------------------------------------------


def ours_detection(path: Path) -> list[tuple[Region, list[GridCell]]]:
    """Given a PDF, return the tables our reader finds (captioned or not) with their grids as ``read_pdf`` prints them:
    header paths spread back into header rows, a level shared by neighbouring columns one spanning cell."""
    found = []
    for region, rows in pdf.table_grids(path):
        header = paths_to_cells(rows[0], PATH_SEPARATOR) if rows else []
        depth = max((cell.last_row + 1 for cell in header), default=0)
        body = [GridCell(cell.row + depth - 1, cell.column, cell.last_row + depth - 1, cell.last_column, cell.text) for cell in rows_to_cells(rows) if cell.row]
        found.append((Region(*region), header + body))
    return found


def pdfplumber_detection(path: Path) -> list[tuple[Region, list[GridCell]]]:
    """Given a PDF, return the tables pdfplumber's ``find_tables()`` finds, with their ``extract()``."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                x0, top, x1, bottom = table.bbox
                found.append((Region(page.page_number, x0, page.height - bottom, x1, page.height - top), rows_to_cells(table.extract())))
    return found


def camelot_detection(flavor: str) -> Callable[[Path], list[tuple[Region, list[GridCell]]]]:
    """Given a camelot flavour, return the function finding tables on all pages with it, with their grids."""

    def detect(path: Path) -> list[tuple[Region, list[GridCell]]]:
        import camelot

        tables = camelot.read_pdf(str(path), pages="all", flavor=flavor)
        return [(Region(int(table.page), *table._bbox), rows_to_cells(table.df.values.tolist())) for table in tables]

    return detect


STRUCTURE = {
    "ours": ours_structure,
    "pdfplumber": pdfplumber_structure,
    "camelot-lattice": camelot_structure("lattice"),
    "camelot-stream": camelot_structure("stream"),
}
DETECTION = {
    "ours": ours_detection,
    "pdfplumber": pdfplumber_detection,
    "camelot-lattice": camelot_detection("lattice"),
    "camelot-stream": camelot_detection("stream"),
}


# --- the run -------------------------------------------------------------------------------------------


def documents(data: Path) -> list[tuple[Path, list[Region], list[list[GridCell]]]]:
    """Given the data folder, return each document's PDF, its regions and each region's ground-truth cells, in name order."""
    found = []
    for pdf in sorted(data.glob("*.pdf")):
        regions = [region for table in regions_of(pdf.with_name(f"{pdf.stem}-reg.xml").read_text()) for region in table]
        cells = [part for table in structures_of(pdf.with_name(f"{pdf.stem}-str.xml").read_text()) for part in table]
        found.append((pdf, regions, cells))
    return found


def available(tool: str) -> bool:
    """Given a tool's name, return whether it can run here (camelot lives in .venv-bench only)."""
    return not tool.startswith("camelot") or importlib.util.find_spec("camelot") is not None


def run(data: Path, tools: Sequence[str], show_errors: int) -> None:
    """Given the data folder and the tools, run both passes and print the figures."""
    corpus = documents(data)
    regions_total = sum(len(regions) for _, regions, _ in corpus)
    print(f"ICDAR 2013 ({data.name}): {len(corpus)} documents, {regions_total} table regions")
    rows = []
    for tool in tools:
        if not available(tool):
            print(f"{tool}: not installed here (make bench-icdar installs it in .venv-bench)")
            continue
        failures: list[str] = []
        per_document: list[Counts] = []
        total = Counts(0, 0, 0)
        worst: list[tuple[float, str]] = []
        started = time.perf_counter()
        for pdf, regions, truths in corpus:
            try:
                grids = STRUCTURE[tool](pdf, regions)
            except Exception as err:  # noqa: BLE001 - a peer's failure scores zero and is printed
                failures.append(f"{pdf.name}: structure: {type(err).__name__}: {err}")
                grids = [[] for _ in regions]
            document = Counts(0, 0, 0)
            for number, (truth, grid) in enumerate(zip(truths, grids), start=1):
                counts = compare(truth, grid)
                document += counts
                worst.append((precision_recall_f1(counts)[2], f"{pdf.stem} region {number}"))
            per_document.append(document)
            total += document
        structure_seconds = time.perf_counter() - started
        started = time.perf_counter()
        recalled = precise = found_total = 0
        complete = Counts(0, 0, 0)
        for path, regions, truths in corpus:
            try:
                found = DETECTION[tool](path)
            except Exception as err:  # noqa: BLE001 - as above
                failures.append(f"{path.name}: detection: {type(err).__name__}: {err}")
                found = []
            hit, pure = detection_counts(regions, [region for region, _ in found])
            recalled, precise, found_total = recalled + hit, precise + pure, found_total + len(found)
            for region, truth in zip(regions, truths):
                complete += compare(truth, matched(region, found))
        detection_seconds = time.perf_counter() - started
        rows.append((tool, precision_recall_f1(total), per_document_average(per_document), recalled / regions_total,
                     precise / found_total if found_total else 0.0, found_total, precision_recall_f1(complete), structure_seconds,
                     detection_seconds))
        for failure in failures:
            print(f"{tool}: FAILED {failure}")
        if show_errors:
            print(f"{tool}: lowest F1 regions: " + ", ".join(f"{name} {f1:.2f}" for f1, name in sorted(worst)[:show_errors]))
    print()
    print(f"{'':16} {'structure, regions given':^44} {'detection and structure, no regions':^52}")
    print(f"{'tool':16} {'micro P':>7} {'R':>6} {'F1':>6}  {'per-doc P':>9} {'R':>6} {'F1':>6}  {'recall':>6} {'prec.':>6} {'found':>6}  "
          f"{'struct P':>8} {'R':>6} {'F1':>6}  {'s struct':>8} {'s detect':>8}")
    for tool, micro, average, recall, precision, found, complete, s1, s2 in rows:
        print(f"{tool:16} {micro[0]:7.3f} {micro[1]:6.3f} {micro[2]:6.3f}  {average[0]:9.3f} {average[1]:6.3f} {average[2]:6.3f}  "
              f"{recall:6.3f} {precision:6.3f} {found:6d}  {complete[0]:8.3f} {complete[1]:6.3f} {complete[2]:6.3f}  {s1:8.1f} {s2:8.1f}")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of NAME.pdf, NAME-reg.xml, NAME-str.xml (default: %(default)s)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated, of: " + ", ".join(TOOLS))
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="also print each tool's N lowest-scoring regions")
    args = parser.parse_args(argv)
    tools = [tool.strip() for tool in args.tools.split(",") if tool.strip()]
    unknown = [tool for tool in tools if tool not in TOOLS]
    if unknown:
        parser.error(f"unknown tools: {', '.join(unknown)}")
    if not args.data.is_dir():
        parser.error(f"no data folder {args.data}")
    warnings.simplefilter("ignore")  # camelot warns per page it finds no table on; the figures say it
    run(args.data, tools, args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

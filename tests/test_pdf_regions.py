"""Page regions read as tables, tables found without a caption, and the ICDAR 2013 metric the benchmark prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfgen import canvas

from bench.icdar_metric import (
    BELOW, RIGHT, Counts, GridCell, Region, adjacency_relations, compare, detection_counts, matched, paths_to_cells,
    per_document_average, precision_recall_f1, regions_of, rows_to_cells, structures_of,
)
from pipeline.sources import pdf_lattice, pdf_regions
from pipeline.sources.pdf_pages import Position, TextLine, Word, read_pages
from pipeline.sources.pdf import pdf_to_lines
from tests import region_fixtures

ROOT = Path(__file__).resolve().parents[1]
ICDAR = ROOT / "tests" / "fixtures" / "icdar"


# --- the metric ----------------------------------------------------------------------------------------


def test_relations_of_a_full_grid_are_each_cells_right_and_lower_neighbour() -> None:
    relations = adjacency_relations(rows_to_cells([["a", "b"], ["c", "d"]]))
    assert relations == {("a", "b", RIGHT): 1, ("c", "d", RIGHT): 1, ("a", "c", BELOW): 1, ("b", "d", BELOW): 1}


def test_empty_cells_are_skipped_over_to_the_next_filled_one() -> None:
    relations = adjacency_relations(rows_to_cells([["a", "", "b"], ["", None, ""], ["c", "", "d"]]))
    assert relations == {("a", "b", RIGHT): 1, ("c", "d", RIGHT): 1, ("a", "c", BELOW): 1, ("b", "d", BELOW): 1}


def test_a_spanning_cell_relates_to_the_cell_below_each_column_it_spans() -> None:
    cells = [GridCell(0, 0, 0, 1, "Arm"), GridCell(1, 0, 1, 0, "A"), GridCell(1, 1, 1, 1, "B")]
    assert adjacency_relations(cells) == {("Arm", "A", BELOW): 1, ("Arm", "B", BELOW): 1, ("A", "B", RIGHT): 1}


def test_texts_compare_without_whitespace_as_the_ground_truth_spells_some() -> None:
    truth = [GridCell(0, 0, 0, 0, "to air\nkg/year"), GridCell(0, 1, 0, 1, "12"), GridCell(1, 0, 1, 0, "Airpassengersrights")]
    found = rows_to_cells([["to  air kg/year ", "12"], ["Air passengers rights", ""]])
    assert compare(truth, found) == Counts(2, 2, 2)
    assert compare(truth, rows_to_cells([["to air kg/year", "12"], ["Air passengers", ""]])).correct == 1  # a lost word still counts


def test_header_paths_spread_back_into_header_rows_with_spans() -> None:
    cells = paths_to_cells(["Study", "Arm / n", "Arm / %", "Total"], " / ")
    assert cells == [GridCell(0, 0, 0, 0, "Study"), GridCell(0, 1, 0, 2, "Arm"), GridCell(0, 3, 0, 3, "Total"),
                     GridCell(1, 1, 1, 1, "n"), GridCell(1, 2, 1, 2, "%")]


def test_a_true_region_is_scored_against_the_found_table_covering_most_of_it() -> None:
    truth = Region(1, 0, 0, 100, 100)
    small, large = [GridCell(0, 0, 0, 0, "small")], [GridCell(0, 0, 0, 0, "large")]
    assert matched(truth, [(Region(1, 0, 0, 40, 100), small), (Region(1, 0, 0, 90, 100), large)]) == large
    assert matched(truth, [(Region(1, 0, 0, 40, 100), small)]) == []  # under half of it: nothing found there
    assert matched(truth, [(Region(2, 0, 0, 100, 100), large)]) == []


def test_a_split_row_costs_its_relations() -> None:
    truth = rows_to_cells([["Label", "1"], ["Next", "2"]])
    found = rows_to_cells([["Label", ""], ["", "1"], ["Next", "2"]])
    counts = compare(truth, found)
    assert counts == Counts(found=3, truth=4, correct=3)  # "Label" lost its right neighbour "1"
    assert precision_recall_f1(counts)[:2] == (1.0, 0.75)


def test_per_document_average_weighs_documents_alike() -> None:
    precision, recall, f1 = per_document_average([Counts(10, 10, 10), Counts(2, 2, 0)])
    assert (precision, recall, f1) == (0.5, 0.5, 0.5)
    assert precision_recall_f1(Counts(0, 0, 0)) == (0.0, 0.0, 0.0)


def test_detection_counts_a_region_found_when_half_of_it_is_covered() -> None:
    truth = [Region(1, 0, 0, 100, 100), Region(2, 0, 0, 100, 100)]
    found = [Region(1, 0, 0, 100, 60), Region(1, 200, 200, 300, 300), Region(2, 0, 0, 100, 40)]
    assert detection_counts(truth, found) == (1, 2)


def test_ground_truth_files_parse_to_regions_and_cells() -> None:
    regions = regions_of((ICDAR / "eu-001-reg.xml").read_text())
    structures = structures_of((ICDAR / "eu-001-str.xml").read_text())
    assert [len(table) for table in regions] == [len(table) for table in structures]
    assert regions[0][0] == Region(1, 100, 451, 482, 543)
    first = structures[0][0]
    assert GridCell(0, 1, 0, 3, "THRESHOLD FOR RELEASES") in first


# --- the region reader ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [("1:10,20,30", "is not PAGE"), ("0:1,2,3,4", "page ≥ 1"), ("1:30,20,10,40", "x0 < x1"), ("1:10,40,30,20", "y0 < y1")],
)
def test_a_bad_area_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        pdf_regions.parse_area(text)


def test_an_area_parses_in_pdf_points() -> None:
    assert pdf_regions.parse_area(" 2: 10.5,20,300,400 ") == pdf_regions.Area(2, 10.5, 20, 300, 400)


def region_grid(path: Path, area: str) -> list[list[str]]:
    """Given a PDF and an area, return the region reader's rows of texts."""
    parsed = pdf_regions.parse_area(area)
    [cells] = pdf_regions.read_areas(path, [parsed])
    return [[cell.text for cell in row] for row in pdf_regions.cells_to_rows(cells, parsed.page)]


def test_a_region_reads_as_its_grid_with_spanning_label_and_wrapped_cell(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    assert region_grid(path, region_fixtures.region_area()) == region_fixtures.REGION_GRID


def test_a_spanning_label_spans_both_its_columns(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    [cells] = pdf_regions.read_areas(path, [pdf_regions.parse_area(region_fixtures.region_area())])
    label = next(cell for cell in cells if cell.text == "Outcome, number of patients")
    assert (label.row, label.column, label.last_column) == (0, 1, 2)


def test_an_area_leaves_out_the_prose_around_it(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    texts = {text for row in region_grid(path, region_fixtures.region_area()) for text in row}
    assert not any("cohort" in text or "Numbers" in text for text in texts)


def test_an_area_past_the_last_page_is_refused(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    with pytest.raises(ValueError, match="the PDF has 1 pages"):
        pdf_regions.read_areas(path, [pdf_regions.Area(3, 0, 0, 10, 10)])


def test_every_region_of_an_icdar_document_reads() -> None:
    """ICDAR eu-001 with its own regions: every table reads and most of its relations are right (no file-specific tuning)."""
    regions = [region for table in regions_of((ICDAR / "eu-001-reg.xml").read_text()) for region in table]
    truths = [part for table in structures_of((ICDAR / "eu-001-str.xml").read_text()) for part in table]
    areas = [pdf_regions.Area(r.page, r.x0, r.y0, r.x1, r.y1) for r in regions]
    grids = pdf_regions.read_areas(ICDAR / "eu-001.pdf", areas)
    assert all(grids)
    total = Counts(0, 0, 0)
    for truth, cells in zip(truths, grids):
        total += compare(truth, [GridCell(c.row, c.column, c.last_row, c.last_column, c.text) for c in cells])
    assert precision_recall_f1(total)[2] > 0.8


# --- the command line ----------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline`` with the arguments; return the finished process."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT, check=False)


def test_region_command_prints_the_grid_as_csv(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    done = run_cli("region", str(path), "--area", region_fixtures.region_area())
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [',"Outcome, number of patients",', "Group,Treated,Control", "Age under 50,12,14", '"Age 50 or more, ever smoked",8,9', "Total,20,23"]


def test_region_command_refuses_a_bad_area_in_one_line(tmp_path: Path) -> None:
    path = region_fixtures.write_region(tmp_path / "region.pdf")
    done = run_cli("region", str(path), "--area", "1:400,0,100,50")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["error: region: region.pdf: area '1:400,0,100,50' needs page ≥ 1, x0 < x1 and y0 < y1 (y grows upwards from the page's foot)"]


def test_region_command_names_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"not a pdf at all")
    done = run_cli("region", str(path), "--area", "1:0,0,100,100")
    assert done.returncode == 1
    assert done.stderr.startswith("error: region: broken.pdf: not a PDF")


def test_region_help_says_the_origin_is_bottom_left() -> None:
    done = run_cli("region", "--help")
    assert "bottom-left" in " ".join(done.stdout.split())


# --- tables without a caption --------------------------------------------------------------------------


def test_a_table_without_caption_is_found_and_flagged(tmp_path: Path) -> None:
    lines, _ = pdf_to_lines(region_fixtures.write_plain(tmp_path / "plain.pdf"))
    assert lines == [
        region_fixtures.PROSE_ABOVE, "",
        "Table 1 Found without a caption on page 1",
        "\tGroup", "\tTreated", "\tControl", "",
        "\tAge under 50", "\t12", "\t14", "",
        "\tTotal", "\t20", "\t23", "",
        region_fixtures.PROSE_BELOW,
    ]


def test_a_table_without_caption_goes_through_auto_mode(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    region_fixtures.write_plain(raw / "plain.pdf")
    done = run_cli("run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--auto-only")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "auto").is_dir() and any((tmp_path / "out" / "auto").iterdir())
    assert "plain.pdf: table_1: page 1: found without a caption, from the alignment of its columns" in done.stderr


def test_a_ruled_grid_framing_only_part_of_the_region_is_not_its_reading():
    # Rules drawn round the value columns only: the row labels lie outside every ruled cell.
    grid = [(row, column, row, column, "1.0", Position(1, 100 + 60 * column, 100 + 15 * row, 160 + 60 * column, 115 + 15 * row))
            for row in range(4) for column in range(2)]

    def word(x0: float, row: int) -> Word:
        return Word("1.0", x0, 103 + 15 * row, x0 + 15, 112 + 15 * row)

    inside = [word(110 + 60 * column, row) for row in range(4) for column in range(2)]
    outside = [word(40, row) for row in range(4)]  # the row labels: few enough cells that the count alone would pass
    assert pdf_lattice.acceptable(grid, len(inside), inside)
    assert not pdf_lattice.acceptable(grid, len(inside + outside), inside + outside)


def test_a_ruled_row_without_column_rules_is_cut_at_the_header_columns():
    # Rules between the header's columns only: a body row is one ruled cell over columns 0-2 (lines at 100, 160, 220, 280).
    xs = [100.0, 160.0, 220.0, 280.0]
    words = [Word("Austria", 104, 103, 140, 112), Word("109", 200, 103, 215, 112), Word("-", 248, 103, 251, 112)]
    assert pdf_lattice.open_row_parts(words, xs, 0, 2) == [(0, words[:1]), (1, words[1:2]), (2, words[2:])]


@pytest.mark.parametrize("words", [
    [Word("Adverse", 104, 103, 140, 112), Word("events", 143, 103, 175, 112)],  # a label lying across a column line spans
    [Word("Total", 104, 103, 130, 112)],  # one phrase in one column: nothing to cut
])
def test_a_ruled_spanning_label_keeps_its_cell(words):
    assert pdf_lattice.open_row_parts(words, [100.0, 160.0, 220.0, 280.0], 0, 2) == [(0, words)]


def test_a_grid_of_shaded_cells_set_apart_by_white_bands_is_read_by_its_cells(tmp_path):
    # The table shaded, its rules drawn as white bands 4 pt wide: the bands are slivers between strokes, not cells, and "Female
    # students" spans the two columns no band parts in its row.
    path = tmp_path / "shaded.pdf"
    page = canvas.Canvas(str(path), pagesize=(400, 300))
    page.setFillGray(0.85)
    page.rect(50, 166, 250, 64, stroke=0, fill=1)
    page.setFillGray(1)
    for x0, y0, x1, y1 in [(50, 196, 300, 200), (120, 166, 124, 230), (210, 166, 214, 196)]:
        page.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    page.setFillGray(0)
    for x, y, text in [(55, 210, "Faculty"), (130, 210, "Female students"), (55, 176, "Sciences"), (130, 176, "63"), (220, 176, "597")]:
        page.drawString(x, y, text)
    page.save()
    with pdfplumber.open(path) as pdf:
        cells = pdf_lattice.ruled_cells(pdf.pages[0], (45, 65, 305, 140))
    read = pdf_lattice.cells_to_grid(read_pages(path)[0], cells)
    assert sorted((row, column, last_column, text) for row, column, _, last_column, text, _ in read) == [
        (0, 0, 0, "Faculty"), (0, 1, 2, "Female students"), (1, 0, 0, "Sciences"), (1, 1, 1, "63"), (1, 2, 2, "597")]


def test_header_labels_wrapped_together_onto_a_bracketed_unit_stay_one_row():
    # "Number of / participants (*)" beside "Females / (%)": one header row of two labels, each on two lines.
    def phrase(text: str, x0: float, top: float) -> TextLine:
        return TextLine((Word(text, x0, top, x0 + 5 * len(text), top + 9),))

    row = {1: [phrase("Number of", 300, 100)], 2: [phrase("Females", 400, 100)]}
    assert pdf_regions.continues(row, {1: [phrase("participants (*)", 290, 110)], 2: [phrase("(%)", 410, 110)]}, [], [380, 450])
    assert not pdf_regions.continues(row, {1: [phrase("79 935", 320, 110)], 2: [phrase("(55)", 410, 110)]}, [], [380, 450])


def test_a_word_a_justified_header_line_spreads_alone_sets_no_column():
    # "Fraction      of" over "Wealth Lost": LaTeX justifies a header cell; "of" lies right of every value of its column.
    def line(top: float, *cells: tuple[str, float, float]) -> list[TextLine]:
        return [TextLine((Word(text, x0, top, x1, top + 9),)) for text, x0, x1 in cells]

    header = line(100, ("Freq.", 237, 259), ("Mean Loss", 376, 422), ("Fraction", 445, 482), ("of", 495, 503))
    rows = [line(130 + 12 * n, (f"Row {n}", 80, 168), ("344", 237, 252), ("12196", 376, 401), ("17.4%", 445, 471)) for n in range(3)]
    assert [round(x0) for x0, _ in pdf_regions.phrases_to_columns([header, line(110, ("Wealth Lost", 445, 499))[0:1], *rows])] == [80, 237, 376, 445]


def test_a_fill_inside_a_fill_of_its_colour_draws_no_rule():
    # A label cell's shading laid in two pieces over the shading of its two rows: the pieces' common edge is not seen.
    grey, black = (0.88,), (0.0,)
    row = {"x0": 57.5, "x1": 146.3, "top": 210.4, "bottom": 238.0, "non_stroking_color": grey}
    pieces = [dict(row, x0=58.3, x1=145.2, top=211.9, bottom=222.4), dict(row, x0=58.3, x1=145.2, top=222.4, bottom=232.7)]
    rule = dict(row, bottom=211.0, non_stroking_color=black)
    fills = [row, *pieces, rule]
    assert [pdf_lattice.hidden_fill(rect, fills) for rect in fills] == [False, True, True, False]

"""The cell-per-line layout on the review's Table 1, cell by cell."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import config
from pipeline.captions import id_to_label, table_id
from pipeline.errors import InputError
from pipeline.sources.text import text_to_lines
from pipeline.stages.extract import lines_to_tables
from pipeline.layouts import cell_per_line
from pipeline.stages.parse import table_to_lines
from tests.conftest import read_golden
from tests.test_robustness import header_and_rows

SEED = config.RAW_DIR / "000_513c70c52d57c45f.txt"


@pytest.fixture(scope="module")
def seed_table() -> pd.Series:
    tables = lines_to_tables(text_to_lines(SEED.read_text(encoding="utf-8")), "meng2022")
    assert [table["table_id"] for table in tables] == ["table_1"]
    return pd.Series(tables[0])


def test_extract_finds_caption_layout_and_legend(seed_table):
    assert seed_table["caption"].startswith("Summary of published colorectal cancer")
    assert seed_table["layout"] == cell_per_line.NAME
    assert seed_table["legend"].startswith("M: Male; F: Female; NS: Not specified")
    assert seed_table["legend_line"] == 635


def test_every_body_cell_matches_the_golden_grid(seed_table):
    grid = cell_per_line.lines_to_grid(table_to_lines(seed_table), {})
    parsed = pd.DataFrame(
        [
            {"row": str(row), "column": str(column), "text": cell.text, "line": str(cell.line)}
            for row, cells in enumerate(grid.rows, start=1)
            for column, cell in enumerate(cells)
        ]
    )
    pd.testing.assert_frame_equal(parsed, read_golden("meng2022_table1_cells.csv"), check_dtype=False)
    assert len(grid.rows) == 32


def test_header_paths_distinguish_the_two_surgery_columns(seed_table):
    grid = cell_per_line.lines_to_grid(table_to_lines(seed_table), {})
    assert "Primary tumor / Surgery" in grid.paths
    assert "Anal metastasis / Surgery" in grid.paths
    assert len(grid.paths) == 16


def test_row_with_a_missing_cell_names_its_line():
    lines = list(enumerate(["\tA", "\tB", "", "\t1", "\t2", "", "\t3", ""], start=10))
    with pytest.raises(InputError, match="1 cells but the header has 2 columns") as caught:
        cell_per_line.lines_to_grid(lines, {})
    assert caught.value.line == 16


def test_crlf_and_bom_parse_like_lf():
    text = SEED.read_text(encoding="utf-8")
    crlf = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    from pipeline.sources.text import decode

    assert lines_to_tables(text_to_lines(decode(crlf, "x")[0]), "d") == lines_to_tables(text_to_lines(text), "d")


@pytest.mark.parametrize(
    ("caption_lines", "number", "title"),
    [
        (["Table 1. Baseline characteristics"], 1, "Baseline characteristics"),
        (["Table 2: Outcomes at one year"], 2, "Outcomes at one year"),
        (["TABLE 3 Hazard ratios"], 3, "Hazard ratios"),
        (["Table IV Subgroups"], 4, "Subgroups"),
        (["Table 5", "Characteristics by arm"], 5, "Characteristics by arm"),
        (["Table 6"], 6, ""),
    ],
)
def test_a_text_export_s_caption_in_the_forms_journals_print(caption_lines, number, title):
    text = "\n".join(["Some prose.", "", *caption_lines, "\tLabel", "\tValue", "", "\tAge", "\t52", ""])
    [table] = lines_to_tables(text_to_lines(text), "doc")
    assert (table["table_id"], table["caption"], table["layout"]) == (f"table_{number}", title, cell_per_line.NAME)
    assert table["body"].startswith("\tLabel")


def test_prose_naming_a_table_is_no_caption():
    text = "Table 1 shows the baseline characteristics.\n\nTable 2 (continued)\n\tLabel\n\tValue\n"
    assert lines_to_tables(text_to_lines(text), "doc") == []


def grid_of(*rows: list[str]):
    """Given rows of cells, return the grid the layout reads from them written one cell per line."""
    lines = [line for row in rows for line in [*(f"\t{cell}" for cell in row), ""]]
    return cell_per_line.lines_to_grid(list(enumerate(lines, start=1)), {})


@pytest.mark.parametrize(
    ("header", "paths"),
    [
        # Sizes after the arm's name, the stub's cell blank: no value in the row, so it is a header row.
        ([["Characteristic", "Trial arm", ""], ["", "Intervention n = 558", "Control n = 457"]],
         ("Characteristic", "Trial arm / Intervention n = 558", "Trial arm / Control n = 457")),
        # The stub's own label in the lower row, under a padded span.
        ([["", "Adjusted HR [CI]", ""], ["Subgroup", "Total", "<1 year"]], ("Subgroup", "Adjusted HR [CI] / Total", "Adjusted HR [CI] / <1 year")),
        # Numbers naming the columns a padded span left open.
        ([["", "Body fatness", "", "Height, m", ""], ["", "1", "5", "<1.6", "1.75"]],
         ("(column 1)", "Body fatness / 1", "Body fatness / 5", "Height, m / <1.6", "Height, m / 1.75")),
        # Written once: the upper row is short, so the row below names the columns.
        ([["", "Women", "Men"], ["Variable", "Cases, n=71", "Controls, n=370", "Cases, n=75", "Controls, n=289"]],
         ("Variable", "Women / Cases, n=71", "Women / Controls, n=370", "Men / Cases, n=75", "Men / Controls, n=289")),
    ],
)
def test_header_rows_are_read_by_content(header, paths):
    grid = grid_of(*header, ["Age, years", "52", "51", *(["50", "49"] if len(paths) > 3 else [])][: len(paths)], ["Sex", *[""] * (len(paths) - 1)],
                   ["Female", *["10"] * (len(paths) - 1)])
    assert grid.paths == paths
    assert [cell.text for cell in grid.rows[0]][0] == "Age, years"


def test_a_group_row_or_a_row_of_values_after_an_open_header_is_body():
    grid = grid_of(["Characteristic", "Arm A", ""], ["", "n", "%"], ["Sex", "", ""], ["Female", "10", "50.0"])
    assert grid.paths == ("Characteristic", "Arm A / n", "Arm A / %")
    assert [cell.text for cell in grid.rows[0]] == ["Sex", "", ""]


def test_a_body_cell_written_once_across_a_group_s_columns_sits_under_the_group_and_is_noted():
    header = [["", "LSB", "HSB"], ["", "Pemetrexed", "Placebo", "Pemetrexed", "Placebo"]]
    rows = [["Median PFS, months", "3.9", "2.1", "4.6", "1.6"], ["HR (pemetrexed versus placebo)", "0.50 (0.39, 0.63)", "0.54 (0.35, 0.82)"],
            ["Interaction", "P = 0.67"], ["Median OS, months", "13.4", "10.6", "8.8", "5.2"]]
    grid = cell_per_line.lines_to_grid(header_and_rows(*header, *rows), {})
    assert [[cell.text for cell in row] for row in grid.rows[1:3]] == [
        ["HR (pemetrexed versus placebo)", "0.50 (0.39, 0.63)", "", "0.54 (0.35, 0.82)", ""], ["Interaction", "P = 0.67", "", "", ""]]
    assert len(grid.notes) == 2 and "spanning the column groups" in grid.notes[0]


def test_a_last_row_written_once_across_the_groups_like_rows_above_it_is_spread_and_noted():
    header = [["", "LSB", "HSB"], ["", "Pemetrexed", "Placebo", "Pemetrexed", "Placebo"]]
    rows = [["Median PFS, months", "3.9", "2.1", "4.6", "1.6"], ["HR (pemetrexed versus placebo)", "0.50 (0.39, 0.63)", "0.54 (0.35, 0.82)"],
            ["Interaction", "P = 0.67"]]
    grid = cell_per_line.lines_to_grid(header_and_rows(*header, *rows), {})
    assert [cell.text for cell in grid.rows[-1]] == ["Interaction", "P = 0.67", "", "", ""]
    assert "may be cut off" not in grid.notes[-1] and "if the table was cut off there" in grid.notes[-1]
    # With no row above spread so, a short last row still says the table may be cut off.
    with pytest.raises(InputError, match="may be cut off"):
        cell_per_line.lines_to_grid(header_and_rows(*header, rows[0], rows[1][:1] + ["0.50", "0.54", "0.61", "0.70"], rows[1]), {})


def test_a_row_a_cell_short_under_a_header_with_single_columns_is_refused_not_spread():
    header = [["Study", "Age", "Tumour", ""], ["", "", "Size", "Site"]]
    rows = [["Smith", "50", "2.0", "Colon"], ["Jones", "61", "Rectum"], ["Lee", "70", "3.5", "Colon"]]
    with pytest.raises(InputError, match="3 cells but the header has 4 columns"):
        cell_per_line.lines_to_grid(header_and_rows(*header, *rows), {})


@pytest.mark.parametrize(("label", "identifier"), [("2", "table_2"), ("6.7", "table_6_7"), ("S1", "table_s1"), ("CA7", "table_ca7")])
def test_a_table_s_id_gives_back_its_label(label, identifier):
    assert table_id(label) == identifier and id_to_label(identifier) == label


def test_tables_numbered_as_reports_and_supplements_number_them_keep_their_labels():
    text = "\n".join(["Table 6.7: Growth in stores", "\tCountry", "\tStores", "", "\tAustria", "\t568", "",
                      "Table 6.8: Franchising", "\tCountry", "\tFranchisors", "", "\tAustria", "\t80", "",
                      "Supplementary Table 1 Search terms", "\tDatabase", "\tHits", "", "\tPubMed", "\t412", ""])
    records = lines_to_tables(text_to_lines(text), "report")
    assert [(record["table_id"], record["table_number"], record["caption"]) for record in records] == [
        ("table_6_7", None, "Growth in stores"), ("table_6_8", None, "Franchising"), ("table_s1", None, "Search terms")]

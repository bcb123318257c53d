"""The PDF reader on real typesetting (ICDAR 2013 documents in ``tests/fixtures/icdar``): grids drawn cell by cell, tables ruled
as full grids with and without a caption, a caption with a lettered label, a top rule over the value columns only; no
word of a page lost; and prose, lists and headings found as no table."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from pipeline.sources.pdf import read_pdf, table_grids
from pipeline.sources.pdf_detect import table_regions
from pipeline.sources.pdf_pages import drop_running_lines, read_pages

ICDAR = Path(__file__).parent / "fixtures" / "icdar"
DOCUMENTS = ("eu-001", "eu-003", "eu-013", "eu-018", "eu-021")


@pytest.fixture(scope="module")
def read() -> dict[str, list[str]]:
    return {name: read_pdf(ICDAR / f"{name}.pdf").lines for name in DOCUMENTS}


def table(lines: list[str], caption: str) -> list[list[str]]:
    """Given a document's rebuilt lines and the start of a table's caption line, return its rows of cell texts."""
    start = next(index for index, line in enumerate(lines) if line.startswith(caption))
    rows: list[list[str]] = [[]]
    for line in lines[start + 1:]:
        if line.startswith("\t"):
            rows[-1].append(line[1:].strip())
        elif not line and rows[-1]:
            rows.append([])
        elif line:
            break
    return [row for row in rows if row]


def words(text: str) -> Counter[str]:
    """Given text, return its words as compared: raised characters as plain ones, a caption's mark ("Table 3.1:") dropped."""
    return Counter(unicodedata.normalize("NFKC", word).rstrip(".:") for word in text.split())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_word_of_a_page_is_lost(read, name):
    pages = drop_running_lines(read_pages(ICDAR / f"{name}.pdf"))
    printed = words(" ".join(word.text for page in pages for word in page.words))
    assert printed - words(" ".join(read[name])) == Counter()


def test_a_full_grid_parts_a_label_from_the_cell_beside_it_and_a_wrapped_label_from_the_next_row(read):
    rows = table(read["eu-021"], "Table 3.1 ")
    assert rows[1:3] == [["Allergy problems", "Count", "93", "77"], ["", "Percentage", "18.8%", "15.6%"]]
    assert ["Chronic fatigue syndrome", "Count", "19", "4"] in rows


def test_close_lines_each_with_cells_beside_them_are_rows_of_their_own() -> None:
    # Rows set 2 pt apart, a label's next word too wide to have ended the line above: only the cells beside each line part them.
    rows = table(read_pdf(ICDAR / "eu-026.pdf").lines, "Table 1 Households")
    assert rows[1:4] == [["I/we kept the assets", "344", "75.2", "12196", "17.4%"], ["I/we sold some of the assets", "53", "11.6", "23518", "22.5%"],
                         ["I/we sold all of them", "61", "13.2", "9187", "22.5%"]]


def test_a_top_rule_over_the_value_columns_keeps_the_row_labels(read):
    rows = table(read["eu-013"], "Table 7 ")
    assert ["Vocational further education and training, not apprenticeship training", "79 935", "55"] in rows
    assert ["Other education", "91 568", "55"] in rows


def test_a_lettered_caption_s_grid_drawn_cell_by_cell_reads_with_its_header_paths(read):
    rows = table(read["eu-018"], "Table CA7 ")
    assert rows[0][:5] == ["Country", "Sample unit", "Sample size", "2007 / n", "2007 / % Pos"]
    assert ["Austria", "Single", "25g", "109", "0.9", "93", "1.1", "89", "1.1", "-", "-", "-", "-"] in rows


def test_ruled_grids_without_a_caption_are_found_and_read_by_their_rules(read):
    captions = [line for line in read["eu-003"] if line.startswith("Table ")]
    assert captions == [f"Table {number} Found without a caption on page 1" for number in (1, 2, 3)]
    assert ["Number of member states in the analysis", "21", "8"] in table(read["eu-003"], "Table 1 ")


# Each document's tables by page, as the competition's ground truth has them.
@pytest.mark.parametrize(("name", "pages"), [
    ("eu-005", [2, 2]),  # not the list of sources under the second table ("LDA La Distribution alimentaire", "AIM AIM")
    ("eu-007", [1, 2, 3, 3, 5, 5]),  # not a bulleted paragraph of justified prose
    ("eu-013", [3, 4, 5, 8]),  # not a paragraph whose justified words stand as far apart as columns
    ("eu-024", [2]),  # not the next page's framed heading and paragraph, after a heading: no part of the table
    ("eu-026", [4, 5, 6, 6]),  # not the numbered section headings ("4.1 Who is affected…"); the last table still in two parts
])
def test_prose_lists_and_headings_are_no_tables(name, pages):
    assert sorted(region[0] for region in table_regions(ICDAR / f"{name}.pdf")) == pages


@pytest.mark.parametrize("name", ["eu-005", "eu-026"])
def test_each_table_found_comes_with_the_rows_read_pdf_prints(name):
    path = ICDAR / f"{name}.pdf"
    grids = table_grids(path)
    assert [region for region, _ in grids] == table_regions(path)
    lines = read_pdf(path).lines
    for _, rows in grids:
        if rows:  # a table's later parts carry none: its rows are all on its first
            assert all(f"\t{text}" in lines for row in rows for text in row if text and "\n" not in text)

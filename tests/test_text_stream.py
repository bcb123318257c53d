"""The PDF text-stream layout: typed tokens placed in reading order, on the NEN tables and on shuffled streams."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import config
from pipeline.errors import InputError, SpecError
from pipeline.sources.text import text_to_lines
from pipeline.stages.extract import lines_to_tables
from pipeline.layouts.text_stream import MoveText, StreamColumn, parse_stream
from pipeline.stages.parse import table_to_lines
from pipeline.tables import hane2020_table1, hane2020_table2

SEED = config.RAW_DIR / "004_c41d62315dfb8f1b.txt"


@pytest.fixture(scope="module")
def seed_tables() -> dict[str, list]:
    tables = lines_to_tables(text_to_lines(SEED.read_text(encoding="utf-8")), "hane2020")
    return {table["table_id"]: table_to_lines(pd.Series(table)) for table in tables}


def grid_rows(grid) -> list[list[tuple[str, int]]]:
    return [[(cell.text, cell.line) for cell in row] for row in grid.rows]


def test_table_1_cell_by_cell(seed_tables):
    options = hane2020_table1.SPEC.layout_options
    grid = parse_stream(seed_tables["table_1"], options["columns"])
    assert grid_rows(grid) == [
        [("No. 1", 162), ("55/ female", 164), ("13", 167), ("Submucosa", 190), ("Negative", 190), ("Negative", 190),
         ("< 1% (G1)", 192), ("Liver (8.4%)", 195), ("10", 197)],
        [("No. 2", 169), ("59/ female", 171), ("10", 199), ("Submucosa", 201), ("Negative", 201), ("Negative", 201),
         ("5% (G2)", 203), ("Liver and rectum (5%)", 205), ("9", 208)],
        [("No. 3", 174), ("54/male", 176), ("12", 210), ("Submucosa", 212), ("Negative", 212), ("Positive", 212),
         ("1.7% (G1)", 214), ("Liver (10%)", 214), ("13", 216)],
    ]


def test_table_2_cell_by_cell_with_the_displaced_cell_moved_back(seed_tables):
    options = hane2020_table2.SPEC.layout_options
    grid = parse_stream(seed_tables["table_2"], options["columns"], options["repairs"])
    assert grid_rows(grid) == [
        [("Sekiguchi et al. [8]", 281), ("86", 284), ("67", 286), ("0", 288), ("–", 290), ("–", 292), ("–", 294)],
        [("Onozato et al. [12]", 296), ("38", 299), ("77", 301), ("0", 303), ("–", 305), ("–", 307), ("–", 309)],
        [("Shigeta et al. [11]", 311), ("74", 314), ("31", 316), ("1 (1.4)", 318), ("Local", 320), ("6", 322), ("Tumor size 20 mm", 324)],
        [("Kwaan et al. [13]", 326), ("46", 326), ("24", 328), ("1 (2.1)", 330), ("Liver", 332), ("5", 334),
         ("Positive resection margin, muscular invasion", 336)],
        [("Kobayashi et al. [14]", 339), ("38", 352), ("43", 342), ("1 (2.6)", 344), ("Local", 346), ("16", 348),
         ("Positive resection margin", 350)],
    ]
    assert grid.repairs == ("kobayashi-patients-displaced",)
    assert grid.rows[4][1].repair == "kobayashi-patients-displaced"


def test_without_the_repair_the_incomplete_row_is_named(seed_tables):
    with pytest.raises(InputError, match="row starting with 'Kobayashi et al. \\[14\\]' cannot be completed") as caught:
        parse_stream(seed_tables["table_2"], hane2020_table2.SPEC.layout_options["columns"])
    assert caught.value.line == 339


@pytest.mark.parametrize(
    ("repair", "message"),
    [
        (MoveText("39", "Kobayashi et al.\n[14]", "r", "wrong-text"), r"last line \(line 352\) reads '38', not '39'"),
        (MoveText("38", "Kobayashy et al. [14]", "r", "wrong-anchor"), "found it 0 times"),
    ],
)
def test_a_repair_that_no_longer_matches_is_an_error(seed_tables, repair, message):
    with pytest.raises(SpecError, match=message):
        parse_stream(seed_tables["table_2"], hane2020_table2.SPEC.layout_options["columns"], (repair,))


def test_missing_header_label_is_an_error(seed_tables):
    columns = list(hane2020_table1.SPEC.layout_options["columns"])
    columns[3] = StreamColumn("Depth of invasion", columns[3].pattern)
    with pytest.raises(InputError, match="header 'Depth of invasion' not found"):
        parse_stream(seed_tables["table_1"], columns)


@pytest.mark.parametrize(
    ("column", "text"),
    [(0, "No. 3"), (1, "55/\nfemale"), (2, "13"), (3, "Submucosa"), (4, "Positive"), (6, "< 1%\n(G1)"),
     (6, "1.7% (G1)"), (7, "Liver and rectum\n(5%)"), (8, "10")],
)
def test_each_token_type_reads_its_cell(column, text):
    columns = hane2020_table1.SPEC.layout_options["columns"]
    cells = [text if index == column else sample for index, sample in enumerate(
        ["No. 1", "60/male", "7", "Mucosa", "Negative", "Negative", "2% (G1)", "Liver (3%)", "4"])]
    lines = [(number, line) for number, line in enumerate("\n\n".join(c.label for c in columns).split("\n") + [""] + "\n\n".join(cells).split("\n"), start=1)]
    grid = parse_stream(lines, columns)
    assert grid.rows[0][column].text == " ".join(text.split())


COLUMNS = (
    StreamColumn("Case", r"No\. \d+"),
    StreamColumn("Size", r"\d+"),
    StreamColumn("Margin", r"Negative|Positive"),
    StreamColumn("Share", r"\d+%"),
    StreamColumn("Years", r"\d+"),
)


def random_linear_extension(rows: int, width: int, rng: random.Random) -> list[tuple[int, int]]:
    """A random reading order of the grid: each cell after its left and upper neighbours."""
    order, counts = [], [0] * rows
    while len(order) < rows * width:
        ready = [r for r in range(rows) if counts[r] < width and (r == 0 or counts[r - 1] > counts[r])]
        row = rng.choice(ready)
        order.append((row, counts[row]))
        counts[row] += 1
    return order


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=8), st.integers(min_value=0, max_value=10**6), st.data())
def test_shuffled_interleaving_recovers_the_grid(rows, seed, data):
    sizes = data.draw(st.lists(st.integers(1, 99), min_size=rows, max_size=rows))
    years = data.draw(st.lists(st.integers(1, 99), min_size=rows, max_size=rows))
    margins = data.draw(st.lists(st.sampled_from(["Negative", "Positive"]), min_size=rows, max_size=rows))
    shares = data.draw(st.lists(st.integers(0, 100), min_size=rows, max_size=rows))
    grid = [[f"No. {r + 1}", str(sizes[r]), margins[r], f"{shares[r]}%", str(years[r])] for r in range(rows)]
    order = random_linear_extension(rows, len(COLUMNS), random.Random(seed))
    text = "\n\n".join(c.label for c in COLUMNS) + "\n\n" + "\n\n".join(grid[r][c] for r, c in order)
    parsed = parse_stream(list(enumerate(text.split("\n"), start=1)), COLUMNS)
    texts = [[cell.text for cell in row] for row in parsed.rows]
    # Where two same-typed integers of neighbouring rows could swap, the reading keeps upper rows first;
    # the identifiers, words and percentages always land exactly, and the integer multiset of each row holds.
    assert [row[0] for row in texts] == [row[0] for row in grid]
    assert [row[2:4] for row in texts] == [row[2:4] for row in grid]
    assert sorted(v for row in texts for v in (row[1], row[4])) == sorted(v for row in grid for v in (row[1], row[4]))


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=8), st.integers(min_value=0, max_value=10**6), st.data())
def test_shuffled_interleaving_of_distinct_types_recovers_the_grid_exactly(rows, seed, data):
    columns = (COLUMNS[0], COLUMNS[1], COLUMNS[2], COLUMNS[3])
    sizes = data.draw(st.lists(st.integers(1, 99), min_size=rows, max_size=rows))
    margins = data.draw(st.lists(st.sampled_from(["Negative", "Positive"]), min_size=rows, max_size=rows))
    shares = data.draw(st.lists(st.integers(0, 100), min_size=rows, max_size=rows))
    grid = [[f"No. {r + 1}", str(sizes[r]), margins[r], f"{shares[r]}%"] for r in range(rows)]
    order = random_linear_extension(rows, len(columns), random.Random(seed))
    text = "\n\n".join(c.label for c in columns) + "\n\n" + "\n\n".join(grid[r][c] for r, c in order)
    parsed = parse_stream(list(enumerate(text.split("\n"), start=1)), columns)
    assert [[cell.text for cell in row] for row in parsed.rows] == grid


def test_a_stream_table_of_a_thousand_rows_reads():
    # Issue 18: the placement search recursed once per cell, so a stream past about 110 rows
    # exceeded Python's recursion limit and was reported as an unexpected error.
    from tests import render

    rng = random.Random(18)
    rows = [
        [f"No. {number}", f"{rng.randint(25, 90)}/{rng.choice([' ', ''])}{rng.choice(['male', 'female'])}", str(rng.randint(1, 30)),
         rng.choice(["Mucosa", "Submucosa", "Muscularis propria"]), rng.choice(["Negative", "Positive"]), rng.choice(["Negative", "Positive"]),
         f"{rng.choice(['', '< '])}{rng.randint(1, 30)}% (G{rng.randint(1, 3)})", f"{rng.choice(['Liver', 'Lung and liver'])} ({rng.randint(1, 30)}%)",
         str(rng.randint(1, 20))]
        for number in range(1, 1001)
    ]
    text = render.spec_stream(1, hane2020_table1.SPEC, rows, rng)
    (table,) = lines_to_tables(text_to_lines("Case report\n" + text), "long")
    grid = parse_stream(table_to_lines(pd.Series(table)), hane2020_table1.SPEC.layout_options["columns"])
    assert [[cell.text for cell in row] for row in grid.rows] == rows

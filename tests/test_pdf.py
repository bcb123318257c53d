"""The PDF reader on journal-style PDFs of the seed tables: it must give the text path's grids cell for cell."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from pipeline.errors import InputError
from pipeline.stages.extract import lines_to_tables
from pipeline.grid import Grid
from pipeline.layouts import cell_per_line
from pipeline.sources.pdf import Position, pdf_to_lines
from tests import pdf_fixtures

Read = tuple[list[str], dict[int, Position]]


def read(tmp_path_factory: pytest.TempPathFactory, write: Callable[[Path], Path], name: str) -> Read:
    """Given a fixture writer, write its PDF into a temporary folder and return what the reader makes of it."""
    return pdf_to_lines(write(tmp_path_factory.mktemp("pdf") / name))


@pytest.fixture(scope="module")
def booktabs(tmp_path_factory: pytest.TempPathFactory) -> Read:
    return read(tmp_path_factory, pdf_fixtures.write_booktabs, "meng2022_booktabs.pdf")


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Read:
    return read(tmp_path_factory, pdf_fixtures.write_grid, "meng2022_grid.pdf")


@pytest.fixture(scope="module")
def hane(tmp_path_factory: pytest.TempPathFactory) -> Read:
    return read(tmp_path_factory, pdf_fixtures.write_hane, "hane2020_booktabs.pdf")


def numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines, start=1))


def caption_index(lines: list[str], title: str) -> int:
    """Given the reader's lines and a printed caption, return the caption's index, checking it occurs once."""
    found = [index for index, line in enumerate(lines) if line == title]
    assert len(found) == 1, f"caption {title!r} found {len(found)} times"
    return found[0]


def grid_after(lines: list[str], title: str) -> Grid:
    """Given the reader's lines and a printed caption, return the cell-per-line grid of the table under it."""
    return cell_per_line.lines_to_grid(numbered(lines)[caption_index(lines, title) + 1 :], {})


def assert_same_table(lines: list[str], seed: pdf_fixtures.SeedTable) -> Grid:
    """Given the reader's lines and a seed table, assert its grid equals the text path's, cell for cell."""
    grid = grid_after(lines, seed.title)
    assert grid.paths == seed.paths
    assert len(grid.rows) == len(seed.rows)
    for number, (row, expected) in enumerate(zip(grid.rows, seed.rows), start=1):
        assert tuple(cell.text for cell in row) == expected, f"body row {number}"
    return grid


@pytest.mark.parametrize("variant", ["booktabs", "grid"])
def test_meng_table_matches_the_text_path(variant: str, request: pytest.FixtureRequest) -> None:
    lines, _ = request.getfixturevalue(variant)
    assert_same_table(lines, pdf_fixtures.seed("meng2022", "table_1"))


@pytest.mark.parametrize("table_id", ["table_1", "table_2"])
def test_hane_tables_match_the_text_path(hane: Read, table_id: str) -> None:
    lines, _ = hane
    assert_same_table(lines, pdf_fixtures.seed("hane2020", table_id))


@pytest.mark.parametrize("variant", ["booktabs", "grid"])
def test_extract_reads_caption_layout_and_legend(variant: str, request: pytest.FixtureRequest) -> None:
    lines, _ = request.getfixturevalue(variant)
    seed = pdf_fixtures.seed("meng2022", "table_1")
    (table,) = lines_to_tables(numbered(lines), "meng2022")
    assert table["caption"] == seed.caption
    assert table["layout"] == cell_per_line.NAME
    assert table["legend"] == seed.legend
    assert table["legend_line"] > table["caption_line"]


def test_hane_tables_are_found_in_order_with_prose_between(hane: Read) -> None:
    lines, _ = hane
    tables = lines_to_tables(numbered(lines), "hane2020")
    assert [table["table_id"] for table in tables] == ["table_1", "table_2"]
    between = lines[tables[0]["caption_line"] : tables[1]["caption_line"] - 1]
    assert any(line.startswith("The cases were retrieved") for line in between)


def test_table_runs_onto_page_two_with_positions_on_the_page(booktabs: Read) -> None:
    lines, positions = booktabs
    grid = assert_same_table(lines, pdf_fixtures.seed("meng2022", "table_1"))
    width, height = landscape(A4)
    first, last = grid.rows[0], grid.rows[-1]
    assert {positions[cell.line].page for cell in first} == {1}
    assert {positions[cell.line].page for cell in last} == {2}
    for cell in [*first, *last]:
        box = positions[cell.line]
        assert 0 <= box.x0 < box.x1 <= width and 0 <= box.top < box.bottom <= height
    # The repeated header is dropped: its labels occur once, in the header row of paths.
    assert sum(line == "\tAnal metastasis / Chemo or radiotherapy" for line in lines) == 1


def test_every_cell_line_has_a_position(booktabs: Read) -> None:
    lines, positions = booktabs
    cells = [number for number, line in numbered(lines) if line.startswith("\t")]
    assert cells and all(number in positions for number in cells)


def test_wrapped_cells_are_joined(booktabs: Read) -> None:
    lines, positions = booktabs
    grid = grid_after(lines, pdf_fixtures.seed("meng2022", "table_1").title)
    line_height = pdf_fixtures.BODY_SIZE * 1.2
    heights = [positions[cell.line].bottom - positions[cell.line].top for row in grid.rows for cell in row if cell.text]
    wrapped = [height for height in heights if height > 1.5 * line_height]
    assert len(wrapped) >= 10, "the fixture should wrap many cells"
    assert any(height > 2.5 * line_height for height in wrapped), "some cell should wrap onto three lines"


def test_running_footer_is_dropped(booktabs: Read) -> None:
    lines, _ = booktabs
    assert not any("(test fixture) | Page" in line for line in lines)


def test_prose_before_the_table_is_plain_text_in_paragraphs(booktabs: Read) -> None:
    lines, _ = booktabs
    caption = caption_index(lines, pdf_fixtures.seed("meng2022", "table_1").title)
    before = lines[:caption]
    assert before[0].startswith("Recurrence of sigmoid colon cancer")
    assert not any(line.startswith("\t") for line in before)
    # title, subtitle and two paragraphs: a blank line after each of the first three
    assert sum(not line for line in before) >= 3
    assert any(line.startswith("The cases were retrieved") for line in before)


def test_not_a_pdf_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("Table 1 Not really a PDF\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF") as caught:
        pdf_to_lines(path)
    assert caught.value.file == "notes.pdf"


def test_pdf_without_text_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 200, 300, fill=1)
    page.save()
    with pytest.raises(InputError, match=r"no text layer \(scanned image\?\)"):
        pdf_to_lines(path)


def test_encrypted_pdf_raises_input_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    page.drawString(72, 720, "Table 1 Locked")
    page.save()
    with pytest.raises(InputError, match="encrypted"):
        pdf_to_lines(path)

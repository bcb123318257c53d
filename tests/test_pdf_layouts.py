"""The PDF reader on tables as journals typeset them: caption variants above and below, continued tables, notices."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.sources.pdf import read_pdf
from pipeline.sources.pdf_captions import caption_match, number_of
from tests import pdf_fixtures
from tests.test_pdf import assert_same_table

HANE = [pdf_fixtures.seed("hane2020", "table_1"), pdf_fixtures.seed("hane2020", "table_2")]


@pytest.mark.parametrize("style", sorted(pdf_fixtures.CAPTION_STYLES))
def test_caption_variants_pair_each_caption_with_its_own_table(tmp_path: Path, style: str) -> None:
    path = pdf_fixtures.write_hane(tmp_path / f"{style}.pdf", pdf_fixtures.CAPTION_STYLES[style])
    text = read_pdf(path)
    for seed in HANE:
        assert_same_table(text.lines, seed)
    assert text.notices == []


@pytest.mark.parametrize(
    ("line", "number"),
    [("Table 1 Baseline", 1), ("Table 1. baseline", 1), ("Table 12: x", 12), ("TABLE 3", 3), ("TABLE IV", 4),
     ("Table IX. Outcomes", 9), ("Table 2 (continued)", 2), ("Table 2 (Continued)", 2), ("TABLE II (CONTINUED)", 2)],
)
def test_caption_forms(line: str, number: int) -> None:
    match = caption_match(line)
    assert match is not None and number_of(match["number"]) == number


@pytest.mark.parametrize("line", ["Table 1 shows the baseline", "Tables 1 and 2", "Table In the cohort", "Tablet 1 Dose"])
def test_prose_naming_a_table_is_no_caption(line: str) -> None:
    assert caption_match(line) is None


@pytest.fixture(scope="module")
def strays(tmp_path_factory: pytest.TempPathFactory):
    return read_pdf(pdf_fixtures.write_hane_strays(tmp_path_factory.mktemp("pdf") / "strays.pdf"))


def test_tables_the_reader_cannot_read_are_named_and_the_good_ones_go_through(strays) -> None:
    for seed in HANE:
        assert_same_table(strays.lines, seed)
    notices = "\n".join(strays.notices)
    assert "strays.pdf: table_3: the text names Table 3" in notices
    assert "strays.pdf: table_4: page 1: caption 'Table 4 Survival by stage', but no table rebuilt (no rules frame a table" in notices
    assert "strays.pdf: table_5: page 1: set aside, the document's other tables go on: no words between its rules" in notices
    assert "strays.pdf: table_2: page 1: set aside: a second table captioned Table 2 (the first is on page 1)" in notices
    assert len(strays.notices) == 4, notices


def test_a_table_set_aside_leaves_no_caption_behind(strays) -> None:
    # Left as text, "Table 5 Doses" would be read by extract as a table of its own.
    assert not any(line.startswith(("Table 5", "Table 2 Cases")) for line in strays.lines)


def test_the_run_names_what_it_set_aside_and_writes_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    pdf_fixtures.write_hane_strays(raw / "strays.pdf")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "notice: extract: strays.pdf: table_5: page 1: set aside" in run.stderr
    assert len(pd.read_parquet(tmp_path / "out" / "nen_cases.parquet")) == len(HANE[0].rows)


CONTINUED = {
    "header-repeated": (True, None),
    "header-repeated-continued": (True, "Table 1 (Continued)"),
    "no-header": (False, None),
    "no-header-continued": (False, "Table 1 (continued)"),
}


@pytest.mark.parametrize("variant", sorted(CONTINUED))
def test_a_table_continued_on_the_next_page_joins_its_first_part(tmp_path: Path, variant: str) -> None:
    repeat, later = CONTINUED[variant]
    text = read_pdf(pdf_fixtures.write_continued(tmp_path / f"{variant}.pdf", repeat, later))
    grid = assert_same_table(text.lines, pdf_fixtures.seed("meng2022", "table_1"))
    assert {text.positions[cell.line].page for cell in grid.rows[-1]} == {2}
    assert not any("continued" in line.casefold() for line in text.lines)
    assert text.notices == []

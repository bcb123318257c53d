"""The Python API: ``pipeline.read`` returns what a run writes, as DataFrames, writing nothing; ``pipeline.run`` is the CLI's run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import config

JATS = Path(__file__).parent / "fixtures" / "jats" / "pntd.0002065.nxml"
CURATED = ("anal_metastasis_cases", "anal_metastasis_episodes", "nen_cases", "nen_followup_studies")


@pytest.fixture(scope="module")
def raw_result() -> pipeline.Result:
    return pipeline.read(config.RAW_DIR)


def test_read_gives_the_tables_a_run_writes(raw_result, shipped_outputs):
    assert sorted(raw_result.tables) == sorted(CURATED) and not raw_result.errors
    for name in CURATED:
        pd.testing.assert_frame_equal(raw_result[name], pd.read_parquet(shipped_outputs / f"{name}.parquet"), obj=name)
    for frame, name in ((raw_result.lineage, "cell_lineage"), (raw_result.findings, "findings"), (raw_result.documents, "documents"), (raw_result.codes, "codes")):
        pd.testing.assert_frame_equal(frame, pd.read_parquet(shipped_outputs / f"{name}.parquet"), obj=name)


def test_read_with_the_specs_off_gives_the_auto_mode_tables(auto_outputs):
    result = pipeline.read(config.RAW_DIR, auto_only=True)
    assert not result.tables and sorted(result.auto) == ["hane2020__table_1", "hane2020__table_2", "meng2022__table_1"]
    for name, frame in result.auto.items():
        pd.testing.assert_frame_equal(frame, pd.read_parquet(auto_outputs / "auto" / f"{name}.parquet"), obj=name)


def test_read_one_file_writes_nothing(tmp_path):
    article = tmp_path / "article.nxml"
    article.write_bytes(JATS.read_bytes())
    result = pipeline.read(article)
    assert [path.name for path in tmp_path.iterdir()] == ["article.nxml"]
    assert sorted(result.auto) == [f"article__table_{number}" for number in range(1, 6)]
    assert result["article__table_5"]["column_1"].tolist() == ["September", "October", "December", "January", "April"]
    assert result.documents.loc[0, "pmcid"] == "PMC3585041"
    assert any("table_1: no table spec claims it" in notice for notice in result.notices)


def test_read_names_a_damaged_document_and_returns_the_others(tmp_path):
    (tmp_path / "nen.txt").write_bytes((config.RAW_DIR / "004_c41d62315dfb8f1b.txt").read_bytes())
    (tmp_path / "broken.xml").write_bytes(b"<article><body>")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    result = pipeline.read(tmp_path)
    assert len(result.errors) == 1 and result.errors[0].startswith("extract: broken.xml: line 1: malformed XML")
    assert len(result["nen_cases"]) == 3 and list(result.documents["file"]) == ["nen.txt"]
    assert "notes.md: not read: no reader for .md" in result.notices[0]
    with pytest.raises(KeyError, match="no table 'cases'"):
        result["cases"]


def test_read_a_missing_path_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither a file nor a folder"):
        pipeline.read(tmp_path / "nowhere")


def test_run_writes_what_the_command_line_writes(tmp_path, shipped_outputs):
    assert pipeline.run(config.RAW_DIR, tmp_path) == 0
    for name in CURATED:
        assert (tmp_path / f"{name}.parquet").read_bytes() == (shipped_outputs / f"{name}.parquet").read_bytes()


def test_importing_the_package_loads_no_heavy_library():
    code = "import sys, pipeline; print(sorted(m for m in ('pandas', 'pyarrow', 'lxml', 'pdfplumber') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"

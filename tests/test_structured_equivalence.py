"""The seed review's Table 1 typed into a DOCX and an HTML page gives the text export's curated tables, cell for cell."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from pipeline import sources
from pipeline.cli import main
from pipeline.stages import shell
from tests import structured_fixtures

# A structured file's lines are its own (DOCX paragraphs and cells, HTML source lines), and without a
# manifest entry the document id is the file stem; everything else must be equal.
UNAVOIDABLE = ["document", "source_line"]
OUTPUTS = ("anal_metastasis_cases", "anal_metastasis_episodes")
WRITERS: dict[str, Callable[[Path], Path]] = {"docx": structured_fixtures.write_docx, "html": structured_fixtures.write_html}


@pytest.fixture(scope="module", params=sorted(WRITERS))
def structured_run(request, tmp_path_factory) -> tuple[str, Path, Path, int]:
    """Only the one file in the raw folder, named as a user might, and no manifest."""
    raw = tmp_path_factory.mktemp(f"raw_{request.param}")
    WRITERS[request.param](raw / f"review table one.{request.param}")
    out = tmp_path_factory.mktemp("out")
    return request.param, raw, out, main(["run", "--raw", str(raw), "--out", str(out), "--quiet"])


def test_the_structured_file_writes_the_text_paths_tables(structured_run, shipped_outputs):
    kind, _, out, status = structured_run
    assert status == 0
    for name in OUTPUTS:
        expected = pd.read_parquet(shipped_outputs / f"{name}.parquet").drop(columns=UNAVOIDABLE)
        got = pd.read_parquet(out / f"{name}.parquet")
        assert set(got["document"]) == {"review table one"}
        pd.testing.assert_frame_equal(got.drop(columns=UNAVOIDABLE), expected, obj=f"{kind} {name}")


def test_the_legend_codes_findings_and_repair_come_through(structured_run, shipped_outputs):
    _, _, out, _ = structured_run
    columns = ["table_id", "code", "meaning"]
    pd.testing.assert_frame_equal(pd.read_parquet(out / "codes.parquet")[columns], pd.read_parquet(shipped_outputs / "codes.parquet").query("document == 'meng2022'")[columns].reset_index(drop=True))
    findings = pd.read_parquet(out / "findings.parquet")
    shipped = pd.read_parquet(shipped_outputs / "findings.parquet").query("document == 'meng2022'")
    assert sorted(findings["kind"] + ":" + findings["value"].fillna("")) == sorted(shipped["kind"] + ":" + shipped["value"].fillna(""))


def test_every_value_names_the_line_its_cell_is_on(structured_run, shipped_outputs):
    kind, raw, out, _ = structured_run
    lineage = pd.read_parquet(out / "cell_lineage.parquet")
    shipped = pd.read_parquet(shipped_outputs / "cell_lineage.parquet").query("document == 'meng2022'")
    assert len(lineage) == len(shipped) and list(lineage["raw_text"]) == list(shipped["raw_text"])
    documents = pd.read_parquet(out / "documents.parquet")
    assert list(documents["encoding"]) == [kind]
    # A DOCX's lines are its paragraphs and cells, one each; an HTML page's are its source lines (a row on one).
    lines = dict(sources.read(raw / f"review table one.{kind}").lines)
    for raw_text, line in zip(lineage["raw_text"], lineage["line"]):
        assert raw_text == lines[line] if kind == "docx" else f"<td>{html.escape(raw_text, quote=False)}</td>" in lines[line]


def test_spec_draft_reads_a_structured_files_table(structured_run):
    _, raw, _, _ = structured_run
    drafted = shell.draft_table(raw, "review table one", 1)
    assert "Table 1: Summary of published colorectal cancer–derived anal metastasis cases" in drafted
    assert "'Primary tumor / Location'" in drafted

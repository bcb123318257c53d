"""A PDF of a seed table, under any file name and with no manifest, gives the text path's tables cell for cell."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from pipeline.cli import main
from tests import pdf_fixtures

# A PDF has no text lines of its own: source_line is the line of the rebuilt text
# (_interim/pdf_lines.parquet), and the document id is the file stem without a
# manifest entry. Everything else must be equal.
UNAVOIDABLE = ["document", "source_line"]
VARIANTS: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "booktabs": (pdf_fixtures.write_booktabs, ("anal_metastasis_cases", "anal_metastasis_episodes")),
    "grid": (pdf_fixtures.write_grid, ("anal_metastasis_cases", "anal_metastasis_episodes")),
    "hane": (pdf_fixtures.write_hane, ("nen_cases", "nen_followup_studies")),
    # Narrow columns: cells hyphenated and broken mid-word, the breaks read from the words (issue 17).
    "narrow": (pdf_fixtures.write_narrow, ("anal_metastasis_cases", "anal_metastasis_episodes")),
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def pdf_run(request, tmp_path_factory) -> tuple[str, Path, int]:
    """Only one PDF in the raw folder, named as a user might, and no manifest."""
    raw = tmp_path_factory.mktemp("raw")
    VARIANTS[request.param][0](raw / f"downloaded {request.param} article.pdf")
    out = tmp_path_factory.mktemp("out")
    return request.param, out, main(["run", "--raw", str(raw), "--out", str(out), "--quiet"])


def test_the_pdf_path_writes_the_text_paths_tables(pdf_run, shipped_outputs):
    variant, out, status = pdf_run
    assert status == 0
    for name in VARIANTS[variant][1]:
        expected = pd.read_parquet(shipped_outputs / f"{name}.parquet").drop(columns=UNAVOIDABLE)
        got = pd.read_parquet(out / f"{name}.parquet")
        assert set(got["document"]) == {f"downloaded {variant} article"}
        pd.testing.assert_frame_equal(got.drop(columns=UNAVOIDABLE), expected, obj=name)


def test_every_pdf_value_has_its_page_and_box(pdf_run):
    variant, out, _ = pdf_run
    lineage = pd.read_parquet(out / "cell_lineage.parquet")
    assert len(lineage) and lineage[["page", "x0", "top", "x1", "bottom"]].notna().all().all()
    assert ((lineage["x0"] <= lineage["x1"]) & (lineage["top"] < lineage["bottom"])).all()
    if variant in ("booktabs", "grid"):
        assert set(lineage["page"]) == {1, 2}, "the 32-row table runs onto a second page"
    if variant == "narrow":
        # How a broken word was joined is in the lineage of the values read from it.
        assert lineage["note"].str.contains("line breaks read: no space", na=False).any()
        assert lineage["note"].str.contains("line breaks read: hyphen dropped", na=False).any()
    documents = pd.read_parquet(out / "documents.parquet")
    assert list(documents["encoding"]) == ["pdf"]


def test_the_legend_and_the_declared_repairs_come_through(pdf_run):
    variant, out, _ = pdf_run
    codes = pd.read_parquet(out / "codes.parquet")
    findings = pd.read_parquet(out / "findings.parquet")
    repairs = set(findings.loc[findings["kind"] == "repair_applied", "detail"].str.split(":").str[0])
    if variant == "hane":
        # No legend under Hane's tables; the typeset PDF prints Kobayashi's 38 in its row, so the
        # text stream's move-back repair has nothing to do (the PDF reader never reads a stream).
        assert codes.empty and repairs == set()
        assert list(findings["kind"]) == ["inconsistent_percentage"]
        return
    assert {"NS", "NA", "AF", "APR", "WDA", "MDA"} <= set(codes["code"])
    assert repairs == {"killingback-missing-space"}
    assert {"A", "B", "C", "W", "MLD"} <= set(findings.loc[findings["kind"] == "code_not_in_legend", "value"])

"""Output contract of the NEN tables (Hane et al. 2020), cell by cell, with their findings."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.test_anal_metastasis import assert_matches_golden


@pytest.fixture(scope="module")
def outputs(shipped_outputs) -> dict[str, pd.DataFrame]:
    names = ("nen_cases", "nen_followup_studies", "findings", "cell_lineage")
    return {name: pd.read_parquet(shipped_outputs / f"{name}.parquet") for name in names}


def test_cases_match_golden(outputs):
    assert_matches_golden(outputs["nen_cases"], "nen_cases.csv", ["tumor_size_mm", "ki67_percent", "recurrence_ki67_percent"])


def test_studies_match_golden(outputs):
    assert_matches_golden(outputs["nen_followup_studies"], "nen_followup_studies.csv", ["median_observation_months", "recurrence_percent_reported"])


def test_contract_dtypes(outputs):
    cases = outputs["nen_cases"]
    assert str(cases["case_number"].dtype) == "Int64" and str(cases["ki67_percent"].dtype) == "Float64"
    assert str(cases["resection_margin_positive"].dtype) == "boolean"
    assert list(cases["recurrence_sites"].iloc[1]) == ["liver", "rectum"]
    assert list(cases["ki67_qualifier"].isna()) == [False, True, True]


def test_dash_is_not_applicable_not_zero(outputs):
    lineage = outputs["cell_lineage"]
    dashes = lineage[(lineage["output"] == "nen_followup_studies") & (lineage["raw_text"] == "\u2013")]
    assert len(dashes) == 6 and set(dashes["missing_reason"]) == {"not_applicable"}
    studies = outputs["nen_followup_studies"].set_index("first_author")
    assert studies.loc["Sekiguchi", "recurrence_percent_reported"] == 0.0
    assert pd.isna(studies.loc["Sekiguchi", "relapse_free_survival_years"])


def test_displaced_cell_is_repaired_confirmed_and_traceable(outputs):
    studies = outputs["nen_followup_studies"].set_index("first_author")
    assert studies.loc["Kobayashi", "n_patients"] == 38
    lineage = outputs["cell_lineage"]
    moved = lineage[lineage["repair"] == "kobayashi-patients-displaced"]
    assert list(moved["line"]) == [352] and list(moved["column"]) == ["n_patients"]


def test_kwaan_percentage_is_a_finding(outputs):
    findings = outputs["findings"]
    inconsistent = findings[findings["kind"] == "inconsistent_percentage"]
    assert list(inconsistent["value"]) == ["1 (2.1)"]
    assert "1/46" in inconsistent["detail"].iloc[0] and "2.2%" in inconsistent["detail"].iloc[0]


def test_a_repair_its_check_contradicts_fails_the_table(raw_copy, tmp_path):
    from pipeline.cli import main

    source = raw_copy / "004_c41d62315dfb8f1b.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("1 (2.6)", "1 (2.3)"), encoding="utf-8")
    manifest = raw_copy / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("c1dfd743f9e284c8ae95dec5f2e3354952a4d07b2e60ae7f20e25abbd993f447", ""), encoding="utf-8")
    assert main(["run", "--raw", str(raw_copy), "--out", str(tmp_path), "--quiet"]) == 1
    assert not (tmp_path / "nen_followup_studies.parquet").exists()
    assert (tmp_path / "anal_metastasis_cases.parquet").exists()

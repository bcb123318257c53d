"""Output contract of the review's Table 1: cases and episodes, cell by cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.conftest import read_golden

CASE_DTYPES = {
    "case_id": "string", "source_row": "Int64", "first_author": "string", "ref_number": "Int64",
    "publication_year": "Int64", "is_index_case": "boolean", "sex": "string", "age_years": "Int64",
    "anal_disease_history": "boolean", "anal_fistula_years": "Int64", "primary_location": "string",
    "primary_surgery": "string", "primary_stage": "string", "primary_pathology": "string",
    "blood_vessel_invasion": "boolean", "lymph_node_metastasis": "boolean",
}
EPISODE_DTYPES = {
    "case_id": "string", "episode_number": "Int64", "source_row": "Int64", "symptoms": "object",
    "asymptomatic": "boolean", "synchronous": "boolean", "months_after_primary_surgery": "Float64",
    "surgery": "string", "pathology": "string", "perioperative_therapy": "string", "followup_months": "Float64",
    "recurrence_or_outcome": "string",
}


@pytest.fixture(scope="module")
def cases(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_cases.parquet")


@pytest.fixture(scope="module")
def episodes(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_episodes.parquet")


@pytest.fixture(scope="module")
def lineage(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "cell_lineage.parquet")


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Render a frame the way the golden CSVs spell it (lists joined by '|', missing as empty)."""
    def render(value):
        if isinstance(value, (list, np.ndarray)):
            return "|".join(value)
        if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return ""
        return str(value)
    return frame.astype(object).map(render).reset_index(drop=True)


def assert_matches_golden(frame: pd.DataFrame, golden_name: str, float_columns: list[str]) -> None:
    golden = read_golden(golden_name)
    assert list(frame.columns) == list(golden.columns)
    rendered = as_text(frame.drop(columns=float_columns))
    pd.testing.assert_frame_equal(rendered, golden.drop(columns=float_columns), check_dtype=False)
    for column in float_columns:
        expected = pd.to_numeric(golden[column].replace("", np.nan))
        np.testing.assert_allclose(frame[column].astype(float).to_numpy(), expected.to_numpy(), rtol=1e-9, equal_nan=True)


def test_cases_match_golden_cell_by_cell(cases):
    assert_matches_golden(cases, "anal_metastasis_cases.csv", [])


def test_episodes_match_golden_cell_by_cell(episodes):
    assert_matches_golden(episodes, "anal_metastasis_episodes.csv", ["months_after_primary_surgery", "followup_months"])


@pytest.mark.parametrize(("frame_name", "dtypes"), [("cases", CASE_DTYPES), ("episodes", EPISODE_DTYPES)])
def test_nullable_dtypes_survive_the_parquet_round_trip(request, frame_name, dtypes):
    frame = request.getfixturevalue(frame_name)
    assert {column: str(frame[column].dtype) for column in dtypes} == dtypes


def test_one_row_per_patient_and_per_episode(cases, episodes):
    assert len(cases) == 31 and cases["case_id"].is_unique
    assert len(episodes) == 32
    assert set(episodes["case_id"]) == set(cases["case_id"])
    assert cases["is_index_case"].sum() == 1


def test_killingback_is_repaired_and_the_repair_is_traceable(cases, lineage):
    row = cases.set_index("case_id").loc["killingback1965-1"]
    assert (row["first_author"], row["ref_number"], row["publication_year"]) == ("Killingback", 24, 1965)
    repaired = lineage[lineage["repair"] == "killingback-missing-space"]
    assert set(repaired["raw_text"]) == {"Killingbacket al[24], 1965"}


def test_continuation_rows_belong_to_the_study_above(cases):
    isbister = cases[cases["first_author"] == "Isbister"]
    assert list(isbister["case_id"]) == ["isbister2000-1", "isbister2000-2", "isbister2000-3"]
    assert list(isbister["age_years"]) == [39, 47, 69]


def test_recurrence_row_is_the_index_case_second_episode(episodes):
    index_case = episodes[episodes["case_id"] == "meng2022-1"].set_index("episode_number")
    assert list(index_case.index) == [1, 2]
    assert index_case.loc[1, "followup_months"] == 120.0
    assert index_case.loc[1, "recurrence_or_outcome"] == "recurrence"
    assert index_case.loc[2, "months_after_primary_surgery"] == 120.0
    assert index_case.loc[2, "recurrence_or_outcome"] == "death due to MLD"


def test_durations_use_the_stated_factors(episodes):
    by_row = episodes.set_index("source_row")
    assert by_row.loc[12, "months_after_primary_surgery"] == pytest.approx(21 * 12 / 365.25)  # "21 d"
    assert by_row.loc[3, "months_after_primary_surgery"] == 3.0  # "3 mo"
    assert pd.isna(by_row.loc[1, "months_after_primary_surgery"])  # synchronous


def test_lowercase_synchronous_is_synchronous(episodes):
    assert bool(episodes.set_index("source_row").loc[11, "synchronous"]) is True


def test_missing_values_keep_their_reason(cases, lineage):
    reasons = lineage.set_index(["output", "source_row", "column"])["missing_reason"]
    assert reasons[("anal_metastasis_cases", 1, "anal_disease_history")] == "not_specified"  # Guiss: NS
    assert reasons[("anal_metastasis_episodes", 1, "recurrence_or_outcome")] == "not_available"  # 14/NA
    assert reasons[("anal_metastasis_cases", 16, "primary_pathology")] == "undefined_code"  # Hamada: W
    assert reasons[("anal_metastasis_cases", 31, "ref_number")] == "not_applicable"  # our case
    # "-" is a negative finding, not a missing value
    assert pd.isna(reasons[("anal_metastasis_cases", 2, "blood_vessel_invasion")])
    assert cases.set_index("source_row").loc[2, "blood_vessel_invasion"] == False  # noqa: E712


def test_every_value_is_traceable_to_its_line(lineage, shipped_outputs):
    from pipeline import config

    lines = (config.RAW_DIR / "000_513c70c52d57c45f.txt").read_text(encoding="utf-8").split("\n")
    for record in lineage[lineage["document"] == "meng2022"].itertuples():
        assert lines[record.line - 1].strip() == record.raw_text


def test_legend_codes_are_a_table_and_gaps_are_findings(shipped_outputs):
    codes = pd.read_parquet(shipped_outputs / "codes.parquet")
    meng = codes[codes["document"] == "meng2022"].set_index("code")["meaning"]
    assert meng["RS"] == "The junction of the rectum and sigmoid colon"
    assert len(meng) == 18
    findings = pd.read_parquet(shipped_outputs / "findings.parquet")
    gaps = set(findings.loc[findings["kind"] == "code_not_in_legend", "value"])
    assert {"W", "MLD", "A", "B", "C"} <= gaps

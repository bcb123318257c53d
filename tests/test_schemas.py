"""Schemas reject bad rows with messages naming table, column, row and value; strict drops the document, lenient the row."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.tables import load_specs
from pipeline.stages.validate import REJECTED_REASON, validate

OUTPUTS = {output.name: output for spec in load_specs() for output in spec.outputs}


@pytest.fixture(scope="module")
def good_cases(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_cases.parquet")


@pytest.fixture(scope="module")
def good_episodes(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_episodes.parquet")


def validated(frames: dict[str, pd.DataFrame], lenient: bool = False):
    return validate(frames, [OUTPUTS[name] for name in frames], lenient)


def failure_text(frames: dict[str, pd.DataFrame]) -> str:
    result = validated(frames)
    assert result.failures, "expected a validation failure"
    return "\n".join(str(failure) for failure in result.failures)


def test_shipped_tables_pass(good_cases, good_episodes):
    result = validated({"anal_metastasis_cases": good_cases, "anal_metastasis_episodes": good_episodes})
    assert not result.failures and not result.rejected and not result.failed_documents
    assert len(result.passed["anal_metastasis_cases"]) == 31 and len(result.passed["anal_metastasis_episodes"]) == 32


@pytest.mark.parametrize(
    ("column", "value", "check"),
    [
        ("age_years", 130, "less_than_or_equal_to"),
        ("publication_year", 1850, "greater_than_or_equal_to"),
        ("sex", "X", "isin"),
        ("primary_location", "LIVER", "isin"),
        ("case_id", "guiss1954-1", "multiple_fields_uniqueness"),
    ],
)
def test_bad_case_values_are_named(good_cases, column, value, check):
    bad = good_cases.copy()
    bad.loc[3, column] = value
    message = failure_text({"anal_metastasis_cases": bad})
    assert "anal_metastasis_cases" in message and repr(column) in message and check in message
    assert "document meng2022, source row" in message


def test_missing_required_value_is_rejected(good_cases):
    bad = good_cases.copy()
    bad.loc[0, "age_years"] = pd.NA
    assert "age_years" in failure_text({"anal_metastasis_cases": bad})


def test_negative_months_are_rejected(good_episodes):
    bad = good_episodes.copy()
    bad.loc[2, "months_after_primary_surgery"] = -1.0
    assert "months_after_primary_surgery" in failure_text({"anal_metastasis_episodes": bad})


def test_symptoms_must_be_lists(good_episodes):
    bad = good_episodes.copy()
    bad["symptoms"] = bad["symptoms"].astype(object)
    bad.at[0, "symptoms"] = "pain"
    assert "symptoms" in failure_text({"anal_metastasis_episodes": bad})


def test_unknown_column_fails_the_whole_table(good_cases):
    result = validated({"anal_metastasis_cases": good_cases.assign(extra=1)})
    assert "anal_metastasis_cases" not in result.passed
    assert "extra" in str(result.failures[0]) and "whole table" in str(result.failures[0])


def test_episode_of_an_unknown_case_is_rejected(good_cases, good_episodes):
    bad = good_episodes.copy()
    bad.loc[0, "case_id"] = "nobody1900-1"
    message = failure_text({"anal_metastasis_cases": good_cases, "anal_metastasis_episodes": bad})
    assert re.search(r"nobody1900-1.*has no row in anal_metastasis_cases", message)


def two_documents(frame: pd.DataFrame) -> pd.DataFrame:
    """The table twice, the copy under another document id, as if a second review had been read."""
    return pd.concat([frame, frame.assign(document="copy")], ignore_index=True)


def test_strict_leaves_the_failing_document_out_of_every_table(good_cases, good_episodes):
    cases, episodes = two_documents(good_cases), two_documents(good_episodes)
    cases.loc[len(good_cases) + 3, "age_years"] = 163
    result = validated({"anal_metastasis_cases": cases, "anal_metastasis_episodes": episodes})
    assert result.failed_documents == {"copy"}
    assert set(result.passed["anal_metastasis_cases"]["document"]) == {"meng2022"}
    assert set(result.passed["anal_metastasis_episodes"]["document"]) == {"meng2022"}
    assert len(result.failures) == 1, "the copy's episodes are not reported again as dangling"


def test_lenient_rejects_the_row_and_its_dependent_rows_with_reasons(good_cases, good_episodes):
    cases, episodes = two_documents(good_cases), two_documents(good_episodes)
    bad_index = len(good_cases) + 3
    cases.loc[bad_index, "age_years"] = 163
    bad_case = cases.loc[bad_index, "case_id"]
    result = validated({"anal_metastasis_cases": cases, "anal_metastasis_episodes": episodes}, lenient=True)
    assert not result.failed_documents
    assert len(result.passed["anal_metastasis_cases"]) == 2 * len(good_cases) - 1
    rejected_case = result.rejected["anal_metastasis_cases"]
    assert list(rejected_case["case_id"]) == [bad_case]
    assert "age_years" in rejected_case.loc[0, REJECTED_REASON] and "163" in rejected_case.loc[0, REJECTED_REASON]
    rejected_episodes = result.rejected["anal_metastasis_episodes"]
    assert set(rejected_episodes["case_id"]) == {bad_case} and set(rejected_episodes["document"]) == {"copy"}
    assert rejected_episodes[REJECTED_REASON].str.contains("has no row in anal_metastasis_cases").all()
    passed_episodes = result.passed["anal_metastasis_episodes"]
    assert len(passed_episodes) == 2 * len(good_episodes) - len(rejected_episodes)

"""Schemas reject bad frames with messages naming table, column, row and value."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.tables import load_specs
from pipeline.validate import ValidationFailure, check_foreign_keys, validate_output

OUTPUTS = {output.name: output for spec in load_specs() for output in spec.outputs}


@pytest.fixture(scope="module")
def good_cases(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_cases.parquet")


@pytest.fixture(scope="module")
def good_episodes(shipped_outputs) -> pd.DataFrame:
    return pd.read_parquet(shipped_outputs / "anal_metastasis_episodes.parquet")


def test_shipped_cases_pass(good_cases):
    validate_output(OUTPUTS["anal_metastasis_cases"], good_cases)


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
    with pytest.raises(ValidationFailure) as caught:
        validate_output(OUTPUTS["anal_metastasis_cases"], bad)
    message = str(caught.value)
    assert "anal_metastasis_cases" in message and repr(column) in message and check in message
    assert "source row" in message


def test_missing_required_value_is_rejected(good_cases):
    bad = good_cases.copy()
    bad.loc[0, "age_years"] = pd.NA
    with pytest.raises(ValidationFailure, match="age_years"):
        validate_output(OUTPUTS["anal_metastasis_cases"], bad)


def test_negative_months_are_rejected(good_episodes):
    bad = good_episodes.copy()
    bad.loc[2, "months_after_primary_surgery"] = -1.0
    with pytest.raises(ValidationFailure, match="months_after_primary_surgery"):
        validate_output(OUTPUTS["anal_metastasis_episodes"], bad)


def test_symptoms_must_be_lists(good_episodes):
    bad = good_episodes.copy()
    bad["symptoms"] = bad["symptoms"].astype(object)
    bad.at[0, "symptoms"] = "pain"
    with pytest.raises(ValidationFailure, match="symptoms"):
        validate_output(OUTPUTS["anal_metastasis_episodes"], bad)


def test_unknown_column_is_rejected(good_cases):
    with pytest.raises(ValidationFailure, match="extra"):
        validate_output(OUTPUTS["anal_metastasis_cases"], good_cases.assign(extra=1))


def test_episode_of_an_unknown_case_is_rejected(good_cases, good_episodes):
    bad = good_episodes.copy()
    bad.loc[0, "case_id"] = "nobody1900-1"
    with pytest.raises(ValidationFailure, match="nobody1900-1.*no row in anal_metastasis_cases"):
        check_foreign_keys(OUTPUTS["anal_metastasis_episodes"], bad, {"anal_metastasis_cases": good_cases})

"""Header rows with spanning cells → column paths, by the general rule."""

from __future__ import annotations

import pytest

from pipeline.headers import HeaderError, header_rows_to_paths

SEED_UPPER = ["Ref.", "Sex", "Age", "Anal disease history", "Primary tumor", "BVI", "Lymph nodes", "Anal metastasis",
              "Follow-up time (mo) and recurrence"]
SEED_LOWER = ["", "", "", "", "Location", "Surgery", "Stage", "Pathology", "", "", "Symptoms",
              "Time after primary surgery", "Surgery", "Pathology", "Chemo or radiotherapy", ""]


def test_seed_header_spans_become_paths():
    paths = header_rows_to_paths([SEED_UPPER, SEED_LOWER])
    assert paths == [
        "Ref.", "Sex", "Age", "Anal disease history",
        "Primary tumor / Location", "Primary tumor / Surgery", "Primary tumor / Stage", "Primary tumor / Pathology",
        "BVI", "Lymph nodes",
        "Anal metastasis / Symptoms", "Anal metastasis / Time after primary surgery", "Anal metastasis / Surgery",
        "Anal metastasis / Pathology", "Anal metastasis / Chemo or radiotherapy",
        "Follow-up time (mo) and recurrence",
    ]


def test_full_width_upper_row_spreads_over_its_blank_cells():
    upper = ["Study", "Outcome", "", "Notes"]
    lower = ["", "Alive", "Dead", ""]
    assert header_rows_to_paths([upper, lower]) == ["Study", "Outcome / Alive", "Outcome / Dead", "Notes"]


def test_single_header_row_is_its_own_path():
    assert header_rows_to_paths([["A", "B"]]) == ["A", "B"]


def test_blank_header_cell_gets_a_positional_name():
    assert header_rows_to_paths([["", "Number"]]) == ["(column 1)", "Number"]


def test_upper_labels_that_do_not_cover_the_columns_are_an_error():
    with pytest.raises(HeaderError, match="ambiguous"):
        header_rows_to_paths([["A", "B"], ["", "", "x"]])


def test_more_upper_labels_than_columns_are_an_error():
    with pytest.raises(HeaderError, match="no column below"):
        header_rows_to_paths([["A", "B", "C"], ["", ""]])


def test_repeated_labels_under_different_groups_are_normal():
    assert header_rows_to_paths([["", "Arm A", "", "Arm B", ""], ["", "n", "%", "n", "%"]]) == [
        "(column 1)", "Arm A / n", "Arm A / %", "Arm B / n", "Arm B / %"]
    assert header_rows_to_paths([["SD", "SD"]]) == ["SD", "SD"]  # auto mode numbers the names; a spec refuses them (test_parse)


def test_spanning_labels_written_once_over_repeating_sub_labels_split_them_equally():
    lower = ["", "n", "Seroprevalence (%)", "95% C.I.", "n", "Seroprevalence (%)", "95% C.I."]
    assert header_rows_to_paths([["District", "Goats", "Sheep"], lower]) == [
        "District", "Goats / n", "Goats / Seroprevalence (%)", "Goats / 95% C.I.", "Sheep / n", "Sheep / Seroprevalence (%)", "Sheep / 95% C.I."]
    with pytest.raises(HeaderError, match="'B' has no column below it"):  # sub-labels that do not repeat settle nothing
        header_rows_to_paths([["", "A", "B"], ["", "n", "%", "x", "%"]])

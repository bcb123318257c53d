"""The value parsers the specs declare from library combinators, one parametrised table each."""

from __future__ import annotations

import pytest

from pipeline.tables import hane2020_table1, hane2020_table2, meng2022_table1
from pipeline.values import NOT_APPLICABLE, NOT_REPORTED, Missing


@pytest.mark.parametrize(
    ("text", "expected"),
    [("No", (False, NOT_APPLICABLE)), ("Yes", (True, NOT_REPORTED)), ("8 yr of AF", (True, 8)), ("20 yr of AF", (True, 20))],
)
def test_anal_history(text, expected):
    assert meng2022_table1.anal_history(text) == expected


@pytest.mark.parametrize("text", ["NS", "8 yr of hemorrhoids", "maybe"])
def test_anal_history_rejects(text):
    with pytest.raises(ValueError, match=f"^{text!r} fits no alternative"):
        meng2022_table1.anal_history(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("No", (True, [])), ("Pain, blood in stool", (False, ["pain", "blood in stool"])), ("Perianal abscess with mass", (False, ["perianal abscess with mass"]))],
)
def test_symptoms(text, expected):
    assert meng2022_table1.symptoms(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Synchronous", (True, NOT_APPLICABLE)), ("synchronous", (True, NOT_APPLICABLE)), ("3 mo", (False, 3.0)), ("10 yr", (False, 120.0))],
)
def test_timing(text, expected):
    assert meng2022_table1.timing(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/NA", (14.0, Missing("not_available"))),
        ("10 yr/recurrence", (120.0, "recurrence")),
        ("6/liver metastasis", (6.0, "liver metastasis")),
        ("132/Lung metastasis", (132.0, "lung metastasis")),
        ("5/death due to MLD", (5.0, "death due to MLD")),
    ],
)
def test_follow_up(text, expected):
    assert meng2022_table1.follow_up(text) == expected


@pytest.mark.parametrize("text", ["NS", "14", "/NA"])
def test_follow_up_rejects(text):
    with pytest.raises(ValueError):
        meng2022_table1.follow_up(text)


@pytest.mark.parametrize(("text", "expected"), [("No", "none"), ("APR", "APR"), ("SCR + LR", "SCR + LR")])
def test_metastasis_surgery(text, expected):
    assert meng2022_table1.metastasis_surgery(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("< 1% (G1)", (1.0, "<", "G1")), ("5% (G2)", (5.0, NOT_APPLICABLE, "G2")), ("1.7% (G1)", (1.7, NOT_APPLICABLE, "G1"))],
)
def test_ki67_with_grade(text, expected):
    assert hane2020_table1.ki67_with_grade(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Liver (8.4%)", (["liver"], 8.4, None)), ("Liver and rectum (5%)", (["liver", "rectum"], 5.0, None))],
)
def test_recurrence(text, expected):
    assert hane2020_table1.recurrence(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("0", (0, 0.0)), ("1 (1.4)", (1, 1.4)), ("1 (2.6)", (1, 2.6))])
def test_recurrences(text, expected):
    assert hane2020_table2.recurrences(text) == expected


def test_a_count_without_its_percentage_is_rejected():
    with pytest.raises(ValueError, match="^'3' fits no alternative: '3' is not one of \\['0'\\]; '3' is not a value with another in parentheses"):
        hane2020_table2.recurrences("3")

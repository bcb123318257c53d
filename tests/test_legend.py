"""The abbreviation legend under a table."""

import pytest

from pipeline.legend import lines_after, starts_legend, text_to_codes


def test_legend_entries_in_printed_order():
    codes = text_to_codes("M: Male; F: Female; RS: The junction of the rectum and sigmoid colon; NA: Not available.")
    assert codes == [("M", "Male"), ("F", "Female"), ("RS", "The junction of the rectum and sigmoid colon"), ("NA", "Not available")]


def test_prose_after_a_table_is_not_a_legend():
    assert lines_after([(1, ""), (2, "The most common site is the liver.")]) == []


def test_legend_paragraph_stops_at_a_blank_line():
    lines = [(1, ""), (2, "M: Male;"), (3, "F: Female."), (4, ""), (5, "Next section")]
    assert lines_after(lines) == [(2, "M: Male;"), (3, "F: Female.")]


@pytest.mark.parametrize("text", ["OS, overall survival; NR, not reached; HR, hazard ratio.", "NR denotes not reached.", "HR = hazard ratio",
                                  "eGFR, estimated glomerular filtration rate; NA, not available"])
def test_a_list_of_abbreviations_opens_a_legend(text):
    assert starts_legend(text)


@pytest.mark.parametrize("text", ["ECOG, n (%)", "BMI, kg/m², median (IQR)", "HbA1c, mmol/mol", "Sex, male", "Age, years"])
def test_a_group_row_naming_its_statistic_or_unit_opens_no_legend(text):
    assert not starts_legend(text)

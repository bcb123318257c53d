"""Header rows with spanning cells → column paths, by the general rule."""

from __future__ import annotations

import pytest

from pipeline.header_text import leaves_label_open
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
    with pytest.raises(HeaderError, match="cannot lay over 3 columns"):
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
    # Sub-labels that do not repeat still lay sibling spans as wide as each other; when nothing settles it, the header is refused.
    assert header_rows_to_paths([["", "A", "B"], ["", "n", "%", "x", "%"]]) == ["(column 1)", "A / n", "A / %", "B / x", "B / %"]
    with pytest.raises(HeaderError, match="ambiguous"):
        header_rows_to_paths([["", "A", "B"], ["", "n", "x", "%"]])


def test_the_stub_label_never_spans_a_column_of_values():
    upper = ["Characteristic", "", "Women (n = 13,980)", "", "Men (n = 8233)", ""]
    lower = ["", "Nmiss", "N", "%", "N", "%"]
    assert header_rows_to_paths([upper, lower]) == [
        "Characteristic", "Nmiss", "Women (n = 13,980) / N", "Women (n = 13,980) / %", "Men (n = 8233) / N", "Men (n = 8233) / %"]


def test_a_stub_label_padded_over_two_label_columns_names_both():
    assert header_rows_to_paths([["Characteristic", "", "Arm A (n = 40)", "Arm B (n = 41)"]], label_columns=2) == [
        "Characteristic", "Characteristic", "Arm A (n = 40)", "Arm B (n = 41)"]
    assert header_rows_to_paths([["Characteristic", "Arm A (n = 40)", "Arm B (n = 41)"]], width=4, label_columns=2) == [
        "Characteristic", "Characteristic", "Arm A (n = 40)", "Arm B (n = 41)"]


def test_a_padded_span_stops_where_its_sibling_s_sub_labels_do():
    upper = ["Characteristic", "Controls (n = 272)", "", "Cases (n = 146)", "", ""]
    lower = ["", "Mean/N", "SD/%", "Mean/N", "SD/%", "P value"]
    assert header_rows_to_paths([upper, lower])[3:] == ["Cases (n = 146) / Mean/N", "Cases (n = 146) / SD/%", "P value"]


def test_a_lone_padded_span_stops_before_the_p_value_comparing_its_groups():
    upper = ["Characteristics", "", "Colorectal cancer", "", ""]
    lower = ["", "All subjects (N = 230,420)", "Cases (N = 2410)", "Non-cases (N = 228,010)", "P-value"]
    assert header_rows_to_paths([upper, lower])[2:] == [
        "Colorectal cancer / Cases (N = 2410)", "Colorectal cancer / Non-cases (N = 228,010)", "P-value"]


def test_a_padded_span_over_labels_printed_beside_it_keeps_its_p_value():
    upper = ["Delay", "Expected deaths", "P value", "All stages", ""]
    lower = ["", "", "", "Expected deaths", "P value"]
    assert header_rows_to_paths([upper, lower])[3:] == ["All stages / Expected deaths", "All stages / P value"]


def test_a_padded_span_never_lies_across_two_labels_above_it():
    rows = [["Characteristic", "Participants, No. (%)", "", "", "P value"],
            ["", "Overall (N = 230 175)", "Adjuvant radiation therapy", "", ""],
            ["", "", "No (n = 218 590)", "Yes (n = 11 585)", ""]]
    assert header_rows_to_paths(rows)[3:] == ["Participants, No. (%) / Adjuvant radiation therapy / Yes (n = 11 585)", "P value"]


def test_a_lower_label_padded_over_an_estimate_and_its_interval_names_both():
    upper = ["", "Univariable", "", "", "Multivariable", "", ""]
    lower = ["", "HR (95% CI)", "", "P", "HR (95% CI)", "", "P"]
    assert header_rows_to_paths([upper, lower]) == [
        "(column 1)", "Univariable / HR (95% CI)", "Univariable / HR (95% CI)", "Univariable / P",
        "Multivariable / HR (95% CI)", "Multivariable / HR (95% CI)", "Multivariable / P"]


def test_a_statistic_s_name_padded_under_several_groups_is_each_one_s_but_the_p_value_s():
    rows = [["Toxicity", "IMRT (No. = 79)", "HT (No. = 73)", "P value"], ["", "No. of patients (%)", "", ""]]
    assert header_rows_to_paths(rows) == ["Toxicity", "IMRT (No. = 79) / No. of patients (%)", "HT (No. = 73) / No. of patients (%)", "P value"]
    groups = [["Subgroup", "Women", "Men"], ["", "Cases", ""]]  # a group's name is no statistic: the blank stays blank
    assert header_rows_to_paths(groups) == ["Subgroup", "Women / Cases", "Men"]


def test_a_title_alone_in_the_first_row_spans_the_whole_table():
    assert header_rows_to_paths([["Dogs tested", "", "", ""], ["Region", "n", "Infected (%)", "Co-infected (%)"]]) == [
        "Dogs tested / Region", "Dogs tested / n", "Dogs tested / Infected (%)", "Dogs tested / Co-infected (%)"]


@pytest.mark.parametrize(
    ("rows", "width", "label_columns", "paths"),
    [
        # Statistics repeat under sibling models though their own labels differ ("HR" and "aHR").
        ([["Factor", "Level", "Model 1", "Model 2"], ["", "", "HR (95% CI)", "P value", "aHR (95% CI)", "P value"]], 6, 2,
         ["Factor", "Level", "Model 1 / HR (95% CI)", "Model 1 / P value", "Model 2 / aHR (95% CI)", "Model 2 / P value"]),
        # A group's size under a label is its own; named sub-groups sit under the label that spans.
        ([["Characteristic", "No diabetes", "Type 1", "Type 2"], ["", "n = 2350", "n = 575", "Prevalent", "Incident"],
          ["", "", "", "n = 789", "n = 682"]], 5, 1,
         ["Characteristic", "No diabetes / n = 2350", "Type 1 / n = 575", "Type 2 / Prevalent / n = 789", "Type 2 / Incident / n = 682"]),
        # Three levels, each written once; years under each setting, a test and an odds ratio after them.
        ([["Sex", "Age group", "Prevalence, %"], ["", "", "Rural", "Urban"],
          ["", "", "1995", "2003", "P for trend", "1995", "2003", "P for trend"]], 8, 2,
         ["Sex", "Age group", "Prevalence, % / Rural / 1995", "Prevalence, % / Rural / 2003", "Prevalence, % / Rural / P for trend",
          "Prevalence, % / Urban / 1995", "Prevalence, % / Urban / 2003", "Prevalence, % / Urban / P for trend"]),
        # Groups with their sizes repeat by name: "Cases, n=71" and "Cases, n=75" are the same sub-group of two spans.
        ([["", "Premenopausal", "Postmenopausal"], ["Variable", "Cases, n=71", "Controls, n=370", "Cases, n=75", "Controls, n=289"]], 5, 1,
         ["Variable", "Premenopausal / Cases, n=71", "Premenopausal / Controls, n=370", "Postmenopausal / Cases, n=75",
          "Postmenopausal / Controls, n=289"]),
    ],
)
def test_labels_written_once_are_laid_over_the_columns_the_rows_below_make_most_plausible(rows, width, label_columns, paths):
    assert header_rows_to_paths(rows, width, label_columns) == paths


ESTIMATES, P_VALUES, COUNTS = frozenset({"estimate_ci", "median_iqr"}), frozenset({"p_value", "value", "percent"}), frozenset({"count_percent"})


@pytest.mark.parametrize(
    ("rows", "width", "label_columns", "body", "paths"),
    [
        # The stub's cell, covered from above, is not written: the lower row starts under the first span.
        ([["Characteristic", "Premenopausal", "Postmenopausal"], ["Cases, n=71", "Controls, n=370", "Cases, n=75", "Controls, n=289"]],
         5, 1, (), ["Characteristic", "Premenopausal / Cases, n=71", "Premenopausal / Controls, n=370", "Postmenopausal / Cases, n=75",
                    "Postmenopausal / Controls, n=289"]),
        # Three levels, each group's size under its name: a size is never under another size, nor over the row labels.
        ([["Characteristic", "No diabetes", "Type 1", "Type 2"], ["n = 2350", "n = 575", "Prevalent", "Incident"], ["n = 789", "n = 682"]],
         5, 1, (), ["Characteristic", "No diabetes / n = 2350", "Type 1 / n = 575", "Type 2 / Prevalent / n = 789", "Type 2 / Incident / n = 682"]),
        # A p-value spanning the header's rows is no group over a statistic of its own.
        ([["Characteristic", "Cohort A (N = 118)", "Cohort B (N = 156)", "P value"], ["Number (%)", "Number (%)"]], 4, 1, (),
         ["Characteristic", "Cohort A (N = 118) / Number (%)", "Cohort B (N = 156) / Number (%)", "P value"]),
        # The body settles what the labels alone leave open: hazard ratios under "OR (95% CI)", p-values under "P for Q test".
        ([["Group", "No. of studies", "OR (95% CI)", "Heterogeneity"], ["P for Q test", "I2, %"]], 5, 1,
         (frozenset(), frozenset({"count"}), ESTIMATES, P_VALUES, P_VALUES),
         ["Group", "No. of studies", "OR (95% CI)", "Heterogeneity / P for Q test", "Heterogeneity / I2, %"]),
        ([["Factor", "Level", "Model 1", "Model 2"], ["HR (95% CI)", "P value", "aHR (95% CI)", "P value"]], 6, 2,
         (frozenset(), frozenset(), ESTIMATES, P_VALUES, ESTIMATES, P_VALUES),
         ["Factor", "Level", "Model 1 / HR (95% CI)", "Model 1 / P value", "Model 2 / aHR (95% CI)", "Model 2 / P value"]),
        # Over no sub-labels, what the columns print lays the arms: each one's count, then its share printed apart.
        ([["Characteristic", "Intervention (n = 120)", "Control (n = 118)"]], 5, 1,
         (frozenset(), frozenset({"count", "value", "mean"}), frozenset({"percent", "sd"}), frozenset({"count", "value", "mean"}), frozenset({"percent", "sd"})),
         ["Characteristic", "Intervention (n = 120)", "Intervention (n = 120)", "Control (n = 118)", "Control (n = 118)"]),
    ],
)
def test_rows_written_once_with_their_covered_cells_left_out_are_tiled_as_most_plausible(rows, width, label_columns, body, paths):
    assert header_rows_to_paths(rows, width, label_columns, body) == paths


def test_a_header_the_text_cannot_settle_is_refused_not_guessed():
    with pytest.raises(HeaderError, match="ambiguous"):
        header_rows_to_paths([["Characteristic", "Arm A", "Arm B"], ["Early", "Late"]], 4, 1)


@pytest.mark.parametrize(
    ("text", "open_"),
    [("Interaction effect between treatment and", True), ("Age, yr, mean ±", True), ("Controls (n =", True), ("Cases,", True),
     ("Hazard ratio (95%", True), ("Proximal vs.", True), ("CD-I cohort (N = 118)", False), ("Postmenopausal", False), ("", False)],
)
def test_a_label_line_is_left_open_by_a_word_or_sign_it_goes_on_from_or_an_open_bracket(text, open_):
    assert leaves_label_open(text) is open_

"""Summary tables as users meet them: exported one cell per line (spans padded or written once, labels indented or not), typeset
as a journal PDF (with rules, or without any and its rows shaded; and printed by a browser, with rules, boxed, and with rows not padded), and as a journal's HTML page and PubMed Central's JATS XML, read with no spec. The grid comes back cell for cell with its header paths, every printed number comes back typed
in its own record, nothing is duplicated, and the long form is valid (issue 15).

The tables of ``tests/fixtures/printed/`` are invented, each after a shape published tables print (``tests/printed_tables.py``
says the form); their arithmetic holds, so the checks find nothing to report.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from pipeline import auto, kinds
from schemas.statistics import SummaryStatistics
from tests.printed_tables import BROWSER_FORMS, FORMS, TYPED, grid_difference, html_to_table, number_cells, read_form

FIXTURES = Path(__file__).parent / "fixtures" / "printed"
TABLES = sorted(path.stem for path in FIXTURES.glob("*.html"))


# A second typesetter: the page printed by headless Chromium, with booktabs rules, boxed, booktabs with rows not padded at
# all, as most journals set them, and without rules, rows a point apart and every other one shaded.
TYPESET_FORMS = (*FORMS, "pdf-browser", "pdf-browser-grid", "pdf-browser-dense", "pdf-browser-tight")


@lru_cache(maxsize=None)
def read(name: str, form: str, folder: str) -> tuple:
    """Given a fixture, a form and a folder for the PDF, return the printed table, its grid and its auto-mode table."""
    if form in BROWSER_FORMS and not (shutil.which("chromium") or shutil.which("chromium-browser")):
        message = "the browser-typeset forms need Chromium (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install it (make test does)")
        pytest.skip(message)
    table = html_to_table(FIXTURES / f"{name}.html")
    grid, read_table, why = read_form(table, form, Path(folder))
    assert grid is not None, why
    return table, grid, read_table


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("printed"))


@pytest.mark.parametrize("form", TYPESET_FORMS)
@pytest.mark.parametrize("name", TABLES)
def test_the_grid_comes_back_cell_for_cell_with_its_header_paths(name, form, folder):
    table, grid, _ = read(name, form, folder)
    paths_exact, rows_exact, difference = grid_difference(table, grid, spacers_dropped=form.startswith("pdf"))
    assert paths_exact and rows_exact, difference


@pytest.mark.parametrize("form", TYPESET_FORMS)
@pytest.mark.parametrize("name", TABLES)
def test_every_printed_number_is_typed_once_in_its_own_row_and_column(name, form, folder):
    table, _, found = read(name, form, folder)
    assert found.kind in kinds.LONG_KINDS
    verdicts = number_cells(table, found, spacers_dropped=form.startswith("pdf"))
    assert verdicts and all(verdict == TYPED for verdict in verdicts.values()), {cell: v for cell, v in verdicts.items() if v != TYPED}
    assert not found.frame.duplicated(["source_row", "source_column"]).any()
    SummaryStatistics.validate(found.frame)


def cell(frame: pd.DataFrame, raw_text: str, group: str | None = None) -> pd.Series:
    """Given a long form, a cell's printed text and its group, return its one record."""
    chosen = frame[(frame["raw_text"] == raw_text) & ((frame["group"] == group) if group else True)]
    assert len(chosen) == 1, (raw_text, group, len(chosen))
    return chosen.iloc[0]


def padded(name: str, folder: str) -> auto.AutoTable:
    return read(name, "padded", folder)[2]


def test_em_dash_labels_name_the_unit_and_statistic_and_the_total_column_is_overall(folder):
    frame = padded("nejm_trial", folder).frame
    age = frame[(frame["variable"] == "Age") & (frame["group"] == "Drug X")].iloc[0]
    assert (age["statistic"], age["unit"], age["group_n"], age["overall"]) == ("mean_sd", "yr", 412, False)
    male = frame[(frame["variable"] == "Male sex") & (frame["group"] == "Drug X")].iloc[0]
    assert male["statistic"] == "count_percent" and male["count"] / 412 * 100 == pytest.approx(male["percent"], abs=0.05)
    assert frame[frame["group"] == "Total"]["overall"].all()
    race = frame[frame["variable"].str.startswith("Race")]
    assert race["level"].notna().all() and race["statistic"].eq("count_percent").all()


def test_group_sizes_from_a_header_row_thin_space_thousands_and_bare_percentages(folder):
    frame = padded("cohort_cases", folder).frame
    assert dict(frame.drop_duplicates("group")[["group", "group_n"]].dropna().itertuples(index=False)) == {"Cases": 4924, "Non-cases": 335924}
    menopausal = frame[frame["variable"].str.startswith("Menopausal")]
    assert menopausal["level"].notna().all() and menopausal["statistic"].eq("percent").all()
    assert menopausal.groupby("group")["percent"].sum().round(1).eq(100.0).all()
    assert cell(frame, "1 204 (24.5)")["count"] == 1204


def test_factor_and_level_columns_reference_rows_and_the_measure_each_model_names(folder):
    frame = padded("cox_models", folder).frame
    references = frame[frame["statistic"] == "reference"]
    assert len(references) and references["estimate"].eq(1.0).all() and references["level"].notna().all()
    assert set(frame[frame["statistic"] == "estimate_ci"]["measure"]) == {"HR", "aHR"}
    assert frame[frame["statistic"] == "estimate_ci"]["variable"].notna().all()


def test_significance_letters_raised_or_glued_split_off_with_their_footnotes(folder):
    frame = padded("seroprevalence", folder).frame
    lettered = frame[frame["marker"].notna()]
    assert set(lettered["marker"]) >= {"a", "b", "A", "ab"}
    lower_case = lettered[lettered["marker"] == "a"].iloc[0]
    assert lower_case["footnote"].startswith("Values within a column") and lower_case["statistic"] == "percent"
    assert lettered[lettered["marker"] == "A"].iloc[0]["footnote"].startswith("Seroprevalence differs between species")


def test_three_header_levels_give_each_group_its_path_and_n(folder):
    frame = padded("three_level", folder).frame
    groups = dict(frame.drop_duplicates("group")[["group", "group_n"]].dropna().itertuples(index=False))
    assert groups["Type 2 diabetes / Prevalent"] == 7891 and groups["No diabetes"] == 23502
    negative = frame[(frame["statistic"] == "mean_sd") & (frame["mean"] < 0)]
    assert len(negative) and negative["raw_text"].str.startswith("\u2212").all()


def test_a_median_not_reached_keeps_its_bound_missing_and_says_so(folder):
    frame = padded("survival_outcomes", folder).frame
    open_ended = frame[frame["raw_text"].str.contains("NR)", regex=False)].iloc[0]
    assert pd.isna(open_ended["upper"]) and open_ended["qualifier"] == "upper bound not reached" and open_ended["lower"] > 0
    assert frame[frame["raw_text"] == "NR"]["missing_reason"].eq("not_reached").all()  # "NR denotes not reached." under the table


def test_a_statistic_split_over_sub_columns_reads_by_the_kind_of_row(folder):
    frame = padded("split_columns", folder).frame
    measured = frame[frame["unit"].notna() & frame["raw_text"].ne("")]
    assert set(measured["statistic"]) <= {"mean", "sd", "p_value"}
    levels = frame[frame["level"].notna() & frame["group"].notna()]
    assert set(levels["statistic"]) <= {"count", "percent"}


def test_intervals_the_footnote_says_brackets_hold(folder):
    frame = padded("subgroups_titled", folder).frame
    intervals = frame[frame["raw_text"].str.startswith("[")]
    assert len(intervals) and intervals["statistic"].eq("interval").all()
    assert frame["group"].dropna().str.startswith("Dogs tested for vector-borne pathogens").all()


@pytest.mark.parametrize("form", ["padded", "pdf"])
def test_an_estimate_s_p_value_in_its_cell_and_the_interaction_p_on_each_group_row(form, folder):
    frame = read("subgroup_interaction", form, folder)[2].frame
    estimates = frame[frame["statistic"] == "estimate_ci"]
    assert len(estimates) == 6 and estimates["p_value"].notna().all() and estimates["level"].notna().all()
    assert set(estimates[estimates["raw_text"].str.contains("<")]["qualifier"]) == {"P <"}
    assert set(estimates[estimates["raw_text"].str.contains("=")]["qualifier"].fillna("")) == {""}
    interactions = frame[frame["statistic"] == "p_value"]
    assert dict(zip(interactions["variable"], interactions["p_value"])) == {"Age": 0.41, "Sex": 0.77, "ECOG performance status": 0.048}


def test_groups_under_nested_spans_keep_their_n_and_the_p_value_beside_them_stays_apart(folder):
    for name, groups in (("registry_adjuvant", {"Participants / Adjuvant chemotherapy / No": 1010, "Participants / Adjuvant chemotherapy / Yes": 194}),
                         ("biobank_cases", {"Incident lung cancer / Cases": 2410, "Incident lung cancer / Non-cases": 228010})):
        frame = padded(name, folder).frame
        sizes = dict(frame.drop_duplicates("group")[["group", "group_n"]].dropna().itertuples(index=False))
        assert {group: sizes.get(group) for group in groups} == groups, sizes
        p_values = frame[frame["statistic"] == "p_value"]
        assert len(p_values) >= 4 and p_values["group"].isna().all() or set(p_values["group"]) <= {"P value", "P-value"}


@pytest.mark.parametrize("form", ["padded", "pdf-browser"])
def test_adverse_events_repeat_their_sub_labels_under_each_arm_and_a_list_of_events_is_no_shortfall(form, folder):
    found = read("adverse_events", form, folder)[2]
    frame = found.frame
    groups = dict(frame.drop_duplicates("group")[["group", "group_n"]].itertuples(index=False))
    assert groups == {"Pembrolizumab / Any grade": 154, "Pembrolizumab / Grade 3–5": 154, "Chemotherapy / Any grade": 150, "Chemotherapy / Grade 3–5": 150}
    listed = frame[frame["variable"] == "Adverse events of interest"]  # the glued footnote letter of a text export split off
    assert len(listed) == 16 and listed["level"].notna().all() and listed["statistic"].eq("count_percent").all()
    assert not found.findings  # events under a heading count under half the arm: a list, not levels short of it


def test_a_survival_table_by_stage_reads_not_reached_and_its_columns_quantities(folder):
    frame = padded("survival_by_stage", folder).frame
    assert frame[frame["raw_text"] == "NR"]["missing_reason"].eq("not_reached").all()  # "NR, not reached" in the abbreviations
    open_median = cell(frame, "NR (118.4–NR)")
    assert (open_median["lower"], open_median["qualifier"]) == (118.4, "estimate not reached; upper bound not reached")
    assert pd.isna(open_median["estimate"]) and pd.isna(open_median["upper"])
    median = cell(frame, "64.8 (52.1–77.5)")
    assert (median["measure"], median["unit"], median["estimate"]) == ("Median OS", "months", 64.8)
    assert (cell(frame, "54.3 (48.2–60.0)")["measure"], cell(frame, "54.3 (48.2–60.0)")["unit"]) == ("5-year OS", "%")
    assert cell(frame, "1.00 (ref)")["statistic"] == "reference" and cell(frame, "412")["group"] == "Patients"


def test_dose_groups_take_their_n_from_a_header_row_and_their_quartiles_and_units_from_the_labels(folder):
    frame = padded("dose_groups", folder).frame
    assert dict(frame.drop_duplicates("group")[["group", "group_n"]].dropna().itertuples(index=False)) == {"Placebo": 302, "10 mg": 298, "25 mg": 305}
    age = cell(frame, "63 (55, 70)")
    assert (age["statistic"], age["median"], age["lower"], age["upper"], age["unit"]) == ("median_iqr", 63.0, 55.0, 70.0, "years")
    assert (cell(frame, "7.9 (1.1)")["variable"], cell(frame, "7.9 (1.1)")["unit"]) == ("HbA1c", "%")
    assert cell(frame, "71.4 (18.2)")["unit"] == "mL/min/1.73 m²"
    assert cell(frame, "NA")["missing_reason"] == "not_available"
    female = cell(frame, "139/302 (46.0)")
    assert (female["statistic"], female["count"], female["denominator"]) == ("count_denominator_percent", 139, 302)
    assert set(frame[frame["statistic"] == "p_value"]["measure"]) == {"p for trend"}


def test_an_overall_column_first_jama_p_values_and_counts_with_comma_thousands(folder):
    frame = padded("cohort_overall_first", folder).frame
    assert frame[frame["group"] == "Overall"]["overall"].all() and not frame[frame["group"] == "Dementia"]["overall"].any()
    assert cell(frame, "1,138 (46.3)")["count"] == 1138
    assert (cell(frame, ".02")["p_value"], cell(frame, ".43")["p_value"]) == (0.02, 0.43)
    bmi = cell(frame, "26.4 [23.8–29.5]")
    assert (bmi["statistic"], bmi["unit"]) == ("median_iqr", "kg/m2")
    assert frame[frame["variable"] == "Education"]["level"].dropna().drop_duplicates().tolist() == ["Less than high school", "High school", "College or more"]


@pytest.mark.parametrize(("name", "measure"), [("logistic_models", "OR"), ("linear_models", "β")])
def test_model_tables_with_semicolon_or_to_intervals_reference_words_and_dashes(name, measure, folder):
    frame = padded(name, folder).frame
    estimates = frame[frame["statistic"] == "estimate_ci"]
    assert set(estimates["measure"]) == {measure} and (estimates["lower"] <= estimates["estimate"]).all()
    assert (estimates["estimate"] <= estimates["upper"]).all()
    if name == "logistic_models":
        assert frame[frame["raw_text"] == "Reference"]["statistic"].eq("reference").all()
        assert frame[frame["raw_text"] == "—"]["missing_reason"].eq("not_applicable").all()
    else:
        assert cell(frame, "−0·42 (−0·61 to −0·23)", "Unadjusted")[["estimate", "lower", "upper"]].tolist() == [-0.42, -0.61, -0.23]


@pytest.mark.parametrize("form", ["padded", "pdf-browser-dense"])
def test_a_meta_analysis_s_pooled_row_names_its_interval_not_what_each_cell_is(form, folder):
    frame = read("meta_analysis", form, folder)[2].frame
    pooled = frame[frame["variable"] == "Total"].set_index("source_column")
    assert (pooled.loc["adjuvant__events_total", "statistic"], pooled.loc["adjuvant__events_total", "count"],
            pooled.loc["adjuvant__events_total", "denominator"]) == ("count_denominator", 109, 568)
    assert (pooled.loc["weight", "statistic"], pooled.loc["weight", "percent"]) == ("percent", 100.0)  # "Weight (%)", as in every row
    assert (pooled.loc["risk_ratio_95_ci", "statistic"], pooled.loc["risk_ratio_95_ci", "measure"]) == ("estimate_ci", "Risk ratio")
    assert frame[frame["source_column"] == "weight"]["statistic"].eq("percent").all()


def test_a_statement_naming_mean_with_its_sign_leaves_bracketed_counts_counts(folder):
    frame = padded("surgical_trial", folder).frame
    male = cell(frame, "38 (59.4)")  # "Values are mean ± SD or n (%)": a bracket is no ± sign
    assert (male["statistic"], male["count"], male["percent"]) == ("count_percent", 38, 59.4)
    assert cell(frame, "58.3 ± 10.2")[["statistic", "mean", "sd", "unit"]].tolist() == ["mean_sd", 58.3, 10.2, "years"]
    assert cell(frame, "34 (12–88)")["statistic"] == "median_range"
    starred = cell(frame, "0.003*")
    assert (starred["p_value"], starred["marker"], starred["footnote"]) == (0.003, "*", "Statistically significant (p < 0.05).")
    assert frame[frame["raw_text"] == "NS"]["missing_reason"].eq("not_significant").all()


def test_the_label_column_s_header_names_every_cell_s_statistic_and_unit(folder):
    frame = padded("diagnostic_accuracy", folder).frame  # "Measure, % (95% CI)" over the measures
    assert frame["statistic"].eq("estimate_ci").all() and frame["unit"].eq("%").all()
    assert cell(frame, "86.4 (79.1–91.9)")[["estimate", "lower", "upper"]].tolist() == [86.4, 79.1, 91.9]
    assert frame["variable"].drop_duplicates().tolist()[:2] == ["Sensitivity", "Specificity"]  # a header naming a statistic names no variable


def test_counts_and_shares_in_sub_columns_under_each_sex_and_a_dash_where_a_site_does_not_apply(folder):
    frame = padded("registry_sites", folder).frame
    assert cell(frame, "11 893")["count"] == 11893 and cell(frame, "11 893")["group"] == "Men"
    prostate_women = frame[(frame["variable"] == "Primary site") & (frame["level"] == "Prostate") & (frame["group"] == "Women")]
    assert prostate_women["missing_reason"].eq("not_applicable").all() and len(prostate_women) == 2


@pytest.mark.parametrize("form", ["once", "pdf"])
def test_a_count_and_its_share_printed_in_two_columns_under_one_arm(form, folder):
    frame = read("split_percent", form, folder)[2].frame
    women = frame[(frame["variable"] == "Women") & (frame["group"] == "Intervention")].set_index("statistic")
    assert (women.loc["count", "count"], women.loc["percent", "percent"]) == (54, 45.0)
    age = frame[(frame["variable"] == "Age") & (frame["group"] == "Control")].set_index("statistic")
    assert (age.loc["mean", "mean"], age.loc["sd", "sd"]) == (62.7, 9.4)
    assert set(frame["group_n"]) == {120, 118}



@pytest.mark.parametrize(("name", "variable", "levels", "own"), [
    ("survival_by_stage", "Stage", ["I", "II", "III", "IV"], set()),
    ("meta_analysis", "Study", ["Adams 2011", "Baker 2014", "Chen 2016", "Dubois 2019", "Evans 2021"], {"Total"}),  # the pooled row apart
])
def test_a_label_column_header_naming_a_variable_makes_the_rows_its_levels(name, variable, levels, own, folder):
    frame = padded(name, folder).frame
    assert frame[frame["variable"] == variable]["level"].drop_duplicates().tolist() == levels
    assert set(frame["variable"]) == {variable, *own}
    assert set(padded("adverse_events", folder).frame["variable"]) >= {"Any adverse event", "Fatigue"}  # "Event" names no variable


@pytest.mark.parametrize("form", ["padded", "pdf"])
def test_coefficients_their_standard_errors_and_test_statistics_in_columns_of_their_own(form, folder):
    frame = read("regression_coefficients", form, folder)[2].frame
    age = frame[frame["variable"] == "Age"].set_index("source_column")  # "Age (years)": a predictor's unit, no mean
    assert (age.loc["b", "statistic"], age.loc["b", "estimate"], age.loc["b", "measure"]) == ("estimate", 0.012, "B")
    assert (age.loc["se", "statistic"], age.loc["se", "se"]) == ("se", 0.004)
    assert (age.loc["β", "statistic"], age.loc["β", "estimate"]) == ("estimate", 0.18)
    assert (age.loc["t", "statistic"], age.loc["t", "value"], age.loc["t", "measure"]) == ("test_statistic", 3.0, "t")
    assert frame["group"].isna().all() and not frame["statistic"].isin(["mean", "sd", "value"]).any()


def test_a_coefficient_with_its_standard_error_under_each_model(folder):
    frame = padded("models_with_se", folder).frame
    stage = cell(frame, "−3.40 (1.10)")
    assert stage[["statistic", "estimate", "se", "group", "variable", "level", "measure"]].tolist() == [
        "estimate_se", -3.4, 1.1, "Model 1", "Stage", "III", "β"]
    assert frame["sd"].isna().all() and frame["mean"].isna().all()
    # "Dashes mark the reference level" under the table (a text export leaves that sentence as prose, unread): under β, 0.
    dashes = read("models_with_se", "html", folder)[2].frame.query("raw_text == '—'")
    assert len(dashes) == 2 and dashes["statistic"].eq("reference").all() and dashes["estimate"].eq(0.0).all()


@pytest.mark.parametrize("form", ["padded", "pdf-browser"])
def test_means_with_their_standard_errors_where_the_table_says_so(form, folder):
    frame = read("biomarkers_sem", form, folder)[2].frame  # "Values are mean ± SEM or n (%)"
    assert cell(frame, "12.4 ± 1.8")[["statistic", "mean", "se", "unit"]].tolist() == ["mean_se", 12.4, 1.8, "%"]
    assert cell(frame, "3.2 ± 0.4")[["statistic", "unit"]].tolist() == ["mean_se", "cm³"]
    assert cell(frame, "7 (29.2)")[["statistic", "count", "percent"]].tolist() == ["count_percent", 7, 29.2]
    assert frame["sd"].isna().all()


@pytest.mark.parametrize("form", ["once", "pdf"])
def test_a_column_naming_each_row_s_statistic_is_no_level(form, folder):
    frame = read("statistic_column", form, folder)[2].frame
    assert frame["level"].dropna().drop_duplicates().tolist() == ["Male", "Female", "0", "1"]
    assert (cell(frame, "61 (38–80)")["statistic"], cell(frame, "2 (1–3)")["statistic"]) == ("median_range", "median_iqr")
    assert cell(frame, "26.1 ± 4.0")[["statistic", "mean", "sd", "unit"]].tolist() == ["mean_sd", 26.1, 4.0, "kg/m²"]
    assert cell(frame, "24 (60.0)")[["statistic", "variable", "level"]].tolist() == ["count_percent", "ECOG performance status", "0"]


def test_a_caption_naming_the_statistic_of_every_cell(folder):
    frame = padded("caption_percent", folder).frame  # "…, %"
    shares = frame[frame["group"].notna()]
    assert shares["statistic"].eq("percent").all() and set(shares["group_n"]) == {1204, 1587, 2031}
    assert frame[frame["group"].isna()]["statistic"].eq("p_value").all()


def test_one_cohort_in_a_count_column_and_a_percent_column(folder):
    frame = padded("single_cohort", folder).frame
    assert set(frame["source_column"]) == {"n", "percent"}
    third = frame[(frame["variable"] == "Stage at diagnosis") & (frame["level"] == "III")].set_index("statistic")
    assert (third.loc["count", "count"], third.loc["percent", "percent"]) == (161, 39.1)
    assert frame[frame["variable"] == "Age group"]["unit"].eq("years").all()


@pytest.mark.parametrize("form", ["once", "pdf-browser-dense"])
def test_a_percentage_in_a_flat_column_of_its_own_belongs_to_the_group_before_it(form, folder):
    frame = read("case_control_flat", form, folder)[2].frame  # "Cases (n = 150) | % | Controls (n = 300) | %"
    current = frame[(frame["level"] == "Current") & (frame["group"] == "Controls")].set_index("statistic")
    assert (current.loc["count", "count"], current.loc["percent", "percent"], set(current["group_n"])) == (63, 21.0, {300})
    assert frame[frame["statistic"] == "percent"]["group"].notna().all()


@pytest.mark.parametrize("form", ["padded", "pdf-browser-tight"])
def test_each_arm_s_size_from_a_row_of_sizes_checks_its_levels(form, folder):
    table = read("patients_row", form, folder)[2]  # "No. of patients | 135 | 137" under arms named without their n
    assert table.frame.groupby("group")["group_n"].unique().map(list).to_dict() == {"Docetaxel": [137], "Nivolumab": [135]}
    assert cell(table.frame, "0")[["statistic", "count", "level"]].tolist() == ["count", 0, "Not reported"]
    assert not table.findings  # 27 + 106 + 2 = 135 and every rounded share is its count's


def test_an_end_point_s_columns_are_no_overall_column(folder):
    frame = padded("endpoints_by_subgroup", folder).frame  # "Overall survival" names an end point
    assert not frame["overall"].any() and set(frame["group"]) == {"Overall survival", "Progression-free survival"}
    female = frame[(frame["level"] == "Female") & (frame["group"] == "Overall survival")].set_index("statistic")
    assert (female.loc["count_denominator", "count"], female.loc["count_denominator", "denominator"]) == (29, 49)
    assert female.loc["estimate_ci", ["estimate", "lower", "upper", "measure"]].tolist() == [0.67, 0.36, 1.25, "HR"]


@pytest.mark.parametrize("form", ["padded", "pdf-browser"])
def test_a_variable_s_statistics_printed_a_row_each_are_no_levels_of_it(form, folder):
    frame = read("demographics_by_statistic", form, folder)[2].frame  # "Age (years)" over "n", "Mean (SD)", "Median", "Min, Max"
    bmi = frame[(frame["variable"] == "BMI") & (frame["group"] == "Placebo")].set_index("statistic")
    assert bmi["level"].isna().all() and set(bmi["unit"]) == {"kg/m²"}
    assert (bmi.loc["count", "count"], bmi.loc["count", "group_n"]) == (133, 135)  # two placebo patients' BMI missing
    assert (bmi.loc["mean_sd", "mean"], bmi.loc["median", "median"], bmi.loc["interval", "lower"], bmi.loc["interval", "upper"]) == (27.4, 26.8, 24.1, 30.2)
    assert set(frame["variable"]) == {"Age", "Sex", "BMI", "ECOG performance status"}

"""Summary tables as PDF text streams: one line a row, cells separated by single spaces, blank cells gone (``layouts.summary_stream``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import auto
from pipeline.grid import Grid
from pipeline.kinds.labels import path_to_group
from pipeline.layouts import stream_header, summary_stream, text_stream
from pipeline.sources.text import text_to_lines
from pipeline.stages import extract, parse
from tests.conftest import read_without_a_spec
from tests.printed_tables import as_stream

FIXTURES = Path(__file__).parent / "fixtures" / "summary"
# Every summary fixture but odds_table4, whose three label columns ("Goats Sex Female") cannot be told apart once blank cells vanish.
STREAMABLE = ["trial_table1.txt", "cohort_table2.txt", "cox_table3.txt", "seroprevalence_table1.txt", "nested_table3.txt",
              "indented_table1.txt", "dash_table1.txt"]


def stream_table(*lines: str) -> tuple[dict, Grid]:
    """Given a table's lines as a PDF text export gives them (its caption first), return its extract record and its grid read without a spec."""
    text = "\n".join(lines) + "\n"
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    return record, read_without_a_spec(text)


def read(text: str) -> tuple[dict, auto.AutoTable]:
    """Given a document of one table, return its extract record and the table read in auto mode."""
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    table = pd.Series({**record, "file": "doc.txt"})
    grid, why = parse.parse_unclaimed(table)
    assert why is None, why
    return record, auto.read_table(table, grid)


@pytest.mark.parametrize("name", STREAMABLE)
def test_a_summary_fixture_as_a_text_stream_gives_the_same_grid(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    expected, stream = read_without_a_spec(text), read_without_a_spec(as_stream(text))
    assert stream.paths == expected.paths
    assert [[cell.text for cell in row] for row in stream.rows] == [[cell.text for cell in row] for row in expected.rows]
    assert stream.notes == ()


@pytest.mark.parametrize("name", STREAMABLE)
def test_a_summary_fixture_as_a_text_stream_gives_the_same_long_form_and_legend(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    (record, expected), (stream_record, stream) = read(text), read(as_stream(text))
    assert stream_record["layout"] == summary_stream.NAME
    assert stream_record["legend"] == record["legend"]
    assert stream.kind == expected.kind
    # Only where the cells were printed differs: one line a row instead of one a cell.
    pd.testing.assert_frame_equal(stream.frame.drop(columns="source_line"), expected.frame.drop(columns="source_line"))
    assert [{**finding, "line": None} for finding in stream.findings] == [{**finding, "line": None} for finding in expected.findings]


def test_label_columns_that_vanish_when_blank_are_not_guessed():
    text = as_stream((FIXTURES / "odds_table4.txt").read_text(encoding="utf-8"))
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    assert record["layout"] == text_stream.NAME


def test_the_case_series_streams_stay_text_streams():
    text = (Path(__file__).parents[1] / "raw").glob("*.txt")
    layouts = {record["layout"] for path in text for record in extract.lines_to_tables(text_to_lines(path.read_text(encoding="utf-8")), path.stem)}
    assert summary_stream.NAME not in layouts


@pytest.mark.parametrize(
    ("line", "labels"),
    [
        ("Characteristic Surgery (n = 48) Chemoradiotherapy (n = 52) Total (n = 100) P value",
         ["Characteristic", "Surgery (n = 48)", "Chemoradiotherapy (n = 52)", "Total (n = 100)", "P value"]),
        ("n = 4924 n = 335 924", ["n = 4924", "n = 335 924"]),
        ("District n Seroprevalence (%) 95% C.I. n", ["District", "n", "Seroprevalence (%)", "95% C.I.", "n"]),
        ("Characteristic Arm A (N=120) Arm B (N=118)", ["Characteristic", "Arm A (N=120)", "Arm B (N=118)"]),
        ("HR (95% CI) P HR (95% CI) P", ["HR (95% CI)", "P", "HR (95% CI)", "P"]),
        # A group size closes its label with its footnote marker; a joiner keeps a label going.
        ("Pemetrexed + BSC (N = 222)a Placebo + BSC (N = 111)a", ["Pemetrexed + BSC (N = 222)a", "Placebo + BSC (N = 111)a"]),
        # Bounds open labels, and a bound's sign set apart goes on with what it bounds; "n/N (%)" opens one as "n" does.
        ("Subgroup Total <1 year ≥3 years", ["Subgroup", "Total", "<1 year", "≥3 years"]),
        ("≥ GG2 cancer detection ≥ CPG3 cancer detection", ["≥ GG2 cancer detection", "≥ CPG3 cancer detection"]),
        ("n/N (%) 95% CI n/N (%) 95% CI", ["n/N (%)", "95% CI", "n/N (%)", "95% CI"]),
        # An effect measure goes on from the word that qualifies it.
        ("Adjusted HR* [CI] Crude OR (95% CI)", ["Adjusted HR* [CI]", "Crude OR (95% CI)"]),
        # A p-value's name in lower case and an effect measure's symbol open labels; a word after a comma goes on its label;
        # a quantity's abbreviation goes on from "Median" or "5-year".
        ("β (95% CI) p value β (95% CI) p-Value", ["β (95% CI)", "p value", "β (95% CI)", "p-Value"]),
        ("Placebo 10 mg 25 mg p for trend", ["Placebo", "10 mg", "25 mg", "p for trend"]),
        ("Stage Patients, n Median OS, months (95% CI) 5-year OS, % (95% CI)", ["Stage", "Patients, n", "Median OS, months (95% CI)", "5-year OS, % (95% CI)"]),
    ],
)
def test_header_labels(line, labels):
    assert stream_header.header_labels(line) == labels


P_LAST = frozenset({3})


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("Age, yr, mean ± SD 57.4 ± 8.0 58.1 ± 7.9 57.8 ± 7.9 0.43", ["Age, yr, mean ± SD", "57.4 ± 8.0", "58.1 ± 7.9", "57.8 ± 7.9", "0.43"]),
        ("Rectum 20 (41.7) 31 (59.6) 51 (51.0)", ["Rectum", "20 (41.7)", "31 (59.6)", "51 (51.0)", ""]),  # as many cells as groups: p blank
        ("Tumor location, n (%) 0.04*", ["Tumor location, n (%)", "", "", "", "0.04*"]),  # a group row with its test
        ("Smoking status", ["Smoking status", "", "", "", ""]),
        ("ECOG 0 35 (72.9) 22 (42.3) 57 (57.0)", ["ECOG 0", "35 (72.9)", "22 (42.3)", "57 (57.0)", ""]),  # "0 35" is no grouped number
        ("Cases 1\u2009010 (20.5) 120\u2009000 (35.7) 3 (1.0)", ["Cases", "1\u2009010 (20.5)", "120\u2009000 (35.7)", "3 (1.0)", ""]),
    ],
)
def test_a_row_is_placed_by_a_declared_rule(line, cells):
    row, note = summary_stream.line_to_row(7, line, 4, P_LAST)
    assert [cell.text for cell in row] == cells
    assert note is None


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("ECOG 1 288 (69.9) 281 (68.7) 569 (69.3)", "two splits of its words read differently"),  # "ECOG 1" and 288, or 1,288?
        ("Weight 81.2 (15.0) 80.7 (14.6)", "no split of its words into cells fits a rule for 4 columns"),  # two cells of four
    ],
)
def test_a_row_no_rule_places_keeps_its_cells_as_text_and_is_named(line, why):
    row, note = summary_stream.line_to_row(7, line, 4, P_LAST)
    assert [cell.text for cell in row][2:] == ["", "", ""]
    assert note.startswith("line 7 (") and note.endswith(why)


def test_a_count_grouped_by_a_space_is_read_whole_where_its_percent_is_of_its_group_s_size_or_the_rest_opens_with_zero():
    sizes = (144_959, 549_336)
    line = "Male 58 888 (40.6) 214 064 (39.0)"  # 58,888 is 40.6 % of 144,959; 888 is not
    row, note = summary_stream.line_to_row(7, line, 2, frozenset(), sizes=sizes)
    assert [cell.text for cell in row] == ["Male", "58 888 (40.6)", "214 064 (39.0)"] and note is None
    assert summary_stream.line_to_row(7, line, 2, frozenset())[1].endswith("two splits of its words read differently")  # sizes unknown
    assert summary_stream.line_to_row(7, line, 2, frozenset(), sizes=(2_187, 549_336))[1] is not None  # 888 is 40.6 % of 2,187
    row, note = summary_stream.line_to_row(7, "Female 86 071 (59.4) 335 272 (61.0)", 2, frozenset())  # no count opens "071"
    assert [cell.text for cell in row] == ["Female", "86 071 (59.4)", "335 272 (61.0)"] and note is None
    assert summary_stream.column_sizes(["(column 1)", "Cases (n=144 959)", "Controls (n=549 336)", "P value"]) == (144_959, 549_336, None)


def test_a_stream_row_no_rule_places_is_a_finding_of_the_long_form():
    text = (FIXTURES / "stream_table2.txt").read_text(encoding="utf-8")
    record, table = read(text)
    assert record["layout"] == summary_stream.NAME
    unread = [finding for finding in table.findings if finding["kind"] == "unread_cell"]
    assert [finding["line"] for finding in unread] == [12]
    assert unread[0]["value"] == "41 (0.3)"
    [grid_note] = read_without_a_spec(text).notes
    assert grid_note.startswith("line 12 ('Prior stroke')")


def test_a_stream_table_reads_typed_by_row_and_group():
    _, table = read((FIXTURES / "stream_table2.txt").read_text(encoding="utf-8"))
    rows = table.frame
    participants = rows[rows["variable"] == "Participants"]
    assert participants[["group", "group_n", "count"]].values.tolist() == [["Intervention", 12_480, 12_480], ["Control", 12_502, 12_502]]
    levels = rows[rows["variable"] == "Hospital admission"]
    assert levels["level"].dropna().unique().tolist() == ["Any", "Two or more"]  # indented under their group row
    chosen = rows[(rows["variable"] == "Death from any cause") & (rows["group"] == "Control")]
    assert chosen[["count", "percent"]].iloc[0].tolist() == [301, 2.4]
    hazard = rows[(rows["variable"] == "Death from any cause") & rows["group"].isna()]
    assert hazard["statistic"].tolist() == ["p_value"]


@pytest.mark.parametrize(
    ("line", "count", "stub", "labels"),
    [
        # Capitalised words open labels before numbers do ("Grade 3 or 4"), and a joiner keeps its label going.
        ("Any grade Grade 3 or 4 Any grade Grade 3 or 4", 4, False, ["Any grade", "Grade 3 or 4", "Any grade", "Grade 3 or 4"]),
        # A group size closes its label; a word opens one before an abbreviation does.
        ("Adverse event Drug A 480 mg Q4W (n = 124) Placebo Q4W (n = 64)", 3, True,
         ["Adverse event", "Drug A 480 mg Q4W (n = 124)", "Placebo Q4W (n = 64)"]),
        # Of splits opened by words alike, the one whose group labels are most alike.
        ("Characteristic Singapore Cohort Study Shanghai Cohort Study", 3, True, ["Characteristic", "Singapore Cohort Study", "Shanghai Cohort Study"]),
        # Labels alike once their group sizes are set aside.
        ("Variable Low Mortality (N=15842) Medium Mortality (N=14181) High Mortality (N=15881) p value", 5, True,
         ["Variable", "Low Mortality (N=15842)", "Medium Mortality (N=14181)", "High Mortality (N=15881)", "p value"]),
        # Of splits opened by words as strong, one whose labels repeat group by group.
        ("Any Grade Grade 3 or 4 Any Grade Grade 3 or 4", 4, False, ["Any Grade", "Grade 3 or 4", "Any Grade", "Grade 3 or 4"]),
    ],
)
def test_a_header_line_splits_into_as_many_labels_as_columns(line, count, stub, labels):
    assert stream_header.split_into(line, count, stub)[1] == labels


@pytest.mark.parametrize(("line", "count"), [("Alpha Beta Gamma", 2), ("Male Female", 3), ("Male 227 225", 3)])
def test_a_header_line_with_no_one_best_split_or_printing_values_is_not_split(line, count):
    assert stream_header.split_into(line, count) is None


def test_labels_repeated_under_each_group_are_spanned_by_the_line_above():
    record, grid = stream_table(
        "Table 2 Adverse events",
        "Adverse event Drug A 480 mg Q4W (n = 124) Placebo Q4W (n = 64)",
        "Any grade Grade 3 or 4 Any grade Grade 3 or 4",
        "Any adverse event, n (%) 102 (82.3) 15 (12.1) 29 (45.3) 2 (3.1)",
        "Fatigue 26 (21.0) 0 13 (20.3) 1 (1.6)",
        "Nausea 19 (15.3) 1 (0.8) 7 (10.9) 0",
        "Rash 17 (13.7) 4 (3.2) 8 (12.5) 0",
    )
    assert record["layout"] == summary_stream.NAME
    assert grid.paths == ("Adverse event", "Drug A 480 mg Q4W (n = 124) / Any grade", "Drug A 480 mg Q4W (n = 124) / Grade 3 or 4",
                          "Placebo Q4W (n = 64) / Any grade", "Placebo Q4W (n = 64) / Grade 3 or 4")
    assert [cell.text for cell in grid.rows[1]] == ["Fatigue", "26 (21.0)", "0", "13 (20.3)", "1 (1.6)"]
    assert grid.notes == ()


def test_a_p_column_named_with_a_footnote_letter_takes_p_values():
    _, grid = stream_table(
        "Table 1 Characteristics of cases and controls",
        "Characteristic Cohort One Cohort Two",
        "Cases Controls Pa Cases Controls Pa",
        "Age (year), mean ± SD 66.4 ± 7.1 66.3 ± 6.9 0.936 58.5 ± 4.3 58.5 ± 4.2 0.941",
        "Men, % 58.0 57.0 100 100",
        "Body mass index (kg/m2) 24.2 ± 3.8 23.8 ± 3.5 0.461 22.2 ± 3.6 22.4 ± 3.1 0.787",
        "a From the paired t test.",
    )
    assert grid.paths[3] == "Cohort One / Pa"
    assert [cell.text for cell in grid.rows[1]] == ["Men, %", "58.0", "57.0", "", "100", "100", ""]  # as many cells as groups: no p-values


# Two arms, a hazard ratio and P: the columns comparing the arms are the last two.
ARMS_HR_P = (frozenset({3}), frozenset({2, 3}))


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("12 mo 51 (46–56) 35 (30–39)", ["12 mo", "51 (46–56)", "35 (30–39)", "", ""]),  # the arms only; a bracket after a number closes on it
        ("Objective response — no. (%) 99 (23.0) 56 (13.0) <0.001", ["Objective response — no. (%)", "99 (23.0)", "56 (13.0)", "", "<0.001"]),
        ("Median — mo 12.4 (10.9–14.6) 8.5 (7.9–9.5) 0.72 (0.62–0.83) <0.001",
         ["Median — mo", "12.4 (10.9–14.6)", "8.5 (7.9–9.5)", "0.72 (0.62–0.83)", "<0.001"]),
    ],
)
def test_a_row_leaving_the_comparison_blank_is_placed_under_the_groups(line, cells):
    row, note = summary_stream.line_to_row(7, line, 4, *ARMS_HR_P)
    assert [cell.text for cell in row] == cells
    assert note is None


def test_spans_over_uneven_runs_of_columns_end_at_their_p_values():
    _, grid = stream_table(
        "Table 3 Cox proportional-hazards regression model",
        "Variables Recurrence-free survival Overall survival",
        "Univariate Multivariate Univariate Multivariate",
        "P HR (95% CI) P P HR (95% CI) P",
        "Age (> 65 vs. ≤65) 0.164 1.12 (0.72–1.75) 0.625 0.153 1.24 (0.76–2.03) 0.386",
        "T stage (T2-4 vs. T1) 0.255 2.34 (0.67–8.12) 0.181 0.396 1.48 (0.43–5.13) 0.538",
        "N stage (N1-2 vs. N0) <0.001 1.88 (1.20–2.94) 0.006 <0.001 1.97 (1.20–3.23) 0.007",
        "Sex (female vs. male) 0.724 0.844",
    )
    assert grid.paths[1:4] == ("Recurrence-free survival / Univariate / P", "Recurrence-free survival / Multivariate / HR (95% CI)",
                               "Recurrence-free survival / Multivariate / P")
    # Two cells that may be two of the four p-values or the two hazard ratios: kept as text, never guessed.
    assert [cell.text for cell in grid.rows[3]][1:3] == ["0.724 0.844", ""] and grid.rows[3][1].repair == summary_stream.UNPLACED_REPAIR


@pytest.mark.parametrize(
    ("lines", "paths", "first_row"),
    [
        # A p-value column labelled over all header lines: the spans above share the columns before it.
        (("Characteristics Controls (n = 272) Cases (n = 146)", "Mean/N SD/% Mean/N SD/% p-Value", "Age at baseline (years) 54.3 4.6 55.1 4.9 0.10",
          "BMI (kg/m²) 26.1 4.0 27.0 4.4 0.04", "Waist circumference (cm) 88.4 11.2 91.0 12.1 0.03"),
         ("Characteristics", "Controls (n = 272) / Mean/N", "Controls (n = 272) / SD/%", "Cases (n = 146) / Mean/N", "Cases (n = 146) / SD/%", "p-Value"),
         ["Age at baseline (years)", "54.3", "4.6", "55.1", "4.9", "0.10"]),
        # A row of group sizes names all but the p-value beside them.
        (("Placebo 10 mg 25 mg p for trend", "n = 302 n = 298 n = 305", "Age, years, median (Q1, Q3) 63 (55, 70) 62 (54, 69) 64 (56, 71) 0.41",
          "Female, n/N (%) 139/302 (46.0) 131/298 (44.0) 144/305 (47.2) 0.62", "Stroke, n/N (%) 17/302 (5.6) 22/298 (7.4) 19/305 (6.2) 0.71"),
         ("(column 1)", "Placebo / n = 302", "10 mg / n = 298", "25 mg / n = 305", "p for trend"),
         ["Age, years, median (Q1, Q3)", "63 (55, 70)", "62 (54, 69)", "64 (56, 71)", "0.41"]),
        # A lower level naming the arms' columns alone ("Events/total" twice) beside columns naming their own statistic; a study's
        # year ends its label.
        (("Study Adjuvant Observation Risk ratio (95% CI) Weight (%)", "Events/total Events/total", "Adams 2011 12/48 18/50 0.69 (0.37–1.29) 14.2",
          "Baker 2014 30/152 41/149 0.72 (0.47–1.09) 27.5", "Chen 2016 8/61 9/58 0.85 (0.35–2.05) 8.1"),
         ("Study", "Adjuvant / Events/total", "Observation / Events/total", "Risk ratio (95% CI)", "Weight (%)"),
         ["Adams 2011", "12/48", "18/50", "0.69 (0.37–1.29)", "14.2"]),
        # Arms repeating under each stratum but for their sizes: the strata span them, and no label names the row labels' column.
        (("Low marker (score < 10) High marker (score ≥ 10)", "Drug A (N = 310) Placebo (N = 152) Drug A (N = 118) Placebo (N = 61)",
          "Median 6.2 (5.1, 7.0) 3.1 (2.6, 3.9) 4.4 (3.5, 5.6) 2.9 (2.1, 3.7)", "Events 201 118 80 49", "Censored 109 34 38 12"),
         ("(column 1)", "Low marker (score < 10) / Drug A (N = 310)", "Low marker (score < 10) / Placebo (N = 152)",
          "High marker (score ≥ 10) / Drug A (N = 118)", "High marker (score ≥ 10) / Placebo (N = 61)"),
         ["Median", "6.2 (5.1, 7.0)", "3.1 (2.6, 3.9)", "4.4 (3.5, 5.6)", "2.9 (2.1, 3.7)"]),
    ],
)
def test_lower_levels_and_spans_leave_out_the_columns_ending_the_table_that_name_their_own_statistic(lines, paths, first_row):
    _, grid = stream_table("Table 1 Baseline characteristics", *lines)
    assert grid.paths == paths
    assert [cell.text for cell in grid.rows[0]] == first_row


def test_a_test_s_statistic_compares_the_groups():
    _, grid = stream_table(
        "Table 1 General data of patients in the cohort",
        "Characteristic All subjects (n=170006) Survivors (n=169077) Suicide deaths (n=929) χ2/t P",
        "Age, years, mean ± SD 52.1 ± 11.2 52.0 ± 11.2 55.3 ± 12.0 8.61 <0.001",
        "Sex, n (%) 0.05 0.830",
        "Male 80745 (47.5) 80300 (47.49) 445 (47.90)",
        "Female 89261 (52.5) 88777 (52.51) 484 (52.10)",
    )
    assert [cell.text for cell in grid.rows[2]] == ["Male", "80745 (47.5)", "80300 (47.49)", "445 (47.90)", "", ""]  # the groups only
    # The test and its p-value, or two of the groups? Either may be meant: kept as text, named.
    assert grid.rows[1][1].text == "0.05 0.830" and grid.rows[1][1].repair == summary_stream.UNPLACED_REPAIR


@pytest.mark.parametrize(
    ("line", "width", "columns"),
    [
        # "(50-70)" goes under no other arm: only a column headed by an interval takes a bracket apart from its number.
        ("Age at diagnosis, years 61 (50-70)", 2, (frozenset(), frozenset(), frozenset())),
        # The first model's estimate and p-value, or both models' estimates?
        ("> 6.5 1.454 (1.013–2.088) 0.042", 4, (frozenset({1, 3}), frozenset({0, 1, 2, 3}), frozenset())),
        # Two arms' cells, or the test and its p-value?
        ("Gender, n (%) 0.050 0.823", 4, (frozenset({3}), frozenset({2, 3}), frozenset())),
    ],
)
def test_a_row_two_placements_read_differently_is_kept_as_text(line, width, columns):
    row, note = summary_stream.line_to_row(7, line, width, *columns)
    assert row[1].repair == summary_stream.UNPLACED_REPAIR and note is not None


def test_a_cell_only_a_p_value_prints_never_goes_to_another_column():
    assert summary_stream.place(("99 (23.0)", "56 (13.0)", "<0.001"), 4, frozenset({3})) is None  # not under the hazard ratio


def test_a_column_of_brackets_stays_a_column_where_the_whole_cells_place_no_row():
    # "Seroprevalence (%)" and "95% C.I." under each species: "8.2 (4.2–15.3)" is two cells there.
    row, note = summary_stream.line_to_row(7, "Kalemba 131 6.9a [3.7,12.5] 98 8.2ab (4.2–15.3)", 6, frozenset())
    assert [cell.text for cell in row] == ["Kalemba", "131", "6.9a", "[3.7,12.5]", "98", "8.2ab", "(4.2–15.3)"]


def test_a_line_naming_groups_by_their_sizes_splits_at_them():
    _, grid = stream_table(
        "Table 1 Patient characteristics",
        "Characteristic Recurrence (n = 50) No Recurrence (n = 94) P",
        "Age at diagnosis, median (IQR), y 65.1 (55.7–73.7) 62.5 (51.1–72.3) .284",
        "Sex: male, No. (%) 34 (68.0) 58 (61.7) .454",  # opens as a legend does ("SD: standard deviation"), but prints cells
        "Stage",
        "I 0 (0) 21 (22.3) <.001",
        "II 13 (26.0) 37 (39.4) .109",
        "III 30 (60.0) 32 (34.8) .004",
    )
    assert grid.paths == ("Characteristic", "Recurrence (n = 50)", "No Recurrence (n = 94)", "P")
    assert [cell.text for cell in grid.rows[1]] == ["Sex: male, No. (%)", "34 (68.0)", "58 (61.7)", ".454"]
    assert len(grid.rows) == 6 and grid.notes == ()


def test_a_caption_with_no_title_keeps_the_header_line_under_it():
    record, grid = stream_table(
        "Table 1",
        "All randomized participants Open surgery (n = 266) Hybrid surgery (n = 267)",
        "Age (years), mean (s.d.) 66 (9) 67 (9)",
        "BMI (kg/m2), mean (s.d.) 27 (4) 27 (4)",
        "Chemotherapy 176 (66) 170 (64)",
    )
    assert record["caption"] == ""
    assert grid.paths == ("All randomized participants", "Open surgery (n = 266)", "Hybrid surgery (n = 267)")
    title, _ = stream_table("Table 1", "Baseline characteristics", "Characteristic Surgery Chemotherapy", "Age, mean (SD) 66 (9) 67 (9)",
                            "BMI, mean (SD) 27 (4) 27 (4)", "Women, n (%) 176 (66) 170 (64)")
    assert title["caption"] == "Baseline characteristics"


def test_a_table_of_one_value_column_reads():
    record, grid = stream_table(
        "Table 2 Surgical outcomes",
        "Characteristics Median (range)",
        "Operative time (min)* 159 (112–214)", "Estimated blood loss (mL) 100 (0–600)",
        "Post-operative decrease in hemoglobin (g/dL) 1.0 (−0.1 to 2.3)", "Hospital length-of-stay (days) 2 (1–4)",
    )
    assert record["layout"] == summary_stream.NAME
    assert grid.paths == ("Characteristics", "Median (range)")
    assert [cell.text for cell in grid.rows[2]] == ["Post-operative decrease in hemoglobin (g/dL)", "1.0 (−0.1 to 2.3)"]


def test_a_cell_stands_only_in_a_column_whose_header_names_what_it_can_be():
    """"0.41" beside "Age" under "Patients, n | Adjusted HR (95% CI) | P for interaction": no count, so the interaction's p-value."""
    paths = ("Subgroup", "Patients, n", "Adjusted HR (95% CI)a", "P for interaction")
    p_columns, compared, intervals = summary_stream.compared_columns(paths)
    named = tuple(path_to_group(path).named for path in paths[1:])
    row, note = summary_stream.line_to_row(7, "Age 0.41", 3, p_columns, compared, intervals, (), named)
    assert [cell.text for cell in row] == ["Age", "", "", "0.41"] and note is None
    row, note = summary_stream.line_to_row(7, "Age 0.41", 3, p_columns, compared, intervals)
    assert note is not None  # without what the headers name, "0.41" could as well be the patients' column's


def test_a_column_named_by_a_period_and_its_size_is_a_header_label_not_a_value():
    _, grid = stream_table(
        "Table 2 First-line treatment received by period of diagnosis, %",
        "Treatment 2005–2009 (n = 1,204) 2010–2014 (n = 1,587) 2015–2019 (n = 2,031) P for trend",
        "Surgery alone 41.2 35.6 30.1 <0.001",
        "Chemotherapy alone 12.1 13.9 15.0 0.02",
        "None 8.2 8.5 9.2 0.48",
    )
    assert grid.paths == ("Treatment", "2005–2009 (n = 1,204)", "2010–2014 (n = 1,587)", "2015–2019 (n = 2,031)", "P for trend")
    assert [cell.text for cell in grid.rows[1]] == ["Chemotherapy alone", "12.1", "13.9", "15.0", "0.02"]
    assert not stream_header.prints_value(["2005–2009 (n = 1,204)"]) and stream_header.prints_value(["227", "225"])

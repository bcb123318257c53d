"""Characteristics and association tables read without a spec: header rows by content, variables and levels, the long form and its checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import auto, kinds
from pipeline.cli import main
from pipeline.grid import Cell
from pipeline.kinds.labels import label_to_parts, path_to_group, regression_columns, with_parts_grouped
from pipeline.kinds.rows import stub_columns
from pipeline.kinds.summary import caption_named, label_without_marker
from pipeline.sources.text import text_to_lines
from pipeline.stages import extract, normalize, parse, shell
from pipeline.tables import all_outputs
from schemas.statistics import SummaryStatistics
from pipeline.sources.pdf import pdf_to_lines
from tests import pdf_fixtures
from tests.conftest import load_spec_file, read_without_a_spec

FIXTURES = Path(__file__).parent / "fixtures" / "summary"


def read_fixture(name: str) -> auto.AutoTable:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    return auto.read_table(pd.Series({**record, "file": name}), read_without_a_spec(text))


def cell(table: auto.AutoTable, variable: str, group: str | None, level: str | None = None, statistic: str | None = None) -> pd.Series:
    frame = table.frame
    chosen = (frame["variable"] == variable) & (frame["group"].isna() if group is None else frame["group"] == group)
    chosen &= frame["level"].isna() if level is None else frame["level"] == level
    if statistic:
        chosen &= frame["statistic"] == statistic
    [index] = frame.index[chosen.fillna(False)]
    return frame.loc[index]


@pytest.mark.parametrize(
    ("name", "paths"),
    [
        ("trial_table1.txt", ("Characteristic", "Surgery (n = 48)", "Chemoradiotherapy (n = 52)", "Total (n = 100)", "P value")),
        ("cohort_table2.txt", ("(column 1)", "Cases / n = 4924", "Non-cases / n = 335 924")),
        ("cox_table3.txt", ("Variable", "Univariable / HR (95% CI)", "Univariable / P", "Multivariable / HR (95% CI)", "Multivariable / P")),
        ("seroprevalence_table1.txt", ("District", "Goats / n", "Goats / Seroprevalence (%)", "Goats / 95% C.I.", "Sheep / n",
                                       "Sheep / Seroprevalence (%)", "Sheep / 95% C.I.")),
        ("nested_table3.txt", ("(column 1)", "Total sampled", "No. positive", "Seroprevalence (%)")),
        ("odds_table4.txt", ("Species", "Variable", "Level", "Odds ratio (OR)", "95% confidence interval (OR)", "P-value")),
    ],
)
def test_second_header_rows_of_group_sizes_or_statistic_names_belong_to_the_header(name, paths):
    assert read_without_a_spec((FIXTURES / name).read_text(encoding="utf-8")).paths == paths


ALL = ["trial_table1.txt", "cohort_table2.txt", "cox_table3.txt", "seroprevalence_table1.txt", "nested_table3.txt", "odds_table4.txt", "indented_table1.txt", "dash_table1.txt"]


def spans_written_once(text: str) -> str:
    """Given a fixture whose spanning header labels are padded with blank cells, return it as an export that writes each once."""
    lines = text.split("\n")
    caption = next(number for number, line in enumerate(lines) if line.startswith("Table "))
    end = lines.index("", caption + 1)
    upper = lines[caption + 1 : end]
    kept = [cell for position, cell in enumerate(upper) if cell != "\t" or all(before == "\t" for before in upper[:position])]
    return "\n".join([*lines[: caption + 1], *kept, *lines[end:]])


@pytest.mark.parametrize("name", ["seroprevalence_table1.txt", "cox_table3.txt"])
def test_spanning_labels_written_once_give_the_padded_grid(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    once = spans_written_once(text)
    assert once != text
    padded, written_once = read_without_a_spec(text), read_without_a_spec(once)
    assert written_once.paths == padded.paths
    assert [[cell.text for cell in row] for row in written_once.rows] == [[cell.text for cell in row] for row in padded.rows]


@pytest.mark.parametrize(("name", "kind"), [("trial_table1.txt", "characteristics"), ("cohort_table2.txt", "characteristics"), ("cox_table3.txt", "association"),
                                            ("seroprevalence_table1.txt", "characteristics"), ("nested_table3.txt", "characteristics"),
                                            ("odds_table4.txt", "association")])
def test_the_kind_comes_from_the_table_itself(name, kind):
    assert read_fixture(name).kind == kind


@pytest.mark.parametrize("name", ALL)
def test_one_row_per_printed_cell_nothing_duplicated_and_valid_long_form(name):
    table = read_fixture(name)
    grid = read_without_a_spec((FIXTURES / name).read_text(encoding="utf-8"))
    labels = 3 if name == "odds_table4.txt" else 1
    printed = [(number, index) for number, row in enumerate(grid.rows, start=1) for index, one in enumerate(row) if index >= labels and one.text.strip()]
    assert len(table.frame) == len(printed)
    assert not table.frame.duplicated(["source_row", "source_column"]).any()
    SummaryStatistics.validate(table.frame)


def test_trial_table_variables_levels_groups_and_statistics():
    table = read_fixture("trial_table1.txt")
    age = cell(table, "Age", "Surgery")
    assert (age["statistic"], age["mean"], age["sd"], age["unit"], age["group_n"]) == ("mean_sd", 57.4, 8.0, "yr", 48)
    male = cell(table, "Male sex", "Chemoradiotherapy")
    assert (male["statistic"], male["count"], male["percent"]) == ("count_percent", 29, 55.8)
    rectum = cell(table, "Tumor location", "Total", "Rectum")
    assert (rectum["count"], rectum["percent"], rectum["overall"]) == (51, 51.0, True)
    p_location = cell(table, "Tumor location", None)
    assert (p_location["p_value"], p_location["marker"], p_location["footnote"]) == (0.04, "*", "Statistically significant at the 5% level.")
    bmi = cell(table, "BMI", "Surgery")
    assert (bmi["statistic"], bmi["median"], bmi["lower"], bmi["upper"], bmi["unit"]) == ("median_iqr", 24.1, 22.0, 27.3, "kg/m2")
    assert cell(table, "CEA", None)["p_value"] == 0.52  # mid-dot decimal
    assert cell(table, "CEA", "Chemoradiotherapy")["statistic"] == "median_range"
    assert cell(table, "ECOG performance status", "Surgery", "1")["count"] == 13
    assert cell(table, "Smoking status", None)["missing_reason"] == "not_significant"
    assert cell(table, "Smoking status", "Total", "Missing")["count"] == 13
    # The smoking levels count every group's n, so the next row is a variable of its own, not a fourth level.
    prior = cell(table, "Prior surgery", "Total")
    assert (prior["statistic"], prior["count"], prior["denominator"]) == ("count_denominator_percent", 12, 100) and pd.isna(prior["level"])
    assert cell(table, "Prior surgery", "Surgery")["missing_reason"] == "not_reported"
    assert cell(table, "Prior surgery", "Chemoradiotherapy")["missing_reason"] == "not_applicable"
    assert table.findings == []


def test_cohort_table_group_sizes_from_a_header_row_and_thousands():
    table = read_fixture("cohort_table2.txt")
    post = cell(table, "Menopausal status", "Non-cases", "Postmenopausal")
    assert (post["count"], post["percent"], post["group_n"]) == (215924, 64.3, 335924)
    age = cell(table, "age at recruitment", "Cases")
    assert (age["statistic"], age["mean"], age["sd"], age["unit"]) == ("mean_sd", 57.4, 8.0, "years")


def test_association_table_estimates_references_and_checks():
    table = read_fixture("cox_table3.txt")
    stage3 = cell(table, "Stage", "Multivariable", "III", "estimate_ci")
    assert (stage3["estimate"], stage3["lower"], stage3["upper"], stage3["measure"]) == (1.95, 1.28, 3.01, "HR")
    reference = cell(table, "Stage", "Univariable", "I–II")
    assert (reference["statistic"], reference["estimate"]) == ("reference", 1.0)
    p_stage4 = table.frame[(table.frame["source_row"] == 5) & (table.frame["statistic"] == "p_value")]
    assert list(p_stage4["p_value"]) == [0.001, 0.01] and list(p_stage4["qualifier"].fillna("")) == ["<", ""]
    [finding] = table.findings
    assert finding["kind"] == "interval_excludes_estimate" and finding["value"] == "0.9 (1.2–3.3)"


def test_statistic_sub_columns_under_spanning_groups_with_significance_letters():
    table = read_fixture("seroprevalence_table1.txt")
    assert set(table.frame["variable"]) == {"District", "TOTAL"}  # the label column's header names the rows' variable
    frame = table.frame[(table.frame["level"] == "Mocuba") & (table.frame["group"] == "Sheep")]
    assert list(frame["statistic"]) == ["count", "percent", "interval"]
    assert (frame["count"].iloc[0], frame["percent"].iloc[1], frame["lower"].iloc[2], frame["upper"].iloc[2]) == (181, 13.8, 9.5, 19.7)
    letter = frame.iloc[1]
    assert letter["marker"] == "a" and letter["footnote"].startswith("Values within a column with no superscripts in common")
    dashes = table.frame[(table.frame["level"] == "Morrumbala") & (table.frame["group"] == "Sheep")]
    assert list(dashes["missing_reason"]) == ["not_applicable"] * 3 and dashes["statistic"].isna().all()
    assert cell(table, "TOTAL", "Goats", statistic="percent")["marker"] == "A"


def test_nested_group_rows_make_sections():
    table = read_fixture("nested_table3.txt")
    male_sheep = table.frame[(table.frame["section"] == "Sheep") & (table.frame["level"] == "Male")]
    assert list(male_sheep["variable"]) == ["Sex"] * 3
    assert list(male_sheep["count"].iloc[:2]) == [65, 8] and male_sheep["percent"].iloc[2] == 12.3
    assert set(table.frame["section"]) == {"Goats", "Sheep"}
    assert table.findings == []  # a column of rates is no distribution over the levels


def test_label_columns_give_section_variable_and_level_and_a_footnoted_reference():
    table = read_fixture("odds_table4.txt")
    frame = table.frame
    reference = frame[(frame["section"] == "Sheep") & (frame["level"] == "Female") & (frame["statistic"] == "reference")].iloc[0]
    assert (reference["variable"], reference["estimate"], reference["footnote"], reference["measure"]) == ("Sex", 1.0, "Reference category.", "OR")
    older = frame[(frame["section"] == "Goats") & (frame["level"] == ">12 months")]
    assert list(older["statistic"]) == ["estimate", "interval", "p_value"]
    assert (older["estimate"].iloc[0], older["lower"].iloc[1], older["upper"].iloc[1], older["p_value"].iloc[2], older["qualifier"].iloc[2]) == (
        7.32, 2.42, 22.12, 0.001, "<")


def test_indentation_alone_marks_the_levels_and_the_footnote_names_the_default_statistic():
    table = read_fixture("indented_table1.txt")
    frame = table.frame
    assert list(frame[frame["variable"] == "Histology"]["level"].drop_duplicates()) == ["Adenocarcinoma", "Squamous"]
    bmi = cell(table, "Body mass index", "Arm A")  # no statistic in its label: the footnote's "Values are mean (SD)"
    assert (bmi["statistic"], bmi["mean"], bmi["sd"]) == ("mean_sd", 27.1, 4.2)
    prior = cell(table, "Prior radiotherapy", "Arm A")
    assert (prior["statistic"], prior["count"], prior["percent"], prior["group_n"]) == ("count_percent", 22, 18.3, 120)
    assert pd.isna(prior["level"])
    age = cell(table, "Age", "Arm B")
    assert (age["statistic"], age["median"], age["lower"], age["upper"], age["unit"]) == ("median_iqr", 63.0, 55.0, 70.0, "years")
    assert list(frame[frame["variable"] == "Stage"]["level"].drop_duplicates()) == ["III", "IV"]
    assert [finding["kind"] for finding in table.findings] == ["levels_short_of_group", "levels_short_of_group"]  # histology: 113 of 120, 112 of 118


def test_a_statement_naming_several_statistics_lets_each_cell_take_the_one_its_shape_can_be():
    table = read_fixture("dash_table1.txt")
    age = cell(table, "Age", "Placebo")
    assert (age["statistic"], age["mean"], age["sd"], age["unit"], age["group_n"]) == ("mean_sd", 64.2, 9.1, "yr", 412)
    assert cell(table, "Male sex", "Drug")["count"] == 247
    assert list(table.frame[table.frame["variable"] == "Race or ethnic group"]["level"].drop_duplicates()) == ["White", "Black", "Other"]
    weight = cell(table, "Weight", "Drug")
    assert (weight["statistic"], weight["mean"], weight["unit"]) == ("mean_sd", 80.7, "kg")
    months = cell(table, "Time since diagnosis", "Placebo")
    assert (months["statistic"], months["median"], months["lower"], months["upper"], months["unit"]) == ("median_iqr", 14.0, 7.0, 29.0, "months")
    ecog = cell(table, "ECOG status 0", "Placebo")  # after the race levels counted every patient, a variable of its own
    assert (ecog["statistic"], ecog["count"], ecog["percent"]) == ("count_percent", 288, 69.9) and pd.isna(ecog["level"])
    assert table.findings == []


def rows(*texts: list[str]) -> list[list[Cell]]:
    return [[Cell(text, 10 + number) for text in row] for number, row in enumerate(texts)]


def test_checks_report_percentages_level_sums_and_contradictions_with_their_numbers():
    table = auto.normalize_table(
        rows(["Sex, n (%)", "", ""], ["Male", "30 (60.0)", "10 (50.0)"], ["Female", "18 (36.0)", "9 (45.0)"],
             ["Age, mean (SD)", "30 (62.5%)", "41.0 (3.0)"], ["Grade", "abc", "2 (4)"]),
        ["", "A (n = 50)", "B (n = 20)"], {}, "", "doc", "table_1")
    kinds_found = sorted(finding["kind"] for finding in table.findings)
    assert kinds_found == ["inconsistent_percentage", "levels_short_of_group", "levels_short_of_group", "statistic_contradicts_label", "unread_cell"]
    inconsistent = [finding["detail"] for finding in table.findings if finding["kind"] == "inconsistent_percentage"]
    assert not any("18/50" in detail or "30/50" in detail for detail in inconsistent)  # printed right
    assert any("2/20 is 10.000%, but 4% is printed" in detail for detail in inconsistent)
    age = table.frame[(table.frame["variable"] == "Age") & (table.frame["group"] == "A")].iloc[0]
    assert pd.isna(age["statistic"]) and age["missing_reason"] == "contradicts_label" and age["raw_text"] == "30 (62.5%)"


def test_a_missing_code_with_a_footnote_letter_the_table_defines_is_missing_with_its_footnote():
    table = auto.normalize_table(rows(["Total mortality, n (%)", "47 (2.8)", "NAc"], ["Any event, n (%)", "60 (3.5)", "NAx"]),
                                 ["", "Open (n = 1700)", "Laparoscopy (n = 870)"], {}, "c Not collected for laparoscopy.", "doc", "table_1")
    frame = table.frame.set_index(["variable", "group"])
    coded = frame.loc[("Total mortality", "Laparoscopy")]
    assert (coded["missing_reason"], coded["marker"], coded["footnote"]) == ("not_available", "c", "Not collected for laparoscopy.")
    assert frame.loc[("Any event", "Laparoscopy"), "missing_reason"] == "unread_shape"  # "x" is no footnote: the text stays unread


def test_a_case_series_stays_wide_and_spacer_rows_are_never_filled_down():
    table = auto.normalize_table(rows(["Smith", "12", "M"], ["", "", ""], ["", "14", "F"], ["Lee", "9", "M"]), ["Study", "Age", "Sex"], {}, "", "doc", "t")
    assert table.kind == kinds.CASE_SERIES
    assert list(table.frame["source_row"]) == [1, 3, 4]
    assert list(table.frame["study"]) == ["Smith", "Smith", "Lee"]


def test_the_cli_writes_the_long_form_with_its_kind_and_findings(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("trial_table1.txt", "cox_table3.txt"):
        (raw / name).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet"]) == 0
    import pyarrow.parquet as pq

    metadata = pq.read_schema(out / "auto" / "cox_table3__table_3.parquet").metadata
    assert metadata[b"kind"] == b"association"
    frame = pd.read_parquet(out / "auto" / "trial_table1__table_1.parquet")
    SummaryStatistics.validate(frame)
    findings = pd.read_parquet(out / "findings.parquet")
    assert "interval_excludes_estimate" in set(findings["kind"])
    lineage = pd.read_parquet(out / "cell_lineage.parquet")
    joined = frame.merge(lineage, left_on=["document", "source_row", "source_column"], right_on=["document", "source_row", "column"])
    assert len(joined) == len(frame) and (joined["raw_text_x"] == joined["raw_text_y"]).all()


def typeset(name: str, folder: Path) -> tuple[auto.AutoTable, auto.AutoTable]:
    """Given a fixture, return it read in auto mode from its text and from the journal-style PDF it is typeset into."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    grid = read_without_a_spec(text)
    [record] = extract.lines_to_tables(text_to_lines(text), "doc")
    printed = tuple(tuple(cell.text for cell in row) for row in grid.rows if any(cell.text for cell in row))
    table = pdf_fixtures.SeedTable("doc", record["table_id"], record["caption"], grid.paths, printed, record["legend"] or "")
    lines, _ = pdf_to_lines(pdf_fixtures.write_table(folder / f"{name}.pdf", table))
    pdf_text = "\n".join(lines)
    [pdf_record] = extract.lines_to_tables(text_to_lines(pdf_text), "doc")
    pdf_grid = read_without_a_spec(pdf_text)
    assert pdf_grid.paths == grid.paths
    assert [tuple(cell.text for cell in row) for row in pdf_grid.rows] == list(printed)  # a spacer row prints nothing on paper
    return read_fixture(name), auto.read_table(pd.Series({**pdf_record, "file": f"{name}.pdf"}), pdf_grid)


@pytest.mark.parametrize("name", ["trial_table1.txt", "cohort_table2.txt", "cox_table3.txt", "seroprevalence_table1.txt", "dash_table1.txt"])
def test_a_typeset_pdf_gives_the_text_export_s_grid_and_long_form(name, tmp_path):
    from_text, from_pdf = typeset(name, tmp_path)
    assert from_pdf.kind == from_text.kind
    where = ["source_row", "source_line"]
    pd.testing.assert_frame_equal(from_pdf.frame.drop(columns=where), from_text.frame.drop(columns=where))


CURATED = '''"""Baseline characteristics of the trial fixture: a curated summary spec names the variables, nothing else."""

from pipeline.spec import summary_table
from schemas.statistics import SummaryStatistics

SPEC = summary_table(
    name="trial_baseline",
    caption=r"^Baseline characteristics of the patients",
    headers=("Characteristic", "P value"),
    output="trial_baseline",
    description="Baseline characteristics by arm, one row per (variable, level, arm, statistic)",
    schema=SummaryStatistics,
    variables={"Age": "age_years", "Male sex": "male", "Tumor location": "tumor_location", "BMI": "bmi", "CEA": "cea",
               "ECOG performance status": "ecog", "Smoking status": "smoking"},
)
'''


def test_a_curated_summary_spec_names_the_variables_and_gets_the_same_long_form_and_footnotes(tmp_path):
    module = tmp_path / "trial_baseline.py"
    module.write_text(CURATED, encoding="utf-8")
    spec = load_spec_file(module)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "trial_table1.txt").write_bytes((FIXTURES / "trial_table1.txt").read_bytes())
    found = extract.extract(raw)
    cells, parsed, codes, errors = parse.parse(found.tables, [spec])
    assert not errors and list(parsed["spec"]) == ["trial_baseline"]
    legends = {key: dict(zip(frame["code"], frame["meaning"])) for key, frame in codes.groupby(["document", "table_id"])}
    by_table = {key: frame for key, frame in cells.groupby(["document", "table_id"])}
    legend_texts = {(record.document, record.table_id): record.legend for record in found.tables.itertuples()}
    results = shell.normalize_document(shell.document_infos(found.documents)["trial_table1"], parsed, by_table, legends, {spec.name: spec},
                                       legend_texts)
    outputs, lineage, findings = normalize.frames(results, all_outputs((spec,)))
    curated = SummaryStatistics.validate(outputs["trial_baseline"])
    automatic = read_fixture("trial_table1.txt").frame
    renamed = automatic.assign(variable=automatic["variable"].replace(spec.variables))
    compared = [column for column in curated.columns if column != "document"]
    pd.testing.assert_frame_equal(curated[compared].reset_index(drop=True), renamed[compared].reset_index(drop=True), check_dtype=False)
    assert "Statistically significant at the 5% level." in set(curated["footnote"].dropna())  # the legend's text, as auto mode reads it
    [undeclared] = findings[findings["kind"] == "variable_not_declared"].itertuples()
    assert undeclared.value == "Prior surgery"
    assert set(lineage["output"]) == {"trial_baseline"} and len(lineage) == sum(len(row) for row in read_without_a_spec(
        (FIXTURES / "trial_table1.txt").read_text(encoding="utf-8")).rows)


JATS = Path(__file__).parent / "fixtures" / "jats"


@pytest.fixture(scope="module")
def published():
    """The two PMC articles' tables read in auto mode through the Python API."""
    import pipeline

    return pipeline.read(JATS)


def test_published_tables_take_their_kind_from_their_content(published):
    long = {name for name, frame in published.auto.items() if "statistic" in frame.columns}
    assert {"pntd.0002065__table_1", "pntd.0002065__table_2", "pntd.0002065__table_3", "pntd.0002065__table_4",
            "1472-6831-8-11__table_4"} <= long
    assert "1472-6831-8-11__table_2" not in long  # domains by row, two measures by column: a case series' shape


def test_published_seroprevalence_table_typed_with_its_significance_letters(published):
    frame = published["pntd.0002065__table_1"]
    row = frame[(frame["variable"] == "District") & (frame["level"] == "Mopeia") & (frame["group"] == "Goats")]
    assert list(row["statistic"]) == ["count", "percent", "interval"]
    assert (row["count"].iloc[0], row["percent"].iloc[1], row["lower"].iloc[2], row["upper"].iloc[2]) == (53, 50.9, 37.6, 64.1)
    assert row["marker"].iloc[1] == "ᶜᵈ" and row["footnote"].iloc[1].startswith("Values within a column with no superscripts in common")
    total = frame[(frame["variable"] == "TOTAL") & (frame["group"] == "Sheep") & (frame["statistic"] == "percent")].iloc[0]
    assert (total["percent"], total["footnote"]) == (35.8, "Seroprevalence differs between goats and sheep (P = 0.0002).")
    dashes = frame[(frame["level"] == "Morrumbala") & (frame["group"] == "Sheep")]
    assert dashes["statistic"].isna().all() and set(dashes["missing_reason"]) == {"not_applicable"}


def test_published_nested_and_odds_ratio_tables(published):
    nested = published["pntd.0002065__table_3"]
    older_sheep = nested[(nested["section"] == "Sheep") & (nested["variable"] == "Age") & (nested["level"] == ">12 months")]
    assert list(older_sheep["count"].iloc[:2]) == [170, 57] and older_sheep["percent"].iloc[2] == 33.5
    odds = published["pntd.0002065__table_4"]
    male_sheep = odds[(odds["section"] == "Sheep") & (odds["variable"] == "Sex") & (odds["level"] == "Male")]
    assert list(male_sheep["statistic"]) == ["estimate", "interval", "p_value"]
    assert (male_sheep["estimate"].iloc[0], male_sheep["lower"].iloc[1], male_sheep["upper"].iloc[1], male_sheep["p_value"].iloc[2]) == (0.91, 0.37, 2.27, 0.853)
    reference = odds[(odds["level"] == "Female") & (odds["section"] == "Goats") & (odds["statistic"] == "reference")].iloc[0]
    assert (reference["estimate"], reference["footnote"]) == (1.0, "Reference level.")


def test_published_cells_that_fit_no_shape_stay_text_with_a_finding(published):
    frame = published["1472-6831-8-11__table_4"]
    anova = frame[frame["raw_text"] == "8.16*** (4)"].iloc[0]
    assert pd.isna(anova["statistic"]) and anova["missing_reason"] == "unread_shape"
    assert cell_by(frame, "Burning mouth syndrome", "No", "OHIP-NL")["value"] == 40.7
    findings = published.findings
    assert "8.16*** (4)" in set(findings[findings["kind"] == "unread_cell"]["value"])
    assert not (findings["kind"] == "statistic_contradicts_label").any()


def cell_by(frame: pd.DataFrame, variable: str, level: str, group: str) -> pd.Series:
    [index] = frame.index[(frame["variable"] == variable) & (frame["level"] == level) & (frame["group"] == group)]
    return frame.loc[index]


EFFECT_SIZES = [["Anxiety", "0.19 (0.49)", "0.32 (0.51)"], ["Depression", "0.25 (0.40)", "0.41 (0.47)"], ["Sleep", "12 (40.0)", "15 (50.0)"]]


@pytest.mark.parametrize(("legend_text", "statistic"), [("", None), ("Values are mean (SD).", "mean_sd"), ("SD: standard deviation.", "mean_sd")])
def test_a_decimal_with_a_bracketed_number_is_a_mean_and_sd_only_where_the_table_names_one(legend_text, statistic):
    rows = [[Cell(text, line) for text in row] for line, row in enumerate(EFFECT_SIZES, start=10)]
    table = auto.summary_table(rows, ["Outcome", "Group A (n = 30)", "Group B (n = 30)"], {}, legend_text, "doc", "table_2", kinds.CHARACTERISTICS)
    anxiety = table.frame[table.frame["variable"] == "Anxiety"]
    assert anxiety["statistic"].astype(object).where(anxiety["statistic"].notna(), None).tolist() == [statistic, statistic]
    unstated = [finding for finding in table.findings if finding["kind"] == "statistic_unstated"]
    if statistic is None:
        assert anxiety["missing_reason"].tolist() == ["unstated_statistic"] * 2 and anxiety["mean"].isna().all()
        assert [finding["value"] for finding in unstated] == ["0.19 (0.49)", "0.32 (0.51)", "0.25 (0.40)", "0.41 (0.47)"]
    else:
        assert anxiety["mean"].tolist() == [0.19, 0.32] and not unstated
    # A whole count with a percentage is n (%) unless the table says its values are means.
    sleep = "mean_sd" if legend_text.startswith("Values are mean") else "count_percent"
    assert table.frame[table.frame["variable"] == "Sleep"]["statistic"].tolist() == [sleep] * 2


def test_published_effect_sizes_in_brackets_are_not_called_means(published):
    frame = published["1472-6831-8-11__table_4"]
    omega = frame[frame["raw_text"] == "0.19 (0.49)"]
    assert omega["statistic"].isna().all() and omega["missing_reason"].tolist() == ["unstated_statistic"]
    assert "0.19 (0.49)" in {finding["value"] for finding in published.findings.to_dict("records") if finding["kind"] == "statistic_unstated"}


def test_a_column_printing_the_same_levels_under_each_label_before_it_labels_the_rows():
    def rows(*texts: tuple[str, ...]) -> list[list[Cell]]:
        return [[Cell(text, number) for text in row] for number, row in enumerate(texts, start=1)]

    groups = [path_to_group(path) for path in ("(column 1)", "PI-RADS threshold", "Facility I", "Facility II")]
    thresholds = rows(("Sensitivity", "≥ 3", "80.4% [77.8–83.2%]", "79.5% [75.4–83.7%]"), ("", "≥ 4", "69.0% [66.8–71.3%]", "73.5% [69.6–77.6%]"),
                      ("Specificity", "≥ 3", "73.6% [72.9–74.3%]", "68.3% [67.2–69.2%]"), ("", "≥ 4", "88.0% [87.6–88.3%]", "78.4% [77.6–79.0%]"),
                      ("AUC", "", "0.83 [0.81–0.84]", "0.79 [0.76–0.82]"))
    assert stub_columns(thresholds, groups, {}) == 2  # the thresholds are levels: "≥ 3", "≥ 4" under each measure
    counts = rows(("Sensitivity", "146", "80.4% [77.8–83.2%]", "79.5% [75.4–83.7%]"), ("", "94", "69.0% [66.8–71.3%]", "73.5% [69.6–77.6%]"),
                  ("Specificity", "480", "73.6% [72.9–74.3%]", "68.3% [67.2–69.2%]"), ("", "157", "88.0% [87.6–88.3%]", "78.4% [77.6–79.0%]"))
    assert stub_columns(counts, groups, {}) == 1  # numbers that differ under each label are values


@pytest.mark.parametrize(("label", "name", "unit", "statistic"), [
    ("Age, years, median (Q1, Q3)", "Age", "years", "median_iqr"),  # the quartiles named with a comma between them
    ("LDL, mmol/L, median [P25; P75]", "LDL", "mmol/L", "median_iqr"),
    ("eGFR, mL/min/1.73 m², mean (SD)", "eGFR", "mL/min/1.73 m²", "mean_sd"),  # per twice, of a quantity
    ("Platelets, ×10⁹/L, median (IQR)", "Platelets", "×10⁹/L", "median_iqr"),
    ("HbA1c, %, mean (SD)", "HbA1c", "%", "mean_sd"),  # "%" beside a mean is the measurement's unit
    ("Ki-67 (%), median (range)", "Ki-67", "%", "median_range"),
    ("Female, n (%)", "Female", None, "count_percent"),  # beside a count it is the share
    ("Weight loss, %", "Weight loss", None, "percent"),
])
def test_a_label_names_its_variable_unit_and_statistic(label, name, unit, statistic):
    parts = label_to_parts(label)
    assert (parts.name, parts.unit, parts.named[0]) == (name, unit, statistic)


@pytest.mark.parametrize(("label", "cleaned"), [
    ("Adverse events of interesta", "Adverse events of interest"),  # a raised "a" a text export set on the line
    ("APOE ε4 carrierb", "APOE ε4 carrier"),
    ("Lymphoma", "Lymphoma"),  # a word ending in a defined letter keeps it
    ("Stage IIIa", "Stage IIIa"),  # a code says nothing
    ("Adverse events of interestc", "Adverse events of interestc"),  # no footnote c: not a marker
])
def test_a_footnote_letter_glued_to_a_label_is_split_off_where_the_word_list_says_so(label, cleaned):
    assert label_without_marker(label, {"a": "Events of interest.", "b": "Genotyped."}) == cleaned


def test_a_bracketed_count_that_is_its_share_of_the_group_is_a_count_whatever_order_the_statement_names():
    """"Data are mean (SD) or n (%)" names a mean first; "38 (59.4)" under a group of 64 is 38 and its share, 59.4 %."""
    rows = [[Cell(text, 10 + number) for text in row] for number, row in enumerate(
        (["Age, years", "58.3 (10.2)", "59.1 (9.8)"], ["Male", "38 (59.4)", "35 (57.4)"], ["Weight, kg", "74.6 (13.1)", "76.2 (12.7)"]))]
    table = auto.normalize_table(rows, ["Variable", "Laparoscopic (n = 64)", "Open (n = 61)"], {}, "Data are mean (SD) or n (%).", "doc", "table_1")
    statistics = dict(zip(table.frame["raw_text"], table.frame["statistic"]))
    assert statistics == {"58.3 (10.2)": "mean_sd", "59.1 (9.8)": "mean_sd", "38 (59.4)": "count_percent", "35 (57.4)": "count_percent",
                          "74.6 (13.1)": "mean_sd", "76.2 (12.7)": "mean_sd"}


def test_a_reference_level_printed_as_a_word_is_1_of_a_ratio_and_0_of_a_difference():
    def reference(header: str) -> float:
        table = auto.normalize_table(rows(["Stage", "", ""], ["I–II", "Reference", ""], ["III", "1.40 (1.10–1.80)", ".002"]),
                                     ["Variable", header, "P"], {}, "", "doc", "t")
        return cell(table, "Stage", None, "I–II")["estimate"]
    assert (reference("HR (95% CI)"), reference("β (95% CI)"), reference("Mean difference (95% CI)")) == (1.0, 0.0, 0.0)


def test_a_predictor_s_unit_makes_no_mean_of_its_odds_ratio():
    table = auto.normalize_table(rows(["Age (years)", "1.05 (1.01–1.09)", "0.01"]), ["Variable", "OR (95% CI)", "P"], {}, "", "doc", "t")
    age = cell(table, "Age", None, statistic="estimate_ci")
    assert (age["estimate"], age["lower"], age["unit"]) == (1.05, 1.01, "years")
    unnamed = auto.normalize_table(rows(["Age (years)", "1.05 (1.01–1.09)", "1.04 (1.00–1.08)"]), ["Variable", "Model 1", "Model 2"], {}, "",
                                   "doc", "t", "Table 3. Odds ratios (95% CI) for relapse")  # the caption names the measure
    assert unnamed.kind == kinds.ASSOCIATION and unnamed.frame["statistic"].eq("estimate_ci").all()


def test_a_caption_ending_in_a_statistic_names_every_cell_s():
    assert caption_named("Table 2. Treatment received by period, %") == ("percent", "count_percent")
    assert caption_named("Outcomes (mean ± SD).")[0] == "mean_sd"
    assert caption_named("Characteristics of the cohort (N = 412)") == caption_named("Characteristics by HR status") == ()


def test_a_part_of_a_statistic_in_a_column_of_its_own_belongs_to_the_group_before_it():
    groups = with_parts_grouped([path_to_group(path) for path in ["Characteristic", "Cases (n = 150)", "%", "HR (95% CI)", "P", "SD"]], 1)
    assert [(group.name, group.n) for group in groups] == [("Characteristic", None), ("Cases", 150), ("Cases", 150), (None, None), (None, None),
                                                          (None, None)]


def test_b_and_f_name_a_coefficient_and_a_test_statistic_only_beside_a_standard_error():
    paths = ["Predictor", "B", "SE", "F", "P"]
    assert [group.named[:1] for group in regression_columns([path_to_group(path) for path in paths], paths)][1:4] == [
        ("estimate",), ("se",), ("test_statistic",)]
    arms = ["Pathogen", "A", "B", "P"]
    assert [group.name for group in regression_columns([path_to_group(path) for path in arms], arms)][1:3] == ["A", "B"]


@pytest.mark.parametrize(("header", "overall"), [("Total (N = 272)", True), ("All patients", True), ("Overall population", True), ("Overall", True),
                                                 ("Overall survival", False), ("Mean total score", False), ("Total cholesterol", False)])
def test_the_overall_column_is_the_whole_table_not_an_end_point_or_a_scale(header, overall):
    assert path_to_group(header).overall is overall


def test_a_row_of_sizes_gives_each_group_its_n_only_where_it_prints_whole_numbers():
    table = auto.normalize_table(rows(["n", "48", "52"], ["Male, n (%)", "30 (62.5)", "26 (50.0)"]), ["", "Surgery", "Radiotherapy"], {}, "", "doc", "t")
    assert cell(table, "Male", "Surgery")["group_n"] == 48 and cell(table, "Male", "Radiotherapy")["group_n"] == 52
    spread = auto.normalize_table(rows(["n", "48", "52 (100)"], ["Male, n (%)", "30 (62.5)", "26 (50.0)"]), ["", "Surgery", "Radiotherapy"], {}, "",
                                  "doc", "t")
    assert spread.frame["group_n"].isna().all()


def test_a_percentage_printed_beside_its_count_is_checked_against_the_group_s_n():
    header = ["Characteristic", "Cases (n = 150)", "%", "Controls (n = 300)", "%"]
    table = auto.normalize_table(rows(["Male", "90", "60.0", "150", "55.0"]), header, {}, "", "doc", "t")
    [found] = table.findings
    assert (found["kind"], found["value"], found["column"]) == ("inconsistent_percentage", "55.0", "%")
    assert "150/300 is 50.000%" in found["detail"]
    assert not auto.normalize_table(rows(["Male", "90", "60.0", "150", "50.0"]), header, {}, "", "doc", "t").findings


def test_a_dash_is_the_reference_level_only_where_the_note_under_the_table_says_so():
    body = rows(["Stage", "", ""], ["I–II", "—", "—"], ["III", "1.40 (1.10–1.80)", ".002"])  # its p-value's dash stays a dash
    said = auto.normalize_table(body, ["Variable", "HR (95% CI)", "P"], {}, "Dashes mark the reference level.", "doc", "t")
    reference = cell(said, "Stage", None, "I–II", statistic="reference")
    assert (reference["statistic"], reference["estimate"], pd.isna(reference["missing_reason"])) == ("reference", 1.0, True)
    p_dash = said.frame[(said.frame["raw_text"] == "—") & (said.frame["source_column"] == "p")]
    assert p_dash["missing_reason"].tolist() == ["not_applicable"] and p_dash["statistic"].isna().all()
    unsaid = auto.normalize_table(body, ["Variable", "HR (95% CI)", "P"], {}, "", "doc", "t")
    dashes = unsaid.frame[unsaid.frame["raw_text"] == "—"]
    assert dashes["statistic"].isna().all() and dashes["missing_reason"].eq("not_applicable").all() and len(dashes) == 2

"""Auto mode: tables no spec claims come out typed from their own header and legend."""

from __future__ import annotations

import json
import random
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.corpus import hane_case_rows
from pipeline import auto, config, draft, frames
from pipeline.stages import validate
from pipeline.cli import main
from pipeline.grid import Cell
from pipeline.tables import hane2020_table1
from tests import render
from tests.conftest import load_spec_file, normalize_with, read_without_a_spec


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("Primary tumor / Surgery", "primary_tumor__surgery"),
        ("Follow-up time (mo) and recurrence", "follow_up_time_mo_and_recurrence"),
        ("(column 1)", "column_1"),
        ("Ki-67", "ki_67"),
        ("Âge (années)", "âge_années"),
    ],
)
def test_header_paths_become_snake_case(path, name):
    assert auto.snake_case(path) == name


def test_repeated_and_reserved_names_are_made_unique():
    assert auto.column_names(["Age", "Age", "Document"]) == ["age", "age_2", "document_2"]


@pytest.mark.parametrize(
    ("texts", "type_name"),
    [
        (["Yes", "no"], "yes_no"),
        (["+", "-", "–"], "plus_minus"),
        (["63", "−3"], "integer"),
        (["8.4", "10"], "decimal"),
        (["< 1%", "5%"], "percent"),
        (["1 (1.4)", "0", "12 (34.5%)"], "count_percent"),
        (["45.2 ± 3.1"], "mean_sd"),
        (["55.5 (34–81)", "18 [12–30]"], "median_spread"),
        (["<0.001", "P = .039"], "p_value"),
        (["9–13", "1-2"], "range"),
        (["21 d", "3 mo", "10 yr"], "duration"),
        (["55/ female", "54/male"], "age_sex"),
        (["Wind et al[27], 1999", "Kwaan et al. [13]"], "citation"),
        (["Pain, blood in stool", "12"], "text"),
    ],
)
def test_each_column_takes_the_most_specific_type_that_reads_all_its_cells(texts, type_name):
    assert auto.infer_type(texts).name == type_name


# Printed forms of each type with a word bound; spaces put anywhere into them probe the bound against the parser itself.
BOUNDED_FORMS = (
    ("yes_no", "Yes"), ("plus_minus", "+"), ("integer", "−12"), ("decimal", "3.5"), ("percent", "<5%"), ("percent", "1.7%"),
    ("count_percent", "12(34.5%)"), ("count_percent", "1(1.4)"), ("mean_sd", "−45.2±3.1"), ("mean_sd", "45.2+/-3.1"),
    ("median_spread", "55.5(34–81)"), ("median_spread", "18[12-30]"), ("median_spread", "5(−3to9)"), ("p_value", "p=0.039"),
    ("p_value", "P<.001"), ("range", "9–13"), ("range", "−3to−1"), ("duration", "21d"), ("duration", "10years"),
    ("labelled_integer", "No.3"), ("labelled_integer", "case3"), ("age_sex", "55/female"), ("percent_with_grade", "<1%(G1)"),
)


@pytest.mark.parametrize(
    ("type_name", "longest"),
    [("percent", "< 5 %"), ("count_percent", "12 (34.5 %)"), ("mean_sd", "−4 ± 3.5"), ("median_spread", "55.5 ( 34 to 81 )"),
     ("p_value", "p = 0.04"), ("range", "9 to 13"), ("duration", "3 mo"), ("labelled_integer", "No. 3"), ("age_sex", "55 / female"),
     ("percent_with_grade", "< 1 % (G1)")],
)
def test_each_bounded_type_reads_a_text_as_long_as_its_bound(type_name, longest):
    value_type = auto.TYPES_BY_NAME[type_name]
    assert auto.reads(value_type, longest) and len(longest.split()) == value_type.max_words


@given(st.sampled_from(BOUNDED_FORMS), st.data())
def test_no_type_reads_a_text_of_more_words_than_its_bound(form, data):
    type_name, printed = form
    value_type = auto.TYPES_BY_NAME[type_name]
    spaces = data.draw(st.sets(st.integers(1, len(printed) - 1))) if len(printed) > 1 else set()
    text = "".join((" " if position in spaces else "") + character for position, character in enumerate(printed))
    if auto.reads(value_type, text):
        assert len(text.split()) <= value_type.max_words, text


_COLUMN_VALUES = {
    "Int64": st.integers(-(2**53), 2**53),
    "Float64": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
    "string": st.text(max_size=8),
}


@given(st.lists(st.sampled_from(sorted(_COLUMN_VALUES)), min_size=1, max_size=4).flatmap(
    lambda dtypes: st.tuples(st.just(dtypes), st.integers(0, 6).flatmap(
        lambda rows: st.tuples(*(st.lists(st.none() | _COLUMN_VALUES[dtype], min_size=rows, max_size=rows) for dtype in dtypes))))))
def test_columns_framed_from_masked_arrays_equal_an_object_frame_cast(example):
    dtypes, values = example
    columns = {f"c{index}": list(column) for index, column in enumerate(values)}
    types = {f"c{index}": dtype for index, dtype in enumerate(dtypes)}
    pd.testing.assert_frame_equal(frames.columns_to_frame(columns, types), pd.DataFrame(columns).astype(types))


def test_the_closest_type_names_the_cells_that_keep_a_column_from_it():
    closest, unread = auto.closest_type(["Wind et al[27], 1999", "Our case", "Guiss[18], 1954", "Recurrence"])
    assert closest.name == "citation" and unread == ["Our case", "Recurrence"]
    assert auto.closest_type(["12", "3 mo"])[0].name == "integer"  # a tie goes to the more specific type


def grid(*rows: list[str]) -> list[list[Cell]]:
    return [[Cell(text, 10 + number) for text in row] for number, row in enumerate(rows)]


def test_legend_codes_dashes_and_blanks_are_missing_with_their_reason():
    table = auto.normalize_table(
        grid(["Smith", "NS", "12"], ["Jones", "–", "NA"], ["Lee", "4", ""]),
        ["Study", "Patients", "Median (mo)"],
        {"NS": "Not specified", "NA": "Not available.", "LR": "Local resection"},
        "",
        "doc",
        "table_1",
    )
    assert table.types["patients"] == "integer" and table.types["median_mo"] == "integer"
    assert table.frame["patients"].isna().tolist() == [True, True, False] and table.frame["patients"].iloc[2] == 4
    reasons = {(entry["source_row"], entry["column"]): entry["missing_reason"] for entry in table.lineage}
    assert reasons[(1, "patients")] == "not_specified"
    assert reasons[(2, "patients")] == "not_applicable"
    assert reasons[(2, "median_mo")] == "not_available"
    assert reasons[(3, "median_mo")] == "blank"


def test_a_blank_identifier_is_filled_down_and_noted():
    table = auto.normalize_table(grid(["Smith[1], 1990", "3"], ["", "4"], ["Lee[2], 1991", "5"]), ["Ref.", "N"], {}, "", "doc", "table_1")
    assert table.frame["ref__author"].tolist() == ["Smith", "Smith", "Lee"]
    notes = [entry["note"] for entry in table.lineage if entry["column"] == "ref"]
    assert notes == [None, "filled down from the row above", None]


def test_footnote_markers_are_split_off_and_linked_to_their_footnote():
    table = auto.normalize_table(
        grid(["A", "12ᵃ"], ["B", "7"], ["C", "9*"]),
        ["Group", "Cases"],
        {},
        "ᵃ Two cases counted twice; * Estimated from a figure",
        "doc",
        "table_1",
    )
    assert table.types["cases"] == "integer" and table.frame["cases"].tolist() == [12, 7, 9]
    assert table.frame["cases__footnote"].tolist()[0] == "Two cases counted twice"
    assert pd.isna(table.frame["cases__footnote"].tolist()[1])
    assert table.frame["cases__footnote"].tolist()[2] == "Estimated from a figure"


@pytest.mark.parametrize(
    ("document", "table_id", "shape"),
    [("meng2022", "table_1", (32, 16)), ("hane2020", "table_1", (3, 9)), ("hane2020", "table_2", (5, 7))],
)
def test_auto_mode_reproduces_each_seed_tables_grid_cell_for_cell(auto_outputs, shipped_outputs, document, table_id, shape):
    lineage = pd.read_parquet(auto_outputs / "cell_lineage.parquet")
    automatic = lineage[lineage["output"] == f"auto/{document}__{table_id}"]
    curated_cells = pd.read_parquet(shipped_outputs / "_interim" / "cells.parquet")
    curated_cells = curated_cells[(curated_cells["document"] == document) & (curated_cells["table_id"] == table_id)]
    got = {(int(row.source_row), row.table_column): (row.raw_text, int(row.line)) for row in automatic.itertuples(index=False)}
    expected = {(int(row.row), row.path): (row.text, int(row.line)) for row in curated_cells.itertuples(index=False)}
    assert got == expected and len(expected) == shape[0] * shape[1]


def test_auto_types_agree_with_the_curated_outputs_where_the_generic_library_covers_them(auto_outputs, shipped_outputs):
    table = pd.read_parquet(auto_outputs / "auto" / "meng2022__table_1.parquet")
    cases = pd.read_parquet(shipped_outputs / "anal_metastasis_cases.parquet")
    joined = cases.merge(table, on="source_row", suffixes=("", "_auto"))
    assert len(joined) == len(cases) == 31
    pairs = {"age_years": "age", "sex": "sex", "blood_vessel_invasion": "bvi", "lymph_node_metastasis": "lymph_nodes"}
    for curated, automatic in pairs.items():
        pd.testing.assert_series_equal(joined[curated], joined[automatic].astype(joined[curated].dtype), check_names=False, obj=curated)
    types = json.loads(pq.read_schema(auto_outputs / "auto" / "meng2022__table_1.parquet").metadata[b"inferred_types"])
    assert types["age"] == "integer" and types["bvi"] == "plus_minus"


# Hane's columns whose generic type is the curated one (auto column → curated column). Left out are the
# curated spec's semantic choices: depth lower-cased, margin and invasion as booleans, sites as a list,
# and a bare "0" recurrences read as 0 %.
HANE_AGREEING_COLUMNS = {
    ("hane2020__table_1", "nen_cases"): {
        "case_no": "case_number", "age_sex__age": "age_years", "age_sex__sex": "sex", "tumor_size_mm": "tumor_size_mm",
        "ki_67__percent": "ki67_percent", "ki_67__qualifier": "ki67_qualifier", "ki_67__grade": "who_grade",
        "recurrence_site_ki67__percent": "recurrence_ki67_percent", "relapse_free_survival_years": "relapse_free_survival_years",
    },
    ("hane2020__table_2", "nen_followup_studies"): {
        "column_1__author": "first_author", "column_1__ref_number": "ref_number", "number": "n_patients",
        "median_observation_period_month": "median_observation_months", "recurrence__count": "n_recurrences",
        "relapse_free_survival_years": "relapse_free_survival_years", "features_of_recurrent_cases": "recurrent_case_features",
    },
}


@pytest.mark.parametrize(("automatic", "curated"), sorted(HANE_AGREEING_COLUMNS))
def test_auto_types_of_the_pdf_stream_tables_agree_with_the_curated_outputs(auto_outputs, shipped_outputs, automatic, curated):
    table = pd.read_parquet(auto_outputs / "auto" / f"{automatic}.parquet").add_prefix("auto:")
    joined = pd.read_parquet(shipped_outputs / f"{curated}.parquet").merge(table, left_on="source_row", right_on="auto:source_row")
    assert len(joined) == len(table) > 0
    for auto_column, curated_column in HANE_AGREEING_COLUMNS[(automatic, curated)].items():
        read = joined[f"auto:{auto_column}"].astype(joined[curated_column].dtype)
        pd.testing.assert_series_equal(joined[curated_column], read, check_names=False, obj=curated_column)


def test_auto_tables_are_flagged_unreviewed_and_listed_in_the_summary(tmp_path, capsys):
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path), "--auto-only"]) == 0
    captured = capsys.readouterr()
    names = "auto/hane2020__table_1, auto/hane2020__table_2, auto/meng2022__table_1"
    assert "validate  no curated table" in captured.out
    assert f"3 tables in auto mode, unreviewed ({names})" in captured.out
    for name in ("hane2020__table_1", "hane2020__table_2", "meng2022__table_1"):
        assert pq.read_schema(tmp_path / "auto" / f"{name}.parquet").metadata[b"unreviewed"] == b"true"
    # The displaced cell and the tie it leaves are told, not silently settled.
    assert "read in auto mode as auto/hane2020__table_2 (line 352 ('38'), the block's last line, is read as the cell displaced" in captured.err
    assert "another reading fits the text as well; it differs in row 5 'Number' ('38' or '43')" in captured.err
    # ... and kept with the data: the value's lineage names the repair, and findings give its reason.
    lineage = pd.read_parquet(tmp_path / "cell_lineage.parquet")
    repaired = lineage[lineage["repair"].notna()]
    assert repaired[["output", "source_row", "column", "raw_text", "line", "repair"]].values.tolist() == [
        ["auto/hane2020__table_2", 5, "number", "38", 352, "displaced-last-line"]
    ]
    [finding] = pd.read_parquet(tmp_path / "findings.parquet").itertuples(index=False)
    assert (finding.table_id, finding.kind, finding.column, finding.value, finding.line) == ("table_2", "repair_applied", "Number", "38", 352)
    assert finding.detail.startswith("displaced-last-line: No reading completes this row")


def test_a_stream_of_more_cells_than_pythons_recursion_limit_is_read_row_by_row():
    """1,000 rows of Hane's Table 1 shape, exported row by row: 9,000 cells, read row-major, no interleaving searched."""
    rng = random.Random(3)
    rows = hane_case_rows(rng, 1000)
    grid = read_without_a_spec(render.spec_stream(1, hane2020_table1.SPEC, rows, rng))
    assert not grid.notes
    assert [[cell.text for cell in row] for row in grid.rows] == rows
    assert len(rows) * len(grid.paths) > sys.getrecursionlimit()


@given(st.lists(st.sampled_from(["Primary tumor", "Ki-67 (%)", "Age", "", "n", "Median (IQR)"]), min_size=1, max_size=3).map(" / ".join))
def test_snake_case_names_are_identifiers(path):
    name = auto.snake_case(path)
    assert name and " " not in name and "/" not in name and not name.startswith("_")


@pytest.mark.parametrize(("legend_text", "reasons"), [
    ("OS, overall survival; NR, not reached; HR, hazard ratio.", {"NR": "not_reached"}),
    ("NE = not estimable; NA, not available (not measured at two sites).", {"NE": "not_estimable", "NA": "not_available"}),
    ("NR denotes not reached.", {"NR": "not_reached"}),
    ("Patients not available for follow-up were excluded.", {}),  # prose: no code
])
def test_missing_codes_from_a_list_of_abbreviations(legend_text, reasons):
    found = {code: missing.reason for code, missing in auto.missing_codes({}, legend_text).items() if code not in auto.DASH_MISSING}
    assert found == reasons


def test_a_text_column_of_legend_codes_is_drafted_as_those_codes():
    legend = {"M": "Male", "F": "Female", "NS": "Not specified", "LR": "Local resection"}
    table = auto.normalize_table(grid(["Smith", "F", "Pain"], ["Lee", "M", "NS"]), ["Study", "Sex", "Symptoms"], legend, "", "doc", "table_1")
    assert draft.parser_source("sex", table) == "values.code({'M': 'Male', 'F': 'Female'})"
    assert draft.parser_source("symptoms", table) == "values.text"


def test_a_drafted_spec_claims_the_table_and_reproduces_auto_mode(auto_outputs, tmp_path, capsys):
    target = tmp_path / "meng2022_table1_draft.py"
    assert main(["spec", "draft", "meng2022", "--table", "1", "--output", str(target)]) == 0
    spec = load_spec_file(target)
    assert spec.name == "meng2022_table1" and spec.rows.continuation
    assert "values.citation reads every key cell but 'Killingbacket al[24], 1965', 'Our case', 'Recurrence'" in target.read_text()
    assert dict(spec.missing_codes)["NS"].reason == "not_specified"
    typed, _, _ = normalize_with(spec, "meng2022")
    validated = validate.validate(typed, spec.outputs)
    assert not validated.failures
    drafted = validated.passed["meng2022_table1"]
    automatic = pd.read_parquet(auto_outputs / "auto" / "meng2022__table_1.parquet")
    shared = [column for column in drafted.columns if column in automatic.columns and column != "source_line"]
    assert len(shared) >= 18
    pd.testing.assert_frame_equal(drafted[shared], automatic[shared], check_dtype=False)


def test_spec_draft_names_a_missing_document_or_table(capsys):
    assert main(["spec", "draft", "nobody1900", "--table", "1"]) == 1
    assert "no document 'nobody1900'" in capsys.readouterr().err
    assert main(["spec", "draft", "meng2022", "--table", "7"]) == 1
    assert "000_513c70c52d57c45f.txt: no Table 7 in it; its tables are Table 1" in capsys.readouterr().err


def test_spec_draft_takes_a_supplement_s_table_label(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    cells = ["Study", "Patients", "", "Smith 2019", "48", "", "Lee 2021", "112", "", "Chan 2022", "75", ""]
    (raw / "supplement.txt").write_text("Supplementary Table 1 Included studies\n" + "\n".join(f"\t{cell}" if cell else "" for cell in cells) + "\n",
                                        encoding="utf-8")
    assert main(["spec", "draft", "supplement", "--table", "S1", "--raw", str(raw)]) == 0, capsys.readouterr().err
    drafted = capsys.readouterr().out
    assert "'supplement_tables1'" in drafted and "Table S1: Included studies" in drafted

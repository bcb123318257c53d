"""The PDF reader on tables as journals typeset them: caption variants above and below, continued tables, notices."""

from __future__ import annotations

import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import auto
from pipeline.layouts import cell_per_line
from pipeline.sources.pdf import read_pdf
from pipeline.stages.extract import lines_to_tables
from pipeline.captions import caption_match, number_of, table_id, table_label, table_number
from pipeline.sources.pdf_captions import Caption, line_captions
from pipeline.sources import pdf_detect, pdf_grid, pdf_header, pdf_header_end, pdf_regions, pdf_row_labels, pdf_tables
from pipeline.sources.pdf_runs import is_axis, is_table, runs_of_rows
from pipeline.sources.pdf_joins import read_break
from pipeline.sources.pdf_header import centred_run, repeated_runs, split_rule, unruled_spans
from pipeline.sources.pdf_pages import Page, Position, Rule, TextLine, Word, drop_running_lines, join_rules, line_to_phrases, quiet_pdfminer, word_text, words_to_lines
from pipeline.sources.pdf_tables import Frame, page_frames, pair_captions
from pipeline.sources.pdf_turned import chars_upright, page_turn
from tests import pdf_fixtures, printed_tables
from tests.test_pdf import assert_same_table, grid_after

SUMMARY_FIXTURES = Path(__file__).parent / "fixtures" / "summary"
HANE = [pdf_fixtures.seed("hane2020", "table_1"), pdf_fixtures.seed("hane2020", "table_2")]


@pytest.mark.parametrize("style", sorted(pdf_fixtures.CAPTION_STYLES))
def test_caption_variants_pair_each_caption_with_its_own_table(tmp_path: Path, style: str) -> None:
    path = pdf_fixtures.write_hane(tmp_path / f"{style}.pdf", pdf_fixtures.CAPTION_STYLES[style])
    text = read_pdf(path)
    for seed in HANE:
        assert_same_table(text.lines, seed)
    # Nothing is set aside or missing; a header word the word list lacks may leave a line-break notice.
    assert [notice for notice in text.notices if ": line break read as" not in notice] == []


@pytest.mark.parametrize(
    ("line", "number"),
    [("Table 1 Baseline", 1), ("Table 1. baseline", 1), ("Table 12: x", 12), ("TABLE 3", 3), ("TABLE IV", 4),
     ("Table IX. Outcomes", 9), ("Table 2 (continued)", 2), ("Table 2 (Continued)", 2), ("TABLE II (CONTINUED)", 2)],
)
def test_caption_forms(line: str, number: int) -> None:
    match = caption_match(line)
    assert match is not None and number_of(match["number"]) == number


@pytest.mark.parametrize(
    ("line", "label", "identifier"),
    [("Table 6.7: Growth in numbers of discount stores", "6.7", "table_6_7"), ("Table 6.10 Private label", "6.10", "table_6_10"),
     ("Table S1. Baseline characteristics", "S1", "table_s1"), ("Supplementary Table 2 Outcomes", "S2", "table_s2"),
     ("eTable 3. Sensitivity analyses", "S3", "table_s3"), ("Table A1 Search terms", "A1", "table_a1"), ("TABLE II Results", "2", "table_2"),
     ("Table 1. 2019 admissions", "1", "table_1"), ("Table CA7. Campylobacter in fresh pig meat", "CA7", "table_ca7"),
     ("Supplementary Table B2 Doses", "B2", "table_b2")],
)
def test_report_and_supplement_table_numbers_are_labels_of_their_own(line: str, label: str, identifier: str) -> None:
    # "Table 6.7" once read as Table 6 titled "7: …", and a report's Tables 6.7 to 6.10 then collided as four "Table 6".
    match = caption_match(line)
    assert match is not None and (table_label(match), table_id(table_label(match))) == (label, identifier)
    assert table_number(label) == (int(label) if label.isdigit() else None)


@pytest.mark.parametrize("line", ["Table 1 shows the baseline", "Tables 1 and 2", "Table In the cohort", "Tablet 1 Dose"])
def test_prose_naming_a_table_is_no_caption(line: str) -> None:
    assert caption_match(line) is None


@pytest.fixture(scope="module")
def strays(tmp_path_factory: pytest.TempPathFactory):
    return read_pdf(pdf_fixtures.write_hane_strays(tmp_path_factory.mktemp("pdf") / "strays.pdf"))


def test_tables_the_reader_cannot_read_are_named_and_the_good_ones_go_through(strays) -> None:
    for seed in HANE:
        assert_same_table(strays.lines, seed)
    notices = "\n".join(strays.notices)
    assert "strays.pdf: table_3: the text names Table 3" in notices
    assert "strays.pdf: table_4: page 1: caption 'Table 4 Survival by stage', but no table rebuilt (no rules frame a table" in notices
    assert "strays.pdf: table_5: page 1: set aside, the document's other tables go on: no words between its rules" in notices
    assert "strays.pdf: table_2: page 1: set aside: a second table captioned Table 2 (the first is on page 1)" in notices
    assert len([notice for notice in strays.notices if ": line break read as" not in notice]) == 4, notices


def test_a_table_set_aside_leaves_no_caption_behind(strays) -> None:
    # Left as text, "Table 5 Doses" would be read by extract as a table of its own.
    assert not any(line.startswith(("Table 5", "Table 2 Cases")) for line in strays.lines)


def test_the_run_names_what_it_set_aside_and_writes_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    pdf_fixtures.write_hane_strays(raw / "strays.pdf")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "notice: extract: strays.pdf: table_5: page 1: set aside" in run.stderr
    assert len(pd.read_parquet(tmp_path / "out" / "nen_cases.parquet")) == len(HANE[0].rows)


CONTINUED = {
    "header-repeated": (True, None),
    "header-repeated-continued": (True, "Table 1 (Continued)"),
    "no-header": (False, None),
    "no-header-continued": (False, "Table 1 (continued)"),
}


@pytest.mark.parametrize("variant", sorted(CONTINUED))
def test_a_table_continued_on_the_next_page_joins_its_first_part(tmp_path: Path, variant: str) -> None:
    repeat, later = CONTINUED[variant]
    text = read_pdf(pdf_fixtures.write_continued(tmp_path / f"{variant}.pdf", repeat, later))
    grid = assert_same_table(text.lines, pdf_fixtures.seed("meng2022", "table_1"))
    assert {text.positions[cell.line].page for cell in grid.rows[-1]} == {2}
    assert not any("continued" in line.casefold() for line in text.lines)
    assert [notice for notice in text.notices if ": line break read as" not in notice] == []


# --- word breaks inside cells ----------------------------------------------------------------------


def word(text: str, x0: float, height: float = 7.0, letter: float = 3.5) -> Word:
    """A word set in a font whose letters are all ``letter`` points wide."""
    return Word(text, x0, 100.0, x0 + letter * len(text), 100.0 + height)


COLUMN = (0.0, 35.0)  # ten letters


@pytest.mark.parametrize(
    ("upper", "lower", "vocabulary", "expected", "reading", "ambiguous"),
    [
        (["Pelvic", "lymphad-"], "enectomy", {"lymphadenectomy"}, "Pelvic lymphadenectomy", "hyphen dropped", False),  # the column prints it
        (["metas-"], "tasis", set(), "metastasis", "hyphen dropped", False),  # the word list knows it
        (["cancer-"], "derived", set(), "cancer-derived", "hyphen kept", True),  # two words, no word "cancerderived": noticed
        (["cancer-"], "derived", {"cancer-derived"}, "cancer-derived", "hyphen kept", False),  # the column prints it
        (["anti-"], "VEGF", set(), "anti-VEGF", "hyphen kept", False),
        (["Synchro"], "nous", set(), "Synchronous", "no space", False),  # fills its line, wider than the column
        (["lymphaden"], "ectomy", set(), "lymphadenectomy", "no space", True),  # two unknown fragments, one unknown word: a guess, named
        (["blood", "in"], "stool", set(), "blood in stool", "space", False),  # "instool" fits the column: moved whole
        (["Chronic"], "abscess", set(), "Chronic abscess", "space", False),  # both words, no word "chronicabscess"
        (["(MET-"], "hours)", set(), "(MET-hours)", "hyphen kept", False),  # an abbreviation is not hyphenated
        (["(25.1\u2013"], "30.5)", set(), "(25.1\u201330.5)", "no space", False),  # a range broken after its dash
        (["1.70(1.39\u2013"], "2.10)", set(), "1.70(1.39\u20132.10)", "no space", False),  # its estimate set close before it
        (["10.3", "(6.7\u2013"], "NR)", set(), "10.3 (6.7\u2013NR)", "no space", False),  # an upper bound not reached
        (["1-"], "4.99", set(), "1-4.99", "no space", False),
        (["(25th\u2013"], "75th", set(), "(25th\u201375th", "no space", False),
    ],
)
def test_a_line_break_inside_a_cell_is_read_from_the_words(upper, lower, vocabulary, expected, reading, ambiguous) -> None:
    words, x = [], 0.0
    for text in upper:
        words.append(word(text, x))
        x = words[-1].x1 + 1.75
    # The upper line ends at the column's edge, as a line a word was broken on does.
    shift = COLUMN[1] - words[-1].x1 if reading != "space" or len(upper) == 1 else 0.0
    words = [Word(w.text, w.x0 + shift, w.top, w.x1 + shift, w.bottom) for w in words]
    found = read_break(words[-1], word(lower, 0.0), COLUMN, frozenset(vocabulary))
    joined = " ".join(w.text for w in words[:-1]) + (" " if len(words) > 1 else "") + found.text
    assert (joined, found.reading, found.ambiguous) == (expected, reading, ambiguous)


def test_a_break_no_word_decides_is_ambiguous() -> None:
    # One unknown word either way: "xqzvbnmwk" and "stool", or "xqzvbnmwkstool".
    found = read_break(word("xqzvbnmwk", 3.5), word("stool", 0.0), COLUMN, frozenset())
    assert found.ambiguous and found.text == "xqzvbnmwk stool"


@pytest.fixture(scope="module")
def narrow(tmp_path_factory: pytest.TempPathFactory):
    return read_pdf(pdf_fixtures.write_narrow(tmp_path_factory.mktemp("pdf") / "narrow.pdf"))


def test_the_review_table_in_narrow_columns_reads_as_the_text_path_does(narrow) -> None:
    grid = assert_same_table(narrow.lines, pdf_fixtures.seed("meng2022", "table_1"))
    notes = [narrow.positions[cell.line].note or "" for row in grid.rows for cell in row]
    # The fixture did hyphenate and break mid-word, and each reading is noted for the lineage.
    assert sum("hyphen dropped" in note for note in notes) >= 5
    assert sum("no space" in note for note in notes) >= 5
    # A name the word list lacks, broken at a full line, stays a notice naming its cell (read right: a space), as does a
    # clinical term it lacks, read whole ("lym" / "phadenect" / "omy"): joined only because its parts are unknown too.
    assert all(": line break read as space: no known word decides it" in notice
               or (": line break read as no space: " in notice and "are not known words" in notice) for notice in narrow.notices)


CLINICAL_WORDS = (
    "blood stool pain abscess resection metastasis synchronous recurrence adenocarcinoma chemotherapy radiotherapy "
    "lymphadenectomy perianal fistula liver lung death surgery local anterior sigmoid colon rectum moderately "
    "differentiated invasion vessel pelvic"
).split()
clinical_cell = st.lists(st.sampled_from(CLINICAL_WORDS) | st.sampled_from(CLINICAL_WORDS).map(str.capitalize),
                         min_size=1, max_size=4).map(" ".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(clinical_cell, min_size=3, max_size=3), min_size=2, max_size=8))
def test_narrow_cells_of_clinical_words_read_back_whole_or_are_named(tmp_path: Path, rows: list[list[str]]) -> None:
    table = pdf_fixtures.SeedTable("generated", "table_1", "Findings by case", ("Case", "Primary", "Outcome"),
                                   tuple(tuple([f"Case {n}", *row[1:]]) for n, row in enumerate(rows, start=1)), "")
    path = pdf_fixtures.write_narrow(tmp_path / f"narrow-{abs(hash(str(rows)))}.pdf", table)
    text = read_pdf(path)
    grid = grid_after(text.lines, table.title)
    assert grid.paths == table.paths and len(grid.rows) == len(table.rows)
    # A word no evidence knows ("lymphadenectomy" is in no word list) may stay split, but never silently: a notice
    # names the cell, or, where both halves are known words ("lymph" / "adenectomy", also broken over three lines:
    # "lymph" / "adenec" / "tomy"), the cell's lineage says why.
    for number, (row, expected) in enumerate(zip(grid.rows, table.rows), start=1):
        for column, (cell, printed) in enumerate(zip(row, expected), start=1):
            if cell.text != printed:
                noticed = any(f"body row {number}, column {column} " in notice for notice in text.notices)
                note = text.positions[cell.line].note or ""
                assert noticed or "leave no unknown word" in note or "broken over the next two lines, is a known word" in note, (cell.text, printed)


# --- indentation -----------------------------------------------------------------------------------


def test_indented_levels_of_a_summary_table_are_read_from_the_pdf(tmp_path: Path) -> None:
    text = (SUMMARY_FIXTURES / "indented_table1.txt").read_text(encoding="utf-8")
    lines = list(enumerate(text.splitlines(), start=1))
    [record] = lines_to_tables(lines, "doc")
    grid = cell_per_line.lines_to_grid(lines_after_caption(lines, record), {})
    table = pdf_fixtures.SeedTable(
        "doc", record["table_id"], record["caption"], grid.paths,
        tuple(tuple(cell.text for cell in row) for row in grid.rows), record["legend"] or "",
        indents=tuple(1 if row[0].indent else 0 for row in grid.rows),
    )
    read = read_pdf(pdf_fixtures.write_table(tmp_path / "indented.pdf", table))
    pdf_lines = list(enumerate(read.lines, start=1))
    [pdf_record] = lines_to_tables(pdf_lines, "doc")
    pdf_grid = cell_per_line.lines_to_grid(lines_after_caption(pdf_lines, pdf_record), {})
    assert [bool(row[0].indent) for row in pdf_grid.rows] == [bool(row[0].indent) for row in grid.rows]
    assert any(row[0].indent for row in pdf_grid.rows)
    from_text = auto.read_table(pd.Series({**record, "file": "t.txt"}), grid)
    from_pdf = auto.read_table(pd.Series({**pdf_record, "file": "t.pdf"}), pdf_grid)
    where = ["source_row", "source_line"]
    pd.testing.assert_frame_equal(from_pdf.frame.drop(columns=where), from_text.frame.drop(columns=where))


def lines_after_caption(lines, record) -> list:
    """Given a document's numbered lines and a table record, return the lines after its caption."""
    return [line for line in lines if line[0] > record["caption_line"]]


# --- row labels centred on their rows ----------------------------------------------------------------


@pytest.mark.parametrize("valign", ["MIDDLE", "TOP"])
def test_a_row_label_centred_on_its_rows_heads_the_first_of_them(tmp_path: Path, valign: str) -> None:
    read = read_pdf(pdf_fixtures.write_centred(tmp_path / "centred.pdf", valign))
    grid = grid_after(read.lines, "Table 1 Employment by sector")
    expected = [(year if number == 0 else "", *row) for year, group in pdf_fixtures.CENTRED_GROUPS for number, row in enumerate(group)]
    assert grid.paths == pdf_fixtures.CENTRED_HEADER
    assert [tuple(cell.text for cell in row) for row in grid.rows] == expected
    moves = [notice for notice in read.notices if "printed centred" in notice]
    assert len(moves) == (3 if valign == "MIDDLE" else 0)
    # Filled down, each year covers its own rows: with the label left on a middle row, "1996" took 1991's last rows.
    table = auto.read_table(pd.Series({"legend": "", "document": "d", "table_id": "table_1"}), grid)
    frame = table.frame
    years = frame.loc[frame["source_row"].isin([1, 4, 8]), "variable"].drop_duplicates().tolist()
    assert years == ["1991", "1996", "2001"]


def test_labels_not_centred_on_their_rows_stay_where_printed() -> None:
    def row(top: float, label: str = "") -> list[pdf_grid.PlacedCell]:
        box = Position(1, 0.0, top, 10.0, top + 8.0)
        return [pdf_grid.PlacedCell(label, box), pdf_grid.PlacedCell("1", box)]

    rows = [row(0.0), row(10.0, "A"), row(20.0), row(30.0), row(40.0, "B")]  # "B" is not centred on the rows left to it
    assert pdf_row_labels.raise_centred_labels(rows) == (rows, [])
    assert pdf_row_labels.raise_centred_labels([row(0.0, "A"), row(10.0), row(20.0, "B")]) == ([row(0.0, "A"), row(10.0), row(20.0, "B")], [])


# --- markers and signs -------------------------------------------------------------------------------


def test_superscript_markers_and_signs_come_out_as_printed(tmp_path: Path) -> None:
    read = read_pdf(pdf_fixtures.write_marked(tmp_path / "marked.pdf"))
    cells = [line for line in read.lines if line.startswith("\t")]
    assert cells[3:] == ["\tAge, yearsᵃ", "\t61.2 ± 8.1", "\t−0.4 (−1.1 to 0.3)", "\tWeight, kg", "\t71.5 ± 12.0ᵇ", "\t1.2 (0.2 to 2.2)"]
    assert "ᵃAt enrolment. ᵇTwo missing." in read.lines


@pytest.mark.parametrize(("body_rows", "layout", "wrapped"), [(pdf_fixtures.TIGHT_ROWS, {}, ("Chronic", "pulmonary")),
                                                               (pdf_fixtures.TIGHT_GROUP_ROWS, {"padding": 0, "stub": 100}, ("American", "Indian"))],
                         ids=["indented", "groups"])
def test_rows_set_as_close_as_wrapped_lines_are_told_apart_by_room_indent_and_values(tmp_path: Path, body_rows, layout, wrapped) -> None:
    read = read_pdf(pdf_fixtures.write_tight(tmp_path / "tight.pdf", body_rows, **layout))
    start = read.lines.index("\tCharacteristic")
    rows, row = [], []
    for line in read.lines[start + 4:]:
        if not line.startswith("\t"):
            rows, row = (rows + [tuple(row)], []) if row else (rows, row)
            continue
        row.append(line[1:].strip())
    with pdfplumber.open(tmp_path / "tight.pdf") as pdf:
        tops = {word["text"]: word["top"] for word in pdf.pages[0].extract_words()}
    # Labels wrap in their narrow column: a row's ("Chronic" / "pulmonary"), or in the second table a group's in title case
    # ("Previous Cardiovascular" / "Interventions") and a row's name ("Non-Hispanic American" / "Indian"); its rows are not
    # padded at all and its groups' labels are not indented from their levels: only the stub's sentence case tells a
    # group's label after a row from the row's wrapped line.
    assert tops[wrapped[0]] < tops[wrapped[1]]
    assert rows == [(label.strip(), *values) for label, *values in body_rows]


@pytest.mark.parametrize(
    ("upper", "lower", "starts"),
    [("508 (4.6%)", "4611 (42.2%)", True), ("353", "505", True), ("63.4", "(7.6)", False), ("1.8 (1.2\u2013", "2.9)", False)],
)
def test_close_lines_of_a_value_column_are_two_cells_where_each_reads_whole_and_together_only_as_digits_grouped(upper, lower, starts):
    column = (100.0, 100.0 + 5 * max(len(upper), len(lower)))  # as wide as the wider line: no room decides
    above = TextLine((Word(upper, 100.0, 100.0, 100.0 + 5 * len(upper), 107.0),))
    below = TextLine((Word(lower, 100.0, 108.5, 100.0 + 5 * len(lower), 115.5),))
    assert pdf_grid.starts_a_cell(above, below, column) is starts


def test_a_close_capitalised_line_heading_levels_or_running_past_its_column_starts_a_cell() -> None:
    column = (50.0, 170.0)  # as wide as the upper label: no room decides
    above = TextLine((Word("Current smoker — no. (%)", 50.0, 100.0, 170.0, 109.0),))
    group = TextLine((Word("Medications — no. (%)", 50.0, 110.0, 155.0, 119.0),))
    assert not pdf_grid.starts_a_cell(above, group, column)  # a wrapped label's last line, for all the lines show
    assert pdf_grid.starts_a_cell(above, group, column, heads_group=True)  # the line under it is indented: its first level
    assert not pdf_grid.starts_a_cell(above, TextLine((Word("disease", 50.0, 110.0, 85.0, 119.0),)), column, heads_group=True)
    spanning = TextLine((Word("Cumulative treatment duration, y", 50.0, 110.0, 210.0, 119.0),))
    assert pdf_grid.starts_a_cell(above, spanning, column)  # runs on over the next column: no wrapped line of this one
    # An abbreviation opens a label as a capitalised word does ("BMI (kg/m²)" back at the edge under an indented level, a
    # group's "MI as categorical variable"), but not where it closes a bracket or the line above leaves the label open.
    level, narrow = TextLine((Word("Postmenopausal", 56.0, 100.0, 129.0, 109.0),)), (50.0, 135.0)
    assert pdf_grid.starts_a_cell(level, TextLine((Word("BMI", 50.0, 110.0, 66.0, 119.0), Word("(kg/m²)", 68.0, 110.0, 105.0, 119.0))), narrow)
    assert not pdf_grid.starts_a_cell(level, TextLine((Word("CI)", 50.0, 110.0, 62.0, 119.0),)), narrow)
    assert pdf_grid.starts_a_cell(above, TextLine((Word("MI", 50.0, 110.0, 60.0, 119.0),)), column, heads_group=True)
    unfinished = TextLine((Word("treatment", 50.0, 100.0, 150.0, 109.0), Word("and", 152.0, 100.0, 170.0, 109.0)))
    assert not pdf_grid.starts_a_cell(unfinished, TextLine((Word("ASBI", 50.0, 110.0, 70.0, 119.0),)), column, heads_group=True)
    plus_minus = TextLine((Word("Age, yr, mean", 50.0, 100.0, 150.0, 109.0), Word("±", 152.0, 100.0, 170.0, 109.0)))
    assert not pdf_grid.starts_a_cell(plus_minus, TextLine((Word("SD", 50.0, 110.0, 62.0, 119.0),)), column, heads_group=True)
    # A line in lower case goes on the one above, unless both read as values apart: "p for trend = 0.976", a row of its own,
    # under an estimate's wrapped p-value ("0.99 (0.63–1.54), p =" / "0.952").
    wrapped_p = TextLine((Word("0.952", 50.0, 100.0, 75.0, 109.0),))
    assert pdf_grid.starts_a_cell(wrapped_p, TextLine((Word("p for trend = 0.976", 50.0, 110.0, 140.0, 119.0),)), column)
    assert not pdf_grid.starts_a_cell(wrapped_p, TextLine((Word("patients", 50.0, 110.0, 90.0, 119.0),)), column)
    # A footnote's letter alone, set smaller, is a cell printing only its marker (a marker never wraps apart from its word).
    value = TextLine((Word("113.7/98 090.3 (0.1%)", 50.0, 100.0, 150.0, 109.0),))
    assert pdf_grid.starts_a_cell(value, TextLine((Word("b", 50.0, 110.0, 55.0, 117.5),)), column)
    assert not pdf_grid.starts_a_cell(value, TextLine((Word("b", 50.0, 110.0, 55.0, 119.0),)), column)  # as tall: a word's end
    # A word would have fitted with a line's height to spare, as a no-break space may tie it to the next word ("95%" / "CI");
    # a line of one word is tied to nothing, so fitting at all will do ("85+" / "Sex" in a column as wide as "Unknown").
    narrow, short = (50.0, 92.0), TextLine((Word("85+", 50.0, 100.0, 68.0, 109.0),))
    assert pdf_grid.starts_a_cell(short, TextLine((Word("Sex", 50.0, 110.0, 66.0, 119.0),)), narrow)
    assert not pdf_grid.starts_a_cell(short, TextLine((Word("Sex", 50.0, 110.0, 66.0, 119.0), Word("ratio", 68.0, 110.0, 90.0, 119.0))), narrow)


def test_rows_set_close_start_where_the_values_rows_do_though_a_raised_marker_pushes_a_line_down() -> None:
    def cell(text: str, x0: float, top: float) -> TextLine:
        return TextLine((Word(text, x0, top, x0 + 5 * len(text), top + 9),))

    # "Body mass index (kg/m²)": the raised "2" sets its line lower than its row's value, yet below the value's row start.
    labels = [cell("Age (year), mean ± SD", 50, 100), cell("Body mass index (kg/m²)", 50, 112.75)]
    values = [(1, [cell("66.4 ± 7.1", 200, 100)]), (1, [cell("24.2 ± 3.8", 200, 110.5)])]
    assert pdf_grid.split_at_row_starts([(0, labels), *values]) == [(0, labels[:1]), (0, labels[1:]), *values]
    # "502 (95.8)ᵇ": a marker pushing a row's first line down starts no row under the line beside it ("229" / "(86.7)ᶜ").
    wrapped = [cell("229", 200, 100), cell("(86.7)ᶜ", 200, 112.25)]
    assert pdf_grid.split_at_row_starts([(1, wrapped), (2, [cell("502 (95.8)ᵇ", 300, 102.25)])])[0] == (1, wrapped)


def test_a_label_beside_two_cells_in_most_other_columns_spans_their_rows_and_lands_in_the_first() -> None:
    def cell(text: str, x0: float, top: float) -> TextLine:
        return TextLine((Word(text, x0, top, x0 + 5 * len(text), top + 10),))

    label = (0, [cell("Age at randomisation", 50, 113), cell("(years)", 50, 124.5)])  # one cell set once for two rows
    levels = [(1, [cell("Median (IQR)", 210, 113)]), (1, [cell("Range", 210, 126.5)])]
    values = [(2, [cell("68 (63 to 73)", 340, 113)]), (2, [cell("37 to 86", 340, 126.5)])]
    rows = pdf_grid.blocks_to_rows([label, *levels, *values])
    assert [sorted((column, [line.text for line in block]) for column, block in members) for _, _, members in rows] == [
        [(0, ["Age at randomisation", "(years)"]), (1, ["Median (IQR)"]), (2, ["68 (63 to 73)"])], [(1, ["Range"]), (2, ["37 to 86"])]]
    # Beside one column's two cells only, it is that column's cell that was cut ("24" / "877"): the blocks share one row.
    cut = [(1, [cell("24", 210, 113)]), (1, [cell("877", 210, 124.5)]), (2, [cell("5165", 340, 113)]), (3, [cell("3312", 400, 113)])]
    assert len(pdf_grid.blocks_to_rows([label, *cut])) == 1


def test_a_column_s_labels_are_in_sentence_case_where_words_after_the_first_are_lower_case() -> None:
    def labels(*texts: str) -> list[TextLine]:
        return [TextLine(tuple(Word(word, 0, 0, 1, 1) for word in text.split())) for text in texts]

    sentence = labels("Previous myocardial infarction (%)", "Chronic pulmonary disease", "Peptic ulcer disease", "Heart rate",
                      "Vital signs", "Congestive heart failure", "Rheumatic disease")
    assert pdf_grid.in_sentence_case(sentence, [])
    assert not pdf_grid.in_sentence_case(labels("Fatal Prostate Cancer", "Chronic Pulmonary Disease", "Peptic Ulcer Disease",
                                                "Heart Rate", "Vital Signs", "Body Mass Index"), [])
    assert pdf_grid.in_sentence_case(labels("Discontinuation due to an AE", "Dose reduction", "Dose interruption"), [])  # "AE" aside
    assert not pdf_grid.in_sentence_case(labels("Heart rate", "Vital signs"), [])  # too few words to tell
    # Rows' labels in sentence case under groups' labels in title case; one proper noun among them ("2001 Onward").
    groups = labels("Treatment Variables", "Patient Characteristics", "Tumor Characteristics")
    rows = labels("Included patients treated with combination therapy", "Patients treated with monotherapy only", "2001 Onward")
    assert pdf_grid.in_sentence_case(rows, groups)
    # Too few words in the rows' labels to tell: the groups' labels count too.
    assert pdf_grid.in_sentence_case(labels("Early stage", "Late stage"), labels("Tumor stage", "Sample size"))
    assert not pdf_grid.in_sentence_case(labels("Early Stage", "Late stage"), labels("Tumor Stage", "Sample Size"))


def test_label_columns_after_the_first_join_the_stub_where_the_column_before_groups_their_lines() -> None:
    def column(*texts: str) -> list[TextLine]:
        return [TextLine((Word(text, 0, 0, 1, 1),)) for text in texts]

    outcomes = column("OS", "DFS")
    analyses = column("Treatment", "Surgery", "Non-surgery", "Country", "Western", "Eastern", "≥200")
    values = column("5", "8", "6", "7", "6")
    assert pdf_grid.stub_width([outcomes, analyses, values, values]) == 2
    # A case series' text columns print a line per row as its first does: values, not labels.
    cases = column("Case 1", "Case 2", "Case 3")
    assert pdf_grid.stub_width([cases, column("blood", "stool pain", "blood metastasis"), column("Lung", "Liver", "Bone")]) == 1
    assert pdf_grid.stub_width([outcomes, values + values]) == 1


def test_the_row_pitch_is_learned_from_lone_lines_going_on_in_lower_case_and_marked_lines_have_their_own() -> None:
    def cell(text: str, x0: float, top: float) -> TextLine:
        return TextLine((Word(text, x0, top, x0 + 5 * len(text), top + 9),))

    labels = [cell("Chronic pulmonary", 50, 100), cell("disease", 50, 111.25), cell("Diabetes", 50, 124), cell("Aids", 50, 136.75),
              cell("Could not be", 50, 149.5), cell("evaluated‡", 50, 162.5),  # a marker set raised pushes its line down
              cell("cT1", 50, 180), cell("cT2", 50, 192.75)]  # levels in lower case, each with its value: rows, not wraps
    values = [cell("2358 (29.0)", 150, 100), cell("2566 (31.6)", 150, 124), cell("37 (0.5)", 150, 136.75), cell("4", 150, 149.5),
              cell("5 (2)", 150, 180), cell("12 (4)", 150, 192.75)]
    columns = [(labels, (50.0, 135.0)), (values, (150.0, 205.0))]

    def alone(index: int, line: TextLine) -> bool:
        return not any(abs(other.bottom - line.bottom) < 1 for other in columns[1 - index][0])

    pitch = pdf_grid.row_pitch(columns, [], alone)
    assert pitch.plain == pytest.approx(12.75 - 0.45) and pitch.marked == pytest.approx(13.0 + 0.9)
    assert pitch.of(labels[5]) == pitch.marked and pitch.of(labels[3]) == pitch.plain


def test_pdfminer_warnings_stay_off_the_terminal(caplog: pytest.LogCaptureFixture) -> None:
    pdfpage = logging.getLogger("pdfminer.pdfpage")
    with caplog.at_level(logging.WARNING):
        with quiet_pdfminer():
            pdfpage.warning("CropBox missing from /Page, defaulting to MediaBox")
        pdfpage.warning("outside the reader")
    assert [record.getMessage() for record in caplog.records] == ["outside the reader"]


# --- two-column pages ------------------------------------------------------------------------------


def test_two_column_pages_keep_the_tables_and_the_prose_apart(tmp_path: Path) -> None:
    read = read_pdf(pdf_fixtures.write_two_column(tmp_path / "two.pdf"))
    assert_same_table(read.lines, pdf_fixtures.COLUMN_TABLE)  # inside the left column, prose level with it on the right
    assert_same_table(read.lines, pdf_fixtures.seed("hane2020", "table_1"))  # across both columns, prose above and below
    # The prose is read column by column: every paragraph opens a line of its own, in order, none merged across the gutter.
    openings = [line.split(" of the body text")[0] for line in read.lines if line.startswith("Paragraph ") and "body text" in line]
    assert openings == [f"Paragraph {n}" for n in range(1, len(pdf_fixtures.COLUMN_PROSE) + 1)]
    assert all(line.count("Paragraph") <= 1 for line in read.lines)
    assert all(": line break read as" in notice for notice in read.notices)


def test_a_caption_under_its_table_is_not_paired_with_the_next_table() -> None:
    def frame(top: float, bottom: float) -> Frame:
        return Frame(0, (Rule(50, 300, top), Rule(50, 300, top + 15), Rule(50, 300, bottom)))

    def caption(number: int, top: float) -> Caption:
        line = TextLine((Word(f"Table {number}.", 50, top, 100, top + 9),))
        return Caption(0, number, False, (line,), "Title")

    # Table 1's frame, its caption 4 pt under it, then table 2's frame 12 pt further down, its caption under it.
    frames = [frame(100, 200), frame(225, 300)]
    captions = [caption(1, 204), caption(2, 304)]
    paired = pair_captions(captions, frames)
    assert {index: found.number for index, found in paired.items()} == {0: 1, 1: 2}


def test_a_caption_is_not_paired_with_a_frame_a_paragraph_of_body_text_stands_apart_from() -> None:
    # "Table 2" set small under its table's notes, then a paragraph of body text, then a framed box of prose.
    frames = [Frame(0, (Rule(50, 300, 300), Rule(50, 300, 320), Rule(50, 300, 400)))]
    caption = Caption(0, "2", False, (TextLine((Word("Table 2", 50, 250, 80, 256),)),), "")
    paragraph = [TextLine((Word("From these results, it emerges that", 50, top, 300, top + 10),)) for top in (262, 274, 286)]
    assert pair_captions([caption], frames, lines=paragraph) == {}
    assert pair_captions([caption], frames, lines=paragraph[:1]) == {0: caption}  # one line may be the table's subtitle


def test_a_captioned_table_set_without_rules_keeps_its_caption(tmp_path: Path) -> None:
    # Set without rules, a table was found from its alignment under a made-up "Table 1" while its real caption stayed text:
    # two tables captioned Table 1 cost the whole document.
    table = printed_tables.html_to_table(Path(__file__).parent / "fixtures" / "printed" / "nejm_trial.html")
    text = read_pdf(printed_tables.to_pdf(table, tmp_path / "unruled.pdf", "Prose before the table.", ruled=False))
    (record,) = lines_to_tables(list(enumerate(text.lines, start=1)), "doc")
    assert (record["table_id"], record["caption"]) == ("table_1", table.title)
    assert not [notice for notice in text.notices if "without a caption" in notice or "no table rebuilt" in notice]


@pytest.mark.parametrize(
    ("name", "copies", "ruled"),
    [
        ("cohort_cases", 3, False),  # two rows too few to be found as a table close the first page; a short part opens the next
        ("cox_models", 4, False),  # three pages, a header of two lines repeated at the top of each at the same height
        ("cox_models", 4, True),  # a middle part ruled only over and under its repeated header
    ],
)
def test_a_table_runs_on_over_page_breaks_whole(tmp_path: Path, name: str, copies: int, ruled: bool) -> None:
    table = printed_tables.html_to_table(Path(__file__).parent / "fixtures" / "printed" / f"{name}.html")
    long = replace(table, body=table.body * copies)
    text = read_pdf(printed_tables.to_pdf(long, tmp_path / "long.pdf", printed_tables.PROSE, ruled=ruled))
    assert max(position.page for position in text.positions.values()) > 1
    assert not [notice for notice in text.notices if "without a caption" in notice]
    grid, _, why = printed_tables.read_back("\n".join(text.lines), name)
    assert grid is not None, why
    assert printed_tables.grid_difference(long, grid, spacers_dropped=True) == (True, True, "")


def test_a_header_repeated_at_the_top_of_each_page_is_no_running_head() -> None:
    def page(number: int, lines: list[tuple[str, float]]) -> Page:
        return Page(number, 595, 842, tuple(Word(text, 60, top, 60 + 6 * len(text), top + 9) for text, top in lines), ())

    head, header = "Journal of Tests 2026", "Factor Level Model"
    pages = [page(1, [(head, 30), ("Table 3 Hazard ratios", 62), (header, 75)]), page(2, [(head, 30), (header, 46)]), page(3, [(head, 30), (header, 46)])]
    kept = [{word.text for word in kept_page.words} for kept_page in drop_running_lines(pages)]
    assert [head in texts for texts in kept] == [False, False, False]  # the same height on every page: a running head
    assert [header in texts for texts in kept] == [True, True, True]  # lower on the page the table starts on: the table's header


def line(top: float, *cells: tuple[str, float]) -> TextLine:
    """A line of words each five points a letter wide, one per (text, left edge)."""
    return TextLine(tuple(Word(text, x0, top, x0 + 5 * len(text), top + 9) for text, x0 in cells))


def test_a_rule_less_table_keeps_its_last_row_s_wrapped_label_but_not_the_note_under_it() -> None:
    rows = [line(100 + 13.4 * number, (label, 50), ("1.10", 150), ("1.57", 200)) for number, label in enumerate(["All", "Low risk", "High risk"])]
    wrapped = line(rows[-1].top + 8.4, ("group", 50))  # the label's next line, a line's leading below
    note = line(wrapped.bottom + 5, ("CI, confidence interval; CVD, cardiovascular disease.", 50))
    assert runs_of_rows([*rows, wrapped, note]) == [[*rows, wrapped]]
    close_note = line(rows[-1].bottom + 1, ("CI, confidence interval; CVD, cardiovascular disease.", 50))  # as close, but across the cells
    assert runs_of_rows([*rows, close_note]) == [rows]


def test_a_rule_less_table_keeps_its_last_row_s_wrapped_value_and_every_line_of_a_long_label() -> None:
    rows = [line(100 + 13.4 * number, (label, 50), ("1.10", 150), ("<", 200)) for number, label in enumerate(["All", "Low risk", "Interaction"])]
    value = line(rows[-1].top + 8.4, ("0.001", 200))  # the p-value's next line, alone under it
    label = [line(value.top + 8.4, ("between", 50)), line(value.top + 16.8, ("arms", 50))]
    note = line(label[-1].bottom + 5, ("CI, confidence interval.", 50))
    assert runs_of_rows([*rows, value, *label, note]) == [[*rows, value, *label]]


def test_a_later_part_of_a_rule_less_table_sets_its_repeated_header_apart_where_the_first_part_s_was_not_found() -> None:
    header = [("Variable", 50), ("Low mortality", 150), ("p", 250)]
    first = [line(100, *header), line(111, ("Age (yr), median", 50), ("66.00", 150), ("1.000", 250)), line(122, ("Male sex (%)", 50), ("70.5%", 150))]
    later = [line(60, *header), line(71, ("Procedure", 50)), line(82, ("Isolated CABG (%)", 50), ("70.7%", 150), ("< 0.001", 250))]
    assert pdf_detect.repeated_header(first, later) == (later[0].bottom + later[1].top) / 2
    assert pdf_detect.repeated_header(first, later[1:]) is None  # it starts with rows: no header printed again


def _row(top: float, *cells: tuple[str, float]) -> tuple[Word, ...]:
    return tuple(Word(text, x0, top, x0 + 5 * len(text), top + 9) for text, x0 in cells)


def test_a_chart_s_box_under_a_table_is_not_the_table_s_frame() -> None:
    # A ruled table (rules every row), then a chart's box as wide: the empty band, or a figure's caption between, parts them.
    words = [word for number in range(4) for word in _row(102 + 12 * number, (f"Row {number}", 60), ("1.5%", 200))]
    table_rules = [Rule(58, 362, 100 + 12 * number) for number in range(5)]
    for between, box_top in (((), 200), (_row(158, ("Figure 2: Frequency by type", 60)), 175)):
        page = Page(1, 420, 595, (*words, *between), (*table_rules, Rule(58, 362, box_top), Rule(58, 362, 400)))
        assert [len(frame.rules) for frame in page_frames(page, 0, [])] == [5]  # the box frames nothing either: its band is blank
    closing = Page(1, 420, 595, tuple(words), (*table_rules, Rule(58, 362, 175)))  # a rule a row's gap under the last is the table's
    assert [len(frame.rules) for frame in page_frames(closing, 0, [])] == [6]


def test_a_bulleted_list_is_no_table() -> None:
    items = [TextLine(_row(100 + 12 * number, ("•", 60), (f"item number {number} of the list", 75))) for number in range(4)]
    rows = [TextLine(_row(100 + 12 * number, (f"Row {number}", 60), ("12.5", 200), ("0.04", 260))) for number in range(4)]
    assert not is_table(items) and is_table(rows)


def test_a_word_rebuilt_from_its_chars_for_a_raised_marker_has_its_ligatures_expanded() -> None:
    chars = [{"text": text, "size": 9.0, "bottom": 100.0} for text in ("C", "o", "n", "\ufb01", "d", "e", "n", "c", "e")]
    chars.append({"text": "a", "size": 6.0, "bottom": 96.0})
    assert word_text({"text": "Con\ufb01dencea", "chars": chars}) == "Confidence\u1d43"


@pytest.mark.parametrize(("name", "ruled"), [("cox_models", True), ("seroprevalence", False)])
def test_a_wide_table_set_sideways_on_a_portrait_page_reads_as_set_upright(tmp_path: Path, name: str, ruled: bool) -> None:
    table = printed_tables.html_to_table(Path(__file__).parent / "fixtures" / "printed" / f"{name}.html")
    path = printed_tables.to_pdf(table, tmp_path / "turned.pdf", printed_tables.PROSE, ruled=ruled, turned=True)
    with pdfplumber.open(path) as pdf:  # a portrait page, every char turned
        assert pdf.pages[0].width < pdf.pages[0].height and not any(char["upright"] for char in pdf.pages[0].chars)
    text = read_pdf(path)
    grid, _, why = printed_tables.read_back("\n".join(text.lines), name)
    assert grid is not None, why
    assert printed_tables.grid_difference(table, grid, spacers_dropped=True) == (True, True, "")


def test_turned_chars_map_into_the_upright_frame_in_reading_order() -> None:
    # Text read bottom to top: a later letter sits higher on the page, a later line further right.
    chars = [{"text": text, "x0": x0, "top": top, "x1": x0 + 9, "bottom": top + 5, "matrix": (0, 1, -1, 0, 0, 0), "upright": False, "size": 5}
             for text, x0, top in (("A", 100, 700), ("b", 100, 695), ("C", 112, 700))]
    assert page_turn(chars) == 90
    upright = chars_upright(chars, 90, 595, 842)
    assert [(char["text"], char["x0"], char["top"], char["size"]) for char in upright] == [("A", 137, 100, 9), ("b", 142, 100, 9), ("C", 137, 112, 9)]
    assert page_turn([{**char, "upright": True} for char in chars]) == 0


def test_regions_on_a_page_set_sideways_are_in_the_printed_page_s_coordinates(tmp_path: Path) -> None:
    table = printed_tables.html_to_table(Path(__file__).parent / "fixtures" / "printed" / "cox_models.html")
    upright = printed_tables.to_pdf(table, tmp_path / "upright.pdf", ruled=True)
    turned = printed_tables.to_pdf(table, tmp_path / "turned.pdf", ruled=True, turned=True)
    [(page, x0, y0, x1, y1)] = pdf_detect.table_regions(upright)
    [(turned_page, *box)] = pdf_detect.table_regions(turned)
    # The landscape page laid a quarter turn counter-clockwise: its x becomes the printed y, its y the printed width less x.
    assert turned_page == page and box == pytest.approx([595.2756 - y1, x0, 595.2756 - y0, x1], abs=0.5)
    area = pdf_regions.Area(turned_page, *box)
    read_turned = pdf_regions.read_areas(turned, [area])[0]
    read_upright = pdf_regions.read_areas(upright, [pdf_regions.Area(page, x0, y0, x1, y1)])[0]
    assert [(cell.row, cell.column, cell.text) for cell in read_turned] == [(cell.row, cell.column, cell.text) for cell in read_upright]


def test_a_rule_under_side_by_side_spanning_labels_is_cut_where_its_strokes_met() -> None:
    # "Rectal" over three narrow columns, "P Value" over three wide ones; their rules drawn end to end at x = 300.
    rule = join_rules([Rule(150, 300, 90), Rule(300, 520, 90)])[0]
    assert (rule.x0, rule.x1, rule.joints) == (150, 520, (300,))
    rectal = TextLine((Word("Rectal", 200, 80, 240, 88),))
    p_value = TextLine((Word("P", 395, 80, 401, 88), Word("Value", 403, 80, 425, 88)))
    spans = split_rule((rectal, p_value), rule)
    assert [(span.x0, span.x1) for span in spans] == [(150, 300), (300, 520)]  # halfway between the labels (318) is in the wide columns
    assert [(span.x0, span.x1) for span in split_rule((rectal, p_value), Rule(150, 520, 90))] == [(150, 317.5), (317.5, 520)]


def test_a_group_label_spanning_a_rule_less_table_right_over_its_rows_is_the_table_s_own() -> None:
    header = line(100, ("Cases", 250), ("Controls", 320))
    first = line(113.4, ("Full study population, n", 60), ("2008", 250), ("2008", 320))
    spanning = line(126.8, ("Baseline characteristics, median (IQR) or n (%)", 60))  # wider than most of the run
    rows = [line(140.2 + 13.4 * number, (f"Level {number}", 70), ("57 (45-64)", 250), ("57 (45-64)", 320)) for number in range(3)]
    assert runs_of_rows([header, first, spanning, *rows], labels_inside=True) == [[header, first, spanning, *rows]]
    prose = line(126.8, ("Prose of the paper set about as wide as the table", 60))
    assert runs_of_rows([header, first, prose, line(150, ("Then more prose of the paper", 60))], labels_inside=True) == [[header, first]]


def test_a_part_on_the_next_page_under_a_header_wider_than_its_rows_runs_on() -> None:
    def words(top: float, *cells: tuple[str, float, float]) -> tuple[Word, ...]:
        return tuple(Word(text, x0, top, x1, top + 9) for text, x0, x1 in cells)

    rows = [word for number in range(8) for word in words(80 + 13 * number, (f"Level {number}", 100, 140), ("9155", 250, 270), ("65.6%", 360, 400))]
    first = Page(1, 595, 842, tuple(rows), ())
    # Page 2 repeats the header, its last label ("Men (n = 8233)") reaching past the rows' last value, on lines of their own.
    header = [*words(40, ("Characteristic", 100, 160), ("Women", 250, 280), ("Men (n = 8233)", 350, 408)), *words(54, ("N %", 250, 270))]
    second = Page(2, 595, 842, (*header, *(word for number in range(5) for word in words(70 + 13 * number, (f"Level {number}", 100, 140),
                                                                                                  ("5158", 250, 270), ("41.7%", 360, 395)))), ())
    caption = Caption(0, 1, False, (TextLine(words(60, ("Table 1.", 100, 130), ("Baseline", 133, 170))),), "Baseline")
    table, part = pdf_detect.Found(0, 100, 80, 400, 180), pdf_detect.Found(1, 100, 70, 395, 131)
    parts = pdf_detect.table_parts([first, second], table, [part], [caption], caption)
    assert [found.page for found, _ in parts] == [0, 1] and parts[1][0].top <= 40


def _page(number: int, *lines: tuple[float, tuple[tuple[str, float, float], ...]]) -> Page:
    return Page(number, 595, 842, tuple(Word(text, x0, top, x1, top + 9) for top, cells in lines for text, x0, x1 in cells), ())


def _table_row(top: float, label: str) -> tuple[float, tuple[tuple[str, float, float], ...]]:
    return top, ((label, 60, 110), ("12", 200, 212), ("4.5", 300, 315))


def test_a_rule_less_table_grows_over_rows_in_its_columns_not_over_justified_prose() -> None:
    caption = (60, (("Table", 60, 85), ("1.", 87, 95), ("Outcomes", 97, 140)))
    rows = [_table_row(80 + 13.4 * number, f"Level {number}") for number in range(3)]
    after_spacer = [_table_row(150 + 13.4 * number, f"Other {number}") for number in range(2)]  # too few to be found alone
    prose = (180, (("The results were", 60, 150), ("consistent across all", 170, 320)))  # set wide apart, across the columns
    page = _page(1, caption, *rows, *after_spacer, prose)
    [table_caption] = line_captions(0, words_to_lines(page.words), ())
    runs = pdf_detect.uncaptioned([page], pdf_tables.locate_tables([page]), labels_inside=True)
    [(table, _)] = pdf_detect.pair_found([page], [table_caption], runs).items()
    assert table.bottom == after_spacer[-1][0] + 9


def test_a_table_followed_by_another_s_caption_does_not_run_on_to_the_next_page() -> None:
    first = _page(1, (60, (("Table", 60, 85), ("1.", 87, 95), ("Sizes", 97, 130))), *(_table_row(80 + 13.4 * n, f"A {n}") for n in range(4)),
                  (140, (("Table", 60, 85), ("2.", 87, 95), ("Counts", 97, 135))), *(_table_row(160 + 13.4 * n, f"B {n}") for n in range(4)))
    second = _page(2, *(_table_row(60 + 13.4 * n, f"C {n}") for n in range(4)))
    captions = line_captions(0, words_to_lines(first.words), ())
    table = pdf_detect.Found(0, 60, 80, 315, 129.2)
    parts = pdf_detect.table_parts([first, second], table, [pdf_detect.Found(1, 60, 60, 315, 109.2)], captions, captions[0])
    assert [part.page for part, _ in parts] == [0]  # table 2 and its rows are no lines of table 1's


def test_a_rule_drawn_cell_by_cell_with_gaps_for_the_vertical_rules_is_one_rule():
    # A word processor's grid: each cell's border drawn on its own, a vertical rule's width (1 pt) left between them.
    strokes = [Rule(69.3, 189.9, 402.5), Rule(190.9, 304.4, 402.5), Rule(305.4, 525.8, 402.6)]
    [rule] = join_rules(strokes)
    assert (rule.x0, rule.x1, rule.joints) == (69.3, 525.8, (190.9, 305.4))


def test_rules_trimmed_apart_under_two_spanning_labels_stay_two():
    assert len(join_rules([Rule(100.0, 180.0, 50.0), Rule(186.0, 260.0, 50.0)])) == 2


def _grid(top: float, rows: int) -> tuple[list[Rule], list[tuple[float, float, float]]]:
    """A ruled grid's rules and column rules: ``rows`` bands of 13.4 pt from ``top``, columns at 55, 190, 290 and 330."""
    rules = [Rule(55, 330, top - 3 + 13.4 * number) for number in range(rows + 1)]
    return rules, [(x, rules[0].y, rules[-1].y) for x in (55, 190, 290, 330)]


def test_a_ruled_grid_without_caption_is_a_table_even_where_its_rows_are_too_few_to_align() -> None:
    rules, uprights = _grid(80, 3)
    rows = [(80, (("Group", 60, 90), ("Count", 200, 230), ("%", 300, 310))), _table_row(93.4, "Treated")]
    lone = (106.8, (("All groups", 60, 110),))
    page = Page(1, 595, 842, _page(1, *rows, lone).words, tuple(rules), 0, tuple(uprights))
    assert pdf_detect.uncaptioned([page], pdf_tables.locate_tables([page])) == [pdf_detect.Found(0, 55, rules[0].y, 330, rules[-1].y)]


def test_a_title_between_two_ruled_grids_parts_them() -> None:
    upper, upper_columns = _grid(80, 3)
    lower, lower_columns = _grid(150, 3)
    rows = [_table_row(80 + 13.4 * number, f"A {number}") for number in range(3)] + [_table_row(150 + 13.4 * n, f"B {n}") for n in range(3)]
    title = (130, (("Counts by region", 60, 140),))
    page = Page(1, 595, 842, _page(1, *rows, title).words, tuple(upper + lower), 0, tuple(upper_columns + lower_columns))
    assert [(frame.top.y, frame.bottom) for frame in pdf_tables.page_frames(page, 0, [])] == [(upper[0].y, upper[-1].y), (lower[0].y, lower[-1].y)]


def test_a_chart_s_grid_lines_under_its_figure_caption_are_no_table() -> None:
    rules, _ = _grid(80, 4)
    lines = [(64, (("Figure", 60, 90), ("SA4.", 92, 110), ("Cases by month", 112, 180)))]
    # The legend beside two gridlines' labels: too few aligned lines to be found as rows, so only the frame could make a table.
    lines += [(80 + 13.4 * number, ((f"{1000 * number}", 60, 80), (f"Series {number}", 200, 240))) for number in range(2)]
    page = Page(1, 595, 842, _page(1, *lines).words, tuple(rules))
    assert pdf_detect.uncaptioned([page], pdf_tables.locate_tables([page])) == []


def _phrase(text: str, x0: float, top: float) -> TextLine:
    return TextLine((Word(text, x0, top, x0 + 5 * len(text), top + 8),))


# Two groups of five columns (a trend's APC, its 95% CI, period, t and P), each label centred over its group, narrower than it.
_TREND_COLUMNS = [(260, 276), (296, 339), (351, 390), (401, 421), (431, 459), (467, 483), (504, 546), (553, 592), (604, 624), (640, 660)]
_TREND_SUBS = [_phrase(text, x0, 92) for text, (x0, _) in zip(["APC", "95% CI", "Period", "t", "P"] * 2, _TREND_COLUMNS)]


def test_a_label_over_one_repetition_of_the_line_below_spans_that_repetition() -> None:
    first, second = _phrase("Trend 1#", 343, 75), _phrase("Trend 2#", 548, 75)
    assert repeated_runs([first, second], _TREND_SUBS, _TREND_COLUMNS) == {first: (0, 4), second: (5, 9)}


def test_labels_not_one_over_each_repetition_take_no_run_from_it() -> None:
    # Two labels over the first repetition ("Univariate" and "Multivariate" over "HR, P"): the repetition is not theirs.
    labels = [_phrase("Univariate", 262, 75), _phrase("Multivariate", 380, 75), _phrase("Trend 2#", 548, 75)]
    assert repeated_runs(labels, _TREND_SUBS, _TREND_COLUMNS) == {}
    assert repeated_runs(labels[:1], _TREND_SUBS, _TREND_COLUMNS) == {}


def test_a_top_rule_over_the_value_columns_only_frames_the_row_labels_too() -> None:
    # The rule over "Number of participants" and "Females (%)" leaves the stub out; the rules under the rows span it.
    rules = (Rule(390, 524, 107), *(Rule(71, 524, 137 + 16.4 * row) for row in range(4)))
    page = Page(1, 595, 842, _page(1, *(_table_row(140 + 16.4 * row, f"Course {row}") for row in range(3))).words, rules)
    [frame] = pdf_tables.page_frames(page, 0, [])
    assert (frame.top.x0, frame.top.x1, frame.top.y) == (71, 524, 107)


def test_a_chart_s_aligned_labels_under_its_figure_caption_are_no_table() -> None:
    caption = (64, (("Figure", 60, 90), ("1:", 92, 100), ("Population by age group", 104, 200)))
    labels = [(80 + 13.4 * number, ((f"{2001 + number}", 60, 80), ("30.5", 200, 215), ("49.0", 300, 315))) for number in range(4)]
    chart = _page(1, caption, *labels)
    assert pdf_detect.uncaptioned([chart], pdf_tables.locate_tables([chart])) == []
    aligned = _page(1, *labels)
    assert len(pdf_detect.uncaptioned([aligned], pdf_tables.locate_tables([aligned]))) == 1


def test_spanning_labels_rules_drawn_end_to_end_short_of_the_stub_are_not_the_table_s() -> None:
    # "Both sexes", "Male", "Female" each over five columns: their rules meet end to end, all but the "Rank" column wide.
    top, groups = Rule(69, 773, 70.5), Rule(94, 773, 87.5, (320.3, 546.7))
    assert not pdf_tables.covers(groups, top)
    assert pdf_tables.covers(Rule(69, 773, 101, (320.3, 546.7)), top)  # a rule drawn cell by cell runs end to end
    page = Page(1, 842, 595, _page(1, *(_table_row(105 + 13.4 * row, f"Site {row}") for row in range(3))).words,
                (top, groups, Rule(69, 773, 101), Rule(69, 773, 150)))
    [frame] = pdf_tables.page_frames(page, 0, [])
    assert [rule.y for rule in frame.rules] == [70.5, 101, 150]


def test_a_centred_label_spans_its_columns_up_to_the_ones_its_neighbour_takes() -> None:
    # "Current study" centred over three left-aligned facility columns, "Published study" beside it over two.
    columns = [(177, 216), (227, 265), (299, 370), (378, 449), (457, 529), (537, 596), (604, 663)]
    label = TextLine((Word("Current study", 387, 80, 442, 87),))
    assert centred_run(label, [3], columns, {5}, (177.3, 662.6), frozenset(range(1, 7))) == (2, 4)


def test_the_header_s_last_label_set_across_two_labels_above_it_spans_their_columns() -> None:
    # "No. of patients (%)" centred under both arms, narrower than their columns, with nothing under it.
    arms = [TextLine((Word("IMRT (No. = 79)", 291, 97, 380, 105),)), TextLine((Word("HT (No. = 73)", 386, 97, 453, 105),))]
    statistic = TextLine((Word("No. of patients (%)", 342, 110, 403, 118),))
    columns = [(110, 283), (291, 327), (386, 423), (460, 478)]
    [span] = unruled_spans([*arms, statistic], columns, [], Rule(107, 489, 93))
    assert (span.label, span.x0, span.x1) == ((statistic,), 291, 423)


def test_the_header_s_last_label_under_two_wrapped_labels_spans_them_though_it_misses_their_short_last_lines() -> None:
    # As a browser sets it (real set d13): each arm's label wraps, its last line short at the left of its column, and the
    # statistic centred under both crosses the second column only.
    def phrase(text: str, x0: float, top: float, x1: float) -> TextLine:
        return TextLine((Word(text, x0, top, x1, top + 9),))

    arms = [phrase("IMRT (non-IGRT) (No.", 278.8, 119.1, 392.0), phrase("HT (IGRT) (No. =", 409.9, 119.1, 497.9),
            phrase("= 79)", 278.8, 129.6, 306.3), phrase("73)", 409.9, 129.6, 426.6)]
    statistic = phrase("No. of patients (%)", 342.6, 143.9, 437.3)
    columns = [(48.7, 252.1), (278.8, 331.6), (409.9, 462.7), (513.1, 538.8)]
    spans = unruled_spans([*arms, statistic], columns, [], Rule(42.7, 553.5, 115.1))
    assert [(span.x0, span.x1) for span in spans if statistic in span.label] == [(278.8, 462.7)]


def test_header_levels_set_as_close_as_wrapped_lines_stay_levels() -> None:
    # Rows not padded at all (real set a02 as a browser sets it): a spanning label's next line sits as close as its sub-labels.
    def phrase(text: str, x0: float, top: float, x1: float) -> TextLine:
        return TextLine((Word(text, x0, top, x1, top + 9),))

    span = phrase("Trial arm; no. (%) of patients", 230, 100, 360)
    arms = [phrase("Intervention", 200, 110, 250), phrase("Control", 330, 110, 360)]  # side by side under it: its sub-labels
    sizes = [phrase("n = 558", 200, 120, 232), phrase("n = 457", 330, 120, 362)]
    columns = [(50, 150), (200, 260), (330, 390)]
    [spanning] = unruled_spans([span, *arms, *sizes], columns, [], Rule(40, 400, 95))
    assert (spanning.label, spanning.x0, spanning.x1) == ((span,), 200, 390)
    # A spanning label's line right over one sub-label but aligned with it no way (left, right or middle) has not wrapped onto
    # it (as in real set b15: "All stages" over "Expected deaths", "Relative change" and more, set close).
    stages = phrase("All stages", 638, 96, 687)
    subs = [phrase("Expected", 541, 106.5, 587), phrase("Relative change", 642, 106.5, 723), phrase("Cases", 752, 106.5, 784)]
    columns = [(49, 133), (541, 587), (642, 723), (752, 784)]
    [spanning] = unruled_spans([stages, *subs], columns, [], Rule(40, 790, 93))
    assert (spanning.label, spanning.x0, spanning.x1) == ((stages,), 541, 784)


def test_close_sub_labels_pushed_down_by_a_raised_marker_are_still_sub_labels_and_the_span_takes_all_their_columns() -> None:
    # As a browser sets them with rows not padded (real set b12, e02): "Model 1ᵃ" and "I², %" sit lower than the labels beside them.
    def phrase(text: str, x0: float, x1: float, top: float) -> TextLine:
        return TextLine((Word(text, x0, top, x1, top + 9),))

    models = [phrase("Unadjusted", 306, 364, 95.9), phrase("Age adjusted", 393, 458, 95.9), phrase("Model 1ᵃ", 479, 525, 98.1),
              phrase("Model 2ᵇ", 566, 612, 98.1)]
    estimate = phrase("HR (95% CI)", 442, 505, 85.4)  # centred over the four models' text; the table's edge lies further right
    phrases = [phrase("Predictor", 49, 96, 85.4), phrase("Overall deaths, no. (%)", 179, 294, 85.4), estimate, *models]
    columns = [(49, 168), (179, 232), (306, 381), (393, 467), (479, 554), (566, 640)]
    assert [(span.label, span.x0, span.x1) for span in unruled_spans(phrases, columns, [], Rule(42.75, 646.5, 83))] == [((estimate,), 306, 640)]
    test = phrase("Heterogeneity test", 328, 422, 85.4)
    phrases = [phrase("Group", 49, 80, 85.4), test, phrase("P for Q test", 328, 386, 95.9), phrase("I², %", 398, 422, 98.1)]
    assert [(span.label, span.x0, span.x1) for span in unruled_spans(phrases, [(49, 158), (328, 354), (398, 418)], [], Rule(42.75, 430, 83))] == [
        ((test,), 328, 418)]


def test_a_close_header_line_opens_a_level_where_its_first_word_would_have_fitted_and_nothing_is_left_open() -> None:
    def line(text: str, x0: float, top: float) -> TextLine:
        return TextLine(tuple(Word(word, x0 + 5 * text.index(word), top, x0 + 5 * (text.index(word) + len(word)), top + 9) for word in text.split()))

    assert pdf_header.opens_level(line("Prevalent", 100, 100), line("n = 7891", 100, 110), 170)  # "n" had room after it
    assert not pdf_header.opens_level(line("Hazard Ratio", 100, 100), line("Ratio (95% CI)", 100, 110), 170)  # no room
    assert not pdf_header.opens_level(line("Controls (n =", 100, 100), line("272)", 100, 110), 400)  # left open
    assert not pdf_header.opens_level(line("APC", 100, 100), line("(%)", 100, 110), 400)  # a unit goes with its label
    # A label closed by its bracket is finished: a statistic's name under it is the next level, though it had no room.
    assert pdf_header.opens_level(line("118)", 100, 100), line("Number (%)", 100, 110), 125)
    assert not pdf_header.opens_level(line("118)", 100, 100), line("Cohort", 100, 110), 125)  # a word, not a statistic's name
    assert pdf_header.opens_level(line("All cancers", 100, 100), line("N=1108085", 100, 110), 150)  # a group's size, alone
    assert not pdf_header.opens_level(line("Low Mortality", 100, 100), line("(N=15842)", 100, 110), 400)  # in brackets: the label's


def test_a_table_s_notes_set_as_lead_and_text_are_no_table() -> None:
    notes = [(80, (("GDP:", 60, 80), ("Gross domestic product.", 120, 220))), (93.4, (("(*)", 60, 72), ("Forecast.", 120, 160))),
             (106.8, (("Source:", 60, 92), ("Eurostat, 2005.", 120, 185)))]
    assert not is_table(words_to_lines(_page(1, *notes).words))
    rows = [(80 + 13.4 * n, ((f"Age {n}:", 60, 90), (f"{n}2 (40%)", 120, 160))) for n in range(3)]  # values: a table
    assert is_table(words_to_lines(_page(1, *rows).words))
    eurostat = [(80, (("(:)", 60, 72), ("Not available.", 120, 180))), (93.4, (("NB:", 60, 75), ("Rates of the year.", 120, 200))),
                (106.8, (("Source:", 60, 92), ("Eurostat, 2005.", 120, 185)))]
    assert not is_table(words_to_lines(_page(1, *eurostat).words))


def test_a_row_of_labels_in_the_label_columns_under_a_rule_less_header_is_a_group_row() -> None:
    # "Outcome | Stratified analysis | No. of studies | HR (95% CI)", then "OS | Treatment" (a group row in two label columns),
    # then "| Surgery | 5 | 1.70 (1.39–2.10)": the header ends over "OS", not under it.
    header = (80, (("Outcome", 60, 95), ("Stratified analysis", 110, 170), ("No. of studies", 200, 250), ("HR (95% CI)", 300, 350)))
    group = (100, (("OS", 60, 70), ("Treatment", 110, 150)))
    rows = [(115 + 13.4 * n, ((f"Level {n}", 110, 150), ("5", 200, 205), ("1.70 (1.39–2.10)", 300, 360))) for n in range(3)]
    lines = words_to_lines(_page(1, header, group, *rows).words)
    assert lines[0].bottom < pdf_header_end.header_bottom(lines) < lines[1].top
    only_labels = words_to_lines(_page(1, group, *rows).words)  # no header over the values: the labels are the header
    assert pdf_header_end.header_bottom(only_labels) > only_labels[0].bottom
    # A line of the columns' levels under their spanning labels, printing no row label ("1  5  <20  25"), stays the header's.
    spans = (80, (("Body fatness", 200, 250), ("BMI, kg m−2", 300, 350)))
    levels = (93.4, (("1", 200, 205), ("5", 250, 255), ("<20", 300, 315), ("25", 350, 360)))
    body = [(110 + 13.4 * n, ((f"Cohort {n}", 60, 100), ("19 371", 200, 225), ("4633", 250, 270), ("29 077", 300, 325), ("8212", 350, 370)))
            for n in range(3)]
    lines = words_to_lines(_page(1, spans, levels, *body).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top
    # The label column's header label wrapped onto a line of its own ("Cluster of … score" / "category") stays the header's.
    stub = (80, (("Cluster of outcomes/score", 60, 150), ("HR", 200, 210), ("95% CI", 300, 330)))
    wrapped = (89.5, (("category", 60, 90),))
    lines = words_to_lines(_page(1, stub, wrapped, *rows).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top


def test_a_rule_less_header_ends_over_rows_set_as_close_as_its_own_wrapped_lines() -> None:
    # Rows not padded (10.5 points apart, a line's leading): the first row opening with a label at the stub's edge starts the
    # body; the header's values-like wrapped line ("558" under "Intervention n =") does not, nor does it end the header.
    header = [(80, (("Subgroup", 60, 100), ("Intervention n =", 200, 280), ("OR (95% CI)", 300, 355))), (90.5, (("558", 200, 215),))]
    group = (101, (("Exposure", 60, 100),))  # a group's label close under the stub's: "Exposure" had room after "Subgroup"
    rows = [(111.5 + 10.5 * n, ((f"Level {n}", 60, 95), ("12", 200, 212), ("1.70 (1.39–2.10)", 300, 360))) for n in range(3)]
    lines = words_to_lines(_page(1, *header, group, *rows).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top
    # A row's label reading as a value ("66-74", a level of "Age") is a label all the same at the stub's edge.
    ranges = [(111.5 + 10.5 * n, ((f"{60 + 10 * n}-{69 + 10 * n}", 60, 85), ("12", 200, 212), ("1.70 (1.39–2.10)", 300, 360))) for n in range(3)]
    lines = words_to_lines(_page(1, *header, (101, (("Age", 60, 80),)), *ranges).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top
    # A group's label with no room after the stub's is a row all the same where the line under it is indented deeper.
    stub = (80, (("Subgroup", 60, 100), ("Patients n", 112, 150), ("HR (95% CI)", 200, 255)))
    levels = [(101 + 10.5 * n, ((f"Level {n}", 66, 100), ("557", 112, 127), ("1.58 (1.18–2.10)", 200, 260))) for n in range(3)]
    lines = words_to_lines(_page(1, stub, (90.5, (("Sex", 60, 78),)), *levels).words)
    assert lines[0].bottom < pdf_header_end.header_bottom(lines) < lines[1].top
    # A group's label set close under a header with no stub label, its end grazing a label's start, is no wrapped header line.
    header = (80, (("Observed", 136, 188), ("Expected", 204, 255), ("SIR", 271, 291)))
    rows = [(101 + 10.5 * n, ((f"Site {n}", 60, 90), ("36", 136, 149), ("1.574556", 204, 252), ("22.9", 271, 293))) for n in range(3)]
    lines = words_to_lines(_page(1, header, (90.5, (("Cancer in women", 60, 140),)), *rows).words)
    assert lines[0].bottom < pdf_header_end.header_bottom(lines) < lines[1].top
    # Nor is one running on across the columns, past the stub label's room ("All cancer (n cases: …)" under "Cluster … category").
    header = (80, (("Cluster of outcomes/score", 60, 120), ("Observed", 136, 188), ("Expected", 204, 255)))
    group = (90.5, (("All", 60, 72), ("cancer", 75, 100), ("(n", 103, 110), ("cases:", 113, 135), ("2066)", 138, 160)))
    lines = words_to_lines(_page(1, header, group, *rows).words)
    assert lines[0].bottom < pdf_header_end.header_bottom(lines) < lines[1].top
    # The header's first line holding one label that reads as a value ("≥4", a grade) among its labels is the header's still.
    header = [(80, (("Dose", 60, 80), ("Gastrointestinal", 200, 270), ("Cardiac", 300, 330), ("≥4", 360, 370))),
              (93.5, (("PAL", 200, 215), ("PBO", 240, 255), ("PAL", 300, 315), ("PBO", 360, 375)))]
    rows = [(107 + 10.5 * n, ((f"Level {n}", 60, 95), ("55.1", 200, 215), ("98.0", 240, 255), ("59.5", 300, 315), ("97.1", 360, 375)))
            for n in range(3)]
    lines = words_to_lines(_page(1, *header, *rows).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top
    # Every value wrapped in its narrow column ("1.14 [1.12–" / "1.16]"): each reads as one with the line under it.
    header = [(80, (("Adjusted HR [CI]", 200, 290),)), (93.5, (("Subgroup", 60, 100), ("Total", 200, 225), ("<1 year", 260, 290)))]
    rows = [(107 + 21 * n, ((f"Level {n}", 60, 95), ("1.14 [1.12–", 200, 240), ("1.50 [1.44–", 260, 300))) for n in range(3)]
    wraps = [(117.5 + 21 * n, (("1.16]", 200, 220), ("1.57]", 260, 280))) for n in range(3)]
    lines = words_to_lines(_page(1, *header, *sorted(rows + wraps)).words)
    assert lines[1].bottom < pdf_header_end.header_bottom(lines) < lines[2].top
    # Two label columns, the first printing a group's label now and then ("OS"): the rows' labels open at the second's edge.
    header = (80, (("Outcome", 60, 95), ("Stratified", 110, 150), ("No. of", 200, 230), ("HR (95% CI)", 300, 350)))
    group = (90.5, (("OS", 60, 70), ("Treatment", 110, 150)))
    rows = [(101 + 10.5 * n, ((f"Level {n}", 110, 150), ("5", 200, 205), ("1.70 (1.39–2.10)", 300, 360))) for n in range(3)]
    lines = words_to_lines(_page(1, header, group, *rows).words)
    assert lines[0].bottom < pdf_header_end.header_bottom(lines) < lines[1].top


def test_a_chart_s_labels_over_its_axis_are_no_table() -> None:
    bars = [(80 + 13.4 * n, ((f"{2001 + n}", 60, 80), ("30.5", 150, 168), ("49.0", 300, 318), ("20.4", 440, 458))) for n in range(3)]
    axis = (130, tuple((f"{10 * n}%", 100 + 38 * n, 115 + 38 * n) for n in range(11)))  # "0% 10% … 100%", evenly apart
    assert is_table(words_to_lines(_page(1, *bars).words))
    assert not is_table(words_to_lines(_page(1, *bars, axis).words))
    years = (130, tuple((f"{1995 + 5 * n}", 100 + 38 * n, 120 + 38 * n) for n in range(6)))  # a header of years starts at no zero
    assert is_axis(line_to_phrases(words_to_lines(_page(1, axis).words)[0]))
    assert not is_axis(line_to_phrases(words_to_lines(_page(1, years).words)[0]))


def test_justified_prose_numbered_headings_and_glossaries_are_no_table() -> None:
    justified = [(80 + 12 * n, tuple((word, 60 + 48 * k, 100 + 48 * k) for k, word in enumerate("which might improve their physical and social health".split())))
                 for n in range(3)]
    headings = [(80, (("4", 60, 66), ("Empirical strategies", 90, 200))), (110, (("4.1", 60, 75), ("Who is affected", 90, 170))),
                (130, (("4.1.1", 60, 85), ("Model to test", 95, 160)))]
    glossary = [(80, (("Sources:", 60, 95), ("LDA", 110, 130), ("La Distribution", 160, 230))), (92, (("AIM", 110, 128), ("AIM", 160, 178))),
                (104, (("PBUK", 110, 135), ("UK Pocketbook", 160, 225)))]
    for lines in (justified, headings, glossary):
        assert not is_table(words_to_lines(_page(1, *lines).words))

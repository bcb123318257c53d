"""A table drawn as a full grid, read by the page's own strokes (``pipeline/sources/pdf_strokes.py``)."""

from __future__ import annotations

from pipeline.sources.pdf_pages import Page, Rule, Word
from pipeline.sources.pdf_strokes import grid_rows, header_depth

# A grid of three columns (lines at x 50, 150, 220, 290) and three rows (lines at y 100, 115, 130, 145).
XS, YS = (50.0, 150.0, 220.0, 290.0), (100.0, 115.0, 130.0, 145.0)
RULES = tuple(Rule(XS[0], XS[-1], y) for y in YS)
UPRIGHTS = tuple((x, YS[0], YS[-1]) for x in XS)
BOX = (XS[0], YS[0], XS[-1], YS[-1])


def cell(text: str, column: int, row: int) -> list[Word]:
    """The words of one cell, set tight against its left rule as a word processor sets them."""
    words, x = [], XS[column] + 2
    for part in text.split():
        words.append(Word(part, x, YS[row] + 3, x + 5 * len(part), YS[row] + 12))
        x += 5 * len(part) + 3
    return words


def page(*words: Word, uprights=UPRIGHTS, rules=RULES) -> Page:
    return Page(1, 595, 842, tuple(words), rules, 0, uprights)


GRID = [*cell("Condition", 0, 0), *cell("Count", 1, 0), *cell("Percent", 2, 0),
        *cell("Allergy problems", 0, 1), *cell("93", 1, 1), *cell("18.8%", 2, 1),
        *cell("Asthma", 0, 2), *cell("31", 1, 2), *cell("6.3%", 2, 2)]


def texts(rows) -> list[list[str]]:
    return [[placed.text for placed in row] for row in rows]


def test_a_grid_reads_by_its_rules_the_header_above_the_header_rule():
    header, body, columns = grid_rows(page(*GRID), BOX, YS[1])
    assert texts(header) == [["Condition", "Count", "Percent"]]
    assert texts(body) == [["Allergy problems", "93", "18.8%"], ["Asthma", "31", "6.3%"]]
    assert len(columns) == 3


def test_a_title_over_the_grid_leads_its_rows_as_a_lone_label():
    title = [Word("Illnesses", 50, 84, 95, 93)]
    _, body, _ = grid_rows(page(*title, *GRID), (50.0, 84.0, 290.0, 145.0), None)
    assert texts(body)[:2] == [["Illnesses", "", ""], ["Condition", "Count", "Percent"]]


def test_rules_without_column_rules_keep_the_word_gap_reading():
    assert grid_rows(page(*GRID, uprights=()), BOX, YS[1]) is None


def test_a_grid_with_words_beside_it_frames_part_of_the_table_only():
    beside = cell("Total", 0, 1)  # a column of labels outside the ruled columns, level with its rows
    beside = [Word(word.text, word.x0 - 60, word.top, word.x1 - 60, word.bottom) for word in beside]
    assert grid_rows(page(*beside, *GRID), (-20.0, YS[0], XS[-1], YS[-1]), YS[1]) is None


def test_a_body_cell_spanning_two_rows_stands_in_its_first_row():
    # No rule under "Allergy problems" in the first column: its cell spans the "Count" and "Percent" rows, as a label over a
    # variable's two statistics.
    rules = (*RULES[:2], Rule(XS[1], XS[-1], YS[2]), RULES[3])
    words = [*cell("Condition", 0, 0), *cell("Statistic", 1, 0), *cell("Cases", 2, 0), *cell("Allergy", 0, 1),
             *cell("Count", 1, 1), *cell("93", 2, 1), *cell("Percent", 1, 2), *cell("18.8%", 2, 2)]
    _, body, _ = grid_rows(page(*words, rules=rules), BOX, YS[1])
    assert texts(body) == [["Allergy", "Count", "93"], ["", "Percent", "18.8%"]]


def test_a_column_no_cell_prints_in_keeps_its_place():
    words = [*cell("Condition", 0, 0), *cell("Percent", 2, 0), *cell("Allergy", 0, 1), *cell("18.8%", 2, 1), *cell("Asthma", 0, 2), *cell("6.3%", 2, 2)]
    header, body, columns = grid_rows(page(*words), BOX, YS[1])
    assert texts(header) == [["Condition", "", "Percent"]] and texts(body)[0] == ["Allergy", "", "18.8%"]
    assert columns == list(zip(XS, XS[1:]))


SPANNED = [(0, 0, 0, ""), (0, 1, 2, "Premenopausal women"), (0, 3, 4, "Postmenopausal women"),
           (1, 0, 0, "Variables"), (1, 1, 1, "Cases, n=71"), (1, 2, 2, "Controls, n=370"), (1, 3, 3, "Cases, n=75"), (1, 4, 4, "Controls, n=289")]
BODY_ROW = [(2, 0, 0, "Age (years)"), (2, 1, 1, "43.1±6.2"), (2, 2, 2, "42.6±6.0"), (2, 3, 3, "57.9±4.4"), (2, 4, 4, "58.2±4.6")]


def test_a_row_naming_the_columns_under_a_spanning_label_is_the_header_s_though_ruled_off_as_a_body_row():
    assert header_depth([*SPANNED, *BODY_ROW], 1, 3) == 2


def test_a_row_printing_values_under_a_spanning_label_stays_body():
    values = [(1, 0, 0, "Age (years)"), (1, 1, 1, "43.1±6.2"), (1, 2, 2, "42.6±6.0"), (1, 3, 3, "57.9±4.4"), (1, 4, 4, "58.2±4.6")]
    assert header_depth([*SPANNED[:3], *values, *BODY_ROW], 1, 3) == 1


def test_a_row_of_statistic_names_under_the_header_is_the_header_s():
    header = [(0, 0, 0, "Toxicity"), (0, 1, 1, "IMRT (No. = 79)"), (0, 2, 2, "HT (No. = 73)"), (0, 3, 3, "P value"),
              (1, 0, 0, ""), (1, 1, 2, "No. of patients (%)"), (1, 3, 3, "")]
    body = [(2, 0, 0, "Leukopenia"), (2, 1, 1, "14 (17.7 %)"), (2, 2, 2, "24 (32.9 %)"), (2, 3, 3, "0.007")]
    assert header_depth([*header, *body], 1, 3) == 2


def test_a_group_row_naming_its_statistic_in_the_label_column_stays_body():
    header = [(0, 0, 0, "Characteristic"), (0, 1, 1, "Cases (n = 472)"), (0, 2, 2, "Controls (n = 472)")]
    group = [(1, 0, 2, "Stroke types, n (%)")]
    body = [(2, 0, 0, "Ischaemic"), (2, 1, 1, "301 (63.8)"), (2, 2, 2, "296 (62.7)")]
    assert header_depth([*header, *group, *body], 1, 3) == 1

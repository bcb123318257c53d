"""The structured layout and the HTML and DOCX readers: spans spread, header rows found, caption, legend and markers kept."""

from __future__ import annotations

import json

import pytest

from pipeline.errors import InputError
from pipeline.layouts import LAYOUTS, structured
from pipeline.sources import docx as docx_source
from pipeline.sources import html as html_source
from pipeline.sources.markup import superscript
from pipeline.sources.model import PrintedCell, rows_to_cells, table_records
from tests import structured_fixtures


def body_lines(*cells: dict) -> list[tuple[int, str]]:
    """Given cells as dicts (defaults filled in), return them as a structured body's lines."""
    defaults = {"rowspan": 1, "colspan": 1, "header": False, "markers": [], "where": ""}
    return [(number, json.dumps({**defaults, **cell})) for number, cell in enumerate(cells, start=1)]


def test_spans_spread_over_their_slots_and_header_labels_become_paths():
    lines = body_lines(
        {"row": 0, "column": 0, "rowspan": 2, "header": True, "text": "Arm", "line": 1},
        {"row": 0, "column": 1, "colspan": 2, "header": True, "text": "Dose", "line": 1},
        {"row": 1, "column": 1, "header": True, "text": "mg", "line": 2},
        {"row": 1, "column": 2, "header": True, "text": "n", "line": 2},
        {"row": 2, "column": 0, "rowspan": 2, "text": "A", "line": 3},
        {"row": 2, "column": 1, "text": "5", "line": 3},
        {"row": 2, "column": 2, "text": "10", "line": 3},
        {"row": 3, "column": 1, "text": "7", "line": 4},
    )
    grid = LAYOUTS[structured.NAME](lines, {})
    assert grid.paths == ("Arm", "Dose / mg", "Dose / n")
    # The row-spanning "A" is repeated down (its line stays its own); the slot no cell covers is empty, on its row's line.
    assert [[(cell.text, cell.line) for cell in row] for row in grid.rows] == [[("A", 3), ("5", 3), ("10", 3)], [("A", 3), ("7", 4), ("", 4)]]


def test_a_body_cell_spanning_columns_stands_in_its_first_as_a_text_export_writes_it():
    # A group's label across the row, and a hazard ratio printed once across two arms' columns: one cell each, not two.
    lines = body_lines(
        {"row": 0, "column": 0, "header": True, "text": "Characteristic", "line": 1},
        {"row": 0, "column": 1, "header": True, "text": "Drug", "line": 1},
        {"row": 0, "column": 2, "header": True, "text": "Placebo", "line": 1},
        {"row": 1, "column": 0, "colspan": 3, "text": "Lifestyle", "line": 2},
        {"row": 2, "column": 0, "text": "HR (drug versus placebo)", "line": 3},
        {"row": 2, "column": 1, "colspan": 2, "text": "0.50 (0.39, 0.63)", "line": 3},
    )
    grid = LAYOUTS[structured.NAME](lines, {})
    assert [[cell.text for cell in row] for row in grid.rows] == [["Lifestyle", "", ""], ["HR (drug versus placebo)", "0.50 (0.39, 0.63)", ""]]


def test_a_blank_header_cell_beside_a_spanning_label_is_no_part_of_it():
    # "Number of cancers" spans two columns, as its colspan says; "SIR" stands under a blank, not under that label.
    lines = body_lines(
        {"row": 0, "column": 0, "header": True, "text": "", "line": 1},
        {"row": 0, "column": 1, "colspan": 2, "header": True, "text": "Number of cancers", "line": 1},
        {"row": 0, "column": 3, "header": True, "text": "", "line": 1},
        {"row": 1, "column": 0, "header": True, "text": "Site", "line": 2},
        {"row": 1, "column": 1, "header": True, "text": "Observed", "line": 2},
        {"row": 1, "column": 2, "header": True, "text": "Expected", "line": 2},
        {"row": 1, "column": 3, "header": True, "text": "SIR", "line": 2},
        {"row": 2, "column": 0, "text": "Lung", "line": 3},
    )
    assert LAYOUTS[structured.NAME](lines, {}).paths == ("Site", "Number of cancers / Observed", "Number of cancers / Expected", "SIR")


def test_the_specs_header_rows_option_wins_over_the_sources_flags():
    lines = body_lines({"row": 0, "column": 0, "text": "Name", "line": 1}, {"row": 1, "column": 0, "text": "x", "line": 2})
    assert LAYOUTS[structured.NAME](lines, {"header_rows": 1}).paths == ("Name",)


def test_overlapping_cells_are_an_error_naming_the_cell():
    lines = body_lines({"row": 0, "column": 0, "colspan": 2, "header": True, "text": "A", "line": 1},
                       {"row": 0, "column": 1, "header": True, "text": "B", "line": 1})
    with pytest.raises(InputError, match="overlap at row 1, column 2") as caught:
        structured.lines_to_grid(lines, {})
    assert caught.value.value == "B"


def test_a_damaged_body_line_is_an_error_naming_it():
    with pytest.raises(InputError, match="not a structured cell") as caught:
        structured.lines_to_grid([(7, '{"row": 0,')], {})
    assert caught.value.line == 7


def test_a_row_span_past_the_last_row_is_refused_when_cells_are_placed():
    rows = [[PrintedCell("Arm", (), 1, "", rowspan=3)], [PrintedCell("x", (), 2, "")]]
    with pytest.raises(InputError, match="spans 3 rows, but the table has 2") as caught:
        rows_to_cells(rows, 1, "t.html", "Table 1")
    assert (caught.value.file, caught.value.table, caught.value.line) == ("t.html", "Table 1", 1)


def test_cells_placed_around_a_row_span_take_the_next_free_column():
    rows = [[PrintedCell("A", (), 1, "", rowspan=2), PrintedCell("B", (), 1, "")], [PrintedCell("C", (), 2, "")]]
    assert [(cell.row, cell.column, cell.text) for cell in rows_to_cells(rows, 1, "f", "t")] == [(0, 0, "A"), (0, 1, "B"), (1, 1, "C")]


@pytest.mark.parametrize(("raised", "printed"), [("a", "ᵃ"), ("cd", "ᶜᵈ"), ("A", "ᴬ"), ("3", "³"), ("*", "*"), ("[18]", "[18]"), ("†", "†")])
def test_a_raised_marker_is_printed_in_superscript_when_it_has_one(raised, printed):
    assert superscript(raised) == printed


HTML_TABLE = b"""<html><head><title>Trial</title>
<meta name="citation_title" content="A trial"><meta name="citation_author" content="Smith, Jane">
<meta name="citation_publication_date" content="2019/05/02"><meta name="citation_journal_title" content="J Trials">
<meta name="citation_doi" content="10.1/xyz"></head><body>
<div><p>Table 3. Outcomes by arm</p>
<table><tr><th>Arm</th><th>Events</th></tr>
<tr><td>A</td><td>5<sup>a</sup></td></tr>
<tr><td>B</td><td>10<sup>3</sup></td></tr>
<tr><td>2<sup>nd</sup> arm</td><td>4</td></tr></table>
<p><sup>a</sup> One event unconfirmed.</p><h2>Discussion</h2><p>Not a legend.</p></div></body></html>"""


def test_html_caption_header_markers_legend_and_metadata(tmp_path):
    source = html_source.read(tmp_path / "trial.html", HTML_TABLE)
    [table] = source.tables
    assert (table.label, table.caption, table.caption_line) == ("Table 3", "Outcomes by arm", 5)
    assert [(cell.text, cell.header, cell.markers, cell.line) for cell in table.cells] == [
        ("Arm", True, (), 6), ("Events", True, (), 6), ("A", False, (), 7), ("5ᵃ", False, ("a",), 7), ("B", False, (), 8), ("10³", False, (), 8), ("2ⁿᵈ arm", False, (), 9), ("4", False, (), 9)]
    assert table.legend == "a One event unconfirmed." and dict(table.footnotes) == {"a": "One event unconfirmed."}
    assert source.metadata == {"title": "A trial", "first_author": "Smith", "year": 2019, "journal": "J Trials", "doi": "10.1/xyz"}
    assert table_records(source.tables, "trial.html")[0]["table_id"] == "table_3"


def test_an_html_page_declaring_no_charset_is_read_as_the_utf_8_it_is(tmp_path):
    page = "<html><body><table><caption>Table 1. Ages</caption><tr><th>Age — yr</th></tr><tr><td>61.4±9.2</td></tr></table></body></html>"
    [table] = html_source.read(tmp_path / "page.html", page.encode("utf-8")).tables
    assert [cell.text for cell in table.cells] == ["Age — yr", "61.4±9.2"]  # libxml2 alone reads such bytes as Latin-1: "Age â€” yr"


def test_a_label_block_and_a_title_block_before_the_table_give_its_caption(tmp_path):
    page = b"""<div class="table-wrap"><h3>Table 2</h3><div class="caption"><p>Adverse events</p></div>
<table><thead><tr><th>Event</th></tr></thead><tbody><tr><td>Rash</td></tr></tbody></table>
<div class="tblwrap-foot"><p>* Grade 3 or more.</p></div></div>"""
    [table] = html_source.read(tmp_path / "pmc.html", page).tables
    assert (table.label, table.caption, table.caption_line, table.legend) == ("Table 2", "Adverse events", 1, "* Grade 3 or more.")


def test_a_layout_table_around_a_data_table_is_not_read_as_one(tmp_path):
    page = b"<table><tr><td><table><caption>Table 1 Ages</caption><tr><th>Age</th></tr><tr><td>40</td></tr></table></td></tr></table>"
    [table] = html_source.read(tmp_path / "page.html", page).tables
    assert [cell.text for cell in table.cells] == ["Age", "40"]


def test_docx_merged_header_cells_keep_their_spans_and_the_paragraphs_around_give_caption_and_legend(tmp_path):
    path = structured_fixtures.write_docx(tmp_path / "review.docx")
    source = docx_source.read(path, path.read_bytes())
    [table] = source.tables
    caption, body, legend = structured_fixtures.seed_table()
    assert (table.label, "Table 1 " + table.caption, table.legend) == ("Table 1", caption, legend)
    spans = {cell.text: (cell.row, cell.column, cell.rowspan, cell.colspan) for cell in table.cells if cell.header}
    assert spans["Primary tumor"] == (0, 4, 1, 4) and spans["Anal metastasis"] == (0, 10, 1, 5)
    assert spans["Ref."] == (0, 0, 2, 1) and spans["Chemo or radiotherapy"] == (1, 14, 1, 1)
    lines = dict(source.lines)
    assert all(lines[cell.line] == cell.text for cell in table.cells)
    assert lines[table.caption_line] == caption and source.metadata["title"] == structured_fixtures.PROSE


def test_docx_superscripts_are_markers_only_when_a_footnote_has_them(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Table 2 Events")
    table = document.add_table(rows=3, cols=2)
    for column, label in enumerate(("Arm", "Events")):
        table.cell(0, column).text = label
    for row, (arm, events, raised) in enumerate((("1", "5", "a"), ("2", "4", "nd")), start=1):
        table.cell(row, 0).text = arm
        paragraph = table.cell(row, 1).paragraphs[0]
        paragraph.add_run(events)
        paragraph.add_run(raised).font.superscript = True
    legend = document.add_paragraph()
    legend.add_run("a").font.superscript = True
    legend.add_run(" One unconfirmed.")
    path = tmp_path / "events.docx"
    document.save(path)
    [found] = docx_source.read(path, path.read_bytes()).tables
    assert [(cell.text, cell.markers) for cell in found.cells if cell.column == 1] == [("Events", ()), ("5ᵃ", ("a",)), ("4ⁿᵈ", ())]
    assert dict(found.footnotes) == {"a": "One unconfirmed."} and found.legend == "ᵃ One unconfirmed."


def test_a_docx_table_inside_a_content_control_is_read(tmp_path):
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Table 4 Wrapped")
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Name", "x"
    control = etree.SubElement(document.element.body, qn("w:sdt"))
    content = etree.SubElement(control, qn("w:sdtContent"))
    content.append(table._tbl)  # moves the table into the content control
    document.element.body.append(document.element.body.find(qn("w:sectPr")))  # section properties stay last
    path = tmp_path / "wrapped.docx"
    document.save(path)
    [found] = docx_source.read(path, path.read_bytes()).tables
    assert (found.label, [cell.text for cell in found.cells]) == ("Table 4", ["Name", "x"])

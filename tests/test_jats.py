"""JATS XML: every table's grid equals the XML's cell for cell after span expansion, footnotes on the right cells, metadata filled."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import sources
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.layouts import structured
from pipeline.sources import jats
from pipeline.sources.model import table_records

FIXTURES = Path(__file__).parent / "fixtures" / "jats"
GOLDEN = Path(__file__).parent / "golden" / "jats"
ARTICLES = sorted(FIXTURES.glob("*.nxml"))


def spread(record: dict) -> pd.DataFrame:
    """Given a structured table record, return its grid with every span spread, as strings."""
    matrix = structured.cells_to_matrix(structured.lines_to_cells(list(enumerate(str(record["body"]).split("\n"), start=1))))
    return pd.DataFrame([[cell["text"] if cell else "" for cell in row] for row in matrix])


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.stem)
def test_every_table_equals_its_golden_grid_cell_for_cell(path):
    source = sources.read(path)
    records = table_records(source.tables, path.name)
    goldens = sorted(GOLDEN.glob(f"{path.stem}__table_*.csv"))
    assert [record["table_id"] for record in records] == [golden.stem.split("__")[1] for golden in goldens]
    for record, golden in zip(records, goldens):
        expected = pd.read_csv(golden, header=None, dtype=str, keep_default_na=False)
        got = spread(record)
        got.columns = expected.columns
        pd.testing.assert_frame_equal(got, expected, obj=golden.name)


def test_footnote_markers_sit_on_their_cells_and_point_at_their_footnotes():
    expected = pd.read_csv(GOLDEN / "footnotes.csv", dtype=str, keep_default_na=False)
    got = []
    for path in ARTICLES:
        source = sources.read(path)
        for table, record in zip(source.tables, table_records(source.tables, path.name)):
            got += [
                {"document": path.stem, "table_id": record["table_id"], "row": str(cell.row + 1), "column": str(cell.column + 1),
                 "text": cell.text, "marker": marker, "footnote": table.footnotes[marker]}
                for cell in table.cells for marker in cell.markers
            ]
    pd.testing.assert_frame_equal(pd.DataFrame(got, columns=expected.columns), expected)


def test_the_header_spans_become_column_paths():
    source = sources.read(FIXTURES / "pntd.0002065.nxml")
    record = table_records(source.tables, "pntd.0002065.nxml")[0]
    grid = structured.lines_to_grid(list(enumerate(record["body"].split("\n"), start=1)), {})
    assert grid.paths == ("District", "Goats / n", "Goats / Seroprevalence (%)", "Goats / 95% C.I.", "Sheep / n",
                          "Sheep / Seroprevalence (%)", "Sheep / 95% C.I.")
    assert [cell.text for cell in grid.rows[-1]] == ["TOTAL", "377", "21.2ᴬ", "17.9, 24.9", "277", "35.8ᴮ", "30.7, 41.1"]
    assert record["caption"] == "RVF seroprevalence in 2007, as determined by virus neutralization test and IgG ELISA."
    assert record["legend"].startswith("Table 1 shows RVF seroprevalence") and "a,b,c,d Values within a column" in record["legend"]


def test_each_cell_line_is_where_its_cell_is_printed():
    path = FIXTURES / "1472-6831-8-11.nxml"
    source = sources.read(path)
    lines = dict(source.lines)
    for table in source.tables:
        for cell in table.cells:
            assert cell.text.split(" ")[0].replace("&", "") in lines[cell.line] or not cell.text
            assert cell.where.startswith("/article/") and cell.where.endswith(("td", "]"))


@pytest.fixture(scope="module")
def jats_run(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for path in ARTICLES:
        (raw / path.name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("out")
    assert main(["run", "--raw", str(raw), "--out", str(out), "--quiet"]) == 0
    return out


def test_the_documents_table_is_filled_from_the_articles_own_metadata(jats_run):
    documents = pd.read_parquet(jats_run / "documents.parquet").set_index("document")
    pntd = documents.loc["pntd.0002065"]
    assert pntd["title"].startswith("Serological Evidence of Rift Valley Fever Virus Circulation")
    assert (pntd["first_author"], pntd["year"], pntd["journal"]) == ("Fafetine", 2013, "PLoS Neglected Tropical Diseases")
    assert (pntd["doi"], pntd["pmcid"], pntd["encoding"]) == ("10.1371/journal.pntd.0002065", "PMC3585041", "jats")
    assert list(pntd["tables"]) == [f"table_{number}" for number in range(1, 6)]
    bmc = documents.loc["1472-6831-8-11"]
    assert (bmc["first_author"], bmc["year"], bmc["journal"], bmc["doi"], bmc["pmcid"]) == (
        "van der Meulen", 2008, "BMC Oral Health", "10.1186/1472-6831-8-11", "PMC2329613")
    assert "BMC Oral Health 2008" in bmc["citation"]


def test_the_articles_tables_come_out_in_auto_mode_with_their_lineage(jats_run):
    table = pd.read_parquet(jats_run / "auto" / "pntd.0002065__table_5.parquet")
    assert list(table.columns[4:]) == ["column_1", "no_positive__igm", "no_positive__igg", "no_positive__igg__footnote"]
    assert list(table["column_1"]) == ["September", "October", "December", "January", "April"]
    # The "*" marker on December's 7 is split off and linked to its table-wrap-foot note.
    assert table.loc[2, "no_positive__igg__footnote"] == "1 animal slaughtered and 1 animal no longer positive."
    lineage = pd.read_parquet(jats_run / "cell_lineage.parquet")
    assert set(lineage["output"]) >= {"auto/pntd.0002065__table_1", "auto/1472-6831-8-11__table_4"}
    assert lineage["line"].notna().all()


def test_a_table_wrap_with_only_a_graphic_is_inventoried_as_an_image(tmp_path):
    article = b"""<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Images</article-title></title-group></article-meta></front>
<body><table-wrap id="T1"><label>Table 1</label><caption><p>Scanned table</p></caption>
<graphic xlink:href="t1.gif" xmlns:xlink="http://www.w3.org/1999/xlink"/></table-wrap></body></article>"""
    source = jats.read(tmp_path / "images.xml", article)
    [record] = table_records(source.tables, "images.xml")
    assert (record["layout"], record["table_id"], record["caption"]) == (structured.GRAPHIC, "table_1", "Scanned table")
    with pytest.raises(InputError, match="printed as an image only"):
        structured.graphic_to_grid(list(enumerate(record["body"].split("\n"), start=3)), {})


def test_list_and_inline_formula_content_is_read_as_text(tmp_path):
    article = b"""<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><body><table-wrap><label>Table 2</label><caption><p>Doses</p></caption>
<table><thead><tr><th>Arm</th><th>Dose</th></tr></thead><tbody>
<tr><td><list><list-item><p>A</p></list-item><list-item><p>B</p></list-item></list></td>
<td><inline-formula><alternatives><mml:math><mml:mi>x</mml:mi><mml:mo>+</mml:mo><mml:mn>1</mml:mn></mml:math><tex-math>x+1</tex-math></alternatives></inline-formula> mg</td></tr>
</tbody></table></table-wrap></body></article>"""
    [table] = jats.read(tmp_path / "doses.xml", article).tables
    assert [cell.text for cell in table.cells if not cell.header] == ["A; B", "x+1 mg"]

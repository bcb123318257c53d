"""Damaged structured files and files no reader reads: one clear line each, nothing partial, the other documents written."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline import config, sources
from pipeline.errors import InputError
from pipeline.sources import docx as docx_source
from tests import structured_fixtures

NEN = "004_c41d62315dfb8f1b.txt"
JATS = Path(__file__).parent / "fixtures" / "jats" / "pntd.0002065.nxml"


def zip_bomb() -> bytes:
    """Return a small zip that names word/document.xml and inflates to 64 MiB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def overrun_article(span: str) -> bytes:
    """Return a JATS article whose one table has a cell with the given span attribute, too wide or too tall for its grid."""
    return f"""<article><body><table-wrap><label>Table 1</label><caption><p>Spans</p></caption>
<table><colgroup><col/><col/></colgroup><thead><tr><th>A</th><th>B</th></tr></thead>
<tbody><tr><td {span}>x</td><td>y</td></tr></tbody></table></table-wrap></body></article>""".encode()


DAMAGED = {
    "malformed.xml": (JATS.read_bytes()[:5000], "malformed.xml: line 2: malformed XML (Premature end of data"),
    "no_tables.html": (b"<html><body><h1>Abstract</h1><p>No tables here.</p></body></html>", "no_tables.html: no <table> in the page"),
    "renamed.docx": (b"Table 1 This is really a text file\n\tx\n", "renamed.docx: not a DOCX: not a zip archive"),
    "bomb.docx": (zip_bomb(), "bomb.docx: refused: the archive would inflate to 67,108,872 bytes"),
    "tall.xml": (overrun_article('rowspan="3"'), "tall.xml: Table 1: line 3: cell in row 2 spans 3 rows, but the table has 2 (value 'x')"),
    "wide.xml": (overrun_article('colspan="2"'), "wide.xml: Table 1: line 3: cell in row 2 spans to column 3, but the table declares 2 columns (value 'y')"),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_each_damaged_file_is_one_input_error_naming_it(name, tmp_path):
    data, message = DAMAGED[name]
    with pytest.raises(InputError) as caught:
        sources.read(tmp_path / name, data)
    assert str(caught.value).startswith(message)


def test_the_zip_bomb_is_refused_before_anything_inflates(tmp_path, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("python-docx opened the archive")

    import docx

    monkeypatch.setattr(docx, "Document", never)
    with pytest.raises(InputError, match="zip bomb"):
        docx_source.read(tmp_path / "bomb.docx", zip_bomb())


def test_a_real_docx_passes_the_archive_checks(tmp_path):
    path = structured_fixtures.write_docx(tmp_path / "fine.docx")
    docx_source.check_archive(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def damaged_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    raw = tmp_path_factory.mktemp("raw")
    (raw / "nen.txt").write_bytes((config.RAW_DIR / NEN).read_bytes())
    (raw / "pntd.nxml").write_bytes(JATS.read_bytes())
    for name, (data, _) in DAMAGED.items():
        (raw / name).write_bytes(data)
    (raw / "notes.md").write_text("reading list", encoding="utf-8")
    (raw / "figures").mkdir()
    out = tmp_path_factory.mktemp("out")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out)],
                            capture_output=True, text=True, check=False)
    return result, out


def test_a_run_names_each_damaged_file_once_and_writes_the_others(damaged_run):
    result, out = damaged_run
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(DAMAGED), errors
    for name, (_, message) in DAMAGED.items():
        assert any(line.startswith(f"error: extract: {message}") for line in errors), (name, errors)
    documents = pd.read_parquet(out / "documents.parquet")
    assert sorted(documents["file"]) == ["nen.txt", "pntd.nxml"]
    assert len(pd.read_parquet(out / "nen_cases.parquet")) == 3
    assert (out / "auto" / "pntd__table_1.parquet").exists()


def test_every_file_not_read_is_named_in_a_notice(damaged_run):
    result, _ = damaged_run
    notices = [line for line in result.stderr.splitlines() if line.startswith("notice: extract:") and ": not read: " in line]
    assert notices == [
        "notice: extract: figures: not read: a folder (documents in subfolders are not read)",
        "notice: extract: notes.md: not read: no reader for .md (read: .docx, .htm, .html, .nxml, .pdf, .txt, .xml)",
    ]


def test_the_registry_reads_by_suffix_whatever_the_case(tmp_path):
    assert set(sources.readers()) == {".txt", ".pdf", ".xml", ".nxml", ".html", ".htm", ".docx"}
    path = tmp_path / "ARTICLE.NXML"
    path.write_bytes(JATS.read_bytes())
    assert sources.is_document(path) and sources.read(path).encoding == "jats"

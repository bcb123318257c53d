"""Damaged input: one clear line per problem, the healthy documents still written, nothing partial."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import config, inventory
from pipeline.sources import text as text_source
from pipeline.stages import extract, write
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.layouts import cell_per_line

REVIEW = "000_513c70c52d57c45f.txt"
NEN = "004_c41d62315dfb8f1b.txt"
REVIEW_SHA = "e9bcfe9e742b7458c7d8fba47083839d38280b683cbf87246b16ea36fb9e9fb7"
TABLES = ("anal_metastasis_cases", "anal_metastasis_episodes", "nen_cases", "nen_followup_studies")


def run_cli(raw: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), *options],
        capture_output=True, text=True, check=False,
    )


def review_lines() -> list[str]:
    return (config.RAW_DIR / REVIEW).read_text(encoding="utf-8").split("\n")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_damaged_files_beside_a_healthy_one(tmp_path):
    """The acceptance case: each damaged file gets one line, the NEN document is still written."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "nen.txt").write_bytes((config.RAW_DIR / NEN).read_bytes())
    lines = review_lines()
    del lines[lines.index("\t63")]
    (raw / "review_cell_deleted.txt").write_text("\n".join(lines), encoding="utf-8")
    text = (config.RAW_DIR / REVIEW).read_text(encoding="utf-8")
    (raw / "review_truncated.txt").write_text(text[: text.index("Table 1 Summary") + 3000], encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "random.txt").write_bytes(random.Random(7).randbytes(4096))
    out = tmp_path / "out"
    result = run_cli(raw, out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 4, errors
    for file, words in {
        "empty.txt": "file is empty",
        "random.txt": "binary file",
        "review_cell_deleted.txt: table_1: line 90": "15 cells but the header has 16 columns (value 'Guiss[18], 1954')",
        "review_truncated.txt: table_1: line": "may be cut off",
    }.items():
        assert any(f"{file}" in line and words in line for line in errors), (file, errors)
    assert len(pd.read_parquet(out / "nen_cases.parquet")) == 3
    assert len(pd.read_parquet(out / "nen_followup_studies.parquet")) == 5
    assert not (out / "anal_metastasis_cases.parquet").exists() and not (out / "anal_metastasis_episodes.parquet").exists()
    assert not [path for path in out.rglob("*") if path.name.endswith(".tmp")]
    documents = pd.read_parquet(out / "documents.parquet")
    assert set(documents["file"]) == {"nen.txt", "review_cell_deleted.txt", "review_truncated.txt"}


def header_and_rows(*rows: list[str]) -> list[tuple[int, str]]:
    text: list[str] = []
    for row in rows:
        text += [f"\t{cell}" for cell in row] + [""]
    return list(enumerate(text, start=20))


def test_a_row_with_an_extra_cell_names_its_line_and_value():
    lines = header_and_rows(["Ref.", "Age"], ["Smith[1], 1990", "50"], ["Jones[2], 1991", "61", "M"], ["Lee[3], 1992", "70"])
    with pytest.raises(InputError, match="body row has 3 cells but the header has 2 columns") as caught:
        cell_per_line.lines_to_grid(lines, {})
    assert caught.value.line == 26 and caught.value.value == "Jones[2], 1991"
    assert "cut off" not in str(caught.value)


def test_a_short_last_row_says_the_table_may_be_cut_off():
    lines = header_and_rows(["Ref.", "Age"], ["Smith[1], 1990", "50"], ["Jones[2], 1991"])
    with pytest.raises(InputError, match="may be cut off"):
        cell_per_line.lines_to_grid(lines, {})


def test_a_lone_label_last_in_a_table_of_group_rows_is_a_group_row_with_a_note():
    lines = header_and_rows(["Characteristic", "Cases", "Controls"], ["Means"], ["Age (years)", "55.4", "53.9"], ["Percentages"])
    grid = cell_per_line.lines_to_grid(lines, {})
    assert [cell.text for cell in grid.rows[-1]] == ["Percentages", "", ""]
    assert any("the last row prints a label only and is read as a group row, as are the 1 written so above it" in note for note in grid.notes)


def test_a_stream_table_cut_off_mid_row_names_the_row(raw_copy, tmp_path):
    text = (raw_copy / NEN).read_text(encoding="utf-8")
    table_1 = text.index("Table 1 Summary of pathological findings")
    cut = text.index("Negative", table_1)
    (raw_copy / "nen_cut.txt").write_text(text[:cut], encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(raw_copy, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [error] = error_lines(result.stderr)
    assert "nen_cut.txt: table_1: line" in error and "cannot be completed" in error


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "file is empty"),
        (b" \n\t\n", "file is empty"),
        (b"Table 1 Cases\n\x00\x01\x02", "binary file, not text (it holds NUL bytes)"),
        (b"Table 1 Cases\n\x1b[31m\x07", "binary file, not text (control character U+001B"),
        (b"Table 1 Cases\n\x81\x8d\x8f\x90", "not text in UTF-8, UTF-16 or cp1252 (undecodable byte at offset 14)"),
        ("Table 1 Cases – résumé".encode("utf-8")[:-1], "file ends inside a UTF-8 character"),
    ],
)
def test_files_that_are_not_text_are_refused_clearly(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        extract.load_document(path, inventory.read_manifest(tmp_path).frame)
    assert caught.value.file == "bad.txt"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "\ufeffTable 1 Âge – résumé\r\n\tx".encode("utf-8")),
        ("utf-16", "Table 1 Âge – résumé\r\n\tx".encode("utf-16")),
        ("cp1252", "Table 1 Âge – résumé\r\n\tx".encode("cp1252")),
    ],
)
def test_the_usual_encodings_are_read(encoding, data):
    text, found = text_source.decode(data, "x.txt")
    assert found == encoding
    assert text_source.text_to_lines(text) == ((1, "Table 1 Âge – résumé"), (2, "\tx"))


def manifest_without_checksum(raw: Path, file: str, sha: str) -> None:
    manifest = raw / config.MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(sha, ""), encoding="utf-8")


def read_outputs(out: Path) -> dict[str, pd.DataFrame]:
    return {path.stem: pd.read_parquet(path) for path in sorted(out.glob("*.parquet"))}


@pytest.mark.parametrize(
    ("variant", "to_bytes"),
    [
        ("crlf_and_bom", lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")),
        ("cp1252", lambda text: text.encode("cp1252")),
    ],
)
def test_other_encodings_and_line_ends_give_identical_tables(raw_copy, shipped_outputs, tmp_path, variant, to_bytes):
    text = (raw_copy / REVIEW).read_text(encoding="utf-8")
    (raw_copy / REVIEW).write_bytes(to_bytes(text))
    manifest_without_checksum(raw_copy, REVIEW, REVIEW_SHA)
    out = tmp_path / "out"
    result = run_cli(raw_copy, out)
    assert result.returncode == 0, result.stderr
    expected, got = read_outputs(shipped_outputs), read_outputs(out)
    assert set(got) == set(expected)
    for name in set(expected) - {"documents"}:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)
    documents = got["documents"].set_index("file")
    assert documents.loc[REVIEW, "encoding"] == ("cp1252" if variant == "cp1252" else "utf-8")
    if variant == "cp1252":
        assert f"notice: extract: {REVIEW}: not UTF-8; read as cp1252" in result.stderr


def test_two_tables_with_the_same_caption_number_are_refused(raw_copy, tmp_path):
    lines = review_lines()
    caption = next(index for index, line in enumerate(lines) if line.startswith("Table 1 Summary"))
    lines[caption + 2 : caption + 2] = ["Table 1 Summary again", "\tA", "\tB", ""]
    (raw_copy / "twice.txt").write_text("\n".join(lines), encoding="utf-8")
    result = run_cli(raw_copy, tmp_path / "out")
    assert result.returncode == 1
    [error] = error_lines(result.stderr)
    assert f"twice.txt: table_1: line {caption + 3}: two tables are captioned Table 1 (the other is on line {caption + 1})" in error


def test_a_table_no_spec_claims_is_inventoried_with_the_near_miss_named(raw_copy, tmp_path):
    lines = review_lines()
    lines[lines.index("\tRef.")] = "\tReference"
    (raw_copy / "renamed_header.txt").write_text("\n".join(lines), encoding="utf-8")
    (raw_copy / "other_table.txt").write_text("Table 2 Baseline characteristics\n\tAge\n\tSex\n\n\t50\n\tM\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(raw_copy, out)
    assert result.returncode == 0, result.stderr
    assert "renamed_header.txt: table_1: no table spec claims it (caption matches spec meng2022_table1, but the header lacks ['Ref.'])" in result.stderr
    assert "other_table.txt: table_2: no table spec claims it (no spec's caption matches)" in result.stderr
    documents = pd.read_parquet(out / "documents.parquet").set_index("file")
    assert list(documents.loc["other_table.txt", "tables"]) == ["table_2"]
    assert set(pd.read_parquet(out / "anal_metastasis_cases.parquet")["document"]) == {"meng2022"}


def copy_with_age(raw: Path, age: str) -> None:
    """A second copy of the review, with Guiss's age replaced."""
    text = (raw / REVIEW).read_text(encoding="utf-8")
    (raw / "review_copy.txt").write_text(text.replace("\t63\n\tNS", f"\t{age}\n\tNS", 1), encoding="utf-8")
    (raw / config.MANIFEST_NAME).write_text(
        (raw / config.MANIFEST_NAME).read_text(encoding="utf-8")
        + "review_copy.txt,review_copy,,Meng,2022,copy,copy,review\n",
        encoding="utf-8",
    )


def test_a_value_out_of_range_leaves_its_document_out_in_strict_mode(raw_copy, tmp_path):
    copy_with_age(raw_copy, "163")
    out = tmp_path / "out"
    result = run_cli(raw_copy, out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any("anal_metastasis_cases: column 'age_years' fails less_than_or_equal_to(120): value 163 (document review_copy, source row 1)" in line for line in error_lines(result.stderr))
    for name in ("anal_metastasis_cases", "anal_metastasis_episodes", "cell_lineage", "codes", "findings"):
        assert set(pd.read_parquet(out / f"{name}.parquet")["document"]) <= {"meng2022", "hane2020"}, name
    assert len(pd.read_parquet(out / "anal_metastasis_cases.parquet")) == 31
    assert not (out / "_rejected").exists()


def test_lenient_writes_the_passing_rows_and_sets_the_rest_aside(raw_copy, tmp_path):
    copy_with_age(raw_copy, "163")
    out = tmp_path / "out"
    result = run_cli(raw_copy, out, "--lenient")
    assert result.returncode == 0
    assert not error_lines(result.stderr) and "warning: validate: anal_metastasis_cases: column 'age_years'" in result.stderr
    assert "rejected rows are in" in result.stderr
    cases = pd.read_parquet(out / "anal_metastasis_cases.parquet")
    assert len(cases) == 61 and not ((cases["document"] == "review_copy") & (cases["case_id"] == "guiss1954-1")).any()
    rejected = pd.read_parquet(out / "_rejected" / "anal_metastasis_cases.parquet")
    assert list(rejected["case_id"]) == ["guiss1954-1"] and "163" in rejected.loc[0, "rejected_reason"]
    rejected_episodes = pd.read_parquet(out / "_rejected" / "anal_metastasis_episodes.parquet")
    assert set(rejected_episodes["case_id"]) == {"guiss1954-1"}
    lineage = pd.read_parquet(out / "cell_lineage.parquet")
    assert not ((lineage["document"] == "review_copy") & (lineage["source_row"] == 1)).any()
    assert pq.read_schema(out / "_rejected" / "anal_metastasis_cases.parquet").metadata[b"rejected"]
    # A strict rerun over the same output folder clears what lenient set aside.
    assert run_cli(raw_copy, out).returncode == 1 and not (out / "_rejected" / "anal_metastasis_cases.parquet").exists()


def test_an_unexpected_exception_is_one_line_and_debug_shows_the_traceback(raw_copy, tmp_path, monkeypatch, capsys):
    def broken(lines, options):
        raise RuntimeError("layout exploded")

    monkeypatch.setitem(__import__("pipeline.layouts", fromlist=["LAYOUTS"]).LAYOUTS, "cell-per-line", broken)
    assert main(["run", "--raw", str(raw_copy), "--out", str(tmp_path / "a"), "--quiet"]) == 1
    stderr = capsys.readouterr().err
    assert f"error: parse: {REVIEW}: table_1: unexpected RuntimeError (layout exploded)" in stderr
    assert "Traceback" not in stderr and len(error_lines(stderr)) == 1
    assert len(pd.read_parquet(tmp_path / "a" / "nen_cases.parquet")) == 3
    assert main(["run", "--raw", str(raw_copy), "--out", str(tmp_path / "b"), "--quiet", "--debug"]) == 1
    stderr = capsys.readouterr().err
    assert "Traceback" in stderr and 'raise RuntimeError("layout exploded")' in stderr


def test_an_interrupted_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "table.parquet"
    write.write_frame(pd.DataFrame({"a": [1, 2]}), target)
    before = target.read_bytes()

    def interrupted(table, where, **options):
        Path(where).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(write.pq, "write_table", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write.write_frame(pd.DataFrame({"a": [3]}), target)
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["table.parquet"]


@pytest.mark.parametrize("corpus_path", [[], ["--workers", "1"]], ids=["single run", "corpus path"])
def test_a_table_with_a_header_and_no_body_rows_is_named_not_a_bug(tmp_path, capsys, corpus_path):
    lines = review_lines()
    first_body_row = lines.index("\tGuiss[18], 1954")
    legend = next(index for index, line in enumerate(lines) if line.startswith("M: Male"))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "header_only.txt").write_text("\n".join(lines[:first_body_row] + lines[legend:]), encoding="utf-8")
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--quiet", *corpus_path]) == 1
    assert capsys.readouterr().err.splitlines() == ["error: normalize: header_only.txt: table_1: table has no body rows"]

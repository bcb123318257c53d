"""Every stage on raw/, through the command line, as a user runs it."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline import config
from pipeline.cli import Progress, main


def test_shipped_documents_run_cleanly(shipped_run):
    out, status = shipped_run
    assert status == 0
    for name in ("anal_metastasis_cases", "anal_metastasis_episodes", "codes", "findings", "cell_lineage", "documents", "claims"):
        assert (out / f"{name}.parquet").exists(), name
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_documents_without_tables_are_inventoried(shipped_outputs):
    documents = pd.read_parquet(shipped_outputs / "documents.parquet").set_index("file")
    assert len(documents) == 5
    assert list(documents.loc["001_1f144a8960a0be6e.txt", "tables"]) == []
    assert list(documents.loc["000_513c70c52d57c45f.txt", "tables"]) == ["table_1"]
    assert documents.loc["000_513c70c52d57c45f.txt", "sha256"].startswith("e9bcfe9e")


def test_parquet_carries_descriptions_and_units(shipped_outputs):
    schema = pq.read_schema(shipped_outputs / "anal_metastasis_episodes.parquet")
    assert schema.field("followup_months").metadata[b"unit"] == b"months"
    assert schema.field("case_id").metadata[b"description"]
    assert b"episode" in schema.metadata[b"description"]


def test_rerun_gives_byte_identical_files(shipped_outputs, tmp_path):
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path), "--quiet"]) == 0
    written = sorted(path for path in shipped_outputs.iterdir() if path.is_file())
    assert {"datapackage.json", "DATA_DICTIONARY.md"} <= {path.name for path in written}
    for path in written:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_stages_run_one_by_one_like_the_makefile(tmp_path):
    for stage in ("extract", "parse", "normalize", "validate", "write", "audit", "report"):
        arguments = [stage, "--out", str(tmp_path), "--quiet"]
        if stage in ("extract", "audit"):
            arguments += ["--raw", str(config.RAW_DIR)]
        assert main(arguments) == 0, stage
    assert len(pd.read_parquet(tmp_path / "anal_metastasis_cases.parquet")) == 31


def test_a_stage_before_its_input_exists_is_a_usage_error(tmp_path, capsys):
    assert main(["normalize", "--out", str(tmp_path)]) == 2
    assert "run the extract stage first" in capsys.readouterr().err


def test_damaged_document_is_skipped_and_named(raw_copy, tmp_path):
    source = raw_copy / "000_513c70c52d57c45f.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    del lines[lines.index("\t63") ]  # Guiss's age: the row is one cell short
    (raw_copy / "copy_of_review.txt").write_text("\n".join(lines), encoding="utf-8")
    (raw_copy / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw_copy), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "copy_of_review.txt: table_1: line" in result.stderr
    assert "empty.txt: file is empty" in result.stderr
    cases = pd.read_parquet(out / "anal_metastasis_cases.parquet")
    assert len(cases) == 31 and set(cases["document"]) == {"meng2022"}


def test_failing_schema_writes_nothing_for_that_table(raw_copy, tmp_path):
    source = raw_copy / "000_513c70c52d57c45f.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("\t63\n\tNS", "\t163\n\tNS", 1), encoding="utf-8")
    (raw_copy / "manifest.csv").write_text(
        (raw_copy / "manifest.csv").read_text(encoding="utf-8").replace("e9bcfe9e742b7458c7d8fba47083839d38280b683cbf87246b16ea36fb9e9fb7", ""),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw_copy), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "anal_metastasis_cases: column 'age_years'" in result.stderr and "163" in result.stderr
    assert not (out / "anal_metastasis_cases.parquet").exists()
    assert not list(Path(out).glob("*.tmp"))


def test_help_lists_the_stages():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, check=True)
    for stage in ("run", "extract", "parse", "normalize", "validate", "write", "audit", "report"):
        assert stage in result.stdout


def test_run_prints_a_summary_and_verbose_adds_timings(tmp_path, capsys):
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "summary: 5 documents read; 3 tables; rows anal_metastasis_cases 31" in out and "38 claims match, 7 claims mismatch; no problems" in out
    assert "case1_age" not in out, "matching claims are printed only with --verbose"
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "case1_age" in out and "004_c41d62315dfb8f1b.txt: hane2020, 353 lines, tables: table_1, table_2" in out
    assert re.search(r"^extract .*\(\d+\.\d\d s\)$", out, re.MULTILINE)
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_progress_is_shown_for_many_documents_only():
    stream = io.StringIO()
    show = Progress("extract", stream, threshold=50)
    for done in range(1, 11):
        show(done, 10)
    assert stream.getvalue() == ""
    for done in range(1, 201):
        show(done, 200)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1] == "extract: 200/200 documents"

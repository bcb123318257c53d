"""The output set (issue 19): one run at a time per --out, and a run's files replace the previous set whole or not at all."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
import regex

from pipeline import config, outputs
from pipeline.cli import main
from pipeline.errors import UsageError
from pipeline.stages import extract
from tests.test_safety import OUTPUT_TABLES, PATHS, REVIEW, files_under, one_line, raw_with, run_cli, shipped_manifest_lines, table_documents


def set_disagreements(out: Path) -> list[str]:
    """Given a single run's output folder, return every way its tables disagree about the set (empty: one consistent set).

    The Data Package descriptor records each file's bytes and sha256, and
    every table's documents must be documents of the inventory, with lineage
    for exactly the documents that have rows.
    """
    problems = []
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        path = out / resource["path"]
        if not path.exists():
            problems.append(f"{resource['path']} is described but missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != resource["hash"].removeprefix("sha256:"):
            problems.append(f"{resource['path']} is not the file the descriptor describes")
    inventoried = table_documents(out, "documents")
    with_rows = set().union(*(table_documents(out, name) for name in OUTPUT_TABLES))
    for name in (*OUTPUT_TABLES, "cell_lineage", "codes", "findings"):
        if not table_documents(out, name) <= inventoried:
            problems.append(f"{name} has documents the inventory lacks: {sorted(table_documents(out, name) - inventoried)}")
    if table_documents(out, "cell_lineage") != with_rows:
        problems.append(f"lineage covers {sorted(table_documents(out, 'cell_lineage'))}, the tables {sorted(with_rows)}")
    return problems


def test_a_second_run_into_a_locked_out_fails_fast(tmp_path):
    out = tmp_path / "out"
    with outputs.locked(out):
        for command in ("run", "extract"):
            result = run_cli(config.RAW_DIR, out, command=command)
            assert result.returncode == 2
            assert regex.fullmatch(rf"error: --out {regex.escape(str(out))} is in use by another run \(process {os.getpid()}, lock .+\); "
                                   "wait for it to end", one_line(result)), result.stderr
        with pytest.raises(UsageError, match="in use by another run"):
            with outputs.locked(out):
                pass
    assert not out.exists() and os.listdir(tmp_path) == []


def test_concurrent_runs_leave_one_complete_set(tmp_path, shipped_outputs):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "run", "--raw", str(config.RAW_DIR), "--out", str(out), "-q"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert all(status in (0, 2) for status, _ in results) and any(status == 0 for status, _ in results), results
    for status, stderr in results:
        assert stderr == "" if status == 0 else "is in use by another run" in stderr and len(stderr.splitlines()) == 1
    assert set_disagreements(out) == []
    for name in files_under(shipped_outputs):
        if not name.startswith("_interim") and (shipped_outputs / name).is_file():
            assert (out / name).read_bytes() == (shipped_outputs / name).read_bytes(), name
    assert os.listdir(tmp_path) == ["out"]


def copies_of_the_review(raw: Path, count: int) -> None:
    """Add ``count`` copies of the review to the raw folder, each its own document (a byte apart)."""
    text = (config.RAW_DIR / REVIEW).read_text(encoding="utf-8")
    lines = [shipped_manifest_lines()[0]]
    for number in range(count):
        (raw / f"copy_{number:03d}.txt").write_text(text + "\n" * (number + 1), encoding="utf-8")
        lines.append(f"copy_{number:03d}.txt,copy_{number:03d},,Meng,2022,copy,copy,review")
    (raw / config.MANIFEST_NAME).write_text("\n".join(lines + shipped_manifest_lines()[1:]) + "\n", encoding="utf-8")


def test_a_run_killed_during_write_leaves_the_previous_set(tmp_path):
    out = tmp_path / "out"
    assert run_cli(config.RAW_DIR, out).returncode == 0
    before = {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()}
    raw = raw_with(tmp_path, *(path.name for path in extract.document_paths(config.RAW_DIR)))
    copies_of_the_review(raw, 30)
    staging = outputs.beside(out, "staging")
    first = staging / "anal_metastasis_cases.parquet"
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "-q"])
    # Kill it as soon as the write stage has replaced its first table in the staging folder: cases new, the rest old.
    while not (first.exists() and first.stat().st_ino != (out / first.name).stat().st_ino):
        assert run.poll() is None, "the run ended before it could be killed during write"
        time.sleep(0.002)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()} == before
    assert set_disagreements(out) == []
    # The next run clears what the killed one left and commits the new set whole.
    assert staging.exists()
    assert run_cli(raw, out).returncode == 0
    assert set_disagreements(out) == [] and not staging.exists() and sorted(os.listdir(tmp_path)) == ["out", "raw"]
    assert table_documents(out, "anal_metastasis_cases") == {"meng2022", *(f"copy_{number:03d}" for number in range(30))}


def test_the_checker_sees_a_mixed_set(tmp_path, shipped_outputs):
    out = tmp_path / "out"
    shutil.copytree(shipped_outputs, out)
    cases = pd.read_parquet(out / "anal_metastasis_cases.parquet")
    cases.assign(document="other").to_parquet(out / "anal_metastasis_cases.parquet")
    assert set_disagreements(out) == [
        "anal_metastasis_cases.parquet is not the file the descriptor describes",
        "anal_metastasis_cases has documents the inventory lacks: ['other']",
        "lineage covers ['hane2020', 'meng2022'], the tables ['hane2020', 'meng2022', 'other']",
    ]


@PATHS
def test_a_bug_during_the_run_leaves_the_previous_set(tmp_path, monkeypatch, capsys, path):
    out = tmp_path / "out"
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "-q", *path]) == 0
    before = {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()}

    def broken(*args, **kwargs):
        raise RuntimeError("disk gremlin")

    monkeypatch.setattr("pipeline.stages.write.frame_to_arrow", broken)
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "-q", *path]) == 3
    assert "unexpected RuntimeError: disk gremlin" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in files_under(out) if (out / name).is_file()} == before
    assert os.listdir(tmp_path) == ["out"]


def test_a_swap_cut_short_is_put_back_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("previous set", encoding="utf-8")
    os.rename(out, outputs.beside(out, "previous"))  # as a run killed between the two renames of a swap leaves it
    outputs.beside(out, "staging").mkdir()
    with outputs.locked(out):
        assert (out / "kept.txt").read_text(encoding="utf-8") == "previous set"
    assert os.listdir(tmp_path) == ["out"]

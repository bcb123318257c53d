"""Shared fixtures: the shipped raw documents run once through every stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import config
from pipeline.cli import main

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def shipped_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """Run the whole pipeline on raw/ into a temporary folder; return the folder and exit status."""
    out = tmp_path_factory.mktemp("normalized")
    status = main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--quiet"])
    return out, status


@pytest.fixture(scope="session")
def shipped_outputs(shipped_run: tuple[Path, int]) -> Path:
    """The output folder of the shipped run."""
    return shipped_run[0]


@pytest.fixture(scope="session")
def auto_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a run on raw/ with the curated specs off, so every seed table comes out in auto mode."""
    out = tmp_path_factory.mktemp("auto")
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--auto-only", "--quiet"]) == 0
    return out


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of raw/ (documents and manifest)."""
    target = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, target)
    return target


def read_golden(name: str) -> pd.DataFrame:
    """Given a golden file name, return it as strings (missing as empty)."""
    return pd.read_csv(GOLDEN / name, dtype=str, keep_default_na=False)

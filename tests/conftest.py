"""Shared fixtures: the shipped raw documents run once through every stage."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from pipeline import config
from pipeline.sources import text as text_source
from pipeline.stages import extract, normalize, parse, shell
from pipeline.cli import main
from pipeline.grid import Grid
from pipeline.spec import TableSpec

GOLDEN = Path(__file__).parent / "golden"

# Tests assert behaviour, not time: a property test under a loaded CI machine must not fail on Hypothesis's per-example deadline.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


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


def load_spec_file(path: Path) -> TableSpec:
    """Given a spec module saved outside pipeline/tables/ (a draft), import it and return its SPEC."""
    specification = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(specification)
    sys.modules[path.stem] = module  # pandera resolves a model's annotations through its module
    specification.loader.exec_module(module)
    return module.SPEC


def normalize_with(spec: TableSpec, document: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Given a spec and a shipped document, return the typed outputs, lineage and findings that parse and normalize make of it."""
    found = extract.extract(config.RAW_DIR)
    tables = found.tables[found.tables["document"] == document].reset_index(drop=True)
    cells, parsed, codes, errors = parse.parse(tables, [spec])
    assert not errors and spec.name in set(parsed["spec"])
    by_table = {key: frame for key, frame in cells.groupby(["document", "table_id"], sort=False)}
    legends = {key: dict(zip(frame["code"], frame["meaning"])) for key, frame in codes.groupby(["document", "table_id"], sort=False)}
    info = shell.document_infos(found.documents)[document]
    results = shell.normalize_document(info, parsed, by_table, legends, {spec.name: spec})
    return normalize.frames(results, shell.all_outputs((spec,)))


def read_without_a_spec(text: str) -> Grid:
    """Given a document holding one table, return the grid auto mode reads from it; that it reads one at all is asserted."""
    [record] = extract.lines_to_tables(text_source.text_to_lines(text), "doc")
    grid, why_unread = parse.parse_unclaimed(pd.Series({**record, "file": "doc.txt"}))
    assert why_unread is None, why_unread
    return grid

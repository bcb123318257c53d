"""The corpus path reads structured files through the same registry: a folder of JATS articles runs in batches like text files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main

ARTICLES = sorted((Path(__file__).parent / "fixtures" / "jats").glob("*.nxml"))
COPIES = 36


@pytest.fixture(scope="module")
def jats_folder(tmp_path_factory) -> Path:
    """36 copies of the two fixture articles under their own names, and a file no reader reads.

    Each copy ends in a comment of its own: the same bytes under two names are a duplicate the run leaves out.
    """
    raw = tmp_path_factory.mktemp("jats")
    for number in range(COPIES):
        article = ARTICLES[number % len(ARTICLES)]
        (raw / f"pmc{number:03d}_{article.name}").write_bytes(article.read_bytes() + f"<!-- copy {number} -->\n".encode())
    (raw / "README.txt.bak").write_text("not an article", encoding="utf-8")
    return raw


def test_a_jats_folder_runs_in_batches_with_two_workers_as_in_the_single_run(jats_folder, tmp_path):
    single, corpus = tmp_path / "single", tmp_path / "corpus"
    assert main(["run", "--raw", str(jats_folder), "--out", str(single), "--quiet"]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(jats_folder), "--out", str(corpus), "--workers", "2", "--batch-size", "5"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "notice: extract: README.txt.bak: not read: no reader for .bak" in result.stderr
    assert f"summary: {COPIES} documents read in 8 batches; {COPIES // 2 * 9} tables" in result.stdout
    documents = pd.read_parquet(corpus / "documents")
    pd.testing.assert_frame_equal(documents, pd.read_parquet(single / "documents.parquet"))
    assert set(documents["encoding"]) == {"jats"} and documents["pmcid"].notna().all()
    automatic = sorted(path.stem for path in (single / "auto").glob("*.parquet"))
    assert len(automatic) == COPIES // 2 * 9  # every table of both articles, the BMC one with two "SD" columns too
    assert sorted(path.name for path in (corpus / "auto").iterdir()) == automatic
    for name in automatic[:: len(automatic) // 6]:
        pd.testing.assert_frame_equal(pd.read_parquet(corpus / "auto" / name), pd.read_parquet(single / "auto" / f"{name}.parquet"), obj=name)
    pd.testing.assert_frame_equal(pd.read_parquet(corpus / "cell_lineage"), pd.read_parquet(single / "cell_lineage.parquet"))

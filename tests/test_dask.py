"""The Dask engine: the same batch function on a dask.distributed cluster writes the local engine's files, byte for byte."""

from __future__ import annotations

from pathlib import Path

from distributed import LocalCluster

from bench.corpus import generate
from pipeline.cli import main


def parquet_files(out: Path) -> dict[Path, bytes]:
    """Every Parquet file under a corpus run's output folder, by its path inside it."""
    return {path.relative_to(out): path.read_bytes() for path in sorted(out.rglob("*.parquet"))}


def test_dask_engine_writes_what_the_local_engine_writes(tmp_path, capsys):
    raw = tmp_path / "raw"
    generated = generate(raw, 200, seed=5, shapes=("meng", "hane"), rows=(3, 40), damaged=0.05)
    local, distributed = tmp_path / "local", tmp_path / "dask"
    options = ["--raw", str(raw), "--batch-size", "25", "--workers", "2", "--quiet"]
    assert main(["run", "--out", str(local), *options]) == 1
    local_errors = capsys.readouterr().err.splitlines()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert main(["run", "--out", str(distributed), "--engine", "dask", "--scheduler", cluster.scheduler_address, *options]) == 1
    assert capsys.readouterr().err.splitlines() == local_errors
    assert len(local_errors) >= sum(doc.damage is not None for doc in generated) > 0
    local_files, dask_files = parquet_files(local), parquet_files(distributed)
    assert len(local_files) >= 8 * 4 and local_files.keys() == dask_files.keys()
    for path, data in local_files.items():
        assert dask_files[path] == data, path

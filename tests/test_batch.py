"""The corpus path: batches give the single run's tables, whatever the batch size, with damaged documents left out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bench.corpus import generate
from pipeline import config
from pipeline.corpus import batch
from pipeline.stages import extract
from pipeline.cli import main
from schemas.provenance import COMPANION_TABLES
from pipeline.tables import all_outputs, load_specs

TABLES = sorted(all_outputs(load_specs())) + sorted(COMPANION_TABLES)


def read_dataset(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of a corpus run's output folder that has a batch file, read whole."""
    return {name: pd.read_parquet(out / name) for name in TABLES if (out / name).is_dir()}


def described_schema(path: Path) -> tuple[list, dict]:
    """A Parquet file's fields with their types, descriptions and units, and its table metadata (pandas' own aside)."""
    schema = pq.read_schema(path)
    return [(field.name, field.type, field.metadata) for field in schema], {k: v for k, v in schema.metadata.items() if k != b"pandas"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """60 generated documents of both shapes and layouts, 3–40 rows, 15 damaged in each of the six ways the generator knows."""
    folder = tmp_path_factory.mktemp("corpus")
    return folder, generate(folder, 60, seed=1, shapes=("meng", "hane"), rows=(3, 40), damaged=0.25)


def test_batches_give_the_single_runs_tables(shipped_outputs, tmp_path):
    out = tmp_path / "dataset"
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--batch-size", "2", "--workers", "1", "--quiet"]) == 0
    dataset = read_dataset(out)
    assert set(dataset) == set(TABLES)
    for name, frame in dataset.items():
        pd.testing.assert_frame_equal(frame, pd.read_parquet(shipped_outputs / f"{name}.parquet"), obj=name)
        single = described_schema(shipped_outputs / f"{name}.parquet")
        for path in sorted((out / name).glob("batch-*.parquet")):
            assert described_schema(path) == single, path


def test_a_batch_of_documents_without_tables_keeps_the_list_type(tmp_path):
    """Two table-less documents make a batch whose `tables` lists are all empty; Arrow would call them list<null>."""
    out = tmp_path / "dataset"
    main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--batch-size", "2", "--workers", "1", "--quiet"])
    assert str(pq.read_schema(out / "documents" / "batch-00001.parquet").field("tables").type) == "list<element: string>"
    assert list(pd.read_parquet(out / "documents" / "batch-00001.parquet")["tables"].map(len)) == [0, 0]


def test_batch_boundaries_do_not_change_the_tables(corpus, tmp_path):
    raw, _ = corpus
    one_batch, small_batches = tmp_path / "one", tmp_path / "small"
    assert main(["run", "--raw", str(raw), "--out", str(one_batch), "--batch-size", "100", "--workers", "1", "--quiet"]) == 1
    assert main(["run", "--raw", str(raw), "--out", str(small_batches), "--batch-size", "7", "--workers", "2", "--quiet"]) == 1
    assert len(list((small_batches / "documents").glob("*.parquet"))) == 9
    whole, pieces = read_dataset(one_batch), read_dataset(small_batches)
    assert set(whole) == set(pieces) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(whole[name], pieces[name], obj=name)


def test_damaged_documents_are_named_and_left_out(corpus, tmp_path):
    raw, generated = corpus
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--raw", str(raw), "--out", str(out), "--batch-size", "16", "--workers", "2"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    damaged = {doc.file: doc.damage for doc in generated if doc.damage}
    assert len(set(damaged.values())) == 6 and {doc.shape for doc in generated} == {"meng", "hane"}
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    stage_of = {"empty file": "extract", "binary file": "extract", "cell missing": "parse", "stream cut short": "parse",
                "value does not parse": "normalize", "age out of range": "validate"}
    for file, damage in damaged.items():
        named = [line for line in errors if f"{file}:" in line or f"document {file.removesuffix('.txt')}," in line]
        assert named and all(line.startswith(f"error: {stage_of[damage]}: ") for line in named), (file, damage, named)
    dataset = read_dataset(out)
    written = set(dataset["anal_metastasis_cases"]["document"]) | set(dataset["nen_cases"]["document"])
    assert written == {doc.file.removesuffix(".txt") for doc in generated if not doc.damage}
    for name in ("cell_lineage", "codes", "findings"):
        assert set(dataset[name]["document"]) <= written, name
    assert result.stdout.startswith(f"summary: {len(generated) - 8} documents read in 4 batches")  # 8 empty or binary


def test_lenient_sets_failing_rows_aside_per_batch(corpus, tmp_path):
    raw, generated = corpus
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--batch-size", "16", "--workers", "1", "--lenient", "--quiet"]) == 0
    rejected = pd.concat(pd.read_parquet(path) for path in (config.rejected_dir(out)).glob("*/batch-*.parquet"))
    out_of_range = [doc for doc in generated if doc.damage == "age out of range"]
    assert set(rejected["document"]) == {doc.file.removesuffix(".txt") for doc in out_of_range}
    # An episode of a rejected case is rejected with it.
    assert rejected["rejected_reason"].str.contains("age_years|has no row in anal_metastasis_cases").all()


def test_a_rerun_removes_batch_files_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--batch-size", "1", "--workers", "1", "--quiet"])
    assert len(list((out / "documents").glob("*.parquet"))) == 5
    main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--batch-size", "5", "--workers", "1", "--quiet"])
    assert [path.name for path in (out / "documents").glob("*.parquet")] == ["batch-00000.parquet"]
    assert len(pd.read_parquet(out / "documents")) == 5


AUTO_TABLES = ("hane2020__table_1", "hane2020__table_2", "meng2022__table_1")


def test_with_the_specs_off_batches_write_the_single_runs_auto_tables(auto_outputs, tmp_path, capsys):
    out = tmp_path / "dataset"
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--auto-only", "--batch-size", "2", "--workers", "1"]) == 0
    assert f"3 tables in auto mode, unreviewed ({', '.join('auto/' + name for name in AUTO_TABLES)})" in capsys.readouterr().out
    for name in AUTO_TABLES:
        single = auto_outputs / "auto" / f"{name}.parquet"
        [path] = (out / "auto" / name).glob("batch-*.parquet")  # one document's table: one batch writes it
        pd.testing.assert_frame_equal(pd.read_parquet(out / "auto" / name), pd.read_parquet(single), obj=name)
        assert described_schema(path) == described_schema(single)
        assert pq.read_schema(path).metadata[b"unreviewed"] == b"true"
    for name in COMPANION_TABLES:  # the lineage of the auto tables' values and their legends' codes included
        pd.testing.assert_frame_equal(pd.read_parquet(out / name), pd.read_parquet(auto_outputs / f"{name}.parquet"), obj=name)
    assert not any((out / name).exists() for name in all_outputs(load_specs()))


def test_batch_boundaries_do_not_change_the_auto_tables(corpus, tmp_path):
    raw, generated = corpus
    one_batch, small_batches = tmp_path / "one", tmp_path / "small"
    options = ["--raw", str(raw), "--auto-only", "--quiet"]
    main(["run", *options, "--out", str(one_batch), "--batch-size", "100", "--workers", "1"])
    main(["run", *options, "--out", str(small_batches), "--batch-size", "7", "--workers", "2"])
    whole, pieces = ({path.name: pd.read_parquet(path) for path in (out / "auto").iterdir()} for out in (one_batch, small_batches))
    assert set(whole) == set(pieces)
    # Every table of an undamaged document is read, the PDF text streams of Hane's shape included.
    read = {name.removesuffix(".parquet") for name in whole}
    tables = {"meng": ("table_1",), "hane": ("table_1", "table_2")}
    assert read >= {f"{doc.file.removesuffix('.txt')}__{table}" for doc in generated if not doc.damage for table in tables[doc.shape]}
    for name in whole:
        pd.testing.assert_frame_equal(whole[name], pieces[name], obj=name)


def test_a_rerun_removes_the_auto_tables_it_did_not_write_with_their_folders(tmp_path):
    out = tmp_path / "out"
    options = ["run", "--raw", str(config.RAW_DIR), "--out", str(out), "--batch-size", "2", "--workers", "1", "--quiet"]
    main([*options, "--auto-only"])
    assert all((out / "auto" / name).is_dir() for name in AUTO_TABLES)
    main(options)  # the specs claim every seed table again
    assert list((out / "auto").iterdir()) == []


def test_two_files_with_one_document_id_are_refused(raw_copy, tmp_path, capsys):
    (raw_copy / "000_513c70c52d57c45f.pdf").write_bytes(b"%PDF-1.4")
    manifest = pd.read_csv(raw_copy / config.MANIFEST_NAME)
    manifest.loc[len(manifest)] = {**manifest.iloc[0].to_dict(), "file": "000_513c70c52d57c45f.pdf"}
    manifest.to_csv(raw_copy / config.MANIFEST_NAME, index=False)
    assert main(["run", "--raw", str(raw_copy), "--out", str(tmp_path / "out"), "--workers", "1"]) == 1
    assert "000_513c70c52d57c45f.txt (line 2) and 000_513c70c52d57c45f.pdf would both be document 'meng2022'" in capsys.readouterr().err
    files = set(pd.read_parquet(tmp_path / "out" / "documents")["file"])
    assert "000_513c70c52d57c45f.txt" in files and "000_513c70c52d57c45f.pdf" not in files


def test_tasks_cut_the_folder_in_name_order_with_each_batchs_manifest_rows():
    tasks = batch.tasks(extract.take_inventory(config.RAW_DIR), Path("out"), 2)
    assert [[Path(path).name[:3] for path in task.paths] for task in tasks] == [["000", "001"], ["002", "003"], ["004"]]
    assert [list(task.manifest.index) for task in tasks][2] == ["004_c41d62315dfb8f1b.txt"]


def test_help_describes_the_corpus_options(capsys):
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("--batch-size B", "--workers N", "--engine {dask,local}", "--scheduler ADDRESS", "OUT/<table>/batch-NNNNN.parquet",
                  "OUT/auto/<document>__<table>/"):
        assert words in text, words


def test_an_unexpected_exception_in_a_batch_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    def broken(lines, options):
        raise RuntimeError("layout exploded")

    monkeypatch.setitem(__import__("pipeline.layouts", fromlist=["LAYOUTS"]).LAYOUTS, "cell-per-line", broken)
    options = ["--raw", str(config.RAW_DIR), "--batch-size", "2", "--workers", "1", "--quiet"]  # one worker: this process
    assert main(["run", "--out", str(tmp_path / "a"), *options]) == 1
    stderr = capsys.readouterr().err
    assert stderr.splitlines() == ["error: parse: 000_513c70c52d57c45f.txt: table_1: unexpected RuntimeError (layout exploded); "
                                   "a bug in the pipeline or a spec, please report it (--debug shows the traceback)"]
    assert len(pd.read_parquet(tmp_path / "a" / "nen_cases")) == 3
    assert main(["run", "--out", str(tmp_path / "b"), "--debug", *options]) == 1
    assert 'raise RuntimeError("layout exploded")' in capsys.readouterr().err


def test_a_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--raw", str(config.RAW_DIR), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_a_text_is_parsed_once_per_parser_and_a_bad_one_fails_every_time():
    # Issue 18: normalize caches parsed texts across the documents of a process; errors must not be cached.
    from pipeline.stages.normalize import parsed_text

    calls = []

    def parse(text: str) -> int:
        calls.append(text)
        if not text.isdigit():
            raise ValueError(f"{text!r} is not a count")
        return int(text)

    assert [parsed_text(parse, text) for text in ("12", "12", "7", "12")] == [12, 12, 7, 12]
    for _ in range(2):
        with pytest.raises(ValueError, match="'x' is not a count"):
            parsed_text(parse, "x")
    assert calls == ["12", "7", "x", "x"]

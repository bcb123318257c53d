"""Paths, computed once from the project root."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "raw"
NORMALIZED_DIR = PROJECT_ROOT / "normalized"
MANIFEST_NAME = "manifest.csv"


def interim_dir(out: Path) -> Path:
    """Given the output folder, return where the stages persist their intermediate tables."""
    return out / "_interim"


def rejected_dir(out: Path) -> Path:
    """Given the output folder, return where lenient runs keep the rows that failed validation."""
    return out / "_rejected"


def auto_dir(out: Path) -> Path:
    """Given the output folder, return where the tables read in auto mode (no spec claims them) are written."""
    return out / "auto"


def table_name(out: Path, path: Path) -> str:
    """Given the output folder and a table's Parquet file in it, return the table's name: its path there, less ".parquet"
    ("cases" for ``OUT/cases.parquet``, "auto/x__table_1" for ``OUT/auto/x__table_1.parquet``)."""
    return path.relative_to(out).with_suffix("").as_posix()

"""Paths, computed once from the project root."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "raw"
NORMALIZED_DIR = PROJECT_ROOT / "normalized"
MANIFEST_NAME = "manifest.csv"
DOCUMENT_SUFFIXES = (".txt", ".pdf")


def interim_dir(out: Path) -> Path:
    """Given the output folder, return where the stages persist their intermediate tables."""
    return out / "_interim"


def rejected_dir(out: Path) -> Path:
    """Given the output folder, return where lenient runs keep the rows that failed validation."""
    return out / "_rejected"


def auto_dir(out: Path) -> Path:
    """Given the output folder, return where the tables read in auto mode (no spec claims them) are written."""
    return out / "auto"

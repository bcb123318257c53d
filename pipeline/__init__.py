"""clinical-tables: tables in clinical papers (text, PDF, JATS XML, HTML, DOCX) → tidy, typed, validated frames.

In a notebook::

    import pipeline
    result = pipeline.read("raw/")             # a folder, or one file
    result.tables["anal_metastasis_cases"]      # a curated table, validated
    result.auto                                 # tables no spec claims, typed in auto mode
    result.lineage, result.findings, result.documents, result.errors

``pipeline.run("raw", "normalized")`` does what ``python -m pipeline run`` does.
Nothing heavy is imported until one of them is called.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Result", "read", "run"]


@dataclass(frozen=True)
class Result:
    """What ``read`` makes of some documents: the tidy tables by name, auto-mode tables, lineage, findings, documents, problems.

    ``tables`` holds the curated tables (``anal_metastasis_cases``, …) and
    ``auto`` the tables no spec claims (``<document>__<table>``), each as a
    DataFrame; ``errors`` has one line per document, table or row left out,
    ``notices`` what the run noticed (files not read, tables without a spec).
    """

    tables: dict[str, pd.DataFrame]
    auto: dict[str, pd.DataFrame]
    lineage: pd.DataFrame
    findings: pd.DataFrame
    documents: pd.DataFrame
    codes: pd.DataFrame
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    rejected: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        """Given a table's name (curated, or ``<document>__<table>`` of auto mode), return it."""
        if name in self.tables:
            return self.tables[name]
        if name in self.auto:
            return self.auto[name]
        raise KeyError(f"no table {name!r}; there are {sorted(self.tables) + sorted(self.auto)}")


def read(path_or_folder: str | Path, auto_only: bool = False, lenient: bool = False) -> Result:
    """Given a document or a folder of them, return its tables read, typed and validated as ``run`` would write them; write nothing.

    A folder's ``manifest.csv`` (or, for one file, its folder's) names and
    describes the documents, as for the command line. With ``auto_only`` no
    curated spec claims anything; with ``lenient`` rows failing validation
    are set aside in ``rejected`` instead of leaving their document out.
    """
    from pipeline import inventory, sources
    from pipeline.corpus import batch
    from pipeline.stages import extract
    from pipeline.tables import load_specs

    path = Path(path_or_folder)
    if path.is_dir():
        stock = extract.take_inventory(path)
        notices = [*sources.unread_notices(path), *stock.notices]
    elif path.is_file():
        stock = inventory.take(path.parent, [path])
        notices = list(stock.notices)
    else:
        raise FileNotFoundError(f"{path} is neither a file nor a folder")
    specs = () if auto_only else load_specs()
    processed = batch.process_batch(stock.paths, stock.manifest, specs, lenient)
    companions = {name: processed.passed[name] for name in ("cell_lineage", "findings", "documents", "codes")}
    return Result(
        tables={name: frame for name, frame in sorted(processed.passed.items()) if name not in companions},
        auto={name: table.frame for name, table in sorted(processed.automatic.items())},
        lineage=companions["cell_lineage"],
        findings=companions["findings"],
        documents=companions["documents"],
        codes=companions["codes"],
        errors=[f"extract: {error}" for error in stock.errors]
        + [f"{problem.stage}: {line}" for problem in processed.problems for line in problem.message.splitlines()],
        notices=notices + list(processed.notices),
        rejected=dict(processed.rejected),
    )


def run(raw: str | Path, out: str | Path, *, auto_only: bool = False, lenient: bool = False, quiet: bool = True,
        workers: int | None = None, batch_size: int | None = None) -> int:
    """Given the raw and output folders, run every stage as ``python -m pipeline run`` does; return its exit status.

    ``workers`` or ``batch_size`` selects the corpus path (a Parquet dataset
    of batch files), as the command line's options do.
    """
    from pipeline.cli import main

    argv = ["run", "--raw", str(raw), "--out", str(out)]
    argv += ["--auto-only"] * auto_only + ["--lenient"] * lenient + ["--quiet"] * quiet
    argv += ["--workers", str(workers)] if workers else []
    argv += ["--batch-size", str(batch_size)] if batch_size else []
    return main(argv)

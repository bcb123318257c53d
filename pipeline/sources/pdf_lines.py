"""PDF (``.pdf``): the registry's entry for ``pdf.py``, which rebuilds each table as one-cell-per-line text.

The rebuilt lines then go the text path's way (tables found by caption,
layout sniffed); each line keeps its page and box for the lineage.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.sources import pdf
from pipeline.sources.model import Source

SUFFIXES = (".pdf",)


def read(path: Path, data: bytes) -> Source:
    """Given a PDF's path (its bytes are read by pdfplumber itself), return its rebuilt lines and where each sits."""
    text = pdf.read_pdf(path)
    return Source(lines=tuple(enumerate(text.lines, start=1)), encoding="pdf", positions=text.positions, notices=tuple(text.notices))

"""Readers, one module per source format, behind one registry chosen by file suffix.

A reader is a module of this package that declares ``SUFFIXES`` (the file
name endings it reads) and ``read(path, data) -> Source``
(``pipeline.sources.model``): ``text.py`` (.txt), ``pdf_lines.py`` (.pdf,
through ``pdf.py``), ``jats.py`` (.xml, .nxml), ``html.py`` (.html, .htm),
``docx.py`` (.docx). Adding a format is adding such a module; nothing else
changes. Modules are found on first use, so importing the package is cheap.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

from pipeline import config
from pipeline.errors import InputError
from pipeline.sources.model import Source


@functools.cache
def readers() -> dict[str, ModuleType]:
    """Return the reader module of every suffix this package reads (".txt" → ``pipeline.sources.text``)."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for suffix in getattr(module, "SUFFIXES", ()):
            if suffix in found:
                raise ValueError(f"two readers claim {suffix}: {found[suffix].__name__} and {module.__name__}")
            found[suffix] = module
    return found


def suffixes() -> tuple[str, ...]:
    """Return the file suffixes some reader reads, sorted."""
    return tuple(sorted(readers()))


def is_document(path: Path) -> bool:
    """Given a path in the raw folder, return whether it is named as a document a reader reads.

    A folder or pipe so named is still one: the inventory refuses it as a usage error (pipeline/inventory.py).
    """
    return path.suffix.lower() in readers()


def read(path: Path, data: bytes | None = None) -> Source:
    """Given a document's path (and its bytes, if already read), return what its format's reader makes of it, or raise an InputError."""
    reader = readers().get(Path(path).suffix.lower())
    if reader is None:
        raise InputError(f"no reader for {Path(path).suffix or 'files without a suffix'} (read: {', '.join(suffixes())})", file=Path(path).name)
    return reader.read(Path(path), Path(path).read_bytes() if data is None else data)


def unread_notices(raw: Path) -> list[str]:
    """Given the raw folder, return a notice for every entry in it that is neither a document a reader reads nor the manifest."""
    notices = []
    for path in sorted(raw.iterdir()):
        if path.name == config.MANIFEST_NAME or is_document(path):
            continue
        if path.is_dir():
            why = "a folder (documents in subfolders are not read)"
        else:
            why = f"no reader for {path.suffix or 'files without a suffix'} (read: {', '.join(suffixes())})"
        notices.append(f"{path.name}: not read: {why}")
    return notices

"""The shape every layout parser returns: column paths and rows of raw cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

Line = tuple[int, str]


class Cell(NamedTuple):
    """One raw cell string, the document line it starts on, the declared repair that placed it and how far it is indented.

    ``indent`` counts the spaces the export put before the text: an indented
    row label is a level of the variable above it. A named tuple: a corpus
    builds millions, at a third of a frozen dataclass's cost.
    """

    text: str
    line: int
    repair: str | None = None
    indent: int = 0


@dataclass(frozen=True)
class Grid:
    """A table rebuilt from its layout: column paths, body rows of cells, repairs applied and notes on the reading."""

    paths: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    repairs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        """The notes on the reading in one line, or None."""
        return "; ".join(self.notes) or None

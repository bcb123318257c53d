"""The shape every layout parser returns: column paths and rows of raw cells."""

from __future__ import annotations

from dataclasses import dataclass

Line = tuple[int, str]


@dataclass(frozen=True)
class Cell:
    """One raw cell string and the document line it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Grid:
    """A table rebuilt from its layout: column paths and body rows of cells."""

    paths: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    repairs: tuple[str, ...] = ()

"""Auto mode's stream reader, the search: the best placement of the candidate cells in a grid, by memoised best-first search."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generator, Iterator

from pipeline.layouts.inferred_cells import MISSING, TEXT, Stream, Word, kinds


# Enough for real tables; a stream needing more is reported as unreadable.
MAX_STATES = 100_000
# Body rows a PDF stream may leave open at once (Hane's Table 1 needs four: the header keeps
# taking labels while its three rows are open).
MAX_OPEN_ROWS = 6


@dataclass(frozen=True)
class Placed:
    """A cell placed in the grid: row 0 is the header; ``first``/``last`` index words (-1 for a displaced cell)."""

    row: int
    column: int
    first: int
    last: int


@dataclass(frozen=True)
class Reading:
    """The best reading of the rest of the stream from some point, and a different one that scores the same.

    A reading is a chain: its first cell and the reading of what follows it.
    The score is (words read, plain-text columns, columns, switches between
    rows in reading order), each negated or counted so that lower reads
    better: the reading that reads most of the block, types the most
    columns, splits the cells finest ("Local" and "0" rather than "Local 0")
    and keeps rows most together wins.
    """

    score: tuple[int, int, int, int]
    cell: Placed | None = None
    text: str = ""
    rest: Reading | None = None
    tied: Reading | None = None

    def links(self) -> Iterator[Reading]:
        """Yield the reading's links in reading order, one per cell."""
        reading = self
        while reading is not None and reading.cell is not None:
            yield reading
            reading = reading.rest

    def cells(self) -> list[Placed]:
        """Return the cells of the reading in reading order."""
        return [link.cell for link in self.links()]

    def signature(self) -> frozenset[tuple[int, int, str]]:
        """Return the grid the reading gives, as its set of (row, column, text)."""
        return frozenset((link.cell.row, link.cell.column, link.text) for link in self.links())

    def after(self, cell: Placed, text: str, switch: bool) -> Reading:
        """Given the cell placed before this reading, return the reading that starts with it."""
        words, text_columns, columns, switches = self.score
        score = (words, text_columns, columns, switches + switch)
        tied = Reading(score, cell, text, self.tied) if self.tied is not None else None
        return Reading(score, cell, text, self, tied)

    def better(self, other: Reading | None) -> Reading:
        """Given another reading of the same rest (or None), return the better one, noting a tie between different grids."""
        if other is None or self.score < other.score:
            return self
        if other.score < self.score:
            return other
        if other.tied is None and other.signature() != self.signature():
            return Reading(other.score, other.cell, other.text, other.rest, self)
        return other


class Reader:
    """Best-first reading of the stream by memoised search over (position, cells per row, column types, last row).

    The search runs on an explicit stack, not by recursion, so a table's size
    is bounded by ``MAX_STATES`` alone.
    """

    def __init__(self, stream: Stream, unnamed_first: bool, displaced: Word | None = None, open_rows: int = 1) -> None:
        self.stream = stream
        self.words = stream.words
        self.unnamed_first = unnamed_first
        self.displaced = displaced
        self.max_open = open_rows
        self.held_back = False  # whether max_open ever stopped a row from taking a cell
        self.memo: dict[tuple, Reading | None] = {}

    def text(self, cell: Placed) -> str:
        """Given a placed cell, return its text."""
        return self.displaced.text if cell.first < 0 else self.stream.text(cell.first, cell.last)

    @staticmethod
    def fits(column: int, found: frozenset[str], types: tuple) -> tuple | None:
        """Given a column, a cell's kinds and the column types so far, return the types with the cell placed, or None.

        A column's types narrow to those every cell reads as; a missing code
        fits any column but the first and narrows nothing.
        """
        padded = types + (None,) * (column + 1 - len(types))
        if MISSING in found:
            return None if column == 0 else padded
        allowed = padded[column]
        narrowed = found if allowed is None else allowed & found
        return padded[:column] + (narrowed,) + padded[column + 1 :] if narrowed else None

    def may_end(self, position: int, counts: tuple[int, ...], complete: int, types: tuple, used: bool) -> bool:
        """Given where reading stands, return whether the table may end here: a body row read, every one whole."""
        if len(counts) < 2 or complete < len(counts) or (self.displaced is not None and not used):
            return False
        if position >= len(self.words):
            return True
        if self.words[position - 1].block == self.words[position].block:
            return False
        return not any(types[0] & found for _, found in self.stream.spans[position])

    def open_rows(self, counts: tuple[int, ...], complete: int, line_row: int | None) -> list[int]:
        """Given cells per row and the first body row not yet complete, return the rows that may take the next cell.

        The header and a new row may take a cell only while fewer than
        ``max_open`` body rows are incomplete: with one, the header comes
        first and the rows one after another (row-major reading); more rows
        are interleaved only when that reads less of the table. A body row
        takes a cell only while the row above is ahead of it, so the rows
        before ``complete`` are whole and the rest are not: only those are
        looked at.
        """
        incomplete = len(counts) - complete

        def within_limit() -> bool:
            held_back = incomplete >= self.max_open
            self.held_back |= held_back
            return not held_back

        def may_take(row: int) -> bool:
            if row == 0:  # the header closes once a body row reaches its last column
                return complete == 1 and (incomplete == 0 or within_limit())
            if row == len(counts):
                return counts[row - 1] > 0 and within_limit()
            return complete <= row and counts[row - 1] > counts[row]

        if line_row is not None:
            return [line_row] if may_take(line_row) else []
        return [row for row in (0, *range(complete, len(counts) + 1)) if may_take(row)]

    def options(self, position: int, counts: tuple[int, ...], types: tuple, row: int, used: bool) -> Iterator[tuple[Placed, tuple, bool]]:
        """Given a row that may take the next cell, yield each cell it could take: the cell, the column types after, displaced used.

        The displaced cell may complete any body row, when that row is the newest.
        """
        column = counts[row] if row < len(counts) else 0
        if row == 0:
            for last in self.stream.labels[position] if position < len(self.words) else ():
                yield Placed(0, column, position, last), types, used
            return
        if self.displaced is not None and not used and row == len(counts) - 1:
            placed = self.fits(column, kinds(self.displaced.text), types)
            if placed is not None:
                yield Placed(row, column, -1, -1), placed, True
        if position < len(self.words):
            for last, found in self.stream.spans[position]:
                placed = self.fits(column, found, types)
                if placed is not None:
                    yield Placed(row, column, position, last), placed, used

    def line_row(self, position: int, last: Placed | None) -> int | None:
        """Given where reading stands and the cell before, return that cell's row if the next word shares its line."""
        if last is None or last.last < 0 or position >= len(self.words):
            return None
        return last.row if self.words[last.last].row_of_text == self.words[position].row_of_text else None

    def key(self, position: int, counts: tuple[int, ...], complete: int, types: tuple, last: Placed | None, used: bool) -> tuple:
        """Given where reading stands, return its memo key: the rows read whole are counted, not listed."""
        return (position, counts[0], complete, counts[complete:], types, last.row if last else None, self.line_row(position, last), used)

    def best(self, position: int, counts: tuple[int, ...], complete: int, types: tuple, last: Placed | None,
             used: bool) -> Generator[tuple, Reading | None, Reading | None]:
        """Given where reading stands, return the best reading of the rest, or None if the rows cannot be completed.

        ``complete`` is the first body row not yet whole (``len(counts)`` when
        every one is). A coroutine: it yields the state after each cell it
        may place and is sent the best reading from there (``read`` drives it).
        """
        if self.may_end(position, counts, complete, types, used):
            text_columns = sum(1 for allowed in types if allowed == {TEXT})
            return Reading((-position, text_columns, -counts[0], 0))
        found: Reading | None = None
        for row in self.open_rows(counts, complete, self.line_row(position, last)):
            grown = counts[:row] + (counts[row] + 1,) + counts[row + 1 :] if row < len(counts) else counts + (1,)
            now_complete = complete
            while now_complete < len(grown) and grown[now_complete] == grown[0]:
                now_complete += 1
            for cell, placed, now_used in self.options(position, counts, types, row, used):
                rest = yield (position if cell.first < 0 else cell.last + 1, grown, now_complete, placed, cell, now_used)
                if rest is not None:
                    switch = last is not None and last.row != row
                    found = rest.after(cell, self.text(cell), switch).better(found)
        return found

    def read(self) -> Reading | None:
        """Return the best complete reading of the stream, or None."""
        start = (0, (1,) if self.unnamed_first else (0,), 1, (), None, False)
        stack = [(self.key(*start), self.best(*start))]
        result: Reading | None = None
        while stack:
            key, search = stack[-1]
            try:
                state = search.send(result)
            except StopIteration as done:
                stack.pop()
                result = self.memo[key] = done.value
                continue
            child = self.key(*state)
            if child in self.memo:
                result = self.memo[child]
            elif len(self.memo) + len(stack) >= MAX_STATES:
                raise SearchBound()
            else:
                stack.append((child, self.best(*state)))
                result = None
        return result


@contextmanager
def cyclic_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a block is read, and restore it after.

    A search allocates hundreds of thousands of readings, spans and keys, none
    in a reference cycle (reference counting frees them), and every few
    hundred allocations the collector would walk the young objects for cycles
    it cannot find: a fifth of auto mode's time on PDF text streams. Memory
    stays bounded by ``MAX_STATES``.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class SearchBound(Exception):
    """The search hit its bound."""

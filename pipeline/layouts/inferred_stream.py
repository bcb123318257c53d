"""PDF text stream without a spec: infer the header, the column types and the placement together.

A curated spec gives the stream parser a pattern per column. Auto mode has
none, so it reads the stream as a grid whose first row is the header and
whose columns are typed by the generic value types of ``pipeline.auto``:

- the reading-order rules of ``text_stream`` hold: a row's cells come in
  column order, a column's cells in row order (so a column's header precedes
  its cells), words sharing a line belong to one row, and no cell crosses a
  blank line;
- a header cell is a label: a capitalised word, the lower-case words and
  numbers after it and a parenthesised unit ("Tumor size (mm)"), with no
  value type of its own;
- every body cell of a column reads as one value type (or is a missing code
  such as a lone dash): a column is numeric, or a citation, or plain text,
  never a mix; the first column has no missing cells;
- the table ends at a blank line where every row is complete and what follows
  cannot start another row.

Readings are searched row-major first: the header, then one row at a time.
Only when that cannot read as far as the text allows are more rows let open
at once (Hane's Table 1 interleaves its header and all three rows, as a PDF
laid out in two column groups does). Of the readings found, the one that
reads most of the block wins, then the one with the fewest rows open, then
the fewest plain-text columns, the most columns and the fewest switches
between rows; if readings that differ in a cell tie, the grid says so in its
notes. A table whose first column has no header is read with an unnamed
first column when that reads better. A table whose rows cannot be completed
is read again with the block's last line as a cell displaced to the end of
the text (as PDF extraction does), placed in the row and column its type
fits; the placement is recorded as a repair and a note, never made silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Generator, Iterator, Sequence

from pipeline import auto
from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.headers import unnamed_column

# Enough for real tables; a stream needing more is reported as unreadable.
MAX_STATES = 100_000
# Body rows a PDF stream may leave open at once (Hane's Table 1 needs four: the header keeps
# taking labels while its three rows are open).
MAX_OPEN_ROWS = 6
MAX_CELL_WORDS = 12
MISSING = "missing"
TEXT = "text"
DISPLACED_REPAIR = "displaced-last-line"
DISPLACED_REASON = (
    "No reading completes this row, so the block's last line, standing alone after the table, is read as its missing "
    "cell (PDF text extraction pushes a cell past the table); the column is the one its type fits: check it in the source."
)
SPECIFIC_TYPES = tuple(value_type for value_type in auto.GENERIC_TYPES if value_type.name != TEXT)
MISSING_CODES = frozenset(auto.missing_codes({})) | {"NA", "NS", "N/A"}


@dataclass(frozen=True)
class Word:
    """A word of the stream: its text, document line, and the block and line it belongs to."""

    text: str
    line: int
    block: int
    row_of_text: int


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


def stream_words(lines: Sequence[Line]) -> list[Word]:
    """Given block lines, return their words with blank-line blocks and text lines numbered."""
    words: list[Word] = []
    block = 0
    for row_of_text, (number, text) in enumerate(lines):
        if not text.strip():
            block += 1
            continue
        words += [Word(word, number, block, row_of_text) for word in text.split()]
    return words


@cache
def kinds(text: str) -> frozenset[str]:
    """Given a cell's text, return the value types that read it: missing, specific ones, or text alone."""
    if text in MISSING_CODES:
        return frozenset({MISSING})
    readers = set()
    for value_type in SPECIFIC_TYPES:
        try:
            value_type.parse(text)
        except ValueError:
            continue
        readers.add(value_type.name)
    return frozenset(readers or {TEXT})


def is_label_start(word: str) -> bool:
    """Given a word, return whether a header label may start with it (a capital letter)."""
    return word[:1].isupper()


def continues_label(word: str) -> bool:
    """Given the word after a label's words, return whether the label goes on with it (lower case or a number, not "<" or "–")."""
    return word[:1].islower() or word[:1].isdigit()


def block_ends(words: Sequence[Word]) -> list[int]:
    """Given words, return for each the index past the last word of its block."""
    ends = [len(words)] * len(words)
    for index in range(len(words) - 2, -1, -1):
        ends[index] = ends[index + 1] if words[index].block == words[index + 1].block else index + 1
    return ends


def span_text(words: Sequence[Word], first: int, last: int) -> str:
    """Given words and a span of them, return its text."""
    return " ".join(word.text for word in words[first : last + 1])


def label_spans(words: Sequence[Word], end: int, first: int) -> list[int]:
    """Given words, the end of a word's block and the word, return the last words of the labels starting there, longest first.

    A label is a capitalised word, the words after it up to the next
    capitalised one, and a parenthesised tail: "Tumor size (mm)",
    "Positive resection margin, muscular invasion". The rule splits
    "Submucosa Negative Negative" into three cells and "Number Median
    observation period" into two headers. A label may also stop before a
    word that starts a value ("Local 8" is "Local" and 8), and reads as no value type.
    """
    if not is_label_start(words[first].text):
        return []
    last = first
    while last + 1 < end and continues_label(words[last + 1].text):
        last += 1
    if last + 1 < end and words[last + 1].text.startswith("("):
        closing = next((index for index in range(last + 1, end) if words[index].text.endswith(")")), None)
        last = closing if closing is not None else last
    shorter = [index for index in range(last - 1, first - 1, -1) if not words[index + 1].text[:1].isalpha()]
    return [index for index in (last, *shorter) if kinds(span_text(words, first, index)) == {TEXT}]


def body_spans(words: Sequence[Word], end: int, labels: list[int], first: int) -> list[tuple[int, frozenset[str]]]:
    """Given words, the end of a word's block, its labels and the word, return each span a body cell may take from there.

    Each is its last word and its kinds. A value of a specific type (or a
    missing code) may take any number of words of its block; plain text takes a label.
    """
    spans = []
    for last in range(first, min(end, first + MAX_CELL_WORDS)):
        found = kinds(span_text(words, first, last))
        if found != {TEXT}:
            spans.append((last, found))
    return spans + [(last, frozenset({TEXT})) for last in labels]


@dataclass(frozen=True)
class Stream:
    """The words of a table block, with the cells that may start at each word, found once for all the readings searched."""

    words: Sequence[Word]
    labels: list[list[int]]
    spans: list[list[tuple[int, frozenset[str]]]]

    @classmethod
    def of(cls, words: Sequence[Word]) -> Stream:
        """Given a block's words, return its stream."""
        ends = block_ends(words)
        labels = [label_spans(words, ends[first], first) for first in range(len(words))]
        return cls(words, labels, [body_spans(words, ends[first], labels[first], first) for first in range(len(words))])

    def head(self, count: int) -> Stream:
        """Given a number of words that ends a block, return the stream of those words (what was found holds for them)."""
        return Stream(self.words[:count], self.labels[:count], self.spans[:count])

    def text(self, first: int, last: int) -> str:
        """Given a span of words, return its text."""
        return span_text(self.words, first, last)

    def readable_end(self) -> int:
        """Return the furthest word a reading could reach: past it, no cell can start or end a span."""
        reachable = {0}
        for position in range(len(self.words)):
            if position in reachable:
                reachable.update(last + 1 for last, _ in self.spans[position])
        return max(reachable)


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

    def may_end(self, position: int, counts: tuple[int, ...], types: tuple, used: bool) -> bool:
        """Given where reading stands, return whether the table may end here."""
        if len(counts) < 2 or any(count != counts[0] for count in counts[1:]) or (self.displaced is not None and not used):
            return False
        if position >= len(self.words):
            return True
        if self.words[position - 1].block == self.words[position].block:
            return False
        return not any(types[0] & found for _, found in self.stream.spans[position])

    def open_rows(self, counts: tuple[int, ...], line_row: int | None) -> list[int]:
        """Given cells per row, return the rows that may take the next cell.

        The header and a new row may take a cell only while fewer than
        ``max_open`` body rows are incomplete: with one, the header comes
        first and the rows one after another (row-major reading); more rows
        are interleaved only when that reads less of the table.
        """
        incomplete = sum(1 for count in counts[1:] if count < counts[0])

        def within_limit() -> bool:
            held_back = incomplete >= self.max_open
            self.held_back |= held_back
            return not held_back

        def may_take(row: int) -> bool:
            if row == 0:  # the header closes once a body row reaches its last column
                return all(count < counts[0] for count in counts[1:]) and (incomplete == 0 or within_limit())
            if row == len(counts):
                return counts[row - 1] > 0 and within_limit()
            return counts[row] < counts[0] and counts[row - 1] > counts[row]

        if line_row is not None:
            return [line_row] if may_take(line_row) else []
        return [row for row in range(len(counts) + 1) if may_take(row)]

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

    def key(self, position: int, counts: tuple[int, ...], types: tuple, last: Placed | None, used: bool) -> tuple:
        """Given where reading stands, return its memo key: the rows read whole are counted, not listed."""
        complete = next((row for row in range(1, len(counts)) if counts[row] < counts[0]), len(counts))
        return (position, counts[0], complete, counts[complete:], types, last.row if last else None, self.line_row(position, last), used)

    def best(self, position: int, counts: tuple[int, ...], types: tuple, last: Placed | None, used: bool) -> Generator[tuple, Reading | None, Reading | None]:
        """Given where reading stands, return the best reading of the rest, or None if the rows cannot be completed.

        A coroutine: it yields the state after each cell it may place and is
        sent the best reading from there (``read`` drives it).
        """
        if self.may_end(position, counts, types, used):
            text_columns = sum(1 for allowed in types if allowed == {TEXT})
            return Reading((-position, text_columns, -counts[0], 0))
        found: Reading | None = None
        for row in self.open_rows(counts, self.line_row(position, last)):
            grown = counts[:row] + (counts[row] + 1,) + counts[row + 1 :] if row < len(counts) else counts + (1,)
            for cell, placed, now_used in self.options(position, counts, types, row, used):
                rest = yield (position if cell.first < 0 else cell.last + 1, grown, placed, cell, now_used)
                if rest is not None:
                    switch = last is not None and last.row != row
                    found = rest.after(cell, self.text(cell), switch).better(found)
        return found

    def read(self) -> Reading | None:
        """Return the best complete reading of the stream, or None."""
        start = (0, (1,) if self.unnamed_first else (0,), (), None, False)
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


class SearchBound(Exception):
    """The search hit its bound."""


def displaced_line(lines: Sequence[Line]) -> Word | None:
    """Given block lines, return their last line as one word, if it stands alone (a blank line before it)."""
    filled = [index for index, (_, text) in enumerate(lines) if text.strip()]
    if len(filled) < 2 or filled[-1] - filled[-2] < 2:
        return None
    number, text = lines[filled[-1]]
    return Word(" ".join(text.split()), number, -1, -1)


def best_reading(lines: Sequence[Line]) -> tuple[Reader, Reading, str | None] | None:
    """Given block lines, return the reader, the best reading over the ways to read them, and a note if the search was cut short.

    The first column is named or unnamed, and the block's last line is in
    place or displaced from a row. Every way is searched with one row open
    at a time, then every way with two, and so on up to ``MAX_OPEN_ROWS``,
    until a reading reads as far as the text allows (its readable end). A way
    drops out when the limit held no row back (more rows open would read the
    same) or its search hits its bound. The reading that reads most of the
    block wins; on a tie, the one with fewer rows open, then no displaced
    cell, then the better score, then a named first column.
    """
    whole = Stream.of(stream_words(lines))
    ways: list[tuple[Stream, Word | None, bool]] = [(whole, None, False), (whole, None, True)]
    if displaced := displaced_line(lines):
        kept = whole.head(len(whole.words) - len(displaced.text.split()))
        ways += [(kept, displaced, False), (kept, displaced, True)]
    limit = whole.readable_end()
    searching, cut, found = list(range(len(ways))), None, []
    for open_rows in range(1, MAX_OPEN_ROWS + 1):
        for order in list(searching):
            stream, displaced, unnamed_first = ways[order]
            reader = Reader(stream, unnamed_first, displaced, open_rows)
            try:
                reading = reader.read()
            except SearchBound:
                cut = cut or open_rows
                searching.remove(order)
                continue
            if reading is not None:
                words_read = -reading.score[0] + len(whole.words) - len(stream.words)  # a displaced line is read too
                found.append(((-words_read, open_rows, displaced is not None, *reading.score[1:], order), reader, reading))
            if not reader.held_back:
                searching.remove(order)
        if not searching or any(-key[0] >= limit for key, _, _ in found):
            break
    cut_short = f"readings with {cut} or more rows open at once were not searched (too many)" if cut else None
    if not found:
        if cut_short:
            raise InputError(f"auto mode found too many ways to read the table text: {cut_short}; a table spec with column patterns can read it")
        return None
    _, reader, reading = min(found, key=lambda item: item[0])
    return reader, reading, cut_short


def reading_to_grid(reader: Reader, cells: Sequence[Placed]) -> Grid:
    """Given a reader and the cells of a reading, return its grid: header labels as paths, body cells with their lines."""
    labels = {cell.column: reader.text(cell) for cell in cells if cell.row == 0}
    width = max(cell.column for cell in cells) + 1
    paths = tuple(labels.get(column, unnamed_column(column)) for column in range(width))
    body: dict[int, dict[int, Cell]] = {}
    for cell in cells:
        if cell.row:
            displaced = cell.first < 0
            line = reader.displaced.line if displaced else reader.words[cell.first].line
            body.setdefault(cell.row, {})[cell.column] = Cell(reader.text(cell), line, DISPLACED_REPAIR if displaced else None)
    rows = tuple(tuple(body[row][column] for column in range(width)) for row in sorted(body))
    return Grid(paths=paths, rows=rows, repairs=(DISPLACED_REPAIR,) if reader.displaced else ())


def lines_to_grid(lines: Sequence[Line]) -> Grid:
    """Given the lines after a caption, return the grid auto mode reads, with notes on a displaced cell and on ties."""
    found = best_reading(list(lines))
    if found is None:
        raise InputError("auto mode found no reading of the table text as a header followed by rows of typed cells")
    reader, reading, cut_short = found
    grid = reading_to_grid(reader, reading.cells())
    notes = [cut_short] if cut_short else []
    if reader.displaced is not None:
        row, column = next((r, c) for r, cells in enumerate(grid.rows, 1) for c, cell in enumerate(cells) if cell.repair)
        notes.append(
            f"line {reader.displaced.line} ({reader.displaced.text!r}), the block's last line, is read as the cell "
            f"displaced from row {row}, column {grid.paths[column]!r}: without it that row is one cell short"
        )
    if reading.tied is not None:
        notes.append("another reading fits the text as well; it differs in " + differences(grid, reading_to_grid(reader, reading.tied.cells())))
    return Grid(paths=grid.paths, rows=grid.rows, repairs=grid.repairs, notes=tuple(notes))


def differences(grid: Grid, other: Grid) -> str:
    """Given the chosen grid and another reading, return where they differ, briefly."""
    if grid.paths != other.paths or len(grid.rows) != len(other.rows):
        return f"its header {list(other.paths)} and {len(other.rows)} rows"
    return ", ".join(
        f"row {number} {grid.paths[column]!r} ({cell.text!r} or {other.rows[number - 1][column].text!r})"
        for number, row in enumerate(grid.rows, 1)
        for column, cell in enumerate(row)
        if cell.text != other.rows[number - 1][column].text
    )

"""PDF text stream: cells in reading order, several per line or one split over lines, rows interleaved.

Text extracted from a PDF table has no cell boundaries. The table's spec
declares a pattern per column; the parser reads tokens left to right and
places each in a (row, column) so that the stream is a reading order of the
grid: a row's cells come in column order, a column's cells in row order, and
tokens sharing a line belong to one row. Where several placements read the
whole table (two integer columns of neighbouring rows, say), the parser takes
the one that places each token in the uppermost row that can take it: a PDF
emits a row's cells before the next row's wherever its layout lets it. The
specs' consistency checks and claims confirm such readings against the prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

import regex

from pipeline.errors import InputError, SpecError
from pipeline.grid import Cell, Grid, Line
from pipeline.headers import unnamed_column
from pipeline.layouts import inferred_stream

NAME = "pdf-text-stream"
# Enough to settle real tables; a stream that needs more is reported, not searched for ever.
MAX_STATES = 200_000


@dataclass(frozen=True)
class StreamColumn:
    """A column of a stream table: its header text ("" for none) and the pattern of its cells.

    A space in the pattern matches any whitespace, including one line break;
    a free-text column takes its text up to the next blank line.
    """

    label: str
    pattern: str
    free_text: bool = False


@dataclass(frozen=True)
class MoveText:
    """A declared repair: the last line of the block, reading ``text``, belongs right after ``after``."""

    text: str
    after: str
    reason: str
    id: str


@dataclass(frozen=True)
class Token:
    """A placed cell: where it starts and ends in the stream, and its text."""

    row: int
    column: int
    start: int
    end: int


class SearchExhausted(Exception):
    """The placement search hit its bound."""


class Stream:
    """The table block as one string, with the document line (and repair) of every character."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.text = "\n".join(text.strip() for _, text in lines)
        self.lines: list[int] = []
        for number, text in lines:
            self.lines.extend([number] * (len(text.strip()) + 1))
        self.repairs: dict[int, str] = {}

    def line_at(self, position: int) -> int:
        """Given a position, return the document line of the character there."""
        return self.lines[min(position, len(self.lines) - 1)]

    def blank_out(self, start: int, end: int) -> None:
        """Given a span, replace it with line breaks so it separates what surrounds it."""
        self.text = self.text[:start] + "\n" * (end - start) + self.text[end:]

    def same_line(self, first: int, second: int) -> bool:
        """Given two positions, return whether no line break lies between them."""
        return "\n" not in self.text[first:second]


def words_pattern(text: str) -> str:
    """Given literal text, return a pattern matching its words across any whitespace."""
    return r"\s+".join(regex.escape(word) for word in text.split())


def move_text(lines: Sequence[Line], repair: MoveText) -> tuple[list[Line], int]:
    """Given block lines and a move repair, return the lines with the text moved and its document line."""
    filled = [index for index, (_, text) in enumerate(lines) if text.strip()]
    if not filled or lines[filled[-1]][1].strip() != repair.text:
        number, last = (lines[filled[-1]][0], lines[filled[-1]][1].strip()) if filled else (None, "")
        raise SpecError(
            f"repair {repair.id!r}: the block's last line (line {number}) reads {last!r}, not {repair.text!r}; "
            "the table may be cut off, or the repair no longer fits the text"
        )
    moved_line = lines[filled[-1]][0]
    remaining = list(lines[: filled[-1]]) + list(lines[filled[-1] + 1 :])
    joined = "\n".join(text for _, text in remaining)
    hits = list(regex.finditer(words_pattern(repair.after), joined))
    if len(hits) != 1:
        raise SpecError(f"repair {repair.id!r}: expected {repair.after!r} once in the table, found it {len(hits)} times")
    end_line_index = joined.count("\n", 0, hits[0].end())
    line_start = joined.rfind("\n", 0, hits[0].end()) + 1
    number, text = remaining[end_line_index]
    split = hits[0].end() - line_start
    return (
        remaining[:end_line_index] + [(number, text[:split]), (moved_line, repair.text), (number, text[split:])] + remaining[end_line_index + 1 :],
        moved_line,
    )


def remove_headers(stream: Stream, labels: Sequence[str]) -> None:
    """Given the stream and the header labels in column order, blank each label out, or raise if one is absent."""
    position = 0
    for label in labels:
        if not label:
            continue
        match = regex.compile(words_pattern(label)).search(stream.text, position)
        if not match:
            raise InputError(f"header {label!r} not found in the table text", line=stream.line_at(position))
        stream.blank_out(match.start(), match.end())
        position = match.end()


def compile_column(column: StreamColumn) -> regex.Pattern:
    """Given a stream column, return its anchored cell pattern."""
    if column.free_text:
        return regex.compile(r"[^\n]+(?:\n[^\n]+)*")
    return regex.compile("(?:" + column.pattern.replace(" ", r"\s+") + r")(?=\s|$)")


@dataclass
class Frame:
    """A state of the placement search on its stack: its memo key and the cells it has still to try."""

    key: tuple
    children: Iterator[Token]


class Placer:
    """Depth-first placement of tokens into the grid, with memoised dead ends.

    The search runs on an explicit stack, not by recursion, so a table's size
    is bounded by ``MAX_STATES`` alone (issue 18: the recursive search failed
    past about 110 rows).
    """

    def __init__(self, stream: Stream, columns: Sequence[StreamColumn]) -> None:
        self.stream = stream
        self.patterns = [compile_column(column) for column in columns]
        self.width = len(columns)
        self.dead: set[tuple] = set()
        self.states = 0
        self.furthest = 0
        self.failed_row_start: int | None = None

    def match(self, column: int, position: int) -> int | None:
        """Given a column and a position, return where its cell ends, if one starts there."""
        found = self.patterns[column].match(self.stream.text, position)
        if not found or "\n\n" in found.group():
            return None
        return found.end()

    def skip_space(self, position: int) -> int:
        """Given a position, return the next one that is not whitespace."""
        while position < len(self.stream.text) and self.stream.text[position].isspace():
            position += 1
        return position

    def enter(self, position: int, counts: tuple[int, ...], last: Token | None) -> Frame | bool:
        """Given the stream position, cells per row and the last token, return the state to search, or whether it is settled.

        True: every row is complete and the table ends here; False: a dead end.
        """
        self.states += 1
        if self.states > MAX_STATES:
            raise SearchExhausted(f"more than {MAX_STATES} placements tried")
        start = self.skip_space(position)
        complete = bool(counts) and all(count == self.width for count in counts)
        key = (start, counts, last.row if last and self.stream.same_line(last.end, start) else None)
        if key in self.dead:
            return False
        self.furthest = max(self.furthest, start)
        if start >= len(self.stream.text) or (complete and self.match(0, start) is None):
            if complete:
                return True
            self.dead.add(key)
            return False
        return Frame(key, self.children(start, counts, last))

    def children(self, start: int, counts: tuple[int, ...], last: Token | None) -> Iterator[Token]:
        """Given the position, cells per row and the last token, yield each token that may start there, upper rows first."""
        for row in self.candidate_rows(start, counts, last):
            column = counts[row] if row < len(counts) else 0
            end = self.match(column, start)
            if end is not None:
                yield Token(row, column, start, end)

    def first_placement(self) -> list[Token] | None:
        """Return the first complete placement of the stream in search order, or None."""
        path: list[Token] = []
        counts: list[tuple[int, ...]] = []
        stack: list[Frame] = []
        outcome = self.enter(0, (), None)
        while True:
            if outcome is True:
                return path
            if outcome is False and path:
                token = path.pop()
                counts.pop()
                if token.column == 0:  # the row this token started cannot be completed: remembered for the error
                    self.failed_row_start = max(token.start, self.failed_row_start or 0)
            elif isinstance(outcome, Frame):
                stack.append(outcome)
            if not stack:
                return None
            token = next(stack[-1].children, None)
            if token is None:
                self.dead.add(stack.pop().key)
                outcome = False
                continue
            before = counts[-1] if counts else ()
            grown = before[: token.row] + (token.column + 1,) + before[token.row + 1 :]
            path.append(token)
            counts.append(grown)
            outcome = self.enter(token.end, grown, token)

    def candidate_rows(self, start: int, counts: tuple[int, ...], last: Token | None) -> list[int]:
        """Given the position and cells per row, return the rows whose next cell may start there, upper rows first."""
        if last is not None and self.stream.same_line(last.end, start):
            row = last.row
            return [row] if counts[row] < self.width and (row == 0 or counts[row - 1] > counts[row]) else []
        rows = [row for row in range(len(counts)) if counts[row] < self.width and (row == 0 or counts[row - 1] > counts[row])]
        return rows + [len(counts)]


def tokens_to_grid(tokens: list[Token], stream: Stream, paths: tuple[str, ...]) -> Grid:
    """Given placed tokens, return the grid of cells with their lines and repairs."""
    rows: dict[int, dict[int, Cell]] = {}
    for token in tokens:
        text = " ".join(stream.text[token.start : token.end].split())
        line = stream.line_at(token.start)
        rows.setdefault(token.row, {})[token.column] = Cell(text, line, stream.repairs.get(line))
    return Grid(paths=paths, rows=tuple(tuple(rows[row][column] for column in range(len(paths))) for row in sorted(rows)))


def explain_failure(placer: Placer) -> InputError:
    """Given a placer that found nothing, return the error that points at the furthest text it reached."""
    stream = placer.stream
    furthest = placer.skip_space(placer.furthest)
    stuck = " ".join(stream.text[furthest : furthest + 40].split()) or "(end of table)"
    if placer.failed_row_start is not None:
        start = placer.failed_row_start
        row_text = " ".join(stream.text[start : placer.match(0, start)].split())
        return InputError(
            f"the row starting with {row_text!r} cannot be completed: reading stops at line "
            f"{stream.line_at(furthest)} ({stuck!r}), where no expected column's pattern matches",
            line=stream.line_at(start),
            value=row_text,
        )
    return InputError("no column's pattern matches the text here in reading order", line=stream.line_at(furthest), value=stuck)


def parse_stream(lines: Sequence[Line], columns: Sequence[StreamColumn], repairs: Sequence[MoveText] = ()) -> Grid:
    """Given a table block, its columns and declared repairs, return the grid the stream settles to."""
    repaired_lines: dict[int, str] = {}
    for repair in repairs:
        lines, moved = move_text(lines, repair)
        repaired_lines[moved] = repair.id
    stream = Stream(lines)
    stream.repairs = repaired_lines
    remove_headers(stream, [column.label for column in columns])
    paths = tuple(column.label or unnamed_column(index) for index, column in enumerate(columns))
    placer = Placer(stream, columns)
    try:
        first = placer.first_placement()
    except SearchExhausted as err:
        raise InputError(f"the table text allows too many placements to settle ({err}); narrow the column patterns") from err
    if first is None:
        raise explain_failure(placer)
    grid = tokens_to_grid(first, stream, paths)
    return Grid(paths=grid.paths, rows=grid.rows, repairs=tuple(repaired_lines.values()))


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object]) -> Grid:
    """Given the lines after a caption and the spec's columns and repairs, return the grid.

    Without declared columns (auto mode, or a spec that leaves them out) the
    header, the columns and their types are inferred instead.
    """
    if "columns" not in options:
        return inferred_stream.lines_to_grid(lines)
    return parse_stream(list(lines), tuple(options["columns"]), tuple(options.get("repairs", ())))

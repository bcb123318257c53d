"""PDF text stream of a summary table: one line a row, a label followed by statistic-shaped cells.

A characteristics or association table exported as text keeps one line per
row, its cells separated by single spaces, and drops blank cells. Such a
block is a summary stream when most of its rows end in summary-statistic
cells ("30 (62.5)", "57.4 ± 8.0", "1.23 (0.98–1.54)", "<0.001": the shapes
of ``values.statistics``). It is read in three steps:

- **columns**: a cell may hold spaces ("30 (62.5)", "29.7, 49.5"); words
  split at ordinary spaces only, so a thousand grouped by a thin space is
  one word. The header's lines (each line's labels, one perhaps the label
  column's) and the rows printing most cells say how many value columns
  there may be; of the counts whose every column some row fills, the one
  placing most rows wins.
- **header**: the lines above the first row, split into labels by
  ``layouts.stream_header``: the line naming the columns, lines above it
  spanning them evenly ("Goats Sheep" over two runs of "n Seroprevalence
  (%) 95% C.I."), lines below it of group sizes or statistic names
  ("n = 4924 n = 335 924") their lower level.
- **rows**: one per line, a blank line a spacer row. A row's label is the
  shortest run of leading words after which the rest is placed, or one word
  more where it is a small whole number ("ECOG status 0"), never more, so no
  value hides in a label. A row
  whose next word may open a space-grouped number ("ECOG 1 288 (69.9)") is
  ambiguous. A row of fewer cells than columns is placed only by a declared
  rule (``place``): as many cells as the non-p-value columns (the p-values
  blank), only p-values (a group row with its test), the groups only (the
  columns comparing them blank), or the groups and the p-values; with none,
  a label row. Any other row, or one that two
  splits of its words read differently, keeps its cells as one text cell
  and the grid's notes name it; the cell carries the repair
  ``UNPLACED_REPAIR``, so the long form keeps it unread and reports it.

The block ends at the first line after a row that opens a legend ("SD:
standard deviation; …", "* Reference category", "Values are …"); the legend
stays the table's (``extract``).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Mapping, Sequence

import regex

from pipeline.errors import InputError
from pipeline.grid import Cell, Grid, Line
from pipeline.header_text import GROUP_SIZE
from pipeline.headers import PATH_SEPARATOR, unnamed_column
from pipeline.kinds.checks import is_share
from pipeline.kinds.labels import ESTIMATES, path_to_group
from pipeline.kinds.summary import UNPLACED_REPAIR, read_value
from pipeline.layouts import text_stream
from pipeline.layouts.stream_header import header_labels, header_to_paths, is_header_level
from pipeline.legend import starts_legend
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import DEFAULT_MISSING, shape_of, split_marker

NAME = "pdf-summary-stream"
# The most words one cell spans ("12/100 (12.0)" is two, "1.23 (0.98 – 1.54)" four, "0.61 (0.48, 0.78), P < 0.001" six).
MAX_CELL_WORDS = 7
# Enough rows reading as summary cells to call the block a summary table, and the share of its rows they must be.
MIN_ROWS, MIN_SHARE = 3, 0.5
# The lines from a block's top that must look like a summary table before all of it is read.
SNIFF_LINES = 20


@lru_cache(maxsize=65536)
def is_value(text: str) -> bool:
    """Given a run of words, return whether it is one value cell: a summary shape (markers aside) or a missing code ("NR", "–")."""
    return shape_of(text) is not None or split_marker(text)[0] in DEFAULT_MISSING


def is_p_cell(text: str) -> bool:
    """Given a value cell, return whether a p-value column can hold it ("0.04*", "<0.001", "NS", "–")."""
    value = split_marker(text)[0]
    shape = shape_of(text)
    return value in DEFAULT_MISSING or value.casefold() in ("ns", "n.s.") or (shape is not None and "p_value" in shape.candidates)


def splits(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Given words, return every way to read all of them as value cells, each cell's words joined by single spaces (at most 64)."""
    return list(_splits(words))[:64]


def _split_bracket(cells: tuple[str, ...]) -> bool:
    """Given a reading's cells, return whether one opens with a bracket right after a cell ending in a number."""
    return any(after[:1] in "([" and before[-1:].isdigit() for before, after in zip(cells, cells[1:]))


def placements(readings: Sequence[tuple[str, ...]], width: int, p_columns: frozenset[int], compared: frozenset[int],
               intervals: frozenset[int] = frozenset(), named: Sequence[tuple[str, ...]] = ()) -> set[tuple[str, ...]]:
    """Given the ways to read a row's words as cells and its table's columns (those whose header names an interval too), return
    the rows they place.

    A bracket after a number closes on it ("51 (46–56)" one cell, not 51 and an interval) where such a reading places the row;
    where none does, the bracket is a column of its own only under a header naming an interval ("8.2 (4.2–15.3)" under
    "Seroprevalence (%)" and "95% C.I."), never another group's ("61 (50-70)" under one of two arms).
    """
    found = {(cells, placed) for cells in readings if (placed := place(cells, width, p_columns, compared, named)) is not None}
    whole = {placed for cells, placed in found if not _split_bracket(cells)}
    return whole or {placed for cells, placed in found
                     if all(column in intervals for column, cell in enumerate(placed) if cell[:1] in "([" and _split_bracket(cells))}


@lru_cache(maxsize=16384)
def _splits(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    if not words:
        return ((),)
    found: list[tuple[str, ...]] = []
    for size in range(1, min(MAX_CELL_WORDS, len(words)) + 1):
        cell = " ".join(words[:size])
        if is_value(cell):
            found.extend((cell, *rest) for rest in _splits(words[size:]))
    return tuple(found[:64])


def words_of(text: str) -> tuple[str, ...]:
    """Given a line, return its words: split at ordinary spaces only, so a number grouped by a thin space ("335\u2009924") stays one word."""
    return tuple(word for word in text.strip().split(" ") if word)


def row_readings(words: Sequence[str], start: int = 1) -> tuple[int, list[tuple[str, ...]]]:
    """Given a line's words, return where its label ends (the shortest leading run, from ``start`` words, after which the rest reads as cells)
    and the ways to read the rest."""
    if not any(is_value(" ".join(words[-size:])) for size in range(1, min(MAX_CELL_WORDS, len(words)) + 1)):
        return len(words), [()]  # a line that ends in no value (prose, a label) is read at once, not split every way
    for end in range(start, len(words)):
        found = splits(tuple(words[end:]))
        if found:
            return end, found
    return len(words), [()]


def fewest_cells(words: Sequence[str]) -> int:
    """Given a line's words, return the fewest value cells its shortest label leaves (0 for a label row)."""
    return min(len(cells) for cells in row_readings(words)[1])


def place(cells: tuple[str, ...], width: int, p_columns: frozenset[int], compared: frozenset[int] = frozenset(),
          named: Sequence[tuple[str, ...]] = ()) -> tuple[str, ...] | None:
    """Given a row's value cells, the number of value columns, which hold p-values and which compare the groups (p-values,
    estimates such as "Hazard ratio (95% CI)") and what each column's header names, return the cells by column, or None when no
    rule places them. A cell stands only in a column whose header names nothing or what the cell can be ("0.41" under
    "Patients, n" is no count).

    The rules, in order, each for a row of as many cells as its columns: every column; all but the p-values; only the
    p-values (a group row with its test); the groups only, the comparison blank ("12 mo 51 (46–56) 35 (30–39)" under two
    arms, a hazard ratio and P); the groups and the p-values. A p-value column holds only what a p-value can be, and where
    the table has one, no other column holds a cell only a p-value is ("<0.001", "P = 0.04"). Cells that could all be p-values
    are placed by no rule where two rules place them, where there are more p-value columns than cells, or where they could
    as well be the comparison ("0.050 0.823" under two arms, "t/χ2" and "P"): which columns they fill would be a guess.
    """
    if not cells:
        return ("",) * width
    others = [column for column in range(width) if column not in p_columns]
    # The groups are the columns before the comparison, which must run to the table's end (not an estimate under each of two sexes).
    first_compared = min(compared, default=width)
    groups = list(range(first_compared)) if compared - p_columns and 0 < first_compared and compared == set(range(first_compared, width)) else []
    rules = [list(range(width)), others if p_columns else [], sorted(p_columns), groups, sorted({*groups, *p_columns}) if groups else []]
    fitting = [placed for columns in rules if columns and len(columns) == len(cells)
               for placed in [tuple(cells[columns.index(column)] if column in columns else "" for column in range(width))] if _fits(placed, p_columns, named)]
    if all(is_p_cell(cell) for cell in cells) and (len(cells) < len(p_columns) or len(set(fitting)) > 1 or (groups and len(compared) == len(cells))):
        return None  # "0.724 0.844" under "P | HR (95% CI) | P" twice: two estimates, or two of the p-values? Either may be meant.
    if not fitting:
        return None
    # Cells placed in all but the p-value columns that fit the leading columns as well ("1.454 (1.013–2.088) 0.042" under
    # "HR | P | HR | P": the first model's estimate and p-value, or both models' estimates?) are placed by neither.
    leading = tuple(cells) + ("",) * (width - len(cells))
    if p_columns and len(cells) == len(others) and fitting[0] != leading and _fits(leading, p_columns, named) \
            and all(_printed_as_p(leading[column]) for column in p_columns if leading[column]):
        return None
    return fitting[0]


def _printed_as_p(text: str) -> bool:
    """Given a cell, return whether it is printed as p-values are: with a decimal point or a bound ("0.042", "<.001"), not a
    whole number ("1", a count)."""
    return is_p_cell(text) and any(mark in text for mark in ".·<>≤≥")


def _fits(placed: tuple[str, ...], p_columns: frozenset[int], named: Sequence[tuple[str, ...]] = ()) -> bool:
    """Given a row's cells by column, which columns hold p-values and what each column's header names, return whether each
    cell can stand in its column."""
    return all(not cell or ((is_p_cell(cell) if column in p_columns else not (p_columns and _only_p(cell)))
                            and (column >= len(named) or _can_be(cell, named[column]))) for column, cell in enumerate(placed))


def _can_be(cell: str, named: tuple[str, ...]) -> bool:
    """Given a value cell and what its column's header names, return whether the long form reads the cell so (a missing code
    can be anything): the rules of ``kinds.summary.read_value``, so a row is placed only where its cells will be read."""
    return not named or read_value(split_marker(cell)[0], named, association=False)[2] is None


def _only_p(text: str) -> bool:
    """Given a value cell, return whether only a p-value prints so: "<0.001", "P = 0.04", "NS"."""
    shape = shape_of(text)
    return split_marker(text)[0].casefold() in ("ns", "n.s.") or (shape is not None and shape.candidates[0] == "p_value"
                                                                  and (shape.summary.qualifier is not None or shape.candidates == ("p_value",)))


def _label_number(word: str) -> bool:
    """Given the word after a row's shortest label, return whether a label may end in it: a whole number of up to two digits
    ("ECOG status 0", "Stage 3") or a year ("Adams 2011", a study's), never a decimal or a p-value ("0.050"), which is a cell."""
    return word.isdigit() and (len(word) <= 2 or (len(word) == 4 and word[:2] in ("19", "20")))


def _grouped_start(word: str, cells: Sequence[str]) -> bool:
    """Given the word after a label and the cells placed after it, return whether the first cell opens with that word as a space-grouped number."""
    first = next((cell for cell in cells if cell), "")
    rest = first[len(word) + 1:]
    # A count never opens with a zero ("86 071 (59.4)": "071" cannot stand alone, so the number is 86,071).
    return word.isdigit() and len(word) <= 3 and first.startswith(word + " ") and rest[:3].isdigit() and not rest[3:4].isdigit() and rest[0] != "0"


def lines_to_block(lines: Sequence[Line]) -> list[Line]:
    """Given the lines after a caption, return the table's: up to the first line after a row that opens a legend, without trailing blank lines.

    A header line may look like a legend's start ("n Seroprevalence (%)" as "a Values …"), so only a line after a row can end the table.
    """
    block: list[Line] = []
    rows_seen = False
    for number, text in lines:
        cells = fewest_cells(words_of(text)) if text.strip() else 0
        # "Sex: male, No. (%) 34 (68.0) 58 (61.7)" opens as "SD: standard deviation" does, but a line ending in cells is a row.
        if rows_seen and text.strip() and cells < 2 and starts_legend(text):
            break
        block.append((number, text))
        rows_seen = rows_seen or bool(cells)
    while block and not block[-1][1].strip():
        block.pop()
    return block


def sniff(lines: Sequence[Line]) -> bool:
    """Given the lines after a caption, return whether they read as a summary stream (rows of a label and summary cells, and a header that fits)."""
    # Most rows of a summary table print two cells or more from its top on: its first lines decide before the whole block is read.
    first = [text for _, text in lines if text.strip()][:SNIFF_LINES]
    fewest = [fewest_cells(words_of(text)) for text in first]
    rows = sum(count >= 2 for count in fewest)
    if not rows:  # a table of one value column ("Characteristic Value"): a cell on most lines
        rows = sum(count == 1 for count in fewest) if sum(count == 1 for count in fewest) >= MIN_SHARE * len(first) else 0
    if rows < min(MIN_ROWS, len(first)) or rows < MIN_SHARE * len(first) / 2:
        return False
    try:
        lines_to_grid(lines, {})
    except InputError:
        return False
    return True


def lines_to_grid(lines: Sequence[Line], options: Mapping[str, object] | None = None) -> Grid:
    """Given the lines after a caption, return the summary table's grid; InputError if it is not one.

    A spec that declares stream columns reads the block as the text stream it then is (``text_stream``).
    """
    if options and "columns" in options:
        return text_stream.lines_to_grid(lines, options)
    block = lines_to_block(lines)
    filled = [(number, text) for number, text in block if text.strip()]
    fewest = [fewest_cells(words_of(text)) for _, text in filled]
    # The body starts at the first line of two cells or more: a header line may end in a number ("Grade 3 or 4"), and where the
    # header proves shorter the lines left are rows.
    body_start = next((index for least in (2, 1) for index, (_, text) in enumerate(filled) if fewest[index] >= least and not GROUP_SIZE.search(text)), None)
    # Rows of two cells or more make a table of several value columns; rows of one cell count too (a reference row, "1 (reference)";
    # a p-value alone), and make the table where no row has more.
    rows_read, rows_any = sum(count >= 2 for count in fewest), sum(count >= 1 for count in fewest)
    least = 2 if rows_read else 1
    if body_start is None or max(rows_read, rows_any * (least == 1)) < MIN_ROWS or rows_any < MIN_SHARE * len(filled):
        raise InputError("not a summary table stream: too few rows of a label followed by summary-statistic cells")
    header = [text for _, text in filled[:body_start]]
    # The header says how many value columns there may be (each line's labels, one of them perhaps the label column's), and so do the
    # rows printing most cells, or one fewer than there are (a p-value column most rows leave blank); the body says which fits.
    widest = Counter(count for count in fewest[body_start:] if count >= least).most_common(1)
    candidates = sorted({len(header_labels(text)) - stub for text in header for stub in (0, 1)} - {0}
                        | {count + more for count, _ in widest for more in (0, 1)}, reverse=True)
    # A reading with a column no row fills is wrong: a header word read as a label ("No" of "No Recurrence (n = 94)"), or label
    # columns read as value columns. Of the others, the one placing most rows wins, then the one taking fewest values into labels
    # ("Female 345" of "Female 345 54 15.7" under two columns), then the one naming the label column, then the widest.
    best: tuple[tuple[int, int, bool], int, tuple[str, ...], int, int, dict, tuple] | None = None
    for width in candidates:
        # Label rows right above the first row ("Goats", "Sex") are group rows, not header: the header ends where its columns fit.
        # A line of group sizes or statistic names ("n = 7891 n = 6821", "HR (95% CI) P value") is the header's, never a row.
        used, paths = next(((end, found) for end in range(len(header), 0, -1)
                            if not any(GROUP_SIZE.search(text) or _names_statistics(text) for text in header[end:])
                            and (found := header_to_paths(header[:end], width))), (0, None))
        if paths is None:
            continue
        columns = (*compared_columns(paths), column_sizes(paths), tuple(path_to_group(path).named for path in paths[1:]))
        read = {number: line_to_row(number, text, width, *columns) for number, text in filled[used:]}
        rows = list(read.values())
        placed = sum(note is None for _, note in rows)
        filled_columns = {index for row, note in rows if note is None for index, cell in enumerate(row[1:]) if cell.text}
        lengthened = sum(len(words_of(row[0].text)) > row_readings(words_of(text))[0] for (row, _), (_, text) in zip(rows, filled[used:]))
        score = (placed, -lengthened, paths[0] != unnamed_column(0))
        if len(filled_columns) == width and (best is None or score > best[0]):
            best = (score, width, paths, used, placed, read, columns)
    if best is None or best[4] < MIN_SHARE * (len(filled) - best[3]):
        raise InputError("not a summary table stream: no header line splits into value columns that most rows fill")
    _, width, paths, used, _, read, columns = best
    body = block[block.index(filled[used - 1]) + 1:]
    while body and not body[0][1].strip():
        body.pop(0)
    rows, notes = [], []
    for number, text in body:  # the printed lines as the winning reading placed them; a blank line a spacer row
        row, note = read[number] if number in read else line_to_row(number, text, width, *columns)
        rows.append(row)
        if note:
            notes.append(note)
    return Grid(paths=paths, rows=tuple(rows), notes=tuple(notes))


def _names_statistics(text: str) -> bool:
    """Given a header line, return whether it is a row of statistic names across columns ("HR (95% CI) P value"), not a
    group row naming its own ("Adverse events of any cause — no. (%)")."""
    labels = header_labels(text)
    return len(labels) > 1 and is_header_level(labels)


# A test's statistic comparing the groups: "χ2/t", "t/χ2 value", "Z", "F", "Chi-square".
_TEST_STATISTIC = regex.compile(r"(?:χ2|χ²|X2|chi-?squared?|t|z|F|U|H)(?:\s*(?:/|,)\s*(?:χ2|χ²|X2|t|z|F))?(?:[\s-]*(?:value|statistic|test))?",
                                regex.IGNORECASE)


def compared_columns(paths: Sequence[str]) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """Given a summary table's header paths (the label column's first), return its value columns holding p-values, those
    comparing its groups (the p-values, the estimates, "Hazard ratio (95% CI)", "OR", and the tests' statistics, "χ2/t"), and
    those whose own label names an interval ("95% C.I.")."""
    groups = [path_to_group(path) for path in paths[1:]]
    leaves = [path.split(PATH_SEPARATOR)[-1].strip() for path in paths[1:]]
    p_columns = frozenset(index for index, group in enumerate(groups) if group.p_value)
    tests = {index for index, leaf in enumerate(leaves) if _TEST_STATISTIC.fullmatch(leaf)}
    intervals = frozenset(index for index, leaf in enumerate(leaves) if statistic_named(leaf)[:1] == ("interval",))
    return p_columns, p_columns | tests | {index for index, group in enumerate(groups) if group.named[:1] and group.named[0] in ESTIMATES}, intervals


def column_sizes(paths: Sequence[str]) -> tuple[int | None, ...]:
    """Given a summary table's header paths (the label column's first), return each value column's group size where its
    header prints one ("Cases (n=144 959)")."""
    return tuple(path_to_group(path).n for path in paths[1:])


def _percents_of_sizes(cells: Sequence[str], sizes: Sequence[int | None]) -> bool:
    """Given a row's cells by column and the columns' group sizes, return whether each count with its percent under a column
    of known size is that percent of it, give or take a point (missing data shift a denominator a little), and one is."""
    checked = [is_share(shape.summary.count, size, shape.summary.percent, 1)
               for cell, size in zip(cells, sizes) if cell and size
               for shape in [shape_of(cell)] if shape is not None and shape.summary.count is not None and shape.summary.percent is not None]
    return bool(checked) and all(checked)


def line_to_row(number: int, text: str, width: int, p_columns: frozenset[int], compared: frozenset[int] = frozenset(),
                intervals: frozenset[int] = frozenset(), sizes: tuple[int | None, ...] = (),
                named: tuple[tuple[str, ...], ...] = ()) -> tuple[tuple[Cell, ...], str | None]:
    """Given a body line, its document line and the table's columns (their group sizes too), return its row of cells and a
    note when no rule places them.

    The label is the shortest leading run of words after which the rest is placed by a rule; a line of no cells is a label row.
    A reading whose counts are their printed percents of the columns' group sizes stands against one taking a count's first
    digits into the label ("Male 58 888 (40.6)" under "Cases (n=144 959)": 58,888 is 40.6 % of it, 888 is not).
    """
    blank = tuple(Cell("", number) for _ in range(width))
    if not text.strip():
        return (Cell("", number), *blank), None
    indent = len(text) - len(text.lstrip(" "))
    words = words_of(text)
    shortest, readings = row_readings(words)
    if shortest == len(words):
        return (Cell(" ".join(words), number, indent=indent), *blank), None
    placed = placements(readings, width, p_columns, compared, intervals, named)
    end = shortest
    if not placed and shortest + 1 < len(words) and _label_number(words[shortest]):
        # A label may end in a number ("ECOG status 0"): one more word of label, no more, so values never hide in a label.
        end = shortest + 1
        placed = placements(splits(words[end:]), width, p_columns, compared, intervals, named)
    elif len(placed) == 1 and _grouped_start(words[end], next(iter(placed))) and not _percents_of_sizes(next(iter(placed)), sizes) \
            and any(place(cells, width, p_columns, compared, named) for cells in splits(words[end + 1:])):
        placed.add(blank)  # "ECOG 1 288 (69.9)": a label "ECOG 1" and 288, or a count of 1,288? Either may be meant.
    if len(placed) == 1:
        [cells] = placed
        return (Cell(" ".join(words[:end]), number, indent=indent), *(Cell(cell, number) for cell in cells)), None
    label = " ".join(words[:shortest])
    rest = " ".join(words[shortest:])
    why = "two splits of its words read differently" if placed else f"no split of its words into cells fits a rule for {width} columns"
    note = f"line {number} ({label!r}): its cells {rest!r} are kept as one text cell: {why}"
    return (Cell(label, number, indent=indent), Cell(rest, number, UNPLACED_REPAIR), *blank[1:]), note

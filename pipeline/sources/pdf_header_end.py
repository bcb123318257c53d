"""Where a rule-less table's header ends: the first line printing values after its row label, less what reads as header.

A table with no rule under its header (rows set close, shaded or whitespace
only) says where its header ends only by what its lines print: the body
starts at the first line printing a value after its first phrase, unless the
line is a header's wrapped line set close; a group's label right above its
levels starts the body too, and a line of the columns' levels with no row
label stays the header's. Used by the table finder (``pdf_detect``) for
tables found by alignment and captioned tables alike.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Sequence

from pipeline.sources.pdf_grid import CELL_LINE_GAP, ROOM_SLACK, fits_after, indented_under
from pipeline.sources.pdf_pages import PHRASE_GAP, TextLine, line_to_phrases, overlap
from pipeline.values.statistics import shape_of


def reads_as_value(phrase: TextLine, under: Sequence[TextLine]) -> bool:
    """Given a phrase and the phrases of the line set close under it, return whether it reads as a value, alone or joined to
    the phrase right under it (a value wrapped in a narrow column: "1.14 [1.12–" / "1.16]", "64.3 ±" / "9.8")."""
    return shape_of(phrase.text) is not None or any(
        overlap(phrase.x0, phrase.x1, other.x0, other.x1) > 0
        and any(shape_of(joined) is not None for joined in (phrase.text + other.text, f"{phrase.text} {other.text}"))
        for other in under)


def header_bottom(lines: Sequence[TextLine]) -> float | None:
    """Given a rule-less table's lines top to bottom, return where its header ends: just above the first line printing a value
    after its first phrase, less the lone labels right above that line (a group row's, "Sex" over its levels); None without one."""
    left = min(line.x0 for line in lines)  # the label column's edge: a header line over value columns only starts right of it
    right = max(line.x1 for line in lines)
    phrased = [line_to_phrases(line) for line in lines]
    # Where rows' labels start: the table's edge, and where a third of its lines start (a second label column's edge where the
    # first prints only a group's label now and then: "OS" over "Surgery", "Non-surgery", "Country", ...).
    starts = sorted(line.x0 for line in lines)
    edges = sorted({left, *(x for x in starts if 3 * (bisect_right(starts, x + lines[0].height) - bisect_left(starts, x - lines[0].height)) >= len(lines))})

    def at_edge(x: float, height: float) -> bool:
        return bisect_right(edges, x + height) > bisect_left(edges, x - height)

    # The phrases after a line's first reading as values, alone or with the phrase under them on the next line set close.
    valued = []
    for index, phrases in enumerate(phrased):
        close = index + 1 < len(lines) and lines[index + 1].top - lines[index].bottom < CELL_LINE_GAP * lines[index].height
        valued.append([phrase for phrase in phrases[1:] if reads_as_value(phrase, phrased[index + 1] if close else [])])

    # A line right under the one above, a wrapped line's gap below it, goes on that line's cells ("Intervention n =" / "558"),
    # unless it opens with a row's label at a label column's edge (rows set close), though the label read as a value ("66-74").
    # The table's first line prints values in most of its phrases, or it is a header's with a label reading as one ("≥4").
    def prints_values(index: int) -> bool:
        line, phrases = lines[index], phrased[index]
        if not index:
            return 2 * len(valued[0]) > len(phrases) - 1
        return bool(valued[index]) and (line.top - lines[index - 1].bottom >= CELL_LINE_GAP * line.height or at_edge(phrases[0].x0, line.height))

    first = next((index for index in range(len(lines)) if prints_values(index)), None)
    if not first:
        return None
    # Where the body's values start: a line printing labels left of there only ("OS  Treatment" in two label columns) is a group
    # row, so long as a header line over the values stays above it.
    values = min(phrase.x0 for phrases in valued[first:] for phrase in phrases)
    # A line of values with no row label, under the header's labels, names the columns' levels ("1  5  <20  25" under "BMI"):
    # the header's, where rows with labels follow.
    while lines[first].x0 >= values - lines[0].height and (later := next((index for index in range(first + 1, len(lines))
                                                                           if prints_values(index)), None)) is not None:
        first = later

    labels_only = [all(phrase.x1 < values for phrase in phrases) for phrases in phrased]

    def wrapped(index: int) -> bool:
        """A header label's last line ("Cluster of … score" / "category"): close under a label of the line above and within its
        room (a group's label runs on across the columns), going on in lower case or too long to have fitted after it (a
        group's label set close under the stub's: "Subgroup" / "Exposure")."""
        line, above, phrases = lines[index], lines[index - 1], phrased[index - 1]
        if line.top - above.bottom >= CELL_LINE_GAP * line.height:
            return False
        rooms = [*(phrase.x0 - PHRASE_GAP * line.height for phrase in phrases[1:]), right]  # up to the next label, or the edge
        # Under the label: overlapping half the narrower of the two, not a group's label grazing a header label's start.
        return any(overlap(phrase.x0, phrase.x1, line.x0, line.x1) > min(phrase.x1 - phrase.x0, line.x1 - line.x0) / 2
                   and line.x1 <= room and (line.text[:1].islower() or not fits_after(phrase, line.words[0], room, ROOM_SLACK * line.height))
                   for phrase, room in zip(phrases, rooms))

    def heads_levels(index: int) -> bool:
        """A group's label over its levels: the line under it indented deeper ("Sex" over "  Female"), as no header's line is,
        yet starting under the label (not a second label column's)."""
        line, below = lines[index], lines[index + 1]
        return indented_under(line, below) and below.x0 < line.x1

    while first > 1 and (heads_levels(first - 1) or not wrapped(first - 1)) and (
            (len(phrased[first - 1]) == 1 and abs(lines[first - 1].x0 - left) < lines[0].height)
            or (labels_only[first - 1] and not all(labels_only[:first - 1]))):
        first -= 1
    return (lines[first - 1].bottom + lines[first].top) / 2

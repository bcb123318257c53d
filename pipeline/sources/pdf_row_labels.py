"""PDF tables: a row label printed centred on the rows it heads is read as the first of those rows' label.

A word processor's cell spanning several rows is often set vertically
centred ("1991" beside its "Men", "Women" and "Total" rows). Read by
position, the label lands on its group's middle row, and every reading
after that (a continuation filled down, a variable over its levels) would
give the rows above it to the group before: a wrong label, silently. The
label is moved only where the page shows the whole pattern: the first row
prints no label (a label set at the top of its rows would be there), and
every label's middle lies at the middle of a run of rows that starts where
the run before it ends and that no other label falls in.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.sources.pdf_grid import PlacedCell
from pipeline.sources.pdf_pages import Position

# How far, in shares of the label's height, its middle may lie from the middle of its rows.
CENTRED_WITHIN = 0.5


def band(row: Sequence[PlacedCell]) -> tuple[float, float]:
    """Given a body row, return the top and bottom of its cells after the first (the label's own box is what is weighed)."""
    return min(cell.position.top for cell in row[1:]), max(cell.position.bottom for cell in row[1:])


def middle(position: Position) -> float:
    """Given a box, return its vertical middle."""
    return (position.top + position.bottom) / 2


def centred_groups(rows: Sequence[Sequence[PlacedCell]]) -> list[tuple[int, int, int]] | None:
    """Given a table part's body rows, return each row label's (row, first row, last row) of the run it is centred on, or
    None where the labels are not all so centred (or the first row has one, or there are fewer than two)."""
    labelled = [index for index, row in enumerate(rows) if len(row) > 1 and row[0].text]
    if len(labelled) < 2 or labelled[0] == 0:
        return None
    bands = [band(row) for row in rows]
    groups, start = [], 0
    for number, index in enumerate(labelled):
        label = rows[index][0].position
        bottom = 2 * middle(label) - bands[start][0]  # a centred label's middle is halfway down its rows
        end = index
        while end + 1 < len(rows) and sum(bands[end + 1]) / 2 < bottom:
            end += 1
        next_label = labelled[number + 1] if number + 1 < len(labelled) else len(rows)
        if end >= next_label or abs(bands[end][1] - bottom) > CENTRED_WITHIN * (label.bottom - label.top):
            return None
        groups.append((index, start, end))
        start = end + 1
    return groups if start == len(rows) else None


def raise_centred_labels(rows: Sequence[Sequence[PlacedCell]]) -> tuple[list[list[PlacedCell]], list[str]]:
    """Given a table part's body rows, return them with each label centred on its rows moved to the first of them (the blank
    cell there takes the label's place), and a message per label moved; the rows unchanged where ``centred_groups`` finds none.

    A label centred between two rows (a run of even length) is a line of its own, read as a row printing the label alone:
    once the label is moved, that row is gone, since the page prints no such row.
    """
    moved = [list(row) for row in rows]
    alone = set()
    messages = []
    for index, start, end in centred_groups(rows) or ():
        if index == start:
            continue
        label = rows[index][0]
        moved[start][0], moved[index][0] = label, rows[start][0]
        if not any(cell.text for cell in rows[index][1:]):
            alone.add(index)
        messages.append(f"row label {label.text!r} (page {label.position.page}) is printed centred on the "
                        f"{end - start + 1 - (index in alone)} rows it heads and is read as the first of them")
    return [row for index, row in enumerate(moved) if index not in alone], messages

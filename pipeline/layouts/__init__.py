"""One parser per layout, behind one registry.

Each parser turns the lines of one table block (everything after the caption)
into a ``Grid``, given the layout options of the table's spec.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from pipeline.grid import Grid, Line
from pipeline.kinds.summary import UNPLACED_REASON, UNPLACED_REPAIR
from pipeline.layouts import cell_per_line, inferred_stream, structured, summary_stream, text_stream

LayoutParser = Callable[[Sequence[Line], Mapping[str, object]], Grid]

LAYOUTS: dict[str, LayoutParser] = {
    cell_per_line.NAME: cell_per_line.lines_to_grid,
    text_stream.NAME: text_stream.lines_to_grid,
    summary_stream.NAME: summary_stream.lines_to_grid,
    structured.NAME: structured.lines_to_grid,
    structured.GRAPHIC: structured.graphic_to_grid,
}
# Repairs a layout makes on its own, with no spec declaring them: id → reason.
LAYOUT_REPAIRS: dict[str, str] = {inferred_stream.DISPLACED_REPAIR: inferred_stream.DISPLACED_REASON,
                                  UNPLACED_REPAIR: UNPLACED_REASON}


def sniff_layout(lines: Sequence[Line]) -> str:
    """Given the lines after a caption, return the name of their layout."""
    if cell_per_line.sniff(lines):
        return cell_per_line.NAME
    return summary_stream.NAME if summary_stream.sniff(lines) else text_stream.NAME

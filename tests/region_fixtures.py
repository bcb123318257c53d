"""PDFs with tables at known places and no caption, drawn word by word with reportlab's canvas.

``python tests/region_fixtures.py DIR`` writes them. Coordinates are PDF
points, origin bottom-left, so a test can hand the same numbers to ``--area``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

FONT, SIZE, PITCH = "Helvetica", 9, 13.0
COLUMNS = (72.0, 260.0, 340.0)  # left edges: a label column, two left-aligned value columns
PROSE_ABOVE = "The cohort was followed for five years and is described in the table below."
PROSE_BELOW = "Numbers are patients; the table has no caption of its own."
# (column, text) per printed line, top to bottom; a spanning label is centred over columns 1 and 2.
REGION_LINES: tuple[tuple[tuple[int, str], ...], ...] = (
    ((-1, "Outcome, number of patients"),),
    ((0, "Group"), (1, "Treated"), (2, "Control")),
    ((0, "Age under 50"), (1, "12"), (2, "14")),
    ((0, "Age 50 or more, ever"), (1, "8"), (2, "9")),
    ((0, "smoked"),),
    ((0, "Total"), (1, "20"), (2, "23")),
)
REGION_GRID = [
    ["", "Outcome, number of patients", ""],
    ["Group", "Treated", "Control"],
    ["Age under 50", "12", "14"],
    ["Age 50 or more, ever smoked", "8", "9"],
    ["Total", "20", "23"],
]
PLAIN_LINES = tuple(lines for lines in REGION_LINES if len(lines) > 1 and lines[0][0] == 0 and lines[0][1] != "Age 50 or more, ever")
TABLE_TOP = 700.0  # baseline of the table's first line


def draw_lines(pdf: canvas.Canvas, lines: Sequence[tuple[tuple[int, str], ...]], top: float) -> float:
    """Given a canvas, printed lines and the first baseline, draw them; return the baseline under the last."""
    y = top
    for line in lines:
        for column, text in line:
            if column < 0:
                middle = (COLUMNS[1] + COLUMNS[2] + 35) / 2  # over both value columns
                pdf.drawCentredString(middle, y, text)
            else:
                pdf.drawString(COLUMNS[column], y, text)
        y -= PITCH
    return y


def write(path: Path, lines: Sequence[tuple[tuple[int, str], ...]]) -> Path:
    """Given a path and a table's printed lines, write a one-page PDF: prose, the table with no caption, prose."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, SIZE)
    pdf.drawString(COLUMNS[0], TABLE_TOP + 3 * PITCH, PROSE_ABOVE)
    bottom = draw_lines(pdf, lines, TABLE_TOP)
    pdf.drawString(COLUMNS[0], bottom - 2 * PITCH, PROSE_BELOW)
    pdf.showPage()
    pdf.save()
    return path


def region_area() -> str:
    """Return the ``--area`` text that frames the region fixture's table (PDF points, origin bottom-left)."""
    bottom = TABLE_TOP - PITCH * len(REGION_LINES) + PITCH - 4
    return f"1:{COLUMNS[0] - 4:g},{bottom:g},{COLUMNS[2] + 60:g},{TABLE_TOP + SIZE + 2:g}"


def write_region(path: Path) -> Path:
    """Given a path, write the region fixture: a spanning label and a wrapped label, no caption."""
    return write(path, REGION_LINES)


def write_plain(path: Path) -> Path:
    """Given a path, write the captionless fixture: a header and three body rows, aligned, no caption."""
    return write(path, PLAIN_LINES)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the fixtures into the folder given."""
    out = Path((argv or sys.argv[1:])[0])
    out.mkdir(parents=True, exist_ok=True)
    write_region(out / "region.pdf")
    write_plain(out / "captionless.pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

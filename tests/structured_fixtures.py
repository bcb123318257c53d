"""The seed review's Table 1 typed into a DOCX and an HTML page, from the seed's own cells, with real merged header cells.

The body rows, caption and legend come from ``raw/``'s text export; the
header is written here as a typesetter would, with its spans declared:
"Primary tumor" over four columns and "Anal metastasis" over five, every
other upper label merged down over the second header row.
``python tests/structured_fixtures.py DIR`` writes both files.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from pipeline import config
from pipeline.layouts import cell_per_line
from pipeline.sources.text import decode, text_to_lines
from pipeline.stages.extract import lines_to_tables

# (label, columns it spans); a label spanning one column is merged down over the lower header row.
UPPER = (
    ("Ref.", 1), ("Sex", 1), ("Age", 1), ("Anal disease history", 1), ("Primary tumor", 4), ("BVI", 1), ("Lymph nodes", 1),
    ("Anal metastasis", 5), ("Follow-up time (mo) and recurrence", 1),
)
# The lower header row's labels under the spanning ones, left to right.
LOWER = {
    "Primary tumor": ("Location", "Surgery", "Stage", "Pathology"),
    "Anal metastasis": ("Symptoms", "Time after primary surgery", "Surgery", "Pathology", "Chemo or radiotherapy"),
}
PROSE = "Anal metastasis of colorectal cancer is rare; the published cases are summarised below."
AFTER = "The cases above were found in PubMed."


def seed_table() -> tuple[str, list[list[str]], str]:
    """Return the seed's Table 1 as printed: its caption line, its body rows' cell texts and its legend."""
    path = next(config.RAW_DIR.glob("000_*.txt"))
    [table] = lines_to_tables(text_to_lines(decode(path.read_bytes(), path.name)[0]), "seed")
    lines = list(enumerate(str(table["body"]).split("\n"), start=int(table["body_first_line"])))
    rows = [[cell.text for cell in row] for row in cell_per_line.block_to_rows(cell_per_line.lines_to_block(lines))]
    return f"Table 1 {table['caption']}", rows[2:], str(table["legend"])


def write_docx(path: Path) -> Path:
    """Write the seed's Table 1 as a Word document (header spans as merged cells); return the path."""
    import docx

    caption, body, legend = seed_table()
    width = sum(span for _, span in UPPER)
    document = docx.Document()
    document.add_paragraph(PROSE)
    document.add_paragraph(caption)
    table = document.add_table(rows=2 + len(body), cols=width)
    column = 0
    for label, span in UPPER:
        if span == 1:
            merged = table.cell(0, column).merge(table.cell(1, column))
            merged.text = label
        else:
            table.cell(0, column).merge(table.cell(0, column + span - 1)).text = label
            for offset, lower in enumerate(LOWER[label]):
                table.cell(1, column + offset).text = lower
        column += span
    for row_number, row in enumerate(body, start=2):
        for column_number, text in enumerate(row):
            table.cell(row_number, column_number).text = text
    document.add_paragraph(legend)
    document.add_paragraph("")
    document.add_paragraph(AFTER)
    document.save(path)
    return path


def write_html(path: Path) -> Path:
    """Write the seed's Table 1 as a journal-style HTML page (header spans as rowspan and colspan); return the path."""
    caption, body, legend = seed_table()
    upper = "".join(
        f'<th rowspan="2">{html.escape(label)}</th>' if span == 1 else f'<th colspan="{span}">{html.escape(label)}</th>'
        for label, span in UPPER
    )
    lower = "".join(f"<th>{html.escape(label)}</th>" for label, span in UPPER if span > 1 for label in LOWER[label])
    rows = "\n".join("<tr>" + "".join(f"<td>{html.escape(text)}</td>" for text in row) + "</tr>" for row in body)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Anal metastasis review</title></head>
<body>
<h1>Anal metastasis review</h1>
<p>{html.escape(PROSE)}</p>
<div class="table-wrap">
<table>
<caption>{html.escape(caption)}</caption>
<thead>
<tr>{upper}</tr>
<tr>{lower}</tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
<p class="table-foot">{html.escape(legend)}</p>
</div>
<h2>Discussion</h2>
<p>{html.escape(AFTER)}</p>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    print(write_docx(folder / "meng2022_table1.docx"), write_html(folder / "meng2022_table1.html"))

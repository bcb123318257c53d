"""Runs of aligned lines on a PDF page, and which of them are tables.

Prose sets a line as one phrase (words a space apart); a table's lines break
into phrases at its column gaps. So a run of at least ``MIN_ROWS`` lines of
two or more phrases each, close together and sharing at least two columns,
is a table (``runs_of_rows``, ``is_table``), unless it is a list (a bulleted
one, a table's notes, numbered headings, a glossary), a chart's labels over
its axis, or justified prose whose words stand as far apart as columns.
"""

from __future__ import annotations

from typing import Sequence

import regex

from pipeline.sources.pdf_grid import CELL_LINE_GAP, ranges_to_columns
from pipeline.sources.pdf_pages import TextLine, line_to_phrases, overlap
from pipeline.values.statistics import shape_of

MIN_ROWS = 3  # fewer aligned lines than this are a list or a formula, not a table
ROW_GAP = 2.0  # in em: a run of table lines breaks at a wider vertical gap


def runs_of_rows(lines: Sequence[TextLine], labels_inside: bool = False) -> list[list[TextLine]]:
    """Given a page's lines top to bottom, return the runs of tabular lines: several phrases each, close together.

    A line of one phrase ends a run (a caption, a title or prose between two
    tables keeps them apart), unless, ``labels_inside`` (under a caption,
    where a table is known to start), it sits inside the run: close to the
    tabular lines above and below it, short, starting at the run's left edge
    or under a cell of the line above (a group row's label, a row label or a
    header label wrapped onto a line of its own). Without a caption the
    short last line of a paragraph of widely spaced prose would join it.
    """
    runs: list[list[TextLine]] = []
    tabular = [len(line_to_phrases(line)) > 1 for line in lines]
    for position, line in enumerate(lines):
        close = bool(runs and runs[-1]) and line.top - runs[-1][-1].bottom <= ROW_GAP * line.height
        if not tabular[position] and runs and runs[-1] and _wraps_a_cell(line, runs[-1]):
            runs[-1].append(line)
        elif not tabular[position] and labels_inside:
            # A few lone labels in a row ("Lifestyle", then "Smoking status") may stand between two tabular lines.
            following = next((other for other, is_row in zip(lines[position + 1 : position + 4], tabular[position + 1 : position + 4]) if is_row), None)
            after = lines[position + 1] if position + 1 < len(lines) else None
            near = after is not None and after.top - line.bottom <= ROW_GAP * line.height
            if close and near and following is not None and _inside(line, runs[-1], following, after is following):
                runs[-1].append(line)
            else:
                runs.append([])
        elif not tabular[position]:
            runs.append([])
        elif close:
            runs[-1].append(line)
        else:
            runs.append([line])
    return [run for run in runs if run]


def _wraps_a_cell(line: TextLine, run: Sequence[TextLine]) -> bool:
    """Given a line of one phrase and the run above it, return whether it is one of the run's last row's cells wrapped, a
    wrapped line's gap below the run's last line and clear of the cells beside it: its label, under the label of the run's
    last tabular line ("High CVD risk" / "group"; "Interaction effect" / "between treatment" / "and PS subgroup"), or a value
    right under its first line and short ("<" / "0.001"; a line of a bulleted paragraph goes on the width of its text). So
    the table's last row keeps its last lines."""
    last = next((other for other in reversed(run) if len(line_to_phrases(other)) > 1), None)
    if last is None or line.top - run[-1].bottom > CELL_LINE_GAP * line.height:
        return False
    phrases = line_to_phrases(last)
    lefts, rights = [-float("inf"), *(phrase.x1 for phrase in phrases)], [*(phrase.x0 for phrase in phrases[1:]), float("inf")]
    short = run[-1] is last and line.x1 - line.x0 <= (last.x1 - last.x0) / 3
    return any(overlap(phrase.x0, phrase.x1, line.x0, line.x1) > 0 and left < line.x0 and line.x1 < right and (not index or short)
               for index, (phrase, left, right) in enumerate(zip(phrases, lefts, rights)))


def _inside(line: TextLine, run: Sequence[TextLine], following: TextLine, next_is_row: bool = False) -> bool:
    """Given a line of one phrase, the run of tabular lines above it, the next tabular line and whether it follows at once,
    return whether the line is the run's own:
    it starts at the run's left edge or left of it where the next line starts (a group row's label), or lies under a phrase of the
    line above (a wrapped cell's last line)."""
    left, right = min(other.x0 for other in run), max(other.x1 for other in run)
    # Not a line of prose as wide as the run: a label is short, or spans the table right over a row of it ("Baseline
    # characteristics, median (10th–90th percentiles) or n (%)" between two rows).
    wide = line.x1 - line.x0 > 0.6 * (right - left) and not (next_is_row and abs(line.x0 - left) <= line.height)
    if following.top - line.bottom > 4 * ROW_GAP * line.height or line.x1 > right + line.height or wide:
        return False
    under = any(overlap(phrase.x0, phrase.x1, line.x0, line.x1) > 0 for phrase in line_to_phrases(run[-1]))
    # The run's left edge, or that of the row after it where the run so far is a header with no stub label over the rows' labels.
    edge = abs(line.x0 - left) <= line.height or (line.x0 < left and abs(line.x0 - following.x0) <= line.height)
    return edge or (under and line.top - run[-1].bottom <= line.height)


# A list's bullet set apart from its item: "•", "–", "▪", a symbol font's private-use glyph.
_BULLET = regex.compile(r"[•◦▪▫‣∙·●○■□►▶➢✓\-–—*\uf000-\uf0ff]")


# A note's lead set apart from its text: "GDP:", "Source:", "(*)", "a", "†", "(:)" (Eurostat's "not available").
_NOTE_LEAD = regex.compile(r".+:|\(?[*†‡§¶#a-z\d]{1,2}\)?|\([^\w\s]{1,3}\)")
# A chart's axis: ticks from zero by a constant step ("0% 10% 20% … 100%", "0 500 1000 1500 2000").
_TICK = regex.compile(r"(\d+(?:[.,]\d+)?)\s*%?")
MIN_TICKS = 5


# A section's number before its heading: "4", "4.1", "4.1.1.", "3.4".
_SECTION_NUMBER = regex.compile(r"\d+(?:\.\d+)*\.?")
# An abbreviation a glossary or a list of sources expands: "LDA", "PBUK", "OXIRM", "EU-27".
_ABBREVIATION = regex.compile(r"[A-Z][A-Z0-9&\-]{1,7}")
# Justified prose spreads its words evenly: gaps this alike (in points), between mostly lower-case words, are no columns.
_EVEN_GAPS = 1.5


def is_prose(phrases: Sequence[TextLine], width: float) -> bool:
    """Given a line's phrases and the width of the run it lies in, return whether it is a line of prose, not a row: a phrase
    across most of the run (a paragraph's line beside a bullet or a word set apart), or words spread evenly by justification
    (four gaps or more, alike to a point and a half, between words mostly opening in lower case)."""
    if len(phrases) > 1 and any(phrase.x1 - phrase.x0 > 0.7 * width for phrase in phrases):
        return True
    gaps = [right.x0 - left.x1 for left, right in zip(phrases, phrases[1:])]
    lower = sum(phrase.text[:1].islower() for phrase in phrases)
    return len(gaps) >= 4 and max(gaps) - min(gaps) <= _EVEN_GAPS and 2 * lower > len(phrases)


def is_axis(phrases: Sequence[TextLine]) -> bool:
    """Given a line's phrases, return whether they are a chart's axis: ``MIN_TICKS`` numbers or more from zero by a constant
    step, set evenly apart (a table's header of years does not start at zero)."""
    ticks = [_TICK.fullmatch(phrase.text) for phrase in phrases]
    if len(phrases) < MIN_TICKS or not all(ticks):
        return False
    values = [float(tick[1].replace(",", "")) for tick in ticks]
    centres = [(phrase.x0 + phrase.x1) / 2 for phrase in phrases]
    steps, spaces = {round(b - a, 6) for a, b in zip(values, values[1:])}, [b - a for a, b in zip(centres, centres[1:])]
    return values[0] == 0 and len(steps) == 1 and steps.pop() > 0 and max(spaces) - min(spaces) <= 0.1 * max(spaces)


def is_list(lines: Sequence[Sequence[TextLine]]) -> bool:
    """Given a run's lines as phrases, return whether it is a list, not a table: a table's notes (every line a lead such as
    "GDP:", "(*)" or "Source:" and text), numbered headings ("4.1 Who is affected…") or a glossary ("LDA La Distribution
    alimentaire", perhaps after a lead "Other sources:"); no value in any of them."""
    if any(shape_of(phrase.text) for line in lines for phrase in line[1:]):
        return False
    if all(_NOTE_LEAD.fullmatch(line[0].text) for line in lines):
        return True
    if all(len(line) == 2 and _SECTION_NUMBER.fullmatch(line[0].text) and line[1].text[:1].isupper() for line in lines):
        return True
    terms = [line[1] if line[0].text.endswith(":") and len(line) > 2 else line[0] for line in lines]
    return all(_ABBREVIATION.fullmatch(term.text) for term in terms)


def is_table(run: Sequence[TextLine]) -> bool:
    """Given a run of tabular lines, return whether it holds ``MIN_ROWS`` of them over at least two shared columns, and is no
    bulleted list (most lines opening with a bullet set apart), no list of notes, headings or abbreviations (``is_list``), no
    chart (a line of it an axis, ``is_axis``) and no prose (half its lines or more, ``is_prose``)."""
    phrases = [line_to_phrases(line) for line in run]
    if len(run) < MIN_ROWS or 2 * sum(bool(_BULLET.fullmatch(line[0].text)) for line in phrases) >= len(run) or is_list(phrases):
        return False
    if any(is_axis(line) for line in phrases):  # a chart's labels and its axis
        return False
    width = max(line.x1 for line in run) - min(line.x0 for line in run)
    if 2 * sum(is_prose(line, width) for line in phrases) >= len(run):
        return False
    return len(ranges_to_columns((phrase.x0, phrase.x1) for line in phrases for phrase in line)) >= 2

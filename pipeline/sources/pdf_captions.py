"""Table captions as journals print them: "Table 1 Title", "Table 1." / "Table 1:", "TABLE 1", "Table II", the number alone, "(continued)".

The rebuilt text always says ``Table N Title`` (arabic N), the form the text
path's caption pattern reads; the title is as printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.captions import MENTION, caption_match, table_label
from pipeline.sources.pdf_pages import Rule, TextLine, line_to_phrases

TITLE_LEADING = 0.5  # in em: a caption's wrapped title lines sit closer than this below each other


@dataclass(frozen=True)
class Caption:
    """A caption found on a page: its number, whether it says "(continued)", its lines and its title."""

    page: int  # index into the page list
    number: str  # its label: "2", "6.7", "S1" (``captions.table_label``)
    continued: bool
    lines: tuple[TextLine, ...]
    title: str

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines)

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines)

    @property
    def text(self) -> str:
        """The caption line of the rebuilt text: "Table N Title"."""
        return f"Table {self.number} {self.title}".rstrip()


def line_captions(index: int, lines: Sequence[TextLine], rules: Sequence[Rule]) -> list[Caption]:
    """Given a page index, its lines in reading order and its rules, return the captions on it.

    A title wraps onto the lines just below the caption line (closer than a
    paragraph gap, no rule between); a caption line with no title takes it
    from the line below ("TABLE 2" / "Outcomes at one year").
    """
    captions = []
    for position, line in enumerate(lines):
        match = caption_match(line.text)
        if match is None:
            continue
        taken = [line]
        for following in lines[position + 1 :]:
            previous = taken[-1]
            close = 0 <= following.top - previous.bottom < TITLE_LEADING * previous.height
            # A title's next line starts where it starts, or is centred as it is: a table's own title row under it is neither.
            aligned = following.x0 < previous.x1 and previous.x0 < following.x1 and (
                abs(following.x0 - line.x0) <= line.height or abs((following.x0 + following.x1) - (line.x0 + line.x1)) <= 2 * line.height)
            # A line of several phrases is a table's row, even right under its caption when no rule parts them.
            if not close or not aligned or caption_match(following.text) or len(line_to_phrases(following)) > 1 or any(
                previous.bottom <= rule.y <= following.top for rule in rules
            ):
                break
            taken.append(following)
        title = " ".join([match["title"], *(other.text for other in taken[1:])]).strip()
        captions.append(Caption(index, table_label(match), bool(match["continued"]), tuple(taken), title))
    return captions


def mentioned_numbers(texts: Sequence[tuple[int, str]]) -> dict[str, int]:
    """Given (1-based page, line text) pairs, return each table label the text names, with the first page naming it."""
    found: dict[str, int] = {}
    for page, text in texts:
        for match in MENTION.finditer(text):
            found.setdefault(table_label(match), page)
    return found

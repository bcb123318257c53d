"""Where a PDF's tables are: a caption line, the rules under it, and the parts it continues on over page breaks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import regex

from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Rule, TextLine, overlap, words_to_lines


CAPTION = regex.compile(r"^Table\s+(?P<number>\d+)\s+\p{Lu}")
FULL_WIDTH = 0.9  # share of the top rule a rule must cover to be the table's, not a spanning label's


@dataclass(frozen=True)
class Segment:
    """The part of a table on one page: its rules, where its body ends, and the lines it swallows above it."""

    page: int  # index into the page list
    top: Rule
    header: Rule | None
    bottom: float
    above: tuple[TextLine, ...]  # the caption, or a "Table N (continued)" line


@dataclass(frozen=True)
class TableLayout:
    """A captioned table found on the pages: its caption text and its parts, page by page."""

    caption: str
    caption_top: float
    segments: tuple[Segment, ...]


def covers(rule: Rule, top: Rule) -> bool:
    """Given a rule and a table's top rule, return whether the rule spans the table's width."""
    return overlap(rule.x0, rule.x1, top.x0, top.x1) >= FULL_WIDTH * (top.x1 - top.x0)


def full_rules(page: Page, top: Rule, end: float) -> list[Rule]:
    """Given a page, a table's top rule and where its zone ends, return the table-wide rules from the top rule down."""
    return [rule for rule in page.rules if top.y - RULE_Y_TOLERANCE <= rule.y < end and covers(rule, top)]


def header_words(page: Page, top: Rule, header: Rule) -> list[str]:
    """Given a page and a table's top and header rules, return the header's words, sorted, to compare repeats."""
    return sorted(
        word.text
        for word in page.words
        if top.y < (word.top + word.bottom) / 2 < header.y and top.x0 - 2 <= (word.x0 + word.x1) / 2 <= top.x1 + 2
    )


def continuation(page: Page, index: int, number: str, header: list[str]) -> tuple[Segment, list[Rule]] | None:
    """Given the page after a table's part, the table's number and header words, return the part it continues on, if any.

    The page must open with a rule, above which there is nothing but
    perhaps a "Table N (continued)" line, and repeat the header under it.
    """
    if not page.rules:
        return None
    top = page.rules[0]
    lines = words_to_lines(page.words)
    above = [line for line in lines if line.middle < top.y]
    if any(not regex.match(rf"^Table\s+{number}\b", line.text) for line in above):
        return None
    end = next((line.top for line in lines if line.top > top.y and CAPTION.match(line.text)), page.height)
    full = full_rules(page, top, end)
    if len(full) < 2 or header_words(page, top, full[1]) != header:
        return None
    return Segment(index, top, full[1], end, tuple(above)), full


def find_tables(pages: Sequence[Page]) -> list[TableLayout]:
    """Given the pages, return each captioned table with its parts, in reading order.

    A caption without a rule under it (before the next caption) is not a
    table here; its lines stay plain text.
    """
    tables: list[TableLayout] = []
    claimed: set[tuple[int, TextLine]] = set()
    for index, page in enumerate(pages):
        lines = words_to_lines(page.words)
        captions = [line for line in lines if CAPTION.match(line.text) and (index, line) not in claimed]
        for position, caption in enumerate(captions):
            end = captions[position + 1].top if position + 1 < len(captions) else page.height
            rules = [rule for rule in page.rules if caption.bottom < rule.y < end]
            if not rules:
                continue
            top = rules[0]
            full = full_rules(page, top, end)
            above = tuple(line for line in lines if caption.top <= line.top and line.middle < top.y)
            first = Segment(index, top, full[1] if len(full) > 1 else None, end, above)
            parts: list[tuple[Segment, list[Rule]]] = [(first, full)]
            number = CAPTION.match(caption.text)["number"]
            # Only a part with a header rule can be matched against the next page's repeat.
            repeat = header_words(page, first.top, first.header) if first.header else None
            while repeat is not None and parts[-1][0].page + 1 < len(pages):
                following = continuation(pages[parts[-1][0].page + 1], parts[-1][0].page + 1, number, repeat)
                if following is None:
                    break
                parts.append(following)
                claimed.update((following[0].page, line) for line in following[0].above)
            last, last_full = parts[-1]
            continued = len(parts) > 1
            if not continued and len(last_full) < 2:
                continue  # a lone rule under a caption frames no table
            # The last part ends at its bottom rule. A table of two rules has
            # no header rule: its first row is the header, as in the text export.
            bottom = last_full[-1].y if len(last_full) > (2 if continued else 1) else last.bottom
            header = last.header if continued or len(last_full) > 2 else None
            parts[-1] = (Segment(last.page, last.top, header, bottom, last.above), last_full)
            tables.append(
                TableLayout(" ".join(line.text for line in above), caption.top, tuple(segment for segment, _ in parts))
            )
    return tables

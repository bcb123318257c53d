"""A page's text columns: the gutter of a two-column page, the bands that span it, and the page's lines in reading order.

Grouped into lines across the whole page, the words of two text columns
set level with each other merge into one line ("...the cohort. Table 1.
Baseline ..."), so a caption goes unseen and a table inside one column
takes the neighbour's prose in. Here a page is cut into regions first:
full-width bands (a title, a table spanning both columns) and, between
them, a left and a right column, read in that order.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Sequence

from pipeline.sources.pdf_pages import Page, Rule, TextLine, Word, line_to_phrases, words_to_lines

GUTTER_ZONE = (0.3, 0.7)  # share of the page width where a gutter between two text columns may lie
MIN_GUTTER = 0.8  # em: narrower white strips are word spaces, not a gutter
MIN_SIDE_LINES = 6  # prose lines each side of a gutter (the last page's right column may be short)
MIN_LINE_WIDTH = 0.25  # share of the page width a text column's prose lines cover (six at least); a table's cells are narrower
SPANNING_RULE = 0.5  # share of the page width a rule across the gutter must cover to span both columns


@dataclass(frozen=True)
class Region:
    """A part of the page read as one: a full-width band or one text column of a band, in PDF points."""

    x0: float
    top: float
    x1: float
    bottom: float


def phrases_of(words: Sequence[Word]) -> list[TextLine]:
    """Given a page's words, return its phrases (which never cross a gutter, being cut at wide gaps)."""
    return [phrase for line in words_to_lines(words) for phrase in line_to_phrases(line)]


def find_gutter(page: Page) -> tuple[float, float] | None:
    """Given a page, return the x-range of the white strip between two text columns, or None for a one-column page.

    The strip is the widest x-range in the middle of the page that no phrase
    crosses except those of full-width bands, with enough lines each side as
    wide as prose lines (a table's cells are narrower) to be text columns.
    """
    phrases = phrases_of(page.words)
    if not phrases:
        return None
    em = median(phrase.height for phrase in phrases)
    lo, hi = GUTTER_ZONE[0] * page.width, GUTTER_ZONE[1] * page.width
    # Crossing phrases are the full-width ones; the strip is white for all others.
    edges = sorted({lo, hi, *(x for phrase in phrases for x in (phrase.x0, phrase.x1) if lo < x < hi)})
    best: tuple[float, float] | None = None
    for left, right in zip(edges, edges[1:]):
        if right - left < MIN_GUTTER * em or (best and right - left <= best[1] - best[0]):
            continue
        crossing = [phrase for phrase in phrases if phrase.x0 < right and phrase.x1 > left]
        sides = [[p for p in phrases if p.x1 <= left], [p for p in phrases if p.x0 >= right]]
        if len(crossing) > 0.5 * len(phrases):
            continue
        if all(
            len({round(p.top) for p in side}) >= MIN_SIDE_LINES
            and sum(p.x1 - p.x0 >= MIN_LINE_WIDTH * page.width for p in side) >= MIN_SIDE_LINES
            for side in sides
        ):
            best = (left, right)
    return best


def spanning_bands(page: Page, gutter: tuple[float, float]) -> list[tuple[float, float]]:
    """Given a page and its gutter, return the vertical bands that run across it, top to bottom, merged where they touch.

    A phrase across the gutter spans the page; so does a table across both
    columns, from its first rule across the gutter to its last.
    """
    left, right = gutter
    bands = [(p.top, p.bottom) for p in phrases_of(page.words) if p.x0 < right and p.x1 > left]
    crossing: list[Rule] = [
        rule for rule in page.rules if rule.x0 < left and rule.x1 > right and rule.x1 - rule.x0 >= SPANNING_RULE * page.width
    ]
    if len(crossing) >= 2:
        bands.append((min(rule.y for rule in crossing) - 1, max(rule.y for rule in crossing) + 1))
    merged: list[list[float]] = []
    for top, bottom in sorted(bands):
        if merged and top <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [(top, bottom) for top, bottom in merged]


def page_regions(page: Page) -> list[Region]:
    """Given a page, return its regions in reading order: the whole page when it has one text column."""
    gutter = find_gutter(page)
    if gutter is None:
        return [Region(0.0, 0.0, page.width, page.height)]
    middle = (gutter[0] + gutter[1]) / 2
    regions: list[Region] = []
    cursor = 0.0
    for top, bottom in [*spanning_bands(page, gutter), (page.height, page.height)]:
        if top > cursor:
            regions += [Region(0.0, cursor, middle, top), Region(middle, cursor, page.width, top)]
        if bottom > top:
            regions.append(Region(0.0, top, page.width, bottom))
        cursor = max(cursor, bottom)
    return regions


def region_of(regions: Sequence[Region], x: float, y: float) -> int:
    """Given the page's regions and a point, return the index of the region holding it (the last one for a point past them all)."""
    for index, region in enumerate(regions):
        if region.x0 <= x <= region.x1 and region.top <= y < region.bottom:
            return index
    return len(regions) - 1


def region_words(page: Page, regions: Sequence[Region]) -> list[list[Word]]:
    """Given a page and its regions, return the words of each region, in the regions' order."""
    by_region: list[list[Word]] = [[] for _ in regions]
    for word in page.words:
        by_region[region_of(regions, (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2)].append(word)
    return by_region


def page_lines(page: Page, regions: Sequence[Region] | None = None) -> list[TextLine]:
    """Given a page (and its regions, if known), return its lines in reading order, none of them across a gutter."""
    regions = page_regions(page) if regions is None else regions
    if len(regions) == 1:
        return words_to_lines(page.words)
    return [line for words in region_words(page, regions) for line in words_to_lines(words)]

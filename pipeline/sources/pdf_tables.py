"""Where a PDF's tables are: frames of rules, each paired by position with the caption above or below it, and the parts it continues on."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Sequence

import regex

from pipeline.sources.pdf_captions import Caption, line_captions
from pipeline.sources.pdf_columns import page_lines, page_regions
from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Rule, TextLine, line_to_phrases, overlap, words_to_lines

FULL_WIDTH = 0.9  # share of the top rule a rule must cover to be the table's, not a spanning label's
BLANK_BAND = 4.0  # in lines of the page's text: two rules this far apart with nothing between them frame no row
RULE_GAP = 3.0  # points: a rule ending this much short of the top rule's end does not reach it


@dataclass(frozen=True)
class Segment:
    """The part of a table on one page: its rules, where its body ends, and its caption lines (above or below it)."""

    page: int  # index into the page list
    top: Rule
    header: Rule | None
    bottom: float
    above: tuple[TextLine, ...]  # the caption, or a "Table N (continued)" line, wherever printed


@dataclass(frozen=True)
class TableLayout:
    """A captioned table found on the pages: its caption text ("Table N Title") and its parts, page by page."""

    caption: str
    caption_top: float  # where the table starts in reading order: its caption or its top rule, whichever is higher
    segments: tuple[Segment, ...]
    number: str | None = None  # its caption's label


@dataclass(frozen=True)
class Frame:
    """A run of rules on one page framing a table: the table-wide rules, top to bottom."""

    page: int
    rules: tuple[Rule, ...]

    @property
    def top(self) -> Rule:
        return self.rules[0]

    @property
    def bottom(self) -> float:
        return self.rules[-1].y


@dataclass(frozen=True)
class Located:
    """What the pages hold: the tables found, why each caption without a table has none, and each page's frames of rules no
    caption took (a ruled table without one, ``pdf_detect``)."""

    tables: tuple[TableLayout, ...]
    unpaired: tuple[tuple[Caption, str], ...]
    captions: tuple[Caption, ...]
    loose: tuple[tuple[Frame, ...], ...]


def covers(rule: Rule, top: Rule) -> bool:
    """Given a rule and a table's top rule, return whether the rule spans the table's width: nearly all of it, and not as
    side-by-side spanning labels' rules drawn end to end short of the stub's column (``group_rules``)."""
    return overlap(rule.x0, rule.x1, top.x0, top.x1) >= FULL_WIDTH * (top.x1 - top.x0) and not group_rules(rule, top)


def group_rules(rule: Rule, top: Rule) -> bool:
    """Given a rule and a table's top rule, return whether it is spanning labels' rules drawn end to end (joined, with joints)
    that stop short of the top rule's ends: over the column groups, not the stub; a rule drawn cell by cell runs end to end."""
    return bool(rule.joints) and (rule.x0 > top.x0 + RULE_GAP or rule.x1 < top.x1 - RULE_GAP)


def is_title_band(page: Page, top: Rule, rule: Rule) -> bool:
    """Given a page, a table's top rule and the next table-wide rule, return whether only a title lies between them:
    one label, on one or more lines, centred over the table and clear of its left edge (a stub's label or a group row's starts there)."""
    words = [word for word in page.words if top.y < (word.top + word.bottom) / 2 < rule.y and top.x0 - 2 <= (word.x0 + word.x1) / 2 <= top.x1 + 2]
    if not words:
        return False
    lines = words_to_lines(words)
    x0, x1 = min(word.x0 for word in words), max(word.x1 for word in words)
    width = top.x1 - top.x0
    centred = abs((x0 + x1) / 2 - (top.x0 + top.x1) / 2) < 0.1 * width
    return all(len(line_to_phrases(line)) == 1 for line in lines) and centred and x0 - top.x0 > 0.1 * width


def header_words(page: Page, top: Rule, header: Rule) -> list[str]:
    """Given a page and a table's top and header rules, return the header's words, sorted, to compare repeats."""
    return sorted(
        word.text
        for word in page.words
        if top.y < (word.top + word.bottom) / 2 < header.y and top.x0 - 2 <= (word.x0 + word.x1) / 2 <= top.x1 + 2
    )


# A figure's caption ("Figure 3.49: …", "Fig. 2", "Chart 1"): a chart's frame and grid lines under a table are not its rules.
FIGURE_CAPTION = regex.compile(r"^(?:Figure|Fig\.?|FIGURE|Chart|Graph)\s*(?:[A-Z]{0,3}\d|[IVX])")


def _blank_band(page: Page, upper: Rule, lower: Rule, top: Rule, line_height: float) -> bool:
    """Given a page, two rules, a frame's top rule and the page's line height, return whether the band between the rules is taller
    than a few lines and holds no text across the frame: a drawing's box under a table (a chart without labels), not a row."""
    return lower.y - upper.y > BLANK_BAND * line_height and not any(
        upper.y < (word.top + word.bottom) / 2 < lower.y and overlap(word.x0, word.x1, top.x0, top.x1) > 0 for word in page.words)


def crossed(page: Page, upper: Rule, lower: Rule) -> bool:
    """Given a page and two rules, return whether a vertical stroke crosses the band between them (a grid's column rule)."""
    middle = (upper.y + lower.y) / 2
    return any(top < middle < bottom and upper.x0 - 2 <= x <= upper.x1 + 2 for x, top, bottom in page.uprights)


def _titled_gap(page: Page, last: Rule, rule: Rule) -> bool:
    """Given a page and a frame's last rule and the next rule, under bands crossed by column rules, return whether the band
    between them is a gap between two grids: crossed by none, it holds text (the next grid's title)."""
    return not crossed(page, last, rule) and any(last.y < (word.top + word.bottom) / 2 < rule.y for word in page.words)


def page_frames(page: Page, index: int, captions: Sequence[Caption]) -> list[Frame]:
    """Given a page, its index and its captions, return its frames of two or more table-wide rules, top to bottom.

    A rule joins the frame above it when it is as wide as the frame's top
    rule (or shorter and inside it: a spanning label's) and no caption, a
    table's or a figure's, lies between them, nor a title between two grids of
    column rules; a wider or unrelated rule opens a new frame.
    """
    figures = [line for line in words_to_lines(page.words) if FIGURE_CAPTION.match(line.text)]
    line_height = statistics.median(word.bottom - word.top for word in page.words) if page.words else 0.0
    groups: list[list[Rule]] = []
    gridded = False  # whether a column rule crosses a band of the frame so far
    for rule in sorted(page.rules, key=lambda rule: rule.y):
        if groups:
            top, last = groups[-1][0], groups[-1][-1]
            inside = rule.x0 >= top.x0 - 2 and rule.x1 <= top.x1 + 2
            split = any(
                last.y < caption.top and caption.bottom < rule.y and overlap(caption.x0, caption.x1, top.x0, top.x1) > 0
                for caption in [*captions, *figures]
            ) or bool(line_height and _blank_band(page, last, rule, top, line_height)) or (gridded and _titled_gap(page, last, rule))
            if (covers(rule, top) or inside) and not split:
                groups[-1].append(rule)
                gridded = gridded or crossed(page, last, rule)
                continue
        groups.append([rule])
        gridded = False
    frames = [Frame(index, widened(tuple(rule for rule in group if covers(rule, group[0])))) for group in groups]
    return [frame for frame in frames if len(frame.rules) >= 2]


def widened(rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """Given a frame's rules, return them with the top rule as wide as the widest: a top rule drawn over the value columns
    only (not over the row labels) would leave the labels out of the table, though the rules under it frame them."""
    if not rules:
        return rules
    top = rules[0]
    return (Rule(min(rule.x0 for rule in rules), max(rule.x1 for rule in rules), top.y, top.joints), *rules[1:])


def caption_gap(caption: Caption, frame: Frame, frames: Sequence[Frame], one_column: bool, lines: Sequence[TextLine] = ()) -> float | None:
    """Given a caption and a frame on its page (all frames and text lines there, and whether the page has one text column),
    return the white between them, or None when the frame is not the nearest one above or below the caption, when a
    paragraph stands between them, or when, on a page of two text columns, they do not overlap across (a short caption set
    flush left over a centred table does)."""
    top = frame.top
    if not one_column and overlap(caption.x0, caption.x1, top.x0, top.x1) <= 0:
        return None
    if caption.bottom <= top.y + RULE_Y_TOLERANCE:  # the frame under its caption: no other frame starts between them
        upper, lower, edge = caption.bottom, top.y, lambda other: other.top.y
    elif caption.top >= frame.bottom - RULE_Y_TOLERANCE:  # the caption under its frame: no other frame ends between them
        upper, lower, edge = frame.bottom, caption.top, lambda other: other.bottom
    else:
        return None
    between = [other for other in frames if other is not frame and upper <= edge(other) <= lower and overlap(other.top.x0, other.top.x1, top.x0, top.x1) > 0]
    return None if between or _paragraph_between(caption, lines, upper, lower, top) else lower - upper


def _paragraph_between(caption: Caption, lines: Sequence[TextLine], upper: float, lower: float, top: Rule) -> bool:
    """Given a caption, its page's lines, the band between it and a frame and the frame's top rule, return whether two lines or
    more set larger than the caption stand in the band across the frame: body text, so the caption is not that frame's
    (a table's notes and subtitle are set as small as its caption, or smaller)."""
    size = statistics.median(line.height for line in caption.lines)
    body = [line for line in lines if upper < line.middle < lower and overlap(line.x0, line.x1, top.x0, top.x1) > 0 and line.height > 1.15 * size]
    return len(body) >= 2


def pair_captions(captions: Sequence[Caption], frames: Sequence[Frame], one_column: bool = True, lines: Sequence[TextLine] = ()) -> dict[int, Caption]:
    """Given one page's captions and frames (and whether it has one text column), return each paired frame's index with its caption: nearest first, each once.

    Pairing by position, not by order, keeps a caption printed under its
    table from taking the next table's rules.
    """
    candidates = sorted(
        (gap, below, position, number)
        for position, caption in enumerate(captions)
        for number, frame in enumerate(frames)
        if (gap := caption_gap(caption, frame, frames, one_column, lines)) is not None
        for below in [caption.top > frame.top.y]
    )
    paired: dict[int, Caption] = {}
    used: set[int] = set()
    for _, _, position, number in candidates:
        if position not in used and number not in paired:
            paired[number] = captions[position]
            used.add(position)
    return paired


def follows(frame: Frame, previous: Frame, pages: Sequence[Page], frames: Sequence[Sequence[Frame]]) -> bool:
    """Given a frame, the last part of a table and every page's frames, return whether the frame continues that table:
    the first frame of the next page, as wide as the part, with nothing framed below the part on its page."""
    if frame.page != previous.page + 1 or frames[frame.page][0] != frame or frames[previous.page][-1] != previous:
        return False
    return covers(frame.top, previous.top) and covers(previous.top, frame.top)


def _text_above(page: Page, frame: Frame, captions: Sequence[Caption]) -> bool:
    """Given a page, its first frame and its captions, return whether text other than a caption is printed above the frame
    across it: a heading or a paragraph opens that page, so the frame starts a table of its own (running heads are gone)."""
    captioned = {line for caption in captions for line in caption.lines}
    return any(line.bottom <= frame.top.y and line not in captioned and overlap(line.x0, line.x1, frame.top.x0, frame.top.x1) > 0
               for line in page_lines(page))


def part_segment(page: Page, frame: Frame, lines: tuple[TextLine, ...], repeat: list[str] | None, first: bool, last: bool) -> Segment:
    """Given a frame, its caption lines and the first part's header words, return the part as a segment.

    The first part's header ends at its second rule when a third closes
    the body (two rules frame a table whose first row is its header, as in
    the text export), or at its third when the second only rules off a title
    over the table (``is_title_band``); a later part has a header only when it repeats the
    first's. A part that runs on to the next page without a closing rule
    ends at the page's foot.
    """
    rules = frame.rules
    if first:
        header = rules[1] if len(rules) > 2 or (not last and len(rules) == 2) else None
        if header is not None and len(rules) > 3 and is_title_band(page, rules[0], rules[1]):
            header = rules[2]  # a title over the whole table, ruled off full width, then the header's own rows
    else:
        # A middle part repeating the header has only its top and header rules: it runs on to the next page.
        header = rules[1] if repeat is not None and (len(rules) > 2 or not last) and header_words(page, rules[0], rules[1]) == repeat else None
    closed = len(rules) > (2 if header is not None else 1)
    return Segment(frame.page, rules[0], header, rules[-1].y if closed else page.height, lines)


def locate_tables(pages: Sequence[Page]) -> Located:
    """Given the pages, return the tables found (each with its parts across page breaks) and the captions left without one."""
    regions = [page_regions(page) for page in pages]
    captions = [line_captions(index, page_lines(page, regions[index]), page.rules) for index, page in enumerate(pages)]
    frames = [page_frames(page, index, captions[index]) for index, page in enumerate(pages)]
    paired = [pair_captions(captions[index], frames[index], len(regions[index]) == 1, page_lines(pages[index], regions[index]))
              for index in range(len(pages))]
    continues = {(caption.page, caption.number) for page in captions for caption in page if caption.continued}
    tables: list[TableLayout] = []
    unpaired: list[tuple[Caption, str]] = []
    taken: set[Frame] = set()
    for index in range(len(pages)):
        for number, frame in enumerate(frames[index]):
            caption = paired[index].get(number)
            if caption is None or caption.continued or frame in taken:
                continue
            parts = [(frame, caption.lines)]
            while parts[-1][0].page + 1 < len(pages) and frames[parts[-1][0].page + 1]:
                following = frames[parts[-1][0].page + 1][0]
                label = paired[following.page].get(0)
                if following in taken or not follows(following, parts[-1][0], pages, frames) or \
                        _text_above(pages[following.page], following, captions[following.page]):
                    break
                if label is not None and not (label.continued and label.number == caption.number):
                    break
                if label is None and (following.page, caption.number) in continues:
                    break  # its "(continued)" caption sits elsewhere on that page
                parts.append((following, label.lines if label else ()))
            taken.update(part for part, _ in parts)
            first = part_segment(pages[index], frame, caption.lines, None, True, len(parts) == 1)
            repeat = header_words(pages[index], first.top, first.header) if first.header else None
            segments = [first] + [
                part_segment(pages[part.page], part, lines, repeat, False, position == len(parts) - 1)
                for position, (part, lines) in enumerate(parts[1:], start=1)
            ]
            tables.append(TableLayout(caption.text, min(caption.top, frame.top.y), tuple(segments), caption.number))
    claimed = {(segment.page, line) for table in tables for segment in table.segments for line in segment.above}
    for page in captions:
        for caption in page:
            if (caption.page, caption.lines[0]) not in claimed:
                why = "its continuation follows no part of that table" if caption.continued else "no rules frame a table next to it"
                unpaired.append((caption, why))
    loose = tuple(tuple(frame for frame in page if frame not in taken) for page in frames)
    return Located(tuple(tables), tuple(unpaired), tuple(caption for page in captions for caption in page), loose)

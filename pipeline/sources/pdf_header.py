"""A PDF table's header rows: spanning labels, ruled or centred over their columns, and the labels under them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.sources.pdf_grid import PlacedCell, cell_lines, column_of, placed_cell, ranges_to_columns, segment_words
from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Position, Rule, TextLine, overlap, words_to_phrases
from pipeline.sources.pdf_tables import Segment, covers


@dataclass(frozen=True)
class Span:
    """A spanning header label and the x-range of the columns it spans."""

    label: tuple[TextLine, ...]
    x0: float
    x1: float


def header_phrases(page: Page, segment: Segment) -> list[TextLine]:
    """Given a table's first part, return the phrases between its top and header rules (none without a header rule)."""
    if segment.header is None:
        return []
    return words_to_phrases(segment_words(page, segment, segment.top.y, segment.header.y))


def ruled_spans(phrases: Sequence[TextLine], page: Page, segment: Segment) -> list[Span]:
    """Given the header phrases and the table's first part, return the spans marked by a short rule under their label."""
    short = [
        rule
        for rule in page.rules
        if segment.top.y + RULE_Y_TOLERANCE < rule.y < segment.header.y - RULE_Y_TOLERANCE and not covers(rule, segment.top)
    ]
    spans: list[Span] = []
    used: set[TextLine] = set()
    for rule in short:
        label = [
            phrase
            for phrase in phrases
            if phrase not in used
            and phrase.bottom <= rule.y + RULE_Y_TOLERANCE
            and rule.x0 <= (phrase.x0 + phrase.x1) / 2 <= rule.x1
        ]
        if label:
            spans.extend(split_rule(tuple(label), rule))
            used.update(label)
    return spans


def split_rule(label: tuple[TextLine, ...], rule: Rule) -> list[Span]:
    """Given the phrases over one short rule, return its spans: one, or one per label when labels stand side by side on one line.

    Adjacent spans drawn without a gap ("Univariable" and "Multivariable" each
    over its two columns) join into one rule; the labels' own line says there
    are two, and the rule is cut halfway between them.
    """
    ordered = sorted(label, key=lambda phrase: phrase.x0)
    side_by_side = len(ordered) > 1 and all(
        left.x1 < right.x0 and left.top < right.bottom and right.top < left.bottom for left, right in zip(ordered, ordered[1:])
    )
    if not side_by_side:
        return [Span(label, rule.x0, rule.x1)]
    cuts = [rule.x0, *((left.x1 + right.x0) / 2 for left, right in zip(ordered, ordered[1:])), rule.x1]
    return [Span((phrase,), cuts[index], cuts[index + 1]) for index, phrase in enumerate(ordered)]


def add_header_columns(columns: Sequence[tuple[float, float]], labels: Sequence[TextLine]) -> list[tuple[float, float]]:
    """Given the body's columns and the header labels, return the columns plus those only the header names.

    A label must stand a text height clear of every body column to make one:
    a centred label over short left-aligned values may miss them by a point
    or two and is no column of its own.
    """
    extra = [
        (label.x0, label.x1)
        for label in labels
        if all(overlap(label.x0, label.x1, *column) <= -label.height for column in columns)
    ]
    return sorted([*columns, *ranges_to_columns(extra)]) if extra else list(columns)


def centred_run(
    label: TextLine,
    crossed: Sequence[int],
    columns: Sequence[tuple[float, float]],
    blocked: set[int],
    table: tuple[float, float],
) -> tuple[int, int]:
    """Given an unruled spanning label, the columns its text crosses and those it cannot span, return its first and last column.

    A centred label may be narrower than its columns, so the run is widened
    to the one, of up to three more columns each side, whose middle is
    nearest the label's; a column's edge is taken halfway across the gap to
    its neighbour, the table's outer edges at the top rule's ends.
    """

    def edge(index: int, side: int) -> float:
        neighbour = index + side
        if not 0 <= neighbour < len(columns):
            return table[0] if side < 0 else table[1]
        if side < 0:
            return (columns[index][0] + columns[neighbour][1]) / 2
        return (columns[index][1] + columns[neighbour][0]) / 2

    lefts = [crossed[0]]
    while len(lefts) < 4 and lefts[-1] - 1 >= 0 and lefts[-1] - 1 not in blocked:
        lefts.append(lefts[-1] - 1)
    rights = [crossed[-1]]
    while len(rights) < 4 and rights[-1] + 1 < len(columns) and rights[-1] + 1 not in blocked:
        rights.append(rights[-1] + 1)
    middle = (label.x0 + label.x1) / 2
    return min(
        ((first, last) for first in lefts for last in rights),
        key=lambda run: (abs((edge(run[0], -1) + edge(run[1], 1)) / 2 - middle), run[1] - run[0]),
    )


def unruled_spans(
    phrases: Sequence[TextLine], columns: Sequence[tuple[float, float]], ruled: Sequence[Span], top: Rule
) -> list[Span]:
    """Given the header phrases outside ruled spans, the columns, those spans and the top rule, return the unruled spans.

    Without a rule, a label whose text crosses two or more columns spans
    them; its run is settled by ``centred_run``. A column's extent there
    includes its own header label, as body values are often short.
    """
    widened = [list(column) for column in columns]
    for phrase in phrases:
        if sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) <= 1:
            index = column_of(phrase, columns)
            widened[index] = [min(widened[index][0], phrase.x0), max(widened[index][1], phrase.x1)]
    spans: list[Span] = []
    for phrase in phrases:
        crossed = [index for index, column in enumerate(columns) if overlap(phrase.x0, phrase.x1, *column) > 0]
        if len(crossed) < 2 or any(span.x0 <= (phrase.x0 + phrase.x1) / 2 <= span.x1 for span in [*ruled, *spans]):
            continue
        # Columns with other header text level with the label, or under another span, are not under this one.
        level = [other for other in phrases if other is not phrase and other.top < phrase.bottom and phrase.top < other.bottom]
        blocked = {column_of(other, columns) for other in level}
        blocked |= {
            index for index, column in enumerate(columns) for span in [*ruled, *spans] if overlap(span.x0, span.x1, *column) > 0
        }
        first, last = centred_run(phrase, crossed, [(x0, x1) for x0, x1 in widened], blocked, (top.x0, top.x1))
        spans.append(Span((phrase,), columns[first][0], columns[last][1]))
    return spans


def header_rows(
    page: Page, segment: Segment, phrases: Sequence[TextLine], spans: Sequence[Span], columns: Sequence[tuple[float, float]]
) -> list[list[PlacedCell]]:
    """Given a table's first part, its header phrases, spans and columns, return its header rows (one or two), full width.

    A span gives the upper row its label in the first spanned column and
    blanks in the others; the labels under it form the lower row. A column
    under no span keeps its whole label in the upper row, blank below, so
    ``pipeline.headers.fill_right`` spreads no span onto it.
    """
    top, bottom = segment.top.y, segment.header.y
    spanned: dict[int, int] = {}  # column → its span
    for number, span in enumerate(spans):
        for index, (x0, x1) in enumerate(columns):
            if overlap(span.x0, span.x1, x0, x1) >= 0.5 * min(x1 - x0, span.x1 - span.x0):
                spanned.setdefault(index, number)
    labelled = {phrase for span in spans for phrase in span.label}
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for phrase in phrases:
        if phrase not in labelled:
            by_column[column_of(phrase, columns)].append(phrase)

    def blank(index: int) -> PlacedCell:
        return PlacedCell("", Position(page.number, columns[index][0], top, columns[index][1], bottom))

    labels = [placed_cell(page.number, cell_lines(found), blank(index).position) for index, found in enumerate(by_column)]
    if not spans:
        return [labels]
    upper = [blank(index) if index in spanned else labels[index] for index in range(len(columns))]
    lower = [labels[index] if index in spanned else blank(index) for index in range(len(columns))]
    for number, span in enumerate(spans):
        members = [index for index, owner in spanned.items() if owner == number]
        if members:
            upper[min(members)] = placed_cell(page.number, cell_lines(span.label), blank(min(members)).position)
    return [upper, lower]

"""A PDF table's header rows: spanning labels, ruled or centred over their columns, and the labels under them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from pipeline.header_text import GROUP_SIZE, is_header_token, leaves_label_open
from pipeline.headers import PATH_SEPARATOR
from pipeline.sources.pdf_grid import (CELL_LINE_GAP, ROOM_SLACK, PlacedCell, cell_lines, column_of, fits_after, lines_to_blocks, placed_cell,
                                       ranges_to_columns, segment_words, union)
from pipeline.sources.pdf_pages import RULE_Y_TOLERANCE, Page, Position, Rule, TextLine, overlap, words_to_phrases
from pipeline.sources.pdf_tables import Segment, covers, is_title_band
from pipeline.values.statistic_names import names_p_value


# In line heights: how much further off a label's middle a wider run's middle may be and still be the label's run.
CENTRE_SLACK = 1.5


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
    """Given the header phrases and the table's first part, return the spans marked by a short rule under their label.

    Spanning groups side by side whose rules meet end to end may together run
    almost the table's width (all but the stub's column): such a rule is theirs
    (``pdf_tables.covers``).
    """
    short = [
        rule
        for rule in page.rules
        if segment.top.y + RULE_Y_TOLERANCE < rule.y < segment.header.y - RULE_Y_TOLERANCE and not covers(rule, segment.top)
    ]
    inside = [rule for rule in page.rules if segment.top.y + RULE_Y_TOLERANCE < rule.y < segment.header.y - RULE_Y_TOLERANCE]
    spans: list[Span] = []
    used: set[TextLine] = set()
    for rule in short:
        # A label sits right over its rule: another rule between them (a title's, ruled off above) parts them.
        label = [
            phrase
            for phrase in phrases
            if phrase not in used
            and phrase.bottom <= rule.y + RULE_Y_TOLERANCE
            and rule.x0 <= (phrase.x0 + phrase.x1) / 2 <= rule.x1
            and not any(phrase.bottom < other.y < rule.y - RULE_Y_TOLERANCE and overlap(other.x0, other.x1, phrase.x0, phrase.x1) > 0 for other in inside)
        ]
        if label:
            spans.extend(split_rule(tuple(label), rule))
            used.update(label)
    return spans


def title_span(phrases: Sequence[TextLine], page: Page, segment: Segment) -> list[Span]:
    """Given the header phrases and the table's first part, return the title over the whole table, when a table-wide rule
    rules it off from the header's own rows (``pdf_tables.is_title_band``), as a span over every column; else none."""
    ruled_off = [rule for rule in page.rules if segment.top.y + RULE_Y_TOLERANCE < rule.y < segment.header.y - RULE_Y_TOLERANCE
                 and covers(rule, segment.top) and is_title_band(page, segment.top, rule)]
    if not ruled_off:
        return []
    title = tuple(phrase for phrase in phrases if phrase.bottom <= ruled_off[0].y)
    return [Span(title, segment.top.x0, segment.top.x1)] if title else []


def split_rule(label: tuple[TextLine, ...], rule: Rule) -> list[Span]:
    """Given the phrases over one short rule, return its spans: one, or one per label when labels stand side by side.

    Adjacent spans drawn without a gap ("Univariable" and "Multivariable" each
    over its two columns) join into one rule; the labels say there are two:
    their phrases fall into separate stacks, each a label of one line or
    wrapped over several ("Women (n =" over "13,980)" beside "Men (n = 8233)"),
    and the rule is cut halfway between the stacks, at the joint of its strokes nearest there, if any (each label's rule
    ends where its last column does).
    """
    stacks: list[list[TextLine]] = []
    for phrase in sorted(label, key=lambda phrase: phrase.x0):
        if stacks and phrase.x0 < max(other.x1 for other in stacks[-1]):
            stacks[-1].append(phrase)
        else:
            stacks.append([phrase])
    if len(stacks) < 2:
        return [Span(label, rule.x0, rule.x1)]
    edges = [(min(phrase.x0 for phrase in stack), max(phrase.x1 for phrase in stack)) for stack in stacks]
    cuts = [rule.x0]
    for left, right in zip(edges, edges[1:]):
        halfway = (left[1] + right[0]) / 2
        joints = [joint for joint in rule.joints if left[0] < joint < right[1]]  # between the two labels' middles' reach
        cuts.append(min(joints, key=lambda joint: abs(joint - halfway)) if joints else halfway)
    cuts.append(rule.x1)
    return [Span(tuple(sorted(stack, key=lambda phrase: (phrase.top, phrase.x0))), cuts[index], cuts[index + 1])
            for index, stack in enumerate(stacks)]


def add_header_columns(columns: Sequence[tuple[float, float]], labels: Sequence[TextLine]) -> list[tuple[float, float]]:
    """Given the body's columns and the header labels, return the columns plus those only the header names.

    A label must stand a text height clear of every body column to make one:
    a centred label over short left-aligned values may miss them by a point
    or two and is no column of its own; nor is one over other labels (a
    spanning label a rule does not mark, "Goats" over "n" and "95% C.I.").
    """
    extra = [
        (label.x0, label.x1)
        for label in labels
        if all(overlap(label.x0, label.x1, *column) <= -label.height for column in columns)
        and not any(other.top >= label.bottom and overlap(other.x0, other.x1, label.x0, label.x1) > 0 for other in labels)
    ]
    return sorted([*columns, *ranges_to_columns(extra)]) if extra else list(columns)


def centred_run(
    label: TextLine,
    crossed: Sequence[int],
    columns: Sequence[tuple[float, float]],
    blocked: set[int],
    table: tuple[float, float],
    under: frozenset[int] = frozenset(),
) -> tuple[int, int]:
    """Given an unruled spanning label, the columns its text crosses, those it cannot span and those with labels below it,
    return its first and last column. A column it cannot span with a label below is contested: another label level with it
    may span it ("Sheep" beside "Goats").

    A centred label may be narrower than its columns, so the run is widened
    to the one, of up to three more columns each side, whose middle is
    nearest the label's (the widest of those about as near, over no
    contested column, though up to one); a column's edge
    is taken halfway across the gap to its neighbour, the table's outer edges
    at the top rule's ends.
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
    runs = [(abs((edge(first, -1) + edge(last, 1)) / 2 - middle), first, last) for first in lefts for last in rights]
    # Left-aligned columns put a run's middle off its labels' middle: of runs centred as well, give or take a letter's width
    # or so, the widest ("HR (95% CI)" over four models, not over the middle two). As well centred over its columns' text
    # will do: a column's padding may leave the table's outer edge further off.
    _, near_first, near_last = min(runs, key=lambda run: (run[0], run[2] - run[1]))
    contested = blocked & under
    nearest = min(offset for offset, _, _ in runs)
    runs = [(min(offset, abs((columns[first][0] + columns[last][1]) / 2 - middle)), first, last) for offset, first, last in runs]

    def clear(first: int, last: int) -> bool:
        # Widened only over columns labelled below it, and never over a column a neighbouring spanning label may take: up to
        # it ("Current study" over three facilities, beside "Published study" over two).
        if (first, last) == (near_first, near_last):
            return True
        return all(index in under for index in range(first, last + 1)) and first not in contested and last not in contested

    _, first, last = max((run for run in runs if run[0] <= nearest + CENTRE_SLACK * label.height and clear(run[1], run[2])),
                         key=lambda run: (run[2] - run[1], -run[0]))
    return first, last


def repeated_runs(labels: Sequence[TextLine], below: Sequence[TextLine], columns: Sequence[tuple[float, float]]) -> dict[TextLine, tuple[int, int]]:
    """Given the labels of one header line, the header phrases under them and the columns, return the run of each label that
    stands over one repetition of the line below: the same sub-labels printed under each group ("APC, 95% CI, Period, t, P"
    under "Trend 1#" and again under "Trend 2#"), each group's label over its own repetition; none where the line below
    repeats nothing, or not once per label.

    A centred label narrower than its group is as near the middle of the group's inner columns as of all of them; the
    repetition says where each group starts and ends.
    """
    if len(labels) < 2 or not below:
        return {}
    top = min(line.top for line in below)
    subs = sorted((line for line in below if line.top < top + line.height / 2), key=lambda line: line.x0)
    placed = [column_of(line, columns) for line in subs]
    # The line below must hold the leaf labels, one a column: labels spanning further lines of their own repeat groups of theirs.
    if len(set(placed)) != len(subs) or {column_of(line, columns) for line in below} != set(placed):
        return {}
    texts = [" ".join(line.text.split()) for line in subs]
    best: tuple[int, int, int] | None = None  # (start, period, repetitions)
    for period in range(2, len(subs) // 2 + 1):
        for start in range(len(subs) - 2 * period + 1):
            repetitions = 1
            while texts[start + repetitions * period : start + (repetitions + 1) * period] == texts[start : start + period]:
                repetitions += 1
            if repetitions >= 2 and (best is None or repetitions * period > best[1] * best[2]):
                best = (start, period, repetitions)
    if best is None:
        return {}
    start, period, repetitions = best
    groups = [(placed[start + group * period], placed[start + (group + 1) * period - 1]) for group in range(repetitions)]
    runs: dict[TextLine, tuple[int, int]] = {}
    for first, last in groups:
        over = [label for label in labels if columns[first][0] <= (label.x0 + label.x1) / 2 <= columns[last][1]]
        if len(over) != 1 or over[0] in runs or sum(first <= column <= last for column in placed) != period:
            return {}
        runs[over[0]] = (first, last)
    return runs


def unruled_spans(
    phrases: Sequence[TextLine], columns: Sequence[tuple[float, float]], ruled: Sequence[Span], top: Rule
) -> list[Span]:
    """Given the header phrases outside ruled spans, the columns, those spans and the top rule, return the unruled spans.

    Without a rule, a label spans columns when its text crosses two or more,
    or when, narrower, it is centred over two or more that each have a label
    of their own below it ("Model 1" over "HR (95% CI)" and "P value"); its
    run is settled by ``centred_run``. A column's extent there includes its
    own header label, as body values are often short. The lines right under
    the label within the run, a wrapped line's gap below, are its own too
    ("Controls (n =" over "272)").
    """
    widened = [list(column) for column in columns]
    for phrase in phrases:
        if sum(overlap(phrase.x0, phrase.x1, *column) > 0 for column in columns) <= 1:
            index = column_of(phrase, columns)
            widened[index] = [min(widened[index][0], phrase.x0), max(widened[index][1], phrase.x1)]
    spans: list[Span] = []
    taken: set[TextLine] = set()
    tested = [phrase for phrase in phrases if names_p_value(phrase.text)]
    lone_p_value = {column_of(tested[0], columns)} if len(tested) == 1 else set()
    for phrase in phrases:
        level_spans = [span for span in [*ruled, *spans] if any(line.top < phrase.bottom and phrase.top < line.bottom for line in span.label)]
        if phrase in taken or any(span.x0 <= (phrase.x0 + phrase.x1) / 2 <= span.x1 for span in level_spans):
            continue
        crossed = [index for index, column in enumerate(columns) if overlap(phrase.x0, phrase.x1, *column) > 0] or [column_of(phrase, columns)]
        # Columns with other header text level with the label, or under another span, are not under this one.
        level = [other for other in phrases if other is not phrase and other.top < phrase.bottom and phrase.top < other.bottom]
        blocked = {column_of(other, columns) for other in level}
        # A span level with this label blocks its columns; one above (a title over the table) blocks nothing.
        blocked |= {index for index, column in enumerate(columns) for span in level_spans if overlap(span.x0, span.x1, *column) > 0}
        below = [other for other in phrases if other.top >= phrase.bottom and other not in taken]
        # Sub-labels sit below the label's last line, not beside its wrapped lines ("Anal / disease / history"), nor are they the
        # wrapped lines of the labels level with it ("PC" / "(%)"): however close, when rows are set close.
        wraps = {other: _wrapped_lines(other, below, other.x0, other.x1) for other in [phrase, *level]}
        last_line = ([phrase, *wraps[phrase]])[-1]
        lower = [other for other in below if other.top >= last_line.bottom - 0.2 * phrase.height
                 and not any(other in lines for lines in wraps.values())]
        # A p-value column beside the run is the test between its groups, not one of them: the run is not widened over it, and
        # where it is the table's only one, not even to centre the label (several, one under each group, are each group's own).
        under = frozenset(column_of(other, columns) for other in lower if not names_p_value(other.text))
        blocked |= lone_p_value - set(crossed)
        # Every label of the line counts, those already spanning too: each repetition must stand under one of them.
        repeated = repeated_runs(sorted({phrase, *level, *(span.label[0] for span in level_spans)}, key=lambda line: line.x0), lower, columns)
        if phrase in repeated:
            first, last = repeated[phrase]
        else:
            first, last = centred_run(phrase, crossed, [(x0, x1) for x0, x1 in widened], blocked, (top.x0, top.x1), under)
        # A sub-label lies under one label above it, never across two: its run ends where the span over it does.
        middle = (phrase.x0 + phrase.x1) / 2
        over = [span for span in [*ruled, *spans] if span.label[-1].bottom <= phrase.top and span.x0 <= middle <= span.x1]
        if over:
            nearest = max(over, key=lambda span: span.label[-1].bottom)
            inside = [index for index, column in enumerate(columns) if overlap(*column, nearest.x0, nearest.x1) > 0]
            first, last = max(first, inside[0]), min(last, inside[-1])
        labelled = {column_of(other, columns) for other in lower if first <= column_of(other, columns) <= last}
        # The header's last label, set right under two or more labels of the line above and across them ("No. of patients (%)"
        # under two arms), is each one's, though narrower than their columns and with nothing under it.
        straddled = _straddled(phrase, phrases, columns)
        if not lower and len(straddled) > 1 and straddled[-1] - straddled[0] + 1 == len(straddled):
            first, last = straddled[0], straddled[-1]
        elif last == first or (len(crossed) < 2 and len(labelled) < last - first + 1):
            continue
        wrapped = _wrapped_lines(phrase, below, columns[first][0], columns[last][1])
        taken.update((phrase, *wrapped))
        spans.append(Span((phrase, *wrapped), columns[first][0], columns[last][1]))
    return spans


def _straddled(label: TextLine, phrases: Sequence[TextLine], columns: Sequence[tuple[float, float]]) -> list[int]:
    """Given a header label, the header phrases and the columns, return the columns whose labels stand right above it (their
    last line a line's height above it) and which it lies across: each such label's wrapped lines count, so a label centred
    under two wrapped ones crosses them where it misses their short last lines ("No. of patients (%)" under "IMRT (non-IGRT)
    (No." / "= 79)" and "HT (IGRT) (No. =" / "73)")."""
    above: dict[int, list[TextLine]] = {}
    for other in sorted((other for other in phrases if other is not label and other.bottom <= label.top), key=lambda line: -line.bottom):
        stack = above.setdefault(column_of(other, columns), [])
        if not stack:  # the lowest label line, a line's height above
            right_above = label.top - other.bottom <= label.height
        else:  # then the lines it wraps from
            right_above = stack[-1] in _wrapped_lines(other, [line for line in phrases if line.top >= other.bottom], other.x0, other.x1)
        if right_above:
            stack.append(other)
    return sorted(column for column, stack in above.items()
                  if stack and overlap(min(line.x0 for line in stack), max(line.x1 for line in stack), label.x0, label.x1) > 0)


def _wrapped_lines(label: TextLine, below: Sequence[TextLine], x0: float, x1: float) -> list[TextLine]:
    """Given a spanning label, the header phrases below it and its run's x-range, return the lines it wraps onto:
    each next one a wrapped line's gap below, centred within the run like it."""
    lines: list[TextLine] = []
    previous = label
    for other in sorted(below, key=lambda line: line.top):
        gap = other.top - previous.bottom
        if gap > CELL_LINE_GAP * previous.height:
            break
        if x0 <= (other.x0 + other.x1) / 2 <= x1 and _aligned(previous, other) and 0 <= gap:
            # Set close, the labels under it are told from its wrapped line by standing side by side under it, or by opening a
            # level of their own.
            # Level with it: most of their heights shared (a raised marker sets "I², %" lower than "P for Q test" beside it).
            beside = any(line is not other and min(line.bottom, other.bottom) - max(line.top, other.top) > 0.5 * other.height
                         and overlap(line.x0, line.x1, x0, x1) > 0 for line in below)
            if beside or opens_level(previous, other, x1):
                break
            lines.append(other)
            previous = other
    return lines


def _aligned(upper: TextLine, lower: TextLine) -> bool:
    """Given a label's line and the line under it, return whether they are aligned as one cell's lines are: on the left, the
    right or the middle, give or take a quarter of a line's height ("Relative change" under "All stages", off every way, is a
    label of its own)."""
    tolerance = 0.25 * lower.height
    return (abs(upper.x0 - lower.x0) <= tolerance or abs(upper.x1 - lower.x1) <= tolerance
            or abs((upper.x0 + upper.x1) - (lower.x0 + lower.x1)) / 2 <= tolerance)


def opens_level(upper: TextLine, lower: TextLine, right: float) -> bool:
    """Given a header label's line, the close line under it and the right edge of its column or run, return whether the lower
    line is a label of the next level, not the upper's wrapped line: the upper line reads finished (no open bracket, no
    "=" or comma at its end: "Controls (n =" / "272)", "Cases," / "n=71"), the lower opens with no bracket (a unit or size
    broken onto a line of its own goes with its label: "APC" / "(%)", "Low Mortality" / "(N=15842)"), and its first word
    would have fitted on the upper line, so no typesetter wrapped it there ("Prevalent" over "n = 7891")."""
    text = upper.text.rstrip()
    if leaves_label_open(text) or lower.text[:1] in "([":
        return False
    # A label closed by a bracket ("CD-I cohort (N =" / "118)") is finished: a statistic's name under it is the next level;
    # a group's size set alone ("All cancers" / "N=1108085") is a level of its own under any finished label.
    if (text.endswith((")", "]")) and is_header_token(lower.text)) or GROUP_SIZE.fullmatch(lower.text.strip()):
        return True
    return fits_after(upper, lower.words[0], right, ROOM_SLACK * lower.height)


def header_rows(
    page: Page, segment: Segment, phrases: Sequence[TextLine], spans: Sequence[Span], columns: Sequence[tuple[float, float]]
) -> list[list[PlacedCell]]:
    """Given a table's first part, its header phrases, spans and columns, return its header levels, full width.

    Row k holds each column's k-th label from the top: the labels of the
    spans over it, and its own labels, of which those stacked a row's gap
    apart (not a wrapped line's) are levels of their own ("No diabetes" over
    "n = 235,025"). ``header_paths`` reads each column's path from them.
    """
    top, bottom = segment.top.y, segment.header.y
    rules = [rule for rule in page.rules if top < rule.y < bottom]
    labelled = {phrase for span in spans for phrase in span.label}
    by_column: list[list[TextLine]] = [[] for _ in columns]
    for phrase in phrases:
        if phrase not in labelled:
            by_column[column_of(phrase, columns)].append(phrase)

    def blank(index: int) -> PlacedCell:
        return PlacedCell("", Position(page.number, columns[index][0], top, columns[index][1], bottom))

    column_lines = [cell_lines(lines) for lines in by_column]
    repeated = repeated_under_others(column_lines)
    stacked: list[list[tuple[float, PlacedCell]]] = []
    for index, (x0, x1) in enumerate(columns):
        over = [span for span in spans if overlap(span.x0, span.x1, x0, x1) >= 0.5 * min(x1 - x0, span.x1 - span.x0)]
        labels = [(min(line.top for line in span.label), cell_lines(span.label)) for span in over]
        blocks = lines_to_blocks(column_lines[index], rules, (x0, x1),
                                 lambda upper, lower, right=x1: (lower in repeated and not leaves_label_open(upper.text)) or opens_level(upper, lower, right))
        labels += [(block[0].top, block) for block in blocks]
        stacked.append([(position, placed_cell(page.number, lines, blank(index).position)) for position, lines in sorted(labels, key=lambda item: item[0])])
    depth = max((len(labels) for labels in stacked), default=0)
    return [[labels[level][1] if level < len(labels) else blank(index) for index, labels in enumerate(stacked)] for level in range(max(depth, 1))]


def repeated_under_others(column_lines: Sequence[Sequence[TextLine]]) -> set[TextLine]:
    """Given each column's header lines top down, return the lines another column prints too, on their baseline, under a
    different label: a level of labels repeated group by group ("Events/total" under "Adjuvant" and under "Observation"),
    however close, never a label's wrapped line (a label wrapped alike in two columns has the same line above it). A
    bracket opening it ("(%)") goes with its label."""
    found: set[TextLine] = set()
    pairs = [(column, above, line) for column, lines in enumerate(column_lines) for above, line in zip(lines, lines[1:])
             if line.text[:1] not in "(["]
    for column, above, line in pairs:
        if any(other_column != column and other.text == line.text and other_above.text != above.text
               and abs(other.bottom - line.bottom) <= 0.3 * line.height for other_column, other_above, other in pairs):
            found.add(line)
    return found


def header_paths(rows: Sequence[Sequence[PlacedCell]]) -> list[PlacedCell]:
    """Given header levels (each column's labels top down, wrapped lines joined), return one cell per column holding its path
    ("T2D / Prevalent / n = 7891"), the one header row the rebuilt text prints, so no span is left for the text path to guess."""
    out: list[PlacedCell] = []
    previous: list[str] = []
    for index, cells in enumerate(zip(*rows)):
        parts = [cell for cell in cells if cell.text]
        texts = [text for position, text in enumerate(cell.text for cell in parts) if not position or text != parts[position - 1].text]
        if index > 1 and len(texts) < len(previous) and previous[: len(texts)] == texts:
            texts = previous  # a label centred over this column and the one before it: "HR (95% CI)" over an estimate and its interval
        lines = tuple(line for cell in parts for line in cell.lines)
        out.append(PlacedCell(PATH_SEPARATOR.join(texts), union(cells[0].position.page, lines) if lines else cells[-1].position, lines))
        previous = texts
    return out

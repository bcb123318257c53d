"""A page whose text is set sideways (a landscape table printed on a portrait page) → its chars and strokes turned upright.

A wide table is often typeset turned a quarter: its text reads bottom to top
(turned counter-clockwise) or top to bottom (clockwise), its rules are
vertical strokes. Where most of a page's chars are turned one way, the page
is read as if turned upright: each char's box and each vertical stroke is
mapped into the upright page's frame (width and height swapped), so the
same reading as an upright page's finds its captions, rules, rows and
columns. Chars upright on such a page (a running head, the page number) are
left out, as they would read across the turned table. The boxes in the
lineage are then in the upright frame.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

COUNTER_CLOCKWISE, CLOCKWISE = 90, -90


def page_turn(chars: Sequence[dict]) -> int:
    """Given a page's chars, return how its text is turned: 0 when most are upright, else the way most of the others are."""
    turned = Counter(COUNTER_CLOCKWISE if char["matrix"][1] > 0 else CLOCKWISE for char in chars if not char.get("upright", True))
    upright = sum(1 for char in chars if char.get("upright", True))
    if sum(turned.values()) <= upright:
        return 0
    return max(turned, key=lambda turn: (turned[turn], turn))


def box_upright(x0: float, top: float, x1: float, bottom: float, turn: int, width: float, height: float) -> tuple[float, float, float, float]:
    """Given a box (top-down) on a page of this width and height and the page's turn, return the box in the upright page's frame."""
    if turn == COUNTER_CLOCKWISE:  # read bottom to top: lines follow one another left to right
        return height - bottom, x0, height - top, x1
    return top, width - x1, bottom, width - x0


def box_on_page(x0: float, top: float, x1: float, bottom: float, turn: int, width: float, height: float) -> tuple[float, float, float, float]:
    """Given a box (top-down) in the upright frame of a page printed this wide and high, and the page's turn, return it on the
    printed page: ``box_upright`` undone."""
    if turn == COUNTER_CLOCKWISE:
        return top, height - x1, bottom, height - x0
    return width - bottom, x0, width - top, x1


def chars_upright(chars: Sequence[dict], turn: int, width: float, height: float) -> list[dict]:
    """Given a page's chars, its turn and size, return the chars turned that way, as upright chars in the upright frame."""
    wanted = 1 if turn == COUNTER_CLOCKWISE else -1
    upright = []
    for char in chars:
        if char.get("upright", True) or (char["matrix"][1] > 0) != (wanted > 0):
            continue
        x0, top, x1, bottom = box_upright(float(char["x0"]), float(char["top"]), float(char["x1"]), float(char["bottom"]), turn, width, height)
        # pdfminer's size of a turned char is its box's height on the page, its advance: upright, its height is the type size.
        upright.append({**char, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True,
                        "width": x1 - x0, "height": bottom - top, "size": bottom - top})
    return upright


def strokes_upright(strokes: Sequence[tuple[float, float, float, float]], turn: int, width: float, height: float) -> list[tuple[float, float, float]]:
    """Given a page's vertical strokes as boxes (x0, top, x1, bottom), its turn and size, return them as horizontal rules
    (x0, x1, y) in the upright frame."""
    rules = []
    for x0, top, x1, bottom in strokes:
        left, upper, right, lower = box_upright(x0, top, x1, bottom, turn, width, height)
        rules.append((left, right, (upper + lower) / 2))
    return rules

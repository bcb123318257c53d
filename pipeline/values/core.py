"""The value library's core: ``Missing``, cleaning, integers, decimals, percentages, text, and printed precision."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

import regex


# Clinical tables use the en dash and the Unicode minus where ASCII has "-".
DASHES = "\u2013\u2212\u2014"
_DASH_TO_HYPHEN = str.maketrans({dash: "-" for dash in DASHES})

Parser = Callable[[str], object]


@dataclass(frozen=True)
class Missing:
    """A value that is absent, with the reason the source gives for it."""

    reason: str


NOT_APPLICABLE = Missing("not_applicable")
NOT_REPORTED = Missing("not_reported")


@dataclass(frozen=True)
class Percent:
    """A percentage with an optional qualifier ("<", ">", "≤", "≥")."""

    value: float
    qualifier: str | None


def _fail(kind: str, text: str) -> ValueError:
    return ValueError(f"{text!r} is not {kind}")


def clean(text: str) -> str:
    """Given raw cell text, return it with whitespace runs collapsed and ends stripped."""
    return " ".join(text.split())


_INTEGER = regex.compile(r"-?\d+")
_DECIMAL = regex.compile(r"-?\d+(?:\.\d+)?")
_UNSIGNED = regex.compile(r"\d+(?:\.\d+)?")


def integer(text: str) -> int:
    """Given "63" (or "−3" with a Unicode minus), return the integer."""
    candidate = clean(text).translate(_DASH_TO_HYPHEN)
    if not _INTEGER.fullmatch(candidate):
        raise _fail("an integer", text)
    return int(candidate)


def decimal(text: str) -> float:
    """Given "8.4" or "−0.5", return the float."""
    candidate = clean(text).translate(_DASH_TO_HYPHEN)
    if not _DECIMAL.fullmatch(candidate):
        raise _fail("a decimal number", text)
    return float(candidate)


_PERCENT = regex.compile(r"(?P<qualifier>[<>≤≥])?\s*(?P<value>\d+(?:\.\d+)?)\s*%")


def percent(text: str) -> Percent:
    """Given "5%", "< 1%" or "1.7 %", return the percentage and its qualifier."""
    match = _PERCENT.fullmatch(clean(text))
    if not match:
        raise _fail("a percentage", text)
    return Percent(float(match["value"]), match["qualifier"])


def text(text: str) -> str:
    """Given free text, return it cleaned; empty text is an error, not a value."""
    value = clean(text)
    if not value:
        raise _fail("non-empty text", text)
    return value


def lower_first(cell: str) -> str:
    """Given sentence-case text "Lung metastasis", return "lung metastasis".

    Only the first letter is lowered: a code inside ("death due to MLD") keeps its case.
    """
    value = text(cell)
    return value[0].lower() + value[1:]


_NUMBER = r"[-\u2212]?\d+(?:\.\d+)?"


def _number(text: str) -> float:
    """Given a matched number, possibly with a Unicode minus, return it as a float."""
    return float(text.translate(_DASH_TO_HYPHEN))


def decimals(printed: str) -> int:
    """Given a number as printed ("60.2", "17", "1 (1.4)"), return the decimals of its last number."""
    numbers = _UNSIGNED.findall(printed)
    if not numbers:
        raise _fail("a printed number", printed)
    return len(numbers[-1].partition(".")[2])


def round_half_up(value: float, places: int) -> Decimal:
    """Given a value, return it rounded half-up to ``places`` decimals, as printed tables round."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

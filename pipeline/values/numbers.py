"""Numbers as clinical tables print them: thousands grouped by space, thin space or comma, the mid-dot decimal point, Unicode minus.

``NUMBER`` is the pattern the summary-statistic shapes are built from;
``to_float`` reads what it matched. Printed precision (``places``) is kept
because the arithmetic checks compare at the precision the paper printed.
"""

from __future__ import annotations

import regex

# Groups of exactly three digits after a thousands separator: commas, or spaces of any width (ordinary, no-break, thin, narrow
# no-break), one kind throughout: "479,409 436,637" is two numbers a line apart, never 479,409,436,637.
_THOUSANDS = r"(?:(?:,\d{3}(?!\d))+|(?:[ \u00a0\u2009\u202f]\d{3}(?!\d))+)"
# "335 924", "22,447", "0·43", "−1.2", "–3.4", ".039": a sign (hyphen, Unicode minus, or the en dash some journals set as one),
# grouped digits, a decimal point or mid-dot. A Unicode minus may stand a space apart ("− 0.8"), as typesetters and PDF text set
# it: the sign is no separator anywhere in a cell, so the space cannot join two numbers. A grouped number never opens with 0:
# "0 288 (69.9)" is a level "0" and a count, not 288.
# Scientific notation, as p-values of large cohorts print it: "2.3E-05", "1.2 × 10−5", "3 x 10^-8", "1.2×10⁻⁵" (raised in a PDF).
_EXPONENT = r"(?:[eE][-+\u2212]?\d+|\s?[×xX]\s?10(?:\^|\*\*)?[-+\u2212\u2013]?\d+|\s?[×xX]\s?10[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
NUMBER = rf"(?:[-\u2013]|\u2212\s?)?(?:(?:[1-9]\d{{0,2}}{_THOUSANDS}|\d+)(?:[.\u00b7]\d+)?|[.\u00b7]\d+)(?:{_EXPONENT})?"
_NUMBER = regex.compile(NUMBER)
_SEPARATORS = str.maketrans({",": None, " ": None, "\u00a0": None, "\u2009": None, "\u202f": None, "\u00b7": ".", "\u2212": "-", "\u2013": "-",
                             **{superscript: digit for superscript, digit in zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")}})
_TIMES_TEN = regex.compile(r"[×xX]10(?:\^|\*\*)?")
_DIGIT = regex.compile(r"\d")
_POINT = regex.compile(r"[.\u00b7]")
_DECIMALS = regex.compile(r"[.\u00b7](\d+)")
_LARGEST_COUNT = 2**53  # beyond it a float no longer holds every whole number


def is_number(text: str) -> bool:
    """Given text, return whether it is one printed number (with grouping, mid-dot or Unicode minus)."""
    return bool(_DIGIT.search(text)) and bool(_NUMBER.fullmatch(text))


def to_float(text: str) -> float:
    """Given a printed number ("335 924", "0·43", "−1.2"), return its value; anything else is a ValueError quoting it."""
    if not is_number(text):
        raise ValueError(f"{text!r} is not a number")
    return matched_to_float(text)


def matched_to_float(text: str) -> float:
    """Given text a pattern built on ``NUMBER`` has already matched, return its value (no second check: shapes read thousands of cells)."""
    try:
        return float(text)  # most numbers print plainly; translating each character costs ten times as much
    except ValueError:
        return float(_TIMES_TEN.sub("e", text.translate(_SEPARATORS)))


def to_count(text: str) -> int:
    """Given a printed whole number ("22,447"), return it; a decimal or negative number is a ValueError."""
    if not is_number(text):
        raise ValueError(f"{text!r} is not a count")
    return matched_to_count(text)


def matched_to_count(text: str) -> int:
    """Given text a ``NUMBER`` pattern has already matched, return it as a count; a decimal or negative number is a ValueError."""
    value = matched_to_float(text)
    if value < 0 or not value.is_integer() or _POINT.search(text):
        raise ValueError(f"{text!r} is not a count")
    if value > _LARGEST_COUNT:  # digits of several cells run together, never one count
        raise ValueError(f"{text!r} is too large to be a count")
    return int(value)


def places(text: str) -> int:
    """Given a printed number, return its decimals ("62.5" → 1, "0·43" → 2, "22,447" → 0)."""
    decimals = _DECIMALS.search(text)
    return len(decimals[1]) if decimals else 0

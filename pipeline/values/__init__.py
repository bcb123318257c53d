"""The value-type library: one parser per kind of cell value.

Every parser takes the text of one cell (or one part of a cell) and returns a
typed Python value, or raises ``ValueError`` with a message that quotes the
text. Parsers know value shapes, never papers: which parser a column uses is
declared in that table's spec (``pipeline/tables/``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Mapping

import regex

# Clinical tables use the en dash and the Unicode minus where ASCII has "-".
DASHES = "\u2013\u2212\u2014"
_DASH_TO_HYPHEN = str.maketrans({dash: "-" for dash in DASHES})

# Stated conversion factors; "1 mo" is the mean Gregorian month (365.25 d / 12).
DAYS_PER_MONTH = 365.25 / 12
MONTHS_PER_UNIT = {
    "d": 1 / DAYS_PER_MONTH,
    "day": 1 / DAYS_PER_MONTH,
    "days": 1 / DAYS_PER_MONTH,
    "wk": 7 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH,
    "weeks": 7 / DAYS_PER_MONTH,
    "mo": 1.0,
    "month": 1.0,
    "months": 1.0,
    "yr": 12.0,
    "year": 12.0,
    "years": 12.0,
}

Parser = Callable[[str], object]


@dataclass(frozen=True)
class Missing:
    """A value that is absent, with the reason the source gives for it."""

    reason: str


NOT_APPLICABLE = Missing("not_applicable")
NOT_REPORTED = Missing("not_reported")


@dataclass(frozen=True)
class Citation:
    """A reference cell such as "Wind et al[27], 1999"."""

    author: str
    et_al: bool
    ref_number: int | None
    year: int | None


@dataclass(frozen=True)
class Duration:
    """A number with a time unit, such as "21 d"."""

    value: float
    unit: str

    @property
    def months(self) -> float:
        """Given the unit's stated factor, return the duration in months."""
        return self.value * MONTHS_PER_UNIT[self.unit]


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


_DURATION = regex.compile(r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)")


def duration(text: str) -> Duration:
    """Given "21 d", "3 mo" or "10 yr", return the number and its unit."""
    match = _DURATION.fullmatch(clean(text).lower())
    if not match or match["unit"] not in MONTHS_PER_UNIT:
        raise _fail(f"a duration with a unit in {sorted(MONTHS_PER_UNIT)}", text)
    return Duration(float(match["value"]), match["unit"])


def duration_months(default_unit: str | None = None) -> Parser:
    """Given the unit a bare number stands for, return a parser of durations in months."""
    if default_unit is not None and default_unit not in MONTHS_PER_UNIT:
        raise ValueError(f"unknown default unit {default_unit!r}")

    def parse_months(text: str) -> float:
        if default_unit is not None and _UNSIGNED.fullmatch(clean(text)):
            return Duration(float(clean(text)), default_unit).months
        return duration(text).months

    return parse_months


def choice(mapping: Mapping[str, object], *, case_sensitive: bool = False) -> Parser:
    """Given a mapping of printed words to values, return a parser of those words."""
    folded = {(key if case_sensitive else key.casefold()): value for key, value in mapping.items()}

    def parse_choice(text: str) -> object:
        key = clean(text) if case_sensitive else clean(text).casefold()
        if key not in folded:
            raise _fail(f"one of {sorted(mapping)}", text)
        return folded[key]

    return parse_choice


yes_no = choice({"yes": True, "no": False})
plus_minus = choice({"+": True, "-": False, "\u2013": False, "\u2212": False})


def code(allowed: Mapping[str, str] | None = None, *, joiner: str | None = None) -> Parser:
    """Given the codes a column may hold, return a parser that accepts only those.

    With ``joiner`` (e.g. "+"), a cell may combine codes ("SCR + LR"); the value
    is normalised to single spaces around the joiner.
    """

    def parse_code(text: str) -> str:
        value = clean(text)
        parts = [part.strip() for part in value.split(joiner)] if joiner else [value]
        if not all(parts) or (allowed is not None and any(part not in allowed for part in parts)):
            raise _fail(f"a code in {sorted(allowed or [])}", text)
        return f" {joiner} ".join(parts) if joiner else value

    return parse_code


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


def text_list(separator: str = ",") -> Parser:
    """Given a separator, return a parser of "Pain, blood in stool" into ["pain", "blood in stool"] (see ``lower_first``)."""

    def parse_list(text: str) -> list[str]:
        items = [clean(item) for item in text.split(separator)]
        if not all(items):
            raise _fail(f"a {separator!r}-separated list without empty items", text)
        return [lower_first(item) for item in items]

    return parse_list


def joined_list(pattern: str = r",\s*|\s+and\s+") -> Parser:
    """Given a separator pattern, return a parser of "Liver and rectum" into ["liver", "rectum"]."""
    splitter = regex.compile(pattern)

    def parse_joined(text: str) -> list[str]:
        items = [clean(item).lower() for item in splitter.split(clean(text))]
        if not all(items):
            raise _fail("a list of words", text)
        return items

    return parse_joined


_NAME = r"\p{Lu}[\p{L}'\-]+(?:\s\p{Lu}[\p{L}'\-]+)*"
_CITATION = regex.compile(
    rf"(?P<author>{_NAME})(?P<et_al>\s+et\s+al\.?)?\s*\[(?P<ref>\d+)\](?:\s*,\s*(?P<year>\d{{4}}))?"
)


def citation(text: str) -> Citation:
    """Given "Wind et al[27], 1999", "Guiss[18], 1954" or "Kwaan et al. [13]", return its parts.

    The author must be capitalised words separated by spaces, so a fused
    "Killingbacket al" is rejected rather than silently read as a name.
    """
    match = _CITATION.fullmatch(clean(text))
    if not match:
        raise _fail('a citation like "Name et al[n], year"', text)
    return Citation(
        author=match["author"],
        et_al=bool(match["et_al"]),
        ref_number=int(match["ref"]),
        year=int(match["year"]) if match["year"] else None,
    )


_AGE_SEX = regex.compile(r"(?P<age>\d{1,3})\s*/\s*(?P<sex>male|female|m|f)", regex.IGNORECASE)


def age_sex(text: str) -> tuple[int, str]:
    """Given "55/ female" or "54/M", return (55, "F")."""
    match = _AGE_SEX.fullmatch(clean(text))
    if not match:
        raise _fail('an age/sex pair like "55/female"', text)
    return int(match["age"]), match["sex"][0].upper()


_LABELLED_NUMBER = regex.compile(r"(?:no\.?|case|#)?\s*(?P<number>\d+)", regex.IGNORECASE)


def labelled_integer(text: str) -> int:
    """Given "No. 3" or "Case 3", return 3."""
    match = _LABELLED_NUMBER.fullmatch(clean(text))
    if not match:
        raise _fail('a numbered label like "No. 3"', text)
    return int(match["number"])


_COUNT_PERCENT = regex.compile(r"(?P<count>\d+)(?:\s*\((?P<percent>\d+(?:\.\d+)?)\s*%?\))?")


def count_percent(text: str) -> tuple[int, float | None]:
    """Given "1 (1.4)", "12 (34.5%)" or a bare "0", return (count, percent or None)."""
    match = _COUNT_PERCENT.fullmatch(clean(text))
    if not match:
        raise _fail('a count with an optional percentage like "1 (1.4)"', text)
    return int(match["count"]), float(match["percent"]) if match["percent"] else None


_PERCENT_GRADE = regex.compile(r"(?P<percent>.+?%)\s*\((?P<grade>G\d)\)")


def percent_with_grade(text: str) -> tuple[Percent, str]:
    """Given "< 1% (G1)", return (Percent(1.0, "<"), "G1")."""
    match = _PERCENT_GRADE.fullmatch(clean(text))
    if not match:
        raise _fail('a percentage with a grade like "5% (G2)"', text)
    return percent(match["percent"]), match["grade"]


_YEARS_OF = regex.compile(r"(?P<years>\d+)\s*(?:yr|years?)\s+of\s+(?P<what>.+)")


def years_of(subject: str) -> Parser:
    """Given what a history is of ("AF"), return a parser of "8 yr of AF" into its years, 8.

    A history of anything else ("8 yr of hemorrhoids") is an error, not years of ``subject``.
    """

    def parse_years_of(text: str) -> int:
        match = _YEARS_OF.fullmatch(clean(text))
        if not match or match["what"] != subject:
            raise _fail(f'a history like "8 yr of {subject}"', text)
        return int(match["years"])

    return parse_years_of


def split_pair(separator: str, left: Parser = text, right: Parser = text) -> Parser:
    """Given a separator and a parser per side, return a parser of the pair of parsed sides.

    ``split_pair("/")("14/NA") == ("14", "NA")``;
    ``split_pair("/", duration_months("mo"), lower_first)("10 yr/Recurrence") == (120.0, "recurrence")``.
    """

    def parse_pair(text: str) -> tuple[object, object]:
        left_text, found, right_text = (side.strip() for side in clean(text).partition(separator))
        if not found or not left_text or not right_text:
            raise _fail(f"two values separated by {separator!r}", text)
        return left(left_text), right(right_text)

    return parse_pair


_PARENTHESISED = regex.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)")


def parenthesised(outer: Parser, inner: Parser) -> Parser:
    """Given a parser of a value and one of the text in parentheses after it, return a parser of the pair.

    ``parenthesised(joined_list(), percent)("Liver and rectum (5%)") == (["liver", "rectum"], Percent(5.0, None))``.
    """

    def parse_parenthesised(text: str) -> tuple[object, object]:
        match = _PARENTHESISED.fullmatch(clean(text))
        if not match:
            raise _fail('a value with another in parentheses like "Liver (8.4%)"', text)
        return outer(match["outer"]), inner(match["inner"])

    return parse_parenthesised


_NUMBER = r"[-\u2212]?\d+(?:\.\d+)?"


def _number(text: str) -> float:
    """Given a matched number, possibly with a Unicode minus, return it as a float."""
    return float(text.translate(_DASH_TO_HYPHEN))


@dataclass(frozen=True)
class MeanSd:
    """A mean with its standard deviation, "45.2 ± 3.1"."""

    mean: float
    sd: float


_MEAN_SD = regex.compile(rf"(?P<mean>{_NUMBER})\s*(?:±|\+/-)\s*(?P<sd>\d+(?:\.\d+)?)")


def mean_sd(text: str) -> MeanSd:
    """Given "45.2 ± 3.1" (or "45.2 +/- 3.1"), return the mean and the SD."""
    match = _MEAN_SD.fullmatch(clean(text))
    if not match:
        raise _fail('a mean ± SD like "45.2 ± 3.1"', text)
    return MeanSd(_number(match["mean"]), float(match["sd"]))


@dataclass(frozen=True)
class Range:
    """Two bounds, "9–13"."""

    low: float
    high: float


_RANGE = regex.compile(rf"(?P<low>{_NUMBER})\s*(?:[\u2013\u2014]|-|\bto\b)\s*(?P<high>{_NUMBER})")


def value_range(text: str) -> Range:
    """Given "9–13" (en dash, hyphen or "to"), return the bounds; a reversed range is an error."""
    match = _RANGE.fullmatch(clean(text))
    if not match:
        raise _fail('a range like "9–13"', text)
    low, high = _number(match["low"]), _number(match["high"])
    if low > high:
        raise _fail("a range whose low bound is not above its high bound", text)
    return Range(low, high)


@dataclass(frozen=True)
class MedianSpread:
    """A median with its range "(34–81)" or interquartile range "[12–30]"."""

    median: float
    low: float
    high: float
    spread: str


_MEDIAN_SPREAD = regex.compile(rf"(?P<median>{_NUMBER})\s*(?:\((?P<range>[^()]+)\)|\[(?P<iqr>[^\[\]]+)\])")


def median_spread(text: str) -> MedianSpread:
    """Given "55.5 (34–81)" (range) or "18 [12–30]" (IQR), return the median, bounds and which spread."""
    match = _MEDIAN_SPREAD.fullmatch(clean(text))
    if not match:
        raise _fail('a median with a range like "55.5 (34–81)" or IQR like "18 [12–30]"', text)
    bounds = value_range(match["range"] or match["iqr"])
    return MedianSpread(_number(match["median"]), bounds.low, bounds.high, "range" if match["range"] else "IQR")


@dataclass(frozen=True)
class PValue:
    """A probability as printed, with its qualifier ("<" in "<0.001"; none for "=")."""

    value: float
    qualifier: str | None


_P_VALUE = regex.compile(r"(?:p\s*(?P<equals>[=<>≤≥])\s*|(?P<qualifier>[<>≤≥])\s*)?(?P<value>0?\.\d+|[01](?:\.0+)?)", regex.IGNORECASE)


def p_value(text: str) -> PValue:
    """Given "<0.001", "P = .039" or "0.21", return the probability and its qualifier ("=" is none)."""
    match = _P_VALUE.fullmatch(clean(text))
    if not match:
        raise _fail('a p-value like "<0.001" or "P = .039"', text)
    qualifier = match["qualifier"] or (match["equals"] if match["equals"] not in (None, "=") else None)
    return PValue(float(match["value"]), qualifier)


def or_missing(parser: Parser, codes: Mapping[str, Missing]) -> Parser:
    """Given a parser and missing-value codes, return a parser that maps those codes to ``Missing``."""

    def parse_or_missing(text: str) -> object:
        return codes.get(clean(text)) or parser(text)

    return parse_or_missing


def either(*alternatives: Parser) -> Parser:
    """Given alternative parsers, return a parser whose value is that of the first alternative reading the text.

    ``either(choice({"Synchronous": "at surgery"}), duration_months())`` reads
    "Synchronous" as "at surgery" and "3 mo" as 3.0. A text no alternative reads
    is an error quoting it with each alternative's objection.
    """
    if len(alternatives) < 2:
        raise ValueError(f"either needs at least two alternatives, got {len(alternatives)}")

    def parse_either(text: str) -> object:
        objections = []
        for alternative in alternatives:
            try:
                return alternative(text)
            except ValueError as err:
                objections.append(str(err))
        raise ValueError(f"{text!r} fits no alternative: {'; '.join(objections)}")

    return parse_either


def tagged(tag: object, parser: Parser) -> Parser:
    """Given a constant and a parser, return a parser of the pair (constant, parsed value).

    ``tagged(False, duration_months())("3 mo") == (False, 3.0)``: inside ``either``
    the constant records which alternative read the cell.
    """

    def parse_tagged(text: str) -> tuple[object, object]:
        return tag, parser(text)

    return parse_tagged


def flat(parser: Parser, absent: object = None) -> Parser:
    """Given a parser of nested pairs and records, return a parser of one flat tuple of their fields.

    ``flat(percent_with_grade, absent=NOT_APPLICABLE)("5% (G2)") == (5.0, NOT_APPLICABLE, "G2")``:
    a record (``Percent``) spreads into its fields and an absent field (None)
    reads as ``absent``, so each part can feed a column. Lists, text and
    ``Missing`` stay whole.
    """

    def parse_flat(text: str) -> tuple[object, ...]:
        return tuple(_leaves(parser(text), absent))

    return parse_flat


def _leaves(value: object, absent: object) -> list[object]:
    """Given a parsed value, return its leaves in order: tuples and records (but not ``Missing``) opened, None as ``absent``."""
    if is_dataclass(value) and not isinstance(value, (type, Missing)):
        value = tuple(getattr(value, field.name) for field in fields(value))
    if isinstance(value, tuple):
        return [leaf for item in value for leaf in _leaves(item, absent)]
    return [absent if value is None else value]


def decimals(printed: str) -> int:
    """Given a number as printed ("60.2", "17", "1 (1.4)"), return the decimals of its last number."""
    numbers = _UNSIGNED.findall(printed)
    if not numbers:
        raise _fail("a printed number", printed)
    return len(numbers[-1].partition(".")[2])


def round_half_up(value: float, places: int) -> Decimal:
    """Given a value, return it rounded half-up to ``places`` decimals, as printed tables round."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

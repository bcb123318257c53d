"""Value shapes of case tables: durations, citations, age/sex, numbered labels, percentages with a grade, years of a history."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.values.core import _UNSIGNED, Parser, Percent, _fail, clean, percent


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

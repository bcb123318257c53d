"""What row labels and column headers of a summary table say: variable, unit, statistic, group and its n.

"Age, yr, mean ± SD" is variable "Age", unit "yr", statistic mean ± SD;
"Surgery (n = 48)" is group "Surgery" of 48; "Cases / n = 4924" is group "Cases" of 4,924.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from pipeline.header_text import GROUP_SIZE, OVERALL_GROUP
from pipeline.headers import PATH_SEPARATOR
from pipeline.values.numbers import to_count
from pipeline.values.statistic_names import measure_named, statistic_named

_UNIT_WORDS = (
    r"years?|yrs?|y|months?|mo|weeks?|wk|days?|d|hours?|h|minutes?|min|beats|breaths|"
    r"kg|g|mg|µg|μg|ng|pg|cm|mm|m|ml|mL|L|dL|"
    r"mmHg|mm Hg|bpm|°C|IU|U|mmol|µmol|μmol|mol|cells|[×x]\s?10(?:\^?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|pack-years|points?|score"
)
# A unit: one of the words above, optionally per another once or twice, perhaps of a quantity ("kg/m2", "kg m−2", "ng/mL",
# "×10⁹/L", "mL/min/1.73 m²"), or with a power.
_UNIT = regex.compile(rf"(?:{_UNIT_WORDS})[²³]?(?:(?:\s*(?:/|per)\s*(?:\d+(?:\.\d+)?\s?)?(?:{_UNIT_WORDS})[²³\d]?){{1,2}}|\s(?:{_UNIT_WORDS})\s?[−-]?\d)?",
                      regex.IGNORECASE)
_UNIT_PART = regex.compile(rf"[(\[,]\s*(?:in\s+)?(?P<unit>{_UNIT.pattern})\s*[)\]]?(?=\s*(?:$|,|[(\[]))", regex.IGNORECASE)
_STATISTIC_PART = regex.compile(
    r"(?:,\s*|\s+|^)(?:[(\[]?\s*(?:n\s*/\s*N|n|no\.?|number)\s*[(\[]\s*%\s*[)\]]\s*[)\]]?"
    r"|(?:mean|median)\s*(?:[(\[][^()\[\]]*[)\]]|±\s*(?:SD|s\.d\.|SEM?\b|s\.e\.(?:m\.)?))?"
    r"|[(\[]\s*%\s*[)\]]|%)(?=\s*(?:$|,|[(\[]|\s))",
    regex.IGNORECASE,
)
# A "%" set apart in a label naming a mean or a median is the measurement's unit ("HbA1c, %, mean (SD)", "Ki-67 (%), median").
_PERCENT_PART = regex.compile(r"(?:^|,|\s)\s*(?:%|[(\[]%[)\]])\s*(?=,|$|[(\[]|\s)")
_MEASURED = frozenset(("mean_sd", "mean", "median_iqr", "median_range", "median_spread", "median"))
ESTIMATES = ("estimate", "estimate_ci", "estimate_se", "se", "interval", "p_value", "reference", "test_statistic")
_SYMBOLS = regex.compile(r"\s*[*∗⁎†‡§¶#\u1d2c-\u1d6a\u1d9b-\u1dbf\u02b0-\u02b8\u00b9\u00b2\u00b3\u2070-\u209c]+$")
_DASH_SEPARATOR = regex.compile(r"\s+[\u2014\u2013]\s+")


@dataclass(frozen=True)
class Label:
    """A row label read: the variable (or level) name, its unit and the statistics it names."""

    name: str
    unit: str | None
    named: tuple[str, ...]


@lru_cache(maxsize=16384)
def label_to_parts(text: str) -> Label:
    """Given a row label, return its name without the statistic and unit phrases, its unit and the statistics it names."""
    text = strip_symbols(text)
    named = statistic_named(text)
    text = _DASH_SEPARATOR.sub(", ", text)  # "Male sex — no. (%)", "Age — yr": the em dash some journals set before the statistic or unit
    # "Progression-free survival (95% CI, months)": the interval it names is a statistic, its unit stays ("months").
    without_statistic = _INTERVAL_PART.sub("", _STATISTIC_PART.sub("", text)).strip(" ,:;")
    unit_match = _UNIT_PART.search(without_statistic)
    unit = unit_match["unit"] if unit_match else None
    name = _without(without_statistic, unit_match) if unit_match else without_statistic
    if unit is None and named[:1] and named[0] in _MEASURED and _PERCENT_PART.search(text):
        unit = "%"  # "HbA1c, %, mean (SD)": a measurement in percent, not a share
    return Label(name or text.strip(), unit, named)


@dataclass(frozen=True)
class Group:
    """A column of a summary table: the group it describes, its n, whether it is the overall column, and the statistics its header names."""

    name: str | None
    n: int | None
    overall: bool
    named: tuple[str, ...]
    p_value: bool
    measure: str | None = None
    unit: str | None = None  # what a column's quantity is measured in ("Median OS, months (95% CI)")


@lru_cache(maxsize=4096)
def path_to_group(path: str) -> Group:
    """Given a column's header path ("Surgery (n = 48) / n (%)", "Cases / n = 4924", "P value"), return its group, n and named statistics."""
    levels = [strip_symbols(level) for level in path.split(PATH_SEPARATOR) if level.strip()]
    n, named, names, measure, unit = None, (), [], None, None
    for position, level in enumerate(levels):
        size = GROUP_SIZE.search(level)
        if size:
            try:
                n = to_count(size["n"])
            except ValueError:
                n = None
            level = (level[: size.start()] + level[size.end():]).strip(" ,")
        # "B (n = 20)" is a group, "B" alone a coefficient.
        statistic = (() if size else _header_named(level)) or statistic_named(level)
        # The lowest level under a spanning group names what its column holds ("Goats / Seroprevalence (%)"), not another group;
        # so does a header naming an estimate, its interval or a p-value ("Odds ratio (OR)", "95% CI"). "Cases (%)" is a group.
        if statistic and (is_statistic_only(level) or (position == len(levels) - 1 and names) or statistic[0] in ESTIMATES):
            named = statistic
            quantity, unit = (None, None) if is_statistic_only(level) else _quantity_and_unit(level)
            measure = measure_named(level) or quantity
            if unit == "%" and statistic[0] not in ESTIMATES:
                unit = None  # "Seroprevalence (%)" over counts and shares: the sign names the share, not a unit
            continue
        if statistic and not named:
            named = statistic
            level = _COUNT_AFTER.sub("", _STATISTIC_PART.sub("", level)).strip(" ,") or level
        if level:
            names.append(level)
    p_value = named == ("p_value",)
    name = PATH_SEPARATOR.join(names) or None
    return Group(None if p_value else name, n, bool(name and OVERALL_GROUP.fullmatch(name)), named, p_value, measure, unit)


# "(95% CI)", ", 95% CI", "[90% range]": the interval a column's header names around its quantity.
_INTERVAL_PART = regex.compile(r"\s*[(\[,]?\s*[89]\d\s*%\s*(?:C\.?\s*[Il]\.?|confidence\s+intervals?|range)\s*[)\]]?", regex.IGNORECASE)
# ", n", ", No.": a column's count named after its subject ("Patients, n", "Deaths, No.").
_COUNT_AFTER = regex.compile(r"\s*[,;]\s*(?:n|no\.?|number)$", regex.IGNORECASE)


def _quantity_and_unit(level: str) -> tuple[str | None, str | None]:
    """Given a column header naming a quantity with its interval ("Median OS, months (95% CI)", "5-year OS, % (95% CI)"), return
    the quantity as printed, its statistic's name kept ("Median OS"), and its unit ("months", "%")."""
    text = _INTERVAL_PART.sub("", level).strip(" ,")
    unit_match = _UNIT_PART.search(text) or _PERCENT_PART.search(text)
    if unit_match is None:
        return text or None, None
    return _without(text, unit_match) or None, unit_match.groupdict().get("unit") or "%"


def _without(text: str, match: regex.Match) -> str:
    """Given a label and a match in it (its unit), return the label without it, the commas and spaces around it trimmed."""
    return (text[: match.start()] + text[match.end():]).strip(" ,")


# Names only a column's header gives its statistic, never a row label ("T" is a stage, "F" a sex); the letters "B" and "F"
# name a coefficient and a test statistic only in a table that names a standard error or a test statistic elsewhere
# (``regression_columns``): "A", "B", "E" may be groups (pathogens, arms).
_COEFFICIENT = ("estimate", "estimate_ci", "reference")
_HEADER_NAMED = (
    (regex.compile(r"(?i:(?:un)?standardi[sz]ed\s+(?:B|b)|coefficients?|coef\.|estimates?)"), _COEFFICIENT),
    (regex.compile(r"(?:t|z|Z|χ2|χ²|(?i:chi[- ]?squared?|wald(?:\s*χ[2²])?))(?:[\s-]*(?i:value|statistic|test))?|F[\s-]*(?i:value|statistic|test)"),
     ("test_statistic",)),
)
_LETTER_NAMED = {"B": _COEFFICIENT, "b": _COEFFICIENT, "F": ("test_statistic",)}
_MODEL_OUTPUT = frozenset(("se", "estimate_se", "test_statistic"))


# What a column naming only a statistic can be a part of the statistic before it of: its spread, its share or its interval.
_PARTS = frozenset(("sd", "se", "percent", "interval"))


def with_parts_grouped(groups: list[Group], first: int) -> list[Group]:
    """Given a table's column groups and its first value column, return them with a column naming only a part of a statistic
    ("SD", "%", "95% CI") and no group of its own in the group of the column before it: "Cases (n = 150) | % | Controls
    (n = 300) | %", "Mean total score | SD"; a p-value or an estimate's column stays apart ("Patients (n = 80) | HR (95% CI)")."""
    found = list(groups)
    for index in range(first + 1, len(groups)):
        group, before = groups[index], found[index - 1]
        if group.name is None and group.n is None and group.named[:1] and group.named[0] in _PARTS and before.name and not before.p_value:
            found[index] = Group(before.name, before.n, before.overall, group.named, False, group.measure or before.measure, group.unit or before.unit)
    return found


def _header_named(level: str) -> tuple[str, ...]:
    """Given a header level, return the statistic it names that only a header can ("Coefficient", "t", "χ²"), if any."""
    return next((named for pattern, named in _HEADER_NAMED if pattern.fullmatch(level.strip())), ())


def regression_columns(groups: list[Group], paths: Sequence[str]) -> list[Group]:
    """Given a table's column groups and header paths, return them with a column headed "B" (or "F") alone as a coefficient
    (a test statistic) where another column names a standard error or a test statistic ("B | SE | β | t | P"); else as printed."""
    if not any(_MODEL_OUTPUT.intersection(group.named[:1]) for group in groups):
        return groups
    return [Group(None, None, False, _LETTER_NAMED[path.strip()], False, path.strip()) if path.strip() in _LETTER_NAMED else group
            for group, path in zip(groups, paths)]


def strip_symbols(text: str) -> str:
    """Given a label or header, return it without trailing footnote symbols ("P value†", "Smoking status*"); letters stay ("Stage 3a")."""
    return _SYMBOLS.sub("", text).strip()


def is_statistic_only(level: str) -> bool:
    """Given a header level, return whether it names only a statistic ("n (%)", "Mean (SD)", "95% CI", "P"), not a group."""
    remainder = _STATISTIC_PART.sub("", level)
    remainder = regex.sub(r"(?i)\b(?:9\d\s*%\s*C\.?\s*I\.?|SD|s\.d\.|SEM?|s\.e\.(?:m\.)?|IQR|range|min(?:imum)?|max(?:imum)?|Q[13]|p(?:[\s-]*value)?|n|no\.?"
                          r"|estimate|(?:a?[HO]R|a?RR|IRR))\b"
                          r"|β|[()\[\]%,;/\u2013\u2014]", "", remainder)
    return not remainder.strip()

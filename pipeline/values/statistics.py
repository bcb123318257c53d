"""Summary statistics as printed in characteristics, outcome and association tables.

``read_shape`` reads one cell's shape ("30 (62.5)", "57.4 ± 8.0", "1.23 (0.98–1.54)",
"<0.001", "2219 45%") into a ``Summary`` and the statistics that shape can be;
``values.statistic_names.statistic_named`` finds the statistic a label, header or footnote names
("Age, mean (SD)", "n (%)", "HR (95% CI)"); ``resolve`` settles a cell's statistic
from both, most specific first. A shape that fits nothing is a ValueError, and
a shape that contradicts the statistic named for it resolves to none: the
caller keeps the text and reports it, never guesses a number.

The vocabulary (``STATISTICS``) is small and closed so a data scientist can
filter on it: each statistic fills a fixed set of the ``Summary`` fields.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import regex

from pipeline.values.core import clean
from pipeline.values.numbers import NUMBER, matched_to_count, matched_to_float, places
from pipeline.values.statistic_names import MEASURE_PATTERN, P_NAME, PERCENT_COUNT, PRINTED_P

# Statistic → the Summary fields it fills.
STATISTICS: dict[str, tuple[str, ...]] = {
    "count": ("count",),
    "percent": ("percent",),
    "count_percent": ("count", "percent"),
    "count_denominator": ("count", "denominator"),
    "count_denominator_percent": ("count", "denominator", "percent"),
    "percent_denominator": ("denominator", "percent"),
    "mean": ("mean",),
    "sd": ("sd",),
    "mean_sd": ("mean", "sd"),
    "se": ("se",),
    "mean_se": ("mean", "se"),
    "median": ("median",),
    "median_iqr": ("median", "lower", "upper"),
    "median_range": ("median", "lower", "upper"),
    "median_spread": ("median", "lower", "upper"),
    "interval": ("lower", "upper"),
    "estimate": ("estimate",),
    "estimate_ci": ("estimate", "lower", "upper"),
    "estimate_se": ("estimate", "se"),
    "reference": ("estimate",),
    "p_value": ("p_value",),
    "test_statistic": ("value",),  # t, z, F, χ²: the header that names it is the record's measure
    "value": ("value",),
}
# Codes that stand for no value in summary tables, whatever the legend says, and the reason each gives.
# ".." is the Lancet's and the BMJ's "not applicable".
DEFAULT_MISSING = {"–": "not_applicable", "—": "not_applicable", "-": "not_applicable", "..": "not_applicable", "NR": "not_reported",
                   "NA": "not_available", "N/A": "not_available", "n/a": "not_available", "n.a.": "not_available", "n.a": "not_available",
                   "NE": "not_reported", "ND": "not_reported", "NS": "not_specified"}
NUMERIC_FIELDS = ("count", "denominator", "percent", "mean", "sd", "se", "median", "lower", "upper", "estimate", "p_value", "value")
class Summary(NamedTuple):
    """One cell read as a summary statistic: the statistic, its numbers, a qualifier ("<" of "<0.001") and the printed decimals of its percent.

    A named tuple: a table's every cell makes one or two, at a fraction of a frozen dataclass's cost.
    """

    statistic: str
    count: int | None = None
    denominator: int | None = None
    percent: float | None = None
    mean: float | None = None
    sd: float | None = None
    se: float | None = None
    median: float | None = None
    lower: float | None = None
    upper: float | None = None
    estimate: float | None = None
    p_value: float | None = None
    value: float | None = None
    qualifier: str | None = None
    measure: str | None = None
    percent_places: int | None = None
    unit: str | None = None  # a unit the reading implies: "%" where a label's "(%)" is a measured variable's unit, not a share


class Shape(NamedTuple):
    """What a cell's printed shape says: its numbers read one way, and every statistic the shape can be.

    ``by_convention``: the reading is a habit of tables, not printed ("0.19 (0.49)" is mean (SD) only where the table says it prints means).
    """

    summary: Summary
    candidates: tuple[str, ...]
    by_convention: bool = False
    n: int | None = None  # the number the statistic is over, printed after it ("18 (4) n = 187")
    p_value: float | None = None  # the p-value printed after an estimate with its interval ("0.63 (0.47, 0.83), P = 0.0012")
    p_qualifier: str | None = None
    # "62.5 (30)" read the other way round, a share first and the whole number it is of after it: only where a header says so ("% (n)").
    share_first: Summary | None = None
    # A part of a statistic printed apart ("(45.0)" beside "54"): read only where a label or header names the statistic it is part of.
    part: bool = False


_N = rf"(?:{NUMBER})"
# Between an interval's bounds: an en or em dash, a hyphen (U+2010, U+2011 too) between digits, "to", a comma or a semicolon.
_SEP = r"\s*(?:[\u2013\u2014]|(?<=\d)\s*[-\u2010\u2011]\s*(?=[-\u2212\u2013]?[\d.])|\bto\b|,|;)\s*"
_QUALIFIER = r"(?P<qualifier>[<>≤≥])"
# An upper bound not reached or not estimable ("10.3 (6.7–NR)", "4.1 (2.9–NE)"): the median's interval is open above.
_OPEN = r"(?P<open_end>NR|NE|not reached)"
# A median not reached, its interval's lower bound reached ("NR (118.4–NR)"): no point, a bound.
_OPEN_POINT = r"(?P<open_point>NR|NE)"
_CI_NAMED = r"[89]\d\s*%\s*C\.?\s*I\.?\s*[,:]?\s*"
_SPREAD_NAMED = r"(?i:IQR|range)\s*[,:]?\s*"
# Each shape with the characters a cell must hold for it to be tried (None: always), so most cells meet two or three patterns, not eleven.
_SHAPES: list[tuple[str, regex.Pattern, frozenset[str] | None]] = [
    ("reference_word", regex.compile(r"(?:1(?:\.0+)?\s*)?[(\[]?\s*(?:ref\.?|reference|referent)(?:\s+(?:group|category|level))?\s*[)\]]?", regex.IGNORECASE), frozenset("fF")),
    ("p", regex.compile(rf"{P_NAME}\s*(?P<equals>[=<>≤≥])\s*(?P<a>{_N})", regex.IGNORECASE), frozenset("pP")),
    ("qualified", regex.compile(rf"{_QUALIFIER}\s*(?P<a>{_N})(?P<pct>\s*%)?"), frozenset("<>≤≥")),
    ("number", regex.compile(rf"(?P<a>{_N})"), None),
    # Before a lone percentage: "0 100.0%" is a count of 0 and 100.0 %, not a space-grouped 100.0 %.
    ("count_bare_percent", regex.compile(rf"(?P<a>\d+(?:(?:,|[ \u00a0\u2009\u202f])\d{{3}})*)\s+(?P<b>{_N})\s*%"), frozenset("%")),
    ("percent", regex.compile(rf"(?P<a>{_N})\s*%"), frozenset("%")),
    ("fraction", regex.compile(rf"(?P<a>{_N})\s*(?:/|\bof\b)\s*(?P<n>{_N})(?:\s*\(\s*(?P<b>{_N})\s*%?\s*\))?"), frozenset("/o")),
    # "50.4% (1073/2130)": a share printed first, with the count and the whole it is of.
    ("share_fraction", regex.compile(rf"(?P<b>{_N})\s*%\s*[(\[]\s*(?P<a>{_N})\s*/\s*(?P<n>{_N})\s*[)\]]"), frozenset("%")),
    ("plus_minus", regex.compile(rf"(?P<a>{_N})\s*(?:±|\+/-|\+-)\s*(?P<b>{_N})"), frozenset("±+")),
    ("paren_one", regex.compile(rf"(?P<a>{_N})(?P<share>\s*%)?\s*[(\[]\s*(?:(?P<sd>(?i:SD|s\.d\.))\s*[,:=]?\s*)?(?P<bq>[<>≤≥])?\s*(?P<b>{_N})\s*(?P<pct>%)?\s*[)\]]"),
     frozenset("([")),
    # "0.71 (95% CI, 0.55–0.92)" names its interval; "45.2% (40.1–50.3)" is a share with its interval.
    # A share's bounds may carry the sign too: "82.5% [79.5–85.4%]".
    ("paren_two", regex.compile(rf"(?:(?P<measure>{MEASURE_PATTERN})\s*)?(?:(?P<a>{_N})|{_OPEN_POINT})(?P<share>\s*%)?\s*(?P<open>[(\[])\s*(?:(?P<ci>{_CI_NAMED})|(?P<spread>{_SPREAD_NAMED}))?(?P<b>{_N})"
                                rf"(?(share)(?:\s*%)?){_SEP}(?:(?P<c>{_N})(?(share)(?:\s*%)?)|{_OPEN})\s*[)\]]"),
     frozenset("([")),
    # The bracketed part of a statistic printed in a column of its own, as tab-aligned typesetting sets "54" and "(45.0)".
    ("bracketed", regex.compile(rf"[(\[]\s*(?P<a>{_N})\s*(?P<pct>%)?\s*[)\]]"), frozenset("([")),
    ("interval", regex.compile(rf"(?P<open>[(\[])?\s*(?P<b>{_N}){_SEP}(?P<c>{_N})\s*[)\]]?"), frozenset("–—-,;o")),
]


_POINT = regex.compile(r"[.\u00b7]")
_DIGIT = regex.compile(r"\d")


def _fail(text: str) -> ValueError:
    return ValueError(f"{text!r} is not a summary statistic (n (%), mean (SD), median (IQR), estimate (CI), p-value, …)")


# "18 (4) n = 187", "30 (62.5), n=48", "12.5 [n = 40]": the number a cell's statistic is over, printed after it.
_TRAILING_N = regex.compile(rf"[,;]?\s*[(\[]?\s*\b[nN]\s*=\s*(?P<n>\d+(?:(?:,|[ \u00a0\u2009\u202f])\d{{3}})*)\s*[)\]]?$")
# "0.49 (0.38, 0.62), P < 0.0001", "1.02 (0.66–1.59); p = 0.929": an estimate's p-value printed after its interval.
_TRAILING_P = regex.compile(rf"(?:\s*[,;]\s*|\s+)[(\[]?\s*\b{P_NAME}\s*(?P<equals>[=<>≤≥])\s*(?P<p>{_N})\s*[)\]]?$", regex.IGNORECASE)
# A unit printed in the cell, after its statistic or after its first number ("14.2 mo", "3.2 ± 1.1 kg", "14.2 months (95% CI
# 11.0–17.5)"): words of time, mass, length and volume only, never a letter alone (a footnote's marker is one).
_CELL_UNIT = r"(?:years?|yrs?|months?|mo|weeks?|wks?|days?|hours?|hrs?|min|kg|mg|g|cm|mm|mL|ml|L|mmHg|mm\s?Hg)"
_UNIT_AFTER = regex.compile(rf"^(?P<before>.*?[\d)\]])\s+(?P<unit>{_CELL_UNIT})(?P<after>(?:\s+[(\[].*)?)$")
# What a number with a unit can be: a measurement, never a count, a share or a p-value ("62 years", "23 g (4.1)").
_UNCOUNTED = frozenset(("count", "count_percent", "count_denominator", "count_denominator_percent", "percent", "p_value"))


@lru_cache(maxsize=65536)
def read_shape(text: str) -> Shape:
    """Given a cell's text without its footnote marker, return its shape: the numbers read and the statistics it can be.

    A cell ending in the number its statistic is over ("18 (4) n = 187") reads as the statistic with that ``n``.
    """
    cell = clean(text)
    trailing = _TRAILING_N.search(cell) if "=" in cell else None
    if trailing and trailing.start() > 0:
        shape = read_shape(cell[: trailing.start()])
        return shape._replace(n=matched_to_count(trailing["n"]))
    trailing = _TRAILING_P.search(cell) if "p" in cell or "P" in cell else None
    if trailing and trailing.start() > 0:
        return _with_p_value(read_shape(cell[: trailing.start()]), trailing, text)
    for name, pattern, needs in _SHAPES:
        if needs is not None and needs.isdisjoint(cell):
            continue
        match = pattern.fullmatch(cell)
        if match and (name in ("reference_word",) or _DIGIT.search(cell)):
            try:
                return _shape(name, match)
            except ValueError as err:
                raise _fail(text) from err
    raise _fail(text)


@lru_cache(maxsize=16384)
def read_measured(text: str) -> Shape:
    """Given a cell's text printing a unit after its statistic or its first number ("14.2 mo", "3.2 ± 1.1 kg", "14.2 months
    (95% CI 11.0–17.5)"), return its shape as a measurement in that unit; ValueError if it prints none or reads as no
    measurement. Apart from ``read_shape``: a header's "12 months" is no value to the layouts that find where a header ends."""
    unit = _UNIT_AFTER.match(clean(text))
    if unit is None:
        raise _fail(text)
    shape = read_shape(f"{unit['before']}{unit['after']}")
    measured = tuple(candidate for candidate in shape.candidates if candidate not in _UNCOUNTED)
    if not measured or shape.summary.unit is not None:
        raise _fail(text)
    return shape._replace(summary=shape.summary._replace(statistic=measured[0], unit=unit["unit"]), candidates=measured, by_convention=False)


def _with_p_value(shape: Shape, trailing: regex.Match, text: str) -> Shape:
    """Given the shape read before a trailing p-value and the p-value's match, return the shape as an estimate with its interval and p-value.

    Only an estimate with its interval carries one (a p-value says a comparison was made), and only where its reading has no qualifier
    of its own ("6.7–NR"), so the record's qualifier stays one number's.
    """
    p_value = matched_to_float(trailing["p"])
    if "estimate_ci" not in shape.candidates or shape.summary.qualifier or not 0 <= p_value <= 1:
        raise _fail(text)
    qualifier = None if trailing["equals"] == "=" else f"P {trailing['equals']}"
    return shape._replace(candidates=("estimate_ci",), p_value=p_value, p_qualifier=qualifier)


def _shape(name: str, match: regex.Match) -> Shape:
    """Given the shape a cell matched and the match, return its Shape; impossible numbers (a count of 2.5) are a ValueError."""
    a, b = match.groupdict().get("a"), match.groupdict().get("b")
    if name == "reference_word":
        return Shape(Summary("reference", estimate=1.0), ("reference",))
    if name == "p":
        qualifier = None if match["equals"] == "=" else match["equals"]
        return Shape(Summary("p_value", p_value=matched_to_float(a), qualifier=qualifier), PRINTED_P)
    if name == "qualified":
        value = matched_to_float(a)
        if match["pct"]:
            return Shape(Summary("percent", percent=value, qualifier=match["qualifier"], percent_places=places(a)), ("percent",))
        candidates = ("p_value", "value") if 0 <= value <= 1 else ("value",)
        if value >= 0 and value.is_integer() and not _POINT.search(a):
            candidates += ("count",)  # a count suppressed below a threshold ("<5" of a registry), read only where a count is named
        return Shape(Summary(candidates[0], p_value=value if 0 <= value <= 1 else None, value=value, qualifier=match["qualifier"]), candidates)
    if name == "number":
        return Shape(Summary("value", value=matched_to_float(a), percent_places=places(a)), _plain_candidates(a))
    if name == "percent":
        return Shape(Summary("percent", percent=matched_to_float(a), percent_places=places(a)), ("percent",))
    if name == "bracketed":
        value = matched_to_float(a)
        if not 0 <= value <= 100:
            raise ValueError(f"({a}) is no share or SD printed apart")
        candidates = ("percent",) if match["pct"] else ("percent", "sd")
        return Shape(Summary("percent", percent=value, sd=value, percent_places=places(a)), candidates, part=True)
    if name == "count_bare_percent":
        return Shape(Summary("count_percent", count=matched_to_count(a), percent=matched_to_float(b), percent_places=places(b)), ("count_percent",))
    if name in ("fraction", "share_fraction"):
        count, denominator = matched_to_count(a), matched_to_count(match["n"])
        if b is None:
            return Shape(Summary("count_denominator", count=count, denominator=denominator), ("count_denominator",))
        return Shape(Summary("count_denominator_percent", count=count, denominator=denominator, percent=matched_to_float(b), percent_places=places(b)),
                     ("count_denominator_percent",))
    if name == "plus_minus":
        mean, spread = matched_to_float(a), matched_to_float(b)
        return Shape(Summary("mean_sd", mean=mean, sd=spread, se=spread), ("mean_sd", "mean_se"))
    if name == "paren_one":
        if match["share"]:  # "62.5% (30)": a share printed first says so itself
            shape = _paren_one(a, b, False)
            if match["sd"] or match["pct"] or match["bq"] or shape.share_first is None:
                raise ValueError(f"{a}% ({b}) is no share with its count")
            return Shape(shape.share_first._replace(denominator=None), ("count_percent",), share_first=shape.share_first)
        if match["sd"] and not (match["pct"] or match["bq"]):  # "45.2 (SD 12.1)": the cell names its SD
            return Shape(Summary("mean_sd", mean=matched_to_float(a), sd=matched_to_float(b)), ("mean_sd",))
        if match["sd"]:
            raise ValueError(f"{a} (SD {b}) is no SD")
        return _paren_one(a, b, bool(match["pct"]), match["bq"])
    if name == "paren_two":
        first, low = None if match["open_point"] else matched_to_float(a), matched_to_float(b)
        high = None if match["open_end"] else matched_to_float(match["c"])
        qualifier = _open_qualifier(match["open_point"], match["open_end"])
        summary = Summary("estimate_ci", median=first, estimate=first, lower=low, upper=high, measure=match["measure"], qualifier=qualifier,
                          unit="%" if match["share"] else None)
        if match["spread"]:  # "3 (IQR 2–5)", "46 (range 18–80)": the cell names its median's spread
            return Shape(summary, ("median_iqr",) if match["spread"][:1] in "Ii" else ("median_range",))
        named = match["measure"] or match["ci"] or match["share"]
        candidates = ("estimate_ci",) if named else ("median_iqr", "median_range", "median_spread", "estimate_ci")
        return Shape(summary, candidates)
    low, high = matched_to_float(b), matched_to_float(match["c"])
    return Shape(Summary("interval", lower=low, upper=high), ("interval",))


# What a code printed for a point or a bound says of it: a median the follow-up did not reach, or one that cannot be estimated.
_OPEN_MEANINGS = {"NR": "not reached", "not reached": "not reached", "NE": "not estimable"}


def _open_qualifier(point: str | None, end: str | None) -> str | None:
    """Given the codes printed for an estimate and its upper bound, if any ("NR (118.4–NR)"), return what the record's qualifier says."""
    parts = [f"{what} {_OPEN_MEANINGS[code]}" for what, code in (("estimate", point), ("upper bound", end)) if code]
    return "; ".join(parts) or None


def _plain_candidates(printed: str) -> tuple[str, ...]:
    """Given a lone printed number, return what it can be: a count only if whole and not negative, a p-value only within [0, 1]."""
    value = matched_to_float(printed)
    candidates = ["value", "percent", "mean", "median", "sd", "estimate", "se", "test_statistic"]
    if value >= 0 and value.is_integer() and not _POINT.search(printed):
        candidates.insert(0, "count")
    if 0 <= value <= 1:
        candidates.append("p_value")
    return tuple(candidates)


def _paren_one(a: str, b: str, percent_sign: bool, qualifier: str | None = None) -> Shape:
    """Given "a (b)" or "a (b%)", return it as n (%) when it can be a count and a percentage, else as mean (SD) by convention;
    a qualified share ("5 (<1%)", "1 (<0.1)") is a count and its percentage only."""
    first, second = matched_to_float(a), matched_to_float(b)
    countable = first >= 0 and first.is_integer() and not _POINT.search(a) and 0 <= second <= 100
    if percent_sign or qualifier:
        if not countable:
            raise ValueError(f"{a} ({qualifier or ''}{b}%) is not a count with its percentage")
        return Shape(Summary("count_percent", count=int(first), percent=second, percent_places=places(b), qualifier=qualifier), ("count_percent",))
    # "a (b)" is a mean with its SD by convention; a mean or an estimate with its standard error only where a label says so.
    spreads = ("mean_sd", "mean_se", "estimate_se")
    statistic, candidates = ("count_percent", ("count_percent", *spreads)) if countable else ("mean_sd", spreads)
    whole = second >= 0 and second.is_integer() and not _POINT.search(b)
    share_first = Summary("count_percent", count=int(second), denominator=int(second), percent=first, percent_places=places(a)) \
        if whole and 0 <= first <= 100 else None
    return Shape(Summary(statistic, count=int(first) if countable else None, percent=second, mean=first, sd=second, se=second, estimate=first,
                         percent_places=places(b)),
                 candidates, by_convention=not countable, share_first=share_first)


# The statistics a share-first header names, each read from a cell's share-first reading.
_SHARE_FIRST = {PERCENT_COUNT: "count_percent", "percent_denominator": "percent_denominator"}

# A shape that prints more than the statistic named for it still is that statistic: "12/48 (25.0)" under "n (%)".
# So is a part printed in a column of its own: the interval of a median or an estimate ("HR (95% CI)" over an estimate and its interval);
# and an interval named alone ("PFS (95% CI, months)") printed with the estimate it is around.
_WIDER = {"count_percent": ("count_denominator_percent",), "count": ("count_denominator", "count_percent", "count_denominator_percent"),
          "percent": ("count_denominator_percent",), "median_iqr": ("interval",), "median_range": ("interval",), "median_spread": ("interval",),
          "estimate_ci": ("interval",), "interval": ("estimate_ci",)}


@lru_cache(maxsize=1024)
def _widened(named: tuple[str, ...]) -> tuple[str, ...]:
    """Given the statistics named for a cell, return them each followed by the wider shapes that still are it."""
    return tuple(wider for name in named for wider in (name, *_WIDER.get(name, ())))


def resolve(shape: Shape, named: tuple[str, ...], association: bool = False) -> Summary | None:
    """Given a cell's shape and the statistics named for it (most specific place first), return the cell's summary, or None when they contradict.

    Without a name, an ambiguous shape takes its first reading, except that an
    "a (b–c)" in an association table is an estimate with its interval.
    """
    if shape.candidates == PRINTED_P:
        statistic = "p_value"  # the cell names its statistic ("P = 0.67", "p for trend = 0.98"), whatever its column holds otherwise
    elif not named:
        if association and "estimate_ci" in shape.candidates:
            statistic = "estimate_ci"
        else:
            statistic = "median_spread" if shape.candidates[0] == "median_iqr" and len(shape.candidates) > 1 else shape.candidates[0]
    else:
        statistic = next((name for name in _widened(named) if name in shape.candidates or (name in _SHARE_FIRST and shape.share_first)), None)
        if statistic is None and shape.summary.unit == "%" and {"percent", "count_percent"} & set(named):
            statistic = "estimate_ci"  # "45.2% (40.1–50.3)" under "%": the share, printed with its interval
    if statistic is None:
        return None
    if statistic in _SHARE_FIRST:
        summary = _with_n(_as(shape.share_first, _SHARE_FIRST[statistic]), shape.n)
    else:
        summary = _with_n(_as(shape.summary, statistic), shape.n)
    return summary if shape.p_value is None else summary._replace(p_value=shape.p_value, qualifier=shape.p_qualifier)


# A statistic with the n it is over printed after it fills the denominator: a count's becomes a count over its denominator.
_OVER_N = {"count": "count_denominator", "count_percent": "count_denominator_percent"}


def _with_n(summary: Summary, n: int | None) -> Summary:
    """Given a resolved summary and the n printed after it (or None), return it with that n as its denominator."""
    if n is None or summary.denominator is not None:
        return summary
    return summary._replace(statistic=_OVER_N.get(summary.statistic, summary.statistic), denominator=n)


# The fields a plain number's one value fills, whichever of them its statistic is.
_PLAIN_FIELDS = frozenset(("percent", "count", "mean", "median", "sd", "se", "estimate", "p_value", "value"))


def _as(summary: Summary, statistic: str) -> Summary:
    """Given a reading and the statistic settled for it, return the summary with only that statistic's fields (and its qualifier) kept."""
    plain = summary.statistic == "value"
    fields: dict[str, float | int | None] = {}
    for name in STATISTICS[statistic]:
        value = summary.value if plain and name in _PLAIN_FIELDS else getattr(summary, name)
        if value is None and name in ("median", "estimate"):
            value = summary.median if summary.median is not None else summary.estimate
        fields[name] = int(value) if value is not None and name in ("count", "denominator") else value
    percent_places = summary.percent_places if fields.get("percent") is not None else None
    return Summary(statistic, **fields, qualifier=summary.qualifier, measure=summary.measure, percent_places=percent_places, unit=summary.unit)


# A footnote or significance marker glued to the end of a value: letters after a digit, "%" or a bracket ("6.9ab", "11.6A", "10a"),
# or symbols and superscripts ("12.5*", "0.04†", "3ᵃ").
# A reference number set on the line after a closing bracket ("10.3 (6.7–NR)5") is a marker too, as "∗" (U+2217) is an asterisk;
# a raised exponent of ten ("1.2×10⁻⁵") is none.
_MARKER = regex.compile(
    r"(?:(?<=[\d%)\]])(?P<letters>[a-z]{1,3}|[A-Z])|(?<=[)\]])(?P<digits>\d{1,2})"
    r"|(?!(?<=[×xX]\s?10[⁻⁺]?[⁰¹²³⁴-⁹]*)[⁻⁺⁰¹²³⁴-⁹])\s*(?P<symbols>[*∗⁎†‡§¶#\u1d2c-\u1d6a\u1d9b-\u1dbf\u02b0-\u02b8\u00b9\u00b2\u00b3\u2070-\u209c]+))$"
)


@lru_cache(maxsize=65536)
def split_marker(text: str) -> tuple[str, str | None]:
    """Given a cell's text, return it without a trailing footnote or significance marker, and the marker ("6.9ab" → ("6.9", "ab"))."""
    cell = clean(text)
    match = _MARKER.search(cell)
    if not match or not cell[: match.start()].strip():
        return cell, None
    return cell[: match.start()].rstrip(), match["letters"] or match["digits"] or match["symbols"]


@lru_cache(maxsize=65536)
def shape_of(text: str) -> Shape | None:
    """Given a printed cell, return its shape with any trailing marker split off, or None when it fits no shape."""
    try:
        return read_shape(split_marker(text)[0])
    except ValueError:
        return None

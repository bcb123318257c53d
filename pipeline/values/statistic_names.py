"""What labels, headers and the text under a table name: the statistic of the cells they are over or beside, and the effect measure.

``statistic_named`` ("Age, yr, mean ± SD" → mean_sd, "OR (95% CI)" → estimate_ci, "P value" → p_value) lists the
statistics a phrase names, most specific first; ``values.statistics.resolve`` settles a cell's shape against them.
``measure_named`` finds the effect measure ("HR", "OR", "β"), ``is_difference`` whether it measures a difference.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.values.core import clean

# Effect measures an association table names in its header or before the estimate ("HR 0.71 [0.55, 0.92]").
MEASURES = ("aHR", "aOR", "aRR", "HR", "OR", "RR", "IRR", "SHR", "sHR", "SMD", "β")
MEASURE_PATTERN = "|".join(regex.escape(measure) for measure in MEASURES)
# "P", "p-value", "P for trend", "P interaction" before "= 0.03" or "< 0.001": the one shape that is a p-value alone.
PRINTED_P = ("p_value",)
P_NAME = r"p(?:[\s-]*(?:value|(?:for\s+)?(?:trend|interaction|heterogeneity)))?"

# Measures of a difference, not a ratio: a reference level's own is 0, not 1 ("Reference" in a column of β).
_DIFFERENCE = regex.compile(r"β|^(?:un)?(?:standardi[sz]ed\s+)?[Bb]$|(?i:coefficient|difference|\b[SW]?MD\b)")


def is_difference(measure: str | None) -> bool:
    """Given an effect measure ("HR", "β", "Mean difference"), return whether it measures a difference, whose null is 0."""
    return bool(measure and _DIFFERENCE.search(measure))


# What "% (n)" names: a count and its share, printed share first; it resolves to "count_percent", read the other way round.
PERCENT_COUNT = "percent_count"

# A standard error, of the mean or of an estimate: "SE", "SEM", "s.e.", "S.E.M.", "standard error (of the mean)".
_SE = r"(?:SEM?\b|s\.e\.(?:m\.)?|standard\s+errors?(?:\s+of\s+(?:the\s+)?mean)?)"

# Phrases naming a statistic, most specific first; each maps to the statistics a cell under it may be.
_NAMED: list[tuple[regex.Pattern, tuple[str, ...]]] = [
    # A share printed before the whole number it is of: "% (n)" its count, "% (total number of respondents, n)" its denominator.
    (regex.compile(r"%\s*[(\[][^()\[\]]*\b(?:total|denominator)\b[^()\[\]]*[)\]]", regex.IGNORECASE), ("percent_denominator", "percent")),
    (regex.compile(r"%\s*[(\[]\s*(?:n|no\.?|number)\s*[)\]]", regex.IGNORECASE), (PERCENT_COUNT, "percent")),
    (regex.compile(r"\bn\s*/\s*N\s*\(\s*%\s*\)", regex.IGNORECASE), ("count_denominator_percent", "count_denominator")),
    # "Events/total", "n/N", "Deaths/patients": a count over the whole it is of, without its share.
    (regex.compile(r"\b(?:events?|deaths?|cases?|responders?|n|no\.)\s*/\s*(?:total|N|no\.|patients|participants)(?:\s|$)", regex.IGNORECASE),
     ("count_denominator", "count_denominator_percent")),
    # A whole number alone under "n (%)" is the count it names first; a share printed apart ("(45.0)") its percent.
    (regex.compile(r"\b(?:n|no\.?|number|count|frequency|patients)\s*[(\[]\s*%\s*[)\]]", regex.IGNORECASE), ("count_percent", "count", "percent")),
    # A standard error is no SD: "mean ± SEM", "Mean (SE)"; "β (SE)", "Coefficient (s.e.)" an estimate with its standard error.
    (regex.compile(rf"\bmeans?\s*(?:[(\[]\s*{_SE}\s*[)\]]|±\s*{_SE})", regex.IGNORECASE), ("mean_se", "mean", "se")),
    (regex.compile(rf"(?:β|\b(?:b|coefficients?|coef\.?|estimates?|{MEASURE_PATTERN}))\s*[(\[]\s*{_SE}\s*[)\]]", regex.IGNORECASE), ("estimate_se", "estimate", "se")),
    (regex.compile(r"\bmean\s*(?:[(\[]\s*(?:SD|s\.d\.|standard deviation)\s*[)\]]|±\s*(?:SD|s\.d\.))", regex.IGNORECASE), ("mean_sd", "mean", "sd")),
    # The quartiles named either way: "(Q1–Q3)", "(Q1, Q3)", "[P25; P75]", "(25th to 75th percentile)".
    (regex.compile(r"\bmedian\s*[(\[,]\s*(?:IQR|interquartile range|(?:Q1|P25|25th)\s*(?:[\u2013\u2014,;-]|to)\s*(?:Q3|P75|75th)(?: percentiles?)?)",
                   regex.IGNORECASE), ("median_iqr", "median")),
    (regex.compile(r"\bmedian\s*[(\[,]\s*(?:range|min(?:imum)?\s*[\u2013\u2014,-]\s*max(?:imum)?)", regex.IGNORECASE), ("median_range", "median")),
    # "HR (95% CI)", "OR [95% CI]", "(HR, 95% CI)", "aOR 95% CI".
    (regex.compile(rf"\b(?:{MEASURE_PATTERN})\s*(?:[(\[,]\s*|\s)9\d\s*%\s*C\.?\s*I\.?"), ("estimate_ci", "estimate", "reference")),
    # Any quantity with its interval: "Rate per 1000 person-years (95% CI)", "Median OS (95% CI)", "HR per SD (95%CI)",
    # "Mean farm prevalence [90% range]" (a percentile range around an estimate).
    (regex.compile(r"\S.*?[(\[]\s*[89]\d\s*%\s*(?:C\.?\s*[Il]\.?|range)\s*[)\]]", regex.IGNORECASE), ("estimate_ci", "interval", "estimate", "reference")),
    # A footnote letter may end it: "Pa", "P valueb".
    (regex.compile(rf"\b{P_NAME}(?-i:[a-e])?$", regex.IGNORECASE), ("p_value",)),
    (regex.compile(r"\b(?:odds|hazards?|risk|rate)\s+ratios?\b|\brelative\s+risk\b|\bregression\s+coefficient\b", regex.IGNORECASE),
     ("estimate", "estimate_ci", "reference")),
    # "95% Cl" with a lower-case L is how some fonts, and some typesetters, print "CI".
    (regex.compile(r"\b[89]\d\s*%\s*(?:C\.?\s*[Il]\.?|confidence\s+intervals?)|\bconfidence\s+intervals?\b|\blimits\s+of\s+agreement\b", regex.IGNORECASE),
     ("interval",)),
    (regex.compile(r"\bmeans?\b", regex.IGNORECASE), ("mean_sd", "mean")),  # "Values are means ±SD"
    (regex.compile(r"\bmedians?\b", regex.IGNORECASE), ("median_spread", "median_iqr", "median_range", "median")),
    (regex.compile(r"\b(?:SD|s\.d\.)$", regex.IGNORECASE), ("sd",)),
    (regex.compile(rf"(?:^|\s){_SE}$", regex.IGNORECASE), ("se",)),
    (regex.compile(r"\b(?:IQR|range)$", regex.IGNORECASE), ("interval",)),
    # "Min, Max", "Minimum–maximum", "Q1, Q3": a range or the quartiles, printed as their two bounds.
    (regex.compile(r"^(?:min(?:imum)?\s*(?:[,;/\u2013\u2014-]|to)\s*max(?:imum)?|Q1\s*(?:[,;/\u2013\u2014-]|to)\s*Q3)$", regex.IGNORECASE), ("interval",)),
    (regex.compile(rf"(?:^|\s)(?:{MEASURE_PATTERN})$"), ("estimate", "estimate_ci", "reference")),
    # A row labelled by its measure: "HR (pemetrexed versus placebo)", "Adjusted OR, per 10 years".
    (regex.compile(rf"^(?i:(?:adjusted|unadjusted|crude|pooled)\s+)?(?:{MEASURE_PATTERN})(?=[\s(),])"), ("estimate_ci", "estimate", "reference")),
    # Not "rate" alone: an incidence rate is per person-years, a rate ratio a ratio; "Response rate, %" names its percent by the sign.
    (regex.compile(r"[(\[]\s*%\s*[)\]]|%$|\bpercent(?:age)?\b|\bprevalence\b", regex.IGNORECASE), ("percent", "count_percent")),
    # "No" alone is a level, "No." a count; "Events, No." and "Deaths, n" name counts too.
    (regex.compile(r"(?:^|[,;\u2013\u2014]\s*)(?:n|no\.|number|count)$|[(\[]\s*n\s*[)\]]", regex.IGNORECASE), ("count",)),
]


# Words that say a table prints means and SDs somewhere: a label, a header or the text under it ("Plus–minus values are means ±SD").
_MEAN_SD_WORDS = regex.compile(r"(?i)\bmeans?\b|\bs\.?d\.?(?=$|[\s),;:])|standard deviation|±")


def names_mean_sd(texts: tuple[str, ...]) -> bool:
    """Given a table's labels, headers and the text under it, return whether any names a mean or an SD."""
    return any(_MEAN_SD_WORDS.search(text) for text in texts)


@lru_cache(maxsize=16384)
def statistic_named(text: str) -> tuple[str, ...]:
    """Given a label, header or footnote ("Age, yr, mean ± SD", "OR (95% CI)", "P value"), return the statistics it names (empty if none),
    the most specific phrase's first: "n (%) [95% CI]" names a count with its share and an interval."""
    cleaned = clean(text)
    named = [statistic for pattern, allowed in _NAMED if pattern.search(cleaned) for statistic in allowed]
    parts = [_named_whole(part) for part in cleaned.split("/")] if "/" in cleaned else []
    if sum(bool(part) for part in parts) > 1:  # "Mean/N", "SD/%": a column of two statistics, one per kind of row
        named += [statistic for part in parts for statistic in part]
    return tuple(dict.fromkeys(named))


def names_p_value(label: str) -> bool:
    """Given a header label, return whether it names a p-value first ("P value", "P-value", "Pa")."""
    return statistic_named(label)[:1] == PRINTED_P


def _named_whole(text: str) -> tuple[str, ...]:
    """Given a part of a header, return the statistics its phrases name."""
    return tuple(statistic for pattern, allowed in _NAMED if pattern.search(text.strip()) for statistic in allowed)


_MEASURE_NAMED = regex.compile(rf"(?:^|[\s(/])(?P<measure>{MEASURE_PATTERN})(?=$|[\s(),])")


def measure_named(text: str) -> str | None:
    """Given a header or label, return the effect measure it names ("HR", "OR", …), if any."""
    match = _MEASURE_NAMED.search(clean(text))
    return match["measure"] if match else None

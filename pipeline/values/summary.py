"""Value shapes of summary tables: counts with percentages, mean ± SD, ranges, medians with their spread, p-values."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.values.core import _NUMBER, _fail, _number, clean


_COUNT_PERCENT = regex.compile(r"(?P<count>\d+)(?:\s*\((?P<percent>\d+(?:\.\d+)?)\s*%?\))?")


def count_percent(text: str) -> tuple[int, float | None]:
    """Given "1 (1.4)", "12 (34.5%)" or a bare "0", return (count, percent or None)."""
    match = _COUNT_PERCENT.fullmatch(clean(text))
    if not match:
        raise _fail('a count with an optional percentage like "1 (1.4)"', text)
    return int(match["count"]), float(match["percent"]) if match["percent"] else None


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

"""The arithmetic a summary table's own numbers must satisfy, checked at the precision it printed.

Each check returns findings with the numbers; nothing is "fixed". A
percentage must match its count over its denominator (the cell's n/N or the
group's n; or, printed in a column of its own beside the count, the group's n); a categorical variable's levels must not count more than the
group's n (nor, where they count half of it or more, fewer unless a level says the rest are missing) and their
percentages must sum to 100 within rounding; an interval
must contain its estimate or median; a p-value lies in [0, 1]; an SD is not
negative.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

# Levels that say some patients are not counted elsewhere, so a shortfall of the sum is expected.
MISSING_LEVELS = ("missing", "unknown", "not reported", "not known", "not available", "n/a", "na")


def half_unit(places: int | None) -> float:
    """Given printed decimals, return half a unit in the last place: the most rounding can move a number."""
    return 0.5 * 10.0 ** -(places or 0) + 1e-9


def is_share(count: int, whole: int, percent: float, slack: float) -> bool:
    """Given a count, the whole it is of, a printed percentage and how far rounding (or missing data) may move it, return whether
    the percentage is the count's share of the whole."""
    return abs(100 * count / whole - percent) <= slack


def percent_findings(record: dict) -> Iterator[tuple[str, dict]]:
    """Given a long record, yield a finding when its percentage is not its count over its denominator (or its group's n)."""
    count, percent = record.get("count"), record.get("percent")
    denominator = record.get("denominator") or record.get("group_n")
    if count is None or percent is None or not denominator:
        return
    if not is_share(count, denominator, percent, half_unit(record.get("_percent_places"))):
        source = "n/N" if record.get("denominator") else f"the group's n ({denominator})"
        yield record["source_column"], _share_finding(record, count, denominator, percent, f"({source})")


def split_share_findings(records: Iterable[dict]) -> Iterator[tuple[str, dict]]:
    """Given a table's long records, yield a finding where a group's count and its percentage, printed in two columns of one
    row ("Cases (n = 150) | %"), disagree: the percentage must be the count's share of the group's n."""
    parts: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        if record.get("group") is not None and record.get("group_n") and record.get("statistic") in ("count", "percent"):
            parts[(record["source_row"], record["group"])][record["statistic"]].append(record)
    for found in parts.values():
        if len(found["count"]) != 1 or len(found["percent"]) != 1:
            continue
        [counted], [share] = found["count"], found["percent"]
        count, n, percent = counted["count"], counted["group_n"], share["percent"]
        if counted.get("qualifier") is None and share.get("qualifier") is None and not is_share(count, n, percent, half_unit(share.get("_percent_places"))):
            yield share["source_column"], _share_finding(share, count, n, percent, "beside it (the group's n)")


def bound_findings(record: dict) -> Iterator[tuple[str, dict]]:
    """Given a long record, yield findings for an interval that leaves out its point, a p-value outside [0, 1] or a negative SD or SE."""
    point = record.get("estimate") if record.get("estimate") is not None else record.get("median")
    low, high = record.get("lower"), record.get("upper")
    if point is not None and low is not None and high is not None and not low <= point <= high:
        yield record["source_column"], _finding(record, "interval_excludes_estimate", f"{point:g} is outside its interval [{low:g}, {high:g}]")
    if low is not None and high is not None and low > high:
        yield record["source_column"], _finding(record, "reversed_interval", f"lower bound {low:g} is above upper bound {high:g}")
    if record.get("p_value") is not None and not 0 <= record["p_value"] <= 1:
        yield record["source_column"], _finding(record, "p_value_out_of_range", f"p = {record['p_value']:g} is outside [0, 1]")
    for spread in ("sd", "se"):
        if record.get(spread) is not None and record[spread] < 0:
            yield record["source_column"], _finding(record, f"negative_{spread}", f"{spread.upper()} {record[spread]:g} is negative")


def level_findings(records: Iterable[dict]) -> Iterator[tuple[str, dict]]:
    """Given a table's long records, yield findings for a categorical variable whose levels overcount the group or whose percentages do not sum to 100."""
    levels: dict[tuple, list[dict]] = defaultdict(list)
    for record in records:
        if record.get("level") is not None and record.get("statistic") in ("count_percent", "percent", "count"):
            levels[(record["variable"], record["source_column"])].append(record)
    for (variable, column), members in levels.items():
        if len(members) < 2 or any(member.get("qualifier") for member in members):
            continue  # a count printed as a bound ("<5") has no exact sum
        first = members[0]
        counts = [member["count"] for member in members if member.get("count") is not None]
        n = first.get("group_n")
        if n and len(counts) == len(members) and sum(counts) > n:
            yield column, _finding(first, "levels_exceed_group", f"the levels of {variable!r} count {sum(counts)}, more than the group's n of {n}: "
                                                                 "an error unless its levels are not exclusive (a patient counted under several)")
        missing_level = any(str(member["level"]).casefold().startswith(MISSING_LEVELS) for member in members)
        # Rows under a heading that count under half the group are events or conditions listed under it ("Adverse events of
        # interest": hypothyroidism, colitis, …), not one variable's exclusive levels missing a few patients: no shortfall to report.
        if n and len(counts) == len(members) and n / 2 <= sum(counts) < n and not missing_level:
            yield column, _finding(first, "levels_short_of_group", f"the levels of {variable!r} count {sum(counts)} of the group's n of {n}, and no level says the rest are missing")
        # Only n (%) shares add up to 100: a column of rates ("Seroprevalence (%)") gives each level its own.
        percents = [member["percent"] for member in members if member.get("percent") is not None and member["statistic"] == "count_percent"]
        if len(percents) == len(members) and not missing_level:
            slack = sum(half_unit(member.get("_percent_places")) for member in members)
            if abs(sum(percents) - 100) > slack and (n is None or sum(counts) == n):
                yield column, _finding(first, "percentages_do_not_sum", f"the levels of {variable!r} sum to {sum(percents):g}%, not 100% within rounding")


def record_findings(records: list[dict]) -> list[tuple[str, dict]]:
    """Given a table's long records, return (column, finding fields) for every check that fails."""
    found = [item for record in records for check in (percent_findings, bound_findings) for item in check(record)]
    return found + list(level_findings(records)) + list(split_share_findings(records))


def _share_finding(record: dict, count: int, whole: int, percent: float, where: str) -> dict:
    """Given the record printing a percentage, the count and whole it should be the share of, and where it is printed and the
    whole came from, return the inconsistent_percentage finding with the numbers."""
    return _finding(record, "inconsistent_percentage", f"{count}/{whole} is {100 * count / whole:.3f}%, but {percent:g}% is printed {where}")


def _finding(record: dict, kind: str, detail: str) -> dict:
    """Given the record a check concerns, return the finding's fields other than document, table and column."""
    return {"kind": kind, "value": record["raw_text"], "line": record["source_line"], "detail": detail}

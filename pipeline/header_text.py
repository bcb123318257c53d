"""What a header cell's text is: a group's size ("n = 4924"), a statistic's name ("n (%)", "95% C.I."), or words that read as no value.

Header rows are found, and spans laid, by what their cells say; the body's values never read as header text.
"""

from __future__ import annotations

import regex

from pipeline.values.numbers import NUMBER
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import read_shape, shape_of, split_marker

# "(n = 48)", "n=335 924", "N: 12", "(N=1,204)": a group's size, alone or after its name.
GROUP_SIZE = regex.compile(rf"[(\[]?\s*\b[nN]\s*[=:]\s*(?P<n>{NUMBER})\s*[)\]]?")
# The column of the whole table, not of one group: "Total", "Overall", "All patients".
_WHOLE = r"(?:total|overall|all(?:\s+(?:patients|participants|subjects|cases|women|men))?|whole\s+(?:cohort|sample)|combined)"
OVERALL = regex.compile(rf"^{_WHOLE}\b", regex.IGNORECASE)
# A group that is the whole table, named by nothing else: "Total", "Overall population", "All patients"; not "Overall
# survival" or "Total score", which an endpoint's or a scale's column is named.
OVERALL_GROUP = regex.compile(rf"{_WHOLE}(?:\s+(?:cohort|sample|population|study\s+population|group|patients|participants|subjects))?", regex.IGNORECASE)
# Words after which a label goes on ("Proximal vs. Distal", "PAL + LET", "Grade 3 or 4", "treatment and" / "ASBI subgroup").
# A bound's sign set apart ("≥ Grade Group 2") goes on with what it bounds.
JOINERS = frozenset({"vs.", "vs", "versus", "and", "or", "of", "to", "plus", "with", "without", "per", "in", "at", "by", "for", "+", "/", "&", "-", "–",
                     "≥", "≤", "<", ">"})


def leaves_label_open(text: str) -> bool:
    """Given a label's line, return whether the label goes on past it: it ends in a word or sign a label goes on from
    ("treatment and", "Age, yr, mean ±", "Controls (n =", "Cases,") or leaves a bracket open ("Hazard ratio (95%")."""
    text = text.rstrip()
    last = text.rsplit(maxsplit=1)[-1] if text else ""
    return (last.casefold() in JOINERS or text.endswith(("=", ",", "(", "[", "-", "–", "/", "±"))
            or text.count("(") > text.count(")") or text.count("[") > text.count("]"))


# Codes a cell prints for no value: never header text.
_NO_VALUE = frozenset(("–", "—", "-", "NR", "NA", "N/A", "n/a", "NE", "ND", "NS", "..", "…"))


def is_header_token(text: str) -> bool:
    """Given a cell below the first header row, return whether it is header text, not a value: a group's size ("n = 4924")
    or the name of a statistic ("n (%)", "Mean (SD)", "95% C.I.", "P", "Seroprevalence (%)")."""
    cell = " ".join(text.split())
    if GROUP_SIZE.fullmatch(cell):
        return True
    if not statistic_named(cell) or len(cell) > 40:
        return False
    try:
        read_shape(cell)
    except ValueError:
        return True
    return False


def names_group_or_statistic(text: str) -> bool:
    """Given a header label, return whether it names a group with its size ("Cases, n=71") or a statistic, marker aside ("HR*")."""
    return bool(GROUP_SIZE.search(text)) or is_header_token(split_marker(text)[0])


def is_header_text(text: str) -> bool:
    """Given a cell, return whether it can be header text: blank, a group size or statistic name, or words that read as no value
    ("Cases, n=71", "Model 1a", "<1 year"; not "62 (55–70)", "0.04" or a dash)."""
    cell = " ".join(text.split())
    if not cell:
        return True
    return cell not in _NO_VALUE and (shape_of(cell) is None or bool(GROUP_SIZE.fullmatch(cell)))


def group_name(label: str) -> str:
    """Given a header label, return it without its group size ("Cases, n=71" → "Cases"): sibling groups repeat names, not sizes."""
    return GROUP_SIZE.sub("", label).strip(" ,;")

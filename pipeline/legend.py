"""The abbreviation legend printed under a table: "M: Male; F: Female; NS: Not specified."."""

from __future__ import annotations

from typing import Sequence

import regex

from pipeline.grid import Line

# A legend opens with a short code, a colon and its meaning, with a footnote's markers ("a,b Values …", "* Reference category"),
# with the note of what the values are ("Values are n (%) unless stated otherwise", "Abbreviations: …"), or with an
# abbreviation's entry as clinical papers list them ("OS, overall survival; NR, not reached", "NR denotes not reached"): a code
# of two capitals or more, then a word of three lower-case letters or more, never a unit ("BMI, kg/m²") or a statistic ("ECOG, n (%)").
# The words an abbreviation's entry may join a code to its meaning with ("NR denotes not reached").
ENTRY_VERB = r"\s(?:denotes|indicates|means|stands\s+for)"
_LEGEND_START = regex.compile(
    r"^\s*(?:[^\s:;]{1,12}\s*:\s+\S|(?:[a-zA-Z](?:\s*,\s*[a-zA-Z])*,?|[*†‡§¶#]+|[\u1d43-\u1d5b]+)\s+\p{Lu}"
    r"|(?:Values|Data|Results|Numbers)\s+(?:are|were|is)\s|Notes?\s*[:.]|Abbreviations?\s*:"
    rf"|(?=[^\s,=]*\p{{Lu}}[^\s,=]*\p{{Lu}})[\p{{L}}\d/.-]{{2,10}}\s*(?:[,=]|{ENTRY_VERB})\s+\p{{Ll}}{{3,}}(?=[\s;,.]|$))"
)
_ENTRY = regex.compile(r"^\s*(?P<code>[^:;]{1,12}?)\s*:\s*(?P<meaning>.+?)\s*$")


def starts_legend(text: str) -> bool:
    """Given a line, return whether it opens a legend (a code and its meaning, a footnote's markers, "Values are …")."""
    return bool(_LEGEND_START.match(text))


def lines_after(lines: Sequence[Line]) -> list[Line]:
    """Given the lines after a table body, return the legend paragraph (empty when there is none)."""
    remaining = list(lines)
    while remaining and not remaining[0][1].strip():
        remaining.pop(0)
    if not remaining or not _LEGEND_START.match(remaining[0][1]):
        return []
    paragraph = []
    for number, text in remaining:
        if not text.strip():
            break
        paragraph.append((number, text))
    return paragraph


def text_to_codes(text: str) -> list[tuple[str, str]]:
    """Given legend text, return its (code, meaning) pairs in printed order."""
    entries = []
    for chunk in text.strip().rstrip(".").split(";"):
        match = _ENTRY.match(chunk)
        if match:
            entries.append((match["code"], match["meaning"]))
    return entries

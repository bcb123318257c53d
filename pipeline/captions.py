"""Table captions as documents print them: "Table 1 Title", "Table 1." / "Table 1:", "TABLE 1", "Table II", the number alone, "(continued)",
a report's "Table 6.7", a supplement's "Table S1", "Supplementary Table 1" or "eTable 1", an appendix's "Table A1".

One pattern for the text path and the PDF reader, so a caption reads the same
whichever way the document came in. Prose naming a table ("Table 3 shows …":
no mark, a lower-case word) is no caption.
"""

from __future__ import annotations

import regex

# A table's number: "2", "II", a report's "6.7", a supplement's "S1", an appendix's "A1" or a report chapter's "CA7".
_NUMBER = r"(?P<number>[A-Z]{0,3}\d+(?:\.\d+)?|[IVX]+)"
# A supplement's table may say so before "Table" instead: "Supplementary Table 1", JAMA's "eTable 1".
_SUPPLEMENT = r"(?P<supplement>(?:Supplementary|Supplemental)\s+|e(?=Table\b))?"
CAPTION = regex.compile(
    rf"^\s*{_SUPPLEMENT}(?:Table|TABLE)\s+{_NUMBER}\b"
    r"(?P<continued>\s*\(\s*(?i:continued|cont(?:'d|\.)?)\s*\))?"
    r"\s*(?P<mark>[.:|])?\s*(?P<title>.*?)\s*$"
)
# "Table 3 shows ...", "(Tables 2 and 3)": where prose names a table.
MENTION = regex.compile(rf"\b{_SUPPLEMENT}(?:Table|TABLE|Tables)\s+{_NUMBER}\b")
ROMAN = {"I": 1, "V": 5, "X": 10}
_PLAIN = regex.compile(r"\d+|[IVX]+")


def number_of(printed: str) -> int:
    """Given a table number as printed ("2", "II"), return it as an int."""
    if printed.isdigit():
        return int(printed)
    values = [ROMAN[char] for char in printed]
    return sum(-value if index + 1 < len(values) and value < values[index + 1] else value for index, value in enumerate(values))


def table_label(match: regex.Match) -> str:
    """Given a caption's (or a mention's) match, return the table's label: its number ("2", roman numerals as digits), or as
    printed where it is no plain number ("6.7", "S1"), a supplement's marked "S" ("Supplementary Table 1", "eTable 1" → "S1")."""
    number = match["number"]
    label = str(number_of(number)) if _PLAIN.fullmatch(number) else number
    return f"S{label}" if match["supplement"] and not label[:1].isalpha() else label


def label_of(printed: str | int) -> str | None:
    """Given a table's number or label as a user types it ("2", "II", "S1", "6.7"), return its label, or None when it is none."""
    match = CAPTION.match(f"Table {printed}")
    return table_label(match) if match and match["number"] == str(printed).strip() else None


def table_id(label: str) -> str:
    """Given a table's label, return its id: "table_2", "table_s1", "table_6_7" (as the structured readers slug a label)."""
    return "table_" + regex.sub(r"[^\p{L}\p{N}]+", "_", label.casefold()).strip("_")


def id_to_label(identifier: str) -> str:
    """Given a table's id, return the label it was made from as printed: "table_6_7" → "6.7", "table_s1" → "S1", "table_2" → "2"."""
    parts = identifier.removeprefix("table_").split("_")
    return ".".join(parts) if all(part.isdigit() for part in parts) else "".join(parts).upper()


def table_number(label: str) -> int | None:
    """Given a table's label, return its number where it is a plain one (none for "S1" or "6.7")."""
    return int(label) if label.isdigit() else None


def caption_match(text: str) -> regex.Match | None:
    """Given a line's text, return its caption match, or None when it is no caption (prose that names a table)."""
    match = CAPTION.match(text)
    if match is None:
        return None
    title = match["title"]
    if match["mark"] or match["continued"] or not title or title[0].isupper() or not title[0].isalpha():
        return match
    return None

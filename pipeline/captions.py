"""Table captions as documents print them: "Table 1 Title", "Table 1." / "Table 1:", "TABLE 1", "Table II", the number alone, "(continued)".

One pattern for the text path and the PDF reader, so a caption reads the same
whichever way the document came in. Prose naming a table ("Table 3 shows …":
no mark, a lower-case word) is no caption.
"""

from __future__ import annotations

import regex

CAPTION = regex.compile(
    r"^\s*(?:Table|TABLE)\s+(?P<number>\d+|[IVX]+)\b"
    r"(?P<continued>\s*\(\s*(?i:continued|cont(?:'d|\.)?)\s*\))?"
    r"\s*(?P<mark>[.:|])?\s*(?P<title>.*?)\s*$"
)
# "Table 3 shows ...", "(Tables 2 and 3)": where prose names a table.
MENTION = regex.compile(r"\b(?:Table|TABLE|Tables)\s+(?P<number>\d+|[IVX]+)\b")
ROMAN = {"I": 1, "V": 5, "X": 10}


def number_of(printed: str) -> int:
    """Given a table number as printed ("2", "II"), return it as an int."""
    if printed.isdigit():
        return int(printed)
    values = [ROMAN[char] for char in printed]
    return sum(-value if index + 1 < len(values) and value < values[index + 1] else value for index, value in enumerate(values))


def caption_match(text: str) -> regex.Match | None:
    """Given a line's text, return its caption match, or None when it is no caption (prose that names a table)."""
    match = CAPTION.match(text)
    if match is None:
        return None
    title = match["title"]
    if match["mark"] or match["continued"] or not title or title[0].isupper() or not title[0].isalpha():
        return match
    return None

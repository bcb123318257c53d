"""Joining a wrapped cell's lines: a space, no space (a word broken mid-word) or the hyphen dropped, decided from evidence.

The evidence, strongest first: the words of the column's other cells (its
vocabulary: "lymphadenectomy" printed whole in another row), an English word
list (pyspellchecker's, which ships its frequency list, so it works offline),
the hyphen itself, and the geometry: a typesetter breaks a word without a
hyphen only when it is wider than the column, and then fills the line
with it, so a break after a line with room left, or between words that
fit the column together, is a word space. A known whole word wins, then
known parts, then the reading leaving fewer unknown words (a code in
capitals says nothing either way; a name is as unknown as a fragment). A tie
after a hyphen drops it (most line-end hyphens are the typesetter's); a
tie at a forced break keeps the space; both are ambiguous, named in a
notice, and so is a hyphen kept because its parts are words ("peri-" /
"anal" may be "perianal"). Every reading other than a plain space is noted for the cell's
lineage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import regex

from pipeline.sources.pdf_grid import PlacedCell
from pipeline.sources.pdf_pages import Word
from pipeline.words import is_english_word

HYPHENS = "-\u2010\u00ad"  # hyphen-minus, hyphen, soft hyphen: a dash (–) at a line's end is a range or an aside, kept as printed
DASHES = "-\u2010\u2013"  # joining the two ends of a range ("25.1–" / "30.5)")
# A range's ends, a number or an ordinal each: "(25.1–" / "30.5)", "25th–" / "75th", its estimate set close before it
# ("1.70(1.39–" / "2.10)"). A dash after a number with a space after it breaks a line the same way ("2– 5"), and reads as
# a range: such text is rare and the text cannot tell it apart.
_NUMBER = r"\d+(?:[.,·]\d+)?"
_BOUND = rf"[<>≤≥]?{_NUMBER}"
_RANGE_START = regex.compile(rf"(?:{_BOUND}(?=[(\[]))?[(\[]?{_BOUND}(?:st|nd|rd|th)?")
# A range's upper end may be a bound not reached or not estimable ("(6.7–" / "NR)").
_RANGE_END = regex.compile(rf"(?:{_NUMBER}(?:st|nd|rd|th)?|NR|NE)[)\]%,;]*")
FULL_LINE = 1.5  # in letters of the next line's first word: a line a word was broken on ends closer than this to the column's edge
EDGE = regex.compile(r"^\P{L}+|\P{L}+$")  # what is stripped from a token to leave its word: brackets, digits, punctuation


@dataclass(frozen=True)
class Break:
    """How one line break inside a cell was read: the joined text of the two words, the reading, why, and whether it stayed ambiguous."""

    text: str
    reading: str  # "space", "no space", "hyphen dropped", "hyphen kept"
    why: str
    ambiguous: bool = False


def core(token: str) -> str:
    """Given a printed token, return its word: the token without leading and trailing non-letters ("al[24]," → "al")."""
    return EDGE.sub("", token)


def is_known(token: str, vocabulary: frozenset[str]) -> bool | None:
    """Given a token and the column's vocabulary, return whether it is a known word, or None when it says nothing:
    a token without letters is known; one in capitals or mixed case (a code, "pT3") that the column does not print
    says nothing; a word in lower case, or capitalised as a cell's first word is, is looked up in the word list."""
    word = core(token)
    if not word:
        return True
    if word.casefold() in vocabulary:
        return True
    if "-" in word:  # a compound is known when its words are ("Follow-up")
        parts = [is_known(part, vocabulary) for part in word.split("-")]
        return False if False in parts else None if None in parts else True
    return is_english_word(word)


def weigh(whole: str, parts: Sequence[str], vocabulary: frozenset[str], strict: bool = False) -> tuple[int, str]:
    """Given a break read as one word and as its two parts, return 1 when the words say one word, -1 when they say
    two, 0 when they do not decide, and why: a known whole word wins, then known parts (all of them if ``strict``,
    else one and no unknown one), then the reading with fewer unknown words."""
    joined = is_known(whole, vocabulary)
    split = [is_known(part, vocabulary) for part in parts]
    named = " and ".join(repr(core(part)) for part in parts)
    if joined is True:  # two words that happen to make one known word are rarer than one word broken
        return 1, f"{core(whole)!r} is a known word"
    if all(known is True for known in split) if strict else (False not in split and True in split):
        return -1, f"{named} leave no unknown word, {core(whole)!r} is not known"
    fewer = split.count(False) - (joined is False)
    if fewer > 0:
        return 1, f"{named} are not known words, so the whole, unknown too, leaves fewer"
    if fewer < 0:
        return -1, f"{core(whole)!r} is not a known word"
    return 0, "no known word decides it"


def read_break(
    left: Word, right: Word, column: tuple[float, float], vocabulary: frozenset[str], before: str | None = None, ahead: str = ""
) -> Break:
    """Given the last word of a line, the first of the next, the column's x-range and vocabulary, return how to join them.

    A word broken over three lines ("che" / "motherap" / "y") is read whole:
    ``before`` is the token the line ends in once earlier breaks are read,
    ``ahead`` the fragment after the next line's lone word, if it has one.
    """
    a, b = before or left.text, right.text
    if a[-1:] in DASHES and _RANGE_START.fullmatch(a[:-1]) and _RANGE_END.fullmatch(b):
        return Break(a + b, "no space", "a range broken after its dash")
    if not b[:1].islower():
        if len(a) > 1 and a[-1] in HYPHENS and a[-2].isalnum() and b[:1].isalnum():
            return Break(a + b, "hyphen kept", "the next line starts with a capital or a digit")
        return Break(f"{a} {b}", "space", "")
    if len(a) > 1 and a[-1] in HYPHENS and a[-2].isalpha():
        stem = a[:-1]
        dropped, kept, parts = stem + b, f"{stem}-{b}", [stem.rsplit("-", 1)[-1], b]
        # The hyphen is the typesetter's unless the parts are known words and the whole is not ("follow-up").
        if core(kept).casefold() in vocabulary and core(dropped).casefold() not in vocabulary:
            return Break(kept, "hyphen kept", f"the column prints {core(kept)!r}")
        if len(parts[0]) > 1 and parts[0].isupper():
            return Break(kept, "hyphen kept", f"{parts[0]!r} in capitals is an abbreviation, which typesetters do not hyphenate")
        verdict, why = weigh(dropped, parts, vocabulary, strict=True)
        if verdict < 0:  # "peri-anal" reads as words too: only the column printing the compound would settle it
            return Break(kept, "hyphen kept", why, True)
        verdict, why = weigh(dropped, parts, vocabulary)
        if verdict > 0:
            return Break(dropped, "hyphen dropped", why)
        return Break(dropped, "hyphen dropped", f"{why}; a line-end hyphen is most often the typesetter's", True)
    letter = (right.x1 - right.x0) / len(b)
    forced = left.x1 - left.x0 + right.x1 - right.x0 > column[1] - column[0] and column[1] - left.x1 < FULL_LINE * letter
    if not a[-1:].isalpha() or not forced:
        # A word that fits the column is moved to the next line whole, and one broken fills its line: else the break is a space.
        return Break(f"{a} {b}", "space", "")
    if ahead and is_known(a + b + ahead, vocabulary) is True:
        return Break(a + b, "no space", f"{core(a + b + ahead)!r}, over three lines, is a known word")
    if ahead and is_known(b + ahead, vocabulary) is True:  # "perianal" / "synchron" / "ous": the next word is the broken one
        return Break(f"{a} {b}", "space", f"{core(b + ahead)!r}, broken over the next two lines, is a known word")
    verdict, why = weigh(a + b, [a, b], vocabulary)
    if verdict > 0:
        # Joined only because the parts are unknown too ("perianal" / "perianal" reads "perianalperianal"): a guess, so named.
        return Break(a + b, "no space", why, is_known(a + b, vocabulary) is not True)
    if verdict < 0:
        return Break(f"{a} {b}", "space", why)
    return Break(f"{a} {b}", "space", f"{why}; wider than its column and filling its line, it may be one word broken", True)


def column_vocabulary(cells: Sequence[PlacedCell]) -> frozenset[str]:
    """Given a column's cells, return the words it prints whole: all but those at a line break, casefolded."""
    words: set[str] = set()
    for cell in cells:
        tokens = [[word.text for word in line.words] for line in cell.lines]
        for number, line in enumerate(tokens):
            inner = line[1 if number > 0 else 0 : len(line) - 1 if number < len(tokens) - 1 else len(line)]
            words.update(core(token).casefold() for token in inner if core(token))
    return frozenset(words)


def join_cell(cell: PlacedCell, column: tuple[float, float], vocabulary: frozenset[str]) -> tuple[PlacedCell, list[Break]]:
    """Given a cell, its column's x-range and vocabulary, return the cell with its lines joined as the evidence says, and the breaks read."""
    if len(cell.lines) < 2:
        return cell, []
    text = " ".join(word.text for word in cell.lines[0].words)
    breaks: list[Break] = []
    for number, (upper, lower) in enumerate(zip(cell.lines, cell.lines[1:]), start=2):
        before = text.rsplit(" ", 1)[-1]
        ahead = cell.lines[number].words[0].text if len(lower.words) == 1 and number < len(cell.lines) else ""
        found = read_break(upper.words[-1], lower.words[0], column, vocabulary, before, ahead)
        breaks.append(found)
        head = text[: len(text) - len(before)]
        rest = " ".join(word.text for word in lower.words[1:])
        text = head + found.text + (" " + rest if rest else "")
    decided = [f"{item.reading} ({item.why})" for item in breaks if item.reading != "space" or item.why]
    note = "line breaks read: " + "; ".join(decided) if decided else None
    return replace(cell, text=text, position=replace(cell.position, note=note)), breaks


def join_rows(
    rows: Sequence[Sequence[PlacedCell]], columns: Sequence[tuple[float, float]], header_count: int = 0
) -> tuple[list[list[PlacedCell]], list[str]]:
    """Given a table's full-width rows, its columns and how many rows lead as header, return the rows with every
    wrapped cell joined, and a description of each break that stayed ambiguous, naming its cell."""
    vocabularies = [column_vocabulary([row[index] for row in rows]) for index in range(len(columns))]
    joined: list[list[PlacedCell]] = []
    ambiguous: list[str] = []
    for number, row in enumerate(rows, start=1):
        where = f"header row {number}" if number <= header_count else f"body row {number - header_count}"
        out = []
        for index, cell in enumerate(row):
            placed, breaks = join_cell(cell, columns[index], vocabularies[index])
            out.append(placed)
            ambiguous += [
                f"{where}, column {index + 1} ({placed.text!r}): line break read as {item.reading}: {item.why}"
                for item in breaks
                if item.ambiguous
            ]
        joined.append(out)
    return joined, ambiguous

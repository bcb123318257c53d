"""Parsers built from words and other parsers: choices, codes, lists, pairs, alternatives, tags, flattening."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Mapping

import regex

from pipeline.values.core import Missing, Parser, _fail, clean, lower_first, text


def choice(mapping: Mapping[str, object], *, case_sensitive: bool = False) -> Parser:
    """Given a mapping of printed words to values, return a parser of those words."""
    folded = {(key if case_sensitive else key.casefold()): value for key, value in mapping.items()}

    def parse_choice(text: str) -> object:
        key = clean(text) if case_sensitive else clean(text).casefold()
        if key not in folded:
            raise _fail(f"one of {sorted(mapping)}", text)
        return folded[key]

    return parse_choice


yes_no = choice({"yes": True, "no": False})
plus_minus = choice({"+": True, "-": False, "\u2013": False, "\u2212": False})


def code(allowed: Mapping[str, str] | None = None, *, joiner: str | None = None) -> Parser:
    """Given the codes a column may hold, return a parser that accepts only those.

    With ``joiner`` (e.g. "+"), a cell may combine codes ("SCR + LR"); the value
    is normalised to single spaces around the joiner.
    """

    def parse_code(text: str) -> str:
        value = clean(text)
        parts = [part.strip() for part in value.split(joiner)] if joiner else [value]
        if not all(parts) or (allowed is not None and any(part not in allowed for part in parts)):
            raise _fail(f"a code in {sorted(allowed or [])}", text)
        return f" {joiner} ".join(parts) if joiner else value

    return parse_code


def text_list(separator: str = ",") -> Parser:
    """Given a separator, return a parser of "Pain, blood in stool" into ["pain", "blood in stool"] (see ``lower_first``)."""

    def parse_list(text: str) -> list[str]:
        items = [clean(item) for item in text.split(separator)]
        if not all(items):
            raise _fail(f"a {separator!r}-separated list without empty items", text)
        return [lower_first(item) for item in items]

    return parse_list


def joined_list(pattern: str = r",\s*|\s+and\s+") -> Parser:
    """Given a separator pattern, return a parser of "Liver and rectum" into ["liver", "rectum"]."""
    splitter = regex.compile(pattern)

    def parse_joined(text: str) -> list[str]:
        items = [clean(item).lower() for item in splitter.split(clean(text))]
        if not all(items):
            raise _fail("a list of words", text)
        return items

    return parse_joined


def split_pair(separator: str, left: Parser = text, right: Parser = text) -> Parser:
    """Given a separator and a parser per side, return a parser of the pair of parsed sides.

    ``split_pair("/")("14/NA") == ("14", "NA")``;
    ``split_pair("/", duration_months("mo"), lower_first)("10 yr/Recurrence") == (120.0, "recurrence")``.
    """

    def parse_pair(text: str) -> tuple[object, object]:
        left_text, found, right_text = (side.strip() for side in clean(text).partition(separator))
        if not found or not left_text or not right_text:
            raise _fail(f"two values separated by {separator!r}", text)
        return left(left_text), right(right_text)

    return parse_pair


_PARENTHESISED = regex.compile(r"(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)")


def parenthesised(outer: Parser, inner: Parser) -> Parser:
    """Given a parser of a value and one of the text in parentheses after it, return a parser of the pair.

    ``parenthesised(joined_list(), percent)("Liver and rectum (5%)") == (["liver", "rectum"], Percent(5.0, None))``.
    """

    def parse_parenthesised(text: str) -> tuple[object, object]:
        match = _PARENTHESISED.fullmatch(clean(text))
        if not match:
            raise _fail('a value with another in parentheses like "Liver (8.4%)"', text)
        return outer(match["outer"]), inner(match["inner"])

    return parse_parenthesised


def or_missing(parser: Parser, codes: Mapping[str, Missing]) -> Parser:
    """Given a parser and missing-value codes, return a parser that maps those codes to ``Missing``."""

    def parse_or_missing(text: str) -> object:
        return codes.get(clean(text)) or parser(text)

    return parse_or_missing


def either(*alternatives: Parser) -> Parser:
    """Given alternative parsers, return a parser whose value is that of the first alternative reading the text.

    ``either(choice({"Synchronous": "at surgery"}), duration_months())`` reads
    "Synchronous" as "at surgery" and "3 mo" as 3.0. A text no alternative reads
    is an error quoting it with each alternative's objection.
    """
    if len(alternatives) < 2:
        raise ValueError(f"either needs at least two alternatives, got {len(alternatives)}")

    def parse_either(text: str) -> object:
        objections = []
        for alternative in alternatives:
            try:
                return alternative(text)
            except ValueError as err:
                objections.append(str(err))
        raise ValueError(f"{text!r} fits no alternative: {'; '.join(objections)}")

    return parse_either


def tagged(tag: object, parser: Parser) -> Parser:
    """Given a constant and a parser, return a parser of the pair (constant, parsed value).

    ``tagged(False, duration_months())("3 mo") == (False, 3.0)``: inside ``either``
    the constant records which alternative read the cell.
    """

    def parse_tagged(text: str) -> tuple[object, object]:
        return tag, parser(text)

    return parse_tagged


def flat(parser: Parser, absent: object = None) -> Parser:
    """Given a parser of nested pairs and records, return a parser of one flat tuple of their fields.

    ``flat(percent_with_grade, absent=NOT_APPLICABLE)("5% (G2)") == (5.0, NOT_APPLICABLE, "G2")``:
    a record (``Percent``) spreads into its fields and an absent field (None)
    reads as ``absent``, so each part can feed a column. Lists, text and
    ``Missing`` stay whole.
    """

    def parse_flat(text: str) -> tuple[object, ...]:
        return tuple(_leaves(parser(text), absent))

    return parse_flat


def _leaves(value: object, absent: object) -> list[object]:
    """Given a parsed value, return its leaves in order: tuples and records (but not ``Missing``) opened, None as ``absent``."""
    if is_dataclass(value) and not isinstance(value, (type, Missing)):
        value = tuple(getattr(value, field.name) for field in fields(value))
    if isinstance(value, tuple):
        return [leaf for item in value for leaf in _leaves(item, absent)]
    return [absent if value is None else value]

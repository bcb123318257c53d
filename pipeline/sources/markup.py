"""What the markup readers (JATS, HTML) share: safe lxml parsing, a cell's printed text with its footnote markers."""

from __future__ import annotations

from typing import Callable

import regex
from lxml import etree

from pipeline.errors import InputError
from pipeline.grid import Line
from pipeline.sources.model import PrintedCell, clean

# A footnote marker that is a symbol: a marker wherever it is raised, as no word is printed so.
SYMBOL_MARKER = regex.compile(r"^[*†‡§¶#]{1,3}$")
# A footnote under a table: its marker, then its text ("a Patients over 80", "* P < 0.05").
FOOTNOTE = regex.compile(r"^(?P<marker>\p{Ll}{1,2}|[*†‡§¶#]{1,3})\s+(?P<text>.+)$")
# Superscript forms, so a marker printed raised stays told apart from the text it follows ("39.1ᶜ", "10³").
SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ",
))


def superscript(text: str) -> str:
    """Given raised text, return it in superscript characters when each has one ("cd" → "ᶜᵈ"), else unchanged ("*", "[18]")."""
    stripped = text.strip()
    if stripped and all(char in SUPERSCRIPTS for char in stripped):
        return "".join(SUPERSCRIPTS[char] for char in stripped)
    return stripped


def source_lines(text: str) -> tuple[Line, ...]:
    """Given markup source text, return its lines numbered as a parser's ``sourceline`` counts them (at line feeds only)."""
    return tuple(enumerate((line.rstrip("\r") for line in text.split("\n")), start=1))


def local_name(element: etree._Element) -> str:
    """Given an element, return its tag without namespace ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def parse_xml(data: bytes, file: str) -> etree._ElementTree:
    """Given XML bytes, return the parsed tree, or raise an InputError naming the line of the first error.

    No DTD is loaded, no entity is expanded and nothing is fetched from the
    network, so a file cannot make the reader read other files or blow up.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    try:
        return etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as err:
        raise InputError(f"malformed XML ({err.msg})", file=file, line=err.lineno) from err


def cell_text(element: etree._Element, is_marker: Callable[[etree._Element], bool]) -> tuple[str, tuple[str, ...]]:
    """Given a table cell element and the test for a footnote marker, return its text as printed (markers raised) and its markers.

    A list's items are joined with "; "; of a formula's alternatives only the
    first is read (MathML and TeX of one formula would print it twice).
    """
    parts: list[str] = []
    markers: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local_name(node)
        if not name:  # a comment or processing instruction prints nothing but its tail
            pass
        elif is_marker(node):
            marker = clean("".join(node.itertext()))
            if marker:
                markers.append(marker)
                parts.append(superscript(marker))
        elif name == "sup":
            parts.append(superscript(clean("".join(node.itertext()))))
        elif name == "alternatives":
            first = next((child for child in node if local_name(child)), None)
            if first is not None:
                walk(first)
        elif name in ("list-item", "li", "br", "p") and parts:
            parts.append("; " if name in ("list-item", "li") else " ")
            descend(node)
        else:
            descend(node)
        if node is not element and node.tail:
            parts.append(node.tail)

    def descend(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)

    descend(element)
    return clean("".join(parts)).replace(" ;", ";"), tuple(markers)


def text_of(element: etree._Element | None) -> str:
    """Given an element (or None), return its text content in one line."""
    return "" if element is None else clean("".join(element.itertext()))


def span(cell: etree._Element, name: str) -> int:
    """Given a cell element and "rowspan" or "colspan", return the span (1 when absent or unreadable)."""
    value = (cell.get(name) or "1").strip()
    return max(1, int(value)) if value.isdigit() else 1


def table_rows(table: etree._Element, body_parts: tuple[str, ...]) -> tuple[list[etree._Element], int]:
    """Given a ``<table>`` and the row groups read as body ("tbody", maybe "tfoot"), return its rows in order and how many
    lead as header: the ``thead`` rows, else the leading rows of ``th`` cells only, else the first row."""
    head = [row for part in table.iterchildren("{*}thead") for row in part.iter("{*}tr")]
    body = [row for part in table.iterchildren(*(f"{{*}}{name}" for name in body_parts)) for row in part.iter("{*}tr")]
    rows = head + body + list(table.iterchildren("{*}tr"))
    if head:
        return rows, len(head)
    count = 0
    while count < len(rows) and cells_of(rows[count]) and all(local_name(cell) == "th" for cell in cells_of(rows[count])):
        count += 1
    return rows, count or 1


def cells_of(row: etree._Element) -> list[etree._Element]:
    """Given a ``tr``, return its ``td`` and ``th`` cells."""
    return [cell for cell in row if local_name(cell) in ("td", "th")]


def printed_rows(rows: list[etree._Element], tree: etree._ElementTree, is_marker: Callable[[etree._Element], bool]) -> list[list[PrintedCell]]:
    """Given a table's rows, its tree and the test for a footnote marker, return each row's cells as printed, with line and XPath."""
    return [
        [PrintedCell(*cell_text(cell, is_marker), cell.sourceline or 1, tree.getpath(cell), span(cell, "rowspan"), span(cell, "colspan"))
         for cell in cells_of(row)]
        for row in rows
    ]

"""What the markup readers (JATS, HTML) share: safe lxml parsing, a cell's printed text with its footnote markers."""

from __future__ import annotations

from typing import Callable

from lxml import etree

from pipeline.errors import InputError
from pipeline.grid import Line
from pipeline.sources.model import clean

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

"""HTML (``.html``, ``.htm``): a saved journal page or a bare ``<table>`` fragment, every data table cell by cell.

Parsed with lxml's HTML parser (libxml2: tolerant of the tag soup saved
pages hold, and it numbers each element's source line). A data table is a
``<table>`` holding no other table (outer ones lay the page out). Its
caption is its ``<caption>``, else its figure's ``<figcaption>``, else the
block just before it when that reads "Table N …"; its header rows are its
``<thead>`` rows, else its leading rows of ``<th>`` only, else its first
row; ``rowspan``/``colspan`` are kept; a ``<sup>`` printing one of the
footnotes' markers, a symbol (*, †, ‡, §, ¶, #) or linking within the page
is a marker; the legend is its ``<tfoot>`` and the
blocks after it up to the next heading or table. A page's ``citation_*``
meta tags (Highwire Press, which journals print) describe the document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import lxml.html
import regex
from lxml import etree

from pipeline.errors import InputError
from pipeline.sources.markup import FOOTNOTE, SYMBOL_MARKER, local_name, printed_rows, source_lines, table_rows, text_of
from pipeline.sources.model import CAPTION, Source, SourceTable, clean, label_and_caption, rows_to_cells
from pipeline.sources.text import decode

SUFFIXES = (".html", ".htm")
ENCODING = "html"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LEGEND_BLOCKS = {"p", "div", "ul", "ol", "dl", "small", "footer", "span"}


# An XHTML page's XML declaration: lxml refuses one naming an encoding in text already decoded.
XML_DECLARATION = regex.compile(r"\A\s*<\?xml[^>]*\?>")


def parse_html(text: str, file: str) -> etree._ElementTree:
    """Given an HTML page's text, return the parsed page (nothing fetched from the network), or raise an InputError.

    The text is the file decoded as the text reader decodes any file (UTF-8 where its bytes are, a byte-order mark's, else
    Windows-1252), so a page that declares no charset is not read as Latin-1, as libxml2 reads such bytes ("â€“" for "–").
    """
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(XML_DECLARATION.sub("", text), parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"not HTML ({err})", file=file) from err
    return etree.ElementTree(root)


def links_within_page(node: etree._Element) -> bool:
    """Given a ``<sup>``, return whether it, its parent or a child is a link to an anchor of the page (a footnote)."""
    links = [node.getparent(), *node] if node.getparent() is not None else list(node)
    return any(local_name(link) == "a" and (link.get("href") or "").startswith("#") for link in links)


def marker_test(notes: dict[str, str]) -> Callable[[etree._Element], bool]:
    """Given the table's footnotes by marker, return the test for a cell's element printing a footnote marker:
    a ``<sup>`` that links within the page, prints a symbol (*, †, …) or one of the footnotes' letters
    (so a raised "nd" of "2nd" or an exponent stays text)."""
    def is_marker(node: etree._Element) -> bool:
        if local_name(node) != "sup":
            return False
        text = text_of(node)
        return links_within_page(node) or bool(SYMBOL_MARKER.match(text)) or text in notes

    return is_marker


def preceding_blocks(table: etree._Element, count: int = 2) -> list[etree._Element]:
    """Given a table, return the nearest non-empty blocks printed before it (nearest first), within its wrapper or just before it."""
    blocks: list[etree._Element] = []
    node = table
    for _ in range(3):
        for sibling in node.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and text_of(sibling):
                blocks.append(sibling)
                if len(blocks) == count:
                    return blocks
        node = node.getparent()
        if node is None or local_name(node) in ("body", "html"):
            break
    return blocks


def caption_of(table: etree._Element) -> tuple[str, str, int]:
    """Given a table, return its label, caption title and the line the caption is printed on.

    Saved journal pages print the caption as ``<caption>``, as a figure's
    ``<figcaption>``, as one block "Table 1 Title" before the table, or as a
    label block "Table 1" and a title block before it (PubMed Central's pages).
    """
    caption = table.find("caption")
    if caption is None:
        figure = next((node for node in table.iterancestors() if local_name(node) == "figure"), None)
        caption = figure.find("figcaption") if figure is not None else None
    if caption is not None:
        label, title = label_and_caption("", text_of(caption))
        return label, title, caption.sourceline or table.sourceline or 1
    blocks = preceding_blocks(table)
    matches = [CAPTION.match(text_of(block)) for block in blocks]
    if matches and matches[0]:
        label, title = label_and_caption("", text_of(blocks[0]))
        return label, title, blocks[0].sourceline or 1
    if len(matches) == 2 and matches[1] and not matches[1]["title"]:
        return f"Table {matches[1]['number']}", text_of(blocks[0]), blocks[1].sourceline or 1
    return "", "", table.sourceline or 1


def legend_blocks(table: etree._Element) -> list[etree._Element]:
    """Given a table, return its footer and the blocks after it up to the next heading, table or caption."""
    blocks = list(table.findall("tfoot"))
    for sibling in table.itersiblings():
        name = local_name(sibling)
        if name in HEADINGS or name == "table" or (name and sibling.find(".//table") is not None) or CAPTION.match(text_of(sibling)):
            break
        if name in LEGEND_BLOCKS and text_of(sibling):
            blocks.append(sibling)
    return blocks


def footnotes_of(blocks: list[etree._Element]) -> dict[str, str]:
    """Given the legend blocks, return each footnote's text by its marker."""
    notes = {}
    for block in blocks:
        for item in block.iter("p", "li", "div", "tr") if len(block) else [block]:
            match = FOOTNOTE.match(text_of(item))
            if match:
                notes[match["marker"]] = match["text"]
    return notes


def html_table(table: etree._Element, tree: etree._ElementTree, file: str, position: int) -> SourceTable:
    """Given a data table, return it as a SourceTable, or raise an InputError naming it when its spans overrun its grid."""
    label, caption, caption_line = caption_of(table)
    blocks = legend_blocks(table)
    notes = footnotes_of(blocks)
    # The footer holds the table's notes, read with the legend.
    rows, head = table_rows(table, ("tbody",))
    cells = rows_to_cells(printed_rows(rows, tree, marker_test(notes)), head, file, label or f"table {position}")
    markers = {marker: notes.get(marker, "") for cell in cells for marker in cell.markers}
    legend_line = blocks[0].sourceline if blocks else None
    return SourceTable(label, caption, caption_line, tuple(cells), " ".join(text_of(block) for block in blocks), legend_line, markers, where=tree.getpath(table))


def page_metadata(root: etree._Element) -> dict[str, object]:
    """Given the page, return what its ``citation_*`` meta tags (else its ``<title>``) say of the article."""
    meta: dict[str, list[str]] = {}
    for node in root.iter("meta"):
        name, content = (node.get("name") or "").casefold(), clean(node.get("content") or "")
        if name.startswith("citation_") and content:
            meta.setdefault(name, []).append(content)
    author = (meta.get("citation_author") or [""])[0]
    surname = author.split(",")[0].strip() if "," in author else (author.split() or [""])[-1]
    date = next((values[0] for key in ("citation_publication_date", "citation_date", "citation_year") if (values := meta.get(key))), "")
    year = regex.search(r"\b(1[89]|20)\d\d\b", date)
    return {
        "title": (meta.get("citation_title") or [""])[0] or text_of(root.find(".//title")) or text_of(root.find(".//h1")),
        "first_author": surname or None,
        "year": int(year.group()) if year else None,
        "journal": (meta.get("citation_journal_title") or [None])[0],
        "doi": (meta.get("citation_doi") or [None])[0],
    }


def read(path: Path, data: bytes) -> Source:
    """Given an HTML file's path and bytes, return its source lines, its data tables and what its meta tags say of it."""
    text, _ = decode(data, path.name)
    tree = parse_html(text, path.name)
    root = tree.getroot()
    tables = [table for table in root.iter("table") if table.find(".//table") is None]
    if not tables:
        raise InputError("no <table> in the page (saved without its tables, or they are images?)", file=path.name)
    found = tuple(html_table(table, tree, path.name, position) for position, table in enumerate(tables, start=1))
    return Source(lines=source_lines(text), encoding=ENCODING, tables=found, metadata=page_metadata(root))

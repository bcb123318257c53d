"""JATS XML (``.xml``, ``.nxml``: PubMed Central's open-access articles): every ``table-wrap`` cell by cell, and the article's metadata.

Each ``table-wrap`` gives its label, caption, ``thead`` rows as header,
``tbody`` rows as body, ``rowspan``/``colspan`` as printed, the
``table-wrap-foot`` as the legend, and its footnote markers: an ``xref``
to a table footnote, or a ``sup`` printing one of the footnotes' labels.
A ``table-wrap`` holding only a graphic is inventoried as an image. A cell's
``line`` is the XML source line of its ``td``/``th`` (lxml's
``sourceline``), its ``where`` the element's XPath. The article's title,
first author, year, journal, DOI and PMCID describe the document, so no
manifest entry is needed.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.errors import InputError
from pipeline.sources.markup import local_name, parse_xml, printed_rows, source_lines, span, table_rows, text_of
from pipeline.sources.model import Source, SourceTable, check_width, clean, label_and_caption, rows_to_cells
from pipeline.sources.text import decode

SUFFIXES = (".xml", ".nxml")
ENCODING = "jats"
# Publication dates in order of preference: the issue's, then the electronic one.
DATE_TYPES = ("ppub", "collection", "epub", "pub")


def article_metadata(root: etree._Element) -> dict[str, object]:
    """Given the article element, return its title, first author, year, journal, DOI, PMCID and a citation built from them."""
    meta = root.find(".//{*}article-meta")
    if meta is None:
        return {}
    ids = {node.get("pub-id-type"): clean(node.text or "") for node in meta.findall("{*}article-id")}
    authors = [node for node in meta.iterfind(".//{*}contrib") if node.get("contrib-type", "author") == "author"]
    surname = next((text_of(node.find(".//{*}surname")) or text_of(node.find(".//{*}collab")) for node in authors), "")
    dates = {node.get("pub-type") or node.get("date-type") or "pub": text_of(node.find("{*}year")) for node in meta.findall("{*}pub-date")}
    year = next((dates[kind] for kind in DATE_TYPES if dates.get(kind, "").isdigit()), next((y for y in dates.values() if y.isdigit()), ""))
    journal = text_of(root.find(".//{*}journal-meta//{*}journal-title")) or text_of(root.find(".//{*}journal-meta/{*}journal-id"))
    pmcid = ids.get("pmc") or ids.get("pmcid") or ""
    metadata: dict[str, object] = {
        "title": text_of(meta.find("{*}title-group/{*}article-title")),
        "first_author": surname or None,
        "year": int(year) if year else None,
        "journal": journal or None,
        "doi": ids.get("doi") or None,
        "pmcid": (pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}") if pmcid else None,
    }
    metadata["citation"] = citation(metadata, len(authors))
    return metadata


def citation(metadata: dict[str, object], authors: int) -> str:
    """Given an article's metadata and its number of authors, return a citation in the manifest's style."""
    author = f"{metadata['first_author']}{' et al' if authors > 1 else ''}. " if metadata["first_author"] else ""
    source = " ".join(str(part) for part in (metadata["journal"], metadata["year"]) if part)
    parts = [f"{author}{metadata['title']}.", f"{source}." if source else "", f"doi:{metadata['doi']}" if metadata["doi"] else ""]
    return " ".join(part for part in parts if part)


def footnotes(wrap: etree._Element) -> tuple[dict[str, str], dict[str, str], str, int | None]:
    """Given a table-wrap, return its footnotes' texts by id and by label, and the foot as printed (each note after its label) with its line."""
    foot = wrap.find("{*}table-wrap-foot")
    by_id: dict[str, str] = {}
    by_label: dict[str, str] = {}
    if foot is None:
        return by_id, by_label, "", None
    printed = []
    for note in foot:
        if local_name(note) != "fn":
            printed.append(text_of(note))
            continue
        label = text_of(note.find("{*}label"))
        body = clean(" ".join(text_of(part) for part in note if local_name(part) != "label"))
        printed.append(f"{label} {body}".strip())
        if note.get("id"):
            by_id[note.get("id")] = body
        for part in label.replace(",", " ").split():
            by_label[part] = body
    return by_id, by_label, " ".join(part for part in printed if part), foot.sourceline


def wrap_to_table(wrap: etree._Element, tree: etree._ElementTree, file: str, position: int) -> SourceTable:
    """Given a table-wrap, return it as a SourceTable, or raise an InputError naming it when its spans overrun its grid."""
    label, caption = label_and_caption(text_of(wrap.find("{*}label")), text_of(wrap.find("{*}caption")))
    table = wrap.find(".//{*}table")
    name = label or f"table-wrap {position}"
    by_id, by_label, legend, legend_line = footnotes(wrap)
    if table is None:
        return SourceTable(label, caption, wrap.sourceline or 1, (), legend, legend_line, {}, graphic_only=True, where=tree.getpath(wrap))
    markers: dict[str, str] = {}

    def is_marker(node: etree._Element) -> bool:
        kind = local_name(node)
        if kind == "xref" and node.get("ref-type") == "table-fn":
            markers[text_of(node)] = by_id.get(node.get("rid", ""), "")
            return True
        if kind == "sup" and text_of(node) in by_label:
            markers[text_of(node)] = by_label[text_of(node)]
            return True
        return False

    rows, head = table_rows(table, ("tbody", "tfoot"))
    cells = rows_to_cells(printed_rows(rows, tree, is_marker), head, file, name)
    declared = sum(span(col, "span") for col in table.iter("{*}col"))
    if declared:
        check_width(cells, declared, file, name)
    return SourceTable(label, caption, wrap.sourceline or 1, tuple(cells), legend, legend_line, markers, where=tree.getpath(wrap))


def read(path: Path, data: bytes) -> Source:
    """Given a JATS file's path and bytes, return its source lines, every table-wrap and the article's metadata."""
    tree = parse_xml(data, path.name)
    root = tree.getroot()
    if local_name(root) != "article":
        raise InputError(f"not a JATS article (its root element is <{local_name(root)}>, not <article>)", file=path.name, line=root.sourceline)
    tables = tuple(wrap_to_table(wrap, tree, path.name, position) for position, wrap in enumerate(root.iter("{*}table-wrap"), start=1))
    text, _ = decode(data, path.name)
    return Source(lines=source_lines(text), encoding=ENCODING, tables=tables, metadata=article_metadata(root))

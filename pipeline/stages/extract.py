"""Stage 1, extract: find the tables in each document and inventory the documents.

Given a folder of documents, write ``documents.parquet`` (file, sha256, title,
tables found) and ``tables.parquet`` (caption, layout, the lines of each table
block and the legend under it) into the interim folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

import pandas as pd

from pipeline import inventory, legend, sources
from pipeline.captions import CAPTION, caption_match, table_id, table_label, table_number
from pipeline.errors import InputError, unexpected
from pipeline.grid import Line
from pipeline.layouts import cell_per_line, sniff_layout, summary_stream
from pipeline.sources.model import table_records

if TYPE_CHECKING:
    from pipeline.sources.pdf import Position

# Called with (documents done, documents in all) by loops over many documents.
Progress = Callable[[int, int], None]

@dataclass(frozen=True)
class Extracted:
    """What extract finds in a raw folder."""

    documents: pd.DataFrame
    tables: pd.DataFrame
    positions: pd.DataFrame
    errors: list[InputError]
    notices: list[str] = field(default_factory=list)  # files no reader reads, links refused, checksums missing, and why


@dataclass(frozen=True)
class Document:
    """One source file, decoded, with the manifest's description of it."""

    document: str
    file: str
    sha256: str
    encoding: str
    lines: tuple[Line, ...]
    positions: Mapping[int, Position]
    title: str
    citation: str
    first_author: str | None
    year: int | None
    journal: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    tables: tuple[dict, ...] | None = None  # a structured source's table records; None: found by caption in the lines
    notices: tuple[str, ...] = ()  # the reader's: tables it set aside or could not find, and why


def title_and_table(title: str, lines: Sequence[Line]) -> tuple[str, list[Line], str]:
    """Given a caption's title and the lines after it, return the title, the table's lines and their layout.

    "Table 2" alone on its line: the title is the next line printed, unless the table starts there (a cell line, or a summary
    stream's header: the lines read as a summary table with it and not without it). Each reading is sniffed once.
    """
    lines = list(lines)
    first = next((offset for offset, (_, text) in enumerate(lines) if text.strip()), None)
    if title or first is None or lines[first][1].startswith(cell_per_line.CELL_PREFIX):
        return title, lines, sniff_layout(lines)
    with_line, without = sniff_layout(lines), sniff_layout(lines[first + 1:])
    if with_line == summary_stream.NAME and without != summary_stream.NAME:
        return title, lines, with_line
    return lines[first][1].strip(), lines[first + 1:], without


def lines_to_tables(lines: Sequence[Line], document: str) -> list[dict]:
    """Given a document's lines, return one record per table: caption, layout, body and legend lines."""
    # A "(continued)" caption in a text export repeats a table's number; its lines are not a table of their own.
    captions = [(index, caption_match(text)) for index, (_, text) in enumerate(lines) if CAPTION.match(text)]  # the pattern first: most lines are no caption
    captions = [(index, match) for index, match in captions if match and not match["continued"]]
    tables = []
    seen: dict[str, int] = {}
    for position, (index, match) in enumerate(captions):
        label = table_label(match)
        identifier = table_id(label)
        caption_line = lines[index][0]
        if identifier in seen:
            raise InputError(
                f"two tables are captioned Table {label} (the other is on line {seen[identifier]})",
                table=identifier,
                line=caption_line,
                value=match["title"],
            )
        seen[identifier] = caption_line
        end = captions[position + 1][0] if position + 1 < len(captions) else len(lines)
        title, after_caption, layout = title_and_table(match["title"], lines[index + 1 : end])
        if layout in (cell_per_line.NAME, summary_stream.NAME):
            body = (cell_per_line if layout == cell_per_line.NAME else summary_stream).lines_to_block(after_caption)
            legend_lines = legend.lines_after(after_caption[len(body):])
        else:
            body, legend_lines = after_caption, []
        tables.append(
            {
                "document": document,
                "table_id": identifier,
                "table_number": table_number(label),
                "caption": title,
                "caption_line": caption_line,
                "layout": layout,
                "body_first_line": body[0][0] if body else caption_line + 1,
                "body": "\n".join(text for _, text in body),
                "legend": " ".join(text.strip() for _, text in legend_lines),
                "legend_line": legend_lines[0][0] if legend_lines else None,
            }
        )
    return tables


def load_document(path: Path, manifest: pd.DataFrame) -> Document:
    """Given a document path and the manifest, return the decoded document."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError("file is empty", file=path.name)
    source = sources.read(path, data)
    entry = manifest.loc[path.name] if path.name in manifest.index else None
    if entry is not None and entry.get("sha256") not in (None, digest) and not pd.isna(entry.get("sha256")):
        raise InputError(f"sha256 {digest} differs from the manifest's", file=path.name, value=entry["sha256"])

    def described(key: str) -> object:
        """The manifest's value, else what the file says of itself."""
        return source.metadata.get(key) if entry is None or pd.isna(entry.get(key)) else entry[key]

    first_text = next((text.strip() for _, text in source.lines if text.strip()), path.stem)
    return Document(
        document=inventory.document_id(path.name, manifest),
        file=path.name,
        sha256=digest,
        encoding=source.encoding,
        lines=source.lines,
        positions=source.positions,
        title=described("title") or first_text,
        citation=described("citation") or "",
        first_author=described("first_author"),
        year=None if described("year") is None else int(described("year")),
        journal=described("journal"),
        doi=described("doi"),
        pmcid=described("pmcid"),
        tables=None if source.tables is None else tuple(table_records(source.tables, path.name)),
        notices=source.notices,
    )


def document_tables(document: Document) -> list[dict]:
    """Given a decoded document, return its table records: a structured source's own, else those found by caption in its lines."""
    if document.tables is None:
        return lines_to_tables(document.lines, document.document)
    return [{"document": document.document, **record} for record in document.tables]


def read_document(path: Path, manifest: pd.DataFrame) -> tuple[Document, list[dict]]:
    """Given a document path and the manifest, return the document and its table records, or raise an InputError naming the file."""
    try:
        document = load_document(path, manifest)
        tables = document_tables(document)
    except InputError as err:
        raise err.located(file=path.name) from err
    except Exception as err:  # noqa: BLE001 - one document must not stop the others
        raise unexpected(err, file=path.name) from err
    for table in tables:
        table["file"] = document.file
    return document, tables


def document_paths(raw: Path) -> list[Path]:
    """Given the raw folder, return its documents (the files a reader reads) in name order."""
    return sorted(path for path in raw.iterdir() if sources.is_document(path))


def take_inventory(raw: Path, follow_symlinks: bool = False) -> inventory.Inventory:
    """Given the raw folder, return the documents to read, with the manifest and every file checked (pipeline/inventory.py)."""
    return inventory.take(raw, document_paths(raw), follow_symlinks)


def position_records(document: Document) -> list[dict]:
    """Given a document read from a PDF, return one record per line: its text, page and bounding box."""
    texts = dict(document.lines)
    return [
        {"document": document.document, "line": line, "text": texts[line], "page": where.page,
         "x0": where.x0, "top": where.top, "x1": where.x1, "bottom": where.bottom, "note": where.note}
        for line, where in sorted(document.positions.items())
    ]


def document_record(document: Document, tables: Sequence[Mapping]) -> dict:
    """Given a decoded document and its table records, return its row of the document inventory."""
    return {
        "document": document.document,
        "file": document.file,
        "sha256": document.sha256,
        "encoding": document.encoding,
        "title": document.title,
        "citation": document.citation,
        "first_author": document.first_author,
        "year": document.year,
        "journal": document.journal,
        "doi": document.doi,
        "pmcid": document.pmcid,
        "n_lines": len(document.lines),
        "tables": [table["table_id"] for table in tables],
    }


def extract(raw: Path, progress: Progress | None = None, follow_symlinks: bool = False) -> Extracted:
    """Given the raw folder, return the document inventory, the table blocks, PDF line positions and the documents that failed."""
    stock = take_inventory(raw, follow_symlinks)
    manifest, paths = stock.manifest, stock.paths
    documents, tables, positions, errors = [], [], [], list(stock.errors)
    notices: list[str] = []
    for done, path in enumerate(paths, start=1):
        if progress:
            progress(done, len(paths))
        try:
            document, found = read_document(path, manifest)
        except InputError as err:
            errors.append(err)
            continue
        tables.extend(found)
        notices.extend(document.notices)
        positions.extend(position_records(document))
        documents.append(document_record(document, found))
    return Extracted(
        pd.DataFrame(documents, columns=DOCUMENT_COLUMNS).astype(DOCUMENT_DTYPES),
        pd.DataFrame(tables, columns=TABLE_COLUMNS).astype(TABLE_DTYPES),
        pd.DataFrame(positions, columns=list(POSITION_DTYPES)).astype(POSITION_DTYPES),
        errors,
        [*sources.unread_notices(raw), *stock.notices, *notices],
    )


DOCUMENT_DTYPES = {
    "document": "string",
    "file": "string",
    "sha256": "string",
    "encoding": "string",
    "title": "string",
    "citation": "string",
    "first_author": "string",
    "year": "Int64",
    "journal": "string",
    "doi": "string",
    "pmcid": "string",
    "n_lines": "Int64",
    "tables": "object",
}
DOCUMENT_COLUMNS = list(DOCUMENT_DTYPES)
TABLE_DTYPES = {
    "document": "string",
    "file": "string",
    "table_id": "string",
    "table_number": "Int64",
    "caption": "string",
    "caption_line": "Int64",
    "layout": "string",
    "body_first_line": "Int64",
    "body": "string",
    "legend": "string",
    "legend_line": "Int64",
}
TABLE_COLUMNS = list(TABLE_DTYPES)
POSITION_DTYPES = {
    "document": "string",
    "line": "Int64",
    "text": "string",
    "page": "Int64",
    "x0": "Float64",
    "top": "Float64",
    "x1": "Float64",
    "bottom": "Float64",
    "note": "string",  # how a wrapped cell's line breaks were read (pipeline/sources/pdf_joins.py)
}

"""Stage 1, extract: find the tables in each document and inventory the documents.

Given a folder of documents, write ``documents.parquet`` (file, sha256, title,
tables found) and ``tables.parquet`` (caption, layout, the lines of each table
block and the legend under it) into the interim folder.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

import pandas as pd
import regex

from pipeline import config, inventory, legend
from pipeline.sources import pdf
from pipeline.errors import InputError, unexpected
from pipeline.grid import Line
from pipeline.layouts import cell_per_line, sniff_layout
from pipeline.sources.pdf import Position

PDF_SUFFIX = ".pdf"

# Called with (documents done, documents in all) by loops over many documents.
Progress = Callable[[int, int], None]

CAPTION = regex.compile(r"^\s*Table\s+(?P<number>\d+)\s+(?P<title>\p{Lu}.*?)\s*$")


@dataclass(frozen=True)
class Extracted:
    """What extract finds in a raw folder."""

    documents: pd.DataFrame
    tables: pd.DataFrame
    positions: pd.DataFrame
    errors: list[InputError]
    notices: list[str] = field(default_factory=list)


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


# Tried in order. UTF-16 only with its byte-order mark; cp1252 is what Windows
# word processors export when not UTF-8, and decodes almost any byte, so the
# control-character check below is what tells text from binary.
BOMS = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
FALLBACK_ENCODINGS = ("cp1252",)
CONTROL = regex.compile(r"[^\P{Cc}\t\n\r\f]")


def sniff_encoding(data: bytes, file: str) -> str:
    """Given a file's bytes, return the name of the encoding that reads it as text, or raise."""
    for bom, encoding in BOMS.items():
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        raise InputError("binary file, not text (it holds NUL bytes)", file=file, value=data[:8].hex(" "))
    try:
        data.decode("utf-8-sig")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data":
            raise InputError(
                f"file ends inside a UTF-8 character at byte {err.start}: truncated?",
                file=file,
                value=data[err.start :].hex(" "),
            ) from err
        undecodable = err
    for encoding in FALLBACK_ENCODINGS:
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"not text in UTF-8, UTF-16 or {', '.join(FALLBACK_ENCODINGS)} (undecodable byte at offset {undecodable.start})",
        file=file,
        value=data[undecodable.start : undecodable.start + 8].hex(" "),
    )


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Given a file's bytes, return its text and the encoding read; a byte-order mark is dropped."""
    encoding = sniff_encoding(data, file)
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    control = CONTROL.search(text)
    if control:
        raise InputError(
            f"binary file, not text (control character U+{ord(control.group()):04X} at character {control.start()}, read as {encoding})",
            file=file,
            value=text[max(0, control.start() - 10) : control.start() + 10],
        )
    return text, encoding


def text_to_lines(text: str) -> tuple[Line, ...]:
    """Given document text, return its lines numbered from 1 (CRLF and LF alike)."""
    return tuple(enumerate(text.splitlines(), start=1))


def lines_to_tables(lines: Sequence[Line], document: str) -> list[dict]:
    """Given a document's lines, return one record per table: caption, layout, body and legend lines."""
    captions = [(index, CAPTION.match(text)) for index, (_, text) in enumerate(lines)]
    captions = [(index, match) for index, match in captions if match]
    tables = []
    seen: dict[str, int] = {}
    for position, (index, match) in enumerate(captions):
        table_id = f"table_{match['number']}"
        caption_line = lines[index][0]
        if table_id in seen:
            raise InputError(
                f"two tables are captioned Table {match['number']} (the other is on line {seen[table_id]})",
                table=table_id,
                line=caption_line,
                value=match["title"],
            )
        seen[table_id] = caption_line
        end = captions[position + 1][0] if position + 1 < len(captions) else len(lines)
        after_caption = list(lines[index + 1 : end])
        layout = sniff_layout(after_caption)
        if layout == cell_per_line.NAME:
            body = cell_per_line.lines_to_block(after_caption)
            legend_lines = legend.lines_after(after_caption[len(body):])
        else:
            body, legend_lines = after_caption, []
        tables.append(
            {
                "document": document,
                "table_id": table_id,
                "table_number": int(match["number"]),
                "caption": match["title"],
                "caption_line": caption_line,
                "layout": layout,
                "body_first_line": body[0][0] if body else caption_line + 1,
                "body": "\n".join(text for _, text in body),
                "legend": " ".join(text.strip() for _, text in legend_lines),
                "legend_line": legend_lines[0][0] if legend_lines else None,
            }
        )
    return tables


def read_lines(path: Path, data: bytes) -> tuple[tuple[Line, ...], str, Mapping[int, Position]]:
    """Given a document's path and bytes, return its lines, how they were read and, for a PDF, where each line sits.

    A PDF's tables are rebuilt from word positions into one-cell-per-line text,
    so the same specs and stages read it; its line numbers are those of that
    rebuilt text (kept in ``_interim/pdf_lines.parquet`` with page and box).
    """
    if path.suffix.lower() == PDF_SUFFIX:
        texts, positions = pdf.pdf_to_lines(path)
        return tuple(enumerate(texts, start=1)), "pdf", positions
    text, encoding = decode(data, path.name)
    return text_to_lines(text), encoding, {}


def load_document(path: Path, manifest: pd.DataFrame) -> Document:
    """Given a document path and the manifest, return the decoded document."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError("file is empty", file=path.name)
    lines, encoding, positions = read_lines(path, data)
    entry = manifest.loc[path.name] if path.name in manifest.index else None
    if entry is not None and entry.get("sha256") not in (None, digest) and not pd.isna(entry.get("sha256")):
        raise InputError(f"sha256 {digest} differs from the manifest's", file=path.name, value=entry["sha256"])

    def from_manifest(key: str) -> object:
        return None if entry is None or pd.isna(entry.get(key)) else entry[key]

    first_text = next((text.strip() for _, text in lines if text.strip()), path.stem)
    return Document(
        document=inventory.document_id(path.name, manifest),
        file=path.name,
        sha256=digest,
        encoding=encoding,
        lines=lines,
        positions=positions,
        title=from_manifest("title") or first_text,
        citation=from_manifest("citation") or "",
        first_author=from_manifest("first_author"),
        year=None if from_manifest("year") is None else int(from_manifest("year")),
    )


def read_document(path: Path, manifest: pd.DataFrame) -> tuple[Document, list[dict]]:
    """Given a document path and the manifest, return the document and its table records, or raise an InputError naming the file."""
    try:
        document = load_document(path, manifest)
        tables = lines_to_tables(document.lines, document.document)
    except InputError as err:
        raise err.located(file=path.name) from err
    except Exception as err:  # noqa: BLE001 - one document must not stop the others
        raise unexpected(err, file=path.name) from err
    for table in tables:
        table["file"] = document.file
    return document, tables


def document_paths(raw: Path) -> list[Path]:
    """Given the raw folder, return its documents in name order."""
    return sorted(path for path in raw.iterdir() if path.suffix.lower() in config.DOCUMENT_SUFFIXES)


def take_inventory(raw: Path, follow_symlinks: bool = False) -> inventory.Inventory:
    """Given the raw folder, return the documents to read, with the manifest and every file checked (pipeline/inventory.py)."""
    return inventory.take(raw, document_paths(raw), follow_symlinks)


def position_records(document: Document) -> list[dict]:
    """Given a document read from a PDF, return one record per line: its text, page and bounding box."""
    texts = dict(document.lines)
    return [
        {"document": document.document, "line": line, "text": texts[line], "page": where.page,
         "x0": where.x0, "top": where.top, "x1": where.x1, "bottom": where.bottom}
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
        "n_lines": len(document.lines),
        "tables": [table["table_id"] for table in tables],
    }


def extract(raw: Path, progress: Progress | None = None, follow_symlinks: bool = False) -> Extracted:
    """Given the raw folder, return the document inventory, the table blocks, PDF line positions and the documents that failed."""
    stock = take_inventory(raw, follow_symlinks)
    manifest, paths = stock.manifest, stock.paths
    documents, tables, positions, errors = [], [], [], list(stock.errors)
    for done, path in enumerate(paths, start=1):
        if progress:
            progress(done, len(paths))
        try:
            document, found = read_document(path, manifest)
        except InputError as err:
            errors.append(err)
            continue
        tables.extend(found)
        positions.extend(position_records(document))
        documents.append(document_record(document, found))
    return Extracted(
        pd.DataFrame(documents, columns=DOCUMENT_COLUMNS).astype(DOCUMENT_DTYPES),
        pd.DataFrame(tables, columns=TABLE_COLUMNS).astype(TABLE_DTYPES),
        pd.DataFrame(positions, columns=list(POSITION_DTYPES)).astype(POSITION_DTYPES),
        errors,
        list(stock.notices),
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
}

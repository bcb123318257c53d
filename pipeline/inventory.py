"""The document inventory: which files of the raw folder are read, under which ids, and the manifest that describes them.

Checked here, before any document is read, so the single run and the corpus
path refuse the same files with the same lines (issue 19):
- a document id (the manifest's, else the file stem) is a safe name, since
  output paths are built from it (``auto/<document>__<table>.parquet``);
- a symbolic link is not followed unless asked (it could publish any file the
  user can read as a document's title);
- two files with one id, or with the same bytes under two names, would double
  or mix rows: the first in name order is read, the other is left out;
- the manifest is UTF-8 CSV with its required columns; each line's faults are
  named by line, and a missing checksum is said, not skipped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import regex

from pipeline import config
from pipeline.errors import InputError, UsageError

# Letters, digits, spaces and . _ , + ( ) -, as in a file name a user downloads
# ("downloaded article (1).pdf"), starting with a letter or digit and not
# ending in a space or '.': never a path separator, never '.' or '..', never a
# hidden file or an option, no control character.
SAFE_ID = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} ._,+()-]{0,98}[\p{L}\p{M}\p{N}_,+()-])?")
SAFE_ID_RULE = "letters, digits, spaces and . _ , + ( ) -, starting with a letter or digit, not ending in a space or '.', at most 100 characters"
REQUIRED_COLUMNS = ("file", "document")
CHECKSUM_COLUMN = "sha256"
# A year as written by hand or by pandas' to_csv of a column with blanks ("2022.0").
YEAR = regex.compile(r"\d{1,4}(?:\.0*)?")
EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()
EMPTY_MANIFEST_COLUMNS = ["document", "title", "citation", "first_author", "year"]


@dataclass(frozen=True)
class Manifest:
    """The manifest read: one row per file (indexed by file name), the files its faulty lines refuse, what to say."""

    frame: pd.DataFrame
    refused: frozenset[str] = frozenset()
    errors: tuple[InputError, ...] = ()
    notices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inventory:
    """The raw folder taken stock of: the documents to read (name order) with their ids, and the files refused."""

    manifest: pd.DataFrame
    paths: tuple[Path, ...]
    ids: Mapping[str, str]  # file name → document id
    errors: tuple[InputError, ...] = ()
    notices: tuple[str, ...] = ()


def check_raw_folder(raw: Path) -> None:
    """Given the raw folder asked for, return if it is a folder, else raise a UsageError saying what it is."""
    if not raw.is_dir():
        raise UsageError(f"raw folder {raw} {'is not a folder' if raw.exists() else 'does not exist'}")


def is_safe_id(text: str) -> bool:
    """Given a would-be document id, return whether it is safe to build file names from."""
    return SAFE_ID.fullmatch(text) is not None


def manifest_text(path: Path) -> str:
    """Given the manifest's path, return its text, or raise an InputError when it is not UTF-8 text."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text (undecodable byte at offset {err.start}); a manifest is a UTF-8 CSV file",
                         file=config.MANIFEST_NAME, value=data[err.start : err.start + 8].hex(" ")) from err
    control = regex.search(r"[^\P{Cc}\t\n\r]", text)
    if control:
        raise InputError(f"binary, not CSV text (control character U+{ord(control.group()):04X} at character {control.start()})",
                         file=config.MANIFEST_NAME)
    return text


def text_to_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Given the manifest's text, return its header and each row with the line it starts on; raise an InputError for bad CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, start = [], 1
    try:
        header = next(reader, [])
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as err:
        raise InputError(f"not readable as CSV ({err})", file=config.MANIFEST_NAME, line=start) from err
    header = [name.strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        found = ", ".join(repr(name) for name in header[:10]) or "none"
        raise InputError(f"missing required column {', '.join(repr(name) for name in missing)} (its columns: {found})",
                         file=config.MANIFEST_NAME, line=1)
    return header, rows


def row_fault(header: list[str], row: list[str], seen_ids: Mapping[str, tuple[str, int]]) -> tuple[str, str | None] | None:
    """Given a manifest row and the ids of the good rows above it, return what is wrong with it and the value at fault, or None."""
    if len(row) != len(header):
        return f"has {len(row)} fields but the header has {len(header)}", None
    entry = {name: cell.strip() for name, cell in zip(header, row)}
    file, document, year = entry["file"], entry["document"], entry.get("year", "")
    if document and not is_safe_id(document):
        return f"document id of {file} is not safe as a file name ({SAFE_ID_RULE}); {file} is left out", document
    if document in seen_ids:
        other, line = seen_ids[document]
        return f"{other} (line {line}) and {file} would both be document {document!r}; {file} is left out", None
    if year and not YEAR.fullmatch(year):
        return f"year of {file} is not a year; {file} is left out", year
    return None


def rows_to_frame(header: list[str], rows: Iterable[list[str]]) -> pd.DataFrame:
    """Given the manifest's header and its good rows, return the frame extract reads: indexed by file, blanks missing, year Int64."""
    frame = pd.DataFrame([[cell.strip() or None for cell in row] for row in rows], columns=header, dtype=object).set_index("file")
    if "year" in frame.columns:
        frame["year"] = pd.array([None if pd.isna(year) else int(float(year)) for year in frame["year"]], dtype="Int64")
    return frame


def read_manifest(raw: Path, follow_symlinks: bool = False) -> Manifest:
    """Given the raw folder, return its manifest with each faulty line's error (empty when absent); raise an InputError when it is unreadable."""
    path = raw / config.MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return Manifest(pd.DataFrame(columns=EMPTY_MANIFEST_COLUMNS).rename_axis("file"))
    if path.is_symlink() and not follow_symlinks:
        raise InputError(f"is a symbolic link (to {os.readlink(path)}); not read, since the ids come from it (--follow-symlinks reads it)",
                         file=config.MANIFEST_NAME)
    header, rows = text_to_rows(manifest_text(path))
    good, refused, errors = [], set(), []
    first_lines: dict[str, int] = {}
    seen_ids: dict[str, tuple[str, int]] = {}
    for line, row in rows:
        file = row[header.index("file")].strip() if len(row) > header.index("file") else ""
        if not file:
            errors.append(InputError("names no file; this line is left out", file=config.MANIFEST_NAME, line=line))
            continue
        if file in first_lines:
            errors.append(InputError(f"lists {file} again (first on line {first_lines[file]}); this line is left out",
                                     file=config.MANIFEST_NAME, line=line))
            continue
        first_lines[file] = line
        fault = row_fault(header, row, seen_ids)
        if fault:
            errors.append(InputError(fault[0], file=config.MANIFEST_NAME, line=line, value=fault[1]))
            refused.add(file)
            continue
        good.append(row)
        document = row[header.index("document")].strip()
        if document:
            seen_ids[document] = (file, line)
    notices = [] if CHECKSUM_COLUMN in header else [f"{config.MANIFEST_NAME} has no {CHECKSUM_COLUMN} column: no document's checksum is checked"]
    return Manifest(rows_to_frame(header, good), frozenset(refused), tuple(errors), tuple(notices))


def document_id(file: str, manifest: pd.DataFrame) -> str:
    """Given a document's file name and the manifest, return its id: the manifest's, else the file stem."""
    entry = manifest.loc[file] if file in manifest.index else None
    named = None if entry is None or pd.isna(entry.get("document")) else entry["document"]
    return named or Path(file).stem


def admitted(path: Path, raw: Path, follow_symlinks: bool) -> str | None:
    """Given a candidate document in the raw folder, return why it is not read (a symlink), or None; raise a UsageError for a folder or device.

    A symbolic link is refused by default even when it points inside the
    folder: following one can publish any file the user may read.
    """
    if path.is_symlink() and not follow_symlinks:
        target = os.readlink(path)
        where = "outside the raw folder" if not path.resolve().is_relative_to(raw.resolve()) else "inside the raw folder"
        return f"{path.name}: a symbolic link (to {target}, {where}); not read (--follow-symlinks reads it)"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"{path.name}: a symbolic link to {os.readlink(path)}, which does not exist; not read"
    if stat.S_ISDIR(mode):
        raise UsageError(f"{path} is a folder, not a document; rename it or move it out of the raw folder")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{path} is not a regular file (a pipe, socket or device); move it out of the raw folder")
    return None


def file_digest(path: Path) -> str:
    """Given a file, return the sha256 of its bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def take(raw: Path, candidates: Iterable[Path], follow_symlinks: bool = False) -> Inventory:
    """Given the raw folder and its candidate documents in name order, return the documents to read and why the others are not.

    Raises an InputError when the manifest cannot be read at all (no id could
    be trusted) and a UsageError for a folder or device named like a document.
    """
    manifest = read_manifest(raw, follow_symlinks)
    errors, notices = list(manifest.errors), list(manifest.notices)
    paths, ids, digests = [], {}, {}
    by_id: dict[str, str] = {}
    checksums = manifest.frame[CHECKSUM_COLUMN] if CHECKSUM_COLUMN in manifest.frame.columns else None
    for path in candidates:
        why_not = admitted(path, raw, follow_symlinks)
        if why_not:
            notices.append(why_not)
            continue
        if path.name in manifest.refused:
            continue  # its manifest line's error is reported already
        document = document_id(path.name, manifest.frame)
        if not is_safe_id(document):
            errors.append(InputError(f"its file stem is not a safe document id ({SAFE_ID_RULE}); give it one in {config.MANIFEST_NAME}",
                                     file=path.name, value=document))
            continue
        if document in by_id:
            errors.append(InputError(f"{by_id[document]} and {path.name} would both be document {document!r}; {path.name} is left out",
                                     file=path.name))
            continue
        try:
            digest = file_digest(path)
        except OSError as err:
            errors.append(InputError(f"cannot be read ({err.strerror})", file=path.name))
            continue
        if digest in digests and digest != EMPTY_DIGEST:  # empty files are refused one by one, as empty
            errors.append(InputError(f"same content (sha256 {digest[:12]}…) as {digests[digest]}; {path.name} is left out", file=path.name))
            continue
        if checksums is not None and path.name in checksums.index and pd.isna(checksums[path.name]):
            notices.append(f"{path.name}: no {CHECKSUM_COLUMN} in {config.MANIFEST_NAME}; its checksum is not checked")
        by_id[document], digests[digest], ids[path.name] = path.name, path.name, document
        paths.append(path)
    return Inventory(manifest.frame, tuple(paths), ids, tuple(errors), tuple(notices))

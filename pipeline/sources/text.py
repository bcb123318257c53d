"""Plain text (``.txt``): bytes → decoded text → numbered lines; tables are found later by their captions.

Files are read as UTF-8 (a byte-order mark is dropped), as UTF-16 with its
byte-order mark, else as cp1252 (what Windows word processors export); a file
with NUL bytes or other control characters is refused as binary, one cut
inside a UTF-8 character as truncated.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import regex

from pipeline.errors import InputError
from pipeline.grid import Line
from pipeline.sources.model import Source

SUFFIXES = (".txt",)

# Tried in order. UTF-16 only with its byte-order mark; cp1252 is what Windows
# word processors export when not UTF-8, and decodes almost any byte, so the
# control-character check below is what tells text from binary.
BOMS = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}
FALLBACK_ENCODINGS = ("cp1252",)
# The encodings other than UTF-8 a text file may be read in: the run says so.
NOT_UTF8 = (*sorted(set(BOMS.values())), *FALLBACK_ENCODINGS)
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


def read(path: Path, data: bytes) -> Source:
    """Given a text file's path and bytes, return its lines and encoding; its tables are found by caption afterwards."""
    text, encoding = decode(data, path.name)
    return Source(lines=text_to_lines(text), encoding=encoding)

"""Small HTML helpers: escaping, numbers without float noise, tables and definition lists."""

from __future__ import annotations

import html
import re
from typing import Iterable, Sequence

import numpy as np
import pandas as pd


def esc(value: object) -> str:
    """Given any value, return its text escaped for HTML (quotes included)."""
    return html.escape(str(value), quote=True)


def plural(count: int, noun: str) -> str:
    """Given a count and a noun, return "1 row" or "3 rows"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def slug(text: str) -> str:
    """Given text, return it usable in an HTML id."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def table_anchor(name: str) -> str:
    """Given a table's name, return the id of its part of the page ("auto/x" → "table-auto-x")."""
    return f"table-{slug(name)}"


def is_missing(value: object) -> bool:
    """Given one cell, return whether it is missing (a list is never missing, even empty)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return False
    return value is None or bool(pd.isna(value))


def number_text(value: float) -> str:
    """Given a number, return it without float noise: whole numbers as integers, else 4 significant digits."""
    if float(value).is_integer():
        return str(int(value))
    return np.format_float_positional(float(value), precision=4, unique=True, fractional=False, trim="-")


def value_html(value: object, missing: tuple[str, str] | None = None) -> str:
    """Given one cell and, if missing, its (reason, printed text), return it as HTML: lists bracketed, numbers trimmed, a missing value greyed with its reason."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = ", ".join(str(item) for item in value)
        return f'<span class="list">[{esc(items)}]</span>'
    if is_missing(value):
        reason, printed = missing or ("missing", "")
        title = f' title="printed: {esc(printed)}"' if printed else ""
        return f'<span class="na"{title}>{esc(reason)}</span>'
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return number_text(value)
    return esc(value)


def table_html(headers: Sequence[str], rows: Iterable[Sequence[str]], row_attributes: Iterable[str] | None = None, numeric: Iterable[int] = (), css_class: str = "") -> str:
    """Given header texts and rows of cells already in HTML, return a scrollable HTML table."""
    numeric = set(numeric)
    head = "".join(f"<th>{esc(header)}</th>" for header in headers)
    attributes = iter(row_attributes) if row_attributes is not None else None
    body = []
    for row in rows:
        cells = "".join(f'<td class="num">{cell}</td>' if index in numeric else f"<td>{cell}</td>" for index, cell in enumerate(row))
        extra = f" {next(attributes)}" if attributes is not None else ""
        body.append(f"<tr{extra}>{cells}</tr>")
    opening = f'<table class="{esc(css_class)}">' if css_class else "<table>"
    return f'<div class="table-wrap">{opening}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def facts_html(facts: Sequence[tuple[str, str]]) -> str:
    """Given (label, HTML) pairs, return them as a definition list."""
    return '<dl class="facts">' + "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in facts) + "</dl>"


def code_list(codes: Iterable[tuple[str, str]]) -> str:
    """Given (code, meaning) pairs, return them as "<code>CODE</code> meaning" separated by semicolons."""
    return "; ".join(f"<code>{esc(code)}</code> {esc(meaning)}" for code, meaning in codes)


def missing_labels(lineage: pd.DataFrame) -> dict[tuple[str, int, str], tuple[str, str]]:
    """Given lineage rows, return each missing value's (reason in words, printed text) keyed by (document, source_row, column)."""
    missing = lineage[lineage["missing_reason"].notna()]
    return {
        (str(row.document), int(row.source_row), str(row.column)): (str(row.missing_reason).replace("_", " "), str(row.raw_text))
        for row in missing.itertuples(index=False)
    }

"""The declarative table-spec format.

A spec is everything specific to one table of one paper: how to recognise it,
the options its layouts need, how its rows group into observation units, which header path feeds
which output column through which value parser, and the repairs its source
needs. Stage modules read specs; they never name a paper. One module per table
lives in ``pipeline/tables/``; adding a table means adding a module there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Literal, Mapping

import regex

from pipeline.values import Missing

# Row fields the engine derives from the table's row structure; an output
# column whose ``source`` is one of these takes it instead of a cell.
ROW_FIELDS = (
    "@document",
    "@source_row",
    "@source_line",
    "@unit_id",
    "@observation_number",
    "@is_self",
)


@cache
def compiled(pattern: str) -> regex.Pattern:
    """Given a pattern a spec declares, return it compiled, once per process.

    ``regex``'s own cache lookup costs more than matching a short cell, and
    the corpus path matches row markers in every row of every document.
    """
    return regex.compile(pattern)


Part = str | int | None


def pick(value: object, part: Part) -> object:
    """Given a parsed value and a column's part, return that piece of the value."""
    if part is None:
        return value
    return value[part] if isinstance(part, int) else getattr(value, part)


@dataclass(frozen=True)
class Column:
    """One output column: which cell feeds it and how its text becomes a value.

    ``part`` picks one piece of a parser's structured result: an attribute name
    (``"author"`` of a Citation) or a tuple index. ``missing`` adds codes that
    mean a missing value in this column only, on top of the table's.
    """

    name: str
    source: str
    parse: Callable[[str], object] | None = None
    part: Part = None
    missing: Mapping[str, Missing] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.source.startswith("@") and self.source not in ROW_FIELDS:
            raise ValueError(f"column {self.name!r}: unknown row field {self.source!r}; use one of {ROW_FIELDS}")
        if self.part is not None and self.parse is None:
            raise ValueError(f"column {self.name!r}: 'part' needs a 'parse'")


@dataclass(frozen=True)
class Rows:
    """How body rows group into observation units.

    key: header path of the column that names a row's group (a study, a case).
    continuation: a blank key cell continues the group above (another patient
        of the same study) when true.
    repeat_marker: pattern of a key cell that marks another observation of the
        unit above (a recurrence), not a new unit.
    self_marker: pattern of a key cell that means the document's own case; its
        citation comes from the document manifest.
    id_parts: attributes of the parsed key value that name a unit (with its
        position in the group), e.g. ("author", "year") → "isbister2000-2".
    key_parse: the value parser of the key column.
    """

    key: str
    key_parse: Callable[[str], object]
    continuation: bool = False
    repeat_marker: str | None = None
    self_marker: str | None = None
    id_parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class CellRepair:
    """A declared correction of one cell's text, applied before parsing.

    ``find`` must occur in exactly one cell of column ``source``; otherwise the
    repair no longer matches its input and the run fails rather than silently
    skipping it. The repaired text must then parse.
    """

    id: str
    source: str
    find: str
    replace: str
    reason: str


@dataclass(frozen=True)
class PercentCheck:
    """Internal redundancy: a printed percentage must equal count / total × 100 at its printed precision.

    A disagreement is a finding about the source. On a row holding a repaired
    cell the check is the repair's confirmation, so there it fails the table.
    """

    id: str
    percent: str
    count: str
    total: str


@dataclass(frozen=True)
class Output:
    """One tidy output table produced from the source table.

    ``references`` maps another output to the columns whose value combination
    must exist there (a foreign key), e.g. {"cases": ("document", "case_id")}.
    """

    name: str
    grain: Literal["unit", "observation"]
    description: str
    schema: type
    columns: tuple[Column, ...]
    references: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    checks: tuple[PercentCheck, ...] = ()
    # Figures of the table in the HTML report: each takes (table, lineage) and returns a report.Plot or None.
    figures: tuple[Callable[..., object], ...] = ()


@dataclass(frozen=True)
class Paper:
    """The paper that prints a table: names the authors' own case when the manifest does not name the file."""

    first_author: str
    year: int


@dataclass(frozen=True)
class TableSpec:
    """Everything specific to one table, matched by caption and header content."""

    name: str
    caption: str
    headers: tuple[str, ...]
    rows: Rows
    outputs: tuple[Output, ...]
    missing_codes: Mapping[str, Missing] = field(default_factory=dict)
    cell_repairs: tuple[CellRepair, ...] = ()
    layout_options: Mapping[str, object] = field(default_factory=dict)
    paper: Paper | None = None
    notes: str = ""
    # A summary table (characteristics, association) is read by the generic long-form model; its variables' printed names → output names.
    kind: str = "case_series"
    variables: Mapping[str, str] = field(default_factory=dict)

    def repair_reasons(self) -> dict[str, str]:
        """Return the reason of every repair the spec declares, cell repairs and layout repairs alike."""
        repairs = [*self.cell_repairs, *self.layout_options.get("repairs", ())]
        return {repair.id: repair.reason for repair in repairs}

    def missing_headers(self, body: str) -> list[str]:
        """Given a table's body text, return the spec's header labels it does not contain."""
        flat_body = " ".join(body.split())
        return [label for label in self.headers if label and " ".join(label.split()) not in flat_body]

    def matches(self, caption: str, body: str) -> bool:
        """Given a table's caption and body text, return whether this spec describes it."""
        return bool(compiled(self.caption).search(caption)) and not self.missing_headers(body)


def summary_table(name: str, caption: str, headers: tuple[str, ...], output: str, description: str, schema: type,
                  kind: Literal["characteristics", "association"] = "characteristics", variables: Mapping[str, str] | None = None,
                  missing_codes: Mapping[str, Missing] | None = None) -> TableSpec:
    """Given what identifies a summary table, its output's name and schema and its variables' names, return its spec.

    Rows, levels, groups and statistics come from the generic long-form model
    (``pipeline.kinds.summary``), as in auto mode: the spec only names things.
    """
    return TableSpec(
        name=name,
        caption=caption,
        headers=headers,
        rows=Rows(key=headers[0], key_parse=str),
        outputs=(Output(output, "observation", description, schema, ()),),
        missing_codes=dict(missing_codes or {}),
        kind=kind,
        variables=dict(variables or {}),
    )

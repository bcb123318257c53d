"""Characteristics, outcome and association tables → one row per (variable, level, group, statistic).

Rows are variables and their levels (``kinds.rows``). Columns are groups
(``labels.path_to_group``), with an optional p-value column. Each cell's
statistic comes from the most specific place naming one: the cell's own
shape, its row label, its variable's group row, its column header, the
table's footnotes ("Values are n (%) unless stated otherwise"). A cell that
fits no shape, or contradicts the statistic named for it, keeps its text and
is listed in a finding; no number is guessed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Sequence

import regex

from pipeline.grid import Cell
from pipeline.kinds.checks import half_unit, is_share, record_findings
from pipeline.kinds.labels import ESTIMATES, Group, is_statistic_only, path_to_group
from pipeline.kinds.rows import RowLabels, column_groups, rows_to_labels
from pipeline.values import Missing
from schemas.provenance import MISSING_REASONS
from pipeline.values.statistic_names import is_difference, names_mean_sd, statistic_named
from pipeline.values.statistics import DEFAULT_MISSING, NUMERIC_FIELDS, Summary, read_measured, read_shape, resolve, shape_of, split_marker
from pipeline.words import is_english_word

# The long form's columns, in order, with their dtypes.
LONG_DTYPES = {
    "document": "string", "table_id": "string", "source_row": "Int64", "source_line": "Int64", "source_column": "string",
    "section": "string", "variable": "string", "level": "string", "group": "string", "group_n": "Int64", "overall": "boolean", "statistic": "string",
    "count": "Int64", "denominator": "Int64", "percent": "Float64", "mean": "Float64", "sd": "Float64", "se": "Float64", "median": "Float64",
    "lower": "Float64", "upper": "Float64", "estimate": "Float64", "p_value": "Float64", "value": "Float64",
    "qualifier": "string", "measure": "string", "unit": "string", "marker": "string", "footnote": "string",
    "missing_reason": "string", "raw_text": "string",
}
# What a row or column naming a quantity with its interval names ("Median OS (95% CI)"), and the statistics that print an interval.
_AROUND_INTERVAL = frozenset(("estimate_ci", "interval", "estimate", "reference"))
_WITH_INTERVAL = frozenset(("estimate_ci", "interval", "median_iqr", "median_range", "median_spread"))
# The statistics of a measured (continuous) variable, as a labelled unit says it is, in the order an ambiguous shape takes them.
CONTINUOUS = ("mean_sd", "mean_se", "median_spread", "median_iqr", "median_range", "mean", "median", "sd", "se", "value")
# The statistics a "(%)" or a word such as "rate" names; a measured variable's spread under such a label makes "%" its unit.
_SHARES = frozenset(("percent", "count_percent", "count"))
# What a level of a categorical variable is: a count and its share ("%" of "SD/%" under "<45 years").
_COUNTED = frozenset((*_SHARES, "count_denominator", "count_denominator_percent"))
_SPREADS = frozenset(("mean_sd", "median_iqr", "median_range", "median_spread"))
_ESTIMATED = frozenset(ESTIMATES)
_DIGIT = regex.compile(r"\d")
# The repair a layout names on a cell it could not place (a stream row's cells that fit no column rule): its text is kept, never read.
UNPLACED_REPAIR = "unplaced-cells"
UNPLACED_REASON = "The row's cells fit no rule placing them in columns, so they are kept together as text in the first value column, unread."
# A footnote stating the default statistic of the table: "Values are n (%) unless stated otherwise", "Data are mean (SD)".
_DEFAULT_STATEMENT = regex.compile(r"(?i)\b(?:values|data|results|numbers)\s+(?:are|were|is|given as|presented as|expressed as|shown as)\b[^.;]*")
# A sentence saying what brackets hold: "95% confidence intervals in brackets", "Values in parentheses are percentages".
_BRACKETS_STATEMENT = regex.compile(r"(?i)[^.;]*\b(?:in|within)\s+(?:square\s+)?(?:brackets|parenthes[ie]s)\b[^.;]*")


@dataclass
class LongTable:
    """A summary table in long form: its records, the lineage of each cell and the findings of its checks."""

    records: list[dict] = field(default_factory=list)
    lineage: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)


# "a,b,c Values within a column …", "A,B Seroprevalence differs …", "* Reference category": markers opening a sentence under the table.
_LETTER_FOOTNOTE = regex.compile(
    r"(?:^|(?<=[.;:]\s))(?P<markers>[a-zA-Z](?:\s*,\s*[a-zA-Z])*,?|[*†‡§¶#]+)(?:\s+(?=\p{Lu})|\s*[=:]\s*)(?P<text>\S.*?(?:[.;](?=\s|$)|$))"
)


_REFERENCE_NOTE = regex.compile(r"(?i)\breferen(?:ce|t)\b")
# A note saying a dash marks the reference level: "Dashes mark the reference level", "— denotes the reference category", "–, reference".
_DASH_REFERENCE = regex.compile(r"(?i)(?:\bdash(?:es)?|(?<!\w)[\u2013\u2014-])\s*(?:[,=:]|\b(?:marks?|indicates?|denotes?|(?:is|are)))?\s*"
                                r"(?:the\s+|a\s+)?referen(?:ce|t)\b")
_DASHES = frozenset(("\u2013", "\u2014", "-"))
_REFERENCE = {"statistic": "reference", "estimate": 1.0, "missing_reason": None}


def letter_footnotes(legend_text: str) -> dict[str, str]:
    """Given the text under a table, return the text of each plain-letter or symbol marker a footnote defines ("a,b Values …" → a and b)."""
    found: dict[str, str] = {}
    for match in _LETTER_FOOTNOTE.finditer(legend_text or ""):
        for marker in regex.split(r"\s*,\s*", match["markers"].strip(",")):
            found.setdefault(marker, match["text"].strip().rstrip(";"))
    return found


def marker_text(marker: str, footnotes: Mapping[str, str]) -> str | None:
    """Given a marker as printed ("cd", "**") and the footnotes, return its text: a defined marker's, else each letter's joined (None if undefined)."""
    plain = unicodedata.normalize("NFKC", marker)  # a raised "ᶜ" in the cell is the "c" of the footnote
    if plain in footnotes:
        return footnotes[plain]
    parts = [footnotes.get(letter) for letter in dict.fromkeys(plain)]
    return "; ".join(dict.fromkeys(parts)) if all(parts) else None


# A row label's last word, ending in lower-case letters a footnote may have glued on.
_LAST_WORD = regex.compile(r"(?<![\p{L}])\p{L}{4,}$")


def label_without_marker(text: str, footnotes: Mapping[str, str]) -> str:
    """Given a row label and the table's footnotes, return it without a footnote's letter glued to its last word, as a text
    export leaves a raised marker: "Adverse events of interesta" where footnote a is defined, since "interest" is an English
    word and "interesta" none ("Lymphoma" keeps its "a": it is a word)."""
    last = _LAST_WORD.search(text.rstrip()) if footnotes else None
    if last is None:
        return text
    word = last.group()
    for size in (1, 2):
        marker = word[-size:]
        if marker.islower() and marker_text(marker, footnotes) and is_english_word(word) is False and is_english_word(word[:-size]):
            return text.rstrip()[:-size]
    return text


def statements_named(legend_text: str, statement: regex.Pattern) -> tuple[str, ...]:
    """Given the text under a table and a kind of statement, return the statistics such statements name, in their order.

    "Data are n (%), mean (SD), or median (IQR)" names three: a cell takes the first its shape can be. A statistic named
    with its sign ("mean ± SD") is printed with it, so it comes last: "38 (59.4)" under "Values are mean ± SD or n (%)" is a
    count and its share, not a mean of 38.
    """
    statements = [match.group(0) for match in statement.finditer(legend_text or "")]
    parts = [part for statement in statements for part in regex.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+", statement)]
    parts = sorted(parts, key=lambda part: "±" in part)
    return tuple(dict.fromkeys(statistic for part in parts for statistic in statistic_named(part)))


# Where a caption names the statistic of every cell: after its last comma, or in brackets at its end.
_CAPTION_TAIL = regex.compile(r"(?:,(?P<after>[^,]*)|[(\[](?P<bracketed>[^()\[\]]*(?:\([^()]*\))?[^()\[\]]*)[)\]])\s*\.?\s*$")


def caption_named(caption: str) -> tuple[str, ...]:
    """Given a table's caption, return the statistics it says every cell prints where it ends naming only statistics
    ("Treatment received by period, %", "Outcomes (mean ± SD)"); none for "Characteristics (N = 412)" or "… by HR status"."""
    tail = _CAPTION_TAIL.search(caption or "")
    text = tail and (tail["after"] if tail["after"] is not None else tail["bracketed"]).strip()
    return statistic_named(text) if text and is_statistic_only(text) else ()


def default_statement(legend_text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Given the text under a table, return the statistics it says cells are unless stated otherwise ("Values are n (%)"),
    and those it says brackets hold ("95% confidence intervals in brackets"), each in its order."""
    return statements_named(legend_text, _DEFAULT_STATEMENT), statements_named(legend_text, _BRACKETS_STATEMENT)


def grid_to_long(rows: Sequence[Sequence[Cell]], paths: Sequence[str], columns: Sequence[str], legend: Mapping[str, Missing],
                 footnotes: Mapping[str, str], legend_text: str, document: str, table_id: str, association: bool, caption: str = "") -> LongTable:
    """Given a summary table's body rows, header paths and snake_case column names, its missing codes, footnotes (and caption),
    return it in long form."""
    groups, stubs = column_groups(rows, [path_to_group(path) for path in paths], paths, legend)
    value_columns = range(stubs, len(paths))
    table_default, bracketed = default_statement(legend_text)
    # The label column's header names what every cell is, as a "Values are …" statement does ("Measure, % (95% CI)"); so does a
    # caption ending in a statistic ("Treatment received by period, %").
    table_default = tuple(dict.fromkeys((*groups[0].named, *caption_named(caption), *table_default)))
    stated = (table_default, bracketed)
    long = LongTable()
    labelled = [[cell._replace(text=label_without_marker(cell.text, footnotes)) if index < stubs else cell for index, cell in enumerate(row)]
                for row in rows] if footnotes else rows
    labels = rows_to_labels(rows, labelled, groups, stubs, paths[0])
    # What a column gives each of its records, and each distinct (text, statistics named) read once: tables repeat "–", "NR" and p-values.
    placed = [{"source_column": columns[index], "group": group.name, "group_n": group.n, "overall": group.overall} for index, group in enumerate(groups)]
    readings: dict[tuple[str, tuple[str, ...]], tuple[dict, tuple[str, str] | None]] = {}
    # "0.19 (0.49)" is a mean (SD) only in a table that says it prints means somewhere: never a wrong label.
    means = names_mean_sd((*paths, *(row[index].text for row in rows for index in range(stubs)), legend_text))
    measured = tuple(statistic for statistic in table_default if statistic in CONTINUOUS)
    dash_reference = bool(_DASH_REFERENCE.search(legend_text or ""))
    for number, (row, row_labels) in enumerate(zip(rows, labels), start=1):
        lineage = [_lineage(document, table_id, number, columns[index], paths[index], cell) for index, cell in enumerate(row)]
        long.lineage.extend(lineage)
        if row_labels is None:
            continue
        variable, level = row_labels.variable, row_labels.level
        about = {"section": row_labels.section, "variable": variable.name, "level": level.name if level else None}
        unit = (level.unit if level else None) or variable.unit
        for index in value_columns:
            cell = row[index]
            if not cell.text.strip():
                continue
            key = (cell.text, _named(groups[index], stated, row_labels, cell.text, association))
            if cell.repair == UNPLACED_REPAIR:
                fields, problem = _unplaced_fields(cell.text)
            else:
                if key not in readings:
                    readings[key] = _cell_fields(*key, legend, footnotes, association, means, measured)
                fields, problem = readings[key]
            group = groups[index]
            if dash_reference and cell.text.strip() in _DASHES and not group.p_value:
                fields = {**fields, **_REFERENCE}  # "—" where the note under the table says dashes mark the reference level
            _explain(lineage[index], fields["missing_reason"], problem)
            measure = fields["measure"] or group.measure
            long.records.append({"document": document, "table_id": table_id, "source_row": number, "source_line": cell.line, **placed[index], **about,
                                 **fields, "measure": measure, "unit": None if group.p_value else unit or group.unit or groups[0].unit or fields["unit"],
                                 "raw_text": cell.text})
            if fields["statistic"] == "reference" and is_difference(measure) and not _DIGIT.search(cell.text):
                long.records[-1]["estimate"] = 0.0  # "Reference" under "β (95% CI)": a level differs from itself by nothing
            if problem:
                long.findings.append(finding(document, table_id, paths[index], cell, problem[0], problem[1]))
    long.findings.extend(check_records(long.records, paths, columns, document, table_id))
    for record in long.records:
        record.pop("_percent_places", None)
    return long


def _named(group: Group, stated: tuple[tuple[str, ...], tuple[str, ...]], labels: RowLabels, text: str, association: bool = False) -> tuple[str, ...]:
    """Given a cell's column group, the table's footnote statistics, its row's labels and its text, return the statistics named
    for the cell, most specific first.

    The row's come first; the column's follow them (a level's counts first:
    it is counted), so a column of its own
    quantity ("Standardised difference, %" beside medians) reads as its header
    says; where neither names one, the table's "Values are …" statement;
    what the footnotes say brackets hold comes last. A row naming only its
    interval ("Total (95% CI)" of a meta-analysis) says where the row prints
    one, not what each cell is: a column naming its own quantity comes first
    ("Weight (%)" over 100.0), and a cell printing no interval ("109/568"
    under "Events/total") is read by its shape.
    """
    if group.p_value:
        return ("p_value",)
    table_default, bracketed = stated
    variable, level = labels.variable, labels.level
    row = (level.named if level else ()) or variable.named
    if row and set(row) <= _AROUND_INTERVAL:
        if group.named:
            row = tuple(dict.fromkeys((*group.named, *row)))
        elif (shape := shape_of(text)) is not None and _WITH_INTERVAL.isdisjoint(shape.candidates):
            row = ()
    named = tuple(dict.fromkeys((*row, *group.named)))
    # A column of estimates ("OR (95% CI)", "B"; in an association table, one naming nothing and no n: "Model 1") gives a
    # predictor's effect, whatever its unit ("Age (years)"); a row naming its count ("n" under "Age (years)") is counted.
    estimating = bool(_ESTIMATED.intersection(group.named)) or (association and not group.named and group.n is None)
    if variable.unit and level is None and set(row) <= _SHARES and row[:1] != ("count",) and not estimating:
        # A unit means a measured variable, not a count (its levels, "<50 years", are counted), whatever a word of its name
        # ("Heart rate (beats/minute)") or its column ("n (%)") suggests: first what a measurement can be, as its column
        # ("SD" of "SD/%") or the table's statement says, else by the usual order.
        measured = tuple(statistic for statistic in (*group.named, *table_default) if statistic in CONTINUOUS) or CONTINUOUS
        named = tuple(dict.fromkeys((*measured, *named)))
    elif level is not None and not row:
        named = (*(statistic for statistic in named if statistic in _COUNTED), *(statistic for statistic in named if statistic not in _COUNTED))
    named = named or table_default
    if not row and group.n and {"count_percent", "mean_sd"} <= set(named) and _is_share_of(text, group.n):
        named = ("count_percent", *named)  # "Data are mean (SD) or n (%)" over "38 (59.4)" in a group of 64: 38 is 59.4 % of it
    return tuple(dict.fromkeys((*named, *bracketed))) if named else ()


def _is_share_of(text: str, n: int) -> bool:
    """Given a cell and its group's n, return whether it reads "a (b)" with b exactly a's share of n at the printed precision."""
    shape = shape_of(text)
    if shape is None or "count_percent" not in shape.candidates or shape.summary.count is None or shape.summary.percent is None:
        return False
    return is_share(shape.summary.count, n, shape.summary.percent, half_unit(shape.summary.percent_places))


def _cell_fields(text: str, named: tuple[str, ...], legend: Mapping[str, Missing], footnotes: Mapping[str, str],
                 association: bool, means: bool = True, measured: tuple[str, ...] = ()) -> tuple[dict, tuple[str, str] | None]:
    """Given a cell's text, the statistics named for it, the table's codes and footnotes (whether it names means anywhere, and
    what it says measurements print), return its record fields as read and the problem, if any."""
    summary, marker, missing_reason, problem = read_cell(text.strip(), named, legend, association, means, measured)
    coded = _code_with_marker(text.strip(), legend, footnotes) if problem and problem[0] == "unread_cell" else None
    if coded is not None:  # "NAc" where footnote c says why: the code read as codes are, and its marker
        code, marker = coded
        summary, _, missing_reason, problem = read_cell(code, named, legend, association, means, measured)
    note = marker_text(marker, footnotes) if marker else None
    if summary is not None and summary.estimate is not None and note and _REFERENCE_NOTE.search(note):
        summary = summary._replace(statistic="reference")  # "1*" with "* Reference category" under the table
    return {**_summary_fields(summary), "measure": summary.measure if summary else None, "unit": summary.unit if summary else None,
            "marker": marker, "footnote": note, "missing_reason": missing_reason}, problem


def _code_with_marker(text: str, legend: Mapping[str, Missing], footnotes: Mapping[str, str]) -> tuple[str, str] | None:
    """Given a cell's text, the table's codes and footnotes, return it as a missing code and the footnote letter glued to it
    ("NAc", "NRa") where the table defines both, else None: letters glued to a word are no marker unless a footnote says so."""
    for size in (1, 2):
        code, marker = text[:-size], text[-size:]
        if marker.isalpha() and marker_text(marker, footnotes) and (code in legend or code in DEFAULT_MISSING):
            return code, marker
    return None


def _unplaced_fields(text: str) -> tuple[dict, tuple[str, str]]:
    """Given the text of cells a layout could not place, return record fields that read none of it, and the problem that says so."""
    return ({**_summary_fields(None), "measure": None, "unit": None, "marker": None, "footnote": None, "missing_reason": "unplaced_cells"},
            ("unread_cell", f"{text!r} are cells the layout could not place in columns; kept as text"))


def read_cell(text: str, named: tuple[str, ...], legend: Mapping[str, Missing], association: bool,
              means: bool = True, measured: tuple[str, ...] = ()) -> tuple[Summary | None, str | None, str | None, tuple[str, str] | None]:
    """Given a cell's text and the statistics named for it, return its summary (None if unread), marker, missing reason and the problem (kind, detail) if any."""
    value, marker = split_marker(text)
    code = legend.get(value)
    if code is not None:
        return None, marker, code.reason, None
    summary, missing_reason, problem = read_value(value, named, association, means, measured)
    return summary, marker, missing_reason, problem


@lru_cache(maxsize=65536)
def read_value(value: str, named: tuple[str, ...], association: bool, means: bool = True,
               measured: tuple[str, ...] = ()) -> tuple[Summary | None, str | None, tuple[str, str] | None]:
    """Given a cell's text without its marker, the statistics named for it, whether its table names means anywhere and what
    its table says measurements print ("Values are mean ± SEM"), return its summary, missing reason and problem.

    Pure, so a table's repeated cells (and a corpus's) are read once.
    """
    if value.casefold() in ("ns", "n.s.") and named == ("p_value",):
        return Summary("p_value", qualifier="not significant"), "not_significant", None
    if value in DEFAULT_MISSING:
        return None, DEFAULT_MISSING[value], None
    try:
        shape = read_shape(value)
    except ValueError:
        try:
            shape = read_measured(value)
        except ValueError:
            return None, "unread_shape", ("unread_cell", f"{value!r} fits no summary-statistic shape; kept as text")
    if shape.part and not named:
        return None, "unstated_statistic", ("statistic_unstated", f"{value!r} is a bracketed number printed apart, and nothing names the statistic it is part of; kept as text")
    if shape.by_convention and not named and not means and not (association and "estimate_ci" in shape.candidates):
        return None, "unstated_statistic", (
            "statistic_unstated", f"{value!r} reads as mean (SD) only by convention, and nothing in the table names a mean or SD; kept as text")
    summary = resolve(shape, named, association)
    if summary is None and set(named) <= _SHARES and _SPREADS.intersection(shape.candidates) and (means or not shape.by_convention):
        # "SpO2 (%)" over "97.4 [95.9, 98.7]": the percent sign is the unit of a measured variable, which the cell's spread shows.
        summary = (resolve(shape, measured) or resolve(shape, ()))._replace(unit="%")
    if summary is None:
        return None, "contradicts_label", (
            "statistic_contradicts_label",
            f"{value!r} reads as {' or '.join(shape.candidates)}, but its label or header names {named[0]}; kept as text",
        )
    return summary, None, None


def _explain(lineage: dict, missing_reason: str | None, problem: tuple[str, str] | None) -> None:
    """Given a cell's lineage record, set why its value is missing: a reason of the legend's vocabulary, or the problem that kept it as text."""
    if missing_reason in MISSING_REASONS:
        lineage["missing_reason"] = missing_reason
    elif problem:
        lineage["note"] = problem[1]


def _summary_fields(summary: Summary | None) -> dict[str, object]:
    """Given a cell's summary (or None), return its statistic, numbers and qualifier as record fields."""
    if summary is None:
        return {"statistic": None, **dict.fromkeys(NUMERIC_FIELDS), "qualifier": None}
    return {"statistic": summary.statistic, **{name: getattr(summary, name) for name in NUMERIC_FIELDS}, "qualifier": summary.qualifier,
            "_percent_places": summary.percent_places}


def _lineage(document: str, table_id: str, number: int, column: str, path: str, cell: Cell) -> dict:
    """Given a cell and where it sits, return its lineage record."""
    return {"document": document, "table_id": table_id, "source_row": number, "column": column, "table_column": path, "raw_text": cell.text,
            "line": cell.line, "missing_reason": None if cell.text.strip() else "blank", "repair": cell.repair, "note": None}


def finding(document: str, table_id: str, column: str, cell: Cell, kind: str, detail: str) -> dict:
    """Given a cell and what is wrong with it, return a finding record."""
    return {"document": document, "table_id": table_id, "kind": kind, "column": column, "value": cell.text, "line": cell.line, "detail": detail}


def check_records(records: list[dict], paths: Sequence[str], columns: Sequence[str], document: str, table_id: str) -> list[dict]:
    """Given the long records of a table, return a finding for each piece of its arithmetic that does not hold (``checks.record_findings``)."""
    path_of = dict(zip(columns, paths))
    return [{"document": document, "table_id": table_id, "column": path_of[column], **rest} for column, rest in record_findings(records)]

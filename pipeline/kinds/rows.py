"""What each body row of a summary table is about: the section it sits in, its variable and, for a level, the level.

A row is a variable, or a level of the variable whose group row (a label
with no value in any group column) it follows, until a spacer row, the next
group row, a row whose label names its own statistic or unit, or the levels
count every group's n; where the export keeps indentation, indentation alone
decides. Leading label columns give section, variable and level; a label
column's header naming a variable makes plain rows its levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

import regex

from pipeline.grid import Cell
from pipeline.header_text import OVERALL
from pipeline.headers import unnamed_column
from pipeline.kinds.labels import Group, Label, is_statistic_only, label_to_parts, regression_columns, strip_symbols, with_parts_grouped
from pipeline.values import Missing
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import DEFAULT_MISSING, shape_of


@dataclass(frozen=True)
class RowLabels:
    """What a body row is about: the section it sits in (a group row holding group rows), its variable and, for a level row, its level."""

    section: str | None
    variable: Label
    level: Label | None


@dataclass
class _Open:
    """The variable whose levels rows are being read under, and what its levels have counted per column so far."""

    labels: RowLabels
    indent: int = 0
    counted: dict[int, int] = field(default_factory=dict)

    def complete(self, groups: Sequence[Group]) -> bool:
        """Given the table's groups, return whether the levels read so far count every group of known n in full: the next row is a new variable."""
        sized = [index for index, group in enumerate(groups) if group.n and index in self.counted]
        return bool(sized) and all(self.counted[index] == groups[index].n for index in sized)


def is_group_row(row: Sequence[Cell], value_columns: Sequence[int], groups: Sequence[Group]) -> bool:
    """Given a row, return whether it is a group row: a label and nothing in any group column (a p-value may stand beside it)."""
    return bool(row[0].text.strip()) and all(not row[index].text.strip() for index in value_columns if not groups[index].p_value)


def is_blank_row(row: Sequence[Cell]) -> bool:
    """Given a row, return whether it prints nothing (a spacer between groups)."""
    return not any(cell.text.strip() for cell in row)


def stub_columns(rows: Sequence[Sequence[Cell]], groups: Sequence[Group], legend: Mapping[str, Missing]) -> int:
    """Given a table's rows and column groups, return how many leading columns are labels (at most three: section, variable, level).

    The first column always labels; so does a column the stub's header label
    spans ("Characteristic" over the variable and its level), and one that
    names no statistic or group size and prints mostly words, not value shapes
    or missing codes (its levels may be "0" or "1 to 2"), or prints the same
    levels under each label of the column before it (thresholds "≥ 3", "≥ 4",
    "5" under "Sensitivity" and again under "Specificity").
    """
    count = 1
    while count < min(3, len(groups) - 1):
        group = groups[count]
        printed = [row[count].text for row in rows if row[count].text.strip()]
        spanned = group.name is not None and group.name == groups[0].name
        unnamed = not group.named and group.n is None
        worded = unnamed and sum(_is_label(text, legend) for text in printed) * 2 > len(printed)
        if not (spanned or worded or (unnamed and _repeats_under_labels(rows, count))):
            break
        count += 1
    return count


def _repeats_under_labels(rows: Sequence[Sequence[Cell]], column: int) -> bool:
    """Given a table's rows and a column after the first, return whether it prints the same two or more texts, in the same
    order, under each of two or more labels of the column before it that it prints anything under: levels, not values."""
    blocks: list[list[str]] = []
    for row in rows:
        if row[column - 1].text.strip() or not blocks:
            blocks.append([])
        if row[column].text.strip():
            blocks[-1].append(row[column].text.strip())
    printed = [block for block in blocks if block]
    return len(printed) >= 2 and len(printed[0]) >= 2 and all(block == printed[0] for block in printed)


def _is_label(text: str, legend: Mapping[str, Missing]) -> bool:
    """Given a cell's text, return whether it can be a row label: blank, or text that reads as no value shape and no missing code."""
    cell = text.strip()
    if not cell:
        return True
    return cell not in legend and cell not in DEFAULT_MISSING and shape_of(cell) is None


# A body row printing each group's size: "No. of patients", "Number of participants randomized", "n", "Patients, n".
_SIZE_ROW = regex.compile(
    r"(?i)(?:no\.?|number)\s+of\s+(?:patients|participants|subjects|cases|women|men|children|individuals|persons)"
    r"(?:\s+(?:randomi[sz]ed|enrolled|included|treated|analy[sz]ed))?|n|(?:patients|participants|subjects),?\s+(?:n|no\.)"
)


def group_sizes(rows: Sequence[Sequence[Cell]], groups: Sequence[Group], value_columns: Sequence[int]) -> dict[int, int]:
    """Given a table's rows, column groups and value columns, return each group column's size as a row of sizes prints it
    ("No. of patients | 135 | 137") above the first group row, where one does and prints only whole numbers; its columns'
    headers gave none."""
    for row in rows:
        if is_group_row(row, value_columns, groups):
            return {}  # an "n" under "Age (years)" counts those whose age is known, not the group
        if not _SIZE_ROW.fullmatch(strip_symbols(row[0].text)):
            continue
        printed = {index: row[index].text for index in value_columns if not groups[index].p_value and row[index].text.strip()}
        sizes = {index: _plain_count(text) for index, text in printed.items()}
        return {index: size for index, size in sizes.items() if size is not None} if printed and None not in sizes.values() else {}
    return {}


def _plain_count(text: str) -> int | None:
    """Given a cell's text, return the whole number it prints alone ("135", "1,204"), else None."""
    shape = shape_of(text)
    return count_of(text) if shape is not None and shape.summary.statistic == "value" else None


def statistic_column(rows: Sequence[Sequence[Cell]], stubs: int) -> list[tuple[str, ...]] | None:
    """Given a table's rows and its number of label columns, return the statistics its last label column names row by row
    where that column prints only statistics' names ("Mean (SD)", "n (%)" under "Statistic"), else None: it is no level."""
    if stubs < 2:
        return None
    printed = [row[stubs - 1].text.strip() for row in rows if row[stubs - 1].text.strip()]
    if not printed or not all(statistic_named(text) and is_statistic_only(text) for text in printed):
        return None
    return [statistic_named(row[stubs - 1].text) for row in rows]


def with_statistics(labels: Sequence[RowLabels | None], named_by_row: Sequence[tuple[str, ...]]) -> list[RowLabels | None]:
    """Given each row's labels and the statistics a statistic column names beside it, return the labels naming them: a level
    printing none takes its variable's ("n (%)" beside "Sex", blank beside "Male")."""
    found: list[RowLabels | None] = []
    of_variable: tuple[str, ...] = ()
    for row_labels, named in zip(labels, named_by_row):
        if row_labels is None:
            found.append(None)
            continue
        if row_labels.level is None:
            of_variable = named
        named = named or (of_variable if row_labels.level is not None else ())
        if not named:
            found.append(row_labels)
            continue
        label = row_labels.level or row_labels.variable
        label = Label(label.name, label.unit, tuple(dict.fromkeys((*named, *label.named))))
        found.append(RowLabels(row_labels.section, *((row_labels.variable, label) if row_labels.level else (label, None))))
    return found


def stubbed_labels(rows: Sequence[Sequence[Cell]], stubs: int) -> list[RowLabels | None]:
    """Given rows whose first ``stubs`` columns label them (section, variable, level), return each row's labels; a blank label is the one above."""
    above: list[str] = [""] * stubs
    found: list[RowLabels | None] = []
    for row in rows:
        if is_blank_row(row):
            found.append(None)
            continue
        texts = [row[index].text.strip() for index in range(stubs)]
        for index, text in enumerate(texts):
            if text:
                above[index] = text
                above[index + 1:] = [""] * (stubs - index - 1)
        names = list(above)
        section = names[0] if stubs == 3 and names[0] else None
        variable, level = names[-2], names[-1]
        found.append(RowLabels(section, label_to_parts(variable or level), label_to_parts(level) if variable and level else None))
    return found


# Words of a label column's header that name no variable of the rows': each row is its own ("Characteristic", "Adverse event").
_GENERIC_STUB = regex.compile(
    r"(?i)\b(?:characteristics?|variables?|factors?|parameters?|covariates?|features?|items?|measures?|outcomes?|events?|endpoints?"
    r"|subgroups?|categor(?:y|ies)|predictors?|exposures?|determinants?|indicators?|conditions?|diagnos[ie]s|complications?)\b"
)


def levels_of_the_stub(labels: Sequence[RowLabels | None], stub: str) -> list[RowLabels | None]:
    """Given each row's labels and the label column's header, return them as levels of the variable the header names where it
    names one ("Stage" over "I", "II", "III"; "District" over the districts; "Study" over the trials) and every row is a plain
    label: no group row, no label naming its own statistic or unit. A total row stays its own, so it is never summed with the
    levels; a header naming a statistic ("Measure, % (95% CI)") or no variable ("Characteristic") leaves the rows variables."""
    header = label_to_parts(stub)
    if stub == unnamed_column(0) or not stub.strip() or header.named or header.unit or _GENERIC_STUB.search(stub):
        return list(labels)
    rows = [row for row in labels if row is not None and not OVERALL.match(row.variable.name)]
    if not rows or any(row.level is not None or row.section or row.variable.named or row.variable.unit for row in rows):
        return list(labels)
    return [RowLabels(None, header, row.variable) if row is not None and not OVERALL.match(row.variable.name) else row for row in labels]


def column_groups(rows: Sequence[Sequence[Cell]], groups: list[Group], paths: Sequence[str], legend: Mapping[str, Missing]) -> tuple[list[Group], int]:
    """Given a table's rows, its columns' groups as their headers name them, header paths and missing codes, return the groups
    as the table settles them and how many leading columns are labels: "B" beside "SE" a coefficient, each group's n from a
    row of sizes where its header prints none, a "%" or "SD" column of its own in the group before it."""
    groups = regression_columns(groups, paths)
    stubs = stub_columns(rows, groups, legend)
    sizes = group_sizes(rows, groups, range(stubs, len(groups)))
    sized = [replace(group, n=sizes[index]) if index in sizes and group.n is None else group for index, group in enumerate(groups)]
    return with_parts_grouped(sized, stubs), stubs


def rows_to_labels(rows: Sequence[Sequence[Cell]], labelled: Sequence[Sequence[Cell]], groups: Sequence[Group], stubs: int,
                   stub_header: str) -> list[RowLabels | None]:
    """Given a table's rows (and the same with footnote letters split off their labels), its column groups, its number of label
    columns and the label column's header, return what each row is about (None for a spacer row).

    A last label column naming each row's statistic ("Statistic": "Mean (SD)", "n (%)") labels no level but names the row's
    statistic. One label column: group rows open variables whose levels follow, their counts saying when one is complete;
    several: section, variable and level from the columns.
    """
    value_columns = range(stubs, len(groups))
    named_by_row = statistic_column(rows, stubs)
    labelling = stubs - 1 if named_by_row else stubs
    if labelling == 1:
        # A level's counts are read from the shapes, before the labels that may name their statistic.
        distinct = {text: count_of(text) for text in {row[index].text for row in rows for index in value_columns}}
        counts = [[distinct[row[index].text] for index in value_columns] for row in rows]
        labels = levels_of_the_stub(grouped_labels(labelled, groups, value_columns, counts), stub_header)
    else:
        labels = stubbed_labels(labelled, labelling)
    return with_statistics(labels, named_by_row) if named_by_row else labels


def count_of(text: str) -> int | None:
    """Given a cell's text, return the count it prints first ("30 (62.5)" → 30, "71" → 71), if its shape is a count."""
    shape = shape_of(text)
    if shape is None or not shape.candidates[0].startswith("count"):
        return None
    return shape.summary.count if shape.summary.count is not None else int(shape.summary.value)


def grouped_labels(rows: Sequence[Sequence[Cell]], groups: Sequence[Group], value_columns: Sequence[int], counts: Sequence[Sequence[int | None]]) -> list[RowLabels | None]:
    """Given rows labelled by their first column alone, return each row's labels: a group row opens a variable whose levels follow it.

    Its levels end at a spacer row, the next group row, a row whose label names
    its own statistic or unit, or once they count every group's n; where the
    export keeps indentation, at the first row not indented past the group row.
    A group row right after another makes that one a section ("Goats", then "Sex").
    """
    found: list[RowLabels | None] = []
    open_variable: _Open | None = None
    section: str | None = None
    previous_was_group = False
    indented = any(row[0].indent for row in rows)
    for row, row_counts in zip(rows, counts):
        if is_blank_row(row):
            found.append(None)
            open_variable, previous_was_group = None, False
            continue
        text = row[0].text.strip()
        label = label_to_parts(text) if text else (open_variable.labels.variable if open_variable else Label("", None, ()))
        if is_group_row(row, value_columns, groups):
            if previous_was_group and open_variable:
                section = open_variable.labels.variable.name
            open_variable = _Open(RowLabels(section, label, None), indent=row[0].indent)
            found.append(open_variable.labels)
            previous_was_group = True
            continue
        previous_was_group = False
        if open_variable and text and label.named and is_statistic_only(text):
            # "n", "Mean (SD)", "Median", "Min, Max" under "Age (years)": the variable's statistics a row each, no levels of it.
            variable = open_variable.labels.variable
            found.append(RowLabels(section, Label(variable.name, variable.unit, label.named), None))
            continue
        if indented and open_variable:
            # Where the export keeps indentation, it alone says which rows are levels.
            is_level = bool(text) and row[0].indent > open_variable.indent
        else:
            is_level = bool(open_variable and text and not label.named and not label.unit and not open_variable.complete(groups))
        if is_level:
            labels = RowLabels(section, open_variable.labels.variable, label)
            for index, count in zip(value_columns, row_counts):
                if count is not None:
                    open_variable.counted[index] = open_variable.counted.get(index, 0) + count
        else:
            open_variable = None
            labels = RowLabels(section, label, None)
        found.append(labels)
    return found

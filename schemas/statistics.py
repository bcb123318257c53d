"""The long form of summary tables (characteristics, outcomes, associations): one row per (variable, level, group, statistic)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.values.statistics import STATISTICS


class SummaryStatistics(pa.DataFrameModel):
    """One row per printed summary statistic of a characteristics, outcome or association table, traceable to its cell."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id")
    table_id: Series[pd.StringDtype] = pa.Field(description="Table of the document, e.g. table_1")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Body row of the printed table, from 1")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Document line (or XML source line) the cell is printed on")
    source_column: Series[pd.StringDtype] = pa.Field(description="The cell's column, as named in cell_lineage.column")
    section: Series[pd.StringDtype] = pa.Field(nullable=True, description="The section the variable sits in: a label column or a group row over group rows (e.g. the species)")
    variable: Series[pd.StringDtype] = pa.Field(description="The row's variable, without its statistic and unit phrases")
    level: Series[pd.StringDtype] = pa.Field(nullable=True, description="The level of a categorical variable (a row under its group row), if any")
    group: Series[pd.StringDtype] = pa.Field(nullable=True, description="The column's group (arm, cohort, model); null for a p-value comparing the groups")
    group_n: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="The group's size as its header prints it")
    overall: Series[pd.BooleanDtype] = pa.Field(description="Whether the column is the total / overall column")
    statistic: Series[pd.StringDtype] = pa.Field(nullable=True, isin=list(STATISTICS), description="What the cell prints; null when it fits no shape or contradicts its label (then raw_text holds it)")
    count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="n")
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="N of n/N")
    percent: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Percentage as printed", metadata={"unit": "%"})
    mean: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Mean")
    sd: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Standard deviation")
    se: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Standard error: of the mean (mean_se, 'mean ± SEM') or of an estimate (estimate_se, 'β (SE)')")
    median: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Median")
    lower: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Lower bound: of the IQR, range or confidence interval")
    upper: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Upper bound: of the IQR, range or confidence interval")
    estimate: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="Effect estimate (HR, OR, RR, β, …); for a reference category printed as a word, 1 of a ratio, 0 of a difference (β, B, mean difference)")
    p_value: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0, le=1, description="p-value as printed (see qualifier for '<')")
    value: Series[pd.Float64Dtype] = pa.Field(nullable=True, description="A number no label or header names a statistic for, or a test statistic (t, z, F, χ²; measure says which)")
    qualifier: Series[pd.StringDtype] = pa.Field(nullable=True, description="'<', '>', '≤', '≥' printed before the number, 'P <' (…) before a p-value printed after an estimate's interval in its cell, 'upper bound not reached' for '–NR' ('not estimable' for '–NE'), 'estimate not reached' for 'NR (118.4–NR)' (with '; upper bound not reached'), or 'not significant' for NS")
    measure: Series[pd.StringDtype] = pa.Field(nullable=True, description="Effect measure or the quantity of a sub-column (HR, OR, Seroprevalence)")
    unit: Series[pd.StringDtype] = pa.Field(nullable=True, description="Unit from the row label, e.g. years, kg/m2, ng/mL")
    marker: Series[pd.StringDtype] = pa.Field(nullable=True, description="Footnote or significance marker printed after the value")
    footnote: Series[pd.StringDtype] = pa.Field(nullable=True, description="The marker's footnote text from under the table")
    missing_reason: Series[pd.StringDtype] = pa.Field(nullable=True, description="Why no number: not_reported, not_applicable, not_available, not_specified, not_reached, not_estimable, not_significant, unread_shape, contradicts_label, unplaced_cells (a layout could not place them), unstated_statistic ('0.19 (0.49)' where nothing names a mean or SD), or a legend code's meaning")
    raw_text: Series[pd.StringDtype] = pa.Field(description="The cell as printed")

    class Config:
        unique = ["document", "table_id", "source_row", "source_column"]
        strict = True
        coerce = True
        ordered = True

"""Schemas of Hane et al. 2020: rectal NEN cases (Table 1) and earlier follow-up studies (Table 2)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.checks import AGE, is_list_of_strings


class NenCases(pa.DataFrameModel):
    """One row per case: pathology of the primary rectal NEN and its metachronous recurrence."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id (see raw/manifest.csv)")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based row of the table body")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="First document line holding a cell of the row (PDF text interleaves rows)")
    case_number: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Case number ('No. 1')")
    age_years: Series[pd.Int64Dtype] = pa.Field(**AGE, description="Age at endoscopic resection", metadata={"unit": "years"})
    sex: Series[pd.StringDtype] = pa.Field(isin=["M", "F"], description="Sex: M male, F female")
    tumor_size_mm: Series[pd.Float64Dtype] = pa.Field(gt=0, description="Tumor size", metadata={"unit": "mm"})
    invasion_depth: Series[pd.StringDtype] = pa.Field(isin=["mucosa", "submucosa", "muscularis propria"], description="Depth of invasion")
    resection_margin_positive: Series[pd.BooleanDtype] = pa.Field(description="Resection margin positive")
    lymphovascular_invasion: Series[pd.BooleanDtype] = pa.Field(description="Lymphovascular invasion positive")
    ki67_percent: Series[pd.Float64Dtype] = pa.Field(ge=0, le=100, description="Ki-67 labelling index of the primary", metadata={"unit": "%"})
    ki67_qualifier: Series[pd.StringDtype] = pa.Field(nullable=True, isin=["<", ">", "≤", "≥"], description="'<' when printed as '< 1%', else missing")
    who_grade: Series[pd.StringDtype] = pa.Field(isin=["G1", "G2", "G3"], description="WHO grade printed with the Ki-67")
    recurrence_sites: Series[object] = pa.Field(description="Sites of recurrence, lower case ('Liver and rectum' → ['liver', 'rectum'])")
    recurrence_ki67_percent: Series[pd.Float64Dtype] = pa.Field(ge=0, le=100, description="Ki-67 of the recurrence", metadata={"unit": "%"})
    relapse_free_survival_years: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Years from resection to recurrence", metadata={"unit": "years"})

    @pa.check("recurrence_sites", element_wise=True, error="must be a list of non-empty strings")
    def sites_are_lists(cls, value: object) -> bool:
        return is_list_of_strings(value)

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["document", "case_number"]


class NenFollowupStudies(pa.DataFrameModel):
    """One row per earlier study of follow-up after endoscopic resection of rectal NEN."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id (see raw/manifest.csv)")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based row of the table body")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="First document line holding a cell of the row")
    first_author: Series[pd.StringDtype] = pa.Field(description="First author of the study")
    ref_number: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Reference number in the document's bibliography")
    n_patients: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Number of patients followed")
    median_observation_months: Series[pd.Float64Dtype] = pa.Field(ge=0, description="Median observation period", metadata={"unit": "months"})
    n_recurrences: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Number of recurrences")
    recurrence_percent_reported: Series[pd.Float64Dtype] = pa.Field(ge=0, le=100, description="Recurrence percentage as printed ('0' is 0.0); checked against n_recurrences / n_patients in findings", metadata={"unit": "%"})
    recurrence_site: Series[pd.StringDtype] = pa.Field(nullable=True, isin=["local", "liver"], description="Site of recurrence; missing (not_applicable) without recurrence")
    relapse_free_survival_years: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Years to recurrence; missing (not_applicable) without recurrence", metadata={"unit": "years"})
    recurrent_case_features: Series[pd.StringDtype] = pa.Field(nullable=True, description="Features of the recurrent case as printed; missing (not_applicable) without recurrence")

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["document", "first_author", "ref_number"]

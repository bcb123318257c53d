"""Schemas of Meng et al. 2022, Table 1: anal metastasis cases and their episodes."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.checks import AGE, YEAR, is_list_of_strings

LOCATIONS = ["DC", "SC", "RS", "R"]
PRIMARY_SURGERIES = [
    "APR", "AR", "LAR", "SCR", "DCR", "Hartmann", "Pelvic lymphadenectomy", "SCR + LR", "AR + LR",
]
STAGES = ["A", "B", "C"]
PATHOLOGIES = ["WDA", "MDA"]
METASTASIS_SURGERIES = ["APR", "LR", "SCR + LR", "AR + LR", "none"]
THERAPIES = ["before surgery", "after surgery", "none"]


class AnalMetastasisCases(pa.DataFrameModel):
    """One row per patient: 30 published cases of colorectal cancer metastatic to the anus and the authors' case."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id (see raw/manifest.csv)")
    case_id: Series[pd.StringDtype] = pa.Field(description="Patient id: first author, year and patient number within that author-year; unique within a document")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based row of the table body the patient is read from")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Line of the document where that row starts")
    first_author: Series[pd.StringDtype] = pa.Field(description="First author of the reporting paper (for the index case, of this document)")
    ref_number: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="Reference number in the document's bibliography; missing for the index case")
    publication_year: Series[pd.Int64Dtype] = pa.Field(**YEAR, description="Year the case was published", metadata={"unit": "year"})
    is_index_case: Series[pd.BooleanDtype] = pa.Field(description="True for the authors' own case ('Our case')")
    sex: Series[pd.StringDtype] = pa.Field(isin=["M", "F"], description="Sex: M male, F female")
    age_years: Series[pd.Int64Dtype] = pa.Field(**AGE, description="Age at diagnosis", metadata={"unit": "years"})
    anal_disease_history: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="History of anal disease ('Yes' or 'N yr of AF' true, 'No' false); missing when not specified")
    anal_fistula_years: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, description="Years of anal fistula before diagnosis, from 'N yr of AF'", metadata={"unit": "years"})
    primary_location: Series[pd.StringDtype] = pa.Field(isin=LOCATIONS, description="Location of the primary tumor (legend code: DC descending colon, SC sigmoid colon, RS rectosigmoid junction, R rectum)")
    primary_surgery: Series[pd.StringDtype] = pa.Field(isin=PRIMARY_SURGERIES, description="Surgery of the primary tumor (legend codes; 'A + B' when combined)")
    primary_stage: Series[pd.StringDtype] = pa.Field(nullable=True, isin=STAGES, description="Stage of the primary tumor as printed (A/B/C; the legend does not define them, presumably Dukes)")
    primary_pathology: Series[pd.StringDtype] = pa.Field(nullable=True, isin=PATHOLOGIES, description="Pathology of the primary tumor (WDA/MDA); the undefined code 'W' is missing with reason undefined_code")
    blood_vessel_invasion: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Blood vessel invasion (BVI): '+' true, '-' false (a negative finding), missing when not specified")
    lymph_node_metastasis: Series[pd.BooleanDtype] = pa.Field(nullable=True, description="Lymph node metastasis: '+' true, '-' false, missing when not specified")

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["document", "case_id"]


class AnalMetastasisEpisodes(pa.DataFrameModel):
    """One row per anal metastasis episode; the index case's recurrence is its second episode."""

    document: Series[pd.StringDtype] = pa.Field(description="Source document id (see raw/manifest.csv)")
    case_id: Series[pd.StringDtype] = pa.Field(description="Patient id, references anal_metastasis_cases.case_id")
    episode_number: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1 for the first anal metastasis, 2 for its recurrence")
    source_row: Series[pd.Int64Dtype] = pa.Field(ge=1, description="1-based row of the table body the episode is read from")
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1, description="Line of the document where that row starts")
    symptoms: Series[object] = pa.Field(description="Presenting symptoms, split on commas; empty when asymptomatic")
    asymptomatic: Series[pd.BooleanDtype] = pa.Field(description="True when the symptoms cell reads 'No'")
    synchronous: Series[pd.BooleanDtype] = pa.Field(description="Metastasis found together with the primary tumor")
    months_after_primary_surgery: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0, description="Time from primary surgery to the metastasis (d × 12/365.25, yr × 12); missing when synchronous", metadata={"unit": "months"})
    surgery: Series[pd.StringDtype] = pa.Field(isin=METASTASIS_SURGERIES, description="Surgery of the metastasis (legend codes; 'none' for 'No')")
    pathology: Series[pd.StringDtype] = pa.Field(nullable=True, isin=PATHOLOGIES, description="Pathology of the metastasis (WDA/MDA)")
    perioperative_therapy: Series[pd.StringDtype] = pa.Field(nullable=True, isin=THERAPIES, description="Chemo- or radiotherapy around the metastasis surgery")
    followup_months: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0, description="Follow-up time ('10 yr' × 12)", metadata={"unit": "months"})
    recurrence_or_outcome: Series[pd.StringDtype] = pa.Field(nullable=True, description="Recurrence or outcome after the slash of the follow-up cell; missing when 'NA'")

    @pa.check("symptoms", element_wise=True, error="must be a list of non-empty strings")
    def symptoms_are_lists(cls, value: object) -> bool:
        return is_list_of_strings(value)

    class Config:
        strict = True
        coerce = True
        ordered = True
        unique = ["document", "case_id", "episode_number"]

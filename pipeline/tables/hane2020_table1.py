"""Hane et al. 2020 (Surg Case Rep 6), Table 1: pathology of the three cases and their recurrence."""

from __future__ import annotations

from pipeline import values
from pipeline.layouts.text_stream import StreamColumn
from pipeline.spec import Column, Output, Rows, TableSpec
from schemas.nen import NenCases

DECIMAL = r"\d+(?:\.\d+)?"
CASE, AGE_SEX, SIZE, DEPTH = "Case no.", "Age/sex", "Tumor size (mm)", "Depth"
MARGIN, LVI, KI67, RECURRENCE, RFS = "Margin", "Lymphovascular invasion", "Ki-67", "Recurrence site (Ki67)", "Relapse-free survival (years)"

positive_negative = values.choice({"Positive": True, "Negative": False})


# (Ki-67 percent, its qualifier, WHO grade): "5% (G2)" has no qualifier to report.
ki67_with_grade = values.flat(values.percent_with_grade, absent=values.NOT_APPLICABLE)
# (sites, Ki-67 percent of the recurrence, its qualifier): "Liver and rectum (5%)".
recurrence = values.flat(values.parenthesised(values.joined_list(), values.percent))

SPEC = TableSpec(
    name="hane2020_table1",
    caption=r"Summary of pathological findings of the primary tumor and recurrence",
    headers=(CASE, AGE_SEX, SIZE, DEPTH, MARGIN, LVI, KI67, RECURRENCE, RFS),
    layout_options={
        "columns": (
            StreamColumn(CASE, r"No\.\s?\d+"),
            StreamColumn(AGE_SEX, r"\d{1,3}/\s?(?:male|female)"),
            StreamColumn(SIZE, DECIMAL),
            StreamColumn(DEPTH, r"Mucosa|Submucosa|Muscularis propria"),
            StreamColumn(MARGIN, r"Negative|Positive"),
            StreamColumn(LVI, r"Negative|Positive"),
            StreamColumn(KI67, rf"[<>≤≥]?\s?{DECIMAL}%\s?\(G\d\)"),
            StreamColumn(RECURRENCE, rf"\p{{Lu}}\p{{Ll}}+(?:(?:,\s(?:and\s)?|\sand\s)\p{{Ll}}+)*\s?\({DECIMAL}%\)"),
            StreamColumn(RFS, r"\d+"),
        ),
    },
    rows=Rows(key=CASE, key_parse=values.labelled_integer),
    outputs=(
        Output(
            name="nen_cases",
            grain="unit",
            description="One row per case of rectal NEN with metachronous liver metastasis after endoscopic resection.",
            schema=NenCases,
            columns=(
                Column("document", "@document"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
                Column("case_number", CASE, values.labelled_integer),
                Column("age_years", AGE_SEX, values.age_sex, 0),
                Column("sex", AGE_SEX, values.age_sex, 1),
                Column("tumor_size_mm", SIZE, values.decimal),
                Column("invasion_depth", DEPTH, values.choice({"Mucosa": "mucosa", "Submucosa": "submucosa", "Muscularis propria": "muscularis propria"})),
                Column("resection_margin_positive", MARGIN, positive_negative),
                Column("lymphovascular_invasion", LVI, positive_negative),
                Column("ki67_percent", KI67, ki67_with_grade, 0),
                Column("ki67_qualifier", KI67, ki67_with_grade, 1),
                Column("who_grade", KI67, ki67_with_grade, 2),
                Column("recurrence_sites", RECURRENCE, recurrence, 0),
                Column("recurrence_ki67_percent", RECURRENCE, recurrence, 1),
                Column("relapse_free_survival_years", RFS, values.integer),
            ),
        ),
    ),
)

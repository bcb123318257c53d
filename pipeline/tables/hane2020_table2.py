"""Hane et al. 2020 (Surg Case Rep 6), Table 2: existing reports of follow-up after endoscopic resection."""

from __future__ import annotations

from pipeline import values
from pipeline.headers import unnamed_column
from pipeline.layouts.text_stream import MoveText, StreamColumn
from pipeline.spec import Column, Output, PercentCheck, Rows, TableSpec
from pipeline.values import NOT_APPLICABLE
from schemas.nen import NenFollowupStudies

STUDY = unnamed_column(0)  # the study column has no header text
NUMBER, MEDIAN, RECURRENCE = "Number", "Median observation period (month)", "Recurrence (%)"
SITE, RFS, FEATURES = "Recurrence site", "Relapse-free survival (years)", "Features of recurrent cases"
EN_DASH = "\u2013"


# (count, printed percentage) of "1 (1.4)"; only a bare "0" may leave out its percentage, which is then 0 %.
recurrences = values.either(values.choice({"0": (0, 0.0)}), values.parenthesised(values.integer, values.decimal))

SPEC = TableSpec(
    name="hane2020_table2",
    caption=r"Existing reports describing follow-up after endoscopic resection",
    headers=(NUMBER, MEDIAN, RECURRENCE, SITE, RFS, FEATURES),
    layout_options={
        "columns": (
            StreamColumn("", r"\p{Lu}[\p{L}'\-]+ et al\.\s?\[\d+\]"),
            StreamColumn(NUMBER, r"\d+"),
            StreamColumn(MEDIAN, r"\d+(?:\.\d+)?"),
            StreamColumn(RECURRENCE, r"\d+(?:\s?\(\d+(?:\.\d+)?\))?"),
            StreamColumn(SITE, rf"Local|Liver|{EN_DASH}"),
            StreamColumn(RFS, rf"\d+|{EN_DASH}"),
            StreamColumn(FEATURES, "", free_text=True),
        ),
        "repairs": (
            MoveText(
                text="38",
                after="Kobayashi et al.\n[14]",
                reason="The PDF text extraction pushed the first cell of Kobayashi's row (its number of "
                "patients) to the very end of the document; confirmed by the row's printed 1 (2.6): "
                "1/38 = 2.6 %, while 1/43 would be 2.3 %.",
                id="kobayashi-patients-displaced",
            ),
        ),
    },
    rows=Rows(key=STUDY, key_parse=values.citation),
    missing_codes={EN_DASH: NOT_APPLICABLE},
    outputs=(
        Output(
            name="nen_followup_studies",
            grain="unit",
            description="One row per earlier study of follow-up after endoscopic resection of rectal NEN.",
            schema=NenFollowupStudies,
            checks=(PercentCheck("recurrence-percent", "recurrence_percent_reported", "n_recurrences", "n_patients"),),
            columns=(
                Column("document", "@document"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
                Column("first_author", STUDY, values.citation, "author"),
                Column("ref_number", STUDY, values.citation, "ref_number"),
                Column("n_patients", NUMBER, values.integer),
                Column("median_observation_months", MEDIAN, values.decimal),
                Column("n_recurrences", RECURRENCE, recurrences, 0),
                Column("recurrence_percent_reported", RECURRENCE, recurrences, 1),
                Column("recurrence_site", SITE, values.choice({"Local": "local", "Liver": "liver"})),
                Column("relapse_free_survival_years", RFS, values.integer),
                Column("recurrent_case_features", FEATURES, values.text),
            ),
        ),
    ),
)

"""Meng et al. 2022 (World J Clin Cases 10(3):1122), Table 1.

Summary of published colorectal cancer–derived anal metastasis cases: 30
published patients, the authors' own case ("Our case") and its recurrence.
"""

from __future__ import annotations

from pipeline import values
from pipeline.tables import meng2022_figures
from pipeline.spec import CellRepair, Column, Output, Paper, Rows, TableSpec
from pipeline.values import NOT_APPLICABLE, NOT_REPORTED, Missing
from schemas.anal_metastasis import (
    LOCATIONS,
    METASTASIS_SURGERIES,
    PATHOLOGIES,
    PRIMARY_SURGERIES,
    STAGES,
    AnalMetastasisCases,
    AnalMetastasisEpisodes,
)

# From the legend: "NS: Not specified; ... NA: Not available".
MISSING = {"NS": Missing("not_specified"), "NA": Missing("not_available")}

PRIMARY = "Primary tumor / "
METASTASIS = "Anal metastasis / "
FOLLOW_UP = "Follow-up time (mo) and recurrence"


# (history of anal disease, years of anal fistula): "Yes" does not report the years; after "No" they do not apply.
anal_history = values.either(
    values.choice({"No": (False, NOT_APPLICABLE), "Yes": (True, NOT_REPORTED)}),
    values.tagged(True, values.years_of("AF")),
)
# (asymptomatic, symptoms): "No" means no symptoms at all.
symptoms = values.either(values.choice({"No": (True, [])}), values.tagged(False, values.text_list(",")))
# (synchronous, months after primary surgery): a synchronous metastasis has no interval.
timing = values.either(values.choice({"Synchronous": (True, NOT_APPLICABLE)}), values.tagged(False, values.duration_months()))
# "14/NA": the header says a bare number is months; either side may be a missing code.
follow_up = values.split_pair(
    "/",
    values.or_missing(values.duration_months(default_unit="mo"), MISSING),
    values.or_missing(values.lower_first, MISSING),
)
metastasis_surgery = values.choice({"No": "none"} | {code: code for code in METASTASIS_SURGERIES if code != "none"})

SPEC = TableSpec(
    name="meng2022_table1",
    caption=r"Summary of published colorectal cancer.derived anal metastasis cases",
    paper=Paper("Meng", 2022),
    headers=("Ref.", "Sex", "Age", "Anal disease history", "Primary tumor", "BVI", "Lymph nodes", "Anal metastasis", FOLLOW_UP),
    rows=Rows(
        key="Ref.",
        key_parse=values.citation,
        continuation=True,
        repeat_marker=r"^Recurrence$",
        self_marker=r"^Our case$",
        id_parts=("author", "year"),
    ),
    missing_codes=MISSING,
    cell_repairs=(
        CellRepair(
            id="killingback-missing-space",
            source="Ref.",
            find="Killingbacket al",
            replace="Killingback et al",
            reason="The export fused the author name and 'et al' ('Killingbacket al[24], 1965'); "
            "every other reference separates them, and ref. 24 is Killingback's.",
        ),
    ),
    outputs=(
        Output(
            name="anal_metastasis_cases",
            grain="unit",
            description="One row per patient (30 published cases and the authors' own case).",
            schema=AnalMetastasisCases,
            figures=(meng2022_figures.age_histogram,),
            columns=(
                Column("document", "@document"),
                Column("case_id", "@unit_id"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
                Column("first_author", "Ref.", values.citation, "author"),
                Column("ref_number", "Ref.", values.citation, "ref_number"),
                Column("publication_year", "Ref.", values.citation, "year"),
                Column("is_index_case", "@is_self"),
                Column("sex", "Sex", values.code({"M": "Male", "F": "Female"})),
                Column("age_years", "Age", values.integer),
                Column("anal_disease_history", "Anal disease history", anal_history, 0),
                Column("anal_fistula_years", "Anal disease history", anal_history, 1),
                Column("primary_location", PRIMARY + "Location", values.code(dict.fromkeys(LOCATIONS))),
                Column("primary_surgery", PRIMARY + "Surgery", values.choice({s: s for s in PRIMARY_SURGERIES}, case_sensitive=True)),
                Column("primary_stage", PRIMARY + "Stage", values.code(dict.fromkeys(STAGES))),
                Column(
                    "primary_pathology",
                    PRIMARY + "Pathology",
                    values.code(dict.fromkeys(PATHOLOGIES)),
                    # "W" is not in the legend; WDA is likely but unconfirmed, so it stays missing.
                    missing={"W": Missing("undefined_code")},
                ),
                Column("blood_vessel_invasion", "BVI", values.plus_minus),
                Column("lymph_node_metastasis", "Lymph nodes", values.plus_minus),
            ),
        ),
        Output(
            name="anal_metastasis_episodes",
            grain="observation",
            description="One row per anal metastasis episode; the 'Recurrence' row is the index case's second episode.",
            schema=AnalMetastasisEpisodes,
            references={"anal_metastasis_cases": ("document", "case_id")},
            figures=(meng2022_figures.interval_plot, meng2022_figures.swimmer_plot),
            columns=(
                Column("document", "@document"),
                Column("case_id", "@unit_id"),
                Column("episode_number", "@observation_number"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
                Column("symptoms", METASTASIS + "Symptoms", symptoms, 1),
                Column("asymptomatic", METASTASIS + "Symptoms", symptoms, 0),
                Column("synchronous", METASTASIS + "Time after primary surgery", timing, 0),
                Column("months_after_primary_surgery", METASTASIS + "Time after primary surgery", timing, 1),
                Column("surgery", METASTASIS + "Surgery", metastasis_surgery),
                Column("pathology", METASTASIS + "Pathology", values.code(dict.fromkeys(PATHOLOGIES))),
                Column(
                    "perioperative_therapy",
                    METASTASIS + "Chemo or radiotherapy",
                    values.choice({"Before surgery": "before surgery", "After surgery": "after surgery", "No": "none"}),
                ),
                Column("followup_months", FOLLOW_UP, follow_up, 0),
                Column("recurrence_or_outcome", FOLLOW_UP, follow_up, 1),
            ),
        ),
    ),
)

"""Issue 8: a drafted spec, edited only in names and semantic choices, reproduces the curated outputs.

Each seed table's spec is drafted by the real drafting code, then changed by
its declared edits alone: each replaces one exact piece of the draft's text
and says why. The edits rename, choose parsers and combinators from
``pipeline.values`` with literal arguments, set row rules, declare the
document's repair, add a consistency check, point at the curated schemas and
split the columns over outputs; none writes code. Parsed and normalized as the
pipeline does, the edited draft must give the curated spec's outputs exactly,
and its lineage and findings too (figures are report matter, not outputs, and
are left out). The drafted Hane specs declare no stream columns, so their
tables are read by the inferred-stream reader, not the curated patterns.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

import pandas as pd
import pytest

from pipeline import config
from pipeline.stages import shell, validate
from pipeline.layouts.inferred_stream import DISPLACED_REASON, DISPLACED_REPAIR
from pipeline.tables import hane2020_table1, hane2020_table2, meng2022_table1
from tests.conftest import load_spec_file, normalize_with


class Edit(NamedTuple):
    """One change a person makes to the drafted text: ``find`` occurs exactly once and becomes ``replace``."""

    find: str
    replace: str
    reason: str


def declared(name: str, parser: str) -> Edit:
    """Given a name and a library parser expression, return the edit declaring it just above the spec."""
    return Edit("SPEC = TableSpec(", f"{name} = {parser}\n\nSPEC = TableSpec(", f"two columns read {name} from one cell, so it is declared once")


COLUMN = "\n                "  # between two Columns of an output
EDITS = (
    Edit(
        "from pipeline.spec import Column, Output, Rows, TableSpec\nfrom pipeline.values import Missing\n",
        "from pipeline.spec import CellRepair, Column, Output, Rows, TableSpec\n"
        "from pipeline.values import NOT_APPLICABLE, NOT_REPORTED, Missing\n"
        "from schemas.anal_metastasis import AnalMetastasisCases, AnalMetastasisEpisodes\n",
        "import the repair, the missing reasons and the curated schemas the choices below name",
    ),
    Edit("key_parse=values.text,", "key_parse=values.citation,", "as the TODO says, every key cell but a misprint and two markers is a citation"),
    Edit("repeat_marker=None,", 'repeat_marker=r"^Recurrence$",', "'Recurrence' is the index case's second episode, not another patient"),
    Edit("self_marker=None,", 'self_marker=r"^Our case$",', "'Our case' is the authors' own patient, cited from the manifest"),
    Edit("id_parts=(),", 'id_parts=("author", "year"),', "a patient is named by the citation's author and year, numbered within it"),
    Edit(
        "cell_repairs=(),",
        'cell_repairs=(CellRepair(id="killingback-missing-space", source="Ref.", find="Killingbacket al", replace="Killingback et al", '
        "reason=\"The export fused the author name and 'et al' ('Killingbacket al[24], 1965'); every other reference separates them, "
        "and ref. 24 is Killingback's.\"),),",
        "the export fused Killingback's name with 'et al', the one key cell left that is not a citation",
    ),
    declared(
        "anal_history",
        'values.either(values.choice({"No": (False, NOT_APPLICABLE), "Yes": (True, NOT_REPORTED)}), values.tagged(True, values.years_of("AF")))',
    ),
    declared("symptoms", 'values.either(values.choice({"No": (True, [])}), values.tagged(False, values.text_list(",")))'),
    declared("timing", 'values.either(values.choice({"Synchronous": (True, NOT_APPLICABLE)}), values.tagged(False, values.duration_months()))'),
    declared(
        "follow_up",
        'values.split_pair("/", values.or_missing(values.duration_months(default_unit="mo"), {"NS": Missing("not_specified"), "NA": Missing("not_available")}), '
        'values.or_missing(values.lower_first, {"NS": Missing("not_specified"), "NA": Missing("not_available")}))',
    ),
    Edit("            name='meng2022_table1',", '            name="anal_metastasis_cases",', "the output is named by what a row is, a case"),
    Edit(
        "description='Summary of published colorectal cancer–derived anal metastasis cases',  # TODO: \"One row per ...\"",
        "description=\"One row per patient (30 published cases and the authors' own case).\",",
        "say what one row is",
    ),
    Edit("schema=Meng2022Table1,", "schema=AnalMetastasisCases,", "validate with the curated schema of cases"),
    Edit(
        "Column('ref', 'Ref.', values.text),",
        COLUMN.join(
            (
                'Column("case_id", "@unit_id"),',
                'Column("first_author", "Ref.", values.citation, "author"),',
                'Column("ref_number", "Ref.", values.citation, "ref_number"),',
                'Column("publication_year", "Ref.", values.citation, "year"),',
                'Column("is_index_case", "@is_self"),',
            )
        ),
        "the key cell is a citation: take its parts, the unit it names and whether it is the authors' own case",
    ),
    Edit("Column('age', ", "Column('age_years', ", "name the unit"),
    Edit(
        "Column('anal_disease_history', 'Anal disease history', values.text),",
        "Column('anal_disease_history', 'Anal disease history', anal_history, 0),"
        f"{COLUMN}Column('anal_fistula_years', 'Anal disease history', anal_history, 1),",
        "'8 yr of AF' holds two facts: a history, and its years",
    ),
    Edit("Column('primary_tumor__location', ", "Column('primary_location', ", "shorter name"),
    Edit(
        "Column('primary_tumor__surgery', 'Primary tumor / Surgery', values.text),",
        "Column('primary_surgery', 'Primary tumor / Surgery', values.choice({'APR': 'APR', 'AR': 'AR', 'LAR': 'LAR', 'SCR': 'SCR', 'DCR': 'DCR', "
        "'Hartmann': 'Hartmann', 'Pelvic lymphadenectomy': 'Pelvic lymphadenectomy', 'SCR + LR': 'SCR + LR', 'AR + LR': 'AR + LR'}, case_sensitive=True)),",
        "the surgeries printed, as printed; anything else is an error",
    ),
    Edit(
        "Column('primary_tumor__stage', 'Primary tumor / Stage', values.text),",
        "Column('primary_stage', 'Primary tumor / Stage', values.code({'A': 'stage A', 'B': 'stage B', 'C': 'stage C'})),",
        "stages are codes the legend does not define",
    ),
    Edit(
        "Column('primary_tumor__pathology', 'Primary tumor / Pathology', values.text),",
        "Column('primary_pathology', 'Primary tumor / Pathology', values.code({'WDA': 'Well differentiated adenocarcinoma', "
        "'MDA': 'Moderately differentiated adenocarcinoma'}), missing={'W': Missing('undefined_code')}),",
        "pathology is a legend code; the one 'W' is undefined, so it is missing rather than guessed as WDA",
    ),
    Edit("Column('bvi', ", "Column('blood_vessel_invasion', ", "spell the abbreviation out"),
    Edit("Column('lymph_nodes', ", "Column('lymph_node_metastasis', ", "say what the +/- is about"),
    Edit(
        "                Column('anal_metastasis__symptoms', ",
        """            ),
        ),
        Output(
            name="anal_metastasis_episodes",
            grain="observation",
            description="One row per anal metastasis episode; the 'Recurrence' row is the index case's second episode.",
            schema=AnalMetastasisEpisodes,
            references={"anal_metastasis_cases": ("document", "case_id")},
            columns=(
                Column("document", "@document"),
                Column("case_id", "@unit_id"),
                Column("episode_number", "@observation_number"),
                Column("source_row", "@source_row"),
                Column("source_line", "@source_line"),
                Column('anal_metastasis__symptoms', """,
        "the metastasis and follow-up columns describe each episode, the recurrence row included: an observation-grain output",
    ),
    Edit(
        "Column('anal_metastasis__symptoms', 'Anal metastasis / Symptoms', values.text),",
        "Column('symptoms', 'Anal metastasis / Symptoms', symptoms, 1),"
        f"{COLUMN}Column('asymptomatic', 'Anal metastasis / Symptoms', symptoms, 0),",
        "'No' means no symptoms; otherwise the cell lists them",
    ),
    Edit(
        "Column('anal_metastasis__time_after_primary_surgery', 'Anal metastasis / Time after primary surgery', values.text),",
        "Column('synchronous', 'Anal metastasis / Time after primary surgery', timing, 0),"
        f"{COLUMN}Column('months_after_primary_surgery', 'Anal metastasis / Time after primary surgery', timing, 1),",
        "'Synchronous' or a duration: a flag, and months when there is an interval",
    ),
    Edit(
        "Column('anal_metastasis__surgery', 'Anal metastasis / Surgery', values.text),",
        "Column('surgery', 'Anal metastasis / Surgery', values.choice({'No': 'none', 'APR': 'APR', 'LR': 'LR', 'SCR + LR': 'SCR + LR', 'AR + LR': 'AR + LR'})),",
        "'No' surgery is the value none, the rest are legend codes",
    ),
    Edit("Column('anal_metastasis__pathology', ", "Column('pathology', ", "the episode output already says anal metastasis"),
    Edit(
        "Column('anal_metastasis__chemo_or_radiotherapy', 'Anal metastasis / Chemo or radiotherapy', values.text),",
        "Column('perioperative_therapy', 'Anal metastasis / Chemo or radiotherapy', "
        "values.choice({'Before surgery': 'before surgery', 'After surgery': 'after surgery', 'No': 'none'})),",
        "when the therapy was given, or none",
    ),
    Edit(
        "Column('follow_up_time_mo_and_recurrence', 'Follow-up time (mo) and recurrence', values.text),",
        "Column('followup_months', 'Follow-up time (mo) and recurrence', follow_up, 0),"
        f"{COLUMN}Column('recurrence_or_outcome', 'Follow-up time (mo) and recurrence', follow_up, 1),",
        "'14/NA' is follow-up months, then the recurrence or outcome",
    ),
)
HANE_CASES_EDITS = (
    Edit("from pipeline.values import Missing\n", "from pipeline.values import Missing\nfrom schemas.nen import NenCases\n", "import the curated schema"),
    declared("positive_negative", 'values.choice({"Positive": True, "Negative": False})'),
    declared("ki67_with_grade", "values.flat(values.percent_with_grade, absent=values.NOT_APPLICABLE)"),
    declared("recurrence", "values.flat(values.parenthesised(values.joined_list(), values.percent))"),
    Edit("            name='hane2020_table1',", '            name="nen_cases",', "the output is named by what a row is, a case"),
    Edit(
        "description='Summary of pathological findings of the primary tumor and recurrence',  # TODO: \"One row per ...\"",
        'description="One row per case of rectal NEN with metachronous liver metastasis after endoscopic resection.",',
        "say what one row is",
    ),
    Edit("schema=Hane2020Table1,", "schema=NenCases,", "validate with the curated schema of cases"),
    Edit("Column('case_no', ", "Column('case_number', ", "spell the name out"),
    Edit("Column('age_sex__age', ", "Column('age_years', ", "name the unit"),
    Edit("Column('age_sex__sex', ", "Column('sex', ", "one fact, one name"),
    Edit("'Tumor size (mm)', values.integer)", "'Tumor size (mm)', values.decimal)", "a size may have decimals even if these three do not"),
    Edit(
        "Column('depth', 'Depth', values.text),",
        "Column('invasion_depth', 'Depth', values.choice({'Mucosa': 'mucosa', 'Submucosa': 'submucosa', 'Muscularis propria': 'muscularis propria'})),",
        "the depth is one of three layers",
    ),
    Edit("Column('margin', 'Margin', values.text),", "Column('resection_margin_positive', 'Margin', positive_negative),", "a margin is positive or not"),
    Edit(
        "Column('lymphovascular_invasion', 'Lymphovascular invasion', values.text),",
        "Column('lymphovascular_invasion', 'Lymphovascular invasion', positive_negative),",
        "invasion is positive or not",
    ),
    Edit("Column('ki_67__percent', 'Ki-67', values.flat(values.percent_with_grade), 0),", "Column('ki67_percent', 'Ki-67', ki67_with_grade, 0),", "shorter name"),
    Edit(
        "Column('ki_67__qualifier', 'Ki-67', values.flat(values.percent_with_grade), 1),",
        "Column('ki67_qualifier', 'Ki-67', ki67_with_grade, 1),",
        "a percentage without '<' has no qualifier to report: not applicable rather than blank",
    ),
    Edit("Column('ki_67__grade', 'Ki-67', values.flat(values.percent_with_grade), 2),", "Column('who_grade', 'Ki-67', ki67_with_grade, 2),", "G1/G2 is the WHO grade"),
    Edit(
        "Column('recurrence_site_ki67__label', 'Recurrence site (Ki67)', values.flat(values.parenthesised(values.text, values.percent)), 0),",
        "Column('recurrence_sites', 'Recurrence site (Ki67)', recurrence, 0),",
        "'Liver and rectum' is a list of sites",
    ),
    Edit(
        "Column('recurrence_site_ki67__percent', 'Recurrence site (Ki67)', values.flat(values.parenthesised(values.text, values.percent)), 1),",
        "Column('recurrence_ki67_percent', 'Recurrence site (Ki67)', recurrence, 1),",
        "the percentage is the recurrence's Ki-67",
    ),
    Edit(
        "\n                Column('recurrence_site_ki67__qualifier', 'Recurrence site (Ki67)', values.flat(values.parenthesised(values.text, values.percent)), 2),",
        "",
        "no recurrence Ki-67 carries a qualifier: the column says nothing",
    ),
)
HANE_STUDIES_EDITS = (
    Edit(
        "from pipeline.spec import Column, Output, Rows, TableSpec\n",
        "from pipeline.spec import Column, Output, PercentCheck, Rows, TableSpec\n",
        "import the percentage check chosen below",
    ),
    Edit("from pipeline.values import Missing\n", "from pipeline.values import Missing\nfrom schemas.nen import NenFollowupStudies\n", "import the curated schema"),
    declared("recurrences", 'values.either(values.choice({"0": (0, 0.0)}), values.parenthesised(values.integer, values.decimal))'),
    Edit("            name='hane2020_table2',", '            name="nen_followup_studies",', "the output is named by what a row is, a study"),
    Edit(
        "description='Existing reports describing follow-up after endoscopic resection',  # TODO: \"One row per ...\"",
        'description="One row per earlier study of follow-up after endoscopic resection of rectal NEN.",',
        "say what one row is",
    ),
    Edit(
        "schema=Hane2020Table2,",
        'schema=NenFollowupStudies,\n            checks=(PercentCheck("recurrence-percent", "recurrence_percent_reported", "n_recurrences", "n_patients"),),',
        "validate with the curated schema; check each printed percentage against its count and patients",
    ),
    Edit("Column('column_1__author', ", "Column('first_author', ", "the study column has no header: name its parts"),
    Edit("Column('column_1__ref_number', ", "Column('ref_number', ", "the study column has no header: name its parts"),
    Edit("\n                Column('column_1__year', '(column 1)', values.citation, 'year'),", "", "these citations print no year"),
    Edit("Column('number', ", "Column('n_patients', ", "say what is counted"),
    Edit(
        "Column('median_observation_period_month', 'Median observation period (month)', values.integer),",
        "Column('median_observation_months', 'Median observation period (month)', values.decimal),",
        "a median may be a half month, as the Discussion's 67.5 shows",
    ),
    Edit("Column('recurrence__count', 'Recurrence (%)', values.count_percent, 0),", "Column('n_recurrences', 'Recurrence (%)', recurrences, 0),", "name the count"),
    Edit(
        "Column('recurrence__percent', 'Recurrence (%)', values.count_percent, 1),",
        "Column('recurrence_percent_reported', 'Recurrence (%)', recurrences, 1),",
        "a bare 0 is 0 %, not a missing percentage",
    ),
    Edit(
        "Column('recurrence_site', 'Recurrence site', values.text),",
        "Column('recurrence_site', 'Recurrence site', values.choice({'Local': 'local', 'Liver': 'liver'})),",
        "a recurrence is local or in the liver",
    ),
    Edit("Column('features_of_recurrent_cases', ", "Column('recurrent_case_features', ", "shorter name"),
)
# Per drafted table: its edits, the curated spec it must match, and the curated schema module it may import.
DRAFTS = {
    ("meng2022", 1): (EDITS, meng2022_table1.SPEC, "schemas.anal_metastasis"),
    ("hane2020", 1): (HANE_CASES_EDITS, hane2020_table1.SPEC, "schemas.nen"),
    ("hane2020", 2): (HANE_STUDIES_EDITS, hane2020_table2.SPEC, "schemas.nen"),
}
# The drafted code a person keeps, besides values and the spec format: no module of their own.
ALLOWED_IMPORTS = {"__future__", "pandas", "pandera.pandas", "pandera.typing", "pipeline", "pipeline.spec", "pipeline.values"}


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    """Given drafted text and edits, return the text with each applied in turn; each must match exactly once."""
    for edit in edits:
        count = text.count(edit.find)
        assert count == 1, f"edit ({edit.reason}) expects {edit.find!r} once in the draft, found it {count} times"
        text = text.replace(edit.find, edit.replace)
    return text


@pytest.fixture(scope="module", params=list(DRAFTS), ids=lambda key: f"{key[0]}-table{key[1]}")
def draft(request) -> tuple[str, int]:
    return request.param


@pytest.fixture(scope="module")
def edited_source(draft) -> str:
    return apply_edits(shell.draft_table(config.RAW_DIR, *draft), DRAFTS[draft][0])


@pytest.fixture(scope="module")
def edited_spec(draft, edited_source, tmp_path_factory):
    path = tmp_path_factory.mktemp("drafts") / f"{draft[0]}_table{draft[1]}_edited.py"
    path.write_text(edited_source, encoding="utf-8")
    return load_spec_file(path)


def test_the_edited_draft_defines_no_functions(edited_source):
    tree = ast.parse(edited_source)
    code = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    assert not code, [ast.unparse(node) for node in code]


def test_the_edited_draft_imports_only_the_spec_format_the_library_and_the_curated_schemas(draft, edited_source):
    tree = ast.parse(edited_source)
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    allowed = ALLOWED_IMPORTS | {DRAFTS[draft][2]}
    assert imported <= allowed, imported - allowed


def test_every_edit_says_why():
    assert all(edit.reason and "\n" not in edit.reason for edits, _, _ in DRAFTS.values() for edit in edits)


def test_an_edit_that_no_longer_matches_the_draft_fails_loudly():
    with pytest.raises(AssertionError, match="expects 'values.text' once in the draft, found it 2 times"):
        apply_edits("values.text values.text", (Edit("values.text", "values.integer", "sharper parser"),))


def test_the_edited_draft_reproduces_the_curated_outputs_lineage_and_findings(draft, edited_spec):
    curated_spec = DRAFTS[draft][1]
    got_outputs, got_lineage, got_findings = normalize_with(edited_spec, draft[0])
    curated_outputs, curated_lineage, curated_findings = normalize_with(curated_spec, draft[0])
    assert set(got_outputs) == set(curated_outputs) == {output.name for output in curated_spec.outputs}
    for name, curated in curated_outputs.items():
        pd.testing.assert_frame_equal(got_outputs[name], curated, obj=name)
    if curated_spec.layout_options.get("repairs"):
        # The curated spec names its declared move; the draft's inferred reading makes the same move and says so generically.
        repaired = got_findings["kind"] == "repair_applied"
        assert set(got_lineage["repair"].dropna()) == {DISPLACED_REPAIR}
        assert list(got_findings.loc[repaired, "detail"]) == [f"{DISPLACED_REPAIR}: {DISPLACED_REASON}"]
        got_lineage = got_lineage.assign(repair=curated_lineage["repair"])
        got_findings.loc[repaired, "detail"] = curated_findings.loc[repaired, "detail"]
    pd.testing.assert_frame_equal(got_lineage, curated_lineage, obj="lineage")
    pd.testing.assert_frame_equal(got_findings, curated_findings, obj="findings")
    assert not validate.validate(got_outputs, edited_spec.outputs).failures

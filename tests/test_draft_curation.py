"""Issue 8: a drafted spec, edited only in names and semantic choices, reproduces the curated outputs.

The Meng table's spec is drafted by the real drafting code, then changed by
the declared ``EDITS`` alone: each replaces one exact piece of the draft's
text and says why. The edits rename, choose parsers and combinators from
``pipeline.values`` with literal arguments, set row rules, declare the
document's repair, point at the curated schemas and split the columns over
two outputs; none writes code. Parsed and normalized as the pipeline does,
the edited draft must give the curated spec's outputs, lineage and findings
exactly (figures are report matter, not outputs, and are left out).
"""

from __future__ import annotations

import ast
from typing import NamedTuple

import pandas as pd
import pytest

from pipeline import config, stages, validate
from pipeline.tables import meng2022_table1
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
# The drafted code a person keeps, besides values and the spec format: no module of their own.
ALLOWED_IMPORTS = {"__future__", "pandas", "pandera.pandas", "pandera.typing", "pipeline", "pipeline.spec", "pipeline.values", "schemas.anal_metastasis"}


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    """Given drafted text and edits, return the text with each applied in turn; each must match exactly once."""
    for edit in edits:
        count = text.count(edit.find)
        assert count == 1, f"edit ({edit.reason}) expects {edit.find!r} once in the draft, found it {count} times"
        text = text.replace(edit.find, edit.replace)
    return text


@pytest.fixture(scope="module")
def edited_source() -> str:
    return apply_edits(stages.draft_table(config.RAW_DIR, "meng2022", 1), EDITS)


@pytest.fixture(scope="module")
def edited_spec(edited_source, tmp_path_factory):
    path = tmp_path_factory.mktemp("drafts") / "meng2022_table1_edited.py"
    path.write_text(edited_source, encoding="utf-8")
    return load_spec_file(path)


def test_the_edited_draft_defines_no_functions(edited_source):
    tree = ast.parse(edited_source)
    code = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    assert not code, [ast.unparse(node) for node in code]


def test_the_edited_draft_imports_only_the_spec_format_the_library_and_the_curated_schemas(edited_source):
    tree = ast.parse(edited_source)
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert imported <= ALLOWED_IMPORTS, imported - ALLOWED_IMPORTS


def test_every_edit_says_why():
    assert all(edit.reason and "\n" not in edit.reason for edit in EDITS)


def test_an_edit_that_no_longer_matches_the_draft_fails_loudly():
    with pytest.raises(AssertionError, match="expects 'values.text' once in the draft, found it 2 times"):
        apply_edits("values.text values.text", (Edit("values.text", "values.integer", "sharper parser"),))


def test_the_edited_draft_reproduces_the_curated_outputs_lineage_and_findings(edited_spec):
    got_outputs, got_lineage, got_findings = normalize_with(edited_spec, "meng2022")
    curated_outputs, curated_lineage, curated_findings = normalize_with(meng2022_table1.SPEC, "meng2022")
    assert set(got_outputs) == set(curated_outputs) == {"anal_metastasis_cases", "anal_metastasis_episodes"}
    for name, curated in curated_outputs.items():
        pd.testing.assert_frame_equal(got_outputs[name], curated, obj=name)
    pd.testing.assert_frame_equal(got_lineage, curated_lineage, obj="lineage")
    pd.testing.assert_frame_equal(got_findings, curated_findings, obj="findings")
    assert not validate.validate(got_outputs, edited_spec.outputs).failures

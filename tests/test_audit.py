"""The claims audit: each seed claim's computation on a small hand-made table, and the audit's rules."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import config
from pipeline.stages import audit
from pipeline.stages.audit import Claim, ClaimError, Count, CountDistinct, Maximum, Mean, Minimum, Rows
from pipeline.claims import load_claims
from pipeline.claims import meng2022

REFERENCES = {"anal_metastasis_episodes": {"anal_metastasis_cases": ("document", "case_id")}}


@pytest.fixture
def tiny_tables() -> dict[str, pd.DataFrame]:
    """Four published cases and the authors' own, each with one episode (the own case with two)."""
    cases = pd.DataFrame(
        {
            "document": ["d"] * 5,
            "case_id": ["a-1", "a-2", "b-1", "c-1", "own-1"],
            "ref_number": pd.array([1, 1, 2, 3, None], dtype="Int64"),
            "is_index_case": [False, False, False, False, True],
            "sex": ["M", "F", "M", "M", "M"],
            "age_years": pd.array([50, 60, 70, 61, 80], dtype="Int64"),
            "anal_disease_history": pd.array([True, None, False, True, False], dtype="boolean"),
            "primary_location": ["SC", "DC", "RS", "R", "SC"],
            "primary_surgery": ["APR", "AR", None, "SCR", "SCR"],
        }
    )
    episodes = pd.DataFrame(
        {
            "document": ["d"] * 6,
            "case_id": ["a-1", "a-2", "b-1", "c-1", "own-1", "own-1"],
            "episode_number": pd.array([1, 1, 1, 1, 1, 2], dtype="Int64"),
            "synchronous": [True, False, False, True, False, False],
            "months_after_primary_surgery": pd.array([None, 21 * 12 / 365.25, 17.0, None, 12.0, 120.0], dtype="Float64"),
            "surgery": ["APR", "LR", "none", "AR + LR", "LR", "LR"],
            "perioperative_therapy": ["before surgery", None, "none", "after surgery", "after surgery", "none"],
            "followup_months": pd.array([10.0, None, 20.0, 31.0, 120.0, 5.0], dtype="Float64"),
            "recurrence_or_outcome": [None, "death due to x", None, None, "recurrence", "death due to MLD"],
        }
    )
    return {"anal_metastasis_cases": cases, "anal_metastasis_episodes": episodes}


MENG = {claim.id: claim for claim in meng2022.CLAIMS}

# What each seed claim's computation must give on the tiny tables above (worked by hand).
EXPECTED_ON_TINY = {
    "papers": 3, "cases": 4, "female": 1, "mean_age": (50 + 60 + 70 + 61) / 4, "anal_disease_history": 2,
    "location_colon": 2, "location_junction": 1, "location_rectum": 1, "radical_resection": 3,
    "synchronous": 2, "metachronous": 2, "metachronous_interval": (21 * 12 / 365.25 + 17) / 2,
    "metastasis_apr": 1, "metastasis_local_resection": 2, "metastasis_no_surgery": 1,
    "perioperative_therapy": 2, "mean_followup": (10 + 20 + 31) / 3, "deaths": 1, "death_followup": None,
}


def test_every_seed_claim_has_a_hand_worked_expectation():
    assert set(EXPECTED_ON_TINY) == set(MENG)


@pytest.mark.parametrize("claim_id", sorted(EXPECTED_ON_TINY))
def test_seed_claim_computation_on_a_tiny_table(claim_id, tiny_tables):
    computed = audit.compute(MENG[claim_id].computation, tiny_tables, REFERENCES)
    expected = EXPECTED_ON_TINY[claim_id]
    assert computed == (None if expected is None else pytest.approx(expected))


def test_percentages_are_of_the_published_cases(tiny_tables):
    claim = MENG["synchronous"]
    assert audit.compute(claim.percent_of, tiny_tables, REFERENCES) == 4


TEXT = "Among the 30 patients, there was only one\nfemale, and the mean age was 60.2 yr."


def claim(quote: str = "there was only one female", reported: str = "1", **overrides) -> Claim:
    computation = overrides.pop("computation", Count(Rows("anal_metastasis_cases", (("is_index_case", "==", False), ("sex", "==", "F")))))
    return Claim("c", "d", quote, reported, computation, **overrides)


def test_quote_may_cross_a_line_break(tiny_tables):
    record = audit.check_claim(claim(), TEXT, tiny_tables, REFERENCES)
    assert record["status"] == "match" and record["line"] == 1


def test_altered_quote_is_an_error(tiny_tables):
    with pytest.raises(ClaimError, match="quote not found"):
        audit.check_claim(claim(quote="there was only one woman"), TEXT, tiny_tables, REFERENCES)


def test_wrong_reported_value_is_a_mismatch(tiny_tables):
    record = audit.check_claim(claim(reported="2"), TEXT, tiny_tables, REFERENCES)
    assert record["status"] == "mismatch" and record["difference"] == -1.0


def test_match_is_at_the_printed_precision(tiny_tables):
    mean_age = Mean(Rows("anal_metastasis_cases", (("is_index_case", "==", False),)), "age_years")  # 60.25
    assert audit.check_claim(claim("the mean age was 60.2 yr", "60.3", computation=mean_age), TEXT, tiny_tables, REFERENCES)["status"] == "match"
    assert audit.check_claim(claim("the mean age was 60.2 yr", "60.2", computation=mean_age), TEXT, tiny_tables, REFERENCES)["status"] == "mismatch"
    assert audit.check_claim(claim("the mean age was 60.2 yr", "60", computation=mean_age), TEXT, tiny_tables, REFERENCES)["status"] == "match"


def test_wrong_percentage_alone_is_a_mismatch(tiny_tables):
    record = audit.check_claim(
        claim(reported_percent="30", percent_of=Count(Rows("anal_metastasis_cases", (("is_index_case", "==", False),)))),
        TEXT, tiny_tables, REFERENCES,
    )
    assert record["computed_percent"] == 25.0 and record["status"] == "mismatch"


def test_nothing_to_aggregate_is_unverifiable(tiny_tables):
    empty = Mean(Rows("anal_metastasis_cases", (("sex", "==", "X"),)), "age_years")
    assert audit.check_claim(claim(computation=empty), TEXT, tiny_tables, REFERENCES)["status"] == "unverifiable"


def test_unknown_column_is_an_error(tiny_tables):
    with pytest.raises(ClaimError, match="'weight'"):
        audit.compute(Mean(Rows("anal_metastasis_cases"), "weight"), tiny_tables, REFERENCES)


def test_unknown_operator_is_rejected_when_declared():
    with pytest.raises(ValueError, match="unknown operator"):
        Rows("t", (("x", "eval", "1"),))


def test_min_max_and_distinct(tiny_tables):
    rows = Rows("anal_metastasis_cases")
    assert audit.compute(Minimum(rows, "age_years"), tiny_tables, REFERENCES) == 50
    assert audit.compute(Maximum(rows, "age_years"), tiny_tables, REFERENCES) == 80
    assert audit.compute(CountDistinct(rows, "ref_number"), tiny_tables, REFERENCES) == 3


def test_shipped_audit_covers_the_discussion(shipped_outputs):
    claims = pd.read_parquet(shipped_outputs / "claims.parquet")
    meng = claims[claims["document"] == "meng2022"].set_index("claim_id")
    assert len(meng) >= 15
    assert meng.loc["mean_age", "status"] == "match"
    assert set(meng.index[meng["status"] == "mismatch"]) == {
        "location_colon", "location_rectum", "metachronous_interval", "metastasis_local_resection"
    }
    assert meng["note"].notna().sum() >= 4


def test_claim_ids_are_unique():
    claims = load_claims()
    assert len({(c.document, c.id) for c in claims}) == len(claims)


@pytest.mark.parametrize(("function", "column"), [("median", "age_years"), ("count", "age_years"), ("mean", None)])
def test_malformed_aggregates_are_rejected_when_declared(function, column):
    with pytest.raises(ValueError):
        audit.Aggregate(function, Rows("t"), column)


def test_claims_count_only_their_own_documents_rows(shipped_outputs):
    """A second review in the dataset (a copy under another id) must not change the first one's claims."""
    tables = {
        name: pd.read_parquet(shipped_outputs / f"{name}.parquet")
        for name in ("anal_metastasis_cases", "anal_metastasis_episodes", "nen_cases", "nen_followup_studies")
    }
    doubled = {name: pd.concat([frame, frame.assign(document="copy")], ignore_index=True) for name, frame in tables.items()}
    references = {"anal_metastasis_episodes": {"anal_metastasis_cases": ("document", "case_id")}}
    texts = {"meng2022": (config.RAW_DIR / "000_513c70c52d57c45f.txt").read_text(encoding="utf-8")}
    alone, _ = audit.audit(load_claims(), texts, tables, references)
    beside, errors = audit.audit(load_claims(), texts, doubled, references)
    assert not errors and len(alone) == 19
    pd.testing.assert_frame_equal(beside, alone)

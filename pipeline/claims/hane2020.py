"""Hane et al. 2020: the abstract's and Discussion's statements about Tables 1 and 2, and the case descriptions that restate Table 1."""

from __future__ import annotations

from pipeline.stages.audit import Claim, Count, Maximum, Mean, Minimum, Rows

DOCUMENT = "hane2020"
CASES = "nen_cases"
ALL_CASES = Rows(CASES)
STUDIES = "nen_followup_studies"


def study(author: str) -> Rows:
    """Given a first author of Table 2, return that study's row."""
    return Rows(STUDIES, (("first_author", "==", author),))


def case(number: int, *where) -> Rows:
    """Given a case number and conditions, return that case if it meets them."""
    return Rows(CASES, (("case_number", "==", number), *where))


def described(claim_id: str, quote: str, reported: str, number: int, column: str) -> Claim:
    """Given a case description's number, return the claim that Table 1 prints the same value."""
    return Claim(claim_id, DOCUMENT, quote, reported, Mean(case(number), column), note=f"Case {number} description vs Table 1.")


def described_fact(claim_id: str, quote: str, number: int, *where) -> Claim:
    """Given a case description's categorical fact, return the claim that Table 1 agrees (one matching case)."""
    return Claim(claim_id, DOCUMENT, quote, "1", Count(case(number, *where)), note=f"Case {number} description vs Table 1.")


CLAIMS = (
    Claim("lymphovascular_invasion_cases", DOCUMENT, "lymphovascular invasion in only one case", "1",
          Count(Rows(CASES, (("lymphovascular_invasion", "==", True),)))),
    Claim("followup_years_min", DOCUMENT, "after 9–13 years of follow-up", "9", Minimum(ALL_CASES, "relapse_free_survival_years")),
    Claim("followup_years_max", DOCUMENT, "after 9–13 years of follow-up", "13", Maximum(ALL_CASES, "relapse_free_survival_years")),
    Claim("tumor_size_min", DOCUMENT, "tumor size was 10–13 mm", "10", Minimum(ALL_CASES, "tumor_size_mm")),
    Claim("tumor_size_max", DOCUMENT, "tumor size was 10–13 mm", "13", Maximum(ALL_CASES, "tumor_size_mm")),
    described("case1_age", "A 55-year-old woman underwent EMR", "55", 1, "age_years"),
    described_fact("case1_sex", "A 55-year-old woman underwent EMR", 1, ("sex", "==", "F")),
    described("case1_tumor_size", "tumor size 13 mm", "13", 1, "tumor_size_mm"),
    described_fact("case1_no_lvi", "tumor size 13 mm, no muscular invasion (submucosa), negative resection margins, no lymphovascular invasion", 1,
                   ("lymphovascular_invasion", "==", False)),
    described("case1_ki67", "no lymphovascular invasion, and Ki-67 < 1%", "1", 1, "ki67_percent"),
    described("case1_recurrence_years", "At 10 years after EMR", "10", 1, "relapse_free_survival_years"),
    described("case2_age", "A 59-year-old woman underwent EMR", "59", 2, "age_years"),
    described_fact("case2_sex", "A 59-year-old woman underwent EMR", 2, ("sex", "==", "F")),
    described("case2_tumor_size", "tumor size 10 mm", "10", 2, "tumor_size_mm"),
    described_fact("case2_no_lvi", "negative resection margin, no lymphovascular invasion, and Ki-67 = 5%", 2,
                   ("lymphovascular_invasion", "==", False)),
    described("case2_ki67", "Ki-67 = 5%", "5", 2, "ki67_percent"),
    described("case2_recurrence_years", "performed 9 years after EMR", "9", 2, "relapse_free_survival_years"),
    described("case3_age", "A 54-year-old man underwent EMR", "54", 3, "age_years"),
    described_fact("case3_sex", "A 54-year-old man underwent EMR", 3, ("sex", "==", "M")),
    described("case3_tumor_size", "tumor size 12 mm", "12", 3, "tumor_size_mm"),
    described_fact("case3_vascular_invasion", "positive vascular invasion", 3, ("lymphovascular_invasion", "==", True)),
    described("case3_ki67", "Ki-67 = 1.7%", "1.7", 3, "ki67_percent"),
    described("case3_recurrence_years", "13 years after the EMR", "13", 3, "relapse_free_survival_years"),
    Claim("shigeta_patients", DOCUMENT, "recurrence in only 1 (4%) of\n24 patients", "24", Mean(study("Shigeta"), "n_patients"),
          note="The Discussion gives Shigeta's 24 patients (1 recurrence, 4%); Table 2 prints 74 patients and 1 (1.4). "
          "The prose may mean the high-risk subgroup with local resection; the paper does not say."),
    Claim("shigeta_median_observation", DOCUMENT, "24 patients (median observation period, 55 months)", "55",
          Mean(study("Shigeta"), "median_observation_months"),
          note="The Discussion gives 55 months for Shigeta; Table 2 prints 31. Same caveat as shigeta_patients."),
    Claim("sekiguchi_median_observation", DOCUMENT, "median observation time, 67.5 months", "67.5",
          Mean(study("Sekiguchi"), "median_observation_months"),
          note="The Discussion gives 67.5 months for Sekiguchi; Table 2 prints 67, apparently truncated."),
)

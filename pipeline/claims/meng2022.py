"""Meng et al. 2022: the Discussion's summary of Table 1 ("We further reviewed previous publications …")."""

from __future__ import annotations

from pipeline.stages.audit import Claim, Count, CountDistinct, Mean, Rows

DOCUMENT = "meng2022"
CASES = "anal_metastasis_cases"
EPISODES = "anal_metastasis_episodes"
PUBLISHED = ("is_index_case", "==", False)
FIRST_EPISODE = ("episode_number", "==", 1)


def published_cases(*where) -> Rows:
    """Given conditions, return the published cases (not the authors' own) that meet them."""
    return Rows(CASES, (PUBLISHED, *where))


def published_first_episodes(*where) -> Rows:
    """Given conditions, return the first anal metastasis of each published case that meets them."""
    return Rows(EPISODES, (PUBLISHED, FIRST_EPISODE, *where), join=CASES)


ALL_PUBLISHED = Count(published_cases())


def share(claim_id: str, quote: str, reported: str, percent: str, rows: Rows, note: str = "") -> Claim:
    """Given a count with its printed percentage of the 30 published cases, return the claim."""
    return Claim(claim_id, DOCUMENT, quote, reported, Count(rows), percent, ALL_PUBLISHED, note)


CLAIMS = (
    Claim("papers", DOCUMENT, "We retrieved 25 papers from PubMed", "25", CountDistinct(published_cases(), "ref_number")),
    Claim("cases", DOCUMENT, "describing a total of 30 cases of colorectal cancer metastasis to the anus (Table 1)", "30", ALL_PUBLISHED),
    Claim("female", DOCUMENT, "there was only one female", "1", Count(published_cases(("sex", "==", "F")))),
    Claim("mean_age", DOCUMENT, "the mean patient age was 60.2 yr", "60.2", Mean(published_cases(), "age_years")),
    share(
        "anal_disease_history", "Seventeen patients (56.7%) had a history of anal disease", "17", "56.7",
        published_cases(("anal_disease_history", "==", True)),
        note="4 cases whose history is NS count as without a history in the denominator of 30.",
    ),
    share(
        "location_colon", "13 tumors (43.3%) were located in the colon", "13", "43.3",
        published_cases(("primary_location", "in", ("SC", "DC"))),
        note="'Colon' read as the legend's colon codes below the junction: SC (sigmoid) and DC (descending); "
        "the table has 10 SC and 2 DC. No reading of the codes gives 13 together with 5 in the rectum.",
    ),
    share("location_junction", "12 tumors (40%) were at the junction of the rectum and sigmoid colon", "12", "40",
          published_cases(("primary_location", "==", "RS"))),
    share(
        "location_rectum", "the remaining 5 tumors (16.7%) were in the rectum", "5", "16.7",
        published_cases(("primary_location", "==", "R")),
        note="The table codes 6 published primaries R (Norgren, Wind, Shinohara, Ishiyama, Takahashi's third case, Hakoda).",
    ),
    Claim("radical_resection", DOCUMENT, "All 30 patients underwent radical primary tumor resection", "30",
          Count(published_cases(("primary_surgery", "is not missing", None))),
          note="Counts cases with a primary surgery recorded; the table does not say whether each was radical."),
    share("synchronous", "16 cases (53.3%) had synchronous metastases", "16", "53.3",
          published_first_episodes(("synchronous", "==", True))),
    share("metachronous", "the rest 14 cases (46.7%) had metachronous metastases", "14", "46.7",
          published_first_episodes(("synchronous", "==", False))),
    Claim(
        "metachronous_interval", DOCUMENT, "at approximately 8.5 mo post-surgery", "8.5",
        Mean(published_first_episodes(("synchronous", "==", False)), "months_after_primary_surgery"),
        note="With 21 d and 20 d converted at 365.25/12 d per month the mean is 8.60 mo; counting those two "
        "intervals as 0 mo gives 8.50, which reproduces the printed figure.",
    ),
    share("metastasis_apr", "13 patients (43.3%) received APR surgery", "13", "43.3",
          published_first_episodes(("surgery", "==", "APR"))),
    share(
        "metastasis_local_resection", "15 patients (50%) underwent additional local lesion resection", "15", "50",
        published_first_episodes(("surgery", "in", ("LR", "SCR + LR", "AR + LR"))),
        note="11 LR, 2 AR + LR and 1 SCR + LR among the published cases make 14; including the authors' own "
        "case (LR) gives 15, but the percentage is of the 30 published cases.",
    ),
    share("metastasis_no_surgery", "3 patients (10%) did not undergo surgery", "3", "10",
          published_first_episodes(("surgery", "==", "none"))),
    Claim("perioperative_therapy", DOCUMENT, "only 11 patients received radiotherapy and chemotherapy during the perioperative period", "11",
          Count(published_first_episodes(("perioperative_therapy", "in", ("before surgery", "after surgery"))))),
    Claim(
        "mean_followup", DOCUMENT, "The average follow-up time for patients was 29.9 mo", "29.9",
        Mean(published_first_episodes(), "followup_months"),
        note="Mean over the 20 published cases with a follow-up time; 10 are NS or NA.",
    ),
    Claim("deaths", DOCUMENT, "Only one patient died", "1",
          Count(published_first_episodes(("recurrence_or_outcome", "starts with", "death")))),
    Claim("death_followup", DOCUMENT, "died 10 mo after surgery from extensive peritoneal metastasis", "10",
          Mean(published_first_episodes(("recurrence_or_outcome", "starts with", "death")), "followup_months")),
)

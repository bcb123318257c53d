"""Figures of Meng et al. 2022's Table 1 in the HTML report, declared by its spec (``Output.figures``).

They know the review's columns (age at diagnosis, synchronous or months after
primary surgery, the follow-up cell with its outcome text), so they live with
the table's spec; the report stage only lays out whatever figures a spec
declares, with the drawing helpers of ``pipeline.report``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from pipeline.report.figures import Plot, new_figure, svg_of
from pipeline.report.html import esc, is_missing, missing_labels, number_text, table_html, value_html

# Outcome words of the follow-up cells, most severe first: a death "due to metastasis" is a death.
OUTCOME_CATEGORIES = (
    ("death", ("died", "death", "dead")),
    ("recurrence or metastasis", ("recurrence", "relapse", "metastasis", "metastases")),
)
OUTCOME_STYLE = {
    "death": ("#b2182b", "X"),
    "recurrence or metastasis": ("#e08214", "D"),
    "other outcome": ("#2166ac", "o"),
    "outcome missing": ("#9e9e9e", None),
}


def outcome_category(text: object) -> str:
    """Given a recurrence-or-outcome text, return its category: death, recurrence or metastasis, other outcome, outcome missing."""
    if is_missing(text):
        return "outcome missing"
    words = str(text).casefold()
    for category, keywords in OUTCOME_CATEGORIES:
        if any(re.search(rf"\b{keyword}\b", words) for keyword in keywords):
            return category
    return "other outcome"


def age_histogram(cases: pd.DataFrame, lineage: pd.DataFrame) -> Plot | None:
    """Given the anal metastasis cases, return the histogram of their age, in 5-year bins."""
    if "age_years" not in cases:
        return None
    ages = pd.to_numeric(cases["age_years"], errors="coerce").dropna().astype(float)
    if ages.empty:
        return None
    figure = new_figure(7, 3.4)
    axes = figure.add_subplot()
    low, high = 5 * np.floor(ages.min() / 5), 5 * np.ceil((ages.max() + 1) / 5)
    axes.hist(ages, bins=np.arange(low, high + 1, 5), color="#4c78a8", edgecolor="white")
    if "is_index_case" in cases:
        for age in ages[cases.loc[ages.index, "is_index_case"].fillna(False).astype(bool)]:
            axes.axvline(age, color="#b2182b", linestyle="--", linewidth=1)
            axes.annotate("index case", (age, axes.get_ylim()[1] * 0.92), xytext=(4, 0), textcoords="offset points", color="#b2182b", fontsize=8)
    axes.set_xlabel("age at diagnosis (years)")
    axes.set_ylabel("cases")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    unknown = len(cases) - len(ages)
    caption = (
        f"Age at diagnosis of the {len(ages)} cases with an age (5-year bins; median {number_text(ages.median())}, "
        f"range {number_text(ages.min())}–{number_text(ages.max())} years)"
        + (f"; {unknown} without an age are not drawn" if unknown else "")
        + ". The dashed line is the authors' own case."
    )
    return Plot("figure-age", svg_of(figure, "plot-age", "Histogram of age at diagnosis"), esc(caption))


def interval_plot(episodes: pd.DataFrame, lineage: pd.DataFrame) -> Plot | None:
    """Given the anal metastasis episodes, return the interval from primary surgery to each metastasis, synchronous apart at 0."""
    if not {"synchronous", "months_after_primary_surgery"} <= set(episodes.columns):
        return None
    synchronous = episodes["synchronous"].fillna(False).astype(bool).to_numpy()
    months = pd.to_numeric(episodes["months_after_primary_surgery"], errors="coerce").astype(float).to_numpy()
    repeat = (episodes["episode_number"].fillna(1).astype(int) > 1).to_numpy() if "episode_number" in episodes else np.zeros(len(episodes), bool)
    metachronous = ~synchronous & ~np.isnan(months)
    figure = new_figure(7.5, 3.2)
    axes = figure.add_subplot()
    # A fixed generator: the jitter only separates equal values and must be the same on every run.
    jitter = np.random.default_rng(0).uniform(-0.18, 0.18, len(episodes))
    first = metachronous & ~repeat
    if first.any():
        axes.boxplot(months[first], positions=[0], orientation="horizontal", widths=0.5, showfliers=False,
                     medianprops={"color": "#1b1b1b"}, boxprops={"color": "#777"}, whiskerprops={"color": "#777"}, capprops={"color": "#777"})
    axes.scatter(months[first], jitter[first], color="#4c78a8", zorder=3, label="metachronous (first episode)")
    if (metachronous & repeat).any():
        axes.scatter(months[metachronous & repeat], jitter[metachronous & repeat], marker="^", s=60, color="#e08214", zorder=3, label="recurrence (later episode)")
        for value, offset, case in zip(months[metachronous & repeat], jitter[metachronous & repeat], episodes["case_id"].to_numpy()[metachronous & repeat]):
            axes.annotate(f"{case}, later episode", (value, offset), xytext=(-6, 8), textcoords="offset points", ha="right", fontsize=8, color="#e08214")
    axes.scatter(np.zeros(int(synchronous.sum())), 1 + jitter[synchronous], facecolors="none", edgecolors="#b2182b", zorder=3, label="synchronous (drawn at 0)")
    axes.annotate(f"synchronous: found with the primary,\nno interval ({int(synchronous.sum())} episodes, drawn at 0)", (0, 1), xytext=(18, -4),
                  textcoords="offset points", va="center", fontsize=8, color="#b2182b")
    axes.set_yticks([0, 1], [f"metachronous\n(n = {int(metachronous.sum())})", f"synchronous\n(n = {int(synchronous.sum())})"])
    axes.set_ylim(-0.6, 1.6)
    axes.set_xlim(left=-4)
    axes.set_xlabel("months from primary surgery to anal metastasis")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    untimed = int((~synchronous & np.isnan(months)).sum())
    first_months = months[first]
    caption = (
        f"Interval from surgery of the primary tumor to the anal metastasis. {int(first.sum())} metachronous first episodes: median "
        + (f"{number_text(np.median(first_months))}, range {number_text(first_months.min())}–{number_text(first_months.max())} months" if first.any() else "–")
        + " (box: quartiles, whiskers 1.5 IQR). Synchronous metastases have no interval (months_after_primary_surgery is missing, "
        "reason not_applicable) and are drawn apart at 0; a later episode (the index case's recurrence) is marked separately. "
        "Points are spread vertically only to separate equal values."
        + (f" {untimed} metachronous episodes without an interval are not drawn." if untimed else "")
    )
    return Plot("figure-interval", svg_of(figure, "plot-interval", "Months from primary surgery to anal metastasis, synchronous apart"), esc(caption))


MAX_SWIMMER_EPISODES = 60


def swimmer_plot(episodes: pd.DataFrame, lineage: pd.DataFrame) -> Plot | None:
    """Given the anal metastasis episodes, return one bar per episode as long as its follow-up, coloured by outcome.

    An episode without a follow-up time gets no bar but its missing reason, so
    it cannot be read as a follow-up of 0.
    """
    if not {"followup_months", "recurrence_or_outcome", "case_id"} <= set(episodes.columns):
        return None
    frame = episodes.reset_index(drop=True).copy()
    frame["followup"] = pd.to_numeric(frame["followup_months"], errors="coerce").astype(float)
    frame["category"] = [outcome_category(text) for text in frame["recurrence_or_outcome"]]
    labels = missing_labels(lineage)
    printed = {
        (str(row.document), int(row.source_row)): str(row.raw_text)
        for row in lineage[lineage["column"] == "followup_months"].itertuples(index=False)
    }
    frame["printed"] = [printed.get((str(document), int(row)), "") for document, row in zip(frame["document"], frame["source_row"])]
    frame["followup_missing"] = [
        labels.get((str(document), int(row), "followup_months"), ("missing", ""))[0]
        for document, row in zip(frame["document"], frame["source_row"])
    ]
    # Longest follow-up on top, episodes without one below, each group in table order.
    frame["order"] = range(len(frame))
    frame = frame.sort_values(["followup", "order"], ascending=[False, True], na_position="last").reset_index(drop=True)
    episodes_in_all = len(frame)
    # A bar per episode stops being readable (and the page small) past a few dozen: a corpus shows its longest.
    frame = frame.head(MAX_SWIMMER_EPISODES)
    figure = new_figure(8, 0.24 * len(frame) + 1.4)
    axes = figure.add_subplot()
    titles = {}
    longest = float(np.nanmax(frame["followup"])) if frame["followup"].notna().any() else 12.0
    for position, row in frame.iterrows():
        colour, marker = OUTCOME_STYLE[row["category"]]
        episode = f"{row['case_id']}, episode {row.get('episode_number', 1)}"
        outcome = "outcome missing" if is_missing(row["recurrence_or_outcome"]) else row["recurrence_or_outcome"]
        if pd.isna(row["followup"]):
            text = axes.text(0.5, position, f"no follow-up time ({row['followup_missing']})", va="center", fontsize=7, color="#767676", style="italic")
            text.set_gid(f"episode-{position}")
            titles[f"episode-{position}"] = f"{episode}: follow-up time {row['followup_missing']}; printed cell: {row['printed']}"
            continue
        bar = axes.barh(position, row["followup"], color=colour, height=0.65)[0]
        bar.set_gid(f"episode-{position}")
        titles[f"episode-{position}"] = f"{episode}: {number_text(row['followup'])} months, {outcome}; printed cell: {row['printed']}"
        if marker:
            axes.scatter([row["followup"]], [position], marker=marker, color=colour, edgecolors="#1b1b1b", linewidths=0.5, s=36, zorder=3)
    axes.set_yticks(range(len(frame)), [f"{case} #{number}" if number > 1 else str(case) for case, number in zip(frame["case_id"], frame.get("episode_number", pd.Series([1] * len(frame))))], fontsize=7)
    axes.set_ylim(len(frame) - 0.5, -0.5)
    axes.set_xlim(0, longest * 1.05)
    axes.set_xlabel("follow-up (months)")
    axes.spines[["top", "right"]].set_visible(False)
    counts = frame["category"].value_counts()
    handles = [
        Line2D([], [], color=colour, marker=marker or "s", linestyle="none", markeredgecolor="#1b1b1b" if marker else colour, markersize=7,
               label=f"{category} ({int(counts.get(category, 0))})")
        for category, (colour, marker) in OUTCOME_STYLE.items()
        if counts.get(category, 0)
    ]
    axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=True, title="outcome", title_fontsize=8)
    with_time = int(frame["followup"].notna().sum())
    shown = f"the {len(frame)} longest of {episodes_in_all}" if episodes_in_all > len(frame) else f"each of the {len(frame)}"
    caption = (
        f"Follow-up of {shown} episodes ({with_time} shown with a follow-up time), from the cell "
        "'Follow-up time (mo) and recurrence'. The outcome category is derived from the text after the slash: "
        "'death' when it says died/death, 'recurrence or metastasis' when it says recurrence or metastasis, "
        "'outcome missing' when the paper prints NA or NS. Hover a bar for the printed cell. "
        "Episodes without a follow-up time have no bar and show why."
    )
    listed = frame[frame["category"] != "outcome missing"]
    if len(listed):
        caption += table_html(
            ("episode", "follow-up (months)", "outcome as extracted", "category", "printed cell"),
            (
                (esc(f"{row.case_id} #{getattr(row, 'episode_number', 1)}"), value_html(row.followup), esc(row.recurrence_or_outcome), esc(row.category), f"<code>{esc(row.printed)}</code>")
                for row in listed.itertuples(index=False)
            ),
            numeric=(1,),
        )
    return Plot("figure-swimmer", svg_of(figure, "plot-swimmer", "Follow-up of each episode, coloured by outcome", titles), caption)

"""Summary-statistic value shapes: each printed shape, the statistic labels name, and round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.values import numbers
from pipeline.kinds.checks import level_findings
from pipeline.kinds.summary import read_cell
from pipeline.values.statistic_names import statistic_named
from pipeline.values.statistics import read_measured, read_shape, resolve, shape_of, split_marker


@pytest.mark.parametrize(
    ("text", "value"),
    [("335 924", 335924), ("22,447", 22447), ("22\u2009447", 22447), ("22\u202f447", 22447), ("0·43", 0.43), ("\u22121.2", -1.2), (".039", 0.039),
     ("2.3E-05", 2.3e-05), ("1.2 × 10\u22125", 1.2e-05), ("3 x 10^-8", 3e-08), ("1.2×10⁻⁵", 1.2e-05), ("\u2212 0.8", -0.8)],
)
def test_numbers_read_grouped_thousands_mid_dots_and_unicode_minus(text, value):
    assert numbers.to_float(text) == value


@pytest.mark.parametrize("text", ["479,409 436,637", "1 234,567", "12,345\u2009678"])
def test_a_number_groups_its_thousands_with_one_kind_of_separator(text):
    assert not numbers.is_number(text)


def test_two_grouped_numbers_a_line_apart_are_no_one_value():
    assert shape_of("479,409 436,637") is None


def test_digits_of_several_cells_run_together_are_no_count():
    with pytest.raises(ValueError, match="too large"):
        numbers.to_count("932 " * 7 + "932")


@pytest.mark.parametrize(
    ("text", "statistic", "fields"),
    [
        ("30 (62.5)", "count_percent", {"count": 30, "percent": 62.5}),
        ("12 (34.5%)", "count_percent", {"count": 12, "percent": 34.5}),
        ("34.5% (12)", "count_percent", {"count": 12, "percent": 34.5}),  # the share first, marked by its sign
        ("2219 45%", "count_percent", {"count": 2219, "percent": 45.0}),
        ("12/48 (25.0)", "count_denominator_percent", {"count": 12, "denominator": 48, "percent": 25.0}),
        ("45%", "percent", {"percent": 45.0}),
        ("<1%", "percent", {"percent": 1.0, "qualifier": "<"}),
        ("57.4 (8.0)", "mean_sd", {"mean": 57.4, "sd": 8.0}),
        ("57.4 ± 8.0", "mean_sd", {"mean": 57.4, "sd": 8.0}),
        ("18 [12–30]", "median_spread", {"median": 18.0, "lower": 12.0, "upper": 30.0}),
        ("HR 0.71 [0.55, 0.92]", "estimate_ci", {"estimate": 0.71, "lower": 0.55, "upper": 0.92, "measure": "HR"}),
        ("[10.0,16.8]", "interval", {"lower": 10.0, "upper": 16.8}),
        ("0.98 to 1.54", "interval", {"lower": 0.98, "upper": 1.54}),
        ("<0.001", "p_value", {"p_value": 0.001, "qualifier": "<"}),
        ("P = .039", "p_value", {"p_value": 0.039}),
        ("1.00 (ref)", "reference", {"estimate": 1.0}),
        ("Reference", "reference", {"estimate": 1.0}),
        ("22 447", "count", {"count": 22447}),
        ("65.1 (55.7\u201073.7)", "median_spread", {"median": 65.1, "lower": 55.7, "upper": 73.7}),  # a Unicode hyphen between the bounds
        ("5 (<1%)", "count_percent", {"count": 5, "percent": 1.0, "qualifier": "<"}),
        ("1 (<0.1)", "count_percent", {"count": 1, "percent": 0.1, "qualifier": "<"}),
        ("30 (62.5), n=48", "count_denominator_percent", {"count": 30, "denominator": 48, "percent": 62.5}),
        ("\u20133.4", "value", {"value": -3.4}),  # an en dash set as the minus sign
        ("10.3 (6.7\u2013NR)", "median_spread", {"median": 10.3, "lower": 6.7, "upper": None, "qualifier": "upper bound not reached"}),
        ("4.1 (2.9\u2013NE)", "median_spread", {"median": 4.1, "lower": 2.9, "upper": None, "qualifier": "upper bound not estimable"}),
        # A median not reached whose interval's lower bound was: no point, its bound kept.
        ("NR (118.4\u2013NR)", "median_spread", {"median": None, "estimate": None, "lower": 118.4, "upper": None,
                                              "qualifier": "estimate not reached; upper bound not reached"}),
        ("NR (14.1\u201322.0)", "median_spread", {"median": None, "lower": 14.1, "upper": 22.0, "qualifier": "estimate not reached"}),
        ("0.63 (0.47, 0.83), P = 0.0012", "estimate_ci", {"estimate": 0.63, "lower": 0.47, "upper": 0.83, "p_value": 0.0012, "qualifier": None}),
        ("0.49 (0.38, 0.62), P < 0.0001", "estimate_ci", {"estimate": 0.49, "p_value": 0.0001, "qualifier": "P <"}),
        ("HR 1.02 (0.66\u20131.59); p = 0.929", "estimate_ci", {"estimate": 1.02, "measure": "HR", "p_value": 0.929}),
        ("p for trend = 0.976", "p_value", {"p_value": 0.976}),
        ("P interaction < 0.05", "p_value", {"p_value": 0.05, "qualifier": "<"}),
        ("Reference group", "reference", {"estimate": 1.0}),
        ("0.71 (95% CI, 0.55\u20130.92)", "estimate_ci", {"estimate": 0.71, "lower": 0.55, "upper": 0.92}),
        ("0.71 [95% CI: 0.55, 0.92]", "estimate_ci", {"estimate": 0.71, "lower": 0.55, "upper": 0.92}),
        ("12 of 40 (30%)", "count_denominator_percent", {"count": 12, "denominator": 40, "percent": 30.0}),
        ("3 (IQR 2\u20135)", "median_iqr", {"median": 3.0, "lower": 2.0, "upper": 5.0}),
        ("45.2 (SD 12.1)", "mean_sd", {"mean": 45.2, "sd": 12.1}),
        ("30 (SD: 4)", "mean_sd", {"mean": 30.0, "sd": 4.0}),  # a whole mean is no count where the cell names its SD
        ("46 (range, 18\u201380)", "median_range", {"median": 46.0, "lower": 18.0, "upper": 80.0}),
        ("45.2% (40.1\u201350.3)", "estimate_ci", {"estimate": 45.2, "lower": 40.1, "upper": 50.3, "unit": "%"}),
        ("82.5% [79.5\u201385.4%]", "estimate_ci", {"estimate": 82.5, "lower": 79.5, "upper": 85.4, "unit": "%"}),  # the bounds signed too
        ("12.0% (10.1-14.2%)", "estimate_ci", {"estimate": 12.0, "lower": 10.1, "upper": 14.2, "unit": "%"}),
        ("50.4% (1073/2130)", "count_denominator_percent", {"count": 1073, "denominator": 2130, "percent": 50.4}),  # the share first
    ],
)
def test_each_shape_reads_its_numbers(text, statistic, fields):
    summary = resolve(read_shape(text), ())
    assert summary.statistic == statistic
    for name, expected in fields.items():
        assert getattr(summary, name) == expected, name


@pytest.mark.parametrize(
    ("text", "named", "statistic"),
    [
        ("30 (62.5)", ("mean_sd",), "mean_sd"),  # the label says mean (SD): 30 is a mean
        ("1.23 (0.98–1.54)", ("estimate_ci",), "estimate_ci"),
        ("24.1 (22.0–27.3)", ("median_iqr",), "median_iqr"),
        ("3.2 (0.5–48.0)", ("median_range",), "median_range"),
        ("12/100 (12.0)", ("count_percent",), "count_denominator_percent"),
        ("0.04", ("p_value",), "p_value"),
        ("62.5", ("percent", "count_percent"), "percent"),
        ("30 (62.5)", ("count",), "count_percent"),  # a shape printing more than the count named still is that count
        ("(50.7, 66.3)", ("median_iqr", "median"), "interval"),  # a median's interval printed in a column of its own
        ("0.98–1.54", ("estimate_ci",), "interval"),
        ("18 (4) n = 187", ("mean_sd",), "mean_sd"),
        ("45.2% (40.1\u201350.3)", ("percent", "count_percent"), "estimate_ci"),  # a share printed with its interval under "%"
        ("<5", ("count_percent", "percent", "count"), "count"),  # a count suppressed below a threshold, its qualifier kept
        ("<5", (), "value"),
        ("97.4 [95.9, 98.7]", ("percent", "count_percent"), None),  # no share sign: a spread, which the label's "%" does not name
        ("62.5 (30)", ("percent_count", "percent"), "count_percent"),  # "% (n)": the share first, its count after it
        ("5.8 (103)", ("percent_denominator", "percent"), "percent_denominator"),  # "% (total number, n)": the share of 103
        ("62.5 (30.5)", ("percent_count", "percent"), None),  # no whole number after the share: no count
        ("0.50 (0.39, 0.63)", ("interval",), "estimate_ci"),  # "PFS (95% CI, months)": the interval printed with its estimate
        ("12.4 ± 1.8", ("mean_se", "mean", "se", "mean_sd"), "mean_se"),  # "Values are mean ± SEM": a standard error is no SD
        ("14 (58.3)", ("count_percent", "mean_se", "mean", "se"), "count_percent"),
        ("−1.21 (0.40)", ("estimate_se", "estimate", "se"), "estimate_se"),  # "β (SE)"
        ("30 (4)", ("estimate_se", "estimate", "se"), "estimate_se"),  # a whole coefficient is no count where its SE is named
        ("0.311", ("se",), "se"),
        ("−1.46", ("test_statistic",), "test_statistic"),
        ("−1.21 (0.40)", ("count_percent",), None),
    ],
)
def test_the_statistic_named_for_a_cell_settles_its_shape(text, named, statistic):
    assert getattr(resolve(read_shape(text), named), "statistic", None) == statistic


def test_the_n_printed_after_a_statistic_is_its_denominator():
    summary = resolve(read_shape("18 (4) n = 187"), ("mean_sd",))
    assert (summary.mean, summary.sd, summary.denominator) == (18.0, 4.0, 187)


def test_a_shape_contradicting_its_label_resolves_to_nothing():
    assert resolve(read_shape("57.4 ± 8.0"), ("count_percent", "percent", "count")) is None
    assert resolve(read_shape("2.5 (1.0–4.0)"), ("count_percent",)) is None


def test_an_estimate_with_its_interval_in_an_association_table():
    assert resolve(read_shape("1.23 (0.98–1.54)"), (), association=True).statistic == "estimate_ci"


def test_a_cell_printing_its_p_value_is_one_whatever_its_column_names():
    assert resolve(read_shape("p for trend = 0.387"), ("estimate_ci", "interval")).statistic == "p_value"


# A p-value follows only an estimate with its interval, and only one in [0, 1] ("p = 0943" is a misprint, kept as text).
@pytest.mark.parametrize("text", ["abc", "2.5 (x)", "", "12 mo", "30 (62.5", "12 (5), p = 0.03", "1.02 (0.65–1.59), p = 0943",
                                  "10.3 (6.7–NR), P = 0.02"])
def test_a_cell_that_fits_no_shape_is_an_error(text):
    with pytest.raises(ValueError, match="not a summary statistic"):
        read_shape(text)


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("Age, yr, mean ± SD", "mean_sd"), ("Mean (s.d.) age at recruitment (years)", "mean_sd"), ("Male sex, n (%)", "count_percent"),
        ("Menopausal status (%)", "percent"), ("HR (95% CI)", "estimate_ci"), ("P value", "p_value"), ("Median (IQR)", "median_iqr"),
        ("median (range)", "median_range"), ("95% C.I.", "interval"), ("n", "count"), ("Age, years", None),
        ("Events, No.", "count"), ("Rate per 1000 person-years (95% CI)", "estimate_ci"), ("HR per SD increase (95%CI)", "estimate_ci"),
        ("90% Cl", "interval"), ("Cox regression (HR, 95% CI)", "estimate_ci"), ("aOR 95% CI", "estimate_ci"), ("Pa", "p_value"), ("P valueb", "p_value"), ("P for interaction", "p_value"), ("P-heterogeneity", "p_value"), ("Pt", None), ("Group", None),
        ("Plus–minus values are means ±SD", "mean_sd"), ("Values are medians (IQR)", "median_spread"),
        ("% (n)", "percent_count"), ("Prevalence, % (total number of respondents, n)", "percent_denominator"),
        ("Mean farm prevalence [90% range]", "estimate_ci"), ("HR (pemetrexed versus placebo)", "estimate_ci"), ("Adjusted OR, per 10 years", "estimate_ci"),
        ("ORR", None),
        ("Values are mean ± SEM", "mean_se"), ("Mean (SE)", "mean_se"), ("mean ± s.e.m.", "mean_se"), ("β (SE)", "estimate_se"),
        ("Coefficient (SE)", "estimate_se"), ("B (S.E.)", "estimate_se"), ("SE", "se"), ("SEM", "se"), ("Standard error", "se"),
        ("Sex", None), ("Blood group B", None),
    ],
)
def test_labels_and_headers_name_their_statistic(label, named):
    assert (statistic_named(label) or (None,))[0] == named


def test_a_header_naming_several_statistics_names_them_all_most_specific_first():
    assert statistic_named("Dogs infected, n (%) [95% CI]")[:4] == ("count_percent", "count", "percent", "estimate_ci")
    assert "interval" in statistic_named("Dogs infected, n (%) [95% CI]")


@pytest.mark.parametrize(
    ("text", "split"),
    [("6.9ab", ("6.9", "ab")), ("11.6A", ("11.6", "A")), ("10a", ("10", "a")), ("12.5*", ("12.5", "*")), ("0.04†", ("0.04", "†")),
     ("30 (62.5)a", ("30 (62.5)", "a")), ("Male", ("Male", None)), ("HR", ("HR", None)), ("1.07∗", ("1.07", "∗")),
     ("10.3 (6.7–NR)5", ("10.3 (6.7–NR)", "5")), ("1.2×10⁻⁵", ("1.2×10⁻⁵", None)), ("3.4 × 10⁻¹²ᵃ", ("3.4 × 10⁻¹²", "ᵃ"))],
)
def test_markers_glued_to_values_split_off(text, split):
    assert split_marker(text) == split


def _grouped(value: int, separator: str) -> str:
    text = f"{value:,}"
    return text.replace(",", separator)


@given(st.integers(0, 10**7), st.sampled_from([",", " ", "\u2009", "\u202f"]))
def test_grouped_counts_round_trip(count, separator):
    assert numbers.to_count(_grouped(count, separator)) == count


@given(st.integers(0, 10**6), st.integers(0, 1000), st.sampled_from(["{n} ({p})", "{n} ({p}%)", "{n} {p}%"]))
def test_count_percent_round_trip(count, tenths, template):
    percent = tenths / 10
    summary = resolve(read_shape(template.format(n=_grouped(count, ","), p=f"{percent:.1f}")), ("count_percent",))
    assert (summary.statistic, summary.count, summary.percent, summary.percent_places) == ("count_percent", count, percent, 1)


@given(st.integers(0, 10**6), st.integers(0, 1000), st.sampled_from(["{p} ({n})", "{p}% ({n})", "{p} [{n}]"]))
def test_share_first_round_trip(count, tenths, template):
    percent = tenths / 10
    text = template.format(n=_grouped(count, ","), p=f"{percent:.1f}")
    counted = resolve(read_shape(text), statistic_named("% (n)"))
    assert (counted.statistic, counted.count, counted.percent, counted.percent_places) == ("count_percent", count, percent, 1)
    of_total = resolve(read_shape(text), statistic_named("% (total, n)"))
    assert (of_total.statistic, of_total.denominator, of_total.count, of_total.percent) == ("percent_denominator", count, None, percent)


finite = st.floats(-1000, 1000, allow_nan=False).map(lambda value: round(value, 2))


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 1000), st.sampled_from(["{p}% ({n}/{d})", "{p}% [{n}/{d}]", "{p} % ({n} / {d})"]))
def test_share_with_its_count_and_whole_round_trip(count, whole, tenths, template):
    percent = tenths / 10
    summary = resolve(read_shape(template.format(p=f"{percent:.1f}", n=_grouped(count, ","), d=_grouped(whole, ","))), ())
    assert (summary.statistic, summary.count, summary.denominator, summary.percent) == ("count_denominator_percent", count, whole, percent)


@given(st.floats(0, 100, allow_nan=False).map(lambda value: round(value, 1)), st.floats(0, 100, allow_nan=False).map(lambda value: round(value, 1)),
       st.sampled_from(["{e}% [{l}–{u}%]", "{e}% ({l}%–{u}%)", "{e}% ({l}-{u}%)", "{e}% ({l}% to {u}%)"]))
def test_share_with_its_signed_interval_round_trip(low, high, template):
    summary = resolve(read_shape(template.format(e=f"{low:.1f}", l=f"{low:.1f}", u=f"{high:.1f}")), ())
    assert (summary.statistic, summary.estimate, summary.lower, summary.upper, summary.unit) == ("estimate_ci", low, low, high, "%")


@given(finite, st.floats(0, 100, allow_nan=False).map(lambda value: round(value, 2)), st.sampled_from(["{a} ({b})", "{a} ± {b}"]),
       st.sampled_from(["-", "\u2212", "\u2013", "\u2212 "]))
def test_mean_sd_round_trip(mean, sd, template, minus):
    text = template.format(a=f"{mean:.2f}".replace("-", minus), b=f"{sd:.2f}")
    summary = resolve(read_shape(text), ("mean_sd",))
    assert (summary.mean, summary.sd) == (mean, sd)


@given(finite, st.floats(0, 100, allow_nan=False).map(lambda value: round(value, 3)), st.sampled_from(["{a} ({b})", "{a} [{b}]", "{a} ± {b}"]),
       st.sampled_from([("mean_se", "mean"), ("estimate_se", "estimate")]))
def test_a_standard_error_round_trip(point, se, template, named):
    statistic, field = named
    summary = resolve(read_shape(template.format(a=f"{point:.2f}".replace("-", "\u2212"), b=f"{se:.3f}")), (statistic, field, "se"))
    if statistic == "estimate_se" and "±" in template:
        assert summary is None  # "β (SE)" over "1.2 ± 0.3": the sign prints a mean's spread, no coefficient's
    else:
        assert (summary.statistic, getattr(summary, field), summary.se, summary.sd) == (statistic, point, se, None)


@given(finite, finite, finite, st.sampled_from(["{e} ({l}–{u})", "{e} [{l}, {u}]", "{e} ({l} to {u})", "{e} ({l}; {u})", "{e} ({l}-{u})",
                                                "{e} ({l}\u2010{u})"]),
       st.sampled_from([".", "\u00b7"]))
def test_estimate_interval_round_trip(estimate, low, high, template, point):
    def printed(value: float) -> str:
        return f"{value:.2f}".replace(".", point).replace("-", "\u2212")

    summary = resolve(read_shape(template.format(e=printed(estimate), l=printed(low), u=printed(high))), ("estimate_ci",))
    assert (summary.estimate, summary.lower, summary.upper) == (estimate, low, high)


@given(finite, finite, st.sampled_from(["NR", "NE"]), st.sampled_from(["{p} ({l}–{u})", "{p} [{l}, {u}]", "{p} ({l} to {u})"]), st.booleans())
def test_an_estimate_not_reached_keeps_its_bounds_round_trip(low, high, code, template, open_above):
    """A median the follow-up did not reach ("NR (118.4–NR)") has no point; the bounds printed are read, one printed as a code is missing."""
    text = template.format(p=code, l=f"{low:.2f}".replace("-", "\u2212"), u=code if open_above else f"{high:.2f}".replace("-", "\u2212"))
    summary = resolve(read_shape(text), ("estimate_ci",))
    assert (summary.estimate, summary.median, summary.lower) == (None, None, low)
    assert summary.upper == (None if open_above else high)
    meaning = {"NR": "not reached", "NE": "not estimable"}[code]
    assert summary.qualifier == f"estimate {meaning}" + (f"; upper bound {meaning}" if open_above else "")


@given(st.integers(0, 10**5), st.integers(1, 9), st.sampled_from(["<", "≤"]), st.sampled_from(["{n} ({q}{p})", "{n} ({q}{p}%)", "{n} ({q} {p} %)"]))
def test_count_with_a_qualified_percent_round_trip(count, percent, qualifier, template):
    summary = resolve(read_shape(template.format(n=_grouped(count, ","), q=qualifier, p=percent)), ("count_percent",))
    assert (summary.statistic, summary.count, summary.percent, summary.qualifier) == ("count_percent", count, percent, qualifier)


@given(st.integers(1, 10**6), st.sampled_from(["{s} n = {n}", "{s}, n={n}", "{s} [n = {n}]", "{s} (n={n})"]),
       st.sampled_from([("57.4 (8.0)", "mean_sd", "mean_sd"), ("30 (62.5)", "count_percent", "count_denominator_percent"),
                        ("24.1 (22.0–27.3)", "median_iqr", "median_iqr")]))
def test_the_n_after_a_statistic_round_trip(n, template, case):
    shape, named, statistic = case
    summary = resolve(read_shape(template.format(s=shape, n=_grouped(n, ","))), (named,))
    assert (summary.statistic, summary.denominator) == (statistic, n)


@given(st.floats(0, 1, allow_nan=False).map(lambda value: round(value, 3)), st.sampled_from(["", "<", "P = ", "p<"]))
def test_p_value_round_trip(value, prefix):
    summary = resolve(read_shape(f"{prefix}{value:.3f}"), ("p_value",))
    assert math.isclose(summary.p_value, value) and summary.statistic == "p_value"


@given(finite, finite, finite, st.floats(0, 1, allow_nan=False).map(lambda value: round(value, 4)),
       st.sampled_from(["{e} ({l}–{u}), P = {p}", "{e} [{l}, {u}]; p={p}", "{e} ({l} to {u}) (P < {p})", "{e} ({l}-{u}), p-value = {p}"]))
def test_estimate_interval_with_its_p_value_round_trip(estimate, low, high, p, template):
    text = template.format(e=estimate, l=low, u=high, p=f"{p:.4f}")
    summary = resolve(read_shape(text), (), association=True)
    assert (summary.statistic, summary.estimate, summary.lower, summary.upper) == ("estimate_ci", float(estimate), float(low), float(high))
    assert math.isclose(summary.p_value, p) and summary.qualifier == ("P <" if "<" in template else None)


@pytest.mark.parametrize(("text", "reason"), [("NR", "not_reported"), ("–", "not_applicable"), ("..", "not_applicable"), ("n.a.", "not_available"),
                                              ("NA", "not_available")])
def test_the_usual_missing_codes_are_missing_with_their_reason_without_a_legend(text, reason):
    summary, _, missing_reason, problem = read_cell(text, ("count_percent",), {}, association=False)
    assert (summary, missing_reason, problem) == (None, reason, None)


@given(st.integers(1, 99), st.integers(1, 30), st.sampled_from(["{m} × 10\u2212{e}", "{m}E-{e:02d}", "{m}×10⁻{sup}", "P = {m} x 10^-{e}", "<{m} × 10−{e}"]))
def test_p_values_in_scientific_notation_round_trip(mantissa, exponent, template):
    superscript = str(exponent).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    text = template.format(m=mantissa / 10, e=exponent, sup=superscript)
    summary = resolve(read_shape(text), ("p_value",))
    assert summary.statistic == "p_value" and math.isclose(summary.p_value, mantissa / 10 * 10.0 ** -exponent)


def test_levels_with_a_count_printed_as_a_bound_are_not_summed():
    def level(name: str, count: int, qualifier: str | None) -> dict:
        return {"variable": "Stage", "level": name, "source_column": "arm_a", "statistic": "count", "count": count, "group_n": 40,
                "qualifier": qualifier, "raw_text": f"{qualifier or ''}{count}", "source_line": 1}

    exact = [level("I", 30, None), level("II", 5, None)]
    assert [finding["kind"] for _, finding in level_findings(exact)] == ["levels_short_of_group"]
    assert not list(level_findings([level("I", 30, None), level("II", 5, "<")]))


def test_rows_counting_under_half_the_group_are_a_list_not_levels_short_of_it():
    """Events listed under a heading ("Adverse events of interest": colitis, pneumonitis) are not one variable's exclusive levels."""
    def level(name: str, count: int) -> dict:
        return {"variable": "Adverse events of interest", "level": name, "source_column": "arm_a", "statistic": "count_percent", "count": count,
                "percent": round(100 * count / 154, 1), "group_n": 154, "qualifier": None, "raw_text": str(count), "source_line": 1}

    assert not list(level_findings([level("Colitis", 3), level("Pneumonitis", 9), level("Hypothyroidism", 17)]))
    assert [finding["kind"] for _, finding in level_findings([level("Yes", 70), level("No", 80)])] == ["levels_short_of_group"]


@pytest.mark.parametrize(("text", "named", "statistic", "value"), [
    ("(45.0)", ("count_percent", "count", "percent"), "percent", 45.0),  # "54" and "(45.0)" in two columns under "n (%)"
    ("(8.9)", ("mean_sd", "mean", "sd"), "sd", 8.9),  # "63.2" and "(8.9)" under "mean (SD)"
    ("[12.5%]", ("count_percent", "count", "percent"), "percent", 12.5),
    ("54", ("count_percent", "count", "percent"), "count", 54),  # a whole number alone under "n (%)" is its count
    ("63.2", ("mean_sd", "mean", "sd"), "mean", 63.2),
])
def test_a_statistic_s_parts_printed_in_columns_of_their_own(text, named, statistic, value):
    summary = resolve(read_shape(text), named)
    assert summary.statistic == statistic and getattr(summary, statistic) == value


def test_a_bracketed_number_printed_apart_is_read_only_where_its_statistic_is_named():
    summary, _, reason, problem = read_cell("(45.0)", (), {}, False)
    assert summary is None and reason == "unstated_statistic" and problem[0] == "statistic_unstated"
    with pytest.raises(ValueError):
        read_shape("(2019)")  # no share or SD: a year in brackets


@given(st.floats(0, 100, allow_nan=False).map(lambda value: round(value, 1)), st.sampled_from(["({v})", "[{v}]", "( {v} )", "({v}%)"]))
def test_a_bracketed_part_round_trip(value, template):
    summary = resolve(read_shape(template.format(v=value)), ("count_percent", "count", "percent"))
    assert (summary.statistic, summary.percent) == ("percent", value)


@pytest.mark.parametrize(("text", "statistic", "fields"), [
    ("14.2 mo", "value", {"value": 14.2, "unit": "mo"}),
    ("62 years", "value", {"value": 62.0, "unit": "years"}),  # a number with a unit is measured, never a count
    ("3.2 ± 1.1 kg", "mean_sd", {"mean": 3.2, "sd": 1.1, "unit": "kg"}),
    ("23 g (4.1)", "mean_sd", {"mean": 23.0, "sd": 4.1, "unit": "g"}),  # not 23 and its share
    ("14.2 months (95% CI 11.0\u201317.5)", "estimate_ci", {"estimate": 14.2, "lower": 11.0, "upper": 17.5, "unit": "months"}),
    ("10.3 (6.7\u2013NR) mo", "median_spread", {"median": 10.3, "upper": None, "unit": "mo"}),
])
def test_a_unit_printed_in_the_cell_is_the_measurement_s(text, statistic, fields):
    summary = resolve(read_measured(text), ())
    assert summary.statistic == statistic
    for name, expected in fields.items():
        assert getattr(summary, name) == expected, name


def test_a_header_s_landmark_stays_a_label_to_the_layouts():
    assert shape_of("12 months") is None  # "6 months | 12 months" under "Overall survival" is a header row, not values


@pytest.mark.parametrize("text", ["4 (10%) mo", "Grade 3 mm", "12 (25.0)"])
def test_a_count_or_share_with_a_unit_or_a_cell_without_one_is_no_measurement(text):
    with pytest.raises(ValueError):
        read_measured(text)

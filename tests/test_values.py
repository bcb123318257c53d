"""The value-type library: one parametrised table per parser, plus properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import values
from pipeline.values import Citation, Duration, Missing, Percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [("63", 63), (" 7 ", 7), ("\u22123", -3), ("\u20133", -3), ("0", 0)],
)
def test_integer(text, expected):
    assert values.integer(text) == expected


@pytest.mark.parametrize("text", ["", "NS", "6.5", "12 mo", "1,000"])
def test_integer_rejects(text):
    with pytest.raises(ValueError, match="not an integer"):
        values.integer(text)


@pytest.mark.parametrize(("text", "expected"), [("8.4", 8.4), ("10", 10.0), ("\u22120.5", -0.5)])
def test_decimal(text, expected):
    assert values.decimal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5%", Percent(5.0, None)), ("< 1%", Percent(1.0, "<")), ("1.7 %", Percent(1.7, None)), ("≥10%", Percent(10.0, "≥"))],
)
def test_percent(text, expected):
    assert values.percent(text) == expected


@pytest.mark.parametrize("text", ["5", "%", "one %", "<<1%"])
def test_percent_rejects(text):
    with pytest.raises(ValueError):
        values.percent(text)


@pytest.mark.parametrize(
    ("text", "months"),
    [("3 mo", 3.0), ("21 d", 21 * 12 / 365.25), ("10 yr", 120.0), ("20 d", 20 * 12 / 365.25), ("2 weeks", 14 * 12 / 365.25)],
)
def test_duration_months(text, months):
    assert values.duration_months()(text) == pytest.approx(months)


def test_duration_keeps_value_and_unit():
    assert values.duration("21 d") == Duration(21.0, "d")


def test_bare_number_takes_the_declared_unit():
    assert values.duration_months(default_unit="mo")("14") == 14.0
    assert values.duration_months(default_unit="yr")("2") == 24.0


@pytest.mark.parametrize("text", ["14", "3 fortnights", "mo", "Synchronous"])
def test_duration_rejects(text):
    with pytest.raises(ValueError):
        values.duration_months()(text)


def test_unknown_default_unit_is_a_spec_error():
    with pytest.raises(ValueError, match="unknown default unit"):
        values.duration_months(default_unit="fortnight")


@pytest.mark.parametrize(("text", "expected"), [("Yes", True), ("no", False), (" NO ", False)])
def test_yes_no(text, expected):
    assert values.yes_no(text) is expected


@pytest.mark.parametrize(("text", "expected"), [("+", True), ("-", False), ("\u2013", False), ("\u2212", False)])
def test_plus_minus(text, expected):
    assert values.plus_minus(text) is expected


@pytest.mark.parametrize("text", ["NS", "++", "", "positive"])
def test_plus_minus_rejects(text):
    with pytest.raises(ValueError):
        values.plus_minus(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guiss[18], 1954", Citation("Guiss", False, 18, 1954)),
        ("Wind et al[27], 1999", Citation("Wind", True, 27, 1999)),
        ("Killingback et al[24], 1965", Citation("Killingback", True, 24, 1965)),
        ("Kwaan et al. [13]", Citation("Kwaan", True, 13, None)),
        ("Sekiguchi et al.\n[8]", Citation("Sekiguchi", True, 8, None)),
    ],
)
def test_citation(text, expected):
    assert values.citation(text) == expected


@pytest.mark.parametrize("text", ["Killingbacket al[24], 1965", "Our case", "Recurrence", "et al[3], 2000", "Smith, 1999"])
def test_citation_rejects_what_is_not_a_clean_reference(text):
    with pytest.raises(ValueError, match="citation"):
        values.citation(text)


@pytest.mark.parametrize(("text", "expected"), [("55/ female", (55, "F")), ("54/male", (54, "M")), ("60/M", (60, "M"))])
def test_age_sex(text, expected):
    assert values.age_sex(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("No. 1", 1), ("Case 3", 3), ("12", 12)])
def test_labelled_integer(text, expected):
    assert values.labelled_integer(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("1 (1.4)", (1, 1.4)), ("12 (34.5%)", (12, 34.5)), ("0", (0, None))])
def test_count_percent(text, expected):
    assert values.count_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("< 1% (G1)", (Percent(1.0, "<"), "G1")), ("5% (G2)", (Percent(5.0, None), "G2")), ("1.7% (G1)", (Percent(1.7, None), "G1"))],
)
def test_percent_with_grade(text, expected):
    assert values.percent_with_grade(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liver (8.4%)", ("Liver", Percent(8.4, None))),
        ("Liver and rectum (5%)", ("Liver and rectum", Percent(5.0, None))),
        ("1 (1.4)", (1, 1.4)),
    ],
)
def test_parenthesised_parses_the_value_and_its_parenthesis(text, expected):
    inner = values.percent if "%" in text else values.decimal
    outer = values.text if "%" in text else values.integer
    assert values.parenthesised(outer, inner)(text) == expected


@pytest.mark.parametrize("text", ["Liver", "Liver (8.4%", "(8.4%)", "Liver (8.4%) (G1)", "Liver (8.4)"])
def test_parenthesised_rejects(text):
    with pytest.raises(ValueError, match="is not"):
        values.parenthesised(values.text, values.percent)(text)


@pytest.mark.parametrize(("text", "expected"), [("8 yr of AF", 8), ("20 years of AF", 20), ("1 year of AF", 1)])
def test_years_of(text, expected):
    assert values.years_of("AF")(text) == expected


@pytest.mark.parametrize("text", ["8 yr of hemorrhoids", "8 yr", "AF", "yr of AF"])
def test_years_of_rejects_another_history(text):
    with pytest.raises(ValueError, match='a history like "8 yr of AF"'):
        values.years_of("AF")(text)


@pytest.mark.parametrize(("text", "expected"), [("14/NA", ("14", "NA")), ("10 yr/recurrence", ("10 yr", "recurrence"))])
def test_split_pair(text, expected):
    assert values.split_pair("/")(text) == expected


def test_split_pair_parses_each_side_with_its_parser():
    parse = values.split_pair("/", values.duration_months("mo"), values.or_missing(values.lower_first, {"NA": Missing("not_available")}))
    assert parse("14/NA") == (14.0, Missing("not_available"))
    assert parse("10 yr / Lung metastasis") == (120.0, "lung metastasis")
    with pytest.raises(ValueError, match="'soon' is not a duration"):
        parse("soon/NA")


@pytest.mark.parametrize("text", ["NS", "14/", "/NA"])
def test_split_pair_rejects(text):
    with pytest.raises(ValueError):
        values.split_pair("/")(text)


def test_text_list_lowers_sentence_case_items():
    assert values.text_list(",")("Pain, blood in stool") == ["pain", "blood in stool"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Lung metastasis", "lung metastasis"), ("death due to MLD", "death due to MLD"), (" Recurrence ", "recurrence"), ("X", "x")],
)
def test_lower_first_lowers_only_the_first_letter(text, expected):
    assert values.lower_first(text) == expected


def test_lower_first_rejects_empty_text():
    with pytest.raises(ValueError, match="non-empty text"):
        values.lower_first("  ")


def test_joined_list():
    assert values.joined_list()("Liver and rectum") == ["liver", "rectum"]


def test_code_accepts_declared_and_joined_codes():
    parse = values.code({"SCR": "", "LR": ""}, joiner="+")
    assert parse("SCR+LR") == "SCR + LR"
    with pytest.raises(ValueError):
        parse("SCR + APR")


def test_choice_is_case_insensitive_by_default():
    assert values.choice({"Before surgery": "before"})("before SURGERY") == "before"


def test_or_missing_maps_codes_before_parsing():
    parse = values.or_missing(values.integer, {"NA": Missing("not_available")})
    assert parse("NA") == Missing("not_available")
    assert parse("4") == 4


TIMING = values.either(values.choice({"Synchronous": (True, values.NOT_APPLICABLE)}), values.tagged(False, values.duration_months()))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Synchronous", (True, values.NOT_APPLICABLE)), ("synchronous", (True, values.NOT_APPLICABLE)), ("3 mo", (False, 3.0)), ("10 yr", (False, 120.0))],
)
def test_either_takes_the_first_alternative_that_reads_the_text(text, expected):
    assert TIMING(text) == expected


def test_a_text_no_alternative_reads_is_an_error_naming_it_and_each_objection():
    with pytest.raises(ValueError) as raised:
        TIMING("later")
    message = str(raised.value)
    assert message.startswith("'later' fits no alternative: ")
    assert "'later' is not one of ['Synchronous']" in message and "'later' is not a duration" in message


def test_either_needs_two_alternatives():
    with pytest.raises(ValueError, match="at least two alternatives"):
        values.either(values.integer)


def test_tagged_pairs_a_constant_with_the_value():
    assert values.tagged("reported", values.integer)("7") == ("reported", 7)
    with pytest.raises(ValueError, match="not an integer"):
        values.tagged("reported", values.integer)("seven")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("< 1% (G1)", (1.0, "<", "G1")), ("5% (G2)", (5.0, values.NOT_APPLICABLE, "G2"))],
)
def test_flat_spreads_records_and_marks_absent_fields(text, expected):
    assert values.flat(values.percent_with_grade, absent=values.NOT_APPLICABLE)(text) == expected


def test_flat_keeps_lists_and_missing_values_whole():
    sites = values.flat(values.parenthesised(values.joined_list(), values.percent))
    assert sites("Liver and rectum (5%)") == (["liver", "rectum"], 5.0, None)
    history = values.flat(values.tagged(values.NOT_REPORTED, values.split_pair("/", values.integer, values.integer)))
    assert history("3/4") == (values.NOT_REPORTED, 3, 4)


@given(st.integers(min_value=-10**6, max_value=10**6))
def test_integer_round_trips(number):
    assert values.integer(str(number).replace("-", "\u2212")) == number


@given(st.integers(min_value=0, max_value=10**4), st.sampled_from(sorted(values.MONTHS_PER_UNIT)))
def test_duration_is_value_times_stated_factor(number, unit):
    assert values.duration_months()(f"{number} {unit}") == pytest.approx(number * values.MONTHS_PER_UNIT[unit])


@given(st.text(max_size=12))
def test_parsers_fail_only_with_value_error(text):
    parsers = [values.integer, values.decimal, values.percent, values.citation, values.age_sex, values.count_percent,
               values.percent_with_grade, values.years_of("AF"), values.duration_months(),
               values.yes_no, values.plus_minus, values.split_pair("/"), values.labelled_integer,
               values.mean_sd, values.median_spread, values.p_value, values.value_range, values.lower_first,
               values.parenthesised(values.text, values.percent), values.flat(values.percent_with_grade), TIMING]
    for parse in parsers:
        try:
            parse(text)
        except ValueError:
            pass


@given(st.integers(min_value=0, max_value=999), st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=1).map(str)))
def test_count_percent_round_trips(count, share):
    printed = f"{count} ({share})" if share is not None else str(count)
    assert values.count_percent(printed) == (count, float(share) if share is not None else None)


@given(st.from_regex(r"[A-Z][a-z]{2,10}", fullmatch=True),
       st.integers(min_value=1, max_value=300), st.integers(min_value=1900, max_value=2100), st.booleans())
def test_citation_round_trips(author, ref, year, et_al):
    printed = f"{author}{' et al' if et_al else ''}[{ref}], {year}"
    assert values.citation(printed) == Citation(author, et_al, ref, year)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("45.2 ± 3.1", values.MeanSd(45.2, 3.1)), ("−1.5±0.2", values.MeanSd(-1.5, 0.2)), ("60 +/- 12", values.MeanSd(60.0, 12.0))],
)
def test_mean_sd(text, expected):
    assert values.mean_sd(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("55.5 (34–81)", values.MedianSpread(55.5, 34.0, 81.0, "range")),
        ("18 [12–30]", values.MedianSpread(18.0, 12.0, 30.0, "IQR")),
        ("7 (2-9)", values.MedianSpread(7.0, 2.0, 9.0, "range")),
    ],
)
def test_median_spread(text, expected):
    assert values.median_spread(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("<0.001", values.PValue(0.001, "<")), ("P = .039", values.PValue(0.039, None)), ("p<.05", values.PValue(0.05, "<")), ("0.21", values.PValue(0.21, None))],
)
def test_p_value(text, expected):
    assert values.p_value(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("9–13", values.Range(9.0, 13.0)), ("1-2", values.Range(1.0, 2.0)), ("−5 to 3", values.Range(-5.0, 3.0))])
def test_value_range(text, expected):
    assert values.value_range(text) == expected


@pytest.mark.parametrize(
    ("parser", "text"),
    [
        (values.mean_sd, "45.2"),
        (values.mean_sd, "45.2 ± −3"),
        (values.median_spread, "55 (81–34)"),
        (values.median_spread, "55 (n = 3)"),
        (values.p_value, "1.5"),
        (values.p_value, "P = NS"),
        (values.value_range, "13–9"),
        (values.value_range, "9–"),
    ],
)
def test_new_shapes_reject(parser, text):
    with pytest.raises(ValueError, match="is not"):
        parser(text)


@given(st.decimals(min_value=-999, max_value=999, places=1), st.decimals(min_value=0, max_value=99, places=1), st.sampled_from([" ± ", "±", " +/- "]))
def test_mean_sd_round_trips(mean, sd, separator):
    printed = str(mean).replace("-", "\u2212") + f"{separator}{sd}"
    assert values.mean_sd(printed) == values.MeanSd(float(mean), float(sd))


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 500), st.booleans())
def test_median_spread_round_trips(median, low, span, iqr):
    high = low + span
    printed = f"{median} [{low}–{high}]" if iqr else f"{median} ({low}–{high})"
    assert values.median_spread(printed) == values.MedianSpread(float(median), float(low), float(high), "IQR" if iqr else "range")


@given(st.decimals(min_value=0, max_value=1, places=3), st.sampled_from(["", "<", "> ", "P = ", "p<"]))
def test_p_value_round_trips(value, prefix):
    printed = f"{prefix}{value}"
    parsed = values.p_value(printed)
    assert parsed.value == float(value)
    assert parsed.qualifier == ({"<": "<", "> ": ">", "p<": "<"}.get(prefix))


@given(st.one_of(st.integers(-999, 999).map(str), st.sampled_from(["none", " NONE "]), st.text(max_size=8)))
def test_either_reads_as_its_first_alternative_that_reads_the_text(text):
    alternatives = (values.choice({"none": 0}), values.integer)
    readings = []
    for alternative in alternatives:
        try:
            readings.append(alternative(text))
        except ValueError:
            continue
    if readings:
        assert values.either(*alternatives)(text) == readings[0]
    else:
        with pytest.raises(ValueError, match=re.escape(f"{text!r} fits no alternative")):
            values.either(*alternatives)(text)


@given(st.lists(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3)), max_size=4), st.integers(-999, 999))
def test_flat_tagged_values_are_their_tags_then_the_value(tags, number):
    parse = values.integer
    for tag in reversed(tags):
        parse = values.tagged(tag, parse)
    expected = tuple(values.NOT_REPORTED if tag is None else tag for tag in tags) + (number,)
    assert values.flat(parse, absent=values.NOT_REPORTED)(str(number)) == expected


@given(st.integers(-999, 999), st.integers(-999, 999), st.sampled_from(["/", ";", " vs "]))
def test_split_pair_round_trips_each_side(left, right, separator):
    assert values.split_pair(separator, values.integer, values.integer)(f"{left}{separator}{right}") == (left, right)


@given(st.from_regex(r"[A-Z][a-z]{1,10}(?: [a-z]{1,10})?", fullmatch=True), st.decimals(min_value=0, max_value=100, places=1))
def test_parenthesised_round_trips(label, share):
    assert values.parenthesised(values.text, values.percent)(f"{label} ({share}%)") == (label, Percent(float(share), None))


@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Zs"]), min_size=1).filter(str.strip))
def test_lower_first_changes_only_the_first_character(text):
    cleaned = values.clean(text)
    lowered = values.lower_first(text)
    assert lowered == cleaned[0].lower() + cleaned[1:]


@given(st.integers(0, 120), st.sampled_from(["yr", "year", "years"]), st.from_regex(r"[A-Z]{1,4}", fullmatch=True))
def test_years_of_round_trips(years, unit, subject):
    assert values.years_of(subject)(f"{years} {unit} of {subject}") == years


# Round trips for the remaining generic types: what a table prints reads back as the value printed.
SIGNED_DECIMALS = st.decimals(min_value=-999, max_value=999, places=1)
PERCENT_QUALIFIERS = st.sampled_from(["", "<", "> ", "≤ ", "≥"])


@given(SIGNED_DECIMALS, st.sampled_from(["-", "\u2212", "\u2013"]))
def test_decimal_round_trips_with_any_minus_sign(number, minus):
    assert values.decimal(str(number).replace("-", minus)) == float(number)


@given(st.decimals(min_value=0, max_value=100, places=1), PERCENT_QUALIFIERS, st.sampled_from(["%", " %"]))
def test_percent_round_trips_with_its_qualifier(share, qualifier, sign):
    assert values.percent(f"{qualifier}{share}{sign}") == Percent(float(share), qualifier.strip() or None)


@given(SIGNED_DECIMALS, st.decimals(min_value=0, max_value=999, places=1), st.sampled_from(["–", "-", " to ", " – "]))
def test_value_range_round_trips(low, span, separator):
    high = low + span
    printed = str(low).replace("-", "\u2212") + separator + str(high).replace("-", "\u2212")
    assert values.value_range(printed) == values.Range(float(low), float(high))


@given(st.integers(0, 120), st.sampled_from(["/", "/ ", " / "]), st.sampled_from(["male", "female", "M", "F", "Male"]))
def test_age_sex_round_trips(age, separator, sex):
    assert values.age_sex(f"{age}{separator}{sex}") == (age, sex[0].upper())


@given(st.integers(0, 10**4), st.sampled_from(["", "No. ", "No.", "Case ", "#"]))
def test_labelled_integer_round_trips(number, label):
    assert values.labelled_integer(f"{label}{number}") == number


@given(st.decimals(min_value=0, max_value=100, places=1), PERCENT_QUALIFIERS, st.integers(1, 3))
def test_percent_with_grade_round_trips(share, qualifier, grade):
    printed = f"{qualifier}{share}% (G{grade})"
    assert values.percent_with_grade(printed) == (Percent(float(share), qualifier.strip() or None), f"G{grade}")


@given(st.booleans(), st.sampled_from([str.lower, str.upper, str.title]), st.sampled_from(["", " "]))
def test_yes_no_and_plus_minus_round_trip(answer, case, padding):
    assert values.yes_no(padding + case("yes" if answer else "no") + padding) is answer
    assert values.plus_minus(padding + ("+" if answer else "-") + padding) is answer

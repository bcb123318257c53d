"""A summary stream's header: lines of labels separated by single spaces, as words inside a label are, split into columns.

A label opens with a capital, a number or a lone "n" and takes the lower-case
words, brackets and abbreviations after it (``header_labels``). Where that
reading gives no line the body's columns fit ("Nivolumab 480 mg Q4W (n = 524)",
"Grade 3 or 4"), a line is split into as many labels as there are columns
(``split_into``): a label may open only where a word can open one, and must
open after a group size; of the splits left, the one opening its labels at the
strongest words wins ("Grade" over "3", "Nivolumab" over "Q4W"), then one whose
labels repeat group by group, then the one whose labels are most alike in
length ("Singapore Cohort Study" and "Shanghai Cohort Study"). A line over labels repeated group by group ("Any grade / Grade
3 or 4" twice) spans them in as many groups as they repeat.
"""

from __future__ import annotations

from itertools import combinations
from typing import Callable, Iterator, Sequence

import regex

from pipeline.header_text import GROUP_SIZE, JOINERS
from pipeline.headers import PATH_SEPARATOR, unnamed_column
from pipeline.kinds.labels import strip_symbols
from pipeline.values.statistic_names import measure_named, names_p_value, statistic_named
from pipeline.values.statistics import shape_of

# Two capital letters name themselves: "P" a p-value column, "N" a count; any other lone capital continues a label ("Arm A").
_LABEL_LETTERS = ("P", "N")
# Words an effect measure goes on from: "Adjusted HR (95% CI)" is one label.
_MEASURE_ADJECTIVES = frozenset({"adjusted", "unadjusted", "crude", "pooled", "univariate", "univariable", "multivariate", "multivariable"})
# How strongly a word opens a label: a capitalised word, then an abbreviation or a lone capital, then a number, "n" or "%".
CAPITALISED, ABBREVIATION, NUMBER = 3, 2, 1
# More ways to split a line than this is no evidence for any one of them.
MAX_SPLITS = 20_000


def header_labels(text: str) -> list[str]:
    """Given a header line, return its labels: each opens with a capital, a number or a lone "n" and takes the lower-case words,
    brackets and abbreviations after it ("Surgery (n = 48)", "95% C.I.", "HR (95% CI)"); a group size closes its label."""
    labels: list[list[str]] = []
    depth, closed = 0, False
    for word in text.split():
        opens = not labels or (depth == 0 and _opens_label(word, labels[-1], closed))
        if opens:
            labels.append([word])
        else:
            labels[-1].append(word)
        depth = max(0, depth + word.count("(") + word.count("[") - word.count(")") - word.count("]"))
        closed = depth == 0 and ends_in_size(" ".join(labels[-1]))
    return [" ".join(label) for label in labels]


# A group size closing a label, perhaps with its footnote marker ("Pemetrexed + BSC (N = 222)a", "Surgery (n = 48)*").
_SIZE_AT_END = regex.compile(rf"(?:{GROUP_SIZE.pattern})(?:[a-z]{{1,2}}|[*∗†‡§¶#]+)?$")


def ends_in_size(text: str) -> bool:
    """Given a label read so far, return whether a group size closes it."""
    return bool(_SIZE_AT_END.search(text))


def _opens_label(word: str, current: list[str], closed: bool) -> bool:
    """Given a header word outside brackets, the label read so far and whether a group size closed it, return whether the word opens a new label."""
    previous = current[-1]
    if closed:
        return not _thousands(previous, word)
    # "Pemetrexed + BSC", "Nivolumab plus Chemotherapy"; "Patients, n", "Response rate, % (95% CI)".
    if _never_opens(word, previous) or previous.casefold() in JOINERS or previous.endswith(","):
        return False
    return word[0].isupper() or _opens_as_number(word)


def _opens_as_number(word: str) -> bool:
    """Given a word, return whether it opens a label as a number does: a digit, a bound ("<1 year", "≥65"), a lone "n" or "%",
    "n/N (%)", a p-value's name in lower case ("p", "p-value") or an effect measure's symbol ("β (95% CI)")."""
    return (word[0].isdigit() or word[0] in "≥≤<>" or word in ("n", "N", "%") or word[:2] in ("n/", "N/", "n=", "N=")
            or bool(_P_WORD.fullmatch(word)) or measure_named(strip_symbols(word)) is not None)


# A p-value column's name in lower case: "p", "p-value", "p value" (its first word).
_P_WORD = regex.compile(r"p(?:[-\u2010]?(?i:values?))?")
# Words a quantity's name goes on from: "Median OS", "Mean BMI", "5-year OS", "1-yr survival".
_QUANTITY_WORDS = regex.compile(r"(?i)median|mean|\d+[-\u2010](?:year|yr|month|mo|week|day)s?")


def _thousands(previous: str, word: str) -> bool:
    """Given two words, return whether the second goes on a number grouped by a space ("n = 335 924")."""
    return previous.isdigit() and len(word) == 3 and word.isdigit()


def _never_opens(word: str, previous: str) -> bool:
    """Given a word outside brackets and the word before it, return whether it goes on the label before whatever it is."""
    return (previous.endswith("=") or word.startswith(("(", "[", "=", ")", "]")) or (previous in ("n", "N") and word == "=")
            or (previous.endswith("%") and word.replace(".", "").isupper())  # "95% C.I.", "95% CI"
            or (len(word) == 1 and word.isupper() and word not in _LABEL_LETTERS)  # "Arm A"
            or (previous.casefold() in _MEASURE_ADJECTIVES and measure_named(strip_symbols(word)) is not None)  # "Adjusted HR* [CI]"
            or (word.isupper() and bool(_QUANTITY_WORDS.fullmatch(previous))))  # "Median OS", "5-year OS"


def opening_strength(word: str, previous: str) -> int:
    """Given a word outside brackets and the word before it, return how strongly it opens a label (0: it cannot)."""
    if _never_opens(word, previous) or previous.casefold() in JOINERS or previous.endswith(","):  # "Estimates, No.", "Statistic, %"
        return 0
    if word[0].isupper():
        return CAPITALISED if any(char.islower() for char in word[1:]) and not any(char.isdigit() for char in word) else ABBREVIATION
    return NUMBER if _opens_as_number(word) else 0


def split_into(text: str, count: int, stub: bool = False) -> tuple[int, list[str]] | None:
    """Given a header line, a number of labels and whether the first is the label column's, return the one best split of the line
    into that many labels (with the strength of its weakest opening); None when there is none, or two are as good, or too many to try."""
    words = text.split()
    openings: dict[int, int] = {}
    forced: set[int] = set()
    depth = 0
    for index, word in enumerate(words):
        if index and depth == 0:
            strength = opening_strength(word, words[index - 1])
            if ends_in_size(" ".join(words[max(0, index - 6): index])) and not _thousands(words[index - 1], word):
                forced.add(index)  # a group size closes its label, whatever opens the next
                strength = max(strength, CAPITALISED)
            if strength:
                openings[index] = strength
        depth = max(0, depth + word.count("(") + word.count("[") - word.count(")") - word.count("]"))
    optional = sorted(set(openings) - forced)
    wanted = count - 1 - len(forced)
    if wanted < 0 or wanted > len(optional):
        return None
    ranked: list[tuple[tuple[int, int, bool, int, int], list[str]]] = []
    for number, chosen in enumerate(combinations(optional, wanted)):
        if number == MAX_SPLITS:
            return None
        cuts = sorted((*forced, *chosen))
        labels = [" ".join(words[start:end]) for start, end in zip((0, *cuts), (*cuts, len(words)))]
        # The label column's label names no group: "Characteristic Recurrence (n = 50)" is two labels.
        if not prints_value(labels) and not (stub and GROUP_SIZE.search(labels[0])):
            strengths = [openings[cut] for cut in cuts]
            # Labels repeating group by group ("Any Grade", "Grade 3 or 4" under each arm) are evidence words alike are not.
            ranked.append(((min(strengths, default=CAPITALISED), sum(strengths), period(labels[stub:]) is not None, *_likeness(labels[stub:])), labels))
    ranked.sort(key=lambda reading: reading[0], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][0][0], ranked[0][1]


def _likeness(labels: Sequence[str]) -> tuple[int, int]:
    """Given the labels of columns or groups, return how alike they are, their group sizes aside: neighbours sharing a first or
    last word ("Singapore Cohort Study", "Shanghai Cohort Study"), then how little their lengths differ."""
    words = [(GROUP_SIZE.sub("", label).split() or label.split()) for label in labels]  # "Low Mortality (N=15842)" is "Low Mortality"
    shared = sum((left[0] == right[0]) + (left[-1] == right[-1]) for left, right in zip(words, words[1:]))
    lengths = [len(label) for label in words]
    return shared, min(lengths, default=0) - max(lengths, default=0)


def prints_value(labels: Sequence[str]) -> bool:
    """Given a line's labels, return whether one reads as a value ("227 225" under "Male"): a body row, not a header line. A
    label its group size closes is a label whatever it opens with ("2005–2009 (n = 1,204)", a period's column)."""
    return any(shape_of(label) is not None and not ends_in_size(label) for label in labels)


def period(labels: Sequence[str]) -> int | None:
    """Given a line's labels, return the length of the run they repeat ("HR (95% CI)", "P" twice: 2), or None when they repeat none
    (or all are one label: "n (%)" under each group says nothing of how the groups above are set)."""
    if len(set(labels)) < 2:
        return None
    return next((size for size in range(2, len(labels) // 2 + 1)
                 if len(labels) % size == 0 and all(label == labels[index % size] for index, label in enumerate(labels))), None)


def is_header_level(labels: Sequence[str]) -> bool:
    """Given a line's labels, return whether each is a group size or a statistic name (a lower header row: "n = 4924", "HR (95% CI)", "P")."""
    return all(GROUP_SIZE.search(label) or statistic_named(label) for label in labels)


def column_readings(lines: Sequence[str], width: int) -> Iterator[tuple[int, list[str]]]:
    """Given the header lines and the number of value columns, yield the lines that may name the columns with their labels (the label
    column's first when it names one): the first line whose labels fit, then, lowest first, each line that splits into labels
    repeated group by group ("Any grade", "Grade 3 or 4" under each arm), each opened by a word: a split is a guess the
    repetition confirms."""
    split = [header_labels(text) for text in lines]
    main = next((index for index, labels in enumerate(split) if len(labels) in (width, width + 1)), None)
    if main is not None and not prints_value(split[main]):
        yield main, split[main]
    # A line naming groups by their sizes is split into as many labels as there are columns, each size closing its label and
    # the rest cut at the strongest words ("Recurrence (n = 50) No Recurrence (n = 94) P"): the one best split, or none.
    for index, text in enumerate(lines):
        if index != main and len(GROUP_SIZE.findall(text)) >= 2:
            for count in (width + 1, width):  # the label column's label first: most tables name it
                reading = split_into(text, count, count > width) if count > 1 else None
                if reading and reading[0] >= ABBREVIATION:
                    yield index, reading[1]
    for index in range(len(lines) - 1, -1, -1):
        found = [(strength, count, labels) for count in (width + 1, width) if (reading := split_into(lines[index], count, count > width))
                 for strength, labels in [reading]]
        # The strongest split whose labels repeat; none opened by a number only ("1995 1999 2003").
        repeating = [(strength, count, labels) for strength, count, labels in found if strength >= ABBREVIATION and period(labels[-width:])]
        if repeating:
            yield index, max(repeating)[2]


def header_to_paths(lines: Sequence[str], width: int) -> tuple[str, ...] | None:
    """Given the header lines and the number of value columns, return the columns' paths, the label column's first; None if they do not fit."""
    for main, labels in column_readings(lines, width):
        paths = _paths(lines, main, labels, width)
        if paths:
            return paths
    return None


def _spread_evenly(spans: Sequence[str], width: int) -> list[str] | None:
    """Given a line's spanning labels and the number of columns, return each column's label, the columns shared evenly; None if they cannot be."""
    if width % len(spans):
        return None
    return [spans[column // (width // len(spans))] for column in range(width)]


def _spread_to_p_values(spans: Sequence[str], leaves: Sequence[str]) -> list[str] | None:
    """Given a line's spanning labels and the columns' own labels, return each column's spanning label where each span ends at a
    p-value column, as many as there are spans ("Univariate" over "P", "Multivariate" over "HR (95% CI)", "P"); None otherwise."""
    ends = [column for column, leaf in enumerate(leaves) if names_p_value(leaf)]
    if len(ends) != len(spans) or ends[-1] != len(leaves) - 1:
        return None
    return [spans[next(index for index, end in enumerate(ends) if column <= end)] for column in range(len(leaves))]


def _trailing(labels: Sequence[str], names: Callable[[str], object]) -> int:
    """Given the columns' labels and a test of one, return how many labels at the end pass it."""
    count = 0
    while count < len(labels) and names(labels[-1 - count]):
        count += 1
    return count


def _spread_before_p_values(spans: Sequence[str], width: int, trailing_p: int) -> list[str] | None:
    """Given a line's spanning labels, the number of columns and of p-value columns ending the table, return each column's
    spanning label, the columns before the p-values shared evenly and the p-values under none ("Controls (n = 272) Cases
    (n = 146)" over "Mean/N SD/% Mean/N SD/% p-Value"); None if they cannot be."""
    spread = _spread_evenly(spans, width - trailing_p) if 0 < trailing_p < width else None
    return spread + [""] * trailing_p if spread else None


def _paths(lines: Sequence[str], main: int, labels: list[str], width: int) -> tuple[str, ...] | None:
    """Given the header lines, the one naming the columns and its labels, return the columns' paths, or None if the other lines do not fit."""
    below = [header_labels(text) for text in lines[main + 1:]]
    trailing_p = _trailing(labels[-width:], names_p_value)
    # A lower level names every column, or all but those ending the table whose labels name their own statistic and span the
    # levels ("p for trend" beside "n = 302 n = 298 n = 305"; "Risk ratio (95% CI)", "Weight (%)" beside "Events/total" twice).
    trailing_named = _trailing(labels[-width:], statistic_named)
    if any(not width - trailing_named <= len(level) <= width or not is_header_level(level) for level in below):
        return None
    below = [level + [""] * (width - len(level)) for level in below]
    stub = labels[0] if len(labels) == width + 1 else None
    if stub and GROUP_SIZE.search(stub):
        return None  # "Low volume (N=4210)" names a group, not the label column
    # Labels repeat group by group with their sizes aside ("Drug A (N = 310)", "Placebo (N = 152)" under each stratum).
    repeats = period([GROUP_SIZE.sub("", label).strip() for label in labels[-width:]])
    groups = width // repeats if repeats else 0
    levels: list[list[str]] = []
    for text in lines[:main]:
        spans = header_labels(text)
        if groups and len(spans) not in (groups, groups + (stub is None)) and not period(spans):
            # Over labels repeated group by group, as many spanning labels as groups (the label column's too, if not named yet);
            # labels that repeat themselves are a level of their own ("Univariate Multivariate" under each outcome).
            splits = [(strength, count, found) for count in {groups + (stub is None), groups}
                      if (reading := split_into(text, count, count > groups)) for strength, found in [reading]]
            spans = max(splits)[2] if splits else spans
        if stub is None and len(spans) > 1 and (len(spans) == groups + 1 if groups else
                                                 any(count and count % (len(spans) - 1) == 0 for count in (width, width - trailing_p))):
            stub, spans = spans[0], spans[1:]  # "Variable Univariable Multivariable" over "HR (95% CI) P HR (95% CI) P"
        spread = _spread_evenly(spans, width) or _spread_to_p_values(spans, labels[-width:]) or _spread_before_p_values(spans, width, trailing_p)
        if spread is None or prints_value(spans):
            return None
        levels.append(spread)
    levels.append(labels[-width:])
    levels.extend(below)
    paths = [PATH_SEPARATOR.join(level[column] for level in levels if level[column]) for column in range(width)]
    return (stub or unnamed_column(0), *paths)

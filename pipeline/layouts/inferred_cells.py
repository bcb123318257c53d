"""Auto mode's stream reader, the candidate cells: the words of a block, and the header labels and typed body cells that may start at each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from pipeline import auto
from pipeline.grid import Line


MAX_CELL_WORDS = 12
MISSING = "missing"
TEXT = "text"
SPECIFIC_TYPES = tuple(value_type for value_type in auto.GENERIC_TYPES if value_type.name != TEXT)
MISSING_CODES = frozenset(auto.missing_codes({})) | {"NA", "NS", "N/A"}


@dataclass(frozen=True)
class Word:
    """A word of the stream: its text, document line, and the block and line it belongs to."""

    text: str
    line: int
    block: int
    row_of_text: int


def stream_words(lines: Sequence[Line]) -> list[Word]:
    """Given block lines, return their words with blank-line blocks and text lines numbered."""
    words: list[Word] = []
    block = 0
    for row_of_text, (number, text) in enumerate(lines):
        if not text.strip():
            block += 1
            continue
        words += [Word(word, number, block, row_of_text) for word in text.split()]
    return words


@lru_cache(maxsize=1 << 17)  # bounded: a corpus worker reads many documents, and most spans are met once
def kinds(text: str) -> frozenset[str]:
    """Given a cell's text, return the value types that read it: missing, specific ones, or text alone."""
    if text in MISSING_CODES:
        return frozenset({MISSING})
    readers = set()
    words = len(text.split())
    for value_type in SPECIFIC_TYPES:
        if value_type.max_words is not None and words > value_type.max_words:
            continue
        try:
            value_type.parse(text)
        except ValueError:
            continue
        readers.add(value_type.name)
    return frozenset(readers or {TEXT})


def is_label_start(word: str) -> bool:
    """Given a word, return whether a header label may start with it (a capital letter)."""
    return word[:1].isupper()


def continues_label(word: str) -> bool:
    """Given the word after a label's words, return whether the label goes on with it (lower case or a number, not "<" or "–")."""
    return word[:1].islower() or word[:1].isdigit()


def block_ends(words: Sequence[Word]) -> list[int]:
    """Given words, return for each the index past the last word of its block."""
    ends = [len(words)] * len(words)
    for index in range(len(words) - 2, -1, -1):
        ends[index] = ends[index + 1] if words[index].block == words[index + 1].block else index + 1
    return ends


def span_text(words: Sequence[Word], first: int, last: int) -> str:
    """Given words and a span of them, return its text."""
    return " ".join(word.text for word in words[first : last + 1])


def label_spans(words: Sequence[Word], end: int, first: int) -> list[int]:
    """Given words, the end of a word's block and the word, return the last words of the labels starting there, longest first.

    A label is a capitalised word, the words after it up to the next
    capitalised one, and a parenthesised tail: "Tumor size (mm)",
    "Positive resection margin, muscular invasion". The rule splits
    "Submucosa Negative Negative" into three cells and "Number Median
    observation period" into two headers. A label may also stop before a
    word that starts a value ("Local 8" is "Local" and 8), and reads as no value type.
    """
    if not is_label_start(words[first].text):
        return []
    last = first
    while last + 1 < end and continues_label(words[last + 1].text):
        last += 1
    if last + 1 < end and words[last + 1].text.startswith("("):
        closing = next((index for index in range(last + 1, end) if words[index].text.endswith(")")), None)
        last = closing if closing is not None else last
    shorter = [index for index in range(last - 1, first - 1, -1) if not words[index + 1].text[:1].isalpha()]
    return [index for index in (last, *shorter) if kinds(span_text(words, first, index)) == {TEXT}]


def body_spans(words: Sequence[Word], end: int, labels: list[int], first: int) -> list[tuple[int, frozenset[str]]]:
    """Given words, the end of a word's block, its labels and the word, return each span a body cell may take from there.

    Each is its last word and its kinds. A value of a specific type (or a
    missing code) may take any number of words of its block; plain text takes a label.
    """
    spans = []
    for last in range(first, min(end, first + MAX_CELL_WORDS)):
        found = kinds(span_text(words, first, last))
        if found != {TEXT}:
            spans.append((last, found))
    return spans + [(last, frozenset({TEXT})) for last in labels]


@dataclass(frozen=True)
class Stream:
    """The words of a table block, with the cells that may start at each word, found once for all the readings searched."""

    words: Sequence[Word]
    labels: list[list[int]]
    spans: list[list[tuple[int, frozenset[str]]]]

    @classmethod
    def of(cls, words: Sequence[Word]) -> Stream:
        """Given a block's words, return its stream."""
        ends = block_ends(words)
        labels = [label_spans(words, ends[first], first) for first in range(len(words))]
        return cls(words, labels, [body_spans(words, ends[first], labels[first], first) for first in range(len(words))])

    def head(self, count: int) -> Stream:
        """Given a number of words that ends a block, return the stream of those words (what was found holds for them)."""
        return Stream(self.words[:count], self.labels[:count], self.spans[:count])

    def text(self, first: int, last: int) -> str:
        """Given a span of words, return its text."""
        return span_text(self.words, first, last)

    def readable_end(self) -> int:
        """Return the furthest word a reading could reach: past it, no cell can start or end a span."""
        reachable = {0}
        for position in range(len(self.words)):
            if position in reachable:
                reachable.update(last + 1 for last, _ in self.spans[position])
        return max(reachable)

"""The English word list, for telling a word from a fragment or a word with a letter glued on ("interesta" is "interest" and a
footnote's "a"). pyspellchecker's list ships its frequency table, so it works offline; it is loaded once, on first use
(0.3 s): most documents never need it."""

from __future__ import annotations

import functools
from typing import Container


@functools.cache
def word_list() -> Container[str]:
    """Return the English word list (loaded once, on the first question that needs it)."""
    from spellchecker import SpellChecker  # noqa: PLC0415 - 0.3 s to load; most documents never need it

    return SpellChecker(language="en", distance=1)


def is_english_word(word: str) -> bool | None:
    """Given a word, return whether it is a known English word; None where the list says nothing (a code in capitals or mixed
    case, "pT3", "HbA1c"). A capitalised word is looked up in lower case."""
    if not word or word[1:] != word[1:].lower():
        return None
    return word.lower() in word_list()

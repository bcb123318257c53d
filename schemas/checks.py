"""Column checks shared by several schemas."""

from __future__ import annotations



def is_list_of_strings(value: object) -> bool:
    """Given one cell, return whether it is a list (or array) of non-empty strings."""
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return False
    return all(isinstance(item, str) and item for item in value)


YEAR = {"ge": 1900, "le": 2100}
AGE = {"ge": 0, "le": 120}


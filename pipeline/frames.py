"""Small DataFrame helpers shared by the stages and the report."""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.arrays import ArrowStringArray, BooleanArray, FloatingArray, IntegerArray

# The column a lenient run adds to each row it sets aside: Pandera's reasons, joined.
REJECTED_REASON = "rejected_reason"


def with_na_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Given a frame, return it with text columns as pd.NA-missing strings.

    Pandera's coercion (pandas 3) yields the NaN-missing "str" dtype; the
    outputs keep pd.NA like their Int64, Float64 and boolean columns.
    """
    strings = [name for name, dtype in frame.dtypes.items() if isinstance(dtype, pd.StringDtype)]
    return frame.astype({name: pd.StringDtype() for name in strings})


def concat(frames: list[pd.DataFrame], dtypes: dict[str, str]) -> pd.DataFrame:
    """Given frames of one shape (maybe none), return them stacked with stable dtypes."""
    if not frames:
        return pd.DataFrame(columns=list(dtypes)).astype(dtypes)
    return pd.concat(frames, ignore_index=True).astype(dtypes)


def from_records(records: list[dict], dtypes: dict[str, str]) -> pd.DataFrame:
    """Given records (maybe none) and the dtypes of their columns, return them as one frame with those columns and dtypes."""
    return pd.DataFrame(records, columns=list(dtypes)).astype(dtypes)


# Each masked dtype → its pandas array, the NumPy type of its buffer, and what stands under a mask.
_MASKED_ARRAYS = {"Int64": (IntegerArray, np.int64, 0), "Float64": (FloatingArray, np.float64, 0.0), "boolean": (BooleanArray, np.bool_, False)}


def columns_to_frame(columns: Mapping[str, list], dtypes: Mapping[str, str]) -> pd.DataFrame:
    """Given columns of Python values (None where missing) and their dtypes, return the typed frame, column by column.

    Casting an object frame with ``astype`` cost as much as reading the cells
    (a small table has dozens of columns, each cast on its own); masked
    arrays built from a NumPy buffer and a mask (Arrow for strings) give the
    same frame in a fraction of the time.
    """
    return pd.DataFrame({name: values_to_array(values, dtypes[name]) for name, values in columns.items()}, copy=False)


def values_to_array(values: list, dtype: str) -> pd.api.extensions.ExtensionArray:
    """Given a column's values (None where missing) and its dtype, return its pandas array (masked numbers, Arrow strings)."""
    if dtype == "string":
        return ArrowStringArray(pa.array(values, pa.large_string()))  # the type pandas keeps: a plain string array would be cast
    array, numpy_type, filler = _MASKED_ARRAYS[dtype]
    mask = np.fromiter((value is None for value in values), np.bool_, len(values))
    return array(np.array([filler if value is None else value for value in values], dtype=numpy_type), mask)


def failure_reason(failure: object) -> str:
    """Given one of Pandera's failure cases, return it as "column 'x' fails check: value v"."""
    case = failure.failure_case
    shown = repr(case) if isinstance(case, str) else str(case)
    return f"column {failure.column!r} fails {failure.check}: value {shown}"

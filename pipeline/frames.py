"""Small DataFrame helpers shared by the stages and the report."""

from __future__ import annotations

import pandas as pd

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


def failure_reason(failure: object) -> str:
    """Given one of Pandera's failure cases, return it as "column 'x' fails check: value v"."""
    case = failure.failure_case
    shown = repr(case) if isinstance(case, str) else str(case)
    return f"column {failure.column!r} fails {failure.check}: value {shown}"

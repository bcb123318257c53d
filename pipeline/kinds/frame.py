"""The long form's records as a typed frame, column by column (``frames.columns_to_frame``), not cast cell by cell."""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from pipeline.frames import columns_to_frame
from pipeline.kinds.summary import LONG_DTYPES


def records_to_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """Given long records, return the long form's frame with ``LONG_DTYPES``."""
    return columns_to_frame({name: [record[name] for record in records] for name in LONG_DTYPES}, LONG_DTYPES)

"""Read an uploaded table for the synthetic-data and fairness tabs: the suite's bounded reader
(core.inputs.tables), then the checks a generator needs (two columns, fifty rows, unique names)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.inputs.tables import DEFAULT_LIMITS
from core.inputs.text import excerpt
from core.inputs.tables import read_table as read_bounded_table

MAX_BYTES = DEFAULT_LIMITS.max_bytes
MAX_ROWS = DEFAULT_LIMITS.max_rows
MAX_COLUMNS = DEFAULT_LIMITS.max_columns
MIN_ROWS = 50


def read_table(path: str | Path) -> pd.DataFrame:
    return check_table(read_bounded_table(path))


def check_table(table: pd.DataFrame) -> pd.DataFrame:
    if table.empty or len(table) == 0:
        raise ValueError("The table has no rows.")
    if len(table.columns) < 2:
        raise ValueError("The table has only one column; a synthetic table needs at least two. "
                         "If it should have more, check the separator (comma, semicolon or tab).")
    if len(table.columns) > MAX_COLUMNS:
        raise ValueError(f"The table has {len(table.columns)} columns; the limit is {MAX_COLUMNS}.")
    if len(table) > MAX_ROWS:
        raise ValueError(f"The table has more than {MAX_ROWS:,} rows; upload a sample of them.")
    if len(table) < MIN_ROWS:
        raise ValueError(f"The table has {len(table)} rows; a generator needs at least {MIN_ROWS} to learn from.")
    table = table.copy()
    table.columns = [str(c).strip() or f"column {i + 1}" for i, c in enumerate(table.columns)]
    if table.columns.duplicated().any():
        duplicated = table.columns[table.columns.duplicated()].tolist()
        raise ValueError(f"Column names must be unique; these repeat: "
                         f"{', '.join(excerpt(name) for name in duplicated[:5])}.")
    return table

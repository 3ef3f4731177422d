"""CSV files for visitors to download, with every cell a spreadsheet would run as a formula neutralised.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets (OWASP's "CSV injection"); a single quote in front makes it plain text. Numbers in
numeric columns are left alone: -5 there is a number, not a formula. Column names are cells too.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """`value` with a single quote in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` whose text cells and column names cannot run as spreadsheet formulas."""
    safe = table.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_datetime64_any_dtype(safe[column])):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(name)) for name in safe.columns]
    return safe


def write_csv(table: pd.DataFrame, path: str | Path) -> Path:
    """Write `table` as CSV (no index) with formula cells neutralised; returns the path.

    Lines end in CRLF as RFC 4180 says, so a cell holding a carriage return is quoted, not split."""
    path = Path(path)
    neutralise_formulas(table).to_csv(path, index=False, lineterminator="\r\n")
    return path

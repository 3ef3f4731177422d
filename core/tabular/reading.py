"""Read an uploaded CSV or Parquet file into a table, refusing what the tab cannot handle, with reasons."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

MAX_BYTES = 50 * 2**20
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MIN_ROWS = 50


def read_table(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise ValueError("The uploaded file could not be found; upload it again.")
    size = path.stat().st_size
    if size == 0:
        raise ValueError("The file is empty.")
    if size > MAX_BYTES:
        raise ValueError(f"The file is {size / 2**20:.0f} MB; the limit is {MAX_BYTES // 2**20} MB. "
                         "Upload a sample of the rows.")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = _read_parquet(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        table = _read_csv(path)
    else:
        raise ValueError(f"{path.name} is not a CSV or Parquet file. Save the table as .csv or .parquet.")
    return check_table(table)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as error:
        raise ValueError(f"The Parquet file could not be read ({type(error).__name__}). Is it damaged?") from error


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("This file is not text: it looks like a binary file renamed to .csv.")
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValueError("The file is not UTF-8 text. Save it as 'CSV UTF-8' (in Excel: File > Save As > "
                         "CSV UTF-8) and upload it again.") from error
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
        separator = dialect.delimiter
    except csv.Error:
        separator = ","
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, nrows=MAX_ROWS + 1, low_memory=False)
    except pd.errors.EmptyDataError as error:
        raise ValueError("The file has no rows.") from error
    except (pd.errors.ParserError, ValueError) as error:
        raise ValueError(f"The file could not be read as a table: {str(error).splitlines()[0]}") from error


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
        raise ValueError(f"Column names must be unique; these repeat: {', '.join(duplicated)}.")
    return table

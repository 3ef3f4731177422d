"""Read an uploaded CSV, TSV or Parquet table within bounds, every refusal a sentence.

Bytes are checked before the file is read, a Parquet file's own metadata (rows, columns) before any
row is decoded, a CSV's header before its rows; a line with more values than the header is named.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from core.inputs.text import excerpt, uploaded_file

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet")


@dataclass(frozen=True)
class TableLimits:
    max_bytes: int = 50 * 2**20
    max_rows: int = 200_000
    max_columns: int = 100


DEFAULT_LIMITS = TableLimits()


def read_table(path: str | Path | None, limits: TableLimits = DEFAULT_LIMITS) -> pd.DataFrame:
    """The table in a CSV, TSV or Parquet file, or a ValueError with a sentence."""
    path, size = uploaded_file(path, "a CSV or Parquet file")
    if size > limits.max_bytes:
        raise ValueError(f"The file is {size / 2**20:.0f} MB; the limit is {limits.max_bytes // 2**20} MB. "
                         "Upload a sample of the rows.")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        table = _read_parquet(path, limits)
    elif suffix in (".csv", ".tsv", ".txt"):
        table = _read_csv(path, limits)
    else:
        raise ValueError(f"'{excerpt(path.name)}' is not a CSV or Parquet file. Save the table as .csv or .parquet.")
    if len(table.columns) > limits.max_columns:
        raise ValueError(f"The table has {len(table.columns)} columns; the limit is {limits.max_columns}.")
    if len(table) > limits.max_rows:
        raise ValueError(f"The table has more than {limits.max_rows:,} rows; upload a sample of them.")
    return table


def _read_parquet(path: Path, limits: TableLimits) -> pd.DataFrame:
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(path).metadata
    except Exception as error:
        raise ValueError("The Parquet file could not be read. Is it damaged?") from error
    if metadata.num_columns > limits.max_columns:
        raise ValueError(f"The table has {metadata.num_columns} columns; the limit is {limits.max_columns}.")
    if metadata.num_rows > limits.max_rows:
        raise ValueError(f"The table has {metadata.num_rows:,} rows; the limit is {limits.max_rows:,}. "
                         "Upload a sample of them.")
    try:
        return pd.read_parquet(path)
    except Exception as error:
        raise ValueError("The Parquet file could not be read. Is it damaged?") from error


def _read_csv(path: Path, limits: TableLimits) -> pd.DataFrame:
    raw = path.read_bytes()
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in raw[:4096] and not utf16:
        raise ValueError("This file is not text: it looks like a binary file renamed to .csv.")
    try:
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("The file is not UTF-8 text. Save it as 'CSV UTF-8' (in Excel: File > Save As > "
                         "CSV UTF-8) and upload it again.") from error
    try:
        separator = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        separator = "\t" if path.suffix.lower() == ".tsv" else ","
    header = next(csv.reader(io.StringIO(text[:1_000_000]), delimiter=separator), [])
    if len(header) > limits.max_columns:
        raise ValueError(f"The table has {len(header)} columns; the limit is {limits.max_columns}.")
    try:
        return pd.read_csv(io.StringIO(text), sep=separator, nrows=limits.max_rows + 1, low_memory=False)
    except pd.errors.EmptyDataError as error:
        raise ValueError("The file has no rows.") from error
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        raise ValueError(_parser_sentence(str(error), len(header))) from error


def _parser_sentence(message: str, columns: int) -> str:
    ragged = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if ragged:
        expected, line, saw = ragged.groups()
        return (f"Line {int(line):,} has {saw} values but the header has {expected} columns. Check that line for "
                "an extra separator or a missing quote.")
    line = re.search(r"(?:line|row) (\d+)", message)
    where = f" near line {int(line.group(1)):,}" if line else ""
    return (f"The file could not be read as a table{where}: check for unclosed quotes or lines with more values "
            f"than the {columns} columns of the header.")

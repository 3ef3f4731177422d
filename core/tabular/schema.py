"""Column types: what each column of a table is, detected from its values and overridable by the user."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

NUMERIC, CATEGORICAL, BOOLEAN, DATETIME, IDENTIFIER, TEXT = (
    "numeric", "categorical", "boolean", "datetime", "identifier", "free text")
COLUMN_TYPES = (NUMERIC, CATEGORICAL, BOOLEAN, DATETIME, IDENTIFIER, TEXT)
MODELLED_TYPES = (NUMERIC, CATEGORICAL, BOOLEAN, DATETIME)

_BOOLEAN_WORDS = [{"yes", "no"}, {"true", "false"}, {"y", "n"}, {"t", "f"}, {"0", "1"}, {"0.0", "1.0"}]
_ID_NAME = re.compile(r"(^|[_\s-])(id|uuid|guid|key|code)$|^id[_\s-]|ID$", re.IGNORECASE)


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    unique: int
    missing_share: float
    example: str

    @property
    def modelled(self) -> bool:
        return self.type in MODELLED_TYPES


def detect_column_type(name: str, values: pd.Series) -> str:
    present = values.dropna()
    if present.empty:
        return CATEGORICAL
    unique = present.nunique()
    if pd.api.types.is_bool_dtype(values):
        return BOOLEAN
    if pd.api.types.is_datetime64_any_dtype(values):
        return DATETIME
    lowered = {str(v).strip().lower() for v in present.unique()}
    if unique <= 2 and any(lowered <= words for words in _BOOLEAN_WORDS):
        return BOOLEAN
    all_unique = unique == len(present) and len(present) >= 20
    if pd.api.types.is_numeric_dtype(values):
        integral = np.allclose(present.astype(float) % 1, 0)
        if all_unique and integral and _ID_NAME.search(str(name)):
            return IDENTIFIER
        return NUMERIC
    text = present.astype(str)
    if all_unique and _ID_NAME.search(str(name)):
        return IDENTIFIER
    if _looks_like_dates(text):
        return DATETIME
    words = text.str.split().str.len().mean()
    if unique / len(present) > 0.5 and (words >= 4 or text.str.len().mean() > 40):
        return TEXT
    if all_unique and unique > 50:
        return IDENTIFIER
    return CATEGORICAL


def _looks_like_dates(text: pd.Series) -> bool:
    sample = text.head(200)
    if sample.str.fullmatch(r"[-+]?\d+(\.\d+)?").mean() > 0.5:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
    return parsed.notna().mean() >= 0.9


def describe_columns(table: pd.DataFrame, overrides: dict[str, str] | None = None) -> list[ColumnInfo]:
    """Each column's detected (or overridden) type, with its unique count, missing share and an example."""
    overrides = overrides or {}
    columns = []
    for name in table.columns:
        values = table[name]
        kind = overrides.get(name) or detect_column_type(name, values)
        if kind not in COLUMN_TYPES:
            raise ValueError(f"Column {name!r}: {kind!r} is not a column type; use one of {', '.join(COLUMN_TYPES)}.")
        present = values.dropna()
        columns.append(ColumnInfo(
            name=str(name), type=kind, unique=int(present.nunique()),
            missing_share=float(values.isna().mean()), example=str(present.iloc[0]) if len(present) else "",
        ))
    return columns

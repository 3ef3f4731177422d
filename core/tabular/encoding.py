"""Turn a table into what a generator can learn from, and generated rows back into the table's own form.

Encoded form: numeric and datetime columns become floats with no gaps (missing values filled
with the median, and a discrete `<column> is missing` column added); categorical and boolean
columns become strings, missing values a category of their own. Identifier and free-text
columns are left out. `decode` restores dtypes, integer rounding, value ranges, date formats
and missing values.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.tabular.schema import BOOLEAN, CATEGORICAL, DATETIME, NUMERIC

MISSING = "(missing)"
MISSING_SUFFIX = " is missing"


@dataclass
class _ColumnCodec:
    name: str
    type: str
    dtype: object
    integral: bool = False
    low: float = 0.0
    high: float = 0.0
    fill: float = 0.0
    has_missing: bool = False
    categories: dict[str, object] = field(default_factory=dict)
    date_format: str | None = None


class TableEncoder:
    """fit(table, types) -> encoded frame; decode(encoded) -> table with the original columns and dtypes."""

    def __init__(self):
        self.codecs_: list[_ColumnCodec] = []
        self.discrete_columns_: list[str] = []
        self.continuous_columns_: list[str] = []

    def fit_transform(self, table: pd.DataFrame, column_types: dict[str, str]) -> pd.DataFrame:
        self.codecs_, self.discrete_columns_, self.continuous_columns_ = [], [], []
        encoded = {}
        for name in table.columns:
            kind = column_types.get(name)
            if kind not in (NUMERIC, DATETIME, CATEGORICAL, BOOLEAN):
                continue
            values = table[name]
            codec = _ColumnCodec(name=name, type=kind, dtype=values.dtype, has_missing=bool(values.isna().any()))
            if kind in (NUMERIC, DATETIME):
                numbers = self._numbers(values, codec)
                present = numbers.dropna()
                if present.empty:
                    raise ValueError(f"Column {name!r} has no values to learn from; mark it as left out.")
                codec.low, codec.high = float(present.min()), float(present.max())
                codec.fill = float(present.median())
                codec.integral = kind == DATETIME or bool(np.allclose(present % 1, 0))
                encoded[name] = numbers.fillna(codec.fill).astype(float)
                self.continuous_columns_.append(name)
                if codec.has_missing:
                    encoded[name + MISSING_SUFFIX] = np.where(numbers.isna(), "yes", "no")
                    self.discrete_columns_.append(name + MISSING_SUFFIX)
            else:
                labels = values.map(lambda v: MISSING if pd.isna(v) else str(v))
                codec.categories = {str(v): v for v in values.dropna().unique()}
                encoded[name] = labels.astype(object)
                self.discrete_columns_.append(name)
            self.codecs_.append(codec)
        if not self.codecs_:
            raise ValueError("No column can be learned from: mark at least one column as numeric, categorical, "
                             "boolean or datetime.")
        return pd.DataFrame(encoded, index=table.index)

    @staticmethod
    def _numbers(values: pd.Series, codec: _ColumnCodec) -> pd.Series:
        if codec.type == NUMERIC:
            numbers = pd.to_numeric(values, errors="coerce")
            if numbers.notna().sum() < values.notna().sum() * 0.9:
                raise ValueError(f"Column {codec.name!r} is marked numeric but most of its values are not numbers.")
            return numbers.astype(float)
        if not pd.api.types.is_datetime64_any_dtype(values):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed = pd.to_datetime(values, errors="coerce", format="mixed")
            text = values.dropna().astype(str)
            has_time = text.str.contains(r"\d:\d").any()
            codec.date_format = "%Y-%m-%d %H:%M:%S" if has_time else "%Y-%m-%d"
        else:
            parsed = values
        parsed = parsed.dt.tz_localize(None) if getattr(parsed.dt, "tz", None) is not None else parsed
        numbers = parsed.astype("datetime64[ns]").astype("int64").astype(float)
        return numbers.where(parsed.notna())

    def decode(self, encoded: pd.DataFrame, margins: dict[str, float] | None = None) -> pd.DataFrame:
        """The table back in its own columns; numbers are clipped to the real range, widened by `margins[name]`."""
        margins = margins or {}
        columns = {}
        for codec in self.codecs_:
            raw = encoded[codec.name]
            if codec.type in (NUMERIC, DATETIME):
                margin = margins.get(codec.name, 0.0)
                numbers = raw.astype(float).clip(codec.low - margin, codec.high + margin)
                if codec.integral:
                    numbers = numbers.round()
                if codec.has_missing:
                    numbers = numbers.where(encoded[codec.name + MISSING_SUFFIX] != "yes")
                columns[codec.name] = self._restore_numbers(numbers, codec)
            else:
                restored = raw.astype(str).map(lambda label: np.nan if label == MISSING else codec.categories.get(label, label))
                if pd.api.types.is_bool_dtype(codec.dtype) and not restored.isna().any():
                    restored = restored.astype(bool)
                columns[codec.name] = restored
        return pd.DataFrame(columns, index=encoded.index)

    @staticmethod
    def _restore_numbers(numbers: pd.Series, codec: _ColumnCodec) -> pd.Series:
        if codec.type == DATETIME:
            moments = pd.to_datetime(numbers.astype("Int64"), unit="ns")
            if codec.date_format:
                return moments.dt.strftime(codec.date_format).where(moments.notna())
            return moments
        if codec.integral and pd.api.types.is_integer_dtype(codec.dtype):
            return numbers.astype("Int64") if numbers.isna().any() else numbers.astype(codec.dtype)
        if pd.api.types.is_float_dtype(codec.dtype):
            return numbers.astype(codec.dtype)
        return numbers

"""Distance to closest record (DCR), as SDMetrics defines it, computed on whole arrays at once.

A row's distance to another is the mean over columns of: for a number, the absolute difference divided by the
reference rows' range (capped at 1; with a range of 0, 0 if equal and 1 if not); for a category, 0 if equal
and 1 if not; a missing value against a present one counts 1, two missing values 0. Its DCR is its distance
to the nearest reference row. SDMetrics 0.32's `calculate_dcr` gives the same figures by joining every pair of
rows in a pandas table, the slowest part of a synthetic table's report; this compares whole arrays
(tests/unit/privacy/test_closest_record.py holds the two side by side, bench/privacy_distances.py times them).

    distances = closest_record_distances(synthetic_rows, real_rows, numeric_columns)
    baseline = random_rows_like(real_rows, numeric_columns, rows=400, seed=0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CHUNK_ROWS = 2000  # rows measured at once against every reference row, to bound memory


def _column_distances(values: np.ndarray, reference: np.ndarray, numeric: bool, scale: float) -> np.ndarray:
    """The (rows x reference rows) distances in one column."""
    if numeric:
        values, reference = values.astype(float), reference.astype(float)
        missing, reference_missing = np.isnan(values), np.isnan(reference)
        difference = np.abs(values[:, None] - reference[None, :])
        if scale == 0 or not np.isfinite(scale):
            distance = (difference > 0).astype(float)
        else:
            distance = np.minimum(difference / scale, 1.0)
    else:
        missing, reference_missing = pd.isna(values), pd.isna(reference)
        distance = (values[:, None] != reference[None, :]).astype(float)
    distance[missing[:, None] != reference_missing[None, :]] = 1.0
    distance[missing[:, None] & reference_missing[None, :]] = 0.0
    return distance


def closest_record_distances(rows: pd.DataFrame, reference: pd.DataFrame, numeric_columns: list[str]) -> np.ndarray:
    """Each row's distance to its nearest row of `reference`, over the columns they share (0 same, 1 farthest).
    Columns in `numeric_columns` are numbers (floats, NaN missing); the others are compared as equal or not."""
    columns = [c for c in reference.columns if c in rows.columns]
    if not columns:
        raise ValueError("There are no shared columns to measure distances on.")
    if len(reference) == 0:
        raise ValueError("There are no reference rows to measure distances to.")
    scales = {c: float(reference[c].max() - reference[c].min()) for c in columns if c in numeric_columns}
    nearest = np.empty(len(rows))
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows.iloc[start:start + CHUNK_ROWS]
        total = np.zeros((len(chunk), len(reference)))
        for name in columns:
            total += _column_distances(chunk[name].to_numpy(), reference[name].to_numpy(), name in scales,
                                       scales.get(name, 0.0))
        nearest[start:start + len(chunk)] = total.min(axis=1) / len(columns)
    return nearest


def random_rows_like(real: pd.DataFrame, numeric_columns: list[str], rows: int, seed: int) -> pd.DataFrame:
    """Rows that know nothing of any real row, SDMetrics' yardstick in DCRBaselineProtection: each number
    uniform between its column's smallest and largest real value, each category one of its real values at
    random, and each column missing as often as in the real rows. Seeded, so a report can be made again."""
    generator = np.random.default_rng(seed)
    made = {}
    for name in real.columns:
        present = real[name].dropna()
        if present.empty:
            made[name] = pd.Series(np.nan, index=range(rows))
            continue
        if name in numeric_columns:
            values = generator.uniform(float(present.min()), float(present.max()), size=rows)
        else:
            values = generator.choice(present.unique(), size=rows)
        column = pd.Series(values)
        column[generator.random(rows) < real[name].isna().mean()] = np.nan
        made[name] = column
    return pd.DataFrame(made)

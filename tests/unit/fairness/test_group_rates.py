import pandas as pd
import pytest

from core.fairness.group_rates import compare_gaps, group_rates


def table(rates: dict[str, float], size: int = 100) -> pd.DataFrame:
    rows = []
    for group, rate in rates.items():
        hits = int(rate * size)
        rows += [{"group": group, "outcome": "yes"}] * hits + [{"group": group, "outcome": "no"}] * (size - hits)
    return pd.DataFrame(rows)


def test_rates_gap_and_ratio_per_group():
    rates = group_rates(table({"a": 0.5, "b": 0.3}), "outcome", "yes", "group")
    assert rates.rates == {"a": 0.5, "b": 0.3}
    assert rates.gap == pytest.approx(0.2) and rates.ratio == pytest.approx(0.6)


def test_a_wider_gap_in_the_synthetic_table_is_called_amplified():
    comparison = compare_gaps(table({"a": 0.5, "b": 0.4}), table({"a": 0.6, "b": 0.3}), "outcome", "yes", "group")
    assert comparison.amplified and "widened the gap" in comparison.sentence
    same = compare_gaps(table({"a": 0.5, "b": 0.4}), table({"a": 0.51, "b": 0.4}), "outcome", "yes", "group")
    assert not same.amplified and "about the same" in same.sentence


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match="colour"):
        group_rates(table({"a": 0.5}), "outcome", "yes", "colour")

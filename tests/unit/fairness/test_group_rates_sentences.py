"""The synthetic report's fairness sentence is held to the rates it describes, on skewed and fair inputs."""

import pandas as pd

from core.fairness.group_rates import compare_gaps


def table(rates: dict[str, float], rows: int = 1000) -> pd.DataFrame:
    parts = []
    for group, rate in rates.items():
        hits = int(round(rate * rows))
        parts.append(pd.DataFrame({"group": group, "deny": ["yes"] * hits + ["no"] * (rows - hits)}))
    return pd.concat(parts, ignore_index=True)


def test_a_widened_gap_is_called_widened_with_both_figures():
    comparison = compare_gaps(table({"a": 0.10, "b": 0.20}), table({"a": 0.05, "b": 0.30}), "deny", "yes", "group")
    assert comparison.amplified
    # a gap between two shares is in percentage points ("10.0%" read as a share of something)
    assert "10.0 percentage points in the real data (b 20.0%, a 10.0%)" in comparison.sentence
    assert "25.0 in the synthetic data (b 30.0%, a 5.0%)" in comparison.sentence and "widened" in comparison.sentence


def test_groups_that_swap_places_are_never_called_the_same():
    """Before: a gap of 10 points in each direction read 'kept the gap about the same'."""
    comparison = compare_gaps(table({"a": 0.10, "b": 0.20}), table({"a": 0.20, "b": 0.10}), "deny", "yes", "group")
    assert "kept the gap about the same" in comparison.sentence
    assert "The groups also changed places: b has the highest rate in the real data, a in the synthetic data." \
        in comparison.sentence


def test_equal_rates_are_called_the_same_and_no_swap_is_claimed():
    comparison = compare_gaps(table({"a": 0.15, "b": 0.15}), table({"a": 0.151, "b": 0.149}), "deny", "yes", "group")
    assert "kept the gap about the same" in comparison.sentence and "changed places" not in comparison.sentence

"""Outcome rate per group, and whether a synthetic table widened the gap between groups.

Used by the synthetic-data report (real vs synthetic) and by the ethics tab's fairness audit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

AMPLIFICATION_MARGIN = 0.02  # a gap must grow by more than 2 percentage points to count as amplified


@dataclass(frozen=True)
class GroupRates:
    """Share of rows with the outcome, for each group of the protected column."""

    outcome: str
    positive: str
    protected: str
    rates: dict[str, float]
    counts: dict[str, int]

    @property
    def gap(self) -> float:
        """Highest minus lowest group rate (demographic parity difference)."""
        return max(self.rates.values()) - min(self.rates.values()) if self.rates else 0.0

    @property
    def ratio(self) -> float:
        """Lowest over highest group rate (disparate impact ratio; under 0.8 fails the four-fifths rule)."""
        highest = max(self.rates.values(), default=0.0)
        return min(self.rates.values()) / highest if highest > 0 else 1.0


@dataclass(frozen=True)
class GapComparison:
    real: GroupRates
    synthetic: GroupRates

    @property
    def amplified(self) -> bool:
        return self.synthetic.gap > self.real.gap + AMPLIFICATION_MARGIN

    @property
    def reduced(self) -> bool:
        return self.synthetic.gap < self.real.gap - AMPLIFICATION_MARGIN

    @property
    def sentence(self) -> str:
        real, synthetic = self.real, self.synthetic
        change = ("widened the gap" if self.amplified else "narrowed the gap" if self.reduced
                  else "kept the gap about the same")
        return (f"Share of rows with {real.outcome} = {real.positive}, by {real.protected}: the gap between groups is "
                f"{real.gap:.1%} in the real data and {synthetic.gap:.1%} in the synthetic data, so the generator "
                f"{change}.")


def group_rates(table: pd.DataFrame, outcome: str, positive, protected: str, min_count: int = 1) -> GroupRates:
    for column in (outcome, protected):
        if column not in table.columns:
            raise ValueError(f"The table has no column {column!r}.")
    hits = table[outcome].astype(str) == str(positive)
    groups = table[protected].astype(str).where(table[protected].notna(), "(missing)")
    rates, counts = {}, {}
    for group, members in hits.groupby(groups):
        if len(members) >= min_count:
            rates[str(group)] = float(members.mean())
            counts[str(group)] = int(len(members))
    return GroupRates(outcome, str(positive), protected, rates, counts)


def compare_gaps(real: pd.DataFrame, synthetic: pd.DataFrame, outcome: str, positive, protected: str) -> GapComparison:
    real_rates = group_rates(real, outcome, positive, protected)
    synthetic_rates = group_rates(synthetic, outcome, positive, protected)
    shared = set(real_rates.rates) & set(synthetic_rates.rates)

    def only_shared(rates: GroupRates) -> GroupRates:
        return GroupRates(rates.outcome, rates.positive, rates.protected,
                          {g: r for g, r in rates.rates.items() if g in shared},
                          {g: c for g, c in rates.counts.items() if g in shared})

    return GapComparison(only_shared(real_rates), only_shared(synthetic_rates))

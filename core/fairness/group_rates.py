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
        return self.sentence_with()

    def sentence_with(self, labels: dict[str, str] | None = None, outcome_words: dict[str, str] | None = None,
                      group_words: dict[str, str] | None = None) -> str:
        """The gaps and which groups sit at the top and bottom of each, so a swap of places is never 'the same';
        columns named as `labels` say, the outcome and the groups as `outcome_words` and `group_words` say
        (a shipped table's plain words: {"yes": "denied", "no": "not denied"})."""
        real, synthetic = self.real, self.synthetic
        said, group = (labels or {}).get, (lambda name: (group_words or {}).get(str(name), name))
        protected = said(real.protected, real.protected)
        if not real.rates:
            return f"No group of {protected} appears in both the real and the synthetic rows."
        change = ("widened the gap" if self.amplified else "narrowed the gap" if self.reduced
                  else "kept the gap about the same")
        outcome = (outcome_words or {}).get(str(real.positive))
        share = (f"Share of rows “{outcome}”" if outcome else
                 f"Share of rows with {said(real.outcome, real.outcome)} = {real.positive}")
        named = {str(group(name)) for name in real.rates}  # a yes/no column's groups say its name: no "by" it
        by = "" if protected in named else f", by {protected}"  # "…, by African-American" read wrong (review 14)
        sentence = (f"{share}{by}: the gap between groups is {real.gap * 100:.1f} percentage points in "
                    f"the real data ({_extremes(real, group)}) and {synthetic.gap * 100:.1f} in the synthetic data "
                    f"({_extremes(synthetic, group)}), so the generator {change}.")
        if self.order_changed:
            sentence += (f" The groups also changed places: {group(_highest(real))} has the highest rate in the real "
                         f"data, {group(_highest(synthetic))} in the synthetic data.")
        return sentence

    @property
    def order_changed(self) -> bool:
        """The group with the highest rate differs, and the real gap is large enough for that to mean something."""
        return (len(self.real.rates) > 1 and _highest(self.real) != _highest(self.synthetic)
                and max(self.real.gap, self.synthetic.gap) > AMPLIFICATION_MARGIN)


def _highest(rates: GroupRates) -> str:
    return max(rates.rates, key=rates.rates.get)


def _extremes(rates: GroupRates, group=lambda name: name) -> str:
    if len(rates.rates) < 2:
        return "one group only"
    highest, lowest = _highest(rates), min(rates.rates, key=rates.rates.get)
    return f"{group(highest)} {rates.rates[highest]:.1%}, {group(lowest)} {rates.rates[lowest]:.1%}"


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

import numpy as np
import pandas as pd
import pytest

from core.fairness.audit import MITIGATIONS, AuditConfig, audit, evaluate_predictions, mitigate, reweighing_weights
from core.tabular.datasets import load_dataset

HMDA = AuditConfig(target="deny", positive="yes", protected=("afam",), favourable=False)


@pytest.fixture(scope="module")
def hmda():
    return load_dataset("hmda")


def test_auditing_hmda_by_race_flags_the_datas_disparate_impact_on_approvals(hmda):
    result = audit(hmda, HMDA)
    rates = {row.group: row.selection_rate for row in result.groups}
    assert set(rates) == {"afam = yes", "afam = no"} and rates["afam = yes"] > rates["afam = no"]
    # the four-fifths rule compares approval (deny = no) rates, not denial rates
    approvals = {group: 1 - rate for group, rate in rates.items()}
    assert result.disparate_impact == pytest.approx(min(approvals.values()) / max(approvals.values()))
    assert result.data_disparate_impact < 0.8 and "the data fails the four-fifths rule" in " ".join(result.sentences)
    assert "deny ≠ yes" in " ".join(result.sentences)
    low, high = result.groups[1].intervals["selection_rate"]
    assert low <= result.groups[1].selection_rate <= high


def test_an_adverse_outcome_ratio_is_not_mistaken_for_the_four_fifths_rule():
    # denial rates 10% and 20% are a 0.5 ratio, but approvals 90% and 80% are 0.89: no adverse impact flag
    y = np.array([1] * 10 + [0] * 90 + [1] * 20 + [0] * 80)
    groups = pd.Series(["a"] * 100 + ["b"] * 100)
    adverse = evaluate_predictions(y, y, groups, AuditConfig("deny", "yes", ("g",), bootstrap=5, favourable=False))
    favourable = evaluate_predictions(y, y, groups, AuditConfig("hired", "yes", ("g",), bootstrap=5))
    assert adverse.disparate_impact == pytest.approx(0.8 / 0.9) and not adverse.four_fifths_violated
    assert favourable.disparate_impact == pytest.approx(0.5) and favourable.four_fifths_violated


def test_per_group_selection_rates_equal_fairlearns_metricframe():
    # the real AIF360 and Fairlearn comparisons are in test_against_references.py
    from fairlearn.metrics import MetricFrame, selection_rate

    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 2, 400), rng.integers(0, 2, 400)
    groups = pd.Series(rng.choice(["a", "b", "c"], 400))
    result = evaluate_predictions(y_true, y_pred, groups, AuditConfig("t", "1", ("g",), bootstrap=10))
    frame = MetricFrame(metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    assert [r.selection_rate for r in result.groups] == pytest.approx(list(frame.by_group))
    assert result.demographic_parity_difference == pytest.approx(frame.difference())
    # disparate impact of a favourable outcome: lowest over highest selection rate
    assert result.disparate_impact == pytest.approx(frame.by_group.min() / frame.by_group.max())


def test_mitigation_shrinks_the_gap(hmda):
    before = audit(hmda, HMDA)
    for method in MITIGATIONS:
        after = mitigate(hmda, HMDA, method)
        assert after.label == method
        assert after.demographic_parity_difference < before.demographic_parity_difference


def test_reweighing_makes_outcome_and_group_independent():
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    groups = pd.Series(["a", "a", "a", "a", "b", "b", "b", "b"])
    weights = reweighing_weights(y, groups)
    weighted = pd.DataFrame({"g": groups, "y": y, "w": weights})
    rate = weighted.groupby("g").apply(lambda d: (d.w * d.y).sum() / d.w.sum(), include_groups=False)
    assert rate["a"] == pytest.approx(rate["b"])


@pytest.mark.parametrize("config, message", [
    (AuditConfig(target="lvrat", positive="1", protected=("afam",)), "yes/no or category"),
    (AuditConfig(target="deny", positive="maybe", protected=("afam",)), "never takes the value"),
    (AuditConfig(target="deny", positive="yes", protected=()), "one or two"),
    (AuditConfig(target="deny", positive="yes", protected=("colour",)), "no protected column"),
])
def test_bad_audit_settings_are_explained(hmda, config, message):
    with pytest.raises(ValueError, match=message):
        audit(hmda, config)

import numpy as np
import pandas as pd
import pytest

from core.fairness.audit import MITIGATIONS, AuditConfig, audit, evaluate_predictions, mitigate, reweighing_weights
from core.tabular.datasets import load_dataset

HMDA = AuditConfig(target="deny", positive="yes", protected=("afam",))


@pytest.fixture(scope="module")
def hmda():
    return load_dataset("hmda")


def test_auditing_hmda_by_race_flags_disparate_impact(hmda):
    result = audit(hmda, HMDA)
    rates = {row.group: row.selection_rate for row in result.groups}
    assert set(rates) == {"afam = yes", "afam = no"} and rates["afam = yes"] > rates["afam = no"]
    assert result.four_fifths_violated and result.disparate_impact < 0.8
    low, high = result.groups[1].intervals["selection_rate"]
    assert low <= result.groups[1].selection_rate <= high
    assert "four-fifths" in " ".join(result.sentences)


def test_our_metrics_equal_fairlearns_and_aif360s_formulas():
    from fairlearn.metrics import MetricFrame, selection_rate

    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 2, 400), rng.integers(0, 2, 400)
    groups = pd.Series(rng.choice(["a", "b", "c"], 400))
    result = evaluate_predictions(y_true, y_pred, groups, AuditConfig("t", "1", ("g",), bootstrap=10))
    frame = MetricFrame(metrics=selection_rate, y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    assert [r.selection_rate for r in result.groups] == pytest.approx(list(frame.by_group))
    assert result.demographic_parity_difference == pytest.approx(frame.difference())
    # AIF360: disparate impact = P(y^=1 | unprivileged) / P(y^=1 | privileged), here lowest over highest rate
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

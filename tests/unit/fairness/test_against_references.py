"""Our fairness figures against the reference packages themselves, on inputs built here.

AIF360 (IBM's ``aif360``, a development requirement) scores the same labels and predictions with its
own ``BinaryLabelDatasetMetric``, ``ClassificationMetric`` and ``Reweighing``; Fairlearn scores them
from the raw ``y_true``, ``y_pred`` and sensitive features. Only figures our code computes itself are
compared with Fairlearn (per-group rates, disparate impact, the group-rate gap and ratio, reweighing);
demographic parity difference and ratio and equalized odds difference are computed *by* Fairlearn in
``core.fairness.audit``, so for those the independent reference is AIF360.
"""

import logging

import numpy as np
import pandas as pd
import pytest

from core.fairness.audit import AuditConfig, evaluate_predictions, reweighing_weights
from core.fairness.group_rates import group_rates

logging.getLogger().setLevel(logging.ERROR)  # aif360 logs a warning per optional extra at import
from aif360.algorithms.preprocessing import Reweighing  # noqa: E402
from aif360.datasets import BinaryLabelDataset  # noqa: E402
from aif360.metrics import BinaryLabelDatasetMetric, ClassificationMetric  # noqa: E402

PRIVILEGED, UNPRIVILEGED = "men", "women"


def _inputs(seed: int, n: int = 800):
    """Labels and predictions where the privileged group gets the outcome (1) more often."""
    rng = np.random.default_rng(seed)
    privileged = rng.random(n) < 0.45
    y_true = (rng.random(n) < np.where(privileged, 0.6, 0.35)).astype(int)
    flip = rng.random(n) < 0.25
    y_pred = np.where(flip, 1 - y_true, y_true)
    y_pred = np.where(~privileged & (rng.random(n) < 0.15), 0, y_pred)
    groups = pd.Series(np.where(privileged, PRIVILEGED, UNPRIVILEGED), name="sex")
    return y_true, y_pred, groups


def _aif360(y_true, y_pred, groups, favourable_label: int):
    frame = pd.DataFrame({"sex": (groups == PRIVILEGED).astype(float).to_numpy(), "label": y_true.astype(float)})
    truth = BinaryLabelDataset(df=frame, label_names=["label"], protected_attribute_names=["sex"],
                               favorable_label=favourable_label, unfavorable_label=1 - favourable_label)
    predicted = truth.copy(deepcopy=True)
    predicted.labels = y_pred.astype(float).reshape(-1, 1)
    sides = dict(unprivileged_groups=[{"sex": 0.0}], privileged_groups=[{"sex": 1.0}])
    return truth, ClassificationMetric(truth, predicted, **sides), BinaryLabelDatasetMetric(truth, **sides), sides


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_per_group_rates_and_gaps_equal_aif360s_classification_metric(seed):
    y_true, y_pred, groups = _inputs(seed)
    ours = evaluate_predictions(y_true, y_pred, groups, AuditConfig("hired", "1", ("sex",), bootstrap=2))
    _, theirs, _, _ = _aif360(y_true, y_pred, groups, favourable_label=1)
    rows = {row.group: row for row in ours.groups}
    for group, privileged in ((PRIVILEGED, True), (UNPRIVILEGED, False)):
        row = rows[group]
        assert row.count == theirs.num_instances(privileged=privileged)
        assert row.selection_rate == pytest.approx(theirs.selection_rate(privileged=privileged), abs=1e-12)
        assert row.true_positive_rate == pytest.approx(theirs.true_positive_rate(privileged=privileged), abs=1e-12)
        assert row.false_positive_rate == pytest.approx(theirs.false_positive_rate(privileged=privileged), abs=1e-12)
        assert row.accuracy == pytest.approx(theirs.accuracy(privileged=privileged), abs=1e-12)
    assert ours.accuracy == pytest.approx(theirs.accuracy(), abs=1e-12)
    unprivileged, privileged = rows[UNPRIVILEGED], rows[PRIVILEGED]
    # the data is built so the privileged group is selected more: AIF360's signed gaps are negative
    assert theirs.statistical_parity_difference() < 0
    assert ours.demographic_parity_difference == pytest.approx(-theirs.statistical_parity_difference(), abs=1e-12)
    assert ours.demographic_parity_ratio == pytest.approx(theirs.disparate_impact(), abs=1e-12)
    assert unprivileged.true_positive_rate - privileged.true_positive_rate == pytest.approx(
        theirs.equal_opportunity_difference(), abs=1e-12)
    assert ((unprivileged.true_positive_rate - privileged.true_positive_rate)
            + (unprivileged.false_positive_rate - privileged.false_positive_rate)) / 2 == pytest.approx(
        theirs.average_odds_difference(), abs=1e-12)
    assert ours.equalized_odds_difference == pytest.approx(
        max(abs(theirs.equal_opportunity_difference()), abs(theirs.false_positive_rate_difference())), abs=1e-12)


@pytest.mark.parametrize("favourable", [True, False], ids=["outcome is favourable", "outcome is adverse"])
def test_disparate_impact_and_the_four_fifths_rule_equal_aif360s(favourable):
    y_true, y_pred, groups = _inputs(3)
    if not favourable:  # a denial: the privileged group is denied less, so it is approved more
        y_true, y_pred = 1 - y_true, 1 - y_pred
    ours = evaluate_predictions(y_true, y_pred, groups,
                                AuditConfig("outcome", "1", ("sex",), bootstrap=2, favourable=favourable))
    _, predictions, labels, _ = _aif360(y_true, y_pred, groups, favourable_label=1 if favourable else 0)
    assert predictions.disparate_impact() < 0.8  # the unprivileged group is the lower one, as AIF360 orients it
    assert ours.disparate_impact == pytest.approx(predictions.disparate_impact(), abs=1e-12)
    assert ours.four_fifths_violated
    assert ours.data_disparate_impact == pytest.approx(labels.disparate_impact(), abs=1e-12)


def test_reweighing_weights_equal_aif360s_reweighing():
    y_true, _, groups = _inputs(4)
    truth, _, _, sides = _aif360(y_true, y_true, groups, favourable_label=1)
    theirs = Reweighing(**sides).fit_transform(truth).instance_weights
    assert reweighing_weights(y_true, groups) == pytest.approx(theirs, abs=1e-12)


def test_group_rate_gap_and_ratio_equal_aif360s_on_the_tables_own_labels():
    y_true, _, groups = _inputs(5)
    table = pd.DataFrame({"sex": groups, "hired": np.where(y_true == 1, "yes", "no")})
    ours = group_rates(table, "hired", "yes", "sex")
    _, _, theirs, _ = _aif360(y_true, y_true, groups, favourable_label=1)
    assert ours.rates[PRIVILEGED] == pytest.approx(theirs.base_rate(privileged=True), abs=1e-12)
    assert ours.rates[UNPRIVILEGED] == pytest.approx(theirs.base_rate(privileged=False), abs=1e-12)
    assert ours.gap == pytest.approx(-theirs.statistical_parity_difference(), abs=1e-12)
    assert ours.ratio == pytest.approx(theirs.disparate_impact(), abs=1e-12)


def _three_groups(seed: int, n: int = 900):
    rng = np.random.default_rng(seed)
    groups = pd.Series(rng.choice(["a", "b", "c"], n, p=[0.5, 0.3, 0.2]), name="g")
    base = groups.map({"a": 0.55, "b": 0.4, "c": 0.25}).to_numpy()
    y_true = (rng.random(n) < base).astype(int)
    y_pred = np.where(rng.random(n) < 0.2, 1 - y_true, y_true)
    return y_true, y_pred, groups


@pytest.mark.parametrize("seed", [0, 1])
def test_per_group_rates_equal_fairleans_metricframe_from_raw_predictions(seed):
    from fairlearn.metrics import (MetricFrame, false_positive_rate, selection_rate,
                                   true_positive_rate)
    from sklearn.metrics import accuracy_score

    y_true, y_pred, groups = _three_groups(seed)
    ours = evaluate_predictions(y_true, y_pred, groups, AuditConfig("t", "1", ("g",), bootstrap=2))
    frame = MetricFrame(metrics={"selection_rate": selection_rate, "true_positive_rate": true_positive_rate,
                                 "false_positive_rate": false_positive_rate, "accuracy": accuracy_score},
                        y_true=y_true, y_pred=y_pred, sensitive_features=groups)
    assert [row.group for row in ours.groups] == list(frame.by_group.index)
    for row in ours.groups:
        for metric in ("selection_rate", "true_positive_rate", "false_positive_rate", "accuracy"):
            assert getattr(row, metric) == pytest.approx(frame.by_group.loc[row.group, metric], abs=1e-12)


@pytest.mark.parametrize("favourable", [True, False], ids=["outcome is favourable", "outcome is adverse"])
def test_disparate_impact_equals_fairlearns_demographic_parity_ratio_of_the_favourable_outcome(favourable):
    from fairlearn.metrics import demographic_parity_ratio

    y_true, y_pred, groups = _three_groups(2)
    ours = evaluate_predictions(y_true, y_pred, groups,
                                AuditConfig("t", "1", ("g",), bootstrap=2, favourable=favourable))
    good_true, good_pred = (y_true, y_pred) if favourable else (1 - y_true, 1 - y_pred)
    assert ours.disparate_impact == pytest.approx(
        demographic_parity_ratio(good_true, good_pred, sensitive_features=groups), abs=1e-12)
    assert ours.data_disparate_impact == pytest.approx(
        demographic_parity_ratio(good_true, good_true, sensitive_features=groups), abs=1e-12)


def test_group_rate_gap_and_ratio_equal_fairlearns_on_the_tables_own_labels():
    from fairlearn.metrics import demographic_parity_difference, demographic_parity_ratio

    y_true, _, groups = _three_groups(3)
    table = pd.DataFrame({"g": groups, "hired": np.where(y_true == 1, "yes", "no")})
    ours = group_rates(table, "hired", "yes", "g")
    assert ours.gap == pytest.approx(demographic_parity_difference(y_true, y_true, sensitive_features=groups),
                                     abs=1e-12)
    assert ours.ratio == pytest.approx(demographic_parity_ratio(y_true, y_true, sensitive_features=groups),
                                       abs=1e-12)

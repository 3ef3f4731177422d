import numpy as np
import pandas as pd
import pytest

from core.fairness.audit import (MITIGATIONS, AuditConfig, AuditResult, audit, compare_mitigation,
                                 evaluate_predictions, mitigate, reweighing_weights)
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
    assert result.data_disparate_impact < 0.8 and "the data fails the four-fifths rule" in " ".join(result.details)
    assert "deny ≠ yes" in " ".join(result.details)
    low, high = result.groups[1].intervals["selection_rate"]
    assert low <= result.groups[1].selection_rate <= high


def test_the_verdict_and_rates_come_first_and_the_arithmetic_behind_them_is_kept_apart(hmda):
    result = audit(hmda, HMDA)
    shown = " ".join(result.sentences)
    assert shown.startswith("**In short: the model passes the four-fifths test, the data does not.**")
    assert result.four_fifths_violated is False and result.data_disparate_impact < 0.8
    highest = max(result.groups, key=lambda row: row.selection_rate)
    assert f"for {highest.selection_rate:.1%} of the {highest.group} group" in shown
    assert "equalized odds" not in shown and "the data fails the four-fifths rule" not in shown
    assert [detail.split(" ")[:2] for detail in result.details] == [["The", "four-fifths"], ["The", "largest"]]
    assert f"{result.equalized_odds_difference:.2f}, the equalized odds difference" in result.details[1]


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


def _two_groups(rate_a: float, rate_b: float, size: int = 100) -> tuple[np.ndarray, pd.Series]:
    outcomes = np.array([1] * round(rate_a * size) + [0] * round((1 - rate_a) * size)
                        + [1] * round(rate_b * size) + [0] * round((1 - rate_b) * size))
    return outcomes, pd.Series(["a"] * size + ["b"] * size)


def test_the_four_fifths_rule_is_stated_per_group_on_approval_rates_when_the_audited_outcome_is_a_denial():
    # the figures: denial rates of 15% and 4% beside "passes the four-fifths rule"
    denials, groups = _two_groups(0.15, 0.04)
    result = evaluate_predictions(denials, denials, groups, AuditConfig("deny", "yes", ("g",), bootstrap=5,
                                                                         favourable=False))
    rows = {row.group: row for row in result.four_fifths}
    assert rows["b"].favourable_rate == pytest.approx(0.96) and rows["b"].most_favoured
    assert rows["a"].favourable_rate == pytest.approx(0.85) and rows["a"].passes
    assert rows["a"].ratio_to_most_favoured == pytest.approx(0.85 / 0.96) == result.disparate_impact
    text = " ".join(result.sentences + result.details)
    assert "b 96% (the most favoured), a 85% (0.89 of that: passes)" in text
    assert "the model passes the four-fifths rule" in text
    assert "one minus the rate of deny = yes" in text
    assert ("The model predicts deny = yes for 15.0% of the a group and 4.0% of the b group "
            "(11.0 percentage points apart;") in text
    assert ("Passing the rule is not equal treatment: it compares the rates of deny ≠ yes, where a gap looks small, "
            "while deny = yes itself comes 3.8 times as often to one group.") in text
    # right under the verdict: a bold "passes" over denials of 15.0% and 4.0% read as a slip to a newcomer
    assert result.sentences[0].startswith("**In short:") and result.sentences[1].startswith("Passing the rule")
    # each figure once: the denial rates are not repeated by the sentence that explains the pass
    assert text.count("15.0%") == 1 and text.count("four fifths of the most") == 0
    assert text.count("3.8 times as often") == 1  # once, in the sentence that explains the pass (it was twice in a row)


def test_a_pass_on_a_favourable_outcome_still_says_how_much_more_often_one_group_gets_it():
    hires, groups = _two_groups(0.5, 0.45)
    result = evaluate_predictions(hires, hires, groups, AuditConfig("hired", "yes", ("g",), bootstrap=5))
    text = " ".join(result.sentences + result.details)
    assert "so the model passes the four-fifths rule" in text
    assert text.count("Passing the rule is not equal treatment: hired = yes itself comes 1.1 times as often to one "
                      "group.") == 1 and "see the rates below" not in text


def test_the_four_fifths_rule_fails_per_group_when_a_groups_favourable_rate_is_under_four_fifths():
    hires, groups = _two_groups(0.5, 0.3)
    result = evaluate_predictions(hires, hires, groups, AuditConfig("hired", "yes", ("g",), bootstrap=5))
    rows = {row.group: row for row in result.four_fifths}
    assert rows["b"].ratio_to_most_favoured == pytest.approx(0.6) and not rows["b"].passes
    text = " ".join(result.sentences + result.details)
    assert "a 50% (the most favoured), b 30% (0.60 of that: fails)" in text
    assert "a 50% (the most favoured), b 30% (0.60 of that: fails), so the model fails the four-fifths rule" in text
    assert "passes" not in text and "themselves" not in text


def test_the_datas_four_fifths_verdict_uses_the_labels_and_a_ratio_just_under_four_fifths_is_not_shown_as_080():
    labels, groups = _two_groups(0.5, 0.3)
    predictions, _ = _two_groups(0.5, 0.5)
    result = evaluate_predictions(labels, predictions, groups, AuditConfig("hired", "yes", ("g",), bootstrap=5))
    assert [row.passes for row in result.four_fifths] == [True, True]
    assert [row.passes for row in result.data_four_fifths] == [True, False]
    assert "the data fails the four-fifths rule" in " ".join(result.details)
    from core.fairness.audit import ratio_text

    assert ratio_text(0.7996) == "0.800" and ratio_text(0.8) == "0.80" and ratio_text(0.62) == "0.62"


def _result(**metrics) -> AuditResult:
    values = dict(accuracy=0.9, demographic_parity_difference=0.11, demographic_parity_ratio=0.3,
                  equalized_odds_difference=0.05, disparate_impact=0.88)
    values.update(metrics)
    return AuditResult(groups=[], four_fifths_violated=values["disparate_impact"] < 0.8, sentences=[], **values)


def test_a_mitigation_that_raises_another_gap_is_called_a_trade_off_and_names_it():
    # the run: the demographic parity gap narrowed while the equalized odds gap rose from 0.05 to 0.38
    after = _result(accuracy=0.89, demographic_parity_difference=0.03, demographic_parity_ratio=0.5,
                    equalized_odds_difference=0.38, disparate_impact=0.97)
    after.label = "Threshold optimizer"
    comparison = compare_mitigation(_result(), after)
    assert [c.name for c in comparison.worse] == ["accuracy", "equalized odds difference"]
    assert comparison.sentence.startswith("Threshold optimizer is a trade-off, not a clear win.")
    assert ("Worse: the largest gap between groups in how often the model says yes when it was yes, or when it was no "
            "(equalized odds difference) rose "
            "from 0.050 to 0.380.") in comparison.sentence
    assert "Accuracy went from 90.0% to 89.0% (a cost)." in comparison.sentence
    # each measure's plain words, then its technical name once, never brackets inside brackets
    assert ("Better: the gap in outcome rates between groups (demographic parity difference) fell from 0.110 to "
            "0.030") in comparison.sentence and "((" not in comparison.sentence and "))" not in comparison.sentence
    assert len(comparison.rows) == 5 and {"before", "after", "change"} <= set(comparison.rows[0])


def test_a_mitigation_that_makes_every_gap_smaller_says_so_and_one_that_makes_them_larger_too():
    fair = _result(demographic_parity_difference=0.02, demographic_parity_ratio=0.8, equalized_odds_difference=0.03,
                   disparate_impact=0.95)
    fair.label = "Reweighing"
    better = compare_mitigation(_result(), fair)
    assert better.sentence.startswith("Reweighing made 4 fairness measures better and none worse")
    assert "Accuracy stayed at 90.0%." in better.sentence and not better.worse
    unfair = _result(demographic_parity_difference=0.2, equalized_odds_difference=0.3, disparate_impact=0.7)
    unfair.label = "Reweighing"
    worse = compare_mitigation(_result(), unfair)
    assert worse.sentence.startswith("Reweighing made no fairness measure better and 3 fairness measures worse")
    same = compare_mitigation(_result(), _result(equalized_odds_difference=0.0504))  # 0.050 either way as shown
    assert same.sentence.startswith("as trained, no fairness fix left every fairness measure as it was")


def test_mitigating_hmda_names_every_metric_that_got_worse(hmda):
    before = audit(hmda, HMDA)
    for method in MITIGATIONS:
        comparison = compare_mitigation(before, mitigate(hmda, HMDA, method))
        for change in comparison.changes:
            if change.is_fairness and change.direction == "worse":
                assert change.words in comparison.sentence and "not a clear win" in comparison.sentence


def test_names_and_e_mails_in_an_uploaded_table_are_never_model_features():
    """A repeated name is 'categorical' to the schema; a model that learns it learns who the person is."""
    from core.fairness.audit import AuditConfig, audit, prepare
    from tests.privacy_tables import DISGUISED, clinic_visits

    table = clinic_visits(disguised=True)
    config = AuditConfig(target=DISGUISED["readmitted"], positive="yes", protected=(DISGUISED["ward"],))
    prepared = prepare(table, config)
    features = set(prepared.numbers) | set(prepared.categories)
    assert not features & {DISGUISED[c] for c in ("patient", "email", "phone", "ssn", "address", "notes")}
    result = audit(table, config)
    assert result.sentences[0].startswith("Personal data is never a feature: left out of the model c1 (name)")


def test_a_shipped_tables_groups_and_outcome_are_said_in_plain_words():
    from core.fairness.audit import AuditConfig, audit
    from core.tabular.data_dictionary import negated_names, short_names
    from core.tabular.datasets import load_dataset

    config = AuditConfig(target="deny", positive="yes", protected=("afam", "hschool"), favourable=False,
                         names=tuple(short_names("hmda").items()), negated_names=tuple(negated_names("hmda").items()))
    result = audit(load_dataset("hmda"), config)
    assert {row.group for row in result.groups} >= {"African-American & high-school diploma",
                                                    "not African-American & no high-school diploma"}
    text = " ".join(result.sentences + result.details)
    assert "afam" not in text and "deny =" not in text and ": yes" not in text and ": no" not in text
    assert "The model predicts “denied” for" in text and "the favourable outcome, “not denied”" in text


@pytest.mark.parametrize("model_rates, data_rates, starts", [
    ((0.9, 0.5), (0.9, 0.5), "**In short: a red flag.** The model gives the B group the favourable outcome less than "
                             "four fifths as often as the A group, as the table's own decisions do."),
    ((0.9, 0.8), (0.9, 0.5), "**In short: the model passes the four-fifths test, the data does not.**"),
    ((0.9, 0.8), (0.9, 0.85), "**In short: no red flag by the four-fifths test**"),
])
def test_the_findings_open_with_a_verdict_that_follows_the_four_fifths_figures(model_rates, data_rates, starts):
    from core.fairness.audit import GroupRow, _in_short

    groups = [GroupRow(name, 100, model, 0.5, 0.5, 0.9, label_rate=data)
              for name, model, data in zip("AB", model_rates, data_rates)]
    result = _result(disparate_impact=model_rates[1] / model_rates[0])
    result.groups = groups
    assert _in_short(result).startswith(starts)


def test_the_equalized_odds_sentence_names_the_rates_its_figure_comes_from_not_accuracy():
    import numpy as np

    rng = np.random.default_rng(0)
    groups = pd.Series(["a"] * 200 + ["b"] * 200)
    labels = np.concatenate([rng.random(200) < 0.5, rng.random(200) < 0.1]).astype(int)
    predictions = np.where(rng.random(400) < 0.85, labels, 1 - labels)
    result = evaluate_predictions(labels, predictions, groups, AuditConfig("hired", "yes", ("g",), bootstrap=5))
    a, b = result.groups
    gap = max(abs(a.true_positive_rate - b.true_positive_rate), abs(a.false_positive_rate - b.false_positive_rate))
    sentence = next(line for line in result.details if "equalized odds" in line)
    # it said "how often the model is right", which a reader checks against the table's accuracy column
    assert f"when it was so, or when it was not (the table's true and false positive rates): {gap:.2f}" in sentence
    assert "how often the model is right" not in sentence and "not the gap in overall accuracy" in sentence

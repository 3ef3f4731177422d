import json

import numpy as np
import pandas as pd
import pytest

from core.tabular.datasets import load_dataset
from core.privacy.synthetic_privacy import measure_privacy
from core.tabular.report import evaluate, kl_and_tv, usefulness
from core.tabular.schema import describe_columns
from core.tabular.synthesize import SynthesisConfig, split_holdout, synthesize


@pytest.fixture(scope="module")
def hmda_split():
    table = load_dataset("hmda")
    types = {c.name: c.type for c in describe_columns(table)}
    train, holdout = split_holdout(table, seed=0)
    return train, holdout, types


def test_identical_distributions_have_zero_kl_and_tv():
    shares = np.array([0.2, 0.3, 0.5])
    assert kl_and_tv(shares, shares) == (0.0, 0.0)
    kl, tv = kl_and_tv(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert tv == 1.0 and kl > 5


def test_a_copy_of_the_training_rows_is_flagged_as_memorised(hmda_split):
    train, holdout, types = hmda_split
    result = measure_privacy(pd.concat([train, holdout]), train, holdout, train.copy(), types)
    # the training rows are subsampled to the holdout's size, so only that share of copies sits at distance 0
    assert result.share_closer_to_training > 0.65
    assert result.exact_copies > 0.9 * len(train)
    assert result.verdict.startswith("Caution")


def test_unseen_real_rows_look_private(hmda_split):
    train, holdout, types = hmda_split
    other_half = holdout.sample(frac=1.0, random_state=1)
    result = measure_privacy(train, train.iloc[: len(train) // 2], train.iloc[len(train) // 2:], other_half, types)
    assert 0.3 < result.share_closer_to_training < 0.7


def test_usefulness_survives_categories_the_synthetic_rows_never_have(hmda_split):
    train, holdout, types = hmda_split
    synthetic = train.copy()
    synthetic["chist"] = 1
    synthetic["phist"] = "no"
    result = usefulness(train, holdout, synthetic, types, "deny")
    assert result.metric == "AUC" and 0.5 <= result.real_score <= 1 and result.synthetic_score is not None


def test_a_synthetic_target_with_one_class_is_reported_not_crashed(hmda_split):
    train, holdout, types = hmda_split
    synthetic = train.assign(deny="no")
    result = usefulness(train, holdout, synthetic, types, "deny")
    assert result.synthetic_score is None and "only one value" in result.note


def test_a_number_target_is_scored_with_r2():
    table = load_dataset("wage")
    types = {c.name: c.type for c in describe_columns(table)}
    train, holdout = split_holdout(table, 0)
    result = usefulness(train, holdout, train, types, "age")
    assert result.metric == "R²" and result.real_score is not None


def test_the_full_report_on_hmda_is_good_json_and_plain_words():
    table = load_dataset("hmda")
    result = synthesize(table, SynthesisConfig(rows=1500, target="deny", protected="afam"), record=False)
    report = result.report
    assert report.quality_score > 0.9
    assert report.usefulness.synthetic_score > 0.6
    assert 0.35 < report.privacy.share_closer_to_training < 0.65
    assert set(report.fairness.real_rates) == {"no", "yes"}
    privacy = next(sentence for sentence in report.sentences if sentence.startswith("Privacy"))
    assert privacy[len("Privacy: ")].islower()  # "Privacy: no real person…", not "Privacy: No real person…"
    json.dumps(report.to_dict())
    worst = max(report.columns, key=lambda column: column.tv_distance)  # the sentence says the measured figure
    assert (f"The least faithful column is {worst.column}: to match the real one, {worst.tv_distance:.0%} of its "
            "synthetic values would have to change (0% means identical).") in " ".join(report.sentences)
    useful = report.usefulness
    assert (f"picks the right one of two rows with different outcomes {useful.synthetic_score:.0%} of the time; one "
            f"that learned from real rows, {useful.real_score:.0%} (50% is guessing;") in " ".join(report.sentences)
    assert not any(word in " ".join(report.sentences) for word in ("AUC", "total-variation"))
    # the verdict first, in words, true of the two scores beside it
    from core.tabular.report import usefulness_verdict

    verdict = usefulness_verdict(useful.real_score, useful.synthetic_score)
    assert f"Usefulness: {verdict} A model predicting " in " ".join(report.sentences)
    assert usefulness_verdict(0.76, 0.75).endswith("as much as the real ones.") and "almost" not in \
        usefulness_verdict(0.76, 0.75)
    assert "almost as much" in usefulness_verdict(0.76, 0.72) and "less than" in usefulness_verdict(0.76, 0.60)


def test_a_number_targets_usefulness_says_how_much_of_its_spread_the_model_explains():
    table = load_dataset("wage")
    result = synthesize(table, SynthesisConfig(rows=300, target="age"), record=False)
    useful = result.report.usefulness
    text = " ".join(result.report.sentences)
    said = [f"explains {score:.0%} of how it varies" if score > 0 else "does no better than guessing the average"
            for score in (useful.synthetic_score, useful.real_score)]
    assert f"synthetic rows {said[0]}; one that learned from real rows, {said[1]}" in text and "R²" not in text


def test_a_shipped_tables_report_names_its_columns_in_plain_words_with_the_code_after():
    import re

    from core.tabular.data_dictionary import plain_label

    table = load_dataset("hmda")
    result = synthesize(table, SynthesisConfig(rows=500, target="deny", protected="afam", dataset="hmda"),
                        record=False)
    text = " ".join(result.report.sentences)
    worst = max(result.report.columns, key=lambda column: column.tv_distance).column
    assert f"The least faithful column is {plain_label('hmda', worst)}:" in text
    assert "A model predicting “denied” that learned" in text
    assert "Share of rows “denied”: the gap between groups" in text  # not "…, by African-American:"
    fairness = result.report.fairness
    real = {"yes": fairness.real_rates["yes"], "no": fairness.real_rates["no"]}
    assert (f"in the real data (African-American {real['yes']:.1%}, not African-American {real['no']:.1%})" in text
            or f"in the real data (not African-American {real['no']:.1%}, African-American {real['yes']:.1%})" in text)
    for code in ("deny", "afam", "lvrat", "pirat", "hirat"):  # never bare: always after its plain words
        assert not re.search(rf"(?<![(\w]){code}\b", text), f"{code} appears without its plain words"


def test_fairness_needs_a_category_target(hmda_split):
    train, holdout, types = hmda_split
    with pytest.raises(ValueError, match="yes/no or category target"):
        evaluate(train, holdout, train, types, target="lvrat", protected="afam")


def test_a_validity_below_one_never_reads_100_percent_beside_some_values_outside():
    """Seen on the page: 'Validity check 100%: some synthetic values fall outside the real ranges'."""
    from dataclasses import replace

    from core.tabular.report import _sentences

    table = load_dataset("hmda")
    types = {c.name: c.type for c in describe_columns(table)}
    train, holdout = split_holdout(table, seed=0)
    report = evaluate(train, holdout, train.head(300), types)
    text = " ".join(_sentences(replace(report, diagnostic_score=0.9981)))
    assert "Validity check 99.8%" in text and "100%" not in text.split("Validity check")[1].split(":")[0]
    assert "Validity check 99.8%: nearly every synthetic value lies within the real ranges and categories; a few " \
           "fall outside them." in text  # not "some fall outside", which read as the opposite of 99.8%
    lower = " ".join(_sentences(replace(report, diagnostic_score=0.85)))
    assert "Validity check 85.0%: some synthetic values fall outside the real ranges or categories." in lower


def test_the_relationships_chart_shows_the_pairs_that_changed_most_in_plain_words():
    from core.tabular.data_dictionary import AXIS_LABEL_LENGTH, axis_labels, column_labels
    from core.tabular.figures import CHANGED_PAIRS_SHOWN, _correlations, correlation_difference_figure
    from core.tabular.schema import describe_columns

    table = load_dataset("hmda")
    types = {info.name: info.type for info in describe_columns(table)}
    shuffled = table.apply(lambda column: column.sample(frac=1.0, random_state=0).to_numpy())  # links broken
    figure = correlation_difference_figure(table, shuffled, types, labels=column_labels("hmda", table.columns),
                                           axis_names=axis_labels("hmda", table.columns))
    bars = figure.data[0]
    assert len(bars.y) == CHANGED_PAIRS_SHOWN and list(bars.x) == sorted(bars.x)  # the largest change on top
    for name in bars.y:  # a few plain words a line, no codes
        first, second = name.split("<br>and ")
        assert len(first) <= AXIS_LABEL_LENGTH and len(second) <= AXIS_LABEL_LENGTH
        assert not any(code in name for code in ("lvrat", "afam", "pirat", "deny"))
    columns = [c for c in table.columns if types[c] in ("numeric", "boolean", "datetime")]
    difference = (_correlations(table, types, columns) - _correlations(shuffled, types, columns)).abs()
    top = max((difference.loc[a, b], a, b) for i, a in enumerate(columns) for b in columns[i + 1:])
    assert abs(bars.x[-1] - top[0]) < 1e-9  # the top bar is the pair that changed most
    assert bars.customdata[-1] == f"{column_labels('hmda', [top[1]])[top[1]]} and {column_labels('hmda', [top[2]])[top[2]]}"


def test_the_details_tab_names_columns_in_plain_words_and_says_the_validity_as_the_report_does():
    from apps.synthetic_data import details_markdown, preview_rows
    from core.tabular.data_dictionary import column_labels

    table = load_dataset("hmda")
    result = synthesize(table, SynthesisConfig(rows=300, target="deny", dataset="hmda"), record=False)
    details = details_markdown(result, column_labels("hmda", table.columns))
    assert "| loan-to-value ratio | number |" in details and "| lvrat |" not in details
    assert "classification of denied" in details or "of denied," in details
    assert "**Privacy**" not in details  # the report above already reads every privacy figure
    validity = [s for s in result.report.sentences if s.startswith("Validity check")]
    if validity:  # the report says it only below 100%: the details say the same figure
        assert validity[0].split("%")[0].split()[-1] + "%" in details
    def beyond_four_decimals(frame) -> float:
        numbers = frame.select_dtypes("float")
        return float(((numbers * 10_000).round() / 10_000 - numbers).abs().max().max())

    assert beyond_four_decimals(result.synthetic) > 1e-9  # the rows themselves carry every digit (the download)
    assert beyond_four_decimals(preview_rows(result.synthetic)) < 1e-9  # the preview shows 4 decimals, not 16


def test_the_report_says_where_the_time_went_with_the_measured_durations():
    from apps.synthetic_data import time_spent

    table = load_dataset("hmda")
    result = synthesize(table, SynthesisConfig(rows=300), record=False)
    assert result.fit_seconds > 0 and result.sample_seconds > 0 and result.measure_seconds > 0
    sentence = time_spent(result)
    longest = max((result.fit_seconds, "learning the table"), (result.sample_seconds, "generating the rows"),
                  (result.measure_seconds, "measuring the result"))[1]
    assert f", most of it {longest} (" in sentence  # its name said once
    assert f"measuring the result {result.measure_seconds:.1f} s" in sentence or \
        f"measuring the result {result.measure_seconds * 1000:.0f} ms" in sentence


def test_a_numbers_chart_shows_its_shape_and_where_the_synthetic_values_differ():
    """The chart drew ranges that each held as many real rows, so every real bar stood at 5%, a flat wall that hid the
    column's shape (review 13). Before that, 30 even ranges over the whole span showed a column 18% off as two
    matching outlines. Now even ranges span the body of the real values, with the far values in the end bars."""
    from core.tabular.figures import distribution_figure

    real = load_dataset("hmda")
    synthetic = real.copy()
    synthetic["lvrat"] = real["lvrat"] * np.random.default_rng(0).normal(1, 0.2, len(real))
    types = {column.name: column.type for column in describe_columns(real)}
    figure = distribution_figure(real, synthetic, "lvrat", types["lvrat"], "loan-to-value ratio")
    real_bars, synthetic_outline = figure.data
    real_shares = np.array(real_bars.y)
    assert real_shares.max() >= 4 * np.median(real_shares), "the real bars are flat"
    assert real_shares.sum() == pytest.approx(1)
    synthetic_shares = np.array(synthetic_outline.y[1:-1:2])
    assert synthetic_shares.sum() == pytest.approx(1)
    assert 0.5 * np.abs(real_shares - synthetic_shares).sum() > 0.1  # the 18% off shows
    low, high = real["lvrat"].quantile([0.01, 0.99])
    assert real_bars.x[0] - real_bars.width[0] / 2 == pytest.approx(low)
    assert real_bars.x[-1] + real_bars.width[-1] / 2 == pytest.approx(high)
    notes = figure.layout.xaxis.title.text
    assert notes == f"values below {low:.3g} or above {high:.3g}<br>are counted in the end bars"
    # the hover names each bar's range and both shares
    assert real_bars.customdata[0][0] == f"{low:.3g} to {low + (high - low) / 30:.3g}"


def test_a_chart_of_a_few_whole_numbers_has_a_bar_per_number_and_names_missing_values():
    from core.tabular.figures import distribution_figure

    real = pd.DataFrame({"reports": [0] * 50 + [1] * 30 + [2] * 15 + [3] * 5 + [None] * 10})
    synthetic = pd.DataFrame({"reports": [0] * 60 + [1] * 20 + [2] * 20})
    figure = distribution_figure(real, synthetic, "reports", "numeric", "reports of late payments")
    bars = figure.data[0]
    assert list(bars.x) == [0, 1, 2, 3] and list(bars.width) == [1, 1, 1, 1]
    assert list(bars.y) == pytest.approx([0.5, 0.3, 0.15, 0.05])  # shares of the values present
    notes = figure.layout.xaxis.title.text
    assert notes == "missing, so in no bar: 9% of real rows" and "synthetic as a line" in figure.layout.title.text
    # each line of the title and notes fits a phone's chart (about 300 px at 7 px a letter)
    lines = figure.layout.title.text.removesuffix("</sup>").replace("<sup>", "<br>").split("<br>") + notes.split("<br>")
    assert max(len(line) for line in lines) * 7 <= 300
    assert figure.layout.xaxis.nticks <= 6  # the axis' own round numbers, few enough for a phone


def test_the_quality_line_says_the_columns_match_on_average_beside_its_least_faithful_one():
    """"each column's distribution matches 98%" stood above "the least faithful column … 18% … would have to change"
    (review 14): 98% is the columns' average."""
    from core.tabular.report import _sentences

    table = load_dataset("hmda")
    types = {c.name: c.type for c in describe_columns(table)}
    train, holdout = split_holdout(table, seed=0)
    report = evaluate(train, holdout, train.head(300), types)
    text = " ".join(_sentences(report))
    shares = [1 - column.tv_distance for column in report.columns]
    assert min(shares) < report.column_shapes  # a column below the figure: the sentence must not say "each"
    assert f"the columns' distributions match {report.column_shapes:.0%} on average" in text
    assert "each column" not in text

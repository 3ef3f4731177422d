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
    assert "Share of rows “denied”, by African-American:" in text
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


def test_a_numbers_chart_shows_the_ranges_its_would_have_to_change_share_is_measured_on():
    """The report said 18% of the loan-to-value ratios would have to change, beside a chart of 30 even ranges where
    real and synthetic looked the same: the chart now draws the ranges the share is measured on."""
    from core.tabular.figures import distribution_figure
    from core.tabular.report import fidelity

    real = load_dataset("hmda")
    synthetic = real.copy()
    synthetic["lvrat"] = real["lvrat"] * np.random.default_rng(0).normal(1, 0.2, len(real))
    types = {column.name: column.type for column in describe_columns(real)}
    measured = next(column for column in fidelity(real, synthetic, types)[-1] if column.column == "lvrat")
    real_bars, synthetic_bars = distribution_figure(real, synthetic, "lvrat", types["lvrat"]).data
    drawn = 0.5 * np.abs(np.array(real_bars.y) - np.array(synthetic_bars.y)).sum()
    assert drawn == pytest.approx(measured.tv_distance) and measured.tv_distance > 0.1
    assert " to " in real_bars.x[0]  # each bar is a range ("0.02 to 0.3798")


def test_a_numbers_chart_names_as_many_ranges_as_a_phone_holds_side_by_side():
    """Twenty range labels ("0.3798", "0.4896"...) stood tilted and crowded under a phone's bars (review 9)."""
    from core.tabular.figures import PHONE_AXIS_PX, TICK_GAP_PX, TICK_LETTER_PX, distribution_figure

    real = load_dataset("hmda")
    types = {column.name: column.type for column in describe_columns(real)}
    figure = distribution_figure(real, real.sample(frac=1, random_state=0), "lvrat", types["lvrat"])
    axis, bars = figure.layout.xaxis, figure.data[0].x
    assert axis.tickangle == 0 and 3 <= len(axis.ticktext) < len(bars)
    assert len(axis.ticktext) * (max(map(len, axis.ticktext)) * TICK_LETTER_PX + TICK_GAP_PX) <= PHONE_AXIS_PX
    every = bars.index(axis.tickvals[1]) - bars.index(axis.tickvals[0])
    ordinal = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}[every]
    assert f"every {ordinal} named where it starts" in axis.title.text
    # each line of the axis' title fits a phone's width: "…named where it starts" lost its last letters (review 10)
    assert max(len(line) for line in axis.title.text.split("<br>")) * TICK_LETTER_PX <= PHONE_AXIS_PX
    # its "0%" ran into the first range's "0.0315", and at 6 px still touched it on a phone (review 12)
    assert figure.layout.yaxis.ticklabelstandoff >= 10 and figure.layout.xaxis.ticklabelstandoff >= 4
    assert all(bars[n].startswith(axis.tickvals[n // every].split(" to ")[0]) for n in range(0, len(bars), every))
    # with as few digits as tell the named ranges apart: "0.0315, 0.613, 0.746" read as raw numbers (review 13)
    starts = [float(tick.split(" to ")[0]) for tick in axis.tickvals]
    assert all(float(text) == pytest.approx(start, rel=0.06) for text, start in zip(axis.ticktext, starts))
    assert max(len(text) for text in axis.ticktext) <= 4 and len(set(axis.ticktext)) == len(axis.ticktext)

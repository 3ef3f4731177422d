"""The privacy report's distances are SDMetrics' distances, and the same seed gives the same report."""

import warnings

import numpy as np
import pandas as pd
import pytest

from core.privacy.closest_record import closest_record_distances, random_rows_like
from core.privacy.synthetic_privacy import _sdmetrics_frames, measure_privacy
from core.tabular.datasets import load_dataset
from core.tabular.synthesize import SynthesisConfig, synthesize


@pytest.fixture(scope="module")
def hmda_result():
    return synthesize(load_dataset("hmda"), SynthesisConfig(rows=400, seed=5, dataset="hmda"), record=False)


def _frames(result, with_gaps: bool):
    (train, synthetic), metadata = _sdmetrics_frames([result.train, result.synthetic], result.column_types)
    train, synthetic = train.head(300).copy(), synthetic.head(150).copy()
    if with_gaps:  # missing values on either side, and a column with one value only
        numbers = [c for c, spec in metadata["columns"].items() if spec["sdtype"] == "numerical"]
        train.loc[train.index[::7], numbers[0]] = np.nan
        synthetic.loc[synthetic.index[::5], numbers[0]] = np.nan
        train[numbers[1]] = 3.0
    numeric = [c for c, spec in metadata["columns"].items() if spec["sdtype"] == "numerical"]
    return train, synthetic, metadata, numeric


@pytest.mark.parametrize("with_gaps", [False, True], ids=["as made", "missing values and a constant column"])
def test_the_distances_are_sdmetrics_own(hmda_result, with_gaps):
    from sdmetrics.single_table.privacy.dcr_utils import calculate_dcr

    train, synthetic, metadata, numeric = _frames(hmda_result, with_gaps)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = calculate_dcr(synthetic, train, metadata).to_numpy()
    ours = closest_record_distances(synthetic, train, numeric)
    assert np.allclose(ours, theirs, atol=1e-12)


def test_closer_to_training_is_sdmetrics_overfitting_breakdown(hmda_result):
    from sdmetrics.single_table import DCROverfittingProtection

    (train, holdout, synthetic), metadata = _sdmetrics_frames(
        [hmda_result.train, hmda_result.holdout, hmda_result.synthetic], hmda_result.column_types)
    train, holdout = train.sample(n=len(holdout), random_state=0), holdout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = DCROverfittingProtection.compute_breakdown(train, synthetic, holdout, metadata, None)
    numeric = [c for c, spec in metadata["columns"].items() if spec["sdtype"] == "numerical"]
    closer = np.mean(closest_record_distances(synthetic, train, numeric)
                     < closest_record_distances(synthetic, holdout, numeric))
    assert closer == pytest.approx(theirs["synthetic_data_percentages"]["closer_to_training"])


def test_the_same_seed_gives_the_same_privacy_figures(hmda_result):
    r = hmda_result
    real = pd.concat([r.train, r.holdout], ignore_index=True)
    first, second = (measure_privacy(real, r.train, r.holdout, r.synthetic, r.column_types, seed=2) for _ in range(2))
    assert first.median_distance_random == second.median_distance_random
    assert first.baseline_protection == second.baseline_protection
    assert first.sentences == second.sentences


def test_random_rows_stay_inside_the_real_values_and_miss_as_often():
    real = pd.DataFrame({"income": np.r_[np.linspace(10, 90, 80), [np.nan] * 20],
                         "town": ["Leeds", "York"] * 50})
    made = random_rows_like(real, ["income"], rows=4000, seed=1)
    present = made["income"].dropna()
    assert present.between(10, 90).all()
    assert made["income"].isna().mean() == pytest.approx(0.2, abs=0.03)
    assert set(made["town"]) == {"Leeds", "York"}
    assert made.equals(random_rows_like(real, ["income"], rows=4000, seed=1))

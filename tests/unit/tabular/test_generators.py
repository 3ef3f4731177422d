import numpy as np
import pandas as pd
import pytest

from core.tabular.copula import GaussianCopula, GaussianCopulaConfig
from core.tabular.datasets import load_dataset
from core.tabular.neural import CTGANSynthesizer, FitCancelled, NeuralConfig, TVAESynthesizer
from core.tabular.schema import describe_columns


@pytest.fixture(scope="module")
def hmda():
    table = load_dataset("hmda")
    return table, {c.name: c.type for c in describe_columns(table)}


def test_the_copula_keeps_columns_dtypes_ranges_and_categories(hmda):
    table, types = hmda
    synthetic = GaussianCopula().fit(table, types).sample(2000)
    assert list(synthetic.columns) == list(table.columns)
    assert synthetic["chist"].dtype == table["chist"].dtype
    assert set(synthetic["deny"]) <= set(table["deny"])
    assert synthetic["lvrat"].between(table["lvrat"].min(), table["lvrat"].max()).all()
    assert abs((synthetic["deny"] == "yes").mean() - (table["deny"] == "yes").mean()) < 0.03


def test_the_copula_keeps_the_relationship_between_denial_and_group(hmda):
    table, types = hmda
    rows = GaussianCopula().fit(table, types).sample(20000, condition={"deny": "yes"})
    real = (table.loc[table["deny"] == "yes", "afam"] == "yes").mean()
    assert (rows["deny"] == "yes").all()
    assert abs((rows["afam"] == "yes").mean() - real) < 0.06


def test_same_seed_same_data_and_another_seed_other_data(hmda):
    table, types = hmda
    first = GaussianCopula(GaussianCopulaConfig(seed=3)).fit(table, types).sample(300)
    again = GaussianCopula(GaussianCopulaConfig(seed=3)).fit(table, types).sample(300)
    other = GaussianCopula(GaussianCopulaConfig(seed=4)).fit(table, types).sample(300)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)


def test_missing_values_and_dates_come_back_in_their_own_form():
    rng = np.random.default_rng(0)
    table = pd.DataFrame({
        "salary": np.where(rng.uniform(size=300) < 0.3, np.nan, rng.normal(30000, 5000, 300).round()),
        "start": pd.Series(pd.date_range("2020-01-01", periods=300)).dt.strftime("%Y-%m-%d"),
        "team": rng.choice(["red", "blue", None], 300),
    })
    types = {c.name: c.type for c in describe_columns(table)}
    synthetic = GaussianCopula().fit(table, types).sample(3000)
    assert 0.2 < synthetic["salary"].isna().mean() < 0.4
    assert synthetic["start"].dropna().str.fullmatch(r"\d{4}-\d\d-\d\d").all()
    assert synthetic["team"].isna().any() and set(synthetic["team"].dropna()) <= {"red", "blue"}


def test_fixing_an_unknown_value_or_a_number_column_is_explained(hmda):
    table, types = hmda
    model = GaussianCopula().fit(table, types)
    with pytest.raises(ValueError, match="never takes the value"):
        model.sample(10, condition={"deny": "maybe"})
    with pytest.raises(ValueError, match="categorical or yes/no"):
        model.sample(10, condition={"lvrat": 0.5})


@pytest.mark.parametrize("synthesizer", [CTGANSynthesizer, TVAESynthesizer])
def test_ctgan_and_tvae_report_each_epoch_and_are_reproducible(hmda, synthesizer):
    table, types = hmda
    small = table.head(400)
    epochs = []
    model = synthesizer(NeuralConfig(epochs=3, batch_size=100, seed=1)).fit(
        small, types, progress=lambda fraction, message: epochs.append(message))
    assert len(epochs) == 3 and "epoch 3 of 3" in epochs[-1]
    again = synthesizer(NeuralConfig(epochs=3, batch_size=100, seed=1)).fit(small, types)
    pd.testing.assert_frame_equal(model.sample(50), again.sample(50))
    assert set(model.sample(200)["deny"]) <= {"yes", "no"}


def test_a_neural_fit_can_be_stopped_between_epochs(hmda):
    table, types = hmda
    with pytest.raises(FitCancelled):
        CTGANSynthesizer(NeuralConfig(epochs=50, batch_size=100)).fit(
            table.head(300), types, progress=lambda fraction, message: False if fraction > 0 else None)


def test_ctgan_conditional_sampling_gives_only_the_asked_value(hmda):
    table, types = hmda
    model = CTGANSynthesizer(NeuralConfig(epochs=2, batch_size=100)).fit(table.head(400), types)
    rows = model.sample(30, condition={"deny": "yes"})
    assert len(rows) == 30 and (rows["deny"] == "yes").all()


def test_bad_training_settings_are_refused():
    with pytest.raises(ValueError, match="multiple of 10"):
        CTGANSynthesizer(NeuralConfig(batch_size=55))
    with pytest.raises(ValueError, match="Epochs"):
        TVAESynthesizer(NeuralConfig(epochs=0))

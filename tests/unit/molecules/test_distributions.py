import numpy as np
import pandas as pd

from core.molecules.distributions import (DISTRIBUTION_PROPERTIES, GeneratorQuality, histogram, property_values,
                                          read_quality, write_quality)


def test_property_values_are_keyed_like_the_properties_table():
    values = property_values(["CCO", "c1ccccc1C(=O)O"])
    assert set(values) == set(DISTRIBUTION_PROPERTIES)
    assert 46 < values["mw"][0] < 47 and 0 < values["qed"][1] < 1 and 1 <= values["sa_score"][1] <= 10


def test_a_histogram_is_a_density_over_a_fixed_range_with_outliers_in_the_end_bins():
    result = histogram([100.0, 300.0, 310.0, 900.0], "mw")
    widths = np.diff(result.edges)
    assert result.edges[0] == 150 and result.edges[-1] == 550
    assert abs(float(np.sum(np.array(result.density) * widths)) - 1) < 1e-3
    assert result.density[0] > 0 and result.density[-1] > 0


def test_measured_quality_is_stored_beside_the_model_and_read_back(tmp_path):
    quality = GeneratorQuality(samples=10, temperature=1.0, metrics={"validity": 0.9}, published={"CharRNN": [0.975]},
                               training_histograms={"mw": histogram([300.0], "mw")}, property_distances={"mw": 1.5})
    write_quality(tmp_path, quality)
    assert read_quality(tmp_path) == quality
    assert read_quality(tmp_path / "elsewhere") is None


def test_the_tab_plots_generated_properties_over_the_training_molecules(tmp_path, monkeypatch):
    from apps import molecules

    write_quality(tmp_path, GeneratorQuality(
        samples=10, temperature=1.0, metrics={}, published={},
        training_histograms={name: histogram([sum(DISTRIBUTION_PROPERTIES[name][1]) / 2], name)
                             for name in DISTRIBUTION_PROPERTIES}))
    monkeypatch.setattr("core.molecules.generator.default_model_path", lambda: tmp_path)
    frame = pd.DataFrame({"mw": [300.0, 320.0], "logp": [2.0, 3.0], "qed": [0.6, 0.7], "sa_score": [2.0, 2.5]})
    figure = molecules.distribution_plot(frame)
    names = {trace.name for trace in figure.data}
    assert names == {"your 2 molecules", "training molecules (10,000 random)"} and len(figure.data) == 8
    assert figure.layout.yaxis.title.text == "how common"  # the heights are named, though not numbered
    assert molecules.distribution_plot(frame.iloc[:0]) is None

"""The Lab's four families, its data, judges, training loop and comparison, with tiny real models."""

import numpy as np
import pytest
import torch

from core.lab import NAMES, family_class
from core.lab.data import load_digits
from tests.lab_models import TINY_LAB

@pytest.fixture(scope="module")
def digits():
    return load_digits()


def tiny(name):
    family = family_class(name)
    return family(family.config_class(**TINY_LAB[name]))


def test_the_digits_split_once_into_4000_training_and_100_held_out_of_each_digit(digits):
    assert digits.train_images.shape == (4000, 28, 28) and digits.held_out_images.shape == (1000, 28, 28)
    assert np.bincount(digits.held_out_labels).tolist() == [100] * 10
    assert 0.0 <= digits.train_images.min() and digits.train_images.max() <= 1.0
    assert np.array_equal(load_digits().held_out_labels, digits.held_out_labels)


@pytest.mark.parametrize("name", NAMES)
def test_each_family_trains_samples_digits_repeatably_and_reloads(name, digits, tmp_path):
    from core.lab.family import load_family

    model = tiny(name)
    batch = torch.as_tensor(digits.train_images[:16])
    losses = [model.train_step(batch) for _ in range(2)][-1]
    assert losses and all(np.isfinite(value) for value in losses.values())
    samples = model.sample(3, seed=5)
    assert samples.shape == (3, 28, 28) and samples.min() >= 0.0 and samples.max() <= 1.0
    assert np.allclose(model.sample(3, seed=5), samples)
    model.save(tmp_path)
    assert np.allclose(load_family(tmp_path).sample(3, seed=5), samples, atol=1e-5)


def test_an_unknown_architecture_is_named_in_a_sentence():
    with pytest.raises(ValueError, match="choose GAN, VAE, Diffusion or Transformer"):
        family_class("RNN")


def test_the_transformer_writes_digits_as_16_kinds_of_2x2_patches(digits):
    from core.lab.transformer import to_images, to_tokens

    ink = (digits.train_images[:4] > 0.5).astype(np.float32)
    tokens = to_tokens(torch.as_tensor(ink))
    assert tokens.shape == (4, 196) and int(tokens.max()) < 16
    assert np.array_equal(to_images(tokens), ink)
    model = tiny("Transformer")
    attention = model.attention_to(ink[0], position=100)
    assert attention.shape == (14, 14) and attention.flatten()[100:].sum() == 0
    assert attention.sum() == pytest.approx(1.0, abs=0.05)


def test_diffusion_drowns_a_digit_in_more_noise_at_later_steps(digits):
    model = tiny("Diffusion")
    rows = model.noised(digits.train_images[:2], [0, 25, 49])
    assert rows.shape == (2, 3, 28, 28)
    error = [np.abs(rows[:, i] - digits.train_images[:2]).mean() for i in range(3)]
    assert error[0] < error[1] < error[2]


def test_the_vae_interpolates_between_two_digits(digits):
    model = tiny("VAE")
    path = model.interpolate(digits.train_images[0], digits.train_images[1], steps=5)
    assert path.shape == (5, 28, 28)


def test_training_reports_losses_and_previews_until_its_budget(digits):
    from core.lab.training import LabTrainingConfig, train_for

    updates = list(train_for(tiny("VAE"), digits.train_images[:256],
                             LabTrainingConfig(seconds=60, batch_size=32, max_steps=6, report_every_seconds=0,
                                               preview_count=4)))
    assert updates[-1].done and updates[-1].step == 6 and len(updates[-1].history) == len(updates)
    assert updates[-1].preview.shape == (4, 28, 28) and {"reconstruction", "kl"} <= set(updates[-1].losses)


def test_the_comparison_measures_real_digits_as_close_and_noise_as_far(digits):
    from core.lab.compare import frechet_distance, precision_recall, real_digits_score, score
    from core.lab.judge import Judges

    judges = Judges.train(digits.train_images[:1500], digits.train_labels[:1500])
    real = real_digits_score(judges, digits, count=200)
    noise = score("noise", lambda n, seed: np.random.default_rng(seed).random((n, 28, 28), dtype=np.float32),
                  judges, digits, count=200, seeds=(0,))
    assert real.frechet_distance < noise.frechet_distance / 10
    assert real.precision > 0.6 and noise.precision < 0.1 and real.digits_covered >= 9
    features = judges.features.features(digits.held_out_images[:200])
    assert frechet_distance(features, features) == pytest.approx(0.0, abs=1e-3)
    assert precision_recall(features, features) == (1.0, 1.0)


def test_the_transformer_writing_with_its_cache_predicts_as_the_whole_sequence_would():
    from core.lab.transformer import START

    model = tiny("Transformer")
    steps = list(model.writing(2, seed=3))
    tokens = steps[10][1]  # the first 11 patches written
    full = torch.cat([torch.full((2, 1), START), tokens], dim=1)
    with torch.no_grad():
        expected = model.model(full)[:, -1].softmax(-1)
    assert torch.allclose(steps[11][2], expected, atol=1e-5)


def test_the_comparison_sentences_say_what_the_figures_show():
    from core.lab.shipped import comparison_sentences

    def row(model, fd, recall, certainty, speed, nearest):
        return {"model": model, "frechet_distance": fd, "recall": recall, "top_class_probability": certainty,
                "samples_per_second": speed, "nearest_training_rms": nearest}

    rows = [row("Real digits", 2.0, 0.95, 0.9, 1e6, 0.2), row("GAN", 12.5, 0.4, 0.85, 9000, 0.22),
            row("VAE", 30.0, 0.7, 0.6, 20000, 0.25), row("Diffusion", 8.0, 0.8, 0.8, 12, 0.21),
            row("Transformer", 20.0, 0.6, 0.7, 110, 0.24)]
    closest, sharpest, widest, speed, copies = comparison_sentences(rows)
    assert closest.startswith("Closest to real digits: the diffusion model (how far from real, the Fréchet distance: 8") and "score 2" in closest
    assert "the GAN's digits" in sharpest and "85%" in sharpest and "real digits: 90%" in sharpest
    # the most readable, not the closest to real: said, from the figures (review 10)
    assert sharpest.endswith("Readable is not the same as close to real: as a set, its digits are 12.5 from real "
                             "ones (Fréchet distance), more than the diffusion model's.")
    assert "real-looking" not in sharpest  # beside "looks real (precision)" of 88% it read as a contradiction
    rows[2]["top_class_probability"] = 0.95
    assert comparison_sentences(rows)[1].endswith("its digits are 30 from real ones (Fréchet distance), 4 times the "
                                                  "diffusion model's.")
    rows[2]["top_class_probability"] = 0.6
    assert widest == "Widest variety: the diffusion model covers 80% of the real digits' variety (recall; real digits 95%)."
    rows[0]["precision"], rows[3]["precision"], rows[3]["recall"] = 0.9, 0.68, 0.97  # above real digits' own figure
    widest = comparison_sentences(rows)[2]
    assert widest.startswith("Widest variety: the diffusion model covers 97% of the real digits' variety (recall; "
                             "real digits 95%). That is not more variety than real handwriting:")
    assert widest.endswith("spread wider than real digits; fewer of them look real (precision 68%, real digits 90%).")
    assert "the VAE makes 20,000 digits a second, the diffusion model 12." in speed
    rows[3]["samples_per_second"] = 6.93  # the table says it the same way: "6.9", not "7"
    assert comparison_sentences(rows)[3].endswith("the diffusion model 6.9.")
    assert "at least 0.21" in copies and "0.20" in copies
    rows[1]["nearest_training_rms"] = 0.05
    assert comparison_sentences(rows)[-1] == "Close to copies of training digits: GAN."
    # the collapsing GAN's 100% "looks real", the column's best, beside 0% variety: said why, from its figures
    collapsed = {**row("GAN (collapsing settings)", 831.5, 0.0, 0.61, 7724, 0.24), "precision": 1.0,
                 "digits_covered": 2}
    assert comparison_sentences([*rows, collapsed])[-2] == (
        "The GAN (collapsing settings) shows why no one figure is enough: its digits look real (precision 100%), "
        "but they show only 2 of the 10 digits and cover 0% of real handwriting's variety (recall).")
    assert len(comparison_sentences([*rows, collapsed])) == len(comparison_sentences(rows)) + 1


def test_inside_each_model_shows_the_vae_map_the_noising_the_attention_and_the_gan(configured_tiny_lab):
    from core.lab.inside import (diffusion_forward, diffusion_reverse, gan_story, transformer_look, vae_map,
                                 vae_walk)

    decoded, points, labels = vae_map(resolution=4)
    assert decoded.shape == (16, 28, 28) and points.shape == (1000, 2) and len(labels) == 1000
    assert vae_walk(1, 7, steps=5).shape == (5, 28, 28)
    steps, frames = diffusion_forward(3)
    assert steps[0] == 0 and steps[-1] == 49 and frames.shape == (8, 28, 28)
    done, shots = diffusion_reverse(seed=1, frames=2)
    assert done[-1] == 4 and shots.shape[1:] == (28, 28)
    written, attention, probabilities = transformer_look(seed=2, position=30)
    assert written.shape == (28, 28) and np.isnan(written[6:, :]).all() and not np.isnan(written[:4]).any()
    assert attention.shape == (14, 14) and probabilities.shape == (16,)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-4)
    history, collapsed, balanced = gan_story()
    assert collapsed is None and balanced.sum() == 200
    with pytest.raises(ValueError, match="from 1 to 195"):
        transformer_look(seed=2, position=0)


def test_the_gan_and_diffusion_sample_from_a_running_average_that_warms_up_quickly():
    import torch

    from core.lab.averaging import WeightAverage

    network = torch.nn.Linear(4, 1)
    average = WeightAverage("average", network, decay=0.999)
    with torch.no_grad():
        network.weight.add_(1.0)
    average.update(network)  # the first updates follow the network closely (decay 2/11), not the 0.999 asked
    assert torch.allclose(average.network.weight, network.weight, atol=0.2)
    for name in ("GAN", "Diffusion"):
        from core.lab import family_class
        from tests.lab_models import TINY_LAB

        family = family_class(name)
        model = family(family.config_class(**TINY_LAB[name]))
        assert [a.name for a in model.averages()] and all(a.name in model.networks() for a in model.averages())
        learned = sum(p.numel() for key, n in model.networks().items() if not key.startswith("average")
                      for p in n.parameters())
        assert model.parameter_count() == learned  # the average is not counted twice


def test_the_lab_spells_out_its_model_names_and_says_what_a_loss_chart_shows():
    import re

    from apps.lab import ARCHITECTURES, INTRODUCTION
    from core.lab.figures import loss_figure

    introduction = " ".join(INTRODUCTION.split())
    assert "generative adversarial network (GAN)" in introduction
    assert "variational autoencoder (VAE)" in introduction
    assert ARCHITECTURES["GAN"].startswith("A generative adversarial network (GAN)")
    assert ARCHITECTURES["VAE"].startswith("A variational autoencoder (VAE)")
    vae = loss_figure([{"step": 1, "reconstruction": 0.5, "kl": 0.1}])
    gan = loss_figure([{"step": 1, "generator": 0.7, "discriminator": 0.6}])
    assert "lower is better" in vae.layout.title.text and "tug of war" in gan.layout.title.text.lower()
    legend = " ".join(trace.name for trace in vae.data)
    assert not re.search(r"\bKL\b", legend) and "spread" in legend


def test_the_comparison_table_shows_speed_and_training_time_as_people_read_them():
    from apps.lab import shown_row

    def row(model, speed, seconds):
        return {"model": model, "frechet_distance": 12.45, "frechet_spread": 1.71, "precision": 0.677,
                "recall": 0.95, "samples_per_second": speed, "training_seconds": seconds}

    real = shown_row(row("Real digits", 1186532.4, None))
    gan = shown_row(row("GAN", 4599.9, 2400.1))
    quick = shown_row(row("VAE", 13343.2, 42.0))
    assert (real["samples_per_second"], real["training_seconds"]) == ("–", "–")  # real digits are not made
    assert (gan["samples_per_second"], gan["training_seconds"]) == ("4,600", "40 min")
    assert (quick["samples_per_second"], quick["training_seconds"]) == ("13,343", "42 s")
    assert shown_row(row("Diffusion", 6.93, 4800))["samples_per_second"] == "6.9"
    # the spread shares the distance's cell, so a phone's first screen reaches precision and recall; shares as the
    # sentences say them
    assert "frechet_spread" not in gan and gan["frechet_distance"] == "12.45 ± 1.71"
    assert list(gan)[:4] == ["model", "frechet_distance", "precision", "recall"]
    assert (gan["precision"], gan["recall"]) == ("68%", "95%")


def test_the_transformer_look_says_the_patch_the_visitor_picked():
    from apps.lab import inside_transformer

    assert inside_transformer(3, 2)[2].startswith("Writing patch 2 of 196 (row 1, column 2;")
    assert inside_transformer(3, 196)[2].startswith("Writing patch 196 of 196 (row 14, column 14;")
    with pytest.raises(ValueError, match="from 2 to 196"):
        inside_transformer(3, 1)


def test_the_latent_maps_digits_are_told_apart_by_colour_and_written_where_they_land():
    import itertools

    import numpy as np

    from core.lab.figures import latent_map_figure

    def lab(colour):  # CIE L*a*b* of "#rrggbb"
        rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
        f = np.cbrt(np.maximum(xyz / np.array([0.95047, 1, 1.08883]), 0.008856 ** 1))
        return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])

    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), 20)
    points = rng.normal(size=(200, 2)) * 0.1 + labels[:, None]
    figure = latent_map_figure(points, labels)
    colours = [trace.marker.color for trace in figure.data]
    assert len(set(colours)) == 10
    assert min(np.linalg.norm(lab(a) - lab(b)) for a, b in itertools.combinations(colours, 2)) >= 25  # plotly's: 22
    written = {annotation.text: (annotation.x, annotation.y) for annotation in figure.layout.annotations}
    assert sorted(written) == [f"<b>{digit}</b>" for digit in range(10)]
    for digit in range(10):
        assert np.allclose(written[f"<b>{digit}</b>"], np.median(points[labels == digit], axis=0))


def test_the_latent_maps_digit_labels_do_not_cover_each_other_where_clusters_overlap():
    import itertools

    import numpy as np

    from core.lab.figures import LABEL_SIZE, latent_map_figure

    rng = np.random.default_rng(1)
    labels = np.repeat(np.arange(10), 30)
    centres = np.array([[0, 0], [0.1, 0.05], [0.05, 0.1], [3, 3], [3.1, 3], [-3, 2], [2, -3], [0.2, 0], [-2, -2], [1, 1]])
    points = centres[labels] + rng.normal(size=(300, 2)) * 0.3  # 0, 1, 2 and 7 pile up as 4/9 and 3/5 can
    figure = latent_map_figure(points, labels)
    span = points.max(axis=0) - points.min(axis=0)
    placed = [np.array([a.x, a.y]) / span for a in figure.layout.annotations]
    for first, second in itertools.combinations(placed, 2):
        gap = np.abs(first - second)
        assert gap[0] >= LABEL_SIZE[0] or gap[1] >= LABEL_SIZE[1]
    for digit, annotation in enumerate(figure.layout.annotations):  # still near its own points
        middle = np.median(points[labels == digit], axis=0)
        assert abs(annotation.x - middle[0]) < 1e-9 and abs(annotation.y - middle[1]) < 0.3 * span[1]


def test_a_loss_ten_times_smaller_than_the_other_gets_its_own_panel_instead_of_lying_flat_on_zero():
    """On a second scale over the same plot, the VAE's rising spread crossed its falling loss and read as training
    going wrong, and the right scale's 0 sat beside the loss' last point (review 15): a panel of its own, below."""
    from core.lab.figures import loss_figure

    history = [{"step": step, "reconstruction": 300 - step, "kl": 4 + step / 100} for step in range(0, 200, 20)]
    figure = loss_figure(history)  # the VAE's spread line was drawn flat on the axis beside ~300
    axes = {trace.name: trace.yaxis for trace in figure.data}
    assert sorted(axes.values()) == ["y", "y2"] and "spread (how far its numbers stray from usual)" in axes
    assert figure.layout.yaxis2.overlaying is None and figure.layout.yaxis2.domain[1] < figure.layout.yaxis.domain[0]
    assert figure.layout.xaxis.anchor == "y2"  # the steps' numbers under the lower panel, shared by both
    assert "below" in figure.layout.title.text
    # the lower scale's 0 sits above the axis line (it touched the last step's number beneath it), every point shown
    low, top = figure.layout.yaxis2.range
    spread = [h["kl"] for h in history]
    assert low < 0 < min(spread) and max(spread) < top and -low >= 0.05 * (top - low)
    same = loss_figure([{"step": 1, "generator": 0.7, "discriminator": 0.6}])
    assert {trace.yaxis for trace in same.data} == {"y"}
    # both scales say what they measure: the left "loss" was jargon, the right one untitled (review 9)
    assert figure.layout.yaxis.title.text == "how far off (loss)" and figure.layout.yaxis2.title.text == "spread"
    # no second base line under the first (a line "dipped below the baseline"), and room for the plot beside the
    # long legend (110 px were left on a laptop, review 10)
    assert figure.layout.yaxis2.zeroline is False and figure.layout.height > same.layout.height


def test_the_attention_picture_draws_ink_grey_as_the_patch_chart_does_and_what_is_not_written_in_another_colour():
    """Grey meant 'not written yet' in the picture and 'ink' in the chart beside it."""
    from core.lab.figures import NOT_WRITTEN_COLOUR, attention_picture

    written = np.zeros((28, 28))
    written[:2, :] = 1.0  # a first row of patches, all ink
    written[2:, :] = np.nan
    picture = np.asarray(attention_picture(written, np.zeros((14, 14)), scale=1)).astype(int)
    ink, not_written = picture[0, 0], picture[27, 27]
    assert ink[0] == ink[1] == ink[2] == 153  # grey
    assert tuple(not_written) == tuple(int(c * 255) for c in NOT_WRITTEN_COLOUR) and not_written[2] > not_written[0]


def test_each_guessed_patch_is_drawn_under_its_bar_as_its_four_squares():
    from core.lab.figures import patch_probabilities_figure
    from core.lab.inside import PATCH_GLYPHS

    probabilities = np.linspace(0.01, 0.16, 16)  # the likeliest is patch 15, all ink (█); then 14 (▛), 13 (▜)
    figure = patch_probabilities_figure(probabilities / probabilities.sum(), PATCH_GLYPHS)
    assert len(figure.layout.shapes) == 8 * 4 and not figure.layout.xaxis.showticklabels
    inked = [shape.fillcolor != "rgba(0,0,0,0)" for shape in figure.layout.shapes]
    assert inked[:4] == [True] * 4  # █ under the first bar
    assert inked[4:8] == [True, True, True, False]  # ▛: all but the bottom right
    assert inked[8:12] == [True, True, False, True]  # ▜: all but the bottom left
    # square at any width: sized in pixels (in data units they were tall and thin on a phone)
    assert all(shape.xsizemode == shape.ysizemode == "pixel" and shape.x1 - shape.x0 == shape.y1 - shape.y0
               for shape in figure.layout.shapes)
    # its scale in percent, as the words beside it ("74% probability"); it read 0 to 0.6 (review 10)
    assert figure.layout.yaxis.tickformat == ".0%"

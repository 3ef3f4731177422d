"""Fixtures: the Lab's four families, judges, readers and comparison at toy size, saved where GENLAB_LAB_MODEL
points."""

import os

import pytest

TINY_LAB = {
    "GAN": {"noise_size": 8, "width": 8},
    "VAE": {"latent_size": 2, "width": 8},
    "Diffusion": {"widths": (8, 16, 16), "training_steps": 50, "sampling_steps": 4},
    "Transformer": {"layers": 1, "heads": 2, "width": 16},
}


def save_tiny_lab(folder):
    import json

    import torch

    from core.lab import NAMES, family_class
    from core.lab.compare import real_digits_score, score
    from core.lab.data import load_digits
    from core.lab.judge import FeatureNet, Judges, PixelJudge
    from core.lab.readers import Readers

    digits = load_digits()
    batch = torch.as_tensor(digits.train_images[:16])
    judges = Judges(PixelJudge.fit(digits.train_images[:500], digits.train_labels[:500]), FeatureNet().eval())
    judges.save(folder / "judges")
    Readers(FeatureNet().eval(), FeatureNet().eval()).save(folder / "readers")
    read = judges.pixels.probabilities(digits.held_out_images).argmax(1)  # measured as core.lab.train measures it
    accuracy = round(float((read == digits.held_out_labels).mean()), 4)
    (folder / "judges" / "judges.json").write_text(json.dumps({"pixel_judge_held_out_accuracy": accuracy}))
    rows = [real_digits_score(judges, digits, count=100).as_row()]
    for name in NAMES:
        family = family_class(name)
        model = family(family.config_class(**TINY_LAB[name]))
        for _ in range(2):
            model.train_step(batch)
        model.save(folder / name.lower(), extra={"training": {"seconds": 1.0, "steps": 2}})
        rows.append(score(name, model.sample, judges, digits, count=100, seeds=(0,), training_seconds=1.0).as_row())
    (folder / "comparison.json").write_text(json.dumps({"rows": rows, "held_out_digits": 1000, "samples_per_seed": 100}))
    return folder


@pytest.fixture(scope="session", autouse=True)
def tiny_lab_dir(tmp_path_factory):
    """The app's Lab tab runs on toy models in the tests (the shipped ones are checked in their own test)."""
    from core.settings import reset_settings

    folder = save_tiny_lab(tmp_path_factory.mktemp("lab"))
    os.environ["GENLAB_LAB_MODEL"] = str(folder)
    reset_settings()
    yield folder


@pytest.fixture
def configured_tiny_lab(tiny_lab_dir, monkeypatch):
    """The settings pointing at the toy Lab models (as the whole test session's are)."""
    from core.settings import reset_settings

    monkeypatch.setenv("GENLAB_LAB_MODEL", str(tiny_lab_dir))
    reset_settings()
    yield tiny_lab_dir

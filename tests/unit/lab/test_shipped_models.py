"""The Lab's shipped models (assets/models/lab), as a visitor gets them: 64 digits from seed 0 each."""

from pathlib import Path

import numpy as np
import pytest

SHIPPED = Path(__file__).resolve().parents[3] / "assets" / "models" / "lab"

pytestmark = pytest.mark.skipif(not (SHIPPED / "comparison.json").exists(), reason="the Lab's models are not shipped")


@pytest.fixture(scope="module")
def judges():
    from core.lab.judge import Judges

    return Judges.load(SHIPPED / "judges")


@pytest.mark.parametrize("folder", ["gan", "vae", "diffusion", "transformer"])
def test_a_shipped_model_meets_the_bar_and_copies_no_training_digit(folder, judges):
    from core.lab.compare import nearest_rms
    from core.lab.data import load_digits
    from core.lab.family import load_family

    digits = load_family(SHIPPED / folder).sample(64, 0)
    probabilities = judges.pixels.probabilities(digits)
    assert len(set(probabilities.argmax(1))) >= 8 and probabilities.max(1).mean() >= 0.8
    assert np.median(nearest_rms(digits, load_digits().train_images)) > 0.1  # a copy would be 0


def test_the_collapsing_gan_makes_few_kinds_of_digit_and_the_comparison_says_so(judges):
    import json

    from core.lab.family import load_family

    made = judges.pixels.probabilities(load_family(SHIPPED / "gan-collapse").sample(64, 0)).argmax(1)
    assert np.bincount(made, minlength=10).max() >= 48  # three in four samples are one digit
    rows = {row["model"]: row for row in json.loads((SHIPPED / "comparison.json").read_text())["rows"]}
    assert rows["GAN (collapsing settings)"]["digits_covered"] <= 3 < rows["GAN"]["digits_covered"]

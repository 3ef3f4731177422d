"""The Lab's models compared on the same held-out digits, with figures rather than adjectives.

- Fréchet distance (FD): how far the cloud of samples is from the cloud of held-out digits, on the features
  of the Lab's own digit classifier (core.lab.judge.FeatureNet); 0 is identical clouds. The held-out digits
  against the training digits give the floor a perfect model would reach.
- Precision and recall (Kynkäänniemi et al. 2019, k = 3): the share of samples that fall inside the real
  digits' cloud (look real), and the share of real digits inside the samples' cloud (the variety covered).
- Digits covered and top-class probability: which digit the plain pixel classifier sees in each sample,
  and how sure it is (blurry or scrawled samples get low probabilities).
- Nearest training digit: the root-mean-square pixel distance from each sample to its closest training
  digit, beside the same for held-out digits: a model that copies its training digits sits far below.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace

import numpy as np

from core.lab.data import Digits
from core.lab.judge import Judges

NEIGHBOURS = 3


def frechet_distance(first: np.ndarray, second: np.ndarray) -> float:
    from scipy import linalg

    mean_gap = first.mean(0) - second.mean(0)
    cov_first, cov_second = np.cov(first, rowvar=False), np.cov(second, rowvar=False)
    root, _ = linalg.sqrtm(cov_first @ cov_second, disp=False)
    return float(mean_gap @ mean_gap + np.trace(cov_first + cov_second - 2 * np.real(root)))


def _radii(features: np.ndarray, k: int) -> np.ndarray:
    from scipy.spatial.distance import cdist

    distances = cdist(features, features)
    return np.sort(distances, axis=1)[:, k]  # column 0 is the point itself


def precision_recall(real: np.ndarray, fake: np.ndarray, k: int = NEIGHBOURS) -> tuple[float, float]:
    from scipy.spatial.distance import cdist

    real_radii, fake_radii = _radii(real, k), _radii(fake, k)
    between = cdist(fake, real)
    precision = float((between <= real_radii[None, :]).any(1).mean())
    recall = float((between.T <= fake_radii[None, :]).any(1).mean())
    return precision, recall


def nearest_rms(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Each sample's root-mean-square pixel distance to its nearest `reference` digit."""
    from scipy.spatial.distance import cdist

    flat = samples.reshape(len(samples), -1)
    return np.sqrt(cdist(flat, reference.reshape(len(reference), -1), "sqeuclidean").min(1) / flat.shape[1])


@dataclass(frozen=True)
class Score:
    model: str
    frechet_distance: float
    frechet_spread: float  # standard deviation over the seeds
    precision: float
    recall: float
    digits_covered: int  # of 10, in 64 samples from the first seed
    top_class_probability: float  # mean, over those 64 samples
    nearest_training_rms: float  # median over those 64 samples
    samples_per_second: float
    training_seconds: float | None = None

    def as_row(self) -> dict:
        return asdict(self)


def score(name: str, sample, judges: Judges, digits: Digits, count: int = 500, seeds: tuple[int, ...] = (0, 1, 2),
          training_seconds: float | None = None) -> Score:
    """Score `sample(count, seed)` (a model's sampler, or real digits) against the held-out digits."""
    real = judges.features.features(digits.held_out_images)
    distances, precisions, recalls, seconds, first = [], [], [], [], None
    for seed in seeds:
        started = time.perf_counter()
        samples = sample(count, seed)
        seconds.append(time.perf_counter() - started)
        first = samples if first is None else first
        features = judges.features.features(samples)
        distances.append(frechet_distance(features, real))
        precision, recall = precision_recall(real, features)
        precisions.append(precision)
        recalls.append(recall)
    shown = first[:64]
    probabilities = judges.pixels.probabilities(shown)
    return Score(model=name, frechet_distance=round(float(np.mean(distances)), 2),
                 frechet_spread=round(float(np.std(distances)), 2),
                 precision=round(float(np.mean(precisions)), 3), recall=round(float(np.mean(recalls)), 3),
                 digits_covered=int(len(set(probabilities.argmax(1)))),
                 top_class_probability=round(float(probabilities.max(1).mean()), 3),
                 nearest_training_rms=round(float(np.median(nearest_rms(shown, digits.train_images))), 3),
                 samples_per_second=round(count * len(seeds) / sum(seconds), 1), training_seconds=training_seconds)


def real_digits_score(judges: Judges, digits: Digits, count: int = 500) -> Score:
    """The held-out digits scored like a model whose samples are training digits: the floor for the others."""

    def training_digits(n: int, seed: int) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return digits.train_images[rng.choice(len(digits.train_images), n, replace=False)]

    scored = score("Real digits", training_digits, judges, digits, count)
    # its nearest-digit column: held-out digits to their nearest training digit (a training digit's is 0)
    held_out = np.median(nearest_rms(digits.held_out_images[:64], digits.train_images))
    return replace(scored, nearest_training_rms=round(float(held_out), 3))

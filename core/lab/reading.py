"""What the Lab's two digit readers read in a set of samples, and how far their reading goes.

A sample is read as a digit only where both readers (core.lab.readers: two small convolutional networks from two
random starts) read the same digit, each at least SURE of it; otherwise it is unclear, and its caption gives both
readings ("4 or 9?") or its doubt ("6?"), short enough for a phone's thumbnails ("perhaps a 6?" was cut to
"perhaps …" there).
One classifier alone captioned a clear 9 "read as 7" on a model's samples, which are less tidy than the digits it
learned from; the plain pixel classifier and the judges' network, read together, left most of a model's clear
digits unread (review 13). How far the agreed readings go is measured, not assumed: on the real digits neither
reader saw, `agreement_on_real_digits` gives how many the two agree on and how many of those they read right.

    readings = read_digits(samples)
    readings.captions   # ["read as 0", ..., "4 or 9?", "6?"]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_agreement: dict[str, tuple[float, float]] = {}


@dataclass
class DigitReadings:
    images: np.ndarray  # the samples: the clear ones first, by the digit read, then the unclear ones
    captions: list[str]  # "read as 7"; "4 or 9?" where the two differ; "6?" where one is unsure
    counts: np.ndarray  # how many samples both classifiers read surely as each digit, 0 to 9
    unclear: int  # samples the two read differently or not surely

    @property
    def clear(self) -> int:
        return int(self.counts.sum())


# each classifier's probability for the digit both read, at least: a GAN's clear 6 was read as 1 at 0.86 and 0.78
SURE = 0.8


def agreed_readings(first_probabilities: np.ndarray, second_probabilities: np.ndarray):
    """Each image's digit by the first reader, by the second, and whether both read it so, each at least SURE."""
    first, second = first_probabilities.argmax(1), second_probabilities.argmax(1)
    sure = (first == second) & (first_probabilities.max(1) >= SURE) & (second_probabilities.max(1) >= SURE)
    return first, second, sure


def agreement(first: np.ndarray, sure: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The share of digits read alike surely, and the share of those read right."""
    right = float((first[sure] == labels[sure]).mean()) if sure.any() else 0.0
    return float(sure.mean()), right


def _two_readings(images: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shipped readers' `agreed_readings` of `images`."""
    from core import torch_thread
    from core.lab.shipped import readers

    return agreed_readings(*torch_thread.run(readers().probabilities, images))


def _doubt(first: int, second: int) -> str:
    if first == second:
        return f"{first}?"  # both read it so, one of them not sure
    return f"{min(first, second)} or {max(first, second)}?"


def read_digits(images: np.ndarray) -> DigitReadings:
    first, second, sure = _two_readings(images)
    order = np.lexsort((first, ~sure))  # the sure ones first, each group by the first reader's digit
    captions = [f"read as {first[i]}" if sure[i] else _doubt(first[i], second[i]) for i in order]
    return DigitReadings(images[order], captions, np.bincount(first[sure], minlength=10), int((~sure).sum()))


def agreement_on_real_digits() -> tuple[float, float]:
    """On the Lab's held-out real digits, which neither reader trained on: the share the two agree on, and the
    share of those they read right. Measured once per set of readers."""
    from core.lab.data import load_digits
    from core.lab.shipped import models_folder

    key = str(models_folder())
    if key not in _agreement:
        digits = load_digits()
        first, _second, sure = _two_readings(digits.held_out_images)
        _agreement[key] = agreement(first, sure, digits.held_out_labels)
    return _agreement[key]

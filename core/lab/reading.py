"""What the Lab's two digit classifiers read in a set of samples, and how far their reading goes.

A sample is read as a digit only where both classifiers (core.lab.judge: one on raw pixels, one a small
convolutional network) read the same digit, each at least SURE of it; otherwise it is unclear, and its caption gives
both readings ("4 or 9?") or its doubt ("6?"), short enough for a phone's thumbnails ("perhaps a 6?" was cut to
"perhaps …" there).
One classifier alone captioned a clear 9 "read as 7" on a model's samples, which are less tidy than the digits it
learned from. How far the agreed readings go is measured, not assumed: on the real digits neither classifier saw,
`agreement_on_real_digits` gives how many the two agree on and how many of those they read right.

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


def _two_readings(images: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each image's digit by the pixel classifier, by the network, and whether both read it so and are sure."""
    from core import torch_thread
    from core.lab.shipped import judges

    readers = judges()
    pixel_probabilities = readers.pixels.probabilities(images)
    network_probabilities = torch_thread.run(readers.features.probabilities, images)
    pixels, network = pixel_probabilities.argmax(1), network_probabilities.argmax(1)
    sure = (pixels == network) & (pixel_probabilities.max(1) >= SURE) & (network_probabilities.max(1) >= SURE)
    return pixels, network, sure


def _doubt(pixel: int, network: int) -> str:
    if pixel == network:
        return f"{pixel}?"  # both read it so, one of them not sure
    return f"{min(pixel, network)} or {max(pixel, network)}?"


def read_digits(images: np.ndarray) -> DigitReadings:
    pixels, network, sure = _two_readings(images)
    order = np.lexsort((pixels, ~sure))  # the sure ones first, each group by the pixel classifier's digit
    captions = [f"read as {pixels[i]}" if sure[i] else _doubt(pixels[i], network[i]) for i in order]
    return DigitReadings(images[order], captions, np.bincount(pixels[sure], minlength=10), int((~sure).sum()))


def agreement_on_real_digits() -> tuple[float, float]:
    """On the Lab's held-out real digits, which neither classifier trained on: the share the two agree on, and
    the share of those they read right. Measured once per set of classifiers."""
    from core.lab.data import load_digits
    from core.lab.shipped import models_folder

    key = str(models_folder())
    if key not in _agreement:
        digits = load_digits()
        pixels, _network, sure = _two_readings(digits.held_out_images)
        right = float((pixels[sure] == digits.held_out_labels[sure]).mean()) if sure.any() else 0.0
        _agreement[key] = (float(sure.mean()), right)
    return _agreement[key]

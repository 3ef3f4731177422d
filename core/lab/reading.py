"""What the Lab's two digit classifiers read in a set of samples, and how far their reading goes.

A sample is read as a digit only where both classifiers (core.lab.judge: one on raw pixels, one a small
convolutional network) read the same digit; where they differ it is unclear, and its caption gives both readings.
One classifier alone captioned a clear 9 "read as 7" on a model's samples, which are less tidy than the digits it
learned from. How far the agreed readings go is measured, not assumed: on the real digits neither classifier saw,
`agreement_on_real_digits` gives how many the two agree on and how many of those they read right.

    readings = read_digits(samples)
    readings.captions   # ["read as 0", ..., "a 4 or a 9?"]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_agreement: dict[str, tuple[float, float]] = {}


@dataclass
class DigitReadings:
    images: np.ndarray  # the samples: the clear ones first, by the digit read, then the unclear ones
    captions: list[str]  # each sample's: "read as 7", or "a 4 or a 9?" where the classifiers differ
    counts: np.ndarray  # how many samples both classifiers read as each digit, 0 to 9
    unclear: int  # samples the two read differently

    @property
    def clear(self) -> int:
        return int(self.counts.sum())


def _two_readings(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from core import torch_thread
    from core.lab.shipped import judges

    readers = judges()
    return readers.pixels.probabilities(images).argmax(1), torch_thread.run(readers.features.predict, images)


def _a_digit(digit: int) -> str:
    return f"an {digit}" if digit == 8 else f"a {digit}"  # "a 5 or an 8?", not "a 5 or a 8?"


def read_digits(images: np.ndarray) -> DigitReadings:
    pixels, network = _two_readings(images)
    agreed = pixels == network
    order = np.lexsort((pixels, ~agreed))  # agreed first, each group by the pixel classifier's digit
    captions = [f"read as {pixels[i]}" if agreed[i] else
                f"{_a_digit(min(pixels[i], network[i]))} or {_a_digit(max(pixels[i], network[i]))}?" for i in order]
    return DigitReadings(images[order], captions, np.bincount(pixels[agreed], minlength=10),
                         int((~agreed).sum()))


def agreement_on_real_digits() -> tuple[float, float]:
    """On the Lab's held-out real digits, which neither classifier trained on: the share the two agree on, and
    the share of those they read right. Measured once per set of classifiers."""
    from core.lab.data import load_digits
    from core.lab.shipped import models_folder

    key = str(models_folder())
    if key not in _agreement:
        digits = load_digits()
        pixels, network = _two_readings(digits.held_out_images)
        agreed = pixels == network
        right = float((pixels[agreed] == digits.held_out_labels[agreed]).mean()) if agreed.any() else 0.0
        _agreement[key] = (float(agreed.mean()), right)
    return _agreement[key]

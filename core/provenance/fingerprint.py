"""Perceptual fingerprints: what a picture looks like, in 256 bits, kept in its audit row at signing.

    stored = fingerprints(image)                  # "a1b2... 03c4... ..." (full picture and crops of it)
    distance(fingerprint(checked), stored)      # fewest differing bits; small: the same picture

Each fingerprint is a DCT perceptual hash (pHash, enlarged): the luma shrunk to 64x64, its 2-D DCT,
and one bit per coefficient of the lowest 16x16 (the constant one left out of the median) saying
whether it is above their median. Re-saving, resizing and small changes of brightness move few bits,
a crop more, so the audit row keeps the hash of the whole picture and of crops to 90% and 80% (each
corner and the centre), and a checked picture is compared with the nearest. A watermark copied onto
another picture is caught here: the mark reads, the record exists, but the picture is not the one
the record was made for.

The common 64-bit pHash (8x8 of 32x32) told the art tab's renders apart by as little as 10 bits
while a crop of the same picture moved 6 (a pilot run). At 256 bits, `python bench/deepfake_check.py
--watermark-only` measures the same picture, after every edit of its table, at most 10 bits from its
record's nearest hash, and another picture at least 68 bits away (6,060 pairs: the 20 pictures after
each edit against the 19 others, and 94 unmarked pictures of other things against all 20);
MATCH_DISTANCE sits between.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

SIDE, SHRINK = 16, 64
BITS = SIDE * SIDE
MATCH_DISTANCE = 32  # bits of 256: the same picture measured at most 10 away, another at least 68
CROPS = (0.9, 0.8)


def fingerprint(image: Image.Image) -> int:
    import cv2

    luma = np.asarray(image.convert("L"), dtype=np.float32)
    small = cv2.resize(luma, (SHRINK, SHRINK), interpolation=cv2.INTER_AREA)
    low = cv2.dct(small)[:SIDE, :SIDE].reshape(-1)
    bits = low > np.median(low[1:])
    return int("".join("1" if bit else "0" for bit in bits), 2)


def _crops(image: Image.Image):
    yield image
    width, height = image.size
    for share in CROPS:
        w, h = int(round(width * share)), int(round(height * share))
        for left, top in ((0, 0), (width - w, 0), (0, height - h), (width - w, height - h),
                          ((width - w) // 2, (height - h) // 2)):
            yield image.crop((left, top, left + w, top + h))


def fingerprints(image: Image.Image) -> str:
    """The hashes the audit row keeps: the whole picture first, then its crops, as hex words."""
    return " ".join(f"{fingerprint(part):0{BITS // 4}x}" for part in _crops(image))


def distance(value: int, stored: str) -> int:
    """Fewest bits by which `value` differs from any of the stored hashes (BITS + 1 when none is stored)."""
    words = [int(word, 16) for word in (stored or "").split()]
    return min((bin(value ^ word).count("1") for word in words), default=BITS + 1)

"""Invisible watermarks: ours (linked to its audit record), Stable Diffusion's and SDXL's.

Stable Diffusion's reference scripts embed the bytes "StableDiffusionV1" with invisible-watermark's
dwtDct; diffusers' SDXL pipelines embed a fixed 48-bit message the same way (from RGB arrays,
where the library expects BGR, so both channel orders are tried). The library's own decoder gets
some bits wrong even on untouched pictures, so a mark counts as found when far more bits agree
than chance allows (binomial tail, figures below), not only when all do.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

SD_V1_MESSAGE = b"StableDiffusionV1"
SDXL_MESSAGE = 0b101100111110110010010000011110111011000110011110
SDXL_BITS = [int(bit) for bit in bin(SDXL_MESSAGE)[2:]]
SD_V1_MIN_AGREEMENT = 100  # of 136 bits: chance on an unmarked picture about 2e-8
SDXL_MIN_AGREEMENT = 40  # of 48 bits: chance about 2e-6 per channel order


@dataclass
class WatermarkFinding:
    name: str
    found: bool
    agreement: float  # share of bits that match the expected message
    detail: str = ""


def _bits_of(message: bytes) -> list[int]:
    return [(byte >> (7 - i)) & 1 for byte in message for i in range(8)]


def _decoded_bits(array: np.ndarray, length: int) -> np.ndarray:
    from imwatermark import WatermarkDecoder

    return np.array(WatermarkDecoder("bits", length).decode(array, "dwtDct"), dtype=int)


def stable_diffusion_marks(image: Image.Image) -> list[WatermarkFinding]:
    """Stable Diffusion v1 and SDXL marks (only pictures of at least 256x256 can carry them)."""
    if image.width * image.height < 256 * 256:
        return [WatermarkFinding("Stable Diffusion", False, 0.0, "too small to carry this watermark"),
                WatermarkFinding("SDXL", False, 0.0, "too small to carry this watermark")]
    rgb = np.asarray(image.convert("RGB"))
    orders = (np.ascontiguousarray(rgb[:, :, ::-1]), np.ascontiguousarray(rgb))
    findings = []
    for name, expected, minimum in (("Stable Diffusion", _bits_of(SD_V1_MESSAGE), SD_V1_MIN_AGREEMENT),
                                    ("SDXL", SDXL_BITS, SDXL_MIN_AGREEMENT)):
        best = max(int((_decoded_bits(array, len(expected)) == np.array(expected)).sum()) for array in orders)
        findings.append(WatermarkFinding(name, best >= minimum, best / len(expected),
                                         f"{best} of {len(expected)} bits match"))
    return findings


def genlab_mark(image: Image.Image, store=None) -> WatermarkFinding:
    """Our watermark, with what the audit store says about the record it points to."""
    from core.provenance.watermark import read_watermark

    reading = read_watermark(image)
    if not reading.found:
        return WatermarkFinding("Genlab", False, reading.confidence, "no Genlab watermark")
    detail = f"points at audit record {reading.record_id}"
    record = store.find_by_watermark(reading.record_id) if store is not None else None
    if record is not None:
        detail = (f"made by this suite on {record.created_at[:10]} with {record.model_id} "
                  f"({record.tab} tab), audit record {record.id}")
    elif store is not None:
        detail += ", which this installation's audit log does not hold (made by another Genlab installation?)"
    return WatermarkFinding("Genlab", True, reading.confidence, detail)

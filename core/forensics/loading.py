"""The Deepfake check's picture reader: the suite's bounded reader (core.inputs.pictures)."""

from __future__ import annotations

from core.inputs.pictures import DEFAULT_LIMITS, LoadedImage, read_picture

MAX_BYTES = DEFAULT_LIMITS.max_bytes
MAX_PIXELS = DEFAULT_LIMITS.max_pixels

__all__ = ["LoadedImage", "MAX_BYTES", "MAX_PIXELS", "load_image"]


def load_image(data: bytes) -> LoadedImage:
    return read_picture(data)

"""Error level analysis and noise residual: where a picture's compression and grain are uneven.

ELA re-saves the picture as JPEG at quality 90 and shows how much each pixel changed; areas
pasted in or edited after the last save often stand out. The noise residual subtracts a
median-filtered copy to show the fine grain; generated or retouched areas are often smoother.
Both are weak signals for a person to look at, not verdicts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

ELA_QUALITY = 90


@dataclass
class ErrorLevels:
    ela_image: Image.Image
    noise_image: Image.Image
    ela_mean: float
    ela_unevenness: float  # 99th percentile over median of the block-averaged error levels
    noise_level: float

    @property
    def summary(self) -> str:
        if self.ela_unevenness > 6:
            return ("Error levels are uneven: some areas changed much more than the rest on re-saving, as pasted "
                    "or edited areas often do. Look at the bright patches; busy textures also light up.")
        return "Error levels are even across the picture: no sign of areas saved differently from the rest."


def _stretch(values: np.ndarray) -> np.ndarray:
    top = np.percentile(values, 99.5) or 1.0
    return np.clip(values / top * 255, 0, 255).astype(np.uint8)


def error_levels(image: Image.Image) -> ErrorLevels:
    rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG", quality=ELA_QUALITY)
    resaved = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    difference = np.abs(np.asarray(rgb, dtype=np.float32) - np.asarray(resaved, dtype=np.float32)).max(axis=2)
    rows, cols = (difference.shape[0] // 8) * 8, (difference.shape[1] // 8) * 8
    blocks = difference[:rows, :cols].reshape(rows // 8, 8, cols // 8, 8).mean(axis=(1, 3)) if rows and cols \
        else difference
    unevenness = float(np.percentile(blocks, 99) / max(np.median(blocks), 0.25))

    grey = rgb.convert("L")
    residual = np.abs(np.asarray(grey, dtype=np.float32) - np.asarray(grey.filter(ImageFilter.MedianFilter(3)),
                                                                      dtype=np.float32))
    heat = _stretch(difference)
    ela_rgb = np.stack([heat, (heat * 0.6).astype(np.uint8), 255 - heat], axis=-1)
    return ErrorLevels(
        ela_image=Image.fromarray(ela_rgb),
        noise_image=Image.fromarray(_stretch(residual)).convert("RGB"),
        ela_mean=float(difference.mean()), ela_unevenness=unevenness, noise_level=float(residual.mean()),
    )

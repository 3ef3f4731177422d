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
from PIL import Image

ELA_QUALITY = 90
STRIP = 512  # rows per strip, a multiple of 16
MAP_SIDE = 2048


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
        return ("Error levels are even across the picture: no sign of areas saved differently from the rest. Thin "
                "bright lines along sharp edges are normal: they light up in any picture.")


def _stretch(values: np.ndarray) -> np.ndarray:
    top = np.percentile(values, 99.5) or 1.0
    return np.clip(values / top * 255, 0, 255).astype(np.uint8)


# Dark blue where re-saving changed least, through plum, to orange where it changed most: a map that is mostly
# "nothing here" stays dark, in a light page and a dark one (pure blue glared).
HEAT_STOPS = (0, 128, 255)
HEAT_COLOURS = ((10, 16, 60), (150, 45, 110), (255, 165, 20))


def _heat_colours(heat: np.ndarray) -> np.ndarray:
    channels = [np.interp(heat, HEAT_STOPS, [colour[channel] for colour in HEAT_COLOURS]) for channel in range(3)]
    return np.stack(channels, axis=-1).astype(np.uint8)


def _shrink(values: np.ndarray, factor: int) -> np.ndarray:
    """Mean over factor x factor squares (a bright patch stays bright, a shown map stays small)."""
    if factor == 1:
        return values.astype(np.float32)
    rows, cols = values.shape[0] // factor * factor, values.shape[1] // factor * factor
    if not rows or not cols:
        return values.astype(np.float32)
    return values[:rows, :cols].reshape(rows // factor, factor, cols // factor, factor).mean(axis=(1, 3),
                                                                                           dtype=np.float32)


def _strip_errors(strip: Image.Image) -> np.ndarray:
    buffer = io.BytesIO()
    strip.save(buffer, "JPEG", quality=ELA_QUALITY)
    resaved = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), dtype=np.int16)
    return np.abs(np.asarray(strip, dtype=np.int16) - resaved).max(axis=2).astype(np.uint8)


def _strip_noise(grey: np.ndarray, top: int, bottom: int) -> np.ndarray:
    import cv2

    above, below = max(top - 1, 0), min(bottom + 1, grey.shape[0])
    window = grey[above:below]
    residual = cv2.absdiff(window, cv2.medianBlur(np.ascontiguousarray(window), 3))
    return residual[top - above: top - above + bottom - top]


def error_levels(image: Image.Image) -> ErrorLevels:
    """Error levels and noise over the whole picture at full resolution, in strips of STRIP rows (aligned to JPEG's
    16-pixel blocks), so a 40 megapixel picture needs little memory; the maps shown are at most MAP_SIDE pixels."""
    rgb = image.convert("RGB")
    grey = np.asarray(rgb.convert("L"))
    factor = max(1, -(-max(rgb.size) // MAP_SIDE))
    error_maps, noise_maps, blocks = [], [], []
    error_sum = noise_sum = 0.0
    strip = 16 * factor * max(1, STRIP // (16 * factor))  # whole map rows and whole JPEG blocks per strip
    for top in range(0, rgb.height, strip):
        bottom = min(top + strip, rgb.height)
        difference = _strip_errors(rgb.crop((0, top, rgb.width, bottom)))
        residual = _strip_noise(grey, top, bottom)
        error_sum += float(difference.sum(dtype=np.float64))
        noise_sum += float(residual.sum(dtype=np.float64))
        rows, cols = (difference.shape[0] // 8) * 8, (difference.shape[1] // 8) * 8
        if rows and cols:
            blocks.append(difference[:rows, :cols].reshape(rows // 8, 8, cols // 8, 8).mean(axis=(1, 3)).ravel())
        error_maps.append(_shrink(difference, factor))
        noise_maps.append(_shrink(residual, factor))
    pixels = rgb.width * rgb.height
    blocks = np.concatenate(blocks) if blocks else np.concatenate([m.ravel() for m in error_maps])
    unevenness = float(np.percentile(blocks, 99) / max(np.median(blocks), 0.25))
    heat = _stretch(np.concatenate(error_maps))
    ela_rgb = _heat_colours(heat)
    return ErrorLevels(
        ela_image=Image.fromarray(ela_rgb),
        noise_image=Image.fromarray(_stretch(np.concatenate(noise_maps))).convert("RGB"),
        ela_mean=error_sum / pixels, ela_unevenness=unevenness, noise_level=noise_sum / pixels,
    )

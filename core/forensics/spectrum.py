"""Frequency spectrum: the periodic peaks that upsampling layers of image generators often leave.

The log-magnitude of the picture's 2D Fourier transform, its azimuthal average (energy at each
spatial frequency), and a peak score: how far the strongest isolated bright spots in the
high-frequency half of the spectrum rise above their surroundings. Camera photos fall off
smoothly; many generated pictures show a grid of spikes. A weak signal: resizing, JPEG and
some textures create peaks too.

A picture enlarged by whole pixels (pixel art, this suite's painter: 32x32 shown at 512x512) leaves its grid at a
coarse size the peak score does not look at, so it is measured directly: `block_size` is k where the picture is
made of k x k blocks of one colour (neighbouring pixels differ only every k-th column and row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from core.forensics.regions import MAX_TILES, tile_boxes

ANALYSIS_SIZE = 512
PEAK_THRESHOLD = 5.0  # six scikit-image photographs score 2.5 to 3.0; a 2-grey-level period-2 grid, 8.7 to 11.8
BLOCK_CONTRAST = 4.0  # a block's edges change this many times more than its inside, at least (see whole_pixel_blocks)
MIN_BLOCKS = 8  # across the analysed square: fewer and a picture's own edges could pass for a grid
MAX_INSIDE_CHANGE = 1.0  # grey levels between neighbours inside a block, on average: 0.2 to 0.4 for the painter's
# pictures (watermarked, or saved as JPEG at quality 30 to 100); a photo saved at JPEG quality 5, whose 8x8 blocks
# stand out too, changes 1.7 to 2.0 inside them


@dataclass
class Spectrum:
    log_magnitude: np.ndarray
    radial_profile: np.ndarray
    peak_score: float
    peaks: list[tuple[int, int]]
    block_size: int | None = None  # k where the picture is k x k blocks of one colour: enlarged k times by whole pixels

    @property
    def periodic_peaks(self) -> bool:
        return self.peak_score >= PEAK_THRESHOLD

    @property
    def summary(self) -> str:
        blocks = "" if self.block_size is None else (
            f"It is made of {self.block_size}x{self.block_size} blocks of one colour: it was enlarged "
            f"{self.block_size} times by repeating whole pixels, as pixel art is (the Art tab shows its small "
            "pictures so). That says how it was enlarged, not who made it.")
        if self.periodic_peaks:
            return (f"The spectrum shows {len(self.peaks)} isolated bright spots at high frequencies, the kind of "
                    "grid that upsampling in image generators leaves (resizing can also cause it). " + blocks).strip()
        if blocks:
            return blocks
        return ("The spectrum falls off smoothly, as in most camera photos: no regular grid stands out, of the kind "
                "that enlarging a picture (upsampling) leaves, and it is not made of blocks of one colour.")


def spectrum(image: Image.Image) -> Spectrum:
    """The spectrum of the centre square (a picture up to ANALYSIS_SIZE on its short side), else the mean spectrum of
    up to MAX_TILES full-resolution tiles of ANALYSIS_SIZE spread over the picture (downscaling would blur away
    the very peaks looked for, and averaging tiles makes a real grid stand out more clearly from noise)."""
    grey = image.convert("L")
    if min(grey.size) <= ANALYSIS_SIZE:
        side = min(grey.size)
        left, top = (grey.width - side) // 2, (grey.height - side) // 2
        squares = [grey.crop((left, top, left + side, top + side))]
    else:
        squares = [grey.crop(box) for box in tile_boxes(grey.width, grey.height, ANALYSIS_SIZE, MAX_TILES)]
    magnitude = np.mean([_log_magnitude(square) for square in squares], axis=0)
    n = magnitude.shape[0]
    y, x = np.indices(magnitude.shape)
    radius = np.hypot(x - n // 2, y - n // 2).astype(int)
    counts = np.bincount(radius.ravel())
    profile = np.bincount(radius.ravel(), magnitude.ravel()) / np.maximum(counts, 1)
    from scipy.ndimage import median_filter

    excess = magnitude - median_filter(magnitude, size=9, mode="wrap")
    high = radius > n // 8
    robust_spread = 1.4826 * np.median(np.abs(excess[high] - np.median(excess[high]))) or 1.0
    z = np.where(high, excess / robust_spread, 0)
    flat = np.argsort(z.ravel())[::-1][:20]
    peaks = [(int(i // n - n // 2), int(i % n - n // 2)) for i in flat if z.ravel()[i] >= PEAK_THRESHOLD]
    sizes = {whole_pixel_blocks(square) for square in squares}
    return Spectrum(magnitude, profile[: n // 2], float(z.max()), peaks, sizes.pop() if len(sizes) == 1 else None)


def whole_pixel_blocks(grey: Image.Image) -> int | None:
    """The largest k for which `grey` is k x k blocks of one colour, across and down, or None. For each k, the mean
    change between neighbouring pixels is taken at each position modulo k: a picture enlarged k times changes at
    one position only (its blocks' edges) and hardly inside them (a watermark's or JPEG's small noise), so that
    position's mean must be BLOCK_CONTRAST times every other's, and the others at most MAX_INSIDE_CHANGE. A photo
    changes about as much everywhere."""
    pixels = np.asarray(grey, dtype=np.int16)
    found = []
    for axis in (1, 0):
        changes = np.abs(np.diff(pixels, axis=axis)).mean(axis=1 - axis)
        found.append({k for k in range(2, len(changes) // MIN_BLOCKS + 1) if _edges_every(changes, k)})
    common = found[0] & found[1]
    return max(common) if common else None


def _edges_every(changes: np.ndarray, k: int) -> bool:
    phases = np.sort([changes[phase::k].mean() for phase in range(k)])
    inside = phases[:-1]
    return phases[-1] > 0 and inside[-1] * BLOCK_CONTRAST <= phases[-1] and inside.mean() <= MAX_INSIDE_CHANGE


def _log_magnitude(square: Image.Image) -> np.ndarray:
    pixels = np.asarray(square, dtype=np.float64)
    pixels = (pixels - pixels.mean()) * np.outer(np.hanning(pixels.shape[0]), np.hanning(pixels.shape[1]))
    return np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(pixels))))

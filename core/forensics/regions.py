"""Bounded, full-resolution parts of a picture for the heavy analyses.

The spectrum and the dwtDct watermarks look at the finest detail, which downscaling would erase,
so a large picture is analysed on parts of it at full resolution: a bounded number of tiles spread
over it, or (for marks laid out row by row) its top rows. (Error levels and noise cover the whole
picture, in strips: core.forensics.ela.)
"""

from __future__ import annotations

from PIL import Image

TILE = 512
MAX_TILES = 16
MAX_STRIPE_PIXELS = 2**20


def top_rows(image: Image.Image, max_pixels: int = MAX_STRIPE_PIXELS, multiple: int = 8) -> Image.Image:
    """The picture's full width and as many top rows (a multiple of `multiple`) as fit in `max_pixels`.

    invisible-watermark's dwtDct reader numbers its blocks row by row across the full width, so a
    top stripe keeps every block's bit where the embedder put it."""
    if image.width * image.height <= max_pixels:
        return image
    rows = max(multiple, (max_pixels // image.width) // multiple * multiple)
    return image.crop((0, 0, image.width, min(rows, image.height)))


def tile_boxes(width: int, height: int, tile: int = TILE, max_tiles: int = MAX_TILES) -> list[tuple[int, int, int, int]]:
    """Up to `max_tiles` tile x tile boxes on an even grid over the picture, aligned to 16 pixels (JPEG's
    blocks), or the whole picture when it is narrower or lower than one tile."""
    if width < tile or height < tile:
        return [(0, 0, width, height)]
    across = min(width // tile, max(1, round((max_tiles * width / height) ** 0.5)))
    down = min(height // tile, max(1, max_tiles // across))
    boxes = []
    for row in range(down):
        for col in range(across):
            left = (col * (width - tile) // max(across - 1, 1)) // 16 * 16 if across > 1 else (width - tile) // 32 * 16
            top = (row * (height - tile) // max(down - 1, 1)) // 16 * 16 if down > 1 else (height - tile) // 32 * 16
            boxes.append((left, top, left + tile, top + tile))
    return boxes

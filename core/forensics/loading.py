"""Open an uploaded picture safely: size limits, bombs, corrupt files and odd formats get a clear message.

Animated images give their first frame, CMYK and 16-bit images are converted, and EXIF
orientation is applied, each with a note saying so; the original bytes are kept, because the
marks we look for (C2PA, metadata) live in the file, not in the pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 2**20
MAX_PIXELS = 40_000_000


@dataclass
class LoadedImage:
    data: bytes
    image: Image.Image  # RGB, orientation applied
    format: str
    original_mode: str
    notes: list[str] = field(default_factory=list)

    @property
    def mime_type(self) -> str:
        return Image.MIME.get(self.format, "application/octet-stream")


def load_image(data: bytes) -> LoadedImage:
    if not data:
        raise ValueError("The file is empty (0 bytes).")
    if len(data) > MAX_BYTES:
        raise ValueError(f"The file is {len(data) / 2**20:.0f} MB; pictures are limited to {MAX_BYTES // 2**20} MB.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            image_format = probe.format or "unknown"
    except UnidentifiedImageError as error:
        raise ValueError("This file is not a picture that can be read (PNG, JPEG, WebP, GIF, TIFF or BMP).") from error
    except Exception as error:  # truncated headers raise several kinds
        raise ValueError(f"The picture is damaged and cannot be read ({type(error).__name__}).") from error
    if width * height > MAX_PIXELS:
        raise ValueError(f"The picture is {width}x{height} ({width * height / 1e6:.0f} megapixels); the limit is "
                         f"{MAX_PIXELS / 1e6:.0f} megapixels. Resize it first.")
    notes = []
    try:
        image = Image.open(io.BytesIO(data))
        if getattr(image, "n_frames", 1) > 1:
            notes.append(f"Animated picture with {image.n_frames} frames: the first frame is checked.")
            image.seek(0)
        original_mode = image.mode
        oriented = ImageOps.exif_transpose(image)
        if oriented is not image and image.getexif().get(0x0112, 1) != 1:
            notes.append("The camera's orientation tag was applied.")
        image = oriented
        if original_mode == "CMYK":
            notes.append("Converted from CMYK (print colours) to RGB.")
        elif original_mode in ("I;16", "I;16B", "I", "F"):
            notes.append("Converted from 16-bit or floating-point to 8-bit.")
            image = image.point(lambda value: value / 256).convert("L")
        rgb = image.convert("RGB")
        rgb.load()
    except Exception as error:
        raise ValueError(f"The picture is damaged and cannot be decoded ({type(error).__name__}).") from error
    return LoadedImage(data=data, image=rgb, format=image_format, original_mode=original_mode, notes=notes)

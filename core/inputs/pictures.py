"""Read an uploaded picture within bounds: size and pixel caps before decoding, every failure a sentence.

Animated images give their first frame, CMYK and 16-bit images are converted, and EXIF
orientation is applied, each with a note saying so; the original bytes are kept, because the
marks the Deepfake check looks for (C2PA, metadata) live in the file, not in the pixels.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = "PNG, JPEG, WebP, GIF, TIFF or BMP"


@dataclass(frozen=True)
class PictureLimits:
    max_bytes: int = 20 * 2**20
    max_pixels: int = 40_000_000


DEFAULT_LIMITS = PictureLimits()


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


def read_picture_file(path: str | Path | None, limits: PictureLimits = DEFAULT_LIMITS) -> LoadedImage:
    """`read_picture` on a file, its size checked before it is read."""
    return read_picture(picture_file_bytes(path, limits), limits)


def picture_file_bytes(path: str | Path | None, limits: PictureLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of an uploaded picture file, its size checked before it is read (nothing is decoded)."""
    if not path:
        raise ValueError(f"Upload a picture first ({FORMATS}, up to {limits.max_bytes // 2**20} MB).")
    path = Path(path)
    if not path.is_file():
        raise ValueError("The uploaded picture could not be found; upload it again.")
    _check_bytes(path.stat().st_size, limits)
    return path.read_bytes()


def _check_bytes(size: int, limits: PictureLimits) -> None:
    if size == 0:
        raise ValueError("The file is empty (0 bytes).")
    if size > limits.max_bytes:
        raise ValueError(f"The file is {size / 2**20:.0f} MB; pictures are limited to "
                         f"{limits.max_bytes // 2**20} MB.")


def read_picture(data: bytes, limits: PictureLimits = DEFAULT_LIMITS) -> LoadedImage:
    """The picture in `data` as RGB, or a ValueError with a sentence; nothing is decoded past the caps."""
    _check_bytes(len(data), limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:  # opening reads only the header: the size is known before any pixel is decoded
            with Image.open(io.BytesIO(data)) as probe:
                width, height = probe.size
                image_format = probe.format or "unknown"
        except Image.DecompressionBombError as error:
            raise ValueError(f"The picture declares far more pixels than the limit of "
                             f"{limits.max_pixels / 1e6:.0f} megapixels; it cannot be opened.") from error
        except UnidentifiedImageError as error:
            raise ValueError(f"This file is not a picture that can be read ({FORMATS}).") from error
        except Exception as error:  # truncated headers raise several kinds
            raise ValueError("The picture is damaged and cannot be read.") from error
        if width * height > limits.max_pixels:
            raise ValueError(f"The picture is {width}x{height} ({width * height / 1e6:.0f} megapixels); the limit is "
                             f"{limits.max_pixels / 1e6:.0f} megapixels. Resize it first.")
        if width < 1 or height < 1:
            raise ValueError("The picture has no pixels.")
        return _decode(data, image_format)


def _decode(data: bytes, image_format: str) -> LoadedImage:
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
        raise ValueError("The picture is damaged or cut short and cannot be decoded.") from error
    return LoadedImage(data=data, image=rgb, format=image_format, original_mode=original_mode, notes=notes)

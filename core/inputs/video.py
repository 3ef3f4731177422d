"""The bounds of an uploaded video: bytes before it is read, frame size before a frame is decoded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoLimits:
    max_bytes: int = 100 * 2**20
    max_frame_pixels: int = 3840 * 2160  # 4K UHD
    max_frames: int = 64  # frames sampled and checked


DEFAULT_LIMITS = VideoLimits()


def check_video_bytes(size: int, limits: VideoLimits = DEFAULT_LIMITS) -> None:
    if size == 0:
        raise ValueError("The file is empty (0 bytes).")
    if size > limits.max_bytes:
        raise ValueError(f"The file is {size / 2**20:.0f} MB; videos are limited to {limits.max_bytes // 2**20} MB.")


def check_frame_size(width: int, height: int, limits: VideoLimits = DEFAULT_LIMITS) -> None:
    """Refuse frames larger than the cap, from the size the container declares, before decoding one."""
    if width * height > limits.max_frame_pixels:
        raise ValueError(f"The video's frames are {width}x{height} ({width * height / 1e6:.0f} megapixels); the "
                         f"limit is {limits.max_frame_pixels / 1e6:.1f} megapixels (4K). Export it smaller first.")


def check_frame_count(count: int, limits: VideoLimits = DEFAULT_LIMITS) -> int:
    if not 1 <= count <= limits.max_frames:
        raise ValueError(f"Sample from 1 to {limits.max_frames} frames; {count} is outside that.")
    return count

"""Quote a visitor's input back briefly, refuse text too long to work on, and read an uploaded text file."""

from __future__ import annotations

from pathlib import Path

EXCERPT_CHARS = 40


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of `value` on one line, with an ellipsis when cut: for error messages."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check_length(text: str | None, what: str, limit: int) -> str:
    """`text` (None as ""), or a ValueError naming `what` when it is longer than `limit` characters."""
    text = text or ""
    if len(text) > limit:
        raise ValueError(f"The {what} is {len(text):,} characters long; the limit is {limit:,}. Shorten it.")
    return text


def control_share(sample: bytes) -> float:
    """The share of bytes that no text file holds (controls other than tab, newlines and form feed)."""
    if not sample:
        return 0.0
    allowed = {9, 10, 12, 13}
    return sum(1 for byte in sample if byte < 32 and byte not in allowed) / len(sample)


def uploaded_file(path: str | Path | None, what: str) -> tuple[Path, int]:
    """An uploaded file's path and size in bytes, or a ValueError with a sentence: none given, gone, or empty."""
    if not path:
        raise ValueError(f"Upload {what} first.")
    path = Path(path)
    if not path.is_file():
        raise ValueError("The uploaded file could not be found; upload it again.")
    size = path.stat().st_size
    if size == 0:
        raise ValueError("The file is empty.")
    return path, size


def read_text_file(path: str | Path | None, max_bytes: int, what: str = "a plain text file (.txt)") -> str:
    """An uploaded file's UTF-8 text, or a ValueError with a sentence: missing, empty, too big, or not text."""
    path, size = uploaded_file(path, what)
    if size > max_bytes:
        raise ValueError(f"The file is {size / 2**20:.1f} MB; upload at most {max_bytes / 2**20:.1f} MB of {what}.")
    raw = path.read_bytes()
    if b"\x00" in raw or control_share(raw[:65536]) > 0.01:
        raise ValueError(f"This file is not text: it looks like a picture, a document or an archive. Upload {what}.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("The file is not UTF-8 text. Save it as plain text (UTF-8) and upload it again.") from error

"""Quote a visitor's input back briefly, and refuse text too long to work on."""

from __future__ import annotations

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

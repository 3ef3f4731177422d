"""Words the suite writes into its sentences, shared by every tab."""

from __future__ import annotations


def listed(words: list[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b and c": words as a sentence lists them (no serial comma), joined by `conjunction`;
    "" for none."""
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"

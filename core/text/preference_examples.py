"""Pairs of the writer's own texts to choose between, and an example set marked by a rule anyone can check.

    pair = candidate_pair(WritingRequest(mode="Poem", theme="rain"), seeds=(1, 2))   # two texts, one prompt
    pairs = example_preferences(count=24, seed=0)                                    # marked by FEWER_OLD_WORDS

The example set stands in for a person who prefers plain modern words: of two quatrains the poet wrote for
the same theme, the one with fewer old-fashioned words (thee, thou, hath, doth, 'tis, o'er…) is chosen;
pairs where both have as many are left out. The rule is simple enough to check by eye, and its effect on new
poems can be counted (`old_word_share`), which makes it a fair test of preference tuning.
"""

from __future__ import annotations

import re
from dataclasses import asdict

from core.text.modes import WritingRequest, build_prompt
from core.text.preferences import PreferencePair

OLD_WORDS = frozenset({
    "thee", "thou", "thy", "thine", "ye", "hath", "doth", "dost", "art", "wilt", "shalt", "hast", "canst", "couldst",
    "wouldst", "shouldst", "'tis", "'twas", "o'er", "e'er", "ne'er", "ere", "nay", "yea", "oft", "whence", "thence",
    "hither", "thither", "wherefore", "alas", "anon", "forsooth", "methinks", "prithee", "betwixt", "amidst", "unto",
    "'twere", "didst", "hadst", "saith", "maketh", "cometh", "goeth", "thyself", "o",
})
FEWER_OLD_WORDS = "of two poems, the one with fewer old-fashioned words (thee, thou, hath, doth, 'tis, o'er…) wins"
THEMES = ("the sea at night", "a city in the rain", "my grandmother's kitchen", "the first snow", "a train at dawn",
          "an empty theatre", "the last day of summer", "a lighthouse", "the market on Sunday", "a letter never sent",
          "the river in spring", "an old photograph")
_WORD = re.compile(r"[A-Za-z']+")


def old_words(text: str) -> int:
    return sum(1 for word in _WORD.findall(text.lower()) if word in OLD_WORDS)


def old_word_share(text: str) -> float:
    """The share of the text's words that are old-fashioned (OLD_WORDS)."""
    words = _WORD.findall(text.lower())
    return sum(1 for word in words if word in OLD_WORDS) / max(1, len(words))


def candidate_pair(request: WritingRequest, seeds: tuple[int, int], backend=None, max_new_tokens: int = 60):
    """The prompt the writer was given and two texts it wrote for it with two seeds (no watermark: a watermark
    would tilt both texts towards its green tokens, not towards anything the visitor chose)."""
    from core.text.sampling import SamplingSettings
    from core.text.writer import current_backend, write

    backend = backend or current_backend()
    prompt = build_prompt(request, poet=backend.poet, chat=backend.chat)
    texts = []
    for seed in seeds:
        settings = SamplingSettings(seed=seed, max_new_tokens=max_new_tokens, watermark=False)
        texts.append(list(write(request, settings, backend=backend))[-1].written)
    return prompt.text, texts[0], texts[1]


def example_preferences(count: int = 24, seed: int = 0, backend=None, report=None, attempts: int = 4) -> list[dict]:
    """Up to `count` pairs of quatrains on THEMES, each marked by FEWER_OLD_WORDS (ties skipped)."""
    report = report or (lambda fraction, message, payload=None: None)
    pairs: list[dict] = []
    for index in range(count * attempts):
        if len(pairs) == count:
            break
        theme = THEMES[index % len(THEMES)]
        prompt, first, second = candidate_pair(WritingRequest(mode="Poem", theme=theme, form="Quatrain"),
                                               _seeds(seed, index), backend)
        if old_words(first) == old_words(second) or not first.strip() or not second.strip():
            continue
        chosen, rejected = (first, second) if old_words(first) < old_words(second) else (second, first)
        pairs.append(asdict(PreferencePair(prompt, chosen, rejected)))
        report(len(pairs) / count, f"Marked {len(pairs)} of {count} example pairs")
    return pairs


def _seeds(seed: int, index: int) -> tuple[int, int]:
    """The two writing seeds of the `index`-th pair: distinct for every pair and within the seed range."""
    first = (seed * 1000 + 2 * index) % 2**32
    return first, (first + 1) % 2**32


def example_preferences_job(count: int, seed: int, *, report) -> list[dict]:
    """`example_preferences` as a core.jobs target, with the Writing tab's model loaded in the worker."""
    return example_preferences(count, seed, report=report)

"""How the writer picks each next token: the knobs, three presets, and the limits that keep them sane."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

MAX_NEW_TOKENS = 1024
MAX_PROMPT_CHARACTERS = 4000
MAX_STOP_STRINGS = 8


@dataclass(frozen=True)
class SamplingSettings:
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 50
    min_p: float = 0.0
    repetition_penalty: float = 1.15
    max_new_tokens: int = 200
    stop_strings: tuple[str, ...] = field(default=())
    seed: int | None = None
    watermark: bool = True

    @property
    def greedy(self) -> bool:
        return self.temperature == 0

    def check(self) -> None:
        """Raise ValueError with a plain-words message for any setting out of its range."""
        if not 0 <= self.temperature <= 2:
            raise ValueError("Temperature must be between 0 (always the likeliest word) and 2 (very wild).")
        if not 0 < self.top_p <= 1:
            raise ValueError("Top-p must be above 0 and at most 1 (1 switches it off).")
        if not 0 <= self.top_k <= 1000:
            raise ValueError("Top-k must be between 0 (off) and 1000.")
        if not 0 <= self.min_p < 1:
            raise ValueError("Min-p must be at least 0 (off) and below 1.")
        if not 1 <= self.repetition_penalty <= 2:
            raise ValueError("Repetition penalty must be between 1 (none) and 2 (strong).")
        if not 1 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise ValueError(f"Length must be between 1 and {MAX_NEW_TOKENS:,} tokens.")
        if len(self.stop_strings) > MAX_STOP_STRINGS:
            raise ValueError(f"Use at most {MAX_STOP_STRINGS} stop strings.")
        if self.seed is not None and not 0 <= self.seed < 2**32:
            raise ValueError("The seed must be a whole number from 0 to 4,294,967,295, or empty for a random one.")


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    settings: SamplingSettings


PRESETS = {
    preset.name: preset
    for preset in (
        Preset("Predictable", "Always picks the likeliest next word: the same prompt gives the same text.",
               SamplingSettings(temperature=0.0, top_p=1.0, top_k=0, repetition_penalty=1.3)),
        Preset("Balanced", "Most likely words with some surprise: a good start for most writing.",
               SamplingSettings()),
        Preset("Creative", "Takes more chances: fresher images, more nonsense, different every time.",
               SamplingSettings(temperature=1.1, top_p=0.98, top_k=0, min_p=0.05, repetition_penalty=1.1)),
    )
}


def preset_settings(name: str, **overrides) -> SamplingSettings:
    if name not in PRESETS:
        raise ValueError(f"Unknown preset {name!r}; choose one of: {', '.join(PRESETS)}.")
    return replace(PRESETS[name].settings, **overrides)


def parse_stop_strings(text: str) -> tuple[str, ...]:
    r"""Stop strings typed one per line or separated by commas; `\n` stands for a line break."""
    parts = [part for line in (text or "").splitlines() for part in line.split(",")]
    return tuple(part.strip().replace("\\n", "\n") for part in parts if part.strip())

"""The green-list text watermark (Kirchenbauer et al. 2023) through `transformers`' WatermarkingConfig.

At each step the previous token and a secret key pick a "green" quarter of the vocabulary, and green
tokens get a small logit bonus. Anyone holding the key and the tokenizer can count green tokens in a
text: ordinary text has about 25% of them, watermarked text many more. The key lives in the data
folder (created on first use) or in GENLAB_TEXT_WATERMARK_KEY, so the deepfake-check tab can test text
for it. Detection needs the tokenizer the text was written with and a few dozen tokens at least.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

GREENLIST_RATIO = 0.25
BIAS = 2.5
Z_THRESHOLD = 4.0
MIN_TOKENS = 16
LEGACY_KEY_FILE = "text-watermark.json"


@dataclass(frozen=True)
class TextWatermarkReading:
    tokens_scored: int
    green_fraction: float
    z_score: float
    p_value: float

    @property
    def detected(self) -> bool:
        return self.tokens_scored >= MIN_TOKENS and self.z_score >= Z_THRESHOLD

    def summary(self) -> str:
        """In words; the z-score and p-value stay in the report's figures."""
        if self.tokens_scored < MIN_TOKENS:
            return (f"Too short to tell: {self.tokens_scored} word pieces (tokens) could be checked, at least "
                    f"{MIN_TOKENS} are needed.")
        share = (f"{self.green_fraction:.0%} of its {self.tokens_scored} word pieces (tokens) are green (on the "
                 "list the watermark's secret key picks)")  # green, as the page and the chips' legend call it
        if self.detected:
            return (f"Watermark found: {share}, where ordinary text has about {GREENLIST_RATIO:.0%}; text without "
                    f"the mark would do this by chance {_odds(self.p_value)}.")
        return f"No watermark: {share}, close to the {GREENLIST_RATIO:.0%} ordinary text has."


def _odds(p_value: float) -> str:
    """"about 1 time in 3,000", or "less than 1 time in a million million" for the tiny p-values of a long text."""
    if p_value <= 1e-12:
        return "less than 1 time in a million million"
    return f"about 1 time in {float(f'{1 / max(p_value, 1e-12):.1g}'):,.0f}"


def watermark_key(data_dir: str | Path) -> int:
    """The suite's secret watermark key (1 to 2**31 - 1), from core.secrets: GENLAB_TEXT_WATERMARK_KEY, else made once.

    A data folder from before core.secrets keeps its key file, so text it marked still tests positive.
    """
    configured = os.environ.get("GENLAB_TEXT_WATERMARK_KEY", "").strip()
    if configured:
        if not configured.isdigit():
            raise ValueError("GENLAB_TEXT_WATERMARK_KEY must be a whole number.")
        return int(configured)
    legacy = Path(data_dir) / LEGACY_KEY_FILE
    if legacy.exists():
        return int(json.loads(legacy.read_text())["hashing_key"])
    from core.secrets import secret

    return int(secret("text-watermark", data_dir)[:16], 16) % (2**31 - 1) + 1


def watermarking_config(key: int):
    from transformers import WatermarkingConfig

    return WatermarkingConfig(greenlist_ratio=GREENLIST_RATIO, bias=BIAS, hashing_key=key,
                              seeding_scheme="lefthash", context_width=1)


def read_text_watermark(text: str, tokenizer, model_config, key: int) -> TextWatermarkReading:
    """Count green tokens in `text` as tokenised by `tokenizer` (the one the text was written with)."""
    from transformers import WatermarkDetector

    ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"]
    if ids.shape[1] < 2:
        return TextWatermarkReading(0, 0.0, 0.0, 1.0)
    detector = WatermarkDetector(model_config=model_config, device="cpu",
                                 watermarking_config=watermarking_config(key), ignore_repeated_ngrams=True)
    output = detector(ids.cpu(), return_dict=True)
    return TextWatermarkReading(tokens_scored=int(output.num_tokens_scored[0]),
                                green_fraction=float(output.green_fraction[0]),
                                z_score=float(output.z_score[0]), p_value=float(output.p_value[0]))

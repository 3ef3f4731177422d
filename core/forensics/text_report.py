"""Is this text from our writing tab? The watermark test (strong), and perplexity (weak), side by side.

    report = check_text(text)
    report.verdict, report.summary_lines, report.watermark, report.marks

The watermark can only be found with the tokenizer the text was written with, so the text is tested
with each local writer this suite knows: the embedded poet, and the writing tab's Hub model when it
is loaded here. Perplexity (how unsurprising the text is to the poet) is reported as a weak signal:
plain old verse is also unsurprising to a model that read it, and a person can write anything.
Nothing here can show that a person wrote a text.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from core.text.watermark import MIN_TOKENS, TextWatermarkReading

MAX_TEXT_CHARACTERS = 20_000
HUMAN_PASSAGE = (  # the opening of Pride and Prejudice (1813), in the public domain: a person's text for scale
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of "
    "a wife. However little known the feelings or views of such a man may be on his first entering a "
    "neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is considered "
    "the rightful property of some one or other of their daughters.")
_passage_perplexities: dict[str, float | None] = {}  # per model: the same figure on every check


@dataclass(frozen=True)
class TokenMark:
    piece: str
    green: bool | None  # None for the first token, which has no previous token to seed its list


@dataclass
class TextReport:
    model_label: str
    watermark: TextWatermarkReading
    marks: list[TokenMark]
    perplexity: float | None
    verdict: str = ""
    summary_lines: list[str] = field(default_factory=list)
    seconds: float = 0.0
    passage_perplexity: float | None = None  # the same model's on HUMAN_PASSAGE, for scale

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "summary": self.summary_lines, "model": self.model_label,
                "watermark": {**vars(self.watermark), "detected": self.watermark.detected},
                "perplexity": None if self.perplexity is None else round(self.perplexity, 1),
                "perplexity_of_a_human_passage": None if self.passage_perplexity is None
                else round(self.passage_perplexity, 1),
                "seconds": round(self.seconds, 3)}


def token_marks(text: str, tokenizer, model_config, key: int) -> list[TokenMark]:
    """Each token of `text` with whether it is on the green list its previous token picks; None for the first and
    for a pair of tokens met before, as the test counts each pair once (the strip showed 92 marks beside "89 word
    pieces")."""
    import torch
    from transformers import WatermarkDetector

    from core.text.watermark import watermarking_config

    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    detector = WatermarkDetector(model_config=model_config, device="cpu", watermarking_config=watermarking_config(key))
    marks = [TokenMark(tokenizer.decode(ids[:1]), None)] if ids else []
    pairs_met = set()
    for previous, token in zip(ids, ids[1:]):
        if (previous, token) in pairs_met:
            marks.append(TokenMark(tokenizer.decode([token]), None))
            continue
        pairs_met.add((previous, token))
        # the detector's own processor picks the list, exactly as generation did
        green = token in detector.processor._get_greenlist_ids(torch.tensor([previous]))
        marks.append(TokenMark(tokenizer.decode([token]), bool(green)))
    return marks


def perplexity(text: str, model, tokenizer) -> float | None:
    import torch

    ids = tokenizer(text, add_special_tokens=False, return_tensors="pt")["input_ids"][:, :model.config.n_positions]
    if ids.shape[1] < 2:
        return None
    with torch.inference_mode():
        loss = model(ids.to(model.device), labels=ids.to(model.device)).loss
    return math.exp(float(loss))


def _verdict(reading: TextWatermarkReading, text_perplexity: float | None, passage_perplexity: float | None = None,
             is_passage: bool = False) -> tuple[str, list[str]]:
    lines = [reading.summary()]
    if text_perplexity is not None:
        scale = ("" if passage_perplexity is None else
                 ". This text is the opening of Pride and Prejudice, written by a person: check another text to "
                 "see its figure beside this one" if is_passage else
                 f"; for scale, the opening of Pride and Prejudice, written by a person, scores {passage_perplexity:.0f}")
        lines.append(f"How surprised the Writing tab's model is by this text (its perplexity): "
                     f"{text_perplexity:.0f}, as unsure "
                     f"on average as if picking among {text_perplexity:.0f} equally likely word pieces{scale}. "
                     "A weak signal: low means the text is unsurprising to the model, which is true of machine text "
                     "and of old verse alike.")
    if reading.detected:
        return "Written by this site's Writing tab (watermark found)", lines
    if reading.tokens_scored < MIN_TOKENS:
        return "Inconclusive: too short to test", lines
    lines.append("No watermark is not proof of a human author: the watermark may have been switched off, the "
                 "text rewritten, or it came from another model.")
    return "This site's watermark was not found", lines


def check_text(text: str, writer=None, key: int | None = None) -> TextReport:
    """Test `text` for the suite's watermark with a local writer (default: the embedded poet)."""
    from core import torch_thread
    from core.settings import get_settings
    from core.text.watermark import read_text_watermark, watermark_key

    started = time.perf_counter()
    if not text or not text.strip():
        raise ValueError("Paste the text to check.")
    if len(text) > MAX_TEXT_CHARACTERS:
        raise ValueError(f"That is {len(text):,} characters; paste at most {MAX_TEXT_CHARACTERS:,}.")
    writer = writer or default_writer()
    key = watermark_key(get_settings().data_dir) if key is None else key

    def read() -> tuple:
        if writer.is_poet and writer.info.model_id not in _passage_perplexities:
            _passage_perplexities[writer.info.model_id] = perplexity(HUMAN_PASSAGE, writer.model, writer.tokenizer)
        return (read_text_watermark(text, writer.tokenizer, writer.model.config, key),
                token_marks(text, writer.tokenizer, writer.model.config, key),
                perplexity(text, writer.model, writer.tokenizer) if writer.is_poet else None)

    reading, marks, text_perplexity = torch_thread.run(read)
    passage_perplexity = _passage_perplexities.get(writer.info.model_id) if writer.is_poet else None
    is_passage = " ".join(text.split()) == " ".join(HUMAN_PASSAGE.split())
    verdict, lines = _verdict(reading, text_perplexity, passage_perplexity, is_passage)
    return TextReport(writer.info.model_id, reading, marks, text_perplexity, verdict, lines,
                      time.perf_counter() - started, passage_perplexity)


def default_writer():
    """The writing tab's local model (the poet, or its Hub model); the poet when the tab uses a server."""
    from core.settings import PROJECT_ROOT, get_settings, read_profiles
    from core.text.local_writer import LocalWriter

    tab = get_settings().model_for("writing")
    if tab.backend == "hub":
        return LocalWriter.load(tab.model, "hub")
    if tab.backend == "embedded":
        return LocalWriter.load(tab.local_path, "embedded")
    return LocalWriter.load(PROJECT_ROOT / read_profiles()["embedded"]["tabs"]["writing"]["model"], "embedded")

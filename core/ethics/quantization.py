"""Quantisation lab: dynamic int8 quantisation of the embedded poet, measured live before and after.

    result = quantization_lab(QuantizationConfig())
    result.rows  # size, tokens per second, perplexity: fp32 beside int8 (names in words)

PyTorch's `quantize_dynamic` (the seed's recipe) stores Linear weights as int8 and quantises
activations on the fly. GPT-2 keeps its attention and MLP weights in `Conv1D` layers, which
`quantize_dynamic` skips, so they are first rewritten as the equivalent `nn.Linear`.
"""

from __future__ import annotations

import copy
import io
import math
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuantizationConfig:
    new_tokens: int = 100
    validation_windows: int = 24
    seed: int = 0


@dataclass
class VariantMeasurement:
    name: str
    size_mb: float
    tokens_per_second: float
    perplexity: float
    sample: str


@dataclass
class QuantizationResult:
    before: VariantMeasurement
    after: VariantMeasurement
    held_out_tokens: int
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[dict]:
        """Before and after, the quality (perplexity) first: a phone shows a table's left part."""
        return [{"model": m.name, "perplexity": round(m.perplexity, 1), "size (MB)": round(m.size_mb, 2),
                 "tokens per second": round(m.tokens_per_second, 1)} for m in (self.before, self.after)]


def linear_from_conv1d(module):
    """An nn.Linear computing what a transformers Conv1D (weight stored in-by-out) computes."""
    import torch

    linear = torch.nn.Linear(module.weight.shape[0], module.weight.shape[1])
    with torch.no_grad():
        linear.weight.copy_(module.weight.T)
        linear.bias.copy_(module.bias)
    return linear


def quantized_copy(model):
    import torch
    from torch.ao.quantization import quantize_dynamic
    from transformers.pytorch_utils import Conv1D

    copied = copy.deepcopy(model).eval()
    for name, module in list(copied.named_modules()):
        for child_name, child in list(module.named_children()):
            if isinstance(child, Conv1D):
                setattr(module, child_name, linear_from_conv1d(child))
    return quantize_dynamic(copied, {torch.nn.Linear}, dtype=torch.qint8)


def serialized_megabytes(model) -> float:
    import torch

    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell() / 1e6


def held_out_windows(tokenizer, context: int, count: int):
    """Evenly spread windows of the poet's held-out verse (core.text.corpus' validation split)."""
    from core.text.corpus import load_validation_verse
    from core.text.train import encode_documents, validation_windows

    return validation_windows(encode_documents(tokenizer, load_validation_verse()), context, count)


def perplexity(model, windows) -> float:
    import torch

    total = 0.0
    with torch.inference_mode():
        for row in windows:
            batch = torch.from_numpy(row[None])
            logits = model(batch[:, :-1]).logits.float()
            total += float(torch.nn.functional.cross_entropy(logits[0], batch[0, 1:], reduction="sum"))
    return math.exp(total / (len(windows) * (windows.shape[1] - 1)))


def generation_speed(model, tokenizer, new_tokens: int, seed: int) -> tuple[float, str]:
    import torch

    from core.text.corpus import VERSE_TAG

    opening = "The moon"
    ids = tokenizer(f"{VERSE_TAG}\n{opening}", return_tensors="pt", add_special_tokens=False)["input_ids"]
    torch.manual_seed(seed)
    started = time.perf_counter()
    with torch.inference_mode():
        output = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens,
                                min_new_tokens=new_tokens, do_sample=False, repetition_penalty=1.3,
                                pad_token_id=tokenizer.pad_token_id)
    seconds = time.perf_counter() - started
    return new_tokens / seconds, opening + tokenizer.decode(output[0, ids.shape[1]:], skip_special_tokens=True)


def measure(name: str, model, tokenizer, windows, config: QuantizationConfig) -> VariantMeasurement:
    speed, sample = generation_speed(model, tokenizer, config.new_tokens, config.seed)
    return VariantMeasurement(name, serialized_megabytes(model), speed, perplexity(model, windows), sample)


def quantization_lab(config: QuantizationConfig = QuantizationConfig(), writer=None) -> QuantizationResult:
    """Quantise the poet (or `writer`'s model) and measure both versions the same way."""
    from core import torch_thread

    if writer is None:
        from core.forensics.text_report import default_writer

        writer = default_writer()
    if not writer.is_poet:
        raise ValueError("The quantisation lab measures the embedded poet; the writing tab uses another model.")
    model, tokenizer = writer.model, writer.tokenizer
    windows = held_out_windows(tokenizer, model.config.n_positions, config.validation_windows)
    with writer.generation_lock:
        before = torch_thread.run(measure, "as shipped: 32-bit decimals (fp32)", model, tokenizer, windows, config)
        after = torch_thread.run(lambda: measure("8-bit whole numbers (int8)", quantized_copy(model), tokenizer, windows, config))
    return QuantizationResult(before, after, int(windows.shape[0] * (windows.shape[1] - 1)))


def quantization_job(*, report) -> QuantizationResult:
    """`quantization_lab` as a core.jobs target (its speeds are measured side by side in the same job)."""
    report(0.1, "Measuring the poet as shipped, then its int8 copy")
    return quantization_lab()

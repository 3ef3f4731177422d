"""Adapt the writer to a visitor's own text with LoRA, and measure what it learned on text it did not train on.

    job = start_job(adaptation_job, text, AdaptationConfig(seed=0))    # a core.jobs target: minutes of CPU
    result = AdaptationResult.from_dict(job.result())
    adapter = save_adapter(result)                                    # core.text.adapters: the visitor's folder
    result.perplexity_before, result.perplexity_after                 # on the held-out last tenth of the text

LoRA (low-rank adaptation) leaves every weight of the model as it is and learns, beside each attention and
feed-forward matrix W, two thin matrices B·A (rank 8: about 2% as many numbers as the model) whose product is
added to W. Training only those is fast and the result is a small file: a standard PEFT adapter folder that
`PeftModel.from_pretrained(base_model, folder)` loads.

The honest measure is perplexity (how surprised the model is by each next token, as an effective number of
equally likely choices) on the last tenth of the visitor's text, which training never sees. The poet reads
the text as verse after its verse tag, as the Writing tab's Poem and Continue modes prompt it, so the adapted
style is the one those modes then write in.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field

MIN_CHARACTERS = 2_000
MAX_CHARACTERS = 200_000
HELD_OUT_TOKENS_MEASURED = 4_096  # perplexity is measured on at most this many held-out tokens (a few seconds)


@dataclass(frozen=True)
class AdaptationConfig:
    rank: int = 8  # of each LoRA pair B·A
    alpha: int = 16  # LoRA's scale is alpha / rank
    dropout: float = 0.05
    learning_rate: float = 2e-3
    block_tokens: int = 128  # tokens per training example
    batch_size: int = 8
    max_seconds: float = 150.0  # training time at most (the measurements before and after come on top)
    max_steps: int = 300
    max_epochs: float = 25.0  # passes over the training part at most: a short text is learned, not memorised
    min_steps: int = 30
    held_out_fraction: float = 0.1
    measure_every: int = 25  # steps between held-out measurements (the chart of perplexity falling)
    seed: int = 0
    target_modules: tuple[str, ...] = ("c_attn", "c_proj", "c_fc")  # GPT-2's attention and feed-forward layers

    def check(self) -> None:
        if not 1 <= self.rank <= 64:
            raise ValueError(f"The LoRA rank must be between 1 and 64; {self.rank} is not.")
        if not 10 <= self.max_seconds <= 600:
            raise ValueError(f"Train for 10 to 600 seconds; {self.max_seconds:g} is outside that.")


@dataclass
class AdaptationResult:
    perplexity_before: float  # the model as shipped, on the held-out tenth of the text
    perplexity_after: float  # with the adapter, on the same tokens
    seconds: float  # training and both measurements
    steps: int
    trained: dict  # what was trained: method, rank, layers, trainable and total parameters, tokens
    curve: list[dict] = field(default_factory=list)  # held-out perplexity as training went: {"step", "perplexity"}
    adapter_files: dict[str, bytes] = field(default_factory=dict, repr=False)  # the PEFT folder's files
    base_model: str = ""
    stopped_early: bool = False  # the time limit came before the planned steps

    @property
    def ratio(self) -> float:
        return self.perplexity_after / self.perplexity_before

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "AdaptationResult":
        return cls(**values)

    def summary(self) -> dict:
        """What the API returns (the adapter's files are downloaded separately)."""
        return {"perplexity_before": round(self.perplexity_before, 2), "perplexity_after": round(self.perplexity_after, 2),
                "seconds": round(self.seconds, 1), "steps": self.steps, "trained": self.trained,
                "base_model": self.base_model}


def check_text(text: str) -> str:
    """The visitor's text, or a sentence saying why it cannot be learned from."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) < MIN_CHARACTERS:
        raise ValueError(f"That is {len(text):,} characters; give at least {MIN_CHARACTERS:,} (about a page) so the "
                         f"model has something to learn and a tenth is left to test it on.")
    if len(text) > MAX_CHARACTERS:
        raise ValueError(f"That is {len(text):,} characters; give at most {MAX_CHARACTERS:,} (about 60 pages).")
    return text


def split_held_out(text: str, fraction: float) -> tuple[str, str]:
    """The text to train on and its last `fraction`, cut at a line break (or a space) near that point."""
    cut = int(len(text) * (1 - fraction))
    for mark in ("\n", " "):
        near = text.rfind(mark, int(cut * 0.9), cut)
        if near > 0:
            cut = near
            break
    return text[:cut].strip(), text[cut:].strip()


class _Examples:
    """The text as token ids, cut into blocks that each start with the writer's context (the poet's verse tag)."""

    def __init__(self, tokenizer, text: str, prefix_ids: list[int], block_tokens: int):
        self.ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        self.prefix = prefix_ids
        self.body_tokens = block_tokens - len(prefix_ids)
        if len(self.ids) < 2:
            raise ValueError("That text has too few words to learn from.")

    def batch(self, generator, size: int):
        """`size` blocks from random places of the text, with labels that skip the context."""
        import torch

        span = min(self.body_tokens, len(self.ids))
        starts = torch.randint(0, len(self.ids) - span + 1, (size,), generator=generator).tolist()
        return self._tensors([self.ids[s:s + span] for s in starts])

    def blocks(self, limit: int):
        """The text in order, in whole blocks, at most `limit` tokens: for measuring."""
        ids = self.ids[:limit]
        return [self._tensors([ids[s:s + self.body_tokens]]) for s in range(0, len(ids), self.body_tokens)
                if len(ids[s:s + self.body_tokens]) > 0]

    def _tensors(self, bodies: list[list[int]]):
        import torch

        inputs = torch.tensor([self.prefix + body for body in bodies])
        labels = inputs.clone()
        labels[:, :len(self.prefix)] = -100
        return inputs, labels


def perplexity(model, blocks) -> float:
    """exp of the mean negative log-likelihood of every labelled token in `blocks`."""
    import torch

    total, count = 0.0, 0
    was_training = model.training
    model.eval()
    with torch.inference_mode():
        for inputs, labels in blocks:
            logits = model(input_ids=inputs).logits[:, :-1].float()
            targets = labels[:, 1:]
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1),
                                                     ignore_index=-100, reduction="sum")
            total, count = total + float(loss), count + int((targets != -100).sum())
    model.train(was_training)
    return math.exp(total / max(1, count))


def writer_context_ids(tokenizer) -> list[int]:
    """What precedes the text when the Writing tab writes: the poet's verse tag and a line break, else nothing
    (a start-of-text token, so the first word has something before it)."""
    from core.text.corpus import VERSE_TAG

    if VERSE_TAG in tokenizer.get_vocab():
        return tokenizer(f"{VERSE_TAG}\n", add_special_tokens=False)["input_ids"]
    first = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    return [first] if first is not None else []


def prepare(model_source: str, text: str, config: AdaptationConfig):
    """The tokenizer, the model (fp32), the training part's examples and the held-out tenth's blocks."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_source)
    model = AutoModelForCausalLM.from_pretrained(model_source, dtype=torch.float32)
    prefix = writer_context_ids(tokenizer)
    training_text, held_out_text = split_held_out(text, config.held_out_fraction)
    training = _Examples(tokenizer, training_text, prefix, config.block_tokens)
    held_out = _Examples(tokenizer, held_out_text, prefix, config.block_tokens).blocks(HELD_OUT_TOKENS_MEASURED)
    return tokenizer, model, training, held_out


def adapt(model_source: str, text: str, config: AdaptationConfig = AdaptationConfig(), report=None) -> AdaptationResult:
    """LoRA-train the causal LM at `model_source` (a folder or Hub id) on `text`; see the module doc."""
    import torch
    from peft import LoraConfig, get_peft_model

    config.check()
    text = check_text(text)
    report = report or (lambda fraction, message, payload=None: None)
    started = time.perf_counter()
    report(0.0, "Reading your text")
    _, model, training, held_out = prepare(model_source, text, config)

    report(0.02, "Measuring how well the model knows your text before training")
    before = perplexity(model, held_out)
    total_parameters = sum(p.numel() for p in model.parameters())
    gpt2 = getattr(model.config, "model_type", "") == "gpt2"  # other architectures: peft's usual layers
    lora = LoraConfig(r=config.rank, lora_alpha=config.alpha, lora_dropout=config.dropout, bias="none",
                      target_modules=list(config.target_modules) if gpt2 else None, task_type="CAUSAL_LM",
                      fan_in_fan_out=gpt2)
    torch.manual_seed(config.seed)
    model = get_peft_model(model, lora)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate,
                                  weight_decay=0.0)
    generator = torch.Generator().manual_seed(config.seed)
    steps_per_epoch = max(1.0, len(training.ids) / (config.batch_size * training.body_tokens))
    planned = max(config.min_steps, min(config.max_steps, int(config.max_epochs * steps_per_epoch)))
    curve = [{"step": 0, "perplexity": round(before, 2)}]
    train_started, step = time.perf_counter(), 0
    model.train()
    while step < planned and time.perf_counter() - train_started < config.max_seconds:
        learning_rate = config.learning_rate * min(1.0, (step + 1) / 10) * (0.1 + 0.9 * (1 - step / planned))
        for group in optimizer.param_groups:
            group["lr"] = learning_rate
        inputs, labels = training.batch(generator, config.batch_size)
        loss = model(input_ids=inputs, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        elapsed = time.perf_counter() - train_started
        if step % config.measure_every == 0 and step < planned:
            curve.append({"step": step, "perplexity": round(perplexity(model, held_out), 2)})
        report(0.05 + 0.9 * max(step / planned, elapsed / config.max_seconds),
               f"Training step {step} of {planned}, {elapsed:.0f} s", payload={"curve": curve})
    report(0.96, "Measuring again on the tenth of your text it did not train on")
    after = perplexity(model, held_out)
    curve.append({"step": step, "perplexity": round(after, 2)})
    files = _adapter_files(model)
    return AdaptationResult(
        perplexity_before=before, perplexity_after=after, seconds=time.perf_counter() - started, steps=step,
        trained={"method": "LoRA", "rank": config.rank, "alpha": config.alpha,
                 "layers": sorted(model.peft_config["default"].target_modules), "trainable_parameters": trainable,
                 "model_parameters": total_parameters, "training_tokens": len(training.ids),
                 "held_out_tokens": sum(int((labels != -100).sum()) for _, labels in held_out),
                 "learning_rate": config.learning_rate, "batch_size": config.batch_size, "seed": config.seed},
        curve=curve, adapter_files=files, base_model=str(model_source), stopped_early=step < planned)


def _adapter_files(peft_model) -> dict[str, bytes]:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        peft_model.save_pretrained(folder)
        return {path.name: path.read_bytes() for path in Path(folder).iterdir() if path.is_file()}


def adaptation_job(model_source: str, text: str, config: AdaptationConfig, *, report) -> dict:
    """`adapt` as a core.jobs target: its result as a plain dict (the adapter's files as bytes), so any runner,
    a worker process or a Ray actor on another machine, hands it back to the app that saves it."""
    return adapt(model_source, text, config, report).to_dict()

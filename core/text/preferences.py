"""Steer the writer with a visitor's preferences: direct preference optimisation (DPO) with `trl`, on LoRA.

    pairs = [PreferencePair(prompt, chosen="the text they liked", rejected="the one they did not"), ...]
    job = start_job(preference_job, model_source, pairs, PreferenceConfig(seed=0))   # on the base, or on an adapter
    result = PreferenceResult.from_dict(job.result())
    result.accuracy_before, result.accuracy_after      # on the quarter of the pairs it did not train on

How this relates to RLHF: chat models are tuned on people's choices between two answers. Classic RLHF first
trains a separate reward model to score answers like people do, then improves the language model against
that score with reinforcement learning (PPO), sampling new answers as it goes. DPO skips both: it raises the
probability of each chosen text and lowers that of each rejected one directly, relative to a frozen copy of
the model it starts from (the reference), so it cannot drift far from it. Same data, one ordinary training.

What is measured: for each held-out pair, whether the model finds the chosen text likelier than the rejected
one, before and after, per token (the mean log-probability of its tokens, so a longer text is not counted
less likely for its length alone); the margin is the difference, in nats per token.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import asdict, dataclass, field

MIN_PAIRS = 12
MAX_PAIRS = 200
MAX_TEXT_CHARACTERS = 2_000


@dataclass(frozen=True)
class PreferencePair:
    prompt: str  # what the model was given (for the poet: its tagged prompt)
    chosen: str  # the text the visitor preferred
    rejected: str  # the other one


@dataclass(frozen=True)
class PreferenceConfig:
    beta: float = 0.1  # how far DPO may move from the reference: lower lets it move further
    learning_rate: float = 5e-4
    epochs: int = 4
    batch_size: int = 4
    rank: int = 8  # of a new LoRA adapter, when tuning the base model
    held_out_fraction: float = 0.25
    max_seconds: float = 180.0
    seed: int = 0


@dataclass
class PreferenceResult:
    accuracy_before: float  # share of held-out pairs where the model finds the chosen text likelier
    accuracy_after: float
    margin_before: float  # mean over held-out pairs of (chosen minus rejected) per-token log-probability (nats)
    margin_after: float
    held_out_pairs: int
    trained_pairs: int
    steps: int
    seconds: float
    on_adapter: bool  # tuned on top of the visitor's LoRA adapter, else a new adapter on the base model
    trained: dict
    adapter_files: dict[str, bytes] = field(default_factory=dict, repr=False)
    base_model: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> "PreferenceResult":
        return cls(**values)

    def summary(self) -> dict:
        return {"accuracy_before": round(self.accuracy_before, 3), "accuracy_after": round(self.accuracy_after, 3),
                "margin_before": round(self.margin_before, 3), "margin_after": round(self.margin_after, 3),
                "held_out_pairs": self.held_out_pairs, "trained_pairs": self.trained_pairs, "steps": self.steps,
                "seconds": round(self.seconds, 1), "on_adapter": self.on_adapter, "trained": self.trained,
                "base_model": self.base_model}


def read_pairs(value) -> list[PreferencePair]:
    """Pairs from a list of {"prompt", "chosen", "rejected"} (or its JSON text), or a sentence saying what is wrong."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except json.JSONDecodeError as error:
            raise ValueError(f"The preferences are not valid JSON ({error.msg} at line {error.lineno}): give a list "
                             f'of {{"prompt": ..., "chosen": ..., "rejected": ...}}.') from error
    if not isinstance(value, list):
        raise ValueError('Give the preferences as a list of {"prompt": ..., "chosen": ..., "rejected": ...}.')
    pairs = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("prompt", "chosen", "rejected")):
            raise ValueError(f'Preference {number} needs "prompt", "chosen" and "rejected", each a text.')
        if not item["chosen"].strip() or not item["rejected"].strip() or item["chosen"] == item["rejected"]:
            raise ValueError(f"Preference {number} needs two different, non-empty texts.")
        if max(len(item[k]) for k in ("prompt", "chosen", "rejected")) > MAX_TEXT_CHARACTERS:
            raise ValueError(f"Preference {number} has a text over {MAX_TEXT_CHARACTERS:,} characters; keep them short.")
        pairs.append(PreferencePair(item["prompt"], item["chosen"], item["rejected"]))
    if len(pairs) < MIN_PAIRS:
        raise ValueError(f"Mark at least {MIN_PAIRS} pairs (you have {len(pairs)}): a quarter is kept aside to "
                         f"measure what changed.")
    if len(pairs) > MAX_PAIRS:
        raise ValueError(f"That is {len(pairs)} pairs; give at most {MAX_PAIRS}.")
    return pairs


def split_pairs(pairs: list[PreferencePair], fraction: float, seed: int):
    """The pairs to train on and the ones held out (at least 3), shuffled with `seed`."""
    order = list(range(len(pairs)))
    random.Random(seed).shuffle(order)
    held = max(3, round(len(pairs) * fraction))
    return [pairs[i] for i in order[held:]], [pairs[i] for i in order[:held]]


def completion_log_probability(model, tokenizer, prompt: str, completion: str) -> float:
    """The mean log-probability of `completion`'s tokens after `prompt`."""
    import torch

    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"] or [_start_token(tokenizer)]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([prompt_ids + completion_ids])
    with torch.inference_mode():
        logits = model(input_ids=ids).logits[0, len(prompt_ids) - 1:-1].float()
    log_probabilities = torch.log_softmax(logits, dim=-1)
    return float(log_probabilities[torch.arange(len(completion_ids)), torch.tensor(completion_ids)].mean())


def _start_token(tokenizer) -> int:
    return tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id


def preference_margins(model, tokenizer, pairs: list[PreferencePair]) -> list[float]:
    """For each pair, the per-token log-probability of chosen minus rejected under `model`: positive where it
    prefers the chosen text."""
    was_training = model.training
    model.eval()
    margins = [completion_log_probability(model, tokenizer, p.prompt, p.chosen)
               - completion_log_probability(model, tokenizer, p.prompt, p.rejected) for p in pairs]
    model.train(was_training)
    return margins


def _accuracy(margins: list[float]) -> float:
    return sum(1 for m in margins if m > 0) / len(margins)


def dpo_arguments(config: PreferenceConfig, work: str):
    """trl's DPOConfig for `config`, on the processor, writing nothing but to `work`. bf16 only where the processor
    computes it natively: trl turns bf16 on by default, and emulated (AVX2 only) each step is many times slower."""
    from trl import DPOConfig

    from core.training import cpu_has_bf16

    return DPOConfig(
        output_dir=work, beta=config.beta, learning_rate=config.learning_rate, num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size, max_length=256, save_strategy="no", report_to="none",
        logging_strategy="no", use_cpu=True, bf16=cpu_has_bf16(), seed=config.seed, data_seed=config.seed,
        lr_scheduler_type="linear", warmup_steps=0, disable_tqdm=True, dataloader_num_workers=0)


def tune_preferences(model_source: str, pairs: list[PreferencePair], config: PreferenceConfig = PreferenceConfig(),
                     adapter_files: dict[str, bytes] | None = None, report=None) -> PreferenceResult:
    """DPO on `pairs` with trl, as a LoRA adapter: the visitor's adapter (its PEFT files) trained further against a
    frozen copy of itself when `adapter_files` is given, else a new adapter on the base model (against the base)."""
    import tempfile
    from pathlib import Path

    import torch
    from datasets import Dataset
    from peft import LoraConfig, PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
    from trl import DPOTrainer

    report = report or (lambda fraction, message, payload=None: None)
    if len(pairs) < MIN_PAIRS:
        raise ValueError(f"Mark at least {MIN_PAIRS} pairs (you have {len(pairs)}).")
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(model_source)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(model_source, dtype=torch.float32)
    peft_config = None
    if adapter_files:
        with tempfile.TemporaryDirectory() as folder:
            for name, data in adapter_files.items():
                (Path(folder) / Path(name).name).write_bytes(data)
            model = PeftModel.from_pretrained(model, folder, is_trainable=True)
    else:
        gpt2 = getattr(model.config, "model_type", "") == "gpt2"
        peft_config = LoraConfig(r=config.rank, lora_alpha=2 * config.rank, lora_dropout=0.0, task_type="CAUSAL_LM",
                                 target_modules=["c_attn", "c_proj", "c_fc"] if gpt2 else None, fan_in_fan_out=gpt2)
    training, held_out = split_pairs(pairs, config.held_out_fraction, config.seed)
    report(0.02, "Measuring which of the held-out pairs the model already prefers")
    before = preference_margins(model, tokenizer, held_out)
    steps_planned = config.epochs * math.ceil(len(training) / config.batch_size)

    class Progress(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            elapsed = time.perf_counter() - started
            report(0.05 + 0.9 * state.global_step / steps_planned, f"DPO step {state.global_step} of {steps_planned}, "
                   f"{elapsed:.0f} s")
            if elapsed > config.max_seconds:
                control.should_training_stop = True

    with tempfile.TemporaryDirectory() as work:
        trainer = DPOTrainer(model=model, args=dpo_arguments(config, work), processing_class=tokenizer,
                             peft_config=peft_config,
                             train_dataset=Dataset.from_list([asdict(p) for p in training]), callbacks=[Progress()])
        trainer.train()
        tuned = trainer.model
        report(0.96, "Measuring the held-out pairs again")
        after = preference_margins(tuned, tokenizer, held_out)
        files = _adapter_files(tuned)
    trainable = sum(p.numel() for name, p in tuned.named_parameters() if ".default." in name)
    return PreferenceResult(
        accuracy_before=_accuracy(before), accuracy_after=_accuracy(after),
        margin_before=sum(before) / len(before), margin_after=sum(after) / len(after),
        held_out_pairs=len(held_out), trained_pairs=len(training), steps=trainer.state.global_step,
        seconds=time.perf_counter() - started, on_adapter=bool(adapter_files),
        trained={"method": "DPO (trl) on LoRA", "rank": tuned.peft_config["default"].r, "beta": config.beta,
                 "epochs": config.epochs,
                 "learning_rate": config.learning_rate, "trainable_parameters": trainable, "seed": config.seed},
        adapter_files=files, base_model=str(model_source))


def _adapter_files(peft_model) -> dict[str, bytes]:
    """The trained ("default") adapter's PEFT files; trl's frozen reference copy ("ref") is left out."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        peft_model.save_pretrained(folder, selected_adapters=["default"])
        return {path.name: path.read_bytes() for path in Path(folder).iterdir() if path.is_file()}


def preference_job(model_source: str, pairs: list[dict], config: PreferenceConfig,
                   adapter_files: dict[str, bytes] | None = None, *, report) -> dict:
    """`tune_preferences` as a core.jobs target: plain values in and out, so any runner (a worker process, a Ray
    actor on another machine) can run it and hand the new adapter's files back to the app that saves them."""
    return tune_preferences(model_source, [PreferencePair(**p) for p in pairs], config, adapter_files, report).to_dict()

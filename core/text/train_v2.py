"""Train the second embedded poet: the same small GPT-2 as `core.text.train`, on modern English only.

    nohup python -m core.text.train_v2 --work-dir runs/poet-v2 --seed 0 >> runs/poet-v2/train.log 2>&1 &

The corpus is `core.text.corpus.load_modern_corpus`: the Gutenberg Poetry Corpus passages and
Shakespeare's scenes with the same split as the first poet, keeping only the lines whose every word is
in the English word list (plus archaic forms such as thee, doth, o'er; `core.text.english`). The
tokenizer (byte-level BPE, 8,192 tokens) is trained on that filtered training text.

Resumable: started again with the same command it reads `<work-dir>/checkpoint.pt` (written every
`--checkpoint-every` steps) and goes on; its process id is in `<work-dir>/train.pid`, so it can be
paused with `kill -STOP` and resumed with `kill -CONT`. One JSON line per evaluation goes to the log
and to `<work-dir>/log.jsonl`. At the end it saves the model and tokenizer to `--out` (not the shipped
folder: a person promotes it to assets/models/poet-gpt once it meets its bar) with `training.json` and
`evaluation.json`: perplexity per token against a bigram on the same held-out tokens, and per
character against the current poet on the same held-out text.

With `--start-from assets/models/poet-gpt` it goes on from the shipped poet instead of from random
weights: that poet's tokenizer and weights, trained further on the filtered lines only (the same
held-out passages, so nothing it is measured on was trained on):

    nohup python -m core.text.train_v2 --start-from assets/models/poet-gpt --work-dir runs/poet-v3 \
        --out runs/poet-v3/model --steps 1500 --learning-rate 3e-4 --warmup-steps 100 --seed 0 \
        >> runs/poet-v3/train.log 2>&1 &

(1.39 hours in float32 on 2 threads of an AMD EPYC; the poet's model card has what it measured.)

On a lent GPU, `--device cuda` trains there in bf16 autocast (checkpoints load on either), e.g. with a larger
batch: `python -m core.text.train_v2 --device cuda --batch-size 64 --work-dir runs/poet-gpu --out
runs/poet-gpu/model --seed 0`.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from core.text.bigram import BigramModel
from core.text.train import build_model, encode_documents, mean_loss, sample_batch, validation_windows
from core.training import (autocast_on, config_from_command_line, cpu_precision, hardware_label, log_entry,
                           read_checkpoint, start_run, warmup_cosine, write_checkpoint)


@dataclass(frozen=True)
class TrainingConfig:
    out: str = "runs/poet-v2/model"
    work_dir: str = "runs/poet-v2"
    steps: int = 8000
    batch_size: int = 8
    context: int = 512
    play_fraction: float = 0.15
    learning_rate: float = 6e-4
    warmup_steps: int = 200
    weight_decay: float = 0.1
    vocab_size: int = 8192
    layers: int = 6
    width: int = 256
    heads: int = 4
    seed: int = 0
    threads: int = 2
    checkpoint_every: int = 200
    evaluate_every: int = 1000
    validation_windows: int = 100
    compare_with: str = "assets/models/poet-gpt"
    compare_passages: int = 300
    start_from: str = ""
    device: str = "cpu"  # "cuda" on a lent GPU: bf16 autocast there


def learning_rate(step: int, config: TrainingConfig) -> float:
    return warmup_cosine(step, config.learning_rate, config.warmup_steps, config.steps, floor=0.1)


def prepare_data(config: TrainingConfig, work: Path):
    """Tokenizer, token streams and the held-out text for the per-character comparison, cached in `work`."""
    from transformers import AutoTokenizer

    from core.text.corpus import load_modern_corpus
    from core.text.tokenizer import train_tokenizer

    cached, text_file = work / "tokens.npz", work / "held_out_verse.json"
    if cached.exists() and text_file.exists():
        arrays = np.load(cached)
        return (AutoTokenizer.from_pretrained(work / "tokenizer"), {name: arrays[name] for name in arrays.files},
                json.loads(text_file.read_text()))
    corpus = load_modern_corpus()
    if config.start_from:
        tokenizer = AutoTokenizer.from_pretrained(config.start_from)
    else:
        tokenizer = None
    words = {name: sum(len(document.split()) for document in documents) for name, documents in
             (("training_verse", corpus.training_verse), ("training_plays", corpus.training_scenes),
              ("validation_verse", corpus.validation_verse), ("validation_plays", corpus.validation_scenes))}
    print("filtered corpus: " + ", ".join(f"{name} {count:,} words" for name, count in words.items()), flush=True)
    tokenizer = tokenizer or train_tokenizer(corpus.training_documents(), config.vocab_size)
    tokenizer.save_pretrained(work / "tokenizer")
    streams = {"training_verse": encode_documents(tokenizer, corpus.training_verse),
               "training_plays": encode_documents(tokenizer, corpus.training_scenes),
               "validation_verse": encode_documents(tokenizer, corpus.validation_verse),
               "validation_plays": encode_documents(tokenizer, corpus.validation_scenes)}
    np.savez(cached, **streams)
    text_file.write_text(json.dumps(corpus.validation_verse))
    (work / "corpus.json").write_text(json.dumps({"words": words, "passages": {
        "training_verse": len(corpus.training_verse), "validation_verse": len(corpus.validation_verse),
        "training_scenes": len(corpus.training_scenes), "validation_scenes": len(corpus.validation_scenes)}}, indent=2))
    return tokenizer, streams, corpus.validation_verse


@torch.no_grad()
def nats_per_character(model, tokenizer, documents: list[str], context: int) -> dict:
    """Cross-entropy per character of `documents` (each followed by end-of-text), every token after the first
    predicted once: a figure two models with different tokenizers can be compared on."""
    stream = encode_documents(tokenizer, documents)
    count = (len(stream) - 1) // context
    windows = np.stack([stream[index * context:index * context + context + 1] for index in range(count)]).astype(np.int64)
    nats = mean_loss(model, windows) * count * context
    characters = sum(len(document) + 1 for document in documents) * (count * context) / (len(stream) - 1)
    return {"tokens": int(count * context), "characters": int(characters), "nats_per_character": nats / characters}


def per_character_comparison(model, tokenizer, documents: list[str], config: TrainingConfig) -> dict:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    result = {"new": nats_per_character(model, tokenizer, documents, config.context)}
    if (Path(config.compare_with) / "config.json").exists():
        other = AutoModelForCausalLM.from_pretrained(config.compare_with).to(config.device).eval()
        context = min(config.context, other.config.n_positions)
        result["current"] = nats_per_character(other, AutoTokenizer.from_pretrained(config.compare_with), documents,
                                               context)
    for row in result.values():
        row["perplexity_per_character"] = round(math.exp(row["nats_per_character"]), 4)
        row["bits_per_character"] = round(row.pop("nats_per_character") / math.log(2), 4)
    return result


def starting_model(config: TrainingConfig, tokenizer):
    """Random weights of the configured size, or the weights of `config.start_from` in float32."""
    if not config.start_from:
        return build_model(config, tokenizer).to(config.device)
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(config.start_from, dtype=torch.float32)
    if model.config.n_positions < config.context:
        raise ValueError(f"{config.start_from} reads at most {model.config.n_positions} tokens; "
                         f"set --context to at most that.")
    return model.to(config.device)


def train(config: TrainingConfig) -> Path:
    work = start_run(config.seed, config.threads, config.work_dir)
    (work / "train.pid").write_text(f"{os.getpid()}\n")
    started = time.time()
    tokenizer, streams, held_out_text = prepare_data(config, work)
    print("data: " + ", ".join(f"{name} {len(stream):,} tokens" for name, stream in streams.items())
          + f"; ready in {time.time() - started:.0f} s", flush=True)
    held_out = {kind: validation_windows(streams[f"validation_{kind}"], config.context, config.validation_windows)
                for kind in ("verse", "plays")}

    model = starting_model(config, tokenizer)
    decay = [p for name, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for name, p in model.named_parameters() if p.dim() < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": config.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=config.learning_rate,
                                  betas=(0.9, 0.95))
    step, elapsed_before = 0, 0.0
    if checkpoint := read_checkpoint(work):
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        step, elapsed_before = checkpoint["step"], checkpoint["elapsed_s"]

    log = (work / "log.jsonl").open("a")
    session_start, first_step = time.time(), step
    model.train()
    while step < config.steps:
        batch = sample_batch(streams, config, step).to(config.device)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        with autocast_on(config.device):
            logits = model(batch[:, :-1]).logits
        loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        if step % 50 == 0:
            rate = (time.time() - session_start) / (step - first_step)
            print(f"step {step}: loss {loss.item():.3f}, {rate:.2f} s per step", flush=True)
        if step % config.evaluate_every == 0 or step == config.steps:
            losses = {kind: mean_loss(model, windows) for kind, windows in held_out.items()}
            log_entry(log, {"step": step, "tokens": step * config.batch_size * config.context,
                            "train_loss": round(loss.item(), 4),
                            **{f"validation_loss_{kind}": round(value, 4) for kind, value in losses.items()},
                            "lr": learning_rate(step, config),
                            "elapsed_s": round(elapsed_before + time.time() - session_start, 1)})
        if step % config.checkpoint_every == 0 or step == config.steps:
            write_checkpoint(work, {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                                    "elapsed_s": elapsed_before + time.time() - session_start})

    training_seconds = round(elapsed_before + time.time() - session_start, 1)
    evaluation = evaluate(model, streams, held_out, config)
    evaluation["held_out_verse_per_character"] = per_character_comparison(
        model, tokenizer, held_out_text[:config.compare_passages], config)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, max_shard_size="9MB")
    tokenizer.save_pretrained(out)
    training = {**asdict(config), "training_seconds": training_seconds,
                "training_tokens_seen": step * config.batch_size * config.context,
                "corpus_tokens": {name: len(stream) for name, stream in streams.items()},
                "parameters": sum(p.numel() for p in model.parameters()),
                "hardware": training_hardware(config)}
    (out / "training.json").write_text(json.dumps(training, indent=2))
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=2))
    print(json.dumps(evaluation), flush=True)
    print(f"saved to {out}", flush=True)
    return out


def training_hardware(config: TrainingConfig) -> str:
    """The model card's words for where it trained: the processor and its threads, or the GPU."""
    if config.device.startswith("cuda"):
        return f"{torch.cuda.get_device_name(torch.device(config.device))}, bf16 autocast, torch {torch.__version__}"
    return hardware_label(config.threads, cpu_precision())


def evaluate(model, streams: dict[str, np.ndarray], held_out: dict[str, np.ndarray], config: TrainingConfig) -> dict:
    """Perplexity per token of the model and of a bigram baseline on the same held-out windows."""
    bigram = BigramModel.fit([streams["training_verse"], streams["training_plays"]], config.vocab_size)
    return {kind: {"tokens": int(windows.shape[0] * (windows.shape[1] - 1)),
                   "model_perplexity": round(math.exp(mean_loss(model, windows)), 2),
                   "bigram_perplexity": round(math.exp(bigram.mean_loss(windows)), 2)}
            for kind, windows in held_out.items()}


def main() -> None:
    train(config_from_command_line(TrainingConfig, __doc__))


if __name__ == "__main__":
    main()

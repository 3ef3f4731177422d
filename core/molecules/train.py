"""Train the embedded molecule generator on the MOSES training set (1.58 M SMILES from ZINC, MIT licence).

    python -m core.molecules.train --out assets/models/molecule-rnn --seed 0

Reads `moses/dataset/data/train.csv.gz` from the installed `molsets` package by path (its own
imports are broken, so the package is never imported). The defaults train the shipped model: the
molecules written as SELFIES (every sampled string decodes to a valid molecule), 300 byte-pair tokens
of whole SELFIES symbols learnt from `--tokenizer-molecules` random training molecules (10.5 tokens
per molecule), and batches of molecules of similar length (`--sort-chunk 64`). `--molecule-format
smiles` trains on SMILES instead, `--tokens atoms` one token per atom or symbol (about 3 times
longer, so a step costs more), `--sort-chunk 1` plain shuffled batches. Checkpoints every
`--checkpoint-every` steps to `--work-dir` and resumes from there when started again with the same
arguments. Logs one JSON line per evaluation to `<work-dir>/log.jsonl`.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from core.molecules.model import SmilesLSTM, SmilesLSTMConfig
from core.molecules.moses import read_smiles
from core.molecules.sampling import sample_token_ids
from core.molecules.tokenizer import (MOLECULE_FORMATS, SPECIAL_TOKENS, build_tokenizer, decode_molecules, encodable,
                                      encode, selfies_symbols, smiles_to_selfies, split_smiles,
                                      train_bpe_tokenizer, train_selfies_tokenizer)
from core.training import (config_from_command_line, hardware_label, log_entry, read_checkpoint, start_run,
                           warmup_cosine, write_checkpoint)

MAX_TOKENS = 98  # tokens kept per SMILES (MOSES' longest SMILES has 57 atom tokens, far fewer byte pairs)


@dataclass(frozen=True)
class TrainingConfig:
    out: str = "assets/models/molecule-rnn"
    work_dir: str = "runs/molecule-rnn"
    steps: int = 10_000
    batch_size: int = 256
    learning_rate: float = 3e-3
    warmup_steps: int = 300
    hidden_size: int = 384
    num_layers: int = 3
    embedding_size: int = 64
    seed: int = 0
    threads: int = 2
    checkpoint_every: int = 500
    validation_molecules: int = 5000
    molecule_format: str = "selfies"  # "selfies" or "smiles"
    tokens: str = "bpe"  # "bpe": byte pairs; "atoms": one token per atom, bond or ring digit (SELFIES: symbol)
    vocab_size: int = 300  # byte-pair tokens, special tokens included
    tokenizer_molecules: int = 500_000  # random training molecules the byte pairs are learnt from
    dropout: float = 0.0
    sort_chunk: int = 64  # batches whose molecules are sorted by length together (1: plain shuffled batches)


def make_tokenizer(training_texts: list[str], config: TrainingConfig):
    """A tokenizer for `training_texts`, which are SELFIES strings when the config says so."""
    if config.molecule_format not in MOLECULE_FORMATS:
        raise ValueError(f"--molecule-format is 'smiles' or 'selfies', not {config.molecule_format!r}.")
    if config.tokens not in ("atoms", "bpe"):
        raise ValueError(f"--tokens is 'bpe' or 'atoms', not {config.tokens!r}.")
    if config.molecule_format == "smiles" and config.tokens == "atoms":
        return build_tokenizer(sorted({token for text in training_texts for token in split_smiles(text)}))
    sample = np.random.default_rng(config.seed).choice(len(training_texts), config.tokenizer_molecules, replace=False)
    if config.molecule_format == "selfies":
        symbols = selfies_symbols(training_texts)
        size = config.vocab_size if config.tokens == "bpe" else len(symbols) + len(SPECIAL_TOKENS)
        return train_selfies_tokenizer([training_texts[i] for i in sorted(sample)], size, symbols)
    alphabet = sorted(set("".join(training_texts)))
    return train_bpe_tokenizer([training_texts[i] for i in sorted(sample)], config.vocab_size, alphabet)


def epoch_batches(lengths: np.ndarray, batch_size: int, sort_chunk: int, seed: int) -> list[np.ndarray]:
    """One epoch's batches: shuffled, then sorted by length within chunks of `sort_chunk` batches.

    Batches of molecules of similar length carry little padding, so a step costs less; the order of
    the batches is shuffled again so that lengths do not drift through the epoch. With `sort_chunk`
    1 the batches are plain consecutive slices of one shuffle.
    """
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lengths))
    if sort_chunk <= 1:
        return [order[i:i + batch_size] for i in range(0, len(order) - batch_size + 1, batch_size)]
    chunk = batch_size * sort_chunk
    batches = []
    for start in range(0, len(order) - batch_size + 1, chunk):
        part = order[start:start + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        batches.extend(part[i:i + batch_size] for i in range(0, len(part) - batch_size + 1, batch_size))
    return [batches[i] for i in rng.permutation(len(batches))]


def batch_tensors(rows: np.ndarray, pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = int((rows != pad).sum(axis=1).max())
    batch = torch.from_numpy(rows[:, :width].astype(np.int64))
    inputs, labels = batch[:, :-1], batch[:, 1:].clone()
    labels[labels == pad] = -100
    return inputs, labels


def learning_rate(step: int, config: TrainingConfig) -> float:
    return warmup_cosine(step, config.learning_rate, config.warmup_steps, config.steps, floor=0.05)


@torch.no_grad()
def validation_loss(model: SmilesLSTM, rows: np.ndarray, pad: int) -> float:
    model.eval()
    total, count = 0.0, 0
    for start in range(0, len(rows), 1000):
        inputs, labels = batch_tensors(rows[start:start + 1000], pad)
        _, _, loss = model(inputs, labels=labels)
        tokens = int((labels != -100).sum())
        total, count = total + float(loss) * tokens, count + tokens
    model.train()
    return total / count


def validity(model: SmilesLSTM, tokenizer, count: int = 500, seed: int = 0) -> float:
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    sequences = sample_token_ids(model, count, seed=seed)
    smiles = decode_molecules(sequences, tokenizer, model.config.molecule_format)
    model.train()
    return sum(1 for s in smiles if s and Chem.MolFromSmiles(s) is not None) / count


def train(config: TrainingConfig) -> Path:
    work = start_run(config.seed, config.threads, config.work_dir)
    started = time.time()

    training_texts = read_smiles("train.csv.gz")
    validation_texts = read_smiles("test.csv.gz")[: config.validation_molecules]
    if config.molecule_format == "selfies":
        training_texts = [text for text in smiles_to_selfies(training_texts, config.threads) if text]
        validation_texts = smiles_to_selfies(validation_texts)
    tokenizer = make_tokenizer(training_texts, config)
    vocabulary = tokenizer.get_vocab()
    pad, bos, eos = tokenizer.pad_token_id, tokenizer.bos_token_id, tokenizer.eos_token_id
    training_rows = encode(training_texts, tokenizer, MAX_TOKENS)
    validation_rows = encode(encodable(validation_texts, tokenizer), tokenizer, MAX_TOKENS)
    lengths = (training_rows != pad).sum(axis=1)
    preparation_seconds = time.time() - started
    print(f"data: {len(training_rows):,} training, {len(validation_rows):,} validation molecules, "
          f"{len(vocabulary)} tokens, {lengths.mean() - 2:.1f} per molecule, encoded in {preparation_seconds:.0f} s",
          flush=True)

    model_config = SmilesLSTMConfig(vocab_size=len(vocabulary), embedding_size=config.embedding_size,
                                    hidden_size=config.hidden_size, num_layers=config.num_layers,
                                    dropout=config.dropout, molecule_format=config.molecule_format,
                                    pad_token_id=pad, bos_token_id=bos, eos_token_id=eos, max_sequence_length=MAX_TOKENS + 1)
    model = SmilesLSTM(model_config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=0.0)
    step, elapsed_before = 0, 0.0
    if checkpoint := read_checkpoint(work):
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        step, elapsed_before = checkpoint["step"], checkpoint["elapsed_s"]
        torch.set_rng_state(checkpoint["torch_rng"])

    batches = {0: epoch_batches(lengths, config.batch_size, config.sort_chunk, config.seed)}
    batches_per_epoch = len(batches[0])
    log = (work / "log.jsonl").open("a")
    session_start = time.time()
    model.train()
    while step < config.steps:
        epoch, position = divmod(step, batches_per_epoch)
        if epoch not in batches:
            batches = {epoch: epoch_batches(lengths, config.batch_size, config.sort_chunk, config.seed + epoch)}
        inputs, labels = batch_tensors(training_rows[batches[epoch][position]], pad)
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        _, _, loss = model(inputs, labels=labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        if step % config.checkpoint_every == 0 or step == config.steps:
            elapsed = elapsed_before + time.time() - session_start
            entry = {"step": step, "epoch": step / batches_per_epoch, "train_loss": float(loss.detach()),
                     "validation_loss": validation_loss(model, validation_rows, pad),
                     "validity@500": validity(model, tokenizer, seed=step), "lr": learning_rate(step, config),
                     "elapsed_s": round(elapsed, 1)}
            log_entry(log, entry)
            write_checkpoint(work, {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                                    "elapsed_s": elapsed, "torch_rng": torch.get_rng_state()})

    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, max_shard_size="9MB", safe_serialization=True)
    tokenizer.save_pretrained(out)
    training = {**asdict(config), "preparation_seconds": round(preparation_seconds, 1),
                "training_seconds": round(elapsed_before + time.time() - session_start, 1),
                "hardware": hardware_label(config.threads),
                "training_molecules": len(training_rows), "epochs": step / batches_per_epoch}
    (out / "training.json").write_text(json.dumps(training, indent=2))
    print(f"saved to {out}", flush=True)
    return out


def main() -> None:
    train(config_from_command_line(TrainingConfig, __doc__))


if __name__ == "__main__":
    main()

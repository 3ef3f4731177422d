"""Training a Lab model for a time budget, with its losses and samples reported as it learns: the same loop
for a visitor's live training (a job) and for the command that trains the shipped models (core.lab.train)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch

from core.lab.family import Family

PREVIEW_SEED = 1234  # the same noise every preview, so the samples are seen to change only as the model learns


@dataclass(frozen=True)
class LabTrainingConfig:
    seconds: float = 60.0
    batch_size: int = 64
    seed: int = 0
    report_every_seconds: float = 2.0
    preview_count: int = 16
    max_steps: int | None = None


@dataclass
class LabTrainingUpdate:
    step: int
    seconds: float
    losses: dict[str, float]  # the mean over the steps since the last update
    history: list[dict] = field(default_factory=list)  # {"step", "seconds", <loss>: value, ...} per update
    preview: np.ndarray | None = None  # preview_count samples from PREVIEW_SEED
    done: bool = False


def batches(images: np.ndarray, batch_size: int, seed: int) -> Iterator[torch.Tensor]:
    """Shuffled batches of the training digits, epoch after epoch, forever."""
    data = torch.as_tensor(images, dtype=torch.float32)
    generator = torch.Generator().manual_seed(seed)
    while True:
        for indices in torch.randperm(len(data), generator=generator).split(batch_size):
            if len(indices) == batch_size:
                yield data[indices]


def train_for(model: Family, images: np.ndarray, config: LabTrainingConfig = LabTrainingConfig(),
              start_step: int = 0, start_seconds: float = 0.0, history: list[dict] | None = None,
              should_stop: Callable[[], bool] | None = None) -> Iterator[LabTrainingUpdate]:
    """Train `model` on `images` until `config.seconds` (counted from `start_seconds`) or `max_steps` have passed,
    yielding an update every `report_every_seconds` and a last one with `done`."""
    history = list(history or [])
    step, spent, pending = start_step, start_seconds, []
    began = time.perf_counter() - start_seconds
    last_report = time.perf_counter()
    for batch in batches(images, config.batch_size, config.seed + start_step):
        pending.append(model.train_step(batch))
        step += 1
        spent = time.perf_counter() - began
        finished = spent >= config.seconds or (config.max_steps is not None and step >= config.max_steps)
        stopped = should_stop is not None and should_stop()
        if finished or stopped or time.perf_counter() - last_report >= config.report_every_seconds:
            losses = {name: float(np.mean([p[name] for p in pending])) for name in pending[0]}
            history.append({"step": step, "seconds": round(spent, 2), **{k: round(v, 4) for k, v in losses.items()}})
            pending, last_report = [], time.perf_counter()
            preview = model.sample(config.preview_count, PREVIEW_SEED) if config.preview_count else None
            yield LabTrainingUpdate(step, spent, losses, list(history), preview, done=finished or stopped)
            if finished or stopped:
                return

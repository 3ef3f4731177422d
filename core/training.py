"""What every training script of the suite shares: its command line, its learning-rate schedule, and
the hardware line its model card quotes."""

from __future__ import annotations

import argparse
import math
import platform
from dataclasses import asdict


def config_from_command_line(config_class, description: str):
    """A `config_class` instance with one `--option` per field, defaulting to the field's default."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name, value in asdict(config_class()).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    return config_class(**vars(parser.parse_args()))


def warmup_cosine(step: int, peak: float, warmup_steps: int, total_steps: int, floor: float) -> float:
    """Linear warm-up to `peak`, then cosine decay to `floor` times `peak` at `total_steps`."""
    if step < warmup_steps:
        return peak * (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def hardware_label(threads: int, extra: str = "") -> str:
    import torch

    label = f"{platform.processor() or platform.machine()}, {threads} threads, torch {torch.__version__}"
    return f"{label}, {extra}" if extra else label

"""What every training script of the suite shares: its command line, its start, its checkpoint and
log, its learning-rate schedule, and the hardware line its model card quotes."""

from __future__ import annotations

import argparse
import json
import math
import platform
from dataclasses import asdict
from pathlib import Path

CHECKPOINT = "checkpoint.pt"


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


def cpu_has_bf16() -> bool:
    """Whether the processor computes bf16 natively (AVX-512 BF16, AMX): without it (AVX2 only) bf16 is emulated
    and a poet's training step took 65 s instead of 3.7 s in float32."""
    import torch

    return torch.ops.mkldnn._is_mkldnn_bf16_supported()


def cpu_autocast():
    """bf16 autocast where the processor has it (`cpu_has_bf16`), else plain float32."""
    import contextlib

    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16) if cpu_has_bf16() else contextlib.nullcontext()


def autocast_on(device) -> "contextlib.AbstractContextManager":
    """bf16 autocast on a GPU, `cpu_autocast` on the processor (`device`: a torch.device or "cpu", "cuda")."""
    import torch

    kind = getattr(device, "type", str(device).split(":")[0])
    return torch.autocast("cuda", dtype=torch.bfloat16) if kind == "cuda" else cpu_autocast()


def cpu_precision() -> str:
    """The model card's words for what `cpu_autocast` picks on this machine."""
    return "bf16 autocast" if cpu_has_bf16() else "float32"


def start_run(seed: int, threads: int, work_dir: str) -> Path:
    """Seed torch, set its CPU threads, and make the work folder that holds checkpoint and log."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    return work


def read_checkpoint(work: Path) -> dict | None:
    """The run's last checkpoint (`work/checkpoint.pt`), or None on a fresh start."""
    import torch

    path = work / CHECKPOINT
    if not path.exists():
        return None
    checkpoint = torch.load(path, weights_only=False, map_location="cpu")  # a GPU run's goes on anywhere
    print(f"resumed at step {checkpoint['step']}", flush=True)
    return checkpoint


def write_checkpoint(work: Path, state: dict) -> None:
    """Written beside, then renamed over the last one, so a run stopped mid-write still resumes."""
    import torch

    partial = work / (CHECKPOINT + ".partial")
    torch.save(state, partial)
    partial.replace(work / CHECKPOINT)


def log_entry(log, entry: dict) -> None:
    """Print one evaluation and append it to the run's log.jsonl."""
    print(json.dumps(entry), flush=True)
    log.write(json.dumps(entry) + "\n")
    log.flush()

"""The painter's learned 2x upscaling stage: its 32x32 pictures become 64x64, with the detail a 64x64 render has.

    python -m core.art.upscaler --model runs/painter/model --seed 0     # trains it and adds it to that pipeline

The painter paints at 32x32 (a 64x64 UNet trains 7x slower per step on 2 cores); the renderer draws every
scene at 64x64 and the painter's training pictures keep every other pixel. This small network learns the
way back: from a 32x32 picture to the 64x64 render, on renders only (the painter's own scenes, held-out
compositions left out). It works at 32x32, where it is cheap, and ends in a pixel shuffle that writes each
pixel's four children; its answer is added to the picture enlarged by whole pixels, so an untrained one
changes nothing. The painter's pictures are never quite renders, so during training its inputs get a little
noise and, now and then, a blur. Saved inside the pipeline's folder (`upscaler/`); `PixelArtPipeline` runs it
after the last denoising step.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn


class PixelUpscaler(ModelMixin, ConfigMixin):
    """pixels in [-1, 1], (batch, 3, n, n) -> (batch, 3, 2n, 2n)."""

    @register_to_config
    def __init__(self, channels: int = 48, blocks: int = 4):
        super().__init__()
        self.head = nn.Conv2d(3, channels, 3, padding=1)
        self.residual_blocks = nn.ModuleList(nn.Sequential(nn.Conv2d(channels, channels, 3, padding=1), nn.SiLU(),
                                                  nn.Conv2d(channels, channels, 3, padding=1))
                                    for _ in range(blocks))
        self.tail = nn.Conv2d(channels, 3 * 4, 3, padding=1)
        nn.init.zeros_(self.tail.weight)
        nn.init.zeros_(self.tail.bias)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        features = self.head(pixels)
        for block in self.residual_blocks:
            features = features + block(features)
        detail = nn.functional.pixel_shuffle(self.tail(features), 2)
        enlarged = nn.functional.interpolate(pixels, scale_factor=2, mode="nearest")
        return (enlarged + detail).clamp(-1, 1)


@dataclass(frozen=True)
class UpscalerConfig:
    model: str = "runs/painter/model"  # the pipeline folder it is added to
    renders: int = 40_000
    steps: int = 2000
    batch_size: int = 32
    learning_rate: float = 2e-3
    channels: int = 48
    blocks: int = 4
    noise: float = 0.04  # largest standard deviation of the noise added to an input (pixels in [-1, 1])
    blur_share: float = 0.3  # share of inputs softened, as the painter's pictures often are
    seed: int = 0
    threads: int = 2


@dataclass
class UpscalerResult:
    mean_absolute_error: float  # on held-out renders, pixels in [0, 255]
    enlarged_error: float  # the same renders enlarged by whole pixels, no learning
    training_seconds: float


def pairs(count: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(32x32, 64x64) renders of the painter's kind of scenes, held-out compositions left out."""
    from core.art.scenes import SIZE, render_scene
    from core.art.train import training_scenes

    scenes = training_scenes(count, seed, subjects=0.5)
    large = np.stack([np.asarray(render_scene(scene, SIZE)) for scene in scenes])
    small = large[:, 1::2, 1::2]  # what render_scene(scene, 32) keeps: every other pixel (PIL nearest picks the second)
    as_tensor = lambda array: torch.from_numpy(array.astype(np.float32)).permute(0, 3, 1, 2) / 127.5 - 1  # noqa: E731
    return as_tensor(np.ascontiguousarray(small)), as_tensor(large)


def degrade(small: torch.Tensor, config: UpscalerConfig, generator: torch.Generator) -> torch.Tensor:
    count = len(small)
    strength = torch.rand(count, 1, 1, 1, generator=generator) * config.noise
    noisy = small + strength * torch.randn(small.shape, generator=generator)
    blurred = nn.functional.avg_pool2d(nn.functional.pad(small, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
    softened = (torch.rand(count, 1, 1, 1, generator=generator) < config.blur_share).float()
    mix = softened * 0.5
    return ((1 - mix) * noisy + mix * blurred).clamp(-1, 1)


def mean_absolute_error(model: PixelUpscaler, small: torch.Tensor, large: torch.Tensor) -> tuple[float, float]:
    model.eval()
    with torch.no_grad():
        learned = torch.cat([model(small[i:i + 256]) for i in range(0, len(small), 256)])
        enlarged = nn.functional.interpolate(small, scale_factor=2, mode="nearest")
    model.train()
    to_levels = 127.5
    return float((learned - large).abs().mean() * to_levels), float((enlarged - large).abs().mean() * to_levels)


def train(config: UpscalerConfig) -> UpscalerResult:
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    started = time.time()
    small, large = pairs(config.renders, config.seed + 500)
    test_small, test_large = pairs(1000, config.seed + 900)
    print(f"data: {len(small):,} pairs in {time.time() - started:.0f} s", flush=True)
    model = PixelUpscaler(channels=config.channels, blocks=config.blocks)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=0.0)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.learning_rate, total_steps=config.steps)
    generator = torch.Generator().manual_seed(config.seed)
    rng = random.Random(config.seed)
    for step in range(1, config.steps + 1):
        picks = torch.tensor(rng.sample(range(len(small)), config.batch_size))
        loss = (model(degrade(small[picks], config, generator)) - large[picks]).abs().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        if step % 500 == 0:
            print(json.dumps({"step": step, "loss": round(loss.item(), 5),
                              "elapsed_s": round(time.time() - started, 1)}), flush=True)
    learned, enlarged = mean_absolute_error(model, test_small, test_large)
    result = UpscalerResult(round(learned, 2), round(enlarged, 2), round(time.time() - started, 1))
    add_to_pipeline(model.eval(), Path(config.model), {**asdict(result), "config": asdict(config)})
    print(json.dumps(asdict(result)), flush=True)
    return result


def add_to_pipeline(model: PixelUpscaler, folder: Path, metrics: dict) -> None:
    from core.art.pipeline import PixelArtPipeline

    pipeline = PixelArtPipeline.from_pretrained(folder)
    pipeline.register_modules(upscaler=model)
    pipeline.save_pretrained(folder, max_shard_size="9MB")
    (folder / "upscaler" / "training.json").write_text(json.dumps(metrics, indent=2))


def main() -> None:
    from core.art import upscaler  # not this `__main__`: the pipeline's model_index.json names the class's module
    from core.training import config_from_command_line

    upscaler.train(config_from_command_line(UpscalerConfig, __doc__))


if __name__ == "__main__":
    main()

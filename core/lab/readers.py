"""The Lab's two digit readers: what a generated digit is read as, in its caption and in "which digits it made".

Two small convolutional networks (core.lab.judge.FeatureNet's layout), trained from two random starts on the Lab's
4,000 training digits, each batch shifted, turned and scaled a little, so that a model's digits, which are less tidy
than the ones they learned from, are still read. The judges (core.lab.judge) score the Lab's comparison; these only
read. Where the plain pixel classifier and the judges' network read together, they agreed on 77% of the real digits
they never saw; these two agree on 98% (`python bench/lab.py --readers-only` prints both).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional

from core.lab.judge import FeatureNet

EPOCHS = 40
FILES = ("first_reader.safetensors", "second_reader.safetensors")


def jittered(images: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Each image turned up to 14 degrees either way, scaled by up to 10% and shifted by up to 1.4 pixels."""
    count = images.shape[0]

    def spread(width: float) -> torch.Tensor:
        return (torch.rand(count, generator=generator) - 0.5) * width

    angle, scale, shift_x, shift_y = spread(0.5), 1 + spread(0.2), spread(0.2), spread(0.2)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift_x], 1), torch.stack([sin, cos, shift_y], 1)], 1)
    grid = functional.affine_grid(theta, list(images.shape), align_corners=False)
    return functional.grid_sample(images, grid, align_corners=False)


def train_reader(images: np.ndarray, labels: np.ndarray, seed: int, epochs: int = EPOCHS) -> FeatureNet:
    """One reader: Adam with a one-cycle learning rate (peak 3e-3), batches of 64 jittered digits."""
    torch.manual_seed(seed)
    network = FeatureNet()
    optimiser = torch.optim.Adam(network.parameters(), lr=1e-3)
    x, y = torch.as_tensor(images).unsqueeze(1), torch.as_tensor(labels)
    batches = (len(x) + 63) // 64
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=epochs * batches)
    generator = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        network.train()
        for batch in torch.randperm(len(x), generator=generator).split(64):
            loss = functional.cross_entropy(network(jittered(x[batch], generator)), y[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    return network.eval()


@dataclass
class Readers:
    first: FeatureNet
    second: FeatureNet

    @classmethod
    def train(cls, images: np.ndarray, labels: np.ndarray, seed: int = 0, epochs: int = EPOCHS) -> "Readers":
        return cls(train_reader(images, labels, seed, epochs), train_reader(images, labels, seed + 1, epochs))

    def save(self, folder: Path) -> None:
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        for network, name in zip((self.first, self.second), FILES):
            save_file(network.state_dict(), folder / name)

    @classmethod
    def load(cls, folder: Path) -> "Readers":
        from safetensors.torch import load_file

        networks = []
        for name in FILES:
            network = FeatureNet()
            network.load_state_dict(load_file(folder / name))
            networks.append(network.eval())
        return cls(*networks)

    def probabilities(self, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each reader's probability of each digit, 0 to 9, for every image."""
        return self.first.probabilities(images), self.second.probabilities(images)

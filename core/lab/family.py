"""What every Lab model is: a family (GAN, VAE, Diffusion, Transformer) with one small interface.

    model = family_class("VAE")(VAEConfig())     # or load_family(folder)
    losses = model.train_step(images)           # images: (batch, 28, 28) floats in [0, 1]
    digits = model.sample(64, seed=0)           # (64, 28, 28) floats in [0, 1]
    model.save(folder)

Each family's file (core/lab/gan.py, vae.py, diffusion.py, transformer.py) holds its config dataclass, its
networks and its training step, and nothing else, so it reads from top to bottom.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

CONFIG_FILE = "lab_model.json"


class Family(ABC):
    name: str = ""
    config_class: type = object

    def __init__(self, config=None):
        self.config = config or self.config_class()

    @abstractmethod
    def networks(self) -> dict:
        """The torch modules that hold the weights, by name."""

    @abstractmethod
    def train_step(self, images) -> dict[str, float]:
        """One optimisation step on a batch of digits; the losses it measured, by name."""

    @abstractmethod
    def sample(self, count: int, seed: int) -> np.ndarray:
        """`count` new digits, the same for the same seed."""

    def averages(self) -> list:
        """The running weight averages it samples from (core.lab.averaging), saved among its networks."""
        return []

    def parameter_count(self) -> int:
        """The weights it learns (a running average is a copy of some of them, not counted again)."""
        averages = {id(average.network) for average in self.averages()}
        return sum(p.numel() for network in self.networks().values() if id(network) not in averages
                   for p in network.parameters())

    def save(self, folder: Path, extra: dict | None = None) -> None:
        from safetensors.torch import save_file

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for key, network in self.networks().items():
            save_file({k: v.contiguous() for k, v in network.state_dict().items()}, folder / f"{key}.safetensors")
        description = {"family": self.name, "config": asdict(self.config), **(extra or {})}
        (folder / CONFIG_FILE).write_text(json.dumps(description, indent=2))

    def load_weights(self, folder: Path) -> "Family":
        from safetensors.torch import load_file

        for key, network in self.networks().items():
            network.load_state_dict(load_file(Path(folder) / f"{key}.safetensors"))
            network.eval()
        return self


def read_description(folder: Path) -> dict:
    return json.loads((Path(folder) / CONFIG_FILE).read_text())


def load_family(folder: Path) -> Family:
    """The model saved in `folder`, with its weights."""
    from core.lab import family_class

    description = read_description(folder)
    family = family_class(description["family"])
    known = {f.name for f in fields(family.config_class)}
    config = family.config_class(**{k: v for k, v in description["config"].items() if k in known})
    return family(config).load_weights(folder)


def to_unit(tensor) -> np.ndarray:
    """Images from the networks' range (-1 to 1) to numpy floats in [0, 1], shape (n, 28, 28)."""
    return ((tensor.detach().float().clamp(-1, 1) + 1) / 2).reshape(-1, 28, 28).cpu().numpy()

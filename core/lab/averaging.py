"""A running average of a network's weights, which the GAN and the diffusion model sample from.

Averaging the weights over the last stretch of training (Polyak averaging; DDPM and modern GANs sample from
such an average) smooths out the step-to-step wobble of training, so samples come out cleaner than from the
latest weights. The decay warms up, as TensorFlow's ExponentialMovingAverage does, so that a one-minute live
training's average is not still mostly the untrained network.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class WeightAverage:
    """`network`'s average: `update(network)` after each optimiser step; sample with `.network`."""

    def __init__(self, name: str, network: nn.Module, decay: float):
        self.name = name  # the name it is saved under, beside the networks it averages
        self.network = copy.deepcopy(network).requires_grad_(False)
        self.decay = decay
        self.updates = 0

    def or_latest(self, network: nn.Module) -> nn.Module:
        """The network to sample with: this average, or `network` itself where averaging is off (decay 0)."""
        return self.network if self.decay > 0 else network

    @torch.no_grad()
    def update(self, network: nn.Module) -> None:
        self.updates += 1
        decay = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for average, current in zip(self.network.state_dict().values(), network.state_dict().values()):
            if average.is_floating_point():
                average.lerp_(current, 1 - decay)
            else:
                average.copy_(current)

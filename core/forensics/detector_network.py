"""The embedded AI-image detector's network: a small convolutional classifier of 64x64 crops.

It keeps full resolution in its first layer, where the traces of generators live (upsampling
grids, decoder textures, flat pixel-art blocks), then halves the size four times and averages.
One logit per crop: above 0 means "machine-made".
"""

from __future__ import annotations

import torch
from torch import nn

CROP = 64
WIDTHS = (24, 32, 48, 64, 96)


def _block(channels_in: int, channels_out: int, stride: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(channels_in, channels_out, 3, stride=stride, padding=1, bias=False),
                         nn.BatchNorm2d(channels_out), nn.SiLU())


class DetectorNetwork(nn.Module):
    def __init__(self, widths: tuple[int, ...] = WIDTHS):
        super().__init__()
        layers = [_block(3, widths[0], 1)]
        layers += [_block(a, b, 2) for a, b in zip(widths, widths[1:])]
        self.features = nn.Sequential(*layers)
        self.head = nn.Linear(widths[-1], 1)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        """pixels: (batch, 3, 64, 64) in [0, 1]; returns (batch,) logits."""
        features = self.features(pixels * 2.0 - 1.0)
        return self.head(features.mean(dim=(2, 3))).squeeze(1)

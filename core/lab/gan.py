"""A GAN (DCGAN-style, Radford et al. 2015): a generator turns random noise into a digit, a discriminator
judges real against generated, and each trains against the other.

The generator never sees a real digit: it learns only from the discriminator's judgement. When the
generator gets ahead (here: a ten times larger learning rate, five generator steps per discriminator step,
and no batch normalisation in the generator, which otherwise keeps a batch's samples apart;
`collapse_preset`), it can find a few digits that fool the discriminator and make only those: mode
collapse, which the Lab shows as a histogram of the digits it makes.

Two standard aids keep the balanced GAN steady on 4,500 digits: one-sided label smoothing (the discriminator
aims at 0.9, not 1, for real digits; Salimans et al. 2016) so it cannot grow over-confident, and samples from
a running average of the generator's weights (core.lab.averaging; Yazici et al. 2019), which smooths out
the fight's swings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from core.lab.averaging import WeightAverage
from core.lab.family import Family, to_unit


@dataclass(frozen=True)
class GANConfig:
    noise_size: int = 64
    width: int = 64  # channels of the generator's last hidden layer; the discriminator mirrors it
    generator_learning_rate: float = 2e-4
    discriminator_learning_rate: float = 2e-4
    generator_steps: int = 1  # generator updates per discriminator update
    batch_norm: bool = True  # in the generator: normalising over a batch keeps its samples apart
    spectral_norm: bool = False  # in the discriminator, instead of batch norm (Miyato et al. 2018): a smoother judge
    real_label: float = 0.9  # what the discriminator aims at for real digits (1.0: no smoothing)
    average_decay: float = 0.999  # of the generator's running average; 0 samples the latest generator
    seed: int = 0


def collapse_preset(config: GANConfig = GANConfig()) -> GANConfig:
    """Settings that let the generator run away from the discriminator, so it collapses onto a few digits."""
    return replace(config, generator_learning_rate=2e-3, generator_steps=5, batch_norm=False, real_label=1.0,
                   average_decay=0.0)


class Generator(nn.Module):
    def __init__(self, config: GANConfig):
        super().__init__()
        width = config.width
        norm_1d = nn.BatchNorm1d if config.batch_norm else (lambda size: nn.Identity())
        norm_2d = nn.BatchNorm2d if config.batch_norm else (lambda size: nn.Identity())
        self.project = nn.Sequential(nn.Linear(config.noise_size, 2 * width * 7 * 7), norm_1d(2 * width * 7 * 7),
                                     nn.ReLU())
        self.upsample = nn.Sequential(
            nn.ConvTranspose2d(2 * width, width, 4, 2, 1), norm_2d(width), nn.ReLU(),  # 7 -> 14
            nn.ConvTranspose2d(width, 1, 4, 2, 1), nn.Tanh())  # 14 -> 28
        self.width = width

    def forward(self, noise):
        return self.upsample(self.project(noise).view(-1, 2 * self.width, 7, 7))


class Discriminator(nn.Module):
    def __init__(self, config: GANConfig):
        super().__init__()
        width = config.width
        limit = nn.utils.parametrizations.spectral_norm if config.spectral_norm else (lambda layer: layer)
        norm = nn.Identity() if config.spectral_norm else nn.BatchNorm2d(2 * width)
        self.layers = nn.Sequential(
            limit(nn.Conv2d(1, width, 4, 2, 1)), nn.LeakyReLU(0.2),  # 28 -> 14
            limit(nn.Conv2d(width, 2 * width, 4, 2, 1)), norm, nn.LeakyReLU(0.2),  # 14 -> 7
            nn.Flatten(), limit(nn.Linear(2 * width * 7 * 7, 1)))

    def forward(self, images):
        return self.layers(images).squeeze(1)  # a logit: above 0 means "real"


class GAN(Family):
    name = "GAN"
    config_class = GANConfig

    def __init__(self, config: GANConfig | None = None):
        super().__init__(config)
        torch.manual_seed(self.config.seed)
        self.generator, self.discriminator = Generator(self.config), Discriminator(self.config)
        self.generator_average = WeightAverage("average_generator", self.generator, self.config.average_decay)
        betas = (0.5, 0.999)  # DCGAN's
        self.generator_optimiser = torch.optim.Adam(self.generator.parameters(),
                                                    lr=self.config.generator_learning_rate, betas=betas)
        self.discriminator_optimiser = torch.optim.Adam(self.discriminator.parameters(),
                                                        lr=self.config.discriminator_learning_rate, betas=betas)
        self.loss = nn.BCEWithLogitsLoss()

    def networks(self) -> dict:
        return {"generator": self.generator, "discriminator": self.discriminator,
                self.generator_average.name: self.generator_average.network}

    def averages(self) -> list:
        return [self.generator_average]

    def train_step(self, images) -> dict[str, float]:
        real = images.unsqueeze(1) * 2 - 1
        batch = len(real)
        self.generator.train(), self.discriminator.train()
        # The discriminator learns to say 1 for real digits and 0 for generated ones.
        fake = self.generator(torch.randn(batch, self.config.noise_size)).detach()
        discriminator_loss = (self.loss(self.discriminator(real), torch.full((batch,), self.config.real_label))
                              + self.loss(self.discriminator(fake), torch.zeros(batch))) / 2
        self.discriminator_optimiser.zero_grad()
        discriminator_loss.backward()
        self.discriminator_optimiser.step()
        # The generator learns to make the discriminator say 1 for its digits.
        for _ in range(self.config.generator_steps):
            fooled = self.discriminator(self.generator(torch.randn(batch, self.config.noise_size)))
            generator_loss = self.loss(fooled, torch.ones(batch))
            self.generator_optimiser.zero_grad()
            generator_loss.backward()
            self.generator_optimiser.step()
        self.generator_average.update(self.generator)
        return {"generator": generator_loss.item(), "discriminator": discriminator_loss.item()}

    @torch.no_grad()
    def sample(self, count: int, seed: int) -> np.ndarray:
        generator = self.generator_average.or_latest(self.generator).eval()
        noise = torch.randn(count, self.config.noise_size, generator=torch.Generator().manual_seed(seed))
        return to_unit(generator(noise))

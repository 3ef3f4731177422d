"""A VAE (variational autoencoder, Kingma and Welling 2013): an encoder squeezes a digit into a few numbers,
a decoder rebuilds the digit from them, and new digits come from decoding random numbers.

The encoder gives, for each digit, not one point but a small cloud (a mean and a spread); training samples
a point from it (the reparameterisation trick: mean + spread x noise, so the gradient flows through) and
pays two costs: how badly the decoder rebuilds the digit (reconstruction), and how far the clouds stray
from one standard normal cloud (the KL term). The second cost packs the digits into one smooth space, so
that random points decode to digits, at the price of blur. With 2 numbers the space is a map one can draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from core.lab.family import Family


@dataclass(frozen=True)
class VAEConfig:
    latent_size: int = 2  # 2 to 20; 2 draws as a map
    width: int = 32
    learning_rate: float = 1e-3
    seed: int = 0


class Encoder(nn.Module):
    def __init__(self, config: VAEConfig):
        super().__init__()
        width = config.width
        self.layers = nn.Sequential(nn.Conv2d(1, width, 4, 2, 1), nn.ReLU(),  # 28 -> 14
                                    nn.Conv2d(width, 2 * width, 4, 2, 1), nn.ReLU(),  # 14 -> 7
                                    nn.Flatten(), nn.Linear(2 * width * 7 * 7, 256), nn.ReLU())
        self.mean = nn.Linear(256, config.latent_size)
        self.log_variance = nn.Linear(256, config.latent_size)

    def forward(self, images):
        hidden = self.layers(images)
        return self.mean(hidden), self.log_variance(hidden)


class Decoder(nn.Module):
    def __init__(self, config: VAEConfig):
        super().__init__()
        width = config.width
        self.width = width
        self.project = nn.Sequential(nn.Linear(config.latent_size, 256), nn.ReLU(),
                                     nn.Linear(256, 2 * width * 7 * 7), nn.ReLU())
        self.upsample = nn.Sequential(nn.ConvTranspose2d(2 * width, width, 4, 2, 1), nn.ReLU(),  # 7 -> 14
                                      nn.ConvTranspose2d(width, 1, 4, 2, 1))  # 14 -> 28: logits of ink

    def forward(self, latent):
        return self.upsample(self.project(latent).view(-1, 2 * self.width, 7, 7))


class VAE(Family):
    name = "VAE"
    config_class = VAEConfig

    def __init__(self, config: VAEConfig | None = None):
        super().__init__(config)
        torch.manual_seed(self.config.seed)
        self.encoder, self.decoder = Encoder(self.config), Decoder(self.config)
        self.optimiser = torch.optim.Adam([*self.encoder.parameters(), *self.decoder.parameters()],
                                          lr=self.config.learning_rate)

    def networks(self) -> dict:
        return {"encoder": self.encoder, "decoder": self.decoder}

    def train_step(self, images) -> dict[str, float]:
        self.encoder.train(), self.decoder.train()
        images = images.unsqueeze(1)
        mean, log_variance = self.encoder(images)
        latent = mean + torch.exp(0.5 * log_variance) * torch.randn_like(mean)  # the reparameterisation trick
        rebuilt = self.decoder(latent)
        per_digit = len(images)
        reconstruction = functional.binary_cross_entropy_with_logits(rebuilt, images, reduction="sum") / per_digit
        kl = -0.5 * torch.sum(1 + log_variance - mean.pow(2) - log_variance.exp()) / per_digit
        loss = reconstruction + kl
        self.optimiser.zero_grad()
        loss.backward()
        self.optimiser.step()
        return {"reconstruction": reconstruction.item(), "kl": kl.item()}

    @torch.no_grad()
    def decode(self, latent: np.ndarray) -> np.ndarray:
        self.decoder.eval()
        logits = self.decoder(torch.as_tensor(latent, dtype=torch.float32))
        return torch.sigmoid(logits).reshape(-1, 28, 28).numpy()

    @torch.no_grad()
    def encode(self, images: np.ndarray) -> np.ndarray:
        """Each digit's place in the latent space (the mean of its cloud)."""
        self.encoder.eval()
        mean, _ = self.encoder(torch.as_tensor(images, dtype=torch.float32).unsqueeze(1))
        return mean.numpy()

    def sample(self, count: int, seed: int) -> np.ndarray:
        noise = torch.randn(count, self.config.latent_size, generator=torch.Generator().manual_seed(seed))
        return self.decode(noise.numpy())

    def interpolate(self, start: np.ndarray, end: np.ndarray, steps: int = 8) -> np.ndarray:
        """Digits on the straight line between two digits' places in the latent space."""
        ends = self.encode(np.stack([start, end]))
        weights = np.linspace(0, 1, steps)[:, None]
        return self.decode((1 - weights) * ends[0] + weights * ends[1])

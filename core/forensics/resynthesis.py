"""Autoencoder re-synthesis: real photographs passed through a small learned encoder and decoder.

Latent-diffusion models paint in an autoencoder's latent space and decode at the end, so their
pictures carry the decoder's texture. Re-synthesised photographs carry the same kind of texture
with the photograph's content, which teaches the detector the texture rather than the subject.
The autoencoder shrinks a picture four times per side into 4 channels, like Stable Diffusion's
VAE (eight times), and is trained here on the training photographs only.
"""

from __future__ import annotations

import numpy as np
import torch
from PIL import Image
from torch import nn


class ReSynthesisAutoencoder(nn.Module):
    def __init__(self, width: int = 48, latent_channels: int = 4):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.SiLU(),
            nn.Conv2d(width, width, 4, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(width, width, 4, stride=2, padding=1), nn.SiLU(),
            nn.Conv2d(width, latent_channels, 1))
        self.decoder = nn.Sequential(
            nn.Conv2d(latent_channels, width, 3, padding=1), nn.SiLU(),
            nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(width, width, 3, padding=1), nn.SiLU(),
            nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(width, width, 3, padding=1), nn.SiLU(),
            nn.Conv2d(width, 3, 3, padding=1))

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(self.encoder(pixels * 2.0 - 1.0)))


def fit_autoencoder(crops: np.ndarray, steps: int, seed: int, batch_size: int = 32) -> ReSynthesisAutoencoder:
    """Train on (n, 3, h, w) float32 crops in [0, 1] with an L1 loss; deterministic for a seed."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = ReSynthesisAutoencoder()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    for step in range(steps):
        batch = torch.from_numpy(crops[rng.integers(0, len(crops), batch_size)])
        loss = (model(batch) - batch).abs().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if (step + 1) % 200 == 0:
            print(f"autoencoder step {step + 1}: L1 {loss.item():.4f}", flush=True)
    return model.eval()


@torch.inference_mode()
def resynthesise(model: ReSynthesisAutoencoder, image: Image.Image) -> Image.Image:
    """The picture as the autoencoder rebuilds it (sides cut to a multiple of 4)."""
    image = image.convert("RGB")
    width, height = image.width - image.width % 4, image.height - image.height % 4
    pixels = np.asarray(image.crop((0, 0, width, height)), dtype=np.float32) / 255.0
    rebuilt = model(torch.from_numpy(pixels.transpose(2, 0, 1)[None].copy()))[0]
    return Image.fromarray((rebuilt.permute(1, 2, 0).numpy() * 255.0).round().astype(np.uint8))

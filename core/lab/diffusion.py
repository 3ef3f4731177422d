"""Diffusion (DDPM, Ho et al. 2020): digits are drowned in noise step by step, and a network learns to undo
one step at a time; a new digit is pure noise, denoised step by step.

Forward: at step t of 1,000 a digit is mixed with Gaussian noise by a fixed schedule, until nothing of it
is left. Training: pick a digit and a random step, noise it, and teach a small U-Net to say which noise
was added (a plain squared error). Sampling: start from noise and remove the predicted noise a step at a
time; DDIM (Song et al. 2020) takes 1,000 training steps in fewer, larger sampling steps. As in DDPM,
samples come from a running average of the U-Net's weights (core.lab.averaging), which are much cleaner
than the latest weights' after a short training with a large learning rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional

from core.lab.averaging import WeightAverage
from core.lab.family import Family, to_unit

PADDED = 32  # the U-Net halves the picture three times: 28 is padded to 32 with background


@dataclass(frozen=True)
class DiffusionConfig:
    widths: tuple[int, ...] = (16, 32, 64)  # attention only at the coarsest level (8 x 8): cheap on a CPU
    training_steps: int = 1000  # noise levels the schedule has
    sampling_steps: int = 50
    learning_rate: float = 1e-3
    average_decay: float = 0.999  # of the U-Net's running average; 0 samples the latest U-Net
    seed: int = 0


def pad(images):
    border = (PADDED - 28) // 2
    return functional.pad(images.unsqueeze(1) * 2 - 1, (border,) * 4, value=-1.0)


def unpad(images):
    border = (PADDED - 28) // 2
    return images[:, :, border:-border, border:-border]


class Diffusion(Family):
    name = "Diffusion"
    config_class = DiffusionConfig

    def __init__(self, config: DiffusionConfig | None = None):
        from diffusers import DDIMScheduler, DDPMScheduler, UNet2DModel

        super().__init__(config)
        torch.manual_seed(self.config.seed)
        widths = tuple(self.config.widths)
        self.unet = UNet2DModel(sample_size=PADDED, in_channels=1, out_channels=1, layers_per_block=1,
                                block_out_channels=widths, norm_num_groups=8,
                                down_block_types=("DownBlock2D",) * (len(widths) - 1) + ("AttnDownBlock2D",),
                                up_block_types=("AttnUpBlock2D",) + ("UpBlock2D",) * (len(widths) - 1))
        self.noise_schedule = DDPMScheduler(num_train_timesteps=self.config.training_steps)
        self.sampler = DDIMScheduler.from_config(self.noise_schedule.config)
        self.optimiser = torch.optim.AdamW(self.unet.parameters(), lr=self.config.learning_rate)
        self.unet_average = WeightAverage("average_unet", self.unet, self.config.average_decay)

    def networks(self) -> dict:
        return {"unet": self.unet, self.unet_average.name: self.unet_average.network}

    def averages(self) -> list:
        return [self.unet_average]

    def denoiser(self):
        """The U-Net that samples: the running average, unless the config turns it off."""
        return self.unet_average.or_latest(self.unet)

    def noised(self, images: np.ndarray, steps: list[int], seed: int = 0) -> np.ndarray:
        """The forward process: each digit of `images` at each noise step of `steps` (digits x steps)."""
        clean = pad(torch.as_tensor(images, dtype=torch.float32))
        noise = torch.randn(clean.shape, generator=torch.Generator().manual_seed(seed))
        rows = [self.noise_schedule.add_noise(clean, noise, torch.full((len(clean),), step)) for step in steps]
        return np.stack([to_unit(unpad(row)) for row in rows], axis=1)

    def train_step(self, images) -> dict[str, float]:
        self.unet.train()
        clean = pad(images)
        noise = torch.randn_like(clean)
        steps = torch.randint(0, self.config.training_steps, (len(clean),))
        predicted = self.unet(self.noise_schedule.add_noise(clean, noise, steps), steps).sample
        loss = functional.mse_loss(predicted, noise)
        self.optimiser.zero_grad()
        loss.backward()
        self.optimiser.step()
        self.unet_average.update(self.unet)
        return {"noise error": loss.item()}

    @torch.no_grad()
    def denoising(self, count: int, seed: int, keep_every: int = 5):
        """Sample `count` digits, yielding (step, digits so far) every `keep_every` sampling steps and at the end."""
        denoiser = self.denoiser().eval()
        self.sampler.set_timesteps(self.config.sampling_steps)
        generator = torch.Generator().manual_seed(seed)
        latents = torch.randn((count, 1, PADDED, PADDED), generator=generator)
        for index, step in enumerate(self.sampler.timesteps):
            latents = self.sampler.step(denoiser(latents, step).sample, step, latents).prev_sample
            if (index + 1) % keep_every == 0 or index + 1 == len(self.sampler.timesteps):
                yield index + 1, to_unit(unpad(latents))

    def sample(self, count: int, seed: int) -> np.ndarray:
        *_, (_, digits) = self.denoising(count, seed, keep_every=self.config.sampling_steps)
        return digits

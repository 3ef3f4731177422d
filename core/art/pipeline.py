"""A diffusers pipeline for the embedded pixel-space model: text-to-image and image-to-image in one.

    pipe = PixelArtPipeline.from_pretrained("assets/models/art-diffusion")
    images = pipe("a castle by the sea at night", num_inference_steps=20, guidance_scale=4.0,
                  generator=torch.Generator().manual_seed(0)).images

It takes the same arguments as diffusers' Stable Diffusion pipelines (prompt, negative_prompt,
num_inference_steps, guidance_scale, num_images_per_prompt, generator, image and strength for
image-to-image, callback_on_step_end with "latents"), so the art tab drives both the same way.
Here the "latents" are the pixels themselves, in [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from diffusers import DiffusionPipeline
from diffusers.utils import BaseOutput
from diffusers.utils.torch_utils import randn_tensor
from PIL import Image


@dataclass
class PixelArtOutput(BaseOutput):
    images: list[Image.Image]


def to_pil(pixels: torch.Tensor) -> list[Image.Image]:
    array = ((pixels.float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(image) for image in array]


def from_pil(images: list[Image.Image], size: int) -> torch.Tensor:
    arrays = [np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BOX), dtype=np.float32)
              for image in images]
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2) / 127.5 - 1


class PixelArtPipeline(DiffusionPipeline):
    model_cpu_offload_seq = "text_encoder->unet->upscaler"
    _callback_tensor_inputs = ["latents"]
    _optional_components = ["upscaler"]

    @classmethod
    def from_pretrained(cls, *args, **kwargs):
        """As DiffusionPipeline's, with the upscaler's module imported first: diffusers loads a component only from a
        module already imported, and a fresh process (the app) had not imported core.art.upscaler."""
        import core.art.upscaler  # noqa: F401

        return super().from_pretrained(*args, **kwargs)

    def __init__(self, unet, scheduler, text_encoder, tokenizer, upscaler=None):
        super().__init__()
        self.register_modules(unet=unet, scheduler=scheduler, text_encoder=text_encoder, tokenizer=tokenizer,
                              upscaler=upscaler)

    @property
    def size(self) -> int:
        """The side the UNet paints at."""
        return self.unet.config.sample_size

    @property
    def output_size(self) -> int:
        """The side of the pictures it returns: twice `size` with the learned upscaler (core.art.upscaler)."""
        return self.size * 2 if self.upscaler is not None else self.size

    def encode_prompt(self, prompts: list[str]) -> torch.Tensor:
        tokens = self.tokenizer(prompts, padding="max_length", truncation=True, return_tensors="pt")
        return self.text_encoder(tokens.input_ids.to(self.device),
                                 attention_mask=tokens.attention_mask.to(self.device)).last_hidden_state

    @torch.no_grad()
    def __call__(self, prompt: str | list[str], negative_prompt: str | list[str] | None = None,
                 num_inference_steps: int = 20, guidance_scale: float = 4.0, num_images_per_prompt: int = 1,
                 generator: torch.Generator | None = None, image: Image.Image | list[Image.Image] | None = None,
                 strength: float = 0.6, callback_on_step_end=None, callback_on_step_end_tensor_inputs=("latents",),
                 output_type: str = "pil", **_ignored) -> PixelArtOutput:
        prompts = [prompt] if isinstance(prompt, str) else list(prompt)
        prompts = [p for p in prompts for _ in range(num_images_per_prompt)]
        negatives = negative_prompt if isinstance(negative_prompt, list) else [negative_prompt or ""] * len(prompts)
        negatives = (negatives * len(prompts))[:len(prompts)] if len(negatives) != len(prompts) else negatives
        guided = guidance_scale > 1.0
        conditions = self.encode_prompt(negatives + prompts if guided else prompts)
        dtype = self.unet.dtype
        conditions = conditions.to(dtype)

        self.scheduler.set_timesteps(num_inference_steps, device=self.device)
        timesteps = self.scheduler.timesteps
        shape = (len(prompts), 3, self.size, self.size)
        noise = randn_tensor(shape, generator=generator, device=self.device, dtype=dtype)
        if image is not None:
            images = [image] if isinstance(image, Image.Image) else list(image)
            start = from_pil(images, self.size).to(self.device, dtype)
            start = start.repeat_interleave(len(prompts) // len(images) or 1, dim=0)[:len(prompts)]
            kept = min(int(num_inference_steps * strength), num_inference_steps)
            first = max(num_inference_steps - kept, 0)
            timesteps = timesteps[first * self.scheduler.order:]
            if hasattr(self.scheduler, "set_begin_index"):
                self.scheduler.set_begin_index(first * self.scheduler.order)
            if len(timesteps) == 0:
                start = self.upscaler(start.to(self.upscaler.dtype)) if self.upscaler is not None else start
                return PixelArtOutput(images=to_pil(start) if output_type == "pil" else start)
            latents = self.scheduler.add_noise(start, noise, timesteps[:1].repeat(len(prompts)))
        else:
            latents = noise * self.scheduler.init_noise_sigma

        self._interrupt = False
        for step, timestep in enumerate(self.progress_bar(timesteps)):
            if self._interrupt:
                break
            model_input = torch.cat([latents] * 2) if guided else latents
            model_input = self.scheduler.scale_model_input(model_input, timestep)
            predicted = self.unet(model_input, timestep, encoder_hidden_states=conditions).sample
            if guided:
                unconditional, conditional = predicted.chunk(2)
                predicted = unconditional + guidance_scale * (conditional - unconditional)
            latents = self.scheduler.step(predicted, timestep, latents, generator=generator).prev_sample
            if callback_on_step_end is not None:
                returned = callback_on_step_end(self, step, timestep, {"latents": latents})
                latents = returned.get("latents", latents)
        if self.upscaler is not None:
            latents = self.upscaler(latents.to(self.upscaler.dtype))
        self.maybe_free_model_hooks()
        return PixelArtOutput(images=to_pil(latents) if output_type == "pil" else latents)

"""What happens inside each shipped Lab model, as pictures: the VAE's map of digits and a walk between two, the
diffusion model's noising and denoising step by step, the Transformer's attention and next-patch guesses, and
the GAN's two losses and what a collapsed GAN makes."""

from __future__ import annotations

import numpy as np

from core import torch_thread
from core.lab.shipped import digits_seen, model_folder, shipped_model

# The 16 patches of 2x2 pixels the Transformer writes, drawn with quadrant characters (ink = filled).
PATCH_GLYPHS = " ▗▖▄▝▐▞▟▘▚▌▙▀▜▛█"
PATCH_OF_PIXEL = np.arange(196).reshape(14, 14).repeat(2, axis=0).repeat(2, axis=1)  # which patch each pixel is in


def _held_out():
    from core.lab.data import load_digits

    return load_digits().held_out_images, load_digits().held_out_labels


def vae_map(resolution: int = 12, span: float = 2.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The VAE's two-number space: (decoded digits on a resolution x resolution grid over [-span, span]^2, top row
    first; where each held-out digit lands; their labels)."""
    model = shipped_model("VAE")
    if model.config.latent_size != 2:
        raise ValueError("This VAE's space has more than two numbers, so it cannot be drawn as a map.")
    axis = np.linspace(-span, span, resolution)
    grid = np.array([[x, y] for y in axis[::-1] for x in axis], dtype=np.float32)
    images, labels = _held_out()
    return torch_thread.run(model.decode, grid), torch_thread.run(model.encode, images), labels


def vae_walk(first_digit: int, second_digit: int, steps: int = 8) -> np.ndarray:
    """Digits on the straight line between a held-out `first_digit` and `second_digit` (0 to 9) in the VAE's space."""
    for digit in (first_digit, second_digit):
        if not 0 <= digit <= 9:
            raise ValueError("Pick two digits from 0 to 9.")
    images, labels = _held_out()
    start, end = images[np.flatnonzero(labels == first_digit)[0]], images[np.flatnonzero(labels == second_digit)[0]]
    return torch_thread.run(shipped_model("VAE").interpolate, start, end, steps)


NOISE_SHARES = (0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)  # of the way through the forward process


def diffusion_forward(digit: int, seed: int = 0) -> tuple[list[int], np.ndarray]:
    """A held-out `digit` (0 to 9) along the forward process: (the noise steps shown, the digit at each)."""
    if not 0 <= digit <= 9:
        raise ValueError("Pick a digit from 0 to 9.")
    model = shipped_model("Diffusion")
    steps = [round(share * (model.config.training_steps - 1)) for share in NOISE_SHARES]
    images, labels = _held_out()
    chosen = images[np.flatnonzero(labels == digit)[:1]]
    return steps, torch_thread.run(model.noised, chosen, steps, seed)[0]


def diffusion_reverse(seed: int, frames: int = 10) -> tuple[list[int], np.ndarray]:
    """One new digit as the reverse process makes it: (sampling steps done, the digit at each)."""
    model = shipped_model("Diffusion")
    every = max(1, model.config.sampling_steps // frames)
    shots = torch_thread.run(lambda: list(model.denoising(1, seed, keep_every=every)))
    return [step for step, _ in shots], np.stack([digits[0] for _, digits in shots])


def transformer_look(seed: int, position: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Transformer writing a digit from `seed`, stopped at `position` (0 to 195): (the patches written so
    far as a 28x28 picture, the attention it pays to each earlier patch (14x14, summing to 1), and its
    probabilities for the next patch, one per PATCH_GLYPHS entry)."""
    import torch

    from core.lab.transformer import LENGTH, to_images

    if not 1 <= position < LENGTH:
        raise ValueError(f"Pick a position from 1 to {LENGTH - 1}.")
    model = shipped_model("Transformer")

    def look():
        for written, tokens, probabilities in model.writing(1, seed):
            if written == position + 1:
                padded = torch.zeros((1, LENGTH), dtype=torch.long)
                padded[:, :written] = tokens
                so_far = to_images(padded)[0]
                shown = so_far.copy()
                shown[PATCH_OF_PIXEL >= position] = np.nan  # not written yet
                return shown, model.attention_to(so_far, position), probabilities[0].numpy()
        raise AssertionError("the writing ended before the position")

    return torch_thread.run(look)


def gan_story() -> tuple[list[dict], np.ndarray | None, np.ndarray]:
    """The shipped GAN's losses over its training, and which digits 200 samples show for the collapsing GAN
    (None where none ships) and for the balanced one."""
    from core.lab.family import load_family, read_description

    history = read_description(model_folder("GAN")).get("training", {}).get("history", [])
    balanced, _ = digits_seen(torch_thread.run(shipped_model("GAN").sample, 200, 0))
    collapsed = None
    folder = model_folder("GAN-collapse")
    if (folder / "lab_model.json").exists():
        collapsed_model = torch_thread.run(load_family, folder)
        collapsed, _ = digits_seen(torch_thread.run(collapsed_model.sample, 200, 0))
    return history, collapsed, balanced

"""The Lab: four families of generative model (GAN, VAE, diffusion, Transformer) on handwritten digits, one
interface (core.lab.family), trained live or loaded from assets/models/lab, and compared on the same
held-out digits (core.lab.compare)."""

from __future__ import annotations

import importlib

NAMES = ("GAN", "VAE", "Diffusion", "Transformer")
_MODULES = {"GAN": "gan", "VAE": "vae", "Diffusion": "diffusion", "Transformer": "transformer"}


def check_name(name: str) -> str:
    """`name` if it is one of NAMES; else a ValueError saying which are (imports nothing)."""
    if name not in _MODULES:
        raise ValueError(f"Unknown architecture {name!r}: choose GAN, VAE, Diffusion or Transformer.")
    return name


def family_class(name: str):
    """The class of the family called `name` (its module is imported here, so torch loads only when needed)."""
    return getattr(importlib.import_module(f"core.lab.{_MODULES[check_name(name)]}"), name)


def fresh_model(name: str, seed: int, collapse: bool = False, **settings):
    """An untrained `name` model at its default settings, or with `settings` changed (config fields); `collapse`
    (GAN only) takes the settings that collapse it."""
    family = family_class(name)
    config = family.config_class(seed=seed, **settings)
    if collapse and name == "GAN":
        from core.lab.gan import collapse_preset

        config = collapse_preset(config)
    return family(config)

"""The Lab: four families of generative model (GAN, VAE, diffusion, Transformer) on handwritten digits, one
interface (core.lab.family), trained live or loaded from assets/models/lab, and compared on the same
held-out digits (core.lab.compare)."""

from __future__ import annotations

import importlib

NAMES = ("GAN", "VAE", "Diffusion", "Transformer")
_MODULES = {"GAN": "gan", "VAE": "vae", "Diffusion": "diffusion", "Transformer": "transformer"}


def family_class(name: str):
    """The class of the family called `name` (its module is imported here, so torch loads only when needed)."""
    if name not in _MODULES:
        raise ValueError(f"Unknown architecture {name!r}: choose GAN, VAE, Diffusion or Transformer.")
    return getattr(importlib.import_module(f"core.lab.{_MODULES[name]}"), name)

"""ZeroGPU: the functions that use a GPU, marked for Hugging Face's ZeroGPU Spaces.

On a ZeroGPU Space (SPACES_ZERO_GPU=true) a process holds a GPU only while it runs a function decorated with
`spaces.GPU`, for at most the `duration` given; each tab's GPU work is such a function (`gpu_work`), and
jobs run in the app's own process there (core.jobs: GENLAB_JOBS defaults to inline), since ZeroGPU lends
the GPU to that process only. Elsewhere `spaces.GPU` returns the function unchanged and the `spaces` package
is not even imported, so the same functions run on a CPU or an ordinary GPU as they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

Function = TypeVar("Function", bound=Callable)

# Seconds a ZeroGPU call may hold the GPU, per kind of work: enough for the largest request each tab takes
# (four 1024 px Stable Diffusion pictures at 50 steps; 1,000 tokens of a 1.7B model; 1,000 molecules).
GPU_SECONDS = {"art": 120, "writing": 90, "molecules": 30, "detector": 20, "training": 300}


def on_zero_gpu() -> bool:
    """Whether this process runs on a ZeroGPU Space (the variable Hugging Face sets there)."""
    return os.environ.get("SPACES_ZERO_GPU", "").strip().lower() in ("1", "true", "yes")


def gpu_work(kind: str) -> Callable[[Function], Function]:
    """Mark a function as `kind` of GPU work (a key of GPU_SECONDS): `spaces.GPU(duration=...)` on ZeroGPU,
    unchanged elsewhere. The function keeps `gpu_seconds`, the duration it asks for."""
    seconds = GPU_SECONDS[kind]

    def mark(function: Function) -> Function:
        function.gpu_seconds = seconds
        if not on_zero_gpu():
            return function
        import spaces

        return spaces.GPU(duration=seconds)(function)

    return mark

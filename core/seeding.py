"""Seeded work on PyTorch's global random generator, one at a time.

CTGAN, TVAE and the molecule optimiser draw from torch's process-wide generator. Two of them
running at once in one process (two users, or a stopped run still finishing its epoch) would
interleave their draws and neither would be reproducible; this lock lets one finish first.
"""

from __future__ import annotations

import contextlib
import threading

TORCH_RANDOM_LOCK = threading.RLock()


@contextlib.contextmanager
def seeded_torch(seed: int):
    """Hold the lock, seed torch and numpy's global generators, and restore torch's afterwards."""
    import numpy as np
    import torch

    with TORCH_RANDOM_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        np.random.seed(seed % 2**32)
        yield

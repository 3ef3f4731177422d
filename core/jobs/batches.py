"""Many small pieces of one computation (scoring a generation of molecules, sampling a batch), spread over workers.

    scores = run_batches(score_smiles, chunks, extra=(objective_config,))   # [score_smiles(chunk, config) ...]

On this machine the pieces go to a pool of worker processes; with GENLAB_RAY_ADDRESS set they go to the Ray
cluster as tasks, one per piece, so a cluster's every core works on them. The function must be a module-level
function (it is sent by name), and the results come back in the order of `batches`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BatchesConfig:
    workers: int = max(1, os.cpu_count() or 1)  # processes of the local pool
    cpus_per_batch: float = 1.0  # what Ray reserves for one piece


def run_batches(function: Callable, batches: Sequence, extra: tuple = (), config: BatchesConfig = BatchesConfig(),
                backend: str | None = None) -> list:
    """[function(batch, *extra) for batch in batches], computed in parallel; `backend` "processes" or "ray"
    (default: ray when GENLAB_RAY_ADDRESS is set)."""
    from core.jobs import ray_address

    backend = backend or ("ray" if ray_address() else "processes")
    if backend == "ray":
        from core.jobs.ray_runner import connect

        connect(ray_address())  # says what to install where Ray is missing
        import ray

        task = ray.remote(function).options(num_cpus=config.cpus_per_batch)
        shared = [ray.put(value) for value in extra]
        return ray.get([task.remote(batch, *shared) for batch in batches])
    if backend != "processes":
        raise ValueError(f"Unknown backend {backend!r}; choose processes or ray.")
    return list(_local_pool(config.workers).map(function, batches, *[[value] * len(batches) for value in extra]))


_pools: dict = {}


def _local_pool(workers: int):
    """One pool of forkserver processes per size, kept for the life of the app (starting one costs seconds)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if workers not in _pools:
        _pools[workers] = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))
    return _pools[workers]

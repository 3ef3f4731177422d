"""Jobs: anything that can use more than a couple of CPU-seconds, run apart from the requests.

    from core.jobs import start_job
    job = start_job(target, *args, name="CTGAN", **kwargs)   # see core.jobs.job for the interface

Which runner: GENLAB_JOBS=processes (the default: a worker process per job at idle priority,
core.jobs.local), inline (a thread of this process: the default on a ZeroGPU Space, where GPU work
must stay in the main process), or ray (an actor per job on the Ray cluster at GENLAB_RAY_ADDRESS,
core.jobs.ray_runner: the default when that is set).
"""

from __future__ import annotations

import os
import threading

from core.jobs.job import (CANCELLED, DONE, FAILED, RUNNING, WAITING, Job, JobCancelled, JobFailed,
                           JobUpdate)

RUNNERS = ("processes", "inline", "ray")
_runner = None
_runner_kind: str | None = None
_runner_lock = threading.Lock()


def ray_address() -> str:
    """GENLAB_RAY_ADDRESS, the Ray head (host:port) whose cluster runs the jobs; empty when none is set."""
    return os.environ.get("GENLAB_RAY_ADDRESS", "").strip()


def runner_kind() -> str:
    """GENLAB_JOBS, else inline on a ZeroGPU Space (core.gpu: the GPU is lent to this process only), else ray when
    GENLAB_RAY_ADDRESS is set, else processes."""
    from core.gpu import on_zero_gpu

    kind = os.environ.get("GENLAB_JOBS", "").strip().lower() or (
        "inline" if on_zero_gpu() else "ray" if ray_address() else "processes")
    if kind not in RUNNERS:
        raise ValueError(f"GENLAB_JOBS={kind!r} must be one of: {', '.join(RUNNERS)}.")
    return kind


def runner():
    """The process-wide job runner for GENLAB_JOBS (made on first use)."""
    global _runner, _runner_kind
    kind = runner_kind()
    with _runner_lock:
        if _runner is None or _runner_kind != kind:
            _runner = _make_runner(kind)
            _runner_kind = kind
        return _runner


def _make_runner(kind: str):
    from core.jobs.local import InlineRunner, LocalProcessPool

    if kind == "ray":
        from core.jobs.ray_runner import RayJobsConfig, RayRunner

        if not ray_address():
            raise ValueError("GENLAB_JOBS=ray needs GENLAB_RAY_ADDRESS (the Ray head's host:port).")
        return RayRunner(RayJobsConfig(ray_address()))
    return LocalProcessPool() if kind == "processes" else InlineRunner()


_owned: dict[str, list[Job]] = {}
_owned_lock = threading.Lock()


def start_job(target, /, *args, name: str | None = None, owner: str | None = None, **kwargs) -> Job:
    """Start `target(*args, report=..., **kwargs)` as a job and return its handle at once.

    `owner` (a browser session, say) lets `cancel_jobs(owner)` stop it, as a Stop button does."""
    job = runner().start(target, args, kwargs, name or getattr(target, "__name__", "job"))
    if owner is not None:
        with _owned_lock:
            jobs = [j for j in _owned.get(owner, []) if not j.finished]
            _owned[owner] = jobs + [job]
    return job


def jobs_step_aside():
    """A context manager for a model call: this machine's job processes are stopped while it runs (see
    core.jobs.local.step_aside); jobs in this process (inline) or on a Ray cluster are left as they are."""
    import contextlib

    if runner_kind() != "processes":
        return contextlib.nullcontext()
    from core.jobs.local import step_aside

    return step_aside()


def running_jobs(owner: str | None = None) -> list[Job]:
    """The unfinished jobs started with an owner (of `owner`, if given)."""
    with _owned_lock:
        return [j for key, jobs in _owned.items() if owner in (None, key) for j in jobs if not j.finished]


def cancel_jobs(owner: str, name: str | None = None) -> int:
    """Cancel every unfinished job of `owner` (with that `name`, if given); returns how many were running."""
    with _owned_lock:
        jobs = [j for j in _owned.pop(owner, []) if not j.finished]
        kept = [j for j in jobs if name is not None and j.name != name]
        if kept:
            _owned[owner] = kept
    stopped = [j for j in jobs if j not in kept]
    for job in stopped:
        job.cancel()
    return len(stopped)


__all__ = ["CANCELLED", "DONE", "FAILED", "RUNNING", "WAITING", "Job", "JobCancelled", "JobFailed", "JobUpdate",
           "cancel_jobs", "jobs_step_aside", "runner", "running_jobs", "start_job"]

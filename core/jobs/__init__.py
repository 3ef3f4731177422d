"""Jobs: anything that can use more than a couple of CPU-seconds, run apart from the requests.

    from core.jobs import start_job
    job = start_job(target, *args, name="CTGAN", **kwargs)   # see core.jobs.job for the interface

Which runner: GENLAB_JOBS=processes (the default: a worker process per job at idle priority,
core.jobs.local), inline (a thread of this process, for ZeroGPU, where GPU work must stay in the
main process), or ray (a Ray cluster, with GENLAB_RAY_ADDRESS).
"""

from __future__ import annotations

import os
import threading

from core.jobs.job import (CANCELLED, DONE, FAILED, RUNNING, WAITING, Job, JobCancelled, JobFailed,
                           JobUpdate)

RUNNERS = ("processes", "inline")
_runner = None
_runner_kind: str | None = None
_runner_lock = threading.Lock()


def runner_kind() -> str:
    kind = os.environ.get("GENLAB_JOBS", "").strip().lower() or "processes"
    if kind not in RUNNERS:
        raise ValueError(f"GENLAB_JOBS={kind!r} must be one of: {', '.join(RUNNERS)}.")
    return kind


def runner():
    """The process-wide job runner for GENLAB_JOBS (made on first use)."""
    global _runner, _runner_kind
    kind = runner_kind()
    with _runner_lock:
        if _runner is None or _runner_kind != kind:
            from core.jobs.local import InlineRunner, LocalProcessPool

            _runner = LocalProcessPool() if kind == "processes" else InlineRunner()
            _runner_kind = kind
        return _runner


def start_job(target, /, *args, name: str | None = None, **kwargs) -> Job:
    """Start `target(*args, report=..., **kwargs)` as a job and return its handle at once."""
    return runner().start(target, args, kwargs, name or getattr(target, "__name__", "job"))


__all__ = ["CANCELLED", "DONE", "FAILED", "RUNNING", "WAITING", "Job", "JobCancelled", "JobFailed", "JobUpdate",
           "runner", "start_job"]

"""One job: work that can use more than a couple of CPU-seconds, run away from the request that asked for it.

    job = start_job(train_model, table, config)       # core.jobs picks the backend
    for update in job.updates():                       # progress as it comes: fraction, message, payload
        show(update.fraction, update.message)
    result = job.result()                              # the target's return value, or its error raised here
    job.cancel()                                       # stops it and frees its CPU within a few seconds

A target is a plain module-level function `target(*args, report=..., **kwargs)`: it calls
`report(fraction, message, payload=None)` as it goes and returns its result. A ValueError it raises
keeps its sentence (it is the user's to read); any other error becomes JobFailed.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WAITING, RUNNING, DONE, FAILED, CANCELLED = "waiting", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)


class JobCancelled(Exception):
    """The job was stopped before it finished."""


class JobFailed(RuntimeError):
    """The job's target raised something other than a ValueError."""


@dataclass(frozen=True)
class JobUpdate:
    fraction: float
    message: str
    payload: object = None


@dataclass
class Job:
    """A handle on one job, whatever runs it; backends fill it in from their own thread."""

    name: str
    id: str
    status: str = WAITING
    latest: JobUpdate = JobUpdate(0.0, "Waiting for a free worker")
    started_at: float = field(default_factory=time.monotonic)
    worker_pid: int | None = None  # the process it runs in, where that is a process of this machine
    _updates: "queue.Queue[JobUpdate | None]" = field(default_factory=queue.Queue, repr=False)
    _finished: threading.Event = field(default_factory=threading.Event, repr=False)
    _result: object = field(default=None, repr=False)
    _error: BaseException | None = field(default=None, repr=False)
    _cancel: Callable[[], None] | None = field(default=None, repr=False)

    # called by backends
    def report(self, update: JobUpdate) -> None:
        self.latest = update
        self._updates.put(update)

    def finish(self, status: str, result: object = None, error: BaseException | None = None) -> None:
        if self._finished.is_set():
            return
        self.status, self._result, self._error = status, result, error
        self._finished.set()
        self._updates.put(None)

    # used by callers
    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def updates(self, every: float = 0.5) -> Iterator[JobUpdate]:
        """Each progress update as it comes, and the latest again at least every `every` seconds while nothing
        new arrives (so a caller that yields to a web page notices a closed page), until the job ends."""
        while True:
            try:
                update = self._updates.get(timeout=every)
            except queue.Empty:
                if self.finished:
                    return
                yield self.latest
                continue
            if update is None:
                return
            yield update

    def result(self, timeout: float | None = None):
        """The target's return value; raises its ValueError, JobFailed, or JobCancelled."""
        if not self._finished.wait(timeout):
            raise TimeoutError(f"The job {self.name} is still running.")
        if self.status == CANCELLED:
            raise JobCancelled(f"The job {self.name} was stopped.")
        if self._error is not None:
            raise self._error
        return self._result

    def cancel(self) -> None:
        """Stop the job (a no-op once it has finished)."""
        if self.finished:
            return
        if self._cancel is not None:
            self._cancel()
        self.finish(CANCELLED)

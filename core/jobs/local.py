"""Jobs on this machine: each in its own worker process at idle priority, at most one per core at a time.

A job's process is forked from a server process that has already imported the heavy libraries
(multiprocessing's forkserver), so it starts in well under a second and shares nothing with the
app: no lock a request needs, no torch thread pool. It runs at the lowest CPU priority Linux has
(SCHED_IDLE, and nice 19 where that is refused), so the app's requests take the cores whenever
they want them and the job gets what is left. Cancelling ends the process (SIGTERM, then SIGKILL
two seconds later), which frees its CPU at once. Idle priority still lets a job run in every gap a
model call leaves (between its parallel regions, while it encodes a picture), and on two cores that
share one physical core even those slow the call down; so while a model call runs, the jobs step
aside entirely (`step_aside`: their processes are stopped, SIGSTOP, and continued after).
`InlineRunner` runs the same jobs on a thread of this process instead, for ZeroGPU, where only the main process may use the GPU.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import secrets
import signal
import threading
from dataclasses import dataclass

from core.jobs.job import CANCELLED, DONE, FAILED, RUNNING, Job, JobCancelled, JobFailed, JobUpdate

PRELOADED = ["core.jobs.worker", "numpy", "pandas", "torch", "sdmetrics.reports.single_table", "sklearn.ensemble"]
KILL_AFTER_SECONDS = 2.0


@dataclass(frozen=True)
class LocalJobsConfig:
    workers: int = max(1, os.cpu_count() or 1)  # jobs running at once; more wait their turn
    threads_per_job: int = max(1, os.cpu_count() or 1)  # torch and BLAS threads inside a job
    idle_priority: bool = True


_running_pids: set[int] = set()
_aside_depth = 0
_aside_lock = threading.Lock()


def _signal(pids, signal_number) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal_number)
        except ProcessLookupError:
            pass


@contextlib.contextmanager
def step_aside():
    """While any model call is inside this block, every job process of this machine is stopped (SIGSTOP);
    the last one out continues them (SIGCONT). Jobs started meanwhile are stopped as they start."""
    global _aside_depth
    with _aside_lock:
        _aside_depth += 1
        if _aside_depth == 1:
            _signal(_running_pids, signal.SIGSTOP)
    try:
        yield
    finally:
        with _aside_lock:
            _aside_depth -= 1
            if _aside_depth == 0:
                _signal(_running_pids, signal.SIGCONT)


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED)
    return context


def _genlab_environment() -> dict[str, str]:
    """The settings a job must see as the app sees them now (the fork server was started earlier)."""
    from core.jobs.worker import SETTINGS_PREFIXES

    return {name: value for name, value in os.environ.items() if name.startswith(SETTINGS_PREFIXES)}


class LocalProcessPool:
    """start(target, args, kwargs, name) -> Job; see the module doc."""

    def __init__(self, config: LocalJobsConfig | None = None):
        self.config = config or LocalJobsConfig()
        self._slots = threading.BoundedSemaphore(self.config.workers)
        self._context = None
        self._context_lock = threading.Lock()

    def _process_context(self):
        with self._context_lock:
            if self._context is None:
                self._context = _context()
            return self._context

    def start(self, target, args: tuple, kwargs: dict, name: str) -> Job:
        from core.provenance.visitors import current_session

        job = Job(name=name, id=secrets.token_hex(6))
        stop = threading.Event()
        process_holder: dict = {}

        def cancel() -> None:
            """SIGTERM now; the supervising thread sends SIGKILL if the process outlives KILL_AFTER_SECONDS."""
            stop.set()
            process = process_holder.get("process")
            if process is not None and process.pid is not None:
                _signal([process.pid], signal.SIGTERM)
                _signal([process.pid], signal.SIGCONT)  # a stopped process acts on SIGTERM once continued

        job._cancel = cancel
        session = current_session()

        def supervise() -> None:
            while not self._slots.acquire(timeout=0.2):
                if stop.is_set():
                    return
            try:
                if stop.is_set():
                    return
                context = self._process_context()
                receiver, sender = context.Pipe(duplex=False)
                from core.jobs.worker import run_job

                process = context.Process(
                    target=run_job, name=f"genlab-job-{name}", daemon=True,
                    args=(sender, target, args, kwargs, session, _genlab_environment(),
                          self.config.threads_per_job, self.config.idle_priority))
                process_holder["process"] = process
                process.start()
                job.worker_pid = process.pid
                with _aside_lock:
                    _running_pids.add(process.pid)
                    if _aside_depth:
                        _signal([process.pid], signal.SIGSTOP)
                sender.close()
                job.status = RUNNING
                job.report(JobUpdate(0.0, "Started"))
                try:
                    _relay(receiver, job, stop)
                    process.join(KILL_AFTER_SECONDS)
                    if process.is_alive():
                        process.kill()
                        process.join()
                finally:
                    with _aside_lock:
                        _running_pids.discard(process.pid)
            finally:
                self._slots.release()

        threading.Thread(target=supervise, name=f"genlab-job-{name}", daemon=True).start()
        return job


def _relay(receiver, job: Job, stop: threading.Event) -> None:
    """Pass the worker's messages to the job until it sends its outcome or its process ends."""
    while True:
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            if stop.is_set():
                job.finish(CANCELLED)
            else:
                job.finish(FAILED, error=JobFailed(f"The job {job.name} stopped unexpectedly (its process ended)."))
            return
        if handle_message(message, job):
            return


def handle_message(message: tuple, job: Job) -> bool:
    """Apply one message of core.jobs.worker.run_job to `job`; True once it was the job's outcome."""
    kind = message[0]
    if kind == "progress":
        job.report(JobUpdate(*message[1:]))
        return False
    if kind == "result":
        job.finish(DONE, result=message[1])
    elif kind == "value_error":
        job.finish(FAILED, error=ValueError(message[1]))
    else:
        job.finish(FAILED, error=JobFailed(message[1]))
    return True


class InlineRunner:
    """The same jobs on a thread of this process (ZeroGPU); cancelling is noticed at the job's next report."""

    def start(self, target, args: tuple, kwargs: dict, name: str) -> Job:
        import contextvars

        job = Job(name=name, id=secrets.token_hex(6))
        stop = threading.Event()
        job._cancel = stop.set
        context = contextvars.copy_context()

        def report(fraction: float, message: str, payload=None) -> None:
            if stop.is_set():
                raise JobCancelled(f"The job {name} was stopped.")
            job.report(JobUpdate(float(fraction), str(message), payload))

        def work() -> None:
            job.status = RUNNING
            try:
                result = context.run(target, *args, report=report, **kwargs)
            except JobCancelled:
                job.finish(CANCELLED)
            except ValueError as error:
                from core.errors import raised_by_us

                job.finish(FAILED, error=error if raised_by_us(error)
                           else JobFailed(f"{type(error).__name__}: {error}"))
            except Exception as error:  # noqa: BLE001 - reported to the caller, who decides what to show
                job.finish(FAILED, error=JobFailed(f"{type(error).__name__}: {error}"))
            else:
                job.finish(DONE, result=result)

        threading.Thread(target=work, name=f"genlab-inline-job-{name}", daemon=True).start()
        return job

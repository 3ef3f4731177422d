"""Jobs on a Ray cluster (GENLAB_RAY_ADDRESS): each job in a Ray actor of its own, anywhere in the cluster.

The actor runs the same worker code as a local job (core.jobs.worker.run_job: idle priority, thread count,
the app's settings, the visitor's session), and keeps the job's messages until the app asks for them,
so a job started by one replica reports progress, returns its result and is cancelled exactly as a
local one. Cancelling kills the actor's process (`ray.kill`), which frees its CPU at once.

Every node must run the same Genlab (one container image): Ray sends the job's function by name, and the
workers import it from the folder this app runs from (PYTHONPATH in the job's runtime environment).
See docs/deploy.md.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from core.jobs.job import FAILED, RUNNING, Job, JobFailed, JobUpdate

ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.2
_connect_lock = threading.Lock()


@dataclass(frozen=True)
class RayJobsConfig:
    address: str  # GENLAB_RAY_ADDRESS: "host:port" of the head's GCS, or "auto"
    cpus_per_job: float = 1.0  # what Ray reserves for a job; more jobs than free CPUs wait in Ray's queue
    threads_per_job: int = 1  # torch and BLAS threads inside a job


def connect(address: str) -> None:
    """Join the cluster at `address` once per process (as a driver; this process runs no tasks itself)."""
    try:
        import ray
    except ImportError as error:
        raise RuntimeError("GENLAB_RAY_ADDRESS is set but Ray is not installed: "
                           "pip install -r requirements-scale.txt.") from error

    with _connect_lock:
        if ray.is_initialized():
            return
        ray.init(address=address, namespace="genlab", log_to_driver=False, logging_level="ERROR",
                 runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})


class _Mailbox:
    """What run_job sends on: messages kept in the actor until the app's next poll."""

    def __init__(self):
        self.messages: list[tuple] = []
        self.lock = threading.Lock()

    def send(self, message: tuple) -> None:
        with self.lock:
            self.messages.append(message)

    def close(self) -> None:
        pass

    def take(self) -> list[tuple]:
        with self.lock:
            taken, self.messages = self.messages, []
        return taken


class JobActor:
    """One job's process in the cluster. `run` and `poll` run on two threads of it (max_concurrency=2)."""

    def __init__(self):
        self.mailbox = _Mailbox()

    def run(self, target, args, kwargs, session, environment, threads) -> None:
        from core.jobs.worker import run_job

        os.chdir(ROOT)
        run_job(self.mailbox, target, args, kwargs, session, environment, threads, True)

    def poll(self) -> list[tuple]:
        return self.mailbox.take()

    def pid(self) -> int:
        return os.getpid()


class RayRunner:
    """start(target, args, kwargs, name) -> Job, like core.jobs.local.LocalProcessPool."""

    def __init__(self, config: RayJobsConfig):
        self.config = config
        connect(config.address)

    def start(self, target, args: tuple, kwargs: dict, name: str) -> Job:
        import ray

        from core.jobs.local import _genlab_environment, handle_message
        from core.provenance.visitors import current_session

        job = Job(name=name, id=secrets.token_hex(6))
        stop = threading.Event()
        actor = ray.remote(JobActor).options(num_cpus=self.config.cpus_per_job, max_concurrency=2,
                                             name=f"genlab-job-{job.id}").remote()

        def cancel() -> None:
            stop.set()
            ray.kill(actor, no_restart=True)

        job._cancel = cancel
        session = current_session()

        def supervise() -> None:
            finished = actor.run.remote(target, args, kwargs, session, _genlab_environment(),
                                        self.config.threads_per_job)
            try:
                job.worker_pid = ray.get(actor.pid.remote())
                job.status = RUNNING
                job.report(JobUpdate(0.0, "Started"))
                while not stop.is_set():
                    done, _ = ray.wait([finished], timeout=POLL_SECONDS)
                    if any(handle_message(message, job) for message in ray.get(actor.poll.remote())):
                        return
                    if done:  # run_job always sends an outcome before it returns; none came
                        ray.get(finished)
                        job.finish(FAILED, error=JobFailed(f"The job {name} ended without a result."))
                        return
            except Exception as error:  # noqa: BLE001 - the actor died, or was killed by cancel()
                if not stop.is_set():
                    job.finish(FAILED, error=JobFailed(f"The job {name} stopped unexpectedly ({type(error).__name__})."))
            finally:
                if not stop.is_set():
                    ray.kill(actor, no_restart=True)  # an actor outlives its work unless killed

        threading.Thread(target=supervise, name=f"genlab-ray-job-{name}", daemon=True).start()
        return job

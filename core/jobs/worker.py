"""What runs inside a job's worker process: lower its priority, set its threads, run the target, send the outcome."""

from __future__ import annotations

import os


SETTINGS_PREFIXES = ("GENLAB_", "HF_", "SPACE_")  # the variables a job takes from the app, as the app has them now


def lower_priority() -> str:
    """SCHED_IDLE where Linux allows it (it runs only when no ordinary thread wants the core), else nice 19."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        return "SCHED_IDLE"
    except (AttributeError, OSError):
        os.nice(19 - os.nice(0))
        return "nice 19"


def set_threads(threads: int) -> None:
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = str(threads)
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(threads)


def run_job(connection, target, args, kwargs, session, environment, threads, idle) -> None:
    """The worker process's main: `target(*args, report=..., **kwargs)`, its outcome sent on `connection`.

    The app's settings are `environment`, exactly: a setting the fork server inherited when it started and the app
    has since dropped (a database URL, a Ray address) is dropped here too, or the job read another store than the
    app (a large picture's check missed its mark and record in a whole test run)."""
    for name in [name for name in os.environ if name.startswith(SETTINGS_PREFIXES) and name not in environment]:
        del os.environ[name]
    os.environ.update(environment)
    if idle:
        lower_priority()
    set_threads(threads)
    from core.provenance.visitors import for_session
    from core.settings import reset_settings

    reset_settings()

    def report(fraction: float, message: str, payload=None) -> None:
        connection.send(("progress", float(fraction), str(message), payload))

    try:
        with for_session(session):
            result = target(*args, report=report, **kwargs)
        connection.send(("result", result))
    except ValueError as error:
        from core.errors import raised_by_us

        connection.send(("value_error", str(error)) if raised_by_us(error)
                        else ("failed", f"{type(error).__name__}: {error}"))
    except BaseException as error:  # noqa: BLE001 - the parent turns it into JobFailed
        connection.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()

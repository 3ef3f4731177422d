"""Small job targets for the job tests: module-level functions, as a job's target must be."""

from __future__ import annotations

import os
import time


def count_to(n: int, *, report, pause: float = 0.0) -> int:
    for i in range(n):
        report((i + 1) / n, f"step {i + 1}", payload=i)
        time.sleep(pause)
    return n


def burn(seconds: float, *, report) -> int:
    """Spin the CPU for `seconds`, reporting every 0.1 s; returns how many loops it made."""
    deadline, loops = time.monotonic() + seconds, 0
    next_report = 0.0
    while time.monotonic() < deadline:
        loops += 1
        if time.monotonic() >= next_report:
            report(0.0, f"{loops} loops", payload=os.getpid())
            next_report = time.monotonic() + 0.1
    return loops


def refuse(*, report):
    """A visitor's mistake, caught by the suite's own code (a library's ValueError would count as a crash)."""
    from core.inputs.numbers import parse_seed

    parse_seed("two")


def library_refusal(*, report):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    LogisticRegression().fit(np.zeros((4, 1)), np.zeros(4))  # "needs samples of at least 2 classes"


def crash(*, report):
    raise KeyError("internal")


def scheduling(*, report) -> dict:
    return {"policy": os.sched_getscheduler(0), "nice": os.nice(0), "pid": os.getpid(),
            "data_dir": os.environ.get("GENLAB_DATA_DIR")}


def record_something(*, report) -> str:
    from core.provenance import get_recorder

    return get_recorder().record_output("made in a job", tab="test", backend="test", model_id="test",
                                        parameters={"prompt": "job"}).id

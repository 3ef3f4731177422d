"""The one thread that runs the app's PyTorch work.

PyTorch runs its CPU kernels on an OpenMP team that belongs to the calling thread and lives as long as that
thread does. Once a second thread has its own team, the OpenMP runtime manages more threads than there are
cores, stops spinning between parallel regions, and every later call is slower: `python bench/torch_threads.py`
measured the art model at 0.54 s per picture while one thread runs torch and 1.14 s once a second thread had.
Gradio answers events on a pool of long-lived threads, so the tabs hand their torch work, loading included,
to one thread here: short work with `run`, streamed work with `submit`. Long trainings (CTGAN, TVAE) use
`run_alone`, a fresh thread whose team ends with it, so they do not hold the other tabs up meanwhile.
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

THREAD_NAME = "genlab-torch"
Result = TypeVar("Result")

MODEL_NICENESS = 10  # model work yields the cores to light requests (About, quests, tables) while they run


def _lower_this_threads_priority() -> None:
    """Nice this thread by MODEL_NICENESS; the OpenMP threads it starts for torch inherit it (Linux, per thread)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MODEL_NICENESS)
    except (AttributeError, OSError):
        pass


_torch_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAME,
                                   initializer=_lower_this_threads_priority)


def on_torch_thread() -> bool:
    return threading.current_thread().name.startswith(THREAD_NAME)


def submit(work: Callable[..., Result], /, *args, **kwargs) -> Future:
    """Queue `work` on the torch thread; the caller's context (Gradio's progress bar) goes with it."""
    if on_torch_thread():
        raise RuntimeError("Work on the torch thread cannot queue more work there and wait for it; call it directly.")
    context = contextvars.copy_context()
    return _torch_thread.submit(context.run, work, *args, **kwargs)


def run(work: Callable[..., Result], /, *args, **kwargs) -> Result:
    """Run `work` on the torch thread and return its result (directly when already on it)."""
    if on_torch_thread():
        return work(*args, **kwargs)
    return submit(work, *args, **kwargs).result()


def run_alone(work: Callable[..., Result], /, *args, **kwargs) -> Result:
    """Run long `work` on a fresh thread and wait for it; its OpenMP team is freed when the thread ends."""
    context = contextvars.copy_context()
    outcome: Future = Future()

    def target() -> None:
        try:
            outcome.set_result(context.run(work, *args, **kwargs))
        except BaseException as error:  # raised again in the caller's thread
            outcome.set_exception(error)

    threading.Thread(target=target, name="genlab-long-job", daemon=True).start()
    return outcome.result()

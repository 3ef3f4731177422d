"""A fair queue for a shared Space: light calls never wait behind heavy ones, and no visitor takes every place.

Three lanes (Gradio concurrency groups): model calls (one at a time: they share the one torch thread),
job calls (many: each only follows a core.jobs job, and the job runner decides how many run), and
everything else (light: several at a time, each event its own group). On top of Gradio's queue:
- each visitor holds at most `places_per_visitor` places, waiting or running, so one client that posts
  seventy calls does not shut everyone else out;
- the whole queue holds at most `queue_size` calls; a full queue answers, in words, about how long to wait.
Model calls also yield the CPU: a model-lane handler runs whole (its pictures' watermarks, signatures and
encodings, not only the model's own work) on a thread of its own at the torch thread's lower priority
(`run_model_lane_apart`), so light calls answered beside it get the cores first; and while it runs, the
jobs of this machine step aside (core.jobs.jobs_step_aside), so a visitor's training never slows it.
A visitor is a browser session. Behind a trusted proxy (GENLAB_TRUSTED_PROXY_HEADER, e.g.
x-forwarded-for on a Space, whose proxy puts the client's address first) the client address counts
too; without one it does not, since behind a Space's proxy every visitor shares one address.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

MODEL_EVENTS = {"concurrency_id": "model", "concurrency_limit": 1}
JOB_EVENTS = {"concurrency_id": "jobs", "concurrency_limit": 16}
LIGHT_CONCURRENCY = 4
ASSUMED_SECONDS = 5.0  # a call's length before the queue has timed any


@dataclass
class FairQueueConfig:
    places_per_visitor: int = 4
    queue_size: int = 64
    trusted_proxy_header: str | None = field(
        default_factory=lambda: os.environ.get("GENLAB_TRUSTED_PROXY_HEADER", "").strip().lower() or None)


def visitor_keys(session_hash: str | None, headers, header: str | None) -> list[str]:
    keys = [f"session:{session_hash}"] if session_hash else []
    if header:
        forwarded = (headers.get(header) or "").split(",")[0].strip()
        if forwarded:
            keys.append(f"address:{forwarded}")
    return keys


def wait_words(seconds: float) -> str:
    if seconds < 60:
        return f"about {max(5, int(round(seconds / 5.0)) * 5)} seconds"
    minutes = int(round(seconds / 60))
    return "about a minute" if minutes <= 1 else f"about {minutes} minutes"


def install(blocks, config: FairQueueConfig | None = None) -> None:
    """Wrap `blocks`' queue (after `blocks.queue(...)`) so it keeps the rules in the module doc."""
    config = config or FairQueueConfig()
    queue = blocks._queue
    original_push = queue.push
    places: dict[str, set[str]] = {}

    def estimated_wait() -> float:
        times = [t.avg_time for t in queue.process_time_per_fn.values() if t.count]
        per_call = sum(times) / len(times) if times else ASSUMED_SECONDS
        lanes = max(1, len(queue.event_queue_per_concurrency_id))
        return len(queue) * per_call / lanes

    async def push(body, request, username):
        live = set(queue.event_ids_to_events)
        for key in list(places):
            places[key] &= live
            if not places[key]:
                del places[key]
        headers = getattr(body, "request", None)
        headers = getattr(headers, "headers", None) or getattr(request, "headers", {}) or {}
        keys = visitor_keys(body.session_hash, headers, config.trusted_proxy_header)
        if any(len(places.get(key, ())) >= config.places_per_visitor for key in keys):
            return (False, f"You already have {config.places_per_visitor} requests waiting or running; wait for one "
                           "to finish, then try again.", "error")
        if len(queue) >= config.queue_size:
            return (False, f"The app is busy with other visitors' requests: try again in "
                           f"{wait_words(estimated_wait())}.", "error")
        success, event_id, state = await original_push(body, request, username)
        if success:
            for key in keys:
                places.setdefault(key, set()).add(event_id)
        return success, event_id, state

    queue.push = push


_model_lane = None


def _lane() -> ThreadPoolExecutor:
    global _model_lane
    if _model_lane is None:
        from core.torch_thread import _lower_this_threads_priority

        _model_lane = ThreadPoolExecutor(max_workers=2, thread_name_prefix="genlab-model-lane",
                                         initializer=_lower_this_threads_priority)
    return _model_lane


def on_model_lane(function):
    """`function` (a handler, plain or a generator) run on the lowered-priority model-lane threads, with the
    caller's context (Gradio's request and progress bar); a generator closed by Gradio (Stop) is closed there."""
    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def streaming(*args, **kwargs):
            from core.jobs import jobs_step_aside

            context = contextvars.copy_context()
            generator = function(*args, **kwargs)  # makes the generator object only: nothing runs yet
            finished = False
            with jobs_step_aside():
                try:
                    while True:
                        try:
                            item = _lane().submit(context.run, next, generator).result()
                        except StopIteration:
                            finished = True
                            return
                        yield item
                finally:
                    if not finished:
                        _lane().submit(context.run, generator.close).result()

        return streaming

    @functools.wraps(function)
    def plain(*args, **kwargs):
        from core.jobs import jobs_step_aside

        with jobs_step_aside():
            return _lane().submit(contextvars.copy_context().run, function, *args, **kwargs).result()

    return plain


def run_model_lane_apart(blocks) -> None:
    """Wrap every handler in the model lane (MODEL_EVENTS) with `on_model_lane`."""
    for block_function in blocks.fns.values():
        function = block_function.fn
        if (function is None or block_function.concurrency_id != MODEL_EVENTS["concurrency_id"]
                or getattr(function, "_genlab_model_lane", False)
                or inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)):
            continue
        wrapped = on_model_lane(function)
        wrapped._genlab_model_lane = True
        block_function.fn = wrapped

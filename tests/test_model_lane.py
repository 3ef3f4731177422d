"""Model-lane handlers run whole at the torch thread's lower priority, so light calls get the cores first."""

import os
import threading

from apps.fair_queue import on_model_lane
from core.torch_thread import MODEL_NICENESS


def niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_a_model_handler_runs_on_a_lowered_thread_and_the_callers_thread_is_left_as_it_was():
    before = niceness()
    ran = on_model_lane(lambda: (threading.current_thread().name, niceness()))()
    assert ran[0].startswith("genlab-model-lane") and ran[1] >= MODEL_NICENESS
    assert niceness() == before


def test_a_streamed_handler_streams_from_the_lane_and_closing_it_closes_the_handler():
    closed = threading.Event()

    def streaming(count):
        try:
            for number in range(count):
                yield number, threading.current_thread().name
        finally:
            closed.set()

    stream = on_model_lane(streaming)(10)
    first = next(stream)
    assert first[0] == 0 and first[1].startswith("genlab-model-lane")
    stream.close()  # what Gradio does when the visitor presses Stop
    assert closed.wait(5)
    assert [n for n, _ in on_model_lane(streaming)(3)] == [0, 1, 2]

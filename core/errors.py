"""Which errors are the suite's own sentences, and what to say for the others.

Core code answers bad input with a ValueError carrying one plain sentence. Libraries raise
ValueError too, in their own words ("This solver needs samples of at least 2 classes…"), which a
visitor must not see: an error counts as ours only when it was raised in this project's own code
(core/ or apps/), judged by the innermost frame of its traceback.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
OWN_FOLDERS = tuple(str(PROJECT_ROOT / folder) + "/" for folder in ("core", "apps"))
UNEXPECTED = "Something went wrong on our side. Try again, perhaps with a smaller setting."


def raised_by_us(error: BaseException) -> bool:
    """Whether `error` is a ValueError raised by the suite's own code (its sentence is meant for people)."""
    if not isinstance(error, ValueError):
        return False
    traceback = error.__traceback__
    if traceback is None:
        return True  # made, not raised (a worker's error sent across): the sender already judged it
    while traceback.tb_next is not None:
        traceback = traceback.tb_next
    return traceback.tb_frame.f_code.co_filename.startswith(OWN_FOLDERS)

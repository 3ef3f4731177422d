"""Waiting for processes to end, for tests that check a stopped job freed its CPU."""

from __future__ import annotations

import time


def processes_end_within(pids: list[int], seconds: float) -> bool:
    """True once none of `pids` is running (gone, or a zombie waiting to be reaped) within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as handle:
                    if handle.read().split()[2] not in ("Z", "X"):
                        alive.append(pid)
            except (FileNotFoundError, ProcessLookupError):  # gone before, or while, it was read
                pass
        if not alive:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)

"""Models loaded once per process and shared by every request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

Loaded = TypeVar("Loaded")


class ModelCache:
    def __init__(self):
        self._lock = threading.Lock()
        self._loaded: dict[Hashable, object] = {}

    def get(self, key: Hashable, load: Callable[[], Loaded]) -> Loaded:
        """The model stored under `key`, loaded by `load()` the first time it is asked for."""
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = load()
            return self._loaded[key]

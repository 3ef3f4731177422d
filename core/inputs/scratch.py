"""Per-request folders for files a visitor downloads, under one root, with old ones deleted.

Gradio copies every file a handler returns into its own cache (which `delete_cache` on the Blocks
cleans), so these folders only need to outlive the request and what a session still points at
(the Art gallery); each new folder sweeps away those older than `MAX_AGE_S`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

MAX_AGE_S = 6 * 3600
SWEEP_EVERY_S = 300
_lock = threading.Lock()
_last_sweep = 0.0


def scratch_root() -> Path:
    """The one folder all of the suite's temporary folders live in (owner-only)."""
    root = Path(tempfile.gettempdir()) / f"genlab-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    root.mkdir(mode=0o700, exist_ok=True)
    return root


def request_folder(prefix: str) -> Path:
    """A new empty folder under the scratch root; folders older than MAX_AGE_S are deleted now and then."""
    root = scratch_root()
    sweep(root)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=root))


def sweep(root: Path | None = None, max_age_s: float = MAX_AGE_S, force: bool = False) -> int:
    """Delete folders under the root not touched for `max_age_s` seconds; returns how many went."""
    global _last_sweep
    now = time.time()
    with _lock:
        if not force and now - _last_sweep < SWEEP_EVERY_S:
            return 0
        _last_sweep = now
    removed = 0
    for folder in (root or scratch_root()).iterdir():
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed

"""Fixes for Gradio 6.31 bugs the suite meets, applied once by apps.ui.prepare.

save_pil_to_cache: Gradio names a returned picture's cache file by a hash of its bytes and writes it with
`write_bytes`, which first truncates the file. When two visitors get the same picture at the same time
(the same example, the same seed), one request truncates the file while the other is still sending it,
and that visitor's browser gets a broken download ("peer closed connection without sending complete message
body", seen in bench/concurrency.py at 32 users). Gradio's own save_file_to_cache already does it safely:
write under a temporary name, rename into place, and reuse a copy that is already there. This does the same.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_pil_to_cache_atomically(img, cache_dir: str, name: str = "image", format: str = "webp") -> str:
    from gradio import processing_utils

    data = processing_utils.encode_pil_to_bytes(img, format)
    folder = Path(cache_dir) / processing_utils.hash_bytes(data)
    folder.mkdir(exist_ok=True, parents=True)
    target = (folder / f"{name}.{format}").resolve()
    if target.exists():
        os.utime(target)  # delete_cache ages files by time: a reused copy must not expire early
        return str(target)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
    return str(target)


def apply() -> None:
    from gradio import processing_utils

    processing_utils.save_pil_to_cache = save_pil_to_cache_atomically

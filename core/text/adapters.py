"""A visitor's LoRA adapters: kept in the data folder under an unguessable id, written with, downloaded.

    saved = save_adapter(result)                  # result: core.text.adaptation.AdaptationResult
    backend = adapted_backend(saved.id)           # the Writing tab's model with the adapter merged in
    zip_path = adapter_zip(saved.id)              # a standard PEFT adapter folder, zipped

The id (128 random bits) is the visitor's key to the adapter: the page that trained it holds it, nobody else
can name it. A folder holds PEFT's own files (adapter_config.json, adapter_model.safetensors, README.md), so
`PeftModel.from_pretrained(base_model, folder)` loads it anywhere, and adaptation.json with what was measured.
Adapters older than KEEP_HOURS are deleted when a new one is saved.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

KEEP_HOURS = 24
MEASURED_FILE = "adaptation.json"
WEIGHTS_FILE = "adapter_model.safetensors"
_ID = re.compile(r"^[0-9a-f]{32}$")
LOADED_AT_MOST = 2  # adapted copies of the model kept in memory at once


@dataclass(frozen=True)
class SavedAdapter:
    id: str
    folder: Path
    sha256: str  # of the adapter's weights file: what provenance names
    measured: dict  # AdaptationResult.summary()

    @property
    def short_id(self) -> str:
        return self.id[:8]

    def peft_files(self) -> dict[str, bytes]:
        """The PEFT folder's own files (config and weights), to hand to a job that trains the adapter further."""
        return {path.name: path.read_bytes() for path in self.folder.iterdir()
                if path.suffix in (".json", ".safetensors") and path.name != MEASURED_FILE}


def adapters_folder() -> Path:
    from core.settings import get_settings

    return get_settings().data_dir / "adapters"


def save_adapter(result) -> SavedAdapter:
    """Write an AdaptationResult's adapter files under a new id; forget adapters older than KEEP_HOURS."""
    from core.secrets import private_folder

    root = adapters_folder()
    private_folder(root)
    _forget_old(root)
    adapter_id = secrets.token_hex(16)
    folder = root / adapter_id
    folder.mkdir(mode=0o700)
    for name, data in result.adapter_files.items():
        (folder / Path(name).name).write_bytes(data)
    (folder / MEASURED_FILE).write_text(json.dumps(result.summary(), indent=2))
    return load_saved(adapter_id)


def load_saved(adapter_id: str) -> SavedAdapter:
    """The saved adapter `adapter_id`, or a sentence saying it is gone."""
    folder = adapters_folder() / check_id(adapter_id)
    if not (folder / WEIGHTS_FILE).exists():
        raise ValueError("That adapter is no longer here (adapters are kept for a day): adapt the writer again.")
    weights = (folder / WEIGHTS_FILE).read_bytes()
    return SavedAdapter(adapter_id, folder, hashlib.sha256(weights).hexdigest(),
                        json.loads((folder / MEASURED_FILE).read_text()))


def check_id(adapter_id: str) -> str:
    adapter_id = (adapter_id or "").strip()
    if not _ID.match(adapter_id):
        raise ValueError("That is not an adapter id from this app: adapt the writer first, then write with it.")
    return adapter_id


def adapter_zip(adapter_id: str) -> Path:
    """The adapter folder as a zip (made once), ready to download."""
    saved = load_saved(adapter_id)
    target = saved.folder.parent / f"genlab-lora-{saved.short_id}.zip"
    if not target.exists():
        made = shutil.make_archive(str(target.with_suffix("")), "zip", root_dir=saved.folder.parent,
                                   base_dir=saved.id)
        Path(made).chmod(0o600)
    return target


def _forget_old(root: Path) -> None:
    limit = time.time() - KEEP_HOURS * 3600
    for path in root.iterdir():
        if path.stat().st_mtime < limit:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


_loaded: OrderedDict[str, object] = OrderedDict()
_loaded_lock = threading.Lock()


def adapted_backend(adapter_id: str, base=None):
    """The Writing tab's backend with the adapter merged into a copy of its model (most recent few kept)."""
    from core import torch_thread
    from core.text.writer import Backend, current_backend

    saved = load_saved(adapter_id)
    base = base or current_backend()
    if base.backend == "openai":
        raise ValueError("The model is on a text server, which cannot load an adapter here: use the built-in poet "
                         "(GENLAB_WRITING_MODEL=embedded) to write with your adapter.")
    key = f"{saved.id}:{base.writer.info.model_id}"
    with _loaded_lock:
        writer = _loaded.get(key)
        if writer is not None:
            _loaded.move_to_end(key)
    if writer is None:
        writer = torch_thread.run(_merged_writer, base.writer, saved.folder)
        with _loaded_lock:
            _loaded[key] = writer
            while len(_loaded) > LOADED_AT_MOST:
                _loaded.popitem(last=False)
    return Backend(writer, base.backend, f"{base.model_label} + your LoRA adapter {saved.short_id}", poet=base.poet,
                   chat=base.chat, watermarks=base.watermarks,
                   adapter={"id": saved.id, "sha256": saved.sha256, "method": "LoRA",
                            "rank": saved.measured["trained"]["rank"]})


def _merged_writer(base_writer, folder: Path):
    import copy

    from peft import PeftModel

    from core.text.local_writer import LocalWriter

    model = copy.deepcopy(base_writer.model)
    merged = PeftModel.from_pretrained(model, str(folder)).merge_and_unload().eval()
    return LocalWriter(merged, base_writer.tokenizer, base_writer.info.model_id, base_writer.info.backend)

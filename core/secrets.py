"""Every secret the suite keeps, in one place: an environment variable first, else made once in the data folder.

    key = secret("pseudonym")          # 32 bytes: GENLAB_PSEUDONYM_KEY, or data/secrets/pseudonym
    token = secret_text("admin-token")  # the same, as text an operator can paste

A secret made here is written atomically (a temporary file renamed into place) with owner-only
permissions, inside an owner-only folder, so a restart finds the same one; on a Space the data
folder is the persistent `/data` volume (see core.settings). Replicas that share the environment
variables share the secrets: set them as Space secrets (or in the deployment's secret store).
"""

from __future__ import annotations

import os
import secrets as _random
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

SECRETS_FOLDER = "secrets"
_lock = threading.Lock()


@dataclass(frozen=True)
class SecretSpec:
    variable: str
    description: str


SECRETS = {
    "text-watermark": SecretSpec("GENLAB_TEXT_WATERMARK_KEY", "keys the green-list watermark of written text"),
    "image-watermark": SecretSpec("GENLAB_IMAGE_WATERMARK_KEY", "keys and authenticates the invisible picture mark"),
    "pseudonym": SecretSpec("GENLAB_PSEUDONYM_KEY", "keys the anonymiser's pseudonyms (HMAC-SHA256)"),
    "visitor": SecretSpec("GENLAB_VISITOR_KEY", "turns a browser session into the opaque visitor id in the audit store"),
    "admin-token": SecretSpec("GENLAB_ADMIN_TOKEN", "lets an operator see every visitor's prompts in the audit log"),
}


def private_folder(path: str | Path) -> Path:
    """Create `path` (and parents) if needed and make it readable by its owner only."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        folder.chmod(0o700)
    except OSError:  # a mounted volume we do not own: keep going, the files inside stay owner-only
        pass
    return folder


def _owner_only_temporary(folder: Path, name: str, data: bytes) -> str:
    """`data` written and synced to a new owner-only file beside `folder / name`; returns its path."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def write_private(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically with mode 0600; an existing file is replaced whole or not at all."""
    path = Path(path)
    private_folder(path.parent)
    os.replace(_owner_only_temporary(path.parent, path.name, data), path)
    return path


def create_private_once(path: str | Path, make: callable) -> bytes:
    """The bytes at `path`; the first caller makes them with `make()`, and racing callers all read the winner's."""
    path = Path(path)
    with _lock:
        if not path.exists():
            private_folder(path.parent)
            temporary = _owner_only_temporary(path.parent, path.name, make())
            try:
                os.link(temporary, path)  # fails if another process made it first: theirs wins
            except FileExistsError:
                pass
            finally:
                os.unlink(temporary)
        return path.read_bytes()


def _data_dir() -> Path:
    from core.settings import get_settings

    return get_settings().data_dir


def secret_path(name: str, data_dir: str | Path | None = None) -> Path:
    return Path(data_dir if data_dir is not None else _data_dir()) / SECRETS_FOLDER / name


def secret(name: str, data_dir: str | Path | None = None) -> bytes:
    """The named secret: its environment variable (as UTF-8) when set, else 32 random bytes made once."""
    if name not in SECRETS:
        raise KeyError(f"Unknown secret {name!r}; known: {', '.join(SECRETS)}.")
    configured = os.environ.get(SECRETS[name].variable, "").strip()
    if configured:
        return configured.encode()
    return create_private_once(secret_path(name, data_dir), lambda: _random.token_hex(32).encode())


def secret_text(name: str, data_dir: str | Path | None = None) -> str:
    return secret(name, data_dir).decode()


def secret_source(name: str) -> str:
    """Where the named secret comes from, in words (for the About tab and the operator)."""
    spec = SECRETS[name]
    if os.environ.get(spec.variable, "").strip():
        return f"the environment variable {spec.variable}"
    return f"a file made on first use in the data folder ({SECRETS_FOLDER}/{name}, owner-only)"

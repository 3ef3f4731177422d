"""Suite settings: a profile from spaces.yaml plus GENLAB_* environment overrides.

    GENLAB_PROFILE        embedded (default) or gpu: which profile of spaces.yaml to use
    GENLAB_<TAB>_MODEL    override one tab's model: a Hub id, a local folder, or "embedded"
    GENLAB_DATA_DIR       where the suite writes (audit store, secrets, certificates), owner-only; default ./data,
                          or /data/genlab on a Space with persistent storage
    GENLAB_PORT           the port `python app.py` serves on; default 7860
    GENLAB_DEVICE         auto (default), cpu or cuda
    GENLAB_ART_SAFETY_CHECKER  the picture safety checker run on Hub models' pictures: a Hub id or folder
                          (default CompVis/stable-diffusion-safety-checker), or off

A bad value raises `SettingsError` at start with a message naming the variable.
Torch is imported only when `device()` is first asked, so reading settings stays fast.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SPACES_FILE = PROJECT_ROOT / "spaces.yaml"
DEFAULT_PROFILE = "embedded"
BACKENDS = ("embedded", "hub", "openai")
DEVICES = ("auto", "cpu", "cuda")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class SettingsError(ValueError):
    """A setting is wrong; the message names the variable and says how to fix it."""


@dataclass(frozen=True)
class TabModel:
    """The model one tab uses: which backend, and the model id or path for it."""

    backend: str
    model: str

    @property
    def local_path(self) -> Path:
        """The model's folder for the embedded backend (relative paths are inside the project)."""
        path = Path(self.model)
        return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass(frozen=True)
class Settings:
    profile: str
    profile_description: str
    tabs: dict[str, TabModel]
    data_dir: Path
    port: int
    device_preference: str = "auto"
    overridden_tabs: tuple[str, ...] = field(default=())
    art_safety_checker: str | None = None  # a Hub id or folder (core.art.safety); None: off

    def model_for(self, tab: str) -> TabModel:
        if tab not in self.tabs:
            raise SettingsError(f"spaces.yaml has no model for the tab {tab!r} in profile {self.profile!r}.")
        return self.tabs[tab]


@dataclass(frozen=True)
class Compute:
    """Where models run: chosen once per process."""

    device: str
    dtype_name: str
    description: str

    @property
    def dtype(self):
        import torch

        return getattr(torch, self.dtype_name)


def read_profiles(spaces_file: Path = SPACES_FILE) -> dict:
    try:
        document = yaml.safe_load(spaces_file.read_text())
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"Cannot read {spaces_file}: {error}") from error
    profiles = (document or {}).get("profiles")
    if not isinstance(profiles, dict) or not profiles:
        raise SettingsError(f"{spaces_file} needs a 'profiles' mapping with at least one profile.")
    for name, profile in profiles.items():
        for tab, entry in (profile.get("tabs") or {}).items():
            if not isinstance(entry, dict) or entry.get("backend") not in BACKENDS or not entry.get("model"):
                raise SettingsError(
                    f"{spaces_file}: profile {name!r}, tab {tab!r} needs backend (one of {', '.join(BACKENDS)}) and model."
                )
    return profiles


def _model_override(variable: str, value: str, default: TabModel, embedded_default: TabModel | None) -> TabModel:
    value = value.strip()
    if value == "embedded":
        if embedded_default is None:
            raise SettingsError(f"{variable}=embedded, but the embedded profile has no model for this tab.")
        return embedded_default
    if value.startswith("openai:") and len(value) > len("openai:"):
        return TabModel("openai", value[len("openai:"):])
    candidate = Path(value).expanduser()
    if candidate.is_dir() or (PROJECT_ROOT / candidate).is_dir():
        return TabModel("embedded", str(candidate))
    if _HUB_ID.match(value):
        return TabModel("hub", value)
    raise SettingsError(
        f"{variable}={value!r} is neither a folder on this machine nor a Hub model id like 'owner/name'. "
        f"Use a Hub id, a local folder, 'openai:<model>', or 'embedded'."
    )


def load_settings(environ: dict[str, str] | None = None, spaces_file: Path = SPACES_FILE) -> Settings:
    """Read spaces.yaml and the GENLAB_* variables; raise SettingsError naming any bad variable."""
    env = os.environ if environ is None else environ
    profiles = read_profiles(spaces_file)

    profile_name = env.get("GENLAB_PROFILE", DEFAULT_PROFILE).strip() or DEFAULT_PROFILE
    if profile_name not in profiles:
        raise SettingsError(
            f"GENLAB_PROFILE={profile_name!r} is not a profile in spaces.yaml; choose one of: {', '.join(profiles)}."
        )
    profile = profiles[profile_name]
    embedded_tabs = (profiles.get(DEFAULT_PROFILE) or {}).get("tabs") or {}
    tabs = {tab: TabModel(**entry) for tab, entry in (profile.get("tabs") or {}).items()}

    overridden = []
    for variable, value in env.items():
        match = re.fullmatch(r"GENLAB_([A-Z_]+)_MODEL", variable)
        if not match:
            continue
        tab = match.group(1).lower()
        if tab not in tabs:
            known = ", ".join(f"GENLAB_{t.upper()}_MODEL" for t in tabs)
            raise SettingsError(f"{variable} names no tab that has a model. Known variables: {known}.")
        embedded = TabModel(**embedded_tabs[tab]) if tab in embedded_tabs else None
        tabs[tab] = _model_override(variable, value, tabs[tab], embedded)
        overridden.append(tab)

    data_dir = Path(env.get("GENLAB_DATA_DIR") or default_data_dir(env)).expanduser()
    if not data_dir.is_absolute():
        data_dir = Path.cwd() / data_dir
    try:
        from core.secrets import private_folder

        private_folder(data_dir)
    except OSError as error:
        raise SettingsError(f"GENLAB_DATA_DIR={str(data_dir)!r} cannot be created: {error.strerror}.") from error
    if not os.access(data_dir, os.W_OK):
        raise SettingsError(f"GENLAB_DATA_DIR={str(data_dir)!r} is not writable; point it at a folder you can write to.")

    port_text = env.get("GENLAB_PORT", "7860").strip()
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise SettingsError(f"GENLAB_PORT={port_text!r} must be a whole number from 1 to 65535.")

    device = env.get("GENLAB_DEVICE", profile.get("device", "auto")).strip().lower() or "auto"
    if device not in DEVICES:
        raise SettingsError(f"GENLAB_DEVICE={device!r} must be one of: {', '.join(DEVICES)}.")

    from core.art.safety import DEFAULT_SAFETY_CHECKER

    checker = env.get("GENLAB_ART_SAFETY_CHECKER", "").strip() or DEFAULT_SAFETY_CHECKER
    if checker.lower() == "off":
        checker = None
    elif not (_HUB_ID.match(checker) or Path(checker).expanduser().is_dir()):
        raise SettingsError(f"GENLAB_ART_SAFETY_CHECKER={checker!r} must be a Hub model id, a folder holding the "
                            f"checker, or off.")

    from core.provenance.content_credentials import trust_anchors

    try:
        trust_anchors(env)
    except ValueError as error:
        raise SettingsError(str(error)) from error

    return Settings(
        profile=profile_name,
        profile_description=str(profile.get("description", "")),
        tabs=tabs,
        data_dir=data_dir,
        port=int(port_text),
        device_preference=device,
        overridden_tabs=tuple(sorted(overridden)),
        art_safety_checker=checker,
    )


def default_data_dir(env, persistent_volume: Path = Path("/data")) -> Path:
    """./data, or on a Hugging Face Space with persistent storage its /data volume, so state survives restarts."""
    if env.get("SPACE_ID") and persistent_volume.is_dir() and os.access(persistent_volume, os.W_OK):
        return persistent_volume / "genlab"
    return Path("data")


_settings: Settings | None = None
_settings_lock = threading.Lock()


def get_settings() -> Settings:
    """The process-wide settings, read once."""
    global _settings
    with _settings_lock:
        if _settings is None:
            _settings = load_settings()
        return _settings


def reset_settings() -> None:
    """Forget the cached settings and compute choice (tests change the environment)."""
    global _settings
    with _settings_lock:
        _settings = None
    compute.cache_clear()


@functools.lru_cache(maxsize=1)
def compute() -> Compute:
    """Choose device and dtype once: CUDA fp16 when available (and allowed), else CPU fp32."""
    preference = get_settings().device_preference
    import torch

    cuda = torch.cuda.is_available()
    if preference == "cuda" and not cuda:
        raise SettingsError("GENLAB_DEVICE=cuda, but no CUDA GPU is visible to PyTorch. Use auto or cpu.")
    if cuda and preference != "cpu":
        return Compute("cuda", "float16", f"CUDA GPU ({torch.cuda.get_device_name(0)}), half precision")
    threads = torch.get_num_threads()
    return Compute("cpu", "float32", f"CPU ({threads} threads), full precision")

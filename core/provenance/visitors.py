"""Who made each audit row, as an opaque id, and who may read its content.

A row records the browser session it was made in as `visitor_id(session)`: an HMAC-SHA256 of the
session (keyed by `secret("visitor")`), never the session itself, so the store cannot be used to join
a row to a live session and one visitor's rows cannot be picked out without the key.

The session of the work in progress comes from a context variable, which follows the work into the
threads it hands work to (`contextvars.copy_context`, as `core.torch_thread` and anyio do):

    with for_session(session_hash):        # explicit, e.g. a script or a test
        recorder.record_output(...)

The app registers a finder once (`use_session_finder`) that reads the session of the Gradio event
being served, so every event handler is covered without passing the session down by hand.

Reading the log: `visible_log(log, Viewer(visitor, admin))` keeps the columns anyone may see and
the content (the settings and prompts in `parameters`) only of the viewer's own rows, or of every
row for an operator; everything a search looks at should come from it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PUBLIC_COLUMNS = ["created_at", "tab", "backend", "model_id", "watermark", "content_credentials", "energy_joules",
                  "duration_s", "id"]
CONTENT_COLUMNS = ["parameters"]
MADE_BY = {"own": "you (this session)", "other": "another session", "unknown": "no session recorded"}

_session: ContextVar[str | None] = ContextVar("genlab_session", default=None)
_session_finder: Callable[[], str | None] | None = None


def visitor_id(session: str, data_dir: str | Path | None = None) -> str:
    """The opaque id stored for a browser session: HMAC-SHA256(secret("visitor"), session), 32 hex digits."""
    from core.secrets import secret

    return hmac.new(secret("visitor", data_dir), session.encode(), hashlib.sha256).hexdigest()[:32]


def use_session_finder(finder: Callable[[], str | None] | None) -> None:
    """Register how to find the session of the work in progress when none was set with `for_session`."""
    global _session_finder
    _session_finder = finder


@contextmanager
def for_session(session: str | None) -> Iterator[None]:
    """Attribute what is recorded inside the block to the browser session `session` (None: to no one)."""
    token = _session.set(session)
    try:
        yield
    finally:
        _session.reset(token)


def current_session() -> str | None:
    """The browser session the work in progress is for, or None (a script, a caller without a session)."""
    session = _session.get()
    if session is None and _session_finder is not None:
        session = _session_finder()
    return session or None


def current_visitor(data_dir: str | Path | None = None) -> str | None:
    session = current_session()
    return visitor_id(session, data_dir) if session else None


@dataclass(frozen=True)
class Viewer:
    """Who is reading the log: the opaque id of their browser session (None without one), and whether
    they proved to be the operator."""

    visitor: str | None = None
    admin: bool = False


def visible_log(log: pd.DataFrame, viewer: Viewer) -> pd.DataFrame:
    """The audit rows as `viewer` may see them: the public columns, who made each row relative to the
    viewer ("made_by"), and "parameters" as JSON text for the viewer's own rows (every row for an
    operator, who also gets the opaque "visitor" column); other rows' parameters are empty."""
    import pandas as pd

    visitors = log["visitor"] if "visitor" in log else pd.Series([None] * len(log), index=log.index, dtype=object)
    known = visitors.notna()
    own = known & (visitors == viewer.visitor) if viewer.visitor else pd.Series(False, index=log.index)
    shown = log.reindex(columns=PUBLIC_COLUMNS).copy()
    shown["made_by"] = [MADE_BY["own"] if mine else MADE_BY["other"] if seen else MADE_BY["unknown"]
                        for mine, seen in zip(own, known)]
    may_read = pd.Series(True, index=log.index) if viewer.admin else own
    parameters = log["parameters"] if "parameters" in log else pd.Series([""] * len(log), index=log.index)
    shown["parameters"] = [_as_text(value) if allowed else "" for value, allowed in zip(parameters, may_read)]
    if viewer.admin:
        shown["visitor"] = visitors.fillna("").to_numpy()
    return shown


def _as_text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, sort_keys=True, default=str)


def is_admin_token(token: str | None, data_dir: str | Path | None = None) -> bool:
    """Whether `token` is the operator's admin token (GENLAB_ADMIN_TOKEN, or the one made in the data folder)."""
    from core.secrets import secret_text

    if not token or not token.strip():
        return False
    return hmac.compare_digest(token.strip().encode(), secret_text("admin-token", data_dir).encode())

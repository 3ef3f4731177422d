"""The audit store: one row per generation, safe from many threads.

    store = open_audit_store(data_dir)   # PostgreSQL when GENLAB_DATABASE_URL is set, else SQLite in data_dir

SQLite (a file in the data folder, WAL mode) is the default; replicas that must share one log use
PostgreSQL (core.provenance.postgres_store). Both hold the same schema, brought up to date by the same
`MIGRATIONS`: `MIGRATIONS[i]` takes a store from version i to i + 1, so an old store is upgraded in
place when it is opened. Every query below is written once, in the SQL both understand.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

MIGRATIONS: list[str] = [
    # 0 -> 1: the generations table.
    """
    CREATE TABLE generations (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        tab TEXT NOT NULL,
        backend TEXT NOT NULL,
        model_id TEXT NOT NULL,
        parameters TEXT NOT NULL,
        output_sha256 TEXT NOT NULL,
        watermark TEXT,
        energy_joules REAL,
        duration_s REAL
    );
    CREATE INDEX generations_created_at ON generations (created_at);
    CREATE INDEX generations_tab ON generations (tab);
    CREATE UNIQUE INDEX generations_watermark ON generations (watermark) WHERE watermark IS NOT NULL;
    """,
    # 1 -> 2: how the energy was measured and what it ran on, so figures can be compared fairly.
    """
    ALTER TABLE generations ADD COLUMN energy_method TEXT;
    ALTER TABLE generations ADD COLUMN hardware TEXT;
    """,
    # 2 -> 3: whether the output carries signed Content Credentials, for the transparency log.
    """
    ALTER TABLE generations ADD COLUMN content_credentials TEXT;
    """,
    # 3 -> 4: which browser session made the row, as an opaque id (core.provenance.visitors), so that a
    # visitor sees the content of their own rows only. Rows from before stay NULL: no one's but the operator's.
    """
    ALTER TABLE generations ADD COLUMN visitor TEXT;
    CREATE INDEX generations_visitor ON generations (visitor);
    """,
    # 4 -> 5: a picture's keyed watermark carries a locator, not the record id (core.provenance.watermark), and
    # the row keeps perceptual hashes of the picture (core.provenance.fingerprint), so that a mark copied onto
    # another picture is told apart from ours. Pictures from before keep NULL: their marks prove nothing.
    """
    ALTER TABLE generations ADD COLUMN mark_locator TEXT;
    ALTER TABLE generations ADD COLUMN fingerprint TEXT;
    CREATE UNIQUE INDEX generations_mark_locator ON generations (mark_locator) WHERE mark_locator IS NOT NULL;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
RECORD_ID_BYTES = 5  # 40 bits


def new_record_id() -> str:
    """A random record id (10 hex digits)."""
    return secrets.token_hex(RECORD_ID_BYTES)


@dataclass
class AuditRecord:
    """One generation: what made it, with which settings, and what it cost."""

    tab: str
    backend: str
    model_id: str
    parameters: dict
    output_sha256: str
    watermark: str | None = None
    energy_joules: float | None = None
    duration_s: float | None = None
    energy_method: str | None = None
    hardware: str | None = None
    content_credentials: str | None = None
    visitor: str | None = None  # HMAC of the browser session it was made in; None without one
    mark_locator: str | None = None  # a picture's watermark locator (8 hex digits), found by the keyed mark
    fingerprint: str | None = None  # a picture's perceptual hashes (core.provenance.fingerprint)
    id: str = field(default_factory=new_record_id)
    created_at: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="milliseconds"))


_COLUMNS = [name for name in AuditRecord.__dataclass_fields__]


class StoreVersionError(RuntimeError):
    pass


class RecordTaken(Exception):
    """A record with that id, watermark or locator is already in the store."""


def newer_store_error(where: str, version: int) -> StoreVersionError:
    return StoreVersionError(
        f"The audit store {where} was written by a newer Genlab (schema {version}, this one knows "
        f"{SCHEMA_VERSION}). Update Genlab or point GENLAB_DATA_DIR (or GENLAB_DATABASE_URL) elsewhere.")


class AuditStore(ABC):
    """The queries of the audit store; a subclass says how to reach its database (`_rows`, `_write`, and how it
    keeps its schema version and lists its columns): SQLiteAuditStore below, PostgresAuditStore in
    core.provenance.postgres_store.

    `location` says where the records are, in words; `data_dir` is the folder of this app's own secrets."""

    location: str
    data_dir: Path | None

    @abstractmethod
    def _rows(self, query: str, arguments=()) -> list[dict]:
        """The rows `query` returns, each a dict by column name."""

    @abstractmethod
    def _write(self, query: str, arguments=()) -> None:
        """Run one write; raises RecordTaken when a unique id, watermark or locator is taken."""

    @property
    @abstractmethod
    def schema_version(self) -> int:
        """How many of MIGRATIONS the database has had."""

    @abstractmethod
    def columns(self) -> list[str]:
        """The columns the store's table has, as the database reports them."""

    def close(self) -> None:
        pass

    def _one(self, query: str, arguments=()) -> dict | None:
        rows = self._rows(query, arguments)
        return rows[0] if rows else None

    def add(self, record: AuditRecord) -> AuditRecord:
        """Write one record; raises RecordTaken if its id, watermark or locator is taken."""
        values = asdict(record)
        values["parameters"] = json.dumps(record.parameters, sort_keys=True, default=str)
        parameter_marks = ", ".join("?" for _ in _COLUMNS)
        self._write(f"INSERT INTO generations ({', '.join(_COLUMNS)}) VALUES ({parameter_marks})",
                    [values[name] for name in _COLUMNS])
        return record

    def id_is_free(self, record_id: str) -> bool:
        return self._one("SELECT 1 FROM generations WHERE id = ? OR watermark = ?", (record_id, record_id)) is None

    def get(self, record_id: str) -> AuditRecord | None:
        row = self._one("SELECT * FROM generations WHERE id = ?", (record_id,))
        return _to_record(row) if row else None

    def locator_is_free(self, locator: str) -> bool:
        return self._one("SELECT 1 FROM generations WHERE mark_locator = ?", (locator,)) is None

    def find_by_locator(self, locator: str) -> AuditRecord | None:
        """The picture whose keyed watermark carries `locator` (core.provenance.watermark)."""
        row = self._one("SELECT * FROM generations WHERE mark_locator = ?", (locator,))
        return _to_record(row) if row else None

    def find_by_watermark(self, payload: str) -> AuditRecord | None:
        row = self._one("SELECT * FROM generations WHERE watermark = ?", (payload,))
        return _to_record(row) if row else None

    def recent(self, limit: int = 100, tab: str | None = None) -> list[AuditRecord]:
        query, arguments = "SELECT * FROM generations", []
        if tab:
            query += " WHERE tab = ?"
            arguments.append(tab)
        query += " ORDER BY created_at DESC, rowid DESC LIMIT ?"
        arguments.append(limit)
        return [_to_record(row) for row in self._rows(query, arguments)]

    def count(self, tab: str | None = None) -> int:
        if tab:
            return self._one("SELECT COUNT(*) AS n FROM generations WHERE tab = ?", (tab,))["n"]
        return self._one("SELECT COUNT(*) AS n FROM generations")["n"]

    def to_frame(self, limit: int = 100_000):
        """The newest `limit` records as a pandas DataFrame (parameters as JSON text), newest first."""
        import pandas as pd

        rows = self._rows("SELECT * FROM generations ORDER BY created_at DESC, rowid DESC LIMIT ?", (limit,))
        return pd.DataFrame(rows, columns=_COLUMNS)


def database_url() -> str:
    """GENLAB_DATABASE_URL, the PostgreSQL database replicas share; empty for the SQLite store in the data folder."""
    return os.environ.get("GENLAB_DATABASE_URL", "").strip()


def open_audit_store(data_dir: str | Path) -> AuditStore:
    """PostgreSQL at GENLAB_DATABASE_URL when it is set (replicas share it), else SQLite at data_dir/audit.db."""
    url = database_url()
    if url:
        from core.provenance.postgres_store import PostgresAuditStore

        return PostgresAuditStore(url, data_dir=Path(data_dir))
    return SQLiteAuditStore(Path(data_dir) / "audit.db")


class SQLiteAuditStore(AuditStore):
    """SQLite audit store at `path`; one connection per thread, writes serialised in-process."""

    def __init__(self, path: str | Path):
        from core.secrets import private_folder

        self.path = Path(path)
        self.location = str(self.path)
        self.data_dir = self.path.parent
        private_folder(self.path.parent)
        if not self.path.exists():  # SQLite gives its -wal and -shm files the database file's mode
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.path.chmod(0o600)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._migrate()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA busy_timeout = 30000")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return connection

    def _migrate(self) -> None:
        connection = self._connection()
        with self._write_lock:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise newer_store_error(str(self.path), version)
            for target in range(version, SCHEMA_VERSION):
                connection.executescript(
                    f"BEGIN IMMEDIATE; {MIGRATIONS[target]} PRAGMA user_version = {target + 1}; COMMIT;"
                )

    @property
    def schema_version(self) -> int:
        return self._connection().execute("PRAGMA user_version").fetchone()[0]

    def columns(self) -> list[str]:
        """The columns the store's table has, as the database reports them."""
        return [row["name"] for row in self._connection().execute("PRAGMA table_info(generations)")]

    def _rows(self, query: str, arguments=()) -> list[dict]:
        return [dict(row) for row in self._connection().execute(query, arguments)]

    def _write(self, query: str, arguments=()) -> None:
        with self._write_lock:
            try:
                self._connection().execute(query, arguments)
            except sqlite3.IntegrityError as error:
                raise RecordTaken(str(error)) from error

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


def _to_record(row: dict) -> AuditRecord:
    values = {name: row[name] for name in _COLUMNS}
    values["parameters"] = json.loads(values["parameters"])
    return AuditRecord(**values)

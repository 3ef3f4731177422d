"""The audit store on PostgreSQL, for replicas that share one log (GENLAB_DATABASE_URL, see docs/deploy.md).

Same table, same migrations and same queries as the SQLite store (core.provenance.store); what differs is
said here: SQLite's implicit `rowid` (the order rows were written in) is an explicit identity column, SQLite's
REAL is PostgreSQL's DOUBLE PRECISION, the schema version lives in a one-row table instead of
`PRAGMA user_version`, and replicas starting at once take turns migrating under an advisory lock.
Connections come from a psycopg pool, so many threads of one replica share a few connections.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.provenance.store import MIGRATIONS, SCHEMA_VERSION, AuditStore, RecordTaken, newer_store_error

MIGRATION_LOCK = 7_311_020  # any constant: the advisory lock replicas take while they migrate
POOL_SIZE = 8


def postgres_migration(sqlite_migration: str, version: int) -> str:
    """A migration of MIGRATIONS in PostgreSQL's words."""
    text = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sqlite_migration)
    if version == 0:
        text = text.replace("CREATE TABLE generations (",
                            "CREATE TABLE generations (\n        rowid BIGINT GENERATED ALWAYS AS IDENTITY,", 1)
    return text


def describe_url(url: str) -> str:
    """Where a PostgreSQL URL points, in words, without its password."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    host = parts.get("host") or "localhost"
    where = f"{host}:{parts['port']}" if parts.get("port") else host
    return f"PostgreSQL database {parts.get('dbname') or parts.get('user') or 'postgres'} on {where}"


class PostgresAuditStore(AuditStore):
    """The audit store in the PostgreSQL database at `url` (a postgresql:// URL or a libpq connection string)."""

    def __init__(self, url: str, data_dir: Path | None = None, pool_size: int = POOL_SIZE,
                 connect_timeout: float = 30.0):
        try:
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
        except ImportError as error:
            raise RuntimeError("GENLAB_DATABASE_URL is set but psycopg is not installed: "
                               "pip install -r requirements-scale.txt.") from error

        self.location = describe_url(url)
        self.data_dir = data_dir
        self._pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=False, name="genlab-audit",
                                    kwargs={"autocommit": True, "row_factory": dict_row})
        try:
            self._pool.open(wait=True, timeout=connect_timeout)
        except Exception as error:
            self._pool.close()
            raise RuntimeError(f"Cannot reach the audit store's database ({self.location}): {error}. "
                               "Check GENLAB_DATABASE_URL and that the server is running.") from error
        self._migrate()

    def _migrate(self) -> None:
        with self._pool.connection() as connection, connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute("CREATE TABLE IF NOT EXISTS genlab_schema (version INTEGER NOT NULL)")
            row = connection.execute("SELECT version FROM genlab_schema").fetchone()
            version = row["version"] if row else 0
            if row is None:
                connection.execute("INSERT INTO genlab_schema (version) VALUES (0)")
            if version > SCHEMA_VERSION:
                raise newer_store_error(self.location, version)
            for target in range(version, SCHEMA_VERSION):
                connection.execute(postgres_migration(MIGRATIONS[target], target))
                connection.execute("UPDATE genlab_schema SET version = %s", (target + 1,))

    @property
    def schema_version(self) -> int:
        return self._one("SELECT version FROM genlab_schema")["version"]

    def columns(self) -> list[str]:
        rows = self._rows("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                          "AND table_name = 'generations' AND column_name <> 'rowid' ORDER BY ordinal_position")
        return [row["column_name"] for row in rows]

    def _rows(self, query: str, arguments=()) -> list[dict]:
        with self._pool.connection() as connection:
            return connection.execute(query.replace("?", "%s"), list(arguments)).fetchall()

    def _write(self, query: str, arguments=()) -> None:
        import psycopg

        with self._pool.connection() as connection:
            try:
                connection.execute(query.replace("?", "%s"), list(arguments))
            except psycopg.errors.UniqueViolation as error:
                raise RecordTaken(str(error)) from error

    def close(self) -> None:
        self._pool.close()

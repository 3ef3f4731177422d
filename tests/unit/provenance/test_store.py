import sqlite3
import threading

import pytest

from core.provenance.store import (MIGRATIONS, SCHEMA_VERSION, AuditRecord, RecordTaken, SQLiteAuditStore,
                                   StoreVersionError)


def make_record(**overrides) -> AuditRecord:
    values = dict(tab="art", backend="embedded", model_id="m", parameters={"prompt": "a lake", "steps": 4},
                  output_sha256="ab" * 32, energy_joules=1.5, duration_s=0.2)
    values.update(overrides)
    return AuditRecord(**values)


def test_a_record_round_trips_with_its_parameters(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    record = store.add(make_record(watermark="0011223344"))
    back = store.get(record.id)
    assert back == record
    assert store.find_by_watermark("0011223344").id == record.id
    assert store.recent(tab="art")[0].id == record.id and store.count() == 1


def test_the_store_is_in_wal_mode_at_the_current_schema(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    assert store.schema_version == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "audit.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def write_from_threads(store, threads: int = 50, per_thread: int = 20) -> list[str]:
    """Many threads adding records to `store` at once; the ids written (raises what any thread raised)."""
    written, errors = [], []

    def write(thread):
        try:
            for index in range(per_thread):
                written.append(store.add(make_record(tab=f"tab{thread % 5}", parameters={"i": index})).id)
        except Exception as error:  # pragma: no cover - raised below
            errors.append(error)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return written


def test_fifty_threads_writing_at_once_lose_nothing(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    written = write_from_threads(store)
    assert store.count() == len(written) == 1000
    fresh = SQLiteAuditStore(tmp_path / "audit.db")
    assert {record.id for record in fresh.recent(limit=2000)} == set(written)


def test_an_old_store_is_migrated_in_place_keeping_its_rows(tmp_path):
    path = tmp_path / "audit.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
        connection.execute(
            "INSERT INTO generations (id, created_at, tab, backend, model_id, parameters, output_sha256) "
            "VALUES ('00000000aa', '2026-01-01T00:00:00+00:00', 'art', 'embedded', 'm', '{}', 'x')"
        )
    store = SQLiteAuditStore(path)
    assert store.schema_version == SCHEMA_VERSION
    old = store.get("00000000aa")
    assert old.tab == "art" and old.energy_method is None


def test_a_store_from_a_newer_version_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "audit.db"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreVersionError, match="newer Genlab"):
        SQLiteAuditStore(path)


def test_a_watermark_cannot_point_at_two_records(tmp_path):
    store = SQLiteAuditStore(tmp_path / "audit.db")
    store.add(make_record(watermark="0011223344"))
    with pytest.raises(RecordTaken):
        store.add(make_record(watermark="0011223344"))


def store_at_version(path, version: int, row_sql: str):
    """An audit store as an older Genlab left it: the first `version` migrations and one row."""
    with sqlite3.connect(path) as connection:
        connection.executescript("".join(MIGRATIONS[:version]) + f"PRAGMA user_version = {version};")
        connection.execute(row_sql)
    return path


def test_a_store_at_schema_3_gains_the_visitor_column_and_keeps_its_rows_without_one(tmp_path):
    path = store_at_version(tmp_path / "audit.db", 3,
                            "INSERT INTO generations (id, created_at, tab, backend, model_id, parameters, "
                            "output_sha256) VALUES ('00000000bb', '2026-01-01T00:00:00+00:00', 'writing', "
                            "'embedded', 'poet', '{\"prompt\": \"x\"}', 'y')")
    store = SQLiteAuditStore(path)
    assert store.schema_version == SCHEMA_VERSION >= 4
    assert store.get("00000000bb").visitor is None
    mine = store.add(make_record(visitor="ab" * 16))
    assert store.get(mine.id).visitor == "ab" * 16 and store.to_frame()["visitor"].tolist() == ["ab" * 16, None]
    with sqlite3.connect(path) as connection:
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(generations)")}
    assert "generations_visitor" in indexes


def test_a_store_at_schema_4_gains_the_mark_locator_and_fingerprint_and_a_locator_names_one_record(tmp_path):
    path = store_at_version(tmp_path / "audit.db", 4,
                            "INSERT INTO generations (id, created_at, tab, backend, model_id, parameters, "
                            "output_sha256, watermark) VALUES ('00000000cc', '2026-01-01T00:00:00+00:00', 'art', "
                            "'embedded', 'm', '{}', 'y', '00000000cc')")
    store = SQLiteAuditStore(path)
    assert store.schema_version == SCHEMA_VERSION >= 5
    old = store.get("00000000cc")
    assert old.mark_locator is None and old.fingerprint is None  # an old picture's mark proves nothing
    mine = store.add(make_record(mark_locator="89abcdef", fingerprint="0123456789abcdef"))
    assert store.find_by_locator("89abcdef") == mine and not store.locator_is_free("89abcdef")
    assert store.find_by_locator("00000000") is None and store.locator_is_free("00000000")
    with pytest.raises(RecordTaken):
        store.add(make_record(mark_locator="89abcdef"))

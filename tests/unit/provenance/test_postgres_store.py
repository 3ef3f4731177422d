"""The audit store on a real PostgreSQL server (tests/postgres_server.py): the same behaviour as on SQLite."""

import threading

import pytest

from core.provenance.postgres_store import PostgresAuditStore, describe_url, postgres_migration
from core.provenance.store import MIGRATIONS, SCHEMA_VERSION, RecordTaken, StoreVersionError, open_audit_store
from tests.unit.provenance.test_store import make_record, write_from_threads


def test_a_record_round_trips_and_is_found_by_its_watermark_and_locator(postgres_url, tmp_path):
    store = PostgresAuditStore(postgres_url, data_dir=tmp_path)
    record = store.add(make_record(watermark="0011223344", mark_locator="89abcdef", fingerprint="00ff" * 4,
                                   energy_joules=1.234567891234))
    assert store.get(record.id) == record  # energy keeps every digit (DOUBLE PRECISION, not REAL)
    assert store.find_by_watermark("0011223344") == record and store.find_by_locator("89abcdef") == record
    assert not store.id_is_free(record.id) and not store.locator_is_free("89abcdef") and store.id_is_free("ffffffffff")
    assert store.schema_version == SCHEMA_VERSION and store.count() == store.count("art") == 1
    assert sorted(store.columns()) == sorted(make_record().__dataclass_fields__)
    with pytest.raises(RecordTaken):
        store.add(make_record(watermark="0011223344"))
    with pytest.raises(RecordTaken):
        store.add(make_record(mark_locator="89abcdef"))


def test_newest_first_in_the_order_they_were_written_even_within_one_millisecond(postgres_url):
    store = PostgresAuditStore(postgres_url)
    written = [store.add(make_record(created_at="2026-12-04T10:00:00.000+00:00", tab=f"t{n % 2}")).id
               for n in range(6)]
    assert [r.id for r in store.recent(limit=10)] == written[::-1]
    assert [r.id for r in store.recent(limit=10, tab="t0")] == written[::2][::-1]
    assert store.to_frame()["id"].tolist() == written[::-1]


def test_fifty_threads_writing_at_once_lose_nothing(postgres_url):
    written = write_from_threads(PostgresAuditStore(postgres_url), per_thread=10)
    assert PostgresAuditStore(postgres_url).count() == len(written) == 500


def test_replicas_opening_one_new_database_at_once_migrate_it_once(postgres_url):
    stores, errors = [], []

    def open_store():
        try:
            stores.append(PostgresAuditStore(postgres_url, pool_size=2))
        except Exception as error:  # pragma: no cover - the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(stores) == 6
    record = stores[0].add(make_record())
    assert all(store.get(record.id) == record for store in stores)


def test_an_old_database_is_migrated_in_place_keeping_its_rows(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for version in range(3):
            connection.execute(postgres_migration(MIGRATIONS[version], version))
        connection.execute("CREATE TABLE genlab_schema (version INTEGER NOT NULL); INSERT INTO genlab_schema VALUES (3)")
        connection.execute("INSERT INTO generations (id, created_at, tab, backend, model_id, parameters, "
                           "output_sha256) VALUES ('00000000bb', '2026-01-01T00:00:00+00:00', 'writing', "
                           "'embedded', 'poet', '{}', 'y')")
    store = PostgresAuditStore(postgres_url)
    assert store.schema_version == SCHEMA_VERSION
    assert store.get("00000000bb").visitor is None and store.get("00000000bb").mark_locator is None


def test_a_database_from_a_newer_version_is_refused_with_a_clear_message(postgres_url):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"CREATE TABLE genlab_schema (version INTEGER NOT NULL); "
                           f"INSERT INTO genlab_schema VALUES ({SCHEMA_VERSION + 1})")
    with pytest.raises(StoreVersionError, match="newer Genlab"):
        PostgresAuditStore(postgres_url)


def test_the_database_url_chooses_postgres_and_its_description_hides_the_password(postgres_url, monkeypatch,
                                                                                  tmp_path):
    monkeypatch.setenv("GENLAB_DATABASE_URL", postgres_url)
    store = open_audit_store(tmp_path)
    assert isinstance(store, PostgresAuditStore) and store.data_dir == tmp_path
    assert store.location.startswith("PostgreSQL database test_") and "127.0.0.1" in store.location
    assert describe_url("postgresql://app:hunter2@db.internal:5433/genlab") == \
        "PostgreSQL database genlab on db.internal:5433"
    monkeypatch.delenv("GENLAB_DATABASE_URL")
    assert open_audit_store(tmp_path).location == str(tmp_path / "audit.db")


def test_an_unreachable_database_says_what_to_check():
    with pytest.raises(RuntimeError, match="Check GENLAB_DATABASE_URL"):
        PostgresAuditStore("postgresql://genlab@127.0.0.1:9/genlab", pool_size=1, connect_timeout=2)

import os
import stat
import threading

from core import secrets
from core.settings import default_data_dir, load_settings


def test_a_secret_is_made_once_owner_only_and_survives_a_restart(tmp_path, monkeypatch):
    monkeypatch.delenv("GENLAB_PSEUDONYM_KEY", raising=False)
    first = secrets.secret("pseudonym", tmp_path)
    assert len(first) == 64 and first == secrets.secret("pseudonym", tmp_path)
    path = tmp_path / "secrets" / "pseudonym"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert secrets.secret("pseudonym", tmp_path) == path.read_bytes()  # a new process reads the same file


def test_the_environment_variable_wins_so_replicas_can_share_a_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_ADMIN_TOKEN", "shared-by-every-replica")
    assert secrets.secret_text("admin-token", tmp_path) == "shared-by-every-replica"
    assert not (tmp_path / "secrets" / "admin-token").exists()
    assert "GENLAB_ADMIN_TOKEN" in secrets.secret_source("admin-token")


def test_threads_racing_to_make_a_secret_all_get_the_same_one(tmp_path, monkeypatch):
    monkeypatch.delenv("GENLAB_VISITOR_KEY", raising=False)
    found = []
    threads = [threading.Thread(target=lambda: found.append(secrets.secret("visitor", tmp_path))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(found)) == 1
    assert [p.name for p in (tmp_path / "secrets").iterdir()] == ["visitor"]  # no temporary files left


def test_write_private_replaces_whole_files_owner_only(tmp_path):
    path = secrets.write_private(tmp_path / "deep" / "key.pem", b"one")
    secrets.write_private(path, b"two")
    assert path.read_bytes() == b"two" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["key.pem"]


def test_a_space_with_persistent_storage_keeps_its_data_in_the_volume(tmp_path):
    volume = tmp_path / "volume"
    volume.mkdir()
    assert default_data_dir({"SPACE_ID": "someone/genlab"}, volume) == volume / "genlab"
    assert str(default_data_dir({"SPACE_ID": "someone/genlab"}, tmp_path / "absent")) == "data"
    assert str(default_data_dir({}, volume)) == "data"


def test_the_data_folder_and_audit_store_are_owner_only(tmp_path):
    from core.provenance.store import SQLiteAuditStore

    settings = load_settings({"GENLAB_DATA_DIR": str(tmp_path / "genlab-data")})
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    store = SQLiteAuditStore(settings.data_dir / "audit.db")
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600

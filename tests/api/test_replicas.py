"""Two replicas of the app on one PostgreSQL audit store, as docs/deploy.md sets them up: a picture made on one
is verified on the other, and both audit logs show it."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gradio_client import Client, handle_file

from apps.art import available as art_available
from tests.status_lines import record_id

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not art_available(), reason="the art model's weights are not on this machine")


def start_replica(port: int, data_dir: Path, shared: dict[str, str]) -> subprocess.Popen:
    environment = {**os.environ, **shared, "GENLAB_DATA_DIR": str(data_dir), "GENLAB_PORT": str(port)}
    return subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=environment,
                            stdout=subprocess.DEVNULL, stderr=open(data_dir / "replica.log", "wb"))


def client_when_up(port: int, process: subprocess.Popen, log: Path, seconds: float = 240) -> Client:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return Client(f"http://127.0.0.1:{port}/", verbose=False)
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("a replica did not start: " + log.read_text()[-3000:])
            time.sleep(1)


@pytest.fixture(scope="module")
def two_replicas(postgres_server, tmp_path_factory):
    from tests.conftest import free_port

    # What every replica must share (docs/deploy.md): the database and the secrets.
    shared = {"GENLAB_DATABASE_URL": postgres_server.new_database("replicas"),
              "GENLAB_IMAGE_WATERMARK_KEY": secrets.token_hex(32), "GENLAB_TEXT_WATERMARK_KEY": secrets.token_hex(32),
              "GENLAB_VISITOR_KEY": secrets.token_hex(32), "GENLAB_PSEUDONYM_KEY": secrets.token_hex(32),
              "GENLAB_ADMIN_TOKEN": secrets.token_hex(16)}
    replicas = []
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(f"replica-{name}")
        port = free_port()
        replicas.append((port, start_replica(port, folder, shared), folder / "replica.log"))
    try:
        yield [client_when_up(port, process, log) for port, process, log in replicas]
    finally:
        for _, process, _ in replicas:
            process.terminate()
            process.wait(30)


def test_a_picture_made_on_one_replica_is_verified_on_the_other_and_both_logs_show_it(two_replicas, tmp_path):
    first, second = two_replicas
    _, gallery, status = first.predict(prompt="a castle by a lake at dusk", seed=7, steps=4, api_name="/generate_image")
    made = record_id(status)
    report = second.predict(handle_file(gallery[0]["image"]), api_name="/check_image")[0]
    genlab = next(mark for mark in report["watermarks"] if mark["name"] == "Genlab")
    assert genlab["found"] and made in genlab["detail"], genlab
    for replica in (first, second):
        rows, _, _, _ = replica.predict(tab="art", text="", since="", api_name="/audit_log")
        record_column = rows["headers"].index("record")
        assert made in {row[record_column] for row in rows["data"]}
        assert replica.predict(api_name="/suite_info")["generations_recorded"] >= 1

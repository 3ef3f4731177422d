"""A real PostgreSQL server on loopback for the tests, made with initdb in a temporary folder.

PostgreSQL refuses to run as root, and CI runs as root, so there the server runs as the unprivileged
`postgres` user that Debian's package creates (through `runuser`); as any other user it runs as that user.
`make test` installs Debian's `postgresql` package when initdb is missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DATABASE = "genlab"
USER = "genlab"


def postgres_binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql package.")


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresServer:
    """`PostgresServer().start()` runs a fresh cluster on a free loopback port; `url` reaches its database."""

    def __init__(self, port: int):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="genlab-postgres-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def start(self) -> "PostgresServer":
        binaries = postgres_binaries()
        data, sockets = self.folder / "data", self.folder / "sockets"
        sockets.mkdir()
        if os.geteuid() == 0:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "postgres")
            shutil.chown(sockets, "postgres")
        subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust",
                                        "--encoding=UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        self.process = subprocess.Popen(
            _as_server_user([str(binaries / "postgres"), "-D", str(data), "-p", str(self.port),
                             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={sockets}",
                             "-c", "fsync=off", "-c", "max_connections=200"]),
            stdout=subprocess.DEVNULL, stderr=open(self.folder / "server.log", "wb"))
        deadline = time.monotonic() + 60
        while subprocess.run([str(binaries / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                             capture_output=True).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not start: " + (self.folder / "server.log").read_text()[-2000:])
            time.sleep(0.2)
        subprocess.run([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, DATABASE],
                       check=True, capture_output=True)
        return self

    def new_database(self, name: str) -> str:
        """A fresh empty database on this server; returns its URL."""
        subprocess.run([str(postgres_binaries() / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER,
                        name], check=True, capture_output=True)
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    from tests.conftest import free_port

    server = PostgresServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server, request):
    """A fresh empty database on the session's server, for one test."""
    name = "test_" + format(abs(hash(request.node.nodeid)) % 10**12, "d") + "_" + format(time.monotonic_ns(), "x")
    return postgres_server.new_database(name)

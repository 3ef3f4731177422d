"""A real local Ray head for the tests (`ray start --head`, dashboard off), as docs/deploy.md starts one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

RAY = str(Path(sys.executable).parent / "ray")


def ray_environment() -> dict[str, str]:
    return {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}


def start_ray_head(port: int, cpus: int = 2) -> tuple[str, str]:
    """A Ray head on loopback (dashboard off); returns its address and its temporary folder."""
    folder = tempfile.mkdtemp(prefix="genlab-ray-")
    subprocess.run([RAY, "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1", f"--num-cpus={cpus}",
                    "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={folder}"],
                   check=True, capture_output=True, env=ray_environment(), timeout=120)
    return f"127.0.0.1:{port}", folder


def stop_ray_head(folder: str) -> None:
    try:
        import ray

        ray.shutdown()
    finally:
        subprocess.run([RAY, "stop", "--force"], capture_output=True, env=ray_environment(), timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def ray_address():
    """host:port of a two-CPU Ray head on loopback, stopped when the session ends."""
    from tests.conftest import free_port

    address, folder = start_ray_head(free_port())
    yield address
    stop_ray_head(folder)


@pytest.fixture
def jobs_on_ray(ray_address, monkeypatch):
    """core.jobs runs this test's jobs on the Ray head (GENLAB_RAY_ADDRESS, as a deployment sets it)."""
    monkeypatch.setenv("GENLAB_RAY_ADDRESS", ray_address)
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.delenv("GENLAB_JOBS", raising=False)
    yield ray_address

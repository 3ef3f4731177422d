"""Suite-wide test set-up: offline, no analytics, a private data dir, and a guard that allows only loopback."""

import os
import tempfile

# Before anything imports huggingface_hub or gradio.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["GENLAB_DATA_DIR"] = tempfile.mkdtemp(prefix="genlab-test-data-")
for _name in [name for name in os.environ if name.startswith("GENLAB_") and name != "GENLAB_DATA_DIR"]:
    del os.environ[_name]
# One text watermark key for every run, so watermarked test texts are the same from run to run.
os.environ["GENLAB_TEXT_WATERMARK_KEY"] = "15485863"

import socket  # noqa: E402

import pytest  # noqa: E402

from tests.network_guard import GUARD as NETWORK_GUARD  # noqa: E402


NETWORK_GUARD.install()

pytest_plugins = ["tests.text_models", "tests.art_models", "tests.molecule_models", "tests.lab_models",
                  "tests.postgres_server", "tests.ray_cluster"]


@pytest.fixture(autouse=True)
def no_network_access():
    """Fail any test during which code tried to reach an address outside this machine."""
    before = len(NETWORK_GUARD.blocked)
    yield
    attempts = NETWORK_GUARD.blocked[before:]
    assert not attempts, f"The test tried to reach the network: {attempts}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """The whole suite, launched in this process on a free loopback port."""
    from app import build_app
    from apps.ui import launch_options, prepare

    suite = prepare(build_app())
    options = launch_options(port=free_port())
    options["server_name"] = "127.0.0.1"
    _, url, _ = suite.launch(prevent_thread_lock=True, quiet=True, **options)
    yield url.rstrip("/")
    suite.close()


@pytest.fixture(scope="session")
def client(app_url):
    """A gradio_client.Client on the in-process suite."""
    from gradio_client import Client

    return Client(app_url, verbose=False)

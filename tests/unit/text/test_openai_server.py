"""The openai backend against a real `transformers serve` on loopback, serving our embedded poet.

Before the poet's weights are trained, a tiny random model in the poet's format stands in."""

import subprocess
import sys
import threading
import time

import httpx
import pytest

from core.settings import TabModel
from core.text.modes import Prompt, WritingRequest
from core.text.openai_writer import OpenAIWriter, ServerError
from core.text.sampling import SamplingSettings
from core.text.writer import backend_for, write
from tests.conftest import free_port


@pytest.fixture(scope="module")
def served_model(request) -> str:
    from core.settings import get_settings
    from core.text.writer import poet_available

    if poet_available():
        return str(get_settings().model_for("writing").local_path)
    return str(request.getfixturevalue("clean_poet_dir"))


@pytest.fixture(scope="module")
def server(served_model):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "transformers.cli.transformers", "serve", served_model, "--host", "127.0.0.1",
         "--port", str(port), "--device", "cpu"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base_url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"transformers serve did not start: {process.stdout.read()[-2000:]}")
    yield base_url, served_model
    process.terminate()
    process.wait(timeout=20)


def test_text_streams_from_an_openai_compatible_server_in_many_pieces(server, monkeypatch):
    base_url, model = server
    monkeypatch.setenv("GENLAB_OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("GENLAB_OPENAI_PROMPTS", "poet")
    backend = backend_for(TabModel("openai", model))
    assert backend.backend == "openai" and not backend.watermarks
    request = WritingRequest(mode="Continue a text", text="Shall I compare thee")
    updates = list(write(request, SamplingSettings(seed=1, max_new_tokens=12), backend=backend))
    final = updates[-1]
    assert final.done and final.written and final.text.startswith("Shall I compare thee")
    assert len(updates) >= 3 and final.tokens >= 3 and final.record_id
    assert any("No watermark" in note for note in final.notes)


def test_knobs_the_server_refuses_are_passed_another_way_and_the_text_still_comes(server):
    base_url, model = server
    writer = OpenAIWriter(model, base_url=base_url)
    notes = []
    pieces = list(writer.stream(Prompt(text="<|verse|>\nO"), SamplingSettings(top_k=5, min_p=0.1, max_new_tokens=8),
                                seed=0, cancel=threading.Event(), notes=notes))
    assert pieces and not notes


def test_an_unreachable_server_tells_the_visitor_to_wait_and_the_operator_what_to_check(caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="genlab.text_server")
    writer = OpenAIWriter("any", base_url=f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(ServerError, match="The text server is not answering; try again") as failure:
        list(writer.stream(Prompt(text="x"), SamplingSettings(), seed=0, cancel=threading.Event()))
    assert "127.0.0.1" not in str(failure.value) and "GENLAB_" not in str(failure.value)  # no internals for visitors
    assert "GENLAB_OPENAI_BASE_URL" in caplog.text


def test_a_server_that_does_not_share_token_probabilities_is_said_so(server, monkeypatch):
    from core.text.token_choices import token_choices

    base_url, model = server
    monkeypatch.setenv("GENLAB_OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("GENLAB_OPENAI_PROMPTS", "poet")
    backend = backend_for(TabModel("openai", model))
    with pytest.raises(ValueError, match="does not share its token probabilities"):
        token_choices("Shall I compare thee", backend=backend)

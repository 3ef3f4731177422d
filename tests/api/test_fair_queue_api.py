"""Many visitors at once: light calls are not stuck behind heavy ones, and no visitor can take every place."""

import time

import gradio as gr
import httpx
import pytest

from apps import fair_queue
from tests.conftest import free_port


def join(url: str, fn_index: int, session: str, data: list) -> httpx.Response:
    return httpx.post(f"{url}/gradio_api/queue/join", json={"data": data, "fn_index": fn_index, "session_hash": session,
                                                             "event_data": None, "trigger_id": None})


@pytest.fixture
def slow_app():
    """A one-button app with a slow event, under the fair queue with small limits."""
    def slow(seconds: float) -> float:
        time.sleep(seconds)
        return seconds

    with gr.Blocks() as blocks:
        seconds = gr.Number(1.0)
        result = gr.Number()
        gr.Button("go").click(slow, seconds, result, api_name="slow", concurrency_limit=1)
    blocks.queue(default_concurrency_limit=1, max_size=None)
    fair_queue.install(blocks, fair_queue.FairQueueConfig(places_per_visitor=2, queue_size=4,
                                                           trusted_proxy_header=None))
    _, url, _ = blocks.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1", server_port=free_port())
    fn_index = next(d["id"] for d in httpx.get(f"{url}config").json()["dependencies"] if d.get("api_name") == "slow")
    yield url.rstrip("/"), fn_index
    blocks.close()


def test_one_visitor_cannot_take_more_than_their_places(slow_app):
    url, fn_index = slow_app
    answers = [join(url, fn_index, "greedy", [2.0]) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 400]
    assert answers[2].json()["detail"] == ("You already have 2 requests waiting or running; wait for one to finish, "
                                           "then try again.")
    assert join(url, fn_index, "someone else", [0.1]).status_code == 200


def test_a_full_queue_says_in_words_how_long_to_wait(slow_app):
    url, fn_index = slow_app
    for visitor in range(5):  # one runs, four wait: the queue's four places
        assert join(url, fn_index, f"visitor {visitor}", [2.0]).status_code == 200
        time.sleep(0.05)
    full = join(url, fn_index, "late visitor", [0.1])
    assert full.status_code == 400
    assert full.json()["detail"].startswith("The app is busy with other visitors' requests: try again in about ")
    assert "Queue is full" not in full.text


def test_behind_a_trusted_proxy_one_address_cannot_take_every_place_with_new_sessions():
    keys = fair_queue.visitor_keys("s1", {"x-forwarded-for": "203.0.113.7, 10.0.0.1"}, "x-forwarded-for")
    assert keys == ["session:s1", "address:203.0.113.7"]
    assert fair_queue.visitor_keys("s1", {"x-forwarded-for": "203.0.113.7"}, None) == ["session:s1"]


def test_light_calls_answer_while_a_training_runs(client):
    """The About info and a quest come back while a 500-epoch CTGAN trains (they used to wait behind it)."""
    from core.jobs import running_jobs

    training = client.submit(dataset="hmda", upload=None, generator="CTGAN", rows=100, seed=0, epochs=500,
                             api_name="/synthesize")
    try:
        deadline = time.time() + 60
        while not any(j.name == "synthetic data" for j in running_jobs()) and time.time() < deadline:
            time.sleep(0.2)
        info = client.predict(api_name="/suite_info")
        quest = client.predict(objective="find a lost ring", seed=1, api_name="/quest")
        assert info["tabs"] and quest
        assert not training.done(), "the training finished first: the test shows nothing"
    finally:
        training.cancel()

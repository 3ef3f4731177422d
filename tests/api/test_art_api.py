import hashlib

import pytest
from gradio_client import handle_file
from gradio_client.exceptions import AppError

from apps.art import available as art_available
from tests.status_lines import record_id

pytestmark = pytest.mark.skipif(not art_available(), reason="the art model's weights are not on this machine (python -m core.art.train)")


def test_a_painted_picture_arrives_as_the_signed_png_byte_for_byte(client):
    from core.provenance import get_recorder

    outputs = list(client.submit(prompt="a castle by a lake at dusk", seed=7, steps=12, api_name="/generate_image"))
    assert len(outputs) >= 3, "previews should stream"
    _, gallery, status = outputs[-1]
    data = open(gallery[0]["image"], "rb").read()
    assert get_recorder().store.get(record_id(status)).output_sha256 == hashlib.sha256(data).hexdigest()


def test_a_picture_can_be_varied(client):
    _, gallery, _ = client.predict(prompt="a village in a forest in autumn", seed=3, steps=8, api_name="/generate_image")
    _, varied, status = client.predict(handle_file(gallery[0]["image"]), "a village in winter", 0.5, 1, 12,
                                       api_name="/vary_image")
    assert status.startswith("Done") and varied


def test_an_empty_prompt_is_refused_in_plain_words(client):
    with pytest.raises(AppError, match="Describe the picture"):
        client.predict(prompt="   ", api_name="/generate_image")


def test_the_status_names_the_words_the_model_does_not_know_and_what_it_painted(client):
    _, _, status = client.predict(prompt="a knight fights a dragon near a castle by the lake", seed=1, steps=4,
                                  api_name="/generate_image")
    assert "The model does not know “fights”, “near”: it painted from the words it knows, knight, dragon, castle, " \
           "lake." in status
    _, _, known = client.predict(prompt="a castle by the lake", seed=1, steps=4, api_name="/generate_image")
    assert "does not know" not in known


def test_stop_answers_only_once_the_painting_has_ended_so_no_later_step_overwrites_it():
    """The browser shows Stop's answer and the painting's updates as they arrive: a step still being painted
    when Stop answered arrived later and left "Step 2 of 50…" on screen instead of "Stopped." (seen in CI)."""
    import threading

    from apps.art import _request, _stream, stop_painting

    updates, first_step = [], threading.Event()

    def visitor_watches():
        for _, _, status in _stream(_request("a castle by a lake", "", 1, 50, 4.0, "DPM-Solver++", 1, None), "api"):
            updates.append(status)
            if status.startswith("Step"):
                first_step.set()

    painting = threading.Thread(target=visitor_watches)
    painting.start()
    assert first_step.wait(120)
    stop_painting(None)
    seen_when_stopped = len(updates)
    assert not painting.is_alive(), "the painting was still going when Stop said it had stopped"
    painting.join()
    assert len(updates) == seen_when_stopped and not any(status.startswith("Done") for status in updates)

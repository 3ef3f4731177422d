import pytest
from gradio_client.exceptions import AppError

from core.text.writer import poet_available

pytestmark = pytest.mark.skipif(not poet_available(), reason="the poet's weights are not on this machine (python -m core.text.train)")


def test_a_poem_from_the_writing_tab_is_recognised_by_the_text_check(client):
    poem = client.predict(mode="Poem", theme="the winter sea", form="Sonnet", seed=5, max_new_tokens=300,
                          api_name="/write")[0]
    report, verdict, tokens = client.predict(poem, api_name="/check_text")
    assert report["watermark"]["detected"] and verdict.startswith("## Written by this site")
    assert any(token["class_or_confidence"] == "on the green list" for token in tokens)
    assert "Tested with the word pieces and watermark key of the built-in poet" in verdict
    assert "tokenizer" not in verdict  # it said "the tokenizer and key of **poet-gpt**"


def test_a_poem_written_without_the_watermark_is_not_claimed(client):
    poem = client.predict(mode="Poem", theme="the winter sea", form="Sonnet", seed=5, max_new_tokens=300,
                          watermark=False, api_name="/write")[0]
    report, verdict, _ = client.predict(poem, api_name="/check_text")
    assert not report["watermark"]["detected"] and not verdict.startswith("## Written by this site")
    assert "not proof of a human author" in verdict or "too short to test" in verdict


def test_an_empty_text_is_refused_in_plain_words(client):
    with pytest.raises(AppError, match="Paste the text"):
        client.predict("", api_name="/check_text")

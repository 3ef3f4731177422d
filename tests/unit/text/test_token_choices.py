"""The model's choices read back from a text, with tiny real models (a GPT-2 built from a config)."""

import math

import pytest

from core.text.token_choices import TokenChoicesConfig, token_choices


@pytest.mark.parametrize("backend_name", ["poet_backend", "chat_backend"])
def test_each_token_has_the_probability_the_model_gives_it_and_its_top_alternatives(backend_name, request):
    import torch

    backend = request.getfixturevalue(backend_name)
    text = "the sea at night"
    choices = token_choices(text, TokenChoicesConfig(top=4), backend=backend)
    assert "".join(c.token for c in choices.tokens) == text  # every token of the text, in order, nothing else
    writer = backend.writer
    for choice in choices.tokens:
        probabilities = [p for _, p in choice.alternatives]
        assert len(probabilities) == 4 and probabilities == sorted(probabilities, reverse=True)
        assert 0 < choice.probability <= probabilities[0] + 1e-6  # nothing beats the most likely alternative
        tokens = [t for t, _ in choice.alternatives]
        assert choice.token not in tokens or math.isclose(
            choice.probability, probabilities[tokens.index(choice.token)], rel_tol=1e-4)
    if backend_name == "chat_backend":  # no tag: the text follows the start-of-text token; check a figure by hand
        tokenizer = writer.tokenizer
        ids = [tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id]
        ids += tokenizer(text, add_special_tokens=False)["input_ids"]
        with torch.inference_mode():
            logits = writer.model(torch.tensor([ids])).logits[0]
        expected = torch.softmax(logits[1].float(), dim=-1)[ids[2]].item()  # the second token, after the first
        assert math.isclose(choices.tokens[1].probability, expected, rel_tol=1e-4)


def test_an_empty_text_a_text_server_and_too_many_alternatives_are_refused_in_words(poet_backend):
    from dataclasses import replace

    with pytest.raises(ValueError, match="Paste or write a text first"):
        token_choices("   ", backend=poet_backend)
    with pytest.raises(ValueError, match="1 to 20 alternatives"):
        token_choices("the sea", TokenChoicesConfig(top=50), backend=poet_backend)
    with pytest.raises(ValueError, match="text server"):
        token_choices("the sea", backend=replace(poet_backend, backend="openai"))


def test_a_text_longer_than_the_model_reads_says_how_much_was_read(poet_backend):
    choices = token_choices("the sea " * 300, TokenChoicesConfig(max_tokens=50), backend=poet_backend)
    assert len(choices.tokens) == 50 and "Only the first 50" in choices.notes[0]

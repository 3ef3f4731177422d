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
        # its place in the model's list: the first choice is 1, and a listed token's place is where it is listed
        assert choice.rank >= 1 and (choice.rank == 1) == (choice.probability >= probabilities[0] - 1e-6)
        assert choice.token not in tokens or choice.rank == tokens.index(choice.token) + 1
    if backend_name == "chat_backend":  # no tag: the text follows the start-of-text token; check a figure by hand
        tokenizer = writer.tokenizer
        ids = [tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id]
        ids += tokenizer(text, add_special_tokens=False)["input_ids"]
        with torch.inference_mode():
            logits = writer.model(torch.tensor([ids])).logits[0]
        expected = torch.softmax(logits[1].float(), dim=-1)[ids[2]].item()  # the second token, after the first
        assert math.isclose(choices.tokens[1].probability, expected, rel_tol=1e-4)


def test_an_empty_text_and_too_many_alternatives_are_refused_in_words(poet_backend):
    with pytest.raises(ValueError, match="Paste or write a text first"):
        token_choices("   ", backend=poet_backend)
    with pytest.raises(ValueError, match="1 to 20 alternatives"):
        token_choices("the sea", TokenChoicesConfig(top=50), backend=poet_backend)


def test_a_text_longer_than_the_model_reads_says_how_much_was_read(poet_backend):
    choices = token_choices("the sea " * 300, TokenChoicesConfig(max_tokens=50), backend=poet_backend)
    assert len(choices.tokens) == 50 and "Only the first 50" in choices.notes[0]


def test_a_servers_echoed_logprobs_become_choices_without_the_poets_tag():
    """The `logprobs` object of OpenAI's completions API for an echoed prompt (its documented shape, as vLLM
    returns it); the first token has no probability (nothing precedes it)."""
    from core.text.token_choices import choices_from_logprobs

    logprobs = {"tokens": ["<|verse|>", "\n", "The", " sea"], "token_logprobs": [None, -0.1, -1.2, -2.3],
                "top_logprobs": [None, {"\n": -0.1, " ": -2.5}, {"The": -1.2, "A": -0.9}, {" sea": -2.3, " moon": -1.0}]}
    choices = choices_from_logprobs(logprobs, len("<|verse|>\n"), TokenChoicesConfig(top=2), "served poet")
    assert [c.token for c in choices.tokens] == ["The", " sea"]
    assert math.isclose(choices.tokens[1].probability, math.exp(-2.3))
    assert [t for t, _ in choices.tokens[1].alternatives] == [" moon", " sea"]
    assert [c.rank for c in choices.tokens] == [2, 2]  # " sea" second after " moon"; a token not listed has None
    unlisted = {**logprobs, "top_logprobs": [None, {"\n": -0.1}, {"A": -0.9}, {" moon": -1.0}]}
    assert [c.rank for c in choices_from_logprobs(unlisted, len("<|verse|>\n"), TokenChoicesConfig(top=2),
                                                  "served poet").tokens] == [None, None]
    untagged = choices_from_logprobs(logprobs, 0, TokenChoicesConfig(top=2), "served model")
    assert len(untagged.tokens) == 3 and "no probability for the text's first token" in untagged.notes[0]


def test_the_start_the_model_was_given_is_marked_given_and_the_rest_as_its_choices(poet_backend):
    """Writing's poems open with the theme as a title, which the model did not choose: read back, it was coloured
    "further down its list" at under 0.1%, as if the model had picked it against the odds."""
    title = "Sea At Night\n"
    text = title + "The waves are dark and deep"
    choices = token_choices(text, backend=poet_backend, given=title)
    given = [c for c in choices.tokens if c.given]
    assert "".join(c.token for c in given) == title  # the title's tokens, every one, and nothing the model wrote
    assert all(not c.given for c in choices.tokens[len(given):])
    assert choices.to_dict()["tokens"][0]["given"] is True
    # a given start the text does not begin with (edited away) marks nothing
    assert not any(c.given for c in token_choices("The waves", backend=poet_backend, given=title).tokens)


def test_a_servers_tokens_are_marked_given_from_where_the_text_starts_even_without_the_first_ones_probability():
    from core.text.token_choices import choices_from_logprobs, mark_given

    logprobs = {"tokens": ["Sea", " At", "\n", "The"], "token_logprobs": [None, -3.0, -1.0, -1.2],
                "top_logprobs": [None, {" At": -3.0}, {"\n": -1.0}, {"The": -1.2}]}
    choices = mark_given(choices_from_logprobs(logprobs, 0, TokenChoicesConfig(top=1), "served"), len("Sea At\n"))
    assert [(c.token, c.given) for c in choices.tokens] == [(" At", True), ("\n", True), ("The", False)]

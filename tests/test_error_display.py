"""One error style: our sentences pass, a library's words and crashes become one plain sentence, nothing raw."""

import gradio as gr
import numpy as np
import pytest

from apps.error_display import as_plain_error, plain_failures
from core.errors import UNEXPECTED, raised_by_us


def library_value_error() -> ValueError:
    from sklearn.linear_model import LogisticRegression

    try:
        LogisticRegression().fit(np.zeros((4, 1)), np.zeros(4))
    except ValueError as error:
        return error
    raise AssertionError("scikit-learn accepted a single class")


def own_value_error() -> ValueError:
    from core.inputs.numbers import parse_seed

    try:
        parse_seed(2**70)
    except ValueError as error:
        return error
    raise AssertionError("the seed was accepted")


def test_only_errors_raised_in_our_code_count_as_our_sentences():
    assert raised_by_us(own_value_error())
    assert not raised_by_us(library_value_error())
    assert not raised_by_us(KeyError("x"))


def test_a_library_message_becomes_one_plain_sentence_and_ours_stays():
    library = as_plain_error(library_value_error())
    assert library.message == UNEXPECTED and "class" not in library.message
    own = as_plain_error(own_value_error())
    assert own.message.startswith("The seed must be") and own.title == "Please check your input"


def test_every_handler_of_the_app_fails_with_a_plain_sentence():
    def crashes(text):
        raise OSError("[Errno 2] No such file or directory: '/srv/secret/path'")

    def streams(text):
        yield "first"
        return {}["missing"]

    with gr.Blocks() as blocks:
        box, out = gr.Textbox(), gr.Textbox()
        first = gr.Button().click(crashes, box, out)
        second = gr.Button().click(streams, box, out)
    plain_failures(blocks)
    with pytest.raises(gr.Error, match="Something went wrong on our side"):
        blocks.fns[first["id"]].fn("x")
    stream = blocks.fns[second["id"]].fn("x")
    assert next(stream) == "first"
    with pytest.raises(gr.Error) as failure:
        next(stream)
    assert "missing" not in failure.value.message and "/srv" not in failure.value.message

"""Requests typed in plain words are read into the Writing tab's fields; first lines stay first lines."""

import pytest

from core.text.requests import read_request

POET_MODES = ("Continue a text", "Poem", "Screenplay scene")


@pytest.mark.parametrize("typed, mode, theme, form", [
    ("write a poem about my grandmother's kitchen", "Poem", "my grandmother's kitchen", None),
    ("Write me a sonnet on the autumn rain", "Poem", "the autumn rain", "Sonnet"),
    ("Could you compose a short poem about snow?", "Poem", "snow", None),
    ("a poem about love", "Poem", "love", None),
    ("I want a poem for my mother", "Poem", "my mother", None),
])
def test_a_request_for_a_poem_becomes_its_theme(typed, mode, theme, form):
    read = read_request(typed, POET_MODES)
    assert (read.mode, read.theme, read.form) == (mode, theme, form)
    assert theme in read.sentence


def test_a_scene_request_names_its_characters():
    read = read_request("a scene where Romeo and Juliet argue about dinner", POET_MODES)
    assert read.mode == "Screenplay scene" and read.characters == ("Romeo", "Juliet")


def test_a_story_the_poet_cannot_write_becomes_a_poem_and_says_so():
    read = read_request("can you write a story about a lost dog", POET_MODES)
    assert read.mode == "Poem" and read.theme == "a lost dog" and "not stories" in read.sentence
    assert read_request("can you write a story about a lost dog", POET_MODES + ("Short story",)).mode == "Short story"


@pytest.mark.parametrize("first_line", ["A poem lies open on the table", "Poems of the night are sweet",
                                        "The story of my life", "O wild West Wind", "Shall I compare thee"])
def test_a_first_line_is_not_taken_for_a_request(first_line):
    assert read_request(first_line, POET_MODES) is None

import pytest

from core.text.corpus import readable


@pytest.mark.parametrize("written, shown", [
    ("ROMEO. _\\[Aside]_ Hush", "ROMEO. [Aside] Hush"),
    ("He said [\\[Aside]] so", "He said [Aside] so"),
    ("plain [Enter] x", "plain [Enter] x"),
])
def test_the_play_corpus_markup_never_reaches_the_page(written, shown):
    assert readable(written) == shown


def test_markup_split_across_streamed_pieces_is_cleaned_once_whole():
    text = ""
    for piece in ["VIOLA. _\\[", "Asi", "de]_ I am ", "not"]:
        text = readable(text + piece)
    assert text == "VIOLA. [Aside] I am not"

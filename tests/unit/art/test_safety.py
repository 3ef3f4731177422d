"""The prompt screen reads a prompt as a person would: disguised words are caught, ordinary ones pass."""

import pytest

from core.art.safety import screen_prompt


@pytest.mark.parametrize("prompt, category", [
    ("a nude figure", "sexual content"), ("N U D E woman", "sexual content"), ("n.a.k.e.d", "sexual content"),
    ("nud3 figure", "sexual content"), ("p0rn", "sexual content"), ("$ex scene", "sexual content"),
    ("ｎｕｄｅ", "sexual content"), ("nuuuude", "sexual content"), ("NÚDE", "sexual content"),
    ("pornographic poster", "sexual content"), ("a s3xy robot", "sexual content"), ("topless", "sexual content"),
    ("a loli girl", "sexualised minors"), ("the knight is beheaded", "gore"), ("dismembered bodies", "gore"),
    ("self-harm", "self-harm"), ("a swastika flag", "hate symbols"), ("heil hitler", "hate symbols"),
    ("a school shooting", "violent attacks"),
])
def test_a_prompt_asking_for_what_we_do_not_paint_is_refused_however_it_is_spelt(prompt, category):
    screened = screen_prompt(prompt)
    assert screened is not None and screened.category == category


@pytest.mark.parametrize("prompt", [
    "a castle by a lake at dusk", "Essex village green", "a sextant on a ship", "a cocktail party",
    "analysis of a cell", "a therapist's office", "Scunthorpe town hall", "a shooting star", "a blue tit on a branch",
    "500 gold coins", "a b c d", "the moon's craters",
])
def test_ordinary_prompts_pass_the_screen(prompt):
    assert screen_prompt(prompt) is None

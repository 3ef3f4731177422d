import gradio as gr
import pytest

from apps.ui import friendly_errors, launch_options


def test_a_core_value_error_reaches_the_user_as_a_plain_message():
    @friendly_errors
    def generate(prompt):
        if not prompt.strip():
            raise ValueError("Type a prompt first: describe what you want to see.")
        return prompt

    assert generate("a lake") == "a lake"
    with pytest.raises(gr.Error, match="Type a prompt first"):
        generate("   ")


def test_uploads_are_capped_and_the_page_loads_no_web_fonts():
    options = launch_options(7860)
    assert options["max_file_size"]
    fonts = [str(font) for font in options["theme"].font]
    assert not any("GoogleFont" in type(font).__name__ for font in options["theme"].font), fonts

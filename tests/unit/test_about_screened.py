"""The About tab's "What is screened" says what the running suite's settings do, no more."""

from apps.about import content_safety, content_safety_markdown
from core.art.safety import SCREENED
from core.settings import load_settings


def said(tmp_path, **env) -> str:
    settings = load_settings({"GENLAB_DATA_DIR": str(tmp_path), **env})
    return content_safety_markdown({"content_safety": content_safety(settings)})


def test_the_embedded_painter_is_said_to_have_no_picture_checker(tmp_path):
    text = said(tmp_path)
    assert "not checked by a picture classifier" in text and "safety checker (" not in text
    assert all(category in text for category in SCREENED)


def test_a_hub_painter_names_the_checker_that_runs_and_what_it_misses(tmp_path):
    text = said(tmp_path, GENLAB_ART_MODEL="stabilityai/sd-turbo")
    assert "`CompVis/stable-diffusion-safety-checker`" in text and "withheld" in text
    assert "misses some unsafe pictures" in text and "previews" in text


def test_a_checker_turned_off_is_said_to_be_off(tmp_path):
    text = said(tmp_path, GENLAB_ART_MODEL="stabilityai/sd-turbo", GENLAB_ART_SAFETY_CHECKER="off")
    assert "turned the picture safety checker off" in text and "withheld" not in text

"""Which tabs appear: every listed tab, except those whose model is not usable on this machine."""

import pytest

from core import settings as settings_module


@pytest.fixture
def configured(monkeypatch):
    def configure(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        settings_module.reset_settings()

    yield configure
    settings_module.reset_settings()


def titles():
    from apps.about import registered_tabs

    return [module.TITLE for module in registered_tabs()]


def test_the_writing_and_art_tabs_appear_once_their_models_are_usable(configured, poet_dir, tiny_pixel_art_dir):
    configured(GENLAB_WRITING_MODEL=str(poet_dir), GENLAB_ART_MODEL=str(tiny_pixel_art_dir))
    assert titles()[:3] == ["About", "Art", "Writing"]


def test_a_hub_model_makes_the_tab_appear_without_local_weights(configured):
    configured(GENLAB_WRITING_MODEL="HuggingFaceTB/SmolLM2-135M-Instruct")
    assert "Writing" in titles()


def test_a_part_hidden_for_want_of_its_model_offers_no_api_endpoint_or_tool(configured, tmp_path):
    from app import build_app

    (tmp_path / "no-generator").mkdir()
    (tmp_path / "no-poet").mkdir()
    configured(GENLAB_MOLECULES_MODEL=str(tmp_path / "no-generator"), GENLAB_WRITING_MODEL=str(tmp_path / "no-poet"))
    endpoints = set(build_app().get_api_info()["named_endpoints"])
    assert "/molecule_properties" in endpoints and "/check_image" in endpoints
    assert not {"/generate_molecules", "/write"} & endpoints


def test_a_size_in_a_label_stays_on_one_line_with_its_unit():
    """"MB)" stood alone on the second line of the video upload's label (review 10)."""
    import re

    from app import build_app

    labels = [block.label for block in build_app().blocks.values() if isinstance(getattr(block, "label", None), str)]
    sized = [label for label in labels if re.search(r"\d\s*MB", label)]
    assert len(sized) >= 3 and all(re.search(r"\d\u00a0MB", label) for label in sized), sized

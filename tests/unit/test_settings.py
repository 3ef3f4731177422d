import pytest

from core.settings import SettingsError, load_settings, read_profiles


def test_default_profile_is_embedded_with_local_data_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.profile == "embedded"
    assert settings.port == 7860
    assert settings.data_dir == tmp_path / "data" and settings.data_dir.is_dir()
    assert all(model.backend == "embedded" for model in settings.tabs.values())


def test_gpu_profile_uses_hub_models(tmp_path):
    settings = load_settings({"GENLAB_PROFILE": "gpu", "GENLAB_DATA_DIR": str(tmp_path)})
    assert settings.model_for("art").backend == "hub"
    assert "/" in settings.model_for("art").model


def test_one_tab_can_be_overridden_with_a_hub_id_a_folder_or_embedded(tmp_path):
    env = {"GENLAB_DATA_DIR": str(tmp_path)}
    settings = load_settings({**env, "GENLAB_ART_MODEL": "stabilityai/sd-turbo"})
    assert settings.model_for("art").backend == "hub" and settings.overridden_tabs == ("art",)
    settings = load_settings({**env, "GENLAB_WRITING_MODEL": str(tmp_path)})
    assert settings.model_for("writing").backend == "embedded"
    settings = load_settings({**env, "GENLAB_PROFILE": "gpu", "GENLAB_ART_MODEL": "embedded"})
    assert settings.model_for("art") == load_settings(env).model_for("art")
    settings = load_settings({**env, "GENLAB_WRITING_MODEL": "openai:llama3"})
    assert settings.model_for("writing").backend == "openai"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("GENLAB_PROFILE", "turbo"),
        ("GENLAB_PORT", "http"),
        ("GENLAB_PORT", "70000"),
        ("GENLAB_DEVICE", "tpu"),
        ("GENLAB_ART_MODEL", "not a model!"),
        ("GENLAB_PAINTING_MODEL", "stabilityai/sd-turbo"),
        ("GENLAB_C2PA_TRUST_ANCHORS", "/nonexistent/anchors.pem"),
        ("GENLAB_ART_SAFETY_CHECKER", "no checker, thanks"),
    ],
)
def test_a_bad_setting_fails_with_a_message_naming_the_variable(tmp_path, variable, value):
    with pytest.raises(SettingsError, match=variable):
        load_settings({"GENLAB_DATA_DIR": str(tmp_path), variable: value})


def test_the_picture_safety_checker_is_on_unless_the_operator_turns_it_off(tmp_path):
    env = {"GENLAB_DATA_DIR": str(tmp_path)}
    assert load_settings(env).art_safety_checker == "CompVis/stable-diffusion-safety-checker"
    assert load_settings({**env, "GENLAB_ART_SAFETY_CHECKER": "off"}).art_safety_checker is None
    assert load_settings({**env, "GENLAB_ART_SAFETY_CHECKER": str(tmp_path)}).art_safety_checker == str(tmp_path)


def test_an_unusable_data_dir_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SettingsError, match="GENLAB_DATA_DIR"):
        load_settings({"GENLAB_DATA_DIR": str(blocker / "data")})


def test_a_broken_spaces_file_is_reported(tmp_path):
    spaces = tmp_path / "spaces.yaml"
    spaces.write_text("profiles:\n  embedded:\n    tabs:\n      art: {backend: magic, model: x}\n")
    with pytest.raises(SettingsError, match="backend"):
        read_profiles(spaces)


def test_compute_is_cpu_full_precision_without_a_gpu(monkeypatch):
    import torch

    from core import settings as settings_module

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    settings_module.reset_settings()
    try:
        compute = settings_module.compute()
        assert (compute.device, compute.dtype) == ("cpu", torch.float32)
    finally:
        settings_module.reset_settings()

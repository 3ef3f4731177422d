import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_api_names() -> set[str]:
    return set(re.findall(r"^\| `(/[a-z_]+)` \|", README.read_text(), re.M))


def test_every_public_event_is_named_and_listed_in_the_readme(client):
    api = client.view_api(print_info=False, return_format="dict")
    assert not api["unnamed_endpoints"]
    assert "/suite_info" in api["named_endpoints"]
    assert set(api["named_endpoints"]) == readme_api_names()


def test_suite_info_reports_the_profile_and_the_tabs(client):
    info = client.predict(api_name="/suite_info")
    assert info["profile"] == "embedded"
    assert [tab["tab"] for tab in info["tabs"]][0] == "About"
    assert isinstance(info["generations_recorded"], int)


def test_suite_info_names_the_model_of_every_tab_that_has_one(client):
    from core.settings import read_profiles

    tabs_with_models = set(read_profiles()["embedded"]["tabs"])
    info = client.predict(api_name="/suite_info")
    keys = {tab["tab"].lower().replace(" ", "_"): tab for tab in info["tabs"]}
    for key in tabs_with_models & set(keys):
        assert keys[key].get("model") and keys[key].get("description"), f"About says nothing of {key}'s model"
    assert "deepfake_check" in keys and keys["deepfake_check"]["model"] == "assets/models/ai-image-detector"

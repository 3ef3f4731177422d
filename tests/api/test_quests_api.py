import json

import pytest
from gradio_client.exceptions import AppError


def test_the_dragon_quest_comes_back_as_json_card_and_files(client):
    quest, card, _, files = client.predict(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                           reward="500 gold", seed=7, api_name="/quest")
    assert quest["reward"] == {"gold": 500, "items": [], "currency": "gold"} and quest["twist"] == "the dragon is cursed royalty"
    assert card.startswith(f"# {quest['title']}") and "**Checked:**" in card
    with open(next(f for f in files if f.endswith(".json"))) as handle:
        assert json.load(handle) == quest
    assert {f.rsplit(".", 1)[1] for f in files} == {"json", "md", "ink"}


def test_a_negative_reward_is_refused_in_plain_words(client):
    with pytest.raises(AppError, match="cannot be negative"):
        client.predict(reward="-5 gold", api_name="/quest")


def test_a_quest_failing_the_planners_own_check_is_a_failed_call_and_leaves_no_audit_row():
    from dataclasses import replace

    from apps.quests import _present, _request
    from core.provenance import get_recorder
    from core.quests.planner import plan_quest

    request = _request("defeat a dragon", "", "500 gold", "fantasy", "heroic", "normal", 5, 7)
    quest = plan_quest(request)
    broken = replace(quest, reward=replace(quest.reward, gold=100))
    rows = get_recorder().store.count()
    with pytest.raises(ValueError, match=r"passes its own check .*the reward is 100 gold, but 500 was asked for"):
        _present(broken, request)
    assert get_recorder().store.count() == rows
    assert _present(quest, request)[1].count("**Checked:**") == 1

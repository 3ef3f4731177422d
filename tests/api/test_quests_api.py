import json

import pytest
from gradio_client.exceptions import AppError


def test_the_dragon_quest_comes_back_as_json_card_and_files(client):
    quest, card, _, files = client.predict(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                           reward="500 gold", seed=7, api_name="/quest")
    assert quest["reward"] == {"gold": 500, "items": []} and quest["twist"] == "the dragon is cursed royalty"
    assert card.startswith(f"# {quest['title']}") and "**Checked:**" in card
    with open(next(f for f in files if f.endswith(".json"))) as handle:
        assert json.load(handle) == quest
    assert {f.rsplit(".", 1)[1] for f in files} == {"json", "md", "ink"}


def test_a_negative_reward_is_refused_in_plain_words(client):
    with pytest.raises(AppError, match="cannot be negative"):
        client.predict(reward="-5 gold", api_name="/quest")

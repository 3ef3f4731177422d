from core.quests.figure import quest_figure
from core.quests.planner import QuestRequest, plan_quest


def test_the_map_labels_take_turns_and_wrap_so_a_phone_can_read_them():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    traces = {trace.name: trace for trace in quest_figure(quest).data if trace.name}
    places = traces["places"]
    assert list(places.textposition[:2]) == ["bottom center", "top center"]
    assert all(len(line) <= 16 for label in places.text for line in label.split("<br>"))
    assert "foes" in traces  # the red dots are in the legend

from core.quests.figure import quest_figure
from core.quests.planner import QuestRequest, plan_quest


def test_the_map_labels_keep_to_their_rows_band_and_wrap_so_a_phone_can_read_them():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    traces = {trace.name: trace for trace in quest_figure(quest).data if trace.name}
    places = traces["places"]
    # places' labels above their squares, people's below their dots: a place's label never meets a person's
    assert places.textposition == "top center"
    assert traces["characters"].textposition == traces["foes"].textposition == "bottom center"
    assert all(len(line) <= 16 for label in places.text for line in label.split("<br>"))
    assert "foes" in traces  # the red dots are in the legend


def test_place_labels_on_the_map_drop_their_article_and_keep_the_full_name_on_hover():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=7))
    places = next(trace for trace in quest_figure(quest).data if trace.name == "places")
    named = [name for name in places.hovertext if name.lower().startswith("the ")]
    assert named  # this quest's places are "the ..." names
    assert not any(label.lower().startswith("the ") for label in places.text)

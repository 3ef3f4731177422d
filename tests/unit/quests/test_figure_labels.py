from core.quests.figure import quest_figure
from core.quests.planner import QuestRequest, plan_quest


def test_the_map_labels_keep_to_their_rows_band_and_wrap_so_a_phone_can_read_them():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    figure = quest_figure(quest)
    traces = {trace.name: trace for trace in figure.data if trace.name}
    places = traces["places"]
    labels = [label for label in figure.layout.annotations if label.y == 1.0]
    # places' labels above their squares, people's below their dots: a place's label never meets a person's
    assert [(label.x, label.y) for label in labels] == list(zip(places.x, places.y))
    assert all(label.yanchor == "bottom" and label.yshift > 0 for label in labels)
    assert traces["characters"].textposition == traces["foes"].textposition == "bottom center"
    assert all(len(line) <= 16 for label in labels for line in label.text.split("<br>"))
    assert "foes" in traces  # the red dots are in the legend
    # neighbouring steps' labels by turns above and below: "3. investigate" beside "4. deliver" overprinted
    steps = [label.yanchor for label in figure.layout.annotations if label.y == 2.0]
    assert len(steps) > 3 and all(a != b for a, b in zip(steps, steps[1:]))


def test_place_labels_on_the_map_drop_their_article_and_keep_the_full_name_on_hover():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=7))
    figure = quest_figure(quest)
    places = next(trace for trace in figure.data if trace.name == "places")
    named = [name for name in places.hovertext if name.lower().startswith("the ")]
    assert named  # this quest's places are "the ..." names
    assert not any(label.text.lower().startswith("the ") for label in figure.layout.annotations)


def test_links_pass_behind_place_labels_not_through_their_letters():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    figure = quest_figure(quest)
    assert figure.layout.annotations and all(label.bgcolor for label in figure.layout.annotations)
    assert not any(getattr(trace, "text", None) for trace in figure.data if trace.name in ("places", "steps"))
    # the steps' labels too: the links run down from each step through the label below it
    assert sorted(label.text for label in figure.layout.annotations if label.y == 2.0) == \
        sorted(f"{step.index}. {step.type}" for step in quest.steps)

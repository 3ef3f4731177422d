from core.quests.figure import quest_figure
from core.quests.planner import QuestRequest, plan_quest


def test_the_map_labels_keep_to_their_rows_band_and_wrap_so_a_phone_can_read_them():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    figure = quest_figure(quest)
    traces = {trace.name: trace for trace in figure.data if trace.name}
    places = traces["places"]
    labels = [label for label in figure.layout.annotations if label.y == 1.0]
    # places' labels by turns above and below their squares, people's below their dots
    assert [(label.x, label.y) for label in labels] == list(zip(places.x, places.y))
    assert [label.yanchor for label in labels] == ["bottom", "top"] * (len(labels) // 2) + ["bottom"] * (len(labels) % 2)
    people = [label for label in figure.layout.annotations if label.y == 0.0]
    assert len(people) == len(traces["characters"].x) + len(traces["foes"].x)
    assert all(label.yanchor == "top" and label.yshift < 0 for label in people)
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


def test_neighbouring_place_and_people_labels_leave_a_gap_on_a_phones_chart():
    """On a 390 px phone the chart draws about 300 px wide; a 12 px label letter is about 7 px. "Sunken Crypt" beside
    "Bone Quarry" ran together as "Sunken Crypt Bone Quarry", and a 12-step quest's people overprinted. (A 12-step
    quest's places may still touch, long one-word names at 10 px.)"""
    from core.quests.figure import LABEL_CHAR_PX, PHONE_PLOT_PX

    lanes_seen = set()
    for steps in (3, 5, 7, 12):
        for seed in range(12):
            quest = plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=seed, steps=steps))
            figure = quest_figure(quest)
            left, right = figure.layout.xaxis.range
            places = sorted((label.x, label.text, label.font.size or 12)
                            for label in figure.layout.annotations if label.y == 1.0)
            lanes = {}
            for label in figure.layout.annotations:
                if label.y == 0.0:
                    lanes.setdefault(label.yshift, []).append((label.x, label.text, label.font.size or 12))
            lanes_seen.add(len(lanes))
            steps_row = sorted((label.x, label.text, 12) for label in figure.layout.annotations if label.y == 2.0)
            place_rows = (places[0::2], places[1::2]) if steps <= 7 else ()  # 12 steps' six or more places can
            for row in (steps_row[0::2], steps_row[1::2], *place_rows,  # touch: the hover names each whole
                        *map(sorted, lanes.values())):
                for (x1, text1, size1), (x2, text2, size2) in zip(row, row[1:]):
                    half_widths = sum(max(len(line) for line in text.split("<br>")) * LABEL_CHAR_PX * size / 12 / 2
                                      for text, size in ((text1, size1), (text2, size2)))
                    assert (x2 - x1) / (right - left) * PHONE_PLOT_PX >= half_widths, (steps, seed, text1, text2)
    assert lanes_seen == {1, 2}  # a second lane only where one would crowd
    assert quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=7))
                        ).layout.annotations[0].font.size == 12  # the smaller letters only where they are needed

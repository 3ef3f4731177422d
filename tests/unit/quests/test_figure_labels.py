"""The quest map: a column per step, read at a phone's width, no link through a label and no label over another."""

import pytest

from core.quests.figure import (FEWEST_UNIT_PX, LABEL_CHAR_PX, LINE_PX, PHONE_PLOT_PX, PLACE_Y, UNIT_PX,
                                label_width_px, quest_figure)
from core.quests.planner import QuestRequest, plan_quest

QUESTS = [(steps, seed) for steps in (3, 5, 7, 12) for seed in range(12)]


def drawn(figure, unit_px: float = UNIT_PX):
    """Each label's box and each link, in px on a phone's chart drawn `unit_px` a unit of y (x from the left, y up
    from the axis' zero)."""
    left, right = figure.layout.xaxis.range
    per_x = PHONE_PLOT_PX / (right - left)

    def px(x, y):
        return (x - left) * per_x, y * unit_px

    boxes = []
    for label in figure.layout.annotations:
        size = label.font.size or 12
        width, height = label_width_px(label.text, size), (label.text.count("<br>") + 1) * LINE_PX * size / 12
        x, y = px(label.x, label.y)
        y += label.yshift or 0
        bottom = y - height if label.yanchor == "top" else y
        boxes.append((label.text, x - width / 2, x + width / 2, bottom, bottom + height))
    links = figure.data[0]
    segments = []
    for n in range(0, len(links.x), 3):
        (x0, y0), (x1, y1) = px(links.x[n], links.y[n]), px(links.x[n + 1], links.y[n + 1])
        segments.append((x0, x1, min(y0, y1), max(y0, y1)))
    return boxes, segments


@pytest.mark.parametrize("steps, seed", QUESTS)
def test_no_link_runs_through_a_label_and_no_label_covers_another_on_a_phone(steps, seed):
    """The links ran from each step across the chart to shared places and people, through "Bone Quarry" and
    "2. kill", and a character's link crossed another place's label as if linked to it."""
    figure = quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                                  reward="500 gold", seed=seed, steps=steps)))
    for unit_px in (FEWEST_UNIT_PX, UNIT_PX):  # as the app's page draws it, and as plotly draws it alone
        boxes, segments = drawn(figure, unit_px)
        assert all(x0 == x1 for x0, x1, _, _ in segments)  # straight down their columns: none crosses another
        for text, left, right, bottom, top in boxes:
            for x, _, low, high in segments:
                assert not (left < x < right and low < top and high > bottom), f"a link runs through “{text}”"
    for n, (text, left, right, bottom, top) in enumerate(boxes):
        for other, left2, right2, bottom2, top2 in boxes[n + 1:]:
            assert not (left < right2 and left2 < right and bottom < top2 and bottom2 < top), \
                f"“{text}” and “{other}” overprint"


def test_each_column_is_a_step_its_place_and_its_person_and_the_map_says_whole_names_on_hover():
    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    figure = quest_figure(quest)
    traces = {trace.name: trace for trace in figure.data if trace.name}
    assert list(traces["steps"].x) == list(traces["places"].x) == [float(s.index) for s in quest.steps]
    assert list(traces["places"].hovertext) == [quest.location(s.location).name for s in quest.steps]
    people = sorted([*zip(traces["characters"].x, traces["characters"].hovertext),
                     *zip(traces["foes"].x, traces["foes"].hovertext)])
    assert [x for x, _ in people] == [float(s.index) for s in quest.steps if s.target_character]
    assert all(text.startswith(quest.character(s.target_character).name)
               for (_, text), s in zip(people, [s for s in quest.steps if s.target_character]))
    assert sorted(label.text for label in figure.layout.annotations if label.y == 2.0) == \
        sorted(f"{step.index}. {step.type}" for step in quest.steps)
    # places' labels drop their article ("Sunken Crypt"); the hover keeps it
    assert any(name.lower().startswith("the ") for name in traces["places"].hovertext)
    assert not any(label.text.lower().startswith("the ") for label in figure.layout.annotations if label.y == PLACE_Y)


def test_a_word_too_long_for_its_column_is_cut_and_the_small_letters_only_where_needed():
    crowded = quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=1, steps=12)))
    places = [label for label in crowded.layout.annotations if label.y == PLACE_Y]
    assert any("…" in label.text for label in places) and places[0].font.size == 10
    roomy = quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=7)))
    assert all(label.font.size in (None, 12) for label in roomy.layout.annotations)
    assert not any("…" in label.text for label in roomy.layout.annotations)
    assert LABEL_CHAR_PX * 12 <= PHONE_PLOT_PX  # the measure the layout uses is a phone's


def test_a_dying_characters_cross_stays_beside_their_name():
    """On a phone the map wrapped "†" as a word of its own, alone on the line under a name."""
    crosses = 0
    for steps, seed in QUESTS:
        figure = quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", reward="500 gold", seed=seed,
                                                      steps=steps)))
        for label in figure.layout.annotations:
            lines = label.text.split("<br>")
            assert all(line.strip() != "†" for line in lines), label.text
            crosses += "†" in label.text
    assert crosses


@pytest.mark.parametrize("steps, seed", QUESTS)
def test_every_label_lies_inside_the_map(steps, seed):
    """A step's label in the second lane ("2. kill") stood on the map's top edge, half outside it (review 13)."""
    figure = quest_figure(plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                                  reward="500 gold", seed=seed, steps=steps)))
    bottom_y, top_y = figure.layout.yaxis.range
    for unit_px in (FEWEST_UNIT_PX, UNIT_PX):
        boxes, _ = drawn(figure, unit_px)
        for text, _, _, bottom, top in boxes:  # a label's shift is in px, so the fewer px a unit, the further out
            assert top <= top_y * unit_px and bottom >= bottom_y * unit_px, \
                f"“{text}” runs off the map at {unit_px} px a unit"

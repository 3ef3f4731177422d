"""The painter's new training pictures: subjects people ask for, composed into the scenes, with captions."""

import random

import numpy as np
import pytest

from core.art.compositions import (PLACES, composition_caption, held_out, is_plural, place_of, places_for,
                                   sample_composition, scene_for)
from core.art.scenes import TIMES, render_scene
from core.art.subjects import SUBJECTS, sprite, words


def test_at_least_150_subjects_of_every_kind_people_ask_for_each_with_a_sprite():
    kinds = {subject.kind for subject in SUBJECTS.values()}
    assert len(SUBJECTS) >= 150
    assert kinds == {"animal", "person", "vehicle", "building", "food", "plant", "space", "object"}
    for name in SUBJECTS:
        picture = np.asarray(sprite(name, 24))
        assert max(picture.shape[:2]) == 24 and (picture[..., 3] > 0).mean() > 0.2, name


def test_every_word_for_a_subject_leads_to_one_subject():
    known = words()
    assert known["kitten"] == "cat" and known["spaceship"] == "rocket" and known["astronaut"] == "astronaut"
    assert len(known) == len({word for subject in SUBJECTS.values() for word in (subject.name, *subject.synonyms)})


def test_the_subject_is_in_the_picture_where_it_belongs():
    rng = random.Random(0)
    for subject, place, time in [("cat", "on the moon", "night"), ("rocket", "in a village", "dawn"),
                                 ("sailboat", "by the sea", "day"), ("car", "in a forest", "dusk")]:
        scene = scene_for(subject, place, time, rng)
        assert place_of(scene) == place and scene.time == time
        with_subject = np.asarray(render_scene(scene)).astype(int)
        without = np.asarray(render_scene(scene.__class__(**{**scene.attributes(), "subject": "none",
                                                            "layout": scene.layout, "framing": scene.framing}))).astype(int)
        changed = np.argwhere(np.abs(with_subject - without).sum(axis=2) > 0)
        assert len(changed) > 400, subject  # the sprite covers a tenth of the 64x64 picture or more
        rows, columns = changed[:, 0], changed[:, 1]
        assert abs(columns.mean() - 32) < 8, subject  # near the middle, where people frame what they ask for
        if SUBJECTS[subject].where == "sky":
            assert rows.mean() < 32
        elif SUBJECTS[subject].where == "ground":
            assert rows.mean() > 32


def test_held_out_compositions_never_appear_in_training_and_are_a_tenth():
    rng = random.Random(1)
    for _ in range(300):
        scene = sample_composition(rng)
        assert not held_out(scene.subject, place_of(scene), scene.time)
    unseen = sample_composition(rng, training=False)
    assert held_out(unseen.subject, place_of(unseen), unseen.time)
    everything = [(s, p, t) for s in SUBJECTS for p in places_for(s) for t in TIMES]
    assert 0.08 < sum(held_out(*c) for c in everything) / len(everything) < 0.12


def test_a_swimmer_or_a_boat_is_only_ever_on_water():
    with pytest.raises(ValueError, match="needs water"):
        scene_for("whale", "in a field", "day", random.Random(0))
    assert places_for("whale") == ("by the sea", "by a lake") and places_for("cat") == PLACES


def test_a_caption_names_the_subject_its_place_and_the_time_first():
    rng = random.Random(2)
    scene = scene_for("cat", "on the moon", "night", rng)
    captions = {composition_caption(scene, random.Random(seed)) for seed in range(30)}
    assert all(c.split(" ", 1)[1].split(" on ")[0] in ("cat", "kitten", "kitty") for c in captions), captions
    assert all("on the moon" in c or "on the lunar surface" in c for c in captions)
    assert any("at night" in c or "by night" in c or "at midnight" in c for c in captions)
    assert is_plural("cherries") and is_plural("mice") and not is_plural("bus") and not is_plural("octopus")
    assert composition_caption(scene_for("cherries", "in a field", "day", rng), random.Random(0)).startswith("some ")


def castle_wall_pixels(scene) -> int:
    """Pixels of the castle's stone wall in daylight (its colour on the renderer's palette)."""
    return int(np.all(np.asarray(render_scene(scene)) == (144, 144, 160), axis=2).sum())


def test_a_subject_by_a_castle_leaves_the_castle_in_sight():
    from dataclasses import replace

    rng, shown, hidden_before = random.Random(5), [], []
    for subject in ("cat", "dog", "giraffe", "elephant", "knight", "robot", "panda", "horse"):
        scene = replace(scene_for(subject, "by a castle", "day", rng), weather="clear", building="castle")
        alone = castle_wall_pixels(replace(scene, subject="none"))
        shown.append(castle_wall_pixels(scene) / alone)
        hidden_before.append(castle_wall_pixels(replace(scene, framing="centre")) / alone)
    assert min(shown) > 0.8, shown  # the whole castle, but for a tree or the subject's edge
    assert np.mean(hidden_before) < 0.6, hidden_before  # in the middle, the subject hid most of it

import random

import numpy as np

from core.art.scenes import FOLIAGE, Scene, caption, render_scene, sample_scene, to_palette


def test_same_scene_same_picture_and_other_scenes_differ():
    scene = sample_scene(random.Random(3))
    first, again = np.asarray(render_scene(scene)), np.asarray(render_scene(scene))
    assert first.shape == (64, 64, 3) and (first == again).all()
    other = np.asarray(render_scene(sample_scene(random.Random(4))))
    assert (first != other).any()


def test_pictures_scale_by_whole_pixels():
    image = render_scene(Scene(), size=256)
    pixels = np.asarray(image)
    assert image.size == (256, 256) and (pixels[::4, ::4] == np.asarray(render_scene(Scene()))).all()


def test_what_the_picture_shows_is_visible():
    night = np.asarray(render_scene(Scene(time="night", sun=False, stars=True, weather="clear"))).mean()
    day = np.asarray(render_scene(Scene(time="day"))).mean()
    assert night < day / 2
    winter = np.asarray(render_scene(Scene(season="winter", mountains=False, trees="none")))[-5:].mean()
    summer = np.asarray(render_scene(Scene(season="summer", mountains=False, trees="none")))[-5:].mean()
    assert winter > summer + 60


def test_captions_say_what_the_scene_holds_in_varied_words():
    scene = Scene(time="dusk", weather="rain", season="autumn", sun=False, mountains=True, mountain_colour="purple",
                  snowy_peaks=True, water="lake", trees="forest", building="castle")
    captions = {caption(scene, random.Random(seed)) for seed in range(30)}
    assert len(captions) > 10
    for text in captions:
        assert "purple" in text and ("castle" in text) and ("lake" in text or "pond" in text)
        assert any(word in text for word in ("dusk", "sunset", "evening"))


def test_every_building_is_big_enough_to_see_at_the_models_size():
    from core.art.scenes import BUILDINGS, MODEL_SIZE

    empty = Scene(weather="clear", trees="none", mountains=False, layout=7)
    plain = np.asarray(render_scene(empty, MODEL_SIZE))
    for building in BUILDINGS[1:]:
        with_building = np.asarray(render_scene(Scene(**{**empty.attributes(), "building": building, "layout": 7}),
                                                MODEL_SIZE))
        changed = int((plain != with_building).any(axis=2).sum())
        assert changed >= 30, f"a {building} covers only {changed} of {MODEL_SIZE}x{MODEL_SIZE} pixels"


def test_trees_in_front_of_a_building_stay_visible():
    forest = Scene(weather="clear", trees="forest", mountains=False, building="none", layout=11)
    with_castle = Scene(**{**forest.attributes(), "building": "castle", "layout": 11})
    foliage = to_palette(FOLIAGE[forest.season])
    for scene in (forest, with_castle):
        assert (np.asarray(render_scene(scene)) == foliage).all(axis=2).sum() > 40

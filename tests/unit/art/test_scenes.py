import random

import numpy as np

from core.art.scenes import Scene, caption, render_scene, sample_scene


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

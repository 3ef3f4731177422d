import random

from core.art.classifier import ATTRIBUTES, ClassifierConfig, load, predict, train
from core.art.scenes import render_scene, sample_scene


def test_the_judge_trains_saves_loads_and_names_every_attribute(tmp_path):
    metrics = train(ClassifierConfig(out=str(tmp_path / "judge"), renders=128, held_out=32, epochs=1, batch_size=32))
    assert set(metrics["held_out_accuracy"]) == set(ATTRIBUTES)
    judge = load(tmp_path / "judge")
    scene = sample_scene(random.Random(3))
    (reading,) = predict(judge, [render_scene(scene).resize((256, 256))])
    assert set(reading) == set(ATTRIBUTES) and all(reading[name] in ATTRIBUTES[name] for name in ATTRIBUTES)


def test_a_mountain_colour_is_only_judged_where_there_are_mountains():
    from core.art.classifier import UNSEEN, labels
    from core.art.scenes import Scene

    column = list(ATTRIBUTES).index("mountain_colour")
    assert labels(Scene(mountains=False, mountain_colour="purple"))[column] == UNSEEN
    assert labels(Scene(mountains=True, mountain_colour="purple"))[column] == ATTRIBUTES["mountain_colour"].index("purple")

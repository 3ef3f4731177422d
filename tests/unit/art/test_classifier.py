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


def test_a_composition_judge_reads_subject_and_place_at_64_pixels_and_an_older_judge_still_loads(tmp_path):
    import json

    from core.art.compositions import PLACES
    from core.art.subjects import SUBJECTS

    metrics = train(ClassifierConfig(out=str(tmp_path / "judge"), renders=96, held_out=32, epochs=1, batch_size=32,
                                     compositions=0.5, size=64))
    assert {"subject", "place"} <= set(metrics["held_out_accuracy"])
    judge = load(tmp_path / "judge")
    assert judge.size == 64 and judge.attributes["place"] == PLACES and len(judge.attributes["subject"]) == len(SUBJECTS) + 1
    (reading,) = predict(judge, [render_scene(sample_scene(random.Random(5)))])
    assert reading["subject"] in judge.attributes["subject"] and reading["place"] in PLACES
    # a judge saved before subjects existed (no "classes", no "size" in its config) loads as it was
    config = json.loads((tmp_path / "judge" / "config.json").read_text())
    train(ClassifierConfig(out=str(tmp_path / "old"), renders=64, held_out=32, epochs=1, batch_size=32))
    old_config = json.loads((tmp_path / "old" / "config.json").read_text())
    for key in ("classes", "size"):
        old_config.pop(key)
    (tmp_path / "old" / "config.json").write_text(json.dumps(old_config))
    old = load(tmp_path / "old")
    assert old.size == 32 and old.attributes == ATTRIBUTES and config["size"] == 64

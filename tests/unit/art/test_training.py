from core.art.scenes import Scene
from core.art.train import HELD_OUT_COMBINATIONS, TrainingConfig, shows_held_out_combination, train, training_scenes


def test_no_training_scene_shows_a_held_out_combination():
    scenes = training_scenes(3000, seed=0)
    assert not any(shows_held_out_combination(scene) for scene in scenes)
    assert shows_held_out_combination(Scene(building="castle", time="night", sun=False))
    assert len(HELD_OUT_COMBINATIONS) >= 3


def test_training_saves_a_pipeline_that_loads_with_from_pretrained_and_paints(tmp_path):
    import torch

    from core.art.pipeline import PixelArtPipeline

    config = TrainingConfig(out=str(tmp_path / "model"), work_dir=str(tmp_path / "work"), scenes=64, steps=4,
                            batch_size=4, size=32, text_width=32, unet_channels="32,32", checkpoint_every=2,
                            warmup_steps=1)
    out = train(config)
    pipeline = PixelArtPipeline.from_pretrained(out)
    pipeline.set_progress_bar_config(disable=True)
    images = pipeline("a castle by the sea", num_inference_steps=3, generator=torch.Generator().manual_seed(0)).images
    assert images[0].size == (32, 32)
    assert (out / "training.json").exists() and len((tmp_path / "work" / "log.jsonl").read_text().splitlines()) == 2


def test_the_loss_counts_the_middle_of_the_schedule_most():
    import torch

    from core.art.components import build_training_scheduler
    from core.art.train import loss_weights

    weights = loss_weights(build_training_scheduler(), torch.tensor([5, 500, 995]), gamma=5.0)
    assert weights[1] > weights[0] and weights[1] > weights[2] and (weights <= 1).all()


def test_scenes_with_subjects_leave_out_every_held_out_composition_and_their_words_are_known():
    from core.art.compositions import held_out, place_of
    from core.art.train import caption_vocabulary

    scenes = training_scenes(400, seed=0, subjects=0.8)
    with_subjects = [scene for scene in scenes if scene.subject != "none"]
    assert 0.7 < len(with_subjects) / len(scenes) < 0.9
    assert not any(held_out(s.subject, place_of(s), s.time) for s in with_subjects)
    assert not any(shows_held_out_combination(s) for s in scenes)
    vocabulary = set(caption_vocabulary(scenes, seed=0))
    assert {"kitten", "astronaut", "moon", "lunar", "spaceship"} <= vocabulary


def test_a_training_that_switches_to_subjects_beside_buildings_renders_both_framings_and_resumes(tmp_path):
    """The shipped painter trained 10,000 steps with subjects in the middle, then 1,000 with them beside a building."""
    config = TrainingConfig(out=str(tmp_path / "model"), work_dir=str(tmp_path / "work"), scenes=64, subjects=0.8,
                            steps=4, batch_size=4, size=32, text_width=32, unet_channels="32,32", checkpoint_every=2,
                            warmup_steps=1, beside_from_step=2)
    train(config)
    renders = sorted((path.name for path in (tmp_path / "work").glob("pixels-*.npy")), key=len)
    assert len(renders) == 2 and renders[1].endswith("-beside.npy") and renders[0] == renders[1].replace("-beside", "")
    import numpy as np

    centre, beside = (np.load(tmp_path / "work" / name) for name in renders)
    assert (centre != beside).any(axis=(1, 2, 3)).sum() >= 1  # a subject by a building moved aside

import numpy as np

from core.art.classifier import ClassifierConfig, load, train
from core.art.evaluate import EvaluationConfig, PROMPT_SET, evaluate, frechet_distance
from core.art.train import shows_held_out_combination
from core.art.scenes import Scene


def test_the_frechet_distance_is_zero_for_the_same_sample_and_grows_with_a_shift():
    points = np.random.default_rng(0).normal(size=(500, 4))
    assert abs(frechet_distance(points, points)) < 1e-6
    assert frechet_distance(points, points + 1.0) > 3.5


def test_held_out_prompts_name_exactly_the_combinations_training_never_shows():
    for _, wanted, held_out in PROMPT_SET:
        assert shows_held_out_combination(Scene(**{**Scene().attributes(), **wanted})) == held_out


def test_evaluation_scores_a_model_between_zero_and_one(tiny_pixel_art_dir, tmp_path):
    from core.art.pipeline import PixelArtPipeline

    train(ClassifierConfig(out=str(tmp_path / "judge"), renders=64, held_out=16, epochs=1, batch_size=32))
    pipeline = PixelArtPipeline.from_pretrained(tiny_pixel_art_dir)
    pipeline.set_progress_bar_config(disable=True)
    result = evaluate(pipeline, load(tmp_path / "judge"),
                      EvaluationConfig(images_per_prompt=1, steps=2, reference_renders=40))
    assert 0 <= result.adherence <= 1 and 0 <= result.held_out_adherence <= 1
    assert len(result.per_prompt) == len(PROMPT_SET) and result.frechet_distance >= 0


def test_composition_prompts_name_held_out_combinations_and_the_adherence_is_a_share(tiny_pixel_art_dir, tmp_path):
    import pytest

    from core.art.compositions import held_out, place_of
    from core.art.evaluate import CompositionConfig, composition_adherence, composition_prompts
    from core.art.pipeline import PixelArtPipeline
    from core.art.subjects import SUBJECTS

    for prompt, scene in composition_prompts(20, seed=0):
        assert held_out(scene.subject, place_of(scene), scene.time)  # never a combination the painter trained on
        assert any(word in prompt for word in (scene.subject, *SUBJECTS[scene.subject].synonyms))
    pipeline = PixelArtPipeline.from_pretrained(tiny_pixel_art_dir)
    pipeline.set_progress_bar_config(disable=True)
    train(ClassifierConfig(out=str(tmp_path / "landscapes"), renders=64, held_out=16, epochs=1, batch_size=32))
    with pytest.raises(ValueError, match="cannot read subjects"):
        composition_adherence(pipeline, load(tmp_path / "landscapes"), CompositionConfig(prompts=2, steps=2))
    train(ClassifierConfig(out=str(tmp_path / "judge"), renders=64, held_out=16, epochs=1, batch_size=32,
                           compositions=0.5, size=64))
    result = composition_adherence(pipeline, load(tmp_path / "judge"),
                                   CompositionConfig(prompts=3, images_per_prompt=1, steps=2, reference_renders=40))
    assert 0 <= result.all_three <= min(result.subject, result.place, result.time) <= 1
    assert 0 <= result.renders_all_three <= 1 and len(result.per_prompt) == 3
    assert result.frechet_distance >= 0 and result.reference_frechet_distance >= 0

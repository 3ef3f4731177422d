"""How well the art model paints what it is asked: attribute adherence and an FID-style distance.

    result = evaluate(pipeline, judge, EvaluationConfig(images_per_prompt=8))
    result.adherence, result.held_out_adherence, result.frechet_distance

Adherence: for each prompt of PROMPT_SET, the judge (core.art.classifier) reads the generated
pictures, and each attribute the prompt names counts as matched when the judge sees it. Prompts
marked held-out name combinations no training picture showed (core.art.train.HELD_OUT_COMBINATIONS).
Fréchet distance: between Gaussians fitted to the judge's features of generated pictures and of
held-out renders (FID's formula on our own judge's features, so only comparable with itself).

Composition adherence (`composition_adherence`, a judge trained with subjects): prompts that name a subject, a
place and a time of day in one of the combinations the painter never trains on (core.art.compositions.held_out);
a picture counts when the judge finds all three. Beside it the same judge's reading of renders of the very same
scenes: the ceiling the judge itself allows. And the Fréchet distance of the pictures to renders of other held-out
compositions, beside as many fresh renders' distance to the same (the floor).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

# (prompt, attributes it names, names a combination held out of training)
PROMPT_SET: tuple[tuple[str, dict, bool], ...] = (
    ("a stone castle at night", {"building": "castle", "time": "night"}, True),
    ("the sea in winter", {"water": "sea", "season": "winter"}, True),
    ("snowy purple mountains", {"mountains": True, "mountain_colour": "purple", "snowy_peaks": True}, True),
    ("a tall tower in thick fog", {"building": "tower", "weather": "fog"}, True),
    ("a village by a lake at dawn", {"building": "village", "water": "lake", "time": "dawn"}, False),
    ("a forest in autumn", {"trees": "forest", "season": "autumn"}, False),
    ("a small house in the rain", {"building": "house", "weather": "rain"}, False),
    ("stars and the moon in the sky at night", {"stars": True, "moon": True, "time": "night"}, False),
    ("brown mountains in summer by day", {"mountains": True, "mountain_colour": "brown", "season": "summer",
                                          "time": "day"}, False),
    ("a river in spring under a cloudy sky", {"water": "river", "season": "spring", "weather": "cloudy"}, False),
    ("a castle by the sea at dusk", {"building": "castle", "water": "sea", "time": "dusk"}, False),
    ("grey mountains in falling snow", {"mountains": True, "mountain_colour": "grey", "weather": "snow"}, False),
)


@dataclass(frozen=True)
class EvaluationConfig:
    images_per_prompt: int = 8
    steps: int = 20
    guidance: float = 4.0
    reference_renders: int = 1000
    seed: int = 0


@dataclass
class EvaluationResult:
    adherence: float
    held_out_adherence: float
    seen_adherence: float
    per_prompt: list[dict] = field(default_factory=list)
    frechet_distance: float = float("nan")
    reference_frechet_distance: float = float("nan")  # as many fresh renders against the same: the floor
    seconds_per_image: float = 0.0


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    from scipy import linalg

    mean_a, mean_b = a.mean(axis=0), b.mean(axis=0)
    cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root, _ = linalg.sqrtm(cov_a @ cov_b, disp=False)
    root = root.real
    return float(((mean_a - mean_b) ** 2).sum() + np.trace(cov_a + cov_b - 2 * root))


def judge_features(judge, images) -> np.ndarray:
    import torch

    from core.art.classifier import to_tensor

    judge.eval()
    with torch.no_grad():
        return np.concatenate([judge.embed(to_tensor(images[i:i + 128], judge.size)).numpy()
                               for i in range(0, len(images), 128)])


def held_out_renders(count: int, seed: int):
    from core.art.scenes import render_scene, sample_scene

    rng = random.Random(10_000 + seed)
    return [render_scene(sample_scene(rng)) for _ in range(count)]


def evaluate(pipeline, judge, config: EvaluationConfig = EvaluationConfig()) -> EvaluationResult:
    import time

    import torch

    from core.art.classifier import predict

    generated, rows = [], []
    started = time.perf_counter()
    for index, (prompt, wanted, held_out) in enumerate(PROMPT_SET):
        images = pipeline(prompt, num_inference_steps=config.steps, guidance_scale=config.guidance,
                          num_images_per_prompt=config.images_per_prompt,
                          generator=torch.Generator().manual_seed(config.seed * 1000 + index)).images
        generated.extend(images)
        readings = predict(judge, images)
        matched = [sum(reading[key] == value for key, value in wanted.items()) / len(wanted) for reading in readings]
        rows.append({"prompt": prompt, "held_out": held_out, "adherence": float(np.mean(matched))})
    seconds = (time.perf_counter() - started) / len(generated)
    references = held_out_renders(config.reference_renders + len(generated), config.seed)
    reference_features = judge_features(judge, references[:config.reference_renders])
    same_size_renders = judge_features(judge, references[config.reference_renders:])
    return EvaluationResult(
        adherence=float(np.mean([row["adherence"] for row in rows])),
        held_out_adherence=float(np.mean([row["adherence"] for row in rows if row["held_out"]])),
        seen_adherence=float(np.mean([row["adherence"] for row in rows if not row["held_out"]])),
        per_prompt=rows,
        frechet_distance=frechet_distance(judge_features(judge, generated), reference_features),
        reference_frechet_distance=frechet_distance(same_size_renders, reference_features),
        seconds_per_image=seconds)


@dataclass(frozen=True)
class CompositionConfig:
    prompts: int = 60  # held-out compositions asked for
    images_per_prompt: int = 2
    reference_renders: int = 1000
    steps: int = 20
    guidance: float = 4.0
    seed: int = 0


@dataclass
class CompositionResult:
    all_three: float  # share of pictures in which the judge finds the subject, the place and the time asked for
    subject: float
    place: float
    time: float
    renders_all_three: float  # the judge on renders of the same scenes: its own ceiling
    per_prompt: list[dict] = field(default_factory=list)
    frechet_distance: float = float("nan")  # the pictures against renders of held-out compositions
    reference_frechet_distance: float = float("nan")  # as many fresh renders against the same: the floor


def composition_prompts(count: int, seed: int) -> list[tuple[str, object]]:
    """(prompt, scene) for `count` held-out compositions, each prompt naming the scene's subject, place and time."""
    from core.art.compositions import composition_caption, sample_composition

    rng = random.Random(20_000 + seed)
    scenes = [sample_composition(rng, training=False) for _ in range(count)]
    return [(composition_caption(scene, random.Random(seed * 7919 + index)).split(",")[0].split(":")[0], scene)
            for index, scene in enumerate(scenes)]


def held_out_composition_renders(count: int, seed: int):
    from core.art.compositions import sample_composition
    from core.art.scenes import render_scene

    rng = random.Random(30_000 + seed)
    return [render_scene(sample_composition(rng, training=False)) for _ in range(count)]


def composition_adherence(pipeline, judge, config: CompositionConfig = CompositionConfig()) -> CompositionResult:
    import torch

    from core.art.classifier import predict, scene_value
    from core.art.scenes import render_scene

    if not {"subject", "place"} <= set(judge.attributes):
        raise ValueError("This judge cannot read subjects: train one with --compositions (core.art.classifier).")
    asked = ("subject", "place", "time")
    hits = {name: [] for name in (*asked, "all_three")}
    rows, generated, prompts = [], [], composition_prompts(config.prompts, config.seed)
    for index, (prompt, scene) in enumerate(prompts):
        wanted = {name: scene_value(scene, name) for name in asked}
        images = pipeline(prompt, num_inference_steps=config.steps, guidance_scale=config.guidance,
                          num_images_per_prompt=config.images_per_prompt,
                          generator=torch.Generator().manual_seed(config.seed * 1000 + index)).images
        generated.extend(images)
        for reading in predict(judge, images):
            matched = {name: reading[name] == wanted[name] for name in asked}
            for name in asked:
                hits[name].append(matched[name])
            hits["all_three"].append(all(matched.values()))
        rows.append({"prompt": prompt, **wanted, "all_three": float(np.mean(hits["all_three"][-len(images):]))})
    scenes = [scene for _, scene in prompts]
    ceiling = [all(reading[name] == scene_value(scene, name) for name in asked)
               for reading, scene in zip(predict(judge, [render_scene(scene) for scene in scenes]), scenes)]
    references = held_out_composition_renders(config.reference_renders + len(generated), config.seed)
    reference_features = judge_features(judge, references[:config.reference_renders])
    return CompositionResult(all_three=float(np.mean(hits["all_three"])), subject=float(np.mean(hits["subject"])),
                             place=float(np.mean(hits["place"])), time=float(np.mean(hits["time"])),
                             renders_all_three=float(np.mean(ceiling)), per_prompt=rows,
                             frechet_distance=frechet_distance(judge_features(judge, generated), reference_features),
                             reference_frechet_distance=frechet_distance(
                                 judge_features(judge, references[config.reference_renders:]), reference_features))

"""The embedded detector's pictures: real photographs that ship in packages, and machine-made ones.

Real: the photographs in scikit-image's `data` folder and scikit-learn's sample images, read by
path (no download). Drawings and synthetic test patterns in those folders are left out.
Machine-made: (1) autoencoder re-syntheses of the photographs (`core.forensics.resynthesis`),
(2) the procedural pixel-art renders our art model learns from, enlarged as the art tab shows
pictures, and (3) pictures painted by our art model when its weights are installed.

Photographs are split by picture, so the held-out test scores photographs the detector never saw.
Both classes go through the same augmentation (downscaling, JPEG, flips), so the file format
cannot give the answer away.
"""

from __future__ import annotations

import io
import json
import random
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from PIL import Image

from core.forensics.detector import CROP, at_least_one_crop

SKIMAGE_PHOTOGRAPHS = ("astronaut.png", "brick.png", "camera.png", "cell.png", "chelsea.png", "clock_motion.png",
                       "coffee.png", "coins.png", "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png",
                       "moon.png", "motorcycle_left.png", "motorcycle_right.png", "retina.jpg", "rocket.jpg",
                       "page.png", "text.png")
SKLEARN_PHOTOGRAPHS = ("china.jpg", "flower.jpg")
HELD_OUT_PHOTOGRAPHS = ("coffee.png", "coins.png", "flower.jpg", "rocket.jpg")


def _package_folder(package: str, *parts: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"The package {package} is not installed; the detector's photographs come from it.")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def real_photographs() -> dict[str, Image.Image]:
    """Every shipped photograph by file name, as RGB."""
    photographs = {}
    for folder, names in ((_package_folder("skimage", "data"), SKIMAGE_PHOTOGRAPHS),
                          (_package_folder("sklearn", "datasets", "images"), SKLEARN_PHOTOGRAPHS)):
        for name in names:
            with Image.open(folder / name) as image:
                photographs[name] = image.convert("RGB")
    return photographs


def split_photographs(photographs: dict[str, Image.Image]) -> tuple[dict, dict]:
    training = {n: p for n, p in photographs.items() if n not in HELD_OUT_PHOTOGRAPHS}
    held_out = {n: p for n, p in photographs.items() if n in HELD_OUT_PHOTOGRAPHS}
    return training, held_out


def augment(image: Image.Image, rng: random.Random) -> Image.Image:
    """What happens to pictures on their way to an upload: resizing, JPEG compression, mirroring."""
    if rng.random() < 0.5:
        scale = rng.uniform(0.5, 1.0)
        size = (max(CROP, round(image.width * scale)), max(CROP, round(image.height * scale)))
        image = image.resize(size, Image.Resampling.BICUBIC)
    if rng.random() < 0.5:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=rng.randint(60, 95))
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    if rng.random() < 0.5:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return image


def random_crops(image: Image.Image, count: int, rng: random.Random) -> np.ndarray:
    """(count, 3, 64, 64) float32 crops in [0, 1] at random places."""
    pixels = np.asarray(at_least_one_crop(image), dtype=np.float32) / 255.0
    crops = []
    for _ in range(count):
        top, left = rng.randint(0, pixels.shape[0] - CROP), rng.randint(0, pixels.shape[1] - CROP)
        crops.append(pixels[top:top + CROP, left:left + CROP])
    return np.stack(crops).transpose(0, 3, 1, 2).copy()


def crop_bank(pictures: list[Image.Image], total: int, rng: random.Random, crops_per_version: int = 8) -> np.ndarray:
    """`total` augmented crops drawn evenly from `pictures`."""
    banks, drawn = [], 0
    while drawn < total:
        picture = pictures[(drawn // crops_per_version) % len(pictures)]
        count = min(crops_per_version, total - drawn)
        banks.append(random_crops(augment(picture, rng), count, rng))
        drawn += count
    return np.concatenate(banks)


def enlarge_like_art_tab(picture: Image.Image) -> Image.Image:
    from core.art.generator import enlarge

    return enlarge(picture)


def share_with_subject(model_folder: Path) -> float:
    """The share of the art model's training scenes that had a subject in a place (0 for the landscape painter)."""
    training = model_folder / "training.json"
    return json.loads(training.read_text()).get("subjects", 0.0) if training.exists() else 0.0


def procedural_renders(count: int, seed: int, subjects: float) -> list[Image.Image]:
    """Renders of scenes in the art model's own mix: a share `subjects` with a subject, the rest landscapes."""
    from core.art.scenes import render_scene
    from core.art.train import training_scenes

    return [enlarge_like_art_tab(render_scene(scene)) for scene in training_scenes(count, seed, subjects)]


def art_model_pictures(count: int, seed: int, model_folder: Path) -> list[Image.Image]:
    """Pictures painted by our art model from captions of unseen scenes; empty when it is not installed."""
    if count == 0 or not (model_folder / "model_index.json").exists():
        return []
    import torch

    from core.art.pipeline import PixelArtPipeline
    from core.art.train import scene_caption, training_scenes

    pipeline = PixelArtPipeline.from_pretrained(model_folder)
    pipeline.set_progress_bar_config(disable=True)
    rng = random.Random(seed)
    scenes = training_scenes(count, seed, share_with_subject(model_folder))
    prompts = [scene_caption(scene, rng) for scene in scenes]
    pictures = []
    for start in range(0, count, 16):
        generator = torch.Generator().manual_seed(seed + start)
        output = pipeline(prompts[start:start + 16], num_inference_steps=20, generator=generator)
        pictures += [enlarge_like_art_tab(image) for image in output.images]
    return pictures

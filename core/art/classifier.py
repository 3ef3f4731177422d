"""The judge of the art model: a small CNN that reads a scene's attributes back from its pixels.

    python -m core.art.classifier --seed 1

Trained on renders (never on the diffusion model's output), it predicts every attribute of
`core.art.scenes.Scene` from a picture at the model's size (MODEL_SIZE), one head per attribute. With
`--compositions 0.5` half its renders hold a subject (core.art.compositions, held-out combinations included:
the judge must know them, the painter never sees them) and it gains two heads, the subject and its place;
`--size 64` reads pictures at 64x64, where a subject is big enough to tell.
`bench/art.py` then asks the diffusion model for prompts that name attributes and counts how often
the classifier finds them in the pictures (adherence), and compares the classifier's features of
generated pictures with those of held-out renders (an FID-style distance). Saved as safetensors with a JSON config.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from core.art.scenes import (BUILDINGS, MODEL_SIZE, MOUNTAIN_COLOURS, SEASONS, TIMES, TREES, WATERS, WEATHERS, Scene,
                             render_scene, sample_scene)

ATTRIBUTES: dict[str, tuple] = {
    "time": TIMES, "weather": WEATHERS, "season": SEASONS, "sun": (False, True), "moon": (False, True),
    "stars": (False, True), "mountains": (False, True), "mountain_colour": MOUNTAIN_COLOURS,
    "snowy_peaks": (False, True), "water": WATERS, "trees": TREES, "building": BUILDINGS,
}


UNSEEN = -100  # cross-entropy's ignore index: an attribute the picture cannot show


def composition_attributes() -> dict[str, tuple]:
    """ATTRIBUTES and the two a composition adds: its subject ("none" for a bare landscape) and its place."""
    from core.art.compositions import PLACES
    from core.art.subjects import SUBJECTS

    return {**ATTRIBUTES, "subject": ("none", *sorted(SUBJECTS)), "place": PLACES}


def scene_value(scene: Scene, name: str):
    if name == "place":
        from core.art.compositions import place_of

        return place_of(scene)
    return getattr(scene, name)


def labels(scene: Scene, attributes: dict[str, tuple] = ATTRIBUTES) -> list[int]:
    """The class of each attribute; a mountain colour without mountains is UNSEEN, neither trained nor scored."""
    return [UNSEEN if name == "mountain_colour" and not scene.mountains else values.index(scene_value(scene, name))
            for name, values in attributes.items()]


class SceneClassifier(nn.Module):
    def __init__(self, width: int = 48, attributes: dict[str, tuple] | None = None, size: int = MODEL_SIZE):
        super().__init__()
        self.attributes, self.size = dict(attributes or ATTRIBUTES), size

        def block(inputs, outputs):
            return nn.Sequential(nn.Conv2d(inputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs), nn.ReLU(),
                                 nn.Conv2d(outputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs), nn.ReLU(),
                                 nn.MaxPool2d(2))

        self.width = width
        self.features = nn.Sequential(block(3, width), block(width, width * 2), block(width * 2, width * 4),
                                      block(width * 4, width * 4), nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.heads = nn.ModuleDict({name: nn.Linear(width * 4, len(values))
                                    for name, values in self.attributes.items()})

    def embed(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.features(pixels)

    def forward(self, pixels: torch.Tensor) -> dict[str, torch.Tensor]:
        features = self.embed(pixels)
        return {name: head(features) for name, head in self.heads.items()}


def to_tensor(images, size: int = MODEL_SIZE) -> torch.Tensor:
    """PIL images (any size) to the classifier's input: `size` square, [-1, 1]."""
    from PIL import Image

    side = (size, size)
    arrays = [np.asarray(image.convert("RGB").resize(side, Image.Resampling.NEAREST), dtype=np.float32)
              for image in images]
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2) / 127.5 - 1


@torch.no_grad()
def predict(model: SceneClassifier, images) -> list[dict]:
    model.eval()
    outputs = model(to_tensor(images, model.size))
    picks = {name: logits.argmax(dim=1).tolist() for name, logits in outputs.items()}
    return [{name: values[picks[name][i]] for name, values in model.attributes.items()} for i in range(len(images))]


def save(model: SceneClassifier, folder: Path, metrics: dict) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, folder / "model.safetensors")
    (folder / "config.json").write_text(json.dumps({"width": model.width, "size": model.size,
                                                    "attributes": list(model.attributes),
                                                    "classes": {name: list(values)
                                                                for name, values in model.attributes.items()},
                                                    **metrics}, indent=2))


def load(folder: str | Path) -> SceneClassifier:
    from safetensors.torch import load_file

    folder = Path(folder)
    config = json.loads((folder / "config.json").read_text())
    classes = config.get("classes") or {name: ATTRIBUTES[name] for name in config["attributes"]}  # older judges
    model = SceneClassifier(width=config["width"], attributes={name: tuple(values) for name, values in classes.items()},
                            size=config.get("size", MODEL_SIZE))
    model.load_state_dict(load_file(folder / "model.safetensors"))
    return model.eval()


@dataclass(frozen=True)
class ClassifierConfig:
    out: str = "assets/models/art-diffusion/judge"
    renders: int = 30000
    held_out: int = 3000
    epochs: int = 6
    batch_size: int = 64
    learning_rate: float = 2e-3
    seed: int = 1
    threads: int = 2
    compositions: float = 0.0  # share of renders holding a subject; above 0 the judge also reads subject and place
    size: int = MODEL_SIZE  # the side, in pixels, of the pictures it reads
    framing: str = "beside"  # of the renders holding a subject: core.art.scenes.Scene.framing

    @property
    def attributes(self) -> dict[str, tuple]:
        return composition_attributes() if self.compositions > 0 else dict(ATTRIBUTES)


def render_set(count: int, seed: int, config: ClassifierConfig = ClassifierConfig()) -> tuple[torch.Tensor, torch.Tensor]:
    """`count` fresh renders (seeded apart from the painter's data) and their labels."""
    from core.art.compositions import HELD_OUT_SHARE, sample_composition

    rng = random.Random(seed)
    scenes = [sample_composition(rng, training=rng.random() >= HELD_OUT_SHARE, framing=config.framing)
              if rng.random() < config.compositions
              else sample_scene(rng) for _ in range(count)]
    pixels = to_tensor([render_scene(scene) for scene in scenes], config.size)
    return pixels, torch.tensor([labels(scene, config.attributes) for scene in scenes])


def accuracy(model: SceneClassifier, pixels: torch.Tensor, targets: torch.Tensor) -> dict[str, float]:
    model.eval()
    correct = {name: 0 for name in model.attributes}
    with torch.no_grad():
        for start in range(0, len(pixels), 256):
            outputs = model(pixels[start:start + 256])
            for column, name in enumerate(model.attributes):
                correct[name] += int((outputs[name].argmax(1) == targets[start:start + 256, column]).sum())
    model.train()
    shown = (targets != UNSEEN).sum(dim=0).tolist()
    return {name: correct[name] / shown[column] for column, name in enumerate(model.attributes) if shown[column]}


def train(config: ClassifierConfig) -> dict:
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    started = time.time()
    pixels, targets = render_set(config.renders, config.seed, config)
    test_pixels, test_targets = render_set(config.held_out, config.seed + 1000, config)
    model = SceneClassifier(attributes=config.attributes, size=config.size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    steps = config.epochs * (len(pixels) // config.batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.learning_rate, total_steps=steps)
    generator = torch.Generator().manual_seed(config.seed)
    model.train()
    for _ in range(config.epochs):
        order = torch.randperm(len(pixels), generator=generator)
        for start in range(0, len(order) - config.batch_size + 1, config.batch_size):
            batch = order[start:start + config.batch_size]
            outputs = model(pixels[batch])
            loss = sum(nn.functional.cross_entropy(outputs[name], targets[batch, column])
                       for column, name in enumerate(model.attributes))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
    per_attribute = accuracy(model, test_pixels, test_targets)
    metrics = {"held_out_accuracy": per_attribute, "mean_accuracy": float(np.mean(list(per_attribute.values()))),
               "minimum_accuracy": min(per_attribute.values()), "renders": config.renders,
               "held_out_renders": config.held_out, "training_seconds": round(time.time() - started, 1),
               "config": asdict(config)}
    save(model, Path(config.out), metrics)
    print(json.dumps(metrics, indent=2), flush=True)
    return metrics


def main() -> None:
    from core.training import config_from_command_line

    train(config_from_command_line(ClassifierConfig, __doc__))


if __name__ == "__main__":
    main()

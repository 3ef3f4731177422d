"""Train the embedded AI-image detector, export it to ONNX, and measure its AUC on held-out pictures.

    python -m core.forensics.detector_train --seed 0

Real photographs against machine-made pictures (see `core.forensics.detector_data`). Writes to
`--out`: detector.onnx (what the app runs, with ONNX Runtime), detector.safetensors (the same
weights for PyTorch), config.json, training.json and evaluation.json. Takes minutes on 2 cores.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from core.forensics.detector import (CONFIG_FILE, CROP, ONNX_FILE, SAYS_AI, OnnxDetector, analysis_crops,
                                     probability_from_logits)
from core.forensics.detector_data import (art_model_pictures, augment, crop_bank, procedural_renders, real_photographs,
                                          share_with_subject, split_photographs)
from core.forensics.detector_network import DetectorNetwork
from core.forensics.resynthesis import fit_autoencoder, resynthesise
from core.training import config_from_command_line, hardware_label, start_run, warmup_cosine

NAME = "Genlab AI-image detector"


@dataclass(frozen=True)
class TrainingConfig:
    out: str = "assets/models/ai-image-detector"
    work_dir: str = "runs/ai-image-detector"
    art_model: str = "assets/models/art-diffusion"
    seed: int = 0
    steps: int = 2000
    batch_size: int = 64
    learning_rate: float = 2e-3
    crops_per_class: int = 6000
    autoencoder_steps: int = 1000
    renders: int = 300
    art_pictures: int = 96
    held_out_versions: int = 12  # augmented copies of each held-out picture in the test
    threads: int = 2


def trained_on(sources: list[str]) -> str:
    return "real photographs from scikit-image and scikit-learn against " + ", ".join(sources)


def build_training_set(config: TrainingConfig, rng: random.Random):
    """Crops and labels (1 = machine-made), the autoencoder, and the held-out pictures of each kind."""
    training_photos, held_out_photos = split_photographs(real_photographs())
    autoencoder_crops = crop_bank(list(training_photos.values()), 4000, rng)
    autoencoder = fit_autoencoder(autoencoder_crops, config.autoencoder_steps, config.seed)

    resynthesised = [resynthesise(autoencoder, photo) for photo in training_photos.values()]
    subjects = share_with_subject(Path(config.art_model))
    renders = procedural_renders(config.renders, config.seed, subjects)
    art = art_model_pictures(config.art_pictures, config.seed, Path(config.art_model))
    machine_sources = {"autoencoder re-syntheses of photographs": resynthesised,
                       "procedural pixel-art renders": renders}
    if art:
        machine_sources["pictures painted by our art model"] = art
    per_source = config.crops_per_class // len(machine_sources)
    machine = np.concatenate([crop_bank(pictures, per_source, rng) for pictures in machine_sources.values()])
    real = crop_bank(list(training_photos.values()), len(machine), rng)
    crops = np.concatenate([real, machine])
    labels = np.concatenate([np.zeros(len(real)), np.ones(len(machine))]).astype(np.float32)

    held_out_resyntheses = [resynthesise(autoencoder, photo) for photo in held_out_photos.values()]
    kinds = pictures_of_kinds_a_detector_may_not_have_seen(config)
    held_out = {"real photographs": kinds.pop("real photographs"),
                "autoencoder re-syntheses of photographs": held_out_resyntheses, **kinds}
    return crops, labels, held_out, list(machine_sources)


def train_network(crops: np.ndarray, labels: np.ndarray, config: TrainingConfig) -> DetectorNetwork:
    rng = np.random.default_rng(config.seed)
    network = DetectorNetwork()
    optimizer = torch.optim.AdamW(network.parameters(), lr=config.learning_rate, weight_decay=1e-4)
    pixels, targets = torch.from_numpy(crops), torch.from_numpy(labels)
    network.train()
    for step in range(config.steps):
        for group in optimizer.param_groups:
            group["lr"] = warmup_cosine(step, config.learning_rate, 100, config.steps, 0.05)
        index = torch.from_numpy(rng.integers(0, len(crops), config.batch_size))
        loss = torch.nn.functional.binary_cross_entropy_with_logits(network(pixels[index]), targets[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if (step + 1) % 200 == 0:
            print(f"detector step {step + 1}: loss {loss.item():.4f}", flush=True)
    return network.eval()


def export_onnx(network: DetectorNetwork, path: Path) -> None:
    example = torch.rand(16, 3, CROP, CROP)
    program = torch.onnx.export(network, (example,), dynamo=True, input_names=["pixels"], output_names=["logits"],
                                dynamic_shapes={"pixels": {0: torch.export.Dim("crops", min=1, max=4096)}})
    program.save(str(path), external_data=False)


def save_detector(network: DetectorNetwork, out: Path, sources: list[str]) -> None:
    """The weights for PyTorch, the ONNX graph the app runs, and the config the app reads."""
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file(network.state_dict(), str(out / "detector.safetensors"))
    export_onnx(network, out / ONNX_FILE)
    (out / CONFIG_FILE).write_text(json.dumps({"name": NAME, "crop": CROP, "trained_on": trained_on(sources),
                                               "architecture": "core.forensics.detector_network.DetectorNetwork"},
                                              indent=2))


def roc_auc(real_scores: list[float], machine_scores: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([0] * len(real_scores) + [1] * len(machine_scores), real_scores + machine_scores))


def evaluate(detector: OnnxDetector, held_out: dict[str, list], config: TrainingConfig) -> dict:
    """Per-picture AUC on held-out pictures, each scored the way the app scores an upload."""
    rng = random.Random(config.seed + 2)

    def scores(pictures):
        versions = [augment(p, rng) for p in pictures for _ in range(config.held_out_versions)]
        return [probability_from_logits(detector.logits(analysis_crops(v))) for v in versions]

    real = scores(held_out["real photographs"])
    result = {"real_pictures": len(real), "real_flagged_at_0.5": round(float(np.mean(np.array(real) >= 0.5)), 3),
              "real_flagged_at_0.8": round(float(np.mean(np.array(real) >= SAYS_AI)), 3)}
    all_machine = []
    for source, pictures in held_out.items():
        if source == "real photographs":
            continue
        machine = scores(pictures)
        all_machine += machine
        result[source] = {"pictures": len(machine), "auc": round(roc_auc(real, machine), 4),
                          "caught_at_0.5": round(float(np.mean(np.array(machine) >= 0.5)), 3)}
    result["auc_all"] = round(roc_auc(real, all_machine), 4)
    return result


def pictures_of_kinds_a_detector_may_not_have_seen(config: TrainingConfig) -> dict[str, list]:
    """The held-out real photographs, renders and our art model's pictures of `build_training_set`, without the
    re-syntheses (they come from the autoencoder of one training run): the same pictures for any detector."""
    _, held_out_photos = split_photographs(real_photographs())
    held_out = {"real photographs": list(held_out_photos.values()),
                "procedural pixel-art renders": procedural_renders(max(4, config.renders // 10), config.seed + 1,
                                                                   share_with_subject(Path(config.art_model)))}
    art = art_model_pictures(max(4, config.art_pictures // 4), config.seed + 1, Path(config.art_model))
    if art:
        held_out["pictures painted by our art model"] = art
    return held_out


def train(config: TrainingConfig) -> Path:
    started = time.time()
    work = start_run(config.seed, config.threads, config.work_dir)
    rng = random.Random(config.seed)
    crops, labels, held_out, sources = build_training_set(config, rng)
    print(f"training crops: {int((labels == 0).sum())} real, {int(labels.sum())} machine-made "
          f"({', '.join(sources)}); ready in {time.time() - started:.0f} s", flush=True)
    network = train_network(crops, labels, config)

    out = Path(config.out)
    save_detector(network, out, sources)
    evaluation = evaluate(OnnxDetector(out), held_out, config)
    training = {**asdict(config), "training_seconds": round(time.time() - started, 1),
                "parameters": sum(p.numel() for p in network.parameters()),
                "training_crops": {"real": int((labels == 0).sum()), "machine_made": int(labels.sum())},
                "machine_made_sources": sources, "hardware": hardware_label(config.threads)}
    (out / "training.json").write_text(json.dumps(training, indent=2))
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=2))
    (work / "evaluation.json").write_text(json.dumps(evaluation, indent=2))
    print(json.dumps(evaluation), flush=True)
    print(f"saved to {out}", flush=True)
    return out


def main() -> None:
    train(config_from_command_line(TrainingConfig, __doc__))


if __name__ == "__main__":
    main()

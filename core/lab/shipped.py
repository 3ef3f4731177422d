"""The Lab's shipped models (assets/models/lab), loaded once, and what the tab asks of them: digits from a seed,
a live training as a job, which digits a set of samples shows, and the comparison table in words."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from core import torch_thread
from core.lab import NAMES, family_class
from core.model_cache import ModelCache

JUDGES = "judges"
READERS = "readers"
COMPARISON_FILE = "comparison.json"
MAX_SAMPLES = 64
MAX_TRAINING_SECONDS = 60
TAB = "lab"

_models = ModelCache()


def models_folder() -> Path:
    """Where the Lab's models are: assets/models/lab, unless GENLAB_LAB_MODEL names another folder."""
    from core.settings import get_settings

    return get_settings().model_for(TAB).local_path


def model_folder(name: str) -> Path:
    return models_folder() / name.lower()


def available() -> bool:
    """Whether the four trained models, the judges, the readers and their comparison are on disk."""
    folder = models_folder()
    return all((model_folder(name) / "lab_model.json").exists() for name in NAMES) and \
        (folder / JUDGES / "feature_net.safetensors").exists() and (folder / READERS).is_dir() and \
        (folder / COMPARISON_FILE).exists()


def shipped_model(name: str):
    from core.lab.family import load_family

    family_class(name)  # an unknown name is refused in a sentence
    folder = model_folder(name)
    return _models.get(str(folder), lambda: torch_thread.run(load_family, folder))


def judges():
    from core.lab.judge import Judges

    folder = models_folder() / JUDGES
    return _models.get(str(folder), lambda: Judges.load(folder))


def readers():
    from core.lab.readers import Readers

    folder = models_folder() / READERS
    return _models.get(str(folder), lambda: Readers.load(folder))


def check_training_seconds(seconds: float) -> None:
    if not 5 <= seconds <= MAX_TRAINING_SECONDS:
        raise ValueError(f"Train for 5 to {MAX_TRAINING_SECONDS} seconds.")


def check_count(count: int) -> None:
    if not 1 <= count <= MAX_SAMPLES:
        raise ValueError(f"Ask for 1 to {MAX_SAMPLES} digits.")


def sample_digits(name: str, count: int, seed: int) -> tuple[np.ndarray, object]:
    """`count` digits from the shipped `name` model, the same for the same seed, and the energy it took."""
    from core.provenance import get_recorder

    check_count(count)
    model = shipped_model(name)
    with get_recorder().meter() as meter:
        digits = torch_thread.run(model.sample, count, seed)
    return digits, meter.result


def digits_seen(images: np.ndarray) -> tuple[np.ndarray, float]:
    """How many samples the pixel judge reads as each digit (0 to 9), and its mean certainty."""
    probabilities = judges().pixels.probabilities(images)
    return np.bincount(probabilities.argmax(1), minlength=10), float(probabilities.max(1).mean())


def seal_digits(images: np.ndarray, name: str, seed: int, energy=None) -> list:
    """Each digit as a signed PNG with its audit row (core.provenance), like every other generation."""
    from core.lab.figures import digit_picture
    from core.provenance import get_recorder

    recorder = get_recorder()
    from dataclasses import replace

    share = replace(energy, joules=energy.joules / len(images)) if energy is not None else None
    return [recorder.seal_image(digit_picture(image), tab=TAB, backend="embedded", model_id=f"lab-{name.lower()}",
                                parameters={"architecture": name, "seed": seed, "index": index, "count": len(images)},
                                energy=share, title=f"genlab-lab-{name.lower()}-{seed}-{index}.png")
            for index, image in enumerate(images)]


def lab_training_job(name: str, seconds: float, seed: int, collapse: bool = False, *, report) -> dict:
    """Train a fresh `name` model for `seconds` as a core.jobs target: each update's payload carries the losses
    so far and 16 preview digits; returns the history, 64 digits from the trained model, and the time spent."""
    import torch

    from core.lab import fresh_model
    from core.lab.data import load_digits
    from core.lab.training import LabTrainingConfig, train_for

    check_training_seconds(seconds)
    torch.set_num_threads(1)
    model = fresh_model(name, seed, collapse)
    final = None
    for update in train_for(model, load_digits().train_images, LabTrainingConfig(seconds=seconds, seed=seed)):
        shown = round(update.seconds)  # the bar's percentage is of the seconds it shows: 26 of 30 s is 86.7%
        report(min(1.0, shown / seconds), f"Training: {shown} of {seconds:.0f} s",
               payload={"history": update.history, "preview": update.preview})
        final = update
    return {"history": final.history, "steps": final.step, "seconds": final.seconds,
            "samples": model.sample(MAX_SAMPLES, seed)}


def comparison() -> dict:
    """What bench/lab.py measured for the shipped models: its rows (real digits first) and how many samples."""
    return json.loads((models_folder() / COMPARISON_FILE).read_text())


def per_second(rate: float) -> str:
    """A speed as the table and its sentences both write it: "13,343", "151", "6.9"."""
    return f"{rate:,.0f}" if rate >= 10 else f"{rate:.1f}"


SPOKEN = {"GAN": "GAN", "VAE": "VAE", "Diffusion": "diffusion model", "Transformer": "Transformer"}
COLLAPSED_GAN = "GAN (collapsing settings)"  # bench/lab.py's row for the GAN trained to collapse


def _above_real_recall(model: dict, real: dict) -> str:
    """Why a recall above the real digits' own is not more variety than handwriting ("" when it is not above)."""
    if round(model["recall"], 2) <= round(real["recall"], 2):
        return ""
    because = (f"; fewer of them look real (precision {model['precision']:.0%}, real digits "
               f"{real['precision']:.0%})" if model.get("precision", 1) < real.get("precision", 0) else "")
    return (" That is not more variety than real handwriting: recall counts a real digit as covered when a sample "
            f"lies near it, and the {model['model']}'s samples spread wider than real digits{because}.")


def _readable_not_real(sharpest: dict, closest: dict) -> str:
    """Why the most readable digits can be far from real ones ("" when they are the closest): a review read "most
    clearly readable: the VAE's" beside its Fréchet distance, 17 times the GAN's, which no sentence named."""
    if sharpest["model"] == closest["model"]:
        return ""
    times = sharpest["frechet_distance"] / closest["frechet_distance"]
    # "not real-looking" read against the table's "looks real (precision)" of 88% for the same digits (review 12)
    return (f" Readable is not the same as close to real: as a set, its digits are {sharpest['frechet_distance']:g} "
            "from real ones (Fréchet distance), " + (f"{times:.0f} times" if times >= 2 else "more than")
            + f" the {closest['model']}'s.")


def comparison_sentences(rows: list[dict]) -> list[str]:
    """What the table shows, in words, each sentence from its figures."""
    real = next(row for row in rows if row["model"] == "Real digits")
    models = [{**row, "model": SPOKEN[row["model"]]} for row in rows if row["model"] in NAMES]
    closest = min(models, key=lambda row: row["frechet_distance"])
    sharpest = max(models, key=lambda row: row["top_class_probability"])
    widest = max(models, key=lambda row: row["recall"])
    fastest = max(models, key=lambda row: row["samples_per_second"])
    slowest = min(models, key=lambda row: row["samples_per_second"])
    sentences = [
        f"Closest to real digits: the {closest['model']} (how far from real, the Fréchet distance: "
        f"{closest['frechet_distance']:g}, where real digits score {real['frechet_distance']:g} and lower is better).",
        f"Most clearly readable: the {sharpest['model']}'s digits, which the pixel classifier reads with "
        f"{sharpest['top_class_probability']:.0%} certainty on average (real digits: "
        f"{real['top_class_probability']:.0%})." + _readable_not_real(sharpest, closest),
        f"Widest variety: the {widest['model']} covers {widest['recall']:.0%} of the real digits' variety "
        f"(recall; real digits {real['recall']:.0%}).{_above_real_recall(widest, real)}",
        f"Speed: the {fastest['model']} makes {per_second(fastest['samples_per_second'])} digits a second, the "
        f"{slowest['model']} {per_second(slowest['samples_per_second'])}.",
    ]
    collapsed = next((row for row in rows if row["model"] == COLLAPSED_GAN), None)
    if collapsed is not None and "precision" in collapsed:
        sentences.append(f"The {COLLAPSED_GAN} shows why no one figure is enough: its digits look real (precision "
                         f"{collapsed['precision']:.0%}), but they show only {collapsed['digits_covered']} of the 10 digits "
                         f"and cover {collapsed['recall']:.0%} of real handwriting's variety (recall).")
    copies = [row["model"] for row in models if row["nearest_training_rms"] < 0.5 * real["nearest_training_rms"]]
    nearest = min(row["nearest_training_rms"] for row in models)
    sentences.append(f"No model copies its training digits: a sample's median distance to its nearest training "
                     f"digit is at least {nearest:.2f} (0 would be a copy), where a new real digit's is "
                     f"{real['nearest_training_rms']:.2f}." if not copies else
                     f"Close to copies of training digits: {', '.join(copies)}.")
    return sentences

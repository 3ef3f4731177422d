"""Train the Lab's shipped models and judges (see assets/models/lab/MODEL_CARD.md).

    python -m core.lab.train --family judges                    # the two digit classifiers that score models
    python -m core.lab.train --family readers                   # the two that read generated digits
    python -m core.lab.train --family VAE --minutes 10 --seed 0 # GAN, VAE, Diffusion or Transformer

Work goes to runs/lab/<family>/ (checkpoint every minute, log.jsonl; the same command resumes), the finished
model to runs/lab/<family>/model. Two CPU threads unless --threads says otherwise.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from core.training import hardware_label, log_entry, read_checkpoint, start_run, write_checkpoint

CHECKPOINT_EVERY_SECONDS = 60


def train_judges(work: Path, seed: int) -> None:
    from core.lab.data import load_digits
    from core.lab.judge import Judges

    digits = load_digits()
    started = time.perf_counter()
    judges = Judges.train(digits.train_images, digits.train_labels, seed)
    pixel_accuracy = float((judges.pixels.probabilities(digits.held_out_images).argmax(1) == digits.held_out_labels).mean())
    feature_accuracy = float((judges.features.predict(digits.held_out_images) == digits.held_out_labels).mean())
    judges.save(work / "model")
    summary = {"pixel_judge_held_out_accuracy": round(pixel_accuracy, 4),
               "feature_net_held_out_accuracy": round(feature_accuracy, 4),
               "seconds": round(time.perf_counter() - started, 1)}
    (work / "model" / "judges.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary), flush=True)


def train_readers(work: Path, seed: int, threads: int) -> None:
    from core.lab.data import load_digits
    from core.lab.readers import EPOCHS, Readers
    from core.lab.reading import agreed_readings, agreement

    digits = load_digits()
    started = time.perf_counter()
    readers = Readers.train(digits.train_images, digits.train_labels, seed)
    first, second, sure = agreed_readings(*readers.probabilities(digits.held_out_images))
    agreed, right = agreement(first, sure, digits.held_out_labels)
    readers.save(work / "model")
    summary = {"epochs": EPOCHS,
               "first_reader_held_out_accuracy": round(float((first == digits.held_out_labels).mean()), 4),
               "second_reader_held_out_accuracy": round(float((second == digits.held_out_labels).mean()), 4),
               "held_out_agreed_surely": round(agreed, 4), "agreed_read_right": round(right, 4),
               "seconds": round(time.perf_counter() - started, 1), "hardware": hardware_label(threads)}
    (work / "model" / "readers.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary), flush=True)


def train_family(name: str, work: Path, minutes: float, seed: int, threads: int, collapse: bool,
                 settings: dict | None = None) -> None:
    from core.lab import fresh_model
    from core.lab.data import load_digits
    from core.lab.training import LabTrainingConfig, train_for

    model = fresh_model(name, seed, collapse, **(settings or {}))
    state = read_checkpoint(work)
    step, seconds, history = 0, 0.0, []
    if state:
        for key, network in model.networks().items():
            if key in state["networks"]:  # a weight average added since the checkpoint starts from now
                network.load_state_dict(state["networks"][key])
        for optimiser, saved in zip(_optimisers(model), state["optimisers"]):
            optimiser.load_state_dict(saved)
        step, seconds, history = state["step"], state["seconds"], state["history"]
        for average in model.averages():  # an average continues where it was, or warms up afresh
            average.updates = step if average.name in state["networks"] else 0
    digits = load_digits()
    run = LabTrainingConfig(seconds=minutes * 60, seed=seed, report_every_seconds=10, preview_count=0)
    last_checkpoint = time.perf_counter()
    with open(work / "log.jsonl", "a") as log:
        for update in train_for(model, digits.train_images, run, step, seconds, history):
            log_entry(log, update.history[-1])
            if update.done or time.perf_counter() - last_checkpoint >= CHECKPOINT_EVERY_SECONDS:
                write_checkpoint(work, {"networks": {k: n.state_dict() for k, n in model.networks().items()},
                                        "optimisers": [o.state_dict() for o in _optimisers(model)],
                                        "step": update.step, "seconds": update.seconds, "history": update.history})
                last_checkpoint = time.perf_counter()
    model.save(work / "model", extra={"training": {"steps": update.step, "seconds": round(update.seconds, 1),
                                                   "hardware": hardware_label(threads), "seed": seed,
                                                   "history": update.history}})


def _setting(text: str) -> tuple[str, object]:
    """FIELD=VALUE of --set, the value read as JSON where it is JSON (true, 2e-4, [16, 32]), else as text."""
    field, _, value = text.partition("=")
    try:
        return field.strip(), json.loads(value)
    except json.JSONDecodeError:
        return field.strip(), value


def _optimisers(model) -> list:
    return [value for value in vars(model).values() if hasattr(value, "param_groups")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", required=True,
                        choices=["judges", "readers", "GAN", "VAE", "Diffusion", "Transformer"])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--collapse", action="store_true", help="GAN only: the settings that collapse it")
    parser.add_argument("--work-dir", default=None)
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="change one field of the family's config, e.g. --set spectral_norm=true (repeatable)")
    arguments = parser.parse_args()
    folder = arguments.family.lower() + ("-collapse" if arguments.collapse else "")
    work = start_run(arguments.seed, arguments.threads, arguments.work_dir or f"runs/lab/{folder}")
    if arguments.family == "judges":
        train_judges(work, arguments.seed)
    elif arguments.family == "readers":
        train_readers(work, arguments.seed, arguments.threads)
    else:
        train_family(arguments.family, work, arguments.minutes, arguments.seed, arguments.threads, arguments.collapse,
                     dict(_setting(text) for text in arguments.set))


if __name__ == "__main__":
    main()

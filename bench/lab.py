"""The Lab's models compared on the same 1,000 held-out digits (issue 28), and the shipping bar checked.

    python bench/lab.py [--models assets/models/lab] [--count 500] [--write]
    python bench/lab.py --readers-only


For each model (GAN, VAE, Diffusion, Transformer, and the GAN trained with collapsing settings where there is
one) and for real training digits: Fréchet distance on the Lab's feature network (mean and spread over seeds
0, 1, 2), precision and recall (k = 3), digits covered and mean top-class probability by the pixel classifier
in 64 samples from seed 0, the median distance to the nearest training digit, samples per second and
training time (see core/lab/compare.py). Shipping bar: at least 8 of 10 digits and a top-class probability of
at least 0.8. --write saves the table to <models>/comparison.json, which the Lab tab shows.
--readers-only: how the digit readers that caption the Lab's samples (core/lab/readers.py) agree, each at least 80%
sure, on the held-out digits and on 64 samples of each model from seed 0, beside the pair that captioned them before
(the pixel classifier and the feature network).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = [("model", "model"), ("frechet_distance", "FD (lower better)"), ("frechet_spread", "FD spread"),
           ("precision", "precision"), ("recall", "recall"), ("digits_covered", "digits of 10"),
           ("top_class_probability", "certainty"), ("nearest_training_rms", "to nearest training digit"),
           ("samples_per_second", "digits/s"), ("training_seconds", "training s")]


def main() -> None:
    import torch

    from core.lab import NAMES
    from core.lab.compare import real_digits_score, score
    from core.lab.data import load_digits
    from core.lab.family import load_family, read_description
    from core.lab.judge import Judges
    from core.lab.shipped import COLLAPSED_GAN

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=str(ROOT / "assets" / "models" / "lab"))
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--readers-only", action="store_true")
    arguments = parser.parse_args()
    torch.set_num_threads(arguments.threads)
    folder = Path(arguments.models)
    if arguments.readers_only:
        readers_report(folder)
        return
    digits, judges = load_digits(), Judges.load(folder / "judges")
    started = time.perf_counter()
    rows = [real_digits_score(judges, digits, arguments.count).as_row()]
    for name, sub in [*((n, n.lower()) for n in NAMES), (COLLAPSED_GAN, "gan-collapse")]:
        if not (folder / sub / "lab_model.json").exists():
            continue
        model = load_family(folder / sub)
        training = read_description(folder / sub).get("training", {})
        rows.append(score(name, model.sample, judges, digits, arguments.count,
                          training_seconds=training.get("seconds")).as_row())
    print("| " + " | ".join(title for _, title in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join("" if row[key] is None else f"{row[key]:g}" if isinstance(row[key], float)
                                 else str(row[key]) for key, _ in COLUMNS) + " |")
    for row in rows[1:]:
        passed = row["digits_covered"] >= 8 and row["top_class_probability"] >= 0.8
        print(f"{row['model']}: {'meets' if passed else 'misses'} the shipping bar "
              f"({row['digits_covered']} digits, certainty {row['top_class_probability']})")
    judged = json.loads((folder / "judges" / "judges.json").read_text())
    result = {"rows": rows, "held_out_digits": len(digits.held_out_images), "samples_per_seed": arguments.count,
              "judges": judged, "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(result))
    if arguments.write:
        (folder / "comparison.json").write_text(json.dumps(result, indent=2) + "\n")


def readers_report(folder: Path) -> None:
    from core.lab import NAMES
    from core.lab.data import load_digits
    from core.lab.family import load_family
    from core.lab.judge import Judges
    from core.lab.readers import Readers
    from core.lab.reading import agreed_readings, agreement

    digits, judges, readers = load_digits(), Judges.load(folder / "judges"), Readers.load(folder / "readers")
    pairs = {"the readers": readers.probabilities,
             "pixel classifier and feature network": lambda images: (judges.pixels.probabilities(images),
                                                                     judges.features.probabilities(images))}
    samples = {name: load_family(folder / name.lower()).sample(64, 0) for name in NAMES}
    print("| pair | held-out digits agreed surely | of those, read right | "
          + " | ".join(f"{name}: read of 64" for name in NAMES) + " |")
    print("|" + "---|" * (3 + len(NAMES)))
    result = {}
    for pair, probabilities in pairs.items():
        first, _, sure = agreed_readings(*probabilities(digits.held_out_images))
        agreed, right = agreement(first, sure, digits.held_out_labels)
        read = {name: int(agreed_readings(*probabilities(images))[2].sum()) for name, images in samples.items()}
        result[pair] = {"held_out_agreed_surely": round(agreed, 4), "agreed_read_right": round(right, 4), **read}
        print(f"| {pair} | {agreed:.1%} | {right:.1%} | " + " | ".join(str(read[name]) for name in NAMES) + " |")
    print(json.dumps(result))


if __name__ == "__main__":
    main()

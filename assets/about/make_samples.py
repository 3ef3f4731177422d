"""Make the sample outputs the About tab shows on each tab's card, with the embedded models, offline.

    python assets/about/make_samples.py [art writing ...]   # only these tabs' samples; the others are kept

Writes assets/about/<tab>.png (small pictures) and assets/about/samples.json (the texts and which
picture goes with which tab). Everything is made with fixed seeds by the same code the tabs run, into
a throw-away data folder, so nothing lands in the real audit log.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
sys.path.insert(0, str(FOLDER.parent.parent))
os.environ["GENLAB_DATA_DIR"] = tempfile.mkdtemp(prefix="genlab-about-samples-")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
THUMBNAIL = 220  # pixels on the long side


def art() -> dict:
    from PIL import Image

    from apps.art import examples
    from core.art.generator import ArtRequest, paint

    prompt, seed = examples()[0]  # the prompt the Art tab opens with
    final = list(paint(ArtRequest(prompt=prompt, seed=seed)))[-1]
    picture = final.previews[0].resize((THUMBNAIL, THUMBNAIL), Image.Resampling.NEAREST)
    picture.save(FOLDER / "art.png", optimize=True)
    return {"image": "art.png", "pixel_art": True, "caption": f"“{prompt}”, painted by the built-in model"}


def writing(seed: int = 0) -> dict:
    """A quatrain from `seed`, and how many of its words are in the English word list (core.text.english): the
    built-in poet writes only such words, and the caption says so without claiming sense."""
    from core.text.english import real_words
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import write

    last = None
    for last in write(WritingRequest(mode="Poem", theme="the sea at night", form="Quatrain"),
                      SamplingSettings(seed=seed, max_new_tokens=80)):
        pass
    lines = [line for line in last.text.splitlines() if line.strip()][:5]
    lines[-1] = lines[-1].rstrip(",;:-– ") + ("" if lines[-1].rstrip()[-1:] in ".!?" else "…")  # not on a comma
    share = real_words("\n".join(lines[1:])).share
    found = "every word of it is in an English word list" if share == 1 else \
        f"{share:.0%} of it is in an English word list"
    caption = f"a quatrain on “the sea at night” by the built-in poet, seed {seed}: {found}, though its sense is loose"
    return {"text": "\n".join(lines), "caption": caption}


def quests() -> dict:
    from core.quests.planner import QuestRequest, plan_quest

    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    steps = "\n".join(f"{number}. {step.description}" for number, step in enumerate(quest.steps[:3], 1))
    return {"text": f"{quest.title}\n{steps}\n…", "caption": "the start of a planned quest"}


def synthetic_data() -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from core.tabular.datasets import load_dataset
    from core.tabular.synthesize import SynthesisConfig, synthesize

    table = load_dataset("hmda")
    result = synthesize(table, SynthesisConfig(rows=1000, seed=0), record=False)
    column = "pirat"
    figure, axes = plt.subplots(figsize=(3.3, 2.2), dpi=100)
    bins = [i / 20 for i in range(0, 21)]
    axes.hist(result.train[column].clip(0, 1), bins=bins, alpha=0.6, density=True, label="real", color="#4f46e5")
    axes.hist(result.synthetic[column].clip(0, 1), bins=bins, density=True, label="synthetic", color="#0f766e",
              histtype="step", linewidth=2)  # an outline over the real bars: both stay visible where they agree
    axes.set_xlabel("payments / income")
    axes.set_yticks([])
    axes.legend(frameon=False, fontsize=8)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    figure.savefig(FOLDER / "synthetic_data.png", transparent=False)
    plt.close(figure)
    return {"image": "synthetic_data.png", "caption": "a real column and its synthetic look-alike"}


def molecules() -> dict:
    from rdkit import Chem

    from core.molecules.drawing import drawings
    from core.molecules.generator import GenerationConfig, MoleculeGenerator

    result = MoleculeGenerator.load().generate(GenerationConfig(count=8, seed=1))
    import numpy as np

    molecule = Chem.MolFromSmiles(result.valid_smiles[0])  # one, cut to its drawing: a phone's card shows it large
    picture = drawings([molecule], [""], size=300)[0]
    inked = np.argwhere(np.asarray(picture.convert("L")) < 250)
    (top, left), (bottom, right) = inked.min(axis=0), inked.max(axis=0)
    margin = 12
    picture = picture.crop((max(0, left - margin), max(0, top - margin), min(picture.width, right + margin + 1),
                            min(picture.height, bottom + margin + 1)))
    picture.save(FOLDER / "molecules.png", optimize=True)
    return {"image": "molecules.png", "caption": "a molecule the generator invented"}


def deepfake_check() -> dict:
    return {"text": "Machine-made: strong evidence\nThe watermark decodes with this site's key, names an audit "
                    "record, and the picture matches it.",
            "caption": "what a picture made in the Art tab gets"}


def ethics() -> dict:
    from core.fairness.audit import AuditConfig, audit
    from core.tabular.datasets import load_dataset

    from core.tabular.data_dictionary import negated_names, short_names

    result = audit(load_dataset("hmda"), AuditConfig(target="deny", positive="yes", protected=("afam",), seed=0,
                                                     favourable=False, names=tuple(short_names("hmda").items()),
                                                     negated_names=tuple(negated_names("hmda").items())))
    predicts = next(sentence for sentence in result.sentences if sentence.startswith("The model predicts"))
    return {"text": predicts, "caption": "the fairness audit of a loan model, in one sentence"}


def lab() -> dict | None:
    import numpy as np

    from core.lab import NAMES
    from core.lab.figures import digit_grid
    from core.lab.reading import read_digits
    from core.lab.shipped import available, sample_digits

    if not available():  # the Lab's models are not shipped yet: no card sample
        return None

    # four of 16 that the Lab's two readers read alike, different digits first: a "B" and a "(" stood in the GAN's row
    rows = np.concatenate([_four_read_alike(read_digits(sample_digits(name, 16, seed=7)[0])) for name in NAMES])
    digit_grid(rows, columns=4, scale=2).save(FOLDER / "lab.png", optimize=True)
    return {"image": "lab.png", "pixel_art": True,
            "caption": "handwritten digits made by four models, a row each: the GAN (adversarial network), the VAE "
                       "(variational autoencoder), the diffusion model and the Transformer; in each row, four of the "
                       "16 it made that two digit readers read as the same digit"}


def _four_read_alike(read):
    clear = list(range(read.clear))
    first_of_each = [n for n in clear if n == 0 or read.captions[n] != read.captions[n - 1]]
    chosen = (first_of_each + [n for n in clear if n not in first_of_each] + list(range(read.clear, 16)))[:4]
    return read.images[sorted(chosen)]


def main() -> None:
    makers = (art, writing, quests, synthetic_data, molecules, deepfake_check, ethics, lab)
    chosen = set(sys.argv[1:]) or {make.__name__ for make in makers}
    unknown = chosen - {make.__name__ for make in makers}
    if unknown:
        raise SystemExit(f"No sample called {', '.join(sorted(unknown))}; choose from "
                         f"{', '.join(make.__name__ for make in makers)}.")
    kept = FOLDER / "samples.json"
    samples = json.loads(kept.read_text()) if kept.exists() else {}
    for make in makers:
        if make.__name__ not in chosen:
            continue
        print(f"making the {make.__name__} sample", flush=True)
        sample = make()
        samples.pop(make.__name__, None)
        if sample is not None:
            samples[make.__name__] = sample
    samples = {make.__name__: samples[make.__name__] for make in makers if make.__name__ in samples}
    (FOLDER / "samples.json").write_text(json.dumps(samples, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(samples, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Properties of generated molecules beside the training set's, and the generator's measured quality.

A generator's folder may hold `quality.json`, written by `python bench/molecules.py --write-quality`:
its MOSES-style figures on 10,000 samples, the published rows they are compared with, and histograms
of the training molecules' properties, so the tab shows both without loading the 1.58 M training
molecules.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

QUALITY_FILE = "quality.json"
BINS = 30
# column of the properties table: (what a person reads, histogram range)
DISTRIBUTION_PROPERTIES = {
    "mw": ("Molecular weight (Da)", (150.0, 550.0)),
    "logp": ("logP (how oily)", (-3.0, 7.0)),
    "qed": ("QED (drug-likeness, 0 to 1)", (0.0, 1.0)),
    "sa_score": ("SA score (1 easy to make, 10 hard)", (1.0, 7.0)),
}


@dataclass
class Histogram:
    edges: list[float]
    density: list[float]


@dataclass
class GeneratorQuality:
    samples: int
    temperature: float
    metrics: dict[str, float]  # validity, unique, novelty, intdiv, filters, valid_per_second
    published: dict[str, list[float]]  # model: validity, unique, novelty, intdiv, filters
    training_histograms: dict[str, Histogram]
    property_distances: dict[str, float] = field(default_factory=dict)  # Wasserstein-1, ours against training
    distance_noise: dict[str, float] = field(default_factory=dict)  # two training samples against each other


def property_values(smiles_list: list[str]) -> dict[str, np.ndarray]:
    """MW, logP, QED and SA score of each valid SMILES, keyed like the properties table's columns."""
    from rdkit import Chem
    from rdkit.Chem import QED, Crippen, Descriptors

    from core.molecules.properties import sa_score

    mols = [Chem.MolFromSmiles(s) for s in smiles_list]
    return {
        "mw": np.array([Descriptors.MolWt(m) for m in mols]),
        "logp": np.array([Crippen.MolLogP(m) for m in mols]),
        "qed": np.array([QED.qed(m) for m in mols]),
        "sa_score": np.array([sa_score(m) for m in mols]),
    }


def histogram(values, name: str) -> Histogram:
    """Density histogram of one property over its fixed range; values outside count in the end bins."""
    low, high = DISTRIBUTION_PROPERTIES[name][1]
    clipped = np.clip(np.asarray(values, dtype=float), low, high)
    density, edges = np.histogram(clipped, bins=BINS, range=(low, high), density=len(clipped) > 0)
    return Histogram([round(float(e), 4) for e in edges], [round(float(d), 6) for d in density])


def write_quality(model_path: str | Path, quality: GeneratorQuality) -> Path:
    path = Path(model_path) / QUALITY_FILE
    path.write_text(json.dumps(asdict(quality), indent=1) + "\n")
    return path


def read_quality(model_path: str | Path) -> GeneratorQuality | None:
    """The measured quality stored beside a generator, or None where it has none."""
    path = Path(model_path) / QUALITY_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    data["training_histograms"] = {name: Histogram(**h) for name, h in data["training_histograms"].items()}
    return GeneratorQuality(**data)

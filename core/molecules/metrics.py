"""MOSES-style quality of a set of generated SMILES, computed with RDKit.

Definitions follow MOSES (Polykovskiy et al. 2020): validity is the share that RDKit parses;
unique@k the share of distinct canonical SMILES among the first k valid ones; novelty the
share of distinct valid molecules not in the training set; IntDiv1 one minus the mean
pairwise Tanimoto similarity of Morgan fingerprints (radius 2, 1024 bits); filters the share
of valid molecules passing MOSES' MCF and PAINS filters with only C, N, S, O, F, Cl, Br, H,
no charges and no ring larger than 7.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from core.molecules.chemistry import _quiet_rdkit


@dataclass
class GenerationMetrics:
    samples: int
    validity: float
    unique: float
    novelty: float | None
    internal_diversity: float
    filters: float
    property_distances: dict[str, float] = field(default_factory=dict)


def canonical(smiles_list: list[str]) -> list[str | None]:
    from rdkit import Chem

    _quiet_rdkit()
    result = []
    for smiles in smiles_list:
        mol = Chem.MolFromSmiles(smiles) if smiles else None
        result.append(Chem.MolToSmiles(mol) if mol is not None else None)
    return result


def internal_diversity(smiles_list: list[str]) -> float:
    from rdkit import Chem, DataStructs
    from rdkit.Chem import rdFingerprintGenerator

    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=1024)
    fingerprints = [generator.GetFingerprint(Chem.MolFromSmiles(s)) for s in smiles_list]
    if len(fingerprints) < 2:
        return 0.0
    total = 0.0
    for fingerprint in fingerprints:
        total += sum(DataStructs.BulkTanimotoSimilarity(fingerprint, fingerprints))
    return 1.0 - total / len(fingerprints) ** 2


@functools.lru_cache(maxsize=1)
def _moses_filters():
    import pandas as pd
    from rdkit import Chem

    from core.molecules.moses import moses_file

    folder = moses_file("train.csv.gz").parent.parent.parent / "metrics"
    patterns = []
    for name in ("mcf.csv", "wehi_pains.csv"):
        table = pd.read_csv(folder / name, names=["smarts", "names"])
        patterns += [Chem.MolFromSmarts(s) for s in table["smarts"].iloc[1:] if isinstance(s, str)]
    return [p for p in patterns if p is not None]


def passes_moses_filters(mol) -> bool:
    from rdkit import Chem

    allowed = {"C", "N", "S", "O", "F", "Cl", "Br", "H"}
    if any(len(ring) >= 8 for ring in mol.GetRingInfo().AtomRings()):
        return False
    if any(atom.GetFormalCharge() != 0 or atom.GetSymbol() not in allowed for atom in mol.GetAtoms()):
        return False
    with_hydrogens = Chem.AddHs(mol)
    return not any(with_hydrogens.HasSubstructMatch(pattern) for pattern in _moses_filters())


def evaluate_generation(generated: list[str], training: set[str] | None = None,
                        reference_properties: dict[str, np.ndarray] | None = None,
                        unique_at: int | None = None) -> GenerationMetrics:
    """MOSES-style metrics of `generated` SMILES; novelty needs the training set's canonical SMILES."""
    from rdkit import Chem
    from scipy.stats import wasserstein_distance

    from core.molecules.distributions import property_values

    canon = canonical(generated)
    valid = [s for s in canon if s is not None]
    if not valid:
        return GenerationMetrics(len(generated), 0.0, 0.0, None, 0.0, 0.0)
    first_k = valid[:unique_at] if unique_at else valid
    distinct = set(valid)
    novelty = len(distinct - training) / len(distinct) if training is not None else None
    filters = float(np.mean([passes_moses_filters(Chem.MolFromSmiles(s)) for s in valid]))
    distances = {}
    if reference_properties:
        values = property_values(valid)
        distances = {name: float(wasserstein_distance(values[name], reference_properties[name]))
                     for name in values if name in reference_properties}
    return GenerationMetrics(
        samples=len(generated), validity=len(valid) / len(generated), unique=len(set(first_k)) / len(first_k),
        novelty=novelty, internal_diversity=internal_diversity(valid), filters=filters,
        property_distances=distances,
    )

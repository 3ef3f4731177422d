"""A goal for the optimiser, built from plain choices: how drug-like, how easy to make, logP and
weight windows, similarity to a reference, substructures that must or must not appear, filters.

Each wish becomes a desirability between 0 and 1; the score is their weighted geometric mean,
so a molecule must do reasonably on every wish, and 0 where a hard rule is broken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LOGP_TOLERANCE = 1.5  # desirability falls from 1 to 0 this far outside the logP window
MW_TOLERANCE = 150.0
SA_EASY, SA_HARD = 3.0, 6.0  # SA score at or below which a molecule counts as easy to make, and hard


@dataclass(frozen=True)
class ObjectiveConfig:
    qed_weight: float = 1.0
    sa_weight: float = 1.0
    logp_window: tuple[float, float] | None = None
    logp_weight: float = 1.0
    mw_window: tuple[float, float] | None = None
    mw_weight: float = 1.0
    reference_smiles: str | None = None
    similarity_weight: float = 1.0
    required_smarts: tuple[str, ...] = ()
    forbidden_smarts: tuple[str, ...] = ()
    require_lipinski: bool = False
    reject_pains: bool = False


@dataclass
class ScoredMolecule:
    smiles: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)


def window_desirability(value: float, low: float, high: float, tolerance: float) -> float:
    if low <= value <= high:
        return 1.0
    distance = low - value if value < low else value - high
    return max(0.0, 1.0 - distance / tolerance)


class Objective:
    """Compiled objective: `score(mol)` and `explain(mol)`; raises ValueError on bad settings."""

    def __init__(self, config: ObjectiveConfig):
        from rdkit import Chem

        from core.molecules.properties import morgan_fingerprint

        self.config = config
        for name, window in (("logP", config.logp_window), ("molecular weight", config.mw_window)):
            if window is not None and window[0] > window[1]:
                raise ValueError(f"The {name} window runs from {window[0]} to {window[1]}: the lower end must come first.")
        weights = [config.qed_weight, config.sa_weight, config.logp_weight, config.mw_weight, config.similarity_weight]
        if any(w < 0 for w in weights):
            raise ValueError("Weights cannot be negative.")
        self.reference_fingerprint = None
        if config.reference_smiles:
            reference = Chem.MolFromSmiles(config.reference_smiles)
            if reference is None:
                raise ValueError(f"The reference '{config.reference_smiles}' is not a valid SMILES.")
            self.reference_fingerprint = morgan_fingerprint(reference)
        self.required = [self._pattern(s, "required") for s in config.required_smarts if s.strip()]
        self.forbidden = [self._pattern(s, "forbidden") for s in config.forbidden_smarts if s.strip()]
        if not self._weighted_parts_configured():
            raise ValueError("Give the goal at least one wish with a weight above zero.")

    @staticmethod
    def _pattern(smarts: str, kind: str):
        from rdkit import Chem

        pattern = Chem.MolFromSmarts(smarts.strip())
        if pattern is None:
            from core.inputs.text import excerpt

            raise ValueError(f"The {kind} substructure '{excerpt(smarts)}' is not valid SMARTS.")
        return pattern

    def _weighted_parts_configured(self) -> bool:
        c = self.config
        return any([c.qed_weight > 0, c.sa_weight > 0, c.logp_window and c.logp_weight > 0,
                    c.mw_window and c.mw_weight > 0, self.reference_fingerprint is not None and c.similarity_weight > 0])

    def explain(self, mol) -> ScoredMolecule:
        from rdkit import Chem
        from rdkit.Chem import QED, Crippen, Descriptors

        from core.molecules.properties import alerts, sa_score, tanimoto

        c = self.config
        smiles = Chem.MolToSmiles(mol)
        broken = []
        if any(not mol.HasSubstructMatch(p) for p in self.required):
            broken.append("missing a required substructure")
        if any(mol.HasSubstructMatch(p) for p in self.forbidden):
            broken.append("has a forbidden substructure")
        if c.reject_pains and alerts(mol, "PAINS"):
            broken.append("PAINS alert")
        mw, logp = Descriptors.MolWt(mol), Crippen.MolLogP(mol)
        if c.require_lipinski:
            from rdkit.Chem import Lipinski

            violations = (mw > 500) + (logp > 5) + (Lipinski.NumHDonors(mol) > 5) + (Lipinski.NumHAcceptors(mol) > 10)
            if violations > 1:
                broken.append("fails Lipinski")
        parts, weights = {}, {}
        if c.qed_weight > 0:
            parts["drug-likeness (QED)"], weights["drug-likeness (QED)"] = QED.qed(mol), c.qed_weight
        if c.sa_weight > 0:
            sa = sa_score(mol)
            parts["easy to make (SA)"] = min(1.0, max(0.0, (SA_HARD - sa) / (SA_HARD - SA_EASY)))
            weights["easy to make (SA)"] = c.sa_weight
        if c.logp_window and c.logp_weight > 0:
            parts["logP in window"] = window_desirability(logp, *c.logp_window, LOGP_TOLERANCE)
            weights["logP in window"] = c.logp_weight
        if c.mw_window and c.mw_weight > 0:
            parts["weight in window"] = window_desirability(mw, *c.mw_window, MW_TOLERANCE)
            weights["weight in window"] = c.mw_weight
        if self.reference_fingerprint is not None and c.similarity_weight > 0:
            parts["similar to reference"] = tanimoto(mol, self.reference_fingerprint)
            weights["similar to reference"] = c.similarity_weight
        if broken:
            return ScoredMolecule(smiles, 0.0, {**parts, "hard rules broken": ", ".join(broken)})
        total = sum(weights.values())
        score = math.exp(sum(w * math.log(max(parts[k], 1e-3)) for k, w in weights.items()) / total)
        return ScoredMolecule(smiles, score, parts)

    def score(self, mol) -> float:
        return self.explain(mol).score


def score_smiles(smiles: list[str], config: ObjectiveConfig) -> list[float | None]:
    """The objective's score of each SMILES (None for one RDKit cannot read): one piece of a generation's scoring,
    as core.jobs.batches sends it to a worker or a Ray task."""
    from rdkit import Chem

    objective = Objective(config)
    molecules = [Chem.MolFromSmiles(text) for text in smiles]
    return [None if mol is None else objective.score(mol) for mol in molecules]

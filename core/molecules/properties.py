"""Properties a medicinal chemist looks at first, computed with RDKit.

MW, logP (Crippen), TPSA, H-bond donors and acceptors, rotatable bonds, QED, synthetic
accessibility (Ertl and Schuffenhauer's SA score, 1 easy to 10 hard), Lipinski's rule of five
(at most one violation) and Veber's rules, PAINS and Brenk structural alerts, and Tanimoto
similarity of Morgan fingerprints (radius 2, 2048 bits) to a reference.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass


PROPERTY_HEADINGS = {  # a property's column as a table shows it: plain words, the chemist's abbreviation after
    "smiles": "SMILES", "mw": "weight, Da (MW)", "logp": "oiliness (logP)", "tpsa": "polar surface, Å² (TPSA)",
    "hbd": "H-bond donors", "hba": "H-bond acceptors", "rotatable_bonds": "rotatable bonds",
    "qed": "drug-likeness (QED)", "sa_score": "hard to make, 1-10 (SA)", "lipinski_pass": "passes Lipinski",
    "veber_pass": "passes Veber", "pains_alerts": "PAINS alerts", "brenk_alerts": "Brenk alerts",
    "similarity": "similarity to the reference",
}


@dataclass(frozen=True)
class MoleculeProperties:
    smiles: str
    mw: float
    logp: float
    tpsa: float
    hbd: int
    hba: int
    rotatable_bonds: int
    qed: float
    sa_score: float
    lipinski_pass: bool
    veber_pass: bool
    pains_alerts: tuple[str, ...]
    brenk_alerts: tuple[str, ...]
    similarity: float | None = None

    def as_row(self) -> dict:
        row = asdict(self)
        row["pains_alerts"] = "; ".join(self.pains_alerts)
        row["brenk_alerts"] = "; ".join(self.brenk_alerts)
        return row


@functools.lru_cache(maxsize=1)
def _catalogs():
    from rdkit.Chem.FilterCatalog import FilterCatalog, FilterCatalogParams

    catalogs = {}
    for name, kind in (("PAINS", FilterCatalogParams.FilterCatalogs.PAINS),
                       ("Brenk", FilterCatalogParams.FilterCatalogs.BRENK)):
        params = FilterCatalogParams()
        params.AddCatalog(kind)
        catalogs[name] = FilterCatalog(params)
    return catalogs


def alerts(mol, catalog: str) -> tuple[str, ...]:
    return tuple(entry.GetDescription() for entry in _catalogs()[catalog].GetMatches(mol))


def sa_score(mol) -> float:
    from rdkit.Contrib.SA_Score import sascorer

    score = sascorer.calculateScore(mol)
    return 10.0 if score is None else float(score)  # the scorer gives None for an empty molecule: the worst score


def morgan_fingerprint(mol):
    return _morgan_generator().GetFingerprint(mol)


@functools.lru_cache(maxsize=1)
def _morgan_generator():
    from rdkit.Chem import rdFingerprintGenerator

    return rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def tanimoto(mol, reference_fingerprint) -> float:
    from rdkit import DataStructs

    return float(DataStructs.TanimotoSimilarity(morgan_fingerprint(mol), reference_fingerprint))


def compute_properties(mol, reference=None) -> MoleculeProperties:
    """All properties of one RDKit Mol; `reference` (a Mol) adds the Tanimoto similarity to it."""
    from rdkit import Chem
    from rdkit.Chem import QED, Crippen, Descriptors, Lipinski, rdMolDescriptors

    mw, logp = Descriptors.MolWt(mol), Crippen.MolLogP(mol)
    hbd, hba = Lipinski.NumHDonors(mol), Lipinski.NumHAcceptors(mol)
    rotatable, tpsa = rdMolDescriptors.CalcNumRotatableBonds(mol), rdMolDescriptors.CalcTPSA(mol)
    violations = (mw > 500) + (logp > 5) + (hbd > 5) + (hba > 10)
    return MoleculeProperties(
        smiles=Chem.MolToSmiles(mol),
        mw=round(mw, 2), logp=round(logp, 2), tpsa=round(tpsa, 2), hbd=hbd, hba=hba, rotatable_bonds=rotatable,
        qed=round(QED.qed(mol), 3), sa_score=round(sa_score(mol), 2),
        lipinski_pass=violations <= 1, veber_pass=rotatable <= 10 and tpsa <= 140,
        pains_alerts=alerts(mol, "PAINS"), brenk_alerts=alerts(mol, "Brenk"),
        similarity=None if reference is None else round(tanimoto(mol, morgan_fingerprint(reference)), 3),
    )

"""Read molecules from SMILES, SELFIES or SDF/MOL text, validate and standardise them.

Standardising keeps the largest fragment (drops salts and solvents), neutralises charges
where a neutral form exists, and writes canonical SMILES, so the same molecule always
looks the same.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

MAX_HEAVY_ATOMS = 150
MAX_ENTRIES = 10_000
_SELFIES = re.compile(r"(\[[^\[\]]+\])+")


@dataclass(frozen=True)
class Molecule:
    smiles: str
    name: str
    mol: object  # rdkit.Chem.Mol, standardised


@dataclass(frozen=True)
class ParseResult:
    molecules: list[Molecule]
    problems: list[str]
    named: list[tuple[str, str]] = field(default_factory=list)  # (name, source) of each entry read as a name


def _quiet_rdkit() -> None:
    from rdkit import RDLogger

    RDLogger.DisableLog("rdApp.*")


def standardise(mol):
    """Largest fragment, neutralised, sanitised; returns a new Mol."""
    from rdkit import Chem
    from rdkit.Chem.MolStandardize import rdMolStandardize

    mol = rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol)
    mol = rdMolStandardize.Uncharger().uncharge(mol)
    Chem.SanitizeMol(mol)
    return mol


def canonical_smiles(smiles: str) -> str | None:
    """Canonical SMILES of a valid molecule, else None (no standardisation)."""
    from rdkit import Chem

    _quiet_rdkit()
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    return Chem.MolToSmiles(mol) if mol is not None else None


def _entries_from_text(text: str) -> list[tuple[str, str, str]]:
    """(name, string, whole line) per non-empty line: 'SMILES', or 'SMILES name', or a common name alone."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.replace("\t", " ").split(None, 1)
        entries.append((parts[1].strip() if len(parts) > 1 else f"line {number}", parts[0], line))
    return entries


def _read_entry(name: str, string: str, line: str, named: list[tuple[str, str]]) -> tuple[str, str, object]:
    """(name, string, Mol or None): SMILES or SELFIES first, else the whole line as a common name."""
    mol = _from_string(string)
    if mol is None:
        from core.molecules.names import find_by_name

        found = find_by_name(line)
        if found is not None:
            named.append((found.name, found.source))
            return found.name, found.smiles, _from_string(found.smiles)
    return name, string, mol


def _from_string(string: str):
    """A Mol from SMILES, or from SELFIES when the string is bracketed tokens only, like [C][=O]."""
    from rdkit import Chem

    if _SELFIES.fullmatch(string):
        import selfies

        try:
            decoded = selfies.decoder(string)
        except selfies.DecoderError:
            return None
        return Chem.MolFromSmiles(decoded) if decoded else None
    return Chem.MolFromSmiles(string)


def parse_molecules(text: str = "", sdf_text: str | None = None) -> ParseResult:
    """Molecules from lines of SMILES/SELFIES (optionally followed by a name) or from SDF/MOL text.

    Raises ValueError for empty input or too many entries; entries that cannot be read, or that
    are too large, are named in `problems` and left out.
    """
    from rdkit import Chem

    _quiet_rdkit()
    raw: list[tuple[str, object]] = []
    if sdf_text:
        if sdf_text.count("$$$$") > MAX_ENTRIES:
            raise ValueError(f"The file has {sdf_text.count('$$$$'):,} molecules; the limit is {MAX_ENTRIES:,}.")
        supplier = Chem.ForwardSDMolSupplier(io.BytesIO(sdf_text.encode()), sanitize=True)
        for index, mol in enumerate(supplier, start=1):
            name = (mol.GetProp("_Name").strip() if mol is not None and mol.HasProp("_Name") else "") or f"molecule {index}"
            raw.append((name, mol))
    entries = _entries_from_text(text or "")
    if len(entries) + len(raw) > MAX_ENTRIES:
        raise ValueError(f"That is {len(entries) + len(raw):,} molecules; the limit is {MAX_ENTRIES:,}.")
    named: list[tuple[str, str]] = []
    for name, string, line in entries:
        name, string, mol = _read_entry(name, string, line, named)
        raw.append((name, (string, mol)))
    if not raw:
        raise ValueError("Enter at least one molecule: a SMILES string such as CCO (ethanol), one per line.")

    from core.inputs.text import excerpt

    molecules, problems = [], []
    for name, item in raw:
        string, mol = item if isinstance(item, tuple) else (name, item)
        if mol is None:
            problems.append(f"{excerpt(name)}: '{excerpt(string)}' is neither a valid SMILES string nor a molecule name "
                            "we know." if string != name
                            else f"{excerpt(name)}: could not be read.")
            continue
        if mol.GetNumHeavyAtoms() > MAX_HEAVY_ATOMS:
            problems.append(f"{excerpt(name)}: {mol.GetNumHeavyAtoms()} heavy atoms; the limit is {MAX_HEAVY_ATOMS}.")
            continue
        try:
            clean = standardise(mol)
        except Exception as error:  # RDKit raises several kinds for chemistry it cannot fix
            problems.append(f"{excerpt(name)}: could not be standardised.")
            continue
        molecules.append(Molecule(Chem.MolToSmiles(clean), name, clean))
    return ParseResult(molecules, problems, named)

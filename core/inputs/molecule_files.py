"""Read an uploaded molecule file (SDF, MOL or a SMILES list) as text within bounds, binary refused."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.inputs.text import control_share, excerpt, uploaded_file

SDF_SUFFIXES = (".sdf", ".sd", ".mol")
TEXT_SUFFIXES = (".smi", ".smiles", ".txt", ".csv")


@dataclass(frozen=True)
class MoleculeFileLimits:
    max_bytes: int = 5 * 2**20
    max_text_chars: int = 200_000  # what may be typed or pasted into the molecules box


DEFAULT_LIMITS = MoleculeFileLimits()


@dataclass
class MoleculeFile:
    text: str
    is_sdf: bool  # SDF or MOL records; else one SMILES or SELFIES per line


def read_molecule_file(path: str | Path | None, limits: MoleculeFileLimits = DEFAULT_LIMITS) -> MoleculeFile:
    """The file's text, or a ValueError with a sentence: empty, too big, not text, or not a molecule format."""
    path, size = uploaded_file(path, "an SDF, MOL or SMILES file")
    suffix = path.suffix.lower()
    if suffix not in SDF_SUFFIXES + TEXT_SUFFIXES:
        raise ValueError(f"'{excerpt(path.name)}' is not a molecule file: upload .sdf, .mol, .smi or .txt.")
    if size > limits.max_bytes:
        raise ValueError(f"The file is {size / 2**20:.1f} MB; molecule files are limited to "
                         f"{limits.max_bytes // 2**20} MB.")
    raw = path.read_bytes()
    if b"\x00" in raw or control_share(raw[:65536]) > 0.01:
        raise ValueError("This file is not text: it looks like a binary file (a picture or an archive, say) "
                         "renamed. Upload an SDF, MOL or SMILES text file.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError("The file is not UTF-8 text. Save it as plain text (UTF-8) and upload it again.") from error
    return MoleculeFile(text=text, is_sdf=suffix in SDF_SUFFIXES)


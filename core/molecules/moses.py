"""The MOSES benchmark's molecules, as the molsets package ships them (its data files, read without importing the
package, whose own imports are broken)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path


def moses_file(name: str) -> Path:
    """Path of a MOSES data file inside the installed molsets package, found without importing it."""
    for file in metadata.files("molsets") or []:
        if str(file).endswith(f"moses/dataset/data/{name}"):
            return Path(file.locate())
    raise FileNotFoundError(f"molsets does not ship {name}; install it with `pip install --no-deps molsets`.")


def read_smiles(name: str) -> list[str]:
    """The SMILES column of a MOSES data file ("train.csv.gz", "test.csv.gz", ...). Read as lines, not with pandas,
    which takes several times longer over the 1.58 million training molecules an optimisation job reads as it
    starts."""
    import gzip

    path = moses_file(name)
    with (gzip.open(path, "rt") if path.suffix == ".gz" else open(path)) as file:
        lines = file.read().splitlines()
    header = lines[0].split(",")
    column = header.index("SMILES")
    rows = (line for line in lines[1:] if line)
    return list(rows) if len(header) == 1 else [line.split(",")[column] for line in rows]

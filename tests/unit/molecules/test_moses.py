import subprocess
import sys

import pytest

from core.molecules.moses import moses_file, read_smiles

pytest.importorskip("pandas")


def test_the_moses_molecules_are_read_as_pandas_reads_them():
    import pandas as pd

    assert read_smiles("test.csv.gz") == pd.read_csv(moses_file("test.csv.gz"))["SMILES"].tolist()


def test_an_optimisations_starting_pool_imports_neither_torch_nor_transformers():
    """Reading the training molecules imported the generator's trainer, and with it torch and transformers: about
    7.5 s more before an optimisation job's first generation."""
    code = ("import sys\nfrom core.molecules.optimize import starting_pool\nassert len(starting_pool(1, 10)) == 10\n"
            "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"

import io

import pytest
from PIL import Image

from core.inputs.molecule_files import MoleculeFileLimits, read_molecule_file


def test_smiles_and_sdf_text_are_read(tmp_path):
    (tmp_path / "a.smi").write_text("CCO ethanol\n")
    assert read_molecule_file(tmp_path / "a.smi").text == "CCO ethanol\n"
    (tmp_path / "a.sdf").write_text("\n  RDKit\n\n$$$$\n")
    assert read_molecule_file(tmp_path / "a.sdf").is_sdf


@pytest.mark.parametrize("name", ["picture.smi", "picture.sdf", "picture.txt"])
def test_a_binary_file_renamed_is_refused_not_read_as_molecule_names(tmp_path, name):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (1, 2, 3)).save(buffer, "PNG")
    (tmp_path / name).write_bytes(buffer.getvalue())
    with pytest.raises(ValueError, match="not text"):
        read_molecule_file(tmp_path / name)


def test_empty_oversized_and_other_kinds_get_sentences(tmp_path):
    (tmp_path / "empty.smi").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        read_molecule_file(tmp_path / "empty.smi")
    (tmp_path / "big.smi").write_text("C\n" * 1000)
    with pytest.raises(ValueError, match="limited to"):
        read_molecule_file(tmp_path / "big.smi", MoleculeFileLimits(max_bytes=100))
    (tmp_path / "t.docx").write_bytes(b"PK")
    with pytest.raises(ValueError, match="not a molecule file"):
        read_molecule_file(tmp_path / "t.docx")
    (tmp_path / "latin.smi").write_bytes("CCO caf\xe9\n".encode("latin-1"))
    with pytest.raises(ValueError, match="UTF-8"):
        read_molecule_file(tmp_path / "latin.smi")

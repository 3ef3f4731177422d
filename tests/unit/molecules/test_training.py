import numpy as np

from core.molecules.tokenizer import encodable, encode, train_bpe_tokenizer
from core.molecules.train import batch_tensors, epoch_batches

SMILES = ["CC(=O)Oc1ccccc1C(=O)O", "c1ccc2[nH]ccc2c1", "CCN(CC)CCOC(=O)c1ccc(N)cc1", "ClCCl", "O=C(O)c1ccccc1Br",
          "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CC(=O)Nc1ccc(O)cc1"] * 25


def test_byte_pair_tokens_make_molecules_shorter_and_decode_back_to_the_same_smiles():
    tokenizer = train_bpe_tokenizer(SMILES, vocab_size=80, alphabet=sorted(set("".join(SMILES)) | {"S"}))
    rows = encode(SMILES[:8], tokenizer, max_tokens=98)
    for smiles, row in zip(SMILES, rows):
        ids = [i for i in row.tolist() if i not in (tokenizer.pad_token_id, tokenizer.bos_token_id,
                                                    tokenizer.eos_token_id)]
        assert len(ids) < len(smiles) / 2
        assert tokenizer.decode(ids).replace(" ", "") == smiles
    assert row[0] == tokenizer.bos_token_id and tokenizer.eos_token_id in row.tolist()


def test_only_smiles_the_tokenizer_can_write_are_kept_for_training():
    tokenizer = train_bpe_tokenizer(SMILES, vocab_size=80, alphabet=sorted(set("".join(SMILES))))
    assert encodable(["CCO", "CS(C)=O", "c1ccccc1"], tokenizer) == ["CCO", "c1ccccc1"]


def test_an_epoch_uses_each_molecule_at_most_once_in_batches_of_similar_length():
    lengths = np.random.default_rng(0).integers(5, 60, size=10_000)
    batches = epoch_batches(lengths, batch_size=100, sort_chunk=10, seed=1)
    used = np.concatenate(batches)
    assert all(len(batch) == 100 for batch in batches) and len(set(used.tolist())) == len(used) == 10_000
    spread = np.mean([np.ptp(lengths[batch]) for batch in batches])
    assert spread < 15  # shuffled batches span almost the whole 5-59 range
    as_lists = [batch.tolist() for batch in batches]
    assert as_lists == [batch.tolist() for batch in epoch_batches(lengths, 100, 10, seed=1)]
    assert as_lists != [batch.tolist() for batch in epoch_batches(lengths, 100, 10, seed=2)]


def test_padding_is_left_out_of_the_loss():
    rows = np.array([[1, 5, 6, 2, 0], [1, 5, 2, 0, 0]], dtype=np.int16)
    inputs, labels = batch_tensors(rows, pad=0)
    assert inputs.shape == (2, 3) and labels.tolist() == [[5, 6, 2], [5, 2, -100]]


def test_plain_batches_are_consecutive_slices_of_one_shuffle():
    lengths = np.arange(1000)
    batches = epoch_batches(lengths, batch_size=100, sort_chunk=1, seed=3)
    order = np.random.default_rng(3).permutation(1000)
    assert [batch.tolist() for batch in batches] == [order[i:i + 100].tolist() for i in range(0, 1000, 100)]


def test_the_trainer_makes_atom_or_byte_pair_tokens_and_refuses_other_kinds():
    import pytest

    from core.molecules.train import TrainingConfig, make_tokenizer

    atoms = make_tokenizer(SMILES, TrainingConfig(molecule_format="smiles", tokens="atoms"))
    assert "Cl" in atoms.get_vocab() and "[nH]" in atoms.get_vocab() and len(atoms.get_vocab()) < 20
    pairs = make_tokenizer(SMILES, TrainingConfig(molecule_format="smiles", tokens="bpe", vocab_size=60,
                                                  tokenizer_molecules=100))
    assert len(pairs.get_vocab()) == 60
    with pytest.raises(ValueError, match="'bpe' or 'atoms'"):
        make_tokenizer(SMILES, TrainingConfig(tokens="words"))


def test_selfies_byte_pairs_are_whole_symbols_and_decode_back_to_the_same_molecule():
    from rdkit import Chem

    from core.molecules.tokenizer import decode_molecules, model_text, train_selfies_tokenizer

    texts = model_text(SMILES, "selfies")
    symbols = sorted({symbol for text in texts for symbol in split_symbols(text)})
    tokenizer = train_selfies_tokenizer(texts, vocab_size=60, symbols=symbols)
    rows = encode(texts[:8], tokenizer, max_tokens=98)
    ids = [[i for i in row.tolist() if i > tokenizer.unk_token_id] for row in rows]
    assert all(len(row) < len(split_symbols(text)) / 2 for row, text in zip(ids, texts))
    decoded = decode_molecules(ids, tokenizer, "selfies")
    assert [Chem.CanonSmiles(s) for s in decoded] == [Chem.CanonSmiles(s) for s in SMILES[:8]]
    for token in set(tokenizer.get_vocab()) - {"<pad>", "<bos>", "<eos>", "<unk>"}:
        text = tokenizer.convert_tokens_to_string([token])
        assert text and "".join(split_symbols(text)) == text and set(split_symbols(text)) <= set(symbols)


def test_selfies_with_a_symbol_the_model_never_saw_are_not_trained_on():
    from core.molecules.tokenizer import model_text, train_selfies_tokenizer

    texts = model_text(SMILES, "selfies")
    tokenizer = train_selfies_tokenizer(texts, vocab_size=60,
                                        symbols=sorted({s for text in texts for s in split_symbols(text)}))
    iodine, ethanol = model_text(["CCI", "CCO"], "selfies")
    assert encodable([iodine, ethanol, ""], tokenizer) == [ethanol]


def test_the_trainer_learns_selfies_tokens_and_refuses_other_formats():
    import pytest

    from core.molecules.train import TrainingConfig, make_tokenizer
    from core.molecules.tokenizer import model_text

    texts = model_text(SMILES, "selfies")
    tokenizer = make_tokenizer(texts, TrainingConfig(vocab_size=50, tokenizer_molecules=100))
    assert len(tokenizer.get_vocab()) == 50 and tokenizer.unk_token_id not in encode(texts, tokenizer, 98)
    symbols = make_tokenizer(texts, TrainingConfig(tokens="atoms", tokenizer_molecules=100))
    assert all(len(split_symbols(symbols.convert_tokens_to_string([token]))) == 1
               for token in set(symbols.get_vocab()) - {"<pad>", "<bos>", "<eos>", "<unk>"})
    with pytest.raises(ValueError, match="'smiles' or 'selfies'"):
        make_tokenizer(SMILES, TrainingConfig(molecule_format="inchi"))


def split_symbols(text: str) -> list[str]:
    import selfies

    return list(selfies.split_selfies(text))

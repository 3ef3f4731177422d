"""Tiny molecule models for tests, saved to a temp dir and loaded the ordinary way."""

import pytest


@pytest.fixture(scope="session")
def tiny_generator_path(tmp_path_factory):
    """A tiny random SmilesLSTM with the real tokenizer, saved and loaded the ordinary way."""
    from core.molecules.model import SmilesLSTM, SmilesLSTMConfig
    from core.molecules.tokenizer import build_tokenizer

    tokens = ["C", "c", "N", "n", "O", "o", "S", "s", "F", "Cl", "Br", "(", ")", "=", "#", "1", "2", "3", "[nH]"]
    tokenizer = build_tokenizer(tokens)
    config = SmilesLSTMConfig(vocab_size=len(tokenizer.get_vocab()), embedding_size=8, hidden_size=16, num_layers=1,
                              pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                              eos_token_id=tokenizer.eos_token_id, max_sequence_length=40)
    path = tmp_path_factory.mktemp("tiny-molecule-model")
    SmilesLSTM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_selfies_generator_path(tmp_path_factory):
    """A tiny random SmilesLSTM writing byte pairs of SELFIES symbols, saved and loaded the ordinary way."""
    from core.molecules.model import SmilesLSTM, SmilesLSTMConfig
    from core.molecules.tokenizer import selfies_symbols, smiles_to_selfies, train_selfies_tokenizer

    texts = smiles_to_selfies(["CC(=O)Oc1ccccc1C(=O)O", "c1ccc2[nH]ccc2c1", "CCN(CC)CCOC(=O)c1ccc(N)cc1",
                               "O=C(O)c1ccccc1Br", "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CC(=O)Nc1ccc(O)cc1"] * 20)
    symbols = selfies_symbols(texts)
    tokenizer = train_selfies_tokenizer(texts, vocab_size=40, symbols=symbols)
    config = SmilesLSTMConfig(vocab_size=len(tokenizer.get_vocab()), embedding_size=8, hidden_size=16, num_layers=1,
                              pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id,
                              eos_token_id=tokenizer.eos_token_id, max_sequence_length=20, molecule_format="selfies")
    path = tmp_path_factory.mktemp("tiny-selfies-model")
    SmilesLSTM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path

import pytest

from core.molecules.generator import GenerationConfig, MoleculeGenerator


def test_a_model_saved_with_save_pretrained_loads_and_samples_reproducibly(tiny_generator_path):
    generator = MoleculeGenerator.from_pretrained(tiny_generator_path)
    first = generator.sample_smiles(50, temperature=1.0, seed=4)
    assert len(first) == 50 and first == generator.sample_smiles(50, temperature=1.0, seed=4)
    assert first != generator.sample_smiles(50, temperature=1.0, seed=5)


def test_generation_reports_moses_style_metrics(tiny_generator_path):
    generator = MoleculeGenerator.from_pretrained(tiny_generator_path)
    result = generator.generate(GenerationConfig(count=200, seed=0), novelty=False)
    metrics = result.metrics
    assert metrics.samples == 200 and 0 <= metrics.validity <= 1
    assert len(result.valid_smiles) == round(metrics.validity * 200)


@pytest.mark.parametrize("config, message", [(GenerationConfig(count=0), "between 1 and"),
                                             (GenerationConfig(temperature=0), "Temperature")])
def test_bad_generation_settings_are_refused(config, message):
    with pytest.raises(ValueError, match=message):
        config.check()


def test_a_missing_model_folder_tells_the_visitor_what_still_works_and_the_operator_how_to_make_one(tmp_path, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="genlab.molecules")
    with pytest.raises(ValueError, match="no molecule generator installed") as failure:
        MoleculeGenerator.from_pretrained(tmp_path)
    assert str(tmp_path) not in str(failure.value) and "core.molecules.train" in caplog.text


def test_an_untrained_selfies_model_still_writes_valid_molecules(tiny_selfies_generator_path):
    from rdkit import Chem

    generator = MoleculeGenerator.from_pretrained(tiny_selfies_generator_path)
    smiles = generator.sample_smiles(300, temperature=1.0, seed=0)
    written = [text for text in smiles if text]
    assert len(written) > 200  # a sample is empty only when it ends before its first atom
    assert all(Chem.MolFromSmiles(text) is not None for text in written)
    validity = generator.generate(GenerationConfig(count=300, seed=0), novelty=False).metrics.validity
    assert validity == pytest.approx(len(written) / 300)


def test_the_tab_can_tell_what_a_model_writes_without_loading_it(tiny_generator_path, tiny_selfies_generator_path,
                                                                  tmp_path):
    from core.molecules.generator import model_format

    assert model_format(tiny_generator_path) == "smiles" and model_format(tiny_selfies_generator_path) == "selfies"
    assert model_format(tmp_path) is None

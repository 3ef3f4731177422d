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


def test_a_missing_model_folder_says_how_to_make_one(tmp_path):
    with pytest.raises(ValueError, match="core.molecules.train"):
        MoleculeGenerator.from_pretrained(tmp_path)

import json

import numpy as np

from core.text import train as training
from core.text.bigram import BigramModel
from core.text.corpus import Corpus, play_scenes
from tests.text_models import SCENE, VERSE



def test_a_play_in_markdown_becomes_a_plain_script_headed_by_play_act_and_scene():
    (scene,) = play_scenes(SCENE)
    assert scene.splitlines()[:4] == ["<|play|>", "Hamlet", "ACT I", "SCENE I. Elsinore. A platform before the castle."]
    assert "[FRANCISCO at his post. Enter to him BERNARDO]" in scene
    assert "BERNARDO:\nWho's there?" in scene


def test_the_bigram_baseline_is_a_proper_distribution_even_after_an_unseen_token():
    stream = np.array([1, 2, 3, 1, 2, 4, 1, 2, 3], dtype=np.uint16)
    model = BigramModel.fit([stream], vocab_size=6)
    for previous in range(6):
        total = model.probabilities(np.full(6, previous), np.arange(6)).sum()
        assert abs(total - 1.0) < 1e-9
    assert model.probabilities(np.array([1]), np.array([2]))[0] > 0.5


def test_training_saves_a_model_that_loads_with_from_pretrained_and_reports_perplexity_beside_the_bigram(tmp_path, monkeypatch):
    scenes = play_scenes(SCENE) * 20
    monkeypatch.setattr(training, "load_corpus", lambda: Corpus(VERSE, VERSE[:4], scenes, scenes[:2]))
    config = training.TrainingConfig(out=str(tmp_path / "model"), work_dir=str(tmp_path / "work"), steps=30,
                                     batch_size=4, context=32, vocab_size=300, layers=1, width=32, heads=2,
                                     checkpoint_every=15, validation_windows=4, warmup_steps=5)
    out = training.train(config)
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model, tokenizer = AutoModelForCausalLM.from_pretrained(out), AutoTokenizer.from_pretrained(out)
    assert tokenizer.convert_tokens_to_ids("<|verse|>") != tokenizer.unk_token_id
    evaluation = json.loads((out / "evaluation.json").read_text())
    assert set(evaluation) == {"verse", "plays"}
    assert all(1 < evaluation[kind][f"{name}_perplexity"] < 300 for kind in evaluation for name in ("model", "bigram"))
    assert len((tmp_path / "work" / "log.jsonl").read_text().splitlines()) == 2
    assert model.config.n_layer == 1

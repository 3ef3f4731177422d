import json

from core.text import corpus as corpus_module
from core.text import train_v2
from core.text.corpus import Corpus, play_scenes
from tests.text_models import SCENE, VERSE


def test_the_second_poet_trains_resumes_and_compares_per_character_with_another_model(tmp_path, monkeypatch, poet_dir):
    scenes = play_scenes(SCENE) * 20
    monkeypatch.setattr(corpus_module, "load_modern_corpus", lambda: Corpus(VERSE, VERSE[:4], scenes, scenes[:2]))
    config = train_v2.TrainingConfig(out=str(tmp_path / "model"), work_dir=str(tmp_path / "work"), steps=20,
                                     batch_size=4, context=32, vocab_size=300, layers=1, width=32, heads=2,
                                     checkpoint_every=10, evaluate_every=10, validation_windows=4, warmup_steps=5,
                                     compare_with=str(poet_dir), compare_passages=4)
    train_v2.train(train_v2.TrainingConfig(**{**config.__dict__, "steps": 10}))
    assert (tmp_path / "work" / "checkpoint.pt").exists() and (tmp_path / "work" / "train.pid").read_text().strip()
    out = train_v2.train(config)  # the same command, longer: resumes at step 10
    from transformers import AutoModelForCausalLM

    assert AutoModelForCausalLM.from_pretrained(out).config.n_layer == 1
    evaluation = json.loads((out / "evaluation.json").read_text())
    assert all(1 < evaluation[kind]["model_perplexity"] < 300 for kind in ("verse", "plays"))
    per_character = evaluation["held_out_verse_per_character"]
    assert set(per_character) == {"new", "current"}
    assert all(0 < row["bits_per_character"] < 10 and row["characters"] > 0 for row in per_character.values())
    steps = [json.loads(line)["step"] for line in (tmp_path / "work" / "log.jsonl").read_text().splitlines()]
    assert steps == [10, 20]

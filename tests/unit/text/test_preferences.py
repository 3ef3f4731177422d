"""Preference tuning (DPO with trl, on LoRA) with a tiny real GPT-2 built from a config."""

import math

import pytest

from core.text.preference_examples import example_preferences, old_word_share, old_words
from core.text.preferences import (MIN_PAIRS, PreferenceConfig, PreferencePair, PreferenceResult, completion_log_probability,
                                   preference_margins, read_pairs, split_pairs, tune_preferences)

PROMPT = "<|verse|>\nThe Sea\n"
# A clear preference the tiny model can learn: lines about the summer's day over lines about the temperate.
PAIRS = [PreferencePair(PROMPT, "Shall I compare thee to a summer's day?\n" * (1 + n % 2),
                        "Thou art more lovely and more temperate:\n" * (1 + n % 2)) for n in range(16)]
QUICK = PreferenceConfig(learning_rate=5e-3, epochs=6, beta=0.5, seed=0)


@pytest.fixture(scope="module")
def tuned(poet_dir):
    return tune_preferences(str(poet_dir), PAIRS, QUICK)


def test_dpo_makes_the_model_prefer_the_chosen_texts_it_did_not_train_on(tuned):
    assert tuned.held_out_pairs == 4 and tuned.trained_pairs == 12
    assert tuned.margin_after > tuned.margin_before + 0.3 and tuned.accuracy_after == 1.0 > tuned.accuracy_before
    assert tuned.trained["method"] == "DPO (trl) on LoRA" and tuned.steps == 6 * 3 and not tuned.on_adapter
    assert "adapter_model.safetensors" in tuned.adapter_files


def test_the_measured_margins_are_the_models_log_probabilities(tuned, poet_dir, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    for name, data in tuned.adapter_files.items():
        (tmp_path / name).write_bytes(data)
    tokenizer = AutoTokenizer.from_pretrained(poet_dir)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(poet_dir), str(tmp_path)).eval()
    _, held_out = split_pairs(PAIRS, QUICK.held_out_fraction, QUICK.seed)
    margins = preference_margins(model, tokenizer, held_out)
    assert math.isclose(sum(margins) / len(margins), tuned.margin_after, rel_tol=1e-3)
    pair = held_out[0]
    assert math.isclose(margins[0], completion_log_probability(model, tokenizer, pair.prompt, pair.chosen)
                        - completion_log_probability(model, tokenizer, pair.prompt, pair.rejected), rel_tol=1e-5)


def test_tuning_on_top_of_an_adapter_starts_from_it(tuned, poet_dir):
    again = tune_preferences(str(poet_dir), PAIRS, PreferenceConfig(epochs=1, seed=0), tuned.adapter_files)
    assert again.on_adapter and math.isclose(again.margin_before, tuned.margin_after, rel_tol=1e-3)


@pytest.mark.parametrize("value, message", [
    ("[", "not valid JSON"),
    ('{"prompt": "x"}', "as a list"),
    ('[{"prompt": "x", "chosen": "a"}]', 'Preference 1 needs "prompt", "chosen" and "rejected"'),
    ('[{"prompt": "x", "chosen": "a", "rejected": "a"}]', "two different, non-empty texts"),
    ('[{"prompt": "x", "chosen": "a", "rejected": "b"}]', f"Mark at least {MIN_PAIRS} pairs \\(you have 1\\)"),
])
def test_bad_preferences_are_refused_in_words(value, message):
    with pytest.raises(ValueError, match=message):
        read_pairs(value)


def test_the_example_rule_chooses_the_text_with_fewer_old_words(poet_backend):
    pairs = example_preferences(count=3, seed=0, backend=poet_backend, attempts=10)
    for pair in pairs:
        assert old_words(pair["chosen"]) < old_words(pair["rejected"])
        assert pair["prompt"].startswith("<|verse|>\n")
    assert old_words("Thou art, O sea, o'er thee 'tis") == 6 and old_word_share("thee and you") == 1 / 3


def test_any_seed_a_visitor_may_give_makes_example_pairs(poet_backend):
    """The largest seed once made writing seeds beyond the allowed range, and the job failed."""
    from core.inputs.numbers import SEED_MAX

    assert example_preferences(count=1, seed=SEED_MAX, backend=poet_backend, attempts=10)


def test_the_sentences_say_what_the_figures_say():
    from apps.writing_tuning import tuned_in_words

    result = PreferenceResult(accuracy_before=0.5, accuracy_after=0.75, margin_before=-0.31, margin_after=2.4,
                              held_out_pairs=8, trained_pairs=24, steps=24, seconds=41.2, on_adapter=False, trained={})
    words = tuned_in_words(result.summary())
    assert "Of the 8 pairs it never trained on" in words and "**4** before tuning and **6** after (50% → 75%)" in words
    assert "agrees with you more often" in words and "from -0.31 to +2.40" in words
    assert "the model as shipped on 24 pairs for 24 steps in 41 s" in words
    same = PreferenceResult(**{**vars(result), "accuracy_after": 0.5})
    assert "no more often than before" in tuned_in_words(same.summary())


def test_dpo_trains_in_bf16_only_where_the_processor_computes_it():
    """trl turns bf16 on by default; emulated on a processor without it (AVX2 only) each step is many times slower."""
    from core.text.preferences import PreferenceConfig, dpo_arguments
    from core.training import cpu_has_bf16

    arguments = dpo_arguments(PreferenceConfig(), "unused")
    assert arguments.bf16 == cpu_has_bf16() and arguments.use_cpu and not arguments.fp16

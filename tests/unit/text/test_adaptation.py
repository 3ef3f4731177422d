"""Adapting the writer to a visitor's text with LoRA, with a tiny real GPT-2 built from a config."""

import math

import pytest

from core.text.adaptation import (MAX_CHARACTERS, MIN_CHARACTERS, AdaptationConfig, AdaptationResult, _Examples,
                                  adapt, perplexity, split_held_out, writer_context_ids)
from core.text.prose_sample import modern_prose

QUICK = AdaptationConfig(max_seconds=30, max_steps=100, min_steps=100, measure_every=25, batch_size=4, block_tokens=64,
                         learning_rate=1e-2)


@pytest.fixture(scope="module")
def adapted(poet_dir):
    return adapt(str(poet_dir), modern_prose(4_000), QUICK)


def test_adapting_lowers_perplexity_on_the_tenth_of_the_text_it_never_trained_on(adapted):
    assert adapted.perplexity_after < 0.9 * adapted.perplexity_before  # a tiny random model; the poet: bench/writing.py
    assert adapted.steps == 100 and [p["step"] for p in adapted.curve] == [0, 25, 50, 75, 100]
    assert adapted.curve[0]["perplexity"] == round(adapted.perplexity_before, 2)
    trained = adapted.trained
    assert trained["method"] == "LoRA" and trained["rank"] == 8 and set(trained["layers"]) == {"c_attn", "c_proj", "c_fc"}
    assert 0 < trained["trainable_parameters"] < trained["model_parameters"] / 3
    assert trained["held_out_tokens"] > 0 and trained["training_tokens"] > 5 * trained["held_out_tokens"]


def test_the_adapter_is_a_standard_peft_folder_that_reproduces_the_measured_perplexity(adapted, poet_dir, tmp_path):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    for name, data in adapted.adapter_files.items():
        (tmp_path / name).write_bytes(data)
    assert {"adapter_config.json", "adapter_model.safetensors"} <= set(adapted.adapter_files)
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(poet_dir), str(tmp_path)).eval()
    tokenizer = AutoTokenizer.from_pretrained(poet_dir)
    held_out = split_held_out(modern_prose(4_000), QUICK.held_out_fraction)[1]
    blocks = _Examples(tokenizer, held_out, writer_context_ids(tokenizer), QUICK.block_tokens).blocks(4_096)
    assert math.isclose(perplexity(model, blocks), adapted.perplexity_after, rel_tol=1e-4)


def test_the_held_out_part_is_the_last_tenth_cut_at_a_line_break():
    text = "\n".join(f"line {n} of the text" for n in range(200))
    training, held_out = split_held_out(text, 0.1)
    assert text.startswith(training) and text.endswith(held_out) and held_out.startswith("line ")
    assert 0.08 < len(held_out) / len(text) < 0.12


@pytest.mark.parametrize("text, message", [
    ("too short " * 10, f"give at least {MIN_CHARACTERS:,}"),
    ("x" * (MAX_CHARACTERS + 1), f"at most {MAX_CHARACTERS:,}"),
])
def test_a_text_too_short_or_too_long_is_refused_in_words(poet_dir, text, message):
    with pytest.raises(ValueError, match=message):
        adapt(str(poet_dir), text, QUICK)


def test_writing_with_the_adapter_names_it_in_the_audit_record(adapted, poet_backend):
    from core.provenance import get_recorder
    from core.text.adapters import adapted_backend, adapter_zip, save_adapter
    from core.text.modes import WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import write

    saved = save_adapter(adapted)
    assert set(saved.peft_files()) == {"adapter_config.json", "adapter_model.safetensors"}  # what DPO trains on
    backend = adapted_backend(saved.id, base=poet_backend)
    final = list(write(WritingRequest(mode="Poem", theme="the sea"), SamplingSettings(seed=1, max_new_tokens=30),
                       backend=backend))[-1]
    record = get_recorder().store.get(final.record_id)
    assert record.parameters["adapter"] == {"id": saved.id, "sha256": saved.sha256, "method": "LoRA", "rank": 8}
    assert record.model_id.endswith(f"+ your LoRA adapter {saved.id[:8]}")
    assert poet_backend.writer.model is not backend.writer.model  # the shared model is left as it is

    import zipfile

    with zipfile.ZipFile(adapter_zip(saved.id)) as archive:
        assert f"{saved.id}/adapter_model.safetensors" in archive.namelist()


def test_an_unknown_or_malformed_adapter_id_is_refused_in_words(poet_backend):
    from core.text.adapters import adapted_backend

    with pytest.raises(ValueError, match="not an adapter id"):
        adapted_backend("../../etc", base=poet_backend)
    with pytest.raises(ValueError, match="no longer here"):
        adapted_backend("0" * 32, base=poet_backend)


def test_the_sentences_say_what_the_figures_say():
    from apps.writing_tuning import adapted_in_words

    result = AdaptationResult(perplexity_before=540.0, perplexity_after=162.0, seconds=53.2, steps=94, trained={
        "held_out_tokens": 393, "trainable_parameters": 196_608, "model_parameters": 6_967_296,
        "training_tokens": 3_168, "rank": 8})
    words = adapted_in_words(result.summary())
    assert "(393 tokens), perplexity fell from **540** to **162**" in words
    assert "3.3 times less surprising" in words and "196,608 numbers (2.8% as many as the model's 6,967,296)" in words
    assert "94 steps on 3,168 tokens, in 53 s" in words
    worse = AdaptationResult(perplexity_before=100.0, perplexity_after=120.0, seconds=10, steps=30,
                             trained=result.trained)
    assert "did not learn your style" in adapted_in_words(worse.summary())


def test_an_uploaded_file_that_is_not_text_is_refused(tmp_path):
    from core.inputs.text import read_text_file

    picture = tmp_path / "photo.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    with pytest.raises(ValueError, match="not text"):
        read_text_file(picture, 1_000_000)
    big = tmp_path / "big.txt"
    big.write_text("a" * 2_000_001)
    with pytest.raises(ValueError, match="at most 1.0 MB"):
        read_text_file(big, 1_000_000)

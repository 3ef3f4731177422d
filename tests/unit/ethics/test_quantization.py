from core.ethics.quantization import QuantizationConfig, quantization_lab, quantized_copy
from tests.text_models import VERSE


def test_int8_copy_answers_like_the_original_and_leaves_it_untouched(clean_poet_backend):
    import torch

    model = clean_poet_backend.writer.model
    ids = torch.tensor([[1, 5, 9, 12, 40]])
    before = model(ids).logits
    quantized = quantized_copy(model)
    assert not any(type(m).__name__ == "Conv1D" for m in quantized.modules())
    assert any("quantized.dynamic" in type(m).__module__ for m in quantized.modules())
    after = quantized(ids).logits
    assert torch.allclose(model(ids).logits, before)
    assert (after.argmax(-1) == before.argmax(-1)).float().mean() > 0.6


def test_the_lab_measures_size_speed_and_perplexity_before_and_after(clean_poet_backend, monkeypatch):
    monkeypatch.setattr("core.text.corpus.load_validation_verse", lambda: tuple(VERSE))
    result = quantization_lab(QuantizationConfig(new_tokens=10, validation_windows=3), writer=clean_poet_backend.writer)
    assert result.after.size_mb < result.before.size_mb
    assert result.before.tokens_per_second > 0 and result.after.tokens_per_second > 0
    assert 1 < result.before.perplexity and 1 < result.after.perplexity
    assert [row["model"] for row in result.rows] == ["as shipped: 32-bit decimals (fp32)", "8-bit whole numbers (int8)"]
    assert list(result.rows[0])[:2] == ["model", "perplexity"]  # the quality first, where a phone shows it
    assert result.held_out_tokens == 3 * 128
    assert result.before.sample.startswith("The moon") and result.after.sample.startswith("The moon")  # whole words

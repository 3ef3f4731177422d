from core.settings import get_settings
from core.text.modes import WritingRequest
from core.text.sampling import SamplingSettings
from core.text.watermark import read_text_watermark, watermark_key
from core.text.writer import write

REQUEST = WritingRequest(mode="Continue a text", text="Shall I compare thee")


def written(backend, watermark: bool, seed: int) -> str:
    settings = SamplingSettings(seed=seed, max_new_tokens=120, temperature=1.0, top_k=0, top_p=1.0,
                                repetition_penalty=1.0, watermark=watermark)
    return list(write(REQUEST, settings, backend=backend))[-1].written


def reading(backend, text, key=None):
    writer = backend.writer
    return read_text_watermark(text, writer.tokenizer, writer.model.config,
                               key if key is not None else watermark_key(get_settings().data_dir))


def test_text_written_here_carries_the_watermark_and_other_text_does_not(clean_poet_backend):
    marked = [reading(clean_poet_backend, written(clean_poet_backend, True, seed)) for seed in range(3)]
    plain = [reading(clean_poet_backend, written(clean_poet_backend, False, seed)) for seed in range(3)]
    assert all(result.detected for result in marked), [result.summary() for result in marked]
    assert not any(result.detected for result in plain), [result.summary() for result in plain]
    assert "Watermark found" in marked[0].summary() and "No watermark" in plain[0].summary()
    said = marked[0].summary()  # in words: the share beside its figure, odds instead of z and p
    assert f"{marked[0].green_fraction:.0%} of its {marked[0].tokens_scored} word pieces" in said
    assert "z =" not in said and "p =" not in said and ("by chance about 1 time in" in said or "million million" in said)


def test_the_odds_of_a_chance_match_are_said_in_everyday_numbers():
    from core.text.watermark import _odds

    assert _odds(0.00037) == "about 1 time in 3,000" and _odds(1e-15) == "less than 1 time in a million million"


def test_the_watermark_needs_the_key_it_was_made_with(clean_poet_backend):
    text = written(clean_poet_backend, True, seed=5)
    assert reading(clean_poet_backend, text).detected
    assert not reading(clean_poet_backend, text, key=12345).detected


def test_the_key_is_made_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("GENLAB_TEXT_WATERMARK_KEY")
    assert watermark_key(tmp_path) == watermark_key(tmp_path)
    assert (tmp_path / "secrets" / "text-watermark").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "secrets").stat().st_mode & 0o777 == 0o700


def test_a_few_words_are_too_short_to_tell(clean_poet_backend):
    assert "Too short" in reading(clean_poet_backend, "Shall I").summary()

import hashlib
import threading

import pytest

from core.provenance import get_recorder
from core.text.modes import WritingRequest
from core.text.sampling import SamplingSettings
from core.text.writer import Backend, Continuation, end_with_a_full_stop, trim_to_line_limit, write

POEM = WritingRequest(mode="Poem", theme="the sea", form="Quatrain")


def run(request, settings, backend, **options):
    updates = list(write(request, settings, backend=backend, **options))
    return updates, updates[-1]


def test_a_poem_streams_in_pieces_then_ends_with_its_audit_record(poet_backend):
    # Unwatermarked, so the text does not depend on the session's watermark key.
    updates, final = run(POEM, SamplingSettings(seed=3, max_new_tokens=60, watermark=False), poet_backend)
    assert len(updates) > 3 and not any(update.done for update in updates[:-1]) and final.done
    assert final.text.startswith("The Sea\n") and len(final.text) > len("The Sea\n")
    assert [len(update.text) for update in updates[:-1]] == sorted(len(update.text) for update in updates[:-1])
    assert get_recorder().store.get(final.record_id).watermark is None


def test_a_watermarked_poem_names_its_audit_record(poet_backend):
    _, final = run(POEM, SamplingSettings(seed=3, max_new_tokens=60), poet_backend)
    record = get_recorder().store.get(final.record_id)
    assert record.tab == "writing" and record.watermark == f"green-list:{record.id}" and record.energy_joules > 0
    assert record.parameters["seed"] == 3 and record.parameters["mode"] == "Poem"


def test_a_poem_cut_at_its_line_limit_never_takes_back_text_already_shown():
    shown = ["The tide", "The tide comes in,\nand", "The tide comes in,\nand out,\n\nthe moon\nis",
             "The tide comes in,\nand out,\n\nthe moon\nis high\nand then"]
    cut = [trim_to_line_limit(text, 4) for text in shown]
    assert [done for _, done in cut] == [False, False, False, True]
    assert cut[-1][0] == "The tide comes in,\nand out,\n\nthe moon\nis high"
    assert all(later.startswith(earlier) for (earlier, _), (later, _) in zip(cut, cut[1:]))


def test_every_update_extends_the_one_before(poet_backend):
    updates, _ = run(POEM, SamplingSettings(seed=7, max_new_tokens=120), poet_backend)
    # Only the full stop that ends a finished poem may replace the comma it was left on.
    assert all(later.text.startswith(earlier.text.rstrip(",;:-\u2013\u2014 "))
               for earlier, later in zip(updates, updates[1:]))


class LinesWriter:
    """Writes the given lines, one piece a line, as a model that left its last line on a comma would."""

    def __init__(self, lines):
        self.lines = lines

    def stream(self, prompt, settings, **options):
        yield from (line + "\n" for line in self.lines)


def test_a_finished_poem_never_ends_on_a_comma():
    backend = Backend(writer=LinesWriter(["The tide comes in,", "and out,", "the moon is high,", "and then,", "more,"]),
                      backend="embedded", model_label="lines", poet=False, chat=False, watermarks=False)
    _, final = run(POEM, SamplingSettings(seed=1, watermark=False), backend)
    assert final.written.endswith("the moon is high,\nand then.")
    record = get_recorder().store.get(final.record_id)
    assert record.output_sha256 == hashlib.sha256(final.text.encode()).hexdigest()


def test_a_poems_last_line_left_open_gets_a_full_stop_and_a_closed_one_keeps_its_own():
    assert end_with_a_full_stop("The tide comes in,\nand out,") == "The tide comes in,\nand out."
    assert end_with_a_full_stop("and the moon —") == "and the moon."
    assert end_with_a_full_stop("and the moon") == "and the moon."
    assert end_with_a_full_stop("where are you?") == "where are you?"
    assert end_with_a_full_stop("she said \u201cgo\u201d") == "she said \u201cgo\u201d"


def test_a_poem_is_never_cut_short_by_the_end_of_text_token(poet_backend):
    for seed in range(6):
        _, final = run(POEM, SamplingSettings(seed=seed, max_new_tokens=40, watermark=False), poet_backend)
        lines = [line for line in final.written.split("\n") if line.strip()]
        assert final.tokens == 40 or len(lines) == 4, (seed, final.tokens, final.written)


def test_a_quatrain_stops_after_four_lines(poet_backend):
    _, final = run(POEM, SamplingSettings(seed=1, max_new_tokens=400, temperature=1.0), poet_backend)
    assert len([line for line in final.written.split("\n") if line.strip()]) <= 4


def test_the_same_seed_writes_the_same_text_and_another_seed_another(poet_backend):
    request = WritingRequest(mode="Continue a text", text="Shall I compare thee")
    first = run(request, SamplingSettings(seed=11, max_new_tokens=30), poet_backend)[1].written
    again = run(request, SamplingSettings(seed=11, max_new_tokens=30), poet_backend)[1].written
    other = run(request, SamplingSettings(seed=12, max_new_tokens=30), poet_backend)[1].written
    assert first == again and first != other


def test_a_stop_string_ends_the_text_before_it(poet_backend):
    request = WritingRequest(mode="Continue a text", text="Shall I compare thee")
    free = run(request, SamplingSettings(seed=5, max_new_tokens=40, watermark=False), poet_backend)[1].written
    stop = free.strip()[len(free.strip()) // 2:][:2]
    _, final = run(request, SamplingSettings(seed=5, max_new_tokens=40, watermark=False, stop_strings=(stop,)),
                   poet_backend)
    assert stop not in final.written and free.startswith(final.written)


def test_stopping_midway_keeps_the_text_so_far_in_the_audit_log_and_frees_the_model(poet_backend):
    store = get_recorder().store
    before = len(store.to_frame())
    stream = write(WritingRequest(mode="Continue a text", text="O"), SamplingSettings(seed=2, max_new_tokens=500),
                   backend=poet_backend)
    next(stream)
    stream.close()
    assert len(store.to_frame()) == before + 1
    (latest,) = store.recent(limit=1, tab="writing")
    assert latest.parameters["stopped_early"] is True and latest.parameters["prompt"].endswith("O")
    assert not [thread for thread in threading.enumerate() if thread.name == "genlab-writer" and thread.is_alive()]
    assert poet_backend.writer.generation_lock.acquire(timeout=5)
    poet_backend.writer.generation_lock.release()


def test_the_poet_says_it_writes_no_stories(poet_backend):
    with pytest.raises(ValueError, match="poet writes verse and scenes"):
        next(write(WritingRequest(mode="Short story", theme="a lost dog"), SamplingSettings(), backend=poet_backend))


@pytest.mark.parametrize("settings, message", [
    (SamplingSettings(temperature=5), "Temperature"),
    (SamplingSettings(max_new_tokens=0), "Length"),
    (SamplingSettings(top_p=0), "Top-p"),
])
def test_absurd_settings_get_a_plain_message(poet_backend, settings, message):
    with pytest.raises(ValueError, match=message):
        next(write(POEM, settings, backend=poet_backend))


def test_an_empty_prompt_is_refused_with_what_to_type(poet_backend):
    with pytest.raises(ValueError, match="Type the beginning"):
        next(write(WritingRequest(mode="Continue a text", text="   "), SamplingSettings(), backend=poet_backend))


def test_a_prompt_longer_than_the_model_reads_keeps_its_end_and_says_so(poet_backend):
    long_text = "Shall I compare thee to a summer's day? " * 60
    _, final = run(WritingRequest(mode="Continue a text", text=long_text), SamplingSettings(seed=0, max_new_tokens=20),
                   poet_backend)
    assert final.written and any("only its last" in note for note in final.notes)


def test_continue_picks_up_where_the_text_ended(poet_backend):
    request = WritingRequest(mode="Continue a text", text="Shall I compare thee")
    _, first = run(request, SamplingSettings(seed=4, max_new_tokens=15), poet_backend)
    from core.text.modes import build_prompt

    continuation = Continuation(build_prompt(request, poet=True, chat=False), first.written)
    _, second = run(request, SamplingSettings(seed=4, max_new_tokens=15), poet_backend, continuation=continuation)
    assert second.text.startswith(first.text) and len(second.text) > len(first.text)


def test_a_hub_chat_model_gets_its_chat_template_and_writes_a_story(chat_backend):
    assert chat_backend.chat and not chat_backend.poet and chat_backend.backend == "hub"
    ids = chat_backend.writer.prompt_ids(
        __import__("core.text.modes", fromlist=["build_prompt"]).build_prompt(
            WritingRequest(mode="Short story", theme="a lost dog"), poet=False, chat=True))
    decoded = chat_backend.writer.tokenizer.decode(ids[0])
    assert decoded.startswith("<|system|>") and decoded.endswith("<|assistant|>") and "a lost dog" in decoded
    _, final = run(WritingRequest(mode="Short story", theme="a lost dog"), SamplingSettings(seed=0, max_new_tokens=25),
                   chat_backend)
    assert final.written and final.tokens > 0 and final.tokens_per_second > 0


def test_the_token_count_shown_is_the_number_of_tokens_the_model_made(clean_poet_backend):
    _, final = run(WritingRequest(mode="Continue a text", text="Shall I"), SamplingSettings(seed=0, max_new_tokens=20),
                   clean_poet_backend)
    assert final.tokens == 20 and final.tokens_per_second > 0


def test_a_finished_poem_loses_the_quotation_marks_it_never_paired():
    """The About tab's quatrain ended '…all the dead?"' with no opening mark (review 13)."""
    from core.text.writer import without_unpaired_quotes

    assert without_unpaired_quotes('The dead lie still,\nand call all the dead?"') == \
        "The dead lie still,\nand call all the dead?"
    assert without_unpaired_quotes('He cried "Away" and fled') == 'He cried "Away" and fled'  # a pair stays
    assert without_unpaired_quotes('He cried "Away and fled') == "He cried Away and fled"
    assert without_unpaired_quotes("\u201cCome,\u201d she said, \u201cand") == "\u201cCome,\u201d she said, and"


def test_a_poems_title_keeps_its_small_words_small():
    from core.text.modes import WritingRequest, poet_prompt, title_case

    assert title_case("the sea at night") == "The Sea at Night"  # it read "The Sea At Night"
    assert title_case("war and peace") == "War and Peace" and title_case("a song for") == "A Song For"
    assert poet_prompt(WritingRequest(mode="Poem", theme="the sea at night")).shown_prefix.startswith("The Sea at Night")

import re

import pytest
from gradio_client.exceptions import AppError

from core.text.writer import writer_available
from tests.status_lines import record_id

pytestmark = pytest.mark.skipif(not writer_available(), reason="the writing tab's model is not on this machine (train the poet: python -m core.text.train)")


def test_a_poem_streams_through_the_api_and_ends_with_its_audit_record(client):
    job = client.submit(mode="Poem", theme="the sea at night", form="Quatrain", seed=7, max_new_tokens=120,
                        api_name="/write")
    outputs = list(job)
    texts = [text for text, _ in outputs if isinstance(text, str)]
    assert len(texts) >= 3, "the text should arrive in pieces"
    assert all(later.startswith(earlier) for earlier, later in zip(texts, texts[1:]))
    text, stats = outputs[-1]
    assert text.startswith("The Sea at Night\n") and len(text.splitlines()) >= 3
    assert stats.startswith("Done.") and "audit record" in stats and "tokens a second" in stats and "model: the built-in poet" in stats and "watermarked" in stats


def test_the_same_seed_writes_the_same_scene(client):
    arguments = dict(mode="Screenplay scene", characters="Viola, Orsino", setting="The duke's palace", genre="Comedy",
                     seed=3, max_new_tokens=60, api_name="/write")
    assert client.predict(**arguments)[0] == client.predict(**arguments)[0]


@pytest.mark.parametrize("seed", [1, 3])
def test_every_named_character_of_a_scene_speaks_and_no_one_else(client, seed):
    import re

    text = client.predict(mode="Screenplay scene", characters="Anna, Ben, Clara", theme="a lost key", seed=seed,
                          max_new_tokens=160, api_name="/write")[0]
    speakers = re.findall(r"^([A-Z][A-Z' ]+):$", text, re.M)
    assert speakers[:3] == ["ANNA", "BEN", "CLARA"] and set(speakers) == {"ANNA", "BEN", "CLARA"}, text


def test_a_story_request_to_the_poet_is_refused_in_plain_words(client):
    with pytest.raises(AppError):
        client.predict(mode="Short story", theme="a lost dog", api_name="/write")


def test_an_empty_text_to_continue_says_what_to_type(client):
    with pytest.raises(AppError, match="Type the beginning"):
        client.predict(mode="Continue a text", text="  ", api_name="/write")


def test_an_absurd_temperature_is_refused_with_the_allowed_range(client):
    with pytest.raises(AppError, match="Temperature must be from 0 to 2; 9 is not"):
        client.predict(mode="Poem", theme="rain", temperature=9, api_name="/write")


def test_an_enriched_quest_has_flavour_lines_and_still_passes_its_check(client):
    quest, card, _, _ = client.predict(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                       reward="500 gold", seed=7, enrich=True, api_name="/quest")
    assert any(step["flavour"] for step in quest["steps"]) and "**Checked:**" in card
    from core.provenance import get_recorder

    flavour_id = record_id(card.split("have their own:")[1])
    flavour = get_recorder().store.get(flavour_id)
    assert flavour.tab == "quests" and flavour.watermark == f"green-list:{flavour_id}"


def test_a_request_typed_as_the_first_line_is_read_as_the_poem_it_asks_for(client):
    text, stats = client.predict(mode="Poem", text="write a poem about my grandmother's kitchen",
                                 theme="the sea at night", seed=7, max_new_tokens=40, api_name="/write")
    assert text.startswith("My Grandmother's Kitchen\n")  # the theme, as the poem's title; not the request as verse
    assert "write a poem" not in text.lower()
    assert "Read your request as a poem about “my grandmother's kitchen”; it replaces the theme “the sea at night”" \
        in stats


def test_a_one_line_request_in_continue_mode_is_read_too_but_a_pasted_passage_is_continued(client):
    text, stats = client.predict(mode="Continue a text", text="write a poem about the winter sea", seed=7,
                                 max_new_tokens=30, api_name="/write")
    assert text.startswith("The Winter Sea\n") and "Read your request as a poem" in stats
    passage = "Write a poem about the sea, she said,\nand I took up my pen"
    text, stats = client.predict(mode="Continue a text", text=passage, seed=7, max_new_tokens=20, api_name="/write")
    assert text.startswith(passage) and "Read your request" not in stats


def test_a_text_cut_by_the_length_limit_says_so(client):
    _, stats = client.predict(mode="Continue a text", text="The wind was high and the night was long,", seed=2,
                              max_new_tokens=10, api_name="/write")
    assert "Cut at the length limit (10 tokens): press Continue for more" in stats


def test_the_poets_choices_in_a_text_come_back_token_by_token(client):
    choices, marked, table = client.predict(text="The sea at night is calm and deep", alternatives=3,
                                            api_name="/token_choices")
    tokens = choices["tokens"]
    assert "".join(t["token"] for t in tokens) == "The sea at night is calm and deep"
    assert all(0 < t["probability"] <= 1 and len(t["alternatives"]) == 3 for t in tokens)
    # each alternative in quotation marks: a comma or a dash read as the list's own punctuation (", , 11.2%")
    # and each kept on one line (no space it may break at): "“" / "of” 5.6%" split across two lines on a phone
    assert all(re.fullmatch(r"(“[^” ]*”\u00a0(\d+\.\d%|under\u00a00\.1%)(, )?)+", row[2]) for row in table["data"])
    bands = {"its first choice": lambda rank: rank == 1, "among its top 5": lambda rank: rank is not None and
             1 < rank <= 5, "further down its list": lambda rank: rank is None or rank > 5}
    assert all(bands[m["class_or_confidence"]](t["rank"]) for m, t in zip(marked, tokens))  # the colour is the rank
    assert all(t["rank"] == 1 + [a["token"] for a in t["alternatives"]].index(t["token"])
               for t in tokens if t["token"] in [a["token"] for a in t["alternatives"]])
    with pytest.raises(AppError, match="Paste or write a text first"):
        client.predict(text="  ", api_name="/token_choices")


def test_the_start_a_poem_was_given_is_marked_given_not_as_the_models_choice(client):
    """A poem's title comes from its theme: read back as the model's choice, it showed as picked against the odds."""
    choices, marked, table = client.predict(text="Sea At Night\nThe waves are dark", alternatives=3,
                                            given="Sea At Night\n", api_name="/token_choices")
    given = [t["given"] for t in choices["tokens"]]
    assert given == sorted(given, reverse=True) and 0 < sum(given) < len(given)  # the title's tokens, then none
    assert [m["class_or_confidence"] == "given by the request" for m in marked] == given
    assert [row[1].endswith(", given") for row in table["data"]] == given


def test_the_writer_adapts_to_a_text_file_and_then_writes_with_its_adapter(client, tmp_path):
    from gradio_client import handle_file

    from core.provenance import get_recorder
    from core.text.prose_sample import modern_prose

    text_file = tmp_path / "my-writing.txt"
    text_file.write_text(modern_prose(3_000))
    measured, _, words, adapter_zip, _, _ = client.predict(text_file=handle_file(str(text_file)), seconds=30, seed=0,
                                                           api_name="/adapt_writer")
    assert measured["perplexity_after"] < measured["perplexity_before"] and measured["seconds"] > 0
    assert measured["trained"]["method"] == "LoRA" and f"from **{measured['perplexity_before']:,.0f}**" in words
    assert adapter_zip.endswith(".zip")
    text, stats = client.predict(mode="Poem", theme="the sea", seed=2, max_new_tokens=40, adapter=measured["adapter"],
                                 api_name="/write")
    assert f"your LoRA adapter {measured['adapter'][:8]}" in stats
    assert get_recorder().store.get(record_id(stats)).parameters["adapter"]["sha256"] == measured["adapter_sha256"]


def test_a_short_text_to_adapt_to_is_a_failed_call_with_the_sentence(client):
    with pytest.raises(AppError, match="give at least 2,000"):
        client.predict(text="only a line", api_name="/adapt_writer")
    with pytest.raises(AppError, match="not an adapter id"):
        client.predict(mode="Poem", theme="rain", adapter="nope", api_name="/write")


def test_preference_tuning_through_the_api_measures_held_out_pairs_and_gives_an_adapter(client):
    import json

    prompt = "<|verse|>\nThe Sea\n"
    pairs = [{"prompt": prompt, "chosen": "The waves are grey beneath the quiet moon,\n",
              "rejected": "O thou sea, thy waves doth beat upon the shore,\n"} for _ in range(12)]
    measured, _, words, before, after, _ = client.predict(pairs=json.dumps(pairs), seed=0, api_name="/tune_preferences")
    assert measured["held_out_pairs"] == 3 and measured["trained_pairs"] == 9
    assert measured["margin_after"] > measured["margin_before"] and measured["accuracy_after"] == 1.0
    assert f"Of the 3 pairs it never trained on" in words and before and after
    text, stats = client.predict(mode="Poem", theme="rain", seed=1, max_new_tokens=30, adapter=measured["adapter"],
                                 api_name="/write")
    assert f"your LoRA adapter {measured['adapter'][:8]}" in stats
    with pytest.raises(AppError, match="Mark at least 12 pairs"):
        client.predict(pairs=json.dumps(pairs[:5]), api_name="/tune_preferences")

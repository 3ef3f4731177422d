"""SpeakerTurns: the next named character is written after each speech, and a long speech is ended."""

import torch

from core.text.speaker_turns import MAX_SPEECH_LINES, SpeakerTurns


class Letters:
    """A tokenizer of one token per character, enough to watch the processor's choices."""

    def encode(self, text, add_special_tokens=False):
        return [ord(c) for c in text]

    def decode(self, ids, skip_special_tokens=True):
        return "".join(chr(int(i)) for i in ids)


def write(turns, prompt: str, model_says: str) -> str:
    """Run the processor over `model_says`, the characters the model would pick if left alone; a speaker's name
    it wanted where the processor wrote another is dropped (the model goes on with the speech)."""
    import re

    ids = torch.tensor([[ord(c) for c in prompt]])
    wanted = list(model_says)
    while wanted and ids.shape[1] < len(prompt) + 200:
        scores = torch.zeros(1, 256)
        scores[0, ord(wanted[0])] = 10.0
        chosen = int(turns(ids, scores).argmax())
        if chosen == ord(wanted[0]):
            wanted.pop(0)
        elif tag := re.match(r"[A-Z]+:\n", "".join(wanted)):
            del wanted[:tag.end()]
        ids = torch.cat([ids, torch.tensor([[chosen]])], dim=1)
    return Letters().decode(ids[0, len(prompt):])


def test_after_a_speech_the_next_character_speaks_whoever_the_model_wanted():
    prompt = "SCENE I.\n\nANNA:\n"
    turns = SpeakerTurns(Letters(), ("ANNA", "BEN"), torch.tensor([[ord(c) for c in prompt]]))
    written = write(turns, prompt, "Hello.\n\nHAMLET:\nNo.\n\nHAMLET:\nYes.\n\n")
    assert written.startswith("Hello.\n\nBEN:\n") and "\n\nANNA:\n" in written and "HAMLET" not in written


def test_a_continued_scene_goes_on_from_whoever_spoke_last():
    prompt = "ANNA:\nHi.\n\nBEN:\nHello.\n\n"
    turns = SpeakerTurns(Letters(), ("ANNA", "BEN", "CLARA"), torch.tensor([[ord(c) for c in prompt]]))
    assert turns.next_speaker == 2


def test_a_long_speech_is_ended_so_the_others_get_a_turn():
    prompt = "ANNA:\n"
    turns = SpeakerTurns(Letters(), ("ANNA", "BEN"), torch.tensor([[ord(c) for c in prompt]]))
    written = write(turns, prompt, "line\n" * (MAX_SPEECH_LINES + 3))
    assert written.startswith("line\n" * MAX_SPEECH_LINES + "\nBEN:\n")


def test_no_one_the_visitor_did_not_name_gets_a_speech_and_a_name_is_followed_by_words():
    prompt = "ANNA:\n"
    ids = torch.tensor([[ord(c) for c in prompt]])
    turns = SpeakerTurns(Letters(), ("ANNA", "BEN"), ids)

    def likeliest(text: str, wanted: str) -> str:
        scores = torch.zeros(1, 256)
        scores[0, ord(wanted)] = 10.0
        return chr(int(turns(torch.tensor([[ord(c) for c in prompt + text]]), scores).argmax()))

    assert likeliest("", "\n") != "\n"  # before: blank line after blank line under the name
    assert likeliest("Hi.\nAD", ":") != ":"  # before: "AD:", a speaker no one asked for
    assert likeliest("Hi.\n", ":") != ":"
    assert likeliest("Hi, Ben", ":") == ":" and likeliest("Hi.", "\n") == "\n"  # ordinary writing is untouched

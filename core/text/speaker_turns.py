"""Every named character of a scene speaks: after each speech, the next one's name is written for the poet.

The poet learned plays, where a speech is a speaker's name in capitals, a colon, the lines, and a blank
line. Left alone it gives the floor to whoever its plays made talk most (often a name the visitor never
gave). `SpeakerTurns` watches the text as it is written, and when a speech ends (a blank line after
some words) it writes the next character's name itself, by allowing only that name's tokens, so the
visitor's characters take turns in the order given. A speech that runs past MAX_SPEECH_LINES lines is
ended at its next line break, so that in a short scene every character gets a word in. No one else speaks:
within a speech a line in capitals cannot end in a colon (the mark of a speaker), and a name is followed by
words, not by blank lines.
"""

from __future__ import annotations

import re

MAX_SPEECH_LINES = 6  # a longer speech is ended at its next line break, so the others get their turn
CAPITALS = re.compile(r"[A-Z' ]*")
CAPITALS_TO_COLON = re.compile(r"[A-Z' ]*:")
NEW_SPEAKER = re.compile(r"\n[A-Z][A-Z' ]*:")


def _token_kinds(tokenizer, size: int):
    """Masks over the `size` tokens, once per tokenizer: those that begin with a line break; those that go on in
    capitals to a colon ("AD:", "N:", ":"); and those that hold a whole new speaker's line ("\\nAD:")."""
    import torch

    cached = getattr(tokenizer, "_genlab_turn_tokens", None)
    if cached is None or cached[0] != size:
        texts = [tokenizer.decode([token]) for token in range(size)]
        cached = (size, torch.tensor([text.lstrip(" ").startswith("\n") for text in texts]),
                  torch.tensor([CAPITALS_TO_COLON.match(text) is not None for text in texts]),
                  torch.tensor([NEW_SPEAKER.search(text) is not None for text in texts]))
        try:
            tokenizer._genlab_turn_tokens = cached
        except AttributeError:
            pass
    return cached[1:]


class SpeakerTurns:
    """A transformers logits processor: `SpeakerTurns(tokenizer, ("ANNA", "BEN"), prompt_ids)`. The character after
    the last one named in the prompt (ANNA, when the scene opens with her name) speaks next, and so on in turn."""

    def __init__(self, tokenizer, speakers: tuple[str, ...], prompt_ids):
        self.tokenizer = tokenizer
        self.speakers = speakers
        said = tokenizer.decode(prompt_ids[0], skip_special_tokens=True).splitlines()
        last = next((line[:-1] for line in reversed(said) if line.endswith(":") and line[:-1] in speakers), speakers[0])
        self.next_speaker = (speakers.index(last) + 1) % len(speakers)
        self.speech_start = prompt_ids.shape[1]  # where the words of the current speech begin
        self.forced: list[int] = []

    def __call__(self, input_ids, scores):
        import torch

        if not self.forced:
            ending = self._speech_ending(input_ids[0])
            if ending is not None:
                name = self.speakers[self.next_speaker]
                self.forced = self.tokenizer.encode(f"{ending}{name}:\n", add_special_tokens=False)
                self.next_speaker = (self.next_speaker + 1) % len(self.speakers)
        if self.forced:
            token = self.forced.pop(0)
            allowed = torch.full_like(scores, float("-inf"))
            allowed[:, token] = scores[:, token]
            if not self.forced:
                self.speech_start = input_ids.shape[1] + 1
            return allowed
        speech = self.tokenizer.decode(input_ids[0, self.speech_start:], skip_special_tokens=True)
        starts_a_line, to_colon, new_speaker = _token_kinds(self.tokenizer, scores.shape[-1])
        banned = new_speaker.clone()  # "ANY NAME:" would give the floor to someone the visitor did not name
        if CAPITALS.fullmatch(speech.rsplit("\n", 1)[-1].strip()):
            banned |= to_colon
        if not speech.strip():
            banned |= starts_a_line  # a name is followed by words, not by blank lines
        kept = scores.masked_fill(banned.to(scores.device), float("-inf"))
        return kept if torch.isfinite(kept).any() else scores

    def _speech_ending(self, ids) -> str | None:
        """None while the speech goes on; else what must still be written before the next name."""
        speech = self.tokenizer.decode(ids[self.speech_start:], skip_special_tokens=True)
        if not speech.strip() or not speech.endswith("\n"):
            return None
        if speech.endswith("\n\n"):
            return ""
        return "\n" if speech.strip().count("\n") + 1 >= MAX_SPEECH_LINES else None

"""Every named character of a scene speaks: after each speech, the next one's name is written for the poet.

The poet learned plays, where a speech is a speaker's name in capitals, a colon, the lines, and a blank
line. Left alone it gives the floor to whoever its plays made talk most (often a name the visitor never
gave). `SpeakerTurns` watches the text as it is written, and when a speech ends (a blank line after
some words) it writes the next character's name itself, by allowing only that name's tokens, so the
visitor's characters take turns in the order given. A speech that runs past MAX_SPEECH_LINES lines is
ended at its next line break, so that in a short scene every character gets a word in.
"""

from __future__ import annotations

MAX_SPEECH_LINES = 6  # a longer speech is ended at its next line break, so the others get their turn


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
        return scores

    def _speech_ending(self, ids) -> str | None:
        """None while the speech goes on; else what must still be written before the next name."""
        speech = self.tokenizer.decode(ids[self.speech_start:], skip_special_tokens=True)
        if not speech.strip() or not speech.endswith("\n"):
            return None
        if speech.endswith("\n\n"):
            return ""
        return "\n" if speech.strip().count("\n") + 1 >= MAX_SPEECH_LINES else None

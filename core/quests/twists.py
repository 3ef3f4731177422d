"""What each built-in twist is about, so that the planner picks one that fits the quest and tells it with the
quest's own names: "the quest giver hired the villain" becomes "Aldric hired the villain", and the quest then
ends with Aldric confronted, not thanking the player for uncovering him in the third person.

A twist is about the quest giver, the foe the quest is to defeat (one, or a band), the item it is after, the
person it is for, or the world at large. Only a twist whose subject the quest has is chosen; a visitor's own
twist is used as written.
"""

from __future__ import annotations

from dataclasses import dataclass

# The climax step types whose subject each kind of twist can be about.
FITS = {"giver": None, "world": None, "foe": ("kill",), "foes": ("defend",), "item": ("gather", "deliver"),
        "person": ("escort", "talk")}


@dataclass(frozen=True)
class TwistSpec:
    about: str  # a key of FITS
    generic: str = ""  # the words that stand for the subject, replaced by its name in the quest
    confession: str = ""  # a giver twist in the giver's own words, for the ending
    dead_role: str = ""  # a world twist that says someone of this role is dead: unfit if one acts in the quest


TWISTS: dict[str, TwistSpec] = {
    # fantasy
    "the monster is cursed royalty": TwistSpec("foe", "the monster"),
    "the quest giver hired the villain": TwistSpec("giver", "the quest giver", "I hired the villain"),
    "the stolen relic is a fake": TwistSpec("item", "the stolen relic"),
    "the victim staged their own kidnapping": TwistSpec("person", "the victim"),
    "the bandits are starving villagers": TwistSpec("foes", "the bandits"),
    # science fiction
    "the rogue AI is protecting the crew": TwistSpec("foe", "the rogue AI"),
    "the client is a corporate spy": TwistSpec("giver", "the client", "I am a corporate spy"),
    "the artefact is alive": TwistSpec("item", "the artefact"),
    "the distress call was a trap": TwistSpec("world"),
    "the pirates are the station's old crew": TwistSpec("foes", "the pirates"),
    # post-apocalyptic
    "the raiders are protecting the last clean well": TwistSpec("foes", "the raiders"),
    "the boss sold out the settlement": TwistSpec("giver", "the boss", "I sold out the settlement"),
    "the cure is poisoned": TwistSpec("item", "the cure"),
    "the missing scout deserted": TwistSpec("person", "the missing scout"),
    "the mutants can talk": TwistSpec("foes", "the mutants"),
    # gothic horror
    "the ghost is trying to warn the living": TwistSpec("foe", "the ghost"),
    "the physician caused the plague": TwistSpec("world"),
    "the heir is an impostor": TwistSpec("person", "the heir"),
    "the vampire is the victim": TwistSpec("foe", "the vampire"),
    "the inspector is already dead": TwistSpec("world", dead_role="inspector"),
}


def fits(twist: str, climax_type: str, acting_roles: set[str]) -> bool:
    """Whether a built-in `twist` can be told in a quest whose climax step is `climax_type` and whose acting
    characters have `acting_roles` (a visitor's own twist always fits)."""
    spec = TWISTS.get(twist)
    if spec is None:
        return True
    places = FITS[spec.about]
    return (places is None or climax_type in places) and spec.dead_role not in acting_roles


def told(twist: str, subject_name: str) -> str:
    """The twist with its subject's name in the quest in place of the generic words."""
    spec = TWISTS.get(twist)
    if spec is None or not spec.generic or not subject_name:
        return twist
    return twist.replace(spec.generic, subject_name, 1)


def confession(twist: str) -> str:
    """A giver twist in the giver's own words; empty for any other twist."""
    spec = TWISTS.get(twist)
    return spec.confession if spec is not None else ""

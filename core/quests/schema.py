"""The quest as structured data a game can load: who, where, what to do in which order, and why.

Dataclasses, exported as JSON Schema by `quest_json_schema()`; `Quest.to_dict()` / `Quest.from_dict()`
round-trip through JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STEP_TYPES = ("go", "talk", "gather", "kill", "escort", "deliver", "defend", "investigate")
MOTIVATIONS = ("knowledge", "comfort", "reputation", "serenity", "protection", "conquest", "wealth", "ability",
               "equipment")  # Doran and Parberry's NPC motivations


@dataclass
class Character:
    id: str
    name: str
    role: str
    alive: bool = True
    hostile: bool = False
    note: str = ""


@dataclass
class Location:
    id: str
    name: str
    kind: str
    state: str = "normal"


@dataclass
class Item:
    id: str
    name: str


@dataclass
class Step:
    index: int
    type: str
    description: str
    location: str
    target_character: str | None = None
    target_item: str | None = None
    optional: bool = False
    flavour: str = ""


@dataclass
class Reward:
    gold: int = 0  # the amount of money, in `currency`
    items: list[str] = field(default_factory=list)
    currency: str = "gold"  # the word the visitor used: gold, credits, caps, coins...

    @property
    def text(self) -> str:
        """'800 credits, a navigation chip', as asked; empty when there is nothing."""
        return ", ".join(filter(None, [f"{self.gold:,} {self.currency}" if self.gold else "", *self.items]))


@dataclass
class Giver:
    character: str
    motivation: str
    strategy: str


@dataclass
class Dialogue:
    intro: str
    completion: str


@dataclass
class Quest:
    title: str
    setting: str
    tone: str
    difficulty: str
    objective: str
    twist: str
    giver: Giver
    characters: list[Character]
    locations: list[Location]
    items: list[Item]
    steps: list[Step]
    reward: Reward
    dialogue: Dialogue
    prerequisites: list[str] = field(default_factory=list)
    seed: int = 0
    chain: int = 1

    def character(self, character_id: str) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def location(self, location_id: str) -> Location | None:
        return next((loc for loc in self.locations if loc.id == location_id), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Quest":
        return cls(
            **{k: v for k, v in data.items() if k not in ("giver", "characters", "locations", "items", "steps",
                                                          "reward", "dialogue")},
            giver=Giver(**data["giver"]), characters=[Character(**c) for c in data["characters"]],
            locations=[Location(**loc) for loc in data["locations"]], items=[Item(**i) for i in data["items"]],
            steps=[Step(**s) for s in data["steps"]], reward=Reward(**data["reward"]),
            dialogue=Dialogue(**data["dialogue"]),
        )


def quest_json_schema() -> dict:
    """JSON Schema of a quest, for game engines and validators."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Quest).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Genlab quest"
    return schema

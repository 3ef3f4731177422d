"""Plan a quest from a designer's constraints: deterministic for a seed, no language model needed.

    quest = plan_quest(QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty",
                                    reward="500 gold", seed=7))
    later = plan_quest(QuestRequest(objective="find the lost crown", seed=8), previous=quest)

Consistency is by construction: every step names characters, places and items created for it;
a character killed in one step is never used again; the reward is the one asked for; the
quest giver, alive, closes the quest. `core.quests.validator` checks all of this independently.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from core.quests.schema import Character, Dialogue, Giver, Item, Location, Quest, Reward, Step
from core.quests.twists import TWISTS, confession, fits, told
from core.quests.worlds import (DEFAULT_GOLD, DIFFICULTIES, MOTIVATION_FOR, OBJECTIVE_VERBS, STRATEGIES, TONES,
                                WORLDS)

MIN_STEPS, MAX_STEPS = 3, 12
MAX_GOLD = 1_000_000
_ARTICLES = re.compile(r"^(a|an|the|some|my|our|their|his|her)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class QuestRequest:
    objective: str = "defeat a dragon"
    twist: str = ""
    reward: str = ""
    setting: str = "fantasy"
    tone: str = "heroic"
    difficulty: str = "normal"
    steps: int = 5
    seed: int = 0
    twist_seed: int = 0

    def check(self) -> None:
        if self.setting not in WORLDS:
            raise ValueError(f"Unknown setting {self.setting!r}; choose one of: {', '.join(WORLDS)}.")
        if self.tone not in TONES:
            raise ValueError(f"Unknown tone {self.tone!r}; choose one of: {', '.join(TONES)}.")
        if self.difficulty not in DIFFICULTIES:
            raise ValueError(f"Unknown difficulty {self.difficulty!r}; choose one of: {', '.join(DIFFICULTIES)}.")
        if not MIN_STEPS <= int(self.steps) <= MAX_STEPS:
            raise ValueError(f"A quest has between {MIN_STEPS} and {MAX_STEPS} steps; {self.steps} is too "
                             f"{'few' if int(self.steps) < MIN_STEPS else 'many'} to play well.")
        if len(self.objective) > 200 or len(self.twist) > 200 or len(self.reward) > 200:
            raise ValueError("Keep the objective, twist and reward under 200 characters each.")
        parse_reward(self.reward, self.difficulty)

    def harder(self) -> "QuestRequest":
        level = min(DIFFICULTIES.index(self.difficulty) + 1, len(DIFFICULTIES) - 1)
        return replace(self, difficulty=DIFFICULTIES[level], steps=min(MAX_STEPS, int(self.steps) + 1))



def definite(noun: str) -> str:
    """'the rogue drones', 'the rampant security AI' (not 'the a rampant security AI')."""
    for article in ("the ", "a ", "an "):
        if noun.lower().startswith(article):
            noun = noun[len(article):]
            break
    return f"the {noun}"

def parse_reward(text: str, difficulty: str) -> Reward:
    """'500 gold, a silver amulet' -> Reward(500, ['a silver amulet']); empty -> gold by difficulty."""
    text = (text or "").strip()
    if not text:
        return Reward(gold=DEFAULT_GOLD[difficulty])
    gold, items, currency = None, [], None
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        match = re.fullmatch(r"(-?\s*[\d_ ]+)\s*(gold|coins?|credits?|caps|crowns|pieces of gold)?", part,
                             re.IGNORECASE)
        if match:
            currency = currency or (match.group(2) or "").lower() or None
            value = int(re.sub(r"[\s_]", "", match.group(1)))
            if value < 0:
                raise ValueError(f"A reward cannot be negative gold ({value}).")
            if value > MAX_GOLD:
                raise ValueError(f"{value:,} gold would break any game's economy; the limit is {MAX_GOLD:,}.")
            gold = (gold or 0) + value
        elif re.search(r"-\s*\d", part):
            raise ValueError(f"A reward cannot be negative: '{part}'.")
        else:
            items.append(part)
    return Reward(gold=gold or 0, items=items, currency=currency or "gold")


def _verb_at(words: list[str]) -> tuple[int, str] | None:
    """Where the first verb that decides a climactic step stands in `words`, and its kind ("kill")."""
    for index, word in enumerate(words):
        for kind, verbs in OBJECTIVE_VERBS.items():
            if word.lower() in verbs:
                return index, kind
    return None


def objective_verb(objective: str, default: str = "defeat") -> str:
    """The verb of an objective that decides its climactic step ("defeat" of "defeat a dragon"), as written."""
    words = objective.strip().rstrip(".!").split()
    found = _verb_at(words)
    return words[found[0]].lower() if found else default


def parse_objective(objective: str) -> tuple[str, str]:
    """('kill', 'dragon') from 'defeat a dragon'; the verb decides the climactic step."""
    words = objective.strip().rstrip(".!").split()
    if found := _verb_at(words):
        index, kind = found
        return kind, _ARTICLES.sub("", " ".join(words[index + 1:]).strip()) or "the unknown"
    return "investigate", _ARTICLES.sub("", objective.strip().rstrip(".!")) or "the mystery"


class _Builder:
    """Creates characters, places and items with unique ids and names."""

    def __init__(self, world: dict, rng: random.Random, previous: Quest | None):
        self.world, self.rng = world, rng
        self.characters: list[Character] = [replace(c) for c in previous.characters] if previous else []
        self.locations: list[Location] = [replace(loc) for loc in previous.locations] if previous else []
        self.items: list[Item] = [replace(i) for i in previous.items] if previous else []
        self._used_names = {c.name for c in self.characters}
        self._used_places = {loc.name for loc in self.locations}

    def person(self, role: str, hostile: bool = False, name: str | None = None) -> Character:
        if name is None:
            free = [n for n in self.world["first_names"] if n not in self._used_names] or self.world["first_names"]
            name = self.rng.choice(free)
        self._used_names.add(name)
        character = Character(f"c{len(self.characters) + 1}", name, role, hostile=hostile)
        self.characters.append(character)
        return character

    def foes(self) -> Character:
        """A hostile group, such as 'Bandits' (role 'bandits')."""
        kind = self.rng.choice(self.world["foes"])
        return self.person(kind, hostile=True, name=_capitalised(kind))

    def place(self, kind: str, name: str | None = None) -> Location:
        if name is None:
            free = [p for p in self.world["places"] if p not in self._used_places] or self.world["places"]
            name = self.rng.choice(free)
        self._used_places.add(name)
        location = Location(f"l{len(self.locations) + 1}", name, kind)
        self.locations.append(location)
        return location

    def thing(self, name: str | None = None) -> Item:
        item = Item(f"i{len(self.items) + 1}", name or self.rng.choice(self.world["items"]))
        self.items.append(item)
        return item


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def plan_quest(request: QuestRequest, previous: Quest | None = None) -> Quest:
    """Build a quest that meets `request`; with `previous`, continue from the world it left."""
    request.check()
    world = WORLDS[request.setting]
    chain_key = f"{previous.chain}:{previous.title}" if previous else "first"
    rng = random.Random(f"{request.seed}:{request.setting}:{chain_key}")
    twist_rng = random.Random(f"{request.seed}:{request.twist_seed}:twist")
    build = _Builder(world, rng, previous if previous and previous.setting == request.setting else None)
    if previous and not request.objective.strip():  # a sequel: a new goal, never the one just done
        goals = [f"defeat {definite(foe)}" for foe in world["foes"]] + [f"find {item}" for item in world["items"]]
        request = replace(request, objective=rng.choice([g for g in goals if g.lower() != previous.objective.lower()]))
    if not request.objective.strip():  # no objective given: the planner picks one, and says it as the objective
        request = replace(request, objective=rng.choice(
            [f"defeat {definite(rng.choice(world['foes']))}", f"find {rng.choice(world['items'])}"]))
    kind, subject = parse_objective(request.objective)
    reward = parse_reward(request.reward, request.difficulty)
    alive_people = [c for c in build.characters if c.alive and not c.hostile]
    hub = next((loc for loc in build.locations if loc.kind == "settlement"), None) or build.place(
        "settlement", rng.choice(world["hubs"]))
    giver = alive_people[0] if alive_people else build.person(rng.choice(world["roles"]))
    fitting = [t for t in world["twists"] if fits(t, kind, {giver.role})]
    twists = [t for t in fitting if not previous or t != previous.twist] or fitting
    twist = request.twist.strip() or twist_rng.choice(twists)
    spec = TWISTS.get(twist)  # None for a visitor's own twist
    # nobody the twist says is dead takes part
    roles = [role for role in world["roles"] if not spec or role != spec.dead_role]
    motivation = MOTIVATION_FOR[kind]
    strategy_name, preparation = rng.choice(STRATEGIES[motivation])

    lair = build.place("destination")
    steps: list[Step] = []
    # the climax's subject exists from the start, so that the twist can name it before the climax
    target = attackers = None
    if kind == "kill":
        target = build.person(subject, hostile=True, name=f"the {subject}")
    elif kind in ("escort", "talk"):
        target = build.person(subject)
    elif kind == "defend":
        attackers = build.foes()
    climax_item = None
    if kind == "gather":
        climax_item = build.thing(subject if subject.startswith("the ") else f"the {subject}")
    elif kind == "deliver":
        climax_item = build.thing(subject if subject != "the unknown" else None)
    about = spec.about if spec else ""
    subject_name = {"giver": giver.name, "foe": target.name if target else "", "person": target.name if target else "",
                    "foes": definite(attackers.name.lower()) if attackers else "",
                    "item": climax_item.name if climax_item else ""}.get(about, "")
    built_in, twist = twist, told(twist, subject_name)

    def add(step_type: str, description: str, location: Location, character: Character | None = None,
            item: Item | None = None) -> None:
        steps.append(Step(len(steps) + 1, step_type, description, location.id,
                          character.id if character else None, item.id if item else None))

    if kind == "deliver":
        add("gather", f"Collect {climax_item.name} from {giver.name}'s store in {hub.name}", hub, item=climax_item)

    fixed_steps = 2 + (1 if kind == "deliver" else 0)  # climax, return (and collecting what is delivered)
    reveal_twist = int(request.steps) > fixed_steps
    preparation_slots = int(request.steps) - fixed_steps - (1 if reveal_twist else 0)
    the_subject = subject if subject.startswith(("the ", "a ", "an ")) else f"the {subject}"
    fillers = preparation + [("investigate", "place"), ("talk", "informant"), ("kill", "foes"), ("gather", "item"),
                             ("go", "place")]
    for index in range(max(0, preparation_slots)):
        step_type, acts_on = fillers[index % len(fillers)] if index < len(preparation) else rng.choice(fillers)
        place = build.place("waypoint")
        if step_type == "kill":
            foes = build.foes()
            add("kill", f"Defeat {definite(foes.name.lower())} at {place.name}", place, character=foes)
            foes.alive = False
        elif step_type == "talk":
            informant = build.person(rng.choice(roles))
            add("talk", f"Ask {informant.name} the {informant.role} at {place.name} what they know about {the_subject}",
                place, character=informant)
        elif step_type == "gather":
            item = build.thing()
            add("gather", f"Find {item.name} at {place.name}", place, item=item)
        elif step_type == "defend":
            raiders = build.foes()
            add("defend", f"Hold {hub.name} against {definite(raiders.name.lower())}", hub, character=raiders)
            raiders.alive = False
        elif step_type == "investigate":
            add("investigate", f"Search {place.name} for signs of {the_subject}", place)
        else:
            add("go", f"Travel to {place.name}", place)

    if reveal_twist:
        witness = build.person(rng.choice(roles))
        add("talk", f"Hear the truth from {witness.name}: {twist}", lair, character=witness)

    if kind == "kill":
        target.note = twist
        add("kill", f"{_capitalised(objective_verb(request.objective))} {target.name} at {lair.name}", lair,
            character=target)  # "Defeat the dragon": by now the quest has named it
        target.alive = False
        lair.state = "cleared"
    elif kind == "escort":
        add("escort", f"Escort {target.name} the {subject} from {lair.name} back to {hub.name}", lair,
            character=target)
    elif kind == "gather":
        add("gather", f"Recover {climax_item.name} from {lair.name}", lair, item=climax_item)
    elif kind == "deliver":
        recipient = build.person(rng.choice(roles))
        add("deliver", f"Deliver {climax_item.name} to {recipient.name} at {lair.name}", lair,
            character=recipient, item=climax_item)
    elif kind == "defend":
        add("defend", f"Defend {subject} at {lair.name} against {definite(attackers.name.lower())}", lair,
            character=attackers)
        attackers.alive = False
    elif kind == "talk":
        add("talk", f"{_capitalised(request.objective.strip())}: {target.name} waits at {lair.name}", lair,
            character=target)
    else:
        add("investigate", f"Get to the bottom of {the_subject} at {lair.name}", lair)

    if kind == "gather":
        add("deliver", f"Bring {climax_item.name} back to {giver.name} in {hub.name}"
            + (", and confront them with the truth" if about == "giver" else ""), hub, character=giver, item=climax_item)
    elif about == "giver":
        add("talk", f"Confront {giver.name} in {hub.name} with the truth, and claim your reward", hub, character=giver)
    else:
        add("talk", f"Return to {giver.name} in {hub.name} for your reward", hub, character=giver)

    reward_text = reward.text or "thanks"
    title = _title(kind, subject, lair, rng)
    prerequisites = []
    if previous:
        prerequisites.append(f"Completed: {previous.title}")
        if previous.reward.items:
            prerequisites.append(f"Carries: {', '.join(previous.reward.items)}")
    return Quest(
        title=title, setting=request.setting, tone=request.tone, difficulty=request.difficulty,
        objective=request.objective.strip() or steps[-2].description, twist=twist,
        giver=Giver(giver.id, motivation, strategy_name), characters=build.characters, locations=build.locations,
        items=build.items, steps=steps, reward=reward,
        dialogue=Dialogue(intro=_intro(request.tone, giver, request.objective or subject, lair, reward_text),
                          completion=_completion(request.tone, giver, twist, reward_text,
                                                 confession(built_in))),
        prerequisites=prerequisites, seed=request.seed, chain=(previous.chain + 1) if previous else 1,
    )


def _title(kind: str, subject: str, lair: Location, rng: random.Random) -> str:
    noun = subject.removeprefix("the ").title()
    return rng.choice({
        "kill": [f"The Fall of the {noun}", f"Hunt at {lair.name.removeprefix('the ').title()}", f"Bane of the {noun}"],
        "escort": [f"Safe Passage for the {noun}", f"Out of {lair.name.removeprefix('the ').title()}"],
        "gather": [f"In Search of the {noun}", f"The {noun} Must Be Found"],
        "deliver": [f"Special Delivery: {noun}", f"The Road to {lair.name.removeprefix('the ').title()}"],
        "defend": [f"Hold the Line at {lair.name.removeprefix('the ').title()}", f"The Siege of the {noun}"],
        "talk": [f"A Word with the {noun}", f"Parley at {lair.name.removeprefix('the ').title()}"],
        "investigate": [f"The Riddle of {noun}", f"Shadows over {lair.name.removeprefix('the ').title()}"],
    }[kind])


def _intro(tone: str, giver: Character, objective: str, lair: Location, reward: str) -> str:
    openings = {"heroic": "You look like someone who does not turn from danger.",
                "dark": "I would not ask if anyone else were left to ask.",
                "comic": "Ah, an adventurer! Please say you are an adventurer.",
                "mysterious": "I have been expecting you, though you do not know why yet."}
    return (f"{giver.name} the {giver.role}: \"{openings[tone]} I need you to {objective.strip().rstrip('.')}. "
            f"Start your search; the trail ends at {lair.name}. {_capitalised(reward)} is yours when it is done.\"")


def _completion(tone: str, giver: Character, twist: str, reward: str, confession: str = "") -> str:
    """The giver's last words: what the twist turned out to be, or, when the twist is about the giver, a confession."""
    closings = {"heroic": "Songs will be sung of this.", "dark": "Some victories taste of ash.",
                "comic": "And you only lost one boot!", "mysterious": "Now you know. Knowing is a burden."}
    if confession:
        excuses = {"heroic": "I did what I thought had to be done.", "dark": "Some debts are paid in the dark.",
                   "comic": "Well. This is awkward.", "mysterious": "Some truths are better left buried."}
        return (f"{giver.name}: \"So you know: {confession}. {excuses[tone]} Take your reward, {reward}, and "
                "keep what you know to yourself.\"")
    return (f"{giver.name}: \"So it is true: {twist}. {closings[tone]} Take your reward: {reward}.\"")

"""Check a quest for contradictions, independently of how it was made.

Every referenced character, place and item exists; no one acts or is addressed after they
die (nor is mentioned in a step's text after dying); what is delivered was obtained first; steps are numbered in order; the giver is alive
to hand over the reward; nobody the twist says is dead takes part; and, given the request, the reward and
step count are the ones asked.
"""

from __future__ import annotations

import re

from core.quests.schema import STEP_TYPES, Quest


def validate(quest: Quest, reward_gold: int | None = None, reward_items: list[str] | None = None,
             steps: int | None = None, reward_currency: str | None = None) -> list[str]:
    """Problems found, in plain words; an empty list means the quest is consistent."""
    problems = []
    characters = {c.id: c for c in quest.characters}
    locations = {loc.id for loc in quest.locations}
    items = {i.id for i in quest.items}
    giver = characters.get(quest.giver.character)
    if giver is None:
        problems.append("The quest giver is not among the characters.")
    dead_at_start = {c.id for c in quest.characters if not c.alive} - {
        s.target_character for s in quest.steps if s.type in ("kill", "defend")}
    dead = set(dead_at_start)
    obtained: set[str] = set()
    for expected, step in enumerate(quest.steps, start=1):
        where = f"Step {step.index}"
        if step.index != expected:
            problems.append(f"{where} is out of order (expected step {expected}).")
        if step.type not in STEP_TYPES:
            problems.append(f"{where} has an unknown type {step.type!r}.")
        if step.location not in locations:
            problems.append(f"{where} happens at an unknown place {step.location!r}.")
        if step.target_character is not None:
            if step.target_character not in characters:
                problems.append(f"{where} involves an unknown character {step.target_character!r}.")
            elif step.target_character in dead:
                problems.append(f"{where} involves {characters[step.target_character].name}, who is already dead.")
        if step.target_item is not None:
            if step.target_item not in items:
                problems.append(f"{where} involves an unknown item {step.target_item!r}.")
            elif step.type == "deliver" and step.target_item not in obtained:
                problems.append(f"{where} delivers an item that was never obtained.")
        for character_id in dead:
            name = characters[character_id].name if character_id in characters else None
            if name and step.flavour and re.search(rf"\b{re.escape(name)}\b", step.flavour):
                problems.append(f"{where}'s text mentions {name}, who is already dead.")
        if step.type == "gather" and step.target_item:
            obtained.add(step.target_item)
        if step.type in ("kill", "defend") and step.target_character in characters:
            dead.add(step.target_character)
    still_marked_alive = {c.id for c in quest.characters if c.alive} & dead
    if still_marked_alive:
        names = ", ".join(characters[i].name for i in sorted(still_marked_alive))
        problems.append(f"{names} died during the quest but the character list says alive.")
    if giver is not None and giver.id in dead:
        problems.append(f"The quest giver {giver.name} dies before handing over the reward.")
    if quest.steps and quest.steps[-1].target_character != quest.giver.character:
        problems.append("The last step does not bring the player back to the quest giver.")
    said_dead = re.fullmatch(r"(?:the )?(.+?) is already dead", quest.twist.strip().rstrip("."), re.IGNORECASE)
    if said_dead:
        who = said_dead.group(1).lower()
        acting = {step.target_character for step in quest.steps} | {quest.giver.character}
        for character_id in acting:
            character = characters.get(character_id)
            if character and character.alive and who in (character.name.lower(), character.role.lower()):
                problems.append(f"The twist says {character.name} is already dead, but they take part in the quest.")
    if reward_gold is not None and quest.reward.gold != reward_gold:
        problems.append(f"The reward is {quest.reward.gold} gold, but {reward_gold} was asked for.")
    if reward_currency is not None and quest.reward.gold and quest.reward.currency != reward_currency:
        problems.append(f"The reward is in {quest.reward.currency}, but {reward_currency} was asked for.")
    if reward_items is not None and quest.reward.items != reward_items:
        problems.append("The reward items are not the ones asked for.")
    if steps is not None and len(quest.steps) != steps:
        problems.append(f"The quest has {len(quest.steps)} steps, but {steps} were asked for.")
    return problems

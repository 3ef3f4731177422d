"""Enrichment: the writing tab's language model adds a line of flavour to each planned step.

    enriched = enrich_quest(quest, EnrichmentConfig(seed=3))
    enriched.quest.steps[0].flavour, enriched.rejected, enriched.record_id

The model only ever fills the steps' `flavour` text: the structure (who, where, what, in which
order) is the planner's and cannot change. A line is thrown away and written again when it names a
character who is dead by that step, or when it is empty or runs on; after `attempts` tries the step
keeps no flavour. So an enriched quest passes the same validator as a planned one. The embedded
poet writes a line of verse; an instruction model is asked for one sentence.

Like the Writing tab's texts, the lines carry the suite's text watermark (when the model samples
here, not on a remote server) and get one audit row, with their energy, through
`core.text.writer.record_text`.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass

from core.quests.schema import Quest

MAX_FLAVOUR_CHARACTERS = 160
TAB = "quests"
FLAVOUR_KIND = "quest flavour lines"  # the audit row's parameters["kind"]


@dataclass(frozen=True)
class EnrichmentConfig:
    seed: int = 0
    attempts: int = 3
    tokens_per_line: int = 32
    temperature: float = 0.9
    watermark: bool = True


@dataclass
class EnrichedQuest:
    quest: Quest
    written: int
    rejected: int
    model_label: str
    watermarked: bool = False
    record_id: str | None = None  # the audit row of the lines; None when no line was kept


def dead_by_step(quest: Quest) -> list[set[str]]:
    """Names of the characters dead when each step begins (killed in an earlier step, or dead from the start)."""
    names = {c.id: c.name for c in quest.characters}
    killed_later = {s.target_character for s in quest.steps if s.type in ("kill", "defend")}
    dead = {names[c.id] for c in quest.characters if not c.alive and c.id not in killed_later}
    per_step = []
    for step in quest.steps:
        per_step.append(set(dead))
        if step.type in ("kill", "defend") and step.target_character in names:
            dead.add(names[step.target_character])
    return per_step


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().strip('"').strip()
        if line:
            return line
    return ""


def without_a_cut_word(line: str) -> str:
    """The line without a last word the length limit cut short ("… python, congratul" ends "… python")."""
    from core.text.english import WORD, lexicon

    words = list(WORD.finditer(line.replace("\u2019", "'")))
    if not words or lexicon().is_word(words[-1].group(0)):
        return line
    return line[:words[-1].start()].rstrip(" ,;:-\u2014")


def acceptable(line: str, dead_names: set[str]) -> bool:
    """A line to keep: short, no markup, every word a real one (the poet's decoding can still leave one at a dead
    end: "I’Girn _melodic'"), and no one already dead named."""
    from core.text.english import real_words

    if not line or len(line) > MAX_FLAVOUR_CHARACTERS or "<|" in line or real_words(line).share < 1:
        return False
    return not any(re.search(rf"\b{re.escape(name)}\b", line) for name in dead_names)


def step_prompt(quest: Quest, step, poet: bool):
    from core.text.corpus import VERSE_TAG
    from core.text.modes import Prompt

    place = next((loc.name for loc in quest.locations if loc.id == step.location), step.location)
    if poet:
        return Prompt(text=f"{VERSE_TAG}\n{step.description.rstrip('.')}, at {place}.\n", modern_casing=True)
    instruction = (f"Quest: {quest.title} ({quest.setting}, {quest.tone}). Step {step.index}: {step.description} "
                   f"at {place}. Write one atmospheric sentence for this step, under 25 words, naming no new "
                   f"characters. Reply with the sentence only.")
    return Prompt(messages=({"role": "user", "content": instruction},))


def enrich_quest(quest: Quest, config: EnrichmentConfig = EnrichmentConfig(), backend=None) -> EnrichedQuest:
    """A copy of `quest` with a flavour line per step written by the active text backend, watermarked and recorded."""
    from core.provenance import get_recorder
    from core.text.sampling import SamplingSettings
    from core.text.writer import current_backend, record_text, text_watermark_key

    backend = backend or current_backend()
    watermarked = config.watermark and backend.watermarks
    key = text_watermark_key() if watermarked else None
    enriched = copy.deepcopy(quest)
    dead = dead_by_step(enriched)
    written = rejected = 0
    with get_recorder().meter() as meter:
        for step, dead_names in zip(enriched.steps, dead):
            prompt = step_prompt(enriched, step, backend.poet)
            step.flavour = ""
            for attempt in range(config.attempts):
                settings = SamplingSettings(temperature=config.temperature, max_new_tokens=config.tokens_per_line,
                                            seed=config.seed * 1000 + step.index * 10 + attempt,
                                            watermark=watermarked)
                text = "".join(backend.writer.stream(prompt, settings, seed=settings.seed, watermark_key=key,
                                                     cancel=threading.Event(), line_limit=1))
                line = without_a_cut_word(first_line(text))
                if acceptable(line, dead_names):
                    step.flavour = line
                    written += 1
                    break
                rejected += 1
    record_id = None
    if written:
        lines = "\n".join(step.flavour for step in enriched.steps if step.flavour)
        parameters = {"kind": FLAVOUR_KIND, "quest": enriched.title, "quest_seed": enriched.seed, "seed": config.seed,
                      "lines": written, "rejected": rejected, "watermark": watermarked,
                      "temperature": config.temperature, "tokens_per_line": config.tokens_per_line}
        record_id = record_text(lines, tab=TAB, backend=backend, parameters=parameters, energy=meter.result,
                                watermarked=watermarked).id
    return EnrichedQuest(enriched, written, rejected, backend.model_label, watermarked, record_id)

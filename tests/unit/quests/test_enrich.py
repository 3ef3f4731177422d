from dataclasses import replace

from core.quests.enrich import EnrichmentConfig, acceptable, dead_by_step, enrich_quest, without_a_cut_word
from core.quests.planner import QuestRequest, parse_reward, plan_quest
from core.quests.validator import validate

REQUEST = QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty", reward="500 gold", seed=7)


def test_enrichment_adds_flavour_and_leaves_the_structure_alone(clean_poet_backend):
    quest = plan_quest(REQUEST)
    enriched = enrich_quest(quest, EnrichmentConfig(seed=1, tokens_per_line=12), backend=clean_poet_backend)
    assert enriched.written >= 1 and enriched.model_label
    assert [s.flavour for s in enriched.quest.steps if s.flavour]
    strip = lambda q: [replace(s, flavour="") for s in q.steps]  # noqa: E731
    assert strip(enriched.quest) == strip(quest) and enriched.quest.characters == quest.characters
    reward = parse_reward(REQUEST.reward, REQUEST.difficulty)
    assert validate(enriched.quest, reward.gold, reward.items, REQUEST.steps) == []


def test_a_line_naming_someone_already_dead_is_refused_and_the_validator_agrees():
    quest = plan_quest(REQUEST)
    kill = next(s for s in quest.steps if s.type in ("kill", "defend") and s.target_character)
    victim = next(c for c in quest.characters if c.id == kill.target_character)
    later = quest.steps[kill.index]  # the step after the kill
    assert victim.name in dead_by_step(quest)[later.index - 1]
    assert not acceptable(f"And {victim.name} rose to speak once more", {victim.name})
    later.flavour = f"And {victim.name} rose to speak once more"
    assert any("already dead" in problem for problem in validate(quest))


def test_a_flavour_line_keeps_only_real_words_and_loses_a_word_the_limit_cut():
    """The real-word bench's lowest flavour line read "Den-lonelier I’Girn _melodic' python, congratul" (review of
    #27's figures): a word cut by the length limit, and non-words left by the decoding's dead ends."""
    assert without_a_cut_word("The wind was cold upon the python, congratul") == "The wind was cold upon the python"
    assert without_a_cut_word("The wind was cold.") == "The wind was cold."
    assert not acceptable("Den-lonelier I’Girn _melodic' python", set())
    assert acceptable("The wind was cold upon the hill", set())


def _green_share(backend, quest) -> float:
    from core.settings import get_settings
    from core.text.watermark import read_text_watermark, watermark_key

    lines = "\n".join(step.flavour for step in quest.steps if step.flavour)
    return read_text_watermark(lines, backend.writer.tokenizer, backend.writer.model.config,
                               watermark_key(get_settings().data_dir)).green_fraction


def test_flavour_lines_carry_the_text_watermark_and_get_an_audit_row_like_writings(clean_poet_backend):
    from core.provenance import get_recorder

    quest = plan_quest(replace(REQUEST, steps=8))
    marked = [enrich_quest(quest, EnrichmentConfig(seed=seed), backend=clean_poet_backend) for seed in range(3)]
    plain = [enrich_quest(quest, EnrichmentConfig(seed=seed, watermark=False), backend=clean_poet_backend)
             for seed in range(3)]
    record = get_recorder().store.get(marked[0].record_id)
    assert marked[0].watermarked and record.tab == "quests" and record.watermark == f"green-list:{record.id}"
    assert record.parameters["kind"] == "quest flavour lines" and record.parameters["lines"] == marked[0].written
    assert record.model_id == clean_poet_backend.model_label and record.energy_joules > 0
    assert get_recorder().store.get(plain[0].record_id).watermark is None and not plain[0].watermarked
    green = [_green_share(clean_poet_backend, e.quest) for e in marked]
    baseline = [_green_share(clean_poet_backend, e.quest) for e in plain]
    assert min(green) > max(baseline), (green, baseline)

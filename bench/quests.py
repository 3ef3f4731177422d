"""Quests: how fast the planner is and how often its quests are consistent, alone, enriched by the
writing model, and beside free generation by that same model.

    python bench/quests.py [--seeds 1000] [--language-model-seeds 50] [--model assets/models/poet-gpt]

Planner quests per second on this machine, and the validity rate over `--seeds` seeds spread over
every setting and a range of objectives, step counts and rewards, checked by core.quests.validator.
With the embedded poet (when its weights are there): the validity of `--language-model-seeds`
enriched quests, and of free generation, where the model is given the seed's prompt ("Generate a
fantasy quest with objective: ..., twist: ..., reward: ...") and its text must parse as a quest
(JSON in our schema) and pass the same validator; and the share of real English words in the flavour lines
(core.text.english, as bench/writing.py --real-words counts them). Prints a Markdown table, then one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GENLAB_DATA_DIR", tempfile.mkdtemp(prefix="genlab-bench-"))  # enrichment writes audit rows

from core.quests.planner import QuestRequest, parse_reward, plan_quest  # noqa: E402
from core.quests.validator import validate  # noqa: E402
from core.quests.worlds import DIFFICULTIES, WORLDS  # noqa: E402

OBJECTIVES = ["defeat a dragon", "rescue the miller's daughter", "find the sunstone", "deliver medicine",
              "defend the village", "investigate the disappearances", "convince the baron", ""]


def requests(count: int) -> list[QuestRequest]:
    settings = list(WORLDS)
    return [QuestRequest(objective=OBJECTIVES[i % len(OBJECTIVES)], setting=settings[i % len(settings)],
                         difficulty=DIFFICULTIES[i % len(DIFFICULTIES)], steps=3 + i % 10, seed=i,
                         reward="" if i % 3 else f"{i} gold, a lucky charm")
            for i in range(count)]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=1000)
    parser.add_argument("--language-model-seeds", type=int, default=50)
    parser.add_argument("--model", default="assets/models/poet-gpt")
    args = parser.parse_args()
    batch = requests(args.seeds)
    started = time.perf_counter()
    quests = [plan_quest(request) for request in batch]
    seconds = time.perf_counter() - started
    valid = 0
    for request, quest in zip(batch, quests):
        reward = parse_reward(request.reward, request.difficulty)
        valid += not validate(quest, reward.gold, reward.items, request.steps)
    print(f"\nQuest planner, {args.seeds:,} seeds over {len(WORLDS)} settings, {os.cpu_count()} CPUs (one used)\n")
    print("| generator | quests per second | valid |")
    print("|---|---|---|")
    print(f"| Genlab planner | {len(quests) / seconds:,.0f} | {valid / len(quests):.1%} |")
    results = {"planner_quests_per_second": round(len(quests) / seconds, 1),
               "planner_validity": valid / len(quests), "seeds": args.seeds}
    if Path(args.model, "config.json").exists():
        results.update(language_model_rows(Path(args.model), batch[:args.language_model_seeds]))
    print(json.dumps(results))


def language_model_rows(model: Path, batch: list[QuestRequest]) -> dict:
    import threading

    from core.quests.enrich import EnrichmentConfig, enrich_quest
    from core.quests.schema import Quest
    from core.settings import TabModel
    from core.text.modes import WritingRequest, build_prompt
    from core.text.sampling import SamplingSettings
    from core.text.writer import backend_for

    from core.text.english import RealWords, real_words

    backend = backend_for(TabModel("embedded", str(model)))
    started, valid, lines, spelled, flavour = time.perf_counter(), 0, 0, RealWords(0, 0), []
    for request in batch:
        enriched = enrich_quest(plan_quest(request), EnrichmentConfig(seed=request.seed), backend=backend)
        reward = parse_reward(request.reward, request.difficulty)
        valid += not validate(enriched.quest, reward.gold, reward.items, request.steps)
        lines += enriched.written
        for step in enriched.quest.steps:
            if step.flavour:
                spelled += real_words(step.flavour)
                flavour.append(step.flavour)
    enrich_seconds = time.perf_counter() - started
    print(f"| Genlab planner + {backend.model_label} flavour lines | {len(batch) / enrich_seconds:,.2f} | "
          f"{valid / len(batch):.1%} |")

    started, parsed, free_valid = time.perf_counter(), 0, 0
    for request in batch:
        prompt_text = (f"Generate a {request.setting} quest with objective: {request.objective or 'anything'}, "
                       f"twist: {request.twist or 'a surprise'}, reward: {request.reward or '500 gold'}")
        prompt = build_prompt(WritingRequest(mode="Continue a text", text=prompt_text + "\n"), poet=backend.poet,
                              chat=False)
        text = "".join(backend.writer.stream(prompt, SamplingSettings(max_new_tokens=200, seed=request.seed,
                                                                      watermark=False),
                                             seed=request.seed, watermark_key=None, cancel=threading.Event()))
        try:
            quest = Quest.from_dict(json.loads(text[text.index("{"):text.rindex("}") + 1]))
        except (ValueError, KeyError, TypeError):
            continue
        parsed += 1
        reward = parse_reward(request.reward, request.difficulty)
        free_valid += not validate(quest, reward.gold, reward.items, request.steps)
    free_seconds = time.perf_counter() - started
    print(f"| free generation by {backend.model_label} | {len(batch) / free_seconds:,.2f} | "
          f"{free_valid / len(batch):.1%} ({parsed} of {len(batch)} parsed as a quest) |")
    print(f"\nFlavour lines by {backend.model_label}: {lines} lines, {spelled.words:,} words, "
          f"{spelled.share:.1%} real words (core.text.english); first three: " + " / ".join(flavour[:3]))
    return {"enriched_validity": valid / len(batch), "enriched_quests_per_second": len(batch) / enrich_seconds,
            "flavour_lines": lines, "flavour_real_word_share": round(spelled.share, 4), "free_generation_validity": free_valid / len(batch),
            "free_generation_parsed": parsed, "language_model_seeds": len(batch)}


if __name__ == "__main__":
    main()

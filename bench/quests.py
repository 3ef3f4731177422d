"""Quests: how fast the planner is and how often its quests are consistent.

    python bench/quests.py [--seeds 1000]

Planner quests per second on this machine, and the validity rate over `--seeds` seeds spread over
every setting and a range of objectives, step counts and rewards, checked by core.quests.validator.
The comparison with enrichment and with free generation by a language model needs the writing
tab's text backend and is added with it. Prints a Markdown table, then one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    print(json.dumps({"planner_quests_per_second": round(len(quests) / seconds, 1),
                      "planner_validity": valid / len(quests), "seeds": args.seeds}))


if __name__ == "__main__":
    main()

"""Is a light call slowed by the poet writing in the same process (Python's global interpreter lock)?

    python bench/light_beside_poet.py [--switch-interval 0.005] [--calls 10]

Times one light call's work (molecule properties of aspirin and caffeine, then a quest plan), in this process,
`--calls` times on an idle process and then while another thread of it streams poems from the embedded poet
without pause, as the app's model lane does. Prints the medians and the slowest. If the light work barely slows
down, the wait that light calls meet with many visitors (bench/concurrency.py) is not Python's lock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GENLAB_DATA_DIR", tempfile.mkdtemp(prefix="genlab-bench-"))
MOLECULES = "CC(=O)Oc1ccccc1C(=O)O aspirin\nCN1C=NC2=C1C(=O)N(C(=O)N2C)C caffeine"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--switch-interval", type=float, default=sys.getswitchinterval())
    parser.add_argument("--calls", type=int, default=10)
    arguments = parser.parse_args()
    sys.setswitchinterval(arguments.switch_interval)

    from apps.molecules import molecule_properties
    from core.quests.planner import QuestRequest, plan_quest
    from core.text.writer import SamplingSettings, WritingRequest, write

    def light() -> float:
        started = time.perf_counter()
        molecule_properties(MOLECULES)
        plan_quest(QuestRequest(objective="find a lost ring", seed=1))
        return time.perf_counter() - started

    poem = WritingRequest(mode="Poem", theme="the sea at night")
    light(), list(write(poem, SamplingSettings(seed=1, max_new_tokens=20)))  # loaded and warm
    idle = [light() for _ in range(arguments.calls)]
    stop = threading.Event()

    def poet() -> None:
        while not stop.is_set():
            for _ in write(poem, SamplingSettings(seed=1, max_new_tokens=200)):
                if stop.is_set():
                    break

    writer = threading.Thread(target=poet)
    writer.start()
    time.sleep(2)
    busy = [light() for _ in range(arguments.calls)]
    stop.set()
    writer.join()
    print(f"switch interval {arguments.switch_interval * 1000:g} ms: light work {statistics.median(idle):.3f} s idle, "
          f"{statistics.median(busy):.3f} s beside the poet (slowest {max(busy):.3f} s), medians of {arguments.calls}")


if __name__ == "__main__":
    main()

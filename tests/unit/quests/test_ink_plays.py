"""The exported Ink compiles with inkjs (inkle's own runtime, from npm) and plays from start to END."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from core.quests.exports import to_ink
from core.quests.planner import QuestRequest, plan_quest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("request_", [
    QuestRequest(objective="defeat a dragon", twist="the dragon is cursed royalty", reward="500 gold", seed=7),
    QuestRequest(objective="deliver medicine", twist="the {cure} is #poisoned // truly [sic] - a trap", seed=3,
                 setting="post-apocalyptic", steps=8, reward="40 caps, a map"),
    QuestRequest(objective="rescue the engineer", setting="science fiction", steps=3, seed=11),
])
def test_an_exported_quest_compiles_and_plays_to_the_end(tmp_path, request_):
    assert shutil.which("node"), "Node.js is needed to play Ink scripts"
    assert (ROOT / "node_modules" / "inkjs").is_dir(), "run `make test` (npm install) to get inkjs"
    quest = plan_quest(request_)
    script = tmp_path / "quest.ink"
    script.write_text(to_ink(quest))
    result = subprocess.run(["node", str(ROOT / "tests" / "ink" / "play.js"), str(script)], capture_output=True,
                            text=True, timeout=60, cwd=ROOT)
    played = json.loads(result.stdout.strip().splitlines()[-1])
    assert played["errors"] == []
    assert played["choices"] == len(quest.steps) + 1
    assert quest.twist in played["text"] and quest.steps[-1].description in played["text"]

"""Quests tab: structured RPG quests a game can load, consistent by construction."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import gradio as gr

from apps.error_display import error_line, show_failures

from apps.ui import audit_record, download_box, reveal_when_done, seed_box
from core.text.writer import writer_available

GENERATES_CONTENT = True
AI_DISCLOSURE = (
    "Quests are planned by a program from your constraints, not written by a person. The optional flavour "
    "lines are written by the Writing tab's language model and, when that model runs here, carry its invisible "
    "watermark. Every quest and every set of flavour lines made here is recorded in the audit log."
)
TITLE = "Quests"
SUMMARY = "Plan quests for role-playing games, in a file a game can load: steps, cast, places, twist and reward, never contradicting themselves."
LIMITS = ("quests are planned by rules from fixed lists of places, people and monsters for each setting, not "
          "written by a language model, so after a while they read alike.")

INTRODUCTION = """
## Quests
Describe the quest you want (an objective, a twist, a reward) and the planner builds it: who gives
it and why, the steps in order, the places and characters involved, and what people say. Every
quest is checked: nobody acts after they die, nothing is delivered before it is found, and the
reward is the one you asked for. Download it as JSON (the data a game reads), Markdown (text to read) or an
**Ink** script (a language for game dialogue) that a game engine can run.
"""

EXAMPLES = {  # label shown on the page: objective, twist, reward, setting, tone, difficulty, steps, seed
    "Fantasy, heroic: defeat a dragon who is cursed royalty": ["defeat a dragon", "the dragon is cursed royalty",
                                                               "500 gold", "fantasy", "heroic", "normal", 5, 7],
    "Science fiction, hard: rescue the lost engineer": ["rescue the lost engineer", "",
                                                        "800 credits, a navigation chip", "science fiction",
                                                        "mysterious", "hard", 6, 3],
    "Post-apocalyptic, dark: find a water purifier": ["find a water purifier", "", "", "post-apocalyptic", "dark",
                                                      "normal", 4, 11],
    "Gothic horror, easy: the drowned chapel's ghost": ["investigate the drowned chapel",
                                                        "the ghost is trying to warn the living", "300 gold",
                                                        "gothic horror", "mysterious", "easy", 5, 2],
}


READY = "Press **Make the quest** to see the quest card here."

def _request(objective, twist, reward, setting, tone, difficulty, steps, seed, twist_seed=0):
    """The quest asked for; an empty seed box (or -1) gets a random seed, which the quest then carries."""
    from core.inputs.numbers import SEED_MAX, as_whole, parse_whole, resolve_seed
    from core.quests.planner import QuestRequest

    return QuestRequest(objective=objective or "", twist=twist or "", reward=reward or "", setting=setting,
                        tone=tone, difficulty=difficulty, steps=as_whole(steps, "number of steps"),
                        seed=resolve_seed(seed), twist_seed=parse_whole(twist_seed, "twist number", 0, SEED_MAX, 0))


FILE_STEM_CHARS = 20  # with ".json" it fits the download box's name column on a phone


def file_stem(title: str) -> str:
    """A quest's title as a short file name, cut at a word: "The Sunken Crypt of the Dragon" -> "the-sunken-crypt"."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    stem = ""
    for word in words:
        if stem and len(stem) + 1 + len(word) > FILE_STEM_CHARS:
            break
        stem = f"{stem}-{word}" if stem else word[:FILE_STEM_CHARS]
    while "-" in stem and stem.rsplit("-", 1)[1] in ("of", "the", "a", "an", "and", "at", "in", "to"):
        stem = stem.rsplit("-", 1)[0]
    return stem or "quest"


def _files(quest) -> list[str]:
    from core.quests.exports import to_ink, to_json, to_markdown

    from core.inputs.scratch import request_folder

    folder = request_folder("genlab-quest")
    stem = file_stem(quest.title)
    paths = []
    for suffix, text in (("json", to_json(quest)), ("md", to_markdown(quest)), ("ink", to_ink(quest))):
        path = folder / f"{stem}.{suffix}"
        path.write_text(text)
        paths.append(str(path))
    return paths


def _planned(request, previous=None, enrich: bool = False):
    """Plan under the energy meter, then, if asked, let the writing model add flavour lines (watermarked, and
    recorded with their own energy). Returns the quest, the planning's measurement and the lines' audit record id."""
    from core.provenance import get_recorder
    from core.quests.planner import plan_quest

    with get_recorder().meter() as meter:
        quest = plan_quest(request, previous=previous)
    flavour_record = None
    if enrich:
        from core.quests.enrich import EnrichmentConfig, enrich_quest

        enriched = enrich_quest(quest, EnrichmentConfig(seed=request.seed))
        quest, flavour_record = enriched.quest, enriched.record_id
    return quest, meter.result, flavour_record


def _present(quest, request, energy=None, flavour_record: str | None = None):
    from core.quests.exports import to_markdown
    from core.quests.figure import quest_figure
    from core.quests.validator import validate
    from core.provenance import get_recorder

    asked = request and _asked_reward(request)
    problems = validate(quest, asked and asked.gold, asked and asked.items, request and int(request.steps),
                        reward_currency=asked and asked.currency)
    if problems:  # never handed out as a result: the planner failed its own check
        raise ValueError(f"The planner could not make a quest that passes its own check with these settings "
                         f"({problems[0][:1].lower() + problems[0][1:].rstrip('.')}). Try another seed or objective.")
    check = ("**Checked:** every character, place and item exists, nobody acts after dying, the reward is the "
             "one asked for.")
    from core.quests.exports import to_json

    shown = quest.to_dict(), quest_figure(quest), _files(quest)  # all of it made before the audit row is written
    record = get_recorder().record_output(to_json(quest), tab="quests", backend="planner",
                                          model_id="grammar planner",
                                          parameters={"seed": quest.seed, "objective": quest.objective,
                                                      "setting": quest.setting, "chain": quest.chain,
                                                      "enriched_by_language_model": any(s.flavour for s in quest.steps),
                                                      "flavour_record": flavour_record},
                                          energy=energy)
    card = to_markdown(quest) + f"\n{check}\n\nSeed {quest.seed}. {audit_record(record.id)}."
    if flavour_record:
        card += (" The flavour lines, written by a language model, have their own: "
                 f"{audit_record(flavour_record, 'see their audit record')}.")
    return shown[0], card, shown[1], shown[2]


def _asked_reward(request):
    from core.quests.planner import parse_reward

    return parse_reward(request.reward, request.difficulty)


def make_quest(objective: str = "defeat a dragon", twist: str = "", reward: str = "500 gold",
               setting: str = "fantasy", tone: str = "heroic", difficulty: str = "normal", steps: float = 5,
               seed: float = 0, twist_seed: float = 0, enrich: bool = False):
    """Plan an RPG quest: a chain of steps (travel, fight, talk, find...) towards an objective, with a twist and
    a reward, checked by a planner so that every step can be done. Exportable as JSON, Markdown and Ink.

    Args:
        objective: What the hero must do, e.g. "defeat a dragon" or "rescue the miller's daughter".
        twist: A surprise that changes the quest, e.g. "the dragon is cursed royalty"; empty for a random one.
        reward: What the hero gets at the end, e.g. "500 gold".
        setting: The world: "fantasy", "science fiction" or "gothic horror".
        tone: The mood of the writing: "heroic", "dark", "comic" or "mysterious".
        difficulty: How hard the quest is: "easy", "normal", "hard" or "deadly".
        steps: How many steps the quest has, 3 to 12.
        seed: Whole number from 0 to 4294967295 that repeats a quest; empty or -1 for a random one.
        twist_seed: Whole number that picks the random twist when `twist` is empty; empty or -1 for a random one.
        enrich: Add a line of flavour to each step, written by the Writing tab's language model.

    Returns:
        The quest as JSON: objective, steps with their places and characters, twist, reward and checks.
        The quest as a readable card in Markdown.
        A map of the quest: one column per step, with where it happens and who it involves.
        Files to download: the quest as JSON, Markdown and an Ink script for game engines.
    """
    request = _request(objective, twist, reward, setting, tone, difficulty, steps, seed, twist_seed)
    quest, energy, flavour_record = _planned(request, enrich=bool(enrich))
    return _present(quest, request, energy, flavour_record)


def reroll_twist(objective, twist, reward, setting, tone, difficulty, steps, seed, twist_seed):
    """A new twist from the setting's list, everything else the same."""
    from core.inputs.numbers import SEED_MAX, parse_whole

    next_seed = (parse_whole(twist_seed, "twist number", 0, SEED_MAX, 0) + 1) % (SEED_MAX + 1)
    return ("", next_seed, *make_quest(objective, "", reward, setting, tone, difficulty, steps, seed, next_seed))


def make_harder(objective, twist, reward, setting, tone, difficulty, steps, seed, twist_seed):
    request = _request(objective, twist, reward, setting, tone, difficulty, steps, seed, twist_seed).harder()
    return (request.difficulty, request.steps,
            *make_quest(objective, twist, reward, setting, tone, request.difficulty, request.steps, seed, twist_seed))


def next_quest(quest_json: dict | None, objective, twist, reward, setting, tone, difficulty, steps, seed):
    """Continue from the last quest's world: who lives, what was gained."""
    from core.quests.schema import Quest

    if not quest_json:
        raise ValueError("Make a quest first; the next one continues from it.")
    from core.inputs.numbers import SEED_MAX

    previous = Quest.from_dict(quest_json)
    # a sequel gets its own objective and twist (the planner picks ones the last quest did not have)
    request = _request("", "", reward, setting, tone, difficulty, steps, seed)
    request = replace(request, seed=(request.seed + 1) % (SEED_MAX + 1))
    quest, energy, _ = _planned(request, previous)
    return (request.seed, quest.objective, quest.twist, *_present(quest, replace(request, objective=quest.objective),
                                                                   energy))


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    from core.quests.worlds import DIFFICULTIES, TONES, WORLDS

    gr.Markdown(INTRODUCTION)
    gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
    with gr.Row():
        with gr.Column(scale=2, min_width=320):
            objective = gr.Textbox("defeat a dragon", label="Objective (empty: a surprise)",
                                   placeholder="e.g. rescue the miller's daughter")
            with gr.Row():  # side by side, so the button stays on a laptop's first screen
                twist = gr.Textbox("the dragon is cursed royalty", label="Twist (empty: a surprise)",
                                   min_width=200, max_lines=1)
                reward = gr.Textbox("500 gold", label="Reward", placeholder="e.g. 500 gold, a silver amulet",
                                    min_width=200, max_lines=1)
            with gr.Row():
                setting = gr.Dropdown(list(WORLDS), value="fantasy", label="Setting", min_width=150)
                tone = gr.Dropdown(list(TONES), value="heroic", label="Tone", min_width=150)
                difficulty = gr.Dropdown(list(DIFFICULTIES), value="normal", label="Difficulty", min_width=150)
            with gr.Row():
                steps = gr.Slider(3, 12, value=5, step=1, label="Steps", min_width=150)
                seed = seed_box(7, label="Seed", min_width=220)
            twist_seed = seed_box(0, label="Twist number", visible=False)
            generate = gr.Button("Make the quest", variant="primary")
            quest_error = error_line()
            gr.Examples(list(EXAMPLES.values()),  # below the button: it stays on a laptop's first screen
                        inputs=[objective, twist, reward, setting, tone, difficulty, steps, seed],
                        example_labels=list(EXAMPLES))
        with gr.Column(scale=3):
            card = gr.Markdown(READY, label="Quest card", elem_id="quest-card")
            with gr.Row(equal_height=True):  # "Next quest in the chain" wraps on a phone: all three as tall
                reroll = gr.Button("New twist", size="sm", min_width=90, interactive=False)
                harder = gr.Button("Make it harder", size="sm", min_width=90, interactive=False)
                chain = gr.Button("Next quest in the chain", size="sm", min_width=90, interactive=False)
            enrich = gr.Checkbox(False, label="Add a line of flavour to each step, written by the Writing tab's model",
                                 info="The model only adds text; the plan stays the planner's and is checked again.",
                                 visible=writer_available())
            graph = gr.Plot(label="Quest map", visible=False)  # shown with a quest: no empty frame before one
            with gr.Accordion("JSON (what a game loads)", open=False, visible=False) as json_fold:
                quest_json = gr.JSON(label="Quest")
            files = download_box("Download JSON, Markdown and Ink", file_count="multiple", visible=False)

    fields = [objective, twist, reward, setting, tone, difficulty, steps, seed]
    outputs = [quest_json, card, graph, files]
    cleared = {quest_json: None, card: READY, graph: None, files: None, json_fold: gr.update(visible=False)}
    make_triggers = (generate.click, objective.submit, twist.submit, reward.submit)  # Enter makes the quest
    triggers = (*make_triggers, reroll.click, harder.click, chain.click)
    making = gr.on(make_triggers, make_quest, inputs=fields + [twist_seed, enrich], outputs=outputs, api_name="quest")
    making.success(lambda: (gr.update(interactive=True),) * 3, outputs=[reroll, harder, chain],  # once there is a quest
                   api_visibility="private", queue=False)
    rerolling = reroll.click(reroll_twist, inputs=fields + [twist_seed], outputs=[twist, twist_seed] + outputs,
                             api_visibility="private")
    hardening = harder.click(make_harder, inputs=fields + [twist_seed], outputs=[difficulty, steps] + outputs,
                             api_visibility="private")
    chaining = chain.click(next_quest, inputs=[quest_json] + fields, outputs=[seed, objective, twist] + outputs,
                           api_visibility="private")
    for event in (making, rerolling, hardening, chaining):
        show_failures(event, quest_error, cleared, triggers)
        reveal_when_done(event, graph, json_fold, files)  # no empty map, JSON or download box before a quest
        event.failure(lambda: (gr.update(interactive=False),) * 3, outputs=[reroll, harder, chain],  # the quest they
                      api_visibility="private", queue=False)  # would change is gone


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

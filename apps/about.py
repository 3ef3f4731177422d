"""About tab: what the suite is, which models are active, and how everything it makes is marked."""

from __future__ import annotations

import base64
import html
import importlib
import json
from pathlib import Path

import gradio as gr

from apps.ui import DELETE_CACHE

from core import __version__
from core.settings import get_settings

TITLE = "About"
SUMMARY = "What Genlab is and which models it is using right now."

BACKEND_WORDS = {
    "embedded": "a small model trained by this project, shipped with the app (works offline, on a CPU)",
    "hub": "a model from the Hugging Face Hub",
    "openai": "a text-generation server you run (OpenAI-compatible)",
}

INTRODUCTION = """
# Genlab

**A hands-on tour of generative AI.** Pick a card: each tab lets you make something with a
generative model, see how it works, and see what it takes to use it responsibly. Everything runs
here, with no internet, on small models this project trained; their limits are on each card.
"""
SAMPLES = Path(__file__).resolve().parent.parent / "assets" / "about"
CARDS_CSS = """
.genlab-cards {display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px}
.genlab-card {display: flex; flex-direction: column; gap: 6px; padding: 14px; border-radius: 12px; text-align: left;
  border: 1px solid var(--border-color-primary); background: var(--block-background-fill);
  color: var(--body-text-color) !important; text-decoration: none !important}
.genlab-card:hover {border-color: var(--color-accent); box-shadow: 0 2px 10px rgba(79, 70, 229, 0.15)}
.genlab-card h3 {margin: 0; font-size: 1.15em}
.genlab-card .genlab-open {color: var(--link-text-color); font-weight: 600; font-size: 0.9em}
.genlab-card p {margin: 0}
.genlab-card img {max-width: 100%; max-height: 150px; object-fit: contain; align-self: center; border-radius: 6px;
  background: #fff}
.genlab-card img.genlab-pixel {image-rendering: pixelated}
.genlab-card blockquote {margin: 0; padding: 6px 10px; border-left: 3px solid var(--color-accent);
  white-space: pre-line; font-size: 0.88em; max-height: 150px; overflow: hidden}
.genlab-card .genlab-caption {font-size: 0.8em; opacity: 0.75}
.genlab-card .genlab-limit {font-size: 0.85em}
"""

PROVENANCE = """
### Everything made here carries its own proof of origin

- **An invisible watermark** in every picture, keyed with this deployment's secret so no one else can make or read it, surviving crops, resizing and JPEG, pointing at its entry in the audit log.
- **Content Credentials** (C2PA, the standard of the Coalition for Content Provenance and Authenticity): a signed statement inside each picture saying an AI made it.
- **Settings in the file**: what was asked for, and with which model.
- **An audit log** of every generation: when, which model, what settings, how much energy.

You can check any file for these marks, and read the log, in the tabs that offer it.
"""


AUDIT_COLUMN_WORDS = {
    "id": "its record id", "created_at": "the time", "tab": "the tab", "backend": "the kind of model",
    "model_id": "the model", "parameters": "**the settings and prompt**",
    "output_sha256": "a fingerprint (SHA-256) of the output", "watermark": "its watermark",
    "energy_joules": "the energy", "duration_s": "the duration", "energy_method": "how the energy was measured",
    "hardware": "the kind of machine", "content_credentials": "whether it carries Content Credentials",
    "visitor": "**an opaque id of the browser session it was made in** (a keyed hash: not the session itself, "
               "not your address)",
    "mark_locator": "the locator a picture's keyed watermark carries, to find this row again",
    "fingerprint": "perceptual hashes of a picture and of crops of it (256 bits each: what it roughly looks like, "
                   "not the picture)",
}


def kept_markdown(info: dict) -> str:
    """What the suite keeps about a visit, and where, from the state the app is running in."""
    kept = info["kept"]
    browser = (
        "each of your runs, what you typed and what came back, for the *Runs* page linked at the bottom of this "
        "page (`/gradio_api/runs`), until you delete them there: whoever runs this app turned the run history "
        "on. Other visitors cannot see them."
        if kept["run_history"] else
        "nothing of what you type or make: the run history is off (whoever runs this app can turn it on)."
    )
    columns = "; ".join(AUDIT_COLUMN_WORDS[column] for column in kept["audit_columns"])
    return "\n".join([
        f"- **On the server, in the audit store** (a database file on the server, private to the account that runs the app; "
        f"{info['generations_recorded']} rows now): one row for each thing made here, with "
        f"{columns}. In the Ethics tab's audit log every visitor sees the time, tab, model, provenance and energy "
        f"of every row; the settings and prompt are shown only in the session that made them (this page, until "
        f"you reload it) and to whoever runs this app.",
        f"- **In your browser**: {browser}",
        "- **In every picture you download**: the prompt and every setting, the tab, the model and the audit record "
        "id, in the PNG's metadata, and the settings again in its signed Content Credentials. Anyone you share "
        "the file with can read them.",
        f"- **In the server's temporary folders**: the files the app makes for you to download, and the files you "
        f"upload, for up to {DELETE_CACHE[1] // 3600} hours, then they are deleted; the last results of your "
        "session, in memory, until the app restarts.",
    ])


def registered_tabs() -> list:
    """The UI modules listed in apps.TAB_MODULES and available here, imported (imports no model library)."""
    from apps import TAB_MODULES

    modules = [importlib.import_module(name) for name in TAB_MODULES]
    return [module for module in modules if getattr(module, "available", lambda: True)()]


def _module_text(module, name: str) -> str | None:
    """A tab module's text `name` (MODEL_DESCRIPTION, LIMITS): a constant, or a function of the settings."""
    text = getattr(module, name, None)
    return text() if callable(text) else text


def suite_info() -> dict:
    """Describe this Genlab suite: its version, the tabs it serves and the model each tab uses.

    Returns:
        The suite's state as JSON: version, profile, tabs with their models, what is kept about a visit, and what
        content is screened.
    """
    settings = get_settings()
    from apps.ui import live_run_history
    from core.provenance import get_recorder

    tabs = []
    for module in registered_tabs():
        key = getattr(module, "SETTINGS_KEY", None)
        entry = {"tab": module.TITLE, "summary": module.SUMMARY}
        if key and key in settings.tabs:
            model = settings.tabs[key]
            entry.update(backend=model.backend, model=model.model, overridden=key in settings.overridden_tabs,
                         description=_module_text(module, "MODEL_DESCRIPTION") or BACKEND_WORDS[model.backend])
        tabs.append(entry)
    return {
        "version": __version__,
        "profile": settings.profile,
        "profile_description": settings.profile_description,
        "device_preference": settings.device_preference,
        "tabs": tabs,
        "generations_recorded": get_recorder().store.count(),
        "kept": {"audit_columns": get_recorder().store.columns(), "run_history": live_run_history()},
        "content_safety": content_safety(settings),
    }


def content_safety(settings) -> dict:
    """What the running suite screens (core.art.safety): the prompt screen's categories, and the picture checker
    that runs on the Art tab's pictures (None where none does)."""
    from core.art.safety import SCREENED

    art = settings.tabs.get("art")
    hub_art = art is not None and art.backend != "embedded"
    return {"prompt_screen": list(SCREENED), "art_backend": art.backend if art else None,
            "picture_checker": settings.art_safety_checker if hub_art else None}


def content_safety_markdown(info: dict) -> str:
    """What is screened and what is not, true of the running suite's settings."""
    safety = info["content_safety"]
    from core.wording import listed

    categories = listed(safety["prompt_screen"], "or")
    if safety["picture_checker"]:
        pictures = (f"every finished picture is checked by Stable Diffusion's safety checker "
                    f"(`{safety['picture_checker']}`), and a picture it flags is withheld: never shown, signed or "
                    f"kept. It looks mostly for sexual content; it misses some unsafe pictures and withholds some "
                    f"safe ones. The rough previews shown while a picture is painted are not checked.")
    elif safety["art_backend"] == "embedded":
        pictures = ("the built-in painter draws small pixel-art scenes from a small vocabulary of everyday words, so "
                    "its pictures are not checked by a picture classifier.")
    else:
        pictures = "the operator turned the picture safety checker off (`GENLAB_ART_SAFETY_CHECKER=off`): pictures " \
                   "are not checked."
    return "\n".join([
        "### What is screened, and what is not",
        f"- **Art prompts** are refused when they ask for {categories}, also when the words are disguised "
        "(spaced out, digits for letters, accents). It is a word list: a harmless-sounding prompt can still lead "
        "somewhere it does not catch.",
        f"- **Art pictures**: {pictures}",
        "- **Not screened**: the texts the Writing tab and the quests' flavour lines produce, and the files you "
        "upload to check or to vary.",
    ])


def models_markdown(info: dict) -> str:
    lines = [
        f"### Models in use: profile **{info['profile']}**",
        info["profile_description"],
        "",
    ]
    with_models = [tab for tab in info["tabs"] if "model" in tab]
    if with_models:
        lines += ["| Tab | Model | What it is |", "|---|---|---|"]
        for tab in with_models:
            note = " (set by you)" if tab.get("overridden") else ""
            lines.append(f"| {tab['tab']} | `{tab['model']}`{note} | {tab['description']} |")
    else:
        lines.append("No tab that uses a model is installed yet: this build has only this page.")
    lines += [
        "",
        f"Records in the audit log when this page was opened: **{info['generations_recorded']}** (one for each "
        "thing made here, and for each fairness audit and bias probe run in the Ethics tab; the Ethics tab's energy "
        "and audit log count the same records).",
        "",
        "To use other models, start the app with `GENLAB_PROFILE=gpu` (large Hub models on a GPU), "
        "or set one tab's model, for example `GENLAB_ART_MODEL=stabilityai/sd-turbo`.",
    ]
    return "\n".join(lines)


def _sample_html(sample: dict | None) -> str:
    if not sample:
        return ""
    caption = f'<p class="genlab-caption">{html.escape(sample["caption"])}</p>'
    if sample.get("image") and (SAMPLES / sample["image"]).is_file():
        data = base64.b64encode((SAMPLES / sample["image"]).read_bytes()).decode()
        kind = "genlab-pixel" if sample.get("pixel_art") else "genlab-invert-dark"  # drawings on white follow the theme
        return (f'<img class="{kind}" src="data:image/png;base64,{data}" alt="{html.escape(sample["caption"])}">'
                f"{caption}")
    if sample.get("text"):
        return f"<blockquote>{html.escape(sample['text'])}</blockquote>{caption}"
    return ""


def cards_html() -> str:
    """A card per tab: what it does, a sample of what it makes, its limits, and a link that opens it."""
    samples_file = SAMPLES / "samples.json"
    samples = json.loads(samples_file.read_text()) if samples_file.is_file() else {}
    cards = []
    for module in registered_tabs():
        name = module.__name__.rsplit(".", 1)[-1]
        if module.TITLE == TITLE:
            continue
        limits = _module_text(module, "LIMITS")  # plain words, when it runs our own model
        cards.append(
            f'<a class="genlab-card" href="?tab={name}"><h3>{html.escape(module.TITLE)}</h3>'
            f"<p>{html.escape(module.SUMMARY)}</p>{_sample_html(samples.get(name))}"
            + (f'<p class="genlab-limit"><strong>Limits:</strong> {html.escape(limits)}</p>' if limits else "")
            + f'<span class="genlab-open">Open {html.escape(module.TITLE)} →</span></a>')
    return f'<div class="genlab-cards">{"".join(cards)}</div>'


def render() -> None:
    """Lay out the About tab inside the current Blocks."""
    gr.Markdown(INTRODUCTION)
    gr.HTML(cards_html(), elem_id="about-cards")
    gr.Markdown(PROVENANCE)
    with gr.Accordion("What is kept about your visit, and where", open=False):
        kept = gr.Markdown()
    screened = gr.Markdown()
    with gr.Accordion("For developers: models, settings and the suite's state as JSON", open=False):
        models = gr.Markdown()
        info = gr.JSON(label="suite_info")
        refresh_button = gr.Button("Refresh", size="sm")
    gr.Markdown(f"Genlab {__version__}. Open source.", elem_classes="genlab-note")

    def show(data: dict) -> tuple[str, str, str]:
        return models_markdown(data), kept_markdown(data), content_safety_markdown(data)

    gr.on(None, suite_info, outputs=info, api_name="load_suite_info", api_visibility="private").then(
        show, inputs=info, outputs=[models, kept, screened], api_visibility="private")
    refresh_button.click(suite_info, outputs=info, api_name="suite_info").then(
        show, inputs=info, outputs=[models, kept, screened], api_visibility="private")


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

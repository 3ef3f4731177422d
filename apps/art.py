"""Art tab: type a prompt, watch a diffusion model paint it, keep the signed pictures."""

from __future__ import annotations

import threading
from pathlib import Path

import gradio as gr

from apps import handoff
from apps.error_display import error_line, show_failures
from apps.fair_queue import MODEL_EVENTS
from apps.ui import (audit_record, keep_seed_button, picture_gallery, picture_upload, reveal_when_done,
                     reveal_when_started, seed_box, session_key)
from core.provenance.readable_names import model_name

GENERATES_CONTENT = True
AI_DISCLOSURE = (
    "Every picture here is made by a diffusion model and carries an invisible watermark, its settings and signed "
    "Content Credentials; the Deepfake check tab reads all three."
)
TITLE = "Art"
SUMMARY = "Type a prompt and watch a diffusion model paint it step by step; every picture is signed."
SETTINGS_KEY = "art"


def available() -> bool:
    """Shown where a text-to-image model is usable: the embedded model's weights, or a Hub model."""
    from core.settings import get_settings

    model = get_settings().model_for("art")
    return model.backend != "embedded" or (model.local_path / "model_index.json").exists()


def _embedded() -> bool:
    from core.settings import get_settings

    return get_settings().model_for("art").backend == "embedded"


def MODEL_DESCRIPTION() -> str:  # noqa: N802 (read by the About tab like the other tabs' constant)
    if _embedded():
        painted = "pixel-art scenes" if _subject_kinds() else "pixel-art landscapes"
        return f"a small text-to-image diffusion model this project trained on {painted} it painted itself"
    return "a text-to-image diffusion model from the Hugging Face Hub"


def embedded_size_words() -> str:
    """"64x64 pixel art (painted at 32x32, then enlarged by a learned upscaler)", from the shipped model's files."""
    from core.art.components import picture_sizes
    from core.settings import get_settings

    painted, returned = picture_sizes(get_settings().model_for("art").local_path)
    if returned == painted:
        return f"{painted}x{painted} pixel art"
    return f"{returned}x{returned} pixel art (painted at {painted}x{painted}, then enlarged by a learned upscaler)"


def known_word_groups() -> dict[str, list[str]]:
    """The prompt words the shipped painter learned, grouped (core.art.known_words); any other word is ignored."""
    from core.art.known_words import known_words
    from core.settings import get_settings

    return known_words(get_settings().model_for("art").local_path)


def known_words_title(groups: dict[str, list[str]]) -> str:
    """"Words the built-in painter knows (309 for things, 93 for the scene)": the things' count is the one About and
    the limits give ("402" there read as a contradiction of About's "309 words for animals, …")."""
    from core.art.known_words import SCENERY

    things = sum(len(words) for title, words in groups.items() if title != SCENERY)
    scenery = len(groups.get(SCENERY, []))
    if not things:
        return f"Words the built-in painter knows ({scenery})"
    return f"Words the built-in painter knows ({things} for things, {scenery} for the scene)"


def known_words_markdown(groups: dict[str, list[str]]) -> str:
    lines = ["It paints from these words and ignores any other (the status line names those it ignored)."]
    lines += [f"- **{title}**: {', '.join(words)}" for title, words in groups.items()]
    return "\n".join(lines)


def _subject_kinds() -> dict[str, int]:
    """Kind of thing the shipped painter knows ("animals") -> how many of its words name one; empty for the
    landscape painter, which knows scenery only."""
    from core.art.known_words import SCENERY

    return {title.lower(): len(words) for title, words in known_word_groups().items() if title != SCENERY}


def _kinds_in_words(kinds: dict[str, int]) -> str:
    from core.wording import listed

    return listed(list(kinds))


def LIMITS() -> str | None:  # noqa: N802 (read by the About tab's cards)
    if not _embedded():
        return None
    kinds = _subject_kinds()
    if not kinds:
        return (f"the built-in model paints only small landscapes, {embedded_size_words()}: sky, sun and "
                "moon, mountains, water, trees, houses, castles; it knows no people, animals or other things.")
    return (f"the built-in model paints small scenes, {embedded_size_words()}: one thing ({sum(kinds.values())} "
            f"words for {_kinds_in_words(kinds)}) in a landscape at a time of day; a word it does not know it "
            "leaves out, and it cannot write text or draw faces in detail.")


INTRODUCTION = """
## Art
Describe a picture and a **diffusion model** paints it: from pure noise, step by step, it removes what does not
belong to a picture of your words. Watch it happen below.
"""


def embedded_note() -> str:
    kinds = _subject_kinds()
    if not kinds:
        return (f"**The built-in painter knows small landscapes**, {embedded_size_words()}: skies at any time of "
                "day, sun, moon and stars, mountains, water, trees, houses and castles, in four seasons and five "
                "kinds of weather. Try the examples.")
    return (f"**The built-in painter knows small scenes**, {embedded_size_words()}: one thing at a time "
            f"({_kinds_in_words(kinds)}) in a landscape, at a time of day. Try the examples, or see the list of "
            "words it knows below.")


HOW_IT_WORKS = """
**How diffusion works.** During training the model saw millions of noisy versions
of pictures and learned to guess the noise in them. To paint, it starts from random noise (the
**seed** picks which) and removes a little of its guessed noise at each of the **steps**. At every
step it makes two guesses, one with your prompt and one without, and **guidance** says how far to
push from the second towards the first: higher follows the prompt more literally, too high looks
harsh. The **sampler** is the recipe for how big each step is; they differ mostly with few steps.
On a server with a graphics card (GPU) the same tab runs Stable Diffusion, a large painter.
"""
EXAMPLES = [
    ["a castle by a lake at dusk with snowy mountains", 7],
    ["a village in a forest in autumn with the sun in the sky", 3],
    ["a tower by the sea at night with stars and the moon", 11],
    ["pixel art of purple mountains in the rain in spring", 5],
    ["a house by a river in winter in the fog", 2],
]
SUBJECT_EXAMPLES = [  # for a painter that knows things as well as landscapes (and for Stable Diffusion)
    ["a cat on the moon", 7],
    ["a car by the sea at night", 3],
    ["a rocket over a village at dawn", 11],
    ["a horse in a field at dusk", 5],
    ["a dog in a forest in autumn", 2],
]


def examples() -> list[list]:
    """The prompts to try: things in scenes, unless the built-in painter knows landscapes only."""
    return EXAMPLES if _embedded() and not _subject_kinds() else SUBJECT_EXAMPLES
MAX_KEPT_PICTURES = 24
READY = "Press **Paint** and watch the picture appear out of the noise."
STOPPED = "**Stopped.** Nothing was kept or recorded; press **Paint** to start again."

_galleries: dict[str, list[tuple[str, dict]]] = {}  # per browser session: (PNG path, parameters)
_galleries_lock = threading.Lock()
_stops: dict[str, tuple[threading.Event, threading.Event]] = {}  # per session: (set by Stop, set when painting ends)
STOP_WAIT_SECONDS = 3  # Stop answers once the painting has ended, so no later step overwrites "Stopped."


def _keep(session: str, paths_and_parameters: list[tuple[str, dict]]) -> list[str]:
    with _galleries_lock:
        gallery = _galleries.setdefault(session, [])
        gallery[:0] = paths_and_parameters
        del gallery[MAX_KEPT_PICTURES:]
        return [path for path, _ in gallery]


def _save(sealed) -> str:
    from core.inputs.scratch import request_folder

    folder = request_folder("genlab-art")
    return str(sealed.save(folder / f"genlab-art-{sealed.record.id}.png"))


def _request(prompt, negative_prompt, seed, steps, guidance, scheduler, batch, size, image=None, strength=0.6):
    from core.art.generator import ArtRequest
    from core.inputs.numbers import as_float, as_whole, parse_seed

    return ArtRequest(prompt=prompt or "", negative_prompt=negative_prompt or "", seed=parse_seed(seed),
                      steps=as_whole(steps, "number of steps"), guidance=as_float(guidance, "guidance"),
                      scheduler=scheduler, batch=as_whole(batch, "number of pictures", 1),
                      size=as_whole(size, "size", 0) or None, image=image, strength=as_float(strength, "strength"))


def _stream(request, session: str):
    stop, ended = threading.Event(), threading.Event()
    with _galleries_lock:
        _stops[session] = (stop, ended)
    try:
        yield gr.update(), gr.update(), "Loading the model…"
        yield from _painted(request, session, stop)
    finally:
        ended.set()


def _painted(request, session: str, stop: threading.Event):
    from core.art.generator import paint
    from core.ethics.carbon import everyday_energy

    for update in paint(request, stop=stop):
        if stop.is_set():
            break
        if not update.done:
            yield update.previews[0], gr.update(), f"Step {update.step} of {update.total_steps}…"
            continue
        kept = [(_save(sealed), sealed.record.parameters) for sealed in update.pictures]
        gallery = _keep(session, kept)
        energy = (f", using {everyday_energy(update.energy_joules)}" if update.energy_joules is not None else "")
        numbered = [audit_record(sealed.record.id, str(number)) for number, sealed in enumerate(update.pictures, 1)]
        records = (audit_record(update.pictures[0].record.id, "see its audit record") if len(update.pictures) == 1
                   else "their audit records: " + ", ".join(numbered))
        words = f"\n\n{update.words.sentence}" if update.words and update.words.sentence else ""
        painted = update.withheld + len(update.pictures)
        withheld = (f"\n\nThe safety checker withheld {update.withheld} of the {painted} "
                    f"pictures: they may show nudity or other unsafe content." if update.withheld else "")
        each = "The picture is" if len(update.pictures) == 1 else "Each picture is"
        painter = model_name(update.model_label)
        status = (f"Done in {update.seconds:.1f} s with {painter}{energy}, seed {update.seed}. "
                  f"{each} watermarked and signed: {records}.{words}{withheld}")
        yield update.previews[0], gallery, status


def generate_image(prompt: str = "a castle by a lake at dusk with snowy mountains", negative_prompt: str = "",
                   seed: float | None = None, steps: float = 20, guidance: float = 4.0,
                   scheduler: str = "DPM-Solver++", batch: float = 1, size: float | None = None,
                   request: gr.Request = None):
    """Paint pictures from a text prompt with the suite's diffusion model; each is signed (watermark and
    Content Credentials) and recorded in the audit log. Offline, the embedded model paints small pixel-art
    scenes (64x64 or 32x32) from a vocabulary of everyday words; on a GPU Space, a Stable Diffusion model.

    Args:
        prompt: What to paint, in plain words, e.g. "a castle by a lake at dusk".
        negative_prompt: What to avoid in the picture, e.g. "fog, houses"; empty for nothing.
        seed: Whole number from 0 to 4294967295 that repeats a picture; empty or -1 for a random one.
        steps: Denoising steps from 1 to 50: more are finer and slower (20 is a good default).
        guidance: How literally to follow the prompt, 0 to 12 (4 is a good default).
        scheduler: The sampler that removes the noise step by step.
        batch: How many pictures to paint at once.
        size: Width and height in pixels (512, 768 or 1024) for a Hub model; ignored by the embedded model.

    Returns:
        The picture as it is being denoised, then finished.
        The gallery of this session's signed PNG files, newest first.
        A status line: the seed used, the time taken and the audit record.
    """
    yield from _stream(_request(prompt, negative_prompt, seed, steps, guidance, scheduler, batch, size),
                       session_key(request))


def vary_image(image: str | None = None, prompt: str = "", strength: float = 0.6, seed: float | None = None,
               steps: float = 20, guidance: float = 4.0, scheduler: str = "DPM-Solver++",
               request: gr.Request = None):
    """Repaint an uploaded picture towards a text prompt (image-to-image); the result is signed and recorded.

    Args:
        image: The picture to vary (PNG, JPEG or WebP, at most 40 megapixels).
        prompt: What the picture should become, in plain words.
        strength: How much to change, 0.1 (small changes) to 1.0 (a new picture loosely based on this one).
        seed: Whole number from 0 to 4294967295 that repeats a result; empty or -1 for a random one.
        steps: Denoising steps from 1 to 50.
        guidance: How literally to follow the prompt, 0 to 12.
        scheduler: The sampler that removes the noise step by step.

    Returns:
        The picture as it is being repainted, then finished.
        The gallery of this session's signed PNG files, newest first.
        A status line: the seed used, the time taken and the audit record.
    """
    from core.inputs.pictures import read_picture_file

    if not image:
        raise ValueError("Upload a picture to vary, or pick one from the gallery.")
    picture = read_picture_file(image).image  # size and pixels capped before decoding, bombs refused
    yield from _stream(_request(prompt, "", seed, steps, guidance, scheduler, 1, None, picture, strength),
                       session_key(request))


def stop_painting(request: gr.Request = None) -> None:
    """Stop this session's painting at its next step (nothing is kept or recorded); return once it has ended."""
    with _galleries_lock:
        painting = _stops.pop(session_key(request), None)
    if painting is not None:
        stop, ended = painting
        stop.set()
        ended.wait(STOP_WAIT_SECONDS)


def newest_picture(gallery) -> str:
    """The newest picture of this session's gallery, to send to the Deepfake check."""
    if not gallery:
        raise ValueError("Paint a picture first; then it can be checked.")
    first = gallery[0]
    return first[0] if isinstance(first, (list, tuple)) else getattr(first, "image", first)


def selected_picture(event: gr.SelectData, request: gr.Request = None):
    """Remember the gallery picture the user clicked, for Vary and Reuse settings."""
    with _galleries_lock:
        gallery = _galleries.get(session_key(request), [])
        index = event.index if isinstance(event.index, int) else 0
        if not 0 <= index < len(gallery) or not Path(gallery[index][0]).exists():
            return gr.update()
        return gallery[index][0]


def reuse_settings(picture: str | None):
    """The prompt and settings a Genlab picture was made with, read from its own metadata."""
    from core.provenance import read_png_metadata

    from core.inputs.pictures import read_picture_file

    if not picture:
        raise ValueError("Pick a picture in the gallery, or drop a PNG made here, first.")
    parameters = read_png_metadata(read_picture_file(picture).data).get("parameters")
    if not parameters or "prompt" not in parameters:
        raise ValueError("This picture carries no Genlab settings (it was not made here, or its metadata was "
                         "stripped).")
    return (parameters["prompt"], parameters.get("negative_prompt", ""), parameters.get("seed"),
            parameters.get("steps", 20), parameters.get("guidance", 4.0),
            parameters.get("scheduler", "DPM-Solver++"))


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    from core.art.generator import MAX_BATCH, SCHEDULERS

    embedded = _embedded()
    gr.Markdown(INTRODUCTION)
    if embedded:
        gr.Markdown(embedded_note())
    gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
    with gr.Row():
        with gr.Column(scale=2, min_width=320):
            shown_examples = examples()
            prompt = gr.Textbox(shown_examples[0][0], label="Prompt", lines=2, placeholder="Describe the picture",
                                info="Ctrl+Enter (or Shift+Enter) paints, like the Paint button.",
                                elem_classes="genlab-keyboard-hint")
            with gr.Row():
                seed = seed_box(None, label="Seed (same seed, same picture)")
                keep_seed_button(seed, "art-status")
            with gr.Row():
                steps = gr.Slider(1, 50, value=20, step=1, label="Steps", info="More steps: finer, slower.",
                                  min_width=200)  # side by side on a laptop, one under the other on a phone
                guidance = gr.Slider(0, 12, value=4.0, step=0.5, label="Guidance",
                                     info="Higher: nearer the prompt.", min_width=200)  # as long as Steps' hint
            with gr.Row(equal_height=True):
                paint_button = gr.Button("Paint", variant="primary", scale=3)
                stop_button = gr.Button("Stop", variant="stop", scale=1)
            paint_error = error_line()
            with gr.Accordion("More settings: what to avoid, sampler, how many pictures", open=False):
                negative = gr.Textbox("", label="Negative prompt (what to avoid)", placeholder="e.g. fog, houses")
                with gr.Row():
                    scheduler = gr.Dropdown(list(SCHEDULERS), value="DPM-Solver++", label="Sampler",
                                            info="The recipe for how big each step from noise to picture is")
                    batch = gr.Slider(1, MAX_BATCH, value=1, step=1, label="Pictures")
                    size = gr.Dropdown([512, 768, 1024], value=None if embedded else 512, label="Size (pixels)",
                                       visible=not embedded)
            if embedded:
                groups = known_word_groups()
                with gr.Accordion(known_words_title(groups), open=False, elem_id="art-known-words"):
                    gr.Markdown(known_words_markdown(groups), elem_classes="genlab-note")
            with gr.Accordion("How diffusion works", open=False):
                gr.Markdown(HOW_IT_WORKS)
        with gr.Column(scale=3):
            # the status first: on a phone "Step 5 of 20" shows just below Paint, the picture under it
            status = gr.Markdown(READY, label="Status", elem_id="art-status")
            preview = gr.Image(label="The picture, step by step", type="pil", format="png", interactive=False,
                               height=420, elem_id="art-preview", visible=False)  # shown as a painting starts
            # beside the prompt on a laptop's first screen, under the picture once there is one; labels, not a
            # two-column table
            gr.Examples(shown_examples, inputs=[prompt, seed], example_labels=[words for words, _ in shown_examples])
            with gr.Column(visible=False) as session_pictures:  # shown with the first picture
                gr.Markdown("**This session's pictures** (signed PNG files: click one to vary it or download it)",
                            elem_classes="genlab-note")
                gallery = picture_gallery("This session's pictures (signed PNG files)", columns=4, fit_rows=True,
                                          elem_id="art-gallery", type="filepath", show_label=False,
                                          interactive=False)  # an input of the Deepfake check button, not an upload
                check_button = gr.Button("Check the newest picture in the Deepfake check tab", size="sm")
    with gr.Accordion("Vary a picture (image-to-image)", open=False):
        with gr.Row():
            source = picture_upload(label="Picture to vary (upload, or click one in the gallery)",
                                    sources=["upload"], height=260)
            with gr.Column():
                strength = gr.Slider(0.1, 1.0, value=0.6, step=0.05, label="Strength",
                                     info="Low: small changes. High: a new picture loosely based on this one.")
                vary_button = gr.Button("Vary it")
                vary_error = error_line()
                reuse_button = gr.Button("Reuse its settings")

    settings = [prompt, negative, seed, steps, guidance, scheduler, batch, size]
    paint_triggers = (paint_button.click, prompt.submit, negative.submit)  # Enter paints (Shift+Enter in the prompt)
    painting = gr.on(paint_triggers, generate_image, inputs=settings, outputs=[preview, gallery, status],
                     api_name="generate_image", **MODEL_EVENTS)
    show_failures(painting, paint_error, {preview: None, status: READY}, triggers=paint_triggers)
    varying = vary_button.click(vary_image, inputs=[source, prompt, strength, seed, steps, guidance, scheduler],
                                outputs=[preview, gallery, status], api_name="vary_image", **MODEL_EVENTS)
    show_failures(varying, vary_error, {preview: None, status: READY}, triggers=(vary_button.click,))
    reveal_when_started((*paint_triggers, vary_button.click), [preview])
    for event in (painting, varying):
        reveal_when_done(event, session_pictures)
    # "Stopped." comes through the queue, on the same stream as the painting's steps, so it arrives after them
    # (an answer outside the queue could overtake a step still on its way and be overwritten by it).
    stop_button.click(stop_painting, cancels=[painting, varying], api_visibility="private", queue=False).then(
        lambda: STOPPED, outputs=status, api_visibility="private")
    handoff.send("picture", check_button, newest_picture, [gallery])
    gallery.select(selected_picture, outputs=source, api_visibility="private")
    reuse_button.click(reuse_settings, inputs=source, outputs=[prompt, negative, seed, steps, guidance, scheduler],
                       api_visibility="private")


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

"""The Lab tab: four kinds of generative model on handwritten digits, made, trained live and compared."""

from __future__ import annotations

import gradio as gr

from apps.error_display import error_line, show_failures
from apps.fair_queue import JOB_EVENTS, MODEL_EVENTS
from apps.ui import RANDOM_SEED_INFO, follow_job, friendly_errors, job_outcome, picture_gallery, result_table, \
    seed_box, session_key, tab_id

SETTINGS_KEY = "lab"
TITLE = "Lab"
SUMMARY = "See how a GAN, a VAE, a diffusion model and a Transformer make handwritten digits, train one, compare them."
LIMITS = ("28x28 handwritten digits only; a live training lasts at most a minute on this machine's processor, "
          "far less than the shipped models had, so its digits stay rough.")
MODEL_DESCRIPTION = "four small models trained here on 4,000 MNIST digits (GAN, VAE, diffusion, Transformer)"
AI_DISCLOSURE = "Every digit here is drawn by a model, not written by a person; each file is watermarked and signed."
ARCHITECTURES = {
    "GAN": "A generator turns noise into a digit and learns only from a discriminator that tries to tell its "
           "digits from real ones: sharp digits, but the two can fall out of balance.",
    "VAE": "An encoder squeezes each digit into two numbers and a decoder rebuilds it; new digits are decoded "
           "from random numbers: smooth and varied, but blurry.",
    "Diffusion": "Digits are drowned in noise step by step and a network learns to undo one step; a new digit "
                 "is pure noise, cleaned up in 50 steps: slow, but close to the real thing.",
    "Transformer": "A digit is written as 196 small patches, one after another, each predicted from all the "
                   "patches before it, as a language model predicts the next word.",
}
INTRODUCTION = """
## Lab: four ways to make a digit
Every picture-making AI belongs to one of a few families. Here four of them learned the same thing, 4,000
handwritten digits (MNIST), so you can see how differently they work, train one yourself, and compare them
on 1,000 digits none of them saw.
"""
TRAINING_NOTE = ("The model starts from nothing (random weights) and learns from the 4,000 digits while you "
                 "watch: the 16 digits below come from the same random start each time, so you see them change "
                 "only because the model learned.")
SAMPLE_READY = "Pick a model and press **Make digits**."
TRAIN_READY = "Pick a model and a time, then press **Train**."
GAN_SETTINGS = {"Balanced": False, "Collapsing (generator too eager)": True}


def available() -> bool:
    from core.lab.shipped import available as models_available

    return models_available()


def _architecture(architecture: str) -> str:
    if architecture not in ARCHITECTURES:
        raise ValueError(f"Unknown architecture {architecture!r}: choose GAN, VAE, Diffusion or Transformer.")
    return architecture


@friendly_errors
def lab_sample(architecture: str = "GAN", count: float = 16, seed: float | None = None):
    """Make handwritten digits with one of the Lab's four trained models; each digit is a signed PNG file
    recorded in the audit log.

    Args:
        architecture: "GAN", "VAE", "Diffusion" or "Transformer".
        count: How many digits to make, 1 to 64.
        seed: Whole number from 0 to 4294967295 that repeats the digits; empty or -1 for random ones.

    Returns:
        The digits, one signed PNG file each (280x280 pixels).
        A status line: the seed, the time taken, which digits a classifier reads in them, and the audit records.
        A chart of which digits a classifier reads in them.
    """
    import time

    from core.inputs.numbers import as_whole, resolve_seed
    from core.lab.figures import digits_figure
    from core.lab.shipped import digits_seen, sample_digits, seal_digits
    from core.inputs.scratch import request_folder

    name = _architecture(architecture)
    count, seed = as_whole(count, "number of digits"), resolve_seed(seed)
    started = time.perf_counter()
    images, energy = sample_digits(name, count, seed)
    counts, certainty = digits_seen(images)
    sealed = seal_digits(images, name, seed, energy)
    folder = request_folder("genlab-lab")
    files = [str(picture.save(folder / f"genlab-lab-{picture.record.id}.png")) for picture in sealed]
    seen = ", ".join(f"{digit} ×{n}" for digit, n in enumerate(counts) if n)
    status = (f"{count} digits from the {name} in {time.perf_counter() - started:.1f} s, seed {seed}. A classifier "
              f"reads them as {seen} (certainty {certainty:.0%}). Audit records `{sealed[0].record.id}`"
              f"{' …' if len(sealed) > 1 else ''}: each file is watermarked and signed.")
    return files, status, digits_figure(counts)


@friendly_errors
def lab_train(architecture: str = "VAE", seconds: float = 30, seed: float | None = None,
              gan_setting: str = "Balanced", request: gr.Request = None, progress=gr.Progress()):
    """Train a fresh model of one of the four architectures on 4,000 handwritten digits for a few seconds, from
    random weights, as a job; its losses and 16 digits from a fixed random start stream as it learns.

    Args:
        architecture: "GAN", "VAE", "Diffusion" or "Transformer".
        seconds: How long to train, 5 to 60 seconds.
        seed: Whole number from 0 to 4294967295 that repeats the training; empty or -1 for a random one.
        gan_setting: For the GAN: "Balanced", or "Collapsing (generator too eager)" to watch it collapse onto a
            few digits.

    Returns:
        16 digits from the model as it is now (a grid picture), changing as it learns.
        The losses over training as a chart.
        A status line: steps done, time, and at the end which digits the trained model makes.
        At the end, a chart of which digits 64 samples of the trained model show.
    """
    from core.inputs.numbers import as_whole, resolve_seed
    from core.jobs import cancel_jobs, start_job
    from core.lab.figures import digit_grid, digits_figure, loss_figure
    from core.lab.shipped import MAX_TRAINING_SECONDS, digits_seen, lab_training_job

    name = _architecture(architecture)
    seconds, seed = as_whole(seconds, "training time"), resolve_seed(seed)
    if not 5 <= seconds <= MAX_TRAINING_SECONDS:
        raise ValueError(f"Train for 5 to {MAX_TRAINING_SECONDS} seconds.")
    if gan_setting not in GAN_SETTINGS:
        raise ValueError(f"'{gan_setting}' is not a GAN setting: choose {' or '.join(GAN_SETTINGS)}.")
    session = session_key(request)
    cancel_jobs(session, "lab training")
    job = start_job(lab_training_job, name, seconds, seed, GAN_SETTINGS[gan_setting] and name == "GAN",
                    name="lab training", owner=session)
    shown = 0
    for update in follow_job(job, progress):
        payload = update.payload
        if payload and len(payload["history"]) > shown:
            shown = len(payload["history"])
            step = payload["history"][-1]
            yield (digit_grid(payload["preview"], columns=8), loss_figure(payload["history"]),
                   f"Training the {name}: step {step['step']:,}, {step['seconds']:.0f} of {seconds} s.", None)
    result = job_outcome(job)
    counts, certainty = digits_seen(result["samples"])
    made = sum(1 for n in counts if n)
    collapsed = " It collapsed: most of what it makes is a few digits." if made <= 4 else ""
    yield (digit_grid(result["samples"][:16], columns=8), loss_figure(result["history"]),
           f"Trained the {name} for {result['steps']:,} steps in {result['seconds']:.0f} s, seed {seed}. In 64 new "
           f"digits a classifier reads {made} of the 10 digits, with {certainty:.0%} certainty.{collapsed}",
           digits_figure(counts))


@friendly_errors
def lab_compare():
    """The Lab's four trained models compared on the same 1,000 held-out digits none of them saw.

    Returns:
        The comparison table: Fréchet distance (lower is closer to real digits) and its spread over seeds,
        precision (looks real) and recall (variety covered), digits covered and classifier certainty in 64
        samples, distance to the nearest training digit, digits made per second, training time.
        What the table shows, in plain sentences drawn from its figures.
    """
    import pandas as pd

    from core.lab.shipped import comparison, comparison_sentences

    rows = comparison()
    table = pd.DataFrame(rows).rename(columns={
        "model": "model", "frechet_distance": "Fréchet distance (lower: closer to real)", "frechet_spread": "± over seeds",
        "precision": "precision (looks real)", "recall": "recall (variety)", "digits_covered": "digits of 10",
        "top_class_probability": "certainty", "nearest_training_rms": "distance to nearest training digit",
        "samples_per_second": "digits per second", "training_seconds": "training time (s)"})
    return table, "\n".join(f"- {sentence}" for sentence in comparison_sentences(rows))


def show_gan_setting(architecture: str):
    return gr.update(visible=architecture == "GAN")


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    gr.Markdown(INTRODUCTION)
    gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
    with gr.Tabs(overflow_behavior="wrap"):
        with gr.Tab("Make digits", **tab_id("lab", "make")):
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    architecture = gr.Radio(list(ARCHITECTURES), value="GAN", label="Model")
                    explained = gr.Markdown(ARCHITECTURES["GAN"])
                    count = gr.Slider(1, 64, value=16, step=1, label="How many digits")
                    seed = seed_box(None, label="Seed (same seed, same digits)", info=RANDOM_SEED_INFO)
                    make = gr.Button("Make digits", variant="primary")
                    make_error = error_line()
                with gr.Column(scale=3):
                    gallery = picture_gallery("Digits (signed PNG files)", columns=8, height=360, type="filepath",
                                              interactive=False)
                    status = gr.Markdown(SAMPLE_READY, label="Status", elem_id="lab-status")
                    seen_plot = gr.Plot(label="Which digits a classifier reads")
        with gr.Tab("Train one live", **tab_id("lab", "train")):
            gr.Markdown(TRAINING_NOTE)
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    train_architecture = gr.Radio(list(ARCHITECTURES), value="VAE", label="Model")
                    train_explained = gr.Markdown(ARCHITECTURES["VAE"])
                    gan_setting = gr.Radio(list(GAN_SETTINGS), value="Balanced", label="GAN setting", visible=False,
                                           info="Collapsing: the generator learns ten times faster and takes five "
                                                "steps for each of the discriminator's, so it finds a few digits "
                                                "that fool it and makes only those.")
                    seconds = gr.Slider(5, 60, value=30, step=5, label="Seconds of training")
                    train_seed = seed_box(0, label="Seed")
                    with gr.Row():
                        train = gr.Button("Train", variant="primary")
                        stop = gr.Button("Stop", variant="stop")
                    train_error = error_line()
                with gr.Column(scale=3):
                    preview = gr.Image(label="16 digits from the model as it learns", type="pil", format="png",
                                       interactive=False, height=260)
                    train_status = gr.Markdown(TRAIN_READY, label="Status", elem_id="lab-train-status")
                    losses = gr.Plot(label="Losses")
                    trained_digits = gr.Plot(label="Which digits the trained model makes")
        with gr.Tab("Compare", **tab_id("lab", "compare")):
            gr.Markdown("All four models were scored on the same 1,000 digits they never saw, from 500 samples "
                        "each with three seeds (`python bench/lab.py`). The first row is real digits: as good as "
                        "it gets.")
            compare = gr.Button("Show the comparison", variant="primary")
            compare_error = error_line()
            sentences = gr.Markdown(label="What the table shows")
            table = result_table("Comparison on 1,000 held-out digits", wrap=True)

    architecture.change(lambda name: ARCHITECTURES.get(name, ""), architecture, explained, api_visibility="private",
                        queue=False)
    train_architecture.change(lambda name: ARCHITECTURES.get(name, ""), train_architecture, train_explained,
                              api_visibility="private", queue=False)
    train_architecture.change(show_gan_setting, train_architecture, gan_setting, api_visibility="private",
                              queue=False)
    making = make.click(lab_sample, [architecture, count, seed], [gallery, status, seen_plot], api_name="lab_sample",
                        **MODEL_EVENTS)
    show_failures(making, make_error, {status: SAMPLE_READY}, triggers=(make.click,))
    training = train.click(lab_train, [train_architecture, seconds, train_seed, gan_setting],
                           [preview, losses, train_status, trained_digits], api_name="lab_train", **JOB_EVENTS)
    show_failures(training, train_error, {train_status: TRAIN_READY}, triggers=(train.click,))
    stop.click(None, cancels=[training], api_visibility="private", queue=False)
    comparing = compare.click(lab_compare, outputs=[table, sentences], api_name="lab_compare")
    show_failures(comparing, compare_error, triggers=(compare.click,))
    from apps.ui import reveal_when_done

    reveal_when_done(comparing, table)


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

"""The Lab tab: four kinds of generative model on handwritten digits, made, trained live and compared."""

from __future__ import annotations

import gradio as gr

from apps.error_display import error_line, show_failures
from apps.event_order import run_first
from apps.fair_queue import JOB_EVENTS, MODEL_EVENTS
from core.lab import check_name
from core.lab.reading import SURE
from apps.ui import audit_record, follow_job, job_outcome, keep_seed_button, picture_gallery, result_table, \
    reveal_when_done, reveal_when_started, seed_box, session_key, tab_id

SETTINGS_KEY = "lab"
TITLE = "Lab"
SUMMARY = ("See how four kinds of model that make pictures (a generative adversarial network, a variational "
           "autoencoder, a diffusion model and a Transformer) make handwritten digits, train one, compare them.")
LIMITS = ("28x28 handwritten digits only; a live training lasts at most a minute on this machine's processor, "
          "far less than the shipped models had, so its digits stay rough.")
MODEL_DESCRIPTION = "four small models trained here on 4,000 handwritten digits (GAN, VAE, diffusion, Transformer)"
GENERATES_CONTENT = True
AI_DISCLOSURE = "Every digit here is drawn by a model, not written by a person; each file is watermarked and signed."
ARCHITECTURES = {
    "GAN": "A generative adversarial network (GAN): a generator turns noise into a digit and learns only from a "
           "discriminator that tries to tell its digits from real ones: sharp digits, but the two can fall out of "
           "balance.",
    "VAE": "A variational autoencoder (VAE): an encoder squeezes each digit into two numbers and a decoder rebuilds "
           "it; new digits are decoded from random numbers: smooth but blurry, and they cover little of real "
           "handwriting's variety (see Compare).",
    "Diffusion": "Digits are drowned in noise step by step and a network learns to undo one step; a new digit "
                 "is pure noise, cleaned up in 50 steps: slow, but close to the real thing.",
    "Transformer": "A digit is written as 196 small patches, one after another, each predicted from all the "
                   "patches before it, as a language model predicts the next word.",
}
INTRODUCTION = """
## Lab: four ways to make a digit
Every picture-making AI belongs to one of a few families. Here four of them learned the same 4,000 handwritten
digits from MNIST (a classic set of scanned digits): a generative adversarial network (GAN), a variational
autoencoder (VAE), a diffusion model and a Transformer. See how differently they work, train one yourself, and
compare them on 1,000 digits none of them saw.
"""
TRAINING_NOTE = ("The model starts from nothing (random weights) and learns from the 4,000 digits while you "
                 "watch: the 16 digits below come from the same random start each time, so you see them change "
                 "only because the model learned.")
SAMPLE_READY = "Pick a model and press **Make digits**."
TRAIN_READY = "Pick a model and a time, then press **Train**."
TRAIN_STARTING = "Starting: the model begins as random numbers, and its first digits come in a second or two."
GAN_SETTINGS = {"Balanced": False, "Collapsing (generator too eager)": True}



# A review read "real digits: as good as it gets" above a table where a GAN beat them on two measures.
COMPARISON_INTRODUCTION = (
    "The models are scored on the same 1,000 handwritten digits (from MNIST, the classic set of 70,000 scanned "
    "digits), which none of them saw while learning. The first row scores real digits the same way: a yardstick to "
    "read the models' figures against, not a ceiling. \"GAN (collapsing settings)\" is a GAN trained on purpose so "
    "that it collapses: it makes only a few kinds of digit (see Inside each model).")

def available() -> bool:
    from core.lab.shipped import available as models_available

    return models_available()


def lab_sample(architecture: str = "GAN", count: float = 16, seed: float | None = None):
    """Make handwritten digits with one of the Lab's four trained models; each digit is a signed PNG file
    recorded in the audit log.

    Args:
        architecture: "GAN", "VAE", "Diffusion" or "Transformer".
        count: How many digits to make, 1 to 64.
        seed: Whole number from 0 to 4294967295 that repeats the digits; empty or -1 for random ones.

    Returns:
        The digits, one signed PNG file each (280x280 pixels), captioned with the digit two classifiers both read
        in it ("read as 7"), in that order, then those they read differently, captioned with both ("4 or 9?") or
        with the doubt of one ("6?").
        A status line: the seed, the time taken, which digits the classifiers read, how far their reading goes on
        real digits, and the audit records.
        A chart of which digits the classifiers agree on, and how many they do not ("?").
    """
    import time

    from core.inputs.numbers import as_whole, resolve_seed
    from core.lab.figures import digits_figure
    from core.lab.reading import read_digits
    from core.lab.shipped import sample_digits, seal_digits
    from core.inputs.scratch import request_folder

    name = check_name(architecture)
    count, seed = as_whole(count, "number of digits"), resolve_seed(seed)
    started = time.perf_counter()
    images, energy = sample_digits(name, count, seed)
    read = read_digits(images)
    sealed = seal_digits(read.images, name, seed, energy)
    folder = request_folder("genlab-lab")
    files = [(str(picture.save(folder / f"genlab-lab-{picture.record.id}.png")), caption)
             for picture, caption in zip(sealed, read.captions)]
    status = (f"{count} digits from the {name} in {time.perf_counter() - started:.1f} s, seed {seed}. "
              f"{_readings_words(read, count)}{_how_far_readings_go()} "
              + (f"The file is watermarked and signed: {audit_record(sealed[0].record.id, 'see its audit record')}."
                 if len(sealed) == 1 else
                 f"Each of the {len(sealed)} files is watermarked and signed, with an audit record of its own: "
                 f"{audit_record(sealed[0].record.id, 'see the first')}."))
    return files, status, digits_figure(read.counts, read.unclear)


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
    from core.lab.reading import read_digits
    from core.lab.shipped import check_training_seconds, lab_training_job

    name = check_name(architecture)
    seconds, seed = as_whole(seconds, "seconds of training"), resolve_seed(seed)
    check_training_seconds(seconds)  # before a worker starts
    if gan_setting not in GAN_SETTINGS:
        raise ValueError(f"'{gan_setting}' is not a GAN setting: choose {' or '.join(GAN_SETTINGS)}.")
    session = session_key(request)
    cancel_jobs(session, "lab training")
    job = start_job(lab_training_job, name, seconds, seed, GAN_SETTINGS[gan_setting] and name == "GAN",
                    name="lab training", owner=session)
    shown = 0
    for update in follow_job(job, progress, clock=False):  # the job's own clock counts against the seconds asked
        payload = update.payload
        if payload and len(payload["history"]) > shown:
            shown = len(payload["history"])
            step = payload["history"][-1]
            yield (digit_grid(payload["preview"], columns=8), loss_figure(payload["history"]),
                   f"Training the {name}, seed {seed}: step {step['step']:,}. The digits above are what it draws "
                   "now.",  # the bar above says the seconds
                   None)
    result = job_outcome(job)
    read = read_digits(result["samples"])
    made = int((read.counts > 0).sum())
    few = few_digits_words(name, made, read.clear, len(result["samples"]))
    unclear = (f"; the other {read.unclear} are unclear (the two differ, or one is not sure)" if read.unclear else "")
    agreed = (f"two classifiers agree, each {SURE:.0%} sure or more, on {read.clear}, finding {made} of the 10 kinds "
              f"(0 to 9){unclear}." if read.clear else "two classifiers read no digit alike and surely: no clear "
                                                       "digit yet.")
    yield (digit_grid(result["samples"][:16], columns=8), loss_figure(result["history"]),
           f"Trained the {name} for {result['steps']:,} steps in {result['seconds']:.0f} s, seed {seed}. Among "
           f"{len(result['samples'])} new digits it made (the first 16 shown), {agreed}{_how_far_readings_go()}{few}",
           digits_figure(read.counts, read.unclear))


def _readings_words(read, count: int) -> str:
    """What two classifiers read in the digits shown, as their captions say it."""
    seen = ", ".join(f"{digit}\u00a0×{n}" for digit, n in enumerate(read.counts) if n)  # "6 ×1" never split
    if not read.clear:
        return (f"Two classifiers read none of the {count} alike and surely, so each caption gives both readings "
                "or their doubt.")
    agreed = f"all {count}" if read.clear == count else f"{read.clear} of the {count}"
    return (f"Two classifiers agree, each {SURE:.0%} sure or more, on {agreed}: {seen}; each is captioned with what "
            f"they read" + (f", and the other {read.unclear} with both readings or their doubt." if read.unclear
                            else "."))


def _how_far_readings_go() -> str:
    """How far the agreed readings can be trusted, measured on real digits neither classifier trained on."""
    from core.lab.reading import agreement_on_real_digits

    share, right = agreement_on_real_digits()
    return (f" On real handwritten digits they never saw, they agree like this on {share:.0%}, and read "
            f"{right:.0%} of those right; a model's digits are untidier, so they can still misread one.")


def few_digits_words(name: str, made: int, clear: int, count: int) -> str:
    """What reading only `made` of the 10 digits in `clear` of `count` digits means. Where most could not be read,
    nothing: the few kinds read say more about the readers than about the model (clear 8s and 9s stood beside "only
    a few kinds"). Otherwise collapse is a GAN's failure; any other model making few digits has not learned the
    rest yet."""
    if made > 4:
        return ""
    if clear < count / 2:
        return " Most are too untidy to read surely, so how many kinds it makes cannot be told yet: train it longer."
    kinds = "one kind of digit" if made == 1 else "a few kinds of digit"  # "finding 1 of the 10 kinds … a few"
    if name == "GAN":
        return f" It collapsed: it makes only {kinds}."
    return f" So far it makes only {kinds}: it needs more training."


COMPARISON_HEADINGS = {
    "model": "model", "frechet_distance": "how far from real (Fréchet distance)",  # cells "12.45 ± 1.71"
    "precision": "looks real (precision)", "recall": "variety covered (recall)", "digits_covered": "digits of 10",
    "top_class_probability": "how sure a classifier is", "nearest_training_rms": "distance to nearest training digit",
    "samples_per_second": "digits made per second", "training_seconds": "training time"}
COMPARISON_MEASURES = (
    "**How far from real** (Fréchet distance): how different the samples look from real digits as a whole, "
    "in the eyes of a digit classifier; lower is better, and ± is how much it moves between seeds. **Looks real** "
    "(precision): the share of samples that sit among real digits. **Variety covered** (recall): the share of real "
    "digits' variety the samples reach. **How sure a classifier is**: how confidently a classifier names the digit "
    "(a scrawl that could be two digits gets a low figure; a blurred digit of a clear shape can still score high). "
    "**Distance to nearest training digit**: 0 would be a copy.")


def shown_row(row: dict) -> dict:
    """A comparison row as the table shows it: the Fréchet distance with its spread over seeds in one cell
    ("12.45 ± 1.71"), so a phone's screen also holds the looks-real and variety columns; shares in percent, as
    the sentences say them ("95%"); speed with thousands separators ("4,600"; none for real digits, which are
    read, not made; "6.9" below ten); training time in minutes ("40 min")."""
    from core.lab.shipped import per_second

    made, trained = row.get("samples_per_second"), row.get("training_seconds")
    shown = {key: value for key, value in row.items() if key != "frechet_spread"}
    shown["frechet_distance"] = f"{row['frechet_distance']:g} ± {row.get('frechet_spread', 0):g}"
    for share in ("precision", "recall", "top_class_probability"):
        if row.get(share) is not None:
            shown[share] = f"{row[share]:.0%}"
    shown["samples_per_second"] = "–" if row["model"] == "Real digits" or made is None else per_second(made)
    shown["training_seconds"] = "–" if trained is None else \
        (f"{trained / 60:,.0f} min" if trained >= 60 else f"{trained:.0f} s")
    return shown


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

    measured = comparison()
    rows = measured["rows"]
    table = pd.DataFrame([shown_row(row) for row in rows]).rename(columns=COMPARISON_HEADINGS)
    sentences = [f"Scored on {measured['held_out_digits']:,} held-out digits, from {measured['samples_per_seed']:,} "
                 f"samples per model with each of three seeds.", *comparison_sentences(rows)]
    return table, "\n".join(f"- {sentence}" for sentence in sentences)


def inside_gan():
    from core.lab.figures import collapse_figure, loss_figure
    from core.lab.inside import gan_story

    history, collapsed, balanced = gan_story()
    made = int((balanced > 0).sum())
    words = f"In 200 samples the balanced GAN makes {made} of the 10 digits."
    if collapsed is not None:
        biggest = int(collapsed.argmax())
        words += (f" The collapsing GAN makes {int((collapsed > 0).sum())}, and {collapsed[biggest] / 200:.0%} of "
                  f"its samples read as a {biggest}.")
    losses = loss_figure(history, "The shipped GAN's tug of war<br><sup>each network's loss while it trained</sup>")
    words += (" The generator's loss rises when the discriminator gets better at spotting its digits, and falls "
              "when it fools it: the two pull against each other, so neither loss falls towards zero as in other "
              "training; they hover around a balance.")
    return losses, collapse_figure(balanced, collapsed), words


def inside_vae_map():
    from core.lab.figures import digit_grid, latent_map_figure
    from core.lab.inside import vae_map

    decoded, points, labels = vae_map()
    return digit_grid(decoded, columns=12, scale=2, gap=0), latent_map_figure(points, labels)


def inside_vae_walk(first: str, second: str):
    from core.lab.figures import digit_grid
    from core.lab.inside import vae_walk

    return digit_grid(vae_walk(int(first), int(second)), columns=8, scale=3)


def inside_diffusion_forward(digit: str):
    from core.lab.figures import digit_grid
    from core.lab.inside import diffusion_forward

    steps, frames = diffusion_forward(int(digit))
    return digit_grid(frames, columns=len(frames), scale=3), noise_steps_words(steps)


def noise_steps_words(steps: list[int]) -> str:
    """"After 0%, 5%, ... and 100% of the 1,000 noise steps": shares, not the zero-based step 699 of 0 to 999."""
    from core.wording import listed

    total = steps[-1] + 1
    return (f"After {listed([f'{step / (total - 1):.0%}' for step in steps])} of the {total:,} noise steps: by the "
            "last, nothing of the digit is left.")


def inside_diffusion_reverse(seed: float | None = None):
    from core.inputs.numbers import resolve_seed
    from core.lab.figures import digit_grid
    from core.lab.inside import diffusion_reverse

    seed = resolve_seed(seed)
    steps, frames = diffusion_reverse(seed)
    return digit_grid(frames, columns=len(frames), scale=3), \
        f"After {', '.join(map(str, steps))} of {steps[-1]} denoising steps (seed {seed})."


def inside_transformer(seed: float | None = None, patch: float = 101):
    """The Transformer writing a digit, stopped as it writes patch number `patch` (2 to 196: the first has nothing
    before it to look at)."""
    from core.inputs.numbers import as_whole, resolve_seed
    from core.lab.figures import attention_picture, patch_probabilities_figure
    from core.lab.inside import PATCH_GLYPHS, transformer_look

    seed, patch = resolve_seed(seed), as_whole(patch, "patch it is writing")
    if not 2 <= patch <= 196:
        raise ValueError("Pick a patch from 2 to 196: the first has nothing before it to look at.")
    written, attention, probabilities = transformer_look(seed, patch - 1)
    row, column = divmod(patch - 1, 14)
    return attention_picture(written, attention), patch_probabilities_figure(probabilities, PATCH_GLYPHS), \
        (f"Writing patch {patch} of 196 (row {row + 1}, column {column + 1}; seed {seed}). Orange: where it "
         f"looks among the patches already written (grey: its ink; dark blue: not written yet). Its top guess has "
         f"{probabilities.max():.0%} probability.")


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
                    with gr.Row():
                        seed = seed_box(None, label="Seed (same seed, same digits)")
                        keep_seed_button(seed, "lab-status")
                    make = gr.Button("Make digits", variant="primary")
                    make_error = error_line()
                with gr.Column(scale=3):
                    status = gr.Markdown(SAMPLE_READY, label="Status", elem_id="lab-status")
                    with gr.Column(visible=False) as made_digits:  # no empty frames before the first digits
                        gr.Markdown("**Digits** (signed PNG files)", elem_classes="genlab-note")
                        # as tall as its rows: a phone's 16 digits without scrolling, no blank under a laptop's
                        gallery = picture_gallery("Digits (signed PNG files)", fit_rows=True, columns=6,
                                                  type="filepath", interactive=False,
                                                  show_label=False)  # a label would cover the top row
                        seen_plot = gr.Plot(label="Which digits two classifiers read")
        with gr.Tab("Train one live", **tab_id("lab", "train")):
            with gr.Row():
                with gr.Column(scale=2, min_width=300):
                    train_architecture = gr.Radio(list(ARCHITECTURES), value="VAE", label="Model")
                    train_explained = gr.Markdown(ARCHITECTURES["VAE"])
                    gan_setting = gr.Radio(list(GAN_SETTINGS), value="Balanced", label="GAN setting", visible=False,
                                           info="Collapsing: the generator learns ten times faster, takes five "
                                                "steps for each of the discriminator's and loses the batch "
                                                "normalisation that keeps its digits apart, so it can settle on a "
                                                "few digits that fool the discriminator and make only those.")
                    seconds = gr.Slider(5, 60, value=30, step=5, label="Seconds of training")
                    with gr.Row():
                        train_seed = seed_box(None, label="Seed (same seed, same training)")
                        keep_seed_button(train_seed, "lab-train-status")
                    with gr.Row(equal_height=True):
                        train = gr.Button("Train", variant="primary")
                        stop = gr.Button("Stop", variant="stop")
                    train_error = error_line()
                with gr.Column(scale=3):
                    gr.Markdown(TRAINING_NOTE)  # here, not above the form: Train on a laptop's first screen
                    preview = gr.Image(label="16 digits as it learns", type="pil", format="png",
                                       interactive=False, height=260, visible=False)
                    train_status = gr.Markdown(TRAIN_READY, label="Status", elem_id="lab-train-status",
                                               elem_classes="genlab-progress-above")
                    losses = gr.Plot(label="How it improves", visible=False)  # the chart's title says the rest
                    trained_digits = gr.Plot(label="Which digits the trained model makes", visible=False)
        with gr.Tab("Inside each model", **tab_id("lab", "inside")):
            with gr.Accordion("GAN: two networks pulling against each other", open=True):
                gr.Markdown("One network draws digits out of random numbers; the other is shown its drawings and real "
                            "digits and learns to tell them apart. Each improves by beating the other. With bad "
                            "settings the drawer finds a few digits that pass and makes only those: a collapse.")
                gan_button = gr.Button("Show the GAN's training and a collapse", size="sm")
                with gr.Column(visible=False) as gan_result:  # nothing under the button before it is pressed
                    gan_words = gr.Markdown()
                    with gr.Row():
                        gan_losses = gr.Plot(label="How far off each network is (their losses)")
                        gan_digits = gr.Plot(label="Digits made")
            with gr.Accordion("VAE: every digit as two numbers", open=False):
                gr.Markdown("The encoder turns each digit into two numbers, so every digit is a point on a map. "
                            "The first picture shows what the decoder draws at each point of the map; the second, "
                            "where real digits land.")
                vae_button = gr.Button("Draw the map", size="sm")
                with gr.Row():
                    vae_grid = gr.Image(label="What each point of the map decodes to", type="pil", interactive=False,
                                        height=340, visible=False)
                    vae_points = gr.Plot(label="Where real digits land", visible=False)
                with gr.Row():
                    walk_from = gr.Dropdown([str(d) for d in range(10)], value="1", label="From the digit")
                    walk_to = gr.Dropdown([str(d) for d in range(10)], value="7", label="to the digit")
                    walk_button = gr.Button("Walk between them", size="sm")
                walk_strip = gr.Image(label="The straight line between them, decoded", type="pil", interactive=False,
                                      height=120, visible=False)
            with gr.Accordion("Diffusion: noise in, noise out", open=False):
                with gr.Row():
                    noise_digit = gr.Dropdown([str(d) for d in range(10)], value="3", label="Digit")
                    forward_button = gr.Button("Add noise step by step", size="sm")
                forward_strip = gr.Image(label="Forward: a real digit drowned in noise", type="pil", interactive=False,
                                         height=120, visible=False)
                forward_words = gr.Markdown()
                with gr.Row():
                    reverse_seed = seed_box(None, label="Seed")
                    reverse_button = gr.Button("Denoise a new digit", size="sm")
                reverse_strip = gr.Image(label="Reverse: a new digit (the model picks which) out of pure noise",
                                         type="pil", interactive=False, height=120, visible=False)
                reverse_words = gr.Markdown()
            with gr.Accordion("Transformer: one patch at a time", open=False):
                with gr.Row():
                    look_seed = seed_box(3, label="Seed")
                    look_position = gr.Slider(2, 196, value=101, step=1, label="Stop as it writes patch")
                    look_button = gr.Button("Look inside", size="sm")
                look_words = gr.Markdown()
                with gr.Row():
                    look_picture = gr.Image(label="Attention on what it has written", type="pil", interactive=False,
                                            height=260, visible=False)
                    look_guesses = gr.Plot(label="Next-patch guesses", visible=False)
            inside_error = error_line()
        with gr.Tab("Compare", **tab_id("lab", "compare")):
            gr.Markdown(COMPARISON_INTRODUCTION)
            compare = gr.Button("Show the comparison", variant="primary")
            compare_error = error_line()
            sentences = gr.Markdown(label="What the table shows")
            table = result_table("Comparison on 1,000 held-out digits", wrap=True)
            gr.Markdown(COMPARISON_MEASURES, elem_classes="genlab-note")

    architecture.change(lambda name: ARCHITECTURES.get(name, ""), architecture, explained, api_visibility="private",
                        queue=False)
    train_architecture.change(lambda name: ARCHITECTURES.get(name, ""), train_architecture, train_explained,
                              api_visibility="private", queue=False)
    train_architecture.change(show_gan_setting, train_architecture, gan_setting, api_visibility="private",
                              queue=False)
    making = make.click(lab_sample, [architecture, count, seed], [gallery, status, seen_plot], api_name="lab_sample",
                        **MODEL_EVENTS)
    show_failures(making, make_error, {gallery: None, status: SAMPLE_READY, seen_plot: None,
                                       made_digits: gr.update(visible=False)}, triggers=(make.click,))
    reveal_when_done(making, made_digits)
    training = train.click(lab_train, [train_architecture, seconds, train_seed, gan_setting],
                           [preview, losses, train_status, trained_digits], api_name="lab_train", **JOB_EVENTS,
                           show_progress_on=[train_status])  # one bar, above the status: not over every output
    show_failures(training, train_error, {preview: None, losses: None, train_status: TRAIN_READY,
                                          trained_digits: None}, triggers=(train.click,))
    reveal_when_started((train.click,), [preview, losses], hidden=[trained_digits])  # its last chart: at the end
    # in the browser at once: "press Train" stood beside the bar's "Started" until the first step came (review 13)
    run_first(train.click(None, None, train_status, js=f"() => {TRAIN_STARTING!r}", queue=False,
                          api_visibility="private"))
    reveal_when_done(training, trained_digits)
    stop.click(None, cancels=[training], api_visibility="private", queue=False)
    private = {"api_visibility": "private"}
    inside = [
        gan_button.click(inside_gan, outputs=[gan_losses, gan_digits, gan_words], **MODEL_EVENTS, **private),
        vae_button.click(inside_vae_map, outputs=[vae_grid, vae_points], **MODEL_EVENTS, **private),
        walk_button.click(inside_vae_walk, [walk_from, walk_to], walk_strip, **MODEL_EVENTS, **private),
        forward_button.click(inside_diffusion_forward, noise_digit, [forward_strip, forward_words], **MODEL_EVENTS,
                             **private),
        reverse_button.click(inside_diffusion_reverse, reverse_seed, [reverse_strip, reverse_words], **MODEL_EVENTS,
                             **private),
        look_button.click(inside_transformer, [look_seed, look_position], [look_picture, look_guesses, look_words],
                          **MODEL_EVENTS, **private),
    ]
    buttons = (gan_button.click, vae_button.click, walk_button.click, forward_button.click, reverse_button.click,
               look_button.click)
    shown_by = ((gan_result,), (vae_grid, vae_points), (walk_strip,), (forward_strip,), (reverse_strip,),
                (look_picture, look_guesses))  # each event's pictures, hidden until it draws them: no empty frames
    for event, pictures, button in zip(inside, shown_by, buttons):
        show_failures(event, inside_error, triggers=(button,))
        reveal_when_done(event, *pictures)
    comparing = compare.click(lab_compare, outputs=[table, sentences], api_name="lab_compare")
    show_failures(comparing, compare_error, triggers=(compare.click,))
    reveal_when_done(comparing, table)


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

"""The Writing tab's tuning sections: adapt the writer to your own text (LoRA), steer it with your preferences (DPO)."""

from __future__ import annotations

import gradio as gr

from apps.error_display import as_plain_error, error_line, show_failures
from apps.fair_queue import JOB_EVENTS, MODEL_EVENTS
from apps.ui import (download_box, follow_job, job_outcome, reveal_when_done, reveal_when_started, seed_box,
                     session_key)

ADAPT_JOB = "adapt writer"
MAX_UPLOAD_BYTES = 1_000_000
ADAPT_INTRODUCTION = """
Give the model a few pages of your own writing and it learns your style in a minute or two.
This is **fine-tuning with LoRA** (low-rank adaptation): the model's own 7 million numbers stay as they are, and it learns a small
set of extra numbers (under 3% as many) added beside its layers. That is how people cheaply teach a big model
their company's tone or a new task. The honest test of what it learned: how surprised the model is by the last
tenth of your text, which it never trains on, before and after (its **perplexity**: in effect, how many equally
likely next words it is choosing among; lower means it expects your text better).
"""


def adapted_in_words(summary: dict) -> str:
    """What the adaptation measured, in sentences drawn from its figures."""
    before, after = summary["perplexity_before"], summary["perplexity_after"]
    trained = summary["trained"]
    share = trained["trainable_parameters"] / trained["model_parameters"]
    if after < before:
        change = (f"perplexity fell from **{before:,.0f}** to **{after:,.0f}**: the model now finds your writing "
                  f"{before / after:.1f} times less surprising.")
    else:
        change = (f"perplexity went from **{before:,.0f}** to **{after:,.0f}**: it did not learn your style this time. "
                  f"Give it more text (several pages), or a text with one consistent style.")
    return (f"On the tenth of your text it never saw ({trained['held_out_tokens']:,} tokens), {change} "
            f"It trained {trained['trainable_parameters']:,} numbers ({share:.1%} as many as the model's "
            f"{trained['model_parameters']:,}) for {summary['steps']:,} steps on {trained['training_tokens']:,} "
            f"tokens, in {summary['seconds']:.0f} s.")


def _text_to_learn(text_file: str | None, text: str) -> str:
    from core.inputs.text import read_text_file
    from core.text.adaptation import check_text

    if text_file:
        return check_text(read_text_file(text_file, MAX_UPLOAD_BYTES))
    return check_text(text)


def adapt_writer(text_file: str | None = None, text: str = "", seconds: float = 150, seed: str | None = None,
                 request: gr.Request = None, progress=gr.Progress()):
    """Adapt the writing model to your own text with LoRA (a few minutes at most), measuring on the last tenth of
    the text, which training never sees, how much less surprised the model is by it.

    Args:
        text_file: A plain text file (UTF-8, at most 1 MB) of your writing; it wins over `text`.
        text: Your writing pasted in, at least 2,000 characters (about a page), at most 200,000.
        seconds: The longest the training may take, 30 to 240 seconds (a short text finishes sooner).
        seed: Whole number from 0 to 4294967295 that repeats the training; empty or -1 for a random one.

    Returns:
        JSON: perplexity_before and perplexity_after (on the held-out tenth), seconds, steps, what was trained
        (method, rank, layers, trainable and total parameters, tokens) and the adapter's id: pass it to /write as
        `adapter` to write in your text's style.
        A chart of the held-out perplexity as training went.
        What was measured, in words.
        The adapter as a zip of a standard PEFT folder (load it with PeftModel.from_pretrained).
    """
    from core.inputs.numbers import parse_number, resolve_seed
    from core.jobs import cancel_jobs, start_job
    from core.text.adaptation import AdaptationConfig, AdaptationResult, adaptation_job
    from core.text.adapters import adapter_zip, save_adapter
    from core.text.figures import perplexity_figure
    from core.text.writer import local_model_source

    try:
        words = _text_to_learn(text_file, text)
        config = AdaptationConfig(max_seconds=parse_number(seconds, "training time", 30, 240), seed=resolve_seed(seed))
        source = local_model_source()
    except ValueError as error:
        raise as_plain_error(error) from error
    session = session_key(request)
    cancel_jobs(session, ADAPT_JOB)
    job = start_job(adaptation_job, source, words, config, name=ADAPT_JOB, owner=session)
    shown = 0
    for update in follow_job(job, progress):
        curve = (update.payload or {}).get("curve", [])
        if len(curve) > shown:
            shown = len(curve)
            yield gr.skip(), perplexity_figure(curve), f"{update.message}…", gr.skip(), gr.skip(), gr.skip()
    result = AdaptationResult.from_dict(job_outcome(job, stopped="Stopped. Press Adapt to start again."))
    saved = save_adapter(result)
    summary = {**result.summary(), "adapter": saved.id, "adapter_sha256": saved.sha256}
    yield (summary, perplexity_figure(result.curve), adapted_in_words(summary), str(adapter_zip(saved.id)), True,
           saved.id)


def sample_text() -> str:
    from core.text.prose_sample import modern_prose

    return modern_prose(12_000)


def render_adaptation(active_adapter: gr.Textbox, write_event_inputs: list, write_outputs: list, write_function,
                      write_error: gr.Markdown):
    """The "Adapt to your text" section; a finished adaptation sets `active_adapter` and writes with it (that
    writing event is returned, for the tab's Stop button)."""
    from core.text.prose_sample import SOURCE

    with gr.Accordion("Teach it your own style, from a few pages of your text (LoRA)", open=False):
        gr.Markdown(ADAPT_INTRODUCTION, elem_classes="genlab-note")
        with gr.Row():
            with gr.Column(scale=3, min_width=300):
                own_text = gr.Textbox("", label="Your text (at least 2,000 characters)", lines=6, max_lines=14,
                                      placeholder="Paste a few pages of your writing here, or upload a .txt file")
                own_file = gr.File(label="…or upload a .txt file", file_types=[".txt"], type="filepath")
                use_sample = gr.Button("Try a sample: modern prose", size="sm")
                gr.Markdown(f"The sample is {SOURCE}: as unlike old verse as it gets.", elem_classes="genlab-note")
                with gr.Row():
                    adapt_seconds = gr.Slider(30, 240, value=150, step=10, label="Training time at most (seconds)")
                    adapt_seed = seed_box(None, label="Seed")
                with gr.Row(equal_height=True):
                    adapt_button = gr.Button("Adapt", variant="primary")
                    adapt_stop = gr.Button("Stop", variant="stop")
                adapt_error = error_line()
            with gr.Column(scale=2, min_width=300):
                adapt_plot = gr.Plot(label="Perplexity on text it never saw", visible=False)  # drawn as it trains
                adapt_words = gr.Markdown("", label="What it learned", elem_id="adaptation-summary")
                adapter_file = download_box("Your adapter (a PEFT folder, zipped)", visible=False)
                use_adapter = gr.Checkbox(False, label="Write in the style of my text (with my adapter)", visible=False)
                with gr.Accordion("As JSON", open=False, visible=False) as adapt_json_fold:
                    adapt_json = gr.JSON(label="Measured")
        saved_adapter = gr.Textbox("", label="Adapter id", visible=False)

    use_sample.click(sample_text, outputs=own_text, api_visibility="private", queue=False)
    adapting = adapt_button.click(
        adapt_writer, inputs=[own_file, own_text, adapt_seconds, adapt_seed],
        outputs=[adapt_json, adapt_plot, adapt_words, adapter_file, use_adapter, saved_adapter],
        api_name="adapt_writer", **JOB_EVENTS)
    reveal_when_started((adapt_button.click,), [adapt_plot])
    reveal_when_done(adapting, adapt_json_fold)
    show_failures(adapting, adapt_error, {adapt_words: "", adapt_plot: None,
                                          adapt_json_fold: gr.update(visible=False)}, (adapt_button.click,))
    adapting.success(lambda: (gr.update(visible=True), gr.update(visible=True)), outputs=[adapter_file, use_adapter],
                     api_visibility="private", queue=False)
    writing_adapted = adapting.success(
        lambda saved: saved, inputs=saved_adapter, outputs=active_adapter, api_visibility="private", queue=False).then(
        write_function, inputs=write_event_inputs, outputs=write_outputs, api_visibility="private", **MODEL_EVENTS)
    show_failures(writing_adapted, write_error)
    adapt_stop.click(None, cancels=[adapting], api_visibility="private", queue=False)
    use_adapter.change(lambda use, saved: saved if use else "", inputs=[use_adapter, saved_adapter],
                       outputs=active_adapter, api_visibility="private", queue=False)
    return writing_adapted


TUNE_JOB = "tune preferences"
EXAMPLES_JOB = "example preferences"
EXAMPLE_PAIRS = 24
PREFERENCE_INTRODUCTION = """
Show the model which of two texts you like better, a dozen times or more, and it learns to write more like
your choices. Chat assistants are made helpful this way, from millions of such choices. The classic recipe,
reinforcement learning from human feedback (**RLHF**), first trains a separate *reward model* to score texts the
way people do, then lets the writer practise against that score by trial and error. Direct preference optimisation
(**DPO**), used here, gets the same effect in one ordinary training: it makes each chosen text likelier and each
rejected one less likely, measured against a frozen copy of the model it started from, so it cannot drift far. A quarter of your pairs is kept aside to test it.
"""


def _pairs_list(pairs_json: str) -> list[dict]:
    import json

    return json.loads(pairs_json) if (pairs_json or "").strip() else []


def pairs_in_words(pairs: list[dict]) -> str:
    from core.text.preferences import MIN_PAIRS

    if not pairs:
        return f"No pairs marked yet. Mark at least {MIN_PAIRS}."
    more = MIN_PAIRS - len(pairs)
    marked = "**1** pair marked." if len(pairs) == 1 else f"**{len(pairs)}** pairs marked."
    return marked + (f" {more} more to go." if more > 0 else " Ready to tune.")


def write_pair(mode: str = "Poem", text: str = "", theme: str = "the sea at night", form: str = "Quatrain",
               genre: str = "Comedy", characters: str = "", setting: str = "", adapter: str = "",
               request: gr.Request = None):
    """Two short texts for the same request, with two random seeds, to choose between."""
    import json
    import random

    from apps.writing import _request_in_words
    from core.text.adapters import adapted_backend
    from core.text.preference_examples import candidate_pair
    from core.text.writer import current_backend

    writing_request, _ = _request_in_words(mode, text, theme, form, genre, characters, setting)
    backend = adapted_backend(adapter) if adapter else current_backend()
    writing_request.check(poet=backend.poet)
    first_seed = random.randrange(2**31)
    prompt, first, second = candidate_pair(writing_request, (first_seed, first_seed + 1), backend)
    return first, second, json.dumps({"prompt": prompt, "a": first, "b": second})


def mark_pair(better: str, pending: str, pairs_json: str):
    """Add the pending pair with `better` ("A" or "B") as the chosen text."""
    import json

    if not (pending or "").strip():
        raise ValueError("Press Write two first, then pick the one you like better.")
    shown = json.loads(pending)
    chosen, rejected = (shown["a"], shown["b"]) if better == "A" else (shown["b"], shown["a"])
    pairs = _pairs_list(pairs_json) + [{"prompt": shown["prompt"], "chosen": chosen, "rejected": rejected}]
    return json.dumps(pairs), "", pairs_in_words(pairs), pairs, "", ""


def fill_example_pairs(seed: str | None = None, request: gr.Request = None, progress=gr.Progress()):
    """Up to 24 pairs of the poet's quatrains, each marked by a rule: of the two, the one with fewer old-fashioned
    words (thee, thou, hath, 'tis, o'er…) is chosen; pairs the rule cannot tell apart are skipped."""
    import json

    from core.inputs.numbers import resolve_seed
    from core.jobs import cancel_jobs, start_job
    from core.text.preference_examples import example_preferences_job

    seed = resolve_seed(seed)
    session = session_key(request)
    cancel_jobs(session, EXAMPLES_JOB)
    job = start_job(example_preferences_job, EXAMPLE_PAIRS, seed, name=EXAMPLES_JOB, owner=session)
    for _ in follow_job(job, progress):
        yield gr.skip(), gr.skip(), gr.skip()
    pairs = job_outcome(job)
    yield json.dumps(pairs), pairs_in_words(pairs), pairs


def preference_chart(summary: dict):
    import plotly.graph_objects as go

    figure = go.Figure()
    for moment, colour in (("before", "#94a3b8"), ("after", "#4f46e5")):
        figure.add_trace(go.Bar(x=["held-out pairs where it prefers your choice"],
                                y=[summary[f"accuracy_{moment}"] * 100], name=moment, marker_color=colour,
                                text=[f"{summary[f'accuracy_{moment}']:.0%}"], textposition="auto"))
    figure.update_layout(barmode="group", yaxis={"title": "%", "range": [0, 100]}, height=280,
                         margin={"t": 30, "b": 40, "l": 50, "r": 10}, legend={"orientation": "h", "y": -0.2})
    return figure


def tuned_in_words(summary: dict) -> str:
    """What preference tuning measured, in sentences drawn from its figures."""
    held = summary["held_out_pairs"]
    before, after = summary["accuracy_before"], summary["accuracy_after"]
    trend = ("It now agrees with you more often." if after > before else
             "It agrees with you no more often than before: mark more pairs, or pairs that differ more clearly."
             if after == before else "It agrees with you less often than before: your pairs may pull in different "
             "directions; mark more, or more clearly different ones.")
    start = "your adapted model" if summary["on_adapter"] else "the model as shipped"
    return (f"Of the {held} pairs it never trained on, it found your choice the likelier text in "
            f"**{before * held:.0f}** before tuning and **{after * held:.0f}** after ({before:.0%} → {after:.0%}). "
            f"{trend} The average margin (how much likelier your choice is per token, in log-probability) went "
            f"from {summary['margin_before']:+.2f} to {summary['margin_after']:+.2f}. DPO trained {start} on "
            f"{summary['trained_pairs']} pairs for {summary['steps']} steps in {summary['seconds']:.0f} s.")


def tune_preferences(pairs: str = "", adapter: str = "", seed: str | None = None, request: gr.Request = None,
                     progress=gr.Progress()):
    """Tune the writing model towards your preferences with DPO (direct preference optimisation), as a LoRA
    adapter, and measure on a quarter of the pairs kept aside how often it prefers your choice, before and after.

    Args:
        pairs: JSON list of at least 12 pairs, each {"prompt": ..., "chosen": ..., "rejected": ...}: the text given
            to the model, the text you prefer and the one you do not.
        adapter: An adapter id from /adapt_writer to tune further; empty to tune the model as shipped.
        seed: Whole number from 0 to 4294967295 that repeats the tuning; empty or -1 for a random one.

    Returns:
        JSON: accuracy_before and accuracy_after (share of held-out pairs where the model finds your choice
        likelier), margin_before and margin_after, pair counts, steps, seconds, what was trained, and the new
        adapter's id (pass it to /write as `adapter`).
        A chart of the held-out agreement before and after.
        What was measured, in words.
        A new text for the first held-out prompt before tuning, and after, with the same seed.
    """
    from core.inputs.numbers import resolve_seed
    from core.jobs import cancel_jobs, start_job
    from core.text.adapters import load_saved, save_adapter
    from core.text.preferences import PreferenceConfig, PreferenceResult, preference_job, read_pairs
    from core.text.writer import local_model_source

    try:
        marked = read_pairs(pairs)
        config = PreferenceConfig(seed=resolve_seed(seed))
        source = local_model_source()
        start_from = load_saved(adapter) if (adapter or "").strip() else None
    except ValueError as error:
        raise as_plain_error(error) from error
    adapter_files = start_from.peft_files() if start_from else None
    session = session_key(request)
    cancel_jobs(session, TUNE_JOB)
    job = start_job(preference_job, source, [vars(p) for p in marked], config, adapter_files, name=TUNE_JOB,
                    owner=session)
    for _ in follow_job(job, progress):
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
    result = PreferenceResult.from_dict(job_outcome(job, stopped="Stopped. Press Tune to start again."))
    saved = save_adapter(result)
    summary = {**result.summary(), "adapter": saved.id, "adapter_sha256": saved.sha256}
    before, after = _before_and_after(marked[0].prompt, adapter, saved.id, config.seed)
    yield summary, preference_chart(summary), tuned_in_words(summary), before, after, saved.id


def _before_and_after(prompt: str, old_adapter: str, new_adapter: str, seed: int) -> tuple[str, str]:
    """A text for `prompt` written before tuning and after, with the same seed (each recorded in the audit log)."""
    from core.text.adapters import adapted_backend
    from core.text.modes import Prompt, WritingRequest
    from core.text.sampling import SamplingSettings
    from core.text.writer import Continuation, current_backend, write

    texts = []
    for backend in (adapted_backend(old_adapter) if old_adapter else current_backend(), adapted_backend(new_adapter)):
        final = list(write(WritingRequest(mode="Continue a text", text=prompt),
                           SamplingSettings(seed=seed, max_new_tokens=60),
                           continuation=Continuation(Prompt(text=prompt)), backend=backend))[-1]
        texts.append(final.written)
    return texts[0], texts[1]


def render_preferences(request_inputs: list, active_adapter: gr.Textbox) -> list:
    """The "Steer with your preferences" section; `request_inputs` are the tab's mode, text, theme, form, genre,
    characters and setting. Returns its model events, for the tab's Stop button."""
    from core.text.preference_examples import FEWER_OLD_WORDS

    with gr.Accordion("Tune it to your taste: pick the better of two texts (DPO)", open=False):
        gr.Markdown(PREFERENCE_INTRODUCTION, elem_classes="genlab-note")
        with gr.Row():
            write_two = gr.Button("Write two to compare", variant="primary")
            fill_examples = gr.Button(f"Fill in up to {EXAMPLE_PAIRS} example pairs", size="sm")
        gr.Markdown(f"The example pairs are the poet's own quatrains, marked by a rule you can check by eye: "
                    f"{FEWER_OLD_WORDS}.", elem_classes="genlab-note")
        with gr.Row():
            with gr.Column(min_width=240):
                text_a = gr.Textbox("", label="A", lines=5, interactive=False)
                a_better = gr.Button("A is better")
            with gr.Column(min_width=240):
                text_b = gr.Textbox("", label="B", lines=5, interactive=False)
                b_better = gr.Button("B is better")
        pair_error = error_line()
        pairs_count = gr.Markdown(pairs_in_words([]), elem_id="preference-count")
        with gr.Accordion("Your marked pairs", open=False):
            pairs_view = gr.JSON(label="Pairs (prompt, chosen, rejected)")
        with gr.Row():
            tune_seed = seed_box(None, label="Seed")
            tune_button = gr.Button("Tune with my preferences", variant="primary")
            tune_stop = gr.Button("Stop", variant="stop")
        gr.Markdown("If you have adapted the model to your text above and are writing with it, DPO tunes that "
                    "adapted model further; otherwise the model as shipped.", elem_classes="genlab-note")
        tune_error = error_line()
        with gr.Row():
            with gr.Column(min_width=280):
                tune_plot = gr.Plot(label="Held-out pairs where it prefers your choice", visible=False)
                tune_words = gr.Markdown("", label="What changed", elem_id="preference-summary")
            with gr.Column(min_width=280):
                sample_before = gr.Textbox("", label="Before tuning", lines=5, interactive=False)
                sample_after = gr.Textbox("", label="After tuning (same prompt, same seed)", lines=5, interactive=False)
        with gr.Accordion("As JSON", open=False, visible=False) as tune_json_fold:
            tune_json = gr.JSON(label="Measured")
        pending = gr.Textbox("", visible=False)
        pairs = gr.Textbox("", visible=False)
        tuned_adapter = gr.Textbox("", label="Adapter id", visible=False)

    writing_pair = write_two.click(write_pair, inputs=[*request_inputs, active_adapter], outputs=[text_a, text_b, pending],
                                   api_visibility="private", **MODEL_EVENTS)
    show_failures(writing_pair, pair_error, {}, (write_two.click,))
    for button, better in ((a_better, "A"), (b_better, "B")):
        marking = button.click(lambda p, m, better=better: mark_pair(better, p, m), inputs=[pending, pairs],
                               outputs=[pairs, pending, pairs_count, pairs_view, text_a, text_b],
                               api_visibility="private", queue=False)
        show_failures(marking, pair_error, {}, (button.click,))
    filling = fill_examples.click(fill_example_pairs, inputs=tune_seed, outputs=[pairs, pairs_count, pairs_view],
                                  api_visibility="private", **JOB_EVENTS)
    show_failures(filling, pair_error, {}, (fill_examples.click,))
    tuning = tune_button.click(tune_preferences, inputs=[pairs, active_adapter, tune_seed],
                               outputs=[tune_json, tune_plot, tune_words, sample_before, sample_after, tuned_adapter],
                               api_name="tune_preferences", **JOB_EVENTS)
    reveal_when_done(tuning, tune_plot, tune_json_fold)  # drawn at the end
    show_failures(tuning, tune_error, {tune_words: "", tune_plot: None, tune_json_fold: gr.update(visible=False)},
                  (tune_button.click,))
    tuning.success(lambda tuned: tuned, inputs=tuned_adapter, outputs=active_adapter, api_visibility="private",
                   queue=False)
    tune_stop.click(None, cancels=[tuning, filling], api_visibility="private", queue=False)
    return [writing_pair]

"""Writing tab: watch a language model write verse, a scene or a story, token by token, and stop it any time."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import gradio as gr

from apps import handoff
from apps.error_display import error_line, show_failures
from apps.fair_queue import MODEL_EVENTS
from apps.ui import (audit_record, keep_seed_button, result_table, reveal_when_done, seed_box,
                     session_key)
from apps.writing_tuning import render_adaptation, render_preferences
from core.text.watermark import GREENLIST_RATIO

GENERATES_CONTENT = True
AI_DISCLOSURE = (
    "Text on this tab is written by a language model, not a person. It carries a hidden statistical "
    "watermark (unless you switch it off) that the Deepfake check tab can find, and every text is "
    "recorded in the audit log."
)
TITLE = "Writing"
SUMMARY = ("Watch a language model write a poem, a scene or a story word by word; steer it with a few knobs, "
           "teach it your own style, or tune it to your taste.")
SETTINGS_KEY = "writing"


READY = "Press **Write** and the text appears here as it is written."

def available() -> bool:
    """Shown where a writing model is usable: the poet's weights, a Hub model, or a text server."""
    from core.text.writer import writer_available

    return writer_available()


CHOICES_NOTE = ("A language model writes one token (a word or a piece of one) at a time, drawing it from the "
               "probabilities it gives every token it knows. Read a text back through the model to see, for "
               "each token, where it stood in the model's list (its first choice, among its top 5, or further "
               "down), how likely it found it, and what else it might have written there. A first choice can "
               "still be unlikely: thousands of other tokens share the rest. These are the model's own "
               "probabilities: while writing, the Style settings and the watermark (which favours a secret "
               f"{GREENLIST_RATIO:.0%} of all tokens) reshape them before each draw. Read back the text above, and "
               "the words your request gave it (a poem's title, your first line) are marked grey: the model did not "
               "choose them. In the table, ↵ is a new line, and a token often begins with the space before its word "
               "(“ sun”).")


def _backend_kind() -> str:
    """poet, chat or text, read from the settings without loading the model."""
    from core.settings import get_settings

    model = get_settings().model_for("writing")
    if model.backend == "embedded":
        return "poet"
    if model.backend == "openai":
        from core.text.openai_writer import prompt_style

        return prompt_style()
    return "chat"


def MODEL_DESCRIPTION() -> str:  # noqa: N802 (read by the About tab like the other tabs' constant)
    if _backend_kind() == "poet":
        return "a small GPT-2 this project trained on public-domain poems and Shakespeare's plays: a poet, not an assistant"
    return "a language model from the settings, streamed token by token"


def LIMITS() -> str | None:  # noqa: N802 (read by the About tab's cards)
    if _backend_kind() != "poet":
        return None
    return ("the built-in poet learned from old public-domain poems and Shakespeare's plays: it writes old-fashioned "
            "verse and scenes in real English words, often with odd turns and no sense of facts, and does not follow "
            "orders like a chatbot.")


INTRODUCTION = """
## Writing
A language model writes one small piece of a word (a **token**) at a time, each time picking from
the pieces it thinks likely to come next. Choose what to write, press **Write**, and watch it happen.
The knobs below decide how adventurous each pick is.
"""
POET_NOTE = (
    "**The built-in model is a poet, not an assistant.** It learned from 3 million lines of old poetry and "
    "Shakespeare's plays, on a laptop-sized budget, and here it may only complete words in its English word list. "
    "It continues verse and writes scenes in dialogue; it "
    "does not answer questions or follow instructions, and it knows nothing after 1920. On a server with a graphics card (GPU) the "
    "same tab runs a large instruction model."
)
EXAMPLES = {  # label shown on the page: mode, text, theme, form, genre, characters, setting
    "Poem: the sea at night, a quatrain": ["Poem", "", "the sea at night", "Quatrain", "Romance", "", ""],
    "Sonnet on autumn, from its first line": ["Poem", "When autumn comes to the orchard wall", "autumn", "Sonnet",
                                              "Romance", "", ""],
    "Comedy scene: Viola and Orsino in the duke's palace": ["Screenplay scene", "", "", "Quatrain", "Comedy",
                                                            "Viola, Orsino", "The duke's palace"],
    "Tragedy scene: Macbeth, Banquo and a witch on a heath": ["Screenplay scene", "", "", "Quatrain", "Tragedy",
                                                              "Macbeth, Banquo, a witch", "A heath in a storm"],
    "Carry on from \"The moon was a ghostly galleon…\"": ["Continue a text",
                                                          "The moon was a ghostly galleon tossed upon cloudy seas,\n",
                                                          "", "Quatrain", "Romance", "", ""],
}
MODE_FIELDS = {  # which fields each mode shows: text, theme, form, genre, characters, setting
    "Poem": (True, True, True, False, False, False),
    "Screenplay scene": (True, False, False, True, True, True),
    "Continue a text": (True, False, False, False, False, False),
    "Short story": (True, True, False, True, False, False),
}
TEXT_PLACEHOLDERS = {"Continue a text": "Type or paste the beginning of a text; the model writes on from it"}
OPTIONAL_TEXT_PLACEHOLDER = "Leave empty to let the model begin"
TEXT_LABELS = {"Poem": "First line (optional)", "Screenplay scene": "First line of dialogue (optional)",
               "Continue a text": "Your text", "Short story": "Opening sentence (optional)"}

STOPPED = ("**Stopped.** The text written so far stays above and is recorded in the audit log; press "
           "**Continue** to carry on from it.")
_sessions: dict[str, dict] = {}
_sessions_lock = threading.Lock()


def _modes() -> list[str]:
    from core.text.modes import MODES, POET_MODES

    return list(POET_MODES) if _backend_kind() == "poet" else list(MODES)


def _settings(temperature, top_p, top_k, min_p, repetition_penalty, max_new_tokens, stop_strings, seed,
              watermark):
    from core.inputs.numbers import as_float, as_whole, parse_seed
    from core.inputs.text import check_length
    from core.text.sampling import SamplingSettings, parse_stop_strings

    stop_strings = check_length(stop_strings, "'Stop at' text", 2_000)

    return SamplingSettings(temperature=as_float(temperature, "temperature"), top_p=as_float(top_p, "top-p"),
                            top_k=as_whole(top_k, "top-k"), min_p=as_float(min_p, "min-p"),
                            repetition_penalty=as_float(repetition_penalty, "repetition penalty"),
                            max_new_tokens=as_whole(max_new_tokens, "length"),
                            stop_strings=parse_stop_strings(stop_strings), seed=parse_seed(seed),
                            watermark=bool(watermark))


def _request(mode, text, theme, form, genre, characters, setting):
    from core.text.modes import WritingRequest, parse_characters

    return WritingRequest(mode=mode, text=text or "", theme=theme or "", form=form or "Quatrain",
                          genre=genre or "Comedy", characters=parse_characters(characters), setting=setting or "")


def _read_request(mode, text):
    """The plain-words request in the text box, or None. A text to continue is read as one only when it is a single
    line ("write a poem about the sea" typed there wants a poem); a pasted passage is continued as it is."""
    from core.text.requests import read_request

    if mode == "Continue a text" and "\n" in (text or "").strip():
        return None
    return read_request(text or "", _modes())


def reflect_request(mode, text, theme, form, characters, setting):
    """Show in the fields how a plain-words request was read (the mode, theme, form, characters and setting it
    wrote with), so the boxes do not keep an old theme beside the new text; nothing changes for other text."""
    read = _read_request(mode, text)
    if read is None:
        return (gr.skip(),) * 5
    return (read.mode, read.theme or theme, read.form or form, ", ".join(read.characters) or characters,
            read.setting or setting)


def _request_in_words(mode, text, theme, form, genre, characters, setting):
    """The request, with a plain-words request typed in the text box ("write a poem about my grandmother's
    kitchen") read into the mode and fields (core.text.requests), winning over the pre-filled ones; and a note for
    the status line saying how it was read ("" when it was not)."""
    read = _read_request(mode, text)
    if read is None:
        return _request(mode, text, theme, form, genre, characters, setting), ""
    replaced = (f"; it replaces the theme “{theme}”" if read.theme and (theme or "").strip()
                and theme.strip() != read.theme else "")
    request = _request(read.mode, "", read.theme or theme, read.form or form, genre,
                       ", ".join(read.characters) or characters, read.setting or setting)
    return request, f"*Read your request as {read.sentence}{replaced}.*"


def _stats(update) -> str:
    parts = [f"**{update.tokens}** tokens (pieces of words)", f"**{update.tokens_per_second:.0f}** tokens a second"]
    if update.first_token_s is not None:
        parts.append("first words within 0.1 s" if update.first_token_s < 0.05
                     else f"first words after {update.first_token_s:.1f} s")  # not "after 0.0 s"
    from core.provenance.readable_names import model_name

    model = model_name(update.model_label)
    parts.append(f"model: {model}" if update.backend == "embedded" else f"model: {model} ({update.backend})")
    parts.append(f"seed {update.seed}")
    if update.done:
        parts.append("watermarked" if update.watermarked else "no watermark")
        if update.energy_joules is not None:
            from core.ethics.carbon import everyday_energy

            parts.append(f"energy: {everyday_energy(update.energy_joules)}")
        if update.record_id:
            parts.append(audit_record(update.record_id, "its audit record"))
    notes = "".join(f"\n\n{note}" for note in update.notes)
    return ("Done. " if update.done else "Writing… ") + " · ".join(parts) + notes


SHOW_EVERY_SECONDS = 0.1  # 10 updates a second read as smooth; one per token costs the page more than the model


def _stream(request, settings, session: str, continuation=None, note: str = "", adapter: str = ""):
    """Stream (text, statistics) pairs, at most one every SHOW_EVERY_SECONDS and always the last, and keep what
    was written for Continue and Regenerate."""
    from core.text.adapters import adapted_backend
    from core.text.modes import build_prompt
    from core.text.writer import current_backend, write

    lead = f"{note}\n\n" if note else ""
    yield gr.update(), lead + "Loading the model…"
    backend = adapted_backend(adapter) if adapter else current_backend()
    request.check(poet=backend.poet)
    prompt = continuation.prompt if continuation else build_prompt(request, poet=backend.poet, chat=backend.chat)
    before = continuation.written if continuation else ""
    with _sessions_lock:
        # what the model was given, not written: the request's opening (a title, a first line, a text to continue)
        given = (_sessions.get(session) or {}).get("given", "") if continuation else prompt.shown_prefix
        _sessions[session] = {"request": request, "settings": settings, "prompt": prompt, "written": before,
                              "adapter": adapter, "given": given}
    shown_at = 0.0
    for update in write(request, settings, continuation=continuation, backend=backend):
        with _sessions_lock:
            _sessions[session]["written"] = before + update.written
        if update.done or time.monotonic() - shown_at >= SHOW_EVERY_SECONDS:
            shown_at = time.monotonic()
            yield update.text, lead + _stats(update)


def write_text(mode: str = "Poem", text: str = "", theme: str = "the sea at night", form: str = "Quatrain",
               genre: str = "Comedy", characters: str = "", setting: str = "", temperature: float = 0.8,
               top_p: float = 0.95, top_k: float = 50, min_p: float = 0.0, repetition_penalty: float = 1.15,
               max_new_tokens: float = 200, stop_strings: str = "", seed: float | None = None,
               watermark: bool = True, adapter: str = "", request: gr.Request = None):
    """Write a poem, a screenplay scene or a short story, or continue a text, with the suite's language model;
    the text streams as it is written, carries an invisible watermark (unless turned off) and is recorded
    in the audit log. Offline, the embedded poet writes verse in an old-fashioned style.

    Args:
        mode: What to write: "Poem", "Screenplay scene", "Continue a text" or "Short story".
        text: The first line (optional), or for "Continue a text" the text to carry on from. A request in
            plain words such as "write a poem about my grandmother's kitchen" is read as mode and theme.
        theme: What a poem or story is about, e.g. "the sea at night".
        form: The poem's form, e.g. "Quatrain" (4 lines), "Sonnet" (14 lines).
        genre: The scene's or story's genre, e.g. "Comedy".
        characters: The scene's characters, comma-separated, e.g. "Viola, Orsino".
        setting: Where the scene takes place, e.g. "A street in Venice".
        temperature: Boldness of word choices, 0 (always the likeliest) to 2 (0.8 is balanced).
        top_p: Only pick among the likeliest words that together make up this share, 0.05 to 1.
        top_k: Only pick among this many likeliest words, 0 to 200 (0: no limit).
        min_p: Drop words less likely than this fraction of the best one, 0 to 0.5 (0: off).
        repetition_penalty: Above 1 avoids repeating words, 1 to 2.
        max_new_tokens: Length in tokens (a token is about three quarters of a word).
        stop_strings: Stop when one of these appears, one per line; empty for none.
        seed: Whole number from 0 to 4294967295 that repeats a text; empty or -1 for a random one.
        watermark: Mark the text so the Deepfake check can recognise it as AI-written.
        adapter: The id of an adapter from /adapt_writer, to write in the style of your text; empty for the
            model as it ships. The audit record names the adapter.

    Returns:
        The text written so far, then the whole text.
        A line of statistics: tokens, speed, the seed used and the audit record.
    """
    settings = _settings(temperature, top_p, top_k, min_p, repetition_penalty, max_new_tokens, stop_strings,
                         seed, watermark)
    writing_request, note = _request_in_words(mode, text, theme, form, genre, characters, setting)
    yield from _stream(writing_request, settings, session_key(request), note=note, adapter=(adapter or "").strip())


def _written_text(text: str | None) -> str:
    """The text as written, for the Deepfake check (the watermark is read from exactly these words)."""
    return text or ""


def continue_text(max_new_tokens: float = 200, request: gr.Request = None):
    """Write more after the last text of this session, with the same settings."""
    from core.text.writer import Continuation

    with _sessions_lock:
        last = dict(_sessions.get(session_key(request)) or {})
    if not last or not last["written"]:
        raise ValueError("Write something first; Continue carries on from it.")
    from core.inputs.numbers import as_whole

    settings = replace(last["settings"], max_new_tokens=as_whole(max_new_tokens, "length"))
    continuation = Continuation(last["prompt"], last["written"])
    yield from _stream(last["request"], settings, session_key(request), continuation, adapter=last["adapter"])


def regenerate_text(request: gr.Request = None):
    """The last request again with a new seed."""
    with _sessions_lock:
        last = dict(_sessions.get(session_key(request)) or {})
    if not last:
        raise ValueError("Write something first; Regenerate writes it again differently.")
    old_seed = last["settings"].seed
    settings = replace(last["settings"], seed=None if old_seed is None else (old_seed + 1) % 2**32)
    yield from _stream(last["request"], settings, session_key(request), adapter=last["adapter"])


GIVEN_BAND = "given by the request"  # a poem's title, a first line: in the text, but not chosen by the model
# hex colours, which Gradio draws half see-through: light on a light page and dark on a dark one, where its named
# colours stayed pastel (and its pale green and pale blue were hard to tell apart); what was given is grey
CHOICE_BANDS = {"its first choice": "#22c55e", "among its top 5": "#f59e0b", "further down its list": "#ef4444",
                GIVEN_BAND: "#9ca3af"}


WRITTEN_OUT = {"\n": "↵", "\t": "⇥"}  # in the token table: a line break (its note says so) and a tab


# the poet's own markers, in words: a review read a raw "<|endoftext|>" among the top choices
SPECIAL_TOKEN_WORDS = {"<|endoftext|>": "(end of text)", "<|verse|>": "(start of a poem)",
                       "<|play|>": "(start of a scene)"}


def _visible(token: str) -> str:
    """A token as the table shows it: a line break as ↵ and a tab as ⇥, not acted on (it showed Python's \\n);
    other invisible characters escaped; the poet's markers in words."""
    if token in SPECIAL_TOKEN_WORDS:
        return SPECIAL_TOKEN_WORDS[token]
    return "".join(WRITTEN_OUT.get(c) or (c if c.isprintable() else repr(c)[1:-1]) for c in token)


def _choice_words(token: str, probability: float) -> str:
    """"“ sea” 11.2%" kept on one line ("2." and "7%" stood on two on a phone); a marker unquoted, in words:
    "(end of text) 2.7%"."""
    label = SPECIAL_TOKEN_WORDS.get(token) or f"“{_visible(token)}”".replace(" ", "\u00a0")  # “,” not a bare ","
    return f"{label}\u00a0" + _percent(probability).replace(" ", "\u00a0")


def _percent(probability: float) -> str:
    return f"{probability:.1%}" if probability >= 0.001 else "under 0.1%"


def _band(rank: int | None, given: bool = False) -> str:
    """Where a token stood in the model's list at its place, or GIVEN_BAND for what the request gave (a poem's
    title, banded as if chosen, read "further down its list" at under 0.1%). By rank, not by probability: a small
    model spreads its probability thin, so most tokens of a text it wrote itself were under 10% likely, and bands
    by probability marked three quarters of a poem "surprising"."""
    from core.text.token_choices import RANKED

    first, top, further, _ = CHOICE_BANDS
    if given:
        return GIVEN_BAND
    return first if rank == 1 else top if rank is not None and rank <= RANKED else further


def text_to_read(written: str | None, request: gr.Request = None):
    """The text above, for reading back, with the part of it the model was given rather than wrote."""
    with _sessions_lock:
        given = (_sessions.get(session_key(request)) or {}).get("given", "")
    written = written or ""
    return written, given if given and written.startswith(given) else ""


def show_token_choices(text: str = "", alternatives: float = 5, given: str = ""):
    """See what the model was choosing: each token (a word or a piece of one) of a text, how likely the Writing
    tab's model found it given everything before it, and the tokens it weighed instead.

    Args:
        text: Any text of up to 4,000 characters: one the Writing tab wrote, or your own.
        alternatives: How many of the model's most likely tokens to list at each place, 1 to 20.
        given: The start of the text that the model was given rather than wrote (a poem's title, your first line),
            e.g. "The Sea at Night\n"; its tokens are marked "given by the request". Empty: none.

    Returns:
        The tokens as a JSON object: `tokens`, a list in which each has its `token`, its `probability` and
        `alternatives` (a list of `{token, probability}`, most likely first), with the model's name and any notes;
        the text with each token marked as the model's first choice, among its top 5, further down its list, or
        given by the request; and a table of each token beside the model's top choices at that place.
    """
    from core.inputs.numbers import parse_whole
    from core.inputs.text import check_length
    from core.text.token_choices import TokenChoicesConfig, token_choices

    top = parse_whole(alternatives, "number of alternatives", 1, 20, default=5)
    choices = token_choices(text, TokenChoicesConfig(top=top), given=check_length(given, "given start of the text", 4_000))
    marked = [(choice.token, _band(choice.rank, choice.given)) for choice in choices.tokens]
    rows = [[_visible(choice.token), _percent(choice.probability) + (", given" if choice.given else ""),
             ", ".join(_choice_words(token, probability) for token, probability in choice.alternatives)]
            for choice in choices.tokens]
    return choices.to_dict(), marked, rows


def pick_token(choices: dict | None, event: gr.SelectData):
    """A row of the choices table was clicked: offer that place's alternatives to write on from."""
    if not choices or not isinstance(event.index, (list, tuple)):
        return gr.update(visible=False), gr.update(visible=False), None
    place = int(event.index[0])
    token = choices["tokens"][place]
    options = [(f"{_visible(a['token'])} ({_percent(a['probability'])})", index)
               for index, a in enumerate(token["alternatives"])]
    return (gr.update(choices=options, value=0, visible=True,
                      label=f"Instead of “{_visible(token['token'])}” (token {place + 1}), write on from:"),
            gr.update(visible=True), place)


def text_up_to_choice(choices: dict | None, place: int | None, alternative: int | None):
    """The text up to the picked place, with the picked alternative in place of the token that was there."""
    if not choices or place is None or alternative is None:
        raise ValueError("Click a row of the table first, then pick what to write instead.")
    tokens, place = choices["tokens"], int(place)
    prefix = "".join(t["token"] for t in tokens[:place]) + tokens[place]["alternatives"][int(alternative)]["token"]
    return "Continue a text", gr.update(value=prefix, visible=True, label=TEXT_LABELS["Continue a text"], lines=6)


def apply_preset(name: str):
    from core.text.sampling import PRESETS

    preset = PRESETS[name]
    values = preset.settings
    return (gr.update(info=preset.description), values.temperature, values.top_p, values.top_k, values.min_p,
            values.repetition_penalty)


def show_mode_fields(mode: str):
    shown = MODE_FIELDS.get(mode, MODE_FIELDS["Poem"])
    text_update = gr.update(visible=shown[0], label=TEXT_LABELS.get(mode, "Text"),
                            lines=6 if mode == "Continue a text" else 1,
                            placeholder=TEXT_PLACEHOLDERS.get(mode, OPTIONAL_TEXT_PLACEHOLDER))
    return (text_update, *(gr.update(visible=visible) for visible in shown[1:]))


def render() -> None:
    """Lay out the tab inside the current Blocks."""
    from core.text.modes import GENRES, POEM_FORMS
    from core.text.sampling import MAX_NEW_TOKENS, PRESETS

    balanced = PRESETS["Balanced"]
    gr.Markdown(INTRODUCTION)
    if _backend_kind() == "poet":
        gr.Markdown(POET_NOTE)
    with gr.Row():
        with gr.Column(scale=2, min_width=320):
            mode = gr.Radio(_modes(), value="Poem", label="What to write")
            text = gr.Textbox("", label=TEXT_LABELS["Poem"], lines=1, max_lines=20,
                              placeholder=OPTIONAL_TEXT_PLACEHOLDER)
            with gr.Row():  # side by side on a laptop, one under the other on a phone
                theme = gr.Textbox("the sea at night", label="Theme", min_width=240,
                                   placeholder="e.g. autumn, a lost love, the city")
                form = gr.Dropdown(list(POEM_FORMS), value="Quatrain", label="Form", min_width=240,
                                   info="Lines: quatrain 4, couplets 8, sonnet 14, free verse 12.")
                genre = gr.Dropdown(list(GENRES), value="Comedy", label="Genre", visible=False, min_width=240)
            with gr.Row():
                characters = gr.Textbox("", label="Characters", placeholder="e.g. Viola, Orsino", visible=False,
                                        min_width=240)
                setting = gr.Textbox("", label="Setting", placeholder="e.g. A street in Venice", visible=False,
                                     min_width=240)
            preset = gr.Radio(list(PRESETS), value="Balanced", label="Style", info=balanced.description)
            with gr.Row(equal_height=True):
                write_button = gr.Button("Write", variant="primary", min_width=120)  # side by side on a phone too
                stop_button = gr.Button("Stop", variant="stop", min_width=120)
            write_error = error_line()
            with gr.Row():
                continue_button = gr.Button("Continue", interactive=False, min_width=120)  # until something is written
                regenerate_button = gr.Button("Regenerate", interactive=False, min_width=120)
                check_button = gr.Button("Check it for the watermark", interactive=False, min_width=220)
            with gr.Accordion("Fine controls", open=False):
                temperature = gr.Slider(0, 2, value=balanced.settings.temperature, step=0.05, label="Temperature",
                                        info="Higher: bolder, stranger word choices. 0: always the likeliest.")
                top_p = gr.Slider(0.05, 1, value=balanced.settings.top_p, step=0.01, label="Top-p",
                                  info="Only pick among the likeliest words that together make up this share.")
                top_k = gr.Slider(0, 200, value=balanced.settings.top_k, step=1, label="Top-k",
                                  info="Only pick among this many likeliest words (0: no limit).")
                min_p = gr.Slider(0, 0.5, value=balanced.settings.min_p, step=0.01, label="Min-p",
                                  info="Drop words less likely than this fraction of the best one (0: off).")
                repetition_penalty = gr.Slider(1, 2, value=balanced.settings.repetition_penalty, step=0.05,
                                               label="Repetition penalty", info="Above 1: avoid repeating words.")
                max_new_tokens = gr.Slider(10, MAX_NEW_TOKENS, value=200, step=10, label="Length (tokens)",
                                           info="A token is about three quarters of a word.")
                stop_strings = gr.Textbox("", label="Stop at", placeholder="e.g. THE END (one per line)")
                with gr.Row():  # wide enough that a phone puts the button under the box, not squeezed beside it
                    seed = seed_box(None, label="Seed (same seed, same text)", min_width=230)
                    keep_seed_button(seed, "writing-stats")
                watermark = gr.Checkbox(True, label="Watermark the text (so it can be recognised as AI-written)")
        with gr.Column(scale=3):
            output = gr.Textbox(label="Text", lines=8, max_lines=40, buttons=["copy"], elem_id="written-text",
                                autoscroll=True)
            stats = gr.Markdown(READY, label="Statistics", elem_id="writing-stats")
            gr.Markdown(f"**Made by AI.** {AI_DISCLOSURE}", elem_classes="genlab-note")
            gr.Examples(list(EXAMPLES.values()), inputs=[mode, text, theme, form, genre, characters, setting],
                        example_labels=list(EXAMPLES))  # beside the form: on a laptop's first screen
    with gr.Accordion("See the model's choices", open=False):
        gr.Markdown(CHOICES_NOTE, elem_classes="genlab-note")
        choices_text = gr.Textbox("", label="Text to read (the text above, or your own)", lines=3, max_lines=12)
        choices_given = gr.Textbox("", label="Given start", visible=False)  # set by "Use the text above"
        with gr.Row():
            use_written = gr.Button("Use the text above", size="sm")
            alternatives = gr.Slider(1, 20, value=5, step=1, label="Alternatives per token",
                                     min_width=300)  # a line of its own on a phone, not a 90 px track
            show_choices = gr.Button("Show the choices", variant="primary")
        choices_error = error_line()
        marked_text = gr.HighlightedText(label="Each token, by where it stood in the model's list", show_legend=True,
                                         color_map=CHOICE_BANDS, combine_adjacent=False,
                                         visible=False)
        choices_table = result_table("Each token and the model's top choices there", wrap=True, max_height=360,
                                     headers=["token", "probability", "top choices there"], elem_id="token-choices")
        gr.Markdown("Click a row to write on from that place with another of the model's choices.",
                    elem_classes="genlab-note")
        with gr.Row():
            picked_alternative = gr.Radio([], label="Write on from", visible=False)
            write_on = gr.Button("Write on from here", variant="primary", visible=False)
        picked_place = gr.Number(None, precision=0, visible=False)  # not a gr.State: that keeps a heartbeat open
        with gr.Accordion("As JSON", open=False, visible=False) as choices_json_fold:
            choices_json = gr.JSON(label="Tokens")
    active_adapter = gr.Textbox("", label="Adapter id", visible=False)  # the visitor's adapter id, when writing with it

    mode.change(show_mode_fields, inputs=mode, outputs=[text, theme, form, genre, characters, setting],
                api_visibility="private")
    preset.change(apply_preset, inputs=preset, outputs=[preset, temperature, top_p, top_k, min_p,
                                                        repetition_penalty], api_visibility="private")
    inputs = [mode, text, theme, form, genre, characters, setting, temperature, top_p, top_k, min_p,
              repetition_penalty, max_new_tokens, stop_strings, seed, watermark, active_adapter]
    write_triggers = (write_button.click, text.submit, theme.submit, characters.submit, setting.submit)
    writing = gr.on(write_triggers, write_text, inputs=inputs, outputs=[output, stats], api_name="write",
                    **MODEL_EVENTS)
    gr.on(write_triggers, reflect_request, inputs=[mode, text, theme, form, characters, setting],
          outputs=[mode, theme, form, characters, setting], queue=False, show_progress="hidden",
          api_visibility="private")
    continuing = continue_button.click(continue_text, inputs=max_new_tokens, outputs=[output, stats],
                                       api_visibility="private")
    regenerating = regenerate_button.click(regenerate_text, outputs=[output, stats], api_visibility="private")
    triggers = (*write_triggers, continue_button.click, regenerate_button.click)
    show_failures(writing, write_error, {output: "", stats: READY}, triggers)
    show_failures(continuing, write_error, {stats: READY}, triggers)
    show_failures(regenerating, write_error, {stats: READY}, triggers)
    use_written.click(text_to_read, inputs=output, outputs=[choices_text, choices_given], api_visibility="private",
                      queue=False)
    choosing = gr.on((show_choices.click, choices_text.submit), show_token_choices,
                     inputs=[choices_text, alternatives, choices_given],
                     outputs=[choices_json, marked_text, choices_table], api_name="token_choices", **MODEL_EVENTS)
    reveal_when_done(choosing, choices_table, marked_text, choices_json_fold)
    choices_table.select(pick_token, inputs=choices_json, outputs=[picked_alternative, write_on, picked_place],
                         api_visibility="private", queue=False)
    writing_on = write_on.click(text_up_to_choice, inputs=[choices_json, picked_place, picked_alternative],
                                outputs=[mode, text], api_visibility="private", queue=False).then(
        write_text, inputs=inputs, outputs=[output, stats], api_visibility="private", **MODEL_EVENTS)
    show_failures(writing_on, write_error, {stats: READY}, (write_on.click,))
    show_failures(choosing, choices_error, {choices_json: None, marked_text: None,
                                            choices_json_fold: gr.update(visible=False)},
                  (show_choices.click, choices_text.submit))
    writing_adapted = render_adaptation(active_adapter, inputs, [output, stats], write_text, write_error)
    for written in (writing, writing_on, writing_adapted):
        written.success(lambda: (gr.update(interactive=True),) * 3,
                        outputs=[continue_button, regenerate_button, check_button], api_visibility="private",
                        queue=False)
    handoff.send("text", check_button, _written_text, [output])
    preference_events = render_preferences([mode, text, theme, form, genre, characters, setting], active_adapter)
    # Cancel first, then say so: a streamed update already on its way must not overwrite "Stopped".
    stopping = stop_button.click(None, cancels=[writing, continuing, regenerating, writing_on, writing_adapted, *preference_events],
                                 api_visibility="private",
                                 queue=False)
    stopping.then(lambda: STOPPED, outputs=stats, api_visibility="private")


if __name__ == "__main__":
    import sys

    from apps.ui import launch_alone

    launch_alone(sys.modules[__name__])

"""The writing tab's one entry point: stream a text for a request, then record where it came from.

    for update in write(WritingRequest(mode="Poem", theme="the sea"), SamplingSettings(seed=7)):
        print(update.text)          # everything so far, prompt opening included
    update.record_id                # the audit row, once done (or stopped)

The backend comes from the settings (GENLAB_WRITING_MODEL): the embedded poet, a Hub model, or an
OpenAI-compatible server. Every finished or stopped text gets an audit row with its energy; local
models also watermark it with the suite's key (see `core.text.watermark`).
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from core.text.corpus import readable
from core.text.modes import Prompt, WritingRequest, build_prompt
from core.text.sampling import SamplingSettings

TAB = "writing"
TEXT_WATERMARK = "green-list"  # the scheme named in the audit row of a watermarked text


@dataclass(frozen=True)
class WritingUpdate:
    text: str  # the shown part of the prompt followed by everything written so far
    written: str  # only the new text
    tokens: int
    seconds: float
    first_token_s: float | None
    done: bool
    model_label: str
    backend: str
    seed: int
    watermarked: bool
    notes: tuple[str, ...] = ()
    record_id: str | None = None
    energy_joules: float | None = None

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Continuation:
    """What to continue from: the prompt used last time and the text written for it."""

    prompt: Prompt
    written: str = ""

    def extended(self) -> Prompt:
        if self.prompt.is_chat:
            return Prompt(messages=self.prompt.messages + (
                {"role": "assistant", "content": self.written},
                {"role": "user", "content": "Continue from exactly where you stopped, without repeating anything."},
            ), shown_prefix=self.prompt.shown_prefix + self.written)
        return Prompt(text=self.prompt.text + self.written, shown_prefix=self.prompt.shown_prefix + self.written,
                      speakers=self.prompt.speakers)


@dataclass
class Backend:
    writer: object
    backend: str
    model_label: str
    poet: bool
    chat: bool
    watermarks: bool
    adapter: dict | None = None  # a visitor's LoRA adapter merged in (core.text.adapters): named in provenance


def writer_available() -> bool:
    """Whether the writing tab's model can be used here: a server or Hub model, or the poet's weights on disk."""
    from core.settings import get_settings

    tab_model = get_settings().model_for(TAB)
    return tab_model.backend != "embedded" or (tab_model.local_path / "config.json").exists()


def poet_available() -> bool:
    """Whether the embedded poet's weights are on disk (the text check and the quantisation lab use it)."""
    from core.settings import PROJECT_ROOT, read_profiles

    return (PROJECT_ROOT / read_profiles()["embedded"]["tabs"][TAB]["model"] / "config.json").exists()


def current_backend() -> Backend:
    """The backend the settings name for this tab (GENLAB_WRITING_MODEL, else the profile's)."""
    from core.settings import get_settings

    return backend_for(get_settings().model_for(TAB))


def local_model_source() -> str:
    """The folder or Hub id of the tab's model, for work that loads its own copy (adapting it to a text), or a
    sentence where the model is on a text server."""
    from core.settings import get_settings

    tab_model = get_settings().model_for(TAB)
    if tab_model.backend == "openai":
        raise ValueError("The model is on a text server, which cannot be trained from here: use the built-in poet "
                         "(GENLAB_WRITING_MODEL=embedded) or a Hub model to adapt it to your text.")
    return str(tab_model.local_path) if tab_model.backend == "embedded" else tab_model.model


def backend_for(tab_model) -> Backend:
    if tab_model.backend == "openai":
        from core.text.openai_writer import OpenAIWriter, prompt_style

        writer, style = OpenAIWriter(tab_model.model), prompt_style()
        return Backend(writer, "openai", writer.endpoint_label, poet=style == "poet", chat=style == "chat",
                       watermarks=False)
    from core.text.local_writer import LocalWriter

    source = tab_model.model if tab_model.backend == "hub" else tab_model.local_path
    writer = LocalWriter.load(source, tab_model.backend)
    return Backend(writer, tab_model.backend, writer.info.model_id, poet=writer.is_poet,
                   chat=writer.has_chat_template and not writer.is_poet, watermarks=True)


def text_watermark_key() -> int:
    """The suite's text watermark key, for a backend that samples here (`Backend.watermarks`)."""
    from core.settings import get_settings
    from core.text.watermark import watermark_key

    return watermark_key(get_settings().data_dir)


def record_text(text: str, *, tab: str, backend: Backend, parameters: dict, energy, watermarked: bool):
    """The audit row of a text a language model wrote, naming the text watermark it carries, if any.

    Every model-written text the suite shows (Writing's, the Quests tab's flavour lines) goes through here."""
    from core.provenance import get_recorder

    return get_recorder().record_output(text, tab=tab, backend=backend.backend, model_id=backend.model_label,
                                        parameters=parameters, energy=energy,
                                        watermark=TEXT_WATERMARK if watermarked else None)


def trim_at_stop_strings(text: str, stop_strings: tuple[str, ...]) -> tuple[str, bool]:
    cuts = [text.find(stop) for stop in stop_strings if stop and stop in text]
    return (text[:min(cuts)], True) if cuts else (text, False)


def write(request: WritingRequest, settings: SamplingSettings, *, continuation: Continuation | None = None,
          backend: Backend | None = None) -> Iterator[WritingUpdate]:
    """Stream updates while the model writes; the last one is `done` and names its audit record."""
    from core.provenance import get_recorder

    settings.check()
    backend = backend or current_backend()
    request.check(poet=backend.poet)
    prompt = continuation.extended() if continuation else build_prompt(request, poet=backend.poet, chat=backend.chat)
    seed = settings.seed if settings.seed is not None else random.randrange(2**31)
    watermarked = settings.watermark and backend.watermarks
    notes: list[str] = []
    if settings.watermark and not backend.watermarks:
        notes.append("No watermark: the text is written by a remote server, which adds its own or none.")
    key = text_watermark_key() if watermarked else None
    cancel = threading.Event()
    recorder = get_recorder()
    written, pieces, first_token_s, finished, ended = "", 0, None, False, "stopped"
    started = time.perf_counter()

    usage: dict = {}

    def count_tokens() -> int:
        return usage.get("tokens", pieces)

    def update(done: bool, record=None, energy=None) -> WritingUpdate:
        return WritingUpdate(text=prompt.shown_prefix + written, written=written, tokens=count_tokens(),
                             seconds=time.perf_counter() - started, first_token_s=first_token_s, done=done,
                             model_label=backend.model_label, backend=backend.backend, seed=seed,
                             watermarked=watermarked, notes=tuple(notes),
                             record_id=record.id if record else None, energy_joules=energy.joules if energy else None)

    meter = recorder.meter()
    meter.__enter__()
    stream = backend.writer.stream(prompt, settings, seed=seed, watermark_key=key, cancel=cancel,
                                   line_limit=None if continuation else request.line_limit, notes=notes,
                                   usage=usage)
    stopped = False
    try:
        for piece in stream:
            if first_token_s is None:
                first_token_s = time.perf_counter() - started
            written, pieces = written + piece, pieces + 1
            if backend.poet:
                written = readable(written)  # its play corpus's Markdown escapes, never shown
            written, stopped = trim_at_stop_strings(written, settings.stop_strings)
            if request.line_limit and not continuation:
                written, complete = trim_to_line_limit(written, request.line_limit)
                if complete:
                    written = end_with_a_full_stop(without_unpaired_quotes(written))
                stopped = stopped or complete
            if stopped:
                break
            yield update(done=False)
        if not stopped and count_tokens() >= settings.max_new_tokens:
            notes.append(f"Cut at the length limit ({settings.max_new_tokens} tokens): press Continue for more, or "
                         "raise Length under Fine controls.")
        finished, ended = True, "finished"
    except GeneratorExit:  # the visitor pressed Stop, or left: what was shown so far is recorded as stopped
        raise
    except BaseException:
        ended = "failed"
        raise
    finally:
        cancel.set()
        stream.close()
        meter.__exit__(None, None, None)
        parameters = {"mode": request.mode, "theme": request.theme, "form": request.form, "genre": request.genre,
                      "characters": list(request.characters), "setting": request.setting,
                      "prompt": prompt.text or prompt.messages[-1]["content"], "seed": seed,
                      "watermark": watermarked, "stopped_early": not finished, "ended": ended,
                      **{name: value for name, value in vars(settings).items() if name not in ("seed", "watermark")}}
        parameters["stop_strings"] = list(settings.stop_strings)
        if backend.adapter:
            parameters["adapter"] = backend.adapter
        record = None
        if written.strip():
            record = record_text(prompt.shown_prefix + written, tab=TAB, backend=backend, parameters=parameters,
                                 energy=meter.result, watermarked=watermarked)
        final = update(done=True, record=record, energy=meter.result)
    if not written.strip():
        raise ValueError("The model wrote nothing this time; press Write again, or try another seed.")
    yield final


def end_with_a_full_stop(poem: str) -> str:
    """A finished poem whose last line the model left open (on a comma, a dash or a word) ends on a full stop."""
    body = re.sub(r"[\s,;:\-\u2013\u2014]+$", "", poem)
    return body + "." if body and body[-1].isalnum() else body or poem


def without_unpaired_quotes(poem: str) -> str:
    """A finished poem without the double quotation marks the model opened and never closed, or closed and never
    opened ('…all the dead?"' under a quatrain with no opening mark)."""
    unpaired, opened = [], None
    for index, mark in enumerate(poem):
        if mark not in '"\u201c\u201d':
            continue
        before = poem[index - 1] if index else " "
        opening = mark == "\u201c" or (mark == '"' and (before.isspace() or before in "([-\u2014"))
        if opening:
            if opened is not None:
                unpaired.append(opened)
            opened = index
        elif opened is None:
            unpaired.append(index)
        else:
            opened = None
    if opened is not None:
        unpaired.append(opened)
    return "".join(mark for index, mark in enumerate(poem) if index not in set(unpaired))


def trim_to_line_limit(text: str, line_limit: int) -> tuple[str, bool]:
    """`text` cut after its `line_limit`-th finished non-empty line, and whether that limit was reached.

    Stanza breaks are kept; a line counts once the model has ended it, so streamed text only grows."""
    lines, seen = text.split("\n"), 0
    for index, line in enumerate(lines[:-1]):
        seen += bool(line.strip())
        if seen == line_limit:
            return "\n".join(lines[:index + 1]), True
    return text, False

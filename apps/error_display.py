"""The suite's one error style: one plain sentence, said once, next to the button that caused it.

Every event handler the app registers is wrapped (`plain_failures`, from `apps.ui.prepare`):
- a gr.Error passes as it is (its sentence was written for people);
- a ValueError raised by the suite's own code becomes a gr.Error with its sentence;
- anything else (a library's message, a crash) becomes "Something went wrong on our side…", and the
  details go to the server's log, never to the visitor.
API and MCP callers get that sentence as a failed call. In the browser, an event given an error line
(`show_failures`) shows the sentence there, instead of in a pop-up, and clears the results it names,
so nothing stale stays on screen; Gradio's red "Error" badges over the outputs are hidden (CSS).
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections import OrderedDict

import gradio as gr

from apps.event_order import run_first
from core.errors import UNEXPECTED, raised_by_us

ERROR_CSS = """
.genlab-error, .genlab-error .prose, .genlab-error p {color: #b91c1c !important}
.dark .genlab-error, .dark .genlab-error .prose, .dark .genlab-error p {color: #fca5a5 !important}
.genlab-error:has(.prose:empty) {display: none}
.genlab-upload-error {color: #b91c1c; margin: 6px 0 0}
.dark .genlab-upload-error {color: #fca5a5}
.wrap:has(> span.error) {display: none}
"""
MAX_MESSAGE_CHARS = 300
KEPT_MESSAGES = 1000

_shown_inline: set[int] = set()  # event ids whose failures an error line shows
_messages: OrderedDict[tuple[str, int], str] = OrderedDict()  # (session, event id) -> the last failure's sentence
_messages_lock = threading.Lock()
log = logging.getLogger("genlab.errors")


def plain_message(error: BaseException) -> str:
    """A sentence cut to MAX_MESSAGE_CHARS, in case one quotes too much of the input."""
    text = str(error).strip() or "Something in the input could not be used."
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1].rstrip() + "…"


def as_plain_error(error: BaseException, title: str = "Please check your input") -> gr.Error:
    """The gr.Error a visitor or an API caller gets for `error` (see the module); `title` heads our own sentences."""
    if isinstance(error, gr.Error):
        return error
    if raised_by_us(error):
        return gr.Error(plain_message(error), title=title)
    log.error("An event failed", exc_info=error)
    return gr.Error(UNEXPECTED, title="Something went wrong")


def error_line() -> gr.Markdown:
    """Where an event's failure is said, in the tab: place it just below the button (hidden while empty)."""
    return gr.Markdown("", elem_classes="genlab-error")


def show_failures(event, line: gr.Markdown, clear: dict | None = None, triggers: tuple = ()) -> None:
    """Say `event`'s failures in `line` (see the module), reset each component of `clear` to its value, and empty
    `line` in the browser (no round trip) as soon as one of `triggers` (e.g. `button.click`) fires again."""
    clear = {component: _cleared(component, value) for component, value in (clear or {}).items()}
    event_id = event["id"]
    _shown_inline.add(event_id)

    def shown(request: gr.Request = None):
        with _messages_lock:
            message = _messages.pop((getattr(request, "session_hash", None) or "", event_id), None)
        if message is None:  # stopped by the visitor, not failed: what was shown stays
            values = (gr.skip(),) * (1 + len(clear))
        else:
            values = (f"⚠️ {message}", *clear.values())
        return values if clear else values[0]  # one output takes one value, not a 1-tuple

    event.failure(shown, None, [line, *clear], queue=False, show_progress="hidden", api_visibility="private")
    for trigger in triggers:
        run_first(trigger(None, None, line, js="() => ''", queue=False, api_visibility="private"))


def _cleared(component, value):
    """An output hidden until filled (a result table, a picture, a chart) that a failure empties is hidden again:
    no empty frame (an empty result table Gradio heads 1, 2, 3)."""
    if value is None and component.visible is False:
        return gr.update(value=None, visible=False)
    return value


def _remember(session: str | None, event_id: int, error: gr.Error) -> None:
    if event_id not in _shown_inline:
        return
    error.visible = False  # said once, in the error line, not also in a pop-up
    with _messages_lock:
        _messages[(session or "", event_id)] = error.message
        while len(_messages) > KEPT_MESSAGES:
            _messages.popitem(last=False)


def _plain(function, event_id: int):
    from apps.ui import event_session

    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def streaming(*args, **kwargs):
            try:
                yield from function(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - every failure leaves as one plain gr.Error
                plain = as_plain_error(error)
                _remember(event_session(), event_id, plain)
                raise plain from (None if plain is error else error)

        return streaming

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure leaves as one plain gr.Error
            plain = as_plain_error(error)
            _remember(event_session(), event_id, plain)
            raise plain from (None if plain is error else error)

    return wrapper


def plain_failures(blocks: gr.Blocks) -> None:
    """Wrap every event handler of `blocks` as the module says (async handlers are Gradio's own; left as they are)."""
    for event_id, block_function in blocks.fns.items():
        function = block_function.fn
        if function is None or getattr(function, "_genlab_plain", False):
            continue
        if inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function):
            continue
        wrapped = _plain(function, event_id)
        wrapped._genlab_plain = True
        if block_function.api_visibility == "public" and block_function.api_name:
            wrapped.__name__ = block_function.api_name  # an MCP tool is named after its function: same as the API
        block_function.fn = wrapped

"""What every tab shares: launch options, the theme, seed boxes, uploads, jobs followed on the page."""

from __future__ import annotations

import os
import re

import gradio as gr

from apps.error_display import ERROR_CSS, as_plain_error
from apps.event_order import run_first
from core.provenance.visitors import use_session_finder

HEAVY_EVENT_CONCURRENCY = 1  # model-backed events run one at a time per process on 2 cores
MAX_FILE_SIZE = "100mb"
# Gradio deletes the files it cached for this app (uploads, returned files) every hour once they are six
# hours old; our own per-request folders (core.inputs.scratch) go at the same age.
DELETE_CACHE = (3600, 6 * 3600)
# System fonts only: the default theme fonts come from Google Fonts, which an offline machine cannot reach.
THEME = gr.themes.Soft(
    primary_hue="indigo",
    secondary_hue="teal",
    font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
).set(  # WCAG AA on white: Soft's button (2.98:1 hovered), labels (3.63:1), hints (2.54:1), teal links
    button_primary_background_fill="*primary_600", button_primary_background_fill_hover="*primary_700",
    button_primary_background_fill_dark="*primary_600", button_primary_background_fill_hover_dark="*primary_500",
    block_label_text_color="*primary_700", block_title_text_color="*primary_700",
    block_info_text_color="*neutral_500", block_info_text_color_dark="*neutral_400",
    link_text_color="*primary_600", link_text_color_hover="*primary_700", link_text_color_visited="*primary_700",
    link_text_color_dark="*primary_300", link_text_color_hover_dark="*primary_200",
    link_text_color_visited_dark="*primary_300",
    # Soft lights a hovered option in the dark theme brighter (primary_500) than the chosen one (primary_600)
    checkbox_label_background_fill_hover_dark="*neutral_500",
)
# Plotly draws on white with dark text; in the dark theme its figures take the page's background instead.
# Gradio keeps 32 px each side of the page; a phone (12 px at 390 px) gives that width to tables, drop-downs and
# drawings. Gradio prefixes a rule inside @media with the page's container, which .main.app is outside of.
# A download's name wraps as one run of text ("generated-" / "molecules.csv"), its extension after the last line
# of the name, not beside the first (Gradio lays them out side by side; the font size 0 drops the space between).
# Pictures, charts and galleries side by side in a row go one under the other below 2 x 280 px (a phone): Gradio
# lets two 160 px halves share a phone's row, titles and legends cut.
# A gallery picture's caption sits under it, not over its bottom (Gradio's place for it). The video's frames keep
# their 4:3 shape, Art's pictures their square, and each gallery ends after its last row: at a fixed height a phone's
# one row left an empty half.
# A picture's, chart's or gallery's label sits above it, not floating over its top rows; its buttons (full screen,
# download, share) sit beside the label, not over the picture's corner (a strip of digits lost its last two); a
# gallery's "Download all" sits in a strip above its pictures, not on the top-right one.
# On a phone a table's cells take 12.5 px type and a quarter of their padding: five or six columns on the screen,
# not three or four (the rest a swipe away, as the hint above the table says).
# A hint about keys (Art's "Ctrl+Enter paints") is not shown on a phone, which has no such keys.
# Writing's token table gives its third column what the first two leave: Gradio made it as wide as the whole table's
# box, so on a phone the model's choices ran 140 px off the screen.
# A video to check is at most 260 px high, a picture 300 px (Gradio ignores a video's height, and a square picture's):
# their Check buttons stay on a laptop's first screen.
# A progress bar placed above a live status (the Lab's training) takes no frame: between two updates Gradio framed
# its empty place, an empty box under the pictures.
# A fold of details inside a text ("What the columns mean") has its arrow on the right like the suite's accordions,
# not a small underlined line that read as a link; its title sits on a panel's colour like theirs (a bare line read
# as unstyled, review 12), framed and padded to a box a finger can tap, its block's margins taking back the padding
# from the gaps around it: grown into the page, it pushed Generate below a laptop's screen (the summary's own
# margins let the block clip its frame).
# "Keep the last seed" stays on one line, level with the seed's box (its block's 10 px padding and half the 14 px
# the box is taller): it wrapped in a small box by the seed's title.
# A drawing on white, turned dark for the dark theme, lightens onto what lies under it (the card or panel's own
# colour), not a grey box of its own on the blue-grey page.
# In the dark theme a highlighted text's chips, in hex colours drawn half see-through, turn dark and take light text.
# Word pieces' chips touch, so a word's pieces read as one word and the space a piece starts with parts words
# (with Gradio's margins "fam il ies" had the same gaps inside words as between them). They flow as text, not as
# flex boxes, and a line breaks only at the space a piece starts with, so a word's pieces stay on one line
# ("neighbour" ended one line of a phone and "hood" began the next); HEAD empties Gradio's template spaces between
# the chips, which would otherwise show as gaps.
CSS = """
.genlab-note {font-size: 0.9em; opacity: 0.85}
.dark [data-testid=highlighted-text] .token .text {color: #f9fafb}
.dark [data-testid=highlighted-text] .legend-item {color: #f9fafb}
[data-testid=highlighted-text] .token.highlighted {margin: 0 !important; padding-left: 1px; padding-right: 1px}
[data-testid=highlighted-text] .textfield {display: block; white-space: nowrap; word-break: normal}
[data-testid=highlighted-text] .token-container, [data-testid=highlighted-text] .token {display: inline}
[data-testid=highlighted-text] .token .text {white-space: pre-wrap; overflow-wrap: anywhere}
[data-testid=highlighted-text] .line-break {display: block}
#art-preview img {width: 100%; height: 100%; object-fit: contain; image-rendering: pixelated}
footer {visibility: visible}
table th {word-break: normal !important; overflow-wrap: normal !important; white-space: nowrap}
table th .header.text.wrap {word-break: normal !important; overflow-wrap: normal !important}
.genlab-fitted table th, .genlab-fitted table th .header {white-space: normal; text-align: left}
.genlab-fitted table td {overflow-wrap: anywhere !important}
table td {word-break: normal !important; overflow-wrap: break-word !important}
.prose table {display: block; overflow-x: auto; max-width: 100%}
.prose details > summary {cursor: pointer; list-style: none; display: flex; justify-content: space-between;
                          gap: 8px; color: var(--body-text-color); padding: 4px 12px;
                          background: var(--block-background-fill); border-radius: var(--block-radius);
                          border: 1px solid var(--block-border-color)}
.block:has(> div > .prose > .md > details) {margin: -5px 0 !important}
.prose p + details {margin-top: 8px}
.prose details > summary::-webkit-details-marker {display: none}
.prose details > summary::after {content: "◀"; font-size: 0.8em}
.prose details[open] > summary::after {content: "▼"}
.dark .genlab-invert-dark img, .dark img.genlab-invert-dark {filter: invert(0.88) hue-rotate(180deg);
  mix-blend-mode: lighten}
.dark .genlab-invert-dark .thumbnail-item {background: var(--block-background-fill) !important}
.dark .js-plotly-plot .main-svg {background: transparent !important}
.dark .js-plotly-plot .bg {fill: transparent !important}
.dark .js-plotly-plot .annotation .bg {fill: var(--block-background-fill) !important}
.dark .js-plotly-plot .infolayer text, .dark .js-plotly-plot .xaxislayer-above text,
.dark .js-plotly-plot .yaxislayer-above text, .dark .js-plotly-plot .textpoint text,
.dark .js-plotly-plot text.bartext-outside, .dark .js-plotly-plot .overaxes-above text {fill: #e5e7eb !important}
.dark .js-plotly-plot .gridlayer path, .dark .js-plotly-plot .zerolinelayer path {stroke: #4b5563 !important}
.dark .js-plotly-plot .modebar, .dark .js-plotly-plot .modebar-group {background: transparent !important}
.dark .js-plotly-plot .modebar-btn path {fill: #9ca3af !important}
@media (max-width: 640px) {.js-plotly-plot .modebar-container {display: none !important}}
input[type=checkbox] {border: 1.5px solid #6b7280 !important}
.dark input[type=range]::-webkit-slider-runnable-track {background: linear-gradient(to right, var(--slider-color)
  var(--range_progress), var(--neutral-600) var(--range_progress)) !important}
.dark input[type=range]::-moz-range-track {background: var(--neutral-600) !important}
.dark .prose blockquote {border-left-color: var(--neutral-500) !important}
.prose table[data-genlab-wider] {box-shadow: inset -14px 0 10px -10px rgba(120, 120, 120, 0.8)}
@media (max-width: 640px) {.prose table td, .prose table th {min-width: 6.5em}}
[data-testid=status-tracker]:has(.progress-bar-wrap) .progress-text {display: none !important}
.progress-level-inner {font-family: var(--font) !important}
button.genlab-keep-seed {white-space: nowrap; align-self: flex-end; margin-bottom: 17px !important;
  padding-left: 12px !important; padding-right: 12px !important}
.label-wrap {text-align: left; gap: 8px; align-items: center}
.secondary-wrap {min-width: 0 !important}
.secondary-wrap input {padding-right: 2.5rem !important; text-overflow: ellipsis; min-width: 0}
.genlab-progress-above > [data-testid=status-tracker]:not(.hide) {position: relative !important; min-height: 72px;
  margin-bottom: 8px; background: transparent !important}
.genlab-progress-above > .pending {opacity: 1 !important}
.genlab-progress-above > [data-testid=status-tracker] {border: none !important; animation: none !important}
@media (max-width: 480px) {.min_value, .max_value {display: inline !important; flex-shrink: 0}
  input[type=range] {min-width: 0}}
.genlab-download td.download {min-width: 0 !important; width: auto !important}
.filename {display: block !important; font-size: 0 !important}
.filename .stem, .filename .ext {display: inline !important; font-size: var(--text-md) !important;
  white-space: normal !important; overflow-wrap: anywhere}
@media (max-width: 640px) {.grid-container {grid-template-columns: repeat(auto-fill, minmax(64px, 1fr)) !important}
  .genlab-two-a-row .grid-container {grid-template-columns: repeat(2, 1fr) !important}}
.thumbnail-item:has(> .caption-label) {display: flex !important; flex-direction: column; align-items: stretch}
.thumbnail-item:has(> .caption-label) > img {flex: 1 1 0; min-height: 0; width: 100%}
.thumbnail-item > .caption-label {position: static !important; transform: none !important; max-width: none !important;
  margin: 0; padding: 2px 0; border-radius: 0; background: var(--block-background-fill); text-align: center}
.genlab-download .label-clear-button {display: none !important}
.genlab-fit-rows .grid-wrap {height: auto !important; max-height: none !important; min-height: 0 !important}
.genlab-fit-rows .grid-container {grid-auto-rows: auto !important}
.genlab-fit-rows .thumbnail-item, .genlab-fit-rows .gallery-item {height: auto !important; min-height: 0 !important}
#video-frames .thumbnail-item, #video-frames .gallery-item {aspect-ratio: auto !important}
#video-frames .thumbnail-item > img {aspect-ratio: 4 / 3; height: auto !important; flex: none}
#art-gallery .thumbnail-item {aspect-ratio: 1 / 1 !important}
#video-to-check video {max-height: 260px}
#picture-to-check img {max-height: 300px; object-fit: contain}
.grid-wrap:has(> .icon-button-wrapper.top-panel) {padding-top: 36px !important}
#token-choices table {width: 100% !important}
#token-choices th:nth-child(3), #token-choices td:nth-child(3) {width: auto !important; min-width: 0 !important;
  max-width: none !important; white-space: normal !important}
@media (max-width: 640px), (hover: none) {.genlab-keyboard-hint .info-text {display: none}}
@media (max-width: 640px) {.table-wrap td, .table-wrap th {padding: 1px !important}
  .table-wrap .cell-wrap {padding: 3px 4px !important; font-size: 12.5px !important}}
.row > .block:has(> label[data-testid=block-label].float) {min-width: min(280px, 100%) !important}
label[data-testid=block-label].float {position: static !important; margin-bottom: 4px}
.block:has(> label[data-testid=block-label].float) {height: auto !important}
.block:has(.icon-button-wrapper) label[data-testid=block-label].float {max-width: calc(100% - 110px)}
.block:has(> .icon-button-wrapper.top-panel) > label[data-testid=block-label]:not(.float) {max-width: calc(100% - 36px)}
.block:has(> label[data-testid=block-label].float) .icon-button-wrapper.top-panel {top: -36px !important}
.main.app {padding-left: clamp(12px, calc(8vw - 20px), 32px) !important;
  padding-right: clamp(12px, calc(8vw - 20px), 32px) !important}
.table-container[data-genlab-wider]::before {content: "More columns to the right: scroll or swipe the table sideways\\00a0→";
  display: block; font-size: 0.85em; opacity: 0.8; margin: 0 0 4px 2px}
"""


def seed_box(value: int | None = 0, label: str = "Seed", **options) -> gr.Textbox:
    """A seed field: empty (None) or -1 for a random seed, else the number shown. A text box, not gr.Number: Gradio's
    number box shows and sends 0 for an empty value, which would fix every "random" seed at 0. Whatever is typed
    reaches the handler untouched, for `core.inputs.numbers.resolve_seed` to take 0 to 4,294,967,295, or empty or
    -1 for a random seed, and to answer anything else in a sentence."""
    options.setdefault("info", RANDOM_SEED_INFO if value is None else FIXED_SEED_INFO)
    return gr.Textbox("" if value is None else str(value), label=label, placeholder="random", max_lines=1, **options)


RANDOM_SEED_INFO = "Empty: a new one each run (shown with the result). A number repeats a result."
FIXED_SEED_INFO = "The same number repeats a result; empty for a new one each run."


def keep_seed_button(seed: gr.Textbox, status_id: str) -> gr.Button:
    """A button that puts the seed of the last run, as the status line with elem_id `status_id` shows it
    ("seed 1234"), into `seed`, so the next run repeats it; the browser does it, with no call to the server."""
    keep = gr.Button("Keep the last seed", size="sm", min_width=124, scale=0, elem_classes="genlab-keep-seed")
    keep.click(None, seed, seed, api_visibility="private", queue=False,
               js=f"(current) => {{ const shown = document.querySelector('#{status_id}')?.innerText ?? ''; "
                  r"const found = shown.match(/seed (\d+)/i); return found ? found[1] : current; }")
    return keep


def picture_upload(**options) -> gr.Image:
    """A picture upload whose file reaches the handler as a path, undecoded: the handler reads it with the
    suite's bounded reader (core.inputs.pictures), which answers empty, damaged, renamed or oversized files
    in a sentence. Gradio's own preprocessing would open it first and fail in its own words. (An instance's
    method, not a subclass: Gradio writes a .pyi stub beside any module that defines a component class.)"""
    image = gr.Image(type="filepath", image_mode=None, **options)
    decode = image.preprocess

    def undecoded_path(payload):
        if payload is None:
            return None
        if payload.path is None:  # a data: URL from the browser: Gradio writes it to a file
            return decode(payload)
        return str(payload.path)

    image.preprocess = undecoded_path
    return image


def follow_job(job, progress=None, clock: bool = True):
    """Yield each update of a core.jobs job (at least every half second), shown on Gradio's `progress` with the
    time since the visitor pressed the button (`elapsed_words`; `clock=False` for a job whose messages carry
    their own, such as "12 of 30 s"). Gradio's own timer restarts at every yield, so it read "0.2s" after minutes;
    the style sheet hides it where a progress bar shows.

    A handler that yields these to the page is closed by Gradio when the visitor presses Stop, closes
    the tab or loses the connection; the job is then cancelled, which frees its CPU at once."""
    import time

    started, finished = time.monotonic(), False
    try:
        for update in job.updates():
            if progress is not None:
                clocked = f" · {elapsed_words(time.monotonic() - started)}" if clock else ""
                progress(update.fraction, desc=f"{update.message}{clocked}")
            yield update
        finished = True
    finally:
        if not finished:
            job.cancel()


def elapsed_words(seconds: float) -> str:
    """"4 s", "1 min 05 s": the time a job has taken so far, as its progress line shows it."""
    whole = int(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60} min {whole % 60:02d} s"


def job_outcome(job, stopped: str = "Stopped. Press the button again to start again."):
    """The finished job's result; its ValueError, a stop or a crash as one plain gr.Error sentence."""
    from core.jobs import JobCancelled, JobFailed

    try:
        return job.result()
    except ValueError as error:
        raise as_plain_error(error) from error
    except JobCancelled as error:
        raise gr.Error(stopped, title="Stopped") from error
    except JobFailed as error:
        raise gr.Error("The work stopped unexpectedly. Try again, perhaps with a smaller setting.",
                       title="Something went wrong") from error


def result_table(label: str, **options) -> gr.Dataframe:
    """A read-only table of results, hidden until `reveal_when_done` shows it: empty, Gradio heads it 1, 2, 3."""
    return gr.Dataframe(label=label, interactive=False, visible=False, **options)


def download_box(label: str, **options) -> gr.File:
    """Files the visitor downloads: not an upload, and with no × to take a file away (Gradio draws one beside each
    of several files, whatever `interactive` says)."""
    options["elem_classes"] = [*_classes(options.get("elem_classes")), "genlab-download"]
    return gr.File(label=label, interactive=False, **options)


def picture_gallery(label: str, fit_rows: bool = False, **options) -> gr.Gallery:
    """A gallery that shows each picture whole; Gradio would crop to squares and stretch a lone picture. With
    `fit_rows` it ends after its last row of pictures instead of keeping a fixed height."""
    if fit_rows:
        options["elem_classes"] = [*_classes(options.get("elem_classes")), "genlab-fit-rows"]
    return gr.Gallery(label=label, fit_columns=False, object_fit="contain", **options)


def reveal_when_started(triggers: tuple, shown: list, hidden: list = ()) -> None:
    """Show `shown` (outputs kept hidden until then: the frames a job fills as it goes) and hide `hidden` (what
    only its end fills) as soon as one of `triggers` (e.g. `button.click`) fires, not when the job ends."""
    updates = [gr.update(visible=True)] * len(shown) + [gr.update(visible=False)] * len(hidden)
    for trigger in triggers:
        run_first(trigger(lambda: _one_or_each(updates), outputs=[*shown, *hidden], api_visibility="private",
                          queue=False))


def _one_or_each(updates: list):
    """Updates as an event returns them: one output takes its update alone, several a list."""
    return updates if len(updates) > 1 else updates[0]


def _classes(elem_classes: str | list[str] | None) -> list[str]:
    return [elem_classes] if isinstance(elem_classes, str) else list(elem_classes or [])


def reveal_when_done(event, *components: gr.Dataframe | gr.File | gr.Accordion | gr.Image | gr.Plot,
                     hide_when_empty: bool = False) -> None:
    """Show each of `components` (a `result_table`, or any other output kept hidden until then: a download box, a
    fold of details, a picture) once `event` has filled it, a table's columns fitted to a laptop's page when they
    would be wider (`fitted_column_widths`), or kept hidden with no rows (or no value) when `hide_when_empty`; API
    callers still get the plain table."""
    tables = [component for component in components if isinstance(component, gr.Dataframe)]
    others = [component for component in components if not isinstance(component, gr.Dataframe)]
    for table in tables:
        event.success(lambda frame: revealed_table(frame, hide_when_empty), inputs=table, outputs=table,
                      api_visibility="private", queue=False)
    if not others:
        return
    if hide_when_empty:  # all in one event, each shown when it has a value
        event.success(lambda *values: _one_or_each([gr.update(visible=value not in (None, [])) for value in values]),
                      inputs=others, outputs=others, api_visibility="private", queue=False)
    else:  # a fold of details has no value to send: shown without one
        event.success(lambda: _one_or_each([gr.update(visible=True)] * len(others)), outputs=others,
                      api_visibility="private", queue=False)


def revealed_table(frame, hide_when_empty: bool = False) -> dict:
    """The update that shows a filled `result_table`: fitted and wrapping where it would be wider than a
    laptop's page (cells cut to "…" otherwise), hidden when `hide_when_empty` and it has no rows."""
    if hide_when_empty and (frame is None or len(frame) == 0):
        return gr.update(visible=False)
    widths = fitted_column_widths(frame)
    if not widths:
        return gr.update(visible=True, column_widths=[], elem_classes=[])
    return gr.update(visible=True, column_widths=widths, elem_classes=["genlab-fitted"], wrap=True)


TABLE_PAGE_PX = 1200  # a table's width on a 1280 px page
TABLE_CHARACTER_PX = 8.5  # Gradio's table font, 14 px monospace, plus a little
TABLE_CELL_PADDING_PX = 20
TABLE_COLUMN_MOST_PX = 360
TABLE_LINE_LEAST_CHARACTERS = 12  # a wrapped column's line


def fitted_column_widths(frame, page_px: int = TABLE_PAGE_PX) -> list[str]:
    """Column widths in pixels that fit `frame` into `page_px`, wrapping long cells, or [] (Gradio's own
    widths, each column as wide as its longest cell) where those fit already or where the columns' longest
    words alone are wider (the table then scrolls sideways, its cells whole). As a browser lays out a
    table: every column keeps room for its longest word, and the room left goes to the columns in
    proportion to how much more their longest cell wants (at most TABLE_COLUMN_MOST_PX). A column of text keeps
    room for TABLE_LINE_LEAST_CHARACTERS a line where it wraps (at 8, the anonymiser's notes stood a word to a line).
    A "/" or a "-" before anything but a digit ends a word here, as a browser breaks a line there (a fitted table's
    cells may break there): a Hub model's id in the audit log ("stabilityai/stable-diffusion-xl-base-1.0") counted
    as one word and made it scroll sideways. A date's "2026-12-07" stays one word, as a browser keeps it (counted
    as three, its column was cut to "2026-12-" / "07")."""
    if frame is None or len(frame.columns) == 0:
        return []

    def px(characters: int) -> float:
        return characters * TABLE_CHARACTER_PX + TABLE_CELL_PADDING_PX

    longest_word, longest_cell = [], []
    for position, heading in enumerate(frame.columns):
        texts = [str(value) for value in frame.iloc[:, position].tolist()]
        words = [len(word) for text in texts + [str(heading)]
                 for word in re.split(r"(?<=/)|(?<=-)(?!\d)|\s+", text) if word] or [1]
        characters = max(map(len, texts + [str(heading)]))
        least = px(TABLE_LINE_LEAST_CHARACTERS) if characters >= 2 * TABLE_LINE_LEAST_CHARACTERS else 0  # text
        longest_word.append(max(min(px(max(words)), TABLE_COLUMN_MOST_PX), least))
        longest_cell.append(max(longest_word[-1], min(px(characters), TABLE_COLUMN_MOST_PX)))
    if sum(longest_cell) <= page_px or sum(longest_word) >= page_px:  # fits, or cannot: it scrolls sideways
        return []
    room = page_px - sum(longest_word)
    wants = [cell - word for cell, word in zip(longest_cell, longest_word)]
    share = room / sum(wants) if sum(wants) else 0.0
    return [f"{int(word + want * share)}px" for word, want in zip(longest_word, wants)]


def session_key(request: gr.Request | None) -> str:
    """The browser session an event comes from ("api" for callers without one), to keep per-session state."""
    return getattr(request, "session_hash", None) or "api"


def event_session() -> str | None:
    """The session of the Gradio event being served, or None outside one.

    Gradio sets the event's request in a context variable before it calls a handler, and before each
    step of a streaming one, in the worker thread it runs on; the work a handler hands to other threads
    through core.torch_thread carries the context along. So the audit row of anything generated while
    serving an event names that event's session, whichever handler or core function records it."""
    from gradio.context import LocalContext

    return getattr(LocalContext.request.get(None), "session_hash", None)


use_session_finder(event_session)


def run_history_enabled() -> bool:
    """Whether Gradio keeps each visitor's runs (inputs and outputs) in their browser: only when the operator
    sets GENLAB_RUN_HISTORY=1, since the visitor is not asked."""
    return os.environ.get("GENLAB_RUN_HISTORY", "").strip().lower() in ("1", "true", "yes", "on")


def live_run_history() -> bool:
    """Whether the app serving the current event keeps run history (as launched), else what launch would set."""
    from gradio.context import LocalContext

    blocks = LocalContext.blocks.get(None)
    launched = getattr(blocks, "run_history", None) if getattr(blocks, "is_running", False) else None
    return run_history_enabled() if launched is None else bool(launched)


# In the browser, with no call to the server:
# - Ctrl+Enter (Cmd+Enter on a Mac) in a multi-line box runs the tab's main action, as Shift+Enter does in Gradio
#   (whose text box listens to keypress);
# - a table wider than its box (most tables on a phone) gets a line above it saying it scrolls sideways;
# - a small file's size reads "1,014 bytes", not Gradio's "1014.0 B";
# - deep links: /?tab=art opens the Art tab, /?tab=molecules/optimise a sub-tab (tabs made with `tab_id`), links
#   to ?tab=... inside the page open their tab without reloading, and the address follows the visitor's tab; a
#   status line's "see its audit record" (?tab=ethics/transparency&record=<id>) searches the log for that record;
# - a file of the wrong kind dropped or chosen on any upload is answered by one sentence under it ("“notes.txt” is
#   not a picture: choose a PNG..."), instead of Gradio's pop-up "Invalid file type: notes.txt. Only image/*".
HEAD = """<script>
function genlabAccepted(file, kinds) {  // as Gradio decides: by extension, or by a "kind/*" MIME type
  if (!kinds.length || kinds.includes("*") || kinds.includes("file/*")) return true;
  const name = file.name.toLowerCase();
  return kinds.some((kind) => kind.startsWith(".") ? name.length > kind.length && name.endsWith(kind)
                                                   : kind.endsWith("/*") && file.type.startsWith(kind.slice(0, -1)));
}
function genlabWanted(kinds) {
  if (kinds.includes("image/*")) return "is not a picture: choose a PNG, JPEG, WebP, GIF, TIFF or BMP file.";
  if (kinds.includes("video/*")) return "is not a video: choose an MP4 or WebM file.";
  const names = [...new Set(kinds.filter((kind) => kind.startsWith(".")))];
  const list = names.length > 1 ? names.slice(0, -1).join(", ") + " or " + names[names.length - 1] : names[0];
  return `is not a file this box takes: choose a ${list} file.`;
}
function genlabCheckUpload(event, files) {
  const block = event.target.closest && event.target.closest(".block");
  const input = block && block.querySelector("input[type=file]");
  if (!input || !files || !files.length) return;
  const kinds = (input.getAttribute("accept") || "").split(",").map((kind) => kind.trim().toLowerCase())
    .filter(Boolean);
  const next = block.nextElementSibling;
  let note = next && next.classList.contains("genlab-upload-error") ? next : null;
  const wrong = Array.from(files).find((file) => !genlabAccepted(file, kinds));
  if (!wrong) {
    if (note) note.remove();
    return;
  }
  event.preventDefault();
  event.stopImmediatePropagation();
  if (event.type === "drop") event.target.dispatchEvent(new DragEvent("dragleave", {bubbles: true}));
  if (!note) {
    note = document.createElement("p");
    note.className = "genlab-upload-error";
    note.setAttribute("role", "alert");
    block.insertAdjacentElement("afterend", note);
  }
  note.textContent = `\u201c${wrong.name}\u201d ${genlabWanted(kinds)}`;
}
document.addEventListener("drop", (event) => genlabCheckUpload(event, event.dataTransfer && event.dataTransfer.files), true);
document.addEventListener("change", (event) => {
  if (event.target.type === "file") genlabCheckUpload(event, event.target.files);
}, true);
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.shiftKey && event.target.tagName === "TEXTAREA") {
    event.preventDefault();
    event.stopPropagation();
    event.target.dispatchEvent(new KeyboardEvent("keypress", {key: "Enter", shiftKey: true, bubbles: true}));
  }
}, true);
function genlabOpenTab(path) {
  const parts = (path || "").split("/").filter(Boolean);
  let id = "tab";
  for (const part of parts) {
    id += "-" + part;
    const button = document.getElementById(id + "-button");
    if (!button) return false;
    if (!button.classList.contains("selected")) button.click();
  }
  return parts.length > 0;
}
function genlabSearchRecord(record) {  // "see its audit record": the log, searched for that record's id, once its
  let tries = 0;                        // tab has settled and the box keeps what is typed into it
  const timer = setInterval(() => {
    const box = document.querySelector("#audit-log-contains textarea, #audit-log-contains input");
    const search = document.getElementById("audit-log-search");
    if (++tries > 100) clearInterval(timer);
    if (!box || !search || !box.offsetParent) return;
    if (box.value !== record) {
      box.value = record;
      box.dispatchEvent(new Event("input", {bubbles: true}));
    } else if (tries > 3) {
      clearInterval(timer);
      search.click();
    }
  }, 150);
}
let genlabTabTimer = null;
function genlabOpenTabSoon(path, then) {  // tabs appear as their parents open, and may select their default once
  clearInterval(genlabTabTimer);          // drawn; `then` runs once the path has stayed open for a second
  let tries = 0, settled = 0;
  genlabTabTimer = setInterval(() => {
    settled = genlabOpenTab(path) ? settled + 1 : 0;
    if (settled >= 10 || ++tries > 150) {
      clearInterval(genlabTabTimer);
      if (settled >= 10 && then) then();
    }
  }, 100);
}
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="?tab="]');
  if (link) {
    event.preventDefault();
    const query = new URLSearchParams(link.getAttribute("href").slice(1));
    const path = query.get("tab");
    history.pushState(null, "", "?tab=" + path);
    genlabOpenTabSoon(path, query.get("record") ? () => genlabSearchRecord(query.get("record")) : null);
    window.scrollTo({top: 0, behavior: "smooth"});
    return;
  }
  const button = event.target.closest && event.target.closest('button[role="tab"][id^="tab-"]');
  if (button) {
    if (event.isTrusted) clearInterval(genlabTabTimer);  // the visitor's own choice wins over a link's
    const path = button.id.slice(4, -7).split("-").join("/");
    const url = new URL(location.href);
    url.searchParams.set("tab", path);
    history.replaceState(null, "", url.search);
  }
}, true);
setInterval(() => {  // a table wider than its box says so above it: on a phone most tables scroll sideways
  for (const viewport of document.querySelectorAll(".table-wrap .virtual-table-viewport")) {
    const container = viewport.closest(".table-container");
    const wider = viewport.scrollWidth > viewport.clientWidth + 4;
    if (container && container.hasAttribute("data-genlab-wider") !== wider) {
      container.toggleAttribute("data-genlab-wider", wider);
    }
  }
  for (const table of document.querySelectorAll(".prose table")) {  // Markdown tables: a shadow at the cut edge
    const wider = table.scrollWidth > table.clientWidth + 4;
    if (table.hasAttribute("data-genlab-wider") !== wider) table.toggleAttribute("data-genlab-wider", wider);
  }
  for (const cell of document.querySelectorAll("td.download")) {  // Gradio writes a small file as "1014.0 B"
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const plain = node.nodeValue.replace(/\\b(\\d+)\\.0[\\s\\u00a0]B\\b/, (_, bytes) => Number(bytes).toLocaleString("en") + " bytes");
      if (plain !== node.nodeValue) node.nodeValue = plain;
    }
  }
}, 700);
new MutationObserver(() => {  // a progress line reads "Training: 10 of 30 s" over its bar, not "… - 33.3%" beside it
  for (const line of document.querySelectorAll(".progress-level-inner")) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (/^\\s*(-|\\d+(\\.\\d+)?%)\\s*$/.test(node.nodeValue)) node.nodeValue = "";
    }
  }
}).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
new MutationObserver((changes) => {  // a highlighted text's chips: Gradio's template spaces between them emptied
  const fields = new Set(), strip = "[data-testid=highlighted-text] .textfield";
  for (const change of changes) {
    const inside = change.target.closest && change.target.closest(strip);
    if (inside) fields.add(inside);
    for (const node of change.addedNodes) {
      if (node.querySelectorAll) node.querySelectorAll(strip).forEach((field) => fields.add(field));
    }
  }
  for (const field of fields) {
    const walker = document.createTreeWalker(field, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const template = !node.parentElement.classList.contains("text");  // a piece's own text stays
      if (template && node.nodeValue && !node.nodeValue.trim()) node.nodeValue = "";
    }
  }
}).observe(document.documentElement, {childList: true, subtree: true});
window.addEventListener("popstate", () => genlabOpenTabSoon(new URLSearchParams(location.search).get("tab")));
if (new URLSearchParams(location.search).get("tab")) {  // Gradio may add this script after the page has loaded
  genlabOpenTabSoon(new URLSearchParams(location.search).get("tab"));
}
</script>"""


AUDIT_LOG_LINK = "?tab=ethics/transparency"


def audit_record(record_id: str, words: str = "See its audit record") -> str:
    """A record as a status line names it: words that link to the audit log searched for the record's id (the id
    is in the link, for a program reading the line, not in the sentence a person reads)."""
    return f"[{words}]({AUDIT_LOG_LINK}&record={record_id})"


def tab_id(tab: str, sub: str) -> dict:
    """The options that make a sub-tab reachable by a deep link, /?tab=<tab>/<sub>: gr.Tab(title, **tab_id(...))."""
    return {"id": sub, "elem_id": f"tab-{tab}-{sub}"}


def mcp_server_enabled() -> bool:
    """Whether the app also serves every public endpoint as an MCP tool, at /gradio_api/mcp/: yes, unless the
    operator turns it off with Gradio's own switch, GRADIO_MCP_SERVER=False."""
    return os.environ.get("GRADIO_MCP_SERVER", "true").strip().lower() not in ("0", "false", "no", "off")


def launch_options(port: int | None = None) -> dict:
    """Keyword arguments for `Blocks.launch` used by the suite and by each tab launched alone."""
    from apps.about import CARDS_CSS

    return {
        "server_name": os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        "server_port": port,
        "max_file_size": MAX_FILE_SIZE,
        "theme": THEME,
        "css": CSS + ERROR_CSS + CARDS_CSS,
        "head": HEAD,
        "footer_links": ["api", "gradio", "settings"] + (["runs"] if run_history_enabled() else []),
        "show_error": False,  # a gr.Error's sentence is still shown; a library's words never are
        "run_history": run_history_enabled(),
        "mcp_server": mcp_server_enabled(),
    }


def prepare(blocks: gr.Blocks) -> gr.Blocks:
    """Queue on, in fair lanes with a bounded wait list (apps.fair_queue)."""
    from apps import fair_queue, gradio_patches
    from apps.error_display import plain_failures

    gradio_patches.apply()
    blocks.queue(default_concurrency_limit=fair_queue.LIGHT_CONCURRENCY, max_size=None)
    fair_queue.install(blocks)
    fair_queue.run_model_lane_apart(blocks)
    guard_inputs(blocks)
    plain_failures(blocks)
    return blocks


def guard_inputs(blocks: gr.Blocks) -> None:
    """Make every input component answer a value it cannot take in one short sentence naming its field.

    Gradio's own preprocessing answers an API caller's empty slider, out-of-range number or unknown choice
    with its wording ("Could not preprocess input component at index 3 …", or the whole value quoted back);
    each component's preprocess is wrapped, on the instance, to say it plainly instead."""
    for block in list(blocks.blocks.values()):
        if isinstance(block, (gr.Number, gr.Slider, gr.Dropdown, gr.Radio, gr.CheckboxGroup)):
            block.preprocess = _guarded(block, block.preprocess)


def _guarded(block, preprocess):
    from core.inputs.text import excerpt

    name = str(getattr(block, "label", None) or "this field").split(" (")[0]

    def guarded_preprocess(payload):
        try:
            return preprocess(payload)
        except Exception as error:
            if isinstance(block, (gr.Number, gr.Slider)):
                low, high = getattr(block, "minimum", None), getattr(block, "maximum", None)
                bounds = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
                number = isinstance(payload, (int, float)) and not isinstance(payload, bool) and payload == payload
                shown = "nothing" if payload is None else excerpt(f"{payload:g}" if number else f"'{payload}'", 26)
                message = f"{name} must be {'' if number else 'a number '}{bounds.strip()}; {shown} is not." \
                    if bounds else f"{name} must be a number; {shown} is not."
            else:
                choices = [str(value) for _, value in getattr(block, "choices", [])][:8]
                message = (f"'{excerpt(payload)}' is not one of the choices for {name}"
                           + (f": {', '.join(excerpt(c, 30) for c in choices)}." if choices else "."))
            raise gr.Error(message, title="Please check your input") from error

    return guarded_preprocess


def launch_alone(module) -> None:
    """Serve one tab module by itself (`python -m apps.<tab>`), for development."""
    from core.settings import get_settings

    from apps import handoff

    with gr.Blocks(title=f"Genlab: {module.TITLE}", delete_cache=DELETE_CACHE) as blocks:
        module.render()
        handoff.connect()
    prepare(blocks).launch(**launch_options(get_settings().port))

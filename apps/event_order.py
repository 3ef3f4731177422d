"""The order in which a trigger's handlers run in the visitor's page.

Gradio's page runs the handlers of one trigger (a button's click) one after another, in the order they were
made, and waits for each to finish before starting the next; a queued job's handler finishes only when the job
does. A handler made after the job's (an error line emptied, a frame shown) therefore waited for the whole job:
the last error stayed beside a new run until it ended. `run_first` moves such a handler ahead of the others
in the Blocks' handlers (`BlocksConfig.fns`, the order in which Gradio 6.31 writes them into the page), so it
acts at once.
"""

from __future__ import annotations

from gradio.context import get_blocks_context


def run_first(handler) -> None:
    """Make `handler` (a Dependency from `button.click(...)` inside the Blocks being built) the first of its
    trigger's handlers to run."""
    handlers = get_blocks_context().fns
    handler_id = handler["id"]
    others = {key: value for key, value in handlers.items() if key != handler_id}
    first = handlers[handler_id]
    handlers.clear()  # the same dictionary, which the Blocks and its config share
    handlers.update({handler_id: first, **others})
